/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_links.c - tipsom links add, list, remove, network, import-calls and
 * export: the identifiers that connect persons and cases.
 */
#include <stdio.h>

#include "base/err.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/links.h"
#include "search/graphml.h"
#include "base/banned.h"

static void
print_link(const struct link_row *l)
{
	printf("%-6lld ", (long long)l->id);
	cli_cell(enum_name(&identifier_kind_desc, l->kind), 13);
	cli_cell(l->normalised, 26);
	cli_cell(l->case_ref ? l->case_ref : "-", 21);
	if (l->person_id)
		printf("person %-6lld ", (long long)l->person_id);
	else
		printf("%-14s", "-");
	printf("%s\n", enum_name(&link_source_desc, l->source));
}

static int
run_add(struct cli *c, struct err *err)
{
	struct link_row l;

	if (c->n_args == 0 && !cli_has(c, "person"))
		return cli_usage(c, err, "say what the identifier belongs to: "
		    "a case REF, --person ID, or both");
	if (links_add(&c->ctx, &(struct link_input){
	    .ref = c->n_args ? c->args[0] : NULL,
	    .person_id = cli_get(c, "person"), .kind = cli_get(c, "kind"),
	    .value = cli_get(c, "value"), .note = cli_get(c, "note") }, &l,
	    err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(link_json(&l), err);
	printf("%lld\n", (long long)l.id);
	return 0;
}

static int
run_list(struct cli *c, struct err *err)
{
	struct link_row *rows;
	size_t n;

	if (c->n_args == 0 && !cli_has(c, "person"))
		return cli_usage(c, err, "say whose links: a case REF or "
		    "--person ID");
	if (links_list(&c->ctx, &(struct links_query){
	    .ref = c->n_args ? c->args[0] : NULL,
	    .person_id = cli_get(c, "person") }, &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, link_json(&rows[i]));
		return cli_print_json(a, err);
	}
	for (size_t i = 0; i < n; i++)
		print_link(&rows[i]);
	return 0;
}

static int
run_remove(struct cli *c, struct err *err)
{
	struct link_row l;

	if (links_remove(&c->ctx, c->args[0], &l, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(link_json(&l), err);
	printf("link %lld removed\n", (long long)l.id);
	return 0;
}

static int
network(struct cli *c, struct network *net, struct err *err)
{
	struct links_network_query q = { .depth = cli_get(c, "depth"),
	    .identities = cli_has(c, "names") };

	links_start(c->args[0], &q);
	return links_network(&c->ctx, &q, net, err);
}

static const char *
node_label(struct cli *c, const struct network_node *n)
{
	switch (n->type) {
	case NODE_PERSON:
		return n->name && *n->name ? n->name : "";
	case NODE_CASE:
		return n->c->title;
	case NODE_IDENTIFIER:
		return enum_name(&identifier_kind_desc, n->identifier.kind);
	case NODE__MAX:
		break;
	}
	(void)c;
	return "";
}

static int
run_network(struct cli *c, struct err *err)
{
	struct network net;

	if (network(c, &net, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(links_network_json(&c->ctx, &net), err);
	printf("%zu nodes and %zu edges to depth %d%s\n", net.n_nodes,
	    net.n_edges, net.depth, net.truncated ? " (truncated: more are "
	    "connected; look from one of them)" : "");
	for (size_t i = 0; i < net.n_nodes; i++) {
		const struct network_node *n = &net.nodes[i];

		printf("  %d  ", n->depth);
		cli_cell(network_node_key(c->ctx.arena, n), 38);
		printf("%s\n", node_label(c, n));
	}
	for (size_t i = 0; i < net.n_edges; i++) {
		const struct network_edge *e = &net.edges[i];

		printf("  %s %s %s", network_node_key(c->ctx.arena,
		    &net.nodes[e->from]), e->kind == EDGE_CALL ? "->" : "--",
		    network_node_key(c->ctx.arena, &net.nodes[e->to]));
		if (e->kind == EDGE_ROLE)
			printf("  %s", case_role_name(e->role));
		else if (e->kind == EDGE_CALL)
			printf("  %lld calls, %lld s, %s to %s",
			    (long long)e->calls, (long long)e->seconds,
			    e->first, e->last);
		else
			printf("  %s", enum_name(&link_source_desc,
			    e->source));
		printf("\n");
	}
	return 0;
}

static int
run_export(struct cli *c, struct err *err)
{
	const char *format = cli_get(c, "format");
	struct network net;
	const char *doc;

	if (!STREQ(format, "graphml") && !STREQ(format, "json"))
		return cli_usage(c, err, "--format %.16s: give graphml or json",
		    format);
	if (network(c, &net, err) == -1)
		return -1;
	if (STREQ(format, "json"))
		return cli_print_json(links_network_json(&c->ctx, &net), err);
	doc = graphml_write(c->ctx.arena, &net, err);
	if (!doc)
		return -1;
	fputs(doc, stdout);
	return 0;
}

static int
run_import_calls(struct cli *c, struct err *err)
{
	struct call_import_result r;
	size_t len;
	char *csv = cli_read_file(c, c->args[1], LINKS_CSV_MAX_BYTES, &len,
	    err);

	if (!csv)
		return -1;
	if (links_import_calls(&c->ctx, c->args[0], csv, len, &r, err) == -1) {
		/* The file is what was wrong: say which. */
		if (err->code == ERR_INVALID) {
			char msg[sizeof(err->msg)];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			err_set(err, ERR_INVALID, err->field, "%.60s %.180s",
			    c->args[1], msg);
		}
		return -1;
	}
	if (c->json)
		return cli_print_json(call_import_json(&r), err);
	printf("import %lld: %lld calls, %lld numbers (%lld newly linked to "
	    "%s)\n", (long long)r.import.id, (long long)r.import.calls,
	    (long long)r.numbers, (long long)r.new_links, r.ref);
	return 0;
}

#define KIND_HELP	"phone, email, address, vehicle, bank_account, " \
	"hawala, social_media, document or other"

static const struct cli_opt add_opts[] = {
	{ "kind", "KIND", CLI_REQUIRED, KIND_HELP },
	{ "value", "TEXT", CLI_REQUIRED, "the identifier as written" },
	{ "person", "ID", 0, "the person it belongs to (in the case REF)" },
	{ "note", "TEXT", 0, "where it comes from, what it is" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt list_opts[] = {
	{ "person", "ID", 0, "a person's links (in the case REF)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt network_opts[] = {
	{ "depth", "N", 0, "1, 2 (default) or 3 identifiers away" },
	{ "names", NULL, 0, "with the persons' names (audited)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt export_opts[] = {
	{ "format", "FORMAT", CLI_REQUIRED, "graphml or json" },
	{ "depth", "N", 0, "1, 2 (default) or 3 identifiers away" },
	{ "names", NULL, 0, "with the persons' names (audited)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_links_add = {
	"links", "add", "[REF]", 0, 1, add_opts, 0, run_add,
	"link an identifier to a case, a person, or a person in a case",
};

const struct cli_cmd cmd_links_list = {
	"links", "list", "[REF]", 0, 1, list_opts, 0, run_list,
	"a case's identifiers, or a person's (--person)",
};

const struct cli_cmd cmd_links_remove = {
	"links", "remove", "ID", 1, 1, no_opts, 0, run_remove,
	"remove a link (it is kept, marked removed)",
};

const struct cli_cmd cmd_links_network = {
	"links", "network", "REF|PERSON_ID", 1, 1, network_opts, 0,
	run_network, "the persons and cases connected, and what connects them",
};

const struct cli_cmd cmd_links_import_calls = {
	"links", "import-calls", "REF FILE.csv", 2, 2, no_opts, 0,
	run_import_calls, "import call records: caller,callee,time,duration",
};

const struct cli_cmd cmd_links_export = {
	"links", "export", "REF|PERSON_ID", 1, 1, export_opts, 0, run_export,
	"the network as GraphML or JSON, on standard output",
};
