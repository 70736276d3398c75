/* SPDX-License-Identifier: Apache-2.0 */
/* intake.c - reports of a suspected case and the case each opens. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

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
#include "core/ctx.h"
#include "core/input.h"
#include "core/intake.h"
#include "model/json.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

/* Sealed texts, each with the field it is sealed as: in the row's order. */
#define INTAKE_TEXTS(X)							\
	X(what, INTAKE_WHAT_FIELD)					\
	X(place, INTAKE_PLACE_FIELD)					\
	X(happened, INTAKE_HAPPENED_FIELD)				\
	X(at_risk, INTAKE_AT_RISK_FIELD)				\
	X(contact_name, INTAKE_CONTACT_NAME_FIELD)			\
	X(contact, INTAKE_CONTACT_FIELD)				\
	X(contact_times, INTAKE_CONTACT_TIMES_FIELD)

bool
intake_receives(enum agency_kind kind)
{
	return kind == AGENCY_KIND_LAW_ENFORCEMENT ||
	    kind == AGENCY_KIND_BORDER_GUARD;
}

enum intake_status
intake_status(const struct intake_row *r)
{
	if (r->case_status == CASE_STATUS_CLOSED)
		return INTAKE_CLOSED;
	if (r->case_kind != CASE_KIND_UNCLASSIFIED)
		return INTAKE_CASE_OPENED;
	if (r->acknowledged_at)
		return INTAKE_ACKNOWLEDGED;
	return INTAKE_RECEIVED;
}

enum intake_sight
intake_sight(const struct ctx *ctx, const struct intake_row *r)
{
	if (ctx->actor.system)
		return INTAKE_SIGHT_NONE;
	if (r->agency_id == ctx->actor.agency_id &&
	    access_may(ctx, PERM_INTAKE_TRIAGE))
		return INTAKE_SIGHT_RECEIVER;
	if (r->reporter_id == ctx->actor.user_id &&
	    access_may(ctx, PERM_INTAKE_REPORT))
		return INTAKE_SIGHT_REPORTER;
	return INTAKE_SIGHT_NONE;
}

long
intake_lead(const struct ctx *ctx, const struct user_row *users, size_t n)
{
	/* The rank of each role to lead a case that comes in: lower first. */
	static const int rank[ROLE__MAX] = {
		[ROLE_SUPERVISOR] = 1, [ROLE_INVESTIGATOR] = 2,
	};
	long best = -1;

	for (size_t i = 0; i < n; i++) {
		const struct user_row *u = &users[i];

		if (!u->active || !access_user_may(ctx, u->role,
		    PERM_CASE_EDIT))
			continue;
		if (u->id == ctx->actor.user_id)
			return (long)i;
		if ((unsigned)u->role >= ROLE__MAX || !rank[u->role])
			continue;
		if (best < 0 || rank[u->role] < rank[users[best].role] ||
		    (rank[u->role] == rank[users[best].role] &&
		    u->id < users[best].id))
			best = (long)i;
	}
	return best;
}

void
intake_ref_format(int year, int64_t number, char out[INTAKE_REF_SIZE])
{
	snprintf(out, INTAKE_REF_SIZE, "RPT-%04d-%05" PRId64, year, number);
}

/* The codes of the agencies that receive reports, for a message. */
static const char *
receivers(struct ctx *ctx, struct err *err)
{
	struct agency_row *rows;
	struct buf b;
	size_t n;
	const char *out;

	if (store_agency_list(ctx->store, ctx->arena, &rows, &n, err) == -1)
		return NULL;
	buf_init(&b, 200);
	for (size_t i = 0; i < n; i++)
		if (intake_receives(rows[i].kind))
			buf_addf(&b, "%s%s", b.len ? ", " : "", rows[i].code);
	out = arena_strdup(ctx->arena, b.len ? b.s :
	    "none in this store: ask an administrator to add one");
	buf_release(&b);
	return out;
}

/* The receiving agency: to, or the reporter's own when it receives. */
static int
receiver(struct ctx *ctx, const char *to, struct agency_row *out,
    struct err *err)
{
	const char *codes;

	if (to && *to) {
		if (agency_find(ctx, to, "to", out, err) == -1) {
			if (err->code != ERR_NOT_FOUND ||
			    !(codes = receivers(ctx, err)))
				return -1;
			return err_set(err, ERR_INVALID, "to", "there is no "
			    "agency %.24s: send the report to a law-enforcement "
			    "or border-guard agency (%.120s)", to, codes);
		}
		if (intake_receives(out->kind))
			return 0;
		if (!(codes = receivers(ctx, err)))
			return -1;
		return err_set(err, ERR_INVALID, "to", "%.24s is a %s, which "
		    "does not receive reports: send it to a law-enforcement "
		    "or border-guard agency (%.120s)", out->code,
		    enum_name(&agency_kind_desc, out->kind), codes);
	}
	if (store_agency_by_id(ctx->store, ctx->actor.agency_id, ctx->arena,
	    out, err) == -1)
		return -1;
	if (intake_receives(out->kind))
		return 0;
	if (!(codes = receivers(ctx, err)))
		return -1;
	return err_set(err, ERR_INVALID, "to", "to: say which agency receives "
	    "the report: a law-enforcement or border-guard agency (%.120s)",
	    codes);
}

/* "when": a day, which cannot be in the future, or words. */
static int
check_when(struct ctx *ctx, const char *s, const char **out, struct err *err)
{
	struct date day, today;

	if (input_text(ctx, s, INPUT_SHORT_MAX, 0, "when", out, err) == -1)
		return -1;
	if (!*out || date_parse(*out, &day) == -1)
		return 0;
	date_today(&today);
	if (date_cmp(&day, &today) > 0)
		return err_set(err, ERR_INVALID, "when", "when is in the "
		    "future: give the day it happened, or say it in words");
	return 0;
}

static int
check_people(const char *s, int64_t *out, struct err *err)
{
	long long v;

	*out = 0;
	if (!s || !*s)
		return 0;
	if (text_parse_int(s, 1, INTAKE_PEOPLE_MAX, &v) == -1)
		return err_set(err, ERR_INVALID, "people", "people \"%.16s\" "
		    "is not a number of people: give a whole number from 1 "
		    "to %d, or leave it out when not known", s,
		    INTAKE_PEOPLE_MAX);
	*out = v;
	return 0;
}

/* in checked into *r, its texts plain. */
static int
intake_check(struct ctx *ctx, const struct intake_input *in,
    struct intake_row *r, struct err *err)
{
	int children, suspected;

	*r = (struct intake_row){ 0 };
	if (input_text(ctx, in->what, INPUT_TEXT_MAX,
	    TEXT_REQUIRED | TEXT_MULTILINE, "what", &r->what, err) == -1 ||
	    input_text(ctx, in->where, INPUT_TITLE_MAX, 0, "where",
	    &r->place, err) == -1 ||
	    check_when(ctx, in->when, &r->happened, err) == -1 ||
	    input_text(ctx, in->at_risk, INPUT_TEXT_MAX, TEXT_MULTILINE,
	    "at_risk", &r->at_risk, err) == -1 ||
	    check_people(in->people, &r->people, err) == -1)
		return -1;
	children = input_enum(in->children, &intake_answer_desc,
	    ANSWER_UNKNOWN, "children", err);
	if (children < 0)
		return -1;
	suspected = input_enum(in->suspected, &intake_suspicion_desc,
	    SUSPECTED_UNSURE, "suspected", err);
	if (suspected < 0 ||
	    input_text(ctx, in->contact_name, INPUT_NAME_MAX, 0,
	    "contact_name", &r->contact_name, err) == -1 ||
	    input_text(ctx, in->contact, INPUT_TITLE_MAX, 0, "contact",
	    &r->contact, err) == -1 ||
	    input_text(ctx, in->contact_times, INPUT_TITLE_MAX, 0,
	    "contact_times", &r->contact_times, err) == -1)
		return -1;
	r->children = children;
	r->suspected = suspected;
	r->urgent = in->urgent;
	/* A name or safe times alone reach nobody. */
	r->anonymous = r->contact == NULL;
	return 0;
}

/* Seals r's texts in place, or (seal false) opens them; NULLs stay. */
static int
texts(struct ctx *ctx, struct intake_row *r, bool seal, struct err *err)
{
#define TEXT(member, field)						\
	if (r->member && !(r->member = seal ?				\
	    vault_field_seal(ctx->vault, ctx->arena, field, r->member,	\
	    err) : vault_field_open(ctx->vault, ctx->arena, field,	\
	    r->member, err)))						\
		return -1;
	INTAKE_TEXTS(TEXT)
#undef TEXT
	return 0;
}

static void
drop_texts(struct intake_row *r)
{
#define DROP(member, field)	r->member = NULL;
	INTAKE_TEXTS(DROP)
#undef DROP
}

struct report_write {
	struct intake_row	*r;
	struct case_row		 c;
	const struct agency_row	*to;
};

static int
report_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct report_write *w = arg;
	struct intake_row *r = w->r, sealed;
	char ref[INTAKE_REF_SIZE];
	json_t *changes;
	int rc;

	if (store_intake_next_number(ctx->store, r->year, &r->number,
	    err) == -1)
		return -1;
	intake_ref_format(r->year, r->number, ref);
	r->ref = arena_strdup(ctx->arena, ref);
	/* The title is not sealed: it names the report, never the people. */
	w->c.title = arena_printf(ctx->arena, "Report %s", r->ref);
	if (case__insert(ctx, &w->c, err) == -1 ||
	    case__audit(ctx, "case.open", &w->c, json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:[s,s]}", "kind",
	    case_kind_name(w->c.kind), "status", "open", "sensitivity",
	    enum_name(&sensitivity_desc, w->c.sensitivity), "lead",
	    w->c.lead_username, "report", r->ref, "sop", w->c.sop_id,
	    "sop_version", w->c.sop_version, "from", "intake", "fields",
	    "title", "summary"), err) == -1)
		return -1;
	r->case_id = w->c.id;
	r->case_ref = w->c.ref;
	sealed = *r;
	if (texts(ctx, &sealed, true, err) == -1 ||
	    store_intake_insert(ctx->store, &sealed, err) == -1)
		return -1;
	r->id = sealed.id;
	/* The reporting agency's record of what its staff sent: the
	 * receiving agency and the report, not the case. */
	changes = json_pack("{s:s, s:b, s:s, s:b, s:s}", "to", w->to->code,
	    "urgent", r->urgent, "suspected", enum_name(
	    &intake_suspicion_desc, r->suspected), "anonymous", r->anonymous,
	    "children", enum_name(&intake_answer_desc, r->children));
	rc = audit_append(ctx, &(struct audit_event){
	    .action = "intake.report", .object_type = "report",
	    .object_id = r->ref, .agency_id = r->reporter_agency_id,
	    .changes = changes }, err);
	json_decref(changes);
	return rc;
}

int
intake_report(struct ctx *ctx, const struct intake_input *in,
    struct intake_row *out, struct err *err)
{
	struct agency_row to, mine;
	struct user_row *users;
	struct report_write w = { .r = out, .to = &to };
	char now[TIMESTAMP_TEXT_SIZE];
	struct date today;
	size_t n;
	long lead;

	*out = (struct intake_row){ 0 };
	if (access_require(ctx, PERM_INTAKE_REPORT, err) == -1 ||
	    intake_check(ctx, in, out, err) == -1 ||
	    receiver(ctx, in->to, &to, err) == -1 ||
	    store_user_list(ctx->store, to.id, 0, 0, ctx->arena, &users, &n,
	    err) == -1)
		return -1;
	/* Read before writing: once committed, nothing may fail. */
	if (store_agency_by_id(ctx->store, ctx->actor.agency_id, ctx->arena,
	    &mine, err) == -1)
		return -1;
	lead = intake_lead(ctx, users, n);
	if (lead < 0)
		return err_set(err, ERR_CONFLICT, "to", "%.24s has no active "
		    "supervisor or investigator to receive the report: send "
		    "it to another agency, or ask its administrator",
		    to.code);
	date_now_timestamp(now);
	date_today(&today);
	out->year = today.year;
	out->agency_id = to.id;
	out->agency = to.code;
	out->reporter_id = ctx->actor.user_id;
	out->reporter = arena_strdup(ctx->arena, ctx->actor.username);
	out->reporter_agency_id = ctx->actor.agency_id;
	out->reporter_agency = mine.code;
	out->created_at = arena_strdup(ctx->arena, now);
	out->case_kind = CASE_KIND_UNCLASSIFIED;
	out->case_status = CASE_STATUS_OPEN;
	w.c = (struct case_row){ .agency_id = to.id, .agency_code = to.code,
	    .year = today.year, .kind = CASE_KIND_UNCLASSIFIED,
	    .status = CASE_STATUS_OPEN, .sensitivity = SENSITIVITY_NORMAL,
	    .summary = out->what, .lead_user_id = users[lead].id,
	    .lead_username = users[lead].username, .opened_at = out->created_at,
	    .opened_by = ctx->actor.user_id };
	return ctx_transaction(ctx, report_write, &w, err);
}

int
intake_list(struct ctx *ctx, const struct intake_query *q,
    struct intake_row **rows, size_t *n, struct err *err)
{
	struct intake_filter f = { .urgent_open = q->urgent,
	    .limit = q->limit ? q->limit : 50, .offset = q->offset };

	*rows = NULL;
	*n = 0;
	if (access_require(ctx, q->sent ? PERM_INTAKE_REPORT :
	    PERM_INTAKE_TRIAGE, err) == -1)
		return -1;
	if (q->limit < 0 || q->limit > 500 || q->offset < 0)
		return err_set(err, ERR_INVALID, "limit", "limit must be from "
		    "1 to 500 and offset not negative");
	if (q->sent)
		f.reporter_id = ctx->actor.user_id;
	else
		f.agency_id = ctx->actor.agency_id;
	if (store_intake_list(ctx->store, &f, ctx->arena, rows, n, err) == -1)
		return -1;
	for (size_t i = 0; i < *n; i++)
		drop_texts(&(*rows)[i]);
	return 0;
}

/* Report ref when the actor sees it so, its texts still sealed. */
static int
find(struct ctx *ctx, const char *ref, const char *field,
    struct intake_row *r, enum intake_sight *sight, struct err *err)
{
	*sight = INTAKE_SIGHT_NONE;
	if (ref && strlen(ref) < INTAKE_REF_SIZE) {
		if (store_intake_by_ref(ctx->store, ref, ctx->arena, r,
		    err) == 0)
			*sight = intake_sight(ctx, r);
		else if (err->code != ERR_NOT_FOUND)
			return -1;
	}
	/* Another agency's report reads as one that does not exist. */
	if (*sight == INTAKE_SIGHT_NONE)
		return err_set(err, ERR_NOT_FOUND, field, "report %.24s not "
		    "found: check the reference (RPT-YYYY-NNNNN)",
		    ref ? ref : "");
	return 0;
}

/* Report ref for the receiving agency's triage (PERM_INTAKE_TRIAGE). */
static int
find_received(struct ctx *ctx, const char *ref, const char *field,
    struct intake_row *r, struct err *err)
{
	enum intake_sight sight;

	if (access_require(ctx, PERM_INTAKE_TRIAGE, err) == -1 ||
	    find(ctx, ref, field, r, &sight, err) == -1)
		return -1;
	if (sight != INTAKE_SIGHT_RECEIVER)
		return err_set(err, ERR_NOT_FOUND, field, "report %.24s not "
		    "found: check the reference (RPT-YYYY-NNNNN)", ref);
	return 0;
}

int
intake_show(struct ctx *ctx, const char *ref, struct intake_view *out,
    struct err *err)
{
	*out = (struct intake_view){ 0 };
	if (!access_may(ctx, PERM_INTAKE_REPORT) &&
	    !access_may(ctx, PERM_INTAKE_TRIAGE))
		return access_require(ctx, PERM_INTAKE_REPORT, err);
	if (find(ctx, ref, "ref", &out->r, &out->sight, err) == -1)
		return -1;
	if (out->sight != INTAKE_SIGHT_RECEIVER) {
		drop_texts(&out->r);
		return 0;
	}
	if (texts(ctx, &out->r, false, err) == -1)
		return -1;
	return store_intake_links(ctx->store, out->r.id, ctx->arena,
	    &out->links, &out->n_links, err);
}

/* An event of report r, for the receiving agency and the case. */
static int
intake__audit(struct ctx *ctx, const char *action,
    const struct intake_row *r, json_t *changes, struct err *err)
{
	int rc = audit_append(ctx, &(struct audit_event){
	    .action = action, .object_type = "report", .object_id = r->ref,
	    .case_id = r->case_id, .agency_id = r->agency_id,
	    .changes = changes }, err);

	json_decref(changes);
	return rc;
}

struct ack_write {
	const struct intake_row	*r;
	const char		*at;
};

static int
ack_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct ack_write *w = arg;

	if (store_intake_acknowledge(ctx->store, w->r->id, w->at,
	    ctx->actor.user_id, err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_CONFLICT, "ref", "report %s was "
			    "acknowledged meanwhile: nothing to do",
			    w->r->ref);
		return -1;
	}
	return intake__audit(ctx, "intake.acknowledge", w->r, json_pack(
	    "{s:b, s:s}", "urgent", w->r->urgent, "at", w->at), err);
}

int
intake_acknowledge(struct ctx *ctx, const char *ref, struct err *err)
{
	struct intake_row r;
	char now[TIMESTAMP_TEXT_SIZE];

	if (find_received(ctx, ref, "ref", &r, err) == -1)
		return -1;
	if (r.acknowledged_at)
		return err_set(err, ERR_CONFLICT, "ref", "report %s was "
		    "acknowledged already, by %s at %.16s: nothing to do", r.ref,
		    r.acknowledged_by_username ? r.acknowledged_by_username :
		    "someone", r.acknowledged_at);
	date_now_timestamp(now);
	return ctx_transaction(ctx, ack_write, &(struct ack_write){ &r, now },
	    err);
}

struct link_write {
	const struct intake_row	*r, *other;
	bool			 undo;
};

static int
link_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct link_write *w = arg;
	char now[TIMESTAMP_TEXT_SIZE];
	int rc;

	date_now_timestamp(now);
	rc = w->undo ? store_intake_unlink(ctx->store, w->r->id, w->other->id,
	    now, ctx->actor.user_id, err) : store_intake_link_insert(
	    ctx->store, w->r->id, w->other->id, now, ctx->actor.user_id, err);
	if (rc == -1) {
		if (w->undo && err->code == ERR_NOT_FOUND)
			err_set(err, ERR_CONFLICT, "other", "reports %s and %s "
			    "are not linked: nothing to undo", w->r->ref,
			    w->other->ref);
		else if (!w->undo && err->code == ERR_CONFLICT)
			err_set(err, ERR_CONFLICT, "other", "reports %s and %s "
			    "are linked already: nothing to do", w->r->ref,
			    w->other->ref);
		return -1;
	}
	if (w->undo)
		return intake__audit(ctx, "intake.unlink", w->r,
		    json_pack("{s:s}", "other", w->other->ref), err);
	return intake__audit(ctx, "intake.link", w->r, json_pack("{s:s}",
	    "other", w->other->ref), err);
}

static int
link_or_unlink(struct ctx *ctx, const char *ref, const char *other,
    bool undo, struct err *err)
{
	struct intake_row r, o;

	if (find_received(ctx, ref, "ref", &r, err) == -1)
		return -1;
	if (!other || !*other)
		return err_set(err, ERR_INVALID, "other", "other: give the "
		    "reference of the other report (RPT-YYYY-NNNNN)");
	if (find_received(ctx, other, "other", &o, err) == -1)
		return -1;
	if (r.id == o.id)
		return err_set(err, ERR_INVALID, "other", "a report cannot be "
		    "linked to itself: give the other report's reference");
	return ctx_transaction(ctx, link_write,
	    &(struct link_write){ &r, &o, undo }, err);
}

int
intake_link(struct ctx *ctx, const char *ref, const char *other,
    struct err *err)
{
	return link_or_unlink(ctx, ref, other, false, err);
}

int
intake_unlink(struct ctx *ctx, const char *ref, const char *other,
    struct err *err)
{
	return link_or_unlink(ctx, ref, other, true, err);
}

json_t *
intake_json(const struct intake_row *r, enum intake_sight sight)
{
	bool all = sight == INTAKE_SIGHT_RECEIVER;

	return json_pack("{s:s, s:s, s:b, s:s, s:b, s:s, s:s, s:s, s:s, s:o, "
	    "s:o, s:o, s:o, s:s, s:o}",
	    "ref", r->ref,
	    "status", enum_name(&intake_status_desc, intake_status(r)),
	    "urgent", r->urgent,
	    "suspected", enum_name(&intake_suspicion_desc, r->suspected),
	    "anonymous", r->anonymous,
	    "agency", r->agency ? r->agency : "",
	    "reporter", r->reporter ? r->reporter : "",
	    "reporter_agency", r->reporter_agency ? r->reporter_agency : "",
	    "created_at", r->created_at ? r->created_at : "",
	    "acknowledged_at", json_string_or_null(r->acknowledged_at),
	    /* Whom the receiving agency has, and its case, are its own. */
	    "acknowledged_by", json_string_or_null(all ?
	    r->acknowledged_by_username : NULL),
	    "case", json_string_or_null(all ? r->case_ref : NULL),
	    "people", r->people > 0 ? json_integer(r->people) : json_null(),
	    "children", enum_name(&intake_answer_desc, r->children),
	    "links", all ? json_integer(r->links) : json_null());
}

json_t *
intake_view_json(const struct intake_view *v)
{
	const struct intake_row *r = &v->r;
	json_t *links = json_array(), *details = json_null();

	if (v->sight == INTAKE_SIGHT_RECEIVER) {
		json_decref(details);
		details = json_pack("{s:s, s:o, s:o, s:o, s:{s:o, s:o, s:o}}",
		    "what", r->what ? r->what : "",
		    "where", json_string_or_null(r->place),
		    "when", json_string_or_null(r->happened),
		    "at_risk", json_string_or_null(r->at_risk),
		    "contact", "name", json_string_or_null(r->contact_name),
		    "contact", json_string_or_null(r->contact),
		    "times", json_string_or_null(r->contact_times));
	}
	for (size_t i = 0; i < v->n_links; i++)
		json_array_append_new(links, json_pack("{s:s, s:b, s:s, s:s}",
		    "ref", v->links[i].other_ref, "urgent",
		    v->links[i].other_urgent, "linked_at",
		    v->links[i].linked_at, "linked_by",
		    v->links[i].linked_by));
	return json_pack("{s:o, s:o, s:o}", "report", intake_json(r, v->sight),
	    "details", details, "links", links);
}
