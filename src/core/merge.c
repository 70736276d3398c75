/* SPDX-License-Identifier: Apache-2.0 */
/* merge.c - merging two persons' records, and undoing it. */
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
#include "core/ctx.h"
#include "core/input.h"
#include "core/merge.h"
#include "core/person.h"
#include "store/store.h"
#include "base/banned.h"

/* Merges are rare; a chain longer than this is a loop. */
#define ROOT_DEPTH_MAX	64
#define MERGES_LISTED	100

static bool
victim_side(enum case_role r)
{
	return r == CASE_ROLE_PRESUMED_VICTIM || r == CASE_ROLE_VICTIM ||
	    r == CASE_ROLE_SMUGGLED_MIGRANT;
}

static bool
offender_side(enum case_role r)
{
	return r == CASE_ROLE_SUSPECT || r == CASE_ROLE_ACCUSED;
}

/*
 * A victim may also be the witness or the one who reported; a victim who
 * is also the suspect, or the guardian of the child victim, is either a
 * wrong merge or a case to rethink.
 */
bool
merge_roles_conflict(enum case_role a, enum case_role b)
{
	if ((victim_side(a) && offender_side(b)) ||
	    (victim_side(b) && offender_side(a)))
		return true;
	return (a == CASE_ROLE_GUARDIAN && (victim_side(b) ||
	    offender_side(b))) || (b == CASE_ROLE_GUARDIAN &&
	    (victim_side(a) || offender_side(a)));
}

int
person__root(struct ctx *ctx, int64_t id, int64_t *root, struct err *err)
{
	for (int depth = 0; depth < ROOT_DEPTH_MAX; depth++) {
		struct person_row p;

		if (store_person_by_id(ctx->store, id, ctx->arena, &p,
		    err) == -1)
			return -1;
		if (p.merged_into == 0) {
			*root = id;
			return 0;
		}
		id = p.merged_into;
	}
	return err_set(err, ERR_INTERNAL, NULL, "person %" PRId64 " is in a "
	    "loop of merges: report this", id);
}

int
person__roots(struct ctx *ctx, const int64_t *ids, size_t n, int64_t *roots,
    struct err *err)
{
	int64_t *into = arena_array(ctx->arena, n ? n : 1, sizeof(*into));

	if (store_persons_merged_into(ctx->store, ids, n, into, err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (into[i] == 0)
			roots[i] = ids[i];
		else if (person__root(ctx, into[i], &roots[i], err) == -1)
			return -1;
	}
	return 0;
}

/* Person id if the actor sees it, or ERR_NOT_FOUND naming field. */
static int
find_person(struct ctx *ctx, int64_t id, const char *field,
    struct person_row *p, struct err *err)
{
	bool visible = false;

	if (person__visible(ctx, id, &visible, err) == -1)
		return -1;
	if (!visible)
		return err_set(err, ERR_NOT_FOUND, field, "person %" PRId64
		    " not found: check the id", id);
	return store_person_by_id(ctx->store, id, ctx->arena, p, err);
}

/* The roles keep and other hold together in one case, that conflict. */
static int
role_conflicts(struct ctx *ctx, int64_t keep, int64_t other,
    struct merge_conflict **out, size_t *n_out, struct err *err)
{
	struct case_person_row *k, *o;
	size_t nk, no, n = 0;

	if (store_person_case_list(ctx->store, keep, ctx->arena, &k, &nk,
	    err) == -1 ||
	    store_person_case_list(ctx->store, other, ctx->arena, &o, &no,
	    err) == -1)
		return -1;
	*out = arena_array(ctx->arena, nk * no + 1, sizeof(**out));
	for (size_t i = 0; i < nk; i++)
		for (size_t j = 0; j < no; j++) {
			struct case_row c;

			if (k[i].case_id != o[j].case_id ||
			    !merge_roles_conflict(k[i].role, o[j].role))
				continue;
			if (store_case_by_id(ctx->store, k[i].case_id,
			    ctx->arena, &c, err) == -1)
				return -1;
			(*out)[n++] = (struct merge_conflict){ c.ref,
			    k[i].role, o[j].role };
		}
	*n_out = n;
	return 0;
}

/* "KRI-MOI-2026-000003: victim and suspect; ..." for the record. */
static const char *
conflicts_text(struct ctx *ctx, const struct merge_conflict *c, size_t n)
{
	struct buf b = BUF_INIT(4096);
	const char *s;

	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s: %s and %s", i ? "; " : "", c[i].case_ref,
		    enum_name(&case_role_desc, c[i].keep_role),
		    enum_name(&case_role_desc, c[i].other_role));
	s = arena_strdup(ctx->arena, b.s);
	buf_release(&b);
	return s;
}

static int
merge_audit(struct ctx *ctx, const char *action,
    const struct person_merge_row *m, struct err *err)
{
	char id[24];
	json_t *changes;
	int rc;

	snprintf(id, sizeof(id), "%" PRId64, m->keep_id);
	changes = json_pack("{s:I, s:I, s:I, s:b}", "merge", (json_int_t)m->id,
	    "keep", (json_int_t)m->keep_id, "other", (json_int_t)m->other_id,
	    "conflicts_confirmed", m->conflicts && *m->conflicts);
	rc = audit_append(ctx, &(struct audit_event){
		.action = action, .object_type = "person", .object_id = id,
		.agency_id = ctx->actor.agency_id, .changes = changes }, err);
	json_decref(changes);
	return rc;
}

struct merge_write {
	const struct merge_input	*in;
	struct person_merge_row		*row;
	struct merge_conflict		*conflicts;
	size_t				 n_conflicts;
};

static int
merge_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct merge_write *w = arg;
	struct person_row keep, other;

	/* Read again inside the transaction: two supervisors merging the
	 * same pair at once merge it once. */
	if (find_person(ctx, w->in->keep, "keep", &keep, err) == -1 ||
	    find_person(ctx, w->in->other, "other", &other, err) == -1)
		return -1;
	if (other.merged_into)
		return err_set(err, ERR_CONFLICT, "other", "person %" PRId64
		    " was merged into person %" PRId64 " already: merge that "
		    "one, or unmerge first", other.id, other.merged_into);
	if (keep.merged_into)
		return err_set(err, ERR_CONFLICT, "keep", "person %" PRId64
		    " was merged into person %" PRId64 ": keep that one "
		    "instead", keep.id, keep.merged_into);
	if (role_conflicts(ctx, keep.id, other.id, &w->conflicts,
	    &w->n_conflicts, err) == -1)
		return -1;
	if (w->n_conflicts && !w->in->confirm)
		return err_set(err, ERR_CONFLICT, "confirm", "persons %" PRId64
		    " and %" PRId64 " are both in %s (%s and %s)%s: merging "
		    "makes them one person in conflicting roles; confirm "
		    "to merge anyway", keep.id, other.id,
		    w->conflicts[0].case_ref,
		    enum_name(&case_role_desc, w->conflicts[0].keep_role),
		    enum_name(&case_role_desc, w->conflicts[0].other_role),
		    w->n_conflicts > 1 ? " and in other cases" : "");
	w->row->conflicts = conflicts_text(ctx, w->conflicts,
	    w->n_conflicts);
	if (store_person_merge_insert(ctx->store, w->row, err) == -1 ||
	    store_person_merge_moves(ctx->store, w->row, err) == -1)
		return -1;
	return merge_audit(ctx, "person.merge", w->row, err);
}

int
person_merge(struct ctx *ctx, const struct merge_input *in,
    struct person_merge_row *out, struct merge_conflict **conflicts,
    size_t *n, struct err *err)
{
	struct merge_write w = { in, out, NULL, 0 };
	char now[TIMESTAMP_TEXT_SIZE];
	int rc;

	*out = (struct person_merge_row){ .keep_id = in->keep,
	    .other_id = in->other };
	if (conflicts)
		*conflicts = NULL;
	if (n)
		*n = 0;
	if (access_require(ctx, PERM_PERSON_MERGE, err) == -1)
		return -1;
	if (in->keep == in->other)
		return err_set(err, ERR_INVALID, "other", "person %" PRId64
		    " cannot be merged with themselves: give two persons",
		    in->keep);
	if (input_text(ctx, in->reason, INPUT_TEXT_MAX,
	    TEXT_REQUIRED | TEXT_MULTILINE, "reason", &out->reason, err) == -1)
		return -1;
	date_now_timestamp(now);
	out->merged_at = arena_strdup(ctx->arena, now);
	out->merged_by = ctx->actor.user_id;
	out->merged_by_name = ctx->actor.username;
	rc = ctx_transaction(ctx, merge_write, &w, err);
	if (conflicts)
		*conflicts = w.conflicts;
	if (n)
		*n = w.n_conflicts;
	return rc;
}

static int
unmerge_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct person_merge_row *m = arg, later;
	bool sees_keep = false, sees_other = false;
	const char *at = m->undone_at, *reason = m->undo_reason;
	int64_t other_id = m->other_id;

	if (store_person_merge_live(ctx->store, other_id, ctx->arena, m,
	    err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "id", "person %" PRId64
			    " is not merged into anyone: nothing to undo",
			    other_id);
		return -1;
	}
	/* What the merge moved may have moved on with the person kept:
	 * merges are undone the latest first. */
	if (store_person_merge_live(ctx->store, m->keep_id, ctx->arena,
	    &later, err) == 0)
		return err_set(err, ERR_CONFLICT, "id", "person %" PRId64
		    ", which person %" PRId64 " was merged into, was merged "
		    "into person %" PRId64 " since: unmerge person %" PRId64
		    " first", m->keep_id, other_id, later.keep_id, m->keep_id);
	if (err->code != ERR_NOT_FOUND)
		return -1;
	*err = (struct err)ERR_INIT;
	/* The agency of either record may undo: the one merged away is
	 * seen only by the agency that recorded it, once its roles moved. */
	if (person__visible(ctx, m->keep_id, &sees_keep, err) == -1 ||
	    person__visible(ctx, other_id, &sees_other, err) == -1)
		return -1;
	if (!sees_keep && !sees_other)
		return err_set(err, ERR_NOT_FOUND, "id", "person %" PRId64
		    " not found: check the id", other_id);
	m->undone_at = at;
	m->undone_by = ctx->actor.user_id;
	m->undone_by_name = ctx->actor.username;
	m->undo_reason = reason;
	if (store_person_unmerge(ctx->store, m, err) == -1)
		return -1;
	return merge_audit(ctx, "person.unmerge", m, err);
}

int
person_unmerge(struct ctx *ctx, int64_t other, const char *reason,
    struct person_merge_row *out, struct err *err)
{
	char now[TIMESTAMP_TEXT_SIZE];

	*out = (struct person_merge_row){ .other_id = other };
	if (access_require(ctx, PERM_PERSON_MERGE, err) == -1 ||
	    input_text(ctx, reason, INPUT_TEXT_MAX,
	    TEXT_REQUIRED | TEXT_MULTILINE, "reason", &out->undo_reason,
	    err) == -1)
		return -1;
	date_now_timestamp(now);
	out->undone_at = arena_strdup(ctx->arena, now);
	return ctx_transaction(ctx, unmerge_write, out, err);
}

int
person_merges(struct ctx *ctx, int64_t id, struct person_merge_row **rows,
    size_t *n, struct err *err)
{
	struct person_row p;

	*rows = NULL;
	*n = 0;
	if (access_require(ctx, PERM_PERSON_MERGE, err) == -1 ||
	    find_person(ctx, id, "id", &p, err) == -1)
		return -1;
	return store_person_merge_list(ctx->store, id, MERGES_LISTED,
	    ctx->arena, rows, n, err);
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *
person_merge_json(const struct person_merge_row *m)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
	    "id", (json_int_t)m->id, "keep", (json_int_t)m->keep_id,
	    "other", (json_int_t)m->other_id,
	    "reason", m->reason ? m->reason : "",
	    "merged_at", m->merged_at ? m->merged_at : "",
	    "merged_by", m->merged_by_name ? m->merged_by_name : "",
	    "conflicts", m->conflicts && *m->conflicts ?
	    json_string(m->conflicts) : json_null(),
	    "undone_at", str_or_null(m->undone_at),
	    "undone_by", str_or_null(m->undone_by_name),
	    "undo_reason", str_or_null(m->undo_reason));
}

json_t *
merge_conflicts_json(const struct merge_conflict *c, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}",
		    "case", c[i].case_ref, "keep_role",
		    enum_name(&case_role_desc, c[i].keep_role), "other_role",
		    enum_name(&case_role_desc, c[i].other_role)));
	return list;
}
