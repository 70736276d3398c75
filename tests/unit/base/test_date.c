/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_date.c - parsing, formatting and comparing dates, and counting
 * completed years (ages) across birthdays and 29 February.
 */
#include <stdio.h>

#include "unit.h"

#include "base/date.h"
#include "base/banned.h"

static void
test_parse(void **state)
{
	static const struct {
		const char	*in;
		int		 want_rc;
		struct date	 want;
	} rows[] = {
		{ "2026-01-01", 0, { 2026, 1, 1 } },
		{ "2026-12-31", 0, { 2026, 12, 31 } },
		{ "2024-02-29", 0, { 2024, 2, 29 } },
		{ "2000-02-29", 0, { 2000, 2, 29 } },
		{ "0001-01-01", 0, { 1, 1, 1 } },
		{ "9999-12-31", 0, { 9999, 12, 31 } },
		{ "2026-04-30", 0, { 2026, 4, 30 } },
		{ "2023-02-29", -1, { 0 } },
		{ "1900-02-29", -1, { 0 } },
		{ "2026-02-30", -1, { 0 } },
		{ "2026-04-31", -1, { 0 } },
		{ "2026-13-01", -1, { 0 } },
		{ "2026-00-10", -1, { 0 } },
		{ "2026-01-00", -1, { 0 } },
		{ "2026-01-32", -1, { 0 } },
		{ "0000-01-01", -1, { 0 } },
		{ "2026-1-01", -1, { 0 } },
		{ "2026-01-1", -1, { 0 } },
		{ "26-01-01", -1, { 0 } },
		{ "2026-01-01x", -1, { 0 } },
		{ " 2026-01-01", -1, { 0 } },
		{ "2026-01-01 ", -1, { 0 } },
		{ "2026/01/01", -1, { 0 } },
		{ "2026-01-01T00:00:00Z", -1, { 0 } },
		{ "+026-01-01", -1, { 0 } },
		{ "-026-01-01", -1, { 0 } },
		{ "2026-+1-01", -1, { 0 } },
		{ "2026-0a-01", -1, { 0 } },
		{ "", -1, { 0 } },
		{ NULL, -1, { 0 } },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct date got = { -1, -1, -1 };
		int rc = date_parse(rows[i].in, &got);

		if (rc != rows[i].want_rc)
			fail_msg("row %zu \"%s\": got rc %d, want %d", i,
			    rows[i].in ? rows[i].in : "(null)", rc,
			    rows[i].want_rc);
		if (rc == 0 && date_cmp(&got, &rows[i].want) != 0)
			fail_msg("row %zu \"%s\": got %d-%d-%d, want %d-%d-%d",
			    i, rows[i].in, got.year, got.month, got.day,
			    rows[i].want.year, rows[i].want.month,
			    rows[i].want.day);
		if (rc == -1 && (got.year != -1 || got.month != -1 ||
		    got.day != -1))
			fail_msg("row %zu \"%s\": a refused date changed *out",
			    i, rows[i].in ? rows[i].in : "(null)");
	}
}

static void
test_format_round_trip(void **state)
{
	static const char *const rows[] = {
		"2026-01-01", "2024-02-29", "0001-01-01", "9999-12-31",
		"1999-09-09", "2008-03-15",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char out[DATE_TEXT_SIZE];
		struct date d;

		if (date_parse(rows[i], &d) == -1)
			fail_msg("row %zu \"%s\": does not parse", i, rows[i]);
		date_format(&d, out);
		if (!STREQ(out, rows[i]))
			fail_msg("row %zu \"%s\": formats as \"%s\"", i,
			    rows[i], out);
	}
}

static void
test_leap_and_month_days(void **state)
{
	static const struct {
		int	 year, month;
		bool	 leap;
		int	 days;
	} rows[] = {
		{ 2024, 2, true, 29 }, { 2023, 2, false, 28 },
		{ 2000, 2, true, 29 }, { 1900, 2, false, 28 },
		{ 2100, 2, false, 28 }, { 2026, 1, false, 31 },
		{ 2026, 4, false, 30 }, { 2026, 12, false, 31 },
		{ 2026, 0, false, 0 }, { 2026, 13, false, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		bool leap = date_is_leap(rows[i].year);
		int days = date_month_days(rows[i].year, rows[i].month);

		if (leap != rows[i].leap)
			fail_msg("row %zu %d: got leap %d, want %d", i,
			    rows[i].year, leap, rows[i].leap);
		if (days != rows[i].days)
			fail_msg("row %zu %d-%02d: got %d days, want %d", i,
			    rows[i].year, rows[i].month, days, rows[i].days);
	}
}

static void
test_cmp(void **state)
{
	static const struct {
		struct date	 a, b;
		int		 want;	/* sign */
	} rows[] = {
		{ { 2026, 3, 15 }, { 2026, 3, 15 }, 0 },
		{ { 2026, 3, 14 }, { 2026, 3, 15 }, -1 },
		{ { 2026, 3, 16 }, { 2026, 3, 15 }, 1 },
		{ { 2026, 2, 28 }, { 2026, 3, 1 }, -1 },
		{ { 2025, 12, 31 }, { 2026, 1, 1 }, -1 },
		{ { 2027, 1, 1 }, { 2026, 12, 31 }, 1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		int got = date_cmp(&rows[i].a, &rows[i].b);
		int sign = (got > 0) - (got < 0);

		if (sign != rows[i].want)
			fail_msg("row %zu: got %d, want sign %d", i, got,
			    rows[i].want);
	}
}

static void
test_years_between(void **state)
{
	static const struct {
		const char	*name;
		const char	*born, *on;
		int		 want;
	} rows[] = {
		{ "same day", "2026-03-15", "2026-03-15", 0 },
		{ "birthday today", "2008-03-15", "2026-03-15", 18 },
		{ "day before the birthday", "2008-03-16", "2026-03-15", 17 },
		{ "day after the birthday", "2008-03-14", "2026-03-15", 18 },
		{ "month before the birthday", "2008-04-15", "2026-03-15", 17 },
		{ "new year's eve before", "2008-01-01", "2025-12-31", 17 },
		{ "new year's day", "2008-01-01", "2026-01-01", 18 },
		{ "29 Feb birth, 28 Feb of a common year", "2008-02-29",
		    "2026-02-28", 17 },
		{ "29 Feb birth, 1 Mar of a common year", "2008-02-29",
		    "2026-03-01", 18 },
		{ "29 Feb birth, 29 Feb of a leap year", "2008-02-29",
		    "2024-02-29", 16 },
		{ "29 Feb birth, 28 Feb of a leap year", "2008-02-29",
		    "2024-02-28", 15 },
		{ "one day old", "2026-03-14", "2026-03-15", 0 },
		{ "a day short of a year", "2025-03-16", "2026-03-15", 0 },
		{ "old", "1926-03-15", "2026-03-15", 100 },
		{ "born after the date", "2026-03-16", "2026-03-15", -1 },
		{ "born a year after", "2027-03-15", "2026-03-15", -1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct date born, on;
		int got;

		if (date_parse(rows[i].born, &born) == -1 ||
		    date_parse(rows[i].on, &on) == -1)
			fail_msg("row %zu \"%s\": bad test dates", i,
			    rows[i].name);
		got = date_years_between(&born, &on);
		if (got != rows[i].want)
			fail_msg("row %zu \"%s\": got %d, want %d", i,
			    rows[i].name, got, rows[i].want);
	}
}

static void
test_now(void **state)
{
	char ts[TIMESTAMP_TEXT_SIZE], before[DATE_TEXT_SIZE],
	    after[DATE_TEXT_SIZE], check[DATE_TEXT_SIZE];
	struct date d;

	(void)state;
	date_today(&d);
	date_format(&d, before);
	date_now_timestamp(ts);
	date_today(&d);
	date_format(&d, after);

	assert_true(d.year >= 2024);
	assert_int_equal(strlen(ts), TIMESTAMP_TEXT_SIZE - 1);
	assert_int_equal(ts[10], 'T');
	assert_int_equal(ts[13], ':');
	assert_int_equal(ts[16], ':');
	assert_int_equal(ts[19], '.');
	assert_int_equal(ts[23], 'Z');
	/* The timestamp's date is today's (either side of midnight). */
	memcpy(check, ts, DATE_TEXT_SIZE - 1);
	check[DATE_TEXT_SIZE - 1] = '\0';
	if (!STREQ(check, before) && !STREQ(check, after))
		fail_msg("timestamp %s is not of today (%s)", ts, after);
	assert_int_equal(date_parse(check, &d), 0);
}

static void
test_seconds_format(void **state)
{
	static const struct {
		int64_t		 secs;
		const char	*want;
	} rows[] = {
		{ 0, "1970-01-01T00:00:00.000Z" },
		{ 1700000000, "2023-11-14T22:13:20.000Z" },
		{ 951782400, "2000-02-29T00:00:00.000Z" },
		{ 253402300799, "9999-12-31T23:59:59.000Z" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char got[TIMESTAMP_TEXT_SIZE];

		date_seconds_format(rows[i].secs, got);
		if (!STREQ(got, rows[i].want))
			fail_msg("row %zu (%lld s): got %s, want %s", i,
			    (long long)rows[i].secs, got, rows[i].want);
	}
}

/*
 * What date_seconds_parse() takes is what date_seconds_format() writes
 * back: fuzz_text found a leap second of 9999-12-31 read as a time of
 * the year 10000, written "0000-01-01T00:00:00.000Z".
 */
static void
test_seconds_parse(void **state)
{
	static const struct {
		const char	*in;
		int64_t		 want;	/* -1: refused */
	} rows[] = {
		{ "1970-01-01", 0 },
		{ "2023-11-14T22:13:20Z", 1700000000 },
		{ "2023-11-14T22:13:20.123Z", 1700000000 },
		{ "2016-12-31T23:59:60Z", 1483228800 },
		{ "9999-12-31T23:59:59Z", 253402300799 },
		{ "9999-12-31T23:59:60Z", -1 },
		{ "2023-11-14T24:00:00Z", -1 },
		{ "2023-11-14T22:13:20", -1 },
		{ "2023-11-14T22:13:20+03:00", -1 },
		{ "0000-01-01", -1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		int64_t got = -1;
		char text[TIMESTAMP_TEXT_SIZE];
		int rc = date_seconds_parse(rows[i].in, &got);

		if (rc == -1)
			got = -1;
		if (got != rows[i].want)
			fail_msg("row %zu %s: got %lld, want %lld", i,
			    rows[i].in, (long long)got,
			    (long long)rows[i].want);
		if (rc == 0) {
			date_seconds_format(got, text);
			if (date_seconds_parse(text, &got) == -1 ||
			    got != rows[i].want)
				fail_msg("row %zu %s: %s does not read back",
				    i, rows[i].in, text);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_leap_and_month_days),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_years_between),
		cmocka_unit_test(test_now),
		cmocka_unit_test(test_seconds_format),
		cmocka_unit_test(test_seconds_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
