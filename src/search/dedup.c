/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dedup.c - candidate pairs by blocks, and name agreement in bits.
 *
 * No hash table: keys and tokens are sorted, and equal runs are the
 * blocks, which keeps the memory to a few arrays of fixed-size entries.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "search/dedup.h"
#include "base/banned.h"

/*
 * A name part's frequency is its count among the persons, pulled toward
 * PRIOR_FREQ as if PRIOR_PERSONS persons had been seen before: a store of
 * twelve persons says little about how common a name is.
 */
#define PRIOR_FREQ	0.01
#define PRIOR_PERSONS	1000.0
#define AGREE_PROB	0.95	/* a part recorded twice agrees */
#define PART_BITS_MAX	14.0

/* Parts of one name that make blocks: C(6, 2) = 15 pairs at most. */
#define BLOCK_PARTS	6

struct named {				/* one coarse key of one person */
	char		 key[NAMEKEY_MAX];
	int64_t		 id;
};

struct token {				/* an exact token of one person */
	char		 text[DEDUP_TOKEN_MAX];
	int64_t		 id;
};

struct name_keys {			/* one name as added */
	int64_t		 id;
	size_t		 first, n;	/* in named[] */
};

struct counted {			/* a key and how many have it */
	char		 key[NAMEKEY_MAX];
	size_t		 persons;
	double		 bits;		/* what agreeing on it weighs */
};

struct blocked {			/* a block key of one person */
	uint64_t	 block;
	int64_t		 id;
};

struct born {				/* a person's birth year */
	int64_t		 id;
	int		 year;
};

struct dedup {
	struct named		*named;
	size_t			 n_named, cap_named;
	struct name_keys	*names;
	size_t			 n_names, cap_names;
	struct token		*tokens;
	size_t			 n_tokens, cap_tokens;
	struct counted		*counts;	/* by key */
	size_t			 n_counts;
	size_t			 persons;
	struct born		*years;		/* by id, once finished */
	size_t			 n_years, cap_years;
	struct dedup_pair	*pairs;
	size_t			 n_pairs, cap_pairs;
	size_t			 too_common;
};

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t cap2;

	if (need <= *cap)
		return p;
	cap2 = *cap ? *cap * 2 : 256;
	while (cap2 < need)
		cap2 *= 2;
	if (!(p = realloc(p, cap2 * size)))
		abort();
	*cap = cap2;
	return p;
}

struct dedup *
dedup_new(void)
{
	struct dedup *d = calloc(1, sizeof(*d));

	if (!d)
		abort();
	return d;
}

void
dedup_free(struct dedup **dp)
{
	struct dedup *d = *dp;

	if (!d)
		return;
	free(d->named);
	free(d->names);
	free(d->tokens);
	free(d->counts);
	free(d->years);
	free(d->pairs);
	free(d);
	*dp = NULL;
}

void
dedup_add_name(struct dedup *d, int64_t id, const struct namekey *keys,
    size_t n)
{
	struct name_keys *nk;

	if (n == 0)
		return;
	d->named = grow(d->named, &d->cap_named, d->n_named + n,
	    sizeof(*d->named));
	d->names = grow(d->names, &d->cap_names, d->n_names + 1,
	    sizeof(*d->names));
	nk = &d->names[d->n_names++];
	*nk = (struct name_keys){ id, d->n_named, 0 };
	for (size_t i = 0; i < n; i++) {
		struct named *k = &d->named[d->n_named];
		bool again = false;

		/* A part written twice ("Ali Ali") blocks once. */
		for (size_t j = nk->first; j < d->n_named && !again; j++)
			again = STREQ(d->named[j].key, keys[i].coarse);
		if (again || !keys[i].coarse[0])
			continue;
		memcpy(k->key, keys[i].coarse, sizeof(k->key));
		k->id = id;
		d->n_named++;
		nk->n++;
	}
}

void
dedup_add_token(struct dedup *d, int64_t id, const char *kind,
    const char *value)
{
	struct token *t;
	size_t len;

	if (!value || !*value)
		return;
	d->tokens = grow(d->tokens, &d->cap_tokens, d->n_tokens + 1,
	    sizeof(*d->tokens));
	t = &d->tokens[d->n_tokens++];
	len = strlen(kind);
	if (len > DEDUP_TOKEN_MAX / 4)
		len = DEDUP_TOKEN_MAX / 4;
	memcpy(t->text, kind, len);
	t->text[len++] = ':';
	for (const char *v = value; *v && len + 1 < sizeof(t->text); v++)
		t->text[len++] = *v;
	t->text[len] = '\0';
	t->id = id;
}

void
dedup_add_year(struct dedup *d, int64_t id, int year)
{
	if (year <= 0)
		return;
	d->years = grow(d->years, &d->cap_years, d->n_years + 1,
	    sizeof(*d->years));
	d->years[d->n_years++] = (struct born){ id, year };
}

static int
by_born_id(const void *pa, const void *pb)
{
	const struct born *a = pa, *b = pb;

	return (a->id > b->id) - (a->id < b->id);
}

static int
by_born_year(const void *pa, const void *pb)
{
	const struct born *a = pa, *b = pb;

	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int
by_named(const void *pa, const void *pb)
{
	const struct named *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	return (a->id > b->id) - (a->id < b->id);
}

static int
by_token(const void *pa, const void *pb)
{
	const struct token *a = pa, *b = pb;
	int c = strcmp(a->text, b->text);

	if (c)
		return c;
	return (a->id > b->id) - (a->id < b->id);
}

static int
by_blocked(const void *pa, const void *pb)
{
	const struct blocked *a = pa, *b = pb;

	if (a->block != b->block)
		return a->block < b->block ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int
by_pair(const void *pa, const void *pb)
{
	const struct dedup_pair *a = pa, *b = pb;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return (a->b > b->b) - (a->b < b->b);
}

static int
by_id(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return (a > b) - (a < b);
}

static void pair_block(struct dedup *d, const int64_t *ids, size_t n,
    bool by_token, bool split);

/* A name block too large, split into blocks of one birth year each. */
static void
split_by_year(struct dedup *d, const int64_t *ids, size_t n)
{
	struct born *born = NULL, key;
	int64_t *run = NULL;
	size_t cap = 0, cap_run = 0, got = 0;

	for (size_t i = 0; i < n; i++) {
		struct born *b;

		key.id = ids[i];
		b = d->n_years ? bsearch(&key, d->years, d->n_years,
		    sizeof(key), by_born_id) : NULL;
		if (!b)
			continue;
		born = grow(born, &cap, got + 1, sizeof(*born));
		born[got++] = *b;
	}
	if (got)
		qsort(born, got, sizeof(*born), by_born_year);
	for (size_t i = 0; i < got;) {
		size_t j = i;

		while (j < got && born[j].year == born[i].year)
			j++;
		run = grow(run, &cap_run, j - i, sizeof(*run));
		for (size_t k = i; k < j; k++)
			run[k - i] = born[k].id;
		pair_block(d, run, j - i, false, false);
		i = j;
	}
	free(born);
	free(run);
}

/*
 * Every two ids of a block, ids[0..n) sorted and distinct, as pairs; a
 * name block too large is split by birth year (split).
 */
static void
pair_block(struct dedup *d, const int64_t *ids, size_t n, bool by_token,
    bool split)
{
	if (n < 2)
		return;
	if (n > DEDUP_BLOCK_MAX) {
		if (split && d->n_years)
			split_by_year(d, ids, n);
		else
			d->too_common++;
		return;
	}
	d->pairs = grow(d->pairs, &d->cap_pairs, d->n_pairs + n * (n - 1) / 2,
	    sizeof(*d->pairs));
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			d->pairs[d->n_pairs++] = (struct dedup_pair){ ids[i],
			    ids[j], by_token };
}

/*
 * The runs of equal keys in rows[0..n) (sorted by key, then id), each a
 * block of the distinct ids in it: same() compares two rows' keys.
 */
static void
pair_runs(struct dedup *d, const void *rows, size_t n, size_t size,
    bool (*same)(const void *, const void *), int64_t (*id_of)(const void *),
    bool by_token)
{
	const char *r = rows;
	int64_t *ids;
	size_t cap = 0;

	ids = grow(NULL, &cap, 16, sizeof(*ids));
	for (size_t i = 0; i < n;) {
		size_t j = i, k = 0;

		while (j < n && same(r + i * size, r + j * size)) {
			int64_t id = id_of(r + j * size);

			if (k == 0 || ids[k - 1] != id) {
				ids = grow(ids, &cap, k + 1, sizeof(*ids));
				ids[k++] = id;
			}
			j++;
		}
		pair_block(d, ids, k, by_token, !by_token);
		i = j;
	}
	free(ids);
}

static bool
same_token(const void *a, const void *b)
{
	return STREQ(((const struct token *)a)->text,
	    ((const struct token *)b)->text);
}

static int64_t
token_id(const void *t)
{
	return ((const struct token *)t)->id;
}

static bool
same_block(const void *a, const void *b)
{
	return ((const struct blocked *)a)->block ==
	    ((const struct blocked *)b)->block;
}

static int64_t
block_id(const void *b)
{
	return ((const struct blocked *)b)->id;
}

static double bits_of(const struct dedup *d, size_t persons);

/* Counts persons by key, from named[] sorted by key then id. */
static void
count_keys(struct dedup *d)
{
	size_t cap = 0;

	for (size_t i = 0; i < d->n_named;) {
		size_t j = i, persons = 0;

		while (j < d->n_named && STREQ(d->named[j].key,
		    d->named[i].key)) {
			if (j == i || d->named[j].id != d->named[j - 1].id)
				persons++;
			j++;
		}
		d->counts = grow(d->counts, &cap, d->n_counts + 1,
		    sizeof(*d->counts));
		memcpy(d->counts[d->n_counts].key, d->named[i].key,
		    NAMEKEY_MAX);
		d->counts[d->n_counts].persons = persons;
		d->counts[d->n_counts++].bits = bits_of(d, persons);
		i = j;
	}
}

static size_t
key_number(const struct dedup *d, const char *key)
{
	size_t lo = 0, hi = d->n_counts;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->counts[mid].key, key);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/* A name's block keys: each two of its parts, or its one part. */
static size_t
name_blocks(const struct dedup *d, const struct name_keys *nk,
    struct blocked *out)
{
	uint64_t num[BLOCK_PARTS];
	size_t n = 0, got = 0;

	for (size_t i = 0; i < nk->n && n < BLOCK_PARTS; i++)
		num[n++] = key_number(d, d->named[nk->first + i].key);
	if (n == 1)
		out[got++] = (struct blocked){ num[0] << 32 | UINT32_MAX,
		    nk->id };
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			out[got++] = (struct blocked){
			    MIN(num[i], num[j]) << 32 | MAX(num[i], num[j]),
			    nk->id };
	return got;
}

void
dedup_finish(struct dedup *d)
{
	struct blocked *blocks = NULL;
	int64_t *ids = NULL;
	size_t n_blocks = 0, cap = 0, n_ids = 0, cap_ids = 0;

	/* The names' keys in the order added, before sorting named[]. */
	for (size_t i = 0; i < d->n_names; i++) {
		ids = grow(ids, &cap_ids, n_ids + 1, sizeof(*ids));
		ids[n_ids++] = d->names[i].id;
	}
	for (size_t i = 0; i < d->n_tokens; i++) {
		ids = grow(ids, &cap_ids, n_ids + 1, sizeof(*ids));
		ids[n_ids++] = d->tokens[i].id;
	}
	if (n_ids)
		qsort(ids, n_ids, sizeof(*ids), by_id);
	if (d->n_years)
		qsort(d->years, d->n_years, sizeof(*d->years), by_born_id);
	for (size_t i = 0; i < n_ids; i++)
		d->persons += i == 0 || ids[i] != ids[i - 1];
	free(ids);

	/* Counting needs the keys sorted; blocking needs them by name, so
	 * the names keep a copy of their own keys first. */
	{
		struct named *by_name = NULL;
		size_t cap_copy = 0;

		if (d->n_named) {
			by_name = grow(NULL, &cap_copy, d->n_named,
			    sizeof(*by_name));
			memcpy(by_name, d->named, d->n_named *
			    sizeof(*by_name));
			qsort(d->named, d->n_named, sizeof(*d->named),
			    by_named);
		}
		count_keys(d);
		free(d->named);
		d->named = by_name;
	}
	for (size_t i = 0; i < d->n_names; i++) {
		blocks = grow(blocks, &cap, n_blocks + BLOCK_PARTS *
		    (BLOCK_PARTS - 1) / 2 + 1, sizeof(*blocks));
		n_blocks += name_blocks(d, &d->names[i], blocks + n_blocks);
	}
	if (n_blocks)
		qsort(blocks, n_blocks, sizeof(*blocks), by_blocked);
	pair_runs(d, blocks, n_blocks, sizeof(*blocks), same_block, block_id,
	    false);
	free(blocks);
	if (d->n_tokens)
		qsort(d->tokens, d->n_tokens, sizeof(*d->tokens), by_token);
	pair_runs(d, d->tokens, d->n_tokens, sizeof(*d->tokens), same_token,
	    token_id, true);
	if (d->n_pairs) {
		size_t out = 1;

		qsort(d->pairs, d->n_pairs, sizeof(*d->pairs), by_pair);
		for (size_t i = 1; i < d->n_pairs; i++)
			if (by_pair(&d->pairs[i], &d->pairs[out - 1]) != 0)
				d->pairs[out++] = d->pairs[i];
			else
				d->pairs[out - 1].by_token |=
				    d->pairs[i].by_token;
		d->n_pairs = out;
	}
}

const struct dedup_pair *
dedup_pairs(const struct dedup *d, size_t *n, size_t *too_common)
{
	*n = d->n_pairs;
	if (too_common)
		*too_common = d->too_common;
	return d->pairs;
}

size_t
dedup_persons(const struct dedup *d)
{
	return d->persons;
}

static double
bits_of(const struct dedup *d, size_t persons)
{
	double freq = ((double)persons + PRIOR_PERSONS * PRIOR_FREQ) /
	    ((double)d->persons + PRIOR_PERSONS);

	return MAX(0.5, MIN(PART_BITS_MAX, log2(AGREE_PROB / freq)));
}

double
dedup_part_bits(const struct dedup *d, const struct namekey *key)
{
	size_t k = key_number(d, key->coarse);

	return k == SIZE_MAX ? bits_of(d, 1) : d->counts[k].bits;
}

/* How much of a part's weight a match this alike earns. */
static double
likeness(double similarity)
{
	if (similarity >= 1.0)
		return 1.0;
	if (similarity >= 0.8)
		return 0.9;		/* the same consonants */
	return 0.6;			/* one of them edited */
}

double
dedup_compare_names(const struct dedup *d, const struct namekey *a,
    size_t na, const struct namekey *b, size_t nb, struct dedup_names *out)
{
	double sim[NAMEKEY_PARTS][NAMEKEY_PARTS];
	bool used_a[NAMEKEY_PARTS] = { false }, used_b[NAMEKEY_PARTS] = {
	    false };

	*out = (struct dedup_names){ .n_match = 0 };
	na = MIN(na, NAMEKEY_PARTS);
	nb = MIN(nb, NAMEKEY_PARTS);
	for (size_t i = 0; i < na; i++)
		for (size_t j = 0; j < nb; j++)
			sim[i][j] = namekey_similarity(&a[i], &b[j]);
	/* Greedy, the most alike pair first: names have few parts, and a
	 * part that matches another exactly is that part. */
	for (;;) {
		size_t bi = 0, bj = 0;
		double best = 0.0;
		struct dedup_match *m;

		for (size_t i = 0; i < na; i++)
			for (size_t j = 0; j < nb; j++)
				if (!used_a[i] && !used_b[j] &&
				    sim[i][j] > best) {
					best = sim[i][j];
					bi = i;
					bj = j;
				}
		if (best < DEDUP_PART_MIN)
			break;
		used_a[bi] = used_b[bj] = true;
		m = &out->match[out->n_match++];
		*m = (struct dedup_match){ bi, bj, best,
		    likeness(best) * MIN(dedup_part_bits(d, &a[bi]),
		    dedup_part_bits(d, &b[bj])) };
		out->bits += m->bits;
	}
	out->conflicts = MIN(na, nb) - out->n_match;
	/* Two fathers' names that differ are two fathers; more than two
	 * unmatched parts say nothing more. */
	out->bits -= DEDUP_CONFLICT_BITS * (double)MIN(out->conflicts, 2);
	return out->bits;
}
