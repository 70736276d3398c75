/* SPDX-License-Identifier: Apache-2.0 */
/* jcheck.c - checking JSON definitions, path in hand. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/jcheck.h"
#include "base/banned.h"

int
jcheck_bad(struct jcheck *c, const char *path, const char *fmt, ...)
{
	char what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return err_set(c->err, ERR_INVALID, path, "%s: %s",
	    *path ? path : "the file", what);
}

const char *
jcheck_sub(struct jcheck *c, const char *path, const char *key)
{
	return arena_printf(c->a, "%s%s%s", path, *path ? "." : "", key);
}

const char *
jcheck_item(struct jcheck *c, const char *path, size_t i)
{
	return arena_printf(c->a, "%s[%zu]", path, i);
}

int
jcheck_keys(struct jcheck *c, const json_t *o, const char *path,
    const char *const *allowed, const char *const *required)
{
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return jcheck_bad(c, path, "not an object: write { ... }");
	json_object_foreach((json_t *)o, key, v) {
		if (!str_in_list(allowed, key))
			return jcheck_bad(c, jcheck_sub(c, path, key),
			    "unknown field: check the spelling against %s",
			    c->doc);
	}
	for (; required && *required; required++)
		if (!json_object_get(o, *required))
			return jcheck_bad(c, jcheck_sub(c, path, *required),
			    "missing: add it");
	return 0;
}

int
jcheck_id(struct jcheck *c, const json_t *v, const char *path, size_t max,
    int dash)
{
	const char *s = json_string_value(v);
	size_t len = s ? strlen(s) : 0;

	if (!s || len < 2 || len > max || s[0] < 'a' || s[0] > 'z')
		goto fail;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		    (dash && s[i] == '-')))
			goto fail;
	return 0;
fail:
	return jcheck_bad(c, path, "not an id: use 2 to %zu of a-z, 0-9%s, "
	    "starting with a letter", max, dash ? ", _ and -" : " and _");
}

int
jcheck_text(struct jcheck *c, const json_t *v, const char *path, size_t max)
{
	const char *lang;
	json_t *s;

	if (!json_is_object(v))
		return jcheck_bad(c, path, "not a text: write {\"en\": "
		    "\"...\", \"ar\": \"...\", \"ckb\": \"...\"}");
	if (!json_is_string(json_object_get(v, "en")))
		return jcheck_bad(c, jcheck_sub(c, path, "en"), "missing: "
		    "every text needs English");
	json_object_foreach((json_t *)v, lang, s) {
		const char *p = jcheck_sub(c, path, lang);

		if (!text_language_valid(lang))
			return jcheck_bad(c, p, "not a language tag: use en, "
			    "ar, ckb, prs, ps, ur, tg or ru");
		if (!json_is_string(s))
			return jcheck_bad(c, p, "not a string: write the "
			    "text in quotes");
		if (!text_clean(c->a, json_string_value(s), max,
		    TEXT_REQUIRED | TEXT_MULTILINE, p, c->err))
			return err_set(c->err, ERR_INVALID, p, "%s: %s", p,
			    c->err->msg);
	}
	return 0;
}

int
jcheck_words(struct jcheck *c, const json_t *v, const char *path,
    const char *const *vocab, size_t min_items, const char *what)
{
	size_t i, j;
	json_t *w;

	if (!json_is_array(v))
		return jcheck_bad(c, path, "not an array: write [\"...\"]");
	if (json_array_size(v) < min_items)
		return jcheck_bad(c, path, "empty: name at least one %s",
		    what);
	json_array_foreach(v, i, w) {
		const char *s = json_string_value(w);

		if (!s || !str_in_list(vocab, s))
			return jcheck_bad(c, jcheck_item(c, path, i),
			    "unknown %s \"%.40s\": see %s for the list", what,
			    s ? s : "", c->doc);
		for (j = 0; j < i; j++)
			if (STREQ(s, json_string_value(json_array_get(v, j))))
				return jcheck_bad(c, jcheck_item(c, path, i),
				    "\"%s\" is repeated: name it once", s);
	}
	return 0;
}

int
jcheck_bool(struct jcheck *c, const json_t *v, const char *path,
    int nullable, int *out)
{
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return 0;
	}
	if (nullable && (!v || json_is_null(v))) {
		*out = -1;
		return 0;
	}
	return jcheck_bad(c, path, "not true or false%s: write it without "
	    "quotes", nullable ? " (or null when not known)" : "");
}

int
jcheck_int(struct jcheck *c, const json_t *v, const char *path,
    long long min, long long max, long long *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < min ||
	    json_integer_value(v) > max)
		return jcheck_bad(c, path, "not a whole number from %lld to "
		    "%lld: fix the value", min, max);
	*out = json_integer_value(v);
	return 0;
}

json_t *
jcheck_load(struct jcheck *c, const char *text, size_t len, size_t max,
    const char *what)
{
	json_error_t jerr;
	json_t *root;

	if (len > max) {
		err_set(c->err, ERR_INVALID, "", "the %s is larger than %zu "
		    "KiB: check the file", what, max / 1024);
		return NULL;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		err_set(c->err, ERR_INVALID, "", "not valid JSON at line %d, "
		    "column %d: %s: fix the syntax", jerr.line, jerr.column,
		    jerr.text);
	return root;
}
