/* SPDX-License-Identifier: Apache-2.0 */
/*
 * casestudy.h - training case studies as validated data.
 *
 * A case study (docs/case-study-format.md) is a fictional case with the
 * story a trainee reads, the persons the exercise case opens with, the
 * discoveries that open as the case is worked, and the expected answers
 * the exercise is scored against (exercise.h).  case_study_parse()
 * refuses a definition whole at its first error, naming the JSON path; a
 * struct case_study that exists is valid and immutable.
 */
#ifndef TIPSOM_CASESTUDY_H
#define TIPSOM_CASESTUDY_H

#include <stddef.h>

#include <jansson.h>

struct err;
struct sop;
struct case_study;		/* opaque */

#define CASE_STUDY_MAX_BYTES	(512 * 1024)
#define CASE_STUDY_FORMAT	"tipsom-case-study/1"

/*
 * Parses and validates text (len bytes).  NULL with *err ERR_INVALID,
 * err->field the JSON path of the first error and err->msg "path: what
 * is wrong: the fix".  Release with case_study_free().
 */
struct case_study *case_study_parse(const char *text, size_t len,
		    struct err *err);
void		 case_study_free(struct case_study **cs);

/*
 * Checks that every step the case study names (discoveries, order,
 * must_not) is a step of sop, the SOP its exercises open under.
 */
int		 case_study_check_sop(const struct case_study *cs,
		    const struct sop *sop, struct err *err);

const char	*case_study_id(const struct case_study *cs);
int		 case_study_version(const struct case_study *cs);
const char	*case_study_sop(const struct case_study *cs);

/* The validated definition (borrowed; lives as long as cs). */
const json_t	*case_study_definition(const struct case_study *cs);

/* The person of the case study with that id, or NULL. */
const json_t	*case_study_person(const struct case_study *cs,
		    const char *id);

/*
 * The case studies shipped with tipsom (training/case-studies/, embedded
 * at build time), parsed, by id.  Free each with case_study_free() and
 * the array with free().  Fails only if a shipped file is invalid.
 */
struct case_study **case_study_shipped(size_t *n, struct err *err);

#endif
