/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_arena.c - arenas: allocations zeroed and aligned, and
 * arena_clear(), which frees everything and keeps the memory for the
 * next round.
 */
#include <stdalign.h>

#include "unit.h"

#include "base/banned.h"

/* Sizes across the block size (32 KiB), small and large. */
static const size_t sizes[] = { 1, 7, 16, 100, 4095, 8193, 40000, 3 };

/* Fills a round of allocations with 0xAB, after checking each is zeroed
 * and aligned; *first gets the first allocation. */
static void
round_of(struct arena *a, size_t round, void **first)
{
	for (size_t r = 0; r < 200; r++)
		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
			unsigned char *p = arena_alloc(a, sizes[i]);

			if ((uintptr_t)p % alignof(max_align_t) != 0)
				fail_msg("round %zu: %zu bytes not aligned",
				    round, sizes[i]);
			for (size_t k = 0; k < sizes[i]; k++)
				if (p[k] != 0)
					fail_msg("round %zu: %zu bytes not "
					    "zeroed at %zu", round, sizes[i],
					    k);
			memset(p, 0xAB, sizes[i]);
			if (r == 0 && i == 0)
				*first = p;
		}
}

static void
test_clear_reuses(void **state)
{
	struct arena *a = arena_new();
	void *first[3];

	(void)state;
	for (size_t round = 0; round < ARRAY_SIZE(first); round++) {
		round_of(a, round, &first[round]);
		arena_clear(a);
	}
	/* The same rounds after a clear start in the same kept block. */
	if (first[1] != first[2])
		fail_msg("the third round did not reuse the second's block");
	/* A cleared arena is a usable empty arena. */
	assert_string_equal(arena_strdup(a, "after"), "after");
	arena_clear(a);
	arena_clear(a);
	arena_free(&a);
	assert_null(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clear_reuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
