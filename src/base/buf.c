/* SPDX-License-Identifier: Apache-2.0 */
/* buf.c - bounded, always-terminated strings. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/banned.h"

char buf_empty[1];

void
buf_init(struct buf *b, size_t max)
{
	*b = (struct buf)BUF_INIT(max);
}

void
buf_release(struct buf *b)
{
	if (b->cap)
		free(b->s);
	b->s = buf_empty;
	b->len = 0;
	b->cap = 0;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap)
		b->s[0] = '\0';
}

static int
buf_reserve(struct buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (extra > b->max || b->len > b->max - extra)
		return -1;
	want = b->len + extra + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap *= 2;
	p = realloc(b->cap ? b->s : NULL, cap);
	if (!p)
		abort();
	if (!b->cap)
		p[0] = '\0';
	b->s = p;
	b->cap = cap;
	return 0;
}

int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n) == -1)
		return -1;
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	if (b->cap)
		b->s[b->len] = '\0';
	return 0;
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_addc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

int
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(b, (size_t)n) == -1)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *
buf_detach(struct buf *b)
{
	char *s = b->cap ? b->s : strdup("");

	if (!s)
		abort();
	b->s = buf_empty;
	b->len = 0;
	b->cap = 0;
	return s;
}
