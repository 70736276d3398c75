/* SPDX-License-Identifier: Apache-2.0 */
/* api_share.c - a case's shares with other agencies. */
#include <stdio.h>

#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "core/case.h"
#include "core/share.h"
#include "http/api.h"
#include "base/banned.h"

static int
shares_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct case_share_row *rows;
	char today[DATE_TEXT_SIZE];
	json_t *items;
	size_t n;

	if (case_shares(req->ctx, req->params[0], &rows, &n, err) == -1)
		return -1;
	case__today(today);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, case_share_json(&rows[i], today));
	resp->body = api_list(items, (int)n, 0);
	return 0;
}

static int
shares_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "agency", "scope", "reason",
	    "until", NULL };
	struct case_share_input in = { .ref = req->params[0] };
	struct case_share_row row;
	char today[DATE_TEXT_SIZE];
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.agency = api_str(req, "agency", &ok, err);
	in.scope = api_str(req, "scope", &ok, err);
	in.reason = api_str(req, "reason", &ok, err);
	in.until = api_str(req, "until", &ok, err);
	if (!ok || case_share(req->ctx, &in, &row, err) == -1)
		return -1;
	case__today(today);
	resp->status = 201;
	resp->body = case_share_json(&row, today);
	return 0;
}

static int
shares_revoke(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "reason", NULL };
	struct case_share_row row;
	char today[DATE_TEXT_SIZE];
	const char *reason;
	bool ok = true;
	long long id;

	/* Not a share number: no such resource. */
	if (text_parse_int(req->params[1], 1, INT64_MAX, &id) == -1)
		return err_set(err, ERR_NOT_FOUND, "share", "case %.48s has "
		    "no share \"%.32s\": see its shares", req->params[0],
		    req->params[1]);
	if (api_fields(req, fields, err) == -1)
		return -1;
	reason = api_str(req, "reason", &ok, err);
	if (!ok || case_unshare(req->ctx, req->params[0], id, reason, &row,
	    err) == -1)
		return -1;
	case__today(today);
	resp->body = case_share_json(&row, today);
	return 0;
}

static int
transfers_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct case_transfer_row *rows;
	json_t *items;
	size_t n;

	if (case_transfers(req->ctx, req->params[0], &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, case_transfer_json(&rows[i]));
	resp->body = api_list(items, (int)n, 0);
	return 0;
}

static int
transfers_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "agency", "reason", "lead",
	    "keep", NULL };
	struct case_transfer_input in = { .ref = req->params[0] };
	struct case_transfer_row row;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.agency = api_str(req, "agency", &ok, err);
	in.reason = api_str(req, "reason", &ok, err);
	in.lead = api_str(req, "lead", &ok, err);
	in.keep = api_str(req, "keep", &ok, err);
	if (!ok || case_transfer(req->ctx, &in, &row, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = case_transfer_json(&row);
	return 0;
}

const struct api_route api_share_routes[] = {
	{ "GET", "/api/v1/cases/{ref}/transfers", 0, transfers_list },
	{ "POST", "/api/v1/cases/{ref}/transfers", 0, transfers_add },
	{ "GET", "/api/v1/cases/{ref}/shares", 0, shares_list },
	{ "POST", "/api/v1/cases/{ref}/shares", 0, shares_add },
	{ "POST", "/api/v1/cases/{ref}/shares/{id}/revoke", 0,
	    shares_revoke },
	{ NULL, NULL, 0, NULL },
};
