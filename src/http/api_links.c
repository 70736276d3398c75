/* SPDX-License-Identifier: Apache-2.0 */
/* api_links.c - identifiers linked to cases and persons, call records,
 * and the network behind a case (as JSON or GraphML). */
#include "base/err.h"
#include "core/links.h"
#include "http/api.h"
#include "search/graphml.h"
#include "base/banned.h"

static int
list(struct api_req *req, struct api_resp *resp, const struct links_query *q,
    struct err *err)
{
	struct link_row *rows;
	json_t *items;
	size_t n;

	if (links_list(req->ctx, q, &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, link_json(&rows[i]));
	resp->body = json_pack("{s:o}", "items", items);
	return 0;
}

static int
case_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return list(req, resp, &(struct links_query){
	    .ref = req->params[0] }, err);
}

static int
person_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return list(req, resp, &(struct links_query){
	    .person_id = req->params[0] }, err);
}

/* A link made from the body, on the case or the person of the path. */
static int
add(struct api_req *req, struct api_resp *resp, struct link_input *in,
    struct err *err)
{
	static const char *const on_case[] = { "kind", "value", "person_id",
	    "note", NULL };
	static const char *const on_person[] = { "kind", "value", "note",
	    NULL };
	struct link_row row;
	bool ok = true;

	if (api_fields(req, in->ref ? on_case : on_person, err) == -1)
		return -1;
	in->kind = api_str(req, "kind", &ok, err);
	in->value = api_str(req, "value", &ok, err);
	in->note = api_str(req, "note", &ok, err);
	if (in->ref)
		in->person_id = api_id(req, "person_id", &ok, err);
	if (!ok || links_add(req->ctx, in, &row, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = link_json(&row);
	return 0;
}

static int
case_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return add(req, resp, &(struct link_input){ .ref = req->params[0] },
	    err);
}

static int
person_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return add(req, resp, &(struct link_input){
	    .person_id = req->params[0] }, err);
}

static int
remove_link(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct link_row row;

	if (links_remove(req->ctx, req->params[0], &row, err) == -1)
		return -1;
	resp->body = link_json(&row);
	return 0;
}

/* The network of ?case= or ?person=, to ?depth=, names with
 * ?identities=true. */
static int
network(struct api_req *req, struct network *net, struct err *err)
{
	struct links_network_query q = { .ref = api_query(req, "case"),
	    .person_id = api_query(req, "person"),
	    .depth = api_query(req, "depth") };

	if (api_query_bool(req, "identities", &q.identities, err) == -1)
		return -1;
	return links_network(req->ctx, &q, net, err);
}

static int
network_json(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct network net;

	if (network(req, &net, err) == -1)
		return -1;
	resp->body = links_network_json(req->ctx, &net);
	return 0;
}

static int
network_graphml(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct network net;
	const char *doc;

	if (network(req, &net, err) == -1)
		return -1;
	doc = graphml_write(req->ctx->arena, &net, err);
	if (!doc)
		return -1;
	resp->body = json_string(doc);
	resp->content_type = "application/graphml+xml; charset=utf-8";
	return 0;
}

/* Call records: {"csv": "caller,callee,time,duration\n..."}. */
static int
import_calls(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "csv", NULL };
	struct call_import_result r;
	const char *csv;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	csv = api_str(req, "csv", &ok, err);
	if (!ok)
		return -1;
	if (!csv)
		return err_set(err, ERR_INVALID, "csv", "csv is missing: send "
		    "the call records as CSV text, its first line "
		    "caller,callee,time,duration");
	if (links_import_calls(req->ctx, req->params[0], csv,
	    json_string_length(json_object_get(req->body, "csv")), &r,
	    err) == -1)
		return -1;
	resp->status = 201;
	resp->body = call_import_json(&r);
	return 0;
}

const struct api_route api_links_routes[] = {
	{ "GET", "/api/v1/cases/{ref}/links", 0, case_list },
	{ "POST", "/api/v1/cases/{ref}/links", 0, case_add },
	{ "GET", "/api/v1/persons/{id}/links", 0, person_list },
	{ "POST", "/api/v1/persons/{id}/links", 0, person_add },
	{ "GET", "/api/v1/links/network", 0, network_json },
	{ "GET", "/api/v1/links/network.graphml", 0, network_graphml },
	{ "DELETE", "/api/v1/links/{id}", 0, remove_link },
	{ "POST", "/api/v1/cases/{ref}/calls", 0, import_calls },
	{ NULL, NULL, 0, NULL },
};
