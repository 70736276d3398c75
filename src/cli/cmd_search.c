/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_search.c - tipsom search person. */
#include <inttypes.h>
#include <stdio.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/search.h"
#include "base/banned.h"

static int
run_person(struct cli *c, struct err *err)
{
	struct person_hit *hits;
	size_t n;
	int limit;

	if (cli_int(c, "limit", 1, SEARCH_LIMIT_MAX, SEARCH_LIMIT_DEFAULT,
	    &limit, err) == -1 ||
	    person_search(&c->ctx, c->args[0], limit, &hits, &n, err) == -1)
		return -1;
	if (c->json) {
		json_t *all = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(all, person_hit_json(&hits[i]));
		return cli_print_json(all, err);
	}
	if (n == 0)
		printf("nobody found by that name among the persons you may "
		    "see\n");
	for (size_t i = 0; i < n; i++) {
		char born[8] = "-";

		if (hits[i].birth_year)
			snprintf(born, sizeof(born), "%d", hits[i].birth_year);
		printf("#%-8" PRId64 " %4.2f  %-7s %-5s %s\n", hits[i].id,
		    hits[i].score, enum_name(&sex_desc, hits[i].sex), born,
		    hits[i].name);
	}
	return 0;
}

static const struct cli_opt person_opts[] = {
	{ "limit", "N", 0, "how many to show, best first (default 10, at "
	    "most 100)" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_search_person = {
	"search", "person", "QUERY", 1, 1, person_opts, 0, run_person,
	"find persons by name, in any script and spelling, best first",
};
