/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sop.h - SOP and screening definitions, and what was done under them on
 * a case, as rows.
 */
#ifndef TIPSOM_MODEL_SOP_H
#define TIPSOM_MODEL_SOP_H

#include <stdint.h>

#include "model/enums.h"

enum definition_kind {
	DEFINITION_SOP,
	DEFINITION_SCREENING,
	DEFINITION_CASE_STUDY,		/* a training case study */
};

/* One stored version of an SOP or a screening instrument. */
struct definition_row {
	enum definition_kind	 kind;
	const char		*id;
	int			 version;
	const char		*body;		/* the JSON as imported */
	const char		*sha256;	/* of body, lower-case hex */
	const char		*origin;	/* "shipped" or "imported" */
	const char		*imported_at;
	int64_t			 imported_by;	/* 0: shipped */
	const char		*imported_by_name; /* filled on reads */
};

/* A step done, skipped or reopened on a case. */
struct step_event_row {
	int64_t			 id;
	int64_t			 case_id;
	const char		*step_id;
	enum step_action	 action;
	const char		*at;
	int64_t			 user_id;
	const char		*username;	/* filled on reads */
	const char		*note;		/* "" when none */
	const char		*sop_id;	/* the SOP it was done under */
	int			 sop_version;
};

/* A fact recorded on a case so that SOP gates open. */
struct case_fact_row {
	int64_t			 id;
	int64_t			 case_id;
	enum case_fact		 fact;
	int64_t			 person_id;	/* 0: about the case */
	const char		*step_id;	/* NULL: not about one step */
	const char		*at;
	int64_t			 user_id;
	const char		*username;	/* filled on reads */
	const char		*note;
};

struct screening_row {
	int64_t			 id;
	int64_t			 case_id;
	int64_t			 person_id;
	const char		*instrument_id;
	int			 instrument_version;
	const char		*answers;	/* JSON object */
	int			 score;
	enum screening_outcome	 outcome;
	const char		*indicators;	/* JSON array */
	const char		*at;
	int64_t			 user_id;
	const char		*username;	/* filled on reads */
};

struct assessment_row {
	int64_t			 id;
	int64_t			 case_id;
	const char		*elements;	/* JSON object */
	enum legal_outcome	 suggestion;
	const char		*reasons;	/* JSON array */
	const char		*at;
	int64_t			 user_id;
	const char		*username;	/* filled on reads */
	int			 decision;	/* enum case_kind, -1: none */
	const char		*decision_reason;
	const char		*decided_at;
	int64_t			 decided_by;
};

#endif
