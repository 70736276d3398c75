/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sop.c - the SOP validator: one table row per kind of error, each
 * a small edit of a valid definition, and the JSON path it must name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/sop.h"
#include "unit.h"

/* A valid definition with two phases; rows patch it with json_pack. */
static json_t *
valid_sop(void)
{
	return json_pack(
	    "{s:s, s:s, s:i, s:{s:s, s:s}, s:[s], s:["
	    "{s:s, s:{s:s}, s:[{s:s, s:{s:s}, s:{s:s}, s:[s], s:b, "
	    "s:{s:s, s:s}}]},"
	    "{s:s, s:{s:s}, s:[{s:s, s:{s:s}, s:{s:s}, s:[s], s:b, "
	    "s:[s], s:[s], s:[s]}, {s:s, s:{s:s}, s:{s:s}, s:[s], s:b, "
	    "s:[s]}]}]}",
	    "format", "tipsom-sop/1", "id", "tip", "version", 1, "title", "en",
	    "Trafficking", "ar", "الاتجار", "case_kinds", "tip", "phases", "id",
	    "first", "title", "en", "First contact", "steps", "id", "safety",
	    "title", "en", "Safety", "guidance", "en", "Make safe.", "roles",
	    "investigator", "mandatory", 1, "due", "from", "case_opened",
	    "within", "PT24H", "id", "second", "title", "en", "Identification",
	    "steps", "id", "screen", "title", "en", "Screen", "guidance", "en",
	    "Screen.", "roles", "caseworker", "mandatory", 1, "depends_on",
	    "safety", "applies_when", "presumed_victim_present", "gates",
	    "interpreter_if_needed", "id", "interview", "title", "en",
	    "Interview", "guidance", "en", "Interview.", "roles",
	    "investigator", "mandatory", 0, "depends_on", "screen");
}

static json_t *
step(json_t *sop, size_t phase, size_t i)
{
	return json_array_get(
	    json_object_get(
	        json_array_get(json_object_get(sop, "phases"), phase), "steps"),
	    i);
}

static void
test_valid(void **state)
{
	json_t *j = valid_sop();
	char *text = json_dumps(j, 0);
	struct err err = ERR_INIT;
	struct sop *sop;

	(void)state;
	sop = sop_parse(text, strlen(text), &err);
	if (!sop)
		fail_msg("the valid SOP was refused: %s", err.msg);
	assert_string_equal(sop_id(sop), "tip");
	assert_int_equal(sop_version(sop), 1);
	assert_int_equal(sop_phase_count(sop), 2);
	assert_int_equal(sop_step_count(sop), 3);
	assert_int_equal(sop_reflection_days(sop), SOP_REFLECTION_DAYS_DEFAULT);
	assert_string_equal(
	    sop_text(json_object_get(sop_definition(sop), "title"), "ar"),
	    "الاتجار");
	assert_string_equal(
	    sop_text(json_object_get(sop_definition(sop), "title"), "ckb"),
	    "Trafficking");
	sop_free(&sop);
	assert_null(sop);
	free(text);
	/* The optional fields, when given. */
	json_object_set_new(j, "reflection_period_days", json_integer(45));
	json_object_set_new(step(j, 1, 0), "done_when",
	    json_string(SOP_DONE_WHEN_REFERRAL_ACCEPTED));
	text = json_dumps(j, 0);
	sop = sop_parse(text, strlen(text), &err);
	if (!sop)
		fail_msg("the SOP with a reflection period was refused: %s",
		    err.msg);
	assert_int_equal(sop_reflection_days(sop), 45);
	sop_free(&sop);
	free(text);
	json_decref(j);
}

/* The edits: each row breaks the valid definition in one way. */
static void
edit_format(json_t *j)
{
	json_object_set_new(j, "format", json_string("sop/2"));
}

static void
edit_unknown_field(json_t *j)
{
	json_object_set_new(step(j, 1, 0), "dependson", json_array());
}

static void
edit_missing_title(json_t *j)
{
	json_object_del(step(j, 0, 0), "title");
}

static void
edit_no_english(json_t *j)
{
	json_object_set_new(json_object_get(j, "title"), "en", json_null());
	json_object_del(json_object_get(j, "title"), "en");
}

static void
edit_bad_language(json_t *j)
{
	json_object_set_new(json_object_get(j, "title"), "english",
	                    json_string("x"));
}

static void
edit_bad_id(json_t *j)
{
	json_object_set_new(step(j, 0, 0), "id", json_string("Safety Step"));
}

static void
edit_duplicate_step(json_t *j)
{
	json_object_set_new(step(j, 1, 1), "id", json_string("screen"));
}

static void
edit_duplicate_phase(json_t *j)
{
	json_object_set_new(json_array_get(json_object_get(j, "phases"), 1),
	                    "id", json_string("first"));
}

static void
edit_unknown_dependency(json_t *j)
{
	json_array_set_new(json_object_get(step(j, 1, 1), "depends_on"), 0,
	                   json_string("intervew"));
}

static void
edit_self_dependency(json_t *j)
{
	json_array_set_new(json_object_get(step(j, 1, 1), "depends_on"), 0,
	                   json_string("interview"));
}

static void
edit_cycle(json_t *j)
{
	json_object_set_new(step(j, 0, 0), "depends_on",
	                    json_pack("[s]", "interview"));
}

static void
edit_bad_duration(json_t *j)
{
	json_object_set_new(json_object_get(step(j, 0, 0), "due"), "within",
	                    json_string("1 day"));
}

static void
edit_bad_due_from(json_t *j)
{
	json_object_set_new(json_object_get(step(j, 0, 0), "due"), "from",
	                    json_string("step:nowhere"));
}

static void
edit_bad_role(json_t *j)
{
	json_array_set_new(json_object_get(step(j, 0, 0), "roles"), 0,
	                   json_string("admin"));
}

static void
edit_no_roles(json_t *j)
{
	json_array_clear(json_object_get(step(j, 0, 0), "roles"));
}

static void
edit_bad_condition(json_t *j)
{
	json_array_set_new(json_object_get(step(j, 1, 0), "applies_when"), 0,
	                   json_string("child"));
}

static void
edit_bad_gate(json_t *j)
{
	json_array_set_new(json_object_get(step(j, 1, 0), "gates"), 0,
	                   json_string("consent"));
}

static void
edit_repeated_gate(json_t *j)
{
	json_array_append_new(json_object_get(step(j, 1, 0), "gates"),
	                      json_string("interpreter_if_needed"));
}

static void
edit_mandatory_text(json_t *j)
{
	json_object_set_new(step(j, 0, 0), "mandatory", json_string("yes"));
}

static void
edit_version_zero(json_t *j)
{
	json_object_set_new(j, "version", json_integer(0));
}

static void
edit_bad_kind(json_t *j)
{
	json_array_set_new(json_object_get(j, "case_kinds"), 0,
	                   json_string("fraud"));
}

static void
edit_no_phases(json_t *j)
{
	json_array_clear(json_object_get(j, "phases"));
}

static void
edit_no_steps(json_t *j)
{
	json_array_clear(json_object_get(
	    json_array_get(json_object_get(j, "phases"), 0), "steps"));
}

static void
edit_control_char(json_t *j)
{
	json_object_set_new(json_object_get(step(j, 0, 0), "title"), "en",
	                    json_string("Safe\x01ty"));
}

static void
edit_reflection_zero(json_t *j)
{
	json_object_set_new(j, "reflection_period_days", json_integer(0));
}

static void
edit_reflection_text(json_t *j)
{
	json_object_set_new(j, "reflection_period_days", json_string("30"));
}

static void
edit_reflection_year(json_t *j)
{
	json_object_set_new(j, "reflection_period_days", json_integer(366));
}

static void
edit_bad_done_when(json_t *j)
{
	json_object_set_new(step(j, 1, 0), "done_when",
	    json_string("referral_sent"));
}

static void
test_refused(void **state)
{
	static const struct {
		const char *name;
		void (*edit)(json_t *);
		const char *path;
		const char *says;
	} rows[] = {
	    {"wrong format", edit_format, "format", "tipsom-sop/1"},
	    {"misspelt field", edit_unknown_field,
	     "phases[1].steps[0].dependson", "unknown field"},
	    {"missing title", edit_missing_title, "phases[0].steps[0].title",
	     "missing"},
	    {"no English", edit_no_english, "title.en", "English"},
	    {"bad language", edit_bad_language, "title.english", "language"},
	    {"bad step id", edit_bad_id, "phases[0].steps[0].id", "not an id"},
	    {"step id twice", edit_duplicate_step, "phases[1].steps[1].id",
	     "used twice"},
	    {"phase id twice", edit_duplicate_phase, "phases[1].id",
	     "used twice"},
	    {"unknown dependency", edit_unknown_dependency,
	     "phases[1].steps[1].depends_on[0]", "unknown step \"intervew\""},
	    {"depends on itself", edit_self_dependency,
	     "phases[1].steps[1].depends_on[0]", "itself"},
	    /* Reported where the search closes the loop, with the
	     * whole chain in the message. */
	    {"a cycle", edit_cycle, "phases[1].steps[0].depends_on",
	     "\"safety\" -> \"interview\" -> \"screen\" -> "
	     "\"safety\" form a cycle"},
	    {"duration in words", edit_bad_duration,
	     "phases[0].steps[0].due.within", "ISO 8601"},
	    {"due after an unknown step", edit_bad_due_from,
	     "phases[0].steps[0].due.from", "not a start"},
	    {"admin completes a step", edit_bad_role,
	     "phases[0].steps[0].roles[0]", "unknown role"},
	    {"no roles", edit_no_roles, "phases[0].steps[0].roles", "empty"},
	    {"unknown condition", edit_bad_condition,
	     "phases[1].steps[0].applies_when[0]", "unknown condition"},
	    {"unknown gate", edit_bad_gate, "phases[1].steps[0].gates[0]",
	     "unknown gate"},
	    {"gate twice", edit_repeated_gate, "phases[1].steps[0].gates[1]",
	     "repeated"},
	    {"mandatory as text", edit_mandatory_text,
	     "phases[0].steps[0].mandatory", "true or false"},
	    {"version 0", edit_version_zero, "version", "version"},
	    {"no reflection period", edit_reflection_zero,
	     "reflection_period_days", "from 1 to 365"},
	    {"reflection period as text", edit_reflection_text,
	     "reflection_period_days", "number of days"},
	    {"a year's reflection period", edit_reflection_year,
	     "reflection_period_days", "from 1 to 365"},
	    {"done when the referral is sent", edit_bad_done_when,
	     "phases[1].steps[0].done_when", "referral_accepted"},
	    {"unknown case kind", edit_bad_kind, "case_kinds[0]",
	     "unknown case kind"},
	    {"no phases", edit_no_phases, "phases", "no phases"},
	    {"phase without steps", edit_no_steps, "phases[0].steps",
	     "no steps"},
	    {"control character", edit_control_char,
	     "phases[0].steps[0].title.en", "control character"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		json_t *j = valid_sop();
		struct err err = ERR_INIT;
		struct sop *sop;
		char *text;

		rows[i].edit(j);
		text = json_dumps(j, 0);
		sop = sop_parse(text, strlen(text), &err);
		if (sop)
			fail_msg("row %zu \"%s\": accepted, want refused", i,
			         rows[i].name);
		if (err.code != ERR_INVALID ||
		    strcmp(err.field, rows[i].path) != 0 ||
		    !unit_contains(err.msg, rows[i].says) ||
		    strncmp(err.msg, rows[i].path, strlen(rows[i].path)) != 0)
			fail_msg("row %zu \"%s\": got field \"%s\" msg \"%s\", "
			         "want field \"%s\" saying \"%s\"",
			         i, rows[i].name, err.field, err.msg,
			         rows[i].path, rows[i].says);
		free(text);
		json_decref(j);
	}
}

static void
test_not_json(void **state)
{
	static const char *const texts[] = {"", "{", "[1,2]",
	                                    "{\"id\": \"a\", \"id\": \"b\"}"};
	struct err err = ERR_INIT;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
		struct sop *sop = sop_parse(texts[i], strlen(texts[i]), &err);

		if (sop || err.code != ERR_INVALID)
			fail_msg("row %zu: \"%s\" was not refused", i,
			         texts[i]);
	}
}

static void
test_top_level_is_named(void **state)
{
	struct err err = ERR_INIT;

	(void)state;
	assert_null(sop_parse("[1, 2]", 6, &err));
	assert_string_equal(err.msg, "the file: not an object: write { ... }");
}

static void
test_durations(void **state)
{
	static const struct {
		const char *in;
		int64_t want; /* -1: refused */
	} rows[] = {
	    {"P1D", 86400},     {"PT24H", 86400},    {"PT2H", 7200},
	    {"P30D", 2592000},  {"P1DT12H", 129600}, {"P2W", 1209600},
	    {"PT90M", 5400},    {"PT1H30M", 5400},   {"", -1},
	    {"P", -1},          {"PT", -1},          {"P1DT", -1},
	    {"1D", -1},         {"P0D", -1},         {"P1H", -1},
	    {"PT1D", -1},       {"P1W1D", -1},       {"P1D2D", -1},
	    {"P-1D", -1},       {"P1.5D", -1},       {"p1d", -1},
	    {"P99999999D", -1}, {"PT30S", -1},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		int64_t got = -1;

		if (sop_duration_parse(rows[i].in, &got) == -1)
			got = -1;
		if (got != rows[i].want)
			fail_msg("row %zu \"%s\": got %lld, want %lld", i,
			         rows[i].in, (long long)got,
			         (long long)rows[i].want);
	}
}

static void
test_shipped(void **state)
{
	struct err err = ERR_INIT;
	struct sop **sops;
	size_t n = 0;
	bool tip = false, som = false;

	(void)state;
	sops = sop_shipped(&n, &err);
	if (!sops)
		fail_msg("a shipped SOP is invalid: %s", err.msg);
	for (size_t i = 0; i < n; i++) {
		tip = tip || strcmp(sop_id(sops[i]), "tip") == 0;
		som = som || strcmp(sop_id(sops[i]), "som") == 0;
		sop_free(&sops[i]);
	}
	free(sops);
	assert_true(tip);
	assert_true(som);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_not_json),
		cmocka_unit_test(test_top_level_is_named),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_shipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
