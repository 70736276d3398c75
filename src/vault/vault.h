/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vault.h - everything cryptographic in tipsom; nothing else calls
 * libsodium.
 *
 * Passwords are hashed with argon2id.  The audit chain is hashed with
 * SHA-256.  Identity fields (names, document numbers, contacts, name
 * keys, identifiers, notes) pass through vault_field_seal() on their way
 * into the store and vault_field_open() on their way out: encrypted at
 * rest under the store's data key (below).
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
 * Field encryption at rest (SECURITY.md).
 *
 * An encrypted store's fields are sealed (XChaCha20-Poly1305) under a
 * data key; each rotation adds a data key, version 1, 2, ...  Equality
 * lookups of sealed values (an identifier already recorded) go through a
 * blind index: a keyed hash (HMAC-SHA-256) under the index key, version
 * 0, which rotations keep.  The store holds every key only wrapped
 * (XChaCha20-Poly1305) by the key-encryption key, which it never holds:
 * that comes from a key file kept off the data disk or from a passphrase
 * through argon2id.  Each data key after the first is also wrapped by the
 * one before it ("chained"), so that a running server that holds the old
 * key takes up the new one without the key-encryption key.
 *
 * A vault that holds no data key serves a plain store: sealing gives the
 * plain text and the blind index the normalised value.
 */
#define VAULT_KEY_LINE		64	/* a key file's line and NUL */
#define VAULT_SALT_TEXT		32	/* a salt in base64 and NUL */
#define VAULT_MAX_KEY_VERSION	100000

/* A key-encryption key, in guarded memory; free with vault_kek_free(). */
struct vault_kek;

/* How a passphrase becomes a key-encryption key (argon2id). */
struct vault_kdf {
	char			 salt[VAULT_SALT_TEXT];	/* "" for a new one */
	unsigned long long	 opslimit;		/* 0 for the default */
	size_t			 memlimit;		/* 0 for the default */
};

/* A new random key file's line, "tipsom-store-key:BASE64". */
void		 vault_key_line_new(char out[VAULT_KEY_LINE]);

/*
 * The key-encryption key of a key file's line (trailing blanks and line
 * ends ignored).  ERR_INVALID naming "key-file" when line is not one.
 */
struct vault_kek *vault_kek_from_line(const char *line, struct err *err);

/*
 * The key-encryption key of a passphrase.  With kdf->salt "", a new salt
 * and the default costs are chosen and written into *kdf, for the store
 * to keep.  ERR_INVALID naming "passphrase" for an empty one or a salt
 * that is not one; ERR_INTERNAL when the machine lacks the memory.
 */
struct vault_kek *vault_kek_from_passphrase(const char *passphrase,
		    struct vault_kdf *kdf, struct err *err);
void		 vault_kek_free(struct vault_kek **kek);

/*
 * Makes a new random key and holds it: the index key (version 0, once),
 * or the next data key (one above the newest held, which it becomes).
 * *wrapped is it wrapped by kek; *chained, for a data key after the
 * first, it wrapped by the data key before it (else NULL); both in a.
 */
int		 vault_key_new(struct vault *v, bool index_key,
		    const struct vault_kek *kek, struct arena *a,
		    int *version, const char **wrapped, const char **chained,
		    struct err *err);

/*
 * Holds the stored key of version, unwrapped with kek; or, kek NULL, its
 * chained form unwrapped with the data key before it, which v must hold.
 * A data key newer than the current one becomes current.  ERR_TAMPERED
 * when it does not open: the wrong key file or passphrase, or a changed
 * store.
 */
int		 vault_key_take(struct vault *v, int version,
		    const char *stored, const struct vault_kek *kek,
		    struct err *err);

/* The held key of version wrapped by kek, in a (a new key file or
 * passphrase).  ERR_NOT_FOUND when v does not hold it. */
const char	*vault_key_wrap(struct vault *v, int version,
		    const struct vault_kek *kek, struct arena *a,
		    struct err *err);

/* The current data key's version; 0 when none is held (a plain store). */
int		 vault_key_version(struct vault *v);

/*
 * Says the store is encrypted, before its keys are taken: until they are,
 * sealing, opening and blind indexes fail with ERR_STORE, so
 * that a process whose unlocking failed neither shows sealed values as
 * text nor writes plain ones.
 */
void		 vault_expect_keys(struct vault *v);

/*
 * The stored form of the value of field (its name, "table.column", bound
 * to the sealed value so that it opens only there), and the plain form of
 * a stored one; both in a, NULL for NULL.  Sealed values read
 * "k<version>." and base64 of nonce and ciphertext.  Opening fails with
 * ERR_TAMPERED when a value does not open (changed, moved to another
 * field, or plain text in an encrypted store) and ERR_STORE when it is
 * sealed under a key v does not hold.
 */
const char	*vault_field_seal(struct vault *v, struct arena *a,
		    const char *field, const char *plain, struct err *err);
const char	*vault_field_open(struct vault *v, struct arena *a,
		    const char *field, const char *stored, struct err *err);

/*
 * vault_field_open() into buf[0..size) rather than an arena, for values
 * read by the million (the name index); values up to
 * VAULT_OPEN_INTO_MAX - 1 bytes.  Returns buf, or NULL with *err set
 * (ERR_INVALID when the value does not fit).
 */
#define VAULT_OPEN_INTO_MAX	4096
const char	*vault_field_open_into(struct vault *v, const char *field,
		    const char *stored, char *buf, size_t size,
		    struct err *err);

/* The data key version a stored value is sealed under; 0 for plain. */
int		 vault_field_version(const char *stored);

/*
 * The blind index of a normalised value of field: "h." and base64 of its
 * HMAC under the index key; the value itself in a plain store.  NULL for
 * NULL, or with *err set when the store is locked.
 */
const char	*vault_blind_index(struct vault *v, struct arena *a,
		    const char *field, const char *normalised,
		    struct err *err);

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
