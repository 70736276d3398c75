/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_age.c - the child rule: age at identification from a birth date,
 * a stated age or a birth year, with the benefit of the doubt going to
 * the person.
 */
#include "unit.h"

#include "core/age.h"
#include "base/banned.h"

/* Every row is identified on this day unless it says otherwise. */
#define ON	"2026-03-15"

static void
test_assess(void **state)
{
	static const struct {
		const char	*name;
		const char	*born;		/* exact date, or NULL */
		int		 birth_year;	/* 0: unknown */
		int		 stated_age;	/* -1: none */
		bool		 presumed;
		const char	*on;		/* NULL: ON */
		int		 want_rc;
		int		 want_age;
		enum age_basis	 want_basis;
		bool		 want_child;
	} rows[] = {
		{ "birth date, adult", "2000-01-01", 0, -1, false, NULL,
		    0, 26, AGE_BASIS_BIRTH_DATE, false },
		{ "birth date, child", "2010-06-01", 0, -1, false, NULL,
		    0, 15, AGE_BASIS_BIRTH_DATE, true },
		{ "birth date, turns 18 today", "2008-03-15", 0, -1, false,
		    NULL, 0, 18, AGE_BASIS_BIRTH_DATE, false },
		{ "birth date, 18 tomorrow", "2008-03-16", 0, -1, false, NULL,
		    0, 17, AGE_BASIS_BIRTH_DATE, true },
		{ "born on 29 Feb, 28 Feb of a common year", "2008-02-29", 0,
		    -1, false, "2026-02-28", 0, 17, AGE_BASIS_BIRTH_DATE,
		    true },
		{ "born on 29 Feb, 1 Mar of a common year", "2008-02-29", 0,
		    -1, false, "2026-03-01", 0, 18, AGE_BASIS_BIRTH_DATE,
		    false },
		{ "born on the day of identification", "2026-03-15", 0, -1,
		    false, NULL, 0, 0, AGE_BASIS_BIRTH_DATE, true },
		{ "stated age 17", NULL, 0, 17, false, NULL,
		    0, 17, AGE_BASIS_STATED_AGE, true },
		{ "stated age 18", NULL, 0, 18, false, NULL,
		    0, 18, AGE_BASIS_STATED_AGE, false },
		{ "stated age 0", NULL, 0, 0, false, NULL,
		    0, 0, AGE_BASIS_STATED_AGE, true },
		{ "birth year: turns 18 this year, may still be 17", NULL,
		    2026 - 18, -1, false, NULL, 0, 18, AGE_BASIS_BIRTH_YEAR,
		    true },
		{ "birth year: turns 19 this year, certainly adult", NULL,
		    2026 - 19, -1, false, NULL, 0, 19, AGE_BASIS_BIRTH_YEAR,
		    false },
		{ "birth year: turns 18 on new year's eve", NULL, 2008, -1,
		    false, "2026-12-31", 0, 18, AGE_BASIS_BIRTH_YEAR, true },
		{ "birth year: born this year", NULL, 2026, -1, false, NULL,
		    0, 0, AGE_BASIS_BIRTH_YEAR, true },
		{ "birth year: a toddler", NULL, 2024, -1, false, NULL,
		    0, 2, AGE_BASIS_BIRTH_YEAR, true },
		{ "birth date beats a stated age", "2000-01-01", 2000, 15,
		    false, NULL, 0, 26, AGE_BASIS_BIRTH_DATE, false },
		{ "stated age beats a birth year", NULL, 2000, 16, false,
		    NULL, 0, 16, AGE_BASIS_STATED_AGE, true },
		{ "presumed child over an adult birth date", "2000-01-01", 0,
		    -1, true, NULL, 0, 26, AGE_BASIS_PRESUMED_CHILD, true },
		{ "presumed child over an adult stated age", NULL, 0, 30,
		    true, NULL, 0, 30, AGE_BASIS_PRESUMED_CHILD, true },
		{ "presumed child over an adult birth year", NULL, 1990, -1,
		    true, NULL, 0, 36, AGE_BASIS_PRESUMED_CHILD, true },
		{ "presumed child, nothing else known", NULL, 0, -1, true,
		    NULL, 0, -1, AGE_BASIS_PRESUMED_CHILD, true },
		{ "presumed child who is a child anyway keeps the basis",
		    "2012-01-01", 0, -1, true, NULL, 0, 14,
		    AGE_BASIS_BIRTH_DATE, true },
		{ "nothing known", NULL, 0, -1, false, NULL,
		    0, -1, AGE_BASIS_UNKNOWN, false },
		{ "exactly 130", "1896-03-15", 0, -1, false, NULL,
		    0, 130, AGE_BASIS_BIRTH_DATE, false },
		{ "born after identification", "2026-03-16", 0, -1, false,
		    NULL, -1, 0, 0, false },
		{ "birth year after identification", NULL, 2027, -1, false,
		    NULL, -1, 0, 0, false },
		{ "born after identification, presumed child", "2026-04-01",
		    0, -1, true, NULL, -1, 0, 0, false },
		{ "older than 130 by birth date", "1895-03-15", 0, -1, false,
		    NULL, -1, 0, 0, false },
		{ "older than 130 by birth year", NULL, 1890, -1, false, NULL,
		    -1, 0, 0, false },
		{ "stated age 131", NULL, 0, 131, false, NULL,
		    -1, 0, 0, false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct age_facts f = {
			.birth_year = rows[i].birth_year,
			.stated_age = rows[i].stated_age,
			.presumed_child = rows[i].presumed,
		};
		struct age_result r;
		struct date born;
		int rc;

		if (date_parse(rows[i].on ? rows[i].on : ON,
		    &f.identified_on) == -1 ||
		    (rows[i].born && date_parse(rows[i].born, &born) == -1))
			fail_msg("row %zu \"%s\": bad test dates", i,
			    rows[i].name);
		if (rows[i].born)
			f.birth_date = &born;
		rc = age_assess(&f, &r);
		if (rc != rows[i].want_rc)
			fail_msg("row %zu \"%s\": got rc %d, want %d", i,
			    rows[i].name, rc, rows[i].want_rc);
		if (rc == -1)
			continue;
		if (r.age != rows[i].want_age ||
		    r.basis != rows[i].want_basis ||
		    r.child != rows[i].want_child)
			fail_msg("row %zu \"%s\": got age %d %s child=%d, "
			    "want age %d %s child=%d", i, rows[i].name, r.age,
			    enum_name(&age_basis_desc, r.basis), r.child,
			    rows[i].want_age,
			    enum_name(&age_basis_desc, rows[i].want_basis),
			    rows[i].want_child);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assess),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
