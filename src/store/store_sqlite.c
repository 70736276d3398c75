/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_sqlite.c - the SQLite driver: all of its SQL in one table.
 *
 * The store is one file in WAL mode (readers never wait for the writer),
 * with foreign keys on, full fsync at commit (an acknowledged write
 * survives a power cut) and a busy timeout for concurrent writers.  Every
 * statement is prepared once, at open.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/util.h"
#include "store/store_int.h"
#include "base/banned.h"

extern const struct embedded_file sqlite_migrations[];

/* The transaction statements that run on every request, prepared once
 * like the others instead of parsed by sqlite3_exec each time. */
enum tx_stmt {
	TX_READ, TX_BEGIN, TX_COMMIT, TX_ROLLBACK, TX__MAX
};

static const char *const tx_sql[TX__MAX] = {
	[TX_READ] = "BEGIN DEFERRED",
	[TX_BEGIN] = "BEGIN IMMEDIATE",
	[TX_COMMIT] = "COMMIT",
	[TX_ROLLBACK] = "ROLLBACK",
};

struct sqlite_impl {
	sqlite3		*db;
	sqlite3_stmt	*stmts[STMT__MAX];
	sqlite3_stmt	*tx_stmts[TX__MAX];
	int		 bind_rc;	/* the first failed bind, reported at step */
};

static struct sqlite_impl *
impl(struct store *st)
{
	return st->impl;
}

static int
sqlite_fail(struct store *st, int rc, const char *doing, struct err *err)
{
	sqlite3 *db = impl(st)->db;
	int ext = db ? sqlite3_extended_errcode(db) : rc;
	const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);

	switch (ext) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return err_set(err, ERR_CONFLICT, NULL, "%s: already exists",
		    doing);
	case SQLITE_BUSY:
	case SQLITE_BUSY_SNAPSHOT:
	case SQLITE_LOCKED:
		return err_set(err, ERR_STORE, NULL,
		    "%s: the store is busy with another writer: try again",
		    doing);
	case SQLITE_READONLY:
		return err_set(err, ERR_STORE, NULL,
		    "%s: the store is read-only: check the file's "
		    "permissions", doing);
	case SQLITE_FULL:
		return err_set(err, ERR_STORE, NULL,
		    "%s: the disk is full: free some space", doing);
	default:
		return err_set(err, ERR_STORE, NULL, "%s: %s", doing, msg);
	}
}

static int
sqlite_exec(struct store *st, const char *text, struct err *err)
{
	int rc = sqlite3_exec(impl(st)->db, text, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return sqlite_fail(st, rc, "store", err);
	return 0;
}

/*
 * SQLite counts every allocation under one process-wide mutex unless told
 * not to; with a connection per server thread that mutex was the most
 * contended lock of a case read (bench/api).  It must be said before the
 * library initialises, so once, before the first open.
 */
static void
sqlite_configure(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int
sqlite_open(struct store *st, const char *target,
    const struct store_options *opt, unsigned flags, struct err *err)
{
	struct sqlite_impl *im;
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	bool memory = STREQ(target, ":memory:");
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	int rc;

	pthread_once(&configured, sqlite_configure);
	if (!*target)
		return err_set(err, ERR_INVALID, "db",
		    "the store has no path: use sqlite:PATH");
	if (!memory && !(flags & STORE_CREATE) && access(target, F_OK) != 0)
		return err_set(err, ERR_NOT_FOUND, "db",
		    "no store at \"%.128s\": run tipsom init, or give --db",
		    target);
	if (flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	im = calloc(1, sizeof(*im));
	if (!im)
		abort();
	st->impl = im;
	rc = sqlite3_open_v2(target, &im->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		err_set(err, ERR_STORE, "db", "cannot open \"%.128s\": %s",
		    target, im->db ? sqlite3_errmsg(im->db) :
		    sqlite3_errstr(rc));
		sqlite3_close(im->db);
		free(im);
		st->impl = NULL;
		return -1;
	}
	sqlite3_extended_result_codes(im->db, 1);
	sqlite3_busy_timeout(im->db, opt ? (int)opt->busy_timeout_ms : 5000);
	/* temp_store: savepoint journals and the temporary b-trees of
	 * RETURNING and CHECK lists stay in memory instead of costing file
	 * writes and allocations on every core write (bench/core). */
	if (sqlite_exec(st, "PRAGMA foreign_keys = ON; "
	    "PRAGMA synchronous = FULL; PRAGMA trusted_schema = OFF; "
	    "PRAGMA temp_store = MEMORY", err) ==
	    -1 || (!memory &&
	    sqlite_exec(st, "PRAGMA journal_mode = WAL", err) == -1)) {
		sqlite3_close(im->db);
		free(im);
		st->impl = NULL;
		return -1;
	}
	return 0;
}

static void
sqlite_close(struct store *st)
{
	struct sqlite_impl *im = impl(st);

	if (!im)
		return;
	for (int i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(im->stmts[i]);
	for (int i = 0; i < TX__MAX; i++)
		sqlite3_finalize(im->tx_stmts[i]);
	sqlite3_close(im->db);
	free(im);
	st->impl = NULL;
}

static int
sqlite_schema_version(struct store *st, int *version, struct err *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	*version = 0;
	rc = sqlite3_prepare_v2(impl(st)->db,
	    "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
	    "AND name = 'schema_migrations'", -1, &q, NULL);
	if (rc != SQLITE_OK || sqlite3_step(q) != SQLITE_ROW)
		goto failed;
	if (sqlite3_column_int(q, 0) == 0) {
		sqlite3_finalize(q);
		return 0;
	}
	sqlite3_finalize(q);
	q = NULL;
	rc = sqlite3_prepare_v2(impl(st)->db,
	    "SELECT COALESCE(max(version), 0) FROM schema_migrations", -1, &q,
	    NULL);
	if (rc != SQLITE_OK || sqlite3_step(q) != SQLITE_ROW)
		goto failed;
	*version = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return 0;
failed:
	sqlite_fail(st, rc, "reading the schema version", err);
	sqlite3_finalize(q);
	return -1;
}

/*
 * A migration that rebuilds a table (0010) must drop the old one, which
 * foreign keys forbid while rows refer to it; SQLite's documented way is
 * to turn them off outside the transaction and check them before the
 * commit.
 */
static int
sqlite_migrate_relax(struct store *st, struct err *err)
{
	return sqlite_exec(st, "PRAGMA foreign_keys = OFF", err);
}

static int
sqlite_migrate_check(struct store *st, struct err *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	rc = sqlite3_prepare_v2(impl(st)->db, "PRAGMA foreign_key_check", -1,
	    &q, NULL);
	if (rc != SQLITE_OK)
		return sqlite_fail(st, rc, "checking foreign keys", err);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		err_set(err, ERR_STORE, NULL, "migration left rows of %s "
		    "referring to no row of %s: the store is unchanged",
		    (const char *)sqlite3_column_text(q, 0),
		    (const char *)sqlite3_column_text(q, 2));
		sqlite3_finalize(q);
		return -1;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return sqlite_fail(st, rc, "checking foreign keys", err);
	return 0;
}

static void
sqlite_migrate_restore(struct store *st)
{
	struct err ignored = ERR_INIT;

	sqlite_exec(st, "PRAGMA foreign_keys = ON", &ignored);
}

static int
sqlite_prepare_all(struct store *st, struct err *err)
{
	struct sqlite_impl *im = impl(st);

	for (int i = 0; i < STMT__MAX; i++) {
		if (im->stmts[i])
			continue;
		if (!store__sql[i])
			return err_set(err, ERR_INTERNAL, NULL,
			    "statement %d has no SQL", i);
		if (sqlite3_prepare_v3(im->db, store__sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &im->stmts[i], NULL) !=
		    SQLITE_OK)
			return err_set(err, ERR_STORE, NULL,
			    "statement %d does not prepare: %s", i,
			    sqlite3_errmsg(im->db));
	}
	return 0;
}

static int
sqlite_tx_run(struct store *st, enum tx_stmt which, struct err *err)
{
	struct sqlite_impl *im = impl(st);
	int rc;

	if (!im->tx_stmts[which] && (rc = sqlite3_prepare_v3(im->db,
	    tx_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
	    &im->tx_stmts[which], NULL)) != SQLITE_OK)
		return sqlite_fail(st, rc, "store", err);
	rc = sqlite3_step(im->tx_stmts[which]);
	sqlite3_reset(im->tx_stmts[which]);
	if (rc != SQLITE_DONE)
		return sqlite_fail(st, rc, "store", err);
	return 0;
}

static int
sqlite_tx(struct store *st, enum store_tx op, int depth, struct err *err)
{
	char text[64];

	switch (op) {
	case STORE_TX_READ:
		/* Deferred: a snapshot for reading, without the write lock,
		 * and the file locks taken once instead of per statement. */
		return sqlite_tx_run(st, TX_READ, err);
	case STORE_TX_BEGIN:
		/* IMMEDIATE takes the write lock now: a transaction that
		 * reads then writes cannot fail half-way on a busy store. */
		if (depth == 1)
			return sqlite_tx_run(st, TX_BEGIN, err);
		snprintf(text, sizeof(text), "SAVEPOINT s%d", depth);
		return sqlite_exec(st, text, err);
	case STORE_TX_COMMIT:
		if (depth == 1)
			return sqlite_tx_run(st, TX_COMMIT, err);
		snprintf(text, sizeof(text), "RELEASE s%d", depth);
		return sqlite_exec(st, text, err);
	case STORE_TX_ROLLBACK:
		if (depth == 1)
			return sqlite_tx_run(st, TX_ROLLBACK, err);
		snprintf(text, sizeof(text),
		    "ROLLBACK TO s%d; RELEASE s%d", depth, depth);
		return sqlite_exec(st, text, err);
	}
	return err_set(err, ERR_INTERNAL, NULL, "bad transaction operation");
}

static void
sqlite_bind_int(struct store *st, enum stmt id, int pos, int64_t v)
{
	int rc = sqlite3_bind_int64(impl(st)->stmts[id], pos, v);

	if (rc != SQLITE_OK && !impl(st)->bind_rc)
		impl(st)->bind_rc = rc;
}

static void
sqlite_bind(struct store *st, enum stmt id, int pos, const char *s,
    void (*lifetime)(void *))
{
	sqlite3_stmt *q = impl(st)->stmts[id];
	int rc = s ? sqlite3_bind_text(q, pos, s, -1, lifetime) :
	    sqlite3_bind_null(q, pos);

	if (rc != SQLITE_OK && !impl(st)->bind_rc)
		impl(st)->bind_rc = rc;
}

static void
sqlite_bind_text(struct store *st, enum stmt id, int pos, const char *s)
{
	sqlite_bind(st, id, pos, s, SQLITE_TRANSIENT);
}

/* Not copied: SQLite reads s when the statement runs. */
static void
sqlite_bind_text_kept(struct store *st, enum stmt id, int pos, const char *s)
{
	sqlite_bind(st, id, pos, s, SQLITE_STATIC);
}

static void
sqlite_reset(struct store *st, enum stmt id)
{
	sqlite3_reset(impl(st)->stmts[id]);
	sqlite3_clear_bindings(impl(st)->stmts[id]);
}

static int
sqlite_step(struct store *st, enum stmt id, struct err *err)
{
	struct sqlite_impl *im = impl(st);
	int rc;

	if (im->bind_rc) {
		rc = im->bind_rc;
		im->bind_rc = 0;
		sqlite_reset(st, id);
		return err_set(err, ERR_INTERNAL, NULL,
		    "statement %d: binding failed: %s", (int)id,
		    sqlite3_errstr(rc));
	}
	rc = sqlite3_step(im->stmts[id]);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	sqlite_fail(st, rc, "store", err);
	sqlite_reset(st, id);
	return -1;
}

static bool
sqlite_col_null(struct store *st, enum stmt id, int col)
{
	return sqlite3_column_type(impl(st)->stmts[id], col) == SQLITE_NULL;
}

static int64_t
sqlite_col_int(struct store *st, enum stmt id, int col)
{
	return sqlite3_column_int64(impl(st)->stmts[id], col);
}

static const char *
sqlite_col_text(struct store *st, enum stmt id, int col)
{
	return (const char *)sqlite3_column_text(impl(st)->stmts[id], col);
}

/* ------------------------------------------------------------------ */
/* Backups                                                             */
/* ------------------------------------------------------------------ */

/* Copies all of from into to with the online backup API. */
static int
copy_db(sqlite3 *to, sqlite3 *from, struct err *err)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc;

	if (!b)
		return err_set(err, ERR_STORE, NULL, "the backup cannot start: "
		    "%s", sqlite3_errmsg(to));
	/* All pages in one step: one read transaction, so one moment's
	 * store, whatever is written meanwhile (WAL readers do not wait). */
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return err_set(err, rc == SQLITE_BUSY || rc == SQLITE_LOCKED ?
		    ERR_STORE : ERR_IO, NULL, "the backup copy failed: %s: try "
		    "again", sqlite3_errstr(rc));
	return 0;
}

static int
sqlite_snapshot(struct store *st, unsigned char **image, size_t *n,
    struct err *err)
{
	sqlite3 *mem = NULL;
	sqlite3_int64 size = 0;
	int rc = -1;

	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		err_set(err, ERR_INTERNAL, NULL, "no memory for the backup");
		goto out;
	}
	if (copy_db(mem, impl(st)->db, err) == -1)
		goto out;
	if (!(*image = sqlite3_serialize(mem, "main", &size, 0))) {
		err_set(err, ERR_INTERNAL, NULL, "no memory for the backup");
		goto out;
	}
	*n = (size_t)size;
	rc = 0;
out:
	sqlite3_close(mem);
	return rc;
}

static void
sqlite_image_free(unsigned char *image)
{
	sqlite3_free(image);
}

/* The first line of PRAGMA integrity_check: "ok" for a sound database. */
static int
check_image(sqlite3 *db, struct err *err)
{
	sqlite3_stmt *q = NULL;
	int ok;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) !=
	    SQLITE_OK || sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_finalize(q);
		return err_set(err, ERR_TAMPERED, "file", "the backup holds no "
		    "database: use another copy");
	}
	ok = STREQ((const char *)sqlite3_column_text(q, 0), "ok");
	sqlite3_finalize(q);
	if (!ok)
		return err_set(err, ERR_TAMPERED, "file", "the database in the "
		    "backup is damaged (integrity check): use another copy");
	return 0;
}

static int
sqlite_restore(const char *target, const unsigned char *image, size_t n,
    struct err *err)
{
	sqlite3 *mem = NULL, *out = NULL;
	unsigned char *copy = NULL;
	int rc = -1;

	if (!*target || STREQ(target, ":memory:"))
		return err_set(err, ERR_INVALID, "to", "restore into a file: "
		    "give sqlite:PATH");
	if (access(target, F_OK) == 0)
		return err_set(err, ERR_CONFLICT, "to", "%s exists: restore "
		    "into a new file, or move that one away first", target);
	/* deserialize wants memory SQLite owns, to grow it as it likes. */
	if (!(copy = sqlite3_malloc64(n)) ||
	    sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		sqlite3_free(copy);
		err_set(err, ERR_INTERNAL, NULL, "no memory to restore");
		goto out;
	}
	memcpy(copy, image, n);
	/* A WAL store's header says so (bytes 18 and 19 are 2); memory
	 * databases have no WAL, and would not open.  The store turns WAL
	 * on again when it is opened. */
	if (n > 19 && copy[18] == 2 && copy[19] == 2)
		copy[18] = copy[19] = 1;
	if (sqlite3_deserialize(mem, "main", copy, (sqlite3_int64)n,
	    (sqlite3_int64)n, SQLITE_DESERIALIZE_FREEONCLOSE |
	    SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
		err_set(err, ERR_TAMPERED, "file", "the backup holds no "
		    "database: use another copy");
		goto out;
	}
	if (check_image(mem, err) == -1)
		goto out;
	if (sqlite3_open_v2(target, &out, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		err_set(err, ERR_IO, "to", "%s cannot be created: %s: check the "
		    "directory", target, out ? sqlite3_errmsg(out) :
		    "no memory");
		goto out;
	}
	if (copy_db(out, mem, err) == -1)
		goto out;
	rc = 0;
out:
	sqlite3_close(mem);
	sqlite3_close(out);
	if (rc == -1 && out)
		unlink(target);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Copies (store_copy.c)                                               */
/* ------------------------------------------------------------------ */

static int
sqlite_tables(struct store *st, struct arena *a, struct store__table **out,
    size_t *n, struct err *err)
{
	sqlite3 *db = impl(st)->db;
	sqlite3_stmt *q = NULL, *refs = NULL;
	struct store__table *t = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	if ((rc = sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master "
	    "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND "
	    "name <> 'schema_migrations' ORDER BY rowid", -1, &q, NULL)) !=
	    SQLITE_OK || (rc = sqlite3_prepare_v2(db, "SELECT DISTINCT "
	    "\"table\" FROM pragma_foreign_key_list(?1)", -1, &refs,
	    NULL)) != SQLITE_OK)
		goto failed;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct store__table *row;
		size_t rcap = 0;

		if (*n == cap)
			t = arena_grow(a, t, *n, &cap, *n + 1, sizeof(*t));
		row = &t[(*n)++];
		*row = (struct store__table){ .name = arena_strdup(a,
		    (const char *)sqlite3_column_text(q, 0)) };
		sqlite3_bind_text(refs, 1, row->name, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(refs)) == SQLITE_ROW) {
			if (row->n_refers == rcap)
				row->refers = arena_grow(a, row->refers,
				    row->n_refers, &rcap, row->n_refers + 1,
				    sizeof(*row->refers));
			row->refers[row->n_refers++] = arena_strdup(a,
			    (const char *)sqlite3_column_text(refs, 0));
		}
		sqlite3_reset(refs);
		if (rc != SQLITE_DONE)
			goto failed;
	}
	if (rc != SQLITE_DONE)
		goto failed;
	sqlite3_finalize(q);
	sqlite3_finalize(refs);
	*out = t;
	return 0;
failed:
	sqlite_fail(st, rc, "listing the tables", err);
	sqlite3_finalize(q);
	sqlite3_finalize(refs);
	return -1;
}

static int
sqlite_scan(struct store *st, const char *table,
    int (*fn)(void *arg, int ncols, const char *const *names,
    const char *const *values, struct err *err), void *arg,
    struct err *err)
{
	char *text = sqlite3_mprintf("SELECT * FROM \"%w\"", table);
	sqlite3_stmt *q = NULL;
	const char **names = NULL, **values = NULL;
	int rc, ncols, out = -1;

	if (!text)
		abort();
	rc = sqlite3_prepare_v2(impl(st)->db, text, -1, &q, NULL);
	sqlite3_free(text);
	if (rc != SQLITE_OK) {
		sqlite_fail(st, rc, table, err);
		goto out;
	}
	ncols = sqlite3_column_count(q);
	names = calloc((size_t)ncols + 1, sizeof(*names));
	values = calloc((size_t)ncols + 1, sizeof(*values));
	if (!names || !values)
		abort();
	for (int i = 0; i < ncols; i++)
		names[i] = sqlite3_column_name(q, i);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		for (int i = 0; i < ncols; i++)
			values[i] = (const char *)sqlite3_column_text(q, i);
		if (fn(arg, ncols, names, values, err) == -1)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		sqlite_fail(st, rc, table, err);
		goto out;
	}
	out = 0;
out:
	free(names);
	free(values);
	sqlite3_finalize(q);
	return out;
}

const struct store_driver store__sqlite_driver = {
	.scheme = "sqlite",
	.migrations = sqlite_migrations,
	.open = sqlite_open,
	.close = sqlite_close,
	.schema_version = sqlite_schema_version,
	.exec = sqlite_exec,
	.migrate_relax = sqlite_migrate_relax,
	.migrate_check = sqlite_migrate_check,
	.migrate_restore = sqlite_migrate_restore,
	.prepare_all = sqlite_prepare_all,
	.tx = sqlite_tx,
	.snapshot = sqlite_snapshot,
	.image_free = sqlite_image_free,
	.restore = sqlite_restore,
	.tables = sqlite_tables,
	.scan = sqlite_scan,
	.bind_int = sqlite_bind_int,
	.bind_text = sqlite_bind_text,
	.bind_text_kept = sqlite_bind_text_kept,
	.step = sqlite_step,
	.col_null = sqlite_col_null,
	.col_int = sqlite_col_int,
	.col_text = sqlite_col_text,
	.reset = sqlite_reset,
};
