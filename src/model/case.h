/* SPDX-License-Identifier: Apache-2.0 */
/* case.h - a case, its people and its notes, as rows. */
#ifndef TIPSOM_MODEL_CASE_H
#define TIPSOM_MODEL_CASE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/enums.h"

struct case_row {
	int64_t			 id;
	const char		*ref;		/* "KRI-MOI-2026-000042" */
	int64_t			 agency_id;
	const char		*agency_code;	/* filled on reads */
	int			 year;		/* of the reference */
	int64_t			 number;	/* of the reference */
	enum case_kind		 kind;
	enum case_status	 status;
	enum sensitivity	 sensitivity;
	const char		*title;
	const char		*summary;
	int64_t			 lead_user_id;	/* 0: none */
	const char		*lead_username;	/* filled on reads, or NULL */
	const char		*opened_at;
	int64_t			 opened_by;
	const char		*closed_at;	/* NULL while open */
	const char		*close_reason;	/* NULL while open */
	int64_t			 version;	/* bumped by every update */
	const char		*sop_id;	/* the SOP it walks ... */
	int			 sop_version;	/* ... pinned at opening */
	const char		*route;		/* a smuggling route, "AF,IR,TR"
						 * (0015), or NULL */
};

/* A person's part in a case. */
struct case_person_row {
	int64_t			 case_id;
	int64_t			 person_id;
	enum case_role		 role;
	const char		*identified_on;	/* YYYY-MM-DD */
	int			 age;		/* at identification; -1 unknown */
	enum age_basis		 age_basis;
	bool			 child;
	bool			 needs_interpreter;
	const char		*interpreter_language;	/* BCP 47, or NULL */
	const char		*added_at;
	int64_t			 added_by;
};

struct note_row {
	int64_t			 id;
	int64_t			 case_id;
	const char		*at;
	int64_t			 author_id;
	const char		*author;	/* username, filled on reads */
	const char		*body;
};

/* What case lists filter on; zero values mean "any". */
/*
 * Which cases a list holds: agency_id's own and, with viewer_today set,
 * those shared with it (live on that day); with owner_id set, only those
 * of that agency; with shared_only, only those shared with it, the
 * newest share first.  agency_id 0: every agency's (maintenance, tests).
 */
struct case_filter {
	int64_t			 agency_id;
	const char		*viewer_today;	/* YYYY-MM-DD, or NULL */
	int64_t			 owner_id;	/* 0: any */
	bool			 shared_only;	/* needs viewer_today */
	const char		*text;		/* in the reference or the
						 * title, any case; NULL: any */
	int64_t			 lead_id;	/* 0: any */
	int			 kind;		/* enum case_kind + 1, 0: any */
	int			 status;	/* enum case_status + 1, 0: any */
	int			 limit;		/* 0: no limit */
	int			 offset;
};

/* A case shared with another agency (one row per sharing, kept). */
struct case_share_row {
	int64_t			 id;
	int64_t			 case_id;
	int64_t			 agency_id;	/* shared with */
	const char		*agency_code;	/* filled on reads */
	enum share_scope	 scope;
	const char		*reason;
	const char		*shared_at;
	int64_t			 shared_by;
	const char		*shared_by_username;	/* filled on reads */
	const char		*expires_on;	/* the last day, or NULL */
	const char		*revoked_at;	/* NULL while not revoked */
	int64_t			 revoked_by;
	const char		*revoke_reason;
};

/* A case moved from one agency to another (one row per move, kept). */
struct case_transfer_row {
	int64_t			 id;
	int64_t			 case_id;
	int64_t			 from_agency_id;
	const char		*from_agency_code;	/* filled on reads */
	int64_t			 to_agency_id;
	const char		*to_agency_code;
	const char		*reason;
	const char		*at;
	int64_t			 by_user_id;
	const char		*by_username;
	int64_t			 lead_user_id;	/* the new lead; 0: none */
	const char		*lead_username;
	int64_t			 kept_share_id;	/* the old owner's share to
						 * read, or 0 */
};

#endif
