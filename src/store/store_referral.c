/* SPDX-License-Identifier: Apache-2.0 */
/* store_referral.c - referrals, their consent and their history. */
#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

static void
read_referral(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct referral_row *r = out;
	struct referral_consent *c = &r->consent;

	r->id = store__int(st, id, 0);
	r->case_id = store__int(st, id, 1);
	r->case_ref = store__text(st, id, 2, a);
	r->case_agency_id = store__int(st, id, 3);
	r->case_agency = store__text(st, id, 4, a);
	r->person_id = store__int(st, id, 5);
	r->provider_id = store__int(st, id, 6);
	r->provider_code = store__text(st, id, 7, a);
	r->provider_name = store__text(st, id, 8, a);
	r->provider_agency_id = store__int(st, id, 9);
	r->provider_agency = store__text(st, id, 10, a);
	/* Unknown texts read as the least: see store__enum(). */
	r->service = store__enum(st, id, 11, &service_desc, SERVICE_SHELTER);
	r->status = store__enum(st, id, 12, &referral_status_desc,
	    REFERRAL_WITHDRAWN);
	r->shares = (unsigned)store__int(st, id, 13);
	r->needs = store__text(st, id, 14, a);
	r->child = store__int(st, id, 15) != 0;
	c->explained = store__text(st, id, 16, a);
	c->language = store__text(st, id, 17, a);
	c->interpreter = store__text(st, id, 18, a);
	c->scope = (unsigned)store__int(st, id, 19);
	c->given_on = store__text(st, id, 20, a);
	c->guardian = store__text(st, id, 21, a);
	c->best_interests = store__text(st, id, 22, a);
	c->withdrawn_at = store__text(st, id, 23, a);
	c->withdrawn_reason = store__text(st, id, 24, a);
	r->created_at = store__text(st, id, 25, a);
	r->created_by = store__int(st, id, 26);
	r->created_by_username = store__text(st, id, 27, a);
	r->updated_at = store__text(st, id, 28, a);
	r->version = store__int(st, id, 29);
}

int
store_referral_insert(struct store *st, struct referral_row *r,
    struct err *err)
{
	enum stmt id = STMT_REFERRAL_INSERT;
	const struct referral_consent *c = &r->consent;

	store__bind_int(st, id, 1, r->case_id);
	store__bind_int(st, id, 2, r->person_id);
	store__bind_int(st, id, 3, r->provider_id);
	store__bind_text(st, id, 4, enum_name(&service_desc, r->service));
	store__bind_text(st, id, 5, enum_name(&referral_status_desc,
	    r->status));
	store__bind_int(st, id, 6, r->shares);
	store__bind_text(st, id, 7, r->needs);
	store__bind_int(st, id, 8, r->child);
	store__bind_text(st, id, 9, c->explained);
	store__bind_text(st, id, 10, c->language);
	store__bind_text(st, id, 11, c->interpreter);
	store__bind_int(st, id, 12, c->scope);
	store__bind_text(st, id, 13, c->given_on);
	store__bind_text(st, id, 14, c->guardian);
	store__bind_text(st, id, 15, c->best_interests);
	store__bind_text(st, id, 16, r->created_at);
	store__bind_int(st, id, 17, r->created_by);
	if (store__one_int(st, id, "referral", &r->id, err) == -1)
		return -1;
	r->version = 1;
	return 0;
}

int
store_referral_update(struct store *st, struct referral_row *r,
    struct err *err)
{
	enum stmt id = STMT_REFERRAL_UPDATE;
	int rc;

	store__bind_int(st, id, 1, r->id);
	store__bind_int(st, id, 2, r->version);
	store__bind_text(st, id, 3, enum_name(&referral_status_desc,
	    r->status));
	store__bind_text(st, id, 4, r->consent.withdrawn_at);
	store__bind_text(st, id, 5, r->consent.withdrawn_reason);
	store__bind_text(st, id, 6, r->updated_at);
	rc = store__update_versioned(st, id, &r->version, err);
	if (rc == 1)
		return err_set(err, ERR_CONFLICT, "referral", "referral %lld "
		    "was changed meanwhile: look at it again",
		    (long long)r->id);
	return rc;
}

int
store_referral_event_insert(struct store *st, int64_t referral_id,
    enum referral_status status, const char *at, int64_t user_id,
    const char *reason, struct err *err)
{
	enum stmt id = STMT_REFERRAL_EVENT_INSERT;

	store__bind_int(st, id, 1, referral_id);
	store__bind_text(st, id, 2, enum_name(&referral_status_desc, status));
	store__bind_text(st, id, 3, at);
	store__bind_int(st, id, 4, user_id);
	store__bind_text(st, id, 5, reason);
	return store__exec(st, id, err);
}

int
store_referral_by_id(struct store *st, int64_t referral_id,
    struct arena *a, struct referral_row *r, struct err *err)
{
	enum stmt id = STMT_REFERRAL_BY_ID;

	store__bind_int(st, id, 1, referral_id);
	return store__get(st, id, "referral", a, r, read_referral, err);
}

int
store_referral_list(struct store *st, const struct referral_filter *f,
    struct arena *a, struct referral_row **rows, size_t *n,
    struct err *err)
{
	enum stmt id = STMT_REFERRAL_LIST;

	store__bind_int(st, id, 1, f->case_id);
	store__bind_int(st, id, 2, f->case_agency_id);
	store__bind_int(st, id, 3, f->provider_agency_id);
	store__bind_text(st, id, 4, f->status >= 0 ? enum_name(
	    &referral_status_desc, f->status) : NULL);
	store__bind_int(st, id, 5, f->limit > 0 ? f->limit : -1);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_referral, err);
}

static void
read_event(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct referral_event_row *e = out;

	e->referral_id = store__int(st, id, 0);
	e->status = store__enum(st, id, 1, &referral_status_desc,
	    REFERRAL_WITHDRAWN);
	e->at = store__text(st, id, 2, a);
	e->by_username = store__text(st, id, 3, a);
	e->agency = store__text(st, id, 4, a);
	e->reason = store__text(st, id, 5, a);
}

int
store_referral_events(struct store *st, int64_t referral_id,
    struct arena *a, struct referral_event_row **rows, size_t *n,
    struct err *err)
{
	store__bind_int(st, STMT_REFERRAL_EVENTS, 1, referral_id);
	return store__all(st, STMT_REFERRAL_EVENTS, a, (void **)rows, n,
	    sizeof(**rows), read_event, err);
}

int
store_referral_first_accepted(struct store *st, int64_t case_id,
    struct arena *a, struct referral_event_row *row, struct err *err)
{
	enum stmt id = STMT_REFERRAL_FIRST_ACCEPTED;

	store__bind_int(st, id, 1, case_id);
	if (store__one(st, id, "referral", err) == -1)
		return -1;
	read_event(st, id, a, row);
	store__reset(st, id);
	return 0;
}
