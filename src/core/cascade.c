/* SPDX-License-Identifier: Apache-2.0 */
/* cascade.c - the reach of a training-of-trainers session. */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/util.h"
#include "core/cascade.h"
#include "base/banned.h"

static const struct course_session_row *
session_of(const struct cascade_input *in, int64_t id)
{
	for (size_t i = 0; i < in->n_sessions; i++)
		if (in->sessions[i].id == id)
			return &in->sessions[i];
	return NULL;
}

static const struct participant_row *
person_of(const struct cascade_input *in, int64_t id)
{
	for (size_t i = 0; i < in->n_persons; i++)
		if (in->persons[i].id == id)
			return &in->persons[i];
	return NULL;
}

static bool
visited(const struct cascade_result *out, int64_t session)
{
	for (size_t i = 0; i < out->n_nodes; i++)
		if (out->nodes[i].s->id == session)
			return true;
	return false;
}

void
cascade_count_add(struct cascade_count *list, size_t *n, const char *value)
{
	for (size_t i = 0; i < *n; i++)
		if (STREQ(list[i].value, value)) {
			list[i].n++;
			return;
		}
	list[(*n)++] = (struct cascade_count){ value, 1 };
}

static int
most_first(const void *a, const void *b)
{
	const struct cascade_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->value, y->value);
}

static int
by_depth_then_start(const void *a, const void *b)
{
	const struct cascade_node *x = a, *y = b;
	int c;

	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	if ((c = strcmp(x->s->starts_on, y->s->starts_on)) != 0)
		return c;
	return x->s->id < y->s->id ? -1 : x->s->id > y->s->id;
}

/* A person reached in the generation of node; once only. */
static void
reach(const struct cascade_input *in, struct cascade_result *out,
    int64_t *seen, int64_t person, int depth)
{
	const struct participant_row *p;

	for (size_t i = 0; i < out->reach; i++)
		if (seen[i] == person)
			return;
	seen[out->reach++] = person;
	out->persons_at[depth]++;
	if (!(p = person_of(in, person)))
		return;
	if ((unsigned)p->sex < SEX__MAX)
		out->by_sex[p->sex]++;
	cascade_count_add(out->by_organisation, &out->n_organisations,
	    p->organisation);
	cascade_count_add(out->by_region, &out->n_regions, p->region);
}

bool
cascade_reach(const struct cascade_input *in, int64_t root,
    struct arena *a, struct cascade_result *out)
{
	const struct course_session_row *first = session_of(in, root);
	int64_t *seen;

	*out = (struct cascade_result){ 0 };
	if (!first)
		return false;
	out->nodes = arena_array(a, in->n_sessions + 1, sizeof(*out->nodes));
	out->by_organisation = arena_array(a, in->n_links + 1,
	    sizeof(*out->by_organisation));
	out->by_region = arena_array(a, in->n_links + 1,
	    sizeof(*out->by_region));
	seen = arena_array(a, in->n_links + 1, sizeof(*seen));
	out->nodes[out->n_nodes++] = (struct cascade_node){ first, 1, 0, 0 };
	/* Breadth first: nodes is the queue, so a session is reached at the
	 * shallowest depth, and generations come in order. */
	for (size_t q = 0; q < out->n_nodes; q++) {
		const struct cascade_node node = out->nodes[q];

		out->sessions_at[node.depth]++;
		if (node.depth > out->depth)
			out->depth = node.depth;
		for (size_t i = 0; i < in->n_links; i++) {
			const struct session_link_row *l = &in->links[i];

			if (l->session_id != node.s->id || l->trainer)
				continue;
			reach(in, out, seen, l->participant_id, node.depth);
			/* The sessions this participant went on to train. */
			for (size_t j = 0; j < in->n_links; j++) {
				const struct session_link_row *t = &in->links[j];
				const struct course_session_row *next;

				if (!t->trainer ||
				    t->participant_id != l->participant_id ||
				    visited(out, t->session_id) ||
				    !(next = session_of(in, t->session_id)) ||
				    strcmp(next->starts_on, node.s->ends_on) < 0)
					continue;
				if (node.depth == CASCADE_MAX_DEPTH) {
					out->cut = true;
					continue;
				}
				out->nodes[out->n_nodes++] =
				    (struct cascade_node){ next,
				    node.depth + 1, node.s->id,
				    l->participant_id };
			}
		}
	}
	qsort(out->nodes + 1, out->n_nodes - 1, sizeof(*out->nodes),
	    by_depth_then_start);
	qsort(out->by_organisation, out->n_organisations,
	    sizeof(*out->by_organisation), most_first);
	qsort(out->by_region, out->n_regions, sizeof(*out->by_region),
	    most_first);
	return true;
}
