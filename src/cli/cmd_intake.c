/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_intake.c - tipsom intake report, list, show, ack, link and unlink:
 * reports of a suspected case, from whoever hears of one to the agency
 * that acts on it.
 */
#include <stdio.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/intake.h"
#include "base/banned.h"

static const char *
or_dash(const char *s)
{
	return s ? s : "-";
}

/* One line of a list: reference, urgency, status, when, from or to. */
static void
print_line(const struct intake_row *r, bool sent)
{
	cli_cell(r->ref, 16);
	cli_cell(r->urgent ? (r->acknowledged_at ? "urgent" : "URGENT") :
	    "normal", 8);
	cli_cell(enum_name(&intake_status_desc, intake_status(r)), 14);
	printf("%.16s  ", r->created_at);
	if (sent)
		printf("to %s\n", r->agency);
	else
		printf("from %s  case %s%s\n", r->reporter_agency, r->case_ref,
		    r->links ? "  linked" : "");
}

static int
print_view(struct cli *c, const struct intake_view *v, struct err *err)
{
	const struct intake_row *r = &v->r;

	if (c->json)
		return cli_print_json(intake_view_json(v), err);
	printf("report %s to %s from %s (%s): %s%s\n", r->ref, r->agency,
	    r->reporter, r->reporter_agency,
	    enum_name(&intake_status_desc, intake_status(r)),
	    r->urgent ? ", urgent" : "");
	printf("suspected %s, received %.16s%s%s\n",
	    enum_name(&intake_suspicion_desc, r->suspected), r->created_at,
	    r->acknowledged_at ? ", acknowledged " : "",
	    r->acknowledged_at ? r->acknowledged_at : "");
	if (v->sight != INTAKE_SIGHT_RECEIVER)
		return 0;
	printf("case:      %s\nwhat:      %s\nwhere:     %s\nwhen:      %s\n"
	    "at risk:   %s\n", r->case_ref, r->what, or_dash(r->place),
	    or_dash(r->happened), or_dash(r->at_risk));
	if (r->people > 0)
		printf("people:    %lld, children %s\n", (long long)r->people,
		    enum_name(&intake_answer_desc, r->children));
	else
		printf("people:    not known, children %s\n",
		    enum_name(&intake_answer_desc, r->children));
	if (r->anonymous)
		printf("reporter:  anonymous%s%s\n", r->contact_name ? ", " : "",
		    r->contact_name ? r->contact_name : "");
	else
		printf("reporter:  %s, %s, safe times %s\n",
		    or_dash(r->contact_name), r->contact,
		    or_dash(r->contact_times));
	for (size_t i = 0; i < v->n_links; i++)
		printf("linked to: %s%s (%s, %.16s)\n", v->links[i].other_ref,
		    v->links[i].other_urgent ? ", urgent" : "",
		    v->links[i].linked_by, v->links[i].linked_at);
	return 0;
}

static int
run_report(struct cli *c, struct err *err)
{
	struct intake_input in = {
		.to = cli_get(c, "to"), .what = cli_get(c, "what"),
		.where = cli_get(c, "where"), .when = cli_get(c, "when"),
		.at_risk = cli_get(c, "at-risk"),
		.people = cli_get(c, "people"),
		.children = cli_get(c, "children"),
		.contact_name = cli_get(c, "contact-name"),
		.contact = cli_get(c, "contact"),
		.contact_times = cli_get(c, "safe-times"),
		.urgent = cli_has(c, "urgent"),
		.suspected = cli_get(c, "suspected"),
	};
	struct intake_row r;

	if (intake_report(&c->ctx, &in, &r, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(intake_json(&r, INTAKE_SIGHT_REPORTER),
		    err);
	/* The reporter is told the report's reference, never the case's. */
	printf("%s\n", r.ref);
	if (r.anonymous)
		fprintf(stderr, "tipsom: report %s is anonymous: nobody can "
		    "call the reporter back\n", r.ref);
	return 0;
}

static int
run_list(struct cli *c, struct err *err)
{
	struct intake_query q = { .sent = cli_has(c, "sent"),
	    .urgent = cli_has(c, "urgent") };
	struct intake_row *rows;
	size_t n;

	if (cli_int(c, "limit", 1, 500, 50, &q.limit, err) == -1 ||
	    intake_list(&c->ctx, &q, &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, intake_json(&rows[i], q.sent ?
			    INTAKE_SIGHT_REPORTER : INTAKE_SIGHT_RECEIVER));
		return cli_print_json(a, err);
	}
	for (size_t i = 0; i < n; i++)
		print_line(&rows[i], q.sent);
	return 0;
}

static int
run_show(struct cli *c, struct err *err)
{
	struct intake_view v;

	if (intake_show(&c->ctx, c->args[0], &v, err) == -1)
		return -1;
	return print_view(c, &v, err);
}

/* After a change, the report as it stands now. */
static int
show_after(struct cli *c, const char *what, struct err *err)
{
	struct intake_view v;

	if (!c->json) {
		printf("report %s %s\n", c->args[0], what);
		return 0;
	}
	if (intake_show(&c->ctx, c->args[0], &v, err) == -1)
		return -1;
	return print_view(c, &v, err);
}

static int
run_ack(struct cli *c, struct err *err)
{
	if (intake_acknowledge(&c->ctx, c->args[0], err) == -1)
		return -1;
	return show_after(c, "acknowledged", err);
}

static int
run_link(struct cli *c, struct err *err)
{
	if (intake_link(&c->ctx, c->args[0], c->args[1], err) == -1)
		return -1;
	return show_after(c, "linked", err);
}

static int
run_unlink(struct cli *c, struct err *err)
{
	if (intake_unlink(&c->ctx, c->args[0], c->args[1], err) == -1)
		return -1;
	return show_after(c, "unlinked", err);
}

static const struct cli_opt report_opts[] = {
	{ "what", "TEXT", CLI_REQUIRED, "what happened" },
	{ "to", "AGENCY", 0, "the law-enforcement or border-guard agency "
	    "that receives it (default: your own, when it is one)" },
	{ "where", "TEXT", 0, "where" },
	{ "when", "TEXT", 0, "when: YYYY-MM-DD, or words like \"since "
	    "March\"" },
	{ "at-risk", "TEXT", 0, "who is at risk" },
	{ "people", "N", 0, "how many people are at risk" },
	{ "children", "ANSWER", 0, "children among them: yes, no or unknown "
	    "(default)" },
	{ "contact-name", "NAME", 0, "the reporter's name" },
	{ "contact", "TEXT", 0, "how to reach the reporter safely (without "
	    "it the report is anonymous)" },
	{ "safe-times", "TEXT", 0, "when it is safe to call" },
	{ "urgent", NULL, 0, "a person is in immediate danger" },
	{ "suspected", "KIND", 0, "trafficking, smuggling or unsure "
	    "(default)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt list_opts[] = {
	{ "urgent", NULL, 0, "only urgent ones not yet acknowledged" },
	{ "sent", NULL, 0, "the reports you sent (else: your agency's "
	    "received)" },
	{ "limit", "N", 0, "at most N (default 50, at most 500)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_intake_report = {
	"intake", "report", NULL, 0, 0, report_opts, 0, run_report,
	"report a suspected trafficking or smuggling situation",
};

const struct cli_cmd cmd_intake_list = {
	"intake", "list", NULL, 0, 0, list_opts, 0, run_list,
	"reports your agency received, urgent ones first; --sent: yours",
};

const struct cli_cmd cmd_intake_show = {
	"intake", "show", "REF", 1, 1, no_opts, 0, run_show,
	"a report as you may see it",
};

const struct cli_cmd cmd_intake_ack = {
	"intake", "ack", "REF", 1, 1, no_opts, 0, run_ack,
	"acknowledge a report your agency received",
};

const struct cli_cmd cmd_intake_link = {
	"intake", "link", "REF OTHER", 2, 2, no_opts, 0, run_link,
	"link two reports about the same situation",
};

const struct cli_cmd cmd_intake_unlink = {
	"intake", "unlink", "REF OTHER", 2, 2, no_opts, 0, run_unlink,
	"undo a link between two reports",
};
