/* SPDX-License-Identifier: Apache-2.0 */
/*
 * access.h - who may do what, in one place.
 *
 * A role grants permissions (access.c: one table, role by permission).
 * Cases are need-to-know on top of that: a user sees the cases of their
 * own agency, and those another agency shared with theirs, which they
 * may read but not change (the owning agency works its case).  A share
 * has a scope: the whole case, what the victims' assistance needs, or
 * the suspects and evidence; the table sight_parts in access.c says
 * which parts of a case each gives.  A case a user may not see is
 * reported as not found, never as forbidden, so that its existence does
 * not leak; a part a share leaves out is forbidden, naming the scope.
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
	PERM_PERSON_MERGE,	/* find duplicate persons, merge, unmerge */
	PERM_STATS_READ,	/* aggregate figures, small cells suppressed */
	PERM_EXPORT_DEIDENTIFIED, /* de-identified case data (HTCDS) */
	PERM_DATA_IMPORT,	/* import persons and cases from files */
	PERM_DATA_EXPORT,	/* export cases, persons, steps, referrals
				 * with identities */
	PERM_STORE_BACKUP,	/* encrypted backups, and restoring them */
	PERM_TRAINING_MANAGE,	/* case studies, exercise groups, courses,
				 * sessions, participants, certificates */
	PERM_TRAINING_EXERCISE,	/* start and work exercises (a training
				 * store only) */
	PERM_OUTREACH_RECORD,	/* a Migrant Resource Centre's counselling
				 * and awareness sessions */
	PERM_INTAKE_REPORT,	/* report a suspected case to a
				 * law-enforcement agency */
	PERM_INTAKE_TRIAGE,	/* the reports an agency receives:
				 * acknowledge urgent ones, link duplicates */
	PERM__MAX
};

/* True when role grants perm in a store of real cases. */
bool		 access_role_may(enum role role, enum perm perm);

/*
 * True when the actor may perm: their role's rights, and in a training
 * store the rights trainers and trainees have there (they work the
 * fictional cases of exercises like officers do real ones).
 */
bool		 access_may(const struct ctx *ctx, enum perm perm);

/* The same for another user of role, in the actor's store. */
bool		 access_user_may(const struct ctx *ctx, enum role role,
		    enum perm perm);

/*
 * In a training store, trainers and trainees practise every part of the
 * SOP, so they may do any step whatever its roles; and a trainer gives
 * the approvals a supervisor gives in a real store.
 */
bool		 access_any_step(const struct ctx *ctx);

/* A trainee in a training store sees only the cases they lead: their
 * own exercises. */
bool		 access_own_cases_only(const struct ctx *ctx);
bool		 access_approves(const struct ctx *ctx);

/* The stable name of perm ("case.open"), for messages and tests. */
const char	*access_perm_name(enum perm perm);

/*
 * 0 when access_may(); -1 with ERR_FORBIDDEN naming the role and the
 * permission otherwise.  The bootstrap actor may only
 * manage agencies and users.
 */
int		 access_require(const struct ctx *ctx, enum perm perm,
		    struct err *err);

/*
 * How the actor sees a case: all of it, to work, when their agency owns
 * it; through a live share, to read, as much as the share's scope gives;
 * or not at all.
 */
enum case_sight {
	SIGHT_NONE,
	SIGHT_OWN,
	SIGHT_WHOLE,		/* shared: the whole case */
	SIGHT_ASSISTANCE,	/* shared: what the victims' assistance needs */
	SIGHT_INVESTIGATION,	/* shared: suspects and evidence */
	SIGHT__MAX
};

/* The parts of a case a sight may or may not include. */
enum case_part {
	PART_SUMMARY,		/* the case's summary text */
	PART_VICTIMS,		/* presumed victims, victims, smuggled
				 * migrants and their guardians */
	PART_SUSPECTS,		/* suspects and accused */
	PART_WITNESSES,		/* witnesses and reporters */
	PART_TIMELINE,		/* the notes: the case's record */
	PART_STEPS,		/* the SOP's steps and what was done */
	PART_SCREENING,		/* screenings: indicators, needs */
	PART_LEGAL,		/* legal-element assessments */
	PART_REFERRALS,		/* referrals to service providers */
	PART_COOPERATION,	/* international cooperation requests */
	PART_SHARES,		/* whom else the case is shared with */
	PART_LINKS,		/* identifiers, their links and calls: the
				 * network behind the case */
	PART__MAX
};

/*
 * The actor's sight of case c.  share: the live share of c with the
 * actor's agency, or NULL.  SIGHT_NONE for the system and for roles
 * that read no cases.
 */
enum case_sight	 access_case_sight(const struct ctx *ctx,
		    const struct case_row *c,
		    const struct case_share_row *share);

/* What a share of scope shows another agency. */
enum case_sight	 access_share_sight(enum share_scope scope);

/* True when sight includes part. */
bool		 access_sight_has(enum case_sight sight, enum case_part part);

/* The part a person's role in a case belongs to. */
enum case_part	 access_part_of_role(enum case_role role);

/* The stable names of a sight ("assistance") and a part ("suspects"). */
const char	*access_sight_name(enum case_sight sight);
const char	*access_part_name(enum case_part part);

/*
 * 0 when the actor, seeing case c so, has perm on it; ERR_NOT_FOUND when
 * sight is SIGHT_NONE, ERR_FORBIDDEN when only the permission lacks, or
 * when perm would change a case that is only shared with the actor's
 * agency (reading it and its identities is all a share gives).
 */
int		 access_case(const struct ctx *ctx, const struct case_row *c,
		    enum case_sight sight, enum perm perm, struct err *err);

/*
 * 0 when sight includes part; ERR_FORBIDDEN naming the share's scope
 * otherwise.
 */
int		 access_case_part(const struct case_row *c,
		    enum case_sight sight, enum case_part part,
		    struct err *err);

#endif
