/* SPDX-License-Identifier: Apache-2.0 */
/*
 * auth.h - logging in over the network: passwords, two-factor codes,
 * sessions and login throttling.
 *
 * A session is a random 256-bit token that only the user's browser holds;
 * the store keeps its SHA-256, so a copy of the store opens no session.
 * Each session also has a CSRF token that state-changing requests echo.
 * Sessions end after AUTH_IDLE minutes without use or AUTH_MAX hours in
 * all (settings session-idle and session-max), at logout, and when the
 * password changes or the account is locked.
 *
 * Failed logins slow the account down: after AUTH_SLOW_AFTER failures
 * each next attempt must wait twice as long as the one before (ERR_LIMITED
 * with the wait), and after AUTH_LOCK_AFTER failures the account is
 * locked for AUTH_LOCK_MINUTES.  The lock, and its lifting, are audited.
 * The messages never say whether the username exists.
 */
#ifndef TIPSOM_AUTH_H
#define TIPSOM_AUTH_H

#include <stdint.h>

#include "model/agency.h"
#include "vault/vault.h"

struct ctx;
struct err;

#define AUTH_SLOW_AFTER		3
#define AUTH_LOCK_AFTER		10
#define AUTH_LOCK_MINUTES	15

struct auth_login {
	const char	*username;
	const char	*password;
	const char	*totp;		/* six digits, when enrolled */
};

struct auth_session {
	char		 token[VAULT_TOKEN_TEXT];	/* the cookie's value */
	char		 csrf[VAULT_TOKEN_TEXT];
	const char	*expires_at;
	struct user_row	 user;
};

/*
 * Checks the login and opens a session; ctx's actor becomes the user.
 * ERR_UNAUTHENTICATED for a wrong username, password or code (field
 * "totp" when a code is needed), ERR_LIMITED while the account must wait
 * or is locked.  Failures are counted and audited.
 */
int		 auth_login(struct ctx *ctx, const struct auth_login *in,
		    struct auth_session *out, struct err *err);

/*
 * Finds the session of token, checks its expiry, makes its user ctx's
 * actor and fills *row.  ERR_UNAUTHENTICATED when there is no such live
 * session.  It only reads, so a request can check its session inside the
 * read transaction it answers from; auth_touch() records the use.
 */
int		 auth_resume(struct ctx *ctx, const char *token,
		    struct session_row *row, struct err *err);

/*
 * Records that the session of row, resumed by auth_resume(), was used
 * now, the time its idle expiry counts from.  It writes at most once a
 * minute per session: a request within a minute of the last recorded use
 * writes nothing.
 */
int		 auth_touch(struct ctx *ctx, const struct session_row *row,
		    struct err *err);

/* Ends the session of token (audited). */
int		 auth_logout(struct ctx *ctx, const char *token,
		    struct err *err);

/*
 * Two-factor login.  A secret is offered in three forms: base32 to type,
 * an otpauth:// URI, and the URI as a QR code to scan.
 */
#define AUTH_TOTP_SECRET_LEN	32	/* 160 bits in base32 */

struct auth_totp {
	const char	*secret;
	const char	*uri;
	const char	**qr;		/* qr_size rows of '0' and '1' */
	int		 qr_size;
};

/*
 * From a browser, two steps, so that nobody is enrolled with a secret
 * their app never got: auth_totp_offer() makes a secret for the actor and
 * stores nothing; auth_totp_confirm() enrols it once code is one the app
 * made from it (ERR_INVALID, field "secret" or "code", when not).  The
 * confirmation ends the actor's other sessions, keeping current (may be
 * NULL), and is audited.
 */
int		 auth_totp_offer(struct ctx *ctx, struct auth_totp *out,
		    struct err *err);
int		 auth_totp_confirm(struct ctx *ctx,
		    const struct session_row *current, const char *secret,
		    const char *code, struct err *err);

/*
 * From the command line, at once: enrols username (yourself, or anyone
 * for an administrator) with a new secret and ends the user's sessions.
 * Audited.
 */
int		 auth_totp_enrol(struct ctx *ctx, const char *username,
		    struct auth_totp *out, struct err *err);

/*
 * Removes username's two-factor login, for someone who lost the device
 * (administrators; ERR_CONFLICT when there is none).  The user logs in
 * with the password alone and enrols again.  Audited.  Fills *out (may be
 * NULL) with the user.
 */
int		 auth_totp_remove(struct ctx *ctx, const char *username,
		    struct user_row *out, struct err *err);

/*
 * Changes the actor's password, given the current one.  A wrong current
 * password (ERR_INVALID, field "current_password") counts as a failed
 * login, with the same slowing down and lock.  Ends the actor's other
 * sessions, keeping current (may be NULL).  Audited.
 */
int		 auth_password_change(struct ctx *ctx,
		    const struct session_row *current,
		    const char *old_password, const char *new_password,
		    struct err *err);

/*
 * Lifts a lock and clears the failure count (administrators; audited);
 * fills *out (may be NULL) with the user.
 */
int		 auth_unlock(struct ctx *ctx, const char *username,
		    struct user_row *out, struct err *err);

#endif
