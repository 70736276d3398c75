/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_provider.c - the directory of service providers: who a provider
 * takes, what an entry must hold, changes with versions, and searching.
 */
#include <string.h>

#include "unit.h"

#include "core/agency.h"
#include "core/provider.h"
#include "base/buf.h"
#include "base/text.h"
#include "base/banned.h"

#define PASSWORD	"Correct-Horse-Erbil-2026"
#define SHELTER		"ERBIL-WOMEN-SHELTER-1"	/* 21 characters */
#define STRS(...)	(const char *const[]){ __VA_ARGS__ }, \
			    ARRAY_SIZE(((const char *const[]){ __VA_ARGS__ }))

static int
setup(void **state)
{
	struct unit_env *env = unit_env_new();
	struct agency_row a;
	struct user_row u;

	if (!env)
		return -1;
	must(agency_add(&env->ctx, &(struct agency_input){ "KRI-MOI",
	    "Ministry", "ministry" }, &a, &env->err), env, "agency");
	must(agency_add(&env->ctx, &(struct agency_input){ "KRI-SHL",
	    "Shelter", "shelter" }, &a, &env->err), env, "agency");
	must(user_add(&env->ctx, &(struct user_input){ .agency = "KRI-MOI",
	    .username = "admin", .role = "admin", .password = PASSWORD }, &u,
	    &env->err), env, "admin");
	must(ctx_act_as(&env->ctx, "admin", &env->err), env, "act");
	for (size_t i = 0; i < 3; i++) {
		static const char *const users[][2] = { { "sup", "supervisor" },
		    { "cwk", "caseworker" }, { "ana", "analyst" } };

		must(user_add(&env->ctx, &(struct user_input){
		    .agency = "KRI-MOI", .username = users[i][0],
		    .role = users[i][1], .password = PASSWORD }, &u,
		    &env->err), env, users[i][0]);
	}
	*state = env;
	return 0;
}

/* A shelter for women and children in Erbil, run by KRI-SHL. */
static struct provider_input
shelter(void)
{
	/* Static: the input outlives this function. */
	static const char *const services[] = { "shelter", "psychosocial" };
	static const char *const accepts[] = { "women", "children" };
	static const char *const languages[] = { "ckb", "ar", "ckb" };

	return (struct provider_input){ .code = SHELTER,
	    .name = "Erbil women's shelter", .agency = "KRI-SHL",
	    .region = "Erbil", .services = services, .n_services = 2,
	    .accepts = accepts, .n_accepts = 2, .languages = languages,
	    .n_languages = 3, .capacity = 24,
	    .contact = "+964 750 000 0000", .active = 1 };
}

static void
test_who_a_provider_takes(void **state)
{
	static const struct {
		const char		*name;
		unsigned		 services, accepts;
		bool			 active;
		enum service		 service;
		struct provider_client	 who;
		const char		*refusal;	/* NULL: taken */
	} rows[] = {
		{ "a woman to a women's shelter", 1u << SERVICE_SHELTER,
		    1u << CLIENTS_WOMEN, true, SERVICE_SHELTER,
		    { false, SEX_FEMALE, false }, NULL },
		{ "a man to a women's shelter", 1u << SERVICE_SHELTER,
		    1u << CLIENTS_WOMEN, true, SERVICE_SHELTER,
		    { false, SEX_MALE, false }, "does not take men" },
		{ "a girl to an adults' shelter", 1u << SERVICE_SHELTER,
		    (1u << CLIENTS_WOMEN) | (1u << CLIENTS_MEN), true,
		    SERVICE_SHELTER, { true, SEX_FEMALE, false },
		    "does not take children" },
		{ "a boy to child protection", 1u << SERVICE_CHILD_PROTECTION,
		    1u << CLIENTS_CHILDREN, true, SERVICE_CHILD_PROTECTION,
		    { true, SEX_MALE, false }, NULL },
		{ "a family where only single women go",
		    1u << SERVICE_SHELTER, 1u << CLIENTS_WOMEN, true,
		    SERVICE_SHELTER, { false, SEX_FEMALE, true },
		    "does not take families" },
		{ "a family to a family shelter", 1u << SERVICE_SHELTER,
		    1u << CLIENTS_FAMILIES, true, SERVICE_SHELTER,
		    { false, SEX_MALE, true }, NULL },
		{ "a service not offered", 1u << SERVICE_MEDICAL,
		    1u << CLIENTS_WOMEN, true, SERVICE_LEGAL_AID,
		    { false, SEX_FEMALE, false }, "does not offer legal_aid" },
		{ "an inactive provider", 1u << SERVICE_MEDICAL,
		    1u << CLIENTS_WOMEN, false, SERVICE_MEDICAL,
		    { false, SEX_FEMALE, false }, "takes no referrals now" },
		{ "an adult of unknown sex, adults taken",
		    1u << SERVICE_LEGAL_AID, 1u << CLIENTS_MEN, true,
		    SERVICE_LEGAL_AID, { false, SEX_UNKNOWN, false }, NULL },
		{ "an adult of unknown sex, children only",
		    1u << SERVICE_EDUCATION, 1u << CLIENTS_CHILDREN, true,
		    SERVICE_EDUCATION, { false, SEX_UNKNOWN, false },
		    "takes only children" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct provider_row p = { .code = "P", .services =
		    rows[i].services, .accepts = rows[i].accepts, .active =
		    rows[i].active };
		struct err err = ERR_INIT;
		int rc = provider_accepts(&p, rows[i].service, &rows[i].who,
		    "provider", &err);

		if (!rows[i].refusal && rc != 0)
			fail_msg("\"%s\" refused: %s", rows[i].name, err.msg);
		if (rows[i].refusal && (rc != -1 || err.code != ERR_INVALID ||
		    !unit_contains(err.msg, rows[i].refusal) ||
		    !STREQ(err.field, "provider")))
			fail_msg("\"%s\": got %d \"%s\"", rows[i].name, rc,
			    err.msg);
	}
}

static void
test_what_an_entry_holds(void **state)
{
	struct unit_env *env = *state;
	struct provider_input in = shelter();
	struct provider_row p;

	must(provider_add(&env->ctx, &in, &p, &env->err), env, "add");
	assert_int_equal(p.version, 1);
	assert_string_equal(p.agency_code, "KRI-SHL");
	/* The same language twice is kept once. */
	assert_int_equal(p.n_languages, 2);
	assert_int_equal(p.services, ENUM_BIT(SERVICE_SHELTER) |
	    ENUM_BIT(SERVICE_PSYCHOSOCIAL));
	must(provider_find(&env->ctx, SHELTER, "code", &p, &env->err),
	    env, "find");
	assert_string_equal(p.name, "Erbil women's shelter");
	assert_int_equal(p.capacity, 24);
	assert_string_equal(p.languages[1], "ar");
	assert_int_equal(provider_add(&env->ctx, &in, &p, &env->err), -1);
	assert_int_equal(env->err.code, ERR_CONFLICT);
	assert_string_equal(env->err.field, "code");
}

/* One input spoiled in one way, and the field its refusal names. */
static void
test_bad_entries(void **state)
{
	struct unit_env *env = *state;
	struct {
		const char		*name;
		struct provider_input	 in;
		const char		*field;
	} rows[] = {
		{ "lower-case code", shelter(), "code" },
		{ "33-character code", shelter(), "code" },
		{ "double hyphen", shelter(), "code" },
		{ "no name", shelter(), "name" },
		{ "no region", shelter(), "region" },
		{ "no service", shelter(), "services" },
		{ "unknown service", shelter(), "services" },
		{ "nobody accepted", shelter(), "accepts" },
		{ "unknown group", shelter(), "accepts" },
		{ "not a language", shelter(), "languages" },
		{ "unknown agency", shelter(), "agency" },
		{ "negative capacity", shelter(), "capacity" },
		{ "huge capacity", shelter(), "capacity" },
		{ "control character", shelter(), "contact" },
	};
	struct provider_row p;

	rows[0].in.code = "erb-shelter";
	rows[1].in.code = "ERBIL-SHELTER-FOR-WOMEN-AND-GIRLS";
	rows[2].in.code = "ERB--SHELTER";
	rows[3].in.name = "  ";
	rows[4].in.region = NULL;
	rows[5].in.n_services = 0;
	rows[6].in.services = (const char *const[]){ "massage" };
	rows[6].in.n_services = 1;
	rows[7].in.n_accepts = 0;
	rows[8].in.accepts = (const char *const[]){ "pets" };
	rows[8].in.n_accepts = 1;
	rows[9].in.languages = (const char *const[]){ "Kurdish!" };
	rows[9].in.n_languages = 1;
	rows[10].in.agency = "NO-SUCH";
	rows[11].in.capacity = -5;
	rows[12].in.capacity = 1000000;
	rows[13].in.contact = "call\x01me";
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		err_clear(&env->err);
		if (provider_add(&env->ctx, &rows[i].in, &p, &env->err) != -1)
			fail_msg("\"%s\" was accepted", rows[i].name);
		if (!STREQ(env->err.field, rows[i].field))
			fail_msg("\"%s\": field \"%s\" (%s), want %s",
			    rows[i].name, env->err.field, env->err.msg,
			    rows[i].field);
	}
}

static void
test_changes_and_rights(void **state)
{
	struct unit_env *env = *state;
	struct provider_input in = shelter();
	struct provider_row p;

	must(ctx_act_as(&env->ctx, "sup", &env->err), env, "act sup");
	must(provider_add(&env->ctx, &in, &p, &env->err), env, "add");
	/* Only what is given changes. */
	must(provider_update(&env->ctx, &(struct provider_input){
	    .code = SHELTER, .capacity = 30, .active = PROVIDER_KEEP,
	    .contact = "" }, 1, &p, &env->err), env, "update");
	assert_int_equal(p.version, 2);
	assert_int_equal(p.capacity, 30);
	assert_null(p.contact);
	assert_string_equal(p.region, "Erbil");
	assert_string_equal(p.agency_code, "KRI-SHL");
	/* A stale version is refused. */
	assert_int_equal(provider_update(&env->ctx, &(struct provider_input){
	    .code = SHELTER, .capacity = PROVIDER_KEEP, .active = 0 },
	    1, &p, &env->err), -1);
	assert_int_equal(env->err.code, ERR_CONFLICT);
	must(provider_update(&env->ctx, &(struct provider_input){
	    .code = SHELTER, .capacity = PROVIDER_KEEP, .active = 0,
	    .agency = "" }, 2, &p, &env->err), env, "deactivate");
	assert_false(p.active);
	assert_int_equal(p.agency_id, 0);
	assert_int_equal(provider_update(&env->ctx, &(struct provider_input){
	    .code = "NO-SUCH", .capacity = PROVIDER_KEEP,
	    .active = PROVIDER_KEEP }, 1, &p, &env->err), -1);
	assert_int_equal(env->err.code, ERR_NOT_FOUND);
	/* A case worker reads the directory, and does not change it. */
	must(ctx_act_as(&env->ctx, "cwk", &env->err), env, "act cw");
	must(provider_find(&env->ctx, SHELTER, "code", &p, &env->err),
	    env, "cw reads");
	in.code = "ERB-OTHER";
	assert_int_equal(provider_add(&env->ctx, &in, &p, &env->err), -1);
	assert_int_equal(env->err.code, ERR_FORBIDDEN);
	/* An analyst does not see it. */
	must(ctx_act_as(&env->ctx, "ana", &env->err), env, "act ana");
	assert_int_equal(provider_find(&env->ctx, SHELTER, "code", &p,
	    &env->err), -1);
	assert_int_equal(env->err.code, ERR_FORBIDDEN);
}

static void
test_searching_the_directory(void **state)
{
	static const struct {
		const char		*name;
		struct provider_filter	 f;
		const char		*want;	/* codes, in order */
	} rows[] = {
		{ "all active", { 0 }, "DHK-LEGAL ERB-CHILD " SHELTER },
		{ "inactive too", { .inactive_too = true },
		    "DHK-LEGAL DHK-OLD ERB-CHILD " SHELTER },
		{ "shelter", { .service = "shelter" }, SHELTER },
		{ "children", { .accepts = "children" },
		    "ERB-CHILD " SHELTER },
		{ "in Arabic", { .language = "ar" }, "DHK-LEGAL " SHELTER },
		{ "region, any case", { .region = "erbil" },
		    "ERB-CHILD " SHELTER },
		{ "nothing", { .service = "shelter", .accepts = "men" }, "" },
	};
	struct unit_env *env = *state;
	struct provider_input in = shelter();
	struct provider_row *list, p;
	size_t n;

	must(provider_add(&env->ctx, &in, &p, &env->err), env, "shelter");
	in = (struct provider_input){ .code = "ERB-CHILD", .name = "Child "
	    "protection unit", .region = "ERBIL", .services =
	    STRS("child_protection"), .accepts = STRS("children"),
	    .languages = STRS("ckb"), .capacity = -1, .active = 1 };
	must(provider_add(&env->ctx, &in, &p, &env->err), env, "child");
	in = (struct provider_input){ .code = "DHK-LEGAL", .name = "Legal "
	    "aid clinic", .region = "Duhok", .services = STRS("legal_aid"),
	    .accepts = STRS("men", "women"), .languages = STRS("ar", "kmr"),
	    .capacity = -1, .active = 1 };
	must(provider_add(&env->ctx, &in, &p, &env->err), env, "legal");
	in.code = "DHK-OLD";
	in.active = 0;
	must(provider_add(&env->ctx, &in, &p, &env->err), env, "old");
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct buf got = BUF_INIT(256);

		must(provider_list(&env->ctx, &rows[i].f, &list, &n,
		    &env->err), env, rows[i].name);
		for (size_t j = 0; j < n; j++)
			buf_addf(&got, "%s%s", j ? " " : "", list[j].code);
		if (!STREQ(got.s, rows[i].want))
			fail_msg("\"%s\": got \"%s\", want \"%s\"",
			    rows[i].name, got.s, rows[i].want);
		buf_release(&got);
	}
	assert_int_equal(provider_list(&env->ctx, &(struct provider_filter){
	    .service = "spa" }, &list, &n, &env->err), -1);
	assert_string_equal(env->err.field, "service");
	assert_true(text_equal_folded("Erbil", "ERBIL"));
	assert_true(text_equal_folded("Stra\u00dfe", "STRASSE"));
	assert_false(text_equal_folded("Erbil", "Duhok"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_who_a_provider_takes),
		cmocka_unit_test_setup_teardown(test_what_an_entry_holds,
		    setup, unit_env_teardown),
		cmocka_unit_test_setup_teardown(test_bad_entries, setup,
		    unit_env_teardown),
		cmocka_unit_test_setup_teardown(test_changes_and_rights, setup,
		    unit_env_teardown),
		cmocka_unit_test_setup_teardown(test_searching_the_directory,
		    setup, unit_env_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
