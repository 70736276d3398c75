/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_train.c - tipsom train: the training sandbox, its case studies,
 * exercises and exercise groups.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/err.h"
#include "base/text.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/casestudy.h"
#include "core/library.h"
#include "core/sop.h"
#include "core/training.h"
#include "store/store.h"
#include "base/banned.h"

static int
parse_id(struct cli *c, const char *s, const char *what, int64_t *id,
    struct err *err)
{
	long long v;

	if (text_parse_int(s, 1, INT64_MAX, &v) == -1)
		return cli_usage(c, err, "\"%.20s\" is not %s number: give "
		    "the number tipsom printed, like 3", s, what);
	*id = v;
	return 0;
}

static int
run_sandbox(struct cli *c, struct err *err)
{
	struct sandbox_input in = { .trainer = cli_get(c, "trainer") };
	struct sandbox_result r;
	int version, applied, added, kept;

	if (cli_int(c, "trainees", 1, SANDBOX_TRAINEES_MAX,
	    SANDBOX_TRAINEES_DEFAULT, &in.trainees, err) == -1 ||
	    store_schema_version(c->ctx.store, &version, err) == -1)
		return -1;
	if (version == 0) {
		c->ctx.actor = (struct actor){ .username = "system",
		    .system = true };
		if (store_migrate(c->ctx.store, &applied, err) == -1 ||
		    library_seed(&c->ctx, &added, &kept, err) == -1)
			return -1;
	} else if (version < store_schema_latest(c->ctx.store)) {
		return err_set(err, ERR_VERSION, "db", "%s has an older "
		    "schema (%d): run tipsom migrate on it first", c->db_shown,
		    version);
	} else if (store_migrate(c->ctx.store, &applied, err) == -1) {
		return -1;	/* up to date: this prepares the statements */
	}
	if (training_sandbox(&c->ctx, &in, &r, err) == -1)
		return -1;
	if (c->json) {
		json_t *accounts = json_array();

		for (size_t i = 0; i < r.n_accounts; i++)
			json_array_append_new(accounts, json_pack("{s:s, s:s, "
			    "s:s}", "username", r.accounts[i].username, "role",
			    r.accounts[i].role, "password",
			    r.accounts[i].password));
		return cli_print_json(json_pack("{s:s, s:b, s:i, s:o}",
		    "store", c->db_shown, "made", r.made, "case_studies_added",
		    r.studies_added, "accounts", accounts), err);
	}
	if (!r.made) {
		printf("%s is a training store already; %d case studies "
		    "added\n", c->db_shown, r.studies_added);
		return 0;
	}
	printf("TRAINING store %s made: fictional cases only, never real "
	    "ones.\n%d case studies.\n\nAccounts (the passwords are shown "
	    "this once; hand them out and keep them safe):\n", c->db_shown,
	    r.studies_added);
	for (size_t i = 0; i < r.n_accounts; i++) {
		printf("  ");
		cli_cell(r.accounts[i].username, 16);
		cli_cell(r.accounts[i].role, 9);
		printf("%s\n", r.accounts[i].password);
	}
	printf("\nServe it with: tipsom serve --db %s\n", c->db_shown);
	return 0;
}

static int
run_studies(struct cli *c, struct err *err)
{
	const char *lang = cli_lang(c, err);
	const struct case_study **list;
	json_t *all;
	size_t n;

	if (!lang || training_studies(&c->ctx, &list, &n, err) == -1)
		return -1;
	all = json_array();
	for (size_t i = 0; i < n; i++) {
		const json_t *def = case_study_definition(list[i]);

		json_array_append_new(all, json_pack("{s:s, s:i, s:s, s:s, "
		    "s:s}", "id", case_study_id(list[i]), "version",
		    case_study_version(list[i]), "sop", case_study_sop(list[i]),
		    "level", json_string_value(json_object_get(def, "level")),
		    "title", sop_text(json_object_get(def, "title"), lang)));
	}
	if (c->json)
		return cli_print_json(all, err);
	for (size_t i = 0; i < json_array_size(all); i++) {
		json_t *s = json_array_get(all, i);

		cli_cell(json_string_value(json_object_get(s, "id")), 28);
		cli_cell(json_string_value(json_object_get(s, "sop")), 5);
		cli_cell(json_string_value(json_object_get(s, "level")), 10);
		printf("%s\n", json_string_value(json_object_get(s, "title")));
	}
	json_decref(all);
	return 0;
}

static int
run_validate(struct cli *c, struct err *err)
{
	struct sop **sops;
	struct case_study *cs;
	size_t len, n;
	char *text = cli_read_file(c, c->args[0], CASE_STUDY_MAX_BYTES, &len,
	    err);
	int rc = -1;

	if (!text || !(cs = case_study_parse(text, len, err)))
		return -1;
	if (!(sops = sop_shipped(&n, err))) {
		case_study_free(&cs);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(sop_id(sops[i]), case_study_sop(cs)) == 0)
			rc = case_study_check_sop(cs, sops[i], err);
	if (rc == 0) {
		if (c->json)
			rc = cli_print_json(json_pack("{s:b, s:s, s:i, s:s}",
			    "valid", 1, "id", case_study_id(cs), "version",
			    case_study_version(cs), "sop", case_study_sop(cs)),
			    err);
		else
			printf("%s: valid case study %s version %d (SOP %s)\n",
			    c->args[0], case_study_id(cs),
			    case_study_version(cs), case_study_sop(cs));
	}
	for (size_t i = 0; i < n; i++)
		sop_free(&sops[i]);
	free(sops);
	case_study_free(&cs);
	return rc;
}

static int
run_import(struct cli *c, struct err *err)
{
	struct definition_row row;
	size_t len;
	char *text = cli_read_file(c, c->args[0], CASE_STUDY_MAX_BYTES, &len,
	    err);

	if (!text)
		return -1;
	if (!strstr(text, CASE_STUDY_FORMAT))
		return err_set(err, ERR_INVALID, "format", "%s is not a case "
		    "study (format %s): SOPs go in with tipsom sop import",
		    c->args[0], CASE_STUDY_FORMAT);
	if (library_import(&c->ctx, text, len, &row, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(json_pack("{s:s, s:i, s:s}", "id",
		    row.id, "version", row.version, "sha256", row.sha256),
		    err);
	printf("case study %s version %d imported\n", row.id, row.version);
	return 0;
}

static void
print_view(const json_t *v)
{
	const json_t *score = json_object_get(v, "score");
	size_t i;
	json_t *x;

	printf("exercise %" JSON_INTEGER_FORMAT ": %s (case %s)\n",
	    json_integer_value(json_object_get(v, "id")),
	    json_string_value(json_object_get(json_object_get(v,
	    "case_study"), "title")),
	    json_string_value(json_object_get(v, "case_ref")));
	printf("score %" JSON_INTEGER_FORMAT " of %" JSON_INTEGER_FORMAT
	    " (%" JSON_INTEGER_FORMAT "%%), %" JSON_INTEGER_FORMAT
	    " still to do%s\n\n%s\n",
	    json_integer_value(json_object_get(score, "points")),
	    json_integer_value(json_object_get(score, "max")),
	    json_integer_value(json_object_get(score, "percent")),
	    json_integer_value(json_object_get(score, "pending")),
	    json_is_null(json_object_get(v, "finished_at")) ? "" :
	    " (finished)", json_string_value(json_object_get(v, "story")));
	json_array_foreach(json_object_get(v, "discoveries"), i, x)
		printf("\n[%s] %s\n%s\n", json_string_value(json_object_get(x,
		    "kind")), json_string_value(json_object_get(x, "title")),
		    json_string_value(json_object_get(x, "text")));
	printf("\nfeedback:\n");
	json_array_foreach(json_object_get(v, "feedback"), i, x) {
		const char *why = json_string_value(json_object_get(x, "why"));
		const json_t *sop = json_object_get(x, "sop");

		printf("  %-8s %-10s %s", json_string_value(json_object_get(x,
		    "state")), json_string_value(json_object_get(x, "part")),
		    json_string_value(json_object_get(x, "id")) ?
		    json_string_value(json_object_get(x, "id")) : "");
		if (json_string_value(json_object_get(x, "expected")))
			printf(": expected %s, given %s", json_string_value(
			    json_object_get(x, "expected")),
			    json_string_value(json_object_get(x, "given")) ?
			    json_string_value(json_object_get(x, "given")) :
			    "nothing");
		printf("\n");
		if (why)
			printf("           %s\n", why);
		if (json_is_object(sop))
			printf("           SOP, %s: %s\n", json_string_value(
			    json_object_get(sop, "title")), json_string_value(
			    json_object_get(sop, "guidance")));
	}
}

static int
show_view(struct cli *c, const struct exercise_view *v, struct err *err)
{
	const char *lang = cli_lang(c, err);
	json_t *j;

	if (!lang)
		return -1;
	j = exercise_view_json(v, lang);
	if (c->json)
		return cli_print_json(j, err);
	print_view(j);
	json_decref(j);
	return 0;
}

static int
run_start(struct cli *c, struct err *err)
{
	const char *group = cli_get(c, "group");
	struct exercise_view v;
	struct exercise_row e;
	int64_t group_id = 0;

	if ((group && parse_id(c, group, "a group", &group_id, err) == -1) ||
	    (c->n_args == 0 && !group))
		return c->usage ? -1 : cli_usage(c, err, "no case study given: "
		    "name one, or give --group N to join your trainer's group");
	if (exercise_start(&c->ctx, c->n_args ? c->args[0] : NULL, group_id,
	    &e, err) == -1 || exercise_show(&c->ctx, e.id, &v, err) == -1)
		return -1;
	return show_view(c, &v, err);
}

static int
run_show(struct cli *c, struct err *err)
{
	struct exercise_view v;
	int64_t id = 0;

	if (parse_id(c, c->args[0], "an exercise", &id, err) == -1 ||
	    exercise_show(&c->ctx, id, &v, err) == -1)
		return -1;
	return show_view(c, &v, err);
}

static int
run_finish(struct cli *c, struct err *err)
{
	struct exercise_view v;
	int64_t id = 0;

	if (parse_id(c, c->args[0], "an exercise", &id, err) == -1 ||
	    exercise_finish(&c->ctx, id, &v, err) == -1)
		return -1;
	return show_view(c, &v, err);
}

static int
run_exercises(struct cli *c, struct err *err)
{
	struct exercise_row *rows;
	size_t n;

	if (exercise_list(&c->ctx, &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		json_t *all = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(all, exercise_row_json(&rows[i]));
		return cli_print_json(all, err);
	}
	for (size_t i = 0; i < n; i++) {
		printf("%-5" PRId64 " ", rows[i].id);
		cli_cell(rows[i].trainee, 14);
		cli_cell(rows[i].study_id, 28);
		cli_cell(rows[i].case_ref, 24);
		if (rows[i].finished_at)
			printf("%d/%d\n", rows[i].points, rows[i].max_points);
		else
			printf("working\n");
	}
	return 0;
}

static int
run_group_create(struct cli *c, struct err *err)
{
	struct exercise_group_row g;

	if (group_create(&c->ctx, c->args[0], cli_get(c, "title"), &g,
	    err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(group_row_json(&g), err);
	printf("group %" PRId64 " made on case study %s: trainees join it "
	    "with tipsom train start --group %" PRId64 "\n", g.id, g.study_id,
	    g.id);
	return 0;
}

static int
run_groups(struct cli *c, struct err *err)
{
	struct exercise_group_row *rows;
	json_t *all;
	size_t n;

	if (group_list(&c->ctx, &rows, &n, err) == -1)
		return -1;
	all = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(all, group_row_json(&rows[i]));
	if (c->json)
		return cli_print_json(all, err);
	for (size_t i = 0; i < n; i++) {
		printf("%-5" PRId64 " ", rows[i].id);
		cli_cell(rows[i].study_id, 28);
		cli_cell(rows[i].closed_at ? "closed" : "open", 8);
		printf("%s\n", rows[i].title);
	}
	json_decref(all);
	return 0;
}

static int
run_group(struct cli *c, struct err *err)
{
	const char *lang = cli_lang(c, err);
	struct group_view v;
	json_t *j, *m;
	int64_t id = 0;
	size_t i;

	if (!lang || parse_id(c, c->args[0], "a group", &id, err) == -1 ||
	    group_show(&c->ctx, id, &v, err) == -1)
		return -1;
	j = group_view_json(&v, lang);
	if (c->json)
		return cli_print_json(j, err);
	printf("group %" PRId64 ": %s (%s)%s\n", v.g.id, v.g.title,
	    v.g.study_id, v.g.closed_at ? ", closed" : "");
	json_array_foreach(json_object_get(j, "members"), i, m) {
		printf("  ");
		cli_cell(json_string_value(json_object_get(m, "trainee")), 14);
		printf("%3" JSON_INTEGER_FORMAT "%%  right %" JSON_INTEGER_FORMAT
		    "  wrong %" JSON_INTEGER_FORMAT "  broken %"
		    JSON_INTEGER_FORMAT "  steps %" JSON_INTEGER_FORMAT "  %s\n",
		    json_integer_value(json_object_get(m, "percent")),
		    json_integer_value(json_object_get(m, "right")),
		    json_integer_value(json_object_get(m, "wrong")),
		    json_integer_value(json_object_get(m, "broken")),
		    json_integer_value(json_object_get(m, "steps_done")),
		    json_is_null(json_object_get(m, "finished_at")) ?
		    "working" : "finished");
	}
	json_decref(j);
	return 0;
}

static int
run_group_close(struct cli *c, struct err *err)
{
	struct exercise_group_row g;
	int64_t id = 0;

	if (parse_id(c, c->args[0], "a group", &id, err) == -1 ||
	    group_close(&c->ctx, id, &g, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(group_row_json(&g), err);
	printf("group %" PRId64 " closed\n", id);
	return 0;
}

static const struct cli_opt sandbox_opts[] = {
	{ "trainer", "USERNAME", 0, "the trainer's account (default "
	    "trainer)" },
	{ "trainees", "N", 0, "how many trainee accounts (default 8)" },
	{ NULL, NULL, 0, NULL },
};
static const struct cli_opt lang_opts[] = {
	{ "lang", "TAG", 0, "the language of the texts (en, ar, ckb)" },
	{ NULL, NULL, 0, NULL },
};
static const struct cli_opt start_opts[] = {
	{ "group", "N", 0, "join your trainer's exercise group" },
	{ "lang", "TAG", 0, "the language of the texts (en, ar, ckb)" },
	{ NULL, NULL, 0, NULL },
};
static const struct cli_opt group_opts[] = {
	{ "title", "TEXT", CLI_REQUIRED, "what the group is, like \"Erbil "
	    "ToT, day 2\"" },
	{ NULL, NULL, 0, NULL },
};
static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_train_sandbox = {
	"train", "sandbox", NULL, 0, 0, sandbox_opts,
	CLI_CREATE_STORE | CLI_ANY_SCHEMA | CLI_NO_ACTOR, run_sandbox,
	"make a training store of fictional cases (give it --db)",
};
const struct cli_cmd cmd_train_studies = {
	"train", "case-studies", NULL, 0, 0, lang_opts, 0, run_studies,
	"list the case studies of the training store",
};
const struct cli_cmd cmd_train_validate = {
	"train", "validate", "FILE", 1, 1, no_opts,
	CLI_NO_STORE | CLI_NO_ACTOR, run_validate,
	"check a case study file (docs/case-study-format.md)",
};
const struct cli_cmd cmd_train_import = {
	"train", "import", "FILE", 1, 1, no_opts, 0, run_import,
	"add a case study, or a new version of one (trainers)",
};
const struct cli_cmd cmd_train_start = {
	"train", "start", "[CASE_STUDY]", 0, 1, start_opts, 0, run_start,
	"start an exercise on a case study",
};
const struct cli_cmd cmd_train_show = {
	"train", "show", "EXERCISE", 1, 1, lang_opts, 0, run_show,
	"an exercise: story, discoveries, score and feedback",
};
const struct cli_cmd cmd_train_finish = {
	"train", "finish", "EXERCISE", 1, 1, lang_opts, 0, run_finish,
	"end your exercise and keep its score",
};
const struct cli_cmd cmd_train_exercises = {
	"train", "exercises", NULL, 0, 0, no_opts, 0, run_exercises,
	"your exercises (a trainer: the agency's)",
};
const struct cli_cmd cmd_train_group_create = {
	"train", "group-create", "CASE_STUDY", 1, 1, group_opts, 0,
	run_group_create, "put trainees on one case study (trainers)",
};
const struct cli_cmd cmd_train_groups = {
	"train", "groups", NULL, 0, 0, no_opts, 0, run_groups,
	"the exercise groups of the agency",
};
const struct cli_cmd cmd_train_group = {
	"train", "group", "GROUP", 1, 1, lang_opts, 0, run_group,
	"every trainee's progress in a group (trainers)",
};
const struct cli_cmd cmd_train_group_close = {
	"train", "group-close", "GROUP", 1, 1, no_opts, 0, run_group_close,
	"close a group to new trainees (trainers)",
};
