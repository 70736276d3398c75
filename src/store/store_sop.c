/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_sop.c - SOP and screening definitions, and what was done under
 * them on a case: step events, facts, screenings and assessments.
 */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/util.h"
#include "store/store_int.h"
#include "base/banned.h"

static const char *const definition_kinds[] = {
	[DEFINITION_SOP] = "sop",
	[DEFINITION_SCREENING] = "screening",
	[DEFINITION_CASE_STUDY] = "case_study",
};

int
store_definition_insert(struct store *st, const struct definition_row *row,
    struct err *err)
{
	enum stmt id = STMT_DEFINITION_INSERT;

	store__bind_text(st, id, 1, definition_kinds[row->kind]);
	store__bind_text(st, id, 2, row->id);
	store__bind_int(st, id, 3, row->version);
	store__bind_text(st, id, 4, row->body);
	store__bind_text(st, id, 5, row->sha256);
	store__bind_text(st, id, 6, row->origin);
	store__bind_text(st, id, 7, row->imported_at);
	store__bind_int(st, id, 8, row->imported_by);
	return store__exec(st, id, err);
}

static void
read_definition(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct definition_row *row = out;
	const char *kind = st->drv->col_text(st, id, 0);

	row->kind = DEFINITION_SOP;
	for (size_t k = 0; kind && k < ARRAY_SIZE(definition_kinds); k++)
		if (STREQ(kind, definition_kinds[k]))
			row->kind = (enum definition_kind)k;
	row->id = store__text(st, id, 1, a);
	row->version = (int)store__int(st, id, 2);
	row->body = store__text(st, id, 3, a);
	row->sha256 = store__text(st, id, 4, a);
	row->origin = store__text(st, id, 5, a);
	row->imported_at = store__text(st, id, 6, a);
	row->imported_by = store__int(st, id, 7);
	row->imported_by_name = store__text(st, id, 8, a);
}

int
store_definition_get(struct store *st, enum definition_kind kind,
    const char *def_id, int version, struct arena *a,
    struct definition_row *row, struct err *err)
{
	enum stmt id = version > 0 ? STMT_DEFINITION_GET :
	    STMT_DEFINITION_LATEST;

	store__bind_text(st, id, 1, definition_kinds[kind]);
	store__bind_text(st, id, 2, def_id);
	if (version > 0)
		store__bind_int(st, id, 3, version);
	if (store__one(st, id, definition_kinds[kind], err) == -1)
		return -1;
	read_definition(st, id, a, row);
	store__reset(st, id);
	return 0;
}

int
store_definition_newest(struct store *st, enum definition_kind kind,
    const char *def_id, int *version, struct err *err)
{
	enum stmt id = STMT_DEFINITION_NEWEST_VERSION;

	store__bind_text(st, id, 1, definition_kinds[kind]);
	store__bind_text(st, id, 2, def_id);
	if (store__one(st, id, definition_kinds[kind], err) == -1)
		return -1;
	*version = (int)store__int(st, id, 0);
	store__reset(st, id);
	return 0;
}

int
store_definition_list(struct store *st, enum definition_kind kind,
    struct arena *a, struct definition_row **rows, size_t *n,
    struct err *err)
{
	store__bind_text(st, STMT_DEFINITION_LIST, 1, definition_kinds[kind]);
	return store__all(st, STMT_DEFINITION_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_definition, err);
}

/* Runs an insert ... RETURNING id and gives the id. */
static int
insert_returning(struct store *st, enum stmt id, const char *what,
    int64_t *row_id, struct err *err)
{
	if (store__one(st, id, what, err) == -1)
		return -1;
	*row_id = store__int(st, id, 0);
	store__reset(st, id);
	return 0;
}

int
store_step_event_insert(struct store *st, struct step_event_row *row,
    struct err *err)
{
	enum stmt id = STMT_STEP_EVENT_INSERT;

	store__bind_int(st, id, 1, row->case_id);
	store__bind_text(st, id, 2, row->step_id);
	store__bind_text(st, id, 3, enum_name(&step_action_desc, row->action));
	store__bind_text(st, id, 4, row->at);
	store__bind_int(st, id, 5, row->user_id);
	store__bind_text(st, id, 6, row->note ? row->note : "");
	store__bind_text(st, id, 7, row->sop_id);
	store__bind_int(st, id, 8, row->sop_version);
	return insert_returning(st, id, "step event", &row->id, err);
}

static void
read_step_event(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct step_event_row *row = out;

	row->id = store__int(st, id, 0);
	row->case_id = store__int(st, id, 1);
	row->step_id = store__text(st, id, 2, a);
	/* An unknown action reads as a reopening: the step is not done. */
	row->action = store__enum(st, id, 3, &step_action_desc,
	    STEP_ACTION_REOPENED);
	row->at = store__text(st, id, 4, a);
	row->user_id = store__int(st, id, 5);
	row->username = store__text(st, id, 6, a);
	row->note = store__text(st, id, 7, a);
	row->sop_id = store__text(st, id, 8, a);
	row->sop_version = (int)store__int(st, id, 9);
}

int
store_step_event_list(struct store *st, int64_t case_id, struct arena *a,
    struct step_event_row **rows, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_STEP_EVENT_LIST, 1, case_id);
	return store__all(st, STMT_STEP_EVENT_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_step_event, err);
}

int
store_case_fact_insert(struct store *st, struct case_fact_row *row,
    struct err *err)
{
	enum stmt id = STMT_CASE_FACT_INSERT;

	store__bind_int(st, id, 1, row->case_id);
	store__bind_text(st, id, 2, enum_name(&case_fact_desc, row->fact));
	store__bind_int(st, id, 3, row->person_id);
	store__bind_text(st, id, 4, row->step_id);
	store__bind_text(st, id, 5, row->at);
	store__bind_int(st, id, 6, row->user_id);
	store__bind_text(st, id, 7, row->note ? row->note : "");
	return insert_returning(st, id, "fact", &row->id, err);
}

static void
read_case_fact(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct case_fact_row *row = out;

	row->id = store__int(st, id, 0);
	row->case_id = store__int(st, id, 1);
	/* The fact with the least effect: a supervisor's approval is asked
	 * of a step, it opens nothing else. */
	row->fact = store__enum(st, id, 2, &case_fact_desc,
	    CASE_FACT_SUPERVISOR_APPROVAL);
	row->person_id = store__int(st, id, 3);
	row->step_id = store__text(st, id, 4, a);
	row->at = store__text(st, id, 5, a);
	row->user_id = store__int(st, id, 6);
	row->username = store__text(st, id, 7, a);
	row->note = store__text(st, id, 8, a);
}

int
store_case_fact_list(struct store *st, int64_t case_id, struct arena *a,
    struct case_fact_row **rows, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_CASE_FACT_LIST, 1, case_id);
	return store__all(st, STMT_CASE_FACT_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_case_fact, err);
}

int
store_screening_insert(struct store *st, struct screening_row *row,
    struct err *err)
{
	enum stmt id = STMT_SCREENING_INSERT;

	store__bind_int(st, id, 1, row->case_id);
	store__bind_int(st, id, 2, row->person_id);
	store__bind_text(st, id, 3, row->instrument_id);
	store__bind_int(st, id, 4, row->instrument_version);
	store__bind_text(st, id, 5, row->answers);
	store__bind_int(st, id, 6, row->score);
	store__bind_text(st, id, 7, enum_name(&screening_outcome_desc,
	    row->outcome));
	store__bind_text(st, id, 8, row->indicators);
	store__bind_text(st, id, 9, row->at);
	store__bind_int(st, id, 10, row->user_id);
	return insert_returning(st, id, "screening", &row->id, err);
}

static void
read_screening(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct screening_row *row = out;

	row->id = store__int(st, id, 0);
	row->case_id = store__int(st, id, 1);
	row->person_id = store__int(st, id, 2);
	row->instrument_id = store__text(st, id, 3, a);
	row->instrument_version = (int)store__int(st, id, 4);
	row->answers = store__text(st, id, 5, a);
	row->score = (int)store__int(st, id, 6);
	/* An unknown outcome reads as the one that protects most. */
	row->outcome = store__enum(st, id, 7, &screening_outcome_desc,
	    SCREENING_STRONG);
	row->indicators = store__text(st, id, 8, a);
	row->at = store__text(st, id, 9, a);
	row->user_id = store__int(st, id, 10);
	row->username = store__text(st, id, 11, a);
}

int
store_screening_list(struct store *st, int64_t case_id, int64_t person_id,
    struct arena *a, struct screening_row **rows, size_t *n,
    struct err *err)
{
	store__bind_int(st, STMT_SCREENING_LIST, 1, case_id);
	store__bind_int(st, STMT_SCREENING_LIST, 2, person_id);
	return store__all(st, STMT_SCREENING_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_screening, err);
}

int
store_assessment_insert(struct store *st, struct assessment_row *row,
    struct err *err)
{
	enum stmt id = STMT_ASSESSMENT_INSERT;

	store__bind_int(st, id, 1, row->case_id);
	store__bind_text(st, id, 2, row->elements);
	store__bind_text(st, id, 3, enum_name(&legal_outcome_desc,
	    row->suggestion));
	store__bind_text(st, id, 4, row->reasons);
	store__bind_text(st, id, 5, row->at);
	store__bind_int(st, id, 6, row->user_id);
	return insert_returning(st, id, "assessment", &row->id, err);
}

int
store_assessment_latest(struct store *st, int64_t case_id, struct arena *a,
    struct assessment_row *row, struct err *err)
{
	enum stmt id = STMT_ASSESSMENT_LATEST;

	store__bind_int(st, id, 1, case_id);
	if (store__one(st, id, "assessment", err) == -1)
		return -1;
	row->id = store__int(st, id, 0);
	row->case_id = store__int(st, id, 1);
	row->elements = store__text(st, id, 2, a);
	row->suggestion = store__enum(st, id, 3, &legal_outcome_desc,
	    LEGAL_INSUFFICIENT);
	row->reasons = store__text(st, id, 4, a);
	row->at = store__text(st, id, 5, a);
	row->user_id = store__int(st, id, 6);
	row->username = store__text(st, id, 7, a);
	row->decision = store__null(st, id, 8) ? -1 :
	    store__enum(st, id, 8, &case_kind_desc, CASE_KIND_UNCLASSIFIED);
	row->decision_reason = store__text(st, id, 9, a);
	row->decided_at = store__text(st, id, 10, a);
	row->decided_by = store__int(st, id, 11);
	store__reset(st, id);
	return 0;
}

int
store_assessment_decide(struct store *st, const struct assessment_row *row,
    struct err *err)
{
	enum stmt id = STMT_ASSESSMENT_DECIDE;

	store__bind_int(st, id, 1, row->id);
	store__bind_text(st, id, 2, case_kind_name(row->decision));
	store__bind_text(st, id, 3, row->decision_reason);
	store__bind_text(st, id, 4, row->decided_at);
	store__bind_int(st, id, 5, row->decided_by);
	return store__exec(st, id, err);
}
