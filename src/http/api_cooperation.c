/* SPDX-License-Identifier: Apache-2.0 */
/* api_cooperation.c - requests for international cooperation. */
#include "base/err.h"
#include "base/text.h"
#include "core/cooperation.h"
#include "http/api.h"
#include "base/banned.h"

static json_t *
rows_json(const struct cooperation_row *rows, size_t n)
{
	json_t *items = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, cooperation_json(&rows[i]));
	return items;
}

/* The requests of q (a case's when q->ref), narrowed by the query. */
static int
list(struct api_req *req, struct api_resp *resp, struct cooperation_query *q,
    struct err *err)
{
	struct cooperation_row *rows;
	int offset;
	size_t n;

	q->status = api_query(req, "status");
	q->kind = api_query(req, "kind");
	if (api_query_bool(req, "due", &q->due, err) == -1 ||
	    api_paging(req, &q->limit, &offset, err) == -1)
		return -1;
	if (offset != 0)
		return err_set(err, ERR_INVALID, "offset", "offset: the "
		    "requests are listed at most 500 at a time; narrow them "
		    "by status, kind or case instead");
	if (cooperation_list(req->ctx, q, &rows, &n, err) == -1)
		return -1;
	resp->body = api_list(rows_json(rows, n), q->limit, 0);
	return 0;
}

static int
case_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return list(req, resp, &(struct cooperation_query){
	    .ref = req->params[0] }, err);
}

static int
agency_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return list(req, resp, &(struct cooperation_query){
	    .ref = api_query(req, "case") }, err);
}

static int
case_create(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "kind", "direction", "country",
	    "authority", "legal_basis", "subject", "our_ref", "their_ref",
	    "sent_on", "due_on", "next_follow_up", NULL };
	struct cooperation_input in = { .ref = req->params[0] };
	struct cooperation_row row;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.kind = api_str(req, "kind", &ok, err);
	in.direction = api_str(req, "direction", &ok, err);
	in.country = api_str(req, "country", &ok, err);
	in.authority = api_str(req, "authority", &ok, err);
	in.legal_basis = api_str(req, "legal_basis", &ok, err);
	in.subject = api_str(req, "subject", &ok, err);
	in.our_ref = api_str(req, "our_ref", &ok, err);
	in.their_ref = api_str(req, "their_ref", &ok, err);
	in.sent_on = api_str(req, "sent_on", &ok, err);
	in.due_on = api_str(req, "due_on", &ok, err);
	in.next_follow_up = api_str(req, "next_follow_up", &ok, err);
	if (!ok || cooperation_create(req->ctx, &in, &row, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = cooperation_json(&row);
	return 0;
}

/* The {id} of the path; not a number is no such request. */
static int
path_id(const struct api_req *req, long long *id, struct err *err)
{
	if (text_parse_int(req->params[0], 1, INT64_MAX, id) == -1)
		return err_set(err, ERR_NOT_FOUND, "cooperation", "cooperation "
		    "request \"%.24s\" not found: check the number in your "
		    "list of requests", req->params[0]);
	return 0;
}

/* Request id with its history: a read, and the answer to a change. */
static int
show(struct api_req *req, struct api_resp *resp, long long id,
    struct err *err)
{
	struct cooperation_view v;

	if (cooperation_show(req->ctx, id, &v, err) == -1)
		return -1;
	resp->body = cooperation_view_json(&v);
	return 0;
}

static int
one(struct api_req *req, struct api_resp *resp, struct err *err)
{
	long long id;

	if (path_id(req, &id, err) == -1)
		return -1;
	return show(req, resp, id, err);
}

/*
 * A move (POST .../status) or a follow-up (POST .../follow-ups) of
 * request {id}: the request with its history after it.
 */
static int
change(struct api_req *req, struct api_resp *resp, bool follow_up,
    struct err *err)
{
	static const char *const moved[] = { "status", "on", "due_on",
	    "channel", "reason", "version", NULL };
	static const char *const followed[] = { "on", "channel", "note",
	    "next_follow_up", "version", NULL };
	struct cooperation_row row;
	struct cooperation_follow_up f;
	struct cooperation_move m;
	long long id;
	bool ok = true;
	int rc;

	if (path_id(req, &id, err) == -1 ||
	    api_fields(req, follow_up ? followed : moved, err) == -1)
		return -1;
	/* Every field is read, in order, before the core is called. */
	f.on = m.on = api_str(req, "on", &ok, err);
	f.channel = m.channel = api_str(req, "channel", &ok, err);
	f.version = m.version = api_id(req, "version", &ok, err);
	f.note = api_str(req, "note", &ok, err);
	f.next = api_str(req, "next_follow_up", &ok, err);
	m.status = api_str(req, "status", &ok, err);
	m.due_on = api_str(req, "due_on", &ok, err);
	m.reason = api_str(req, "reason", &ok, err);
	if (!ok)
		return -1;
	rc = follow_up ? cooperation_follow_up(req->ctx, id, &f, &row, err) :
	    cooperation_move(req->ctx, id, &m, &row, err);
	if (rc == -1 || show(req, resp, id, err) == -1)
		return -1;
	resp->status = follow_up ? 201 : 200;
	return 0;
}

static int
move(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return change(req, resp, false, err);
}

static int
follow_up(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return change(req, resp, true, err);
}

const struct api_route api_cooperation_routes[] = {
	{ "GET", "/api/v1/cases/{ref}/cooperation", 0, case_list },
	{ "POST", "/api/v1/cases/{ref}/cooperation", 0, case_create },
	{ "GET", "/api/v1/cooperation", 0, agency_list },
	{ "GET", "/api/v1/cooperation/{id}", 0, one },
	{ "POST", "/api/v1/cooperation/{id}/status", 0, move },
	{ "POST", "/api/v1/cooperation/{id}/follow-ups", 0, follow_up },
	{ NULL, NULL, 0, NULL },
};
