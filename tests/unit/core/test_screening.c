/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_screening.c - the screening instrument: its validator (one row per
 * kind of error, each an edit of a valid instrument, and the JSON path it
 * must name), the scoring of fixed answer sets, and the shipped
 * instrument.
 */
#include <stdio.h>

#include "core/screening.h"
#include "unit.h"
#include "base/banned.h"

#define Q(id, w, extra)							\
	"{\"id\": \"" id "\", \"text\": {\"en\": \"Q " id "?\"}, "	\
	"\"indicator\": {\"en\": \"I " id "\"}, \"weight\": " #w extra "}"

static const char valid[] =
    "{\"format\": \"tipsom-screening/1\", \"id\": \"test-screening\", "
    "\"version\": 2, \"title\": {\"en\": \"Test\"}, "
    "\"thresholds\": {\"possible\": 3, \"strong\": 6}, \"groups\": ["
    "{\"id\": \"general\", \"title\": {\"en\": \"General\"}, "
    "\"questions\": [" Q("cannot_leave", 3, "") "," Q("threats", 3, "") ","
    Q("documents_held", 2, "") "]},"
    "{\"id\": \"sexual_exploitation\", \"title\": {\"en\": \"Sexual\"}, "
    "\"questions\": [" Q("forced_sex", 5, ", \"alone\": \"strong\"") ","
    Q("moved_between_venues", 1, ", \"alone\": \"possible\"") "]},"
    "{\"id\": \"child_specific\", \"title\": {\"en\": \"Children\"}, "
    "\"questions\": [" Q("no_school", 2, "") "]},"
    "{\"id\": \"smuggling_risk\", \"title\": {\"en\": \"Smuggling\"}, "
    "\"scored\": false, \"questions\": [" Q("paid_to_cross", 4, "") "]}]}";

/* Each row replaces the first occurrence of from with to in valid. */
static const struct {
	const char	*name;
	const char	*from;
	const char	*to;
	const char	*field;		/* the JSON path named */
} bad[] = {
	{ "wrong format", "tipsom-screening/1", "tipsom-screening/2",
	    "format" },
	{ "unknown top-level field", "\"version\": 2,",
	    "\"version\": 2, \"weights\": 1,", "weights" },
	{ "bad id", "test-screening", "Test Screening", "id" },
	{ "version zero", "\"version\": 2", "\"version\": 0", "version" },
	{ "strong not above possible", "\"strong\": 6", "\"strong\": 3",
	    "thresholds.strong" },
	{ "threshold missing", ", \"strong\": 6", "", "thresholds.strong" },
	{ "unknown group", "\"id\": \"general\"", "\"id\": \"generic\"",
	    "groups[0].id" },
	{ "repeated group", "\"id\": \"sexual_exploitation\"",
	    "\"id\": \"general\"", "groups[1].id" },
	{ "repeated question", "\"id\": \"threats\"",
	    "\"id\": \"cannot_leave\"", "groups[0].questions[1].id" },
	{ "question id with a dash", "\"id\": \"threats\"",
	    "\"id\": \"threats-x\"", "groups[0].questions[1].id" },
	{ "weight above ten", "\"weight\": 3", "\"weight\": 11",
	    "groups[0].questions[0].weight" },
	{ "weight not a number", "\"weight\": 3", "\"weight\": \"3\"",
	    "groups[0].questions[0].weight" },
	{ "bad alone", "\"alone\": \"strong\"", "\"alone\": \"certain\"",
	    "groups[1].questions[0].alone" },
	{ "question without English", "{\"en\": \"Q threats?\"}",
	    "{\"ar\": \"?\"}", "groups[0].questions[1].text.en" },
	{ "scored not a boolean", "\"scored\": false", "\"scored\": \"no\"",
	    "groups[3].scored" },
	{ "no questions", "\"questions\": [" Q("no_school", 2, "") "]",
	    "\"questions\": []", "groups[2].questions" },
	{ "unknown question field", "\"weight\": 2}",
	    "\"weight\": 2, \"hint\": 1}", "groups[0].questions[2].hint" },
	{ "not JSON", "\"groups\": [", "\"groups\": [[", "" },
};

static char *
patched(const char *from, const char *to)
{
	const char *at = strstr(valid, from);
	size_t n = strlen(valid) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);

	if (!at || !out)
		abort();
	snprintf(out, n, "%.*s%s%s", (int)(at - valid), valid, to,
	    at + strlen(from));
	return out;
}

static void
test_valid(void **state)
{
	struct err err = ERR_INIT;
	struct instrument *ins = instrument_parse(valid, strlen(valid), &err);

	(void)state;
	if (!ins)
		fail_msg("the valid instrument is refused: %s", err.msg);
	assert_string_equal(instrument_id(ins), "test-screening");
	assert_int_equal(instrument_version(ins), 2);
	assert_int_equal(instrument_question_count(ins), 7);
	instrument_free(&ins);
	assert_null(ins);
}

static void
test_refusals(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct err err = ERR_INIT;
		char *text = patched(bad[i].from, bad[i].to);
		struct instrument *ins = instrument_parse(text, strlen(text),
		    &err);

		free(text);
		if (ins) {
			instrument_free(&ins);
			fail_msg("%s: accepted", bad[i].name);
		}
		if (err.code != ERR_INVALID || !STREQ(err.field, bad[i].field))
			fail_msg("%s: got %s at \"%s\" (%s), want the path "
			    "\"%s\"", bad[i].name, err_code_name(err.code),
			    err.field, err.msg, bad[i].field);
	}
}

/* Answer sets: "id=value ..." for a person who is (or is not) a child. */
static const struct {
	const char	*name;
	const char	*answers;
	bool		 child;
	int		 score;
	const char	*outcome;
	const char	*first;		/* the heaviest indicator, or "" */
	size_t		 smuggling;	/* smuggling indicators */
} sets[] = {
	{ "all no", "cannot_leave=no threats=no documents_held=no "
	    "forced_sex=no moved_between_venues=no paid_to_cross=no", false,
	    0, "no_indication", "", 0 },
	{ "unknown and declined count nothing", "cannot_leave=unknown "
	    "threats=declined documents_held=no forced_sex=no "
	    "moved_between_venues=no paid_to_cross=unknown", false, 0,
	    "no_indication", "", 0 },
	{ "smuggling alone is no trafficking indication",
	    "cannot_leave=no threats=no documents_held=no forced_sex=no "
	    "moved_between_venues=no paid_to_cross=yes", false, 0,
	    "no_indication", "", 1 },
	{ "one medium indicator stays below", "cannot_leave=no threats=no "
	    "documents_held=yes forced_sex=no moved_between_venues=no "
	    "paid_to_cross=no", false, 2, "no_indication",
	    "documents_held", 0 },
	{ "reaching possible", "cannot_leave=yes threats=no "
	    "documents_held=no forced_sex=no moved_between_venues=no "
	    "paid_to_cross=yes", false, 3, "possible", "cannot_leave", 1 },
	{ "an alone=possible question lifts a low score",
	    "cannot_leave=no threats=no documents_held=no forced_sex=no "
	    "moved_between_venues=yes paid_to_cross=no", false, 1,
	    "possible", "moved_between_venues", 0 },
	{ "reaching strong by score", "cannot_leave=yes threats=yes "
	    "documents_held=no forced_sex=no moved_between_venues=no "
	    "paid_to_cross=no", false, 6, "strong", "cannot_leave", 0 },
	{ "an alone=strong question decides", "cannot_leave=no threats=no "
	    "documents_held=no forced_sex=yes moved_between_venues=no "
	    "paid_to_cross=no", false, 5, "strong", "forced_sex", 0 },
	{ "a child's questions count", "cannot_leave=no threats=yes "
	    "documents_held=no forced_sex=no moved_between_venues=no "
	    "paid_to_cross=no no_school=yes", true, 5, "possible", "threats",
	    0 },
};

static json_t *
answers_json(const char *text)
{
	json_t *o = json_object();
	char copy[512], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", text);
	for (char *w = strtok_r(copy, " ", &save); w;
	    w = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(w, '=');

		*eq = '\0';
		json_object_set_new(o, w, json_string(eq + 1));
	}
	return o;
}

static void
test_scoring(void **state)
{
	struct err err = ERR_INIT;
	struct instrument *ins = instrument_parse(valid, strlen(valid), &err);

	(void)state;
	assert_non_null(ins);
	for (size_t i = 0; i < ARRAY_SIZE(sets); i++) {
		json_t *answers = answers_json(sets[i].answers);
		struct screening_result r;
		const char *first;

		if (instrument_score(ins, answers, sets[i].child, &r,
		    &err) == -1) {
			json_decref(answers);
			fail_msg("%s: refused: %s", sets[i].name, err.msg);
		}
		first = json_string_value(json_object_get(json_array_get(
		    r.indicators, 0), "question"));
		if (r.score != sets[i].score ||
		    !STREQ(enum_name(&screening_outcome_desc, r.outcome),
		    sets[i].outcome) || !STREQ(first ? first : "",
		    sets[i].first) ||
		    json_array_size(r.smuggling) != sets[i].smuggling)
			fail_msg("%s: score %d %s led by %s with %zu smuggling "
			    "indicators, want %d %s led by %s with %zu",
			    sets[i].name, r.score, enum_name(
			    &screening_outcome_desc, r.outcome), first ?
			    first : "nothing", json_array_size(r.smuggling),
			    sets[i].score, sets[i].outcome, sets[i].first,
			    sets[i].smuggling);
		screening_result_clear(&r);
		json_decref(answers);
	}
	instrument_free(&ins);
}

/* Answers that do not fit are refused with the path of the answer. */
static void
test_answer_refusals(void **state)
{
	static const struct {
		const char	*answers;
		bool		 child;
		const char	*field;
	} rows[] = {
		{ "cannot_leav=yes", false, "answers.cannot_leav" },
		{ "cannot_leave=maybe", false, "answers.cannot_leave" },
		{ "cannot_leave=no threats=no documents_held=no "
		    "forced_sex=no moved_between_venues=no", false,
		    "answers.paid_to_cross" },
		{ "cannot_leave=no threats=no documents_held=no "
		    "forced_sex=no moved_between_venues=no paid_to_cross=no",
		    true, "answers.no_school" },
	};
	struct err err = ERR_INIT;
	struct instrument *ins = instrument_parse(valid, strlen(valid), &err);

	(void)state;
	assert_non_null(ins);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		json_t *answers = answers_json(rows[i].answers);
		struct screening_result r;
		int rc = instrument_score(ins, answers, rows[i].child, &r,
		    &err);

		json_decref(answers);
		if (rc == 0) {
			screening_result_clear(&r);
			fail_msg("row %zu: accepted", i);
		}
		if (err.code != ERR_INVALID || !STREQ(err.field, rows[i].field))
			fail_msg("row %zu: got %s at \"%s\", want \"%s\"", i,
			    err.msg, err.field, rows[i].field);
	}
	instrument_free(&ins);
}

/* The instruments shipped in sops/ validate. */
static void
test_shipped(void **state)
{
	struct err err = ERR_INIT;
	struct instrument **list;
	size_t n = 0;

	(void)state;
	list = instrument_shipped(&n, &err);
	if (!list)
		fail_msg("a shipped instrument is invalid: %s", err.msg);
	assert_true(n >= 1);
	for (size_t i = 0; i < n; i++) {
		assert_true(instrument_question_count(list[i]) > 0);
		instrument_free(&list[i]);
	}
	free(list);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_scoring),
		cmocka_unit_test(test_answer_refusals),
		cmocka_unit_test(test_shipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
