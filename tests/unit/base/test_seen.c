/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_seen.c - the filter of strings seen: never "not seen" for a string
 * added, and seldom "maybe" for one that was not.
 */
#include "unit.h"

#include "base/seen.h"
#include "base/banned.h"

static void
test_seen(void **state)
{
	static const struct {
		const char	*name;
		size_t		 bytes;
		int		 added;
		int		 false_maybe_max;	/* of 100,000 absent */
	} rows[] = {
		{ "the import's size, a million ids", SEEN_BYTES_DEFAULT,
		    1000000, 100 },
		{ "a small filter, few ids", 4096, 1000, 1000 },
		{ "rounded up to 64 bytes, overfull", 1, 2000, 100000 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct seen *s = seen_new(rows[i].bytes);
		char id[32];
		int false_maybe = 0;

		for (int k = 0; k < rows[i].added; k++) {
			snprintf(id, sizeof(id), "S%d", k);
			seen_add(s, id);
		}
		for (int k = 0; k < rows[i].added; k++) {
			snprintf(id, sizeof(id), "S%d", k);
			if (!seen_maybe(s, id))
				fail_msg("row %zu \"%s\": %s added, not seen",
				    i, rows[i].name, id);
		}
		for (int k = 0; k < 100000; k++) {
			snprintf(id, sizeof(id), "T%d", k);
			false_maybe += seen_maybe(s, id);
		}
		if (false_maybe > rows[i].false_maybe_max)
			fail_msg("row %zu \"%s\": %d of 100000 absent ids "
			    "maybe seen, want at most %d", i, rows[i].name,
			    false_maybe, rows[i].false_maybe_max);
		seen_free(&s);
		assert_null(s);
	}
	seen_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
