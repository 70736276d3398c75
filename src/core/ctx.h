/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ctx.h - what every domain call needs: the store, the vault, an arena
 * for results, and who is acting.
 *
 * The CLI builds one ctx per command and the HTTP server one per request;
 * the core never reads the environment or global state.
 */
#ifndef TIPSOM_CTX_H
#define TIPSOM_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "base/config.h"
#include "model/enums.h"

struct arena;
struct audit_batcher;
struct audit_wait;
struct search_cache;
struct err;
struct store;
struct vault;

#define ACTOR_USERNAME_SIZE	33	/* usernames are at most 32 bytes */

/* A copy, so that it outlives any arena the ctx is given. */
struct actor {
	int64_t		 user_id;	/* 0 for the system */
	int64_t		 agency_id;	/* 0 for the system */
	enum role	 role;
	char		 username[ACTOR_USERNAME_SIZE]; /* "system" for it */
	bool		 system;	/* bootstrap and maintenance only */
	bool		 training;	/* the store is a training store */
};

struct ctx {
	const struct config	*cfg;
	struct store		*store;
	struct vault		*vault;
	struct arena		*arena;	/* results live here; the caller frees */
	struct actor		 actor;
	const char		*rid;	/* request or command id, for logs */
	struct audit_batcher	*audit;	/* a server's batcher, or NULL */
	struct audit_wait	*audit_wait;	/* hand records over without
						 * waiting (audit.h), or NULL */
	struct search_cache	*search;	/* a server's name index
						 * (search.h), or NULL */
};

/*
 * Makes the active user username the actor.  ERR_UNAUTHENTICATED when
 * there is no such user or the account is disabled (the message does not
 * say which, so it cannot be used to probe for accounts).
 */
int		 ctx_act_as(struct ctx *ctx, const char *username,
		    struct err *err);

/* The same for a user already read from the store. */
struct user_row;
int		 ctx_act_as_user(struct ctx *ctx, const struct user_row *u,
		    struct err *err);

/*
 * Makes the system the actor, which is allowed only while the store has
 * no users yet (setting up the first agency and administrator).
 * ERR_UNAUTHENTICATED otherwise, asking for --as.
 */
int		 ctx_act_as_bootstrap(struct ctx *ctx, struct err *err);

/*
 * Runs write(ctx, arg, err) in a transaction: committed when it returns
 * 0, rolled back when it returns -1, so each domain write is all or
 * nothing.  Nests inside a caller's transaction.
 */
int		 ctx_transaction(struct ctx *ctx,
		    int (*write)(struct ctx *ctx, void *arg, struct err *err),
		    void *arg, struct err *err);

#endif
