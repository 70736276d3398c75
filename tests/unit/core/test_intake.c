/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_intake.c - reports of a suspected case: which agencies receive
 * them, where a report stands, who sees it how, who leads the case it
 * opens (tables); then a report submitted for real: what it must hold,
 * the case it opens with its first-contact steps due on the receiving
 * agency's work list, the texts sealed, what the reporter and a third
 * agency see, acknowledging and linking.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "core/access.h"
#include "core/case.h"
#include "core/input.h"
#include "core/intake.h"
#include "core/steps.h"
#include "core/work.h"
#include "store/store_fault.h"
#include "base/banned.h"

#define PASSWORD	"Correct-Horse-Erbil-2026"

static void
test_receives(void **state)
{
	(void)state;
	for (int k = 0; k < AGENCY_KIND__MAX; k++) {
		bool want = k == AGENCY_KIND_LAW_ENFORCEMENT ||
		    k == AGENCY_KIND_BORDER_GUARD;

		if (intake_receives((enum agency_kind)k) != want)
			fail_msg("row %d \"%s\": got %s", k,
			    enum_name(&agency_kind_desc, k),
			    want ? "refused" : "receives");
	}
}

static void
test_status(void **state)
{
	static const struct {
		const char		*name;
		enum case_kind		 kind;
		enum case_status	 status;
		const char		*acknowledged_at;
		enum intake_status	 want;
	} rows[] = {
		{ "just sent", CASE_KIND_UNCLASSIFIED, CASE_STATUS_OPEN, NULL,
		    INTAKE_RECEIVED },
		{ "acknowledged", CASE_KIND_UNCLASSIFIED, CASE_STATUS_OPEN,
		    "2026-03-01T10:00:00.000Z", INTAKE_ACKNOWLEDGED },
		{ "classified without acknowledging", CASE_KIND_TIP,
		    CASE_STATUS_OPEN, NULL, INTAKE_CASE_OPENED },
		{ "classified smuggling", CASE_KIND_SOM, CASE_STATUS_OPEN,
		    "2026-03-01T10:00:00.000Z", INTAKE_CASE_OPENED },
		{ "closed unclassified", CASE_KIND_UNCLASSIFIED,
		    CASE_STATUS_CLOSED, NULL, INTAKE_CLOSED },
		{ "closed after classifying", CASE_KIND_TIP_SOM,
		    CASE_STATUS_CLOSED, "2026-03-01T10:00:00.000Z",
		    INTAKE_CLOSED },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct intake_row r = { .case_kind = rows[i].kind,
		    .case_status = rows[i].status,
		    .acknowledged_at = rows[i].acknowledged_at };
		enum intake_status got = intake_status(&r);

		if (got != rows[i].want)
			fail_msg("row %zu \"%s\": got %s, want %s", i,
			    rows[i].name, enum_name(&intake_status_desc, got),
			    enum_name(&intake_status_desc, rows[i].want));
	}
}

static void
test_sight(void **state)
{
	/* The report: received by agency 1, sent by user 20 of agency 2. */
	static const struct {
		const char		*name;
		int64_t			 user, agency;
		enum role		 role;
		bool			 training;
		enum intake_sight	 want;
	} rows[] = {
		{ "receiving supervisor", 10, 1, ROLE_SUPERVISOR, false,
		    INTAKE_SIGHT_RECEIVER },
		{ "receiving investigator", 11, 1, ROLE_INVESTIGATOR, false,
		    INTAKE_SIGHT_RECEIVER },
		{ "receiving caseworker triages not", 12, 1, ROLE_CASEWORKER,
		    false, INTAKE_SIGHT_NONE },
		{ "receiving prosecutor triages not", 13, 1, ROLE_PROSECUTOR,
		    false, INTAKE_SIGHT_NONE },
		{ "receiving analyst", 14, 1, ROLE_ANALYST, false,
		    INTAKE_SIGHT_NONE },
		{ "the reporter", 20, 2, ROLE_CASEWORKER, false,
		    INTAKE_SIGHT_REPORTER },
		{ "the reporter's colleague", 21, 2, ROLE_SUPERVISOR, false,
		    INTAKE_SIGHT_NONE },
		{ "a third agency's supervisor", 30, 3, ROLE_SUPERVISOR, false,
		    INTAKE_SIGHT_NONE },
		{ "a receiving trainee in a training store", 15, 1,
		    ROLE_TRAINEE, true, INTAKE_SIGHT_RECEIVER },
		{ "a receiving trainee in a real store", 15, 1, ROLE_TRAINEE,
		    false, INTAKE_SIGHT_NONE },
	};
	struct intake_row r = { .agency_id = 1, .reporter_id = 20,
	    .reporter_agency_id = 2 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct ctx ctx = { .actor = { .user_id = rows[i].user,
		    .agency_id = rows[i].agency, .role = rows[i].role,
		    .training = rows[i].training } };
		enum intake_sight got = intake_sight(&ctx, &r);

		if (got != rows[i].want)
			fail_msg("row %zu \"%s\": got %d, want %d", i,
			    rows[i].name, got, rows[i].want);
	}
	struct ctx sys = { .actor = { .system = true } };

	assert_int_equal(intake_sight(&sys, &r), INTAKE_SIGHT_NONE);
}

static void
test_lead(void **state)
{
	/* Users of the receiving agency as (id, role, active). */
	static const struct {
		const char	*name;
		int64_t		 actor;		/* the reporter's id */
		struct { int64_t id; enum role role; bool active; } u[4];
		size_t		 n;
		long		 want;
	} rows[] = {
		{ "the supervisor", 99, { { 1, ROLE_INVESTIGATOR, true },
		    { 2, ROLE_SUPERVISOR, true } }, 2, 1 },
		{ "the first supervisor", 99, { { 5, ROLE_SUPERVISOR, true },
		    { 3, ROLE_SUPERVISOR, true },
		    { 4, ROLE_SUPERVISOR, true } }, 3, 1 },
		{ "a disabled supervisor leads nothing", 99, {
		    { 2, ROLE_SUPERVISOR, false },
		    { 7, ROLE_INVESTIGATOR, true } }, 2, 1 },
		{ "the first investigator without supervisors", 99, {
		    { 8, ROLE_INVESTIGATOR, true },
		    { 6, ROLE_INVESTIGATOR, true } }, 2, 1 },
		{ "the reporter of the agency itself", 4, {
		    { 2, ROLE_SUPERVISOR, true },
		    { 4, ROLE_CASEWORKER, true } }, 2, 1 },
		{ "a prosecutor reporting leads not", 4, {
		    { 2, ROLE_SUPERVISOR, true },
		    { 4, ROLE_PROSECUTOR, true } }, 2, 0 },
		{ "caseworkers and admins only: nobody", 99, {
		    { 1, ROLE_CASEWORKER, true }, { 2, ROLE_ADMIN, true },
		    { 3, ROLE_ANALYST, true } }, 3, -1 },
		{ "no users at all", 99, { { 0, ROLE_ADMIN, false } }, 0, -1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct ctx ctx = { .actor = { .user_id = rows[i].actor,
		    .agency_id = 1, .role = ROLE_CASEWORKER } };
		struct user_row users[4];
		long got;

		for (size_t j = 0; j < rows[i].n; j++)
			users[j] = (struct user_row){ .id = rows[i].u[j].id,
			    .agency_id = 1, .role = rows[i].u[j].role,
			    .active = rows[i].u[j].active };
		got = intake_lead(&ctx, users, rows[i].n);
		if (got != rows[i].want)
			fail_msg("row %zu \"%s\": got %ld, want %ld", i,
			    rows[i].name, got, rows[i].want);
	}
}

static void
test_ref_format(void **state)
{
	char ref[INTAKE_REF_SIZE];

	(void)state;
	intake_ref_format(2026, 42, ref);
	assert_string_equal(ref, "RPT-2026-00042");
	intake_ref_format(2026, 123456, ref);
	assert_string_equal(ref, "RPT-2026-123456");
}

/* A store with a police agency, a Migrant Resource Centre, a shelter and
 * another police agency, and their people. */
static int
setup(void **state)
{
	static const char *const agencies[][2] = {
		{ "KRI-MOI", "law_enforcement" },
		{ "KRI-MRC", "migrant_resource_centre" },
		{ "KRI-SHL", "shelter" },
		{ "IQ-MOI", "law_enforcement" },
		{ "KRI-BGD", "border_guard" },
	};
	static const char *const users[][3] = {
		{ "sup", "KRI-MOI", "supervisor" },
		{ "inv", "KRI-MOI", "investigator" },
		{ "cwk", "KRI-MOI", "caseworker" },
		{ "mrc", "KRI-MRC", "caseworker" },
		{ "mrc.sup", "KRI-MRC", "supervisor" },
		{ "other", "IQ-MOI", "supervisor" },
		{ "analyst", "KRI-MRC", "analyst" },
	};
	struct unit_env *env = unit_env_new();

	if (!env)
		return -1;
	unit_people(env, agencies, ARRAY_SIZE(agencies), users,
	    ARRAY_SIZE(users), PASSWORD);
	*state = env;
	return 0;
}

static int
teardown(void **state)
{
	return unit_env_teardown(state);
}

static struct intake_input
good(void)
{
	return (struct intake_input){ .to = "KRI-MOI",
	    .what = "Two women kept in a flat, their passports taken",
	    .where = "Ankawa, the street behind the bakery",
	    .when = "since March", .at_risk = "Two women from abroad",
	    .people = "2", .children = "no",
	    .contact_name = "Shilan", .contact = "+964 750 111 2222",
	    .contact_times = "mornings", .urgent = true,
	    .suspected = "trafficking" };
}

static void
test_refusals(void **state)
{
	struct unit_env *env = *state;
	struct intake_input rows[14];
	static const char *const fields[14] = {
		"what", "what", "to", "to", "to", "people", "people",
		"people", "children", "suspected", "when", "what",
		"contact", "to",
	};
	char long_text[INPUT_TEXT_MAX + 10];
	struct intake_row r;
	int64_t audited;

	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		rows[i] = good();
	rows[0].what = NULL;
	rows[1].what = "   ";
	rows[2].to = "NO-SUCH";
	rows[3].to = "KRI-SHL";		/* a shelter receives no reports */
	rows[4].to = "KRI-MRC";
	rows[5].people = "0";
	rows[6].people = "many";
	rows[7].people = "100001";
	rows[8].children = "some";
	rows[9].suspected = "fraud";
	rows[10].when = "2999-01-01";
	rows[11].what = long_text;
	rows[12].contact = "line one\nline two";
	rows[13].to = NULL;		/* an MRC's own is no receiver */
	unit_as(env, "mrc");
	audited = unit_audit_count(env);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct err err = ERR_INIT;

		if (intake_report(&env->ctx, &rows[i], &r, &err) == 0)
			fail_msg("row %zu: accepted, want %s refused", i,
			    fields[i]);
		if (!STREQ(err.field, fields[i]))
			fail_msg("row %zu: field \"%s\" (%s), want \"%s\"", i,
			    err.field, err.msg, fields[i]);
		if (!unit_contains(err.msg, ": "))
			fail_msg("row %zu: \"%s\" says no fix", i, err.msg);
	}
	assert_int_equal(unit_audit_count(env), audited);
	/* Without --to, the message names the agencies that receive. */
	{
		struct err err = ERR_INIT;

		assert_int_equal(intake_report(&env->ctx, &rows[13], &r,
		    &err), -1);
		assert_true(unit_contains(err.msg, "IQ-MOI, KRI-BGD, KRI-MOI"));
	}
	unit_as(env, "analyst");
	{
		struct err err = ERR_INIT;

		assert_int_equal(intake_report(&env->ctx, &rows[0], &r,
		    &err), -1);
		assert_int_equal(err.code, ERR_FORBIDDEN);
	}
}

/* The step id of the work list of the actor, for case ref. */
static bool
on_work_list(struct unit_env *env, const char *ref, const char *step)
{
	struct work w;

	must(work_list(&env->ctx, &w, &env->err), env, "work");
	for (size_t i = 0; i < w.n; i++)
		if (STREQ(w.items[i].c->ref, ref) &&
		    STREQ(w.items[i].s->id, step))
			return true;
	return false;
}

static void
test_report_opens_a_case(void **state)
{
	struct unit_env *env = *state;
	struct intake_input in = good();
	const struct step_status *safety;
	struct intake_row r;
	struct intake_view v;
	struct case_steps cs;
	struct case_view cv;
	struct store_sealed_value *sealed;
	size_t n;

	unit_as(env, "mrc");
	must(intake_report(&env->ctx, &in, &r, &env->err), env, "report");
	assert_true(unit_contains(r.ref, "RPT-"));
	assert_false(r.anonymous);
	/* The case: the receiving agency's, unclassified, led by its
	 * supervisor, its first-contact step due within two hours. */
	unit_as(env, "inv");
	must(case_show(&env->ctx, r.case_ref, false, &cv, &env->err), env,
	    "case");
	assert_int_equal(cv.c.kind, CASE_KIND_UNCLASSIFIED);
	assert_string_equal(cv.c.lead_username, "sup");
	assert_string_equal(cv.c.summary, in.what);
	must(case_steps(&env->ctx, r.case_ref, &cs, &env->err), env, "steps");
	safety = engine_step(&cs.r, "ensure_immediate_safety");
	assert_non_null(safety);
	assert_int_equal(safety->state, STEP_STATE_READY);
	assert_true(safety->due_at > cs.in.now);
	assert_true(safety->due_at <= cs.in.now + 2 * 3600);
	assert_true(on_work_list(env, r.case_ref, "ensure_immediate_safety"));
	unit_as(env, "sup");
	assert_true(on_work_list(env, r.case_ref, "ensure_immediate_safety"));
	/* The texts are sealed at rest. */
	must(store_sealed_batch(env->ctx.store, STORE_SEALED_INTAKE_WHAT, 0,
	    10, env->ctx.arena, &sealed, &n, &env->err), env, "sealed");
	assert_int_equal(n, 1);
	assert_false(unit_contains(sealed[0].value, "passports"));
	assert_true(vault_field_version(sealed[0].value) > 0);
	/* The receiving agency reads it whole. */
	must(intake_show(&env->ctx, r.ref, &v, &env->err), env, "show");
	assert_int_equal(v.sight, INTAKE_SIGHT_RECEIVER);
	assert_string_equal(v.r.what, in.what);
	assert_string_equal(v.r.contact, in.contact);
	assert_string_equal(v.r.case_ref, r.case_ref);
	/* The reporter sees where it stands, not the case nor the texts. */
	unit_as(env, "mrc");
	must(intake_show(&env->ctx, r.ref, &v, &env->err), env, "reporter");
	assert_int_equal(v.sight, INTAKE_SIGHT_REPORTER);
	assert_null(v.r.what);
	assert_null(v.r.contact);
	assert_int_equal(case_show(&env->ctx, r.case_ref, false, &cv,
	    &env->err), -1);
	assert_int_equal(env->err.code, ERR_NOT_FOUND);
	/* Nor the reporter's supervisor, nor a third agency. */
	unit_as(env, "mrc.sup");
	assert_int_equal(intake_show(&env->ctx, r.ref, &v, &env->err), -1);
	assert_int_equal(env->err.code, ERR_NOT_FOUND);
	unit_as(env, "other");
	assert_int_equal(intake_show(&env->ctx, r.ref, &v, &env->err), -1);
	assert_int_equal(env->err.code, ERR_NOT_FOUND);
	assert_int_equal(intake_acknowledge(&env->ctx, r.ref, &env->err), -1);
	assert_int_equal(env->err.code, ERR_NOT_FOUND);
}

static void
test_anonymous(void **state)
{
	struct unit_env *env = *state;
	struct intake_input in = good();
	struct intake_row r;

	in.contact = NULL;
	in.contact_times = NULL;
	in.urgent = false;
	unit_as(env, "mrc");
	must(intake_report(&env->ctx, &in, &r, &env->err), env, "report");
	assert_true(r.anonymous);
	/* A receiving agency's own investigator reports to it by default,
	 * and leads the case. */
	unit_as(env, "inv");
	in = good();
	in.to = NULL;
	must(intake_report(&env->ctx, &in, &r, &env->err), env, "own");
	assert_string_equal(r.agency, "KRI-MOI");
	{
		struct case_view cv;

		must(case_show(&env->ctx, r.case_ref, false, &cv, &env->err),
		    env, "case");
		assert_string_equal(cv.c.lead_username, "inv");
	}
}

static void
test_acknowledge_and_link(void **state)
{
	struct unit_env *env = *state;
	struct intake_input in = good();
	struct intake_row a, b, *rows;
	struct intake_view v;
	struct case_row closed;
	size_t n;
	bool found = false;

	unit_as(env, "mrc");
	must(intake_report(&env->ctx, &in, &a, &env->err), env, "a");
	in.urgent = false;
	must(intake_report(&env->ctx, &in, &b, &env->err), env, "b");
	/* Urgent and not acknowledged: first on the urgent list. */
	unit_as(env, "sup");
	must(intake_list(&env->ctx, &(struct intake_query){ .urgent = true },
	    &rows, &n, &env->err), env, "urgent");
	for (size_t i = 0; i < n; i++) {
		assert_true(rows[i].urgent && !rows[i].acknowledged_at);
		assert_null(rows[i].what);
		found = found || STREQ(rows[i].ref, a.ref);
	}
	assert_true(found);
	/* A caseworker of the receiving agency does not triage. */
	unit_as(env, "cwk");
	assert_int_equal(intake_acknowledge(&env->ctx, a.ref, &env->err), -1);
	assert_int_equal(env->err.code, ERR_FORBIDDEN);
	unit_as(env, "inv");
	must(intake_acknowledge(&env->ctx, a.ref, &env->err), env, "ack");
	assert_int_equal(intake_acknowledge(&env->ctx, a.ref, &env->err), -1);
	assert_int_equal(env->err.code, ERR_CONFLICT);
	must(intake_list(&env->ctx, &(struct intake_query){ .urgent = true },
	    &rows, &n, &env->err), env, "urgent");
	for (size_t i = 0; i < n; i++)
		assert_false(STREQ(rows[i].ref, a.ref));
	/* Linking: both show it; twice is a conflict; undone, it is gone. */
	assert_int_equal(intake_link(&env->ctx, a.ref, a.ref, &env->err), -1);
	assert_string_equal(env->err.field, "other");
	must(intake_link(&env->ctx, b.ref, a.ref, &env->err), env, "link");
	assert_int_equal(intake_link(&env->ctx, a.ref, b.ref, &env->err), -1);
	assert_int_equal(env->err.code, ERR_CONFLICT);
	must(intake_show(&env->ctx, a.ref, &v, &env->err), env, "a");
	assert_int_equal(v.n_links, 1);
	assert_string_equal(v.links[0].other_ref, b.ref);
	must(intake_show(&env->ctx, b.ref, &v, &env->err), env, "b");
	assert_int_equal(v.n_links, 1);
	assert_string_equal(v.links[0].other_ref, a.ref);
	must(intake_unlink(&env->ctx, a.ref, b.ref, &env->err), env, "undo");
	assert_int_equal(intake_unlink(&env->ctx, a.ref, b.ref, &env->err),
	    -1);
	assert_int_equal(env->err.code, ERR_CONFLICT);
	must(intake_show(&env->ctx, a.ref, &v, &env->err), env, "a");
	assert_int_equal(v.n_links, 0);
	must(intake_link(&env->ctx, a.ref, b.ref, &env->err), env, "again");
	/* The reporter is told where it stands: acknowledged, then closed
	 * once the case is. */
	unit_as(env, "mrc");
	must(intake_show(&env->ctx, a.ref, &v, &env->err), env, "mine");
	assert_int_equal(intake_status(&v.r), INTAKE_ACKNOWLEDGED);
	assert_int_equal(v.n_links, 0);
	unit_as(env, "sup");
	must(case_close(&env->ctx, a.case_ref, "Nobody found at the address",
	    &closed, &env->err), env, "close");
	unit_as(env, "mrc");
	must(intake_show(&env->ctx, a.ref, &v, &env->err), env, "closed");
	assert_int_equal(intake_status(&v.r), INTAKE_CLOSED);
	/* And a report another agency received is not the actor's to link. */
	unit_as(env, "mrc");
	in.to = "IQ-MOI";
	must(intake_report(&env->ctx, &in, &b, &env->err), env, "iq");
	unit_as(env, "sup");
	assert_int_equal(intake_link(&env->ctx, a.ref, b.ref, &env->err), -1);
	assert_int_equal(env->err.code, ERR_NOT_FOUND);
	assert_string_equal(env->err.field, "other");
}

/* How many cases and reports agency KRI-MOI has. */
static void
counts(struct unit_env *env, size_t *cases, size_t *reports)
{
	struct case_row *c;
	struct intake_row *r;
	struct agency_row a;

	must(store_agency_by_code(env->ctx.store, "KRI-MOI", env->ctx.arena,
	    &a, &env->err), env, "agency");
	must(store_case_list(env->ctx.store, &(struct case_filter){
	    .agency_id = a.id }, env->ctx.arena, &c, cases, &env->err), env,
	    "cases");
	must(store_intake_list(env->ctx.store, &(struct intake_filter){
	    .agency_id = a.id, .limit = 500 }, env->ctx.arena, &r, reports,
	    &env->err), env, "reports");
}

/* A report that fails at any statement leaves no case, no report, no
 * audit record and no number used behind. */
static void
test_nothing_half_written(void **state)
{
	struct unit_env *env = *state;
	struct intake_input in = good();
	struct intake_row r;
	size_t cases, reports, c2, r2;
	int64_t audited;
	char want[INTAKE_REF_SIZE];
	int n;

	unit_as(env, "mrc");
	counts(env, &cases, &reports);
	audited = unit_audit_count(env);
	for (n = 1; n < 500; n++) {
		int rc;

		store_fault_after(env->ctx.store, n);
		rc = intake_report(&env->ctx, &in, &r, &env->err);
		store_fault_after(env->ctx.store, 0);
		if (rc == 0)
			break;
		counts(env, &c2, &r2);
		if (c2 != cases || r2 != reports ||
		    unit_audit_count(env) != audited)
			fail_msg("failing statement %d: %zu cases, %zu reports "
			    "(want %zu, %zu)", n, c2, r2, cases, reports);
	}
	assert_true(n > 5);
	intake_ref_format(r.year, 1, want);
	assert_string_equal(r.ref, want);
	counts(env, &c2, &r2);
	assert_int_equal(c2, cases + 1);
	assert_int_equal(r2, reports + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_receives),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_sight),
		cmocka_unit_test(test_lead),
		cmocka_unit_test(test_ref_format),
		cmocka_unit_test_setup_teardown(test_refusals, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_report_opens_a_case,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_anonymous, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_acknowledge_and_link,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_half_written,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
