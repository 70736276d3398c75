/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine.h - where a case stands in its SOP: each step's state, the next
 * actions and the compliance figure.
 *
 * The engine is a pure function of the SOP version the case is pinned
 * to, the people in the case, what was done to its steps, the facts
 * recorded and the time: no store, no clock.  Nothing it computes is
 * stored, so a fix to the rules applies to every case at once and a
 * state can never disagree with the events it comes from.
 *
 * A step is, in this order of precedence:
 *   done            its last event is "done", or it has no event and the
 *                   SOP says it is done when a referral of the case is
 *                   accepted ("done_when"), and one was;
 *   not_applicable  skipped with a reason, or a condition of applies_when
 *                   does not hold (the reason names it);
 *   pending         a step it depends on is neither done nor
 *                   not applicable;
 *   blocked         a gate is unmet (gate names the first one);
 *   ready           otherwise;
 * and overdue instead of pending, blocked or ready once its due time has
 * passed (the reason still says what holds it up) while the case is open.
 */
#ifndef TIPSOM_ENGINE_H
#define TIPSOM_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/case.h"
#include "model/sop.h"

struct arena;
struct sop;

/* A person's part in the case, as the engine needs it. */
struct engine_person {
	int64_t			 person_id;
	enum case_role		 role;
	bool			 child;
	bool			 needs_interpreter;
	bool			 foreign;	/* not of the deployment's
						 * country */
	const char		*identified_on;	/* YYYY-MM-DD */
};

struct engine_case {
	const struct sop		*sop;
	const char			*ref;	/* for the fixes it names */
	enum case_kind			 kind;
	const char			*opened_at;	/* timestamp */
	const struct engine_person	*people;
	size_t				 n_people;
	const struct step_event_row	*events;	/* oldest first */
	size_t				 n_events;
	const struct case_fact_row	*facts;
	size_t				 n_facts;
	const int64_t			*screened;	/* person ids */
	size_t				 n_screened;
	bool				 classified;	/* an officer decided
							 * the legal kind */
	const struct step_event_row	*referral_accepted; /* the first
							 * acceptance of a
							 * referral of the
							 * case, as the event
							 * that does the steps
							 * done_when it; NULL:
							 * none yet */
	bool				 closed;	/* nothing is due or
							 * next any more */
	int64_t				 now;		/* seconds since 1970 */
};

/*
 * What opens an unmet gate, for a reader to act on: the person it asks
 * about (0: the case as a whole), the fact whose recording opens it
 * (NULL: another act does, such as adding a guardian, screening a person
 * or classifying the case), nobody when there is no victim or migrant
 * yet to ask, and for the reflection period the day it ends.
 */
struct gate_need {
	int64_t			 person;
	const char		*fact;		/* enum case_fact text */
	bool			 nobody;
	const char		*until;		/* YYYY-MM-DD, or NULL */
};

struct step_status {
	const char			*id;
	const char			*phase_id;
	const json_t			*def;	/* the step's definition */
	enum step_state			 state;
	bool				 mandatory;
	const char			*reason; /* why not applicable, what
						  * it waits for, how to open
						  * the gate; NULL when ready
						  * or done */
	const char			*gate;	/* first unmet gate, or NULL */
	struct gate_need		 need;	/* what opens gate */
	const char			*condition; /* not applicable: the
						     * condition that fails */
	const char			**waiting; /* pending: the ids of the
						    * steps it waits for */
	size_t				 n_waiting;
	int64_t				 due_at;	/* 0: no due time */
	const struct step_event_row	*event;	/* the done or skipped
						 * event, or NULL */
	bool				 late;	/* done after due_at */
};

/*
 * The reflection and recovery period: it starts when the first victim is
 * identified and lasts the SOP's days, unless the victim chose to end it
 * earlier (reflection_waived, recorded).
 */
struct engine_reflection {
	bool			 started;	/* a victim is identified */
	int			 days;		/* the SOP's length */
	int64_t			 since;		/* seconds; 0: not started */
	int64_t			 until;		/* since + days */
	bool			 waived;
	const char		*waived_at;	/* timestamp, or NULL */
	bool			 running;	/* started, not over, not waived */
	int			 days_left;	/* while running, rounded up */
};

struct engine_result {
	struct step_status	*steps;		/* in SOP order */
	size_t			 n_steps;
	size_t			*next;		/* indices of the steps to work
						 * on now: overdue first, then
						 * by due time */
	size_t			 n_next;
	size_t			 mandatory;	/* applicable mandatory steps */
	size_t			 mandatory_done;
	size_t			 fell_due;	/* mandatory steps with a due
						 * time done or past it */
	size_t			 on_time;	/* of those, done in time */
	int			 compliance;	/* on_time as a percentage of
						 * fell_due; -1 when none */
	struct engine_reflection reflection;
};

/* Computes every step's state; results live in a. */
void		 engine_run(const struct engine_case *in, struct arena *a,
		    struct engine_result *out);

/* The status of step id in r, or NULL when the SOP has no such step. */
const struct step_status *engine_step(const struct engine_result *r,
		    const char *id);

/*
 * The gate of step def unmet for in, with how to meet it in *why and
 * (need not NULL) *need; NULL when all are met.  by_supervisor: the
 * person acting is a supervisor, whose own act is the approval
 * supervisor_approval asks for.
 */
const char	*engine_unmet_gate(const struct engine_case *in,
		    const json_t *def, bool by_supervisor, struct arena *a,
		    const char **why, struct gate_need *need);

/* The reflection period of in, at in->now. */
void		 engine_reflection(const struct engine_case *in,
		    struct engine_reflection *out);

#endif
