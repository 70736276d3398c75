/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_sop.c - tipsom sop validate, list and show. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/library.h"
#include "core/screening.h"
#include "core/sop.h"
#include "store/store.h"
#include "base/banned.h"

/* Warns about texts users will see in English; shipped ones are
 * translated. */
static void
warn_untranslated(const struct sop *sop)
{
	static const char *const langs[] = { "ar", "ckb" };

	for (size_t i = 0; sop && i < ARRAY_SIZE(langs); i++) {
		char first[96];
		size_t missing = sop_untranslated(sop, langs[i], first,
		    sizeof(first));

		if (missing)
			fprintf(stderr, "tipsom: warning: %zu texts have no "
			    "\"%s\" translation, the first at %s: users "
			    "will see English there\n", missing, langs[i],
			    first);
	}
}

/* Reads and validates FILE as an SOP or a screening instrument. */
static int
parse_file(struct cli *c, struct sop **sop, struct instrument **ins,
    char **text, size_t *len, struct err *err)
{
	*text = cli_read_file(c, c->args[0], SOP_MAX_BYTES, len, err);
	if (!*text || library_parse(*text, *len, sop, ins, err) == -1)
		return -1;
	warn_untranslated(*sop);
	return 0;
}

static int
run_validate(struct cli *c, struct err *err)
{
	struct sop *sop;
	struct instrument *ins;
	char *text;
	size_t len;

	if (parse_file(c, &sop, &ins, &text, &len, err) == -1)
		return -1;
	if (c->json && sop)
		cli_print_json(json_pack("{s:b, s:s, s:s, s:i, s:I, s:I}",
		    "valid", 1, "kind", "sop", "id", sop_id(sop), "version",
		    sop_version(sop), "phases",
		    (json_int_t)sop_phase_count(sop), "steps",
		    (json_int_t)sop_step_count(sop)), err);
	else if (c->json)
		cli_print_json(json_pack("{s:b, s:s, s:s, s:i, s:I}", "valid",
		    1, "kind", "screening", "id", instrument_id(ins),
		    "version", instrument_version(ins), "questions",
		    (json_int_t)instrument_question_count(ins)), err);
	else if (sop)
		printf("%s: valid SOP %s version %d, %zu phases, %zu steps\n",
		    c->args[0], sop_id(sop), sop_version(sop),
		    sop_phase_count(sop), sop_step_count(sop));
	else
		printf("%s: valid screening instrument %s version %d, %zu "
		    "questions\n", c->args[0], instrument_id(ins),
		    instrument_version(ins), instrument_question_count(ins));
	sop_free(&sop);
	instrument_free(&ins);
	return err->code == ERR_OK ? 0 : -1;
}

static int
run_import(struct cli *c, struct err *err)
{
	struct definition_row row;
	size_t len;
	char *text = cli_read_file(c, c->args[0], SOP_MAX_BYTES, &len, err);

	if (!text || library_import(&c->ctx, text, len, &row, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(json_pack("{s:s, s:s, s:i, s:s}", "kind",
		    row.kind == DEFINITION_SOP ? "sop" : "screening", "id",
		    row.id, "version", row.version, "sha256", row.sha256),
		    err);
	printf("imported %s %s version %d (sha256 %.16s...): new cases use "
	    "it; open cases stay on their version (tipsom case upgrade-sop "
	    "moves one)\n", row.kind == DEFINITION_SOP ? "SOP" :
	    "screening instrument", row.id, row.version, row.sha256);
	return 0;
}

static int
run_list(struct cli *c, struct err *err)
{
	const char *lang = cli_lang(c, err);
	json_t *out = json_array();
	size_t i, n;
	json_t *e;

	if (!lang)
		goto failed;
	for (int kind = DEFINITION_SOP; kind <= DEFINITION_SCREENING; kind++) {
		struct definition_row *rows;

		if (library_list(&c->ctx, kind, &rows, &n, err) == -1)
			goto failed;
		for (i = 0; i < n; i++)
			json_array_append_new(out, definition_json(&rows[i], lang,
			    i + 1 == n || !STREQ(rows[i].id,
			    rows[i + 1].id)));
	}
	if (c->json)
		return cli_print_json(out, err);
	json_array_foreach(out, i, e) {
		cli_cell(json_string_value(json_object_get(e, "id")), 18);
		printf("v%-4lld %-9s %-8s %s%s\n", (long long)json_integer_value(
		    json_object_get(e, "version")), json_string_value(
		    json_object_get(e, "kind")), json_string_value(
		    json_object_get(e, "origin")), json_string_value(
		    json_object_get(e, "title")), json_is_true(json_object_get(e,
		    "current")) ? "" : "  (superseded)");
	}
	json_decref(out);
	return 0;
failed:
	json_decref(out);
	return -1;
}

static void
print_sop(const json_t *def, const char *lang)
{
	size_t i, j;
	json_t *phase, *step;

	printf("%s v%lld: %s\n", json_string_value(json_object_get(def, "id")),
	    (long long)json_integer_value(json_object_get(def, "version")),
	    sop_text(json_object_get(def, "title"), lang));
	json_array_foreach(json_object_get(def, "phases"), i, phase) {
		printf("\n%zu. %s\n", i + 1,
		    sop_text(json_object_get(phase, "title"), lang));
		json_array_foreach(json_object_get(phase, "steps"), j, step) {
			json_t *due = json_object_get(step, "due");

			printf("   %-32s %s%s\n", json_string_value(
			    json_object_get(step, "id")),
			    sop_text(json_object_get(step, "title"), lang),
			    json_is_true(json_object_get(step, "mandatory")) ?
			    "" : " (optional)");
			if (due)
				printf("   %-32s due %s after %s\n", "",
				    json_string_value(json_object_get(due,
				    "within")), json_string_value(
				    json_object_get(due, "from")));
		}
	}
}

static void
print_instrument(const json_t *def, const char *lang)
{
	json_t *t = json_object_get(def, "thresholds");
	size_t i, j;
	json_t *g, *q;

	printf("%s v%lld: %s\nthresholds: possible from %lld, strong from "
	    "%lld\n", json_string_value(json_object_get(def, "id")),
	    (long long)json_integer_value(json_object_get(def, "version")),
	    sop_text(json_object_get(def, "title"), lang),
	    (long long)json_integer_value(json_object_get(t, "possible")),
	    (long long)json_integer_value(json_object_get(t, "strong")));
	json_array_foreach(json_object_get(def, "groups"), i, g) {
		printf("\n%s%s\n", sop_text(json_object_get(g, "title"), lang),
		    json_is_false(json_object_get(g, "scored")) ?
		    " (not scored)" : "");
		json_array_foreach(json_object_get(g, "questions"), j, q)
			printf("   %-28s %2lld  %s\n", json_string_value(
			    json_object_get(q, "id")), (long long)
			    json_integer_value(json_object_get(q, "weight")),
			    sop_text(json_object_get(q, "text"), lang));
	}
}

static int
run_show(struct cli *c, struct err *err)
{
	const char *lang = cli_lang(c, err);
	struct definition_row row;
	char id[40];
	int version, kind;

	if (!lang)
		return -1;
	if (library_parse_ref(c->args[0], "id", id, sizeof(id), &version,
	    err) == -1) {
		c->usage = true;
		return -1;
	}
	for (kind = DEFINITION_SOP; kind <= DEFINITION_SCREENING; kind++) {
		if (store_definition_get(c->ctx.store, kind, id, version,
		    c->ctx.arena, &row, err) == 0)
			break;
		if (err->code != ERR_NOT_FOUND)
			return -1;
		*err = (struct err){ 0 };
	}
	if (kind > DEFINITION_SCREENING)
		return err_set(err, ERR_NOT_FOUND, "id", "no SOP or screening "
		    "instrument \"%.40s\" in this store: see tipsom sop list",
		    c->args[0]);
	if (c->json)
		return cli_print_json(json_loads(row.body, 0, NULL), err);
	{
		json_t *def = json_loads(row.body, 0, NULL);

		if (kind == DEFINITION_SOP)
			print_sop(def, lang);
		else
			print_instrument(def, lang);
		json_decref(def);
	}
	return 0;
}

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

static const struct cli_opt lang_opts[] = {
	{ "lang", "LANG", 0, "the language of titles: en (default), ar, ckb" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_sop_validate = {
	"sop", "validate", "FILE", 1, 1, no_opts, CLI_NO_STORE | CLI_NO_ACTOR,
	run_validate, "check an SOP or screening instrument file "
	"(docs/sop-format.md, docs/screening-format.md)",
};

const struct cli_cmd cmd_sop_import = {
	"sop", "import", "FILE", 1, 1, no_opts, 0, run_import,
	"store a new SOP or screening instrument version (administrators)",
};

const struct cli_cmd cmd_sop_list = {
	"sop", "list", NULL, 0, 0, lang_opts, CLI_NO_ACTOR, run_list,
	"list the SOP and screening versions in the store",
};

const struct cli_cmd cmd_sop_show = {
	"sop", "show", "ID[@VERSION]", 1, 1, lang_opts, CLI_NO_ACTOR,
	run_show, "show an SOP's steps, or an instrument's questions",
};
