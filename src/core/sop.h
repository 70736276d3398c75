/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sop.h - Standard Operating Procedures as validated data.
 *
 * An SOP is a JSON definition (docs/sop-format.md): phases of steps, each
 * with the roles that may do it, dependencies, a due rule, conditions
 * that make it apply and gates that must be met before it is done.
 * sop_parse() refuses a definition whole at its first error, naming the
 * JSON path; a struct sop that exists is valid and immutable.
 */
#ifndef TIPSOM_SOP_H
#define TIPSOM_SOP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct err;
struct sop;			/* opaque */

#define SOP_MAX_BYTES	(4 * 1024 * 1024)

/*
 * Parses and validates the definition in text (len bytes).  Returns NULL
 * with *err ERR_INVALID, err->field the JSON path of the first error and
 * err->msg "path: what is wrong: the fix".  Release with sop_free().
 */
struct sop	*sop_parse(const char *text, size_t len, struct err *err);
void		 sop_free(struct sop **sop);

/*
 * The reflection and recovery period a victim is given before anyone
 * asks for a statement, in days: the SOP's "reflection_period_days", or
 * the default when it sets none.
 */
#define SOP_REFLECTION_DAYS_DEFAULT	30
#define SOP_REFLECTION_DAYS_MAX		365
int		 sop_reflection_days(const struct sop *sop);

/*
 * A step's "done_when": the event that does the step without anyone
 * marking it done (engine.h).  Referral steps are done when a referral
 * of the case is accepted by the provider.
 */
#define SOP_DONE_WHEN_REFERRAL_ACCEPTED	"referral_accepted"

const char	*sop_id(const struct sop *sop);
int		 sop_version(const struct sop *sop);
size_t		 sop_phase_count(const struct sop *sop);
size_t		 sop_step_count(const struct sop *sop);

/* The text of a translatable field in lang, or else in English. */
const char	*sop_text(const json_t *text, const char *lang);

/*
 * How many of the SOP's texts lack a translation into lang; the JSON path
 * of the first one goes to first (size bytes), "" when none.
 */
size_t		 sop_untranslated(const struct sop *sop, const char *lang,
		    char *first, size_t size);

/* The validated definition (borrowed; lives as long as sop). */
const json_t	*sop_definition(const struct sop *sop);

/*
 * Parses an ISO 8601 duration of weeks, days, hours and minutes ("P1D",
 * "PT24H", "P1DT12H", "P2W") into seconds.  Returns -1 for anything
 * else, including a duration of zero.
 */
int		 sop_duration_parse(const char *s, int64_t *seconds);

/*
 * The SOPs shipped with tipsom (the JSON files of sops/, embedded at build
 * time), parsed.  *n gets their count; free each with sop_free() and the
 * array with free().  Fails only if a shipped file is invalid (a bug).
 */
struct sop	**sop_shipped(size_t *n, struct err *err);

#endif
