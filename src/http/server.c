/* SPDX-License-Identifier: Apache-2.0 */
/*
 * server.c - libmicrohttpd underneath the API: connections, bodies,
 * limits, the store pool, sessions and CSRF, errors, the request log and
 * a graceful stop.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/config.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/audit.h"
#include "core/auth.h"
#include "core/keys.h"
#include "core/library.h"
#include "core/search.h"
#include "http/api.h"
#include "http/web.h"
#include "http/http.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

#define COOKIE		"tipsom_session"
#define CSRF_HEADER	"X-CSRF-Token"
#define MAX_PATH	512

struct server {
	const struct config	*cfg;
	struct vault		*vault;
	bool			 own_vault;	/* opened here, closed here */
	_Atomic int64_t		 keys_checked;	/* take_up_new_keys() */
	pthread_mutex_t		 keys_lock;
	bool			 locked;	/* encrypted under it */
	size_t			 max_body;
	int			 timeout;
	bool			 tls;
	pthread_mutex_t		 lock;
	pthread_cond_t		 freed;
	struct store		**stores;	/* the free ones */
	struct store		*audit_store;
	struct audit_batcher	*audit;
	struct search_cache	*search;	/* one name index for all */
	size_t			 n_free;
	atomic_long		 in_flight;
	atomic_ulong		 next_rid;
	pthread_mutex_t		 log_lock;	/* the access log's buffer */
	char			 log[1 << 16];
	size_t			 log_len;
};

static void
access_flush_locked(struct server *s)
{
	if (s->log_len > 0) {
		fwrite(s->log, 1, s->log_len, stderr);
		fflush(stderr);
		s->log_len = 0;
	}
}

/* Writes the buffered access lines out (once a second, and at stop). */
static void
access_flush(struct server *s)
{
	pthread_mutex_lock(&s->log_lock);
	access_flush_locked(s);
	pthread_mutex_unlock(&s->log_lock);
}

/* One request's line, into the buffer: a write per second, not per
 * request. */
static void
access_line(struct server *s, const char *line, size_t len)
{
	pthread_mutex_lock(&s->log_lock);
	if (s->log_len + len > sizeof(s->log))
		access_flush_locked(s);
	if (len <= sizeof(s->log)) {
		memcpy(s->log + s->log_len, line, len);
		s->log_len += len;
	}
	pthread_mutex_unlock(&s->log_lock);
}

/* What one request accumulates between libmicrohttpd's calls. */
struct pending {
	char			*body;
	size_t			 len;
	size_t			 cap;
	bool			 too_big;
	bool			 too_slow;
	struct timespec		 started;
	struct audit_wait	*wait;		/* its audit records */
	bool			 answered;	/* resp is made */
	struct api_resp		 resp;
	const char		*route;		/* its pattern, or NULL */
	int64_t			 user_id;
	struct MHD_Connection	*conn;		/* while suspended */
};

static double
ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) * 1e3 +
	    (double)(now.tv_nsec - t->tv_nsec) / 1e6;
}

static struct store *
store_acquire(struct server *s)
{
	struct store *st;

	pthread_mutex_lock(&s->lock);
	while (s->n_free == 0)
		pthread_cond_wait(&s->freed, &s->lock);
	st = s->stores[--s->n_free];
	pthread_mutex_unlock(&s->lock);
	return st;
}

static void
store_release(struct server *s, struct store *st)
{
	pthread_mutex_lock(&s->lock);
	s->stores[s->n_free++] = st;
	pthread_cond_signal(&s->freed);
	pthread_mutex_unlock(&s->lock);
}

struct query {
	json_t	*args;
	bool	 bad;		/* a key or value is not UTF-8 */
};

static enum MHD_Result
collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct query *q = cls;
	json_t *v;

	(void)kind;
	if (!key || json_object_get(q->args, key))
		return MHD_YES;
	v = json_string(value ? value : "");
	/* jansson refuses what is not UTF-8: refuse the request too, so a
	 * filter is never silently dropped. */
	if (!v || json_object_set_new(q->args, key, v) == -1)
		q->bad = true;
	return MHD_YES;
}

static void
error_body(struct api_resp *resp, const struct err *err, int status)
{
	resp->status = status;
	resp->body = json_pack("{s:{s:s, s:s, s:o}}", "error", "code",
	    err_code_name(err->code), "message", err->msg, "field",
	    err->field[0] ? json_string(err->field) : json_null());
}

/* Refuses what no handler should see: bad UTF-8, dot segments. */
static int
check_path(const char *path, struct err *err)
{
	size_t bad;

	if (text_utf8_check(path, strlen(path), &bad) == -1 ||
	    strstr(path, "/../") || strstr(path, "/./") ||
	    (strlen(path) >= 3 && STREQ(path + strlen(path) - 3, "/..")))
		return err_set(err, ERR_INVALID, "path", "the path is not "
		    "valid: see /api/v1/openapi.json");
	return 0;
}

static bool
state_changing(const char *method)
{
	return !STREQ(method, "GET") && !STREQ(method, "HEAD");
}

/*
 * A read records the session's use after its answer is made, outside its
 * read transaction; a store too busy to take it costs the answer nothing,
 * and the next request records it.
 */
static void
touch_after_read(struct ctx *ctx, const struct session_row *session)
{
	struct err err = { 0 };

	if (auth_touch(ctx, session, &err) == -1)
		log_warn(ctx->rid, "the session's use is not recorded: %s",
		    err.msg);
}

/*
 * Once a KEYS_REFRESH_SECONDS, a request takes up the data keys a
 * rotation added (keys.h) before it reads or writes anything; on a plain
 * store, it looks whether tipsom keys init encrypted it meanwhile, and if
 * so locks the vault: this server holds no key, and must neither show
 * sealed values nor write plain ones.  Requests that find it due wait for
 * it, so none reads a value sealed under a key still being taken up.
 */
static void
take_up_new_keys(struct server *s, struct ctx *ctx)
{
	struct err err = ERR_INIT;
	enum keys_kind kind;

	if (date_now_seconds() - atomic_load(&s->keys_checked) <
	    KEYS_REFRESH_SECONDS)
		return;
	pthread_mutex_lock(&s->keys_lock);
	if (date_now_seconds() - atomic_load(&s->keys_checked) >=
	    KEYS_REFRESH_SECONDS) {
		if (vault_key_version(ctx->vault) > 0) {
			if (keys_refresh(ctx, &err) == -1)
				log_warn(ctx->rid, "new data keys are not "
				    "taken up: %s", err.msg);
		} else if (keys_kind(ctx, &kind, &err) == 0 &&
		    kind != KEYS_PLAIN && !s->locked) {
			vault_expect_keys(ctx->vault);
			s->locked = true;
			log_error(ctx->rid, "the store was encrypted while "
			    "this server ran: identities are refused until "
			    "it is restarted with the store's key");
		}
		atomic_store(&s->keys_checked, date_now_seconds());
	}
	pthread_mutex_unlock(&s->keys_lock);
}

/* Runs the handler of a matched route in a context of its own. */
static void
dispatch(struct server *s, struct MHD_Connection *conn,
    const struct api_route *route, struct api_req *req,
    struct api_resp *resp, struct audit_wait *wait, struct err *err)
{
	struct ctx ctx = { .cfg = s->cfg, .vault = s->vault,
	    .audit = s->audit, .audit_wait = wait, .search = s->search };
	char rid[32];
	const char *csrf;
	bool reading;
	int rc;

	snprintf(rid, sizeof(rid), "http-%lu",
	    (unsigned long)atomic_fetch_add(&s->next_rid, 1));
	ctx.rid = rid;
	ctx.arena = arena_new();
	req->ctx = &ctx;
	if (!(route->flags & API_NO_STORE)) {
		ctx.store = store_acquire(s);
		take_up_new_keys(s, &ctx);
	}
	/* A read sees one snapshot, its session included, and takes
	 * SQLite's locks once. */
	reading = ctx.store && !state_changing(req->method);
	if (reading && store_read_begin(ctx.store, err) == -1)
		goto failed;
	if (!(route->flags & API_PUBLIC)) {
		if (auth_resume(&ctx, req->token, &req->session, err) == -1)
			goto failed;
		csrf = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    CSRF_HEADER);
		if (state_changing(req->method) &&
		    (!csrf || !vault_equal(csrf, req->session.csrf))) {
			err_set(err, ERR_FORBIDDEN, "csrf", "the request lacks "
			    "the session's CSRF token: send it in the "
			    CSRF_HEADER " header");
			goto failed;
		}
		if (!reading && auth_touch(&ctx, &req->session, err) == -1)
			goto failed;
	}
	rc = route->fn(req, resp, err);
	if (reading) {
		store_read_end(ctx.store);
		reading = false;
		if (rc == 0 && !(route->flags & API_PUBLIC))
			touch_after_read(&ctx, &req->session);
	}
	if (rc == 0)
		goto done;
failed:
	if (reading)
		store_read_end(ctx.store);
	json_decref(resp->body);
	resp->body = NULL;
	resp->raw = NULL;
	free(resp->bytes);
	resp->bytes = NULL;
	/* A malformed reference in the path names no resource. */
	if (err->code == ERR_INVALID && STREQ(err->field, "ref"))
		err->code = ERR_NOT_FOUND;
	error_body(resp, err, api_status(err->code));
done:
	req->session.user_id = ctx.actor.user_id;
	if (ctx.store)
		store_release(s, ctx.store);
	arena_free(&ctx.arena);
	req->ctx = NULL;
}

#define CSP	"default-src 'none'; script-src 'self'; style-src 'self'; " \
		"img-src 'self' data:; connect-src 'self'; font-src 'self'; " \
		"manifest-src 'self'; base-uri 'none'; form-action 'self'; " \
		"frame-ancestors 'none'"

static enum MHD_Result
send_response(struct MHD_Connection *conn, const struct api_resp *resp,
    bool tls)
{
	struct MHD_Response *r;
	enum MHD_Result rc;
	char *text = NULL;

	/* Static documents are served as they are; a body's text is
	 * handed over to be freed, not copied again.  A document made for
	 * the request (an export: a JSON string with its own type) is its
	 * string's text. */
	if (resp->raw)
		r = MHD_create_response_from_buffer(strlen(resp->raw),
		    (void *)resp->raw, MHD_RESPMEM_PERSISTENT);
	else if (resp->bytes)
		r = MHD_create_response_from_buffer(resp->n_bytes,
		    resp->bytes, MHD_RESPMEM_MUST_COPY);
	else if (resp->content_type && json_is_string(resp->body))
		r = MHD_create_response_from_buffer(json_string_length(
		    resp->body), (void *)json_string_value(resp->body),
		    MHD_RESPMEM_MUST_COPY);
	else if (resp->body && (text = json_dumps(resp->body,
	    JSON_COMPACT)))
		r = MHD_create_response_from_buffer(strlen(text), text,
		    MHD_RESPMEM_MUST_FREE);
	else
		r = MHD_create_response_from_buffer(2, (void *)"{}",
		    MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", resp->content_type ?
	    resp->content_type : "application/json; charset=utf-8");
	/* The page runs only its own files and talks only to this server;
	 * no other site may frame it. */
	MHD_add_response_header(r, "Content-Security-Policy", CSP);
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	/* The application's files change with the binary: revalidated,
	 * never stored by the way; answers are never stored at all. */
	MHD_add_response_header(r, "Cache-Control", resp->raw ?
	    "no-cache" : "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	/* Served over TLS, the browser is told to come back only so for
	 * a year: no first request in clear for a network to hijack. */
	if (tls)
		MHD_add_response_header(r, "Strict-Transport-Security",
		    "max-age=31536000");
	if (resp->attachment) {
		char cd[128];

		snprintf(cd, sizeof(cd), "attachment; filename=\"%.64s\"",
		    resp->attachment);
		MHD_add_response_header(r, "Content-Disposition", cd);
	}
	if (resp->cookie[0])
		MHD_add_response_header(r, "Set-Cookie", resp->cookie);
	rc = MHD_queue_response(conn, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return rc;
}

/* Bodies must say they are JSON: a form posted from another site
 * cannot, so this also stops cross-site login forms. */
static bool
json_content(struct MHD_Connection *conn)
{
	const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);

	return type && strncasecmp(type, "application/json", 16) == 0 &&
	    (type[16] == '\0' || type[16] == ';' || type[16] == ' ');
}

/* Makes the answer to a whole request, into p->resp. */
static void
answer(struct server *s, struct MHD_Connection *conn, const char *url,
    const char *method, struct pending *p)
{
	struct api_req req = { .method = method, .path = url };
	struct api_resp *resp = &p->resp;
	struct err err = ERR_INIT;
	const struct api_route *route = NULL;
	char buf[MAX_PATH];
	bool known = false;
	struct query q = { 0 };
	json_error_t jerr;

	resp->status = 200;
	q.args = req.query = json_object();
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query,
	    &q);
	req.token = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, COOKIE);
	req.tls = s->tls;
	if (p->too_big) {
		err_set(&err, ERR_INVALID, "", "the body is larger than %zu "
		    "bytes: send less", s->max_body);
		error_body(resp, &err, 413);
	} else if (p->too_slow) {
		err_set(&err, ERR_INVALID, "", "the body took longer than %d "
		    "seconds to arrive: send it again", s->timeout);
		error_body(resp, &err, 408);
	} else if (q.bad || check_path(url, &err) == -1) {
		if (q.bad)
			err_set(&err, ERR_INVALID, "query", "the query is not "
			    "valid UTF-8: encode it as UTF-8");
		error_body(resp, &err, 400);
	} else if (web_path(url)) {
		int status = web_answer(method, url, resp, &p->route, &err);

		if (status)
			error_body(resp, &err, status);
	} else if (!(route = api_route_find(method, url, buf, sizeof(buf),
	    req.params, &known))) {
		err_set(&err, known ? ERR_INVALID : ERR_NOT_FOUND, "path",
		    known ? "%s is not allowed here: see "
		    "/api/v1/openapi.json" : "no such resource%s: see "
		    "/api/v1/openapi.json", known ? method : "");
		error_body(resp, &err, known ? 405 : 404);
	} else if (p->len > 0 && !json_content(conn)) {
		err_set(&err, ERR_INVALID, "", "the body is not declared as "
		    "JSON: send Content-Type: application/json");
		error_body(resp, &err, 415);
	} else if (p->len > 0 && !(req.body = json_loadb(p->body, p->len,
	    JSON_REJECT_DUPLICATES, &jerr))) {
		err_set(&err, ERR_INVALID, "", "the body is not valid JSON at "
		    "line %d, column %d: %s", jerr.line, jerr.column,
		    jerr.text);
		error_body(resp, &err, 400);
	} else {
		dispatch(s, conn, route, &req, resp, p->wait, &err);
	}
	if (route)
		p->route = route->pattern;
	p->user_id = req.session.user_id;
	json_decref(req.body);
	json_decref(req.query);
}

/* Sends p's answer, and its line of the access log. */
static enum MHD_Result
respond(struct server *s, struct MHD_Connection *conn, const char *method,
    struct pending *p)
{
	enum MHD_Result rc = send_response(conn, &p->resp, s->tls);
	char line[256];
	int len;

	/* One line per request: ids and the route's pattern, never names
	 * or bodies. */
	len = snprintf(line, sizeof(line), "tipsom[access] method=%.16s "
	    "route=%s status=%d ms=%.1f user=%lld\n", method, p->route ?
	    p->route : "-", p->resp.status, ms_since(&p->started),
	    (long long)p->user_id);
	if (len > 0)
		access_line(s, line, (size_t)len < sizeof(line) ?
		    (size_t)len : sizeof(line) - 1);
	json_decref(p->resp.body);
	p->resp.body = NULL;
	free(p->resp.bytes);
	p->resp.bytes = NULL;
	return rc;
}

/* The batcher wrote a suspended request's audit records. */
static void
audited(void *arg)
{
	struct pending *p = arg;

	MHD_resume_connection(p->conn);
}

static enum MHD_Result
finish(struct server *s, struct MHD_Connection *conn, const char *url,
    const char *method, struct pending *p)
{
	struct err err = ERR_INIT;

	if (!p->answered) {
		answer(s, conn, url, method, p);
		p->answered = true;
		/* An answer whose audit records are being written waits for
		 * them suspended, its thread serving others meanwhile. */
		if (audit_wait_handed(p->wait)) {
			p->conn = conn;
			MHD_suspend_connection(conn);
			if (!audit_wait_arm(s->audit, p->wait, audited, p))
				MHD_resume_connection(conn);
			return MHD_YES;
		}
	} else if (audit_wait_result(s->audit, p->wait, &err) == -1) {
		/* What was read must not leave unrecorded. */
		log_error(NULL, "an answer is withheld: its audit record is "
		    "not written: %s", err.msg);
		json_decref(p->resp.body);
		free(p->resp.bytes);
		p->resp = (struct api_resp){ 0 };
		error_body(&p->resp, &err, api_status(err.code));
	}
	return respond(s, conn, method, p);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	struct server *s = cls;
	struct pending *p = *state;
	const char *length;
	enum MHD_Result rc;

	(void)version;
	if (!p) {
		p = calloc(1, sizeof(*p));
		if (!p)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &p->started);
		length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (length && strtoull(length, NULL, 10) > s->max_body)
			p->too_big = true;
		p->wait = audit_wait_new();
		*state = p;
		atomic_fetch_add(&s->in_flight, 1);
		return MHD_YES;
	}
	if (*upload_size) {
		if (ms_since(&p->started) > s->timeout * 1000.0)
			p->too_slow = true;
		if (!p->too_big && !p->too_slow &&
		    p->len + *upload_size > s->max_body)
			p->too_big = true;
		if (!p->too_big && !p->too_slow) {
			if (p->len + *upload_size > p->cap) {
				p->cap = p->len + *upload_size + 4096;
				p->body = realloc(p->body, p->cap);
				if (!p->body)
					abort();
			}
			memcpy(p->body + p->len, upload, *upload_size);
			p->len += *upload_size;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	rc = finish(s, conn, url, method, p);
	return rc;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **state,
    enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct pending *p = *state;

	(void)conn;
	(void)toe;
	if (!p)
		return;
	free(p->body);
	json_decref(p->resp.body);
	free(p->resp.bytes);
	audit_wait_free(s->audit, &p->wait);
	free(p);
	*state = NULL;
	atomic_fetch_sub(&s->in_flight, 1);
}

static int
parse_listen(const char *listen, struct sockaddr_in *addr, struct err *err)
{
	char host[64];
	const char *colon = listen ? strrchr(listen, ':') : NULL;
	long long port;

	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	if (!colon || (size_t)(colon - listen) >= sizeof(host) ||
	    text_parse_int(colon + 1, 1, 65535, &port) == -1)
		return err_set(err, ERR_INVALID, "listen", "--listen \"%.40s\" "
		    "is not HOST:PORT: write it like 127.0.0.1:8080",
		    listen ? listen : "");
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if (inet_pton(AF_INET, host, &addr->sin_addr) != 1)
		return err_set(err, ERR_INVALID, "listen", "--listen host "
		    "\"%.40s\" is not an IPv4 address: use 127.0.0.1, or "
		    "0.0.0.0 for every interface", host);
	addr->sin_port = htons((uint16_t)port);
	return 0;
}

static char *
read_pem(const char *path, struct err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f) {
		err_set(err, ERR_IO, "tls", "cannot read \"%.100s\": %s", path,
		    strerror(errno));
		return NULL;
	}
	buf = calloc(1, 65537);
	if (!buf)
		abort();
	n = fread(buf, 1, 65536, f);
	fclose(f);
	if (n == 0 || n == 65536) {
		free(buf);
		err_set(err, ERR_IO, "tls", "\"%.100s\" is not a PEM file of "
		    "at most 64 KiB", path);
		return NULL;
	}
	return buf;
}

static int
open_stores(struct server *s, size_t n, struct err *err)
{
	struct store_options so = { .busy_timeout_ms =
	    s->cfg->busy_timeout_ms };

	s->stores = calloc(n, sizeof(*s->stores));
	if (!s->stores)
		abort();
	for (; s->n_free < n; s->n_free++) {
		s->stores[s->n_free] = store_open(s->cfg->db, &so, 0, err);
		if (!s->stores[s->n_free])
			return -1;
	}
	s->audit_store = store_open(s->cfg->db, &so, 0, err);
	if (!s->audit_store)
		return -1;
	s->audit = audit_batcher_start(s->audit_store);
	if (!(s->search = search_cache_new()))
		return err_set(err, ERR_INTERNAL, NULL, "out of memory");
	return 0;
}

static void
close_stores(struct server *s)
{
	audit_batcher_stop(&s->audit);
	search_cache_free(&s->search);
	store_close(&s->audit_store);
	for (size_t i = 0; i < s->n_free; i++)
		store_close(&s->stores[i]);
	free(s->stores);
}

/*
 * Waits for SIGINT or SIGTERM, which every thread has blocked, writing
 * the access log out once a second meanwhile: lines are buffered, one
 * write per second instead of one per request.
 */
static void
wait_for_stop(struct server *s, const sigset_t *set)
{
	const struct timespec second = { 1, 0 };

	while (sigtimedwait(set, NULL, &second) < 0)
		access_flush(s);
}

int
http_serve(const struct config *cfg, const struct http_options *opt,
    struct err *err)
{
	struct server s = { .cfg = cfg, .timeout = opt->timeout > 0 ?
	    opt->timeout : HTTP_TIMEOUT_DEFAULT, .max_body = opt->max_body ?
	    opt->max_body : HTTP_MAX_BODY_DEFAULT };
	/* Each worker is an event loop over many connections, and a read
	 * waiting for its audit record is suspended, not holding one: a
	 * worker per CPU.  More only queue for the CPUs, which is what
	 * lengthened the slowest answers (bench/api); two, so that a write
	 * waiting for its disk sync does not stop every read. */
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = opt->threads > 0 ? (unsigned)opt->threads :
	    cpus > 2 ? (unsigned)cpus : 2;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
	    MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	char *cert = NULL, *key = NULL, url[96];
	struct sockaddr_in addr;
	struct MHD_Daemon *d = NULL;
	sigset_t set;
	int rc = -1;

	if (threads < 1)
		threads = 1;
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.freed, NULL);
	pthread_mutex_init(&s.log_lock, NULL);
	pthread_mutex_init(&s.keys_lock, NULL);
	if (parse_listen(opt->listen ? opt->listen : "127.0.0.1:8080", &addr,
	    err) == -1)
		goto out;
	if ((opt->tls_cert != NULL) != (opt->tls_key != NULL)) {
		err_set(err, ERR_INVALID, "tls", "give both --tls-cert and "
		    "--tls-key, or neither");
		goto out;
	}
	if (opt->tls_cert && (!(cert = read_pem(opt->tls_cert, err)) ||
	    !(key = read_pem(opt->tls_key, err))))
		goto out;
	s.tls = cert != NULL;
	/* Every thread started from here on (workers, the audit batcher)
	 * inherits this mask: only sigwait() sees the signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	s.vault = opt->vault;
	if (!s.vault) {
		s.vault = vault_open(cfg->pwhash_cost, err);
		s.own_vault = true;
	}
	if (!s.vault || open_stores(&s, threads, err) == -1)
		goto out;
	d = MHD_start_daemon(flags | (s.tls ? MHD_USE_TLS : 0), 0, NULL, NULL,
	    on_request, &s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)s.timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s,
	    MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
	    s.tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
	    MHD_OPTION_HTTPS_MEM_KEY, key,
	    MHD_OPTION_END);
	if (!d) {
		err_set(err, ERR_IO, "listen", "cannot listen on %s: the "
		    "address is in use or not this machine's",
		    opt->listen ? opt->listen : "127.0.0.1:8080");
		goto out;
	}
	snprintf(url, sizeof(url), "%s://%s/", s.tls ? "https" : "http",
	    opt->listen ? opt->listen : "127.0.0.1:8080");
	if (opt->ready)
		opt->ready(url);
	wait_for_stop(&s, &set);
	/* Stop taking connections, let the requests in flight finish (up to
	 * the timeout), then stop. */
	MHD_quiesce_daemon(d);
	for (int i = 0; i < s.timeout * 10 &&
	    atomic_load(&s.in_flight) > 0; i++)
		usleep(100000);
	MHD_stop_daemon(d);
	access_flush(&s);
	fprintf(stderr, "tipsom: stopped\n");
	rc = 0;
out:
	close_stores(&s);
	if (s.own_vault)
		vault_close(&s.vault);
	library_cache_clear();
	pthread_mutex_destroy(&s.lock);
	pthread_cond_destroy(&s.freed);
	pthread_mutex_destroy(&s.log_lock);
	pthread_mutex_destroy(&s.keys_lock);
	free(cert);
	free(key);
	return rc;
}
