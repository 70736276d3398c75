/* SPDX-License-Identifier: Apache-2.0 */
/*
 * search.h - finding persons by name, across scripts.
 *
 * Every person's names are keyed when the person is written
 * (search__key_persons(), in the write's transaction) and the keys kept
 * in the store; the name index (src/search/nameindex.h) is built from
 * those keys, never from the names, and catches up with the rows added
 * since it last looked at each search.  Persons recorded before the keys
 * existed are keyed on the first search.
 *
 * A search ranks persons by how likely they are the person named, and
 * returns only those the actor may see (person__visible()): the others
 * are neither returned nor counted.  Reading the names of the hits is an
 * identity read, audited as person.search with the ids returned (never
 * the query).
 */
#ifndef TIPSOM_CORE_SEARCH_H
#define TIPSOM_CORE_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/person.h"

struct ctx;
struct err;
struct person_row;

/* The longest query, in characters; the most hits a search returns. */
/* The field the name keys are sealed as (vault.h): they spell the names
 * out. */
#define SEARCH_KEYS_FIELD	"person_name_keys.keys"

#define SEARCH_QUERY_MAX	200
#define SEARCH_LIMIT_MAX	100
#define SEARCH_LIMIT_DEFAULT	10

/* Hits less alike than this are left out (a part in common, no more). */
#define SEARCH_MIN_SCORE	0.35

/*
 * A name index a server keeps between searches (all its workers share
 * it).  Without one (ctx->search NULL), each search builds its own.
 */
struct search_cache;
struct search_cache *search_cache_new(void);
void		 search_cache_free(struct search_cache **cache);

struct person_hit {
	int64_t		 id;
	double		 score;		/* 0..1 */
	const char	*name;		/* the primary name */
	enum sex	 sex;
	int		 birth_year;	/* 0: unknown */
};

/*
 * The persons most like query, best first, at most limit (0: the
 * default), as alike as SEARCH_MIN_SCORE at least.  ERR_INVALID naming "q" for an empty or too long query, one
 * with control characters or without a letter to search by, and "limit"
 * out of 1..SEARCH_LIMIT_MAX; ERR_FORBIDDEN for a role that may not read
 * identities.
 */
int		 person_search(struct ctx *ctx, const char *query, int limit,
		    struct person_hit **hits, size_t *n, struct err *err);

json_t		*person_hit_json(const struct person_hit *hit);

/*
 * Keys the persons recorded before their names were keyed (or whose keys
 * a migration dropped), once per server (ctx->search), every time
 * without one: before anything reads the keys.
 */
int		 search__keyed(struct ctx *ctx, struct err *err);

/*
 * Keys and stores the names of persons rows[0..n), written already, in
 * the caller's transaction.
 */
int		 search__key_persons(struct ctx *ctx,
		    const struct person_row *rows, size_t n, struct err *err);

/*
 * The two halves of search__key_persons(), for a caller that keys in
 * one thread and writes in another.  person_keys sets *keys to the key
 * lines of p's names, sealed, one a name (one empty line for a person
 * without names), *n of them, in ctx->arena; it reads no store and may
 * run in any thread (ERR_STORE when the vault holds no key).
 * keys_insert stores, for each person ids[i], its keys[i][0..n_keys[i]),
 * in the caller's transaction.
 */
int		 search__person_keys(struct ctx *ctx,
		    const struct person_row *p, const char ***keys, size_t *n,
		    struct err *err);
int		 search__keys_insert(struct ctx *ctx, const int64_t *ids,
		    const char **const *keys, const size_t *n_keys, size_t n,
		    struct err *err);

#endif
