/* SPDX-License-Identifier: Apache-2.0 */
/*
 * merge.h - two records of one person made one, and undone.
 *
 * Agencies meet the same person more than once and record them twice,
 * often in two scripts.  A supervisor who finds such a pair (duplicates.h)
 * merges the record merged away, OTHER, into the one kept, KEEP:
 * everything that pointed at OTHER (its roles in cases, screenings,
 * facts, referrals, identifier links) points at KEEP from then on, and
 * KEEP is read with OTHER's names, documents and contacts.  OTHER stays
 * in the store, marked merged_into KEEP, and nothing of it is deleted,
 * so a merge can always be undone: person_unmerge() puts back every row
 * the merge moved that is still where the merge put it (what was added to
 * KEEP after the merge stays with KEEP).  When KEEP was merged into a
 * third person since, that later merge is undone first.
 *
 * If the two are in one case in roles one person cannot hold together (a
 * victim and a suspect, a child and their guardian), the merge is refused
 * with ERR_CONFLICT and the list of those roles, unless the caller
 * confirms it: a merge that makes a victim their own trafficker is a
 * decision for a person to take, knowingly.
 *
 * Merging needs PERM_PERSON_MERGE and sight of both persons; merges and
 * unmerges are audited (person.merge, person.unmerge) with ids only.
 */
#ifndef TIPSOM_CORE_MERGE_H
#define TIPSOM_CORE_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/enums.h"
#include "model/person.h"

struct ctx;
struct err;

struct merge_input {
	int64_t		 keep;
	int64_t		 other;
	const char	*reason;	/* required: why they are one person */
	bool		 confirm;	/* merge despite conflicting roles */
};

/* Two roles in one case that one person should not hold together. */
struct merge_conflict {
	const char	*case_ref;
	enum case_role	 keep_role;
	enum case_role	 other_role;
};

/* True when one person holding roles a and b in one case is suspect. */
bool		 merge_roles_conflict(enum case_role a, enum case_role b);

/*
 * Merges in->other into in->keep and fills *out.  ERR_NOT_FOUND for a
 * person the actor does not see; ERR_INVALID for a missing reason or a
 * person merged with themselves; ERR_CONFLICT when either was merged
 * away already, or for conflicting roles not confirmed, with those in
 * *conflicts[0..*n) (in ctx->arena; may be NULL when not wanted).
 */
int		 person_merge(struct ctx *ctx, const struct merge_input *in,
		    struct person_merge_row *out,
		    struct merge_conflict **conflicts, size_t *n,
		    struct err *err);

/*
 * Undoes the merge that holds person other merged away, with a reason,
 * and fills *out.  ERR_NOT_FOUND when other is not merged away (or not
 * seen); ERR_CONFLICT when the person it went into was merged away since
 * (merges are undone the latest first).
 */
int		 person_unmerge(struct ctx *ctx, int64_t other,
		    const char *reason, struct person_merge_row *out,
		    struct err *err);

/*
 * The latest merges of person id, kept or merged away, newest first
 * (PERM_PERSON_MERGE, sight of the person).
 */
int		 person_merges(struct ctx *ctx, int64_t id,
		    struct person_merge_row **rows, size_t *n,
		    struct err *err);

/*
 * The person id stands for now: id itself, or the person it was merged
 * into, and so on.  No access check.
 */
int		 person__root(struct ctx *ctx, int64_t id, int64_t *root,
		    struct err *err);
/* person__root() of ids[0..n), into roots[0..n) (roots may be ids): one
 * statement for every 64 persons that were merged into none. */
int		 person__roots(struct ctx *ctx, const int64_t *ids, size_t n,
		    int64_t *roots, struct err *err);

json_t		*person_merge_json(const struct person_merge_row *m);
json_t		*merge_conflicts_json(const struct merge_conflict *c,
		    size_t n);

#endif
