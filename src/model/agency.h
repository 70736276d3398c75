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
};

#endif
