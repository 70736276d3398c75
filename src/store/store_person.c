/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_person.c - persons with their names, nationalities, languages,
 * documents and contacts.  Identity values arrive sealed by the vault and
 * leave the same way.
 */
#include <assert.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/util.h"
#include "store/store_int.h"
#include "base/banned.h"

static int
bind_person(struct store *st, enum stmt id, int pos, int64_t owner,
    const void *item, const void *arg)
{
	const struct person_row *row = item;

	(void)arg;
	store__bind_int(st, id, pos, owner);
	store__bind_text_kept(st, id, pos + 1, enum_name(&sex_desc, row->sex));
	store__bind_text_kept(st, id, pos + 2, row->birth_date);
	store__bind_int(st, id, pos + 3, row->birth_year);
	store__bind_int(st, id, pos + 4, row->birth_year_estimated);
	store__bind_int(st, id, pos + 5, row->agency_id);
	store__bind_text_kept(st, id, pos + 6, row->created_at);
	store__bind_int(st, id, pos + 7, row->created_by);
	return 8;
}

static int
bind_name(struct store *st, enum stmt id, int pos, int64_t owner,
    const void *item, const void *arg)
{
	const struct person_name *nm = item;

	(void)arg;
	store__bind_int(st, id, pos, owner);
	store__bind_text_kept(st, id, pos + 1, enum_name(&name_kind_desc,
	    nm->kind));
	store__bind_text_kept(st, id, pos + 2, nm->given);
	store__bind_text_kept(st, id, pos + 3, nm->father);
	store__bind_text_kept(st, id, pos + 4, nm->grandfather);
	store__bind_text_kept(st, id, pos + 5, nm->family);
	store__bind_text_kept(st, id, pos + 6, nm->script ? nm->script :
	    "Zyyy");
	return 7;
}

/* A country or language code, or a name's keys: one text. */
static int
bind_text(struct store *st, enum stmt id, int pos, int64_t owner,
    const void *item, const void *arg)
{
	(void)arg;
	store__bind_int(st, id, pos, owner);
	store__bind_text_kept(st, id, pos + 1, item);
	return 2;
}

static int
bind_document(struct store *st, enum stmt id, int pos, int64_t owner,
    const void *item, const void *arg)
{
	const struct person_document *d = item;

	(void)arg;
	store__bind_int(st, id, pos, owner);
	store__bind_text_kept(st, id, pos + 1, enum_name(&document_kind_desc,
	    d->kind));
	store__bind_text_kept(st, id, pos + 2, d->number);
	store__bind_text_kept(st, id, pos + 3, d->country);
	store__bind_text_kept(st, id, pos + 4, d->expires_on);
	return 5;
}

static int
bind_contact(struct store *st, enum stmt id, int pos, int64_t owner,
    const void *item, const void *arg)
{
	const struct person_contact *c = item;

	(void)arg;
	store__bind_int(st, id, pos, owner);
	store__bind_text_kept(st, id, pos + 1, enum_name(&contact_kind_desc,
	    c->kind));
	store__bind_text_kept(st, id, pos + 2, c->value);
	return 3;
}

/* Element k of one of a person's lists, NULL past its end. */
static const void *
nth_name(const struct person_row *p, size_t k)
{
	return k < p->n_names ? &p->names[k] : NULL;
}

static const void *
nth_nationality(const struct person_row *p, size_t k)
{
	return k < p->n_nationalities ? p->nationalities[k] : NULL;
}

static const void *
nth_language(const struct person_row *p, size_t k)
{
	return k < p->n_languages ? p->languages[k] : NULL;
}

static const void *
nth_document(const struct person_row *p, size_t k)
{
	return k < p->n_documents ? &p->documents[k] : NULL;
}

static const void *
nth_contact(const struct person_row *p, size_t k)
{
	return k < p->n_contacts ? &p->contacts[k] : NULL;
}

static const struct person_list {
	enum stmt	 one, many;
	int		(*bind)(struct store *st, enum stmt id, int pos,
			    int64_t owner, const void *item, const void *arg);
	const void	*(*nth)(const struct person_row *p, size_t k);
} person_lists[] = {
	{ STMT_PERSON_NAME_INSERT, STMT_PERSON_NAME_INSERT_MANY, bind_name,
	    nth_name },
	{ STMT_PERSON_NATIONALITY_INSERT, STMT_PERSON_NATIONALITY_INSERT_MANY,
	    bind_text, nth_nationality },
	{ STMT_PERSON_LANGUAGE_INSERT, STMT_PERSON_LANGUAGE_INSERT_MANY,
	    bind_text, nth_language },
	{ STMT_PERSON_DOCUMENT_INSERT, STMT_PERSON_DOCUMENT_INSERT_MANY,
	    bind_document, nth_document },
	{ STMT_PERSON_CONTACT_INSERT, STMT_PERSON_CONTACT_INSERT_MANY,
	    bind_contact, nth_contact },
};

/*
 * One table at a time, each in batches: the rows of a table sit together
 * in its b-tree and its indexes, so writing them in turn keeps the pages
 * they touch few.
 */
int
store_persons_insert(struct store *st, struct person_row *rows, size_t n,
    struct err *err)
{
	struct store__batch b;
	int64_t next;

	if (n == 0)
		return 0;
	assert(store_in_transaction(st));
	if (store__one_int(st, STMT_PERSON_NEXT_ID, "person", &next,
	    err) == -1)
		return -1;
	store__batch_init(&b, st, STMT_PERSON_INSERT, STMT_PERSON_INSERT_MANY,
	    bind_person, NULL);
	for (size_t i = 0; i < n; i++) {
		rows[i].id = next + (int64_t)i;
		if (store__batch_add(&b, rows[i].id, &rows[i], err) == -1)
			return -1;
	}
	if (store__batch_finish(&b, err) == -1)
		return -1;
	for (size_t l = 0; l < ARRAY_SIZE(person_lists); l++) {
		const struct person_list *list = &person_lists[l];

		store__batch_init(&b, st, list->one, list->many, list->bind,
		    NULL);
		for (size_t i = 0; i < n; i++) {
			const void *item;

			for (size_t k = 0; (item = list->nth(&rows[i], k));
			    k++)
				if (store__batch_add(&b, rows[i].id, item,
				    err) == -1)
					return -1;
		}
		if (store__batch_finish(&b, err) == -1)
			return -1;
	}
	return 0;
}

static void
read_name(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct person_name *nm = out;

	nm->kind = store__enum(st, id, 0, &name_kind_desc, NAME_KIND_ALIAS);
	nm->given = store__text(st, id, 1, a);
	nm->father = store__text(st, id, 2, a);
	nm->grandfather = store__text(st, id, 3, a);
	nm->family = store__text(st, id, 4, a);
	nm->script = store__text(st, id, 5, a);
}

static void
read_code(struct store *st, enum stmt id, struct arena *a, void *out)
{
	*(const char **)out = store__text(st, id, 0, a);
}

static void
read_document(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct person_document *d = out;

	d->kind = store__enum(st, id, 0, &document_kind_desc,
	    DOCUMENT_KIND_OTHER);
	d->number = store__text(st, id, 1, a);
	d->country = store__text(st, id, 2, a);
	d->expires_on = store__text(st, id, 3, a);
}

static void
read_contact(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct person_contact *c = out;

	c->kind = store__enum(st, id, 0, &contact_kind_desc,
	    CONTACT_KIND_OTHER);
	c->value = store__text(st, id, 1, a);
}

/* Binds the person id to a list statement and reads all its rows. */
static int
read_list(struct store *st, enum stmt id, int64_t person_id, struct arena *a,
    void *rows, size_t *n, size_t size,
    void (*fn)(struct store *, enum stmt, struct arena *, void *),
    struct err *err)
{
	store__bind_int(st, id, 1, person_id);
	return store__all(st, id, a, rows, n, size, fn, err);
}

int
store_person_by_id(struct store *st, int64_t person_id, struct arena *a,
    struct person_row *row, struct err *err)
{
	enum stmt id = STMT_PERSON_BY_ID;

	store__bind_int(st, id, 1, person_id);
	if (store__one(st, id, "person", err) == -1)
		return -1;
	*row = (struct person_row){
		.id = store__int(st, id, 0),
		.sex = store__enum(st, id, 1, &sex_desc, SEX_UNKNOWN),
		.birth_date = store__text(st, id, 2, a),
		.birth_year = (int)store__int(st, id, 3),
		.birth_year_estimated = store__int(st, id, 4) != 0,
		.agency_id = store__int(st, id, 5),
		.created_at = store__text(st, id, 6, a),
		.created_by = store__int(st, id, 7),
		.merged_into = store__int(st, id, 8),
	};
	store__reset(st, id);
	if (read_list(st, STMT_PERSON_NAMES, person_id, a,
	    (void **)&row->names, &row->n_names, sizeof(*row->names),
	    read_name, err) == -1 ||
	    read_list(st, STMT_PERSON_NATIONALITIES, person_id, a,
	    (void **)&row->nationalities, &row->n_nationalities,
	    sizeof(*row->nationalities), read_code, err) == -1 ||
	    read_list(st, STMT_PERSON_LANGUAGES, person_id, a,
	    (void **)&row->languages, &row->n_languages,
	    sizeof(*row->languages), read_code, err) == -1 ||
	    read_list(st, STMT_PERSON_DOCUMENTS, person_id, a,
	    (void **)&row->documents, &row->n_documents,
	    sizeof(*row->documents), read_document, err) == -1 ||
	    read_list(st, STMT_PERSON_CONTACTS, person_id, a,
	    (void **)&row->contacts, &row->n_contacts,
	    sizeof(*row->contacts), read_contact, err) == -1)
		return -1;
	return 0;
}

int
store_person_visible(struct store *st, int64_t person_id, int64_t agency_id,
    bool *visible, struct err *err)
{
	enum stmt id = STMT_PERSON_VISIBLE;

	store__bind_int(st, id, 1, person_id);
	store__bind_int(st, id, 2, agency_id);
	if (store__one(st, id, "person", err) == -1)
		return -1;
	*visible = store__int(st, id, 0) != 0;
	store__reset(st, id);
	return 0;
}

static void
read_shared_role(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct person_shared_role *r = out;

	(void)a;
	r->person_id = 0;
	r->role = store__enum(st, id, 0, &case_role_desc, CASE_ROLE_VICTIM);
	r->scope = store__enum(st, id, 1, &share_scope_desc,
	    SHARE_INVESTIGATION);
}

/*
 * Runs statement id over ids[0..n), STORE_BATCH_ROWS at a time: ?1..?64
 * the ids (0, no person's id, after the last), ?65 agency_id and ?66
 * today when given.  Calls fn for each row with the index in ids of the
 * person its first column names.
 */
static int
each_batch(struct store *st, enum stmt id, const int64_t *ids, size_t n,
    int64_t agency_id, const char *today,
    void (*fn)(struct store *st, enum stmt id, size_t i, void *arg),
    void *arg, struct err *err)
{
	for (size_t at = 0; at < n; at += STORE_BATCH_ROWS) {
		size_t k = MIN(n - at, STORE_BATCH_ROWS);
		int rc;

		for (size_t i = 0; i < STORE_BATCH_ROWS; i++)
			store__bind_int(st, id, (int)i + 1, i < k ?
			    ids[at + i] : 0);
		if (agency_id)
			store__bind_int(st, id, STORE_BATCH_ROWS + 1,
			    agency_id);
		if (today)
			store__bind_text(st, id, STORE_BATCH_ROWS + 2, today);
		while ((rc = store__step(st, id, err)) == 1) {
			int64_t who = store__int(st, id, 0);

			for (size_t i = at; i < at + k; i++)
				if (ids[i] == who)
					fn(st, id, i, arg);
		}
		store__reset(st, id);
		if (rc == -1)
			return -1;
	}
	return 0;
}

static void
mark_visible(struct store *st, enum stmt id, size_t i, void *arg)
{
	(void)st;
	(void)id;
	((bool *)arg)[i] = true;
}

int
store_persons_visible(struct store *st, const int64_t *ids, size_t n,
    int64_t agency_id, bool *visible, struct err *err)
{
	memset(visible, 0, n * sizeof(*visible));
	return each_batch(st, STMT_PERSONS_VISIBLE_MANY, ids, n, agency_id,
	    NULL, mark_visible, visible, err);
}

static void
read_merged_into(struct store *st, enum stmt id, size_t i, void *arg)
{
	((int64_t *)arg)[i] = store__int(st, id, 1);
}

int
store_persons_merged_into(struct store *st, const int64_t *ids, size_t n,
    int64_t *into, struct err *err)
{
	memset(into, 0, n * sizeof(*into));
	return each_batch(st, STMT_PERSONS_MERGED_INTO_MANY, ids, n, 0, NULL,
	    read_merged_into, into, err);
}

struct shared_roles {
	struct arena			*arena;
	struct person_shared_role	*rows;
	size_t				 n, cap;
	const int64_t			*ids;
};

static void
read_persons_shared_role(struct store *st, enum stmt id, size_t i,
    void *arg)
{
	struct shared_roles *r = arg;

	r->rows = arena_grow(r->arena, r->rows, r->n, &r->cap, r->n + 1,
	    sizeof(*r->rows));
	r->rows[r->n++] = (struct person_shared_role){ .person_id = r->ids[i],
	    .role = store__enum(st, id, 1, &case_role_desc, CASE_ROLE_VICTIM),
	    .scope = store__enum(st, id, 2, &share_scope_desc,
	    SHARE_INVESTIGATION) };
}

int
store_persons_shared_roles(struct store *st, const int64_t *ids, size_t n,
    int64_t agency_id, const char *today, struct arena *a,
    struct person_shared_role **rows, size_t *n_rows, struct err *err)
{
	struct shared_roles r = { a, NULL, 0, 0, ids };

	if (each_batch(st, STMT_PERSONS_SHARED_ROLES_MANY, ids, n, agency_id,
	    today, read_persons_shared_role, &r, err) == -1)
		return -1;
	*rows = r.rows;
	*n_rows = r.n;
	return 0;
}

int
store_person_shared_roles(struct store *st, int64_t person_id,
    int64_t agency_id, const char *today, struct arena *a,
    struct person_shared_role **rows, size_t *n, struct err *err)
{
	enum stmt id = STMT_PERSON_SHARED_ROLES;

	store__bind_int(st, id, 1, person_id);
	store__bind_int(st, id, 2, agency_id);
	store__bind_text(st, id, 3, today);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_shared_role, err);
}

int
store_person_nationalities(struct store *st, int64_t person_id,
    struct arena *a, const char ***codes, size_t *n, struct err *err)
{
	return read_list(st, STMT_PERSON_NATIONALITIES, person_id, a,
	    (void **)codes, n, sizeof(**codes), read_code, err);
}

int
store_name_keys_insert(struct store *st, const struct name_keys_row *rows,
    size_t n, struct err *err)
{
	struct store__batch b;

	store__batch_init(&b, st, STMT_NAME_KEYS_INSERT,
	    STMT_NAME_KEYS_INSERT_MANY, bind_text, NULL);
	for (size_t i = 0; i < n; i++)
		if (store__batch_add(&b, rows[i].person_id, rows[i].keys,
		    err) == -1)
			return -1;
	return store__batch_finish(&b, err);
}

int
store_name_keys_since(struct store *st, int64_t after_id, int limit,
    int (*fn)(int64_t id, int64_t person_id, const char *keys, void *arg),
    void *arg, struct err *err)
{
	enum stmt id = STMT_NAME_KEYS_SINCE;
	int rc;

	store__bind_int(st, id, 1, after_id);
	store__bind_int(st, id, 2, limit);
	while ((rc = store__step(st, id, err)) == 1) {
		const char *keys = st->drv->col_text(st, id, 2);

		if (fn(store__int(st, id, 0), store__int(st, id, 1),
		    keys ? keys : "", arg) == -1) {
			store__reset(st, id);
			return -1;
		}
	}
	store__reset(st, id);
	return rc;
}

int
store_persons_unkeyed(struct store *st, int64_t after_id, int limit,
    struct arena *a, struct person_row **rows, size_t *n, struct err *err)
{
	enum stmt id = STMT_PERSONS_WITHOUT_KEYS;
	struct person_row *out = NULL, *p = NULL;
	size_t cap = 0, name_cap = 0;
	int rc;

	*n = 0;
	store__bind_int(st, id, 1, limit);
	store__bind_int(st, id, 2, after_id);
	while ((rc = store__step(st, id, err)) == 1) {
		if (!p || p->id != store__int(st, id, 0)) {
			if (*n == cap)
				out = arena_grow(a, out, *n, &cap, *n + 1,
				    sizeof(*out));
			p = &out[(*n)++];
			*p = (struct person_row){ .id = store__int(st, id,
			    0) };
			name_cap = 0;
		}
		if (store__null(st, id, 1))
			continue;
		if (p->n_names == name_cap)
			p->names = arena_grow(a, p->names, p->n_names,
			    &name_cap, p->n_names + 1, sizeof(*p->names));
		p->names[p->n_names++] = (struct person_name){
			.kind = store__enum(st, id, 1, &name_kind_desc,
			    NAME_KIND_ALIAS),
			.given = store__text(st, id, 2, a),
			.father = store__text(st, id, 3, a),
			.grandfather = store__text(st, id, 4, a),
			.family = store__text(st, id, 5, a),
			.script = store__text(st, id, 6, a),
		};
	}
	store__reset(st, id);
	*rows = out;
	return rc == -1 ? -1 : 0;
}
