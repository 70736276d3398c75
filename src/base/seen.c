/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seen.c - a Bloom filter of strings (seen.h): three bits a string, all
 * in one 64-byte block, so that adding or asking costs one cache miss,
 * not three (an import asks and adds a million times in 8 MiB).
 */
#include <stdint.h>
#include <stdlib.h>

#include "base/seen.h"
#include "base/banned.h"

#define PROBES		3
#define BLOCK_BYTES	64

struct seen {
	uint64_t	 blocks_mask;	/* blocks - 1 */
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
	s->blocks_mask = size / BLOCK_BYTES - 1;
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

/*
 * The block of s's bits: the hash's high bits; the bits in it: three
 * 9-bit numbers (512 bits a block) from its low 27 bits.
 */
static unsigned char *
block_of(const struct seen *f, const char *s, unsigned *bits)
{
	uint64_t h = hash_of(s);

	*bits = (unsigned)(h & ((UINT64_C(1) << (9 * PROBES)) - 1));
	return f->bits + ((h >> 32) & f->blocks_mask) * BLOCK_BYTES;
}

void
seen_add(struct seen *f, const char *s)
{
	unsigned bits;
	unsigned char *block = block_of(f, s, &bits);

	for (int i = 0; i < PROBES; i++, bits >>= 9)
		block[(bits & 511) >> 3] |= (unsigned char)(1u << (bits & 7));
}

bool
seen_maybe(const struct seen *f, const char *s)
{
	unsigned bits;
	const unsigned char *block = block_of(f, s, &bits);

	for (int i = 0; i < PROBES; i++, bits >>= 9)
		if (!(block[(bits & 511) >> 3] & (1u << (bits & 7))))
			return false;
	return true;
}
