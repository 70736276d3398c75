/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.c - opening stores, migrations, nested transactions, and the
 * statement helpers shared by the entity functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "store/store_fault.h"
#include "store/store_int.h"
#include "base/banned.h"

static const struct store_driver *const drivers[] = {
	&store__sqlite_driver,
	&store__pg_driver,
};

static const struct store_driver *
driver_for(const char *url, const char **target)
{
	for (size_t i = 0; i < ARRAY_SIZE(drivers); i++) {
		size_t n = strlen(drivers[i]->scheme);

		if (strncmp(url, drivers[i]->scheme, n) == 0 &&
		    url[n] == ':') {
			*target = url + n + 1;
			return drivers[i];
		}
	}
	return NULL;
}

int
store_snapshot(struct store *st, unsigned char **image, size_t *n,
    struct err *err)
{
	*image = NULL;
	*n = 0;
	if (!st->drv->snapshot)
		return err_set(err, ERR_INVALID, "db", "a %s store is backed up "
		    "with its own tools: see docs/deployment.md",
		    st->drv->scheme);
	return st->drv->snapshot(st, image, n, err);
}

void
store_image_free(struct store *st, unsigned char **image)
{
	if (*image && st->drv->image_free)
		st->drv->image_free(*image);
	*image = NULL;
}

int
store_restore(const char *url, const unsigned char *image, size_t n,
    struct err *err)
{
	const char *target;
	const struct store_driver *drv = driver_for(url, &target);

	if (!drv || !drv->restore)
		return err_set(err, ERR_INVALID, "to", "\"%.64s\" is not a "
		    "store tipsom restores into: give sqlite:PATH", url);
	return drv->restore(target, image, n, err);
}

static int
migration_version(const struct embedded_file *f)
{
	long long v;
	char digits[5];

	memcpy(digits, f->name, 4);
	digits[4] = '\0';
	if (text_parse_int(digits, 1, 9999, &v) == -1)
		return 0;
	return (int)v;
}

int
store_schema_latest(const struct store *st)
{
	int latest = 0;

	for (const struct embedded_file *f = st->drv->migrations; f->name; f++)
		if (migration_version(f) > latest)
			latest = migration_version(f);
	return latest;
}

int
store_schema_version(struct store *st, int *version, struct err *err)
{
	return st->drv->schema_version(st, version, err);
}

static int
schema_check(struct store *st, struct err *err)
{
	int have, want = store_schema_latest(st);

	if (store_schema_version(st, &have, err) == -1)
		return -1;
	if (have == 0)
		return err_set(err, ERR_VERSION, NULL,
		    "the store is empty: run tipsom init");
	if (have < want)
		return err_set(err, ERR_VERSION, NULL,
		    "the store's schema is version %d, this tipsom needs %d: "
		    "run tipsom migrate", have, want);
	if (have > want)
		return err_set(err, ERR_VERSION, NULL,
		    "the store's schema is version %d, newer than this "
		    "tipsom knows (%d): use a newer tipsom", have, want);
	return 0;
}

struct store *
store_open(const char *url, const struct store_options *opt, unsigned flags,
    struct err *err)
{
	const struct store_driver *drv;
	struct store *st;
	const char *target = NULL;

	drv = driver_for(url, &target);
	if (!drv) {
		err_set(err, ERR_INVALID, "db",
		    "unknown store \"%.64s\": use sqlite:PATH or "
		    "postgresql://USER@HOST/DATABASE", url);
		return NULL;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		abort();
	st->drv = drv;
	if (drv->open(st, target, opt, flags, err) == -1) {
		free(st);
		return NULL;
	}
	if (!(flags & STORE_ANY_SCHEMA) &&
	    (schema_check(st, err) == -1 || drv->prepare_all(st, err) == -1))
		store_close(&st);
	return st;
}

void
store_url_shown(const char *url, char *out, size_t size)
{
	const char *auth = strstr(url, "://"), *at, *colon;

	snprintf(out, size, "%s", url);
	if (!auth)
		return;
	auth += 3;
	at = strchr(auth, '@');
	colon = strchr(auth, ':');
	if (!at || strcspn(auth, "/?") < (size_t)(at - auth) || !colon ||
	    colon > at)
		return;
	snprintf(out, size, "%.*s:***%s", (int)(colon - url), url, at);
}

void
store_close(struct store **st)
{
	if (!st || !*st)
		return;
	while ((*st)->tx_depth > 0)
		store_rollback(*st);
	store_read_end(*st);
	(*st)->drv->close(*st);
	free(*st);
	*st = NULL;
}

/* Runs one migration script and records its version, in the open
 * transaction. */
static int
migrate_one(struct store *st, int version, const char *name,
    const char *script, struct err *err)
{
	char record[256];
	char now[TIMESTAMP_TEXT_SIZE];

	date_now_timestamp(now);
	/* Both values come from the binary, not from input. */
	snprintf(record, sizeof(record),
	    "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
	    "applied_at TEXT NOT NULL); "
	    "INSERT INTO schema_migrations VALUES (%d, '%s', '%s')",
	    version, name, now);
	if (st->drv->exec(st, script, err) == -1 ||
	    st->drv->exec(st, record, err) == -1) {
		char why[sizeof(err->msg)];

		memcpy(why, err->msg, sizeof(why));
		return err_set(err, ERR_STORE, NULL, "migration %s failed: %s",
		    name, why);
	}
	return 0;
}

/*
 * The migrations the store lacks, in one transaction.  The version is
 * read again inside it: another process may have migrated meanwhile
 * (the write transaction waits for it).
 */
static int
migrate_pending(struct store *st, int *applied, struct err *err)
{
	int have;

	if (store_begin(st, err) == -1)
		return -1;
	if (store_schema_version(st, &have, err) == -1) {
		store_rollback(st);
		return -1;
	}
	for (const struct embedded_file *f = st->drv->migrations; f->name;
	    f++) {
		int v = migration_version(f);

		if (v <= have)
			continue;
		if (migrate_one(st, v, f->name, (const char *)f->data,
		    err) == -1) {
			store_rollback(st);
			return -1;
		}
		(*applied)++;
	}
	if (st->drv->migrate_check && st->drv->migrate_check(st, err) == -1) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

int
store_scrub(struct store *st, struct err *err)
{
	static const char *const sqlite[] = {
		"VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)", NULL,
	};
	/* One statement each: PostgreSQL runs no VACUUM in a transaction,
	 * which a script of several statements is. */
#define SCRUB_TABLE(name, table, column, kind) "VACUUM FULL " table,
	static const char *const pg[] = {
		STORE_SEALED_COLUMNS(SCRUB_TABLE) NULL,
	};
#undef SCRUB_TABLE
	const char *const *script = STREQ(st->drv->scheme, "sqlite") ?
	    sqlite : pg;

	if (st->tx_depth > 0)
		return err_set(err, ERR_INTERNAL, NULL, "store_scrub() in a "
		    "transaction");
	for (size_t i = 0; script[i]; i++)
		if ((i == 0 || !STREQ(script[i], script[i - 1])) &&
		    st->drv->exec(st, script[i], err) == -1)
			return -1;
	return 0;
}

int
store_migrate(struct store *st, int *applied, struct err *err)
{
	int have, want = store_schema_latest(st), rc;

	*applied = 0;
	if (store_schema_version(st, &have, err) == -1)
		return -1;
	if (have > want)
		return err_set(err, ERR_VERSION, NULL,
		    "the store's schema is version %d, newer than this "
		    "tipsom knows (%d): use a newer tipsom", have, want);
	if (have == want)
		return st->drv->prepare_all(st, err);
	if (st->drv->migrate_relax && st->drv->migrate_relax(st, err) == -1)
		return -1;
	rc = migrate_pending(st, applied, err);
	if (st->drv->migrate_restore)
		st->drv->migrate_restore(st);
	if (rc == -1)
		return -1;
	return st->drv->prepare_all(st, err);
}

/* A fault from store_fault_after() counts like a statement. */
static int
fault_due(struct store *st, struct err *err)
{
	st->steps++;
	if (st->fault_at && st->steps >= st->fault_at)
		return err_set(err, ERR_STORE, NULL,
		    "injected fault at statement %lld", (long long)st->steps);
	return 0;
}

int
store_read_begin(struct store *st, struct err *err)
{
	if (st->tx_depth > 0 || st->reading)
		return err_set(err, ERR_INTERNAL, NULL,
		    "a read transaction inside another transaction");
	if (st->drv->tx(st, STORE_TX_READ, 1, err) == -1)
		return -1;
	st->reading = true;
	return 0;
}

void
store_read_end(struct store *st)
{
	struct err ignored;

	if (!st->reading)
		return;
	st->drv->tx(st, STORE_TX_COMMIT, 1, &ignored);
	st->reading = false;
}

int
store_begin(struct store *st, struct err *err)
{
	if (st->reading)
		return err_set(err, ERR_INTERNAL, NULL,
		    "a write inside a read-only request");
	if (fault_due(st, err) == -1 ||
	    st->drv->tx(st, STORE_TX_BEGIN, st->tx_depth + 1, err) == -1)
		return -1;
	st->tx_depth++;
	return 0;
}

int
store_commit(struct store *st, struct err *err)
{
	if (st->tx_depth <= 0)
		return err_set(err, ERR_INTERNAL, NULL,
		    "commit without a transaction");
	if (fault_due(st, err) == -1 ||
	    st->drv->tx(st, STORE_TX_COMMIT, st->tx_depth, err) == -1) {
		store_rollback(st);
		return -1;
	}
	st->tx_depth--;
	return 0;
}

void
store_rollback(struct store *st)
{
	struct err ignored;

	if (st->tx_depth <= 0)
		return;
	st->drv->tx(st, STORE_TX_ROLLBACK, st->tx_depth, &ignored);
	st->tx_depth--;
}

void
store_fault_after(struct store *st, int64_t n)
{
	st->fault_at = n;
	st->steps = 0;
}

int64_t
store_fault_steps(const struct store *st)
{
	return st->steps;
}

void
store__bind_int(struct store *st, enum stmt id, int pos, int64_t v)
{
	st->drv->bind_int(st, id, pos, v);
}

void
store__bind_text(struct store *st, enum stmt id, int pos, const char *s)
{
	st->drv->bind_text(st, id, pos, s);
}

void
store__bind_text_kept(struct store *st, enum stmt id, int pos, const char *s)
{
	st->drv->bind_text_kept(st, id, pos, s);
}

int
store__step(struct store *st, enum stmt id, struct err *err)
{
	if (fault_due(st, err) == -1) {
		st->drv->reset(st, id);
		return -1;
	}
	return st->drv->step(st, id, err);
}

int64_t
store__int(struct store *st, enum stmt id, int col)
{
	return st->drv->col_int(st, id, col);
}

bool
store__null(struct store *st, enum stmt id, int col)
{
	return st->drv->col_null(st, id, col);
}

char *
store__text(struct store *st, enum stmt id, int col, struct arena *a)
{
	const char *s = st->drv->col_text(st, id, col);

	return s ? arena_strdup(a, s) : NULL;
}

int
store__enum(struct store *st, enum stmt id, int col,
    const struct enum_desc *d, int fallback)
{
	const char *s = st->drv->col_text(st, id, col);

	for (int i = 0; s && i < d->count; i++)
		if (STREQ(d->names[i], s))
			return i;
	return fallback;
}

void
store__reset(struct store *st, enum stmt id)
{
	st->drv->reset(st, id);
}

int
store__exec(struct store *st, enum stmt id, struct err *err)
{
	int rc = store__step(st, id, err);

	if (rc == -1)
		return -1;
	store__reset(st, id);
	return 0;
}

int
store__one(struct store *st, enum stmt id, const char *what,
    struct err *err)
{
	int rc = store__step(st, id, err);

	if (rc == -1)
		return -1;
	if (rc == 0) {
		store__reset(st, id);
		return err_set(err, ERR_NOT_FOUND, NULL,
		    "%s not found: check the reference or id", what);
	}
	return 0;
}

int
store__one_int(struct store *st, enum stmt id, const char *what,
    int64_t *out, struct err *err)
{
	if (store__one(st, id, what, err) == -1)
		return -1;
	*out = store__int(st, id, 0);
	store__reset(st, id);
	return 0;
}

int
store__get(struct store *st, enum stmt id, const char *what,
    struct arena *a, void *row, void (*fn)(struct store *st, enum stmt id,
    struct arena *a, void *row), struct err *err)
{
	if (store__one(st, id, what, err) == -1)
		return -1;
	fn(st, id, a, row);
	store__reset(st, id);
	return 0;
}

int
store__update_versioned(struct store *st, enum stmt id, int64_t *version,
    struct err *err)
{
	int rc = store__step(st, id, err);

	if (rc == -1)
		return -1;
	if (rc == 1)
		*version = store__int(st, id, 0);
	store__reset(st, id);
	return rc == 1 ? 0 : 1;
}

int
store__all(struct store *st, enum stmt id, struct arena *a, void **rows,
    size_t *n, size_t size,
    void (*fn)(struct store *st, enum stmt id, struct arena *a, void *row),
    struct err *err)
{
	size_t cap = 0;
	char *out = NULL;
	int rc;

	*n = 0;
	for (;;) {
		rc = store__step(st, id, err);
		if (rc != 1)
			break;
		out = arena_grow(a, out, *n, &cap, *n + 1, size);
		fn(st, id, a, out + *n * size);
		(*n)++;
	}
	*rows = out;
	if (rc == -1)
		return -1;
	store__reset(st, id);
	return 0;
}

void
store__batch_init(struct store__batch *b, struct store *st, enum stmt one,
    enum stmt many, int (*bind)(struct store *st, enum stmt id, int pos,
    int64_t owner, const void *item, const void *arg), const void *arg)
{
	*b = (struct store__batch){ .st = st, .one = one, .many = many,
	    .bind = bind, .arg = arg };
}

int
store__batch_add(struct store__batch *b, int64_t owner, const void *item,
    struct err *err)
{
	int pos = 1;

	b->owner[b->n] = owner;
	b->item[b->n++] = item;
	if (b->n < STORE_BATCH_ROWS)
		return 0;
	for (size_t i = 0; i < b->n; i++)
		pos += b->bind(b->st, b->many, pos, b->owner[i], b->item[i],
		    b->arg);
	b->n = 0;
	return store__exec(b->st, b->many, err);
}

int
store__batch_finish(struct store__batch *b, struct err *err)
{
	for (size_t i = 0; i < b->n; i++) {
		b->bind(b->st, b->one, 1, b->owner[i], b->item[i], b->arg);
		if (store__exec(b->st, b->one, err) == -1)
			return -1;
	}
	b->n = 0;
	return 0;
}

bool
store_in_transaction(const struct store *st)
{
	return st->tx_depth > 0;
}

bool
store_reading(const struct store *st)
{
	return st->reading;
}
