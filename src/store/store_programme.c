/* SPDX-License-Identifier: Apache-2.0 */
/* store_programme.c - the training programme: courses and their modules,
 * participants, sessions, trainers, enrolments and certificates. */
#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

static void
read_course(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct course_row *c = out;

	c->id = store__int(st, id, 0);
	c->agency_id = store__int(st, id, 1);
	c->agency = store__text(st, id, 2, a);
	c->code = store__text(st, id, 3, a);
	c->title = store__text(st, id, 4, a);
	c->curriculum = store__text(st, id, 5, a);
	c->hours = (int)store__int(st, id, 6);
	c->tot = store__int(st, id, 7) != 0;
	c->created_at = store__text(st, id, 8, a);
}

int
store_course_insert(struct store *st, struct course_row *c, int64_t by,
    struct err *err)
{
	enum stmt id = STMT_COURSE_INSERT;

	store__bind_int(st, id, 1, c->agency_id);
	store__bind_text(st, id, 2, c->code);
	store__bind_text(st, id, 3, c->title);
	store__bind_text(st, id, 4, c->curriculum);
	store__bind_int(st, id, 5, c->hours);
	store__bind_int(st, id, 6, c->tot);
	store__bind_text(st, id, 7, c->created_at);
	store__bind_int(st, id, 8, by);
	return store__one_int(st, id, "course", &c->id, err);
}

int
store_course_module_insert(struct store *st, int64_t course_id,
    const struct course_module_row *m, struct err *err)
{
	enum stmt id = STMT_COURSE_MODULE_INSERT;

	store__bind_int(st, id, 1, course_id);
	store__bind_int(st, id, 2, m->position);
	store__bind_text(st, id, 3, m->title);
	store__bind_int(st, id, 4, m->hours);
	return store__exec(st, id, err);
}

int
store_course_get(struct store *st, int64_t course_id, const char *code,
    struct arena *a, struct course_row *c, struct err *err)
{
	enum stmt id = code ? STMT_COURSE_BY_CODE : STMT_COURSE_GET;

	if (code)
		store__bind_text(st, id, 1, code);
	else
		store__bind_int(st, id, 1, course_id);
	return store__get(st, id, "course", a, c, read_course, err);
}

int
store_course_list(struct store *st, struct arena *a,
    struct course_row **rows, size_t *n, struct err *err)
{
	return store__all(st, STMT_COURSE_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_course, err);
}

static void
read_module(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct course_module_row *m = out;

	m->position = (int)store__int(st, id, 0);
	m->title = store__text(st, id, 1, a);
	m->hours = (int)store__int(st, id, 2);
}

int
store_course_modules(struct store *st, int64_t course_id, struct arena *a,
    struct course_module_row **rows, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_COURSE_MODULES, 1, course_id);
	return store__all(st, STMT_COURSE_MODULES, a, (void **)rows, n,
	    sizeof(**rows), read_module, err);
}

/* PARTICIPANT_COLUMNS from column first on. */
static void
read_participant_at(struct store *st, enum stmt id, int first,
    struct arena *a, struct participant_row *p)
{
	p->id = store__int(st, id, first);
	p->agency_id = store__int(st, id, first + 1);
	p->full_name = store__text(st, id, first + 2, a);
	p->organisation = store__text(st, id, first + 3, a);
	p->job = store__text(st, id, first + 4, a);
	p->sex = store__enum(st, id, first + 5, &sex_desc, SEX_UNKNOWN);
	p->region = store__text(st, id, first + 6, a);
	p->created_at = store__text(st, id, first + 7, a);
}

static void
read_participant(struct store *st, enum stmt id, struct arena *a, void *out)
{
	read_participant_at(st, id, 0, a, out);
}

int
store_participant_insert(struct store *st, struct participant_row *p,
    int64_t by, struct err *err)
{
	enum stmt id = STMT_PARTICIPANT_INSERT;

	store__bind_int(st, id, 1, p->agency_id);
	store__bind_text(st, id, 2, p->full_name);
	store__bind_text(st, id, 3, p->organisation);
	store__bind_text(st, id, 4, p->job);
	store__bind_text(st, id, 5, enum_name(&sex_desc, (int)p->sex));
	store__bind_text(st, id, 6, p->region);
	store__bind_text(st, id, 7, p->created_at);
	store__bind_int(st, id, 8, by);
	return store__one_int(st, id, "participant", &p->id, err);
}

int
store_participant_get(struct store *st, int64_t participant_id,
    struct arena *a, struct participant_row *p, struct err *err)
{
	store__bind_int(st, STMT_PARTICIPANT_GET, 1, participant_id);
	return store__get(st, STMT_PARTICIPANT_GET, "participant", a, p,
	    read_participant, err);
}

int
store_participant_list(struct store *st, const char *q, int limit,
    int offset, struct arena *a, struct participant_row **rows, size_t *n,
    struct err *err)
{
	enum stmt id = limit > 0 ? STMT_PARTICIPANT_LIST :
	    STMT_PARTICIPANT_ALL;

	if (limit > 0) {
		store__bind_text(st, id, 1, q);
		store__bind_int(st, id, 2, limit);
		store__bind_int(st, id, 3, offset);
	}
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_participant, err);
}

static void
read_session(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct course_session_row *s = out;

	s->id = store__int(st, id, 0);
	s->course_id = store__int(st, id, 1);
	s->course_code = store__text(st, id, 2, a);
	s->course_title = store__text(st, id, 3, a);
	s->tot = store__int(st, id, 4) != 0;
	s->hours = (int)store__int(st, id, 5);
	s->agency_id = store__int(st, id, 6);
	s->agency = store__text(st, id, 7, a);
	s->starts_on = store__text(st, id, 8, a);
	s->ends_on = store__text(st, id, 9, a);
	s->place = store__text(st, id, 10, a);
	s->region = store__text(st, id, 11, a);
	s->created_at = store__text(st, id, 12, a);
}

int
store_course_session_insert(struct store *st, struct course_session_row *s,
    int64_t by, struct err *err)
{
	enum stmt id = STMT_COURSE_SESSION_INSERT;

	store__bind_int(st, id, 1, s->course_id);
	store__bind_int(st, id, 2, s->agency_id);
	store__bind_text(st, id, 3, s->starts_on);
	store__bind_text(st, id, 4, s->ends_on);
	store__bind_text(st, id, 5, s->place);
	store__bind_text(st, id, 6, s->region);
	store__bind_text(st, id, 7, s->created_at);
	store__bind_int(st, id, 8, by);
	return store__one_int(st, id, "session", &s->id, err);
}

int
store_course_session_get(struct store *st, int64_t session_id,
    struct arena *a, struct course_session_row *s, struct err *err)
{
	store__bind_int(st, STMT_COURSE_SESSION_GET, 1, session_id);
	return store__get(st, STMT_COURSE_SESSION_GET, "session", a, s,
	    read_session, err);
}

int
store_course_session_list(struct store *st, int64_t course_id, bool all,
    struct arena *a, struct course_session_row **rows, size_t *n,
    struct err *err)
{
	enum stmt id = all ? STMT_COURSE_SESSION_ALL :
	    STMT_COURSE_SESSION_LIST;

	if (!all)
		store__bind_int(st, id, 1, course_id);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_session, err);
}

int
store_session_trainer_insert(struct store *st, int64_t session_id,
    int64_t participant_id, struct err *err)
{
	store__bind_int(st, STMT_SESSION_TRAINER_INSERT, 1, session_id);
	store__bind_int(st, STMT_SESSION_TRAINER_INSERT, 2, participant_id);
	return store__exec(st, STMT_SESSION_TRAINER_INSERT, err);
}

int
store_session_trainers(struct store *st, int64_t session_id,
    struct arena *a, struct participant_row **rows, size_t *n,
    struct err *err)
{
	store__bind_int(st, STMT_SESSION_TRAINERS, 1, session_id);
	return store__all(st, STMT_SESSION_TRAINERS, a, (void **)rows, n,
	    sizeof(**rows), read_participant, err);
}

static void
read_enrolment(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct enrolment_row *e = out;

	e->session_id = store__int(st, id, 0);
	read_participant_at(st, id, 1, a, &e->p);
	e->days_attended = (int)store__int(st, id, 9);
	e->pre_score = (int)store__int(st, id, 10);
	e->post_score = (int)store__int(st, id, 11);
	e->certificate = store__text(st, id, 12, a);
}

int
store_enrolment_insert(struct store *st, int64_t session_id,
    int64_t participant_id, struct err *err)
{
	store__bind_int(st, STMT_ENROLMENT_INSERT, 1, session_id);
	store__bind_int(st, STMT_ENROLMENT_INSERT, 2, participant_id);
	return store__exec(st, STMT_ENROLMENT_INSERT, err);
}

int
store_enrolment_update(struct store *st, const struct enrolment_row *e,
    struct err *err)
{
	enum stmt id = STMT_ENROLMENT_UPDATE;

	store__bind_int(st, id, 1, e->session_id);
	store__bind_int(st, id, 2, e->p.id);
	store__bind_int(st, id, 3, e->days_attended);
	store__bind_int(st, id, 4, e->pre_score);
	store__bind_int(st, id, 5, e->post_score);
	return store__exec(st, id, err);
}

int
store_enrolment_get(struct store *st, int64_t session_id,
    int64_t participant_id, struct arena *a, struct enrolment_row *e,
    struct err *err)
{
	store__bind_int(st, STMT_ENROLMENT_GET, 1, session_id);
	store__bind_int(st, STMT_ENROLMENT_GET, 2, participant_id);
	return store__get(st, STMT_ENROLMENT_GET, "participant of the "
	    "session", a, e, read_enrolment, err);
}

int
store_enrolments(struct store *st, int64_t session_id, struct arena *a,
    struct enrolment_row **rows, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_ENROLMENTS, 1, session_id);
	return store__all(st, STMT_ENROLMENTS, a, (void **)rows, n,
	    sizeof(**rows), read_enrolment, err);
}

int
store_certificate_insert(struct store *st, struct certificate_row *k,
    int64_t by, struct err *err)
{
	enum stmt id = STMT_CERTIFICATE_INSERT;

	store__bind_int(st, id, 1, k->session_id);
	store__bind_int(st, id, 2, k->participant_id);
	store__bind_text(st, id, 3, k->code);
	store__bind_text(st, id, 4, k->issued_at);
	store__bind_int(st, id, 5, by);
	return store__one_int(st, id, "certificate", &k->id, err);
}

static void
read_certificate(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct certificate_row *k = out;

	k->id = store__int(st, id, 0);
	k->session_id = store__int(st, id, 1);
	k->participant_id = store__int(st, id, 2);
	k->code = store__text(st, id, 3, a);
	k->issued_at = store__text(st, id, 4, a);
	k->full_name = store__text(st, id, 5, a);
	k->organisation = store__text(st, id, 6, a);
	k->course_title = store__text(st, id, 7, a);
	k->hours = (int)store__int(st, id, 8);
	k->starts_on = store__text(st, id, 9, a);
	k->ends_on = store__text(st, id, 10, a);
	k->place = store__text(st, id, 11, a);
	k->agency = store__text(st, id, 12, a);
}

int
store_certificate_by_code(struct store *st, const char *code,
    struct arena *a, struct certificate_row *k, struct err *err)
{
	store__bind_text(st, STMT_CERTIFICATE_BY_CODE, 1, code);
	return store__get(st, STMT_CERTIFICATE_BY_CODE, "certificate", a, k,
	    read_certificate, err);
}

static void
read_link(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct session_link_row *l = out;

	(void)a;
	l->session_id = store__int(st, id, 0);
	l->participant_id = store__int(st, id, 1);
	l->trainer = store__int(st, id, 2) != 0;
}

int
store_session_links(struct store *st, struct arena *a,
    struct session_link_row **rows, size_t *n, struct err *err)
{
	return store__all(st, STMT_SESSION_LINKS, a, (void **)rows, n,
	    sizeof(**rows), read_link, err);
}
