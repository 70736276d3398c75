/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_merge.c - merging two persons' records and undoing it, pairs
 * found to be two people, and what the duplicate search reads in bulk.
 */
#include "base/arena.h"
#include "base/err.h"
#include "base/util.h"
#include "store/store_int.h"
#include "base/banned.h"

int
store_person_merge_insert(struct store *st, struct person_merge_row *row,
    struct err *err)
{
	enum stmt id = STMT_MERGE_INSERT;

	store__bind_int(st, id, 1, row->keep_id);
	store__bind_int(st, id, 2, row->other_id);
	store__bind_text(st, id, 3, row->reason);
	store__bind_text(st, id, 4, row->conflicts ? row->conflicts : "");
	store__bind_text(st, id, 5, row->merged_at);
	store__bind_int(st, id, 6, row->merged_by);
	return store__one_int(st, id, "merge", &row->id, err);
}

/* Runs steps[0..n), each bound to the merge, the two persons and, for
 * those with five parameters, when and by whom. */
static int
run_steps(struct store *st, const struct person_merge_row *m,
    const enum stmt *steps, size_t n, const char *at, int64_t by,
    struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		enum stmt id = steps[i];

		store__bind_int(st, id, 1, m->id);
		store__bind_int(st, id, 2, m->keep_id);
		store__bind_int(st, id, 3, m->other_id);
		if (id == STMT_MERGE_FOLD_LINKS) {
			store__bind_text(st, id, 4, at);
			store__bind_int(st, id, 5, by);
		}
		if (store__exec(st, id, err) == -1)
			return -1;
	}
	return 0;
}

int
store_person_merge_moves(struct store *st, const struct person_merge_row *m,
    struct err *err)
{
	static const enum stmt steps[] = {
		STMT_MERGE_NOTE_FOLDED_ROLES, STMT_MERGE_FOLD_ROLES,
		STMT_MERGE_NOTE_ROLES, STMT_MERGE_ROLES,
		STMT_MERGE_NOTE_FACTS, STMT_MERGE_FACTS,
		STMT_MERGE_NOTE_SCREENINGS, STMT_MERGE_SCREENINGS,
		STMT_MERGE_NOTE_REFERRALS, STMT_MERGE_REFERRALS,
		STMT_MERGE_NOTE_FOLDED_LINKS, STMT_MERGE_FOLD_LINKS,
		STMT_MERGE_NOTE_LINKS, STMT_MERGE_LINKS,
	};

	if (run_steps(st, m, steps, ARRAY_SIZE(steps), m->merged_at,
	    m->merged_by, err) == -1)
		return -1;
	return store_person_set_merged_into(st, m->other_id, m->keep_id, err);
}

int
store_person_unmerge(struct store *st, const struct person_merge_row *m,
    struct err *err)
{
	static const enum stmt steps[] = {
		STMT_UNMERGE_ROLES, STMT_UNMERGE_FOLDED_ROLES,
		STMT_UNMERGE_FACTS, STMT_UNMERGE_SCREENINGS,
		STMT_UNMERGE_REFERRALS, STMT_UNMERGE_LINKS,
		STMT_UNMERGE_FOLDED_LINKS,
	};
	enum stmt id = STMT_MERGE_UNDO;

	if (run_steps(st, m, steps, ARRAY_SIZE(steps), NULL, 0, err) == -1 ||
	    store_person_set_merged_into(st, m->other_id, 0, err) == -1)
		return -1;
	store__bind_int(st, id, 1, m->id);
	store__bind_text(st, id, 2, m->undone_at);
	store__bind_int(st, id, 3, m->undone_by);
	store__bind_text(st, id, 4, m->undo_reason);
	return store__exec(st, id, err);
}

int
store_person_set_merged_into(struct store *st, int64_t id, int64_t into,
    struct err *err)
{
	store__bind_int(st, STMT_PERSON_SET_MERGED_INTO, 1, id);
	store__bind_int(st, STMT_PERSON_SET_MERGED_INTO, 2, into);
	return store__exec(st, STMT_PERSON_SET_MERGED_INTO, err);
}

static void
read_id(struct store *st, enum stmt id, struct arena *a, void *out)
{
	(void)a;
	*(int64_t *)out = store__int(st, id, 0);
}

int
store_person_merged_from(struct store *st, int64_t id, struct arena *a,
    int64_t **ids, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_PERSON_MERGED_FROM, 1, id);
	return store__all(st, STMT_PERSON_MERGED_FROM, a, (void **)ids, n,
	    sizeof(**ids), read_id, err);
}

static void
read_id_pair(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct store_id_pair *p = out;

	(void)a;
	p->a = store__int(st, id, 0);
	p->b = store__int(st, id, 1);
}

int
store_persons_merged(struct store *st, struct arena *a,
    struct store_id_pair **rows, size_t *n, struct err *err)
{
	return store__all(st, STMT_PERSONS_MERGED, a, (void **)rows, n,
	    sizeof(**rows), read_id_pair, err);
}

static void
read_merge(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct person_merge_row *m = out;

	*m = (struct person_merge_row){
		.id = store__int(st, id, 0),
		.keep_id = store__int(st, id, 1),
		.other_id = store__int(st, id, 2),
		.reason = store__text(st, id, 3, a),
		.conflicts = store__text(st, id, 4, a),
		.merged_at = store__text(st, id, 5, a),
		.merged_by = store__int(st, id, 6),
		.merged_by_name = store__text(st, id, 7, a),
		.undone_at = store__text(st, id, 8, a),
		.undone_by = store__int(st, id, 9),
		.undone_by_name = store__text(st, id, 10, a),
		.undo_reason = store__text(st, id, 11, a),
	};
}

int
store_person_merge_live(struct store *st, int64_t other_id, struct arena *a,
    struct person_merge_row *row, struct err *err)
{
	enum stmt id = STMT_MERGE_LIVE;

	store__bind_int(st, id, 1, other_id);
	if (store__one(st, id, "merge", err) == -1)
		return -1;
	read_merge(st, id, a, row);
	store__reset(st, id);
	return 0;
}

int
store_person_merge_list(struct store *st, int64_t person_id, int limit,
    struct arena *a, struct person_merge_row **rows, size_t *n,
    struct err *err)
{
	store__bind_int(st, STMT_MERGE_LIST, 1, person_id);
	store__bind_int(st, STMT_MERGE_LIST, 2, limit);
	return store__all(st, STMT_MERGE_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_merge, err);
}

int
store_person_distinct_insert(struct store *st, int64_t a, int64_t b,
    const char *reason, const char *at, int64_t user_id, struct err *err)
{
	enum stmt id = STMT_DISTINCT_INSERT;

	store__bind_int(st, id, 1, a);
	store__bind_int(st, id, 2, b);
	store__bind_text(st, id, 3, reason);
	store__bind_text(st, id, 4, at);
	store__bind_int(st, id, 5, user_id);
	return store__exec(st, id, err);
}

int
store_person_distinct_all(struct store *st, struct arena *a,
    struct store_id_pair **rows, size_t *n, struct err *err)
{
	return store__all(st, STMT_DISTINCT_ALL, a, (void **)rows, n,
	    sizeof(**rows), read_id_pair, err);
}

int
store_person_tokens(struct store *st, int (*fn)(int64_t person_id,
    const char *kind, const char *value, void *arg), void *arg,
    struct err *err)
{
	enum stmt id = STMT_PERSON_TOKENS;
	int rc;

	while ((rc = store__step(st, id, err)) == 1) {
		const char *kind = st->drv->col_text(st, id, 1);
		const char *value = st->drv->col_text(st, id, 2);

		if (kind && value && fn(store__int(st, id, 0), kind, value,
		    arg) == -1) {
			store__reset(st, id);
			return -1;
		}
	}
	store__reset(st, id);
	return rc;
}

int
store_person_traits(struct store *st, int (*fn)(const struct person_row *p,
    void *arg), void *arg, struct err *err)
{
	enum stmt id = STMT_PERSON_TRAITS;
	int rc;

	while ((rc = store__step(st, id, err)) == 1) {
		struct person_row p = {
			.id = store__int(st, id, 0),
			.sex = store__enum(st, id, 1, &sex_desc, SEX_UNKNOWN),
			.birth_date = st->drv->col_text(st, id, 2),
			.birth_year = (int)store__int(st, id, 3),
			.birth_year_estimated = store__int(st, id, 4) != 0,
		};

		if (fn(&p, arg) == -1) {
			store__reset(st, id);
			return -1;
		}
	}
	store__reset(st, id);
	return rc;
}
