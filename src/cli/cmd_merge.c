/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_merge.c - tipsom person duplicates, merge, unmerge, merges and
 * distinct: the records of one person found and made one.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/duplicates.h"
#include "core/merge.h"
#include "core/person.h"
#include "base/banned.h"

static int
min_score(struct cli *c, double *out, struct err *err)
{
	const char *s = cli_get(c, "min-score");
	char *end = NULL;

	*out = 0;
	if (!s)
		return 0;
	*out = strtod(s, &end);
	if (end == s || *end || !isfinite(*out) || *out <= 0 || *out > 1)
		return cli_usage(c, err, "--min-score \"%.20s\" is not a score: "
		    "give a number above 0 and at most 1, like 0.8", s);
	return 0;
}

static void
print_side(const char *label, const struct duplicate_person *p)
{
	char born[8] = "-";

	if (p->birth_year)
		snprintf(born, sizeof(born), "%d", p->birth_year);
	printf("  %s #%-7" PRId64 " %-7s %-5s %-8s %s\n", label, p->id,
	    enum_name(&sex_desc, p->sex), born, p->agency, p->name);
}

static int
run_duplicates(struct cli *c, struct err *err)
{
	struct duplicates_query q = { 0 };
	struct duplicates_summary sum;
	struct duplicate_pair *pairs;
	const char *person = cli_get(c, "person");
	size_t n;

	if (min_score(c, &q.min_score, err) == -1 ||
	    cli_int(c, "limit", 1, DUPLICATE_LIMIT_MAX,
	    DUPLICATE_LIMIT_DEFAULT, &q.limit, err) == -1 ||
	    (person && person_parse_id(person, "person", &q.person,
	    err) == -1) ||
	    person_duplicates(&c->ctx, &q, &pairs, &n, &sum, err) == -1)
		return -1;
	if (c->json) {
		json_t *all = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(all,
			    duplicate_pair_json(&pairs[i]));
		return cli_print_json(json_pack("{s:o, s:I, s:I, s:I, s:I}",
		    "pairs", all, "found", (json_int_t)sum.found,
		    "may_reach", (json_int_t)sum.may_reach,
		    "weighed", (json_int_t)sum.candidates, "too_common",
		    (json_int_t)sum.too_common), err);
	}
	for (size_t i = 0; i < n; i++) {
		const struct duplicate_pair *p = &pairs[i];

		printf("%s%.2f\n", i ? "\n" : "", p->score);
		print_side("a", &p->a);
		print_side("b", &p->b);
		for (size_t k = 0; k < p->n_evidence; k++) {
			const struct duplicate_evidence *e = &p->evidence[k];

			printf("    %+5.1f %-11s %s | %s\n", e->bits, e->kind,
			    e->a, e->b);
		}
	}
	printf("%s%zu shown; %zu pair%s may reach the score by names, birth "
	    "and sex, of %zu weighed among the persons you may see",
	    n ? "\n" : "", n, sum.may_reach, sum.may_reach == 1 ? "" : "s",
	    sum.candidates);
	if (sum.too_common)
		printf("; %zu name%s too common to compare by name alone",
		    sum.too_common, sum.too_common == 1 ? " was" : "s were");
	printf("\n");
	return 0;
}

static void
print_merge(const struct person_merge_row *m)
{
	printf("merge %" PRId64 ": person %" PRId64 " into person %" PRId64
	    ", %s by %s\n  reason: %s\n", m->id, m->other_id, m->keep_id,
	    m->merged_at, m->merged_by_name ? m->merged_by_name : "?",
	    m->reason);
	if (m->conflicts && *m->conflicts)
		printf("  confirmed despite: %s\n", m->conflicts);
	if (m->undone_at)
		printf("  undone %s by %s: %s\n", m->undone_at,
		    m->undone_by_name ? m->undone_by_name : "?",
		    m->undo_reason ? m->undo_reason : "");
}

static int
show_merge(struct cli *c, const struct person_merge_row *m, struct err *err)
{
	if (c->json)
		return cli_print_json(person_merge_json(m), err);
	print_merge(m);
	return 0;
}

static int
run_merge(struct cli *c, struct err *err)
{
	struct merge_input in = { .reason = cli_get(c, "reason"),
	    .confirm = cli_has(c, "confirm") };
	struct person_merge_row m;
	struct merge_conflict *conflicts;
	size_t n;

	if (person_parse_id(c->args[0], "keep", &in.keep, err) == -1 ||
	    person_parse_id(c->args[1], "other", &in.other, err) == -1)
		return -1;
	if (person_merge(&c->ctx, &in, &m, &conflicts, &n, err) == -1) {
		/* Every conflicting role, so that the user knows what they
		 * would confirm. */
		if (n && err->code == ERR_CONFLICT) {
			char list[512] = "";
			size_t len = 0;

			for (size_t i = 0; i < n && len < sizeof(list); i++)
				len += (size_t)snprintf(list + len,
				    sizeof(list) - len, "%s%s (%" PRId64 " is "
				    "%s, %" PRId64 " is %s)", i ? ", " : "",
				    conflicts[i].case_ref, in.keep,
				    enum_name(&case_role_desc,
				    conflicts[i].keep_role), in.other,
				    enum_name(&case_role_desc,
				    conflicts[i].other_role));
			err_set(err, ERR_CONFLICT, "confirm", "persons %"
			    PRId64 " and %" PRId64 " hold conflicting roles "
			    "in %s: check the cases, then add --confirm to "
			    "merge anyway", in.keep, in.other, list);
		}
		return -1;
	}
	return show_merge(c, &m, err);
}

static int
run_unmerge(struct cli *c, struct err *err)
{
	struct person_merge_row m;
	int64_t other;

	if (person_parse_id(c->args[0], "id", &other, err) == -1 ||
	    person_unmerge(&c->ctx, other, cli_get(c, "reason"), &m,
	    err) == -1)
		return -1;
	return show_merge(c, &m, err);
}

static int
run_merges(struct cli *c, struct err *err)
{
	struct person_merge_row *rows;
	size_t n;
	int64_t id;

	if (person_parse_id(c->args[0], "id", &id, err) == -1 ||
	    person_merges(&c->ctx, id, &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		json_t *all = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(all,
			    person_merge_json(&rows[i]));
		return cli_print_json(all, err);
	}
	if (n == 0)
		printf("person %" PRId64 " was never merged\n", id);
	for (size_t i = 0; i < n; i++)
		print_merge(&rows[i]);
	return 0;
}

static int
run_distinct(struct cli *c, struct err *err)
{
	int64_t a, b;

	if (person_parse_id(c->args[0], "a", &a, err) == -1 ||
	    person_parse_id(c->args[1], "b", &b, err) == -1 ||
	    person_distinct(&c->ctx, a, b, cli_get(c, "reason"), err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(json_pack("{s:I, s:I}", "a",
		    (json_int_t)a, "b", (json_int_t)b), err);
	printf("persons %" PRId64 " and %" PRId64 " are two people: they "
	    "will not be proposed as duplicates again\n", a, b);
	return 0;
}

static const struct cli_opt duplicates_opts[] = {
	{ "min-score", "S", 0, "the least likelihood to list, above 0 and at "
	    "most 1 (default 0.5)" },
	{ "limit", "N", 0, "how many pairs to show, likeliest first "
	    "(default 50, at most 500)" },
	{ "person", "ID", 0, "only the pairs with this person" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt merge_opts[] = {
	{ "reason", "TEXT", 0, "why they are one person (required)" },
	{ "confirm", NULL, 0, "merge although they hold conflicting roles in "
	    "a case" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt reason_opts[] = {
	{ "reason", "TEXT", 0, "why (required)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_person_duplicates = {
	"person", "duplicates", NULL, 0, 0, duplicates_opts, 0,
	run_duplicates,
	"list persons likely recorded twice, with the evidence (audited)",
};

const struct cli_cmd cmd_person_merge = {
	"person", "merge", "KEEP OTHER", 2, 2, merge_opts, 0, run_merge,
	"merge person OTHER into person KEEP (reversible, audited)",
};

const struct cli_cmd cmd_person_unmerge = {
	"person", "unmerge", "OTHER", 1, 1, reason_opts, 0, run_unmerge,
	"undo the merge of person OTHER, putting back what it moved",
};

const struct cli_cmd cmd_person_merges = {
	"person", "merges", "ID", 1, 1, no_opts, 0, run_merges,
	"list the merges of a person, kept or merged away",
};

const struct cli_cmd cmd_person_distinct = {
	"person", "distinct", "A B", 2, 2, reason_opts, 0, run_distinct,
	"record that two persons proposed as duplicates are two people",
};
