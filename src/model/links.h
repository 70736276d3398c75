/* SPDX-License-Identifier: Apache-2.0 */
/*
 * links.h - identifiers (phone numbers, accounts, vehicles, ...), their
 * links to persons and cases, and the calls imported between them.
 */
#ifndef TIPSOM_MODEL_LINKS_H
#define TIPSOM_MODEL_LINKS_H

#include <stdint.h>

#include "model/enums.h"

/* An identifier, one row whoever recorded it (search/identifier.h). */
struct identifier_row {
	int64_t			 id;
	enum identifier_kind	 kind;
	const char		*normalised;	/* what is matched */
	const char		*value;		/* as first typed */
};

/*
 * An identifier attached to a person, a case, or a person in a case.
 * Reads fill the identifier's fields and the names of the ids.
 */
struct link_row {
	int64_t			 id;
	int64_t			 identifier_id;
	enum identifier_kind	 kind;		/* the identifier's, on reads */
	const char		*normalised;	/* on reads */
	const char		*value;		/* on reads */
	int64_t			 person_id;	/* 0: none */
	int64_t			 case_id;	/* 0: none */
	const char		*case_ref;	/* on reads, or NULL */
	int64_t			 case_agency_id; /* the case's now, on reads */
	int64_t			 agency_id;	/* that recorded the link */
	const char		*agency;	/* its code, on reads */
	enum link_source	 source;
	const char		*note;		/* or NULL */
	const char		*created_at;
	int64_t			 created_by;
	const char		*created_by_username;	/* on reads */
	const char		*removed_at;	/* NULL while live */
};

/* A file of call records imported into a case. */
struct call_import_row {
	int64_t			 id;
	int64_t			 case_id;
	int64_t			 agency_id;
	int64_t			 calls;
	const char		*sha256;	/* of the file as sent */
	const char		*imported_at;
	int64_t			 imported_by;
};

/* One call of an import; started_at is YYYY-MM-DDTHH:MM:SSZ. */
struct call_row {
	int64_t			 import_id;
	int64_t			 case_id;
	int64_t			 caller_id;	/* identifiers */
	int64_t			 callee_id;
	const char		*started_at;
	int64_t			 duration;	/* seconds */
	int64_t			 line;		/* of the file */
};

/* The calls from one identifier to another in one case, summed. */
struct call_pair_row {
	struct identifier_row	 caller;
	struct identifier_row	 callee;
	int64_t			 case_id;
	const char		*case_ref;
	int64_t			 case_agency_id;
	int64_t			 calls;
	int64_t			 seconds;
	const char		*first;		/* the earliest started_at */
	const char		*last;
};

#endif
