/* SPDX-License-Identifier: Apache-2.0 */
/*
 * steps.h - walking a case through its SOP: reading where it stands,
 * doing, skipping and reopening steps, recording the facts that open
 * gates, and moving a case to another SOP version.
 *
 * Every write is checked against the engine (engine.h) as it stands in
 * the same transaction, audited, and refused with the reason when the
 * step is not ready: the unmet gate, the steps it waits for, or the
 * condition that makes it not apply.
 */
#ifndef TIPSOM_STEPS_H
#define TIPSOM_STEPS_H

#include <stdbool.h>

#include <jansson.h>

#include "core/engine.h"
#include "model/case.h"
#include "model/sop.h"

struct ctx;
struct err;
struct sop;

/* Where case ref stands. */
struct case_steps {
	struct case_row		 c;
	const struct sop	*sop;	/* the version the case is pinned to */
	struct engine_case	 in;
	struct engine_result	 r;
};

int		 case_steps(struct ctx *ctx, const char *ref,
		    struct case_steps *out, struct err *err);

/* Where case c stands, c found and its reading allowed by the caller. */
int		 case__steps_of(struct ctx *ctx, const struct case_row *c,
		    struct case_steps *out, struct err *err);

/*
 * cs as JSON (a new reference): the SOP, progress and compliance, the
 * next actions and every step with its state, titles in lang.
 */
json_t		*case_steps_json(const struct case_steps *cs,
		    const char *lang);

/*
 * Whether role is one of the roles of step def (a supervisor's always,
 * with supervisor_too).
 */
bool		 step_role_may(const json_t *def, enum role role,
		    bool supervisor_too);

/* One step's status as JSON (a new reference), its title in lang. */
json_t		*step_status_json(const struct step_status *s,
		    const char *lang);

/* A step event or a fact as JSON (new references). */
json_t		*step_event_json(const struct step_event_row *ev);
json_t		*case_fact_json(const struct case_fact_row *f);

/*
 * Marks step done (note optional), skips it (reason required: it becomes
 * not applicable) or reopens a done or skipped step (reason required).
 * The actor's role must be one of the step's roles (a supervisor may
 * always skip and reopen).  ERR_CONFLICT when the step's state does not
 * allow it, naming the unmet gate or the steps it waits for.
 */
int		 case_step_do(struct ctx *ctx, const char *ref,
		    const char *step, const char *note,
		    struct step_event_row *out, struct err *err);
int		 case_step_skip(struct ctx *ctx, const char *ref,
		    const char *step, const char *reason,
		    struct step_event_row *out, struct err *err);
int		 case_step_reopen(struct ctx *ctx, const char *ref,
		    const char *step, const char *reason,
		    struct step_event_row *out, struct err *err);

struct fact_input {
	const char	*ref;
	const char	*fact;		/* enum case_fact text */
	const char	*person_id;	/* consent, interpreter, best interests */
	const char	*step;		/* supervisor_approval */
	const char	*note;		/* required for reflection_waived */
};

/*
 * Records a fact on an open case.  informed_consent, interpreter and
 * best_interests_assessment are about a person in the case (a child for
 * the last); supervisor_approval is about a step and only a supervisor
 * records it.
 */
int		 case_record(struct ctx *ctx, const struct fact_input *in,
		    struct case_fact_row *out, struct err *err);

/* The facts recorded on case ref, oldest first. */
int		 case_facts(struct ctx *ctx, const char *ref,
		    struct case_fact_row **rows, size_t *n, struct err *err);

/*
 * Moves case ref to SOP to ("ID" or "ID@VERSION"; NULL: the newest
 * version of the SOP for the case's kind).  A case never goes back to an
 * older version of the same SOP.  Steps done keep their state where the
 * new version has a step of the same id; *orphaned counts done or
 * skipped steps it has not.  Audited with the reason (required).
 */
int		 case_upgrade_sop(struct ctx *ctx, const char *ref,
		    const char *to, const char *reason, struct case_row *out,
		    size_t *orphaned, struct err *err);

#endif
