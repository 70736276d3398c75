/* SPDX-License-Identifier: Apache-2.0 */
/* links.c - identifiers linked to persons and cases, who may see them,
 * and the network behind a case. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/case.h"
#include "core/ctx.h"
#include "core/input.h"
#include "core/links.h"
#include "core/merge.h"
#include "core/person.h"
#include "search/identifier.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

static bool
given(const char *s)
{
	return s && *s;
}

/* ------------------------------------------------------------------ */
/* who sees what: the network's policy, with what it learnt kept      */
/* ------------------------------------------------------------------ */

struct seen_case {
	int64_t			 id;
	const struct case_row	*c;	/* NULL: its links are not seen */
	enum case_sight		 sight;
};

struct seen_person {
	int64_t			 id;
	bool			 seen;
};

struct sight {
	struct ctx		*ctx;
	struct seen_case	*cases;
	size_t			 n_cases, cap_cases;
	struct seen_person	*persons;
	size_t			 n_persons, cap_persons;
};

static struct seen_case *
sight_case(struct sight *s, int64_t id)
{
	for (size_t i = 0; i < s->n_cases; i++)
		if (s->cases[i].id == id)
			return &s->cases[i];
	return NULL;
}

/* Remembers case c (which the actor sees so). */
static void
sight_keep(struct sight *s, const struct case_row *c, enum case_sight sight)
{
	s->cases = arena_grow(s->ctx->arena, s->cases, s->n_cases,
	    &s->cap_cases, s->n_cases + 1, sizeof(*s->cases));
	s->cases[s->n_cases++] = (struct seen_case){ .id = c->id,
	    .c = access_sight_has(sight, PART_LINKS) ? c : NULL,
	    .sight = sight };
}

static int
case_seen(void *arg, int64_t id, const struct case_row **out,
    struct err *err)
{
	struct sight *s = arg;
	struct seen_case *k = sight_case(s, id);
	struct case_row *c;
	enum case_sight sight;

	if (!k) {
		c = arena_alloc(s->ctx->arena, sizeof(*c));
		if (store_case_by_id(s->ctx->store, id, s->ctx->arena, c,
		    err) == -1 ||
		    case__sight(s->ctx, c, &sight, err) == -1)
			return -1;
		sight_keep(s, c, sight);
		k = &s->cases[s->n_cases - 1];
	}
	*out = k->c;
	return 0;
}

static bool
role_seen(void *arg, int64_t case_id, enum case_role role)
{
	struct seen_case *k = sight_case(arg, case_id);

	return k && access_sight_has(k->sight, access_part_of_role(role));
}

static int
person_seen(void *arg, int64_t id, bool *seen, struct err *err)
{
	struct sight *s = arg;

	for (size_t i = 0; i < s->n_persons; i++)
		if (s->persons[i].id == id) {
			*seen = s->persons[i].seen;
			return 0;
		}
	if (person__visible(s->ctx, id, seen, err) == -1)
		return -1;
	s->persons = arena_grow(s->ctx->arena, s->persons, s->n_persons,
	    &s->cap_persons, s->n_persons + 1, sizeof(*s->persons));
	s->persons[s->n_persons++] = (struct seen_person){ id, *seen };
	return 0;
}

/* Whether the actor may see link l: with its case, or their agency's. */
static int
link_seen(struct sight *s, const struct link_row *l, bool *seen,
    struct err *err)
{
	const struct case_row *c;

	if (!l->case_id) {
		*seen = l->agency_id == s->ctx->actor.agency_id;
		return 0;
	}
	if (case_seen(s, l->case_id, &c, err) == -1)
		return -1;
	*seen = c != NULL;
	return 0;
}

/* Person id (as typed in field) when the actor sees them; a person they
 * may not see is not found. */
static int
visible_person(struct ctx *ctx, const char *text, const char *field,
    int64_t *id, struct err *err)
{
	bool seen;

	if (person_parse_id(text, field, id, err) == -1 ||
	    person__visible(ctx, *id, &seen, err) == -1)
		return -1;
	if (!seen)
		return err_set(err, ERR_NOT_FOUND, field, "person %" PRId64
		    " not found: check the id", *id);
	return 0;
}

/* ------------------------------------------------------------------ */
/* writes                                                             */
/* ------------------------------------------------------------------ */

/* Whether person pid is in case c. */
static int
in_case(struct ctx *ctx, const struct case_row *c, int64_t pid, bool *in,
    struct err *err)
{
	struct case_person_row *people;
	size_t n;

	*in = false;
	if (store_case_person_list(ctx->store, c->id, ctx->arena, &people, &n,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < n && !*in; i++)
		*in = people[i].person_id == pid;
	return 0;
}

/* The case of a write: the actor's agency's, open. */
static int
writable_case(struct ctx *ctx, const char *ref, struct case_row *c,
    struct err *err)
{
	if (case__find(ctx, ref, PERM_CASE_EDIT, c, err) == -1)
		return -1;
	if (c->status != CASE_STATUS_OPEN)
		return err_set(err, ERR_CONFLICT, "ref", "case %s is closed: "
		    "links are recorded on open cases", c->ref);
	return 0;
}

/* The audit record of a write on link l: about its case, else its
 * person.  Releases changes. */
static int
link_audit(struct ctx *ctx, const char *action, const struct case_row *c,
    int64_t person_id, json_t *changes, struct err *err)
{
	char id[24];
	int rc;

	if (c)
		return case__audit(ctx, action, c, changes, err);
	snprintf(id, sizeof(id), "%" PRId64, person_id);
	rc = audit_append(ctx, &(struct audit_event){ .action = action,
	    .object_type = "person", .object_id = id,
	    .agency_id = ctx->actor.agency_id, .changes = changes }, err);
	json_decref(changes);
	return rc;
}

/* What the audit keeps of a link: codes and ids, never the value. */
static json_t *
link_changes(const struct link_row *l)
{
	return json_pack("{s:I, s:s, s:o, s:s}", "link", (json_int_t)l->id,
	    "kind", enum_name(&identifier_kind_desc, l->kind), "person",
	    l->person_id ? json_integer(l->person_id) : json_null(),
	    "source", enum_name(&link_source_desc, l->source));
}

/*
 * In an encrypted store an identifier's value is sealed and its
 * normalised form is a blind index (vault.h): found by equality, never
 * read.  These two turn what is recorded into that and back.
 */
#define IDENTIFIER_VALUE_FIELD	"identifiers.value"

int
links__identifier_put(struct ctx *ctx, enum identifier_kind kind,
    const char *normalised, const char *value, const char *at, int64_t *id,
    struct err *err)
{
	const char *index = vault_blind_index(ctx->vault, ctx->arena,
	    arena_printf(ctx->arena, "identifiers.%s",
	    enum_name(&identifier_kind_desc, kind)), normalised, err);
	const char *sealed = index ? vault_field_seal(ctx->vault, ctx->arena,
	    IDENTIFIER_VALUE_FIELD, value, err) : NULL;

	if (!sealed)
		return -1;
	return store_identifier_put(ctx->store, kind, index, sealed, at, id,
	    err);
}

/* The value of an identifier as read, opened, and its normalised form
 * made again from it. */
static int
open_identifier(struct ctx *ctx, enum identifier_kind kind,
    const char **normalised, const char **value, struct err *err)
{
	struct err local = ERR_INIT;
	const char *plain, *norm;

	plain = vault_field_open(ctx->vault, ctx->arena,
	    IDENTIFIER_VALUE_FIELD, *value, err);
	if (!plain)
		return -1;
	norm = identifier_normalise(ctx->arena, kind, plain,
	    ctx->cfg->country, "value", &local);
	*value = plain;
	*normalised = norm ? norm : plain;
	return 0;
}

#define LINK_NOTE_FIELD		"identifier_links.note"

static int
open_link(struct ctx *ctx, struct link_row *l, struct err *err)
{
	if (l->note && !(l->note = vault_field_open(ctx->vault, ctx->arena,
	    LINK_NOTE_FIELD, l->note, err)))
		return -1;
	return open_identifier(ctx, l->kind, &l->normalised, &l->value, err);
}

struct add {
	struct link_row		*l;
	const struct case_row	*c;		/* or NULL */
};

static int
add_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct add *w = arg;
	struct link_row *l = w->l, sealed;
	bool inserted;

	if (links__identifier_put(ctx, l->kind, l->normalised, l->value,
	    l->created_at, &l->identifier_id, err) == -1)
		return -1;
	/* Where a number comes from says whose it is: sealed. */
	sealed = *l;
	if (l->note && !(sealed.note = vault_field_seal(ctx->vault,
	    ctx->arena, LINK_NOTE_FIELD, l->note, err)))
		return -1;
	if (store_link_insert(ctx->store, &sealed, &inserted, err) == -1)
		return -1;
	l->id = sealed.id;
	if (!inserted)
		return err_set(err, ERR_CONFLICT, "value", "%s %.60s is "
		    "linked to this %s already: nothing to add",
		    enum_name(&identifier_kind_desc, l->kind), l->normalised,
		    l->person_id ? "person" : "case");
	if (link_audit(ctx, "links.add", w->c, l->person_id, link_changes(l),
	    err) == -1)
		return -1;
	/* As a list reads it, in the transaction: a failed read is a
	 * failed add, not an add reported failed. */
	return store_link_by_id(ctx->store, l->id, ctx->arena, l, err) == -1 ?
	    -1 : open_link(ctx, l, err);
}

int
links_add(struct ctx *ctx, const struct link_input *in, struct link_row *out,
    struct err *err)
{
	struct case_row c;
	char now[TIMESTAMP_TEXT_SIZE];
	int kind;
	bool in_it;

	*out = (struct link_row){ .source = LINK_SOURCE_MANUAL };
	if (!given(in->ref) && !given(in->person_id))
		return err_set(err, ERR_INVALID, "ref", "say what the "
		    "identifier belongs to: a case (ref), a person "
		    "(person_id), or a person in a case (both)");
	if (given(in->ref) && writable_case(ctx, in->ref, &c, err) == -1)
		return -1;
	if (!given(in->ref) && access_require(ctx, PERM_CASE_EDIT, err) == -1)
		return -1;
	if (given(in->person_id)) {
		int64_t root;

		if (visible_person(ctx, in->person_id, "person_id",
		    &out->person_id, err) == -1 ||
		    person__root(ctx, out->person_id, &root, err) == -1)
			return -1;
		if (root != out->person_id)
			return err_set(err, ERR_CONFLICT, "person_id", "person %"
			    PRId64 " was merged into person %" PRId64 ": link "
			    "to person %" PRId64, out->person_id, root, root);
		if (given(in->ref)) {
			if (in_case(ctx, &c, out->person_id, &in_it,
			    err) == -1)
				return -1;
			if (!in_it)
				return err_set(err, ERR_INVALID, "person_id",
				    "person %" PRId64 " is not in case %s: add "
				    "them to the case first",
				    out->person_id, c.ref);
		}
	}
	kind = input_enum(in->kind, &identifier_kind_desc, -1, "kind", err);
	if (kind < 0 ||
	    input_text(ctx, in->value, IDENTIFIER_MAX, TEXT_REQUIRED, "value",
	    &out->value, err) == -1 ||
	    input_text(ctx, in->note, INPUT_TEXT_MAX, TEXT_MULTILINE, "note",
	    &out->note, err) == -1)
		return -1;
	out->kind = kind;
	out->normalised = identifier_normalise(ctx->arena, out->kind,
	    out->value, ctx->cfg->country, "value", err);
	if (!out->normalised)
		return -1;
	date_now_timestamp(now);
	out->case_id = given(in->ref) ? c.id : 0;
	out->agency_id = ctx->actor.agency_id;
	out->created_at = arena_strdup(ctx->arena, now);
	out->created_by = ctx->actor.user_id;
	return ctx_transaction(ctx, add_write, &(struct add){ .l = out,
	    .c = given(in->ref) ? &c : NULL }, err);
}

static int
link_not_found(const char *id, struct err *err)
{
	return err_set(err, ERR_NOT_FOUND, "link", "link %.24s not found: "
	    "check the number in tipsom links list", id);
}

struct removal {
	const struct link_row	*l;
	const struct case_row	*c;
};

static int
remove_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct removal *w = arg;
	char now[TIMESTAMP_TEXT_SIZE];

	date_now_timestamp(now);
	if (store_link_remove(ctx->store, w->l->id, now, ctx->actor.user_id,
	    err) == -1)
		return -1;
	return link_audit(ctx, "links.remove", w->c, w->l->person_id,
	    link_changes(w->l), err);
}

int
links_remove(struct ctx *ctx, const char *id, struct link_row *out,
    struct err *err)
{
	struct case_row c;
	long long v;

	if (text_parse_int(id, 1, INT64_MAX, &v) == -1)
		return link_not_found(id ? id : "", err);
	if (store_link_by_id(ctx->store, v, ctx->arena, out, err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			link_not_found(id, err);
		return -1;
	}
	if (open_link(ctx, out, err) == -1)
		return -1;
	if (out->case_id) {
		if (writable_case(ctx, out->case_ref, &c, err) == -1) {
			if (err->code == ERR_NOT_FOUND)
				link_not_found(id, err);
			return -1;
		}
	} else if (out->agency_id != ctx->actor.agency_id) {
		return link_not_found(id, err);
	} else if (access_require(ctx, PERM_CASE_EDIT, err) == -1) {
		return -1;
	}
	if (out->removed_at)
		return err_set(err, ERR_CONFLICT, "link", "link %s was removed "
		    "on %.10s: nothing to remove", id, out->removed_at);
	return ctx_transaction(ctx, remove_write, &(struct removal){
	    .l = out, .c = out->case_id ? &c : NULL }, err);
}

/* ------------------------------------------------------------------ */
/* reads                                                              */
/* ------------------------------------------------------------------ */

int
links_list(struct ctx *ctx, const struct links_query *q,
    struct link_row **rows, size_t *n, struct err *err)
{
	struct sight s = { .ctx = ctx };
	struct case_row c;
	struct link_row *all;
	int64_t pid = 0;
	size_t k;

	*rows = NULL;
	*n = 0;
	if (!given(q->ref) && !given(q->person_id))
		return err_set(err, ERR_INVALID, "ref", "say whose links: a "
		    "case (ref) or a person (person_id)");
	if (given(q->ref) &&
	    case__find_part(ctx, q->ref, PART_LINKS, &c, err) == -1)
		return -1;
	if (given(q->person_id) &&
	    (access_require(ctx, PERM_CASE_READ, err) == -1 ||
	    visible_person(ctx, q->person_id, "person_id", &pid, err) == -1))
		return -1;
	if (store_link_list(ctx->store, given(q->ref) ? LINKS_OF_CASE :
	    LINKS_OF_PERSON, given(q->ref) ? c.id : pid, ctx->arena, &all, &k,
	    err) == -1)
		return -1;
	*rows = all;
	for (size_t i = 0; i < k; i++) {
		bool seen = true;

		if (pid && all[i].person_id != pid)
			continue;
		if (!given(q->ref) && link_seen(&s, &all[i], &seen, err) == -1)
			return -1;
		if (!seen)
			continue;
		if (open_link(ctx, &all[i], err) == -1)
			return -1;
		all[(*n)++] = all[i];
	}
	return 0;
}

void
links_start(const char *s, struct links_network_query *q)
{
	long long v;

	if (s && text_parse_int(s, 1, INT64_MAX, &v) == 0)
		q->person_id = s;
	else
		q->ref = s;
}

/* Fills the names of the network's persons, audited as one read. */
static int
network_names(struct ctx *ctx, struct network *net, const struct case_row *c,
    int64_t start, struct err *err)
{
	json_t *ids = json_array();

	for (size_t i = 0; i < net->n_nodes; i++) {
		struct network_node *node = &net->nodes[i];
		struct person_row p;

		if (node->type != NODE_PERSON)
			continue;
		if (person__load(ctx, node->id, &p, err) == -1) {
			json_decref(ids);
			return -1;
		}
		node->name = person_display_name(ctx->arena, &p);
		json_array_append_new(ids, json_integer(node->id));
	}
	if (json_array_size(ids) == 0) {
		json_decref(ids);
		return 0;
	}
	return link_audit(ctx, "links.identities_read", c, start,
	    json_pack("{s:o, s:i}", "persons", ids, "depth", net->depth),
	    err);
}

int
links_network(struct ctx *ctx, const struct links_network_query *q,
    struct network *out, struct err *err)
{
	struct sight s = { .ctx = ctx };
	struct network_policy policy = { .arg = &s,
	    .agency_id = ctx->actor.agency_id, .case_seen = case_seen,
	    .role_seen = role_seen, .person_seen = person_seen };
	struct case_row *c = NULL;
	enum case_sight sight;
	long long depth = 2;
	int64_t pid = 0;

	*out = (struct network){ 0 };
	if (given(q->ref) == given(q->person_id))
		return err_set(err, ERR_INVALID, given(q->ref) ? "person" :
		    "case", "give the network's start: a case or a person, "
		    "one of them");
	if (given(q->depth) && text_parse_int(q->depth, 1, 3, &depth) == -1)
		return err_set(err, ERR_INVALID, "depth", "depth \"%.16s\" is "
		    "not 1, 2 or 3: give how many identifiers away to look",
		    q->depth);
	if (given(q->ref)) {
		c = arena_alloc(ctx->arena, sizeof(*c));
		if (case__find_seen(ctx, q->ref, PERM_CASE_READ, c, &sight,
		    err) == -1 ||
		    access_case_part(c, sight, PART_LINKS, err) == -1)
			return -1;
		sight_keep(&s, c, sight);
	} else if (access_require(ctx, PERM_CASE_READ, err) == -1 ||
	    visible_person(ctx, q->person_id, "person", &pid, err) == -1) {
		return -1;
	}
	if (network_build(ctx->store, ctx->arena, c ? NODE_CASE : NODE_PERSON,
	    c ? c->id : pid, (int)depth, LINKS_NETWORK_NODES, &policy, out,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < out->n_nodes; i++) {
		struct identifier_row *r = &out->nodes[i].identifier;

		if (out->nodes[i].type == NODE_IDENTIFIER &&
		    open_identifier(ctx, r->kind, &r->normalised, &r->value,
		    err) == -1)
			return -1;
	}
	if (!q->identities || !access_may(ctx,
	    PERM_IDENTITY_READ))
		return 0;
	return network_names(ctx, out, c, pid, err);
}

/* ------------------------------------------------------------------ */
/* JSON                                                               */
/* ------------------------------------------------------------------ */

static json_t *
opt(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
opt_id(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

json_t *
link_json(const struct link_row *l)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:s, s:s, "
	    "s:o, s:s, s:s}", "id", (json_int_t)l->id, "identifier",
	    (json_int_t)l->identifier_id, "kind", enum_name(
	    &identifier_kind_desc, l->kind), "value", l->normalised, "typed",
	    l->value, "person", opt_id(l->person_id), "case", opt(l->case_ref),
	    "agency", l->agency, "source", enum_name(&link_source_desc,
	    l->source), "note", opt(l->note), "created_at", l->created_at,
	    "created_by", l->created_by_username);
}

static json_t *
node_json(struct ctx *ctx, const struct network_node *n)
{
	json_t *j = json_pack("{s:s, s:s, s:i}", "id",
	    network_node_key(ctx->arena, n), "type",
	    network_node_type_name(n->type), "depth", n->depth);

	switch (n->type) {
	case NODE_PERSON:
		json_object_set_new(j, "person", json_integer(n->id));
		json_object_set_new(j, "name", opt(n->name));
		break;
	case NODE_CASE:
		json_object_set_new(j, "ref", json_string(n->c->ref));
		json_object_set_new(j, "title", json_string(n->c->title));
		json_object_set_new(j, "agency", json_string(
		    n->c->agency_code));
		json_object_set_new(j, "kind", json_string(case_kind_name(
		    n->c->kind)));
		json_object_set_new(j, "status", json_string(enum_name(
		    &case_status_desc, n->c->status)));
		break;
	case NODE_IDENTIFIER:
		json_object_set_new(j, "kind", json_string(enum_name(
		    &identifier_kind_desc, n->identifier.kind)));
		json_object_set_new(j, "value", json_string(
		    n->identifier.normalised));
		break;
	case NODE__MAX:
		break;
	}
	return j;
}

static json_t *
edge_json(struct ctx *ctx, const struct network *net,
    const struct network_edge *e)
{
	json_t *j = json_pack("{s:s, s:s, s:s}", "kind",
	    network_edge_kind_name(e->kind), "from", network_node_key(
	    ctx->arena, &net->nodes[e->from]), "to", network_node_key(
	    ctx->arena, &net->nodes[e->to]));

	switch (e->kind) {
	case EDGE_LINK:
		json_object_set_new(j, "link", json_integer(e->link_id));
		json_object_set_new(j, "source", json_string(enum_name(
		    &link_source_desc, e->source)));
		break;
	case EDGE_ROLE:
		json_object_set_new(j, "role", json_string(case_role_name(
		    e->role)));
		break;
	case EDGE_CALL:
		json_object_set_new(j, "calls", json_integer(e->calls));
		json_object_set_new(j, "seconds", json_integer(e->seconds));
		json_object_set_new(j, "first", json_string(e->first));
		json_object_set_new(j, "last", json_string(e->last));
		break;
	case EDGE__MAX:
		break;
	}
	return j;
}

json_t *
links_network_json(struct ctx *ctx, const struct network *n)
{
	json_t *nodes = json_array(), *edges = json_array();

	for (size_t i = 0; i < n->n_nodes; i++)
		json_array_append_new(nodes, node_json(ctx, &n->nodes[i]));
	for (size_t i = 0; i < n->n_edges; i++)
		json_array_append_new(edges, edge_json(ctx, n, &n->edges[i]));
	return json_pack("{s:s, s:i, s:o, s:o, s:b, s:i}", "start",
	    network_node_key(ctx->arena, &n->nodes[0]), "depth", n->depth,
	    "nodes", nodes, "edges", edges, "truncated", n->truncated,
	    "max_nodes", LINKS_NETWORK_NODES);
}

json_t *
call_import_json(const struct call_import_result *r)
{
	return json_pack("{s:I, s:s, s:I, s:I, s:I, s:s, s:s}", "import",
	    (json_int_t)r->import.id, "case", r->ref, "calls",
	    (json_int_t)r->import.calls, "numbers", (json_int_t)r->numbers,
	    "new_links", (json_int_t)r->new_links, "sha256",
	    r->import.sha256, "imported_at", r->import.imported_at);
}
