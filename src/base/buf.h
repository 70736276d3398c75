/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buf.h - a growable string with a ceiling.
 *
 * A struct buf always holds a NUL-terminated string (s is never NULL, ""
 * when empty) and never grows past its max, so untrusted input cannot make
 * it allocate without bound: an append that would pass max appends nothing
 * and returns -1 (the caller names the input that was too long).
 *
 *	struct buf b = BUF_INIT(4096);
 *	if (buf_addf(&b, "%s-%04d", code, year) == -1) ...;
 *	buf_release(&b);
 */
#ifndef TIPSOM_BUF_H
#define TIPSOM_BUF_H

#include <stddef.h>

struct buf {
	char	*s;		/* the string; owned by the buf */
	size_t	 len;		/* strlen(s), without the NUL */
	size_t	 cap;		/* bytes allocated for s */
	size_t	 max;		/* the longest len may become */
};

extern char buf_empty[];

#define BUF_INIT(maxlen) { .s = buf_empty, .len = 0, .cap = 0, .max = (maxlen) }

/* Initialises b as empty with the given ceiling. */
void	buf_init(struct buf *b, size_t max);

/* Frees b's memory and leaves it empty and reusable. */
void	buf_release(struct buf *b);

/* Empties b, keeping its memory. */
void	buf_reset(struct buf *b);

/* Appends n bytes of p (which may hold NULs), or the string s. */
int	buf_add(struct buf *b, const void *p, size_t n);
int	buf_adds(struct buf *b, const char *s);
int	buf_addc(struct buf *b, char c);

/* Appends a formatted string. */
int	buf_addf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Takes the string out of b (the caller frees it) and leaves b empty. */
char	*buf_detach(struct buf *b);

#endif
