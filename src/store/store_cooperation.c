/* SPDX-License-Identifier: Apache-2.0 */
/* store_cooperation.c - requests for international cooperation, and
 * their history. */
#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

static void
read_request(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct cooperation_row *r = out;

	r->id = store__int(st, id, 0);
	r->case_id = store__int(st, id, 1);
	r->case_ref = store__text(st, id, 2, a);
	r->agency_id = store__int(st, id, 3);
	r->agency = store__text(st, id, 4, a);
	/* Unknown texts read as the least: see store__enum(). */
	r->kind = store__enum(st, id, 5, &cooperation_kind_desc,
	    COOP_KIND_INFORMATION_EXCHANGE);
	r->direction = store__enum(st, id, 6, &cooperation_direction_desc,
	    COOP_DIRECTION_OUTGOING);
	r->country = store__text(st, id, 7, a);
	r->authority = store__text(st, id, 8, a);
	r->legal_basis = store__text(st, id, 9, a);
	r->subject = store__text(st, id, 10, a);
	r->our_ref = store__text(st, id, 11, a);
	r->their_ref = store__text(st, id, 12, a);
	r->status = store__enum(st, id, 13, &cooperation_status_desc,
	    COOP_CLOSED);
	r->sent_on = store__text(st, id, 14, a);
	r->due_on = store__text(st, id, 15, a);
	r->answered_on = store__text(st, id, 16, a);
	r->next_follow_up = store__text(st, id, 17, a);
	r->created_at = store__text(st, id, 18, a);
	r->created_by = store__int(st, id, 19);
	r->created_by_username = store__text(st, id, 20, a);
	r->updated_at = store__text(st, id, 21, a);
	r->version = store__int(st, id, 22);
}

int
store_cooperation_insert(struct store *st, struct cooperation_row *r,
    struct err *err)
{
	enum stmt id = STMT_COOPERATION_INSERT;

	store__bind_int(st, id, 1, r->case_id);
	store__bind_int(st, id, 2, r->agency_id);
	store__bind_text(st, id, 3, enum_name(&cooperation_kind_desc,
	    r->kind));
	store__bind_text(st, id, 4, enum_name(&cooperation_direction_desc,
	    r->direction));
	store__bind_text(st, id, 5, r->country);
	store__bind_text(st, id, 6, r->authority);
	store__bind_text(st, id, 7, r->legal_basis);
	store__bind_text(st, id, 8, r->subject);
	store__bind_text(st, id, 9, r->our_ref);
	store__bind_text(st, id, 10, r->their_ref);
	store__bind_text(st, id, 11, enum_name(&cooperation_status_desc,
	    r->status));
	store__bind_text(st, id, 12, r->sent_on);
	store__bind_text(st, id, 13, r->due_on);
	store__bind_text(st, id, 14, r->next_follow_up);
	store__bind_text(st, id, 15, r->created_at);
	store__bind_int(st, id, 16, r->created_by);
	if (store__one_int(st, id, "cooperation request", &r->id, err) == -1)
		return -1;
	r->version = 1;
	return 0;
}

int
store_cooperation_update(struct store *st, struct cooperation_row *r,
    struct err *err)
{
	enum stmt id = STMT_COOPERATION_UPDATE;
	int rc;

	store__bind_int(st, id, 1, r->id);
	store__bind_int(st, id, 2, r->version);
	store__bind_text(st, id, 3, enum_name(&cooperation_status_desc,
	    r->status));
	store__bind_text(st, id, 4, r->sent_on);
	store__bind_text(st, id, 5, r->due_on);
	store__bind_text(st, id, 6, r->answered_on);
	store__bind_text(st, id, 7, r->next_follow_up);
	store__bind_text(st, id, 8, r->updated_at);
	rc = store__update_versioned(st, id, &r->version, err);
	if (rc == 1)
		return err_set(err, ERR_CONFLICT, "version", "cooperation "
		    "request %lld was changed meanwhile: look at it again",
		    (long long)r->id);
	return rc;
}

int
store_cooperation_event_insert(struct store *st,
    const struct cooperation_event_row *e, int64_t user_id, struct err *err)
{
	enum stmt id = STMT_COOPERATION_EVENT_INSERT;

	store__bind_int(st, id, 1, e->request_id);
	store__bind_text(st, id, 2, enum_name(&cooperation_event_desc,
	    e->kind));
	store__bind_text(st, id, 3, enum_name(&cooperation_status_desc,
	    e->status));
	store__bind_text(st, id, 4, e->on);
	store__bind_text(st, id, 5, e->channel < 0 ? NULL :
	    enum_name(&cooperation_channel_desc, e->channel));
	store__bind_text(st, id, 6, e->note);
	store__bind_text(st, id, 7, e->next_follow_up);
	store__bind_text(st, id, 8, e->at);
	store__bind_int(st, id, 9, user_id);
	return store__exec(st, id, err);
}

int
store_cooperation_by_id(struct store *st, int64_t request_id,
    struct arena *a, struct cooperation_row *r, struct err *err)
{
	enum stmt id = STMT_COOPERATION_BY_ID;

	store__bind_int(st, id, 1, request_id);
	return store__get(st, id, "cooperation request", a, r, read_request,
	    err);
}

int
store_cooperation_list(struct store *st, const struct cooperation_filter *f,
    struct arena *a, struct cooperation_row **rows, size_t *n,
    struct err *err)
{
	enum stmt id = STMT_COOPERATION_LIST;

	store__bind_int(st, id, 1, f->case_id);
	store__bind_int(st, id, 2, f->agency_id);
	store__bind_text(st, id, 3, f->status >= 0 ? enum_name(
	    &cooperation_status_desc, f->status) : NULL);
	store__bind_text(st, id, 4, f->kind >= 0 ? enum_name(
	    &cooperation_kind_desc, f->kind) : NULL);
	store__bind_text(st, id, 5, f->due ? f->today : NULL);
	store__bind_int(st, id, 6, f->limit > 0 ? f->limit : -1);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_request, err);
}

static void
read_event(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct cooperation_event_row *e = out;

	e->request_id = store__int(st, id, 0);
	e->kind = store__enum(st, id, 1, &cooperation_event_desc,
	    COOP_EVENT_STATUS);
	e->status = store__enum(st, id, 2, &cooperation_status_desc,
	    COOP_CLOSED);
	e->on = store__text(st, id, 3, a);
	e->channel = store__null(st, id, 4) ? -1 : store__enum(st, id, 4,
	    &cooperation_channel_desc, CHANNEL_OTHER);
	e->note = store__text(st, id, 5, a);
	e->next_follow_up = store__text(st, id, 6, a);
	e->at = store__text(st, id, 7, a);
	e->by_username = store__text(st, id, 8, a);
	e->agency = store__text(st, id, 9, a);
}

int
store_cooperation_events(struct store *st, int64_t request_id,
    struct arena *a, struct cooperation_event_row **rows, size_t *n,
    struct err *err)
{
	store__bind_int(st, STMT_COOPERATION_EVENTS, 1, request_id);
	return store__all(st, STMT_COOPERATION_EVENTS, a, (void **)rows, n,
	    sizeof(**rows), read_event, err);
}

int
store_cooperation_move_case(struct store *st, int64_t case_id,
    int64_t agency_id, struct err *err)
{
	store__bind_int(st, STMT_COOPERATION_MOVE_CASE, 1, case_id);
	store__bind_int(st, STMT_COOPERATION_MOVE_CASE, 2, agency_id);
	return store__exec(st, STMT_COOPERATION_MOVE_CASE, err);
}
