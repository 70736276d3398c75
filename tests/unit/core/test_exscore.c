/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_exscore.c - scoring an exercise on the test case study
 * (tests/data/training/case-study.json): one row per thing a trainee
 * does, with the score and the state of each item it must give.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "core/casestudy.h"
#include "core/exscore.h"
#include "unit.h"

#define VICTIM		1
#define RECRUITER	2

static struct case_study *
load(void)
{
	char path[4096];
	const char *dir = getenv("TEST_DATA");
	struct err err = ERR_INIT;
	struct case_study *cs;
	FILE *f;
	char *text;
	long len;

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/training/case-study.json", dir);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = malloc((size_t)len);
	assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	cs = case_study_parse(text, (size_t)len, &err);
	free(text);
	if (!cs)
		fail_msg("%s", err.msg);
	return cs;
}

/* What the trainee did, in a few words per row. */
struct did {
	const char	*name;
	int		 kind;		/* -1: not classified */
	const char	*elements;	/* an elements file, or NULL */
	int		 screened;	/* -1: not screened */
	bool		 referred;
	bool		 consent_withdrawn;
	const char	*steps[4];	/* done, in this order */
	enum case_role	 victim_role;
	const char	*fact;		/* a fact recorded, or NULL */
	const char	*refused;	/* a step refused, or NULL */
	/* What it must give. */
	int		 points, max, pending;
	const char	*states;	/* item id=state, "kind=right ..." */
};

#define ALL_ELEMENTS	"{\"tip\": {\"acts\": [\"transport\", " \
	"\"recruitment\"], \"means\": [\"deception\"], \"purposes\": " \
	"[\"sexual_exploitation\"]}, \"border_crossed\": true, " \
	"\"child_at_time\": false}"

static const struct did rows[] = {
	{ "nothing yet", -1, NULL, -1, false, false, { NULL },
	    CASE_ROLE_PRESUMED_VICTIM, NULL, NULL, 0, 12, 9,
	    "kind=pending tip.acts=pending screening:victim=pending "
	    "shelter:victim=pending victim_as_suspect=kept" },
	{ "all right", CASE_KIND_TIP, ALL_ELEMENTS, SCREENING_STRONG, true,
	    false, { "ensure_immediate_safety", "screen_for_indicators" },
	    CASE_ROLE_VICTIM, NULL, NULL, 12, 12, 0,
	    "kind=right tip.acts=right tip.means=right border_crossed=right "
	    "child_at_time=right screening:victim=right shelter:victim=right "
	    "ensure_immediate_safety>screen_for_indicators=right" },
	{ "smuggling, deception missed, possible", CASE_KIND_SOM,
	    "{\"tip\": {\"acts\": [\"recruitment\", \"transport\"], "
	    "\"purposes\": [\"sexual_exploitation\"]}, \"border_crossed\": "
	    "true}", SCREENING_POSSIBLE, false, false, { NULL },
	    CASE_ROLE_PRESUMED_VICTIM, NULL, NULL, 3, 12, 2,
	    "kind=wrong tip.acts=right tip.means=wrong tip.purposes=right "
	    "border_crossed=right child_at_time=wrong screening:victim=wrong" },
	{ "screened before she was safe", -1, NULL, -1, false, false,
	    { "screen_for_indicators", "ensure_immediate_safety" },
	    CASE_ROLE_PRESUMED_VICTIM, NULL, NULL, 0, 12, 8,
	    "ensure_immediate_safety>screen_for_indicators=wrong" },
	{ "consent withdrawn", -1, NULL, -1, true, true, { NULL },
	    CASE_ROLE_PRESUMED_VICTIM, NULL, NULL, 0, 12, 9,
	    "shelter:victim=pending" },
	{ "victim treated as a suspect", CASE_KIND_TIP, NULL, -1, false,
	    false, { NULL }, CASE_ROLE_SUSPECT, NULL, NULL, 0, 12, 8,
	    "kind=right victim_as_suspect=broken no_waiver=kept" },
	{ "reflection waived, statement tried, evidence first", -1, NULL, -1,
	    false, false, { "secure_evidence", "ensure_immediate_safety" },
	    CASE_ROLE_PRESUMED_VICTIM, "reflection_waived",
	    "take_adult_statement", 0, 12, 9,
	    "no_waiver=broken statement_early=broken "
	    "evidence_before_safety=broken victim_as_suspect=kept" },
	{ "evidence after safety", -1, NULL, -1, false, false,
	    { "ensure_immediate_safety", "secure_evidence" },
	    CASE_ROLE_PRESUMED_VICTIM, NULL, NULL, 0, 12, 9,
	    "evidence_before_safety=kept" },
};

static const struct exercise_item *
item(const struct exercise_score *s, const char *id)
{
	for (size_t i = 0; i < s->n_items; i++)
		if (strcmp(s->items[i].id, id) == 0)
			return &s->items[i];
	return NULL;
}

/* Fills w from row d; the arrays live in a. */
static void
work_of(const struct did *d, struct arena *a, struct exercise_work *w)
{
	struct exercise_person *p = arena_array(a, 2, sizeof(*p));
	enum case_role *victim_roles = arena_array(a, 1, sizeof(enum case_role));
	static const enum case_role suspect = CASE_ROLE_SUSPECT;
	struct step_event_row *ev = arena_array(a, 4, sizeof(*ev));
	struct exercise_screening *sc = arena_array(a, 1, sizeof(*sc));
	struct exercise_referral *rf = arena_array(a, 1, sizeof(*rf));
	struct case_fact_row *f = arena_array(a, 1, sizeof(*f));
	struct err err = ERR_INIT;

	*w = (struct exercise_work){ 0 };
	victim_roles[0] = d->victim_role;
	p[0] = (struct exercise_person){ "victim", VICTIM, victim_roles, 1 };
	p[1] = (struct exercise_person){ "recruiter", RECRUITER, &suspect, 1 };
	w->persons = p;
	w->n_persons = 2;
	if (d->kind >= 0) {
		w->classified = true;
		w->kind = (enum case_kind)d->kind;
	}
	if (d->elements) {
		assert_int_equal(legal_parse(d->elements, strlen(d->elements),
		    &w->elements, &err), 0);
		w->assessed = true;
	}
	if (d->screened >= 0) {
		sc[0] = (struct exercise_screening){ VICTIM,
		    (enum screening_outcome)d->screened };
		w->screenings = sc;
		w->n_screenings = 1;
	}
	if (d->referred) {
		rf[0] = (struct exercise_referral){ VICTIM, SERVICE_SHELTER,
		    !d->consent_withdrawn };
		w->referrals = rf;
		w->n_referrals = 1;
	}
	for (size_t i = 0; i < 4 && d->steps[i]; i++) {
		ev[i] = (struct step_event_row){ .step_id = d->steps[i],
		    .action = STEP_ACTION_DONE, .at = arena_printf(a,
		    "2026-12-03T10:0%zu:00.000Z", i) };
		w->n_events++;
	}
	w->events = ev;
	if (d->fact) {
		f[0] = (struct case_fact_row){ .fact = (enum case_fact)
		    enum_parse(&case_fact_desc, d->fact, "fact", &err) };
		w->facts = f;
		w->n_facts = 1;
	}
	if (d->refused) {
		w->refused = &d->refused;
		w->n_refused = 1;
	}
}

static void
test_rows(void **state)
{
	struct case_study *cs = load();

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct did *d = &rows[i];
		struct arena *a = arena_new();
		struct exercise_work w;
		struct exercise_score s;
		char states[512], *save, *tok;

		work_of(d, a, &w);
		exscore_run(cs, &w, a, &s);
		if (s.points != d->points || s.max != d->max ||
		    (int)s.pending != d->pending)
			fail_msg("%s: %d/%d, %zu pending; want %d/%d, %d",
			    d->name, s.points, s.max, s.pending, d->points,
			    d->max, d->pending);
		assert_int_equal(s.percent, s.points * 100 / s.max);
		snprintf(states, sizeof(states), "%s", d->states);
		for (tok = strtok_r(states, " ", &save); tok;
		    tok = strtok_r(NULL, " ", &save)) {
			char *eq = strchr(tok, '=');
			const struct exercise_item *it;

			*eq = '\0';
			it = item(&s, tok);
			if (!it)
				fail_msg("%s: no item %s", d->name, tok);
			if (strcmp(exercise_item_state_name(it->state),
			    eq + 1) != 0)
				fail_msg("%s: %s is %s, want %s", d->name, tok,
				    exercise_item_state_name(it->state), eq + 1);
			assert_non_null(it->why);
		}
		/* Every judged part quotes a step of the TIP SOP. */
		assert_string_equal(item(&s, "kind")->step,
		    "record_identification_decision");
		assert_string_equal(item(&s, "tip.acts")->step,
		    "assess_trafficking_elements");
		assert_string_equal(item(&s, "screening:victim")->step,
		    "screen_for_indicators");
		assert_string_equal(item(&s, "shelter:victim")->step,
		    "refer_to_assistance");
		arena_free(&a);
	}
	case_study_free(&cs);
}

/* Discoveries open as the case is worked. */
static void
test_opened(void **state)
{
	static const struct {
		const struct did	 d;
		const char		*open;	/* ids, in file order */
	} cases[] = {
		{ { .kind = -1, .screened = -1 }, "advert" },
		{ { .kind = -1, .screened = SCREENING_STRONG }, "advert "
		    "statement" },
		{ { .kind = -1, .screened = -1, .steps = { "secure_evidence" },
		    .fact = "informed_consent" }, "advert ledger consent" },
		{ { .kind = -1, .screened = -1, .elements = "{}" }, "advert "
		    "assessment" },
	};
	struct case_study *cs = load();
	const json_t *ds = json_object_get(case_study_definition(cs),
	    "discoveries");

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct arena *a = arena_new();
		struct exercise_work w;
		char open[256] = "";
		size_t j;
		json_t *d;

		work_of(&cases[i].d, a, &w);
		json_array_foreach(ds, j, d)
			if (exscore_opened(d, &w))
				snprintf(open + strlen(open), sizeof(open) -
				    strlen(open), "%s%s", *open ? " " : "",
				    json_string_value(json_object_get(d, "id")));
		assert_string_equal(open, cases[i].open);
		arena_free(&a);
	}
	case_study_free(&cs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_opened),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
