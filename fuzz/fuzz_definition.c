/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_definition.c - the parsers of the definition files an
 * administrator imports (sop import, POST /api/v1/sops and
 * /api/v1/training/case-studies): SOPs and screening instruments
 * (library_parse(), by their "format"), and training case studies.
 *
 * Each input is offered to both parsers.  What parses is then used the
 * way tipsom uses it: an SOP's translations are counted, an instrument
 * scores an empty set of answers (for an adult and for a child), a case
 * study is checked against the shipped SOPs.  And a definition as parsed
 * (its validated JSON, written again) parses again to the same id,
 * version and counts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/err.h"
#include "core/casestudy.h"
#include "core/library.h"
#include "core/screening.h"
#include "core/sop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sop **shipped;
static size_t n_shipped;

static void
shipped_free(void)
{
	for (size_t i = 0; i < n_shipped; i++)
		sop_free(&shipped[i]);
	free(shipped);
}

static void
use_sop(const struct sop *sop)
{
	char first[128];

	(void)sop_untranslated(sop, "ar", first, sizeof(first));
	(void)sop_untranslated(sop, "ckb", first, sizeof(first));
	if (sop_reflection_days(sop) < 1 ||
	    sop_reflection_days(sop) > SOP_REFLECTION_DAYS_MAX)
		abort();
	(void)sop_phase_count(sop);
	(void)sop_step_count(sop);
}

static void
use_instrument(const struct instrument *ins)
{
	struct screening_result r = { 0 };
	struct err err = ERR_INIT;
	json_t *none = json_object();

	for (int child = 0; child < 2; child++) {
		if (instrument_score(ins, none, child, &r, &err) == 0)
			screening_result_clear(&r);
	}
	json_decref(none);
}

/* The validated JSON of a definition as text (malloc'd). */
static char *
text_of(const json_t *definition, size_t *len)
{
	char *text = json_dumps(definition, JSON_COMPACT);

	if (!text)
		abort();
	*len = strlen(text);
	return text;
}

static void
reparse(const struct sop *sop, const struct instrument *ins)
{
	struct sop *sop2 = NULL;
	struct instrument *ins2 = NULL;
	struct err err = ERR_INIT;
	size_t len;
	char *text = text_of(sop ? sop_definition(sop) :
	    instrument_definition(ins), &len);

	if (library_parse(text, len, &sop2, &ins2, &err) == -1) {
		fprintf(stderr, "fuzz_definition: parsed, then refused: %s\n",
		    err.msg);
		abort();
	}
	if (sop && (!sop2 || strcmp(sop_id(sop), sop_id(sop2)) != 0 ||
	    sop_version(sop) != sop_version(sop2) ||
	    sop_step_count(sop) != sop_step_count(sop2) ||
	    sop_phase_count(sop) != sop_phase_count(sop2)))
		abort();
	if (ins && (!ins2 || strcmp(instrument_id(ins),
	    instrument_id(ins2)) != 0 || instrument_version(ins) !=
	    instrument_version(ins2) || instrument_question_count(ins) !=
	    instrument_question_count(ins2)))
		abort();
	sop_free(&sop2);
	instrument_free(&ins2);
	free(text);
}

static void
reparse_study(const struct case_study *cs)
{
	struct err err = ERR_INIT;
	size_t len;
	char *text = text_of(case_study_definition(cs), &len);
	struct case_study *again = case_study_parse(text, len, &err);

	if (!again) {
		fprintf(stderr, "fuzz_definition: parsed, then refused: %s\n",
		    err.msg);
		abort();
	}
	if (strcmp(case_study_id(cs), case_study_id(again)) != 0 ||
	    case_study_version(cs) != case_study_version(again))
		abort();
	case_study_free(&again);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct sop *sop = NULL;
	struct instrument *ins = NULL;
	struct case_study *cs;
	struct err err = ERR_INIT;

	if (!shipped) {
		shipped = sop_shipped(&n_shipped, &err);
		if (!shipped)
			abort();
		atexit(shipped_free);
	}
	if (library_parse(text, size, &sop, &ins, &err) != -1) {
		if (sop)
			use_sop(sop);
		if (ins)
			use_instrument(ins);
		reparse(sop, ins);
	}
	sop_free(&sop);
	instrument_free(&ins);
	cs = case_study_parse(text, size, &err);
	if (cs) {
		reparse_study(cs);
		for (size_t i = 0; i < n_shipped; i++)
			(void)case_study_check_sop(cs, shipped[i], &err);
		case_study_free(&cs);
	}
	return 0;
}
