/* SPDX-License-Identifier: Apache-2.0 */
/* duplicates.c - likely duplicate persons, weighed evidence by evidence. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/config.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/agency.h"
#include "core/audit.h"
#include "core/ctx.h"
#include "core/duplicates.h"
#include "core/input.h"
#include "core/merge.h"
#include "core/person.h"
#include "core/search.h"
#include "search/dedup.h"
#include "search/identifier.h"
#include "search/namekey.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

#define READ_BATCH	20000
#define MERGE_DEPTH_MAX	64

/* The weights of the evidence beside names, in bits (duplicates.h). */
#define BITS_BIRTH_DATE		5.0
#define BITS_BIRTH_YEAR		3.0
#define BITS_BIRTH_NEAR		0.5	/* within two years, estimated */
#define BITS_BIRTH_APART	(-5.0)
#define BITS_BIRTH_CLOSE	(-2.0)	/* one or two years, both exact */
#define BITS_SEX_SAME		0.5
#define BITS_SEX_DIFFERS	(-6.0)
#define BITS_DOCUMENT		12.0
#define BITS_DOCUMENT_OTHER	(-1.0)	/* same kind and country */
#define BITS_PHONE		8.0
#define BITS_IDENTIFIER		6.0
#define BITS_NATIONALITY	0.5
#define BITS_NATIONALITY_NONE	(-2.0)

/* A document number shorter than this ("123") matches by chance. */
#define DOCUMENT_MIN		5

struct keyline {			/* one name of a person, as keys */
	int64_t		 id;		/* the person it stands for now */
	const char	*line;
};

struct token_row {			/* an identifier linked to a person */
	int64_t		 id;
	const char	*identifier;
};

struct trait {				/* sex and birth, no identity */
	int64_t		 id;
	struct person_row row;
};

struct known {				/* what is known of one person */
	int64_t		 id;
	bool		 visible;	/* to the actor */
};

struct candidate {			/* a pair worth a closer look */
	int64_t		 a, b;
	double		 bits;		/* at most what a full look gives */
};

struct gathering {
	struct ctx		*ctx;
	struct err		*err;
	struct dedup		*dedup;
	struct store_id_pair	*merged;	/* sorted by a */
	size_t			 n_merged;
	struct keyline		*lines;
	size_t			 n_lines, cap_lines;
	struct token_row	*idf;
	size_t			 n_idf, cap_idf;
	struct trait		*traits;	/* by id */
	size_t			 n_traits, cap_traits;
	int64_t			 last;
	int			 rows;
};

static void *
grow(struct arena *a, void *p, size_t n, size_t *cap, size_t size)
{
	void *bigger;

	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 1024;
	bigger = arena_array(a, *cap, size);
	if (n)
		memcpy(bigger, p, n * size);
	return bigger;
}

static int
by_pair_a(const void *pa, const void *pb)
{
	const struct store_id_pair *a = pa, *b = pb;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return (a->b > b->b) - (a->b < b->b);
}

static int
by_line_id(const void *pa, const void *pb)
{
	const struct keyline *a = pa, *b = pb;

	return (a->id > b->id) - (a->id < b->id);
}

static int
by_token_id(const void *pa, const void *pb)
{
	const struct token_row *a = pa, *b = pb;

	return (a->id > b->id) - (a->id < b->id);
}

static int
by_known(const void *pa, const void *pb)
{
	const struct known *a = pa, *b = pb;

	return (a->id > b->id) - (a->id < b->id);
}

static size_t first_of(const void *rows, size_t n, size_t size, int64_t id);

/* The person id stands for: itself, or the person it was merged into. */
static int64_t
root_of(const struct gathering *g, int64_t id)
{
	for (int depth = 0; depth < MERGE_DEPTH_MAX; depth++) {
		size_t i = first_of(g->merged, g->n_merged, sizeof(*g->merged),
		    id);

		if (i == g->n_merged || g->merged[i].a != id)
			return id;
		id = g->merged[i].b;
	}
	return id;
}

static int
gather_name(int64_t id, int64_t person_id, const char *sealed, void *arg)
{
	struct gathering *g = arg;
	struct namekey keys[NAMEKEY_PARTS];
	char line[VAULT_OPEN_INTO_MAX];
	struct keyline *k;
	int64_t root = root_of(g, person_id);

	if (!vault_field_open_into(g->ctx->vault, SEARCH_KEYS_FIELD, sealed,
	    line, sizeof(line), g->err))
		return -1;
	g->last = id;
	g->rows++;
	dedup_add_name(g->dedup, root, keys, namekey_read_line(line, keys,
	    NAMEKEY_PARTS));
	g->lines = grow(g->ctx->arena, g->lines, g->n_lines, &g->cap_lines,
	    sizeof(*g->lines));
	k = &g->lines[g->n_lines++];
	k->id = root;
	k->line = arena_strdup(g->ctx->arena, line);
	return 0;
}

/* A document number or phone as matched, or NULL when it cannot be. */
static const char *
normalised(struct ctx *ctx, const char *kind, const char *sealed)
{
	struct err local = ERR_INIT;
	const char *plain, *norm;

	plain = vault_field_open(ctx->vault, ctx->arena, STREQ(kind, "doc") ?
	    "person_documents.number" : "person_contacts.value", sealed,
	    &local);
	if (!plain)
		return NULL;
	if (STREQ(kind, "doc")) {
		norm = identifier_normalise(ctx->arena, IDENT_DOCUMENT, plain,
		    NULL, "document", &local);
		return norm && strlen(norm) >= DOCUMENT_MIN ? norm : NULL;
	}
	return identifier_normalise(ctx->arena, IDENT_PHONE, plain,
	    ctx->cfg->country, "phone", &local);
}

static int
gather_token(int64_t person_id, const char *kind, const char *value,
    void *arg)
{
	struct gathering *g = arg;
	int64_t root = root_of(g, person_id);
	const char *norm;

	if (STREQ(kind, "idf")) {
		g->idf = grow(g->ctx->arena, g->idf, g->n_idf, &g->cap_idf,
		    sizeof(*g->idf));
		g->idf[g->n_idf++] = (struct token_row){ root,
		    arena_strdup(g->ctx->arena, value) };
		dedup_add_token(g->dedup, root, kind, value);
		return 0;
	}
	if ((norm = normalised(g->ctx, kind, value)))
		dedup_add_token(g->dedup, root, kind, norm);
	return 0;
}

static int
gather_trait(const struct person_row *p, void *arg)
{
	struct gathering *g = arg;
	struct trait *t;

	dedup_add_year(g->dedup, p->id, p->birth_year);
	g->traits = grow(g->ctx->arena, g->traits, g->n_traits,
	    &g->cap_traits, sizeof(*g->traits));
	t = &g->traits[g->n_traits++];
	t->id = p->id;
	t->row = *p;
	t->row.birth_date = p->birth_date ? arena_strdup(g->ctx->arena,
	    p->birth_date) : NULL;
	return 0;
}

static int
gather(struct gathering *g)
{
	struct ctx *ctx = g->ctx;

	if (store_persons_merged(ctx->store, ctx->arena, &g->merged,
	    &g->n_merged, g->err) == -1)
		return -1;
	if (g->n_merged)
		qsort(g->merged, g->n_merged, sizeof(*g->merged), by_pair_a);
	do {
		g->rows = 0;
		if (store_name_keys_since(ctx->store, g->last, READ_BATCH,
		    gather_name, g, g->err) == -1)
			return -1;
	} while (g->rows == READ_BATCH);
	if (store_person_tokens(ctx->store, gather_token, g, g->err) == -1 ||
	    store_person_traits(ctx->store, gather_trait, g, g->err) == -1)
		return -1;
	if (g->n_lines)
		qsort(g->lines, g->n_lines, sizeof(*g->lines), by_line_id);
	if (g->n_idf)
		qsort(g->idf, g->n_idf, sizeof(*g->idf), by_token_id);
	dedup_finish(g->dedup);
	return 0;
}

/* The first of rows[0..n) (sorted by an int64_t id first) with id. */
static size_t
first_of(const void *rows, size_t n, size_t size, int64_t id)
{
	const char *r = rows;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (*(const int64_t *)(const void *)(r + mid * size) < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The best agreement of any name of a with any of b, from the keys. */
static double
keyed_name_bits(const struct gathering *g, int64_t a, int64_t b)
{
	double best = -INFINITY;

	for (size_t i = first_of(g->lines, g->n_lines, sizeof(*g->lines), a);
	    i < g->n_lines && g->lines[i].id == a; i++) {
		struct namekey ka[NAMEKEY_PARTS];
		size_t na = namekey_read_line(g->lines[i].line, ka,
		    NAMEKEY_PARTS);

		for (size_t j = first_of(g->lines, g->n_lines,
		    sizeof(*g->lines), b); j < g->n_lines &&
		    g->lines[j].id == b; j++) {
			struct namekey kb[NAMEKEY_PARTS];
			size_t nb = namekey_read_line(g->lines[j].line, kb,
			    NAMEKEY_PARTS);
			struct dedup_names m;

			best = MAX(best, dedup_compare_names(g->dedup, ka, na,
			    kb, nb, &m));
		}
	}
	return best;
}

static bool
share_identifier(const struct gathering *g, int64_t a, int64_t b,
    const char **which)
{
	for (size_t i = first_of(g->idf, g->n_idf, sizeof(*g->idf), a);
	    i < g->n_idf && g->idf[i].id == a; i++)
		for (size_t j = first_of(g->idf, g->n_idf, sizeof(*g->idf),
		    b); j < g->n_idf && g->idf[j].id == b; j++)
			if (STREQ(g->idf[i].identifier, g->idf[j].identifier)) {
				*which = g->idf[i].identifier;
				return true;
			}
	return false;
}

/* ------------------------------------------------------------------ */
/* The evidence of one pair                                            */
/* ------------------------------------------------------------------ */

struct weighing {
	struct ctx			*ctx;
	struct duplicate_evidence	 ev[64];
	size_t				 n;
	double				 bits;
};

static void
weigh(struct weighing *w, const char *kind, double bits, const char *a,
    const char *b)
{
	if (w->n == ARRAY_SIZE(w->ev))
		return;
	w->ev[w->n++] = (struct duplicate_evidence){ kind, bits,
	    a ? a : "", b ? b : "" };
	w->bits += bits;
}

/* A name's parts as keys, each key with the part it came from. */
struct parted {
	struct namekey	 keys[NAMEKEY_PARTS];
	const char	*text[NAMEKEY_PARTS];
	size_t		 n;
};

/*
 * The words of field behind its got keys, when each word gives one key
 * in order ("Qarawi-Brennick": Qarawi, Brennick); else the whole field.
 */
static void
word_texts(struct arena *a, const char *field, size_t got, const char **out)
{
	struct namekey key[NAMEKEY_PARTS];
	const char *words[NAMEKEY_PARTS];
	size_t n = 0;
	bool each = true;

	for (const char *w = field; *w && each;) {
		size_t len = strcspn(w, " -");

		if (len) {
			char *word = arena_strndup(a, w, len);

			each = n < got && namekey_of(word, key,
			    NAMEKEY_PARTS) == 1;
			if (each)
				words[n++] = word;
		}
		w += len + strspn(w + len, " -");
	}
	for (size_t k = 0; k < got; k++)
		out[k] = each && n == got ? words[k] : field;
}

static void
part_name(struct arena *a, const struct person_name *nm, struct parted *p)
{
	const char *fields[] = { nm->given, nm->father, nm->grandfather,
	    nm->family };

	p->n = 0;
	for (size_t f = 0; f < ARRAY_SIZE(fields); f++) {
		size_t got;

		if (!fields[f] || p->n == NAMEKEY_PARTS)
			continue;
		got = namekey_of(fields[f], p->keys + p->n,
		    NAMEKEY_PARTS - p->n);
		if (got > 1)
			word_texts(a, fields[f], got, p->text + p->n);
		else if (got == 1)
			p->text[p->n] = fields[f];
		p->n += got;
	}
}

static void
weigh_names(struct weighing *w, const struct dedup *d,
    const struct person_row *a, const struct person_row *b)
{
	struct dedup_names best = { .bits = -INFINITY };
	struct parted best_a = { .n = 0 }, best_b = { .n = 0 };
	bool used_a[NAMEKEY_PARTS] = { false }, used_b[NAMEKEY_PARTS] = {
	    false };
	size_t against = 0;

	for (size_t i = 0; i < a->n_names; i++) {
		struct parted pa;

		part_name(w->ctx->arena, &a->names[i], &pa);
		for (size_t j = 0; j < b->n_names; j++) {
			struct parted pb;
			struct dedup_names m;

			part_name(w->ctx->arena, &b->names[j], &pb);
			if (dedup_compare_names(d, pa.keys, pa.n, pb.keys,
			    pb.n, &m) > best.bits) {
				best = m;
				best_a = pa;
				best_b = pb;
			}
		}
	}
	if (best.bits == -INFINITY)
		return;
	for (size_t i = 0; i < best.n_match; i++) {
		const struct dedup_match *m = &best.match[i];

		used_a[m->a] = used_b[m->b] = true;
		weigh(w, "name", m->bits, best_a.text[m->a],
		    best_b.text[m->b]);
	}
	/* The parts both have that differ, in order: a father's name
	 * against a father's name. */
	for (size_t i = 0, j = 0; against < MIN(best.conflicts, 2); against++) {
		while (i < best_a.n && used_a[i])
			i++;
		while (j < best_b.n && used_b[j])
			j++;
		if (i == best_a.n || j == best_b.n)
			break;
		weigh(w, "name", -DEDUP_CONFLICT_BITS, best_a.text[i++],
		    best_b.text[j++]);
	}
}

static const char *
year_text(struct ctx *ctx, const struct person_row *p)
{
	char s[32];

	if (p->birth_date)
		return p->birth_date;
	snprintf(s, sizeof(s), "%s%d", p->birth_year_estimated ? "~" : "",
	    p->birth_year);
	return arena_strdup(ctx->arena, s);
}

static void
weigh_birth(struct weighing *w, const struct person_row *a,
    const struct person_row *b)
{
	bool estimated = a->birth_year_estimated || b->birth_year_estimated;
	const char *ta, *tb;
	int apart;
	double bits;

	if (!a->birth_year || !b->birth_year)
		return;
	ta = year_text(w->ctx, a);
	tb = year_text(w->ctx, b);
	apart = abs(a->birth_year - b->birth_year);
	if (a->birth_date && b->birth_date && STREQ(a->birth_date,
	    b->birth_date))
		bits = BITS_BIRTH_DATE;
	else if (a->birth_date && b->birth_date && apart == 0)
		bits = BITS_BIRTH_CLOSE;	/* two dates: one typo, or two */
	else if (apart == 0)
		bits = estimated ? BITS_BIRTH_YEAR / 2 : BITS_BIRTH_YEAR;
	else if (apart <= 2)
		bits = estimated ? BITS_BIRTH_NEAR : BITS_BIRTH_CLOSE;
	else if (apart <= 5 && estimated)
		bits = BITS_BIRTH_CLOSE / 2;
	else
		bits = BITS_BIRTH_APART;
	weigh(w, "birth", bits, ta, tb);
}

static void
weigh_sex(struct weighing *w, const struct person_row *a,
    const struct person_row *b)
{
	bool known = (a->sex == SEX_FEMALE || a->sex == SEX_MALE) &&
	    (b->sex == SEX_FEMALE || b->sex == SEX_MALE);

	if (!known)
		return;
	weigh(w, "sex", a->sex == b->sex ? BITS_SEX_SAME : BITS_SEX_DIFFERS,
	    enum_name(&sex_desc, a->sex), enum_name(&sex_desc, b->sex));
}

static const char *
document_number(struct ctx *ctx, const struct person_document *d)
{
	struct err local = ERR_INIT;
	const char *n = identifier_normalise(ctx->arena, IDENT_DOCUMENT,
	    d->number, NULL, "document", &local);

	return n && strlen(n) >= DOCUMENT_MIN ? n : NULL;
}

static const char *
document_text(struct ctx *ctx, const struct person_document *d)
{
	char s[INPUT_SHORT_MAX * 4 + 64];

	snprintf(s, sizeof(s), "%s %s%s%s", enum_name(&document_kind_desc,
	    d->kind), d->number, d->country ? " " : "",
	    d->country ? d->country : "");
	return arena_strdup(ctx->arena, s);
}

static void
weigh_documents(struct weighing *w, const struct person_row *a,
    const struct person_row *b)
{
	const struct person_document *other_a = NULL, *other_b = NULL;

	for (size_t i = 0; i < a->n_documents; i++) {
		const char *na = document_number(w->ctx, &a->documents[i]);

		for (size_t j = 0; na && j < b->n_documents; j++) {
			const struct person_document *da = &a->documents[i];
			const struct person_document *db = &b->documents[j];
			const char *nb = document_number(w->ctx, db);

			if (nb && STREQ(na, nb)) {
				weigh(w, "document", BITS_DOCUMENT,
				    document_text(w->ctx, da),
				    document_text(w->ctx, db));
				return;
			}
			if (da->kind == db->kind && da->country &&
			    db->country && STREQ(da->country, db->country)) {
				other_a = da;
				other_b = db;
			}
		}
	}
	if (other_a)
		weigh(w, "document", BITS_DOCUMENT_OTHER,
		    document_text(w->ctx, other_a),
		    document_text(w->ctx, other_b));
}

static const char *
phone_number(struct ctx *ctx, const struct person_contact *c)
{
	struct err local = ERR_INIT;

	if (c->kind != CONTACT_KIND_PHONE && c->kind != CONTACT_KIND_MESSAGING)
		return NULL;
	return identifier_normalise(ctx->arena, IDENT_PHONE, c->value,
	    ctx->cfg->country, "phone", &local);
}

static void
weigh_phones(struct weighing *w, const struct person_row *a,
    const struct person_row *b)
{
	for (size_t i = 0; i < a->n_contacts; i++) {
		const char *pa = phone_number(w->ctx, &a->contacts[i]);

		for (size_t j = 0; pa && j < b->n_contacts; j++) {
			const char *pb = phone_number(w->ctx, &b->contacts[j]);

			if (pb && STREQ(pa, pb)) {
				weigh(w, "phone", BITS_PHONE,
				    a->contacts[i].value,
				    b->contacts[j].value);
				return;
			}
		}
	}
}

static const char *
codes_text(struct ctx *ctx, const char *const *codes, size_t n)
{
	char s[256] = "";
	size_t len = 0;

	for (size_t i = 0; i < n && len + 8 < sizeof(s); i++)
		len += (size_t)snprintf(s + len, sizeof(s) - len, "%s%s",
		    i ? ", " : "", codes[i]);
	return arena_strdup(ctx->arena, s);
}

static void
weigh_nationalities(struct weighing *w, const struct person_row *a,
    const struct person_row *b)
{
	if (!a->n_nationalities || !b->n_nationalities)
		return;
	for (size_t i = 0; i < a->n_nationalities; i++)
		for (size_t j = 0; j < b->n_nationalities; j++)
			if (STREQ(a->nationalities[i], b->nationalities[j])) {
				weigh(w, "nationality", BITS_NATIONALITY,
				    a->nationalities[i], b->nationalities[j]);
				return;
			}
	weigh(w, "nationality", BITS_NATIONALITY_NONE,
	    codes_text(w->ctx, a->nationalities, a->n_nationalities),
	    codes_text(w->ctx, b->nationalities, b->n_nationalities));
}

static double
score_of(double bits)
{
	return 1.0 / (1.0 + exp2(DUPLICATE_PRIOR_BITS - bits));
}

static int
describe(struct ctx *ctx, const struct person_row *p,
    struct duplicate_person *out, struct err *err)
{
	struct agency_row agency;

	if (store_agency_by_id(ctx->store, p->agency_id, ctx->arena, &agency,
	    err) == -1)
		return -1;
	*out = (struct duplicate_person){ p->id, person_display_name(
	    ctx->arena, p), p->sex, p->birth_year, agency.code };
	return 0;
}

/* Weighs the pair a, b in full into *out. */
static int
weigh_pair(struct gathering *g, int64_t a, int64_t b,
    struct duplicate_pair *out, struct err *err)
{
	struct ctx *ctx = g->ctx;
	struct weighing w = { .ctx = ctx };
	struct person_row pa, pb;
	const char *identifier;

	if (person__load(ctx, a, &pa, err) == -1 ||
	    person__load(ctx, b, &pb, err) == -1)
		return -1;
	weigh_names(&w, g->dedup, &pa, &pb);
	weigh_birth(&w, &pa, &pb);
	weigh_sex(&w, &pa, &pb);
	weigh_documents(&w, &pa, &pb);
	weigh_phones(&w, &pa, &pb);
	if (share_identifier(g, a, b, &identifier)) {
		const char *s = arena_printf(ctx->arena, "#%s", identifier);

		weigh(&w, "identifier", BITS_IDENTIFIER, s, s);
	}
	weigh_nationalities(&w, &pa, &pb);
	if (describe(ctx, &pa, &out->a, err) == -1 ||
	    describe(ctx, &pb, &out->b, err) == -1)
		return -1;
	out->bits = w.bits;
	out->score = score_of(w.bits);
	out->n_evidence = w.n;
	out->evidence = arena_array(ctx->arena, w.n + 1,
	    sizeof(*out->evidence));
	memcpy(out->evidence, w.ev, w.n * sizeof(*w.ev));
	return 0;
}

/* ------------------------------------------------------------------ */
/* The search                                                          */
/* ------------------------------------------------------------------ */

/* Whether the actor sees person id, one of known[0..n) (known_persons()). */
static bool
sees(const struct known *known, size_t n, int64_t id)
{
	struct known key = { id, false };
	const struct known *k;

	k = n ? bsearch(&key, known, n, sizeof(key), by_known) : NULL;
	return k && k->visible;
}

/*
 * The persons of pairs[0..n) (of those with person, when not 0), each
 * once, in id order, with whether the actor sees them: asked of the
 * store 64 at a time, not one by one.
 */
static struct known *
known_persons(struct ctx *ctx, const struct dedup_pair *pairs, size_t n,
    int64_t person, size_t *n_known, struct err *err)
{
	struct known *k = arena_array(ctx->arena, 2 * n + 1, sizeof(*k));
	size_t got = 0, out = 0;
	int64_t *ids;
	bool *seen;

	for (size_t i = 0; i < n; i++) {
		if (person && pairs[i].a != person && pairs[i].b != person)
			continue;
		k[got++] = (struct known){ pairs[i].a, false };
		k[got++] = (struct known){ pairs[i].b, false };
	}
	if (got)
		qsort(k, got, sizeof(*k), by_known);
	for (size_t i = 0; i < got; i++)
		if (out == 0 || k[i].id != k[out - 1].id)
			k[out++] = k[i];
	ids = arena_array(ctx->arena, out + 1, sizeof(*ids));
	seen = arena_array(ctx->arena, out + 1, sizeof(*seen));
	for (size_t i = 0; i < out; i++)
		ids[i] = k[i].id;
	if (person__visible_many(ctx, ids, out, seen, err) == -1)
		return NULL;
	for (size_t i = 0; i < out; i++)
		k[i].visible = seen[i];
	*n_known = out;
	return k;
}

static int
by_score(const void *pa, const void *pb)
{
	const struct duplicate_pair *a = pa, *b = pb;

	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	if (a->a.id != b->a.id)
		return a->a.id < b->a.id ? -1 : 1;
	return (a->b.id > b->b.id) - (a->b.id < b->b.id);
}

static int
check_query(struct ctx *ctx, const struct duplicates_query *in,
    struct duplicates_query *q, int64_t *person, struct err *err)
{
	*q = *in;
	*person = 0;
	if (q->min_score == 0)
		q->min_score = DUPLICATE_MIN_SCORE;
	if (!(q->min_score > 0 && q->min_score <= 1))
		return err_set(err, ERR_INVALID, "min_score", "min_score is "
		    "out of range: give a score above 0 and at most 1, like "
		    "0.8");
	if (q->limit == 0)
		q->limit = DUPLICATE_LIMIT_DEFAULT;
	if (q->limit < 1 || q->limit > DUPLICATE_LIMIT_MAX)
		return err_set(err, ERR_INVALID, "limit", "limit is out of "
		    "range: give 1 to %d", DUPLICATE_LIMIT_MAX);
	if (q->person) {
		bool visible = false;

		if (person__visible(ctx, q->person, &visible, err) == -1)
			return -1;
		if (!visible)
			return err_set(err, ERR_NOT_FOUND, "person", "person %"
			    PRId64 " not found: check the id", q->person);
		if (person__root(ctx, q->person, person, err) == -1)
			return -1;
	}
	return 0;
}

static bool
is_distinct(const struct store_id_pair *d, size_t n, int64_t a, int64_t b)
{
	struct store_id_pair key = { a, b };

	return n && bsearch(&key, d, n, sizeof(key), by_pair_a) != NULL;
}

static int
audit_read(struct ctx *ctx, const struct duplicate_pair *pairs, size_t n,
    struct err *err)
{
	json_t *ids = json_array(), *changes;
	int rc;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(ids, json_pack("[I, I]",
		    (json_int_t)pairs[i].a.id, (json_int_t)pairs[i].b.id));
	changes = json_pack("{s:o}", "pairs", ids);
	rc = audit_append(ctx, &(struct audit_event){
		.action = "person.duplicates", .object_type = "person",
		.object_id = "duplicates", .agency_id = ctx->actor.agency_id,
		.changes = changes }, err);
	json_decref(changes);
	return rc;
}

static const struct person_row *
traits_of(const struct gathering *g, int64_t id)
{
	static const struct person_row none = { .sex = SEX_UNKNOWN };
	size_t i = first_of(g->traits, g->n_traits, sizeof(*g->traits), id);

	return i < g->n_traits && g->traits[i].id == id ? &g->traits[i].row :
	    &none;
}

/*
 * What a full look at the pair could give at most: the names from their
 * keys, birth and sex, and all that shared tokens could add.  Reading
 * the identities of every pair of a large store would take minutes; the
 * pairs are looked at in full best first, and only as many as shown.
 */
static double
bits_at_most(struct gathering *g, const struct dedup_pair *p)
{
	struct weighing w = { .ctx = g->ctx };
	const char *identifier;

	weigh_birth(&w, traits_of(g, p->a), traits_of(g, p->b));
	weigh_sex(&w, traits_of(g, p->a), traits_of(g, p->b));
	w.bits += keyed_name_bits(g, p->a, p->b) + BITS_NATIONALITY;
	if (p->by_token || share_identifier(g, p->a, p->b, &identifier))
		w.bits += BITS_DOCUMENT + BITS_PHONE + BITS_IDENTIFIER;
	return w.bits;
}

static int
by_bits(const void *pa, const void *pb)
{
	const struct candidate *a = pa, *b = pb;

	if (a->bits != b->bits)
		return a->bits < b->bits ? 1 : -1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return (a->b > b->b) - (a->b < b->b);
}

/* The candidates the actor may see, not marked two people, that may
 * reach need bits, into *out. */
static int
candidates(struct gathering *g, int64_t person, double need,
    struct candidate **out, size_t *n_out, struct duplicates_summary *sum,
    struct err *err)
{
	struct ctx *ctx = g->ctx;
	const struct dedup_pair *pairs;
	struct store_id_pair *distinct;
	struct candidate *c;
	struct known *known;
	size_t n, n_known, n_distinct, got = 0;

	pairs = dedup_pairs(g->dedup, &n, &sum->too_common);
	if (store_person_distinct_all(ctx->store, ctx->arena, &distinct,
	    &n_distinct, err) == -1)
		return -1;
	if (n_distinct)
		qsort(distinct, n_distinct, sizeof(*distinct), by_pair_a);
	if (!(known = known_persons(ctx, pairs, n, person, &n_known, err)))
		return -1;
	c = arena_array(ctx->arena, n + 1, sizeof(*c));
	for (size_t i = 0; i < n; i++) {
		int64_t a = pairs[i].a, b = pairs[i].b;
		double bits;

		if ((person && a != person && b != person) ||
		    is_distinct(distinct, n_distinct, a, b) ||
		    !sees(known, n_known, a) || !sees(known, n_known, b))
			continue;
		sum->candidates++;
		if ((bits = bits_at_most(g, &pairs[i])) >= need)
			c[got++] = (struct candidate){ a, b, bits };
	}
	if (got)
		qsort(c, got, sizeof(*c), by_bits);
	*out = c;
	*n_out = got;
	return 0;
}

static int
find_pairs(struct gathering *g, const struct duplicates_query *q,
    int64_t person, struct duplicate_pair **out, size_t *n_out,
    struct duplicates_summary *sum, struct err *err)
{
	struct duplicate_pair *found;
	struct candidate *c;
	size_t n, got = 0, limit = (size_t)q->limit;
	double need = DUPLICATE_PRIOR_BITS +
	    log2(q->min_score / MAX(1e-9, 1.0 - q->min_score));

	if (candidates(g, person, need, &c, &n, sum, err) == -1)
		return -1;
	found = arena_array(g->ctx->arena, limit + 1, sizeof(*found));
	for (size_t i = 0; i < n; i++) {
		struct duplicate_pair p;

		/* The rest can give no more than the weakest shown. */
		if (got == limit && c[i].bits < found[got - 1].bits)
			break;
		if (weigh_pair(g, c[i].a, c[i].b, &p, err) == -1)
			return -1;
		if (p.score < q->min_score)
			continue;
		sum->found++;
		if (got < limit)
			found[got++] = p;
		else if (by_score(&p, &found[got - 1]) < 0)
			found[got - 1] = p;
		else
			continue;
		qsort(found, got, sizeof(*found), by_score);
	}
	/* Those not looked at in full may reach the score too. */
	sum->found = MAX(sum->found, got);
	sum->may_reach = n;
	*out = found;
	*n_out = got;
	return 0;
}

int
person_duplicates(struct ctx *ctx, const struct duplicates_query *in,
    struct duplicate_pair **pairs, size_t *n,
    struct duplicates_summary *summary, struct err *err)
{
	struct gathering g = { .ctx = ctx, .err = err };
	struct duplicates_query q;
	int64_t person;
	int rc = -1;

	*pairs = NULL;
	*n = 0;
	*summary = (struct duplicates_summary){ 0 };
	if (access_require(ctx, PERM_PERSON_MERGE, err) == -1 ||
	    check_query(ctx, in, &q, &person, err) == -1)
		return -1;
	if (search__keyed(ctx, err) == -1)
		return -1;
	g.dedup = dedup_new();
	if (gather(&g) == 0 &&
	    find_pairs(&g, &q, person, pairs, n, summary, err) == 0)
		rc = audit_read(ctx, *pairs, *n, err);
	dedup_free(&g.dedup);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Two people                                                          */
/* ------------------------------------------------------------------ */

struct distinct_write {
	int64_t		 a, b;
	const char	*reason;
};

static int
distinct_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct distinct_write *w = arg;
	char now[TIMESTAMP_TEXT_SIZE], id[24];
	json_t *changes;
	int rc;

	date_now_timestamp(now);
	if (store_person_distinct_insert(ctx->store, w->a, w->b, w->reason,
	    now, ctx->actor.user_id, err) == -1)
		return -1;
	snprintf(id, sizeof(id), "%" PRId64, MIN(w->a, w->b));
	changes = json_pack("{s:I, s:I}", "a", (json_int_t)MIN(w->a, w->b),
	    "b", (json_int_t)MAX(w->a, w->b));
	rc = audit_append(ctx, &(struct audit_event){
		.action = "person.distinct", .object_type = "person",
		.object_id = id, .agency_id = ctx->actor.agency_id,
		.changes = changes }, err);
	json_decref(changes);
	return rc;
}

int
person_distinct(struct ctx *ctx, int64_t a, int64_t b, const char *reason,
    struct err *err)
{
	struct distinct_write w = { a, b, NULL };
	bool visible = false;

	if (access_require(ctx, PERM_PERSON_MERGE, err) == -1)
		return -1;
	if (a == b)
		return err_set(err, ERR_INVALID, "b", "person %" PRId64 " is "
		    "one person: give two", a);
	if (input_text(ctx, reason, INPUT_TEXT_MAX,
	    TEXT_REQUIRED | TEXT_MULTILINE, "reason", &w.reason, err) == -1)
		return -1;
	for (int i = 0; i < 2; i++) {
		int64_t id = i ? b : a;

		if (person__visible(ctx, id, &visible, err) == -1)
			return -1;
		if (!visible)
			return err_set(err, ERR_NOT_FOUND, i ? "b" : "a",
			    "person %" PRId64 " not found: check the id", id);
	}
	return ctx_transaction(ctx, distinct_write, &w, err);
}

static json_t *
person_json_brief(const struct duplicate_person *p)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:s}", "id", (json_int_t)p->id,
	    "name", p->name ? p->name : "", "sex", enum_name(&sex_desc,
	    p->sex), "birth_year", p->birth_year ?
	    json_integer(p->birth_year) : json_null(), "agency",
	    p->agency ? p->agency : "");
}

json_t *
duplicate_pair_json(const struct duplicate_pair *p)
{
	json_t *evidence = json_array();

	for (size_t i = 0; i < p->n_evidence; i++) {
		const struct duplicate_evidence *e = &p->evidence[i];

		json_array_append_new(evidence, json_pack("{s:s, s:f, s:s, "
		    "s:s}", "kind", e->kind, "bits", round(e->bits * 10) / 10,
		    "a", e->a, "b", e->b));
	}
	return json_pack("{s:o, s:o, s:f, s:o}", "a",
	    person_json_brief(&p->a), "b", person_json_brief(&p->b), "score",
	    round(p->score * 1000) / 1000, "evidence", evidence);
}
