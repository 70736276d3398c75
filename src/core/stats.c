/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stats.c - national statistics (stats.h): the populations read from the
 * store and the SOP engine, counted, small cells suppressed.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/ctx.h"
#include "core/stats.h"
#include "core/steps.h"
#include "store/store.h"
#include "base/banned.h"

static const char *const dim_names[STATS_DIM__MAX] = {
	[STATS_DIM_SEX] = "sex",
	[STATS_DIM_AGE_GROUP] = "age_group",
	[STATS_DIM_NATIONALITY] = "nationality",
	[STATS_DIM_FORM] = "form_of_exploitation",
	[STATS_DIM_ROUTE] = "route",
	[STATS_DIM_YEAR] = "year",
	[STATS_DIM_AGENCY] = "agency",
	[STATS_DIM_ROLE] = "role",
	[STATS_DIM_CASE_KIND] = "case_kind",
	[STATS_DIM_STAGE] = "stage",
	[STATS_DIM_SERVICE] = "service",
	[STATS_DIM_STATUS] = "status",
	[STATS_DIM_STEP_OUTCOME] = "step_outcome",
	[STATS_DIM_REGION] = "region",
	[STATS_DIM_AUDIENCE] = "audience",
	[STATS_DIM_SESSION_KIND] = "session_kind",
	[STATS_DIM_SITUATION] = "situation",
	[STATS_DIM_TOPIC] = "topic",
	[STATS_DIM_RISK] = "risk",
	[STATS_DIM_DESTINATION] = "destination",
};

static const char *const pop_names[STATS_POP__MAX] = {
	[STATS_POP_VICTIMS] = "victims",
	[STATS_POP_MIGRANTS] = "smuggled_migrants",
	[STATS_POP_SUSPECTS] = "suspects",
	[STATS_POP_CASES] = "cases",
	[STATS_POP_REFERRALS] = "referrals",
	[STATS_POP_STEPS] = "sop_steps",
	[STATS_POP_OUTREACH] = "outreach",
	[STATS_POP_AWARENESS] = "awareness_sessions",
	[STATS_POP_COUNSELLED] = "counselled",
};

#define D(d)	(1u << (d))

/* The dimensions each population has. */
static const unsigned pop_dims[STATS_POP__MAX] = {
	[STATS_POP_VICTIMS] = D(STATS_DIM_SEX) | D(STATS_DIM_AGE_GROUP) |
	    D(STATS_DIM_NATIONALITY) | D(STATS_DIM_FORM) | D(STATS_DIM_YEAR) |
	    D(STATS_DIM_AGENCY) | D(STATS_DIM_ROLE),
	[STATS_POP_MIGRANTS] = D(STATS_DIM_SEX) | D(STATS_DIM_AGE_GROUP) |
	    D(STATS_DIM_NATIONALITY) | D(STATS_DIM_ROUTE) | D(STATS_DIM_YEAR) |
	    D(STATS_DIM_AGENCY),
	[STATS_POP_SUSPECTS] = D(STATS_DIM_SEX) | D(STATS_DIM_AGE_GROUP) |
	    D(STATS_DIM_NATIONALITY) | D(STATS_DIM_YEAR) |
	    D(STATS_DIM_AGENCY) | D(STATS_DIM_ROLE),
	[STATS_POP_CASES] = D(STATS_DIM_CASE_KIND) | D(STATS_DIM_STAGE) |
	    D(STATS_DIM_YEAR) | D(STATS_DIM_AGENCY),
	[STATS_POP_REFERRALS] = D(STATS_DIM_SERVICE) | D(STATS_DIM_STATUS) |
	    D(STATS_DIM_YEAR) | D(STATS_DIM_AGENCY),
	[STATS_POP_STEPS] = D(STATS_DIM_STEP_OUTCOME) | D(STATS_DIM_AGENCY) |
	    D(STATS_DIM_YEAR),
	[STATS_POP_OUTREACH] = D(STATS_DIM_SEX) | D(STATS_DIM_AGE_GROUP) |
	    D(STATS_DIM_REGION) | D(STATS_DIM_AUDIENCE) |
	    D(STATS_DIM_SESSION_KIND) | D(STATS_DIM_YEAR) |
	    D(STATS_DIM_AGENCY),
	[STATS_POP_AWARENESS] = D(STATS_DIM_SESSION_KIND) |
	    D(STATS_DIM_REGION) | D(STATS_DIM_AUDIENCE) | D(STATS_DIM_YEAR) |
	    D(STATS_DIM_AGENCY),
	[STATS_POP_COUNSELLED] = D(STATS_DIM_SEX) | D(STATS_DIM_AGE_GROUP) |
	    D(STATS_DIM_SITUATION) | D(STATS_DIM_TOPIC) | D(STATS_DIM_RISK) |
	    D(STATS_DIM_DESTINATION) | D(STATS_DIM_YEAR) |
	    D(STATS_DIM_AGENCY),
};

/* Counts of an agency's work, not of people, are not suppressed. */
static const bool pop_suppressible[STATS_POP__MAX] = {
	[STATS_POP_VICTIMS] = true,
	[STATS_POP_MIGRANTS] = true,
	[STATS_POP_SUSPECTS] = true,
	[STATS_POP_CASES] = true,
	[STATS_POP_REFERRALS] = true,
	[STATS_POP_OUTREACH] = true,
	[STATS_POP_COUNSELLED] = true,
};

/* The tables shown when no breakdown is asked for: one dimension each,
 * but for the two cross-tabs listed as pairs. */
static const struct {
	enum stats_pop	 pop;
	enum stats_dim	 dims[2];
	size_t		 n;
} defaults[] = {
	{ STATS_POP_VICTIMS, { STATS_DIM_SEX }, 1 },
	{ STATS_POP_VICTIMS, { STATS_DIM_AGE_GROUP }, 1 },
	{ STATS_POP_VICTIMS, { STATS_DIM_NATIONALITY }, 1 },
	{ STATS_POP_VICTIMS, { STATS_DIM_FORM }, 1 },
	{ STATS_POP_VICTIMS, { STATS_DIM_ROLE }, 1 },
	{ STATS_POP_VICTIMS, { STATS_DIM_YEAR }, 1 },
	{ STATS_POP_MIGRANTS, { STATS_DIM_ROUTE }, 1 },
	{ STATS_POP_MIGRANTS, { STATS_DIM_NATIONALITY }, 1 },
	{ STATS_POP_MIGRANTS, { STATS_DIM_SEX }, 1 },
	{ STATS_POP_MIGRANTS, { STATS_DIM_AGE_GROUP }, 1 },
	{ STATS_POP_SUSPECTS, { STATS_DIM_ROLE }, 1 },
	{ STATS_POP_SUSPECTS, { STATS_DIM_SEX }, 1 },
	{ STATS_POP_SUSPECTS, { STATS_DIM_NATIONALITY }, 1 },
	{ STATS_POP_CASES, { STATS_DIM_STAGE }, 1 },
	{ STATS_POP_CASES, { STATS_DIM_CASE_KIND }, 1 },
	{ STATS_POP_REFERRALS, { STATS_DIM_SERVICE }, 1 },
	{ STATS_POP_REFERRALS, { STATS_DIM_SERVICE, STATS_DIM_STATUS }, 2 },
	{ STATS_POP_STEPS, { STATS_DIM_AGENCY, STATS_DIM_STEP_OUTCOME }, 2 },
	{ STATS_POP_OUTREACH, { STATS_DIM_REGION }, 1 },
	{ STATS_POP_OUTREACH, { STATS_DIM_AUDIENCE }, 1 },
	{ STATS_POP_OUTREACH, { STATS_DIM_SEX, STATS_DIM_AGE_GROUP }, 2 },
	{ STATS_POP_AWARENESS, { STATS_DIM_SESSION_KIND }, 1 },
	{ STATS_POP_COUNSELLED, { STATS_DIM_SITUATION }, 1 },
	{ STATS_POP_COUNSELLED, { STATS_DIM_TOPIC }, 1 },
	{ STATS_POP_COUNSELLED, { STATS_DIM_RISK }, 1 },
	{ STATS_POP_COUNSELLED, { STATS_DIM_DESTINATION }, 1 },
};

const char *
stats_dim_name(enum stats_dim d)
{
	return d < STATS_DIM__MAX ? dim_names[d] : "?";
}

const char *
stats_pop_name(enum stats_pop p)
{
	return p < STATS_POP__MAX ? pop_names[p] : "?";
}

/* ------------------------------------------------------------------ */
/* Counting, and small cells (no store)                                */
/* ------------------------------------------------------------------ */

/* A value never recorded: no stage of justice reached is "none". */
static const char *
unrecorded(enum stats_dim d)
{
	return d == STATS_DIM_STAGE ? "none" : "unknown";
}

/* The comma-separated values of s, at least one, in a. */
static size_t
split(struct arena *a, const char *s, enum stats_dim d, const char ***out)
{
	size_t n = 1, i = 0;
	const char *p, *comma;

	if (!s || !*s) {
		*out = arena_array(a, 1, sizeof(**out));
		(*out)[0] = unrecorded(d);
		return 1;
	}
	for (p = s; *p; p++)
		n += *p == ',';
	*out = arena_array(a, n, sizeof(**out));
	for (p = s; (comma = strchr(p, ',')); p = comma + 1)
		(*out)[i++] = arena_strndup(a, p, (size_t)(comma - p));
	(*out)[i] = arena_strdup(a, p);
	return n;
}

struct tally {
	const char	*key;		/* values joined by \x1f */
	int64_t		 weight;
};

static int
by_key(const void *pa, const void *pb)
{
	return strcmp(((const struct tally *)pa)->key,
	    ((const struct tally *)pb)->key);
}

static int
by_values(const struct stats_cell *a, const struct stats_cell *b)
{
	for (size_t i = 0; a->values[i] && b->values[i]; i++) {
		int c = strcmp(a->values[i], b->values[i]);

		if (c)
			return c;
	}
	return 0;
}

static int
by_values_q(const void *pa, const void *pb)
{
	return by_values(pa, pb);
}

/* The shown first, the largest first; the suppressed after, by value, so
 * that their order tells nothing of their counts. */
static int
largest_first(const void *pa, const void *pb)
{
	const struct stats_cell *a = pa, *b = pb;

	if (a->suppressed != b->suppressed)
		return a->suppressed ? 1 : -1;
	if (!a->suppressed && a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return by_values(a, b);
}

static void
order_cells(struct stats_table *t)
{
	if (t->n_cells < 2)
		return;
	qsort(t->cells, t->n_cells, sizeof(*t->cells),
	    t->n_dims && t->dims[0] == STATS_DIM_YEAR ? by_values_q :
	    largest_first);
}

/* Appends the keys of unit u (the product of its values) to *keys. */
static void
unit_keys(struct arena *a, const struct stats_unit *u,
    const enum stats_dim *dims, size_t n_dims, struct tally **keys,
    size_t *n, size_t *cap)
{
	const char **vals[STATS_BY_MAX];
	size_t nv[STATS_BY_MAX], at[STATS_BY_MAX] = { 0 };
	int64_t w = u->weight ? u->weight : 1;

	for (size_t d = 0; d < n_dims; d++)
		nv[d] = split(a, u->v[dims[d]], dims[d], &vals[d]);
	for (;;) {
		char *key = NULL;
		size_t d;

		for (d = 0; d < n_dims; d++)
			key = d ? arena_printf(a, "%s\x1f%s", key,
			    vals[d][at[d]]) : arena_strdup(a, vals[d][at[d]]);
		if (*n == *cap)
			*keys = arena_grow(a, *keys, *n, cap, *n + 1,
			    sizeof(**keys));
		(*keys)[(*n)++] = (struct tally){ key ? key : "", w };
		/* The next combination, the last dimension fastest. */
		for (d = n_dims; d > 0; d--) {
			if (++at[d - 1] < nv[d - 1])
				break;
			at[d - 1] = 0;
		}
		if (d == 0)
			return;
	}
}

void
stats_tabulate(struct arena *a, const struct stats_unit *u, size_t n,
    const enum stats_dim *dims, size_t n_dims, struct stats_table *t)
{
	struct tally *keys = NULL;
	size_t nk = 0, cap = 0;

	assert(n_dims >= 1 && n_dims <= STATS_BY_MAX);
	t->n_dims = n_dims;
	memcpy(t->dims, dims, n_dims * sizeof(*dims));
	t->total = 0;
	t->n_cells = 0;
	t->cells = NULL;
	for (size_t i = 0; i < n; i++) {
		t->total += u[i].weight ? u[i].weight : 1;
		unit_keys(a, &u[i], dims, n_dims, &keys, &nk, &cap);
	}
	if (nk)
		qsort(keys, nk, sizeof(*keys), by_key);
	t->cells = arena_array(a, nk + 1, sizeof(*t->cells));
	for (size_t i = 0; i < nk; i++) {
		struct stats_cell *c;

		if (i && STREQ(keys[i].key, keys[i - 1].key)) {
			t->cells[t->n_cells - 1].count += keys[i].weight;
			continue;
		}
		c = &t->cells[t->n_cells++];
		c->count = keys[i].weight;
		c->values = arena_array(a, n_dims + 1, sizeof(*c->values));
		for (size_t d = 0, at = 0; d < n_dims; d++) {
			size_t len = strcspn(keys[i].key + at, "\x1f");

			c->values[d] = arena_strndup(a, keys[i].key + at, len);
			at += len + 1;
		}
	}
	order_cells(t);
}

/* Whether cells a and b are alike in every dimension but d. */
static bool
alike_but(const struct stats_table *t, const struct stats_cell *a,
    const struct stats_cell *b, size_t d)
{
	for (size_t i = 0; i < t->n_dims; i++)
		if (i != d && !STREQ(a->values[i], b->values[i]))
			return false;
	return true;
}

/* Rule 2 for the line of cell i along dimension d: true when it had to
 * suppress another cell. */
static bool
complement(struct stats_table *t, size_t i, size_t d)
{
	struct stats_cell *c = &t->cells[i], *other = NULL;

	for (size_t j = 0; j < t->n_cells; j++) {
		struct stats_cell *o = &t->cells[j];

		if (j == i || !alike_but(t, c, o, d))
			continue;
		if (o->suppressed)
			return false;	/* not alone */
		if (o->count > 0 && (!other || o->count < other->count))
			other = o;
	}
	if (!other)
		return false;
	other->suppressed = true;
	return true;
}

void
stats_suppress(struct stats_table *t, int min_cell)
{
	size_t suppressed = 0;
	bool again = true;

	t->total_suppressed = false;
	for (size_t i = 0; i < t->n_cells; i++)
		t->cells[i].suppressed = t->suppressible &&
		    t->cells[i].count > 0 && t->cells[i].count < min_cell;
	if (!t->suppressible)
		return;
	/* Cells are listed in a fixed order before the rule runs, so that a
	 * tie always picks the same one. */
	qsort(t->cells, t->n_cells, sizeof(*t->cells), by_values_q);
	while (again) {
		again = false;
		for (size_t d = 0; d < t->n_dims; d++)
			for (size_t i = 0; i < t->n_cells; i++)
				if (t->cells[i].suppressed &&
				    complement(t, i, d))
					again = true;
	}
	for (size_t i = 0; i < t->n_cells; i++)
		suppressed += t->cells[i].suppressed;
	t->total_suppressed = (t->total > 0 && t->total < min_cell) ||
	    suppressed == 1;
	order_cells(t);
}

/* ------------------------------------------------------------------ */
/* The query                                                           */
/* ------------------------------------------------------------------ */

static int
parse_day(struct ctx *ctx, const char *s, const char *field,
    const char **out, struct err *err)
{
	struct date d;
	char text[DATE_TEXT_SIZE];

	*out = NULL;
	if (!s || !*s)
		return 0;
	if (date_parse(s, &d) == -1)
		return err_set(err, ERR_INVALID, field, "%s \"%.20s\" is not "
		    "a date: give YYYY-MM-DD, like 2026-01-31", field, s);
	date_format(&d, text);
	*out = arena_strdup(ctx->arena, text);
	return 0;
}

static int
parse_by(const char *s, struct stats *out, struct err *err)
{
	const char *p = s;

	out->n_by = 0;
	if (!s || !*s)
		return 0;
	while (*p) {
		size_t len = strcspn(p, ","), d;

		for (d = 0; d < STATS_DIM__MAX; d++)
			if (strlen(dim_names[d]) == len &&
			    !strncmp(dim_names[d], p, len))
				break;
		if (d == STATS_DIM__MAX)
			return err_set(err, ERR_INVALID, "by", "by \"%.*s\" is "
			    "not a breakdown: give some of sex, age_group, "
			    "nationality, form_of_exploitation, route, year, "
			    "agency, role, case_kind, stage, service, status, "
			    "step_outcome, region, audience, session_kind, "
			    "situation, topic, risk, destination, joined by "
			    "commas",
			    (int)MIN(len, 40), p);
		for (size_t i = 0; i < out->n_by; i++)
			if (out->by[i] == d)
				return err_set(err, ERR_INVALID, "by", "by "
				    "names %s twice: give each breakdown once",
				    dim_names[d]);
		if (out->n_by == STATS_BY_MAX)
			return err_set(err, ERR_INVALID, "by", "by names more "
			    "than %d breakdowns: give at most %d",
			    STATS_BY_MAX, STATS_BY_MAX);
		out->by[out->n_by++] = (enum stats_dim)d;
		p += len;
		if (*p == ',' && *++p == '\0')
			return err_set(err, ERR_INVALID, "by", "by ends with a "
			    "comma: give breakdowns joined by commas, like "
			    "sex,year");
	}
	return 0;
}

/* Whether population p has every dimension of s->by. */
static bool
pop_has(enum stats_pop p, const struct stats *s)
{
	for (size_t i = 0; i < s->n_by; i++)
		if (!(pop_dims[p] & D(s->by[i])))
			return false;
	return true;
}

static int
check_query(struct ctx *ctx, const struct stats_query *q, struct stats *out,
    int64_t *agency_id, struct err *err)
{
	int floor = ctx->cfg && ctx->cfg->stats_min_cell ?
	    (int)ctx->cfg->stats_min_cell : STATS_MIN_CELL_DEFAULT;
	struct agency_row ag;
	long long v;
	bool any = false;

	*agency_id = 0;
	out->min_cell = floor;
	if (parse_day(ctx, q->from, "from", &out->from, err) == -1 ||
	    parse_day(ctx, q->to, "to", &out->to, err) == -1)
		return -1;
	if (out->from && out->to && strcmp(out->from, out->to) > 0)
		return err_set(err, ERR_INVALID, "to", "to %s is before from "
		    "%s: give a period that ends after it begins", out->to,
		    out->from);
	if (q->min_cell && *q->min_cell) {
		if (text_parse_int(q->min_cell, 1, STATS_MIN_CELL_MAX,
		    &v) == -1)
			return err_set(err, ERR_INVALID, "min_cell",
			    "min_cell \"%.16s\" is not a number from %d to "
			    "%d: give the smallest count to show", q->min_cell,
			    floor, STATS_MIN_CELL_MAX);
		if (v < floor)
			return err_set(err, ERR_INVALID, "min_cell",
			    "min_cell %lld is below this store's threshold "
			    "of %d: give %d or more", v, floor, floor);
		out->min_cell = (int)v;
	}
	if (parse_by(q->by, out, err) == -1)
		return -1;
	for (int p = 0; p < STATS_POP__MAX; p++)
		any = any || pop_has((enum stats_pop)p, out);
	if (!any)
		return err_set(err, ERR_INVALID, "by", "no population has all "
		    "the breakdowns asked for: ask for fewer (route: "
		    "smuggled migrants; form_of_exploitation: victims; "
		    "service, status: referrals; region, audience, "
		    "session_kind: awareness; situation, topic, risk, "
		    "destination: counselled)");
	if (q->agency && *q->agency) {
		if (store_agency_by_code(ctx->store, q->agency, ctx->arena,
		    &ag, err) == -1) {
			if (err->code != ERR_NOT_FOUND)
				return -1;
			return err_set(err, ERR_INVALID, "agency", "agency "
			    "\"%.32s\" is not known: give the code of an "
			    "agency, like KRI-MOI", q->agency);
		}
		out->agency = ag.code;
		*agency_id = ag.id;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The populations                                                     */
/* ------------------------------------------------------------------ */

struct units {
	struct stats_unit	*u;
	size_t			 n, cap;
};

static struct stats_unit *
unit_add(struct arena *a, struct units *us)
{
	if (us->n == us->cap)
		us->u = arena_grow(a, us->u, us->n, &us->cap, us->n + 1,
		    sizeof(*us->u));
	us->u[us->n] = (struct stats_unit){ .weight = 0 };
	return &us->u[us->n++];
}

/* "AF,IR,TR" as "AF → IR → TR". */
static const char *
route_text(struct arena *a, const char *route)
{
	const char *p;
	char *out, *o;

	if (!route || !*route)
		return "";
	out = o = arena_alloc(a, strlen(route) * 5 + 1);
	for (p = route; *p; p++) {
		if (*p == ',') {
			memcpy(o, " \xe2\x86\x92 ", 5);
			o += 5;
		} else {
			*o++ = *p;
		}
	}
	return out;
}

static int
persons(struct ctx *ctx, const struct store_stats_filter *f,
    enum stats_pop pop, struct units *us, struct err *err)
{
	struct store_stats_person *rows;
	size_t n;

	if (store_stats_persons(ctx->store, f, pop_names[pop], ctx->arena,
	    &rows, &n, err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct store_stats_person *r = &rows[i];
		struct stats_unit *u = unit_add(ctx->arena, us);

		u->v[STATS_DIM_SEX] = enum_name(&sex_desc, r->sex);
		u->v[STATS_DIM_AGE_GROUP] = r->child ? "child" :
		    r->age_basis == AGE_BASIS_UNKNOWN ? "unknown" : "adult";
		u->v[STATS_DIM_NATIONALITY] = r->nationalities ?
		    r->nationalities : "";
		u->v[STATS_DIM_YEAR] = arena_strndup(ctx->arena,
		    r->identified_on, 4);
		u->v[STATS_DIM_AGENCY] = r->agency;
		u->v[STATS_DIM_ROLE] = case_role_name(r->role);
		if (pop == STATS_POP_VICTIMS)
			u->v[STATS_DIM_FORM] = r->purposes ? r->purposes : "";
		if (pop == STATS_POP_MIGRANTS)
			u->v[STATS_DIM_ROUTE] = route_text(ctx->arena,
			    r->route);
	}
	return 0;
}

static int
referrals(struct ctx *ctx, const struct store_stats_filter *f,
    struct units *us, struct err *err)
{
	struct store_stats_referral *rows;
	size_t n;

	if (store_stats_referrals(ctx->store, f, ctx->arena, &rows, &n,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct stats_unit *u = unit_add(ctx->arena, us);

		u->v[STATS_DIM_SERVICE] = rows[i].service;
		u->v[STATS_DIM_STATUS] = rows[i].status;
		u->v[STATS_DIM_YEAR] = arena_strndup(ctx->arena,
		    rows[i].created_on, 4);
		u->v[STATS_DIM_AGENCY] = rows[i].agency;
	}
	return 0;
}

static bool
step_done(const struct engine_result *r, const char *id)
{
	const struct step_status *s = engine_step(r, id);

	return s && s->state == STEP_STATE_DONE;
}

/* The stages of justice a case reached, "arrest,prosecution,closed". */
static const char *
stages(struct arena *a, const struct engine_result *r, bool closed)
{
	const char *part[3];
	size_t n = 0;

	if (step_done(r, "arrest_and_charge"))
		part[n++] = "arrest";
	if (step_done(r, "hand_over_to_prosecution"))
		part[n++] = "prosecution";
	if (closed)
		part[n++] = "closed";
	switch (n) {
	case 0:
		return "";
	case 1:
		return part[0];
	case 2:
		return arena_printf(a, "%s,%s", part[0], part[1]);
	default:
		return arena_printf(a, "%s,%s,%s", part[0], part[1], part[2]);
	}
}

/*
 * The cases and their SOP steps, from the engine as the case page shows
 * them.  Each case's run lives in an arena of its own, freed after it,
 * so that a national store does not hold every case's steps at once.
 */
static int
cases(struct ctx *ctx, const struct store_stats_filter *f,
    struct units *cs, struct units *steps, struct err *err)
{
	static const char *const outcome[] = { "on_time", "late", "overdue" };
	struct arena *main = ctx->arena;
	struct case_row *rows;
	size_t n;
	int rc = 0;

	if (store_stats_cases(ctx->store, f, main, &rows, &n, err) == -1)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct case_steps st;
		int64_t counts[3] = { 0 };
		const char *year = arena_strndup(main, rows[i].opened_at, 4);
		struct stats_unit *u;

		ctx->arena = arena_new();
		rc = case__steps_of(ctx, &rows[i], &st, err);
		if (rc == 0) {
			u = unit_add(main, cs);
			u->v[STATS_DIM_CASE_KIND] = case_kind_name(
			    rows[i].kind);
			u->v[STATS_DIM_STAGE] = stages(main, &st.r,
			    rows[i].status == CASE_STATUS_CLOSED);
			u->v[STATS_DIM_YEAR] = year;
			u->v[STATS_DIM_AGENCY] = rows[i].agency_code;
			/* As the engine's compliance figure counts them. */
			for (size_t j = 0; j < st.r.n_steps; j++) {
				const struct step_status *s = &st.r.steps[j];
				bool done = s->state == STEP_STATE_DONE;

				if (!s->mandatory || !s->due_at)
					continue;
				if (done)
					counts[s->late ? 1 : 0]++;
				else if (s->state == STEP_STATE_OVERDUE)
					counts[2]++;
			}
		}
		arena_free(&ctx->arena);
		ctx->arena = main;
		for (size_t k = 0; rc == 0 && k < ARRAY_SIZE(counts); k++) {
			if (!counts[k])
				continue;
			u = unit_add(main, steps);
			u->v[STATS_DIM_STEP_OUTCOME] = outcome[k];
			u->v[STATS_DIM_AGENCY] = rows[i].agency_code;
			u->v[STATS_DIM_YEAR] = year;
			u->weight = counts[k];
		}
	}
	return rc;
}

/*
 * The awareness sessions of the period: one unit each, and a unit of
 * outreach per group of sex and age a session counted, weighing as many
 * as came (a group of none is left out: a weight of 0 counts one).
 */
static int
awareness(struct ctx *ctx, const struct store_stats_filter *f,
    struct units *reach, struct units *held, struct err *err)
{
	static const struct {
		const char	*sex, *age;
	} groups[AWARENESS_COUNT__MAX] = {
		[AWARENESS_FEMALE_CHILDREN] = { "female", "child" },
		[AWARENESS_FEMALE_ADULTS] = { "female", "adult" },
		[AWARENESS_MALE_CHILDREN] = { "male", "child" },
		[AWARENESS_MALE_ADULTS] = { "male", "adult" },
	};
	struct awareness_stats_row *rows;
	size_t n;

	if (store_stats_awareness(ctx->store, f, ctx->arena, &rows, &n,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct awareness_stats_row *r = &rows[i];
		struct stats_unit *u = unit_add(ctx->arena, held);

		u->v[STATS_DIM_SESSION_KIND] = enum_name(&awareness_kind_desc,
		    (int)r->kind);
		u->v[STATS_DIM_REGION] = r->region;
		u->v[STATS_DIM_AUDIENCE] = enum_name(&audience_desc,
		    (int)r->audience);
		u->v[STATS_DIM_YEAR] = arena_strndup(ctx->arena, r->held_on, 4);
		u->v[STATS_DIM_AGENCY] = r->organisers;
		for (int g = 0; g < AWARENESS_COUNT__MAX; g++) {
			struct stats_unit *p;

			if (r->counts[g] <= 0)
				continue;
			p = unit_add(ctx->arena, reach);
			memcpy(p->v, u->v, sizeof(p->v));
			p->v[STATS_DIM_SEX] = groups[g].sex;
			p->v[STATS_DIM_AGE_GROUP] = groups[g].age;
			p->weight = r->counts[g];
		}
	}
	return 0;
}

/* A set of a vocabulary's values as "a,b", or none when empty. */
static const char *
set_values(struct arena *a, const struct enum_desc *d, unsigned set,
    const char *none)
{
	char *out = NULL;

	for (int v = 0; v < d->count; v++)
		if (set & ENUM_BIT(v))
			out = out ? arena_printf(a, "%s,%s", out,
			    enum_name(d, v)) : arena_strdup(a, enum_name(d, v));
	return out ? out : none;
}

/*
 * The counselling records of the period: a unit each, weighing as many
 * people as came, under each topic covered and each risk seen.
 */
static int
counselled(struct ctx *ctx, const struct store_stats_filter *f,
    struct units *us, struct err *err)
{
	struct counselling_stats_row *rows;
	size_t n;

	if (store_stats_counselling(ctx->store, f, ctx->arena, &rows, &n,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct counselling_stats_row *r = &rows[i];
		struct stats_unit *u = unit_add(ctx->arena, us);

		u->v[STATS_DIM_SEX] = enum_name(&sex_desc, (int)r->sex);
		u->v[STATS_DIM_AGE_GROUP] = enum_name(&counsel_age_desc,
		    (int)r->age_group);
		u->v[STATS_DIM_SITUATION] = enum_name(&counsel_situation_desc,
		    (int)r->situation);
		u->v[STATS_DIM_TOPIC] = set_values(ctx->arena,
		    &counsel_topic_desc, r->topics, NULL);
		u->v[STATS_DIM_RISK] = set_values(ctx->arena, &counsel_risk_desc,
		    r->risks, "none");
		u->v[STATS_DIM_DESTINATION] = r->destination;
		u->v[STATS_DIM_YEAR] = arena_strndup(ctx->arena, r->held_on, 4);
		u->v[STATS_DIM_AGENCY] = r->agency;
		u->weight = r->people;
	}
	return 0;
}

static void
add_table(struct ctx *ctx, struct stats *s, const struct units *us,
    enum stats_pop pop, const enum stats_dim *dims, size_t n_dims,
    size_t *cap)
{
	struct stats_table *t;

	if (s->n_tables == *cap)
		s->tables = arena_grow(ctx->arena, s->tables, s->n_tables, cap,
		    s->n_tables + 1, sizeof(*s->tables));
	t = &s->tables[s->n_tables++];
	*t = (struct stats_table){ .pop = pop,
	    .suppressible = pop_suppressible[pop] };
	stats_tabulate(ctx->arena, us->u, us->n, dims, n_dims, t);
	stats_suppress(t, s->min_cell);
}

static int
gather(struct ctx *ctx, const struct store_stats_filter *f,
    struct units us[STATS_POP__MAX], struct err *err)
{
	if (persons(ctx, f, STATS_POP_VICTIMS, &us[STATS_POP_VICTIMS],
	    err) == -1 ||
	    persons(ctx, f, STATS_POP_MIGRANTS, &us[STATS_POP_MIGRANTS],
	    err) == -1 ||
	    persons(ctx, f, STATS_POP_SUSPECTS, &us[STATS_POP_SUSPECTS],
	    err) == -1 ||
	    referrals(ctx, f, &us[STATS_POP_REFERRALS], err) == -1 ||
	    awareness(ctx, f, &us[STATS_POP_OUTREACH],
	    &us[STATS_POP_AWARENESS], err) == -1 ||
	    counselled(ctx, f, &us[STATS_POP_COUNSELLED], err) == -1)
		return -1;
	return cases(ctx, f, &us[STATS_POP_CASES], &us[STATS_POP_STEPS], err);
}

static json_t *
opt_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
by_json(const struct stats *s)
{
	json_t *by = json_array();

	for (size_t i = 0; i < s->n_by; i++)
		json_array_append_new(by, json_string(dim_names[s->by[i]]));
	return by;
}

static int
audit_read(struct ctx *ctx, const struct stats *s, struct err *err)
{
	json_t *changes = json_pack("{s:o, s:o, s:o, s:o, s:i}", "from",
	    opt_str(s->from), "to", opt_str(s->to), "agency",
	    opt_str(s->agency), "by", by_json(s), "min_cell", s->min_cell);
	int rc;

	rc = audit_append(ctx, &(struct audit_event){
		.action = "stats.read", .object_type = "stats",
		.object_id = s->agency ? s->agency : "all",
		.agency_id = ctx->actor.agency_id, .changes = changes }, err);
	json_decref(changes);
	return rc;
}

int
stats_compute(struct ctx *ctx, const struct stats_query *q,
    struct stats *out, struct err *err)
{
	struct units us[STATS_POP__MAX] = { { 0 } };
	struct store_stats_filter f;
	size_t cap = 0;
	bool own_read;
	int rc;

	*out = (struct stats){ 0 };
	if (access_require(ctx, PERM_STATS_READ, err) == -1 ||
	    check_query(ctx, q, out, &f.agency_id, err) == -1)
		return -1;
	f.from = out->from;
	f.to = out->to;
	/* One snapshot for every population (a server's request reads in
	 * one already). */
	own_read = !store_in_transaction(ctx->store) &&
	    !store_reading(ctx->store);
	if (own_read && store_read_begin(ctx->store, err) == -1)
		return -1;
	rc = gather(ctx, &f, us, err);
	if (own_read)
		store_read_end(ctx->store);
	if (rc == -1)
		return -1;
	if (out->n_by) {
		for (int p = 0; p < STATS_POP__MAX; p++)
			if (pop_has((enum stats_pop)p, out))
				add_table(ctx, out, &us[p], (enum stats_pop)p,
				    out->by, out->n_by, &cap);
	} else {
		for (size_t i = 0; i < ARRAY_SIZE(defaults); i++)
			add_table(ctx, out, &us[defaults[i].pop],
			    defaults[i].pop, defaults[i].dims, defaults[i].n,
			    &cap);
	}
	return audit_read(ctx, out, err);
}

static json_t *
count_json(int64_t count, bool suppressed)
{
	return suppressed ? json_null() : json_integer((json_int_t)count);
}

json_t *
stats_json(const struct stats *s)
{
	json_t *tables = json_array();

	for (size_t i = 0; i < s->n_tables; i++) {
		const struct stats_table *t = &s->tables[i];
		json_t *dims = json_array(), *cells = json_array();

		for (size_t d = 0; d < t->n_dims; d++)
			json_array_append_new(dims,
			    json_string(dim_names[t->dims[d]]));
		for (size_t c = 0; c < t->n_cells; c++) {
			json_t *values = json_array();

			for (size_t d = 0; d < t->n_dims; d++)
				json_array_append_new(values, json_string(
				    t->cells[c].values[d]));
			json_array_append_new(cells, json_pack("{s:o, s:o, "
			    "s:b}", "values", values, "count",
			    count_json(t->cells[c].count,
			    t->cells[c].suppressed), "suppressed",
			    t->cells[c].suppressed));
		}
		json_array_append_new(tables, json_pack("{s:s, s:o, s:o, s:b, "
		    "s:b, s:o}", "population", pop_names[t->pop],
		    "dimensions", dims, "total", count_json(t->total,
		    t->total_suppressed), "total_suppressed",
		    t->total_suppressed, "suppressible", t->suppressible,
		    "cells", cells));
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:i, s:b, s:o}", "from",
	    opt_str(s->from), "to", opt_str(s->to), "agency",
	    opt_str(s->agency), "by", by_json(s), "min_cell", s->min_cell,
	    "court_outcomes_recorded", 0, "tables", tables);
}
