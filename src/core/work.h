/* SPDX-License-Identifier: Apache-2.0 */
/*
 * work.h - what needs doing across the actor's cases: the SOP steps of
 * their agency's open cases that are overdue, fall due soon or are
 * blocked, and that the actor's role works on (a supervisor's: all).
 *
 * It is what a home page shows first.  The engine (engine.h) computes
 * every case's steps afresh, so the list is never out of date; to keep it
 * quick on a large agency it looks at the WORK_CASES_MAX open cases
 * opened last, and says when there were more.
 */
#ifndef TIPSOM_WORK_H
#define TIPSOM_WORK_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/engine.h"
#include "model/case.h"

struct ctx;
struct err;

#define WORK_CASES_MAX		300	/* open cases looked at */
#define WORK_ITEMS_MAX		100	/* steps listed */
#define WORK_DUE_SOON		(48 * 3600)	/* seconds ahead */

/* Why a step is on the list, most urgent first. */
enum work_urgency {
	WORK_OVERDUE,
	WORK_DUE_SOON_READY,	/* ready, and due within WORK_DUE_SOON */
	WORK_BLOCKED,
};

struct work_item {
	const struct case_row		*c;
	const struct step_status	*s;
	enum work_urgency		 urgency;
	bool				 mine;	/* the actor leads the case */
};

struct work {
	struct work_item	*items;	/* most urgent first */
	size_t			 n;
	size_t			 cases;	/* open cases looked at */
	bool			 more;	/* open cases beyond those, or
					 * steps beyond WORK_ITEMS_MAX */
};

/* The actor's work, in the ctx's arena. */
int		 work_list(struct ctx *ctx, struct work *out, struct err *err);

/* w as JSON (a new reference), step titles in lang. */
json_t		*work_json(const struct work *w, const char *lang);

#endif
