/* SPDX-License-Identifier: Apache-2.0 */
/*
 * import.c - persons and cases from CSV or XLSX: every row checked by the
 * rules of person add and case open, one transaction, one audit entry.
 * Persons are read, checked, sealed and keyed a batch ahead in a second
 * thread while this one writes the batch before: the store stays in the
 * calling thread, and rows are applied in the file's order.
 */
#include <assert.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/seen.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/case.h"
#include "core/ctx.h"
#include "core/import.h"
#include "core/input.h"
#include "core/person.h"
#include "io/table.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

#define COLUMNS_MAX	17	/* the most columns of an entity */
#define LIST_MAX	32	/* items in one list cell */
#define PROGRESS_ROWS	4096
/*
 * Rows read between writes: those checked wait to be written together
 * (the store writes many rows a statement), in a scratch arena that is
 * cleared after each write.
 */
#define WRITE_ROWS	1024
#define PENDING_SLOTS	(WRITE_ROWS * 2)	/* a power of two */

enum {
	P_SOURCE_ID, P_GIVEN, P_FATHER, P_GRANDFATHER, P_FAMILY, P_ALIASES,
	P_SEX, P_BORN, P_BORN_ESTIMATED, P_NATIONALITIES, P_LANGUAGES,
	P_DOCUMENT_KIND, P_DOCUMENT_NUMBER, P_DOCUMENT_COUNTRY,
	P_DOCUMENT_EXPIRES, P_PHONE, P_EMAIL, P__MAX
};

enum {
	C_SOURCE_ID, C_KIND, C_TITLE, C_SUMMARY, C_SENSITIVITY, C_LEAD,
	C_PEOPLE, C__MAX
};

static const char *const person_columns[P__MAX] = {
	"source_id", "given", "father", "grandfather", "family", "aliases",
	"sex", "born", "born_estimated", "nationalities", "languages",
	"document_kind", "document_number", "document_country",
	"document_expires", "phone", "email",
};

static const char *const case_columns[C__MAX] = {
	"source_id", "kind", "title", "summary", "sensitivity", "lead",
	"people",
};

/* Columns of an export (export.h) that an import leaves out. */
static const char *const case_export_only[] = {
	"ref", "status", "opened_at", "closed_at", NULL,
};
static const char *const person_export_only[] = { NULL };

/* A field a core check names, and the column it comes from. */
struct field_column {
	const char	*field;
	int		 column;
};

static const struct field_column person_fields[] = {
	{ "given", P_GIVEN }, { "father", P_FATHER },
	{ "grandfather", P_GRANDFATHER }, { "family", P_FAMILY },
	{ "aliases", P_ALIASES }, { "sex", P_SEX }, { "born", P_BORN },
	{ "nationalities", P_NATIONALITIES }, { "languages", P_LANGUAGES },
	{ "documents[0].kind", P_DOCUMENT_KIND },
	{ "documents[0].number", P_DOCUMENT_NUMBER },
	{ "documents[0].country", P_DOCUMENT_COUNTRY },
	{ "documents[0].expires_on", P_DOCUMENT_EXPIRES },
};

static const struct field_column case_fields[] = {
	{ "kind", C_KIND }, { "title", C_TITLE }, { "summary", C_SUMMARY },
	{ "sensitivity", C_SENSITIVITY }, { "lead", C_LEAD },
};

struct run;

/*
 * A row read and checked: all of a row's work that needs no store
 * (read_row()), waiting for the part that does (apply_row()).
 */
enum row_state {
	ROW_BLANK,		/* no value: not counted */
	ROW_BAD,		/* rejected: problem, column */
	ROW_GOOD,		/* checked: sid, hash, sealed */
	ROW_FAILED		/* the import fails here: failure */
};

struct row_read {
	enum row_state		 state;
	long			 number;	/* in the file, from 1 */
	struct table_row	 row;		/* ROW_BAD: for the rejects */
	const char		*problem;	/* ROW_BAD */
	int			 column;	/* ROW_BAD: the file's, or -1 */
	const char		*sid;		/* ROW_GOOD */
	char			 hash[VAULT_SHA256_HEX];
	/* ROW_GOOD, by prepare(): the person sealed and keyed */
	struct person_sealed	 sealed;
	/* ROW_FAILED; ROW_GOOD whose prepare() failed, which fails the
	 * import only when the row is to be written */
	struct err		*failure;
};

struct entity {
	const char		*action;	/* audited as */
	const char		*name;		/* "persons" */
	const char		*kind;		/* import_rows.entity */
	const char *const	*columns;
	int			 n_columns;
	const char *const	*export_only;
	const struct field_column *fields;
	size_t			 n_fields;
	/* Checks the row's values; -1 with err naming a field. */
	int			(*check)(struct run *r, struct err *err);
	/*
	 * The work on a checked row that needs no store, done beside
	 * reading when the import writes (not in a dry run), or NULL.
	 */
	int			(*prepare)(struct run *r, struct row_read *it,
				    struct err *err);
	/*
	 * Writes the checked row, or keeps it for flush(): returns the id
	 * it became, 0 when flush() sets it, or -1.
	 */
	int64_t			(*write)(struct run *r,
				    const struct row_read *it,
				    struct err *err);
	/* Writes the rows write() kept, setting their pending ids. */
	int			(*flush)(struct run *r, struct err *err);
	/*
	 * Its checks read no store: rows are read, checked and prepared in
	 * a thread of their own while the store writes those before.
	 */
	bool			 threaded;
};

struct run {
	struct ctx		*ctx;
	const struct import_options *o;
	struct import_report	*rep;
	const struct entity	*e;
	struct arena		*keep;		/* the report's */
	struct table_row	 header;
	const char		**names;	/* header, kept */
	int			 col[COLUMNS_MAX];	/* file column, or -1 */
	const char		*v[COLUMNS_MAX];	/* the row's values */
	int			 bad_column;	/* entity column of the error */
	int			 contact_column[2];
	char			 now[TIMESTAMP_TEXT_SIZE];
	bool			 failed;	/* a row failed: stop writing */
	/*
	 * When nothing was imported from this source before, the source ids
	 * this run wrote: only those can be found in import_rows, so a
	 * source id the filter has certainly not seen needs no look-up.
	 * NULL when the source was used before: every row is looked up.
	 */
	struct seen		*written;
	/* The row checked */
	struct person_row	 person;
	struct case_row		 kase;
	struct case_person_row	*links;
	size_t			 n_links;
	/*
	 * Rows written or kept but not yet in import_rows, WRITE_ROWS at a
	 * time, with the persons kept; slots find a source id among them
	 * (its index + 1, by hash; 0 is free).
	 */
	struct store_import_row	*pending;
	struct person_sealed	*persons;
	size_t			 n_pending;
	uint16_t		 slots[PENDING_SLOTS];
};

int
import_entity_parse(const char *s, const char *field, enum import_entity *out,
    struct err *err)
{
	if (s && STREQ(s, "persons"))
		*out = IMPORT_PERSONS;
	else if (s && STREQ(s, "cases"))
		*out = IMPORT_CASES;
	else
		return err_set(err, ERR_INVALID, field, "\"%.20s\" cannot be "
		    "imported: import persons or cases", s ? s : "");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Columns                                                             */
/* ------------------------------------------------------------------ */

static int
column_index(const struct entity *e, const char *name)
{
	for (int i = 0; i < e->n_columns; i++)
		if (strcasecmp(e->columns[i], name) == 0)
			return i;
	return -1;
}

/*
 * What the file's column name maps to: the map's entry, else itself.
 * *ignored when the map leaves it out.
 */
static int
map_name(struct run *r, const char *name, int file_col, int *to,
    bool *ignored, struct err *err)
{
	json_t *m = r->o->map ? json_object_get(r->o->map, name) : NULL;
	const char *target = name;

	*ignored = false;
	if (m && json_is_null(m)) {
		*ignored = true;
		return 0;
	}
	if (m) {
		target = json_string_value(m);
	} else {
		for (size_t i = 0; r->e->export_only[i]; i++)
			if (strcasecmp(r->e->export_only[i], name) == 0) {
				*ignored = true;
				return 0;
			}
	}
	*to = target ? column_index(r->e, target) : -1;
	if (*to >= 0)
		return 0;
	return err_set(err, ERR_INVALID, "file", "row 1, column %d (%.60s) "
	    "is not a column of %s: rename it or map it with --map (tipsom "
	    "import %s --help lists the columns), or map it to null",
	    file_col + 1, name, r->e->name, r->e->name);
}

static int
check_map(struct run *r, struct err *err)
{
	const char *key;
	json_t *value;

	if (!r->o->map)
		return 0;
	if (!json_is_object(r->o->map))
		return err_set(err, ERR_INVALID, "map", "the map is not a JSON "
		    "object: write {\"column in the file\": \"column\"}");
	json_object_foreach(r->o->map, key, value) {
		if (!json_is_null(value) && (!json_is_string(value) ||
		    column_index(r->e, json_string_value(value)) < 0))
			return err_set(err, ERR_INVALID, "map", "the map "
			    "sends \"%.60s\" to \"%.40s\", not a column of "
			    "%s: use one (tipsom import %s --help lists them), "
			    "or null", key, json_is_string(value) ?
			    json_string_value(value) : "?", r->e->name,
			    r->e->name);
	}
	return 0;
}

static int
read_header(struct run *r, struct table_reader *t, struct err *err)
{
	int rc = table_next(t, &r->header, err);

	if (rc == -1)
		return -1;
	if (rc == 0)
		return err_set(err, ERR_INVALID, "file", "the file is empty: "
		    "its first row names the columns (tipsom import %s --help "
		    "lists them)", r->e->name);
	r->names = arena_array(r->keep, r->header.n + 1, sizeof(*r->names));
	for (int i = 0; i < COLUMNS_MAX; i++)
		r->col[i] = -1;
	for (size_t i = 0; i < r->header.n; i++) {
		char *name = arena_strdup(r->keep, r->header.fields[i]);
		size_t len = strlen(name);
		bool ignored;
		int to;

		while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
			name[--len] = '\0';
		r->names[i] = name;
		if (!*name) {
			if (i + 1 == r->header.n)
				continue;	/* a trailing comma */
			return err_set(err, ERR_INVALID, "file", "row 1, "
			    "column %zu has no name: name it, or remove it",
			    i + 1);
		}
		if (map_name(r, name, (int)i, &to, &ignored, err) == -1)
			return -1;
		if (ignored)
			continue;
		if (r->col[to] >= 0)
			return err_set(err, ERR_INVALID, "file", "row 1: "
			    "columns %d and %zu are both %s: keep one",
			    r->col[to] + 1, i + 1, r->e->columns[to]);
		r->col[to] = (int)i;
	}
	r->header.fields = r->names;
	if (r->col[0] < 0)
		return err_set(err, ERR_INVALID, "file", "the file has no "
		    "source_id column: add one with each row's id in the "
		    "system it comes from, or map a column to it with --map");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Problems                                                            */
/* ------------------------------------------------------------------ */

static void
add_problem(struct run *r, struct import_problem **list, size_t *n,
    long *more, long row, int column, const char *msg)
{
	if (*n == IMPORT_PROBLEMS_MAX) {
		(*more)++;
		return;
	}
	if (!*list)
		*list = arena_array(r->keep, IMPORT_PROBLEMS_MAX,
		    sizeof(**list));
	(*list)[(*n)++] = (struct import_problem){ .row = row,
	    .column = column >= 0 ? column + 1 : 0,
	    .name = column >= 0 && (size_t)column < r->header.n ?
	    r->names[column] : NULL,
	    .message = arena_strdup(r->keep, msg) };
}

/* The entity column err's field comes from. */
static int
field_column(const struct run *r, const struct err *err)
{
	if (r->bad_column >= 0)
		return r->bad_column;
	for (size_t i = 0; i < r->e->n_fields; i++) {
		size_t n = strlen(r->e->fields[i].field);

		if (strncmp(err->field, r->e->fields[i].field, n) == 0 &&
		    (err->field[n] == '\0' || err->field[n] == '['))
			return r->e->fields[i].column;
	}
	if (strncmp(err->field, "contacts[", 9) == 0 &&
	    (err->field[9] == '0' || err->field[9] == '1'))
		return r->contact_column[err->field[9] - '0'];
	return -1;
}

/* ------------------------------------------------------------------ */
/* Values                                                              */
/* ------------------------------------------------------------------ */

/* "a; b;c" as a list in the arena; n is 0 for an empty cell. */
static int
split(struct run *r, int column, const char ***out, size_t *n,
    struct err *err)
{
	const char *s = r->v[column], **list;
	size_t room = 1;

	*out = NULL;
	*n = 0;
	if (!s)
		return 0;
	for (const char *p = s; *p && room <= LIST_MAX; p++)
		room += *p == ';';
	list = arena_array(r->ctx->arena, MIN(room, LIST_MAX), sizeof(*list));
	while (*s) {
		size_t len = strcspn(s, ";");
		const char *p = s, *end = s + len;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end > p) {
			if (*n == LIST_MAX) {
				r->bad_column = column;
				return err_set(err, ERR_INVALID, "list", "more "
				    "than %d items: keep at most %d",
				    LIST_MAX, LIST_MAX);
			}
			list[(*n)++] = arena_strndup(r->ctx->arena, p,
			    (size_t)(end - p));
		}
		s += len;
		if (*s == ';')
			s++;
	}
	*out = list;
	return 0;
}

static int
yes_no(struct run *r, int column, bool *out, struct err *err)
{
	static const char *const yes[] = { "yes", "true", "1", "y", NULL };
	static const char *const no[] = { "no", "false", "0", "n", NULL };
	const char *s = r->v[column];

	*out = false;
	if (!s)
		return 0;
	for (size_t i = 0; yes[i]; i++)
		if (strcasecmp(s, yes[i]) == 0 || strcasecmp(s, no[i]) == 0) {
			*out = strcasecmp(s, yes[i]) == 0;
			return 0;
		}
	r->bad_column = column;
	return err_set(err, ERR_INVALID, "yes_no", "\"%.20s\" is neither yes "
	    "nor no: write yes or no", s);
}

/* ------------------------------------------------------------------ */
/* Persons                                                             */
/* ------------------------------------------------------------------ */

static int
person_row_check(struct run *r, struct err *err)
{
	struct person_input in = {
		.given = r->v[P_GIVEN], .father = r->v[P_FATHER],
		.grandfather = r->v[P_GRANDFATHER], .family = r->v[P_FAMILY],
		.sex = r->v[P_SEX], .born = r->v[P_BORN],
	};
	struct document_input doc = { .kind = r->v[P_DOCUMENT_KIND],
	    .number = r->v[P_DOCUMENT_NUMBER],
	    .country = r->v[P_DOCUMENT_COUNTRY],
	    .expires_on = r->v[P_DOCUMENT_EXPIRES] };
	struct contact_input contacts[2];
	const char **aliases, **nationalities, **languages;

	if (split(r, P_ALIASES, &aliases, &in.n_aliases, err) == -1 ||
	    split(r, P_NATIONALITIES, &nationalities, &in.n_nationalities,
	    err) == -1 ||
	    split(r, P_LANGUAGES, &languages, &in.n_languages, err) == -1 ||
	    yes_no(r, P_BORN_ESTIMATED, &in.born_estimated, err) == -1)
		return -1;
	in.aliases = aliases;
	in.nationalities = nationalities;
	in.languages = languages;
	if (doc.kind || doc.number || doc.country || doc.expires_on) {
		in.documents = &doc;
		in.n_documents = 1;
	}
	if (r->v[P_PHONE]) {
		r->contact_column[in.n_contacts] = P_PHONE;
		contacts[in.n_contacts++] = (struct contact_input){ "phone",
		    r->v[P_PHONE] };
	}
	if (r->v[P_EMAIL]) {
		r->contact_column[in.n_contacts] = P_EMAIL;
		contacts[in.n_contacts++] = (struct contact_input){ "email",
		    r->v[P_EMAIL] };
	}
	in.contacts = contacts;
	return person_check(r->ctx, &in, &r->person, err);
}

/* Sealing and name keys: beside reading, not in the writing thread. */
static int
person_row_prepare(struct run *r, struct row_read *it, struct err *err)
{
	return person__seal(r->ctx, &r->person, &it->sealed, err);
}

/* Kept for person_rows_flush(): persons are written many at a time. */
static int64_t
person_row_write(struct run *r, const struct row_read *it, struct err *err)
{
	(void)err;
	r->persons[r->n_pending] = it->sealed;
	return 0;
}

static int
person_rows_flush(struct run *r, struct err *err)
{
	if (person__insert_sealed(r->ctx, r->persons, r->n_pending,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < r->n_pending; i++)
		r->pending[i].object_id = r->persons[i].row.id;
	if (!r->rep->first_id)
		r->rep->first_id = r->persons[0].row.id;
	r->rep->last_id = r->persons[r->n_pending - 1].row.id;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Cases                                                               */
/* ------------------------------------------------------------------ */

/* "S1:presumed_victim" to a role of person S1, imported before. */
static int
case_person(struct run *r, const char *item, struct case_person_row *link,
    struct err *err)
{
	const char *colon = strrchr(item, ':');
	char *sid;
	int n;

	r->bad_column = C_PEOPLE;
	if (!colon || colon == item || !colon[1])
		return err_set(err, ERR_INVALID, "people", "\"%.40s\" is not "
		    "SOURCE_ID:ROLE: write the person's source id, a colon "
		    "and the role, like P17:presumed_victim", item);
	sid = arena_strndup(r->ctx->arena, item, (size_t)(colon - item));
	*link = (struct case_person_row){ 0 };
	if (store_import_source_find(r->ctx->store, r->ctx->actor.agency_id,
	    "person", r->o->people_source, sid, &link->person_id, &n,
	    err) == -1)
		return -1;
	if (n == 0)
		return err_set(err, ERR_INVALID, "people", "person \"%.40s\" "
		    "was not imported%s%.40s: import the persons first, or "
		    "check the source id", sid, r->o->people_source ?
		    " from " : "", r->o->people_source ?
		    r->o->people_source : "");
	if (n > 1)
		return err_set(err, ERR_INVALID, "people", "person \"%.40s\" "
		    "was imported from more than one source: name the one "
		    "with --people-source", sid);
	if (case__person_check(r->ctx, &(struct case_person_input){
	    .role = colon + 1 }, link, err) == -1) {
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		return err_set(err, ERR_INVALID, "people", "%s: %s", sid, msg);
	}
	return 0;
}

static int
case_row_check(struct run *r, struct err *err)
{
	struct case_input in = { .kind = r->v[C_KIND],
	    .title = r->v[C_TITLE], .summary = r->v[C_SUMMARY],
	    .sensitivity = r->v[C_SENSITIVITY], .lead = r->v[C_LEAD] };
	const char **people;
	size_t n;

	if (case_check(r->ctx, &in, &r->kase, err) == -1 ||
	    split(r, C_PEOPLE, &people, &n, err) == -1)
		return -1;
	r->links = arena_array(r->ctx->arena, n + 1, sizeof(*r->links));
	r->n_links = 0;
	for (size_t i = 0; i < n; i++) {
		struct case_person_row *l = &r->links[r->n_links];

		if (case_person(r, people[i], l, err) == -1)
			return -1;
		for (size_t k = 0; k < r->n_links; k++)
			if (r->links[k].person_id == l->person_id &&
			    r->links[k].role == l->role)
				return err_set(err, ERR_INVALID, "people",
				    "\"%.40s\" is given twice: keep one",
				    people[i]);
		r->n_links++;
	}
	r->bad_column = -1;
	return 0;
}

/* Cases are written one at a time: each takes the next number. */
static int64_t
case_row_write(struct run *r, const struct row_read *it, struct err *err)
{
	(void)it;	/* checked into r->kase, just before */
	if (case__insert(r->ctx, &r->kase, err) == -1)
		return -1;
	for (size_t i = 0; i < r->n_links; i++) {
		r->links[i].case_id = r->kase.id;
		if (store_case_person_insert(r->ctx->store, &r->links[i],
		    err) == -1)
			return -1;
	}
	if (!r->rep->first_ref)
		r->rep->first_ref = arena_strdup(r->keep, r->kase.ref);
	r->rep->last_ref = arena_strdup(r->keep, r->kase.ref);
	return r->kase.id;
}

static const struct entity entities[] = {
	[IMPORT_PERSONS] = { .action = "import.persons", .name = "persons",
	    .kind = "person", .columns = person_columns,
	    .n_columns = P__MAX, .export_only = person_export_only,
	    .fields = person_fields, .n_fields = ARRAY_SIZE(person_fields),
	    .check = person_row_check, .prepare = person_row_prepare,
	    .write = person_row_write, .flush = person_rows_flush,
	    .threaded = true },
	[IMPORT_CASES] = { .action = "import.cases", .name = "cases",
	    .kind = "case", .columns = case_columns, .n_columns = C__MAX,
	    .export_only = case_export_only, .fields = case_fields,
	    .n_fields = ARRAY_SIZE(case_fields), .check = case_row_check,
	    .write = case_row_write },
};

/* ------------------------------------------------------------------ */
/* Rows                                                                */
/* ------------------------------------------------------------------ */

/* The row's hash: its values in the entity's column order. */
static void
row_hash(struct run *r, char out[VAULT_SHA256_HEX])
{
	struct vault_piece pieces[COLUMNS_MAX * 2];
	size_t n = 0;

	for (int i = 0; i < r->e->n_columns; i++) {
		const char *s = r->v[i] ? r->v[i] : "";

		pieces[n++] = (struct vault_piece){ s, strlen(s) + 1 };
	}
	vault_sha256_hex(pieces, n, out);
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

static size_t
slot_of(const char *sid)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)sid; *p; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	return h & (PENDING_SLOTS - 1);
}

static size_t
slot_next(size_t slot)
{
	return (slot + 1) & (PENDING_SLOTS - 1);
}

/* Whether a row of source id sid waits to be written. */
static bool
pending_has(const struct run *r, const char *sid)
{
	for (size_t s = slot_of(sid); r->slots[s]; s = slot_next(s))
		if (STREQ(r->pending[r->slots[s] - 1].source_id, sid))
			return true;
	return false;
}

/* Writes the rows waiting, then what they were imported from. */
static int
flush(struct run *r, struct err *err)
{
	int rc = 0;

	if (r->n_pending && ((r->e->flush && r->e->flush(r, err) == -1) ||
	    store_import_rows_insert(r->ctx->store, r->ctx->actor.agency_id,
	    r->e->kind, r->rep->source, r->now, r->pending, r->n_pending,
	    err) == -1))
		rc = -1;
	r->n_pending = 0;
	memset(r->slots, 0, sizeof(r->slots));
	return rc;
}

/* Writes the checked row, or keeps it for the next flush(). */
static int
write_row(struct run *r, const struct row_read *it, struct err *err)
{
	int64_t id;
	size_t s = slot_of(it->sid);

	/* The rows loops flush every WRITE_ROWS rows they read. */
	assert(r->n_pending < WRITE_ROWS);
	if (it->failure) {
		*err = *it->failure;
		return -1;
	}
	id = r->e->write(r, it, err);
	if (id == -1)
		return -1;
	r->pending[r->n_pending] = (struct store_import_row){
	    .source_id = it->sid, .object_id = id,
	    .hash = arena_strdup(r->ctx->arena, it->hash) };
	while (r->slots[s])
		s = slot_next(s);
	r->slots[s] = (uint16_t)++r->n_pending;
	if (r->written)
		seen_add(r->written, it->sid);
	return 0;
}

static void
reject(struct run *r, const struct table_row *row, const char *why)
{
	r->rep->rejected++;
	if (r->o->skip_invalid && r->o->reject && !r->o->dry_run)
		r->o->reject(r->o->arg, &r->header, row, why);
	if (!r->o->skip_invalid)
		r->failed = true;
}

/* A copy of e in a, for a row read in one thread and applied in another. */
static struct err *
err_copy(struct arena *a, const struct err *e)
{
	struct err *copy = arena_alloc(a, sizeof(*copy));

	*copy = *e;
	return copy;
}

/* The row rejected: its problem, and its fields for the rejects file. */
static void
read_bad(struct run *r, const struct table_row *row, int column,
    const char *msg, struct row_read *it)
{
	struct arena *a = r->ctx->arena;

	it->state = ROW_BAD;
	it->column = column;
	it->problem = arena_strdup(a, msg);
	it->row = *row;
	it->row.fields = arena_array(a, row->n + 1, sizeof(*it->row.fields));
	for (size_t i = 0; i < row->n; i++)
		it->row.fields[i] = arena_strdup(a, row->fields[i]);
}

/*
 * Reads the next row of t and does all its work that needs no store into
 * *it (in r->ctx->arena): the checks, the row's hash, prepare().  Returns
 * 1, 0 at the end of the file, or -1 when the file cannot be read.
 */
static int
read_row(struct run *r, struct table_reader *t, struct row_read *it,
    struct err *err)
{
	struct err e = ERR_INIT;
	struct table_row row;
	char msg[400];
	bool blank = true;
	int rc = table_next(t, &row, err);

	if (rc != 1)
		return rc;
	*it = (struct row_read){ .state = ROW_BLANK, .number = row.number,
	    .column = -1 };
	for (size_t i = 0; i < row.n; i++)
		if (*row.fields[i])
			blank = false;
	if (blank)
		return 1;
	if (row.n > r->header.n) {
		snprintf(msg, sizeof(msg), "the row has %zu fields and the "
		    "header %zu: quote the fields that hold commas", row.n,
		    r->header.n);
		read_bad(r, &row, -1, msg, it);
		return 1;
	}
	for (int i = 0; i < r->e->n_columns; i++) {
		int c = r->col[i];

		r->v[i] = c >= 0 && (size_t)c < row.n && *row.fields[c] ?
		    row.fields[c] : NULL;
	}
	r->bad_column = -1;
	if (input_text(r->ctx, r->v[0], INPUT_SHORT_MAX, TEXT_REQUIRED,
	    "source_id", &it->sid, &e) == -1) {
		r->bad_column = 0;
		goto bad;
	}
	if (r->e->check(r, &e) == -1)
		goto bad;
	/* The hash tells a row imported before from a change, and is kept
	 * with a row written. */
	row_hash(r, it->hash);
	it->state = ROW_GOOD;
	if (r->e->prepare && !r->o->dry_run && r->e->prepare(r, it, &e) == -1)
		it->failure = err_copy(r->ctx->arena, &e);
	return 1;
bad:
	/* The store failing is no fault of the row's. */
	if (e.code == ERR_STORE || e.code == ERR_INTERNAL) {
		it->state = ROW_FAILED;
		it->failure = err_copy(r->ctx->arena, &e);
		return 1;
	}
	{
		int column = field_column(r, &e);

		/* A rule about a column the file lacks names the row. */
		read_bad(r, &row, column >= 0 ? r->col[column] : -1, e.msg,
		    it);
	}
	return 1;
}

/*
 * The part of a row read that needs the store, in the file's order:
 * the look-up of its source id, then counting, reporting or writing it.
 */
static int
apply_row(struct run *r, const struct row_read *it, struct err *err)
{
	char seen[VAULT_SHA256_HEX], msg[400];
	int64_t object;
	bool found = false;

	if (it->state == ROW_BLANK)
		return 0;
	r->rep->rows++;
	if (it->state == ROW_FAILED) {
		*err = *it->failure;
		return -1;
	}
	if (it->state == ROW_BAD) {
		add_problem(r, &r->rep->problems, &r->rep->n_problems,
		    &r->rep->more_problems, it->number, it->column,
		    it->problem);
		reject(r, &it->row, it->problem);
		return 0;
	}
	if ((!r->written || seen_maybe(r->written, it->sid)) &&
	    store_import_row_find(r->ctx->store, r->ctx->actor.agency_id,
	    r->e->kind, r->rep->source, it->sid, &found, &object, seen,
	    err) == -1)
		return -1;
	/* The same source id earlier in the file, not yet written: write
	 * it, so that this row is found as a row imported before. */
	if (!found && pending_has(r, it->sid) && (flush(r, err) == -1 ||
	    store_import_row_find(r->ctx->store, r->ctx->actor.agency_id,
	    r->e->kind, r->rep->source, it->sid, &found, &object, seen,
	    err) == -1))
		return -1;
	if (found && STREQ(it->hash, seen)) {
		r->rep->already++;
		return 0;
	}
	if (found) {
		r->rep->changed++;
		snprintf(msg, sizeof(msg), "source_id %.40s changed since it "
		    "was imported as %s %" PRId64 ": not overwritten; edit "
		    "it in tipsom", it->sid, r->e->kind, object);
		add_problem(r, &r->rep->notes, &r->rep->n_notes,
		    &r->rep->more_notes, it->number, r->col[0], msg);
		return 0;
	}
	r->rep->added++;
	if (r->o->dry_run || r->failed)
		return 0;
	return write_row(r, it, err);
}

static void
on_bytes(void *arg, const void *p, size_t n)
{
	vault_hash_add(arg, p, n);
}

static int
audit_import(struct run *r, struct err *err)
{
	struct import_report *rep = r->rep;
	json_t *changes = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}",
	    "file_sha256", rep->sha256, "rows", (json_int_t)rep->rows,
	    "added", (json_int_t)rep->added, "already",
	    (json_int_t)rep->already, "changed", (json_int_t)rep->changed,
	    "rejected", (json_int_t)rep->rejected);
	int rc;

	if (rep->first_id)
		json_object_set_new(changes, "ids", json_pack("[I, I]",
		    (json_int_t)rep->first_id, (json_int_t)rep->last_id));
	if (rep->first_ref)
		json_object_set_new(changes, "refs", json_pack("[s, s]",
		    rep->first_ref, rep->last_ref));
	rc = audit_append(r->ctx, &(struct audit_event){
		.action = r->e->action, .object_type = "import",
		.object_id = rep->sha256, .agency_id = r->ctx->actor.agency_id,
		.changes = changes }, err);
	json_decref(changes);
	return rc;
}

/*
 * After every WRITE_ROWS rows read: writes those waiting, clears the
 * scratch arena they lived in, and tells the progress (done of total
 * bytes read) every PROGRESS_ROWS.
 */
static int
rows_read(struct run *r, long n, struct arena *scratch, size_t done,
    size_t total, struct err *err)
{
	if (n % WRITE_ROWS != 0)
		return 0;
	if (flush(r, err) == -1)
		return -1;
	arena_clear(scratch);
	if (r->o->progress && n % PROGRESS_ROWS == 0)
		r->o->progress(r->o->arg, done, total, r->rep->rows);
	return 0;
}

/* Each row read, then applied, in this thread: cases, whose checks read
 * the store. */
static int
rows_serial(struct run *r, struct table_reader *t, struct arena *scratch,
    struct err *err)
{
	struct row_read it;
	size_t done = 0, total = 0;
	long n = 0;
	int rc;

	while ((rc = read_row(r, t, &it, err)) == 1) {
		if (apply_row(r, &it, err) == -1)
			return -1;
		if (++n % WRITE_ROWS == 0)
			table_progress(t, &done, &total);
		if (rows_read(r, n, scratch, done, total, err) == -1)
			return -1;
	}
	if (rc == 0 && !r->failed && flush(r, err) == -1)
		return -1;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Reading beside writing                                              */
/* ------------------------------------------------------------------ */

/*
 * Up to WRITE_ROWS rows read, checked and prepared, in an arena of their
 * own: a thread fills one batch while this one writes the other.
 */
struct batch {
	struct arena	*arena;
	struct row_read	*rows;		/* WRITE_ROWS of them */
	size_t		 n;
	bool		 last;		/* the file ends, or failed, here */
	bool		 failed;	/* the file could not be read: err */
	struct err	 err;
	size_t		 done, total;	/* table_progress() after it */
	bool		 full;		/* the writer's, until it is done */
};

/*
 * The reading thread's: its own run (a copy of the writer's, for the
 * values and checks of the row at hand) in its own ctx, without the
 * store, which stays in the writing thread.
 */
struct reader {
	pthread_mutex_t	 lock;
	pthread_cond_t	 changed;	/* a batch filled, emptied, or stop */
	struct batch	 batches[2];
	bool		 stop;		/* the writer needs no more */
	struct table_reader *t;
	struct ctx	 ctx;
	struct run	 run;
};

/* Fills b from the file: the thread that owns b. */
static void
fill(struct reader *rd, struct batch *b)
{
	int rc = 1;

	arena_clear(b->arena);
	rd->ctx.arena = b->arena;
	b->n = 0;
	while (b->n < WRITE_ROWS && (rc = read_row(&rd->run, rd->t,
	    &b->rows[b->n], &b->err)) == 1)
		b->n++;
	b->last = rc != 1;
	b->failed = rc == -1;
	table_progress(rd->t, &b->done, &b->total);
}

static void *
reading(void *arg)
{
	struct reader *rd = arg;
	bool last = false;

	for (int i = 0; !last; i ^= 1) {
		struct batch *b = &rd->batches[i];

		pthread_mutex_lock(&rd->lock);
		while (b->full && !rd->stop)
			pthread_cond_wait(&rd->changed, &rd->lock);
		last = rd->stop;
		pthread_mutex_unlock(&rd->lock);
		if (last)
			break;
		fill(rd, b);
		last = b->last;
		pthread_mutex_lock(&rd->lock);
		b->full = true;
		pthread_cond_broadcast(&rd->changed);
		pthread_mutex_unlock(&rd->lock);
	}
	return NULL;
}

/* Hands b to the other side: filled to the writer, emptied to the
 * reader. */
static void
batch_pass(struct reader *rd, struct batch *b, bool full)
{
	pthread_mutex_lock(&rd->lock);
	b->full = full;
	pthread_cond_broadcast(&rd->changed);
	pthread_mutex_unlock(&rd->lock);
}

static void
batch_wait_full(struct reader *rd, struct batch *b)
{
	pthread_mutex_lock(&rd->lock);
	while (!b->full)
		pthread_cond_wait(&rd->changed, &rd->lock);
	pthread_mutex_unlock(&rd->lock);
}

/*
 * Rows read, checked, sealed and keyed in a thread of their own, a batch
 * ahead, and applied here in the file's order, where the store is: the
 * same rows, reports and errors as rows_serial(), on two cores.  Should
 * no thread start, this thread reads each batch itself.
 */
static int
rows_threaded(struct run *r, struct table_reader *t, struct arena *scratch,
    struct err *err)
{
	struct reader rd = { .t = t, .ctx = *r->ctx, .run = *r };
	pthread_t thread;
	bool threaded;
	long n = 0;
	int rc = 0;

	pthread_mutex_init(&rd.lock, NULL);
	pthread_cond_init(&rd.changed, NULL);
	/* Its checks read no store: a slip would crash here, not race. */
	rd.ctx.store = NULL;
	rd.run.ctx = &rd.ctx;
	for (int i = 0; i < 2; i++) {
		rd.batches[i].arena = arena_new();
		rd.batches[i].rows = arena_array(r->keep, WRITE_ROWS,
		    sizeof(*rd.batches[i].rows));
	}
	threaded = pthread_create(&thread, NULL, reading, &rd) == 0;
	for (int i = 0;; i ^= 1) {
		struct batch *b = &rd.batches[i];

		if (threaded)
			batch_wait_full(&rd, b);
		else
			fill(&rd, b);
		for (size_t k = 0; k < b->n && rc == 0; k++)
			rc = apply_row(r, &b->rows[k], err);
		n += (long)b->n;
		if (rc == 0 && b->failed) {
			*err = b->err;
			rc = -1;
		}
		/* The rows waiting point into b: written before it goes
		 * back to the reader. */
		if (rc == 0 && b->n && rows_read(r, n, scratch, b->done,
		    b->total, err) == -1)
			rc = -1;
		if (rc == 0 && b->last && !r->failed && flush(r, err) == -1)
			rc = -1;
		if (rc == -1 || b->last)
			break;
		if (threaded)
			batch_pass(&rd, b, false);
	}
	if (threaded) {
		pthread_mutex_lock(&rd.lock);
		rd.stop = true;
		pthread_cond_broadcast(&rd.changed);
		pthread_mutex_unlock(&rd.lock);
		pthread_join(thread, NULL);
	}
	for (int i = 0; i < 2; i++)
		arena_free(&rd.batches[i].arena);
	pthread_cond_destroy(&rd.changed);
	pthread_mutex_destroy(&rd.lock);
	return rc;
}

static int
rows(struct run *r, struct table_reader *t, struct err *err)
{
	struct arena *scratch = arena_new();
	size_t done, total;
	int rc;

	r->ctx->arena = scratch;
	rc = r->e->threaded ? rows_threaded(r, t, scratch, err) :
	    rows_serial(r, t, scratch, err);
	r->ctx->arena = r->keep;
	arena_free(&scratch);
	if (rc == 0 && r->o->progress) {
		table_progress(t, &done, &total);
		r->o->progress(r->o->arg, total, total, r->rep->rows);
	}
	return rc;
}

/* The file's base name, for a source. */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int
import_run(struct ctx *ctx, const struct import_options *o,
    struct import_report *rep, struct err *err)
{
	struct run r = { .ctx = ctx, .o = o, .rep = rep,
	    .e = &entities[o->entity], .keep = ctx->arena };
	struct vault_hash *h = vault_hash_new();
	struct table_options to = { .format = o->format,
	    .encoding = o->encoding, .on_bytes = on_bytes, .arg = h };
	struct table_reader *t = NULL;
	bool began = false, used;
	int rc = -1;

	*rep = (struct import_report){ .entity = r.e->name,
	    .dry_run = o->dry_run };
	if (access_require(ctx, PERM_DATA_IMPORT, err) == -1 ||
	    input_text(ctx, o->source ? o->source : base_name(o->path),
	    IMPORT_SOURCE_MAX, TEXT_REQUIRED, "source", &rep->source,
	    err) == -1 ||
	    check_map(&r, err) == -1)
		goto out;
	date_now_timestamp(r.now);
	r.pending = arena_array(ctx->arena, WRITE_ROWS, sizeof(*r.pending));
	r.persons = arena_array(ctx->arena, WRITE_ROWS, sizeof(*r.persons));
	t = table_open(o->path, &to, err);
	if (!t || read_header(&r, t, err) == -1)
		goto out;
	/* One transaction for the file, also for a dry run, which rolls it
	 * back: the checks read the store. */
	if (store_begin(ctx->store, err) == -1)
		goto out;
	began = true;
	if (store_import_source_used(ctx->store, ctx->actor.agency_id,
	    r.e->kind, rep->source, &used, err) == -1)
		goto out;
	if (!used)
		r.written = seen_new(SEEN_BYTES_DEFAULT);
	if (rows(&r, t, err) == -1)
		goto out;
	/* The hash of the whole file, read to its end by now. */
	vault_hash_hex(h, rep->sha256);
	if (r.failed) {
		err_set(err, ERR_INVALID, "file", "%ld row%s of %ld %s errors: "
		    "nothing was imported; fix %s and import again, or give "
		    "--skip-invalid to import the others", rep->rejected,
		    rep->rejected == 1 ? "" : "s", rep->rows,
		    rep->rejected == 1 ? "has" : "have",
		    rep->rejected == 1 ? "it" : "them");
		goto out;
	}
	if (o->dry_run) {
		rc = 0;
		goto out;
	}
	if (audit_import(&r, err) == -1 || store_commit(ctx->store, err) == -1)
		goto out;
	began = false;
	rep->written = true;
	rc = 0;
out:
	if (began)
		store_rollback(ctx->store);
	if (!rep->written)
		rep->first_id = rep->last_id = 0;
	table_close(&t);
	vault_hash_free(&h);
	seen_free(&r.written);
	return rc;
}

static json_t *
problems_json(const struct import_problem *p, size_t n)
{
	json_t *all = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(all, json_pack("{s:I, s:i, s:s?, s:s}",
		    "row", (json_int_t)p[i].row, "column", p[i].column,
		    "name", p[i].name, "message", p[i].message));
	return all;
}

json_t *
import_report_json(const struct import_report *rep)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:b, s:b, s:I, s:I, s:I, s:I, "
	    "s:I, s:o, s:I, s:o, s:I}", "entity", rep->entity, "source",
	    rep->source ? rep->source : "", "sha256", rep->sha256, "dry_run",
	    rep->dry_run, "written", rep->written, "rows",
	    (json_int_t)rep->rows, "added", (json_int_t)rep->added, "already",
	    (json_int_t)rep->already, "changed", (json_int_t)rep->changed,
	    "rejected", (json_int_t)rep->rejected, "problems",
	    problems_json(rep->problems, rep->n_problems), "more_problems",
	    (json_int_t)rep->more_problems, "changes",
	    problems_json(rep->notes, rep->n_notes), "more_changes",
	    (json_int_t)rep->more_notes);

	if (rep->first_id)
		json_object_set_new(j, "ids", json_pack("{s:I, s:I}", "first",
		    (json_int_t)rep->first_id, "last",
		    (json_int_t)rep->last_id));
	if (rep->first_ref && rep->written)
		json_object_set_new(j, "refs", json_pack("{s:s, s:s}", "first",
		    rep->first_ref, "last", rep->last_ref));
	return j;
}
