/* SPDX-License-Identifier: Apache-2.0 */
/* kanon.c - k-anonymity by local generalisation, then suppression. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/util.h"
#include "core/kanon.h"
#include "base/banned.h"

/* Separates the fields of a group's key: no ladder value holds it. */
#define KEY_SEP		'\x1f'
#define KEY_MAX		(KANON_MAX_FIELDS * 1024)

struct keyed {
	const char	*key;
	size_t		 i;
};

const char *
kanon_at(const struct kanon_field *f, const char *v, int level,
    struct arena *a)
{
	if (level <= 0)
		return v;
	if (level >= f->top || !*v)
		return "";
	return f->up(v, level, a);
}

static int
by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	/* Ties by position keep the result independent of qsort. */
	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * The records released, sorted by group (their QI values), into keys;
 * returns how many.
 */
static size_t
group(const struct kanon_record *r, size_t n, size_t nf, struct arena *a,
    struct keyed *keys)
{
	struct buf b = BUF_INIT(KEY_MAX);
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		if (r[i].suppressed)
			continue;
		buf_reset(&b);
		for (size_t j = 0; j < nf; j++) {
			buf_adds(&b, r[i].out[j]);
			buf_addc(&b, KEY_SEP);
		}
		keys[m++] = (struct keyed){ arena_strdup(a, b.s), i };
	}
	buf_release(&b);
	qsort(keys, m, sizeof(*keys), by_key);
	return m;
}

/*
 * Moves record r one step up the schedule from *cursor: the first step
 * that changes its released values.  False when none is left.
 */
static bool
climb(const struct kanon_field *f, const struct kanon_step *steps,
    size_t nsteps, struct kanon_record *r, size_t *cursor, struct arena *a)
{
	while (*cursor < nsteps) {
		const struct kanon_step *s = &steps[(*cursor)++];
		const char *v;

		if (s->level <= r->level[s->field])
			continue;
		v = kanon_at(&f[s->field], r->in[s->field], s->level, a);
		if (STREQ(v, r->out[s->field]))
			continue;
		r->out[s->field] = v;
		r->level[s->field] = s->level;
		return true;
	}
	return false;
}

static void
report(const struct kanon_field *f, size_t nf, const struct kanon_record *r,
    size_t n, const struct keyed *keys, size_t m, struct arena *a,
    struct kanon_report *rep)
{
	*rep = (struct kanon_report){ .records = n, .released = m,
	    .suppressed = n - m };
	for (size_t g = 0; g < m;) {
		size_t end = g + 1;

		while (end < m && STREQ(keys[end].key, keys[g].key))
			end++;
		rep->groups++;
		if (!rep->smallest || end - g < rep->smallest)
			rep->smallest = end - g;
		g = end;
	}
	for (size_t i = 0; i < n; i++) {
		if (r[i].suppressed)
			continue;
		for (size_t j = 0; j < nf; j++) {
			const char *v = r[i].in[j];

			if (STREQ(r[i].out[j], kanon_at(&f[j], v, 0, a)))
				continue;
			if (*r[i].out[j])
				rep->generalised[j]++;
			else
				rep->blanked[j]++;
		}
	}
}

void
kanon_apply(const struct kanon_field *f, size_t nf,
    const struct kanon_step *steps, size_t nsteps, struct kanon_record *r,
    size_t n, int k, struct arena *a, struct kanon_report *rep)
{
	struct keyed *keys = arena_array(a, n ? n : 1, sizeof(*keys));
	size_t *cursor = arena_array(a, n ? n : 1, sizeof(*cursor));
	size_t m;
	bool moved;

	assert(nf <= KANON_MAX_FIELDS && k >= 1);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < nf; j++) {
			r[i].out[j] = r[i].in[j];
			r[i].level[j] = 0;
		}
		r[i].suppressed = false;
		cursor[i] = 0;
	}
	do {
		moved = false;
		m = group(r, n, nf, a, keys);
		for (size_t g = 0; g < m;) {
			size_t end = g + 1;

			while (end < m && STREQ(keys[end].key, keys[g].key))
				end++;
			if (end - g < (size_t)k)
				for (size_t x = g; x < end; x++) {
					size_t i = keys[x].i;

					if (!climb(f, steps, nsteps, &r[i],
					    &cursor[i], a))
						r[i].suppressed = true;
					moved = true;
				}
			g = end;
		}
	} while (moved);
	report(f, nf, r, n, keys, m, a, rep);
}
