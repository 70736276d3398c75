/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_nameindex.c - searching a small index: the person meant comes
 * first whatever the script, the order of the names or a typo; what the
 * caller does not accept is neither returned nor counted.
 */
#include <stdio.h>
#include <string.h>

#include "search/nameindex.h"
#include "unit.h"
#include "base/banned.h"

static const struct {
	int64_t		 id;
	const char	*name;
} people[] = {
	{ 1, "محمد حسين الجبوري" },
	{ 1, "Mohammed Hussein al-Jubouri" },	/* the same person again */
	{ 2, "Mahmoud Hassan Karimi" },
	{ 3, "عبدالرحمن صالح التميمي" },
	{ 4, "Fatemeh Ahmadi" },
	{ 5, "Ҷамшед Раҳмонов" },
	{ 6, "Nur al-Din Zebari" },
	{ 7, "Hussein Mohammed" },
	{ 8, "Ahmad Hamid Saleh" },
	{ 9, "Hamid Ahmad Saleh" },
	{ 10, "محمود حسين الجبوري" },		/* Mahmoud, not Mohammed */
	{ 11, "Musa Rashid Sayed" },
	{ 12, "Rashid Musa Sayed" },
	{ 13, "حسن علي" },
	{ 14, "حسين علي" },
	{ 15, "Ghulamrasul Popalzai" },
	{ 16, "محمد قاسم احمدزی" },
	{ 17, "Ghulam Haidar Popalzai" },
	{ 18, "Mahmoud Mohammed" },
	{ 19, "Mahmoud Hussein" },
	{ 20, "جمال عبد الناصر" },
	{ 21, "Kamal Nasser" },
	{ 22, "Ghulam Hussein Salimi" },
	{ 23, "Ghulam Haidar Salimi" },
	{ 24, "عثمان علي الحسيني" },
	{ 25, "Osman Karimi" },
	{ 26, "Haisam Mustafa" },
	{ 27, "Karimi Nur al-Din Ghulam Haidar" },	/* family name first */
	{ 28, "Nur al-Din Karim" },
	{ 29, "Abdul Rahman Kamal Hamdan" },	/* given and father swapped */
	{ 30, "Kamal Hamza" },			/* no father's name */
	{ 31, "Abbas Salim al-Ismail" },	/* al-Ismail, a family */
	{ 32, "Abbas Salim Ismail" },		/* Ismail, a grandfather */
	{ 33, "Zarina Ahmadova" },		/* the Ahmadovs' daughter */
	{ 34, "Zarina Ahmad" },			/* Ahmad's */
	{ 35, "Ismail Sharif" },		/* a given name Ismail */
	{ 36, "Ziyad Ismail" },			/* no family name */
	{ 37, "Ziyad Hamid" },			/* Ziyad, a common name */
	{ 38, "Ziyad Nasser" },
	{ 39, "Ziyad Saleh" },
};

static struct nameindex *
index_of_people(void)
{
	struct nameindex *ix = nameindex_new();

	assert_non_null(ix);
	for (size_t i = 0; i < ARRAY_SIZE(people); i++)
		assert_int_equal(nameindex_add(ix, people[i].id,
		    people[i].name), 0);
	assert_int_equal(nameindex_add(ix, 99, "  -- 12 "), 0);
	assert_int_equal(nameindex_count(ix), ARRAY_SIZE(people));
	return ix;
}

static void
test_first_hit(void **state)
{
	static const struct {
		const char	*query;
		int64_t		 want;
	} rows[] = {
		{ "Muhammad Husayn Jubouri", 1 },
		{ "Мухаммад Хусейн Аль-Джубури", 1 },
		{ "JUBOURI, Mohamed", 1 },
		{ "Abdul Rahman Saleh al-Tamimi", 3 },
		{ "Abdurrahman Tamimi", 3 },
		{ "فاطمه احمدی", 4 },
		{ "Jamshed Rahmonov", 5 },
		{ "Jamshid Rakhmonov", 5 },
		{ "نور الدين زيباري", 6 },
		{ "Nuruddin Zebari", 6 },
		{ "Mahmud Hasan Kerimi", 2 },
		{ "Mahmoud Hasan Karimy", 2 },		/* a typo, -y for -i */
		{ "Ahmad Hamid", 8 },			/* order decides */
		{ "Hamid Ahmad", 9 },
		/* long vowels tell Mahmoud from Mohammed, Hassan from
		 * Hussein, across scripts */
		{ "Mahmoud Hussein Jubouri", 10 },
		{ "Mohammed Hussein Jubouri", 1 },
		{ "Hassan Ali", 13 },
		{ "Hussein Ali", 14 },
		/* three parts in another order are another person; turned
		 * round as a whole they are the same */
		{ "Rashid Musa Sayed", 12 },
		{ "Musa Rashid Sayed", 11 },
		{ "Sayed Rashid Musa", 12 },
		/* a compound as one word or two, either side */
		{ "Ghulam Rasul Popalzai", 15 },
		{ "Mohammadqasim Ahmadzai", 16 },
		/* the same key twice (MHMD MHMD) */
		{ "محمود محمد", 18 },
		/* an Egyptian g for ج */
		{ "Gamal Abdel Nasser", 20 },
		{ "Ghulamhussain Salimi", 22 },
		/* ث as s, either side */
		{ "Osman Ali Husseini", 24 },
		{ "عثمان كريمي", 25 },
		{ "Uthman Karimi", 25 },
		{ "هيثم مصطفى", 26 },
		/* turned round as a whole, the same names before one that
		 * is not quite the same (Karim for Karimi) */
		{ "Nuruddin Karimi", 27 },
		/* two parts swapped inside are out of order, not turned
		 * round: the name that leaves one part out comes first */
		{ "Kamal Abdul Rahman al-Hamza", 30 },
		/* the article says which is the family name */
		{ "Abbas Salim Ismail", 32 },
		{ "عباس سليم الاسماعيل", 31 },
		{ "Аббас Салим Аль-Исмаил", 31 },
		/* a woman's surname is her family's, not her father's name */
		{ "Зарина Ахмадова", 33 },
		{ "زرینه احمدوا", 33 },
		{ "Zarina Akhmadova", 33 },
		{ "زرینه احمد", 34 },
		/* the given name is the part lists leave out least: Ismail
		 * Sharif is not Ziyad Ismail Sharif, whose father Ismail is */
		{ "Ziyad Ismail Sharif", 36 },
		{ "Ismail Sharif", 35 },
	};
	struct nameindex *ix = index_of_people();

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct name_hit hits[5];
		size_t n = nameindex_search(ix, rows[i].query, hits, 5, NULL,
		    NULL);

		if (n == 0 || hits[0].id != rows[i].want)
			fail_msg("row %zu \"%s\": first %lld, want %lld", i,
			    rows[i].query,
			    n ? (long long)hits[0].id : -1LL,
			    (long long)rows[i].want);
		for (size_t k = 1; k < n; k++)
			assert_true(hits[k].score <= hits[k - 1].score);
		for (size_t k = 0; k < n; k++)
			assert_true(hits[k].score >= 0 && hits[k].score <= 1);
	}
	nameindex_free(&ix);
	assert_null(ix);
}

/*
 * Another reading of the same letters is the same name however common
 * the name is: a query for a name that many names share still finds it
 * written with ث (Osman, عثمان), with an Egyptian g (Gamal, جمال) or
 * with a c (Cemal, Yacoub, Nacer), whichever side wrote which.
 */
static void
test_common_reading(void **state)
{
	static const struct {
		int64_t		 id;
		const char	*name;
	} readers[] = {
		{ 1, "عثمان" },
		{ 2, "Osman Karimi" },
		{ 3, "Usman Haidari" },
		{ 4, "Osman Zebari" },
		{ 5, "Gamal" },
		{ 6, "جمال حسن" },
		{ 7, "Jamal Karimi" },
		{ 8, "Ahmad Ali" },
		{ 9, "Yacoub Karimi" },
		{ 10, "يعقوب" },
		{ 11, "Nacer" },
		{ 12, "ناصر علي" },
		{ 13, "Cemal Haidari" },
	};
	static const struct {
		const char	*query;
		int64_t		 want;		/* among the hits */
	} rows[] = {
		{ "Osman", 1 },
		{ "Usman", 1 },
		{ "Gamal", 6 },
		{ "Gamal", 7 },
		/* the other way round: ج finds the g and the c of another
		 * scheme, ق the c of a French one */
		{ "جمال", 5 },
		{ "جمال", 13 },
		{ "Jamal", 5 },
		{ "Cemal", 6 },
		{ "يعقوب", 9 },
		{ "Yacoub", 10 },
		{ "ناصر", 11 },
		{ "Nacer", 12 },
	};
	struct nameindex *ix = nameindex_new();

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(readers); i++)
		assert_int_equal(nameindex_add(ix, readers[i].id,
		    readers[i].name), 0);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct name_hit hits[ARRAY_SIZE(readers)];
		size_t n = nameindex_search(ix, rows[i].query, hits,
		    ARRAY_SIZE(hits), NULL, NULL), k;

		for (k = 0; k < n && hits[k].id != rows[i].want; k++)
			;
		if (k == n)
			fail_msg("row %zu \"%s\": %lld not found", i,
			    rows[i].query, (long long)rows[i].want);
	}
	nameindex_free(&ix);
}

/*
 * A name in another spelling of the same letters scores as the name
 * itself: what tells a person apart is the name, not its script.
 */
static void
test_full_score(void **state)
{
	static const struct {
		const char	*query;
		int64_t		 want;
	} rows[] = {
		{ "Mohammed Hussein al-Jubouri", 1 },
		{ "عثمان كريمي", 25 },			/* ث as s */
		{ "Uthman Karimi", 25 },
		{ "Osman Ali al-Husseini", 24 },
		{ "هيثم مصطفی", 26 },			/* and a final ی */
	};
	struct nameindex *ix = index_of_people();

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct name_hit hit;
		size_t n = nameindex_search(ix, rows[i].query, &hit, 1, NULL,
		    NULL);

		if (n == 0 || hit.id != rows[i].want || hit.score < 0.99)
			fail_msg("row %zu \"%s\": first %lld (%.2f), want %lld",
			    i, rows[i].query, n ? (long long)hit.id : -1LL,
			    n ? hit.score : 0.0, (long long)rows[i].want);
	}
	nameindex_free(&ix);
}

/*
 * A part that is only alike to the query's (Karimi, Kurdi: one class
 * apart) counts against the name, the more the less alike: a common
 * family name left out weighs less than one that is most likely another.
 */
static void
test_unlike_part(void **state)
{
	struct nameindex *ix = nameindex_new();
	struct name_hit hits[2];

	(void)state;
	assert_non_null(ix);
	for (int64_t id = 100; id < 200; id++)
		assert_int_equal(nameindex_add(ix, id, "Omar Kurdi"), 0);
	assert_int_equal(nameindex_add(ix, 1, "Hasan Bakhtiyar Karimi"), 0);
	assert_int_equal(nameindex_add(ix, 2, "Hasan Bakhtiyar"), 0);
	assert_int_equal(nameindex_search(ix, "Hasan Bakhtiyar Kurdi", hits,
	    2, NULL, NULL), 2);
	assert_int_equal(hits[0].id, 2);
	assert_int_equal(hits[1].id, 1);
	nameindex_free(&ix);
}

static bool
not_one(int64_t id, void *arg)
{
	(*(int *)arg)++;
	return id != 1;
}

static void
test_each_id_once_and_filtered(void **state)
{
	struct nameindex *ix = index_of_people();
	struct name_hit hits[10];
	size_t n;
	int asked = 0;

	(void)state;
	n = nameindex_search(ix, "Mohammed Hussein", hits, 10, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			assert_true(hits[i].id != hits[k].id);
	n = nameindex_search(ix, "Mohammed Hussein al-Jubouri", hits, 10,
	    not_one, &asked);
	assert_true(asked > 0);
	for (size_t i = 0; i < n; i++)
		assert_true(hits[i].id != 1);
	assert_int_equal(nameindex_search(ix, "", hits, 10, NULL, NULL), 0);
	assert_int_equal(nameindex_search(ix, "\xff", hits, 10, NULL, NULL),
	    0);
	assert_int_equal(nameindex_search(ix, "Pqpq Xvxv", hits, 10, NULL,
	    NULL), 0);
	assert_true(nameindex_bytes(ix) > 0);
	nameindex_free(&ix);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_hit),
		cmocka_unit_test(test_common_reading),
		cmocka_unit_test(test_full_score),
		cmocka_unit_test(test_unlike_part),
		cmocka_unit_test(test_each_id_once_and_filtered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
