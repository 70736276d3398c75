/* SPDX-License-Identifier: Apache-2.0 */
/* case.c - cases, their timeline and the people in them. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/age.h"
#include "core/agency.h"
#include "core/audit.h"
#include "core/case.h"
#include "core/caseref.h"
#include "core/ctx.h"
#include "core/input.h"
#include "core/library.h"
#include "core/person.h"
#include "model/json.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

int
case__find_seen(struct ctx *ctx, const char *ref, enum perm perm,
    struct case_row *c, enum case_sight *sight, struct err *err)
{
	char code[AGENCY_CODE_MAX + 1];
	int64_t number;
	int year;

	*sight = SIGHT_NONE;
	if (caseref_parse(ref, code, &year, &number, err) == -1)
		return -1;
	if (store_case_by_ref(ctx->store, ref, ctx->arena, c, err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "ref",
			    "case %.48s not found: check the reference", ref);
		return -1;
	}
	if (case__open_summary(ctx, c, err) == -1 ||
	    case__sight(ctx, c, sight, err) == -1)
		return -1;
	return access_case(ctx, c, *sight, perm, err);
}

int
case__find(struct ctx *ctx, const char *ref, enum perm perm,
    struct case_row *c, struct err *err)
{
	enum case_sight sight;

	return case__find_seen(ctx, ref, perm, c, &sight, err);
}

int
case__find_part(struct ctx *ctx, const char *ref, enum case_part part,
    struct case_row *c, struct err *err)
{
	enum case_sight sight;

	if (case__find_seen(ctx, ref, PERM_CASE_READ, c, &sight, err) == -1)
		return -1;
	return access_case_part(c, sight, part, err);
}

void
case__today(char out[DATE_TEXT_SIZE])
{
	struct date today;

	date_today(&today);
	date_format(&today, out);
}

int
case__sight(struct ctx *ctx, const struct case_row *c,
    enum case_sight *sight, struct err *err)
{
	struct case_share_row share;
	char today[DATE_TEXT_SIZE];

	/* Only another agency's case can be shared with the actor's: the
	 * common read, of one's own, costs no query. */
	*sight = access_case_sight(ctx, c, NULL);
	if (*sight != SIGHT_NONE || ctx->actor.system)
		return 0;
	case__today(today);
	if (store_case_share_live(ctx->store, c->id, ctx->actor.agency_id,
	    today, ctx->arena, &share, err) == 0) {
		*sight = access_case_sight(ctx, c, &share);
		return 0;
	}
	if (err->code != ERR_NOT_FOUND)
		return -1;
	*err = (struct err)ERR_INIT;
	return 0;
}

int
case__audit(struct ctx *ctx, const char *action, const struct case_row *c,
    json_t *changes, struct err *err)
{
	int rc = audit_append(ctx, &(struct audit_event){
		.action = action, .object_type = "case", .object_id = c->ref,
		.case_id = c->id, .agency_id = c->agency_id,
		.changes = changes }, err);

	json_decref(changes);
	return rc;
}

int
case__insert(struct ctx *ctx, struct case_row *c, struct err *err)
{
	char ref[CASE_REF_SIZE];
	const char *plain;
	int rc;

	/* The case walks the newest version of its SOP there is now (that
	 * of its kind unless the caller chose one: an exercise opens under
	 * its case study's), and stays on it (library.h). */
	if (!c->sop_id)
		c->sop_id = library_sop_for_kind(c->kind);
	if (store_definition_newest(ctx->store, DEFINITION_SOP, c->sop_id,
	    &c->sop_version, err) == -1)
		return -1;
	if (c->sop_version == 0)
		return err_set(err, ERR_VERSION, NULL, "this store holds no "
		    "SOP \"%s\": run tipsom migrate", c->sop_id);
	if (store_case_next_number(ctx->store, c->agency_id, c->year,
	    &c->number, err) == -1)
		return -1;
	caseref_format(c->agency_code, c->year, c->number, ref);
	c->ref = arena_strdup(ctx->arena, ref);
	/* The summary tells whose case it is: sealed, the row keeps the
	 * plain text for the caller. */
	plain = c->summary;
	if (plain && !(c->summary = vault_field_seal(ctx->vault, ctx->arena,
	    CASE_SUMMARY_FIELD, plain, err)))
		return -1;
	rc = store_case_insert(ctx->store, c, err);
	c->summary = plain;
	return rc;
}

int
case__open_summary(struct ctx *ctx, struct case_row *c, struct err *err)
{
	if (c->summary && *c->summary && !(c->summary = vault_field_open(
	    ctx->vault, ctx->arena, CASE_SUMMARY_FIELD, c->summary, err)))
		return -1;
	return 0;
}

static int
open_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct case_row *c = arg;

	if (case__insert(ctx, c, err) == -1)
		return -1;
	return case__audit(ctx, "case.open", c, json_pack(
	    "{s:s, s:s, s:s, s:s*, s:s, s:i, s:[s,s]}", "kind",
	    case_kind_name(c->kind), "status", "open", "sensitivity",
	    enum_name(&sensitivity_desc, c->sensitivity), "lead",
	    c->lead_username, "sop", c->sop_id, "sop_version",
	    c->sop_version, "fields", "title", "summary"), err);
}

/* The lead must be an active user of the case's agency who works cases. */
int
case__lead(struct ctx *ctx, const char *username, int64_t agency_id,
    struct user_row *lead, struct err *err)
{
	if (store_user_by_username(ctx->store, username, ctx->arena, lead,
	    err) == -1) {
		if (err->code != ERR_NOT_FOUND)
			return -1;
	} else if (lead->active && lead->agency_id == agency_id &&
	    access_user_may(ctx, lead->role, PERM_CASE_EDIT)) {
		return 0;
	}
	return err_set(err, ERR_INVALID, "lead",
	    "\"%.40s\" cannot lead this case: name an active investigator, "
	    "case worker or supervisor of the agency", username);
}

int
case_check(struct ctx *ctx, const struct case_input *in, struct case_row *out,
    struct err *err)
{
	struct agency_row agency;
	struct user_row lead;
	char now[TIMESTAMP_TEXT_SIZE];
	struct date today;
	int kind, sensitivity;

	*out = (struct case_row){ 0 };
	if (in->agency && *in->agency) {
		if (agency_find(ctx, in->agency, "agency", &agency, err) == -1)
			return -1;
		if (agency.id != ctx->actor.agency_id)
			return err_set(err, ERR_FORBIDDEN, "agency",
			    "you may open cases only for your own agency: "
			    "leave out --agency");
	} else if (store_agency_by_id(ctx->store, ctx->actor.agency_id,
	    ctx->arena, &agency, err) == -1) {
		return -1;
	}
	kind = input_enum(in->kind, &case_kind_desc, CASE_KIND_UNCLASSIFIED,
	    "kind", err);
	if (kind < 0)
		return -1;
	sensitivity = input_enum(in->sensitivity, &sensitivity_desc,
	    SENSITIVITY_NORMAL, "sensitivity", err);
	if (sensitivity < 0 ||
	    input_text(ctx, in->title, INPUT_TITLE_MAX, TEXT_REQUIRED, "title",
	    &out->title, err) == -1 ||
	    input_text(ctx, in->summary, INPUT_TEXT_MAX, TEXT_MULTILINE,
	    "summary", &out->summary, err) == -1 ||
	    case__lead(ctx, in->lead && *in->lead ? in->lead :
	    ctx->actor.username, agency.id, &lead, err) == -1)
		return -1;
	date_now_timestamp(now);
	date_today(&today);
	out->agency_id = agency.id;
	out->agency_code = agency.code;
	out->year = today.year;
	out->kind = kind;
	out->status = CASE_STATUS_OPEN;
	out->sensitivity = sensitivity;
	out->lead_user_id = lead.id;
	out->lead_username = lead.username;
	out->opened_at = arena_strdup(ctx->arena, now);
	out->opened_by = ctx->actor.user_id;
	return 0;
}

int
case_open(struct ctx *ctx, const struct case_input *in, struct case_row *out,
    struct err *err)
{
	*out = (struct case_row){ 0 };
	if (access_require(ctx, PERM_CASE_OPEN, err) == -1 ||
	    case_check(ctx, in, out, err) == -1)
		return -1;
	return ctx_transaction(ctx, open_write, out, err);
}

int
case_list(struct ctx *ctx, const struct case_query *q, struct case_row **rows,
    size_t *n, struct err *err)
{
	char today[DATE_TEXT_SIZE];
	struct case_filter f = { .agency_id = ctx->actor.agency_id,
	    .viewer_today = today, .limit = q->limit, .offset = q->offset };
	int kind = -1, status = -1;

	*rows = NULL;
	*n = 0;
	if (access_require(ctx, PERM_CASE_READ, err) == -1)
		return -1;
	if (q->agency && *q->agency) {
		struct agency_row agency;

		if (agency_find(ctx, q->agency, "agency", &agency, err) == -1)
			return -1;
		/* Another agency's: those it shared with the actor's. */
		f.owner_id = agency.id;
	}
	case__today(today);
	if (q->kind && *q->kind) {
		kind = input_enum(q->kind, &case_kind_desc, -1, "kind", err);
		if (kind < 0)
			return -1;
	}
	if (q->status && *q->status) {
		status = input_enum(q->status, &case_status_desc, -1, "status",
		    err);
		if (status < 0)
			return -1;
	}
	if (q->limit < 0 || q->offset < 0)
		return err_set(err, ERR_INVALID, "limit",
		    "limit and offset cannot be negative");
	if (q->text && strlen(q->text) > CASE_SEARCH_MAX)
		return err_set(err, ERR_INVALID, "q", "the search text is "
		    "longer than %d bytes: search for a shorter part",
		    CASE_SEARCH_MAX);
	f.kind = kind + 1;
	f.status = status + 1;
	f.text = q->text;
	f.lead_id = q->mine || access_own_cases_only(ctx) ?
	    ctx->actor.user_id : 0;
	f.shared_only = q->shared;
	if (store_case_list(ctx->store, &f, ctx->arena, rows, n, err) == -1)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if (case__open_summary(ctx, &(*rows)[i], err) == -1)
			return -1;
	return 0;
}

/* The notes of v as written. */
static int
open_notes(struct ctx *ctx, struct case_view *v, struct err *err)
{
	for (size_t i = 0; i < v->n_notes; i++)
		if (!(v->notes[i].body = vault_field_open(ctx->vault,
		    ctx->arena, CASE_NOTE_FIELD, v->notes[i].body, err)))
			return -1;
	return 0;
}

int
case_show(struct ctx *ctx, const char *ref, bool identities,
    struct case_view *out, struct err *err)
{
	struct case_person_row *links;
	size_t n_links;
	json_t *ids;

	*out = (struct case_view){ 0 };
	if (case__find_seen(ctx, ref, PERM_CASE_READ, &out->c, &out->sight,
	    err) == -1 ||
	    store_case_person_list(ctx->store, out->c.id, ctx->arena, &links,
	    &n_links, err) == -1)
		return -1;
	/* A share shows the parts its scope gives, and only those. */
	if (access_sight_has(out->sight, PART_TIMELINE) &&
	    (store_note_list(ctx->store, out->c.id, ctx->arena, &out->notes,
	    &out->n_notes, err) == -1 || open_notes(ctx, out, err) == -1))
		return -1;
	if (!access_sight_has(out->sight, PART_SUMMARY))
		out->c.summary = NULL;
	out->identities = identities && access_may(ctx,
	    PERM_IDENTITY_READ);
	out->people = arena_array(ctx->arena, n_links + 1,
	    sizeof(*out->people));
	ids = json_array();
	for (size_t i = 0; i < n_links; i++) {
		struct case_person_view *v = &out->people[out->n_people];

		if (!access_sight_has(out->sight,
		    access_part_of_role(links[i].role)))
			continue;
		out->n_people++;
		v->link = links[i];
		if (!out->identities)
			continue;
		if (person__load(ctx, v->link.person_id, &v->person,
		    err) == -1) {
			json_decref(ids);
			return -1;
		}
		v->name = person_display_name(ctx->arena, &v->person);
		json_array_append_new(ids, json_integer(v->link.person_id));
	}
	if (json_array_size(ids) == 0) {
		json_decref(ids);
		return 0;
	}
	return case__audit(ctx, "case.identities_read", &out->c,
	    json_pack("{s:o}", "persons", ids), err);
}

struct note_write {
	const struct case_row	*c;
	struct note_row		*note;
};

static int
note_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct note_write *w = arg;

	struct note_row sealed = *w->note;

	/* Notes tell what victims said and who they are: sealed. */
	sealed.body = vault_field_seal(ctx->vault, ctx->arena, CASE_NOTE_FIELD,
	    w->note->body, err);
	if (!sealed.body || store_note_insert(ctx->store, &sealed, err) == -1)
		return -1;
	w->note->id = sealed.id;
	return case__audit(ctx, "case.note", w->c, json_pack("{s:I, s:I}",
	    "note", (json_int_t)w->note->id, "length",
	    (json_int_t)strlen(w->note->body)), err);
}

int
case_note(struct ctx *ctx, const char *ref, const char *body,
    struct note_row *out, struct err *err)
{
	struct case_row c;
	char now[TIMESTAMP_TEXT_SIZE];

	*out = (struct note_row){ 0 };
	if (case__find(ctx, ref, PERM_CASE_NOTE, &c, err) == -1 ||
	    input_text(ctx, body, INPUT_TEXT_MAX,
	    TEXT_REQUIRED | TEXT_MULTILINE, "text", &out->body, err) == -1)
		return -1;
	date_now_timestamp(now);
	out->case_id = c.id;
	out->at = arena_strdup(ctx->arena, now);
	out->author_id = ctx->actor.user_id;
	out->author = arena_strdup(ctx->arena, ctx->actor.username);
	return ctx_transaction(ctx, note_write,
	    &(struct note_write){ &c, out }, err);
}

static int
route_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct case_row *c = arg;

	if (store_case_set_route(ctx->store, c, err) == -1)
		return -1;
	return case__audit(ctx, "case.route", c, json_pack("{s:s}", "route",
	    c->route), err);
}

int
case_set_route(struct ctx *ctx, const char *ref,
    const char *const *countries, size_t n, struct case_row *out,
    struct err *err)
{
	char route[CASE_ROUTE_MAX * 3];
	const char *code, *prev = NULL;
	size_t len = 0;

	if (case__find(ctx, ref, PERM_CASE_EDIT, out, err) == -1)
		return -1;
	if (n < CASE_ROUTE_MIN || n > CASE_ROUTE_MAX)
		return err_set(err, ERR_INVALID, "countries", "countries "
		    "names %zu countr%s: give from %d to %d, origin first and "
		    "destination last", n, n == 1 ? "y" : "ies",
		    CASE_ROUTE_MIN, CASE_ROUTE_MAX);
	for (size_t i = 0; i < n; i++) {
		if (input_country(ctx, countries[i], "countries", &code,
		    err) == -1)
			return -1;
		if (!code)
			return err_set(err, ERR_INVALID, "countries",
			    "countries has an empty one (number %zu): give "
			    "ISO 3166 codes, like AF IR TR", i + 1);
		if (prev && STREQ(prev, code))
			return err_set(err, ERR_INVALID, "countries",
			    "countries names %s twice in a row: give each "
			    "country the route goes through once", code);
		len += (size_t)snprintf(route + len, sizeof(route) - len,
		    "%s%s", i ? "," : "", code);
		prev = code;
	}
	out->route = arena_strdup(ctx->arena, route);
	return ctx_transaction(ctx, route_write, out, err);
}

static int
close_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct case_row *c = arg;

	if (store_case_close(ctx->store, c, ctx->actor.user_id, err) == -1)
		return -1;
	return case__audit(ctx, "case.close", c, json_pack("{s:s, s:[s]}",
	    "status", "closed", "fields", "close_reason"), err);
}

int
case_close(struct ctx *ctx, const char *ref, const char *reason,
    struct case_row *out, struct err *err)
{
	char now[TIMESTAMP_TEXT_SIZE];

	if (case__find(ctx, ref, PERM_CASE_CLOSE, out, err) == -1)
		return -1;
	if (out->status == CASE_STATUS_CLOSED)
		return err_set(err, ERR_CONFLICT, "ref",
		    "case %s is already closed: nothing to do", out->ref);
	if (input_text(ctx, reason, INPUT_TEXT_MAX,
	    TEXT_REQUIRED | TEXT_MULTILINE, "reason", &out->close_reason,
	    err) == -1)
		return -1;
	date_now_timestamp(now);
	out->closed_at = arena_strdup(ctx->arena, now);
	return ctx_transaction(ctx, close_write, out, err);
}

static int
assess_age(struct ctx *ctx, const struct case_person_input *in,
    const struct person_row *p, struct case_person_row *out,
    struct err *err)
{
	struct age_facts facts = { .stated_age = -1,
	    .birth_year = p->birth_year,
	    .presumed_child = in->presumed_child };
	struct age_result r;
	struct date born, today;
	bool given;
	long long age;
	char text[DATE_TEXT_SIZE];

	date_today(&today);
	if (input_date(in->identified_on, "identified_on",
	    &facts.identified_on, &given, err) == -1)
		return -1;
	if (!given)
		facts.identified_on = today;
	if (date_cmp(&facts.identified_on, &today) > 0)
		return err_set(err, ERR_INVALID, "identified_on",
		    "identified_on is in the future: give the day the person "
		    "was identified");
	if (p->birth_date && date_parse(p->birth_date, &born) == 0)
		facts.birth_date = &born;
	if (in->age && *in->age) {
		if (text_parse_int(in->age, 0, 130, &age) == -1)
			return err_set(err, ERR_INVALID, "age",
			    "age \"%.16s\" is not an age: give whole years "
			    "from 0 to 130", in->age);
		facts.stated_age = (int)age;
	}
	if (age_assess(&facts, &r) == -1)
		return err_set(err, ERR_INVALID, "identified_on",
		    "the person would be %d at identification: check the "
		    "birth date and identified_on", r.age);
	date_format(&facts.identified_on, text);
	out->identified_on = arena_strdup(ctx->arena, text);
	out->age = r.age;
	out->age_basis = r.basis;
	out->child = r.child;
	return 0;
}

struct role_write {
	const struct case_row	*c;
	struct case_person_row	*link;
};

static int
role_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct role_write *w = arg;

	if (store_case_person_insert(ctx->store, w->link, err) == -1) {
		if (err->code == ERR_CONFLICT)
			err_set(err, ERR_CONFLICT, "role",
			    "person %" PRId64 " is already a %s in %s: "
			    "nothing to add",
			    w->link->person_id, case_role_name(w->link->role),
			    w->c->ref);
		return -1;
	}
	return case__audit(ctx, "case.person_add", w->c, json_pack(
	    "{s:I, s:s, s:b, s:s, s:b}", "person",
	    (json_int_t)w->link->person_id, "role",
	    case_role_name(w->link->role), "child", w->link->child,
	    "age_basis", enum_name(&age_basis_desc, w->link->age_basis),
	    "needs_interpreter", w->link->needs_interpreter), err);
}

int
case_add_person(struct ctx *ctx, const struct case_person_input *in,
    struct case_person_row *out, struct err *err)
{
	struct case_row c;
	bool visible = false;

	*out = (struct case_person_row){ 0 };
	if (case__find(ctx, in->ref, PERM_CASE_EDIT, &c, err) == -1)
		return -1;
	if (c.status == CASE_STATUS_CLOSED)
		return err_set(err, ERR_CONFLICT, "ref",
		    "case %s is closed: people cannot be added to it", c.ref);
	if (person_parse_id(in->person_id, "person_id", &out->person_id,
	    err) == -1 ||
	    store_person_visible(ctx->store, out->person_id,
	    ctx->actor.agency_id, &visible, err) == -1)
		return -1;
	if (!visible)
		return err_set(err, ERR_NOT_FOUND, "person_id",
		    "person %" PRId64 " not found: check the id",
		    out->person_id);
	if (case__person_check(ctx, in, out, err) == -1)
		return -1;
	out->case_id = c.id;
	return ctx_transaction(ctx, role_write,
	    &(struct role_write){ &c, out }, err);
}

int
case__person_check(struct ctx *ctx, const struct case_person_input *in,
    struct case_person_row *out, struct err *err)
{
	struct person_row p;
	char now[TIMESTAMP_TEXT_SIZE];
	int role;

	role = input_enum(in->role, &case_role_desc, -1, "role", err);
	if (role < 0 ||
	    store_person_by_id(ctx->store, out->person_id, ctx->arena, &p,
	    err) == -1)
		return -1;
	if (p.merged_into)
		return err_set(err, ERR_CONFLICT, "person_id", "person %"
		    PRId64 " was merged into person %" PRId64 ": add person %"
		    PRId64, p.id, p.merged_into, p.merged_into);
	if (assess_age(ctx, in, &p, out, err) == -1 ||
	    input_language(ctx, in->interpreter_language,
	    "interpreter_language", &out->interpreter_language, err) == -1)
		return -1;
	date_now_timestamp(now);
	out->role = role;
	out->needs_interpreter = in->needs_interpreter ||
	    out->interpreter_language;
	out->added_at = arena_strdup(ctx->arena, now);
	out->added_by = ctx->actor.user_id;
	return 0;
}

json_t *
case_view_json(const struct case_view *v)
{
	json_t *people = json_array(), *notes = json_array();

	for (size_t i = 0; i < v->n_people; i++) {
		json_t *p = case_person_json(&v->people[i].link);

		json_object_set_new(p, "name", v->people[i].name ?
		    json_string(v->people[i].name) : json_null());
		json_array_append_new(people, p);
	}
	for (size_t i = 0; i < v->n_notes; i++)
		json_array_append_new(notes, note_json(&v->notes[i]));
	json_t *parts = json_array();

	for (int p = 0; p < PART__MAX; p++)
		if (access_sight_has(v->sight, p))
			json_array_append_new(parts,
			    json_string(access_part_name(p)));
	return json_pack("{s:o, s:o, s:o, s:b, s:s, s:o}", "case",
	    case_json(&v->c), "people", people, "notes", notes,
	    "identities", v->identities, "sight",
	    access_sight_name(v->sight), "parts", parts);
}
