/* SPDX-License-Identifier: Apache-2.0 */
/* keys.c - the store's field encryption keys (keys.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/util.h"
#include "core/audit.h"
#include "core/ctx.h"
#include "core/keys.h"
#include "search/identifier.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

#define BATCH		500
#define MAX_PASSES	10

int
keys_kind(struct ctx *ctx, enum keys_kind *kind, struct err *err)
{
	struct store_key_wrap w;

	if (store_key_wrap_get(ctx->store, ctx->arena, &w, err) == -1) {
		if (err->code != ERR_NOT_FOUND)
			return -1;
		err_clear(err);
		*kind = KEYS_PLAIN;
		return 0;
	}
	*kind = STREQ(w.kind, "passphrase") ? KEYS_PASSPHRASE : KEYS_KEY_FILE;
	return 0;
}

/* The key-encryption key of secret for a store unlocked so; with w NULL
 * or w->salt NULL and a passphrase, a new salt goes into *w. */
static struct vault_kek *
kek_of(enum keys_kind kind, const char *secret, struct store_key_wrap *w,
    struct arena *a, struct err *err)
{
	struct vault_kdf kdf = { "", 0, 0 };
	struct vault_kek *kek;

	if (kind == KEYS_KEY_FILE) {
		w->salt = NULL;
		w->opslimit = w->memlimit = 0;
		return vault_kek_from_line(secret, err);
	}
	if (w->salt) {
		snprintf(kdf.salt, sizeof(kdf.salt), "%s", w->salt);
		kdf.opslimit = (unsigned long long)w->opslimit;
		kdf.memlimit = (size_t)w->memlimit;
	}
	kek = vault_kek_from_passphrase(secret, &kdf, err);
	if (kek && !w->salt) {
		w->salt = arena_strdup(a, kdf.salt);
		w->opslimit = (int64_t)kdf.opslimit;
		w->memlimit = (int64_t)kdf.memlimit;
	}
	return kek;
}

int
keys_unlock(struct ctx *ctx, const char *secret, struct err *err)
{
	struct store_key_wrap w;
	struct store_field_key *keys;
	struct vault_kek *kek;
	size_t n;
	int rc = -1;

	if (store_key_wrap_get(ctx->store, ctx->arena, &w, err) == -1) {
		if (err->code != ERR_NOT_FOUND)
			return -1;
		err_clear(err);
		return 0;
	}
	vault_expect_keys(ctx->vault);
	if (store_field_keys(ctx->store, -1, ctx->arena, &keys, &n,
	    err) == -1)
		return -1;
	if (n < 2 || keys[0].version != 0)
		return err_set(err, ERR_TAMPERED, "key", "the store is "
		    "encrypted but its keys are missing: restore it from a "
		    "backup");
	kek = kek_of(STREQ(w.kind, "passphrase") ? KEYS_PASSPHRASE :
	    KEYS_KEY_FILE, secret, &w, ctx->arena, err);
	if (!kek)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (vault_key_take(ctx->vault, (int)keys[i].version,
		    keys[i].wrapped, kek, err) == -1)
			goto out;
	rc = 0;
out:
	vault_kek_free(&kek);
	return rc;
}

int
keys_refresh(struct ctx *ctx, struct err *err)
{
	struct store_field_key *keys;
	int current = vault_key_version(ctx->vault);
	size_t n;

	if (current == 0)
		return 0;
	if (store_field_keys(ctx->store, current, ctx->arena, &keys, &n,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (vault_key_take(ctx->vault, (int)keys[i].version,
		    keys[i].chained, NULL, err) == -1)
			return -1;
	return 0;
}

static int
keys_audit(struct ctx *ctx, const char *action, json_t *changes,
    struct err *err)
{
	int rc = audit_append(ctx, &(struct audit_event){
		.action = action, .object_type = "store",
		.object_id = "keys", .changes = changes }, err);

	json_decref(changes);
	return rc;
}

/* The blind index field of an identifier of kind. */
static const char *
index_field(struct arena *a, const char *kind)
{
	return arena_printf(a, "identifiers.%s", kind ? kind : "");
}

/*
 * Seals every value of column: in a plain store being encrypted (init),
 * all of them as plain text, in the caller's transaction, and each
 * identifier's number becomes its blind index; in a rotation, those
 * sealed under an older key, in batches of their own transactions.  Adds
 * to *sealed.
 */
static int
seal_column(struct ctx *ctx, enum store_sealed column, bool init,
    int64_t *sealed, struct err *err)
{
	const char *field = store_sealed_field(column);
	int current = vault_key_version(ctx->vault);
	int64_t after = 0;
	size_t n;

	do {
		struct store_sealed_value *rows;

		if (!init && store_begin(ctx->store, err) == -1)
			return -1;
		if (store_sealed_batch(ctx->store, column, after, BATCH,
		    ctx->arena, &rows, &n, err) == -1)
			goto fail;
		for (size_t i = 0; i < n; i++) {
			const char *plain = rows[i].value, *stored;
			int version = init ? 0 : vault_field_version(plain);

			after = rows[i].id;
			if (!init && version == current)
				continue;
			if (version != 0 && !(plain = vault_field_open(
			    ctx->vault, ctx->arena, field, plain, err)))
				goto fail;
			if (column == STORE_SEALED_IDENTIFIER_INDEX)
				stored = vault_blind_index(ctx->vault,
				    ctx->arena, index_field(ctx->arena,
				    rows[i].kind), plain, err);
			else
				stored = vault_field_seal(ctx->vault,
				    ctx->arena, field, plain, err);
			if (!stored || store_sealed_update(ctx->store, column,
			    rows[i].id, stored, err) == -1)
				goto fail;
			(*sealed)++;
		}
		if (!init && store_commit(ctx->store, err) == -1)
			return -1;
	} while (n == BATCH);
	return 0;
fail:
	if (!init)
		store_rollback(ctx->store);
	return -1;
}

struct init_args {
	enum keys_kind		 kind;
	const char		*secret;
	struct keys_report	*r;
};

static int
init_tx(struct ctx *ctx, void *arg, struct err *err)
{
	struct init_args *ia = arg;
	struct store_key_wrap w = { 0 };
	struct vault_kek *kek;
	char now[TIMESTAMP_TEXT_SIZE];
	enum keys_kind kind;
	int rc = -1;

	if (keys_kind(ctx, &kind, err) == -1)
		return -1;
	if (kind != KEYS_PLAIN)
		return err_set(err, ERR_CONFLICT, "key", "the store is already "
		    "encrypted: tipsom keys rewrap changes its key file or "
		    "passphrase, tipsom keys rotate its data key");
	date_now_timestamp(now);
	w.kind = ia->kind == KEYS_PASSPHRASE ? "passphrase" : "key_file";
	w.changed_at = now;
	kek = kek_of(ia->kind, ia->secret, &w, ctx->arena, err);
	if (!kek)
		return -1;
	for (int i = 0; i < 2; i++) {
		struct store_field_key k = { .created_at = now };
		int version;

		if (vault_key_new(ctx->vault, i == 0, kek, ctx->arena,
		    &version, &k.wrapped, &k.chained, err) == -1)
			goto out;
		k.version = version;
		if (store_field_key_insert(ctx->store, &k, err) == -1)
			goto out;
	}
	if (store_key_wrap_put(ctx->store, &w, err) == -1)
		goto out;
	for (int c = 0; c < STORE_SEALED__MAX; c++)
		if (seal_column(ctx, (enum store_sealed)c, true,
		    &ia->r->sealed, err) == -1)
			goto out;
	ia->r->version = 1;
	rc = keys_audit(ctx, "keys.init", json_pack("{s:s, s:I}", "unlock",
	    w.kind, "sealed", (json_int_t)ia->r->sealed), err);
out:
	vault_kek_free(&kek);
	return rc;
}

int
keys_init(struct ctx *ctx, enum keys_kind kind, const char *secret,
    struct keys_report *r, struct err *err)
{
	struct init_args ia = { kind, secret, r };

	*r = (struct keys_report){ 0 };
	if (kind == KEYS_PLAIN)
		return err_set(err, ERR_INVALID, "key", "give a key file or a "
		    "passphrase to encrypt the store with");
	if (ctx_transaction(ctx, init_tx, &ia, err) == -1)
		return -1;
	/* Nothing to scrub in a store with no values yet. */
	return r->sealed > 0 ? store_scrub(ctx->store, err) : 0;
}

struct rewrap_args {
	const char	*secret;
	enum keys_kind	 kind;
	const char	*new_secret;
};

static int
rewrap_tx(struct ctx *ctx, void *arg, struct err *err)
{
	struct rewrap_args *ra = arg;
	struct store_key_wrap w = { 0 };
	struct store_field_key *keys;
	struct vault_kek *kek = NULL;
	char now[TIMESTAMP_TEXT_SIZE];
	size_t n;
	int rc = -1;

	/* The old secret must open the store, in this transaction. */
	if (keys_unlock(ctx, ra->secret, err) == -1 ||
	    store_field_keys(ctx->store, -1, ctx->arena, &keys, &n,
	    err) == -1)
		return -1;
	date_now_timestamp(now);
	w.kind = ra->kind == KEYS_PASSPHRASE ? "passphrase" : "key_file";
	w.changed_at = now;
	kek = kek_of(ra->kind, ra->new_secret, &w, ctx->arena, err);
	if (!kek)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *wrapped = vault_key_wrap(ctx->vault,
		    (int)keys[i].version, kek, ctx->arena, err);

		if (!wrapped || store_field_key_rewrap(ctx->store,
		    keys[i].version, wrapped, err) == -1)
			goto out;
	}
	if (store_key_wrap_put(ctx->store, &w, err) == -1)
		goto out;
	rc = keys_audit(ctx, "keys.rewrap", json_pack("{s:s, s:I}", "unlock",
	    w.kind, "keys", (json_int_t)n), err);
out:
	vault_kek_free(&kek);
	return rc;
}

int
keys_rewrap(struct ctx *ctx, const char *secret, enum keys_kind kind,
    const char *new_secret, struct err *err)
{
	struct rewrap_args ra = { secret, kind, new_secret };
	enum keys_kind now;

	if (keys_kind(ctx, &now, err) == -1)
		return -1;
	if (now == KEYS_PLAIN)
		return err_set(err, ERR_INVALID, "key", "the store is not "
		    "encrypted: tipsom keys init encrypts it");
	if (kind == KEYS_PLAIN)
		return err_set(err, ERR_INVALID, "key", "give the new key file "
		    "or passphrase");
	return ctx_transaction(ctx, rewrap_tx, &ra, err);
}

static int
rotate_tx(struct ctx *ctx, void *arg, struct err *err)
{
	const char *secret = arg;
	struct store_key_wrap w;
	struct store_field_key k;
	struct vault_kek *kek;
	char now[TIMESTAMP_TEXT_SIZE];
	int version, rc = -1;

	if (store_key_wrap_get(ctx->store, ctx->arena, &w, err) == -1 ||
	    keys_unlock(ctx, secret, err) == -1)
		return -1;
	kek = kek_of(STREQ(w.kind, "passphrase") ? KEYS_PASSPHRASE :
	    KEYS_KEY_FILE, secret, &w, ctx->arena, err);
	if (!kek)
		return -1;
	date_now_timestamp(now);
	k = (struct store_field_key){ .created_at = now };
	if (vault_key_new(ctx->vault, false, kek, ctx->arena, &version,
	    &k.wrapped, &k.chained, err) == -1)
		goto out;
	k.version = version;
	if (store_field_key_insert(ctx->store, &k, err) == -1)
		goto out;
	rc = keys_audit(ctx, "keys.rotate", json_pack("{s:i}", "version",
	    version), err);
out:
	vault_kek_free(&kek);
	return rc;
}

int
keys_rotate(struct ctx *ctx, const char *secret, struct keys_report *r,
    struct err *err)
{
	struct timespec grace = { 2 * KEYS_REFRESH_SECONDS + 1, 0 };
	enum keys_kind kind;
	int64_t before;

	*r = (struct keys_report){ 0 };
	if (keys_kind(ctx, &kind, err) == -1)
		return -1;
	if (kind == KEYS_PLAIN)
		return err_set(err, ERR_INVALID, "key", "the store is not "
		    "encrypted: tipsom keys init encrypts it");
	if (ctx_transaction(ctx, rotate_tx, (void *)secret, err) == -1)
		return -1;
	r->version = vault_key_version(ctx->vault);
	/* Servers take the new key up within KEYS_REFRESH_SECONDS; until
	 * then a value sealed under it would not open there. */
	nanosleep(&grace, NULL);
	do {
		before = r->sealed;
		r->passes++;
		for (int c = 0; c < STORE_SEALED__MAX; c++)
			/* The index key is never rotated. */
			if (c != STORE_SEALED_IDENTIFIER_INDEX &&
			    seal_column(ctx, (enum store_sealed)c, false,
			    &r->sealed, err) == -1)
				return -1;
		/* A server that wrote under the old key before it took the
		 * new one up is caught by the next walk. */
	} while (r->sealed > before && r->passes < MAX_PASSES);
	return 0;
}
