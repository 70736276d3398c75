/* SPDX-License-Identifier: Apache-2.0 */
/* audit.h - one link of the audit chain, as a row. */
#ifndef TIPSOM_MODEL_AUDIT_H
#define TIPSOM_MODEL_AUDIT_H

#include <stdint.h>

#define AUDIT_HASH_HEX	65	/* 32 bytes as lower-case hex, and NUL */

struct audit_row {
	int64_t		 seq;		/* 1, 2, 3, ... without gaps */
	const char	*at;		/* timestamp */
	int64_t		 actor_id;	/* 0: the system (init, migrate) */
	const char	*actor;		/* username, filled on reads */
	const char	*action;	/* "case.open", "person.read", ... */
	const char	*object_type;	/* "case", "person", "user", ... */
	const char	*object_id;	/* reference, id or username */
	int64_t		 case_id;	/* 0: not about a case */
	const char	*case_ref;	/* filled on reads, or NULL */
	int64_t		 agency_id;	/* whose records it concerns; 0: none */
	const char	*changes;	/* canonical JSON object */
	char		 prev_hash[AUDIT_HASH_HEX];
	char		 hash[AUDIT_HASH_HEX];
};

struct audit_filter {
	int64_t		 case_id;	/* 0: any */
	int64_t		 agency_id;	/* 0: any */
	int64_t		 after_seq;	/* rows with seq > this */
	int		 limit;		/* 0: no limit */
	int		 offset;	/* rows skipped first */
};

#endif
