/* SPDX-License-Identifier: Apache-2.0 */
/*
 * case.h - opening, reading and working a case.
 *
 * Every function checks the actor's rights (access.h) and the case's
 * visibility (a case of another agency is "not found"), writes in one
 * transaction together with its audit record, and returns rows in
 * ctx->arena.
 */
#ifndef TIPSOM_CORE_CASE_H
#define TIPSOM_CORE_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/date.h"
#include "core/access.h"
#include "model/case.h"
#include "model/person.h"

struct ctx;
struct err;
struct user_row;

struct case_input {
	const char	*agency;	/* code; default the actor's agency */
	const char	*kind;		/* default unclassified */
	const char	*title;		/* required */
	const char	*summary;
	const char	*sensitivity;	/* default normal */
	const char	*lead;		/* username; default the actor */
};

/*
 * Opens a case and gives it the next reference of its agency and year.
 * Fills *out, with its reference.
 */
int		 case_open(struct ctx *ctx, const struct case_input *in,
		    struct case_row *out, struct err *err);

/*
 * The checks of case_open() without the writing: in checked into *out as
 * case_open() would open it (no reference yet).  case__insert() then
 * pins the SOP, numbers and inserts a checked case in the caller's
 * transaction, without audit (the caller audits: case_open(), an
 * import).
 */
int		 case_check(struct ctx *ctx, const struct case_input *in,
		    struct case_row *out, struct err *err);
int		 case__insert(struct ctx *ctx, struct case_row *c,
		    struct err *err);

/*
 * A case's summary is sealed (vault.h): case__insert() seals it, and
 * every read of a case row that shows it opens it with
 * case__open_summary() (case__find_seen() and case_list() do).
 */
#define CASE_SUMMARY_FIELD	"cases.summary"
int		 case__open_summary(struct ctx *ctx, struct case_row *c,
		    struct err *err);

struct case_query {
	const char	*agency;	/* code: the actor's own agency's
					 * cases, or those another shared */
	const char	*kind;
	const char	*status;
	const char	*text;		/* in the reference or the title */
	bool		 mine;		/* only those the actor leads */
	bool		 shared;	/* only those shared with the actor's
					 * agency, the newest share first */
	int		 limit;		/* 0: all */
	int		 offset;
};

/* The longest text a case list searches for, in bytes. */
#define CASE_SEARCH_MAX	200

/*
 * The cases the actor may see, newest first: their agency's and those
 * other agencies shared with it (live today), narrowed by q.
 */
int		 case_list(struct ctx *ctx, const struct case_query *q,
		    struct case_row **rows, size_t *n, struct err *err);

/* A person's part in a case, with the person when the actor may see. */
struct case_person_view {
	struct case_person_row	 link;
	struct person_row	 person;	/* zero when withheld */
	const char		*name;		/* display name, or NULL */
};

struct case_view {
	struct case_row		 c;
	struct case_person_view	*people;
	size_t			 n_people;
	struct note_row		*notes;		/* the timeline, oldest first */
	size_t			 n_notes;
	bool			 identities;	/* people's identities shown */
	enum case_sight		 sight;		/* what of it the actor sees:
						 * people, notes and summary
						 * outside it are left out */
};

/*
 * Reads case ref with its people and timeline.  With identities, and
 * when the actor may read them, the people's names come too, and that
 * read is audited; without, the people are ids, roles and ages only:
 * names are shown when asked for, not on every look at a case.
 */
int		 case_show(struct ctx *ctx, const char *ref, bool identities,
		    struct case_view *out, struct err *err);

/* v as JSON (a new reference): the case, its people, its notes. */
json_t		*case_view_json(const struct case_view *v);

/* The field notes are sealed as (vault.h). */
#define CASE_NOTE_FIELD	"notes.body"

/* Adds a note to the case's timeline. */
int		 case_note(struct ctx *ctx, const char *ref, const char *body,
		    struct note_row *out, struct err *err);

/*
 * Records the route of a smuggling case: countries[0..n), ISO 3166 codes
 * in the order the migrants went through them, origin first, destination
 * last; from CASE_ROUTE_MIN to CASE_ROUTE_MAX of them, none twice in a
 * row.  The owning agency's users with PERM_CASE_EDIT; audited as
 * case.route with the codes.  *out is the case as changed.
 */
#define CASE_ROUTE_MIN	2
#define CASE_ROUTE_MAX	12
int		 case_set_route(struct ctx *ctx, const char *ref,
		    const char *const *countries, size_t n,
		    struct case_row *out, struct err *err);

/* Closes an open case; the reason is required. */
int		 case_close(struct ctx *ctx, const char *ref, const char *reason,
		    struct case_row *out, struct err *err);

struct case_person_input {
	const char	*ref;
	const char	*person_id;	/* as typed */
	const char	*role;		/* enum case_role text, required */
	const char	*identified_on;	/* YYYY-MM-DD; default today */
	const char	*age;		/* stated or assessed age, optional */
	bool		 presumed_child;
	bool		 needs_interpreter;
	const char	*interpreter_language;	/* BCP 47, optional */
};

/*
 * Gives a person a role in an open case, deciding the child flag from the
 * person's birth data or the stated age (age.h).  ERR_CONFLICT when the
 * person already has that role in the case.
 */
int		 case_add_person(struct ctx *ctx,
		    const struct case_person_input *in,
		    struct case_person_row *out, struct err *err);

/*
 * The checks of case_add_person() on a person whose id is already in
 * out->person_id and whom the actor may see: the role, the person not
 * merged away, the child flag from the birth data or stated age, the
 * interpreter.  Fills *out but for case_id; writes nothing.
 */
int		 case__person_check(struct ctx *ctx,
		    const struct case_person_input *in,
		    struct case_person_row *out, struct err *err);

/*
 * For the core modules that work on cases (steps, screening, legal):
 * case__find() loads case ref when the actor may see it and has perm
 * (access_case()); case__find_seen() also gives how the actor sees it;
 * case__find_part() loads it to read part, which the actor's sight must
 * include.  case__audit() appends an event about case c and releases
 * changes.  case__sight() says how the actor sees c (their agency's, or
 * through a live share and its scope); case__today() is the day shares
 * are live on.
 */
int		 case__find(struct ctx *ctx, const char *ref, enum perm perm,
		    struct case_row *c, struct err *err);
int		 case__find_seen(struct ctx *ctx, const char *ref,
		    enum perm perm, struct case_row *c,
		    enum case_sight *sight, struct err *err);
int		 case__find_part(struct ctx *ctx, const char *ref,
		    enum case_part part, struct case_row *c,
		    struct err *err);
/* Finds user username when they may lead a case of agency_id. */
int		 case__lead(struct ctx *ctx, const char *username,
		    int64_t agency_id, struct user_row *lead, struct err *err);
int		 case__sight(struct ctx *ctx, const struct case_row *c,
		    enum case_sight *sight, struct err *err);
void		 case__today(char out[DATE_TEXT_SIZE]);
int		 case__audit(struct ctx *ctx, const char *action,
		    const struct case_row *c, json_t *changes,
		    struct err *err);

#endif
