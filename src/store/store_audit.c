/* SPDX-License-Identifier: Apache-2.0 */
/* store_audit.c - reading and appending the audit chain. */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

static void
copy_hash(char out[AUDIT_HASH_HEX], const char *s)
{
	snprintf(out, AUDIT_HASH_HEX, "%s", s ? s : "");
}

int
store_audit_last(struct store *st, int64_t *seq, char hash[AUDIT_HASH_HEX],
    struct err *err)
{
	enum stmt id = STMT_AUDIT_LAST;
	int rc = store__step(st, id, err);

	if (rc == -1)
		return -1;
	*seq = 0;
	hash[0] = '\0';
	if (rc == 1) {
		*seq = store__int(st, id, 0);
		copy_hash(hash, st->drv->col_text(st, id, 1));
	}
	store__reset(st, id);
	return 0;
}

int
store_audit_append(struct store *st, const struct audit_row *row,
    struct err *err)
{
	enum stmt id = STMT_AUDIT_INSERT;

	store__bind_int(st, id, 1, row->seq);
	store__bind_text(st, id, 2, row->at);
	store__bind_int(st, id, 3, row->actor_id);
	store__bind_text(st, id, 4, row->action);
	store__bind_text(st, id, 5, row->object_type);
	store__bind_text(st, id, 6, row->object_id);
	store__bind_int(st, id, 7, row->case_id);
	store__bind_int(st, id, 8, row->agency_id);
	store__bind_text(st, id, 9, row->changes);
	store__bind_text(st, id, 10, row->prev_hash);
	store__bind_text(st, id, 11, row->hash);
	if (store__exec(st, id, err) == -1)
		return -1;
	store__bind_int(st, STMT_AUDIT_HEAD_SET, 1, row->seq);
	store__bind_text(st, STMT_AUDIT_HEAD_SET, 2, row->hash);
	return store__exec(st, STMT_AUDIT_HEAD_SET, err);
}

/* Strings point into the statement: valid until its next step. */
static void
read_audit_borrowed(struct store *st, enum stmt id, struct audit_row *row)
{
	row->seq = store__int(st, id, 0);
	row->at = st->drv->col_text(st, id, 1);
	row->actor_id = store__int(st, id, 2);
	row->actor = st->drv->col_text(st, id, 3);
	row->action = st->drv->col_text(st, id, 4);
	row->object_type = st->drv->col_text(st, id, 5);
	row->object_id = st->drv->col_text(st, id, 6);
	row->case_id = store__int(st, id, 7);
	row->case_ref = st->drv->col_text(st, id, 8);
	row->agency_id = store__int(st, id, 9);
	row->changes = st->drv->col_text(st, id, 10);
	copy_hash(row->prev_hash, st->drv->col_text(st, id, 11));
	copy_hash(row->hash, st->drv->col_text(st, id, 12));
}

static void
read_audit(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct audit_row *row = out;

	read_audit_borrowed(st, id, row);
	row->at = arena_strdup(a, row->at);
	row->actor = arena_strdup(a, row->actor);
	row->action = arena_strdup(a, row->action);
	row->object_type = arena_strdup(a, row->object_type);
	row->object_id = arena_strdup(a, row->object_id);
	row->case_ref = arena_strdup(a, row->case_ref);
	row->changes = arena_strdup(a, row->changes);
}

int
store_audit_scan(struct store *st,
    int (*fn)(const struct audit_row *row, void *arg, struct err *err),
    void *arg, struct audit_row *head, struct err *err)
{
	enum stmt id = STMT_AUDIT_HEAD;
	int rc;

	*head = (struct audit_row){ 0 };
	rc = store__step(st, id, err);
	if (rc == -1)
		return -1;
	if (rc == 1) {
		head->seq = store__int(st, id, 0);
		copy_hash(head->hash, st->drv->col_text(st, id, 1));
	}
	store__reset(st, id);

	/* Rows are streamed, not collected: the chain can be millions
	 * long. */
	id = STMT_AUDIT_SCAN;
	for (;;) {
		struct audit_row row;

		rc = store__step(st, id, err);
		if (rc != 1)
			break;
		read_audit_borrowed(st, id, &row);
		if (fn(&row, arg, err) == -1) {
			store__reset(st, id);
			return -1;
		}
	}
	if (rc == -1)
		return -1;
	store__reset(st, id);
	return 0;
}

int
store_audit_list(struct store *st, const struct audit_filter *f,
    struct arena *a, struct audit_row **rows, size_t *n, struct err *err)
{
	enum stmt id = STMT_AUDIT_LIST;

	store__bind_int(st, id, 1, f->after_seq);
	store__bind_int(st, id, 2, f->case_id);
	store__bind_int(st, id, 3, f->agency_id);
	store__bind_int(st, id, 4, f->limit > 0 ? f->limit : -1);
	store__bind_int(st, id, 5, f->offset);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_audit, err);
}
