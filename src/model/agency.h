/* SPDX-License-Identifier: Apache-2.0 */
/* agency.h - an agency and a user, as rows every layer shares. */
#ifndef TIPSOM_MODEL_AGENCY_H
#define TIPSOM_MODEL_AGENCY_H

#include <stdbool.h>
#include <stdint.h>

#include "model/enums.h"

/* Strings in rows read from the store live in the caller's arena. */
struct agency_row {
	int64_t			 id;
	const char		*code;		/* "KRI-MOI": unique, A-Z 0-9 - */
	const char		*name;
	enum agency_kind	 kind;
	const char		*created_at;
};

struct user_row {
	int64_t			 id;
	int64_t			 agency_id;
	const char		*agency_code;	/* filled on reads */
	const char		*username;	/* lower case, unique */
	const char		*full_name;
	enum role		 role;
	bool			 active;
	const char		*created_at;
	const char		*language;	/* of the interface, or NULL */
	bool			 two_factor;	/* enrolled for TOTP; on reads */
};

/* What a login needs to know of a user besides the password hash. */
struct login_state {
	int			 failed;	/* failed logins since success */
	const char		*last_failed_at; /* or NULL */
	const char		*locked_until;	/* or NULL */
	const char		*totp_secret;	/* base32, or NULL */
	int64_t			 totp_last_step; /* last code accepted */
};

/* A web session; the token itself is never stored, only its hash. */
struct session_row {
	const char		*token_hash;	/* SHA-256 hex */
	int64_t			 user_id;
	const char		*csrf;		/* the anti-CSRF token */
	const char		*created_at;
	const char		*last_seen_at;
	const char		*expires_at;	/* the absolute expiry */
};

#endif
