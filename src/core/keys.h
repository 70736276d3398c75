/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keys.h - the store's field encryption: making a store encrypted,
 * unlocking it at start, taking up a rotation another process made,
 * changing the key file or passphrase, and rotating the data key.
 *
 * The keys themselves and every cipher are the vault's (vault.h); this
 * module keeps their wrapped forms in the store and walks the sealed
 * columns (store.h STORE_SEALED_COLUMNS).  A secret is what unlocks the
 * store: the line of its key file, or its passphrase.
 */
#ifndef TIPSOM_CORE_KEYS_H
#define TIPSOM_CORE_KEYS_H

#include <stdbool.h>
#include <stdint.h>

struct ctx;
struct err;

enum keys_kind {
	KEYS_PLAIN,		/* not encrypted (made before 0022) */
	KEYS_KEY_FILE,		/* unlocked by a key file's line */
	KEYS_PASSPHRASE,	/* unlocked by a passphrase (argon2id) */
};

/* The line every secret of kind key file starts with. */
#define KEYS_LINE_PREFIX	"tipsom-store-key:"

/* What unlocks the store: plain, a key file or a passphrase. */
int		 keys_kind(struct ctx *ctx, enum keys_kind *kind,
		    struct err *err);

/*
 * Takes every key of an encrypted store into ctx->vault, unwrapped with
 * secret; nothing for a plain store.  ERR_TAMPERED when secret does not
 * open the store.
 */
int		 keys_unlock(struct ctx *ctx, const char *secret,
		    struct err *err);

/*
 * Takes up the data keys another process added since (a rotation), each
 * through its chain: no secret needed.  A server calls it every
 * KEYS_REFRESH_SECONDS; keys_rotate() waits longer than that before it
 * seals anything under a new key.
 */
#define KEYS_REFRESH_SECONDS	1
int		 keys_refresh(struct ctx *ctx, struct err *err);

struct keys_report {
	int		 version;	/* the current data key */
	int64_t		 sealed;	/* values sealed (again) */
	int		 passes;	/* rotate: walks of the store */
};

/*
 * Makes a plain store encrypted, in one transaction: an index key and
 * data key 1 wrapped by the key of secret (kind KEYS_KEY_FILE or
 * KEYS_PASSPHRASE, whose new salt is kept), then every value already
 * stored sealed, and every identifier's number replaced by its blind
 * index.  Then the store is compacted (store_scrub), so that no old plain
 * value stays in its free space.  ERR_CONFLICT on an encrypted store.
 * Audited as keys.init.
 */
int		 keys_init(struct ctx *ctx, enum keys_kind kind,
		    const char *secret, struct keys_report *r,
		    struct err *err);

/*
 * Wraps every key again under the key of new_secret (a new key file or
 * passphrase, of kind), in one transaction; running servers are not
 * disturbed.  Audited as keys.rewrap.
 */
int		 keys_rewrap(struct ctx *ctx, const char *secret,
		    enum keys_kind kind, const char *new_secret,
		    struct err *err);

/*
 * Adds a new data key (wrapped by the key of secret, chained to the one
 * before), waits for running servers to take it up, then seals again, in
 * batches of their own transactions, every value sealed under an older
 * key, walking the store until a walk finds none.  Servers keep serving
 * meanwhile.  Audited as keys.rotate.
 */
int		 keys_rotate(struct ctx *ctx, const char *secret,
		    struct keys_report *r, struct err *err);

#endif
