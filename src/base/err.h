/* SPDX-License-Identifier: Apache-2.0 */
/*
 * err.h - the one error vocabulary of tipsom.
 *
 * Every fallible function returns 0 / -1 (or a pointer / NULL) and takes a
 * struct err * last.  The code says what kind of failure it was, so that
 * the CLI and HTTP layers can each map it with one table; field names the
 * bad input (a JSON path or an option name) and msg is one line:
 * "what went wrong: the fix", lowercase, no full stop.
 */
#ifndef TIPSOM_ERR_H
#define TIPSOM_ERR_H

#include <stdarg.h>

enum err_code {
	ERR_OK = 0,
	ERR_INVALID,		/* bad input: err.field names it */
	ERR_NOT_FOUND,		/* absent, or not visible to this user */
	ERR_CONFLICT,		/* duplicate, or edited meanwhile */
	ERR_FORBIDDEN,		/* the acting user's role does not allow it */
	ERR_UNAUTHENTICATED,	/* no acting user, or a wrong password */
	ERR_STORE,		/* the database failed */
	ERR_VERSION,		/* the store's schema does not match the binary */
	ERR_IO,			/* a file or stream could not be read or written */
	ERR_TAMPERED,		/* the audit chain does not verify */
	ERR_LIMITED,		/* too many attempts: try again later */
	ERR_INTERNAL,		/* a bug: an invariant did not hold */
	ERR__MAX
};

struct err {
	enum err_code	 code;
	char		 field[64];	/* JSON path of the bad field, or "" */
	char		 msg[256];	/* one line: what is wrong, then the fix */
};

#define ERR_INIT	{ .code = ERR_OK }

/*
 * Fills *err and returns -1, so a caller can write "return err_set(...);".
 * field may be NULL.  A message longer than err.msg is cut, never overrun.
 */
int		 err_set(struct err *err, enum err_code code, const char *field,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Resets *err to ERR_OK with empty field and message. */
void		 err_clear(struct err *err);

/* The stable name of code ("invalid", "not_found", ...), for JSON. */
const char	*err_code_name(enum err_code code);

#endif
