/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_legal.c - the legal elements of a case and the classification
 * they suggest: one table row per fictional scenario (an elements file,
 * the outcome and the reasons it must and must not give), one per
 * malformed file, and every combination of the elements checked against
 * the rules as docs/legal-elements.md writes them.
 *
 * The JSON in the tables is written with ' for " so that it reads; dq()
 * turns it back before parsing.
 */
#include "unit.h"

#include "core/legal.h"
#include "base/banned.h"

#define MAX_CODES	8

/* A copy of s with every ' turned into ". */
static char *
dq(const char *s)
{
	size_t len = strlen(s);
	char *out = malloc(len + 1);

	if (!out)
		abort();
	for (size_t i = 0; i <= len; i++)
		out[i] = s[i] == '\'' ? '"' : s[i];
	return out;
}

static bool
has_reason(const struct legal_result *r, const char *code)
{
	for (size_t i = 0; i < r->n_reasons && i < LEGAL_MAX_REASONS; i++)
		if (r->reasons[i].code && strcmp(r->reasons[i].code, code) == 0)
			return true;
	return false;
}

/* The codes of r on one line, for failure messages. */
static const char *
codes_of(const struct legal_result *r, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->n_reasons && i < LEGAL_MAX_REASONS; i++) {
		int n = snprintf(buf + used, size - used, "%s%s",
		    i ? " " : "", r->reasons[i].code ? r->reasons[i].code :
		    "(null)");

		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	return buf;
}

/*
 * What holds of every result, whatever the input: a bounded number of
 * reasons, each with a code and a sentence, no code twice, and the flags
 * agreeing with the outcome.
 */
static void
check_result(const char *name, const struct legal_result *r)
{
	bool tip = r->outcome == LEGAL_TIP || r->outcome == LEGAL_TIP_SOM;
	bool som = r->outcome == LEGAL_SOM || r->outcome == LEGAL_TIP_SOM;

	if ((int)r->outcome < 0 || r->outcome >= LEGAL__MAX)
		fail_msg("%s: outcome %d out of range", name, (int)r->outcome);
	if (r->tip != tip || r->som != som)
		fail_msg("%s: outcome %s with tip=%d som=%d", name,
		    enum_name(&legal_outcome_desc, r->outcome), r->tip, r->som);
	if (r->n_reasons > LEGAL_MAX_REASONS)
		fail_msg("%s: %zu reasons, at most %d", name, r->n_reasons,
		    LEGAL_MAX_REASONS);
	for (size_t i = 0; i < r->n_reasons; i++) {
		const struct legal_reason *x = &r->reasons[i];

		if (!x->code || !*x->code || !x->text || !*x->text)
			fail_msg("%s: reason %zu lacks a code or a text", name,
			    i);
		for (size_t j = 0; j < i; j++)
			if (strcmp(r->reasons[j].code, x->code) == 0)
				fail_msg("%s: reason \"%s\" given twice", name,
				    x->code);
	}
}

/* The scenarios: fictional, each a small elements file. */
struct scenario {
	const char		*name;
	const char		*json;
	enum legal_outcome	 want;
	const char		*present[MAX_CODES];
	const char		*absent[MAX_CODES];
};

static const struct scenario scenarios[] = {
	{
		.name = "a child moved for sexual exploitation, no means",
		.json = "{'tip': {'acts': ['recruitment', 'transport'], "
		    "'purposes': ['sexual_exploitation']}, "
		    "'child_at_time': true}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "tip.child_no_means_needed",
		    "tip.no_border_needed" },
		.absent = { "tip.means_missing", "tip.age_unknown",
		    "som.procurement_missing", "som.elements_met" },
	},
	{
		.name = "an adult who consented after being deceived",
		.json = "{'tip': {'acts': ['recruitment', 'transport'], "
		    "'means': ['deception'], 'purposes': ['forced_labour'], "
		    "'victim_consented': true}, 'border_crossed': true, "
		    "'child_at_time': false}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "tip.consent_irrelevant" },
		.absent = { "tip.no_border_needed",
		    "tip.child_no_means_needed", "som.procurement_missing",
		    "som.benefit_missing" },
	},
	{
		.name = "paid a smuggler, then held for forced labour en route",
		.json = "{'tip': {'acts': ['transport', 'harbouring'], "
		    "'means': ['threat', 'coercion'], "
		    "'purposes': ['forced_labour'], "
		    "'victim_consented': true}, "
		    "'som': {'procurement': ['illegal_entry'], "
		    "'material_benefit': true, "
		    "'aggravating': ['exploitation']}, "
		    "'border_crossed': true, 'child_at_time': false}",
		.want = LEGAL_TIP_SOM,
		.present = { "tip.elements_met", "som.elements_met",
		    "tip.consent_irrelevant", "som.aggravating",
		    "som.migrant_not_liable" },
		.absent = { "som.check_tip", "tip.no_border_needed",
		    "tip.means_missing" },
	},
	{
		.name = "a voluntary crossing for a fee",
		.json = "{'som': {'procurement': ['illegal_entry'], "
		    "'material_benefit': true}, 'border_crossed': true, "
		    "'child_at_time': false}",
		.want = LEGAL_SOM,
		.present = { "som.elements_met", "som.migrant_not_liable" },
		.absent = { "tip.act_missing", "tip.means_missing",
		    "som.aggravating", "som.check_tip", "tip.elements_met" },
	},
	{
		.name = "trafficked within one province, no border",
		.json = "{'tip': {'acts': ['recruitment', 'transport'], "
		    "'means': ['deception'], "
		    "'purposes': ['sexual_exploitation']}, "
		    "'border_crossed': false, 'child_at_time': false}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "tip.no_border_needed" },
		.absent = { "som.border_missing", "som.procurement_missing" },
	},
	{
		.name = "an adult, act and purpose, no means",
		.json = "{'tip': {'acts': ['recruitment'], "
		    "'purposes': ['forced_labour']}, 'child_at_time': false}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "tip.means_missing", "som.procurement_missing",
		    "som.benefit_missing", "som.border_unknown" },
		.absent = { "tip.elements_met", "tip.age_unknown",
		    "tip.act_missing", "tip.purpose_missing",
		    "tip.child_no_means_needed" },
	},
	{
		.name = "age unknown, act and purpose, no means",
		.json = "{'tip': {'acts': ['receipt', 'harbouring'], "
		    "'purposes': ['sexual_exploitation']}}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "tip.means_missing", "tip.age_unknown" },
		.absent = { "tip.elements_met", "tip.child_no_means_needed",
		    "tip.act_missing", "tip.purpose_missing" },
	},
	{
		.name = "entry procured for a fee, no border crossed",
		.json = "{'som': {'procurement': ['illegal_entry'], "
		    "'material_benefit': true}, 'border_crossed': false, "
		    "'child_at_time': false}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "som.border_missing", "tip.act_missing",
		    "tip.purpose_missing", "tip.means_missing" },
		.absent = { "som.elements_met", "som.procurement_missing",
		    "som.benefit_missing", "som.border_unknown",
		    "som.migrant_not_liable", "tip.age_unknown" },
	},
	{
		.name = "a cousin driven across for nothing",
		.json = "{'som': {'procurement': ['illegal_entry'], "
		    "'material_benefit': false}, 'border_crossed': true}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "som.benefit_missing" },
		.absent = { "som.elements_met", "som.procurement_missing",
		    "som.border_missing", "som.border_unknown",
		    "som.migrant_not_liable" },
	},
	{
		.name = "smuggled in a sealed lorry, danger to life",
		.json = "{'som': {'procurement': ['illegal_entry'], "
		    "'material_benefit': true, "
		    "'aggravating': ['danger_to_life']}, "
		    "'border_crossed': true}",
		.want = LEGAL_SOM,
		.present = { "som.elements_met", "som.aggravating",
		    "som.migrant_not_liable" },
		.absent = { "som.check_tip", "tip.elements_met" },
	},
	{
		.name = "smuggling aggravated by exploitation, TIP not shown",
		.json = "{'som': {'procurement': ['illegal_entry'], "
		    "'material_benefit': true, "
		    "'aggravating': ['exploitation']}, "
		    "'border_crossed': true}",
		.want = LEGAL_SOM,
		.present = { "som.elements_met", "som.aggravating",
		    "som.check_tip", "som.migrant_not_liable" },
		.absent = { "tip.elements_met", "tip.act_missing" },
	},
	{
		.name = "recruited by fraud for the removal of a kidney",
		.json = "{'tip': {'acts': ['recruitment', 'transport'], "
		    "'means': ['fraud', 'abuse_of_vulnerability'], "
		    "'purposes': ['removal_of_organs']}, "
		    "'border_crossed': true, 'child_at_time': false}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met" },
		.absent = { "tip.no_border_needed", "tip.consent_irrelevant",
		    "som.procurement_missing" },
	},
	{
		.name = "a child made to beg at a bus station",
		.json = "{'tip': {'acts': ['transfer', 'harbouring'], "
		    "'purposes': ['forced_begging']}, "
		    "'border_crossed': false, 'child_at_time': true}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "tip.child_no_means_needed",
		    "tip.no_border_needed" },
		.absent = { "tip.means_missing", "som.border_missing" },
	},
	{
		.name = "married off abroad under a false promise",
		.json = "{'tip': {'acts': ['recruitment', 'transfer'], "
		    "'means': ['deception'], "
		    "'purposes': ['forced_marriage'], "
		    "'victim_consented': true}, "
		    "'border_crossed': true, 'child_at_time': false}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "tip.consent_irrelevant" },
		.absent = { "tip.no_border_needed", "tip.means_missing" },
	},
	{
		.name = "a housemaid whose passport the employer keeps",
		.json = "{'tip': {'acts': ['recruitment', 'receipt', "
		    "'harbouring'], 'means': ['coercion'], "
		    "'purposes': ['domestic_servitude']}, "
		    "'border_crossed': true, 'child_at_time': false}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met" },
		.absent = { "tip.child_no_means_needed",
		    "tip.no_border_needed" },
	},
	{
		.name = "brick kiln debt bondage",
		.json = "{'tip': {'acts': ['recruitment', 'harbouring'], "
		    "'means': ['abuse_of_vulnerability'], "
		    "'purposes': ['forced_labour', "
		    "'slavery_or_similar_practices']}, "
		    "'border_crossed': false, 'child_at_time': false}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "tip.no_border_needed" },
		.absent = { "tip.means_missing", "som.border_missing" },
	},
	{
		.name = "an uncle paid to hand over his adult niece",
		.json = "{'tip': {'acts': ['transfer', 'receipt'], "
		    "'means': ['payments_to_person_in_control'], "
		    "'purposes': ['sexual_exploitation']}, "
		    "'child_at_time': false}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "tip.no_border_needed" },
		.absent = { "tip.means_missing" },
	},
	{
		.name = "an empty file",
		.json = "{}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "tip.act_missing", "tip.purpose_missing",
		    "tip.means_missing", "tip.age_unknown",
		    "som.procurement_missing", "som.benefit_missing",
		    "som.border_unknown" },
		.absent = { "tip.elements_met", "som.elements_met",
		    "som.border_missing", "som.aggravating",
		    "tip.no_border_needed", "tip.consent_irrelevant",
		    "som.migrant_not_liable" },
	},
	{
		.name = "every fact null, every list empty",
		.json = "{'tip': {'acts': [], 'means': [], 'purposes': []}, "
		    "'som': {'procurement': [], 'material_benefit': null, "
		    "'aggravating': []}, "
		    "'border_crossed': null, 'child_at_time': null}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "tip.act_missing", "tip.purpose_missing",
		    "tip.means_missing", "tip.age_unknown",
		    "som.procurement_missing", "som.benefit_missing",
		    "som.border_unknown" },
		.absent = { "tip.elements_met", "som.elements_met",
		    "som.border_missing", "som.aggravating" },
	},
	{
		.name = "a child, and force used as well",
		.json = "{'tip': {'acts': ['recruitment'], "
		    "'means': ['force'], "
		    "'purposes': ['sexual_exploitation']}, "
		    "'child_at_time': true}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met" },
		.absent = { "tip.child_no_means_needed",
		    "tip.consent_irrelevant", "tip.means_missing" },
	},
	{
		.name = "a child who said yes, no means",
		.json = "{'tip': {'acts': ['recruitment', 'transport'], "
		    "'purposes': ['sexual_exploitation'], "
		    "'victim_consented': true}, 'child_at_time': true}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "tip.child_no_means_needed",
		    "tip.consent_irrelevant" },
		.absent = { "tip.means_missing" },
	},
	{
		.name = "an adult who agreed, no means",
		.json = "{'tip': {'acts': ['recruitment'], "
		    "'purposes': ['forced_labour'], "
		    "'victim_consented': true}, 'child_at_time': false}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "tip.means_missing", "som.procurement_missing",
		    "som.benefit_missing", "som.border_unknown" },
		.absent = { "tip.consent_irrelevant", "tip.elements_met",
		    "tip.age_unknown" },
	},
	{
		.name = "threats and forced labour, no act",
		.json = "{'tip': {'means': ['threat'], "
		    "'purposes': ['forced_labour']}, 'child_at_time': false}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "tip.act_missing" },
		.absent = { "tip.purpose_missing", "tip.means_missing",
		    "tip.elements_met" },
	},
	{
		.name = "recruited by deception, purpose not shown",
		.json = "{'tip': {'acts': ['recruitment'], "
		    "'means': ['deception']}, 'child_at_time': false}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "tip.purpose_missing" },
		.absent = { "tip.act_missing", "tip.means_missing",
		    "tip.elements_met" },
	},
	{
		.name = "threats the only thing recorded",
		.json = "{'tip': {'means': ['threat']}}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "tip.act_missing", "tip.purpose_missing" },
		.absent = { "tip.means_missing", "tip.age_unknown" },
	},
	{
		.name = "a child received, purpose not shown",
		.json = "{'tip': {'acts': ['receipt']}, "
		    "'child_at_time': true}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "tip.purpose_missing" },
		.absent = { "tip.act_missing", "tip.means_missing",
		    "tip.age_unknown", "tip.child_no_means_needed" },
	},
	{
		.name = "a fee paid, nothing else known",
		.json = "{'som': {'material_benefit': true}}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "som.procurement_missing", "som.border_unknown",
		    "tip.act_missing" },
		.absent = { "som.benefit_missing", "som.border_missing",
		    "som.elements_met" },
	},
	{
		.name = "entry procured for a fee, border not established",
		.json = "{'som': {'procurement': ['illegal_entry'], "
		    "'material_benefit': true}, 'child_at_time': false}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "som.border_unknown" },
		.absent = { "som.border_missing", "som.benefit_missing",
		    "som.procurement_missing", "som.elements_met" },
	},
	{
		.name = "forged visas sold at a border town",
		.json = "{'som': {'procurement': ['fraudulent_documents'], "
		    "'material_benefit': true}, 'border_crossed': true}",
		.want = LEGAL_SOM,
		.present = { "som.elements_met", "som.migrant_not_liable" },
		.absent = { "som.procurement_missing", "som.aggravating" },
	},
	{
		.name = "an overstay arranged for rent",
		.json = "{'som': {'procurement': ['illegal_stay'], "
		    "'material_benefit': true}, 'border_crossed': true}",
		.want = LEGAL_SOM,
		.present = { "som.elements_met", "som.migrant_not_liable" },
		.absent = { "som.benefit_missing", "tip.act_missing" },
	},
	{
		.name = "entry, stay and papers, migrants beaten",
		.json = "{'som': {'procurement': ['illegal_entry', "
		    "'illegal_stay', 'fraudulent_documents'], "
		    "'material_benefit': true, "
		    "'aggravating': ['inhuman_or_degrading_treatment', "
		    "'danger_to_life']}, 'border_crossed': true}",
		.want = LEGAL_SOM,
		.present = { "som.elements_met", "som.aggravating",
		    "som.migrant_not_liable" },
		.absent = { "som.check_tip" },
	},
	{
		.name = "migrants left in the desert, procurement not shown",
		.json = "{'som': {'aggravating': ['danger_to_life']}, "
		    "'border_crossed': true}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "som.aggravating", "som.procurement_missing",
		    "som.benefit_missing", "tip.act_missing",
		    "tip.age_unknown" },
		.absent = { "som.border_unknown", "som.border_missing",
		    "som.elements_met", "som.check_tip" },
	},
	{
		.name = "smuggled adult put to work, means not shown",
		.json = "{'tip': {'acts': ['transport'], "
		    "'purposes': ['forced_labour']}, "
		    "'som': {'procurement': ['illegal_entry'], "
		    "'material_benefit': true, "
		    "'aggravating': ['exploitation']}, "
		    "'border_crossed': true, 'child_at_time': false}",
		.want = LEGAL_SOM,
		.present = { "som.elements_met", "som.aggravating",
		    "som.check_tip", "tip.means_missing" },
		.absent = { "tip.elements_met", "tip.act_missing",
		    "tip.purpose_missing", "tip.age_unknown" },
	},
	{
		.name = "a smuggled child made to sell drugs on arrival",
		.json = "{'tip': {'acts': ['receipt', 'harbouring'], "
		    "'purposes': ['forced_criminality']}, "
		    "'som': {'procurement': ['illegal_entry'], "
		    "'material_benefit': true}, "
		    "'border_crossed': true, 'child_at_time': true}",
		.want = LEGAL_TIP_SOM,
		.present = { "tip.elements_met", "som.elements_met",
		    "tip.child_no_means_needed", "som.migrant_not_liable" },
		.absent = { "tip.no_border_needed", "tip.means_missing" },
	},
	{
		.name = "an unaccompanied child smuggled, no exploitation",
		.json = "{'som': {'procurement': ['illegal_entry'], "
		    "'material_benefit': true}, "
		    "'border_crossed': true, 'child_at_time': true}",
		.want = LEGAL_SOM,
		.present = { "som.elements_met", "som.migrant_not_liable" },
		.absent = { "tip.elements_met", "tip.act_missing",
		    "tip.purpose_missing", "tip.child_no_means_needed" },
	},
	{
		.name = "trafficked across, smuggling fee not established",
		.json = "{'tip': {'acts': ['transport'], "
		    "'means': ['deception'], "
		    "'purposes': ['sexual_exploitation']}, "
		    "'som': {'procurement': ['illegal_entry']}, "
		    "'border_crossed': true, 'child_at_time': false}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "som.benefit_missing" },
		.absent = { "som.elements_met", "som.procurement_missing",
		    "som.border_missing", "som.border_unknown",
		    "som.migrant_not_liable" },
	},
	{
		.name = "smuggled, then exploited under threat",
		.json = "{'tip': {'acts': ['receipt'], 'means': ['threat'], "
		    "'purposes': ['sexual_exploitation']}, "
		    "'som': {'procurement': ['illegal_entry'], "
		    "'material_benefit': true, "
		    "'aggravating': ['exploitation']}, "
		    "'border_crossed': true, 'child_at_time': false}",
		.want = LEGAL_TIP_SOM,
		.present = { "som.aggravating", "tip.elements_met",
		    "som.elements_met" },
		.absent = { "som.check_tip", "tip.means_missing" },
	},
	{
		.name = "an adult abducted to steal cars",
		.json = "{'tip': {'acts': ['transport'], "
		    "'means': ['abduction', 'force'], "
		    "'purposes': ['forced_criminality']}, "
		    "'border_crossed': false, 'child_at_time': false}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "tip.no_border_needed" },
		.absent = { "tip.consent_irrelevant" },
	},
	{
		.name = "a ward kept in servitude by a guardian",
		.json = "{'tip': {'acts': ['harbouring'], "
		    "'means': ['abuse_of_power'], "
		    "'purposes': ['servitude']}, "
		    "'border_crossed': false, 'child_at_time': false}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "tip.no_border_needed" },
		.absent = { "tip.child_no_means_needed" },
	},
	{
		.name = "means used, age not known",
		.json = "{'tip': {'acts': ['recruitment'], "
		    "'means': ['deception'], "
		    "'purposes': ['forced_labour']}}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "tip.no_border_needed" },
		.absent = { "tip.age_unknown", "tip.means_missing",
		    "som.procurement_missing", "som.border_unknown" },
	},
	{
		.name = "every act, means and purpose",
		.json = "{'tip': {'acts': ['recruitment', 'transport', "
		    "'transfer', 'harbouring', 'receipt'], "
		    "'means': ['threat', 'force', 'coercion', 'abduction', "
		    "'fraud', 'deception', 'abuse_of_power', "
		    "'abuse_of_vulnerability', "
		    "'payments_to_person_in_control'], "
		    "'purposes': ['sexual_exploitation', 'forced_labour', "
		    "'slavery_or_similar_practices', 'servitude', "
		    "'domestic_servitude', 'forced_begging', "
		    "'forced_criminality', 'forced_marriage', "
		    "'removal_of_organs']}, 'border_crossed': true}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met" },
		.absent = { "tip.no_border_needed", "tip.age_unknown" },
	},
	{
		.name = "consent the only thing recorded",
		.json = "{'tip': {'victim_consented': true}, "
		    "'child_at_time': false}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "tip.act_missing", "tip.purpose_missing",
		    "tip.means_missing" },
		.absent = { "tip.consent_irrelevant", "tip.age_unknown" },
	},
	{
		.name = "trafficking met, migrants mistreated, no procurement",
		.json = "{'tip': {'acts': ['harbouring'], "
		    "'means': ['force'], 'purposes': ['forced_labour']}, "
		    "'som': {'aggravating': "
		    "['inhuman_or_degrading_treatment']}, "
		    "'border_crossed': true, 'child_at_time': false}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "som.aggravating",
		    "som.procurement_missing", "som.benefit_missing" },
		.absent = { "som.border_missing", "som.border_unknown",
		    "som.check_tip", "som.elements_met" },
	},
	{
		.name = "smuggling met, a purpose alleged, nothing more",
		.json = "{'tip': {'purposes': ['forced_labour']}, "
		    "'som': {'procurement': ['illegal_entry'], "
		    "'material_benefit': true}, "
		    "'border_crossed': true, 'child_at_time': false}",
		.want = LEGAL_SOM,
		.present = { "som.elements_met", "tip.act_missing",
		    "tip.means_missing" },
		.absent = { "tip.purpose_missing", "tip.age_unknown",
		    "som.check_tip" },
	},
	{
		.name = "trafficked in-country, forged papers sold to her",
		.json = "{'tip': {'acts': ['recruitment'], "
		    "'means': ['abuse_of_vulnerability'], "
		    "'purposes': ['sexual_exploitation']}, "
		    "'som': {'procurement': ['fraudulent_documents'], "
		    "'material_benefit': true}, "
		    "'border_crossed': false, 'child_at_time': false}",
		.want = LEGAL_TIP,
		.present = { "tip.elements_met", "tip.no_border_needed",
		    "som.border_missing" },
		.absent = { "som.elements_met", "som.benefit_missing",
		    "som.procurement_missing", "som.border_unknown" },
	},
	{
		.name = "a child, age known, nothing else",
		.json = "{'child_at_time': true, 'border_crossed': false}",
		.want = LEGAL_INSUFFICIENT,
		.present = { "tip.act_missing", "tip.purpose_missing",
		    "som.procurement_missing", "som.benefit_missing",
		    "som.border_missing" },
		.absent = { "tip.means_missing", "tip.age_unknown",
		    "som.border_unknown" },
	},
};

static void
test_scenarios(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(scenarios); i++) {
		const struct scenario *s = &scenarios[i];
		struct legal_elements e;
		struct legal_result r;
		struct err err = ERR_INIT;
		char name[160], got[512];
		char *json = dq(s->json);

		snprintf(name, sizeof(name), "row %zu \"%s\"", i, s->name);
		memset(&e, 0xa5, sizeof(e));
		if (legal_parse(json, strlen(json), &e, &err) == -1)
			fail_msg("%s: refused at \"%s\": %s", name, err.field,
			    err.msg);
		memset(&r, 0xa5, sizeof(r));
		legal_suggest(&e, &r);
		check_result(name, &r);
		if (r.outcome != s->want)
			fail_msg("%s: got %s, want %s (reasons: %s)", name,
			    enum_name(&legal_outcome_desc, r.outcome),
			    enum_name(&legal_outcome_desc, s->want),
			    codes_of(&r, got, sizeof(got)));
		for (size_t j = 0; j < MAX_CODES && s->present[j]; j++)
			if (!has_reason(&r, s->present[j]))
				fail_msg("%s: no reason \"%s\" (reasons: %s)",
				    name, s->present[j],
				    codes_of(&r, got, sizeof(got)));
		for (size_t j = 0; j < MAX_CODES && s->absent[j]; j++)
			if (has_reason(&r, s->absent[j]))
				fail_msg("%s: reason \"%s\" given "
				    "(reasons: %s)", name, s->absent[j],
				    codes_of(&r, got, sizeof(got)));
		free(json);
	}
}

/* What the parser makes of the file: the sets, the flags, the facts. */
static void
test_parsed(void **state)
{
	static const struct {
		const char		*name;
		const char		*json;
		struct legal_elements	 want;
	} rows[] = {
		{ "empty file: all unknown", "{}",
		    { .child = FACT_UNKNOWN, .border_crossed = FACT_UNKNOWN,
		    .material_benefit = FACT_UNKNOWN } },
		{ "null is unknown", "{'child_at_time': null, "
		    "'border_crossed': null, "
		    "'som': {'material_benefit': null}}",
		    { .child = FACT_UNKNOWN, .border_crossed = FACT_UNKNOWN,
		    .material_benefit = FACT_UNKNOWN } },
		{ "false is no", "{'child_at_time': false, "
		    "'border_crossed': false, "
		    "'som': {'material_benefit': false}}",
		    { .child = FACT_NO, .border_crossed = FACT_NO,
		    .material_benefit = FACT_NO } },
		{ "true is yes", "{'child_at_time': true, "
		    "'border_crossed': true, "
		    "'som': {'material_benefit': true}}",
		    { .child = FACT_YES, .border_crossed = FACT_YES,
		    .material_benefit = FACT_YES } },
		{ "empty sections and lists", "{'tip': {'acts': [], "
		    "'means': [], 'purposes': []}, 'som': {'procurement': [], "
		    "'aggravating': []}}",
		    { .child = FACT_UNKNOWN, .border_crossed = FACT_UNKNOWN,
		    .material_benefit = FACT_UNKNOWN } },
		{ "consent false", "{'tip': {'victim_consented': false}}",
		    { .consented = false, .child = FACT_UNKNOWN,
		    .border_crossed = FACT_UNKNOWN,
		    .material_benefit = FACT_UNKNOWN } },
		{ "each set as bits", "{'tip': {'acts': ['receipt', "
		    "'recruitment'], 'means': ['payments_to_person_in_control',"
		    " 'threat'], 'purposes': ['removal_of_organs', "
		    "'sexual_exploitation'], 'victim_consented': true}, "
		    "'som': {'procurement': ['fraudulent_documents', "
		    "'illegal_entry'], 'aggravating': ['exploitation', "
		    "'danger_to_life']}}",
		    { .acts = 1u << ACT_RECEIPT | 1u << ACT_RECRUITMENT,
		    .means = 1u << MEANS_PAYMENTS | 1u << MEANS_THREAT,
		    .purposes = 1u << PURPOSE_REMOVAL_OF_ORGANS |
		    1u << PURPOSE_SEXUAL_EXPLOITATION,
		    .consented = true, .child = FACT_UNKNOWN,
		    .border_crossed = FACT_UNKNOWN,
		    .procurement = 1u << PROCUREMENT_FRAUDULENT_DOCUMENTS |
		    1u << PROCUREMENT_ILLEGAL_ENTRY,
		    .material_benefit = FACT_UNKNOWN,
		    .aggravating = 1u << AGGRAVATION_EXPLOITATION |
		    1u << AGGRAVATION_DANGER_TO_LIFE } },
		{ "every act", "{'tip': {'acts': ['recruitment', "
		    "'transport', 'transfer', 'harbouring', 'receipt']}}",
		    { .acts = (1u << ACT__MAX) - 1, .child = FACT_UNKNOWN,
		    .border_crossed = FACT_UNKNOWN,
		    .material_benefit = FACT_UNKNOWN } },
		{ "every aggravation", "{'som': {'aggravating': "
		    "['danger_to_life', 'inhuman_or_degrading_treatment', "
		    "'exploitation']}}",
		    { .aggravating = (1u << AGGRAVATION__MAX) - 1,
		    .child = FACT_UNKNOWN, .border_crossed = FACT_UNKNOWN,
		    .material_benefit = FACT_UNKNOWN } },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct legal_elements *w = &rows[i].want;
		struct legal_elements e;
		struct err err = ERR_INIT;
		char *json = dq(rows[i].json);

		memset(&e, 0xa5, sizeof(e));
		if (legal_parse(json, strlen(json), &e, &err) == -1)
			fail_msg("row %zu \"%s\": refused at \"%s\": %s", i,
			    rows[i].name, err.field, err.msg);
		if (e.acts != w->acts || e.means != w->means ||
		    e.purposes != w->purposes ||
		    e.consented != w->consented || e.child != w->child ||
		    e.border_crossed != w->border_crossed ||
		    e.procurement != w->procurement ||
		    e.material_benefit != w->material_benefit ||
		    e.aggravating != w->aggravating)
			fail_msg("row %zu \"%s\": got acts %#x means %#x "
			    "purposes %#x consented %d child %d border %d "
			    "procurement %#x benefit %d aggravating %#x; "
			    "want %#x %#x %#x %d %d %d %#x %d %#x", i,
			    rows[i].name, e.acts, e.means, e.purposes,
			    e.consented, e.child, e.border_crossed,
			    e.procurement, e.material_benefit, e.aggravating,
			    w->acts, w->means, w->purposes, w->consented,
			    w->child, w->border_crossed, w->procurement,
			    w->material_benefit, w->aggravating);
		free(json);
	}
}

/* Malformed files: refused whole, naming the JSON path at fault. */
static void
test_refused(void **state)
{
	static const struct {
		const char	*name;
		const char	*json;	/* NULL: too large, see below */
		const char	*field;
		const char	*says;	/* in the message, or NULL */
	} rows[] = {
		{ "not JSON", "{'tip': ", "", NULL },
		{ "nothing at all", "", "", NULL },
		{ "text after the object", "{} x", "", NULL },
		{ "a top-level array", "[]", "", NULL },
		{ "a top-level string", "'tip'", "", NULL },
		{ "a key given twice", "{'border_crossed': true, "
		    "'border_crossed': false}", "", NULL },
		{ "unknown top-level key", "{'victim': {}}", "victim", NULL },
		{ "misspelt act", "{'tip': {'acts': ['recruting']}}",
		    "tip.acts[0]", "recruting" },
		{ "act in capitals", "{'tip': {'acts': ['transport', "
		    "'Receipt']}}", "tip.acts[1]", "Receipt" },
		{ "act not a string", "{'tip': {'acts': [1]}}",
		    "tip.acts[0]", NULL },
		{ "acts not an array", "{'tip': {'acts': 'recruitment'}}",
		    "tip.acts", NULL },
		{ "an act twice", "{'tip': {'acts': ['transport', "
		    "'harbouring', 'transport']}}", "tip.acts[2]", NULL },
		{ "a means twice", "{'tip': {'means': ['fraud', 'fraud']}}",
		    "tip.means[1]", NULL },
		{ "unknown means", "{'tip': {'means': ['bribery']}}",
		    "tip.means[0]", "bribery" },
		{ "unknown purpose", "{'tip': {'purposes': ['servitude', "
		    "'begging']}}", "tip.purposes[1]", "begging" },
		{ "consent as text", "{'tip': {'victim_consented': 'true'}}",
		    "tip.victim_consented", NULL },
		{ "unknown key inside tip", "{'tip': {'consent': true}}",
		    "tip.consent", NULL },
		{ "tip not an object", "{'tip': ['recruitment']}", "tip",
		    NULL },
		{ "child as text", "{'child_at_time': 'yes'}",
		    "child_at_time", NULL },
		{ "border as a number", "{'border_crossed': 0}",
		    "border_crossed", NULL },
		{ "unknown key inside som", "{'som': {'benefit': true}}",
		    "som.benefit", NULL },
		{ "benefit as a number", "{'som': {'material_benefit': 1}}",
		    "som.material_benefit", NULL },
		{ "som not an object", "{'som': 'yes'}", "som", NULL },
		{ "unknown procurement", "{'som': {'procurement': "
		    "['illegal_exit']}}", "som.procurement[0]",
		    "illegal_exit" },
		{ "a procurement twice", "{'som': {'procurement': "
		    "['illegal_stay', 'illegal_stay']}}",
		    "som.procurement[1]", NULL },
		{ "unknown aggravation", "{'som': {'aggravating': "
		    "['violence']}}", "som.aggravating[0]", "violence" },
		{ "aggravating not an array", "{'som': {'aggravating': "
		    "'danger_to_life'}}", "som.aggravating", NULL },
		{ "a good file and one bad field", "{'tip': {'acts': "
		    "['recruitment'], 'means': ['deception'], "
		    "'purposes': ['forced_labour']}, 'child_at_time': false, "
		    "'som': {'procurement': ['illegal_entry'], "
		    "'material_benefit': 'yes'}}",
		    "som.material_benefit", NULL },
		{ "larger than LEGAL_MAX_BYTES", NULL, "", NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct legal_elements e;
		struct err err = ERR_INIT;
		char *json;
		size_t len;

		if (rows[i].json) {
			json = dq(rows[i].json);
			len = strlen(json);
		} else {
			/* Valid JSON, one byte too many: { spaces }. */
			len = LEGAL_MAX_BYTES + 1;
			json = malloc(len + 1);
			if (!json)
				abort();
			memset(json, ' ', len);
			json[0] = '{';
			json[len - 1] = '}';
			json[len] = '\0';
		}
		if (legal_parse(json, len, &e, &err) != -1)
			fail_msg("row %zu \"%s\": accepted, want refused", i,
			    rows[i].name);
		if (err.code != ERR_INVALID ||
		    strcmp(err.field, rows[i].field) != 0 || !*err.msg ||
		    (rows[i].says && !unit_contains(err.msg, rows[i].says)))
			fail_msg("row %zu \"%s\": got %s field \"%s\" msg "
			    "\"%s\", want invalid field \"%s\"%s%s", i,
			    rows[i].name, err_code_name(err.code), err.field,
			    err.msg, rows[i].field,
			    rows[i].says ? " saying " : "",
			    rows[i].says ? rows[i].says : "");
		free(json);
	}
}

/* LEGAL_MAX_BYTES itself is allowed; the length given is what counts. */
static void
test_size_limit(void **state)
{
	struct legal_elements e;
	struct err err = ERR_INIT;
	size_t len = LEGAL_MAX_BYTES;
	char *json = malloc(len + 2);

	(void)state;
	if (!json)
		abort();
	memset(json, ' ', len + 1);
	json[0] = '{';
	json[len - 1] = '}';
	json[len] = 'x';	/* beyond len: must not be read */
	json[len + 1] = '\0';
	if (legal_parse(json, len, &e, &err) == -1)
		fail_msg("%zu bytes refused: %s", len, err.msg);
	assert_int_equal(e.acts, 0);
	assert_int_equal(e.child, FACT_UNKNOWN);
	free(json);
}

/* Every reason code the rules know, for test_rules. */
enum code {
	C_TIP_MET, C_SOM_MET, C_CHILD_NO_MEANS, C_CONSENT, C_NO_BORDER,
	C_ACT_MISSING, C_PURPOSE_MISSING, C_MEANS_MISSING, C_AGE_UNKNOWN,
	C_PROCUREMENT_MISSING, C_BENEFIT_MISSING, C_BORDER_MISSING,
	C_BORDER_UNKNOWN, C_AGGRAVATING, C_CHECK_TIP, C_NOT_LIABLE,
	C__MAX
};

static const char *const code_names[C__MAX] = {
	[C_TIP_MET] = "tip.elements_met",
	[C_SOM_MET] = "som.elements_met",
	[C_CHILD_NO_MEANS] = "tip.child_no_means_needed",
	[C_CONSENT] = "tip.consent_irrelevant",
	[C_NO_BORDER] = "tip.no_border_needed",
	[C_ACT_MISSING] = "tip.act_missing",
	[C_PURPOSE_MISSING] = "tip.purpose_missing",
	[C_MEANS_MISSING] = "tip.means_missing",
	[C_AGE_UNKNOWN] = "tip.age_unknown",
	[C_PROCUREMENT_MISSING] = "som.procurement_missing",
	[C_BENEFIT_MISSING] = "som.benefit_missing",
	[C_BORDER_MISSING] = "som.border_missing",
	[C_BORDER_UNKNOWN] = "som.border_unknown",
	[C_AGGRAVATING] = "som.aggravating",
	[C_CHECK_TIP] = "som.check_tip",
	[C_NOT_LIABLE] = "som.migrant_not_liable",
};

/*
 * The rules of docs/legal-elements.md written a second time, plainly:
 * the outcome for e and which of the known codes it must give.
 */
static enum legal_outcome
model(const struct legal_elements *e, bool want[C__MAX])
{
	bool child = e->child == FACT_YES;
	bool tip = e->acts && e->purposes && (e->means || child);
	bool som = e->procurement && e->material_benefit == FACT_YES &&
	    e->border_crossed == FACT_YES;
	bool none = !tip && !som;
	bool tip_seen = e->acts || e->means || e->purposes || e->consented;
	bool som_seen = e->procurement ||
	    e->material_benefit == FACT_YES || e->aggravating;

	memset(want, 0, C__MAX * sizeof(want[0]));
	want[C_TIP_MET] = tip;
	want[C_SOM_MET] = som;
	want[C_CHILD_NO_MEANS] = child && e->acts && e->purposes &&
	    !e->means;
	want[C_CONSENT] = e->consented && (e->means || child) && e->acts &&
	    e->purposes;
	want[C_NO_BORDER] = tip && e->border_crossed != FACT_YES;
	if (!tip && (tip_seen || none)) {
		want[C_ACT_MISSING] = !e->acts;
		want[C_PURPOSE_MISSING] = !e->purposes;
		want[C_MEANS_MISSING] = !e->means && !child;
		want[C_AGE_UNKNOWN] = !e->means && e->child == FACT_UNKNOWN;
	}
	if (!som && (som_seen || none)) {
		want[C_PROCUREMENT_MISSING] = !e->procurement;
		want[C_BENEFIT_MISSING] = e->material_benefit != FACT_YES;
		want[C_BORDER_MISSING] = e->border_crossed == FACT_NO;
		want[C_BORDER_UNKNOWN] = e->border_crossed == FACT_UNKNOWN;
	}
	want[C_AGGRAVATING] = e->aggravating != 0;
	want[C_CHECK_TIP] = !tip &&
	    (e->aggravating & (1u << AGGRAVATION_EXPLOITATION));
	want[C_NOT_LIABLE] = som;
	if (tip && som)
		return LEGAL_TIP_SOM;
	if (tip)
		return LEGAL_TIP;
	if (som)
		return LEGAL_SOM;
	return LEGAL_INSUFFICIENT;
}

/* The next digit of *k in base radix, for walking combinations. */
static size_t
digit(size_t *k, size_t radix)
{
	size_t d = *k % radix;

	*k /= radix;
	return d;
}

/*
 * Every combination of present/absent elements and of the three states
 * of each fact, straight into legal_suggest: the outcome and, for each
 * code the rules know, given exactly when the rules say.  (Codes the
 * rules do not name are allowed, not checked.)
 */
static void
test_rules(void **state)
{
	static const unsigned acts[] = { 0, 1u << ACT_RECRUITMENT |
	    1u << ACT_TRANSPORT };
	static const unsigned means[] = { 0, 1u << MEANS_DECEPTION };
	static const unsigned purposes[] = { 0,
	    1u << PURPOSE_FORCED_LABOUR };
	static const bool consented[] = { false, true };
	static const enum legal_fact facts[] = { FACT_UNKNOWN, FACT_NO,
	    FACT_YES };
	static const unsigned procurement[] = { 0,
	    1u << PROCUREMENT_ILLEGAL_ENTRY };
	static const unsigned aggravating[] = { 0,
	    1u << AGGRAVATION_DANGER_TO_LIFE,
	    1u << AGGRAVATION_EXPLOITATION };
	size_t total = 2 * 2 * 2 * 2 * 3 * 3 * 2 * 3 * 3;

	(void)state;
	for (size_t n = 0; n < total; n++) {
		size_t k = n;
		struct legal_elements e;
		struct legal_result r;
		enum legal_outcome want;
		bool codes[C__MAX];
		char name[200], got[512];

		memset(&e, 0, sizeof(e));
		e.acts = acts[digit(&k, ARRAY_SIZE(acts))];
		e.means = means[digit(&k, ARRAY_SIZE(means))];
		e.purposes = purposes[digit(&k, ARRAY_SIZE(purposes))];
		e.consented = consented[digit(&k, ARRAY_SIZE(consented))];
		e.child = facts[digit(&k, ARRAY_SIZE(facts))];
		e.border_crossed = facts[digit(&k, ARRAY_SIZE(facts))];
		e.procurement = procurement[digit(&k,
		    ARRAY_SIZE(procurement))];
		e.material_benefit = facts[digit(&k, ARRAY_SIZE(facts))];
		e.aggravating = aggravating[digit(&k,
		    ARRAY_SIZE(aggravating))];
		snprintf(name, sizeof(name), "combination %zu (acts %#x "
		    "means %#x purposes %#x consented %d child %d border %d "
		    "procurement %#x benefit %d aggravating %#x)", n, e.acts,
		    e.means, e.purposes, e.consented, e.child,
		    e.border_crossed, e.procurement, e.material_benefit,
		    e.aggravating);

		want = model(&e, codes);
		memset(&r, 0xa5, sizeof(r));
		legal_suggest(&e, &r);
		check_result(name, &r);
		if (r.outcome != want)
			fail_msg("%s: got %s, want %s", name,
			    enum_name(&legal_outcome_desc, r.outcome),
			    enum_name(&legal_outcome_desc, want));
		for (int c = 0; c < C__MAX; c++)
			if (has_reason(&r, code_names[c]) != codes[c])
				fail_msg("%s: reason \"%s\" %s (reasons: %s)",
				    name, code_names[c], codes[c] ?
				    "missing" : "given, want it absent",
				    codes_of(&r, got, sizeof(got)));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenarios),
		cmocka_unit_test(test_parsed),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
