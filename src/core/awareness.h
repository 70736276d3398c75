/* SPDX-License-Identifier: Apache-2.0 */
/*
 * awareness.h - the awareness sessions of Migrant Resource Centres: a
 * community or school session, a workshop with officials or a joint
 * coordination committee, held on a day (not in the future) at a place
 * in a region, organised by one or more agencies (the recording agency
 * always one of them), for an audience, with how many came by sex and
 * age group, the information sheets used (sheets.h, by id) and other
 * materials, and the feedback.
 *
 * Headcounts, not people: nobody who came is named, and the feedback is
 * meant to say how the session went, not who said what.  It is free
 * text all the same, so it is sealed at rest like a case's summary.
 *
 * Staff with outreach.record record sessions; the recording agency's
 * and the organisers' staff with outreach.record read them; the
 * recording agency corrects them.  A session others may not read is not
 * found.  Every write is audited (awareness.add, awareness.edit), and
 * nothing is half-written.  The figures join the national statistics
 * (stats.h: outreach, awareness_sessions).
 */
#ifndef TIPSOM_AWARENESS_H
#define TIPSOM_AWARENESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/awareness.h"

struct ctx;
struct err;

#define AWARENESS_COUNT_MAX		100000	/* people of one group */
#define AWARENESS_MAX_ORGANISERS	12
#define AWARENESS_MAX_MATERIALS		20
#define AWARENESS_OTHER_MAX		500	/* characters */
#define AWARENESS_FEEDBACK_MAX		4000
#define AWARENESS_FEEDBACK_FIELD	"awareness_sessions.feedback"

/* The field names of the counts ("female_children"...), by enum. */
extern const char *const awareness_count_names[AWARENESS_COUNT__MAX];

/*
 * A session as typed.  Adding, a NULL field is missing (an error for
 * kind, held_on, place, region and audience; 0 for a count; none for the
 * rest).  Editing, a NULL field keeps its value, "" clears an optional
 * one, and organisers or materials replace the lists when their _given
 * flag is set (an empty list of materials clears them).
 */
struct awareness_input {
	const char	*kind;		/* awareness_kind_desc */
	const char	*held_on;	/* YYYY-MM-DD, today or before */
	const char	*place;
	const char	*region;
	const char	*audience;	/* audience_desc */
	const char	*counts[AWARENESS_COUNT__MAX];	/* 0-100000 */
	const char	**organisers;	/* agency codes */
	size_t		 n_organisers;
	bool		 organisers_given;
	const char	**materials;	/* shipped sheets' ids */
	size_t		 n_materials;
	bool		 materials_given;
	const char	*materials_other;
	const char	*feedback;
};

/*
 * Records a session of the actor's agency.  ERR_INVALID naming the
 * field; ERR_FORBIDDEN without outreach.record.  *out is the session as
 * stored (in ctx's arena), feedback opened.
 */
int		 awareness_add(struct ctx *ctx, const struct awareness_input *in,
		    struct awareness_row *out, struct err *err);

/*
 * Corrects session id, which the caller saw at version: ERR_CONFLICT
 * when it changed since, ERR_INVALID when nothing would change,
 * ERR_FORBIDDEN when another agency recorded it.
 */
int		 awareness_edit(struct ctx *ctx, int64_t id, int64_t version,
		    const struct awareness_input *in,
		    struct awareness_row *out, struct err *err);

/* Session id, when the actor may read it (else ERR_NOT_FOUND). */
int		 awareness_show(struct ctx *ctx, int64_t id,
		    struct awareness_row *out, struct err *err);

/* What a list asks for, as typed; each NULL or "" for any. */
struct awareness_filter {
	const char	*from;		/* YYYY-MM-DD */
	const char	*to;
	const char	*region;
};

/*
 * The sessions the actor's agency recorded or organised, newest first,
 * limit (1-500) from offset.  ERR_INVALID naming from, to or region.
 */
int		 awareness_list(struct ctx *ctx, const struct awareness_filter *f,
		    int limit, int offset, struct awareness_row **rows,
		    size_t *n, struct err *err);

/* The people a session counts in all. */
int64_t		 awareness_total(const struct awareness_row *s);

json_t		*awareness_json(const struct awareness_row *s);

#endif
