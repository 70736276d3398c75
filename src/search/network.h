/* SPDX-License-Identifier: Apache-2.0 */
/*
 * network.h - the network behind a person or a case: who and what is
 * connected to it through identifiers, roles and calls.
 *
 * The graph has three kinds of nodes, persons, cases and identifiers, and
 * three kinds of edges: a link (an identifier attached to a person or a
 * case), a role (a person in a case) and a call (from one phone
 * identifier to another, summed over the calls of a pair).  It is walked
 * breadth first from the start, one level at a time: depth 1 holds the
 * start's identifiers, its people (or cases) and whoever shares an
 * identifier with it or called one of its numbers; each further level
 * goes one identifier, role or call further.  At most max_nodes nodes are
 * taken; truncated says when more were connected.
 *
 * What the caller may see is the policy's to say (core/links.c holds the
 * access rules): a case, a person, a person's role in a case.  A link
 * belongs to its case, or, recorded without one, to the agency that
 * recorded it; a call to the case it was imported into.  What the policy
 * hides is neither returned nor counted, nor walked through.
 */
#ifndef TIPSOM_SEARCH_NETWORK_H
#define TIPSOM_SEARCH_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/case.h"
#include "model/links.h"

struct arena;
struct err;
struct store;

enum network_node_type {
	NODE_PERSON,
	NODE_CASE,
	NODE_IDENTIFIER,
	NODE__MAX
};

enum network_edge_kind {
	EDGE_LINK,		/* an identifier and a person or a case */
	EDGE_ROLE,		/* a person and a case */
	EDGE_CALL,		/* from one identifier to another */
	EDGE__MAX
};

struct network_node {
	enum network_node_type	 type;
	int64_t			 id;
	int			 depth;		/* 0: the start */
	const struct case_row	*c;		/* NODE_CASE */
	struct identifier_row	 identifier;	/* NODE_IDENTIFIER */
	const char		*name;		/* NODE_PERSON, when the
						 * caller fills it, or NULL */
};

struct network_edge {
	enum network_edge_kind	 kind;
	size_t			 from, to;	/* node indexes; a call goes
						 * from the caller */
	int64_t			 link_id;	/* EDGE_LINK */
	enum link_source	 source;	/* EDGE_LINK */
	enum case_role		 role;		/* EDGE_ROLE */
	int64_t			 calls, seconds;	/* EDGE_CALL */
	const char		*first, *last;	/* EDGE_CALL */
};

struct network {
	struct network_node	*nodes;		/* the start first */
	size_t			 n_nodes;
	struct network_edge	*edges;
	size_t			 n_edges;
	int			 depth;
	bool			 truncated;	/* more nodes were connected */
};

/*
 * What the caller sees.  case_seen sets *c to case case_id when its
 * links may be seen, else to NULL; role_seen says whether a role in a
 * case case_seen showed may be seen; person_seen whether a person may.
 * Each returns -1 with *err when it cannot tell.  agency_id: the
 * caller's agency, whose links without a case it sees.
 */
struct network_policy {
	void		*arg;
	int64_t		 agency_id;
	int		(*case_seen)(void *arg, int64_t case_id,
			    const struct case_row **c, struct err *err);
	bool		(*role_seen)(void *arg, int64_t case_id,
			    enum case_role role);
	int		(*person_seen)(void *arg, int64_t person_id,
			    bool *seen, struct err *err);
};

/*
 * Walks the network of the node (type, id) to depth (1 to 3), taking at
 * most max_nodes nodes, into *out (in a).  The start must be one the
 * policy shows: the caller checks it.
 */
int		 network_build(struct store *st, struct arena *a,
		    enum network_node_type type, int64_t id, int depth,
		    size_t max_nodes, const struct network_policy *policy,
		    struct network *out, struct err *err);

/* The stable names of node types and edge kinds ("person", "call"). */
const char	*network_node_type_name(enum network_node_type t);
const char	*network_edge_kind_name(enum network_edge_kind k);

/* The stable id of node n in exports: "person:4", "case:REF",
 * "identifier:17", in a. */
const char	*network_node_key(struct arena *a,
		    const struct network_node *n);

#endif
