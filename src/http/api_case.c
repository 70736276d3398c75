/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_case.c - cases and what is done in them: people, notes, closing,
 * SOP steps and facts, screenings, legal assessment and classification.
 */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/util.h"
#include "core/case.h"
#include "core/legal.h"
#include "core/screening.h"
#include "core/steps.h"
#include "core/work.h"
#include "http/api.h"
#include "model/json.h"
#include "base/banned.h"

static int
cases_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct case_query q = { .agency = api_query(req, "agency"),
	    .kind = api_query(req, "kind"), .status = api_query(req,
	    "status"), .text = api_query(req, "q") };
	struct case_row *rows;
	json_t *items;
	size_t n;

	if (api_query_bool(req, "mine", &q.mine, err) == -1 ||
	    api_query_bool(req, "shared", &q.shared, err) == -1 ||
	    api_paging(req, &q.limit, &q.offset, err) == -1 ||
	    case_list(req->ctx, &q, &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, case_json(&rows[i]));
	resp->body = api_list(items, q.limit, q.offset);
	return 0;
}

static int
cases_open(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "title", "kind", "summary",
	    "sensitivity", "lead", NULL };
	struct case_input in = { 0 };
	struct case_row row;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.title = api_str(req, "title", &ok, err);
	in.kind = api_str(req, "kind", &ok, err);
	in.summary = api_str(req, "summary", &ok, err);
	in.sensitivity = api_str(req, "sensitivity", &ok, err);
	in.lead = api_str(req, "lead", &ok, err);
	if (!ok || case_open(req->ctx, &in, &row, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = case_json(&row);
	return 0;
}

static int
cases_show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct case_view v;
	bool names;

	if (api_query_bool(req, "identities", &names, err) == -1 ||
	    case_show(req->ctx, req->params[0], names, &v, err) == -1)
		return -1;
	resp->body = case_view_json(&v);
	return 0;
}

static int
notes_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "text", NULL };
	struct note_row note;
	bool ok = true;
	const char *text;

	if (api_fields(req, fields, err) == -1)
		return -1;
	text = api_str(req, "text", &ok, err);
	if (!ok || case_note(req->ctx, req->params[0], text, &note,
	    err) == -1)
		return -1;
	resp->status = 201;
	resp->body = note_json(&note);
	return 0;
}

static int
cases_close(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "reason", NULL };
	struct case_row row;
	bool ok = true;
	const char *reason;

	if (api_fields(req, fields, err) == -1)
		return -1;
	reason = api_str(req, "reason", &ok, err);
	if (!ok || case_close(req->ctx, req->params[0], reason, &row,
	    err) == -1)
		return -1;
	resp->body = case_json(&row);
	return 0;
}

static int
route_set(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "countries", NULL };
	struct case_row row;
	const char **countries;
	bool ok = true;
	size_t n;

	if (api_fields(req, fields, err) == -1)
		return -1;
	countries = api_strs(req, "countries", &n, &ok, err);
	if (!ok || case_set_route(req->ctx, req->params[0], countries, n,
	    &row, err) == -1)
		return -1;
	resp->body = case_json(&row);
	return 0;
}

static int
people_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "person_id", "role",
	    "identified_on", "age", "presumed_child", "needs_interpreter",
	    "interpreter_language", NULL };
	struct case_person_input in = { .ref = req->params[0] };
	struct case_person_row row;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.person_id = api_id(req, "person_id", &ok, err);
	in.role = api_str(req, "role", &ok, err);
	in.identified_on = api_str(req, "identified_on", &ok, err);
	in.age = api_id(req, "age", &ok, err);
	in.presumed_child = api_bool(req, "presumed_child", &ok, err);
	in.needs_interpreter = api_bool(req, "needs_interpreter", &ok, err);
	in.interpreter_language = api_str(req, "interpreter_language", &ok,
	    err);
	if (!ok)
		return -1;
	if (!in.person_id)
		return err_set(err, ERR_INVALID, "person_id", "person_id is "
		    "missing: give the person's id");
	if (case_add_person(req->ctx, &in, &row, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = case_person_json(&row);
	return 0;
}

static int
steps_show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct case_steps cs;
	const char *lang = api_query(req, "lang");

	if (case_steps(req->ctx, req->params[0], &cs, err) == -1)
		return -1;
	resp->body = case_steps_json(&cs, lang ? lang : "en");
	return 0;
}

static int
work_show(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct work w;
	const char *lang = api_query(req, "lang");

	if (work_list(req->ctx, &w, err) == -1)
		return -1;
	resp->body = work_json(&w, lang ? lang : "en");
	return 0;
}

static int
steps_act(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "action", "note", "reason",
	    NULL };
	struct step_event_row ev;
	const char *action, *note, *reason, *ref = req->params[0];
	const char *step = req->params[1];
	bool ok = true;
	int rc;

	if (api_fields(req, fields, err) == -1)
		return -1;
	action = api_str(req, "action", &ok, err);
	note = api_str(req, "note", &ok, err);
	reason = api_str(req, "reason", &ok, err);
	if (!ok)
		return -1;
	if (action && STREQ(action, "done"))
		rc = case_step_do(req->ctx, ref, step, note, &ev, err);
	else if (action && STREQ(action, "skip"))
		rc = case_step_skip(req->ctx, ref, step, reason, &ev, err);
	else if (action && STREQ(action, "reopen"))
		rc = case_step_reopen(req->ctx, ref, step, reason, &ev, err);
	else
		return err_set(err, ERR_INVALID, "action", "action is not "
		    "done, skip or reopen: say which");
	if (rc == -1)
		return -1;
	resp->status = 201;
	resp->body = step_event_json(&ev);
	return 0;
}

static int
facts_list(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct case_fact_row *rows;
	json_t *items;
	size_t n;

	if (case_facts(req->ctx, req->params[0], &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, case_fact_json(&rows[i]));
	resp->body = api_list(items, (int)n, 0);
	return 0;
}

static int
facts_record(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "fact", "person_id", "step",
	    "note", NULL };
	struct fact_input in = { .ref = req->params[0] };
	struct case_fact_row row;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.fact = api_str(req, "fact", &ok, err);
	in.person_id = api_id(req, "person_id", &ok, err);
	in.step = api_str(req, "step", &ok, err);
	in.note = api_str(req, "note", &ok, err);
	if (!ok || case_record(req->ctx, &in, &row, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = case_fact_json(&row);
	return 0;
}

static int
screenings_list(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	struct screening_row *rows;
	json_t *items;
	size_t n;

	if (screen_list(req->ctx, req->params[0], api_query(req, "person"),
	    &rows, &n, err) == -1)
		return -1;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, screening_row_json(&rows[i]));
	resp->body = api_list(items, (int)n, 0);
	return 0;
}

static int
screenings_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "person_id", "instrument",
	    "version", "answers", NULL };
	struct screen_input in = { .ref = req->params[0] };
	struct screening_row row;
	bool ok = true, promoted;
	json_t *file;

	if (api_fields(req, fields, err) == -1)
		return -1;
	in.person_id = api_id(req, "person_id", &ok, err);
	if (!ok)
		return -1;
	/* The answers file is the body without the person. */
	file = json_deep_copy(req->body);
	json_object_del(file, "person_id");
	in.answers = json_text(req->ctx->arena, file);
	in.answers_len = strlen(in.answers);
	if (screen_person(req->ctx, &in, &row, &promoted, err) == -1)
		return -1;
	resp->status = 201;
	resp->body = screening_row_json(&row);
	json_object_set_new(resp->body, "made_presumed_victim",
	    json_boolean(promoted));
	return 0;
}

static int
assessment_show(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	struct assessment_row row;

	if (case_assessment(req->ctx, req->params[0], &row, err) == -1)
		return -1;
	resp->body = assessment_row_json(&row);
	return 0;
}

static int
assessment_add(struct api_req *req, struct api_resp *resp, struct err *err)
{
	struct assessment_row row;
	struct legal_result r;
	size_t len;
	char *text = api_body_text(req, NULL, &len);

	if (case_assess(req->ctx, req->params[0], text, len, &row, &r,
	    err) == -1)
		return -1;
	resp->status = 201;
	resp->body = assessment_row_json(&row);
	return 0;
}

static int
classify(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "kind", "reason", NULL };
	struct assessment_row row;
	const char *kind, *reason;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	kind = api_str(req, "kind", &ok, err);
	reason = api_str(req, "reason", &ok, err);
	if (!ok || case_classify(req->ctx, req->params[0], kind, reason, &row,
	    err) == -1)
		return -1;
	resp->body = assessment_row_json(&row);
	return 0;
}

static int
sop_upgrade(struct api_req *req, struct api_resp *resp, struct err *err)
{
	static const char *const fields[] = { "to", "reason", NULL };
	struct case_row row;
	const char *to, *reason;
	size_t orphaned;
	bool ok = true;

	if (api_fields(req, fields, err) == -1)
		return -1;
	to = api_str(req, "to", &ok, err);
	reason = api_str(req, "reason", &ok, err);
	if (!ok || case_upgrade_sop(req->ctx, req->params[0], to, reason, &row,
	    &orphaned, err) == -1)
		return -1;
	resp->body = json_pack("{s:o, s:I}", "case", case_json(&row),
	    "orphaned_steps", (json_int_t)orphaned);
	return 0;
}

const struct api_route api_case_routes[] = {
	{ "GET", "/api/v1/cases", 0, cases_list },
	{ "POST", "/api/v1/cases", 0, cases_open },
	{ "GET", "/api/v1/cases/{ref}", 0, cases_show },
	{ "POST", "/api/v1/cases/{ref}/notes", 0, notes_add },
	{ "POST", "/api/v1/cases/{ref}/close", 0, cases_close },
	{ "POST", "/api/v1/cases/{ref}/route", 0, route_set },
	{ "POST", "/api/v1/cases/{ref}/people", 0, people_add },
	{ "GET", "/api/v1/cases/{ref}/steps", 0, steps_show },
	{ "POST", "/api/v1/cases/{ref}/steps/{step}", 0, steps_act },
	{ "GET", "/api/v1/cases/{ref}/facts", 0, facts_list },
	{ "POST", "/api/v1/cases/{ref}/facts", 0, facts_record },
	{ "GET", "/api/v1/cases/{ref}/screenings", 0, screenings_list },
	{ "POST", "/api/v1/cases/{ref}/screenings", 0, screenings_add },
	{ "GET", "/api/v1/cases/{ref}/assessment", 0, assessment_show },
	{ "POST", "/api/v1/cases/{ref}/assessment", 0, assessment_add },
	{ "POST", "/api/v1/cases/{ref}/classification", 0, classify },
	{ "POST", "/api/v1/cases/{ref}/sop", 0, sop_upgrade },
	{ "GET", "/api/v1/work", 0, work_show },
	{ NULL, NULL, 0, NULL },
};
