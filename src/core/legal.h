/* SPDX-License-Identifier: Apache-2.0 */
/*
 * legal.h - the legal elements found in a case, and the classification
 * they suggest.
 *
 * The rules are the Protocols' (docs/legal-elements.md): trafficking is
 * an act, by a means, for the purpose of exploitation, where for a child
 * (under 18 at the time) no means is needed and a victim's consent is
 * irrelevant once any means was used; trafficking needs no border.
 * Smuggling is procuring another's illegal entry (or, art. 6, illegal
 * stay or fraudulent documents) for a financial or other material
 * benefit, and always crosses a border.  The engine suggests; an officer
 * decides (case_classify), and that decision is audited.
 *
 * legal_parse() and legal_suggest() are pure: no store, no clock;
 * case_assess() and case_classify() apply them to a case.
 */
#ifndef TIPSOM_LEGAL_H
#define TIPSOM_LEGAL_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "model/enums.h"
#include "model/sop.h"

struct ctx;
struct err;

#define LEGAL_MAX_BYTES		(64 * 1024)

/* A tri-state fact: yes, no, or not established. */
enum legal_fact {
	FACT_UNKNOWN = -1,
	FACT_NO = 0,
	FACT_YES = 1,
};

/* Sets are bit masks: bit (1u << v) for each enum value v present. */
struct legal_elements {
	unsigned		 acts;		/* enum legal_act */
	unsigned		 means;		/* enum legal_means */
	unsigned		 purposes;	/* enum legal_purpose */
	bool			 consented;	/* the person agreed at some point */
	enum legal_fact		 child;		/* under 18 at the time */
	enum legal_fact		 border_crossed;
	unsigned		 procurement;	/* enum som_procurement */
	enum legal_fact		 material_benefit;
	unsigned		 aggravating;	/* enum som_aggravation */
};

#define LEGAL_MAX_REASONS	16

/*
 * One reason behind a suggestion: a stable code (for tests, translations
 * and the API) and an English sentence for the officer.
 */
struct legal_reason {
	const char		*code;
	const char		*text;
};

struct legal_result {
	enum legal_outcome	 outcome;
	bool			 tip;		/* the TIP elements are all met */
	bool			 som;		/* the SOM elements are all met */
	struct legal_reason	 reasons[LEGAL_MAX_REASONS];
	size_t			 n_reasons;
};

/*
 * Parses an elements file (docs/legal-elements.md): refused whole at the
 * first error with *err ERR_INVALID and err->field its JSON path.  When
 * the file leaves "child_at_time" out, out->child is FACT_UNKNOWN and the
 * caller may fill it from the case.
 */
int		 legal_parse(const char *text, size_t len,
		    struct legal_elements *out, struct err *err);

/* The suggestion for e, with every reason that led to it, in order. */
void		 legal_suggest(const struct legal_elements *e,
		    struct legal_result *r);

/* e and r as JSON objects (new references), as stored and printed. */
json_t		*legal_elements_json(const struct legal_elements *e);
json_t		*legal_result_json(const struct legal_result *r);

/*
 * Records the elements found in case ref (an elements file's text) with
 * the suggestion and its reasons; when the file leaves child_at_time
 * out it is taken from the case (a child among its presumed victims,
 * victims or smuggled migrants).  Audited.  *out is the stored
 * assessment, *r the suggestion.
 */
int		 case_assess(struct ctx *ctx, const char *ref,
		    const char *text, size_t len, struct assessment_row *out,
		    struct legal_result *r, struct err *err);

/*
 * The officer's decision on the case's latest assessment: sets the case's
 * kind.  A decision that differs from the suggestion ("insufficient"
 * matches "unclassified") needs the reason.  Audited.
 */
int		 case_classify(struct ctx *ctx, const char *ref,
		    const char *kind, const char *reason,
		    struct assessment_row *out, struct err *err);

/* The latest assessment of case ref; ERR_NOT_FOUND when none. */
int		 case_assessment(struct ctx *ctx, const char *ref,
		    struct assessment_row *out, struct err *err);

/* A stored assessment as JSON (a new reference). */
json_t		*assessment_row_json(const struct assessment_row *a);

#endif
