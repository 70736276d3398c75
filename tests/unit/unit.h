/* SPDX-License-Identifier: Apache-2.0 */
/*
 * unit.h - what the unit tests share: cmocka, and the fixtures that give
 * a test an arena, or a whole domain context on a private in-memory store.
 *
 * Fixtures are cmocka setup and teardown functions, so that what a test
 * allocated is freed even when the test fails half-way (cmocka runs the
 * teardown after a failed test), and the sanitizers' leak report stays
 * about the code under test.  Everything here is static inline: each test
 * file is its own program and uses only some of it.
 */
#ifndef TIPSOM_TESTS_UNIT_H
#define TIPSOM_TESTS_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/config.h"
#include "base/err.h"
#include "base/util.h"
#include "core/agency.h"
#include "core/ctx.h"
#include "core/keys.h"
#include "core/library.h"
#include "store/store.h"
#include "vault/vault.h"

/* True when needle occurs in haystack (both may be NULL: false). */
static inline int
unit_contains(const char *haystack, const char *needle)
{
	return haystack && needle && strstr(haystack, needle) != NULL;
}

/* True when a and b are both NULL or equal strings. */
static inline int
unit_str_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* A fresh arena in *state. */
static inline int
unit_arena_setup(void **state)
{
	*state = arena_new();
	return 0;
}

static inline int
unit_arena_teardown(void **state)
{
	struct arena *a = *state;

	arena_free(&a);
	*state = NULL;
	return 0;
}

/* A domain context on a new, migrated, in-memory store. */
struct unit_env {
	struct config	 cfg;
	struct ctx	 ctx;
	struct err	 err;
};

/*
 * Where a test's private store goes: in memory, or, when TIPSOM_TEST_PG
 * names a PostgreSQL server (postgresql://USER@HOST:PORT/DB, as
 * tests/pg/cluster.sh prints it), a new database of its own there, which
 * the store makes on open; the cluster goes with all of them at the end.
 */
static inline const char *
unit_store_url(char *buf, size_t size)
{
	static int made;
	const char *server = getenv("TIPSOM_TEST_PG");
	const char *slash = server ? strrchr(server, '/') : NULL;

	if (!server || !*server || !slash)
		return "sqlite::memory:";
	snprintf(buf, size, "%.*s/unit_%ld_%d", (int)(slash - server), server,
	    (long)getpid(), ++made);
	return buf;
}

/*
 * Opens a private store (unit_store_url()) with the current schema,
 * encrypted under a new key file's line or (encrypted false) plain, a
 * vault holding its keys and an arena, and makes the system (bootstrap)
 * the actor.  Returns NULL with a cmocka failure message printed when any
 * of it fails.
 */
static inline struct unit_env *
unit_env_new_encrypted(bool encrypted)
{
	struct unit_env *env = calloc(1, sizeof(*env));
	int applied = 0, kept = 0;
	char url[512], line[VAULT_KEY_LINE];
	struct keys_report report;

	if (!env)
		abort();
	config_defaults(&env->cfg);
	env->ctx.cfg = &env->cfg;
	env->ctx.rid = "unit";
	env->ctx.arena = arena_new();
	env->ctx.store = store_open(unit_store_url(url, sizeof(url)), NULL,
	    STORE_CREATE | STORE_ANY_SCHEMA, &env->err);
	if (!env->ctx.store)
		goto failed;
	if (store_migrate(env->ctx.store, &applied, &env->err) == -1 ||
	    library_seed(&env->ctx, &applied, &kept, &env->err) == -1)
		goto failed;
	env->ctx.vault = vault_open(PWHASH_INTERACTIVE, &env->err);
	if (!env->ctx.vault)
		goto failed;
	if (ctx_act_as_bootstrap(&env->ctx, &env->err) == -1)
		goto failed;
	/* Encrypted, as every store tipsom init makes. */
	vault_key_line_new(line);
	if (encrypted && keys_init(&env->ctx, KEYS_KEY_FILE, line, &report,
	    &env->err) == -1)
		goto failed;
	return env;
failed:
	print_error("cannot set up a store: %s (%s)\n", env->err.msg,
	    err_code_name(env->err.code));
	store_close(&env->ctx.store);
	vault_close(&env->ctx.vault);
	arena_free(&env->ctx.arena);
	library_cache_clear();
	free(env);
	return NULL;
}

/* An encrypted store's env, as tipsom init makes it. */
static inline struct unit_env *
unit_env_new(void)
{
	return unit_env_new_encrypted(true);
}

static inline void
unit_env_free(struct unit_env **envp)
{
	struct unit_env *env = *envp;

	if (!env)
		return;
	store_close(&env->ctx.store);
	vault_close(&env->ctx.vault);
	arena_free(&env->ctx.arena);
	library_cache_clear();
	free(env);
	*envp = NULL;
}

/*
 * Fails the test with env's error when rc is -1: for the steps a test
 * builds on, not the ones it checks.  Short, unlike the other helpers,
 * because a test calls it on nearly every line of its setup.
 */
static inline void
must(int rc, struct unit_env *env, const char *what)
{
	if (rc == -1)
		fail_msg("%s: %s", what, env->err.msg);
}

/* Makes username the actor of env, or fails the test. */
static inline void
unit_as(struct unit_env *env, const char *username)
{
	must(ctx_act_as(&env->ctx, username, &env->err), env, username);
}

/*
 * The people of a test: agencies (code, kind), an administrator "admin"
 * of the first, then users (username, agency, role), all with password,
 * made by the administrator, who is left acting.
 */
static inline void
unit_people(struct unit_env *env, const char *const (*agencies)[2],
    size_t n_agencies, const char *const (*users)[3], size_t n_users,
    const char *password)
{
	struct agency_row a;
	struct user_row u;

	for (size_t i = 0; i < n_agencies; i++)
		must(agency_add(&env->ctx, &(struct agency_input){
		    agencies[i][0], "Agency", agencies[i][1] }, &a, &env->err),
		    env, agencies[i][0]);
	must(user_add(&env->ctx, &(struct user_input){ .agency =
	    agencies[0][0], .username = "admin", .role = "admin",
	    .password = password }, &u, &env->err), env, "admin");
	unit_as(env, "admin");
	for (size_t i = 0; i < n_users; i++)
		must(user_add(&env->ctx, &(struct user_input){
		    .agency = users[i][1], .username = users[i][0],
		    .role = users[i][2], .password = password }, &u,
		    &env->err), env, users[i][0]);
}

/* How many rows the audit chain of env holds. */
static inline int64_t
unit_audit_count(struct unit_env *env)
{
	int64_t seq = 0;
	char hash[AUDIT_HASH_HEX];

	if (store_audit_last(env->ctx.store, &seq, hash, &env->err) == -1)
		return -1;
	return seq;
}

/*
 * Tears down a test's world: a struct on the heap whose first member is
 * its struct unit_env *env (a pointer to a struct is one to its first
 * member).
 */
static inline int
unit_world_teardown(void **state)
{
	struct unit_env **world = *state;

	if (world)
		unit_env_free(world);
	free(world);
	*state = NULL;
	return 0;
}

static inline int
unit_env_setup(void **state)
{
	*state = unit_env_new();
	return *state ? 0 : -1;
}

static inline int
unit_env_teardown(void **state)
{
	struct unit_env *env = *state;

	unit_env_free(&env);
	*state = NULL;
	return 0;
}

#endif
