/* SPDX-License-Identifier: Apache-2.0 */
/*
 * exscore.h - scoring a training exercise: what a trainee did on the
 * exercise case, against the case study's expected answers
 * (docs/case-study-format.md, "Scoring").
 *
 * Store-free: exercise.c reads the case into a struct exercise_work and
 * calls exscore_run() after every action, so the trainee gets feedback at
 * once.  An item the trainee has not reached yet is pending, not wrong.
 */
#ifndef TIPSOM_EXSCORE_H
#define TIPSOM_EXSCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/legal.h"
#include "model/enums.h"
#include "model/sop.h"

struct arena;
struct case_study;

/* A person of the case study, and what the case makes of them now. */
struct exercise_person {
	const char		*key;		/* the case study's id */
	int64_t			 person_id;
	const enum case_role	*roles;		/* every role they hold */
	size_t			 n_roles;
};

struct exercise_screening {
	int64_t			 person_id;
	enum screening_outcome	 outcome;
};

struct exercise_referral {
	int64_t			 person_id;
	enum service		 service;
	bool			 consent_stands; /* given, not withdrawn */
};

/* What the trainee has done on the exercise case. */
struct exercise_work {
	enum case_kind			 kind;
	bool				 classified;
	bool				 assessed;
	struct legal_elements		 elements;	/* the latest */
	const struct exercise_person	*persons;
	size_t				 n_persons;
	const struct exercise_screening	*screenings;	/* oldest first */
	size_t				 n_screenings;
	const struct exercise_referral	*referrals;
	size_t				 n_referrals;
	const struct step_event_row	*events;	/* oldest first */
	size_t				 n_events;
	const struct case_fact_row	*facts;
	size_t				 n_facts;
	const char *const		*refused;	/* steps the engine
							 * refused */
	size_t				 n_refused;
};

enum exercise_item_state {
	EXITEM_PENDING,		/* not reached yet */
	EXITEM_RIGHT,
	EXITEM_WRONG,
	EXITEM_KEPT,		/* a must_not not broken */
	EXITEM_BROKEN,		/* a must_not broken */
	EXITEM__MAX
};

/* "pending", "right", "wrong", "kept" or "broken". */
const char	*exercise_item_state_name(enum exercise_item_state s);

/* One scored item, with what to tell the trainee. */
struct exercise_item {
	const char		*part;	/* kind, elements, screening, referral,
					 * order, must_not */
	const char		*id;	/* "tip.acts", "screening:victim",
					 * "shelter:victim",
					 * "first>then", the must_not id */
	enum exercise_item_state state;
	int			 points;	/* earned (negative: broken) */
	int			 max;		/* possible (0 for must_not) */
	const char		*expected;	/* the right answer, as text */
	const char		*given;		/* the trainee's, or NULL */
	const json_t		*why;		/* the case study's text */
	const char		*step;		/* whose SOP guidance to show,
					 * or NULL */
};

struct exercise_score {
	struct exercise_item	*items;
	size_t			 n_items;
	int			 points;	/* earned, never below 0 */
	int			 max;
	int			 percent;	/* points of max, 0..100 */
	size_t			 pending;
};

/* Scores w against cs; items live in a. */
void		 exscore_run(const struct case_study *cs,
		    const struct exercise_work *w, struct arena *a,
		    struct exercise_score *out);

/* Whether discovery d (from cs's "discoveries") has opened for w. */
bool		 exscore_opened(const json_t *d,
		    const struct exercise_work *w);

#endif
