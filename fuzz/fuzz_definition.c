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
 * study is checked against the shipped SOPs.
 */
#include <stdint.h>
#include <stdlib.h>

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
	}
	sop_free(&sop);
	instrument_free(&ins);
	cs = case_study_parse(text, size, &err);
	if (cs) {
		for (size_t i = 0; i < n_shipped; i++)
			(void)case_study_check_sop(cs, shipped[i], &err);
		case_study_free(&cs);
	}
	return 0;
}
