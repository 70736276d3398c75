/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cascade.h - who trained whom: the reach of a training-of-trainers
 * session down the cascade it started.
 *
 * The participants of a session are its first generation.  A session
 * that one of them trains, starting once they were trained (on or after
 * the day the session that trained them ended), belongs to the cascade
 * one generation down, and its participants are the next generation;
 * and so on.  A person counts once, in the first generation that reached
 * them.  Store-free: programme.c reads the sessions, persons and links,
 * and draws the cascade from the result.
 */
#ifndef TIPSOM_CASCADE_H
#define TIPSOM_CASCADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/enums.h"
#include "model/programme.h"

struct arena;

#define CASCADE_MAX_DEPTH	12

struct cascade_input {
	const struct course_session_row	*sessions;	/* any order */
	size_t				 n_sessions;
	const struct participant_row	*persons;
	size_t				 n_persons;
	const struct session_link_row	*links;
	size_t				 n_links;
};

/* A session in the cascade: how deep, and which trainer of which
 * session above brought it in (0 for the first). */
struct cascade_node {
	const struct course_session_row	*s;
	int				 depth;		/* the first is 1 */
	int64_t				 parent;	/* a session id, or 0 */
	int64_t				 via;		/* its trainer trained
							 * at parent, or 0 */
};

/* A count by a text value (an organisation, a region). */
struct cascade_count {
	const char	*value;
	size_t		 n;
};

/* Adds one to value's count in list (of *n; room for one more). */
void		 cascade_count_add(struct cascade_count *list, size_t *n,
		    const char *value);

struct cascade_result {
	struct cascade_node	*nodes;		/* first the root, then by
						 * depth and start */
	size_t			 n_nodes;
	size_t			 sessions_at[CASCADE_MAX_DEPTH + 1];
	size_t			 persons_at[CASCADE_MAX_DEPTH + 1];
	int			 depth;		/* the deepest generation */
	size_t			 reach;		/* persons trained, all
						 * generations */
	size_t			 by_sex[SEX__MAX];
	struct cascade_count	*by_organisation;	/* most first */
	size_t			 n_organisations;
	struct cascade_count	*by_region;
	size_t			 n_regions;
	bool			 cut;		/* deeper than
						 * CASCADE_MAX_DEPTH */
};

/*
 * The cascade under session root; false when root is not among the
 * sessions.  Arrays live in a.
 */
bool		 cascade_reach(const struct cascade_input *in, int64_t root,
		    struct arena *a, struct cascade_result *out);

#endif
