/* SPDX-License-Identifier: Apache-2.0 */
/* search.c - persons by name: keys written with them, an index of keys. */
#include <inttypes.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/ctx.h"
#include "core/merge.h"
#include "core/person.h"
#include "core/search.h"
#include "search/namekey.h"
#include "search/nameindex.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

#define KEY_LINE_MAX	(NAMEKEY_PARTS * NAMEKEY_MAX)
#define BACKFILL_BATCH	500
#define READ_BATCH	20000

struct search_cache {
	pthread_mutex_t	 lock;		/* one refresh at a time */
	struct nameindex *ix;
	int64_t		 last;		/* the last key row indexed */
	bool		 backfilled;	/* no person left unkeyed: persons
					 * are keyed when written since */
};

struct search_cache *
search_cache_new(void)
{
	struct search_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	if (!(c->ix = nameindex_new())) {
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void
search_cache_free(struct search_cache **cp)
{
	struct search_cache *c = *cp;

	if (!c)
		return;
	nameindex_free(&c->ix);
	pthread_mutex_destroy(&c->lock);
	free(c);
	*cp = NULL;
}

/* ------------------------------------------------------------------ */
/* Keys, written with the person                                       */
/* ------------------------------------------------------------------ */

/* The key line of one name, in a; "" when it gives no key. */
static const char *
name_keys(struct arena *a, const struct person_name *nm)
{
	const char *parts[] = { nm->given, nm->father, nm->grandfather,
	    nm->family };
	struct namekey keys[NAMEKEY_PARTS];
	char name[1024], line[KEY_LINE_MAX];
	size_t len = 0, n;

	/* The parts joined by spaces, cut at the buffer's end as snprintf()
	 * would cut them (by hand: an import keys a million names). */
	for (size_t k = 0; k < ARRAY_SIZE(parts); k++) {
		size_t room, m;

		if (!parts[k] || len + 1 >= sizeof(name))
			continue;
		if (len)
			name[len++] = ' ';
		room = sizeof(name) - 1 - len;
		m = MIN(strlen(parts[k]), room);
		memcpy(name + len, parts[k], m);
		len += m;
	}
	name[len] = '\0';
	n = namekey_of(name, keys, NAMEKEY_PARTS);
	namekey_line(keys, n, line, sizeof(line));
	return arena_strdup(a, line);
}

int
search__person_keys(struct ctx *ctx, const struct person_row *p,
    const char ***keys, size_t *n, struct err *err)
{
	/* A person with no names still gets a row: keyed, with nothing. */
	size_t count = p->n_names ? p->n_names : 1;
	const char **lines = arena_array(ctx->arena, count, sizeof(*lines));

	for (size_t k = 0; k < count; k++) {
		const char *line = p->n_names ? name_keys(ctx->arena,
		    &p->names[k]) : "";

		/* The keys spell the names out: sealed like them. */
		lines[k] = vault_field_seal(ctx->vault, ctx->arena,
		    SEARCH_KEYS_FIELD, line, err);
		if (!lines[k])
			return -1;
	}
	*keys = lines;
	*n = count;
	return 0;
}

int
search__keys_insert(struct ctx *ctx, const int64_t *ids,
    const char **const *keys, const size_t *n_keys, size_t n,
    struct err *err)
{
	struct name_keys_row *rows;
	size_t total = 0;

	for (size_t i = 0; i < n; i++)
		total += n_keys[i];
	rows = arena_array(ctx->arena, total + 1, sizeof(*rows));
	total = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < n_keys[i]; k++)
			rows[total++] = (struct name_keys_row){ ids[i],
			    keys[i][k] };
	return store_name_keys_insert(ctx->store, rows, total, err);
}

int
search__key_persons(struct ctx *ctx, const struct person_row *rows, size_t n,
    struct err *err)
{
	int64_t *ids = arena_array(ctx->arena, n + 1, sizeof(*ids));
	const char ***keys = arena_array(ctx->arena, n + 1, sizeof(*keys));
	size_t *n_keys = arena_array(ctx->arena, n + 1, sizeof(*n_keys));

	for (size_t i = 0; i < n; i++) {
		ids[i] = rows[i].id;
		if (search__person_keys(ctx, &rows[i], &keys[i], &n_keys[i],
		    err) == -1)
			return -1;
	}
	return search__keys_insert(ctx, ids, (const char **const *)keys,
	    n_keys, n, err);
}

/* Persons recorded before their names were keyed get their keys. */
/* A batch of the persons after *after (the last id of the batch
 * before) gets its keys; *after moves on to the batch's last. */
static int
backfill_write(struct ctx *ctx, void *arg, struct err *err)
{
	int64_t *after = arg;
	struct person_row *rows;
	size_t n;

	if (store_persons_unkeyed(ctx->store, *after, BACKFILL_BATCH,
	    ctx->arena, &rows, &n, err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (person__unseal(ctx, &rows[i], err) == -1)
			return -1;
	if (n > 0)
		*after = rows[n - 1].id;
	return search__key_persons(ctx, rows, n, err);
}

static int
backfill(struct ctx *ctx, struct err *err)
{
	struct person_row *rows;
	int64_t after = 0;
	size_t n;

	for (;;) {
		if (store_persons_unkeyed(ctx->store, after, 1, ctx->arena,
		    &rows, &n, err) == -1)
			return -1;
		if (n == 0)
			return 0;
		if (ctx_transaction(ctx, backfill_write, &after, err) == -1)
			return -1;
	}
}

/* Looking for unkeyed persons reads them all: once per server. */
int
search__keyed(struct ctx *ctx, struct err *err)
{
	struct search_cache *cache = ctx->search;
	int rc = 0;

	if (!cache)
		return backfill(ctx, err);
	pthread_mutex_lock(&cache->lock);
	if (!cache->backfilled && (rc = backfill(ctx, err)) == 0)
		cache->backfilled = true;
	pthread_mutex_unlock(&cache->lock);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The index                                                           */
/* ------------------------------------------------------------------ */

struct reading {
	struct nameindex	*ix;
	struct vault		*vault;
	struct err		*err;
	int64_t			 last;
	int			 rows;
	bool			 failed;
};

static int
index_row(int64_t id, int64_t person_id, const char *sealed, void *arg)
{
	struct reading *r = arg;
	struct namekey keys[NAMEKEY_PARTS];
	char line[VAULT_OPEN_INTO_MAX];
	size_t n;

	if (!vault_field_open_into(r->vault, SEARCH_KEYS_FIELD, sealed, line,
	    sizeof(line), r->err))
		return -1;
	n = namekey_read_line(line, keys, NAMEKEY_PARTS);
	r->last = id;
	r->rows++;
	if (n && nameindex_add_keys(r->ix, person_id, keys, n) == -1) {
		r->failed = true;
		return -1;
	}
	return 0;
}

/* Adds the key rows after *last to ix. */
static int
catch_up(struct ctx *ctx, struct nameindex *ix, int64_t *last,
    struct err *err)
{
	struct reading r = { .ix = ix, .vault = ctx->vault, .err = err,
	    .last = *last };

	do {
		r.rows = 0;
		if (store_name_keys_since(ctx->store, r.last, READ_BATCH,
		    index_row, &r, err) == -1) {
			if (r.failed)
				err_set(err, ERR_INTERNAL, NULL, "out of memory "
				    "building the name index");
			return -1;
		}
	} while (r.rows == READ_BATCH);
	*last = r.last;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Searching                                                           */
/* ------------------------------------------------------------------ */

/* Names a search ranks and may look through for persons the actor sees
 * (nameindex.c ranks as many in full). */
#define SEARCH_CANDIDATES	3000

/*
 * Keeps, of found[0..n) in rank order, the first max whose person the
 * actor sees, each person once: a name of a person merged into another
 * finds the person it went into (merge.h).  They are looked at 64 at a
 * time, a few statements each, so that a search whose best names are
 * all of other agencies costs a few statements, not a few a name.
 * Returns how many, or SIZE_MAX on error.
 */
static size_t
keep_visible(struct ctx *ctx, struct name_hit *found, size_t n, size_t max,
    struct err *err)
{
	enum { CHUNK = 64 };
	size_t kept = 0;

	for (size_t at = 0; at < n && kept < max; at += CHUNK) {
		size_t k = MIN(n - at, (size_t)CHUNK);
		int64_t ids[CHUNK], roots[CHUNK];
		bool seen[CHUNK];

		/* names less alike are not worth a look (SEARCH_MIN_SCORE) */
		while (k > 0 && found[at + k - 1].score < SEARCH_MIN_SCORE)
			k--;
		if (k == 0)
			break;
		for (size_t i = 0; i < k; i++)
			ids[i] = found[at + i].id;
		if (person__roots(ctx, ids, k, roots, err) == -1 ||
		    person__visible_many(ctx, roots, k, seen, err) == -1)
			return SIZE_MAX;
		for (size_t i = 0; i < k && kept < max; i++) {
			bool again = false;

			for (size_t j = 0; j < kept && !again; j++)
				again = found[j].id == roots[i];
			if (seen[i] && !again)
				found[kept++] = (struct name_hit){ roots[i],
				    found[at + i].score };
		}
	}
	return kept;
}

static int
check_query(struct ctx *ctx, const char *query, int limit,
    const char **clean, struct err *err)
{
	struct namekey keys[NAMEKEY_PARTS];

	if (!query || !*query)
		return err_set(err, ERR_INVALID, "q", "the search is empty: "
		    "type a name, in any script");
	if (strlen(query) > SEARCH_QUERY_MAX * 4)
		return err_set(err, ERR_INVALID, "q", "the search is longer "
		    "than %d characters: type a name", SEARCH_QUERY_MAX);
	*clean = text_clean(ctx->arena, query, SEARCH_QUERY_MAX,
	    TEXT_REQUIRED, "q", err);
	if (!*clean)
		return -1;
	if (namekey_of(*clean, keys, NAMEKEY_PARTS) == 0)
		return err_set(err, ERR_INVALID, "q", "the search has no "
		    "letters to search by: type a name");
	if (limit < 0 || limit > SEARCH_LIMIT_MAX)
		return err_set(err, ERR_INVALID, "limit", "limit is out of "
		    "range: give 1 to %d", SEARCH_LIMIT_MAX);
	return 0;
}

/* Ranks the names on the cache's index, or on one made for it, into
 * found[0..max). */
static size_t
rank_names(struct ctx *ctx, const char *query, struct name_hit *found,
    size_t max, struct err *err)
{
	struct search_cache *cache = ctx->search;
	struct nameindex *ix;
	int64_t last = 0;
	size_t n;

	if (cache) {
		pthread_mutex_lock(&cache->lock);
		if (catch_up(ctx, cache->ix, &cache->last, err) == -1) {
			pthread_mutex_unlock(&cache->lock);
			return SIZE_MAX;
		}
		pthread_mutex_unlock(&cache->lock);
		return nameindex_search(cache->ix, query, found, max, NULL,
		    NULL);
	}
	if (!(ix = nameindex_new())) {
		err_set(err, ERR_INTERNAL, NULL, "out of memory building the "
		    "name index");
		return SIZE_MAX;
	}
	if (catch_up(ctx, ix, &last, err) == -1) {
		nameindex_free(&ix);
		return SIZE_MAX;
	}
	n = nameindex_search(ix, query, found, max, NULL, NULL);
	nameindex_free(&ix);
	return n;
}

int
person_search(struct ctx *ctx, const char *query, int limit,
    struct person_hit **hits, size_t *n, struct err *err)
{
	struct name_hit *found;
	const char *clean = NULL;
	json_t *ids, *changes;
	size_t got;
	int rc;

	*hits = NULL;
	*n = 0;
	if (access_require(ctx, PERM_IDENTITY_READ, err) == -1 ||
	    check_query(ctx, query, limit, &clean, err) == -1)
		return -1;
	if (search__keyed(ctx, err) == -1)
		return -1;
	if (limit == 0)
		limit = SEARCH_LIMIT_DEFAULT;
	found = arena_array(ctx->arena, SEARCH_CANDIDATES, sizeof(*found));
	got = rank_names(ctx, clean, found, SEARCH_CANDIDATES, err);
	if (got == SIZE_MAX || (got = keep_visible(ctx, found, got,
	    (size_t)limit, err)) == SIZE_MAX)
		return -1;
	*hits = arena_array(ctx->arena, got + 1, sizeof(**hits));
	ids = json_array();
	for (size_t i = 0; i < got; i++) {
		struct person_row p;

		if (person__load(ctx, found[i].id, &p, err) == -1) {
			json_decref(ids);
			return -1;
		}
		(*hits)[i] = (struct person_hit){ .id = found[i].id,
		    .score = found[i].score, .sex = p.sex,
		    .birth_year = p.birth_year,
		    .name = person_display_name(ctx->arena, &p) };
		json_array_append_new(ids, json_integer(found[i].id));
	}
	*n = got;
	changes = json_pack("{s:o}", "persons", ids);
	rc = audit_append(ctx, &(struct audit_event){
		.action = "person.search", .object_type = "person",
		.object_id = "search", .agency_id = ctx->actor.agency_id,
		.changes = changes }, err);
	json_decref(changes);
	return rc;
}

json_t *
person_hit_json(const struct person_hit *h)
{
	return json_pack("{s:I, s:f, s:s, s:s, s:o}", "id", (json_int_t)h->id,
	    "score", h->score, "name", h->name ? h->name : "", "sex",
	    enum_name(&sex_desc, h->sex), "birth_year", h->birth_year ?
	    json_integer(h->birth_year) : json_null());
}
