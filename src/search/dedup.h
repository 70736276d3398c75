/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dedup.h - which records may be the same person, and how strongly their
 * names say so.
 *
 * Comparing every person with every other is out of the question past a
 * few thousand persons, so a dedup first puts persons in blocks: those
 * whose names share two parts (by coarse key, any order: "Hassan Ali"
 * and "Ali Hassan"; a one-part name by its one part), and those who share
 * an exact token the caller gives (a document number, a phone number in
 * E.164, a linked identifier).  Every two persons of a block make a
 * candidate pair.  A name block larger than DEDUP_BLOCK_MAX (a name half
 * the province has) is split by birth year, when the caller gave them
 * (dedup_add_year()): the persons born the same year make a block, those
 * without a year none.  A block still too large is too common to say
 * anything and gives no pairs; it is counted.
 *
 * The dedup also learns how common each name part is, for
 * dedup_compare_names(): agreeing on a rare family name says more than
 * agreeing on Mohammed.  Weights are in bits (log2 of how much likelier
 * the agreement is for one person recorded twice than for two people),
 * the way record linkage weighs evidence (Fellegi and Sunter).
 *
 * Use: dedup_new(), dedup_add_name() and dedup_add_token() for every
 * person, dedup_finish(), then dedup_pairs() and dedup_compare_names().
 * Not thread-safe; one dedup per run.
 */
#ifndef TIPSOM_SEARCH_DEDUP_H
#define TIPSOM_SEARCH_DEDUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "search/namekey.h"

#define DEDUP_BLOCK_MAX		64	/* persons in a block, at most */
#define DEDUP_TOKEN_MAX		64	/* bytes of a token, with its NUL */

/* Agreement weaker than this is no agreement (namekey_similarity()). */
#define DEDUP_PART_MIN		0.75

/* What two parts both sides have and do not match cost, each, in bits. */
#define DEDUP_CONFLICT_BITS	4.0

struct dedup;			/* opaque */

struct dedup	*dedup_new(void);
void		 dedup_free(struct dedup **d);

/*
 * Adds one name of person id by its keys (namekey_of(), or namekey_parse()
 * of the stored keys).  A person may have several names.
 */
void		 dedup_add_name(struct dedup *d, int64_t id,
		    const struct namekey *keys, size_t n);

/*
 * Adds an exact token of person id: persons with the same token are
 * compared whatever their names.  kind keeps kinds apart ("doc", "tel");
 * a token longer than DEDUP_TOKEN_MAX is cut.
 */
void		 dedup_add_token(struct dedup *d, int64_t id, const char *kind,
		    const char *value);

/* Adds the birth year of person id, for splitting common names. */
void		 dedup_add_year(struct dedup *d, int64_t id, int year);

/* Ends adding: counts the parts and makes the blocks. */
void		 dedup_finish(struct dedup *d);

struct dedup_pair {
	int64_t		 a, b;		/* a < b */
	bool		 by_token;	/* they share a token */
};

/*
 * The candidate pairs, each once, by a then b; owned by d.  *too_common
 * gets how many blocks were too large to compare.
 */
const struct dedup_pair *dedup_pairs(const struct dedup *d, size_t *n,
		    size_t *too_common);

/* How many persons were added. */
size_t		 dedup_persons(const struct dedup *d);

/* The weight of agreeing on a part with this key, in bits (> 0). */
double		 dedup_part_bits(const struct dedup *d,
		    const struct namekey *key);

struct dedup_match {
	size_t		 a, b;		/* the parts matched, indexes */
	double		 similarity;	/* namekey_similarity() */
	double		 bits;
};

struct dedup_names {
	struct dedup_match match[NAMEKEY_PARTS];
	size_t		 n_match;
	size_t		 conflicts;	/* parts both have, unmatched */
	double		 bits;		/* the matches less the conflicts */
};

/*
 * Matches the parts of two names a[0..na) and b[0..nb), in any order, the
 * most alike first, each part once, and weighs the result into *out.
 * Returns out->bits.
 */
double		 dedup_compare_names(const struct dedup *d,
		    const struct namekey *a, size_t na,
		    const struct namekey *b, size_t nb,
		    struct dedup_names *out);

#endif
