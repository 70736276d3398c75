/* SPDX-License-Identifier: Apache-2.0 */
/* counselling.c - the counselling log of Migrant Resource Centres
 * (counselling.h). */
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/agency.h"
#include "core/audit.h"
#include "core/case.h"
#include "core/counselling.h"
#include "core/ctx.h"
#include "core/input.h"
#include "core/sheets.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

/* The record's texts, sealed at rest each under its column's name. */
static const struct {
	enum store_sealed	 column;
	size_t			 offset;
} sealed_texts[] = {
	{ STORE_SEALED_COUNSEL_PSEUDONYM,
	    offsetof(struct counselling_row, pseudonym) },
	{ STORE_SEALED_COUNSEL_ROUTE, offsetof(struct counselling_row, route) },
	{ STORE_SEALED_COUNSEL_NOTES, offsetof(struct counselling_row, notes) },
	{ STORE_SEALED_COUNSEL_REFERRAL,
	    offsetof(struct counselling_row, referral_note) },
	{ STORE_SEALED_COUNSEL_FULL_NAME,
	    offsetof(struct counselling_row, full_name) },
	{ STORE_SEALED_COUNSEL_CONTACT,
	    offsetof(struct counselling_row, contact) },
};

static const char **
text_at(struct counselling_row *k, size_t i)
{
	return (const char **)((char *)k + sealed_texts[i].offset);
}

/* Seals (or, with open, opens) every text of k in place. */
static int
pass_texts(struct ctx *ctx, struct counselling_row *k, bool open,
    struct err *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(sealed_texts); i++) {
		const char **t = text_at(k, i);
		const char *field = store_sealed_field(sealed_texts[i].column);

		if (!*t)
			continue;
		*t = open ? vault_field_open(ctx->vault, ctx->arena, field, *t,
		    err) : vault_field_seal(ctx->vault, ctx->arena, field, *t,
		    err);
		if (!*t)
			return -1;
	}
	return 0;
}

/* An optional text: NULL leaves *out, "" clears it. */
static int
optional_text(struct ctx *ctx, const char *s, size_t max, unsigned flags,
    const char *field, const char **out, struct err *err)
{
	const char *clean;

	if (!s)
		return 0;
	if (input_text(ctx, s, max, flags, field, &clean, err) == -1)
		return -1;
	*out = clean && *clean ? clean : NULL;
	return 0;
}

/* An optional vocabulary value: NULL leaves *out. */
static int
optional_enum(const char *s, const struct enum_desc *d, const char *field,
    int *out, struct err *err)
{
	int v;

	if (!s)
		return 0;
	if ((v = input_enum(s, d, -1, field, err)) < 0)
		return -1;
	*out = v;
	return 0;
}

static int
optional_country(struct ctx *ctx, const char *s, const char *field,
    const char **out, struct err *err)
{
	if (!s)
		return 0;
	if (!*s) {
		*out = "";
		return 0;
	}
	return input_country(ctx, s, field, out, err);
}

static int
yes_no(const char *s, const char *field, bool *out, struct err *err)
{
	if (STREQ(s, "yes") || STREQ(s, "true"))
		*out = true;
	else if (STREQ(s, "no") || STREQ(s, "false"))
		*out = false;
	else
		return err_set(err, ERR_INVALID, field, "%s \"%.20s\" is "
		    "neither yes nor no", field, s);
	return 0;
}

/*
 * A first name or a pseudonym, not a full name, a number or an address:
 * the record must identify no one.
 */
static int
check_pseudonym(struct ctx *ctx, const char *s, const char **out,
    struct err *err)
{
	size_t words = 1;

	if (input_text(ctx, s, COUNSEL_PSEUDONYM_MAX, TEXT_REQUIRED,
	    "pseudonym", out, err) == -1)
		return -1;
	for (const char *p = *out; *p; p++) {
		if (*p == ' ')
			words++;
		if ((*p >= '0' && *p <= '9') || *p == '@')
			return err_set(err, ERR_INVALID, "pseudonym", "a "
			    "pseudonym holds no number or e-mail address: "
			    "give a first name or a made-up name; a contact "
			    "is kept only with consent, in a case");
	}
	if (words > COUNSEL_PSEUDONYM_WORDS)
		return err_set(err, ERR_INVALID, "pseudonym", "\"%.40s\" "
		    "looks like a full name: give a first name or a made-up "
		    "name; a full name is kept only with consent, in a case",
		    *out);
	return 0;
}

static int
check_people(const char *s, struct counselling_row *k, struct err *err)
{
	long long v;

	if (s) {
		if (text_parse_int(s, 1, COUNSEL_PEOPLE_MAX, &v) == -1)
			return err_set(err, ERR_INVALID, "people", "people "
			    "\"%.20s\" is not a number from 1 to %d", s,
			    COUNSEL_PEOPLE_MAX);
		k->people = (int)v;
	}
	if (k->party == COUNSEL_PARTY_PERSON && k->people != 1)
		return err_set(err, ERR_INVALID, "people", "a session with one "
		    "person counts 1: for %d people give party family",
		    k->people);
	if (k->party == COUNSEL_PARTY_FAMILY && k->people < 2)
		return err_set(err, ERR_INVALID, "people", "a family counts "
		    "at least 2 people: give how many came");
	return 0;
}

static int
check_dates(const char *held_on, const char *follow_up_on,
    struct counselling_row *k, struct ctx *ctx, struct err *err)
{
	struct date held, follow, today;
	bool present;
	char text[DATE_TEXT_SIZE];

	date_today(&today);
	if (held_on) {
		if (input_date(held_on, "held_on", &held, &present, err) == -1)
			return -1;
		if (!present)
			return err_set(err, ERR_INVALID, "held_on", "give the "
			    "day of the session, YYYY-MM-DD");
		date_format(&held, text);
		k->held_on = arena_strdup(ctx->arena, text);
	}
	if (date_parse(k->held_on, &held) == -1 || date_cmp(&held, &today) > 0)
		return err_set(err, ERR_INVALID, "held_on", "%s is in the "
		    "future: record a session once it was held", k->held_on);
	if (follow_up_on) {
		if (input_date(follow_up_on, "follow_up_on", &follow, &present,
		    err) == -1)
			return -1;
		k->follow_up_on = NULL;
		if (present) {
			date_format(&follow, text);
			k->follow_up_on = arena_strdup(ctx->arena, text);
		}
	}
	if (k->follow_up_on && (date_parse(k->follow_up_on, &follow) == -1 ||
	    date_cmp(&follow, &held) < 0))
		return err_set(err, ERR_INVALID, "follow_up_on", "the "
		    "follow-up (%s) is before the session (%s)",
		    k->follow_up_on, k->held_on);
	return 0;
}

/* The ids of shipped sheets, each once, as "a,b". */
static int
check_sheets(struct ctx *ctx, const char **ids, size_t n, const char **out,
    struct err *err)
{
	char *joined = arena_strdup(ctx->arena, "");

	if (sheet_check_ids(ids, n, "sheets", err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++)
		joined = arena_printf(ctx->arena, "%s%s%s", joined, i ? "," :
		    "", ids[i]);
	*out = joined;
	return 0;
}

static bool
identified(const struct counselling_row *k)
{
	return k->full_name || k->contact || k->person_id || k->case_id;
}

/* What identifies the person, first: the field a refusal names. */
static const char *
identifying_field(const struct counselling_row *k)
{
	return k->full_name ? "full_name" : k->contact ? "contact" :
	    k->person_id ? "person" : "case";
}

/*
 * Identity only with consent, and only in a case the counsellor may
 * read; a person, only one of that case.
 */
static int
check_identity(struct ctx *ctx, const struct counselling_input *in,
    struct counselling_row *k, struct err *err)
{
	struct case_row c;

	if (in->case_ref) {
		k->case_id = 0;
		k->case_ref = NULL;
		if (*in->case_ref) {
			if (case__find(ctx, in->case_ref, PERM_CASE_READ, &c,
			    err) == -1)
				return -1;
			k->case_id = c.id;
			k->case_ref = c.ref;
		}
	}
	if (in->person) {
		k->person_id = 0;
		if (*in->person && input_id(in->person, "person", "person",
		    &k->person_id, err) == -1)
			return -1;
	}
	if (!identified(k))
		return 0;
	if (!k->consent)
		return err_set(err, ERR_INVALID, "consent", "the record names "
		    "the person (%s) but they have not consented: a "
		    "counselling record identifies no one without informed "
		    "consent; give a first name or pseudonym only, or record "
		    "their consent", identifying_field(k));
	if (!k->case_id)
		return err_set(err, ERR_INVALID, "case", "a full identity is "
		    "kept only in a case, under its protection: open a case "
		    "for the person first and give its reference");
	if (k->person_id) {
		struct case_person_row *roles;
		size_t n;
		bool in_case = false;

		if (store_case_person_list(ctx->store, k->case_id, ctx->arena,
		    &roles, &n, err) == -1)
			return -1;
		for (size_t i = 0; i < n; i++)
			in_case |= roles[i].person_id == k->person_id;
		if (!in_case)
			return err_set(err, ERR_INVALID, "person", "person %"
			    PRId64 " is not in case %s: add them to the case "
			    "first", k->person_id, k->case_ref);
	}
	return 0;
}

/* Applies in over k (the defaults, or the record as it is) and checks
 * the whole. */
static int
check_record(struct ctx *ctx, const struct counselling_input *in,
    struct counselling_row *k, struct err *err)
{
	int party = (int)k->party, sex = (int)k->sex;
	int age = (int)k->age_group, situation = (int)k->situation;
	struct agency_row agency;

	if (optional_enum(in->party, &counsel_party_desc, "party", &party,
	    err) == -1)
		return -1;
	k->party = party;
	if (in->party && !in->people)
		k->people = party == COUNSEL_PARTY_PERSON ? 1 : k->people;
	if (check_people(in->people, k, err) == -1 ||
	    (in->pseudonym && check_pseudonym(ctx, in->pseudonym,
	    &k->pseudonym, err) == -1) ||
	    optional_enum(in->sex, &sex_desc, "sex", &sex, err) == -1 ||
	    optional_enum(in->age_group, &counsel_age_desc, "age_group", &age,
	    err) == -1 ||
	    optional_enum(in->situation, &counsel_situation_desc, "situation",
	    &situation, err) == -1 ||
	    optional_country(ctx, in->nationality, "nationality",
	    &k->nationality, err) == -1 ||
	    optional_country(ctx, in->destination, "destination",
	    &k->destination, err) == -1 ||
	    optional_text(ctx, in->route, INPUT_TITLE_MAX, 0, "route",
	    &k->route, err) == -1 ||
	    optional_text(ctx, in->notes, INPUT_TEXT_MAX, TEXT_MULTILINE,
	    "notes", &k->notes, err) == -1 ||
	    optional_text(ctx, in->referral_note, INPUT_TEXT_MAX,
	    TEXT_MULTILINE, "referral_note", &k->referral_note, err) == -1 ||
	    optional_text(ctx, in->full_name, INPUT_TITLE_MAX, 0, "full_name",
	    &k->full_name, err) == -1 ||
	    optional_text(ctx, in->contact, INPUT_TITLE_MAX, 0, "contact",
	    &k->contact, err) == -1 ||
	    check_dates(in->held_on, in->follow_up_on, k, ctx, err) == -1)
		return -1;
	k->sex = sex;
	k->age_group = age;
	k->situation = situation;
	if (!k->pseudonym)
		return err_set(err, ERR_INVALID, "pseudonym", "give the first "
		    "name or a pseudonym the person is known by here");
	if (in->topics && input_enum_set(in->topics, in->n_topics,
	    &counsel_topic_desc, true, "topics", &k->topics, err) == -1)
		return -1;
	if (!k->topics)
		return err_set(err, ERR_INVALID, "topics", "give the topics "
		    "covered: legal_pathways, irregular_risks, "
		    "recruitment_fraud, rights_abroad or return_reintegration");
	if ((in->risks && input_enum_set(in->risks, in->n_risks,
	    &counsel_risk_desc, false, "risks", &k->risks, err) == -1) ||
	    (in->sheets && check_sheets(ctx, in->sheets, in->n_sheets,
	    &k->sheets, err) == -1))
		return -1;
	if (in->referred_to) {
		k->referred_to = 0;
		k->referred_to_code = NULL;
		if (*in->referred_to) {
			if (agency_find(ctx, in->referred_to, "referred_to",
			    &agency, err) == -1)
				return -1;
			k->referred_to = agency.id;
			k->referred_to_code = agency.code;
		}
	}
	if (k->referral_note && !k->referred_to)
		return err_set(err, ERR_INVALID, "referred_to", "a referral "
		    "note needs the agency referred to");
	if (in->follow_up_done) {
		bool done = false;
		char now[TIMESTAMP_TEXT_SIZE];

		if (yes_no(in->follow_up_done, "follow_up_done", &done,
		    err) == -1)
			return -1;
		if (done && !k->follow_up_on)
			return err_set(err, ERR_INVALID, "follow_up_done",
			    "the record has no follow-up to mark done");
		date_now_timestamp(now);
		if (!done)
			k->follow_up_done_at = NULL;
		else if (!k->follow_up_done_at)
			k->follow_up_done_at = arena_strdup(ctx->arena, now);
	}
	if (in->consent && yes_no(in->consent, "consent", &k->consent,
	    err) == -1)
		return -1;
	return check_identity(ctx, in, k, err);
}

static int
counselling_audit(struct ctx *ctx, const char *action,
    const struct counselling_row *k, json_t *fields, struct err *err)
{
	struct buf topics = BUF_INIT(1024), risks = BUF_INIT(1024);
	json_t *changes;
	int rc;

	enum_set_names(&counsel_topic_desc, k->topics, &topics);
	enum_set_names(&counsel_risk_desc, k->risks, &risks);
	changes = json_pack("{s:s, s:s, s:s, s:b, s:o}", "topics", topics.s,
	    "risks", risks.s, "situation", enum_name(&counsel_situation_desc,
	    (int)k->situation), "identified", identified(k), "fields",
	    fields);
	rc = audit_append(ctx, &(struct audit_event){ .action = action,
	    .object_type = "counselling", .object_id = arena_printf(ctx->arena,
	    "%" PRId64, k->id), .agency_id = k->agency_id,
	    .changes = changes }, err);
	json_decref(changes);
	buf_release(&topics);
	buf_release(&risks);
	return rc;
}

struct write {
	struct counselling_row	*k;
	json_t			*fields;	/* the fields changed */
	const char		*action;
	bool			 adding;
};

static int
write_record(struct ctx *ctx, void *arg, struct err *err)
{
	struct write *w = arg;
	struct counselling_row sealed = *w->k;
	json_t *fields = w->fields;

	w->fields = NULL;
	if (pass_texts(ctx, &sealed, false, err) == -1) {
		json_decref(fields);
		return -1;
	}
	if (w->adding ? store_counselling_insert(ctx->store, &sealed,
	    err) == -1 : store_counselling_update(ctx->store, &sealed,
	    err) == -1) {
		json_decref(fields);
		return -1;
	}
	w->k->id = sealed.id;
	return counselling_audit(ctx, w->action, w->k, fields, err);
}

/* The names of the fields in given, for the audit trail. */
static json_t *
fields_given(const struct counselling_input *in)
{
	static const struct {
		const char	*name;
		size_t		 offset;
	} fields[] = {
#define F(x)	{ #x, offsetof(struct counselling_input, x) }
		F(held_on), F(party), F(people), F(pseudonym), F(sex),
		F(age_group), F(nationality), F(situation), F(destination),
		F(route), F(topics), F(risks), F(sheets), F(notes),
		F(follow_up_on), F(follow_up_done), F(referred_to),
		F(referral_note), F(consent), F(full_name), F(contact),
		F(case_ref), F(person),
#undef F
	};
	json_t *names = json_array();

	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (*(const void *const *)((const char *)in +
		    fields[i].offset))
			json_array_append_new(names, json_string(
			    STREQ(fields[i].name, "case_ref") ? "case" :
			    fields[i].name));
	return names;
}

int
counselling_add(struct ctx *ctx, const struct counselling_input *in,
    struct counselling_row *out, struct err *err)
{
	char today[DATE_TEXT_SIZE], now[TIMESTAMP_TEXT_SIZE];
	struct date d;
	struct write w = { .k = out, .adding = true,
	    .action = "counselling.add" };

	*out = (struct counselling_row){ .party = COUNSEL_PARTY_PERSON,
	    .people = 1, .sex = SEX_UNKNOWN, .age_group = COUNSEL_AGE_UNKNOWN,
	    .situation = COUNSEL_SITUATION_PROSPECTIVE_MIGRANT,
	    .nationality = "", .destination = "", .sheets = "" };
	if (access_require(ctx, PERM_OUTREACH_RECORD, err) == -1)
		return -1;
	date_today(&d);
	date_format(&d, today);
	date_now_timestamp(now);
	out->held_on = arena_strdup(ctx->arena, today);
	out->agency_id = ctx->actor.agency_id;
	out->created_at = out->updated_at = arena_strdup(ctx->arena, now);
	out->created_by = ctx->actor.user_id;
	out->counsellor = ctx->actor.username;
	if (in->follow_up_done)
		return err_set(err, ERR_INVALID, "follow_up_done", "a new "
		    "record has no follow-up done yet: mark it done once it "
		    "is");
	if (check_record(ctx, in, out, err) == -1)
		return -1;
	w.fields = fields_given(in);
	if (ctx_transaction(ctx, write_record, &w, err) == -1)
		return -1;
	return counselling_show(ctx, out->id, out, err);
}

/* The record when it is the actor's agency's; not found otherwise. */
static int
find_record(struct ctx *ctx, int64_t id, struct counselling_row *k,
    struct err *err)
{
	if (access_require(ctx, PERM_OUTREACH_RECORD, err) == -1)
		return -1;
	if (store_counselling_get(ctx->store, id, ctx->arena, k, err) == -1 ||
	    k->agency_id != ctx->actor.agency_id) {
		if (err->code != ERR_NOT_FOUND && k->agency_id ==
		    ctx->actor.agency_id)
			return -1;
		return err_set(err, ERR_NOT_FOUND, "id", "no counselling "
		    "record %" PRId64 " in your agency: check the number "
		    "in the list of your agency's records", id);
	}
	return pass_texts(ctx, k, true, err);
}

int
counselling_show(struct ctx *ctx, int64_t id, struct counselling_row *out,
    struct err *err)
{
	return find_record(ctx, id, out, err);
}

int
counselling_edit(struct ctx *ctx, int64_t id,
    const struct counselling_input *in, struct counselling_row *out,
    struct err *err)
{
	char now[TIMESTAMP_TEXT_SIZE];
	struct write w = { .k = out, .action = "counselling.edit" };

	if (find_record(ctx, id, out, err) == -1 ||
	    check_record(ctx, in, out, err) == -1)
		return -1;
	w.fields = fields_given(in);
	if (json_array_size(w.fields) == 0) {
		json_decref(w.fields);
		return err_set(err, ERR_INVALID, NULL, "nothing to change: "
		    "give the fields to correct");
	}
	date_now_timestamp(now);
	out->updated_at = arena_strdup(ctx->arena, now);
	if (ctx_transaction(ctx, write_record, &w, err) == -1)
		return -1;
	return find_record(ctx, id, out, err);
}

int
counselling_list(struct ctx *ctx, const struct counselling_query *q,
    struct counselling_row **rows, size_t *n, struct err *err)
{
	char today[DATE_TEXT_SIZE], from[DATE_TEXT_SIZE], to[DATE_TEXT_SIZE];
	struct counselling_filter f = { .agency_id = ctx->actor.agency_id,
	    .limit = q->limit ? q->limit : 50, .offset = q->offset };
	struct date d;
	bool present;

	*rows = NULL;
	*n = 0;
	if (access_require(ctx, PERM_OUTREACH_RECORD, err) == -1)
		return -1;
	if (f.limit < 1 || f.limit > COUNSEL_LIST_MAX || f.offset < 0)
		return err_set(err, ERR_INVALID, "limit", "limit is from 1 to "
		    "%d and offset is not negative", COUNSEL_LIST_MAX);
	if (input_date(q->from, "from", &d, &present, err) == -1)
		return -1;
	if (present) {
		date_format(&d, from);
		f.from = from;
	}
	if (input_date(q->to, "to", &d, &present, err) == -1)
		return -1;
	if (present) {
		date_format(&d, to);
		f.to = to;
	}
	if (q->follow_up_due) {
		date_today(&d);
		date_format(&d, today);
		f.due = today;
	}
	if (store_counselling_list(ctx->store, &f, ctx->arena, rows, n,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if (pass_texts(ctx, &(*rows)[i], true, err) == -1)
			return -1;
	return 0;
}

static json_t *
set_json(const struct enum_desc *d, unsigned set)
{
	json_t *a = json_array();

	for (int v = 0; v < d->count; v++)
		if (set & ENUM_BIT(v))
			json_array_append_new(a, json_string(enum_name(d, v)));
	return a;
}

static json_t *
sheets_json(const char *sheets)
{
	json_t *a = json_array();
	const char *p = sheets;

	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		json_array_append_new(a, json_stringn(p, len));
		p = comma ? comma + 1 : NULL;
	}
	return a;
}

json_t *
counselling_json(struct ctx *ctx, const struct counselling_row *k)
{
	bool names = access_may(ctx, PERM_IDENTITY_READ);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:s, "
	    "s:s, s:s, s:o, s:o, s:o, s:b, s:s, s:s, s:s}",
	    "id", (json_int_t)k->id, "agency", k->agency ? k->agency : "",
	    "held_on", k->held_on, "party", enum_name(&counsel_party_desc,
	    (int)k->party), "people", k->people, "pseudonym", k->pseudonym,
	    "sex", enum_name(&sex_desc, (int)k->sex), "age_group",
	    enum_name(&counsel_age_desc, (int)k->age_group), "situation",
	    enum_name(&counsel_situation_desc, (int)k->situation),
	    "nationality", k->nationality ? k->nationality : "", "topics",
	    set_json(&counsel_topic_desc, k->topics), "risks",
	    set_json(&counsel_risk_desc, k->risks), "sheets",
	    sheets_json(k->sheets), "consent", k->consent, "counsellor", k->counsellor ?
	    k->counsellor : "", "created_at", k->created_at, "updated_at",
	    k->updated_at);

	json_object_set_new(o, "destination", json_string(k->destination ?
	    k->destination : ""));
	json_object_set_new(o, "route", k->route ? json_string(k->route) :
	    json_null());
	json_object_set_new(o, "notes", k->notes ? json_string(k->notes) :
	    json_null());
	json_object_set_new(o, "follow_up_on", k->follow_up_on ?
	    json_string(k->follow_up_on) : json_null());
	json_object_set_new(o, "follow_up_done_at", k->follow_up_done_at ?
	    json_string(k->follow_up_done_at) : json_null());
	json_object_set_new(o, "referred_to", k->referred_to_code ?
	    json_string(k->referred_to_code) : json_null());
	json_object_set_new(o, "referral_note", k->referral_note ?
	    json_string(k->referral_note) : json_null());
	json_object_set_new(o, "identified", json_boolean(identified(k)));
	json_object_set_new(o, "case", k->case_ref ? json_string(k->case_ref) :
	    json_null());
	json_object_set_new(o, "person", k->person_id ?
	    json_integer(k->person_id) : json_null());
	if (names) {
		json_object_set_new(o, "full_name", k->full_name ?
		    json_string(k->full_name) : json_null());
		json_object_set_new(o, "contact", k->contact ?
		    json_string(k->contact) : json_null());
	}
	return o;
}
