/* SPDX-License-Identifier: Apache-2.0 */
/* input.c - the shared input checks. */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/text.h"
#include "core/ctx.h"
#include "core/input.h"
#include "model/enums.h"
#include "base/banned.h"

static bool
absent(const char *s)
{
	return !s || !*s;
}

int
input_text(struct ctx *ctx, const char *s, size_t max_chars, unsigned flags,
    const char *field, const char **out, struct err *err)
{
	const char *clean;

	*out = NULL;
	if (absent(s) && !(flags & TEXT_REQUIRED))
		return 0;
	clean = text_clean(ctx->arena, s, max_chars, flags, field, err);
	if (!clean)
		return -1;
	if (*clean)
		*out = clean;
	return 0;
}

int
input_enum(const char *s, const struct enum_desc *d, int dflt,
    const char *field, struct err *err)
{
	if (absent(s)) {
		if (dflt >= 0)
			return dflt;
		return err_set(err, ERR_INVALID, field,
		    "%s is missing: give one", field);
	}
	return enum_parse(d, s, field, err);
}

int
input_enum_set(const char *const *texts, size_t n, const struct enum_desc *d,
    bool required, const char *field, unsigned *out, struct err *err)
{
	*out = 0;
	for (size_t i = 0; i < n; i++) {
		int v = enum_parse(d, texts[i], field, err);

		if (v < 0)
			return -1;
		*out |= ENUM_BIT(v);
	}
	if (required && !*out)
		return err_set(err, ERR_INVALID, field, "%s is missing: give "
		    "at least one %s", field, d->what);
	return 0;
}

int
input_date(const char *s, const char *field, struct date *out, bool *present,
    struct err *err)
{
	*present = false;
	if (absent(s))
		return 0;
	if (date_parse(s, out) == -1)
		return err_set(err, ERR_INVALID, field,
		    "%s \"%.32s\" is not a date: use YYYY-MM-DD, like "
		    "2026-03-01", field, s);
	*present = true;
	return 0;
}

int
input_id(const char *s, const char *field, const char *what, int64_t *id,
    struct err *err)
{
	long long v;

	if (!s || text_parse_int(s, 1, INT64_MAX, &v) == -1)
		return err_set(err, ERR_INVALID, field, "%s \"%.20s\" is not a "
		    "number: give the number tipsom gave it", what, s ? s : "");
	*id = v;
	return 0;
}

int
input_country(struct ctx *ctx, const char *s, const char *field,
    const char **out, struct err *err)
{
	char *code;

	*out = NULL;
	if (absent(s))
		return 0;
	code = arena_strdup(ctx->arena, s);
	for (char *p = code; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	if (!text_country_valid(code))
		return err_set(err, ERR_INVALID, field,
		    "\"%.16s\" is not a country code: use ISO 3166 two-letter "
		    "codes, like IQ, AF, PK or TJ", s);
	*out = code;
	return 0;
}

int
input_language(struct ctx *ctx, const char *s, const char *field,
    const char **out, struct err *err)
{
	*out = NULL;
	if (absent(s))
		return 0;
	if (!text_language_valid(s))
		return err_set(err, ERR_INVALID, field,
		    "\"%.36s\" is not a language tag: use codes like ar, ckb, "
		    "prs, ps, ur, tg, ru or en", s);
	*out = arena_strdup(ctx->arena, s);
	return 0;
}
