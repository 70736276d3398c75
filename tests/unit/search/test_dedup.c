/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_dedup.c - the pairs a dedup proposes, and how its names weigh: the
 * same person spelt in two scripts is a pair, two people who share only
 * a given name are not; a rare part weighs more than a common one; two
 * different fathers count against.
 */
#include <stdio.h>
#include <string.h>

#include "search/dedup.h"
#include "unit.h"
#include "base/banned.h"

static const struct {
	int64_t		 id;
	const char	*name;
} people[] = {
	{ 1, "Mohammed Hussein al-Jubouri" },
	{ 2, "محمد حسين الجبوري" },		/* 1 in Arabic script */
	{ 3, "Mohammed Karim Zebari" },		/* another Mohammed */
	{ 4, "Ali Hassan" },
	{ 5, "Hassan Ali" },			/* 4, the parts swapped */
	{ 6, "Fatemeh" },
	{ 7, "فاطمه" },				/* a one-part name */
	{ 8, "Rahim Nazari" },
	{ 9, "Jamila Darwish" },
};

static struct dedup *
dedup_of_people(void)
{
	struct dedup *d = dedup_new();

	for (size_t i = 0; i < ARRAY_SIZE(people); i++) {
		struct namekey keys[NAMEKEY_PARTS];
		size_t n = namekey_of(people[i].name, keys, NAMEKEY_PARTS);

		dedup_add_name(d, people[i].id, keys, n);
	}
	/* 8 and 9 share a passport number and nothing else. */
	dedup_add_token(d, 8, "doc", "A1234567");
	dedup_add_token(d, 9, "doc", "A1234567");
	dedup_add_token(d, 9, "tel", "A1234567");
	dedup_finish(d);
	return d;
}

static bool
has_pair(const struct dedup_pair *pairs, size_t n, int64_t a, int64_t b)
{
	for (size_t i = 0; i < n; i++)
		if (pairs[i].a == a && pairs[i].b == b)
			return true;
	return false;
}

static void
test_pairs(void **state)
{
	static const struct {
		int64_t		 a, b;
		bool		 want;
	} rows[] = {
		{ 1, 2, true },		/* three parts in common */
		{ 1, 3, false },	/* Mohammed alone */
		{ 4, 5, true },		/* any order */
		{ 6, 7, true },		/* one part, the same */
		{ 8, 9, true },		/* a document */
		{ 2, 3, false },
	};
	struct dedup *d = dedup_of_people();
	const struct dedup_pair *pairs;
	size_t n, too_common;

	(void)state;
	pairs = dedup_pairs(d, &n, &too_common);
	assert_int_equal(dedup_persons(d), 9);
	assert_int_equal(too_common, 0);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if (has_pair(pairs, n, rows[i].a, rows[i].b) != rows[i].want)
			fail_msg("row %zu: pair %lld-%lld %s", i,
			    (long long)rows[i].a, (long long)rows[i].b,
			    rows[i].want ? "missing" : "proposed");
	for (size_t i = 0; i < n; i++) {
		assert_true(pairs[i].a < pairs[i].b);
		assert_int_equal(pairs[i].by_token, pairs[i].a == 8 &&
		    pairs[i].b == 9);
		if (i)
			assert_true(pairs[i - 1].a < pairs[i].a ||
			    (pairs[i - 1].a == pairs[i].a &&
			    pairs[i - 1].b < pairs[i].b));
	}
	dedup_free(&d);
	assert_null(d);
}

static void
test_too_common(void **state)
{
	struct dedup *d = dedup_new();
	struct namekey keys[NAMEKEY_PARTS];
	size_t n = namekey_of("Ahmad Karimi", keys, NAMEKEY_PARTS), got,
	    too_common;

	(void)state;
	for (int64_t id = 1; id <= DEDUP_BLOCK_MAX + 1; id++)
		dedup_add_name(d, id, keys, n);
	dedup_finish(d);
	dedup_pairs(d, &got, &too_common);
	assert_int_equal(got, 0);
	assert_int_equal(too_common, 1);
	dedup_free(&d);
}

static void
test_common_names_split_by_year(void **state)
{
	struct dedup *d = dedup_new();
	struct namekey keys[NAMEKEY_PARTS];
	size_t n = namekey_of("Ahmad Karimi", keys, NAMEKEY_PARTS), got,
	    too_common;
	const struct dedup_pair *pairs;

	(void)state;
	/* Many Ahmad Karimis, each born in another year but 70 and 90,
	 * both born in 1990; 9 without a year. */
	for (int64_t id = 1; id <= 2 * DEDUP_BLOCK_MAX; id++) {
		dedup_add_name(d, id, keys, n);
		if (id != 9)
			dedup_add_year(d, id, id == 70 ? 1990 :
			    1900 + (int)id);
	}
	dedup_finish(d);
	pairs = dedup_pairs(d, &got, &too_common);
	assert_int_equal(too_common, 0);
	assert_int_equal(got, 1);
	assert_int_equal(pairs[0].a, 70);
	assert_int_equal(pairs[0].b, 90);
	assert_false(pairs[0].by_token);
	dedup_free(&d);
}

static double
compare(const struct dedup *d, const char *a, const char *b,
    struct dedup_names *out)
{
	struct namekey ka[NAMEKEY_PARTS], kb[NAMEKEY_PARTS];
	size_t na = namekey_of(a, ka, NAMEKEY_PARTS);
	size_t nb = namekey_of(b, kb, NAMEKEY_PARTS);

	return dedup_compare_names(d, ka, na, kb, nb, out);
}

static void
test_weights(void **state)
{
	static const struct {
		const char	*a, *b;
		size_t		 matched, conflicts;
	} rows[] = {
		{ "Mohammed Hussein al-Jubouri", "محمد حسين الجبوري", 3, 0 },
		{ "Hassan Ali", "Ali Hassan", 2, 0 },
		{ "Mohammed Hussein Jubouri", "Mohammed Jubouri", 2, 0 },
		{ "Mohammed Hussein Jubouri", "Mohammed Karim Jubouri", 2, 1 },
		{ "Rahim Nazari", "Jamila Darwish", 0, 2 },
		{ "Mohamad Husein", "Muhammad Hussain", 2, 0 },
	};
	struct dedup *d = dedup_of_people();
	struct dedup_names rare, common;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct dedup_names out;

		compare(d, rows[i].a, rows[i].b, &out);
		if (out.n_match != rows[i].matched ||
		    out.conflicts != rows[i].conflicts)
			fail_msg("row %zu: %zu matched, %zu conflicts; want "
			    "%zu, %zu", i, out.n_match, out.conflicts,
			    rows[i].matched, rows[i].conflicts);
	}
	/* Three Mohammeds in the store, one Zebari: Zebari says more. */
	compare(d, "Zebari", "Zebari", &rare);
	compare(d, "Mohammed", "Mohammed", &common);
	assert_true(rare.bits > common.bits);
	/* A father who differs costs what agreeing on him would have been
	 * worth, at least in part. */
	compare(d, "Mohammed Hussein Jubouri", "Mohammed Jubouri", &rare);
	compare(d, "Mohammed Hussein Jubouri", "Mohammed Karim Jubouri",
	    &common);
	assert_true(rare.bits - common.bits >= DEDUP_CONFLICT_BITS);
	dedup_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_too_common),
		cmocka_unit_test(test_common_names_split_by_year),
		cmocka_unit_test(test_weights),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
