/* SPDX-License-Identifier: Apache-2.0 */
/*
 * namekey.h - a person's name as keys that read the same in every script.
 *
 * The same Mohammed is محمد, Muhammad, MOHAMED and Мухаммад; the same
 * Abd al-Rahman is عبدالرحمن, Abdul Rahman, Abdurrahman and Абдурахмон.
 * A name key keeps what all these spellings share: the consonants, in
 * classes that the scripts and the transliteration schemes agree on (ح
 * and خ, h, kh, x, х and ҳ are one class; so are ق ک گ, q, k, g, қ, г),
 * without the vowels that Arabic script leaves unwritten.  Two marks keep
 * what is reliable of the vowels: "v" first when the name starts with
 * one (Ahmad, أحمد, Ахмад against Hamid), "i" last when it ends in -i
 * (Hashimi against Hashim), or in an Arabic-script ی or ي that may be
 * one.
 *
 * A name is split into its parts, one key each.  Particles and the
 * article go (al-, el-, ال, bin, ibn, bint, ould, walad, s/o); compounds
 * become one part however they are written (Abd al-Rahman, Abdul Rahman
 * and Abdurrahman; Abu Bakr and Abubakr; Nur al-Din, Nuruddin and
 * نورالدين; Hikmat Ullah, Hikmatullah and حکمت‌الله; Abdul Wahab and
 * Abdulwahab; but Abdula, a vowel after Abdul-, is Abdullah);
 * patronymic endings go (-ovich, -ович).  The article with its l taken
 * by the next letter goes too (ad-, ud-, od-, ed-, ur-; and Cyrillic эл,
 * уд, ад).  A part with the article is the family name, wherever it is
 * written; its key is marked so (article; "@" before it in a line), as
 * al-Hamza is rarer than Hamza, and most often another name.
 *
 * The classes, written as capital letters:
 *   B b ب б     P p پ п      T t ط ت т       S s ص س ц с
 *   C th ث: t in Arabic, s in Persian, Urdu and Turkish (Uthman, Osman)
 *   J j dj zh ج ژ ж ҷ       X sh ch ş š ش چ ш ч щ
 *   H h kh x ح خ ه х ҳ      D d د д         Z z dh ز ذ ض ظ з
 *   (ه is the vowel ە in a Sorani word that types it so: ئهحمهد)
 *   R r ر ڕ р              F f ف ф         K k q gh ق ك ک گ غ к қ г ғ
 *   L l ل ڵ л              M m م м         N n ن н
 *   W w v و ڤ в (first only)  Y y ي ی й (first only)
 *   G g: a k (Gul, گل), or the ج of Egyptian spellings (Gamal, جمال)
 *   Q c (not in ch, ck): a j in Turkish and Kurdish (Cemal, Celal), a k
 *     or an s in French and English (Yacoub, Nacer)
 * The v of a Russian surname's -ov, -ev is an f (Rahmonov, رحمانوف), and
 * so is a woman's -ova, -eva, written وا (Rahmonova, رحمانوا): her
 * family's name, which a surname made of a name (Ahmadov of Ahmad,
 * Rahmonzoda) is not (namekey_similarity()).  A final d is a t and a
 * final b a p in the coarse key, as Turkish and Kurdish say them (Ahmet,
 * Zeynep).
 *
 * A key is spelt with the vowels that its spelling gives, each after the
 * class it follows: short ones as their letter (a, e, i, o, u; e stands
 * for a or i, o for a or u), long ones doubled (ا و ي, oo, ee, ei, î, ӣ,
 * and w or y inside a word; a final ی or ي after a consonant is "ee",
 * a long a or i, as Persian, Urdu and Kurdish write Musa موسی and Ali
 * علی alike); ou is a u that may be long (English
 * Mahmoud, French Moustafa).  Muhammad is "MuHaMaD", Mahmoud "MaHMuuD",
 * محمود "MHMuuD", محمد "MHMD", Hussein "HuSeiiN", حسن "HSN".  Arabic
 * script leaves short vowels out, so a short vowel against none says
 * nothing, but a long vowel against none, or against another quality,
 * tells two names apart that share their classes.  The vowel at the end
 * is written in every script (Karim, Karima, كريمة); "h" last marks an
 * end whose vowel is unknown (a final h or mute e was dropped).
 *
 * A key is at most NAMEKEY_MAX bytes; a name gives at most NAMEKEY_PARTS.
 */
#ifndef TIPSOM_SEARCH_NAMEKEY_H
#define TIPSOM_SEARCH_NAMEKEY_H

#include <stdbool.h>
#include <stddef.h>

#define NAMEKEY_MAX	40	/* bytes of a key, with its NUL */
#define NAMEKEY_PARTS	12	/* keys of one name */

struct namekey {
	char	spelt[NAMEKEY_MAX];	/* "vHMaD": with the vowels */
	char	fine[NAMEKEY_MAX];	/* "vHMDZi": classes and marks */
	char	coarse[NAMEKEY_MAX];	/* "HMD": classes only, Z as D */
	bool	article;		/* written with the article (al-,
					 * ال, аль): a family name */
};

/*
 * Splits name (UTF-8, any script) into the keys of its parts, in the
 * order written, into keys[0..max), but the given name first where the
 * name says the family name was written first: before a comma
 * ("AL-JUBOURI, Munira"), with the article or a Russian or Tajik surname
 * ending (Rahmonov Jamshed), or before a given name and a patronymic
 * (Хусейн Фарход Абдурахимович).  Returns how many; 0 for a name with no
 * letters or text that is not UTF-8.
 */
size_t		 namekey_of(const char *name, struct namekey *keys,
		    size_t max);

/*
 * The spelt keys of keys[0..n) as one line, space-separated, those with
 * the article after "@", into out (size bytes): the form the store
 * keeps.  namekey_parse() reads one spelt key back into *key (its fine
 * and coarse forms made again, its article from the "@"); false for text
 * that is not a key.  A fine key of an older store ("vHMD", no
 * vowels) parses too, as a spelling whose vowels are unknown.
 */
void		 namekey_line(const struct namekey *keys, size_t n, char *out,
		    size_t size);
bool		 namekey_parse(const char *spelt, size_t len,
		    struct namekey *key);

/* The keys of a line namekey_line() wrote, into keys[0..max); how many
 * (what is not a key is skipped). */
size_t		 namekey_read_line(const char *line, struct namekey *keys,
		    size_t max);

/*
 * The other coarse keys of key, where a class reads two ways: G as j
 * (its coarse key reads k: Gul, گل; this one the ج of Egyptian
 * spellings: Gamal, جمال), C as s (ث: t in Arabic, Uthman; s in
 * Persian, Urdu and Turkish, Osman) and Q, a Latin c, as k or s (j in
 * its coarse key, as Turkish and Kurdish say it: Cemal; k or s in
 * French and English: Yacoub, Nacer).  Each once, none equal to
 * key->coarse, into out[0..max); returns how many (0 for a key with
 * none of these classes).
 */
#define NAMEKEY_READINGS 4	/* readings of one key, at most */

size_t		 namekey_readings(const struct namekey *key,
		    char out[][NAMEKEY_MAX], size_t max);

/*
 * The key of a and b written as one word, into *out: Ghulam Rasul as
 * Ghulamrasul, محمد قاسم as محمدقاسم.  false when it would not fit.
 */
bool		 namekey_join(const struct namekey *a, const struct namekey *b,
		    struct namekey *out);

/*
 * How alike two keys are, from 0 (unrelated) to 1 (the same spelling,
 * or the same classes with vowels that agree): the same classes with
 * other marks or with vowels that conflict, one class edited, or the
 * same but for h (which Sorani writes for a vowel and translations drop)
 * count for less.
 */
double		 namekey_similarity(const struct namekey *a,
		    const struct namekey *b);

#endif
