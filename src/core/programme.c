/* SPDX-License-Identifier: Apache-2.0 */
/* programme.c - courses, sessions, participants, tests, certificates. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/cascade.h"
#include "core/ctx.h"
#include "core/input.h"
#include "core/programme.h"
#include "model/json.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

#define CODE_MAX		32
#define CURRICULUM_MAX		8000
#define CERTIFICATE_CODE_SIZE	20	/* "TRN-XXXX-XXXX-XXXX" and NUL */

int
programme_parse_id(const char *s, const char *field, int64_t *id,
    struct err *err)
{
	return input_id(s, field, field, id, err);
}

static int
parse_number(const char *s, long long min, long long max,
    const char *field, int *out, struct err *err)
{
	long long v;

	if (!s || text_parse_int(s, min, max, &v) == -1)
		return err_set(err, ERR_INVALID, field, "%s \"%.20s\" is not a "
		    "whole number: give one from %lld to %lld", field,
		    s ? s : "", min, max);
	*out = (int)v;
	return 0;
}

static int
programme_audit(struct ctx *ctx, const char *action, const char *type,
    int64_t id, json_t *changes, struct err *err)
{
	int rc = audit_append(ctx, &(struct audit_event){ .action = action,
	    .object_type = type, .object_id = arena_printf(ctx->arena, "%"
	    PRId64, id), .agency_id = ctx->actor.agency_id,
	    .changes = changes }, err);

	json_decref(changes);
	return rc;
}

/* A course code: 2-32 of A-Z, 0-9 and -, upper-cased. */
static int
course_code(struct ctx *ctx, const char *s, const char **out,
    struct err *err)
{
	size_t n = s ? strlen(s) : 0;
	char *up;

	if (n < 2 || n > CODE_MAX)
		return err_set(err, ERR_INVALID, "code", "code \"%.40s\" is not "
		    "a course code: give 2 to %d letters, digits and dashes, "
		    "like TOT-TIP-1", s ? s : "", CODE_MAX);
	up = arena_strdup(ctx->arena, s);
	for (char *p = up; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return err_set(err, ERR_INVALID, "code", "code \"%.40s\" "
			    "is not a course code: give 2 to %d letters, "
			    "digits and dashes, like TOT-TIP-1", s, CODE_MAX);
	}
	*out = up;
	return 0;
}

static int
require_manage(struct ctx *ctx, struct err *err)
{
	return access_require(ctx, PERM_TRAINING_MANAGE, err);
}

/* Figures may be read by whoever reads statistics too. */
static int
require_read(struct ctx *ctx, struct err *err)
{
	if (access_may(ctx, PERM_STATS_READ))
		return 0;
	return access_require(ctx, PERM_TRAINING_MANAGE, err);
}

struct course_write {
	const struct course_input	*in;
	struct course_row		*c;
	struct course_module_row	*modules;
};

static int
course_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct course_write *w = arg;
	struct course_row have;

	if (store_course_get(ctx->store, 0, w->c->code, ctx->arena, &have,
	    err) == 0)
		return err_set(err, ERR_CONFLICT, "code", "there is a course "
		    "%s already (%s): give the new one another code",
		    have.code, have.title);
	if (err->code != ERR_NOT_FOUND)
		return -1;
	*err = (struct err)ERR_INIT;	/* none yet: the code is free */
	if (store_course_insert(ctx->store, w->c, ctx->actor.user_id,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < w->in->n_modules; i++)
		if (store_course_module_insert(ctx->store, w->c->id,
		    &w->modules[i], err) == -1)
			return -1;
	return programme_audit(ctx, "course.add", "course", w->c->id,
	    json_pack("{s:s, s:i, s:b, s:I}", "code", w->c->code, "hours",
	    w->c->hours, "tot", w->c->tot, "modules",
	    (json_int_t)w->in->n_modules), err);
}

int
course_add(struct ctx *ctx, const struct course_input *in,
    struct course_row *out, struct err *err)
{
	struct course_write w = { in, out, NULL };
	char now[TIMESTAMP_TEXT_SIZE];
	int module_hours = 0;

	*out = (struct course_row){ .agency_id = ctx->actor.agency_id,
	    .tot = in->tot };
	if (require_manage(ctx, err) == -1 ||
	    course_code(ctx, in->code, &out->code, err) == -1 ||
	    input_text(ctx, in->title, INPUT_TITLE_MAX, TEXT_REQUIRED, "title",
	    &out->title, err) == -1 ||
	    input_text(ctx, in->curriculum, CURRICULUM_MAX, TEXT_MULTILINE,
	    "curriculum", &out->curriculum, err) == -1 ||
	    parse_number(in->hours, 1, 2000, "hours", &out->hours, err) == -1)
		return -1;
	if (!out->curriculum)
		out->curriculum = "";
	if (in->n_modules > COURSE_MAX_MODULES)
		return err_set(err, ERR_INVALID, "modules", "%zu modules: a "
		    "course has at most %d", in->n_modules,
		    COURSE_MAX_MODULES);
	w.modules = arena_array(ctx->arena, in->n_modules + 1,
	    sizeof(*w.modules));
	for (size_t i = 0; i < in->n_modules; i++) {
		w.modules[i].position = (int)i + 1;
		if (input_text(ctx, in->module_titles[i], INPUT_TITLE_MAX,
		    TEXT_REQUIRED, "modules", &w.modules[i].title, err) == -1 ||
		    parse_number(in->module_hours[i], 1, 500, "module hours",
		    &w.modules[i].hours, err) == -1)
			return -1;
		module_hours += w.modules[i].hours;
	}
	if (module_hours > out->hours)
		return err_set(err, ERR_INVALID, "modules", "the modules take "
		    "%d hours, more than the course's %d: correct one or the "
		    "other", module_hours, out->hours);
	date_now_timestamp(now);
	out->created_at = arena_strdup(ctx->arena, now);
	if (ctx_transaction(ctx, course_write, &w, err) == -1)
		return -1;
	return store_course_get(ctx->store, out->id, NULL, ctx->arena, out,
	    err);
}

int
course_list(struct ctx *ctx, struct course_row **rows, size_t *n,
    struct err *err)
{
	if (require_read(ctx, err) == -1)
		return -1;
	return store_course_list(ctx->store, ctx->arena, rows, n, err);
}

static int
find_course(struct ctx *ctx, const char *code, struct course_row *c,
    struct err *err)
{
	const char *up;

	if (course_code(ctx, code, &up, err) == -1)
		return -1;
	if (store_course_get(ctx->store, 0, up, ctx->arena, c, err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "course", "no course %s: "
			    "see tipsom course list", up);
		return -1;
	}
	return 0;
}

int
course_show(struct ctx *ctx, const char *code, struct course_view *out,
    struct err *err)
{
	*out = (struct course_view){ 0 };
	if (require_read(ctx, err) == -1 ||
	    find_course(ctx, code, &out->c, err) == -1 ||
	    store_course_modules(ctx->store, out->c.id, ctx->arena,
	    &out->modules, &out->n_modules, err) == -1)
		return -1;
	return store_course_session_list(ctx->store, out->c.id, false,
	    ctx->arena, &out->sessions, &out->n_sessions, err);
}

static int
participant_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct participant_row *p = arg;

	if (store_participant_insert(ctx->store, p, ctx->actor.user_id,
	    err) == -1)
		return -1;
	/* The name stays out of the audit, like every name. */
	return programme_audit(ctx, "participant.add", "participant", p->id,
	    json_pack("{s:s}", "sex", enum_name(&sex_desc, (int)p->sex)),
	    err);
}

int
participant_add(struct ctx *ctx, const struct participant_input *in,
    struct participant_row *out, struct err *err)
{
	char now[TIMESTAMP_TEXT_SIZE];
	int sex;

	*out = (struct participant_row){ .agency_id = ctx->actor.agency_id };
	if (require_manage(ctx, err) == -1 ||
	    input_text(ctx, in->full_name, INPUT_NAME_MAX, TEXT_REQUIRED,
	    "full_name", &out->full_name, err) == -1 ||
	    input_text(ctx, in->organisation, INPUT_NAME_MAX, TEXT_REQUIRED,
	    "organisation", &out->organisation, err) == -1 ||
	    input_text(ctx, in->job, INPUT_NAME_MAX, TEXT_REQUIRED, "job",
	    &out->job, err) == -1 ||
	    input_text(ctx, in->region, INPUT_NAME_MAX, TEXT_REQUIRED,
	    "region", &out->region, err) == -1 ||
	    (sex = input_enum(in->sex, &sex_desc, SEX_UNKNOWN, "sex",
	    err)) == -1)
		return -1;
	out->sex = (enum sex)sex;
	date_now_timestamp(now);
	out->created_at = arena_strdup(ctx->arena, now);
	return ctx_transaction(ctx, participant_write, out, err);
}

int
participant_list(struct ctx *ctx, const char *q, int limit, int offset,
    struct participant_row **rows, size_t *n, struct err *err)
{
	if (require_manage(ctx, err) == -1)
		return -1;
	return store_participant_list(ctx->store, q && *q ? q : NULL,
	    limit > 0 ? limit : 50, offset, ctx->arena, rows, n, err);
}

int
participant_show(struct ctx *ctx, int64_t id, struct participant_row *out,
    struct err *err)
{
	if (require_manage(ctx, err) == -1)
		return -1;
	if (store_participant_get(ctx->store, id, ctx->arena, out,
	    err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "participant", "no "
			    "participant %" PRId64 ": see tipsom participant "
			    "list", id);
		return -1;
	}
	return 0;
}

struct session_write {
	struct course_session_row	*s;
	int64_t				*trainers;
	size_t				 n_trainers;
};

static int
session_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct session_write *w = arg;

	if (store_course_session_insert(ctx->store, w->s, ctx->actor.user_id,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < w->n_trainers; i++)
		if (store_session_trainer_insert(ctx->store, w->s->id,
		    w->trainers[i], err) == -1)
			return -1;
	return programme_audit(ctx, "session.add", "session", w->s->id,
	    json_pack("{s:s, s:s, s:s, s:I}", "course", w->s->course_code,
	    "starts_on", w->s->starts_on, "ends_on", w->s->ends_on,
	    "trainers", (json_int_t)w->n_trainers), err);
}

static int
check_dates(const char *starts, const char *ends, struct date *a,
    struct date *b, struct err *err)
{
	bool present;

	if (input_date(starts, "starts_on", a, &present, err) == -1)
		return -1;
	if (!present)
		return err_set(err, ERR_INVALID, "starts_on", "starts_on is "
		    "missing: give the first day, YYYY-MM-DD");
	if (input_date(ends, "ends_on", b, &present, err) == -1)
		return -1;
	if (!present)
		*b = *a;
	if (date_cmp(b, a) < 0)
		return err_set(err, ERR_INVALID, "ends_on", "the session ends "
		    "before it starts: give an end on or after the start");
	if (date_days_inclusive(a, b) > 366)
		return err_set(err, ERR_INVALID, "ends_on", "the session lasts "
		    "more than a year: check the dates");
	return 0;
}

int
course_session_add(struct ctx *ctx, const struct course_session_input *in,
    struct course_session_row *out, struct err *err)
{
	struct session_write w = { out, NULL, 0 };
	struct course_row c;
	struct date a, b;
	char starts[DATE_TEXT_SIZE], ends[DATE_TEXT_SIZE];
	char now[TIMESTAMP_TEXT_SIZE];

	*out = (struct course_session_row){ .agency_id = ctx->actor.agency_id };
	if (require_manage(ctx, err) == -1 ||
	    find_course(ctx, in->course, &c, err) == -1 ||
	    check_dates(in->starts_on, in->ends_on, &a, &b, err) == -1 ||
	    input_text(ctx, in->place, INPUT_NAME_MAX, TEXT_REQUIRED, "place",
	    &out->place, err) == -1 ||
	    input_text(ctx, in->region, INPUT_NAME_MAX, TEXT_REQUIRED,
	    "region", &out->region, err) == -1)
		return -1;
	if (in->n_trainers == 0 || in->n_trainers > SESSION_MAX_TRAINERS)
		return err_set(err, ERR_INVALID, "trainers", "%zu trainers: "
		    "name 1 to %d, by their participant numbers",
		    in->n_trainers, SESSION_MAX_TRAINERS);
	w.trainers = arena_array(ctx->arena, in->n_trainers,
	    sizeof(*w.trainers));
	for (size_t i = 0; i < in->n_trainers; i++) {
		struct participant_row p;

		if (programme_parse_id(in->trainers[i], "trainers",
		    &w.trainers[i], err) == -1 ||
		    participant_show(ctx, w.trainers[i], &p, err) == -1)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (w.trainers[j] == w.trainers[i])
				return err_set(err, ERR_INVALID, "trainers",
				    "trainer %" PRId64 " is named twice",
				    w.trainers[i]);
	}
	w.n_trainers = in->n_trainers;
	date_format(&a, starts);
	date_format(&b, ends);
	date_now_timestamp(now);
	out->course_id = c.id;
	out->course_code = c.code;
	out->starts_on = arena_strdup(ctx->arena, starts);
	out->ends_on = arena_strdup(ctx->arena, ends);
	out->created_at = arena_strdup(ctx->arena, now);
	if (ctx_transaction(ctx, session_write, &w, err) == -1)
		return -1;
	return store_course_session_get(ctx->store, out->id, ctx->arena, out,
	    err);
}

int
course_session_list(struct ctx *ctx, const char *course,
    struct course_session_row **rows, size_t *n, struct err *err)
{
	struct course_row c = { 0 };

	if (require_read(ctx, err) == -1 ||
	    (course && find_course(ctx, course, &c, err) == -1))
		return -1;
	return store_course_session_list(ctx->store, c.id, false, ctx->arena,
	    rows, n, err);
}

static int
session_days(const struct course_session_row *s)
{
	struct date a, b;

	if (date_parse(s->starts_on, &a) == -1 ||
	    date_parse(s->ends_on, &b) == -1)
		return 1;
	return date_days_inclusive(&a, &b);
}

static int
find_session(struct ctx *ctx, int64_t id, struct course_session_row *s,
    struct err *err)
{
	if (store_course_session_get(ctx->store, id, ctx->arena, s,
	    err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "session", "no session %"
			    PRId64 ": see tipsom session list", id);
		return -1;
	}
	return 0;
}

/* Only the organising agency records what happens in a session. */
static int
own_session(struct ctx *ctx, int64_t id, struct course_session_row *s,
    struct err *err)
{
	if (require_manage(ctx, err) == -1 || find_session(ctx, id, s,
	    err) == -1)
		return -1;
	if (s->agency_id != ctx->actor.agency_id)
		return err_set(err, ERR_FORBIDDEN, "session", "session %" PRId64
		    " is organised by %s: its trainers record it", id,
		    s->agency);
	return 0;
}

int
course_session_show(struct ctx *ctx, int64_t id,
    struct course_session_view *out, struct err *err)
{
	size_t gains = 0;

	*out = (struct course_session_view){ 0 };
	if (require_manage(ctx, err) == -1 ||
	    find_session(ctx, id, &out->s, err) == -1 ||
	    store_session_trainers(ctx->store, id, ctx->arena, &out->trainers,
	    &out->n_trainers, err) == -1 ||
	    store_enrolments(ctx->store, id, ctx->arena, &out->enrolled,
	    &out->n_enrolled, err) == -1)
		return -1;
	out->days = session_days(&out->s);
	for (size_t i = 0; i < out->n_enrolled; i++) {
		const struct enrolment_row *e = &out->enrolled[i];

		if ((unsigned)e->p.sex < SEX__MAX)
			out->by_sex[e->p.sex]++;
		out->certified += e->certificate != NULL;
		if (e->pre_score < 0 || e->post_score < 0)
			continue;
		out->pre_mean += e->pre_score;
		out->post_mean += e->post_score;
		gains++;
	}
	if (gains) {
		out->pre_mean /= (double)gains;
		out->post_mean /= (double)gains;
		out->gain_mean = out->post_mean - out->pre_mean;
	}
	out->tested = gains;
	return 0;
}

struct enrol_write {
	int64_t			 session;
	int64_t			 participant;
	struct enrolment_row	*e;
	const struct enrolment_input *in;
	int			 days;
};

static int
enrol_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct enrol_write *w = arg;
	struct participant_row *trainers;
	size_t n;

	if (store_session_trainers(ctx->store, w->session, ctx->arena,
	    &trainers, &n, err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (trainers[i].id == w->participant)
			return err_set(err, ERR_CONFLICT, "participant",
			    "participant %" PRId64 " is a trainer of session %"
			    PRId64 ": a trainer does not attend their own "
			    "session", w->participant, w->session);
	if (store_enrolment_get(ctx->store, w->session, w->participant,
	    ctx->arena, w->e, err) == 0)
		return err_set(err, ERR_CONFLICT, "participant", "participant %"
		    PRId64 " is in session %" PRId64 " already: record their "
		    "attendance instead", w->participant, w->session);
	if (err->code != ERR_NOT_FOUND)
		return -1;
	*err = (struct err)ERR_INIT;	/* not there yet, as it should be */
	if (store_enrolment_insert(ctx->store, w->session, w->participant,
	    err) == -1 ||
	    store_enrolment_get(ctx->store, w->session, w->participant,
	    ctx->arena, w->e, err) == -1)
		return -1;
	return programme_audit(ctx, "session.enrol", "session", w->session,
	    json_pack("{s:I}", "participant", (json_int_t)w->participant),
	    err);
}

int
session_enrol(struct ctx *ctx, int64_t session, int64_t participant,
    struct enrolment_row *out, struct err *err)
{
	struct course_session_row s;
	struct participant_row p;

	*out = (struct enrolment_row){ 0 };
	if (own_session(ctx, session, &s, err) == -1 ||
	    participant_show(ctx, participant, &p, err) == -1)
		return -1;
	return ctx_transaction(ctx, enrol_write, &(struct enrol_write){
	    session, participant, out, NULL, 0 }, err);
}

static int
record_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct enrol_write *w = arg;
	const struct enrolment_input *in = w->in;

	if (store_enrolment_get(ctx->store, w->session, w->participant,
	    ctx->arena, w->e, err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "participant", "participant %"
			    PRId64 " is not in session %" PRId64 ": enrol them "
			    "first", w->participant, w->session);
		return -1;
	}
	if ((in->days_attended && parse_number(in->days_attended, 0, w->days,
	    "days_attended", &w->e->days_attended, err) == -1) ||
	    (in->pre_score && parse_number(in->pre_score, 0, 100, "pre_score",
	    &w->e->pre_score, err) == -1) ||
	    (in->post_score && parse_number(in->post_score, 0, 100,
	    "post_score", &w->e->post_score, err) == -1))
		return -1;
	if (w->e->certificate && in->days_attended)
		return err_set(err, ERR_CONFLICT, "days_attended", "the "
		    "certificate was issued on this attendance: it stays");
	if (store_enrolment_update(ctx->store, w->e, err) == -1)
		return -1;
	return programme_audit(ctx, "session.record", "session", w->session,
	    json_pack("{s:I, s:i, s:i, s:i}", "participant",
	    (json_int_t)w->participant, "days_attended",
	    w->e->days_attended, "pre_score", w->e->pre_score, "post_score",
	    w->e->post_score), err);
}

int
session_record(struct ctx *ctx, int64_t session, int64_t participant,
    const struct enrolment_input *in, struct enrolment_row *out,
    struct err *err)
{
	struct course_session_row s;

	*out = (struct enrolment_row){ 0 };
	if (own_session(ctx, session, &s, err) == -1)
		return -1;
	if (!in->days_attended && !in->pre_score && !in->post_score)
		return err_set(err, ERR_INVALID, "days_attended", "nothing to "
		    "record: give the days attended, the pre-test or the "
		    "post-test score");
	return ctx_transaction(ctx, record_write, &(struct enrol_write){
	    session, participant, out, in, session_days(&s) }, err);
}

/* "TRN-" and three groups of four a reader copies without doubt. */
static void
new_code(char out[CERTIFICATE_CODE_SIZE])
{
	memcpy(out, "TRN-", 4);
	vault_random_code(out + 4, 3);
}

struct certify_write {
	int64_t			 session;
	int64_t			 participant;
	int			 days;
	struct certificate_row	*k;
};

static int
certify_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct certify_write *w = arg;
	struct enrolment_row e;
	char code[CERTIFICATE_CODE_SIZE], now[TIMESTAMP_TEXT_SIZE];
	int needed = (w->days * CERTIFICATE_ATTENDANCE_PERCENT + 99) / 100;

	if (store_enrolment_get(ctx->store, w->session, w->participant,
	    ctx->arena, &e, err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "participant", "participant %"
			    PRId64 " is not in session %" PRId64,
			    w->participant, w->session);
		return -1;
	}
	if (e.certificate)
		return err_set(err, ERR_CONFLICT, "participant", "the "
		    "certificate was issued already: its code is %s",
		    e.certificate);
	if (e.days_attended < needed)
		return err_set(err, ERR_CONFLICT, "days_attended", "%s attended "
		    "%d of %d days, fewer than the %d%% a certificate needs: "
		    "record the attendance first", e.p.full_name,
		    e.days_attended, w->days, CERTIFICATE_ATTENDANCE_PERCENT);
	new_code(code);
	date_now_timestamp(now);
	*w->k = (struct certificate_row){ .session_id = w->session,
	    .participant_id = w->participant,
	    .code = arena_strdup(ctx->arena, code),
	    .issued_at = arena_strdup(ctx->arena, now) };
	if (store_certificate_insert(ctx->store, w->k, ctx->actor.user_id,
	    err) == -1)
		return -1;
	return programme_audit(ctx, "certificate.issue", "certificate",
	    w->k->id, json_pack("{s:I, s:I}", "session",
	    (json_int_t)w->session, "participant",
	    (json_int_t)w->participant), err);
}

int
certificate_issue(struct ctx *ctx, int64_t session, int64_t participant,
    struct certificate_row *out, struct err *err)
{
	struct course_session_row s;

	*out = (struct certificate_row){ 0 };
	if (own_session(ctx, session, &s, err) == -1 ||
	    ctx_transaction(ctx, certify_write, &(struct certify_write){
	    session, participant, session_days(&s), out }, err) == -1)
		return -1;
	return store_certificate_by_code(ctx->store, out->code, ctx->arena,
	    out, err);
}

int
certificate_verify(struct ctx *ctx, const char *code,
    struct certificate_row *out, struct err *err)
{
	char up[CERTIFICATE_CODE_SIZE];
	size_t n = code ? strlen(code) : 0;

	if (n == 0 || n >= sizeof(up))
		return err_set(err, ERR_NOT_FOUND, "code", "no certificate has "
		    "this code: check it letter by letter");
	for (size_t i = 0; i <= n; i++)
		up[i] = code[i] >= 'a' && code[i] <= 'z' ?
		    (char)(code[i] - 'a' + 'A') : code[i];
	if (store_certificate_by_code(ctx->store, up, ctx->arena, out,
	    err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "code", "no certificate has "
			    "this code: check it letter by letter");
		return -1;
	}
	return 0;
}

static int
cascade_input(struct ctx *ctx, struct cascade_input *in, struct err *err)
{
	struct course_session_row *sessions;
	struct participant_row *persons;
	struct session_link_row *links;

	*in = (struct cascade_input){ 0 };
	if (store_course_session_list(ctx->store, 0, true, ctx->arena,
	    &sessions, &in->n_sessions, err) == -1 ||
	    store_participant_list(ctx->store, NULL, 0, 0, ctx->arena,
	    &persons, &in->n_persons, err) == -1 ||
	    store_session_links(ctx->store, ctx->arena, &links, &in->n_links,
	    err) == -1)
		return -1;
	in->sessions = sessions;
	in->persons = persons;
	in->links = links;
	return 0;
}

int
session_cascade(struct ctx *ctx, int64_t session, struct cascade_view *out,
    struct err *err)
{
	struct cascade_input in;
	struct course_session_row s;

	*out = (struct cascade_view){ 0 };
	if (require_read(ctx, err) == -1 ||
	    find_session(ctx, session, &s, err) == -1 ||
	    cascade_input(ctx, &in, err) == -1)
		return -1;
	cascade_reach(&in, session, ctx->arena, &out->r);
	/* Who gave each session: names are a trainer's to read. */
	if (!access_may(ctx, PERM_TRAINING_MANAGE))
		return 0;
	out->trainers = arena_array(ctx->arena, out->r.n_nodes + 1,
	    sizeof(*out->trainers));
	out->n_trainers = arena_array(ctx->arena, out->r.n_nodes + 1,
	    sizeof(*out->n_trainers));
	for (size_t i = 0; i < out->r.n_nodes; i++)
		if (store_session_trainers(ctx->store, out->r.nodes[i].s->id,
		    ctx->arena, &out->trainers[i], &out->n_trainers[i],
		    err) == -1)
			return -1;
	return 0;
}

static bool
in_period(const char *day, const char *from, const char *to)
{
	return (!from || strcmp(day, from) >= 0) &&
	    (!to || strcmp(day, to) <= 0);
}

static json_t *
counts_json(const struct cascade_count *c, size_t n)
{
	json_t *o = json_object();

	for (size_t i = 0; i < n; i++)
		json_object_set_new(o, c[i].value, json_integer((json_int_t)
		    c[i].n));
	return o;
}

static json_t *
sexes_json(const size_t *by_sex)
{
	json_t *o = json_object();

	for (int s = 0; s < SEX__MAX; s++)
		json_object_set_new(o, enum_name(&sex_desc, s),
		    json_integer((json_int_t)by_sex[s]));
	return o;
}

int
programme_figures(struct ctx *ctx, const char *from, const char *to,
    json_t **out, struct err *err)
{
	struct cascade_input in;
	struct cascade_count *orgs, *regions;
	size_t n_orgs = 0, n_regions = 0, sessions = 0, tot = 0, tested = 0;
	size_t certified = 0, people = 0, by_sex[SEX__MAX] = { 0 };
	int64_t *seen;
	double gain = 0;
	json_t *reach = json_array();

	*out = NULL;
	if (require_read(ctx, err) == -1 ||
	    cascade_input(ctx, &in, err) == -1) {
		json_decref(reach);
		return -1;
	}
	orgs = arena_array(ctx->arena, in.n_links + 1, sizeof(*orgs));
	regions = arena_array(ctx->arena, in.n_links + 1, sizeof(*regions));
	seen = arena_array(ctx->arena, in.n_persons + 1, sizeof(*seen));
	for (size_t i = 0; i < in.n_sessions; i++) {
		const struct course_session_row *s = &in.sessions[i];
		struct enrolment_row *e;
		struct cascade_result r;
		size_t n;

		if (!in_period(s->starts_on, from, to))
			continue;
		sessions++;
		if (store_enrolments(ctx->store, s->id, ctx->arena, &e, &n,
		    err) == -1) {
			json_decref(reach);
			return -1;
		}
		for (size_t k = 0; k < n; k++) {
			bool again = false;

			certified += e[k].certificate != NULL;
			if (e[k].pre_score >= 0 && e[k].post_score >= 0) {
				tested++;
				gain += e[k].post_score - e[k].pre_score;
			}
			for (size_t j = 0; j < people && !again; j++)
				again = seen[j] == e[k].p.id;
			if (again)
				continue;
			seen[people++] = e[k].p.id;
			if ((unsigned)e[k].p.sex < SEX__MAX)
				by_sex[e[k].p.sex]++;
			cascade_count_add(orgs, &n_orgs, e[k].p.organisation);
			cascade_count_add(regions, &n_regions, e[k].p.region);
		}
		if (!s->tot)
			continue;
		tot++;
		cascade_reach(&in, s->id, ctx->arena, &r);
		json_array_append_new(reach, json_pack("{s:I, s:s, s:s, s:I, "
		    "s:i, s:I}", "session", (json_int_t)s->id, "course",
		    s->course_code, "starts_on", s->starts_on, "reach",
		    (json_int_t)r.reach, "generations", r.depth, "sessions",
		    (json_int_t)r.n_nodes));
	}
	*out = json_pack("{s:I, s:I, s:I, s:o, s:o, s:o, s:I, s:o, s:I, s:o}",
	    "sessions", (json_int_t)sessions, "tot_sessions",
	    (json_int_t)tot, "participants", (json_int_t)people, "by_sex",
	    sexes_json(by_sex), "by_organisation", counts_json(orgs, n_orgs),
	    "by_region", counts_json(regions, n_regions), "tested",
	    (json_int_t)tested, "mean_gain", tested ? json_real(gain /
	    (double)tested) : json_null(), "certificates",
	    (json_int_t)certified, "cascades", reach);
	return 0;
}

json_t *
course_json(const struct course_row *c)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:b, s:s}", "id",
	    (json_int_t)c->id, "agency", c->agency, "code", c->code, "title",
	    c->title, "curriculum", c->curriculum, "hours", c->hours, "tot",
	    c->tot, "created_at", c->created_at);
}

json_t *
course_view_json(const struct course_view *v)
{
	json_t *o = course_json(&v->c), *modules = json_array();
	json_t *sessions = json_array();

	for (size_t i = 0; i < v->n_modules; i++)
		json_array_append_new(modules, json_pack("{s:i, s:s, s:i}",
		    "position", v->modules[i].position, "title",
		    v->modules[i].title, "hours", v->modules[i].hours));
	for (size_t i = 0; i < v->n_sessions; i++)
		json_array_append_new(sessions,
		    course_session_json(&v->sessions[i]));
	json_object_set_new(o, "modules", modules);
	json_object_set_new(o, "sessions", sessions);
	return o;
}

json_t *
participant_json(const struct participant_row *p)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id",
	    (json_int_t)p->id, "full_name", p->full_name, "organisation",
	    p->organisation, "job", p->job, "sex", enum_name(&sex_desc,
	    (int)p->sex), "region", p->region);
}

json_t *
course_session_json(const struct course_session_row *s)
{
	return json_pack("{s:I, s:s, s:s, s:b, s:i, s:s, s:s, s:s, s:s, "
	    "s:s}", "id", (json_int_t)s->id, "course", s->course_code,
	    "course_title", s->course_title, "tot", s->tot, "hours",
	    s->hours, "agency", s->agency, "starts_on", s->starts_on,
	    "ends_on", s->ends_on, "place", s->place, "region", s->region);
}

json_t *
enrolment_json(const struct enrolment_row *e)
{
	json_t *o = participant_json(&e->p);
	bool gain = e->pre_score >= 0 && e->post_score >= 0;

	json_object_set_new(o, "days_attended",
	    json_integer(e->days_attended));
	json_object_set_new(o, "pre_score", e->pre_score >= 0 ?
	    json_integer(e->pre_score) : json_null());
	json_object_set_new(o, "post_score", e->post_score >= 0 ?
	    json_integer(e->post_score) : json_null());
	json_object_set_new(o, "gain", gain ? json_integer(e->post_score -
	    e->pre_score) : json_null());
	json_object_set_new(o, "certificate",
	    json_string_or_null(e->certificate));
	return o;
}

json_t *
course_session_view_json(const struct course_session_view *v)
{
	json_t *o = course_session_json(&v->s);
	json_t *trainers = json_array(), *enrolled = json_array();

	for (size_t i = 0; i < v->n_trainers; i++)
		json_array_append_new(trainers,
		    participant_json(&v->trainers[i]));
	for (size_t i = 0; i < v->n_enrolled; i++)
		json_array_append_new(enrolled, enrolment_json(&v->enrolled[i]));
	json_object_update_missing_new(o, json_pack("{s:i, s:o, s:o, s:{s:I, "
	    "s:o, s:o, s:o}, s:I, s:o}", "days", v->days, "trainers",
	    trainers, "participants", enrolled, "tests", "tested",
	    (json_int_t)v->tested, "pre_mean", v->tested ?
	    json_real(v->pre_mean) : json_null(), "post_mean", v->tested ?
	    json_real(v->post_mean) : json_null(), "mean_gain", v->tested ?
	    json_real(v->gain_mean) : json_null(), "certificates",
	    (json_int_t)v->certified, "by_sex", sexes_json(v->by_sex)));
	return o;
}

json_t *
certificate_json(const struct certificate_row *k)
{
	return json_pack("{s:s, s:b, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, "
	    "s:s}", "code", k->code, "valid", 1, "full_name", k->full_name,
	    "organisation", k->organisation, "course", k->course_title,
	    "hours", k->hours, "starts_on", k->starts_on, "ends_on",
	    k->ends_on, "place", k->place, "issued_by", k->agency,
	    "issued_at", k->issued_at);
}

json_t *
cascade_json(const struct cascade_view *v)
{
	const struct cascade_result *r = &v->r;
	json_t *nodes = json_array(), *generations = json_array();

	for (size_t i = 0; i < r->n_nodes; i++) {
		const struct cascade_node *n = &r->nodes[i];
		json_t *trainers = v->trainers ? json_array() : json_null();

		for (size_t k = 0; v->trainers && k < v->n_trainers[i]; k++)
			json_array_append_new(trainers, json_pack("{s:I, s:s}",
			    "id", (json_int_t)v->trainers[i][k].id,
			    "full_name", v->trainers[i][k].full_name));
		json_array_append_new(nodes, json_pack("{s:I, s:s, s:s, s:s, "
		    "s:s, s:b, s:i, s:o, s:o, s:o}", "session",
		    (json_int_t)n->s->id, "course", n->s->course_code,
		    "starts_on", n->s->starts_on, "place", n->s->place,
		    "region", n->s->region, "tot", n->s->tot, "depth",
		    n->depth, "parent", n->parent ? json_integer(n->parent) :
		    json_null(), "via", n->via ? json_integer(n->via) :
		    json_null(), "trainers", trainers));
	}
	for (int d = 1; d <= r->depth; d++)
		json_array_append_new(generations, json_pack("{s:i, s:I, s:I}",
		    "generation", d, "sessions", (json_int_t)r->sessions_at[d],
		    "persons", (json_int_t)r->persons_at[d]));
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:b}", "reach",
	    (json_int_t)r->reach, "generations", generations, "by_sex",
	    sexes_json(r->by_sex), "by_organisation",
	    counts_json(r->by_organisation, r->n_organisations), "by_region",
	    counts_json(r->by_region, r->n_regions), "sessions", nodes,
	    "cut", r->cut);
}
