/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_api.c - every API route's handler, on what a client may send.
 *
 * An input is a request as text:
 *
 *	POST /api/v1/cases/{ref}/notes?limit=5
 *	Cookie: TOKEN			(optional; a fixture's user
 *					name stands for their session)
 *	{"text": "..."}			(the body: the rest, may be empty)
 *
 * It goes the way server.c takes it: the query decoded into strings (not
 * UTF-8: refused), the path checked for UTF-8, the route found, the body
 * parsed with JSON_REJECT_DUPLICATES, the session resumed from the
 * cookie (without one: the fixture's supervisor's session), then the
 * route's handler runs with all its validation and its writes.  "{ref}"
 * in the path stands for the fixture's case, so that seeds reach past
 * the lookup.
 *
 * The store is fixture.h's, with a person and a case added.  Each
 * input runs inside a transaction rolled back after it (the handlers'
 * own transactions nest as savepoints), so every input meets the same
 * store and a crash replays alone.
 *
 * Not covered here: libmicrohttpd's own parsing (request line, headers,
 * the Cookie header), the CSRF header check and the body size limit in
 * server.c, the static files of web.c, and the audit batcher's thread.
 * The training routes answer as they do in an operational store: the
 * fixture is not a training store.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/text.h"
#include "core/auth.h"
#include "http/api.h"
#include "model/audit.h"
#include "store/store.h"
#include "fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_TARGET	1024

static char case_ref[64];	/* the case "{ref}" stands for */

/* A request the set-up makes; its answer's body. */
static json_t *
setup_post(struct ctx *ctx, const char *path, const char *body)
{
	struct api_req req = { .method = "POST", .path = path, .ctx = ctx };
	struct api_resp resp = { .status = 200 };
	struct err err = ERR_INIT;
	const struct api_route *route;
	char buf[MAX_TARGET];
	bool known;

	route = api_route_find("POST", path, buf, sizeof(buf), req.params,
	    &known);
	req.query = json_object();
	req.body = json_loads(body, 0, NULL);
	if (!route || !req.body || route->fn(&req, &resp, &err) == -1)
		fixture_die(path, &err);
	json_decref(req.query);
	json_decref(req.body);
	return resp.body;
}

/* Adds a person and a case to the fixture, for good. */
static void
setup(void)
{
	struct ctx ctx;
	struct err err = ERR_INIT;
	char path[MAX_TARGET];
	json_t *c;

	fixture_begin(&ctx, "super.a");
	json_decref(setup_post(&ctx, "/api/v1/persons",
	    "{\"given\": \"Amina\", \"family\": \"Rasul\", \"born\": "
	    "\"1990\", \"nationalities\": [\"IQ\"]}"));
	c = setup_post(&ctx, "/api/v1/cases", "{\"title\": \"Fixture\", "
	    "\"kind\": \"tip\"}");
	snprintf(case_ref, sizeof(case_ref), "%s",
	    json_string_value(json_object_get(c, "ref")));
	json_decref(c);
	snprintf(path, sizeof(path), "/api/v1/cases/%s/people", case_ref);
	json_decref(setup_post(&ctx, path, "{\"person_id\": 1, "
	    "\"role\": \"presumed_victim\"}"));
	if (!case_ref[0] || store_commit(ctx.store, &err) == -1)
		fixture_die("setup", &err);
	arena_free(&ctx.arena);
}

/* Replaces every "{ref}" of path with the fixture's case reference. */
static int
expand_path(const char *path, char *out, size_t size)
{
	size_t n = 0;

	while (*path) {
		size_t len = 1;
		const char *s = path;

		if (strncmp(path, "{ref}", 5) == 0) {
			s = case_ref;
			len = strlen(case_ref);
			path += 5;
		} else {
			path++;
		}
		if (n + len >= size)
			return -1;
		memcpy(out + n, s, len);
		n += len;
	}
	out[n] = '\0';
	return 0;
}

/* Decodes query (modified) into q, as libmicrohttpd gives it to
 * server.c's collect_query(): -1 when a key or value is not UTF-8. */
static int
query_parse(char *query, json_t *q)
{
	char *next;

	for (char *kv = query; kv; kv = next) {
		char *eq;
		json_t *v;

		next = strchr(kv, '&');
		if (next)
			*next++ = '\0';
		for (char *p = kv; *p; p++)
			if (*p == '+')
				*p = ' ';
		eq = strchr(kv, '=');
		if (eq)
			*eq++ = '\0';
		MHD_http_unescape(kv);
		if (eq)
			MHD_http_unescape(eq);
		if (!*kv || json_object_get(q, kv))
			continue;
		v = json_string(eq ? eq : "");
		if (!v || json_object_set_new(q, kv, v) == -1)
			return -1;
	}
	return 0;
}

static int64_t
audit_seq(struct ctx *ctx)
{
	struct err err = ERR_INIT;
	char hash[AUDIT_HASH_HEX];
	int64_t seq = 0;

	if (store_audit_last(ctx->store, &seq, hash, &err) == -1)
		fixture_die("audit", &err);
	return seq;
}

/* One request: what server.c's answer() and dispatch() do with it. */
static void
request(struct ctx *ctx, const char *method, char *target,
    const char *cookie, const char *body, size_t len)
{
	struct api_req req = { .method = method, .ctx = ctx };
	struct api_resp resp = { .status = 200 };
	struct err err = ERR_INIT;
	const struct api_route *route;
	char path[MAX_TARGET], buf[MAX_TARGET];
	char *query = strchr(target, '?');
	size_t bad;
	bool known;
	int64_t before;
	int rc;

	if (query)
		*query++ = '\0';
	if (expand_path(target, path, sizeof(path)) == -1 ||
	    text_utf8_check(path, strlen(path), &bad) == -1)
		return;
	req.path = path;
	req.query = json_object();
	if (query && query_parse(query, req.query) == -1)
		goto out;
	route = api_route_find(method, path, buf, sizeof(buf), req.params,
	    &known);
	if (!route || (route->flags & API_NO_STORE))
		goto out;
	if (len > 0 && !(req.body = json_loadb(body, len,
	    JSON_REJECT_DUPLICATES, NULL)))
		goto out;
	req.token = fixture_token(cookie ? cookie : "super.a");
	if (!req.token)
		req.token = cookie;
	if (!(route->flags & API_PUBLIC) &&
	    auth_resume(ctx, req.token, &req.session, &err) == -1)
		goto out;
	before = audit_seq(ctx);
	rc = route->fn(&req, &resp, &err);
	/* Nothing stored is half-written: a request refused has left no
	 * audit record.  The session's routes are the exception by design:
	 * a wrong password or code counts as a failed login. */
	if (rc == -1 && audit_seq(ctx) != before &&
	    strncmp(route->pattern, "/api/v1/session", 15) != 0) {
		fprintf(stderr, "fuzz_api: %s %s failed (%s) and left an "
		    "audit record\n", method, path, err.msg);
		abort();
	}
	/* FUZZ_VERBOSE=1 shows how far each input got (seeds that stop
	 * short of the handler's work reach less). */
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "fuzz_api: %s %s: %s\n", method, path,
		    rc == 0 ? "ok" : err.msg);
	json_decref(resp.body);
	free(resp.bytes);
out:
	json_decref(req.body);
	json_decref(req.query);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctx ctx;
	char *text, *line, *rest, *sp, *cookie = NULL;

	if (!case_ref[0])
		setup();
	/* The request line and cookie as C strings; the body as bytes. */
	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	line = text;
	rest = memchr(text, '\n', size);
	if (!rest || !(sp = strchr(line, ' ')) || sp > rest)
		goto out;
	*rest++ = '\0';
	*sp = '\0';
	if (strlen(line) + 1 + strlen(sp + 1) + 1 != (size_t)(rest - text))
		goto out;	/* a NUL in the request line */
	if (strncmp(rest, "Cookie: ", 8) == 0) {
		char *nl = memchr(rest, '\n', size - (size_t)(rest - text));

		if (!nl)
			goto out;
		*nl = '\0';
		cookie = rest + 8;
		rest = nl + 1;
	}
	fixture_begin(&ctx, "super.a");
	request(&ctx, line, sp + 1, cookie, rest,
	    size - (size_t)(rest - text));
	fixture_end(&ctx);
out:
	free(text);
	return 0;
}
