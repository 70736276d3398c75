/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_store.c - tipsom init, migrate and version. */
#include <stdio.h>

#include <jansson.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/library.h"
#include "store/store.h"
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
	int version, applied, added;

	if (store_schema_version(c->ctx.store, &version, err) == -1)
		return -1;
	if (version > 0)
		return err_set(err, ERR_CONFLICT, "db",
		    "%s is already initialised (schema %d): use tipsom "
		    "migrate to bring it up to date", c->cfg.db, version);
	if (store_migrate(c->ctx.store, &applied, err) == -1 ||
	    seed(c, &added, err) == -1)
		return -1;
	version = store_schema_latest(c->ctx.store);
	if (c->json)
		return cli_print_json(json_pack("{s:s, s:i, s:i}", "store",
		    c->cfg.db, "schema", version, "definitions_added", added),
		    err);
	printf("initialised %s (schema %d, %d SOP and screening "
	    "definitions)\n", c->cfg.db, version, added);
	return 0;
}

static int
run_migrate(struct cli *c, struct err *err)
{
	int before, applied, added;

	if (store_schema_version(c->ctx.store, &before, err) == -1)
		return -1;
	if (before == 0)
		return err_set(err, ERR_VERSION, "db", "%s is empty: run "
		    "tipsom init", c->cfg.db);
	if (store_migrate(c->ctx.store, &applied, err) == -1 ||
	    seed(c, &added, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(json_pack("{s:i, s:i, s:i, s:i}", "from",
		    before, "to", before + applied, "applied", applied,
		    "definitions_added", added), err);
	if (applied == 0)
		printf("%s is up to date (schema %d)\n", c->cfg.db, before);
	else
		printf("migrated %s from schema %d to %d\n", c->cfg.db,
		    before, before + applied);
	if (added > 0)
		printf("added %d shipped SOP and screening definitions\n",
		    added);
	return 0;
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

const struct cli_cmd cmd_init = {
	NULL, "init", NULL, 0, 0, no_opts,
	CLI_CREATE_STORE | CLI_ANY_SCHEMA | CLI_NO_ACTOR, run_init,
	"create a new, empty store",
};

const struct cli_cmd cmd_migrate = {
	NULL, "migrate", NULL, 0, 0, no_opts, CLI_ANY_SCHEMA | CLI_NO_ACTOR,
	run_migrate, "bring an older store's schema up to date",
};

const struct cli_cmd cmd_version = {
	NULL, "version", NULL, 0, 0, no_opts, CLI_NO_STORE | CLI_NO_ACTOR,
	run_version, "print the version of tipsom",
};
