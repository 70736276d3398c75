/* SPDX-License-Identifier: Apache-2.0 */
/* store_intake.c - reports of a suspected case, and links between them. */
#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

static void
read_report(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct intake_row *r = out;

	r->id = store__int(st, id, 0);
	r->ref = store__text(st, id, 1, a);
	r->year = (int)store__int(st, id, 2);
	r->number = store__int(st, id, 3);
	r->agency_id = store__int(st, id, 4);
	r->agency = store__text(st, id, 5, a);
	r->case_id = store__int(st, id, 6);
	r->case_ref = store__text(st, id, 7, a);
	/* Unknown texts read as the least: see store__enum(). */
	r->case_kind = store__enum(st, id, 8, &case_kind_desc,
	    CASE_KIND_UNCLASSIFIED);
	r->case_status = store__enum(st, id, 9, &case_status_desc,
	    CASE_STATUS_OPEN);
	r->reporter_id = store__int(st, id, 10);
	r->reporter = store__text(st, id, 11, a);
	r->reporter_agency_id = store__int(st, id, 12);
	r->reporter_agency = store__text(st, id, 13, a);
	r->what = store__text(st, id, 14, a);
	r->place = store__text(st, id, 15, a);
	r->happened = store__text(st, id, 16, a);
	r->at_risk = store__text(st, id, 17, a);
	r->people = store__int(st, id, 18);
	r->children = store__enum(st, id, 19, &intake_answer_desc,
	    ANSWER_UNKNOWN);
	r->contact_name = store__text(st, id, 20, a);
	r->contact = store__text(st, id, 21, a);
	r->contact_times = store__text(st, id, 22, a);
	r->anonymous = store__int(st, id, 23) != 0;
	r->urgent = store__int(st, id, 24) != 0;
	r->suspected = store__enum(st, id, 25, &intake_suspicion_desc,
	    SUSPECTED_UNSURE);
	r->created_at = store__text(st, id, 26, a);
	r->acknowledged_at = store__text(st, id, 27, a);
	r->acknowledged_by = store__int(st, id, 28);
	r->acknowledged_by_username = store__text(st, id, 29, a);
	r->links = store__int(st, id, 30);
}

int
store_intake_next_number(struct store *st, int year, int64_t *number,
    struct err *err)
{
	store__bind_int(st, STMT_INTAKE_NEXT_NUMBER, 1, year);
	return store__one_int(st, STMT_INTAKE_NEXT_NUMBER, "report counter",
	    number, err);
}

int
store_intake_insert(struct store *st, struct intake_row *r, struct err *err)
{
	enum stmt id = STMT_INTAKE_INSERT;

	store__bind_text(st, id, 1, r->ref);
	store__bind_int(st, id, 2, r->year);
	store__bind_int(st, id, 3, r->number);
	store__bind_int(st, id, 4, r->agency_id);
	store__bind_int(st, id, 5, r->case_id);
	store__bind_int(st, id, 6, r->reporter_id);
	store__bind_int(st, id, 7, r->reporter_agency_id);
	store__bind_text(st, id, 8, r->what);
	store__bind_text(st, id, 9, r->place);
	store__bind_text(st, id, 10, r->happened);
	store__bind_text(st, id, 11, r->at_risk);
	if (r->people > 0)
		store__bind_int(st, id, 12, r->people);
	else
		store__bind_text(st, id, 12, NULL);
	store__bind_text(st, id, 13, enum_name(&intake_answer_desc,
	    r->children));
	store__bind_text(st, id, 14, r->contact_name);
	store__bind_text(st, id, 15, r->contact);
	store__bind_text(st, id, 16, r->contact_times);
	store__bind_int(st, id, 17, r->anonymous);
	store__bind_int(st, id, 18, r->urgent);
	store__bind_text(st, id, 19, enum_name(&intake_suspicion_desc,
	    r->suspected));
	store__bind_text(st, id, 20, r->created_at);
	return store__one_int(st, id, "report", &r->id, err);
}

int
store_intake_by_ref(struct store *st, const char *ref, struct arena *a,
    struct intake_row *r, struct err *err)
{
	store__bind_text(st, STMT_INTAKE_BY_REF, 1, ref);
	return store__get(st, STMT_INTAKE_BY_REF, "report", a, r, read_report,
	    err);
}

int
store_intake_list(struct store *st, const struct intake_filter *f,
    struct arena *a, struct intake_row **rows, size_t *n, struct err *err)
{
	enum stmt id = STMT_INTAKE_LIST;

	store__bind_int(st, id, 1, f->agency_id);
	store__bind_int(st, id, 2, f->reporter_id);
	store__bind_int(st, id, 3, f->urgent_open);
	store__bind_int(st, id, 4, f->limit > 0 ? f->limit : -1);
	store__bind_int(st, id, 5, f->offset);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_report, err);
}

int
store_intake_acknowledge(struct store *st, int64_t report_id, const char *at,
    int64_t user_id, struct err *err)
{
	enum stmt id = STMT_INTAKE_ACKNOWLEDGE;
	int64_t done;

	store__bind_int(st, id, 1, report_id);
	store__bind_text(st, id, 2, at);
	store__bind_int(st, id, 3, user_id);
	return store__one_int(st, id, "unacknowledged report", &done, err);
}

/* Runs id on the pair, the lower id first, then at and user_id: a link
 * made or undone. */
static int
pair_write(struct store *st, enum stmt id, int64_t report_id,
    int64_t other_id, const char *at, int64_t user_id, struct err *err)
{
	int64_t done;

	store__bind_int(st, id, 1, report_id < other_id ? report_id : other_id);
	store__bind_int(st, id, 2, report_id < other_id ? other_id : report_id);
	store__bind_text(st, id, 3, at);
	store__bind_int(st, id, 4, user_id);
	return store__one_int(st, id, "link", &done, err);
}

int
store_intake_link_insert(struct store *st, int64_t report_id,
    int64_t other_id, const char *at, int64_t user_id, struct err *err)
{
	return pair_write(st, STMT_INTAKE_LINK_INSERT, report_id, other_id, at,
	    user_id, err);
}

int
store_intake_unlink(struct store *st, int64_t report_id, int64_t other_id,
    const char *at, int64_t user_id, struct err *err)
{
	return pair_write(st, STMT_INTAKE_UNLINK, report_id, other_id, at,
	    user_id, err);
}

static void
read_link(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct intake_link_row *l = out;

	l->id = store__int(st, id, 0);
	l->report_id = store__int(st, id, 1);
	l->other_id = store__int(st, id, 2);
	l->other_ref = store__text(st, id, 3, a);
	l->other_urgent = store__int(st, id, 4) != 0;
	l->linked_at = store__text(st, id, 5, a);
	l->linked_by = store__text(st, id, 6, a);
}

int
store_intake_links(struct store *st, int64_t report_id, struct arena *a,
    struct intake_link_row **rows, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_INTAKE_LINKS, 1, report_id);
	return store__all(st, STMT_INTAKE_LINKS, a, (void **)rows, n,
	    sizeof(**rows), read_link, err);
}
