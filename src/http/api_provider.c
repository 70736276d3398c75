/* SPDX-License-Identifier: Apache-2.0 */
/* api_provider.c - the directory of service providers. */
#include <stdio.h>

#include "base/err.h"
#include "core/provider.h"
#include "http/api.h"
#include "base/banned.h"

static const char *const provider_fields[] = { "code", "name", "agency",
    "region", "services", "accepts", "languages", "capacity", "contact",
    "active", "version", NULL };

/* A text that null clears (""), absent keeps (NULL). */
static const char *
clearable(const struct api_req *req, const char *key, bool *ok,
    struct err *err)
{
	json_t *v = json_object_get(req->body, key);

	if (v && json_is_null(v))
		return "";
	return api_str(req, key, ok, err);
}

/* An integer field, null as none (-1), absent as absent. */
static int64_t
number(const struct api_req *req, const char *key, int64_t absent,
    bool *ok, struct err *err)
{
	json_t *v = json_object_get(req->body, key);

	if (!*ok || !v)
		return absent;
	if (json_is_null(v))
		return -1;
	if (!json_is_integer(v)) {
		*ok = false;
		err_set(err, ERR_INVALID, key, "%s: not a whole number", key);
		return absent;
	}
	return json_integer_value(v);
}

/* The body's fields into in; update: absent fields are kept. */
static bool
read_input(const struct api_req *req, struct provider_input *in,
    bool update, struct err *err)
{
	json_t *active = json_object_get(req->body, "active");
	bool ok = true;

	if (!update)
		in->code = api_str(req, "code", &ok, err);
	in->name = api_str(req, "name", &ok, err);
	in->agency = update ? clearable(req, "agency", &ok, err) :
	    api_str(req, "agency", &ok, err);
	in->region = api_str(req, "region", &ok, err);
	in->contact = update ? clearable(req, "contact", &ok, err) :
	    api_str(req, "contact", &ok, err);
	in->services = api_strs(req, "services", &in->n_services, &ok, err);
	in->accepts = api_strs(req, "accepts", &in->n_accepts, &ok, err);
	in->languages = api_strs(req, "languages", &in->n_languages, &ok,
	    err);
	in->capacity = number(req, "capacity", update ? PROVIDER_KEEP : -1,
	    &ok, err);
	in->active = !active && update ? PROVIDER_KEEP :
	    !active || api_bool(req, "active", &ok, err);
	return ok;
}

static int
providers_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct provider_filter f = {
		.service = api_query(req, "service"),
		.accepts = api_query(req, "accepts"),
		.language = api_query(req, "language"),
		.region = api_query(req, "region"),
	};
	struct provider_row *rows;
	json_t *items;
	size_t n;

	if (api_query_bool(req, "all", &f.inactive_too, err) == -1 ||
	    provider_list(req->ctx, &f, &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, provider_json(&rows[i]));
	resp->body = api_list(items, (int)n, 0);
	return 0;
}

static int
providers_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct provider_input in = { 0 };
	struct provider_row row;

	if (api_fields(req, provider_fields, err) == -1)
		return -1;
	if (json_object_get(req->body, "version"))
		return err_set(err, ERR_INVALID, "version", "version: a new "
		    "provider has none; leave it out");
	if (!read_input(req, &in, false, err) ||
	    provider_add(req->ctx, &in, &row, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = provider_json(&row);
	return 0;
}

static int
providers_show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct provider_row row;

	if (provider_find(req->ctx, req->params[0], "code", &row, err) == -1)
		return -1;
	resp->body = provider_json(&row);
	return 0;
}

static int
providers_update(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	struct provider_input in = { .code = req->params[0] };
	struct provider_row row;
	int64_t version;
	bool ok = true;

	if (api_fields(req, provider_fields, err) == -1)
		return -1;
	if (json_object_get(req->body, "code"))
		return err_set(err, ERR_INVALID, "code", "code: a provider's "
		    "code does not change; add a new provider instead");
	version = number(req, "version", 0, &ok, err);
	if (ok && version < 1)
		return err_set(err, ERR_INVALID, "version", "version is "
		    "missing: give the version you looked at");
	if (!ok || !read_input(req, &in, true, err) ||
	    provider_update(req->ctx, &in, version, &row, err) == -1)
		return -1;
	resp->body = provider_json(&row);
	return 0;
}

const struct api_route api_provider_routes[] = {
	{ "GET", "/api/v1/providers", 0, providers_list },
	{ "POST", "/api/v1/providers", 0, providers_add },
	{ "GET", "/api/v1/providers/{code}", 0, providers_show },
	{ "POST", "/api/v1/providers/{code}", 0, providers_update },
	{ NULL, NULL, 0, NULL },
};
