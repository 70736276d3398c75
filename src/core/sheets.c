/* SPDX-License-Identifier: Apache-2.0 */
/* sheets.c - information sheets as validated data (sheets.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/jcheck.h"
#include "core/sheets.h"
#include "base/banned.h"

extern const struct embedded_file shipped_sheets[];

#define DOC		"docs/sheet-format.md"
#define TITLE_MAX	80
#define SUMMARY_MAX	400
#define HEADING_MAX	80
#define POINT_MAX	300
#define SECTIONS_MAX	8
#define POINTS_MAX	8
#define SOURCES_MAX	10

const char *const sheet_topics[] = { "legal_pathways", "irregular_risks",
	"recruitment_fraud", "rights_abroad", "return_reintegration", NULL };

const char *const sheet_langs[] = { "en", "ar", "ckb", "prs", "ps", "ur",
	"tg", "ru", NULL };

/* The script each language of sheet_langs is written in. */
static const struct {
	const char	*lang;
	const char	*script;
} langs[] = {
	{ "en", "Latn" }, { "ar", "Arab" }, { "ckb", "Arab" },
	{ "prs", "Arab" }, { "ps", "Arab" }, { "ur", "Arab" },
	{ "tg", "Cyrl" }, { "ru", "Cyrl" },
};
static const char *const required_langs[] = { "en", "ar", "ckb", NULL };
/* The people MRCs meet read one of these too. */
static const char *const afghan_or_pakistani[] = { "prs", "ps", "ur",
	NULL };

struct sheet {
	json_t		*root;
	const char	*id;
	int		 version;
	const char	*review_by;
};

/* A string of 1 to max characters, no leading or trailing blank. */
static int
check_string(struct jcheck *c, const json_t *v, const char *path, size_t max)
{
	const char *s = json_string_value(v);
	size_t n;

	if (!s)
		return jcheck_bad(c, path, "not a string: write the text in "
		    "quotes");
	n = text_utf8_chars(s);
	if (n == 0 || n > max)
		return jcheck_bad(c, path, "%zu characters: write 1 to %zu", n,
		    max);
	if (s[0] == ' ' || s[strlen(s) - 1] == ' ')
		return jcheck_bad(c, path, "starts or ends with a space: "
		    "remove it");
	return 0;
}

static int
check_sources(struct jcheck *c, const json_t *v, const char *path)
{
	static const char *const keys[] = { "title", "publisher", "url",
		NULL };
	static const char *const required[] = { "title", "publisher", NULL };
	size_t i;
	json_t *src;

	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > SOURCES_MAX)
		return jcheck_bad(c, path, "not a list of 1 to %d sources: "
		    "name where the information comes from", SOURCES_MAX);
	json_array_foreach(v, i, src) {
		const char *p = jcheck_item(c, path, i);
		const json_t *url = json_object_get(src, "url");
		const char *u;

		if (jcheck_keys(c, src, p, keys, required) == -1 ||
		    check_string(c, json_object_get(src, "title"),
		    jcheck_sub(c, p, "title"), 200) == -1 ||
		    check_string(c, json_object_get(src, "publisher"),
		    jcheck_sub(c, p, "publisher"), 120) == -1)
			return -1;
		if (!url)
			continue;
		u = json_string_value(url);
		if (!u || strncmp(u, "https://", 8) != 0 || strlen(u) > 300 ||
		    strpbrk(u, " \t\n\"<>") || strlen(u) < 12)
			return jcheck_bad(c, jcheck_sub(c, p, "url"), "not an "
			    "https:// address of at most 300 characters: give "
			    "the source's page, or leave url out");
	}
	return 0;
}

/* The text of one language: title, summary, sections of points. */
static int
check_text(struct jcheck *c, const json_t *v, const char *path,
    const char *script)
{
	static const char *const keys[] = { "title", "summary", "sections",
		NULL };
	static const char *const section_keys[] = { "heading", "points",
		NULL };
	const json_t *sections = json_object_get(v, "sections");
	const char *title;
	size_t i, j;
	json_t *sec, *pt;

	if (jcheck_keys(c, v, path, keys, keys) == -1 ||
	    check_string(c, json_object_get(v, "title"),
	    jcheck_sub(c, path, "title"), TITLE_MAX) == -1 ||
	    check_string(c, json_object_get(v, "summary"),
	    jcheck_sub(c, path, "summary"), SUMMARY_MAX) == -1)
		return -1;
	/* A language written in another's script is a file mix-up. */
	title = json_string_value(json_object_get(v, "title"));
	if (!STREQ(text_script(title), script))
		return jcheck_bad(c, jcheck_sub(c, path, "title"), "written "
		    "in %s, not %s: put this language's text here",
		    text_script(title), script);
	if (!json_is_array(sections) || json_array_size(sections) == 0 ||
	    json_array_size(sections) > SECTIONS_MAX)
		return jcheck_bad(c, jcheck_sub(c, path, "sections"), "not a "
		    "list of 1 to %d sections: split the sheet into a few "
		    "headed parts", SECTIONS_MAX);
	json_array_foreach(sections, i, sec) {
		const char *p = jcheck_item(c, jcheck_sub(c, path,
		    "sections"), i);
		const json_t *points = json_object_get(sec, "points");

		if (jcheck_keys(c, sec, p, section_keys, section_keys) == -1 ||
		    check_string(c, json_object_get(sec, "heading"),
		    jcheck_sub(c, p, "heading"), HEADING_MAX) == -1)
			return -1;
		if (!json_is_array(points) || json_array_size(points) == 0 ||
		    json_array_size(points) > POINTS_MAX)
			return jcheck_bad(c, jcheck_sub(c, p, "points"), "not "
			    "a list of 1 to %d points: write short points",
			    POINTS_MAX);
		json_array_foreach(points, j, pt)
			if (check_string(c, pt, jcheck_item(c, jcheck_sub(c, p,
			    "points"), j), POINT_MAX) == -1)
				return -1;
	}
	return 0;
}

static int
check_texts(struct jcheck *c, const json_t *v, const char *path)
{
	const char *key;
	json_t *t;
	bool other = false;

	if (!json_is_object(v))
		return jcheck_bad(c, path, "not an object: give the text of "
		    "each language, {\"en\": {...}, \"ar\": {...}, ...}");
	for (size_t i = 0; required_langs[i]; i++)
		if (!json_object_get(v, required_langs[i]))
			return jcheck_bad(c, jcheck_sub(c, path,
			    required_langs[i]), "missing: every sheet is in "
			    "English, Arabic and Sorani Kurdish (en, ar, "
			    "ckb)");
	for (size_t i = 0; afghan_or_pakistani[i]; i++)
		other |= json_object_get(v, afghan_or_pakistani[i]) != NULL;
	if (!other)
		return jcheck_bad(c, path, "no Dari, Pashto or Urdu text: add "
		    "one of prs, ps or ur");
	json_object_foreach((json_t *)v, key, t) {
		const char *script = NULL;

		for (size_t i = 0; i < ARRAY_SIZE(langs); i++)
			if (STREQ(key, langs[i].lang))
				script = langs[i].script;
		if (!script)
			return jcheck_bad(c, jcheck_sub(c, path, key), "not a "
			    "language of the library: use en, ar, ckb, prs, "
			    "ps, ur, tg or ru");
		if (check_text(c, t, jcheck_sub(c, path, key), script) == -1)
			return -1;
	}
	return 0;
}

static int
check_sheet(struct jcheck *c, const json_t *root, struct sheet *s)
{
	static const char *const keys[] = { "id", "version", "topics",
		"review_by", "sources", "text", NULL };
	struct date d;
	long long version;
	const char *review;

	if (jcheck_keys(c, root, "", keys, keys) == -1 ||
	    jcheck_id(c, json_object_get(root, "id"), "id", 64, 1) == -1 ||
	    jcheck_int(c, json_object_get(root, "version"), "version", 1,
	    100000, &version) == -1 ||
	    jcheck_words(c, json_object_get(root, "topics"), "topics",
	    sheet_topics, 1, "topic") == -1)
		return -1;
	review = json_string_value(json_object_get(root, "review_by"));
	if (!review || strlen(review) != 10 || date_parse(review, &d) == -1)
		return jcheck_bad(c, "review_by", "not a date: give the day "
		    "the sheet must be reviewed by, as YYYY-MM-DD");
	if (check_sources(c, json_object_get(root, "sources"), "sources") ==
	    -1 || check_texts(c, json_object_get(root, "text"), "text") == -1)
		return -1;
	s->id = json_string_value(json_object_get(root, "id"));
	s->version = (int)version;
	s->review_by = review;
	return 0;
}

struct sheet *
sheet_parse(const char *text, size_t len, struct err *err)
{
	struct jcheck c = { .err = err, .doc = DOC };
	struct sheet *s;
	json_t *root = jcheck_load(&c, text, len, SHEET_MAX_BYTES, "sheet");

	if (!root)
		return NULL;
	c.a = arena_new();
	s = calloc(1, sizeof(*s));
	if (!s)
		abort();
	if (check_sheet(&c, root, s) == -1) {
		json_decref(root);
		free(s);
		s = NULL;
	} else {
		s->root = root;
	}
	arena_free(&c.a);
	return s;
}

void
sheet_free(struct sheet **s)
{
	if (!s || !*s)
		return;
	json_decref((*s)->root);
	free(*s);
	*s = NULL;
}

const char *
sheet_id(const struct sheet *s)
{
	return s->id;
}

int
sheet_version(const struct sheet *s)
{
	return s->version;
}

const char *
sheet_review_by(const struct sheet *s)
{
	return s->review_by;
}

bool
sheet_review_due(const struct sheet *s, const char *today)
{
	return strcmp(s->review_by, today) < 0;
}

bool
sheet_covers(const struct sheet *s, const char *topic)
{
	size_t i;
	json_t *t;

	json_array_foreach(json_object_get(s->root, "topics"), i, t)
		if (STREQ(json_string_value(t), topic))
			return true;
	return false;
}

const json_t *
sheet_text(const struct sheet *s, const char *lang, const char **used)
{
	const json_t *texts = json_object_get(s->root, "text");
	const json_t *t = lang ? json_object_get(texts, lang) : NULL;

	*used = t ? lang : "en";
	return t ? t : json_object_get(texts, "en");
}

const json_t *
sheet_definition(const struct sheet *s)
{
	return s->root;
}

struct sheet **
sheet_shipped(size_t *n, struct err *err)
{
	struct sheet **list;
	size_t count = 0;

	while (shipped_sheets[count].name)
		count++;
	list = calloc(count + 1, sizeof(*list));
	if (!list)
		abort();
	for (size_t i = 0; i < count; i++) {
		const struct embedded_file *f = &shipped_sheets[i];
		char why[sizeof(err->msg)] = "";

		list[i] = sheet_parse((const char *)f->data, f->size, err);
		if (list[i] && (strlen(f->name) != strlen(list[i]->id) + 5 ||
		    strncmp(f->name, list[i]->id, strlen(list[i]->id)) != 0))
			snprintf(why, sizeof(why), "its id is \"%s\": name the "
			    "file %s.json", list[i]->id, list[i]->id);
		else if (!list[i])
			memcpy(why, err->msg, sizeof(why));
		if (*why) {
			err_set(err, ERR_INTERNAL, NULL, "shipped sheet %s is "
			    "invalid: %s", f->name, why);
			for (size_t k = 0; k <= i; k++)
				sheet_free(&list[k]);
			free(list);
			return NULL;
		}
	}
	*n = count;
	return list;
}

void
sheet_free_all(struct sheet **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sheet_free(&list[i]);
	free(list);
}

int
sheet_check_ids(const char *const *ids, size_t n, const char *field,
    struct err *err)
{
	struct sheet **list;
	size_t count;
	int rc = 0;

	if (n == 0)
		return 0;
	if (!(list = sheet_shipped(&count, err)))
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *id = ids[i] ? ids[i] : "";
		bool known = false;

		for (size_t j = 0; j < count && !known; j++)
			known = STREQ(list[j]->id, id);
		if (!known)
			rc = err_set(err, ERR_INVALID, field, "\"%.60s\" is "
			    "not an information sheet tipsom ships: give a "
			    "sheet's id (tipsom sheets list)", id);
		for (size_t j = 0; j < i && rc == 0; j++)
			if (STREQ(ids[j], id))
				rc = err_set(err, ERR_INVALID, field, "sheet "
				    "\"%.60s\" is named twice: name each sheet "
				    "once", id);
	}
	sheet_free_all(list, count);
	return rc;
}

static int
check_word(const char *value, const char *const *words, const char *field,
    struct err *err)
{
	char known[160] = "";

	if (!value)
		return 0;
	for (size_t i = 0; words[i]; i++) {
		if (STREQ(value, words[i]))
			return 0;
		snprintf(known + strlen(known), sizeof(known) - strlen(known),
		    "%s%s", i ? ", " : "", words[i]);
	}
	return err_set(err, ERR_INVALID, field, "%s \"%.40s\" is not one of "
	    "%s", field, value, known);
}

static json_t *
library_entry(const struct sheet *s, const char *lang, const char *today,
    bool whole)
{
	const char *used;
	const json_t *t = sheet_text(s, lang, &used);
	json_t *o = json_pack("{s:s, s:i, s:s, s:O, s:s, s:b}", "id", s->id,
	    "version", s->version, "lang", used, "topics",
	    json_object_get(s->root, "topics"), "review_by", s->review_by,
	    "review_due", sheet_review_due(s, today));

	if (!whole) {
		json_object_set(o, "title", json_object_get(t, "title"));
		json_object_set(o, "summary", json_object_get(t, "summary"));
		return o;
	}
	json_object_set_new(o, "langs", json_array());
	for (size_t i = 0; sheet_langs[i]; i++)
		if (json_object_get(json_object_get(s->root, "text"),
		    sheet_langs[i]))
			json_array_append_new(json_object_get(o, "langs"),
			    json_string(sheet_langs[i]));
	json_object_set_new(o, "text", json_deep_copy(t));
	json_object_set(o, "sources", json_object_get(s->root, "sources"));
	return o;
}

static struct sheet **
library_open(const char *lang, const char *topic, char today[DATE_TEXT_SIZE],
    size_t *n, struct err *err)
{
	struct date d;

	if (check_word(lang, sheet_langs, "lang", err) == -1 ||
	    check_word(topic, sheet_topics, "topic", err) == -1)
		return NULL;
	date_today(&d);
	date_format(&d, today);
	return sheet_shipped(n, err);
}

json_t *
sheet_library_list(const char *lang, const char *topic, struct err *err)
{
	char today[DATE_TEXT_SIZE];
	struct sheet **list;
	size_t n;
	json_t *items;

	if (!(list = library_open(lang, topic, today, &n, err)))
		return NULL;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		if (!topic || sheet_covers(list[i], topic))
			json_array_append_new(items, library_entry(list[i],
			    lang, today, false));
	sheet_free_all(list, n);
	return items;
}

json_t *
sheet_library_show(const char *id, const char *lang, struct err *err)
{
	char today[DATE_TEXT_SIZE];
	struct sheet **list;
	json_t *o = NULL;
	size_t n;

	if (!(list = library_open(lang, NULL, today, &n, err)))
		return NULL;
	for (size_t i = 0; i < n && !o; i++)
		if (STREQ(list[i]->id, id))
			o = library_entry(list[i], lang, today, true);
	sheet_free_all(list, n);
	if (!o)
		err_set(err, ERR_NOT_FOUND, "id", "no sheet \"%.60s\": see "
		    "the list of sheets (tipsom sheets list)", id);
	return o;
}
