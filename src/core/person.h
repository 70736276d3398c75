/* SPDX-License-Identifier: Apache-2.0 */
/*
 * person.h - recording and reading people.
 *
 * Identity fields go to the store through vault_field_seal() and come
 * back through vault_field_open(); every read of a person's identity
 * is audited.  Rows returned hold plain text in ctx->arena.
 */
#ifndef TIPSOM_CORE_PERSON_H
#define TIPSOM_CORE_PERSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/person.h"

struct arena;
struct ctx;
struct err;

struct document_input {
	const char	*kind;		/* enum document_kind text */
	const char	*number;
	const char	*country;	/* ISO 3166 alpha-2, optional */
	const char	*expires_on;	/* YYYY-MM-DD, optional */
};

struct contact_input {
	const char	*kind;		/* enum contact_kind text */
	const char	*value;
};

struct person_input {
	const char			*given;
	const char			*father;
	const char			*grandfather;
	const char			*family;	/* family or tribe */
	const char *const		*aliases;	/* each a whole name */
	size_t				 n_aliases;
	const char			*sex;		/* default unknown */
	const char			*born;		/* YYYY-MM-DD or YYYY */
	bool				 born_estimated;
	const char *const		*nationalities;
	size_t				 n_nationalities;
	const char *const		*languages;
	size_t				 n_languages;
	const struct document_input	*documents;
	size_t				 n_documents;
	const struct contact_input	*contacts;
	size_t				 n_contacts;
};

/*
 * Records a person for the actor's agency.  A person needs at least one
 * name part or alias; names may be in any script and are kept as typed
 * (in NFC).  Fills *out, with its id.
 */
int		 person_add(struct ctx *ctx, const struct person_input *in,
		    struct person_row *out, struct err *err);

/*
 * The checks of person_add() without the writing: in is checked and
 * cleaned into *out (names in NFC, codes upper-cased, the birth parsed),
 * for the actor's agency, as person_add() would record it.  ERR_INVALID
 * naming the field ("born", "nationalities[0]", "documents[0].number",
 * "contacts[1].value", ...) otherwise.  Imports check each row with it.
 */
int		 person_check(struct ctx *ctx, const struct person_input *in,
		    struct person_row *out, struct err *err);

/*
 * Writes checked persons rows[0..n) (their identities sealed) and their
 * name keys, in the caller's transaction, and sets each row's id.  No
 * access check, no audit: the caller does both (person_add() for one, an
 * import for many at a time, which the store writes many a statement).
 */
int		 person__insert(struct ctx *ctx, struct person_row *rows,
		    size_t n, struct err *err);

/*
 * person__insert() in two halves, for an import that seals in one thread
 * and writes in another.  person__seal() gives *out a copy of p with its
 * identity fields sealed and p's name keys, sealed (in ctx->arena, which
 * the copy shares p's other fields with); it reads no store and may run
 * in any thread (ERR_STORE when the vault holds no key).
 * person__insert_sealed() writes rows[0..n) and their keys in the
 * caller's transaction and sets each row.id.
 */
struct person_sealed {
	struct person_row	 row;
	const char		**keys;
	size_t			 n_keys;
};

int		 person__seal(struct ctx *ctx, const struct person_row *p,
		    struct person_sealed *out, struct err *err);
int		 person__insert_sealed(struct ctx *ctx,
		    struct person_sealed *rows, size_t n, struct err *err);

/*
 * Reads person id with identities, if the actor may see the person (their
 * agency recorded them or has a case they are in) and may read
 * identities; audited.  ERR_NOT_FOUND otherwise.
 */
int		 person_show(struct ctx *ctx, int64_t id, struct person_row *out,
		    struct err *err);

/*
 * Reads person id and opens its identity fields, with no access check
 * and no audit: for the core's own use (case_show audits its reads).
 * The person comes with what the persons merged into it recorded
 * (merge.h); person__load_own() reads the person's own record alone.
 */
int		 person__load(struct ctx *ctx, int64_t id,
		    struct person_row *out, struct err *err);
int		 person__load_own(struct ctx *ctx, int64_t id,
		    struct person_row *out, struct err *err);

/* Opens the identity fields of p, as the store gave them, in place. */
int		 person__unseal(struct ctx *ctx, struct person_row *p,
		    struct err *err);

/*
 * Whether the actor sees person id: their agency recorded the person or
 * has a case they are in, or a case shared with it shows their role.
 */
int		 person__visible(struct ctx *ctx, int64_t id, bool *visible,
		    struct err *err);
/* The same of ids[0..n) at once, into visible[0..n): a few statements
 * for every 64 persons (a search's candidates). */
int		 person__visible_many(struct ctx *ctx, const int64_t *ids,
		    size_t n, bool *visible, struct err *err);

/* The primary name's parts joined by spaces, in a; "" when none. */
const char	*person_display_name(struct arena *a,
		    const struct person_row *p);

/* Parses a person id as typed ("17").  ERR_INVALID naming field. */
int		 person_parse_id(const char *s, const char *field, int64_t *id,
		    struct err *err);

#endif
