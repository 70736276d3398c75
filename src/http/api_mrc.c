/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_mrc.c - what Migrant Resource Centres use: the information library
 * (core/sheets.h) and the counselling log (core/counselling.h).
 */
#include <string.h>

#include "base/err.h"
#include "base/util.h"
#include "core/counselling.h"
#include "core/input.h"
#include "core/sheets.h"
#include "http/api.h"
#include "base/banned.h"

static int
sheets_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	json_t *items = sheet_library_list(api_query(req, "lang"),
	    api_query(req, "topic"), err);

	if (!items)
		return -1;
	resp->body = api_list(items, (int)json_array_size(items), 0);
	return 0;
}

static int
sheets_show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	resp->body = sheet_library_show(req->params[0], api_query(req,
	    "lang"), err);
	return resp->body ? 0 : -1;
}

/* A boolean field as the core takes it, "yes" or "no"; NULL when absent
 * (an edit leaves it as it is). */
static const char *
yes_no(const struct api_req *req, const char *key, bool *ok,
    struct err *err)
{
	json_t *v = json_object_get(req->body, key);
	bool yes;

	if (!v || json_is_null(v))
		return NULL;
	yes = api_bool(req, key, ok, err);
	return !*ok ? NULL : yes ? "yes" : "no";
}

static int
record_input(struct api_req *req, struct counselling_input *in,
    struct err *err)
{
	static const char *const fields[] = { "held_on", "party", "people",
	    "pseudonym", "sex", "age_group", "nationality", "situation",
	    "destination", "route", "topics", "risks", "sheets", "notes",
	    "follow_up_on", "follow_up_done", "referred_to", "referral_note",
	    "consent", "full_name", "contact", "case", "person", NULL };
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	*in = (struct counselling_input){
		.held_on = api_str(req, "held_on", &ok, err),
		.party = api_str(req, "party", &ok, err),
		.people = api_id(req, "people", &ok, err),
		.pseudonym = api_str(req, "pseudonym", &ok, err),
		.sex = api_str(req, "sex", &ok, err),
		.age_group = api_str(req, "age_group", &ok, err),
		.nationality = api_str(req, "nationality", &ok, err),
		.situation = api_str(req, "situation", &ok, err),
		.destination = api_str(req, "destination", &ok, err),
		.route = api_str(req, "route", &ok, err),
		.notes = api_str(req, "notes", &ok, err),
		.follow_up_on = api_str(req, "follow_up_on", &ok, err),
		.follow_up_done = yes_no(req, "follow_up_done", &ok, err),
		.referred_to = api_str(req, "referred_to", &ok, err),
		.referral_note = api_str(req, "referral_note", &ok, err),
		.consent = yes_no(req, "consent", &ok, err),
		.full_name = api_str(req, "full_name", &ok, err),
		.contact = api_str(req, "contact", &ok, err),
		.case_ref = api_str(req, "case", &ok, err),
		.person = api_id(req, "person", &ok, err),
	};
	/* A list given, even empty, replaces the record's (api_strs()
	 * gives NULL only when absent). */
	in->topics = api_strs(req, "topics", &in->n_topics, &ok, err);
	in->risks = api_strs(req, "risks", &in->n_risks, &ok, err);
	in->sheets = api_strs(req, "sheets", &in->n_sheets, &ok, err);
	return ok ? 0 : -1;
}

static int
counselling_get_list(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	struct counselling_query q = { .from = api_query(req, "from"),
	    .to = api_query(req, "to") };
	struct counselling_row *rows;
	json_t *items;
	size_t n;

	if (api_paging(req, &q.limit, &q.offset, err) == -1 ||
	    api_query_bool(req, "due", &q.follow_up_due, err) == -1 ||
	    counselling_list(req->ctx, &q, &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, counselling_json(req->ctx,
		    &rows[i]));
	resp->body = api_list(items, q.limit, q.offset);
	return 0;
}

static int
counselling_post(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	struct counselling_input in;
	struct counselling_row k;

	if (record_input(req, &in, err) == -1 ||
	    counselling_add(req->ctx, &in, &k, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = counselling_json(req->ctx, &k);
	return 0;
}

static int
counselling_get(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct counselling_row k;
	int64_t id;

	if (input_id(req->params[0], "id",
	    "counselling record", &id, err) == -1 ||
	    counselling_show(req->ctx, id, &k, err) == -1)
		return -1;
	resp->body = counselling_json(req->ctx, &k);
	return 0;
}

static int
counselling_correct(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	struct counselling_input in;
	struct counselling_row k;
	int64_t id;

	if (input_id(req->params[0], "id",
	    "counselling record", &id, err) == -1 ||
	    record_input(req, &in, err) == -1 ||
	    counselling_edit(req->ctx, id, &in, &k, err) == -1)
		return -1;
	resp->body = counselling_json(req->ctx, &k);
	return 0;
}

const struct api_route api_mrc_routes[] = {
	{ "GET", "/api/v1/sheets", 0, sheets_list },
	{ "GET", "/api/v1/sheets/{id}", 0, sheets_show },
	{ "GET", "/api/v1/counselling", 0, counselling_get_list },
	{ "POST", "/api/v1/counselling", 0, counselling_post },
	{ "GET", "/api/v1/counselling/{id}", 0, counselling_get },
	{ "POST", "/api/v1/counselling/{id}", 0, counselling_correct },
	{ NULL, NULL, 0, NULL },
};
