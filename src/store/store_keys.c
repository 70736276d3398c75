/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_keys.c - field encryption's wrapped keys, and the sealed columns
 * walked when a store is encrypted or its data key rotated.
 */
#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

int
store_key_wrap_get(struct store *st, struct arena *a,
    struct store_key_wrap *w, struct err *err)
{
	enum stmt id = STMT_KEY_WRAP_GET;
	int rc = store__step(st, id, err);

	if (rc == 1) {
		w->kind = store__text(st, id, 0, a);
		w->salt = store__text(st, id, 1, a);
		w->opslimit = store__int(st, id, 2);
		w->memlimit = store__int(st, id, 3);
		w->changed_at = store__text(st, id, 4, a);
	}
	store__reset(st, id);
	if (rc == 0)
		return err_set(err, ERR_NOT_FOUND, "key", "the store is not "
		    "encrypted");
	return rc == 1 ? 0 : -1;
}

int
store_key_wrap_put(struct store *st, const struct store_key_wrap *w,
    struct err *err)
{
	enum stmt id = STMT_KEY_WRAP_PUT;

	store__bind_text(st, id, 1, w->kind);
	store__bind_text(st, id, 2, w->salt);
	if (w->salt) {
		store__bind_int(st, id, 3, w->opslimit);
		store__bind_int(st, id, 4, w->memlimit);
	}
	store__bind_text(st, id, 5, w->changed_at);
	return store__exec(st, id, err);
}

static void
read_key(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct store_field_key *k = out;

	k->version = store__int(st, id, 0);
	k->wrapped = store__text(st, id, 1, a);
	k->chained = store__text(st, id, 2, a);
	k->created_at = store__text(st, id, 3, a);
}

int
store_field_keys(struct store *st, int64_t after, struct arena *a,
    struct store_field_key **keys, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_FIELD_KEYS, 1, after);
	return store__all(st, STMT_FIELD_KEYS, a, (void **)keys, n,
	    sizeof(**keys), read_key, err);
}

int
store_field_key_insert(struct store *st, const struct store_field_key *k,
    struct err *err)
{
	enum stmt id = STMT_FIELD_KEY_INSERT;

	store__bind_int(st, id, 1, k->version);
	store__bind_text(st, id, 2, k->wrapped);
	store__bind_text(st, id, 3, k->chained);
	store__bind_text(st, id, 4, k->created_at);
	return store__exec(st, id, err);
}

int
store_field_key_rewrap(struct store *st, int64_t version, const char *wrapped,
    struct err *err)
{
	enum stmt id = STMT_FIELD_KEY_REWRAP;

	store__bind_int(st, id, 1, version);
	store__bind_text(st, id, 2, wrapped);
	return store__exec(st, id, err);
}

const char *
store_sealed_field(enum store_sealed column)
{
#define SEALED_NAME(name, table, col, kind) [STORE_SEALED_##name] =	\
	table "." col,
	static const char *const names[STORE_SEALED__MAX] = {
		STORE_SEALED_COLUMNS(SEALED_NAME)
	};
#undef SEALED_NAME

	return names[column];
}

static void
read_sealed(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct store_sealed_value *v = out;

	v->id = store__int(st, id, 0);
	v->kind = store__text(st, id, 1, a);
	v->value = store__text(st, id, 2, a);
}

int
store_sealed_batch(struct store *st, enum store_sealed column,
    int64_t after_id, int limit, struct arena *a,
    struct store_sealed_value **rows, size_t *n, struct err *err)
{
	enum stmt id = STMT_SEALED_READ + column;

	store__bind_int(st, id, 1, after_id);
	store__bind_int(st, id, 2, limit);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_sealed, err);
}

int
store_sealed_update(struct store *st, enum store_sealed column, int64_t id,
    const char *value, struct err *err)
{
	enum stmt s = STMT_SEALED_WRITE + column;

	store__bind_int(st, s, 1, id);
	store__bind_text(st, s, 2, value);
	return store__exec(st, s, err);
}
