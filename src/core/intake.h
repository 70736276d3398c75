/* SPDX-License-Identifier: Apache-2.0 */
/*
 * intake.h - reports of a suspected trafficking or smuggling situation,
 * from a Migrant Resource Centre, a hotline or any agency, to the
 * law-enforcement or border-guard agency that acts on them.
 *
 * A report says what happened (required), where, when (a date or words:
 * "since March"), who is at risk (a description, how many, whether
 * children are among them), how to reach the reporter safely (a name, a
 * contact, safe times: all optional; a report without a contact is
 * accepted and marked anonymous), whether it is urgent (a person in
 * immediate danger) and what is suspected.  Its identifying texts are
 * sealed at rest (store.h STORE_SEALED_COLUMNS).
 *
 * Submitting a report opens, in the same transaction, an unclassified
 * case in the receiving agency: the TIP SOP, whose first-contact steps
 * fall due from that moment and show on the agency's work lists.  The
 * reporter is told the report's own reference (RPT-YYYY-NNNNN), never
 * the case's: their agency gains no access to the case, and they see of
 * it only where their report stands (intake_status()).
 *
 * The receiving agency's supervisors and investigators (intake.triage)
 * read its reports whole, acknowledge them (an urgent one is flagged on
 * every supervisor's home page until then) and link reports about the
 * same situation.  Every write is audited.
 */
#ifndef TIPSOM_INTAKE_H
#define TIPSOM_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/agency.h"
#include "model/intake.h"

struct ctx;
struct err;

/* The fields report texts are sealed as (vault.h), "table.column". */
#define INTAKE_WHAT_FIELD		"intake_reports.what"
#define INTAKE_PLACE_FIELD		"intake_reports.place"
#define INTAKE_AT_RISK_FIELD		"intake_reports.at_risk"
#define INTAKE_CONTACT_NAME_FIELD	"intake_reports.contact_name"
#define INTAKE_CONTACT_FIELD		"intake_reports.contact"
#define INTAKE_CONTACT_TIMES_FIELD	"intake_reports.contact_times"
#define INTAKE_HAPPENED_FIELD		"intake_reports.happened"

/* "RPT-2026-00042" and its NUL, up to a number of 12 digits. */
#define INTAKE_REF_SIZE		24
#define INTAKE_PEOPLE_MAX	100000

struct intake_input {
	const char	*to;		/* receiving agency's code; default
					 * the reporter's own when it is one
					 * that receives reports */
	const char	*what;		/* required */
	const char	*where;
	const char	*when;		/* YYYY-MM-DD (not in the future) or
					 * words */
	const char	*at_risk;	/* who is at risk */
	const char	*people;	/* how many, a whole number >= 1 */
	const char	*children;	/* yes, no, unknown (default) */
	const char	*contact_name;
	const char	*contact;	/* without it: anonymous */
	const char	*contact_times;	/* when it is safe to call */
	bool		 urgent;
	const char	*suspected;	/* trafficking, smuggling, unsure
					 * (default) */
};

/* How the actor sees a report. */
enum intake_sight {
	INTAKE_SIGHT_NONE,	/* not at all: "not found" */
	INTAKE_SIGHT_REPORTER,	/* its reporter: where it stands, no
				 * more of the case */
	INTAKE_SIGHT_RECEIVER,	/* the receiving agency's triage: all */
};

/* A report as the actor sees it. */
struct intake_view {
	struct intake_row	 r;		/* the texts opened for the
						 * receiver, NULL for the
						 * reporter */
	enum intake_sight	 sight;
	struct intake_link_row	*links;		/* the receiver's only */
	size_t			 n_links;
};

/*
 * Whether an agency of kind receives reports: law enforcement and border
 * guards do.
 */
bool		 intake_receives(enum agency_kind kind);

/*
 * Where report r stands, as its reporter is told: closed when its case
 * is; case_opened once the receiving agency classified the case (it is
 * a trafficking or smuggling case now); acknowledged once a supervisor
 * or investigator acknowledged it; received before.
 */
enum intake_status intake_status(const struct intake_row *r);

/* How the actor of ctx sees r (access.h's rights, their agency, them). */
enum intake_sight intake_sight(const struct ctx *ctx,
		    const struct intake_row *r);

/*
 * Who leads the case a report opens, among users[0..n) of the receiving
 * agency: the reporter when they are one of them and may edit cases;
 * else the active supervisor who joined first (lowest id), who triages
 * what comes in and hands it on; else the first active investigator.
 * The index in users, or -1 when there is nobody.
 */
long		 intake_lead(const struct ctx *ctx,
		    const struct user_row *users, size_t n);

/* The reference of report number of year into out. */
void		 intake_ref_format(int year, int64_t number,
		    char out[INTAKE_REF_SIZE]);

/*
 * Checks in and submits the report: the report and its case, with their
 * audit records, in one transaction.  PERM_INTAKE_REPORT.  *out is the
 * report as stored, its texts plain, with its reference and case.
 * ERR_INVALID naming the field ("to" for an agency that does not
 * receive reports, or when none is given and the reporter's own does not
 * either: the message lists those that do); ERR_CONFLICT when the
 * receiving agency has nobody to lead the case.
 */
int		 intake_report(struct ctx *ctx, const struct intake_input *in,
		    struct intake_row *out, struct err *err);

struct intake_query {
	bool		 sent;		/* the actor's own reports
					 * (PERM_INTAKE_REPORT); else those
					 * their agency received
					 * (PERM_INTAKE_TRIAGE) */
	bool		 urgent;	/* only urgent ones not acknowledged */
	int		 limit;		/* 1 to 500; 0: 50 */
	int		 offset;
};

/*
 * Reports, urgent ones not yet acknowledged first, then newest first;
 * their texts left sealed out (NULL): a list does not show them.
 */
int		 intake_list(struct ctx *ctx, const struct intake_query *q,
		    struct intake_row **rows, size_t *n, struct err *err);

/*
 * Report ref as the actor sees it: ERR_NOT_FOUND for one they do not,
 * whether or not it exists.
 */
int		 intake_show(struct ctx *ctx, const char *ref,
		    struct intake_view *out, struct err *err);

/*
 * Acknowledges report ref for the receiving agency (PERM_INTAKE_TRIAGE):
 * who and when are kept and audited.  ERR_CONFLICT when it was already.
 */
int		 intake_acknowledge(struct ctx *ctx, const char *ref,
		    struct err *err);

/*
 * Links reports ref and other, both received by the actor's agency, as
 * about the same situation, or undoes that link (PERM_INTAKE_TRIAGE);
 * audited.  ERR_INVALID for a report linked to itself, ERR_CONFLICT for
 * a link there is already, or none to undo.
 */
int		 intake_link(struct ctx *ctx, const char *ref,
		    const char *other, struct err *err);
int		 intake_unlink(struct ctx *ctx, const char *ref,
		    const char *other, struct err *err);

/* A report as seen with sight, without its texts: a new reference. */
json_t		*intake_json(const struct intake_row *r,
		    enum intake_sight sight);

/* v as JSON: {"report", "details" (null but for the receiver), "links"}. */
json_t		*intake_view_json(const struct intake_view *v);

#endif
