/* SPDX-License-Identifier: Apache-2.0 */
/* assessment.c - legal-element assessments and decisions on a case. */
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "core/access.h"
#include "core/case.h"
#include "core/ctx.h"
#include "core/input.h"
#include "core/legal.h"
#include "model/json.h"
#include "store/store.h"
#include "base/banned.h"

/* Whether the case's victims or migrants include a child. */
static int
child_from_case(struct ctx *ctx, const struct case_row *c,
    enum legal_fact *child, struct err *err)
{
	struct case_person_row *links;
	size_t n;
	bool any = false, all_known = true;

	if (store_case_person_list(ctx->store, c->id, ctx->arena, &links, &n,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (links[i].role != CASE_ROLE_PRESUMED_VICTIM &&
		    links[i].role != CASE_ROLE_VICTIM &&
		    links[i].role != CASE_ROLE_SMUGGLED_MIGRANT)
			continue;
		any = true;
		if (links[i].child) {
			*child = FACT_YES;
			return 0;
		}
		all_known = all_known && links[i].age_basis !=
		    AGE_BASIS_UNKNOWN;
	}
	*child = any && all_known ? FACT_NO : FACT_UNKNOWN;
	return 0;
}

struct assess_write {
	const struct case_row		*c;
	struct assessment_row		*row;
	const struct legal_result	*r;
};

static int
assess_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct assess_write *w = arg;
	json_t *codes = json_array();

	for (size_t i = 0; i < w->r->n_reasons; i++)
		json_array_append_new(codes, json_string(
		    w->r->reasons[i].code));
	if (store_assessment_insert(ctx->store, w->row, err) == -1) {
		json_decref(codes);
		return -1;
	}
	return case__audit(ctx, "case.assess", w->c, json_pack("{s:I, s:s, "
	    "s:o}", "assessment", (json_int_t)w->row->id, "suggestion",
	    enum_name(&legal_outcome_desc, w->row->suggestion), "reasons",
	    codes), err);
}

int
case_assess(struct ctx *ctx, const char *ref, const char *text, size_t len,
    struct assessment_row *out, struct legal_result *r, struct err *err)
{
	struct legal_elements e;
	struct case_row c;
	char now[TIMESTAMP_TEXT_SIZE];
	json_t *result;

	*out = (struct assessment_row){ .decision = -1 };
	if (case__find(ctx, ref, PERM_CASE_CLASSIFY, &c, err) == -1)
		return -1;
	if (c.status == CASE_STATUS_CLOSED)
		return err_set(err, ERR_CONFLICT, "ref", "case %s is closed: "
		    "assess an open case", c.ref);
	if (legal_parse(text, len, &e, err) == -1 ||
	    (e.child == FACT_UNKNOWN &&
	    child_from_case(ctx, &c, &e.child, err) == -1))
		return -1;
	legal_suggest(&e, r);
	date_now_timestamp(now);
	out->case_id = c.id;
	out->elements = json_text(ctx->arena, legal_elements_json(&e));
	out->suggestion = r->outcome;
	result = legal_result_json(r);
	out->reasons = json_text(ctx->arena, json_incref(json_object_get(
	    result, "reasons")));
	json_decref(result);
	out->at = arena_strdup(ctx->arena, now);
	out->user_id = ctx->actor.user_id;
	out->username = arena_strdup(ctx->arena, ctx->actor.username);
	return ctx_transaction(ctx, assess_write,
	    &(struct assess_write){ &c, out, r }, err);
}

struct classify_write {
	struct case_row		*c;
	struct assessment_row	*row;
	enum case_kind		 from;
};

static int
classify_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct classify_write *w = arg;

	if (store_assessment_decide(ctx->store, w->row, err) == -1 ||
	    (w->c->kind != w->from &&
	    store_case_set_kind(ctx->store, w->c, err) == -1))
		return -1;
	return case__audit(ctx, "case.classify", w->c, json_pack("{s:I, s:s, "
	    "s:s, s:s, s:I}", "assessment", (json_int_t)w->row->id, "kind",
	    case_kind_name(w->c->kind), "from", case_kind_name(w->from),
	    "suggestion", enum_name(&legal_outcome_desc, w->row->suggestion),
	    "reason_length", (json_int_t)(w->row->decision_reason ?
	    strlen(w->row->decision_reason) : 0)), err);
}

/* The case kind a suggestion stands for. */
static enum case_kind
suggested_kind(enum legal_outcome o)
{
	switch (o) {
	case LEGAL_TIP:
		return CASE_KIND_TIP;
	case LEGAL_SOM:
		return CASE_KIND_SOM;
	case LEGAL_TIP_SOM:
		return CASE_KIND_TIP_SOM;
	default:
		return CASE_KIND_UNCLASSIFIED;
	}
}

int
case_classify(struct ctx *ctx, const char *ref, const char *kind,
    const char *reason, struct assessment_row *out, struct err *err)
{
	struct case_row c;
	struct classify_write w = { &c, out, 0 };
	char now[TIMESTAMP_TEXT_SIZE];
	int k;

	*out = (struct assessment_row){ .decision = -1 };
	if (case__find(ctx, ref, PERM_CASE_CLASSIFY, &c, err) == -1)
		return -1;
	if (c.status == CASE_STATUS_CLOSED)
		return err_set(err, ERR_CONFLICT, "ref", "case %s is closed: "
		    "its classification cannot change", c.ref);
	k = input_enum(kind, &case_kind_desc, -1, "kind", err);
	if (k < 0)
		return -1;
	if (store_assessment_latest(ctx->store, c.id, ctx->arena, out,
	    err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_CONFLICT, "ref", "case %s has no legal "
			    "assessment: assess its legal elements first",
			    c.ref);
		return -1;
	}
	if (input_text(ctx, reason, INPUT_TEXT_MAX, TEXT_MULTILINE |
	    ((enum case_kind)k != suggested_kind(out->suggestion) ?
	    TEXT_REQUIRED : 0), "reason", &out->decision_reason, err) == -1) {
		if (err->code == ERR_INVALID && (!reason || !*reason))
			err_set(err, ERR_INVALID, "reason", "the assessment "
			    "suggests %s: deciding %s needs --reason",
			    enum_name(&legal_outcome_desc, out->suggestion),
			    case_kind_name(k));
		return -1;
	}
	date_now_timestamp(now);
	w.from = c.kind;
	c.kind = k;
	out->decision = k;
	out->decided_at = arena_strdup(ctx->arena, now);
	out->decided_by = ctx->actor.user_id;
	return ctx_transaction(ctx, classify_write, &w, err);
}

int
case_assessment(struct ctx *ctx, const char *ref, struct assessment_row *out,
    struct err *err)
{
	struct case_row c;

	*out = (struct assessment_row){ .decision = -1 };
	if (case__find_part(ctx, ref, PART_LEGAL, &c, err) == -1)
		return -1;
	if (store_assessment_latest(ctx->store, c.id, ctx->arena, out,
	    err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "assessment", "case %s has "
			    "no legal assessment yet: assess its legal elements "
			    "to make one", c.ref);
		return -1;
	}
	return 0;
}

json_t *
assessment_row_json(const struct assessment_row *a)
{
	return json_pack("{s:I, s:s, s:o, s:o, s:s, s:s, s:o, s:o, s:o}",
	    "id", (json_int_t)a->id, "suggestion",
	    enum_name(&legal_outcome_desc, a->suggestion), "reasons",
	    json_loads(a->reasons, 0, NULL), "elements",
	    json_loads(a->elements, 0, NULL), "at", a->at, "by",
	    a->username ? a->username : "", "decision", a->decision < 0 ?
	    json_null() : json_string(case_kind_name(a->decision)),
	    "decision_reason", a->decision_reason ?
	    json_string(a->decision_reason) : json_null(), "decided_at",
	    a->decided_at ? json_string(a->decided_at) : json_null());
}
