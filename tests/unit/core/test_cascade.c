/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cascade.c - who trained whom: one programme of sessions, and for
 * each root the reach, generations and counts the cascade must give.
 */
#include <inttypes.h>
#include <stdio.h>

#include "unit.h"

#include "base/arena.h"
#include "core/cascade.h"
#include "base/banned.h"

/*
 *   1 ToT, Jan, trainer P1: participants P2, P3
 *   2 Feb, trainer P2 (trained at 1): P4, P5
 *   3 Mar, trainer P3 (trained at 1): P6
 *   4 Apr, trainer P4 (trained at 2): P7, P2 (P2 again: counted once)
 *   5 Dec of the year before, trainer P3: P8 (before P3 was trained)
 *   6 Jan 12, starts the day 1 ends, trainer P2: P9
 */
static const struct course_session_row sessions[] = {
	{ .id = 1, .tot = true, .starts_on = "2026-01-10",
	    .ends_on = "2026-01-12", .course_code = "TOT" },
	{ .id = 2, .starts_on = "2026-02-01", .ends_on = "2026-02-02",
	    .course_code = "B" },
	{ .id = 3, .starts_on = "2026-03-01", .ends_on = "2026-03-01",
	    .course_code = "B" },
	{ .id = 4, .starts_on = "2026-04-01", .ends_on = "2026-04-01",
	    .course_code = "B" },
	{ .id = 5, .starts_on = "2025-12-01", .ends_on = "2025-12-01",
	    .course_code = "B" },
	{ .id = 6, .starts_on = "2026-01-12", .ends_on = "2026-01-12",
	    .course_code = "B" },
};

#define P(i, s, org, reg) { .id = i, .sex = s, .organisation = org,	\
	.region = reg }
static const struct participant_row persons[] = {
	P(1, SEX_FEMALE, "Academy", "Erbil"),
	P(2, SEX_MALE, "Erbil Police", "Erbil"),
	P(3, SEX_FEMALE, "Duhok Police", "Duhok"),
	P(4, SEX_MALE, "Erbil Police", "Erbil"),
	P(5, SEX_FEMALE, "Shelter", "Erbil"),
	P(6, SEX_MALE, "Duhok Police", "Duhok"),
	P(7, SEX_UNKNOWN, "Erbil Police", "Erbil"),
	P(8, SEX_MALE, "Duhok Police", "Duhok"),
	P(9, SEX_FEMALE, "Erbil Police", "Erbil"),
};

#define T(s, p) { s, p, true }
#define E(s, p) { s, p, false }
static const struct session_link_row links[] = {
	T(1, 1), E(1, 2), E(1, 3),
	T(2, 2), E(2, 4), E(2, 5),
	T(3, 3), E(3, 6),
	T(4, 4), E(4, 7), E(4, 2),
	T(5, 3), E(5, 8),
	T(6, 2), E(6, 9),
};

static const struct {
	int64_t		 root;
	size_t		 reach;
	int		 depth;
	const char	*nodes;		/* session:depth:via, in order */
	size_t		 female, male;
	const char	*top_org;
} rows[] = {
	{ 1, 7, 3, "1:1:0 6:2:2 2:2:2 3:2:3 4:3:4", 3, 3, "Erbil Police" },
	{ 2, 4, 2, "2:1:0 4:2:4", 1, 2, "Erbil Police" },
	{ 3, 1, 1, "3:1:0", 0, 1, "Duhok Police" },
	{ 5, 1, 1, "5:1:0", 0, 1, "Duhok Police" },
};

static void
test_reach(void **state)
{
	const struct cascade_input in = { sessions, ARRAY_SIZE(sessions),
	    persons, ARRAY_SIZE(persons), links, ARRAY_SIZE(links) };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct arena *a = arena_new();
		struct cascade_result r;
		char nodes[256] = "";
		size_t sum = 0;

		assert_true(cascade_reach(&in, rows[i].root, a, &r));
		for (size_t k = 0; k < r.n_nodes; k++)
			snprintf(nodes + strlen(nodes), sizeof(nodes) -
			    strlen(nodes), "%s%" PRId64 ":%d:%" PRId64,
			    k ? " " : "", r.nodes[k].s->id, r.nodes[k].depth,
			    r.nodes[k].via);
		if (strcmp(nodes, rows[i].nodes) != 0)
			fail_msg("root %" PRId64 ": nodes %s, want %s",
			    rows[i].root, nodes, rows[i].nodes);
		assert_int_equal(r.reach, rows[i].reach);
		assert_int_equal(r.depth, rows[i].depth);
		assert_int_equal(r.by_sex[SEX_FEMALE], rows[i].female);
		assert_int_equal(r.by_sex[SEX_MALE], rows[i].male);
		assert_string_equal(r.by_organisation[0].value,
		    rows[i].top_org);
		for (int d = 1; d <= r.depth; d++)
			sum += r.persons_at[d];
		assert_int_equal(sum, r.reach);
		assert_false(r.cut);
		arena_free(&a);
	}
}

static void
test_unknown_root(void **state)
{
	const struct cascade_input in = { sessions, ARRAY_SIZE(sessions),
	    persons, ARRAY_SIZE(persons), links, ARRAY_SIZE(links) };
	struct arena *a = arena_new();
	struct cascade_result r;

	(void)state;
	assert_false(cascade_reach(&in, 99, a, &r));
	assert_int_equal(r.reach, 0);
	arena_free(&a);
}

/* A chain deeper than counted is cut, and says so. */
static void
test_deep_chain(void **state)
{
	enum { N = CASCADE_MAX_DEPTH + 3 };
	struct course_session_row s[N];
	struct participant_row p[N + 1];
	struct session_link_row l[2 * N];
	struct arena *a = arena_new();
	struct cascade_result r;
	size_t n = 0;

	(void)state;
	for (int i = 0; i < N; i++) {
		char *day = arena_printf(a, "2026-01-%02d", i + 1);

		s[i] = (struct course_session_row){ .id = i + 1,
		    .starts_on = day, .ends_on = day, .course_code = "C" };
		/* Person i trains session i+1 and attended session i. */
		l[n++] = (struct session_link_row){ i + 1, i + 1, true };
		l[n++] = (struct session_link_row){ i + 1, i + 2, false };
	}
	for (int i = 0; i <= N; i++)
		p[i] = (struct participant_row){ .id = i + 1, .sex = SEX_MALE,
		    .organisation = "X", .region = "Y" };
	assert_true(cascade_reach(&(struct cascade_input){ s, N, p, N + 1, l,
	    n }, 1, a, &r));
	assert_int_equal(r.depth, CASCADE_MAX_DEPTH);
	assert_true(r.cut);
	assert_int_equal(r.reach, CASCADE_MAX_DEPTH);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reach),
		cmocka_unit_test(test_unknown_root),
		cmocka_unit_test(test_deep_chain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
