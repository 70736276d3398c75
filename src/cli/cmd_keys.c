/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_keys.c - tipsom keys init, status, rewrap and rotate: the store's
 * field encryption (core/keys.h).  The backups' key pair is
 * tipsom keys new (cmd_backup.c).
 */
#include <inttypes.h>
#include <stdio.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/keys.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

static const char *
kind_name(enum keys_kind kind)
{
	return kind == KEYS_PASSPHRASE ? "passphrase" : kind == KEYS_KEY_FILE ?
	    "key_file" : "plain";
}

/* Keys are the machine's business, not a user's: the system acts. */
static void
act_as_system(struct cli *c)
{
	c->ctx.actor = (struct actor){ .username = "system", .system = true };
}

int
cli_encrypt_store(struct cli *c, enum keys_kind kind, const char *secret,
    struct err *err)
{
	struct keys_report r;

	act_as_system(c);
	if (keys_init(&c->ctx, kind, secret, &r, err) == -1)
		return -1;
	if (!c->json)
		printf("encrypted %s: identities sealed under data key %d, "
		    "unlocked by its %s; %" PRId64 " values sealed\n",
		    c->db_shown, r.version, kind == KEYS_PASSPHRASE ?
		    "passphrase" : "key file", r.sealed);
	return 0;
}

static int
run_keys_init(struct cli *c, struct err *err)
{
	enum keys_kind kind;
	char *secret = NULL;
	size_t size = 0;
	int rc;

	if (keys_kind(&c->ctx, &kind, err) == -1)
		return -1;
	if (kind != KEYS_PLAIN)
		return err_set(err, ERR_CONFLICT, "key", "%s is already "
		    "encrypted: tipsom keys rewrap changes its key file or "
		    "passphrase, tipsom keys rotate its data key",
		    c->db_shown);
	if (cli_new_store_secret(c->cfg.key_file, c->cfg.key_fd,
	    c->cfg.key_file ? "key-file" : "key-fd", &kind, &secret, &size,
	    err) == -1)
		return -1;
	rc = cli_encrypt_store(c, kind, secret, err);
	vault_secret_free(&secret, size);
	if (rc == -1)
		return -1;
	return c->json ? cli_print_json(json_pack("{s:s, s:b}", "store",
	    c->db_shown, "encrypted", 1), err) : 0;
}

static int
run_keys_status(struct cli *c, struct err *err)
{
	struct store_key_wrap w = { 0 };
	struct store_field_key *keys = NULL;
	enum keys_kind kind;
	size_t n = 0;
	json_t *list;

	if (keys_kind(&c->ctx, &kind, err) == -1)
		return -1;
	if (kind != KEYS_PLAIN && (store_key_wrap_get(c->ctx.store,
	    c->ctx.arena, &w, err) == -1 || store_field_keys(c->ctx.store, -1,
	    c->ctx.arena, &keys, &n, err) == -1))
		return -1;
	if (c->json) {
		list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, json_pack("{s:I, s:s, "
			    "s:s}", "version", (json_int_t)keys[i].version,
			    "purpose", keys[i].version == 0 ? "index" : "data",
			    "created_at", keys[i].created_at));
		return cli_print_json(json_pack("{s:s, s:s, s:b, s:i, s:s?, "
		    "s:o}", "store", c->db_shown, "unlock", kind_name(kind),
		    "encrypted", kind != KEYS_PLAIN, "data_key",
		    vault_key_version(c->ctx.vault), "changed_at",
		    w.changed_at, "keys", list), err);
	}
	if (kind == KEYS_PLAIN) {
		printf("%s is not encrypted: victims' identities are stored "
		    "in plain text; tipsom keys init encrypts them\n",
		    c->db_shown);
		return 0;
	}
	printf("%s is encrypted, unlocked by its %s (set %s)\n", c->db_shown,
	    kind == KEYS_PASSPHRASE ? "passphrase" : "key file",
	    w.changed_at);
	printf("data key in use: %d\n", vault_key_version(c->ctx.vault));
	for (size_t i = 0; i < n; i++)
		printf("  key %" PRId64 "  %-6s  made %s\n", keys[i].version,
		    keys[i].version == 0 ? "index" : "data",
		    keys[i].created_at);
	return 0;
}

static int
run_keys_rewrap(struct cli *c, struct err *err)
{
	const char *file = cli_get(c, "new-key-file");
	enum keys_kind kind;
	char *secret = NULL;
	size_t size = 0;
	int fd = -1, rc;

	if (cli_int(c, "new-key-fd", 0, 1023, -1, &fd, err) == -1)
		return -1;
	if (keys_kind(&c->ctx, &kind, err) == -1)
		return -1;
	if (kind == KEYS_PLAIN)
		return err_set(err, ERR_INVALID, "key", "%s is not encrypted: "
		    "tipsom keys init encrypts it", c->db_shown);
	if (cli_new_store_secret(file, fd, file ? "new-key-file" :
	    "new-key-fd", &kind, &secret, &size, err) == -1)
		return -1;
	act_as_system(c);
	rc = keys_rewrap(&c->ctx, c->store_secret, kind, secret, err);
	vault_secret_free(&secret, size);
	if (rc == -1)
		return -1;
	if (c->json)
		return cli_print_json(json_pack("{s:s, s:s}", "store",
		    c->db_shown, "unlock", kind_name(kind)), err);
	printf("%s is now unlocked by the new %s; the old one no longer "
	    "opens it\n", c->db_shown, kind == KEYS_PASSPHRASE ?
	    "passphrase" : "key file");
	return 0;
}

static int
run_keys_rotate(struct cli *c, struct err *err)
{
	struct keys_report r;

	if (!c->store_secret)
		return err_set(err, ERR_INVALID, "key", "%s is not encrypted: "
		    "tipsom keys init encrypts it", c->db_shown);
	act_as_system(c);
	if (keys_rotate(&c->ctx, c->store_secret, &r, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(json_pack("{s:s, s:i, s:I, s:i}",
		    "store", c->db_shown, "data_key", r.version, "resealed",
		    (json_int_t)r.sealed, "passes", r.passes), err);
	printf("%s: data key %d in use; %" PRId64 " values sealed again "
	    "(%d walks of the store)\n", c->db_shown, r.version, r.sealed,
	    r.passes);
	return 0;
}

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

static const struct cli_opt rewrap_opts[] = {
	{ "new-key-file", "FILE", 0, "the new key file (made when missing), "
	    "or a file holding the new passphrase" },
	{ "new-key-fd", "N", 0, "read the new key line or passphrase from "
	    "this descriptor (without either, a new passphrase is asked for "
	    "at a terminal)" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_keys_init = {
	"keys", "init", NULL, 0, 0, no_opts, CLI_NO_ACTOR, run_keys_init,
	"encrypt a plain store's identities under a key file (--key-file, "
	"made when missing) or a passphrase; stop its servers first",
};

const struct cli_cmd cmd_keys_status = {
	"keys", "status", NULL, 0, 0, no_opts, CLI_NO_ACTOR, run_keys_status,
	"show whether the store is encrypted, how it is unlocked, its keys",
};

const struct cli_cmd cmd_keys_rewrap = {
	"keys", "rewrap", NULL, 0, 0, rewrap_opts, CLI_NO_ACTOR,
	run_keys_rewrap,
	"change the key file or passphrase that unlocks the store (the old "
	"one unlocks it first)",
};

const struct cli_cmd cmd_keys_rotate = {
	"keys", "rotate", NULL, 0, 0, no_opts, CLI_NO_ACTOR, run_keys_rotate,
	"a new data key, and every identity sealed again under it, while "
	"servers keep running",
};
