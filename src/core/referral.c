/* SPDX-License-Identifier: Apache-2.0 */
/* referral.c - referrals with informed consent, and their lifecycle. */
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
#include "core/audit.h"
#include "core/case.h"
#include "core/ctx.h"
#include "core/input.h"
#include "core/person.h"
#include "core/provider.h"
#include "core/referral.h"
#include "model/json.h"
#include "store/store.h"
#include "base/banned.h"

#define REFERRAL_LIST_DEFAULT	200
#define REFERRAL_LIST_MAX	500

/* READER: an agency the case is shared with for its referrals. */
enum side { REFERRER, PROVIDER, READER };

/* The lifecycle of referral.h, one row per move. */
static const struct {
	enum referral_status	 from, to;
	enum side		 side;
} moves[] = {
	{ REFERRAL_PROPOSED, REFERRAL_SENT, REFERRER },
	{ REFERRAL_PROPOSED, REFERRAL_WITHDRAWN, REFERRER },
	{ REFERRAL_SENT, REFERRAL_ACCEPTED, PROVIDER },
	{ REFERRAL_SENT, REFERRAL_DECLINED, PROVIDER },
	{ REFERRAL_SENT, REFERRAL_WITHDRAWN, REFERRER },
	{ REFERRAL_ACCEPTED, REFERRAL_IN_PROGRESS, PROVIDER },
	{ REFERRAL_ACCEPTED, REFERRAL_WITHDRAWN, REFERRER },
	{ REFERRAL_IN_PROGRESS, REFERRAL_COMPLETED, PROVIDER },
	{ REFERRAL_IN_PROGRESS, REFERRAL_WITHDRAWN, REFERRER },
};

static bool
over(enum referral_status s)
{
	return s == REFERRAL_DECLINED || s == REFERRAL_COMPLETED ||
	    s == REFERRAL_WITHDRAWN;
}

/* The provider sees the shared data: sent, consent standing, not over
 * but for completed (the record of the help given). */
static bool
open_to_provider(const struct referral_row *r)
{
	return !r->consent.withdrawn_at && r->status != REFERRAL_PROPOSED &&
	    r->status != REFERRAL_DECLINED && r->status != REFERRAL_WITHDRAWN;
}

/* "identity, needs" for the bits of set. */
static const char *
scope_names(struct arena *a, unsigned set)
{
	struct buf b = BUF_INIT(256);
	const char *out;

	enum_set_names(&consent_scope_desc, set, &b);
	out = arena_strdup(a, b.len ? b.s : "nothing");
	buf_release(&b);
	return out;
}

static int
check_consent(struct ctx *ctx, const struct referral_consent_input *in,
    bool child, struct referral_consent *out, struct err *err)
{
	struct date given, today;
	bool present;

	if (input_text(ctx, in->explained, INPUT_TEXT_MAX, TEXT_REQUIRED |
	    TEXT_MULTILINE, "consent.explained", &out->explained, err) == -1)
		return -1;
	if (!in->language || !*in->language)
		return err_set(err, ERR_INVALID, "consent.language", "consent."
		    "language is missing: give the language the consent was "
		    "explained in (ar, ckb, prs...)");
	if (input_language(ctx, in->language, "consent.language",
	    &out->language, err) == -1 ||
	    input_text(ctx, in->interpreter, INPUT_NAME_MAX, 0,
	    "consent.interpreter", &out->interpreter, err) == -1 ||
	    input_enum_set(in->scope, in->n_scope, &consent_scope_desc, true,
	    "consent.scope", &out->scope, err) == -1 ||
	    input_date(in->given_on, "consent.given_on", &given, &present,
	    err) == -1)
		return -1;
	if (!present)
		return err_set(err, ERR_INVALID, "consent.given_on", "consent."
		    "given_on is missing: give the day the person consented");
	date_today(&today);
	if (date_cmp(&given, &today) > 0)
		return err_set(err, ERR_INVALID, "consent.given_on", "consent "
		    "given on %s is in the future: give the day it was given",
		    in->given_on);
	out->given_on = arena_strdup(ctx->arena, in->given_on);
	if (input_text(ctx, in->guardian, INPUT_NAME_MAX, 0,
	    "consent.guardian", &out->guardian, err) == -1 ||
	    input_text(ctx, in->best_interests, INPUT_TEXT_MAX,
	    TEXT_MULTILINE, "consent.best_interests", &out->best_interests,
	    err) == -1)
		return -1;
	if (child && !out->guardian)
		return err_set(err, ERR_INVALID, "consent.guardian", "the "
		    "person is a child: record the guardian who consented "
		    "for them");
	if (child && !out->best_interests)
		return err_set(err, ERR_INVALID, "consent.best_interests", "the "
		    "person is a child: record why the referral is in their "
		    "best interests");
	return 0;
}

/* The person's part in case c; suspects and the accused are not
 * referred for assistance through this mechanism. */
static int
person_in_case(struct ctx *ctx, const struct case_row *c, int64_t person_id,
    struct case_person_row *out, struct err *err)
{
	struct case_person_row *links;
	size_t n;
	bool found = false;

	if (store_case_person_list(ctx->store, c->id, ctx->arena, &links, &n,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (links[i].person_id != person_id)
			continue;
		if (links[i].role == CASE_ROLE_SUSPECT ||
		    links[i].role == CASE_ROLE_ACCUSED)
			return err_set(err, ERR_INVALID, "person", "person %"
			    PRId64 " is a suspect in case %s: referrals are for "
			    "victims, witnesses and the people helping them",
			    person_id, c->ref);
		/* A child in any of their roles is a child. */
		if (!found || links[i].child)
			*out = links[i];
		found = true;
	}
	if (!found)
		return err_set(err, ERR_NOT_FOUND, "person", "person %" PRId64
		    " is not in case %s: add them to the case first",
		    person_id, c->ref);
	return 0;
}

struct make_write {
	struct referral_row	*r;
	const struct case_row	*c;
};

static int
event_and_audit(struct ctx *ctx, const char *action,
    const struct referral_row *r, const char *reason, struct err *err)
{
	struct case_row c = { .id = r->case_id, .ref = r->case_ref,
	    .agency_id = r->case_agency_id };

	if (store_referral_event_insert(ctx->store, r->id, r->status,
	    r->updated_at, ctx->actor.user_id, reason, err) == -1)
		return -1;
	return case__audit(ctx, action, &c, json_pack("{s:I, s:s, s:s, s:s, "
	    "s:o}", "referral", (json_int_t)r->id, "provider",
	    r->provider_code, "service", enum_name(&service_desc, r->service),
	    "status", enum_name(&referral_status_desc, r->status), "reason",
	    reason ? json_string(reason) : json_null()), err);
}

static int
make_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct make_write *w = arg;

	if (store_referral_insert(ctx->store, w->r, err) == -1)
		return -1;
	return event_and_audit(ctx, "referral.make", w->r, NULL, err);
}

int
referral_make(struct ctx *ctx, const struct referral_input *in,
    struct referral_row *out, struct err *err)
{
	struct case_row c;
	struct case_person_row link = { 0 };
	struct person_row person;
	struct provider_row p;
	int64_t person_id;
	int service;
	char now[TIMESTAMP_TEXT_SIZE];

	*out = (struct referral_row){ 0 };
	if (case__find(ctx, in->ref, PERM_CASE_EDIT, &c, err) == -1)
		return -1;
	if (c.status != CASE_STATUS_OPEN)
		return err_set(err, ERR_CONFLICT, "ref", "case %s is closed: "
		    "referrals are made from open cases", c.ref);
	if (person_parse_id(in->person_id, "person", &person_id, err) == -1 ||
	    person_in_case(ctx, &c, person_id, &link, err) == -1 ||
	    person__load(ctx, person_id, &person, err) == -1 ||
	    provider_find(ctx, in->provider, "provider", &p, err) == -1)
		return -1;
	service = input_enum(in->service, &service_desc, -1, "service", err);
	if (service < 0)
		return -1;
	if (provider_accepts(&p, service, &(struct provider_client){
	    link.child, person.sex, in->with_family }, "provider",
	    err) == -1)
		return -1;
	if (check_consent(ctx, &in->consent, link.child, &out->consent,
	    err) == -1)
		return -1;
	out->shares = out->consent.scope;
	if (in->shares && input_enum_set(in->shares, in->n_shares,
	    &consent_scope_desc, false, "shares", &out->shares, err) == -1)
		return -1;
	if (out->shares & ~out->consent.scope)
		return err_set(err, ERR_INVALID, "shares", "sharing %s goes "
		    "beyond what the person agreed to (%s): ask for their "
		    "consent to it, or leave it out", scope_names(ctx->arena,
		    out->shares & ~out->consent.scope),
		    scope_names(ctx->arena, out->consent.scope));
	if (input_text(ctx, in->needs, INPUT_TEXT_MAX, TEXT_MULTILINE,
	    "needs", &out->needs, err) == -1)
		return -1;
	date_now_timestamp(now);
	out->case_id = c.id;
	out->case_ref = c.ref;
	out->case_agency_id = c.agency_id;
	out->case_agency = c.agency_code;
	out->person_id = person_id;
	out->provider_id = p.id;
	out->provider_code = p.code;
	out->provider_name = p.name;
	out->provider_agency_id = p.agency_id;
	out->provider_agency = p.agency_code;
	out->service = service;
	out->status = in->send ? REFERRAL_SENT : REFERRAL_PROPOSED;
	out->child = link.child;
	out->created_at = out->updated_at = arena_strdup(ctx->arena, now);
	out->created_by = ctx->actor.user_id;
	out->created_by_username = arena_strdup(ctx->arena,
	    ctx->actor.username);
	return ctx_transaction(ctx, make_write,
	    &(struct make_write){ out, &c }, err);
}

/* Which side of r the actor is on, with the rights for it; a referral
 * the actor may not see is not found. */
static int
side_of(struct ctx *ctx, const struct referral_row *r, enum side *side,
    struct err *err)
{
	if (!ctx->actor.system && ctx->actor.agency_id == r->case_agency_id &&
	    access_may(ctx, PERM_CASE_READ)) {
		*side = REFERRER;
		return 0;
	}
	if (!ctx->actor.system && r->provider_agency_id &&
	    ctx->actor.agency_id == r->provider_agency_id &&
	    r->status != REFERRAL_PROPOSED &&
	    access_may(ctx, PERM_REFERRAL_ANSWER)) {
		*side = PROVIDER;
		return 0;
	}
	if (!ctx->actor.system && r->case_ref) {
		struct case_row c;
		enum case_sight sight;

		if (store_case_by_ref(ctx->store, r->case_ref, ctx->arena, &c,
		    err) == -1 || case__sight(ctx, &c, &sight, err) == -1)
			return -1;
		if (access_sight_has(sight, PART_REFERRALS)) {
			*side = READER;
			return 0;
		}
	}
	return err_set(err, ERR_NOT_FOUND, "referral", "referral %" PRId64
	    " not found: check the number in your list of referrals", r->id);
}

static int
load(struct ctx *ctx, int64_t id, struct referral_row *r, enum side *side,
    struct err *err)
{
	if (store_referral_by_id(ctx->store, id, ctx->arena, r, err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "referral", "referral %"
			    PRId64 " not found: check the number in your list "
			    "of referrals", id);
		return -1;
	}
	return side_of(ctx, r, side, err);
}

struct update_write {
	struct referral_row	*r;
	const char		*action;
	const char		*reason;
};

static int
update_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct update_write *w = arg;

	if (store_referral_update(ctx->store, w->r, err) == -1)
		return -1;
	return event_and_audit(ctx, w->action, w->r, w->reason, err);
}

/* The reason for r's move to "to", checked; NULL when none is needed
 * and none given. */
static int
move_reason(struct ctx *ctx, enum referral_status to, const char *reason,
    const char **out, struct err *err)
{
	bool needed = to == REFERRAL_DECLINED || to == REFERRAL_WITHDRAWN;

	if (input_text(ctx, reason, INPUT_TEXT_MAX, TEXT_MULTILINE, "reason",
	    out, err) == -1)
		return -1;
	if (needed && !*out)
		return err_set(err, ERR_INVALID, "reason", "reason is missing: "
		    "say why the referral is %s",
		    enum_name(&referral_status_desc, to));
	return 0;
}

int
referral_move(struct ctx *ctx, int64_t id, const char *status,
    const char *reason, struct referral_row *out, struct err *err)
{
	enum side side = REFERRER, who;
	int to;
	size_t i;
	char now[TIMESTAMP_TEXT_SIZE];
	struct provider_row p;

	if (load(ctx, id, out, &side, err) == -1)
		return -1;
	to = input_enum(status, &referral_status_desc, -1, "status", err);
	if (to < 0 || move_reason(ctx, to, reason, &reason, err) == -1)
		return -1;
	for (i = 0; i < ARRAY_SIZE(moves); i++)
		if (moves[i].from == out->status && moves[i].to == (unsigned)to)
			break;
	if (i == ARRAY_SIZE(moves))
		return err_set(err, ERR_CONFLICT, "status", "referral %" PRId64
		    " is %s: it cannot become %s", id,
		    enum_name(&referral_status_desc, out->status),
		    enum_name(&referral_status_desc, to));
	/* An external provider's answers are recorded by the referrer. */
	who = moves[i].side == PROVIDER && !out->provider_agency_id ?
	    REFERRER : moves[i].side;
	if (who != side)
		return err_set(err, ERR_FORBIDDEN, "status", "only %s may make "
		    "referral %" PRId64 " %s: %s", who == REFERRER ?
		    "the referring agency" : "the provider", id,
		    enum_name(&referral_status_desc, to), who == REFERRER ?
		    "ask the agency that referred" : "the provider's staff "
		    "answer it from their list of referrals received");
	if (side == REFERRER && access_require(ctx, PERM_CASE_EDIT,
	    err) == -1)
		return -1;
	if (side == PROVIDER && access_require(ctx, PERM_REFERRAL_ANSWER,
	    err) == -1)
		return -1;
	/* Sending checks the provider again: it may have changed since. */
	if (to == REFERRAL_SENT) {
		struct person_row person;

		if (store_provider_by_code(ctx->store, out->provider_code,
		    ctx->arena, &p, err) == -1 ||
		    person__load(ctx, out->person_id, &person, err) == -1 ||
		    provider_accepts(&p, out->service, &(struct
		    provider_client){ out->child, person.sex, false },
		    "provider", err) == -1)
			return -1;
	}
	date_now_timestamp(now);
	out->status = to;
	out->updated_at = arena_strdup(ctx->arena, now);
	return ctx_transaction(ctx, update_write, &(struct update_write){
	    .r = out, .action = "referral.status", .reason = reason }, err);
}

int
referral_withdraw_consent(struct ctx *ctx, int64_t id, const char *reason,
    struct referral_row *out, struct err *err)
{
	enum side side = REFERRER;
	char now[TIMESTAMP_TEXT_SIZE];

	if (load(ctx, id, out, &side, err) == -1)
		return -1;
	if (side == READER)
		return err_set(err, ERR_FORBIDDEN, "referral", "referral %"
		    PRId64 " is %.24s's, shared with your agency to read: its "
		    "consent is withdrawn by the referring agency or the "
		    "provider", id, out->case_agency);
	if (access_require(ctx, side == REFERRER ? PERM_CASE_EDIT :
	    PERM_REFERRAL_ANSWER, err) == -1 ||
	    input_text(ctx, reason, INPUT_TEXT_MAX, TEXT_REQUIRED |
	    TEXT_MULTILINE, "reason", &reason, err) == -1)
		return -1;
	if (out->consent.withdrawn_at)
		return err_set(err, ERR_CONFLICT, "referral", "consent to "
		    "referral %" PRId64 " was withdrawn on %.10s already: "
		    "nothing more to record", id, out->consent.withdrawn_at);
	date_now_timestamp(now);
	out->updated_at = arena_strdup(ctx->arena, now);
	out->consent.withdrawn_at = out->updated_at;
	out->consent.withdrawn_reason = reason;
	if (!over(out->status))
		out->status = REFERRAL_WITHDRAWN;
	return ctx_transaction(ctx, update_write, &(struct update_write){
	    .r = out, .action = "referral.consent_withdrawn",
	    .reason = reason }, err);
}

/* The provider's view: what the consent shares, read and audited. */
static int
shared_data(struct ctx *ctx, struct referral_view *v, struct err *err)
{
	const struct referral_row *r = &v->r;
	struct case_person_row *links;
	struct person_row person;
	struct case_row c;
	size_t n;
	char idtext[24];

	if (r->shares & (ENUM_BIT(SCOPE_IDENTITY) | ENUM_BIT(SCOPE_CONTACT))) {
		if (person__load(ctx, r->person_id, &person, err) == -1)
			return -1;
		if (r->shares & ENUM_BIT(SCOPE_IDENTITY))
			v->name = person_display_name(ctx->arena, &person);
		if (r->shares & ENUM_BIT(SCOPE_CONTACT)) {
			v->contacts = person.contacts;
			v->n_contacts = person.n_contacts;
		}
	}
	if (r->shares & ENUM_BIT(SCOPE_CASE_SUMMARY)) {
		if (store_case_by_ref(ctx->store, r->case_ref, ctx->arena, &c,
		    err) == -1 || case__open_summary(ctx, &c, err) == -1)
			return -1;
		v->case_title = c.title;
		v->case_summary = c.summary;
	}
	if (r->shares & ENUM_BIT(SCOPE_SUSPECTS)) {
		if (store_case_person_list(ctx->store, r->case_id, ctx->arena,
		    &links, &n, err) == -1)
			return -1;
		v->suspects = arena_array(ctx->arena, n + 1,
		    sizeof(*v->suspects));
		for (size_t i = 0; i < n; i++) {
			if (links[i].role != CASE_ROLE_SUSPECT &&
			    links[i].role != CASE_ROLE_ACCUSED)
				continue;
			if (person__load(ctx, links[i].person_id, &person,
			    err) == -1)
				return -1;
			v->suspects[v->n_suspects++] = person_display_name(
			    ctx->arena, &person);
		}
	}
	snprintf(idtext, sizeof(idtext), "%" PRId64, r->id);
	return audit_append(ctx, &(struct audit_event){
		.action = "referral.read", .object_type = "referral",
		.object_id = idtext, .case_id = r->case_id,
		.agency_id = ctx->actor.agency_id }, err);
}

int
referral_show(struct ctx *ctx, int64_t id, struct referral_view *out,
    struct err *err)
{
	enum side side = REFERRER;

	*out = (struct referral_view){ 0 };
	if (load(ctx, id, &out->r, &side, err) == -1 ||
	    store_referral_events(ctx->store, id, ctx->arena, &out->events,
	    &out->n_events, err) == -1)
		return -1;
	out->referrer = side == REFERRER;
	out->reader = side == READER;
	out->open = open_to_provider(&out->r);
	if (side == PROVIDER && out->open && out->r.shares)
		return shared_data(ctx, out, err);
	return 0;
}

int
referral_list(struct ctx *ctx, const struct referral_query *q,
    struct referral_row **rows, size_t *n, struct err *err)
{
	struct referral_filter f = { .status = -1 };
	struct case_row c;

	*rows = NULL;
	*n = 0;
	if (q->limit < 0 || q->limit > REFERRAL_LIST_MAX)
		return err_set(err, ERR_INVALID, "limit", "limit is out of "
		    "range: give 1 to %d", REFERRAL_LIST_MAX);
	f.limit = q->limit ? q->limit : REFERRAL_LIST_DEFAULT;
	if (q->status && *q->status && (f.status = input_enum(q->status,
	    &referral_status_desc, -1, "status", err)) < 0)
		return -1;
	if (q->box && STREQ(q->box, "in")) {
		if (access_require(ctx, PERM_REFERRAL_ANSWER, err) == -1)
			return -1;
		if (q->ref && *q->ref)
			return err_set(err, ERR_INVALID, "ref", "the referrals "
			    "received are not listed by case: leave ref out");
		f.provider_agency_id = ctx->actor.agency_id;
		return store_referral_list(ctx->store, &f, ctx->arena, rows, n,
		    err);
	}
	if (!q->box || !STREQ(q->box, "out"))
		return err_set(err, ERR_INVALID, "box", "box is not known: give in "
		    "(received) or out (made)");
	/* A case's referrals answer like its other parts: 404 to a role
	 * that reads no cases, which case__find_part() checks. */
	if (q->ref && *q->ref) {
		if (case__find_part(ctx, q->ref, PART_REFERRALS, &c,
		    err) == -1)
			return -1;
		f.case_id = c.id;
		f.case_agency_id = c.agency_id;
	} else {
		if (access_require(ctx, PERM_CASE_READ, err) == -1)
			return -1;
		f.case_agency_id = ctx->actor.agency_id;
	}
	return store_referral_list(ctx->store, &f, ctx->arena, rows, n, err);
}

static json_t *
opt(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *
referral_json(const struct referral_row *r, bool referrer)
{
	const struct referral_consent *c = &r->consent;
	json_t *j = json_pack("{s:I, s:s, s:s, s:{s:s, s:s, s:o}, s:s, s:s, "
	    "s:o, s:b, s:o, s:s, s:s, s:s, s:I}", "id", (json_int_t)r->id,
	    "case", r->case_ref, "agency", r->case_agency, "provider",
	    "code", r->provider_code, "name", r->provider_name, "agency",
	    opt(r->provider_agency), "service", enum_name(&service_desc,
	    r->service), "status", enum_name(&referral_status_desc,
	    r->status), "shares",
	    enum_set_json(&consent_scope_desc, r->shares), "child", r->child,
	    "consent_withdrawn_at", opt(c->withdrawn_at), "created_at",
	    r->created_at, "created_by", r->created_by_username,
	    "updated_at", r->updated_at, "version", (json_int_t)r->version);

	if (referrer) {
		json_object_set_new(j, "person", json_integer(r->person_id));
		json_object_set_new(j, "needs", opt(r->needs));
		json_object_set_new(j, "consent", json_pack("{s:s, s:s, s:o, "
		    "s:o, s:s, s:o, s:o, s:o, s:o}", "explained", c->explained,
		    "language", c->language, "interpreter",
		    opt(c->interpreter), "scope",
		    enum_set_json(&consent_scope_desc, c->scope),
		    "given_on", c->given_on, "guardian", opt(c->guardian),
		    "best_interests", opt(c->best_interests), "withdrawn_at",
		    opt(c->withdrawn_at), "withdrawn_reason",
		    opt(c->withdrawn_reason)));
	}
	return j;
}

json_t *
referral_view_json(const struct referral_view *v)
{
	json_t *j = referral_json(&v->r, v->referrer || v->reader);
	json_t *history = json_array();

	if (v->reader)
		json_object_set_new(j, "reader", json_true());

	json_object_set_new(j, "open", json_boolean(v->open));
	for (size_t i = 0; i < v->n_events; i++) {
		const struct referral_event_row *e = &v->events[i];

		json_array_append_new(history, json_pack("{s:s, s:s, s:s, "
		    "s:s, s:o}", "status", enum_name(&referral_status_desc,
		    e->status), "at", e->at, "by", e->by_username, "agency",
		    e->agency, "reason", opt(e->reason)));
	}
	json_object_set_new(j, "history", history);
	if (v->referrer || v->reader || !v->open)
		return j;
	/* The provider's side: what the consent shares, and only that. */
	if (v->r.shares & ENUM_BIT(SCOPE_NEEDS))
		json_object_set_new(j, "needs", opt(v->r.needs));
	if (v->r.shares & ENUM_BIT(SCOPE_IDENTITY))
		json_object_set_new(j, "name", opt(v->name));
	if (v->r.shares & ENUM_BIT(SCOPE_CONTACT)) {
		json_t *contacts = json_array();

		for (size_t i = 0; i < v->n_contacts; i++)
			json_array_append_new(contacts, json_pack("{s:s, s:s}",
			    "kind", enum_name(&contact_kind_desc,
			    v->contacts[i].kind), "value",
			    v->contacts[i].value));
		json_object_set_new(j, "contacts", contacts);
	}
	if (v->r.shares & ENUM_BIT(SCOPE_CASE_SUMMARY))
		json_object_set_new(j, "case_summary", json_pack("{s:o, s:o}",
		    "title", opt(v->case_title), "summary",
		    opt(v->case_summary)));
	if (v->r.shares & ENUM_BIT(SCOPE_SUSPECTS)) {
		json_t *s = json_array();

		for (size_t i = 0; i < v->n_suspects; i++)
			json_array_append_new(s, json_string(v->suspects[i]));
		json_object_set_new(j, "suspects", s);
	}
	return j;
}
