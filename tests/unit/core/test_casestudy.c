/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_casestudy.c - the case-study validator: the test fixture is valid
 * and every shipped case study is valid against its SOP; one table row
 * per kind of error, each a small edit of the fixture, and the JSON path
 * the error must name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/casestudy.h"
#include "core/sop.h"
#include "unit.h"

static json_t *
fixture(void)
{
	char path[4096];
	const char *dir = getenv("TEST_DATA");
	json_error_t jerr;
	json_t *j;

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/training/case-study.json", dir);
	j = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!j)
		fail_msg("%s: %s", path, jerr.text);
	return j;
}

/*
 * The node at path ("a.b[2].c") in root, with its parent and last key or
 * index, so that a row can replace or delete it.
 */
static json_t *
walk(json_t *root, const char *path, json_t **parent, char *key,
    size_t *index)
{
	json_t *at = root;
	const char *p = path;

	*parent = NULL;
	while (*p) {
		size_t n = strcspn(p, ".[");

		*parent = at;
		if (n > 0) {
			snprintf(key, 64, "%.*s", (int)n, p);
			at = json_object_get(at, key);
			p += n;
		} else if (*p == '[') {
			*index = strtoul(p + 1, NULL, 10);
			key[0] = '\0';
			at = json_array_get(at, *index);
			p = strchr(p, ']') + 1;
		}
		if (*p == '.')
			p++;
	}
	return at;
}

/* Sets path to v (a new reference), or deletes it when v is NULL. */
static void
patch(json_t *root, const char *path, json_t *v)
{
	json_t *parent;
	char key[64];
	size_t index = 0;

	walk(root, path, &parent, key, &index);
	assert_non_null(parent);
	if (key[0] && !v)
		json_object_del(parent, key);
	else if (key[0])
		json_object_set_new(parent, key, v);
	else
		json_array_set_new(parent, index, v);
}

static struct case_study *
parse(const json_t *j, struct err *err)
{
	char *text = json_dumps(j, 0);
	struct case_study *cs = case_study_parse(text, strlen(text), err);

	free(text);
	return cs;
}

static const struct sop *
shipped_sop(struct sop **sops, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(sop_id(sops[i]), id) == 0)
			return sops[i];
	fail_msg("no shipped SOP %s", id);
	return NULL;
}

static void
test_valid(void **state)
{
	struct err err = ERR_INIT;
	json_t *j = fixture();
	struct case_study *cs = parse(j, &err);
	struct sop **sops;
	size_t n;

	(void)state;
	if (!cs)
		fail_msg("%s", err.msg);
	assert_string_equal(case_study_id(cs), "test-false-job");
	assert_int_equal(case_study_version(cs), 1);
	assert_string_equal(case_study_sop(cs), "tip");
	assert_non_null(case_study_person(cs, "recruiter"));
	assert_null(case_study_person(cs, "nobody"));
	sops = sop_shipped(&n, &err);
	assert_non_null(sops);
	assert_int_equal(case_study_check_sop(cs, shipped_sop(sops, n, "tip"),
	    &err), 0);
	/* screen_for_indicators is the TIP SOP's; the SOM SOP has none. */
	assert_int_equal(case_study_check_sop(cs, shipped_sop(sops, n, "som"),
	    &err), -1);
	assert_string_equal(err.field, "expected.order[0].then");
	assert_non_null(strstr(err.msg, "screen_for_indicators"));
	for (size_t i = 0; i < n; i++)
		sop_free(&sops[i]);
	free(sops);
	case_study_free(&cs);
	json_decref(j);
}

struct bad_row {
	const char	*path;		/* what the row edits */
	const char	*value;		/* JSON, or NULL to delete it */
	const char	*field;		/* the path the error names */
	const char	*words;		/* a phrase of the message */
};

static const struct bad_row bad_rows[] = {
	{ "format", "\"tipsom-case-study/2\"", "format", "tipsom-case-study/1" },
	{ "extra", "1", "extra", NULL },
	{ "id", "\"Bad Id\"", "id", NULL },
	{ "version", "0", "version", NULL },
	{ "title.ckb", NULL, "title.ckb", "Sorani" },
	{ "story.ar", NULL, "story.ar", "Arabic" },
	{ "objectives", "[]", "objectives", "1 to 10" },
	{ "sop", "\"tip2\"", "sop", "tip, som" },
	{ "level", "\"expert\"", "level", "basic, advanced" },
	{ "persons[0].role", "\"victim\"", "persons[0].role", NULL },
	{ "persons[1].id", "\"victim\"", "persons[1].id", "twice" },
	{ "persons[0].born", "\"20000\"", "persons[0].born", "YYYY" },
	{ "persons[0].nationalities", "[\"Syria\"]",
	    "persons[0].nationalities[0]", "ISO 3166" },
	{ "persons[0].given", "\"\\u0007\"", "persons[0].given", NULL },
	{ "persons[1]", "{\"id\": \"xy\", \"role\": \"suspect\", "
	    "\"sex\": \"male\"}", "persons[1].given", "at least" },
	{ "discoveries", "[]", "discoveries", NULL },
	{ "discoveries[0].after", "\"later\"", "discoveries[0].after",
	    "step:STEP_ID" },
	{ "discoveries[3].after", "\"fact:happy\"", "discoveries[3].after",
	    NULL },
	{ "discoveries[1].id", "\"advert\"", "discoveries[1].id", "twice" },
	{ "discoveries[0].kind", "\"rumour\"", "discoveries[0].kind", NULL },
	{ "expected.kind", "\"unclassified\"", "expected.kind", NULL },
	{ "expected.why_kind", NULL, "expected.why_kind", NULL },
	{ "expected.elements.tip.acts", "[\"kidnap\"]",
	    "expected.elements.tip.acts[0]", NULL },
	{ "expected.elements", "{}", "expected.elements", NULL },
	{ "expected.screening.person", "\"nobody\"",
	    "expected.screening.person", "not a person" },
	{ "expected.screening.outcome", "\"maybe\"",
	    "expected.screening.outcome", NULL },
	{ "expected.referrals[0].service", "\"hotel\"",
	    "expected.referrals[0].service", "shelter" },
	{ "expected.order[0].then", "\"ensure_immediate_safety\"",
	    "expected.order[0].then", "two different" },
	{ "expected.must_not[0].rule", "{}", "expected.must_not[0].rule",
	    "exactly one" },
	{ "expected.must_not[0].rule", "{\"fact\": \"risk_assessment\", "
	    "\"refused\": \"close_case\"}", "expected.must_not[0].rule",
	    "exactly one" },
	{ "expected.must_not[0].rule.role.as", "[\"boss\"]",
	    "expected.must_not[0].rule.role.as[0]", NULL },
	{ "expected.must_not[1].rule.fact", "\"rested\"",
	    "expected.must_not[1].rule.fact", NULL },
	{ "expected.must_not[3].rule.before", "[\"secure_evidence\"]",
	    "expected.must_not[3].rule.before", "two steps" },
	{ "expected.must_not[1].id", "\"victim_as_suspect\"",
	    "expected.must_not[1].id", "twice" },
};

static void
test_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_rows) / sizeof(bad_rows[0]); i++) {
		const struct bad_row *r = &bad_rows[i];
		struct err err = ERR_INIT;
		json_t *j = fixture();
		json_error_t jerr;
		struct case_study *cs;

		patch(j, r->path, r->value ? json_loads(r->value,
		    JSON_DECODE_ANY, &jerr) : NULL);
		cs = parse(j, &err);
		if (cs)
			fail_msg("row %zu (%s): accepted", i, r->path);
		if (strcmp(err.field, r->field) != 0)
			fail_msg("row %zu: field %s, want %s (%s)", i,
			    err.field, r->field, err.msg);
		if (strncmp(err.msg, r->field, strlen(r->field)) != 0)
			fail_msg("row %zu: the message does not start with "
			    "the path: %s", i, err.msg);
		if (r->words && !strstr(err.msg, r->words))
			fail_msg("row %zu: \"%s\" lacks \"%s\"", i, err.msg,
			    r->words);
		json_decref(j);
	}
}

/* Refused as a step of the SOP, after the shape is valid. */
static void
test_unknown_steps(void **state)
{
	static const struct { const char *path, *value, *field; } rows[] = {
		{ "discoveries[2].after", "\"step:secure_the_evidence\"",
		    "discoveries[2].after" },
		{ "expected.order[0].first", "\"ensure_safety\"",
		    "expected.order[0].first" },
		{ "expected.must_not[0].step", "\"non_punishment\"",
		    "expected.must_not[0].step" },
		{ "expected.must_not[2].rule.refused", "\"interview_child\"",
		    "expected.must_not[2].rule" },
		{ "expected.must_not[3].rule.before",
		    "[\"secure_evidence\", \"be_safe\"]",
		    "expected.must_not[3].rule" },
	};
	struct err err = ERR_INIT;
	struct sop **sops = sop_shipped(&(size_t){ 0 }, &err);
	size_t n = 0;

	(void)state;
	while (sops[n])
		n++;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		json_t *j = fixture();
		json_error_t jerr;
		struct case_study *cs;

		patch(j, rows[i].path, json_loads(rows[i].value,
		    JSON_DECODE_ANY, &jerr));
		cs = parse(j, &err);
		assert_non_null(cs);
		assert_int_equal(case_study_check_sop(cs, shipped_sop(sops, n,
		    "tip"), &err), -1);
		if (strcmp(err.field, rows[i].field) != 0)
			fail_msg("row %zu: field %s, want %s", i, err.field,
			    rows[i].field);
		assert_non_null(strstr(err.msg, "not a step of SOP tip"));
		case_study_free(&cs);
		json_decref(j);
	}
	for (size_t i = 0; i < n; i++)
		sop_free(&sops[i]);
	free(sops);
}

/* The eight case studies the issue names, each valid against its SOP. */
static void
test_shipped(void **state)
{
	static const char *const ids[] = { "child-begging",
	    "construction-forced-labour", "domestic-servitude",
	    "false-job-offer", "internal-trafficking", "overland-smuggling",
	    "sea-smuggling-deaths", "smuggling-to-trafficking" };
	struct err err = ERR_INIT;
	struct case_study **all;
	struct sop **sops;
	size_t n, n_sops;

	(void)state;
	all = case_study_shipped(&n, &err);
	if (!all)
		fail_msg("%s", err.msg);
	sops = sop_shipped(&n_sops, &err);
	assert_non_null(sops);
	assert_int_equal(n, sizeof(ids) / sizeof(ids[0]));
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(case_study_id(all[i]), ids[i]);
		if (case_study_check_sop(all[i], shipped_sop(sops, n_sops,
		    case_study_sop(all[i])), &err) == -1)
			fail_msg("%s: %s", ids[i], err.msg);
		case_study_free(&all[i]);
	}
	free(all);
	for (size_t i = 0; i < n_sops; i++)
		sop_free(&sops[i]);
	free(sops);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_unknown_steps),
		cmocka_unit_test(test_shipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
