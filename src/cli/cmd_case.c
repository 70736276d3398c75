/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_case.c - tipsom case open, list, show, note, close, add-person. */
#include <inttypes.h>
#include <stdio.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/case.h"
#include "model/json.h"
#include "base/banned.h"

static int
run_open(struct cli *c, struct err *err)
{
	struct case_input in = {
		.agency = cli_get(c, "agency"),
		.kind = cli_get(c, "kind"),
		.title = cli_get(c, "title"),
		.summary = cli_get(c, "summary"),
		.sensitivity = cli_get(c, "sensitivity"),
		.lead = cli_get(c, "lead"),
	};
	struct case_row row;

	if (case_open(&c->ctx, &in, &row, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(case_json(&row), err);
	printf("%s\n", row.ref);
	return 0;
}

static int
run_list(struct cli *c, struct err *err)
{
	struct case_query q = {
		.agency = cli_get(c, "agency"),
		.kind = cli_get(c, "kind"),
		.status = cli_get(c, "status"),
		.text = cli_get(c, "search"),
		.mine = cli_has(c, "mine"),
		.shared = cli_has(c, "shared"),
	};
	struct case_row *rows;
	size_t n;

	if (cli_int(c, "limit", 1, 100000, 0, &q.limit, err) == -1 ||
	    cli_int(c, "offset", 0, INT32_MAX, 0, &q.offset, err) == -1 ||
	    case_list(&c->ctx, &q, &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, case_json(&rows[i]));
		return cli_print_json(a, err);
	}
	for (size_t i = 0; i < n; i++) {
		cli_cell(rows[i].ref, 22);
		cli_cell(enum_name(&case_status_desc, rows[i].status), 6);
		cli_cell(case_kind_name(rows[i].kind), 12);
		cli_cell(rows[i].lead_username, 14);
		printf("%s\n", rows[i].title);
	}
	return 0;
}

static void
print_view(const struct case_view *v)
{
	const struct case_row *k = &v->c;

	printf("%s  %s\n", k->ref, k->title);
	printf("  kind %s, %s, sensitivity %s, lead %s\n",
	    case_kind_name(k->kind), enum_name(&case_status_desc, k->status),
	    enum_name(&sensitivity_desc, k->sensitivity),
	    k->lead_username ? k->lead_username : "-");
	printf("  opened %s, SOP %s version %d (tipsom case steps %s)\n",
	    k->opened_at, k->sop_id, k->sop_version, k->ref);
	if (k->closed_at)
		printf("  closed %s: %s\n", k->closed_at, k->close_reason);
	if (v->sight != SIGHT_OWN)
		printf("  %s's, shared with your agency to read: %s (see "
		    "tipsom case shares %s)\n", k->agency_code,
		    access_sight_name(v->sight), k->ref);
	if (k->summary && *k->summary)
		printf("\n%s\n", k->summary);
	printf("\npeople (%zu)%s\n", v->n_people, v->identities ? "" :
	    ": identities withheld for your role");
	for (size_t i = 0; i < v->n_people; i++) {
		const struct case_person_row *l = &v->people[i].link;
		char age[16] = "age ?";

		if (l->age >= 0)
			snprintf(age, sizeof(age), "age %d", l->age);
		printf("  #%-6" PRId64 " ", l->person_id);
		cli_cell(case_role_name(l->role), 16);
		cli_cell(age, 8);
		cli_cell(l->child ? "child" : "", 5);
		cli_cell(l->interpreter_language ? l->interpreter_language :
		    l->needs_interpreter ? "interp." : "", 7);
		printf("%s\n", v->people[i].name ? v->people[i].name : "");
	}
	if (!access_sight_has(v->sight, PART_TIMELINE)) {
		printf("\ntimeline: not part of the share with your agency\n");
		return;
	}
	printf("\ntimeline (%zu)\n", v->n_notes);
	for (size_t i = 0; i < v->n_notes; i++)
		printf("  %s  %s\n    %s\n", v->notes[i].at,
		    v->notes[i].author ? v->notes[i].author : "-",
		    v->notes[i].body);
}

static int
run_show(struct cli *c, struct err *err)
{
	struct case_view v;

	if (case_show(&c->ctx, c->args[0], !cli_has(c, "no-names"), &v,
	    err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(case_view_json(&v), err);
	print_view(&v);
	return 0;
}

static int
run_note(struct cli *c, struct err *err)
{
	struct note_row note;

	if (case_note(&c->ctx, c->args[0], c->args[1], &note, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(note_json(&note), err);
	printf("note %" PRId64 " added to %s\n", note.id, c->args[0]);
	return 0;
}

static int
run_close(struct cli *c, struct err *err)
{
	struct case_row row;

	if (case_close(&c->ctx, c->args[0], cli_get(c, "reason"), &row,
	    err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(case_json(&row), err);
	printf("%s closed\n", row.ref);
	return 0;
}

static int
run_route(struct cli *c, struct err *err)
{
	struct case_row row;

	if (case_set_route(&c->ctx, c->args[0], c->args + 1,
	    (size_t)c->n_args - 1, &row, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(case_json(&row), err);
	printf("%s route: ", row.ref);
	for (const char *p = row.route; *p; p++) {
		if (*p == ',')
			fputs(" \xe2\x86\x92 ", stdout);
		else
			putchar(*p);
	}
	printf("\n");
	return 0;
}

static int
run_add_person(struct cli *c, struct err *err)
{
	struct case_person_input in = {
		.ref = c->args[0],
		.person_id = c->args[1],
		.role = cli_get(c, "role"),
		.identified_on = cli_get(c, "identified-on"),
		.age = cli_get(c, "age"),
		.presumed_child = cli_has(c, "presumed-child"),
		.needs_interpreter = cli_has(c, "needs-interpreter"),
		.interpreter_language = cli_get(c, "interpreter"),
	};
	struct case_person_row row;

	if (case_add_person(&c->ctx, &in, &row, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(case_person_json(&row), err);
	printf("person %" PRId64 " is a %s in %s%s\n", row.person_id,
	    case_role_name(row.role), c->args[0],
	    row.child ? " (a child)" : "");
	return 0;
}

static const struct cli_opt open_opts[] = {
	{ "title", "TEXT", CLI_REQUIRED, "a short title" },
	{ "kind", "KIND", 0,
	    "tip, som, tip+som or unclassified (the default)" },
	{ "summary", "TEXT", 0, "what is known so far" },
	{ "sensitivity", "LEVEL", 0, "normal (the default) or high" },
	{ "lead", "USERNAME", 0, "who leads the case (default: you)" },
	{ "agency", "CODE", 0, "your agency (the default)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt list_opts[] = {
	{ "status", "STATUS", 0, "open or closed" },
	{ "kind", "KIND", 0, "tip, som, tip+som or unclassified" },
	{ "agency", "CODE", 0, "only this agency's cases (another's: those "
	    "it shared with yours)" },
	{ "search", "TEXT", 0, "only those with TEXT in the reference or the "
	    "title" },
	{ "mine", NULL, 0, "only those you lead" },
	{ "shared", NULL, 0, "only those shared with your agency, the newest "
	    "share first" },
	{ "limit", "N", 0, "at most N cases" },
	{ "offset", "N", 0, "skip the first N cases" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

static const struct cli_opt close_opts[] = {
	{ "reason", "TEXT", CLI_REQUIRED, "why the case is closed" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt add_person_opts[] = {
	{ "role", "ROLE", CLI_REQUIRED, "presumed_victim, victim, "
	    "smuggled_migrant, suspect, accused, witness, reporter or "
	    "guardian" },
	{ "identified-on", "DATE", 0,
	    "when the person was identified (default: today)" },
	{ "age", "YEARS", 0, "the age stated or assessed, if no birth date" },
	{ "presumed-child", NULL, 0,
	    "treat as a child until an age assessment says otherwise" },
	{ "needs-interpreter", NULL, 0, "the person needs an interpreter" },
	{ "interpreter", "LANG", 0,
	    "the interpreter's language (ar, ckb, prs, ...)" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_case_open = {
	"case", "open", NULL, 0, 0, open_opts, 0, run_open,
	"open a case and print its reference",
};

const struct cli_cmd cmd_case_list = {
	"case", "list", NULL, 0, 0, list_opts, 0, run_list,
	"list your agency's cases and those shared with it, newest first",
};

static const struct cli_opt show_opts[] = {
	{ "no-names", NULL, 0, "leave the people's names out (and unaudited)" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_case_show = {
	"case", "show", "REF", 1, 1, show_opts, 0, run_show,
	"show a case with its people and timeline",
};

const struct cli_cmd cmd_case_note = {
	"case", "note", "REF TEXT", 2, 2, no_opts, 0, run_note,
	"add a note to a case's timeline",
};

const struct cli_cmd cmd_case_close = {
	"case", "close", "REF", 1, 1, close_opts, 0, run_close,
	"close a case",
};

const struct cli_cmd cmd_case_route = {
	"case", "route", "REF COUNTRY...", 3, 1 + CASE_ROUTE_MAX, no_opts, 0,
	run_route, "record the route of a smuggling case, origin first "
	"(ISO 3166 codes: AF IR TR GR)",
};

const struct cli_cmd cmd_case_add_person = {
	"case", "add-person", "REF PERSON_ID", 2, 2, add_person_opts, 0,
	run_add_person, "give a person a role in a case",
};
