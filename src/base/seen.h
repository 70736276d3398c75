/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seen.h - a fixed-size filter of strings seen (a Bloom filter): it
 * answers "certainly not added" or "maybe added", never a false "not".
 * A caller keeps the exact answer elsewhere (a store) and asks it only
 * on "maybe", so that most questions about new strings cost nothing.
 *
 *	struct seen *s = seen_new(SEEN_BYTES_DEFAULT);
 *	seen_add(s, "S17");
 *	if (seen_maybe(s, id) && exact_lookup(id)) ...
 *	seen_free(&s);
 *
 * Its memory does not grow with what it holds: more strings only make
 * "maybe" come more often (about 1 in 10,000 for a million strings in
 * the default 8 MiB).  Not thread-safe: one thread adds and asks.
 */
#ifndef TIPSOM_SEEN_H
#define TIPSOM_SEEN_H

#include <stdbool.h>
#include <stddef.h>

struct seen;			/* opaque */

#define SEEN_BYTES_DEFAULT	((size_t)8 << 20)

/*
 * A filter of bytes bytes (rounded down to a power of two, at least 64),
 * empty; the memory is touched only where strings fall.  The caller
 * owns it and releases it with seen_free().  Aborts when out of memory.
 */
struct seen	*seen_new(size_t bytes);

/* Frees *s and sets it to NULL.  Does nothing when *s is NULL. */
void		 seen_free(struct seen **s);

/* Adds s (a NUL-terminated string; the filter keeps no pointer). */
void		 seen_add(struct seen *f, const char *s);

/* False when s was certainly never added; true when it may have been. */
bool		 seen_maybe(const struct seen *f, const char *s);

#endif
