/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_pg.c - the PostgreSQL driver, over libpq.
 *
 * A store is one connection (a server opens one per worker).  Every
 * statement of store_sql.c is prepared on it at open, its parameters
 * numbered PostgreSQL's way; the few whose dialects differ are replaced
 * by pg_sql below.  Values travel as text and results come whole, so a
 * caller may run a statement while it reads another's rows, as with
 * SQLite.
 *
 * Writers take one advisory lock for their transaction, so that several
 * tipsom processes on one database write one at a time, as SQLite's
 * writers do: case numbers stay gap-free, person ids known before the
 * write stay unique and the audit chain stays one chain, at READ
 * COMMITTED (each statement after the lock sees every earlier commit).
 * Readers never wait: a read transaction is a REPEATABLE READ snapshot.
 *
 * A connection lost (the server restarted, the network failed) fails the
 * statement that found it, and the transaction it was in, with a message
 * saying so; the next transaction or statement outside one connects
 * again and prepares everything anew.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/util.h"
#include "store/store_int.h"
#include "store/store_sql.h"
#include "base/banned.h"

extern const struct embedded_file pg_migrations[];

/* "tipsom" in ASCII: the advisory lock every writer takes. */
#define WRITER_LOCK	"127978520129389"

/*
 * An agency's cases and those shared with it, newest first.  PostgreSQL
 * sorts a UNION ALL whole before taking a page of it (every case of the
 * agency, 100 ms at 100,000 cases), so each side takes only what the
 * page can need, in its index's order.
 */
#define NEWEST_FIRST	"ORDER BY c.opened_at DESC, c.id DESC LIMIT ?4 + ?5"
#define PG_WITH_SHARED(own_filters)					\
	"(SELECT " CASE_COLUMNS "WHERE c.agency_id = ?1 " own_filters	\
	NEWEST_FIRST ") UNION ALL (SELECT " SHARED_CASES own_filters	\
	NEWEST_FIRST ") ORDER BY 14 DESC, 1 DESC LIMIT ?4 OFFSET ?5"

/*
 * The statements PostgreSQL runs differently: those it plans worse, and
 * SQLite's two-argument
 * min() and max(), IS NOT for a comparison with NULL, its JSON functions
 * and group_concat(), its leniency about columns neither grouped nor
 * aggregated, and parameters whose type PostgreSQL cannot infer.
 */
static const char *const pg_sql[STMT__MAX] = {
	[STMT_CASE_LIST_WITH_SHARED] = PG_WITH_SHARED(ANY_KIND_ANY_STATUS),
	[STMT_CASE_LIST_WITH_SHARED_STATUS] =
	    PG_WITH_SHARED(ANY_KIND_ONE_STATUS),
	[STMT_CASE_LIST_WITH_SHARED_KIND] =
	    PG_WITH_SHARED(ONE_KIND_ANY_STATUS),
	[STMT_CASE_LIST_WITH_SHARED_STATUS_KIND] =
	    PG_WITH_SHARED(ONE_KIND_ONE_STATUS),
	[STMT_CALL_PAIRS] =
	    "SELECT k.caller_id, k.callee_id, k.case_id, c.ref, c.agency_id, "
	    "count(*), sum(k.duration), min(k.started_at), max(k.started_at), "
	    "ir.normalised, ir.value, ie.normalised, ie.value "
	    "FROM calls k JOIN cases c ON c.id = k.case_id "
	    "JOIN identifiers ir ON ir.id = k.caller_id "
	    "JOIN identifiers ie ON ie.id = k.callee_id "
	    "WHERE k.caller_id = $1 OR k.callee_id = $1 "
	    "GROUP BY k.caller_id, k.callee_id, k.case_id, c.ref, "
	    "c.agency_id, ir.normalised, ir.value, ie.normalised, ie.value "
	    "ORDER BY 1, 2, 3",
	[STMT_CASE_NEXT_NUMBER] =
	    "INSERT INTO case_counters (agency_id, year, last) "
	    "VALUES ($1, $2, 1) ON CONFLICT (agency_id, year) "
	    "DO UPDATE SET last = case_counters.last + 1 RETURNING last",
	[STMT_INTAKE_NEXT_NUMBER] =
	    "INSERT INTO intake_counters (year, last) VALUES ($1, 1) "
	    "ON CONFLICT (year) DO UPDATE SET last = intake_counters.last + 1 "
	    "RETURNING last",
	[STMT_LOGIN_SUCCEEDED] =
	    "UPDATE users SET failed_logins = 0, last_failed_at = NULL, "
	    "locked_until = NULL, totp_last_step = GREATEST(totp_last_step, "
	    "$2) WHERE id = $1",
	[STMT_SESSION_DELETE_USER] =
	    "DELETE FROM sessions WHERE user_id = $1 AND "
	    "token_hash IS DISTINCT FROM $2::text",
	[STMT_PERSON_VISIBLE] =
	    "WITH RECURSIVE merged (id) AS (SELECT $1::bigint UNION SELECT "
	    "p.id FROM persons p JOIN merged m ON p.merged_into = m.id) "
	    "SELECT EXISTS (SELECT 1 FROM persons WHERE id IN (SELECT id "
	    "FROM merged) AND agency_id = $2) OR EXISTS (SELECT 1 FROM "
	    "case_persons cp JOIN cases c ON c.id = cp.case_id "
	    "WHERE cp.person_id = $1 AND c.agency_id = $2)",
	[STMT_MERGE_NOTE_FOLDED_ROLES] =
	    "INSERT INTO person_merge_moves (merge_id, kind, case_id, role, "
	    "saved) SELECT $1, 'case_role_folded', o.case_id, o.role, "
	    "json_build_object('identified_on', o.identified_on, 'age', "
	    "o.age, 'age_basis', o.age_basis, 'child', o.child, "
	    "'needs_interpreter', o.needs_interpreter, "
	    "'interpreter_language', o.interpreter_language, 'added_at', "
	    "o.added_at, 'added_by', o.added_by)::text FROM case_persons o "
	    "WHERE o.person_id = $3 AND EXISTS (SELECT 1 FROM case_persons k "
	    "WHERE k.case_id = o.case_id AND k.person_id = $2 AND "
	    "k.role = o.role)",
	[STMT_UNMERGE_FOLDED_ROLES] =
	    "INSERT INTO case_persons (case_id, person_id, role, "
	    "identified_on, age, age_basis, child, needs_interpreter, "
	    "interpreter_language, added_at, added_by) SELECT m.case_id, $3, "
	    "m.role, m.saved::json ->> 'identified_on', "
	    "(m.saved::json ->> 'age')::bigint, "
	    "m.saved::json ->> 'age_basis', "
	    "(m.saved::json ->> 'child')::bigint, "
	    "(m.saved::json ->> 'needs_interpreter')::bigint, "
	    "m.saved::json ->> 'interpreter_language', "
	    "m.saved::json ->> 'added_at', "
	    "(m.saved::json ->> 'added_by')::bigint "
	    "FROM person_merge_moves m WHERE m.merge_id = $1 AND "
	    "m.kind = 'case_role_folded' AND $2 > 0 ON CONFLICT DO NOTHING",
	[STMT_DISTINCT_INSERT] =
	    "INSERT INTO person_distinct (a, b, reason, at, user_id) VALUES "
	    "(LEAST($1::bigint, $2::bigint), GREATEST($1::bigint, "
	    "$2::bigint), $3, $4, $5) ON CONFLICT (a, b) DO NOTHING",
	[STMT_HTCDS_VICTIMS] =
	    "SELECT cp.person_id, cp.case_id, "
	    "MAX(CASE WHEN cp.role = 'victim' THEN 1 ELSE 0 END), "
	    "CAST(substr(MIN(cp.identified_on), 1, 4) AS BIGINT), "
	    "COALESCE(MAX(cp.age), -1), MAX(cp.child), p.sex, c.status, "
	    "(SELECT string_agg(n.country, ';' ORDER BY n.country) FROM "
	    "person_nationalities n WHERE n.person_id = cp.person_id), "
	    "(SELECT a.elements FROM assessments a WHERE a.case_id = "
	    "cp.case_id ORDER BY a.id DESC LIMIT 1) "
	    "FROM case_persons cp JOIN cases c ON c.id = cp.case_id "
	    "JOIN persons p ON p.id = cp.person_id "
	    "WHERE c.agency_id = $1 AND cp.role IN ('presumed_victim', "
	    "'victim') AND p.merged_into IS NULL "
	    "GROUP BY cp.person_id, cp.case_id, p.sex, c.status "
	    "HAVING CAST(substr(MIN(cp.identified_on), 1, 4) AS BIGINT) "
	    "BETWEEN $2 AND $3 "
	    "ORDER BY cp.person_id, MIN(cp.identified_on), cp.case_id",
	[STMT_STATS_PERSONS] =
	    STATS_FIRST_ROLES
	    "SELECT p.sex, cp.role, cp.child, cp.age_basis, cp.identified_on, "
	    "a.code, (SELECT string_agg(country, ',' ORDER BY country) "
	    "FROM person_nationalities WHERE person_id = cp.person_id), "
	    "(SELECT string_agg(DISTINCT value, ',') FROM "
	    "json_array_elements_text((SELECT elements FROM assessments "
	    "WHERE case_id = cp.case_id ORDER BY id DESC LIMIT 1)::json "
	    "-> 'tip' -> 'purposes')), "
	    "c.route FROM cp JOIN persons p ON p.id = cp.person_id "
	    "JOIN cases c ON c.id = cp.case_id "
	    "JOIN agencies a ON a.id = c.agency_id WHERE cp.n = 1 "
	    "ORDER BY cp.person_id",
};

struct pg_stmt {
	char		 name[16];
	int		 nparams;
	bool		 prepared;
	const char	**values;	/* bound, NULL for SQL NULL */
	char		**owned;	/* the copies bind_text made */
	char		(*ints)[24];	/* the texts of integers bound */
	PGresult	*res;		/* while it is being read */
	int		 row;
};

struct pg_impl {
	PGconn		*conn;
	char		*conninfo;
	long long	 lock_timeout_ms;
	struct pg_stmt	 stmts[STMT__MAX];
	struct buf	 line;		/* a row being copied in */
	bool		 statements;	/* prepare_all() was asked for */
	bool		 prepared;	/* and every statement is */
};

/* The longest COPY statement or row. */
#define COPY_MAX	((size_t)1 << 30)

static struct pg_impl *
impl(struct store *st)
{
	return st->impl;
}

/* A libpq message's first line, without its "ERROR:  " label, or only
 * what the server said when it refused a connection. */
static const char *
first_line(const char *msg, char *out, size_t size)
{
	size_t n;

	const char *fatal = msg ? strstr(msg, "FATAL:  ") : NULL;

	if (!msg || !*msg)
		return "no message";
	if (fatal)
		msg = fatal + 8;
	if (strncmp(msg, "ERROR:  ", 8) == 0)
		msg += 8;
	n = strcspn(msg, "\n");
	snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), msg);
	return out;
}

static bool
connection_lost(struct store *st)
{
	return PQstatus(impl(st)->conn) != CONNECTION_OK;
}

/* Maps a failed result (or a failed connection when res is NULL). */
static int
pg_fail(struct store *st, const PGresult *res, const char *doing,
    struct err *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) :
	    NULL;
	char line[200];
	const char *msg = first_line(res ? PQresultErrorMessage(res) :
	    PQerrorMessage(impl(st)->conn), line, sizeof(line));

	if (connection_lost(st) || (state && strncmp(state, "08", 2) == 0) ||
	    (state && STREQ(state, "57P01")))
		return err_set(err, ERR_STORE, NULL, "%s: the connection to "
		    "PostgreSQL was lost, and this was not done: try again",
		    doing);
	if (!state)
		return err_set(err, ERR_STORE, NULL, "%s: %s", doing, msg);
	if (STREQ(state, "23505"))
		return err_set(err, ERR_CONFLICT, NULL, "%s: already exists",
		    doing);
	if (STREQ(state, "40001") || STREQ(state, "40P01") ||
	    STREQ(state, "55P03"))
		return err_set(err, ERR_STORE, NULL, "%s: the store is busy "
		    "with another writer: try again", doing);
	if (STREQ(state, "25006"))
		return err_set(err, ERR_STORE, NULL, "%s: the store is "
		    "read-only here: use the primary server", doing);
	if (STREQ(state, "53100"))
		return err_set(err, ERR_STORE, NULL, "%s: the database "
		    "server's disk is full: free some space", doing);
	return err_set(err, ERR_STORE, NULL, "%s: %s", doing, msg);
}

/* Runs text, which returns no rows the caller wants. */
static int
pg_exec(struct store *st, const char *text, const char *doing,
    struct err *err)
{
	PGresult *res = PQexec(impl(st)->conn, text);
	ExecStatusType s = PQresultStatus(res);
	int rc = 0;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		rc = pg_fail(st, res, doing, err);
	PQclear(res);
	return rc;
}

static int
pg_script(struct store *st, const char *script, struct err *err)
{
	return pg_exec(st, script, "store", err);
}

/* The session's settings, after every connect. */
static int
pg_configure(struct store *st, struct err *err)
{
	char text[200];

	/* Wait for another writer as long as SQLite's busy timeout. */
	snprintf(text, sizeof(text), "SET lock_timeout = %lld; "
	    "SET client_encoding = 'UTF8'; SET client_min_messages = warning",
	    impl(st)->lock_timeout_ms);
	return pg_exec(st, text, "store", err);
}

/*
 * Makes the database im->conninfo names when the server says it does not
 * exist (as SQLite makes a missing file), through the server's
 * maintenance database "postgres", then connects to it.  The user needs
 * the CREATEDB right; without it the server's refusal is the message.
 */
static int
create_database(struct pg_impl *im, struct err *err)
{
	PQconninfoOption *opts = PQconninfoParse(im->conninfo, NULL);
	const char *keys[64], *values[64], *dbname = NULL;
	char line[200], *quoted = NULL, *sql = NULL;
	PGconn *maint = NULL;
	PGresult *res = NULL;
	int n = 0, rc = -1;

	if (!opts || !strstr(PQerrorMessage(im->conn), "does not exist"))
		goto out;
	for (PQconninfoOption *o = opts; o->keyword && n < 63; o++) {
		if (!o->val)
			continue;
		keys[n] = o->keyword;
		if (STREQ(o->keyword, "dbname")) {
			dbname = o->val;
			values[n++] = "postgres";
		} else {
			values[n++] = o->val;
		}
	}
	keys[n] = values[n] = NULL;
	if (!dbname)
		goto out;
	maint = PQconnectdbParams(keys, values, 0);
	if (PQstatus(maint) != CONNECTION_OK)
		goto out;
	quoted = PQescapeIdentifier(maint, dbname, strlen(dbname));
	if (!quoted)
		goto out;
	sql = malloc(strlen(quoted) + 64);
	if (!sql)
		abort();
	snprintf(sql, strlen(quoted) + 64, "CREATE DATABASE %s ENCODING "
	    "'UTF8' TEMPLATE template0", quoted);
	res = PQexec(maint, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = err_set(err, ERR_STORE, "db", "cannot create database "
		    "\"%.64s\": %s", dbname, first_line(
		    PQresultErrorMessage(res), line, sizeof(line)));
		goto out;
	}
	PQfinish(im->conn);
	im->conn = PQconnectdb(im->conninfo);
	rc = 0;
out:
	PQclear(res);
	free(sql);
	PQfreemem(quoted);
	PQfinish(maint);
	PQconninfoFree(opts);
	/* Not made: the caller reports the first connection's failure. */
	return err->code == ERR_OK ? 0 : rc;
}

static int
pg_open(struct store *st, const char *target,
    const struct store_options *opt, unsigned flags, struct err *err)
{
	struct pg_impl *im = calloc(1, sizeof(*im));
	char line[200];
	size_t n = strlen("postgresql:") + strlen(target) + 1;

	if (!im)
		abort();
	st->impl = im;
	buf_init(&im->line, COPY_MAX);
	im->lock_timeout_ms = opt ? opt->busy_timeout_ms : 5000;
	im->conninfo = malloc(n);
	if (!im->conninfo)
		abort();
	snprintf(im->conninfo, n, "postgresql:%s", target);
	for (int i = 0; i < STMT__MAX; i++)
		snprintf(im->stmts[i].name, sizeof(im->stmts[i].name), "t%d",
		    i);
	im->conn = PQconnectdb(im->conninfo);
	if (PQstatus(im->conn) != CONNECTION_OK && (flags & STORE_CREATE) &&
	    create_database(im, err) == -1)
		goto failed;
	if (PQstatus(im->conn) != CONNECTION_OK &&
	    strstr(PQerrorMessage(im->conn), "does not exist")) {
		err_set(err, ERR_NOT_FOUND, "db", "%s: run tipsom init, or "
		    "give --db", first_line(PQerrorMessage(im->conn), line,
		    sizeof(line)));
		goto failed;
	}
	if (PQstatus(im->conn) != CONNECTION_OK) {
		/* libpq's message names the host, never the password. */
		err_set(err, ERR_STORE, "db", "cannot connect to PostgreSQL: "
		    "%s: check --db and that the server runs",
		    first_line(PQerrorMessage(im->conn), line, sizeof(line)));
		goto failed;
	}
	if (PQserverVersion(im->conn) < 150000) {
		err_set(err, ERR_VERSION, "db", "PostgreSQL %d.%d is too old: "
		    "tipsom needs 15 or newer",
		    PQserverVersion(im->conn) / 10000,
		    PQserverVersion(im->conn) % 10000);
		goto failed;
	}
	if (pg_configure(st, err) == -1)
		goto failed;
	return 0;
failed:
	PQfinish(im->conn);
	free(im->conninfo);
	free(im);
	st->impl = NULL;
	return -1;
}

static void
stmt_clear(struct pg_stmt *s)
{
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	for (int i = 0; i < s->nparams; i++) {
		free(s->owned[i]);
		s->owned[i] = NULL;
		s->values[i] = NULL;
	}
}

static void
pg_close(struct store *st)
{
	struct pg_impl *im = impl(st);

	if (!im)
		return;
	for (int i = 0; i < STMT__MAX; i++) {
		struct pg_stmt *s = &im->stmts[i];

		stmt_clear(s);
		free(s->values);
		free(s->owned);
		free(s->ints);
	}
	buf_release(&im->line);
	PQfinish(im->conn);
	free(im->conninfo);
	free(im);
	st->impl = NULL;
}

static int
pg_schema_version(struct store *st, int *version, struct err *err)
{
	PGresult *res;

	*version = 0;
	res = PQexec(impl(st)->conn, "SELECT to_regclass('schema_migrations') "
	    "IS NOT NULL");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_fail(st, res, "reading the schema version", err);
		PQclear(res);
		return -1;
	}
	if (!STREQ(PQgetvalue(res, 0, 0), "t")) {
		PQclear(res);
		return 0;
	}
	PQclear(res);
	res = PQexec(impl(st)->conn, "SELECT COALESCE(max(version), 0) "
	    "FROM schema_migrations");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_fail(st, res, "reading the schema version", err);
		PQclear(res);
		return -1;
	}
	*version = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

/*
 * SQLite's SQL in PostgreSQL's words: ?N becomes $N ($N::text when
 * tested for NULL), and a bare ? the next number after the largest so
 * far, as SQLite numbers it; LIKE
 * becomes ILIKE (SQLite's LIKE ignores the case of ASCII letters,
 * ILIKE of every letter); CROSS JOIN, which fixes SQLite's join order,
 * a plain JOIN (PostgreSQL's planner orders joins itself).  Text in
 * quotes is left alone.  Returns a malloc'd string; *nparams is the
 * largest parameter number.
 */
static char *
translate(const char *sql, int *nparams)
{
	static const struct {
		const char *from, *to;
	} words[] = {
		{ " LIKE ", " ILIKE " }, { "CROSS JOIN ", "JOIN " },
	};
	/* "LIMIT ?1" becomes at most "LIMIT NULLIF(GREATEST($65535, -1),
	 * -1)": 40 bytes for 8. */
	size_t cap = strlen(sql) * 6 + 1, o = 0;
	char *out = malloc(cap);
	int largest = 0;
	bool quoted = false;

	if (!out)
		abort();
	for (const char *p = sql; *p; p++) {
		size_t w;

		if (*p == '\'')
			quoted = !quoted;
		for (w = 0; !quoted && w < ARRAY_SIZE(words); w++)
			if (strncmp(p, words[w].from,
			    strlen(words[w].from)) == 0)
				break;
		if (!quoted && w < ARRAY_SIZE(words)) {
			o += (size_t)snprintf(out + o, cap - o, "%s",
			    words[w].to);
			p += strlen(words[w].from) - 1;
		} else if (!quoted && *p == '$' && p[1] >= '1' &&
		    p[1] <= '9') {
			/* Already PostgreSQL's (pg_sql): counted. */
			long v = strtol(p + 1, NULL, 10);

			if (v > largest)
				largest = (int)v;
			out[o++] = *p;
		} else if (quoted || *p != '?') {
			out[o++] = *p;
		} else if (p[1] >= '0' && p[1] <= '9') {
			char *end;
			long v = strtol(p + 1, &end, 10);

			if (v > largest)
				largest = (int)v;
			/* Only tested for NULL, a parameter has no type
			 * PostgreSQL can infer: they are texts (filters).
			 * A negative LIMIT is none in SQLite, NULL in
			 * PostgreSQL. */
			if (o >= 6 && strncmp(out + o - 6, "LIMIT ", 6) == 0)
				o += (size_t)snprintf(out + o, cap - o,
				    "NULLIF(GREATEST($%ld, -1), -1)", v);
			else
				o += (size_t)snprintf(out + o, cap - o,
				    "$%ld%s", v, strncmp(end, " IS N", 5) ==
				    0 ? "::text" : "");
			p = end - 1;
		} else {
			o += (size_t)snprintf(out + o, cap - o, "$%d",
			    ++largest);
		}
	}
	out[o] = '\0';
	*nparams = largest;
	return out;
}

static int
prepare_one(struct store *st, int i, struct err *err)
{
	struct pg_stmt *s = &impl(st)->stmts[i];
	const char *sql = pg_sql[i] ? pg_sql[i] : store__sql[i];
	char *text, line[200];
	PGresult *res;
	int n;

	if (!sql)
		return err_set(err, ERR_INTERNAL, NULL,
		    "statement %d has no SQL", i);
	text = translate(sql, &n);
	if (!s->values) {
		s->nparams = n;
		s->values = calloc((size_t)n + 1, sizeof(*s->values));
		s->owned = calloc((size_t)n + 1, sizeof(*s->owned));
		s->ints = calloc((size_t)n + 1, sizeof(*s->ints));
		if (!s->values || !s->owned || !s->ints)
			abort();
		s->row = -1;
	}
	res = PQprepare(impl(st)->conn, s->name, text, 0, NULL);
	free(text);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		if (connection_lost(st))
			pg_fail(st, res, "store", err);
		else
			err_set(err, ERR_STORE, NULL, "statement %d does not "
			    "prepare: %s", i, first_line(
			    PQresultErrorMessage(res), line, sizeof(line)));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	s->prepared = true;
	return 0;
}

static int
pg_prepare_all(struct store *st, struct err *err)
{
	impl(st)->statements = true;
	for (int i = 0; i < STMT__MAX; i++)
		if (!impl(st)->stmts[i].prepared && prepare_one(st, i, err) ==
		    -1)
			return -1;
	impl(st)->prepared = true;
	return 0;
}

/*
 * Connects again after the connection was lost, outside a transaction:
 * prepared statements live in the session, so they are prepared again
 * (also those a connection lost again while preparing them missed).
 */
static int
reconnect(struct store *st, struct err *err)
{
	struct pg_impl *im = impl(st);

	if (!connection_lost(st))
		return im->statements && !im->prepared ?
		    pg_prepare_all(st, err) : 0;
	PQreset(im->conn);
	if (connection_lost(st))
		return err_set(err, ERR_STORE, NULL, "the connection to "
		    "PostgreSQL was lost and cannot be made again: try again "
		    "when the database server is back");
	im->prepared = false;
	for (int i = 0; i < STMT__MAX; i++) {
		stmt_clear(&im->stmts[i]);
		im->stmts[i].prepared = false;
	}
	if (pg_configure(st, err) == -1)
		return -1;
	return im->statements ? pg_prepare_all(st, err) : 0;
}

/*
 * Starts an outermost transaction with text.  One that fails half-way
 * (BEGIN done, the writers' lock not had in time) is rolled back, or the
 * connection would refuse everything after it; so is one a caller left
 * open on the connection by mistake.
 */
static int
begin(struct store *st, const char *text, struct err *err)
{
	struct err ignored = ERR_INIT;

	if (reconnect(st, err) == -1)
		return -1;
	if (PQtransactionStatus(impl(st)->conn) != PQTRANS_IDLE)
		pg_exec(st, "ROLLBACK", "store", &ignored);
	if (pg_exec(st, text, "store", err) == -1) {
		if (PQtransactionStatus(impl(st)->conn) != PQTRANS_IDLE)
			pg_exec(st, "ROLLBACK", "store", &ignored);
		return -1;
	}
	return 0;
}

static int
pg_tx(struct store *st, enum store_tx op, int depth, struct err *err)
{
	char text[64];

	switch (op) {
	case STORE_TX_READ:
		return begin(st, "BEGIN ISOLATION LEVEL REPEATABLE READ, "
		    "READ ONLY", err);
	case STORE_TX_BEGIN:
		if (depth == 1)
			return begin(st, "BEGIN; SELECT pg_advisory_xact_lock("
			    WRITER_LOCK ")", err);
		snprintf(text, sizeof(text), "SAVEPOINT s%d", depth);
		return pg_exec(st, text, "store", err);
	case STORE_TX_COMMIT:
		if (depth > 1) {
			snprintf(text, sizeof(text), "RELEASE s%d", depth);
			return pg_exec(st, text, "store", err);
		} else {
			PGresult *res = PQexec(impl(st)->conn, "COMMIT");
			int rc = 0;

			/* COMMIT of a failed transaction rolls it back. */
			if (PQresultStatus(res) != PGRES_COMMAND_OK)
				rc = pg_fail(st, res, "store", err);
			else if (STREQ(PQcmdStatus(res), "ROLLBACK"))
				rc = err_set(err, ERR_STORE, NULL, "store: the "
				    "transaction failed and was rolled back");
			PQclear(res);
			return rc;
		}
	case STORE_TX_ROLLBACK:
		if (depth == 1)
			return pg_exec(st, "ROLLBACK", "store", err);
		snprintf(text, sizeof(text),
		    "ROLLBACK TO s%d; RELEASE s%d", depth, depth);
		return pg_exec(st, text, "store", err);
	}
	return err_set(err, ERR_INTERNAL, NULL, "bad transaction operation");
}

static void
bind_value(struct pg_stmt *s, int pos, const char *v, char *owned)
{
	assert(pos >= 1 && pos <= s->nparams);
	free(s->owned[pos - 1]);
	s->owned[pos - 1] = owned;
	s->values[pos - 1] = v;
}

static void
pg_bind_int(struct store *st, enum stmt id, int pos, int64_t v)
{
	struct pg_stmt *s = &impl(st)->stmts[id];

	snprintf(s->ints[pos - 1], sizeof(s->ints[0]), "%lld", (long long)v);
	bind_value(s, pos, s->ints[pos - 1], NULL);
}

static void
pg_bind_text(struct store *st, enum stmt id, int pos, const char *v)
{
	char *copy = v ? strdup(v) : NULL;

	if (v && !copy)
		abort();
	bind_value(&impl(st)->stmts[id], pos, copy, copy);
}

/* Not copied: libpq reads v when the statement runs. */
static void
pg_bind_text_kept(struct store *st, enum stmt id, int pos, const char *v)
{
	bind_value(&impl(st)->stmts[id], pos, v, NULL);
}

static void
pg_reset(struct store *st, enum stmt id)
{
	stmt_clear(&impl(st)->stmts[id]);
}

static int
pg_step(struct store *st, enum stmt id, struct err *err)
{
	struct pg_stmt *s = &impl(st)->stmts[id];

	if (!s->res) {
		ExecStatusType status;

		/* Outside a transaction, a lost connection is made again;
		 * inside one, the transaction is lost with it. */
		if (st->tx_depth == 0 && !st->reading &&
		    reconnect(st, err) == -1) {
			stmt_clear(s);
			return -1;
		}
		s->res = PQexecPrepared(impl(st)->conn, s->name, s->nparams,
		    s->values, NULL, NULL, 0);
		status = PQresultStatus(s->res);
		if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
			pg_fail(st, s->res, "store", err);
			stmt_clear(s);
			return -1;
		}
		s->row = -1;
	}
	if (s->row + 1 < PQntuples(s->res)) {
		s->row++;
		return 1;
	}
	return 0;
}

static bool
pg_col_null(struct store *st, enum stmt id, int col)
{
	struct pg_stmt *s = &impl(st)->stmts[id];

	return PQgetisnull(s->res, s->row, col);
}

/* Booleans come as "t" and "f"; a numeric's fraction is cut, as SQLite
 * reads a real as an integer. */
static int64_t
pg_col_int(struct store *st, enum stmt id, int col)
{
	struct pg_stmt *s = &impl(st)->stmts[id];
	const char *v = PQgetvalue(s->res, s->row, col);

	if (v[0] == 't' && !v[1])
		return 1;
	return strtoll(v, NULL, 10);
}

static const char *
pg_col_text(struct store *st, enum stmt id, int col)
{
	struct pg_stmt *s = &impl(st)->stmts[id];

	if (PQgetisnull(s->res, s->row, col))
		return NULL;
	return PQgetvalue(s->res, s->row, col);
}

/* ------------------------------------------------------------------ */
/* Copies (store_copy.c)                                               */
/* ------------------------------------------------------------------ */

/* Every row of table through a cursor, some thousands at a time. */
static int
pg_scan(struct store *st, const char *table,
    int (*fn)(void *arg, int ncols, const char *const *names,
    const char *const *values, struct err *err), void *arg,
    struct err *err)
{
	PGconn *conn = impl(st)->conn;
	bool own_tx = st->tx_depth == 0 && !st->reading;
	char *name = PQescapeIdentifier(conn, table, strlen(table));
	char *text = NULL;
	const char **names = NULL, **values = NULL;
	PGresult *res = NULL;
	int rc = -1;

	if (!name)
		return pg_fail(st, NULL, table, err);
	text = malloc(strlen(name) + 64);
	if (!text)
		abort();
	snprintf(text, strlen(name) + 64, "DECLARE tipsom_scan NO SCROLL "
	    "CURSOR FOR SELECT * FROM %s", name);
	if ((own_tx && pg_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE READ, "
	    "READ ONLY", table, err) == -1) || pg_exec(st, text, table, err) ==
	    -1)
		goto out;
	for (;;) {
		int rows, ncols;

		PQclear(res);
		res = PQexec(conn, "FETCH 5000 FROM tipsom_scan");
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			pg_fail(st, res, table, err);
			goto out;
		}
		rows = PQntuples(res);
		ncols = PQnfields(res);
		if (rows == 0)
			break;
		if (!names) {
			names = calloc((size_t)ncols + 1, sizeof(*names));
			values = calloc((size_t)ncols + 1, sizeof(*values));
			if (!names || !values)
				abort();
		}
		for (int c = 0; c < ncols; c++)
			names[c] = PQfname(res, c);
		for (int r = 0; r < rows; r++) {
			for (int c = 0; c < ncols; c++)
				values[c] = PQgetisnull(res, r, c) ? NULL :
				    PQgetvalue(res, r, c);
			if (fn(arg, ncols, names, values, err) == -1)
				goto out;
		}
	}
	rc = pg_exec(st, "CLOSE tipsom_scan", table, err);
out:
	if (own_tx) {
		struct err ignored = ERR_INIT;

		pg_exec(st, rc == 0 ? "COMMIT" : "ROLLBACK", table,
		    rc == 0 ? err : &ignored);
	}
	PQclear(res);
	PQfreemem(name);
	free(text);
	free(names);
	free(values);
	return rc;
}

/* Rows go in by COPY, in its text format. */
static int
pg_write_begin(struct store *st, const char *table, int ncols,
    const char *const *names, struct err *err)
{
	PGconn *conn = impl(st)->conn;
	struct buf text;
	PGresult *res;
	char *quoted;
	int rc = 0;

	buf_init(&text, COPY_MAX);
	quoted = PQescapeIdentifier(conn, table, strlen(table));
	buf_addf(&text, "COPY %s (", quoted ? quoted : "");
	PQfreemem(quoted);
	for (int i = 0; i < ncols; i++) {
		quoted = PQescapeIdentifier(conn, names[i], strlen(names[i]));
		buf_addf(&text, "%s%s", i ? ", " : "", quoted ? quoted : "");
		PQfreemem(quoted);
	}
	buf_adds(&text, ") FROM STDIN");
	res = PQexec(conn, text.s);
	if (PQresultStatus(res) != PGRES_COPY_IN)
		rc = pg_fail(st, res, table, err);
	PQclear(res);
	buf_release(&text);
	return rc;
}

static int
pg_write_row(struct store *st, int ncols, const char *const *values,
    struct err *err)
{
	struct buf *line = &impl(st)->line;

	buf_reset(line);
	for (int i = 0; i < ncols; i++) {
		if (i)
			buf_addc(line, '\t');
		if (!values[i]) {
			buf_adds(line, "\\N");
			continue;
		}
		for (const char *p = values[i]; *p; p++) {
			switch (*p) {
			case '\\': buf_adds(line, "\\\\"); break;
			case '\n': buf_adds(line, "\\n"); break;
			case '\r': buf_adds(line, "\\r"); break;
			case '\t': buf_adds(line, "\\t"); break;
			default: buf_addc(line, *p);
			}
		}
	}
	buf_addc(line, '\n');
	if (PQputCopyData(impl(st)->conn, line->s,
	    (int)line->len) != 1)
		return pg_fail(st, NULL, "copying", err);
	return 0;
}

static int
pg_write_end(struct store *st, struct err *err)
{
	PGconn *conn = impl(st)->conn;
	PGresult *res;
	int rc = 0;

	if (PQputCopyEnd(conn, NULL) != 1)
		return pg_fail(st, NULL, "copying", err);
	while ((res = PQgetResult(conn))) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == 0)
			rc = pg_fail(st, res, "copying", err);
		PQclear(res);
	}
	return rc;
}

/* Identity columns give new ids after the largest copied. */
static int
pg_write_done(struct store *st, struct err *err)
{
	return pg_exec(st, "DO $$ DECLARE c record; BEGIN FOR c IN "
	    "SELECT table_name, column_name FROM information_schema.columns "
	    "WHERE table_schema = current_schema() AND is_identity = 'YES' "
	    "LOOP EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, "
	    "%L), COALESCE(max(%I), 0) + 1, false) FROM %I', c.table_name, "
	    "c.column_name, c.column_name, c.table_name); END LOOP; END $$",
	    "copying", err);
}

const struct store_driver store__pg_driver = {
	.scheme = "postgresql",
	.migrations = pg_migrations,
	.open = pg_open,
	.close = pg_close,
	.schema_version = pg_schema_version,
	.exec = pg_script,
	.prepare_all = pg_prepare_all,
	.tx = pg_tx,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_text_kept = pg_bind_text_kept,
	.step = pg_step,
	.col_null = pg_col_null,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.reset = pg_reset,
	.scan = pg_scan,
	.write_begin = pg_write_begin,
	.write_row = pg_write_row,
	.write_end = pg_write_end,
	.write_done = pg_write_done,
};
