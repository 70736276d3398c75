/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_auth.c - logins, sessions, two-factor codes and throttling, on a
 * store whose clock-bearing columns the tests move to the past.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <oath.h>

#include "base/date.h"
#include "core/agency.h"
#include "core/audit.h"
#include "core/auth.h"
#include "store/store_fault.h"
#include "unit.h"
#include "base/banned.h"

#define PASSWORD	"Correct-Horse-Erbil-2026"

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
	/* A store that fails (a lost connection) after the session was
	 * read is a store error, not a disabled account nor an ended
	 * session: the page says try again, not log in again.  Each of
	 * resume's statements fails in turn. */
	for (int64_t at = 1; at <= 2; at++) {
		store_fault_after(env->ctx.store, at);
		assert_int_equal(auth_resume(&env->ctx, s.token, &row,
		    &env->err), -1);
		store_fault_after(env->ctx.store, 0);
		assert_int_equal(env->err.code, ERR_STORE);
	}

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

/* The code an authenticator app shows at time at for secret. */
static void
app_code(const char *secret, int64_t at, char code[7])
{
	char *raw = NULL;
	size_t len = 0;

	if (oath_base32_decode(secret, strlen(secret), &raw, &len) != OATH_OK ||
	    oath_totp_generate(raw, len, (time_t)at, 30, 0, 6, code) !=
	    OATH_OK)
		fail_msg("no code for %s", secret);
	free(raw);
}

/* Logs username in and resumes the session, whose row fills *row. */
static void
session_of(struct unit_env *env, const char *username, const char *password,
    struct auth_session *s, struct session_row *row)
{
	must(login(env, username, password, NULL, s), env, "login");
	must(auth_resume(&env->ctx, s->token, row, &env->err), env, "resume");
}

static bool
session_lives(struct unit_env *env, const struct auth_session *s)
{
	struct session_row row;

	return auth_resume(&env->ctx, s->token, &row, &env->err) == 0;
}

static void
test_totp(void **state)
{
	struct unit_env *env = *state;
	struct auth_session s;
	struct auth_totp t;
	int64_t step = 0;

	must(ctx_act_as(&env->ctx, "inv", &env->err), env, "act");
	must(auth_totp_enrol(&env->ctx, NULL, &t, &env->err), env, "enrol");
	assert_int_equal(strlen(t.secret), AUTH_TOTP_SECRET_LEN);
	assert_true(unit_contains(t.uri, "otpauth://totp/tipsom:inv?secret="));
	assert_true(unit_contains(t.uri, t.secret));
	assert_int_equal(t.qr_size, 41);
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
	assert_int_equal(auth_totp_enrol(&env->ctx, "admin", &t, &env->err),
	    -1);
	assert_int_equal(env->err.code, ERR_FORBIDDEN);
}

static void
test_totp_offer_then_confirm(void **state)
{
	static const struct {
		const char	*name;
		const char	*secret;	/* NULL: the offered one */
		const char	*code;		/* NULL: the app's, wrong */
		const char	*field;
	} refused[] = {
		{ "no secret", "", "123456", "secret" },
		{ "lower case", "abcdefghijklmnopqrstuvwxyz234567", "123456",
		    "secret" },
		{ "too short", "ABCDEFGHIJKLMNOPQRSTUVWXYZ23456", "123456",
		    "secret" },
		{ "letter 1 is not base32", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234561",
		    "123456", "secret" },
		{ "five digits", NULL, "12345", "code" },
		{ "letters", NULL, "12a456", "code" },
		{ "no code", NULL, "", "code" },
		{ "another code", NULL, NULL, "code" },
	};
	struct unit_env *env = *state;
	struct auth_session here, elsewhere, s;
	struct session_row row, other;
	struct auth_totp t;
	struct user_row u;
	char code[7], wrong[7];
	int64_t now = date_now_seconds();

	session_of(env, "inv", PASSWORD, &elsewhere, &other);
	session_of(env, "inv", PASSWORD, &here, &row);
	must(auth_totp_offer(&env->ctx, &t, &env->err), env, "offer");
	assert_int_equal(strlen(t.secret), AUTH_TOTP_SECRET_LEN);
	assert_true(unit_contains(t.uri, "tipsom:inv?secret="));
	/* An offer stores nothing. */
	must(login(env, "inv", PASSWORD, NULL, &s), env, "login after offer");
	app_code(t.secret, now, code);
	memcpy(wrong, code, sizeof(wrong));
	wrong[5] = (char)('0' + (code[5] - '0' + 1) % 10);
	must(auth_resume(&env->ctx, here.token, &row, &env->err), env, "act");
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		err_clear(&env->err);
		if (auth_totp_confirm(&env->ctx, &row, refused[i].secret ?
		    refused[i].secret : t.secret, refused[i].code ?
		    refused[i].code : wrong, &env->err) != -1)
			fail_msg("\"%s\" was accepted", refused[i].name);
		assert_int_equal(env->err.code, ERR_INVALID);
		if (!STREQ(env->err.field, refused[i].field))
			fail_msg("\"%s\": field %s", refused[i].name,
			    env->err.field);
	}
	assert_int_equal(count_actions(env, "user.totp_enrol"), 0);
	must(auth_totp_confirm(&env->ctx, &row, t.secret, code, &env->err),
	    env, "confirm");
	assert_int_equal(count_actions(env, "user.totp_enrol"), 1);
	/* The confirming session goes on; the others end. */
	assert_true(session_lives(env, &here));
	assert_false(session_lives(env, &elsewhere));
	assert_false(session_lives(env, &s));
	must(store_user_by_username(env->ctx.store, "inv", env->ctx.arena, &u,
	    &env->err), env, "user");
	assert_true(u.two_factor);
	assert_int_equal(login(env, "inv", PASSWORD, NULL, &s), -1);
	assert_string_equal(env->err.field, "totp");
	/* The confirming code was used; the app's next one logs in. */
	assert_int_equal(login(env, "inv", PASSWORD, code, &s), -1);
	app_code(t.secret, now + 30, code);
	must(login(env, "inv", PASSWORD, code, &s), env, "login with code");
}

static void
test_totp_remove(void **state)
{
	struct unit_env *env = *state;
	struct auth_session s;
	struct auth_totp t;

	must(auth_totp_enrol(&env->ctx, "inv", &t, &env->err), env, "enrol");
	must(ctx_act_as(&env->ctx, "inv", &env->err), env, "act inv");
	assert_int_equal(auth_totp_remove(&env->ctx, "inv", NULL,
	    &env->err), -1);
	assert_int_equal(env->err.code, ERR_FORBIDDEN);
	must(ctx_act_as(&env->ctx, "admin", &env->err), env, "act admin");
	must(auth_totp_remove(&env->ctx, "inv", NULL, &env->err), env,
	    "remove");
	assert_int_equal(count_actions(env, "user.totp_remove"), 1);
	assert_int_equal(auth_totp_remove(&env->ctx, "inv", NULL,
	    &env->err), -1);
	assert_int_equal(env->err.code, ERR_CONFLICT);
	assert_int_equal(auth_totp_remove(&env->ctx, "nobody", NULL,
	    &env->err), -1);
	assert_int_equal(env->err.code, ERR_NOT_FOUND);
	must(login(env, "inv", PASSWORD, NULL, &s), env, "password alone");
}

static void
test_password_change(void **state)
{
	static const char new_password[] = "Tigris-Lantern-Morning-7";
	static const struct {
		const char	*name;
		const char	*current;
		const char	*new_password;
		const char	*field;
	} refused[] = {
		{ "wrong current", "Wrong-Horse-Erbil-2026", new_password,
		    "current_password" },
		{ "no current", NULL, new_password, "current_password" },
		{ "the same again", PASSWORD, PASSWORD, "new_password" },
		{ "too short", PASSWORD, "short", "new_password" },
		{ "no new one", PASSWORD, NULL, "new_password" },
	};
	struct unit_env *env = *state;
	struct auth_session here, elsewhere, s;
	struct session_row row, other;

	session_of(env, "inv", PASSWORD, &elsewhere, &other);
	session_of(env, "inv", PASSWORD, &here, &row);
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		err_clear(&env->err);
		if (auth_password_change(&env->ctx, &row, refused[i].current,
		    refused[i].new_password, &env->err) != -1)
			fail_msg("\"%s\" was accepted", refused[i].name);
		if (!STREQ(env->err.field, refused[i].field))
			fail_msg("\"%s\": field %s: %s", refused[i].name,
			    env->err.field, env->err.msg);
		/* Two wrong ones in a row make the account wait. */
		must(store_login_failed(env->ctx.store, row.user_id, 0, NULL,
		    NULL, &env->err), env, "forget failures");
	}
	/* A wrong current password counts as a failed login. */
	assert_int_equal(count_actions(env, "user.login_failed"), 2);
	must(auth_password_change(&env->ctx, &row, PASSWORD, new_password,
	    &env->err), env, "change");
	assert_true(session_lives(env, &here));
	assert_false(session_lives(env, &elsewhere));
	assert_int_equal(login(env, "inv", PASSWORD, NULL, &s), -1);
	must(login(env, "inv", new_password, NULL, &s), env, "new password");
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
		cmocka_unit_test_setup_teardown(test_totp_offer_then_confirm,
		    setup, unit_env_teardown),
		cmocka_unit_test_setup_teardown(test_totp_remove, setup,
		    unit_env_teardown),
		cmocka_unit_test_setup_teardown(test_password_change, setup,
		    unit_env_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
