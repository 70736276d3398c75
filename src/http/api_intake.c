/* SPDX-License-Identifier: Apache-2.0 */
/* api_intake.c - reports of a suspected case (core/intake.h). */
#include "base/err.h"
#include "core/intake.h"
#include "http/api.h"
#include "base/banned.h"

/* Report {id} as the actor sees it: a read, and the answer to a change. */
static int
show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct intake_view v;

	if (intake_show(req->ctx, req->params[0], &v, err) == -1)
		return -1;
	resp->body = intake_view_json(&v);
	return 0;
}

static int
create(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "to", "what", "where", "when",
	    "at_risk", "people", "children", "contact", "urgent", "suspected",
	    NULL };
	static const char *const contact_fields[] = { "name", "contact",
	    "times", NULL };
	struct intake_input in = { 0 };
	struct intake_row r;
	struct intake_view v;
	json_t *contact;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.to = api_str(req, "to", &ok, err);
	in.what = api_str(req, "what", &ok, err);
	in.where = api_str(req, "where", &ok, err);
	in.when = api_str(req, "when", &ok, err);
	in.at_risk = api_str(req, "at_risk", &ok, err);
	in.people = api_id(req, "people", &ok, err);
	in.children = api_str(req, "children", &ok, err);
	in.urgent = api_bool(req, "urgent", &ok, err);
	in.suspected = api_str(req, "suspected", &ok, err);
	if (!ok)
		return -1;
	/* How to reach the reporter: an object of its own, all optional. */
	contact = json_object_get(req->body, "contact");
	if (contact && !json_is_null(contact)) {
		struct api_req sub = *req;

		sub.body = contact;
		if (!json_is_object(contact))
			return err_set(err, ERR_INVALID, "contact", "contact: "
			    "not an object: send {\"name\", \"contact\", "
			    "\"times\"}, each optional");
		if (api_fields(&sub, contact_fields, err) == -1)
			return -1;
		in.contact_name = api_str(&sub, "name", &ok, err);
		in.contact = api_str(&sub, "contact", &ok, err);
		in.contact_times = api_str(&sub, "times", &ok, err);
		if (!ok)
			return -1;
	}
	if (intake_report(req->ctx, &in, &r, err) == -1)
		return -1;
	/* The reporter is told its reference and where it stands; the
	 * receiving agency's own reporter sees all of it.  From the row as
	 * written: once committed, the answer cannot fail. */
	v = (struct intake_view){ .r = r, .sight = intake_sight(req->ctx,
	    &r) };
	resp->status = 201;
	resp->body = intake_view_json(&v);
	return 0;
}

static int
list(struct api_req *req, struct api_resp *resp, bool sent, struct err *err)
{
	struct intake_query q = { .sent = sent };
	struct intake_row *rows;
	json_t *items;
	size_t n;

	if (api_query_bool(req, "urgent", &q.urgent, err) == -1 ||
	    api_paging(req, &q.limit, &q.offset, err) == -1 ||
	    intake_list(req->ctx, &q, &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, intake_json(&rows[i], sent ?
		    INTAKE_SIGHT_REPORTER : INTAKE_SIGHT_RECEIVER));
	resp->body = api_list(items, q.limit, q.offset);
	return 0;
}

static int
received(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return list(req, resp, false, err);
}

static int
sent(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return list(req, resp, true, err);
}

static int
acknowledge(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { NULL };

	if ((req->body && api_fields(req, fields, err) == -1) ||
	    intake_acknowledge(req->ctx, req->params[0], err) == -1)
		return -1;
	return show(req, resp, err);
}

/* A link made (POST .../links) or undone (POST .../unlink). */
static int
change_link(struct api_req *req, struct api_resp *resp, bool undo,
    struct err *err)
{
	static const char *const fields[] = { "other", NULL };
	const char *other;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	other = api_str(req, "other", &ok, err);
	if (!ok || (undo ? intake_unlink(req->ctx, req->params[0], other,
	    err) : intake_link(req->ctx, req->params[0], other, err)) == -1 ||
	    show(req, resp, err) == -1)
		return -1;
	resp->status = undo ? 200 : 201;
	return 0;
}

static int
make_link(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return change_link(req, resp, false, err);
}

static int
undo_link(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return change_link(req, resp, true, err);
}

const struct api_route api_intake_routes[] = {
	{ "POST", "/api/v1/intake", 0, create },
	{ "GET", "/api/v1/intake", 0, received },
	{ "GET", "/api/v1/intake/sent", 0, sent },
	{ "GET", "/api/v1/intake/{id}", 0, show },
	{ "POST", "/api/v1/intake/{id}/acknowledge", 0, acknowledge },
	{ "POST", "/api/v1/intake/{id}/links", 0, make_link },
	{ "POST", "/api/v1/intake/{id}/unlink", 0, undo_link },
	{ NULL, NULL, 0, NULL },
};
