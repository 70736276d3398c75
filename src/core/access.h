/* SPDX-License-Identifier: Apache-2.0 */
/*
 * access.h - who may do what, in one place.
 *
 * A role grants permissions (access.c: one table, role by permission).
 * Cases are need-to-know on top of that: a user sees the cases of their
 * own agency, and those another agency shared with theirs, which they
 * may read but not change (the owning agency works its case).  A case a
 * user may not see is reported as not found, never as forbidden, so that
 * its existence does not leak.
 */
#ifndef TIPSOM_ACCESS_H
#define TIPSOM_ACCESS_H

#include <stdbool.h>

#include "model/case.h"

struct ctx;
struct err;

enum perm {
	PERM_AGENCY_MANAGE,	/* add and change agencies */
	PERM_USER_MANAGE,	/* add users, set others' passwords */
	PERM_CASE_READ,		/* list and show cases */
	PERM_CASE_OPEN,
	PERM_CASE_NOTE,		/* add to a case's timeline */
	PERM_CASE_EDIT,		/* add people and change a case */
	PERM_CASE_CLOSE,
	PERM_PERSON_CREATE,
	PERM_IDENTITY_READ,	/* see names, documents and contacts */
	PERM_AUDIT_READ,	/* the audit log: admins all, others theirs */
	PERM_SOP_MANAGE,	/* import SOP and screening versions */
	PERM_CASE_STEP,		/* work a case's SOP steps (and the step's
				 * own roles must include the user's) */
	PERM_CASE_CLASSIFY,	/* assess legal elements, decide the kind,
				 * move a case to another SOP version */
	PERM_CASE_SHARE,	/* share a case with another agency, revoke */
	PERM_PROVIDER_READ,	/* the directory of service providers */
	PERM_PROVIDER_MANAGE,	/* add providers and change them */
	PERM_REFERRAL_ANSWER,	/* for a provider agency: the referrals it
				 * receives, accepted, declined, done */
	PERM_COOPERATION_MANAGE, /* requests for international cooperation:
				 * make them, move them, follow them up */
	PERM__MAX
};

/* True when role grants perm. */
bool		 access_role_may(enum role role, enum perm perm);

/* The stable name of perm ("case.open"), for messages and tests. */
const char	*access_perm_name(enum perm perm);

/*
 * 0 when the actor's role grants perm; -1 with ERR_FORBIDDEN naming the
 * role and the permission otherwise.  The bootstrap actor may only
 * manage agencies and users.
 */
int		 access_require(const struct ctx *ctx, enum perm perm,
		    struct err *err);

/*
 * True when the actor may see case c at all.  shared: c has a live share
 * with the actor's agency.
 */
bool		 access_case_visible(const struct ctx *ctx,
		    const struct case_row *c, bool shared);

/*
 * 0 when the actor may see case c and has perm; ERR_NOT_FOUND when the
 * case is not visible, ERR_FORBIDDEN when only the permission lacks, or
 * when perm would change a case that is only shared with the actor's
 * agency (reading it and its identities is all a share gives).
 */
int		 access_case(const struct ctx *ctx, const struct case_row *c,
		    bool shared, enum perm perm, struct err *err);

#endif
