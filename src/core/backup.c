/* SPDX-License-Identifier: Apache-2.0 */
/* backup.c - the store sealed whole, and restored with its chain checked. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "base/err.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/backup.h"
#include "core/ctx.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

/* The public key's first characters name it in the record. */
#define FINGERPRINT	12

static int
backup_audit(struct ctx *ctx, void *arg, struct err *err)
{
	const char *public_key = arg, *colon = strchr(public_key, ':');
	char fingerprint[FINGERPRINT + 1] = "";
	json_t *changes;
	int rc;

	if (colon)
		snprintf(fingerprint, sizeof(fingerprint), "%s", colon + 1);
	changes = json_pack("{s:s}", "key", fingerprint);
	rc = audit_append(ctx, &(struct audit_event){
		.action = "store.backup", .object_type = "store",
		.object_id = "backup", .agency_id = ctx->actor.agency_id,
		.changes = changes }, err);
	json_decref(changes);
	return rc;
}

int
backup_take(struct ctx *ctx, const char *public_key, FILE *out,
    struct backup_info *info, struct err *err)
{
	struct vault_sealer *sealer = NULL;
	unsigned char *image = NULL;
	size_t n = 0;
	int rc = -1;

	*info = (struct backup_info){ 0 };
	if (access_require(ctx, PERM_STORE_BACKUP, err) == -1)
		return -1;
	/* The key is checked before anything is recorded. */
	if (!(sealer = vault_sealer_new(public_key, out, err)))
		return -1;
	/* Recorded first, so that the backup holds its own record. */
	if (ctx_transaction(ctx, backup_audit, (void *)public_key, err) == -1 ||
	    store_snapshot(ctx->store, &image, &n, err) == -1 ||
	    vault_sealer_write(sealer, image, n, err) == -1 ||
	    vault_sealer_finish(&sealer, err) == -1)
		goto out;
	info->bytes = n;
	rc = store_schema_version(ctx->store, &info->schema, err);
out:
	vault_sealer_free(&sealer);
	if (image)
		memset(image, 0, n);
	store_image_free(ctx->store, &image);
	return rc;
}

/* The path of a sqlite: url, to remove a store that failed checks. */
static void
remove_store(const char *url)
{
	char side[4096];

	if (strncmp(url, "sqlite:", 7) != 0)
		return;
	url += 7;
	unlink(url);
	snprintf(side, sizeof(side), "%s-wal", url);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", url);
	unlink(side);
}

/* Opens the new store and verifies its audit chain. */
static int
verify(const char *url, struct backup_info *info, struct err *err)
{
	struct store_options opt = { .busy_timeout_ms = 5000 };
	struct store *st = store_open(url, &opt, STORE_ANY_SCHEMA, err);
	struct audit_verdict v;
	int rc = -1;
	int applied = 0;

	if (!st)
		return -1;
	/* A backup of an older tipsom is brought up to this one's schema
	 * (which also readies the statements the check needs). */
	if (store_schema_version(st, &info->schema, err) == -1 ||
	    store_migrate(st, &applied, err) == -1 ||
	    audit_verify(st, &v, err) == -1)
		goto out;
	info->migrated_to = applied ? store_schema_latest(st) : 0;
	info->audit_entries = v.count;
	if (v.bad_seq) {
		err_set(err, ERR_TAMPERED, "file", "the audit chain in the "
		    "backup breaks at entry %" PRId64 ": %s: use another copy",
		    v.bad_seq, v.why);
		goto out;
	}
	rc = 0;
out:
	store_close(&st);
	return rc;
}

int
backup_restore(const char *url, const char *secret_key, FILE *in,
    struct backup_info *info, struct err *err)
{
	unsigned char *image = NULL;
	size_t n = 0;
	int rc = -1;

	*info = (struct backup_info){ 0 };
	if (vault_unseal(in, secret_key, &image, &n, err) == -1)
		return -1;
	info->bytes = n;
	if (store_restore(url, image, n, err) == 0) {
		if (verify(url, info, err) == 0)
			rc = 0;
		else
			remove_store(url);
	}
	vault_unsealed_free(&image, n);
	return rc;
}
