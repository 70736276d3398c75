/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_engine.c - step states from a case's facts, one table row per
 * situation, on a small SOP that uses every kind of rule: dependencies,
 * conditions, gates and the three kinds of due time.
 *
 * Each row gives the people, events, facts and time, and the states it
 * must produce as "step:state" words; a state may carry the gate that
 * blocks it as "step:blocked/gate".
 */
#include <inttypes.h>
#include <stdio.h>

#include "core/engine.h"
#include "core/sop.h"
#include "base/date.h"
#include "unit.h"
#include "base/banned.h"

#define T(s)	"{\"en\": \"" s "\"}"
#define STEP(id, extra)							\
	"{\"id\": \"" id "\", \"title\": " T(id) ", \"guidance\": "	\
	T("Do " id ".") ", \"roles\": [\"investigator\", \"supervisor\"], " \
	"\"mandatory\": true" extra "}"

static const char test_sop[] =
    "{\"format\": \"tipsom-sop/1\", \"id\": \"test\", \"version\": 1, "
    "\"title\": " T("Test SOP") ", \"case_kinds\": [\"tip\"], "
    "\"phases\": [{\"id\": \"p1\", \"title\": " T("First") ", \"steps\": ["
    STEP("safety", ", \"due\": {\"from\": \"case_opened\", "
	"\"within\": \"PT2H\"}") ","
    STEP("interpret", ", \"applies_when\": [\"interpreter_needed\"], "
	"\"due\": {\"from\": \"case_opened\", \"within\": \"PT12H\"}") ","
    STEP("rights", ", \"depends_on\": [\"safety\", \"interpret\"], "
	"\"gates\": [\"interpreter_if_needed\"]") ","
    STEP("child_care", ", \"applies_when\": [\"child_present\"], "
	"\"gates\": [\"guardian_for_child\", "
	"\"best_interests_assessment\"]") "]},"
    "{\"id\": \"p2\", \"title\": " T("Second") ", \"steps\": ["
    STEP("screen", ", \"depends_on\": [\"rights\"], \"gates\": "
	"[\"informed_consent\", \"screening_done\"]") ","
    STEP("statement", ", \"depends_on\": [\"screen\"], \"gates\": "
	"[\"reflection_period_over_or_waived\", \"supervisor_approval\"], "
	"\"due\": {\"from\": \"step:screen\", \"within\": \"P1D\"}") ","
    STEP("risk", ", \"applies_when\": [\"presumed_victim_present\"], "
	"\"gates\": [\"risk_assessment_done\"], \"due\": {\"from\": "
	"\"victim_identified\", \"within\": \"P2D\"}") ","
    STEP("som_only", ", \"applies_when\": [\"kind:som\"]") ","
    STEP("legal", ", \"gates\": [\"legal_assessment_done\"]") ","
    STEP("foreigners", ", \"applies_when\": "
	"[\"foreign_national_present\"]") "]}]}";

#define OPENED		"2026-01-10T08:00:00.000Z"
#define HOUR		3600
#define DAY		86400

enum { MAX_ITEMS = 8 };

struct row {
	const char			*name;
	enum case_kind			 kind;
	int64_t				 after;	/* seconds after opening */
	struct engine_person		 people[MAX_ITEMS];
	struct step_event_row		 events[MAX_ITEMS];
	struct case_fact_row		 facts[MAX_ITEMS];
	int64_t				 screened[MAX_ITEMS];
	bool				 classified;
	const char			*want;	/* "step:state[/gate] ..." */
	const char			*next;	/* "a b c", or NULL: unchecked */
	int				 compliance;	/* -2: unchecked */
};

#define VICTIM(id, day)	{ .person_id = id, .role = CASE_ROLE_PRESUMED_VICTIM, \
	.identified_on = day }
#define DONE(s, t)	{ .step_id = s, .action = STEP_ACTION_DONE,	\
	.at = t, .username = "inv", .note = "" }
#define FACT(f, person)	{ .fact = f, .person_id = person }

static const struct row rows[] = {
	{ "a new case with nobody in it", CASE_KIND_TIP, 60, { { 0 } },
	    { { 0 } }, { { 0 } }, { 0 }, false,
	    "safety:ready interpret:not_applicable rights:pending "
	    "child_care:not_applicable screen:pending risk:not_applicable "
	    "som_only:not_applicable legal:blocked/legal_assessment_done "
	    "foreigners:not_applicable",
	    "safety legal", -1 },
	{ "safety past its two hours is overdue, and first", CASE_KIND_TIP,
	    3 * HOUR, { { 0 } }, { { 0 } }, { { 0 } }, { 0 }, false,
	    "safety:overdue rights:pending", "safety legal", -2 },
	{ "done late counts against compliance", CASE_KIND_TIP, 4 * HOUR,
	    { { 0 } }, { DONE("safety", "2026-01-10T11:00:00.000Z") },
	    { { 0 } }, { 0 }, false,
	    "safety:done rights:ready screen:pending", NULL, 0 },
	{ "done in time counts for it", CASE_KIND_TIP, 4 * HOUR, { { 0 } },
	    { DONE("safety", "2026-01-10T09:00:00.000Z") }, { { 0 } },
	    { 0 }, false, "safety:done rights:ready", "rights legal", 100 },
	{ "an interpreter needed makes the step apply and gates rights",
	    CASE_KIND_TIP, HOUR, { { .person_id = 3,
	    .role = CASE_ROLE_WITNESS, .needs_interpreter = true } },
	    { DONE("safety", "2026-01-10T08:30:00.000Z"),
	    DONE("interpret", "2026-01-10T08:40:00.000Z") }, { { 0 } },
	    { 0 }, false,
	    "interpret:done rights:blocked/interpreter_if_needed", NULL, -2 },
	{ "the interpreter recorded opens the gate", CASE_KIND_TIP, HOUR,
	    { { .person_id = 3, .role = CASE_ROLE_WITNESS,
	    .needs_interpreter = true } },
	    { DONE("safety", "2026-01-10T08:30:00.000Z"),
	    DONE("interpret", "2026-01-10T08:40:00.000Z") },
	    { FACT(CASE_FACT_INTERPRETER, 3) }, { 0 }, false,
	    "rights:ready", NULL, -2 },
	{ "a suspect needing an interpreter does not count", CASE_KIND_TIP,
	    HOUR, { { .person_id = 4, .role = CASE_ROLE_SUSPECT,
	    .needs_interpreter = true, .child = true, .foreign = true } },
	    { { 0 } }, { { 0 } }, { 0 }, false,
	    "interpret:not_applicable child_care:not_applicable "
	    "foreigners:not_applicable", NULL, -2 },
	{ "a child victim: guardian first, then best interests",
	    CASE_KIND_TIP, HOUR, { { .person_id = 5,
	    .role = CASE_ROLE_PRESUMED_VICTIM, .child = true,
	    .identified_on = "2026-01-10" } }, { { 0 } }, { { 0 } }, { 0 },
	    false, "child_care:blocked/guardian_for_child risk:blocked/"
	    "risk_assessment_done", NULL, -2 },
	{ "with a guardian, the best-interests assessment is missing",
	    CASE_KIND_TIP, HOUR, { { .person_id = 5,
	    .role = CASE_ROLE_PRESUMED_VICTIM, .child = true,
	    .identified_on = "2026-01-10" }, { .person_id = 6,
	    .role = CASE_ROLE_GUARDIAN } }, { { 0 } }, { { 0 } }, { 0 },
	    false, "child_care:blocked/best_interests_assessment", NULL, -2 },
	{ "guardian and assessment: ready", CASE_KIND_TIP, HOUR,
	    { { .person_id = 5, .role = CASE_ROLE_PRESUMED_VICTIM,
	    .child = true, .identified_on = "2026-01-10" },
	    { .person_id = 6, .role = CASE_ROLE_GUARDIAN } }, { { 0 } },
	    { FACT(CASE_FACT_BEST_INTERESTS_ASSESSMENT, 5) }, { 0 }, false,
	    "child_care:ready", NULL, -2 },
	{ "screening needs consent of every victim, then a screening",
	    CASE_KIND_TIP, HOUR, { VICTIM(7, "2026-01-10"),
	    VICTIM(8, "2026-01-10") },
	    { DONE("safety", "2026-01-10T08:30:00.000Z"),
	    DONE("rights", "2026-01-10T08:40:00.000Z") },
	    { FACT(CASE_FACT_INFORMED_CONSENT, 7) }, { 7 }, false,
	    "screen:blocked/informed_consent", NULL, -2 },
	{ "consent of both but one not screened", CASE_KIND_TIP, HOUR,
	    { VICTIM(7, "2026-01-10"), VICTIM(8, "2026-01-10") },
	    { DONE("safety", "2026-01-10T08:30:00.000Z"),
	    DONE("rights", "2026-01-10T08:40:00.000Z") },
	    { FACT(CASE_FACT_INFORMED_CONSENT, 7),
	    FACT(CASE_FACT_INFORMED_CONSENT, 8) }, { 7 }, false,
	    "screen:blocked/screening_done", NULL, -2 },
	{ "both screened: ready", CASE_KIND_TIP, HOUR,
	    { VICTIM(7, "2026-01-10"), VICTIM(8, "2026-01-10") },
	    { DONE("safety", "2026-01-10T08:30:00.000Z"),
	    DONE("rights", "2026-01-10T08:40:00.000Z") },
	    { FACT(CASE_FACT_INFORMED_CONSENT, 7),
	    FACT(CASE_FACT_INFORMED_CONSENT, 8) }, { 7, 8 }, false,
	    "screen:ready", NULL, -2 },
	{ "the reflection period holds the statement back", CASE_KIND_TIP,
	    5 * DAY, { VICTIM(7, "2026-01-10") },
	    { DONE("safety", "2026-01-10T08:30:00.000Z"),
	    DONE("rights", "2026-01-10T08:40:00.000Z"),
	    DONE("screen", "2026-01-11T08:00:00.000Z") }, { { 0 } }, { 7 },
	    false, "statement:overdue/reflection_period_over_or_waived "
	    "risk:overdue/risk_assessment_done", NULL, -2 },
	{ "a waiver by the victim leaves the supervisor's approval",
	    CASE_KIND_TIP, 5 * DAY, { VICTIM(7, "2026-01-10") },
	    { DONE("safety", "2026-01-10T08:30:00.000Z"),
	    DONE("rights", "2026-01-10T08:40:00.000Z"),
	    DONE("screen", "2026-01-11T08:00:00.000Z") },
	    { FACT(CASE_FACT_REFLECTION_WAIVED, 0) }, { 7 }, false,
	    "statement:overdue/supervisor_approval", NULL, -2 },
	{ "after thirty days only the approval is missing", CASE_KIND_TIP,
	    31 * DAY, { VICTIM(7, "2026-01-10") },
	    { DONE("safety", "2026-01-10T08:30:00.000Z"),
	    DONE("rights", "2026-01-10T08:40:00.000Z"),
	    DONE("screen", "2026-01-11T08:00:00.000Z") }, { { 0 } }, { 7 },
	    false, "statement:overdue/supervisor_approval", NULL, -2 },
	{ "approval of another step does not count", CASE_KIND_TIP,
	    31 * DAY, { VICTIM(7, "2026-01-10") },
	    { DONE("safety", "2026-01-10T08:30:00.000Z"),
	    DONE("rights", "2026-01-10T08:40:00.000Z"),
	    DONE("screen", "2026-01-11T08:00:00.000Z") },
	    { { .fact = CASE_FACT_SUPERVISOR_APPROVAL, .step_id = "risk" } },
	    { 7 }, false, "statement:overdue/supervisor_approval", NULL, -2 },
	{ "approval of the step opens it", CASE_KIND_TIP, 31 * DAY,
	    { VICTIM(7, "2026-01-10") },
	    { DONE("safety", "2026-01-10T08:30:00.000Z"),
	    DONE("rights", "2026-01-10T08:40:00.000Z"),
	    DONE("screen", "2026-01-11T08:00:00.000Z") },
	    { { .fact = CASE_FACT_SUPERVISOR_APPROVAL,
	    .step_id = "statement" } }, { 7 }, false, "statement:overdue",
	    NULL, -2 },
	{ "a step due from another is not due before it", CASE_KIND_TIP,
	    40 * DAY, { { 0 } }, { { 0 } }, { { 0 } }, { 0 }, false,
	    "statement:pending", NULL, -2 },
	{ "a skipped step is not applicable and unblocks", CASE_KIND_TIP,
	    HOUR, { { 0 } }, { DONE("safety", "2026-01-10T08:30:00.000Z"),
	    { .step_id = "rights", .action = STEP_ACTION_SKIPPED,
	    .at = "2026-01-10T08:40:00.000Z", .username = "sup",
	    .note = "no one to inform" } }, { { 0 } }, { 0 }, false,
	    "rights:not_applicable screen:blocked/informed_consent", NULL,
	    -2 },
	{ "a reopened step is open again", CASE_KIND_TIP, HOUR, { { 0 } },
	    { DONE("safety", "2026-01-10T08:30:00.000Z"),
	    { .step_id = "safety", .action = STEP_ACTION_REOPENED,
	    .at = "2026-01-10T08:35:00.000Z", .username = "sup",
	    .note = "wrong case" } }, { { 0 } }, { 0 }, false,
	    "safety:ready rights:pending", NULL, -2 },
	{ "kind conditions follow the classification", CASE_KIND_SOM, HOUR,
	    { { 0 } }, { { 0 } }, { { 0 } }, { 0 }, true,
	    "som_only:ready legal:ready", NULL, -2 },
	{ "a foreign victim", CASE_KIND_TIP, HOUR,
	    { { .person_id = 9, .role = CASE_ROLE_VICTIM, .foreign = true,
	    .identified_on = "2026-01-10" } }, { { 0 } }, { { 0 } }, { 0 },
	    false, "foreigners:ready risk:blocked/risk_assessment_done",
	    NULL, -2 },
	{ "a done step stays done when its condition no longer holds",
	    CASE_KIND_TIP, HOUR, { { 0 } },
	    { DONE("interpret", "2026-01-10T08:10:00.000Z") }, { { 0 } },
	    { 0 }, false, "interpret:done", NULL, -2 },
};

static size_t
count_events(const struct row *r)
{
	size_t n = 0;

	while (n < MAX_ITEMS && r->events[n].step_id)
		n++;
	return n;
}

static size_t
count_people(const struct row *r)
{
	size_t n = 0;

	while (n < MAX_ITEMS && r->people[n].person_id)
		n++;
	return n;
}

static size_t
count_facts(const struct row *r)
{
	size_t n = 0;

	while (n < MAX_ITEMS && (r->facts[n].person_id ||
	    r->facts[n].step_id || r->facts[n].fact))
		n++;
	return n;
}

static size_t
count_screened(const struct row *r)
{
	size_t n = 0;

	while (n < MAX_ITEMS && r->screened[n])
		n++;
	return n;
}

static void
check_word(const struct row *row, const struct engine_result *r,
    const char *word)
{
	char step[64], state[32], gate[64] = "";
	const struct step_status *s;

	if (sscanf(word, "%63[^:]:%31[^/ ]/%63s", step, state, gate) < 2)
		fail_msg("%s: bad expectation \"%s\"", row->name, word);
	s = engine_step(r, step);
	if (!s)
		fail_msg("%s: no step %s", row->name, step);
	if (!STREQ(enum_name(&step_state_desc, s->state), state))
		fail_msg("%s: %s is %s (%s), want %s", row->name, step,
		    enum_name(&step_state_desc, s->state),
		    s->reason ? s->reason : "no reason", state);
	if (*gate && (!s->gate || !STREQ(s->gate, gate)))
		fail_msg("%s: %s is held by gate %s, want %s", row->name, step,
		    s->gate ? s->gate : "none", gate);
	if ((s->state == STEP_STATE_NOT_APPLICABLE ||
	    s->state == STEP_STATE_BLOCKED ||
	    s->state == STEP_STATE_PENDING) && !s->reason)
		fail_msg("%s: %s is %s without a reason", row->name, step,
		    state);
}

static void
check_next(const struct row *row, const struct engine_result *r)
{
	char got[256] = "";
	size_t len = 0;

	for (size_t i = 0; i < r->n_next && len < sizeof(got); i++)
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s",
		    i ? " " : "", r->steps[r->next[i]].id);
	if (!STREQ(got, row->next))
		fail_msg("%s: next is \"%s\", want \"%s\"", row->name, got,
		    row->next);
}

static void
test_states(void **state)
{
	struct arena *a = *state;
	struct err err = ERR_INIT;
	struct sop *sop = sop_parse(test_sop, sizeof(test_sop) - 1, &err);
	int64_t opened;

	if (!sop)
		fail_msg("the test SOP does not parse: %s", err.msg);
	assert_int_equal(date_seconds_parse(OPENED, &opened), 0);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct row *row = &rows[i];
		struct engine_case in = { .sop = sop, .ref = "T-2026-000001",
		    .kind = row->kind, .opened_at = OPENED,
		    .people = row->people, .n_people = count_people(row),
		    .events = row->events, .n_events = count_events(row),
		    .facts = row->facts, .n_facts = count_facts(row),
		    .screened = row->screened,
		    .n_screened = count_screened(row),
		    .classified = row->classified,
		    .now = opened + row->after };
		struct engine_result r;
		char want[512], *save = NULL;

		engine_run(&in, a, &r);
		assert_int_equal(r.n_steps, 10);
		snprintf(want, sizeof(want), "%s", row->want);
		for (char *w = strtok_r(want, " ", &save); w;
		    w = strtok_r(NULL, " ", &save))
			check_word(row, &r, w);
		if (row->next)
			check_next(row, &r);
		if (row->compliance != -2 && r.compliance != row->compliance)
			fail_msg("%s: compliance %d, want %d", row->name,
			    r.compliance, row->compliance);
	}
	sop_free(&sop);
}

/* A supervisor doing the step is the approval it needs. */
static void
test_supervisor_is_the_approval(void **state)
{
	struct arena *a = *state;
	struct err err = ERR_INIT;
	struct sop *sop = sop_parse(test_sop, sizeof(test_sop) - 1, &err);
	struct engine_case in = { .sop = sop, .ref = "T-2026-000001",
	    .kind = CASE_KIND_TIP, .opened_at = OPENED };
	struct engine_result r;
	const char *why;

	assert_non_null(sop);
	engine_run(&in, a, &r);
	assert_string_equal(engine_unmet_gate(&in, engine_step(&r,
	    "statement")->def, false, a, &why, NULL), "supervisor_approval");
	assert_true(unit_contains(why, "supervisor_approval) of step "
	    "statement"));
	assert_null(engine_unmet_gate(&in, engine_step(&r,
	    "statement")->def, true, a, &why, NULL));
	assert_null(engine_step(&r, "nonesuch"));
	sop_free(&sop);
}

/* The reasons name the fix, in words for the API and the UI too. */
static void
test_reasons_name_the_fix(void **state)
{
	struct arena *a = *state;
	struct err err = ERR_INIT;
	struct sop *sop = sop_parse(test_sop, sizeof(test_sop) - 1, &err);
	struct engine_person child = { .person_id = 5,
	    .role = CASE_ROLE_PRESUMED_VICTIM, .child = true,
	    .identified_on = "2026-01-10" };
	struct engine_case in = { .sop = sop, .ref = "T-2026-000001",
	    .kind = CASE_KIND_TIP, .opened_at = OPENED, .people = &child,
	    .n_people = 1 };
	struct engine_result r;

	assert_non_null(sop);
	assert_int_equal(date_seconds_parse(OPENED, &in.now), 0);
	engine_run(&in, a, &r);
	assert_true(unit_contains(engine_step(&r, "child_care")->reason,
	    "add the child's guardian to the case"));
	assert_true(unit_contains(engine_step(&r, "som_only")->reason,
	    "classified tip, not som"));
	assert_true(unit_contains(engine_step(&r, "risk")->reason,
	    "record one (risk_assessment)"));
	for (size_t i = 0; i < r.n_steps; i++)
		if (r.steps[i].reason)
			assert_false(unit_contains(r.steps[i].reason,
			    "tipsom "));
	sop_free(&sop);
}

/*
 * What a reader needs to act on a step that is not ready, in parts: the
 * condition that fails, the steps waited for, the gate's person and
 * fact, nobody to ask yet, the reflection period's last day.
 */
static void
test_what_opens_a_gate(void **state)
{
	static const struct engine_person child[] = { { .person_id = 5,
	    .role = CASE_ROLE_PRESUMED_VICTIM, .child = true,
	    .identified_on = "2026-01-10" } };
	static const struct engine_person guarded[] = { { .person_id = 5,
	    .role = CASE_ROLE_PRESUMED_VICTIM, .child = true,
	    .identified_on = "2026-01-10" }, { .person_id = 6,
	    .role = CASE_ROLE_GUARDIAN } };
	static const struct step_event_row walked[] = {
	    DONE("safety", "2026-01-10T08:30:00.000Z"),
	    DONE("rights", "2026-01-10T08:40:00.000Z"),
	    DONE("screen", "2026-01-10T08:50:00.000Z") };
	static const struct step_event_row safe[] = {
	    DONE("safety", "2026-01-10T08:30:00.000Z"),
	    DONE("rights", "2026-01-10T08:40:00.000Z") };
	static const struct {
		const char			*step;
		const struct engine_person	*people;
		size_t				 n_people;
		const struct step_event_row	*events;
		size_t				 n_events;
		const char			*condition;
		const char			*waiting;	/* first */
		const char			*gate;
		int64_t				 person;
		const char			*fact;
		bool				 nobody;
		const char			*until;
	} needs[] = {
		{ "som_only", NULL, 0, NULL, 0, "kind:som", NULL, NULL, 0,
		    NULL, false, NULL },
		{ "interpret", NULL, 0, NULL, 0, "interpreter_needed", NULL,
		    NULL, 0, NULL, false, NULL },
		{ "screen", NULL, 0, NULL, 0, NULL, "rights", NULL, 0, NULL,
		    false, NULL },
		{ "screen", NULL, 0, safe, ARRAY_SIZE(safe), NULL, NULL,
		    "informed_consent", 0, NULL, true, NULL },
		{ "screen", child, 1, safe, ARRAY_SIZE(safe), NULL, NULL,
		    "informed_consent", 5, "informed_consent", false, NULL },
		{ "child_care", child, 1, NULL, 0, NULL, NULL,
		    "guardian_for_child", 0, NULL, false, NULL },
		{ "child_care", guarded, 2, NULL, 0, NULL, NULL,
		    "best_interests_assessment", 5,
		    "best_interests_assessment", false, NULL },
		{ "risk", child, 1, NULL, 0, NULL, NULL,
		    "risk_assessment_done", 0, "risk_assessment", false,
		    NULL },
		{ "statement", child, 1, walked, ARRAY_SIZE(walked), NULL,
		    NULL, "reflection_period_over_or_waived", 0,
		    "reflection_waived", false, "2026-02-09" },
	};
	struct arena *a = *state;
	struct err err = ERR_INIT;
	struct sop *sop = sop_parse(test_sop, sizeof(test_sop) - 1, &err);

	assert_non_null(sop);
	for (size_t i = 0; i < ARRAY_SIZE(needs); i++) {
		struct engine_case in = { .sop = sop, .ref = "T-2026-000001",
		    .kind = CASE_KIND_TIP, .opened_at = OPENED,
		    .people = needs[i].people, .n_people = needs[i].n_people,
		    .events = needs[i].events, .n_events = needs[i].n_events };
		const struct step_status *s;
		struct engine_result r;

		assert_int_equal(date_seconds_parse(OPENED, &in.now), 0);
		in.now += HOUR;
		engine_run(&in, a, &r);
		s = engine_step(&r, needs[i].step);
		print_message("row %zu: %s (%s)\n", i, needs[i].step,
		    s->reason ? s->reason : "ready");
		assert_true(unit_str_same(s->condition, needs[i].condition));
		if (needs[i].waiting) {
			assert_true(s->n_waiting > 0);
			assert_string_equal(s->waiting[0], needs[i].waiting);
		} else {
			assert_int_equal(s->n_waiting, 0);
		}
		assert_true(unit_str_same(s->gate, needs[i].gate));
		assert_int_equal(s->need.person, needs[i].person);
		assert_true(unit_str_same(s->need.fact, needs[i].fact));
		assert_int_equal(s->need.nobody, needs[i].nobody);
		assert_true(unit_str_same(s->need.until, needs[i].until));
	}
	sop_free(&sop);
}

/*
 * What the SOP sets for protection: the length of the reflection period
 * (counted down, blocking the statement until it ends or the victim
 * chooses to end it) and a referral step done when a referral of the
 * case is accepted, unless the step was worked by hand.
 */
static const char protection_sop[] =
    "{\"format\": \"tipsom-sop/1\", \"id\": \"prot\", \"version\": 1, "
    "\"title\": " T("Protection") ", \"case_kinds\": [\"tip\"], "
    "\"reflection_period_days\": 10, "
    "\"phases\": [{\"id\": \"p1\", \"title\": " T("P") ", \"steps\": ["
    STEP("refer", ", \"done_when\": \"referral_accepted\", "
	"\"due\": {\"from\": \"victim_identified\", \"within\": \"P4D\"}")
    ","
    STEP("statement", ", \"gates\": [\"reflection_period_over_or_waived\"]")
    "]}]}";

static void
test_protection(void **state)
{
	static const struct engine_person victim[] = { VICTIM(2,
	    "2026-01-10") };
	static const struct step_event_row accepted = { .step_id = "",
	    .action = STEP_ACTION_DONE, .at = "2026-01-11T09:00:00.000Z",
	    .username = "r.aziz", .note = "referral 4 accepted by KRI-SHL" };
	static const struct step_event_row late = { .step_id = "",
	    .action = STEP_ACTION_DONE, .at = "2026-01-14T09:00:00.000Z",
	    .username = "r.aziz", .note = "referral 4 accepted by KRI-SHL" };
	static const struct step_event_row skipped[] = { { .step_id = "refer",
	    .action = STEP_ACTION_SKIPPED, .at = "2026-01-10T10:00:00.000Z",
	    .username = "sup", .note = "she refused any referral" } };
	static const struct step_event_row reopened[] = {
	    DONE("refer", "2026-01-10T10:00:00.000Z"), { .step_id = "refer",
	    .action = STEP_ACTION_REOPENED, .at = "2026-01-10T11:00:00.000Z",
	    .username = "sup", .note = "wrong case" } };
	static const struct case_fact_row waived[] = { {
	    .fact = CASE_FACT_REFLECTION_WAIVED,
	    .at = "2026-01-12T10:00:00.000Z" } };
	static const struct {
		const char			*name;
		int64_t				 day;	/* after identification */
		const struct step_event_row	*accepted;
		const struct step_event_row	*events;
		size_t				 n_events;
		const struct case_fact_row	*facts;
		const char			*want;
		bool				 running, waived, late;
		int				 days_left;
	} cases[] = {
		{ "day 3: seven days left, the statement waits", 3, NULL,
		    NULL, 0, NULL, "refer:ready "
		    "statement:blocked/reflection_period_over_or_waived",
		    true, false, false, 7 },
		{ "the last day still counts", 9, NULL, NULL, 0, NULL,
		    "statement:blocked", true, false, false, 1 },
		{ "day 10: over", 10, NULL, NULL, 0, NULL,
		    "statement:ready", false, false, false, 0 },
		{ "the victim chose to end it early", 3, NULL, NULL, 0, waived,
		    "statement:ready", false, true, false, 0 },
		{ "a referral accepted does the referral step", 3, &accepted,
		    NULL, 0, NULL, "refer:done", true, false, false, 7 },
		{ "accepted after the step's due time: done late", 5, &late,
		    NULL, 0, NULL, "refer:done", true, false, true, 5 },
		{ "skipped by hand stays skipped", 3, &accepted, skipped, 1,
		    NULL, "refer:not_applicable", true, false, false, 7 },
		{ "reopened by hand stays open", 3, &accepted, reopened, 2,
		    NULL, "refer:ready", true, false, false, 7 },
		{ "nobody identified: no period, nothing to refer", -1,
		    &accepted, NULL, 0, NULL, "statement:ready refer:done",
		    false, false, false, 0 },
	};
	struct arena *a = *state;
	struct err err = ERR_INIT;
	struct sop *sop = sop_parse(protection_sop,
	    sizeof(protection_sop) - 1, &err);
	int64_t identified;

	if (!sop)
		fail_msg("the protection SOP does not parse: %s", err.msg);
	assert_int_equal(date_seconds_parse("2026-01-10", &identified), 0);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct engine_case in = { .sop = sop, .ref = "T-2026-000002",
		    .kind = CASE_KIND_TIP, .opened_at = OPENED,
		    .people = victim, .n_people = cases[i].day < 0 ? 0 : 1,
		    .events = cases[i].events, .n_events = cases[i].n_events,
		    .facts = cases[i].facts, .n_facts = cases[i].facts ? 1 : 0,
		    .referral_accepted = cases[i].accepted,
		    .now = identified + (cases[i].day < 0 ? 3 : cases[i].day) *
		    DAY + HOUR };
		struct engine_result r;
		const struct engine_reflection *p = &r.reflection;
		const struct step_status *refer;
		struct row named = { .name = cases[i].name };
		char want[256], *save = NULL;

		engine_run(&in, a, &r);
		snprintf(want, sizeof(want), "%s", cases[i].want);
		for (char *w = strtok_r(want, " ", &save); w;
		    w = strtok_r(NULL, " ", &save))
			check_word(&named, &r, w);
		if (p->running != cases[i].running ||
		    p->waived != cases[i].waived ||
		    p->days_left != cases[i].days_left ||
		    p->started != (cases[i].day >= 0) || p->days != 10)
			fail_msg("%s: period running %d waived %d, %d days "
			    "left of %d", cases[i].name, p->running, p->waived,
			    p->days_left, p->days);
		if (p->started && p->until != identified + 10 * DAY)
			fail_msg("%s: the period ends at %" PRId64, cases[i].name,
			    p->until);
		refer = engine_step(&r, "refer");
		if (refer->state == STEP_STATE_DONE && cases[i].accepted &&
		    (refer->event != cases[i].accepted ||
		    refer->late != cases[i].late))
			fail_msg("%s: the referral step's event or lateness",
			    cases[i].name);
	}
	sop_free(&sop);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_states,
		    unit_arena_setup, unit_arena_teardown),
		cmocka_unit_test_setup_teardown(test_supervisor_is_the_approval,
		    unit_arena_setup, unit_arena_teardown),
		cmocka_unit_test_setup_teardown(test_reasons_name_the_fix,
		    unit_arena_setup, unit_arena_teardown),
		cmocka_unit_test_setup_teardown(test_what_opens_a_gate,
		    unit_arena_setup, unit_arena_teardown),
		cmocka_unit_test_setup_teardown(test_protection,
		    unit_arena_setup, unit_arena_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
