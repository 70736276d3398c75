/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_legal.c - tipsom case assess and case classify. */
#include <stdio.h>

#include <jansson.h>

#include "base/err.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/legal.h"
#include "base/banned.h"

static int
print_stored(struct cli *c, const struct assessment_row *a, struct err *err)
{
	json_t *reasons;
	size_t i;
	json_t *x;

	if (c->json)
		return cli_print_json(assessment_row_json(a), err);
	printf("assessed by %s at %.16s; suggestion: %s\n", a->username,
	    a->at, enum_name(&legal_outcome_desc, a->suggestion));
	reasons = json_loads(a->reasons, 0, NULL);
	json_array_foreach(reasons, i, x)
		printf("  - %s [%s]\n", json_string_value(json_object_get(x,
		    "text")), json_string_value(json_object_get(x, "code")));
	json_decref(reasons);
	if (a->decision < 0)
		printf("not decided yet: tipsom case classify %s KIND\n",
		    c->args[0]);
	else
		printf("decided %s at %.16s%s%s\n", case_kind_name(a->decision),
		    a->decided_at, a->decision_reason ? ": " : "",
		    a->decision_reason ? a->decision_reason : "");
	return 0;
}

static int
run_assess(struct cli *c, struct err *err)
{
	struct assessment_row row;
	struct legal_result r;
	size_t len;
	const char *file = cli_get(c, "elements");
	char *text;

	if (!file)
		return case_assessment(&c->ctx, c->args[0], &row, err) == -1 ?
		    -1 : print_stored(c, &row, err);
	text = cli_read_file(c, file, LEGAL_MAX_BYTES, &len, err);
	if (!text ||
	    case_assess(&c->ctx, c->args[0], text, len, &row, &r, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(assessment_row_json(&row), err);
	printf("suggestion: %s\n", enum_name(&legal_outcome_desc, r.outcome));
	for (size_t i = 0; i < r.n_reasons; i++)
		printf("  - %s [%s]\n", r.reasons[i].text, r.reasons[i].code);
	printf("this is a suggestion: decide with tipsom case classify %s "
	    "KIND [--reason ...]\n", c->args[0]);
	return 0;
}

static int
run_classify(struct cli *c, struct err *err)
{
	struct assessment_row row;

	if (case_classify(&c->ctx, c->args[0], c->args[1],
	    cli_get(c, "reason"), &row, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(assessment_row_json(&row), err);
	printf("%s is classified %s\n", c->args[0],
	    case_kind_name(row.decision));
	return 0;
}

static const struct cli_opt assess_opts[] = {
	{ "elements", "FILE", 0, "the elements found, as JSON "
	    "(docs/legal-elements.md); without it, show the latest "
	    "assessment" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt classify_opts[] = {
	{ "reason", "TEXT", 0,
	    "why; required when the decision differs from the suggestion" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_case_assess = {
	"case", "assess", "REF", 1, 1, assess_opts, 0, run_assess,
	"record the legal elements and print the suggested classification",
};

const struct cli_cmd cmd_case_classify = {
	"case", "classify", "REF KIND", 2, 2, classify_opts, 0, run_classify,
	"decide a case's kind (tip, som, tip+som, unclassified)",
};
