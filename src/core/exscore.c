/* SPDX-License-Identifier: Apache-2.0 */
/* exscore.c - scoring a training exercise against its case study. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/util.h"
#include "core/casestudy.h"
#include "core/exscore.h"
#include "core/legal.h"
#include "base/banned.h"

#define POINTS_KIND		2
#define POINTS_ELEMENT		1
#define POINTS_SCREENING	2
#define POINTS_REFERRAL		2
#define POINTS_ORDER		1
#define POINTS_BROKEN		(-3)

static const char *const state_names[EXITEM__MAX] = {
	[EXITEM_PENDING] = "pending",
	[EXITEM_RIGHT] = "right",
	[EXITEM_WRONG] = "wrong",
	[EXITEM_KEPT] = "kept",
	[EXITEM_BROKEN] = "broken",
};

const char *
exercise_item_state_name(enum exercise_item_state s)
{
	return (unsigned)s < EXITEM__MAX ? state_names[s] : "?";
}

struct run {
	const struct exercise_work	*w;
	struct arena			*a;
	const struct guide		*g;
	struct exercise_item		*items;
	size_t				 n, cap;
};

static struct exercise_item *
add(struct run *r, const char *part, const char *id, int max,
    const json_t *why, const char *step)
{
	struct exercise_item *it;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct exercise_item *grown = arena_array(r->a, cap,
		    sizeof(*grown));

		if (r->n)
			memcpy(grown, r->items, r->n * sizeof(*grown));
		r->items = grown;
		r->cap = cap;
	}
	it = &r->items[r->n++];
	*it = (struct exercise_item){ .part = part, .id = id,
	    .state = EXITEM_PENDING, .max = max, .why = why, .step = step };
	return it;
}

static void
judge(struct exercise_item *it, bool right)
{
	it->state = right ? EXITEM_RIGHT : EXITEM_WRONG;
	it->points = right ? it->max : 0;
}

static const struct exercise_person *
person(const struct exercise_work *w, const char *key)
{
	for (size_t i = 0; i < w->n_persons; i++)
		if (STREQ(w->persons[i].key, key))
			return &w->persons[i];
	return NULL;
}

/* The first time step was done, or NULL. */
static const char *
done_at(const struct exercise_work *w, const char *step)
{
	for (size_t i = 0; i < w->n_events; i++)
		if (w->events[i].action == STEP_ACTION_DONE &&
		    STREQ(w->events[i].step_id, step))
			return w->events[i].at;
	return NULL;
}

static bool
has_fact(const struct exercise_work *w, const char *fact)
{
	for (size_t i = 0; i < w->n_facts; i++)
		if (STREQ(enum_name(&case_fact_desc, (int)w->facts[i].fact),
		    fact))
			return true;
	return false;
}

static const char *
set_text(struct arena *a, const struct enum_desc *d, unsigned set)
{
	struct buf b = BUF_INIT(1024);
	char *s;

	if (set == 0)
		return "none";
	enum_set_names(d, set, &b);
	s = arena_strdup(a, b.s);
	buf_release(&b);
	return s;
}

static const char *
fact_text(enum legal_fact f)
{
	return f == FACT_YES ? "yes" : f == FACT_NO ? "no" : "not established";
}

/* The SOP steps whose guidance explains each part, by SOP. */
struct guide {
	const char	*kind;		/* deciding the classification */
	const char	*elements;	/* assessing the elements */
	const char	*screening;
	const char	*referral;
};

static const struct guide tip_guide = { "record_identification_decision",
	"assess_trafficking_elements", "screen_for_indicators",
	"refer_to_assistance" };
static const struct guide som_guide = { "record_classification",
	"assess_smuggling_elements", "screen_for_trafficking",
	"refer_migrant_to_assistance" };

static void
score_kind(struct run *r, const json_t *x)
{
	const char *want = json_string_value(json_object_get(x, "kind"));
	struct exercise_item *it = add(r, "kind", "kind", POINTS_KIND,
	    json_object_get(x, "why_kind"), r->g->kind);

	it->expected = want;
	if (!r->w->classified)
		return;
	it->given = case_kind_name(r->w->kind);
	judge(it, STREQ(it->given, want));
}

static void
element_set(struct run *r, const json_t *part, const char *key,
    const char *id, const struct enum_desc *d, unsigned want,
    unsigned given, const json_t *why)
{
	struct exercise_item *it;

	if (!json_object_get(part, key))
		return;
	it = add(r, "elements", id, POINTS_ELEMENT, why, r->g->elements);
	it->expected = set_text(r->a, d, want);
	if (!r->w->assessed)
		return;
	it->given = set_text(r->a, d, given);
	judge(it, want == given);
}

static void
element_fact(struct run *r, const json_t *part, const char *key,
    const char *id, enum legal_fact want, enum legal_fact given,
    const json_t *why)
{
	struct exercise_item *it;

	if (!json_object_get(part, key) || json_is_null(json_object_get(part,
	    key)))
		return;
	it = add(r, "elements", id, POINTS_ELEMENT, why, r->g->elements);
	it->expected = fact_text(want);
	if (!r->w->assessed)
		return;
	it->given = fact_text(given);
	judge(it, want == given);
}

/* Each list and fact the expected elements give, compared exactly. */
static void
score_elements(struct run *r, const json_t *x)
{
	const json_t *el = json_object_get(x, "elements");
	const json_t *tip = json_object_get(el, "tip");
	const json_t *som = json_object_get(el, "som");
	const json_t *why = json_object_get(x, "why_kind");
	const struct legal_elements *g = &r->w->elements;
	struct legal_elements e;
	struct err err = ERR_INIT;
	char *text = json_dumps(el, JSON_COMPACT);

	if (!text)
		abort();
	/* Validated with the case study, so it parses. */
	if (legal_parse(text, strlen(text), &e, &err) == -1) {
		free(text);
		return;
	}
	free(text);
	element_set(r, tip, "acts", "tip.acts", &legal_act_desc, e.acts,
	    g->acts, why);
	element_set(r, tip, "means", "tip.means", &legal_means_desc, e.means,
	    g->means, why);
	element_set(r, tip, "purposes", "tip.purposes", &legal_purpose_desc,
	    e.purposes, g->purposes, why);
	element_fact(r, tip, "victim_consented", "tip.victim_consented",
	    e.consented ? FACT_YES : FACT_NO, g->consented ? FACT_YES :
	    FACT_NO, why);
	element_set(r, som, "procurement", "som.procurement",
	    &som_procurement_desc, e.procurement, g->procurement, why);
	element_fact(r, som, "material_benefit", "som.material_benefit",
	    e.material_benefit, g->material_benefit, why);
	element_set(r, som, "aggravating", "som.aggravating",
	    &som_aggravation_desc, e.aggravating, g->aggravating, why);
	element_fact(r, el, "border_crossed", "border_crossed",
	    e.border_crossed, g->border_crossed, why);
	element_fact(r, el, "child_at_time", "child_at_time", e.child,
	    g->child, why);
}

/* The latest screening of the expected person decides. */
static void
score_screening(struct run *r, const json_t *x)
{
	const json_t *s = json_object_get(x, "screening");
	const struct exercise_person *p;
	struct exercise_item *it;
	const char *key;

	if (!s)
		return;
	key = json_string_value(json_object_get(s, "person"));
	it = add(r, "screening", arena_printf(r->a, "screening:%s", key),
	    POINTS_SCREENING, json_object_get(s, "why"), r->g->screening);
	it->expected = json_string_value(json_object_get(s, "outcome"));
	p = person(r->w, key);
	for (size_t i = r->w->n_screenings; p && i-- > 0;) {
		if (r->w->screenings[i].person_id != p->person_id)
			continue;
		it->given = enum_name(&screening_outcome_desc,
		    (int)r->w->screenings[i].outcome);
		judge(it, STREQ(it->given, it->expected));
		return;
	}
}

static void
score_referrals(struct run *r, const json_t *x)
{
	const char *step = r->g->referral;
	size_t i;
	json_t *e;

	json_array_foreach(json_object_get(x, "referrals"), i, e) {
		const char *key = json_string_value(json_object_get(e,
		    "person"));
		const char *service = json_string_value(json_object_get(e,
		    "service"));
		const struct exercise_person *p = person(r->w, key);
		struct exercise_item *it = add(r, "referral",
		    arena_printf(r->a, "%s:%s", service, key),
		    POINTS_REFERRAL, json_object_get(e, "why"), step);

		it->expected = service;
		for (size_t j = 0; p && j < r->w->n_referrals; j++) {
			const struct exercise_referral *f = &r->w->referrals[j];

			if (f->person_id == p->person_id && f->consent_stands &&
			    STREQ(enum_name(&service_desc, (int)f->service),
			    service)) {
				it->given = service;
				judge(it, true);
				break;
			}
		}
	}
}

static void
score_order(struct run *r, const json_t *x)
{
	size_t i;
	json_t *o;

	json_array_foreach(json_object_get(x, "order"), i, o) {
		const char *first = json_string_value(json_object_get(o,
		    "first"));
		const char *then = json_string_value(json_object_get(o,
		    "then"));
		const char *first_at = done_at(r->w, first);
		const char *then_at = done_at(r->w, then);
		struct exercise_item *it = add(r, "order",
		    arena_printf(r->a, "%s>%s", first, then), POINTS_ORDER,
		    json_object_get(o, "why"), then);

		it->expected = arena_printf(r->a, "%s, then %s", first, then);
		if (!then_at)
			continue;
		it->given = first_at && strcmp(first_at, then_at) <= 0 ?
		    it->expected : arena_printf(r->a, "%s before %s", then,
		    first);
		/* Timestamps are UTC to the millisecond, so they sort. */
		judge(it, first_at && strcmp(first_at, then_at) <= 0);
	}
}

static bool
holds_role(const struct exercise_person *p, const json_t *roles)
{
	size_t i;
	json_t *v;

	for (size_t k = 0; p && k < p->n_roles; k++)
		json_array_foreach(roles, i, v)
			if (STREQ(case_role_name(p->roles[k]),
			    json_string_value(v)))
				return true;
	return false;
}

static bool
was_refused(const struct exercise_work *w, const char *step)
{
	for (size_t i = 0; i < w->n_refused; i++)
		if (STREQ(w->refused[i], step))
			return true;
	return false;
}

/* Step a done while b was not yet done. */
static bool
done_before(const struct exercise_work *w, const char *a, const char *b)
{
	const char *a_at = done_at(w, a), *b_at = done_at(w, b);

	return a_at && (!b_at || strcmp(a_at, b_at) < 0);
}

static bool
broken(const struct exercise_work *w, const json_t *rule)
{
	const json_t *v;

	if ((v = json_object_get(rule, "role")))
		return holds_role(person(w, json_string_value(
		    json_object_get(v, "person"))), json_object_get(v, "as"));
	if ((v = json_object_get(rule, "fact")))
		return has_fact(w, json_string_value(v));
	if ((v = json_object_get(rule, "refused")))
		return was_refused(w, json_string_value(v));
	v = json_object_get(rule, "before");
	return done_before(w, json_string_value(json_array_get(v, 0)),
	    json_string_value(json_array_get(v, 1)));
}

static void
score_must_not(struct run *r, const json_t *x)
{
	size_t i;
	json_t *m;

	json_array_foreach(json_object_get(x, "must_not"), i, m) {
		struct exercise_item *it = add(r, "must_not",
		    json_string_value(json_object_get(m, "id")), 0,
		    json_object_get(m, "why"),
		    json_string_value(json_object_get(m, "step")));

		if (broken(r->w, json_object_get(m, "rule"))) {
			it->state = EXITEM_BROKEN;
			it->points = POINTS_BROKEN;
		} else {
			it->state = EXITEM_KEPT;
		}
	}
}

void
exscore_run(const struct case_study *cs, const struct exercise_work *w,
    struct arena *a, struct exercise_score *out)
{
	const json_t *x = json_object_get(case_study_definition(cs),
	    "expected");
	struct run r = { .w = w, .a = a, .g = STREQ(case_study_sop(cs),
	    "som") ? &som_guide : &tip_guide };
	int points = 0;

	score_kind(&r, x);
	score_elements(&r, x);
	score_screening(&r, x);
	score_referrals(&r, x);
	score_order(&r, x);
	score_must_not(&r, x);
	*out = (struct exercise_score){ .items = r.items, .n_items = r.n };
	for (size_t i = 0; i < r.n; i++) {
		points += r.items[i].points;
		out->max += r.items[i].max;
		if (r.items[i].state == EXITEM_PENDING)
			out->pending++;
	}
	out->points = points > 0 ? points : 0;
	out->percent = out->max > 0 ? out->points * 100 / out->max : 0;
}

bool
exscore_opened(const json_t *d, const struct exercise_work *w)
{
	const char *after = json_string_value(json_object_get(d, "after"));

	if (!after || STREQ(after, "start"))
		return true;
	if (STREQ(after, "screening"))
		return w->n_screenings > 0;
	if (STREQ(after, "legal"))
		return w->assessed;
	if (strncmp(after, "step:", 5) == 0)
		return done_at(w, after + 5) != NULL;
	if (strncmp(after, "fact:", 5) == 0)
		return has_fact(w, after + 5);
	return false;
}
