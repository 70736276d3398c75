/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stats.h - national statistics: figures only, never a person.
 *
 * Six populations are counted across every agency (national reporting),
 * or the cases one agency owns (agency), within a period (from..to):
 *
 *   victims            persons in a role presumed_victim or victim,
 *                      identified in the period;
 *   smuggled_migrants  persons in the role smuggled_migrant;
 *   suspects           persons in a role suspect or accused;
 *   cases              cases opened in the period, with the stages of
 *                      justice their SOP steps reached (arrest:
 *                      arrest_and_charge done; prosecution:
 *                      hand_over_to_prosecution done) and whether they
 *                      are closed.  Court outcomes are not recorded, so
 *                      none is counted;
 *   referrals          referrals made in the period, by service and by
 *                      their status now (completed and in_progress are
 *                      the services delivered);
 *   sop_steps          the mandatory SOP steps of the cases opened in the
 *                      period that fell due: done on time, done late, or
 *                      overdue now, as the SOP engine (engine.h) says;
 *   outreach           the people awareness sessions held in the period
 *                      reached (awareness.h), from their headcounts by
 *                      sex and age group: by region, audience, kind of
 *                      session and organising agency (with agency: the
 *                      sessions it organised).  A headcount, not
 *                      persons: someone at two sessions counts twice;
 *   awareness_sessions the sessions held in the period, by kind, region
 *                      and audience;
 *   counselled         the people Migrant Resource Centres counselled in
 *                      the period (counselling.h), a family counting as
 *                      many as came: by situation, topic covered, risk
 *                      seen, destination, sex and age group of the one
 *                      the record is about.  A session covering two
 *                      topics counts under each, as nationalities do.
 *
 * A person counts once in a population: as first identified in the
 * period (that case's agency, year, child flag and legal assessment).
 * A person with several nationalities counts under each in a nationality
 * table, a victim whose case names several purposes of exploitation
 * under each; the table's total counts persons once.  Values not
 * recorded count as "unknown" (a stage reached by none: "none").
 *
 * Small cells: a count from 1 to min_cell - 1 is suppressed (shown as
 * null, "<5"), and so, where it alone would be, is a second one, so that
 * no suppressed count can be worked out from the others and the total:
 * stats_suppress() says how.  The rule follows what is counted, not
 * who: a count of people is suppressed (outreach too, though nobody in
 * it is named, so that every count of people on the dashboard reads the
 * same way); sop_steps and awareness_sessions count an agency's work,
 * not people, and are not.
 */
#ifndef TIPSOM_STATS_H
#define TIPSOM_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct arena;
struct ctx;
struct err;

#define STATS_BY_MAX		3	/* dimensions of a cross-tab */
#define STATS_MIN_CELL_DEFAULT	5
#define STATS_MIN_CELL_MAX	100

/* What a count is broken down by; stats_dim_name() gives the text. */
enum stats_dim {
	STATS_DIM_SEX,
	STATS_DIM_AGE_GROUP,	/* child, adult, unknown */
	STATS_DIM_NATIONALITY,	/* ISO 3166 */
	STATS_DIM_FORM,		/* form_of_exploitation: a TIP purpose */
	STATS_DIM_ROUTE,	/* "AF → IR → TR" */
	STATS_DIM_YEAR,
	STATS_DIM_AGENCY,	/* the code of the case's agency */
	STATS_DIM_ROLE,
	STATS_DIM_CASE_KIND,
	STATS_DIM_STAGE,	/* arrest, prosecution, closed; none */
	STATS_DIM_SERVICE,
	STATS_DIM_STATUS,	/* a referral's */
	STATS_DIM_STEP_OUTCOME,	/* on_time, late, overdue */
	STATS_DIM_REGION,	/* an awareness session's, as recorded */
	STATS_DIM_AUDIENCE,	/* an awareness session's */
	STATS_DIM_SESSION_KIND,	/* community, school, ... */
	STATS_DIM_SITUATION,	/* a counselled person's: returnee, ... */
	STATS_DIM_TOPIC,	/* the topics a counselling session covered */
	STATS_DIM_RISK,		/* the risks the counsellor saw; none */
	STATS_DIM_DESTINATION,	/* where they mean to go, a country code */
	STATS_DIM__MAX
};

enum stats_pop {
	STATS_POP_VICTIMS,
	STATS_POP_MIGRANTS,
	STATS_POP_SUSPECTS,
	STATS_POP_CASES,
	STATS_POP_REFERRALS,
	STATS_POP_STEPS,
	STATS_POP_OUTREACH,
	STATS_POP_AWARENESS,
	STATS_POP_COUNSELLED,
	STATS_POP__MAX
};

const char	*stats_dim_name(enum stats_dim d);
const char	*stats_pop_name(enum stats_pop p);

/* What is asked, as typed: each NULL or "" for the default. */
struct stats_query {
	const char	*from;		/* YYYY-MM-DD */
	const char	*to;		/* YYYY-MM-DD */
	const char	*agency;	/* an agency code */
	const char	*by;		/* "sex,year": cross-tabs */
	const char	*min_cell;	/* a whole number */
};

/*
 * One thing counted: its value for each dimension of its population,
 * NULL for the dimensions it does not have, "" when not recorded, and
 * several values joined by commas where it counts under each.
 */
struct stats_unit {
	const char	*v[STATS_DIM__MAX];
	int64_t		 weight;	/* how many it stands for; 0: one */
};

struct stats_cell {
	const char	**values;	/* one per dimension of the table */
	int64_t		 count;
	bool		 suppressed;	/* count must not be shown */
};

struct stats_table {
	enum stats_pop		 pop;
	enum stats_dim		 dims[STATS_BY_MAX];
	size_t			 n_dims;
	struct stats_cell	*cells;	/* counts above 0 only */
	size_t			 n_cells;
	int64_t			 total;	/* units, each once */
	bool			 total_suppressed;
	bool			 suppressible;
};

struct stats {
	const char		*from;		/* YYYY-MM-DD, or NULL */
	const char		*to;
	const char		*agency;	/* a code, or NULL: all */
	enum stats_dim		 by[STATS_BY_MAX];
	size_t			 n_by;		/* 0: the default tables */
	int			 min_cell;
	struct stats_table	*tables;
	size_t			 n_tables;
};

/*
 * The figures asked for, in ctx's arena: without by, each population's
 * default tables, one dimension each; with by, for each population that
 * has all its dimensions, one cross-tab.  PERM_STATS_READ; ERR_INVALID
 * naming from, to, agency, by or min_cell (which may raise the store's
 * threshold, never lower it).  Audited as stats.read, with the query.
 */
int		 stats_compute(struct ctx *ctx, const struct stats_query *q,
		    struct stats *out, struct err *err);

/* s as JSON (a new reference): suppressed counts are null. */
json_t		*stats_json(const struct stats *s);

/*
 * The store-free part, for the tests.  stats_tabulate() counts units
 * u[0..n) by dims into *t (cells in a), and orders the cells: by value
 * when the first dimension is the year, else the largest first and the
 * suppressed, once stats_suppress() ran, last.
 */
void		 stats_tabulate(struct arena *a, const struct stats_unit *u,
		    size_t n, const enum stats_dim *dims, size_t n_dims,
		    struct stats_table *t);

/*
 * Suppresses t's small cells, when t is suppressible:
 *  1. a cell counting 1 to min_cell - 1 is suppressed;
 *  2. among the cells alike but in one dimension (a row or a column of
 *     a cross-tab; the whole of a one-dimension table), one suppressed
 *     alone would be given by the others and their sum, so the smallest
 *     other cell above 0 is suppressed with it (the first in order on a
 *     tie), repeated until no line has a suppressed cell alone;
 *  3. the total is suppressed when it counts 1 to min_cell - 1, or when
 *     a single cell of the table is suppressed.
 * Then orders the cells again (stats_tabulate()).
 */
void		 stats_suppress(struct stats_table *t, int min_cell);

#endif
