/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_referral.c - tipsom referral make, list, show, move and
 * withdraw-consent.
 */
#include <stdio.h>

#include "base/err.h"
#include "base/text.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/referral.h"
#include "base/banned.h"

static int
referral_id(struct cli *c, const char *s, int64_t *id, struct err *err)
{
	long long v;

	if (text_parse_int(s, 1, INT64_MAX, &v) == -1)
		return cli_usage(c, err, "\"%.24s\" is not a referral number: "
		    "give the number referral list shows", s);
	*id = v;
	return 0;
}

static int
run_make(struct cli *c, struct err *err)
{
	struct referral_input in = {
		.ref = c->args[0], .person_id = c->args[1],
		.provider = cli_get(c, "provider"),
		.service = cli_get(c, "service"),
		.needs = cli_get(c, "needs"),
		.with_family = cli_has(c, "with-family"),
		.send = cli_has(c, "send"),
		.consent = {
			.explained = cli_get(c, "explained"),
			.language = cli_get(c, "language"),
			.interpreter = cli_get(c, "interpreter"),
			.given_on = cli_get(c, "given-on"),
			.guardian = cli_get(c, "guardian"),
			.best_interests = cli_get(c, "best-interests"),
		},
	};
	struct referral_row r;
	const char **v;

	in.consent.n_scope = cli_get_all(c, "scope", &v);
	in.consent.scope = v;
	if (cli_has(c, "share")) {
		in.n_shares = cli_get_all(c, "share", &v);
		in.shares = v;
	}
	if (referral_make(&c->ctx, &in, &r, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(referral_json(&r, true), err);
	printf("%lld\n", (long long)r.id);
	return 0;
}

static int
print_row(struct cli *c, const struct referral_row *r, bool referrer,
    struct err *err)
{
	if (c->json)
		return cli_print_json(referral_json(r, referrer), err);
	printf("referral %lld: %s\n", (long long)r->id,
	    enum_name(&referral_status_desc, r->status));
	return 0;
}

static int
run_move(struct cli *c, struct err *err)
{
	struct referral_row r;
	int64_t id = 0;

	if (referral_id(c, c->args[0], &id, err) == -1 ||
	    referral_move(&c->ctx, id, c->args[1], cli_get(c, "reason"), &r,
	    err) == -1)
		return -1;
	return print_row(c, &r, r.case_agency_id == c->ctx.actor.agency_id,
	    err);
}

static int
run_withdraw(struct cli *c, struct err *err)
{
	struct referral_row r;
	int64_t id = 0;

	if (referral_id(c, c->args[0], &id, err) == -1 ||
	    referral_withdraw_consent(&c->ctx, id, cli_get(c, "reason"), &r,
	    err) == -1)
		return -1;
	return print_row(c, &r, r.case_agency_id == c->ctx.actor.agency_id,
	    err);
}

static int
run_show(struct cli *c, struct err *err)
{
	struct referral_view v;
	int64_t id = 0;

	if (referral_id(c, c->args[0], &id, err) == -1 ||
	    referral_show(&c->ctx, id, &v, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(referral_view_json(&v), err);
	printf("referral %lld of case %s (%s) to %s %s for %s: %s\n",
	    (long long)v.r.id, v.r.case_ref, v.r.case_agency,
	    v.r.provider_code, v.r.provider_name,
	    enum_name(&service_desc, v.r.service),
	    enum_name(&referral_status_desc, v.r.status));
	if (v.r.consent.withdrawn_at)
		printf("consent withdrawn %.10s\n", v.r.consent.withdrawn_at);
	if (v.name)
		printf("name:    %s\n", v.name);
	for (size_t i = 0; i < v.n_contacts; i++)
		printf("contact: %s %s\n", enum_name(&contact_kind_desc,
		    v.contacts[i].kind), v.contacts[i].value);
	if ((v.referrer || (v.open && v.r.shares & ENUM_BIT(SCOPE_NEEDS))) &&
	    v.r.needs)
		printf("needs:   %s\n", v.r.needs);
	for (size_t i = 0; i < v.n_events; i++)
		printf("  %.16s  %-11s %s (%s)%s%s\n", v.events[i].at,
		    enum_name(&referral_status_desc, v.events[i].status),
		    v.events[i].by_username, v.events[i].agency,
		    v.events[i].reason ? ": " : "",
		    v.events[i].reason ? v.events[i].reason : "");
	return 0;
}

static int
run_list(struct cli *c, struct err *err)
{
	struct referral_query q = {
		.box = cli_has(c, "in") ? "in" : "out",
		.ref = cli_get(c, "case"),
		.status = cli_get(c, "status"),
	};
	struct referral_row *rows;
	size_t n;

	if (referral_list(&c->ctx, &q, &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, referral_json(&rows[i],
			    !cli_has(c, "in")));
		return cli_print_json(a, err);
	}
	for (size_t i = 0; i < n; i++) {
		printf("%-6lld ", (long long)rows[i].id);
		cli_cell(rows[i].case_ref, 21);
		cli_cell(rows[i].provider_code, 18);
		cli_cell(enum_name(&service_desc, rows[i].service), 22);
		printf("%s\n", enum_name(&referral_status_desc,
		    rows[i].status));
	}
	return 0;
}

#define SCOPE_HELP	"identity, contact, needs, case_summary or suspects"

static const struct cli_opt make_opts[] = {
	{ "provider", "CODE", CLI_REQUIRED, "the provider (provider list)" },
	{ "service", "SERVICE", CLI_REQUIRED, "the service it is to give" },
	{ "needs", "TEXT", 0, "what the provider should know of the needs" },
	{ "share", "WHAT", CLI_MULTI, "what the provider sees (repeat; "
	    "default: the whole consent scope): " SCOPE_HELP },
	{ "with-family", NULL, 0, "the person comes with family" },
	{ "send", NULL, 0, "send it now (otherwise it is proposed)" },
	{ "explained", "TEXT", CLI_REQUIRED,
	    "consent: what was explained to the person" },
	{ "language", "TAG", CLI_REQUIRED, "consent: in which language" },
	{ "interpreter", "NAME", 0, "consent: who interpreted" },
	{ "scope", "WHAT", CLI_REQUIRED | CLI_MULTI,
	    "consent: what may be shared (repeat): " SCOPE_HELP },
	{ "given-on", "YYYY-MM-DD", CLI_REQUIRED, "consent: the day given" },
	{ "guardian", "NAME", 0, "consent, for a child: the guardian" },
	{ "best-interests", "TEXT", 0,
	    "consent, for a child: why it is in their best interests" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt list_opts[] = {
	{ "in", NULL, 0, "those sent to your agency as a provider" },
	{ "case", "REF", 0, "one case's (made by your agency)" },
	{ "status", "STATUS", 0, "only those in this status" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt reason_opts[] = {
	{ "reason", "TEXT", 0, "why (declining and withdrawing need one)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt withdraw_opts[] = {
	{ "reason", "TEXT", CLI_REQUIRED, "what the person said" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_referral_make = {
	"referral", "make", "REF PERSON", 2, 2, make_opts, 0, run_make,
	"refer a person of a case to a provider, with their consent",
};

const struct cli_cmd cmd_referral_list = {
	"referral", "list", NULL, 0, 0, list_opts, 0, run_list,
	"referrals your agency made, or (--in) received",
};

const struct cli_cmd cmd_referral_show = {
	"referral", "show", "ID", 1, 1, no_opts, 0, run_show,
	"a referral and its history, as your side may see it",
};

const struct cli_cmd cmd_referral_move = {
	"referral", "move", "ID STATUS", 2, 2, reason_opts, 0, run_move,
	"sent, accepted, declined, in_progress, completed or withdrawn",
};

const struct cli_cmd cmd_referral_withdraw_consent = {
	"referral", "withdraw-consent", "ID", 1, 1, withdraw_opts, 0,
	run_withdraw, "record that the person withdrew consent",
};
