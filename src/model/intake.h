/* SPDX-License-Identifier: Apache-2.0 */
/*
 * intake.h - a report of a suspected trafficking or smuggling situation,
 * and a link between two reports about the same one, as rows.
 */
#ifndef TIPSOM_MODEL_INTAKE_H
#define TIPSOM_MODEL_INTAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/enums.h"

/*
 * The texts what, place, at_risk and the contact's three are sealed in
 * the store (store.h STORE_SEALED_COLUMNS); a row read from it holds them
 * sealed until the core opens them.  NULL: not given.
 */
struct intake_row {
	int64_t			 id;
	const char		*ref;		/* "RPT-2026-00042" */
	int			 year;		/* of the reference */
	int64_t			 number;	/* of the reference */
	int64_t			 agency_id;	/* the receiving agency */
	const char		*agency;	/* its code, on reads */
	int64_t			 case_id;	/* the case it opened */
	const char		*case_ref;	/* on reads */
	enum case_kind		 case_kind;	/* on reads */
	enum case_status	 case_status;	/* on reads */
	int64_t			 reporter_id;
	const char		*reporter;	/* username, on reads */
	int64_t			 reporter_agency_id;
	const char		*reporter_agency; /* its code, on reads */
	const char		*what;		/* what happened, required */
	const char		*place;		/* where */
	const char		*happened;	/* when: a date or words */
	const char		*at_risk;	/* who is at risk */
	int64_t			 people;	/* how many; 0: not known */
	enum intake_answer	 children;	/* children among them */
	const char		*contact_name;	/* how to reach the reporter */
	const char		*contact;
	const char		*contact_times;	/* when it is safe to */
	bool			 anonymous;	/* no contact to reach them by */
	bool			 urgent;	/* a person in immediate danger */
	enum intake_suspicion	 suspected;
	const char		*created_at;
	const char		*acknowledged_at; /* NULL: not yet */
	int64_t			 acknowledged_by;
	const char		*acknowledged_by_username; /* on reads */
	int64_t			 links;		/* live links, on reads */
};

/* A live link of one report, seen from it: the other report. */
struct intake_link_row {
	int64_t			 id;
	int64_t			 report_id;	/* the lower id of the two */
	int64_t			 other_id;
	const char		*other_ref;	/* the report at the other end,
						 * seen from the one asked */
	bool			 other_urgent;
	const char		*linked_at;
	const char		*linked_by;	/* username */
};

#endif
