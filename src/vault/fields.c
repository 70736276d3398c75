/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fields.c - field encryption at rest: key-encryption keys, the store's
 * wrapped keys, sealed fields and blind indexes (vault.h).
 *
 *	key file line	"tipsom-store-key:" base64url(32 bytes)
 *	wrapped key	"w." base64url(nonce[24] ciphertext[32 + 16]),
 *			associated data "tipsom key <version>"
 *	sealed field	"k<version>." base64url(nonce[24] ciphertext),
 *			associated data the field's name
 *	blind index	"h." base64url(HMAC-SHA-256(index key,
 *			field NUL normalised))
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/arena.h"
#include "base/err.h"
#include "vault/vault.h"
#include "vault/vault_int.h"
#include "base/banned.h"

#define KEY_PREFIX	"tipsom-store-key:"
#define B64		sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define KEY_BYTES	crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCE_BYTES	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES	crypto_aead_xchacha20poly1305_ietf_ABYTES
#define SALT_BYTES	crypto_pwhash_SALTBYTES
/* A passphrase is typed at every start: argon2id at 64 MiB and three
 * passes takes a fraction of a second on a modest laptop, and makes
 * each guess cost as much. */
#define KDF_OPSLIMIT	3ULL
#define KDF_MEMLIMIT	((size_t)64 << 20)

_Static_assert(KEY_BYTES == 32, "keys are 32 bytes");
_Static_assert(KEY_BYTES == crypto_auth_hmacsha256_KEYBYTES,
    "the index key is an HMAC-SHA-256 key");

struct vault_kek {
	unsigned char	 key[KEY_BYTES];
};

static struct vault_kek *
kek_new(void)
{
	struct vault_kek *k = sodium_malloc(sizeof(*k));

	if (!k)
		abort();
	return k;
}

/*
 * Nonces of sealed fields, ten at a time.  Debian's libsodium (1.0.18,
 * randombytes "sysrandom") makes one getrandom(2) call for each
 * randombytes_buf() of up to 256 bytes: asked for one 24-byte nonce a
 * value, an import of a million persons spent a tenth of its time in
 * the kernel.  Asked for 240 bytes, it makes the same one call.  The
 * nonces are the kernel's random bytes all the same, each used once:
 * the pool is the thread's own, and a fork()ed child, which would
 * otherwise use its parent's next nonces again, starts with it empty.
 * Nonces are public (they lead each sealed value), so the pool needs
 * no guarded memory.
 */
#define NONCE_POOL	10

struct nonce_pool {
	unsigned char	 bytes[NONCE_POOL * NONCE_BYTES];
	int		 used;		/* nonces taken from bytes */
};

static _Thread_local struct nonce_pool nonce_pool = { .used = NONCE_POOL };
static pthread_once_t nonce_pool_once = PTHREAD_ONCE_INIT;

static void
nonce_pool_empty(void)
{
	nonce_pool.used = NONCE_POOL;
}

static void
nonce_pool_watch_forks(void)
{
	pthread_atfork(NULL, NULL, nonce_pool_empty);
}

static void
nonce_new(unsigned char nonce[NONCE_BYTES])
{
	pthread_once(&nonce_pool_once, nonce_pool_watch_forks);
	if (nonce_pool.used == NONCE_POOL) {
		randombytes_buf(nonce_pool.bytes, sizeof(nonce_pool.bytes));
		nonce_pool.used = 0;
	}
	memcpy(nonce, nonce_pool.bytes + nonce_pool.used * NONCE_BYTES,
	    NONCE_BYTES);
	nonce_pool.used++;
}

void
vault_kek_free(struct vault_kek **kek)
{
	if (!kek || !*kek)
		return;
	sodium_memzero(*kek, sizeof(**kek));
	sodium_free(*kek);
	*kek = NULL;
}

void
vault_key_line_new(char out[VAULT_KEY_LINE])
{
	unsigned char raw[KEY_BYTES];
	size_t len = strlen(KEY_PREFIX);

	randombytes_buf(raw, sizeof(raw));
	memcpy(out, KEY_PREFIX, len);
	sodium_bin2base64(out + len, VAULT_KEY_LINE - len, raw, sizeof(raw),
	    B64);
	sodium_memzero(raw, sizeof(raw));
}

struct vault_kek *
vault_kek_from_line(const char *line, struct err *err)
{
	size_t len = strlen(KEY_PREFIX), got = 0;
	const char *end = NULL;
	struct vault_kek *k = kek_new();

	if (!line || strncmp(line, KEY_PREFIX, len) != 0 ||
	    sodium_base642bin(k->key, sizeof(k->key), line + len,
	    strlen(line + len), NULL, &got, &end, B64) != 0 ||
	    got != sizeof(k->key) || strspn(end, " \t\r\n") != strlen(end)) {
		vault_kek_free(&k);
		err_set(err, ERR_INVALID, "key-file", "this is not a store key "
		    "of tipsom: give the file tipsom keys init or tipsom init "
		    "wrote (one line, tipsom-store-key:...)");
		return NULL;
	}
	return k;
}

struct vault_kek *
vault_kek_from_passphrase(const char *passphrase, struct vault_kdf *kdf,
    struct err *err)
{
	unsigned char salt[SALT_BYTES];
	size_t got = 0;
	const char *end = NULL;
	struct vault_kek *k;

	if (!passphrase || !*passphrase) {
		err_set(err, ERR_INVALID, "passphrase", "the passphrase is "
		    "empty: give the store's passphrase");
		return NULL;
	}
	if (!kdf->salt[0]) {
		randombytes_buf(salt, sizeof(salt));
		sodium_bin2base64(kdf->salt, sizeof(kdf->salt), salt,
		    sizeof(salt), B64);
		kdf->opslimit = KDF_OPSLIMIT;
		kdf->memlimit = KDF_MEMLIMIT;
	} else if (sodium_base642bin(salt, sizeof(salt), kdf->salt,
	    strlen(kdf->salt), NULL, &got, &end, B64) != 0 ||
	    got != sizeof(salt) || *end) {
		err_set(err, ERR_INVALID, "passphrase", "the store's "
		    "passphrase salt is damaged: restore the store from a "
		    "backup");
		return NULL;
	}
	if (!kdf->opslimit)
		kdf->opslimit = KDF_OPSLIMIT;
	if (!kdf->memlimit)
		kdf->memlimit = KDF_MEMLIMIT;
	k = kek_new();
	if (crypto_pwhash(k->key, sizeof(k->key), passphrase,
	    strlen(passphrase), salt, kdf->opslimit, kdf->memlimit,
	    crypto_pwhash_ALG_ARGON2ID13) != 0) {
		vault_kek_free(&k);
		err_set(err, ERR_INTERNAL, "passphrase", "cannot derive the "
		    "key from the passphrase: not enough memory for argon2id "
		    "(%zu MiB)", kdf->memlimit >> 20);
		return NULL;
	}
	return k;
}

void
vault__keys_free(struct vault *v)
{
	for (int i = 0; i < v->n_keys; i++)
		if (v->keys[i]) {
			sodium_memzero(v->keys[i], KEY_BYTES);
			sodium_free(v->keys[i]);
		}
	free(v->keys);
	v->keys = NULL;
	v->n_keys = 0;
	v->current = 0;
}

/* The key of version, or NULL; the caller holds the lock. */
static const unsigned char *
key_of(const struct vault *v, int version)
{
	return version >= 0 && version < v->n_keys ? v->keys[version] : NULL;
}

/* Holds key as version (a copy); the caller holds the write lock. */
static void
hold(struct vault *v, int version, const unsigned char *key)
{
	if (version >= v->n_keys) {
		int n = version + 1;
		unsigned char **keys = realloc(v->keys, (size_t)n *
		    sizeof(*keys));

		if (!keys)
			abort();
		memset(keys + v->n_keys, 0, (size_t)(n - v->n_keys) *
		    sizeof(*keys));
		v->keys = keys;
		v->n_keys = n;
	}
	if (!v->keys[version]) {
		v->keys[version] = sodium_malloc(KEY_BYTES);
		if (!v->keys[version])
			abort();
	}
	memcpy(v->keys[version], key, KEY_BYTES);
	if (version > v->current)
		v->current = version;
}

static void
key_ad(int version, char ad[32])
{
	snprintf(ad, 32, "tipsom key %d", version);
}

/* key wrapped by wrapping, as "w." text in a. */
static const char *
wrap(const unsigned char *key, int version, const unsigned char *wrapping,
    struct arena *a)
{
	unsigned char box[NONCE_BYTES + KEY_BYTES + TAG_BYTES];
	char ad[32], *out;
	size_t size = 2 + sodium_base64_ENCODED_LEN(sizeof(box), B64);

	key_ad(version, ad);
	randombytes_buf(box, NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE_BYTES, NULL,
	    key, KEY_BYTES, (unsigned char *)ad, strlen(ad), NULL, box,
	    wrapping);
	out = arena_alloc(a, size);
	memcpy(out, "w.", 2);
	sodium_bin2base64(out + 2, size - 2, box, sizeof(box), B64);
	return out;
}

/* The key in stored ("w." text) unwrapped by wrapping into key. */
static int
unwrap(const char *stored, int version, const unsigned char *wrapping,
    unsigned char key[KEY_BYTES])
{
	unsigned char box[NONCE_BYTES + KEY_BYTES + TAG_BYTES];
	char ad[32];
	size_t got = 0;
	const char *end = NULL;

	key_ad(version, ad);
	if (!stored || strncmp(stored, "w.", 2) != 0 ||
	    sodium_base642bin(box, sizeof(box), stored + 2,
	    strlen(stored + 2), NULL, &got, &end, B64) != 0 ||
	    got != sizeof(box) || *end)
		return -1;
	return crypto_aead_xchacha20poly1305_ietf_decrypt(key, NULL, NULL,
	    box + NONCE_BYTES, KEY_BYTES + TAG_BYTES, (unsigned char *)ad,
	    strlen(ad), box, wrapping);
}

int
vault_key_new(struct vault *v, bool index_key, const struct vault_kek *kek,
    struct arena *a, int *version, const char **wrapped,
    const char **chained, struct err *err)
{
	unsigned char key[KEY_BYTES];
	int rc = 0;

	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	pthread_rwlock_wrlock(&v->lock);
	if (index_key && key_of(v, 0)) {
		rc = err_set(err, ERR_CONFLICT, "key", "the store already has "
		    "its index key");
		goto out;
	}
	*version = index_key ? 0 : v->current + 1;
	if (*version > VAULT_MAX_KEY_VERSION) {
		rc = err_set(err, ERR_INVALID, "key", "the store has had %d "
		    "data keys: no more rotations", VAULT_MAX_KEY_VERSION);
		goto out;
	}
	*wrapped = wrap(key, *version, kek->key, a);
	*chained = *version > 1 ? wrap(key, *version, key_of(v, *version - 1),
	    a) : NULL;
	hold(v, *version, key);
out:
	pthread_rwlock_unlock(&v->lock);
	sodium_memzero(key, sizeof(key));
	return rc;
}

int
vault_key_take(struct vault *v, int version, const char *stored,
    const struct vault_kek *kek, struct err *err)
{
	unsigned char key[KEY_BYTES];
	const unsigned char *wrapping;
	int rc = 0;

	if (version < 0 || version > VAULT_MAX_KEY_VERSION)
		return err_set(err, ERR_TAMPERED, "key", "the store's key %d "
		    "has no valid version: restore the store from a backup",
		    version);
	pthread_rwlock_wrlock(&v->lock);
	wrapping = kek ? kek->key : version > 1 ? key_of(v, version - 1) :
	    NULL;
	if (!wrapping) {
		rc = err_set(err, ERR_VERSION, "key", "data key %d is chained "
		    "to key %d, which this process does not hold: restart it",
		    version, version - 1);
	} else if (unwrap(stored, version, wrapping, key) != 0) {
		rc = err_set(err, ERR_TAMPERED, "key", kek ? "the key file or "
		    "passphrase does not open this store: give the store's "
		    "own" : "the store's data key %d does not open: restore "
		    "the store from a backup", version);
	} else {
		hold(v, version, key);
	}
	pthread_rwlock_unlock(&v->lock);
	sodium_memzero(key, sizeof(key));
	return rc;
}

const char *
vault_key_wrap(struct vault *v, int version, const struct vault_kek *kek,
    struct arena *a, struct err *err)
{
	const unsigned char *key;
	const char *out = NULL;

	pthread_rwlock_rdlock(&v->lock);
	key = key_of(v, version);
	if (key)
		out = wrap(key, version, kek->key, a);
	else
		err_set(err, ERR_NOT_FOUND, "key", "key %d is not held",
		    version);
	pthread_rwlock_unlock(&v->lock);
	return out;
}

int
vault_key_version(struct vault *v)
{
	int version;

	pthread_rwlock_rdlock(&v->lock);
	version = v->current;
	pthread_rwlock_unlock(&v->lock);
	return version;
}

void
vault_expect_keys(struct vault *v)
{
	pthread_rwlock_wrlock(&v->lock);
	v->locked = true;
	pthread_rwlock_unlock(&v->lock);
}

/* The error of a locked store's vault; the caller holds the lock. */
static bool
refuse_locked(const struct vault *v, const char *field, struct err *err)
{
	if (!v->locked || v->current)
		return false;
	err_set(err, ERR_STORE, field, "the store is encrypted and this "
	    "process holds no key: start it with the store's key file or "
	    "passphrase");
	return true;
}

int
vault_field_version(const char *stored)
{
	long version;
	char *end;

	if (!stored || stored[0] != 'k' || stored[1] < '1' || stored[1] > '9')
		return 0;
	version = strtol(stored + 1, &end, 10);
	return *end == '.' && version <= VAULT_MAX_KEY_VERSION ?
	    (int)version : 0;
}

/*
 * "k<version>." into out (16 bytes), without snprintf(): an import seals
 * some six values a person.  Returns its length.
 */
static int
version_prefix(char out[16], int version)
{
	char digits[12];
	int n = 0, len = 0;

	do {
		digits[n++] = (char)('0' + version % 10);
		version /= 10;
	} while (version > 0);
	out[len++] = 'k';
	while (n > 0)
		out[len++] = digits[--n];
	out[len++] = '.';
	out[len] = '\0';
	return len;
}

const char *
vault_field_seal(struct vault *v, struct arena *a, const char *field,
    const char *plain, struct err *err)
{
	size_t n, box_size, size;
	unsigned char *box;
	const unsigned char *key;
	char *out;
	int version, head;

	if (!plain)
		return NULL;
	pthread_rwlock_rdlock(&v->lock);
	if (refuse_locked(v, field, err)) {
		pthread_rwlock_unlock(&v->lock);
		return NULL;
	}
	version = v->current;
	key = key_of(v, version);
	if (!version || !key) {
		pthread_rwlock_unlock(&v->lock);
		return arena_strdup(a, plain);
	}
	n = strlen(plain);
	box_size = NONCE_BYTES + n + TAG_BYTES;
	box = arena_alloc(a, box_size);
	nonce_new(box);
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE_BYTES, NULL,
	    (const unsigned char *)plain, n, (const unsigned char *)field,
	    strlen(field), NULL, box, key);
	pthread_rwlock_unlock(&v->lock);
	size = 16 + sodium_base64_ENCODED_LEN(box_size, B64);
	out = arena_alloc(a, size);
	head = version_prefix(out, version);
	sodium_bin2base64(out + head, size - (size_t)head, box, box_size, B64);
	return out;
}

/*
 * Opens stored (sealed, of an encrypted store) into plain[0..plain_size),
 * decoding through box[0..box_size).  The caller holds the read lock and
 * has checked that v holds a key.
 */
static int
open_value(struct vault *v, const char *field, const char *stored,
    unsigned char *box, size_t box_size, char *plain, size_t plain_size,
    struct err *err)
{
	int version = vault_field_version(stored);
	const unsigned char *key = key_of(v, version);
	const char *b64, *end = NULL;
	size_t got = 0, len;

	if (!version || !key) {
		if (version)
			return err_set(err, ERR_STORE, field, "a value is "
			    "sealed under data key %d, which this process does "
			    "not hold: restart it", version);
		return err_set(err, ERR_TAMPERED, field, "a value of %s is "
		    "not sealed in an encrypted store: it was written around "
		    "tipsom", field);
	}
	b64 = strchr(stored, '.') + 1;
	if (sodium_base642bin(box, box_size, b64, strlen(b64), NULL, &got,
	    &end, B64) != 0 || *end || got < NONCE_BYTES + TAG_BYTES)
		return err_set(err, ERR_TAMPERED, field, "a sealed value of "
		    "%s is damaged: it was changed around tipsom", field);
	len = got - NONCE_BYTES - TAG_BYTES;
	if (len >= plain_size)
		return err_set(err, ERR_INVALID, field, "a sealed value of "
		    "%s is longer than %zu bytes", field, plain_size - 1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)plain,
	    NULL, NULL, box + NONCE_BYTES, got - NONCE_BYTES,
	    (const unsigned char *)field, strlen(field), box, key) != 0)
		return err_set(err, ERR_TAMPERED, field, "a sealed value of "
		    "%s does not open: it was changed or moved around tipsom",
		    field);
	plain[len] = '\0';
	if (strlen(plain) != len)
		return err_set(err, ERR_TAMPERED, field, "a sealed value of "
		    "%s holds a NUL byte", field);
	return 0;
}

const char *
vault_field_open(struct vault *v, struct arena *a, const char *field,
    const char *stored, struct err *err)
{
	size_t box_size;
	char *plain;
	int rc;

	if (!stored)
		return NULL;
	pthread_rwlock_rdlock(&v->lock);
	if (refuse_locked(v, field, err)) {
		pthread_rwlock_unlock(&v->lock);
		return NULL;
	}
	if (!v->current) {
		pthread_rwlock_unlock(&v->lock);
		return arena_strdup(a, stored);
	}
	box_size = strlen(stored) * 3 / 4 + 3;
	plain = arena_alloc(a, box_size + 1);
	rc = open_value(v, field, stored, arena_alloc(a, box_size), box_size,
	    plain, box_size + 1, err);
	pthread_rwlock_unlock(&v->lock);
	return rc == 0 ? plain : NULL;
}

const char *
vault_field_open_into(struct vault *v, const char *field, const char *stored,
    char *buf, size_t size, struct err *err)
{
	unsigned char box[NONCE_BYTES + VAULT_OPEN_INTO_MAX + TAG_BYTES + 3];
	int rc = 0;

	if (!stored)
		return NULL;
	pthread_rwlock_rdlock(&v->lock);
	if (refuse_locked(v, field, err)) {
		rc = -1;
	} else if (!v->current) {
		if (strlen(stored) < size)
			memcpy(buf, stored, strlen(stored) + 1);
		else
			rc = err_set(err, ERR_INVALID, field, "a value of %s "
			    "is longer than %zu bytes", field, size - 1);
	} else {
		rc = open_value(v, field, stored, box, sizeof(box), buf,
		    size < VAULT_OPEN_INTO_MAX ? size : VAULT_OPEN_INTO_MAX,
		    err);
	}
	pthread_rwlock_unlock(&v->lock);
	return rc == 0 ? buf : NULL;
}

const char *
vault_blind_index(struct vault *v, struct arena *a, const char *field,
    const char *normalised, struct err *err)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state state;
	const unsigned char *key;
	size_t size = 2 + sodium_base64_ENCODED_LEN(sizeof(mac), B64);
	char *out;

	if (!normalised)
		return NULL;
	pthread_rwlock_rdlock(&v->lock);
	if (refuse_locked(v, field, err)) {
		pthread_rwlock_unlock(&v->lock);
		return NULL;
	}
	key = v->current ? key_of(v, 0) : NULL;
	if (!key) {
		pthread_rwlock_unlock(&v->lock);
		return arena_strdup(a, normalised);
	}
	crypto_auth_hmacsha256_init(&state, key, KEY_BYTES);
	pthread_rwlock_unlock(&v->lock);
	crypto_auth_hmacsha256_update(&state, (const unsigned char *)field,
	    strlen(field) + 1);
	crypto_auth_hmacsha256_update(&state,
	    (const unsigned char *)normalised, strlen(normalised));
	crypto_auth_hmacsha256_final(&state, mac);
	out = arena_alloc(a, size);
	memcpy(out, "h.", 2);
	sodium_bin2base64(out + 2, size - 2, mac, sizeof(mac), B64);
	return out;
}
