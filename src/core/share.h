/* SPDX-License-Identifier: Apache-2.0 */
/*
 * share.h - sharing a case with another agency, need-to-know.
 *
 * A supervisor of the agency that owns a case shares it with another
 * agency, for a reason, until a day or until revoked.  While the share is
 * live the other agency's staff (their roles permitting) find the case in
 * their lists and read it, names included when their role may see names;
 * the owning agency alone changes it (access.h).  Sharing and revoking
 * are audited; shares are never deleted, so who could see a case, and
 * why, stays part of it.
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

/* A share as the API and the CLI's --json show it; live on today. */
json_t		*case_share_json(const struct case_share_row *row,
		    const char *today);

#endif
