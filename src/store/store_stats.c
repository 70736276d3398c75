/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_stats.c - what statistics count (core/stats.h), read in bulk:
 * persons by population, referrals and cases, never a name.
 */
#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

static void
read_person(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct store_stats_person *row = out;

	row->sex = store__enum(st, id, 0, &sex_desc, SEX_UNKNOWN);
	row->role = store__enum(st, id, 1, &case_role_desc,
	    CASE_ROLE_WITNESS);
	row->child = store__int(st, id, 2) != 0;
	row->age_basis = store__enum(st, id, 3, &age_basis_desc,
	    AGE_BASIS_UNKNOWN);
	row->identified_on = store__text(st, id, 4, a);
	row->agency = store__text(st, id, 5, a);
	row->nationalities = store__text(st, id, 6, a);
	row->purposes = store__text(st, id, 7, a);
	row->route = store__text(st, id, 8, a);
}

int
store_stats_persons(struct store *st, const struct store_stats_filter *f,
    const char *population, struct arena *a,
    struct store_stats_person **rows, size_t *n, struct err *err)
{
	enum stmt id = STMT_STATS_PERSONS;

	store__bind_text(st, id, 1, population);
	store__bind_text(st, id, 2, f->from);
	store__bind_text(st, id, 3, f->to);
	store__bind_int(st, id, 4, f->agency_id);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_person, err);
}

static void
read_referral(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct store_stats_referral *row = out;

	row->service = store__text(st, id, 0, a);
	row->status = store__text(st, id, 1, a);
	row->created_on = store__text(st, id, 2, a);
	row->agency = store__text(st, id, 3, a);
}

int
store_stats_referrals(struct store *st, const struct store_stats_filter *f,
    struct arena *a, struct store_stats_referral **rows, size_t *n,
    struct err *err)
{
	enum stmt id = STMT_STATS_REFERRALS;

	store__bind_text(st, id, 1, f->from);
	store__bind_text(st, id, 2, f->to);
	store__bind_int(st, id, 3, f->agency_id);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_referral, err);
}

int
store_stats_cases(struct store *st, const struct store_stats_filter *f,
    struct arena *a, struct case_row **rows, size_t *n, struct err *err)
{
	enum stmt id = STMT_STATS_CASES;

	store__bind_text(st, id, 1, f->from);
	store__bind_text(st, id, 2, f->to);
	store__bind_int(st, id, 3, f->agency_id);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    store__read_case, err);
}
