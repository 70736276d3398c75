#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The PostgreSQL schema (sql/pg/) is the SQLite schema (sql/sqlite/).

Applies both sets of migrations, one at a time, and after each compares
what the two catalogues say: tables, columns (name, order, type family,
NOT NULL, default), primary keys, unique constraints, foreign keys, the
number of CHECKs, indexes (columns, uniqueness, partial predicate) and
triggers.  Then it writes rows that each CHECK with a GLOB pattern, some
other rules, and each trigger must take or refuse, and wants both stores
to answer alike (a trigger's refusal with the same message).

Needs a PostgreSQL server (tests/pg/cluster.sh) and python3-psycopg2;
skipped (exit 77) without TIPSOM_TEST_PG:

    mkdir /tmp/pg && TIPSOM_TEST_PG=$(sh tests/pg/cluster.sh start /tmp/pg) \\
        python3 tests/pg/test_schema.py -v; sh tests/pg/cluster.sh stop /tmp/pg

When TIPSOM names a tipsom binary whose `init --db postgresql://...`
works, the final schema is the one its driver made (the probes run on
it); otherwise the files are applied here, each in one transaction.
"""

import atexit
import glob
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import unittest
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SQLITE_DIR = os.path.join(ROOT, "sql", "sqlite")
PG_DIR = os.path.join(ROOT, "sql", "pg")
from pg_env import SERVER, TIPSOM, database_url, skip_without_server
from pg_env import psycopg2 as load_psycopg2

# Written by the drivers, not by the migrations.
IGNORED_TABLES = {"schema_migrations"}
# TRUNCATE skips row triggers and SQLite has no TRUNCATE: PostgreSQL's
# schema refuses it with triggers of its own (test_truncate_refused).
PG_ONLY_TRIGGERS = {"audit_no_truncate", "training_store_kept_truncate"}

skip_without_server("test_schema.py")
psycopg2 = load_psycopg2("test_schema.py")


def migrations(directory):
    out = []
    for f in sorted(glob.glob(os.path.join(directory, "[0-9]*.sql"))):
        with open(f, encoding="utf-8") as text:
            out.append((os.path.basename(f)[:-4], text.read()))
    return out


class PgServer:
    """Fresh databases on the server, dropped at exit."""

    def __init__(self, url):
        self.url = url
        self.made = []
        atexit.register(self.drop_all)

    def _admin(self):
        conn = psycopg2.connect(self.url)
        conn.autocommit = True
        return conn

    def create(self, purpose):
        name = "tipsom_%s_%s" % (purpose, uuid.uuid4().hex[:12])
        conn = self._admin()
        try:
            with conn.cursor() as cur:
                cur.execute("CREATE DATABASE " + name)
        finally:
            conn.close()
        self.made.append(name)
        return name

    def drop(self, name):
        conn = self._admin()
        try:
            with conn.cursor() as cur:
                cur.execute("DROP DATABASE IF EXISTS %s WITH (FORCE)" % name)
        finally:
            conn.close()
        self.made.remove(name)

    def drop_all(self):
        for name in list(self.made):
            self.drop(name)


# ---------------------------------------------------------------- catalogues

def type_family(declared):
    """The family of a declared type, by SQLite's affinity rules, which
    also name PostgreSQL's types well enough."""
    t = declared.upper()
    if "INT" in t:
        return "integer"
    if "CHAR" in t or "CLOB" in t or "TEXT" in t:
        return "text"
    if t == "" or "BLOB" in t or t == "BYTEA":
        return "blob"
    if "REAL" in t or "FLOA" in t or "DOUB" in t:
        return "real"
    return "numeric"


def norm_expr(text):
    """An expression as both catalogues can agree on: no casts, no
    parentheses, no spaces, lower case."""
    if text is None:
        return None
    text = re.sub(r"::[a-z ]+", "", text)
    return re.sub(r"[()\s]", "", text).lower()


def split_top(text):
    """text split at the commas outside parentheses."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts]


def strip_comments(sql):
    return re.sub(r"--[^\n]*", "", sql)


def count_checks(create_sql):
    return len(re.findall(r"\bCHECK\s*\(", strip_comments(create_sql),
                          re.IGNORECASE))


def sqlite_schema(db):
    """{table: {...}, 'indexes': ..., 'triggers': ...} of a SQLite store."""
    tables = {}
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND "
        "name NOT LIKE 'sqlite_%' ORDER BY name")]
    for t in names:
        if t in IGNORED_TABLES:
            continue
        without_rowid = db.execute(
            "SELECT wr FROM pragma_table_list WHERE name = ?",
            (t,)).fetchone()[0]
        info = db.execute("PRAGMA table_info(%s)" % t).fetchall()
        pk = [r[1] for r in sorted((r for r in info if r[5]),
                                   key=lambda r: r[5])]
        rowid_alias = (not without_rowid and len(pk) == 1 and
                       [r[2].upper() for r in info if r[5]] == ["INTEGER"])
        columns = []
        for cid, name, decl, notnull, dflt, pkpos in info:
            auto = rowid_alias and pkpos == 1
            # A WITHOUT ROWID table's key and the rowid take no NULL.
            notnull = bool(notnull) or bool(pkpos and (without_rowid or
                                                       auto))
            default = "identity" if auto else norm_expr(dflt)
            columns.append((name, type_family(decl), notnull, default))
        uniques, fks = [], []
        for _, iname, unique, origin, partial in db.execute(
                "PRAGMA index_list(%s)" % t):
            if origin == "u":
                uniques.append(tuple(r[2] for r in db.execute(
                    "PRAGMA index_info(%s)" % iname)))
        groups = {}
        for fid, seq, parent, frm, to, on_upd, on_del, match in db.execute(
                "PRAGMA foreign_key_list(%s)" % t):
            g = groups.setdefault(fid, [parent, [], [], on_upd, on_del])
            g[1].append(frm)
            g[2].append(to)
        for parent, frm, to, on_upd, on_del in groups.values():
            fks.append((tuple(frm), parent, tuple(to), on_upd.lower(),
                        on_del.lower()))
        create = db.execute("SELECT sql FROM sqlite_master WHERE "
                            "type = 'table' AND name = ?", (t,)).fetchone()[0]
        tables[t] = {"columns": columns, "primary key": tuple(pk),
                     "unique": sorted(uniques), "foreign keys": sorted(fks),
                     "checks": count_checks(create)}
    indexes = {}
    for name, table, sql in db.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE "
            "type = 'index' AND sql IS NOT NULL"):
        m = re.match(r"CREATE\s+(UNIQUE\s+)?INDEX\s+\S+\s+ON\s+\S+\s*\(",
                     sql, re.IGNORECASE)
        rest = sql[m.end():]
        depth, end = 1, 0
        while depth:
            depth += {"(": 1, ")": -1}.get(rest[end], 0)
            end += 1
        cols = tuple(norm_expr(c) for c in split_top(rest[:end - 1]))
        where = re.match(r"\s*WHERE\s+(.*)$", rest[end:],
                         re.IGNORECASE | re.DOTALL)
        indexes[name] = (table, bool(m.group(1)), cols,
                         norm_expr(where.group(1)) if where else None)
    triggers = {}
    for name, table, sql in db.execute(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE "
            "type = 'trigger'"):
        m = re.search(r"\b(BEFORE|AFTER|INSTEAD\s+OF)\s+(INSERT|UPDATE|"
                      r"DELETE)\b", sql, re.IGNORECASE)
        triggers[name] = (table, m.group(1).upper(), m.group(2).upper())
    return {"tables": tables, "indexes": indexes, "triggers": triggers}


PG_ACTIONS = {"a": "no action", "r": "restrict", "c": "cascade",
              "n": "set null", "d": "set default"}


def pg_schema(conn):
    """The same description of a PostgreSQL database's public schema."""
    cur = conn.cursor()
    cur.execute("SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n"
                " ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND "
                "c.relkind = 'r' ORDER BY c.relname")
    tables = {}
    for oid, t in cur.fetchall():
        if t in IGNORED_TABLES:
            continue
        cur.execute("SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
                    " a.attnotnull, a.attidentity, pg_get_expr(d.adbin, "
                    "d.adrelid) FROM pg_attribute a LEFT JOIN pg_attrdef d "
                    "ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE "
                    "a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped"
                    " ORDER BY a.attnum", (oid,))
        columns = []
        for name, typ, notnull, identity, dflt in cur.fetchall():
            # BY DEFAULT takes an explicit id as SQLite's rowid does;
            # ALWAYS would not.
            default = {"d": "identity", "a": "identity always"}.get(
                identity, norm_expr(dflt))
            columns.append((name, type_family(typ), notnull, default))
        cur.execute("SELECT contype, (SELECT array_agg(a.attname ORDER BY "
                    "k.i) FROM unnest(conkey) WITH ORDINALITY k(n, i) JOIN "
                    "pg_attribute a ON a.attrelid = conrelid AND a.attnum = "
                    "k.n), confrelid::regclass::text, (SELECT array_agg("
                    "a.attname ORDER BY k.i) FROM unnest(confkey) WITH "
                    "ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = "
                    "confrelid AND a.attnum = k.n), confupdtype, confdeltype"
                    " FROM pg_constraint WHERE conrelid = %s", (oid,))
        pk, uniques, fks, checks = (), [], [], 0
        for kind, cols, parent, pcols, on_upd, on_del in cur.fetchall():
            if kind == "p":
                pk = tuple(cols)
            elif kind == "u":
                uniques.append(tuple(cols))
            elif kind == "f":
                fks.append((tuple(cols), parent, tuple(pcols),
                            PG_ACTIONS[on_upd], PG_ACTIONS[on_del]))
            elif kind == "c":
                checks += 1
        tables[t] = {"columns": columns, "primary key": pk,
                     "unique": sorted(uniques), "foreign keys": sorted(fks),
                     "checks": checks}
    # Indexes that back a primary key or a UNIQUE are compared as those.
    cur.execute("SELECT i.indexrelid, ic.relname, tc.relname, i.indisunique,"
                " i.indnkeyatts, pg_get_expr(i.indpred, i.indrelid, true) "
                "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
                "JOIN pg_class tc ON tc.oid = i.indrelid JOIN pg_namespace n"
                " ON n.oid = tc.relnamespace WHERE n.nspname = 'public' AND "
                "NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = "
                "i.indexrelid AND contype IN ('p', 'u'))")
    indexes = {}
    for oid, name, table, unique, nkeys, pred in cur.fetchall():
        if table in IGNORED_TABLES:
            continue
        cols = []
        for k in range(1, nkeys + 1):
            cur.execute("SELECT pg_get_indexdef(%s, %s, true)", (oid, k))
            cols.append(norm_expr(cur.fetchone()[0]))
        indexes[name] = (table, unique, tuple(cols), norm_expr(pred))
    cur.execute("SELECT trigger_name, event_object_table, action_timing, "
                "event_manipulation, action_orientation FROM "
                "information_schema.triggers WHERE trigger_schema = 'public'")
    triggers = {}
    for name, table, timing, event, orientation in cur.fetchall():
        if orientation != "ROW":
            timing += " (for each statement)"
        triggers[name] = (table, timing, event)
    cur.close()
    conn.rollback()
    return {"tables": tables, "indexes": indexes, "triggers": triggers}


def schema_diff(lite, pg):
    """Lines telling each difference; none when the schemas agree."""
    out = []
    lt, pt = lite["tables"], pg["tables"]
    for t in sorted(set(lt) - set(pt)):
        out.append("table %s: only in SQLite" % t)
    for t in sorted(set(pt) - set(lt)):
        out.append("table %s: only in PostgreSQL" % t)
    for t in sorted(set(lt) & set(pt)):
        for key in ("columns", "primary key", "unique", "foreign keys",
                    "checks"):
            if lt[t][key] != pt[t][key]:
                if key == "columns":
                    out.append("table %s: columns (name, type, not null, "
                               "default) differ:" % t)
                    n = max(len(lt[t][key]), len(pt[t][key]))
                    for i in range(n):
                        a = lt[t][key][i] if i < len(lt[t][key]) else None
                        b = pt[t][key][i] if i < len(pt[t][key]) else None
                        if a != b:
                            out.append("    #%d SQLite %r / PostgreSQL %r"
                                       % (i + 1, a, b))
                else:
                    out.append("table %s: %s: SQLite %r / PostgreSQL %r" %
                               (t, key, lt[t][key], pt[t][key]))
    for what in ("indexes", "triggers"):
        a = lite[what]
        b = {k: v for k, v in pg[what].items()
             if what != "triggers" or k not in PG_ONLY_TRIGGERS}
        for name in sorted(set(a) | set(b)):
            if a.get(name) != b.get(name):
                out.append("%s %s: SQLite %r / PostgreSQL %r" %
                           (what[:-1] if what == "triggers" else "index",
                            name, a.get(name), b.get(name)))
    return out


# ------------------------------------------------------------------- stores

def sqlite_apply(db, name, script):
    """As store_sqlite.c does: one transaction, foreign keys off (set by
    the caller), checked before the commit."""
    db.executescript("BEGIN;\n" + script + "\n;")
    bad = db.execute("PRAGMA foreign_key_check").fetchall()
    if bad:
        db.execute("ROLLBACK")
        raise AssertionError("%s left rows breaking foreign keys: %r"
                             % (name, bad))
    db.execute("COMMIT")


def pg_apply(conn, name, script):
    """As the driver does: the whole file in one transaction."""
    try:
        with conn.cursor() as cur:
            cur.execute(script)
        conn.commit()
    except psycopg2.Error as e:
        conn.rollback()
        raise AssertionError("sql/pg/%s.sql failed: %s" % (name, e))


def tipsom_init(url):
    """Whether `tipsom init --db URL` made the schema (the lead's driver:
    init is what migrates an empty store; migrate refuses one)."""
    if not TIPSOM or not os.access(TIPSOM, os.X_OK):
        return False
    r = subprocess.run([TIPSOM, "init", "--db", url], capture_output=True,
                       text=True, timeout=300)
    if r.returncode != 0:
        print("test_schema.py: %s init --db postgresql://... failed, the "
              "files are applied here instead: %s" %
              (TIPSOM, r.stderr.strip()), file=sys.stderr)
    return r.returncode == 0


STEPS = []          # (migration, sqlite description, pg description)
LITE = None         # the SQLite store after every migration
PG = None           # the PostgreSQL database after every migration
SERVER_DBS = None


def setUpModule():
    global LITE, PG, SERVER_DBS
    lite_names = [n for n, _ in migrations(SQLITE_DIR)]
    pg_names = [n for n, _ in migrations(PG_DIR)]
    if lite_names != pg_names:
        raise AssertionError("sql/pg/ must have sql/sqlite/'s files: "
                             "only in sql/sqlite: %s; only in sql/pg: %s" %
                             (sorted(set(lite_names) - set(pg_names)),
                              sorted(set(pg_names) - set(lite_names))))
    tmp = tempfile.TemporaryDirectory(prefix="tipsom-schema-")
    atexit.register(tmp.cleanup)
    LITE = sqlite3.connect(os.path.join(tmp.name, "store.db"),
                           isolation_level=None)
    LITE.execute("PRAGMA foreign_keys = OFF")
    SERVER_DBS = PgServer(SERVER)
    files_db = SERVER_DBS.create("files")
    PG = psycopg2.connect(database_url(SERVER, files_db))
    for (name, lite_sql), (_, pg_sql) in zip(migrations(SQLITE_DIR),
                                             migrations(PG_DIR)):
        sqlite_apply(LITE, name, lite_sql)
        pg_apply(PG, name, pg_sql)
        STEPS.append((name, sqlite_schema(LITE), pg_schema(PG)))
    LITE.execute("PRAGMA foreign_keys = ON")
    driver_db = SERVER_DBS.create("driver")
    if tipsom_init(database_url(SERVER, driver_db)):
        PG.close()
        PG = psycopg2.connect(database_url(SERVER, driver_db))
        print("test_schema.py: the final schema is tipsom's (%s)" % TIPSOM,
              file=sys.stderr)
    else:
        SERVER_DBS.drop(driver_db)
    Probes.fill()


def tearDownModule():
    if PG is not None:
        PG.close()
    if LITE is not None:
        LITE.close()


class SchemaTest(unittest.TestCase):

    def test_same_schema_after_each_migration(self):
        for name, lite, pg in STEPS:
            with self.subTest(migration=name):
                diff = schema_diff(lite, pg)
                if diff:
                    self.fail("after %s:\n  %s" % (name, "\n  ".join(diff)))

    def test_final_schema_is_the_steps_last(self):
        # The driver's database (when TIPSOM made it) against SQLite's.
        diff = schema_diff(sqlite_schema(LITE), pg_schema(PG))
        if diff:
            self.fail("\n  " + "\n  ".join(diff))

    def test_description_sees_what_it_compares(self):
        # A comparison of empty descriptions would pass too.
        lite = STEPS[-1][1]
        self.assertGreater(len(lite["tables"]), 40)
        self.assertEqual(lite["indexes"]["identifier_links_live"],
                         ("identifier_links", True,
                          ("identifier_id", "coalesceperson_id,0",
                           "coalescecase_id,0"), "removed_atisnull"))
        self.assertIn(("agency_id", "year", "number"),
                      STEPS[0][2]["tables"]["cases"]["unique"])
        self.assertNotIn(("agency_id", "year", "number"),
                         lite["tables"]["cases"]["unique"])
        self.assertEqual(len(lite["triggers"]), 6)


# ------------------------------------------------------------------- probes

TS = "2026-01-02T03:04:05Z"

# Rows the probes build on, with ids no seed uses.
FIXTURE = [
    "INSERT INTO agencies (id, code, name, kind, created_at) VALUES "
    "(901, 'PROBE-A', 'Probe agency A', 'ministry', '%s'), "
    "(902, 'PROBE-B', 'Probe agency B', 'ngo', '%s')" % (TS, TS),
    "INSERT INTO users (id, agency_id, username, role, password_hash, "
    "created_at, password_changed_at) VALUES (901, 901, 'probe.user', "
    "'admin', 'x', '%s', '%s')" % (TS, TS),
    "INSERT INTO cases (id, ref, agency_id, year, number, kind, status, "
    "sensitivity, title, opened_at, opened_by) VALUES (901, 'PROBE-2026-1',"
    " 901, 2026, 1, 'tip', 'open', 'normal', 'Probe', '%s', 901)" % TS,
    "INSERT INTO persons (id, sex, agency_id, created_at, created_by) "
    "VALUES (901, 'female', 901, '%s', 901), (902, 'male', 901, '%s', 901)"
    % (TS, TS),
    "INSERT INTO cooperation_requests (id, case_id, agency_id, kind, "
    "direction, country, authority, legal_basis, subject, status, "
    "created_at, created_by, updated_at) VALUES (901, 901, 901, 'mla', "
    "'outgoing', 'TR', 'Ministry of Justice', 'Treaty', 'Bank records', "
    "'draft', '%s', 901, '%s')" % (TS, TS),
    "INSERT INTO identifiers (id, kind, normalised, value, created_at) "
    "VALUES (901, 'phone', '+9647501234567', '0750 123 4567', '%s'), "
    "(902, 'phone', '+9647509876543', '0750 987 6543', '%s')" % (TS, TS),
    "INSERT INTO call_imports (id, case_id, agency_id, calls, sha256, "
    "imported_at, imported_by) VALUES (901, 901, 901, 1, '%s', '%s', 901)"
    % ("a" * 64, TS),
    "INSERT INTO audit (seq, at, action, object_type, object_id, changes, "
    "prev_hash, hash) VALUES (901, '%s', 'probe', 'case', '901', '{}', "
    "'', 'h')" % TS,
]

# What a fresh store is: no case in it (the training store's rule).
NO_CASES = [
    "DELETE FROM calls", "DELETE FROM call_imports",
    "DELETE FROM cooperation_events", "DELETE FROM cooperation_requests",
    "DELETE FROM cases",
]
TRAINING = NO_CASES + [
    "INSERT INTO training_store (one, made_at) VALUES (1, '%s')" % TS,
]

CHECK, UNIQUE, NOT_NULL, FOREIGN = "check", "unique", "not null", \
    "foreign key"
OK = "ok"
DATES = [
    ("2026-03-01", OK), (None, OK), ("2026-3-01", CHECK),
    ("2026-03-01T00:00", CHECK), ("2026/03/01", CHECK),
    ("2026-03-01\n", CHECK), ("\n2026-03-01", CHECK),
    ("\uff12026-03-01", CHECK), ("2026-03-0a", CHECK), ("", CHECK),
    ("2026-03-1*", CHECK), ("2026-03-1?", CHECK),
]


def probes():
    """(name, setup statements, statement, parameters, expected)."""
    out = []

    def add(name, sql, params, expected, setup=()):
        out.append((name, list(setup), sql, tuple(params), expected))

    # users.language GLOB '[a-z][a-z]*'
    for value, expected in [("en", OK), ("ckb", OK), ("pt-BR", OK),
                            ("ar\nx", OK), (None, OK), ("e", CHECK),
                            ("EN", CHECK), ("En", CHECK), ("1a", CHECK),
                            ("", CHECK), ("\u00e9n", CHECK),
                            ("e\u00e9", CHECK), ("*", CHECK),
                            ("[a", CHECK), (" en", CHECK)]:
        add("users.language = %r" % value,
            "UPDATE users SET language = ? WHERE id = 901", [value],
            expected)
    # cooperation_requests.country: length 2 AND GLOB '[A-Z][A-Z]'
    for value, expected in [("IQ", OK), ("TR", OK), ("iq", CHECK),
                            ("Iq", CHECK), ("I", CHECK), ("IRQ", CHECK),
                            ("I1", CHECK), ("\u00c4B", CHECK),
                            ("I\n", CHECK), ("??", CHECK), ("**", CHECK),
                            (None, NOT_NULL)]:
        add("cooperation_requests.country = %r" % (value,),
            "UPDATE cooperation_requests SET country = ? WHERE id = 901",
            [value], expected)
    # The four dates of a request and an event's date.
    for value, expected in DATES:
        add("cooperation_requests.sent_on = %r" % (value,),
            "UPDATE cooperation_requests SET status = 'sent', sent_on = ?"
            " WHERE id = 901", [value],
            CHECK if value is None else expected)
        add("cooperation_requests.due_on = %r" % (value,),
            "UPDATE cooperation_requests SET status = 'sent', sent_on = "
            "'2026-01-01', due_on = ? WHERE id = 901", [value], expected)
        add("cooperation_requests.answered_on = %r" % (value,),
            "UPDATE cooperation_requests SET status = 'sent', sent_on = "
            "'2026-01-01', answered_on = ? WHERE id = 901", [value],
            expected)
        add("cooperation_requests.next_follow_up = %r" % (value,),
            "UPDATE cooperation_requests SET next_follow_up = ? "
            "WHERE id = 901", [value], expected)
        add("cooperation_events.on_date = %r" % (value,),
            "INSERT INTO cooperation_events (id, request_id, kind, status,"
            " on_date, at, user_id) VALUES (901, 901, 'status', 'draft', "
            "?, ?, 901)", [value, TS],
            NOT_NULL if value is None else expected)
    # The request's other rules.
    for sql, expected in [
            ("status = 'sent'", CHECK),
            ("status = 'withdrawn'", OK),
            ("direction = 'incoming'", CHECK),
            ("status = 'sent', sent_on = '2026-02-01', due_on = "
             "'2026-01-31'", CHECK),
            ("status = 'answered', sent_on = '2026-02-01'", CHECK),
            ("status = 'answered', sent_on = '2026-02-01', answered_on = "
             "'2026-02-01'", OK),
            ("status = 'closed', sent_on = '2026-02-01', next_follow_up = "
             "'2026-03-01'", CHECK),
            ("authority = '   '", CHECK), ("authority = '\t'", OK),
            ("version = 0", CHECK)]:
        add("cooperation_requests: " + sql,
            "UPDATE cooperation_requests SET " + sql + " WHERE id = 901", [],
            expected)
    # identifiers: E.164 for phones, GLOB '+[1-9]*' AND NOT GLOB
    # '*[^0-9]*' after the plus.
    for kind, value, expected in [
            ("phone", "+9647501234568", OK), ("phone", "+12345678", OK),
            ("phone", "+123456789012345", OK),
            ("phone", "+1234567", CHECK),
            ("phone", "+1234567890123456", CHECK),
            ("phone", "9647501234568", CHECK),
            ("phone", "+0647501234568", CHECK),
            ("phone", "+96475012a4568", CHECK),
            ("phone", "+964750123456\n", CHECK),
            ("phone", "+96475012 4568", CHECK),
            ("phone", "++964750123456", CHECK),
            ("phone", "+\u0669\u0666\u0664\u0667\u0665\u0660\u0661\u0662"
             "\u0663", CHECK),
            ("phone", "+*12345678", CHECK), ("phone", "+[12345678", CHECK),
            ("email", "someone@example.org", OK), ("email", "", CHECK),
            ("phone", "+9647501234567", UNIQUE)]:
        add("identifiers %s %r" % (kind, value),
            "INSERT INTO identifiers (id, kind, normalised, value, "
            "created_at) VALUES (903, ?, ?, 'typed', ?)",
            [kind, value, TS], expected)
    # calls.started_at GLOB 'YYYY-MM-DDTHH:MM:SSZ'
    for value, expected in [
            (TS, OK), ("2026-01-02 03:04:05Z", CHECK),
            ("2026-01-02T03:04:05", CHECK), ("2026-01-02t03:04:05z", CHECK),
            ("2026-01-02T03:04:05.123Z", CHECK),
            ("2026-01-02T03:04:05Z\n", CHECK), ("2026-01-02", CHECK)]:
        add("calls.started_at = %r" % value,
            "INSERT INTO calls (id, import_id, case_id, caller_id, "
            "callee_id, started_at, duration, line) VALUES (901, 901, 901,"
            " 901, 902, ?, 10, 2)", [value], expected)
    add("calls: a call to oneself",
        "INSERT INTO calls (id, import_id, case_id, caller_id, callee_id, "
        "started_at, duration, line) VALUES (901, 901, 901, 901, 901, ?, "
        "10, 2)", [TS], CHECK)
    # cases.route GLOB '[A-Z][A-Z],[A-Z][A-Z]*', 5 to 35 characters.
    for value, expected in [
            ("AF,IR", OK), ("AF,IR,TR,GR", OK), ("AF,IR,tr", OK),
            (None, OK), ("af,ir", CHECK), ("AF", CHECK),
            ("AFG,IR", CHECK), ("AF;IR", CHECK), ("AF,I1", CHECK),
            (",".join(["AF"] * 13), CHECK), (",".join(["AF"] * 12), OK),
            ("AF,IR\n", OK), ("\nAF,IR", CHECK)]:
        add("cases.route = %r" % (value,),
            "UPDATE cases SET route = ? WHERE id = 901", [value], expected)
    # Rules changed by rebuilds in SQLite, constraints in PostgreSQL.
    add("cases: the same agency, year and number twice (0010 drops it)",
        "INSERT INTO cases (id, ref, agency_id, year, number, kind, status,"
        " sensitivity, title, opened_at, opened_by) VALUES (902, "
        "'PROBE-2026-1b', 901, 2026, 1, 'som', 'open', 'high', 'Probe', ?, "
        "901)", [TS], OK)
    add("cases: the same ref twice",
        "INSERT INTO cases (id, ref, agency_id, year, number, kind, status,"
        " sensitivity, title, opened_at, opened_by) VALUES (902, "
        "'PROBE-2026-1', 901, 2026, 2, 'som', 'open', 'high', 'Probe', ?, "
        "901)", [TS], UNIQUE)
    for kind, expected in [("case_study", OK), ("sop", OK),
                           ("other", CHECK), ("SOP", CHECK)]:
        add("definitions.kind = %r" % kind,
            "INSERT INTO definitions (kind, id, version, body, sha256, "
            "origin, imported_at) VALUES (?, 'probe-study', 1, '{}', 'x', "
            "'imported', ?)", [kind, TS], expected)
    for scope, expected in [("assistance", OK), ("whole", OK),
                            ("all", CHECK)]:
        add("case_shares.scope = %r" % scope,
            "INSERT INTO case_shares (id, case_id, agency_id, reason, "
            "shared_at, shared_by, scope) VALUES (901, 901, 902, 'MLA', ?,"
            " 901, ?)", [TS, scope], expected)
    add("case_shares: revoked without a reason",
        "INSERT INTO case_shares (id, case_id, agency_id, reason, shared_at,"
        " shared_by, revoked_at, revoked_by) VALUES (901, 901, 902, 'MLA', "
        "?, 901, ?, 901)", [TS, TS], CHECK)
    add("case_shares: a share of no case",
        "INSERT INTO case_shares (id, case_id, agency_id, reason, shared_at,"
        " shared_by) VALUES (901, 999, 902, 'MLA', ?, 901)", [TS], FOREIGN)
    add("person_distinct: a > b",
        "INSERT INTO person_distinct (a, b, reason, at, user_id) VALUES "
        "(902, 901, 'two people', ?, 901)", [TS], CHECK)
    # The partial, expression unique index of live links.
    link = ("INSERT INTO identifier_links (id, identifier_id, person_id, "
            "case_id, agency_id, source, created_at, created_by, removed_at,"
            " removed_by) VALUES (%d, 901, 901, NULL, 901, 'manual', '" + TS
            + "', 901, %s, %s)")
    add("identifier_links: two live links of one person",
        link % (902, "NULL", "NULL"), [], UNIQUE,
        setup=[link % (901, "NULL", "NULL")])
    add("identifier_links: a live link beside a removed one",
        link % (902, "NULL", "NULL"), [], OK,
        setup=[link % (901, "'%s'" % TS, "901")])
    add("identifier_links: neither person nor case",
        "INSERT INTO identifier_links (id, identifier_id, agency_id, source,"
        " created_at, created_by) VALUES (901, 901, 901, 'manual', ?, 901)",
        [TS], CHECK)
    # Triggers: the audit chain.
    for sql, expected in [
            ("UPDATE audit SET action = 'edited' WHERE seq = 901",
             "the audit chain is append-only"),
            ("DELETE FROM audit WHERE seq = 901",
             "the audit chain is append-only"),
            ("DELETE FROM audit", "the audit chain is append-only"),
            ("UPDATE audit SET action = 'edited' WHERE seq = 999", OK),
            ("DELETE FROM audit WHERE seq = 999", OK),
            ("INSERT INTO audit (seq, at, action, object_type, object_id, "
             "changes, prev_hash, hash) VALUES (902, '" + TS + "', 'probe', "
             "'case', '901', '{}', 'h', 'h2')", OK)]:
        add("audit: " + sql, sql, [], expected)
    # Triggers: the training store.
    mark = "INSERT INTO training_store (one, made_at) VALUES (?, ?)"
    group = ("INSERT INTO exercise_groups (id, study_id, study_version, "
             "title, trainer_id, agency_id, created_at) VALUES (901, "
             "'study', 1, 'Group', 901, 901, ?)")
    exercise = ("INSERT INTO exercises (id, case_id, study_id, "
                "study_version, trainee_id, started_at) VALUES (901, 901, "
                "'study', 1, 901, ?)")
    fresh_case = ("INSERT INTO cases (id, ref, agency_id, year, number, "
                  "kind, status, sensitivity, title, opened_at, opened_by) "
                  "VALUES (901, 'TRAIN-1', 901, 2026, 1, 'tip', 'open', "
                  "'normal', 'Exercise', '" + TS + "', 901)")
    cases_msg = "a store that holds cases cannot become a training store"
    kept_msg = "a training store stays a training store"
    only_msg = "exercises run in a training store only"
    add("training_store: marked while it holds cases", mark, [1, TS],
        cases_msg)
    add("training_store: marked as 2 while it holds cases (the trigger "
        "runs before the CHECK)", mark, [2, TS], cases_msg)
    add("training_store: marked when fresh", mark, [1, TS], OK,
        setup=NO_CASES)
    add("training_store: marked as 2 when fresh", mark, [2, TS], CHECK,
        setup=NO_CASES)
    add("training_store: marked twice", mark, [1, TS], UNIQUE,
        setup=TRAINING)
    add("training_store: unmarked", "DELETE FROM training_store", [],
        kept_msg, setup=TRAINING)
    add("training_store: unmarking nothing",
        "DELETE FROM training_store", [], OK, setup=NO_CASES)
    add("training_store: a case in a training store", fresh_case, [], OK,
        setup=TRAINING)
    add("exercise_groups: outside a training store", group, [TS],
        only_msg)
    add("exercises: outside a training store", exercise, [TS], only_msg)
    add("exercise_groups: in a training store", group, [TS], OK,
        setup=TRAINING)
    add("exercises: in a training store", exercise, [TS], OK,
        setup=TRAINING + [fresh_case])
    add("exercises: finished without points", exercise.replace(
        "started_at)", "started_at, finished_at)").replace(
        "?)", "?, ?)"), [TS, TS], CHECK, setup=TRAINING + [fresh_case])
    # Programme rules.
    add("course_sessions: ends before it starts",
        "INSERT INTO course_sessions (id, course_id, agency_id, starts_on, "
        "ends_on, place, region, created_at, created_by) VALUES (901, 901, "
        "901, '2026-02-02', '2026-02-01', 'Erbil', 'Erbil', ?, 901)", [TS],
        CHECK, setup=["INSERT INTO courses (id, agency_id, code, title, "
                      "hours, tot, created_at, created_by) VALUES (901, "
                      "901, 'PROBE', 'Course', 10, 0, '" + TS + "', 901)"])
    add("referrals: sharing beyond the consent",
        "INSERT INTO referrals (id, case_id, person_id, provider_id, "
        "service, status, shares, child, consent_explained, "
        "consent_language, consent_scope, consent_given_on, created_at, "
        "created_by, updated_at) VALUES (901, 901, 901, 901, 'shelter', "
        "'sent', 6, 0, 'explained', 'ar', 2, '2026-01-01', ?, 901, ?)",
        [TS, TS], CHECK,
        setup=["INSERT INTO providers (id, code, name, region, services, "
               "accepts, created_at, updated_at) VALUES (901, 'P', 'P', "
               "'Erbil', 1, 1, '" + TS + "', '" + TS + "')"])
    return out


def lite_outcome(db, setup, sql, params):
    db.execute("BEGIN")
    try:
        for s in setup:
            db.execute(s)
        try:
            db.execute(sql, params)
        except sqlite3.IntegrityError as e:
            msg = str(e)
            for prefix, kind in (("CHECK constraint failed", CHECK),
                                 ("UNIQUE constraint failed", UNIQUE),
                                 ("NOT NULL constraint failed", NOT_NULL),
                                 ("FOREIGN KEY constraint failed", FOREIGN)):
                if msg.startswith(prefix):
                    return kind
            return msg
        return OK
    finally:
        db.execute("ROLLBACK")


PG_CODES = {"23514": CHECK, "23505": UNIQUE, "23502": NOT_NULL,
            "23503": FOREIGN}


def pg_outcome(conn, setup, sql, params):
    try:
        with conn.cursor() as cur:
            for s in setup:
                cur.execute(s)
            try:
                cur.execute(sql.replace("?", "%s"), params)
            except psycopg2.Error as e:
                if e.pgcode == "P0001":
                    return e.diag.message_primary
                return PG_CODES.get(e.pgcode, "%s: %s" % (
                    e.pgcode, e.diag.message_primary))
            return OK
    finally:
        conn.rollback()


class Probes(unittest.TestCase):

    @staticmethod
    def fill():
        """The fixture's rows, in both stores."""
        LITE.execute("BEGIN")
        with PG.cursor() as cur:
            for sql in FIXTURE:
                LITE.execute(sql)
                cur.execute(sql)
        LITE.execute("COMMIT")
        PG.commit()

    def test_rows_taken_and_refused_alike(self):
        table = probes()
        self.assertGreater(len(table), 100)
        wrong = []
        for name, setup, sql, params, expected in table:
            lite = lite_outcome(LITE, setup, sql, params)
            pg = pg_outcome(PG, setup, sql, params)
            if lite != expected or pg != expected:
                wrong.append("%s: want %r, SQLite %r, PostgreSQL %r" %
                             (name, expected, lite, pg))
        if wrong:
            self.fail("%d of %d probes:\n  %s" % (len(wrong), len(table),
                                                  "\n  ".join(wrong)))

    def test_truncate_refused(self):
        # SQLite has no TRUNCATE; PostgreSQL's skips row triggers.
        for table, setup, msg in [
                ("audit", [], "the audit chain is append-only"),
                ("training_store", TRAINING,
                 "a training store stays a training store")]:
            with self.subTest(table=table):
                self.assertEqual(pg_outcome(PG, setup, "TRUNCATE " + table,
                                            ()), msg)


if __name__ == "__main__":
    unittest.main()
