/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_referral.c - referrals with informed consent: what consent must
 * hold, whom a provider takes, the lifecycle and who moves it, what the
 * provider sees, and a withdrawal of consent.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "core/agency.h"
#include "core/case.h"
#include "core/person.h"
#include "core/provider.h"
#include "core/referral.h"
#include "base/banned.h"

#define PASSWORD	"Correct-Horse-Erbil-2026"

/* What setup made: the case and its people. */
struct world {
	struct unit_env	*env;
	char		 ref[64];
	char		 woman[24], girl[24], suspect[24];
};

static void
as(struct world *w, const char *username)
{
	unit_as(w->env, username);
}

static void
add_person(struct world *w, const char *given, const char *sex,
    const char *born, const char *role, char id[24])
{
	struct person_row p;
	struct case_person_row link;

	must(person_add(&w->env->ctx, &(struct person_input){ .given = given,
	    .family = "Test", .sex = sex, .born = born,
	    .contacts = (const struct contact_input[]){ { "phone",
	    "+964 750 555 0101" } }, .n_contacts = 1 }, &p, &w->env->err),
	    w->env, given);
	snprintf(id, 24, "%" PRId64, p.id);
	must(case_add_person(&w->env->ctx, &(struct case_person_input){
	    .ref = w->ref, .person_id = id, .role = role }, &link,
	    &w->env->err), w->env, role);
}

static int
setup(void **state)
{
	static const char *const users[][3] = {
		{ "inv", "KRI-MOI", "investigator" },
		{ "cwk", "KRI-MOI", "caseworker" },
		{ "pro", "KRI-MOI", "prosecutor" },
		{ "shl", "KRI-SHL", "caseworker" },
		{ "shl.inv", "KRI-SHL", "investigator" },
		{ "other", "IQ-MOI", "caseworker" },
	};
	static const char *const shelter_services[] = { "shelter",
	    "psychosocial" };
	static const char *const shelter_accepts[] = { "women", "children" };
	static const char *const legal_services[] = { "legal_aid" };
	static const char *const legal_accepts[] = { "men", "women" };
	static const char *const agencies[][2] = {
		{ "KRI-MOI", "law_enforcement" }, { "KRI-SHL", "shelter" },
		{ "IQ-MOI", "ministry" },
	};
	struct world *w = calloc(1, sizeof(*w));
	struct unit_env *env = unit_env_new();
	struct provider_row p;
	struct case_row c;

	if (!env || !w)
		return -1;
	w->env = env;
	unit_people(env, agencies, ARRAY_SIZE(agencies), users,
	    ARRAY_SIZE(users), PASSWORD);
	must(provider_add(&env->ctx, &(struct provider_input){
	    .code = "SHELTER", .name = "Shelter", .agency = "KRI-SHL",
	    .region = "Erbil", .services = shelter_services, .n_services = 2,
	    .accepts = shelter_accepts, .n_accepts = 2, .capacity = -1,
	    .active = 1 }, &p, &env->err), env, "shelter");
	must(provider_add(&env->ctx, &(struct provider_input){
	    .code = "LEGAL", .name = "Legal aid", .region = "Erbil",
	    .services = legal_services, .n_services = 1,
	    .accepts = legal_accepts, .n_accepts = 2, .capacity = -1,
	    .active = 1 }, &p, &env->err), env, "legal");
	as(w, "inv");
	must(case_open(&env->ctx, &(struct case_input){ .title = "Kiln",
	    .kind = "tip" }, &c, &env->err), env, "case");
	snprintf(w->ref, sizeof(w->ref), "%s", c.ref);
	add_person(w, "Amira", "female", "1995", "presumed_victim", w->woman);
	add_person(w, "Sara", "female", "2014", "presumed_victim", w->girl);
	add_person(w, "Karzan", "male", "1980", "suspect", w->suspect);
	*state = w;
	return 0;
}

static const char *const all_scope[] = { "identity", "contact", "needs" };

/* A referral of the woman to the shelter that setup allows. */
static struct referral_input
good(const struct world *w)
{
	return (struct referral_input){ .ref = w->ref,
	    .person_id = w->woman, .provider = "SHELTER",
	    .service = "shelter", .needs = "Safe housing; a female doctor",
	    .send = true, .consent = { .explained = "The shelter, what it "
	    "will know of her, and that she may say no or stop at any time",
	    .language = "ckb", .interpreter = "Interpreter No. 4",
	    .scope = all_scope, .n_scope = 3, .given_on = "2026-01-10" } };
}

static void
test_refusals(void **state)
{
	static const char *const beyond[] = { "needs", "suspects" };
	static const char *const bad_scope[] = { "everything" };
	struct world *w = *state;
	struct referral_input rows[17];
	static const char *const fields[17] = {
		"consent.explained", "consent.language", "consent.language",
		"consent.scope", "consent.scope", "consent.given_on",
		"consent.given_on", "shares", "person", "person", "provider",
		"provider", "service", "provider", "consent.guardian",
		"consent.best_interests", "ref",
	};
	struct referral_row r;

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		rows[i] = good(w);
	rows[0].consent.explained = " ";
	rows[1].consent.language = NULL;
	rows[2].consent.language = "not a language!";
	rows[3].consent.n_scope = 0;
	rows[4].consent.scope = bad_scope;
	rows[4].consent.n_scope = 1;
	rows[5].consent.given_on = NULL;
	rows[6].consent.given_on = "2999-01-01";
	rows[7].shares = beyond;		/* suspects: not consented */
	rows[7].n_shares = 2;
	rows[8].person_id = w->suspect;
	rows[9].person_id = "99999";		/* not in the case */
	rows[10].provider = "NO-SUCH";
	rows[11].service = "legal_aid";		/* the shelter does not */
	rows[12].service = "massage";
	rows[13].provider = "LEGAL";		/* a girl to adults' legal */
	rows[13].service = "legal_aid";
	rows[13].person_id = w->girl;
	rows[14].provider = "SHELTER";		/* a child: guardian */
	rows[14].person_id = w->girl;
	rows[15].person_id = w->girl;
	rows[15].consent.guardian = "Her aunt, Layla";
	rows[16].ref = "KRI-MOI-2026-999999";
	as(w, "cwk");
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		err_clear(&w->env->err);
		if (referral_make(&w->env->ctx, &rows[i], &r, &w->env->err) !=
		    -1)
			fail_msg("row %zu was accepted", i);
		if (!STREQ(w->env->err.field, fields[i]))
			fail_msg("row %zu: field \"%s\" (%s), want %s", i,
			    w->env->err.field, w->env->err.msg, fields[i]);
	}
	/* The reason names what goes beyond the consent. */
	err_clear(&w->env->err);
	assert_int_equal(referral_make(&w->env->ctx, &rows[7], &r,
	    &w->env->err), -1);
	assert_true(unit_contains(w->env->err.msg, "sharing suspects goes "
	    "beyond what the person agreed to (identity, contact, needs)"));
	/* A prosecutor and another agency do not refer from this case. */
	rows[0] = good(w);
	as(w, "pro");
	assert_int_equal(referral_make(&w->env->ctx, &rows[0], &r,
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_FORBIDDEN);
	as(w, "other");
	assert_int_equal(referral_make(&w->env->ctx, &rows[0], &r,
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_NOT_FOUND);
	/* A child with the guardian's consent and the note is referred. */
	as(w, "cwk");
	rows[0].person_id = w->girl;
	rows[0].consent.guardian = "Her aunt, Layla";
	rows[0].consent.best_interests = "Safe with her aunt nearby";
	must(referral_make(&w->env->ctx, &rows[0], &r, &w->env->err), w->env,
	    "child");
	assert_true(r.child);
}

/* One move: who tries it, to what, and what comes of it. */
struct move {
	const char	*who;
	const char	*to;
	const char	*reason;
	int		 code;		/* ERR_OK: done */
	const char	*status;	/* after */
};

static void
walk(struct world *w, int64_t id, const struct move *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct referral_row r;
		int rc;

		as(w, m[i].who);
		err_clear(&w->env->err);
		rc = referral_move(&w->env->ctx, id, m[i].to, m[i].reason, &r,
		    &w->env->err);
		if (m[i].code == ERR_OK && rc != 0)
			fail_msg("move %zu (%s to %s): %s", i, m[i].who,
			    m[i].to, w->env->err.msg);
		if (m[i].code != ERR_OK && (rc != -1 ||
		    w->env->err.code != (enum err_code)m[i].code))
			fail_msg("move %zu (%s to %s): got %d, code %s", i,
			    m[i].who, m[i].to, rc,
			    err_code_name(w->env->err.code));
		if (rc == 0 && !STREQ(enum_name(&referral_status_desc,
		    r.status), m[i].status))
			fail_msg("move %zu: now %s, want %s", i,
			    enum_name(&referral_status_desc, r.status),
			    m[i].status);
	}
}

static void
test_lifecycle(void **state)
{
	static const struct move to_shelter[] = {
		{ "shl", "accepted", NULL, ERR_NOT_FOUND, NULL },
		{ "cwk", "sent", NULL, ERR_OK, "sent" },
		{ "cwk", "accepted", NULL, ERR_FORBIDDEN, NULL },
		{ "shl.inv", "accepted", NULL, ERR_NOT_FOUND, NULL },
		{ "other", "accepted", NULL, ERR_NOT_FOUND, NULL },
		{ "shl", "completed", NULL, ERR_CONFLICT, NULL },
		{ "shl", "declined", NULL, ERR_INVALID, NULL },
		{ "shl", "accepted", NULL, ERR_OK, "accepted" },
		{ "shl", "in_progress", NULL, ERR_OK, "in_progress" },
		{ "shl", "withdrawn", "x", ERR_FORBIDDEN, NULL },
		{ "shl", "completed", NULL, ERR_OK, "completed" },
		{ "cwk", "withdrawn", "x", ERR_CONFLICT, NULL },
		{ "shl", "sideways", NULL, ERR_INVALID, NULL },
	};
	/* An external provider: the referring agency records its answers. */
	static const struct move to_legal[] = {
		{ "cwk", "sent", NULL, ERR_OK, "sent" },
		{ "cwk", "declined", "No lawyer free this month", ERR_OK,
		    "declined" },
		{ "cwk", "sent", NULL, ERR_CONFLICT, NULL },
	};
	struct world *w = *state;
	struct referral_input in = good(w);
	struct referral_row r;
	struct referral_view v;
	int64_t shelter;

	as(w, "cwk");
	in.send = false;
	must(referral_make(&w->env->ctx, &in, &r, &w->env->err), w->env,
	    "propose");
	assert_string_equal(enum_name(&referral_status_desc, r.status),
	    "proposed");
	shelter = r.id;
	walk(w, shelter, to_shelter, ARRAY_SIZE(to_shelter));
	in.provider = "LEGAL";
	in.service = "legal_aid";
	as(w, "cwk");
	must(referral_make(&w->env->ctx, &in, &r, &w->env->err), w->env,
	    "legal");
	walk(w, r.id, to_legal, ARRAY_SIZE(to_legal));
	/* The history, in order, with who and where. */
	as(w, "cwk");
	must(referral_show(&w->env->ctx, shelter, &v, &w->env->err), w->env,
	    "show");
	assert_int_equal(v.n_events, 5);
	assert_string_equal(v.events[0].by_username, "cwk");
	assert_string_equal(v.events[2].agency, "KRI-SHL");
	assert_string_equal(enum_name(&referral_status_desc,
	    v.events[4].status), "completed");
}

static void
test_what_the_provider_sees(void **state)
{
	static const char *const needs_only[] = { "needs" };
	struct world *w = *state;
	struct referral_input in = good(w);
	struct referral_row r, *list;
	struct referral_view v;
	size_t n;

	as(w, "cwk");
	in.shares = needs_only;
	in.n_shares = 1;
	must(referral_make(&w->env->ctx, &in, &r, &w->env->err), w->env,
	    "needs only");
	in = good(w);
	must(referral_make(&w->env->ctx, &in, &r, &w->env->err), w->env,
	    "all");
	/* The shelter's inbox has both; the police list them as made. */
	as(w, "shl");
	must(referral_list(&w->env->ctx, &(struct referral_query){
	    .box = "in" }, &list, &n, &w->env->err), w->env, "inbox");
	assert_int_equal(n, 2);
	must(referral_show(&w->env->ctx, list[1].id, &v, &w->env->err),
	    w->env, "needs only");
	assert_false(v.referrer);
	assert_true(v.open);
	assert_null(v.name);
	assert_int_equal(v.n_contacts, 0);
	must(referral_show(&w->env->ctx, r.id, &v, &w->env->err), w->env,
	    "all");
	assert_string_equal(v.name, "Amira Test");
	assert_int_equal(v.n_contacts, 1);
	assert_null(v.case_title);
	assert_int_equal(v.n_suspects, 0);
	/* Consent withdrawn: the shelter sees the referral, not her. */
	must(referral_withdraw_consent(&w->env->ctx, r.id, "She asked to "
	    "stop", &r, &w->env->err), w->env, "withdraw");
	assert_string_equal(enum_name(&referral_status_desc, r.status),
	    "withdrawn");
	must(referral_show(&w->env->ctx, r.id, &v, &w->env->err), w->env,
	    "after");
	assert_false(v.open);
	assert_null(v.name);
	assert_int_equal(v.n_contacts, 0);
	assert_int_equal(referral_withdraw_consent(&w->env->ctx, r.id, "again",
	    &r, &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_CONFLICT);
	/* The referring agency keeps the whole record. */
	as(w, "cwk");
	must(referral_show(&w->env->ctx, r.id, &v, &w->env->err), w->env,
	    "referrer");
	assert_true(v.referrer);
	assert_string_equal(v.r.consent.withdrawn_reason, "She asked to stop");
	assert_string_equal(v.r.consent.explained, good(w).consent.explained);
	must(referral_list(&w->env->ctx, &(struct referral_query){
	    .box = "out", .ref = w->ref, .status = "withdrawn" }, &list, &n,
	    &w->env->err), w->env, "out");
	assert_int_equal(n, 1);
	/* Nobody else sees it; an inbox needs the right to answer. */
	as(w, "other");
	assert_int_equal(referral_show(&w->env->ctx, r.id, &v, &w->env->err),
	    -1);
	assert_int_equal(w->env->err.code, ERR_NOT_FOUND);
	as(w, "shl.inv");
	assert_int_equal(referral_list(&w->env->ctx, &(struct referral_query){
	    .box = "in" }, &list, &n, &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_FORBIDDEN);
	assert_int_equal(referral_list(&w->env->ctx, &(struct referral_query){
	    .box = "sideways" }, &list, &n, &w->env->err), -1);
	assert_string_equal(w->env->err.field, "box");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refusals, setup,
		    unit_world_teardown),
		cmocka_unit_test_setup_teardown(test_lifecycle, setup,
		    unit_world_teardown),
		cmocka_unit_test_setup_teardown(test_what_the_provider_sees,
		    setup, unit_world_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
