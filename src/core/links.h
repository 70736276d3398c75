/* SPDX-License-Identifier: Apache-2.0 */
/*
 * links.h - the identifiers that connect persons and cases, and the
 * network behind a case.
 *
 * An identifier (a phone number, an e-mail address, an address, a
 * vehicle, a bank or hawala account, a social media handle, a document,
 * or other) is attached to a person, to a case, or to a person in a case.
 * It is stored once in the form it is matched by (search/identifier.h),
 * so that two agencies typing one number two ways find each other; the
 * link keeps who recorded it, when, from where (typed, or call records)
 * and a note.  Call records (caller, callee, time, duration) imported
 * into a case link their numbers to the case and draw who called whom.
 *
 * Links are part of the investigation (access.h, PART_LINKS): a case's
 * own agency and an agency it is shared with for the whole case or the
 * investigation read them; a share for the victims' assistance does not
 * show them.  A link without a case is its recording agency's.  The
 * network (search/network.h) shows only the cases whose links the actor
 * may read and the persons the actor may see: nothing else is returned
 * or counted.  Writing needs PERM_CASE_EDIT on the case's own agency (or,
 * for a person's link without a case, on a person the actor sees).
 *
 * Every write commits with its audit record (links.add, links.remove,
 * links.import_calls) or not at all; a network read with names is audited
 * (links.identities_read).  The audit keeps kinds and ids, never an
 * identifier's value.  Errors name the field at fault.
 */
#ifndef TIPSOM_CORE_LINKS_H
#define TIPSOM_CORE_LINKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/links.h"
#include "search/network.h"

struct ctx;
struct err;

#define LINKS_NETWORK_NODES	500	/* the most nodes a network shows */
#define LINKS_CALLS_MAX		50000	/* calls in one import */
#define LINKS_CSV_MAX_BYTES	(8 * 1024 * 1024)

/* As typed.  At least one of ref and person_id. */
struct link_input {
	const char	*ref;		/* the case, open */
	const char	*person_id;	/* with ref, a person in the case */
	const char	*kind;		/* enum identifier_kind text */
	const char	*value;		/* as written */
	const char	*note;		/* optional */
};

/*
 * Attaches an identifier, made when new.  ERR_CONFLICT (field "value")
 * when the same identifier is linked to the same person and case
 * already.  Fills *out as a list reads it.
 */
int		 links_add(struct ctx *ctx, const struct link_input *in,
		    struct link_row *out, struct err *err);

/* Removes link id (as typed), which is kept, marked removed. */
int		 links_remove(struct ctx *ctx, const char *id,
		    struct link_row *out, struct err *err);

/*
 * The live links of case ref, or of person person_id that the actor may
 * see (those of a case that shows its links, and their agency's own
 * without a case), or, with both, the person's in the case; oldest
 * first.
 */
struct links_query {
	const char	*ref;
	const char	*person_id;
};

int		 links_list(struct ctx *ctx, const struct links_query *q,
		    struct link_row **rows, size_t *n, struct err *err);

/*
 * The network of case ref or person person_id (one of them) to depth
 * ("1" to "3", default 2).  With identities, and when the actor may read
 * them, persons come with their names, and the read is audited.
 */
struct links_network_query {
	const char	*ref;
	const char	*person_id;
	const char	*depth;
	bool		 identities;
};

int		 links_network(struct ctx *ctx,
		    const struct links_network_query *q, struct network *out,
		    struct err *err);

/*
 * Records the identifier of kind with its normalised form and value as
 * typed (the one row for both, made when new) and gives its id: in an
 * encrypted store under its blind index, the value sealed.  For links
 * and call records alike.
 */
int		 links__identifier_put(struct ctx *ctx,
		    enum identifier_kind kind, const char *normalised,
		    const char *value, const char *at, int64_t *id,
		    struct err *err);

/*
 * Imports call records into case ref: CSV text of len bytes, UTF-8, its
 * first line "caller,callee,time,duration", then one call a line: two
 * phone numbers (search/identifier.h), the time it began in ISO 8601
 * with its offset ("2026-03-01T10:15:00+03:00" or "...Z"), not in the
 * future, and its length in whole seconds (0 to 86400).  Every line is
 * checked first: the first error refuses the whole file, naming its line
 * and column (err.field is the column).  Else the calls, their numbers
 * linked to the case (source call_records) and the import (its SHA-256:
 * a file is imported into a case once) commit with one audit record.
 */
struct call_import_result {
	struct call_import_row	 import;
	const char		*ref;
	int64_t			 numbers;	/* distinct numbers */
	int64_t			 new_links;	/* numbers newly linked */
};

int		 links_import_calls(struct ctx *ctx, const char *ref,
		    const char *csv, size_t len,
		    struct call_import_result *out, struct err *err);

/* As JSON, new references. */
json_t		*link_json(const struct link_row *l);
json_t		*links_network_json(struct ctx *ctx, const struct network *n);
json_t		*call_import_json(const struct call_import_result *r);

/*
 * The start of a network as typed ("KRI-MOI-2026-000001" or a person's
 * id): which field it fills.  For the CLI's REF|PERSON_ID.
 */
void		 links_start(const char *s, struct links_network_query *q);

#endif
