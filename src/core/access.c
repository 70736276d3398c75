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
	[PERM_PERSON_MERGE] = "person.merge",
	[PERM_STATS_READ] = "stats.read",
	[PERM_EXPORT_DEIDENTIFIED] = "export.deidentified",
	[PERM_DATA_IMPORT] = "data.import",
	[PERM_DATA_EXPORT] = "data.export",
	[PERM_STORE_BACKUP] = "store.backup",
	[PERM_TRAINING_MANAGE] = "training.manage",
	[PERM_TRAINING_EXERCISE] = "training.exercise",
	[PERM_OUTREACH_RECORD] = "outreach.record",
	[PERM_INTAKE_REPORT] = "intake.report",
	[PERM_INTAKE_TRIAGE] = "intake.triage",
};

#define P(p)	(1u << (p))

/*
 * Least privilege: administrators run accounts and backups, not cases;
 * analysts get aggregate figures and de-identified data only; trainers
 * and trainees work in a training store, never on real cases.
 */
static const unsigned role_perms[ROLE__MAX] = {
	[ROLE_ADMIN] = P(PERM_AGENCY_MANAGE) | P(PERM_USER_MANAGE) |
	    P(PERM_AUDIT_READ) | P(PERM_SOP_MANAGE) | P(PERM_PROVIDER_READ) |
	    P(PERM_PROVIDER_MANAGE) | P(PERM_STORE_BACKUP),
	[ROLE_SUPERVISOR] = P(PERM_CASE_READ) | P(PERM_CASE_OPEN) |
	    P(PERM_CASE_NOTE) | P(PERM_CASE_EDIT) | P(PERM_CASE_CLOSE) |
	    P(PERM_PERSON_CREATE) | P(PERM_IDENTITY_READ) |
	    P(PERM_AUDIT_READ) | P(PERM_CASE_STEP) | P(PERM_CASE_CLASSIFY) |
	    P(PERM_CASE_SHARE) | P(PERM_PROVIDER_READ) |
	    P(PERM_PROVIDER_MANAGE) | P(PERM_REFERRAL_ANSWER) |
	    P(PERM_COOPERATION_MANAGE) | P(PERM_PERSON_MERGE) |
	    P(PERM_STATS_READ) | P(PERM_EXPORT_DEIDENTIFIED) |
	    P(PERM_DATA_IMPORT) | P(PERM_DATA_EXPORT) |
	    P(PERM_OUTREACH_RECORD) | P(PERM_INTAKE_REPORT) |
	    P(PERM_INTAKE_TRIAGE),
	[ROLE_INVESTIGATOR] = P(PERM_CASE_READ) | P(PERM_CASE_OPEN) |
	    P(PERM_CASE_NOTE) | P(PERM_CASE_EDIT) | P(PERM_CASE_CLOSE) |
	    P(PERM_PERSON_CREATE) | P(PERM_IDENTITY_READ) |
	    P(PERM_CASE_STEP) | P(PERM_CASE_CLASSIFY) | P(PERM_PROVIDER_READ) |
	    P(PERM_COOPERATION_MANAGE) | P(PERM_INTAKE_REPORT) |
	    P(PERM_INTAKE_TRIAGE),
	[ROLE_CASEWORKER] = P(PERM_CASE_READ) | P(PERM_CASE_OPEN) |
	    P(PERM_CASE_NOTE) | P(PERM_CASE_EDIT) | P(PERM_PERSON_CREATE) |
	    P(PERM_IDENTITY_READ) | P(PERM_CASE_STEP) | P(PERM_PROVIDER_READ) |
	    P(PERM_REFERRAL_ANSWER) | P(PERM_OUTREACH_RECORD) |
	    P(PERM_INTAKE_REPORT),
	[ROLE_PROSECUTOR] = P(PERM_CASE_READ) | P(PERM_CASE_NOTE) |
	    P(PERM_IDENTITY_READ) | P(PERM_CASE_STEP) |
	    P(PERM_CASE_CLASSIFY) | P(PERM_PROVIDER_READ) |
	    P(PERM_COOPERATION_MANAGE) | P(PERM_INTAKE_REPORT),
	[ROLE_ANALYST] = P(PERM_STATS_READ) | P(PERM_EXPORT_DEIDENTIFIED),
	[ROLE_TRAINER] = P(PERM_TRAINING_MANAGE),
	[ROLE_TRAINEE] = 0,
};

/*
 * In a training store (and only there) trainees work the exercise cases
 * as officers work real ones, and trainers too, watching and approving.
 * Sharing, merging, statistics, imports and exports stay out: none of
 * them is what an exercise teaches.
 */
#define TRAINING_CASE_WORK (P(PERM_CASE_READ) | P(PERM_CASE_OPEN) |	\
	P(PERM_CASE_NOTE) | P(PERM_CASE_EDIT) | P(PERM_CASE_CLOSE) |	\
	P(PERM_PERSON_CREATE) | P(PERM_IDENTITY_READ) |		\
	P(PERM_CASE_STEP) | P(PERM_CASE_CLASSIFY) |			\
	P(PERM_PROVIDER_READ) | P(PERM_REFERRAL_ANSWER) |		\
	P(PERM_COOPERATION_MANAGE) | P(PERM_TRAINING_EXERCISE) |	\
	P(PERM_OUTREACH_RECORD) | P(PERM_INTAKE_REPORT) |		\
	P(PERM_INTAKE_TRIAGE))

static const unsigned training_role_perms[ROLE__MAX] = {
	[ROLE_TRAINER] = TRAINING_CASE_WORK | P(PERM_TRAINING_MANAGE) |
	    P(PERM_AUDIT_READ) | P(PERM_PROVIDER_MANAGE),
	[ROLE_TRAINEE] = TRAINING_CASE_WORK,
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

static bool
trains_as(const struct ctx *ctx, enum role role)
{
	return ctx->actor.training && (role == ROLE_TRAINER ||
	    role == ROLE_TRAINEE);
}

static bool
trains(const struct ctx *ctx)
{
	return trains_as(ctx, ctx->actor.role);
}

bool
access_user_may(const struct ctx *ctx, enum role role, enum perm perm)
{
	if ((unsigned)perm >= PERM__MAX || (unsigned)role >= ROLE__MAX)
		return false;
	if (trains_as(ctx, role))
		return (training_role_perms[role] & P(perm)) != 0;
	return access_role_may(role, perm);
}

bool
access_may(const struct ctx *ctx, enum perm perm)
{
	return !ctx->actor.system && access_user_may(ctx, ctx->actor.role,
	    perm);
}

bool
access_own_cases_only(const struct ctx *ctx)
{
	return trains(ctx) && ctx->actor.role == ROLE_TRAINEE;
}

bool
access_any_step(const struct ctx *ctx)
{
	return trains(ctx);
}

bool
access_approves(const struct ctx *ctx)
{
	return ctx->actor.role == ROLE_SUPERVISOR ||
	    (trains(ctx) && ctx->actor.role == ROLE_TRAINER);
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
	if (access_may(ctx, perm))
		return 0;
	if (perm == PERM_TRAINING_EXERCISE && !ctx->actor.training)
		return err_set(err, ERR_FORBIDDEN, NULL, "a user with role %s "
		    "may not %s outside a training store: exercises run in one "
		    "(tipsom train sandbox --db sqlite:training.db)",
		    role_name(ctx->actor.role), access_perm_name(perm));
	return err_set(err, ERR_FORBIDDEN, NULL,
	    "a user with role %s may not %s: ask a colleague whose role "
	    "allows it", role_name(ctx->actor.role), access_perm_name(perm));
}

/*
 * Need-to-know by scope.  Assistance: the victims, what screening found
 * and where they were referred; not the summary, which tells the
 * investigation.  Investigation: suspects, witnesses, the record, the
 * legal assessment, the requests to other countries and the network of
 * identifiers behind the case; not who the victims are.  Whom else a
 * case is shared with stays the owner's.
 */
static const unsigned sight_parts[SIGHT__MAX] = {
	[SIGHT_NONE] = 0,
	[SIGHT_OWN] = (1u << PART__MAX) - 1,
	[SIGHT_WHOLE] = ((1u << PART__MAX) - 1) & ~P(PART_SHARES),
	[SIGHT_ASSISTANCE] = P(PART_VICTIMS) | P(PART_SCREENING) |
	    P(PART_REFERRALS),
	[SIGHT_INVESTIGATION] = P(PART_SUSPECTS) | P(PART_WITNESSES) |
	    P(PART_TIMELINE) | P(PART_LEGAL) | P(PART_COOPERATION) |
	    P(PART_LINKS),
};

static const char *const sight_names[SIGHT__MAX] = {
	[SIGHT_NONE] = "none",
	[SIGHT_OWN] = "own",
	[SIGHT_WHOLE] = "whole",
	[SIGHT_ASSISTANCE] = "assistance",
	[SIGHT_INVESTIGATION] = "investigation",
};

static const char *const part_names[PART__MAX] = {
	[PART_SUMMARY] = "summary",
	[PART_VICTIMS] = "victims",
	[PART_SUSPECTS] = "suspects",
	[PART_WITNESSES] = "witnesses",
	[PART_TIMELINE] = "timeline",
	[PART_STEPS] = "steps",
	[PART_SCREENING] = "screening",
	[PART_LEGAL] = "legal",
	[PART_REFERRALS] = "referrals",
	[PART_COOPERATION] = "cooperation",
	[PART_SHARES] = "shares",
	[PART_LINKS] = "links",
};

enum case_sight
access_case_sight(const struct ctx *ctx, const struct case_row *c,
    const struct case_share_row *share)
{
	if (!access_may(ctx, PERM_CASE_READ))
		return SIGHT_NONE;
	/* In a training store a trainee sees the cases of their own
	 * exercises only, not the answers of the trainee beside them. */
	if (access_own_cases_only(ctx) &&
	    c->lead_user_id != ctx->actor.user_id)
		return SIGHT_NONE;
	if (c->agency_id == ctx->actor.agency_id)
		return SIGHT_OWN;
	return share ? access_share_sight(share->scope) : SIGHT_NONE;
}

enum case_sight
access_share_sight(enum share_scope scope)
{
	switch (scope) {
	case SHARE_WHOLE:
		return SIGHT_WHOLE;
	case SHARE_ASSISTANCE:
		return SIGHT_ASSISTANCE;
	case SHARE_INVESTIGATION:
		return SIGHT_INVESTIGATION;
	case SHARE__MAX:
		break;
	}
	return SIGHT_NONE;
}

bool
access_sight_has(enum case_sight sight, enum case_part part)
{
	if ((unsigned)sight >= SIGHT__MAX || (unsigned)part >= PART__MAX)
		return false;
	return (sight_parts[sight] & P(part)) != 0;
}

enum case_part
access_part_of_role(enum case_role role)
{
	switch (role) {
	case CASE_ROLE_SUSPECT:
	case CASE_ROLE_ACCUSED:
		return PART_SUSPECTS;
	case CASE_ROLE_WITNESS:
	case CASE_ROLE_REPORTER:
		return PART_WITNESSES;
	case CASE_ROLE_PRESUMED_VICTIM:
	case CASE_ROLE_VICTIM:
	case CASE_ROLE_SMUGGLED_MIGRANT:
	case CASE_ROLE_GUARDIAN:
	case CASE_ROLE__MAX:
		break;
	}
	return PART_VICTIMS;
}

const char *
access_sight_name(enum case_sight sight)
{
	return (unsigned)sight < SIGHT__MAX ? sight_names[sight] : "?";
}

const char *
access_part_name(enum case_part part)
{
	return (unsigned)part < PART__MAX ? part_names[part] : "?";
}

int
access_case(const struct ctx *ctx, const struct case_row *c,
    enum case_sight sight, enum perm perm, struct err *err)
{
	if (sight == SIGHT_NONE)
		return err_set(err, ERR_NOT_FOUND, "ref",
		    "case %.48s not found: check the reference", c->ref);
	if (access_require(ctx, perm, err) == -1)
		return -1;
	if (sight != SIGHT_OWN && perm != PERM_CASE_READ &&
	    perm != PERM_IDENTITY_READ)
		return err_set(err, ERR_FORBIDDEN, "ref", "case %.48s is "
		    "%.24s's, shared with your agency to read: its own "
		    "agency makes the changes", c->ref,
		    c->agency_code ? c->agency_code : "another agency");
	return 0;
}

int
access_case_part(const struct case_row *c, enum case_sight sight,
    enum case_part part, struct err *err)
{
	if (access_sight_has(sight, part))
		return 0;
	return err_set(err, ERR_FORBIDDEN, "ref", "case %.48s is shared with "
	    "your agency for %s, which leaves out its %s: ask %.24s if you "
	    "need them", c->ref, sight == SIGHT_ASSISTANCE ?
	    "the victims' assistance only" : sight == SIGHT_INVESTIGATION ?
	    "its suspects and evidence only" : "reading", part_names[part],
	    c->agency_code ? c->agency_code : "the owning agency");
}
