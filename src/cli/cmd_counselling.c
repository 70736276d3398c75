/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_counselling.c - tipsom counselling add, list, show and edit: the
 * counselling log of Migrant Resource Centres (core/counselling.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/counselling.h"
#include "core/input.h"
#include "base/banned.h"

/*
 * Every value of a repeatable option, each also split at commas
 * ("--topic a,b --topic c"); NULL when the option was not given.
 */
static const char **
values(struct cli *c, const char *name, size_t *n)
{
	const char **given, **out;
	size_t n_given = cli_get_all(c, name, &given), cap = 0;

	*n = 0;
	if (!n_given)
		return NULL;
	for (size_t i = 0; i < n_given; i++)
		cap += strlen(given[i]) + 1;
	out = arena_alloc(c->ctx.arena, cap * sizeof(*out));
	for (size_t i = 0; i < n_given; i++) {
		char *copy = arena_strdup(c->ctx.arena, given[i]), *save = NULL;

		for (char *t = strtok_r(copy, ",", &save); t;
		    t = strtok_r(NULL, ",", &save))
			if (*t)
				out[(*n)++] = t;
	}
	return out;
}

/* What was given on the command line; a flag pair gives "yes"/"no". */
static struct counselling_input
input(struct cli *c)
{
	struct counselling_input in = {
		.held_on = cli_get(c, "held-on"),
		.party = cli_get(c, "party"),
		.people = cli_get(c, "people"),
		.pseudonym = cli_get(c, "pseudonym"),
		.sex = cli_get(c, "sex"),
		.age_group = cli_get(c, "age-group"),
		.nationality = cli_get(c, "nationality"),
		.situation = cli_get(c, "situation"),
		.destination = cli_get(c, "destination"),
		.route = cli_get(c, "route"),
		.notes = cli_get(c, "notes"),
		.follow_up_on = cli_get(c, "follow-up-on"),
		.referred_to = cli_get(c, "referred-to"),
		.referral_note = cli_get(c, "referral-note"),
		.full_name = cli_get(c, "full-name"),
		.contact = cli_get(c, "contact"),
		.case_ref = cli_get(c, "case"),
		.person = cli_get(c, "person"),
	};

	in.topics = values(c, "topic", &in.n_topics);
	in.risks = values(c, "risk", &in.n_risks);
	in.sheets = values(c, "sheet", &in.n_sheets);
	if (cli_has(c, "consent"))
		in.consent = "yes";
	else if (cli_has(c, "no-consent"))
		in.consent = "no";
	if (cli_has(c, "follow-up-done"))
		in.follow_up_done = "yes";
	else if (cli_has(c, "follow-up-open"))
		in.follow_up_done = "no";
	return in;
}

static const char *
jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* "a, b" of a JSON array of strings, in the arena. */
static const char *
joined(struct cli *c, const json_t *a)
{
	char *out = arena_strdup(c->ctx.arena, "");
	size_t i;
	json_t *x;

	json_array_foreach(a, i, x)
		out = arena_printf(c->ctx.arena, "%s%s%s", out, i ? ", " : "",
		    json_string_value(x));
	return out;
}

static void
print_line(const char *label, const char *value)
{
	if (value && *value)
		printf("%-14s %s\n", label, value);
}

static int
print_record(struct cli *c, const struct counselling_row *k,
    struct err *err)
{
	json_t *j = counselling_json(&c->ctx, k);
	char head[64];

	if (c->json)
		return cli_print_json(j, err);
	snprintf(head, sizeof(head), "%s, %lld", jstr(j, "party"),
	    (long long)k->people);
	printf("Counselling record %" PRId64 " of %s, held %s by %s\n\n",
	    k->id, jstr(j, "agency"), k->held_on, jstr(j, "counsellor"));
	print_line("pseudonym", k->pseudonym);
	print_line("party", head);
	print_line("sex", jstr(j, "sex"));
	print_line("age group", jstr(j, "age_group"));
	print_line("situation", jstr(j, "situation"));
	print_line("nationality", k->nationality);
	print_line("destination", k->destination);
	print_line("route", k->route);
	print_line("topics", joined(c, json_object_get(j, "topics")));
	print_line("risks", joined(c, json_object_get(j, "risks")));
	print_line("sheets given", joined(c, json_object_get(j, "sheets")));
	print_line("notes", k->notes);
	if (k->follow_up_on)
		printf("%-14s %s%s\n", "follow-up", k->follow_up_on,
		    k->follow_up_done_at ? " (done)" : "");
	print_line("referred to", k->referred_to_code);
	print_line("referral note", k->referral_note);
	printf("%-14s %s\n", "consent", k->consent ? "given" : "not given");
	print_line("case", k->case_ref);
	print_line("full name", jstr(j, "full_name"));
	print_line("contact", jstr(j, "contact"));
	json_decref(j);
	return 0;
}

static int
run_add(struct cli *c, struct err *err)
{
	struct counselling_input in = input(c);
	struct counselling_row k;

	if (counselling_add(&c->ctx, &in, &k, err) == -1)
		return -1;
	if (!c->json) {
		printf("counselling record %" PRId64 " recorded%s\n", k.id,
		    k.follow_up_on ? arena_printf(c->ctx.arena, ": follow "
		    "up on %s", k.follow_up_on) : "");
		return 0;
	}
	return print_record(c, &k, err);
}

static int
record_id(struct cli *c, int64_t *id, struct err *err)
{
	return input_id(c->args[0], "id", "counselling record", id, err);
}

static int
run_show(struct cli *c, struct err *err)
{
	struct counselling_row k;
	int64_t id;

	if (record_id(c, &id, err) == -1 ||
	    counselling_show(&c->ctx, id, &k, err) == -1)
		return -1;
	return print_record(c, &k, err);
}

static int
run_edit(struct cli *c, struct err *err)
{
	struct counselling_input in = input(c);
	struct counselling_row k;
	int64_t id;

	if (record_id(c, &id, err) == -1 ||
	    counselling_edit(&c->ctx, id, &in, &k, err) == -1)
		return -1;
	if (c->json)
		return print_record(c, &k, err);
	printf("counselling record %" PRId64 " corrected\n", k.id);
	return 0;
}

static int
run_list(struct cli *c, struct err *err)
{
	struct counselling_query q = { .from = cli_get(c, "from"),
	    .to = cli_get(c, "to"), .follow_up_due = cli_has(c, "due") };
	struct counselling_row *rows;
	json_t *items;
	size_t n;

	if (cli_int(c, "limit", 1, COUNSEL_LIST_MAX, 50, &q.limit,
	    err) == -1 ||
	    cli_int(c, "offset", 0, 1000000000, 0, &q.offset, err) == -1 ||
	    counselling_list(&c->ctx, &q, &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		items = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(items, counselling_json(&c->ctx,
			    &rows[i]));
		return cli_print_json(items, err);
	}
	if (n == 0)
		printf("no counselling records%s\n", q.follow_up_due ?
		    " with a follow-up due" : "");
	for (size_t i = 0; i < n; i++) {
		json_t *j = counselling_json(&c->ctx, &rows[i]);

		printf("%6" PRId64 "  %s  ", rows[i].id, rows[i].held_on);
		cli_cell(rows[i].pseudonym, 16);
		cli_cell(jstr(j, "situation"), 20);
		printf("%s%s\n", joined(c, json_object_get(j, "topics")),
		    rows[i].follow_up_on && !rows[i].follow_up_done_at ?
		    arena_printf(c->ctx.arena, "  (follow up %s)",
		    rows[i].follow_up_on) : "");
		json_decref(j);
	}
	return 0;
}

#define RECORD_OPTS(pseudonym_flags, topic_flags)			\
	{ "held-on", "YYYY-MM-DD", 0, "the day of the session (today)" }, \
	{ "party", "KIND", 0, "person (the default) or family" },	\
	{ "people", "N", 0, "how many came: 1 for a person, 2-50 for a "	\
	    "family" },							\
	{ "pseudonym", "NAME", pseudonym_flags, "a first name or made-up "	\
	    "name only: the record identifies no one" },		\
	{ "sex", "SEX", 0, "female, male, other or unknown" },		\
	{ "age-group", "GROUP", 0, "child, adult or unknown" },		\
	{ "situation", "WHO", 0, "prospective_migrant (the default), "	\
	    "returnee, family_of_migrant or other" },			\
	{ "nationality", "CC", 0, "ISO country code, like IQ" },	\
	{ "destination", "CC", 0, "where they mean to go, like DE" },	\
	{ "route", "TEXT", 0, "the route planned or taken" },		\
	{ "topic", "TOPIC", topic_flags, "covered (repeat, or a,b): "	\
	    "legal_pathways, irregular_risks, recruitment_fraud, "	\
	    "rights_abroad, return_reintegration" },			\
	{ "risk", "RISK", CLI_MULTI, "a risk seen (repeat, or a,b): "	\
	    "irregular_route_planned, smuggler_contact, recruitment_fee, " \
	    "no_written_contract, unverified_job_offer, "		\
	    "passport_kept_by_recruiter, debt, child_travelling_alone, " \
	    "previous_exploitation, pressure_or_threats" },		\
	{ "sheet", "ID", CLI_MULTI, "an information sheet handed out "	\
	    "(tipsom sheets list)" },					\
	{ "notes", "TEXT", 0, "what was said and agreed" },		\
	{ "follow-up-on", "YYYY-MM-DD", 0, "when to follow up" },	\
	{ "referred-to", "AGENCY", 0, "the agency the person was "	\
	    "referred to" },						\
	{ "referral-note", "TEXT", 0, "why, and what was asked" },	\
	{ "consent", NULL, 0, "the person gave informed consent to keep " \
	    "their identity" },						\
	{ "full-name", "NAME", 0, "only with --consent and --case" },	\
	{ "contact", "TEXT", 0, "a safe way to reach them: only with "	\
	    "--consent and --case" },					\
	{ "case", "REF", 0, "the case opened for them: only with "	\
	    "--consent" },						\
	{ "person", "ID", 0, "the person of that case they are" }

static const struct cli_opt add_opts[] = {
	RECORD_OPTS(CLI_REQUIRED, CLI_MULTI | CLI_REQUIRED),
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt edit_opts[] = {
	RECORD_OPTS(0, CLI_MULTI),
	{ "no-consent", NULL, 0, "consent withdrawn (give the identifying "
	    "fields as \"\" to remove them)" },
	{ "follow-up-done", NULL, 0, "the follow-up was made" },
	{ "follow-up-open", NULL, 0, "the follow-up is still to make" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt list_opts[] = {
	{ "from", "YYYY-MM-DD", 0, "held on or after" },
	{ "to", "YYYY-MM-DD", 0, "held on or before" },
	{ "due", NULL, 0, "only those whose follow-up is due by today" },
	{ "limit", "N", 0, "at most N (50; up to 500)" },
	{ "offset", "N", 0, "skip the first N" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_counselling_add = {
	"counselling", "add", NULL, 0, 0, add_opts, 0, run_add,
	"record a counselling session of a Migrant Resource Centre",
};

const struct cli_cmd cmd_counselling_list = {
	"counselling", "list", NULL, 0, 0, list_opts, 0, run_list,
	"your agency's counselling records, newest first",
};

const struct cli_cmd cmd_counselling_show = {
	"counselling", "show", "ID", 1, 1, no_opts, 0, run_show,
	"one counselling record",
};

const struct cli_cmd cmd_counselling_edit = {
	"counselling", "edit", "ID", 1, 1, edit_opts, 0, run_edit,
	"correct a counselling record, mark its follow-up done",
};
