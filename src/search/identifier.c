/* SPDX-License-Identifier: Apache-2.0 */
/* identifier.c - normalising identifiers for matching, through ICU. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/util.h"
#include "search/identifier.h"
#include "base/banned.h"

/*
 * How the countries of the region, and those their people travel to,
 * dial: the calling code, the trunk prefix of national numbers ("" when
 * there is none and a national number is dialled whole, as in Italy and
 * Kuwait) and the international prefix when it is not "00".
 */
static const struct {
	const char	*country;
	const char	*code;
	const char	*trunk;
	const char	*idd;
} plans[] = {
	{ "AE", "971", "0", "00" },	{ "AF", "93", "0", "00" },
	{ "AM", "374", "0", "00" },	{ "AT", "43", "0", "00" },
	{ "AZ", "994", "0", "00" },	{ "BD", "880", "0", "00" },
	{ "BE", "32", "0", "00" },	{ "BH", "973", "", "00" },
	{ "CH", "41", "0", "00" },	{ "DE", "49", "0", "00" },
	{ "DK", "45", "", "00" },	{ "EG", "20", "0", "00" },
	{ "FR", "33", "0", "00" },	{ "GB", "44", "0", "00" },
	{ "GE", "995", "0", "00" },	{ "GR", "30", "", "00" },
	{ "IN", "91", "0", "00" },	{ "IQ", "964", "0", "00" },
	{ "IR", "98", "0", "00" },	{ "IT", "39", "", "00" },
	{ "JO", "962", "0", "00" },	{ "KW", "965", "", "00" },
	{ "LB", "961", "0", "00" },	{ "LY", "218", "0", "00" },
	{ "NL", "31", "0", "00" },	{ "NO", "47", "", "00" },
	{ "OM", "968", "", "00" },	{ "PK", "92", "0", "00" },
	{ "QA", "974", "", "00" },	{ "SA", "966", "0", "00" },
	{ "SE", "46", "0", "00" },	{ "SY", "963", "0", "00" },
	{ "TJ", "992", "8", "810" },	{ "TR", "90", "0", "00" },
	{ "YE", "967", "0", "00" },
};

#define PHONE_MIN	8	/* digits of an E.164 number */
#define PHONE_MAX	15
#define PHONE_TYPED_MAX	24	/* digits as typed, prefixes included */

static int
plan_of(const char *country)
{
	for (size_t i = 0; country && i < ARRAY_SIZE(plans); i++)
		if (STREQ(plans[i].country, country))
			return (int)i;
	return -1;
}

const char *
identifier_calling_code(const char *country)
{
	int i = plan_of(country);

	return i < 0 ? NULL : plans[i].code;
}

/* The plan whose calling code begins digits (codes are prefix-free). */
static int
plan_of_number(const char *digits)
{
	for (size_t i = 0; i < ARRAY_SIZE(plans); i++)
		if (strncmp(digits, plans[i].code, strlen(plans[i].code)) == 0)
			return (int)i;
	return -1;
}

static bool
starts(const char *s, const char *prefix)
{
	return *prefix && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* What may stand between the digits of a phone number as typed. */
static bool
phone_separator(UChar32 c)
{
	return c == '-' || c == '.' || c == '/' || c == '(' || c == ')' ||
	    (c >= 0x2010 && c <= 0x2015) || u_isUWhiteSpace(c);
}

/*
 * The digits of phone number s as ASCII into digits, and whether it began
 * with "+".  A "(0)" after the country code of a number written with "+"
 * is the trunk prefix shown for national use: left out.
 */
static int
phone_digits(const char *s, const char *field, char digits[PHONE_TYPED_MAX + 1],
    bool *plus, struct err *err)
{
	int32_t i = 0, n = (int32_t)strlen(s);
	size_t k = 0;

	*plus = false;
	while (i < n) {
		UChar32 c;

		U8_NEXT((const uint8_t *)s, i, n, c);
		if (c == '+' && k == 0 && !*plus) {
			*plus = true;
			continue;
		}
		if (c == '(' && *plus && k > 0 && i + 1 < n && s[i] == '0' &&
		    s[i + 1] == ')') {
			i += 2;
			continue;
		}
		if (c >= 0 && u_isdigit(c)) {
			if (k == PHONE_TYPED_MAX)
				return err_set(err, ERR_INVALID, field,
				    "%s \"%.40s\" has more than %d digits: "
				    "give one number, without extensions",
				    field, s, PHONE_TYPED_MAX);
			digits[k++] = (char)('0' + u_charDigitValue(c));
			continue;
		}
		if (c >= 0 && phone_separator(c))
			continue;
		return err_set(err, ERR_INVALID, field, "%s \"%.40s\" has "
		    "something other than digits, spaces, - . / ( ) and a "
		    "leading +: give the number in digits, like +964 750 123 "
		    "4567", field, s);
	}
	digits[k] = '\0';
	if (k == 0)
		return err_set(err, ERR_INVALID, field, "%s \"%.40s\" has no "
		    "digits: give a phone number", field, s);
	return 0;
}

/*
 * "+964 0750 ...": the trunk prefix kept by mistake after the calling
 * code of a country that has one, dropped.  Not when what follows begins
 * with it again ("+992 88 ..."): dropping one there would make a form
 * that normalises to yet another, and a normal form must be its own.
 */
static void
drop_trunk(char *e164)
{
	int dialled = plan_of_number(e164);
	const char *trunk;
	char *nsn;

	if (dialled < 0)
		return;
	trunk = plans[dialled].trunk;
	nsn = e164 + strlen(plans[dialled].code);
	if (starts(nsn, trunk) && !starts(nsn + strlen(trunk), trunk))
		memmove(nsn, nsn + strlen(trunk), strlen(nsn + strlen(trunk))
		    + 1);
}

static const char *
phone(struct arena *a, const char *s, const char *country, const char *field,
    struct err *err)
{
	char digits[PHONE_TYPED_MAX + 1], e164[PHONE_TYPED_MAX + 8];
	const char *intl = NULL;
	int plan = plan_of(country);
	bool plus;
	size_t len;

	if (phone_digits(s, field, digits, &plus, err) == -1)
		return NULL;
	if (plus)
		intl = digits;
	else if (starts(digits, "00"))
		intl = digits + 2;
	else if (plan >= 0 && !STREQ(plans[plan].idd, "00") &&
	    starts(digits, plans[plan].idd))
		intl = digits + strlen(plans[plan].idd);
	if (intl) {
		snprintf(e164, sizeof(e164), "%s", intl);
	} else if (plan < 0) {
		err_set(err, ERR_INVALID, field, "%s \"%.40s\" is a national "
		    "number and tipsom does not know the calling code of "
		    "%.8s (the country setting): give it with + and its "
		    "country code", field, s, country ? country : "?");
		return NULL;
	} else if (*plans[plan].trunk && !starts(digits, plans[plan].trunk)) {
		err_set(err, ERR_INVALID, field, "%s \"%.40s\" has neither a "
		    "country code nor the trunk prefix %s: give it as +%s... "
		    "or %s...", field, s, plans[plan].trunk, plans[plan].code,
		    plans[plan].trunk);
		return NULL;
	} else {
		snprintf(e164, sizeof(e164), "%s%s", plans[plan].code,
		    digits + strlen(plans[plan].trunk));
	}
	drop_trunk(e164);
	len = strlen(e164);
	if (len < 1 || e164[0] == '0') {
		err_set(err, ERR_INVALID, field, "%s \"%.40s\" does not begin "
		    "with a country code: give it as +CC followed by the "
		    "number", field, s);
		return NULL;
	}
	if (len < PHONE_MIN || len > PHONE_MAX) {
		err_set(err, ERR_INVALID, field, "%s \"%.40s\" has %zu digits "
		    "with its country code, and a phone number has %d to %d: "
		    "give the whole number", field, s, len, PHONE_MIN,
		    PHONE_MAX);
		return NULL;
	}
	return arena_printf(a, "+%s", e164);
}

enum shape {
	SHAPE_TEXT,	/* whitespace collapsed to one space */
	SHAPE_ALNUM,	/* letters and digits only */
	SHAPE_HANDLE,	/* no whitespace, no leading "@" */
};

/*
 * s case-folded (or upper-cased), in NFC, with digits of any script as
 * ASCII digits, and shaped; "" when nothing is left.
 */
static char *
reshape(struct arena *a, const char *s, bool upper, enum shape shape,
    const char *field, struct err *err)
{
	UErrorCode uerr = U_ZERO_ERROR;
	const UNormalizer2 *nfc;
	int32_t len = (int32_t)strlen(s), ulen = 0, flen, glen, i;
	UChar *u, *f, *g;
	bool space = false, dropped = false;
	char *out;
	size_t o = 0;

	u = arena_array(a, (size_t)len + 1, sizeof(UChar));
	u_strFromUTF8(u, len + 1, &ulen, s, len, &uerr);
	/* Case mapping grows a string at most three times ("ﬃ"). */
	f = arena_array(a, (size_t)ulen * 3 + 1, sizeof(UChar));
	flen = upper ? u_strToUpper(f, ulen * 3 + 1, u, ulen, "", &uerr) :
	    u_strFoldCase(f, ulen * 3 + 1, u, ulen, U_FOLD_CASE_DEFAULT,
	    &uerr);
	nfc = unorm2_getNFCInstance(&uerr);
	if (U_FAILURE(uerr))
		goto icu_failed;
	g = arena_array(a, (size_t)flen * 3 + 1, sizeof(UChar));
	glen = unorm2_normalize(nfc, f, flen, g, flen * 3 + 1, &uerr);
	if (U_FAILURE(uerr))
		goto icu_failed;
	out = arena_alloc(a, (size_t)glen * 3 + 1);
	for (i = 0; i < glen;) {
		UChar32 c;

		U16_NEXT(g, i, glen, c);
		if (u_isdigit(c))
			c = '0' + u_charDigitValue(c);
		if (u_isUWhiteSpace(c)) {
			space = shape == SHAPE_TEXT;
			dropped = true;
			continue;
		}
		if ((shape == SHAPE_ALNUM && !u_isalnum(c)) ||
		    (shape == SHAPE_HANDLE && o == 0 && c == '@')) {
			dropped = true;
			continue;
		}
		if (space && o > 0)
			out[o++] = ' ';
		space = false;
		U8_APPEND_UNSAFE(out, o, c);
	}
	out[o] = '\0';
	/* What was dropped may have brought combining marks together out of
	 * their canonical order: in NFC again, so that a normal form is its
	 * own normal form (the fuzzer found "ؕ ٕ"). */
	if (!dropped)
		return out;
	uerr = U_ZERO_ERROR;
	u = arena_array(a, o + 1, sizeof(UChar));
	u_strFromUTF8(u, (int32_t)o + 1, &ulen, out, (int32_t)o, &uerr);
	g = arena_array(a, (size_t)ulen * 3 + 1, sizeof(UChar));
	glen = U_SUCCESS(uerr) ? unorm2_normalize(nfc, u, ulen, g,
	    ulen * 3 + 1, &uerr) : 0;
	out = arena_alloc(a, (size_t)glen * 3 + 1);
	if (U_SUCCESS(uerr))
		u_strToUTF8(out, glen * 3 + 1, NULL, g, glen, &uerr);
	if (U_FAILURE(uerr))
		goto icu_failed;
	return out;
icu_failed:
	err_set(err, ERR_INTERNAL, field, "cannot normalise %s: %s", field,
	    u_errorName(uerr));
	return NULL;
}

static const char *
email(struct arena *a, const char *s, const char *field, struct err *err)
{
	char *e = reshape(a, s, false, SHAPE_TEXT, field, err);
	const char *at, *dot;

	if (!e)
		return NULL;
	at = strchr(e, '@');
	dot = at ? strrchr(at, '.') : NULL;
	if (strchr(e, ' ') || !at || at == e || strchr(at + 1, '@') ||
	    !dot || dot == at + 1 || dot[1] == '\0') {
		err_set(err, ERR_INVALID, field, "%s \"%.60s\" is not an "
		    "e-mail address: give one like name@example.org", field,
		    s);
		return NULL;
	}
	return e;
}

const char *
identifier_normalise(struct arena *a, enum identifier_kind kind,
    const char *value, const char *country, const char *field,
    struct err *err)
{
	const char *out = NULL;

	switch (kind) {
	case IDENT_PHONE:
		return phone(a, value, country, field, err);
	case IDENT_EMAIL:
		return email(a, value, field, err);
	case IDENT_VEHICLE:
	case IDENT_BANK_ACCOUNT:
	case IDENT_HAWALA:
		out = reshape(a, value, false, SHAPE_ALNUM, field, err);
		break;
	case IDENT_SOCIAL_MEDIA:
		out = reshape(a, value, false, SHAPE_HANDLE, field, err);
		break;
	case IDENT_DOCUMENT:
		out = reshape(a, value, true, SHAPE_ALNUM, field, err);
		break;
	case IDENT_ADDRESS:
	case IDENT_OTHER:
	case IDENT__MAX:
		out = reshape(a, value, false, SHAPE_TEXT, field, err);
		break;
	}
	if (out && !*out) {
		err_set(err, ERR_INVALID, field, "%s \"%.40s\" has no letters "
		    "or digits to match on: give the %s as written", field,
		    value, enum_name(&identifier_kind_desc, kind));
		return NULL;
	}
	return out;
}
