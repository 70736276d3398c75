/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_namekey.c - one name in many spellings, one set of keys.
 *
 * Each row is a name as people write it in Arabic script (Arabic,
 * Persian, Pashto, Urdu, Sorani), in a Latin transliteration or in
 * Cyrillic, and the fine keys it must give.  The spellings are the usual
 * ones of passports, police records and registration forms; none comes
 * from a benchmark's lexicon.
 */
#include <stdio.h>
#include <string.h>

#include "search/namekey.h"
#include "unit.h"
#include "base/banned.h"

static void
test_spellings(void **state)
{
	static const struct {
		const char	*name;
		const char	*keys;		/* fine keys, space-separated */
	} rows[] = {
		/* Mohammed, in every script */
		{ "Mohammed", "MHMD" },
		{ "MUHAMMAD", "MHMD" },
		{ "Mohamad", "MHMD" },
		{ "محمد", "MHMD" },
		{ "مُحَمَّد", "MHMD" },
		{ "Мухаммад", "MHMD" },
		{ "Муҳаммад", "MHMD" },
		/* the article, joined, hyphenated, apart, or left out */
		{ "Mohammed Hussein al-Jubouri", "MHMD HSN JBRi" },
		{ "محمد حسين الجبوري", "MHMD HSN JBRi" },
		{ "Мохаммед Хуссейн Аль-Джубури", "MHMD HSN JBRi" },
		{ "MOHAMED HUSSEIN AL JUBOURI", "MHMD HSN JBRi" },
		{ "Mohamed Husein Aljubouri", "MHMD HSN JBRi" },
		/* Abd al-... compounds, however they are joined */
		{ "Abdul Rahman", "vBDRHMN" },
		{ "Abd al-Rahman", "vBDRHMN" },
		{ "Abdurrahman", "vBDRHMN" },
		{ "Abdelrahman", "vBDRHMN" },
		{ "عبدالرحمن", "vBDRHMN" },
		{ "عبد الرحمن", "vBDRHMN" },
		{ "عبدالرحمان", "vBDRHMN" },
		{ "Абдурахмон", "vBDRHMN" },
		{ "Abdullah", "vBDL" },
		{ "عبد الله", "vBDL" },
		/* Abdul- with a vowel after it is Abdullah, no compound with
		 * the next name: Abdula Muhammad is not Abd al-Muhammad */
		{ "Abdula", "vBDL" },
		{ "Abdula Muhammad", "vBDL MHMD" },
		{ "Abdala Hasan", "vBDL HSN" },
		{ "Abdul Hasan", "vBDHSN" },
		{ "Abdu Rahman", "vBDRHMN" },
		/* Badr starts with no vowel: a name of its own, not Abd */
		{ "Badr Hassan", "BDR HSN" },
		{ "بدر حسن", "BDR HSN" },
		{ "Badr ad-Din", "BDRDN" },
		{ "بدر الدين", "BDRDN" },
		{ "Badruddin", "BDRDN" },
		/* ... al-Din and ...ullah */
		{ "Nur al-Din", "NRDN" },
		{ "Nuruddin", "NRDN" },
		{ "Nour El Din", "NRDN" },
		{ "نور الدين", "NRDN" },
		{ "Hikmatullah", "HKMTL" },
		{ "Hikmat Ullah", "HKMTL" },
		{ "Hekmatollah", "HKMTL" },
		{ "حکمت الله", "HKMTL" },
		/* a final h, written or not */
		{ "Fatima", "FTM" },
		{ "Fatimah", "FTM" },
		{ "Fatemeh", "FTM" },
		{ "فاطمة", "FTM" },
		{ "فاطمه", "FTM" },
		{ "Saleh", "SL" },
		{ "Salih", "SL" },
		{ "صالح", "SL" },
		{ "Салех", "SL" },
		/* the marks: a first vowel, a final -i */
		{ "Ahmad", "vHMD" },
		{ "أحمد", "vHMD" },
		{ "Ахмад", "vHMD" },
		{ "Hamid", "HMD" },
		{ "حامد", "HMD" },
		{ "Hashimi", "HXMi" },
		{ "الهاشمي", "HXMi" },
		{ "Hashim", "HXM" },
		/* Kurdish, Persian and Tajik letters */
		{ "Şêrko Zêbarî", "XRK ZBRi" },
		{ "شێرکۆ زێباری", "XRK ZBRi" },
		{ "Ghulam Rasul", "KLM RSL" },
		{ "غلام رسول", "KLM RSL" },
		{ "Ғулом Расул", "KLM RSL" },
		{ "Zhiyan", "JN" },
		{ "ژیان", "JN" },
		{ "Jamshed", "JMXD" },
		{ "Ҷамшед", "JMXD" },
		{ "Джамшед", "JMXD" },
		/* particles and patronymics */
		{ "Ali bin Hassan", "vLi HSN" },
		{ "علي بن حسن", "vLi HSN" },
		{ "Karim s/o Omar", "KRM vMR" },
		/* son of, as Dari and Maghrebi lists write walad */
		{ "Karim wald Omar", "KRM vMR" },
		{ "Karim valad Omar", "KRM vMR" },
		{ "Karim velad Omar", "KRM vMR" },
		{ "Karim weld Omar", "KRM vMR" },
		{ "Шарифович", "XRF" },
		{ "Sharifovich", "XRF" },
		/* French ou before a vowel is a w */
		{ "Oualid", "WLD" },
		{ "Walid", "WLD" },
		{ "وليد", "WLD" },
		/* family name first, with a comma */
		{ "AL-JUBOURI, Munira", "MNR JBRi" },
		{ "Хан, Ширин", "XRN HN" },
		/* Abd- before a name written in Cyrillic too */
		{ "Абдул Раззак", "vBDRZK" },
		{ "Abdul Razzaq", "vBDRZK" },
		/* al-Din in Persian letters; a final h inside a compound */
		{ "تاج الدین", "TJDN" },
		{ "Tajuddin", "TJDN" },
		{ "Salah al-Din", "SLHDN" },
		{ "صلاح الدين", "SLHDN" },
		{ "Salahuddin", "SLHDN" },
		{ "Fateh Ullah", "FTHL" },
		{ "Fatehullah", "FTHL" },
		/* the same class across a vowel is two, doubled it is one */
		{ "Dawood", "DD" },
		{ "داود", "DD" },
		{ "Habib", "HBB" },
		{ "حبيب", "HBB" },
		{ "Fazlullah", "FZLL" },
		{ "فضل الله", "FZLL" },
		{ "Saad al-Din", "SDDN" },
		{ "سعدالدين", "SDDN" },
		/* я ю are ya yu; Russian passports write ia iu */
		{ "Юсуф", "YSF" },
		{ "Iusuf", "YSF" },
		/* a Russian surname's final v is said f, and written ف */
		{ "Rahmonov", "RHMNF" },
		{ "رحمانوف", "RHMNF" },
		/* so is a woman's -ova, whose v Persian script writes و */
		{ "Rahmonova", "RHMNF" },
		{ "رحمانوا", "RHMNF" },
		{ "Рахмонова", "RHMNF" },
		{ "حوا", "H" },				/* Hawwa: no surname */
		/* a Latin g: k (Gul, گل), or j in Egyptian spellings */
		{ "Gul", "GL" },
		{ "Gamal", "GML" },
		/* Pashto څ in Achakzai; a Russian clerk's г for a Latin g;
		 * al-Din after a Cyrillic name */
		{ "اڅکزی", "vXKZi" },
		{ "Achakzai", "vXKZi" },
		{ "Магед", "MGD" },
		{ "Мохей Элдин", "MHDN" },
		/* Abu and the name after it: one name */
		{ "Abu Bakr", "vBBKR" },
		{ "Abubakr", "vBBKR" },
		{ "أبو بكر", "vBBKR" },
		/* Muhammad abbreviated */
		{ "Mohd Ali", "MHMD vLi" },
		/* ث, th in Arabic, s in Persian and Turkish: its own class */
		{ "Uthman", "vCMN" },
		{ "Othman", "vCMN" },
		{ "عثمان", "vCMN" },
		{ "Haitham", "HCM" },
		{ "هيثم", "HCM" },
		/* Sorani ه typed for ە: after a first ئ or ع, between two
		 * consonants of a Sorani word */
		{ "ئهحمهد", "vHMD" },
		{ "عهبدولرحيم", "vBDRHM" },
		{ "تاڵهبانی", "TLBNi" },
		{ "مەهدی", "MHDi" },			/* after a vowel: an h */
		/* twice between consonants: Sorani typed on an Arabic
		 * keyboard, the name's other words too; once is an h */
		{ "حهسهن", "HSN" },
		{ "قادر حهسهن الکردی", "KDR HSN KRDi" },
		{ "سهربهست", "SRBST" },
		{ "مهدی", "MHDi" },
		{ "شهرام", "XHRM" },
		{ "زهرا المشهداني", "ZHR MXHDNi" },
		/* ... al-Din and ...ullah joined in Arabic script */
		{ "شرفالدین", "XRFDN" },
		{ "شرف الدین", "XRFDN" },
		{ "فتح‌الله", "FTHL" },			/* with a ZWNJ */
		{ "فتحالله", "FTHL" },
		{ "عبدالله", "vBDL" },
		/* the w of Wahhab inside the compound, apart or joined */
		{ "Abdul Wahab", "vBDHB" },
		{ "Abdulwahab", "vBDHB" },
		{ "عبد الوهاب", "vBDHB" },
		{ "عبدالوهاب", "vBDHB" },
		/* the article with its l taken by the next letter, or with
		 * another vowel, in Latin and Cyrillic */
		{ "Taj od-Din", "TJDN" },
		{ "Salah ed-Din", "SLHDN" },
		{ "Шемс Эл Дин", "XMSDN" },
		{ "Абдул ур-Рахман", "vBDRHMN" },
		/* a part with the article is the family name, first or not */
		{ "Аль-Джубури Мохаммед Хуссейн", "MHMD HSN JBRi" },
		{ "AL-JUBOURI Mohammed", "MHMD JBRi" },
		{ "الجبوري محمد", "MHMD JBRi" },
		/* Russian forms write the surname first */
		{ "Рахмонов Джамшед", "JMXD RHMNF" },
		{ "Rakhmonov Jamshed", "JMXD RHMNF" },
		{ "Jamshed Rahmonov", "JMXD RHMNF" },
		/* and a patronymic last follows the given name */
		{ "Хусейн Фарход Абдурахимович", "FRHD vBDRHM HSN" },
		{ "Фарход Абдурахимович Хусейн", "FRHD vBDRHM HSN" },
		{ "Фарход Хусейн Абдурахим", "FRHD HSN vBDRHM" },
		/* Kurdish ڤ is a v, as Latin writes it: Berivan, Shivan */
		{ "بێریڤان", "BRN" },
		{ "Berivan", "BRN" },
		{ "Beriwan", "BRN" },
		{ "شڤان", "XN" },
		{ "Shivan", "XN" },
		/* Cyrillic ал is the article before a consonant only; аль
		 * before anything */
		{ "Алишер", "vLXR" },
		{ "Алиев", "vLF" },
		{ "Алджубури", "JBRi" },
		{ "Аль-Убайди", "vBDi" },
		/* an apostrophe inside a word writes ع or a hamza; after one
		 * letter it separates */
		{ "Ja'far", "JFR" },
		{ "جعفر", "JFR" },
		{ "Ra'id", "RD" },
		{ "d'Souza", "SZ" },
		/* bent for bint; Mohd in Cyrillic */
		{ "Zainab bent Hassan", "ZNB HSN" },
		{ "Мохд Али", "MHMD vLi" },
		/* Urdu ھ aspirates the consonant before it, as Latin bh */
		{ "چودھری", "XDRi" },
		{ "بھٹی", "BTi" },
		{ "Bhatti", "BTi" },
		{ "Butt", "BT" },
		/* a Latin c: j in Turkish and Kurdish, k or s in French */
		{ "Cemal", "QML" },
		{ "Yacoub", "YQB" },
		{ "Nacer", "NQR" },
		{ "Chaudhry", "XZRi" },			/* ch, not c */
		/* nothing to key */
		{ "", "" },
		{ "  -- ", "" },
		{ "123", "" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct namekey keys[NAMEKEY_PARTS];
		size_t n = namekey_of(rows[i].name, keys, ARRAY_SIZE(keys));
		char got[256] = "";
		size_t len = 0;

		for (size_t k = 0; k < n; k++)
			len += (size_t)snprintf(got + len, sizeof(got) - len,
			    "%s%s", k ? " " : "", keys[k].fine);
		if (strcmp(got, rows[i].keys) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"", rows[i].name,
			    got, rows[i].keys);
	}
}

/*
 * The spelt keys: the vowels each class is followed by, long ones
 * doubled, as both scripts write them.
 */
static void
test_spelt(void **state)
{
	static const struct {
		const char	*name;
		const char	*spelt;
	} rows[] = {
		{ "Mohammed", "MoHaMeD" },
		{ "محمد", "MHMD" },
		{ "Mahmoud", "MaHMouD" },		/* u, perhaps long */
		{ "Mahmood", "MaHMuuD" },
		{ "محمود", "MHMuuD" },
		{ "Hussein", "HuSeiiN" },
		{ "حسين", "HSiiN" },
		{ "Husayn", "HuSaiiN" },
		{ "Ismail", "vSMaiiL" },		/* ai: a, then ي */
		{ "إسماعيل", "vSMaa'L" },		/* ع: any vowel */
		{ "Karima", "KaRiMa" },
		{ "كريمة", "KRiiMa" },
		{ "Saleh", "SaLeh" },			/* h dropped: open */
		{ "Fatemeh", "FaTeMeh" },
		{ "فاطمه", "FaaTMeh" },			/* Persian final ه */
		{ "Noureddine", "NouReDiNh" },		/* a mute e */
		{ "Abdullah", "vBDLah" },		/* Abd-'s vowel: out */
		{ "عبدالله", "vBDLeh" },
		{ "Zêbarî", "ZiiBaRii" },		/* Kurmanji î ê */
		{ "Мухаммад", "MuHaMaD" },
		{ "Ҳусайн", "HuSaiiN" },
		{ "Аҳмадӣ", "vHMaDii" },
		{ "Mohd", "MHMD" },			/* no vowel asserted */
		{ "عثمان", "vCMaaN" },
		{ "موسی", "MuuSee" },			/* a final ی: a or i */
		{ "علی", "vLee" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct namekey key, back;

		if (namekey_of(rows[i].name, &key, 1) != 1 ||
		    strcmp(key.spelt, rows[i].spelt) != 0)
			fail_msg("row %zu \"%s\": got \"%s\", want \"%s\"", i,
			    rows[i].name, key.spelt, rows[i].spelt);
		/* what the store keeps reads back the same */
		if (!namekey_parse(key.spelt, strlen(key.spelt), &back) ||
		    strcmp(back.fine, key.fine) != 0 ||
		    strcmp(back.coarse, key.coarse) != 0)
			fail_msg("row %zu \"%s\": parsed back as %s/%s, want "
			    "%s/%s", i, rows[i].name, back.fine, back.coarse,
			    key.fine, key.coarse);
	}
}

/* Keys of older stores (no vowels) and text that is not a key. */
static void
test_parse(void **state)
{
	static const struct {
		const char	*text;
		bool		 ok;
		const char	*fine, *coarse;
	} rows[] = {
		{ "vHMDZi", true, "vHMDZi", "HMDD" },	/* an older key */
		{ "HXMi", true, "HXMi", "HXM" },
		{ "MaHMuuD", true, "MHMD", "MHMD" },
		{ "S'iiD", true, "SD", "SD" },
		{ "SaLeh", true, "SL", "SL" },
		{ "FaTiMa", true, "FTM", "FTM" },
		{ "@HaMZa", true, "HMZ", "HMD" },	/* with the article */
		{ "@", false, "", "" },
		{ "v", false, "", "" },
		{ "MH MD", false, "", "" },
		{ "mhmd", false, "", "" },
		{ "MHvMD", false, "", "" },
		{ "MhMD", false, "", "" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct namekey key;
		bool ok = namekey_parse(rows[i].text, strlen(rows[i].text),
		    &key);

		if (ok != rows[i].ok)
			fail_msg("row %zu \"%s\": parsed %d, want %d", i,
			    rows[i].text, ok, rows[i].ok);
		if (ok && (strcmp(key.fine, rows[i].fine) != 0 ||
		    strcmp(key.coarse, rows[i].coarse) != 0))
			fail_msg("row %zu \"%s\": got %s/%s, want %s/%s", i,
			    rows[i].text, key.fine, key.coarse, rows[i].fine,
			    rows[i].coarse);
	}
}

/* A line as the store keeps it reads back as the keys it was made of;
 * what is not a key, or extra spaces, are skipped. */
static void
test_read_line(void **state)
{
	static const struct {
		const char	*name;
		size_t		 want;
	} rows[] = {
		{ "Mohammed Hussein al-Jubouri", 3 },
		{ "محمد حسين الجبوري", 3 },
		{ "Nur al-Din Zebari", 2 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct namekey keys[NAMEKEY_PARTS], back[NAMEKEY_PARTS];
		char line[NAMEKEY_PARTS * NAMEKEY_MAX];
		size_t n = namekey_of(rows[i].name, keys, NAMEKEY_PARTS), got;

		namekey_line(keys, n, line, sizeof(line));
		got = namekey_read_line(line, back, NAMEKEY_PARTS);
		if (n != rows[i].want || got != n)
			fail_msg("row %zu: %zu keys, %zu read back, want %zu",
			    i, n, got, rows[i].want);
		for (size_t k = 0; k < n; k++)
			assert_string_equal(back[k].coarse, keys[k].coarse);
	}
	{
		struct namekey keys[2];

		assert_int_equal(namekey_read_line("  MaHMuuD  mhmd  HSN ",
		    keys, 2), 2);
		assert_string_equal(keys[1].coarse, "HSN");
		assert_int_equal(namekey_read_line("", keys, 2), 0);
	}
}

/* How alike two spellings are: equal, near, or unrelated. */
static void
test_similarity(void **state)
{
	static const struct {
		const char	*a, *b;
		double		 want;
	} rows[] = {
		{ "Mohammed", "محمد", 1.0 },
		{ "Ramadan", "رمضان", 0.85 },		/* d and z */
		{ "Hashim", "Hashimi", 0.75 },		/* a final vowel */
		{ "Karim", "Karima", 0.75 },
		{ "Abbas", "عهباس", 1.0 },		/* Sorani ه for a vowel */
		{ "Azeez", "عهزيز", 1.0 },
		{ "Talabani", "تاڵهبانی", 1.0 },
		{ "Mohammed", "محهمهد", 1.0 },		/* ه twice: Sorani */
		{ "Hasan", "حهسهن", 1.0 },
		{ "Mahdi", "مهدی", 1.0 },		/* ه once: an h */
		{ "Mahdi", "مەهدی", 1.0 },
		/* ث is t or s; t is not s */
		{ "Osman", "عثمان", 1.0 },
		{ "Usman", "Uthman", 1.0 },
		{ "Haisam", "Haitham", 1.0 },
		{ "Otman", "Osman", 0.55 },
		/* a final ی or ي is an i or, for ى, an a */
		{ "Musa", "موسی", 1.0 },
		{ "Mustafa", "مصطفی", 1.0 },
		{ "Layla", "ليلي", 1.0 },
		{ "Ali", "علی", 1.0 },
		{ "Hashimi", "هاشمی", 1.0 },
		{ "Hashim", "هاشمی", 0.75 },
		/* a final b said p in Turkish, a final d t: the same name */
		{ "Zeynep", "Zaynab", 1.0 },
		{ "Recep", "رجب", 1.0 },
		{ "Mohammed", "Mohanmed", 0.75 },	/* a typo */
		{ "Hussein", "Mohammed", 0.0 },
		/* long vowels tell names with the same classes apart */
		{ "Mahmoud", "محمود", 1.0 },
		{ "Mahmud", "محمود", 1.0 },
		{ "Mahmood", "محمد", 0.75 },
		{ "Mahmoud", "محمد", 0.9 },		/* French ou is any u */
		{ "Jouburi", "جبوري", 0.9 },
		{ "Mohammed", "محمود", 0.75 },
		{ "Hussein", "حسين", 1.0 },
		{ "Hussein", "حسن", 0.75 },
		{ "Hassan", "حسين", 0.75 },
		{ "Hasan", "Hesen", 1.0 },		/* Kurmanji e */
		{ "Karima", "كريمة", 1.0 },
		{ "Jaafar", "جعفر", 1.0 },		/* aa for ع */
		{ "Saleh", "صالح", 1.0 },
		{ "Yahya", "يحيى", 1.0 },
		{ "Abdullah", "عبدالله", 1.0 },
		/* short vowels of no common quality */
		{ "Mahmud", "Mahmad", 0.9 },
		/* g is k, or an Egyptian j */
		{ "Gul", "گل", 1.0 },
		{ "Gamal", "جمال", 0.85 },
		/* a final t for d, as Turkish and Kurdish say it */
		{ "Hamit", "Hamid", 1.0 },
		{ "Ahmet", "احمد", 1.0 },
		/* one class edited in a short name: most often another */
		{ "Haidari", "Nazari", 0.55 },
		/* a class and the first vowel: another name */
		{ "Ahmad", "Mohammed", 0.455 },
		/* a first vowel one side only: Ahmad is not Hamid */
		{ "Ahmad", "Hamid", 0.6 },
		/* Abu's u, in one word or two */
		{ "Abubakr", "ابوبکر", 1.0 },
		{ "Abu Bakr", "ابوبکر", 1.0 },
		/* я after a consonant is ya */
		{ "Марям", "مریم", 1.0 },
		{ "Марям", "Maryam", 1.0 },
		/* ع as an apostrophe */
		{ "Ja'far", "جعفر", 1.0 },
		/* a Latin c read as j, k or s */
		{ "Cemal", "جمال", 1.0 },
		{ "Yacoub", "يعقوب", 1.0 },
		{ "Nacer", "ناصر", 1.0 },
		{ "Kacem", "قاسم", 1.0 },
		{ "Cemal", "Gamal", 0.85 },
		/* Urdu's aspirated b */
		{ "Bhatti", "بھٹی", 1.0 },
		/* a surname made of a name is another name */
		{ "Ahmadov", "Ahmad", 0.0 },
		{ "احمدوف", "Ahmad", 0.0 },
		{ "Rahmonzoda", "Rahmon", 0.0 },
		/* a woman's is her family's, v and و before her a too */
		{ "Ahmadova", "Ahmadov", 1.0 },
		{ "Ахмадова", "احمدوف", 1.0 },
		{ "Rahmonova", "رحمانوا", 1.0 },
		{ "Ahmadova", "Ahmad", 0.0 },
		{ "Hawwa", "حوا", 1.0 },		/* no surname */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct namekey a, b;
		double got;

		assert_int_equal(namekey_of(rows[i].a, &a, 1), 1);
		assert_int_equal(namekey_of(rows[i].b, &b, 1), 1);
		got = namekey_similarity(&a, &b);
		if (got < rows[i].want - 1e-9 || got > rows[i].want + 1e-9)
			fail_msg("row %zu %s ~ %s: %.2f, want %.2f", i,
			    rows[i].a, rows[i].b, got, rows[i].want);
	}
}

/*
 * Which parts are written with the article, apart or joined, in each
 * script: a family name (al-Hamza), where the same letters without it
 * are most often a given name (Hamza).  The article inside a compound
 * (Abd al-Rahman, Nur al-Din) marks no part.
 */
static void
test_article(void **state)
{
	static const struct {
		const char	*name;
		const char	*marks;		/* a part each: 1 with it */
	} rows[] = {
		{ "Kamal al-Hamza", "01" },
		{ "KAMAL AL HAMZA", "01" },
		{ "Kamal Alhamza", "01" },
		{ "كمال الحمزه", "01" },
		{ "Камал Аль-Хамза", "01" },
		{ "Камал ал Хамза", "01" },
		{ "Hamza Kamal", "00" },
		{ "Ali Alam", "00" },			/* al- before a vowel */
		{ "Abd al-Rahman Ismail", "00" },
		{ "عبد الرحمن الإسماعيل", "01" },
		{ "Nur al-Din al-Jubouri", "01" },
		{ "Said bin Hamza", "00" },
		{ "AL-JUBOURI, Munira", "01" },		/* turned: given first */
		{ "Taj od-Din Karimi", "00" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct namekey keys[NAMEKEY_PARTS], back[NAMEKEY_PARTS];
		char got[NAMEKEY_PARTS + 1], line[NAMEKEY_PARTS * NAMEKEY_MAX];
		size_t n = namekey_of(rows[i].name, keys, NAMEKEY_PARTS);

		for (size_t k = 0; k < n; k++)
			got[k] = keys[k].article ? '1' : '0';
		got[n] = '\0';
		if (strcmp(got, rows[i].marks) != 0)
			fail_msg("\"%s\": got %s, want %s", rows[i].name, got,
			    rows[i].marks);
		/* the store keeps the mark */
		namekey_line(keys, n, line, sizeof(line));
		assert_int_equal(namekey_read_line(line, back, NAMEKEY_PARTS),
		    n);
		for (size_t k = 0; k < n; k++)
			if (back[k].article != keys[k].article ||
			    strcmp(back[k].fine, keys[k].fine) != 0)
				fail_msg("\"%s\": line \"%s\" read back part "
				    "%zu wrong", rows[i].name, line, k);
	}
}

/* Two parts as one word: what the other side may have written. */
static void
test_join(void **state)
{
	static const struct {
		const char	*a, *b, *joined;
	} rows[] = {
		{ "Ghulam", "Rasul", "Ghulamrasul" },
		{ "محمد", "قاسم", "محمدقاسم" },
		{ "Gul", "Ahmad", "Gulahmad" },
		/* the first vowel of the second, long in Arabic script */
		{ "Muhammad", "Akbar", "محمداکبر" },
		{ "Seyed", "Ahmad", "سیداحمد" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct namekey a, b, ab, want;

		assert_int_equal(namekey_of(rows[i].a, &a, 1), 1);
		assert_int_equal(namekey_of(rows[i].b, &b, 1), 1);
		assert_int_equal(namekey_of(rows[i].joined, &want, 1), 1);
		if (!namekey_join(&a, &b, &ab) ||
		    namekey_similarity(&ab, &want) < 0.99)
			fail_msg("row %zu %s + %s: got %s, want %s", i,
			    rows[i].a, rows[i].b, ab.spelt, want.spelt);
	}
}

/* Text that is not UTF-8, and names longer than the keys hold. */
static void
test_bad_input(void **state)
{
	struct namekey keys[NAMEKEY_PARTS];
	char lng[2000];

	(void)state;
	assert_int_equal(namekey_of("\xff\xfe", keys, ARRAY_SIZE(keys)), 0);
	assert_int_equal(namekey_of(NULL, keys, ARRAY_SIZE(keys)), 0);
	memset(lng, 'a', sizeof(lng) - 1);
	lng[sizeof(lng) - 1] = '\0';
	assert_int_equal(namekey_of(lng, keys, ARRAY_SIZE(keys)), 0);
	for (size_t i = 0; i + 1 < 400; i += 2) {
		lng[i] = 'b';
		lng[i + 1] = ' ';
	}
	lng[400] = '\0';
	assert_true(namekey_of(lng, keys, 3) <= 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_spelt),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_read_line),
		cmocka_unit_test(test_article),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_similarity),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
