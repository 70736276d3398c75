/* SPDX-License-Identifier: Apache-2.0 */
/* vault.c - libsodium behind tipsom's own names. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/arena.h"
#include "base/err.h"
#include "vault/vault.h"
#include "base/banned.h"

_Static_assert(VAULT_PWHASH_SIZE == crypto_pwhash_STRBYTES,
    "VAULT_PWHASH_SIZE must match libsodium");
_Static_assert(VAULT_SHA256_SIZE == crypto_hash_sha256_BYTES,
    "VAULT_SHA256_SIZE must match libsodium");

struct vault {
	unsigned long long	 opslimit;
	size_t			 memlimit;
};

struct vault *
vault_open(enum pwhash_cost cost, struct err *err)
{
	struct vault *v;

	if (sodium_init() < 0) {
		err_set(err, ERR_INTERNAL, NULL,
		    "the crypto library does not start: check libsodium");
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	if (!v)
		abort();
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

void
vault_random(void *buf, size_t n)
{
	randombytes_buf(buf, n);
}

const char *
vault_identity_seal(struct vault *v, struct arena *a, const char *plain,
    struct err *err)
{
	(void)v;
	(void)err;
	return arena_strdup(a, plain);
}

const char *
vault_identity_open(struct vault *v, struct arena *a, const char *stored,
    struct err *err)
{
	(void)v;
	(void)err;
	return arena_strdup(a, stored);
}
