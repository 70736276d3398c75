/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine.c - SOP step states from a case's facts (engine.h).
 *
 * Conditions and gates are read against the people the procedure is for:
 * presumed victims, victims, smuggled migrants and witnesses ("the
 * protected").  Consent and screening are asked of the first three, the
 * people whose own case it is.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/util.h"
#include "core/engine.h"
#include "core/sop.h"
#include "base/banned.h"

static bool
is_subject(enum case_role role)
{
	return role == CASE_ROLE_PRESUMED_VICTIM || role == CASE_ROLE_VICTIM ||
	    role == CASE_ROLE_SMUGGLED_MIGRANT;
}

static bool
is_protected(enum case_role role)
{
	return is_subject(role) || role == CASE_ROLE_WITNESS;
}

static bool
is_victim(enum case_role role)
{
	return role == CASE_ROLE_PRESUMED_VICTIM || role == CASE_ROLE_VICTIM;
}

/* True when some person of the case satisfies pred. */
static bool
anyone(const struct engine_case *in, bool (*pred)(const struct
    engine_person *p))
{
	for (size_t i = 0; i < in->n_people; i++)
		if (pred(&in->people[i]))
			return true;
	return false;
}

static bool
protected_child(const struct engine_person *p)
{
	return is_protected(p->role) && p->child;
}

static bool
protected_adult(const struct engine_person *p)
{
	return is_protected(p->role) && !p->child;
}

static bool
victim(const struct engine_person *p)
{
	return is_victim(p->role);
}

static bool
identified_victim(const struct engine_person *p)
{
	return p->role == CASE_ROLE_VICTIM;
}

static bool
migrant(const struct engine_person *p)
{
	return p->role == CASE_ROLE_SMUGGLED_MIGRANT;
}

static bool
suspect(const struct engine_person *p)
{
	return p->role == CASE_ROLE_SUSPECT || p->role == CASE_ROLE_ACCUSED;
}

static bool
needs_interpreter(const struct engine_person *p)
{
	return is_protected(p->role) && p->needs_interpreter;
}

static bool
foreign(const struct engine_person *p)
{
	return is_protected(p->role) && p->foreign;
}

static const struct {
	const char	*name;
	bool		(*holds)(const struct engine_person *p);
	const char	*otherwise;
} person_conditions[] = {
	{ "child_present", protected_child,
	    "no child among the victims, migrants and witnesses" },
	{ "adult_present", protected_adult,
	    "no adult among the victims, migrants and witnesses" },
	{ "presumed_victim_present", victim,
	    "no presumed or identified victim in the case" },
	{ "victim_present", identified_victim,
	    "no identified victim in the case" },
	{ "smuggled_migrant_present", migrant,
	    "no smuggled migrant in the case" },
	{ "suspect_present", suspect, "no suspect or accused in the case" },
	{ "interpreter_needed", needs_interpreter,
	    "nobody in the case needs an interpreter" },
	{ "foreign_national_present", foreign,
	    "no foreign national among the victims, migrants and "
	    "witnesses" },
};

/* NULL when condition holds, else why not. */
static const char *
condition_fails(const struct engine_case *in, const char *condition,
    struct arena *a)
{
	if (strncmp(condition, "kind:", 5) == 0) {
		if (STREQ(condition + 5, case_kind_name(in->kind)))
			return NULL;
		return arena_printf(a, "the case is classified %s, not %s",
		    case_kind_name(in->kind), condition + 5);
	}
	for (size_t i = 0; i < ARRAY_SIZE(person_conditions); i++)
		if (STREQ(condition, person_conditions[i].name))
			return anyone(in, person_conditions[i].holds) ? NULL :
			    person_conditions[i].otherwise;
	/* The validator knows every condition; a new one unknown here
	 * must not make a step silently apply. */
	return arena_printf(a, "condition %s is unknown to this tipsom",
	    condition);
}

static bool
has_fact(const struct engine_case *in, enum case_fact fact, int64_t person,
    const char *step)
{
	for (size_t i = 0; i < in->n_facts; i++) {
		const struct case_fact_row *f = &in->facts[i];

		if (f->fact == fact && (!person || f->person_id == person) &&
		    (!step || (f->step_id && STREQ(f->step_id, step))))
			return true;
	}
	return false;
}

static bool
screened(const struct engine_case *in, int64_t person)
{
	for (size_t i = 0; i < in->n_screened; i++)
		if (in->screened[i] == person)
			return true;
	return false;
}

/* The first day a victim was identified, in seconds; 0 when none. */
static int64_t
victim_identified(const struct engine_case *in)
{
	int64_t first = 0, t;

	for (size_t i = 0; i < in->n_people; i++)
		if (is_victim(in->people[i].role) &&
		    date_seconds_parse(in->people[i].identified_on, &t) == 0 &&
		    (!first || t < first))
			first = t;
	return first;
}

void
engine_reflection(const struct engine_case *in, struct engine_reflection *out)
{
	*out = (struct engine_reflection){
	    .days = sop_reflection_days(in->sop),
	    .since = victim_identified(in) };
	out->started = out->since != 0;
	if (!out->started)
		return;
	out->until = out->since + (int64_t)out->days * 86400;
	for (size_t i = 0; i < in->n_facts; i++)
		if (in->facts[i].fact == CASE_FACT_REFLECTION_WAIVED) {
			out->waived = true;
			out->waived_at = in->facts[i].at;
			break;
		}
	out->running = !out->waived && in->now < out->until;
	if (out->running)
		out->days_left = (int)((out->until - in->now + 86399) / 86400);
}

/* Each person for whom pred holds needs fact: why not, or NULL. */
static const char *
fact_for_each(const struct engine_case *in, bool (*pred)(const struct
    engine_person *p), enum case_fact fact, const char *what,
    struct gate_need *need, struct arena *a)
{
	for (size_t i = 0; i < in->n_people; i++) {
		const struct engine_person *p = &in->people[i];

		if (pred(p) && !has_fact(in, fact, p->person_id, NULL)) {
			need->person = p->person_id;
			need->fact = enum_name(&case_fact_desc, fact);
			return arena_printf(a, "no %s recorded for person %"
			    PRId64 ": record it (%s) for them", what,
			    p->person_id, need->fact);
		}
	}
	return NULL;
}

/* True when the case as a whole lacks fact (about step, if not NULL). */
static bool
case_lacks(const struct engine_case *in, enum case_fact fact,
    const char *step, struct gate_need *need)
{
	if (has_fact(in, fact, 0, step))
		return false;
	need->fact = enum_name(&case_fact_desc, fact);
	return true;
}

static bool
subject(const struct engine_person *p)
{
	return is_subject(p->role);
}

static const char *
gate_fails(const struct engine_case *in, const char *gate,
    const char *step, bool by_supervisor, struct gate_need *need,
    struct arena *a)
{
	*need = (struct gate_need){ 0 };
	if (STREQ(gate, "informed_consent")) {
		if (!anyone(in, subject)) {
			need->nobody = true;
			return "no victim or migrant in the case to give "
			    "consent: add them first";
		}
		return fact_for_each(in, subject,
		    CASE_FACT_INFORMED_CONSENT, "informed consent", need, a);
	}
	if (STREQ(gate, "interpreter_if_needed"))
		return fact_for_each(in, needs_interpreter,
		    CASE_FACT_INTERPRETER, "interpreter", need, a);
	if (STREQ(gate, "guardian_for_child")) {
		for (size_t i = 0; i < in->n_people; i++)
			if (in->people[i].role == CASE_ROLE_GUARDIAN)
				return NULL;
		if (!anyone(in, protected_child))
			return NULL;
		return arena_printf(a, "a child is in the case without a "
		    "guardian: add the child's guardian to the case");
	}
	if (STREQ(gate, "best_interests_assessment"))
		return fact_for_each(in, protected_child,
		    CASE_FACT_BEST_INTERESTS_ASSESSMENT,
		    "best-interests assessment", need, a);
	if (STREQ(gate, "screening_done")) {
		if (!anyone(in, subject)) {
			need->nobody = true;
			return "no victim or migrant in the case to screen: "
			    "add them first";
		}
		for (size_t i = 0; i < in->n_people; i++)
			if (is_subject(in->people[i].role) &&
			    !screened(in, in->people[i].person_id)) {
				need->person = in->people[i].person_id;
				return arena_printf(a, "person %" PRId64 " is "
				    "not screened: screen them first",
				    need->person);
			}
		return NULL;
	}
	if (STREQ(gate, "legal_assessment_done"))
		return in->classified ? NULL : arena_printf(a, "no legal "
		    "classification decided: assess the legal elements, then "
		    "classify the case");
	if (STREQ(gate, "reflection_period_over_or_waived")) {
		struct engine_reflection period;
		char until[TIMESTAMP_TEXT_SIZE];

		engine_reflection(in, &period);
		if (!period.running)
			return NULL;
		date_seconds_format(period.until, until);
		need->fact = enum_name(&case_fact_desc,
		    CASE_FACT_REFLECTION_WAIVED);
		need->until = arena_printf(a, "%.10s", until);
		return arena_printf(a, "the %d-day reflection and recovery "
		    "period runs until %.10s: wait, or record the victim's "
		    "own informed choice to end it (reflection_waived), with "
		    "a note", period.days, until);
	}
	if (STREQ(gate, "risk_assessment_done"))
		return case_lacks(in, CASE_FACT_RISK_ASSESSMENT, NULL,
		    need) ? "no risk assessment recorded: record one "
		    "(risk_assessment), with a note" : NULL;
	if (STREQ(gate, "supervisor_approval"))
		return !by_supervisor && case_lacks(in,
		    CASE_FACT_SUPERVISOR_APPROVAL, step, need) ?
		    arena_printf(a, "a supervisor must approve: a supervisor "
		    "records the approval (supervisor_approval) of step %s, "
		    "or does the step", step) : NULL;
	return arena_printf(a, "gate %s is unknown to this tipsom", gate);
}

const char *
engine_unmet_gate(const struct engine_case *in, const json_t *def,
    bool by_supervisor, struct arena *a, const char **why,
    struct gate_need *need)
{
	const char *step = json_string_value(json_object_get(def, "id"));
	struct gate_need ignored;
	size_t i;
	json_t *g;

	*why = NULL;
	json_array_foreach(json_object_get(def, "gates"), i, g) {
		const char *gate = json_string_value(g);

		*why = gate_fails(in, gate, step, by_supervisor,
		    need ? need : &ignored, a);
		if (*why)
			return gate;
	}
	return NULL;
}

/* The last done, skipped or reopened event of step id. */
static const struct step_event_row *
last_event(const struct engine_case *in, const char *id)
{
	const struct step_event_row *last = NULL;

	for (size_t i = 0; i < in->n_events; i++)
		if (STREQ(in->events[i].step_id, id))
			last = &in->events[i];
	return last && last->action != STEP_ACTION_REOPENED ? last : NULL;
}

static bool
any_event(const struct engine_case *in, const char *id)
{
	for (size_t i = 0; i < in->n_events; i++)
		if (STREQ(in->events[i].step_id, id))
			return true;
	return false;
}

struct run {
	const struct engine_case	*in;
	struct arena			*a;
	struct engine_result		*out;
	unsigned char			*visited;	/* 0, 1 busy, 2 done */
};

static void compute(struct run *r, size_t i);

static size_t
index_of(const struct engine_result *out, const char *id)
{
	for (size_t i = 0; i < out->n_steps; i++)
		if (STREQ(out->steps[i].id, id))
			return i;
	return (size_t)-1;
}

static int64_t
due_time(struct run *r, struct step_status *s)
{
	const json_t *due = json_object_get(s->def, "due");
	const char *from = json_string_value(json_object_get(due, "from"));
	int64_t start = 0, within;
	size_t j;

	if (!due || sop_duration_parse(json_string_value(json_object_get(due,
	    "within")), &within) == -1)
		return 0;
	if (STREQ(from, "case_opened")) {
		if (date_seconds_parse(r->in->opened_at, &start) == -1)
			return 0;
	} else if (STREQ(from, "victim_identified")) {
		start = victim_identified(r->in);
	} else if (strncmp(from, "step:", 5) == 0 &&
	    (j = index_of(r->out, from + 5)) != (size_t)-1) {
		compute(r, j);
		if (r->out->steps[j].state == STEP_STATE_DONE &&
		    r->out->steps[j].event)
			date_seconds_parse(r->out->steps[j].event->at, &start);
	}
	return start ? start + within : 0;
}

/* What the unfinished steps s depends on are, or NULL. */
static const char *
waiting_for(struct run *r, struct step_status *s)
{
	const json_t *deps = json_object_get(s->def, "depends_on");
	const char *list = NULL;
	size_t i, j;
	json_t *d;

	s->waiting = arena_array(r->a, json_array_size(deps) + 1,
	    sizeof(*s->waiting));
	json_array_foreach(deps, i, d) {
		j = index_of(r->out, json_string_value(d));
		if (j == (size_t)-1)
			continue;
		compute(r, j);
		if (r->out->steps[j].state == STEP_STATE_DONE ||
		    r->out->steps[j].state == STEP_STATE_NOT_APPLICABLE)
			continue;
		s->waiting[s->n_waiting++] = r->out->steps[j].id;
		list = list ? arena_printf(r->a, "%s, %s", list,
		    r->out->steps[j].id) : r->out->steps[j].id;
	}
	return list ? arena_printf(r->a, "waiting for %s", list) : NULL;
}

static void
compute(struct run *r, size_t i)
{
	struct step_status *s = &r->out->steps[i];
	const struct step_event_row *ev;
	const char *why;
	int64_t done_at;
	size_t k;
	json_t *c;

	/* The validator refused cycles, so "busy" is never met again. */
	if (r->visited[i])
		return;
	r->visited[i] = 1;
	s->due_at = due_time(r, s);
	ev = last_event(r->in, s->id);
	/* Done by the event the SOP names, unless worked by hand. */
	if (!ev && !any_event(r->in, s->id) && r->in->referral_accepted &&
	    json_is_string(json_object_get(s->def, "done_when")))
		ev = r->in->referral_accepted;
	if (ev && ev->action == STEP_ACTION_DONE) {
		s->state = STEP_STATE_DONE;
		s->event = ev;
		s->late = s->due_at && date_seconds_parse(ev->at,
		    &done_at) == 0 && done_at > s->due_at;
		goto done;
	}
	if (ev && ev->action == STEP_ACTION_SKIPPED) {
		s->state = STEP_STATE_NOT_APPLICABLE;
		s->event = ev;
		s->reason = arena_printf(r->a, "skipped by %s: %s",
		    ev->username ? ev->username : "?", ev->note);
		goto done;
	}
	json_array_foreach(json_object_get(s->def, "applies_when"), k, c) {
		why = condition_fails(r->in, json_string_value(c), r->a);
		if (why) {
			s->state = STEP_STATE_NOT_APPLICABLE;
			s->condition = json_string_value(c);
			s->reason = arena_printf(r->a, "does not apply: %s",
			    why);
			goto done;
		}
	}
	s->reason = waiting_for(r, s);
	if (s->reason) {
		s->state = STEP_STATE_PENDING;
	} else {
		s->gate = engine_unmet_gate(r->in, s->def, false, r->a, &why,
		    &s->need);
		s->state = s->gate ? STEP_STATE_BLOCKED : STEP_STATE_READY;
		if (s->gate)
			s->reason = arena_printf(r->a, "gate %s: %s", s->gate,
			    why);
	}
	if (s->due_at && r->in->now > s->due_at && !r->in->closed)
		s->state = STEP_STATE_OVERDUE;
done:
	r->visited[i] = 2;
}

/* True when a comes before b in the next actions. */
static bool
more_urgent(const struct step_status *a, const struct step_status *b)
{
	bool ao = a->state == STEP_STATE_OVERDUE;
	bool bo = b->state == STEP_STATE_OVERDUE;

	if (ao != bo)
		return ao;
	if ((a->due_at != 0) != (b->due_at != 0))
		return a->due_at != 0;
	return a->due_at < b->due_at;
}

/* Sorts the next actions by urgency, keeping SOP order among equals (an
 * insertion sort: stable, and an SOP has a few dozen steps). */
static void
sort_next(struct engine_result *out)
{
	for (size_t i = 1; i < out->n_next; i++) {
		size_t v = out->next[i], j = i;

		while (j > 0 && more_urgent(&out->steps[v],
		    &out->steps[out->next[j - 1]])) {
			out->next[j] = out->next[j - 1];
			j--;
		}
		out->next[j] = v;
	}
}

static void
tally(const struct engine_case *in, struct engine_result *out)
{
	out->mandatory = out->mandatory_done = out->fell_due = 0;
	out->on_time = out->n_next = 0;
	for (size_t i = 0; i < out->n_steps; i++) {
		const struct step_status *s = &out->steps[i];
		bool done = s->state == STEP_STATE_DONE;

		/* An overdue step still waiting for others is not next:
		 * those others are.  A closed case has nothing next. */
		if (!in->closed && (s->state == STEP_STATE_READY ||
		    s->state == STEP_STATE_BLOCKED ||
		    (s->state == STEP_STATE_OVERDUE && (s->gate || !s->reason))))
			out->next[out->n_next++] = i;
		if (!s->mandatory || s->state == STEP_STATE_NOT_APPLICABLE)
			continue;
		out->mandatory++;
		out->mandatory_done += done;
		if (s->due_at && (done || s->state == STEP_STATE_OVERDUE)) {
			out->fell_due++;
			out->on_time += done && !s->late;
		}
	}
	out->compliance = out->fell_due ? (int)(out->on_time * 100 /
	    out->fell_due) : -1;
}

void
engine_run(const struct engine_case *in, struct arena *a,
    struct engine_result *out)
{
	const json_t *def = sop_definition(in->sop);
	struct run r = { in, a, out, NULL };
	size_t i, j, n = 0;
	json_t *phase, *step;

	*out = (struct engine_result){ 0 };
	out->steps = arena_array(a, sop_step_count(in->sop) + 1,
	    sizeof(*out->steps));
	out->next = arena_array(a, sop_step_count(in->sop) + 1,
	    sizeof(*out->next));
	r.visited = arena_array(a, sop_step_count(in->sop) + 1, 1);
	json_array_foreach(json_object_get(def, "phases"), i, phase) {
		json_array_foreach(json_object_get(phase, "steps"), j, step) {
			out->steps[n].id = json_string_value(
			    json_object_get(step, "id"));
			out->steps[n].phase_id = json_string_value(
			    json_object_get(phase, "id"));
			out->steps[n].def = step;
			out->steps[n].mandatory = json_is_true(
			    json_object_get(step, "mandatory"));
			n++;
		}
	}
	out->n_steps = n;
	for (i = 0; i < n; i++)
		compute(&r, i);
	engine_reflection(in, &out->reflection);
	tally(in, out);
	sort_next(out);
}

const struct step_status *
engine_step(const struct engine_result *r, const char *id)
{
	size_t i = index_of(r, id);

	return i == (size_t)-1 ? NULL : &r->steps[i];
}
