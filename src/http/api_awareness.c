/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_awareness.c - awareness sessions of Migrant Resource Centres
 * (core/awareness.h): listed with a period and a region, recorded,
 * shown, and corrected by a POST of the fields that change.
 */
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "core/awareness.h"
#include "core/input.h"
#include "http/api.h"
#include "base/banned.h"

static const char *const fields[] = { "kind", "held_on", "place",
    "region", "audience", "female_children", "female_adults",
    "male_children", "male_adults", "organisers", "materials",
    "materials_other", "feedback", "version", NULL };

/* The body as the core's input: false with *err on a wrong type. */
static bool
read_input(struct api_req *req, struct awareness_input *in,
    struct err *err)
{
	bool ok = true;

	*in = (struct awareness_input){ 0 };
	in->kind = api_str(req, "kind", &ok, err);
	in->held_on = api_str(req, "held_on", &ok, err);
	in->place = api_str(req, "place", &ok, err);
	in->region = api_str(req, "region", &ok, err);
	in->audience = api_str(req, "audience", &ok, err);
	for (int c = 0; c < AWARENESS_COUNT__MAX; c++)
		in->counts[c] = api_id(req, awareness_count_names[c], &ok, err);
	in->organisers = api_strs(req, "organisers", &in->n_organisers, &ok,
	    err);
	in->organisers_given = json_object_get(req->body, "organisers") !=
	    NULL;
	in->materials = api_strs(req, "materials", &in->n_materials, &ok,
	    err);
	in->materials_given = json_object_get(req->body, "materials") !=
	    NULL;
	in->materials_other = api_str(req, "materials_other", &ok, err);
	in->feedback = api_str(req, "feedback", &ok, err);
	return ok;
}

/* A path id; a malformed one names no session. */
static int
path_id(const struct api_req *req, int64_t *id, struct err *err)
{
	if (input_id(req->params[0], "id", "session", id, err) == -1) {
		err->code = ERR_NOT_FOUND;
		return -1;
	}
	return 0;
}

static int
list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	const struct awareness_filter f = { api_query(req, "from"),
	    api_query(req, "to"), api_query(req, "region") };
	struct awareness_row *rows;
	json_t *items;
	int limit, offset;
	size_t n;

	if (api_paging(req, &limit, &offset, err) == -1 ||
	    awareness_list(req->ctx, &f, limit, offset, &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, awareness_json(&rows[i]));
	resp->body = api_list(items, limit, offset);
	return 0;
}

static int
add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct awareness_input in;
	struct awareness_row s;

	if (api_fields(req, fields, err) == -1)
		return -1;
	if (json_object_get(req->body, "version"))
		return err_set(err, ERR_INVALID, "version", "version: a new "
		    "session has none; leave it out");
	if (!read_input(req, &in, err) ||
	    awareness_add(req->ctx, &in, &s, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = awareness_json(&s);
	return 0;
}

static int
show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct awareness_row s;
	int64_t id;

	if (path_id(req, &id, err) == -1 ||
	    awareness_show(req->ctx, id, &s, err) == -1)
		return -1;
	resp->body = awareness_json(&s);
	return 0;
}

static int
edit(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct awareness_input in;
	struct awareness_row s;
	const json_t *version;
	int64_t id;

	if (path_id(req, &id, err) == -1 || api_fields(req, fields, err) == -1)
		return -1;
	version = json_object_get(req->body, "version");
	if (!json_is_integer(version) || json_integer_value(version) < 1)
		return err_set(err, ERR_INVALID, "version", "version is "
		    "missing: give the version you looked at");
	if (!read_input(req, &in, err) ||
	    awareness_edit(req->ctx, id, json_integer_value(version), &in, &s,
	    err) == -1)
		return -1;
	resp->body = awareness_json(&s);
	return 0;
}

const struct api_route api_awareness_routes[] = {
	{ "GET", "/api/v1/awareness", 0, list },
	{ "POST", "/api/v1/awareness", 0, add },
	{ "GET", "/api/v1/awareness/{id}", 0, show },
	{ "POST", "/api/v1/awareness/{id}", 0, edit },
	{ NULL, NULL, 0, NULL },
};
