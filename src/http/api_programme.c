/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_programme.c - the training programme: courses, participants,
 * sessions with attendance and tests, certificates (verified by anyone
 * with the code), the cascade of trainers, and the figures.
 */
#include <stdint.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/ctx.h"
#include "core/programme.h"
#include "http/api.h"
#include "base/banned.h"

/* A path id; a malformed one names no resource. */
static int
path_id(const struct api_req *req, size_t i, int64_t *id, struct err *err)
{
	if (programme_parse_id(req->params[i], "id", id, err) == -1) {
		err->code = ERR_NOT_FOUND;
		return -1;
	}
	return 0;
}

static int
courses_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct course_row *rows;
	json_t *items;
	size_t n;

	if (course_list(req->ctx, &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, course_json(&rows[i]));
	resp->body = api_list(items, (int)n, 0);
	return 0;
}

static int
courses_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "code", "title", "curriculum",
	    "hours", "tot", "modules", NULL };
	struct course_input in = { 0 };
	struct course_view v;
	struct course_row c;
	const json_t *modules = json_object_get(req->body, "modules");
	bool ok = true;
	size_t i;
	json_t *m;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.code = api_str(req, "code", &ok, err);
	in.title = api_str(req, "title", &ok, err);
	in.curriculum = api_str(req, "curriculum", &ok, err);
	in.hours = api_id(req, "hours", &ok, err);
	in.tot = api_bool(req, "tot", &ok, err);
	if (!ok)
		return -1;
	if (modules && !json_is_array(modules))
		return err_set(err, ERR_INVALID, "modules", "modules is not a "
		    "list: send [{\"title\": ..., \"hours\": ...}]");
	in.n_modules = json_array_size(modules);
	in.module_titles = arena_array(req->ctx->arena, in.n_modules + 1,
	    sizeof(char *));
	in.module_hours = arena_array(req->ctx->arena, in.n_modules + 1,
	    sizeof(char *));
	json_array_foreach(modules, i, m) {
		const json_t *hours = json_object_get(m, "hours");

		if (!json_is_object(m) || json_object_size(m) != 2 ||
		    !json_is_string(json_object_get(m, "title")) ||
		    !json_is_integer(hours))
			return err_set(err, ERR_INVALID, "modules", "module %zu "
			    "is not {\"title\": TEXT, \"hours\": N}", i + 1);
		in.module_titles[i] = json_string_value(json_object_get(m,
		    "title"));
		in.module_hours[i] = arena_printf(req->ctx->arena, "%"
		    JSON_INTEGER_FORMAT, json_integer_value(hours));
	}
	if (course_add(req->ctx, &in, &c, err) == -1 ||
	    course_show(req->ctx, c.code, &v, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = course_view_json(&v);
	return 0;
}

static int
courses_show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct course_view v;

	if (course_show(req->ctx, req->params[0], &v, err) == -1)
		return -1;
	resp->body = course_view_json(&v);
	return 0;
}

static int
participants_list(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	struct participant_row *rows;
	json_t *items;
	int limit, offset;
	size_t n;

	if (api_paging(req, &limit, &offset, err) == -1 ||
	    participant_list(req->ctx, api_query(req, "q"), limit, offset,
	    &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, participant_json(&rows[i]));
	resp->body = api_list(items, limit, offset);
	return 0;
}

static int
participants_add(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	static const char *const fields[] = { "full_name", "organisation",
	    "job", "sex", "region", NULL };
	struct participant_input in;
	struct participant_row p;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.full_name = api_str(req, "full_name", &ok, err);
	in.organisation = api_str(req, "organisation", &ok, err);
	in.job = api_str(req, "job", &ok, err);
	in.sex = api_str(req, "sex", &ok, err);
	in.region = api_str(req, "region", &ok, err);
	if (!ok || participant_add(req->ctx, &in, &p, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = participant_json(&p);
	return 0;
}

static int
sessions_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct course_session_row *rows;
	json_t *items;
	size_t n;

	if (course_session_list(req->ctx, api_query(req, "course"), &rows, &n,
	    err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, course_session_json(&rows[i]));
	resp->body = api_list(items, (int)n, 0);
	return 0;
}

static int
session_view(struct api_req *req, int64_t id, struct api_resp *resp,
    struct err *err)
{
	struct course_session_view v;

	if (course_session_show(req->ctx, id, &v, err) == -1)
		return -1;
	resp->body = course_session_view_json(&v);
	return 0;
}

static int
sessions_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "course", "starts_on",
	    "ends_on", "place", "region", "trainers", NULL };
	struct course_session_input in = { 0 };
	struct course_session_row s;
	const json_t *trainers = json_object_get(req->body, "trainers");
	bool ok = true;
	size_t i;
	json_t *t;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.course = api_str(req, "course", &ok, err);
	in.starts_on = api_str(req, "starts_on", &ok, err);
	in.ends_on = api_str(req, "ends_on", &ok, err);
	in.place = api_str(req, "place", &ok, err);
	in.region = api_str(req, "region", &ok, err);
	if (!ok)
		return -1;
	if (!json_is_array(trainers))
		return err_set(err, ERR_INVALID, "trainers", "trainers is "
		    "missing: send the participant numbers of the trainers");
	in.n_trainers = json_array_size(trainers);
	in.trainers = arena_array(req->ctx->arena, in.n_trainers + 1,
	    sizeof(char *));
	json_array_foreach(trainers, i, t) {
		if (!json_is_integer(t))
			return err_set(err, ERR_INVALID, "trainers", "trainer "
			    "%zu is not a participant number", i + 1);
		in.trainers[i] = arena_printf(req->ctx->arena, "%"
		    JSON_INTEGER_FORMAT, json_integer_value(t));
	}
	if (course_session_add(req->ctx, &in, &s, err) == -1 ||
	    session_view(req, s.id, resp, err) == -1)
		return -1;
	resp->status = 201;
	return 0;
}

static int
sessions_show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	int64_t id;

	if (path_id(req, 0, &id, err) == -1)
		return -1;
	return session_view(req, id, resp, err);
}

static int
sessions_enrol(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "participant", NULL };
	struct enrolment_row e;
	const char *who;
	int64_t id, participant;
	bool ok = true;

	if (path_id(req, 0, &id, err) == -1 ||
	    api_fields(req, fields, err) == -1)
		return -1;
	who = api_id(req, "participant", &ok, err);
	if (!ok || programme_parse_id(who, "participant", &participant,
	    err) == -1 || session_enrol(req->ctx, id, participant, &e,
	    err) == -1)
		return -1;
	resp->status = 201;
	resp->body = enrolment_json(&e);
	return 0;
}

static int
sessions_record(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	static const char *const fields[] = { "days_attended", "pre_score",
	    "post_score", NULL };
	struct enrolment_input in;
	struct enrolment_row e;
	int64_t id, participant;
	bool ok = true;

	if (path_id(req, 0, &id, err) == -1 ||
	    path_id(req, 1, &participant, err) == -1 ||
	    api_fields(req, fields, err) == -1)
		return -1;
	in.days_attended = api_id(req, "days_attended", &ok, err);
	in.pre_score = api_id(req, "pre_score", &ok, err);
	in.post_score = api_id(req, "post_score", &ok, err);
	if (!ok || session_record(req->ctx, id, participant, &in, &e,
	    err) == -1)
		return -1;
	resp->body = enrolment_json(&e);
	return 0;
}

static int
sessions_certify(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	static const char *const no_fields[] = { NULL };
	struct certificate_row k;
	int64_t id, participant;

	if (path_id(req, 0, &id, err) == -1 ||
	    path_id(req, 1, &participant, err) == -1 ||
	    api_fields(req, no_fields, err) == -1 ||
	    certificate_issue(req->ctx, id, participant, &k, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = certificate_json(&k);
	return 0;
}

static int
sessions_cascade(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	struct cascade_view v;
	int64_t id;

	if (path_id(req, 0, &id, err) == -1 ||
	    session_cascade(req->ctx, id, &v, err) == -1)
		return -1;
	resp->body = cascade_json(&v);
	return 0;
}

static int
certificates_verify(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	struct certificate_row k;

	if (certificate_verify(req->ctx, req->params[0], &k, err) == -1)
		return -1;
	resp->body = certificate_json(&k);
	return 0;
}

static int
figures(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return programme_figures(req->ctx, api_query(req, "from"),
	    api_query(req, "to"), &resp->body, err);
}

const struct api_route api_programme_routes[] = {
	{ "GET", "/api/v1/training/courses", 0, courses_list },
	{ "POST", "/api/v1/training/courses", 0, courses_add },
	{ "GET", "/api/v1/training/courses/{code}", 0, courses_show },
	{ "GET", "/api/v1/training/participants", 0, participants_list },
	{ "POST", "/api/v1/training/participants", 0, participants_add },
	{ "GET", "/api/v1/training/sessions", 0, sessions_list },
	{ "POST", "/api/v1/training/sessions", 0, sessions_add },
	{ "GET", "/api/v1/training/sessions/{id}", 0, sessions_show },
	{ "POST", "/api/v1/training/sessions/{id}/participants", 0,
	    sessions_enrol },
	{ "POST", "/api/v1/training/sessions/{id}/participants/{participant}",
	    0, sessions_record },
	{ "POST",
	    "/api/v1/training/sessions/{id}/participants/{participant}/certificate",
	    0, sessions_certify },
	{ "GET", "/api/v1/training/sessions/{id}/cascade", 0,
	    sessions_cascade },
	{ "GET", "/api/v1/certificates/{code}", API_PUBLIC, certificates_verify },
	{ "GET", "/api/v1/stats/training", 0, figures },
	{ NULL, NULL, 0, NULL },
};
