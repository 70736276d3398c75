/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench.h - what the benchmarks share: a small random generator with a
 * fixed seed, a clock, and a fresh store.  Each benchmark is its own
 * program, so everything here is static inline.
 */
#ifndef TIPSOM_BENCH_H
#define TIPSOM_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "base/config.h"
#include "base/util.h"
#include "core/agency.h"
#include "core/ctx.h"
#include "core/keys.h"
#include "core/library.h"
#include "store/store.h"
#include "vault/vault.h"

/* splitmix64: small, fast and the same everywhere. */
struct rng {
	uint64_t	 s;
};

static inline uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A number from 0 to n - 1. */
static inline unsigned
rng_below(struct rng *r, unsigned n)
{
	return (unsigned)(rng_next(r) % n);
}

#define PICK(r, a)	((a)[rng_below((r), ARRAY_SIZE(a))])

/* Seconds on the monotonic clock. */
static inline double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Seconds of CPU the process has used: beside a phase's wall-clock
 * time, it tells the phase's own work from waiting for a CPU that
 * others share.
 */
static inline double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Resident memory in MiB, from /proc; 0 when it cannot be read. */
static inline double
resident_mib(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long size, resident;
	int n;

	if (!f)
		return 0;
	n = fscanf(f, "%lu %lu", &size, &resident);
	fclose(f);
	if (n != 2)
		return 0;
	return (double)resident * (double)sysconf(_SC_PAGESIZE) /
	    (1024.0 * 1024.0);
}

/*
 * A fresh store at path: created and migrated, then opened again the
 * normal way, which checks the schema and prepares every statement.
 */
static inline struct store *
setup_store(const char *path, const struct config *cfg, struct err *err)
{
	struct store_options opt = { .busy_timeout_ms = cfg->busy_timeout_ms };
	struct store *st;
	char url[4096 + 8];
	int applied;

	snprintf(url, sizeof(url), "sqlite:%s", path);
	st = store_open(url, &opt, STORE_CREATE | STORE_ANY_SCHEMA, err);
	if (!st)
		return NULL;
	if (store_migrate(st, &applied, err) == -1) {
		store_close(&st);
		return NULL;
	}
	store_close(&st);
	return store_open(url, &opt, 0, err);
}

/* The fictional agency and administrator every benchmark sets up. */
#define BENCH_AGENCY	"BENCH-MOI"
#define BENCH_ADMIN	"bench.admin"
/* Only hashed (argon2id, interactive cost), twice, during set-up. */
#define BENCH_PASSWORD	"a long fictional benchmark passphrase"

/*
 * Encrypts the new store of ctx as tipsom init does, under a new random
 * key file's line, which goes to key_file when not NULL (for a server to
 * unlock the store with): benchmarks measure stores as they are deployed.
 * Acts as the system.
 */
static inline int
bench_encrypt(struct ctx *ctx, const char *key_file, struct err *err)
{
	char line[VAULT_KEY_LINE];
	struct keys_report r;
	FILE *f;

	vault_key_line_new(line);
	if (key_file) {
		if (!(f = fopen(key_file, "w")) || fprintf(f, "%s\n",
		    line) < 0 || fclose(f) != 0)
			return err_set(err, ERR_IO, "key-file", "cannot write "
			    "%s", key_file);
	}
	ctx->actor = (struct actor){ .username = "system", .system = true };
	return keys_init(ctx, KEYS_KEY_FILE, line, &r, err);
}

/*
 * The shipped SOPs (cases are pinned to one), encryption
 * (bench_encrypt()), the agency, its administrator and, made by the
 * administrator, user username in role, who then acts.
 */
static inline int
bench_bootstrap(struct ctx *ctx, const char *username, const char *role,
    const char *full_name, struct err *err)
{
	struct agency_row agency;
	struct user_row user;
	int added, kept;

	if (library_seed(ctx, &added, &kept, err) == -1 ||
	    bench_encrypt(ctx, NULL, err) == -1 ||
	    ctx_act_as_bootstrap(ctx, err) == -1 ||
	    agency_add(ctx, &(struct agency_input){ .code = BENCH_AGENCY,
	    .name = "Benchmark Police Directorate",
	    .kind = "law_enforcement" }, &agency, err) == -1 ||
	    user_add(ctx, &(struct user_input){ .agency = BENCH_AGENCY,
	    .username = BENCH_ADMIN, .full_name = "Benchmark Administrator",
	    .role = "admin", .password = BENCH_PASSWORD }, &user,
	    err) == -1 ||
	    ctx_act_as(ctx, BENCH_ADMIN, err) == -1 ||
	    user_add(ctx, &(struct user_input){ .agency = BENCH_AGENCY,
	    .username = username, .full_name = full_name, .role = role,
	    .password = BENCH_PASSWORD }, &user, err) == -1 ||
	    ctx_act_as(ctx, username, err) == -1)
		return -1;
	return 0;
}

#endif
