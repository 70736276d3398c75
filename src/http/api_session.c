/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_session.c - logging in and out: POST, GET and DELETE /session; and
 * the logged-in user's own account: language, password and two-factor
 * login (POST /session/language, /session/password, /session/totp/offer
 * and /session/totp).
 */
#include <stdio.h>

#include "base/err.h"
#include "core/agency.h"
#include "core/auth.h"
#include "core/training.h"
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
session_json(struct api_req *req, const struct user_row *u,
    const char *csrf, const char *expires_at)
{
	bool training = false;
	struct err ignored = ERR_INIT;

	/* A read that fails leaves the banner off; the session stands. */
	training_store_is(req->ctx, &training, &ignored);
	return json_pack("{s:o, s:s, s:s, s:b}", "user", user_json(u), "csrf",
	    csrf, "expires_at", expires_at, "training", training);
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
	resp->body = session_json(req, &s.user, s.csrf, s.expires_at);
	return 0;
}

static int
current(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct user_row u;

	if (store_user_by_id(req->ctx->store, req->session.user_id,
	    req->ctx->arena, &u, err) == -1)
		return -1;
	resp->body = session_json(req, &u, req->session.csrf,
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
	resp->body = session_json(req, &u, req->session.csrf,
	    req->session.expires_at);
	return 0;
}

static int
password(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "current_password",
	    "new_password", NULL };
	const char *old_password, *new_password;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	old_password = api_str(req, "current_password", &ok, err);
	new_password = api_str(req, "new_password", &ok, err);
	if (!ok || auth_password_change(req->ctx, &req->session, old_password,
	    new_password, err) == -1)
		return -1;
	return current(req, resp, err);
}

static int
totp_offer(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct auth_totp t;
	json_t *rows = json_array();

	if ((req->body && api_fields(req, (const char *const[]){ NULL },
	    err) == -1) || auth_totp_offer(req->ctx, &t, err) == -1) {
		json_decref(rows);
		return -1;
	}
	for (int y = 0; y < t.qr_size; y++)
		json_array_append_new(rows, json_string(t.qr[y]));
	resp->body = json_pack("{s:s, s:s, s:{s:i, s:o}}", "secret", t.secret,
	    "uri", t.uri, "qr", "size", t.qr_size, "rows", rows);
	return 0;
}

static int
totp_confirm(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "secret", "code", NULL };
	const char *secret, *code;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	secret = api_str(req, "secret", &ok, err);
	code = api_str(req, "code", &ok, err);
	if (!ok || auth_totp_confirm(req->ctx, &req->session, secret, code,
	    err) == -1)
		return -1;
	return current(req, resp, err);
}

const struct api_route api_session_routes[] = {
	{ "POST", "/api/v1/session", API_PUBLIC, login },
	{ "GET", "/api/v1/session", 0, current },
	{ "DELETE", "/api/v1/session", 0, logout },
	{ "POST", "/api/v1/session/language", 0, language },
	{ "POST", "/api/v1/session/password", 0, password },
	{ "POST", "/api/v1/session/totp/offer", 0, totp_offer },
	{ "POST", "/api/v1/session/totp", 0, totp_confirm },
	{ NULL, NULL, 0, NULL },
};
