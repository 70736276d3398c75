/* SPDX-License-Identifier: Apache-2.0 */
/* access.c - the role table and the need-to-know rule. */
#include "base/err.h"
#include "base/util.h"
#include "core/access.h"
#include "core/ctx.h"
#include "base/banned.h"

static const char *const perm_names[PERM__MAX] = {
	[PERM_AGENCY_MANAGE] = "agency.manage",
	[PERM_USER_MANAGE] = "user.manage",
	[PERM_CASE_READ] = "case.read",
	[PERM_CASE_OPEN] = "case.open",
	[PERM_CASE_NOTE] = "case.note",
	[PERM_CASE_EDIT] = "case.edit",
	[PERM_CASE_CLOSE] = "case.close",
	[PERM_PERSON_CREATE] = "person.create",
	[PERM_IDENTITY_READ] = "identity.read",
	[PERM_AUDIT_READ] = "audit.read",
	[PERM_SOP_MANAGE] = "sop.manage",
	[PERM_CASE_STEP] = "case.step",
	[PERM_CASE_CLASSIFY] = "case.classify",
	[PERM_CASE_SHARE] = "case.share",
	[PERM_PROVIDER_READ] = "provider.read",
	[PERM_PROVIDER_MANAGE] = "provider.manage",
	[PERM_REFERRAL_ANSWER] = "referral.answer",
	[PERM_COOPERATION_MANAGE] = "cooperation.manage",
};

#define P(p)	(1u << (p))

/*
 * Least privilege: administrators run accounts, not cases; analysts get
 * de-identified statistics only (a later capability); trainers and
 * trainees work in a training store, never on real cases.
 */
static const unsigned role_perms[ROLE__MAX] = {
	[ROLE_ADMIN] = P(PERM_AGENCY_MANAGE) | P(PERM_USER_MANAGE) |
	    P(PERM_AUDIT_READ) | P(PERM_SOP_MANAGE) | P(PERM_PROVIDER_READ) |
	    P(PERM_PROVIDER_MANAGE),
	[ROLE_SUPERVISOR] = P(PERM_CASE_READ) | P(PERM_CASE_OPEN) |
	    P(PERM_CASE_NOTE) | P(PERM_CASE_EDIT) | P(PERM_CASE_CLOSE) |
	    P(PERM_PERSON_CREATE) | P(PERM_IDENTITY_READ) |
	    P(PERM_AUDIT_READ) | P(PERM_CASE_STEP) | P(PERM_CASE_CLASSIFY) |
	    P(PERM_CASE_SHARE) | P(PERM_PROVIDER_READ) |
	    P(PERM_PROVIDER_MANAGE) | P(PERM_REFERRAL_ANSWER) |
	    P(PERM_COOPERATION_MANAGE),
	[ROLE_INVESTIGATOR] = P(PERM_CASE_READ) | P(PERM_CASE_OPEN) |
	    P(PERM_CASE_NOTE) | P(PERM_CASE_EDIT) | P(PERM_CASE_CLOSE) |
	    P(PERM_PERSON_CREATE) | P(PERM_IDENTITY_READ) |
	    P(PERM_CASE_STEP) | P(PERM_CASE_CLASSIFY) | P(PERM_PROVIDER_READ) |
	    P(PERM_COOPERATION_MANAGE),
	[ROLE_CASEWORKER] = P(PERM_CASE_READ) | P(PERM_CASE_OPEN) |
	    P(PERM_CASE_NOTE) | P(PERM_CASE_EDIT) | P(PERM_PERSON_CREATE) |
	    P(PERM_IDENTITY_READ) | P(PERM_CASE_STEP) | P(PERM_PROVIDER_READ) |
	    P(PERM_REFERRAL_ANSWER),
	[ROLE_PROSECUTOR] = P(PERM_CASE_READ) | P(PERM_CASE_NOTE) |
	    P(PERM_IDENTITY_READ) | P(PERM_CASE_STEP) |
	    P(PERM_CASE_CLASSIFY) | P(PERM_PROVIDER_READ) |
	    P(PERM_COOPERATION_MANAGE),
	[ROLE_ANALYST] = 0,
	[ROLE_TRAINER] = 0,
	[ROLE_TRAINEE] = 0,
};

static const unsigned bootstrap_perms = P(PERM_AGENCY_MANAGE) |
    P(PERM_USER_MANAGE);

bool
access_role_may(enum role role, enum perm perm)
{
	if ((unsigned)role >= ROLE__MAX || (unsigned)perm >= PERM__MAX)
		return false;
	return (role_perms[role] & P(perm)) != 0;
}

const char *
access_perm_name(enum perm perm)
{
	if ((unsigned)perm >= PERM__MAX)
		return "?";
	return perm_names[perm];
}

int
access_require(const struct ctx *ctx, enum perm perm, struct err *err)
{
	if (ctx->actor.system) {
		if (bootstrap_perms & P(perm))
			return 0;
		return err_set(err, ERR_FORBIDDEN, "as",
		    "the system may not %s: act as a user with --as",
		    access_perm_name(perm));
	}
	if (access_role_may(ctx->actor.role, perm))
		return 0;
	return err_set(err, ERR_FORBIDDEN, NULL,
	    "a user with role %s may not %s: ask a colleague whose role "
	    "allows it", role_name(ctx->actor.role), access_perm_name(perm));
}

bool
access_case_visible(const struct ctx *ctx, const struct case_row *c,
    bool shared)
{
	return !ctx->actor.system && (c->agency_id == ctx->actor.agency_id ||
	    shared) && access_role_may(ctx->actor.role, PERM_CASE_READ);
}

int
access_case(const struct ctx *ctx, const struct case_row *c, bool shared,
    enum perm perm, struct err *err)
{
	if (!access_case_visible(ctx, c, shared))
		return err_set(err, ERR_NOT_FOUND, "ref",
		    "case %.48s not found: check the reference", c->ref);
	if (access_require(ctx, perm, err) == -1)
		return -1;
	if (c->agency_id != ctx->actor.agency_id && perm != PERM_CASE_READ &&
	    perm != PERM_IDENTITY_READ)
		return err_set(err, ERR_FORBIDDEN, "ref", "case %.48s is "
		    "%.24s's, shared with your agency to read: its own "
		    "agency makes the changes", c->ref,
		    c->agency_code ? c->agency_code : "another agency");
	return 0;
}
