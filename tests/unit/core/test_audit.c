/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_audit.c - the hash chain on a real in-memory store: appending
 * (alone, inside a caller's transaction, rolled back), the links, the
 * row hash and its encoding, and verification.
 *
 * The store cannot rewrite the chain (it is append-only, and the schema's
 * triggers refuse updates), so tampering is tested here through
 * audit_row_hash(): every column a verifier checks must change the hash.
 * The end-to-end tamper test lives with the CLI tests.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"

#include "base/buf.h"
#include "base/date.h"
#include "core/audit.h"
#include "store/store_fault.h"
#include "base/banned.h"

enum tx { TX_NONE, TX_COMMIT, TX_ROLLBACK, TX_NESTED };

static const struct {
	const char	*name;
	enum tx		 tx;
	const char	*action;
	const char	*object_type;
	const char	*object_id;
	int64_t		 case_id;
	int64_t		 agency_id;
	const char	*changes;	/* JSON text, or NULL for none */
	const char	*want_changes;	/* as stored: compact, sorted keys */
} events[] = {
	{ "alone, no changes", TX_NONE, "agency.add", "agency", "KRI-MOI",
	    0, 1, NULL, "{}" },
	{ "in a transaction", TX_COMMIT, "user.add", "user", "admin", 0, 1,
	    "{\"username\": \"admin\", \"role\": \"admin\"}",
	    "{\"role\":\"admin\",\"username\":\"admin\"}" },
	{ "rolled back: not in the chain", TX_ROLLBACK, "case.open", "case",
	    "KRI-MOI-2026-000001", 1, 1, "{\"kind\": \"tip\"}", NULL },
	{ "nested two deep", TX_NESTED, "case.open", "case",
	    "KRI-MOI-2026-000001", 1, 1,
	    "{\"z\": [1, 2], \"a\": {\"y\": true, \"b\": null}}",
	    "{\"a\":{\"b\":null,\"y\":true},\"z\":[1,2]}" },
	{ "Arabic text in changes", TX_NONE, "case.note", "case",
	    "KRI-MOI-2026-000001", 1, 1,
	    "{\"note\": \"\u0643\u0627\u0631\u0648\u0627\u0646\"}",
	    "{\"note\":\"\u0643\u0627\u0631\u0648\u0627\u0646\"}" },
	{ "empty object id", TX_COMMIT, "store.migrate", "store", "", 0, 0,
	    "{}", "{}" },
	{ "after a rollback", TX_NONE, "person.read", "person", "17", 0, 2,
	    NULL, "{}" },
};

static int
append_one(struct ctx *ctx, size_t i, struct err *err)
{
	struct audit_event ev = {
		.action = events[i].action,
		.object_type = events[i].object_type,
		.object_id = events[i].object_id,
		.case_id = events[i].case_id,
		.agency_id = events[i].agency_id,
	};
	json_error_t jerr;
	int rc = -1;

	if (events[i].changes) {
		ev.changes = json_loads(events[i].changes, 0, &jerr);
		if (!ev.changes)
			return err_set(err, ERR_INTERNAL, NULL, "bad test "
			    "JSON: %s", jerr.text);
	}

	switch (events[i].tx) {
	case TX_NONE:
		rc = audit_append(ctx, &ev, err);
		break;
	case TX_COMMIT:
	case TX_ROLLBACK:
		if (store_begin(ctx->store, err) == -1)
			break;
		if (audit_append(ctx, &ev, err) == -1) {
			store_rollback(ctx->store);
			break;
		}
		if (events[i].tx == TX_ROLLBACK) {
			store_rollback(ctx->store);
			rc = 0;
		} else {
			rc = store_commit(ctx->store, err);
		}
		break;
	case TX_NESTED:
		if (store_begin(ctx->store, err) == -1)
			break;
		if (store_begin(ctx->store, err) == -1) {
			store_rollback(ctx->store);
			break;
		}
		if (audit_append(ctx, &ev, err) == -1 ||
		    store_commit(ctx->store, err) == -1) {
			store_rollback(ctx->store);
			break;
		}
		rc = store_commit(ctx->store, err);
		break;
	}
	json_decref(ev.changes);
	return rc;
}

static bool
is_hex64(const char *s)
{
	if (strlen(s) != 64)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

static void
test_chain(void **state)
{
	struct unit_env *env = *state;
	struct ctx *ctx = &env->ctx;
	struct audit_filter all = { 0 };
	struct audit_verdict v;
	struct audit_row *rows;
	struct err err = ERR_INIT;
	char last_hash[AUDIT_HASH_HEX];
	char base_hash[AUDIT_HASH_HEX];
	int64_t base, last_seq, want_n = 0;
	size_t n, r = 0;

	/* The chain as set up (the shipped SOPs seeded) verifies; the
	 * events below follow it. */
	assert_int_equal(audit_verify(ctx->store, &v, &err), 0);
	assert_int_equal(v.bad_seq, 0);
	base = v.count;
	assert_int_equal(store_audit_last(ctx->store, &last_seq, base_hash,
	    &err), 0);
	assert_int_equal(last_seq, base);
	all.after_seq = base;

	for (size_t i = 0; i < ARRAY_SIZE(events); i++) {
		if (append_one(ctx, i, &err) == -1)
			fail_msg("row %zu \"%s\": append failed: %s", i,
			    events[i].name, err.msg);
		if (events[i].tx != TX_ROLLBACK)
			want_n++;
	}

	if (store_audit_list(ctx->store, &all, ctx->arena, &rows, &n,
	    &err) == -1)
		fail_msg("cannot list the chain: %s", err.msg);
	assert_int_equal(n, want_n);
	for (size_t i = 0; i < ARRAY_SIZE(events); i++) {
		const struct audit_row *row;
		char again[AUDIT_HASH_HEX];

		if (events[i].tx == TX_ROLLBACK)
			continue;
		row = &rows[r];
		if (row->seq != base + (int64_t)r + 1)
			fail_msg("row %zu \"%s\": got seq %" PRId64 ", want "
			    "%" PRId64, i, events[i].name, row->seq,
			    base + (int64_t)r + 1);
		if (!STREQ(row->action, events[i].action) ||
		    !STREQ(row->object_type, events[i].object_type) ||
		    !STREQ(row->object_id, events[i].object_id) ||
		    row->case_id != events[i].case_id ||
		    row->agency_id != events[i].agency_id ||
		    row->actor_id != 0)
			fail_msg("row %zu \"%s\": stored as %s %s %s case %"
			    PRId64 " agency %" PRId64 " actor %" PRId64, i,
			    events[i].name, row->action, row->object_type,
			    row->object_id, row->case_id, row->agency_id,
			    row->actor_id);
		if (!STREQ(row->changes, events[i].want_changes))
			fail_msg("row %zu \"%s\": got changes %s, want %s", i,
			    events[i].name, row->changes,
			    events[i].want_changes);
		if (!STREQ(row->prev_hash, r == 0 ? base_hash :
		    rows[r - 1].hash))
			fail_msg("row %zu \"%s\": prev_hash %s does not link "
			    "to the row before", i, events[i].name,
			    row->prev_hash);
		if (!is_hex64(row->hash))
			fail_msg("row %zu \"%s\": hash \"%s\" is not 64 hex "
			    "digits", i, events[i].name, row->hash);
		audit_row_hash(row, again);
		if (!STREQ(again, row->hash))
			fail_msg("row %zu \"%s\": recomputed hash %s, stored "
			    "%s", i, events[i].name, again, row->hash);
		if (!row->at || strlen(row->at) != TIMESTAMP_TEXT_SIZE - 1)
			fail_msg("row %zu \"%s\": bad timestamp \"%s\"", i,
			    events[i].name, row->at ? row->at : "(null)");
		r++;
	}

	assert_int_equal(store_audit_last(ctx->store, &last_seq, last_hash,
	    &err), 0);
	assert_int_equal(last_seq, base + want_n);
	assert_string_equal(last_hash, rows[n - 1].hash);

	assert_int_equal(audit_verify(ctx->store, &v, &err), 0);
	if (v.count != base + want_n || v.bad_seq != 0)
		fail_msg("verify: got count %" PRId64 " bad_seq %" PRId64
		    " (%s), want %" PRId64 " and 0", v.count, v.bad_seq,
		    v.why, base + want_n);
	assert_string_equal(v.why, "");
}

/* The audit log is for people: the system may not read it. */
static void
test_log_needs_a_user(void **state)
{
	struct unit_env *env = *state;
	struct audit_row *rows = NULL;
	struct err err = ERR_INIT;
	size_t n = 0;

	assert_int_equal(audit_log(&env->ctx, NULL, 0, 0, &rows, &n, &err), -1);
	assert_int_equal(err.code, ERR_FORBIDDEN);
}

enum field {
	F_SEQ, F_AT, F_ACTOR_ID, F_ACTION, F_OBJECT_TYPE, F_OBJECT_ID,
	F_CASE_ID, F_AGENCY_ID, F_CHANGES, F_PREV_HASH,
	F_ACTOR, F_CASE_REF, F_HASH,
	F_SHIFT_ACTION, F_SHIFT_CHANGES, F_AT_PRECISION, F_PREV_EMPTY,
};

static void
mutate(struct audit_row *r, enum field f)
{
	switch (f) {
	case F_SEQ:
		r->seq++;
		break;
	case F_AT:
		r->at = "2026-03-15T10:00:00.001Z";
		break;
	case F_ACTOR_ID:
		r->actor_id = 4;
		break;
	case F_ACTION:
		r->action = "case.clos";
		break;
	case F_OBJECT_TYPE:
		r->object_type = "person";
		break;
	case F_OBJECT_ID:
		r->object_id = "KRI-MOI-2026-000043";
		break;
	case F_CASE_ID:
		r->case_id = 43;
		break;
	case F_AGENCY_ID:
		r->agency_id = 2;
		break;
	case F_CHANGES:
		r->changes = "{\"status\":\"open\"}";
		break;
	case F_PREV_HASH:
		r->prev_hash[0] = r->prev_hash[0] == 'a' ? 'b' : 'a';
		break;
	case F_ACTOR:
		r->actor = "someone.else";
		break;
	case F_CASE_REF:
		r->case_ref = "KRI-MOI-2026-000099";
		break;
	case F_HASH:
		memset(r->hash, 'f', AUDIT_HASH_HEX - 1);
		break;
	case F_SHIFT_ACTION:
		/* The same characters, split differently between fields. */
		r->action = "case.close" "case";
		r->object_type = "";
		break;
	case F_SHIFT_CHANGES:
		r->object_id = "KRI-MOI-2026-000042{\"status\":\"closed\"}";
		r->changes = "";
		break;
	case F_AT_PRECISION:
		r->at = "2026-03-15T10:00:00.000";
		break;
	case F_PREV_EMPTY:
		r->prev_hash[0] = '\0';
		break;
	}
}

static void
test_row_hash(void **state)
{
	static const struct {
		const char	*name;
		enum field	 f;
		bool		 want_change;
	} rows[] = {
		{ "seq", F_SEQ, true },
		{ "at", F_AT, true },
		{ "actor_id", F_ACTOR_ID, true },
		{ "action", F_ACTION, true },
		{ "object_type", F_OBJECT_TYPE, true },
		{ "object_id", F_OBJECT_ID, true },
		{ "case_id", F_CASE_ID, true },
		{ "agency_id", F_AGENCY_ID, true },
		{ "changes", F_CHANGES, true },
		{ "prev_hash", F_PREV_HASH, true },
		{ "prev_hash cut (as for the first row)", F_PREV_EMPTY, true },
		{ "text moved from object_type into action", F_SHIFT_ACTION,
		    true },
		{ "text moved from changes into object_id", F_SHIFT_CHANGES,
		    true },
		{ "timestamp without its zone", F_AT_PRECISION, true },
		{ "actor name (a join, not a column)", F_ACTOR, false },
		{ "case_ref (a join, not a column)", F_CASE_REF, false },
		{ "the hash column itself", F_HASH, false },
	};
	struct audit_row base = {
		.seq = 42,
		.at = "2026-03-15T10:00:00.000Z",
		.actor_id = 3,
		.actor = "inv",
		.action = "case.close",
		.object_type = "case",
		.object_id = "KRI-MOI-2026-000042",
		.case_id = 42,
		.case_ref = "KRI-MOI-2026-000042",
		.agency_id = 1,
		.changes = "{\"status\":\"closed\"}",
	};
	char want[AUDIT_HASH_HEX], again[AUDIT_HASH_HEX];

	(void)state;
	memset(base.prev_hash, 'c', AUDIT_HASH_HEX - 1);
	audit_row_hash(&base, want);
	assert_true(is_hex64(want));
	audit_row_hash(&base, again);
	assert_string_equal(again, want);	/* reproducible */
	memcpy(base.hash, want, sizeof(base.hash));

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct audit_row r = base;
		char got[AUDIT_HASH_HEX];

		mutate(&r, rows[i].f);
		audit_row_hash(&r, got);
		if (STREQ(got, want) == rows[i].want_change)
			fail_msg("row %zu \"%s\": the hash %s", i,
			    rows[i].name, rows[i].want_change ?
			    "did not change" : "changed");
	}
}

/*
 * The encoding is part of every store ever written: a change to it makes
 * old chains fail verification.  It is written out here independently
 * (audit.h: SHA-256 over prev_hash and every column).
 */
static void
test_row_hash_encoding(void **state)
{
	struct audit_row row = {
		.seq = 7,
		.at = "2026-03-15T10:00:00.000Z",
		.actor_id = 3,
		.action = "case.note",
		.object_type = "case",
		.object_id = "KRI-MOI-2026-000001",
		.case_id = 1,
		.agency_id = 1,
		.changes = "{\"length\":12,\"note\":5}",
	};
	struct vault_piece pieces[2];
	struct buf b = BUF_INIT(4096);
	char want[AUDIT_HASH_HEX], got[AUDIT_HASH_HEX];

	(void)state;
	memset(row.prev_hash, '0', AUDIT_HASH_HEX - 1);
	buf_adds(&b, "tipsom-audit-1\n7\n");
	buf_adds(&b, "24:2026-03-15T10:00:00.000Z\n");
	buf_adds(&b, "3\n");
	buf_adds(&b, "9:case.note\n");
	buf_adds(&b, "4:case\n");
	buf_adds(&b, "19:KRI-MOI-2026-000001\n");
	buf_adds(&b, "1\n1\n");
	buf_adds(&b, "22:{\"length\":12,\"note\":5}\n");
	pieces[0] = (struct vault_piece){ row.prev_hash, 64 };
	pieces[1] = (struct vault_piece){ b.s, b.len };
	vault_sha256_hex(pieces, ARRAY_SIZE(pieces), want);
	buf_release(&b);

	audit_row_hash(&row, got);
	assert_string_equal(got, want);
}

/* What a test waits on: the batcher's call that records are written. */
struct wakeup {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	bool		 woken;
};

static void
wake(void *arg)
{
	struct wakeup *w = arg;

	pthread_mutex_lock(&w->lock);
	w->woken = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

/* Waits for w's records as a server does: arm, then sleep until woken. */
static void
await_written(struct audit_batcher *b, struct audit_wait *w)
{
	struct wakeup up = { PTHREAD_MUTEX_INITIALIZER,
	    PTHREAD_COND_INITIALIZER, false };

	if (!audit_wait_arm(b, w, wake, &up))
		return;
	pthread_mutex_lock(&up.lock);
	while (!up.woken)
		pthread_cond_wait(&up.cond, &up.lock);
	pthread_mutex_unlock(&up.lock);
}

static int64_t
chain_length(struct store *st)
{
	int64_t seq = -1;
	char hash[AUDIT_HASH_HEX];
	struct err err = ERR_INIT;

	if (store_audit_last(st, &seq, hash, &err) == -1)
		fail_msg("cannot read the chain: %s", err.msg);
	return seq;
}

/*
 * Records handed to the batcher without waiting: counted, written in
 * order onto the chain, the wait told when they are; a failed write is
 * its result; a wait freed early is the batcher's to free.  The batcher
 * writes through a connection of its own, as in a server, so the store is
 * a file.
 */
static void
test_handed_over(void **state)
{
	char dir[] = "/tmp/tipsom-audit-XXXXXX", target[160], file[64];
	struct config cfg;
	struct ctx ctx = { .cfg = &cfg, .rid = "unit" };
	struct store *writer;
	struct audit_batcher *b;
	struct audit_verdict v;
	struct err err = ERR_INIT;
	struct audit_event ev = { .action = "person.read",
	    .object_type = "person", .object_id = "17", .agency_id = 1 };
	int64_t base;
	int applied = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/store.db", dir);
	snprintf(target, sizeof(target), "sqlite:%s", file);
	config_defaults(&cfg);
	ctx.arena = arena_new();
	ctx.store = store_open(target, NULL, STORE_CREATE | STORE_ANY_SCHEMA,
	    &err);
	assert_non_null(ctx.store);
	assert_int_equal(store_migrate(ctx.store, &applied, &err), 0);
	assert_int_equal(ctx_act_as_bootstrap(&ctx, &err), 0);
	writer = store_open(target, NULL, 0, &err);
	assert_non_null(writer);
	b = audit_batcher_start(writer);
	ctx.audit = b;
	base = chain_length(ctx.store);

	/* Three records, one wait: all written, in order. */
	ctx.audit_wait = audit_wait_new();
	assert_false(audit_wait_handed(ctx.audit_wait));
	for (int i = 0; i < 3; i++)
		assert_int_equal(audit_append(&ctx, &ev, &err), 0);
	assert_true(audit_wait_handed(ctx.audit_wait));
	await_written(b, ctx.audit_wait);
	assert_int_equal(audit_wait_result(b, ctx.audit_wait, &err), 0);
	/* Nothing left to wait for: no call comes. */
	assert_false(audit_wait_arm(b, ctx.audit_wait, wake, NULL));
	audit_wait_free(b, &ctx.audit_wait);
	assert_int_equal(chain_length(ctx.store), base + 3);
	assert_int_equal(audit_verify(ctx.store, &v, &err), 0);
	assert_int_equal(v.bad_seq, 0);

	/* The write fails: the wait's result says so, the chain is as it
	 * was. */
	ctx.audit_wait = audit_wait_new();
	store_fault_after(writer, 1);
	assert_int_equal(audit_append(&ctx, &ev, &err), 0);
	await_written(b, ctx.audit_wait);
	assert_int_equal(audit_wait_result(b, ctx.audit_wait, &err), -1);
	assert_int_equal(err.code, ERR_STORE);
	audit_wait_free(b, &ctx.audit_wait);
	store_fault_after(writer, 0);
	assert_int_equal(chain_length(ctx.store), base + 3);

	/* Freed before its record is written (a connection gone): the
	 * batcher writes it and frees the wait (ASan sees to the rest). */
	ctx.audit_wait = audit_wait_new();
	assert_int_equal(audit_append(&ctx, &ev, &err), 0);
	audit_wait_free(b, &ctx.audit_wait);
	audit_batcher_stop(&b);
	assert_int_equal(chain_length(ctx.store), base + 4);

	store_close(&writer);
	store_close(&ctx.store);
	arena_free(&ctx.arena);
	unlink(file);
	snprintf(target, sizeof(target), "%s-wal", file);
	unlink(target);
	snprintf(target, sizeof(target), "%s-shm", file);
	unlink(target);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chain, unit_env_setup,
		    unit_env_teardown),
		cmocka_unit_test_setup_teardown(test_log_needs_a_user,
		    unit_env_setup, unit_env_teardown),
		cmocka_unit_test(test_handed_over),
		cmocka_unit_test(test_row_hash),
		cmocka_unit_test(test_row_hash_encoding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
