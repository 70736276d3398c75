/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_training.c - the training sandbox: whether this is a training
 * store (for the banner, before anyone logs in), case studies, exercises
 * and exercise groups.
 */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "base/err.h"
#include "base/text.h"
#include "core/casestudy.h"
#include "core/library.h"
#include "core/sop.h"
#include "core/training.h"
#include "http/api.h"
#include "base/banned.h"

static const char *
lang_of(const struct api_req *req)
{
	const char *lang = api_query(req, "lang");

	return lang ? lang : "en";
}

/* A path id; a malformed one names no resource. */
static int
path_id(const struct api_req *req, const char *what, int64_t *id,
    struct err *err)
{
	long long v;

	if (text_parse_int(req->params[0], 1, INT64_MAX, &v) == -1)
		return err_set(err, ERR_NOT_FOUND, "id", "no %s %.20s", what,
		    req->params[0]);
	*id = v;
	return 0;
}

static int
about(struct api_req *req, struct api_resp *resp, struct err *err)
{
	bool training;

	if (training_store_is(req->ctx, &training, err) == -1)
		return -1;
	resp->body = json_pack("{s:b}", "training", training);
	return 0;
}

static int
studies_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	const char *lang = lang_of(req);
	const struct case_study **list;
	json_t *items;
	size_t n;

	if (training_studies(req->ctx, &list, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		const json_t *def = case_study_definition(list[i]);

		json_array_append_new(items, json_pack("{s:s, s:i, s:s, s:s, "
		    "s:s, s:s}", "id", case_study_id(list[i]), "version",
		    case_study_version(list[i]), "sop",
		    case_study_sop(list[i]), "level", json_string_value(
		    json_object_get(def, "level")), "title", sop_text(
		    json_object_get(def, "title"), lang), "summary",
		    sop_text(json_object_get(def, "summary"), lang)));
	}
	resp->body = api_list(items, (int)n, 0);
	return 0;
}

static int
studies_import(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct definition_row row;
	size_t len;
	char *text = api_body_text(req, NULL, &len);

	if (!text || !strstr(text, CASE_STUDY_FORMAT))
		return err_set(err, ERR_INVALID, "format", "the body is not a "
		    "case study: send a %s file (docs/case-study-format.md)",
		    CASE_STUDY_FORMAT);
	if (library_import(req->ctx, text, len, &row, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = json_pack("{s:s, s:i, s:s}", "id", row.id, "version",
	    row.version, "sha256", row.sha256);
	return 0;
}

static int
exercises_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct exercise_row *rows;
	json_t *items;
	size_t n;

	if (exercise_list(req->ctx, &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, exercise_row_json(&rows[i]));
	resp->body = api_list(items, (int)n, 0);
	return 0;
}

static int
exercises_start(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "case_study", "group", NULL };
	struct exercise_row e;
	struct exercise_view v;
	const char *study, *group;
	long long group_id = 0;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	study = api_str(req, "case_study", &ok, err);
	group = api_id(req, "group", &ok, err);
	if (!ok)
		return -1;
	if (group && text_parse_int(group, 1, INT64_MAX, &group_id) == -1)
		return err_set(err, ERR_INVALID, "group", "group is not a "
		    "group number");
	if (exercise_start(req->ctx, study, group_id, &e, err) == -1 ||
	    exercise_show(req->ctx, e.id, &v, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = exercise_view_json(&v, lang_of(req));
	return 0;
}

static int
exercises_show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct exercise_view v;
	int64_t id = 0;

	if (path_id(req, "exercise", &id, err) == -1 ||
	    exercise_show(req->ctx, id, &v, err) == -1)
		return -1;
	resp->body = exercise_view_json(&v, lang_of(req));
	return 0;
}

/* The POSTs that act on a path take no fields. */
static const char *const no_fields[] = { NULL };

static int
exercises_finish(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	struct exercise_view v;
	int64_t id = 0;

	if (api_fields(req, no_fields, err) == -1 ||
	    path_id(req, "exercise", &id, err) == -1 ||
	    exercise_finish(req->ctx, id, &v, err) == -1)
		return -1;
	resp->body = exercise_view_json(&v, lang_of(req));
	return 0;
}

static int
case_exercise(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct exercise_view v;

	if (exercise_of_case(req->ctx, req->params[0], &v, err) == -1)
		return -1;
	resp->body = exercise_view_json(&v, lang_of(req));
	return 0;
}

static int
groups_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct exercise_group_row *rows;
	json_t *items;
	size_t n;

	if (group_list(req->ctx, &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, group_row_json(&rows[i]));
	resp->body = api_list(items, (int)n, 0);
	return 0;
}

static int
groups_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "case_study", "title", NULL };
	struct exercise_group_row g;
	const char *study, *title;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	study = api_str(req, "case_study", &ok, err);
	title = api_str(req, "title", &ok, err);
	if (!ok || group_create(req->ctx, study, title, &g, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = group_row_json(&g);
	return 0;
}

static int
groups_show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct group_view v;
	int64_t id = 0;

	if (path_id(req, "group", &id, err) == -1 ||
	    group_show(req->ctx, id, &v, err) == -1)
		return -1;
	resp->body = group_view_json(&v, lang_of(req));
	return 0;
}

static int
groups_close(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct exercise_group_row g;
	int64_t id = 0;

	if (api_fields(req, no_fields, err) == -1 ||
	    path_id(req, "group", &id, err) == -1 ||
	    group_close(req->ctx, id, &g, err) == -1)
		return -1;
	resp->body = group_row_json(&g);
	return 0;
}

const struct api_route api_training_routes[] = {
	{ "GET", "/api/v1/about", API_PUBLIC, about },
	{ "GET", "/api/v1/training/case-studies", 0, studies_list },
	{ "POST", "/api/v1/training/case-studies", 0, studies_import },
	{ "GET", "/api/v1/training/exercises", 0, exercises_list },
	{ "POST", "/api/v1/training/exercises", 0, exercises_start },
	{ "GET", "/api/v1/training/exercises/{id}", 0, exercises_show },
	{ "POST", "/api/v1/training/exercises/{id}/finish", 0,
	    exercises_finish },
	{ "GET", "/api/v1/cases/{ref}/exercise", 0, case_exercise },
	{ "GET", "/api/v1/training/groups", 0, groups_list },
	{ "POST", "/api/v1/training/groups", 0, groups_add },
	{ "GET", "/api/v1/training/groups/{id}", 0, groups_show },
	{ "POST", "/api/v1/training/groups/{id}/close", 0, groups_close },
	{ NULL, NULL, 0, NULL },
};
