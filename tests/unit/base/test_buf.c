/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_buf.c - the bounded string (struct buf) and the arena.
 */
#include <stdint.h>
#include <stdio.h>

#include "unit.h"

#include "base/buf.h"
#include "base/banned.h"

/* A buf that holds start, then gets one append. */
static void
test_buf_bounds(void **state)
{
	static const struct {
		const char	*name;
		size_t		 max;
		const char	*start;
		char		 op;	/* 's' adds, 'c' addc, 'f' addf "%s" */
		const char	*arg;
		int		 want_rc;
		const char	*want;
	} rows[] = {
		{ "fits", 8, "abc", 's', "de", 0, "abcde" },
		{ "fills exactly", 8, "abcd", 's', "efgh", 0, "abcdefgh" },
		{ "one byte past max", 8, "abcd", 's', "efghi", -1, "abcd" },
		{ "full then one char", 8, "abcdefgh", 'c', "x", -1,
		    "abcdefgh" },
		{ "full then empty string", 8, "abcdefgh", 's', "", 0,
		    "abcdefgh" },
		{ "char into room", 8, "abcdefg", 'c', "h", 0, "abcdefgh" },
		{ "formatted fits", 8, "ab", 'f', "cdef", 0, "abcdef" },
		{ "formatted too long", 8, "ab", 'f', "cdefghi", -1, "ab" },
		{ "max zero takes nothing", 0, "", 's', "a", -1, "" },
		{ "max zero takes empty", 0, "", 's', "", 0, "" },
		{ "huge append refused", 16, "", 's',
		    "0123456789abcdef0123456789abcdef", -1, "" },
		{ "Arabic counted in bytes", 4, "", 's', "\u0643\u0627", 0,
		    "\u0643\u0627" },
		{ "Arabic past max in bytes", 4, "", 's',
		    "\u0643\u0627\u0631", -1, "" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct buf b = BUF_INIT(rows[i].max);
		int rc = -2;

		if (buf_adds(&b, rows[i].start) == -1) {
			buf_release(&b);
			fail_msg("row %zu \"%s\": the start does not fit", i,
			    rows[i].name);
		}
		switch (rows[i].op) {
		case 's':
			rc = buf_adds(&b, rows[i].arg);
			break;
		case 'c':
			rc = buf_addc(&b, rows[i].arg[0]);
			break;
		case 'f':
			rc = buf_addf(&b, "%s", rows[i].arg);
			break;
		}
		if (rc != rows[i].want_rc || !STREQ(b.s, rows[i].want) ||
		    b.len != strlen(rows[i].want) || b.len > b.max) {
			char got[64];

			snprintf(got, sizeof(got), "%s", b.s);
			buf_release(&b);
			fail_msg("row %zu \"%s\": got rc %d \"%s\", want rc %d "
			    "\"%s\"", i, rows[i].name, rc, got,
			    rows[i].want_rc, rows[i].want);
		}
		buf_release(&b);
	}
}

static void
test_buf_empty_and_reuse(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b, 100);
	assert_non_null(b.s);
	assert_string_equal(b.s, "");
	assert_int_equal(b.len, 0);

	/* Releasing a buf that never grew, and resetting one, are safe. */
	buf_release(&b);
	buf_reset(&b);
	assert_string_equal(b.s, "");

	assert_int_equal(buf_adds(&b, "first"), 0);
	buf_reset(&b);
	assert_string_equal(b.s, "");
	assert_int_equal(b.len, 0);
	assert_true(b.cap > 0);		/* memory kept */
	assert_int_equal(buf_adds(&b, "second"), 0);
	assert_string_equal(b.s, "second");
	buf_release(&b);
	assert_string_equal(b.s, "");
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 100);	/* still bounded, reusable */
	assert_int_equal(buf_adds(&b, "third"), 0);
	assert_string_equal(b.s, "third");

	/* Detach hands the string over and leaves b empty. */
	s = buf_detach(&b);
	assert_string_equal(s, "third");
	assert_string_equal(b.s, "");
	assert_int_equal(b.len, 0);
	free(s);

	/* Detaching an empty buf still gives a string to free. */
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	buf_release(&b);
}

static void
test_buf_binary_and_format(void **state)
{
	struct buf b = BUF_INIT(64);

	(void)state;
	assert_int_equal(buf_add(&b, "a\0b", 3), 0);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.s, "a\0b", 4);
	buf_reset(&b);
	assert_int_equal(buf_addf(&b, "%s-%04d-%06d", "KRI-MOI", 2026, 42),
	    0);
	assert_string_equal(b.s, "KRI-MOI-2026-000042");
	assert_int_equal(buf_addf(&b, "%s", ""), 0);
	assert_string_equal(b.s, "KRI-MOI-2026-000042");
	buf_release(&b);
}

static void
test_buf_growth(void **state)
{
	struct buf b = BUF_INIT(1 << 20);
	char want[16];

	(void)state;
	for (int i = 0; i < 20000; i++)
		if (buf_addf(&b, "%05d,", i) == -1) {
			buf_release(&b);
			fail_msg("append %d refused", i);
		}
	assert_int_equal(b.len, 20000 * 6);
	assert_true(b.cap > b.len);
	assert_int_equal(b.s[b.len], '\0');
	for (int i = 0; i < 20000; i += 997) {
		snprintf(want, sizeof(want), "%05d,", i);
		if (memcmp(b.s + (size_t)i * 6, want, 6) != 0) {
			buf_release(&b);
			fail_msg("entry %d lost in growth", i);
		}
	}
	buf_release(&b);
}

static void
test_arena_many(void **state)
{
	struct arena *a = *state;
	char *ptrs[5000];

	for (size_t i = 0; i < ARRAY_SIZE(ptrs); i++) {
		/* Sizes from 1 to 12 KiB, some past a quarter block. */
		size_t n = 1 + (i * 7919) % (12 * 1024);
		unsigned char *p = arena_alloc(a, n);

		if ((uintptr_t)p % _Alignof(max_align_t) != 0)
			fail_msg("allocation %zu of %zu bytes is misaligned",
			    i, n);
		for (size_t j = 0; j < n; j++)
			if (p[j] != 0)
				fail_msg("allocation %zu is not zeroed", i);
		memset(p, (int)(i & 0xff), n);
		ptrs[i] = (char *)p;
	}
	/* Nothing overlapped: each still holds its own byte. */
	for (size_t i = 0; i < ARRAY_SIZE(ptrs); i++) {
		size_t n = 1 + (i * 7919) % (12 * 1024);

		if ((unsigned char)ptrs[i][0] != (i & 0xff) ||
		    (unsigned char)ptrs[i][n - 1] != (i & 0xff))
			fail_msg("allocation %zu was overwritten", i);
	}
	/* A block larger than the arena's own. */
	ptrs[0] = arena_alloc(a, 1 << 20);
	memset(ptrs[0], 'x', 1 << 20);
	assert_int_equal(arena_alloc(a, 0) != NULL, 1);
}

static void
test_arena_strings(void **state)
{
	struct arena *a = *state;
	const char *long_text;
	char *s;

	assert_null(arena_strdup(a, NULL));
	assert_string_equal(arena_strdup(a, ""), "");
	assert_string_equal(arena_strdup(a,
	    "\u0643\u0627\u0631\u0648\u0627\u0646"),
	    "\u0643\u0627\u0631\u0648\u0627\u0646");
	assert_string_equal(arena_strndup(a, "KRI-MOI-2026", 7), "KRI-MOI");
	assert_string_equal(arena_printf(a, "%s-%04d-%06d", "KRI-MOI", 2026,
	    42), "KRI-MOI-2026-000042");
	assert_string_equal(arena_printf(a, "%s", ""), "");

	/* A formatted string longer than a block. */
	long_text = arena_printf(a, "%0100000d|", 7);
	assert_int_equal(strlen(long_text), 100001);
	assert_int_equal(long_text[99999], '7');
	assert_int_equal(long_text[0], '0');

	s = arena_array(a, 10, sizeof(int));
	for (int i = 0; i < 10; i++)
		assert_int_equal(((int *)(void *)s)[i], 0);
}

static void
test_arena_grow(void **state)
{
	struct arena *a = *state;
	int64_t *list = NULL, *same;
	size_t cap = 0, n = 0;

	for (int64_t v = 1; v <= 1000; v++) {
		list = arena_grow(a, list, n, &cap, n + 1, sizeof(*list));
		if (cap < n + 1)
			fail_msg("grow to %zu gave capacity %zu", n + 1, cap);
		list[n++] = v * 3;
	}
	for (size_t i = 0; i < n; i++)
		if (list[i] != (int64_t)(i + 1) * 3)
			fail_msg("element %zu lost: got %lld", i,
			    (long long)list[i]);
	/* Asking for no more than the capacity keeps the block. */
	same = arena_grow(a, list, n, &cap, cap, sizeof(*list));
	assert_ptr_equal(same, list);
	/* Growing from nothing. */
	cap = 0;
	list = arena_grow(a, NULL, 0, &cap, 3, sizeof(*list));
	assert_non_null(list);
	assert_true(cap >= 3);
	assert_int_equal(list[0], 0);
}

static void
test_arena_free(void **state)
{
	struct arena *a = arena_new();
	struct arena *none = NULL;

	(void)state;
	for (int i = 0; i < 100; i++)
		(void)arena_printf(a, "%d", i);
	arena_free(&a);
	assert_null(a);
	arena_free(&a);		/* twice is harmless */
	arena_free(&none);
	arena_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_bounds),
		cmocka_unit_test(test_buf_empty_and_reuse),
		cmocka_unit_test(test_buf_binary_and_format),
		cmocka_unit_test(test_buf_growth),
		cmocka_unit_test_setup_teardown(test_arena_many,
		    unit_arena_setup, unit_arena_teardown),
		cmocka_unit_test_setup_teardown(test_arena_strings,
		    unit_arena_setup, unit_arena_teardown),
		cmocka_unit_test_setup_teardown(test_arena_grow,
		    unit_arena_setup, unit_arena_teardown),
		cmocka_unit_test(test_arena_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
