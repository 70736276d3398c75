/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_agency.c - tipsom agency add and list. */
#include <stdio.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/agency.h"
#include "model/json.h"
#include "base/banned.h"

static int
run_add(struct cli *c, struct err *err)
{
	struct agency_input in = {
		.code = cli_get(c, "code"),
		.name = cli_get(c, "name"),
		.kind = cli_get(c, "kind"),
	};
	struct agency_row row;

	if (agency_add(&c->ctx, &in, &row, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(agency_json(&row), err);
	printf("%s\n", row.code);
	return 0;
}

static int
run_list(struct cli *c, struct err *err)
{
	struct agency_row *rows;
	size_t n;

	if (agency_list(&c->ctx, &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, agency_json(&rows[i]));
		return cli_print_json(a, err);
	}
	for (size_t i = 0; i < n; i++) {
		cli_cell(rows[i].code, 16);
		cli_cell(enum_name(&agency_kind_desc, rows[i].kind), 26);
		printf("%s\n", rows[i].name);
	}
	return 0;
}

static const struct cli_opt add_opts[] = {
	{ "code", "CODE", CLI_REQUIRED,
	    "the agency's code, used in case references (KRI-MOI)" },
	{ "name", "NAME", CLI_REQUIRED, "the agency's name" },
	{ "kind", "KIND", CLI_REQUIRED, "ministry, law_enforcement, "
	    "border_guard, prosecution, court, labour_inspection, shelter, "
	    "health, social_services, ngo, international_organisation, "
	    "training_institute, migrant_resource_centre or other" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt list_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_agency_add = {
	"agency", "add", NULL, 0, 0, add_opts, CLI_BOOTSTRAP, run_add,
	"add an agency (admins; the first one needs no --as)",
};

const struct cli_cmd cmd_agency_list = {
	"agency", "list", NULL, 0, 0, list_opts, CLI_NO_ACTOR, run_list,
	"list the agencies",
};
