/* SPDX-License-Identifier: Apache-2.0 */
/*
 * nameindex.c - an inverted index of name keys, with the keys one class
 * away (deletions, as in SymSpell) for typos, and a ranking by name part.
 *
 * Keys are interned: a name is a run of key numbers, a key number knows
 * its spelt text and its coarse entry.  Postings are arrays of name
 * numbers per coarse key (exact) and per coarse key with one class
 * deleted, and per other reading of a key ("~" and the reading: a g as
 * j, ث as s, a Latin c as k or s).  The first pass gathers, beside a
 * query part's own key and the keys one class away: its other readings
 * both ways, two parts joined as one word, and one part split in two, so
 * that the ranking sees the names that write a compound the other way.
 *
 * Typos are weighed as a noisy channel would: a key few names have next
 * to keys many have is most often a typo for one of them (it weighs
 * about as they do, part_weight()), while two keys one class apart that
 * many names have each are two names, not a typo (likeness(),
 * near_weight()).
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "search/namekey.h"
#include "search/nameindex.h"
#include "base/banned.h"

#define PREFETCH	16	/* candidates ranked ahead of their rows */
#define CANDIDATES	3000	/* names ranked in full per search: 2000
				 * left R@10 0.003 at 1M (issue 7) */
#define NEAR_WEIGHT	0.3	/* a key one class away, in the first pass */
#define NEAR_RARITY	0.5	/* ... at most this share of the rarity of
				 * the names it brings (near_weight()) */
#define READING		0.85f	/* another reading of a class (a g as j), in
				 * the first pass */
#define TYPO_SHARE	0.03	/* of the names one class away, counted as
				 * a query part's own (part_weight()) */
#define SPLIT_WEIGHT	0.5	/* each half of a part split in two */
#define SPLIT_MIN	20	/* names with each half, at least */
#define SPLIT_RARER	10	/* the whole is this much rarer than a half */
#define COMMON		100	/* a key of more than 1/COMMON of the names
				 * gathers no near keys */

struct vec {			/* a growing array of uint32_t */
	uint32_t	*v;
	uint32_t	 n, cap;
};

/* An interned string: a fine key, or a coarse key (or a deletion of one). */
struct entry {
	uint32_t	 text;		/* offset in the pool */
	uint32_t	 hash;
	uint32_t	 coarse;	/* fine keys: their coarse entry */
	struct vec	 exact;		/* coarse: names with this key */
	struct vec	 near;		/* coarse: names with a key one
					 * deletion from this one */
};

struct table {			/* open addressing over entries */
	uint32_t	*slot;		/* entry number + 1; 0 empty */
	uint32_t	 cap;		/* a power of two */
};

/* A name's score in a search, and the search that set it: one cache line
 * a name, as credit() meets the names of a posting list at random. */
struct cell {
	uint32_t	 stamp;
	float		 score;
};

struct scratch {
	struct cell	*cell;
	uint32_t	 size, gen;
	struct scratch	*next;
};

struct nameindex {
	pthread_rwlock_t lock;
	pthread_mutex_t	 pool_lock;
	char		*pool;		/* interned texts, NUL-terminated */
	size_t		 pool_len, pool_cap;
	struct entry	*entries;
	uint32_t	 n_entries, cap_entries;
	struct table	 table;
	int64_t		*ids;		/* per name: the caller's id */
	uint32_t	*first;		/* per name: its first key in keys */
	uint8_t		*n_keys;	/* per name: how many */
	uint32_t	 n_names, cap_names;
	struct vec	 keys;		/* fine entry numbers, name by name */
	struct scratch	*free_scratch;
};

/* ------------------------------------------------------------------ */

static int
vec_push(struct vec *v, uint32_t x)
{
	if (v->n == v->cap) {
		uint32_t cap = v->cap ? v->cap * 2 : 4;
		uint32_t *p = realloc(v->v, cap * sizeof(*p));

		if (!p)
			return -1;
		v->v = p;
		v->cap = cap;
	}
	v->v[v->n++] = x;
	return 0;
}

static uint32_t
hash_text(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static const char *
text_of(const struct nameindex *ix, uint32_t e)
{
	return ix->pool + ix->entries[e].text;
}

static int
table_grow(struct nameindex *ix)
{
	uint32_t cap = ix->table.cap ? ix->table.cap * 2 : 1024;
	uint32_t *slot = calloc(cap, sizeof(*slot));

	if (!slot)
		return -1;
	for (uint32_t e = 0; e < ix->n_entries; e++) {
		uint32_t i = ix->entries[e].hash & (cap - 1);

		while (slot[i])
			i = (i + 1) & (cap - 1);
		slot[i] = e + 1;
	}
	free(ix->table.slot);
	ix->table.slot = slot;
	ix->table.cap = cap;
	return 0;
}

/* The entry of text, or UINT32_MAX when there is none. */
static uint32_t
lookup(const struct nameindex *ix, const char *text)
{
	uint32_t h = hash_text(text), i;

	if (!ix->table.cap)
		return UINT32_MAX;
	for (i = h & (ix->table.cap - 1); ix->table.slot[i];
	    i = (i + 1) & (ix->table.cap - 1)) {
		uint32_t e = ix->table.slot[i] - 1;

		if (ix->entries[e].hash == h && strcmp(text_of(ix, e),
		    text) == 0)
			return e;
	}
	return UINT32_MAX;
}

/* The entry of text, made when new; UINT32_MAX when memory runs out. */
static uint32_t
intern(struct nameindex *ix, const char *text)
{
	uint32_t e = lookup(ix, text), i;
	size_t len = strlen(text) + 1;

	if (e != UINT32_MAX)
		return e;
	if ((ix->n_entries + 1) * 2 > ix->table.cap && table_grow(ix) == -1)
		return UINT32_MAX;
	if (ix->n_entries == ix->cap_entries) {
		uint32_t cap = ix->cap_entries ? ix->cap_entries * 2 : 1024;
		struct entry *p = realloc(ix->entries, cap * sizeof(*p));

		if (!p)
			return UINT32_MAX;
		ix->entries = p;
		ix->cap_entries = cap;
	}
	if (ix->pool_len + len > ix->pool_cap) {
		size_t cap = ix->pool_cap ? ix->pool_cap * 2 : 65536;
		char *p = realloc(ix->pool, cap);

		if (!p)
			return UINT32_MAX;
		ix->pool = p;
		ix->pool_cap = cap;
	}
	memcpy(ix->pool + ix->pool_len, text, len);
	e = ix->n_entries++;
	ix->entries[e] = (struct entry){ .text = (uint32_t)ix->pool_len,
	    .hash = hash_text(text), .coarse = UINT32_MAX };
	ix->pool_len += len;
	for (i = ix->entries[e].hash & (ix->table.cap - 1);
	    ix->table.slot[i]; i = (i + 1) & (ix->table.cap - 1))
		;
	ix->table.slot[i] = e + 1;
	return e;
}

/* ------------------------------------------------------------------ */

struct nameindex *
nameindex_new(void)
{
	struct nameindex *ix = calloc(1, sizeof(*ix));

	if (!ix)
		return NULL;
	pthread_rwlock_init(&ix->lock, NULL);
	pthread_mutex_init(&ix->pool_lock, NULL);
	return ix;
}

void
nameindex_free(struct nameindex **ixp)
{
	struct nameindex *ix = *ixp;

	if (!ix)
		return;
	for (uint32_t e = 0; e < ix->n_entries; e++) {
		free(ix->entries[e].exact.v);
		free(ix->entries[e].near.v);
	}
	while (ix->free_scratch) {
		struct scratch *s = ix->free_scratch;

		ix->free_scratch = s->next;
		free(s->cell);
		free(s);
	}
	free(ix->entries);
	free(ix->table.slot);
	free(ix->pool);
	free(ix->ids);
	free(ix->first);
	free(ix->n_keys);
	free(ix->keys.v);
	pthread_rwlock_destroy(&ix->lock);
	pthread_mutex_destroy(&ix->pool_lock);
	free(ix);
	*ixp = NULL;
}

/*
 * Appends name to the postings of a key: exact, or near.  A name with
 * the same exact key twice (Mahmoud Mohammed, MHMD MHMD) is posted twice,
 * so that a query with it twice finds it first; near keys once.
 */
static int
post(struct vec *v, uint32_t name, bool again)
{
	if (!again && v->n && v->v[v->n - 1] == name)
		return 0;
	return vec_push(v, name);
}

/* The coarse keys one deletion from c, each once, into out. */
static size_t
deletions(const char *c, char out[][NAMEKEY_MAX])
{
	size_t len = strlen(c), n = 0;

	if (len < 3)
		return 0;
	for (size_t i = 0; i < len; i++) {
		size_t k;

		memcpy(out[n], c, i);
		memcpy(out[n] + i, c + i + 1, len - i);
		for (k = 0; k < n && strcmp(out[k], out[n]) != 0; k++)
			;
		if (k == n)
			n++;
	}
	return n;
}

static int
add_locked(struct nameindex *ix, int64_t id, const struct namekey *keys,
    size_t n)
{
	uint32_t me = ix->n_names;

	if (n == 0)
		return 0;
	if (ix->n_names == ix->cap_names) {
		uint32_t cap = ix->cap_names ? ix->cap_names * 2 : 1024;
		int64_t *ids = realloc(ix->ids, cap * sizeof(*ids));
		uint32_t *first;
		uint8_t *nk;

		if (!ids)
			return -1;
		ix->ids = ids;
		if (!(first = realloc(ix->first, cap * sizeof(*first))))
			return -1;
		ix->first = first;
		if (!(nk = realloc(ix->n_keys, cap * sizeof(*nk))))
			return -1;
		ix->n_keys = nk;
		ix->cap_names = cap;
	}
	ix->ids[me] = id;
	ix->first[me] = ix->keys.n;
	ix->n_keys[me] = (uint8_t)n;
	for (size_t k = 0; k < n; k++) {
		char dels[NAMEKEY_MAX][NAMEKEY_MAX], alt[NAMEKEY_MAX + 1];
		char readings[NAMEKEY_READINGS][NAMEKEY_MAX];
		uint32_t f, c, d;
		size_t nd, nr;

		/* the spelling as namekey_line() writes it, the article
		 * marked */
		snprintf(alt, sizeof(alt), "%s%s", keys[k].article ? "@" : "",
		    keys[k].spelt);
		if ((f = intern(ix, alt)) == UINT32_MAX ||
		    (c = intern(ix, keys[k].coarse)) == UINT32_MAX)
			return -1;
		ix->entries[f].coarse = c;
		if (vec_push(&ix->keys, f) == -1 ||
		    post(&ix->entries[c].exact, me, true) == -1)
			return -1;
		/* and apart, the names that write it with the article */
		if (keys[k].article) {
			snprintf(alt, sizeof(alt), "@%s", keys[k].coarse);
			if ((d = intern(ix, alt)) == UINT32_MAX ||
			    post(&ix->entries[d].exact, me, true) == -1)
				return -1;
		}
		/* its other readings too, apart (see gather_readings()) */
		nr = namekey_readings(&keys[k], readings, NAMEKEY_READINGS);
		for (size_t r = 0; r < nr; r++) {
			snprintf(alt, sizeof(alt), "~%.*s", NAMEKEY_MAX - 1,
			    readings[r]);
			if ((d = intern(ix, alt)) == UINT32_MAX ||
			    post(&ix->entries[d].exact, me, true) == -1)
				return -1;
		}
		nd = deletions(keys[k].coarse, dels);
		for (size_t i = 0; i < nd; i++)
			if ((d = intern(ix, dels[i])) == UINT32_MAX ||
			    post(&ix->entries[d].near, me, false) == -1)
				return -1;
	}
	ix->n_names++;
	return 0;
}

int
nameindex_add_keys(struct nameindex *ix, int64_t id,
    const struct namekey *keys, size_t n)
{
	int rc;

	pthread_rwlock_wrlock(&ix->lock);
	rc = add_locked(ix, id, keys, MIN(n, NAMEKEY_PARTS));
	pthread_rwlock_unlock(&ix->lock);
	return rc;
}

int
nameindex_add(struct nameindex *ix, int64_t id, const char *name)
{
	struct namekey keys[NAMEKEY_PARTS];

	return nameindex_add_keys(ix, id, keys,
	    namekey_of(name, keys, NAMEKEY_PARTS));
}

size_t
nameindex_count(const struct nameindex *ix)
{
	return ix->n_names;
}

size_t
nameindex_bytes(const struct nameindex *ix)
{
	size_t bytes = ix->pool_cap + ix->cap_entries * sizeof(struct entry) +
	    ix->table.cap * sizeof(uint32_t) + ix->cap_names *
	    (sizeof(int64_t) + sizeof(uint32_t) + 1) + ix->keys.cap *
	    sizeof(uint32_t);

	for (uint32_t e = 0; e < ix->n_entries; e++)
		bytes += (ix->entries[e].exact.cap + ix->entries[e].near.cap) *
		    sizeof(uint32_t);
	return bytes;
}

/* ------------------------------------------------------------------ */
/* Searching                                                          */
/* ------------------------------------------------------------------ */

static struct scratch *
scratch_take(struct nameindex *ix)
{
	struct scratch *s;

	pthread_mutex_lock(&ix->pool_lock);
	s = ix->free_scratch;
	if (s)
		ix->free_scratch = s->next;
	pthread_mutex_unlock(&ix->pool_lock);
	if (!s && !(s = calloc(1, sizeof(*s))))
		return NULL;
	if (s->size < ix->n_names) {
		free(s->cell);
		s->size = ix->n_names + ix->n_names / 4 + 16;
		s->cell = calloc(s->size, sizeof(*s->cell));
		s->gen = 0;
		if (!s->cell) {
			free(s);
			return NULL;
		}
	}
	if (++s->gen == 0) {
		memset(s->cell, 0, s->size * sizeof(*s->cell));
		s->gen = 1;
	}
	return s;
}

static void
scratch_give(struct nameindex *ix, struct scratch *s)
{
	pthread_mutex_lock(&ix->pool_lock);
	s->next = ix->free_scratch;
	ix->free_scratch = s;
	pthread_mutex_unlock(&ix->pool_lock);
}

struct gather {
	struct scratch	*s;
	uint32_t	*touched;
	uint32_t	 n, cap;
	bool		 failed;
};

/*
 * Adds w to the score of each name in v, at most times times a name (a
 * name posted twice with a key the query has once earns it once).
 */
static void
credit(struct gather *g, const struct vec *v, float w, unsigned times)
{
	unsigned run = 0;

	for (uint32_t i = 0; i < v->n; i++) {
		uint32_t name = v->v[i];

		run = i > 0 && v->v[i - 1] == name ? run + 1 : 0;
		if (run >= times)
			continue;
		struct cell *c = &g->s->cell[name];

		if (c->stamp != g->s->gen) {
			if (g->n == g->cap) {
				uint32_t cap = g->cap ? g->cap * 2 : 4096;
				uint32_t *p = realloc(g->touched,
				    cap * sizeof(*p));

				if (!p) {
					g->failed = true;
					return;
				}
				g->touched = p;
				g->cap = cap;
			}
			c->stamp = g->s->gen;
			c->score = 0;
			g->touched[g->n++] = name;
		}
		c->score += w;
	}
}

/*
 * A class that reads two ways (namekey_readings(): the g of Egyptian
 * spellings, Gamal, جمال; ث, Uthman, Osman; a Latin c, Yacoub, Cemal,
 * Nacer): a query part gathers the names whose key is its own other
 * reading, and the names whose other reading is its key (posted apart,
 * "~" and the reading, so that a part finds its own kind once).
 */
static void
gather_readings(const struct nameindex *ix, struct gather *g,
    const struct namekey *key, float w, unsigned times)
{
	char readings[NAMEKEY_READINGS][NAMEKEY_MAX], alt[NAMEKEY_MAX + 1];
	size_t n = namekey_readings(key, readings, NAMEKEY_READINGS);
	uint32_t c;

	for (size_t r = 0; r < n; r++)
		if ((c = lookup(ix, readings[r])) != UINT32_MAX)
			credit(g, &ix->entries[c].exact, w * READING, times);
	snprintf(alt, sizeof(alt), "~%s", key->coarse);
	if ((c = lookup(ix, alt)) != UINT32_MAX)
		credit(g, &ix->entries[c].exact, w * READING, times);
}

/*
 * A part that a name may write as two (Ghulamhussain, Ghulam Hussein)
 * gathers the names with both halves, split where both are keys that
 * names have most often.
 */
static void
gather_split(const struct nameindex *ix, struct gather *g,
    const struct namekey *key, float w)
{
	size_t len = strlen(key->coarse), at = 0;
	uint32_t best = SPLIT_MIN, left = 0, right = 0, whole;

	if (len < 5)
		return;
	whole = lookup(ix, key->coarse);
	whole = whole == UINT32_MAX ? 0 : ix->entries[whole].exact.n;
	for (size_t k = 2; k + 2 <= len; k++) {
		char a[NAMEKEY_MAX], b[NAMEKEY_MAX];
		uint32_t ea, eb, df;

		memcpy(a, key->coarse, k);
		a[k] = '\0';
		snprintf(b, sizeof(b), "%s", key->coarse + k);
		if ((ea = lookup(ix, a)) == UINT32_MAX ||
		    (eb = lookup(ix, b)) == UINT32_MAX)
			continue;
		df = MIN(ix->entries[ea].exact.n, ix->entries[eb].exact.n);
		if (df >= best) {
			best = df;
			at = k;
			left = ea;
			right = eb;
		}
	}
	/* a name as common as its halves is no compound of them */
	if (at == 0 || (uint64_t)whole * SPLIT_RARER > best)
		return;
	credit(g, &ix->entries[left].exact, w * SPLIT_WEIGHT, 1);
	credit(g, &ix->entries[right].exact, w * SPLIT_WEIGHT, 1);
}

/*
 * The weight of a query part of coarse key c (entry c, UINT32_MAX when
 * no name has it): the rarity of its key, counting with the names that
 * have it TYPO_SHARE of those one class away.  A key that few names have
 * next to keys that many have is most often a typo for one of them
 * (Mohamad Hassan Otak for Hotak), and weighs about as they do, not as a
 * rare family name would: else the names that happen to be alike to the
 * typo outweigh the parts written right.
 */
static double
part_weight(const struct nameindex *ix, uint32_t c, const char *coarse)
{
	char dels[NAMEKEY_MAX][NAMEKEY_MAX];
	double df = c == UINT32_MAX ? 0 : ix->entries[c].exact.n, near = 0;
	size_t nd = deletions(coarse, dels);

	if (c != UINT32_MAX)
		near += ix->entries[c].near.n;
	for (size_t k = 0; k < nd; k++) {
		uint32_t d = lookup(ix, dels[k]);

		/* the names of key c are among those of each deletion */
		if (d != UINT32_MAX)
			near += ix->entries[d].exact.n +
			    ix->entries[d].near.n - df;
	}
	return log(1.0 + (double)ix->n_names / (1.0 + df + TYPO_SHARE *
	    MAX(near, 0.0)));
}

/*
 * What the names of a posting list of keys one class away earn, for a
 * query part of weight w: NEAR_WEIGHT of it, and no more than
 * NEAR_RARITY of their own rarity (names next to the query's that many
 * have, Mohammed next to Mohmand, are most often themselves, not a typo
 * for it).
 */
static float
near_weight(const struct nameindex *ix, float w, const struct vec *v)
{
	double rare = log(1.0 + (double)ix->n_names / (1.0 + v->n));

	return (float)(NEAR_WEIGHT * MIN((double)w, NEAR_RARITY * rare));
}

/*
 * The weight of a query part written with the article (al-Hamza), for
 * the names that write it so: a family name, where most names with its
 * key have it as a given one (Hamza).  Its entry of those names into *a
 * (UINT32_MAX when none, or the query has no article).
 */
static double
article_weight(const struct nameindex *ix, const struct namekey *key,
    double w, uint32_t names, uint32_t *a)
{
	char marked[NAMEKEY_MAX + 1];

	*a = UINT32_MAX;
	if (!key->article)
		return w;
	snprintf(marked, sizeof(marked), "@%s", key->coarse);
	if ((*a = lookup(ix, marked)) == UINT32_MAX)
		return w;
	return w + log((1.0 + names) / (1.0 + ix->entries[*a].exact.n));
}

/* A name gathered, with its first-pass score beside it. */
struct cand {
	float		 score;
	uint32_t	 name;
};

/* Moves the k best-scored of a[0..n) to its front (quickselect). */
static void
select_best(struct cand *a, uint32_t n, uint32_t k)
{
	uint32_t lo = 0, hi = n;

	while (hi - lo > 1 && k > lo && k < hi) {
		float pivot = a[lo + (hi - lo) / 2].score;
		uint32_t i = lo, j = hi - 1;
		struct cand t;

		while (i <= j) {
			while (a[i].score > pivot)
				i++;
			while (a[j].score < pivot)
				j--;
			if (i <= j) {
				t = a[i];
				a[i] = a[j];
				a[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j + 1;
		else if (k >= i)
			lo = i;
		else
			break;
	}
}

/* A query part's likeness to the spellings met so far: a cache. */
#define MEMO_SLOTS	8192	/* spellings met per query part, room for */
#define MEMO_PROBES	32

struct memo {
	uint32_t	key[MEMO_SLOTS];	/* spelt entry + 1; 0 empty */
	float		sim[MEMO_SLOTS];
};

/*
 * A query: its parts, then each two parts in a row joined (keys[n + i]
 * is parts i and i + 1 as one word), their likeness cached alike.
 */
struct query {
	struct namekey	 keys[2 * NAMEKEY_PARTS];
	bool		 joined[NAMEKEY_PARTS];	/* keys[n + i] is made */
	double		 weight[NAMEKEY_PARTS];
	double		 with_article[NAMEKEY_PARTS];	/* its weight when
						 * both write the article */
	uint32_t	 names[2 * NAMEKEY_PARTS];	/* with each coarse key */
	size_t		 n;
	double		 total;
	struct memo	*memo;			/* one per key */
};

#define ALIKE		0.8f	/* parts less alike are partly a conflict
				 * (rank()) */
#define ANOTHER_NAME	0.7f	/* of the likeness of two names one class
				 * or two apart */
#define AS_COMMON	0.05	/* a key this share as common as another's
				 * is a name of its own */

/*
 * How alike query part i is to name part fine (its key other): as
 * namekey_similarity() says, but two keys one class or two apart that
 * are both names in their own right (the rarer has at least AS_COMMON of
 * the other's names: Hamid and Hamdi, Nazar and Nasir) are most often two
 * names, not a typo for one another, and keep ANOTHER_NAME of it.  A key
 * that few names have, next to one that many have, is still a typo.
 */
static float
likeness(const struct nameindex *ix, const struct query *q, size_t i,
    uint32_t fine, const struct namekey *other)
{
	float sim = (float)namekey_similarity(&q->keys[i], other);
	uint32_t c, mine = q->names[i], theirs;

	/* the same classes, or another reading of them (Gamal, جمال) */
	if (sim >= ALIKE || strcmp(q->keys[i].coarse, other->coarse) == 0 ||
	    strpbrk(q->keys[i].fine, "GCQ") || strpbrk(other->fine, "GCQ"))
		return sim;
	c = ix->entries[fine].coarse;
	theirs = c == UINT32_MAX ? 0 : ix->entries[c].exact.n;
	if (MIN(mine, theirs) >= 2 && (double)MIN(mine, theirs) >=
	    AS_COMMON * (double)MAX(mine, theirs))
		sim *= ANOTHER_NAME;
	return sim;
}

static float
part_similarity(const struct nameindex *ix, struct query *q, size_t i,
    uint32_t fine)
{
	struct memo *m = &q->memo[i];
	uint32_t slot = (fine * 2654435761u) & (MEMO_SLOTS - 1);
	struct namekey other;

	const char *spelt = text_of(ix, fine);

	for (uint32_t probe = 0; probe < MEMO_PROBES; probe++) {
		uint32_t at = (slot + probe) & (MEMO_SLOTS - 1);

		if (m->key[at] == fine + 1)
			return m->sim[at];
		if (m->key[at] == 0) {
			m->key[at] = fine + 1;
			m->sim[at] = namekey_parse(spelt, strlen(spelt),
			    &other) ? likeness(ix, q, i, fine, &other) : 0;
			return m->sim[at];
		}
	}
	return namekey_parse(spelt, strlen(spelt), &other) ?
	    likeness(ix, q, i, fine, &other) : 0;
}

/*
 * The ranking, name part by name part: each query part takes the most
 * alike part of the name not yet taken, and earns that likeness times
 * its rarity (the IDF of its key: a rare family name says more than
 * Mohammed), as a share of what all its parts could earn.  A part both
 * write with the article earns the rarity of the names that write it so
 * (article_share()); one only the name writes with it, ONLY_THEIRS of
 * its own.  Then:
 * - a part each side has that matches nothing on the other (another
 *   father's name) costs CONFLICT; a part matched but less than ALIKE
 *   (Hamid and Mohammed, Kurdi and Karimi: most often two names, a typo
 *   at times) costs up to UNLIKE, the less alike the more; a part only
 *   the name has, SURPLUS;
 * - the parts matched must come in the query's order, or turned round as
 *   a whole (the family name first, as Russian forms and many lists
 *   write it); another order is most often another person (Musa Rashid
 *   is not Rashid Musa): ORDER;
 * - the first parts alike (the given name) earn FIRST_BONUS, the last
 *   (the family name) LAST_BONUS; turned round, the parts so matched
 *   earn TURNED_SHARE of them; in order, two given names (the first
 *   part of one side alike to a later part of the other) cost
 *   OTHER_GIVEN.
 */
#define ONLY_THEIRS	0.75
#define CONFLICT	0.3
#define UNLIKE		0.2
#define SURPLUS		0.03
#define ORDER		0.15
#define FIRST_BONUS	0.1
#define LAST_BONUS	0.06
#define OTHER_GIVEN	0.2
#define ORDER_MIN	0.7f	/* parts this alike count for the order */
#define TURNED_SHARE	0.5	/* of the position bonuses, turned round */
#define JOIN_MIN	0.8f	/* a compound this alike, joined, matches */

/* The share of a position bonus that parts this alike earn. */
static double
bonus(float similarity)
{
	return similarity >= 0.8f ? similarity : 0;
}

enum order { IN_ORDER, TURNED, OUT_OF_ORDER };

/*
 * Whether the name parts at[0..n) (-1: none) of a name of nr parts,
 * matched to the query parts in turn, come in order, or turned round as
 * a whole: one side wrote the family name first, so the query's first
 * part is the name's last, or the query's last the name's first.  Two
 * parts swapped inside (Kamal Abdulrahman, Abdulrahman Kamal Hamdan) are
 * out of order.
 */
static enum order
order_of(const int *at, size_t n, size_t nr)
{
	int prev = -1, first = -1, drops = 0;

	for (size_t i = 0; i < n; i++) {
		if (at[i] < 0)
			continue;
		if (first < 0)
			first = at[i];
		else if (at[i] < prev)
			drops++;
		prev = at[i];
	}
	if (drops == 0)
		return IN_ORDER;
	return drops == 1 && prev < first && (at[0] == (int)nr - 1 ||
	    at[n - 1] == 0) ? TURNED : OUT_OF_ORDER;
}


/* What a query part has of a name: the part it matched, how alike. */
struct match {
	int	at;		/* name part (the first of two joined), or -1 */
	float	sim;
};

/*
 * Whether name parts a and b joined may be alike to a query part of
 * coarse key c: as many classes but one, the same first or last.
 */
static bool
join_may_match(const struct nameindex *ix, const char *c, uint32_t a,
    uint32_t b)
{
	const char *ca = text_of(ix, ix->entries[a].coarse);
	const char *cb = text_of(ix, ix->entries[b].coarse);
	size_t lc = strlen(c), la = strlen(ca), lb = strlen(cb);

	if (la + lb > lc + 1 || la + lb + 1 < lc)
		return false;
	return ca[0] == c[0] || cb[lb - 1] == c[lc - 1];
}

/*
 * Compounds written as one word on one side and two on the other
 * (Ghulam Rasul, Ghulamrasul; محمد قاسم, محمدقاسم): two query parts in a
 * row that matched nothing well may match one name part as one word, and
 * one query part two name parts in a row.
 */
static void
match_joined(const struct nameindex *ix, struct query *q,
    const uint32_t *rk, size_t nr, struct match *m, bool *used)
{
	for (size_t i = 0; i + 1 < q->n; i++) {
		if (!q->joined[i] || m[i].sim >= JOIN_MIN ||
		    m[i + 1].sim >= JOIN_MIN)
			continue;
		for (size_t j = 0; j < nr; j++) {
			float x;

			if (used[j] && !((int)j == m[i].at ||
			    (int)j == m[i + 1].at))
				continue;
			x = part_similarity(ix, q, q->n + i, rk[j]);
			if (x < JOIN_MIN)
				continue;
			if (m[i].at >= 0)
				used[m[i].at] = false;
			if (m[i + 1].at >= 0)
				used[m[i + 1].at] = false;
			used[j] = true;
			m[i] = (struct match){ (int)j, x };
			m[i + 1] = (struct match){ (int)j, x };
			break;
		}
	}
	for (size_t i = 0; i < q->n; i++) {
		if (m[i].sim >= JOIN_MIN || strlen(q->keys[i].coarse) < 4)
			continue;
		for (size_t j = 0; j + 1 < nr; j++) {
			struct namekey a, b, ab;
			const char *ta = text_of(ix, rk[j]);
			const char *tb = text_of(ix, rk[j + 1]);
			float x;

			if ((used[j] && (int)j != m[i].at) ||
			    (used[j + 1] && (int)j + 1 != m[i].at))
				continue;
			/* most pairs are not near: their classes say so */
			if (!join_may_match(ix, q->keys[i].coarse, rk[j],
			    rk[j + 1]))
				continue;
			if (!namekey_parse(ta, strlen(ta), &a) ||
			    !namekey_parse(tb, strlen(tb), &b) ||
			    !namekey_join(&a, &b, &ab))
				continue;
			x = (float)namekey_similarity(&q->keys[i], &ab);
			if (x < JOIN_MIN)
				continue;
			used[j] = used[j + 1] = true;
			m[i] = (struct match){ (int)j, x };
			break;
		}
	}
}

/*
 * What query part i earns, alike, for a name's part written with the
 * article or not: more when both write it (al-Hamza is rarer than
 * Hamza), less when only the name does (most often a family name for the
 * query's given one).
 */
static double
article_share(const struct query *q, size_t i, bool theirs)
{
	if (q->keys[i].article)
		return theirs ? q->with_article[i] : q->weight[i];
	return theirs ? ONLY_THEIRS * q->weight[i] : q->weight[i];
}

/*
 * Whether the query and the name, in order, start with two given names:
 * the first part of one is alike to a later part of the other, not to
 * its first.  A given name is the part lists leave out least (Ismail
 * Sharif is not Ziyad Ismail Sharif, whose father Ismail is).
 */
static bool
other_given(const struct query *q, const struct match *m)
{
	bool crossed = m[0].at > 0 && m[0].sim >= ALIKE;

	if (m[0].at == 0 && m[0].sim >= ALIKE)
		return false;
	for (size_t i = 1; i < q->n; i++)
		crossed |= m[i].at == 0 && m[i].sim >= ALIKE;
	return crossed;
}

/* How alike name is to the query (see above). */
static double
rank(const struct nameindex *ix, struct query *q, uint32_t name)
{
	const uint32_t *rk = ix->keys.v + ix->first[name];
	size_t nr = ix->n_keys[name], matched = 0, missing = 0, conflict;
	size_t taken = 0;
	bool used[NAMEKEY_PARTS] = { false };
	struct match m[NAMEKEY_PARTS];
	int order[NAMEKEY_PARTS];
	double s = 0, unlike = 0, score;

	for (size_t i = 0; i < q->n; i++) {
		m[i] = (struct match){ -1, 0 };
		for (size_t j = 0; j < nr; j++) {
			float x;

			if (used[j])
				continue;
			x = part_similarity(ix, q, i, rk[j]);
			if (x > m[i].sim) {
				m[i].sim = x;
				m[i].at = (int)j;
			}
		}
		if (m[i].at >= 0)
			used[m[i].at] = true;
	}
	match_joined(ix, q, rk, nr, m, used);
	for (size_t j = 0; j < nr; j++)
		taken += used[j];
	for (size_t i = 0; i < q->n; i++) {
		order[i] = m[i].at >= 0 && m[i].sim >= ORDER_MIN ? m[i].at : -1;
		if (m[i].at >= 0) {
			matched++;
		} else {
			/* Nothing left to match; was anything alike at all? */
			bool any = false;

			for (size_t j = 0; j < nr && !any; j++)
				any = part_similarity(ix, q, i, rk[j]) > 0;
			missing += !any;
		}
		s += m[i].sim * article_share(q, i, m[i].at >= 0 &&
		    text_of(ix, rk[m[i].at])[0] == '@');
		if (m[i].at >= 0 && m[i].sim < ALIKE)
			unlike += (ALIKE - m[i].sim) / ALIKE;
	}
	conflict = MIN(nr - taken, missing);
	score = s / q->total - CONFLICT * (double)conflict -
	    UNLIKE * unlike - SURPLUS * (double)(nr - taken - conflict);
	switch (order_of(order, q->n, nr)) {
	case OUT_OF_ORDER:
		score -= ORDER;
		/* FALLTHROUGH */
	case IN_ORDER:
		if (other_given(q, m))
			score -= OTHER_GIVEN;
		score += FIRST_BONUS * bonus(part_similarity(ix, q, 0, rk[0]));
		if (nr > 1 && q->n > 1)
			score += LAST_BONUS * bonus(part_similarity(ix, q,
			    q->n - 1, rk[nr - 1]));
		break;
	case TURNED:
		/* The given and family names are the parts so matched, on
		 * one reading of two: which side wrote the family name
		 * first is not known (Jubouri Mohammed, Mohammed Jubouri;
		 * but Musa Rashid is not Rashid Musa). */
		score += TURNED_SHARE * (FIRST_BONUS * bonus(m[0].sim) +
		    LAST_BONUS * bonus(m[q->n - 1].sim));
		break;
	}
	return score;
}

/*
 * Whether id is not yet in set (open addressing over mask + 1 slots,
 * INT64_MIN empty), and puts it there.  set has room for every id.
 */
static bool
first_time(int64_t *set, size_t mask, int64_t id)
{
	size_t at = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull) & mask;

	while (set[at] != INT64_MIN) {
		if (set[at] == id)
			return false;
		at = (at + 1) & mask;
	}
	set[at] = id;
	return true;
}

static int
by_score(const void *pa, const void *pb)
{
	const struct name_hit *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	return (a->id > b->id) - (a->id < b->id);
}

static size_t
search_locked(struct nameindex *ix, const char *text, struct name_hit *hits,
    size_t max, nameindex_accept accept, void *arg)
{
	struct query q = { .n = 0 };
	struct gather g = { 0 };
	struct name_hit *ranked = NULL;
	struct cand *cands = NULL;
	int64_t *out_ids = NULL;
	size_t mask;
	uint32_t n_cand;
	size_t out = 0;

	q.n = namekey_of(text, q.keys, NAMEKEY_PARTS);
	if (q.n == 0 || ix->n_names == 0)
		return 0;
	if (!(g.s = scratch_take(ix)))
		return 0;
	for (size_t i = 0; i < q.n; i++) {
		uint32_t c = lookup(ix, q.keys[i].coarse), a;
		char dels[NAMEKEY_MAX][NAMEKEY_MAX];
		size_t nd;
		bool seen = false;
		unsigned times = 1;
		float w = (float)part_weight(ix, c, q.keys[i].coarse);

		q.weight[i] = w;
		q.names[i] = c == UINT32_MAX ? 0 : ix->entries[c].exact.n;
		q.with_article[i] = article_weight(ix, &q.keys[i], w,
		    q.names[i], &a);
		q.total += q.with_article[i];
		/* The same key twice in the query is gathered once, for
		 * the names that have it as often. */
		for (size_t k = 0; k < q.n; k++)
			if (k != i && strcmp(q.keys[k].coarse,
			    q.keys[i].coarse) == 0) {
				seen |= k < i;
				times++;
			}
		if (seen)
			continue;
		if (c != UINT32_MAX)
			credit(&g, &ix->entries[c].exact, w, times);
		if (a != UINT32_MAX)
			credit(&g, &ix->entries[a].exact,
			    (float)(q.with_article[i] - w), times);
		/* Other readings of the same letters are the same name,
		 * however common it is. */
		gather_readings(ix, &g, &q.keys[i], w, times);
		gather_split(ix, &g, &q.keys[i], w);
		/* A name this common gathers enough as it is: its
		 * misspellings come in by the other parts of their names. */
		if (c != UINT32_MAX && (uint64_t)ix->entries[c].exact.n *
		    COMMON > ix->n_names)
			continue;
		if (c != UINT32_MAX)
			credit(&g, &ix->entries[c].near, near_weight(ix, w,
			    &ix->entries[c].near), 1);
		nd = deletions(q.keys[i].coarse, dels);
		for (size_t k = 0; k < nd; k++) {
			uint32_t d = lookup(ix, dels[k]);

			if (d == UINT32_MAX)
				continue;
			credit(&g, &ix->entries[d].exact, near_weight(ix, w,
			    &ix->entries[d].exact), 1);
			credit(&g, &ix->entries[d].near, near_weight(ix, w,
			    &ix->entries[d].near), 1);
		}
	}
	/* Two parts in a row written as one word by the name (Ghulam
	 * Rasul, Ghulamrasul) */
	for (size_t i = 0; i + 1 < q.n; i++) {
		uint32_t c;

		/* parts of one class (Aisha, X) join too easily */
		q.joined[i] = strlen(q.keys[i].coarse) > 1 &&
		    strlen(q.keys[i + 1].coarse) > 1 &&
		    namekey_join(&q.keys[i], &q.keys[i + 1], &q.keys[q.n + i]);
		c = q.joined[i] ? lookup(ix, q.keys[q.n + i].coarse) :
		    UINT32_MAX;
		q.names[q.n + i] = c == UINT32_MAX ? 0 :
		    ix->entries[c].exact.n;
		if (c != UINT32_MAX)
			credit(&g, &ix->entries[c].exact, (float)(q.weight[i] +
			    q.weight[i + 1]), 1);
	}
	if (g.failed || q.total <= 0)
		goto done;
	n_cand = MIN(g.n, CANDIDATES);
	if (!(cands = malloc(g.n * sizeof(*cands))))
		goto done;
	for (uint32_t i = 0; i < g.n; i++)
		cands[i] = (struct cand){ g.s->cell[g.touched[i]].score,
		    g.touched[i] };
	select_best(cands, g.n, n_cand);
	q.memo = calloc(2 * q.n, sizeof(*q.memo));
	ranked = malloc(n_cand * sizeof(*ranked));
	if (!q.memo || !ranked)
		goto done;
	for (uint32_t i = 0; i < n_cand; i++) {
		/* the candidates' rows are far apart: ask for them ahead */
		if (i + PREFETCH < n_cand) {
			uint32_t ahead = cands[i + PREFETCH].name;

			__builtin_prefetch(&ix->ids[ahead]);
			__builtin_prefetch(&ix->first[ahead]);
			__builtin_prefetch(&ix->n_keys[ahead]);
		}
		if (i + PREFETCH / 2 < n_cand)
			__builtin_prefetch(ix->keys.v +
			    ix->first[cands[i + PREFETCH / 2].name]);
		ranked[i].id = ix->ids[cands[i].name];
		ranked[i].score = rank(ix, &q, cands[i].name);
	}
	qsort(ranked, n_cand, sizeof(*ranked), by_score);
	for (mask = 1; mask < 2 * (size_t)n_cand; mask <<= 1)
		;
	if (!(out_ids = malloc(mask * sizeof(*out_ids))))
		goto done;
	for (size_t k = 0; k < mask; k++)
		out_ids[k] = INT64_MIN;
	mask--;
	for (uint32_t i = 0; i < n_cand && out < max; i++) {
		/* One id per hit: its best-ranked name. */
		if (!first_time(out_ids, mask, ranked[i].id) ||
		    (accept && !accept(ranked[i].id, arg)))
			continue;
		hits[out].id = ranked[i].id;
		hits[out].score = MAX(0.0, MIN(1.0, ranked[i].score));
		out++;
	}
done:
	free(out_ids);
	free(q.memo);
	free(cands);
	free(ranked);
	free(g.touched);
	scratch_give(ix, g.s);
	return out;
}

size_t
nameindex_search(struct nameindex *ix, const char *query,
    struct name_hit *hits, size_t max, nameindex_accept accept, void *arg)
{
	size_t n;

	pthread_rwlock_rdlock(&ix->lock);
	n = search_locked(ix, query, hits, max, accept, arg);
	pthread_rwlock_unlock(&ix->lock);
	return n;
}
