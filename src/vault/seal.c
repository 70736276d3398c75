/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seal.c - sealed files: a file key sealed to a public key, the data in
 * an authenticated secret stream.
 *
 *	"TPSMSEAL" 1			magic and format version
 *	sealed file key			crypto_box_SEALBYTES + 32 bytes
 *	stream header			24 bytes
 *	chunks				4-byte big-endian length, then that
 *					many bytes: one encrypted chunk; the
 *					last one tagged final
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/err.h"
#include "vault/vault.h"
#include "base/banned.h"

#define MAGIC		"TPSMSEAL"
#define MAGIC_SIZE	8
#define VERSION		1
#define CHUNK		(64 * 1024)
#define PUBLIC_PREFIX	"tipsom-public-key:"
#define SECRET_PREFIX	"tipsom-secret-key:"
#define B64		sodium_base64_VARIANT_URLSAFE_NO_PADDING

#define KEY_BYTES	crypto_secretstream_xchacha20poly1305_KEYBYTES
#define HEADER_BYTES	crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define A_BYTES		crypto_secretstream_xchacha20poly1305_ABYTES
#define SEALED_KEY	(crypto_box_SEALBYTES + KEY_BYTES)

struct vault_sealer {
	FILE		*out;
	crypto_secretstream_xchacha20poly1305_state state;
	unsigned char	 plain[CHUNK];
	size_t		 used;
};

/* The 32 key bytes of a key line with prefix, or -1 naming "key". */
static int
key_bytes(const char *line, const char *prefix, const char *what,
    unsigned char *key, struct err *err)
{
	size_t len = strlen(prefix), got = 0;
	const char *end = NULL;

	if (!line || strncmp(line, prefix, len) != 0 ||
	    sodium_base642bin(key, 32, line + len, strlen(line + len),
	    "\r\n", &got, &end, B64) != 0 || got != 32 ||
	    strspn(end, "\r\n") != strlen(end))
		return err_set(err, ERR_INVALID, "key", "this is not a %s key "
		    "of tipsom: give the file tipsom keys new wrote", what);
	return 0;
}

static void
key_line(char *out, size_t size, const char *prefix,
    const unsigned char *key)
{
	size_t len = strlen(prefix);

	memcpy(out, prefix, len);
	sodium_bin2base64(out + len, size - len, key, 32, B64);
}

int
vault_seal_keypair(char public_key[VAULT_SEAL_KEY_TEXT], char **secret_key,
    struct err *err)
{
	unsigned char pk[crypto_box_PUBLICKEYBYTES];
	unsigned char *sk = sodium_malloc(crypto_box_SECRETKEYBYTES);

	*secret_key = NULL;
	if (!sk)
		return err_set(err, ERR_INTERNAL, NULL, "no memory for a key");
	crypto_box_keypair(pk, sk);
	key_line(public_key, VAULT_SEAL_KEY_TEXT, PUBLIC_PREFIX, pk);
	*secret_key = vault_secret_new(VAULT_SEAL_KEY_TEXT);
	key_line(*secret_key, VAULT_SEAL_KEY_TEXT, SECRET_PREFIX, sk);
	sodium_free(sk);
	return 0;
}

static int
put(FILE *out, const void *data, size_t n, struct err *err)
{
	if (n && fwrite(data, 1, n, out) != n)
		return err_set(err, ERR_IO, NULL, "the sealed file cannot be "
		    "written: check the disk");
	return 0;
}

static int
put_chunk(struct vault_sealer *s, unsigned char tag, struct err *err)
{
	unsigned char cipher[CHUNK + A_BYTES], size[4];
	unsigned long long len = 0;

	crypto_secretstream_xchacha20poly1305_push(&s->state, cipher, &len,
	    s->plain, s->used, NULL, 0, tag);
	size[0] = (unsigned char)(len >> 24);
	size[1] = (unsigned char)(len >> 16);
	size[2] = (unsigned char)(len >> 8);
	size[3] = (unsigned char)len;
	sodium_memzero(s->plain, s->used);
	s->used = 0;
	if (put(s->out, size, sizeof(size), err) == -1 ||
	    put(s->out, cipher, (size_t)len, err) == -1)
		return -1;
	return 0;
}

struct vault_sealer *
vault_sealer_new(const char *public_key, void *out, struct err *err)
{
	unsigned char pk[32], key[KEY_BYTES], sealed[SEALED_KEY];
	unsigned char header[HEADER_BYTES], version = VERSION;
	struct vault_sealer *s;

	if (key_bytes(public_key, PUBLIC_PREFIX, "public", pk, err) == -1)
		return NULL;
	if (!(s = sodium_malloc(sizeof(*s)))) {
		err_set(err, ERR_INTERNAL, NULL, "no memory to seal");
		return NULL;
	}
	s->out = out;
	s->used = 0;
	crypto_secretstream_xchacha20poly1305_keygen(key);
	crypto_box_seal(sealed, key, sizeof(key), pk);
	crypto_secretstream_xchacha20poly1305_init_push(&s->state, header,
	    key);
	sodium_memzero(key, sizeof(key));
	if (put(s->out, MAGIC, MAGIC_SIZE, err) == -1 ||
	    put(s->out, &version, 1, err) == -1 ||
	    put(s->out, sealed, sizeof(sealed), err) == -1 ||
	    put(s->out, header, sizeof(header), err) == -1) {
		vault_sealer_free(&s);
		return NULL;
	}
	return s;
}

int
vault_sealer_write(struct vault_sealer *s, const void *data, size_t n,
    struct err *err)
{
	const unsigned char *p = data;

	while (n > 0) {
		size_t take = CHUNK - s->used < n ? CHUNK - s->used : n;

		memcpy(s->plain + s->used, p, take);
		s->used += take;
		p += take;
		n -= take;
		/* A full chunk waits: the last one must carry the final
		 * tag, and only finish() knows which is last. */
		if (s->used == CHUNK && n > 0 && put_chunk(s,
		    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
		    err) == -1)
			return -1;
	}
	return 0;
}

int
vault_sealer_finish(struct vault_sealer **sp, struct err *err)
{
	int rc = put_chunk(*sp, crypto_secretstream_xchacha20poly1305_TAG_FINAL,
	    err);

	vault_sealer_free(sp);
	return rc;
}

void
vault_sealer_free(struct vault_sealer **sp)
{
	if (*sp)
		sodium_free(*sp);	/* wipes it */
	*sp = NULL;
}

static int
tampered(struct err *err, const char *why)
{
	return err_set(err, ERR_TAMPERED, "file", "the backup %s: it was cut "
	    "short or changed, or this is not its secret key; use another "
	    "copy", why);
}

static int
get(FILE *in, void *buf, size_t n)
{
	return fread(buf, 1, n, in) == n ? 0 : -1;
}

int
vault_unseal(void *stream, const char *secret_key, unsigned char **data,
    size_t *n, struct err *err)
{
	FILE *in = stream;
	unsigned char sk[32], pk[32], key[KEY_BYTES], sealed[SEALED_KEY];
	unsigned char header[HEADER_BYTES], magic[MAGIC_SIZE], version;
	unsigned char *cipher = NULL, *out = NULL;
	size_t used = 0, cap = 0;
	crypto_secretstream_xchacha20poly1305_state state;
	unsigned char tag = 0;
	int rc = -1;

	*data = NULL;
	*n = 0;
	if (key_bytes(secret_key, SECRET_PREFIX, "secret", sk, err) == -1)
		return -1;
	crypto_scalarmult_base(pk, sk);
	if (get(in, magic, sizeof(magic)) == -1 ||
	    memcmp(magic, MAGIC, MAGIC_SIZE) != 0 || get(in, &version, 1) == -1)
		return err_set(err, ERR_TAMPERED, "file", "this is not a "
		    "tipsom backup: give a file tipsom backup wrote");
	if (version != VERSION)
		return err_set(err, ERR_TAMPERED, "file", "this backup is of "
		    "format %d, this tipsom reads %d: restore it with the "
		    "tipsom that took it", version, VERSION);
	if (get(in, sealed, sizeof(sealed)) == -1 ||
	    get(in, header, sizeof(header)) == -1)
		goto cut;
	if (crypto_box_seal_open(key, sealed, sizeof(sealed), pk, sk) != 0) {
		sodium_memzero(sk, sizeof(sk));
		return err_set(err, ERR_TAMPERED, "key", "this secret key does "
		    "not open this backup: give the secret key that belongs "
		    "to the public key it was sealed to");
	}
	sodium_memzero(sk, sizeof(sk));
	if (crypto_secretstream_xchacha20poly1305_init_pull(&state, header,
	    key) != 0)
		goto cut;
	if (!(cipher = malloc(CHUNK + A_BYTES)))
		goto nomem;
	while (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
		unsigned char size[4];
		unsigned long long plain_len = 0;
		size_t len;

		if (get(in, size, sizeof(size)) == -1)
			goto cut;
		len = (size_t)size[0] << 24 | (size_t)size[1] << 16 |
		    (size_t)size[2] << 8 | size[3];
		if (len < A_BYTES || len > CHUNK + A_BYTES ||
		    get(in, cipher, len) == -1)
			goto cut;
		if (used + CHUNK > cap) {
			size_t bigger = cap ? cap * 2 : 16 * CHUNK;
			unsigned char *grown = sodium_malloc(bigger);

			if (!grown)
				goto nomem;
			if (out) {
				memcpy(grown, out, used);
				sodium_free(out);
			}
			out = grown;
			cap = bigger;
		}
		if (crypto_secretstream_xchacha20poly1305_pull(&state,
		    out + used, &plain_len, &tag, cipher, len, NULL, 0) != 0) {
			tampered(err, "does not open");
			goto out;
		}
		used += (size_t)plain_len;
	}
	if (fgetc(in) != EOF) {
		tampered(err, "goes on after its end");
		goto out;
	}
	*data = out;
	*n = used;
	out = NULL;
	rc = 0;
	goto out;
cut:
	tampered(err, "ends too early");
	goto out;
nomem:
	err_set(err, ERR_INTERNAL, NULL, "no memory to open the backup");
out:
	sodium_memzero(key, sizeof(key));
	free(cipher);
	if (out)
		sodium_free(out);
	return rc;
}

void
vault_unsealed_free(unsigned char **data, size_t n)
{
	(void)n;
	if (*data)
		sodium_free(*data);	/* wipes it */
	*data = NULL;
}
