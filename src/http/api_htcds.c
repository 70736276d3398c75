/* SPDX-License-Identifier: Apache-2.0 */
/* api_htcds.c - the de-identified HTCDS export (src/core/htcds.h): CSV
 * as an attachment, or JSON. */
#include "base/err.h"
#include "core/htcds.h"
#include "http/api.h"
#include "base/banned.h"

/* GET ?k=&format=csv|json&from=&to= */
static int
export_htcds(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct htcds_query q;
	struct htcds_export e;

	if (htcds_query_parse(api_query(req, "k"), api_query(req, "format"),
	    api_query(req, "from"), api_query(req, "to"), &q, err) == -1 ||
	    htcds_export(req->ctx, &q, &e, err) == -1)
		return -1;
	if (q.format == HTCDS_FORMAT_JSON) {
		resp->body = htcds_json(&e);
		return 0;
	}
	resp->body = json_string(htcds_csv(&e, req->ctx->arena));
	resp->content_type = "text/csv; charset=utf-8";
	resp->attachment = "htcds.csv";
	return 0;
}

const struct api_route api_htcds_routes[] = {
	{ "GET", "/api/v1/exports/htcds", 0, export_htcds },
	{ NULL, NULL, 0, NULL },
};
