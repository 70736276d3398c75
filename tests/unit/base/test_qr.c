/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_qr.c - QR codes as rows: the size follows the text's length, and
 * the patterns scanners look for are where the standard puts them.
 */
#include <string.h>

#include "unit.h"

#include "base/arena.h"
#include "base/err.h"
#include "base/qr.h"
#include "base/banned.h"

/* The finder pattern's rows, as seen in each of the three corners. */
static const char *const finder[7] = {
	"1111111", "1000001", "1011101", "1011101", "1011101", "1000001",
	"1111111",
};

static void
check_finders(const char **rows, int size, const char *name)
{
	for (int y = 0; y < 7; y++) {
		if (strncmp(rows[y], finder[y], 7) != 0 ||
		    strncmp(rows[y] + size - 7, finder[y], 7) != 0 ||
		    strncmp(rows[size - 7 + y], finder[y], 7) != 0)
			fail_msg("\"%s\": no finder pattern in row %d", name,
			    y);
	}
	/* The timing pattern runs between the finders on row and column
	 * 6, dark on even modules. */
	for (int i = 8; i < size - 8; i++) {
		if (rows[6][i] != (i % 2 ? '0' : '1') ||
		    rows[i][6] != (i % 2 ? '0' : '1'))
			fail_msg("\"%s\": timing pattern broken at %d", name,
			    i);
	}
}

static void
test_sizes_and_patterns(void **state)
{
	static const struct {
		const char	*name;
		size_t		 length;	/* of a text of 'A's */
		int		 size;		/* 17 + 4 * version */
	} rows[] = {
		{ "one byte", 1, 21 },
		{ "version 1 full (14 bytes at level M)", 14, 21 },
		{ "one byte more", 15, 25 },
		/* The otpauth URIs of tipsom are about 100 bytes. */
		{ "an otpauth URI", 100, 41 },
		{ "the longest text", QR_TEXT_MAX, 121 },
	};
	static char text[QR_TEXT_MAX + 1];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct arena *a = arena_new();
		struct err err = { 0 };
		const char **qr;
		int size;

		memset(text, 'a', rows[i].length);
		text[rows[i].length] = '\0';
		if (qr_rows(a, text, &qr, &size, &err) == -1)
			fail_msg("\"%s\": %s", rows[i].name, err.msg);
		if (size != rows[i].size)
			fail_msg("\"%s\": size %d, want %d", rows[i].name,
			    size, rows[i].size);
		for (int y = 0; y < size; y++) {
			assert_int_equal(strlen(qr[y]), (size_t)size);
			assert_int_equal(strspn(qr[y], "01"), (size_t)size);
		}
		check_finders(qr, size, rows[i].name);
		arena_free(&a);
	}
}

static void
test_too_long(void **state)
{
	static char text[QR_TEXT_MAX + 2];
	struct arena *a = arena_new();
	struct err err = { 0 };
	const char **qr = (const char *[]){ "x" };
	int size = 7;

	(void)state;
	memset(text, 'a', sizeof(text) - 1);
	assert_int_equal(qr_rows(a, text, &qr, &size, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_true(unit_contains(err.msg, "longer than 1024 bytes"));
	assert_null(qr);
	assert_int_equal(size, 0);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes_and_patterns),
		cmocka_unit_test(test_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
