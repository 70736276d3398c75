/* SPDX-License-Identifier: Apache-2.0 */
/*
 * kanon.h - k-anonymity by generalisation and, last, suppression.
 *
 * A table of records is k-anonymous over its quasi-identifiers (QIs) when
 * every combination of their released values that occurs is shared by at
 * least k records, so that nobody who knows a victim's QIs (age, sex,
 * nationality...) can narrow the released rows down to fewer than k.
 *
 * Each QI has a ladder: level 0 is the value as given, each level above
 * is coarser (an age band, then child or adult), and the top level is ""
 * (suppressed).  kanon_apply() climbs the ladders only for the records
 * that sit in a group smaller than k (local recoding: the others keep
 * their detail), one step of the caller's schedule per round, and leaves
 * out whole only the records still in a small group once every ladder is
 * climbed.  A value the schedule cannot change (already coarse, or
 * unknown) is skipped, so that every round changes every small-group
 * record or leaves it out: the loop ends after at most one round per
 * step.
 *
 * Pure: no store, no clock, no randomness; the same input gives the same
 * output.  Strings are the caller's or in the arena given.
 */
#ifndef TIPSOM_CORE_KANON_H
#define TIPSOM_CORE_KANON_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

#define KANON_MAX_FIELDS	8
#define KANON_MAX_LEVEL		8

/* A QI and its ladder. */
struct kanon_field {
	const char	*name;		/* as released ("ageBroad") */
	int		 top;		/* the level that suppresses: "" */
	/*
	 * value at level (0 < level < top); the result is static, value
	 * itself, or in a.  Levels 0 and top are kanon_at()'s.
	 */
	const char	*(*up)(const char *value, int level,
			    struct arena *a);
};

/* One step of the schedule: raise field to level. */
struct kanon_step {
	int		 field;
	int		 level;
};

struct kanon_record {
	const char	*in[KANON_MAX_FIELDS];	/* as given; "" unknown */
	const char	*out[KANON_MAX_FIELDS];	/* as released */
	int		 level[KANON_MAX_FIELDS];
	bool		 suppressed;		/* left out whole */
};

struct kanon_report {
	size_t		 records;	/* given */
	size_t		 released;
	size_t		 suppressed;	/* records left out whole */
	size_t		 groups;	/* distinct QI combinations released */
	size_t		 smallest;	/* records in the smallest; 0: none */
	/* per field, among released records: values made coarser, and
	 * known values removed */
	size_t		 generalised[KANON_MAX_FIELDS];
	size_t		 blanked[KANON_MAX_FIELDS];
};

/* f's value at level: v at 0, "" at f->top and above, else f->up(). */
const char	*kanon_at(const struct kanon_field *f, const char *v,
		    int level, struct arena *a);

/*
 * Makes r[0..n) k-anonymous over the nf fields f, climbing their ladders
 * in the order of steps[0..nsteps) (a field's levels in increasing
 * order).  Sets each record's out, level and suppressed from its in;
 * fills *rep.  nf at most KANON_MAX_FIELDS, k at least 1.
 */
void		 kanon_apply(const struct kanon_field *f, size_t nf,
		    const struct kanon_step *steps, size_t nsteps,
		    struct kanon_record *r, size_t n, int k,
		    struct arena *a, struct kanon_report *rep);

#endif
