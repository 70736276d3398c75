/* SPDX-License-Identifier: Apache-2.0 */
/* api_stats.c - national figures, small cells suppressed (core/stats.h). */
#include <jansson.h>

#include "base/err.h"
#include "core/stats.h"
#include "http/api.h"
#include "base/banned.h"

static int
stats_get(struct api_req *req, struct api_resp *resp, struct err *err)
{
	const struct stats_query q = { .from = api_query(req, "from"),
	    .to = api_query(req, "to"), .agency = api_query(req, "agency"),
	    .by = api_query(req, "by"),
	    .min_cell = api_query(req, "min_cell") };
	struct stats s;

	if (stats_compute(req->ctx, &q, &s, err) == -1)
		return -1;
	resp->body = stats_json(&s);
	return 0;
}

const struct api_route api_stats_routes[] = {
	{ "GET", "/api/v1/stats", 0, stats_get },
	{ NULL, NULL, 0, NULL },
};
