/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_copy.c - a whole store copied into another driver's, and proved
 * the same (store.h store_copy()).
 */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/util.h"
#include "store/store_int.h"
#include "base/banned.h"

/* FNV-1a, 64 bits, continued from h. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/*
 * A table's digest: the sum of its rows' hashes, so that rows may come in
 * any order.  A row's hash covers each value with its length, and NULL
 * apart from every text: against copying mistakes, not an adversary
 * (the audit chain is verified on its own).
 */
static uint64_t
row_hash(int ncols, const char *const *values)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (int i = 0; i < ncols; i++) {
		size_t len = values[i] ? strlen(values[i]) + 1 : 0;

		h = fnv(h, &len, sizeof(len));
		if (values[i])
			h = fnv(h, values[i], len);
	}
	return h;
}

struct copying {
	struct store		*to;
	struct store_copied	*t;
	bool			 begun;
};

static int
copy_row(void *arg, int ncols, const char *const *names,
    const char *const *values, struct err *err)
{
	struct copying *c = arg;

	if (!c->begun) {
		if (c->to->drv->write_begin(c->to, c->t->table, ncols, names,
		    err) == -1)
			return -1;
		c->begun = true;
	}
	c->t->rows++;
	c->t->digest += row_hash(ncols, values);
	return c->to->drv->write_row(c->to, ncols, values, err);
}

static int
sum_row(void *arg, int ncols, const char *const *names,
    const char *const *values, struct err *err)
{
	struct store_copied *t = arg;

	(void)names;
	(void)err;
	t->rows++;
	t->digest += row_hash(ncols, values);
	return 0;
}

/* Whether every table t refers to (but itself) is in done[0..n). */
static bool
ready(const struct store__table *t, const struct store_copied *done,
    size_t n)
{
	for (size_t r = 0; r < t->n_refers; r++) {
		bool found = STREQ(t->refers[r], t->name);

		for (size_t i = 0; i < n && !found; i++)
			found = STREQ(done[i].table, t->refers[r]);
		if (!found)
			return false;
	}
	return true;
}

/*
 * The tables in an order in which each comes after those it refers to:
 * first those that refer to none (training_store among them, whose
 * trigger refuses a store with cases), then, in the store's order, each
 * table whose references are all copied.
 */
static int
order(const struct store__table *tables, size_t n, struct arena *a,
    struct store_copied **out, struct err *err)
{
	struct store_copied *o = arena_array(a, n ? n : 1, sizeof(*o));
	bool *taken = arena_array(a, n ? n : 1, sizeof(*taken));
	size_t k = 0;

	while (k < n) {
		size_t pick = n;

		for (size_t i = 0; i < n && pick == n; i++)
			if (!taken[i] && ready(&tables[i], o, 0))
				pick = i;
		for (size_t i = 0; i < n && pick == n; i++)
			if (!taken[i] && ready(&tables[i], o, k))
				pick = i;
		if (pick == n)
			return err_set(err, ERR_INTERNAL, NULL, "the tables' "
			    "foreign keys refer in a circle: no order to copy "
			    "them in");
		taken[pick] = true;
		o[k++] = (struct store_copied){ .table = tables[pick].name };
	}
	*out = o;
	return 0;
}

static int
copy_all(struct store *from, struct store *to, struct store_copied *t,
    size_t n, struct err *err)
{
	if (store_begin(to, err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct copying c = { to, &t[i], false };

		if (from->drv->scan(from, t[i].table, copy_row, &c, err) ==
		    -1 || (c.begun && to->drv->write_end(to, err) == -1)) {
			store_rollback(to);
			return -1;
		}
	}
	if (to->drv->write_done(to, err) == -1) {
		store_rollback(to);
		return -1;
	}
	return store_commit(to, err);
}

/* Both stores read again: each table's rows and digest as copied. */
static int
verify(struct store *from, struct store *to, const struct store_copied *t,
    size_t n, struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		struct store_copied was = { .table = t[i].table };
		struct store_copied now = { .table = t[i].table };

		if (from->drv->scan(from, t[i].table, sum_row, &was, err) ==
		    -1 || to->drv->scan(to, t[i].table, sum_row, &now, err) ==
		    -1)
			return -1;
		if (was.rows != now.rows || was.digest != now.digest ||
		    was.rows != t[i].rows || was.digest != t[i].digest)
			return err_set(err, ERR_TAMPERED, "to", "table %s "
			    "differs after the copy (%lld rows there, %lld "
			    "here): the copy is not to be used, start again "
			    "on a new empty database", t[i].table,
			    (long long)was.rows, (long long)now.rows);
	}
	return 0;
}

int
store_copy(struct store *from, struct store *to, struct arena *a,
    struct store_copied **tables, size_t *n, struct err *err)
{
	struct store__table *list = NULL;
	size_t count = 0;
	int version, applied, rc;

	*tables = NULL;
	*n = 0;
	if (!from->drv->tables || !from->drv->scan || !to->drv->scan ||
	    !to->drv->write_begin)
		return err_set(err, ERR_INVALID, "to", "a %s store cannot be "
		    "copied into a %s one: tipsom copies SQLite stores into "
		    "PostgreSQL", from->drv->scheme, to->drv->scheme);
	if (store_schema_version(to, &version, err) == -1)
		return -1;
	if (version != 0)
		return err_set(err, ERR_CONFLICT, "to", "the target store has "
		    "a schema already (version %d): give a new, empty "
		    "database, not one made by tipsom init", version);
	if (store_migrate(to, &applied, err) == -1 ||
	    from->drv->tables(from, a, &list, &count, err) == -1 ||
	    order(list, count, a, tables, err) == -1)
		return -1;
	if (store_read_begin(from, err) == -1)
		return -1;
	rc = copy_all(from, to, *tables, count, err);
	store_read_end(from);
	if (rc == -1 || verify(from, to, *tables, count, err) == -1)
		return -1;
	*n = count;
	return 0;
}
