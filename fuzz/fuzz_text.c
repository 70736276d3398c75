/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_text.c - the small parsers of typed text: identifiers (phone
 * numbers, e-mail, documents... normalised for search), name keys (the
 * search's spelling of a name, and the key lines the store keeps), dates
 * and timestamps, SOP durations and definition references ("tip@3").
 *
 * The first byte chooses the parser, the rest is the text (a C string,
 * so up to its first NUL):
 *	0	identifier_normalise() of every kind, national and foreign
 *	1	namekey_of(), then the keys' line read back, similarity
 *	2	namekey_read_line() and namekey_parse() of stored keys
 *	3	date_parse(), date_seconds_parse(), sop_duration_parse(),
 *		library_parse_ref()
 *	4	what an encrypted store holds (a copied store may have been
 *		changed): sealed values opened, key files' lines; and any
 *		text sealed and opened back
 * (modulo 5).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "core/library.h"
#include "core/sop.h"
#include "model/enums.h"
#include "search/identifier.h"
#include "search/namekey.h"
#include "vault/vault.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
identifiers(const char *s)
{
	static const char *const countries[] = { "IQ", "DE", "XX", "" };
	struct arena *a = arena_new();
	struct err err = ERR_INIT;
	size_t bad;

	/* Callers hand over clean UTF-8 only (text_clean()). */
	if (text_utf8_check(s, strlen(s), &bad) == 0) {
		for (int k = 0; k < IDENT__MAX; k++) {
			for (size_t c = 0; c < 4; c++) {
				const char *n = identifier_normalise(a, k, s,
				    countries[c], "value", &err), *again;

				/* A normal form is its own normal form: what
				 * the store keeps is found by typing it. */
				if (!n)
					continue;
				again = identifier_normalise(a, k, n,
				    countries[c], "value", &err);
				if (!again || strcmp(again, n) != 0)
					abort();
			}
		}
	}
	arena_free(&a);
}

static void
names(const char *s)
{
	struct namekey keys[NAMEKEY_PARTS], back[NAMEKEY_PARTS], joined;
	char line[NAMEKEY_PARTS * NAMEKEY_MAX];
	size_t n = namekey_of(s, keys, NAMEKEY_PARTS), m;

	if (n > NAMEKEY_PARTS)
		abort();
	namekey_line(keys, n, line, sizeof(line));
	m = namekey_read_line(line, back, NAMEKEY_PARTS);
	/* What the store keeps reads back as the same keys. */
	if (m != n)
		abort();
	for (size_t i = 0; i < n; i++) {
		char readings[NAMEKEY_READINGS][NAMEKEY_MAX];
		double sim = namekey_similarity(&keys[i], &back[i]);

		if (strcmp(keys[i].spelt, back[i].spelt) != 0 || sim < 0 ||
		    sim > 1)
			abort();
		/* no reading is the key's own coarse key */
		for (size_t r = namekey_readings(&keys[i], readings,
		    NAMEKEY_READINGS); r-- > 0;)
			if (strcmp(readings[r], keys[i].coarse) == 0)
				abort();
		if (i > 0)
			(void)namekey_join(&keys[i - 1], &keys[i], &joined);
	}
}

static void
stored_keys(const char *s)
{
	struct namekey keys[NAMEKEY_PARTS], one;

	(void)namekey_read_line(s, keys, NAMEKEY_PARTS);
	(void)namekey_parse(s, strlen(s), &one);
}

static void
dates(const char *s)
{
	struct date d;
	char text[DATE_TEXT_SIZE], ts[TIMESTAMP_TEXT_SIZE], id[64];
	int64_t secs, back;
	struct err err = ERR_INIT;
	int version;

	if (date_parse(s, &d) == 0) {
		date_format(&d, text);
		(void)date_days_inclusive(&d, &d);
	}
	if (date_seconds_parse(s, &secs) == 0) {
		/* A parsed time prints and parses back to itself. */
		date_seconds_format(secs, ts);
		if (date_seconds_parse(ts, &back) == -1 || back != secs)
			abort();
	}
	(void)sop_duration_parse(s, &secs);
	(void)library_parse_ref(s, "sop", id, sizeof(id), &version, &err);
}

/* A vault holding an index key and a data key, made once. */
static struct vault *
keyed_vault(void)
{
	static struct vault *v;
	struct vault_kek *kek;
	struct arena *a;
	struct err err = ERR_INIT;
	const char *wrapped, *chained;
	int version;

	if (v)
		return v;
	v = vault_open(PWHASH_INTERACTIVE, &err);
	kek = vault_kek_from_line("tipsom-store-key:"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &err);
	a = arena_new();
	if (!v || !kek || vault_key_new(v, true, kek, a, &version, &wrapped,
	    &chained, &err) == -1 || vault_key_new(v, false, kek, a, &version,
	    &wrapped, &chained, &err) == -1)
		abort();
	vault_kek_free(&kek);
	arena_free(&a);
	return v;
}

static void
sealed(const char *s)
{
	struct vault *v = keyed_vault();
	struct arena *a = arena_new();
	struct err err = ERR_INIT;
	struct vault_kek *kek = vault_kek_from_line(s, &err);
	char buf[VAULT_OPEN_INTO_MAX];
	const char *back;

	vault_kek_free(&kek);
	(void)vault_field_version(s);
	(void)vault_field_open(v, a, "notes.body", s, &err);
	(void)vault_field_open_into(v, "notes.body", s, buf, sizeof(buf),
	    &err);
	(void)vault_blind_index(v, a, "identifiers.phone", s, &err);
	/* Whatever is sealed opens back the same, in its own field only. */
	back = vault_field_open(v, a, "notes.body", vault_field_seal(v, a,
	    "notes.body", s, &err), &err);
	if (!back || strcmp(back, s) != 0 || vault_field_open(v, a,
	    "person_names.given", vault_field_seal(v, a, "notes.body", s,
	    &err), &err))
		abort();
	arena_free(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size == 0)
		return 0;
	s = malloc(size);
	if (!s)
		abort();
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 5) {
	case 0:
		identifiers(s);
		break;
	case 1:
		names(s);
		break;
	case 2:
		stored_keys(s);
		break;
	case 3:
		dates(s);
		break;
	default:
		sealed(s);
		break;
	}
	free(s);
	return 0;
}
