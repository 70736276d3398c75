/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seen.c - a Bloom filter of strings (seen.h): three bits a string,
 * chosen by double hashing of one 64-bit hash.
 */
#include <stdint.h>
#include <stdlib.h>

#include "base/seen.h"
#include "base/banned.h"

#define PROBES	3

struct seen {
	uint64_t	 mask;		/* bits - 1 */
	unsigned char	*bits;
};

struct seen *
seen_new(size_t bytes)
{
	struct seen *s = malloc(sizeof(*s));
	size_t size = 64;

	while (size * 2 <= bytes)
		size *= 2;
	if (!s)
		abort();
	/* calloc()'s pages stay untouched, and unbacked, until written. */
	s->bits = calloc(size, 1);
	if (!s->bits)
		abort();
	s->mask = (uint64_t)size * 8 - 1;
	return s;
}

void
seen_free(struct seen **s)
{
	if (!s || !*s)
		return;
	free((*s)->bits);
	free(*s);
	*s = NULL;
}

/*
 * FNV-1a, then splitmix64's finaliser: FNV alone leaves ids that differ
 * in their last digit ("S17", "S18") too close for double hashing.
 */
static uint64_t
hash_of(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= UINT64_C(1099511628211);
	}
	h = (h ^ (h >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	h = (h ^ (h >> 27)) * UINT64_C(0x94d049bb133111eb);
	return h ^ (h >> 31);
}

void
seen_add(struct seen *f, const char *s)
{
	uint64_t h = hash_of(s), step = (h >> 32) | 1;

	for (int i = 0; i < PROBES; i++, h += step) {
		uint64_t bit = h & f->mask;

		f->bits[bit >> 3] |= (unsigned char)(1u << (bit & 7));
	}
}

bool
seen_maybe(const struct seen *f, const char *s)
{
	uint64_t h = hash_of(s), step = (h >> 32) | 1;

	for (int i = 0; i < PROBES; i++, h += step) {
		uint64_t bit = h & f->mask;

		if (!(f->bits[bit >> 3] & (1u << (bit & 7))))
			return false;
	}
	return true;
}
