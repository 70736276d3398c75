/* SPDX-License-Identifier: Apache-2.0 */
/* store_links.c - identifiers, their links to persons and cases, and the
 * calls imported between them. */
#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

int
store_identifier_put(struct store *st, enum identifier_kind kind,
    const char *normalised, const char *value, const char *at, int64_t *id,
    struct err *err)
{
	enum stmt s = STMT_IDENTIFIER_PUT;

	store__bind_text(st, s, 1, enum_name(&identifier_kind_desc, kind));
	store__bind_text(st, s, 2, normalised);
	store__bind_text(st, s, 3, value);
	store__bind_text(st, s, 4, at);
	return store__one_int(st, s, "identifier", id, err);
}

int
store_link_insert(struct store *st, struct link_row *row, bool *inserted,
    struct err *err)
{
	enum stmt s = STMT_LINK_INSERT;
	int rc;

	store__bind_int(st, s, 1, row->identifier_id);
	store__bind_int(st, s, 2, row->person_id);
	store__bind_int(st, s, 3, row->case_id);
	store__bind_int(st, s, 4, row->agency_id);
	store__bind_text(st, s, 5, enum_name(&link_source_desc, row->source));
	store__bind_text(st, s, 6, row->note);
	store__bind_text(st, s, 7, row->created_at);
	store__bind_int(st, s, 8, row->created_by);
	rc = store__step(st, s, err);
	if (rc == -1)
		return -1;
	*inserted = rc == 1;
	if (*inserted)
		row->id = store__int(st, s, 0);
	store__reset(st, s);
	return 0;
}

int
store_link_remove(struct store *st, int64_t id, const char *at, int64_t by,
    struct err *err)
{
	int64_t back;

	store__bind_int(st, STMT_LINK_REMOVE, 1, id);
	store__bind_text(st, STMT_LINK_REMOVE, 2, at);
	store__bind_int(st, STMT_LINK_REMOVE, 3, by);
	return store__one_int(st, STMT_LINK_REMOVE, "link", &back, err);
}

static void
read_link(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct link_row *l = out;

	l->id = store__int(st, id, 0);
	l->identifier_id = store__int(st, id, 1);
	l->kind = store__enum(st, id, 2, &identifier_kind_desc, IDENT_OTHER);
	l->normalised = store__text(st, id, 3, a);
	l->value = store__text(st, id, 4, a);
	l->person_id = store__int(st, id, 5);
	l->case_id = store__int(st, id, 6);
	l->case_ref = store__text(st, id, 7, a);
	l->case_agency_id = store__int(st, id, 8);
	l->agency_id = store__int(st, id, 9);
	l->agency = store__text(st, id, 10, a);
	l->source = store__enum(st, id, 11, &link_source_desc,
	    LINK_SOURCE_MANUAL);
	l->note = store__text(st, id, 12, a);
	l->created_at = store__text(st, id, 13, a);
	l->created_by = store__int(st, id, 14);
	l->created_by_username = store__text(st, id, 15, a);
	l->removed_at = store__text(st, id, 16, a);
}

int
store_link_by_id(struct store *st, int64_t id, struct arena *a,
    struct link_row *row, struct err *err)
{
	store__bind_int(st, STMT_LINK_BY_ID, 1, id);
	return store__get(st, STMT_LINK_BY_ID, "link", a, row, read_link, err);
}

int
store_link_list(struct store *st, enum link_list of, int64_t id,
    struct arena *a, struct link_row **rows, size_t *n, struct err *err)
{
	static const enum stmt stmts[] = {
		[LINKS_OF_CASE] = STMT_LINK_LIST_CASE,
		[LINKS_OF_PERSON] = STMT_LINK_LIST_PERSON,
		[LINKS_OF_IDENTIFIER] = STMT_LINK_LIST_IDENTIFIER,
	};
	enum stmt s = stmts[of];

	store__bind_int(st, s, 1, id);
	return store__all(st, s, a, (void **)rows, n, sizeof(**rows),
	    read_link, err);
}

int
store_call_import_insert(struct store *st, struct call_import_row *row,
    struct err *err)
{
	enum stmt s = STMT_CALL_IMPORT_INSERT;

	store__bind_int(st, s, 1, row->case_id);
	store__bind_int(st, s, 2, row->agency_id);
	store__bind_int(st, s, 3, row->calls);
	store__bind_text(st, s, 4, row->sha256);
	store__bind_text(st, s, 5, row->imported_at);
	store__bind_int(st, s, 6, row->imported_by);
	return store__one_int(st, s, "call import", &row->id, err);
}

int
store_call_insert(struct store *st, const struct call_row *row,
    struct err *err)
{
	enum stmt s = STMT_CALL_INSERT;

	store__bind_int(st, s, 1, row->import_id);
	store__bind_int(st, s, 2, row->case_id);
	store__bind_int(st, s, 3, row->caller_id);
	store__bind_int(st, s, 4, row->callee_id);
	store__bind_text(st, s, 5, row->started_at);
	store__bind_int(st, s, 6, row->duration);
	store__bind_int(st, s, 7, row->line);
	return store__exec(st, s, err);
}

static void
read_pair(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct call_pair_row *p = out;

	p->caller.id = store__int(st, id, 0);
	p->callee.id = store__int(st, id, 1);
	p->case_id = store__int(st, id, 2);
	p->case_ref = store__text(st, id, 3, a);
	p->case_agency_id = store__int(st, id, 4);
	p->calls = store__int(st, id, 5);
	p->seconds = store__int(st, id, 6);
	p->first = store__text(st, id, 7, a);
	p->last = store__text(st, id, 8, a);
	/* Calls are imported between phone numbers only (links.h). */
	p->caller.kind = p->callee.kind = IDENT_PHONE;
	p->caller.normalised = store__text(st, id, 9, a);
	p->caller.value = store__text(st, id, 10, a);
	p->callee.normalised = store__text(st, id, 11, a);
	p->callee.value = store__text(st, id, 12, a);
}

int
store_call_pairs(struct store *st, int64_t identifier_id, struct arena *a,
    struct call_pair_row **rows, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_CALL_PAIRS, 1, identifier_id);
	return store__all(st, STMT_CALL_PAIRS, a, (void **)rows, n,
	    sizeof(**rows), read_pair, err);
}

int
store_links_counts(struct store *st, int64_t case_id, struct links_counts *out,
    struct err *err)
{
	enum stmt s = STMT_LINKS_COUNTS;

	store__bind_int(st, s, 1, case_id);
	if (store__one(st, s, "counts", err) == -1)
		return -1;
	out->identifiers = store__int(st, s, 0);
	out->links = store__int(st, s, 1);
	out->calls = store__int(st, s, 2);
	out->imports = store__int(st, s, 3);
	store__reset(st, s);
	return 0;
}
