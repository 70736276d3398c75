/* SPDX-License-Identifier: Apache-2.0 */
/* auth.c - passwords, two-factor codes, sessions and throttling. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/qr.h"
#include "base/util.h"
#include "core/access.h"
#include "core/agency.h"
#include "core/audit.h"
#include "core/auth.h"
#include "core/ctx.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

/* The field two-factor secrets are sealed as (vault.h). */
#define AUTH_TOTP_FIELD	"users.totp_secret"

/* Touching a session costs a write: once a minute is enough to tell
 * idle from active. */
#define TOUCH_EVERY	60

static const char wrong[] = "wrong username, password or code: check "
    "them and try again";

static long long
idle_seconds(const struct ctx *ctx)
{
	return (ctx->cfg ? ctx->cfg->session_idle_min : 30) * 60;
}

static long long
max_seconds(const struct ctx *ctx)
{
	return (ctx->cfg ? ctx->cfg->session_max_hours : 12) * 3600;
}

static int
user_audit(struct ctx *ctx, const char *action, const struct user_row *u,
    json_t *changes, struct err *err)
{
	int rc = audit_append(ctx, &(struct audit_event){ .action = action,
	    .object_type = "user", .object_id = u->username,
	    .agency_id = u->agency_id, .changes = changes }, err);

	json_decref(changes);
	return rc;
}

/* Seconds a user with failed failures must wait after the last one: 2,
 * 4, 8 ... (at least 2, as times are compared in whole seconds). */
static int64_t
backoff(int failed)
{
	int64_t wait = 2;

	if (failed < AUTH_SLOW_AFTER)
		return 0;
	for (int i = AUTH_SLOW_AFTER; i < failed && wait < 300; i++)
		wait *= 2;
	return wait;
}

/* ERR_LIMITED when the account is locked or must wait still. */
static int
throttled(const struct login_state *st, int64_t now, struct err *err)
{
	int64_t until, last;

	if (st->locked_until && date_seconds_parse(st->locked_until,
	    &until) == 0 && now < until)
		return err_set(err, ERR_LIMITED, "username", "the account is "
		    "locked until %.16s UTC after repeated failed logins: wait, "
		    "or ask an administrator to unlock it", st->locked_until);
	if (st->last_failed_at && !st->locked_until &&
	    date_seconds_parse(st->last_failed_at, &last) == 0 &&
	    now < last + backoff(st->failed))
		return err_set(err, ERR_LIMITED, "username", "too many failed "
		    "logins: try again in %lld second%s",
		    (long long)(last + backoff(st->failed) - now),
		    last + backoff(st->failed) - now == 1 ? "" : "s");
	return 0;
}

struct failure {
	const struct user_row	*u;
	const struct login_state *st;
	int64_t			 now;
};

static int
failure_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct failure *f = arg;
	char at[TIMESTAMP_TEXT_SIZE], until[TIMESTAMP_TEXT_SIZE];
	int failed = f->st->locked_until ? 1 : f->st->failed + 1;
	bool lock = failed >= AUTH_LOCK_AFTER;

	date_seconds_format(f->now, at);
	date_seconds_format(f->now + AUTH_LOCK_MINUTES * 60, until);
	if (f->st->locked_until && user_audit(ctx, "user.unlock", f->u,
	    json_pack("{s:s}", "by", "expiry"), err) == -1)
		return -1;
	if (store_login_failed(ctx->store, f->u->id, lock ? 0 : failed, at,
	    lock ? until : NULL, err) == -1 ||
	    user_audit(ctx, "user.login_failed", f->u, json_pack("{s:i}",
	    "failed", failed), err) == -1)
		return -1;
	if (!lock)
		return 0;
	if (store_session_delete_user(ctx->store, f->u->id, NULL, err) == -1)
		return -1;
	return user_audit(ctx, "user.lock", f->u, json_pack("{s:s, s:i}",
	    "until", until, "after_failures", failed), err);
}

struct success {
	const struct user_row	*u;
	const struct login_state *st;
	struct session_row	 session;
	int64_t			 totp_step;
};

static int
success_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct success *s = arg;

	if (s->st->locked_until && user_audit(ctx, "user.unlock", s->u,
	    json_pack("{s:s}", "by", "expiry"), err) == -1)
		return -1;
	if (store_login_succeeded(ctx->store, s->u->id, s->totp_step,
	    err) == -1 ||
	    store_session_insert(ctx->store, &s->session, err) == -1)
		return -1;
	return user_audit(ctx, "user.login", s->u, json_pack("{s:b}", "totp",
	    s->totp_step != 0), err);
}

static void
token_hash(const char *token, char out[VAULT_SHA256_HEX])
{
	vault_sha256_hex(&(struct vault_piece){ token, strlen(token) }, 1,
	    out);
}

/* Fills the session rows of a new login. */
static void
new_session(struct ctx *ctx, int64_t user_id, int64_t now,
    struct auth_session *out, struct session_row *row)
{
	char hash[VAULT_SHA256_HEX];
	char at[TIMESTAMP_TEXT_SIZE], until[TIMESTAMP_TEXT_SIZE];

	vault_token(out->token);
	vault_token(out->csrf);
	token_hash(out->token, hash);
	date_seconds_format(now, at);
	date_seconds_format(now + max_seconds(ctx), until);
	out->expires_at = arena_strdup(ctx->arena, until);
	*row = (struct session_row){ .token_hash = arena_strdup(ctx->arena,
	    hash), .user_id = user_id, .csrf = arena_strdup(ctx->arena,
	    out->csrf), .created_at = arena_strdup(ctx->arena, at),
	    .expires_at = out->expires_at };
}

int
auth_login(struct ctx *ctx, const struct auth_login *in,
    struct auth_session *out, struct err *err)
{
	struct user_row u;
	struct login_state st;
	struct success ok = { 0 };
	int64_t now = date_now_seconds();
	char *hash;
	bool password_ok;

	*out = (struct auth_session){ 0 };
	if (!in->username || !*in->username || !in->password)
		return err_set(err, ERR_UNAUTHENTICATED, "username", wrong);
	if (store_user_by_username(ctx->store, in->username, ctx->arena, &u,
	    err) == -1) {
		if (err->code != ERR_NOT_FOUND)
			return -1;
		/* The same work as for a real user, so that timing does
		 * not tell which usernames exist. */
		vault_password_verify(ctx->vault, "$argon2id$v=19$m=65536,t=2,"
		    "p=1$c29tZXNhbHRzb21lc2FsdA$"
		    "7oqGOUvaMRnIoxcsgQ6ivGSUyiRdLkqLJ2Qgu8ccDxw",
		    in->password);
		return err_set(err, ERR_UNAUTHENTICATED, "username", wrong);
	}
	if (store_login_state(ctx->store, u.id, ctx->arena, &st, err) == -1 ||
	    (st.totp_secret && !(st.totp_secret = vault_field_open(
	    ctx->vault, ctx->arena, AUTH_TOTP_FIELD, st.totp_secret, err))) ||
	    throttled(&st, now, err) == -1 ||
	    store_user_password_hash(ctx->store, u.id, ctx->arena, &hash,
	    err) == -1)
		return -1;
	password_ok = u.active && vault_password_verify(ctx->vault, hash,
	    in->password);
	if (password_ok && st.totp_secret && (!in->totp || !*in->totp))
		return err_set(err, ERR_UNAUTHENTICATED, "totp", "this account "
		    "needs a two-factor code: give the six digits your "
		    "authenticator app shows");
	ok.totp_step = st.totp_last_step;
	if (!password_ok || (st.totp_secret && vault_totp_check(
	    st.totp_secret, in->totp, now, &ok.totp_step) == -1)) {
		if (ctx_transaction(ctx, failure_write, &(struct failure){ &u,
		    &st, now }, err) == -1)
			return -1;
		return err_set(err, ERR_UNAUTHENTICATED, "username", wrong);
	}
	if (ctx_act_as_user(ctx, &u, err) == -1)
		return -1;
	ok.u = &u;
	ok.st = &st;
	if (!st.totp_secret)
		ok.totp_step = 0;
	new_session(ctx, u.id, now, out, &ok.session);
	out->user = u;
	return ctx_transaction(ctx, success_write, &ok, err);
}

int
auth_resume(struct ctx *ctx, const char *token, struct session_row *row,
    struct err *err)
{
	char hash[VAULT_SHA256_HEX];
	struct user_row u;
	int64_t now = date_now_seconds(), seen, until;

	if (!token || strlen(token) != VAULT_TOKEN_TEXT - 1)
		return err_set(err, ERR_UNAUTHENTICATED, "session", "not logged "
		    "in: log in first");
	token_hash(token, hash);
	if (store_session_get(ctx->store, hash, ctx->arena, row, &u,
	    err) == -1) {
		if (err->code != ERR_NOT_FOUND)
			return -1;
		return err_set(err, ERR_UNAUTHENTICATED, "session", "the "
		    "session has ended: log in again");
	}
	if (date_seconds_parse(row->last_seen_at, &seen) == -1 ||
	    date_seconds_parse(row->expires_at, &until) == -1 ||
	    now >= until || now >= seen + idle_seconds(ctx))
		return err_set(err, ERR_UNAUTHENTICATED, "session", "the "
		    "session has expired: log in again");
	/* A store that failed is not an account that is disabled. */
	if (ctx_act_as_user(ctx, &u, err) == -1)
		return err->code != ERR_UNAUTHENTICATED ? -1 : err_set(err,
		    ERR_UNAUTHENTICATED, "session", "the session's account "
		    "is disabled: ask an administrator");
	return 0;
}

int
auth_touch(struct ctx *ctx, const struct session_row *row, struct err *err)
{
	char at[TIMESTAMP_TEXT_SIZE];
	int64_t now = date_now_seconds(), seen;

	if (date_seconds_parse(row->last_seen_at, &seen) == -1)
		return err_set(err, ERR_INTERNAL, "session",
		    "the session's last use is not a time");
	if (now - seen < TOUCH_EVERY)
		return 0;
	date_seconds_format(now, at);
	return store_session_touch(ctx->store, row->token_hash, at, err);
}

struct logout {
	const char	*hash;
	struct user_row	 u;
};

static int
logout_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct logout *l = arg;

	if (store_session_delete(ctx->store, l->hash, err) == -1)
		return -1;
	return user_audit(ctx, "user.logout", &l->u, NULL, err);
}

int
auth_logout(struct ctx *ctx, const char *token, struct err *err)
{
	char hash[VAULT_SHA256_HEX];
	struct session_row row;
	struct logout l = { hash, { 0 } };

	if (auth_resume(ctx, token, &row, err) == -1 ||
	    store_user_by_id(ctx->store, row.user_id, ctx->arena, &l.u,
	    err) == -1)
		return -1;
	token_hash(token, hash);
	return ctx_transaction(ctx, logout_write, &l, err);
}

struct totp_write {
	const struct user_row	*u;
	const char		*secret;	/* NULL removes two-factor */
	int64_t			 last_step;
	const char		*keep_session;	/* token hash, or NULL */
	const char		*action;
};

static int
totp_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct totp_write *w = arg;
	/* Whoever copies the store must not get the second factor too. */
	const char *sealed = w->secret ? vault_field_seal(ctx->vault,
	    ctx->arena, AUTH_TOTP_FIELD, w->secret, err) : NULL;

	if ((w->secret && !sealed) || store_user_set_totp(ctx->store,
	    w->u->id, sealed, w->last_step, err) == -1)
		return -1;
	/* A new second factor ends the sessions opened without it. */
	if (w->secret && store_session_delete_user(ctx->store, w->u->id,
	    w->keep_session, err) == -1)
		return -1;
	return user_audit(ctx, w->action, w->u, NULL, err);
}

/* A new secret for username, with its URI and QR code. */
static int
totp_offer(struct ctx *ctx, const char *username, struct auth_totp *out,
    struct err *err)
{
	*out = (struct auth_totp){ 0 };
	out->secret = vault_totp_secret(ctx->arena);
	out->uri = arena_printf(ctx->arena, "otpauth://totp/tipsom:%s?secret="
	    "%s&issuer=tipsom&digits=6&period=30", username, out->secret);
	return qr_rows(ctx->arena, out->uri, &out->qr, &out->qr_size, err);
}

int
auth_totp_enrol(struct ctx *ctx, const char *username, struct auth_totp *out,
    struct err *err)
{
	struct user_row u;

	*out = (struct auth_totp){ 0 };
	if (user__managed(ctx, username, &u, err) == -1 ||
	    totp_offer(ctx, u.username, out, err) == -1)
		return -1;
	return ctx_transaction(ctx, totp_write, &(struct totp_write){
	    .u = &u, .secret = out->secret, .action = "user.totp_enrol" }, err);
}

int
auth_totp_offer(struct ctx *ctx, struct auth_totp *out, struct err *err)
{
	*out = (struct auth_totp){ 0 };
	if (ctx->actor.system)
		return err_set(err, ERR_FORBIDDEN, "username", "the system "
		    "account does not log in: enrol a user");
	return totp_offer(ctx, ctx->actor.username, out, err);
}

int
auth_totp_confirm(struct ctx *ctx, const struct session_row *current,
    const char *secret, const char *code, struct err *err)
{
	struct user_row u;
	int64_t step = 0;

	if (!secret || strlen(secret) != AUTH_TOTP_SECRET_LEN ||
	    strspn(secret, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") !=
	    AUTH_TOTP_SECRET_LEN)
		return err_set(err, ERR_INVALID, "secret", "the secret is not "
		    "one tipsom offered: %d letters A-Z and digits 2-7; ask "
		    "for a new one", AUTH_TOTP_SECRET_LEN);
	if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
		return err_set(err, ERR_INVALID, "code", "the code is not six "
		    "digits: type the six digits the authenticator app "
		    "shows");
	if (vault_totp_check(secret, code, date_now_seconds(), &step) == -1)
		return err_set(err, ERR_INVALID, "code", "the code does not "
		    "match the secret: check that the device's clock is "
		    "right, and type the code the app shows now");
	if (user__managed(ctx, NULL, &u, err) == -1)
		return -1;
	/* The step just used stays used: the same code cannot log in. */
	return ctx_transaction(ctx, totp_write, &(struct totp_write){
	    .u = &u, .secret = secret, .last_step = step, .keep_session =
	    current ? current->token_hash : NULL, .action = "user.totp_enrol" },
	    err);
}

int
auth_totp_remove(struct ctx *ctx, const char *username, struct user_row *out,
    struct err *err)
{
	struct user_row u;

	if (access_require(ctx, PERM_USER_MANAGE, err) == -1 ||
	    user__managed(ctx, username, &u, err) == -1)
		return -1;
	if (!u.two_factor)
		return err_set(err, ERR_CONFLICT, "username", "%s has no "
		    "two-factor login to remove: they log in with the "
		    "password alone", u.username);
	if (ctx_transaction(ctx, totp_write, &(struct totp_write){
	    .u = &u, .action = "user.totp_remove" }, err) == -1)
		return -1;
	u.two_factor = false;
	if (out)
		*out = u;
	return 0;
}

int
auth_password_change(struct ctx *ctx, const struct session_row *current,
    const char *old_password, const char *new_password, struct err *err)
{
	struct user_row u;
	struct login_state st;
	int64_t now = date_now_seconds();
	char *hash;

	if (user__managed(ctx, NULL, &u, err) == -1 ||
	    store_login_state(ctx->store, u.id, ctx->arena, &st, err) == -1 ||
	    throttled(&st, now, err) == -1 ||
	    store_user_password_hash(ctx->store, u.id, ctx->arena, &hash,
	    err) == -1)
		return -1;
	/* A wrong current password counts as a failed login, so that an
	 * unattended session cannot be used to guess it. */
	if (!old_password || !vault_password_verify(ctx->vault, hash,
	    old_password)) {
		if (ctx_transaction(ctx, failure_write, &(struct failure){ &u,
		    &st, now }, err) == -1)
			return -1;
		return err_set(err, ERR_INVALID, "current_password", "the "
		    "current password is wrong");
	}
	if (new_password && STREQ(new_password, old_password))
		return err_set(err, ERR_INVALID, "new_password", "the new "
		    "password is the current one: choose another");
	if (user__set_password(ctx, &u, new_password, current ?
	    current->token_hash : NULL, err) == -1) {
		/* The rules name "password"; here there are two. */
		if (STREQ(err->field, "password"))
			snprintf(err->field, sizeof(err->field),
			    "new_password");
		return -1;
	}
	return 0;
}

static int
unlock_write(struct ctx *ctx, void *arg, struct err *err)
{
	const struct user_row *u = arg;

	if (store_login_succeeded(ctx->store, u->id, 0, err) == -1)
		return -1;
	return user_audit(ctx, "user.unlock", u, json_pack("{s:s}", "by",
	    "administrator"), err);
}

int
auth_unlock(struct ctx *ctx, const char *username, struct user_row *out,
    struct err *err)
{
	struct user_row u;

	if (access_require(ctx, PERM_USER_MANAGE, err) == -1 ||
	    user__managed(ctx, username, &u, err) == -1 ||
	    ctx_transaction(ctx, unlock_write, &u, err) == -1)
		return -1;
	if (out)
		*out = u;
	return 0;
}
