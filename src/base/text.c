/* SPDX-License-Identifier: Apache-2.0 */
/* text.c - UTF-8 validation, NFC, scripts and ISO codes through ICU. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucasemap.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "base/banned.h"

size_t
text_utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int
text_utf8_check(const char *s, size_t len, size_t *bad_offset)
{
	const uint8_t *p = (const uint8_t *)s;
	int32_t i = 0, n;
	UChar32 c;

	if (len > INT32_MAX) {
		*bad_offset = INT32_MAX;
		return -1;
	}
	n = (int32_t)len;
	while (i < n) {
		int32_t start = i;

		U8_NEXT(p, i, n, c);
		if (c < 0) {
			*bad_offset = (size_t)start;
			return -1;
		}
	}
	return 0;
}

/* Control characters, and the invisible ones that make two equal-looking
 * names differ or reorder text around them (bidi overrides). */
static bool
text_char_forbidden(UChar32 c, unsigned flags)
{
	if (c == '\n' || c == '\t')
		return !(flags & TEXT_MULTILINE);
	if (c == '\r' || c == 0x2028 || c == 0x2029)
		return !(flags & TEXT_MULTILINE);
	if (u_charType(c) == U_CONTROL_CHAR)
		return true;
	/* LRE..RLO and LRI..PDI: bidi embeddings and overrides. */
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/*
 * Invisible characters that keyboards and copy-paste slip into names,
 * making two equal-looking names differ: dropped.  ZWNJ and ZWJ stay,
 * Persian and Kurdish spelling needs them.
 */
static bool
text_char_dropped(UChar c)
{
	switch (c) {
	case 0x00AD:	/* soft hyphen */
	case 0x061C:	/* Arabic letter mark */
	case 0x200B:	/* zero width space */
	case 0x200E:	/* left-to-right mark */
	case 0x200F:	/* right-to-left mark */
	case 0x2060:	/* word joiner */
	case 0xFEFF:	/* byte order mark, zero width no-break space */
		return true;
	default:
		return false;
	}
}

static bool
text_is_space(UChar32 c)
{
	return u_isUWhiteSpace(c);
}

/*
 * text_clean() of printable ASCII, which is already in NFC and has no
 * character to drop or refuse: s without its spaces at either end, or
 * NULL for text_clean() to say what is wrong with it (or to clean text
 * that is not printable ASCII).  Most identifiers and codes, and Latin
 * names, take this way; a million imported rows have a few of each.
 */
static char *
ascii_clean(struct arena *a, const char *s, size_t max_chars, unsigned flags)
{
	const char *start = s, *end;

	for (end = s; *end; end++)
		if ((unsigned char)*end < 0x20 || (unsigned char)*end > 0x7E)
			return NULL;
	while (start < end && *start == ' ')
		start++;
	while (end > start && end[-1] == ' ')
		end--;
	if ((start == end && (flags & TEXT_REQUIRED)) ||
	    (size_t)(end - start) > max_chars)
		return NULL;
	return arena_strndup(a, start, (size_t)(end - start));
}

char *
text_clean(struct arena *a, const char *s, size_t max_chars, unsigned flags,
    const char *field, struct err *err)
{
	const UNormalizer2 *nfc;
	UErrorCode uerr = U_ZERO_ERROR;
	UChar *u16 = NULL, *norm = NULL;
	int32_t u16len = 0, normlen, outlen = 0, start, end, i;
	size_t len, bad, chars = 0;
	char *out = NULL;

	if (!s)
		s = "";
	if ((out = ascii_clean(a, s, max_chars, flags)))
		return out;
	len = strlen(s);
	if (text_utf8_check(s, len, &bad) == -1) {
		err_set(err, ERR_INVALID, field,
		    "%s is not valid UTF-8 (byte %zu): send the text as UTF-8",
		    field, bad + 1);
		return NULL;
	}
	/* Check characters on the UTF-8 form, so the error can name them. */
	for (i = 0; i < (int32_t)len;) {
		UChar32 c;

		U8_NEXT((const uint8_t *)s, i, (int32_t)len, c);
		if (text_char_forbidden(c, flags)) {
			err_set(err, ERR_INVALID, field,
			    "%s contains the control character U+%04X: "
			    "remove it", field, (unsigned)c);
			return NULL;
		}
	}

	u16 = arena_array(a, len + 1, sizeof(UChar));
	u_strFromUTF8(u16, (int32_t)len + 1, &u16len, s, (int32_t)len, &uerr);
	if (U_FAILURE(uerr))
		goto icu_failed;
	/* Every dropped character is one BMP code unit. */
	for (i = 0, end = 0; i < u16len; i++)
		if (!text_char_dropped(u16[i]))
			u16[end++] = u16[i];
	u16len = end;
	start = 0;
	end = u16len;
	while (start < end) {
		UChar32 c;
		int32_t j = start;

		U16_NEXT(u16, j, end, c);
		if (!text_is_space(c))
			break;
		start = j;
	}
	while (end > start) {
		UChar32 c;
		int32_t j = end;

		U16_PREV(u16, start, j, c);
		if (!text_is_space(c))
			break;
		end = j;
	}

	nfc = unorm2_getNFCInstance(&uerr);
	if (U_FAILURE(uerr))
		goto icu_failed;
	/* NFC can grow a string by at most 3 times (Unicode UAX #15). */
	normlen = (end - start) * 3 + 1;
	norm = arena_array(a, (size_t)normlen, sizeof(UChar));
	normlen = unorm2_normalize(nfc, u16 + start, end - start, norm, normlen,
	    &uerr);
	if (U_FAILURE(uerr))
		goto icu_failed;
	chars = (size_t)u_countChar32(norm, normlen);
	if ((flags & TEXT_REQUIRED) && chars == 0) {
		err_set(err, ERR_INVALID, field, "%s is empty: give a value",
		    field);
		return NULL;
	}
	if (chars > max_chars) {
		err_set(err, ERR_INVALID, field,
		    "%s is too long (%zu characters): shorten it to %zu",
		    field, chars, max_chars);
		return NULL;
	}
	u_strToUTF8(NULL, 0, &outlen, norm, normlen, &uerr);
	if (uerr == U_BUFFER_OVERFLOW_ERROR)
		uerr = U_ZERO_ERROR;
	if (U_FAILURE(uerr))
		goto icu_failed;
	out = arena_alloc(a, (size_t)outlen + 1);
	u_strToUTF8(out, outlen + 1, NULL, norm, normlen, &uerr);
	if (U_FAILURE(uerr))
		goto icu_failed;
	return out;

icu_failed:
	err_set(err, ERR_INTERNAL, field, "cannot normalise %s: %s", field,
	    u_errorName(uerr));
	return NULL;
}

const char *
text_script(const char *s)
{
	UScriptCode found = USCRIPT_COMMON;
	int32_t i = 0, n = (int32_t)strlen(s);

	while (i < n) {
		UErrorCode uerr = U_ZERO_ERROR;
		UScriptCode sc;
		UChar32 c;

		U8_NEXT((const uint8_t *)s, i, n, c);
		if (c < 0)
			continue;
		sc = uscript_getScript(c, &uerr);
		if (U_FAILURE(uerr) || sc == USCRIPT_COMMON ||
		    sc == USCRIPT_INHERITED)
			continue;
		if (found == USCRIPT_COMMON)
			found = sc;
		else if (found != sc)
			return "Zmix";
	}
	return uscript_getShortName(found);
}

/*
 * ICU's lists of ISO codes, sorted once for a binary search: an import
 * checks a million rows' codes, and a walk through some 600 languages
 * for each was a seventh of its time.  ICU's strings are static; the
 * arrays live as long as the process.
 */
struct code_list {
	const char	**codes;
	size_t		 n;
};

static struct code_list countries, languages;
static pthread_once_t lists_once = PTHREAD_ONCE_INIT;

static int
compare_codes(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
sort_list(struct code_list *l, const char *const *icu)
{
	size_t n = 0;

	while (icu[n])
		n++;
	l->codes = malloc((n + 1) * sizeof(*l->codes));
	if (!l->codes)
		abort();
	memcpy(l->codes, icu, n * sizeof(*l->codes));
	qsort(l->codes, n, sizeof(*l->codes), compare_codes);
	l->n = n;
}

static void
sort_lists(void)
{
	sort_list(&countries, uloc_getISOCountries());
	sort_list(&languages, uloc_getISOLanguages());
}

static bool
in_list(struct code_list *l, const char *code)
{
	pthread_once(&lists_once, sort_lists);
	return bsearch(&code, l->codes, l->n, sizeof(*l->codes),
	    compare_codes) != NULL;
}

bool
text_country_valid(const char *code)
{
	if (strlen(code) != 2 || code[0] < 'A' || code[0] > 'Z' ||
	    code[1] < 'A' || code[1] > 'Z')
		return false;
	return in_list(&countries, code);
}

/*
 * ICU's parse of a tag costs more than all the other checks of a person,
 * and an import checks the same few codes a million times.  Its answers
 * for short tags ("ar", "ckb", the usual case) are kept, per thread, in
 * a small table where a new tag may push out an old one.  Exactly what
 * ICU said, not a second opinion: ICU turns "aar" into "aa", for one.
 */
#define LANGUAGE_MEMO	256	/* a power of two */
#define LANGUAGE_PROBES	4

struct language_memo {
	uint32_t	 tag;		/* up to 3 bytes packed; 0: empty */
	bool		 valid;
};

static _Thread_local struct language_memo language_memo[LANGUAGE_MEMO];

static bool
language_parse_valid(const char *tag, size_t len)
{
	/* ISO 639-3 codes our users need that ICU lacks: Dari (ICU's
	 * "fa-AF"), Kurmanji and Gorani. */
	static const char *const extra[] = { "prs", "kmr", "hac", NULL };
	char lang[ULOC_LANG_CAPACITY], locale[ULOC_FULLNAME_CAPACITY];
	UErrorCode uerr = U_ZERO_ERROR;
	int32_t parsed = 0;

	uloc_forLanguageTag(tag, locale, sizeof(locale), &parsed, &uerr);
	if (U_FAILURE(uerr) || (size_t)parsed != len)
		return false;
	uloc_getLanguage(locale, lang, sizeof(lang), &uerr);
	if (U_FAILURE(uerr) || lang[0] == '\0')
		return false;
	return in_list(&languages, lang) || str_in_list(extra, lang);
}

bool
text_language_valid(const char *tag)
{
	struct language_memo *m = NULL;
	uint32_t packed = 0, slot;
	size_t len = strlen(tag);

	if (len == 0 || len > 35)
		return false;
	if (len > 3)
		return language_parse_valid(tag, len);
	for (size_t i = 0; i < len; i++)
		packed |= (uint32_t)(unsigned char)tag[i] << (8 * i);
	slot = (packed * 2654435761u) >> 24;
	for (size_t i = 0; i < LANGUAGE_PROBES; i++) {
		m = &language_memo[(slot + i) & (LANGUAGE_MEMO - 1)];
		if (m->tag == packed)
			return m->valid;
		if (m->tag == 0)
			break;
	}
	/* A free slot of the probed ones, else one of them by the tag. */
	if (m->tag != 0)
		m = &language_memo[(slot + packed % LANGUAGE_PROBES) &
		    (LANGUAGE_MEMO - 1)];
	m->valid = language_parse_valid(tag, len);
	m->tag = packed;
	return m->valid;
}

int
text_parse_int(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

char *
text_ascii_lower(char *s)
{
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

/* s case-folded, malloc'd; NULL when it is not UTF-8. */
static char *
folded(const UCaseMap *map, const char *s)
{
	UErrorCode uerr = U_ZERO_ERROR;
	int32_t len = ucasemap_utf8FoldCase(map, NULL, 0, s, -1, &uerr);
	char *out;

	if (uerr != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(uerr))
		return NULL;
	out = malloc((size_t)len + 1);
	if (!out)
		abort();
	uerr = U_ZERO_ERROR;
	ucasemap_utf8FoldCase(map, out, len + 1, s, -1, &uerr);
	if (U_FAILURE(uerr)) {
		free(out);
		return NULL;
	}
	return out;
}

bool
text_equal_folded(const char *a, const char *b)
{
	UErrorCode uerr = U_ZERO_ERROR;
	UCaseMap *map;
	char *fa, *fb;
	bool equal;

	if (STREQ(a, b))
		return true;
	map = ucasemap_open(NULL, U_FOLD_CASE_DEFAULT, &uerr);
	if (U_FAILURE(uerr))
		return false;
	fa = folded(map, a);
	fb = folded(map, b);
	equal = fa && fb && STREQ(fa, fb);
	free(fa);
	free(fb);
	ucasemap_close(map);
	return equal;
}
