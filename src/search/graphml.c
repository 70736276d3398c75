/* SPDX-License-Identifier: Apache-2.0 */
/* graphml.c - networks as GraphML, through libxml2's text writer. */
#include <inttypes.h>
#include <stdio.h>

#include <libxml/xmlwriter.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/util.h"
#include "search/graphml.h"
#include "search/network.h"
#include "base/banned.h"

#define NS	"http://graphml.graphdrawing.org/xmlns"

/* The attributes a node or an edge may carry: id, for, name, type. */
static const char *const keys[][4] = {
	{ "type", "node", "type", "string" },
	{ "label", "node", "label", "string" },
	{ "kind", "node", "kind", "string" },
	{ "value", "node", "value", "string" },
	{ "title", "node", "title", "string" },
	{ "agency", "node", "agency", "string" },
	{ "depth", "node", "depth", "int" },
	{ "ekind", "edge", "kind", "string" },
	{ "elabel", "edge", "label", "string" },
	{ "calls", "edge", "calls", "long" },
	{ "seconds", "edge", "seconds", "long" },
	{ "first", "edge", "first", "string" },
	{ "last", "edge", "last", "string" },
};

#define X(s)	((const xmlChar *)(s))

/* <data key="key">value</data>, left out for NULL.  libxml2 returns -1
 * on failure, counted in *bad. */
static void
data(xmlTextWriterPtr w, const char *key, const char *value, int *bad)
{
	if (!value)
		return;
	*bad |= xmlTextWriterStartElement(w, X("data")) < 0;
	*bad |= xmlTextWriterWriteAttribute(w, X("key"), X(key)) < 0;
	*bad |= xmlTextWriterWriteString(w, X(value)) < 0;
	*bad |= xmlTextWriterEndElement(w) < 0;
}

static void
node(struct arena *a, xmlTextWriterPtr w, const struct network_node *n,
    int *bad)
{
	const char *label = NULL, *kind = NULL, *value = NULL, *title = NULL,
	    *agency = NULL;

	switch (n->type) {
	case NODE_PERSON:
		label = n->name && *n->name ? n->name :
		    arena_printf(a, "person %" PRId64, n->id);
		break;
	case NODE_CASE:
		label = n->c->ref;
		kind = enum_name(&case_kind_desc, n->c->kind);
		title = n->c->title;
		agency = n->c->agency_code;
		break;
	case NODE_IDENTIFIER:
		label = value = n->identifier.normalised;
		kind = enum_name(&identifier_kind_desc, n->identifier.kind);
		break;
	case NODE__MAX:
		break;
	}
	*bad |= xmlTextWriterStartElement(w, X("node")) < 0;
	*bad |= xmlTextWriterWriteAttribute(w, X("id"),
	    X(network_node_key(a, n))) < 0;
	data(w, "type", network_node_type_name(n->type), bad);
	data(w, "label", label, bad);
	data(w, "kind", kind, bad);
	data(w, "value", value, bad);
	data(w, "title", title, bad);
	data(w, "agency", agency, bad);
	data(w, "depth", arena_printf(a, "%d", n->depth), bad);
	*bad |= xmlTextWriterEndElement(w) < 0;
}

static void
edge(struct arena *a, xmlTextWriterPtr w, const struct network *net,
    size_t i, int *bad)
{
	const struct network_edge *e = &net->edges[i];
	const char *label = NULL;

	switch (e->kind) {
	case EDGE_LINK:
		label = enum_name(&link_source_desc, e->source);
		break;
	case EDGE_ROLE:
		label = case_role_name(e->role);
		break;
	case EDGE_CALL:
		label = arena_printf(a, "%" PRId64 " calls", e->calls);
		break;
	case EDGE__MAX:
		break;
	}
	*bad |= xmlTextWriterStartElement(w, X("edge")) < 0;
	*bad |= xmlTextWriterWriteAttribute(w, X("id"),
	    X(arena_printf(a, "e%zu", i + 1))) < 0;
	*bad |= xmlTextWriterWriteAttribute(w, X("source"),
	    X(network_node_key(a, &net->nodes[e->from]))) < 0;
	*bad |= xmlTextWriterWriteAttribute(w, X("target"),
	    X(network_node_key(a, &net->nodes[e->to]))) < 0;
	if (e->kind == EDGE_CALL)
		*bad |= xmlTextWriterWriteAttribute(w, X("directed"),
		    X("true")) < 0;
	data(w, "ekind", network_edge_kind_name(e->kind), bad);
	data(w, "elabel", label, bad);
	if (e->kind == EDGE_CALL) {
		data(w, "calls", arena_printf(a, "%" PRId64, e->calls), bad);
		data(w, "seconds", arena_printf(a, "%" PRId64, e->seconds),
		    bad);
		data(w, "first", e->first, bad);
		data(w, "last", e->last, bad);
	}
	*bad |= xmlTextWriterEndElement(w) < 0;
}

char *
graphml_write(struct arena *a, const struct network *n, struct err *err)
{
	xmlBufferPtr buf = xmlBufferCreate();
	xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
	char *out = NULL;
	int bad = 0;

	if (!w) {
		err_set(err, ERR_INTERNAL, NULL, "cannot start a GraphML "
		    "document: out of memory");
		goto out;
	}
	bad |= xmlTextWriterSetIndent(w, 1) < 0;
	bad |= xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) < 0;
	bad |= xmlTextWriterStartElementNS(w, NULL, X("graphml"), X(NS)) < 0;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		bad |= xmlTextWriterStartElement(w, X("key")) < 0;
		bad |= xmlTextWriterWriteAttribute(w, X("id"),
		    X(keys[i][0])) < 0;
		bad |= xmlTextWriterWriteAttribute(w, X("for"),
		    X(keys[i][1])) < 0;
		bad |= xmlTextWriterWriteAttribute(w, X("attr.name"),
		    X(keys[i][2])) < 0;
		bad |= xmlTextWriterWriteAttribute(w, X("attr.type"),
		    X(keys[i][3])) < 0;
		bad |= xmlTextWriterEndElement(w) < 0;
	}
	bad |= xmlTextWriterStartElement(w, X("graph")) < 0;
	bad |= xmlTextWriterWriteAttribute(w, X("id"), X("network")) < 0;
	bad |= xmlTextWriterWriteAttribute(w, X("edgedefault"),
	    X("undirected")) < 0;
	for (size_t i = 0; i < n->n_nodes; i++)
		node(a, w, &n->nodes[i], &bad);
	for (size_t i = 0; i < n->n_edges; i++)
		edge(a, w, n, i, &bad);
	bad |= xmlTextWriterEndDocument(w) < 0;
	xmlFreeTextWriter(w);
	w = NULL;
	if (bad) {
		err_set(err, ERR_INTERNAL, NULL, "cannot write the GraphML "
		    "document");
		goto out;
	}
	out = arena_strdup(a, (const char *)xmlBufferContent(buf));
out:
	xmlFreeTextWriter(w);
	xmlBufferFree(buf);
	return out;
}
