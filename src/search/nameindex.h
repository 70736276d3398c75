/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nameindex.h - finding names across scripts, fast, in memory.
 *
 * The index holds names by an id of the caller's (a person's id) and
 * answers "who is most likely called this?" in a few milliseconds over a
 * million names.  A search first gathers the names that share a key with
 * the query, or a key one class away (a typo), weighing each key by how
 * rare it is (a key that few names have next to keys that many have is a
 * typo, and weighs about as they do); the best of those are then ranked
 * name part by name part (namekey_similarity(), vowels included where
 * both spellings write them; two keys one class apart that many names
 * have each, Hamid and Hamdi, are two names and count as less alike
 * than a typo): a part of the query that no part of a name matches,
 * while that name has a part of its own left over (another father's
 * name), counts against it; a part only one side has (a father's name
 * left out) counts little.  The parts must come in the query's order, or turned
 * round as a whole (the family name first); another order counts
 * against the name.  A compound may be one word on one side and two on
 * the other (Ghulam Rasul, Ghulamrasul).
 *
 * Any number of threads may search an index while one adds to it (a
 * read-write lock inside).  The caller keeps it current with the store
 * (search.h).
 */
#ifndef TIPSOM_SEARCH_NAMEINDEX_H
#define TIPSOM_SEARCH_NAMEINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nameindex;		/* opaque */

struct nameindex *nameindex_new(void);
void		 nameindex_free(struct nameindex **ix);

/*
 * Adds name under id (one id may have several names: aliases, scripts).
 * A name without letters is left out.  Returns -1 when memory runs out,
 * the index unchanged.
 */
int		 nameindex_add(struct nameindex *ix, int64_t id,
		    const char *name);

/*
 * Adds a name by its keys (namekey_of(), or namekey_parse() of what the
 * store keeps), so that the index can be built without the names.
 */
struct namekey;
int		 nameindex_add_keys(struct nameindex *ix, int64_t id,
		    const struct namekey *keys, size_t n);

/* How many names the index holds. */
size_t		 nameindex_count(const struct nameindex *ix);

/* Bytes the index takes, roughly. */
size_t		 nameindex_bytes(const struct nameindex *ix);

struct name_hit {
	int64_t		 id;
	double		 score;		/* 0..1, how alike */
};

/*
 * Called for each id a search would return, best first: true to keep
 * it.  Access rules go here, so that what a user may not see is neither
 * returned nor counted.
 */
typedef bool	 (*nameindex_accept)(int64_t id, void *arg);

/*
 * The ids whose names are most like query, best first, each once, into
 * hits[0..max); accept (NULL: all) filters them.  Returns how many.
 */
size_t		 nameindex_search(struct nameindex *ix, const char *query,
		    struct name_hit *hits, size_t max,
		    nameindex_accept accept, void *arg);

#endif
