/* SPDX-License-Identifier: Apache-2.0 */
/* arena.c - a chain of blocks; allocations are bumped, never freed alone. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/banned.h"

#define ARENA_BLOCK	(32 * 1024)
#define ARENA_ALIGN	(_Alignof(max_align_t))

struct block {
	struct block	*next;
	size_t		 used;
	size_t		 size;
	_Alignas(max_align_t) unsigned char data[];
};

struct arena {
	struct block	*head;
	struct block	*spare;		/* blocks of ARENA_BLOCK to reuse */
};

static void *
xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		abort();
	return p;
}

struct arena *
arena_new(void)
{
	struct arena *a = xmalloc(sizeof(*a));

	a->head = a->spare = NULL;
	return a;
}

static void
free_blocks(struct block *b)
{
	struct block *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
}

void
arena_free(struct arena **a)
{
	if (!a || !*a)
		return;
	free_blocks((*a)->head);
	free_blocks((*a)->spare);
	free(*a);
	*a = NULL;
}

void
arena_clear(struct arena *a)
{
	struct block *b, *next;

	for (b = a->head; b; b = next) {
		next = b->next;
		if (b->size != ARENA_BLOCK) {
			free(b);
			continue;
		}
		b->used = 0;
		b->next = a->spare;
		a->spare = b;
	}
	a->head = NULL;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct block *b = a->head;
	size_t need = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	void *p;

	if (need < n)
		abort();
	if (!b || b->size - b->used < need) {
		/* Large requests get a block of their own behind the head, so
		 * the head's free space is not wasted. */
		size_t size = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;

		if (size == ARENA_BLOCK && a->spare) {
			b = a->spare;
			a->spare = b->next;
		} else {
			b = xmalloc(sizeof(*b) + size);
			b->used = 0;
			b->size = size;
		}
		if (need > ARENA_BLOCK / 4 && a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = b->data + b->used;
	b->used += need;
	memset(p, 0, n);
	return p;
}

void *
arena_array(struct arena *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		abort();
	return arena_alloc(a, count * size);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *
arena_grow(struct arena *a, void *old, size_t count, size_t *cap,
    size_t want, size_t size)
{
	size_t newcap = *cap ? *cap : 8;
	void *p;

	if (want <= *cap)
		return old;
	while (newcap < want) {
		if (newcap > SIZE_MAX / 2)
			abort();
		newcap *= 2;
	}
	p = arena_array(a, newcap, size);
	if (count)
		memcpy(p, old, count * size);
	*cap = newcap;
	return p;
}
