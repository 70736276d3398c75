/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vault.h - everything cryptographic in tipsom; nothing else calls
 * libsodium.
 *
 * Passwords are hashed with argon2id.  The audit chain is hashed with
 * SHA-256.  Victim identity fields (names, document numbers, contacts)
 * pass through vault_identity_seal() on their way into the store and
 * vault_identity_open() on their way out, so that encrypting them at rest
 * changes this module and no caller.  Today the sealed form is the plain
 * text: the store file must be protected by the operating system until
 * field encryption lands (see docs/security-status.md).
 */
#ifndef TIPSOM_VAULT_H
#define TIPSOM_VAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/config.h"

struct arena;
struct err;
struct vault;			/* opaque */

#define VAULT_PWHASH_SIZE	128	/* an encoded argon2id hash and NUL */
#define VAULT_SHA256_SIZE	32
#define VAULT_SHA256_HEX	65	/* 64 hex digits and NUL */

/*
 * Starts the crypto library and returns a vault hashing new passwords at
 * the given cost.  NULL with *err set if the library cannot start.
 * Release with vault_close().
 */
struct vault	*vault_open(enum pwhash_cost cost, struct err *err);
void		 vault_close(struct vault **v);

/*
 * Hashes password into out (an "$argon2id$..." string).  ERR_INTERNAL if
 * the machine lacks the memory the cost needs.
 */
int		 vault_password_hash(struct vault *v, const char *password,
		    char out[VAULT_PWHASH_SIZE], struct err *err);

/* True when password matches hash.  Takes the same time either way. */
bool		 vault_password_verify(struct vault *v, const char *hash,
		    const char *password);

/*
 * Memory for secrets (passwords as typed): guarded, locked out of swap,
 * and wiped by vault_secret_free(), which sets *s to NULL.
 */
char		*vault_secret_new(size_t size);
void		 vault_secret_free(char **s, size_t size);

/* One piece of a message to hash. */
struct vault_piece {
	const void	*data;
	size_t		 size;
};

/* SHA-256 of the pieces concatenated, as 64 lower-case hex digits. */
void		 vault_sha256_hex(const struct vault_piece *pieces, size_t n,
		    char out[VAULT_SHA256_HEX]);

/*
 * SHA-256 of a stream, fed piece by piece: vault_hash_new(), then
 * vault_hash_add() as the bytes come, then vault_hash_hex(), which may be
 * called once and leaves the hash to be freed with vault_hash_free()
 * (which NULLs the pointer and does nothing on NULL).
 */
struct vault_hash;
struct vault_hash *vault_hash_new(void);
void		 vault_hash_add(struct vault_hash *h, const void *p, size_t n);
void		 vault_hash_hex(struct vault_hash *h,
		    char out[VAULT_SHA256_HEX]);
void		 vault_hash_free(struct vault_hash **h);

/* n random bytes from the operating system's generator. */
void		 vault_random(void *buf, size_t n);

/*
 * groups random groups of four letters and digits joined by '-', from 32
 * that a person reads out or copies without doubt (no 0/O, 1/I): 20 bits
 * a group, unbiased.  out holds groups * 5 bytes (the NUL included).
 */
void		 vault_random_code(char *out, size_t groups);

#define VAULT_TOKEN_TEXT	44	/* 256 bits in base64url, and NUL */

/* A new random 256-bit token (sessions, CSRF), as base64url text. */
void		 vault_token(char out[VAULT_TOKEN_TEXT]);

/* True when a and b are equal strings, in time independent of where
 * they differ (for comparing secrets). */
bool		 vault_equal(const char *a, const char *b);

/*
 * Two-factor login with time-based one-time codes (RFC 6238: 6 digits,
 * 30-second steps, SHA-1, as authenticator apps expect).
 * vault_totp_secret() makes a new 160-bit secret, base32 in a.
 * vault_totp_check() accepts code when it matches the step of now or
 * one step either side, and that step is after *last_step (a code is
 * used once); it then sets *last_step.  Returns 0 or -1 (no match).
 */
const char	*vault_totp_secret(struct arena *a);
int		 vault_totp_check(const char *secret, const char *code,
		    int64_t now, int64_t *last_step);

/*
 * The stored form of an identity field, and the plain form of a stored
 * one; both allocated in a.  NULL gives NULL.  Fails with ERR_TAMPERED
 * when a stored value cannot be opened.
 */
const char	*vault_identity_seal(struct vault *v, struct arena *a,
		    const char *plain, struct err *err);
const char	*vault_identity_open(struct vault *v, struct arena *a,
		    const char *stored, struct err *err);

/*
 * Sealed files (backups): whoever has the public key can seal, only the
 * secret key opens.  A sealed file is a random file key sealed to the
 * public key (X25519, libsodium's sealed box) and the data in chunks
 * encrypted and authenticated with that key (XChaCha20-Poly1305 secret
 * stream), the last chunk marked final: a file cut short, reordered or
 * changed anywhere does not open.
 *
 * Keys are one line of text each, "tipsom-public-key:BASE64" and
 * "tipsom-secret-key:BASE64"; vault_seal_keypair() makes a pair in a
 * (the secret one in guarded memory, wiped by vault_secret_free() with
 * VAULT_SEAL_KEY_TEXT).
 */
#define VAULT_SEAL_KEY_TEXT	72	/* a key line and NUL */

int		 vault_seal_keypair(char public_key[VAULT_SEAL_KEY_TEXT],
		    char **secret_key, struct err *err);

/*
 * A sealer writes a sealed file to out (a stream the caller owns and
 * closes) from the data given to vault_sealer_write(), in any pieces;
 * vault_sealer_finish() writes the final chunk and frees it (NULLing
 * *s), vault_sealer_free() abandons it.  ERR_INVALID naming "key" for a
 * key that is not a public key line; ERR_IO when out fails.
 */
struct vault_sealer;
struct vault_sealer *vault_sealer_new(const char *public_key, void *out,
		    struct err *err);
int		 vault_sealer_write(struct vault_sealer *s, const void *data,
		    size_t n, struct err *err);
int		 vault_sealer_finish(struct vault_sealer **s, struct err *err);
void		 vault_sealer_free(struct vault_sealer **s);

/*
 * Opens the sealed file read from in (a FILE *) with secret_key into
 * *data[0..*n), in memory the caller frees with vault_unsealed_free()
 * (which wipes it).  ERR_INVALID naming "key" for a key that is not a
 * secret key line; ERR_TAMPERED when the file is not a sealed file, is
 * cut short, was changed, or the key does not open it.
 */
int		 vault_unseal(void *in, const char *secret_key,
		    unsigned char **data, size_t *n, struct err *err);
void		 vault_unsealed_free(unsigned char **data, size_t n);

#endif
