/* SPDX-License-Identifier: Apache-2.0 */
/*
 * agency.h - agencies and their users.
 *
 * Inputs are the strings a person typed; these functions check them (see
 * input.h), check the actor's rights (access.h), write in one transaction
 * with the audit record, and fill the row.  Rows live in ctx->arena.
 */
#ifndef TIPSOM_CORE_AGENCY_H
#define TIPSOM_CORE_AGENCY_H

#include <stddef.h>

#include "model/agency.h"

struct ctx;
struct err;

struct agency_input {
	const char	*code;		/* "KRI-MOI" */
	const char	*name;
	const char	*kind;		/* enum agency_kind text */
};

int		 agency_add(struct ctx *ctx, const struct agency_input *in,
		    struct agency_row *out, struct err *err);
/* The agency with code; ERR_NOT_FOUND naming field when there is none. */
int		 agency_find(struct ctx *ctx, const char *code,
		    const char *field, struct agency_row *row,
		    struct err *err);
int		 agency_list(struct ctx *ctx, struct agency_row **rows,
		    size_t *n, struct err *err);

struct user_input {
	const char	*agency;	/* agency code */
	const char	*username;
	const char	*full_name;
	const char	*role;		/* enum role text */
	const char	*password;	/* plain; only hashed, never kept */
};

/*
 * Adds a user.  The first user of a store must be an admin (they set up
 * everyone else).  ERR_CONFLICT when the username is taken.
 */
int		 user_add(struct ctx *ctx, const struct user_input *in,
		    struct user_row *out, struct err *err);

/*
 * Users by agency code and username, from offset on, at most limit (0:
 * all); agency may be NULL for all agencies.
 */
int		 user_list(struct ctx *ctx, const char *agency, int limit,
		    int offset, struct user_row **rows, size_t *n,
		    struct err *err);

/*
 * Sets username's password.  Users may change their own; changing
 * another's needs PERM_USER_MANAGE.
 */
int		 user_passwd(struct ctx *ctx, const char *username,
		    const char *password, struct err *err);

/*
 * Sets the actor's own language for the interface: en, ar or ckb, or NULL
 * for none (the browser's is used).  Audited.  Fills *out with the user.
 */
int		 user_set_language(struct ctx *ctx, const char *language,
		    struct user_row *out, struct err *err);

/*
 * For changes to a user's account: loads username (NULL or "": the
 * actor), who must be the actor, or the actor must manage users.
 */
int		 user__managed(struct ctx *ctx, const char *username,
		    struct user_row *u, struct err *err);

/*
 * Checks password against the rules and sets it as u's, ending u's
 * sessions but the one whose token hashes to keep_session (NULL: all).
 * Audited.
 */
int		 user__set_password(struct ctx *ctx, const struct user_row *u,
		    const char *password, const char *keep_session,
		    struct err *err);

/*
 * 0 when username is acceptable: 3 to 32 characters of a-z, 0-9, '.',
 * '_' and '-', starting with a letter.
 */
int		 user_check_username(const char *username, struct err *err);

/*
 * 0 when password meets the policy: 10 to 256 characters, valid UTF-8
 * without control characters, not containing the username, not one
 * repeated character and not a commonly used password.
 */
int		 user_check_password(const char *username, const char *password,
		    struct err *err);

#endif
