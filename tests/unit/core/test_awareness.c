/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_awareness.c - awareness sessions: what a session must hold, as a
 * table with the field each refusal names; that a refusal writes
 * nothing; who reads and corrects a session; what a correction changes
 * and audits; and the feedback sealed at rest.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "base/date.h"
#include "core/awareness.h"
#include "base/banned.h"

#define PASSWORD	"Correct-Horse-Erbil-2026"

struct world {
	struct unit_env	*env;
};

static int
setup(void **state)
{
	static const char *const agencies[][2] = {
		{ "KRI-MRC", "migrant_resource_centre" },
		{ "KRI-MOI", "law_enforcement" },
		{ "IQ-MOI", "law_enforcement" },
	};
	static const char *const users[][3] = {
		{ "mrc", "KRI-MRC", "caseworker" },
		{ "mrc.sup", "KRI-MRC", "supervisor" },
		{ "moi", "KRI-MOI", "supervisor" },
		{ "moi.inv", "KRI-MOI", "investigator" },
		{ "iq.cw", "IQ-MOI", "caseworker" },
	};
	struct world *w = calloc(1, sizeof(*w));
	struct unit_env *env = unit_env_new();

	if (!env || !w)
		return -1;
	w->env = env;
	unit_people(env, agencies, ARRAY_SIZE(agencies), users,
	    ARRAY_SIZE(users), PASSWORD);
	*state = w;
	return 0;
}

/* A day moved from today by days, as YYYY-MM-DD. */
static const char *
day(struct world *w, int days)
{
	char ts[TIMESTAMP_TEXT_SIZE];

	date_seconds_format(date_now_seconds() + (int64_t)days * 86400, ts);
	return arena_printf(w->env->ctx.arena, "%.10s", ts);
}

/* A session every rule accepts. */
static struct awareness_input
good(void)
{
	static const char *organisers[] = { "KRI-MOI" };
	static const char *materials[] = { "legal-pathways" };

	return (struct awareness_input){ .kind = "community",
	    .held_on = "2026-01-15", .place = "Darashakran camp hall",
	    .region = "Erbil", .audience = "returnees",
	    .counts = { "4", "20", "3", "15" }, .organisers = organisers,
	    .n_organisers = 1, .organisers_given = true,
	    .materials = materials, .n_materials = 1,
	    .materials_given = true, .feedback = "Questions on pensions" };
}

static void
test_rules(void **state)
{
	static const char *unknown_agency[] = { "NO-SUCH" };
	static const char *twice[] = { "KRI-MOI", "KRI-MOI" };
	static const char *unknown_sheet[] = { "not-a-sheet" };
	static const char *sheet_twice[] = { "legal-pathways",
	    "legal-pathways" };
	struct world *w = *state;
	struct unit_env *env = w->env;
	struct {
		const char		*name;
		struct awareness_input	 in;
		const char		*field;	/* NULL: accepted */
	} rows[] = {
		{ "a good session", good(), NULL },
		{ "no kind", good(), "kind" },
		{ "an unknown kind", good(), "kind" },
		{ "no date", good(), "held_on" },
		{ "not a date", good(), "held_on" },
		{ "tomorrow", good(), "held_on" },
		{ "today is fine", good(), NULL },
		{ "no place", good(), "place" },
		{ "a blank region", good(), "region" },
		{ "an unknown audience", good(), "audience" },
		{ "a negative count", good(), "female_children" },
		{ "a count too large", good(), "male_adults" },
		{ "100000 is the most", good(), NULL },
		{ "a fraction", good(), "female_adults" },
		{ "nobody came", good(), "counts" },
		{ "counts left out are 0", good(), NULL },
		{ "an unknown organiser", good(), "organisers" },
		{ "an organiser twice", good(), "organisers" },
		{ "a sheet not shipped", good(), "materials" },
		{ "a sheet twice", good(), "materials" },
		{ "no materials at all", good(), NULL },
		{ "feedback too long", good(), "feedback" },
	};
	char *long_text = arena_alloc(env->ctx.arena,
	    AWARENESS_FEEDBACK_MAX + 2);

	memset(long_text, 'x', AWARENESS_FEEDBACK_MAX + 1);
	long_text[AWARENESS_FEEDBACK_MAX + 1] = '\0';
	rows[1].in.kind = NULL;
	rows[2].in.kind = "picnic";
	rows[3].in.held_on = NULL;
	rows[4].in.held_on = "2026-02-30";
	rows[5].in.held_on = day(w, 1);
	rows[6].in.held_on = day(w, 0);
	rows[7].in.place = NULL;
	rows[8].in.region = "  ";
	rows[9].in.audience = "tourists";
	rows[10].in.counts[AWARENESS_FEMALE_CHILDREN] = "-1";
	rows[11].in.counts[AWARENESS_MALE_ADULTS] = "100001";
	rows[12].in.counts[AWARENESS_MALE_ADULTS] = "100000";
	rows[13].in.counts[AWARENESS_FEMALE_ADULTS] = "2.5";
	for (int c = 0; c < AWARENESS_COUNT__MAX; c++) {
		rows[14].in.counts[c] = "0";
		rows[15].in.counts[c] = NULL;
	}
	rows[15].in.counts[AWARENESS_MALE_CHILDREN] = "7";
	rows[16].in.organisers = unknown_agency;
	rows[17].in.organisers = twice;
	rows[17].in.n_organisers = 2;
	rows[18].in.materials = unknown_sheet;
	rows[19].in.materials = sheet_twice;
	rows[19].in.n_materials = 2;
	rows[20].in.n_materials = 0;
	rows[21].in.feedback = long_text;

	unit_as(env, "mrc");
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct awareness_row s;
		int64_t before = unit_audit_count(env);
		int rc;

		env->err = (struct err)ERR_INIT;
		rc = awareness_add(&env->ctx, &rows[i].in, &s, &env->err);
		if (!rows[i].field) {
			if (rc == -1)
				fail_msg("row %zu \"%s\": refused: %s", i,
				    rows[i].name, env->err.msg);
			if (unit_audit_count(env) != before + 1)
				fail_msg("row %zu \"%s\": not audited once", i,
				    rows[i].name);
			continue;
		}
		if (rc != -1 || env->err.code != ERR_INVALID ||
		    strcmp(env->err.field, rows[i].field) != 0)
			fail_msg("row %zu \"%s\": got %s \"%s\" (%s), want "
			    "invalid \"%s\"", i, rows[i].name,
			    err_code_name(env->err.code), env->err.field,
			    env->err.msg, rows[i].field);
		if (unit_audit_count(env) != before)
			fail_msg("row %zu \"%s\": refused but audited", i,
			    rows[i].name);
	}
}

static void
test_organisers_and_sight(void **state)
{
	struct world *w = *state;
	struct unit_env *env = w->env;
	struct awareness_input in = good();
	struct awareness_row s, got, *rows;
	size_t n;

	unit_as(env, "mrc");
	must(awareness_add(&env->ctx, &in, &s, &env->err), env, "add");
	/* The recording agency is always an organiser, codes sorted. */
	assert_int_equal(s.n_organisers, 2);
	assert_string_equal(s.organisers[0].code, "KRI-MOI");
	assert_string_equal(s.organisers[1].code, "KRI-MRC");
	assert_int_equal(awareness_total(&s), 42);
	assert_string_equal(s.feedback, "Questions on pensions");
	/* An organiser's staff read it; another agency's do not, and a
	 * role without outreach.record is refused. */
	unit_as(env, "moi");
	must(awareness_show(&env->ctx, s.id, &got, &env->err), env, "moi");
	assert_string_equal(got.agency, "KRI-MRC");
	unit_as(env, "iq.cw");
	assert_int_equal(awareness_show(&env->ctx, s.id, &got, &env->err), -1);
	assert_int_equal(env->err.code, ERR_NOT_FOUND);
	must(awareness_list(&env->ctx, &(struct awareness_filter){ 0 }, 50, 0,
	    &rows, &n, &env->err), env, "iq.cw list");
	for (size_t i = 0; i < n; i++)
		assert_true(rows[i].id != s.id);
	unit_as(env, "moi.inv");
	assert_int_equal(awareness_show(&env->ctx, s.id, &got, &env->err), -1);
	assert_int_equal(env->err.code, ERR_FORBIDDEN);
	/* The feedback is sealed in the store. */
	must(store_awareness_get(env->ctx.store, s.id, env->ctx.arena, &got,
	    &env->err), env, "raw");
	assert_non_null(got.feedback);
	assert_null(strstr(got.feedback, "pensions"));
}

static void
test_corrections(void **state)
{
	static const char *none[] = { NULL };
	struct world *w = *state;
	struct unit_env *env = w->env;
	struct awareness_input in = good(), fix = { 0 };
	struct awareness_row s, got;
	int64_t before;

	unit_as(env, "mrc");
	must(awareness_add(&env->ctx, &in, &s, &env->err), env, "add");
	/* An organiser reads but does not correct. */
	unit_as(env, "moi");
	fix.place = "Another hall";
	assert_int_equal(awareness_edit(&env->ctx, s.id, s.version, &fix,
	    &got, &env->err), -1);
	assert_int_equal(env->err.code, ERR_FORBIDDEN);
	unit_as(env, "mrc.sup");
	/* A correction that breaks a rule changes nothing. */
	fix = (struct awareness_input){ .counts = { "0", "0", "0", "0" } };
	before = unit_audit_count(env);
	assert_int_equal(awareness_edit(&env->ctx, s.id, s.version, &fix,
	    &got, &env->err), -1);
	assert_string_equal(env->err.field, "counts");
	assert_int_equal(unit_audit_count(env), before);
	must(awareness_show(&env->ctx, s.id, &got, &env->err), env, "show");
	assert_int_equal(got.version, 1);
	assert_int_equal(awareness_total(&got), 42);
	/* Nothing to change. */
	fix = (struct awareness_input){ .place = "Darashakran camp hall" };
	assert_int_equal(awareness_edit(&env->ctx, s.id, s.version, &fix,
	    &got, &env->err), -1);
	assert_int_equal(env->err.code, ERR_INVALID);
	/* A real one: the fields given, the rest kept; materials cleared,
	 * feedback cleared. */
	fix = (struct awareness_input){ .counts = { NULL, "21" },
	    .materials = none, .n_materials = 0, .materials_given = true,
	    .feedback = "" };
	must(awareness_edit(&env->ctx, s.id, s.version, &fix, &got,
	    &env->err), env, "edit");
	assert_int_equal(got.version, 2);
	assert_int_equal(got.counts[AWARENESS_FEMALE_ADULTS], 21);
	assert_int_equal(got.counts[AWARENESS_MALE_ADULTS], 15);
	assert_int_equal(got.n_materials, 0);
	assert_null(got.feedback);
	assert_string_equal(got.place, "Darashakran camp hall");
	assert_int_equal(got.n_organisers, 2);
	assert_int_equal(unit_audit_count(env), before + 1);
	/* Edited meanwhile: the old version is refused. */
	fix = (struct awareness_input){ .region = "Duhok" };
	assert_int_equal(awareness_edit(&env->ctx, s.id, 1, &fix, &got,
	    &env->err), -1);
	assert_int_equal(env->err.code, ERR_CONFLICT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rules, setup,
		    unit_world_teardown),
		cmocka_unit_test_setup_teardown(test_organisers_and_sight,
		    setup, unit_world_teardown),
		cmocka_unit_test_setup_teardown(test_corrections, setup,
		    unit_world_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
