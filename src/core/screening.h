/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screening.h - the victim-screening instrument, as validated data, and
 * screening a person in a case with it.
 *
 * An instrument (docs/screening-format.md) groups questions by kind of
 * exploitation; each "yes" adds the question's weight, and thresholds
 * turn the score into an outcome: no_indication, possible or strong.  A
 * strong outcome makes the person a presumed victim of the case, which
 * opens the SOP's protection steps.  The outcome supports the officer's
 * judgement; it is not an identification.
 */
#ifndef TIPSOM_SCREENING_H
#define TIPSOM_SCREENING_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "model/sop.h"

struct ctx;
struct err;
struct instrument;		/* opaque */

#define SCREENING_MAX_BYTES	(1024 * 1024)

/*
 * Parses and validates an instrument; NULL with *err ERR_INVALID naming
 * the JSON path of the first error.  Release with instrument_free().
 */
struct instrument *instrument_parse(const char *text, size_t len,
		    struct err *err);
void		 instrument_free(struct instrument **ins);

const char	*instrument_id(const struct instrument *ins);
int		 instrument_version(const struct instrument *ins);
size_t		 instrument_question_count(const struct instrument *ins);
const json_t	*instrument_definition(const struct instrument *ins);

/* The instruments shipped in sops/, parsed; like sop_shipped(). */
struct instrument **instrument_shipped(size_t *n, struct err *err);

struct screening_result {
	int			 score;
	enum screening_outcome	 outcome;
	json_t			*indicators;	/* [{question, group, weight,
						 * indicator}], heaviest first */
	json_t			*smuggling;	/* same, from unscored groups */
	json_t			*answers;	/* the answers as validated */
};

/*
 * Checks answers (the parsed answers file's "answers" object) against
 * the instrument and scores them.  child: whether the child-specific
 * questions must be answered.  ERR_INVALID names the path
 * ("answers.cannot_leave").  r's JSON values are new references, freed
 * with screening_result_clear().
 */
int		 instrument_score(const struct instrument *ins,
		    const json_t *answers, bool child,
		    struct screening_result *r, struct err *err);
void		 screening_result_clear(struct screening_result *r);

struct screen_input {
	const char	*ref;
	const char	*person_id;	/* as typed */
	const char	*answers;	/* the answers file's text */
	size_t		 answers_len;
};

/*
 * Screens a person who is in case ref with the instrument the answers
 * file names (default: the store's newest), stores the answers with the
 * instrument version, and on a strong outcome gives the person the role
 * presumed_victim unless they are already a (presumed) victim; *promoted
 * says whether it did.  All in one audited transaction.
 */
int		 screen_person(struct ctx *ctx, const struct screen_input *in,
		    struct screening_row *out, bool *promoted,
		    struct err *err);

/* The screenings of case ref, oldest first; person_id NULL for all. */
int		 screen_list(struct ctx *ctx, const char *ref,
		    const char *person_id, struct screening_row **rows,
		    size_t *n, struct err *err);

/* A stored screening as JSON (a new reference). */
json_t		*screening_row_json(const struct screening_row *r);

#endif
