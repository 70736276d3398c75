/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_ctx.c - choosing the actor, and the actor outliving the arena.
 *
 * Regression: ctx->actor.username used to point into ctx->arena, so a
 * caller that renewed the arena between calls (as a server does per
 * request, and bench_core per batch) left it dangling; case_open then
 * read freed memory to pick the default lead.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "core/agency.h"
#include "core/case.h"
#include "unit.h"

#define PASSWORD	"a long enough passphrase"

static void
add_user(struct unit_env *env, const char *username, const char *role)
{
	struct user_row row;

	if (user_add(&env->ctx, &(struct user_input){ .agency = "KRI-MOI",
	    .username = username, .role = role, .password = PASSWORD }, &row,
	    &env->err) == -1)
		fail_msg("user_add %s: %s", username, env->err.msg);
}

static void
test_actor_survives_a_new_arena(void **state)
{
	struct unit_env *env = *state;
	struct agency_row agency;
	struct case_row c;

	if (agency_add(&env->ctx, &(struct agency_input){ "KRI-MOI",
	    "Directorate", "law_enforcement" }, &agency, &env->err) == -1)
		fail_msg("agency_add: %s", env->err.msg);
	add_user(env, "admin1", "admin");
	if (ctx_act_as(&env->ctx, "admin1", &env->err) == -1)
		fail_msg("act as admin1: %s", env->err.msg);
	add_user(env, "inv1", "investigator");
	if (ctx_act_as(&env->ctx, "inv1", &env->err) == -1)
		fail_msg("act as inv1: %s", env->err.msg);

	/* A new request: the old arena, and all it held, is gone. */
	arena_free(&env->ctx.arena);
	env->ctx.arena = arena_new();

	assert_string_equal(env->ctx.actor.username, "inv1");
	if (case_open(&env->ctx, &(struct case_input){ .kind = "tip",
	    .title = "after a new arena" }, &c, &env->err) == -1)
		fail_msg("case_open: %s", env->err.msg);
	assert_string_equal(c.lead_username, "inv1");
}

static void
test_bootstrap_only_while_empty(void **state)
{
	struct unit_env *env = *state;
	struct agency_row agency;

	assert_true(env->ctx.actor.system);
	assert_string_equal(env->ctx.actor.username, "system");
	if (agency_add(&env->ctx, &(struct agency_input){ "KRI-MOI",
	    "Directorate", "law_enforcement" }, &agency, &env->err) == -1)
		fail_msg("agency_add: %s", env->err.msg);
	add_user(env, "admin1", "admin");
	assert_int_equal(ctx_act_as_bootstrap(&env->ctx, &env->err), -1);
	assert_int_equal(env->err.code, ERR_UNAUTHENTICATED);
	assert_int_equal(ctx_act_as(&env->ctx, "nobody", &env->err), -1);
	assert_int_equal(env->err.code, ERR_UNAUTHENTICATED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_actor_survives_a_new_arena,
		    unit_env_setup, unit_env_teardown),
		cmocka_unit_test_setup_teardown(test_bootstrap_only_while_empty,
		    unit_env_setup, unit_env_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
