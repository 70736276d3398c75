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

/*
 * A record waiting for the batcher.  A waiting request's record lives on
 * its stack; a record handed over without waiting (a struct audit_wait's)
 * is a heap copy, strings included, that the batcher frees.
 */
struct queued {
	int64_t			 actor_id;
	struct audit_event	 ev;
	char			*changes;
	bool			 done;
	struct err		 err;
	struct audit_wait	*wait;		/* NULL: a request waits */
	struct queued		*next;
};

/* Its fields are the batcher's, under its lock. */
struct audit_wait {
	int		 outstanding;	/* handed over, not yet written */
	struct err	 err;		/* the first failure */
	void		(*done)(void *);
	void		*arg;
	bool		 orphan;	/* freed by its owner: free it */
	bool		 handed;	/* its owner's, outside the lock */
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

struct wakeup {
	void	(*done)(void *);
	void	*arg;
};

/* Writes a batch in one transaction: one commit, one sync, for all. */
static void
write_batch(struct audit_batcher *b, struct queued *list)
{
	struct err err = ERR_INIT;
	struct queued *q, *next;
	struct wakeup *wake = NULL;
	size_t n_wake = 0, n = 0;
	int rc = store_begin(b->st, &err);

	for (q = list; rc == 0 && q; q = q->next)
		rc = append_row(b->st, q->actor_id, &q->ev, q->changes, &err);
	if (rc == 0)
		rc = store_commit(b->st, &err);
	else if (store_in_transaction(b->st))
		store_rollback(b->st);
	for (q = list; q; q = q->next)
		n++;
	wake = calloc(n, sizeof(*wake));
	if (!wake)
		abort();
	pthread_mutex_lock(&b->lock);
	for (q = list; q; q = next) {
		next = q->next;
		if (!q->wait) {
			q->err = err;
			q->done = true;
			continue;
		}
		if (err.code != ERR_OK && q->wait->err.code == ERR_OK)
			q->wait->err = err;
		if (--q->wait->outstanding == 0 && q->wait->orphan)
			free(q->wait);
		else if (q->wait->outstanding == 0 && q->wait->done)
			wake[n_wake++] = (struct wakeup){ q->wait->done,
			    q->wait->arg };
		free(q->changes);
		free(q);
	}
	pthread_cond_broadcast(&b->done);
	pthread_mutex_unlock(&b->lock);
	/* After the lock, and touching no wait again: a woken request may
	 * free its wait at once. */
	for (size_t i = 0; i < n_wake; i++)
		wake[i].done(wake[i].arg);
	free(wake);
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

/* Queues q; the caller holds b's lock. */
static void
enqueue_locked(struct audit_batcher *b, struct queued *q)
{
	*b->tail = q;
	b->tail = &q->next;
	pthread_cond_signal(&b->work);
}

static int
submit(struct audit_batcher *b, int64_t actor_id,
    const struct audit_event *ev, char *changes, struct err *err)
{
	struct queued q = { .actor_id = actor_id, .ev = *ev,
	    .changes = changes };

	pthread_mutex_lock(&b->lock);
	enqueue_locked(b, &q);
	while (!q.done)
		pthread_cond_wait(&b->done, &b->lock);
	pthread_mutex_unlock(&b->lock);
	if (q.err.code == ERR_OK)
		return 0;
	*err = q.err;
	return -1;
}

static char *
copy_text(char **at, const char *s)
{
	size_t n;
	char *out = *at;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	memcpy(out, s, n);
	*at += n;
	return out;
}

/* Hands a copy of ev over, counted in w, and returns at once. */
static void
hand_over(struct audit_batcher *b, struct audit_wait *w, int64_t actor_id,
    const struct audit_event *ev, char *changes)
{
	size_t need = sizeof(struct queued) + 3 +
	    (ev->action ? strlen(ev->action) : 0) +
	    (ev->object_type ? strlen(ev->object_type) : 0) +
	    (ev->object_id ? strlen(ev->object_id) : 0);
	struct queued *q = calloc(1, need);
	char *at;

	if (!q)
		abort();
	at = (char *)(q + 1);
	q->actor_id = actor_id;
	q->ev = *ev;
	q->ev.changes = NULL;
	q->ev.action = copy_text(&at, ev->action);
	q->ev.object_type = copy_text(&at, ev->object_type);
	q->ev.object_id = copy_text(&at, ev->object_id);
	q->changes = changes;
	q->wait = w;
	w->handed = true;
	pthread_mutex_lock(&b->lock);
	w->outstanding++;
	enqueue_locked(b, q);
	pthread_mutex_unlock(&b->lock);
}

struct audit_wait *
audit_wait_new(void)
{
	struct audit_wait *w = calloc(1, sizeof(*w));

	if (!w)
		abort();
	w->err = (struct err)ERR_INIT;
	return w;
}

void
audit_wait_free(struct audit_batcher *b, struct audit_wait **wp)
{
	struct audit_wait *w = *wp;

	*wp = NULL;
	if (!w)
		return;
	pthread_mutex_lock(&b->lock);
	if (w->outstanding > 0) {
		/* Its connection went (a server stopping): the batcher
		 * frees it, and calls no one. */
		w->orphan = true;
		w->done = NULL;
		w = NULL;
	}
	pthread_mutex_unlock(&b->lock);
	free(w);
}

bool
audit_wait_handed(const struct audit_wait *w)
{
	return w->handed;
}

bool
audit_wait_arm(struct audit_batcher *b, struct audit_wait *w,
    void (*done)(void *), void *arg)
{
	bool pending;

	pthread_mutex_lock(&b->lock);
	pending = w->outstanding > 0;
	if (pending) {
		w->done = done;
		w->arg = arg;
	}
	pthread_mutex_unlock(&b->lock);
	return pending;
}

int
audit_wait_result(struct audit_batcher *b, struct audit_wait *w,
    struct err *err)
{
	int rc = 0;

	pthread_mutex_lock(&b->lock);
	if (w->outstanding > 0)
		rc = err_set(err, ERR_INTERNAL, NULL, "the audit records "
		    "are not written yet");
	else if (w->err.code != ERR_OK) {
		*err = w->err;
		rc = -1;
	}
	pthread_mutex_unlock(&b->lock);
	return rc;
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
	if (ctx->audit && !store_in_transaction(ctx->store) &&
	    ctx->audit_wait) {
		hand_over(ctx->audit, ctx->audit_wait, ctx->actor.user_id, ev,
		    changes);
		return 0;
	}
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
