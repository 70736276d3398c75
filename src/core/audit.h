/* SPDX-License-Identifier: Apache-2.0 */
/*
 * audit.h - the append-only, hash-chained record of every write and every
 * read of a victim's identity.
 *
 * Each row's hash is SHA-256 over the previous row's hash and every
 * column of the row (audit_row_hash() gives the exact encoding), so that
 * editing, deleting, inserting or reordering rows directly in the
 * database breaks the chain from that row on; audit_head (the newest
 * link) makes cutting rows off the end show too.  The chain holds ids and
 * field names, never a victim's name or a note's text: it cannot be
 * redacted later, so it must not hold what may need to be.
 */
#ifndef TIPSOM_AUDIT_H
#define TIPSOM_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/audit.h"

struct ctx;
struct err;
struct store;

struct audit_event {
	const char	*action;	/* "case.open", "person.read", ... */
	const char	*object_type;	/* "case", "person", "user", ... */
	const char	*object_id;
	int64_t		 case_id;	/* 0: none */
	int64_t		 agency_id;	/* whose records; 0: none */
	json_t		*changes;	/* borrowed; NULL for {} */
};

/*
 * Appends ev, by the actor of ctx, to the chain.  It runs in its own
 * (nested) transaction: call it inside the transaction of the write it
 * records, so that both commit or neither does.
 */
int		 audit_append(struct ctx *ctx, const struct audit_event *ev,
		    struct err *err);

/*
 * A server's batcher of audit records that are a transaction of their
 * own (the reads of identities): requests hand them over and wait until
 * they are committed, so each is as durable as before, but concurrent
 * ones share one commit and one sync.  It writes through st, a store
 * connection of its own (not closed by audit_batcher_stop()).  A ctx
 * whose audit field is set uses it.
 */
struct audit_batcher;
struct audit_batcher *audit_batcher_start(struct store *st);
void		 audit_batcher_stop(struct audit_batcher **b);

/*
 * The records of a request that hands them to the batcher without
 * waiting, so that its thread serves others meanwhile.  With a ctx's
 * audit_wait set, audit_append() counts the record in it and returns at
 * once; the request then holds its answer back until they are written:
 * audit_wait_arm() asks for done(arg) to be called, on the batcher's
 * thread, once they are, and audit_wait_result() says whether they were.
 * What the records are about must not leave before that (an identity
 * read is not answered unless its record is durable).
 */
struct audit_wait;
struct audit_wait *audit_wait_new(void);

/* Frees *w; with records still being written, the batcher frees it once
 * they are, and calls no done(). */
void		 audit_wait_free(struct audit_batcher *b,
		    struct audit_wait **w);

/* Whether a record was handed over through w (for its owner's thread). */
bool		 audit_wait_handed(const struct audit_wait *w);

/*
 * Whether records of w are still being written: true, and done(arg) will
 * be called once they are (quickly: it runs on the batcher's thread);
 * false when there is nothing to wait for, and done is never called.
 */
bool		 audit_wait_arm(struct audit_batcher *b, struct audit_wait *w,
		    void (*done)(void *), void *arg);

/* 0 when every record of w is written; -1 with the first failure. */
int		 audit_wait_result(struct audit_batcher *b,
		    struct audit_wait *w, struct err *err);

/* The hash of row as it stands, from row->prev_hash and its columns. */
void		 audit_row_hash(const struct audit_row *row,
		    char out[AUDIT_HASH_HEX]);

struct audit_verdict {
	int64_t		 count;		/* rows checked */
	int64_t		 bad_seq;	/* first bad sequence number; 0: none */
	char		 why[160];	/* what is wrong at bad_seq */
};

/*
 * Walks the whole chain.  Returns 0 with *v filled, whatever it found
 * (v->bad_seq says); -1 only when the store could not be read.
 */
int		 audit_verify(struct store *st, struct audit_verdict *v,
		    struct err *err);

/*
 * The chain as the actor may see it: administrators all of it, others
 * the rows about their agency.  case_ref (or NULL) narrows it to one
 * case the actor can see.  limit 0 means all.
 */
int		 audit_log(struct ctx *ctx, const char *case_ref, int limit,
		    int offset, struct audit_row **rows, size_t *n,
		    struct err *err);

#endif
