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
 * Enrols username (yourself, or anyone for an administrator) for
 * two-factor login: a new secret, in base32 and as an otpauth:// URI for
 * authenticator apps.  Ends the user's sessions.  Audited.
 */
int		 auth_totp_enrol(struct ctx *ctx, const char *username,
		    const char **secret, const char **uri, struct err *err);

/*
 * Lifts a lock and clears the failure count (administrators; audited);
 * fills *out (may be NULL) with the user.
 */
int		 auth_unlock(struct ctx *ctx, const char *username,
		    struct user_row *out, struct err *err);

#endif
