/* SPDX-License-Identifier: Apache-2.0 */
/* model/awareness.h - the rows of awareness sessions (core/awareness.h). */
#ifndef TIPSOM_MODEL_AWARENESS_H
#define TIPSOM_MODEL_AWARENESS_H

#include <stddef.h>
#include <stdint.h>

#include "model/enums.h"

/* The headcounts of a session, by sex and age group. */
enum awareness_count {
	AWARENESS_FEMALE_CHILDREN,
	AWARENESS_FEMALE_ADULTS,
	AWARENESS_MALE_CHILDREN,
	AWARENESS_MALE_ADULTS,
	AWARENESS_COUNT__MAX
};

/* An agency that organised a session. */
struct awareness_organiser {
	int64_t		 agency_id;
	const char	*code;
};

struct awareness_row {
	int64_t		 id;
	int64_t		 agency_id;		/* who recorded it */
	const char	*agency;		/* its code, on reads */
	enum awareness_kind kind;
	const char	*held_on;		/* YYYY-MM-DD */
	const char	*place;
	const char	*region;
	enum audience	 audience;
	int		 counts[AWARENESS_COUNT__MAX];
	const char	*materials_other;	/* "" when none */
	const char	*feedback;		/* NULL when none; sealed at
						 * rest */
	const char	*created_at;
	const char	*updated_at;
	int64_t		 version;
	/* Read apart from the row: */
	struct awareness_organiser *organisers;	/* by code */
	size_t		 n_organisers;
	const char	**materials;		/* sheet ids, sorted */
	size_t		 n_materials;
};

/* A session as statistics count it (store_stats_awareness()). */
struct awareness_stats_row {
	int64_t		 id;
	enum awareness_kind kind;
	const char	*held_on;
	const char	*region;
	enum audience	 audience;
	int		 counts[AWARENESS_COUNT__MAX];
	const char	*organisers;		/* codes joined by commas */
};

#endif
