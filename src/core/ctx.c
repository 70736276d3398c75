/* SPDX-License-Identifier: Apache-2.0 */
/* ctx.c - choosing who acts. */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "core/ctx.h"
#include "model/agency.h"
#include "store/store.h"
#include "base/banned.h"

int
ctx_act_as(struct ctx *ctx, const char *username, struct err *err)
{
	struct user_row u;

	if (!username || !*username)
		return err_set(err, ERR_UNAUTHENTICATED, "as",
		    "no acting user: give --as USERNAME or set TIPSOM_USER");
	if (store_user_by_username(ctx->store, username, ctx->arena, &u,
	    err) == -1) {
		if (err->code != ERR_NOT_FOUND)
			return -1;
		u = (struct user_row){ .username = username };
	}
	return ctx_act_as_user(ctx, &u, err);
}

int
ctx_act_as_user(struct ctx *ctx, const struct user_row *u, struct err *err)
{
	if (!u->active)
		return err_set(err, ERR_UNAUTHENTICATED, "as",
		    "\"%.64s\" is not an active user: check the username "
		    "with an administrator", u->username);
	ctx->actor = (struct actor){
		.user_id = u->id,
		.agency_id = u->agency_id,
		.role = u->role,
	};
	if (store_training_is(ctx->store, &ctx->actor.training, err) == -1)
		return -1;
	snprintf(ctx->actor.username, sizeof(ctx->actor.username), "%s",
	    u->username);
	return 0;
}

int
ctx_act_as_bootstrap(struct ctx *ctx, struct err *err)
{
	int64_t users;

	if (store_user_count(ctx->store, &users, err) == -1)
		return -1;
	if (users > 0)
		return err_set(err, ERR_UNAUTHENTICATED, "as",
		    "no acting user: give --as USERNAME or set TIPSOM_USER");
	ctx->actor = (struct actor){
		.role = ROLE_ADMIN,
		.username = "system",
		.system = true,
	};
	return 0;
}

int
ctx_transaction(struct ctx *ctx,
    int (*write)(struct ctx *ctx, void *arg, struct err *err), void *arg,
    struct err *err)
{
	if (store_begin(ctx->store, err) == -1)
		return -1;
	if (write(ctx, arg, err) == -1) {
		store_rollback(ctx->store);
		return -1;
	}
	return store_commit(ctx->store, err);
}
