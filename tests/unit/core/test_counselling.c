/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_counselling.c - the counselling log: what a record must hold, that
 * it identifies no one without consent and a case, that identity is shown
 * only to those who may read it, that another agency's records are not
 * found, that its texts are sealed at rest, and corrections.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "core/case.h"
#include "core/counselling.h"
#include "core/person.h"
#include "base/banned.h"

#define PASSWORD	"Correct-Horse-Erbil-2026"

struct world {
	struct unit_env	*env;
	char		 case_ref[32];	/* KRI-MRC's, with person */
	char		 person[16];
	char		 stranger[16];	/* a person of no case of theirs */
	char		 other_case[32]; /* KRI-MOI's, unshared */
};

static const char *const covered[] = { "legal_pathways",
	"recruitment_fraud" };

static int
setup(void **state)
{
	static const char *const agencies[][2] = {
		{ "KRI-MRC", "migrant_resource_centre" },
		{ "KRI-MOI", "law_enforcement" },
	};
	static const char *const users[][3] = {
		{ "counsellor", "KRI-MRC", "caseworker" },
		{ "head", "KRI-MRC", "supervisor" },
		{ "police", "KRI-MOI", "investigator" },
		{ "policehead", "KRI-MOI", "supervisor" },
	};
	struct world *w = calloc(1, sizeof(*w));
	struct unit_env *env = unit_env_new();
	struct case_row c;
	struct person_row p;
	struct case_person_row cp;

	if (!env || !w)
		return -1;
	w->env = env;
	unit_people(env, agencies, ARRAY_SIZE(agencies), users,
	    ARRAY_SIZE(users), PASSWORD);
	unit_as(env, "counsellor");
	must(case_open(&env->ctx, &(struct case_input){ .title = "Job offer "
	    "in Dubai" }, &c, &env->err), env, "case");
	snprintf(w->case_ref, sizeof(w->case_ref), "%s", c.ref);
	must(person_add(&env->ctx, &(struct person_input){ .given = "Shilan",
	    .born = "2001" }, &p, &env->err), env, "person");
	snprintf(w->person, sizeof(w->person), "%" PRId64, p.id);
	must(case_add_person(&env->ctx, &(struct case_person_input){
	    .ref = c.ref, .person_id = w->person, .role = "presumed_victim" },
	    &cp, &env->err), env, "in case");
	must(person_add(&env->ctx, &(struct person_input){ .given = "Rebin",
	    .born = "1999" }, &p, &env->err), env, "stranger");
	snprintf(w->stranger, sizeof(w->stranger), "%" PRId64, p.id);
	unit_as(env, "police");
	must(case_open(&env->ctx, &(struct case_input){ .title = "Boat" }, &c,
	    &env->err), env, "police case");
	snprintf(w->other_case, sizeof(w->other_case), "%s", c.ref);
	unit_as(env, "counsellor");
	*state = w;
	return 0;
}

static int
teardown(void **state)
{
	struct world *w = *state;

	unit_env_free(&w->env);
	free(w);
	return 0;
}

/* A good record, then one field changed by the row. */
static struct counselling_input
good(void)
{
	return (struct counselling_input){ .pseudonym = "Shilan",
	    .topics = (const char **)covered, .n_topics = 2 };
}

static void
test_refusals(void **state)
{
	struct world *w = *state;
	static const char *const bad_topic[] = { "weather" };
	static const char *const bad_risk[] = { "bad_luck" };
	static const char *const bad_sheet[] = { "no-such-sheet" };
	static const char *const twice[] = { "legal-pathways",
		"legal-pathways" };
	static const struct {
		const char	*why;
		const char	*field;		/* the field refused */
		const char	*says;		/* part of the message */
	} cases[] = {
		{ "no pseudonym", "pseudonym", "pseudonym" },
		{ "a full name as pseudonym", "pseudonym", "full name" },
		{ "a phone as pseudonym", "pseudonym", "no number" },
		{ "no topics", "topics", "topic" },
		{ "an unknown topic", "topics", "weather" },
		{ "an unknown risk", "risks", "bad_luck" },
		{ "an unknown sheet", "sheets", "no-such-sheet" },
		{ "a sheet twice", "sheets", "twice" },
		{ "held in the future", "held_on", "future" },
		{ "a follow-up before the session", "follow_up_on", "before" },
		{ "a person counted as 3", "people", "family" },
		{ "a family of one", "people", "at least 2" },
		{ "a bad destination", "destination", "" },
		{ "a referral note without agency", "referred_to", "agency" },
		{ "an unknown agency", "referred_to", "" },
		{ "a full name without consent", "consent", "full_name" },
		{ "a contact without consent", "consent", "contact" },
		{ "a case without consent", "consent", "case" },
		{ "consent and a full name, no case", "case", "case" },
		{ "a person not in the case", "person", "not in case" },
		{ "another agency's case", "ref", "" },
		{ "consent as maybe", "consent", "yes nor no" },
		{ "done on a new record", "follow_up_done", "" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct counselling_input in = good();
		struct counselling_row k;

		switch (i) {
		case 0: in.pseudonym = NULL; break;
		case 1: in.pseudonym = "Shilan Ahmed Karim Aziz"; break;
		case 2: in.pseudonym = "0750 123 4567"; break;
		case 3: in.topics = NULL; in.n_topics = 0; break;
		case 4: in.topics = (const char **)bad_topic; in.n_topics = 1;
			break;
		case 5: in.risks = (const char **)bad_risk; in.n_risks = 1;
			break;
		case 6: in.sheets = (const char **)bad_sheet; in.n_sheets = 1;
			break;
		case 7: in.sheets = (const char **)twice; in.n_sheets = 2;
			break;
		case 8: in.held_on = "2999-01-01"; break;
		case 9: in.held_on = "2026-03-10";
			in.follow_up_on = "2026-03-01"; break;
		case 10: in.people = "3"; break;
		case 11: in.party = "family"; in.people = "1"; break;
		case 12: in.destination = "Atlantis"; break;
		case 13: in.referral_note = "needs a lawyer"; break;
		case 14: in.referred_to = "NOPE"; break;
		case 15: in.full_name = "Shilan Ahmed"; break;
		case 16: in.contact = "+964 750 123 4567"; break;
		case 17: in.case_ref = w->case_ref; break;
		case 18: in.full_name = "Shilan Ahmed"; in.consent = "yes";
			break;
		case 19: in.consent = "yes"; in.case_ref = w->case_ref;
			in.person = w->stranger; break;
		case 20: in.consent = "yes"; in.case_ref = w->other_case;
			break;
		case 21: in.consent = "maybe"; break;
		case 22: in.follow_up_done = "yes"; break;
		}
		err_clear(&w->env->err);
		if (counselling_add(&w->env->ctx, &in, &k, &w->env->err) != -1)
			fail_msg("%s: accepted", cases[i].why);
		if (!STREQ(w->env->err.field, cases[i].field) ||
		    !unit_contains(w->env->err.msg, cases[i].says))
			fail_msg("%s: refused on \"%s\": %s", cases[i].why,
			    w->env->err.field, w->env->err.msg);
	}
}

static void
test_record_and_read(void **state)
{
	struct world *w = *state;
	static const char *const risks[] = { "recruitment_fee",
		"passport_kept_by_recruiter" };
	static const char *const sheets[] = { "recruitment-fraud" };
	struct counselling_input in = good();
	struct counselling_row k, back;
	json_t *j;

	in.party = "family";
	in.people = "4";
	in.destination = "ae";
	in.route = "by air to Dubai, then a bus";
	in.risks = (const char **)risks;
	in.n_risks = 2;
	in.sheets = (const char **)sheets;
	in.n_sheets = 1;
	in.follow_up_on = "2099-01-01";
	in.referred_to = "KRI-MOI";
	in.referral_note = "the recruiter asked for 3,000 USD";
	must(counselling_add(&w->env->ctx, &in, &k, &w->env->err), w->env,
	    "add");
	assert_true(k.id > 0);
	must(counselling_show(&w->env->ctx, k.id, &back, &w->env->err), w->env,
	    "show");
	assert_string_equal(back.pseudonym, "Shilan");
	assert_string_equal(back.destination, "AE");
	assert_string_equal(back.route, "by air to Dubai, then a bus");
	assert_string_equal(back.sheets, "recruitment-fraud");
	assert_string_equal(back.referred_to_code, "KRI-MOI");
	assert_int_equal(back.people, 4);
	assert_int_equal(back.risks, ENUM_BIT(COUNSEL_RISK_RECRUITMENT_FEE) |
	    ENUM_BIT(COUNSEL_RISK_PASSPORT_KEPT));
	assert_false(back.consent);
	j = counselling_json(&w->env->ctx, &back);
	assert_false(json_is_true(json_object_get(j, "identified")));
	assert_int_equal(json_array_size(json_object_get(j, "topics")), 2);
	json_decref(j);

	/* Another agency: not found, not even its existence. */
	unit_as(w->env, "police");
	err_clear(&w->env->err);
	assert_int_equal(counselling_show(&w->env->ctx, k.id, &back,
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_FORBIDDEN);
	unit_as(w->env, "policehead");
	err_clear(&w->env->err);
	assert_int_equal(counselling_show(&w->env->ctx, k.id, &back,
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_NOT_FOUND);
	unit_as(w->env, "counsellor");
}

static void
test_identity_with_consent(void **state)
{
	struct world *w = *state;
	struct counselling_input in = good();
	struct counselling_row k, back;
	struct counselling_row *rows;
	size_t n;
	json_t *j;

	in.consent = "yes";
	in.full_name = "Shilan Ahmed Karim";
	in.contact = "+964 750 123 4567";
	in.case_ref = w->case_ref;
	in.person = w->person;
	must(counselling_add(&w->env->ctx, &in, &k, &w->env->err), w->env,
	    "identified");
	must(counselling_show(&w->env->ctx, k.id, &back, &w->env->err), w->env,
	    "show");
	assert_string_equal(back.full_name, "Shilan Ahmed Karim");
	assert_string_equal(back.case_ref, w->case_ref);
	j = counselling_json(&w->env->ctx, &back);
	assert_true(json_is_true(json_object_get(j, "identified")));
	assert_string_equal(json_string_value(json_object_get(j,
	    "contact")), "+964 750 123 4567");
	json_decref(j);

	/* Consent withdrawn while the identity is kept: refused. */
	err_clear(&w->env->err);
	assert_int_equal(counselling_edit(&w->env->ctx, k.id,
	    &(struct counselling_input){ .consent = "no" }, &back,
	    &w->env->err), -1);
	assert_string_equal(w->env->err.field, "consent");
	/* Withdrawn with the identity removed: kept de-identified. */
	must(counselling_edit(&w->env->ctx, k.id, &(struct counselling_input){
	    .consent = "no", .full_name = "", .contact = "", .case_ref = "",
	    .person = "" }, &back, &w->env->err), w->env, "withdraw");
	must(counselling_show(&w->env->ctx, k.id, &back, &w->env->err), w->env,
	    "show again");
	assert_null(back.full_name);
	assert_null(back.contact);
	assert_int_equal(back.case_id, 0);

	/* Nothing half-written: the list holds what was accepted only. */
	must(counselling_list(&w->env->ctx, &(struct counselling_query){ 0 },
	    &rows, &n, &w->env->err), w->env, "list");
	for (size_t i = 0; i < n; i++)
		assert_non_null(rows[i].pseudonym);
}

static void
test_sealed_at_rest(void **state)
{
	struct world *w = *state;
	struct counselling_input in = good();
	struct counselling_row k, raw;

	in.route = "through Van on foot";
	in.notes = "her brother paid the smuggler";
	must(counselling_add(&w->env->ctx, &in, &k, &w->env->err), w->env,
	    "add");
	must(store_counselling_get(w->env->ctx.store, k.id, w->env->ctx.arena,
	    &raw, &w->env->err), w->env, "raw");
	assert_true(strncmp(raw.pseudonym, "k1.", 3) == 0);
	assert_true(strncmp(raw.route, "k1.", 3) == 0);
	assert_true(strncmp(raw.notes, "k1.", 3) == 0);
	assert_null(raw.full_name);
}

static void
test_edit_and_follow_up(void **state)
{
	struct world *w = *state;
	struct counselling_input in = good();
	struct counselling_row k, back, *rows;
	size_t n;
	bool listed = false;

	in.held_on = "2026-01-05";
	in.follow_up_on = "2026-01-20";
	must(counselling_add(&w->env->ctx, &in, &k, &w->env->err), w->env,
	    "add");
	must(counselling_list(&w->env->ctx, &(struct counselling_query){
	    .follow_up_due = true }, &rows, &n, &w->env->err), w->env, "due");
	for (size_t i = 0; i < n; i++)
		listed |= rows[i].id == k.id;
	assert_true(listed);
	must(counselling_edit(&w->env->ctx, k.id, &(struct counselling_input){
	    .follow_up_done = "yes", .notes = "called back: the offer was "
	    "withdrawn" }, &back, &w->env->err), w->env, "done");
	assert_non_null(back.follow_up_done_at);
	assert_string_equal(back.pseudonym, "Shilan");
	must(counselling_list(&w->env->ctx, &(struct counselling_query){
	    .follow_up_due = true }, &rows, &n, &w->env->err), w->env, "due");
	for (size_t i = 0; i < n; i++)
		assert_true(rows[i].id != k.id);
	err_clear(&w->env->err);
	assert_int_equal(counselling_edit(&w->env->ctx, k.id,
	    &(struct counselling_input){ 0 }, &back, &w->env->err), -1);
	assert_true(unit_contains(w->env->err.msg, "nothing to change"));
	err_clear(&w->env->err);
	assert_int_equal(counselling_list(&w->env->ctx,
	    &(struct counselling_query){ .limit = 100000 }, &rows, &n,
	    &w->env->err), -1);
	assert_string_equal(w->env->err.field, "limit");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_record_and_read),
		cmocka_unit_test(test_identity_with_consent),
		cmocka_unit_test(test_sealed_at_rest),
		cmocka_unit_test(test_edit_and_follow_up),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
