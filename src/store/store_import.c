/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_import.c - what imports wrote, by source and source id, and the
 * rows exports walk.
 */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

int
store_import_row_find(struct store *st, int64_t agency_id, const char *entity,
    const char *source, const char *source_id, bool *found,
    int64_t *object_id, char hash[65], struct err *err)
{
	enum stmt id = STMT_IMPORT_ROW_FIND;
	int rc;

	store__bind_int(st, id, 1, agency_id);
	store__bind_text(st, id, 2, entity);
	store__bind_text(st, id, 3, source);
	store__bind_text(st, id, 4, source_id);
	rc = store__step(st, id, err);
	*found = rc == 1;
	if (rc == 1) {
		const char *h = st->drv->col_text(st, id, 1);

		*object_id = store__int(st, id, 0);
		snprintf(hash, 65, "%s", h ? h : "");
	}
	store__reset(st, id);
	return rc == -1 ? -1 : 0;
}

/* What every row of one import_rows write shares. */
struct import_rows_of {
	int64_t		 agency_id;
	const char	*entity, *source, *at;
};

static int
bind_import_row(struct store *st, enum stmt id, int pos, int64_t owner,
    const void *item, const void *arg)
{
	const struct store_import_row *row = item;
	const struct import_rows_of *of = arg;

	(void)owner;
	store__bind_int(st, id, pos, of->agency_id);
	store__bind_text_kept(st, id, pos + 1, of->entity);
	store__bind_text_kept(st, id, pos + 2, of->source);
	store__bind_text_kept(st, id, pos + 3, row->source_id);
	store__bind_int(st, id, pos + 4, row->object_id);
	store__bind_text_kept(st, id, pos + 5, row->hash);
	store__bind_text_kept(st, id, pos + 6, of->at);
	return 7;
}

int
store_import_rows_insert(struct store *st, int64_t agency_id,
    const char *entity, const char *source, const char *at,
    const struct store_import_row *rows, size_t n, struct err *err)
{
	struct import_rows_of of = { agency_id, entity, source, at };
	struct store__batch b;

	store__batch_init(&b, st, STMT_IMPORT_ROW_INSERT,
	    STMT_IMPORT_ROW_INSERT_MANY, bind_import_row, &of);
	for (size_t i = 0; i < n; i++)
		if (store__batch_add(&b, 0, &rows[i], err) == -1)
			return -1;
	return store__batch_finish(&b, err);
}

int
store_import_source_find(struct store *st, int64_t agency_id,
    const char *entity, const char *source, const char *source_id,
    int64_t *object_id, int *n, struct err *err)
{
	enum stmt id = STMT_IMPORT_SOURCE_FIND;
	int rc;

	*n = 0;
	store__bind_int(st, id, 1, agency_id);
	store__bind_text(st, id, 2, entity);
	store__bind_text(st, id, 3, source_id);
	store__bind_text(st, id, 4, source);
	while ((rc = store__step(st, id, err)) == 1) {
		if ((*n)++ == 0)
			*object_id = store__int(st, id, 0);
	}
	store__reset(st, id);
	return rc;
}

int
store_import_source_used(struct store *st, int64_t agency_id,
    const char *entity, const char *source, bool *used, struct err *err)
{
	enum stmt id = STMT_IMPORT_SOURCE_USED;
	int rc;

	store__bind_int(st, id, 1, agency_id);
	store__bind_text(st, id, 2, entity);
	store__bind_text(st, id, 3, source);
	rc = store__step(st, id, err);
	*used = rc == 1;
	store__reset(st, id);
	return rc == -1 ? -1 : 0;
}

static void
read_id(struct store *st, enum stmt id, struct arena *a, void *out)
{
	(void)a;
	*(int64_t *)out = store__int(st, id, 0);
}

static void
read_text(struct store *st, enum stmt id, struct arena *a, void *out)
{
	*(const char **)out = store__text(st, id, 0, a);
}

int
store_export_persons(struct store *st, int64_t agency_id, struct arena *a,
    int64_t **ids, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_EXPORT_PERSONS, 1, agency_id);
	return store__all(st, STMT_EXPORT_PERSONS, a, (void **)ids, n,
	    sizeof(**ids), read_id, err);
}

int
store_export_cases(struct store *st, int64_t agency_id, struct arena *a,
    const char ***refs, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_EXPORT_CASES, 1, agency_id);
	return store__all(st, STMT_EXPORT_CASES, a, (void **)refs, n,
	    sizeof(**refs), read_text, err);
}
