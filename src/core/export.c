/* SPDX-License-Identifier: Apache-2.0 */
/* export.c - an agency's cases, persons, steps and referrals as tables. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "base/util.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/case.h"
#include "core/ctx.h"
#include "core/engine.h"
#include "core/export.h"
#include "core/person.h"
#include "core/referral.h"
#include "core/steps.h"
#include "io/table.h"
#include "store/store.h"
#include "base/banned.h"

#define SCRATCH_ROWS	256
#define LIST_TEXT_MAX	4096

static const char *const what_names[EXPORT__MAX] = {
	"cases", "persons", "steps", "referrals",
};

/* What each export is audited as. */
static const struct audit_event exported[EXPORT__MAX] = {
	[EXPORT_CASES] = { .action = "export.cases" },
	[EXPORT_PERSONS] = { .action = "export.persons" },
	[EXPORT_STEPS] = { .action = "export.steps" },
	[EXPORT_REFERRALS] = { .action = "export.referrals" },
};

static const char *const case_header[] = {
	"source_id", "kind", "title", "summary", "sensitivity", "lead",
	"people", "ref", "status", "opened_at", "closed_at",
};

static const char *const person_header[] = {
	"source_id", "given", "father", "grandfather", "family", "aliases",
	"sex", "born", "born_estimated", "nationalities", "languages",
	"document_kind", "document_number", "document_country",
	"document_expires", "phone", "email",
};

static const char *const step_header[] = {
	"case_ref", "step", "phase", "state", "mandatory", "due_at",
	"done_at", "done_by",
};

static const char *const referral_header[] = {
	"id", "case_ref", "person_id", "provider", "service", "status",
	"consent_given_on", "consent_withdrawn_at", "created_at",
	"updated_at",
};

int
export_what_parse(const char *s, const char *field, enum export_what *out,
    struct err *err)
{
	for (int i = 0; i < EXPORT__MAX; i++)
		if (s && STREQ(s, what_names[i])) {
			*out = i;
			return 0;
		}
	return err_set(err, ERR_INVALID, field, "\"%.20s\" cannot be "
	    "exported: export cases, persons, steps or referrals",
	    s ? s : "");
}

struct out {
	struct ctx		*ctx;
	struct table_writer	*w;
	struct arena		*keep;
	struct arena		*scratch;
	long			 rows;
	long			 renewed;	/* rows when last renewed */
};

static int
put(struct out *o, const char *const *fields, size_t n, struct err *err)
{
	if (table_write_row(o->w, fields, n, err) == -1)
		return -1;
	o->rows++;
	return 0;
}

/*
 * Rows are made in a scratch arena, renewed between two records (a case,
 * a person) once enough rows were written: never under a record still
 * being read.
 */
static void
next_record(struct out *o)
{
	if (o->rows - o->renewed < SCRATCH_ROWS)
		return;
	arena_free(&o->scratch);
	o->scratch = arena_new();
	o->ctx->arena = o->scratch;
	o->renewed = o->rows;
}

static const char *
num(struct out *o, int64_t v)
{
	return v ? arena_printf(o->ctx->arena, "%" PRId64, v) : NULL;
}

/* ------------------------------------------------------------------ */

static int
case_people(struct out *o, const struct case_row *c, const char **out,
    struct err *err)
{
	struct case_person_row *links;
	struct buf b = BUF_INIT(LIST_TEXT_MAX);
	size_t n;

	if (store_case_person_list(o->ctx->store, c->id, o->ctx->arena,
	    &links, &n, err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%" PRId64 ":%s", i ? ";" : "",
		    links[i].person_id, case_role_name(links[i].role));
	*out = arena_strdup(o->ctx->arena, b.s);
	buf_release(&b);
	return 0;
}

static int
export_cases(struct out *o, const char *const *refs, size_t n,
    struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		struct case_row c;
		const char *people;

		next_record(o);
		if (case__find(o->ctx, refs[i], PERM_CASE_READ, &c,
		    err) == -1 || case_people(o, &c, &people, err) == -1)
			return -1;
		const char *f[] = { c.ref, case_kind_name(c.kind), c.title,
		    c.summary, enum_name(&sensitivity_desc, c.sensitivity),
		    c.lead_username, people, c.ref,
		    enum_name(&case_status_desc, c.status), c.opened_at,
		    c.closed_at };

		if (put(o, f, ARRAY_SIZE(f), err) == -1)
			return -1;
	}
	return 0;
}

/* The names of p but its primary one, each whole, ";"-separated. */
static const char *
aliases(struct out *o, const struct person_row *p)
{
	struct buf b = BUF_INIT(LIST_TEXT_MAX);
	const char *s;
	bool primary = false;

	for (size_t i = 0; i < p->n_names; i++) {
		const struct person_name *nm = &p->names[i];
		const char *parts[] = { nm->given, nm->father,
		    nm->grandfather, nm->family };
		bool first = true;

		if (nm->kind == NAME_KIND_PRIMARY && !primary) {
			primary = true;
			continue;
		}
		if (b.len)
			buf_adds(&b, ";");
		for (size_t k = 0; k < ARRAY_SIZE(parts); k++)
			if (parts[k] && *parts[k]) {
				buf_addf(&b, "%s%s", first ? "" : " ",
				    parts[k]);
				first = false;
			}
	}
	s = b.len ? arena_strdup(o->ctx->arena, b.s) : NULL;
	buf_release(&b);
	return s;
}

static const char *
codes(struct out *o, const char *const *list, size_t n)
{
	struct buf b = BUF_INIT(LIST_TEXT_MAX);
	const char *s;

	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? ";" : "", list[i]);
	s = arena_strdup(o->ctx->arena, b.s);
	buf_release(&b);
	return s;
}

static const char *
contact(const struct person_row *p, enum contact_kind kind)
{
	for (size_t i = 0; i < p->n_contacts; i++)
		if (p->contacts[i].kind == kind)
			return p->contacts[i].value;
	return NULL;
}

static int
export_persons(struct out *o, const int64_t *ids, size_t n, struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		static const struct person_name none;
		const struct person_name *nm = &none;
		const struct person_document *d = NULL;
		struct person_row p;
		const char *born = NULL;

		next_record(o);
		if (person__load(o->ctx, ids[i], &p, err) == -1)
			return -1;
		for (size_t k = 0; k < p.n_names; k++)
			if (p.names[k].kind == NAME_KIND_PRIMARY) {
				nm = &p.names[k];
				break;
			}
		if (p.birth_date)
			born = p.birth_date;
		else if (p.birth_year)
			born = arena_printf(o->ctx->arena, "%d",
			    p.birth_year);
		if (p.n_documents)
			d = &p.documents[0];
		const char *f[] = { num(o, p.id), nm->given, nm->father,
		    nm->grandfather, nm->family, aliases(o, &p),
		    enum_name(&sex_desc, p.sex), born,
		    p.birth_year_estimated ? "yes" : NULL,
		    codes(o, p.nationalities, p.n_nationalities),
		    codes(o, p.languages, p.n_languages),
		    d ? enum_name(&document_kind_desc, d->kind) : NULL,
		    d ? d->number : NULL, d ? d->country : NULL,
		    d ? d->expires_on : NULL,
		    contact(&p, CONTACT_KIND_PHONE),
		    contact(&p, CONTACT_KIND_EMAIL) };

		if (put(o, f, ARRAY_SIZE(f), err) == -1)
			return -1;
	}
	return 0;
}

static int
export_steps(struct out *o, const char *const *refs, size_t n,
    struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		struct case_steps cs;
		struct case_row c;

		next_record(o);
		if (case__find(o->ctx, refs[i], PERM_CASE_READ, &c,
		    err) == -1 || case__steps_of(o->ctx, &c, &cs, err) == -1)
			return -1;
		for (size_t k = 0; k < cs.r.n_steps; k++) {
			const struct step_status *s = &cs.r.steps[k];
			char due[TIMESTAMP_TEXT_SIZE] = "";

			if (s->due_at)
				date_seconds_format(s->due_at, due);
			const char *f[] = { c.ref, s->id, s->phase_id,
			    enum_name(&step_state_desc, s->state),
			    s->mandatory ? "yes" : "no", due,
			    s->event ? s->event->at : NULL,
			    s->event ? s->event->username : NULL };

			if (put(o, f, ARRAY_SIZE(f), err) == -1)
				return -1;
		}
	}
	return 0;
}

static int
export_referrals(struct out *o, const char *const *refs, size_t n,
    struct err *err)
{
	for (size_t i = 0; i < n; i++) {
		struct referral_row *rows;
		size_t nr;

		next_record(o);
		if (referral_list(o->ctx, &(struct referral_query){
		    .box = "out", .ref = refs[i], .limit = 500 }, &rows, &nr,
		    err) == -1)
			return -1;
		for (size_t k = 0; k < nr; k++) {
			const struct referral_row *r = &rows[k];
			const char *f[] = { num(o, r->id), refs[i],
			    num(o, r->person_id), r->provider_code,
			    enum_name(&service_desc, r->service),
			    enum_name(&referral_status_desc, r->status),
			    r->consent.given_on, r->consent.withdrawn_at,
			    r->created_at, r->updated_at };

			if (put(o, f, ARRAY_SIZE(f), err) == -1)
				return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */

static int
header(struct out *o, enum export_what what, struct err *err)
{
	static const struct {
		const char *const	*names;
		size_t			 n;
	} headers[EXPORT__MAX] = {
		{ case_header, ARRAY_SIZE(case_header) },
		{ person_header, ARRAY_SIZE(person_header) },
		{ step_header, ARRAY_SIZE(step_header) },
		{ referral_header, ARRAY_SIZE(referral_header) },
	};

	return table_write_row(o->w, headers[what].names, headers[what].n,
	    err);
}

int
export_run(struct ctx *ctx, enum export_what what, struct table_writer *w,
    long *rows, struct err *err)
{
	struct out o = { .ctx = ctx, .w = w, .keep = ctx->arena };
	const char **refs = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	json_t *changes;
	int rc = -1;

	*rows = 0;
	if (access_require(ctx, PERM_DATA_EXPORT, err) == -1)
		return -1;
	if (what == EXPORT_PERSONS) {
		if (access_require(ctx, PERM_IDENTITY_READ, err) == -1 ||
		    store_export_persons(ctx->store, ctx->actor.agency_id,
		    ctx->arena, &ids, &n, err) == -1)
			return -1;
	} else if (store_export_cases(ctx->store, ctx->actor.agency_id,
	    ctx->arena, &refs, &n, err) == -1) {
		return -1;
	}
	if (header(&o, what, err) == -1)
		return -1;
	o.scratch = arena_new();
	ctx->arena = o.scratch;
	switch (what) {
	case EXPORT_CASES:
		rc = export_cases(&o, refs, n, err);
		break;
	case EXPORT_PERSONS:
		rc = export_persons(&o, ids, n, err);
		break;
	case EXPORT_STEPS:
		rc = export_steps(&o, refs, n, err);
		break;
	default:
		rc = export_referrals(&o, refs, n, err);
		break;
	}
	ctx->arena = o.keep;
	arena_free(&o.scratch);
	if (rc == -1)
		return -1;
	*rows = o.rows;
	changes = json_pack("{s:I}", "rows", (json_int_t)o.rows);
	if (what == EXPORT_PERSONS && n)
		json_object_set_new(changes, "ids", json_pack("[I, I]",
		    (json_int_t)ids[0], (json_int_t)ids[n - 1]));
	rc = audit_append(ctx, &(struct audit_event){
	    .action = exported[what].action,
	    .object_type = "agency", .object_id = arena_printf(ctx->arena,
	    "%" PRId64, ctx->actor.agency_id),
	    .agency_id = ctx->actor.agency_id, .changes = changes }, err);
	json_decref(changes);
	return rc;
}
