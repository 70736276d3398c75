/* SPDX-License-Identifier: Apache-2.0 */
/* api.c - the route table, status codes and request helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "http/api.h"
#include "base/banned.h"

static const struct api_route *const tables[] = {
	api_session_routes, api_merge_routes, api_admin_routes,
	api_case_routes,
	api_share_routes, api_sop_routes, api_provider_routes,
	api_referral_routes, api_cooperation_routes, api_links_routes,
	api_htcds_routes,
	api_stats_routes,
	api_export_routes,
	api_training_routes,
	api_programme_routes,
	api_mrc_routes,
	api_awareness_routes,
	api_intake_routes,
};

/* Matches path (modified in place) against pattern. */
static bool
match(const char *pattern, char *path, const char *params[API_MAX_PARAMS])
{
	size_t n = 0;

	while (*pattern && *path) {
		if (*pattern == '{') {
			const char *close = strchr(pattern, '}');
			size_t len = strcspn(path, "/");

			/* A parameter is one whole, non-empty segment. */
			if (!close || len == 0 || n == API_MAX_PARAMS)
				return false;
			params[n++] = path;
			pattern = close + 1;
			path += len;
			if (*path == '/' && *pattern == '/') {
				*path++ = '\0';
				pattern++;
			} else if (*path || *pattern) {
				return false;
			}
			continue;
		}
		if (*pattern++ != *path++)
			return false;
	}
	return !*pattern && !*path;
}

const struct api_route *
api_route_find(const char *method, const char *path, char *buf, size_t size,
    const char *params[API_MAX_PARAMS], bool *path_known)
{
	*path_known = false;
	if (strlen(path) >= size)
		return NULL;
	for (size_t t = 0; t < ARRAY_SIZE(tables); t++) {
		for (const struct api_route *r = tables[t]; r->method; r++) {
			snprintf(buf, size, "%s", path);
			memset(params, 0, sizeof(*params) * API_MAX_PARAMS);
			if (!match(r->pattern, buf, params))
				continue;
			*path_known = true;
			if (STREQ(r->method, method))
				return r;
		}
	}
	return NULL;
}

int
api_status(int code)
{
	switch (code) {
	case ERR_INVALID:
		return 422;
	case ERR_NOT_FOUND:
		return 404;
	case ERR_CONFLICT:
		return 409;
	case ERR_FORBIDDEN:
		return 403;
	case ERR_UNAUTHENTICATED:
		return 401;
	case ERR_LIMITED:
		return 429;
	case ERR_STORE:
		return 503;
	default:
		return 500;
	}
}

int
api_fields(const struct api_req *req, const char *const *allowed,
    struct err *err)
{
	const char *key;
	json_t *v;

	if (!json_is_object(req->body))
		return err_set(err, ERR_INVALID, "", "the body is not a JSON "
		    "object: send {\"field\": value, ...}");
	json_object_foreach(req->body, key, v) {
		if (!str_in_list(allowed, key))
			return err_set(err, ERR_INVALID, key, "%.40s: unknown "
			    "field: see /api/v1/openapi.json", key);
	}
	return 0;
}

const char *
api_str(const struct api_req *req, const char *key, bool *ok,
    struct err *err)
{
	json_t *v = json_object_get(req->body, key);

	if (!*ok || !v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*ok = false;
		err_set(err, ERR_INVALID, key, "%s: not a string: write it in "
		    "quotes", key);
		return NULL;
	}
	return json_string_value(v);
}

bool
api_bool(const struct api_req *req, const char *key, bool *ok,
    struct err *err)
{
	json_t *v = json_object_get(req->body, key);

	if (!*ok || !v || json_is_null(v))
		return false;
	if (!json_is_boolean(v)) {
		*ok = false;
		err_set(err, ERR_INVALID, key, "%s: not true or false", key);
		return false;
	}
	return json_is_true(v);
}

const char **
api_strs(const struct api_req *req, const char *key, size_t *n, bool *ok,
    struct err *err)
{
	json_t *v = json_object_get(req->body, key), *x;
	const char **list;
	size_t i;

	*n = 0;
	if (!*ok || !v || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		*ok = false;
		err_set(err, ERR_INVALID, key, "%s: not an array: write "
		    "[\"...\"]", key);
		return NULL;
	}
	list = arena_array(req->ctx->arena, json_array_size(v) + 1,
	    sizeof(*list));
	json_array_foreach(v, i, x) {
		if (!json_is_string(x)) {
			*ok = false;
			err_set(err, ERR_INVALID, key, "%s[%zu]: not a string",
			    key, i);
			return NULL;
		}
		list[i] = json_string_value(x);
	}
	*n = json_array_size(v);
	return list;
}

const char *
api_id(const struct api_req *req, const char *key, bool *ok,
    struct err *err)
{
	json_t *v = json_object_get(req->body, key);

	if (!*ok || !v || json_is_null(v))
		return NULL;
	if (!json_is_integer(v)) {
		*ok = false;
		err_set(err, ERR_INVALID, key, "%s: not a whole number", key);
		return NULL;
	}
	return arena_printf(req->ctx->arena, "%lld",
	    (long long)json_integer_value(v));
}

char *
api_body_text(const struct api_req *req, const char *key, size_t *len)
{
	json_t *v = key ? json_object_get(req->body, key) : req->body;
	char *text = json_dumps(v ? v : json_null(),
	    JSON_COMPACT | JSON_ENCODE_ANY);
	char *out;

	if (!text)
		abort();
	out = arena_strdup(req->ctx->arena, text);
	free(text);
	*len = strlen(out);
	return out;
}

const char *
api_query(const struct api_req *req, const char *key)
{
	return json_string_value(json_object_get(req->query, key));
}

int
api_query_bool(const struct api_req *req, const char *key, bool *out,
    struct err *err)
{
	const char *v = api_query(req, key);

	*out = false;
	if (!v || STREQ(v, "false"))
		return 0;
	if (!STREQ(v, "true"))
		return err_set(err, ERR_INVALID, key, "%s \"%.16s\" is not "
		    "true or false", key, v);
	*out = true;
	return 0;
}

json_t *
api_list(json_t *items, int limit, int offset)
{
	return json_pack("{s:o, s:i, s:i}", "items", items, "limit", limit,
	    "offset", offset);
}

static int
query_int(const struct api_req *req, const char *key, long long min,
    long long max, int dflt, int *out, struct err *err)
{
	const char *s = api_query(req, key);
	long long v;

	*out = dflt;
	if (!s)
		return 0;
	if (text_parse_int(s, min, max, &v) == -1)
		return err_set(err, ERR_INVALID, key, "%s \"%.20s\" is not a "
		    "whole number from %lld to %lld", key, s, min, max);
	*out = (int)v;
	return 0;
}

int
api_paging(const struct api_req *req, int *limit, int *offset,
    struct err *err)
{
	if (query_int(req, "limit", 1, 500, 50, limit, err) == -1)
		return -1;
	return query_int(req, "offset", 0, 100000000, 0, offset, err);
}
