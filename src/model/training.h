/* SPDX-License-Identifier: Apache-2.0 */
/* model/training.h - the rows of the training sandbox's exercises. */
#ifndef TIPSOM_MODEL_TRAINING_H
#define TIPSOM_MODEL_TRAINING_H

#include <stdint.h>

/* Several trainees on one case study, watched by their trainer. */
struct exercise_group_row {
	int64_t		 id;
	const char	*study_id;
	int		 study_version;
	const char	*title;
	int64_t		 trainer_id;
	const char	*trainer;		/* username, on reads */
	int64_t		 agency_id;
	const char	*created_at;
	const char	*closed_at;		/* NULL while open */
};

/* One trainee working one case study on a case of their own. */
struct exercise_row {
	int64_t		 id;
	int64_t		 case_id;
	const char	*case_ref;		/* on reads */
	const char	*study_id;
	int		 study_version;
	int64_t		 trainee_id;
	const char	*trainee;		/* username, on reads */
	int64_t		 group_id;		/* 0: on their own */
	const char	*started_at;
	const char	*finished_at;		/* NULL while working */
	int		 points;		/* when finished */
	int		 max_points;
};

/* Which person of the exercise case is which of the case study. */
struct exercise_person_row {
	const char	*key;
	int64_t		 person_id;
};

/* A step the engine refused on an exercise case. */
struct exercise_refusal_row {
	const char	*step;
	const char	*reason;
	const char	*at;
};

#endif
