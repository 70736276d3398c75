/* SPDX-License-Identifier: Apache-2.0 */
/* store_counselling.c - the counselling log of Migrant Resource Centres. */
#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

static void
read_counselling(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct counselling_row *k = out;

	k->id = store__int(st, id, 0);
	k->agency_id = store__int(st, id, 1);
	k->agency = store__text(st, id, 2, a);
	k->held_on = store__text(st, id, 3, a);
	k->party = store__enum(st, id, 4, &counsel_party_desc,
	    COUNSEL_PARTY_PERSON);
	k->people = (int)store__int(st, id, 5);
	k->pseudonym = store__text(st, id, 6, a);
	k->sex = store__enum(st, id, 7, &sex_desc, SEX_UNKNOWN);
	k->age_group = store__enum(st, id, 8, &counsel_age_desc,
	    COUNSEL_AGE_UNKNOWN);
	k->nationality = store__text(st, id, 9, a);
	k->situation = store__enum(st, id, 10, &counsel_situation_desc,
	    COUNSEL_SITUATION_OTHER);
	k->destination = store__text(st, id, 11, a);
	k->route = store__text(st, id, 12, a);
	k->topics = (unsigned)store__int(st, id, 13);
	k->risks = (unsigned)store__int(st, id, 14);
	k->sheets = store__text(st, id, 15, a);
	k->notes = store__text(st, id, 16, a);
	k->follow_up_on = store__text(st, id, 17, a);
	k->follow_up_done_at = store__text(st, id, 18, a);
	k->referred_to = store__int(st, id, 19);
	k->referred_to_code = store__text(st, id, 20, a);
	k->referral_note = store__text(st, id, 21, a);
	k->consent = store__int(st, id, 22) != 0;
	k->full_name = store__text(st, id, 23, a);
	k->contact = store__text(st, id, 24, a);
	k->case_id = store__int(st, id, 25);
	k->case_ref = store__text(st, id, 26, a);
	k->person_id = store__int(st, id, 27);
	k->created_at = store__text(st, id, 28, a);
	k->created_by = store__int(st, id, 29);
	k->counsellor = store__text(st, id, 30, a);
	k->updated_at = store__text(st, id, 31, a);
}

/* Binds ?2 to ?24, the columns an insert and an update share. */
static void
bind_record(struct store *st, enum stmt id, const struct counselling_row *k)
{
	store__bind_text(st, id, 2, k->held_on);
	store__bind_text(st, id, 3, enum_name(&counsel_party_desc,
	    (int)k->party));
	store__bind_int(st, id, 4, k->people);
	store__bind_text(st, id, 5, k->pseudonym);
	store__bind_text(st, id, 6, enum_name(&sex_desc, (int)k->sex));
	store__bind_text(st, id, 7, enum_name(&counsel_age_desc,
	    (int)k->age_group));
	store__bind_text(st, id, 8, k->nationality);
	store__bind_text(st, id, 9, enum_name(&counsel_situation_desc,
	    (int)k->situation));
	store__bind_text(st, id, 10, k->destination);
	store__bind_text(st, id, 11, k->route);
	store__bind_int(st, id, 12, k->topics);
	store__bind_int(st, id, 13, k->risks);
	store__bind_text(st, id, 14, k->sheets);
	store__bind_text(st, id, 15, k->notes);
	store__bind_text(st, id, 16, k->follow_up_on);
	store__bind_text(st, id, 17, k->follow_up_done_at);
	store__bind_int(st, id, 18, k->referred_to);
	store__bind_text(st, id, 19, k->referral_note);
	store__bind_int(st, id, 20, k->consent);
	store__bind_text(st, id, 21, k->full_name);
	store__bind_text(st, id, 22, k->contact);
	store__bind_int(st, id, 23, k->case_id);
	store__bind_int(st, id, 24, k->person_id);
}

int
store_counselling_insert(struct store *st, struct counselling_row *k,
    struct err *err)
{
	enum stmt id = STMT_COUNSELLING_INSERT;

	store__bind_int(st, id, 1, k->agency_id);
	bind_record(st, id, k);
	store__bind_text(st, id, 25, k->created_at);
	store__bind_int(st, id, 26, k->created_by);
	return store__one_int(st, id, "counselling record", &k->id, err);
}

int
store_counselling_update(struct store *st, const struct counselling_row *k,
    struct err *err)
{
	enum stmt id = STMT_COUNSELLING_UPDATE;

	store__bind_int(st, id, 1, k->id);
	bind_record(st, id, k);
	store__bind_text(st, id, 25, k->updated_at);
	return store__exec(st, id, err);
}

int
store_counselling_get(struct store *st, int64_t record, struct arena *a,
    struct counselling_row *k, struct err *err)
{
	store__bind_int(st, STMT_COUNSELLING_GET, 1, record);
	return store__get(st, STMT_COUNSELLING_GET, "counselling record", a, k,
	    read_counselling, err);
}

int
store_counselling_list(struct store *st, const struct counselling_filter *f,
    struct arena *a, struct counselling_row **rows, size_t *n,
    struct err *err)
{
	enum stmt id = STMT_COUNSELLING_LIST;

	store__bind_int(st, id, 1, f->agency_id);
	store__bind_text(st, id, 2, f->from);
	store__bind_text(st, id, 3, f->to);
	store__bind_text(st, id, 4, f->due);
	store__bind_int(st, id, 5, f->limit);
	store__bind_int(st, id, 6, f->offset);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_counselling, err);
}

static void
read_stats(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct counselling_stats_row *r = out;

	r->held_on = store__text(st, id, 0, a);
	r->agency = store__text(st, id, 1, a);
	r->people = (int)store__int(st, id, 2);
	r->sex = store__enum(st, id, 3, &sex_desc, SEX_UNKNOWN);
	r->age_group = store__enum(st, id, 4, &counsel_age_desc,
	    COUNSEL_AGE_UNKNOWN);
	r->situation = store__enum(st, id, 5, &counsel_situation_desc,
	    COUNSEL_SITUATION_OTHER);
	r->destination = store__text(st, id, 6, a);
	r->topics = (unsigned)store__int(st, id, 7);
	r->risks = (unsigned)store__int(st, id, 8);
}

int
store_stats_counselling(struct store *st, const struct store_stats_filter *f,
    struct arena *a, struct counselling_stats_row **rows, size_t *n,
    struct err *err)
{
	enum stmt id = STMT_STATS_COUNSELLING;

	store__bind_text(st, id, 1, f->from);
	store__bind_text(st, id, 2, f->to);
	store__bind_int(st, id, 3, f->agency_id);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_stats, err);
}
