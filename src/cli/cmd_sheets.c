/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_sheets.c - tipsom sheets list, show and validate: the information
 * library of Migrant Resource Centres (core/sheets.h).  Public
 * information: no store, no user.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/err.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/sheets.h"
#include "base/banned.h"

/* A --lang or --topic the library refuses is a usage error. */
static json_t *
checked(struct cli *c, json_t *got, struct err *err)
{
	if (!got && err->code == ERR_INVALID &&
	    (STREQ(err->field, "lang") || STREQ(err->field, "topic"))) {
		char why[sizeof(err->msg)];

		memcpy(why, err->msg, sizeof(why));
		cli_usage(c, err, "--%s", why);
	}
	return got;
}

static int
run_list(struct cli *c, struct err *err)
{
	json_t *items = checked(c, sheet_library_list(cli_get(c, "lang"),
	    cli_get(c, "topic"), err), err);
	json_t *s;
	size_t i;

	if (!items)
		return -1;
	if (c->json)
		return cli_print_json(items, err);
	json_array_foreach(items, i, s)
		printf("%-24s %s%s\n", json_string_value(json_object_get(s,
		    "id")), json_string_value(json_object_get(s, "title")),
		    json_is_true(json_object_get(s, "review_due")) ?
		    "  (review overdue)" : "");
	json_decref(items);
	return 0;
}

static const char *
field(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int
run_show(struct cli *c, struct err *err)
{
	const char *lang = cli_get(c, "lang");
	json_t *s = checked(c, sheet_library_show(c->args[0], lang, err), err);
	json_t *t, *sec, *pt;
	size_t i, j;

	if (!s)
		return -1;
	if (c->json)
		return cli_print_json(s, err);
	if (lang && !STREQ(lang, field(s, "lang")))
		fprintf(stderr, "tipsom: warning: sheet %s has no %s text: "
		    "shown in English\n", field(s, "id"), lang);
	t = json_object_get(s, "text");
	printf("%s\n\n%s\n", field(t, "title"), field(t, "summary"));
	json_array_foreach(json_object_get(t, "sections"), i, sec) {
		printf("\n%s\n", field(sec, "heading"));
		json_array_foreach(json_object_get(sec, "points"), j, pt)
			printf("  - %s\n", json_string_value(pt));
	}
	printf("\nSources:\n");
	json_array_foreach(json_object_get(s, "sources"), i, sec)
		printf("  - %s, %s%s%s\n", field(sec, "title"),
		    field(sec, "publisher"), field(sec, "url") ? ": " : "",
		    field(sec, "url") ? field(sec, "url") : "");
	printf("\n%s version %d, to be reviewed by %s%s\n", field(s, "id"),
	    (int)json_integer_value(json_object_get(s, "version")),
	    field(s, "review_by"), json_is_true(json_object_get(s,
	    "review_due")) ? " (overdue)" : "");
	json_decref(s);
	return 0;
}

static int
run_validate(struct cli *c, struct err *err)
{
	struct sheet *s;
	size_t len;
	char *text = cli_read_file(c, c->args[0], SHEET_MAX_BYTES, &len, err);
	int rc;

	if (!text || !(s = sheet_parse(text, len, err)))
		return -1;
	rc = c->json ? cli_print_json(json_pack("{s:b, s:s, s:i}", "valid", 1,
	    "id", sheet_id(s), "version", sheet_version(s)), err) : 0;
	if (!c->json)
		printf("%s: valid sheet %s version %d\n", c->args[0],
		    sheet_id(s), sheet_version(s));
	sheet_free(&s);
	return rc;
}

static const struct cli_opt list_opts[] = {
	{ "lang", "LANG", 0, "en, ar, ckb, prs, ps, ur, tg or ru (titles "
	    "in English where a sheet lacks it)" },
	{ "topic", "TOPIC", 0, "only sheets on legal_pathways, "
	    "irregular_risks, recruitment_fraud, rights_abroad or "
	    "return_reintegration" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt show_opts[] = {
	{ "lang", "LANG", 0, "the language to show it in (English where it "
	    "has none)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_sheets_list = {
	"sheets", "list", NULL, 0, 0, list_opts, CLI_NO_STORE | CLI_NO_ACTOR,
	run_list, "the safe-migration information sheets of the library",
};

const struct cli_cmd cmd_sheets_show = {
	"sheets", "show", "ID", 1, 1, show_opts, CLI_NO_STORE | CLI_NO_ACTOR,
	run_show, "one sheet, to read or print, in a language",
};

const struct cli_cmd cmd_sheets_validate = {
	"sheets", "validate", "FILE", 1, 1, no_opts,
	CLI_NO_STORE | CLI_NO_ACTOR, run_validate,
	"check a sheet file (docs/sheet-format.md) before it is shipped",
};
