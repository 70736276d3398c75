/* SPDX-License-Identifier: Apache-2.0 */
/* store_awareness.c - awareness sessions, their organisers and materials,
 * and what statistics count of them. */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

static void
read_session(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct awareness_row *s = out;

	*s = (struct awareness_row){ 0 };
	s->id = store__int(st, id, 0);
	s->agency_id = store__int(st, id, 1);
	s->agency = store__text(st, id, 2, a);
	s->kind = store__enum(st, id, 3, &awareness_kind_desc,
	    AWARENESS_KIND_COMMUNITY);
	s->held_on = store__text(st, id, 4, a);
	s->place = store__text(st, id, 5, a);
	s->region = store__text(st, id, 6, a);
	s->audience = store__enum(st, id, 7, &audience_desc,
	    AUDIENCE_GENERAL_PUBLIC);
	for (int c = 0; c < AWARENESS_COUNT__MAX; c++)
		s->counts[c] = (int)store__int(st, id, 8 + c);
	s->materials_other = store__text(st, id, 12, a);
	s->feedback = store__text(st, id, 13, a);
	s->created_at = store__text(st, id, 14, a);
	s->updated_at = store__text(st, id, 15, a);
	s->version = store__int(st, id, 16);
}

/* The values an insert and an update share, from position pos. */
static void
bind_values(struct store *st, enum stmt id, int pos,
    const struct awareness_row *s)
{
	store__bind_text(st, id, pos, enum_name(&awareness_kind_desc,
	    (int)s->kind));
	store__bind_text(st, id, pos + 1, s->held_on);
	store__bind_text(st, id, pos + 2, s->place);
	store__bind_text(st, id, pos + 3, s->region);
	store__bind_text(st, id, pos + 4, enum_name(&audience_desc,
	    (int)s->audience));
	for (int c = 0; c < AWARENESS_COUNT__MAX; c++)
		store__bind_int(st, id, pos + 5 + c, s->counts[c]);
	store__bind_text(st, id, pos + 9, s->materials_other);
	store__bind_text(st, id, pos + 10, s->feedback);
}

int
store_awareness_insert(struct store *st, struct awareness_row *s,
    int64_t by, struct err *err)
{
	enum stmt id = STMT_AWARENESS_INSERT;

	store__bind_int(st, id, 1, s->agency_id);
	bind_values(st, id, 2, s);
	store__bind_text(st, id, 13, s->created_at);
	store__bind_int(st, id, 14, by);
	s->version = 1;
	return store__one_int(st, id, "awareness session", &s->id, err);
}

int
store_awareness_update(struct store *st, struct awareness_row *s,
    struct err *err)
{
	enum stmt id = STMT_AWARENESS_UPDATE;

	store__bind_int(st, id, 1, s->id);
	store__bind_int(st, id, 2, s->version);
	bind_values(st, id, 3, s);
	store__bind_text(st, id, 14, s->updated_at);
	return store__update_versioned(st, id, &s->version, err);
}

int
store_awareness_get(struct store *st, int64_t session_id, struct arena *a,
    struct awareness_row *s, struct err *err)
{
	store__bind_int(st, STMT_AWARENESS_GET, 1, session_id);
	if (store__get(st, STMT_AWARENESS_GET, "awareness session", a, s,
	    read_session, err) == -1)
		return -1;
	return store_awareness_links(st, a, s, err);
}

int
store_awareness_list(struct store *st, int64_t agency_id, const char *from,
    const char *to, const char *region, int limit, int offset,
    struct arena *a, struct awareness_row **rows, size_t *n,
    struct err *err)
{
	enum stmt id = STMT_AWARENESS_LIST;

	store__bind_int(st, id, 1, agency_id);
	store__bind_text(st, id, 2, from);
	store__bind_text(st, id, 3, to);
	store__bind_text(st, id, 4, region);
	store__bind_int(st, id, 5, limit);
	store__bind_int(st, id, 6, offset);
	if (store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_session, err) == -1)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if (store_awareness_links(st, a, &(*rows)[i], err) == -1)
			return -1;
	return 0;
}

int
store_awareness_set_links(struct store *st, const struct awareness_row *s,
    struct err *err)
{
	store__bind_int(st, STMT_AWARENESS_ORGANISERS_CLEAR, 1, s->id);
	if (store__exec(st, STMT_AWARENESS_ORGANISERS_CLEAR, err) == -1)
		return -1;
	store__bind_int(st, STMT_AWARENESS_MATERIALS_CLEAR, 1, s->id);
	if (store__exec(st, STMT_AWARENESS_MATERIALS_CLEAR, err) == -1)
		return -1;
	for (size_t i = 0; i < s->n_organisers; i++) {
		store__bind_int(st, STMT_AWARENESS_ORGANISER_INSERT, 1, s->id);
		store__bind_int(st, STMT_AWARENESS_ORGANISER_INSERT, 2,
		    s->organisers[i].agency_id);
		if (store__exec(st, STMT_AWARENESS_ORGANISER_INSERT,
		    err) == -1)
			return -1;
	}
	for (size_t i = 0; i < s->n_materials; i++) {
		store__bind_int(st, STMT_AWARENESS_MATERIAL_INSERT, 1, s->id);
		store__bind_text(st, STMT_AWARENESS_MATERIAL_INSERT, 2,
		    s->materials[i]);
		if (store__exec(st, STMT_AWARENESS_MATERIAL_INSERT, err) == -1)
			return -1;
	}
	return 0;
}

static void
read_text(struct store *st, enum stmt id, struct arena *a, void *out)
{
	*(const char **)out = store__text(st, id, 0, a);
}

static void
read_organiser(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct awareness_organiser *o = out;

	o->agency_id = store__int(st, id, 0);
	o->code = store__text(st, id, 1, a);
}

int
store_awareness_links(struct store *st, struct arena *a,
    struct awareness_row *s, struct err *err)
{
	store__bind_int(st, STMT_AWARENESS_ORGANISERS, 1, s->id);
	if (store__all(st, STMT_AWARENESS_ORGANISERS, a,
	    (void **)&s->organisers, &s->n_organisers,
	    sizeof(*s->organisers), read_organiser, err) == -1)
		return -1;
	store__bind_int(st, STMT_AWARENESS_MATERIALS, 1, s->id);
	return store__all(st, STMT_AWARENESS_MATERIALS, a,
	    (void **)&s->materials, &s->n_materials, sizeof(char *),
	    read_text, err);
}

static void
read_stats(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct awareness_stats_row *s = out;

	s->id = store__int(st, id, 0);
	s->kind = store__enum(st, id, 1, &awareness_kind_desc,
	    AWARENESS_KIND_COMMUNITY);
	s->held_on = store__text(st, id, 2, a);
	s->region = store__text(st, id, 3, a);
	s->audience = store__enum(st, id, 4, &audience_desc,
	    AUDIENCE_GENERAL_PUBLIC);
	for (int c = 0; c < AWARENESS_COUNT__MAX; c++)
		s->counts[c] = (int)store__int(st, id, 5 + c);
	s->organisers = "";
}

struct organiser_pair {
	int64_t		 session_id;
	const char	*code;
};

static void
read_pair(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct organiser_pair *p = out;

	p->session_id = store__int(st, id, 0);
	p->code = store__text(st, id, 1, a);
}

static void
bind_filter(struct store *st, enum stmt id,
    const struct store_stats_filter *f)
{
	store__bind_text(st, id, 1, f->from);
	store__bind_text(st, id, 2, f->to);
	store__bind_int(st, id, 3, f->agency_id);
}

int
store_stats_awareness(struct store *st, const struct store_stats_filter *f,
    struct arena *a, struct awareness_stats_row **rows, size_t *n,
    struct err *err)
{
	struct organiser_pair *pairs;
	size_t n_pairs, j = 0;

	bind_filter(st, STMT_STATS_AWARENESS, f);
	if (store__all(st, STMT_STATS_AWARENESS, a, (void **)rows, n,
	    sizeof(**rows), read_stats, err) == -1)
		return -1;
	bind_filter(st, STMT_STATS_AWARENESS_ORGANISERS, f);
	if (store__all(st, STMT_STATS_AWARENESS_ORGANISERS, a,
	    (void **)&pairs, &n_pairs, sizeof(*pairs), read_pair, err) == -1)
		return -1;
	/* Both in the order of the sessions' ids: one pass joins them. */
	for (size_t i = 0; i < *n; i++) {
		struct awareness_stats_row *s = &(*rows)[i];

		while (j < n_pairs && pairs[j].session_id < s->id)
			j++;
		for (; j < n_pairs && pairs[j].session_id == s->id; j++)
			s->organisers = *s->organisers ? arena_printf(a,
			    "%s,%s", s->organisers, pairs[j].code) :
			    pairs[j].code;
	}
	return 0;
}
