/* SPDX-License-Identifier: Apache-2.0 */
/*
 * namekey.c - name keys across Arabic, Persian, Pashto, Urdu and Kurdish
 * Arabic script, Latin transliterations and Cyrillic.
 *
 * A name goes through: ICU NFKC and case folding; the marks that do not
 * change a name dropped (harakat, tatweel, ZWNJ, Latin accents, after
 * ş ç š ž are spelt sh ch sh zh); parts split at spaces, hyphens,
 * commas, dots and apostrophes; then each part is skeletonised
 * (skeleton()) and the parts are joined into compounds (join()).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "base/util.h"
#include "search/namekey.h"
#include "base/banned.h"

#define NAME_MAX_UNITS	512	/* UTF-16 units of a name we look at */
#define PART_MAX	64	/* bytes of one folded part */

/* A vowel (dropped) in the class tables. */
#define VOWEL	'.'

struct part {
	char	text[PART_MAX];		/* folded UTF-8 */
	size_t	len;
};

/* ------------------------------------------------------------------ */
/* The class of a letter                                              */
/* ------------------------------------------------------------------ */

static char
arabic_class(UChar32 c)
{
	switch (c) {
	case 0x0628: return 'B';				/* ب */
	case 0x067E: return 'P';				/* پ */
	case 0x062A: case 0x0637: case 0x0679: case 0x062B:	/* ت ط ٹ ث */
		return 'T';
	case 0x0633: case 0x0635: case 0x0685:			/* س ص څ */
		return 'S';
	case 0x062C: case 0x0698:				/* ج ژ */
		return 'J';
	case 0x0686: case 0x0687: case 0x0634: case 0x069A:	/* چ ڇ ش ښ */
		return 'X';
	case 0x062D: case 0x062E: case 0x0647: case 0x06BE:	/* ح خ ه ھ */
	case 0x06C1: case 0x06C0:				/* ہ ۀ */
		return 'H';
	case 0x062F: case 0x0688: case 0x0689:			/* د ڈ ډ */
		return 'D';
	case 0x0630: case 0x0636: case 0x0638: case 0x0632:	/* ذ ض ظ ز */
	case 0x0681:						/* ځ */
		return 'Z';
	case 0x0631: case 0x0695: case 0x0693: case 0x0691:	/* ر ڕ ړ ڑ */
		return 'R';
	case 0x063A: case 0x0642: case 0x0643: case 0x06A9:	/* غ ق ك ک */
	case 0x06AF: case 0x06AB: case 0x06AD:			/* گ ګ ڭ */
		return 'K';
	case 0x0641: case 0x06A4:				/* ف ڤ */
		return 'F';
	case 0x0644: case 0x06B5:				/* ل ڵ */
		return 'L';
	case 0x0645: return 'M';				/* م */
	case 0x0646: case 0x06BA: case 0x06BC:			/* ن ں ڼ */
		return 'N';
	case 0x0648: case 0x06C6: case 0x06C7: case 0x06C9:	/* و ۆ ۇ ۉ */
		return 'W';
	case 0x064A: case 0x06CC: case 0x0649: case 0x06D0:	/* ي ی ى ې */
	case 0x06D2: case 0x06CE: case 0x06CD:			/* ے ێ ۍ */
		return 'Y';
	case 0x0627: case 0x0622: case 0x0623: case 0x0625:	/* ا آ أ إ */
	case 0x0671: case 0x0621: case 0x0626: case 0x0624:	/* ٱ ء ئ ؤ */
	case 0x06D5: case 0x0639: case 0x0629:			/* ە ع ة */
		return VOWEL;
	}
	return 0;
}

static char
cyrillic_class(UChar32 c)
{
	switch (c) {
	case 0x0431: return 'B';				/* б */
	case 0x043F: return 'P';				/* п */
	case 0x0442: return 'T';				/* т */
	case 0x0441: case 0x0446: return 'S';			/* с ц */
	case 0x0436: case 0x04B7: return 'J';			/* ж ҷ */
	case 0x0448: case 0x0449: case 0x0447: return 'X';	/* ш щ ч */
	case 0x0445: case 0x04B3: case 0x04BB: return 'H';	/* х ҳ һ */
	case 0x0434: return 'D';				/* д */
	case 0x0437: return 'Z';				/* з */
	case 0x0440: return 'R';				/* р */
	case 0x0444: return 'F';				/* ф */
	case 0x043A: case 0x049B: case 0x0433: case 0x0493:	/* к қ г ғ */
		return 'K';
	case 0x043B: return 'L';				/* л */
	case 0x043C: return 'M';				/* м */
	case 0x043D: return 'N';				/* н */
	case 0x0432: case 0x045E: return 'W';			/* в ў */
	case 0x0439: return 'Y';				/* й */
	case 0x0430: case 0x0435: case 0x0451: case 0x0438:	/* а е ё и */
	case 0x043E: case 0x0443: case 0x044B: case 0x044D:	/* о у ы э */
	case 0x044E: case 0x044F: case 0x04E3: case 0x04EF:	/* ю я ӣ ӯ */
	case 0x044A: case 0x044C:				/* ъ ь */
		return VOWEL;
	}
	return 0;
}

static char
latin_class(char c)
{
	static const char map[26] = {
		VOWEL, 'B', 'J', 'D', VOWEL, 'F', 'K', 'H', VOWEL, 'J', 'K',
		'L', 'M', 'N', VOWEL, 'P', 'K', 'R', 'S', 'T', VOWEL, 'W', 'W',
		'H', 'Y', 'Z',
	};

	return c >= 'a' && c <= 'z' ? map[c - 'a'] : 0;
}

/* Latin spellings of one class, longest first. */
static const struct {
	const char	*spelling;
	char		 cls;
} digraphs[] = {
	{ "dsch", 'J' }, { "tsch", 'X' }, { "sch", 'X' }, { "dzh", 'J' },
	{ "tch", 'X' }, { "dj", 'J' }, { "zh", 'J' }, { "ck", 'K' },
	{ "kh", 'H' }, { "gh", 'K' }, { "sh", 'X' }, { "ch", 'X' },
	{ "th", 'T' }, { "dh", 'Z' }, { "ph", 'F' },
};

/* ------------------------------------------------------------------ */
/* Folding a name into parts                                          */
/* ------------------------------------------------------------------ */

static bool
separator(UChar32 c)
{
	return u_isUWhiteSpace(c) || c == '-' || c == ',' || c == '.' ||
	    c == '\'' || c == '`' || c == '_' || c == 0x2019 ||
	    c == 0x2018 || c == 0x02BC || c == 0x060C || c == 0x2010 ||
	    c == 0x2013 || c == 0x2014 || c == '(' || c == ')';
}

/* Marks and joiners that do not change a name. */
static bool
ignored(UChar32 c)
{
	return u_charType(c) == U_NON_SPACING_MARK || c == 0x0640 ||
	    c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F;
}

static void
part_add(struct part *p, const char *s)
{
	size_t n = strlen(s);

	if (p->len + n < PART_MAX) {
		memcpy(p->text + p->len, s, n);
		p->len += n;
		p->text[p->len] = '\0';
	}
}

static void
part_add_char(struct part *p, UChar32 c)
{
	char buf[4];
	int32_t n = 0;
	UBool bad = false;

	U8_APPEND(buf, n, (int32_t)sizeof(buf), c, bad);
	if (!bad && p->len + (size_t)n < PART_MAX) {
		memcpy(p->text + p->len, buf, (size_t)n);
		p->len += (size_t)n;
		p->text[p->len] = '\0';
	}
}

/*
 * A Latin letter with a mark, as plain letters: the marks that change the
 * sound of the letter (ş ç š ž č), as their digraph; others dropped.
 */
static void
add_latin(struct part *p, UChar32 c, const UNormalizer2 *nfd)
{
	UChar decomposed[8];
	UErrorCode uerr = U_ZERO_ERROR;
	int32_t n;
	UChar32 base, mark = 0;
	int32_t i = 0;

	switch (c) {
	case 0x00E6: part_add(p, "ae"); return;		/* æ */
	case 0x00F8: part_add(p, "o"); return;		/* ø */
	case 0x00F0: part_add(p, "d"); return;		/* ð */
	case 0x00FE: part_add(p, "th"); return;		/* þ */
	case 0x0142: part_add(p, "l"); return;		/* ł */
	case 0x0111: part_add(p, "d"); return;		/* đ */
	case 0x0131: part_add(p, "i"); return;		/* ı */
	}
	n = unorm2_getRawDecomposition(nfd, c, decomposed,
	    (int32_t)ARRAY_SIZE(decomposed), &uerr);
	if (U_FAILURE(uerr) || n <= 0) {
		if (c < 0x80)
			part_add_char(p, c);
		return;
	}
	U16_NEXT(decomposed, i, n, base);
	if (i < n)
		U16_NEXT(decomposed, i, n, mark);
	if ((mark == 0x0327 || mark == 0x030C) && (base == 's' || base == 'c'))
		part_add(p, base == 's' ? "sh" : "ch");
	else if (mark == 0x030C && base == 'z')
		part_add(p, "zh");
	else if (base < 0x80)
		part_add_char(p, base);
}

/*
 * The folded parts of name.  A Latin letter becomes ASCII; an Arabic
 * script or Cyrillic letter stays itself.
 */
static size_t
fold_parts(const char *name, struct part *parts, size_t max, size_t *comma)
{
	UChar src[NAME_MAX_UNITS], norm[NAME_MAX_UNITS],
	    folded[NAME_MAX_UNITS];
	UErrorCode uerr = U_ZERO_ERROR;
	const UNormalizer2 *nfkc, *nfd;
	int32_t len, i = 0;
	size_t n = 0;

	u_strFromUTF8(src, (int32_t)ARRAY_SIZE(src), &len, name, -1, &uerr);
	if (U_FAILURE(uerr) || uerr == U_STRING_NOT_TERMINATED_WARNING)
		return 0;
	nfkc = unorm2_getNFKCInstance(&uerr);
	nfd = unorm2_getNFDInstance(&uerr);
	if (U_FAILURE(uerr))
		return 0;
	len = unorm2_normalize(nfkc, src, len, norm,
	    (int32_t)ARRAY_SIZE(norm), &uerr);
	if (U_FAILURE(uerr))
		return 0;
	len = u_strFoldCase(folded, (int32_t)ARRAY_SIZE(folded), norm, len,
	    U_FOLD_CASE_DEFAULT, &uerr);
	if (U_FAILURE(uerr) || len >= (int32_t)ARRAY_SIZE(folded))
		return 0;
	memset(&parts[0], 0, sizeof(parts[0]));
	while (i < len) {
		UChar32 c;

		U16_NEXT(folded, i, len, c);
		if (separator(c)) {
			/* "FAMILY, Given": the parts before the first comma */
			if ((c == ',' || c == 0x060C) && *comma == 0)
				*comma = parts[n].len > 0 ? n + 1 : n;
			if (parts[n].len > 0 && n + 1 < max)
				memset(&parts[++n], 0, sizeof(parts[0]));
			continue;
		}
		if (ignored(c))
			continue;
		if (u_hasBinaryProperty(c, UCHAR_ALPHABETIC) == 0 && c != '/')
			continue;
		if (arabic_class(c) || cyrillic_class(c))
			part_add_char(&parts[n], c);
		else
			add_latin(&parts[n], c, nfd);
	}
	return parts[n].len > 0 ? n + 1 : n;
}

/* ------------------------------------------------------------------ */
/* One part's skeleton                                                */
/* ------------------------------------------------------------------ */

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n > m && memcmp(s + n - m, tail, m) == 0;
}

static bool
starts_with(const char *s, const char *head)
{
	return strncmp(s, head, strlen(head)) == 0;
}

/* The endings of patronymics (-ovich, -ович), which the key leaves out. */
static const char *const patronymic[] = {
	"ovich", "evich", "ovna", "evna", "\xd0\xbe\xd0\xb2\xd0\xb8\xd1\x87",
	"\xd0\xb5\xd0\xb2\xd0\xb8\xd1\x87", "\xd0\xbe\xd0\xb2\xd0\xbd\xd0\xb0",
	"\xd0\xb5\xd0\xb2\xd0\xbd\xd0\xb0",
};

struct skeleton {
	char	cls[NAMEKEY_MAX];	/* the classes, vowels as VOWEL */
	size_t	n;
	bool	first_vowel;
	bool	last_i;
};

static void
push(struct skeleton *s, char c)
{
	if (s->n + 1 < sizeof(s->cls))
		s->cls[s->n++] = c;
}

static void
latin_skeleton(const char *t, struct skeleton *s)
{
	size_t len = strlen(t), i = 0;
	/* French "ou" before a vowel is a w: Oualid, Ouafa. */
	bool french_w = len > 2 && (starts_with(t, "ou") ||
	    starts_with(t, "oo")) && strchr("aeiy", t[2]);

	if (french_w) {
		push(s, 'W');
		i = 2;
	}
	while (i < len) {
		size_t d;

		for (d = 0; d < ARRAY_SIZE(digraphs); d++)
			if (starts_with(t + i, digraphs[d].spelling))
				break;
		if (d < ARRAY_SIZE(digraphs)) {
			push(s, digraphs[d].cls);
			i += strlen(digraphs[d].spelling);
			continue;
		}
		if (latin_class(t[i]))
			push(s, latin_class(t[i]));
		i++;
	}
	s->first_vowel = len > 0 && strchr("aeiou", t[0]) != NULL &&
	    !french_w;
	s->last_i = len > 2 && (t[len - 1] == 'i' || ends_with(t, "ee") ||
	    ends_with(t, "ie") || (t[len - 1] == 'y' && !ends_with(t, "ay") &&
	    !ends_with(t, "ey")));
}

static void
script_skeleton(const char *t, struct skeleton *s)
{
	int32_t len = (int32_t)strlen(t), i = 0;
	UChar32 c, first = 0, last = 0, before_last = 0;
	bool arabic = false;

	while (i < len) {
		char k;

		U8_NEXT(t, i, len, c);
		if (c < 0)
			continue;
		if (!first)
			first = c;
		before_last = last;
		last = c;
		/* дж is one sound, ж's class */
		if (c == 0x0434 && i < len) {
			UChar32 next;
			int32_t j = i;

			U8_NEXT(t, j, len, next);
			if (next == 0x0436) {
				push(s, 'J');
				i = j;
				last = next;
				continue;
			}
		}
		k = arabic_class(c);
		if (k)
			arabic = true;
		else
			k = cyrillic_class(c);
		if (k)
			push(s, k);
	}
	if (arabic) {
		s->first_vowel = arabic_class(first) == VOWEL;
		s->last_i = len > 4 && (last == 0x064A || last == 0x06CC);
	} else {
		s->first_vowel = cyrillic_class(first) == VOWEL;
		s->last_i = len > 4 && (last == 0x0438 || last == 0x044B ||
		    last == 0x04E3 || (last == 0x0439 &&
		    before_last == 0x0438));
	}
}

/*
 * The fine key of part t (without its article) into out: its consonant
 * classes, a final h dropped (Fatimah, Fatemeh, فاطمه; Saleh, Salih),
 * w and y kept only first (inside a word they are mostly long vowels),
 * doubles collapsed, with the marks.  "" when nothing is left.
 */
static void
skeleton(const char *t, char *out)
{
	struct skeleton s = { 0 };
	char tmp[PART_MAX];
	size_t n = 0;

	out[0] = '\0';
	snprintf(tmp, sizeof(tmp), "%s", t);
	for (size_t i = 0; i < ARRAY_SIZE(patronymic); i++)
		if (ends_with(tmp, patronymic[i]) &&
		    strlen(tmp) > strlen(patronymic[i]) + 2) {
			tmp[strlen(tmp) - strlen(patronymic[i])] = '\0';
			break;
		}
	if ((unsigned char)tmp[0] < 0x80)
		latin_skeleton(tmp, &s);
	else
		script_skeleton(tmp, &s);
	if (s.n > 2 && s.cls[s.n - 1] == 'H')
		s.n--;
	if (s.first_vowel)
		out[n++] = 'v';
	for (size_t i = 0; i < s.n; i++) {
		char c = s.cls[i];

		if (c == VOWEL || ((c == 'W' || c == 'Y') && i > 0))
			continue;
		if (n > 0 && out[n - 1] == c)
			continue;
		if (n + 2 < NAMEKEY_MAX)
			out[n++] = c;
	}
	if (n == 0 || (n == 1 && out[0] == 'v')) {
		out[0] = '\0';
		return;
	}
	if (s.last_i && n + 1 < NAMEKEY_MAX)
		out[n++] = 'i';
	out[n] = '\0';
}

/* ------------------------------------------------------------------ */
/* Particles, articles and compounds                                  */
/* ------------------------------------------------------------------ */

/* Parts that are not names: particles and the article written apart. */
static const char *const particles[] = {
	"al", "el", "ul", "ur", "ud", "ad", "as", "ash", "an", "ar", "at",
	"az", "bin", "ibn", "bn", "ben", "bint", "binti", "ould", "walad",
	"wuld", "s/o", "d/o", "w/o", "da", "de", "d",
	"\xd8\xa7\xd9\x84",				/* ال */
	"\xd8\xa8\xd9\x86",				/* بن */
	"\xd8\xa7\xd8\xa8\xd9\x86",			/* ابن */
	"\xd8\xa8\xd9\x86\xd8\xaa",			/* بنت */
	"\xd9\x88\xd9\x84\xd8\xaf",			/* ولد */
	"\xd0\xb0\xd0\xbb\xd1\x8c",			/* аль */
	"\xd0\xb0\xd0\xbb",				/* ал */
	"\xd1\x8d\xd0\xbb\xd1\x8c",			/* эль */
	"\xd0\xb8\xd0\xb1\xd0\xbd",			/* ибн */
	"\xd0\xb1\xd0\xb8\xd0\xbd",			/* бин */
	"\xd0\xb1\xd0\xb8\xd0\xbd\xd1\x82",		/* бинт */
};

/* "... al-Din" written apart: joins the name before it. */
static const char *const din[] = {
	"din", "deen", "dine", "eddin", "eddine", "uddin", "addin", "aldin",
	"\xd8\xaf\xd9\x8a\xd9\x86",				/* دين */
	"\xd8\xa7\xd9\x84\xd8\xaf\xd9\x8a\xd9\x86",		/* الدين */
	"\xd0\xb4\xd0\xb8\xd0\xbd",				/* дин */
	"\xd1\x83\xd0\xb4\xd0\xb4\xd0\xb8\xd0\xbd",		/* уддин */
	"\xd0\xb8\xd0\xb4\xd0\xb4\xd0\xb8\xd0\xbd",		/* иддин */
};

/* "... Ullah" written apart: joins the name before it. */
static const char *const ullah[] = {
	"ullah", "ulla", "ullo", "ulloh", "allah", "ollah", "olla", "alla",
	"\xd8\xa7\xd9\x84\xd9\x84\xd9\x87",			/* الله */
	"\xd8\xa7\xd9\x84\xd9\x84\xdb\x81",			/* اللہ */
	"\xd1\x83\xd0\xbb\xd0\xbb\xd0\xbe",			/* улло */
	"\xd1\x83\xd0\xbb\xd0\xbb\xd0\xbe\xd1\x85",		/* уллох */
	"\xd1\x83\xd0\xbb\xd0\xbb\xd0\xb0",			/* улла */
	"\xd1\x83\xd0\xbb\xd0\xbb\xd0\xb0\xd1\x85",		/* уллах */
	"\xd0\xb0\xd0\xbb\xd0\xbb\xd0\xb0\xd1\x85",		/* аллах */
};

static bool
listed(const char *t, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t, list[i]) == 0)
			return true;
	return false;
}

#define LISTED(t, list)	listed((t), (list), ARRAY_SIZE(list))

/*
 * Part t without the article joined to it: ال, al-/el- before a
 * consonant (Aljubouri, but not Ali or Alam), аль/ал/эль.
 */
static const char *
without_article(const char *t)
{
	static const char *const cyrillic[] = {
		"\xd0\xb0\xd0\xbb\xd1\x8c", "\xd1\x8d\xd0\xbb\xd1\x8c",
		"\xd0\xb0\xd0\xbb",
	};
	size_t len = strlen(t);

	if (starts_with(t, "\xd8\xa7\xd9\x84") && len > 8 &&
	    !LISTED(t, ullah))
		return t + 4;
	for (size_t i = 0; i < ARRAY_SIZE(cyrillic); i++)
		if (starts_with(t, cyrillic[i]) &&
		    len > strlen(cyrillic[i]) + 4)
			return t + strlen(cyrillic[i]);
	if ((starts_with(t, "al") || starts_with(t, "el")) && len > 4 &&
	    strchr("bcdfghjklmnpqrstvwxz", t[2]))
		return t + 2;
	return t;
}

/* The classes of a fine key, marks left out. */
static const char *
bare(const char *fine, char *buf)
{
	size_t n = strlen(fine);

	if (n && fine[0] == 'v') {
		fine++;
		n--;
	}
	if (n && fine[n - 1] == 'i')
		n--;
	memcpy(buf, fine, n);
	buf[n] = '\0';
	return buf;
}

/* Doubles collapsed (a join can make them), marks kept. */
static void
collapse(char *k)
{
	size_t w = 0;

	for (size_t r = 0; k[r]; r++)
		if (w == 0 || k[w - 1] != k[r] || k[r] == 'v' || k[r] == 'i')
			k[w++] = k[r];
	k[w] = '\0';
}

static void
coarse_of(const char *fine, char *out)
{
	size_t w = 0;

	for (size_t r = 0; fine[r]; r++) {
		char c = fine[r] == 'Z' ? 'D' : fine[r];

		if (c == 'v' || c == 'i' || (w > 0 && out[w - 1] == c))
			continue;
		out[w++] = c;
	}
	out[w] = '\0';
}

/* Appends classes (marks left out) to key, within its size. */
static void
key_append(char *key, const char *classes)
{
	size_t n = strlen(key);

	if (n && key[n - 1] == 'i')
		key[--n] = '\0';
	snprintf(key + n, NAMEKEY_MAX - n, "%s", classes);
}

/* Rotates parts[0..n) left by k. */
static void
rotate(struct part *parts, size_t n, size_t k)
{
	while (k-- > 0) {
		struct part first = parts[0];

		memmove(parts, parts + 1, (n - 1) * sizeof(*parts));
		parts[n - 1] = first;
	}
}

/* Surname endings that a name written family first starts with. */
static const char *const surname_endings[] = {
	"ov", "ova", "ev", "eva", "zoda", "zade",
	"\xd0\xbe\xd0\xb2", "\xd0\xbe\xd0\xb2\xd0\xb0",		/* ов ова */
	"\xd0\xb5\xd0\xb2", "\xd0\xb5\xd0\xb2\xd0\xb0",		/* ев ева */
	"\xd0\xb7\xd0\xbe\xd0\xb4\xd0\xb0",				/* зода */
};

/*
 * Puts the given name first: the parts before a comma ("AL-JUBOURI,
 * Munira") go to the end, and so does a first part with a Russian or
 * Tajik surname ending (Rahmonov Jamshed, as Russian forms write it).
 */
static void
given_first(struct part *parts, size_t n, size_t comma)
{
	if (n < 2)
		return;
	if (comma > 0 && comma < n) {
		rotate(parts, n, comma);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(surname_endings); i++)
		if (ends_with(parts[0].text, surname_endings[i]) &&
		    parts[0].len > strlen(surname_endings[i]) + 3) {
			rotate(parts, n, 1);
			return;
		}
}

size_t
namekey_of(const char *name, struct namekey *keys, size_t max)
{
	struct part parts[NAMEKEY_PARTS * 2];
	size_t n_parts, n = 0, comma = 0;

	if (!name || max == 0)
		return 0;
	n_parts = fold_parts(name, parts, ARRAY_SIZE(parts), &comma);
	given_first(parts, n_parts, comma);
	for (size_t i = 0; i < n_parts && n < max; i++) {
		const char *t = parts[i].text, *base;
		char fine[NAMEKEY_MAX], b[NAMEKEY_MAX], c[NAMEKEY_MAX];

		if (LISTED(t, particles))
			continue;
		base = without_article(t);
		skeleton(base, fine);
		if (!fine[0])
			continue;
		coarse_of(fine, c);
		/* Abd and the name after it are one name. */
		if (strlen(base) <= 6 && strncmp(c, "BD", 2) == 0 &&
		    strlen(c) <= 3 && i + 1 < n_parts) {
			size_t j = i + 1;
			char next[NAMEKEY_MAX];

			while (j < n_parts && LISTED(parts[j].text, particles))
				j++;
			if (j < n_parts) {
				skeleton(without_article(parts[j].text), next);
				snprintf(fine, sizeof(fine), "vBD");
				key_append(fine, bare(next, b));
				if (next[0] && next[strlen(next) - 1] == 'i')
					key_append(fine, "i");
				i = j;
			}
		}
		/* The article inside a joined Abd- name: Abdulrahman. */
		bare(fine, b);
		if (strncmp(b, "BDL", 3) == 0 && strlen(b) > 3) {
			char *at = strstr(fine, "BDL");

			memmove(at + 2, at + 3, strlen(at + 3) + 1);
		}
		if (n > 0 && (LISTED(t, din) || LISTED(base, din))) {
			key_append(keys[n - 1].fine, "DN");
			continue;
		}
		if (n > 0 && (LISTED(t, ullah) || LISTED(base, ullah))) {
			key_append(keys[n - 1].fine, "L");
			continue;
		}
		snprintf(keys[n].fine, sizeof(keys[n].fine), "%s", fine);
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		char b[NAMEKEY_MAX];
		char *at;

		/* Nur al-Din, Nuruddin, نور الدين: one form. */
		bare(keys[i].fine, b);
		if (strlen(b) > 3 && ends_with(b, "LDN") &&
		    (at = strstr(keys[i].fine, "LDN")) != NULL)
			memmove(at, at + 1, strlen(at + 1) + 1);
		collapse(keys[i].fine);
		coarse_of(keys[i].fine, keys[i].coarse);
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Similarity                                                         */
/* ------------------------------------------------------------------ */

/* Damerau-Levenshtein distance of two short keys (optimal alignment). */
static int
distance(const char *a, const char *b)
{
	int d[NAMEKEY_MAX + 1][NAMEKEY_MAX + 1];
	int la = (int)strlen(a), lb = (int)strlen(b);

	for (int i = 0; i <= la; i++)
		d[i][0] = i;
	for (int j = 0; j <= lb; j++)
		d[0][j] = j;
	for (int i = 1; i <= la; i++)
		for (int j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = MIN(d[i - 1][j] + 1, d[i][j - 1] + 1);

			v = MIN(v, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1])
				v = MIN(v, d[i - 2][j - 2] + 1);
			d[i][j] = v;
		}
	return d[la][lb];
}

static void
without_h(const char *k, char *out)
{
	size_t w = 0;

	for (size_t r = 0; k[r]; r++)
		if (k[r] != 'H' && (w == 0 || out[w - 1] != k[r]))
			out[w++] = k[r];
	out[w] = '\0';
}

double
namekey_similarity(const struct namekey *a, const struct namekey *b)
{
	char ha[NAMEKEY_MAX], hb[NAMEKEY_MAX];
	size_t longer;
	int d;

	if (strcmp(a->fine, b->fine) == 0)
		return 1.0;
	if (strcmp(a->coarse, b->coarse) == 0)
		return 0.85;
	without_h(a->coarse, ha);
	without_h(b->coarse, hb);
	if (MAX(strlen(a->coarse), strlen(b->coarse)) > 2 && strcmp(ha, hb) == 0)
		return 0.8;
	d = distance(a->coarse, b->coarse);
	longer = MAX(strlen(a->coarse), strlen(b->coarse));
	if (d == 1)
		return longer >= 3 ? 0.75 : 0.5;
	if (d == 2 && longer >= 5)
		return 0.45;
	return 0.0;
}

void
namekey_line(const struct namekey *keys, size_t n, char *out, size_t size)
{
	size_t len = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < n && len + 1 < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s",
		    i ? " " : "", keys[i].fine);
}

bool
namekey_parse(const char *fine, size_t len, struct namekey *key)
{
	if (len == 0 || len >= sizeof(key->fine))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!strchr("vBPTSJXHDZRFKLMNWYi", fine[i]))
			return false;
	memcpy(key->fine, fine, len);
	key->fine[len] = '\0';
	coarse_of(key->fine, key->coarse);
	return key->coarse[0] != '\0';
}
