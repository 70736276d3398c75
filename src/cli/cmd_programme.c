/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_programme.c - tipsom course, participant, session and certificate:
 * the training programme, its tests, certificates and the cascade of
 * trainers; tipsom stats training, its figures.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/programme.h"
#include "base/banned.h"

/* Prints j (stolen) as --json asks, or lets print() show it. */
static int
show(struct cli *c, json_t *j, void (*print)(const json_t *),
    struct err *err)
{
	if (c->json)
		return cli_print_json(j, err);
	print(j);
	json_decref(j);
	return 0;
}

static const char *
jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static long long
jint(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static void
print_course(const json_t *c)
{
	size_t i;
	json_t *x;

	printf("%s  %s  (%lld hours%s)\n", jstr(c, "code"), jstr(c, "title"),
	    jint(c, "hours"), json_is_true(json_object_get(c, "tot")) ?
	    ", training of trainers" : "");
	if (*jstr(c, "curriculum"))
		printf("\n%s\n", jstr(c, "curriculum"));
	json_array_foreach(json_object_get(c, "modules"), i, x)
		printf("  %2lld. %s (%lld h)\n", jint(x, "position"),
		    jstr(x, "title"), jint(x, "hours"));
	json_array_foreach(json_object_get(c, "sessions"), i, x)
		printf("  session %lld: %s to %s, %s (%s)\n", jint(x, "id"),
		    jstr(x, "starts_on"), jstr(x, "ends_on"), jstr(x, "place"),
		    jstr(x, "agency"));
}

static int
run_course_add(struct cli *c, struct err *err)
{
	const char **modules;
	size_t n = cli_get_all(c, "module", &modules);
	struct course_input in = { .code = c->args[0],
	    .title = cli_get(c, "title"),
	    .curriculum = cli_get(c, "curriculum"),
	    .hours = cli_get(c, "hours"), .tot = cli_has(c, "tot"),
	    .n_modules = n };
	struct course_row row;

	in.module_titles = arena_array(c->ctx.arena, n + 1, sizeof(char *));
	in.module_hours = arena_array(c->ctx.arena, n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		const char *colon = strrchr(modules[i], ':');

		if (!colon)
			return cli_usage(c, err, "--module \"%.40s\" is not "
			    "TITLE:HOURS: write it like \"Identifying "
			    "victims:6\"", modules[i]);
		in.module_titles[i] = arena_strndup(c->ctx.arena, modules[i],
		    (size_t)(colon - modules[i]));
		in.module_hours[i] = colon + 1;
	}
	if (course_add(&c->ctx, &in, &row, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(course_json(&row), err);
	printf("course %s added\n", row.code);
	return 0;
}

static void
print_courses(const json_t *all)
{
	size_t i;
	json_t *x;

	json_array_foreach(all, i, x) {
		cli_cell(jstr(x, "code"), 14);
		printf("%4lld h  %-4s %s\n", jint(x, "hours"),
		    json_is_true(json_object_get(x, "tot")) ? "ToT" : "",
		    jstr(x, "title"));
	}
}

static int
run_course_list(struct cli *c, struct err *err)
{
	struct course_row *rows;
	json_t *all;
	size_t n;

	if (course_list(&c->ctx, &rows, &n, err) == -1)
		return -1;
	all = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(all, course_json(&rows[i]));
	return show(c, all, print_courses, err);
}

static int
run_course_show(struct cli *c, struct err *err)
{
	struct course_view v;

	if (course_show(&c->ctx, c->args[0], &v, err) == -1)
		return -1;
	return show(c, course_view_json(&v), print_course, err);
}

static int
run_participant_add(struct cli *c, struct err *err)
{
	struct participant_input in = { cli_get(c, "name"),
	    cli_get(c, "organisation"), cli_get(c, "job"), cli_get(c, "sex"),
	    cli_get(c, "region") };
	struct participant_row p;

	if (participant_add(&c->ctx, &in, &p, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(participant_json(&p), err);
	printf("participant %" PRId64 " added\n", p.id);
	return 0;
}

static void
print_participants(const json_t *all)
{
	size_t i;
	json_t *x;

	json_array_foreach(all, i, x) {
		printf("%-6lld ", jint(x, "id"));
		cli_cell(jstr(x, "full_name"), 26);
		cli_cell(jstr(x, "sex"), 8);
		cli_cell(jstr(x, "organisation"), 28);
		printf("%s\n", jstr(x, "region"));
	}
}

static int
run_participant_list(struct cli *c, struct err *err)
{
	struct participant_row *rows;
	json_t *all;
	int limit;
	size_t n;

	if (cli_int(c, "limit", 1, 500, 50, &limit, err) == -1 ||
	    participant_list(&c->ctx, cli_get(c, "search"), limit, 0, &rows,
	    &n, err) == -1)
		return -1;
	all = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(all, participant_json(&rows[i]));
	return show(c, all, print_participants, err);
}

static int
run_session_add(struct cli *c, struct err *err)
{
	const char **trainers;
	size_t n = cli_get_all(c, "trainer", &trainers);
	struct course_session_input in = { c->args[0], cli_get(c, "from"),
	    cli_get(c, "to"), cli_get(c, "place"), cli_get(c, "region"),
	    trainers, n };
	struct course_session_row s;

	if (course_session_add(&c->ctx, &in, &s, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(course_session_json(&s), err);
	printf("session %" PRId64 " of %s added: enrol its participants with "
	    "tipsom session enrol %" PRId64 " ID...\n", s.id, s.course_code,
	    s.id);
	return 0;
}

static void
print_sessions(const json_t *all)
{
	size_t i;
	json_t *x;

	json_array_foreach(all, i, x) {
		printf("%-5lld ", jint(x, "id"));
		cli_cell(jstr(x, "course"), 14);
		printf("%s to %s  ", jstr(x, "starts_on"), jstr(x, "ends_on"));
		cli_cell(jstr(x, "agency"), 10);
		printf("%s\n", jstr(x, "place"));
	}
}

static int
run_session_list(struct cli *c, struct err *err)
{
	struct course_session_row *rows;
	json_t *all;
	size_t n;

	if (course_session_list(&c->ctx, cli_get(c, "course"), &rows, &n,
	    err) == -1)
		return -1;
	all = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(all, course_session_json(&rows[i]));
	return show(c, all, print_sessions, err);
}

static void
print_session(const json_t *s)
{
	const json_t *tests = json_object_get(s, "tests");
	size_t i;
	json_t *x;

	printf("session %lld: %s %s, %s to %s (%lld days), %s, %s\n",
	    jint(s, "id"), jstr(s, "course"), jstr(s, "course_title"),
	    jstr(s, "starts_on"), jstr(s, "ends_on"), jint(s, "days"),
	    jstr(s, "place"), jstr(s, "region"));
	json_array_foreach(json_object_get(s, "trainers"), i, x)
		printf("  trainer %lld %s (%s)\n", jint(x, "id"),
		    jstr(x, "full_name"), jstr(x, "organisation"));
	json_array_foreach(json_object_get(s, "participants"), i, x) {
		printf("  %-5lld ", jint(x, "id"));
		cli_cell(jstr(x, "full_name"), 26);
		printf("days %lld", jint(x, "days_attended"));
		if (json_is_integer(json_object_get(x, "gain")))
			printf("  pre %lld post %lld (%+lld)",
			    jint(x, "pre_score"), jint(x, "post_score"),
			    jint(x, "gain"));
		if (*jstr(x, "certificate"))
			printf("  certificate %s", jstr(x, "certificate"));
		printf("\n");
	}
	if (jint(tests, "tested"))
		printf("tests: %lld taken both, mean %.1f -> %.1f (%+.1f)\n",
		    jint(tests, "tested"), json_real_value(json_object_get(
		    tests, "pre_mean")), json_real_value(json_object_get(tests,
		    "post_mean")), json_real_value(json_object_get(tests,
		    "mean_gain")));
}

static int
session_arg(struct cli *c, int i, const char *what, int64_t *id,
    struct err *err)
{
	if (programme_parse_id(c->args[i], what, id, err) == -1) {
		c->usage = true;
		return -1;
	}
	return 0;
}

static int
run_session_show(struct cli *c, struct err *err)
{
	struct course_session_view v;
	int64_t id;

	if (session_arg(c, 0, "session", &id, err) == -1 ||
	    course_session_show(&c->ctx, id, &v, err) == -1)
		return -1;
	return show(c, course_session_view_json(&v), print_session, err);
}

static int
run_session_enrol(struct cli *c, struct err *err)
{
	struct enrolment_row e;
	int64_t session, participant;

	if (session_arg(c, 0, "session", &session, err) == -1)
		return -1;
	for (int i = 1; i < c->n_args; i++) {
		if (session_arg(c, i, "participant", &participant,
		    err) == -1 || session_enrol(&c->ctx, session, participant,
		    &e, err) == -1)
			return -1;
		if (!c->json)
			printf("%s enrolled in session %" PRId64 "\n",
			    e.p.full_name, session);
	}
	if (c->json)
		return cli_print_json(json_pack("{s:I, s:i}", "session",
		    (json_int_t)session, "enrolled", c->n_args - 1), err);
	return 0;
}

static int
run_session_record(struct cli *c, struct err *err)
{
	struct enrolment_input in = { cli_get(c, "days"), cli_get(c, "pre"),
	    cli_get(c, "post") };
	struct enrolment_row e;
	int64_t session, participant;

	if (session_arg(c, 0, "session", &session, err) == -1 ||
	    session_arg(c, 1, "participant", &participant, err) == -1 ||
	    session_record(&c->ctx, session, participant, &in, &e,
	    err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(enrolment_json(&e), err);
	printf("%s: %d days", e.p.full_name, e.days_attended);
	if (e.pre_score >= 0)
		printf(", pre-test %d", e.pre_score);
	if (e.post_score >= 0)
		printf(", post-test %d", e.post_score);
	printf("\n");
	return 0;
}

static void
print_certificate(const json_t *k)
{
	printf("certificate %s: valid\n  %s (%s)\n  %s, %lld hours, %s to "
	    "%s, %s\n  issued by %s on %.10s\n", jstr(k, "code"),
	    jstr(k, "full_name"), jstr(k, "organisation"), jstr(k, "course"),
	    jint(k, "hours"), jstr(k, "starts_on"), jstr(k, "ends_on"),
	    jstr(k, "place"), jstr(k, "issued_by"), jstr(k, "issued_at"));
}

static int
run_session_certify(struct cli *c, struct err *err)
{
	struct certificate_row k;
	int64_t session, participant;

	if (session_arg(c, 0, "session", &session, err) == -1 ||
	    session_arg(c, 1, "participant", &participant, err) == -1 ||
	    certificate_issue(&c->ctx, session, participant, &k, err) == -1)
		return -1;
	return show(c, certificate_json(&k), print_certificate, err);
}

static int
run_certificate_verify(struct cli *c, struct err *err)
{
	struct certificate_row k;

	if (certificate_verify(&c->ctx, c->args[0], &k, err) == -1)
		return -1;
	return show(c, certificate_json(&k), print_certificate, err);
}

static void
print_counts(const char *what, const json_t *counts)
{
	const char *key;
	json_t *v;

	printf("%s:", what);
	json_object_foreach((json_t *)counts, key, v)
		printf("  %s %lld", key, (long long)json_integer_value(v));
	printf("\n");
}

static void
print_cascade(const json_t *r)
{
	size_t i, k;
	json_t *x, *t;

	printf("reach: %lld people trained down the cascade%s\n",
	    jint(r, "reach"), json_is_true(json_object_get(r, "cut")) ?
	    " (cut at the deepest generation counted)" : "");
	json_array_foreach(json_object_get(r, "generations"), i, x)
		printf("  generation %lld: %lld sessions, %lld people\n",
		    jint(x, "generation"), jint(x, "sessions"),
		    jint(x, "persons"));
	json_array_foreach(json_object_get(r, "sessions"), i, x) {
		printf("%*s- session %lld %s %s, %s", (int)(jint(x, "depth") -
		    1) * 2, "", jint(x, "session"), jstr(x, "course"),
		    jstr(x, "starts_on"), jstr(x, "place"));
		if (json_is_integer(json_object_get(x, "via")))
			printf(" (trainer %lld, trained at session %lld)",
			    jint(x, "via"), jint(x, "parent"));
		json_array_foreach(json_object_get(x, "trainers"), k, t)
			printf("%s%s", k ? ", " : ": ", jstr(t, "full_name"));
		printf("\n");
	}
	print_counts("by sex", json_object_get(r, "by_sex"));
	print_counts("by organisation", json_object_get(r, "by_organisation"));
	print_counts("by region", json_object_get(r, "by_region"));
}

static int
run_session_cascade(struct cli *c, struct err *err)
{
	struct cascade_view v;
	int64_t id;

	if (session_arg(c, 0, "session", &id, err) == -1 ||
	    session_cascade(&c->ctx, id, &v, err) == -1)
		return -1;
	return show(c, cascade_json(&v), print_cascade, err);
}

static void
print_figures(const json_t *f)
{
	size_t i;
	json_t *x;

	printf("%lld sessions (%lld training of trainers), %lld participants, "
	    "%lld certificates\n", jint(f, "sessions"), jint(f,
	    "tot_sessions"), jint(f, "participants"), jint(f,
	    "certificates"));
	if (jint(f, "tested"))
		printf("%lld took both tests: mean gain %+.1f points\n",
		    jint(f, "tested"), json_real_value(json_object_get(f,
		    "mean_gain")));
	print_counts("by sex", json_object_get(f, "by_sex"));
	print_counts("by organisation", json_object_get(f, "by_organisation"));
	print_counts("by region", json_object_get(f, "by_region"));
	json_array_foreach(json_object_get(f, "cascades"), i, x)
		printf("ToT session %lld (%s, %s): reach %lld in %lld "
		    "generations\n", jint(x, "session"), jstr(x, "course"),
		    jstr(x, "starts_on"), jint(x, "reach"),
		    jint(x, "generations"));
}

static int
run_stats_training(struct cli *c, struct err *err)
{
	json_t *f;

	if (programme_figures(&c->ctx, cli_get(c, "from"), cli_get(c, "to"),
	    &f, err) == -1)
		return -1;
	return show(c, f, print_figures, err);
}

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };
static const struct cli_opt course_opts[] = {
	{ "title", "TEXT", CLI_REQUIRED, "the course's title" },
	{ "hours", "N", CLI_REQUIRED, "its length in hours" },
	{ "tot", NULL, 0, "it trains trainers (training of trainers)" },
	{ "curriculum", "TEXT", 0, "what it covers" },
	{ "module", "TITLE:HOURS", CLI_MULTI, "a module, in order" },
	{ NULL, NULL, 0, NULL },
};
static const struct cli_opt participant_opts[] = {
	{ "name", "TEXT", CLI_REQUIRED, "the full name" },
	{ "organisation", "TEXT", CLI_REQUIRED, "their agency, as named" },
	{ "job", "TEXT", CLI_REQUIRED, "their role there" },
	{ "sex", "SEX", 0, "female, male, other or unknown" },
	{ "region", "TEXT", CLI_REQUIRED, "where they work" },
	{ NULL, NULL, 0, NULL },
};
static const struct cli_opt search_opts[] = {
	{ "search", "TEXT", 0, "a part of a name or an organisation" },
	{ "limit", "N", 0, "at most N (default 50)" },
	{ NULL, NULL, 0, NULL },
};
static const struct cli_opt session_opts[] = {
	{ "from", "YYYY-MM-DD", CLI_REQUIRED, "the first day" },
	{ "to", "YYYY-MM-DD", 0, "the last day (default the first)" },
	{ "place", "TEXT", CLI_REQUIRED, "where" },
	{ "region", "TEXT", CLI_REQUIRED, "the region, for the figures" },
	{ "trainer", "PARTICIPANT", CLI_REQUIRED | CLI_MULTI,
	    "a trainer, by participant number" },
	{ NULL, NULL, 0, NULL },
};
static const struct cli_opt course_filter[] = {
	{ "course", "CODE", 0, "one course's" },
	{ NULL, NULL, 0, NULL },
};
static const struct cli_opt record_opts[] = {
	{ "days", "N", 0, "days attended" },
	{ "pre", "SCORE", 0, "pre-test score, 0-100" },
	{ "post", "SCORE", 0, "post-test score, 0-100" },
	{ NULL, NULL, 0, NULL },
};
static const struct cli_opt period_opts[] = {
	{ "from", "YYYY-MM-DD", 0, "sessions starting on or after" },
	{ "to", "YYYY-MM-DD", 0, "sessions starting on or before" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_course_add = {
	"course", "add", "CODE", 1, 1, course_opts, 0, run_course_add,
	"add a course, with its modules (trainers)",
};
const struct cli_cmd cmd_course_list = {
	"course", "list", NULL, 0, 0, no_opts, 0, run_course_list,
	"the courses",
};
const struct cli_cmd cmd_course_show = {
	"course", "show", "CODE", 1, 1, no_opts, 0, run_course_show,
	"a course: curriculum, modules, sessions",
};
const struct cli_cmd cmd_participant_add = {
	"participant", "add", NULL, 0, 0, participant_opts, 0,
	run_participant_add, "register a participant or trainer",
};
const struct cli_cmd cmd_participant_list = {
	"participant", "list", NULL, 0, 0, search_opts, 0,
	run_participant_list, "participants, by name",
};
const struct cli_cmd cmd_session_add = {
	"session", "add", "COURSE", 1, 1, session_opts, 0, run_session_add,
	"add a session of a course, with its trainers",
};
const struct cli_cmd cmd_session_list = {
	"session", "list", NULL, 0, 0, course_filter, 0, run_session_list,
	"the sessions, newest first",
};
const struct cli_cmd cmd_session_show = {
	"session", "show", "SESSION", 1, 1, no_opts, 0, run_session_show,
	"a session: trainers, participants, attendance, tests",
};
const struct cli_cmd cmd_session_enrol = {
	"session", "enrol", "SESSION PARTICIPANT...", 2, 64, no_opts, 0,
	run_session_enrol, "enrol participants in a session",
};
const struct cli_cmd cmd_session_record = {
	"session", "record", "SESSION PARTICIPANT", 2, 2, record_opts, 0,
	run_session_record, "record attendance and test scores",
};
const struct cli_cmd cmd_session_certify = {
	"session", "certify", "SESSION PARTICIPANT", 2, 2, no_opts, 0,
	run_session_certify, "issue a participant's certificate",
};
const struct cli_cmd cmd_session_cascade = {
	"session", "cascade", "SESSION", 1, 1, no_opts, 0, run_session_cascade,
	"who was trained down the cascade a session started",
};
const struct cli_cmd cmd_certificate_verify = {
	"certificate", "verify", "CODE", 1, 1, no_opts, CLI_NO_ACTOR,
	run_certificate_verify, "check a certificate by its code",
};
const struct cli_cmd cmd_stats_training = {
	"stats", "training", NULL, 0, 0, period_opts, 0, run_stats_training,
	"the training programme in figures",
};
