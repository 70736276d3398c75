/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_caseref.c - case references (AGENCY-YYYY-NNNNNN) and agency codes.
 */
#include <inttypes.h>

#include "unit.h"

#include "core/caseref.h"
#include "base/banned.h"

static void
test_format(void **state)
{
	static const struct {
		const char	*code;
		int		 year;
		int64_t		 number;
		const char	*want;
	} rows[] = {
		{ "KRI-MOI", 2026, 42, "KRI-MOI-2026-000042" },
		{ "KRI-MOI", 2026, 1, "KRI-MOI-2026-000001" },
		{ "KRI-MOI", 2026, 999999, "KRI-MOI-2026-999999" },
		{ "KRI-MOI", 2026, 1000000, "KRI-MOI-2026-1000000" },
		{ "KRI-MOI", 2026, 123456789, "KRI-MOI-2026-123456789" },
		{ "IQ", 999, 7, "IQ-0999-000007" },
		{ "ABCDEFGHIJKLMNOP", 9999, INT64_MAX,
		    "ABCDEFGHIJKLMNOP-9999-9223372036854775807" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char got[CASE_REF_SIZE];

		caseref_format(rows[i].code, rows[i].year, rows[i].number,
		    got);
		if (!STREQ(got, rows[i].want))
			fail_msg("row %zu %s %d %" PRId64 ": got \"%s\", want "
			    "\"%s\"", i, rows[i].code, rows[i].year,
			    rows[i].number, got, rows[i].want);
	}
}

static void
test_parse_round_trip(void **state)
{
	static const struct {
		const char	*code;
		int		 year;
		int64_t		 number;
	} rows[] = {
		{ "KRI-MOI", 2026, 42 },
		{ "KRI-MOI", 2026, 1 },
		{ "KRI-MOI", 2026, 1000000 },
		{ "IQ", 2025, 999999 },
		{ "IQ-MOI-CTIP", 2030, 31337 },
		{ "A1", 1, 1 },
		{ "ABCDEFGHIJKLMNOP", 9999, 123456789012345678 },
		{ "KRI-2026", 2026, 5 },	/* a code may hold digits */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char ref[CASE_REF_SIZE], code[AGENCY_CODE_MAX + 1];
		struct err err = ERR_INIT;
		int64_t number = -1;
		int year = -1;

		caseref_format(rows[i].code, rows[i].year, rows[i].number,
		    ref);
		if (caseref_parse(ref, code, &year, &number, &err) == -1)
			fail_msg("row %zu \"%s\": does not parse: %s", i, ref,
			    err.msg);
		if (!STREQ(code, rows[i].code) || year != rows[i].year ||
		    number != rows[i].number)
			fail_msg("row %zu \"%s\": got %s %d %" PRId64 ", want "
			    "%s %d %" PRId64, i, ref, code, year, number,
			    rows[i].code, rows[i].year, rows[i].number);
	}
}

static void
test_parse_refuses(void **state)
{
	static const struct {
		const char	*name;
		const char	*ref;
	} rows[] = {
		{ "two-digit year", "KRI-MOI-26-000001" },
		{ "number not padded", "KRI-MOI-2026-42" },
		{ "lower-case code", "kri-moi-2026-000001" },
		{ "no code", "-2026-000001" },
		{ "double hyphen in code", "KRI--MOI-2026-000001" },
		{ "empty", "" },
		{ "NULL", NULL },
		{ "no number", "KRI-MOI-2026" },
		{ "trailing hyphen", "KRI-MOI-2026-000001-" },
		{ "number zero", "KRI-MOI-2026-000000" },
		{ "year zero", "KRI-MOI-0000-000001" },
		{ "five-digit year", "KRI-MOI-20260-000001" },
		{ "letter in number", "KRI-MOI-2026-00000a" },
		{ "letter in year", "KRI-MOI-2o26-000001" },
		{ "plus sign in number", "KRI-MOI-2026-+00001" },
		{ "space in number", "KRI-MOI-2026- 00001" },
		{ "one-letter code", "K-2026-000001" },
		{ "code starts with a digit", "1KRI-2026-000001" },
		{ "code too long", "ABCDEFGHIJKLMNOPQ-2026-000001" },
		{ "spaces around", " KRI-MOI-2026-000001 " },
		{ "underscores", "KRI_MOI_2026_000001" },
		{ "no hyphens", "KRIMOI2026000001" },
		{ "Arabic-Indic digits",
		    "KRI-MOI-\u0662\u0660\u0662\u0666-000001" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char code[AGENCY_CODE_MAX + 1] = "";
		struct err err = ERR_INIT;
		int64_t number = 0;
		int year = 0;
		int rc = caseref_parse(rows[i].ref, code, &year, &number,
		    &err);

		if (rc != -1)
			fail_msg("row %zu \"%s\": \"%s\" parses as %s %d %"
			    PRId64, i, rows[i].name,
			    rows[i].ref ? rows[i].ref : "(null)", code, year,
			    number);
		if (err.code != ERR_INVALID || !STREQ(err.field, "ref"))
			fail_msg("row %zu \"%s\": got %s field \"%s\", want "
			    "invalid \"ref\"", i, rows[i].name,
			    err_code_name(err.code), err.field);
	}
}

static void
test_agency_code(void **state)
{
	static const struct {
		const char	*name;
		const char	*code;
		int		 want_rc;
	} rows[] = {
		{ "two parts", "KRI-MOI", 0 },
		{ "three parts", "IQ-MOI-CTIP", 0 },
		{ "two letters", "IQ", 0 },
		{ "letter and digit", "A1", 0 },
		{ "sixteen characters", "ABCDEFGHIJKLMNOP", 0 },
		{ "digits after a hyphen", "KRI-2026", 0 },
		{ "too short", "K", -1 },
		{ "too long (17)", "ABCDEFGHIJKLMNOPQ", -1 },
		{ "leading digit", "1KRI", -1 },
		{ "leading hyphen", "-KRI", -1 },
		{ "trailing hyphen", "KRI-", -1 },
		{ "lower case", "kri-moi", -1 },
		{ "mixed case", "Kri-MOI", -1 },
		{ "double hyphen", "KRI--MOI", -1 },
		{ "space", "KRI MOI", -1 },
		{ "underscore", "KRI_MOI", -1 },
		{ "empty", "", -1 },
		{ "NULL", NULL, -1 },
		{ "non-ASCII letter", "\u00c9KRI", -1 },
		{ "Arabic", "\u0643\u0631", -1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct err err = ERR_INIT;
		int rc = caseref_check_agency_code(rows[i].code, "code", &err);

		if (rc != rows[i].want_rc)
			fail_msg("row %zu \"%s\": got %d, want %d", i,
			    rows[i].name, rc, rows[i].want_rc);
		if (rc == -1 && (err.code != ERR_INVALID ||
		    !STREQ(err.field, "code")))
			fail_msg("row %zu \"%s\": got %s field \"%s\", want "
			    "invalid \"code\"", i, rows[i].name,
			    err_code_name(err.code), err.field);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse_round_trip),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_agency_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
