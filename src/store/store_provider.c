/* SPDX-License-Identifier: Apache-2.0 */
/* store_provider.c - the directory of service providers. */
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

/* "ar ckb en" into an array of tags in a. */
static void
split_languages(const char *text, struct arena *a, struct provider_row *row)
{
	size_t n = 0;
	char *copy, *tok, *save;

	row->languages = NULL;
	row->n_languages = 0;
	if (!text || !*text)
		return;
	for (const char *p = text; *p; p++)
		n += *p == ' ';
	row->languages = arena_array(a, n + 1, sizeof(*row->languages));
	copy = arena_strdup(a, text);
	for (tok = strtok_r(copy, " ", &save); tok;
	    tok = strtok_r(NULL, " ", &save))
		row->languages[row->n_languages++] = tok;
}

static int
join_languages(const struct provider_row *row, struct buf *out,
    struct err *err)
{
	for (size_t i = 0; i < row->n_languages; i++) {
		if (buf_addf(out, "%s%s", i ? " " : "",
		    row->languages[i]) == -1)
			return err_set(err, ERR_INVALID, "languages", "the "
			    "list of languages is too long: list fewer");
	}
	return 0;
}

static void
read_provider(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct provider_row *row = out;

	row->id = store__int(st, id, 0);
	row->code = store__text(st, id, 1, a);
	row->name = store__text(st, id, 2, a);
	row->agency_id = store__int(st, id, 3);
	row->agency_code = store__text(st, id, 4, a);
	row->region = store__text(st, id, 5, a);
	row->services = (unsigned)store__int(st, id, 6);
	row->accepts = (unsigned)store__int(st, id, 7);
	split_languages(store__text(st, id, 8, a), a, row);
	row->capacity = store__null(st, id, 9) ? -1 :
	    (int)store__int(st, id, 9);
	row->contact = store__text(st, id, 10, a);
	row->active = store__int(st, id, 11) != 0;
	row->created_at = store__text(st, id, 12, a);
	row->updated_at = store__text(st, id, 13, a);
	row->version = store__int(st, id, 14);
}

/* Binds what insert and update both write, from ?3 on. */
static int
bind_provider(struct store *st, enum stmt id, const struct provider_row *row,
    struct err *err)
{
	struct buf languages = BUF_INIT(4096);

	if (join_languages(row, &languages, err) == -1) {
		buf_release(&languages);
		return -1;
	}
	store__bind_text(st, id, 3, row->name);
	if (row->agency_id)
		store__bind_int(st, id, 4, row->agency_id);
	else
		store__bind_text(st, id, 4, NULL);
	store__bind_text(st, id, 5, row->region);
	store__bind_int(st, id, 6, row->services);
	store__bind_int(st, id, 7, row->accepts);
	store__bind_text(st, id, 8, languages.s);
	if (row->capacity >= 0)
		store__bind_int(st, id, 9, row->capacity);
	else
		store__bind_text(st, id, 9, NULL);
	store__bind_text(st, id, 10, row->contact);
	store__bind_int(st, id, 11, row->active);
	store__bind_text(st, id, 12, row->updated_at);
	buf_release(&languages);
	return 0;
}

int
store_provider_insert(struct store *st, struct provider_row *row,
    struct err *err)
{
	enum stmt id = STMT_PROVIDER_INSERT;

	store__bind_text(st, id, 1, row->code);
	store__bind_text(st, id, 2, row->created_at);
	if (bind_provider(st, id, row, err) == -1 ||
	    store__one(st, id, "provider", err) == -1)
		return -1;
	row->id = store__int(st, id, 0);
	row->version = 1;
	store__reset(st, id);
	return 0;
}

int
store_provider_update(struct store *st, struct provider_row *row,
    struct err *err)
{
	enum stmt id = STMT_PROVIDER_UPDATE;
	int rc;

	store__bind_int(st, id, 1, row->id);
	store__bind_int(st, id, 2, row->version);
	if (bind_provider(st, id, row, err) == -1)
		return -1;
	rc = store__update_versioned(st, id, &row->version, err);
	if (rc == 1)
		return err_set(err, ERR_CONFLICT, "version", "provider %s was "
		    "changed meanwhile: look at it again", row->code);
	return rc;
}

int
store_provider_by_code(struct store *st, const char *code, struct arena *a,
    struct provider_row *row, struct err *err)
{
	enum stmt id = STMT_PROVIDER_BY_CODE;

	store__bind_text(st, id, 1, code);
	return store__get(st, id, "provider", a, row, read_provider, err);
}

int
store_provider_list(struct store *st, struct arena *a,
    struct provider_row **rows, size_t *n, struct err *err)
{
	return store__all(st, STMT_PROVIDER_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_provider, err);
}
