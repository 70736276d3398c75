/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jcheck.h - checking a JSON definition with the path of every node in
 * hand, so that each error names where it is and how to fix it.
 *
 * Used by the parsers of SOPs, screening instruments and legal-element
 * files.  Every check returns 0, or -1 with *err ERR_INVALID, err->field
 * the JSON path ("phases[2].steps[3].depends_on[0]") and err->msg
 * "path: what is wrong: the fix".
 */
#ifndef TIPSOM_JCHECK_H
#define TIPSOM_JCHECK_H

#include <stddef.h>

#include <jansson.h>

struct arena;
struct err;

struct jcheck {
	struct arena	*a;	/* paths live here */
	struct err	*err;
	const char	*doc;	/* where the format is written down */
};

/* Fails at path with a message. */
int		 jcheck_bad(struct jcheck *c, const char *path,
		    const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/* The paths "path.key" and "path[i]". */
const char	*jcheck_sub(struct jcheck *c, const char *path,
		    const char *key);
const char	*jcheck_item(struct jcheck *c, const char *path, size_t i);

/* An object with no key outside allowed and every key of required. */
int		 jcheck_keys(struct jcheck *c, const json_t *o,
		    const char *path, const char *const *allowed,
		    const char *const *required);

/* 2 to max of a-z, 0-9, _ (and - when dash), starting with a letter. */
int		 jcheck_id(struct jcheck *c, const json_t *v, const char *path,
		    size_t max, int dash);

/* A translatable text: {"en": ..., "ar": ...}, each 1 to max chars. */
int		 jcheck_text(struct jcheck *c, const json_t *v,
		    const char *path, size_t max);

/* An array of at least min_items distinct strings from vocab. */
int		 jcheck_words(struct jcheck *c, const json_t *v,
		    const char *path, const char *const *vocab,
		    size_t min_items, const char *what);

/* true, false, or when nullable also null (*out -1). */
int		 jcheck_bool(struct jcheck *c, const json_t *v,
		    const char *path, int nullable, int *out);

/* A whole number in [min, max]. */
int		 jcheck_int(struct jcheck *c, const json_t *v, const char *path,
		    long long min, long long max, long long *out);

/*
 * Parses len bytes of text as JSON (at most max bytes), refusing
 * duplicate keys.  NULL with *err naming line and column otherwise.
 */
json_t		*jcheck_load(struct jcheck *c, const char *text, size_t len,
		    size_t max, const char *what);

#endif
