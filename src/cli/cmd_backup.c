/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_backup.c - tipsom keys new, backup and restore: encrypted backups
 * of the whole store.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/backup.h"
#include "vault/vault.h"
#include "base/banned.h"

#define KEY_FILE_MAX	256

/* A new file at path, mode bits, refused when it exists. */
static FILE *
create(const char *path, mode_t mode, const char *field, struct err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	FILE *f;

	if (fd == -1) {
		err_set(err, errno == EEXIST ? ERR_CONFLICT : ERR_IO, field,
		    "%s cannot be created: %s: %s", path, strerror(errno),
		    errno == EEXIST ? "give a new file name, nothing is "
		    "overwritten" : "check the directory");
		return NULL;
	}
	if (!(f = fdopen(fd, "wb"))) {
		close(fd);
		err_set(err, ERR_IO, field, "%s cannot be written: check the "
		    "disk", path);
	}
	return f;
}

/* Closes f after flushing it to the disk. */
static int
close_synced(FILE *f, const char *path, const char *field, struct err *err)
{
	int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;

	if (fclose(f) != 0 || bad)
		return err_set(err, ERR_IO, field, "%s cannot be written: "
		    "check the disk", path);
	return 0;
}

/* The first line of the key file at path into key[0..size). */
static int
read_key(const char *path, const char *field, char *key, size_t size,
    struct err *err)
{
	FILE *f = fopen(path, "rb");
	size_t len;

	if (!f)
		return err_set(err, ERR_IO, field, "%s cannot be read: %s: "
		    "give the key file tipsom keys new wrote", path,
		    strerror(errno));
	if (!fgets(key, (int)size, f))
		key[0] = '\0';
	fclose(f);
	len = strcspn(key, "\r\n");
	key[len] = '\0';
	return 0;
}

static int
run_keys_new(struct cli *c, struct err *err)
{
	const char *pub_path = cli_get(c, "public"), *sec_path =
	    cli_get(c, "secret");
	char public_key[VAULT_SEAL_KEY_TEXT], *secret_key = NULL;
	FILE *pub = NULL, *sec = NULL;
	int rc = -1;

	if (!pub_path || !sec_path)
		return cli_usage(c, err, "give --public FILE and --secret FILE: "
		    "where to write the two keys");
	if (vault_seal_keypair(public_key, &secret_key, err) == -1)
		return -1;
	if (!(sec = create(sec_path, 0600, "secret", err)))
		goto out;
	if (!(pub = create(pub_path, 0644, "public", err))) {
		fclose(sec);
		unlink(sec_path);
		goto out;
	}
	fprintf(sec, "%s\n", secret_key);
	fprintf(pub, "%s\n", public_key);
	if (close_synced(sec, sec_path, "secret", err) == -1) {
		fclose(pub);
		goto out;
	}
	if (close_synced(pub, pub_path, "public", err) == -1)
		goto out;
	printf("public key: %s (for tipsom backup --key)\nsecret key: %s "
	    "(for tipsom restore; keep it off this machine)\n", pub_path,
	    sec_path);
	rc = 0;
out:
	vault_secret_free(&secret_key, VAULT_SEAL_KEY_TEXT);
	return rc;
}

static int
run_backup(struct cli *c, struct err *err)
{
	const char *path = c->args[0], *key_path = cli_get(c, "key");
	char key[KEY_FILE_MAX], partial[4096];
	struct backup_info info;
	FILE *out;

	if (!key_path)
		return cli_usage(c, err, "give --key FILE: the public key the "
		    "backup is sealed to (tipsom keys new)");
	if (read_key(key_path, "key", key, sizeof(key), err) == -1)
		return -1;
	if (access(path, F_OK) == 0)
		return err_set(err, ERR_CONFLICT, "file", "%s exists: give a "
		    "new file name, nothing is overwritten", path);
	/* Written beside, then renamed: a backup file is whole or absent. */
	snprintf(partial, sizeof(partial), "%s.partial", path);
	if (!(out = create(partial, 0600, "file", err)))
		return -1;
	if (backup_take(&c->ctx, key, out, &info, err) == -1) {
		fclose(out);
		unlink(partial);
		return -1;
	}
	if (close_synced(out, partial, "file", err) == -1 ||
	    rename(partial, path) != 0) {
		unlink(partial);
		if (err->code == ERR_OK)
			err_set(err, ERR_IO, "file", "%s cannot be written: "
			    "check the directory", path);
		return -1;
	}
	if (c->json)
		return cli_print_json(json_pack("{s:s, s:I, s:i}", "file", path,
		    "bytes", (json_int_t)info.bytes, "schema", info.schema),
		    err);
	printf("backup %s: the store of schema %d (%zu bytes), sealed to %s\n",
	    path, info.schema, info.bytes, key_path);
	return 0;
}

static int
run_restore(struct cli *c, struct err *err)
{
	const char *path = c->args[0], *key_path = cli_get(c, "secret-key");
	const char *to = cli_get(c, "to");
	struct backup_info info;
	char *key;
	FILE *in;
	int rc;

	if (!key_path || !to)
		return cli_usage(c, err, "give --secret-key FILE and --to "
		    "sqlite:PATH: the key that opens the backup, and the new "
		    "store");
	if (!(in = fopen(path, "rb")))
		return err_set(err, ERR_IO, "file", "%s cannot be read: %s: "
		    "give a backup file", path, strerror(errno));
	key = vault_secret_new(KEY_FILE_MAX);
	rc = read_key(key_path, "secret-key", key, KEY_FILE_MAX, err);
	if (rc == 0)
		rc = backup_restore(to, key, in, &info, err);
	vault_secret_free(&key, KEY_FILE_MAX);
	fclose(in);
	if (rc == -1)
		return -1;
	if (c->json)
		return cli_print_json(json_pack("{s:s, s:I, s:i, s:I, s:o}",
		    "store", to, "bytes", (json_int_t)info.bytes, "schema",
		    info.schema, "audit_entries",
		    (json_int_t)info.audit_entries, "migrated_to",
		    info.migrated_to ? json_integer(info.migrated_to) :
		    json_null()), err);
	printf("restored %s: schema %d, %zu bytes, audit chain intact: %"
	    PRId64 " entries\n", to, info.schema, info.bytes,
	    info.audit_entries);
	if (info.migrated_to)
		printf("brought up to schema %d, this tipsom's\n",
		    info.migrated_to);
	return 0;
}

static const struct cli_opt keys_opts[] = {
	{ "public", "FILE", 0, "where to write the public key (backups are "
	    "sealed to it)" },
	{ "secret", "FILE", 0, "where to write the secret key (it opens "
	    "them: keep it off this machine)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt backup_opts[] = {
	{ "key", "FILE", 0, "the public key to seal the backup to" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt restore_opts[] = {
	{ "secret-key", "FILE", 0, "the secret key that opens the backup" },
	{ "to", "URL", 0, "the new store, sqlite:PATH (must not exist)" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_keys_new = {
	"keys", "new", NULL, 0, 0, keys_opts, CLI_NO_STORE | CLI_NO_ACTOR,
	run_keys_new,
	"make a key pair for backups: a public key to seal, a secret to open",
};

const struct cli_cmd cmd_backup = {
	NULL, "backup", "FILE", 1, 1, backup_opts, 0, run_backup,
	"seal a consistent copy of the whole store to a public key, while it "
	"runs",
};

const struct cli_cmd cmd_restore = {
	NULL, "restore", "FILE", 1, 1, restore_opts,
	CLI_NO_STORE | CLI_NO_ACTOR, run_restore,
	"restore a backup as a new store, checking it and its audit chain",
};
