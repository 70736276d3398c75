/* SPDX-License-Identifier: Apache-2.0 */
/*
 * legal.c - the legal elements of trafficking and smuggling, and the
 * classification they suggest (legal.h, docs/legal-elements.md).
 */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/util.h"
#include "core/jcheck.h"
#include "core/legal.h"
#include "base/banned.h"

#define DOC	"docs/legal-elements.md"

/* The names of d as a NULL-terminated list, for jcheck_words(). */
static const char **
vocab(struct arena *a, const struct enum_desc *d)
{
	const char **list = arena_array(a, (size_t)d->count + 1,
	    sizeof(*list));

	for (int i = 0; i < d->count; i++)
		list[i] = d->names[i];
	return list;
}

/* An optional list of words from d, as a bit set. */
static int
word_set(struct jcheck *c, const json_t *o, const char *path,
    const char *key, const struct enum_desc *d, unsigned *out)
{
	const json_t *v = json_object_get(o, key);
	size_t i;
	json_t *w;

	*out = 0;
	if (!v)
		return 0;
	if (jcheck_words(c, v, jcheck_sub(c, path, key), vocab(c->a, d), 0,
	    d->what) == -1)
		return -1;
	json_array_foreach(v, i, w)
		for (int k = 0; k < d->count; k++)
			if (STREQ(json_string_value(w), d->names[k]))
				*out |= 1u << k;
	return 0;
}

static int
tri(struct jcheck *c, const json_t *o, const char *path, const char *key,
    enum legal_fact *out)
{
	int v;

	if (jcheck_bool(c, json_object_get(o, key), jcheck_sub(c, path, key),
	    1, &v) == -1)
		return -1;
	*out = v < 0 ? FACT_UNKNOWN : v ? FACT_YES : FACT_NO;
	return 0;
}

static int
parse_tip(struct jcheck *c, const json_t *tip, struct legal_elements *e)
{
	static const char *const keys[] = { "acts", "means", "purposes",
	    "victim_consented", NULL };
	int consented = 0;

	if (!tip)
		return 0;
	if (jcheck_keys(c, tip, "tip", keys, NULL) == -1 ||
	    word_set(c, tip, "tip", "acts", &legal_act_desc, &e->acts) == -1 ||
	    word_set(c, tip, "tip", "means", &legal_means_desc,
	    &e->means) == -1 ||
	    word_set(c, tip, "tip", "purposes", &legal_purpose_desc,
	    &e->purposes) == -1)
		return -1;
	if (json_object_get(tip, "victim_consented") &&
	    jcheck_bool(c, json_object_get(tip, "victim_consented"),
	    "tip.victim_consented", 0, &consented) == -1)
		return -1;
	e->consented = consented == 1;
	return 0;
}

static int
parse_som(struct jcheck *c, const json_t *som, struct legal_elements *e)
{
	static const char *const keys[] = { "procurement",
	    "material_benefit", "aggravating", NULL };

	if (!som)
		return 0;
	return jcheck_keys(c, som, "som", keys, NULL) == -1 ||
	    word_set(c, som, "som", "procurement", &som_procurement_desc,
	    &e->procurement) == -1 ||
	    tri(c, som, "som", "material_benefit", &e->material_benefit) ==
	    -1 ||
	    word_set(c, som, "som", "aggravating", &som_aggravation_desc,
	    &e->aggravating) == -1 ? -1 : 0;
}

int
legal_parse(const char *text, size_t len, struct legal_elements *out,
    struct err *err)
{
	static const char *const keys[] = { "tip", "som", "border_crossed",
	    "child_at_time", NULL };
	struct jcheck c = { .err = err, .doc = DOC };
	json_t *root;
	int rc = -1;

	*out = (struct legal_elements){ .child = FACT_UNKNOWN,
	    .border_crossed = FACT_UNKNOWN,
	    .material_benefit = FACT_UNKNOWN };
	root = jcheck_load(&c, text, len, LEGAL_MAX_BYTES, "elements file");
	if (!root)
		return -1;
	c.a = arena_new();
	if (jcheck_keys(&c, root, "", keys, NULL) == 0 &&
	    parse_tip(&c, json_object_get(root, "tip"), out) == 0 &&
	    parse_som(&c, json_object_get(root, "som"), out) == 0 &&
	    tri(&c, root, "", "border_crossed", &out->border_crossed) == 0 &&
	    tri(&c, root, "", "child_at_time", &out->child) == 0)
		rc = 0;
	arena_free(&c.a);
	json_decref(root);
	return rc;
}

static void
reason(struct legal_result *r, const char *code, const char *text)
{
	if (r->n_reasons < LEGAL_MAX_REASONS)
		r->reasons[r->n_reasons++] = (struct legal_reason){ code, text };
}

static void
tip_reasons(const struct legal_elements *e, struct legal_result *r,
    bool explain_missing)
{
	bool child = e->child == FACT_YES;

	if (r->tip)
		reason(r, "tip.elements_met", "an act, a means (or a child "
		    "victim) and an exploitative purpose are all present: "
		    "the elements of trafficking are met (Trafficking "
		    "Protocol art. 3(a), (c))");
	if (child && e->acts && e->purposes && !e->means)
		reason(r, "tip.child_no_means_needed", "the person was under "
		    "18 at the time: for a child no means are needed, an act "
		    "for the purpose of exploitation is enough (art. 3(c), "
		    "(d))");
	if (e->consented && (e->means || child) && e->acts && e->purposes)
		reason(r, "tip.consent_irrelevant", child ? "a child cannot "
		    "consent to exploitation: the consent given is "
		    "irrelevant (art. 3(b), (c))" : "a means was used, so the "
		    "consent the person gave is irrelevant (art. 3(b))");
	if (r->tip)
		reason(r, "tip.non_punishment", "the victim must not be "
		    "punished for offences they were compelled to commit as a "
		    "result of being trafficked (CoE Convention art. 26; OHCHR "
		    "Principles, no. 7)");
	if (r->tip && e->border_crossed != FACT_YES)
		reason(r, "tip.no_border_needed", "trafficking needs no border "
		    "crossing: it can happen within one country or province "
		    "(CoE Convention art. 2)");
	if (r->tip || !explain_missing)
		return;
	if (!e->acts)
		reason(r, "tip.act_missing", "no act is established: record "
		    "recruitment, transport, transfer, harbouring or receipt "
		    "if there was one");
	if (!e->purposes)
		reason(r, "tip.purpose_missing", "no exploitative purpose is "
		    "established: record the exploitation intended or "
		    "suffered");
	if (!e->means && !child)
		reason(r, "tip.means_missing", "for an adult, trafficking "
		    "needs a means (threat, force, coercion, abduction, fraud, "
		    "deception, abuse of power or vulnerability, payments): "
		    "none is established");
	if (!e->means && e->child == FACT_UNKNOWN)
		reason(r, "tip.age_unknown", "the person's age at the time is "
		    "not established: if they were under 18, no means are "
		    "needed; assess the age, and presume a child when in "
		    "doubt");
}

static void
som_reasons(const struct legal_elements *e, struct legal_result *r,
    bool explain_missing)
{
	if (r->som)
		reason(r, "som.elements_met", "the illegal entry (or stay) of "
		    "a person across a border was procured for a financial or "
		    "other material benefit: the elements of smuggling are "
		    "met (Smuggling Protocol art. 3(a), 6)");
	if (e->aggravating)
		reason(r, "som.aggravating", "aggravating circumstances are "
		    "recorded: danger to life or safety, inhuman or degrading "
		    "treatment or exploitation of the migrants (art. 6(3))");
	if ((e->aggravating & (1u << AGGRAVATION_EXPLOITATION)) && !r->tip)
		reason(r, "som.check_tip", "the migrants were exploited: "
		    "screen them for trafficking and assess its elements");
	if (r->som)
		reason(r, "som.migrant_not_liable", "the migrants are not "
		    "liable to prosecution for having been smuggled "
		    "(Smuggling Protocol art. 5): treat them as persons with "
		    "rights, not as offenders");
	if (r->som || !explain_missing)
		return;
	if (!e->procurement)
		reason(r, "som.procurement_missing", "no procurement of illegal "
		    "entry, illegal stay or fraudulent documents is "
		    "established");
	if (e->material_benefit != FACT_YES)
		reason(r, "som.benefit_missing", "no financial or other "
		    "material benefit to the smuggler is established");
	if (e->border_crossed == FACT_NO)
		reason(r, "som.border_missing", "no border was crossed: "
		    "smuggling always involves entry into another State");
	if (e->border_crossed == FACT_UNKNOWN)
		reason(r, "som.border_unknown", "it is not established that a "
		    "border was crossed, which smuggling requires");
}

void
legal_suggest(const struct legal_elements *e, struct legal_result *r)
{
	bool tip_any = e->acts || e->means || e->purposes || e->consented;
	bool som_any = e->procurement || e->material_benefit == FACT_YES ||
	    e->aggravating;
	bool insufficient;

	*r = (struct legal_result){ 0 };
	r->tip = e->acts && e->purposes &&
	    (e->means || e->child == FACT_YES);
	r->som = e->procurement && e->material_benefit == FACT_YES &&
	    e->border_crossed == FACT_YES;
	r->outcome = r->tip && r->som ? LEGAL_TIP_SOM : r->tip ? LEGAL_TIP :
	    r->som ? LEGAL_SOM : LEGAL_INSUFFICIENT;
	insufficient = r->outcome == LEGAL_INSUFFICIENT;
	tip_reasons(e, r, tip_any || insufficient);
	som_reasons(e, r, som_any || insufficient);
}

static json_t *
set_json(unsigned set, const struct enum_desc *d)
{
	json_t *a = json_array();

	for (int i = 0; i < d->count; i++)
		if (set & (1u << i))
			json_array_append_new(a, json_string(d->names[i]));
	return a;
}

static json_t *
fact_json(enum legal_fact f)
{
	return f == FACT_UNKNOWN ? json_null() : json_boolean(f == FACT_YES);
}

json_t *
legal_elements_json(const struct legal_elements *e)
{
	return json_pack("{s:{s:o, s:o, s:o, s:b}, s:{s:o, s:o, s:o}, s:o, "
	    "s:o}", "tip", "acts", set_json(e->acts, &legal_act_desc),
	    "means", set_json(e->means, &legal_means_desc), "purposes",
	    set_json(e->purposes, &legal_purpose_desc), "victim_consented",
	    e->consented, "som", "procurement", set_json(e->procurement,
	    &som_procurement_desc), "material_benefit",
	    fact_json(e->material_benefit), "aggravating",
	    set_json(e->aggravating, &som_aggravation_desc),
	    "border_crossed", fact_json(e->border_crossed), "child_at_time",
	    fact_json(e->child));
}

json_t *
legal_result_json(const struct legal_result *r)
{
	json_t *reasons = json_array();

	for (size_t i = 0; i < r->n_reasons; i++)
		json_array_append_new(reasons, json_pack("{s:s, s:s}", "code",
		    r->reasons[i].code, "text", r->reasons[i].text));
	return json_pack("{s:s, s:b, s:b, s:o}", "suggestion",
	    enum_name(&legal_outcome_desc, r->outcome), "tip", r->tip, "som",
	    r->som, "reasons", reasons);
}
