/* SPDX-License-Identifier: Apache-2.0 */
/* work.c - the steps that need doing across the actor's cases (work.h). */
#include <stdlib.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/access.h"
#include "core/case.h"
#include "core/ctx.h"
#include "core/steps.h"
#include "core/work.h"
#include "model/json.h"
#include "store/store.h"
#include "base/banned.h"

/* Whether step s of a case is on the list, and why. */
static bool
needs_work(const struct step_status *s, int64_t now,
    enum work_urgency *urgency)
{
	switch (s->state) {
	case STEP_STATE_OVERDUE:
		*urgency = WORK_OVERDUE;
		return true;
	case STEP_STATE_BLOCKED:
		*urgency = WORK_BLOCKED;
		return true;
	case STEP_STATE_READY:
		*urgency = WORK_DUE_SOON_READY;
		return s->due_at && s->due_at - now <= WORK_DUE_SOON;
	default:
		return false;
	}
}

/* Most urgent first: overdue, due soon, blocked; the earlier due first,
 * steps with no due time last; then the newer case, then SOP order. */
static int
more_urgent_first(const void *pa, const void *pb)
{
	const struct work_item *a = pa, *b = pb;

	if (a->urgency != b->urgency)
		return a->urgency < b->urgency ? -1 : 1;
	if (a->s->due_at != b->s->due_at) {
		if (!a->s->due_at || !b->s->due_at)
			return a->s->due_at ? -1 : 1;
		return a->s->due_at < b->s->due_at ? -1 : 1;
	}
	if (a->c != b->c)
		return a->c->id > b->c->id ? -1 : 1;
	return a->s < b->s ? -1 : a->s > b->s;
}

int
work_list(struct ctx *ctx, struct work *out, struct err *err)
{
	struct case_filter f = { .agency_id = ctx->actor.agency_id,
	    .owner_id = ctx->actor.agency_id,
	    .status = CASE_STATUS_OPEN + 1, .limit = WORK_CASES_MAX + 1 };
	struct case_row *rows;
	size_t n, cap = 0;

	*out = (struct work){ 0 };
	if (access_own_cases_only(ctx))
		f.lead_id = ctx->actor.user_id;
	if (access_require(ctx, PERM_CASE_READ, err) == -1 ||
	    store_case_list(ctx->store, &f, ctx->arena, &rows, &n, err) == -1)
		return -1;
	out->more = n > WORK_CASES_MAX;
	out->cases = out->more ? WORK_CASES_MAX : n;
	for (size_t i = 0; i < out->cases; i++) {
		struct case_steps *cs = arena_alloc(ctx->arena, sizeof(*cs));

		if (case__open_summary(ctx, &rows[i], err) == -1 ||
		    case__steps_of(ctx, &rows[i], cs, err) == -1)
			return -1;
		for (size_t j = 0; j < cs->r.n_steps; j++) {
			const struct step_status *s = &cs->r.steps[j];
			enum work_urgency urgency;

			if (!needs_work(s, cs->in.now, &urgency) ||
			    (!access_any_step(ctx) &&
			    !step_role_may(s->def, ctx->actor.role, true)))
				continue;
			if (out->n == cap)
				out->items = arena_grow(ctx->arena, out->items,
				    out->n, &cap, out->n + 1,
				    sizeof(*out->items));
			out->items[out->n++] = (struct work_item){
			    .c = &cs->c, .s = s, .urgency = urgency,
			    .mine = cs->c.lead_user_id == ctx->actor.user_id };
		}
	}
	/* No work leaves items NULL, which qsort() may not be given. */
	if (out->n > 1)
		qsort(out->items, out->n, sizeof(*out->items),
		    more_urgent_first);
	if (out->n > WORK_ITEMS_MAX) {
		out->n = WORK_ITEMS_MAX;
		out->more = true;
	}
	return 0;
}

json_t *
work_json(const struct work *w, const char *lang)
{
	static const char *const urgency[] = {
		[WORK_OVERDUE] = "overdue",
		[WORK_DUE_SOON_READY] = "due_soon",
		[WORK_BLOCKED] = "blocked",
	};
	json_t *items = json_array();

	for (size_t i = 0; i < w->n; i++)
		json_array_append_new(items, json_pack("{s:o, s:o, s:s, s:b}",
		    "case", case_json(w->items[i].c), "step",
		    step_status_json(w->items[i].s, lang), "urgency",
		    urgency[w->items[i].urgency], "mine", w->items[i].mine));
	return json_pack("{s:o, s:I, s:b}", "items", items, "cases",
	    (json_int_t)w->cases, "more", w->more);
}
