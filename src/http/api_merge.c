/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_merge.c - persons recorded twice: the duplicates, merges and their
 * undoing, and pairs found to be two people.
 */
#include <math.h>
#include <stdlib.h>

#include <jansson.h>

#include "base/err.h"
#include "base/text.h"
#include "core/duplicates.h"
#include "core/merge.h"
#include "core/person.h"
#include "http/api.h"
#include "base/banned.h"

/* The persons of the path, where a malformed id names no resource. */
static int
path_person(struct api_req *req, int64_t *id, struct err *err)
{
	if (person_parse_id(req->params[0], "id", id, err) == -1) {
		err->code = ERR_NOT_FOUND;
		return -1;
	}
	return 0;
}

static int
duplicates_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	const char *score = api_query(req, "min_score");
	const char *limit = api_query(req, "limit");
	const char *person = api_query(req, "person");
	struct duplicates_query q = { 0 };
	struct duplicates_summary sum;
	struct duplicate_pair *pairs;
	long long n_limit = 0;
	json_t *items, *body;
	size_t n;

	if (score) {
		char *end = NULL;

		q.min_score = strtod(score, &end);
		if (end == score || *end || !isfinite(q.min_score) ||
		    q.min_score <= 0)
			return err_set(err, ERR_INVALID, "min_score",
			    "min_score is not a score: give a number above 0 "
			    "and at most 1, like 0.8");
	}
	if (limit && text_parse_int(limit, 1, DUPLICATE_LIMIT_MAX,
	    &n_limit) == -1)
		return err_set(err, ERR_INVALID, "limit", "limit is not a "
		    "number from 1 to %d", DUPLICATE_LIMIT_MAX);
	q.limit = (int)n_limit;
	if (person && person_parse_id(person, "person", &q.person,
	    err) == -1)
		return -1;
	if (person_duplicates(req->ctx, &q, &pairs, &n, &sum, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, duplicate_pair_json(&pairs[i]));
	body = api_list(items, q.limit ? q.limit : DUPLICATE_LIMIT_DEFAULT, 0);
	json_object_set_new(body, "found", json_integer((json_int_t)sum.found));
	json_object_set_new(body, "may_reach",
	    json_integer((json_int_t)sum.may_reach));
	json_object_set_new(body, "weighed",
	    json_integer((json_int_t)sum.candidates));
	json_object_set_new(body, "too_common",
	    json_integer((json_int_t)sum.too_common));
	resp->body = body;
	return 0;
}

static int
merges_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "other", "reason", "confirm",
	    NULL };
	struct merge_input in = { 0 };
	struct person_merge_row m;
	struct merge_conflict *conflicts;
	const char *other;
	size_t n;
	bool ok = true;

	if (path_person(req, &in.keep, err) == -1 ||
	    api_fields(req, fields, err) == -1)
		return -1;
	other = api_id(req, "other", &ok, err);
	in.reason = api_str(req, "reason", &ok, err);
	in.confirm = api_bool(req, "confirm", &ok, err);
	if (!ok)
		return -1;
	if (!other)
		return err_set(err, ERR_INVALID, "other", "other is missing: "
		    "give the id of the person to merge into this one");
	if (person_parse_id(other, "other", &in.other, err) == -1)
		return -1;
	if (person_merge(req->ctx, &in, &m, &conflicts, &n, err) == -1) {
		if (err->code != ERR_CONFLICT || n == 0)
			return -1;
		/* The roles the user must confirm, beside the error. */
		resp->status = 409;
		resp->body = json_pack("{s:{s:s, s:s, s:s}, s:o}", "error",
		    "code", err_code_name(err->code), "message", err->msg,
		    "field", "confirm", "conflicts",
		    merge_conflicts_json(conflicts, n));
		return 0;
	}
	resp->status = 201;
	resp->body = person_merge_json(&m);
	return 0;
}

static int
merges_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct person_merge_row *rows;
	json_t *items;
	int64_t id;
	size_t n;

	if (path_person(req, &id, err) == -1 ||
	    person_merges(req->ctx, id, &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, person_merge_json(&rows[i]));
	resp->body = json_pack("{s:o}", "items", items);
	return 0;
}

static int
unmerge(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "reason", NULL };
	struct person_merge_row m;
	const char *reason;
	int64_t id;
	bool ok = true;

	if (path_person(req, &id, err) == -1 ||
	    api_fields(req, fields, err) == -1)
		return -1;
	reason = api_str(req, "reason", &ok, err);
	if (!ok || person_unmerge(req->ctx, id, reason, &m, err) == -1)
		return -1;
	resp->body = person_merge_json(&m);
	return 0;
}

static int
distinct(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "other", "reason", NULL };
	const char *other, *reason;
	int64_t a, b;
	bool ok = true;

	if (path_person(req, &a, err) == -1 ||
	    api_fields(req, fields, err) == -1)
		return -1;
	other = api_id(req, "other", &ok, err);
	reason = api_str(req, "reason", &ok, err);
	if (!ok)
		return -1;
	if (!other)
		return err_set(err, ERR_INVALID, "other", "other is missing: "
		    "give the id of the other person");
	if (person_parse_id(other, "other", &b, err) == -1 ||
	    person_distinct(req->ctx, a, b, reason, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = json_pack("{s:I, s:I}", "a", (json_int_t)a, "b",
	    (json_int_t)b);
	return 0;
}

/* Before api_admin_routes' /persons/{id}, which would take "duplicates"
 * for an id. */
const struct api_route api_merge_routes[] = {
	{ "GET", "/api/v1/persons/duplicates", 0, duplicates_list },
	{ "GET", "/api/v1/persons/{id}/merges", 0, merges_list },
	{ "POST", "/api/v1/persons/{id}/merges", 0, merges_add },
	{ "POST", "/api/v1/persons/{id}/unmerge", 0, unmerge },
	{ "POST", "/api/v1/persons/{id}/distinct", 0, distinct },
	{ NULL, NULL, 0, NULL },
};
