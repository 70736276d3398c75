/* SPDX-License-Identifier: Apache-2.0 */
/* share.c - sharing a case with another agency, and revoking it. */
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "core/access.h"
#include "core/agency.h"
#include "core/case.h"
#include "core/ctx.h"
#include "core/input.h"
#include "core/share.h"
#include "store/store.h"
#include "base/banned.h"

struct share_write {
	const struct case_row	*c;
	struct case_share_row	*row;
	const char		*today;
};

static int
share_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct share_write *w = arg;
	struct case_share_row live;
	json_t *changes;

	/* Checked in the write's transaction: two supervisors sharing at
	 * once make one share, not two. */
	if (store_case_share_live(ctx->store, w->c->id, w->row->agency_id,
	    w->today, ctx->arena, &live, err) == 0)
		return err_set(err, ERR_CONFLICT, "agency", "case %.48s is "
		    "already shared with %.32s (share %lld): revoke that "
		    "share to change it", w->c->ref, w->row->agency_code,
		    (long long)live.id);
	if (err->code != ERR_NOT_FOUND)
		return -1;
	*err = (struct err)ERR_INIT;
	if (store_case_share_insert(ctx->store, w->row, err) == -1)
		return -1;
	changes = json_pack("{s:I, s:s, s:s, s:o}", "share",
	    (json_int_t)w->row->id, "agency", w->row->agency_code, "scope",
	    enum_name(&share_scope_desc, w->row->scope), "until",
	    w->row->expires_on ? json_string(w->row->expires_on) :
	    json_null());
	return case__audit(ctx, "case.share", w->c, changes, err);
}

int
case_share(struct ctx *ctx, const struct case_share_input *in,
    struct case_share_row *out, struct err *err)
{
	struct case_row c;
	struct agency_row agency;
	struct date until, today;
	char today_text[DATE_TEXT_SIZE], until_text[DATE_TEXT_SIZE];
	char now[TIMESTAMP_TEXT_SIZE];
	bool given = false;
	int scope;

	*out = (struct case_share_row){ 0 };
	if (case__find(ctx, in->ref, PERM_CASE_SHARE, &c, err) == -1 ||
	    agency_find(ctx, in->agency, "agency", &agency, err) == -1)
		return -1;
	if (!in->scope || !*in->scope)
		return err_set(err, ERR_INVALID, "scope", "scope is missing: "
		    "say what the agency may read, whole (the case), "
		    "assistance (the victims' assistance) or investigation "
		    "(suspects and evidence)");
	if ((scope = input_enum(in->scope, &share_scope_desc, -1, "scope",
	    err)) < 0 ||
	    input_text(ctx, in->reason, INPUT_TEXT_MAX,
	    TEXT_REQUIRED | TEXT_MULTILINE, "reason", &out->reason,
	    err) == -1 ||
	    input_date(in->until, "until", &until, &given, err) == -1)
		return -1;
	if (agency.id == c.agency_id)
		return err_set(err, ERR_INVALID, "agency", "case %.48s is "
		    "%.32s's own: share it with another agency", c.ref,
		    agency.code);
	date_today(&today);
	date_format(&today, today_text);
	if (given && date_cmp(&until, &today) < 0)
		return err_set(err, ERR_INVALID, "until", "until %s is past: "
		    "give today or a later day, or none", in->until);
	date_now_timestamp(now);
	out->case_id = c.id;
	out->agency_id = agency.id;
	out->agency_code = agency.code;
	out->scope = scope;
	out->shared_at = arena_strdup(ctx->arena, now);
	out->shared_by = ctx->actor.user_id;
	out->shared_by_username = arena_strdup(ctx->arena,
	    ctx->actor.username);
	if (given) {
		date_format(&until, until_text);
		out->expires_on = arena_strdup(ctx->arena, until_text);
	}
	return ctx_transaction(ctx, share_write,
	    &(struct share_write){ &c, out, today_text }, err);
}

struct unshare_write {
	const struct case_row	*c;
	struct case_share_row	*row;
};

static int
unshare_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct unshare_write *w = arg;

	if (store_case_share_revoke(ctx->store, w->row, err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_CONFLICT, "share", "share %lld of "
			    "case %.48s is already revoked",
			    (long long)w->row->id, w->c->ref);
		return -1;
	}
	return case__audit(ctx, "case.unshare", w->c, json_pack(
	    "{s:I, s:s}", "share", (json_int_t)w->row->id, "agency",
	    w->row->agency_code), err);
}

int
case_unshare(struct ctx *ctx, const char *ref, int64_t share_id,
    const char *reason, struct case_share_row *out, struct err *err)
{
	struct case_row c;
	char now[TIMESTAMP_TEXT_SIZE];

	*out = (struct case_share_row){ 0 };
	if (case__find(ctx, ref, PERM_CASE_SHARE, &c, err) == -1)
		return -1;
	if (store_case_share_get(ctx->store, share_id, c.id, ctx->arena, out,
	    err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "share", "case %.48s has "
			    "no share %lld: see its shares", c.ref,
			    (long long)share_id);
		return -1;
	}
	if (out->revoked_at)
		return err_set(err, ERR_CONFLICT, "share", "share %lld of "
		    "case %.48s is already revoked", (long long)share_id,
		    c.ref);
	if (input_text(ctx, reason, INPUT_TEXT_MAX,
	    TEXT_REQUIRED | TEXT_MULTILINE, "reason", &out->revoke_reason,
	    err) == -1)
		return -1;
	date_now_timestamp(now);
	out->revoked_at = arena_strdup(ctx->arena, now);
	out->revoked_by = ctx->actor.user_id;
	return ctx_transaction(ctx, unshare_write,
	    &(struct unshare_write){ &c, out }, err);
}

int
case_shares(struct ctx *ctx, const char *ref, struct case_share_row **rows,
    size_t *n, struct err *err)
{
	struct case_row c;

	*rows = NULL;
	*n = 0;
	if (case__find(ctx, ref, PERM_CASE_READ, &c, err) == -1)
		return -1;
	/* Another agency sees its own share, not whom else the owner
	 * told. */
	return store_case_share_list(ctx->store, c.id,
	    c.agency_id == ctx->actor.agency_id ? 0 : ctx->actor.agency_id,
	    ctx->arena, rows, n, err);
}

json_t *
case_share_json(const struct case_share_row *row, const char *today)
{
	const char *state = row->revoked_at ? "revoked" :
	    row->expires_on && strcmp(row->expires_on, today) < 0 ?
	    "expired" : "live";

	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o}",
	    "id", (json_int_t)row->id,
	    "agency", row->agency_code ? row->agency_code : "",
	    "scope", enum_name(&share_scope_desc, row->scope),
	    "reason", row->reason ? row->reason : "",
	    "shared_at", row->shared_at ? row->shared_at : "",
	    "shared_by", row->shared_by_username ?
	    row->shared_by_username : "",
	    "until", row->expires_on ? json_string(row->expires_on) :
	    json_null(),
	    "state", state,
	    "revoked_at", row->revoked_at ? json_string(row->revoked_at) :
	    json_null(),
	    "revoke_reason", row->revoke_reason ?
	    json_string(row->revoke_reason) : json_null());
}

struct transfer_write {
	struct case_row			*c;
	struct case_transfer_row	*t;
	int				 keep;	/* share scope, or -1 */
	const char			*today;
};

static int
transfer_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct transfer_write *w = arg;
	struct case_share_row live, kept;
	json_t *changes;

	/* The agency taking the case over reads it as its own now. */
	if (store_case_share_live(ctx->store, w->c->id, w->t->to_agency_id,
	    w->today, ctx->arena, &live, err) == 0) {
		live.revoked_at = w->t->at;
		live.revoked_by = ctx->actor.user_id;
		live.revoke_reason = "the case was transferred to this agency";
		if (store_case_share_revoke(ctx->store, &live, err) == -1)
			return -1;
	} else if (err->code != ERR_NOT_FOUND) {
		return -1;
	}
	*err = (struct err)ERR_INIT;
	if (w->keep >= 0) {
		kept = (struct case_share_row){ .case_id = w->c->id,
		    .agency_id = w->t->from_agency_id,
		    .agency_code = w->t->from_agency_code, .scope = w->keep,
		    .reason = w->t->reason, .shared_at = w->t->at,
		    .shared_by = ctx->actor.user_id };
		if (store_case_share_insert(ctx->store, &kept, err) == -1)
			return -1;
		w->t->kept_share_id = kept.id;
	}
	if (store_case_transfer(ctx->store, w->c, w->t, err) == -1 ||
	    store_cooperation_move_case(ctx->store, w->c->id,
	    w->t->to_agency_id, err) == -1)
		return -1;
	changes = json_pack("{s:I, s:s, s:s, s:o, s:o}", "transfer",
	    (json_int_t)w->t->id, "from", w->t->from_agency_code, "to",
	    w->t->to_agency_code, "lead", w->t->lead_username ?
	    json_string(w->t->lead_username) : json_null(), "kept",
	    w->keep >= 0 ? json_string(enum_name(&share_scope_desc,
	    w->keep)) : json_null());
	return case__audit(ctx, "case.transfer", w->c, changes, err);
}

int
case_transfer(struct ctx *ctx, const struct case_transfer_input *in,
    struct case_transfer_row *out, struct err *err)
{
	struct case_row c;
	struct agency_row agency;
	struct user_row lead;
	char today[DATE_TEXT_SIZE], now[TIMESTAMP_TEXT_SIZE];
	int keep = -1;

	*out = (struct case_transfer_row){ 0 };
	if (case__find(ctx, in->ref, PERM_CASE_SHARE, &c, err) == -1 ||
	    agency_find(ctx, in->agency, "agency", &agency, err) == -1 ||
	    input_text(ctx, in->reason, INPUT_TEXT_MAX,
	    TEXT_REQUIRED | TEXT_MULTILINE, "reason", &out->reason,
	    err) == -1)
		return -1;
	if (agency.id == c.agency_id)
		return err_set(err, ERR_INVALID, "agency", "case %.48s is "
		    "%.32s's already: name the agency taking it over",
		    c.ref, agency.code);
	if (c.status != CASE_STATUS_OPEN)
		return err_set(err, ERR_CONFLICT, "ref", "case %.48s is "
		    "closed: only an open case is transferred", c.ref);
	if (in->keep && *in->keep && (keep = input_enum(in->keep,
	    &share_scope_desc, -1, "keep", err)) < 0)
		return -1;
	if (in->lead && *in->lead) {
		if (case__lead(ctx, in->lead, agency.id, &lead, err) == -1)
			return -1;
		out->lead_user_id = lead.id;
		out->lead_username = lead.username;
	}
	case__today(today);
	date_now_timestamp(now);
	out->case_id = c.id;
	out->from_agency_id = c.agency_id;
	out->from_agency_code = c.agency_code;
	out->to_agency_id = agency.id;
	out->to_agency_code = agency.code;
	out->at = arena_strdup(ctx->arena, now);
	out->by_user_id = ctx->actor.user_id;
	out->by_username = arena_strdup(ctx->arena, ctx->actor.username);
	return ctx_transaction(ctx, transfer_write, &(struct transfer_write){
	    &c, out, keep, today }, err);
}

int
case_transfers(struct ctx *ctx, const char *ref,
    struct case_transfer_row **rows, size_t *n, struct err *err)
{
	struct case_row c;

	*rows = NULL;
	*n = 0;
	if (case__find_part(ctx, ref, PART_SHARES, &c, err) == -1)
		return -1;
	return store_case_transfer_list(ctx->store, c.id, ctx->arena, rows, n,
	    err);
}

json_t *
case_transfer_json(const struct case_transfer_row *row)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o}",
	    "id", (json_int_t)row->id, "from", row->from_agency_code,
	    "to", row->to_agency_code, "reason", row->reason, "at", row->at,
	    "by", row->by_username, "lead", row->lead_username ?
	    json_string(row->lead_username) : json_null(), "kept_share",
	    row->kept_share_id ? json_integer(row->kept_share_id) :
	    json_null());
}
