/* SPDX-License-Identifier: Apache-2.0 */
/*
 * duplicates.h - persons who may be recorded twice, with the evidence.
 *
 * The same victim or suspect is often recorded by two agencies, or twice
 * by one, under two spellings or scripts.  person_duplicates() proposes
 * pairs (src/search/dedup.h: names sharing two parts, or the same
 * document, phone or linked identifier) and weighs each pair's evidence
 * in bits, for and against, the way record linkage does:
 *
 *	name parts	each part that agrees, worth more the rarer the
 *			part is in the store (dedup_compare_names());
 *			parts both records have that differ, against
 *	birth		the same date or year for; years apart against
 *	sex		female against male, against
 *	document	the same number, strongly for
 *	phone		the same phone or messaging number (E.164), for
 *	identifier	an identifier linked to both (links.h), for
 *	nationality	one in common for; none in common, against
 *
 * The score is the chance the two are one person given that evidence,
 * 1 / (1 + 2^(DUPLICATE_PRIOR_BITS - bits)): the prior says that two
 * records a block brings together are, by themselves, rarely one person.
 * Namesakes are common in the region, so a common name alone never
 * scores high: birth, documents or phones must agree too.
 *
 * Only supervisors look for duplicates (PERM_PERSON_MERGE), and only among
 * the persons their agency sees: a pair one of whose persons the actor
 * may not see is neither returned nor counted.  Pairs a user found to be
 * two people (person_distinct()) are left out.  Reading the pairs reads
 * identities: audited as person.duplicates, with the ids.
 */
#ifndef TIPSOM_CORE_DUPLICATES_H
#define TIPSOM_CORE_DUPLICATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/enums.h"

struct ctx;
struct err;

#define DUPLICATE_PRIOR_BITS	10.0
#define DUPLICATE_MIN_SCORE	0.5	/* the default */
#define DUPLICATE_LIMIT_DEFAULT	50
#define DUPLICATE_LIMIT_MAX	500

struct duplicate_evidence {
	const char	*kind;		/* name, birth, sex, document, phone,
					 * identifier, nationality */
	double		 bits;		/* > 0 for, < 0 against */
	const char	*a, *b;		/* what each record says */
};

struct duplicate_person {
	int64_t		 id;
	const char	*name;		/* the primary name */
	enum sex	 sex;
	int		 birth_year;	/* 0: unknown */
	const char	*agency;	/* the agency that recorded it */
};

struct duplicate_pair {
	struct duplicate_person		 a, b;	/* a.id < b.id */
	double				 score;	/* 0..1 */
	double				 bits;
	struct duplicate_evidence	*evidence;
	size_t				 n_evidence;
};

struct duplicates_query {
	double		 min_score;	/* 0: DUPLICATE_MIN_SCORE */
	int		 limit;		/* 0: DUPLICATE_LIMIT_DEFAULT */
	int64_t		 person;	/* 0: all; else pairs with this one */
};

struct duplicates_summary {
	size_t		 candidates;	/* pairs weighed */
	size_t		 too_common;	/* name blocks too large to weigh */
	size_t		 may_reach;	/* pairs whose names, birth and sex
					 * may reach min_score */
	size_t		 found;		/* of those, looked at in full (the
					 * likeliest first, until the limit
					 * is sure), at min_score or above */
};

/*
 * The likely duplicates, the likeliest first, at most q->limit, into
 * *pairs (ctx->arena).  ERR_INVALID naming "min_score" outside 0..1 or
 * "limit" outside 1..DUPLICATE_LIMIT_MAX; ERR_FORBIDDEN without
 * PERM_PERSON_MERGE.
 */
int		 person_duplicates(struct ctx *ctx,
		    const struct duplicates_query *q,
		    struct duplicate_pair **pairs, size_t *n,
		    struct duplicates_summary *summary, struct err *err);

/*
 * Records that persons a and b are two people, with why, so that they
 * are not proposed again; audited as person.distinct.
 */
int		 person_distinct(struct ctx *ctx, int64_t a, int64_t b,
		    const char *reason, struct err *err);

json_t		*duplicate_pair_json(const struct duplicate_pair *p);

#endif
