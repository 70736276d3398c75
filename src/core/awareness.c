/* SPDX-License-Identifier: Apache-2.0 */
/* awareness.c - awareness sessions: recorded, corrected, listed, shown. */
#include <inttypes.h>
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
#include "core/awareness.h"
#include "core/ctx.h"
#include "core/input.h"
#include "core/sheets.h"
#include "model/json.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

const char *const awareness_count_names[AWARENESS_COUNT__MAX] = {
	[AWARENESS_FEMALE_CHILDREN] = "female_children",
	[AWARENESS_FEMALE_ADULTS] = "female_adults",
	[AWARENESS_MALE_CHILDREN] = "male_children",
	[AWARENESS_MALE_ADULTS] = "male_adults",
};

int64_t
awareness_total(const struct awareness_row *s)
{
	int64_t n = 0;

	for (int c = 0; c < AWARENESS_COUNT__MAX; c++)
		n += s->counts[c];
	return n;
}

static int
awareness_audit(struct ctx *ctx, const char *action, int64_t id,
    json_t *changes, struct err *err)
{
	int rc = audit_append(ctx, &(struct audit_event){ .action = action,
	    .object_type = "awareness_session", .object_id =
	    arena_printf(ctx->arena, "%" PRId64, id), .agency_id =
	    ctx->actor.agency_id, .changes = changes }, err);

	json_decref(changes);
	return rc;
}

static int
by_text(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
by_code(const void *a, const void *b)
{
	return strcmp(((const struct awareness_organiser *)a)->code,
	    ((const struct awareness_organiser *)b)->code);
}

/* The organisers as typed, checked, with the actor's agency among them,
 * sorted by code. */
static int
check_organisers(struct ctx *ctx, const struct awareness_input *in,
    struct awareness_row *s, struct err *err)
{
	struct awareness_organiser *o;
	size_t n = 0;
	bool own = false;

	if (in->n_organisers > AWARENESS_MAX_ORGANISERS)
		return err_set(err, ERR_INVALID, "organisers", "%zu organisers: "
		    "name at most %d agencies", in->n_organisers,
		    AWARENESS_MAX_ORGANISERS);
	o = arena_array(ctx->arena, in->n_organisers + 1, sizeof(*o));
	for (size_t i = 0; i < in->n_organisers; i++) {
		const char *code = in->organisers[i] ? in->organisers[i] : "";
		struct agency_row ag;

		if (store_agency_by_code(ctx->store, code, ctx->arena, &ag,
		    err) == -1) {
			if (err->code != ERR_NOT_FOUND)
				return -1;
			return err_set(err, ERR_INVALID, "organisers", "organiser "
			    "\"%.32s\" is not an agency of this store: give "
			    "agency codes, like KRI-MRC", code);
		}
		for (size_t j = 0; j < n; j++)
			if (o[j].agency_id == ag.id)
				return err_set(err, ERR_INVALID, "organisers",
				    "organiser %s is named twice: name each "
				    "agency once", ag.code);
		own = own || ag.id == ctx->actor.agency_id;
		o[n++] = (struct awareness_organiser){ ag.id, ag.code };
	}
	if (!own) {
		struct agency_row ag;

		if (store_agency_by_id(ctx->store, ctx->actor.agency_id,
		    ctx->arena, &ag, err) == -1)
			return -1;
		if (n == AWARENESS_MAX_ORGANISERS)
			return err_set(err, ERR_INVALID, "organisers", "%zu "
			    "organisers and your agency: name at most %d "
			    "agencies, yours among them", n,
			    AWARENESS_MAX_ORGANISERS);
		o[n++] = (struct awareness_organiser){ ag.id, ag.code };
	}
	qsort(o, n, sizeof(*o), by_code);
	s->organisers = o;
	s->n_organisers = n;
	return 0;
}

/* The materials: ids of the sheets tipsom ships, each once, sorted. */
static int
check_materials(struct ctx *ctx, const struct awareness_input *in,
    struct awareness_row *s, struct err *err)
{
	const char **m;

	if (in->n_materials > AWARENESS_MAX_MATERIALS)
		return err_set(err, ERR_INVALID, "materials", "%zu materials: "
		    "name at most %d sheets", in->n_materials,
		    AWARENESS_MAX_MATERIALS);
	if (sheet_check_ids(in->materials, in->n_materials, "materials",
	    err) == -1)
		return -1;
	m = arena_array(ctx->arena, in->n_materials + 1, sizeof(*m));
	for (size_t i = 0; i < in->n_materials; i++)
		m[i] = arena_strdup(ctx->arena, in->materials[i]);
	qsort(m, in->n_materials, sizeof(*m), by_text);
	s->materials = m;
	s->n_materials = in->n_materials;
	return 0;
}

static int
check_day(struct ctx *ctx, const char *s, struct awareness_row *row,
    struct err *err)
{
	struct date d, today;
	char text[DATE_TEXT_SIZE];
	bool present;

	if (input_date(s, "held_on", &d, &present, err) == -1)
		return -1;
	if (!present)
		return err_set(err, ERR_INVALID, "held_on", "held_on is "
		    "missing: give the day of the session, YYYY-MM-DD");
	date_today(&today);
	if (date_cmp(&d, &today) > 0)
		return err_set(err, ERR_INVALID, "held_on", "held_on %s is in "
		    "the future: record a session once it was held", s);
	date_format(&d, text);
	row->held_on = arena_strdup(ctx->arena, text);
	return 0;
}

/*
 * Applies in to *s: every field when adding (required ones must be
 * there), those given when editing.  Nothing is written.
 */
static int
apply(struct ctx *ctx, const struct awareness_input *in, bool edit,
    struct awareness_row *s, struct err *err)
{
	int v;

	if (in->kind || !edit) {
		if ((v = input_enum(in->kind, &awareness_kind_desc, -1, "kind",
		    err)) == -1)
			return -1;
		s->kind = (enum awareness_kind)v;
	}
	if ((in->held_on || !edit) && check_day(ctx, in->held_on, s,
	    err) == -1)
		return -1;
	if ((in->place || !edit) && input_text(ctx, in->place, INPUT_NAME_MAX,
	    TEXT_REQUIRED, "place", &s->place, err) == -1)
		return -1;
	if ((in->region || !edit) && input_text(ctx, in->region,
	    INPUT_NAME_MAX, TEXT_REQUIRED, "region", &s->region, err) == -1)
		return -1;
	if (in->audience || !edit) {
		if ((v = input_enum(in->audience, &audience_desc, -1,
		    "audience", err)) == -1)
			return -1;
		s->audience = (enum audience)v;
	}
	for (int c = 0; c < AWARENESS_COUNT__MAX; c++) {
		const char *typed = in->counts[c];
		long long n;

		if (!typed || (!*typed && !edit))
			continue;
		if (text_parse_int(typed, 0, AWARENESS_COUNT_MAX, &n) == -1)
			return err_set(err, ERR_INVALID, awareness_count_names[c],
			    "%s \"%.20s\" is not a count: give a whole number "
			    "from 0 to %d", awareness_count_names[c], typed,
			    AWARENESS_COUNT_MAX);
		s->counts[c] = (int)n;
	}
	if (awareness_total(s) == 0)
		return err_set(err, ERR_INVALID, "counts", "nobody is counted: "
		    "give how many came, by sex and age group (female_children, "
		    "female_adults, male_children, male_adults)");
	if ((in->organisers_given || !edit) &&
	    check_organisers(ctx, in, s, err) == -1)
		return -1;
	if ((in->materials_given || !edit) &&
	    check_materials(ctx, in, s, err) == -1)
		return -1;
	if (in->materials_other || !edit) {
		if (input_text(ctx, in->materials_other, AWARENESS_OTHER_MAX, 0,
		    "materials_other", &s->materials_other, err) == -1)
			return -1;
		if (!s->materials_other)
			s->materials_other = "";
	}
	if ((in->feedback || !edit) && input_text(ctx, in->feedback,
	    AWARENESS_FEEDBACK_MAX, TEXT_MULTILINE, "feedback", &s->feedback,
	    err) == -1)
		return -1;
	return 0;
}

static int
open_feedback(struct ctx *ctx, struct awareness_row *s, struct err *err)
{
	if (s->feedback && !(s->feedback = vault_field_open(ctx->vault,
	    ctx->arena, AWARENESS_FEEDBACK_FIELD, s->feedback, err)))
		return -1;
	return 0;
}

static json_t *
codes_json(const struct awareness_row *s)
{
	json_t *a = json_array();

	for (size_t i = 0; i < s->n_organisers; i++)
		json_array_append_new(a, json_string(s->organisers[i].code));
	return a;
}

static json_t *
strings_json(const char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

struct write {
	struct awareness_row	*s;
	bool			 edit;
	json_t			*changes;	/* stolen by the audit */
};

static int
write_session(struct ctx *ctx, void *arg, struct err *err)
{
	struct write *w = arg;
	struct awareness_row sealed = *w->s;
	int rc;

	/* The row keeps the plain feedback for the caller. */
	if (w->s->feedback && !(sealed.feedback = vault_field_seal(ctx->vault,
	    ctx->arena, AWARENESS_FEEDBACK_FIELD, w->s->feedback, err)))
		return -1;
	if (w->s->id == 0)
		rc = store_awareness_insert(ctx->store, &sealed,
		    ctx->actor.user_id, err);
	else
		rc = store_awareness_update(ctx->store, &sealed, err);
	if (rc == 1)
		return err_set(err, ERR_CONFLICT, "version", "session %" PRId64
		    " was corrected meanwhile: look at it again",
		    w->s->id);
	if (rc == -1)
		return -1;
	w->s->id = sealed.id;
	w->s->version = sealed.version;
	if (store_awareness_set_links(ctx->store, w->s, err) == -1)
		return -1;
	json_object_set_new(w->changes, "version",
	    json_integer((json_int_t)w->s->version));
	rc = w->edit ? awareness_audit(ctx, "awareness.edit", w->s->id,
	    w->changes, err) : awareness_audit(ctx, "awareness.add",
	    w->s->id, w->changes, err);
	w->changes = NULL;
	return rc;
}

int
awareness_add(struct ctx *ctx, const struct awareness_input *in,
    struct awareness_row *out, struct err *err)
{
	struct write w = { out, false, NULL };
	char now[TIMESTAMP_TEXT_SIZE];

	*out = (struct awareness_row){ .agency_id = ctx->actor.agency_id };
	if (access_require(ctx, PERM_OUTREACH_RECORD, err) == -1 ||
	    apply(ctx, in, false, out, err) == -1)
		return -1;
	date_now_timestamp(now);
	out->created_at = out->updated_at = arena_strdup(ctx->arena, now);
	/* What was held where, for whom and how many: no feedback, no
	 * place. */
	w.changes = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "kind",
	    enum_name(&awareness_kind_desc, (int)out->kind), "held_on",
	    out->held_on, "region", out->region, "audience",
	    enum_name(&audience_desc, (int)out->audience), "total",
	    (json_int_t)awareness_total(out), "organisers", codes_json(out),
	    "materials", strings_json(out->materials, out->n_materials));
	if (ctx_transaction(ctx, write_session, &w, err) == -1) {
		json_decref(w.changes);
		return -1;
	}
	return awareness_show(ctx, out->id, out, err);
}

/* Whether the actor's agency recorded or organised s. */
static bool
visible(const struct ctx *ctx, const struct awareness_row *s)
{
	if (s->agency_id == ctx->actor.agency_id)
		return true;
	for (size_t i = 0; i < s->n_organisers; i++)
		if (s->organisers[i].agency_id == ctx->actor.agency_id)
			return true;
	return false;
}

int
awareness_show(struct ctx *ctx, int64_t id, struct awareness_row *out,
    struct err *err)
{
	*out = (struct awareness_row){ 0 };
	if (access_require(ctx, PERM_OUTREACH_RECORD, err) == -1)
		return -1;
	if (store_awareness_get(ctx->store, id, ctx->arena, out, err) == -1 ||
	    !visible(ctx, out)) {
		if (err->code == ERR_NOT_FOUND || err->code == ERR_OK)
			err_set(err, ERR_NOT_FOUND, "id", "no awareness session "
			    "%" PRId64 " of your agency: see tipsom awareness "
			    "list", id);
		return -1;
	}
	return open_feedback(ctx, out, err);
}

static bool
same_text(const char *a, const char *b)
{
	return STREQ(a ? a : "", b ? b : "");
}

/* The names of the fields that differ between a and b. */
static json_t *
changed_fields(const struct awareness_row *a, const struct awareness_row *b)
{
	json_t *f = json_array();
	bool organisers = a->n_organisers != b->n_organisers;
	bool materials = a->n_materials != b->n_materials;

	if (a->kind != b->kind)
		json_array_append_new(f, json_string("kind"));
	if (!same_text(a->held_on, b->held_on))
		json_array_append_new(f, json_string("held_on"));
	if (!same_text(a->place, b->place))
		json_array_append_new(f, json_string("place"));
	if (!same_text(a->region, b->region))
		json_array_append_new(f, json_string("region"));
	if (a->audience != b->audience)
		json_array_append_new(f, json_string("audience"));
	for (int c = 0; c < AWARENESS_COUNT__MAX; c++)
		if (a->counts[c] != b->counts[c])
			json_array_append_new(f,
			    json_string(awareness_count_names[c]));
	for (size_t i = 0; !organisers && i < a->n_organisers; i++)
		organisers = a->organisers[i].agency_id !=
		    b->organisers[i].agency_id;
	if (organisers)
		json_array_append_new(f, json_string("organisers"));
	for (size_t i = 0; !materials && i < a->n_materials; i++)
		materials = !STREQ(a->materials[i], b->materials[i]);
	if (materials)
		json_array_append_new(f, json_string("materials"));
	if (!same_text(a->materials_other, b->materials_other))
		json_array_append_new(f, json_string("materials_other"));
	if (!same_text(a->feedback, b->feedback))
		json_array_append_new(f, json_string("feedback"));
	return f;
}

int
awareness_edit(struct ctx *ctx, int64_t id, int64_t version,
    const struct awareness_input *in, struct awareness_row *out,
    struct err *err)
{
	struct awareness_row was;
	struct write w = { out, true, NULL };
	char now[TIMESTAMP_TEXT_SIZE];
	json_t *fields;

	if (awareness_show(ctx, id, &was, err) == -1)
		return -1;
	if (was.agency_id != ctx->actor.agency_id)
		return err_set(err, ERR_FORBIDDEN, "id", "session %" PRId64
		    " was recorded by %s: its staff correct it", id,
		    was.agency);
	if (version != was.version)
		return err_set(err, ERR_CONFLICT, "version", "session %" PRId64
		    " was corrected meanwhile (version %" PRId64 ", not %"
		    PRId64 "): look at it again", id, was.version, version);
	*out = was;
	if (apply(ctx, in, true, out, err) == -1)
		return -1;
	fields = changed_fields(&was, out);
	if (json_array_size(fields) == 0) {
		json_decref(fields);
		return err_set(err, ERR_INVALID, "id", "nothing to correct: "
		    "give the fields that change");
	}
	date_now_timestamp(now);
	out->updated_at = arena_strdup(ctx->arena, now);
	w.changes = json_pack("{s:o}", "fields", fields);
	if (ctx_transaction(ctx, write_session, &w, err) == -1) {
		json_decref(w.changes);
		return -1;
	}
	return awareness_show(ctx, id, out, err);
}

static int
filter_day(struct ctx *ctx, const char *s, const char *field,
    const char **out, struct err *err)
{
	struct date d;
	char text[DATE_TEXT_SIZE];
	bool present;

	*out = NULL;
	if (input_date(s, field, &d, &present, err) == -1)
		return -1;
	if (present) {
		date_format(&d, text);
		*out = arena_strdup(ctx->arena, text);
	}
	return 0;
}

int
awareness_list(struct ctx *ctx, const struct awareness_filter *f,
    int limit, int offset, struct awareness_row **rows, size_t *n,
    struct err *err)
{
	const char *from, *to, *region;

	*rows = NULL;
	*n = 0;
	if (access_require(ctx, PERM_OUTREACH_RECORD, err) == -1 ||
	    filter_day(ctx, f->from, "from", &from, err) == -1 ||
	    filter_day(ctx, f->to, "to", &to, err) == -1 ||
	    input_text(ctx, f->region, INPUT_NAME_MAX, 0, "region", &region,
	    err) == -1)
		return -1;
	if (from && to && strcmp(from, to) > 0)
		return err_set(err, ERR_INVALID, "to", "to %s is before from "
		    "%s: give a period that ends after it begins", to, from);
	if (store_awareness_list(ctx->store, ctx->actor.agency_id, from, to,
	    region, limit > 0 ? limit : 50, offset, ctx->arena, rows, n,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < *n; i++)
		if (open_feedback(ctx, &(*rows)[i], err) == -1)
			return -1;
	return 0;
}

json_t *
awareness_json(const struct awareness_row *s)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:o, "
	    "s:o, s:s, s:o, s:s, s:s, s:I}", "id", (json_int_t)s->id,
	    "agency", s->agency ? s->agency : "", "kind",
	    enum_name(&awareness_kind_desc, (int)s->kind), "held_on",
	    s->held_on, "place", s->place, "region", s->region, "audience",
	    enum_name(&audience_desc, (int)s->audience), "total",
	    (json_int_t)awareness_total(s), "organisers", codes_json(s),
	    "materials", strings_json(s->materials, s->n_materials),
	    "materials_other", s->materials_other ? s->materials_other : "",
	    "feedback", json_string_or_null(s->feedback), "created_at",
	    s->created_at, "updated_at", s->updated_at, "version",
	    (json_int_t)s->version);

	for (int c = 0; c < AWARENESS_COUNT__MAX; c++)
		json_object_set_new(o, awareness_count_names[c],
		    json_integer(s->counts[c]));
	return o;
}
