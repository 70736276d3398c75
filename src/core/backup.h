/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backup.h - encrypted backups of the whole store, and restoring them.
 *
 * A backup is the store as it stood at one moment, taken while the
 * server goes on working (store_snapshot()), sealed to a public key
 * (vault.h: only the matching secret key opens it).  The key pair comes
 * from `tipsom keys new`; the secret key belongs off the machine, with
 * whoever may restore.  No plain copy of the store touches the disk: the
 * image is made in memory and sealed as it is written.
 *
 * Restoring opens the backup with the secret key (a file cut short or
 * changed does not open), checks the database's integrity, writes it as
 * a new store (migrated to this tipsom's schema when older), and
 * verifies its audit chain; a store that fails any of these is removed,
 * never left half-written.
 */
#ifndef TIPSOM_CORE_BACKUP_H
#define TIPSOM_CORE_BACKUP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct ctx;
struct err;

struct backup_info {
	size_t		 bytes;		/* of the database image */
	int64_t		 audit_entries;	/* in its audit chain */
	int		 schema;	/* its schema version */
	int		 migrated_to;	/* restored: brought up to this
					 * schema; 0 when it was current */
};

/*
 * Writes a sealed backup of ctx->store for public_key (a key line) to
 * out, the caller's stream.  Needs PERM_STORE_BACKUP; audited as
 * store.backup (in the backup itself too) with the key's fingerprint.
 */
int		 backup_take(struct ctx *ctx, const char *public_key,
		    FILE *out, struct backup_info *info, struct err *err);

/*
 * Restores the sealed backup read from in, opened with secret_key, as a
 * new store at url (which must not exist), and verifies it.
 * ERR_TAMPERED when it does not open, is damaged, or its audit chain
 * does not verify; ERR_CONFLICT when url exists.
 */
int		 backup_restore(const char *url, const char *secret_key,
		    FILE *in, struct backup_info *info, struct err *err);

#endif
