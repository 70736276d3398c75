/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_share.c - tipsom case share, shares, unshare. */
#include <inttypes.h>
#include <stdio.h>

#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/case.h"
#include "core/share.h"
#include "base/banned.h"

static const char *
scope_words(enum share_scope scope)
{
	switch (scope) {
	case SHARE_ASSISTANCE:
		return "victim assistance only";
	case SHARE_INVESTIGATION:
		return "suspects and evidence only";
	case SHARE_WHOLE:
	case SHARE__MAX:
		break;
	}
	return "whole case";
}

static void
print_share(const struct case_share_row *s, const char *today)
{
	json_t *j = case_share_json(s, today);

	printf("share %" PRId64 " with %s, %s (%s): shared %s by %s, %s\n",
	    s->id, s->agency_code, scope_words(s->scope),
	    json_string_value(json_object_get(j, "state")), s->shared_at,
	    s->shared_by_username, s->expires_on ? s->expires_on : "no end");
	printf("  reason: %s\n", s->reason);
	if (s->revoked_at)
		printf("  revoked %s: %s\n", s->revoked_at, s->revoke_reason);
	json_decref(j);
}

static int
run_share(struct cli *c, struct err *err)
{
	struct case_share_input in = { .ref = c->args[0],
	    .agency = cli_get(c, "agency"), .scope = cli_get(c, "scope"),
	    .reason = cli_get(c, "reason"), .until = cli_get(c, "until") };
	struct case_share_row row;
	char today[DATE_TEXT_SIZE];

	if (case_share(&c->ctx, &in, &row, err) == -1)
		return -1;
	case__today(today);
	if (c->json)
		return cli_print_json(case_share_json(&row, today), err);
	printf("%s shared with %s, %s (share %" PRId64 "%s%s)\n",
	    c->args[0], row.agency_code, scope_words(row.scope), row.id,
	    row.expires_on ? ", until " : "", row.expires_on ?
	    row.expires_on : "");
	return 0;
}

static int
run_shares(struct cli *c, struct err *err)
{
	struct case_share_row *rows;
	char today[DATE_TEXT_SIZE];
	json_t *all;
	size_t n;

	if (case_shares(&c->ctx, c->args[0], &rows, &n, err) == -1)
		return -1;
	case__today(today);
	if (c->json) {
		all = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(all,
			    case_share_json(&rows[i], today));
		return cli_print_json(all, err);
	}
	if (n == 0)
		printf("%s is not shared\n", c->args[0]);
	for (size_t i = 0; i < n; i++)
		print_share(&rows[i], today);
	return 0;
}

static int
run_unshare(struct cli *c, struct err *err)
{
	struct case_share_row row;
	char today[DATE_TEXT_SIZE];
	long long id;

	if (text_parse_int(c->args[1], 1, INT64_MAX, &id) == -1)
		return err_set(err, ERR_INVALID, "share", "share \"%.32s\" is "
		    "not a share number: see tipsom case shares %s",
		    c->args[1], c->args[0]);
	if (case_unshare(&c->ctx, c->args[0], id, cli_get(c, "reason"), &row,
	    err) == -1)
		return -1;
	case__today(today);
	if (c->json)
		return cli_print_json(case_share_json(&row, today), err);
	printf("share %" PRId64 " of %s with %s revoked\n", row.id,
	    c->args[0], row.agency_code);
	return 0;
}

static const struct cli_opt share_opts[] = {
	{ "agency", "CODE", CLI_REQUIRED, "the agency to share it with" },
	{ "scope", "SCOPE", CLI_REQUIRED, "what it may read: whole (the "
	    "case), assistance (the victims, their screenings and "
	    "referrals) or investigation (suspects, witnesses, the record, "
	    "the legal assessment)" },
	{ "reason", "TEXT", CLI_REQUIRED, "why that agency needs to know" },
	{ "until", "DATE", 0, "the last day of the share (default: until "
	    "revoked)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt unshare_opts[] = {
	{ "reason", "TEXT", CLI_REQUIRED, "why the share ends" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt transfer_opts[] = {
	{ "agency", "CODE", CLI_REQUIRED, "the agency taking the case over" },
	{ "reason", "TEXT", CLI_REQUIRED, "why it moves" },
	{ "lead", "USER", 0, "who leads it there (default: that agency's "
	    "supervisor assigns a lead)" },
	{ "keep", "SCOPE", 0, "keep a share to read it: whole, assistance or "
	    "investigation (default: none)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

static int
run_transfer(struct cli *c, struct err *err)
{
	struct case_transfer_input in = { .ref = c->args[0],
	    .agency = cli_get(c, "agency"), .reason = cli_get(c, "reason"),
	    .lead = cli_get(c, "lead"), .keep = cli_get(c, "keep") };
	struct case_transfer_row row;

	if (case_transfer(&c->ctx, &in, &row, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(case_transfer_json(&row), err);
	printf("%s transferred from %s to %s (lead: %s)%s\n", c->args[0],
	    row.from_agency_code, row.to_agency_code, row.lead_username ?
	    row.lead_username : "none yet", row.kept_share_id ?
	    "; your agency keeps a share to read it" : "");
	return 0;
}

static int
run_transfers(struct cli *c, struct err *err)
{
	struct case_transfer_row *rows;
	json_t *all;
	size_t n;

	if (case_transfers(&c->ctx, c->args[0], &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		all = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(all, case_transfer_json(&rows[i]));
		return cli_print_json(all, err);
	}
	if (n == 0)
		printf("%s was never transferred\n", c->args[0]);
	for (size_t i = 0; i < n; i++)
		printf("%s: %s to %s by %s: %s\n", rows[i].at,
		    rows[i].from_agency_code, rows[i].to_agency_code,
		    rows[i].by_username, rows[i].reason);
	return 0;
}

const struct cli_cmd cmd_case_share = {
	"case", "share", "REF", 1, 1, share_opts, 0, run_share,
	"share a case with another agency, to read",
};

const struct cli_cmd cmd_case_shares = {
	"case", "shares", "REF", 1, 1, no_opts, 0, run_shares,
	"list whom a case is shared with",
};

const struct cli_cmd cmd_case_unshare = {
	"case", "unshare", "REF SHARE", 2, 2, unshare_opts, 0, run_unshare,
	"end a share of a case, at once",
};

const struct cli_cmd cmd_case_transfer = {
	"case", "transfer", "REF", 1, 1, transfer_opts, 0, run_transfer,
	"hand a case over to another agency, which then owns and works it",
};

const struct cli_cmd cmd_case_transfers = {
	"case", "transfers", "REF", 1, 1, no_opts, 0, run_transfers,
	"list a case's transfers between agencies",
};
