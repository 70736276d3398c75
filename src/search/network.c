/* SPDX-License-Identifier: Apache-2.0 */
/*
 * network.c - walking the network of identifiers, roles and calls.
 *
 * A level-by-level walk (Dijkstra on small whole distances): a link or a
 * call is one step, a role two, so that a person in a case is as far from
 * it as a person sharing one of its identifiers.  Level d of the caller's
 * depth holds what is at most 2d steps away.  Nodes and edges are found
 * through two small hash tables, so that a node met again (from the other
 * side of a link, or through another identifier) is one node.
 */
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "search/network.h"
#include "store/store.h"
#include "base/banned.h"

#define STEPS_MAX	6		/* 2 steps a level, 3 levels */

struct key {
	int64_t		 a, b, c;
};

struct slot {
	struct key	 k;
	size_t		 index;
	bool		 used;
};

struct map {
	struct slot	*slots;
	size_t		 cap;		/* a power of two */
};

struct walk {
	struct store			*st;
	struct arena			*a;
	const struct network_policy	*p;
	struct network			*net;
	struct map			 nodes, edges;
	int				*steps;		/* per node */
	size_t				 max_nodes, max_edges;
	size_t				 edge_cap;
	size_t				*todo[STEPS_MAX + 1];
	size_t				 n_todo[STEPS_MAX + 1];
	size_t				 todo_cap[STEPS_MAX + 1];
	int				 max_steps;
};

static void
map_init(struct arena *a, struct map *m, size_t at_least)
{
	m->cap = 64;
	while (m->cap < at_least * 2)
		m->cap *= 2;
	m->slots = arena_array(a, m->cap, sizeof(*m->slots));
}

static uint64_t
mix(uint64_t h)
{
	/* splitmix64's finaliser */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebu;
	return h ^ (h >> 31);
}

/* The slot of k: its own, or the free one it would take. */
static struct slot *
map_slot(struct map *m, const struct key *k)
{
	uint64_t h = mix(mix(mix((uint64_t)k->a) ^ (uint64_t)k->b) ^
	    (uint64_t)k->c);
	size_t i = (size_t)h & (m->cap - 1);

	for (;;) {
		struct slot *s = &m->slots[i];

		if (!s->used || (s->k.a == k->a && s->k.b == k->b &&
		    s->k.c == k->c))
			return s;
		i = (i + 1) & (m->cap - 1);
	}
}

static void
push(struct walk *w, size_t node, int steps)
{
	w->todo[steps] = arena_grow(w->a, w->todo[steps], w->n_todo[steps],
	    &w->todo_cap[steps], w->n_todo[steps] + 1, sizeof(size_t));
	w->todo[steps][w->n_todo[steps]++] = node;
}

/*
 * The node (type, id) at steps from the start: found, or added when the
 * walk may still go that far and there is room.  SIZE_MAX when it is not
 * in the network.
 */
static size_t
node_at(struct walk *w, enum network_node_type type, int64_t id, int steps)
{
	struct key k = { type, id, 0 };
	struct slot *s = map_slot(&w->nodes, &k);
	struct network *net = w->net;
	size_t i;

	if (s->used) {
		i = s->index;
		if (steps < w->steps[i]) {
			w->steps[i] = steps;
			push(w, i, steps);
		}
		return i;
	}
	if (steps > w->max_steps)
		return SIZE_MAX;
	if (net->n_nodes == w->max_nodes) {
		net->truncated = true;
		return SIZE_MAX;
	}
	i = net->n_nodes++;
	net->nodes[i] = (struct network_node){ .type = type, .id = id };
	w->steps[i] = steps;
	*s = (struct slot){ .k = k, .index = i, .used = true };
	push(w, i, steps);
	return i;
}

/* Adds edge e once, whichever side it is met from. */
static void
edge_add(struct walk *w, const struct key *k, const struct network_edge *e)
{
	struct slot *s = map_slot(&w->edges, k);
	struct network *net = w->net;

	if (s->used)
		return;
	if (net->n_edges == w->max_edges) {
		net->truncated = true;
		return;
	}
	net->edges = arena_grow(w->a, net->edges, net->n_edges, &w->edge_cap,
	    net->n_edges + 1, sizeof(*net->edges));
	net->edges[net->n_edges] = *e;
	*s = (struct slot){ .k = *k, .index = net->n_edges++, .used = true };
}

/* Whether link l is seen: with its case, or the caller's own without. */
static int
link_seen(struct walk *w, const struct link_row *l, const struct case_row **c,
    bool *seen, struct err *err)
{
	*c = NULL;
	if (!l->case_id) {
		*seen = l->agency_id == w->p->agency_id;
		return 0;
	}
	if (w->p->case_seen(w->p->arg, l->case_id, c, err) == -1)
		return -1;
	*seen = *c != NULL;
	return 0;
}

static size_t
case_node(struct walk *w, const struct case_row *c, int steps)
{
	size_t i = node_at(w, NODE_CASE, c->id, steps);

	if (i != SIZE_MAX)
		w->net->nodes[i].c = c;
	return i;
}

static size_t
identifier_node(struct walk *w, const struct identifier_row *r, int steps)
{
	size_t i = node_at(w, NODE_IDENTIFIER, r->id, steps);

	if (i != SIZE_MAX)
		w->net->nodes[i].identifier = *r;
	return i;
}

static void
link_edge(struct walk *w, const struct link_row *l, size_t ident,
    size_t other, int side)
{
	struct key k = { EDGE_LINK, l->id, side };

	if (ident == SIZE_MAX || other == SIZE_MAX)
		return;
	edge_add(w, &k, &(struct network_edge){ .kind = EDGE_LINK,
	    .from = other, .to = ident, .link_id = l->id,
	    .source = l->source });
}

static void
role_edge(struct walk *w, const struct case_person_row *r, size_t person,
    size_t c)
{
	struct key k = { EDGE_ROLE, r->case_id, r->person_id * 16 + r->role };

	if (person == SIZE_MAX || c == SIZE_MAX)
		return;
	edge_add(w, &k, &(struct network_edge){ .kind = EDGE_ROLE,
	    .from = person, .to = c, .role = r->role });
}

/*
 * The links of node u.  From a person or a case, one step to each
 * identifier; from an identifier, one step to each person and case it is
 * linked to.
 */
static int
expand_links(struct walk *w, size_t u, enum link_list of, int steps,
    struct err *err)
{
	struct link_row *links;
	size_t count;

	if (store_link_list(w->st, of, w->net->nodes[u].id, w->a, &links,
	    &count, err) == -1)
		return -1;
	for (size_t i = 0; i < count; i++) {
		const struct link_row *l = &links[i];
		const struct case_row *c;
		struct identifier_row r = { .id = l->identifier_id,
		    .kind = l->kind, .normalised = l->normalised,
		    .value = l->value };
		bool seen;

		if (link_seen(w, l, &c, &seen, err) == -1)
			return -1;
		if (!seen)
			continue;
		if (of != LINKS_OF_IDENTIFIER) {
			link_edge(w, l, identifier_node(w, &r, steps + 1), u,
			    of == LINKS_OF_CASE ? 'c' : 'p');
			continue;
		}
		if (c)
			link_edge(w, l, u, case_node(w, c, steps + 1), 'c');
		if (!l->person_id)
			continue;
		if (w->p->person_seen(w->p->arg, l->person_id, &seen,
		    err) == -1)
			return -1;
		if (seen)
			link_edge(w, l, u, node_at(w, NODE_PERSON,
			    l->person_id, steps + 1), 'p');
	}
	return 0;
}

/* The roles of person or case u: two steps to the other side. */
static int
expand_roles(struct walk *w, size_t u, int steps, struct err *err)
{
	const struct network_node n = w->net->nodes[u];
	struct case_person_row *roles;
	size_t count;
	bool person = n.type == NODE_PERSON;

	if ((person ? store_person_case_list(w->st, n.id, w->a, &roles,
	    &count, err) : store_case_person_list(w->st, n.id, w->a, &roles,
	    &count, err)) == -1)
		return -1;
	for (size_t i = 0; i < count; i++) {
		const struct case_person_row *r = &roles[i];
		const struct case_row *c;
		bool seen;

		if (w->p->case_seen(w->p->arg, r->case_id, &c, err) == -1)
			return -1;
		if (!c || !w->p->role_seen(w->p->arg, r->case_id, r->role))
			continue;
		if (w->p->person_seen(w->p->arg, r->person_id, &seen,
		    err) == -1)
			return -1;
		if (!seen)
			continue;
		if (person)
			role_edge(w, r, u, case_node(w, c, steps + 2));
		else
			role_edge(w, r, node_at(w, NODE_PERSON, r->person_id,
			    steps + 2), u);
	}
	return 0;
}

/*
 * The calls to and from identifier u, one edge a pair summed over the
 * cases that are seen.  A pair met again from its other end was summed
 * whole when that end was expanded: only the edges this expansion makes
 * are summed here.
 */
static int
expand_calls(struct walk *w, size_t u, int steps, struct err *err)
{
	struct call_pair_row *pairs;
	size_t count, made = w->net->n_edges;

	if (store_call_pairs(w->st, w->net->nodes[u].id, w->a, &pairs, &count,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < count; i++) {
		const struct call_pair_row *p = &pairs[i];
		const struct case_row *c;
		struct key k = { EDGE_CALL, p->caller.id, p->callee.id };
		struct network_edge *e;
		struct slot *s;
		size_t from, to;

		if (w->p->case_seen(w->p->arg, p->case_id, &c, err) == -1)
			return -1;
		if (!c)
			continue;
		from = identifier_node(w, &p->caller, steps + 1);
		to = identifier_node(w, &p->callee, steps + 1);
		if (from == SIZE_MAX || to == SIZE_MAX)
			continue;
		s = map_slot(&w->edges, &k);
		if (s->used && s->index < made)
			continue;
		if (!s->used) {
			edge_add(w, &k, &(struct network_edge){
			    .kind = EDGE_CALL, .from = from, .to = to,
			    .first = p->first, .last = p->last });
			if (!s->used)
				continue;	/* no room */
		}
		e = &w->net->edges[s->index];
		e->calls += p->calls;
		e->seconds += p->seconds;
		if (strcmp(p->first, e->first) < 0)
			e->first = p->first;
		if (strcmp(p->last, e->last) > 0)
			e->last = p->last;
	}
	return 0;
}

static int
expand(struct walk *w, size_t u, int steps, struct err *err)
{
	switch (w->net->nodes[u].type) {
	case NODE_PERSON:
		return expand_links(w, u, LINKS_OF_PERSON, steps, err) == -1 ?
		    -1 : expand_roles(w, u, steps, err);
	case NODE_CASE:
		return expand_links(w, u, LINKS_OF_CASE, steps, err) == -1 ?
		    -1 : expand_roles(w, u, steps, err);
	case NODE_IDENTIFIER:
		return expand_links(w, u, LINKS_OF_IDENTIFIER, steps,
		    err) == -1 ? -1 : expand_calls(w, u, steps, err);
	case NODE__MAX:
		break;
	}
	return 0;
}

int
network_build(struct store *st, struct arena *a, enum network_node_type type,
    int64_t id, int depth, size_t max_nodes,
    const struct network_policy *policy, struct network *out,
    struct err *err)
{
	struct walk w = { .st = st, .a = a, .p = policy, .net = out,
	    .max_nodes = max_nodes, .max_edges = max_nodes * 8,
	    .max_steps = depth * 2 };
	const struct case_row *c = NULL;

	*out = (struct network){ .depth = depth };
	if (depth < 1 || depth * 2 > STEPS_MAX || max_nodes < 1)
		return err_set(err, ERR_INVALID, "depth", "depth %d is out of "
		    "range: give 1 to %d", depth, STEPS_MAX / 2);
	if (type == NODE_CASE) {
		if (policy->case_seen(policy->arg, id, &c, err) == -1)
			return -1;
		if (!c)
			return err_set(err, ERR_NOT_FOUND, "case", "the case "
			    "is not one you may see");
	}
	out->nodes = arena_array(a, max_nodes, sizeof(*out->nodes));
	w.steps = arena_array(a, max_nodes, sizeof(*w.steps));
	map_init(a, &w.nodes, max_nodes);
	map_init(a, &w.edges, w.max_edges);
	if (c)
		case_node(&w, c, 0);
	else
		node_at(&w, type, id, 0);
	/* Every node is expanded, the last level too, so that the edges
	 * between the nodes taken are all there; only nodes within reach
	 * are added. */
	for (int s = 0; s <= w.max_steps; s++) {
		for (size_t i = 0; i < w.n_todo[s]; i++) {
			size_t u = w.todo[s][i];

			if (w.steps[u] != s)
				continue;	/* met nearer since */
			if (expand(&w, u, s, err) == -1)
				return -1;
		}
	}
	for (size_t i = 0; i < out->n_nodes; i++)
		out->nodes[i].depth = (w.steps[i] + 1) / 2;
	return 0;
}

const char *
network_node_type_name(enum network_node_type t)
{
	static const char *const names[NODE__MAX] = {
		[NODE_PERSON] = "person", [NODE_CASE] = "case",
		[NODE_IDENTIFIER] = "identifier",
	};

	return (unsigned)t < NODE__MAX ? names[t] : "?";
}

const char *
network_edge_kind_name(enum network_edge_kind k)
{
	static const char *const names[EDGE__MAX] = {
		[EDGE_LINK] = "link", [EDGE_ROLE] = "role",
		[EDGE_CALL] = "call",
	};

	return (unsigned)k < EDGE__MAX ? names[k] : "?";
}

const char *
network_node_key(struct arena *a, const struct network_node *n)
{
	if (n->type == NODE_CASE && n->c)
		return arena_printf(a, "case:%s", n->c->ref);
	return arena_printf(a, "%s:%lld", network_node_type_name(n->type),
	    (long long)n->id);
}
