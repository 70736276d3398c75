/* SPDX-License-Identifier: Apache-2.0 */
/* api_sop.c - SOP and screening versions, and the API's own document. */
#include <string.h>

#include "base/embed.h"
#include "base/err.h"
#include "base/util.h"
#include "core/library.h"
#include "http/api.h"
#include "store/store.h"
#include "base/banned.h"

extern const struct embedded_file api_document[];

static int
sops_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	const char *lang = api_query(req, "lang");
	json_t *items = json_array();

	for (int kind = DEFINITION_SOP; kind <= DEFINITION_SCREENING; kind++) {
		struct definition_row *rows;
		size_t n;

		if (library_list(req->ctx, kind, &rows, &n, err) == -1) {
			json_decref(items);
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			json_array_append_new(items, definition_json(&rows[i],
			    lang ? lang : "en", i + 1 == n ||
			    !STREQ(rows[i].id, rows[i + 1].id)));
	}
	resp->body = api_list(items, (int)json_array_size(items), 0);
	return 0;
}

static int
sops_show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct definition_row row;
	const char *v = api_query(req, "version");
	char ref[64];
	char id[40];
	int version;

	snprintf(ref, sizeof(ref), "%s%s%s", req->params[0], v ? "@" : "",
	    v ? v : "");
	if (library_parse_ref(ref, "version", id, sizeof(id), &version,
	    err) == -1)
		return -1;
	for (int kind = DEFINITION_SOP; kind <= DEFINITION_SCREENING; kind++) {
		if (store_definition_get(req->ctx->store, kind, id, version,
		    req->ctx->arena, &row, err) == 0) {
			resp->body = json_loads(row.body, 0, NULL);
			return 0;
		}
		if (err->code != ERR_NOT_FOUND)
			return -1;
	}
	return err_set(err, ERR_NOT_FOUND, "id", "no SOP or screening "
	    "instrument \"%.40s\" in this store", ref);
}

static int
sops_import(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct definition_row row;
	size_t len;
	char *text = api_body_text(req, NULL, &len);

	if (library_import(req->ctx, text, len, &row, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = definition_json(&row, "en", true);
	return 0;
}

static int
openapi(struct api_req *req, struct api_resp *resp, struct err *err)
{
	(void)req;
	(void)err;
	resp->raw = (const char *)api_document[0].data;
	return 0;
}

const struct api_route api_sop_routes[] = {
	{ "GET", "/api/v1/sops", 0, sops_list },
	{ "GET", "/api/v1/sops/{id}", 0, sops_show },
	{ "POST", "/api/v1/sops", 0, sops_import },
	{ "GET", "/api/v1/openapi.json", API_PUBLIC | API_NO_STORE, openapi },
	{ NULL, NULL, 0, NULL },
};
