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

#include "base/date.h"
#include "base/err.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/sheets.h"
#include "base/banned.h"

static void
today(char out[DATE_TEXT_SIZE])
{
	struct date d;

	date_today(&d);
	date_format(&d, out);
}

static void
free_sheets(struct sheet **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sheet_free(&list[i]);
	free(list);
}

/* value, when given, is one of words; a usage error naming opt else. */
static int
check_word(struct cli *c, const char *opt, const char *value,
    const char *const *words, const char *list, struct err *err)
{
	for (size_t i = 0; value && words[i]; i++)
		if (STREQ(value, words[i]))
			return 0;
	return !value ? 0 : cli_usage(c, err, "--%s \"%.40s\" is not one "
	    "of them: give %s", opt, value, list);
}

static int
check_opts(struct cli *c, struct err *err)
{
	return check_word(c, "lang", cli_get(c, "lang"), sheet_langs, "en, "
	    "ar, ckb, prs, ps, ur, tg or ru", err) == -1 ||
	    check_word(c, "topic", cli_get(c, "topic"), sheet_topics,
	    "legal_pathways, irregular_risks, recruitment_fraud, "
	    "rights_abroad or return_reintegration", err) == -1 ? -1 : 0;
}

static int
run_list(struct cli *c, struct err *err)
{
	const char *lang = cli_get(c, "lang"), *topic = cli_get(c, "topic");
	char day[DATE_TEXT_SIZE];
	struct sheet **list;
	size_t n;
	json_t *items = json_array();

	if (check_opts(c, err) == -1 || !(list = sheet_shipped(&n, err))) {
		json_decref(items);
		return -1;
	}
	today(day);
	for (size_t i = 0; i < n; i++) {
		const char *used;
		const json_t *t = sheet_text(list[i], lang, &used);

		if (topic && !sheet_covers(list[i], topic))
			continue;
		if (c->json) {
			json_array_append_new(items, json_pack("{s:s, s:i, "
			    "s:s, s:s, s:O, s:s, s:b}", "id", sheet_id(list[i]),
			    "version", sheet_version(list[i]), "lang", used,
			    "title", json_string_value(json_object_get(t,
			    "title")), "topics", json_object_get(
			    sheet_definition(list[i]), "topics"), "review_by",
			    sheet_review_by(list[i]), "review_due",
			    sheet_review_due(list[i], day)));
			continue;
		}
		printf("%-24s %s%s\n", sheet_id(list[i]),
		    json_string_value(json_object_get(t, "title")),
		    sheet_review_due(list[i], day) ? "  (review overdue)" : "");
	}
	free_sheets(list, n);
	if (c->json)
		return cli_print_json(items, err);
	json_decref(items);
	return 0;
}

static int
run_show(struct cli *c, struct err *err)
{
	const char *lang = cli_get(c, "lang"), *used;
	char day[DATE_TEXT_SIZE];
	struct sheet **list, *s = NULL;
	const json_t *t;
	size_t n, i, j;
	json_t *sec, *pt;
	int rc = 0;

	if (check_opts(c, err) == -1 || !(list = sheet_shipped(&n, err)))
		return -1;
	for (i = 0; i < n && !s; i++)
		if (STREQ(sheet_id(list[i]), c->args[0]))
			s = list[i];
	if (!s) {
		free_sheets(list, n);
		return err_set(err, ERR_NOT_FOUND, "id", "no sheet \"%.60s\": "
		    "see tipsom sheets list", c->args[0]);
	}
	t = sheet_text(s, lang, &used);
	today(day);
	if (c->json) {
		rc = cli_print_json(json_pack("{s:s, s:i, s:s, s:O, s:s, s:b, "
		    "s:O, s:O}", "id", sheet_id(s), "version", sheet_version(s),
		    "lang", used, "topics", json_object_get(sheet_definition(s),
		    "topics"), "review_by", sheet_review_by(s), "review_due",
		    sheet_review_due(s, day), "text", t, "sources",
		    json_object_get(sheet_definition(s), "sources")), err);
		free_sheets(list, n);
		return rc;
	}
	if (lang && !STREQ(lang, used))
		fprintf(stderr, "tipsom: warning: sheet %s has no %s text: "
		    "shown in English\n", sheet_id(s), lang);
	printf("%s\n\n%s\n", json_string_value(json_object_get(t, "title")),
	    json_string_value(json_object_get(t, "summary")));
	json_array_foreach(json_object_get(t, "sections"), i, sec) {
		printf("\n%s\n", json_string_value(json_object_get(sec,
		    "heading")));
		json_array_foreach(json_object_get(sec, "points"), j, pt)
			printf("  - %s\n", json_string_value(pt));
	}
	printf("\nSources:\n");
	json_array_foreach(json_object_get(sheet_definition(s), "sources"), i,
	    sec) {
		const char *url = json_string_value(json_object_get(sec,
		    "url"));

		printf("  - %s, %s%s%s\n", json_string_value(json_object_get(sec,
		    "title")), json_string_value(json_object_get(sec,
		    "publisher")), url ? ": " : "", url ? url : "");
	}
	printf("\n%s version %d, to be reviewed by %s%s\n", sheet_id(s),
	    sheet_version(s), sheet_review_by(s), sheet_review_due(s, day) ?
	    " (overdue)" : "");
	free_sheets(list, n);
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
