/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arena.h - memory that lives as long as one request or one command.
 *
 * Everything allocated from an arena is released at once by arena_free();
 * nothing is freed on its own.  Rows read from the store, strings built for
 * output and lists of results are allocated here, so a command has exactly
 * one free.  Allocation failure aborts (STYLE.md: we are a program, not a
 * library).
 */
#ifndef TIPSOM_ARENA_H
#define TIPSOM_ARENA_H

#include <stddef.h>

struct arena;			/* opaque */

/* A new, empty arena.  Release it with arena_free(). */
struct arena	*arena_new(void);

/* Frees every allocation of *a, then *a itself, and sets *a to NULL. */
void		 arena_free(struct arena **a);

/*
 * Frees every allocation of a at once and keeps a's memory for the next
 * ones: a loop that clears its arena each round (an import, every
 * thousand rows) does not go back to malloc and the kernel for pages.
 */
void		 arena_clear(struct arena *a);

/* n zeroed bytes, aligned for any type. */
void		*arena_alloc(struct arena *a, size_t n);

/* An array of count zeroed elements of size bytes; aborts on overflow. */
void		*arena_array(struct arena *a, size_t count, size_t size);

/* A copy of s (NULL gives NULL). */
char		*arena_strdup(struct arena *a, const char *s);

/* A copy of the first n bytes of s, NUL-terminated. */
char		*arena_strndup(struct arena *a, const char *s, size_t n);

/* A formatted string. */
char		*arena_printf(struct arena *a, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/*
 * Grows an arena array: returns a copy of old (count elements of size
 * bytes) with room for at least want elements; *cap is updated.  The old
 * block stays allocated until the arena is freed, so use it for lists that
 * are built once per request.
 */
void		*arena_grow(struct arena *a, void *old, size_t count,
		    size_t *cap, size_t want, size_t size);

#endif
