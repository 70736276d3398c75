/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_stats.c - tipsom stats: national figures, small cells suppressed,
 * as tables, JSON or tidy CSV.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/stats.h"
#include "base/banned.h"

/* The table's name: "victims_by_sex", "victims_by_sex_year". */
static void
table_name(const struct stats_table *t, char *out, size_t size)
{
	size_t len = (size_t)snprintf(out, size, "%s_by",
	    stats_pop_name(t->pop));

	for (size_t d = 0; d < t->n_dims && len < size; d++)
		len += (size_t)snprintf(out + len, size - len, "_%s",
		    stats_dim_name(t->dims[d]));
}

static void
print_count(int64_t count, bool suppressed, int min_cell)
{
	if (suppressed)
		printf("<%d", min_cell);
	else
		printf("%" PRId64, count);
}

/* A CSV field, quoted when it must be. */
static void
csv_field(const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

/* dims or values joined by ";". */
static void
csv_joined(const struct stats_table *t, const char *const *values)
{
	char field[512];
	size_t len = 0;

	field[0] = '\0';
	for (size_t d = 0; d < t->n_dims && len < sizeof(field); d++)
		len += (size_t)snprintf(field + len, sizeof(field) - len,
		    "%s%s", d ? ";" : "", values ? values[d] :
		    stats_dim_name(t->dims[d]));
	csv_field(field);
}

static void
print_csv(const struct stats *s)
{
	char name[128];

	printf("table,population,dimension,value,count,suppressed\n");
	for (size_t i = 0; i < s->n_tables; i++) {
		const struct stats_table *t = &s->tables[i];

		table_name(t, name, sizeof(name));
		for (size_t c = 0; c <= t->n_cells; c++) {
			bool total = c == t->n_cells;
			bool sup = total ? t->total_suppressed :
			    t->cells[c].suppressed;

			printf("%s,%s,", name, stats_pop_name(t->pop));
			csv_joined(t, NULL);
			putchar(',');
			if (total)
				fputs("TOTAL", stdout);
			else
				csv_joined(t, t->cells[c].values);
			putchar(',');
			print_count(total ? t->total : t->cells[c].count, sup,
			    s->min_cell);
			printf(",%s\n", sup ? "true" : "false");
		}
	}
}

static void
print_text(const struct stats *s)
{
	printf("%s, %s to %s", s->agency ? s->agency : "all agencies",
	    s->from ? s->from : "the first record",
	    s->to ? s->to : "today");
	if (s->min_cell > 1)
		printf("; counts from 1 to %d are shown as <%d",
		    s->min_cell - 1, s->min_cell);
	printf("\n");
	for (size_t i = 0; i < s->n_tables; i++) {
		const struct stats_table *t = &s->tables[i];

		printf("\n%s by", stats_pop_name(t->pop));
		for (size_t d = 0; d < t->n_dims; d++)
			printf("%s%s", d ? " and " : " ",
			    stats_dim_name(t->dims[d]));
		printf(": ");
		print_count(t->total, t->total_suppressed, s->min_cell);
		printf(" in all\n");
		for (size_t c = 0; c < t->n_cells; c++) {
			char label[256];
			size_t len = 0;

			label[0] = '\0';
			for (size_t d = 0; d < t->n_dims &&
			    len < sizeof(label); d++)
				len += (size_t)snprintf(label + len,
				    sizeof(label) - len, "%s%s", d ? " / " :
				    "", t->cells[c].values[d]);
			printf("  ");
			cli_cell(label, 40);
			printf(" ");
			print_count(t->cells[c].count,
			    t->cells[c].suppressed, s->min_cell);
			printf("\n");
		}
	}
	printf("\nCourt outcomes are not recorded: \"closed\" counts the "
	    "cases closed, whatever their outcome.\n");
}

static int
run_stats(struct cli *c, struct err *err)
{
	const struct stats_query q = { .from = cli_get(c, "from"),
	    .to = cli_get(c, "to"), .agency = cli_get(c, "agency"),
	    .by = cli_get(c, "by"), .min_cell = cli_get(c, "min-cell") };
	struct stats s;

	if (c->json && cli_has(c, "csv"))
		return cli_usage(c, err, "--json and --csv are two outputs: "
		    "give one of them");
	if (stats_compute(&c->ctx, &q, &s, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(stats_json(&s), err);
	if (cli_has(c, "csv"))
		print_csv(&s);
	else
		print_text(&s);
	return 0;
}

static const struct cli_opt stats_opts[] = {
	{ "from", "YYYY-MM-DD", 0, "count from this day (identification, "
	    "opening, referral)" },
	{ "to", "YYYY-MM-DD", 0, "count up to this day, included" },
	{ "agency", "CODE", 0, "only the cases this agency owns (default: "
	    "every agency, for national reporting)" },
	{ "by", "DIMS", 0, "cross-tabulate by up to 3 of sex, age_group, "
	    "nationality, form_of_exploitation, route, year, agency, role, "
	    "case_kind, stage, service, status, step_outcome" },
	{ "min-cell", "N", 0, "suppress counts below N (default and least: "
	    "the store's threshold, 5)" },
	{ "csv", NULL, 0, "tidy CSV: table, population, dimension, value, "
	    "count, suppressed" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_stats = {
	NULL, "stats", NULL, 0, 0, stats_opts, 0, run_stats,
	"national figures, without a name, small counts suppressed "
	"(audited)",
};
