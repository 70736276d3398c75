/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fixture.h - the store the fuzz targets that need one share: made once
 * per process, each input run in a transaction rolled back after it.
 *
 * The store is SQLite in memory, migrated and seeded with the shipped
 * definitions, holding two agencies ("FZ-A", "FZ-B"), an administrator
 * "admin", a supervisor "super.a" (who may do nearly all case work) and a
 * trainer "trainer.a" of FZ-A, each with a live session, and a caseworker
 * "worker.b" of FZ-B.  The targets add what they need with the API
 * itself.
 */
#ifndef TIPSOM_FUZZ_FIXTURE_H
#define TIPSOM_FUZZ_FIXTURE_H

#include "core/ctx.h"
#include "vault/vault.h"

struct err;

struct fixture {
	struct config	 cfg;
	struct store	*store;
	struct vault	*vault;
};

/* The session token of a fixture's user who has one, or NULL. */
const char	*fixture_token(const char *username);

/* The process's fixture, made on the first call; aborts when it cannot
 * be made.  Closed at exit. */
struct fixture	*fixture_get(void);

/* Prints what failed and aborts: the fixture is not the code under test. */
void		 fixture_die(const char *what, const struct err *err)
		    __attribute__((noreturn));

/*
 * Starts an input: a ctx on the fixture's store, a fresh arena, username
 * acting, inside a transaction.  fixture_end() rolls it
 * back and checks that the code under test closed every level it opened.
 */
void		 fixture_begin(struct ctx *ctx, const char *username);
void		 fixture_end(struct ctx *ctx);

#endif
