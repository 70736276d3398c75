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

/*
 * What vowels do to the likeness of two keys with the same classes: a
 * conflict (Hasan and Husayn, Mahmood and Muhammad) costs about what a
 * class typed wrong does; short vowels of no common quality, or a u that
 * may be long against none, less.  Vowels that say nothing either way
 * (Mohammed against محمد) cost nothing: a spelling in the query's own
 * script must not win over the same name in another.
 */
#define VOWEL_CONFLICT	0.25
#define VOWEL_DOUBT	0.1
#define VOWELS_FLOOR	0.4
#define FIRST_VOWEL_ONLY 0.7	/* a first vowel on one side only */
#define EDIT4		0.65	/* one class edited, in 4 classes */
#define EDIT3		0.55
#define EDIT2		0.4

/*
 * Vowels in the class tables.  A short vowel is its letter, a e i o u; a
 * long one (written in Arabic script too: ا و ي, or doubled, ou, ee, ī,
 * î in Latin) is one of these; AYN is ع or a hamza, which Latin writes as
 * any vowel; VOWEL is a letter that stands for no vowel of its own (ъ).
 */
#define VOWEL	'.'
#define LONG_A	'1'
#define LONG_I	'2'
#define LONG_U	'3'
#define LONG_E	'4'	/* ى: a long a or i, as the keyboards mix them */
#define MAYBE_U	'5'	/* ou: long in English (Mahmoud), any u in French
			 * (Moustafa, Jouburi) */
#define AYN	'\''	/* ع or hamza: Latin writes a vowel for it, often
			 * doubled (Saad, Jaafar, Raaed) */

static bool
is_vowel(char c)
{
	return c == VOWEL || c == AYN || (c >= '1' && c <= '5') ||
	    (c != '\0' && strchr("aeiou", c) != NULL);
}

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
	case 0x062A: case 0x0637: case 0x0679:			/* ت ط ٹ */
		return 'T';
	case 0x062B: return 'C';	/* ث: th in Arabic, s in Persian,
					 * Urdu and Turkish (Uthman, Osman) */
	case 0x0633: case 0x0635:				/* س ص */
		return 'S';
	case 0x0685: return 'X';	/* څ: Pashto ts, ch in names (اڅکزی) */
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
	case 0x0641: return 'F';				/* ف */
	case 0x06A4: return 'W';	/* ڤ: v in Kurdish (Berivan, بێریڤان)
					 * and in foreign names, as Latin v */
	case 0x0644: case 0x06B5:				/* ل ڵ */
		return 'L';
	case 0x0645: return 'M';				/* م */
	case 0x0646: case 0x06BA: case 0x06BC:			/* ن ں ڼ */
		return 'N';
	case 0x0648: case 0x06C6: case 0x06C7: case 0x06C9:	/* و ۆ ۇ ۉ */
		return 'W';
	case 0x064A: case 0x06CC: case 0x06D0:			/* ي ی ې */
	case 0x06D2: case 0x06CE: case 0x06CD:			/* ے ێ ۍ */
		return 'Y';
	case 0x0649: return LONG_E;				/* ى */
	case 0x0627: case 0x0622: case 0x0623: case 0x0625:	/* ا آ أ إ */
	case 0x0671:						/* ٱ */
		return LONG_A;
	case 0x0621: case 0x0626: case 0x0624: case 0x0639:	/* ء ئ ؤ ع */
		return AYN;
	case 0x06D5: return 'e';				/* ە */
	case 0x0629: return 'a';				/* ة */
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
	case 0x043A: case 0x049B: case 0x0493:			/* к қ ғ */
		return 'K';
	case 0x0433: return 'G';	/* г: a Latin g, Магед as Maged */
	case 0x043B: return 'L';				/* л */
	case 0x043C: return 'M';				/* м */
	case 0x043D: return 'N';				/* н */
	case 0x0432: case 0x045E: return 'W';			/* в ў */
	case 0x0439: return 'Y';				/* й */
	case 0x0430: case 0x044F: return 'a';			/* а я */
	case 0x0435: case 0x044D: return 'e';			/* е э */
	case 0x0438: case 0x044B: return 'i';			/* и ы */
	case 0x043E: case 0x0451: return 'o';			/* о ё */
	case 0x0443: case 0x044E: return 'u';			/* у ю */
	case 0x04E3: return LONG_I;				/* ӣ */
	case 0x04EF: return LONG_U;				/* ӯ */
	case 0x044A: case 0x044C:				/* ъ ь */
		return VOWEL;
	}
	return 0;
}

static char
latin_class(char c)
{
	static const char map[26] = {
		'a', 'B', 'Q', 'D', 'e', 'F', 'G', 'H', 'i', 'J', 'K',
		'L', 'M', 'N', 'o', 'P', 'K', 'R', 'S', 'T', 'u', 'W', 'W',
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
	{ "th", 'C' }, { "dh", 'Z' }, { "ph", 'F' },
};

/* ------------------------------------------------------------------ */
/* Folding a name into parts                                          */
/* ------------------------------------------------------------------ */

static bool
apostrophe(UChar32 c)
{
	return c == '\'' || c == '`' || c == 0x2019 || c == 0x2018 ||
	    c == 0x02BC;
}

static bool
separator(UChar32 c)
{
	return u_isUWhiteSpace(c) || c == '-' || c == ',' || c == '.' ||
	    apostrophe(c) || c == '_' || c == 0x060C || c == 0x2010 ||
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
	else if ((mark == 0x0302 || mark == 0x0304) && base < 0x80 &&
	    strchr("aeiou", (int)base)) {
		/* Kurmanji î û ê, scholarly ā ī ū: a long vowel */
		part_add_char(p, base);
		part_add_char(p, base);
	}
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
		/* An apostrophe inside a word writes ع or a hamza (Ja'far,
		 * Ra'id, Sa'adi): the word goes on.  After one letter (d',
		 * O') or the article it separates. */
		if (apostrophe(c) && i < len && parts[n].len >= 2 &&
		    u_isalpha(folded[i]) && strcmp(parts[n].text, "al") != 0 &&
		    strcmp(parts[n].text, "el") != 0)
			continue;
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

/* The length of t's patronymic ending, 0 for none. */
static size_t
patronymic_ending(const char *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(patronymic); i++)
		if (ends_with(t, patronymic[i]) &&
		    strlen(t) > strlen(patronymic[i]) + 2)
			return strlen(patronymic[i]);
	return 0;
}

#define SHAPE_MAX	22	/* classes of one part's key */
#define GAP_MAX		5	/* bytes of the vowels after a class */

/*
 * One part's key while it is made: its classes, each with the vowels
 * heard after it ("" when none is written), and its marks.
 */
struct shape {
	bool	v;			/* starts with a vowel */
	bool	open;			/* a final h or mute e was dropped:
					 * whether it ends in a vowel is
					 * unknown */
	char	dropped;		/* the final class dropped, or 0 */
	size_t	n;
	char	cls[SHAPE_MAX];
	char	gap[SHAPE_MAX][GAP_MAX];
};

/*
 * A part's sounds, as the class tables give them: classes (capitals),
 * short vowels (a e i o u), long vowels (LONG_A ...) and VOWEL.
 */
struct skeleton {
	char	cls[PART_MAX];
	size_t	n;
	bool	first_vowel;
	bool	final_e;	/* ends in a Persian ه: Fatemeh, فاطمه */
	bool	final_y;	/* ends in ي or ی after a consonant */
};

static void
push(struct skeleton *s, char c)
{
	if (s->n + 1 < sizeof(s->cls))
		s->cls[s->n++] = c;
}

/*
 * Latin vowel pairs that write one long vowel: oo, ee, the ai and ei that
 * Arabic writes with ي (Husain, Hussein, Zainab), and doubled letters;
 * ou is a u that may be long.  A circumflex or macron (Kurmanji î û,
 * scholarly ā ī ū) doubled the letter when the part was folded.
 */
static const struct {
	const char	*spelling;
	char		 before;	/* a short vowel heard first, or 0 */
	char		 vowel;
} long_vowels[] = {
	{ "aa", 0, LONG_A }, { "ee", 0, LONG_I }, { "ii", 0, LONG_I },
	{ "ie", 0, LONG_I }, { "ei", 'e', LONG_I }, { "ai", 'a', LONG_I },
	{ "oo", 0, LONG_U }, { "ou", 0, MAYBE_U }, { "uu", 0, LONG_U },
};

/*
 * A Russian surname's ending and where its v is: said f, and written ف
 * in Persian script (Rahmonov, رحمانوف), but و before the feminine a
 * (Rahmonova, رحمانوا), which is that v too.
 */
struct surname_ending {
	const char	*ending;
	size_t		 v;		/* bytes into it */
};

static const struct surname_ending latin_ov[] = {
	{ "ov", 1 }, { "ev", 1 }, { "ova", 1 }, { "eva", 1 },
};

static const struct surname_ending script_ov[] = {
	{ "\xd0\xbe\xd0\xb2", 2 }, { "\xd0\xb5\xd0\xb2", 2 },	/* ов ев */
	{ "\xd0\xbe\xd0\xb2\xd0\xb0", 2 },			/* ова */
	{ "\xd0\xb5\xd0\xb2\xd0\xb0", 2 },			/* ева */
	{ "\xd9\x88\xd8\xa7", 0 },				/* وا */
};

/* Where in t the v of its surname ending is, or -1: an ending after
 * three letters at least. */
static int
surname_v(const char *t, const struct surname_ending *endings, size_t n)
{
	size_t len = strlen(t), letters_before = 0;

	for (size_t i = 0; i < n; i++) {
		size_t m = strlen(endings[i].ending);

		if (len <= m || memcmp(t + len - m, endings[i].ending, m) != 0)
			continue;
		for (size_t k = 0; k < len - m; k++)
			letters_before += ((unsigned char)t[k] & 0xC0) != 0x80;
		return letters_before >= 3 ? (int)(len - m + endings[i].v) :
		    -1;
	}
	return -1;
}

static void
latin_skeleton(const char *t, struct skeleton *s)
{
	size_t len = strlen(t), i = 0;
	int v_at = surname_v(t, latin_ov, ARRAY_SIZE(latin_ov));
	/* French "ou" before a vowel is a w: Oualid, Ouafa. */
	bool french_w = len > 2 && (starts_with(t, "ou") ||
	    starts_with(t, "oo")) && strchr("aeiy", t[2]);

	if (french_w) {
		push(s, 'W');
		i = 2;
	} else if (len > 2 && t[0] == 'i' && strchr("aou", t[1])) {
		/* Russian passports write я ю as ia iu: Iakub, Iusuf */
		push(s, 'Y');
		i = 1;
	} else if (len > 3 && starts_with(t, "bh")) {
		/* Urdu's aspirated b, بھ (Bhatti, Bhutto) */
		push(s, 'B');
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
		for (d = 0; d < ARRAY_SIZE(long_vowels); d++)
			if (starts_with(t + i, long_vowels[d].spelling))
				break;
		if (d < ARRAY_SIZE(long_vowels)) {
			if (long_vowels[d].before)
				push(s, long_vowels[d].before);
			push(s, long_vowels[d].vowel);
			i += 2;
			continue;
		}
		if ((int)i == v_at)
			push(s, 'F');
		else if (latin_class(t[i]))
			push(s, latin_class(t[i]));
		i++;
	}
	s->first_vowel = s->n > 0 && is_vowel(s->cls[0]);
}

/* Whether Arabic-script letter c is a consonant (not ا و ی ە ئ ع ...). */
static bool
consonant(UChar32 c)
{
	char k = arabic_class(c);

	return k != 0 && !is_vowel(k) && k != 'W' && k != 'Y';
}

/* The character of UTF-8 text t at byte i (len bytes), or 0. */
static UChar32
next_char(const char *t, int32_t i, int32_t len)
{
	UChar32 c = 0;

	if (i < len)
		U8_NEXT(t, i, len, c);
	return c < 0 ? 0 : c;
}

/*
 * Whether Arabic-script part t is Sorani: it has a letter only Kurdish
 * writes (ە ێ ۆ ڵ ڕ ڤ), or begins with ئه or عه, the vowel ە typed as ه
 * after a first ئ or ع (ئهحمهد, عهبدولڕەحمان), which Arabic never writes,
 * or has ه between two consonants twice (محهمهد, حهسهن, سهربهست): Arabic
 * and Persian names have that h once at most (مهدی, شهرام, زهرا).
 */
static bool
sorani(const char *t)
{
	static const char *const letters[] = {
		"\xdb\x95", "\xdb\x8e", "\xdb\x86", "\xda\xb5",	/* ە ێ ۆ ڵ */
		"\xda\x95", "\xda\xa4",				/* ڕ ڤ */
	};
	int32_t len = (int32_t)strlen(t), i = 0;
	UChar32 c, last = 0;
	int typed_e = 0;

	for (size_t k = 0; k < ARRAY_SIZE(letters); k++)
		if (strstr(t, letters[k]))
			return true;
	if (starts_with(t, "\xd8\xa6\xd9\x87") ||		/* ئه */
	    starts_with(t, "\xd8\xb9\xd9\x87"))			/* عه */
		return true;
	while (i < len) {
		U8_NEXT(t, i, len, c);
		if (c == 0x0647 && consonant(last) &&
		    consonant(next_char(t, i, len)) && ++typed_e == 2)
			return true;
		last = c;
	}
	return false;
}

/* The skeleton of Arabic-script or Cyrillic part t; kurdish: its name is
 * Sorani (sorani() of one of its words). */
static void
script_skeleton(const char *t, struct skeleton *s, bool kurdish)
{
	int v_at = surname_v(t, script_ov, ARRAY_SIZE(script_ov));
	int32_t len = (int32_t)strlen(t), i = 0;
	UChar32 c, first = 0, last = 0;
	bool arabic = false;

	while (i < len) {
		char k;

		U8_NEXT(t, i, len, c);
		if (c < 0)
			continue;
		if (!first)
			first = c;
		/* Sorani keyboards type the vowel ە as ه: in a Sorani word,
		 * after a first ئ or ع, or between two consonants, it is that
		 * vowel (تاڵهبانی is تاڵەبانی; but مەهدی has an h) */
		if (c == 0x0647 && kurdish && last != 0 && i < len &&
		    (((last == 0x0626 || last == 0x0639) && s->n == 1) ||
		    (consonant(last) && consonant(next_char(t, i, len))))) {
			push(s, 'e');
			last = c;
			continue;
		}
		/* Urdu ھ after a consonant makes it aspirated (چودھری,
		 * بھٹی: Chaudhry, Bhatti), no h of its own; Sorani writes
		 * its h so */
		if (c == 0x06BE && !kurdish && consonant(last)) {
			last = c;
			continue;
		}
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
		if (i - 2 == v_at)
			k = 'F';
		else if (!k)
			k = cyrillic_class(c);
		/* я ю е ё first or after a vowel are ya yu ye yo (Юсуф,
		 * Аюб) */
		if ((c == 0x044F || c == 0x044E || c == 0x0435 ||
		    c == 0x0451) && (s->n == 0 || is_vowel(s->cls[s->n - 1])))
			push(s, 'Y');
		/* я ю after a consonant are ya yu too, the y heard as an i
		 * (Марям is Maryam, مریم) */
		else if ((c == 0x044F || c == 0x044E) && !is_vowel(s->cls[s->n -
		    1]))
			push(s, 'i');
		if (k)
			push(s, k);
	}
	s->first_vowel = s->n > 0 && is_vowel(s->cls[0]);
	s->final_y = arabic && s->n > 1 && s->cls[s->n - 1] == 'Y' &&
	    !is_vowel(s->cls[s->n - 2]);
	s->final_e = arabic && len > 4 && (last == 0x0647 || last == 0x06C1 ||
	    last == 0x06C0);
}

/* The vowel letters of a long vowel, and the letter of a vowel. */
static char
vowel_letter(char v)
{
	switch (v) {
	case LONG_A: return 'a';
	case LONG_I: return 'i';
	case LONG_U: return 'u';
	case LONG_E: return 'e';
	}
	return v;
}

/*
 * Adds vowel v to gap (GAP_MAX bytes): each vowel once, a long one
 * (doubled letter) in place of the same short one.
 */
static void
gap_add(char *gap, char v)
{
	char x = vowel_letter(v);
	bool is_long = x != v;
	size_t len = strlen(gap);

	/* ou stays ou, unless a long u is there already */
	if (v == MAYBE_U) {
		if (!strstr(gap, "ou") && !strstr(gap, "uu") &&
		    len + 2 < GAP_MAX)
			memcpy(gap + len, "ou", 3);
		return;
	}

	for (size_t k = 0; k < len; k++) {
		bool doubled = k + 1 < len && gap[k + 1] == gap[k];

		if (gap[k] != x) {
			k += doubled;
			continue;
		}
		if (doubled || !is_long)
			return;
		/* the short one becomes long */
		if (len + 2 > GAP_MAX)
			return;
		memmove(gap + k + 1, gap + k, len - k + 1);
		return;
	}
	if (len + (is_long ? 2 : 1) < GAP_MAX) {
		gap[len++] = x;
		if (is_long)
			gap[len++] = x;
		gap[len] = '\0';
	}
}

/*
 * Appends class c to sh.  The same class twice with no vowel between is
 * one (Mohammed, and the shadda Arabic script leaves unwritten); with a
 * vowel between it is two (Habib, حبيب; Dawood, داود), but for join,
 * which never collapses (Saad al-Din, Saaduddin).
 */
static void
shape_push(struct shape *sh, char c, bool join)
{
	if (!join && sh->n > 0 && sh->cls[sh->n - 1] == c &&
	    sh->gap[sh->n - 1][0] == '\0')
		return;
	if (sh->n + 1 < SHAPE_MAX) {
		sh->cls[sh->n] = c;
		sh->gap[sh->n][0] = '\0';
		sh->n++;
	}
}

/*
 * The shape of part t (without its article) into *sh: its consonant
 * classes, a final h dropped (Fatimah, Fatemeh, فاطمه; Saleh, Salih),
 * w and y kept as classes only first (inside a word they are mostly long
 * vowels, and become those), doubles collapsed, each class with the
 * vowels after it.  sh->n is 0 when nothing is left.
 */
static void
skeleton(const char *t, struct shape *sh, bool kurdish)
{
	struct skeleton s = { 0 };
	char tmp[PART_MAX];
	size_t len;

	memset(sh, 0, sizeof(*sh));
	snprintf(tmp, sizeof(tmp), "%s", t);
	tmp[strlen(tmp) - patronymic_ending(tmp)] = '\0';
	len = strlen(tmp);
	if ((unsigned char)tmp[0] < 0x80) {
		latin_skeleton(tmp, &s);
		/* A final e is French and mute (Noureddine), or a
		 * Persian ه (Zohre): its vowel is unknown. */
		if (len > 3 && tmp[len - 1] == 'e' &&
		    !is_vowel(latin_class(tmp[len - 2]))) {
			s.n--;
			sh->open = true;
		}
	} else {
		script_skeleton(tmp, &s, kurdish);
	}
	if (s.n > 2 && s.cls[s.n - 1] == 'H') {
		s.n--;
		sh->open = true;
		sh->dropped = 'H';
	}
	sh->v = s.first_vowel;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.cls[i];

		if (c == VOWEL)
			continue;
		/* A final ی is an i (Ali, علی) or, where Arabic writes ى,
		 * an a (Musa, موسی; Mustafa, مصطفی): Persian, Urdu and
		 * Kurdish keyboards write both alike, and Arabic ones mix
		 * ي and ى. */
		if (c == 'Y' && i > 0 && i + 1 == s.n && s.final_y)
			c = LONG_E;
		else if ((c == 'W' || c == 'Y') && i > 0)
			c = c == 'W' ? LONG_U : LONG_I;
		if (!is_vowel(c))
			shape_push(sh, c, false);
		else if (sh->n > 0)
			gap_add(sh->gap[sh->n - 1], c);
	}
	if (sh->n > 0 && s.final_e)
		gap_add(sh->gap[sh->n - 1], 'e');
}

/* ------------------------------------------------------------------ */
/* Particles, articles and compounds                                  */
/* ------------------------------------------------------------------ */

/*
 * Parts that are not names: the article written apart, with its vowel as
 * the schemes write it (al, el, ul, ol, il) and its l taken by the letter
 * after it (ad-, ud-, od-, ed-, as-Salam, ur-Rahman, Taj od-Din); and the
 * words of kinship (bin, bint, walad, s/o).
 */
static const char *const articles[] = {
	"al", "el", "ul", "ol", "il", "ad", "ed", "ud", "od", "id", "ar",
	"er", "ur", "or", "as", "es", "us", "os", "ash", "esh", "ush", "osh",
	"at", "et", "ut", "ot", "az", "ez", "uz", "oz", "an", "en", "un", "on",
	"\xd8\xa7\xd9\x84",				/* ال */
	"\xd0\xb0\xd0\xbb\xd1\x8c",			/* аль */
	"\xd0\xb0\xd0\xbb",				/* ал */
	"\xd1\x8d\xd0\xbb\xd1\x8c",			/* эль */
	"\xd1\x8d\xd0\xbb",				/* эл */
	"\xd1\x83\xd0\xbb",				/* ул */
	"\xd0\xb0\xd0\xb4", "\xd1\x83\xd0\xb4", "\xd1\x8d\xd0\xb4",	/* ад уд эд */
	"\xd0\xb0\xd1\x80", "\xd1\x83\xd1\x80", "\xd1\x8d\xd1\x80",	/* ар ур эр */
	"\xd0\xb0\xd1\x81", "\xd1\x83\xd1\x81", "\xd1\x8d\xd1\x81",	/* ас ус эс */
	"\xd0\xb0\xd1\x88", "\xd1\x83\xd1\x88",			/* аш уш */
	"\xd0\xb0\xd1\x82", "\xd1\x83\xd1\x82",			/* ат ут */
	"\xd0\xb0\xd0\xb7", "\xd1\x83\xd0\xb7",			/* аз уз */
	"\xd0\xb0\xd0\xbd", "\xd1\x83\xd0\xbd",			/* ан ун */
};

static const char *const kinship[] = {
	"bin", "ibn", "bn", "ben", "bint", "binti", "bent", "ould", "walad",
	"wuld", "wald", "weld", "valad", "velad", "veled", "s/o", "d/o", "w/o",
	"da", "de", "d", "son", "daughter", "of", "wife",
	"\xd8\xa8\xd9\x86",				/* بن */
	"\xd8\xa7\xd8\xa8\xd9\x86",			/* ابن */
	"\xd8\xa8\xd9\x86\xd8\xaa",			/* بنت */
	"\xd9\x88\xd9\x84\xd8\xaf",			/* ولد */
	"\xd0\xb8\xd0\xb1\xd0\xbd",			/* ибн */
	"\xd0\xb1\xd0\xb8\xd0\xbd",			/* бин */
	"\xd0\xb1\xd0\xb8\xd0\xbd\xd1\x82",		/* бинт */
};

/* Abu, the father of: one name with the name after it. */
static const char *const abu[] = {
	"abu", "abou", "abo", "\xd8\xa7\xd8\xa8\xd9\x88",	/* ابو */
	"\xd8\xa3\xd8\xa8\xd9\x88",				/* أبو */
	"\xd0\xb0\xd0\xb1\xd1\x83",				/* абу */
};

/* Muhammad as lists abbreviate it. */
static const char *const muhammad[] = {
	"mohd", "muhd", "mhd", "md", "mohd.", "mokhd", "mukhd",
	"\xd0\xbc\xd0\xbe\xd1\x85\xd0\xb4",			/* мохд */
	"\xd0\xbc\xd1\x83\xd1\x85\xd0\xb4",			/* мухд */
};

/* "... al-Din" written apart: joins the name before it. */
static const char *const din[] = {
	"din", "deen", "dine", "eddin", "eddine", "uddin", "addin", "aldin",
	"eldin", "eldine", "iddin", "uldin",
	"\xd8\xaf\xd9\x8a\xd9\x86",				/* دين */
	"\xd8\xa7\xd9\x84\xd8\xaf\xd9\x8a\xd9\x86",		/* الدين */
	"\xd8\xaf\xdb\x8c\xd9\x86",				/* دین */
	"\xd8\xa7\xd9\x84\xd8\xaf\xdb\x8c\xd9\x86",		/* الدین */
	"\xd0\xb4\xd0\xb8\xd0\xbd",				/* дин */
	"\xd1\x83\xd0\xb4\xd0\xb4\xd0\xb8\xd0\xbd",		/* уддин */
	"\xd0\xb8\xd0\xb4\xd0\xb4\xd0\xb8\xd0\xbd",		/* иддин */
	"\xd1\x8d\xd0\xbb\xd0\xb4\xd0\xb8\xd0\xbd",		/* элдин */
	"\xd1\x8d\xd0\xb4\xd0\xb4\xd0\xb8\xd0\xbd",		/* эддин */
	"\xd0\xb0\xd0\xb4\xd0\xb4\xd0\xb8\xd0\xbd",		/* аддин */
	"\xd0\xb0\xd0\xbb\xd0\xb4\xd0\xb8\xd0\xbd",		/* алдин */
};

/* "... Ullah" written apart: joins the name before it. */
static const char *const ullah[] = {
	"ullah", "ulla", "ullo", "ulloh", "allah", "ollah", "olla", "alla",
	"ulah", "olah", "oullah", "oulla", "oulah", "ullahi",
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

static bool
particle(const char *t)
{
	return LISTED(t, articles) || LISTED(t, kinship);
}

/* The letters of UTF-8 text t (Абдул is five, as Abdul is). */
static size_t
letters(const char *t)
{
	size_t n = 0;

	for (; *t; t++)
		n += ((unsigned char)*t & 0xC0) != 0x80;
	return n;
}

/*
 * Part t without the article joined to it: ال, al-/el- before a
 * consonant (Aljubouri, but not Ali or Alam), аль/эль, and ал before a
 * consonant (Алджубури, but not Алишер or Алиев).
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
	for (size_t i = 0; i < ARRAY_SIZE(cyrillic); i++) {
		size_t m = strlen(cyrillic[i]);
		char k;

		if (!starts_with(t, cyrillic[i]) || len <= m + 4)
			continue;
		/* the soft sign marks the article; ал alone may begin a
		 * name */
		k = cyrillic_class(next_char(t, (int32_t)m, (int32_t)len));
		if (i < 2 || (k >= 'A' && k <= 'Z'))
			return t + m;
	}
	if ((starts_with(t, "al") || starts_with(t, "el")) && len > 4 &&
	    strchr("bcdfghjklmnpqrstvwxz", t[2]))
		return t + 2;
	return t;
}

/* Removes class k of sh; the vowels around it are no longer known. */
static void
shape_remove(struct shape *sh, size_t k)
{
	memmove(sh->cls + k, sh->cls + k + 1, sh->n - k - 1);
	memmove(sh->gap + k, sh->gap + k + 1, (sh->n - k - 1) *
	    sizeof(sh->gap[0]));
	sh->n--;
	if (k > 0)
		sh->gap[k - 1][0] = '\0';
}

/*
 * Appends the classes of src to dst, compounds joined: the vowel that
 * joins them (Abdul-, Nur-ud-, -ullah) is not part of either name.
 */
static void
shape_append(struct shape *dst, const struct shape *src)
{
	if (dst->n > 0)
		dst->gap[dst->n - 1][0] = '\0';
	for (size_t k = 0; k < src->n; k++) {
		size_t before = dst->n;

		shape_push(dst, src->cls[k], k == 0);
		if (dst->n > before)
			snprintf(dst->gap[dst->n - 1], GAP_MAX, "%s",
			    src->gap[k]);
	}
	dst->open = src->open;
	dst->dropped = src->dropped;
}

/*
 * Appends classes to dst: al-Din or Ullah written apart.  A final h
 * dropped is a class again inside the compound (Salah al-Din is
 * Salahuddin, Fateh Ullah is Fatehullah).
 */
static void
shape_append_classes(struct shape *dst, const char *classes)
{
	struct shape add = { .n = 0 };

	if (dst->dropped)
		shape_push(dst, dst->dropped, true);

	for (; *classes; classes++)
		shape_push(&add, *classes, false);
	shape_append(dst, &add);
}

/* Whether the classes of sh begin with prefix. */
static bool
shape_starts(const struct shape *sh, const char *prefix)
{
	size_t n = strlen(prefix);

	return sh->n >= n && memcmp(sh->cls, prefix, n) == 0;
}

/*
 * The key of sh, as namekey.h spells it: "v" first for a first vowel,
 * each class with its vowels, "h" last when the end is open.  Vowels
 * that do not fit are left out; classes always fit.
 */
static void
shape_render(const struct shape *sh, char *out)
{
	size_t w = 0;

	if (sh->v)
		out[w++] = 'v';
	for (size_t k = 0; k < sh->n; k++) {
		size_t g = strlen(sh->gap[k]);

		out[w++] = sh->cls[k];
		/* room for the classes after this one, "h" and the NUL */
		if (w + g + (sh->n - k - 1) + 2 <= NAMEKEY_MAX) {
			memcpy(out + w, sh->gap[k], g);
			w += g;
		}
	}
	if (sh->open)
		out[w++] = 'h';
	out[w] = '\0';
}

/*
 * The fine key of a spelt key: the classes and the marks, "i" last when
 * the name ends in an i (not before a dropped h: Salih is Saleh).
 */
static void
fine_of(const char *spelt, char *out)
{
	size_t w = 0, last = 0, tail;

	for (size_t r = 0; spelt[r]; r++) {
		char c = spelt[r];

		if (c == 'v' && r == 0)
			out[w++] = c;
		else if (c >= 'A' && c <= 'Z') {
			out[w++] = c;
			last = r + 1;
		}
	}
	/* the last vowel at the end, an i alone (Hashimi, Popalzai), or a
	 * long e that may be one (الهاشمی) */
	tail = strlen(spelt + last);
	if (last > 0 && tail > 0 && (spelt[last + tail - 1] == 'i' ||
	    (tail >= 2 && strcmp(spelt + last + tail - 2, "ee") == 0)))
		out[w++] = 'i';
	out[w] = '\0';
}

/*
 * The coarse key of a fine key: the classes alone, z as d (ض ذ ظ are d
 * in many transliterations), and the classes of two readings as g says
 * for G (k or j), th for C (t or s) and c for Q (j, k or s).  A d and a
 * z side by side stay two classes (Abdulaziz is not Ubaidi).
 */
static void
coarse_as(const char *fine, char g, char th, char c, char *out)
{
	size_t w = 0;

	for (size_t r = 0; fine[r]; r++) {
		char x = fine[r];

		if (x == 'v' || x == 'i')
			continue;
		out[w++] = x == 'Z' ? 'D' : x == 'G' ? g : x == 'C' ? th :
		    x == 'Q' ? c : x;
	}
	/* A final d is said t in Turkish and Kurdish (Ahmet, Mehmet), a
	 * final b p (Zeynep, Recep) */
	if (w > 2 && out[w - 1] == 'T')
		out[w - 1] = 'D';
	if (w > 2 && out[w - 1] == 'P')
		out[w - 1] = 'B';
	out[w] = '\0';
}

static void
coarse_of(const char *fine, char *out)
{
	coarse_as(fine, 'K', 'T', 'J', out);
}

size_t
namekey_readings(const struct namekey *key, char out[][NAMEKEY_MAX],
    size_t max)
{
	static const struct {
		char	 letter, g, th, c;
	} readings[] = {
		{ 'G', 'J', 'T', 'J' },		/* Gamal, جمال */
		{ 'C', 'K', 'S', 'J' },		/* Osman, عثمان */
		{ 'Q', 'K', 'T', 'K' },		/* Yacoub, يعقوب */
		{ 'Q', 'K', 'T', 'S' },		/* Nacer, ناصر */
	};
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(readings) && n < max; i++) {
		bool again;

		if (!strchr(key->fine, readings[i].letter))
			continue;
		coarse_as(key->fine, readings[i].g, readings[i].th,
		    readings[i].c, out[n]);
		again = strcmp(out[n], key->coarse) == 0;
		for (size_t k = 0; k < n && !again; k++)
			again = strcmp(out[k], out[n]) == 0;
		n += !again;
	}
	return n;
}

static void
key_set(struct namekey *key, const struct shape *sh)
{
	key->article = false;
	shape_render(sh, key->spelt);
	fine_of(key->spelt, key->fine);
	coarse_of(key->fine, key->coarse);
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
	static const char *const article[] = {
		"al", "el", "\xd0\xb0\xd0\xbb\xd1\x8c",		/* аль */
		"\xd1\x8d\xd0\xbb\xd1\x8c",			/* эль */
		"\xd8\xa7\xd9\x84",				/* ال */
	};

	if (n < 2)
		return;
	if (comma > 0 && comma < n) {
		rotate(parts, n, comma);
		return;
	}
	/* A name with the article is a family name, never a given one:
	 * "Аль-Джубури Мохаммед" as Russian forms write it. */
	if (n >= 3 && LISTED(parts[0].text, article)) {
		rotate(parts, n, 2);
		return;
	}
	if (without_article(parts[0].text) != parts[0].text) {
		rotate(parts, n, 1);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(surname_endings); i++)
		if (ends_with(parts[0].text, surname_endings[i]) &&
		    parts[0].len > strlen(surname_endings[i]) + 3) {
			rotate(parts, n, 1);
			return;
		}
	/* A patronymic last follows the given name, the family name
	 * first: Хусейн Фарход Абдурахимович */
	if (n >= 3 && patronymic_ending(parts[n - 1].text) > 0 &&
	    patronymic_ending(parts[1].text) == 0)
		rotate(parts, n, 1);
}

/*
 * Arabic script joins ... al-Din and ...ullah to the name before them
 * (شرفالدین, فتح‌الله, the ZWNJ gone when folded): as two parts, they are
 * keyed as when written apart, the long vowels of the joint aside.
 */
static size_t
split_joined(struct part *parts, size_t n, size_t cap)
{
	static const char *const tails[] = {
		"\xd8\xa7\xd9\x84\xd9\x84\xd9\x87",		/* الله */
		"\xd8\xa7\xd9\x84\xd9\x84\xdb\x81",		/* اللہ */
		"\xd8\xa7\xd9\x84\xd8\xaf\xd9\x8a\xd9\x86",	/* الدين */
		"\xd8\xa7\xd9\x84\xd8\xaf\xdb\x8c\xd9\x86",	/* الدین */
	};

	for (size_t i = 0; i < n && n < cap; i++)
		for (size_t k = 0; k < ARRAY_SIZE(tails); k++) {
			size_t m = strlen(tails[k]);

			/* two letters at least before it */
			if (parts[i].len < m + 4 || !ends_with(parts[i].text,
			    tails[k]))
				continue;
			memmove(parts + i + 2, parts + i + 1,
			    (n - i - 1) * sizeof(*parts));
			n++;
			parts[i].len -= m;
			parts[i].text[parts[i].len] = '\0';
			snprintf(parts[i + 1].text, PART_MAX, "%s", tails[k]);
			parts[i + 1].len = m;
			i++;
			break;
		}
	return n;
}

size_t
namekey_of(const char *name, struct namekey *keys, size_t max)
{
	struct part parts[NAMEKEY_PARTS * 2];
	struct shape shapes[NAMEKEY_PARTS];
	bool with_article[NAMEKEY_PARTS];
	size_t n_parts, n = 0, comma = 0;
	bool kurdish = false, article = false;

	if (!name || max == 0)
		return 0;
	max = MIN(max, NAMEKEY_PARTS);
	n_parts = fold_parts(name, parts, ARRAY_SIZE(parts), &comma);
	given_first(parts, n_parts, comma);
	n_parts = split_joined(parts, n_parts, ARRAY_SIZE(parts));
	/* a name with one Sorani word is Sorani: its other words type ە
	 * as ه too (محهمهد حەمزە) */
	for (size_t i = 0; i < n_parts && !kurdish; i++)
		kurdish = (unsigned char)parts[i].text[0] >= 0x80 &&
		    sorani(without_article(parts[i].text));
	for (size_t i = 0; i < n_parts && n < max; i++) {
		const char *t = parts[i].text, *base;
		struct shape sh;

		if (particle(t)) {
			article = LISTED(t, articles);
			continue;
		}
		/* spelt as Arabic script does: no vowels to assert */
		if (LISTED(t, muhammad))
			t = "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf";	/* محمد */
		base = without_article(t);
		skeleton(base, &sh, kurdish);
		if (sh.n == 0)
			continue;
		/* Abu and the name after it are one name (Abu Bakr,
		 * Abubakr, ئەبووبەکر). */
		if (LISTED(t, abu) && i + 1 < n_parts) {
			struct shape next;
			char u[GAP_MAX];

			skeleton(without_article(parts[i + 1].text), &next,
			    kurdish);
			if (next.n > 0) {
				/* its u is Abu's own, written in one word
				 * too (Abubakr, ابوبکر) */
				memcpy(u, sh.gap[0], GAP_MAX);
				shape_append(&sh, &next);
				memcpy(sh.gap[0], u, GAP_MAX);
				i++;
			}
		}
		/* Abd and the name after it are one name; but a vowel
		 * after Abdul- ends the name: Abdula, Abdala are Abdullah
		 * (as Balkan and Central Asian spellings write it).  Abd
		 * starts with its vowel (ع, A, А) in every script: Badr,
		 * بدر, is a name of its own. */
		if (letters(base) <= 6 && sh.v && shape_starts(&sh, "BD") &&
		    sh.n <= 3 && i + 1 < n_parts && !(sh.n == 3 &&
		    sh.cls[2] == 'L' && sh.gap[2][0] != '\0')) {
			size_t j = i + 1;

			while (j < n_parts && particle(parts[j].text))
				j++;
			if (j < n_parts) {
				struct shape next;

				skeleton(without_article(parts[j].text), &next,
				    kurdish);
				/* a first w inside the compound is a vowel, as
				 * when written as one word (Abdulwahab,
				 * عبدالوهاب) */
				if (next.n > 1 && next.cls[0] == 'W')
					shape_remove(&next, 0);
				sh.n = 2;
				sh.v = true;
				sh.open = false;
				shape_append(&sh, &next);
				i = j;
			}
		}
		/* The article inside a joined Abd- name: Abdulrahman. */
		if (sh.v && shape_starts(&sh, "BDL") && sh.n > 3)
			shape_remove(&sh, 2);
		/* After Abd- comes the article's vowel, not the name's:
		 * Abdullah, Abdallah, Abdellah, عبدالله. */
		if (sh.v && shape_starts(&sh, "BD") && sh.n > 2)
			sh.gap[1][0] = '\0';
		if (n > 0 && (LISTED(t, din) || LISTED(base, din))) {
			shape_append_classes(&shapes[n - 1], "DN");
			article = false;
			continue;
		}
		if (n > 0 && (LISTED(t, ullah) || LISTED(base, ullah))) {
			shape_append_classes(&shapes[n - 1], "L");
			article = false;
			continue;
		}
		with_article[n] = article || base != t;
		article = false;
		shapes[n++] = sh;
	}
	for (size_t i = 0; i < n; i++) {
		struct shape *sh = &shapes[i];

		/* Nur al-Din, Nuruddin, نور الدين: one form. */
		if (sh->n > 3 && memcmp(sh->cls + sh->n - 3, "LDN", 3) == 0)
			shape_remove(sh, sh->n - 3);
		key_set(&keys[i], sh);
		keys[i].article = with_article[i];
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Similarity                                                         */
/* ------------------------------------------------------------------ */

/* Vowel qualities: e is a or i, o is a or u, in the schemes we read. */
enum { Q_A = 1, Q_I = 2, Q_U = 4 };

static unsigned
quality(char c)
{
	switch (c) {
	case 'a': return Q_A;
	case 'e': return Q_A | Q_I;
	case 'i': return Q_I;
	case 'o': return Q_A | Q_U;
	case 'u': return Q_U;
	case '\'': return Q_A | Q_I | Q_U;
	}
	return 0;
}

/* The vowels after one class. */
struct gap {
	unsigned	all;		/* qualities of every vowel */
	unsigned	lng[2];		/* each long vowel's, 0 for none */
	bool		maybe;		/* ou: a u perhaps long */
};

struct vowelling {
	size_t		n;		/* classes */
	bool		open;
	struct gap	gap[SHAPE_MAX];
};

static void
vowelling_of(const char *spelt, struct vowelling *vw)
{
	memset(vw, 0, sizeof(*vw));
	for (size_t r = spelt[0] == 'v'; spelt[r]; r++) {
		char c = spelt[r];
		struct gap *g;

		if (c >= 'A' && c <= 'Z') {
			if (vw->n < SHAPE_MAX)
				vw->n++;
			continue;
		}
		if (c == 'h' && spelt[r + 1] == '\0') {
			vw->open = true;
			continue;
		}
		if (vw->n == 0 || !quality(c))
			continue;
		g = &vw->gap[vw->n - 1];
		if (c == 'o' && spelt[r + 1] == 'u') {
			g->all |= Q_U;
			g->maybe = true;
			r++;
			continue;
		}
		g->all |= quality(c);
		if (spelt[r + 1] == c) {
			if (!g->lng[0])
				g->lng[0] = quality(c);
			else
				g->lng[1] = quality(c);
			r++;
		}
	}
}

/*
 * What the vowels of two keys with the same classes say: each long
 * vowel on one side that the other has no vowel of its quality for is a
 * conflict (*strong), and so is a final vowel one side has and the other
 * lacks (Karim, Karima); short vowels of no common quality, or a u
 * that may be long (ou) against none, are a weak one (*weak).
 */
static void
vowels_compare(const struct vowelling *a, const struct vowelling *b,
    int *strong, int *weak)
{
	for (size_t k = 0; k < a->n && k < b->n; k++) {
		const struct gap *ga = &a->gap[k], *gb = &b->gap[k];
		bool final = k + 1 == a->n;
		int before;

		if (!ga->all && !gb->all)
			continue;
		if (!ga->all || !gb->all) {
			const struct gap *g = ga->all ? ga : gb;

			if (g->lng[0] || (final && !a->open && !b->open))
				(*strong)++;
			else if (g->maybe)
				(*weak)++;
			continue;
		}
		before = *strong;
		for (size_t l = 0; l < 2; l++) {
			if (ga->lng[l])
				*strong += !(ga->lng[l] & gb->all);
			if (gb->lng[l])
				*strong += !(gb->lng[l] & ga->all);
		}
		if (*strong == before && !(ga->all & gb->all))
			(*weak)++;
	}
}


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

/*
 * The classes of fine key k without the h inside the word, which Sorani
 * keyboards write for the vowel ە (محهمهد, عهزيز); a first h stays.
 */
static void
without_h(const char *k, char *out)
{
	size_t w = 0;

	for (size_t r = 0; k[r]; r++)
		if ((k[r] != 'H' || r == 0) && k[r] != 'v' && k[r] != 'i')
			out[w++] = k[r] == 'Z' ? 'D' : k[r] == 'G' ? 'K' :
			    k[r] == 'C' ? 'T' : k[r] == 'Q' ? 'J' : k[r];
	out[w] = '\0';
}

/* Whether two classes of fine keys are one: g is k (Gul, گل), ث is t or s
 * (Uthman, Osman). */
static bool
same_class(char a, char b)
{
	return a == b || ((a == 'G' || a == 'K') && (b == 'G' || b == 'K')) ||
	    (a == 'C' && (b == 'T' || b == 'S')) ||
	    (b == 'C' && (a == 'T' || a == 'S')) ||
	    (a == 'Q' && strchr("JKS", b)) || (b == 'Q' && strchr("JKS", a));
}

/*
 * Whether two fine keys have the same classes and first vowel: a final
 * t for d and p for b too, in a name of three classes or more, as
 * Turkish and Kurdish say them (Ahmet, Hamit, Zeynep; coarse_as()).
 */
static bool
same_classes(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	la -= la > 0 && a[la - 1] == 'i';
	lb -= lb > 0 && b[lb - 1] == 'i';
	if (la != lb)
		return false;
	for (size_t k = 0; k < la; k++) {
		bool last = k + 1 == la && la - (a[0] == 'v') > 2;

		if (same_class(a[k], b[k]) || (last &&
		    ((strchr("TD", a[k]) && strchr("TD", b[k])) ||
		    (strchr("PB", a[k]) && strchr("PB", b[k])))))
			continue;
		return false;
	}
	return true;
}

/*
 * Whether two keys have the same coarse classes, in any of their
 * readings (namekey_readings()).
 */
static bool
same_coarse(const struct namekey *a, const struct namekey *b)
{
	char ra[NAMEKEY_READINGS + 1][NAMEKEY_MAX];
	char rb[NAMEKEY_READINGS + 1][NAMEKEY_MAX];
	size_t na, nb;

	if (strcmp(a->coarse, b->coarse) == 0)
		return true;
	if (!strpbrk(a->fine, "GCQ") && !strpbrk(b->fine, "GCQ"))
		return false;
	na = namekey_readings(a, ra, NAMEKEY_READINGS);
	nb = namekey_readings(b, rb, NAMEKEY_READINGS);
	memcpy(ra[na++], a->coarse, NAMEKEY_MAX);
	memcpy(rb[nb++], b->coarse, NAMEKEY_MAX);
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			if (strcmp(ra[i], rb[j]) == 0)
				return true;
	return false;
}

/* Whether coarse key s is the surname made of name n with -ov, -ev
 * (Ahmadov of Ahmad), -zoda, -zade (Rahmonzoda): another name, written
 * so in every script. */
static bool
surname_of(const char *s, const char *n)
{
	size_t ls = strlen(s), ln = strlen(n);

	if (ln < 3 || ls <= ln || strncmp(s, n, ln) != 0)
		return false;
	/* coarse keys write z as d */
	return strcmp(s + ln, "F") == 0 || strcmp(s + ln, "DD") == 0;
}

/* Whether key k ends in its last class, F, with no vowel after it. */
static bool
ends_in_f(const struct namekey *k)
{
	size_t len = strlen(k->spelt);

	return len > 0 && k->spelt[len - 1] == 'F';
}

/* Key k of a Russian surname without its feminine a (Ahmadova,
 * احمدوا), into *out; false when it has none. */
static bool
masculine(const struct namekey *k, struct namekey *out)
{
	size_t len = strlen(k->spelt);

	while (len > 0 && k->spelt[len - 1] == 'a')
		len--;
	if (len == strlen(k->spelt) || len < 2 || k->spelt[len - 1] != 'F')
		return false;
	return namekey_parse(k->spelt, len, out);
}

double
namekey_similarity(const struct namekey *a, const struct namekey *b)
{
	struct vowelling va, vb;
	char ha[NAMEKEY_MAX], hb[NAMEKEY_MAX];
	struct namekey ma, mb;
	size_t longer;
	double base;
	int d, strong = 0, weak = 0;

	if (strcmp(a->spelt, b->spelt) == 0)
		return 1.0;
	/* a woman's surname is her family's (Ahmadova, Ahmadov); but
	 * Mustafa is not Mustaf */
	if (ends_in_f(b) && masculine(a, &ma))
		return namekey_similarity(&ma, b);
	if (ends_in_f(a) && masculine(b, &mb))
		return namekey_similarity(a, &mb);
	if (same_coarse(a, b)) {
		/* The final -i is the vowels' to judge.  A first vowel on one
		 * side only is a letter more (Ahmad, Hamid); z for d is a
		 * transliteration (Ramadan, رمضان). */
		if ((a->fine[0] == 'v') != (b->fine[0] == 'v'))
			base = FIRST_VOWEL_ONLY;
		else
			base = same_classes(a->fine, b->fine) ? 1.0 : 0.85;
		vowelling_of(a->spelt, &va);
		vowelling_of(b->spelt, &vb);
		vowels_compare(&va, &vb, &strong, &weak);
		return MAX(VOWELS_FLOOR, base - VOWEL_CONFLICT * strong -
		    VOWEL_DOUBT * weak);
	}
	without_h(a->fine, ha);
	without_h(b->fine, hb);
	if (MAX(strlen(a->coarse), strlen(b->coarse)) >= 2 && ha[0] &&
	    strcmp(ha, hb) == 0)
		return 0.8;
	d = distance(a->coarse, b->coarse);
	longer = MAX(strlen(a->coarse), strlen(b->coarse));
	if (surname_of(a->coarse, b->coarse) ||
	    surname_of(b->coarse, a->coarse))
		return 0.0;
	/* One class edited: a typo in a long name, most often another
	 * name when the name is short (Haidari, Nazar). */
	if (d == 1) {
		double sim = longer >= 5 ? 0.75 : longer == 4 ? EDIT4 :
		    longer == 3 ? EDIT3 : EDIT2;

		/* and a first vowel one side only: Ahmad, Mohammed */
		if ((a->fine[0] == 'v') != (b->fine[0] == 'v'))
			sim *= FIRST_VOWEL_ONLY;
		return sim;
	}
	if (d == 2 && longer >= 5)
		return 0.45;
	return 0.0;
}

bool
namekey_join(const struct namekey *a, const struct namekey *b,
    struct namekey *out)
{
	char text[2 * NAMEKEY_MAX];
	size_t la = strlen(a->spelt);
	bool vowel = b->spelt[0] == 'v';
	const char *tb = b->spelt + vowel;

	/* an open end is no end inside the compound */
	la -= la > 0 && a->spelt[la - 1] == 'h';
	if (la + vowel + strlen(tb) + 1 > NAMEKEY_MAX)
		return false;
	memcpy(text, a->spelt, la);
	/* b's first vowel, of a quality unknown (Muhammad Akbar is
	 * محمداکبر, its ا a long a) */
	if (vowel)
		text[la++] = '\'';
	memcpy(text + la, tb, strlen(tb) + 1);
	return namekey_parse(text, strlen(text), out);
}

void
namekey_line(const struct namekey *keys, size_t n, char *out, size_t size)
{
	size_t len = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	for (size_t i = 0; i < n && len + 1 < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s%s",
		    i ? " " : "", keys[i].article ? "@" : "", keys[i].spelt);
}

bool
namekey_parse(const char *spelt, size_t len, struct namekey *key)
{
	key->article = len > 0 && spelt[0] == '@';
	spelt += key->article;
	len -= key->article;
	if (len == 0 || len >= sizeof(key->spelt))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = spelt[i];

		if (c == '\0' || (!strchr("BPTCSJXHDZRFGKLMNWYQ", c) &&
		    !strchr("aeiou'", c) &&
		    !(c == 'v' && i == 0) && !(c == 'h' && i + 1 == len)))
			return false;
	}
	memcpy(key->spelt, spelt, len);
	key->spelt[len] = '\0';
	fine_of(key->spelt, key->fine);
	coarse_of(key->fine, key->coarse);
	return key->coarse[0] != '\0';
}

size_t
namekey_read_line(const char *line, struct namekey *keys, size_t max)
{
	size_t n = 0;

	while (*line && n < max) {
		size_t len = strcspn(line, " ");

		if (namekey_parse(line, len, &keys[n]))
			n++;
		line += len;
		while (*line == ' ')
			line++;
	}
	return n;
}
