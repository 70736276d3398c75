/* SPDX-License-Identifier: Apache-2.0 */
/* vault.c - libsodium behind tipsom's own names. */
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "base/arena.h"
#include "base/err.h"
#include "vault/vault.h"
#include "vault/vault_int.h"
#include "base/banned.h"

_Static_assert(VAULT_PWHASH_SIZE == crypto_pwhash_STRBYTES,
    "VAULT_PWHASH_SIZE must match libsodium");
_Static_assert(VAULT_SHA256_SIZE == crypto_hash_sha256_BYTES,
    "VAULT_SHA256_SIZE must match libsodium");

struct vault *
vault_open(enum pwhash_cost cost, struct err *err)
{
	struct vault *v;

	if (sodium_init() < 0 || oath_init() != OATH_OK) {
		err_set(err, ERR_INTERNAL, NULL,
		    "the crypto library does not start: check libsodium and "
		    "liboath");
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	if (!v)
		abort();
	pthread_rwlock_init(&v->lock, NULL);
	if (cost == PWHASH_MODERATE) {
		v->opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
		v->memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
	} else {
		v->opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		v->memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
	return v;
}

void
vault_close(struct vault **v)
{
	if (!v || !*v)
		return;
	oath_done();
	vault__keys_free(*v);
	pthread_rwlock_destroy(&(*v)->lock);
	free(*v);
	*v = NULL;
}

int
vault_password_hash(struct vault *v, const char *password,
    char out[VAULT_PWHASH_SIZE], struct err *err)
{
	if (crypto_pwhash_str_alg(out, password, strlen(password), v->opslimit,
	    v->memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(err, ERR_INTERNAL, NULL,
		    "cannot hash the password: not enough memory for "
		    "argon2id (set TIPSOM_PWHASH=interactive)");
	return 0;
}

bool
vault_password_verify(struct vault *v, const char *hash, const char *password)
{
	(void)v;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

char *
vault_secret_new(size_t size)
{
	char *s = sodium_malloc(size);

	if (!s)
		abort();
	memset(s, 0, size);
	return s;
}

void
vault_secret_free(char **s, size_t size)
{
	if (!s || !*s)
		return;
	sodium_memzero(*s, size);
	sodium_free(*s);
	*s = NULL;
}

void
vault_sha256_hex(const struct vault_piece *pieces, size_t n,
    char out[VAULT_SHA256_HEX])
{
	crypto_hash_sha256_state state;
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&state);
	for (size_t i = 0; i < n; i++)
		crypto_hash_sha256_update(&state, pieces[i].data,
		    pieces[i].size);
	crypto_hash_sha256_final(&state, digest);
	sodium_bin2hex(out, VAULT_SHA256_HEX, digest, sizeof(digest));
}

struct vault_hash {
	crypto_hash_sha256_state	 state;
};

struct vault_hash *
vault_hash_new(void)
{
	struct vault_hash *h = malloc(sizeof(*h));

	if (!h)
		abort();
	crypto_hash_sha256_init(&h->state);
	return h;
}

void
vault_hash_add(struct vault_hash *h, const void *p, size_t n)
{
	crypto_hash_sha256_update(&h->state, p, n);
}

void
vault_hash_hex(struct vault_hash *h, char out[VAULT_SHA256_HEX])
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_final(&h->state, digest);
	sodium_bin2hex(out, VAULT_SHA256_HEX, digest, sizeof(digest));
}

void
vault_hash_free(struct vault_hash **h)
{
	free(*h);
	*h = NULL;
}

void
vault_random(void *buf, size_t n)
{
	randombytes_buf(buf, n);
}

void
vault_random_code(char *out, size_t groups)
{
	static const char alphabet[32] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char raw[4];
	size_t o = 0;

	for (size_t g = 0; g < groups; g++) {
		randombytes_buf(raw, sizeof(raw));
		if (g > 0)
			out[o++] = '-';
		/* 32 divides 256: every character equally likely. */
		for (size_t i = 0; i < sizeof(raw); i++)
			out[o++] = alphabet[raw[i] % sizeof(alphabet)];
	}
	out[o] = '\0';
}

void
vault_token(char out[VAULT_TOKEN_TEXT])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, VAULT_TOKEN_TEXT, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

bool
vault_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	/* The lengths of tokens are public; their bytes are not. */
	return la == lb && sodium_memcmp(a, b, la) == 0;
}

const char *
vault_totp_secret(struct arena *a)
{
	char raw[20], *text = NULL;
	size_t len = 0;
	const char *out;

	randombytes_buf(raw, sizeof(raw));
	if (oath_base32_encode(raw, sizeof(raw), &text, &len) != OATH_OK)
		abort();
	sodium_memzero(raw, sizeof(raw));
	out = arena_strdup(a, text);
	sodium_memzero(text, len);
	free(text);
	return out;
}

int
vault_totp_check(const char *secret, const char *code, int64_t now,
    int64_t *last_step)
{
	char *raw = NULL;
	size_t len = 0, digits = code ? strlen(code) : 0;
	int pos = 0, rc;
	int64_t step;

	if (digits != 6 || strspn(code, "0123456789") != 6 ||
	    oath_base32_decode(secret, strlen(secret), &raw, &len) != OATH_OK)
		return -1;
	rc = oath_totp_validate2(raw, len, (time_t)now,
	    OATH_TOTP_DEFAULT_TIME_STEP_SIZE, 0, 1, &pos, code);
	sodium_memzero(raw, len);
	free(raw);
	if (rc < 0)
		return -1;
	step = now / OATH_TOTP_DEFAULT_TIME_STEP_SIZE + pos;
	if (step <= *last_step)
		return -1;
	*last_step = step;
	return 0;
}
