/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_session.c - logging in and out: POST, GET and DELETE /session; and
 * the logged-in user's language, POST /session/language.
 */
#include <stdio.h>

#include "base/err.h"
#include "core/agency.h"
#include "core/auth.h"
#include "http/api.h"
#include "model/json.h"
#include "store/store.h"
#include "base/banned.h"

static void
set_cookie(struct api_resp *resp, const struct api_req *req,
    const char *token, long long max_age)
{
	snprintf(resp->cookie, sizeof(resp->cookie), "tipsom_session=%s; "
	    "Path=/; Max-Age=%lld; HttpOnly; SameSite=Strict%s", token,
	    max_age, req->tls ? "; Secure" : "");
}

static json_t *
session_json(const struct user_row *u, const char *csrf,
    const char *expires_at)
{
	return json_pack("{s:o, s:s, s:s}", "user", user_json(u), "csrf", csrf,
	    "expires_at", expires_at);
}

static int
login(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "username", "password", "totp",
	    NULL };
	struct auth_login in;
	struct auth_session s;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.username = api_str(req, "username", &ok, err);
	in.password = api_str(req, "password", &ok, err);
	in.totp = api_str(req, "totp", &ok, err);
	if (!ok || auth_login(req->ctx, &in, &s, err) == -1)
		return -1;
	set_cookie(resp, req, s.token,
	    req->ctx->cfg->session_max_hours * 3600);
	resp->status = 201;
	resp->body = session_json(&s.user, s.csrf, s.expires_at);
	return 0;
}

static int
current(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct user_row u;

	if (store_user_by_id(req->ctx->store, req->session.user_id,
	    req->ctx->arena, &u, err) == -1)
		return -1;
	resp->body = session_json(&u, req->session.csrf,
	    req->session.expires_at);
	return 0;
}

static int
logout(struct api_req *req, struct api_resp *resp, struct err *err)
{
	if (auth_logout(req->ctx, req->token, err) == -1)
		return -1;
	set_cookie(resp, req, "", 0);
	resp->status = 204;
	resp->raw = "";
	return 0;
}

static int
language(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "language", NULL };
	struct user_row u;
	const char *lang;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	/* null clears the choice; leaving it out is a mistake. */
	if (!json_object_get(req->body, "language"))
		return err_set(err, ERR_INVALID, "language", "language is "
		    "missing: give en, ar or ckb, or null for none");
	lang = api_str(req, "language", &ok, err);
	if (!ok || user_set_language(req->ctx, lang, &u, err) == -1)
		return -1;
	resp->body = session_json(&u, req->session.csrf,
	    req->session.expires_at);
	return 0;
}

const struct api_route api_session_routes[] = {
	{ "POST", "/api/v1/session", API_PUBLIC, login },
	{ "GET", "/api/v1/session", 0, current },
	{ "DELETE", "/api/v1/session", 0, logout },
	{ "POST", "/api/v1/session/language", 0, language },
	{ NULL, NULL, 0, NULL },
};
