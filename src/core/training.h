/* SPDX-License-Identifier: Apache-2.0 */
/*
 * training.h - the training sandbox: a store of fictional cases where
 * trainees work case studies (casestudy.h) through the real SOP screens
 * and are scored as they go (exscore.h).
 *
 * A training store is made empty and marked for good (migration 0018):
 * a store that holds cases cannot become one, and only a training store
 * takes exercises, so real and fictional cases never mix.  In it,
 * trainees and trainers work cases like officers (access.h).
 *
 * An exercise is one trainee on one case study: starting it opens a case
 * under the case study's SOP with the case study's persons in their
 * roles.  Every read scores the case as it stands, so feedback follows
 * each action; a step the engine refuses is recorded, because trying it
 * may be what the case study says must not be done.  A group puts
 * several trainees on one case study, each on a case of their own, and
 * its trainer sees everyone's progress.
 */
#ifndef TIPSOM_TRAINING_H
#define TIPSOM_TRAINING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/exscore.h"
#include "model/training.h"

struct case_study;
struct ctx;
struct err;

#define SANDBOX_TRAINEES_DEFAULT	8
#define SANDBOX_TRAINEES_MAX		60
#define SANDBOX_AGENCY			"TRAINING"

struct sandbox_input {
	const char	*trainer;	/* username; default "trainer" */
	int		 trainees;	/* accounts trainee01...; default 8 */
};

/* An account the sandbox made, with its password (shown once). */
struct sandbox_account {
	const char	*username;
	const char	*role;
	const char	*password;
};

struct sandbox_result {
	bool			 made;		/* false: it was one already */
	int			 studies_added;
	struct sandbox_account	*accounts;	/* admin, trainer, trainees */
	size_t			 n_accounts;
};

/*
 * Makes the empty store a training store: marks it, adds the training
 * agency (SANDBOX_AGENCY) with an administrator, the trainer and the
 * trainees (random passwords), fictional service providers to refer to,
 * and the shipped case studies.  On a training store it adds only the
 * case studies it lacks.  ERR_CONFLICT on any other store.
 */
int		 training_sandbox(struct ctx *ctx,
		    const struct sandbox_input *in, struct sandbox_result *out,
		    struct err *err);

/* Whether the store is a training store. */
int		 training_store_is(struct ctx *ctx, bool *is, struct err *err);

/* The stored case studies, newest version of each, by id. */
int		 training_studies(struct ctx *ctx,
		    const struct case_study ***out, size_t *n,
		    struct err *err);

/*
 * Starts an exercise of the actor on case study study_id (its newest
 * version), alone (group_id 0) or in an open group, in which a trainee
 * has one exercise.  Audited.
 */
int		 exercise_start(struct ctx *ctx, const char *study_id,
		    int64_t group_id, struct exercise_row *out,
		    struct err *err);

/* An exercise as it stands, scored now. */
struct exercise_view {
	struct exercise_row		 e;
	const struct case_study		*cs;
	const struct sop		*sop;
	struct exercise_work		 w;
	struct exercise_score		 score;
	bool				 trainer;	/* seen by a trainer */
};

/*
 * The trainee's own exercise, or any exercise of the agency for a
 * trainer; ERR_NOT_FOUND otherwise.
 */
int		 exercise_show(struct ctx *ctx, int64_t id,
		    struct exercise_view *out, struct err *err);

/* The exercise worked on case ref, as exercise_show() gives it. */
int		 exercise_of_case(struct ctx *ctx, const char *ref,
		    struct exercise_view *out, struct err *err);

/*
 * v as JSON (a new reference), texts in lang: the story, the discoveries
 * opened so far, the score and the feedback with the SOP's guidance.
 * Expected answers show only for items judged, or all once finished.
 */
json_t		*exercise_view_json(const struct exercise_view *v,
		    const char *lang);

/* Ends the trainee's exercise and keeps its score.  Audited. */
int		 exercise_finish(struct ctx *ctx, int64_t id,
		    struct exercise_view *out, struct err *err);

/* The actor's exercises (a trainee), or the agency's (a trainer). */
int		 exercise_list(struct ctx *ctx, struct exercise_row **rows,
		    size_t *n, struct err *err);
json_t		*exercise_row_json(const struct exercise_row *e);

/*
 * Records that the engine refused step on case ref, for its exercise;
 * nothing when the case is no exercise.  Called by steps.c after the
 * refused transaction rolled back.
 */
void		 exercise__note_refusal(struct ctx *ctx, const char *ref,
		    const char *step, const char *reason);

/* Groups: a trainer puts trainees on one case study. */
int		 group_create(struct ctx *ctx, const char *study_id,
		    const char *title, struct exercise_group_row *out,
		    struct err *err);
int		 group_list(struct ctx *ctx, struct exercise_group_row **rows,
		    size_t *n, struct err *err);
int		 group_close(struct ctx *ctx, int64_t id,
		    struct exercise_group_row *out, struct err *err);

/* A group with every member's exercise, scored now. */
struct group_view {
	struct exercise_group_row	 g;
	struct exercise_view		*members;
	size_t				 n_members;
};

/* The trainer's view of group id (a trainer of the agency only). */
int		 group_show(struct ctx *ctx, int64_t id, struct group_view *out,
		    struct err *err);
json_t		*group_row_json(const struct exercise_group_row *g);
json_t		*group_view_json(const struct group_view *v, const char *lang);

#endif
