/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_import.c - tipsom import persons through the core: an imported
 * person is stored as person add stores the same person (names in NFC
 * with their scripts, codes, documents, contacts, and the name keys that
 * search reads), across the batches the import writes in; it can be
 * found by name afterwards; a source id given twice in one file is
 * imported once, also batches apart in a source never used before;
 * importing the file again adds nothing; rows read, checked and sealed
 * a batch ahead of the writing are still reported, rejected and refused
 * in the file's order, dry run or not; and a seal failing in the reading
 * thread fails the import with the vault's own error.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

#include "base/buf.h"
#include "core/import.h"
#include "core/person.h"
#include "core/search.h"
#include "base/banned.h"

#define PASSWORD	"Correct-Horse-Erbil-2026"
/* More than the import's write batch (256) and the store's (64). */
#define PERSONS		300

struct world {
	struct unit_env	*env;
	char		 dir[64];
};

/* The persons of the file, varied by i; the fields are static texts. */
struct person_text {
	char		 source_id[24];
	const char	*given, *father, *grandfather, *family, *aliases;
	const char	*sex, *born, *estimated, *nationalities, *languages;
	const char	*document_kind, *document_country, *document_expires;
	char		 document_number[24], phone[64];
	const char	*email;
};

static const char *const givens[] = { "Zaynab", "\u0632\u06cc\u0646\u0628",
    "\u0634\u06cc\u0644\u0627\u0646", "Ahmad", "\u0645\u062d\u0645\u062f",
    " Rustam ", "Jose\u0301", "\u0627\u0653\u0645\u0646\u0629" };
static const char *const families[] = { "al-Hasnawi", "Karimov",
    "\u0627\u0644\u062c\u0628\u0648\u0631\u064a",
    "\u0628\u06d5\u0631\u0632\u0646\u062c\u06cc", "Rahimi" };
static const char *const sexes[] = { "female", "male", "unknown", "" };

static void
person_text(size_t i, struct person_text *p)
{
	*p = (struct person_text){ .given = givens[i % ARRAY_SIZE(givens)],
	    .father = givens[(i / 3) % ARRAY_SIZE(givens)],
	    .family = families[i % ARRAY_SIZE(families)],
	    .sex = sexes[i % ARRAY_SIZE(sexes)] };

	snprintf(p->source_id, sizeof(p->source_id), "P-%zu", i + 1);
	if (i % 7 == 0)
		p->grandfather = "Qadir";
	if (i % 5 == 0)
		p->aliases = "Abu Ali; \u0623\u0628\u0648 \u0639\u0644\u064a";
	if (i % 13 == 0) {	/* known by an alias alone */
		p->given = p->father = p->grandfather = p->family = NULL;
		p->aliases = "Shorty";
	}
	if (i % 3 == 0) {
		p->born = "1990-05-17";
	} else if (i % 3 == 1) {
		p->born = "1985";
		p->estimated = i % 2 ? "yes" : "no";
	}
	p->nationalities = i % 2 ? "iq; SY; IQ" : "AF";
	p->languages = i % 4 ? "ar; ckb; ar" : "prs";
	if (i % 4 == 0) {
		p->document_kind = "passport";
		snprintf(p->document_number, sizeof(p->document_number),
		    "A%06zu", i);
		p->document_country = "iq";
		p->document_expires = "2031-02-28";
	}
	if (i % 3 == 0)
		snprintf(p->phone, sizeof(p->phone), "+964 750 %03zu %04zu",
		    i % 1000, i);
	if (i % 10 == 0)
		p->email = "someone@example.org";
}

static const char *
or_empty(const char *s)
{
	return s ? s : "";
}

/* Writes the file of persons texts[0..n) at path; 0 or -1. */
static int
write_csv(const char *path, const struct person_text *texts, size_t n)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs("source_id,given,father,grandfather,family,aliases,sex,born,"
	    "born_estimated,nationalities,languages,document_kind,"
	    "document_number,document_country,document_expires,phone,email\n",
	    f);
	for (size_t i = 0; i < n; i++) {
		const struct person_text *p = &texts[i];

		fprintf(f, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,"
		    "%s\n", p->source_id, or_empty(p->given),
		    or_empty(p->father), or_empty(p->grandfather),
		    or_empty(p->family), or_empty(p->aliases), p->sex,
		    or_empty(p->born), or_empty(p->estimated),
		    p->nationalities, p->languages,
		    or_empty(p->document_kind), p->document_number,
		    or_empty(p->document_country),
		    or_empty(p->document_expires), p->phone,
		    or_empty(p->email));
	}
	return fclose(f);
}

/* "a; b" as a list in a, as person add is given one. */
static const char **
list_of(struct arena *a, const char *s, size_t *n)
{
	const char **list = arena_array(a, 8, sizeof(*list));
	char *copy = arena_strdup(a, s ? s : "");

	*n = 0;
	for (char *item = copy, *next; item && *n < 8; item = next) {
		next = strchr(item, ';');
		if (next)
			*next++ = '\0';
		while (*item == ' ')
			item++;
		if (*item)
			list[(*n)++] = item;
	}
	return list;
}

/* person_add() of what the file says of p. */
static int
add_person(struct ctx *ctx, const struct person_text *p, int64_t *id,
    struct err *err)
{
	struct document_input doc = { p->document_kind, p->document_number,
	    p->document_country, p->document_expires };
	struct contact_input contacts[2];
	struct person_input in = { .given = p->given, .father = p->father,
	    .grandfather = p->grandfather, .family = p->family,
	    .sex = p->sex, .born = p->born,
	    .born_estimated = p->estimated && STREQ(p->estimated, "yes") };
	struct person_row row;

	in.aliases = list_of(ctx->arena, p->aliases, &in.n_aliases);
	in.nationalities = list_of(ctx->arena, p->nationalities,
	    &in.n_nationalities);
	in.languages = list_of(ctx->arena, p->languages, &in.n_languages);
	if (p->document_kind) {
		in.documents = &doc;
		in.n_documents = 1;
	}
	if (*p->phone)
		contacts[in.n_contacts++] = (struct contact_input){ "phone",
		    p->phone };
	if (p->email)
		contacts[in.n_contacts++] = (struct contact_input){ "email",
		    p->email };
	in.contacts = contacts;
	if (person_add(ctx, &in, &row, err) == -1)
		return -1;
	*id = row.id;
	return 0;
}

/* Everything stored of person id but its id and when it was written,
 * opened (sealed twice, one value never looks the same). */
static const char *
stored(struct unit_env *env, int64_t id)
{
	struct buf b = BUF_INIT(1 << 16);
	struct person_row p;
	const char *out;

	must(store_person_by_id(env->ctx.store, id, env->ctx.arena, &p,
	    &env->err), env, "reading a person");
	must(person__unseal(&env->ctx, &p, &env->err), env, "opening a "
	    "person");
	buf_addf(&b, "%s %s %d %d agency %" PRId64 " by %" PRId64 ";",
	    enum_name(&sex_desc, p.sex), or_empty(p.birth_date),
	    p.birth_year, p.birth_year_estimated, p.agency_id, p.created_by);
	for (size_t i = 0; i < p.n_names; i++)
		buf_addf(&b, " name %s [%s|%s|%s|%s] %s;",
		    enum_name(&name_kind_desc, p.names[i].kind),
		    or_empty(p.names[i].given), or_empty(p.names[i].father),
		    or_empty(p.names[i].grandfather),
		    or_empty(p.names[i].family), p.names[i].script);
	for (size_t i = 0; i < p.n_nationalities; i++)
		buf_addf(&b, " nationality %s;", p.nationalities[i]);
	for (size_t i = 0; i < p.n_languages; i++)
		buf_addf(&b, " language %s;", p.languages[i]);
	for (size_t i = 0; i < p.n_documents; i++)
		buf_addf(&b, " document %s %s %s %s;",
		    enum_name(&document_kind_desc, p.documents[i].kind),
		    p.documents[i].number, or_empty(p.documents[i].country),
		    or_empty(p.documents[i].expires_on));
	for (size_t i = 0; i < p.n_contacts; i++)
		buf_addf(&b, " contact %s %s;",
		    enum_name(&contact_kind_desc, p.contacts[i].kind),
		    p.contacts[i].value);
	out = arena_strdup(env->ctx.arena, b.s);
	buf_release(&b);
	return out;
}

/* The key rows of every person: keys[person id], lines joined by |. */
struct key_rows {
	struct vault	*vault;
	struct arena	*a;
	const char	**keys;
	size_t		 n;
};

static int
key_row(int64_t id, int64_t person_id, const char *keys, void *arg)
{
	struct key_rows *k = arg;

	(void)id;
	if (person_id < 1 || (size_t)person_id >= k->n ||
	    !(keys = vault_field_open(k->vault, k->a, SEARCH_KEYS_FIELD, keys,
	    NULL)))
		return -1;
	k->keys[person_id] = arena_printf(k->a, "%s%s|",
	    or_empty(k->keys[person_id]), keys);
	return 0;
}

static struct report_counts {
	long	 rows, added, already, changed, rejected;
} counts_of(const struct import_report *rep)
{
	return (struct report_counts){ rep->rows, rep->added, rep->already,
	    rep->changed, rep->rejected };
}

static void
want_counts(const struct import_report *rep, struct report_counts want,
    const char *what)
{
	struct report_counts got = counts_of(rep);

	if (memcmp(&got, &want, sizeof(got)) != 0)
		fail_msg("%s: rows %ld added %ld already %ld changed %ld "
		    "rejected %ld, want %ld %ld %ld %ld %ld", what, got.rows,
		    got.added, got.already, got.changed, got.rejected,
		    want.rows, want.added, want.already, want.changed,
		    want.rejected);
}

static int
import_file(struct world *w, const char *path, bool dry,
    struct import_report *rep)
{
	return import_run(&w->env->ctx, &(struct import_options){
	    .entity = IMPORT_PERSONS, .path = path, .format = TABLE_CSV,
	    .source = "registry", .dry_run = dry }, rep, &w->env->err);
}

static void
test_import_as_person_add(void **state)
{
	struct world *w = *state;
	struct unit_env *env = w->env;
	struct person_text *texts = arena_array(env->ctx.arena, PERSONS,
	    sizeof(*texts));
	struct key_rows keys = { env->ctx.vault, env->ctx.arena, NULL,
	    2 * PERSONS + 1 };
	struct import_report rep;
	struct person_hit *hits;
	char path[128];
	size_t n;

	for (size_t i = 0; i < PERSONS; i++)
		person_text(i, &texts[i]);
	/* One person to be found by a name no other has. */
	texts[0].given = "Hozan";
	texts[0].family = "\u0633\u06cc\u0627\u0648\u06d5\u0634\u06cc";
	snprintf(path, sizeof(path), "%s/persons.csv", w->dir);
	assert_int_equal(write_csv(path, texts, PERSONS), 0);

	must(import_file(w, path, true, &rep), env, "dry run");
	want_counts(&rep, (struct report_counts){ PERSONS, PERSONS, 0, 0, 0 },
	    "dry run");
	assert_false(rep.written);
	must(import_file(w, path, false, &rep), env, "import");
	want_counts(&rep, (struct report_counts){ PERSONS, PERSONS, 0, 0, 0 },
	    "import");
	assert_true(rep.written);
	assert_int_equal(rep.first_id, 1);
	assert_int_equal(rep.last_id, PERSONS);

	/* person add of the same persons stores the same. */
	for (size_t i = 0; i < PERSONS; i++) {
		int64_t id;

		must(add_person(&env->ctx, &texts[i], &id, &env->err), env,
		    texts[i].source_id);
		assert_int_equal(id, PERSONS + 1 + (int64_t)i);
	}
	for (size_t i = 0; i < PERSONS; i++) {
		const char *imported = stored(env, 1 + (int64_t)i),
		    *added = stored(env, PERSONS + 1 + (int64_t)i);

		if (!STREQ(imported, added))
			fail_msg("row %zu (%s): imported as \"%s\", added as "
			    "\"%s\"", i, texts[i].source_id, imported, added);
	}

	/* With the same name keys, so search finds them alike. */
	keys.keys = arena_array(env->ctx.arena, keys.n, sizeof(*keys.keys));
	must(store_name_keys_since(env->ctx.store, 0, 10 * PERSONS, key_row,
	    &keys, &env->err), env, "reading the keys");
	for (size_t i = 0; i < PERSONS; i++) {
		const char *imported = keys.keys[1 + i],
		    *added = keys.keys[PERSONS + 1 + i];

		if (!imported || !unit_str_same(imported, added))
			fail_msg("row %zu (%s): keys \"%s\" imported, \"%s\" "
			    "added", i, texts[i].source_id, or_empty(imported),
			    or_empty(added));
	}
	must(person_search(&env->ctx, "Hozan \u0633\u06cc\u0627\u0648\u06d5"
	    "\u0634\u06cc", 10, &hits, &n, &env->err), env, "search");
	if (n < 2 || hits[0].id == hits[1].id ||
	    (hits[0].id != 1 && hits[1].id != 1))
		fail_msg("search found %zu, not the imported person 1 and "
		    "its added twin first", n);

	/* Again: all there already. */
	must(import_file(w, path, false, &rep), env, "import again");
	want_counts(&rep, (struct report_counts){ PERSONS, 0, PERSONS, 0, 0 },
	    "import again");
}

/*
 * A source id twice in one file, close enough that the first is still
 * waiting to be written when the second is read: the second is the same
 * row (already there) or a change (reported with the person it became).
 */
static void
test_source_id_twice(void **state)
{
	struct world *w = *state;
	struct unit_env *env = w->env;
	struct person_text texts[7];
	struct import_report rep;
	char path[128], person[32];

	for (size_t i = 0; i < 5; i++)
		person_text(i + 1, &texts[i]);
	texts[5] = texts[1];
	texts[6] = texts[2];
	texts[6].given = "Kawa";
	snprintf(path, sizeof(path), "%s/twice.csv", w->dir);
	assert_int_equal(write_csv(path, texts, ARRAY_SIZE(texts)), 0);

	must(import_file(w, path, false, &rep), env, "import");
	want_counts(&rep, (struct report_counts){ 7, 5, 1, 1, 0 }, "import");
	assert_int_equal(rep.last_id - rep.first_id, 4);
	assert_int_equal(rep.n_notes, 1);
	assert_int_equal(rep.notes[0].row, 8);
	snprintf(person, sizeof(person), "person %" PRId64, rep.first_id + 2);
	if (!unit_contains(rep.notes[0].message, person))
		fail_msg("the change says \"%s\", not %s",
		    rep.notes[0].message, person);
}

/*
 * A source never imported from skips the look-up of source ids this run
 * did not write: a source id again, batches after the first (written by
 * then), is still the same row or a change; so on a second import of the
 * file, and under a new source the file is new again.
 */
static void
test_source_id_batches_apart(void **state)
{
	enum { FIRST = 2000, AGAIN = 500 };
	static const char *const sources[] = { "census", "census",
	    "census-2" };
	static const struct report_counts want[] = {
		{ FIRST + AGAIN, FIRST, AGAIN / 2, AGAIN / 2, 0 },
		{ FIRST + AGAIN, 0, FIRST + AGAIN / 2, AGAIN / 2, 0 },
		{ FIRST + AGAIN, FIRST, AGAIN / 2, AGAIN / 2, 0 },
	};
	struct world *w = *state;
	struct unit_env *env = w->env;
	struct person_text *texts = arena_array(env->ctx.arena, FIRST + AGAIN,
	    sizeof(*texts));
	struct import_report rep;
	char path[128], what[64];

	for (size_t i = 0; i < FIRST; i++)
		person_text(i, &texts[i]);
	for (size_t i = 0; i < AGAIN; i++) {
		texts[FIRST + i] = texts[i];
		if (i % 2)
			texts[FIRST + i].given = "Kawa";
	}
	snprintf(path, sizeof(path), "%s/apart.csv", w->dir);
	assert_int_equal(write_csv(path, texts, FIRST + AGAIN), 0);

	for (size_t k = 0; k < ARRAY_SIZE(sources); k++) {
		snprintf(what, sizeof(what), "import %zu from %s", k,
		    sources[k]);
		must(import_run(&env->ctx, &(struct import_options){
		    .entity = IMPORT_PERSONS, .path = path,
		    .format = TABLE_CSV, .source = sources[k] }, &rep,
		    &env->err), env, what);
		want_counts(&rep, want[k], what);
		/* Row 1 is the header: the first change is the row of
		 * index FIRST + 1, reported first. */
		assert_true(rep.n_notes > 0);
		assert_int_equal(rep.notes[0].row, FIRST + 3);
	}
}

/* A file of n persons, row i as line(i) writes it (header: source_id,
 * given, family, sex). */
static void
write_lines(const char *path, int n, void (*line)(FILE *f, int i))
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs("source_id,given,family,sex\n", f);
	for (int i = 0; i < n; i++)
		line(f, i);
	assert_int_equal(fclose(f), 0);
}

/* Rows 5, 1030 and 2500 of bad sex, 1500 blank, 2000 one field too
 * many: in the first, second and third batch the import reads. */
enum { ORDER_ROWS = 2600 };
static const long order_rejected[] = { 7, 1032, 2002, 2502 };
static const int order_columns[] = { 4, 4, 0, 4 };

static void
order_line(FILE *f, int i)
{
	if (i == 1500)
		fputs(",,,\n", f);
	else if (i == 2000)
		fprintf(f, "R-%d,Zaynab,Rahimi,female,extra\n", i);
	else
		fprintf(f, "R-%d,Zaynab,Rahimi,%s\n", i,
		    i == 5 || i == 1030 || i == 2500 ? "robot" : "female");
}

struct rejects {
	long		 rows[8];
	size_t		 n;
};

static void
on_reject(void *arg, const struct table_row *header,
    const struct table_row *row, const char *why)
{
	struct rejects *r = arg;

	(void)header;
	(void)why;
	if (r->n < ARRAY_SIZE(r->rows))
		r->rows[r->n++] = row->number;
}

static void
want_problems(const struct import_report *rep, const char *what)
{
	if (rep->n_problems != ARRAY_SIZE(order_rejected))
		fail_msg("%s: %zu problems, want %zu", what, rep->n_problems,
		    ARRAY_SIZE(order_rejected));
	for (size_t i = 0; i < ARRAY_SIZE(order_rejected); i++)
		if (rep->problems[i].row != order_rejected[i] ||
		    rep->problems[i].column != order_columns[i])
			fail_msg("%s: problem %zu at row %ld column %d, want "
			    "row %ld column %d", what, i, rep->problems[i].row,
			    rep->problems[i].column, order_rejected[i],
			    order_columns[i]);
}

static void
test_rows_in_order(void **state)
{
	static const struct report_counts counts = { ORDER_ROWS - 1,
	    ORDER_ROWS - 5, 0, 0, 4 };
	struct world *w = *state;
	struct unit_env *env = w->env;
	struct import_report rep;
	struct rejects rejects = { .n = 0 };
	struct import_options o = { .entity = IMPORT_PERSONS,
	    .format = TABLE_CSV, .source = "order", .skip_invalid = true,
	    .reject = on_reject, .arg = &rejects };
	char path[128];

	snprintf(path, sizeof(path), "%s/order.csv", w->dir);
	write_lines(path, ORDER_ROWS, order_line);
	o.path = path;

	/* Without --skip-invalid: refused, nothing written. */
	o.skip_invalid = false;
	assert_int_equal(import_run(&env->ctx, &o, &rep, &env->err), -1);
	assert_false(rep.written);
	if (!unit_contains(env->err.msg, "4 rows of 2599 have errors: "
	    "nothing was imported"))
		fail_msg("refused with \"%s\"", env->err.msg);
	want_problems(&rep, "refused");
	assert_int_equal(rejects.n, 0);
	err_clear(&env->err);

	o.skip_invalid = true;
	o.dry_run = true;
	must(import_run(&env->ctx, &o, &rep, &env->err), env, "dry run");
	want_counts(&rep, counts, "dry run");
	want_problems(&rep, "dry run");
	assert_int_equal(rejects.n, 0);

	o.dry_run = false;
	must(import_run(&env->ctx, &o, &rep, &env->err), env, "import");
	want_counts(&rep, counts, "import");
	want_problems(&rep, "import");
	assert_true(rep.written);
	assert_int_equal(rep.last_id - rep.first_id, ORDER_ROWS - 6);
	assert_int_equal(rejects.n, ARRAY_SIZE(order_rejected));
	for (size_t i = 0; i < rejects.n; i++)
		if (rejects.rows[i] != order_rejected[i])
			fail_msg("reject %zu is row %ld, want %ld", i,
			    rejects.rows[i], order_rejected[i]);
}

static void
plain_line(FILE *f, int i)
{
	fprintf(f, "K-%d,Kawa,Rahimi,male\n", i);
}

/*
 * A process that holds no key seals nothing: the reading thread's
 * failure is the import's, with the vault's message; a dry run, which
 * seals nothing, passes.
 */
static void
test_seal_fails(void **state)
{
	struct world *w = *state;
	struct unit_env *env = w->env;
	struct import_report rep;
	char path[128];

	snprintf(path, sizeof(path), "%s/plain.csv", w->dir);
	write_lines(path, 1500, plain_line);
	vault_close(&env->ctx.vault);
	env->ctx.vault = vault_open(PWHASH_INTERACTIVE, &env->err);
	assert_non_null(env->ctx.vault);
	vault_expect_keys(env->ctx.vault);

	must(import_file(w, path, true, &rep), env, "dry run");
	want_counts(&rep, (struct report_counts){ 1500, 1500, 0, 0, 0 },
	    "dry run");
	assert_int_equal(import_file(w, path, false, &rep), -1);
	assert_int_equal(env->err.code, ERR_STORE);
	if (!unit_contains(env->err.msg, "holds no key"))
		fail_msg("failed with \"%s\"", env->err.msg);
	assert_false(rep.written);
}

static int
setup(void **state)
{
	static const char *const agencies[][2] = {
		{ "KRI-MOI", "law_enforcement" },
	};
	static const char *const users[][3] = {
		{ "sup", "KRI-MOI", "supervisor" },
	};
	struct world *w = calloc(1, sizeof(*w));
	struct unit_env *env = unit_env_new();

	if (!env || !w) {
		unit_env_free(&env);
		free(w);
		return -1;
	}
	w->env = env;
	snprintf(w->dir, sizeof(w->dir), "/tmp/tipsom-test-import-XXXXXX");
	if (!mkdtemp(w->dir)) {
		unit_env_free(&env);
		free(w);
		return -1;
	}
	unit_people(env, agencies, ARRAY_SIZE(agencies), users,
	    ARRAY_SIZE(users), PASSWORD);
	unit_as(env, "sup");
	*state = w;
	return 0;
}

/* The files a test writes, removed even when it failed half-way. */
static const char *const files[] = { "persons.csv", "twice.csv",
    "apart.csv", "order.csv", "plain.csv" };

static int
teardown(void **state)
{
	struct world *w = *state;
	char path[128];

	for (size_t i = 0; w && i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", w->dir, files[i]);
		unlink(path);
	}
	if (w)
		rmdir(w->dir);
	return unit_world_teardown(state);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_as_person_add,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_source_id_twice, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_source_id_batches_apart,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_in_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_seal_fails, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
