/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_demo.c - tipsom demo: fills an empty store with the fictional
 * agencies, users, people and cases of data/demo.json (embedded at build
 * time), through the same core calls as every other command, in one
 * transaction.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/agency.h"
#include "core/counselling.h"
#include "core/awareness.h"
#include "core/case.h"
#include "core/cooperation.h"
#include "core/intake.h"
#include "core/legal.h"
#include "core/links.h"
#include "core/person.h"
#include "core/programme.h"
#include "core/provider.h"
#include "core/referral.h"
#include "core/screening.h"
#include "core/steps.h"
#include "store/store.h"
#include "base/banned.h"

extern const struct embedded_file demo_data[];

#define DEMO_MAX_PERSONS	256

struct demo {
	struct cli	*c;
	json_t		*root;
	const char	*keys[DEMO_MAX_PERSONS];
	int64_t		 ids[DEMO_MAX_PERSONS];
	size_t		 n_persons;
	json_t		*out;		/* what was created, for printing */
};

static const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A JSON array of strings as a C array in the arena. */
static size_t
jstrings(struct cli *c, const json_t *o, const char *key,
    const char *const **out)
{
	json_t *a = json_object_get(o, key);
	const char **list;
	size_t n = json_array_size(a);

	list = arena_array(c->ctx.arena, n + 1, sizeof(*list));
	for (size_t i = 0; i < n; i++)
		list[i] = json_string_value(json_array_get(a, i));
	*out = list;
	return n;
}

static int
act_as(struct demo *d, const json_t *o, struct err *err)
{
	const char *who = jstr(o, "as");

	return ctx_act_as(&d->c->ctx, who ? who : "", err);
}

static int
load_agencies(struct demo *d, struct err *err)
{
	size_t i;
	json_t *a;

	json_array_foreach(json_object_get(d->root, "agencies"), i, a) {
		struct agency_input in = { jstr(a, "code"), jstr(a, "name"),
		    jstr(a, "kind") };
		struct agency_row row;

		if (agency_add(&d->c->ctx, &in, &row, err) == -1)
			return -1;
		json_array_append_new(json_object_get(d->out, "agencies"),
		    json_pack("{s:s, s:s}", "code", row.code, "name",
		    row.name));
	}
	return 0;
}

static int
load_users(struct demo *d, struct err *err)
{
	size_t i;
	json_t *u;

	json_array_foreach(json_object_get(d->root, "users"), i, u) {
		struct user_input in = { jstr(u, "agency"),
		    jstr(u, "username"), jstr(u, "full_name"),
		    jstr(u, "role"), jstr(u, "password") };
		struct user_row row;

		if (user_add(&d->c->ctx, &in, &row, err) == -1)
			return -1;
		json_array_append_new(json_object_get(d->out, "users"),
		    json_pack("{s:s, s:s, s:s, s:s}", "username",
		    row.username, "agency", row.agency_code, "role",
		    role_name(row.role), "password", in.password));
		/* The first user is the admin, who adds the rest. */
		if (i == 0 && ctx_act_as(&d->c->ctx, row.username, err) == -1)
			return -1;
	}
	return 0;
}

/* The referral directory, added by the administrator. */
static int
load_providers(struct demo *d, struct err *err)
{
	size_t i;
	json_t *p, *active, *capacity;

	json_array_foreach(json_object_get(d->root, "providers"), i, p) {
		struct provider_input in = {
			.code = jstr(p, "code"), .name = jstr(p, "name"),
			.agency = jstr(p, "agency"),
			.region = jstr(p, "region"),
			.contact = jstr(p, "contact"), .capacity = -1,
			.active = 1,
		};
		struct provider_row row;

		in.n_services = jstrings(d->c, p, "services", &in.services);
		in.n_accepts = jstrings(d->c, p, "accepts", &in.accepts);
		in.n_languages = jstrings(d->c, p, "languages",
		    &in.languages);
		if ((capacity = json_object_get(p, "capacity")))
			in.capacity = json_integer_value(capacity);
		if ((active = json_object_get(p, "active")))
			in.active = json_is_true(active);
		if (provider_add(&d->c->ctx, &in, &row, err) == -1)
			return -1;
	}
	return 0;
}

static int
load_persons(struct demo *d, struct err *err)
{
	size_t i, j;
	json_t *p, *x;

	json_array_foreach(json_object_get(d->root, "persons"), i, p) {
		struct person_input in = {
			.given = jstr(p, "given"), .father = jstr(p, "father"),
			.grandfather = jstr(p, "grandfather"),
			.family = jstr(p, "family"), .sex = jstr(p, "sex"),
			.born = jstr(p, "born"),
			.born_estimated = json_is_true(json_object_get(p,
			    "born_estimated")),
		};
		json_t *docs = json_object_get(p, "documents");
		json_t *contacts = json_object_get(p, "contacts");
		struct document_input *dv;
		struct contact_input *cv;
		struct person_row row;

		if (d->n_persons == DEMO_MAX_PERSONS)
			return err_set(err, ERR_INVALID, "persons",
			    "too many demo persons: at most %d",
			    DEMO_MAX_PERSONS);
		in.n_aliases = jstrings(d->c, p, "aliases", &in.aliases);
		in.n_nationalities = jstrings(d->c, p, "nationalities",
		    &in.nationalities);
		in.n_languages = jstrings(d->c, p, "languages",
		    &in.languages);
		dv = arena_array(d->c->ctx.arena, json_array_size(docs) + 1,
		    sizeof(*dv));
		json_array_foreach(docs, j, x)
			dv[j] = (struct document_input){ jstr(x, "kind"),
			    jstr(x, "number"), jstr(x, "country"),
			    jstr(x, "expires_on") };
		cv = arena_array(d->c->ctx.arena,
		    json_array_size(contacts) + 1, sizeof(*cv));
		json_array_foreach(contacts, j, x)
			cv[j] = (struct contact_input){ jstr(x, "kind"),
			    jstr(x, "value") };
		in.documents = dv;
		in.n_documents = json_array_size(docs);
		in.contacts = cv;
		in.n_contacts = json_array_size(contacts);
		if (act_as(d, p, err) == -1 ||
		    person_add(&d->c->ctx, &in, &row, err) == -1)
			return -1;
		d->keys[d->n_persons] = jstr(p, "key");
		d->ids[d->n_persons++] = row.id;
	}
	return 0;
}

static const char *
person_id_text(struct demo *d, const char *key)
{
	for (size_t i = 0; key && i < d->n_persons; i++)
		if (d->keys[i] && strcmp(d->keys[i], key) == 0)
			return arena_printf(d->c->ctx.arena, "%" PRId64,
			    d->ids[i]);
	return "0";
}

/* One piece of SOP work on case ref, as data/demo.json gives it. */
static int
load_work_item(struct demo *d, const char *ref, const json_t *w,
    struct err *err)
{
	struct ctx *ctx = &d->c->ctx;
	struct step_event_row ev;
	struct case_fact_row fact;
	struct screening_row screening;
	struct assessment_row assessment;
	struct legal_result r;
	const json_t *v;
	char *text;
	bool promoted;
	int rc = -1;

	if (act_as(d, w, err) == -1)
		return -1;
	if (jstr(w, "do"))
		return case_step_do(ctx, ref, jstr(w, "do"), jstr(w, "note"),
		    &ev, err);
	if (jstr(w, "skip"))
		return case_step_skip(ctx, ref, jstr(w, "skip"),
		    jstr(w, "reason"), &ev, err);
	if (jstr(w, "record"))
		return case_record(ctx, &(struct fact_input){ .ref = ref,
		    .fact = jstr(w, "record"), .person_id = jstr(w, "person") ?
		    person_id_text(d, jstr(w, "person")) : NULL,
		    .step = jstr(w, "step"), .note = jstr(w, "note") }, &fact,
		    err);
	if (jstr(w, "classify"))
		return case_classify(ctx, ref, jstr(w, "classify"),
		    jstr(w, "reason"), &assessment, err);
	if ((v = json_object_get(w, "assess"))) {
		text = json_dumps(v, JSON_COMPACT);
		rc = case_assess(ctx, ref, text, strlen(text), &assessment,
		    &r, err);
	} else if ((v = json_object_get(w, "answers"))) {
		text = json_dumps(v, JSON_COMPACT);
		rc = screen_person(ctx, &(struct screen_input){ .ref = ref,
		    .person_id = person_id_text(d, jstr(w, "screen")),
		    .answers = text, .answers_len = strlen(text) }, &screening,
		    &promoted, err);
	} else {
		return err_set(err, ERR_INTERNAL, NULL, "demo work item of "
		    "case %s does nothing", ref);
	}
	free(text);
	return rc;
}

/* A referral of case ref, made, then moved on by the provider's staff. */
static int
load_referral(struct demo *d, const char *ref, const json_t *x,
    struct err *err)
{
	const json_t *consent = json_object_get(x, "consent");
	struct referral_input in = {
		.ref = ref, .person_id = person_id_text(d, jstr(x, "person")),
		.provider = jstr(x, "provider"), .service = jstr(x, "service"),
		.needs = jstr(x, "needs"), .send = true,
		.consent = {
			.explained = jstr(consent, "explained"),
			.language = jstr(consent, "language"),
			.interpreter = jstr(consent, "interpreter"),
			.given_on = jstr(consent, "given_on"),
		},
	};
	struct referral_row r;
	size_t i;
	json_t *m;

	in.consent.n_scope = jstrings(d->c, consent, "scope",
	    &in.consent.scope);
	if (act_as(d, x, err) == -1 ||
	    referral_make(&d->c->ctx, &in, &r, err) == -1)
		return -1;
	json_array_foreach(json_object_get(x, "moves"), i, m)
		if (act_as(d, m, err) == -1 || referral_move(&d->c->ctx, r.id,
		    jstr(m, "status"), jstr(m, "reason"), &r, err) == -1)
			return -1;
	return 0;
}

/* The day days_ago days before today, or NULL when key is absent: the
 * demo's requests stay as overdue whenever it is loaded. */
static const char *
days_ago(struct demo *d, const json_t *x, const char *key)
{
	json_t *n = json_object_get(x, key);
	char ts[TIMESTAMP_TEXT_SIZE];

	if (!json_is_integer(n))
		return NULL;
	date_seconds_format(date_now_seconds() - json_integer_value(n) *
	    86400, ts);
	return arena_printf(d->c->ctx.arena, "%.10s", ts);
}

/* A request for international cooperation of case ref. */
static int
load_cooperation(struct demo *d, const char *ref, const json_t *x,
    struct err *err)
{
	struct cooperation_row r;

	if (act_as(d, x, err) == -1)
		return -1;
	return cooperation_create(&d->c->ctx, &(struct cooperation_input){
	    .ref = ref, .kind = jstr(x, "kind"),
	    .direction = jstr(x, "direction"), .country = jstr(x, "country"),
	    .authority = jstr(x, "authority"),
	    .legal_basis = jstr(x, "legal_basis"),
	    .subject = jstr(x, "subject"), .our_ref = jstr(x, "our_ref"),
	    .their_ref = jstr(x, "their_ref"),
	    .sent_on = days_ago(d, x, "sent_days_ago"),
	    .due_on = days_ago(d, x, "due_days_ago") }, &r, err);
}

/* An identifier linked to case ref, or to a person of it. */
static int
load_link(struct demo *d, const char *ref, const json_t *x, struct err *err)
{
	struct link_row l;

	if (act_as(d, x, err) == -1)
		return -1;
	return links_add(&d->c->ctx, &(struct link_input){ .ref = ref,
	    .person_id = jstr(x, "person") ? person_id_text(d, jstr(x,
	    "person")) : NULL, .kind = jstr(x, "kind"),
	    .value = jstr(x, "value"), .note = jstr(x, "note") }, &l, err);
}

/* Call records of case ref, imported as a file would be: their days are
 * counted back from today, so that none is in the future. */
static int
load_calls(struct demo *d, const char *ref, const json_t *x,
    struct err *err)
{
	struct call_import_result r;
	struct buf csv = BUF_INIT(LINKS_CSV_MAX_BYTES);
	size_t i;
	json_t *row;
	int rc;

	if (!x)
		return 0;
	if (act_as(d, x, err) == -1)
		return -1;
	buf_adds(&csv, "caller,callee,time,duration\n");
	json_array_foreach(json_object_get(x, "rows"), i, row)
		buf_addf(&csv, "%s,%s,%sT%s,%lld\n", jstr(row, "caller"),
		    jstr(row, "callee"), days_ago(d, row, "days_ago"),
		    jstr(row, "at"), (long long)json_integer_value(
		    json_object_get(row, "duration")));
	rc = links_import_calls(&d->c->ctx, ref, csv.s, csv.len, &r, err);
	buf_release(&csv);
	return rc;
}

/* A smuggling case's route, ["AF", "IR", "IQ"], as the case's opener. */
static int
load_route(struct demo *d, const char *ref, const json_t *route,
    struct err *err)
{
	const char *codes[CASE_ROUTE_MAX];
	struct case_row row;
	size_t i, n = 0;
	json_t *x;

	if (!route)
		return 0;
	json_array_foreach(route, i, x)
		if (n < CASE_ROUTE_MAX)
			codes[n++] = json_string_value(x);
	return case_set_route(&d->c->ctx, ref, codes, n, &row, err);
}

static int
load_case(struct demo *d, const json_t *k, struct err *err)
{
	struct case_input in = { NULL, jstr(k, "kind"), jstr(k, "title"),
	    jstr(k, "summary"), jstr(k, "sensitivity"), jstr(k, "lead") };
	struct case_row row;
	const char *reason = jstr(k, "close_reason");
	size_t i;
	json_t *x;

	if (act_as(d, k, err) == -1 ||
	    case_open(&d->c->ctx, &in, &row, err) == -1)
		return -1;
	json_array_foreach(json_object_get(k, "people"), i, x) {
		struct case_person_input p = {
			.ref = row.ref,
			.person_id = person_id_text(d, jstr(x, "person")),
			.role = jstr(x, "role"), .age = jstr(x, "age"),
			.identified_on = jstr(x, "identified_on"),
			.presumed_child = json_is_true(json_object_get(x,
			    "presumed_child")),
			.interpreter_language = jstr(x,
			    "interpreter_language"),
		};
		struct case_person_row link;

		if (case_add_person(&d->c->ctx, &p, &link, err) == -1)
			return -1;
	}
	if (load_route(d, row.ref, json_object_get(k, "route"), err) == -1)
		return -1;
	json_array_foreach(json_object_get(k, "work"), i, x)
		if (load_work_item(d, row.ref, x, err) == -1)
			return -1;
	json_array_foreach(json_object_get(k, "referrals"), i, x)
		if (load_referral(d, row.ref, x, err) == -1)
			return -1;
	json_array_foreach(json_object_get(k, "cooperation"), i, x)
		if (load_cooperation(d, row.ref, x, err) == -1)
			return -1;
	json_array_foreach(json_object_get(k, "links"), i, x)
		if (load_link(d, row.ref, x, err) == -1)
			return -1;
	if (load_calls(d, row.ref, json_object_get(k, "calls"), err) == -1)
		return -1;
	json_array_foreach(json_object_get(k, "notes"), i, x) {
		struct note_row note;

		if (act_as(d, x, err) == -1 ||
		    case_note(&d->c->ctx, row.ref, jstr(x, "text"), &note,
		    err) == -1)
			return -1;
	}
	if (reason && (act_as(d, k, err) == -1 ||
	    case_close(&d->c->ctx, row.ref, reason, &row, err) == -1))
		return -1;
	json_array_append_new(json_object_get(d->out, "cases"), json_pack(
	    "{s:s, s:s, s:s, s:s, s:s}", "ref", row.ref, "kind",
	    case_kind_name(row.kind), "status",
	    enum_name(&case_status_desc, row.status), "title", row.title,
	    "as", jstr(k, "as")));
	return 0;
}

/* The training programme: courses, participants, sessions with their
 * attendance, tests and certificates, entered by the demo's trainer. */
static int
load_programme(struct demo *d, struct err *err)
{
	const json_t *prog = json_object_get(d->root, "programme");
	struct arena *a = d->c->ctx.arena;
	const char *keys[64];
	char ids[64][24];
	size_t n_keys = 0, i, j;
	json_t *x, *y;

	if (!prog)
		return 0;
	if (act_as(d, prog, err) == -1)
		return -1;
	json_array_foreach(json_object_get(prog, "courses"), i, x) {
		const json_t *modules = json_object_get(x, "modules");
		size_t n = json_array_size(modules);
		struct course_input in = { jstr(x, "code"), jstr(x, "title"),
		    jstr(x, "curriculum"), arena_printf(a, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(json_object_get(x, "hours"))),
		    json_is_true(json_object_get(x, "tot")),
		    arena_array(a, n + 1, sizeof(char *)),
		    arena_array(a, n + 1, sizeof(char *)), n };
		struct course_row row;

		json_array_foreach(modules, j, y) {
			in.module_titles[j] = jstr(y, "title");
			in.module_hours[j] = arena_printf(a, "%"
			    JSON_INTEGER_FORMAT, json_integer_value(
			    json_object_get(y, "hours")));
		}
		if (course_add(&d->c->ctx, &in, &row, err) == -1)
			return -1;
	}
	json_array_foreach(json_object_get(prog, "participants"), i, x) {
		struct participant_input in = { jstr(x, "full_name"),
		    jstr(x, "organisation"), jstr(x, "job"), jstr(x, "sex"),
		    jstr(x, "region") };
		struct participant_row row;

		if (n_keys == ARRAY_SIZE(keys))
			return err_set(err, ERR_INTERNAL, NULL, "the demo has "
			    "more participants than %zu", ARRAY_SIZE(keys));
		if (participant_add(&d->c->ctx, &in, &row, err) == -1)
			return -1;
		keys[n_keys] = jstr(x, "key");
		snprintf(ids[n_keys++], sizeof(ids[0]), "%" PRId64, row.id);
	}
	json_array_foreach(json_object_get(prog, "sessions"), i, x) {
		const char *trainers[8];
		struct course_session_input in = { jstr(x, "course"),
		    jstr(x, "starts_on"), jstr(x, "ends_on"), jstr(x, "place"),
		    jstr(x, "region"), trainers, 0 };
		struct course_session_row s;
		const char *key;

		json_array_foreach(json_object_get(x, "trainers"), j, y)
			for (size_t k = 0; k < n_keys && in.n_trainers < 8; k++)
				if (STREQ(keys[k], json_string_value(y)))
					trainers[in.n_trainers++] = ids[k];
		if (course_session_add(&d->c->ctx, &in, &s, err) == -1)
			return -1;
		json_array_foreach(json_object_get(x, "participants"), j, y) {
			struct enrolment_input rec = { 0 };
			struct enrolment_row e;
			struct certificate_row k;
			int64_t pid = 0;

			key = jstr(y, "key");
			for (size_t m = 0; m < n_keys; m++)
				if (STREQ(keys[m], key))
					pid = strtoll(ids[m], NULL, 10);
			if (json_object_get(y, "days"))
				rec.days_attended = arena_printf(a, "%"
				    JSON_INTEGER_FORMAT, json_integer_value(
				    json_object_get(y, "days")));
			if (json_object_get(y, "pre"))
				rec.pre_score = arena_printf(a, "%"
				    JSON_INTEGER_FORMAT, json_integer_value(
				    json_object_get(y, "pre")));
			if (json_object_get(y, "post"))
				rec.post_score = arena_printf(a, "%"
				    JSON_INTEGER_FORMAT, json_integer_value(
				    json_object_get(y, "post")));
			if (session_enrol(&d->c->ctx, s.id, pid, &e,
			    err) == -1 || session_record(&d->c->ctx, s.id, pid,
			    &rec, &e, err) == -1 ||
			    (json_is_true(json_object_get(y, "certificate")) &&
			    certificate_issue(&d->c->ctx, s.id, pid, &k,
			    err) == -1))
				return -1;
		}
	}
	return 0;
}

/* The Migrant Resource Centre's counselling log: pseudonyms only. */
static int
load_counselling(struct demo *d, struct err *err)
{
	size_t i;
	json_t *k;

	json_array_foreach(json_object_get(d->root, "counselling"), i, k) {
		struct counselling_input in = {
			.held_on = jstr(k, "held_on"), .party = jstr(k, "party"),
			.people = jstr(k, "people"),
			.pseudonym = jstr(k, "pseudonym"), .sex = jstr(k, "sex"),
			.age_group = jstr(k, "age_group"),
			.nationality = jstr(k, "nationality"),
			.situation = jstr(k, "situation"),
			.destination = jstr(k, "destination"),
			.route = jstr(k, "route"), .notes = jstr(k, "notes"),
			.follow_up_on = jstr(k, "follow_up_on"),
			.referred_to = jstr(k, "referred_to"),
			.referral_note = jstr(k, "referral_note"),
		};
		struct counselling_row row;

		in.n_topics = jstrings(d->c, k, "topics",
		    (const char *const **)&in.topics);
		in.n_risks = jstrings(d->c, k, "risks",
		    (const char *const **)&in.risks);
		in.n_sheets = jstrings(d->c, k, "sheets",
		    (const char *const **)&in.sheets);
		if (act_as(d, k, err) == -1 ||
		    counselling_add(&d->c->ctx, &in, &row, err) == -1)
			return -1;
	}
	return 0;
}

/* The Migrant Resource Centre's awareness sessions, held days ago. */
static int
load_awareness(struct demo *d, struct err *err)
{
	const json_t *aw = json_object_get(d->root, "awareness");
	struct arena *a = d->c->ctx.arena;
	size_t i;
	json_t *x;

	if (!aw)
		return 0;
	if (act_as(d, aw, err) == -1)
		return -1;
	json_array_foreach(json_object_get(aw, "sessions"), i, x) {
		struct awareness_input in = { .kind = jstr(x, "kind"),
		    .held_on = days_ago(d, x, "held_days_ago"),
		    .place = jstr(x, "place"), .region = jstr(x, "region"),
		    .audience = jstr(x, "audience"),
		    .materials_other = jstr(x, "materials_other"),
		    .feedback = jstr(x, "feedback"),
		    .organisers_given = true, .materials_given = true };
		struct awareness_row s;

		for (int c = 0; c < AWARENESS_COUNT__MAX; c++)
			in.counts[c] = arena_printf(a, "%" JSON_INTEGER_FORMAT,
			    json_integer_value(json_object_get(x,
			    awareness_count_names[c])));
		in.n_organisers = jstrings(d->c, x, "organisers",
		    (const char *const **)&in.organisers);
		in.n_materials = jstrings(d->c, x, "materials",
		    (const char *const **)&in.materials);
		if (awareness_add(&d->c->ctx, &in, &s, err) == -1)
			return -1;
	}
	return 0;
}

/* A report of a suspected case, acknowledged when it says by whom. */
static int
load_report(struct demo *d, const json_t *x, struct err *err)
{
	const json_t *contact = json_object_get(x, "contact");
	const char *people = NULL;
	struct intake_row r;

	if (json_is_integer(json_object_get(x, "people")))
		people = arena_printf(d->c->ctx.arena, "%lld",
		    (long long)json_integer_value(json_object_get(x,
		    "people")));
	if (act_as(d, x, err) == -1 ||
	    intake_report(&d->c->ctx, &(struct intake_input){
	    .to = jstr(x, "to"), .what = jstr(x, "what"),
	    .where = jstr(x, "where"), .when = jstr(x, "when"),
	    .at_risk = jstr(x, "at_risk"), .people = people,
	    .children = jstr(x, "children"),
	    .contact_name = jstr(contact, "name"),
	    .contact = jstr(contact, "contact"),
	    .contact_times = jstr(contact, "times"),
	    .urgent = json_is_true(json_object_get(x, "urgent")),
	    .suspected = jstr(x, "suspected") }, &r, err) == -1)
		return -1;
	json_array_append_new(json_object_get(d->out, "reports"), json_pack(
	    "{s:s, s:s, s:s, s:b}", "ref", r.ref, "to", r.agency, "from",
	    r.reporter, "urgent", r.urgent));
	if (!jstr(x, "acknowledged_by"))
		return 0;
	if (ctx_act_as(&d->c->ctx, jstr(x, "acknowledged_by"), err) == -1)
		return -1;
	return intake_acknowledge(&d->c->ctx, r.ref, err);
}

static int
load_all(struct cli *c, void *arg, struct err *err)
{
	struct demo *d = arg;
	size_t i;
	json_t *k;

	(void)c;
	if (load_agencies(d, err) == -1 || load_users(d, err) == -1 ||
	    load_providers(d, err) == -1 || load_persons(d, err) == -1)
		return -1;
	json_array_foreach(json_object_get(d->root, "cases"), i, k)
		if (load_case(d, k, err) == -1)
			return -1;
	/* After the cases: the cases reports open take the next numbers. */
	json_array_foreach(json_object_get(d->root, "reports"), i, k)
		if (load_report(d, k, err) == -1)
			return -1;
	if (load_programme(d, err) == -1 || load_counselling(d, err) == -1)
		return -1;
	return load_awareness(d, err);
}

static void
print_summary(const json_t *out)
{
	size_t i;
	json_t *x;

	printf("Demo data loaded (all of it fictional).\n\nagencies:\n");
	json_array_foreach(json_object_get(out, "agencies"), i, x)
		printf("  %-10s %s\n", jstr(x, "code"), jstr(x, "name"));
	printf("\nusers (demo passwords):\n");
	json_array_foreach(json_object_get(out, "users"), i, x) {
		printf("  ");
		cli_cell(jstr(x, "username"), 14);
		cli_cell(jstr(x, "agency"), 10);
		cli_cell(jstr(x, "role"), 13);
		printf("%s\n", jstr(x, "password"));
	}
	printf("\ncases:\n");
	json_array_foreach(json_object_get(out, "cases"), i, x) {
		printf("  ");
		cli_cell(jstr(x, "ref"), 21);
		cli_cell(jstr(x, "kind"), 8);
		cli_cell(jstr(x, "status"), 6);
		printf("%s\n", jstr(x, "title"));
	}
	printf("\nreports of a suspected case:\n");
	json_array_foreach(json_object_get(out, "reports"), i, x) {
		printf("  ");
		cli_cell(jstr(x, "ref"), 16);
		printf("from %s to %s%s\n", jstr(x, "from"), jstr(x, "to"),
		    json_is_true(json_object_get(x, "urgent")) ? ", urgent" :
		    "");
	}
}

static int
run_demo(struct cli *c, struct err *err)
{
	const struct embedded_file *f = &demo_data[0];
	struct demo d = { .c = c };
	struct agency_row *agencies;
	size_t n_agencies;
	json_error_t jerr;
	int rc = -1;

	if (agency_list(&c->ctx, &agencies, &n_agencies, err) == -1)
		return -1;
	if (n_agencies > 0 || ctx_act_as_bootstrap(&c->ctx, err) == -1)
		return err_set(err, ERR_CONFLICT, "db", "%s is not empty: "
		    "load the demo into a new store (tipsom init --db "
		    "sqlite:FILE)", c->db_shown);

	d.root = json_loadb((const char *)f->data, f->size,
	    JSON_REJECT_DUPLICATES, &jerr);
	if (!d.root)
		return err_set(err, ERR_INTERNAL, NULL,
		    "the embedded demo data does not parse (line %d): %s",
		    jerr.line, jerr.text);
	d.out = json_pack("{s:[], s:[], s:[], s:[]}", "agencies", "users",
	    "cases", "reports");
	if (store_begin(c->ctx.store, err) == -1)
		goto out;
	if (load_all(c, &d, err) == -1) {
		store_rollback(c->ctx.store);
		goto out;
	}
	if (store_commit(c->ctx.store, err) == -1)
		goto out;
	if (c->json) {
		rc = cli_print_json(json_incref(d.out), err);
		goto out;
	}
	print_summary(d.out);
	rc = 0;
out:
	json_decref(d.out);
	json_decref(d.root);
	return rc;
}

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_demo = {
	NULL, "demo", NULL, 0, 0, no_opts, CLI_NO_ACTOR, run_demo,
	"load fictional demo agencies, users and cases into a new store",
};
