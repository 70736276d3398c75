/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sheets.c - information sheets: a valid sheet parses; each row
 * changes one thing of it and must be refused at that path; the shipped
 * sheets are valid, named after their ids, in the required languages.
 */
#include "unit.h"

#include "core/sheets.h"
#include "base/banned.h"

static const char valid[] =
    "{\"id\": \"legal-pathways\", \"version\": 1,"
    " \"topics\": [\"legal_pathways\"], \"review_by\": \"2027-06-30\","
    " \"sources\": [{\"title\": \"Migration and you\", \"publisher\":"
    " \"IOM\", \"url\": \"https://www.iom.int/\"}],"
    " \"text\": {"
    "  \"en\": {\"title\": \"Going abroad to work\", \"summary\": \"Check"
    " first.\", \"sections\": [{\"heading\": \"Before\", \"points\":"
    " [\"Get a contract.\"]}]},"
    "  \"ar\": {\"title\": \"\u0627\u0644\u0633\u0641\u0631 \u0644\u0644"
    "\u0639\u0645\u0644\", \"summary\": \"\u062a\u062d\u0642\u0642.\","
    " \"sections\": [{\"heading\": \"\u0642\u0628\u0644\", \"points\":"
    " [\"\u0639\u0642\u062f.\"]}]},"
    "  \"ckb\": {\"title\": \"\u06af\u06d5\u0634\u062a\", \"summary\":"
    " \"\u0628\u067e\u0634\u06a9\u0646\u06d5.\", \"sections\":"
    " [{\"heading\": \"\u067e\u06ce\u0634\", \"points\": [\"\u06af\u0631"
    "\u06ce\u0628\u06d5\u0633\u062a.\"]}]},"
    "  \"prs\": {\"title\": \"\u0633\u0641\u0631 \u06a9\u0627\u0631\","
    " \"summary\": \"\u0628\u067e\u0631\u0633\u06cc\u062f.\", \"sections\":"
    " [{\"heading\": \"\u067e\u06cc\u0634\", \"points\": [\"\u0642\u0631"
    "\u0627\u0631\u062f\u0627\u062f.\"]}]}"
    " }}";

/* One change to the valid sheet: set path to json (NULL: delete it). */
struct change {
	const char	*name;
	const char	*path;		/* "text.ar.title" */
	const char	*json;
	const char	*field;		/* the path the error names */
};

static json_t *
changed(const struct change *ch)
{
	json_t *root = json_loads(valid, 0, NULL), *o = root;
	char path[128], *key, *next;

	assert_non_null(root);
	snprintf(path, sizeof(path), "%s", ch->path);
	for (key = path; (next = strchr(key, '.')); key = next + 1) {
		*next = '\0';
		o = json_object_get(o, key);
		assert_non_null(o);
	}
	if (ch->json)
		json_object_set_new(o, key, json_loads(ch->json,
		    JSON_DECODE_ANY, NULL));
	else
		json_object_del(o, key);
	return root;
}

static void
test_valid(void **state)
{
	struct err err = ERR_INIT;
	struct sheet *s = sheet_parse(valid, strlen(valid), &err);
	const char *used;

	(void)state;
	if (!s)
		fail_msg("%s", err.msg);
	assert_string_equal(sheet_id(s), "legal-pathways");
	assert_int_equal(sheet_version(s), 1);
	assert_true(sheet_covers(s, "legal_pathways"));
	assert_false(sheet_covers(s, "recruitment_fraud"));
	assert_false(sheet_review_due(s, "2027-06-30"));
	assert_true(sheet_review_due(s, "2027-07-01"));
	assert_string_equal(json_string_value(json_object_get(sheet_text(s,
	    "ckb", &used), "title")), "\u06af\u06d5\u0634\u062a");
	assert_string_equal(used, "ckb");
	/* No Pashto text: the English one, and it says so. */
	assert_string_equal(json_string_value(json_object_get(sheet_text(s,
	    "ps", &used), "title")), "Going abroad to work");
	assert_string_equal(used, "en");
	sheet_free(&s);
	assert_null(s);
}

static void
test_refused(void **state)
{
	static const struct change rows[] = {
		{ "unknown key", "author", "\"me\"", "author" },
		{ "no id", "id", NULL, "id" },
		{ "bad id", "id", "\"Legal Pathways\"", "id" },
		{ "version 0", "version", "0", "version" },
		{ "unknown topic", "topics", "[\"weather\"]", "topics[0]" },
		{ "no topic", "topics", "[]", "topics" },
		{ "no review date", "review_by", NULL, "review_by" },
		{ "not a date", "review_by", "\"next year\"", "review_by" },
		{ "31 February", "review_by", "\"2027-02-31\"", "review_by" },
		{ "no sources", "sources", "[]", "sources" },
		{ "source without publisher", "sources",
		    "[{\"title\": \"x\"}]", "sources[0].publisher" },
		{ "http source", "sources", "[{\"title\": \"x\", \"publisher\":"
		    " \"IOM\", \"url\": \"http://www.iom.int/\"}]",
		    "sources[0].url" },
		{ "no Sorani", "text.ckb", NULL, "text.ckb" },
		{ "no Dari, Pashto or Urdu", "text.prs", NULL, "text" },
		{ "unknown language", "text.fr", "{}", "text.fr" },
		{ "Arabic in Latin letters", "text.ar.title", "\"Al-safar\"",
		    "text.ar.title" },
		{ "empty summary", "text.en.summary", "\"\"",
		    "text.en.summary" },
		{ "title too long", "text.en.title", "\"Going abroad to work, "
		    "and everything else you may want to know before you go "
		    "there\"", "text.en.title" },
		{ "trailing space", "text.en.title", "\"Going abroad \"",
		    "text.en.title" },
		{ "no sections", "text.en.sections", "[]",
		    "text.en.sections" },
		{ "section without points", "text.en.sections",
		    "[{\"heading\": \"Before\", \"points\": []}]",
		    "text.en.sections[0].points" },
		{ "empty point", "text.en.sections", "[{\"heading\": \"Before\","
		    " \"points\": [\"\"]}]", "text.en.sections[0].points[0]" },
		{ "no summary", "text.prs.summary", NULL, "text.prs.summary" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct err err = ERR_INIT;
		json_t *root = changed(&rows[i]);
		char *text = json_dumps(root, 0);
		struct sheet *s = sheet_parse(text, strlen(text), &err);

		if (s)
			fail_msg("row %zu \"%s\": taken", i, rows[i].name);
		if (err.code != ERR_INVALID || !STREQ(err.field, rows[i].field))
			fail_msg("row %zu \"%s\": field \"%s\" (%s), want "
			    "\"%s\"", i, rows[i].name, err.field, err.msg,
			    rows[i].field);
		if (!strstr(err.msg, ": "))
			fail_msg("row %zu \"%s\": no fix in \"%s\"", i,
			    rows[i].name, err.msg);
		free(text);
		json_decref(root);
	}
	{
		struct err err = ERR_INIT;

		assert_null(sheet_parse("{\"id\": ", 7, &err));
		assert_int_equal(err.code, ERR_INVALID);
	}
}

static void
test_shipped(void **state)
{
	struct err err = ERR_INIT;
	size_t n = 0;
	struct sheet **list = sheet_shipped(&n, &err);
	bool topics[8] = { false };

	(void)state;
	if (!list)
		fail_msg("%s", err.msg);
	assert_true(n >= 4);
	for (size_t i = 0; i < n; i++) {
		const char *used;

		for (size_t t = 0; sheet_topics[t]; t++)
			topics[t] |= sheet_covers(list[i], sheet_topics[t]);
		for (size_t l = 0; l < 4; l++) {
			static const char *const want[] = { "en", "ar", "ckb",
				"prs" };

			(void)sheet_text(list[i], want[l], &used);
			if (!STREQ(used, want[l]))
				fail_msg("%s has no %s text", sheet_id(list[i]),
				    want[l]);
		}
		sheet_free(&list[i]);
	}
	/* Every topic of the issue has a sheet. */
	for (size_t t = 0; sheet_topics[t]; t++)
		if (!topics[t])
			fail_msg("no shipped sheet covers %s", sheet_topics[t]);
	free(list);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_shipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
