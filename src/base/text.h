/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text.h - checking and normalising the text people type.
 *
 * Every string that enters tipsom (a flag, a JSON field, a CSV cell) goes
 * through text_clean() at the edge of the domain: it must be well-formed
 * UTF-8 without control characters, it is trimmed and put in Unicode NFC
 * (so that the same Arabic or Cyrillic name typed on two keyboards is
 * stored the same way) without the invisible marks that make equal-looking
 * names differ, and it is bounded in length.  Built on ICU.
 */
#ifndef TIPSOM_TEXT_H
#define TIPSOM_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct err;

enum text_flags {
	TEXT_REQUIRED = 1 << 0,		/* empty (after trimming) is an error */
	TEXT_MULTILINE = 1 << 1,	/* allow newlines and tabs */
};

/*
 * Checks s and returns its trimmed NFC form, allocated in a.  A NULL s is
 * treated as "".  max_chars bounds the result in code points.  Fails with
 * ERR_INVALID naming field: not UTF-8 (with the byte offset), a control
 * character, empty when TEXT_REQUIRED, or too long.
 */
char		*text_clean(struct arena *a, const char *s, size_t max_chars,
		    unsigned flags, const char *field, struct err *err);

/*
 * Returns -1 and sets *bad_offset to the first byte that is not part of
 * well-formed UTF-8 (overlong forms and surrogates included), else 0.
 */
int		 text_utf8_check(const char *s, size_t len, size_t *bad_offset);

/* Characters, not bytes, of UTF-8 text s. */
size_t		 text_utf8_chars(const char *s);

/*
 * The ISO 15924 code of the script s is written in: "Latn", "Arab",
 * "Cyrl", ...; "Zyyy" when it has no letters, "Zmix" when it mixes
 * scripts.  Static storage.
 */
const char	*text_script(const char *s);

/* True for an ISO 3166-1 alpha-2 country code in upper case ("IQ"). */
bool		 text_country_valid(const char *code);

/*
 * True for a well-formed BCP 47 language tag whose language ICU knows
 * ("ar", "ckb", "fa-AF", "tg") or that our users need and ICU lacks
 * ("prs" Dari, "kmr" Kurmanji, "hac" Gorani).
 */
bool		 text_language_valid(const char *tag);

/*
 * Parses a whole decimal integer in [min, max].  Returns -1 on anything
 * else (empty, trailing characters, out of range).
 */
int		 text_parse_int(const char *s, long long min, long long max,
		    long long *out);

/*
 * True when a and b are the same text but for case (Unicode case
 * folding: "Erbil" and "ERBIL", "Straße" and "STRASSE").  Text that is not
 * UTF-8 is equal only byte for byte.
 */
bool		 text_equal_folded(const char *a, const char *b);

/* Lower-cases ASCII letters of s in place; returns s. */
char		*text_ascii_lower(char *s);

#endif
