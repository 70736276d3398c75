/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_cooperation.c - tipsom cooperation add, list, show, move and
 * follow-up: requests for international cooperation.
 */
#include <stdio.h>

#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/case.h"
#include "core/cooperation.h"
#include "base/banned.h"

static int
request_id(struct cli *c, const char *s, int64_t *id, struct err *err)
{
	long long v;

	if (text_parse_int(s, 1, INT64_MAX, &v) == -1)
		return cli_usage(c, err, "\"%.24s\" is not a request number: "
		    "give the number cooperation list shows", s);
	*id = v;
	return 0;
}

static const char *
or_dash(const char *s)
{
	return s ? s : "-";
}

/* One line of a list: number, case, what, where, status, days. */
static void
print_line(const struct cooperation_row *r)
{
	char today[DATE_TEXT_SIZE];

	case__today(today);
	printf("%-6lld ", (long long)r->id);
	cli_cell(r->case_ref, 21);
	cli_cell(enum_name(&cooperation_kind_desc, r->kind), 21);
	cli_cell(r->country, 3);
	cli_cell(enum_name(&cooperation_status_desc, r->status), 19);
	printf("due %s%s\n", or_dash(r->due_on), cooperation_due(r, today) ?
	    "  follow up" : "");
}

static int
print_row(struct cli *c, const struct cooperation_row *r, struct err *err)
{
	if (c->json)
		return cli_print_json(cooperation_json(r), err);
	printf("cooperation request %lld: %s\n", (long long)r->id,
	    enum_name(&cooperation_status_desc, r->status));
	return 0;
}

static int
run_add(struct cli *c, struct err *err)
{
	struct cooperation_input in = {
		.ref = c->args[0], .kind = cli_get(c, "kind"),
		.direction = cli_get(c, "direction"),
		.country = cli_get(c, "country"),
		.authority = cli_get(c, "authority"),
		.legal_basis = cli_get(c, "legal-basis"),
		.subject = cli_get(c, "subject"),
		.our_ref = cli_get(c, "our-ref"),
		.their_ref = cli_get(c, "their-ref"),
		.sent_on = cli_get(c, "sent-on"),
		.due_on = cli_get(c, "due-on"),
		.next_follow_up = cli_get(c, "next-follow-up"),
	};
	struct cooperation_row r;

	if (cooperation_create(&c->ctx, &in, &r, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(cooperation_json(&r), err);
	printf("%lld\n", (long long)r.id);
	return 0;
}

static int
run_list(struct cli *c, struct err *err)
{
	struct cooperation_query q = {
		.ref = cli_get(c, "case"), .status = cli_get(c, "status"),
		.kind = cli_get(c, "kind"), .due = cli_has(c, "due"),
	};
	struct cooperation_row *rows;
	size_t n;

	if (cli_int(c, "limit", 1, 500, 0, &q.limit, err) == -1 ||
	    cooperation_list(&c->ctx, &q, &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, cooperation_json(&rows[i]));
		return cli_print_json(a, err);
	}
	for (size_t i = 0; i < n; i++)
		print_line(&rows[i]);
	return 0;
}

static int
run_show(struct cli *c, struct err *err)
{
	struct cooperation_view v;
	const struct cooperation_row *r = &v.r;
	int64_t id = 0;

	if (request_id(c, c->args[0], &id, err) == -1 ||
	    cooperation_show(&c->ctx, id, &v, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(cooperation_view_json(&v), err);
	printf("cooperation request %lld of case %s (%s): %s %s, %s\n",
	    (long long)r->id, r->case_ref, r->agency,
	    enum_name(&cooperation_direction_desc, r->direction),
	    enum_name(&cooperation_kind_desc, r->kind),
	    enum_name(&cooperation_status_desc, r->status));
	printf("counterpart:  %s, %s\nlegal basis:  %s\nsubject:      %s\n"
	    "references:   ours %s, theirs %s\n"
	    "sent %s, due %s, answered %s, next follow-up %s\n",
	    r->authority, r->country, r->legal_basis, r->subject,
	    or_dash(r->our_ref), or_dash(r->their_ref), or_dash(r->sent_on),
	    or_dash(r->due_on), or_dash(r->answered_on),
	    or_dash(r->next_follow_up));
	for (size_t i = 0; i < v.n_events; i++) {
		const struct cooperation_event_row *e = &v.events[i];

		printf("  %s  %-9s %-18s %s (%s)%s%s%s%s\n", e->on,
		    enum_name(&cooperation_event_desc, e->kind),
		    enum_name(&cooperation_status_desc, e->status),
		    e->by_username, e->agency, e->channel < 0 ? "" : " by ",
		    e->channel < 0 ? "" : enum_name(&cooperation_channel_desc,
		    e->channel), e->note ? ": " : "", e->note ? e->note : "");
	}
	return 0;
}

static int
run_move(struct cli *c, struct err *err)
{
	struct cooperation_row r;
	int64_t id = 0;

	if (request_id(c, c->args[0], &id, err) == -1 ||
	    cooperation_move(&c->ctx, id, &(struct cooperation_move){
	    .status = c->args[1], .on = cli_get(c, "on"),
	    .due_on = cli_get(c, "due-on"), .channel = cli_get(c, "channel"),
	    .reason = cli_get(c, "reason"),
	    .version = cli_get(c, "version") }, &r, err) == -1)
		return -1;
	return print_row(c, &r, err);
}

static int
run_follow_up(struct cli *c, struct err *err)
{
	struct cooperation_row r;
	int64_t id = 0;

	if (request_id(c, c->args[0], &id, err) == -1 ||
	    cooperation_follow_up(&c->ctx, id, &(struct cooperation_follow_up){
	    .on = cli_get(c, "on"), .channel = cli_get(c, "channel"),
	    .note = cli_get(c, "note"), .next = cli_get(c, "next"),
	    .version = cli_get(c, "version") }, &r, err) == -1)
		return -1;
	return print_row(c, &r, err);
}

#define KIND_HELP	"mla, extradition, information_exchange or " \
	"joint_investigation"
#define CHANNEL_HELP	"email, diplomatic_note, letter, phone, meeting, " \
	"liaison_officer or other"

static const struct cli_opt add_opts[] = {
	{ "kind", "KIND", CLI_REQUIRED, KIND_HELP },
	{ "direction", "WAY", 0, "outgoing (default) or incoming" },
	{ "country", "CC", CLI_REQUIRED,
	    "the counterpart's country (ISO 3166, like TR)" },
	{ "authority", "NAME", CLI_REQUIRED, "the counterpart authority" },
	{ "legal-basis", "TEXT", CLI_REQUIRED,
	    "what it rests on, like \"UNTOC art. 18\"" },
	{ "subject", "TEXT", CLI_REQUIRED, "what is asked" },
	{ "our-ref", "REF", 0, "our reference" },
	{ "their-ref", "REF", 0, "the counterpart's reference" },
	{ "sent-on", "YYYY-MM-DD", 0,
	    "the day it was sent (without: a draft)" },
	{ "due-on", "YYYY-MM-DD", 0, "the answer expected by" },
	{ "next-follow-up", "YYYY-MM-DD", 0, "when to follow it up" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt list_opts[] = {
	{ "case", "REF", 0, "one case's (else your agency's)" },
	{ "status", "STATUS", 0, "only those in this status" },
	{ "kind", "KIND", 0, "only those of this kind" },
	{ "due", NULL, 0, "only those due for follow-up today" },
	{ "limit", "N", 0, "at most N (default 200, at most 500)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt move_opts[] = {
	{ "on", "YYYY-MM-DD", 0, "the day it happened (default today)" },
	{ "due-on", "YYYY-MM-DD", 0, "sent or acknowledged: a due day" },
	{ "channel", "HOW", 0, CHANNEL_HELP },
	{ "reason", "TEXT", 0, "why (refused, withdrawn and "
	    "partially_answered need one)" },
	{ "version", "N", 0, "the version you looked at" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt follow_up_opts[] = {
	{ "channel", "HOW", CLI_REQUIRED, CHANNEL_HELP },
	{ "on", "YYYY-MM-DD", 0, "the day of the contact (default today)" },
	{ "note", "TEXT", 0, "what was said" },
	{ "next", "YYYY-MM-DD", 0, "the next follow-up (without: none)" },
	{ "version", "N", 0, "the version you looked at" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_cooperation_add = {
	"cooperation", "add", "REF", 1, 1, add_opts, 0, run_add,
	"a request for international cooperation on a case",
};

const struct cli_cmd cmd_cooperation_list = {
	"cooperation", "list", NULL, 0, 0, list_opts, 0, run_list,
	"your agency's requests, or a case's; --due: to follow up",
};

const struct cli_cmd cmd_cooperation_show = {
	"cooperation", "show", "ID", 1, 1, no_opts, 0, run_show,
	"a request and its history",
};

const struct cli_cmd cmd_cooperation_move = {
	"cooperation", "move", "ID STATUS", 2, 2, move_opts, 0, run_move,
	"sent, acknowledged, answered, partially_answered, refused, closed "
	"or withdrawn",
};

const struct cli_cmd cmd_cooperation_follow_up = {
	"cooperation", "follow-up", "ID", 1, 1, follow_up_opts, 0,
	run_follow_up, "record a follow-up and the next one's day",
};
