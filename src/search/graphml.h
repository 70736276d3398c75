/* SPDX-License-Identifier: Apache-2.0 */
/*
 * graphml.h - a network as GraphML (http://graphml.graphdrawing.org/),
 * which Gephi, yEd, Cytoscape and i2-style analysis tools read.
 *
 * Nodes carry their type (person, case, identifier), a label (the name
 * when the network has names, else "person N"; the reference; the
 * identifier's normalised value) and what each type has (kind, value,
 * reference, title, agency, depth); edges their kind (link, role, call),
 * a label, and for calls their count, seconds, first and last.  Call
 * edges are directed, from the caller.  Written with libxml2's text
 * writer, which escapes every text and attribute.
 */
#ifndef TIPSOM_SEARCH_GRAPHML_H
#define TIPSOM_SEARCH_GRAPHML_H

struct arena;
struct err;
struct network;

/*
 * The document of n, NUL-terminated UTF-8 in a.  NULL with ERR_INTERNAL
 * when libxml2 fails.
 */
char		*graphml_write(struct arena *a, const struct network *n,
		    struct err *err);

#endif
