/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_store.c - tipsom init, migrate, migrate-store and version. */
#include <inttypes.h>
#include <stdio.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/audit.h"
#include "core/library.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

/* Adds the SOP and screening versions shipped with this tipsom. */
static int
seed(struct cli *c, int *added, struct err *err)
{
	int kept;

	c->ctx.actor = (struct actor){ .username = "system", .system = true };
	if (library_seed(&c->ctx, added, &kept, err) == -1)
		return -1;
	if (kept > 0)
		fprintf(stderr, "tipsom: warning: %d shipped SOP or screening "
		    "versions differ from the store's of the same number; the "
		    "store's are kept: give adapted versions a higher number "
		    "(tipsom sop list)\n", kept);
	return 0;
}

static int
run_init(struct cli *c, struct err *err)
{
	bool plain = cli_has(c, "no-encryption");
	enum keys_kind kind = KEYS_PLAIN;
	char *secret = NULL;
	size_t size = 0;
	int version, applied, added, rc = -1;

	if (store_schema_version(c->ctx.store, &version, err) == -1)
		return -1;
	if (version > 0)
		return err_set(err, ERR_CONFLICT, "db",
		    "%s is already initialised (schema %d): use tipsom "
		    "migrate to bring it up to date", c->db_shown, version);
	/* The secret first: a store made but not encrypted would be
	 * half-done. */
	if (!plain && cli_new_store_secret(c->cfg.key_file, c->cfg.key_fd,
	    c->cfg.key_file ? "key-file" : "key-fd", &kind, &secret, &size,
	    err) == -1)
		return -1;
	if (store_migrate(c->ctx.store, &applied, err) == -1 ||
	    seed(c, &added, err) == -1)
		goto out;
	version = store_schema_latest(c->ctx.store);
	if (!c->json)
		printf("initialised %s (schema %d, %d SOP and screening "
		    "definitions)\n", c->db_shown, version, added);
	if (plain)
		fprintf(stderr, "tipsom: warning: %s is not encrypted "
		    "(--no-encryption): anyone who copies it reads the "
		    "victims' identities; tipsom keys init encrypts it\n",
		    c->db_shown);
	else if (cli_encrypt_store(c, kind, secret, err) == -1)
		goto out;
	rc = c->json ? cli_print_json(json_pack("{s:s, s:i, s:i, s:b}",
	    "store", c->db_shown, "schema", version, "definitions_added",
	    added, "encrypted", !plain), err) : 0;
out:
	vault_secret_free(&secret, size);
	return rc;
}

static int
run_migrate(struct cli *c, struct err *err)
{
	int before, applied, added;

	if (store_schema_version(c->ctx.store, &before, err) == -1)
		return -1;
	if (before == 0)
		return err_set(err, ERR_VERSION, "db", "%s is empty: run "
		    "tipsom init", c->db_shown);
	if (store_migrate(c->ctx.store, &applied, err) == -1 ||
	    seed(c, &added, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(json_pack("{s:i, s:i, s:i, s:i}", "from",
		    before, "to", before + applied, "applied", applied,
		    "definitions_added", added), err);
	if (applied == 0)
		printf("%s is up to date (schema %d)\n", c->db_shown, before);
	else
		printf("migrated %s from schema %d to %d\n", c->db_shown,
		    before, before + applied);
	if (added > 0)
		printf("added %d shipped SOP and screening definitions\n",
		    added);
	return 0;
}

/* The audit chain of st, which must verify. */
static int
chain_intact(struct store *st, const char *which, int64_t *entries,
    struct err *err)
{
	struct audit_verdict v;

	if (audit_verify(st, &v, err) == -1)
		return -1;
	if (v.bad_seq)
		return err_set(err, ERR_TAMPERED, which, "the audit chain of "
		    "the %s store breaks at entry %" PRId64 ": %s", which,
		    v.bad_seq, v.why);
	*entries = v.count;
	return 0;
}

/*
 * The whole store moved to another driver: opened as it is, copied,
 * both read again and compared, and both audit chains verified the same.
 */
static int
run_migrate_store(struct cli *c, struct err *err)
{
	const char *from_url = cli_get(c, "from"), *to_url = cli_get(c, "to");
	struct store *from = NULL, *to = NULL;
	struct store_options opt = { c->cfg.busy_timeout_ms };
	struct store_copied *t;
	int64_t was = 0, now = 0, rows = 0;
	size_t n;
	int rc = -1;

	if (!from_url || !to_url)
		return cli_usage(c, err, "give --from sqlite:PATH and --to "
		    "postgresql://USER@HOST/DATABASE");
	if (!(from = store_open(from_url, &opt, 0, err)) ||
	    !(to = store_open(to_url, &opt, STORE_CREATE | STORE_ANY_SCHEMA,
	    err)) ||
	    chain_intact(from, "from", &was, err) == -1 ||
	    store_copy(from, to, c->ctx.arena, &t, &n, err) == -1 ||
	    chain_intact(to, "to", &now, err) == -1)
		goto out;
	if (was != now) {
		err_set(err, ERR_TAMPERED, "to", "the copy's audit chain has "
		    "%" PRId64 " entries, the store's %" PRId64 ": start "
		    "again on a new empty database", now, was);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		rows += t[i].rows;
	if (c->json) {
		json_t *tables = json_object();

		for (size_t i = 0; i < n; i++)
			json_object_set_new(tables, t[i].table,
			    json_integer(t[i].rows));
		rc = cli_print_json(json_pack("{s:o, s:I, s:I, s:b}",
		    "tables", tables, "rows", (json_int_t)rows,
		    "audit_entries", (json_int_t)now, "verified", 1), err);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		printf("  %-28s %10" PRId64 " rows\n", t[i].table, t[i].rows);
	printf("copied %zu tables, %" PRId64 " rows; every table verified "
	    "the same, audit chain intact: %" PRId64 " entries\n", n, rows,
	    now);
	rc = 0;
out:
	store_close(&from);
	store_close(&to);
	return rc;
}

static int
run_version(struct cli *c, struct err *err)
{
	if (c->json)
		return cli_print_json(json_pack("{s:s}", "version",
		    TIPSOM_VERSION), err);
	printf("tipsom %s\n", TIPSOM_VERSION);
	return 0;
}

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

static const struct cli_opt init_opts[] = {
	{ "no-encryption", NULL, 0, "leave identities in plain text (tests "
	    "and training only: without it, give --key-file FILE, made when "
	    "missing, or a passphrase)" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_init = {
	NULL, "init", NULL, 0, 0, init_opts,
	CLI_CREATE_STORE | CLI_ANY_SCHEMA | CLI_NO_ACTOR, run_init,
	"create a new, empty store",
};

const struct cli_cmd cmd_migrate = {
	NULL, "migrate", NULL, 0, 0, no_opts, CLI_ANY_SCHEMA | CLI_NO_ACTOR,
	run_migrate, "bring an older store's schema up to date",
};

static const struct cli_opt migrate_store_opts[] = {
	{ "from", "URL", 0, "the store to copy, sqlite:PATH (left as it "
	    "is; stop its servers first)" },
	{ "to", "URL", 0, "an empty PostgreSQL database, "
	    "postgresql://USER@HOST/DATABASE (made when missing)" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_migrate_store = {
	NULL, "migrate-store", NULL, 0, 0, migrate_store_opts,
	CLI_NO_STORE | CLI_NO_ACTOR, run_migrate_store,
	"copy a whole store, with its audit chain, into PostgreSQL, and "
	"verify the copy",
};

const struct cli_cmd cmd_version = {
	NULL, "version", NULL, 0, 0, no_opts, CLI_NO_STORE | CLI_NO_ACTOR,
	run_version, "print the version of tipsom",
};
