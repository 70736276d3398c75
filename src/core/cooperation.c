/* SPDX-License-Identifier: Apache-2.0 */
/* cooperation.c - requests for international cooperation, their
 * lifecycle and follow-up. */
#include <inttypes.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/case.h"
#include "core/cooperation.h"
#include "core/ctx.h"
#include "core/input.h"
#include "store/store.h"
#include "base/banned.h"

#define COOPERATION_LIST_DEFAULT	200
#define COOPERATION_LIST_MAX		500

/* The lifecycle of cooperation.h, one row per move. */
static const struct {
	enum cooperation_status	 from, to;
} moves[] = {
	{ COOP_DRAFT, COOP_SENT },
	{ COOP_DRAFT, COOP_WITHDRAWN },
	{ COOP_SENT, COOP_ACKNOWLEDGED },
	{ COOP_SENT, COOP_ANSWERED },
	{ COOP_SENT, COOP_PARTIALLY_ANSWERED },
	{ COOP_SENT, COOP_REFUSED },
	{ COOP_SENT, COOP_WITHDRAWN },
	{ COOP_ACKNOWLEDGED, COOP_ANSWERED },
	{ COOP_ACKNOWLEDGED, COOP_PARTIALLY_ANSWERED },
	{ COOP_ACKNOWLEDGED, COOP_REFUSED },
	{ COOP_ACKNOWLEDGED, COOP_WITHDRAWN },
	{ COOP_PARTIALLY_ANSWERED, COOP_ANSWERED },
	{ COOP_PARTIALLY_ANSWERED, COOP_CLOSED },
	{ COOP_PARTIALLY_ANSWERED, COOP_WITHDRAWN },
	{ COOP_ANSWERED, COOP_CLOSED },
	{ COOP_REFUSED, COOP_CLOSED },
};

bool
cooperation_may_move(enum cooperation_status from, enum cooperation_status to)
{
	for (size_t i = 0; i < ARRAY_SIZE(moves); i++)
		if (moves[i].from == from && moves[i].to == to)
			return true;
	return false;
}

/* Sent, and the answer (or the rest of it) still awaited. */
static bool
waiting(enum cooperation_status s)
{
	return s == COOP_SENT || s == COOP_ACKNOWLEDGED ||
	    s == COOP_PARTIALLY_ANSWERED;
}

/* The answer is in, or the request is over: no more reminders. */
static bool
settled(enum cooperation_status s)
{
	return !waiting(s) && s != COOP_DRAFT;
}

bool
cooperation_due(const struct cooperation_row *r, const char *today)
{
	/* Days are YYYY-MM-DD: as text, they sort as days. */
	if (settled(r->status))
		return false;
	if (r->next_follow_up)
		return strcmp(r->next_follow_up, today) <= 0;
	return waiting(r->status) && r->due_on &&
	    strcmp(r->due_on, today) < 0;
}

/*
 * Every access rule of this module, in one place: case ref (NULL: the
 * actor's agency's requests) for reading or changing its requests.
 * Reading follows the case: its own agency's case roles, and those of an
 * agency it is shared with.  Changing needs PERM_COOPERATION_MANAGE and
 * the case's own agency: case__find() refuses a shared case anything
 * but reading.
 */
enum need { READ, WRITE };

static int
allowed(struct ctx *ctx, const char *ref, enum need need, struct case_row *c,
    struct err *err)
{
	if (!ref)
		return access_require(ctx, PERM_CASE_READ, err);
	/* A case shared with the actor's agency shows its requests when
	 * the share's scope includes them (access.h). */
	if (need == WRITE)
		return case__find(ctx, ref, PERM_COOPERATION_MANAGE, c, err);
	return case__find_part(ctx, ref, PART_COOPERATION, c, err);
}

static int
not_found(int64_t id, struct err *err)
{
	return err_set(err, ERR_NOT_FOUND, "cooperation", "cooperation "
	    "request %" PRId64 " not found: check the number in tipsom "
	    "cooperation list", id);
}

/* Request id and its case, when the actor may see it (and, for WRITE,
 * change it); one they may not see is not found. */
static int
load(struct ctx *ctx, int64_t id, enum need need, struct cooperation_row *r,
    struct case_row *c, struct err *err)
{
	if (store_cooperation_by_id(ctx->store, id, ctx->arena, r, err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			not_found(id, err);
		return -1;
	}
	if (allowed(ctx, r->case_ref, need, c, err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			not_found(id, err);
		return -1;
	}
	return 0;
}

/* The version the caller saw, when they say: it must be r's. */
static int
check_version(const struct cooperation_row *r, const char *version,
    struct err *err)
{
	long long v;

	if (!version || !*version)
		return 0;
	if (text_parse_int(version, 1, INT64_MAX, &v) == -1)
		return err_set(err, ERR_INVALID, "version", "version \"%.24s\" "
		    "is not a number: give the version you looked at",
		    version);
	if (v != r->version)
		return err_set(err, ERR_CONFLICT, "version", "cooperation "
		    "request %" PRId64 " was changed meanwhile (version %"
		    PRId64 ", not %lld): look at it again", r->id, r->version,
		    v);
	return 0;
}

/*
 * Day s of field in *out (NULL when absent), checked: never after today
 * when past; not before floor (a day, or NULL) which what names.
 */
static int
day(struct ctx *ctx, const char *s, const char *field, bool past,
    const char *floor, const char *what, const char **out, struct err *err)
{
	char text[DATE_TEXT_SIZE], today[DATE_TEXT_SIZE];
	struct date d;
	bool present;

	*out = NULL;
	if (input_date(s, field, &d, &present, err) == -1)
		return -1;
	if (!present)
		return 0;
	date_format(&d, text);
	case__today(today);
	if (past && strcmp(text, today) > 0)
		return err_set(err, ERR_INVALID, field, "%s %s is in the "
		    "future: give the day it happened, today or before",
		    field, text);
	if (floor && strcmp(text, floor) < 0)
		return err_set(err, ERR_INVALID, field, "%s %s is before %s "
		    "(%s): give that day or a later one", field, text, what,
		    floor);
	*out = arena_strdup(ctx->arena, text);
	return 0;
}

/* A required text, with what to give when it is missing. */
static int
required(struct ctx *ctx, const char *s, size_t max, unsigned flags,
    const char *field, const char *hint, const char **out, struct err *err)
{
	if (!s || !*s)
		return err_set(err, ERR_INVALID, field, "%s is missing: %s",
		    field, hint);
	return input_text(ctx, s, max, flags | TEXT_REQUIRED, field, out,
	    err);
}

static int
check_input(struct ctx *ctx, const struct cooperation_input *in,
    struct cooperation_row *out, struct err *err)
{
	int kind, direction;

	kind = input_enum(in->kind, &cooperation_kind_desc, -1, "kind", err);
	if (kind < 0)
		return -1;
	direction = input_enum(in->direction, &cooperation_direction_desc,
	    COOP_DIRECTION_OUTGOING, "direction", err);
	if (direction < 0)
		return -1;
	out->kind = kind;
	out->direction = direction;
	if (!in->country || !*in->country)
		return err_set(err, ERR_INVALID, "country", "country is "
		    "missing: give the counterpart's country as an ISO 3166 "
		    "code, like TR, IR, SY or AE");
	if (input_country(ctx, in->country, "country", &out->country,
	    err) == -1 ||
	    required(ctx, in->authority, INPUT_NAME_MAX, 0, "authority",
	    "name the counterpart authority, like the Ministry of Justice "
	    "of Türkiye", &out->authority, err) == -1 ||
	    required(ctx, in->legal_basis, INPUT_TITLE_MAX, 0, "legal_basis",
	    "name what the request rests on, like UNTOC art. 18 or a "
	    "bilateral treaty", &out->legal_basis, err) == -1 ||
	    required(ctx, in->subject, INPUT_TEXT_MAX, TEXT_MULTILINE,
	    "subject", "say what is asked", &out->subject, err) == -1 ||
	    input_text(ctx, in->our_ref, INPUT_SHORT_MAX, 0, "our_ref",
	    &out->our_ref, err) == -1 ||
	    input_text(ctx, in->their_ref, INPUT_SHORT_MAX, 0, "their_ref",
	    &out->their_ref, err) == -1 ||
	    day(ctx, in->sent_on, "sent_on", true, NULL, NULL, &out->sent_on,
	    err) == -1)
		return -1;
	if (direction == COOP_DIRECTION_INCOMING && !out->sent_on)
		return err_set(err, ERR_INVALID, "sent_on", "sent_on is "
		    "missing: an incoming request reached us, give the day "
		    "it was sent");
	if (day(ctx, in->due_on, "due_on", false, out->sent_on,
	    "the day it was sent", &out->due_on, err) == -1)
		return -1;
	return day(ctx, in->next_follow_up, "next_follow_up", false,
	    out->sent_on, "the day it was sent", &out->next_follow_up, err);
}

static json_t *
opt(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* What the audit keeps of a write: codes and days, never texts (the
 * request's number is added when it has one). */
static json_t *
changes(const struct cooperation_row *r, const char *from)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "kind",
	    enum_name(&cooperation_kind_desc, r->kind), "direction",
	    enum_name(&cooperation_direction_desc, r->direction), "country",
	    r->country, "status", enum_name(&cooperation_status_desc,
	    r->status));

	if (from)
		json_object_set_new(j, "from", json_string(from));
	return j;
}

struct write {
	struct cooperation_row			*r;
	const struct cooperation_event_row	*event;	/* its history */
	const char				*action;
	json_t					*changes;	/* stolen */
	bool					 insert;
};

static int
write_all(struct ctx *ctx, void *arg, struct err *err)
{
	struct write *w = arg;
	struct case_row c = { .id = w->r->case_id, .ref = w->r->case_ref,
	    .agency_id = w->r->agency_id };
	struct cooperation_event_row e;
	json_t *j = w->changes;

	w->changes = NULL;
	if ((w->insert ? store_cooperation_insert(ctx->store, w->r, err) :
	    store_cooperation_update(ctx->store, w->r, err)) == -1) {
		json_decref(j);
		return -1;
	}
	e = *w->event;
	e.request_id = w->r->id;
	if (store_cooperation_event_insert(ctx->store, &e, ctx->actor.user_id,
	    err) == -1) {
		json_decref(j);
		return -1;
	}
	json_object_set_new(j, "request", json_integer(w->r->id));
	return case__audit(ctx, w->action, &c, j, err);
}

/* Runs w in a transaction; what it did not take is released. */
static int
commit(struct ctx *ctx, struct write *w, struct err *err)
{
	int rc = ctx_transaction(ctx, write_all, w, err);

	json_decref(w->changes);
	return rc;
}

int
cooperation_create(struct ctx *ctx, const struct cooperation_input *in,
    struct cooperation_row *out, struct err *err)
{
	struct cooperation_event_row made = { .kind = COOP_EVENT_STATUS,
	    .channel = -1 };
	struct case_row c;
	char today[DATE_TEXT_SIZE], now[TIMESTAMP_TEXT_SIZE];

	*out = (struct cooperation_row){ 0 };
	if (allowed(ctx, in->ref, WRITE, &c, err) == -1)
		return -1;
	if (c.status != CASE_STATUS_OPEN)
		return err_set(err, ERR_CONFLICT, "ref", "case %s is closed: "
		    "cooperation requests are made from open cases", c.ref);
	if (check_input(ctx, in, out, err) == -1)
		return -1;
	date_now_timestamp(now);
	out->case_id = c.id;
	out->case_ref = c.ref;
	out->agency_id = c.agency_id;
	out->agency = c.agency_code;
	out->status = out->sent_on ? COOP_SENT : COOP_DRAFT;
	out->created_at = out->updated_at = arena_strdup(ctx->arena, now);
	out->created_by = ctx->actor.user_id;
	out->created_by_username = arena_strdup(ctx->arena,
	    ctx->actor.username);
	/* The history starts with the request as made: a draft today, or
	 * sent on its day. */
	case__today(today);
	made.status = out->status;
	made.on = out->sent_on ? out->sent_on : today;
	made.at = out->created_at;
	return commit(ctx, &(struct write){ .r = out, .insert = true,
	    .event = &made, .action = "cooperation.create",
	    .changes = changes(out, NULL) }, err);
}

/* The reason a move to "to" needs, checked; NULL when none is needed and
 * none given. */
static int
move_reason(struct ctx *ctx, enum cooperation_status to, const char *reason,
    const char **out, struct err *err)
{
	static const char *const why[COOP__MAX] = {
		[COOP_REFUSED] = "give the grounds the counterpart gave",
		[COOP_WITHDRAWN] = "say why the request is withdrawn",
		[COOP_PARTIALLY_ANSWERED] = "say what is still missing",
	};

	if (input_text(ctx, reason, INPUT_TEXT_MAX, TEXT_MULTILINE, "reason",
	    out, err) == -1)
		return -1;
	if (why[to] && !*out)
		return err_set(err, ERR_INVALID, "reason", "reason is missing: "
		    "%s", why[to]);
	return 0;
}

/* The channel of field, -1 when absent and not required. */
static int
channel(const char *s, bool needed, int *out, struct err *err)
{
	if (!needed && (!s || !*s)) {
		*out = -1;
		return 0;
	}
	if (!s || !*s)
		return err_set(err, ERR_INVALID, "channel", "channel is "
		    "missing: say how the counterpart was contacted (email, "
		    "diplomatic_note, letter, phone, meeting, liaison_officer "
		    "or other)");
	*out = input_enum(s, &cooperation_channel_desc, -1, "channel", err);
	return *out < 0 ? -1 : 0;
}

/* The later of two days, either NULL. */
static const char *
later(const char *a, const char *b)
{
	if (!a || (b && strcmp(b, a) > 0))
		return b;
	return a;
}

int
cooperation_move(struct ctx *ctx, int64_t id, const struct cooperation_move *m,
    struct cooperation_row *out, struct err *err)
{
	struct cooperation_event_row e = { .kind = COOP_EVENT_STATUS };
	const char *from, *due = NULL;
	struct case_row c;
	char today[DATE_TEXT_SIZE], now[TIMESTAMP_TEXT_SIZE];
	int to;

	if (load(ctx, id, WRITE, out, &c, err) == -1 ||
	    check_version(out, m->version, err) == -1)
		return -1;
	to = input_enum(m->status, &cooperation_status_desc, -1, "status",
	    err);
	if (to < 0)
		return -1;
	if (!cooperation_may_move(out->status, to))
		return err_set(err, ERR_CONFLICT, "status", "cooperation "
		    "request %" PRId64 " is %s: it cannot become %s", id,
		    enum_name(&cooperation_status_desc, out->status),
		    enum_name(&cooperation_status_desc, to));
	if (move_reason(ctx, to, m->reason, &e.note, err) == -1 ||
	    channel(m->channel, false, &e.channel, err) == -1)
		return -1;
	if (m->due_on && *m->due_on && to != COOP_SENT &&
	    to != COOP_ACKNOWLEDGED)
		return err_set(err, ERR_INVALID, "due_on", "due_on is set when "
		    "a request is sent or acknowledged, not when it is %s: "
		    "leave it out", enum_name(&cooperation_status_desc, to));
	/* The day of the move: not before the request went, nor before an
	 * earlier answer. */
	if (day(ctx, m->on, "on", true, later(out->sent_on,
	    out->answered_on), out->answered_on ? "the last answer" :
	    "the day it was sent", &e.on, err) == -1)
		return -1;
	/* Today is never before them: neither is in the future. */
	if (!e.on) {
		case__today(today);
		e.on = arena_strdup(ctx->arena, today);
	}
	if (to == COOP_SENT)
		out->sent_on = e.on;
	if (day(ctx, m->due_on, "due_on", false, out->sent_on,
	    "the day it was sent", &due, err) == -1)
		return -1;
	if (due)
		out->due_on = due;
	if (out->due_on && out->sent_on && strcmp(out->due_on,
	    out->sent_on) < 0)
		return err_set(err, ERR_INVALID, "due_on", "the request is due "
		    "on %s, before the day it is sent (%s): give a due day "
		    "with due_on", out->due_on, out->sent_on);
	if (to == COOP_ANSWERED || to == COOP_PARTIALLY_ANSWERED ||
	    to == COOP_REFUSED)
		out->answered_on = e.on;
	if (settled(to))
		out->next_follow_up = NULL;
	from = enum_name(&cooperation_status_desc, out->status);
	out->status = to;
	e.status = to;
	date_now_timestamp(now);
	out->updated_at = e.at = arena_strdup(ctx->arena, now);
	return commit(ctx, &(struct write){ .r = out, .event = &e,
	    .action = "cooperation.move", .changes = changes(out, from) },
	    err);
}

int
cooperation_follow_up(struct ctx *ctx, int64_t id,
    const struct cooperation_follow_up *f, struct cooperation_row *out,
    struct err *err)
{
	struct cooperation_event_row e = { .kind = COOP_EVENT_FOLLOW_UP };
	struct case_row c;
	char today[DATE_TEXT_SIZE], now[TIMESTAMP_TEXT_SIZE];
	json_t *j;

	if (load(ctx, id, WRITE, out, &c, err) == -1 ||
	    check_version(out, f->version, err) == -1)
		return -1;
	if (!waiting(out->status))
		return err_set(err, ERR_CONFLICT, "status", "cooperation "
		    "request %" PRId64 " is %s: follow-ups are for requests "
		    "waiting for an answer", id,
		    enum_name(&cooperation_status_desc, out->status));
	if (channel(f->channel, true, &e.channel, err) == -1 ||
	    day(ctx, f->on, "on", true, out->sent_on, "the day it was sent",
	    &e.on, err) == -1 ||
	    input_text(ctx, f->note, INPUT_TEXT_MAX, TEXT_MULTILINE, "note",
	    &e.note, err) == -1)
		return -1;
	if (!e.on) {
		case__today(today);
		e.on = arena_strdup(ctx->arena, today);
	}
	if (day(ctx, f->next, "next_follow_up", false, NULL, NULL,
	    &e.next_follow_up, err) == -1)
		return -1;
	if (e.next_follow_up && strcmp(e.next_follow_up, e.on) <= 0)
		return err_set(err, ERR_INVALID, "next_follow_up", "the next "
		    "follow-up (%s) is not after this one (%s): give a later "
		    "day, or none", e.next_follow_up, e.on);
	out->next_follow_up = e.next_follow_up;
	e.status = out->status;
	date_now_timestamp(now);
	out->updated_at = e.at = arena_strdup(ctx->arena, now);
	j = changes(out, NULL);
	json_object_set_new(j, "channel", json_string(enum_name(
	    &cooperation_channel_desc, e.channel)));
	json_object_set_new(j, "next_follow_up", opt(e.next_follow_up));
	return commit(ctx, &(struct write){ .r = out, .event = &e,
	    .action = "cooperation.follow_up", .changes = j }, err);
}

int
cooperation_show(struct ctx *ctx, int64_t id, struct cooperation_view *out,
    struct err *err)
{
	struct case_row c;

	*out = (struct cooperation_view){ 0 };
	if (load(ctx, id, READ, &out->r, &c, err) == -1)
		return -1;
	return store_cooperation_events(ctx->store, id, ctx->arena,
	    &out->events, &out->n_events, err);
}

int
cooperation_list(struct ctx *ctx, const struct cooperation_query *q,
    struct cooperation_row **rows, size_t *n, struct err *err)
{
	struct cooperation_filter f = { .status = -1, .kind = -1,
	    .due = q->due };
	struct case_row c;
	char today[DATE_TEXT_SIZE];
	const char *ref = q->ref && *q->ref ? q->ref : NULL;

	*rows = NULL;
	*n = 0;
	if (q->limit < 0 || q->limit > COOPERATION_LIST_MAX)
		return err_set(err, ERR_INVALID, "limit", "limit is out of "
		    "range: give 1 to %d", COOPERATION_LIST_MAX);
	f.limit = q->limit ? q->limit : COOPERATION_LIST_DEFAULT;
	if (allowed(ctx, ref, READ, &c, err) == -1)
		return -1;
	if (q->status && *q->status && (f.status = input_enum(q->status,
	    &cooperation_status_desc, -1, "status", err)) < 0)
		return -1;
	if (q->kind && *q->kind && (f.kind = input_enum(q->kind,
	    &cooperation_kind_desc, -1, "kind", err)) < 0)
		return -1;
	if (ref)
		f.case_id = c.id;
	else
		f.agency_id = ctx->actor.agency_id;
	case__today(today);
	f.today = today;
	return store_cooperation_list(ctx->store, &f, ctx->arena, rows, n,
	    err);
}

json_t *
cooperation_json(const struct cooperation_row *r)
{
	char today[DATE_TEXT_SIZE];

	case__today(today);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, "
	    "s:o, s:s, s:o, s:o, s:o, s:o, s:b, s:s, s:s, s:s, s:I}",
	    "id", (json_int_t)r->id, "case", r->case_ref, "agency", r->agency,
	    "kind", enum_name(&cooperation_kind_desc, r->kind), "direction",
	    enum_name(&cooperation_direction_desc, r->direction), "country",
	    r->country, "authority", r->authority, "legal_basis",
	    r->legal_basis, "subject", r->subject, "our_ref", opt(r->our_ref),
	    "their_ref", opt(r->their_ref), "status",
	    enum_name(&cooperation_status_desc, r->status), "sent_on",
	    opt(r->sent_on), "due_on", opt(r->due_on), "answered_on",
	    opt(r->answered_on), "next_follow_up", opt(r->next_follow_up),
	    "due", cooperation_due(r, today), "created_at", r->created_at,
	    "created_by", r->created_by_username, "updated_at", r->updated_at,
	    "version", (json_int_t)r->version);
}

json_t *
cooperation_view_json(const struct cooperation_view *v)
{
	json_t *j = cooperation_json(&v->r);
	json_t *history = json_array();

	for (size_t i = 0; i < v->n_events; i++) {
		const struct cooperation_event_row *e = &v->events[i];

		json_array_append_new(history, json_pack("{s:s, s:s, s:s, "
		    "s:o, s:o, s:o, s:s, s:s, s:s}", "kind",
		    enum_name(&cooperation_event_desc, e->kind), "status",
		    enum_name(&cooperation_status_desc, e->status), "on",
		    e->on, "channel", e->channel < 0 ? json_null() :
		    json_string(enum_name(&cooperation_channel_desc,
		    e->channel)), "note", opt(e->note), "next_follow_up",
		    opt(e->next_follow_up), "at", e->at, "by", e->by_username,
		    "agency", e->agency));
	}
	json_object_set_new(j, "history", history);
	return j;
}
