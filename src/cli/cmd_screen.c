/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_screen.c - tipsom screen and screen show. */
#include <inttypes.h>
#include <stdio.h>

#include <jansson.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/screening.h"
#include "base/banned.h"

static void
print_indicators(const json_t *list, const char *heading)
{
	size_t i;
	json_t *x;

	if (json_array_size(list) == 0)
		return;
	printf("  %s:\n", heading);
	json_array_foreach(list, i, x)
		printf("    %2lld  %s (%s)\n", (long long)json_integer_value(
		    json_object_get(x, "weight")), json_string_value(
		    json_object_get(x, "indicator")), json_string_value(
		    json_object_get(x, "group")));
}

static void
print_screening(const struct screening_row *r)
{
	json_t *ind = json_loads(r->indicators, 0, NULL);

	printf("person %" PRId64 ": %s (score %d) with %s v%d, by %s at "
	    "%.16s\n", r->person_id, enum_name(&screening_outcome_desc,
	    r->outcome), r->score, r->instrument_id, r->instrument_version,
	    r->username ? r->username : "?", r->at);
	print_indicators(json_object_get(ind, "trafficking"),
	    "trafficking indicators");
	print_indicators(json_object_get(ind, "smuggling"),
	    "smuggling indicators");
	json_decref(ind);
}

static int
run_screen(struct cli *c, struct err *err)
{
	struct screen_input in = { .ref = c->args[0],
	    .person_id = c->args[1] };
	struct screening_row row;
	bool promoted;

	in.answers = cli_read_file(c, cli_get(c, "answers"),
	    SCREENING_MAX_BYTES, &in.answers_len, err);
	if (!in.answers ||
	    screen_person(&c->ctx, &in, &row, &promoted, err) == -1)
		return -1;
	if (c->json) {
		json_t *j = screening_row_json(&row);

		json_object_set_new(j, "made_presumed_victim",
		    json_boolean(promoted));
		return cli_print_json(j, err);
	}
	print_screening(&row);
	if (promoted)
		printf("person %" PRId64 " is now a presumed victim in %s: the "
		    "protection steps apply (tipsom case steps %s)\n",
		    row.person_id, c->args[0], c->args[0]);
	else if (row.outcome == SCREENING_POSSIBLE)
		printf("possible indicators: interview further with care "
		    "before deciding\n");
	return 0;
}

static int
run_show(struct cli *c, struct err *err)
{
	struct screening_row *rows;
	size_t n;

	if (screen_list(&c->ctx, c->args[0], c->n_args > 1 ? c->args[1] :
	    NULL, &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, screening_row_json(&rows[i]));
		return cli_print_json(a, err);
	}
	if (n == 0)
		printf("no screenings in %s\n", c->args[0]);
	for (size_t i = 0; i < n; i++)
		print_screening(&rows[i]);
	return 0;
}

static const struct cli_opt screen_opts[] = {
	{ "answers", "FILE", CLI_REQUIRED,
	    "the answers, as JSON (docs/screening-format.md)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_screen = {
	NULL, "screen", "REF PERSON_ID", 2, 2, screen_opts, 0, run_screen,
	"screen a person in a case for trafficking indicators",
};

const struct cli_cmd cmd_screen_show = {
	"screen", "show", "REF [PERSON_ID]", 1, 2, no_opts, 0, run_show,
	"show the screenings of a case, or of one person in it",
};
