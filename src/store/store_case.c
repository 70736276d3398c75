/* SPDX-License-Identifier: Apache-2.0 */
/* store_case.c - cases, their notes and the people in them. */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

int
store_case_next_number(struct store *st, int64_t agency_id, int year,
    int64_t *number, struct err *err)
{
	enum stmt id = STMT_CASE_NEXT_NUMBER;

	store__bind_int(st, id, 1, agency_id);
	store__bind_int(st, id, 2, year);
	return store__one_int(st, id, "case counter", number, err);
}

int
store_case_insert(struct store *st, struct case_row *row, struct err *err)
{
	enum stmt id = STMT_CASE_INSERT;

	store__bind_text(st, id, 1, row->ref);
	store__bind_int(st, id, 2, row->agency_id);
	store__bind_int(st, id, 3, row->year);
	store__bind_int(st, id, 4, row->number);
	store__bind_text(st, id, 5, case_kind_name(row->kind));
	store__bind_text(st, id, 6, enum_name(&case_status_desc, row->status));
	store__bind_text(st, id, 7,
	    enum_name(&sensitivity_desc, row->sensitivity));
	store__bind_text(st, id, 8, row->title);
	store__bind_text(st, id, 9, row->summary ? row->summary : "");
	store__bind_int(st, id, 10, row->lead_user_id);
	store__bind_text(st, id, 11, row->opened_at);
	store__bind_int(st, id, 12, row->opened_by);
	store__bind_text(st, id, 13, row->sop_id);
	store__bind_int(st, id, 14, row->sop_version);
	if (store__one_int(st, id, "case", &row->id, err) == -1)
		return -1;
	row->version = 1;
	return 0;
}

void
store__read_case(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct case_row *row = out;

	row->id = store__int(st, id, 0);
	row->ref = store__text(st, id, 1, a);
	row->agency_id = store__int(st, id, 2);
	row->agency_code = store__text(st, id, 3, a);
	row->year = (int)store__int(st, id, 4);
	row->number = store__int(st, id, 5);
	row->kind = store__enum(st, id, 6, &case_kind_desc,
	    CASE_KIND_UNCLASSIFIED);
	row->status = store__enum(st, id, 7, &case_status_desc,
	    CASE_STATUS_OPEN);
	/* Unknown sensitivity reads as the more protected one. */
	row->sensitivity = store__enum(st, id, 8, &sensitivity_desc,
	    SENSITIVITY_HIGH);
	row->title = store__text(st, id, 9, a);
	row->summary = store__text(st, id, 10, a);
	row->lead_user_id = store__int(st, id, 11);
	row->lead_username = store__text(st, id, 12, a);
	row->opened_at = store__text(st, id, 13, a);
	row->opened_by = store__int(st, id, 14);
	row->closed_at = store__text(st, id, 15, a);
	row->close_reason = store__text(st, id, 16, a);
	row->version = store__int(st, id, 17);
	row->sop_id = store__text(st, id, 18, a);
	row->sop_version = (int)store__int(st, id, 19);
	row->route = store__text(st, id, 20, a);
}

int
store_case_by_ref(struct store *st, const char *ref, struct arena *a,
    struct case_row *row, struct err *err)
{
	store__bind_text(st, STMT_CASE_BY_REF, 1, ref);
	return store__get(st, STMT_CASE_BY_REF, "case", a, row,
	    store__read_case, err);
}

int
store_case_by_id(struct store *st, int64_t id, struct arena *a,
    struct case_row *row, struct err *err)
{
	store__bind_int(st, STMT_CASE_BY_ID, 1, id);
	return store__get(st, STMT_CASE_BY_ID, "case", a, row,
	    store__read_case, err);
}

/* "%text%" for LIKE, with text's own %, _ and \\ taken literally. */
static const char *
like_pattern(struct arena *a, const char *text)
{
	char *out = arena_alloc(a, 2 * strlen(text) + 3), *o = out;

	*o++ = '%';
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			*o++ = '\\';
		*o++ = *p;
	}
	*o++ = '%';
	*o = '\0';
	return out;
}

int
store_case_list(struct store *st, const struct case_filter *f,
    struct arena *a, struct case_row **rows, size_t *n, struct err *err)
{
	/* Every agency's cases (maintenance and tests) take the general
	 * statement; an agency's, the one of its filters. */
	static const enum stmt own[2][2] = {
		{ STMT_CASE_LIST_AGENCY, STMT_CASE_LIST_STATUS },
		{ STMT_CASE_LIST_KIND, STMT_CASE_LIST_STATUS_KIND },
	};
	static const enum stmt with_shared[2][2] = {
		{ STMT_CASE_LIST_WITH_SHARED,
		    STMT_CASE_LIST_WITH_SHARED_STATUS },
		{ STMT_CASE_LIST_WITH_SHARED_KIND,
		    STMT_CASE_LIST_WITH_SHARED_STATUS_KIND },
	};
	bool shares = f->agency_id != 0 && f->viewer_today &&
	    f->owner_id != f->agency_id;
	bool search = (f->text && *f->text) || f->lead_id, filters;
	enum stmt id;

	if (f->shared_only && shares)
		id = STMT_CASE_LIST_SHARED_WITH;
	else if (f->lead_id)
		id = STMT_CASE_LIST_LED;
	else if (search)
		id = STMT_CASE_LIST_SEARCH;
	else if (f->agency_id == 0)
		id = STMT_CASE_LIST;
	else if (!shares)
		id = own[f->kind != 0][f->status != 0];
	else if (f->owner_id == 0)
		id = with_shared[f->kind != 0][f->status != 0];
	else
		id = STMT_CASE_LIST_SHARED_BY;
	store__bind_int(st, id, 1, f->agency_id);
	if (shares)
		store__bind_text(st, id, 6, f->viewer_today);
	/* The statements with LIST_FILTERS take ?7, ?8 and ?9 too. */
	filters = id == STMT_CASE_LIST_SEARCH || id == STMT_CASE_LIST_LED ||
	    id == STMT_CASE_LIST_SHARED_WITH;
	if (id == STMT_CASE_LIST_SHARED_BY || filters)
		store__bind_int(st, id, 7, f->owner_id);
	if (filters) {
		store__bind_text(st, id, 8, f->text && *f->text ?
		    like_pattern(a, f->text) : NULL);
		store__bind_int(st, id, 9, f->lead_id);
	}
	store__bind_text(st, id, 2,
	    f->kind ? case_kind_name(f->kind - 1) : NULL);
	store__bind_text(st, id, 3,
	    f->status ? enum_name(&case_status_desc, f->status - 1) : NULL);
	store__bind_int(st, id, 4, f->limit > 0 ? f->limit : -1);
	store__bind_int(st, id, 5, f->offset);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    store__read_case, err);
}

/*
 * Runs an update of case row that is guarded by its version (bound as ?1
 * id and ?2 version, the caller bound the rest) and returns the new one.
 */
static int
versioned_update(struct store *st, enum stmt id, struct case_row *row,
    struct err *err)
{
	int rc;

	store__bind_int(st, id, 1, row->id);
	store__bind_int(st, id, 2, row->version);
	rc = store__step(st, id, err);
	if (rc == -1)
		return -1;
	if (rc == 0) {
		store__reset(st, id);
		return err_set(err, ERR_CONFLICT, NULL,
		    "case %s was changed or closed meanwhile: look at it "
		    "again", row->ref);
	}
	row->version = store__int(st, id, 0);
	store__reset(st, id);
	return 0;
}

int
store_case_close(struct store *st, struct case_row *row, int64_t closed_by,
    struct err *err)
{
	enum stmt id = STMT_CASE_CLOSE;

	store__bind_text(st, id, 3, row->closed_at);
	store__bind_int(st, id, 4, closed_by);
	store__bind_text(st, id, 5, row->close_reason);
	if (versioned_update(st, id, row, err) == -1)
		return -1;
	row->status = CASE_STATUS_CLOSED;
	return 0;
}

int
store_case_set_sop(struct store *st, struct case_row *row, struct err *err)
{
	store__bind_text(st, STMT_CASE_SET_SOP, 3, row->sop_id);
	store__bind_int(st, STMT_CASE_SET_SOP, 4, row->sop_version);
	return versioned_update(st, STMT_CASE_SET_SOP, row, err);
}

int
store_case_set_kind(struct store *st, struct case_row *row, struct err *err)
{
	store__bind_text(st, STMT_CASE_SET_KIND, 3, case_kind_name(row->kind));
	return versioned_update(st, STMT_CASE_SET_KIND, row, err);
}

int
store_case_set_route(struct store *st, struct case_row *row, struct err *err)
{
	store__bind_text(st, STMT_CASE_SET_ROUTE, 3, row->route);
	return versioned_update(st, STMT_CASE_SET_ROUTE, row, err);
}

int
store_case_transfer(struct store *st, struct case_row *row,
    struct case_transfer_row *t, struct err *err)
{
	enum stmt id = STMT_CASE_TRANSFER_INSERT;

	store__bind_int(st, STMT_CASE_TRANSFER, 3, t->to_agency_id);
	store__bind_int(st, STMT_CASE_TRANSFER, 4, t->lead_user_id);
	if (versioned_update(st, STMT_CASE_TRANSFER, row, err) == -1)
		return -1;
	row->agency_id = t->to_agency_id;
	row->agency_code = t->to_agency_code;
	row->lead_user_id = t->lead_user_id;
	row->lead_username = t->lead_username;
	store__bind_int(st, id, 1, t->case_id);
	store__bind_int(st, id, 2, t->from_agency_id);
	store__bind_int(st, id, 3, t->to_agency_id);
	store__bind_text(st, id, 4, t->reason);
	store__bind_text(st, id, 5, t->at);
	store__bind_int(st, id, 6, t->by_user_id);
	store__bind_int(st, id, 7, t->lead_user_id);
	store__bind_int(st, id, 8, t->kept_share_id);
	return store__one_int(st, id, "transfer", &t->id, err);
}

static void
read_transfer(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct case_transfer_row *t = out;

	t->id = store__int(st, id, 0);
	t->case_id = store__int(st, id, 1);
	t->from_agency_id = store__int(st, id, 2);
	t->from_agency_code = store__text(st, id, 3, a);
	t->to_agency_id = store__int(st, id, 4);
	t->to_agency_code = store__text(st, id, 5, a);
	t->reason = store__text(st, id, 6, a);
	t->at = store__text(st, id, 7, a);
	t->by_user_id = store__int(st, id, 8);
	t->by_username = store__text(st, id, 9, a);
	t->lead_user_id = store__int(st, id, 10);
	t->lead_username = store__text(st, id, 11, a);
	t->kept_share_id = store__int(st, id, 12);
}

int
store_case_transfer_list(struct store *st, int64_t case_id, struct arena *a,
    struct case_transfer_row **rows, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_CASE_TRANSFER_LIST, 1, case_id);
	return store__all(st, STMT_CASE_TRANSFER_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_transfer, err);
}

int
store_note_insert(struct store *st, struct note_row *row, struct err *err)
{
	enum stmt id = STMT_NOTE_INSERT;

	store__bind_int(st, id, 1, row->case_id);
	store__bind_text(st, id, 2, row->at);
	store__bind_int(st, id, 3, row->author_id);
	store__bind_text(st, id, 4, row->body);
	return store__one_int(st, id, "note", &row->id, err);
}

static void
read_note(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct note_row *row = out;

	row->id = store__int(st, id, 0);
	row->case_id = store__int(st, id, 1);
	row->at = store__text(st, id, 2, a);
	row->author_id = store__int(st, id, 3);
	row->author = store__text(st, id, 4, a);
	row->body = store__text(st, id, 5, a);
}

int
store_note_list(struct store *st, int64_t case_id, struct arena *a,
    struct note_row **rows, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_NOTE_LIST, 1, case_id);
	return store__all(st, STMT_NOTE_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_note, err);
}

int
store_case_person_insert(struct store *st, const struct case_person_row *row,
    struct err *err)
{
	enum stmt id = STMT_CASE_PERSON_INSERT;

	store__bind_int(st, id, 1, row->case_id);
	store__bind_int(st, id, 2, row->person_id);
	store__bind_text(st, id, 3, case_role_name(row->role));
	store__bind_text(st, id, 4, row->identified_on);
	store__bind_int(st, id, 5, row->age);
	store__bind_text(st, id, 6, enum_name(&age_basis_desc, row->age_basis));
	store__bind_int(st, id, 7, row->child);
	store__bind_int(st, id, 8, row->needs_interpreter);
	store__bind_text(st, id, 9, row->interpreter_language);
	store__bind_text(st, id, 10, row->added_at);
	store__bind_int(st, id, 11, row->added_by);
	return store__exec(st, id, err);
}

static void
read_case_person(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct case_person_row *row = out;

	row->case_id = store__int(st, id, 0);
	row->person_id = store__int(st, id, 1);
	row->role = store__enum(st, id, 2, &case_role_desc,
	    CASE_ROLE_WITNESS);
	row->identified_on = store__text(st, id, 3, a);
	row->age = (int)store__int(st, id, 4);
	row->age_basis = store__enum(st, id, 5, &age_basis_desc,
	    AGE_BASIS_UNKNOWN);
	row->child = store__int(st, id, 6) != 0;
	row->needs_interpreter = store__int(st, id, 7) != 0;
	row->interpreter_language = store__text(st, id, 8, a);
	row->added_at = store__text(st, id, 9, a);
	row->added_by = store__int(st, id, 10);
}

int
store_case_person_list(struct store *st, int64_t case_id, struct arena *a,
    struct case_person_row **rows, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_CASE_PERSON_LIST, 1, case_id);
	return store__all(st, STMT_CASE_PERSON_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_case_person, err);
}

int
store_person_case_list(struct store *st, int64_t person_id, struct arena *a,
    struct case_person_row **rows, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_PERSON_CASE_LIST, 1, person_id);
	return store__all(st, STMT_PERSON_CASE_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_case_person, err);
}

int
store_case_share_insert(struct store *st, struct case_share_row *row,
    struct err *err)
{
	enum stmt id = STMT_CASE_SHARE_INSERT;

	store__bind_int(st, id, 1, row->case_id);
	store__bind_int(st, id, 2, row->agency_id);
	store__bind_text(st, id, 3, row->reason);
	store__bind_text(st, id, 4, row->shared_at);
	store__bind_int(st, id, 5, row->shared_by);
	store__bind_text(st, id, 6, row->expires_on);
	store__bind_text(st, id, 7, enum_name(&share_scope_desc, row->scope));
	return store__one_int(st, id, "share", &row->id, err);
}

static void
read_share(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct case_share_row *row = out;

	row->id = store__int(st, id, 0);
	row->case_id = store__int(st, id, 1);
	row->agency_id = store__int(st, id, 2);
	row->agency_code = store__text(st, id, 3, a);
	row->reason = store__text(st, id, 4, a);
	row->shared_at = store__text(st, id, 5, a);
	row->shared_by = store__int(st, id, 6);
	row->shared_by_username = store__text(st, id, 7, a);
	row->expires_on = store__text(st, id, 8, a);
	row->revoked_at = store__text(st, id, 9, a);
	row->revoked_by = store__int(st, id, 10);
	row->revoke_reason = store__text(st, id, 11, a);
	row->scope = store__enum(st, id, 12, &share_scope_desc,
	    SHARE_INVESTIGATION);
}

/* The one row of a statement run with store__one(), into *row. */
static int
one_share(struct store *st, enum stmt id, struct arena *a,
    struct case_share_row *row, struct err *err)
{
	if (store__one(st, id, "share", err) == -1)
		return -1;
	read_share(st, id, a, row);
	store__reset(st, id);
	return 0;
}

int
store_case_share_live(struct store *st, int64_t case_id, int64_t agency_id,
    const char *today, struct arena *a, struct case_share_row *row,
    struct err *err)
{
	store__bind_int(st, STMT_CASE_SHARE_LIVE, 1, case_id);
	store__bind_int(st, STMT_CASE_SHARE_LIVE, 2, agency_id);
	store__bind_text(st, STMT_CASE_SHARE_LIVE, 3, today);
	return one_share(st, STMT_CASE_SHARE_LIVE, a, row, err);
}

int
store_case_share_list(struct store *st, int64_t case_id, int64_t agency_id,
    struct arena *a, struct case_share_row **rows, size_t *n,
    struct err *err)
{
	store__bind_int(st, STMT_CASE_SHARE_LIST, 1, case_id);
	store__bind_int(st, STMT_CASE_SHARE_LIST, 2, agency_id);
	return store__all(st, STMT_CASE_SHARE_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_share, err);
}

int
store_case_share_get(struct store *st, int64_t share_id, int64_t case_id,
    struct arena *a, struct case_share_row *row, struct err *err)
{
	store__bind_int(st, STMT_CASE_SHARE_GET, 1, share_id);
	store__bind_int(st, STMT_CASE_SHARE_GET, 2, case_id);
	return one_share(st, STMT_CASE_SHARE_GET, a, row, err);
}

int
store_case_share_revoke(struct store *st, const struct case_share_row *row,
    struct err *err)
{
	enum stmt id = STMT_CASE_SHARE_REVOKE;

	store__bind_int(st, id, 1, row->id);
	store__bind_int(st, id, 2, row->case_id);
	store__bind_text(st, id, 3, row->revoked_at);
	store__bind_int(st, id, 4, row->revoked_by);
	store__bind_text(st, id, 5, row->revoke_reason);
	if (store__one(st, id, "live share", err) == -1)
		return -1;
	store__reset(st, id);
	return 0;
}
