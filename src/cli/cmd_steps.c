/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_steps.c - tipsom case steps, do, skip, reopen, record, facts and
 * upgrade-sop: working a case through its SOP.
 */
#include <inttypes.h>
#include <stdio.h>

#include "base/date.h"
#include "base/err.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/sop.h"
#include "core/steps.h"
#include "model/json.h"
#include "base/banned.h"

static void
print_status(const struct step_status *s, const char *lang)
{
	char due[TIMESTAMP_TEXT_SIZE];

	printf("  ");
	cli_cell(enum_name(&step_state_desc, s->state), 15);
	cli_cell(s->id, 34);
	printf("%s%s\n", sop_text(json_object_get(s->def, "title"), lang),
	    s->mandatory ? "" : " (optional)");
	if (s->event)
		printf("  %-49s %s by %s at %.16s%s%s%s\n", "",
		    s->state == STEP_STATE_DONE ? "done" : "skipped",
		    s->event->username, s->event->at, s->late ? ", late" : "",
		    *s->event->note ? ": " : "", s->event->note);
	if (s->reason && !s->event)
		printf("  %-49s %s\n", "", s->reason);
	if (s->due_at && s->state != STEP_STATE_DONE &&
	    s->state != STEP_STATE_NOT_APPLICABLE) {
		date_seconds_format(s->due_at, due);
		printf("  %-49s due %.10s %.5s UTC\n", "", due, due + 11);
	}
}

static void
print_reflection(const struct engine_reflection *p)
{
	char until[TIMESTAMP_TEXT_SIZE];

	if (!p->started)
		return;
	date_seconds_format(p->until, until);
	if (p->running)
		printf("reflection and recovery period (%d days): %d days left, "
		    "until %.10s; the victim's statement waits\n", p->days,
		    p->days_left, until);
	else if (p->waived)
		printf("reflection and recovery period (%d days): ended early "
		    "on %.10s by the victim's own choice\n", p->days,
		    p->waived_at);
	else
		printf("reflection and recovery period (%d days): ended on "
		    "%.10s\n", p->days, until);
}

static int
run_steps(struct cli *c, struct err *err)
{
	const char *lang = cli_lang(c, err);
	struct case_steps cs;
	const struct engine_result *r = &cs.r;
	const char *phase = NULL;

	if (!lang || case_steps(&c->ctx, c->args[0], &cs, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(case_steps_json(&cs, lang), err);
	printf("%s walks SOP %s version %d: %zu of %zu mandatory steps done",
	    cs.c.ref, cs.c.sop_id, cs.c.sop_version, r->mandatory_done,
	    r->mandatory);
	if (r->compliance >= 0)
		printf("; compliance %d%% (%zu of %zu due steps on time)",
		    r->compliance, r->on_time, r->fell_due);
	printf("\n");
	print_reflection(&r->reflection);
	if (r->n_next > 0) {
		printf("\nNext:\n");
		for (size_t i = 0; i < r->n_next; i++)
			print_status(&r->steps[r->next[i]], lang);
	}
	for (size_t i = 0; i < r->n_steps; i++) {
		const struct step_status *s = &r->steps[i];

		if (!phase || !STREQ(phase, s->phase_id)) {
			const json_t *def = sop_definition(cs.sop);
			size_t k;
			json_t *p;

			phase = s->phase_id;
			json_array_foreach(json_object_get(def, "phases"), k, p)
				if (STREQ(json_string_value(json_object_get(p,
				    "id")), phase))
					printf("\n%zu. %s\n", k + 1, sop_text(
					    json_object_get(p, "title"), lang));
		}
		print_status(s, lang);
	}
	return 0;
}

static int
print_event(struct cli *c, const struct step_event_row *ev, struct err *err)
{
	static const char *const verbs[] = { "done", "skipped", "reopened" };

	if (c->json)
		return cli_print_json(step_event_json(ev), err);
	printf("%s: step %s %s\n", c->args[0], ev->step_id,
	    verbs[ev->action]);
	return 0;
}

static int
run_do(struct cli *c, struct err *err)
{
	struct step_event_row ev;

	if (case_step_do(&c->ctx, c->args[0], c->args[1], cli_get(c, "note"),
	    &ev, err) == -1)
		return -1;
	return print_event(c, &ev, err);
}

static int
run_skip(struct cli *c, struct err *err)
{
	struct step_event_row ev;

	if (case_step_skip(&c->ctx, c->args[0], c->args[1],
	    cli_get(c, "reason"), &ev, err) == -1)
		return -1;
	return print_event(c, &ev, err);
}

static int
run_reopen(struct cli *c, struct err *err)
{
	struct step_event_row ev;

	if (case_step_reopen(&c->ctx, c->args[0], c->args[1],
	    cli_get(c, "reason"), &ev, err) == -1)
		return -1;
	return print_event(c, &ev, err);
}

static int
run_record(struct cli *c, struct err *err)
{
	struct fact_input in = { .ref = c->args[0], .fact = c->args[1],
	    .person_id = cli_get(c, "person"), .step = cli_get(c, "step"),
	    .note = cli_get(c, "note") };
	struct case_fact_row f;

	if (case_record(&c->ctx, &in, &f, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(case_fact_json(&f), err);
	printf("%s: recorded %s", c->args[0], enum_name(&case_fact_desc,
	    f.fact));
	if (f.person_id)
		printf(" for person %" PRId64, f.person_id);
	if (f.step_id)
		printf(" for step %s", f.step_id);
	printf("\n");
	return 0;
}

static int
run_facts(struct cli *c, struct err *err)
{
	struct case_fact_row *rows;
	size_t n;

	if (case_facts(&c->ctx, c->args[0], &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, case_fact_json(&rows[i]));
		return cli_print_json(a, err);
	}
	for (size_t i = 0; i < n; i++) {
		printf("%.16s  ", rows[i].at);
		cli_cell(rows[i].username, 14);
		cli_cell(enum_name(&case_fact_desc, rows[i].fact), 26);
		if (rows[i].person_id)
			printf("person %" PRId64 " ", rows[i].person_id);
		if (rows[i].step_id)
			printf("step %s ", rows[i].step_id);
		printf("%s\n", rows[i].note);
	}
	return 0;
}

static int
run_upgrade(struct cli *c, struct err *err)
{
	struct case_row row;
	size_t orphaned;

	if (case_upgrade_sop(&c->ctx, c->args[0], cli_get(c, "to"),
	    cli_get(c, "reason"), &row, &orphaned, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(json_pack("{s:o, s:I}", "case",
		    case_json(&row), "orphaned_steps", (json_int_t)orphaned),
		    err);
	printf("%s now walks SOP %s version %d\n", row.ref, row.sop_id,
	    row.sop_version);
	if (orphaned)
		printf("%zu steps done or skipped under the old version have "
		    "no counterpart in the new one; they stay in the "
		    "history\n", orphaned);
	return 0;
}

static const struct cli_opt steps_opts[] = {
	{ "lang", "LANG", 0, "the language of titles: en (default), ar, ckb" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt do_opts[] = {
	{ "note", "TEXT", 0, "what was done, for the timeline" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt reason_opts[] = {
	{ "reason", "TEXT", CLI_REQUIRED, "why" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt record_opts[] = {
	{ "person", "ID", 0, "the person it is about (consent, interpreter, "
	    "best interests)" },
	{ "step", "STEP", 0, "the step a supervisor approves" },
	{ "note", "TEXT", 0, "details (required for reflection_waived)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt upgrade_opts[] = {
	{ "to", "ID[@VERSION]", 0, "the SOP (default: the newest version of "
	    "the SOP for the case's kind)" },
	{ "reason", "TEXT", CLI_REQUIRED, "why the case changes procedure" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_case_steps = {
	"case", "steps", "REF", 1, 1, steps_opts, 0, run_steps,
	"show where a case stands in its SOP, and what to do next",
};

const struct cli_cmd cmd_case_do = {
	"case", "do", "REF STEP", 2, 2, do_opts, 0, run_do,
	"mark an SOP step done",
};

const struct cli_cmd cmd_case_skip = {
	"case", "skip", "REF STEP", 2, 2, reason_opts, 0, run_skip,
	"skip an SOP step, with the reason",
};

const struct cli_cmd cmd_case_reopen = {
	"case", "reopen", "REF STEP", 2, 2, reason_opts, 0, run_reopen,
	"reopen a step done or skipped by mistake",
};

const struct cli_cmd cmd_case_record = {
	"case", "record", "REF FACT", 2, 2, record_opts, 0, run_record,
	"record informed_consent, interpreter, best_interests_assessment, "
	"risk_assessment, reflection_waived or supervisor_approval",
};

const struct cli_cmd cmd_case_facts = {
	"case", "facts", "REF", 1, 1, no_opts, 0, run_facts,
	"list the facts recorded on a case",
};

const struct cli_cmd cmd_case_upgrade_sop = {
	"case", "upgrade-sop", "REF", 1, 1, upgrade_opts, 0, run_upgrade,
	"move a case to a newer SOP version (audited)",
};
