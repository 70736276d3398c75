/* SPDX-License-Identifier: Apache-2.0 */
/*
 * share.h - sharing a case with another agency, need-to-know, and
 * transferring it to another agency.
 *
 * A supervisor of the agency that owns a case shares it with another
 * agency, for a reason, with a scope, until a day or until revoked.  The
 * scope says what the other agency reads: the whole case, what the
 * victims' assistance needs (the victims, screenings and referrals), or
 * the suspects and evidence (suspects, witnesses, the record and the
 * legal assessment); access.h has the table.  While the share is live
 * the other agency's staff (their roles permitting) find the case in
 * their lists and read that much of it, names included when their role
 * may see names; the owning agency alone changes it.
 *
 * A transfer moves the case itself, with its cooperation requests: the
 * other agency owns and works it from then on, under the same reference,
 * and the agency that had it keeps a share to read it only when it asks
 * for one.
 *
 * Sharing, revoking and transferring are audited; shares and transfers
 * are never deleted, so who could see a case, and why, stays part of it.
 */
#ifndef TIPSOM_SHARE_H
#define TIPSOM_SHARE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/case.h"

struct ctx;
struct err;

struct case_share_input {
	const char	*ref;
	const char	*agency;	/* code of the agency to share with */
	const char	*scope;		/* required: an enum share_scope text */
	const char	*reason;	/* required: why it needs to know */
	const char	*until;		/* YYYY-MM-DD, the last day; optional */
};

/*
 * Shares case in->ref with agency in->agency.  ERR_INVALID for the
 * actor's own agency or a day already past; ERR_NOT_FOUND for no such
 * agency;
 * ERR_CONFLICT when a live share with that agency exists (revoke it
 * first to change it).  Fills *out.
 */
int		 case_share(struct ctx *ctx, const struct case_share_input *in,
		    struct case_share_row *out, struct err *err);

/*
 * Revokes share share_id of case ref, at once: the other agency no longer
 * sees the case.  ERR_NOT_FOUND for no such share of the case,
 * ERR_CONFLICT when it is already revoked.  Fills *out.
 */
int		 case_unshare(struct ctx *ctx, const char *ref,
		    int64_t share_id, const char *reason,
		    struct case_share_row *out, struct err *err);

/*
 * The shares of case ref, oldest first: all of them for the owning
 * agency, the one of their own agency for an agency it is shared with.
 */
int		 case_shares(struct ctx *ctx, const char *ref,
		    struct case_share_row **rows, size_t *n, struct err *err);

struct case_transfer_input {
	const char	*ref;
	const char	*agency;	/* code of the agency taking it over */
	const char	*reason;	/* required */
	const char	*lead;		/* username in that agency; optional:
					 * its supervisor assigns one */
	const char	*keep;		/* a share scope the agency giving it
					 * keeps, to read; NULL: none */
};

/*
 * Transfers open case in->ref to agency in->agency.  A live share with
 * that agency ends (it owns the case now).  ERR_INVALID for the case's
 * own agency or a lead who cannot lead there; ERR_CONFLICT for a closed
 * case; ERR_NOT_FOUND for no such agency.  Fills *out and updates *c.
 */
int		 case_transfer(struct ctx *ctx,
		    const struct case_transfer_input *in,
		    struct case_transfer_row *out, struct err *err);

/* The transfers of case ref, oldest first; the owning agency's to read. */
int		 case_transfers(struct ctx *ctx, const char *ref,
		    struct case_transfer_row **rows, size_t *n,
		    struct err *err);

/* A share as the API and the CLI's --json show it; live on today. */
json_t		*case_share_json(const struct case_share_row *row,
		    const char *today);
json_t		*case_transfer_json(const struct case_transfer_row *row);

#endif
