/* SPDX-License-Identifier: Apache-2.0 */
/* api_admin.c - agencies, users, persons and the audit log. */
#include <stdio.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/agency.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/auth.h"
#include "core/person.h"
#include "core/search.h"
#include "http/api.h"
#include "model/json.h"
#include "base/banned.h"

static int
agencies_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct agency_row *rows;
	json_t *items = json_array();
	size_t n;

	if (agency_list(req->ctx, &rows, &n, err) == -1) {
		json_decref(items);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, agency_json(&rows[i]));
	resp->body = api_list(items, (int)n, 0);
	return 0;
}

static int
agencies_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "code", "name", "kind", NULL };
	struct agency_input in;
	struct agency_row row;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.code = api_str(req, "code", &ok, err);
	in.name = api_str(req, "name", &ok, err);
	in.kind = api_str(req, "kind", &ok, err);
	if (!ok || agency_add(req->ctx, &in, &row, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = agency_json(&row);
	return 0;
}

static int
users_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct user_row *rows;
	json_t *items;
	size_t n;
	int limit, offset;

	if (api_paging(req, &limit, &offset, err) == -1 ||
	    user_list(req->ctx, api_query(req, "agency"), limit, offset,
	    &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, user_json(&rows[i]));
	resp->body = api_list(items, limit, offset);
	return 0;
}

static int
users_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "agency", "username",
	    "full_name", "role", "password", NULL };
	struct user_input in;
	struct user_row row;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.agency = api_str(req, "agency", &ok, err);
	in.username = api_str(req, "username", &ok, err);
	in.full_name = api_str(req, "full_name", &ok, err);
	in.role = api_str(req, "role", &ok, err);
	in.password = api_str(req, "password", &ok, err);
	if (!ok || user_add(req->ctx, &in, &row, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = user_json(&row);
	return 0;
}

static int
users_unlock(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct user_row row;

	/* Nothing to send; an object sent must be empty. */
	if ((req->body && api_fields(req, (const char *const[]){ NULL },
	    err) == -1) ||
	    auth_unlock(req->ctx, req->params[0], &row, err) == -1)
		return -1;
	resp->body = user_json(&row);
	return 0;
}

static int
users_totp_remove(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	struct user_row row;

	if (auth_totp_remove(req->ctx, req->params[0], &row, err) == -1)
		return -1;
	resp->body = user_json(&row);
	return 0;
}

/* What each role may do (src/core/access.c), for everyone to read. */
static int
roles_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	json_t *items = json_array(), *perms = json_array();

	(void)req;
	(void)err;
	for (int p = 0; p < PERM__MAX; p++)
		json_array_append_new(perms, json_string(access_perm_name(p)));
	for (int r = 0; r < ROLE__MAX; r++) {
		json_t *may = json_array();

		for (int p = 0; p < PERM__MAX; p++)
			if (access_user_may(req->ctx, r, p))
				json_array_append_new(may, json_string(
				    access_perm_name(p)));
		json_array_append_new(items, json_pack("{s:s, s:o}", "role",
		    role_name(r), "permissions", may));
	}
	resp->body = json_pack("{s:o, s:o}", "items", items, "permissions",
	    perms);
	return 0;
}

/* [{kind, number, country, expires_on}] or [{kind, value}] lists. */
static int
objects(struct api_req *req, const char *key, const char *const *names,
    size_t width, const char ***out, size_t *n, struct err *err)
{
	json_t *v = json_object_get(req->body, key), *o;
	const char **cells;
	size_t i;

	*n = 0;
	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_array(v))
		return err_set(err, ERR_INVALID, key, "%s: not an array of "
		    "objects", key);
	cells = arena_array(req->ctx->arena, json_array_size(v) * width + 1,
	    sizeof(*cells));
	json_array_foreach(v, i, o) {
		const char *k;
		json_t *x;

		if (!json_is_object(o))
			return err_set(err, ERR_INVALID, key, "%s[%zu]: not an "
			    "object", key, i);
		json_object_foreach(o, k, x) {
			size_t j;

			for (j = 0; j < width && !STREQ(names[j], k); j++)
				;
			if (j == width || !json_is_string(x))
				return err_set(err, ERR_INVALID, key, "%s[%zu]."
				    "%.32s: unknown field or not a string",
				    key, i, k);
			cells[i * width + j] = json_string_value(x);
		}
	}
	*out = cells;
	*n = json_array_size(v);
	return 0;
}

static int
persons_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "given", "father",
	    "grandfather", "family", "aliases", "sex", "born",
	    "born_estimated", "nationalities", "languages", "documents",
	    "contacts", NULL };
	static const char *const doc_names[] = { "kind", "number", "country",
	    "expires_on" };
	static const char *const contact_names[] = { "kind", "value" };
	struct person_input in = { 0 };
	struct person_row row;
	const char **docs, **contacts;
	struct document_input *documents;
	struct contact_input *others;
	size_t n_docs, n_contacts;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.given = api_str(req, "given", &ok, err);
	in.father = api_str(req, "father", &ok, err);
	in.grandfather = api_str(req, "grandfather", &ok, err);
	in.family = api_str(req, "family", &ok, err);
	in.sex = api_str(req, "sex", &ok, err);
	in.born = api_str(req, "born", &ok, err);
	in.born_estimated = api_bool(req, "born_estimated", &ok, err);
	in.aliases = api_strs(req, "aliases", &in.n_aliases, &ok, err);
	in.nationalities = api_strs(req, "nationalities",
	    &in.n_nationalities, &ok, err);
	in.languages = api_strs(req, "languages", &in.n_languages, &ok, err);
	if (!ok || objects(req, "documents", doc_names, 4, &docs, &n_docs,
	    err) == -1 || objects(req, "contacts", contact_names, 2,
	    &contacts, &n_contacts, err) == -1)
		return -1;
	documents = arena_array(req->ctx->arena, n_docs + 1,
	    sizeof(*documents));
	for (size_t i = 0; i < n_docs; i++)
		documents[i] = (struct document_input){ docs[i * 4],
		    docs[i * 4 + 1], docs[i * 4 + 2], docs[i * 4 + 3] };
	others = arena_array(req->ctx->arena, n_contacts + 1,
	    sizeof(*others));
	for (size_t i = 0; i < n_contacts; i++)
		others[i] = (struct contact_input){ contacts[i * 2],
		    contacts[i * 2 + 1] };
	in.documents = documents;
	in.n_documents = n_docs;
	in.contacts = others;
	in.n_contacts = n_contacts;
	if (person_add(req->ctx, &in, &row, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = person_json(&row);
	return 0;
}

static int
persons_search(struct api_req *req, struct api_resp *resp, struct err *err)
{
	const char *limit_text = api_query(req, "limit");
	struct person_hit *hits;
	long long limit = 0;
	json_t *items;
	size_t n;

	if (limit_text && text_parse_int(limit_text, 1, SEARCH_LIMIT_MAX,
	    &limit) == -1)
		return err_set(err, ERR_INVALID, "limit", "limit is not a "
		    "number from 1 to %d", SEARCH_LIMIT_MAX);
	if (person_search(req->ctx, api_query(req, "q"), (int)limit, &hits,
	    &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, person_hit_json(&hits[i]));
	resp->body = api_list(items, limit ? (int)limit :
	    SEARCH_LIMIT_DEFAULT, 0);
	return 0;
}

static int
persons_show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct person_row row;
	int64_t id;

	if (person_parse_id(req->params[0], "id", &id, err) == -1) {
		err->code = ERR_NOT_FOUND;
		return -1;
	}
	if (person_show(req->ctx, id, &row, err) == -1)
		return -1;
	resp->body = person_json(&row);
	return 0;
}

static int
audit_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct audit_row *rows;
	json_t *items;
	size_t n;
	int limit, offset;

	if (api_paging(req, &limit, &offset, err) == -1 ||
	    audit_log(req->ctx, api_query(req, "case"), limit, offset, &rows,
	    &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, audit_json(&rows[i]));
	resp->body = api_list(items, limit, offset);
	return 0;
}

const struct api_route api_admin_routes[] = {
	{ "GET", "/api/v1/agencies", 0, agencies_list },
	{ "POST", "/api/v1/agencies", 0, agencies_add },
	{ "GET", "/api/v1/users", 0, users_list },
	{ "POST", "/api/v1/users", 0, users_add },
	{ "POST", "/api/v1/users/{username}/unlock", 0, users_unlock },
	{ "DELETE", "/api/v1/users/{username}/totp", 0, users_totp_remove },
	{ "GET", "/api/v1/roles", 0, roles_list },
	{ "POST", "/api/v1/persons", 0, persons_add },
	{ "GET", "/api/v1/persons/{id}", 0, persons_show },
	{ "GET", "/api/v1/search/persons", 0, persons_search },
	{ "GET", "/api/v1/audit", 0, audit_list },
	{ NULL, NULL, 0, NULL },
};
