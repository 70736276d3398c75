/* SPDX-License-Identifier: Apache-2.0 */
/* audit.c - appending to and verifying the hash chain. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "base/util.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/ctx.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

_Static_assert(AUDIT_HASH_HEX == VAULT_SHA256_HEX,
    "audit hashes are SHA-256 in hex");

/* Text fields are length-prefixed so that no two rows encode alike. */
static void
add_text(struct buf *b, const char *s)
{
	if (!s)
		s = "";
	buf_addf(b, "%zu:", strlen(s));
	buf_adds(b, s);
	buf_addc(b, '\n');
}

void
audit_row_hash(const struct audit_row *row, char out[AUDIT_HASH_HEX])
{
	struct buf b = BUF_INIT(SIZE_MAX / 2);
	struct vault_piece pieces[2];

	buf_addf(&b, "tipsom-audit-1\n%" PRId64 "\n", row->seq);
	add_text(&b, row->at);
	buf_addf(&b, "%" PRId64 "\n", row->actor_id);
	add_text(&b, row->action);
	add_text(&b, row->object_type);
	add_text(&b, row->object_id);
	buf_addf(&b, "%" PRId64 "\n%" PRId64 "\n", row->case_id,
	    row->agency_id);
	add_text(&b, row->changes);
	pieces[0] = (struct vault_piece){ row->prev_hash,
	    strlen(row->prev_hash) };
	pieces[1] = (struct vault_piece){ b.s, b.len };
	vault_sha256_hex(pieces, ARRAY_SIZE(pieces), out);
	buf_release(&b);
}

/* One row on the chain of st, in the transaction st has open. */
static int
append_row(struct store *st, int64_t actor_id, const struct audit_event *ev,
    const char *changes, struct err *err)
{
	struct audit_row row = { 0 };
	char at[TIMESTAMP_TEXT_SIZE];

	if (store_audit_last(st, &row.seq, row.prev_hash, err) == -1)
		return -1;
	date_now_timestamp(at);
	row.seq++;
	row.at = at;
	row.actor_id = actor_id;
	row.action = ev->action;
	row.object_type = ev->object_type;
	row.object_id = ev->object_id;
	row.case_id = ev->case_id;
	row.agency_id = ev->agency_id;
	row.changes = changes ? changes : "{}";
	audit_row_hash(&row, row.hash);
	return store_audit_append(st, &row, err);
}

/* A read's record waiting for the batcher, with copies of its strings. */
struct queued {
	int64_t			 actor_id;
	struct audit_event	 ev;
	char			*changes;
	bool			 done;
	struct err		 err;
	struct queued		*next;
};

struct audit_batcher {
	struct store		*st;
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 work;
	pthread_cond_t		 done;
	struct queued		*head;
	struct queued		**tail;
	bool			 stop;
};

/* Writes a batch in one transaction: one commit, one sync, for all. */
static void
write_batch(struct audit_batcher *b, struct queued *list)
{
	struct err err = ERR_INIT;
	struct queued *q;
	int rc = store_begin(b->st, &err);

	for (q = list; rc == 0 && q; q = q->next)
		rc = append_row(b->st, q->actor_id, &q->ev, q->changes, &err);
	if (rc == 0)
		rc = store_commit(b->st, &err);
	else if (store_in_transaction(b->st))
		store_rollback(b->st);
	pthread_mutex_lock(&b->lock);
	for (q = list; q; q = q->next) {
		q->err = err;
		q->done = true;
	}
	pthread_cond_broadcast(&b->done);
	pthread_mutex_unlock(&b->lock);
}

static void *
batcher_main(void *arg)
{
	struct audit_batcher *b = arg;
	struct queued *list;

	for (;;) {
		pthread_mutex_lock(&b->lock);
		while (!b->head && !b->stop)
			pthread_cond_wait(&b->work, &b->lock);
		list = b->head;
		b->head = NULL;
		b->tail = &b->head;
		pthread_mutex_unlock(&b->lock);
		if (!list)
			return NULL;
		write_batch(b, list);
	}
}

struct audit_batcher *
audit_batcher_start(struct store *st)
{
	struct audit_batcher *b = calloc(1, sizeof(*b));

	if (!b)
		abort();
	b->st = st;
	b->tail = &b->head;
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->work, NULL);
	pthread_cond_init(&b->done, NULL);
	if (pthread_create(&b->thread, NULL, batcher_main, b) != 0)
		abort();
	return b;
}

void
audit_batcher_stop(struct audit_batcher **bp)
{
	struct audit_batcher *b = *bp;

	if (!b)
		return;
	pthread_mutex_lock(&b->lock);
	b->stop = true;
	pthread_cond_signal(&b->work);
	pthread_mutex_unlock(&b->lock);
	pthread_join(b->thread, NULL);
	pthread_mutex_destroy(&b->lock);
	pthread_cond_destroy(&b->work);
	pthread_cond_destroy(&b->done);
	free(b);
	*bp = NULL;
}

static int
submit(struct audit_batcher *b, int64_t actor_id,
    const struct audit_event *ev, char *changes, struct err *err)
{
	struct queued q = { .actor_id = actor_id, .ev = *ev,
	    .changes = changes };

	pthread_mutex_lock(&b->lock);
	*b->tail = &q;
	b->tail = &q.next;
	pthread_cond_signal(&b->work);
	while (!q.done)
		pthread_cond_wait(&b->done, &b->lock);
	pthread_mutex_unlock(&b->lock);
	if (q.err.code == ERR_OK)
		return 0;
	*err = q.err;
	return -1;
}

int
audit_append(struct ctx *ctx, const struct audit_event *ev, struct err *err)
{
	char *changes = NULL;
	int rc = -1;

	changes = ev->changes ? json_dumps(ev->changes,
	    JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	if (ev->changes && !changes)
		return err_set(err, ERR_INTERNAL, NULL, "cannot encode the "
		    "audit record of %s", ev->action);
	/* A record that is all its transaction goes to the batcher; one
	 * that belongs to a write commits with it. */
	if (ctx->audit && !store_in_transaction(ctx->store)) {
		/* A request waiting for the batch holds no snapshot, or
		 * SQLite could never restart its log under steady reads. */
		store_read_end(ctx->store);
		rc = submit(ctx->audit, ctx->actor.user_id, ev, changes, err);
	} else if (store_begin(ctx->store, err) == 0) {
		rc = append_row(ctx->store, ctx->actor.user_id, ev, changes,
		    err);
		if (rc == 0)
			rc = store_commit(ctx->store, err);
		else
			store_rollback(ctx->store);
	}
	free(changes);
	return rc;
}

struct walk {
	struct audit_verdict	*v;
	char			 prev[AUDIT_HASH_HEX];
};

static int
verify_row(const struct audit_row *row, void *arg, struct err *err)
{
	struct walk *w = arg;
	struct audit_verdict *v = w->v;
	char want[AUDIT_HASH_HEX];
	int64_t expect = v->count + 1;

	(void)err;
	if (row->seq != expect) {
		v->bad_seq = row->seq > expect ? expect : row->seq;
		snprintf(v->why, sizeof(v->why), row->seq > expect ?
		    "missing: the chain jumps from %" PRId64 " to %" PRId64 :
		    "out of order after %" PRId64 " (found %" PRId64 ")",
		    expect - 1, row->seq);
		return -1;
	}
	if (!STREQ(row->prev_hash, w->prev)) {
		v->bad_seq = row->seq;
		snprintf(v->why, sizeof(v->why),
		    "its previous hash does not match row %" PRId64,
		    row->seq - 1);
		return -1;
	}
	audit_row_hash(row, want);
	if (!STREQ(row->hash, want)) {
		v->bad_seq = row->seq;
		snprintf(v->why, sizeof(v->why),
		    "its content does not match its hash: it was edited");
		return -1;
	}
	memcpy(w->prev, row->hash, sizeof(w->prev));
	v->count++;
	return 0;
}

int
audit_verify(struct store *st, struct audit_verdict *v, struct err *err)
{
	struct walk w = { .v = v };
	struct audit_row head;
	struct err stop = ERR_INIT;

	*v = (struct audit_verdict){ 0 };
	if (store_audit_scan(st, verify_row, &w, &head, &stop) == -1 &&
	    v->bad_seq == 0) {
		*err = stop;
		return -1;
	}
	if (v->bad_seq)
		return 0;
	if (head.seq != v->count || !STREQ(head.hash, w.prev)) {
		v->bad_seq = v->count + 1;
		snprintf(v->why, sizeof(v->why),
		    "missing: the chain ends at %" PRId64 " but its head "
		    "says %" PRId64, v->count, head.seq);
	}
	return 0;
}

int
audit_log(struct ctx *ctx, const char *case_ref, int limit, int offset,
    struct audit_row **rows, size_t *n, struct err *err)
{
	struct audit_filter f = { .limit = limit, .offset = offset };
	struct case_row c;

	if (access_require(ctx, PERM_AUDIT_READ, err) == -1)
		return -1;
	if (ctx->actor.role != ROLE_ADMIN)
		f.agency_id = ctx->actor.agency_id;
	if (case_ref) {
		if (store_case_by_ref(ctx->store, case_ref, ctx->arena, &c,
		    err) == -1) {
			if (err->code == ERR_NOT_FOUND)
				err_set(err, ERR_NOT_FOUND, "case",
				    "case %.48s not found: check the "
				    "reference", case_ref);
			return -1;
		}
		if (ctx->actor.role != ROLE_ADMIN &&
		    c.agency_id != ctx->actor.agency_id)
			return err_set(err, ERR_NOT_FOUND, "case",
			    "case %.48s not found: check the reference",
			    case_ref);
		f.case_id = c.id;
	}
	return store_audit_list(ctx->store, &f, ctx->arena, rows, n, err);
}
