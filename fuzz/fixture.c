/* SPDX-License-Identifier: Apache-2.0 */
/* fixture.c - the shared in-memory store of the fuzz targets. */
#include <stdio.h>
#include <stdlib.h>

#include "base/arena.h"
#include "base/config.h"
#include "base/err.h"
#include "core/agency.h"
#include "core/auth.h"
#include "core/keys.h"
#include "core/library.h"
#include "base/util.h"
#include "store/store.h"
#include "fixture.h"

#define PASSWORD	"correct horse battery staple 7"

static struct fixture fx;

/* The users who have a session, and their tokens. */
static const char *const logged_in[] = { "admin", "super.a", "trainer.a" };
static char tokens[ARRAY_SIZE(logged_in)][VAULT_TOKEN_TEXT];

void
fixture_die(const char *what, const struct err *err)
{
	fprintf(stderr, "fuzz fixture: %s: %s\n", what, err->msg);
	abort();
}

static void
fixture_free(void)
{
	store_close(&fx.store);
	vault_close(&fx.vault);
	library_cache_clear();
}

static void
login(struct ctx *ctx, const char *username, char token[VAULT_TOKEN_TEXT])
{
	struct auth_session session;
	struct err err = ERR_INIT;

	if (auth_login(ctx, &(struct auth_login){ username, PASSWORD, NULL },
	    &session, &err) == -1)
		fixture_die(username, &err);
	snprintf(token, VAULT_TOKEN_TEXT, "%s", session.token);
}

static void
fixture_make(void)
{
	struct ctx ctx = { .cfg = &fx.cfg, .rid = "fuzz" };
	struct agency_row a;
	struct user_row u;
	struct err err = ERR_INIT;
	struct keys_report report;
	char line[VAULT_KEY_LINE];
	int applied = 0, kept = 0;

	config_defaults(&fx.cfg);
	/* The administrator's session must outlive any run. */
	fx.cfg.session_idle_min = 1000000;
	fx.cfg.session_max_hours = 100000;
	fx.store = store_open("sqlite::memory:", NULL, STORE_CREATE |
	    STORE_ANY_SCHEMA, &err);
	if (!fx.store)
		fixture_die("store", &err);
	fx.vault = vault_open(fx.cfg.pwhash_cost, &err);
	if (!fx.vault)
		fixture_die("vault", &err);
	ctx.store = fx.store;
	ctx.vault = fx.vault;
	ctx.arena = arena_new();
	vault_key_line_new(line);
	/* Encrypted, as tipsom init makes every store: the handlers seal
	 * and open what they are fuzzed with. */
	if (store_migrate(fx.store, &applied, &err) == -1 ||
	    library_seed(&ctx, &applied, &kept, &err) == -1 ||
	    ctx_act_as_bootstrap(&ctx, &err) == -1 ||
	    keys_init(&ctx, KEYS_KEY_FILE, line, &report, &err) == -1 ||
	    agency_add(&ctx, &(struct agency_input){ "FZ-A", "Agency A",
	    "law_enforcement" }, &a, &err) == -1 ||
	    agency_add(&ctx, &(struct agency_input){ "FZ-B", "Agency B",
	    "ngo" }, &a, &err) == -1 ||
	    user_add(&ctx, &(struct user_input){ .agency = "FZ-A",
	    .username = "admin", .role = "admin", .password = PASSWORD },
	    &u, &err) == -1 ||
	    ctx_act_as(&ctx, "admin", &err) == -1 ||
	    user_add(&ctx, &(struct user_input){ .agency = "FZ-A",
	    .username = "super.a", .role = "supervisor",
	    .password = PASSWORD }, &u, &err) == -1 ||
	    user_add(&ctx, &(struct user_input){ .agency = "FZ-A",
	    .username = "trainer.a", .role = "trainer",
	    .password = PASSWORD }, &u, &err) == -1 ||
	    user_add(&ctx, &(struct user_input){ .agency = "FZ-B",
	    .username = "worker.b", .role = "caseworker",
	    .password = PASSWORD }, &u, &err) == -1)
		fixture_die("fixture", &err);
	for (size_t i = 0; i < ARRAY_SIZE(logged_in); i++)
		login(&ctx, logged_in[i], tokens[i]);
	arena_free(&ctx.arena);
	atexit(fixture_free);
}

struct fixture *
fixture_get(void)
{
	if (!fx.store)
		fixture_make();
	return &fx;
}

const char *
fixture_token(const char *username)
{
	fixture_get();
	for (size_t i = 0; i < ARRAY_SIZE(logged_in); i++)
		if (STREQ(logged_in[i], username))
			return tokens[i];
	return NULL;
}

void
fixture_begin(struct ctx *ctx, const char *username)
{
	struct fixture *f = fixture_get();
	struct err err = ERR_INIT;

	*ctx = (struct ctx){ .cfg = &f->cfg, .store = f->store,
	    .vault = f->vault, .rid = "fuzz" };
	ctx->arena = arena_new();
	if (ctx_act_as(ctx, username, &err) == -1 ||
	    store_begin(f->store, &err) == -1)
		fixture_die("begin", &err);
}

void
fixture_end(struct ctx *ctx)
{
	store_rollback(ctx->store);
	if (store_in_transaction(ctx->store)) {
		fprintf(stderr, "fuzz fixture: the input left a transaction "
		    "open\n");
		abort();
	}
	arena_free(&ctx->arena);
	/* Definitions a rolled-back import cached must not outlive it. */
	library_cache_clear();
}
