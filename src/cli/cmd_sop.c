/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_sop.c - tipsom sop validate, list and show. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/text.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/sop.h"
#include "base/banned.h"

/* Reads a whole definition file into the arena; bounded. */
static char *
read_file(struct cli *c, const char *path, size_t *len, struct err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f) {
		err_set(err, ERR_IO, "file", "cannot read \"%.100s\": %s: "
		    "check the path", path, strerror(errno));
		return NULL;
	}
	buf = arena_alloc(c->ctx.arena, SOP_MAX_BYTES + 2);
	*len = fread(buf, 1, SOP_MAX_BYTES + 1, f);
	if (ferror(f)) {
		err_set(err, ERR_IO, "file", "cannot read \"%.100s\": %s",
		    path, strerror(errno));
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static int
run_validate(struct cli *c, struct err *err)
{
	struct sop *sop;
	size_t len;
	char *text = read_file(c, c->args[0], &len, err);

	if (!text)
		return -1;
	sop = sop_parse(text, len, err);
	if (!sop)
		return -1;
	/* Shipped SOPs speak the users' languages; say what is missing. */
	for (size_t i = 0; i < 2; i++) {
		static const char *const langs[] = { "ar", "ckb" };
		char first[96];
		size_t missing = sop_untranslated(sop, langs[i], first,
		    sizeof(first));

		if (missing)
			fprintf(stderr, "tipsom: warning: %zu texts have no "
			    "\"%s\" translation, the first at %s: users "
			    "will see English there\n", missing, langs[i],
			    first);
	}
	if (c->json)
		cli_print_json(json_pack("{s:b, s:s, s:i, s:I, s:I}", "valid",
		    1, "id", sop_id(sop), "version", sop_version(sop),
		    "phases", (json_int_t)sop_phase_count(sop), "steps",
		    (json_int_t)sop_step_count(sop)), err);
	else
		printf("%s: valid SOP %s version %d, %zu phases, %zu steps\n",
		    c->args[0], sop_id(sop), sop_version(sop),
		    sop_phase_count(sop), sop_step_count(sop));
	sop_free(&sop);
	return err->code == ERR_OK ? 0 : -1;
}

static const char *
lang_of(struct cli *c, struct err *err)
{
	const char *lang = cli_get(c, "lang");

	if (lang && !text_language_valid(lang)) {
		cli_usage(c, err, "--lang \"%.16s\" is not a language: use en, "
		    "ar or ckb", lang);
		return NULL;
	}
	return lang ? lang : "en";
}

static int
run_list(struct cli *c, struct err *err)
{
	const char *lang = lang_of(c, err);
	struct sop **sops;
	json_t *out = json_array();
	size_t n;

	if (!lang || !(sops = sop_shipped(&n, err))) {
		json_decref(out);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *def = sop_definition(sops[i]);
		const char *title = sop_text(json_object_get(def, "title"),
		    lang);

		if (c->json)
			json_array_append_new(out, json_pack("{s:s, s:i, s:s, "
			    "s:O, s:I}", "id", sop_id(sops[i]), "version",
			    sop_version(sops[i]), "title", title, "case_kinds",
			    json_object_get(def, "case_kinds"), "steps",
			    (json_int_t)sop_step_count(sops[i])));
		else
			printf("%-8s v%-4d %3zu steps  %s\n", sop_id(sops[i]),
			    sop_version(sops[i]), sop_step_count(sops[i]),
			    title);
		sop_free(&sops[i]);
	}
	free(sops);
	if (c->json)
		return cli_print_json(out, err);
	json_decref(out);
	return 0;
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

static int
run_show(struct cli *c, struct err *err)
{
	const char *lang = lang_of(c, err);
	char *want = arena_strdup(c->ctx.arena, c->args[0]);
	char *at = strchr(want, '@');
	long long version = 0;
	struct sop **sops;
	size_t n;
	int rc = -1;

	if (!lang)
		return -1;
	if (at) {
		*at++ = '\0';
		if (text_parse_int(at, 1, 1000000, &version) == -1)
			return cli_usage(c, err, "\"%.40s\" is not ID@VERSION: "
			    "write it like tip@1", c->args[0]);
	}
	sops = sop_shipped(&n, err);
	if (!sops)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (rc == -1 && strcmp(sop_id(sops[i]), want) == 0 &&
		    (!version || version == sop_version(sops[i]))) {
			rc = 0;
			if (c->json)
				rc = cli_print_json(json_deep_copy(
				    sop_definition(sops[i])), err);
			else
				print_sop(sop_definition(sops[i]), lang);
		}
		sop_free(&sops[i]);
	}
	free(sops);
	if (rc == -1 && err->code == ERR_OK)
		return err_set(err, ERR_NOT_FOUND, "id", "no SOP \"%.40s\": "
		    "see tipsom sop list", c->args[0]);
	return rc;
}

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

static const struct cli_opt lang_opts[] = {
	{ "lang", "LANG", 0, "the language of titles: en (default), ar, ckb" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_sop_validate = {
	"sop", "validate", "FILE", 1, 1, no_opts, CLI_NO_STORE | CLI_NO_ACTOR,
	run_validate, "check an SOP definition file (docs/sop-format.md)",
};

const struct cli_cmd cmd_sop_list = {
	"sop", "list", NULL, 0, 0, lang_opts, CLI_NO_STORE | CLI_NO_ACTOR,
	run_list, "list the SOPs shipped with tipsom",
};

const struct cli_cmd cmd_sop_show = {
	"sop", "show", "ID[@VERSION]", 1, 1, lang_opts,
	CLI_NO_STORE | CLI_NO_ACTOR, run_show,
	"show an SOP's phases and steps",
};
