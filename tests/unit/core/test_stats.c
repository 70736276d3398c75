/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_stats.c - counting (stats_tabulate) and small-cell suppression
 * (stats_suppress), as tables: each row names what it shows.
 */
#include <stdio.h>

#include "core/stats.h"
#include "unit.h"
#include "base/banned.h"

#define MAX_UNITS	8
#define MAX_CELLS	8

/* Cells and totals as text, "female=3 male=<" in the table's order: "<"
 * for a suppressed count. */
static void
describe(const struct stats_table *t, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t c = 0; c < t->n_cells && len < size; c++) {
		len += (size_t)snprintf(out + len, size - len, "%s",
		    c ? " " : "");
		for (size_t d = 0; d < t->n_dims && len < size; d++)
			len += (size_t)snprintf(out + len, size - len, "%s%s",
			    d ? "/" : "", t->cells[c].values[d]);
		if (len >= size)
			break;
		if (t->cells[c].suppressed)
			len += (size_t)snprintf(out + len, size - len, "=<");
		else
			len += (size_t)snprintf(out + len, size - len,
			    "=%lld", (long long)t->cells[c].count);
	}
	if (len < size) {
		if (t->total_suppressed)
			snprintf(out + len, size - len, " | total=<");
		else
			snprintf(out + len, size - len, " | total=%lld",
			    (long long)t->total);
	}
}

/* Units by sex and nationality: "female:IQ" repeated n times. */
struct unit_spec {
	const char	*sex;
	const char	*nationality;
	int		 times;
};

static void
test_tabulate_and_suppress(void **state)
{
	static const struct {
		const char		*name;
		struct unit_spec	 units[MAX_UNITS];
		enum stats_dim		 dims[2];
		size_t			 n_dims;
		int			 min_cell;
		const char		*want;
	} rows[] = {
		{ "nothing small, nothing suppressed, largest first",
		    { { "female", "IQ", 7 }, { "male", "IQ", 9 } },
		    { STATS_DIM_SEX }, 1, 5, "male=9 female=7 | total=16" },
		{ "one small cell takes the next smallest with it",
		    { { "female", "IQ", 7 }, { "male", "IQ", 9 },
		    { "other", "IQ", 2 } },
		    { STATS_DIM_SEX }, 1, 5,
		    "male=9 female=< other=< | total=18" },
		{ "two small cells hide each other",
		    { { "female", "IQ", 10 }, { "male", "IQ", 3 },
		    { "other", "IQ", 2 } },
		    { STATS_DIM_SEX }, 1, 5,
		    "female=10 male=< other=< | total=15" },
		{ "a small total is suppressed with its one cell",
		    { { "female", "IQ", 3 } },
		    { STATS_DIM_SEX }, 1, 5, "female=< | total=<" },
		{ "min_cell 1 suppresses nothing",
		    { { "female", "IQ", 1 }, { "male", "IQ", 2 } },
		    { STATS_DIM_SEX }, 1, 1, "male=2 female=1 | total=3" },
		{ "exactly the threshold is shown",
		    { { "female", "IQ", 5 }, { "male", "IQ", 6 } },
		    { STATS_DIM_SEX }, 1, 5, "male=6 female=5 | total=11" },
		{ "several nationalities count under each, persons once",
		    { { "female", "IQ,SY", 6 }, { "male", "IQ", 6 } },
		    { STATS_DIM_NATIONALITY }, 1, 5, "IQ=12 SY=6 | total=12" },
		{ "no nationality recorded is unknown",
		    { { "female", "", 6 }, { "male", "IQ", 6 } },
		    { STATS_DIM_NATIONALITY }, 1, 5,
		    "IQ=6 unknown=6 | total=12" },
		{ "a cross-tab complements along the row and the column",
		    { { "female", "IQ", 9 }, { "female", "SY", 2 },
		    { "male", "IQ", 8 }, { "male", "SY", 7 } },
		    { STATS_DIM_SEX, STATS_DIM_NATIONALITY }, 2, 5,
		    "female/IQ=< female/SY=< male/IQ=< male/SY=< "
		    "| total=26" },
		{ "a cross-tab cell alone in its lines stays alone",
		    { { "female", "IQ", 9 }, { "male", "SY", 2 } },
		    { STATS_DIM_SEX, STATS_DIM_NATIONALITY }, 2, 5,
		    "female/IQ=9 male/SY=< | total=<" },
		{ "the year orders a table by value",
		    { { "female", "IQ", 9 }, { "male", "IQ", 2 } },
		    { STATS_DIM_YEAR }, 1, 5, "2024=< 2025=< | total=11" },
		{ "no units, no cells",
		    { { NULL, NULL, 0 } },
		    { STATS_DIM_SEX }, 1, 5, " | total=0" },
	};
	struct arena *a = *state;

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct stats_unit u[64];
		struct stats_table t = { .suppressible = true };
		char got[512];
		size_t n = 0;

		for (size_t k = 0; k < MAX_UNITS && rows[i].units[k].sex;
		    k++) {
			for (int r = 0; r < rows[i].units[k].times; r++) {
				assert_true(n < ARRAY_SIZE(u));
				u[n] = (struct stats_unit){ .weight = 0 };
				u[n].v[STATS_DIM_SEX] = rows[i].units[k].sex;
				u[n].v[STATS_DIM_NATIONALITY] =
				    rows[i].units[k].nationality;
				/* First spec in 2024, the others 2025. */
				u[n].v[STATS_DIM_YEAR] = k ? "2025" : "2024";
				n++;
			}
		}
		stats_tabulate(a, u, n, rows[i].dims, rows[i].n_dims, &t);
		stats_suppress(&t, rows[i].min_cell);
		describe(&t, got, sizeof(got));
		if (strcmp(got, rows[i].want))
			fail_msg("row %zu \"%s\": got \"%s\", want \"%s\"", i,
			    rows[i].name, got, rows[i].want);
	}
}

/* One dimension of units given as value and weight, into a table that
 * is not suppressible: weights and values not recorded. */
static void
test_weights_and_unrecorded(void **state)
{
	static const struct {
		const char		*name;
		enum stats_dim		 dim;
		struct { const char *v; int64_t w; } units[3];
		const char		*want;
	} rows[] = {
		{ "a weighted unit counts as many, a table not suppressible "
		    "shows all", STATS_DIM_STEP_OUTCOME,
		    { { "late", 3 }, { "on_time", 0 } },
		    "late=3 on_time=1 | total=4" },
		{ "a case that reached no stage is none, not unknown",
		    STATS_DIM_STAGE, { { "", 0 }, { "arrest,prosecution", 0 } },
		    "arrest=1 none=1 prosecution=1 | total=2" },
	};
	struct arena *a = *state;

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct stats_unit u[3];
		struct stats_table t = { .suppressible = false };
		char got[256];
		size_t n = 0;

		for (; n < 3 && rows[i].units[n].v; n++) {
			u[n] = (struct stats_unit){
			    .weight = rows[i].units[n].w };
			u[n].v[rows[i].dim] = rows[i].units[n].v;
		}
		stats_tabulate(a, u, n, &rows[i].dim, 1, &t);
		stats_suppress(&t, 5);
		describe(&t, got, sizeof(got));
		if (strcmp(got, rows[i].want))
			fail_msg("row %zu \"%s\": got \"%s\", want \"%s\"", i,
			    rows[i].name, got, rows[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tabulate_and_suppress,
		    unit_arena_setup, unit_arena_teardown),
		cmocka_unit_test_setup_teardown(test_weights_and_unrecorded,
		    unit_arena_setup, unit_arena_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
