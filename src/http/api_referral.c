/* SPDX-License-Identifier: Apache-2.0 */
/* api_referral.c - referrals to service providers, with consent. */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/text.h"
#include "core/referral.h"
#include "http/api.h"
#include "base/banned.h"

/* An error about a field of the consent object names its whole path. */
static int
in_consent(struct err *err)
{
	char field[sizeof(err->field)];

	/* The consent's field names are short: the path always fits. */
	if (!*err->field)
		snprintf(err->field, sizeof(err->field), "consent");
	else if (strncmp(err->field, "consent", 7) != 0) {
		snprintf(field, sizeof(field), "consent.%.48s", err->field);
		memcpy(err->field, field, sizeof(field));
	}
	return -1;
}

static int
read_consent(const struct api_req *req, struct referral_consent_input *in,
    struct err *err)
{
	static const char *const fields[] = { "explained", "language",
	    "interpreter", "scope", "given_on", "guardian", "best_interests",
	    NULL };
	/* The consent object read like a body of its own. */
	struct api_req sub = *req;
	bool ok = true;

	sub.body = json_object_get(req->body, "consent");
	if (!sub.body || json_is_null(sub.body))
		return err_set(err, ERR_INVALID, "consent", "consent is "
		    "missing: nobody is referred without their informed "
		    "consent; record it");
	if (api_fields(&sub, fields, err) == -1)
		return in_consent(err);
	in->explained = api_str(&sub, "explained", &ok, err);
	in->language = api_str(&sub, "language", &ok, err);
	in->interpreter = api_str(&sub, "interpreter", &ok, err);
	in->scope = api_strs(&sub, "scope", &in->n_scope, &ok, err);
	in->given_on = api_str(&sub, "given_on", &ok, err);
	in->guardian = api_str(&sub, "guardian", &ok, err);
	in->best_interests = api_str(&sub, "best_interests", &ok, err);
	return ok ? 0 : in_consent(err);
}

static json_t *
rows_json(const struct referral_row *rows, size_t n, bool referrer)
{
	json_t *items = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, referral_json(&rows[i], referrer));
	return items;
}

static int
case_referrals(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct referral_row *rows;
	size_t n;

	if (referral_list(req->ctx, &(struct referral_query){ .box = "out",
	    .ref = req->params[0] }, &rows, &n, err) == -1)
		return -1;
	resp->body = api_list(rows_json(rows, n, true), (int)n, 0);
	return 0;
}

static int
case_refer(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "person", "provider",
	    "service", "needs", "shares", "with_family", "send", "consent",
	    NULL };
	struct referral_input in = { .ref = req->params[0] };
	struct referral_row row;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.person_id = api_id(req, "person", &ok, err);
	in.provider = api_str(req, "provider", &ok, err);
	in.service = api_str(req, "service", &ok, err);
	in.needs = api_str(req, "needs", &ok, err);
	in.shares = api_strs(req, "shares", &in.n_shares, &ok, err);
	in.with_family = api_bool(req, "with_family", &ok, err);
	in.send = api_bool(req, "send", &ok, err);
	if (!ok || read_consent(req, &in.consent, err) == -1 ||
	    referral_make(req->ctx, &in, &row, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = referral_json(&row, true);
	return 0;
}

static int
referrals_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct referral_query q = {
		.box = api_query(req, "box"),
		.status = api_query(req, "status"),
	};
	struct referral_row *rows;
	int offset;
	size_t n;

	if (!q.box)
		q.box = "out";
	if (api_paging(req, &q.limit, &offset, err) == -1)
		return -1;
	if (offset != 0)
		return err_set(err, ERR_INVALID, "offset", "offset: the "
		    "referrals are listed newest first, at most 500; narrow "
		    "them by status instead");
	if (referral_list(req->ctx, &q, &rows, &n, err) == -1)
		return -1;
	resp->body = api_list(rows_json(rows, n, strcmp(q.box, "out") == 0),
	    q.limit, 0);
	return 0;
}

/* The {id} of the path; not a number is no such referral. */
static int
path_id(const struct api_req *req, long long *id, struct err *err)
{
	if (text_parse_int(req->params[0], 1, INT64_MAX, id) == -1)
		return err_set(err, ERR_NOT_FOUND, "referral", "referral "
		    "\"%.24s\" not found: check the number in your list of "
		    "referrals", req->params[0]);
	return 0;
}

/* Referral id as the actor's side sees it: a read, and the answer to a
 * change. */
static int
show(struct api_req *req, struct api_resp *resp, long long id,
    struct err *err)
{
	struct referral_view v;

	if (referral_show(req->ctx, id, &v, err) == -1)
		return -1;
	resp->body = referral_view_json(&v);
	return 0;
}

static int
referrals_show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	long long id;

	if (path_id(req, &id, err) == -1)
		return -1;
	return show(req, resp, id, err);
}

static int
referrals_status(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	static const char *const fields[] = { "status", "reason", NULL };
	struct referral_row row;
	const char *status, *reason;
	long long id;
	bool ok = true;

	if (path_id(req, &id, err) == -1 ||
	    api_fields(req, fields, err) == -1)
		return -1;
	status = api_str(req, "status", &ok, err);
	reason = api_str(req, "reason", &ok, err);
	if (!ok || referral_move(req->ctx, id, status, reason, &row,
	    err) == -1)
		return -1;
	return show(req, resp, id, err);
}

static int
referrals_withdraw_consent(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	static const char *const fields[] = { "reason", NULL };
	struct referral_row row;
	const char *reason;
	long long id;
	bool ok = true;

	if (path_id(req, &id, err) == -1 ||
	    api_fields(req, fields, err) == -1)
		return -1;
	reason = api_str(req, "reason", &ok, err);
	if (!ok || referral_withdraw_consent(req->ctx, id, reason, &row,
	    err) == -1)
		return -1;
	return show(req, resp, id, err);
}

const struct api_route api_referral_routes[] = {
	{ "GET", "/api/v1/cases/{ref}/referrals", 0, case_referrals },
	{ "POST", "/api/v1/cases/{ref}/referrals", 0, case_refer },
	{ "GET", "/api/v1/referrals", 0, referrals_list },
	{ "GET", "/api/v1/referrals/{id}", 0, referrals_show },
	{ "POST", "/api/v1/referrals/{id}/status", 0, referrals_status },
	{ "POST", "/api/v1/referrals/{id}/withdraw-consent", 0,
	    referrals_withdraw_consent },
	{ NULL, NULL, 0, NULL },
};
