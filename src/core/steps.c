/* SPDX-License-Identifier: Apache-2.0 */
/* steps.c - walking a case through its SOP (steps.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/case.h"
#include "core/ctx.h"
#include "core/input.h"
#include "core/library.h"
#include "core/person.h"
#include "core/sop.h"
#include "core/steps.h"
#include "core/training.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

/* Whether a person holds nationalities, none the deployment's. */
static int
is_foreign(struct ctx *ctx, int64_t person_id, bool *foreign,
    struct err *err)
{
	const char **codes;
	size_t n;

	*foreign = false;
	if (store_person_nationalities(ctx->store, person_id, ctx->arena,
	    &codes, &n, err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (ctx->cfg && ctx->cfg->country &&
		    STREQ(codes[i], ctx->cfg->country))
			return 0;
	*foreign = n > 0;
	return 0;
}

static int
load_people(struct ctx *ctx, struct case_steps *cs, struct err *err)
{
	struct case_person_row *links;
	struct engine_person *people;
	size_t n;

	if (store_case_person_list(ctx->store, cs->c.id, ctx->arena, &links,
	    &n, err) == -1)
		return -1;
	people = arena_array(ctx->arena, n + 1, sizeof(*people));
	for (size_t i = 0; i < n; i++) {
		people[i] = (struct engine_person){
		    .person_id = links[i].person_id, .role = links[i].role,
		    .child = links[i].child,
		    .needs_interpreter = links[i].needs_interpreter,
		    .identified_on = links[i].identified_on };
		if (is_foreign(ctx, links[i].person_id, &people[i].foreign,
		    err) == -1)
			return -1;
	}
	cs->in.people = people;
	cs->in.n_people = n;
	return 0;
}

static int
load_screened(struct ctx *ctx, struct case_steps *cs, struct err *err)
{
	struct screening_row *rows;
	int64_t *ids;
	size_t n;

	if (store_screening_list(ctx->store, cs->c.id, 0, ctx->arena, &rows,
	    &n, err) == -1)
		return -1;
	ids = arena_array(ctx->arena, n + 1, sizeof(*ids));
	for (size_t i = 0; i < n; i++)
		ids[i] = rows[i].person_id;
	cs->in.screened = ids;
	cs->in.n_screened = n;
	return 0;
}

/*
 * Step and fact notes say what was done and heard (a statement's
 * summary): sealed like notes (vault.h).  These open them as read.
 */
#define STEP_NOTE_FIELD	"step_events.note"
#define FACT_NOTE_FIELD	"case_facts.note"

static int
open_event_notes(struct ctx *ctx, struct step_event_row *rows, size_t n,
    struct err *err)
{
	for (size_t i = 0; i < n; i++)
		if (!(rows[i].note = vault_field_open(ctx->vault, ctx->arena,
		    STEP_NOTE_FIELD, rows[i].note, err)))
			return -1;
	return 0;
}

static int
open_fact_notes(struct ctx *ctx, struct case_fact_row *rows, size_t n,
    struct err *err)
{
	for (size_t i = 0; i < n; i++)
		if (!(rows[i].note = vault_field_open(ctx->vault, ctx->arena,
		    FACT_NOTE_FIELD, rows[i].note, err)))
			return -1;
	return 0;
}

static int
load_classified(struct ctx *ctx, struct case_steps *cs, struct err *err)
{
	struct assessment_row a;

	if (store_assessment_latest(ctx->store, cs->c.id, ctx->arena, &a,
	    err) == 0) {
		cs->in.classified = a.decision >= 0;
		return 0;
	}
	if (err->code != ERR_NOT_FOUND)
		return -1;
	*err = (struct err){ 0 };
	return 0;
}

/* The acceptance of a referral, as the event that does the SOP's steps
 * done_when it. */
static int
load_referral_accepted(struct ctx *ctx, struct case_steps *cs,
    struct err *err)
{
	struct referral_event_row e;
	struct step_event_row *ev;

	if (store_referral_first_accepted(ctx->store, cs->c.id, ctx->arena, &e,
	    err) == -1) {
		if (err->code != ERR_NOT_FOUND)
			return -1;
		*err = (struct err){ 0 };
		return 0;
	}
	ev = arena_array(ctx->arena, 1, sizeof(*ev));
	*ev = (struct step_event_row){ .case_id = cs->c.id, .step_id = "",
	    .action = STEP_ACTION_DONE, .at = e.at, .username = e.by_username,
	    .note = arena_printf(ctx->arena, "referral %" PRId64 " accepted "
	    "by %s", e.referral_id, e.agency), .sop_id = cs->c.sop_id,
	    .sop_version = cs->c.sop_version };
	cs->in.referral_accepted = ev;
	return 0;
}

/* Reads the case's facts and runs the engine on them. */
static int
load(struct ctx *ctx, struct case_steps *cs, struct err *err)
{
	cs->in = (struct engine_case){ .ref = cs->c.ref, .kind = cs->c.kind,
	    .opened_at = cs->c.opened_at, .now = date_now_seconds(),
	    .closed = cs->c.status == CASE_STATUS_CLOSED };
	if (library_sop(ctx, cs->c.sop_id, cs->c.sop_version, &cs->sop,
	    err) == -1)
		return -1;
	cs->in.sop = cs->sop;
	if (load_people(ctx, cs, err) == -1 ||
	    store_step_event_list(ctx->store, cs->c.id, ctx->arena,
	    (struct step_event_row **)&cs->in.events, &cs->in.n_events,
	    err) == -1 ||
	    open_event_notes(ctx, (struct step_event_row *)cs->in.events,
	    cs->in.n_events, err) == -1 ||
	    store_case_fact_list(ctx->store, cs->c.id, ctx->arena,
	    (struct case_fact_row **)&cs->in.facts, &cs->in.n_facts,
	    err) == -1 ||
	    open_fact_notes(ctx, (struct case_fact_row *)cs->in.facts,
	    cs->in.n_facts, err) == -1 ||
	    load_screened(ctx, cs, err) == -1 ||
	    load_classified(ctx, cs, err) == -1 ||
	    load_referral_accepted(ctx, cs, err) == -1)
		return -1;
	engine_run(&cs->in, ctx->arena, &cs->r);
	return 0;
}

int
case_steps(struct ctx *ctx, const char *ref, struct case_steps *out,
    struct err *err)
{
	struct case_row c;

	*out = (struct case_steps){ 0 };
	if (case__find_part(ctx, ref, PART_STEPS, &c, err) == -1)
		return -1;
	return case__steps_of(ctx, &c, out, err);
}

int
case__steps_of(struct ctx *ctx, const struct case_row *c,
    struct case_steps *out, struct err *err)
{
	*out = (struct case_steps){ .c = *c };
	return load(ctx, out, err);
}

static json_t *
opt_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
due_json(int64_t due_at)
{
	char text[TIMESTAMP_TEXT_SIZE];

	if (!due_at)
		return json_null();
	date_seconds_format(due_at, text);
	return json_string(text);
}

/*
 * Why s is not ready, in parts a reader can translate and act on (the
 * reason says the same in English): the skip, the condition that does
 * not hold, the steps waited for, or the unmet gate and what opens it.
 */
static json_t *
why_json(const struct step_status *s)
{
	json_t *steps;

	if (s->state == STEP_STATE_NOT_APPLICABLE && s->event)
		return json_pack("{s:s, s:o, s:s}", "code", "skipped", "by",
		    opt_str(s->event->username), "note", s->event->note ?
		    s->event->note : "");
	if (s->condition)
		return json_pack("{s:s, s:s}", "code", "condition",
		    "condition", s->condition);
	if (s->n_waiting) {
		steps = json_array();
		for (size_t i = 0; i < s->n_waiting; i++)
			json_array_append_new(steps, json_string(
			    s->waiting[i]));
		return json_pack("{s:s, s:o}", "code", "waiting", "steps",
		    steps);
	}
	if (s->gate)
		return json_pack("{s:s, s:s, s:o, s:o, s:b, s:o}", "code",
		    "gate", "gate", s->gate, "person", s->need.person ?
		    json_integer(s->need.person) : json_null(), "fact",
		    opt_str(s->need.fact), "nobody", s->need.nobody, "until",
		    opt_str(s->need.until));
	return json_null();
}

json_t *
step_status_json(const struct step_status *s, const char *lang)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o, "
	    "s:o, s:b}", "id", s->id, "phase", s->phase_id, "title",
	    sop_text(json_object_get(s->def, "title"), lang), "state",
	    enum_name(&step_state_desc, s->state), "mandatory", s->mandatory,
	    "reason", opt_str(s->reason), "why", why_json(s), "gate",
	    opt_str(s->gate), "due_at", due_json(s->due_at), "by",
	    opt_str(s->event ? s->event->username : NULL), "at",
	    opt_str(s->event ? s->event->at : NULL), "late", s->late);
}

json_t *
case_steps_json(const struct case_steps *cs, const char *lang)
{
	const struct engine_result *r = &cs->r;
	const struct engine_reflection *p = &r->reflection;
	json_t *steps = json_array(), *next = json_array(), *j;
	char since[TIMESTAMP_TEXT_SIZE], until[TIMESTAMP_TEXT_SIZE];

	for (size_t i = 0; i < r->n_steps; i++)
		json_array_append_new(steps,
		    step_status_json(&r->steps[i], lang));
	for (size_t i = 0; i < r->n_next; i++)
		json_array_append_new(next, json_string(
		    r->steps[r->next[i]].id));
	j = json_pack("{s:s, s:s, s:{s:s, s:i}, s:{s:I, s:I}, s:{s:o, "
	    "s:I, s:I}, s:o, s:o}", "ref", cs->c.ref, "status",
	    enum_name(&case_status_desc, cs->c.status), "sop", "id",
	    cs->c.sop_id,
	    "version", cs->c.sop_version, "progress", "mandatory",
	    (json_int_t)r->mandatory, "done", (json_int_t)r->mandatory_done,
	    "compliance", "percent", r->compliance < 0 ? json_null() :
	    json_integer(r->compliance), "fell_due", (json_int_t)r->fell_due,
	    "on_time", (json_int_t)r->on_time, "next", next, "steps", steps);
	if (!p->started) {
		json_object_set_new(j, "reflection", json_pack("{s:b, s:i}",
		    "started", false, "days", p->days));
		return j;
	}
	date_seconds_format(p->since, since);
	date_seconds_format(p->until, until);
	json_object_set_new(j, "reflection", json_pack("{s:b, s:i, s:s#, "
	    "s:s#, s:b, s:o, s:b, s:i}", "started", true, "days", p->days,
	    "since", since, (size_t)10, "until", until, (size_t)10, "waived",
	    p->waived, "waived_at", opt_str(p->waived_at), "running",
	    p->running, "days_left", p->days_left));
	return j;
}

json_t *
step_event_json(const struct step_event_row *ev)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:i}", "id",
	    (json_int_t)ev->id, "step", ev->step_id, "action",
	    enum_name(&step_action_desc, ev->action), "at", ev->at, "by",
	    opt_str(ev->username), "note", ev->note ? ev->note : "", "sop",
	    ev->sop_id, "sop_version", ev->sop_version);
}

json_t *
case_fact_json(const struct case_fact_row *f)
{
	return json_pack("{s:I, s:s, s:o, s:o, s:s, s:o, s:s}", "id",
	    (json_int_t)f->id, "fact", enum_name(&case_fact_desc, f->fact),
	    "person_id", f->person_id ? json_integer(f->person_id) :
	    json_null(), "step", opt_str(f->step_id), "at", f->at, "by",
	    opt_str(f->username), "note", f->note ? f->note : "");
}

enum step_op {
	OP_DO,
	OP_SKIP,
	OP_REOPEN,
};

struct step_write {
	const char		*ref;
	const char		*step;
	enum step_op		 op;
	struct step_event_row	*ev;
	bool			 not_ready;	/* refused: it waits for other
						 * steps or a gate is shut */
};

bool
step_role_may(const json_t *def, enum role role, bool supervisor_too)
{
	size_t i;
	json_t *r;

	if (supervisor_too && role == ROLE_SUPERVISOR)
		return true;
	json_array_foreach(json_object_get(def, "roles"), i, r)
		if (STREQ(json_string_value(r), role_name(role)))
			return true;
	return false;
}

static const char *
roles_text(struct arena *a, const json_t *def)
{
	const char *list = NULL;
	size_t i;
	json_t *r;

	json_array_foreach(json_object_get(def, "roles"), i, r)
		list = list ? arena_printf(a, "%s, %s", list,
		    json_string_value(r)) : json_string_value(r);
	return list;
}

/* Whether op may be done on s now; the refusal names why. */
static int
check_op(struct ctx *ctx, const struct case_steps *cs,
    const struct step_status *s, enum step_op op, struct err *err)
{
	const char *gate, *why;

	if (!access_any_step(ctx) &&
	    !step_role_may(s->def, ctx->actor.role, op != OP_DO))
		return err_set(err, ERR_FORBIDDEN, "step", "step %s is for "
		    "the roles %s, not %s: ask a colleague with one of them",
		    s->id, roles_text(ctx->arena, s->def),
		    role_name(ctx->actor.role));
	if (op == OP_REOPEN) {
		if (s->event)
			return 0;
		return err_set(err, ERR_CONFLICT, "step", "step %s is neither "
		    "done nor skipped: nothing to reopen", s->id);
	}
	if (s->state == STEP_STATE_DONE)
		return err_set(err, ERR_CONFLICT, "step", "step %s was done by "
		    "%s at %.16s: reopen it first to change that", s->id,
		    s->event->username, s->event->at);
	if (s->state == STEP_STATE_NOT_APPLICABLE)
		return err_set(err, ERR_CONFLICT, "step", "step %s %s%s", s->id,
		    s->reason, s->event ? ": reopen it first" : "");
	if (op == OP_SKIP)
		return 0;
	if (s->reason && !s->gate)
		return err_set(err, ERR_CONFLICT, "step", "step %s is %s: do "
		    "those first", s->id, s->reason);
	gate = engine_unmet_gate(&cs->in, s->def,
	    access_approves(ctx), ctx->arena, &why, NULL);
	if (gate)
		return err_set(err, ERR_CONFLICT, "gate", "step %s is blocked "
		    "by gate %s: %s", s->id, gate, why);
	return 0;
}

static const char *const op_actions[] = {
	[OP_DO] = "case.step_done",
	[OP_SKIP] = "case.step_skipped",
	[OP_REOPEN] = "case.step_reopened",
};

static const enum step_action op_events[] = {
	[OP_DO] = STEP_ACTION_DONE,
	[OP_SKIP] = STEP_ACTION_SKIPPED,
	[OP_REOPEN] = STEP_ACTION_REOPENED,
};

/* Reads the state inside the transaction, so that the check and the
 * write see the same case. */
static int
step_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct step_write *w = arg;
	struct case_steps cs = { 0 };
	struct step_event_row sealed;
	const struct step_status *s;
	char now[TIMESTAMP_TEXT_SIZE];

	if (case__find(ctx, w->ref, PERM_CASE_STEP, &cs.c, err) == -1)
		return -1;
	if (cs.c.status == CASE_STATUS_CLOSED)
		return err_set(err, ERR_CONFLICT, "ref", "case %s is closed: "
		    "its steps cannot change", cs.c.ref);
	if (load(ctx, &cs, err) == -1)
		return -1;
	s = engine_step(&cs.r, w->step);
	if (!s)
		return err_set(err, ERR_NOT_FOUND, "step", "SOP %s version %d "
		    "has no step \"%.40s\": see the steps of case %s",
		    cs.c.sop_id, cs.c.sop_version, w->step, cs.c.ref);
	if (check_op(ctx, &cs, s, w->op, err) == -1) {
		w->not_ready = err->code == ERR_CONFLICT &&
		    s->state != STEP_STATE_DONE &&
		    s->state != STEP_STATE_NOT_APPLICABLE;
		return -1;
	}
	date_now_timestamp(now);
	w->ev->case_id = cs.c.id;
	w->ev->step_id = s->id;
	w->ev->action = op_events[w->op];
	w->ev->at = arena_strdup(ctx->arena, now);
	w->ev->user_id = ctx->actor.user_id;
	w->ev->username = arena_strdup(ctx->arena, ctx->actor.username);
	w->ev->sop_id = cs.c.sop_id;
	w->ev->sop_version = cs.c.sop_version;
	sealed = *w->ev;
	sealed.note = vault_field_seal(ctx->vault, ctx->arena, STEP_NOTE_FIELD,
	    w->ev->note ? w->ev->note : "", err);
	if (!sealed.note || store_step_event_insert(ctx->store, &sealed,
	    err) == -1)
		return -1;
	w->ev->id = sealed.id;
	return case__audit(ctx, op_actions[w->op], &cs.c, json_pack("{s:s, "
	    "s:s, s:i, s:b, s:I}", "step", s->id, "sop", cs.c.sop_id,
	    "sop_version", cs.c.sop_version, "overdue",
	    s->state == STEP_STATE_OVERDUE, "note_length",
	    (json_int_t)strlen(w->ev->note)), err);
}

static int
step_op(struct ctx *ctx, const char *ref, const char *step, const char *text,
    enum step_op op, struct step_event_row *out, struct err *err)
{
	struct step_write w = { ref, step, op, out, false };

	*out = (struct step_event_row){ 0 };
	if (!step || !*step)
		return err_set(err, ERR_INVALID, "step", "no step given: name "
		    "one of the steps of case %s", ref);
	if (input_text(ctx, text, INPUT_TEXT_MAX, TEXT_MULTILINE |
	    (op == OP_DO ? 0 : TEXT_REQUIRED), op == OP_DO ? "note" : "reason",
	    &out->note, err) == -1)
		return -1;
	if (!out->note)
		out->note = "";
	if (ctx_transaction(ctx, step_write, &w, err) == 0)
		return 0;
	/* On an exercise case, trying a step before it is ready (a child's
	 * statement with no guardian) may be what the case study scores as
	 * not to be done. */
	if (op == OP_DO && w.not_ready)
		exercise__note_refusal(ctx, ref, step, err->msg);
	return -1;
}

int
case_step_do(struct ctx *ctx, const char *ref, const char *step,
    const char *note, struct step_event_row *out, struct err *err)
{
	return step_op(ctx, ref, step, note, OP_DO, out, err);
}

int
case_step_skip(struct ctx *ctx, const char *ref, const char *step,
    const char *reason, struct step_event_row *out, struct err *err)
{
	return step_op(ctx, ref, step, reason, OP_SKIP, out, err);
}

int
case_step_reopen(struct ctx *ctx, const char *ref, const char *step,
    const char *reason, struct step_event_row *out, struct err *err)
{
	return step_op(ctx, ref, step, reason, OP_REOPEN, out, err);
}

struct fact_write {
	const struct case_row	*c;
	struct case_fact_row	*f;
};

static int
fact_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct fact_write *w = arg;

	struct case_fact_row sealed = *w->f;

	sealed.note = vault_field_seal(ctx->vault, ctx->arena, FACT_NOTE_FIELD,
	    w->f->note ? w->f->note : "", err);
	if (!sealed.note || store_case_fact_insert(ctx->store, &sealed,
	    err) == -1)
		return -1;
	w->f->id = sealed.id;
	return case__audit(ctx, "case.fact", w->c, json_pack("{s:s, s:I, "
	    "s:s*, s:I}", "fact", enum_name(&case_fact_desc, w->f->fact),
	    "person", (json_int_t)w->f->person_id, "step", w->f->step_id,
	    "note_length", (json_int_t)strlen(w->f->note)), err);
}

/* The fact's person must be in the case (a child for best interests). */
static int
fact_person(struct ctx *ctx, const struct case_row *c,
    const struct fact_input *in, struct case_fact_row *f, struct err *err)
{
	struct case_person_row *links;
	size_t n;
	bool found = false, child = false;

	if (!in->person_id || !*in->person_id)
		return err_set(err, ERR_INVALID, "person_id", "%s is about a "
		    "person: give --person ID", enum_name(&case_fact_desc,
		    f->fact));
	if (person_parse_id(in->person_id, "person_id", &f->person_id,
	    err) == -1 ||
	    store_case_person_list(ctx->store, c->id, ctx->arena, &links, &n,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (links[i].person_id == f->person_id) {
			found = true;
			child = child || links[i].child;
		}
	if (!found)
		return err_set(err, ERR_NOT_FOUND, "person_id", "person %"
		    PRId64 " is not in case %s: add them first", f->person_id,
		    c->ref);
	if (f->fact == CASE_FACT_BEST_INTERESTS_ASSESSMENT && !child)
		return err_set(err, ERR_INVALID, "person_id", "person %" PRId64
		    " is not a child in this case: a best-interests "
		    "assessment is for children", f->person_id);
	return 0;
}

/* The step of a supervisor's approval must be in the case's SOP. */
static int
fact_step(struct ctx *ctx, const struct case_row *c, const char *step,
    struct case_fact_row *f, struct err *err)
{
	const struct sop *sop;
	struct case_steps cs = { .c = *c };
	bool known;

	if (!access_approves(ctx))
		return err_set(err, ERR_FORBIDDEN, "fact", "only a supervisor "
		    "can approve a step: ask yours");
	if (!step || !*step)
		return err_set(err, ERR_INVALID, "step", "supervisor_approval "
		    "is about a step: give --step STEP");
	if (library_sop(ctx, c->sop_id, c->sop_version, &sop, err) == -1)
		return -1;
	cs.sop = sop;
	cs.in = (struct engine_case){ .sop = sop, .ref = c->ref };
	engine_run(&cs.in, ctx->arena, &cs.r);
	known = engine_step(&cs.r, step) != NULL;
	if (!known)
		return err_set(err, ERR_NOT_FOUND, "step", "SOP %s version %d "
		    "has no step \"%.40s\": see the steps of case %s",
		    c->sop_id, c->sop_version, step, c->ref);
	f->step_id = arena_strdup(ctx->arena, step);
	return 0;
}

int
case_record(struct ctx *ctx, const struct fact_input *in,
    struct case_fact_row *out, struct err *err)
{
	struct case_row c;
	char now[TIMESTAMP_TEXT_SIZE];
	bool about_person;
	int fact;

	*out = (struct case_fact_row){ 0 };
	if (case__find(ctx, in->ref, PERM_CASE_STEP, &c, err) == -1)
		return -1;
	if (c.status == CASE_STATUS_CLOSED)
		return err_set(err, ERR_CONFLICT, "ref", "case %s is closed: "
		    "nothing can be recorded on it", c.ref);
	fact = input_enum(in->fact, &case_fact_desc, -1, "fact", err);
	if (fact < 0)
		return -1;
	out->fact = fact;
	if (input_text(ctx, in->note, INPUT_TEXT_MAX, TEXT_MULTILINE |
	    (fact == CASE_FACT_REFLECTION_WAIVED ? TEXT_REQUIRED : 0), "note",
	    &out->note, err) == -1)
		return -1;
	if (!out->note)
		out->note = "";
	about_person = fact == CASE_FACT_INFORMED_CONSENT ||
	    fact == CASE_FACT_INTERPRETER ||
	    fact == CASE_FACT_BEST_INTERESTS_ASSESSMENT;
	if (!about_person && in->person_id && *in->person_id)
		return err_set(err, ERR_INVALID, "person_id", "%s is about the "
		    "case, not a person: leave out --person",
		    enum_name(&case_fact_desc, fact));
	if (fact != CASE_FACT_SUPERVISOR_APPROVAL && in->step && *in->step)
		return err_set(err, ERR_INVALID, "step", "only "
		    "supervisor_approval is about a step: leave out --step");
	if (about_person && fact_person(ctx, &c, in, out, err) == -1)
		return -1;
	if (fact == CASE_FACT_SUPERVISOR_APPROVAL &&
	    fact_step(ctx, &c, in->step, out, err) == -1)
		return -1;
	date_now_timestamp(now);
	out->case_id = c.id;
	out->at = arena_strdup(ctx->arena, now);
	out->user_id = ctx->actor.user_id;
	out->username = arena_strdup(ctx->arena, ctx->actor.username);
	return ctx_transaction(ctx, fact_write,
	    &(struct fact_write){ &c, out }, err);
}

int
case_facts(struct ctx *ctx, const char *ref, struct case_fact_row **rows,
    size_t *n, struct err *err)
{
	struct case_row c;

	*rows = NULL;
	*n = 0;
	if (case__find_part(ctx, ref, PART_STEPS, &c, err) == -1)
		return -1;
	return store_case_fact_list(ctx->store, c.id, ctx->arena, rows, n,
	    err) == -1 ? -1 : open_fact_notes(ctx, *rows, *n, err);
}

struct upgrade_write {
	struct case_row		*c;
	const char		*from_id;
	int			 from_version;
	const char		*reason;
	size_t			 orphaned;
};

static int
upgrade_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct upgrade_write *w = arg;

	if (store_case_set_sop(ctx->store, w->c, err) == -1)
		return -1;
	return case__audit(ctx, "case.sop_upgrade", w->c, json_pack("{s:s, "
	    "s:i, s:s, s:i, s:I, s:I}", "from", w->from_id, "from_version",
	    w->from_version, "to", w->c->sop_id, "to_version",
	    w->c->sop_version, "orphaned_steps", (json_int_t)w->orphaned,
	    "reason_length", (json_int_t)strlen(w->reason)), err);
}

/* Done or skipped steps of cs that sop has no step for. */
static size_t
count_orphans(struct ctx *ctx, const struct case_steps *cs,
    const struct sop *sop)
{
	struct engine_case in = cs->in;
	struct engine_result r;
	size_t n = 0;

	in.sop = sop;
	engine_run(&in, ctx->arena, &r);
	for (size_t i = 0; i < cs->r.n_steps; i++)
		if (cs->r.steps[i].event && !engine_step(&r,
		    cs->r.steps[i].id))
			n++;
	return n;
}

/*
 * A case moves only forward: to the newest version of an SOP that is for
 * cases of its kind, and not to the version it is on.
 */
static int
check_target(struct ctx *ctx, const struct case_row *c,
    const struct sop *target, struct err *err)
{
	const char *kind = case_kind_name(c->kind);
	bool for_kind = false;
	int newest;
	size_t i;
	json_t *k;

	json_array_foreach(json_object_get(sop_definition(target),
	    "case_kinds"), i, k)
		for_kind = for_kind || STREQ(json_string_value(k), kind);
	if (!for_kind)
		return err_set(err, ERR_CONFLICT, "to", "SOP %s is not for %s "
		    "cases: classify the case first, "
		    "or choose an SOP for its kind", sop_id(target), kind);
	if (store_definition_newest(ctx->store, DEFINITION_SOP, sop_id(target),
	    &newest, err) == -1)
		return -1;
	if (sop_version(target) < newest)
		return err_set(err, ERR_CONFLICT, "to", "SOP %s version %d is "
		    "superseded by version %d: a case moves only to the newest "
		    "version", sop_id(target), sop_version(target), newest);
	if (STREQ(sop_id(target), c->sop_id) &&
	    sop_version(target) == c->sop_version)
		return err_set(err, ERR_CONFLICT, "to", "case %s is already on "
		    "SOP %s version %d: nothing to do", c->ref, c->sop_id,
		    c->sop_version);
	return 0;
}

int
case_upgrade_sop(struct ctx *ctx, const char *ref, const char *to,
    const char *reason, struct case_row *out, size_t *orphaned,
    struct err *err)
{
	struct case_steps cs = { 0 };
	const struct sop *target = NULL;
	struct upgrade_write w = { 0 };
	char id[40];
	int version = 0;

	*orphaned = 0;
	if (case__find(ctx, ref, PERM_CASE_CLASSIFY, &cs.c, err) == -1)
		return -1;
	if (cs.c.status == CASE_STATUS_CLOSED)
		return err_set(err, ERR_CONFLICT, "ref", "case %s is closed: "
		    "its SOP cannot change", cs.c.ref);
	if (input_text(ctx, reason, INPUT_TEXT_MAX, TEXT_REQUIRED |
	    TEXT_MULTILINE, "reason", &w.reason, err) == -1)
		return -1;
	if (to && *to) {
		if (library_parse_ref(to, "to", id, sizeof(id), &version,
		    err) == -1)
			return -1;
	} else {
		snprintf(id, sizeof(id), "%s",
		    library_sop_for_kind(cs.c.kind));
	}
	if (load(ctx, &cs, err) == -1 ||
	    library_sop(ctx, id, version, &target, err) == -1 ||
	    check_target(ctx, &cs.c, target, err) == -1)
		return -1;
	w.orphaned = count_orphans(ctx, &cs, target);
	w.c = &cs.c;
	w.from_id = cs.c.sop_id;
	w.from_version = cs.c.sop_version;
	cs.c.sop_id = arena_strdup(ctx->arena, sop_id(target));
	cs.c.sop_version = sop_version(target);
	if (ctx_transaction(ctx, upgrade_write, &w, err) == -1)
		return -1;
	*out = cs.c;
	*orphaned = w.orphaned;
	return 0;
}
