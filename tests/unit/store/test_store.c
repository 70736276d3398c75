/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_store.c - the store and the core on real SQLite stores.
 *
 * Three groups:
 *
 *   store      opening, migrations, nested transactions and the case
 *              counter, on private in-memory stores;
 *   scenario   one in-memory store taken from bootstrap to a closed case
 *              through the core, as the CLI would; its tests run in order
 *              and build on each other (argon2 is slow, so users are
 *              made once);
 *   faults     every write of the core failed at each of its statements
 *              in turn (store_fault.h), proving that nothing is
 *              half-written and that the case counter is not consumed
 *              (SQLite's *fault.test, curl's torture tests).
 *
 * The fault group prepares its stores once, through the core, as files,
 * and copies them for each run: a fresh store per injected fault without
 * hashing passwords again, and a store that can be closed and opened
 * again, which shows a transaction left open (it would be rolled back).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "unit.h"

#include "base/date.h"
#include "base/embed.h"
#include "core/access.h"
#include "core/agency.h"
#include "core/audit.h"
#include "core/case.h"
#include "core/caseref.h"
#include "core/cooperation.h"
#include "core/import.h"
#include "core/links.h"
#include "core/legal.h"
#include "core/library.h"
#include "core/person.h"
#include "core/screening.h"
#include "core/share.h"
#include "core/sop.h"
#include "core/steps.h"
#include "store/store_fault.h"
#include "base/banned.h"

#define PASSWORD	"correct horse battery staple"

/* The reference of case number n of KRI-MOI this year. */
static void
ref_of(int64_t n, char out[CASE_REF_SIZE])
{
	struct date today;

	date_today(&today);
	caseref_format("KRI-MOI", today.year, n, out);
}

/*
 * Calls that must succeed, or fail with a given code.  expr uses the
 * struct err *err in scope.
 */
#define MUST(expr) do {							\
	err_clear(err);							\
	if ((expr) == -1)						\
		fail_msg("%s:%d: %s: %s (%s)", __FILE__, __LINE__,	\
		    #expr, err->msg, err_code_name(err->code));		\
} while (0)

#define MUST_FAIL(expr, want_code, want_field) do {			\
	err_clear(err);							\
	if ((expr) != -1)						\
		fail_msg("%s:%d: %s: succeeded, want %s", __FILE__,	\
		    __LINE__, #expr, err_code_name(want_code));		\
	if (err->code != (want_code) || !STREQ(err->field, want_field)) \
		fail_msg("%s:%d: %s: got %s field \"%s\" (%s), want %s " \
		    "field \"%s\"", __FILE__, __LINE__, #expr,		\
		    err_code_name(err->code), err->field, err->msg,	\
		    err_code_name(want_code), want_field);		\
} while (0)

/* ------------------------------------------------------------------ */
/* store: opening, migrations, transactions                            */
/* ------------------------------------------------------------------ */

/* A password never shows in a store's url as printed. */
static void
test_url_shown(void **state)
{
	static const struct {
		const char *url, *shown;
	} rows[] = {
		{ "sqlite:tipsom.db", "sqlite:tipsom.db" },
		{ "sqlite:/srv/a:b@c.db", "sqlite:/srv/a:b@c.db" },
		{ "postgresql://tipsom@db/tipsom", "postgresql://tipsom@db/tipsom" },
		{ "postgresql://tipsom:s3cr:et@db:5432/tipsom?sslmode=require",
		    "postgresql://tipsom:***@db:5432/tipsom?sslmode=require" },
		{ "postgresql://db:5432/tipsom", "postgresql://db:5432/tipsom" },
		{ "postgresql://db/x?options=a:b@c", "postgresql://db/x?options=a:b@c" },
		{ "postgresql://u:p@h1:5432,h2:5432/d",
		    "postgresql://u:***@h1:5432,h2:5432/d" },
	};
	char out[128];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		store_url_shown(rows[i].url, out, sizeof(out));
		if (!STREQ(out, rows[i].shown))
			fail_msg("row %zu: %s shown as %s, want %s", i,
			    rows[i].url, out, rows[i].shown);
	}
}

static void
test_open_refuses(void **state)
{
	static const struct {
		const char	*name;
		const char	*url;
		unsigned	 flags;
		enum err_code	 want;
	} rows[] = {
		{ "unknown scheme", "mysql://localhost/tipsom",
		    STORE_CREATE, ERR_INVALID },
		{ "no scheme", "tipsom.db", STORE_CREATE, ERR_INVALID },
		{ "no path", "sqlite:", STORE_CREATE, ERR_INVALID },
		{ "missing file without create",
		    "sqlite:/nonexistent-tipsom-dir/x.db", 0, ERR_NOT_FOUND },
		{ "empty store needs init", "sqlite::memory:", STORE_CREATE,
		    ERR_VERSION },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct err err = ERR_INIT;
		struct store *st = store_open(rows[i].url, NULL,
		    rows[i].flags, &err);

		if (st) {
			store_close(&st);
			fail_msg("row %zu \"%s\": opened, want %s", i,
			    rows[i].name, err_code_name(rows[i].want));
		}
		if (err.code != rows[i].want)
			fail_msg("row %zu \"%s\": got %s (%s), want %s", i,
			    rows[i].name, err_code_name(err.code), err.msg,
			    err_code_name(rows[i].want));
	}
}

extern const struct embedded_file sqlite_migrations[];

static int
migration_count(void)
{
	int n = 0;

	while (sqlite_migrations[n].name)
		n++;
	return n;
}

static void
test_migrate(void **state)
{
	struct err e = ERR_INIT, *err = &e;
	struct store *st;
	int version = -1, applied = -1;

	(void)state;
	st = store_open("sqlite::memory:", NULL,
	    STORE_CREATE | STORE_ANY_SCHEMA, err);
	assert_non_null(st);
	assert_int_equal(store_schema_version(st, &version, err), 0);
	assert_int_equal(version, 0);
	assert_true(store_schema_latest(st) >= 1);
	if (store_migrate(st, &applied, err) == -1) {
		store_close(&st);
		fail_msg("migrate: %s", err->msg);
	}
	/* One per migration file: their numbers may leave gaps (work
	 * merged from branches that numbered theirs apart). */
	assert_int_equal(applied, migration_count());
	assert_int_equal(store_schema_version(st, &version, err), 0);
	assert_int_equal(version, store_schema_latest(st));
	/* Again: nothing to do. */
	assert_int_equal(store_migrate(st, &applied, err), 0);
	assert_int_equal(applied, 0);
	store_close(&st);
	assert_null(st);
	store_close(&st);	/* closing NULL is harmless */
}

static int
agency_count(struct store *st, struct arena *a, size_t *n, struct err *err)
{
	struct agency_row *rows;

	return store_agency_list(st, a, &rows, n, err);
}

static int
insert_agency(struct store *st, const char *code, struct err *err)
{
	struct agency_row row = { .code = code, .name = code,
	    .kind = AGENCY_KIND_NGO, .created_at = "2026-03-15T10:00:00.000Z" };

	return store_agency_insert(st, &row, err);
}

static void	remove_store(const char *path);

/*
 * Two connections to one store: a writer that cannot have the store in
 * time fails as busy, with nothing left open on its connection, which
 * reads at once and writes once the other writer is done (on
 * PostgreSQL the BEGIN of a write that timed out on the writers' lock
 * once stayed open and made its connection refuse everything).
 */
static void
test_busy_writer(void **state)
{
	struct store_options quick = { .busy_timeout_ms = 200 };
	struct err e = ERR_INIT, *err = &e;
	struct arena *a = arena_new();
	struct store *one = NULL, *two = NULL;
	char url[512], path[] = "/tmp/tipsom-busy-XXXXXX";
	const char *u = unit_store_url(url, sizeof(url));
	int applied, fd = -1;
	size_t n;

	(void)state;
	if (STREQ(u, "sqlite::memory:")) {
		fd = mkstemp(path);
		assert_true(fd >= 0);
		snprintf(url, sizeof(url), "sqlite:%s", path);
		u = url;
	}
	one = store_open(u, &quick, STORE_CREATE | STORE_ANY_SCHEMA, err);
	assert_non_null(one);
	MUST(store_migrate(one, &applied, err));
	two = store_open(u, &quick, 0, err);
	assert_non_null(two);
	MUST(store_begin(one, err));
	MUST(insert_agency(one, "HOLDING", err));
	MUST_FAIL(store_begin(two, err), ERR_STORE, "");
	assert_true(unit_contains(err->msg, "busy"));
	MUST(agency_count(two, a, &n, err));
	assert_int_equal(n, 0);
	MUST(store_commit(one, err));
	MUST(store_begin(two, err));
	MUST(insert_agency(two, "AFTER", err));
	MUST(store_commit(two, err));
	MUST(agency_count(one, a, &n, err));
	assert_int_equal(n, 2);
	store_close(&one);
	store_close(&two);
	arena_free(&a);
	if (fd >= 0) {
		close(fd);
		remove_store(path);
	}
}

static void
test_transactions(void **state)
{
	struct unit_env *env = *state;
	struct store *st = env->ctx.store;
	struct arena *a = env->ctx.arena;
	struct err *err = &env->err;
	size_t n;

	/* Inner rolled back, outer committed: nothing from the inner. */
	MUST(store_begin(st, err));
	MUST(store_begin(st, err));
	MUST(insert_agency(st, "INNER", err));
	store_rollback(st);
	MUST(insert_agency(st, "OUTER", err));
	MUST(store_commit(st, err));
	MUST(agency_count(st, a, &n, err));
	assert_int_equal(n, 1);

	/* Inner committed, outer rolled back: nothing at all. */
	MUST(store_begin(st, err));
	MUST(insert_agency(st, "OUTER-TWO", err));
	MUST(store_begin(st, err));
	MUST(insert_agency(st, "INNER-TWO", err));
	MUST(store_commit(st, err));
	store_rollback(st);
	MUST(agency_count(st, a, &n, err));
	assert_int_equal(n, 1);

	/* Three deep, all committed. */
	MUST(store_begin(st, err));
	MUST(store_begin(st, err));
	MUST(store_begin(st, err));
	MUST(insert_agency(st, "DEEP", err));
	MUST(store_commit(st, err));
	MUST(store_commit(st, err));
	MUST(store_commit(st, err));
	MUST(agency_count(st, a, &n, err));
	assert_int_equal(n, 2);

	/* A commit without a transaction is a bug in the caller. */
	MUST_FAIL(store_commit(st, err), ERR_INTERNAL, "");
	store_rollback(st);	/* harmless */

	/* A unique key taken is a conflict; the transaction goes on once
	 * the level the statement failed in is rolled back (store.h). */
	MUST(store_begin(st, err));
	MUST(store_begin(st, err));
	MUST_FAIL(insert_agency(st, "DEEP", err), ERR_CONFLICT, "");
	store_rollback(st);
	MUST(insert_agency(st, "AFTER", err));
	MUST(store_commit(st, err));
	MUST(agency_count(st, a, &n, err));
	assert_int_equal(n, 3);
}

static void
test_case_counter(void **state)
{
	struct unit_env *env = *state;
	struct store *st = env->ctx.store;
	struct err *err = &env->err;
	struct agency_row a1, a2;
	int64_t got;

	MUST(insert_agency(st, "KRI-MOI", err));
	MUST(insert_agency(st, "ERB-SHELTER", err));
	MUST(store_agency_by_code(st, "KRI-MOI", env->ctx.arena, &a1, err));
	MUST(store_agency_by_code(st, "ERB-SHELTER", env->ctx.arena, &a2,
	    err));
	MUST_FAIL(store_agency_by_code(st, "NOPE", env->ctx.arena, &a2, err),
	    ERR_NOT_FOUND, "");

	/* A number taken in a rolled-back transaction is given back. */
	MUST(store_begin(st, err));
	MUST(store_case_next_number(st, a1.id, 2026, &got, err));
	assert_int_equal(got, 1);
	store_rollback(st);
	MUST(store_case_next_number(st, a1.id, 2026, &got, err));
	assert_int_equal(got, 1);
	MUST(store_case_next_number(st, a1.id, 2026, &got, err));
	assert_int_equal(got, 2);
	/* Each agency and year counts on its own. */
	MUST(store_case_next_number(st, a1.id, 2027, &got, err));
	assert_int_equal(got, 1);
	MUST(store_case_next_number(st, a2.id, 2026, &got, err));
	assert_int_equal(got, 1);
	MUST(store_case_next_number(st, a1.id, 2026, &got, err));
	assert_int_equal(got, 3);
}

/* ------------------------------------------------------------------ */
/* scenario: bootstrap to a closed case                                */
/* ------------------------------------------------------------------ */

struct scenario {
	struct unit_env	*env;
	char		 ref1[CASE_REF_SIZE];
	char		 ref2[CASE_REF_SIZE];
	int64_t		 person1, person2;
	int64_t		 audited;	/* audit rows the steps should add */
};

static int
scenario_setup(void **state)
{
	struct scenario *s = calloc(1, sizeof(*s));

	if (!s)
		abort();
	s->env = unit_env_new();
	if (!s->env) {
		free(s);
		return -1;
	}
	/* Seeding the shipped SOPs was audited already. */
	s->audited = unit_audit_count(s->env);
	*state = s;
	return 0;
}

static int
scenario_teardown(void **state)
{
	struct scenario *s = *state;

	unit_env_free(&s->env);
	free(s);
	return 0;
}

static void
test_bootstrap(void **state)
{
	static const struct {
		const char		*name;
		struct agency_input	 in;
		enum err_code		 want;
		const char		*want_field;
	} bad_agencies[] = {
		{ "lower-case code", { "kri-moi", "Ministry", "ministry" },
		    ERR_INVALID, "code" },
		{ "taken code", { "KRI-MOI", "Again", "ministry" },
		    ERR_CONFLICT, "code" },
		{ "unknown kind", { "KRI-X", "X", "spaceship" }, ERR_INVALID,
		    "kind" },
		{ "no kind", { "KRI-X", "X", NULL }, ERR_INVALID, "kind" },
		{ "no name", { "KRI-X", "  ", "ngo" }, ERR_INVALID, "name" },
	};
	struct scenario *s = *state;
	struct ctx *ctx = &s->env->ctx;
	struct err *err = &s->env->err;
	struct agency_row agency;
	struct user_row user, *users;
	size_t n;

	MUST(agency_add(ctx, &(struct agency_input){ "KRI-MOI",
	    "Ministry of Interior, Kurdistan Region", "ministry" }, &agency,
	    err));
	s->audited++;
	assert_string_equal(agency.code, "KRI-MOI");
	assert_true(agency.id > 0);
	MUST(agency_add(ctx, &(struct agency_input){ "ERB-SHELTER",
	    "\u0645\u0623\u0648\u0649 \u0623\u0631\u0628\u064a\u0644",
	    "shelter" }, &agency, err));
	s->audited++;
	for (size_t i = 0; i < ARRAY_SIZE(bad_agencies); i++) {
		err_clear(err);
		if (agency_add(ctx, &bad_agencies[i].in, &agency, err) != -1 ||
		    err->code != bad_agencies[i].want ||
		    !STREQ(err->field, bad_agencies[i].want_field))
			fail_msg("row %zu \"%s\": got %s field \"%s\", want "
			    "%s field \"%s\"", i, bad_agencies[i].name,
			    err_code_name(err->code), err->field,
			    err_code_name(bad_agencies[i].want),
			    bad_agencies[i].want_field);
	}

	/* The first user must be an admin. */
	MUST_FAIL(user_add(ctx, &(struct user_input){ "KRI-MOI", "inv",
	    "Investigator", "investigator", PASSWORD }, &user, err),
	    ERR_INVALID, "role");
	MUST_FAIL(user_add(ctx, &(struct user_input){ "KRI-MOI", "admin",
	    "Admin", "admin", "password123" }, &user, err), ERR_INVALID,
	    "password");
	MUST_FAIL(user_add(ctx, &(struct user_input){ "NOPE", "admin",
	    "Admin", "admin", PASSWORD }, &user, err), ERR_NOT_FOUND,
	    "agency");
	MUST_FAIL(user_add(ctx, &(struct user_input){ "KRI-MOI", "Admin",
	    "Admin", "admin", PASSWORD }, &user, err), ERR_INVALID,
	    "username");
	MUST(user_add(ctx, &(struct user_input){ "KRI-MOI", "admin",
	    "Amira Admin", "admin", PASSWORD }, &user, err));
	s->audited++;
	assert_int_equal(user.role, ROLE_ADMIN);
	assert_true(user.active);

	/* Once there is a user, the system may no longer act. */
	MUST_FAIL(ctx_act_as_bootstrap(ctx, err), ERR_UNAUTHENTICATED, "as");
	MUST_FAIL(ctx_act_as(ctx, "nobody", err), ERR_UNAUTHENTICATED, "as");
	MUST_FAIL(ctx_act_as(ctx, "", err), ERR_UNAUTHENTICATED, "as");
	MUST(ctx_act_as(ctx, "admin", err));
	assert_false(ctx->actor.system);
	assert_int_equal(ctx->actor.role, ROLE_ADMIN);

	MUST(user_add(ctx, &(struct user_input){ "KRI-MOI", "inv",
	    "Karwan Investigator", "investigator", PASSWORD }, &user, err));
	s->audited++;
	MUST(user_add(ctx, &(struct user_input){ "ERB-SHELTER", "other",
	    "Other Agency", "investigator", PASSWORD }, &user, err));
	s->audited++;
	MUST_FAIL(user_add(ctx, &(struct user_input){ "KRI-MOI", "inv",
	    "Again", "caseworker", PASSWORD }, &user, err), ERR_CONFLICT,
	    "username");
	MUST(user_list(ctx, NULL, 0, 0, &users, &n, err));
	assert_int_equal(n, 3);
	MUST(user_list(ctx, "ERB-SHELTER", 0, 0, &users, &n, err));
	assert_int_equal(n, 1);
	assert_string_equal(users[0].username, "other");
	/* Paged: by agency code, then username. */
	MUST(user_list(ctx, NULL, 2, 1, &users, &n, err));
	assert_int_equal(n, 2);
	assert_string_equal(users[0].username, "admin");
	assert_string_equal(users[1].username, "inv");
	MUST_FAIL(user_list(ctx, NULL, -1, 0, &users, &n, err), ERR_INVALID,
	    "limit");

	/* Administrators run accounts, not cases. */
	MUST_FAIL(case_open(ctx, &(struct case_input){ .title = "x" },
	    &(struct case_row){ 0 }, err), ERR_FORBIDDEN, "");
	MUST_FAIL(person_add(ctx, &(struct person_input){ .given = "x" },
	    &(struct person_row){ 0 }, err), ERR_FORBIDDEN, "");
}

static void
test_passwords(void **state)
{
	struct scenario *s = *state;
	struct ctx *ctx = &s->env->ctx;
	struct err *err = &s->env->err;
	struct user_row inv;
	char *hash;

	MUST(ctx_act_as(ctx, "inv", err));
	MUST_FAIL(user_passwd(ctx, "admin", "another long passphrase", err),
	    ERR_FORBIDDEN, "");
	MUST_FAIL(user_passwd(ctx, NULL, "short", err), ERR_INVALID,
	    "password");
	MUST_FAIL(user_passwd(ctx, NULL, "inv-and-more-words", err),
	    ERR_INVALID, "password");
	MUST(user_passwd(ctx, NULL, "another long passphrase", err));
	s->audited++;
	MUST(store_user_by_username(ctx->store, "inv", ctx->arena, &inv,
	    err));
	MUST(store_user_password_hash(ctx->store, inv.id, ctx->arena, &hash,
	    err));
	assert_true(vault_password_verify(ctx->vault, hash,
	    "another long passphrase"));
	assert_false(vault_password_verify(ctx->vault, hash, PASSWORD));
	assert_null(strstr(hash, "passphrase"));

	MUST(ctx_act_as(ctx, "admin", err));
	MUST_FAIL(user_passwd(ctx, "nobody", PASSWORD, err), ERR_NOT_FOUND,
	    "username");
}

static void
test_cases(void **state)
{
	static const struct {
		const char		*name;
		struct case_input	 in;
		enum err_code		 want;
		const char		*want_field;
	} bad[] = {
		{ "no title", { .title = "   " }, ERR_INVALID, "title" },
		{ "unknown kind", { .title = "t", .kind = "trafficking" },
		    ERR_INVALID, "kind" },
		{ "unknown sensitivity", { .title = "t",
		    .sensitivity = "secret" }, ERR_INVALID, "sensitivity" },
		{ "another agency", { .title = "t", .agency = "ERB-SHELTER" },
		    ERR_FORBIDDEN, "agency" },
		{ "unknown agency", { .title = "t", .agency = "NOPE" },
		    ERR_NOT_FOUND, "agency" },
		{ "an admin cannot lead", { .title = "t", .lead = "admin" },
		    ERR_INVALID, "lead" },
		{ "another agency's user cannot lead", { .title = "t",
		    .lead = "other" }, ERR_INVALID, "lead" },
		{ "control character in the title", { .title = "a\x1b[2J" },
		    ERR_INVALID, "title" },
	};
	struct scenario *s = *state;
	struct ctx *ctx = &s->env->ctx;
	struct err *err = &s->env->err;
	struct case_row c, *list;
	struct case_view view;
	char want[CASE_REF_SIZE];
	size_t n;

	MUST(ctx_act_as(ctx, "inv", err));
	MUST(case_open(ctx, &(struct case_input){
	    .title = "Recruitment through a false job offer" }, &c, err));
	s->audited++;
	ref_of(1, want);
	assert_string_equal(c.ref, want);
	snprintf(s->ref1, sizeof(s->ref1), "%s", c.ref);
	assert_int_equal(c.status, CASE_STATUS_OPEN);
	assert_int_equal(c.kind, CASE_KIND_UNCLASSIFIED);
	assert_int_equal(c.sensitivity, SENSITIVITY_NORMAL);
	assert_string_equal(c.lead_username, "inv");

	/* Refusals take no number. */
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		err_clear(err);
		if (case_open(ctx, &bad[i].in, &c, err) != -1 ||
		    err->code != bad[i].want ||
		    !STREQ(err->field, bad[i].want_field))
			fail_msg("row %zu \"%s\": got %s field \"%s\" (%s), "
			    "want %s field \"%s\"", i, bad[i].name,
			    err_code_name(err->code), err->field, err->msg,
			    err_code_name(bad[i].want), bad[i].want_field);
	}

	MUST(case_open(ctx, &(struct case_input){ .title = "Smuggling route",
	    .kind = "tip+som", .sensitivity = "high",
	    .summary = "line one\nline two" }, &c, err));
	s->audited++;
	ref_of(2, want);
	assert_string_equal(c.ref, want);
	snprintf(s->ref2, sizeof(s->ref2), "%s", c.ref);
	assert_int_equal(c.kind, CASE_KIND_TIP_SOM);
	assert_int_equal(c.sensitivity, SENSITIVITY_HIGH);

	MUST(case_list(ctx, &(struct case_query){ 0 }, &list, &n, err));
	assert_int_equal(n, 2);
	MUST(case_list(ctx, &(struct case_query){ .kind = "tip+som" }, &list,
	    &n, err));
	assert_int_equal(n, 1);
	assert_string_equal(list[0].ref, s->ref2);

	MUST(case_show(ctx, s->ref1, true, &view, err));
	assert_string_equal(view.c.ref, s->ref1);
	assert_int_equal(view.n_people, 0);
	assert_string_equal(view.c.title,
	    "Recruitment through a false job offer");
	ref_of(999, want);
	MUST_FAIL(case_show(ctx, want, true, &view, err), ERR_NOT_FOUND, "ref");
	MUST_FAIL(case_show(ctx, "garbage", true, &view, err), ERR_INVALID, "ref");
}

static void
test_people(void **state)
{
	static const char *const aliases[] = { "Karwan", "\u0623\u0628\u0648 "
	    "\u0639\u0644\u064a" };
	static const char *const nationalities[] = { "iq", "IQ", "SY" };
	static const char *const languages[] = { "ckb", "ar" };
	static const struct document_input documents[] = {
		{ "passport", "A1234567", "IQ", "2030-01-31" },
	};
	static const struct contact_input contacts[] = {
		{ "phone", "+964 750 000 0000" },
	};
	struct scenario *s = *state;
	struct ctx *ctx = &s->env->ctx;
	struct err *err = &s->env->err;
	struct person_row p, shown;
	struct case_person_row link;
	struct case_view view;
	struct date today;
	char born[DATE_TEXT_SIZE], id[24];

	MUST(ctx_act_as(ctx, "inv", err));
	MUST(person_add(ctx, &(struct person_input){
		.given = "\u0643\u0627\u0631\u0648\u0627\u0646",
		.father = "\u0627\u0654\u062d\u0645\u062f",	/* decomposed */
		.grandfather = " \u0639\u0644\u064a ",
		.family = "\u0627\u0644\u062c\u0628\u0648\u0631\u064a",
		.aliases = aliases, .n_aliases = ARRAY_SIZE(aliases),
		.sex = "male",
		.nationalities = nationalities,
		.n_nationalities = ARRAY_SIZE(nationalities),
		.languages = languages, .n_languages = ARRAY_SIZE(languages),
		.documents = documents, .n_documents = ARRAY_SIZE(documents),
		.contacts = contacts, .n_contacts = ARRAY_SIZE(contacts),
	    }, &p, err));
	s->audited++;
	s->person1 = p.id;
	assert_true(p.id > 0);
	assert_int_equal(p.n_names, 3);
	assert_string_equal(p.names[0].script, "Arab");
	assert_string_equal(p.names[1].script, "Latn");
	assert_string_equal(p.names[2].script, "Arab");
	assert_int_equal(p.n_nationalities, 2);	/* "iq" is "IQ" */

	/* Read back: composed (NFC), trimmed, lists complete. */
	MUST(person_show(ctx, p.id, &shown, err));
	s->audited++;
	assert_int_equal(shown.n_names, 3);
	assert_int_equal(shown.names[0].kind, NAME_KIND_PRIMARY);
	assert_string_equal(shown.names[0].given,
	    "\u0643\u0627\u0631\u0648\u0627\u0646");
	assert_string_equal(shown.names[0].father,
	    "\u0623\u062d\u0645\u062f");
	assert_string_equal(shown.names[0].grandfather,
	    "\u0639\u0644\u064a");
	assert_string_equal(shown.names[1].given, "Karwan");
	assert_int_equal(shown.names[1].kind, NAME_KIND_ALIAS);
	assert_int_equal(shown.n_nationalities, 2);
	assert_string_equal(shown.nationalities[0], "IQ");
	assert_string_equal(shown.nationalities[1], "SY");
	assert_int_equal(shown.n_languages, 2);
	assert_int_equal(shown.n_documents, 1);
	assert_string_equal(shown.documents[0].number, "A1234567");
	assert_string_equal(shown.documents[0].expires_on, "2030-01-31");
	assert_int_equal(shown.n_contacts, 1);
	assert_string_equal(shown.contacts[0].value, "+964 750 000 0000");
	assert_int_equal(shown.sex, SEX_MALE);
	assert_string_equal(person_display_name(ctx->arena, &shown),
	    "\u0643\u0627\u0631\u0648\u0627\u0646 \u0623\u062d\u0645\u062f "
	    "\u0639\u0644\u064a "
	    "\u0627\u0644\u062c\u0628\u0648\u0631\u064a");

	/* Refusals. */
	MUST_FAIL(person_add(ctx, &(struct person_input){ .sex = "male" },
	    &p, err), ERR_INVALID, "given");
	MUST_FAIL(person_add(ctx, &(struct person_input){ .given = "x",
	    .nationalities = (const char *const[]){ "XX" },
	    .n_nationalities = 1 }, &p, err), ERR_INVALID,
	    "nationalities[0]");
	MUST_FAIL(person_add(ctx, &(struct person_input){ .given = "x",
	    .born = "2999-01-01" }, &p, err), ERR_INVALID, "born");
	MUST_FAIL(person_add(ctx, &(struct person_input){
	    .given = "\xc0\xaf" }, &p, err), ERR_INVALID, "given");

	/* A second person, a child by birth date. */
	date_today(&today);
	today.year -= 10;
	today.month = 1;
	today.day = 1;
	date_format(&today, born);
	MUST(person_add(ctx, &(struct person_input){ .given = "Lana",
	    .born = born }, &p, err));
	s->audited++;
	s->person2 = p.id;

	/* A presumed victim who says she is 15 is a child. */
	snprintf(id, sizeof(id), "%" PRId64, s->person1);
	MUST(case_add_person(ctx, &(struct case_person_input){ .ref = s->ref1,
	    .person_id = id, .role = "presumed_victim", .age = "15" }, &link,
	    err));
	s->audited++;
	assert_true(link.child);
	assert_int_equal(link.age, 15);
	assert_int_equal(link.age_basis, AGE_BASIS_STATED_AGE);
	MUST_FAIL(case_add_person(ctx, &(struct case_person_input){
	    .ref = s->ref1, .person_id = id, .role = "presumed_victim" },
	    &link, err), ERR_CONFLICT, "role");
	/* Another role for the same person is fine; nothing known of age. */
	MUST(case_add_person(ctx, &(struct case_person_input){ .ref = s->ref1,
	    .person_id = id, .role = "witness",
	    .interpreter_language = "ckb" }, &link, err));
	s->audited++;
	assert_false(link.child);
	assert_int_equal(link.age, -1);
	assert_int_equal(link.age_basis, AGE_BASIS_UNKNOWN);
	assert_true(link.needs_interpreter);

	snprintf(id, sizeof(id), "%" PRId64, s->person2);
	MUST(case_add_person(ctx, &(struct case_person_input){ .ref = s->ref2,
	    .person_id = id, .role = "victim" }, &link, err));
	s->audited++;
	assert_true(link.child);
	assert_int_equal(link.age_basis, AGE_BASIS_BIRTH_DATE);

	MUST_FAIL(case_add_person(ctx, &(struct case_person_input){
	    .ref = s->ref2, .person_id = id, .role = "suspect",
	    .age = "abc" }, &link, err), ERR_INVALID, "age");
	MUST_FAIL(case_add_person(ctx, &(struct case_person_input){
	    .ref = s->ref2, .person_id = "0", .role = "suspect" }, &link,
	    err), ERR_INVALID, "person_id");
	MUST_FAIL(case_add_person(ctx, &(struct case_person_input){
	    .ref = s->ref2, .person_id = "999", .role = "suspect" }, &link,
	    err), ERR_NOT_FOUND, "person_id");
	MUST_FAIL(case_add_person(ctx, &(struct case_person_input){
	    .ref = s->ref2, .person_id = id, .role = "boss" }, &link, err),
	    ERR_INVALID, "role");
	MUST_FAIL(case_add_person(ctx, &(struct case_person_input){
	    .ref = s->ref2, .person_id = id, .role = "suspect",
	    .identified_on = "2999-01-01" }, &link, err), ERR_INVALID,
	    "identified_on");

	/* The case shows its people, with names, and audits the read. */
	MUST(case_show(ctx, s->ref1, true, &view, err));
	s->audited++;
	assert_int_equal(view.n_people, 2);
	assert_true(view.identities);
	assert_non_null(view.people[0].name);
	assert_true(unit_contains(view.people[0].name,
	    "\u0643\u0627\u0631\u0648\u0627\u0646"));
}

static void
test_need_to_know(void **state)
{
	struct scenario *s = *state;
	struct ctx *ctx = &s->env->ctx;
	struct err *err = &s->env->err;
	struct case_view view;
	struct case_row c, *list;
	struct note_row note;
	struct person_row p;
	struct case_person_row link;
	struct audit_row *rows;
	char id[24];
	size_t n;

	MUST(ctx_act_as(ctx, "other", err));
	MUST_FAIL(case_show(ctx, s->ref1, true, &view, err), ERR_NOT_FOUND, "ref");
	MUST_FAIL(case_note(ctx, s->ref1, "hello", &note, err), ERR_NOT_FOUND,
	    "ref");
	MUST_FAIL(case_close(ctx, s->ref1, "done", &c, err), ERR_NOT_FOUND,
	    "ref");
	snprintf(id, sizeof(id), "%" PRId64, s->person1);
	MUST_FAIL(case_add_person(ctx, &(struct case_person_input){
	    .ref = s->ref1, .person_id = id, .role = "suspect" }, &link, err),
	    ERR_NOT_FOUND, "ref");
	MUST_FAIL(person_show(ctx, s->person1, &p, err), ERR_NOT_FOUND, "id");
	MUST(case_list(ctx, &(struct case_query){ 0 }, &list, &n, err));
	assert_int_equal(n, 0);
	MUST(case_list(ctx, &(struct case_query){ .agency = "KRI-MOI" },
	    &list, &n, err));
	assert_int_equal(n, 0);
	/* An investigator does not read the audit log. */
	MUST_FAIL(audit_log(ctx, NULL, 0, 0, &rows, &n, err), ERR_FORBIDDEN, "");
}

static void
test_note_and_close(void **state)
{
	struct scenario *s = *state;
	struct ctx *ctx = &s->env->ctx;
	struct err *err = &s->env->err;
	struct case_view view;
	struct case_row c;
	struct note_row note;
	struct case_person_row link;
	char id[24];

	MUST(ctx_act_as(ctx, "inv", err));
	MUST(case_note(ctx, s->ref1, "First interview, with an interpreter.\n"
	    "\u0643\u0627\u0631\u0648\u0627\u0646 was calm.", &note, err));
	s->audited++;
	assert_true(note.id > 0);
	MUST_FAIL(case_note(ctx, s->ref1, " \n ", &note, err), ERR_INVALID,
	    "text");
	MUST_FAIL(case_close(ctx, s->ref1, "", &c, err), ERR_INVALID,
	    "reason");
	MUST(case_close(ctx, s->ref1, "Referred to the prosecution", &c,
	    err));
	s->audited++;
	assert_int_equal(c.status, CASE_STATUS_CLOSED);
	MUST_FAIL(case_close(ctx, s->ref1, "again", &c, err), ERR_CONFLICT,
	    "ref");
	snprintf(id, sizeof(id), "%" PRId64, s->person2);
	MUST_FAIL(case_add_person(ctx, &(struct case_person_input){
	    .ref = s->ref1, .person_id = id, .role = "witness" }, &link, err),
	    ERR_CONFLICT, "ref");

	MUST(case_show(ctx, s->ref1, true, &view, err));
	s->audited++;
	assert_int_equal(view.c.status, CASE_STATUS_CLOSED);
	assert_string_equal(view.c.close_reason, "Referred to the prosecution");
	assert_int_equal(view.n_notes, 1);
	assert_string_equal(view.notes[0].author, "inv");
}

static void
test_audit_trail(void **state)
{
	struct scenario *s = *state;
	struct ctx *ctx = &s->env->ctx;
	struct err *err = &s->env->err;
	struct audit_verdict v;
	struct audit_row *rows;
	struct case_row c;
	size_t n;

	MUST(audit_verify(ctx->store, &v, err));
	if (v.count != s->audited || v.bad_seq != 0)
		fail_msg("verify: got count %" PRId64 " bad_seq %" PRId64
		    " (%s), want %" PRId64 " and 0", v.count, v.bad_seq,
		    v.why, s->audited);

	MUST(ctx_act_as(ctx, "admin", err));
	MUST(audit_log(ctx, NULL, 0, 0, &rows, &n, err));
	assert_int_equal(n, s->audited);
	assert_string_equal(rows[0].action, "definition.seed");
	assert_int_equal(rows[0].actor_id, 0);		/* the system */
	assert_string_equal(rows[n - 1].actor, "inv");

	MUST(store_case_by_ref(ctx->store, s->ref1, ctx->arena, &c, err));
	MUST(audit_log(ctx, s->ref1, 0, 0, &rows, &n, err));
	assert_true(n >= 5);	/* open, 2 people, read, note, close, read */
	for (size_t i = 0; i < n; i++)
		if (rows[i].case_id != c.id)
			fail_msg("audit log of %s holds row %" PRId64
			    " about case %" PRId64, s->ref1, rows[i].seq,
			    rows[i].case_id);
	/* The chain holds no names. */
	MUST(audit_log(ctx, NULL, 0, 0, &rows, &n, err));
	for (size_t i = 0; i < n; i++)
		if (unit_contains(rows[i].changes,
		    "\u0643\u0627\u0631\u0648\u0627\u0646") ||
		    unit_contains(rows[i].object_id, "Karwan"))
			fail_msg("audit row %" PRId64 " (%s) holds a name: %s",
			    rows[i].seq, rows[i].action, rows[i].changes);
}

/* ------------------------------------------------------------------ */
/* faults: every statement of every write, failed in turn             */
/* ------------------------------------------------------------------ */

struct fault_env {
	char		 dir[256];
	char		 boot[300];	/* migrated, agency KRI-MOI, no users */
	char		 full[300];	/* admin, inv, a case and a person */
	char		 work[300];	/* the copy a run works on */
	struct vault	*vault;
	struct config	 cfg;
};

static int
copy_file(const char *from, const char *to)
{
	char buf[65536];
	FILE *in, *out;
	size_t n;
	int rc = 0;

	in = fopen(from, "rb");
	if (!in)
		return errno == ENOENT ? 1 : -1;
	out = fopen(to, "wb");
	if (!out) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (ferror(in))
		rc = -1;
	fclose(in);
	if (fclose(out) != 0)
		rc = -1;
	return rc;
}

static void
remove_store(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
	    "-journal" };
	char name[320];

	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
		(void)unlink(name);
	}
}

/* Copies the store at from (with its WAL, if any) to to. */
static int
copy_store(const char *from, const char *to)
{
	char a[320], b[320];

	remove_store(to);
	if (copy_file(from, to) != 0)
		return -1;
	snprintf(a, sizeof(a), "%s-wal", from);
	snprintf(b, sizeof(b), "%s-wal", to);
	return copy_file(a, b) == -1 ? -1 : 0;
}

static struct store *
open_path(const char *path, unsigned flags, struct err *err)
{
	char url[320];

	snprintf(url, sizeof(url), "sqlite:%s", path);
	return store_open(url, NULL, flags, err);
}

/* A ctx on the store at path acting as username (NULL: the system). */
static int
ctx_open(struct fault_env *fe, const char *path, const char *username,
    struct ctx *ctx, struct err *err)
{
	*ctx = (struct ctx){ .cfg = &fe->cfg, .vault = fe->vault,
	    .rid = "fault" };
	ctx->store = open_path(path, 0, err);
	if (!ctx->store)
		return -1;
	ctx->arena = arena_new();
	if (username)
		return ctx_act_as(ctx, username, err);
	return ctx_act_as_bootstrap(ctx, err);
}

static void
ctx_close(struct ctx *ctx)
{
	store_close(&ctx->store);
	arena_free(&ctx->arena);
}

#define ELEMENTS	"{\"tip\": {\"acts\": [\"recruitment\"], "	\
	"\"means\": [\"deception\"], \"purposes\": [\"forced_labour\"]}}"

/* Imports the next version of SOP id, the same steps. */
static int
import_next(struct ctx *ctx, const char *id, struct err *err)
{
	struct definition_row row;
	const struct sop *sop;
	json_t *def;
	char *text;
	int newest, rc;

	if (store_definition_newest(ctx->store, DEFINITION_SOP, id, &newest,
	    err) == -1 || library_sop(ctx, id, newest, &sop, err) == -1)
		return -1;
	def = json_deep_copy(sop_definition(sop));
	json_object_set_new(def, "version", json_integer(newest + 1));
	text = json_dumps(def, JSON_COMPACT);
	json_decref(def);
	rc = library_import(ctx, text, strlen(text), &row, err);
	free(text);
	return rc;
}

static int
build_templates(struct fault_env *fe, struct err *err)
{
	struct ctx ctx = { .cfg = &fe->cfg, .vault = fe->vault };
	struct agency_row agency;
	struct user_row user;
	struct case_row c;
	struct person_row p;
	struct case_person_row link;
	struct assessment_row assessment;
	struct legal_result suggestion;
	struct case_share_row share;
	struct cooperation_row coop;
	struct link_row phone;
	int applied, kept, rc = -1;

	ctx.arena = arena_new();
	ctx.store = open_path(fe->boot, STORE_CREATE | STORE_ANY_SCHEMA,
	    err);
	if (!ctx.store ||
	    store_migrate(ctx.store, &applied, err) == -1 ||
	    library_seed(&ctx, &applied, &kept, err) == -1 ||
	    ctx_act_as_bootstrap(&ctx, err) == -1 ||
	    agency_add(&ctx, &(struct agency_input){ "KRI-MOI", "Ministry",
	    "ministry" }, &agency, err) == -1)
		goto out;
	store_close(&ctx.store);
	if (copy_store(fe->boot, fe->full) == -1) {
		err_set(err, ERR_IO, NULL, "cannot copy %s", fe->boot);
		goto out;
	}
	ctx.store = open_path(fe->full, 0, err);
	if (!ctx.store ||
	    ctx_act_as_bootstrap(&ctx, err) == -1 ||
	    user_add(&ctx, &(struct user_input){ "KRI-MOI", "admin", "Admin",
	    "admin", PASSWORD }, &user, err) == -1 ||
	    ctx_act_as(&ctx, "admin", err) == -1 ||
	    user_add(&ctx, &(struct user_input){ "KRI-MOI", "inv",
	    "Investigator", "investigator", PASSWORD }, &user, err) == -1 ||
	    ctx_act_as(&ctx, "inv", err) == -1 ||
	    case_open(&ctx, &(struct case_input){ .title = "Template case" },
	    &c, err) == -1 ||
	    person_add(&ctx, &(struct person_input){ .given = "Template",
	    .born = "2009" }, &p, err) == -1 ||
	    person_add(&ctx, &(struct person_input){ .given = "Witness",
	    .born = "1990" }, &p, err) == -1 ||
	    case_add_person(&ctx, &(struct case_person_input){ .ref = c.ref,
	    .person_id = "2", .role = "witness" }, &link, err) == -1 ||
	    case_assess(&ctx, c.ref, ELEMENTS, strlen(ELEMENTS), &assessment,
	    &suggestion, err) == -1 ||
	    cooperation_create(&ctx, &(struct cooperation_input){
	    .ref = c.ref, .kind = "mla", .country = "TR",
	    .authority = "Ministry of Justice", .legal_basis = "UNTOC art. 18",
	    .subject = "Bank records", .sent_on = "2026-01-05" }, &coop,
	    err) == -1 ||
	    links_add(&ctx, &(struct link_input){ .ref = c.ref,
	    .person_id = "2", .kind = "phone", .value = "0750 123 4567" },
	    &phone, err) == -1 ||
	    ctx_act_as(&ctx, "admin", err) == -1 ||
	    import_next(&ctx, "tip", err) == -1 ||
	    agency_add(&ctx, &(struct agency_input){ "IQ-PPO", "Prosecution",
	    "prosecution" }, &agency, err) == -1 ||
	    agency_add(&ctx, &(struct agency_input){ "ERB-SHL", "Shelter",
	    "shelter" }, &agency, err) == -1 ||
	    user_add(&ctx, &(struct user_input){ "KRI-MOI", "sup",
	    "Supervisor", "supervisor", PASSWORD }, &user, err) == -1 ||
	    ctx_act_as(&ctx, "sup", err) == -1 ||
	    case_share(&ctx, &(struct case_share_input){ .ref = c.ref,
	    .agency = "IQ-PPO", .scope = "whole",
	    .reason = "Template share" }, &share,
	    err) == -1)
		goto out;
	rc = 0;
out:
	store_close(&ctx.store);
	arena_free(&ctx.arena);
	return rc;
}

static int
faults_teardown(void **state)
{
	struct fault_env *fe = *state;

	if (!fe)
		return 0;
	remove_store(fe->boot);
	remove_store(fe->full);
	remove_store(fe->work);
	(void)rmdir(fe->dir);
	vault_close(&fe->vault);
	free(fe);
	return 0;
}

static int
faults_setup(void **state)
{
	struct fault_env *fe = calloc(1, sizeof(*fe));
	const char *tmp = getenv("TMPDIR");
	struct err err = ERR_INIT;

	if (!fe)
		abort();
	config_defaults(&fe->cfg);
	snprintf(fe->dir, sizeof(fe->dir), "%s/tipsom-unit-XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fe->dir)) {
		print_error("cannot make a directory in %s\n", fe->dir);
		free(fe);
		return -1;
	}
	snprintf(fe->boot, sizeof(fe->boot), "%s/boot.db", fe->dir);
	snprintf(fe->full, sizeof(fe->full), "%s/full.db", fe->dir);
	snprintf(fe->work, sizeof(fe->work), "%s/work.db", fe->dir);
	fe->vault = vault_open(PWHASH_INTERACTIVE, &err);
	*state = fe;
	if (!fe->vault || build_templates(fe, &err) == -1) {
		print_error("cannot build the template stores: %s (%s)\n",
		    err.msg, err_code_name(err.code));
		/* cmocka does not tear down a group whose setup failed. */
		faults_teardown(state);
		*state = NULL;
		return -1;
	}
	return 0;
}

/* The operations, each on its template, as the user who would do it. */

static int
op_agency_add(struct ctx *ctx, struct err *err)
{
	struct agency_row row;

	return agency_add(ctx, &(struct agency_input){ "ERB-SHELTER",
	    "Shelter", "shelter" }, &row, err);
}

static int
op_first_admin(struct ctx *ctx, struct err *err)
{
	struct user_row row;

	return user_add(ctx, &(struct user_input){ "KRI-MOI", "first",
	    "First Admin", "admin", PASSWORD }, &row, err);
}

static int
op_user_add(struct ctx *ctx, struct err *err)
{
	struct user_row row;

	return user_add(ctx, &(struct user_input){ "KRI-MOI", "case.worker",
	    "Case Worker", "caseworker", PASSWORD }, &row, err);
}

static int
op_user_passwd(struct ctx *ctx, struct err *err)
{
	return user_passwd(ctx, NULL, "a new and long passphrase", err);
}

static int
op_case_open(struct ctx *ctx, struct err *err)
{
	struct case_row row;

	return case_open(ctx, &(struct case_input){ .title = "Faulty",
	    .summary = "opened under fault injection", .kind = "tip" },
	    &row, err);
}

static int
op_person_add(struct ctx *ctx, struct err *err)
{
	static const char *const aliases[] = { "Karwan",
	    "\u0643\u0627\u0643\u0647" };
	static const char *const nationalities[] = { "IQ", "IR" };
	static const char *const languages[] = { "ckb", "fa-AF" };
	static const struct document_input documents[] = {
		{ "passport", "A1234567", "IQ", "2030-01-31" },
		{ "national_id", "199012345678", "IQ", NULL },
	};
	static const struct contact_input contacts[] = {
		{ "phone", "+964 750 000 0000" },
		{ "messaging", "@karwan" },
	};
	struct person_row row;

	return person_add(ctx, &(struct person_input){
		.given = "\u0643\u0627\u0631\u0648\u0627\u0646",
		.father = "\u0623\u062d\u0645\u062f",
		.family = "\u0627\u0644\u062c\u0628\u0648\u0631\u064a",
		.aliases = aliases, .n_aliases = ARRAY_SIZE(aliases),
		.sex = "male", .born = "2008-05-01",
		.nationalities = nationalities,
		.n_nationalities = ARRAY_SIZE(nationalities),
		.languages = languages, .n_languages = ARRAY_SIZE(languages),
		.documents = documents, .n_documents = ARRAY_SIZE(documents),
		.contacts = contacts, .n_contacts = ARRAY_SIZE(contacts),
	    }, &row, err);
}

static int
op_case_add_person(struct ctx *ctx, struct err *err)
{
	struct case_person_row row;
	char ref[CASE_REF_SIZE];

	ref_of(1, ref);
	return case_add_person(ctx, &(struct case_person_input){ .ref = ref,
	    .person_id = "1", .role = "presumed_victim", .age = "15",
	    .interpreter_language = "ckb" }, &row, err);
}

static int
op_case_note(struct ctx *ctx, struct err *err)
{
	struct note_row row;
	char ref[CASE_REF_SIZE];

	ref_of(1, ref);
	return case_note(ctx, ref, "A note written under fault injection.",
	    &row, err);
}

static int
op_case_close(struct ctx *ctx, struct err *err)
{
	struct case_row row;
	char ref[CASE_REF_SIZE];

	ref_of(1, ref);
	return case_close(ctx, ref, "Closed under fault injection", &row,
	    err);
}

static int
op_case_share(struct ctx *ctx, struct err *err)
{
	struct case_share_row row;
	char ref[CASE_REF_SIZE];

	ref_of(1, ref);
	return case_share(ctx, &(struct case_share_input){ .ref = ref,
	    .agency = "ERB-SHL", .scope = "assistance",
	    .reason = "Shared under fault injection", .until = "2099-12-31" },
	    &row, err);
}

/* Ends the live share with IQ-PPO, keeps one for KRI-MOI: four rows. */
static int
op_case_transfer(struct ctx *ctx, struct err *err)
{
	struct case_transfer_row row;
	char ref[CASE_REF_SIZE];

	ref_of(1, ref);
	return case_transfer(ctx, &(struct case_transfer_input){ .ref = ref,
	    .agency = "IQ-PPO", .reason = "Transferred under fault injection",
	    .keep = "investigation" }, &row, err);
}

static int
op_case_unshare(struct ctx *ctx, struct err *err)
{
	struct case_share_row row;
	char ref[CASE_REF_SIZE];

	ref_of(1, ref);
	return case_unshare(ctx, ref, 1, "Revoked under fault injection",
	    &row, err);
}

static int
op_case_step_do(struct ctx *ctx, struct err *err)
{
	struct step_event_row row;
	char ref[CASE_REF_SIZE];

	ref_of(1, ref);
	return case_step_do(ctx, ref, "ensure_immediate_safety",
	    "Done under fault injection", &row, err);
}

static int
op_case_record(struct ctx *ctx, struct err *err)
{
	struct case_fact_row row;
	char ref[CASE_REF_SIZE];

	ref_of(1, ref);
	return case_record(ctx, &(struct fact_input){ .ref = ref,
	    .fact = "informed_consent", .person_id = "2" }, &row, err);
}

/* A strong screening of the witness, who becomes a presumed victim. */
static int
op_screen(struct ctx *ctx, struct err *err)
{
	struct screening_row row;
	struct instrument **list;
	json_t *answers = json_object(), *g, *q;
	char ref[CASE_REF_SIZE], *text;
	size_t n, i, j;
	bool promoted;
	int rc;

	list = instrument_shipped(&n, err);
	if (!list)
		return -1;
	json_array_foreach(json_object_get(instrument_definition(list[0]),
	    "groups"), i, g)
		json_array_foreach(json_object_get(g, "questions"), j, q)
			json_object_set_new(answers, json_string_value(
			    json_object_get(q, "id")), json_string("yes"));
	for (i = 0; i < n; i++)
		instrument_free(&list[i]);
	free(list);
	answers = json_pack("{s:o}", "answers", answers);
	text = json_dumps(answers, JSON_COMPACT);
	json_decref(answers);
	ref_of(1, ref);
	rc = screen_person(ctx, &(struct screen_input){ .ref = ref,
	    .person_id = "2", .answers = text, .answers_len = strlen(text) },
	    &row, &promoted, err);
	free(text);
	return rc;
}

static int
op_case_assess(struct ctx *ctx, struct err *err)
{
	struct assessment_row row;
	struct legal_result r;
	char ref[CASE_REF_SIZE];

	ref_of(1, ref);
	return case_assess(ctx, ref, ELEMENTS, strlen(ELEMENTS), &row, &r,
	    err);
}

static int
op_case_classify(struct ctx *ctx, struct err *err)
{
	struct assessment_row row;
	char ref[CASE_REF_SIZE];

	ref_of(1, ref);
	return case_classify(ctx, ref, "tip", NULL, &row, err);
}

static int
op_case_upgrade_sop(struct ctx *ctx, struct err *err)
{
	struct case_row row;
	char ref[CASE_REF_SIZE];
	size_t orphaned;

	ref_of(1, ref);
	return case_upgrade_sop(ctx, ref, NULL, "The ministry adopted v2",
	    &row, &orphaned, err);
}

static int
op_sop_import(struct ctx *ctx, struct err *err)
{
	return import_next(ctx, "som", err);
}

static int
op_person_show(struct ctx *ctx, struct err *err)
{
	struct person_row row;

	return person_show(ctx, 1, &row, err);
}

static int
op_cooperation_create(struct ctx *ctx, struct err *err)
{
	struct cooperation_row row;
	char ref[CASE_REF_SIZE];

	ref_of(1, ref);
	return cooperation_create(ctx, &(struct cooperation_input){
	    .ref = ref, .kind = "extradition", .country = "ir",
	    .authority = "Judiciary", .legal_basis = "Bilateral treaty",
	    .subject = "The suspect's surrender", .sent_on = "2026-01-10",
	    .due_on = "2026-04-10" }, &row, err);
}

static int
op_cooperation_move(struct ctx *ctx, struct err *err)
{
	struct cooperation_row row;

	return cooperation_move(ctx, 1, &(struct cooperation_move){
	    .status = "partially_answered", .on = "2026-02-01",
	    .reason = "The account holder's records are missing" }, &row,
	    err);
}

static int
op_cooperation_follow_up(struct ctx *ctx, struct err *err)
{
	struct cooperation_row row;

	return cooperation_follow_up(ctx, 1, &(struct cooperation_follow_up){
	    .channel = "diplomatic_note", .note = "Reminded",
	    .next = "2099-01-01" }, &row, err);
}

static int
op_links_add(struct ctx *ctx, struct err *err)
{
	struct link_row row;
	char ref[CASE_REF_SIZE];

	ref_of(1, ref);
	return links_add(ctx, &(struct link_input){ .ref = ref,
	    .person_id = "2", .kind = "hawala", .value = "HWL-ERB-0042",
	    .note = "Paid the recruiter" }, &row, err);
}

static int
op_links_remove(struct ctx *ctx, struct err *err)
{
	struct link_row row;

	return links_remove(ctx, "1", &row, err);
}

/*
 * tipsom import persons of 70 rows: more than the store writes a
 * statement (64), so both its bulk and its one-row statements fail in
 * turn, with the rows' names, lists, keys and import rows.
 */
static int
op_import_persons(struct ctx *ctx, struct err *err)
{
	struct import_report rep;
	char path[] = "/tmp/tipsom-fault-import-XXXXXX";
	FILE *f;
	int fd = mkstemp(path), rc = -1;

	if (fd == -1 || !(f = fdopen(fd, "w"))) {
		if (fd != -1)
			close(fd);
		return err_set(err, ERR_IO, NULL, "cannot write the file");
	}
	fputs("source_id,given,family,aliases,nationalities,languages,"
	    "document_kind,document_number,phone\n", f);
	for (int i = 1; i <= 70; i++)
		fprintf(f, "F%d,Kawa %d,\u0628\u06d5\u0631\u0632\u0646\u062c"
		    "\u06cc,%s,IQ;SY,ckb;ar,%s,A%d,%s\n", i, i,
		    i % 2 ? "Abu Kawa" : "", i % 3 ? "national_id" :
		    "passport", i, i % 4 ? "" : "+964 750 000 0001");
	if (fclose(f) == 0)
		rc = import_run(ctx, &(struct import_options){
		    .entity = IMPORT_PERSONS, .path = path,
		    .format = TABLE_CSV }, &rep, err);
	unlink(path);
	return rc;
}

static int
op_links_import_calls(struct ctx *ctx, struct err *err)
{
	static const char csv[] = "caller,callee,time,duration\n"
	    "0750 123 4567,+963 900 000 002,2026-03-01T10:15:00+03:00,124\n"
	    "0770 555 1212,0750 123 4567,2026-03-02T08:00:00Z,30\n";
	struct call_import_result r;
	char ref[CASE_REF_SIZE];

	ref_of(1, ref);
	return links_import_calls(ctx, ref, csv, sizeof(csv) - 1, &r, err);
}

/*
 * What a store holds, counted through the store API: enough to see any
 * row written by a failed operation, and to compare a retry with a clean
 * run.
 */
#define SNAPSHOT_FIELDS(X)						\
	X(audit_count) X(audit_bad) X(audit_seq) X(agencies) X(users)	\
	X(cases) X(open_cases) X(max_number) X(notes) X(links)		\
	X(persons) X(names) X(nationalities) X(languages)		\
	X(documents) X(contacts) X(passwords) X(step_events) X(facts)	\
	X(screenings) X(assessments) X(decided) X(definitions)	\
	X(case_state) X(cooperation) X(cooperation_events)		\
	X(cooperation_state) X(identifiers) X(case_links) X(calls)	\
	X(call_imports)

#define SNAPSHOT_MEMBER(f)	int64_t f;

struct snapshot {
	SNAPSHOT_FIELDS(SNAPSHOT_MEMBER)
};

/*
 * A digest of every user's password hash (FNV-1a, 62 bits), so that a
 * password changed without its audit row shows.  -1 on error.
 */
static int64_t
passwords_digest(struct store *st, struct arena *a,
    const struct user_row *users, size_t n, struct err *err)
{
	uint64_t h = 14695981039346656037u;

	for (size_t i = 0; i < n; i++) {
		char *hash;

		if (store_user_password_hash(st, users[i].id, a, &hash,
		    err) == -1)
			return -1;
		for (const char *p = hash; *p; p++) {
			h ^= (unsigned char)*p;
			h *= 1099511628211u;
		}
	}
	return (int64_t)(h >> 2);
}

/* Case c's cooperation requests, where each stands, and their history. */
static int
snapshot_cooperation(struct store *st, struct arena *a,
    const struct case_row *c, struct snapshot *s, struct err *err)
{
	struct cooperation_row *rows;
	struct cooperation_event_row *events;
	size_t n, k;

	if (store_cooperation_list(st, &(struct cooperation_filter){
	    .case_id = c->id, .status = -1, .kind = -1 }, a, &rows, &n,
	    err) == -1)
		return -1;
	s->cooperation += (int64_t)n;
	for (size_t i = 0; i < n; i++) {
		if (store_cooperation_events(st, rows[i].id, a, &events, &k,
		    err) == -1)
			return -1;
		s->cooperation_events += (int64_t)k;
		s->cooperation_state += rows[i].version * 100 +
		    rows[i].status * 10 + (rows[i].next_follow_up != NULL);
	}
	return 0;
}

/* What the SOP engine wrote on case c: events, facts, screenings, the
 * latest assessment, and the case's kind and SOP version. */
static int
snapshot_sop_rows(struct store *st, struct arena *a,
    const struct case_row *c, struct snapshot *s, struct err *err)
{
	struct step_event_row *events;
	struct case_fact_row *facts;
	struct screening_row *screenings;
	struct assessment_row latest;
	struct links_counts links;
	size_t k;

	if (store_step_event_list(st, c->id, a, &events, &k, err) == -1)
		return -1;
	s->step_events += (int64_t)k;
	if (store_case_fact_list(st, c->id, a, &facts, &k, err) == -1)
		return -1;
	s->facts += (int64_t)k;
	if (store_screening_list(st, c->id, 0, a, &screenings, &k,
	    err) == -1)
		return -1;
	s->screenings += (int64_t)k;
	if (store_assessment_latest(st, c->id, a, &latest, err) == 0) {
		s->assessments += latest.id;
		s->decided += latest.decision >= 0;
	} else if (err->code != ERR_NOT_FOUND) {
		return -1;
	} else {
		err_clear(err);
	}
	s->case_state += c->kind * 1000 + c->sop_version * 10 +
	    (c->sop_id && STREQ(c->sop_id, "som"));
	if (store_links_counts(st, c->id, &links, err) == -1)
		return -1;
	s->identifiers = links.identifiers;
	s->case_links += links.links;
	s->calls += links.calls;
	s->call_imports += links.imports;
	return snapshot_cooperation(st, a, c, s, err);
}

static int
take_snapshot(struct store *st, struct snapshot *s, struct err *err)
{
	struct arena *a = arena_new();
	struct audit_verdict v;
	struct agency_row *agencies;
	struct user_row *users;
	struct case_row *cases;
	char hash[AUDIT_HASH_HEX];
	size_t n;
	int rc = -1;

	*s = (struct snapshot){ 0 };
	if (audit_verify(st, &v, err) == -1 ||
	    store_audit_last(st, &s->audit_seq, hash, err) == -1 ||
	    store_agency_list(st, a, &agencies, &n, err) == -1)
		goto out;
	s->audit_count = v.count;
	s->audit_bad = v.bad_seq;
	s->agencies = (int64_t)n;
	if (store_user_list(st, 0, 0, 0, a, &users, &n, err) == -1)
		goto out;
	s->users = (int64_t)n;
	s->passwords = passwords_digest(st, a, users, n, err);
	if (s->passwords == -1)
		goto out;
	if (store_case_list(st, &(struct case_filter){ 0 }, a, &cases, &n,
	    err) == -1)
		goto out;
	s->cases = (int64_t)n;
	for (size_t i = 0; i < n; i++) {
		struct case_person_row *links;
		struct note_row *notes;
		size_t k;

		if (cases[i].status == CASE_STATUS_OPEN)
			s->open_cases++;
		if (cases[i].number > s->max_number)
			s->max_number = cases[i].number;
		if (store_note_list(st, cases[i].id, a, &notes, &k,
		    err) == -1)
			goto out;
		s->notes += (int64_t)k;
		if (store_case_person_list(st, cases[i].id, a, &links, &k,
		    err) == -1)
			goto out;
		s->links += (int64_t)k;
		if (snapshot_sop_rows(st, a, &cases[i], s, err) == -1)
			goto out;
	}
	for (int kind = DEFINITION_SOP; kind <= DEFINITION_SCREENING;
	    kind++) {
		struct definition_row *defs;

		if (store_definition_list(st, kind, a, &defs, &n, err) == -1)
			goto out;
		s->definitions += (int64_t)n;
	}
	/* Person ids count from 1; a rolled-back insert leaves no gap. */
	for (int64_t id = 1;; id++) {
		struct person_row p;

		if (store_person_by_id(st, id, a, &p, err) == -1) {
			if (err->code != ERR_NOT_FOUND)
				goto out;
			err_clear(err);
			break;
		}
		s->persons++;
		s->names += (int64_t)p.n_names;
		s->nationalities += (int64_t)p.n_nationalities;
		s->languages += (int64_t)p.n_languages;
		s->documents += (int64_t)p.n_documents;
		s->contacts += (int64_t)p.n_contacts;
	}
	rc = 0;
out:
	arena_free(&a);
	return rc;
}

/* The first field in which got differs from want, or NULL. */
static const char *
snapshot_diff(const struct snapshot *got, const struct snapshot *want,
    char *why, size_t size)
{
#define SNAPSHOT_CMP(f)							\
	if (got->f != want->f) {					\
		snprintf(why, size, "%s is %" PRId64 ", want %" PRId64,	\
		    #f, got->f, want->f);				\
		return why;						\
	}
	SNAPSHOT_FIELDS(SNAPSHOT_CMP)
#undef SNAPSHOT_CMP
	return NULL;
}

struct fault_op {
	const char	*name;
	bool		 boot;		/* on the bootstrap template */
	const char	*actor;		/* NULL: the system */
	int		(*run)(struct ctx *ctx, struct err *err);
};

static const struct fault_op fault_ops[] = {
	{ "agency_add", true, NULL, op_agency_add },
	{ "user_add (the first admin)", true, NULL, op_first_admin },
	{ "user_add", false, "admin", op_user_add },
	{ "user_passwd", false, "inv", op_user_passwd },
	{ "case_open", false, "inv", op_case_open },
	{ "person_add", false, "inv", op_person_add },
	{ "case_add_person", false, "inv", op_case_add_person },
	{ "case_note", false, "inv", op_case_note },
	{ "case_close", false, "inv", op_case_close },
	{ "case_share", false, "sup", op_case_share },
	{ "case_unshare", false, "sup", op_case_unshare },
	{ "case_transfer", false, "sup", op_case_transfer },
	{ "person_show (an audited read)", false, "inv", op_person_show },
	{ "case_step_do", false, "inv", op_case_step_do },
	{ "case_record", false, "inv", op_case_record },
	{ "screen_person (and the presumed victim)", false, "inv",
	    op_screen },
	{ "case_assess", false, "inv", op_case_assess },
	{ "case_classify", false, "inv", op_case_classify },
	{ "case_upgrade_sop", false, "inv", op_case_upgrade_sop },
	{ "sop_import", false, "admin", op_sop_import },
	{ "cooperation_create", false, "inv", op_cooperation_create },
	{ "cooperation_move", false, "inv", op_cooperation_move },
	{ "cooperation_follow_up", false, "inv", op_cooperation_follow_up },
	{ "links_add", false, "inv", op_links_add },
	{ "links_remove", false, "inv", op_links_remove },
	{ "links_import_calls", false, "inv", op_links_import_calls },
	{ "import_persons", false, "sup", op_import_persons },
};

/*
 * Runs op on a fresh copy of its template once, cleanly, and returns the
 * number of statements it ran and the store's state after it.
 */
static int
clean_run(struct fault_env *fe, const struct fault_op *op,
    int64_t *steps, struct snapshot *after, struct err *err)
{
	struct ctx ctx;
	int rc = -1;

	if (copy_store(op->boot ? fe->boot : fe->full, fe->work) == -1)
		return err_set(err, ERR_IO, NULL, "cannot copy the template");
	if (ctx_open(fe, fe->work, op->actor, &ctx, err) == -1)
		goto out;
	store_fault_after(ctx.store, 0);
	if (op->run(&ctx, err) == -1)
		goto out;
	*steps = store_fault_steps(ctx.store);
	rc = take_snapshot(ctx.store, after, err);
out:
	ctx_close(&ctx);
	remove_store(fe->work);
	return rc;
}

/*
 * Fails op at statement n on a fresh copy of its template and checks
 * what is left.  Returns NULL, or what went wrong in why.
 */
static const char *
faulty_run(struct fault_env *fe, const struct fault_op *op, int64_t n,
    const struct snapshot *clean, char *why, size_t size)
{
	struct snapshot before, now;
	struct err err = ERR_INIT;
	struct ctx ctx = { 0 };
	const char *bad = NULL;
	char diff[160], want[CASE_REF_SIZE];
	struct case_row c;
	int rc;

#define BAD(...) do { snprintf(why, size, __VA_ARGS__); bad = why;	\
	goto out; } while (0)

	if (copy_store(op->boot ? fe->boot : fe->full, fe->work) == -1)
		BAD("cannot copy the template");
	if (ctx_open(fe, fe->work, op->actor, &ctx, &err) == -1 ||
	    take_snapshot(ctx.store, &before, &err) == -1)
		BAD("cannot set up: %s", err.msg);

	store_fault_after(ctx.store, n);
	rc = op->run(&ctx, &err);
	store_fault_after(ctx.store, 0);
	if (rc != -1)
		BAD("it succeeded");
	if (err.code != ERR_STORE || !unit_contains(err.msg, "injected"))
		BAD("it failed with %s \"%s\", want the injected store "
		    "fault", err_code_name(err.code), err.msg);

	/* Nothing half-written: the store is as it was. */
	if (take_snapshot(ctx.store, &now, &err) == -1)
		BAD("the store cannot be read after it: %s", err.msg);
	if (snapshot_diff(&now, &before, diff, sizeof(diff)))
		BAD("half-written: %s", diff);

	/* Tried again, it does exactly what a clean run does. */
	err_clear(&err);
	if (op->run(&ctx, &err) == -1)
		BAD("the retry failed: %s", err.msg);
	if (take_snapshot(ctx.store, &now, &err) == -1)
		BAD("the store cannot be read after the retry: %s", err.msg);
	now.passwords = clean->passwords;	/* salted: never equal */
	if (snapshot_diff(&now, clean, diff, sizeof(diff)))
		BAD("the retry differs from a clean run: %s", diff);

	/* The counter was not consumed: the next case has the next
	 * number. */
	if (!op->boot) {
		if (ctx_act_as(&ctx, "inv", &err) == -1 ||
		    case_open(&ctx, &(struct case_input){ .title = "Next" },
		    &c, &err) == -1)
			BAD("the next case does not open: %s", err.msg);
		ref_of(clean->max_number + 1, want);
		if (!STREQ(c.ref, want))
			BAD("the next case is %s, want %s", c.ref, want);
	}

	/* Nothing is left in an open transaction: what the store shows
	 * now is still there after closing and opening it again. */
	if (take_snapshot(ctx.store, &before, &err) == -1)
		BAD("cannot read the store: %s", err.msg);
	store_close(&ctx.store);
	ctx.store = open_path(fe->work, 0, &err);
	if (!ctx.store)
		BAD("the store does not open again: %s", err.msg);
	if (take_snapshot(ctx.store, &now, &err) == -1)
		BAD("cannot read the store opened again: %s", err.msg);
	if (snapshot_diff(&now, &before, diff, sizeof(diff)))
		BAD("a transaction was left open: after reopening, %s",
		    diff);
	if (now.audit_bad != 0)
		BAD("the audit chain is broken at %" PRId64, now.audit_bad);
#undef BAD
out:
	ctx_close(&ctx);
	remove_store(fe->work);
	return bad;
}

/* Deliberately not atomic: two agencies in two transactions. */
static int
op_two_agencies(struct ctx *ctx, struct err *err)
{
	struct agency_row row;

	if (agency_add(ctx, &(struct agency_input){ "ERB-A", "A", "ngo" },
	    &row, err) == -1)
		return -1;
	return agency_add(ctx, &(struct agency_input){ "ERB-B", "B", "ngo" },
	    &row, err);
}

/*
 * The harness itself: a fault in the second of two transactions leaves
 * the first one's agency behind, and faulty_run() must say so.  Without
 * this, a harness that never looked would pass every row.
 */
static void
test_faults_are_noticed(void **state)
{
	static const struct fault_op first = { "one agency", true, NULL,
	    op_agency_add };
	static const struct fault_op two = { "two agencies", true, NULL,
	    op_two_agencies };
	struct fault_env *fe = *state;
	struct snapshot clean;
	struct err err = ERR_INIT;
	int64_t one = 0, both = 0;

	if (clean_run(fe, &first, &one, &clean, &err) == -1 ||
	    clean_run(fe, &two, &both, &clean, &err) == -1)
		fail_msg("a clean run fails: %s", err.msg);
	assert_true(both > one);
	for (int64_t n = 1; n <= both; n++) {
		char why[512];
		const char *bad = faulty_run(fe, &two, n, &clean, why,
		    sizeof(why));
		bool want = n > one;

		if ((bad && unit_contains(bad, "half-written")) != want)
			fail_msg("fault at statement %" PRId64 " of %" PRId64
			    ": got \"%s\", want %s", n, both,
			    bad ? bad : "no complaint",
			    want ? "half-written" : "no complaint");
	}
}

static void
test_faults(void **state)
{
	struct fault_env *fe = *state;
	int failures = 0;

	for (size_t i = 0; i < ARRAY_SIZE(fault_ops); i++) {
		const struct fault_op *op = &fault_ops[i];
		struct snapshot clean;
		struct err err = ERR_INIT;
		int64_t steps = 0;

		if (clean_run(fe, op, &steps, &clean, &err) == -1) {
			print_error("row %zu \"%s\": a clean run fails: %s\n",
			    i, op->name, err.msg);
			failures++;
			continue;
		}
		if (steps < 1) {
			print_error("row %zu \"%s\": ran no statement\n", i,
			    op->name);
			failures++;
			continue;
		}
		if (clean.audit_bad != 0) {
			print_error("row %zu \"%s\": a clean run breaks the "
			    "audit chain at %" PRId64 "\n", i, op->name,
			    clean.audit_bad);
			failures++;
		}
		print_message("%s: %" PRId64 " statements, each failed in "
		    "turn\n", op->name, steps);
		for (int64_t n = 1; n <= steps; n++) {
			char why[512];
			const char *bad = faulty_run(fe, op, n, &clean, why,
			    sizeof(why));

			if (bad) {
				print_error("row %zu \"%s\", fault at "
				    "statement %" PRId64 " of %" PRId64
				    ": %s\n", i, op->name, n, steps, bad);
				failures++;
			}
		}
	}
	if (failures)
		fail_msg("%d faulty runs left the store wrong (above)",
		    failures);
}

int
main(void)
{
	const struct CMUnitTest store_tests[] = {
		cmocka_unit_test(test_open_refuses),
		cmocka_unit_test(test_url_shown),
		cmocka_unit_test(test_busy_writer),
		cmocka_unit_test(test_migrate),
		cmocka_unit_test_setup_teardown(test_transactions,
		    unit_env_setup, unit_env_teardown),
		cmocka_unit_test_setup_teardown(test_case_counter,
		    unit_env_setup, unit_env_teardown),
	};
	/* In order: each builds on the one before. */
	const struct CMUnitTest scenario_tests[] = {
		cmocka_unit_test(test_bootstrap),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_people),
		cmocka_unit_test(test_need_to_know),
		cmocka_unit_test(test_note_and_close),
		cmocka_unit_test(test_audit_trail),
	};
	const struct CMUnitTest fault_tests[] = {
		cmocka_unit_test(test_faults_are_noticed),
		cmocka_unit_test(test_faults),
	};
	int failed = 0;

	failed += cmocka_run_group_tests_name("store", store_tests, NULL,
	    NULL);
	failed += cmocka_run_group_tests_name("scenario", scenario_tests,
	    scenario_setup, scenario_teardown);
	failed += cmocka_run_group_tests_name("faults", fault_tests,
	    faults_setup, faults_teardown);
	return failed;
}
