/* SPDX-License-Identifier: Apache-2.0 */
/* store_training.c - the training sandbox: its mark, exercise groups,
 * exercises, their persons and the steps the engine refused. */
#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

int
store_training_mark(struct store *st, const char *at, struct err *err)
{
	store__bind_text(st, STMT_TRAINING_MARK, 1, at);
	return store__exec(st, STMT_TRAINING_MARK, err);
}

int
store_training_is(struct store *st, bool *is, struct err *err)
{
	int64_t n;

	if (store__one_int(st, STMT_TRAINING_IS, "training mark", &n, err) ==
	    -1)
		return -1;
	*is = n > 0;
	return 0;
}

static void
read_group(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct exercise_group_row *g = out;

	g->id = store__int(st, id, 0);
	g->study_id = store__text(st, id, 1, a);
	g->study_version = (int)store__int(st, id, 2);
	g->title = store__text(st, id, 3, a);
	g->trainer_id = store__int(st, id, 4);
	g->trainer = store__text(st, id, 5, a);
	g->agency_id = store__int(st, id, 6);
	g->created_at = store__text(st, id, 7, a);
	g->closed_at = store__text(st, id, 8, a);
}

int
store_exercise_group_insert(struct store *st, struct exercise_group_row *g,
    struct err *err)
{
	enum stmt id = STMT_EXERCISE_GROUP_INSERT;

	store__bind_text(st, id, 1, g->study_id);
	store__bind_int(st, id, 2, g->study_version);
	store__bind_text(st, id, 3, g->title);
	store__bind_int(st, id, 4, g->trainer_id);
	store__bind_int(st, id, 5, g->agency_id);
	store__bind_text(st, id, 6, g->created_at);
	return store__one_int(st, id, "exercise group", &g->id, err);
}

int
store_exercise_group_get(struct store *st, int64_t group_id,
    struct arena *a, struct exercise_group_row *g, struct err *err)
{
	store__bind_int(st, STMT_EXERCISE_GROUP_GET, 1, group_id);
	return store__get(st, STMT_EXERCISE_GROUP_GET, "exercise group", a, g,
	    read_group, err);
}

int
store_exercise_group_list(struct store *st, int64_t agency_id,
    struct arena *a, struct exercise_group_row **rows, size_t *n,
    struct err *err)
{
	store__bind_int(st, STMT_EXERCISE_GROUP_LIST, 1, agency_id);
	return store__all(st, STMT_EXERCISE_GROUP_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_group, err);
}

int
store_exercise_group_close(struct store *st, int64_t group_id,
    const char *at, struct err *err)
{
	store__bind_int(st, STMT_EXERCISE_GROUP_CLOSE, 1, group_id);
	store__bind_text(st, STMT_EXERCISE_GROUP_CLOSE, 2, at);
	return store__exec(st, STMT_EXERCISE_GROUP_CLOSE, err);
}

static void
read_exercise(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct exercise_row *e = out;

	e->id = store__int(st, id, 0);
	e->case_id = store__int(st, id, 1);
	e->case_ref = store__text(st, id, 2, a);
	e->study_id = store__text(st, id, 3, a);
	e->study_version = (int)store__int(st, id, 4);
	e->trainee_id = store__int(st, id, 5);
	e->trainee = store__text(st, id, 6, a);
	e->group_id = store__int(st, id, 7);
	e->started_at = store__text(st, id, 8, a);
	e->finished_at = store__text(st, id, 9, a);
	e->points = (int)store__int(st, id, 10);
	e->max_points = (int)store__int(st, id, 11);
}

int
store_exercise_insert(struct store *st, struct exercise_row *e,
    struct err *err)
{
	enum stmt id = STMT_EXERCISE_INSERT;

	store__bind_int(st, id, 1, e->case_id);
	store__bind_text(st, id, 2, e->study_id);
	store__bind_int(st, id, 3, e->study_version);
	store__bind_int(st, id, 4, e->trainee_id);
	if (e->group_id > 0)
		store__bind_int(st, id, 5, e->group_id);
	else
		store__bind_text(st, id, 5, NULL);
	store__bind_text(st, id, 6, e->started_at);
	return store__one_int(st, id, "exercise", &e->id, err);
}

int
store_exercise_person_insert(struct store *st, int64_t exercise_id,
    const char *key, int64_t person_id, struct err *err)
{
	enum stmt id = STMT_EXERCISE_PERSON_INSERT;

	store__bind_int(st, id, 1, exercise_id);
	store__bind_text(st, id, 2, key);
	store__bind_int(st, id, 3, person_id);
	return store__exec(st, id, err);
}

int
store_exercise_get(struct store *st, int64_t exercise_id, struct arena *a,
    struct exercise_row *e, struct err *err)
{
	store__bind_int(st, STMT_EXERCISE_GET, 1, exercise_id);
	return store__get(st, STMT_EXERCISE_GET, "exercise", a, e,
	    read_exercise, err);
}

int
store_exercise_by_case(struct store *st, int64_t case_id, struct arena *a,
    struct exercise_row *e, struct err *err)
{
	store__bind_int(st, STMT_EXERCISE_BY_CASE, 1, case_id);
	return store__get(st, STMT_EXERCISE_BY_CASE, "exercise", a, e,
	    read_exercise, err);
}

int
store_exercise_list(struct store *st, int64_t trainee_id, int64_t group_id,
    int64_t agency_id, struct arena *a, struct exercise_row **rows,
    size_t *n, struct err *err)
{
	enum stmt id = trainee_id > 0 ? STMT_EXERCISE_LIST_TRAINEE :
	    group_id > 0 ? STMT_EXERCISE_LIST_GROUP :
	    STMT_EXERCISE_LIST_AGENCY;

	store__bind_int(st, id, 1, trainee_id > 0 ? trainee_id :
	    group_id > 0 ? group_id : agency_id);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_exercise, err);
}

int
store_exercise_finish(struct store *st, int64_t exercise_id, const char *at,
    int points, int max_points, struct err *err)
{
	enum stmt id = STMT_EXERCISE_FINISH;

	store__bind_int(st, id, 1, exercise_id);
	store__bind_text(st, id, 2, at);
	store__bind_int(st, id, 3, points);
	store__bind_int(st, id, 4, max_points);
	return store__exec(st, id, err);
}

static void
read_person(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct exercise_person_row *p = out;

	p->key = store__text(st, id, 0, a);
	p->person_id = store__int(st, id, 1);
}

int
store_exercise_persons(struct store *st, int64_t exercise_id,
    struct arena *a, struct exercise_person_row **rows, size_t *n,
    struct err *err)
{
	store__bind_int(st, STMT_EXERCISE_PERSONS, 1, exercise_id);
	return store__all(st, STMT_EXERCISE_PERSONS, a, (void **)rows, n,
	    sizeof(**rows), read_person, err);
}

int
store_exercise_refusal_insert(struct store *st, int64_t exercise_id,
    const char *step, const char *reason, const char *at, struct err *err)
{
	enum stmt id = STMT_EXERCISE_REFUSAL_INSERT;

	store__bind_int(st, id, 1, exercise_id);
	store__bind_text(st, id, 2, step);
	store__bind_text(st, id, 3, reason);
	store__bind_text(st, id, 4, at);
	return store__exec(st, id, err);
}

static void
read_refusal(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct exercise_refusal_row *r = out;

	r->step = store__text(st, id, 0, a);
	r->reason = store__text(st, id, 1, a);
	r->at = store__text(st, id, 2, a);
}

int
store_exercise_refusals(struct store *st, int64_t exercise_id,
    struct arena *a, struct exercise_refusal_row **rows, size_t *n,
    struct err *err)
{
	store__bind_int(st, STMT_EXERCISE_REFUSALS, 1, exercise_id);
	return store__all(st, STMT_EXERCISE_REFUSALS, a, (void **)rows, n,
	    sizeof(**rows), read_refusal, err);
}
