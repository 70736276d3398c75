/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_auth.c - logins, sessions, two-factor codes and throttling, on a
 * store whose clock-bearing columns the tests move to the past.
 */
#include <stdio.h>

#include "base/date.h"
#include "core/agency.h"
#include "core/audit.h"
#include "core/auth.h"
#include "unit.h"
#include "base/banned.h"

#define PASSWORD	"Correct-Horse-Erbil-2026"

static void
must(int rc, struct unit_env *env, const char *what)
{
	if (rc == -1)
		fail_msg("%s: %s", what, env->err.msg);
}

static int
setup(void **state)
{
	struct unit_env *env = unit_env_new();
	struct agency_row a;
	struct user_row u;

	if (!env)
		return -1;
	must(agency_add(&env->ctx, &(struct agency_input){ "KRI-MOI",
	    "Ministry", "ministry" }, &a, &env->err), env, "agency_add");
	must(user_add(&env->ctx, &(struct user_input){ .agency = "KRI-MOI",
	    .username = "admin", .role = "admin", .password = PASSWORD }, &u,
	    &env->err), env, "admin");
	must(ctx_act_as(&env->ctx, "admin", &env->err), env, "act");
	must(user_add(&env->ctx, &(struct user_input){ .agency = "KRI-MOI",
	    .username = "inv", .role = "investigator", .password = PASSWORD },
	    &u, &env->err), env, "inv");
	*state = env;
	return 0;
}

static int
login(struct unit_env *env, const char *user, const char *password,
    const char *totp, struct auth_session *s)
{
	err_clear(&env->err);
	return auth_login(&env->ctx, &(struct auth_login){ user, password,
	    totp }, s, &env->err);
}

/* Moves the user's last failure back by seconds. */
static void
age_failure(struct unit_env *env, int64_t user_id, int failed,
    int64_t seconds)
{
	char at[TIMESTAMP_TEXT_SIZE];

	date_seconds_format(date_now_seconds() - seconds, at);
	must(store_login_failed(env->ctx.store, user_id, failed, at, NULL,
	    &env->err), env, "age failure");
}

static size_t
count_actions(struct unit_env *env, const char *action)
{
	struct audit_row *rows;
	size_t n, count = 0;

	must(store_audit_list(env->ctx.store, &(struct audit_filter){ 0 },
	    env->ctx.arena, &rows, &n, &env->err), env, "audit");
	for (size_t i = 0; i < n; i++)
		count += STREQ(rows[i].action, action);
	return count;
}

static void
test_login_and_resume(void **state)
{
	struct unit_env *env = *state;
	struct auth_session s;
	struct session_row row;
	struct user_row user;
	char hash[VAULT_SHA256_HEX];

	must(login(env, "inv", PASSWORD, NULL, &s), env, "login");
	assert_int_equal(strlen(s.token), VAULT_TOKEN_TEXT - 1);
	assert_int_equal(strlen(s.csrf), VAULT_TOKEN_TEXT - 1);
	assert_string_not_equal(s.token, s.csrf);
	assert_string_equal(env->ctx.actor.username, "inv");
	/* Only the token's hash is stored. */
	vault_sha256_hex(&(struct vault_piece){ s.token, strlen(s.token) }, 1,
	    hash);
	must(store_session_get(env->ctx.store, hash, env->ctx.arena, &row,
	    &user, &env->err), env, "session row");
	assert_string_equal(row.csrf, s.csrf);
	assert_string_equal(user.username, "inv");
	assert_int_equal(user.id, row.user_id);
	env->ctx.actor = (struct actor){ 0 };
	must(auth_resume(&env->ctx, s.token, &row, &env->err), env,
	    "resume");
	assert_string_equal(env->ctx.actor.username, "inv");
	assert_int_equal(auth_resume(&env->ctx, "nonsense", &row, &env->err),
	    -1);
	assert_int_equal(env->err.code, ERR_UNAUTHENTICATED);
	assert_int_equal(count_actions(env, "user.login"), 1);

	/* Resuming only reads; touching records the use, at most once a
	 * minute. */
	{
		char old[TIMESTAMP_TEXT_SIZE];
		struct session_row now;

		date_seconds_format(date_now_seconds() - 5 * 60, old);
		must(store_session_touch(env->ctx.store, hash, old,
		    &env->err), env, "touch back");
		must(auth_resume(&env->ctx, s.token, &row, &env->err), env,
		    "resume an idle session");
		must(store_session_get(env->ctx.store, hash, env->ctx.arena,
		    &now, NULL, &env->err), env, "reread");
		assert_string_equal(now.last_seen_at, old);
		must(auth_touch(&env->ctx, &row, &env->err), env, "touch");
		must(store_session_get(env->ctx.store, hash, env->ctx.arena,
		    &now, NULL, &env->err), env, "reread");
		assert_string_not_equal(now.last_seen_at, old);
		row = now;
		must(auth_touch(&env->ctx, &row, &env->err), env,
		    "touch again");
		must(store_session_get(env->ctx.store, hash, env->ctx.arena,
		    &now, NULL, &env->err), env, "reread");
		assert_string_equal(now.last_seen_at, row.last_seen_at);
	}
	/* Idle too long: the session has expired. */
	{
		char old[TIMESTAMP_TEXT_SIZE];

		date_seconds_format(date_now_seconds() - 31 * 60, old);
		must(store_session_touch(env->ctx.store, hash, old,
		    &env->err), env, "touch");
		assert_int_equal(auth_resume(&env->ctx, s.token, &row,
		    &env->err), -1);
		assert_int_equal(env->err.code, ERR_UNAUTHENTICATED);
		assert_true(unit_contains(env->err.msg, "expired"));
	}
	/* Logging out ends it for good. */
	must(login(env, "inv", PASSWORD, NULL, &s), env, "login again");
	must(auth_logout(&env->ctx, s.token, &env->err), env, "logout");
	assert_int_equal(auth_resume(&env->ctx, s.token, &row, &env->err),
	    -1);
	assert_true(unit_contains(env->err.msg, "ended"));
}

static void
test_wrong_logins_say_nothing_more(void **state)
{
	struct unit_env *env = *state;
	struct auth_session s;
	char ghost[sizeof(env->err.msg)];

	assert_int_equal(login(env, "ghost", PASSWORD, NULL, &s), -1);
	assert_int_equal(env->err.code, ERR_UNAUTHENTICATED);
	snprintf(ghost, sizeof(ghost), "%s", env->err.msg);
	assert_int_equal(login(env, "inv", "Wrong-Horse-Erbil-2026", NULL,
	    &s), -1);
	assert_int_equal(env->err.code, ERR_UNAUTHENTICATED);
	/* The same words whether the user exists or not. */
	assert_string_equal(env->err.msg, ghost);
	assert_int_equal(login(env, "", "", NULL, &s), -1);
	assert_int_equal(env->err.code, ERR_UNAUTHENTICATED);
}

static void
test_throttle_then_lock(void **state)
{
	struct unit_env *env = *state;
	struct auth_session s;
	struct user_row u;
	int i;

	must(store_user_by_username(env->ctx.store, "inv", env->ctx.arena, &u,
	    &env->err), env, "user");
	for (i = 0; i < AUTH_SLOW_AFTER; i++)
		assert_int_equal(login(env, "inv", "nope-nope-nope", NULL,
		    &s), -1);
	/* Now even the right password must wait. */
	assert_int_equal(login(env, "inv", PASSWORD, NULL, &s), -1);
	assert_int_equal(env->err.code, ERR_LIMITED);
	assert_true(unit_contains(env->err.msg, "try again in"));
	/* Failures continue once each wait is over, up to the lock. */
	for (i = AUTH_SLOW_AFTER; i < AUTH_LOCK_AFTER; i++) {
		age_failure(env, u.id, i, 3600);
		assert_int_equal(login(env, "inv", "nope-nope-nope", NULL,
		    &s), -1);
	}
	assert_int_equal(count_actions(env, "user.lock"), 1);
	age_failure(env, u.id, 0, 3600);	/* clears the count, not */
	must(store_login_failed(env->ctx.store, u.id, 0, NULL,	/* the lock */
	    "2999-01-01T00:00:00.000Z", &env->err), env, "relock");
	assert_int_equal(login(env, "inv", PASSWORD, NULL, &s), -1);
	assert_int_equal(env->err.code, ERR_LIMITED);
	assert_true(unit_contains(env->err.msg, "locked until"));
	/* An administrator lifts it. */
	must(ctx_act_as(&env->ctx, "admin", &env->err), env, "act");
	must(auth_unlock(&env->ctx, "inv", NULL, &env->err), env, "unlock");
	assert_int_equal(count_actions(env, "user.unlock"), 1);
	must(login(env, "inv", PASSWORD, NULL, &s), env, "login after unlock");
	/* Only administrators unlock. */
	assert_int_equal(auth_unlock(&env->ctx, "admin", NULL, &env->err), -1);
	assert_int_equal(env->err.code, ERR_FORBIDDEN);
}

static void
test_totp(void **state)
{
	struct unit_env *env = *state;
	struct auth_session s;
	const char *secret, *uri;
	int64_t step = 0;

	must(ctx_act_as(&env->ctx, "inv", &env->err), env, "act");
	must(auth_totp_enrol(&env->ctx, NULL, &secret, &uri, &env->err), env,
	    "enrol");
	assert_int_equal(strlen(secret), 32);
	assert_true(unit_contains(uri, "otpauth://totp/tipsom:inv?secret="));
	assert_int_equal(login(env, "inv", PASSWORD, NULL, &s), -1);
	assert_string_equal(env->err.field, "totp");
	assert_int_equal(login(env, "inv", PASSWORD, "000000", &s), -1);
	assert_int_equal(env->err.code, ERR_UNAUTHENTICATED);
	/* RFC 6238's SHA-1 test vector: secret "12345678901234567890",
	 * time 59 gives 94287082, whose last six digits are the code. */
	assert_int_equal(vault_totp_check("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
	    "287082", 59, &step), 0);
	assert_int_equal(step, 1);
	/* A code is used once. */
	assert_int_equal(vault_totp_check("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
	    "287082", 59, &step), -1);
	assert_int_equal(vault_totp_check("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
	    "28708", 59, &step), -1);
	/* Another user may not enrol someone else. */
	assert_int_equal(auth_totp_enrol(&env->ctx, "admin", &secret, &uri,
	    &env->err), -1);
	assert_int_equal(env->err.code, ERR_FORBIDDEN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_login_and_resume, setup,
		    unit_env_teardown),
		cmocka_unit_test_setup_teardown(
		    test_wrong_logins_say_nothing_more, setup,
		    unit_env_teardown),
		cmocka_unit_test_setup_teardown(test_throttle_then_lock,
		    setup, unit_env_teardown),
		cmocka_unit_test_setup_teardown(test_totp, setup,
		    unit_env_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
