#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests of the tipsom command line.

Runs the real binary (path in $TIPSOM; build/dev/tipsom beside the sources
when unset) on temporary SQLite stores and looks at what it prints and at
what it wrote, with Python's sqlite3 module.  Python 3 standard library
only.

    TIPSOM=build/dev/tipsom python3 tests/cli/test_cli.py -v

Each test class works in its own temporary directory on its own copy of a
store.  Users are expensive to create (argon2id), so the users every class
needs are created once, in a base store, which each class copies.

All names, places and events below are fictional.
"""

import atexit
import csv
import csv as csv_module
import datetime
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import unittest
import xml.etree.ElementTree as ET
import zipfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))
import sealed  # noqa: E402  (tests/sealed.py)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TIPSOM = os.environ.get("TIPSOM") or os.path.join(ROOT, "build", "dev",
                                                  "tipsom")
DEMO_JSON = os.path.join(ROOT, "data", "demo.json")

SANITIZER_MARKERS = ("AddressSanitizer", "LeakSanitizer", "runtime error:",
                     "UndefinedBehaviorSanitizer", "MemorySanitizer",
                     "ThreadSanitizer")
TIMEOUT = 120

# One password for all test users: it meets the policy and contains none
# of their usernames.
PASSWORD = "Erbil-Test-Phrase-2026!"

AGENCY_A = "KRI-MOI"
AGENCY_B = "IQ-MOI"
AGENCY_C = "KRI-SHL"

# username -> (agency, role)
USERS = {
    "admin1": (AGENCY_A, "admin"),
    "sup.a": (AGENCY_A, "supervisor"),
    "inv.a": (AGENCY_A, "investigator"),
    "cw.a": (AGENCY_A, "caseworker"),
    "pros.a": (AGENCY_A, "prosecutor"),
    "ana.a": (AGENCY_A, "analyst"),
    "trn.a": (AGENCY_A, "trainer"),
    "tee.a": (AGENCY_A, "trainee"),
    "inv.b": (AGENCY_B, "investigator"),
    "sup.b": (AGENCY_B, "supervisor"),
}

CASE_KEYS = {"id", "ref", "agency", "kind", "status", "sensitivity", "title",
             "summary", "lead", "opened_at", "closed_at", "close_reason",
             "version"}
PEOPLE_KEYS = {"person_id", "role", "identified_on", "age", "age_basis",
               "child", "needs_interpreter", "interpreter_language", "name"}
NOTE_KEYS = {"id", "at", "author", "text"}
AGENCY_KEYS = {"id", "code", "name", "kind", "created_at"}

AGENCY_KINDS = ["ministry", "law_enforcement", "border_guard", "prosecution",
                "court", "labour_inspection", "shelter", "health",
                "social_services", "ngo", "international_organisation",
                "training_institute", "migrant_resource_centre", "other"]
ROLES = ["admin", "supervisor", "investigator", "caseworker", "prosecutor",
         "analyst", "trainer", "trainee"]
CASE_KINDS = ["tip", "som", "tip+som", "unclassified"]
CASE_ROLES = ["presumed_victim", "victim", "smuggled_migrant", "suspect",
              "accused", "witness", "reporter", "guardian"]

REF_RE = re.compile(r"^([A-Z][A-Z0-9-]*)-(\d{4})-(\d{6})$")


def utc_year():
    return datetime.datetime.now(datetime.timezone.utc).year


# --------------------------------------------------------------------------
# Running the binary
# --------------------------------------------------------------------------

class Result:
    def __init__(self, argv, proc):
        self.argv = argv
        self.code = proc.returncode
        self.out_bytes = proc.stdout
        self.err_bytes = proc.stderr
        self.out = proc.stdout.decode("utf-8", "replace")
        self.err = proc.stderr.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.out)

    def err_lines(self):
        return [line for line in self.err.splitlines() if line.strip()]

    def describe(self):
        shown = []
        for a in self.argv[1:]:
            shown.append(a.decode("utf-8", "backslashreplace")
                         if isinstance(a, bytes) else a)
        return ("\n  $ tipsom %s\n  exit %s\n  stdout: %r\n  stderr: %r"
                % (" ".join(shown), self.code, self.out[:2000],
                   self.err[:2000]))


class SanitizerReport(AssertionError):
    pass


def base_env():
    env = dict(os.environ)
    for k in ("TIPSOM_DB", "TIPSOM_USER"):
        env.pop(k, None)
    # Make LeakSanitizer and UBSan reports fatal and visible even when the
    # binary was built without -fno-sanitize-recover.
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    return env


def tipsom(*args, db=None, user=None, stdin=None, env=None, cwd=None):
    """Runs tipsom with args; db is a file path given as TIPSOM_DB=sqlite:db,
    user the acting user given as TIPSOM_USER.  Fails the calling test
    when a sanitizer reports."""
    argv = [TIPSOM] + list(args)
    e = base_env()
    if db is not None:
        e["TIPSOM_DB"] = "sqlite:" + db
    if user is not None:
        e["TIPSOM_USER"] = user
    if env:
        e.update(env)
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    proc = subprocess.run(argv, input=stdin if stdin is not None else b"",
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=e, cwd=cwd, timeout=TIMEOUT)
    r = Result(argv, proc)
    for marker in SANITIZER_MARKERS:
        if marker in r.err:
            raise SanitizerReport("sanitizer report (%s):%s"
                                  % (marker, r.describe()))
    return r


# --------------------------------------------------------------------------
# Looking into a store
# --------------------------------------------------------------------------

def connect(db):
    con = sqlite3.connect(db, timeout=10)
    con.execute("PRAGMA busy_timeout = 10000")
    return con


def db_tables(db):
    con = connect(db)
    try:
        return [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    finally:
        con.close()


def db_snapshot(db):
    """Every row of every table, to prove that nothing was written."""
    con = connect(db)
    try:
        snap = {}
        for (t,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall():
            rows = con.execute('SELECT * FROM "%s"' % t).fetchall()
            snap[t] = sorted(repr(r) for r in rows)
        return snap
    finally:
        con.close()


def db_query(db, sql, params=()):
    con = connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def db_opened(db, sql, fields, params=()):
    """db_query, the columns that fields names (None for a plain one)
    opened as tipsom opens them: names are sealed in the store."""
    op = sealed.opener_of(lambda q: db_query(db, q))
    return [tuple(op.open(f, v) if f else v for f, v in zip(fields, row))
            for row in db_query(db, sql, params)]


def db_exec(db, *statements):
    con = connect(db)
    try:
        for s in statements:
            if isinstance(s, tuple):
                con.execute(*s)
            else:
                con.execute(s)
        con.commit()
    finally:
        con.close()


def copy_store(src, dst):
    """A consistent copy of src (WAL included) at dst."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.unlink(dst + suffix)
    s = sqlite3.connect(src)
    d = sqlite3.connect(dst)
    try:
        s.backup(d)
    finally:
        d.close()
        s.close()


def drop_audit_triggers(db):
    db_exec(db, "DROP TRIGGER IF EXISTS audit_no_update",
            "DROP TRIGGER IF EXISTS audit_no_delete")


# --------------------------------------------------------------------------
# The base store: agencies and one user of every role, made once
# --------------------------------------------------------------------------

_base = {}


def _cleanup_base():
    d = _base.get("dir")
    if d:
        d.cleanup()


atexit.register(_cleanup_base)


def base_store():
    """Path of a store with agencies A, B, C and USERS; built on first
    use.  Raises with the failing command when it cannot be built."""
    if "path" in _base:
        return _base["path"]
    if "error" in _base:
        raise AssertionError(_base["error"])
    d = tempfile.TemporaryDirectory(prefix="tipsom-base-")
    _base["dir"] = d
    db = os.path.join(d.name, "base.db")

    def must(r):
        if r.code != 0:
            _base["error"] = "building the base store failed:" + r.describe()
            raise AssertionError(_base["error"])
        return r

    must(tipsom("init", db=db))
    must(tipsom("agency", "add", "--code", AGENCY_A, "--name",
                "المديرية العامة لمكافحة الاتجار بالبشر",
                "--kind", "law_enforcement", db=db))
    must(tipsom("agency", "add", "--code", AGENCY_B, "--name",
                "Ministry of Interior, anti-trafficking directorate",
                "--kind", "law_enforcement", db=db))
    must(tipsom("agency", "add", "--code", AGENCY_C, "--name",
                "ماڵی پاراستنی ئافرەتان", "--kind", "shelter", db=db))
    must(tipsom("user", "add", "--agency", AGENCY_A, "--username", "admin1",
                "--role", "admin", "--full-name", "Test Admin",
                db=db, stdin=PASSWORD + "\n"))
    for name, (agency, role) in USERS.items():
        if name == "admin1":
            continue
        must(tipsom("user", "add", "--agency", agency, "--username", name,
                    "--role", role, db=db, user="admin1",
                    stdin=PASSWORD + "\n"))
    # Fold the WAL into the main file so that plain copies are whole.
    db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    _base["path"] = db
    return db


# --------------------------------------------------------------------------
# Test base class
# --------------------------------------------------------------------------

class TipsomCase(unittest.TestCase):
    """A class with its own directory; with_base = True gives it a copy of
    the base store at cls.db."""

    with_base = True
    admin = "admin1"    # who runs audit verify in fails_cleanly()

    @classmethod
    def setUpClass(cls):
        if not os.access(TIPSOM, os.X_OK):
            raise unittest.SkipTest("no tipsom binary at %s: build it or "
                                    "set TIPSOM" % TIPSOM)
        cls._tmp = tempfile.TemporaryDirectory(prefix="tipsom-cli-")
        cls.dir = cls._tmp.name
        cls._n = 0
        cls.db = None
        if cls.with_base:
            cls.db = os.path.join(cls.dir, "store.db")
            copy_store(base_store(), cls.db)

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def setUp(self):
        self._verify_dbs = set()
        self.addCleanup(self._verify_chains)

    def _verify_chains(self):
        """audit verify, once per store a refused command ran on."""
        for db in sorted(self._verify_dbs):
            rows = db_query(db, "SELECT count(*) FROM audit")[0][0]
            self.assertEqual(self.audit_entries(db), rows,
                             "audit verify on %s" % db)

    # -- stores --

    def path(self, name):
        type(self)._n += 1
        return os.path.join(self.dir, "%d-%s" % (type(self)._n, name))

    def fresh_copy(self, src=None):
        """A copy of src (default: the class store) for a test to spoil."""
        dst = self.path("copy.db")
        copy_store(src or self.db, dst)
        return dst

    def fresh_base(self):
        """A copy of the base store, unaffected by earlier tests."""
        return self.fresh_copy(base_store())

    def empty_store(self):
        db = self.path("empty.db")
        self.ok("init", db=db)
        return db

    # -- running --

    def run_t(self, *args, db=None, **kw):
        return tipsom(*args, db=self.db if db is None else db, **kw)

    def ok(self, *args, **kw):
        r = self.run_t(*args, **kw)
        self.assertEqual(r.code, 0, "expected success:" + r.describe())
        return r

    def ok_json(self, *args, **kw):
        r = self.ok(*(args + ("--json",)), **kw)
        try:
            return r.json()
        except ValueError as e:
            self.fail("stdout is not JSON (%s):%s" % (e, r.describe()))

    def assert_keys(self, obj, keys):
        """obj is a JSON object with at least keys (more are allowed)."""
        self.assertIsInstance(obj, dict)
        self.assertEqual(set(keys) - set(obj), set(),
                         "keys missing from %r" % (obj,))

    def assert_error_line(self, r, *needles):
        lines = r.err_lines()
        self.assertEqual(len(lines), 1, "expected exactly one line on "
                         "stderr:" + r.describe())
        line = lines[0]
        self.assertTrue(line.startswith("tipsom: "),
                        "the error line must start with 'tipsom: ':"
                        + r.describe())
        self.assertIn(": ", line[len("tipsom: "):],
                      "the error line must read 'tipsom: what went wrong: "
                      "the fix':" + r.describe())
        for n in needles:
            self.assertIn(n.lower(), line.lower(),
                          "the error should mention %r:%s"
                          % (n, r.describe()))
        return line

    def fails(self, *args, code=1, mention=(), **kw):
        """Runs and expects exit code with one well-formed error line
        that mentions every string in mention (case-insensitive)."""
        r = self.run_t(*args, **kw)
        codes = code if isinstance(code, tuple) else (code,)
        self.assertIn(r.code, codes, "expected exit %s:%s"
                      % ("/".join(map(str, codes)), r.describe()))
        # A badly shaped message is reported, and the test goes on to
        # check what was (not) written.
        with self.subTest(error_line=r.err.strip()[:120]):
            self.assert_error_line(r, *mention)
        self.assertEqual(r.out.strip(), "", "nothing on stdout on error:"
                         + r.describe())
        return r

    def fails_cleanly(self, *args, code=1, mention=(), db=None, **kw):
        """fails(), and the store is unchanged, row for row."""
        db = self.db if db is None else db
        before = db_snapshot(db)
        r = self.fails(*args, code=code, mention=mention, db=db, **kw)
        after = db_snapshot(db)
        for t in sorted(set(before) | set(after)):
            self.assertEqual(before.get(t), after.get(t),
                             "table %s changed by a refused command:%s"
                             % (t, r.describe()))
        # The audit table is unchanged row for row; at the end of the test
        # the chain must still verify, with as many entries as it has rows.
        self._verify_dbs.add(db)
        return r

    # -- domain helpers --

    def audit_entries(self, db=None):
        db = db or self.db
        users = db_query(db, "SELECT count(*) FROM users")[0][0]
        r = tipsom("audit", "verify", "--json", db=db,
                   user=self.admin if users else None)
        self.assertEqual(r.code, 0, "audit verify:" + r.describe())
        v = r.json()
        self.assertIs(v.get("intact"), True, r.describe())
        return v["entries"]

    def open_case(self, user="inv.a", title="Test case", db=None, *extra):
        r = self.ok("case", "open", "--title", title, *extra, db=db,
                    user=user)
        ref = r.out.strip()
        self.assertRegex(ref, REF_RE)
        return ref

    def add_person(self, *args, user="inv.a", db=None):
        r = self.ok("person", "add", *args, db=db, user=user)
        pid = r.out.strip()
        self.assertRegex(pid, r"^[1-9][0-9]*$", r.describe())
        return pid

    def show_case(self, ref, user="inv.a", db=None):
        v = self.ok_json("case", "show", ref, db=db, user=user)
        self.assert_keys(v, {"case", "people", "notes"})
        return v

    def show_person(self, pid, user="inv.a", db=None):
        v = self.ok_json("person", "show", pid, db=db, user=user)
        return v.get("person", v) if isinstance(v, dict) else v

    def person_link(self, ref, pid, role, user="inv.a", db=None):
        people = self.show_case(ref, user=user, db=db)["people"]
        for p in people:
            if str(p["person_id"]) == str(pid) and p["role"] == role:
                return p
        self.fail("person %s as %s not in %s: %r" % (pid, role, ref, people))

    def agency_id(self, code, db=None):
        rows = db_query(db or self.db,
                        "SELECT id FROM agencies WHERE code = ?", (code,))
        self.assertEqual(len(rows), 1)
        return rows[0][0]


def all_strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from all_strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from all_strings(x)


def find_name(person, value):
    """The names[] entry of person that holds value in any part."""
    for n in person.get("names", []):
        if value in [x for x in n.values() if isinstance(x, str)]:
            return n
    return None


# ==========================================================================
# Store lifecycle, global options, help
# ==========================================================================

class TestStoreLifecycle(TipsomCase):
    with_base = False

    def test_init_creates_store_and_refuses_twice(self):
        db = self.path("life.db")
        self.assertFalse(os.path.exists(db))
        self.ok("init", db=db)
        self.assertTrue(os.path.exists(db))
        self.assertIn("audit", db_tables(db))
        self.assertIn("schema_migrations", db_tables(db))
        before = db_snapshot(db)
        self.fails("init", db=db)
        self.assertEqual(db_snapshot(db), before)

    def test_missing_store_says_run_init(self):
        db = self.path("missing.db")
        self.fails("agency", "list", db=db, mention=("tipsom init",))
        self.fails("case", "list", db=db, user="inv.a",
                   mention=("tipsom init",))
        self.assertFalse(os.path.exists(db),
                         "a command other than init must not create the "
                         "store")

    def test_migrate_on_current_store_is_a_no_op(self):
        db = self.empty_store()
        before = db_query(db, "SELECT version FROM schema_migrations")
        self.ok("migrate", db=db)
        self.ok("migrate", db=db)
        self.assertEqual(db_query(db, "SELECT version FROM "
                                  "schema_migrations"), before)

    def _future_schema(self, db):
        con = connect(db)
        try:
            cols = con.execute(
                "PRAGMA table_info(schema_migrations)").fetchall()
            names, values = [], []
            for _cid, name, ctype, notnull, dflt, _pk in cols:
                if name == "version":
                    names.append(name)
                    values.append(9999)
                elif notnull and dflt is None:
                    names.append(name)
                    values.append(0 if "INT" in (ctype or "").upper()
                                  else "9999_from_the_future")
            con.execute("INSERT INTO schema_migrations (%s) VALUES (%s)"
                        % (", ".join(names), ", ".join("?" * len(values))),
                        values)
            con.commit()
        finally:
            con.close()

    def test_newer_schema_is_refused(self):
        db = self.empty_store()
        self.ok("agency", "add", "--code", "NEW-AG", "--name", "Agency",
                "--kind", "ngo", db=db)
        self._future_schema(db)
        before = db_snapshot(db)
        self.fails("migrate", db=db, mention=("newer",))
        self.fails("agency", "list", db=db, mention=("newer",))
        self.fails("agency", "add", "--code", "NEW-AH", "--name", "Agency",
                   "--kind", "ngo", db=db, mention=("newer",))
        self.assertEqual(db_snapshot(db), before)

    def test_version(self):
        r = self.ok("version", db=self.path("unused.db"))
        self.assertRegex(r.out, r"\d+\.\d+")
        r = self.ok("version", "--json", db=self.path("unused.db"))
        v = r.json()
        self.assertIsInstance(v, dict)
        self.assertIn("version", v)
        self.assertRegex(str(v["version"]), r"\d+\.\d+")

    def test_db_option_and_env(self):
        db = self.empty_store()
        elsewhere = self.path("not-here.db")
        # --db wins over TIPSOM_DB.
        r = tipsom("agency", "list", "--json", "--db", "sqlite:" + db,
                   env={"TIPSOM_DB": "sqlite:" + elsewhere})
        self.assertEqual(r.code, 0, r.describe())
        self.assertEqual(r.json(), [])
        self.assertFalse(os.path.exists(elsewhere))

    def test_default_store_is_tipsom_db_in_cwd(self):
        cwd = self.path("cwd")
        os.mkdir(cwd)
        r = tipsom("init", cwd=cwd)
        self.assertEqual(r.code, 0, r.describe())
        self.assertTrue(os.path.exists(os.path.join(cwd, "tipsom.db")))
        r = tipsom("agency", "list", "--json", cwd=cwd)
        self.assertEqual(r.code, 0, r.describe())
        self.assertEqual(r.json(), [])

    def test_log_level_option(self):
        r = tipsom("version", "--log", "debug")
        self.assertEqual(r.code, 0, r.describe())

    def test_help(self):
        for args in (("--help",), ("-h",), ("case", "--help"),
                     ("case", "open", "--help"), ("person", "add", "-h"),
                     ("audit", "verify", "--help")):
            with self.subTest(args=args):
                r = tipsom(*args)
                self.assertEqual(r.code, 0, r.describe())
                self.assertTrue(r.out.strip(), "help goes to stdout:"
                                + r.describe())
        r = tipsom("--help")
        for word in ("case", "person", "agency", "user", "audit", "init"):
            self.assertIn(word, r.out)
        r = tipsom("case", "open", "--help")
        self.assertIn("--title", r.out)


# ==========================================================================
# Bootstrap, users and passwords
# ==========================================================================

class TestBootstrap(TipsomCase):
    with_base = False
    admin = "boss"

    def test_bootstrap_sequence(self):
        db = self.empty_store()
        r = self.ok("agency", "add", "--code", "KRI-MOI", "--name",
                    "مديرية مكافحة الاتجار بالبشر", "--kind",
                    "law_enforcement", db=db)
        self.assertEqual(r.out.strip(), "KRI-MOI")
        # The first user must be an admin.
        self.fails_cleanly("user", "add", "--agency", "KRI-MOI",
                           "--username", "first.inv", "--role",
                           "investigator", db=db, stdin=PASSWORD + "\n",
                           mention=("admin",))
        r = self.ok("user", "add", "--agency", "KRI-MOI", "--username",
                    "boss", "--role", "admin", "--full-name",
                    "بەڕێوەبەری سیستەم", db=db, stdin=PASSWORD + "\n")
        self.assertEqual(r.out.strip(), "boss")
        # From now on someone must act.
        self.fails_cleanly("agency", "add", "--code", "IQ-MOI", "--name",
                           "MOI", "--kind", "ministry", db=db,
                           mention=("--as",))
        self.fails_cleanly("user", "add", "--agency", "KRI-MOI",
                           "--username", "second", "--role", "admin",
                           db=db, stdin=PASSWORD + "\n", mention=("--as",))
        # --as, placed after the command.
        r = self.ok("agency", "add", "--code", "IQ-MOI", "--name", "MOI",
                    "--kind", "ministry", "--as", "boss", db=db)
        self.assertEqual(r.out.strip(), "IQ-MOI")
        # TIPSOM_USER does the same.
        r = self.ok("agency", "add", "--code", "IQ-PPO", "--name", "PPO",
                    "--kind", "prosecution", db=db, user="boss")
        self.assertEqual(r.out.strip(), "IQ-PPO")
        # A user that does not exist cannot act.
        self.fails_cleanly("agency", "add", "--code", "XX-YY", "--name",
                           "n", "--kind", "ngo", "--as", "ghost", db=db)
        codes = [a["code"] for a in self.ok_json("agency", "list", db=db,
                                                 user="boss")]
        self.assertEqual(sorted(codes), ["IQ-MOI", "IQ-PPO", "KRI-MOI"])
        actions = [a for (a,) in db_query(
            db, "SELECT action FROM audit WHERE action != 'definition.seed' "
            "ORDER BY seq")]
        # init encrypted the store first (TIPSOM_KEY_FILE).
        self.assertEqual(actions, ["keys.init", "agency.add", "user.add",
                                   "agency.add", "agency.add"])


class TestUsers(TipsomCase):

    def test_user_add_prints_username_and_lists(self):
        db = self.fresh_base()
        r = self.ok("user", "add", "--agency", AGENCY_B, "--username",
                    "d.karim", "--role", "caseworker", "--full-name",
                    "دلشاد کەریم", db=db, user="admin1",
                    stdin="Sulaymaniyah-Rain-77\n")
        self.assertEqual(r.out.strip(), "d.karim")
        users = self.ok_json("user", "list", db=db, user="admin1")
        self.assertIsInstance(users, list)
        by_name = {u["username"]: u for u in users}
        self.assertEqual(set(by_name), set(USERS) | {"d.karim"})
        self.assertEqual(by_name["d.karim"]["role"], "caseworker")
        self.assertEqual(by_name["d.karim"]["full_name"], "دلشاد کەریم")
        b_users = self.ok_json("user", "list", "--agency", AGENCY_B, db=db,
                               user="admin1")
        self.assertEqual(sorted(u["username"] for u in b_users),
                         sorted(["inv.b", "sup.b", "d.karim"]))
        # No password hash, ever.
        self.assertNotIn("argon2", json.dumps(users))
        self.assertNotIn("password_hash", json.dumps(users))
        # Plain text list too.
        r = self.ok("user", "list", db=db, user="admin1")
        self.assertIn("d.karim", r.out)

    def test_user_list_is_admin_only(self):
        for u in ("sup.a", "inv.a", "ana.a", "trn.a"):
            self.fails_cleanly("user", "list", user=u)

    def test_password_from_file(self):
        db = self.fresh_base()
        pw = self.path("pw.txt")
        with open(pw, "w") as f:
            f.write("Duhok-Mountain-Path-9\n")
        r = self.ok("user", "add", "--agency", AGENCY_A, "--username",
                    "filed", "--role", "investigator", "--password-file", pw,
                    db=db, user="admin1")
        self.assertEqual(r.out.strip(), "filed")

    def test_password_never_on_argv(self):
        self.fails_cleanly("user", "add", "--agency", AGENCY_A, "--username",
                           "argvuser", "--role", "investigator",
                           "--password", "Some-Long-Password-1", code=2,
                           user="admin1")

    def test_password_policy(self):
        def refused(username, password, *mention):
            self.fails_cleanly("user", "add", "--agency", AGENCY_A,
                               "--username", username, "--role", "caseworker",
                               user="admin1", stdin=password + "\n",
                               mention=mention)
        refused("shorty", "Short-9")                  # < 10 characters
        refused("shorty", "")                         # empty
        refused("rezhin", "my-rezhin-password-2026")  # contains username
        refused("common", "password123")              # a common one
        refused("common", "1234567890")

    def test_username_rules(self):
        for bad in ("ab", "Abc.def", "1abc", "_abc", "a b c", "abc/def",
                    "a" * 33, "ناو"):
            self.fails_cleanly("user", "add", "--agency", AGENCY_A,
                               "--username", bad, "--role", "caseworker",
                               user="admin1", stdin=PASSWORD + "\n")

    def test_passwd(self):
        db = self.fresh_base()
        # Self.
        self.ok("user", "passwd", db=db, user="inv.a",
                stdin="Halabja-Spring-2026\n")
        # Someone else's: admin only.
        self.fails_cleanly("user", "passwd", "cw.a", db=db, user="inv.a",
                           stdin="Halabja-Spring-2026\n")
        self.ok("user", "passwd", "cw.a", db=db, user="admin1",
                stdin="Koya-Valley-Road-12\n")
        # Policy applies.
        self.fails_cleanly("user", "passwd", db=db, user="inv.a",
                           stdin="short\n")
        self.fails_cleanly("user", "passwd", db=db, user="inv.a",
                           stdin="xx-inv.a-long-enough\n")
        self.fails_cleanly("user", "passwd", "nobody", db=db, user="admin1",
                           stdin="Koya-Valley-Road-12\n")
        self.fails_cleanly("user", "passwd", "--password", "Abcdefghijk-1",
                           db=db, user="inv.a", code=2)
        actions = [a for (a,) in db_query(db, "SELECT action FROM audit")]
        self.assertEqual(sum(1 for a in actions if a.startswith("user.pass")),
                         2, actions)

    def test_two_factor_enrol_and_remove(self):
        db = self.fresh_base()
        r = self.ok("user", "totp-enrol", db=db, user="inv.a")
        secret = re.search(r"^secret: ([A-Z2-7]{32})$", r.out, re.M)
        self.assertIsNotNone(secret, r.out)
        self.assertIn("otpauth://totp/tipsom:inv.a?secret=" + secret.group(1),
                      r.out)
        # Not a terminal: no QR code drawn in escape sequences.
        self.assertNotIn("\033", r.out)
        users = {u["username"]: u for u in self.ok_json(
            "user", "list", db=db, user="admin1")}
        self.assertTrue(users["inv.a"]["two_factor"])
        self.assertFalse(users["cw.a"]["two_factor"])
        # Only administrators remove it, and only where there is one.
        self.fails_cleanly("user", "totp-remove", "inv.a", db=db,
                           user="inv.a")
        self.fails_cleanly("user", "totp-remove", "cw.a", db=db,
                           user="admin1", mention=("no two-factor",))
        self.fails_cleanly("user", "totp-remove", "nobody", db=db,
                           user="admin1", mention=("nobody",))
        self.fails_cleanly("user", "totp-remove", db=db, user="admin1",
                           code=2)
        out = self.ok_json("user", "totp-remove", "inv.a", db=db,
                           user="admin1")
        self.assertEqual(out, {"username": "inv.a", "two_factor": False})
        actions = [a for (a,) in db_query(db, "SELECT action FROM audit")]
        self.assertEqual(actions.count("user.totp_enrol"), 1)
        self.assertEqual(actions.count("user.totp_remove"), 1)

    def test_two_factor_qr_code_on_a_terminal(self):
        import pty
        db = self.fresh_base()
        leader, follower = pty.openpty()
        e = base_env()
        e.update({"TIPSOM_DB": "sqlite:" + db, "TIPSOM_USER": "inv.a"})
        proc = subprocess.run([TIPSOM, "user", "totp-enrol"], stdin=
                              subprocess.DEVNULL, stdout=follower,
                              stderr=subprocess.PIPE, env=e, timeout=TIMEOUT)
        os.close(follower)
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.close(leader)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        text = out.decode("utf-8")
        lines = [ln for ln in text.splitlines() if ln.startswith("\033[30;47m")]
        # 41 modules and a quiet zone of 4 on each side, two rows a line.
        self.assertEqual(len(lines), (41 + 8 + 1) // 2, text)
        self.assertIn("\u2588", text)
        self.assertIn("secret: ", text)

    def test_duplicate_username(self):
        self.fails_cleanly("user", "add", "--agency", AGENCY_A, "--username",
                           "inv.a", "--role", "investigator", user="admin1",
                           stdin=PASSWORD + "\n")

    def test_unknown_agency_and_role(self):
        self.fails_cleanly("user", "add", "--agency", "NO-SUCH", "--username",
                           "newbie", "--role", "investigator", user="admin1",
                           stdin=PASSWORD + "\n", mention=("NO-SUCH",))
        self.fails_cleanly("user", "add", "--agency", AGENCY_A, "--username",
                           "newbie", "--role", "chief", user="admin1",
                           stdin=PASSWORD + "\n", mention=("chief",))

    def test_only_admin_adds_users(self):
        for u in ("sup.a", "inv.a", "pros.a"):
            self.fails_cleanly("user", "add", "--agency", AGENCY_A,
                               "--username", "sneaky", "--role", "admin",
                               user=u, stdin=PASSWORD + "\n")


# ==========================================================================
# Agencies
# ==========================================================================

class TestAgencies(TipsomCase):

    def test_add_every_kind_and_list(self):
        db = self.fresh_base()
        for i, kind in enumerate(AGENCY_KINDS):
            code = "AG-%02d" % i
            r = self.ok("agency", "add", "--code", code, "--name",
                        "وەزارەتی %d" % i, "--kind", kind, db=db,
                        user="admin1")
            self.assertEqual(r.out.strip(), code)
        agencies = self.ok_json("agency", "list", db=db, user="admin1")
        self.assertIsInstance(agencies, list)
        for a in agencies:
            self.assert_keys(a, AGENCY_KEYS)
        by_code = {a["code"]: a for a in agencies}
        for i, kind in enumerate(AGENCY_KINDS):
            a = by_code["AG-%02d" % i]
            self.assertEqual(a["kind"], kind)
            self.assertEqual(a["name"], "وەزارەتی %d" % i)
        self.assertEqual(by_code[AGENCY_A]["name"],
                         "المديرية العامة لمكافحة الاتجار بالبشر")
        r = self.ok("agency", "list", db=db, user="admin1")
        self.assertIn(AGENCY_A, r.out)

    def test_refused(self):
        self.fails_cleanly("agency", "add", "--code", AGENCY_A, "--name",
                           "Again", "--kind", "ministry", user="admin1",
                           mention=(AGENCY_A,))
        self.fails_cleanly("agency", "add", "--code", "NEW-X", "--name",
                           "Police", "--kind", "police", user="admin1",
                           mention=("police",))
        for code in ("kri-moi", "K", "KRI--MOI", "KRI-MOI-", "KRI MOI"):
            self.fails_cleanly("agency", "add", "--code", code, "--name",
                               "n", "--kind", "ngo", user="admin1")
        for u in ("sup.a", "inv.a"):
            self.fails_cleanly("agency", "add", "--code", "NEW-Y", "--name",
                               "n", "--kind", "ngo", user=u)
        self.fails_cleanly("agency", "add", "--code", "NEW-Z", "--kind",
                           "ngo", user="admin1", code=2)  # no --name


class TestSearch(TipsomCase):
    """tipsom search person: one name in many scripts, need-to-know."""

    def test_search_person(self):
        pid = self.add_person("--given", "عبدالرحمن", "--father", "صالح",
                              "--family", "التميمي", "--sex", "male")
        hidden = self.add_person("--given", "Abdurrahman", "--family",
                                 "Tamimi", user="inv.b")
        out = self.ok("search", "person", "Abdul Rahman Saleh al-Tamimi",
                      user="inv.a").out
        self.assertIn("#%-8s" % pid, out)
        self.assertNotIn("#%s " % hidden, out)
        hits = self.ok_json("search", "person", "Абдурахмон Тамими",
                            "--limit", "5", user="inv.a")
        self.assertEqual(hits[0]["id"], int(pid))
        self.assertNotIn(int(hidden), [h["id"] for h in hits])
        self.assertLessEqual(len(hits), 5)
        # Persons recorded before names were keyed (schema 12), or
        # whose keys a migration dropped, are keyed on the next search,
        # each name as before, and found.
        def keys_now():
            return sorted(db_opened(self.db, "SELECT person_id, keys FROM "
                                    "person_name_keys",
                                    (None, "person_name_keys.keys")))
        keyed = keys_now()
        self.assertGreater(len({p for p, _ in keyed}), 1)
        db_exec(self.db, "DELETE FROM person_name_keys")
        hits = self.ok_json("search", "person", "Abdurrahman Tamimi",
                            user="inv.a")
        self.assertEqual(hits[0]["id"], int(pid))
        self.assertEqual(keys_now(), keyed)
        self.fails_cleanly("search", "person", "", user="inv.a",
                           mention=("empty",))
        self.fails_cleanly("search", "person", "1234", user="inv.a",
                           mention=("no letters",))
        self.fails_cleanly("search", "person", "Ali", "--limit", "500",
                           user="inv.a", code=2, mention=("--limit",))
        self.fails_cleanly("search", "person", "Ali", user="ana.a",
                           mention=("identity.read",))


class TestDuplicates(TipsomCase):
    """Persons recorded twice: found with their evidence, merged with a
    record of every row moved, and unmerged back to what was."""

    def person_rows(self, pid):
        """Every row that points at person pid, as the store has it."""
        pid = int(pid)
        return {
            "roles": db_query(self.db, "SELECT case_id, role FROM "
                              "case_persons WHERE person_id = ? ORDER BY "
                              "1, 2", (pid,)),
            "links": db_query(self.db, "SELECT id, removed_at IS NULL FROM "
                              "identifier_links WHERE person_id = ? ORDER "
                              "BY 1", (pid,)),
        }

    def test_find_merge_unmerge(self):
        keep = self.add_person("--given", "نور", "--father", "سالم",
                               "--family", "الحسناوي", "--sex", "female",
                               "--born", "1999-08-21", "--nationality", "IQ",
                               "--phone", "+964 750 000 0101")
        other = self.add_person("--given", "Noor", "--father", "Salem",
                                "--family", "al-Hasnawi", "--sex", "female",
                                "--born", "1999", "--phone", "0750 000 0101",
                                "--document", "passport:A1234567:IQ")
        namesake = self.add_person("--given", "Noor", "--family",
                                   "al-Hasnawi", "--sex", "male", "--born",
                                   "1960")
        hidden = self.add_person("--given", "Noor", "--father", "Salem",
                                 "--family", "Hasnawi", "--sex", "female",
                                 user="inv.b")
        found = self.ok_json("persons", "duplicates", user="sup.a")
        pairs = [(p["a"]["id"], p["b"]["id"]) for p in found["pairs"]]
        self.assertEqual(pairs[0], (int(keep), int(other)))
        kinds = {e["kind"] for e in found["pairs"][0]["evidence"]}
        self.assertTrue({"name", "birth", "sex", "phone"} <= kinds, kinds)
        self.assertGreater(found["pairs"][0]["score"], 0.95)
        # Another sex and forty years apart: not the same Noor.
        self.assertNotIn((int(keep), int(namesake)), pairs)
        for p in found["pairs"]:
            self.assertNotIn(int(hidden), (p["a"]["id"], p["b"]["id"]))
        out = self.ok("person", "duplicates", "--min-score", "0.9",
                      user="sup.a").out
        self.assertIn("+8.0 phone", out)
        self.fails_cleanly("person", "duplicates", user="inv.a",
                           mention=("person.merge",))
        self.fails_cleanly("person", "duplicates", "--min-score", "2",
                           user="sup.a", code=2, mention=("--min-score",))

        # The two are in cases: one case each as victim (the roles
        # fold into one), and the other also a witness elsewhere.
        ref1 = self.ok("case", "open", "--kind", "tip", "--title",
                       "Salon recruitment", user="inv.a").out.strip()
        ref2 = self.ok("case", "open", "--kind", "tip", "--title",
                       "Hotline report", user="inv.a").out.strip()
        self.ok("case", "add-person", ref1, keep, "--role", "victim",
                user="inv.a")
        self.ok("case", "add-person", ref1, other, "--role", "victim",
                user="inv.a")
        self.ok("case", "add-person", ref2, other, "--role", "witness",
                user="inv.a")
        self.ok("links", "add", "--person", other, "--kind", "phone",
                "--value", "0750 000 0101", user="inv.a")
        self.ok("links", "add", "--person", keep, "--kind", "phone",
                "--value", "+964 750 000 0101", user="inv.a")
        self.ok("links", "add", "--person", other, "--kind", "vehicle",
                "--value", "12 A 34567 Erbil", user="inv.a")
        before = {"keep": self.person_rows(keep),
                  "other": self.person_rows(other)}

        self.fails_cleanly("person", "merge", keep, other, user="sup.a",
                           mention=("reason",))
        self.fails_cleanly("person", "merge", keep, keep, "--reason", "x",
                           user="sup.a", mention=("themselves",))
        self.fails_cleanly("person", "merge", keep, hidden, "--reason", "x",
                           user="sup.a", mention=("not found",))
        m = self.ok_json("person", "merge", keep, other, "--reason",
                         "same phone, same name in two scripts",
                         user="sup.a")
        self.assertEqual((m["keep"], m["other"], m["undone_at"]),
                         (int(keep), int(other), None))
        after = self.person_rows(keep)
        self.assertEqual(after["roles"], sorted(
            before["keep"]["roles"] + [(r[0], "witness") for r in
                                       before["other"]["roles"]
                                       if r[1] == "witness"]))
        self.assertEqual(self.person_rows(other)["roles"], [])
        p = self.ok_json("person", "show", keep, user="inv.a")
        self.assertEqual(p["merged_from"], [int(other)])
        self.assertTrue(find_name(p, "Noor"))
        self.assertIn("A1234567", [d["number"] for d in p["documents"]])
        o = self.ok_json("person", "show", other, user="inv.a")
        self.assertEqual(o["merged_into"], int(keep))
        hits = self.ok_json("search", "person", "Noor Salem Hasnawi",
                            user="inv.a")
        self.assertEqual(hits[0]["id"], int(keep))
        self.assertNotIn(int(other), [h["id"] for h in hits])
        # Merged once: again is a conflict, and OTHER is not a duplicate.
        self.fails_cleanly("person", "merge", keep, other, "--reason", "x",
                           user="sup.a", mention=("already",))
        self.fails_cleanly("case", "add-person", ref2, other, "--role",
                           "victim", user="inv.a",
                           mention=("merged into person %s" % keep,))
        self.fails_cleanly("links", "add", "--person", other, "--kind",
                           "phone", "--value", "0750 999 0000",
                           user="inv.a",
                           mention=("merged into person %s" % keep,))
        self.assertIn("merged into person %s" % keep,
                      self.ok("person", "show", other, user="inv.a").out)
        self.assertIn("with person %s, merged" % other,
                      self.ok("person", "show", keep, user="inv.a").out)
        pairs = [(p["a"]["id"], p["b"]["id"]) for p in self.ok_json(
            "persons", "duplicates", user="sup.a")["pairs"]]
        self.assertNotIn((int(keep), int(other)), pairs)

        # Undone, every row is back where it was.
        self.fails_cleanly("person", "unmerge", keep, "--reason", "x",
                           user="sup.a", mention=("not merged",))
        u = self.ok_json("person", "unmerge", other, "--reason",
                         "two sisters after all", user="sup.a")
        self.assertEqual(u["undo_reason"], "two sisters after all")
        self.assertEqual({"keep": self.person_rows(keep),
                          "other": self.person_rows(other)}, before)
        self.assertIsNone(self.ok_json("person", "show", other,
                                       user="inv.a")["merged_into"])
        history = self.ok_json("person", "merges", keep, user="sup.a")
        self.assertEqual(len(history), 1)
        self.assertIsNotNone(history[0]["undone_at"])
        actions = [e["action"] for e in self.ok_json(
            "audit", "log", user="sup.a")]
        for a in ("person.merge", "person.unmerge", "person.duplicates"):
            self.assertIn(a, actions)

        # Found to be two people: not proposed again.
        self.ok("person", "distinct", keep, other, "--reason",
                "two sisters", user="sup.a")
        pairs = [(p["a"]["id"], p["b"]["id"]) for p in self.ok_json(
            "persons", "duplicates", user="sup.a")["pairs"]]
        self.assertNotIn((int(keep), int(other)), pairs)

    def test_evidence_names_the_parts(self):
        a = self.add_person("--given", "Zoltan", "--family",
                            "Qarawi-Brennick", "--sex", "male")
        b = self.add_person("--given", "Zoltan", "--family",
                            "Qarawi Brennick", "--sex", "male")
        found = self.ok_json("persons", "duplicates", "--person", a,
                             user="sup.a")["pairs"]
        self.assertEqual([(p["a"]["id"], p["b"]["id"]) for p in found],
                         [(int(a), int(b))])
        names = sorted((e["a"], e["b"]) for e in found[0]["evidence"]
                       if e["kind"] == "name")
        self.assertEqual(names, [("Brennick", "Brennick"),
                                 ("Qarawi", "Qarawi"),
                                 ("Zoltan", "Zoltan")])

    def test_conflicting_roles_ask_to_confirm(self):
        victim = self.add_person("--given", "Maher", "--family", "Khatib",
                                 "--sex", "male")
        suspect = self.add_person("--given", "ماهر", "--family", "الخطيب",
                                  "--sex", "male")
        ref = self.ok("case", "open", "--kind", "tip", "--title",
                      "Workshop", user="inv.a").out.strip()
        self.ok("case", "add-person", ref, victim, "--role", "victim",
                user="inv.a")
        self.ok("case", "add-person", ref, suspect, "--role", "suspect",
                user="inv.a")
        r = self.fails_cleanly("person", "merge", victim, suspect,
                               "--reason", "same man", user="sup.a",
                               mention=("--confirm",))
        self.assertIn("is victim", r.err)
        self.assertIn("is suspect", r.err)
        m = self.ok_json("person", "merge", victim, suspect, "--reason",
                         "same man: he recruited others after",
                         "--confirm", user="sup.a")
        self.assertIn("victim and suspect", m["conflicts"])
        roles = self.ok_json("case", "show", ref, user="inv.a")
        self.assertEqual(sorted(p["role"] for p in roles["people"]
                                if p["person_id"] == int(victim)),
                         ["suspect", "victim"])
        # A chain: the person kept merged away in turn.  Undone the
        # latest first.
        third = self.add_person("--given", "Maher", "--family", "al-Khatib",
                                "--sex", "male")
        self.ok("person", "merge", third, victim, "--reason", "again",
                user="sup.a")
        self.fails_cleanly("person", "unmerge", suspect, "--reason", "x",
                           user="sup.a",
                           mention=("unmerge person %s first" % victim,))
        self.ok("person", "unmerge", victim, "--reason", "undo the chain",
                user="sup.a")
        self.ok("person", "unmerge", suspect, "--reason", "wrong",
                user="sup.a")
        roles = self.ok_json("case", "show", ref, user="inv.a")
        self.assertEqual(sorted((p["person_id"], p["role"]) for p in
                                roles["people"]),
                         sorted([(int(victim), "victim"),
                                 (int(suspect), "suspect")]))


class TestBackups(TipsomCase):
    """Backups sealed to a public key, taken while others write, restored
    with the secret key into a new store whose audit chain verifies."""

    def keys(self):
        pub, sec = self.path("pub.key"), self.path("sec.key")
        if not os.path.exists(pub):
            self.ok("keys", "new", "--public", pub, "--secret", sec)
        return pub, sec

    def test_keys_and_refusals(self):
        pub, sec = self.keys()
        self.assertEqual(os.stat(sec).st_mode & 0o777, 0o600)
        with open(pub) as f:
            self.assertRegex(f.read(), r"^tipsom-public-key:[A-Za-z0-9_-]{43}\n$")
        self.fails("keys", "new", "--public", pub, "--secret",
                   self.path("other.key"), mention=("exists",))
        self.assertFalse(os.path.exists(self.path("other.key")))
        out = self.path("b.tpb")
        self.fails_cleanly("backup", out, "--key", pub, user="inv.a",
                           mention=("store.backup",))
        self.fails_cleanly("backup", out, "--key", sec, user="admin1",
                           mention=("not a public key",))
        self.fails_cleanly("backup", out, user="admin1", code=2,
                           mention=("--key",))
        self.assertFalse(os.path.exists(out))
        self.ok("backup", out, "--key", pub, user="admin1")
        self.fails("backup", out, "--key", pub, user="admin1",
                   mention=("exists",))
        # The backup holds no name in clear.
        self.add_person("--given", "Zhiyar", "--family", "Qaradaghi")
        out2 = self.path("b2.tpb")
        self.ok("backup", out2, "--key", pub, user="admin1")
        with open(out2, "rb") as f:
            raw = f.read()
        self.assertNotIn(b"Qaradaghi", raw)
        self.assertNotIn(b"SQLite format", raw)
        restored = self.path("r.db")
        self.fails("restore", out2, "--secret-key", pub, "--to",
                   "sqlite:" + restored, mention=("not a secret key",))
        cut = self.path("cut.tpb")
        with open(cut, "wb") as f:
            f.write(raw[:len(raw) // 2])
        self.fails("restore", cut, "--secret-key", sec, "--to",
                   "sqlite:" + restored, mention=("ends too early",))
        self.assertFalse(os.path.exists(restored))
        r = self.ok_json("restore", out2, "--secret-key", sec, "--to",
                         "sqlite:" + restored)
        self.assertGreater(r["audit_entries"], 0)
        self.fails("restore", out2, "--secret-key", sec, "--to",
                   "sqlite:" + restored, mention=("exists",))
        names = db_opened(restored, "SELECT family FROM person_names",
                          ("person_names.family",))
        self.assertIn(("Qaradaghi",), names)
        log = self.ok_json("audit", "log", db=restored, user="admin1")
        self.assertEqual(log[-1]["action"], "store.backup")

    def test_restores_every_row_committed_under_concurrent_writes(self):
        import threading
        import time
        pub, sec = self.keys()
        db = self.fresh_base()
        acked = []          # (id, when the write returned)
        stop = threading.Event()

        def writer():
            i = 0
            while not stop.is_set() and i < 400:
                r = tipsom("person", "add", "--given", "Writer%d" % i,
                           "--family", "Concurrent", db=db, user="inv.a")
                if r.code == 0:
                    acked.append((int(r.out.strip()), time.monotonic()))
                i += 1

        t = threading.Thread(target=writer)
        t.start()
        while len(acked) < 5 and t.is_alive():
            time.sleep(0.05)
        started = time.monotonic()
        out = self.path("busy.tpb")
        r = tipsom("backup", out, "--key", pub, db=db, user="admin1")
        while len(acked) < 10 + len([a for a in acked
                                     if a[1] < started]) and t.is_alive():
            time.sleep(0.05)
        stop.set()
        t.join()
        self.assertEqual(r.code, 0, r.describe())
        restored = self.path("busy.db")
        self.ok("restore", out, "--secret-key", sec, "--to",
                "sqlite:" + restored)
        got = {row[0] for row in db_query(
            restored, "SELECT id FROM persons WHERE id IN (%s)"
            % ",".join(str(a[0]) for a in acked))}
        before = [a[0] for a in acked if a[1] < started]
        self.assertTrue(before)
        # Every write acknowledged before the backup began is in it, and
        # what it holds is all the writes up to one moment: no gaps.
        self.assertTrue(set(before) <= got, sorted(set(before) - got))
        ids = [a[0] for a in acked]
        self.assertEqual(sorted(got), ids[:len(got)])
        self.assertLess(len(got), len(ids), "the writes went on after")
        for pid in got:
            self.assertEqual(db_query(restored, "SELECT count(*) FROM "
                                      "person_names WHERE person_id = ?",
                                      (pid,)), [(1,)])
class TestImportExport(TipsomCase):
    """tipsom import persons|cases and tipsom export: every row checked
    first, all or nothing, idempotent, names as written, and only for
    supervisors."""

    PERSONS = ("source_id,given,father,family,sex,born,nationalities,"
               "languages,phone\n"
               "S1,نور,سالم,الحسناوي,female,1999,IQ,ar,0750 222 3344\n"
               "S2,کاروان,حسن,عەلی,male,2001-05-03,IQ;SY,ckb;ar,\n"
               "S3,\"Anna \"\"Ann\"\"\",,\"Petrova, née Ivanova\",female,"
               "1990,TJ,ru,\n")

    def write(self, name, text, encoding="utf-8"):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(text.encode(encoding) if isinstance(text, str)
                    else text)
        return p

    def import_fails(self, *args, db, mention=(), user="sup.a"):
        """Refused: stdout empty, each stderr line 'tipsom: ...', the last
        mentioning every string in mention, the store unchanged."""
        before = db_snapshot(db)
        r = self.run_t("import", *args, db=db, user=user)
        self.assertEqual(r.code, 1, r.describe())
        self.assertEqual(r.out, "", "nothing on stdout:" + r.describe())
        lines = r.err_lines()
        self.assertTrue(lines and all(l.startswith("tipsom: ")
                                      for l in lines), r.describe())
        for m in mention:
            self.assertIn(m.lower(), r.err.lower(), r.describe())
        self.assertEqual(before, db_snapshot(db), "a refused import "
                         "changed the store:" + r.describe())
        self._verify_dbs.add(db)
        return r

    def persons_count(self, db):
        return db_query(db, "SELECT count(*) FROM persons")[0][0]

    def imports(self, db, action="import.persons"):
        return [json.loads(c) for (c,) in db_query(
            db, "SELECT changes FROM audit WHERE action = ? ORDER BY seq",
            (action,))]

    def test_import_then_again(self):
        db = self.fresh_base()
        csv = self.write("people.csv", self.PERSONS)
        n0 = self.persons_count(db)
        dry = self.ok_json("import", "persons", csv, "--dry-run", db=db,
                           user="sup.a")
        self.assertEqual((dry["added"], dry["written"]), (3, False))
        self.assertEqual(self.persons_count(db), n0)
        self.assertEqual(self.imports(db), [])
        rep = self.ok_json("import", "persons", csv, db=db, user="sup.a")
        self.assertEqual((rep["rows"], rep["added"], rep["written"]),
                         (3, 3, True))
        self.assertEqual(self.persons_count(db), n0 + 3)
        first = rep["ids"]["first"]
        # Found by name like any person, in another script.
        hits = self.ok_json("search", "person", "Nour Salim al-Hasnawi",
                            db=db, user="sup.a")
        self.assertIn(first, [h["id"] for h in hits])
        # Again: nothing added, nothing duplicated.
        again = self.ok_json("import", "persons", csv, db=db, user="sup.a")
        self.assertEqual((again["added"], again["already"]), (0, 3))
        self.assertEqual(self.persons_count(db), n0 + 3)
        # A row that changed is reported, not overwritten.
        changed = self.write("people.csv",
                             self.PERSONS.replace("1999,IQ", "1998,IQ"))
        os.replace(changed, csv)
        rep = self.ok_json("import", "persons", csv, db=db, user="sup.a")
        self.assertEqual((rep["added"], rep["already"], rep["changed"]),
                         (0, 2, 1))
        self.assertEqual(rep["changes"][0]["row"], 2)
        self.assertEqual(db_query(db, "SELECT birth_year FROM persons "
                                  "WHERE id = ?", (first,))[0][0], 1999)
        # One audit entry per import, with counts and no names.
        audits = self.imports(db)
        self.assertEqual(len(audits), 3)
        self.assertEqual((audits[0]["added"], audits[0]["ids"]),
                         (3, [first, first + 2]))
        raw = " ".join(c for (c,) in db_query(
            db, "SELECT changes FROM audit WHERE action LIKE 'import.%'"))
        for name in ("نور", "Petrova", "0750"):
            self.assertNotIn(name, raw)

    def test_bad_rows_refuse_the_file(self):
        db = self.fresh_base()
        csv = self.write("bad.csv", self.PERSONS +
                         "S4,Ali,,Hassan,male,1999-13-40,IQ,ar,\n"
                         "S5,Sara,,,femal,1990,IQ,ar,\n")
        r = self.import_fails("persons", csv, db=db,
                              mention=("nothing was imported",))
        lines = r.err_lines()
        self.assertIn("row 5, column 6 (born)", lines[0])
        self.assertIn("row 6, column 5 (sex)", lines[1])
        self.assertIn("2 rows of 5 have errors", lines[-1])
        # The same as a dry run: refused too, still nothing written.
        self.import_fails("persons", csv, "--dry-run", db=db)
        # --skip-invalid writes the good ones and a file of the others.
        rejects = self.path("rejects.csv")
        rep = self.ok_json("import", "persons", csv, "--skip-invalid",
                           "--rejects", rejects, db=db, user="sup.a")
        self.assertEqual((rep["added"], rep["rejected"]), (3, 2))
        with open(rejects, encoding="utf-8") as f:
            rows = list(csv_module.reader(f))
        self.assertEqual(rows[0][-1], "error")
        self.assertEqual([r[0] for r in rows[1:]], ["S4", "S5"])
        self.assertIn("not a date", rows[1][-1])

    def test_bad_files(self):
        db = self.fresh_base()
        wide = self.write("wide.csv", "source_id,given\n" + "x," * 100000
                          + "\n")
        cases = [
            (self.write("latin1.csv", b"source_id,given\nS1,ok\n"
                        b"S2,Jos\xe9\n"), (), ("line 3 is not utf-8",)),
            (self.write("nosid.csv", "given\nAli\n"), (),
             ("no source_id column",)),
            (self.write("unknown.csv", "source_id,given,shoe_size\nS,A,4\n"),
             (), ("column 3 (shoe_size)", "--map")),
            (self.write("open.csv", "source_id,given\nS1,\"open\n"), (),
             ("never closes",)),
            (wide, (), ("more than 200 columns",)),
            (self.write("cut.xlsx", b"PK\x03\x04 not really"), (),
             ("not a complete xlsx",)),
            (self.write("people.txt", "x"), (), (".csv nor .xlsx",)),
        ]
        for path, extra, mention in cases:
            with self.subTest(file=os.path.basename(path)):
                self.import_fails("persons", path, *extra, db=db,
                                  mention=mention)
        r = self.run_t("import", "persons", wide, "--encoding", "latin-1",
                       db=db, user="sup.a")
        self.assertEqual(r.code, 2, r.describe())

    def test_encodings_and_map(self):
        db = self.fresh_base()
        text = "id,Name,Family name\nW1,نور,الحسناوي\n"
        mapping = self.write("map.json", json.dumps(
            {"id": "source_id", "Name": "given", "Family name": "family"}))
        for enc, arg in (("cp1256", "windows-1256"), ("utf-16", "utf-16")):
            with self.subTest(encoding=enc):
                p = self.write("w-%s.csv" % enc, text, encoding=enc)
                self.import_fails("persons", p, "--map", mapping, db=db,
                                  mention=("--encoding",))
                rep = self.ok_json("import", "persons", p, "--map", mapping,
                                   "--encoding", arg, db=db, user="sup.a")
                self.assertEqual(rep["added"], 1)
                pid = rep["ids"]["first"]
                names = db_opened(db, "SELECT given, family FROM "
                                  "person_names WHERE person_id = ?",
                                  ("person_names.given",
                                   "person_names.family"), (pid,))
                self.assertEqual(names, [("نور", "الحسناوي")])
        bad = self.write("badmap.json", json.dumps({"Name": "givenname"}))
        p = self.write("m.csv", text)
        self.import_fails("persons", p, "--map", bad, db=db,
                          mention=("givenname",))

    def test_export_and_round_trip(self):
        db = self.fresh_base()
        csv = self.write("people.csv", self.PERSONS)
        self.ok("import", "persons", csv, db=db, user="sup.a")
        # Names come back as written, in their script.
        out = self.ok("export", "persons", db=db, user="sup.a").out
        rows = list(csv_module.DictReader(out.splitlines()))
        by_family = {r["family"]: r for r in rows}
        self.assertEqual(by_family["الحسناوي"]["given"], "نور")
        self.assertEqual(by_family["Petrova, née Ivanova"]["given"],
                         'Anna "Ann"')
        self.assertEqual(by_family["عەلی"]["nationalities"], "IQ;SY")
        # An XLSX export imports into another store as it is.
        xlsx = self.path("persons.xlsx")
        self.ok("export", "persons", "--out", xlsx, db=db, user="sup.a")
        with zipfile.ZipFile(xlsx) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode()
        self.assertIn('state="frozen"', sheet)
        other = self.fresh_base()
        rep = self.ok_json("import", "persons", xlsx, db=other,
                           user="sup.b")
        self.assertEqual(rep["added"], len(rows))
        names = {g for (g,) in db_opened(other, "SELECT given FROM "
                                         "person_names",
                                         ("person_names.given",))}
        self.assertTrue({"نور", "کاروان", 'Anna "Ann"'} <= names, names)
        self.assertEqual(self.imports(db, "export.persons")[0]["rows"],
                         len(rows))
        # Cases, steps and referrals export too; a BOM on request.
        ref = self.ok("case", "open", "--kind", "tip", "--title",
                      "عرض عمل وهمي", db=db, user="inv.a").out.strip()
        cases = self.ok("export", "cases", "--bom", db=db,
                        user="sup.a").out
        self.assertTrue(cases.startswith("\ufeffsource_id,"))
        self.assertIn("عرض عمل وهمي", cases)
        # Enough cases for the steps to outgrow one scratch arena.
        for i in range(8):
            self.ok("case", "open", "--kind", "som", "--title",
                    "Boat %d" % i, db=db, user="inv.a")
        steps = self.ok("export", "steps", db=db, user="sup.a").out
        self.assertIn(ref, steps)
        self.assertGreater(len(steps.splitlines()), 300)
        self.ok("export", "referrals", "--format", "xlsx", "--out",
                self.path("r.xlsx"), db=db, user="sup.a")

    def test_cases_import(self):
        db = self.fresh_base()
        self.ok("import", "persons", self.write("p.csv", self.PERSONS),
                db=db, user="sup.a")
        cases = self.write("cases.csv",
                           "source_id,kind,title,summary,people\n"
                           "C1,tip,عرض عمل وهمي,\"Two\nlines\","
                           "S1:presumed_victim;S2:suspect\n"
                           "C2,som,Smuggling by boat,,S3:smuggled_migrant\n")
        rep = self.ok_json("import", "cases", cases, db=db, user="sup.a")
        self.assertEqual(rep["added"], 2)
        v = self.show_case(rep["refs"]["first"], user="sup.a", db=db)
        self.assertEqual(sorted(p["role"] for p in v["people"]),
                         ["presumed_victim", "suspect"])
        again = self.ok_json("import", "cases", cases, db=db, user="sup.a")
        self.assertEqual((again["added"], again["already"]), (0, 2))
        bad = self.write("badcases.csv", "source_id,kind,title,people\n"
                         "C9,tip,A case,S77:victim\n")
        self.import_fails("cases", bad, db=db,
                          mention=("column 4 (people)", "S77"))

    def test_permissions(self):
        db = self.fresh_base()
        csv = self.write("p.csv", self.PERSONS)
        for user in ("inv.a", "ana.a", "admin1"):
            with self.subTest(user=user):
                self.fails_cleanly("import", "persons", csv, db=db,
                                   user=user)
                self.fails_cleanly("export", "persons", db=db, user=user)
        # Another agency's supervisor sees none of these persons.
        self.ok("import", "persons", csv, db=db, user="sup.a")
        out = self.ok("export", "persons", db=db, user="sup.b").out
        self.assertNotIn("نور", out)


class TestProviders(TipsomCase):

    ADD = ("provider", "add", "--code", "ERB-WOMEN-SHELTER", "--name",
           "ماڵی پاراستنی ئافرەتان", "--region", "Erbil", "--service",
           "shelter", "--service", "psychosocial", "--accepts", "women",
           "--accepts", "children", "--language", "ckb", "--language", "ar",
           "--capacity", "24", "--agency", AGENCY_C)

    def test_add_show_update_list(self):
        db = self.fresh_base()
        r = self.ok(*self.ADD, db=db, user="sup.a")
        self.assertEqual(r.out.strip(), "ERB-WOMEN-SHELTER")
        p = self.ok_json("provider", "show", "ERB-WOMEN-SHELTER", db=db,
                         user="cw.a")
        self.assertEqual((p["name"], p["capacity"], p["agency"],
                          p["services"], p["version"]),
                         ("ماڵی پاراستنی ئافرەتان", 24, AGENCY_C,
                          ["shelter", "psychosocial"], 1))
        r = self.ok("provider", "show", "ERB-WOMEN-SHELTER", db=db,
                    user="cw.a")
        self.assertIn("accepts:   children, women", r.out)
        p = self.ok_json("provider", "update", "ERB-WOMEN-SHELTER",
                         "--version", "1", "--capacity", "none", "--contact",
                         "+964 750 000 0000", db=db, user="admin1")
        self.assertEqual((p["capacity"], p["contact"], p["version"],
                          p["region"]), (None, "+964 750 000 0000", 2,
                                         "Erbil"))
        self.fails_cleanly("provider", "update", "ERB-WOMEN-SHELTER",
                           "--version", "1", "--inactive", db=db,
                           user="sup.a", mention=("changed meanwhile",))
        self.ok("provider", "update", "ERB-WOMEN-SHELTER", "--version", "2",
                "--inactive", db=db, user="sup.a")
        self.assertEqual(self.ok_json("provider", "list", db=db,
                                      user="inv.a"), [])
        listed = self.ok_json("provider", "list", "--all", "--accepts",
                              "children", db=db, user="inv.a")
        self.assertEqual([x["code"] for x in listed], ["ERB-WOMEN-SHELTER"])
        actions = [a for (a,) in db_query(db, "SELECT action FROM audit "
                                          "WHERE object_id = ?",
                                          ("ERB-WOMEN-SHELTER",))]
        self.assertEqual(actions, ["provider.add", "provider.update",
                                   "provider.update"])

    def test_refused(self):
        def without(option):
            args = list(self.ADD)
            i = args.index(option)
            del args[i:i + 2]
            return args
        db = self.fresh_base()
        for u in ("inv.a", "cw.a", "ana.a", "tee.a"):
            self.fails_cleanly(*self.ADD, db=db, user=u)
        self.fails_cleanly(*(self.ADD + ("--capacity", "-4")), db=db,
                           user="sup.a", code=2)
        self.fails_cleanly(*(self.ADD + ("--service", "spa")), db=db,
                           user="sup.a", mention=("spa",))
        self.fails_cleanly(*(self.ADD[:3] + ("erb-shelter",) +
                             self.ADD[4:]), db=db, user="sup.a",
                           mention=("erb-shelter",))
        self.fails_cleanly(*(self.ADD[:-1] + ("NO-SUCH",)), db=db,
                           user="sup.a", mention=("NO-SUCH",))
        self.fails_cleanly(*without("--region"), db=db, user="sup.a",
                           code=2)
        self.fails_cleanly("provider", "show", "NO-SUCH", db=db,
                           user="inv.a", mention=("NO-SUCH",))
        self.fails_cleanly("provider", "list", "--service", "spa", db=db,
                           user="inv.a", mention=("spa",))
        self.fails_cleanly("provider", "update", "NO-SUCH", "--version",
                           "1", db=db, user="sup.a", mention=("NO-SUCH",))
        self.fails_cleanly("provider", "update", "X", db=db, user="sup.a",
                           code=2)  # no --version


class TestReferrals(TipsomCase):

    def test_refer_answer_withdraw(self):
        db = self.fresh_base()
        self.ok("provider", "add", "--code", "B-SHELTER", "--name",
                "Shelter of B", "--region", "Baghdad", "--service",
                "shelter", "--accepts", "women", "--agency", AGENCY_B,
                db=db, user="sup.a")
        ref = self.open_case(db=db)
        pid = self.add_person("--given", "نور", "--family", "حميد",
                              "--sex", "female", "--contact",
                              "phone:+964 750 555 0100", db=db)
        self.ok("case", "add-person", ref, pid, "--role", "victim", db=db,
                user="inv.a")
        make = ("referral", "make", ref, pid, "--provider", "B-SHELTER",
                "--service", "shelter", "--needs", "Safe housing",
                "--explained", "The shelter, and what it will know",
                "--language", "ar", "--scope", "identity", "--scope",
                "needs", "--given-on", "2026-01-10")
        self.fails_cleanly(*(make + ("--share", "contact")), db=db,
                           user="cw.a", mention=("beyond",))
        self.fails_cleanly(*make[:-2], db=db, user="cw.a", code=2)
        self.fails_cleanly(*make, db=db, user="pros.a")
        rid = self.ok(*make, db=db, user="cw.a").out.strip()
        # Proposed: the provider does not see it yet.
        self.fails_cleanly("referral", "show", rid, db=db, user="sup.b",
                           mention=("not found",))
        self.ok("referral", "move", rid, "sent", db=db, user="cw.a")
        seen = self.ok_json("referral", "show", rid, db=db, user="sup.b")
        self.assertEqual((seen["name"], seen["needs"]),
                         ("نور حميد", "Safe housing"))
        self.assertNotIn("contacts", seen)
        self.assertNotIn("consent", seen)
        inbox = self.ok_json("referral", "list", "--in", db=db, user="sup.b")
        self.assertEqual([x["id"] for x in inbox], [int(rid)])
        self.fails_cleanly("referral", "move", rid, "declined", db=db,
                           user="sup.b", mention=("reason",))
        self.fails_cleanly("referral", "move", rid, "accepted", db=db,
                           user="cw.a", mention=("only the provider",))
        self.ok("referral", "move", rid, "accepted", db=db, user="sup.b")
        self.ok("referral", "withdraw-consent", rid, "--reason",
                "She asked to stop", db=db, user="cw.a")
        seen = self.ok_json("referral", "show", rid, db=db, user="sup.b")
        self.assertEqual((seen["status"], seen["open"]), ("withdrawn", False))
        self.assertNotIn("name", seen)
        whole = self.ok_json("referral", "show", rid, db=db, user="cw.a")
        self.assertEqual([e["status"] for e in whole["history"]],
                         ["proposed", "sent", "accepted", "withdrawn"])
        self.fails_cleanly("referral", "show", "x", db=db, user="cw.a",
                           code=2)
        self.fails_cleanly("referral", "list", "--status", "lost", db=db,
                           user="cw.a", mention=("lost",))


class TestCooperation(TipsomCase):

    @staticmethod
    def day(days):
        return (datetime.datetime.now(datetime.timezone.utc).date()
                + datetime.timedelta(days=days)).isoformat()

    def test_add_follow_up_move_show(self):
        db = self.fresh_base()
        ref = self.open_case(db=db)
        add = ("cooperation", "add", ref, "--kind", "mla", "--country", "tr",
               "--authority", "Ministry of Justice of Türkiye",
               "--legal-basis", "UNTOC art. 18", "--subject",
               "Bank records of the recruiter's account", "--our-ref",
               "KRI/MLA/2026/14", "--sent-on", self.day(-40), "--due-on",
               self.day(-10))
        rid = self.ok(*add, db=db, user="inv.a").out.strip()
        self.assertRegex(rid, r"^[1-9][0-9]*$")
        due = self.ok_json("cooperation", "list", "--due", db=db,
                           user="pros.a")
        self.assertEqual([(x["id"], x["country"], x["due"]) for x in due],
                         [(int(rid), "TR", True)])
        line = self.ok("cooperation", "list", db=db, user="cw.a").out
        self.assertIn("follow up", line)
        self.ok("cooperation", "follow-up", rid, "--channel",
                "diplomatic_note", "--note", "Reminder through the embassy",
                "--next", self.day(7), db=db, user="sup.a")
        self.assertEqual(self.ok_json("cooperation", "list", "--due", db=db,
                                      user="inv.a"), [])
        self.fails_cleanly("cooperation", "move", rid, "refused", db=db,
                           user="inv.a", mention=("reason",))
        self.fails_cleanly("cooperation", "move", rid, "acknowledged",
                           "--version", "1", db=db, user="inv.a",
                           mention=("changed meanwhile",))
        moved = self.ok_json("cooperation", "move", rid, "acknowledged",
                             "--on", self.day(-30), "--version", "2",
                             db=db, user="pros.a")
        self.assertEqual((moved["status"], moved["version"]),
                         ("acknowledged", 3))
        self.ok("cooperation", "move", rid, "answered", db=db, user="inv.a")
        v = self.ok_json("cooperation", "show", rid, db=db, user="cw.a")
        self.assertEqual([(h["kind"], h["status"]) for h in v["history"]],
                         [("status", "sent"), ("follow_up", "sent"),
                          ("status", "acknowledged"), ("status", "answered")])
        self.assertEqual((v["answered_on"], v["next_follow_up"], v["due"]),
                         (self.day(0), None, False))
        text = self.ok("cooperation", "show", rid, db=db, user="cw.a").out
        self.assertIn("legal basis:  UNTOC art. 18", text)
        self.assertIn("by diplomatic_note: Reminder through the embassy",
                      text)
        actions = [a for (a,) in db_query(db, "SELECT action FROM audit "
                                          "WHERE action LIKE 'cooperation.%' "
                                          "ORDER BY seq")]
        self.assertEqual(actions, ["cooperation.create",
                                   "cooperation.follow_up",
                                   "cooperation.move", "cooperation.move"])

    def test_refused(self):
        db = self.fresh_base()
        ref = self.open_case(db=db)
        add = ["cooperation", "add", ref, "--kind", "extradition",
               "--country", "IR", "--authority", "Judiciary",
               "--legal-basis", "Bilateral treaty 2011", "--subject",
               "Surrender of the suspect"]

        def but(option, value):
            args = list(add)
            args[args.index(option) + 1] = value
            return args
        self.fails_cleanly(*but("--country", "Iran"), db=db, user="inv.a",
                           mention=("Iran", "ISO 3166"))
        self.fails_cleanly(*but("--kind", "rogatory"), db=db, user="inv.a",
                           mention=("rogatory",))
        self.fails_cleanly(*but("--legal-basis", " "), db=db, user="inv.a",
                           mention=("legal_basis",))
        self.fails_cleanly(*(add + ["--sent-on", self.day(1)]), db=db,
                           user="inv.a", mention=("future",))
        self.fails_cleanly(*(add + ["--sent-on", self.day(-3), "--due-on",
                                    self.day(-4)]), db=db, user="inv.a",
                           mention=("due_on", "before"))
        self.fails_cleanly(*(add + ["--direction", "incoming"]), db=db,
                           user="inv.a", mention=("sent_on",))
        self.fails_cleanly(*add, db=db, user="cw.a",
                           mention=("cooperation.manage",))
        self.fails_cleanly(*add, db=db, user="inv.b", mention=("not found",))
        self.fails_cleanly(*add[:3], db=db, user="inv.a", code=2)
        rid = self.ok(*add, db=db, user="pros.a").out.strip()
        self.fails_cleanly("cooperation", "follow-up", rid, "--channel",
                           "email", db=db, user="inv.a",
                           mention=("draft", "waiting"))
        self.fails_cleanly("cooperation", "follow-up", rid, db=db,
                           user="inv.a", code=2)
        self.fails_cleanly("cooperation", "show", rid, db=db, user="inv.b",
                           mention=("not found",))
        self.fails_cleanly("cooperation", "show", "x", db=db, user="inv.a",
                           code=2)
        self.fails_cleanly("cooperation", "move", rid, "answered", db=db,
                           user="inv.a", mention=("draft", "answered"))
        self.fails_cleanly("cooperation", "list", "--due", "--status",
                           "lost", db=db, user="inv.a", mention=("lost",))


class TestIntake(TipsomCase):
    """tipsom intake: a Migrant Resource Centre's caseworker reports to
    agency A, whose supervisors and investigators triage the report."""

    def mrc_store(self):
        db = self.fresh_base()
        self.ok("agency", "add", "--code", "KRI-MRC", "--name",
                "Migrant Resource Centre, Erbil", "--kind",
                "migrant_resource_centre", db=db, user="admin1")
        self.ok("user", "add", "--agency", "KRI-MRC", "--username", "mrc.a",
                "--role", "caseworker", db=db, user="admin1",
                stdin=PASSWORD + "\n")
        return db

    REPORT = ("intake", "report", "--to", AGENCY_A, "--what",
              "Two women kept in a flat, their passports taken",
              "--where", "Ankawa, behind the bakery", "--when", "since March",
              "--people", "2", "--children", "no", "--contact",
              "+964 750 123 4567", "--safe-times", "mornings", "--urgent",
              "--suspected", "trafficking")

    def test_report_triage_and_what_each_sees(self):
        db = self.mrc_store()
        r = self.ok(*self.REPORT, db=db, user="mrc.a")
        ref = r.out.strip()
        self.assertRegex(ref, r"^RPT-\d{4}-\d{5}$")
        self.assertEqual(r.err.strip(), "")
        # The reporter: where it stands, never the case.
        mine = self.ok_json("intake", "show", ref, db=db, user="mrc.a")
        self.assertEqual((mine["report"]["status"], mine["report"]["case"],
                          mine["details"]), ("received", None, None))
        self.assertNotIn(AGENCY_A + "-", self.ok("intake", "show", ref,
                                                  db=db, user="mrc.a").out)
        # The receiving agency: urgent first, the case opened and due.
        urgent = self.ok_json("intake", "list", "--urgent", db=db,
                              user="sup.a")
        self.assertEqual([x["ref"] for x in urgent], [ref])
        case = urgent[0]["case"]
        self.assertIn("URGENT", self.ok("intake", "list", db=db,
                                        user="inv.a").out)
        steps = self.ok_json("case", "steps", case, db=db, user="inv.a")
        safety = [s for s in steps["steps"]
                  if s["id"] == "ensure_immediate_safety"][0]
        self.assertEqual(safety["state"], "ready")
        self.fails("case", "show", case, db=db, user="mrc.a",
                   mention=("not found",))
        self.fails("intake", "show", ref, db=db, user="inv.b",
                   mention=("not found",))
        text = self.ok("intake", "show", ref, db=db, user="inv.a").out
        self.assertIn("Ankawa, behind the bakery", text)
        self.assertIn("+964 750 123 4567", text)
        # Acknowledged once, by whom and when.
        self.fails_cleanly("intake", "ack", ref, db=db, user="cw.a",
                           mention=("intake.triage",))
        self.ok("intake", "ack", ref, db=db, user="inv.a")
        self.fails_cleanly("intake", "ack", ref, db=db, user="sup.a",
                           mention=("already", "inv.a"))
        self.assertEqual(self.ok_json("intake", "list", "--urgent", db=db,
                                      user="sup.a"), [])
        sent = self.ok_json("intake", "list", "--sent", db=db, user="mrc.a")
        self.assertEqual([(x["ref"], x["status"]) for x in sent],
                         [(ref, "acknowledged")])
        audit = db_query(db, "SELECT action, object_id FROM audit WHERE "
                         "action LIKE 'intake.%' ORDER BY seq")
        self.assertEqual(audit, [("intake.report", ref),
                                 ("intake.acknowledge", ref)])

    def test_anonymous_link_unlink(self):
        db = self.mrc_store()
        r = self.ok("intake", "report", "--to", AGENCY_A, "--what",
                    "A smuggler gathers young men at the bus station",
                    db=db, user="mrc.a")
        first = r.out.strip()
        self.assertIn("anonymous", r.err)
        second = self.ok(*self.REPORT, db=db, user="mrc.a").out.strip()
        self.assertTrue(self.ok_json("intake", "show", first, db=db,
                                     user="mrc.a")["report"]["anonymous"])
        linked = self.ok_json("intake", "link", first, second, db=db,
                              user="sup.a")
        self.assertEqual([x["ref"] for x in linked["links"]], [second])
        other = self.ok_json("intake", "show", second, db=db, user="inv.a")
        self.assertEqual([x["ref"] for x in other["links"]], [first])
        self.fails_cleanly("intake", "link", second, first, db=db,
                           user="inv.a", mention=("linked already",))
        self.fails_cleanly("intake", "link", first, first, db=db,
                           user="inv.a", mention=("itself",))
        self.ok("intake", "unlink", second, first, db=db, user="inv.a")
        self.fails_cleanly("intake", "unlink", first, second, db=db,
                           user="inv.a", mention=("not linked",))
        self.assertEqual(self.ok_json("intake", "show", first, db=db,
                                      user="inv.a")["links"], [])

    def test_refused(self):
        db = self.mrc_store()
        for args, needles in [
                (("--what", "x"), ("to", AGENCY_A, AGENCY_B)),
                (("--to", AGENCY_C, "--what", "x"), ("shelter", AGENCY_A)),
                (("--to", "NO-SUCH", "--what", "x"), ("no-such",)),
                (("--to", AGENCY_A, "--what", "  "), ("what",)),
                (("--to", AGENCY_A, "--what", "x", "--people", "0"),
                 ("people",)),
                (("--to", AGENCY_A, "--what", "x", "--children", "some"),
                 ("children",)),
                (("--to", AGENCY_A, "--what", "x", "--suspected", "fraud"),
                 ("suspected",)),
                (("--to", AGENCY_A, "--what", "x", "--when", "2999-01-01"),
                 ("future",))]:
            with self.subTest(args=args):
                self.fails_cleanly("intake", "report", *args, db=db,
                                   user="mrc.a", mention=needles)
        self.fails_cleanly("intake", "report", "--to", AGENCY_A, db=db,
                           user="mrc.a", code=2, mention=("--what",))
        self.fails_cleanly("intake", "report", "--to", AGENCY_A, "--what",
                           "x", db=db, user="ana.a", mention=("analyst",))
        for cmd in (("show", "RPT-2026-99999"), ("ack", "RPT-2026-99999"),
                    ("link", "RPT-2026-99999", "RPT-2026-99998")):
            with self.subTest(cmd=cmd):
                self.fails_cleanly("intake", *cmd, db=db, user="inv.a",
                                   mention=("not found",))
        self.fails_cleanly("intake", "list", db=db, user="mrc.a",
                           mention=("intake.triage",))


class TestLinks(TipsomCase):
    """tipsom links: identifiers, call records and the network."""

    CALLS = ("caller,callee,time,duration\n"
             "+963 900 000 002,0750 333 4444,2026-03-01T10:15:00+03:00,124\n"
             "0750 333 4444,00963900000002,2026-03-02T08:00:00Z,30\n")

    def write(self, text):
        path = self.path("calls.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_add_list_network_export(self):
        db = self.fresh_base()
        ref = self.open_case(db=db)
        other = self.open_case(db=db, title="Another case")
        pid = self.add_person("--given", "Maher", db=db)
        self.ok("case", "add-person", ref, pid, "--role", "suspect", db=db,
                user="inv.a")
        lid = self.ok("links", "add", ref, "--person", pid, "--kind", "phone",
                      "--value", "+963 900 000 002", db=db,
                      user="inv.a").out.strip()
        self.assertRegex(lid, r"^[1-9][0-9]*$")
        self.ok("links", "add", other, "--kind", "phone", "--value",
                "00963-900-000-002", "--note", "On a receipt", db=db,
                user="inv.a")
        listed = self.ok_json("links", "list", ref, db=db, user="cw.a")
        self.assertEqual([(x["kind"], x["value"], x["person"]) for x in
                          listed], [("phone", "+963900000002", int(pid))])
        text = self.ok("links", "list", "--person", pid, db=db,
                       user="inv.a").out
        self.assertIn("+963900000002", text)
        net = self.ok_json("links", "network", ref, "--depth", "1", db=db,
                           user="inv.a")
        ids = {n["id"] for n in net["nodes"]}
        self.assertIn("case:" + other, ids)
        self.assertIn("person:" + pid, ids)
        from_person = self.ok_json("links", "network", pid, db=db,
                                   user="inv.a")
        self.assertEqual(from_person["start"], "person:" + pid)
        text = self.ok("links", "network", ref, db=db, user="inv.a").out
        self.assertIn("case:" + other, text)
        graphml = self.ok("links", "export", ref, "--format", "graphml",
                          db=db, user="inv.a").out
        root = ET.fromstring(graphml)
        self.assertTrue(root.tag.endswith("graphml"))
        js = self.ok("links", "export", ref, "--format", "json", db=db,
                     user="inv.a").json()
        whole = self.ok_json("links", "network", ref, db=db, user="inv.a")
        self.assertEqual((js["depth"], js["nodes"], js["edges"]),
                         (2, whole["nodes"], whole["edges"]))
        self.assertEqual(len(root.findall(
            "{http://graphml.graphdrawing.org/xmlns}graph/"
            "{http://graphml.graphdrawing.org/xmlns}node")),
            len(whole["nodes"]))
        self.ok("links", "remove", lid, db=db, user="inv.a")
        self.assertEqual(self.ok_json("links", "list", ref, db=db,
                                      user="inv.a"), [])
        actions = [a for (a,) in db_query(db, "SELECT action FROM audit "
                                          "WHERE action LIKE 'links.%' "
                                          "ORDER BY seq")]
        self.assertEqual(actions, ["links.add", "links.add",
                                   "links.remove"])

    def test_import_calls(self):
        db = self.fresh_base()
        ref = self.open_case(db=db)
        bad = self.write(self.CALLS + "0750 333 4444,0750 111 2222,"
                         "2026-03-03 08:00,5\n")
        self.fails_cleanly("links", "import-calls", ref, bad, db=db,
                           user="inv.a", mention=("line 4", "time",
                                                  "offset"))
        self.fails_cleanly("links", "import-calls", ref,
                           self.write("caller,callee\n"), db=db,
                           user="inv.a", mention=("line 1", "header"))
        self.fails_cleanly("links", "import-calls", ref,
                           self.path("missing.csv"), db=db, user="inv.a",
                           mention=("missing.csv",))
        good = self.write(self.CALLS)
        out = self.ok("links", "import-calls", ref, good, db=db,
                      user="inv.a").out
        self.assertIn("2 calls, 2 numbers", out)
        self.fails_cleanly("links", "import-calls", ref, good, db=db,
                           user="inv.a", mention=("already",))
        self.fails_cleanly("links", "import-calls", ref, good, db=db,
                           user="inv.b", mention=("not found",))
        net = self.ok_json("links", "network", ref, db=db, user="inv.a")
        self.assertEqual(sorted(e["seconds"] for e in net["edges"]
                                if e["kind"] == "call"), [30, 124])

    def test_refused(self):
        db = self.fresh_base()
        ref = self.open_case(db=db)
        add = ["links", "add", ref, "--kind", "phone", "--value",
               "0750 111 2222"]
        self.fails_cleanly("links", "add", ref, "--kind", "phone",
                           "--value", "750 111 2222", db=db, user="inv.a",
                           mention=("value", "trunk"))
        self.fails_cleanly("links", "add", ref, "--kind", "pager",
                           "--value", "1", db=db, user="inv.a",
                           mention=("pager",))
        self.fails_cleanly(*add, db=db, user="inv.b", mention=("not found",))
        self.fails_cleanly(*add, db=db, user="pros.a",
                           mention=("case.edit",))
        self.fails_cleanly("links", "add", "--kind", "phone", "--value",
                           "0750 111 2222", db=db, user="inv.a", code=2)
        self.ok(*add, db=db, user="inv.a")
        self.fails_cleanly(*add[:-1] + ["+964 750 111 2222"], db=db,
                           user="inv.a", mention=("already",))
        self.fails_cleanly("links", "network", ref, "--depth", "4", db=db,
                           user="inv.a", mention=("depth",))
        self.fails_cleanly("links", "export", ref, "--format", "csv", db=db,
                           user="inv.a", code=2)
        self.fails_cleanly("links", "remove", "999", db=db, user="inv.a",
                           mention=("not found",))


# ==========================================================================
# Who may do what
# ==========================================================================

class TestPermissions(TipsomCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ref_a = tipsom("case", "open", "--kind", "tip", "--title",
                           "Case of agency A", db=cls.db,
                           user="inv.a").out.strip()
        cls.ref_b = tipsom("case", "open", "--kind", "som", "--title",
                           "Case of agency B", db=cls.db,
                           user="inv.b").out.strip()
        cls.pid_a = tipsom("person", "add", "--given", "Layla", "--family",
                           "Testperson", db=cls.db,
                           user="inv.a").out.strip()

    def test_fixture(self):
        self.assertRegex(self.ref_a, "^%s-" % AGENCY_A)
        self.assertRegex(self.ref_b, "^%s-" % AGENCY_B)
        self.assertRegex(self.pid_a, r"^\d+$")

    def test_case_roles_open_and_add_persons(self):
        for u in ("sup.a", "inv.a", "cw.a"):
            ref = self.open_case(user=u, title="Opened by " + u)
            self.assertTrue(ref.startswith(AGENCY_A + "-"))
            pid = self.add_person("--given", "Person of " + u, user=u)
            self.ok("case", "add-person", ref, pid, "--role", "victim",
                    user=u)
            self.ok("case", "note", ref, "note by " + u, user=u)
            self.ok("case", "show", ref, user=u)

    def test_admin_cannot_work_cases(self):
        self.fails_cleanly("case", "open", "--title", "x", user="admin1",
                           mention=("admin",))
        self.fails_cleanly("case", "list", user="admin1", mention=("admin",))
        self.fails_cleanly("case", "show", self.ref_a, user="admin1")
        self.fails_cleanly("case", "note", self.ref_a, "hello",
                           user="admin1")
        self.fails_cleanly("person", "add", "--given", "X", user="admin1")
        self.fails_cleanly("person", "show", self.pid_a, user="admin1")

    def test_no_case_roles(self):
        for u, role in (("ana.a", "analyst"), ("trn.a", "trainer"),
                        ("tee.a", "trainee")):
            self.fails_cleanly("case", "open", "--title", "x", user=u,
                               mention=(role,))
            self.fails_cleanly("case", "list", user=u, mention=(role,))
            self.fails_cleanly("person", "add", "--given", "X", user=u,
                               mention=(role,))
            self.fails_cleanly("case", "show", self.ref_a, user=u)
            self.fails_cleanly("case", "note", self.ref_a, "x", user=u)
            self.fails_cleanly("case", "close", self.ref_a, "--reason", "x",
                               user=u)
            self.fails_cleanly("person", "show", self.pid_a, user=u)
            self.fails_cleanly("case", "add-person", self.ref_a, self.pid_a,
                               "--role", "victim", user=u)

    def test_prosecutor_reads_and_notes(self):
        self.fails_cleanly("case", "open", "--title", "x", user="pros.a",
                           mention=("prosecutor",))
        self.fails_cleanly("person", "add", "--given", "X", user="pros.a",
                           mention=("prosecutor",))
        self.fails_cleanly("case", "add-person", self.ref_a, self.pid_a,
                           "--role", "witness", user="pros.a")
        self.fails_cleanly("case", "close", self.ref_a, "--reason", "x",
                           user="pros.a")
        v = self.show_case(self.ref_a, user="pros.a")
        self.assertEqual(v["case"]["ref"], self.ref_a)
        refs = [c["ref"] for c in self.ok_json("case", "list",
                                               user="pros.a")]
        self.assertIn(self.ref_a, refs)
        self.ok("case", "note", self.ref_a, "مذكرة من الادعاء العام",
                user="pros.a")
        v = self.show_case(self.ref_a, user="pros.a")
        self.assertIn("مذكرة من الادعاء العام",
                      [n["text"] for n in v["notes"]])

    def test_other_agency_is_not_found(self):
        def not_found(*args, user="inv.a"):
            r = self.fails_cleanly(*args, user=user, mention=("not found",))
            for word in ("forbidden", "permission", "may not", "not allowed"):
                self.assertNotIn(word, r.err.lower(), r.describe())
        not_found("case", "show", self.ref_b)
        not_found("case", "note", self.ref_b, "hello")
        not_found("case", "close", self.ref_b, "--reason", "done")
        not_found("case", "add-person", self.ref_b, self.pid_a, "--role",
                  "victim")
        not_found("case", "show", self.ref_b, user="pros.a")
        not_found("case", "show", self.ref_a, user="inv.b")
        not_found("case", "show", self.ref_a, user="sup.b")
        not_found("person", "show", self.pid_a, user="inv.b")
        # Agency B cannot put agency A's person in its case.
        not_found("case", "add-person", self.ref_b, self.pid_a, "--role",
                  "victim", user="inv.b")
        refs = [c["ref"] for c in self.ok_json("case", "list", user="inv.a")]
        self.assertIn(self.ref_a, refs)
        self.assertNotIn(self.ref_b, refs)

    def test_searching_the_case_list(self):
        ref = self.ok("case", "open", "--kind", "tip", "--title",
                      "Fishing boat crew 50%_off", "--lead", "sup.a",
                      user="inv.a").out.strip()

        def refs(*args, user="inv.a"):
            return [c["ref"] for c in self.ok_json("case", "list", *args,
                                                   user=user)]
        self.assertEqual(refs("--search", "boat crew 50%_off"), [ref])
        self.assertEqual(refs("--search", "BOAT CREW"), [ref])
        self.assertEqual(refs("--search", "50__off"), [])
        self.assertNotIn(ref, refs("--mine"))
        self.assertIn(ref, refs("--mine", user="sup.a"))
        self.assertEqual(refs("--search", "boat crew", user="inv.b"), [])
        self.assertNotIn(ref, refs("--shared", user="inv.b"))
        self.fails_cleanly("case", "list", "--search", "x" * 201,
                           user="inv.a", mention=("longer than 200",))

    def test_sharing_a_case(self):
        ref = self.ok("case", "open", "--kind", "tip", "--title",
                      "Case shared with agency B", user="inv.a").out.strip()
        self.fails_cleanly("case", "show", ref, user="inv.b",
                           mention=("not found",))
        self.fails_cleanly("case", "share", ref, "--agency", AGENCY_B,
                           "--scope", "whole", "--reason", "joint work",
                           user="inv.a",
                           mention=("case.share",))
        self.fails_cleanly("case", "share", ref, "--agency", AGENCY_A,
                           "--scope", "whole", "--reason", "own",
                           user="sup.a",
                           mention=("another agency",))
        self.fails_cleanly("case", "share", ref, "--agency", AGENCY_B,
                           "--scope", "whole", "--reason", "old",
                           "--until", "2001-01-01",
                           user="sup.a", mention=("past",))
        self.fails_cleanly("case", "share", ref, "--agency", AGENCY_B,
                           "--reason", "joint work", user="sup.a", code=2,
                           mention=("--scope",))
        self.fails_cleanly("case", "share", ref, "--agency", AGENCY_B,
                           "--scope", "everything", "--reason", "joint work",
                           user="sup.a", mention=("scope", "assistance"))
        out = self.ok("case", "share", ref, "--agency", AGENCY_B,
                      "--scope", "whole", "--reason", "joint work",
                      "--until", "2099-01-31", user="sup.a").out
        self.assertIn("shared with %s, whole case" % AGENCY_B, out)
        self.fails_cleanly("case", "share", ref, "--agency", AGENCY_B,
                           "--scope", "whole", "--reason", "again",
                           user="sup.a",
                           mention=("already shared",))
        # Agency B reads it, lists it, and may not change it.
        self.assertEqual(self.show_case(ref, user="inv.b")["case"]["ref"],
                         ref)
        refs = [c["ref"] for c in self.ok_json("case", "list",
                                               user="inv.b")]
        self.assertIn(ref, refs)
        self.fails_cleanly("case", "note", ref, "from B", user="inv.b",
                           mention=("shared with your agency",))
        shares = self.ok_json("case", "shares", ref, user="inv.b")
        self.assertEqual([(x["agency"], x["state"], x["until"])
                          for x in shares],
                         [(AGENCY_B, "live", "2099-01-31")])
        self.fails_cleanly("case", "unshare", ref, "x", "--reason", "r",
                           user="sup.a", mention=("not a share number",))
        self.fails_cleanly("case", "unshare", ref, "999", "--reason", "r",
                           user="sup.a", mention=("no share 999",))
        out = self.ok("case", "unshare", ref, str(shares[0]["id"]),
                      "--reason", "work done", user="sup.a").out
        self.assertIn("revoked", out)
        self.fails_cleanly("case", "show", ref, user="inv.b",
                           mention=("not found",))
        self.assertNotIn(ref, [c["ref"] for c in self.ok_json(
            "case", "list", user="inv.b")])
        self.assertIn("revoked", self.ok("case", "shares", ref,
                                         user="inv.a").out)

    def test_a_narrow_share_and_a_transfer(self):
        ref = self.ok("case", "open", "--kind", "tip", "--title",
                      "Case handed over", user="inv.a").out.strip()
        self.ok("case", "note", ref, "Seized a phone", user="inv.a")
        self.ok("case", "share", ref, "--agency", AGENCY_B, "--scope",
                "assistance", "--reason", "shelter placement", user="sup.a")
        seen = self.show_case(ref, user="inv.b")
        self.assertEqual((seen["sight"], seen["notes"]), ("assistance", []))
        self.fails_cleanly("case", "steps", ref, user="inv.b",
                           mention=("assistance only", AGENCY_A))
        self.assertIn("victim assistance only",
                      self.ok("case", "shares", ref, user="sup.a").out)
        # Handed over: B owns and works it; A keeps what it asked for.
        self.fails_cleanly("case", "transfer", ref, "--agency", AGENCY_B,
                           "--reason", "their region", user="inv.a",
                           mention=("case.share",))
        self.fails_cleanly("case", "transfer", ref, "--agency", AGENCY_B,
                           "--reason", "their region", "--lead", "inv.a",
                           user="sup.a", mention=("cannot lead",))
        out = self.ok("case", "transfer", ref, "--agency", AGENCY_B,
                      "--reason", "their region", "--lead", "inv.b",
                      "--keep", "investigation", user="sup.a").out
        self.assertIn("transferred from %s to %s" % (AGENCY_A, AGENCY_B),
                      out)
        self.ok("case", "note", ref, "Taken over", user="inv.b")
        self.assertEqual(self.show_case(ref, user="inv.a")["sight"],
                         "investigation")
        self.fails_cleanly("case", "note", ref, "x", user="inv.a",
                           mention=("shared with your agency",))
        moves = self.ok_json("case", "transfers", ref, user="inv.b")
        self.assertEqual([(m["from"], m["to"], m["lead"]) for m in moves],
                         [(AGENCY_A, AGENCY_B, "inv.b")])
        # The new owner decides who else reads it: it ends A's share.
        kept = [x for x in self.ok_json("case", "shares", ref, user="sup.b")
                if x["state"] == "live"]
        self.assertEqual([(x["agency"], x["scope"]) for x in kept],
                         [(AGENCY_A, "investigation")])
        self.ok("case", "unshare", ref, str(kept[0]["id"]), "--reason",
                "no longer needed", user="sup.b")
        self.fails_cleanly("case", "show", ref, user="inv.a",
                           mention=("not found",))

    def test_as_and_db_options_on_case_commands(self):
        url = "sqlite:" + self.db
        elsewhere = "sqlite:" + self.path("not-here.db")
        r = tipsom("case", "open", "--as", "inv.a", "--db", url, "--title",
                   "Opened with options", env={"TIPSOM_DB": elsewhere,
                                                "TIPSOM_USER": "ana.a"})
        self.assertEqual(r.code, 0, r.describe())
        ref = r.out.strip()
        self.assertRegex(ref, REF_RE)
        r = tipsom("case", "show", ref, "--json", "--db", url, "--as",
                   "cw.a")
        self.assertEqual(r.code, 0, r.describe())
        self.assertEqual(r.json()["case"]["title"], "Opened with options")
        # --as wins over TIPSOM_USER.
        r = tipsom("case", "list", "--json", "--as", "inv.a", db=self.db,
                   user="ana.a")
        self.assertEqual(r.code, 0, r.describe())
        self.assertIn(ref, [c["ref"] for c in r.json()])

    def test_case_list_other_agency_shows_nothing(self):
        r = self.run_t("case", "list", "--agency", AGENCY_B, "--json",
                       user="inv.a")
        if r.code == 0:
            self.assertNotIn(self.ref_b, r.out)
            self.assertEqual(r.json(), [])
        else:
            self.assertEqual(r.code, 1, r.describe())
            self.assert_error_line(r)

    def test_open_for_another_agency_refused(self):
        self.fails_cleanly("case", "open", "--agency", AGENCY_B, "--title",
                           "x", user="inv.a")
        ref = self.ok("case", "open", "--agency", AGENCY_A, "--title",
                      "own agency named", user="inv.a").out.strip()
        self.assertTrue(ref.startswith(AGENCY_A + "-"))

    def test_lead(self):
        ref = self.ok("case", "open", "--title", "led", "--lead", "sup.a",
                      user="inv.a").out.strip()
        self.assertEqual(self.show_case(ref)["case"]["lead"], "sup.a")
        ref = self.open_case(title="lead by default")
        self.assertEqual(self.show_case(ref)["case"]["lead"], "inv.a")
        # A lead from another agency, or nobody, is refused.
        self.fails_cleanly("case", "open", "--title", "x", "--lead", "inv.b",
                           user="inv.a")
        self.fails_cleanly("case", "open", "--title", "x", "--lead",
                           "no.such.user", user="inv.a")

    def test_audit_log_permissions(self):
        # Admin sees everything.
        rows = self.ok_json("audit", "log", user="admin1")
        self.assertIsInstance(rows, list)
        all_seqs = {s for (s,) in db_query(self.db, "SELECT seq FROM audit")}
        self.assertEqual({r["seq"] for r in rows} - all_seqs, set())
        self.assertGreaterEqual(len(rows), 1)
        # A supervisor sees their agency's rows only.
        rows = self.ok_json("audit", "log", user="sup.b")
        own = {s for (s,) in db_query(
            self.db, "SELECT seq FROM audit WHERE agency_id = ?",
            (self.agency_id(AGENCY_B),))}
        got = {r["seq"] for r in rows}
        self.assertTrue(got, "sup.b sees the open of its case")
        self.assertEqual(got - own, set(), "rows of another agency leaked")
        self.assertNotIn(self.ref_a, json.dumps(rows))
        # --case of another agency is not found for a supervisor.
        self.fails_cleanly("audit", "log", "--case", self.ref_a, user="sup.b")
        # Everybody else is refused.
        for u in ("inv.a", "cw.a", "pros.a", "ana.a", "trn.a", "tee.a"):
            self.fails_cleanly("audit", "log", user=u)

    def test_audit_log_case_and_limit(self):
        ref = self.open_case(title="audit log case")
        self.ok("case", "note", ref, "one", user="inv.a")
        self.ok("case", "note", ref, "two", user="inv.a")
        cid = db_query(self.db, "SELECT id FROM cases WHERE ref = ?",
                       (ref,))[0][0]
        want = {s for (s,) in db_query(
            self.db, "SELECT seq FROM audit WHERE case_id = ?", (cid,))}
        self.assertGreaterEqual(len(want), 3)
        rows = self.ok_json("audit", "log", "--case", ref, user="admin1")
        self.assertEqual({r["seq"] for r in rows}, want)
        actions = sorted(r["action"] for r in rows)
        self.assertIn("case.open", actions)
        self.assertEqual(actions.count("case.note"), 2)
        rows = self.ok_json("audit", "log", "--limit", "2", user="admin1")
        self.assertEqual(len(rows), 2)
        r = self.ok("audit", "log", "--case", ref, user="sup.a")
        self.assertIn("case.note", r.out)
        self.fails_cleanly("audit", "log", "--case", AGENCY_A +
                           "-2001-999999", user="admin1")


# ==========================================================================
# Cases
# ==========================================================================

class TestCases(TipsomCase):

    def test_reference_format_and_sequence(self):
        db = self.fresh_base()
        year = utc_year()
        refs = [self.open_case(title="case %d" % i, db=db) for i in range(3)]
        self.assertEqual(refs, ["%s-%d-%06d" % (AGENCY_A, year, i)
                                for i in (1, 2, 3)])
        # Per agency.
        ref_b = self.open_case(user="inv.b", title="b", db=db)
        self.assertEqual(ref_b, "%s-%d-000001" % (AGENCY_B, year))
        # A refused open takes no number.
        self.fails_cleanly("case", "open", "--title", "bad\x07title", db=db,
                           user="inv.a")
        self.fails_cleanly("case", "open", "--title", "x", "--kind", "fraud",
                           db=db, user="inv.a")
        self.assertEqual(self.open_case(title="after refusals", db=db),
                         "%s-%d-000004" % (AGENCY_A, year))

    def test_global_options_before_the_command(self):
        # Regression: "tipsom --db X --as Y case open" was read as the
        # unknown command "--db".  Global options go before or after.
        db = self.fresh_base()
        before = tipsom("--db", "sqlite:" + db, "--as", "inv.a", "case",
                        "open", "--title", "options first")
        self.assertEqual(before.code, 0, before.describe())
        after = tipsom("case", "list", "--json", "--db", "sqlite:" + db,
                       "--as=inv.a")
        self.assertEqual(after.code, 0, after.describe())
        self.assertIn(before.out.strip(),
                      [c["ref"] for c in json.loads(after.out)])

    def test_gap_free_after_a_failed_write(self):
        db = self.fresh_base()
        year = utc_year()
        self.assertEqual(self.open_case(title="first", db=db),
                         "%s-%d-000001" % (AGENCY_A, year))
        # Make the insert itself fail, after the number was taken.
        db_exec(db, "CREATE TRIGGER test_fail BEFORE INSERT ON cases "
                "WHEN NEW.title = 'explode' BEGIN "
                "SELECT RAISE(ABORT, 'test trigger'); END")
        self.refused_cleanly(db, "case", "open", "--title", "explode",
                             user="inv.a")
        db_exec(db, "DROP TRIGGER test_fail")
        self.assertEqual(self.open_case(title="second", db=db),
                         "%s-%d-000002" % (AGENCY_A, year))
        # A failing audit append rolls the case back too.
        db_exec(db, "CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit "
                "WHEN NEW.action = 'case.open' BEGIN "
                "SELECT RAISE(ABORT, 'test trigger'); END")
        self.refused_cleanly(db, "case", "open", "--title",
                             "no audit, no case", user="inv.a")
        db_exec(db, "DROP TRIGGER test_fail_audit")
        self.assertEqual(self.open_case(title="third", db=db),
                         "%s-%d-000003" % (AGENCY_A, year))
        self.assertEqual(self.audit_entries(db),
                         db_query(db, "SELECT count(*) FROM audit")[0][0])

    def refused_cleanly(self, db, *args, **kw):
        """Exit 1 and nothing written; the stderr shape is checked by
        test_store_failure_is_one_error_line."""
        before = db_snapshot(db)
        r = self.run_t(*args, db=db, **kw)
        self.assertEqual(r.code, 1, r.describe())
        self.assertEqual(db_snapshot(db), before, r.describe())

    def test_store_failure_is_one_error_line(self):
        db = self.fresh_base()
        db_exec(db, "CREATE TRIGGER test_fail BEFORE INSERT ON cases "
                "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
        self.fails_cleanly("case", "open", "--title", "x", db=db,
                           user="inv.a")

    def test_open_defaults_and_show(self):
        ref = self.open_case(title="Defaults")
        v = self.show_case(ref)
        c = v["case"]
        self.assert_keys(c, CASE_KEYS)
        self.assertEqual(c["ref"], ref)
        self.assertEqual(c["agency"], AGENCY_A)
        self.assertEqual(c["kind"], "unclassified")
        self.assertEqual(c["status"], "open")
        self.assertEqual(c["sensitivity"], "normal")
        self.assertEqual(c["title"], "Defaults")
        self.assertIsNone(c["closed_at"])
        self.assertIsNone(c["close_reason"])
        self.assertTrue(c["opened_at"])
        self.assertIsInstance(c["version"], int)
        self.assertEqual(v["people"], [])
        self.assertEqual(v["notes"], [])
        r = self.ok("case", "show", ref, user="inv.a")
        self.assertIn(ref, r.out)
        self.assertIn("Defaults", r.out)

    def test_open_every_kind_multilingual(self):
        titles = {
            "tip": "استغلال جنسي عبر عرض عمل وهمي",
            "som": "Smuggling of migrants by land",
            "tip+som": "قاچاخکردن کە بوو بە کۆیلایەتی قەرز",
            "unclassified": "Дело о вербовке",
        }
        for kind, title in titles.items():
            summary = "خلاصه: " + title + "\nline two"
            ref = self.ok("case", "open", "--kind", kind, "--title", title,
                          "--summary", summary, "--sensitivity", "high",
                          user="sup.a").out.strip()
            c = self.show_case(ref, user="sup.a")["case"]
            self.assertEqual(c["kind"], kind)
            self.assertEqual(c["title"], title)
            self.assertEqual(c["summary"], summary)
            self.assertEqual(c["sensitivity"], "high")

    def test_list_filters(self):
        db = self.fresh_base()
        tip = [self.open_case("inv.a", "tip %d" % i, db, "--kind", "tip")
               for i in range(3)]
        som = [self.open_case("inv.a", "som %d" % i, db, "--kind", "som")
               for i in range(2)]
        other = self.open_case("inv.b", "b", db)
        self.ok("case", "close", som[0], "--reason", "done", db=db,
                user="inv.a")
        cases = self.ok_json("case", "list", db=db, user="inv.a")
        self.assertEqual(sorted(c["ref"] for c in cases), sorted(tip + som))
        for c in cases:
            self.assert_keys(c, CASE_KEYS)
        self.assertNotIn(other, [c["ref"] for c in cases])

        def refs(*args):
            return sorted(c["ref"] for c in self.ok_json(
                "case", "list", *args, db=db, user="inv.a"))
        self.assertEqual(refs("--kind", "tip"), sorted(tip))
        self.assertEqual(refs("--kind", "som"), sorted(som))
        self.assertEqual(refs("--kind", "tip+som"), [])
        self.assertEqual(refs("--status", "closed"), [som[0]])
        self.assertEqual(refs("--status", "open"), sorted(tip + [som[1]]))
        self.assertEqual(refs("--status", "open", "--kind", "som"), [som[1]])
        self.assertEqual(refs("--agency", AGENCY_A), sorted(tip + som))
        page1 = refs("--limit", "2")
        page2 = refs("--limit", "2", "--offset", "2")
        page3 = refs("--limit", "2", "--offset", "4")
        self.assertEqual(len(page1), 2)
        self.assertEqual(len(page2), 2)
        self.assertEqual(len(page3), 1)
        self.assertEqual(sorted(page1 + page2 + page3), sorted(tip + som))
        self.assertEqual(refs("--offset", "10"), [])
        r = self.ok("case", "list", db=db, user="inv.a")
        for ref in tip + som:
            self.assertIn(ref, r.out)
        self.fails_cleanly("case", "list", "--kind", "fraud", db=db,
                           user="inv.a")
        self.fails_cleanly("case", "list", "--status", "pending", db=db,
                           user="inv.a")
        self.fails_cleanly("case", "list", "--agency", "NO-SUCH", db=db,
                           user="inv.a")
        self.assertIn(self.run_t("case", "list", "--limit", "-1", db=db,
                                 user="inv.a").code, (1, 2))
        self.assertIn(self.run_t("case", "list", "--limit", "ten", db=db,
                                 user="inv.a").code, (1, 2))

    def test_notes(self):
        ref = self.open_case(title="Notes")
        texts = ["تم الاتصال بالضحية عبر مترجم.",
                 "قوربانی گوازرایەوە بۆ ماڵی پاراستن.",
                 "Referred to legal aid.\nSecond line of the note."]
        for i, t in enumerate(texts):
            self.ok("case", "note", ref, t,
                    user=("inv.a", "cw.a", "sup.a")[i])
        notes = self.show_case(ref)["notes"]
        self.assertEqual([n["text"] for n in notes], texts)
        self.assertEqual([n["author"] for n in notes],
                         ["inv.a", "cw.a", "sup.a"])
        for n in notes:
            self.assert_keys(n, NOTE_KEYS)
        self.fails_cleanly("case", "note", ref, "", user="inv.a")
        self.fails_cleanly("case", "note", ref, user="inv.a", code=2)

    def test_close(self):
        ref = self.open_case(title="To close")
        self.fails_cleanly("case", "close", ref, user="inv.a", code=2)
        self.ok("case", "close", ref, "--reason",
                "حُوِّلت القضية إلى الادعاء العام", user="inv.a")
        c = self.show_case(ref)["case"]
        self.assertEqual(c["status"], "closed")
        self.assertEqual(c["close_reason"], "حُوِّلت القضية إلى الادعاء العام")
        self.assertTrue(c["closed_at"])
        self.fails_cleanly("case", "close", ref, "--reason", "again",
                           user="inv.a")
        pid = self.add_person("--given", "Late")
        self.fails_cleanly("case", "add-person", ref, pid, "--role",
                           "witness", user="inv.a")

    def test_case_show_records_identity_read(self):
        ref = self.open_case(title="identities")
        pid = self.add_person("--given", "Reader", "--family", "Test")
        self.ok("case", "add-person", ref, pid, "--role", "witness",
                user="inv.a")
        n0 = db_query(self.db, "SELECT count(*) FROM audit WHERE action = "
                      "'case.identities_read'")[0][0]
        v = self.show_case(ref)
        self.assertIn("Reader", v["people"][0]["name"])
        self.assertIn("Test", v["people"][0]["name"])
        self.show_case(ref, user="pros.a")
        n1 = db_query(self.db, "SELECT count(*) FROM audit WHERE action = "
                      "'case.identities_read'")[0][0]
        self.assertEqual(n1, n0 + 2)


# ==========================================================================
# Persons, the child rule, Unicode
# ==========================================================================

class TestPersons(TipsomCase):

    def test_add_and_show_everything(self):
        pid = self.add_person(
            "--given", "Amina", "--father", "Yusuf", "--grandfather",
            "Ibrahim", "--family", "Testfamily", "--alias", "Umm Ali",
            "--alias", "آمنة", "--sex", "female", "--born", "1995-04-12",
            "--nationality", "IQ", "--nationality", "SY", "--language", "ar",
            "--language", "ckb", "--document",
            "passport:A1234567:IQ:2030-01-31", "--document",
            "national_id:199512345", "--phone", "+9647500000000",
            "--email", "amina@example.org", "--address", "Erbil, Ainkawa")
        p = self.show_person(pid)
        self.assertEqual(str(p["id"]), pid)
        self.assertEqual(p["sex"], "female")
        self.assertEqual(p["birth_date"], "1995-04-12")
        self.assertEqual(sorted(p["nationalities"]), ["IQ", "SY"])
        self.assertEqual(sorted(p["languages"]), ["ar", "ckb"])
        primary = find_name(p, "Amina")
        self.assertIsNotNone(primary, p)
        self.assertEqual((primary["given"], primary["father"],
                          primary["grandfather"], primary["family"]),
                         ("Amina", "Yusuf", "Ibrahim", "Testfamily"))
        self.assertIsNotNone(find_name(p, "Umm Ali"), p)
        self.assertIsNotNone(find_name(p, "آمنة"), p)
        docs = {d["kind"]: d for d in p["documents"]}
        self.assertEqual(docs["passport"]["number"], "A1234567")
        self.assertEqual(docs["passport"]["country"], "IQ")
        self.assertEqual(docs["passport"]["expires_on"], "2030-01-31")
        self.assertEqual(docs["national_id"]["number"], "199512345")
        values = {c["value"] for c in p["contacts"]}
        self.assertEqual(values, {"+9647500000000", "amina@example.org",
                                  "Erbil, Ainkawa"})
        r = self.ok("person", "show", pid, user="inv.a")
        self.assertIn("Amina", r.out)

    def test_minimal_and_alias_only(self):
        pid = self.add_person("--alias", "Abu Karwan")
        p = self.show_person(pid)
        self.assertIsNotNone(find_name(p, "Abu Karwan"))
        pid = self.add_person("--family", "Onlyfamily", "--born", "1980",
                              "--born-estimated")
        p = self.show_person(pid)
        self.assertEqual(p["birth_year"], 1980)
        self.assertIs(p["birth_year_estimated"], True)

    def test_person_needs_a_name(self):
        r = self.run_t("person", "add", "--sex", "male", user="inv.a")
        self.assertIn(r.code, (1, 2), r.describe())
        self.assert_error_line(r)
        self.fails_cleanly("person", "add", "--sex", "male", "--given", "",
                           user="inv.a", code=r.code)

    def test_refused_input(self):
        future = "%d-06-01" % (utc_year() + 1)
        cases = [
            (("--nationality", "XX"), ("XX",)),
            (("--nationality", "IRQ"), ()),
            (("--born", future), ()),
            (("--born", "2026-02-30"), ("2026-02-30",)),
            (("--born", "2026-1-1"), ("2026-1-1",)),
            (("--born", "yesterday"), ()),
            (("--sex", "woman"), ("woman",)),
            (("--language", "not a tag!"), ()),
            (("--document", "passport"), (), (1, 2)),
            (("--document", "visa:123"), ()),
            (("--document", "passport:A1:IQ:2026-13-01"), ()),
            (("--document", "passport:A1:XX"), ()),
        ]
        for extra, mention, *code in cases:
            with self.subTest(extra=extra):
                self.fails_cleanly("person", "add", "--given", "Refused",
                                   *extra, user="inv.a", mention=mention,
                                   code=code[0] if code else 1)

    def test_show_unknown_and_malformed(self):
        self.fails_cleanly("person", "show", "987654", user="inv.a",
                           mention=("not found",))
        r = self.run_t("person", "show", "abc", user="inv.a")
        self.assertIn(r.code, (1, 2), r.describe())
        self.assert_error_line(r)

    def test_show_records_read(self):
        pid = self.add_person("--given", "Audited")
        before = db_query(self.db, "SELECT count(*) FROM audit WHERE action "
                          "= 'person.read'")[0][0]
        self.show_person(pid)
        self.show_person(pid, user="pros.a")
        after = db_query(self.db, "SELECT count(*) FROM audit WHERE action "
                         "= 'person.read'")[0][0]
        self.assertEqual(after, before + 2)
        # Agency B did not record the person and has no case with them.
        self.fails_cleanly("person", "show", pid, user="inv.b",
                           mention=("not found",))

    def test_unicode_round_trip_and_script(self):
        names = {
            # Arabic, given decomposed (alef + combining hamza above).
            "given": unicodedata.normalize("NFD", "أحمد"),
            "father": "عبدالله",
            "grandfather": "ڕەسووڵ",          # Sorani
            "family": "هەورامی",              # Sorani
        }
        aliases = [unicodedata.normalize("NFD", "José Ahmed"),
                   unicodedata.normalize("NFD", "Йосиф Фарҳодович"),
                   "ئەحمەدی کوڕی عەبدوڵڵا"]
        args = []
        for k, v in names.items():
            args += ["--" + k, v]
        for a in aliases:
            args += ["--alias", a]
        self.assertNotEqual(names["given"], "أحمد")  # really decomposed
        pid = self.add_person(*args, "--nationality", "IQ", "--language",
                              "ckb")
        p = self.show_person(pid)
        primary = find_name(p, "أحمد")
        self.assertIsNotNone(primary, "NFC form of the given name: %r" % p)
        self.assertEqual(primary["father"], "عبدالله")
        self.assertEqual(primary["grandfather"], "ڕەسووڵ")
        self.assertEqual(primary["family"], "هەورامی")
        self.assertEqual(primary["script"], "Arab")
        latin = find_name(p, unicodedata.normalize("NFC", aliases[0]))
        self.assertIsNotNone(latin, p)
        self.assertEqual(latin["script"], "Latn")
        cyr = find_name(p, unicodedata.normalize("NFC", aliases[1]))
        self.assertIsNotNone(cyr, p)
        self.assertEqual(cyr["script"], "Cyrl")
        kurd = find_name(p, aliases[2])
        self.assertIsNotNone(kurd, p)
        self.assertEqual(kurd["script"], "Arab")
        for s in all_strings(p):
            self.assertEqual(s, unicodedata.normalize("NFC", s))


class TestChildRule(TipsomCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ref = tipsom("case", "open", "--kind", "tip", "--title",
                         "Child rule", db=cls.db, user="inv.a").out.strip()

    def person(self, *args):
        return self.add_person("--given", "Child rule test", *args)

    def link(self, pid, role, *args):
        self.ok("case", "add-person", self.ref, pid, "--role", role, *args,
                user="inv.a")
        p = self.person_link(self.ref, pid, role)
        self.assert_keys(p, PEOPLE_KEYS)
        return p

    def test_birth_date(self):
        pid = self.person("--born", "2007-06-15")
        p = self.link(pid, "presumed_victim", "--identified-on",
                      "2025-06-14")
        self.assertIs(p["child"], True)
        self.assertEqual(p["age"], 17)
        self.assertEqual(p["identified_on"], "2025-06-14")
        p = self.link(pid, "witness", "--identified-on", "2025-06-15")
        self.assertIs(p["child"], False)
        self.assertEqual(p["age"], 18)

    def test_birth_year_only(self):
        cases = (("2008", True), ("2007", True), ("2006", False))
        for born, child in cases:
            with self.subTest(born=born):
                pid = self.person("--born", born)
                p = self.link(pid, "victim", "--identified-on",
                              "2025-03-01")
                self.assertIs(p["child"], child, p)

    def test_stated_age(self):
        for age, child in (("16", True), ("17", True), ("18", False),
                           ("40", False)):
            with self.subTest(age=age):
                pid = self.person()
                p = self.link(pid, "smuggled_migrant", "--age", age)
                self.assertIs(p["child"], child, p)
                self.assertEqual(p["age"], int(age))

    def test_presumed_child(self):
        pid = self.person("--born", "1990-01-01")
        p = self.link(pid, "presumed_victim", "--presumed-child")
        self.assertIs(p["child"], True)
        pid = self.person()
        p = self.link(pid, "presumed_victim", "--presumed-child")
        self.assertIs(p["child"], True)

    def test_nothing_known(self):
        pid = self.person()
        p = self.link(pid, "reporter")
        self.assertIs(p["child"], False)
        self.assertIsNone(p["age"])
        self.assertIs(p["needs_interpreter"], False)
        self.assertIsNone(p["interpreter_language"])
        self.assertRegex(p["identified_on"], r"^\d{4}-\d{2}-\d{2}$")

    def test_interpreter(self):
        pid = self.person()
        p = self.link(pid, "victim", "--interpreter", "ckb")
        self.assertIs(p["needs_interpreter"], True)
        self.assertEqual(p["interpreter_language"], "ckb")

    def test_refusals(self):
        pid = self.person()
        self.link(pid, "guardian")
        self.fails_cleanly("case", "add-person", self.ref, pid, "--role",
                           "guardian", user="inv.a")
        self.fails_cleanly("case", "add-person", self.ref, pid, "--role",
                           "boss", user="inv.a", mention=("boss",))
        self.fails_cleanly("case", "add-person", self.ref, pid, "--role",
                           "victim", "--identified-on", "2026-02-30",
                           user="inv.a", mention=("2026-02-30",))
        self.fails_cleanly("case", "add-person", self.ref, pid, "--role",
                           "victim", "--identified-on",
                           "%d-01-01" % (utc_year() + 1), user="inv.a")
        self.fails_cleanly("case", "add-person", self.ref, pid, "--role",
                           "victim", "--age", "minus", user="inv.a",
                           code=(1, 2))
        self.fails_cleanly("case", "add-person", self.ref, "99999",
                           "--role", "victim", user="inv.a",
                           mention=("not found",))
        self.fails_cleanly("case", "add-person", self.ref, pid, user="inv.a",
                           code=2)  # no --role
        # Born after the identification day.
        late = self.person("--born", "2020-01-01")
        self.fails_cleanly("case", "add-person", self.ref, late, "--role",
                           "victim", "--identified-on", "2019-01-01",
                           user="inv.a")

    def test_every_role(self):
        pid = self.person()
        for role in CASE_ROLES:
            self.link(pid, role)
        roles = sorted(p["role"] for p in self.show_case(self.ref)["people"]
                       if str(p["person_id"]) == pid)
        self.assertEqual(roles, sorted(CASE_ROLES))


# ==========================================================================
# The audit chain
# ==========================================================================

class TestAudit(TipsomCase):
    NAMES = ["Shirin", "Kawthar", "Testfamilyname", "Zaitounah",
             "شیرین", "کەوسەر", "الزيتونة", "Шерзод"]
    NOTE = "Met at the safe house; she asked about her sister in Mosul."

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        db = cls.db

        def must(*args, user="inv.a"):
            r = tipsom(*args, db=db, user=user)
            if r.code != 0:
                raise AssertionError("fixture:" + r.describe())
            return r.out.strip()
        cls.ref = must("case", "open", "--kind", "tip", "--title",
                       "Audit fixture")
        cls.pid1 = must("person", "add", "--given", "Shirin", "--father",
                        "Kawthar", "--family", "Testfamilyname", "--alias",
                        "Zaitounah", "--sex", "female", "--phone",
                        "+9647701112233", "--document", "passport:Z9988776")
        cls.pid2 = must("person", "add", "--given", "شیرین", "--father",
                        "کەوسەر", "--family", "الزيتونة", "--alias",
                        "Шерзод")
        must("case", "add-person", cls.ref, cls.pid1, "--role", "victim",
             "--age", "16")
        must("case", "add-person", cls.ref, cls.pid2, "--role", "suspect")
        must("case", "note", cls.ref, cls.NOTE)
        must("case", "note", cls.ref, "ملاحظة سرية عن الشاهد")
        must("case", "show", cls.ref)
        must("person", "show", cls.pid1)
        cls.ref2 = must("case", "open", "--title", "To be closed")
        must("case", "close", cls.ref2, "--reason", "opened by mistake")

    def test_verify_intact(self):
        n = db_query(self.db, "SELECT count(*) FROM audit")[0][0]
        r = self.ok("audit", "verify", user="admin1")
        self.assertEqual(r.out.strip(), "audit chain intact: %d entries" % n)
        self.assertEqual(self.ok_json("audit", "verify", user="admin1"),
                         {"intact": True, "entries": n})

    def test_every_write_is_recorded(self):
        actions = {a for (a,) in db_query(self.db,
                                          "SELECT action FROM audit")}
        for a in ("agency.add", "user.add", "case.open", "case.note",
                  "case.close", "case.person_add", "person.add",
                  "person.read", "case.identities_read"):
            self.assertIn(a, actions)
        seqs = [s for (s,) in db_query(self.db,
                                       "SELECT seq FROM audit ORDER BY seq")]
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)))

    def test_each_command_appends_one_row(self):
        db = self.fresh_copy()
        steps = [
            (("case", "open", "--title", "one row"), "case.open"),
            (("person", "add", "--given", "One"), "person.add"),
        ]
        for args, action in steps:
            n = self.audit_entries(db)
            out = self.ok(*args, db=db, user="inv.a").out.strip()
            self.assertEqual(self.audit_entries(db), n + 1)
            last = db_query(db, "SELECT action, actor_id FROM audit "
                            "ORDER BY seq DESC LIMIT 1")[0]
            self.assertEqual(last[0], action)
            uid = db_query(db, "SELECT id FROM users WHERE username = "
                           "'inv.a'")[0][0]
            self.assertEqual(last[1], uid)
            if action == "case.open":
                ref = out
            else:
                pid = out
        for args, action in [
                (("case", "note", ref, "n"), "case.note"),
                (("case", "add-person", ref, pid, "--role", "witness"),
                 "case.person_add"),
                (("person", "show", pid), "person.read"),
                (("case", "show", ref), "case.identities_read"),
                (("case", "close", ref, "--reason", "r"), "case.close")]:
            n = self.audit_entries(db)
            self.ok(*args, db=db, user="inv.a")
            self.assertEqual(self.audit_entries(db), n + 1, args)
            self.assertEqual(db_query(db, "SELECT action FROM audit ORDER BY "
                                      "seq DESC LIMIT 1")[0][0], action)
        # Reads that show no identity write nothing.
        for args in (("case", "list"), ("agency", "list")):
            before = db_snapshot(db)
            self.ok(*args, db=db, user="inv.a")
            self.assertEqual(db_snapshot(db), before)

    def test_no_names_or_note_texts_in_the_audit(self):
        # The names are really stored and readable...
        shown = json.dumps(self.show_person(self.pid1), ensure_ascii=False)
        shown += json.dumps(self.show_person(self.pid2), ensure_ascii=False)
        for name in self.NAMES:
            self.assertIn(name, shown)
        # ...and never in the chain.
        secrets = self.NAMES + [self.NOTE, "ملاحظة سرية", "sister in Mosul",
                                "+9647701112233", "Z9988776"]
        rows = db_query(self.db, "SELECT * FROM audit")
        for row in rows:
            text = " ".join(str(c) for c in row)
            for s in secrets:
                self.assertNotIn(s, text, "audit row %r holds %r" % (row, s))
        log = self.ok("audit", "log", "--json", user="admin1").out
        for s in secrets:
            self.assertNotIn(s, log)

    def test_triggers_block_plain_edits(self):
        db = self.fresh_copy()
        with self.assertRaises(sqlite3.DatabaseError):
            db_exec(db, "UPDATE audit SET action = 'x' WHERE seq = 2")
        with self.assertRaises(sqlite3.DatabaseError):
            db_exec(db, "DELETE FROM audit WHERE seq = 2")
        self.assertGreater(self.audit_entries(db), 2)

    def tampered(self, *statements):
        db = self.fresh_copy()
        n = db_query(db, "SELECT count(*) FROM audit")[0][0]
        self.assertGreater(n, 8)
        drop_audit_triggers(db)
        db_exec(db, *statements)
        return db, n

    def assert_broken_at(self, db, seq):
        r = self.fails("audit", "verify", db=db, user="admin1",
                       mention=("audit chain broken at entry %d:" % seq,))
        r = self.run_t("audit", "verify", "--json", db=db, user="admin1")
        self.assertEqual(r.code, 1, r.describe())
        self.assertIn("broken at entry %d:" % seq, r.err)
        if r.out.strip():
            v = r.json()
            self.assertIs(v.get("intact"), False, r.describe())

    def test_edited_changes(self):
        db, _ = self.tampered("UPDATE audit SET changes = '{}' WHERE seq = 5")
        self.assert_broken_at(db, 5)

    def test_edited_action(self):
        db, _ = self.tampered("UPDATE audit SET action = 'agency.list' "
                              "WHERE seq = 4")
        self.assert_broken_at(db, 4)

    def test_edited_actor(self):
        db, _ = self.tampered("UPDATE audit SET actor_id = actor_id + 1 "
                              "WHERE seq = 7")
        self.assert_broken_at(db, 7)

    def test_edited_case_row(self):
        cid = db_query(self.db, "SELECT id FROM cases WHERE ref = ?",
                       (self.ref,))[0][0]
        seq = db_query(self.db, "SELECT min(seq) FROM audit WHERE case_id "
                       "= ? AND action = 'case.note'", (cid,))[0][0]
        db, _ = self.tampered(("UPDATE audit SET object_id = 'x' WHERE seq "
                               "= ?", (seq,)))
        self.assert_broken_at(db, seq)

    def test_deleted_middle_row(self):
        db, _ = self.tampered("DELETE FROM audit WHERE seq = 3")
        self.assert_broken_at(db, 3)

    def test_swapped_rows(self):
        cols = ("at, actor_id, action, object_type, object_id, case_id, "
                "agency_id, changes, prev_hash, hash")
        db = self.fresh_copy()
        drop_audit_triggers(db)
        con = connect(db)
        try:
            a = con.execute("SELECT %s FROM audit WHERE seq = 6" % cols)\
                .fetchone()
            b = con.execute("SELECT %s FROM audit WHERE seq = 8" % cols)\
                .fetchone()
            sets = ", ".join("%s = ?" % c.strip() for c in cols.split(","))
            con.execute("UPDATE audit SET %s WHERE seq = 6" % sets, b)
            con.execute("UPDATE audit SET %s WHERE seq = 8" % sets, a)
            con.commit()
        finally:
            con.close()
        self.assert_broken_at(db, 6)

    def test_truncated_tail(self):
        db, n = self.tampered("DELETE FROM audit WHERE seq = "
                              "(SELECT max(seq) FROM audit)")
        self.assert_broken_at(db, n)

    def test_verify_on_untouched_copy(self):
        db = self.fresh_copy()
        drop_audit_triggers(db)
        n = db_query(db, "SELECT count(*) FROM audit")[0][0]
        self.assertEqual(self.audit_entries(db), n)


# ==========================================================================
# Bad input: refused, one error line, nothing written
# ==========================================================================

class TestStats(TipsomCase):
    """tipsom stats: figures only, small cells suppressed with a second one
    where one alone could be worked out; supervisors and analysts only;
    and tipsom case route, which smuggled migrants are counted by."""

    DAY = "2025-05-04"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        t = cls("test_figures")
        cls.tip = t.ok("case", "open", "--kind", "tip", "--title",
                       "Stats TIP", user="inv.a").out.strip()
        cls.som = t.ok("case", "open", "--kind", "som", "--title",
                       "Stats SOM", user="inv.a").out.strip()
        # 6 women of Iraq born in 1990, 5 men of Syria, 2 of both, one a
        # child; only the women's age is known.
        for sex, nats, n in (("female", ["IQ"], 6), ("male", ["SY"], 5),
                             ("other", ["SY", "IQ"], 2)):
            for i in range(n):
                args = ["--given", "Stat%s%d" % (sex, i), "--sex", sex]
                if sex == "female":
                    args += ["--born", "1990"]
                for c in nats:
                    args += ["--nationality", c]
                pid = t.add_person(*args)
                extra = ["--presumed-child"] if sex == "other" and i == 0 \
                    else []
                t.ok("case", "add-person", cls.tip, pid, "--role", "victim",
                     "--identified-on", cls.DAY, *extra, user="inv.a")
        for i in range(3):
            pid = t.add_person("--given", "Migrant%d" % i, "--sex", "male",
                               "--nationality", "AF")
            t.ok("case", "add-person", cls.som, pid, "--role",
                 "smuggled_migrant", "--identified-on", cls.DAY,
                 user="inv.a")
        elements = os.path.join(cls.dir, "elements.json")
        with open(elements, "w") as f:
            json.dump({"tip": {"acts": ["recruitment"],
                               "means": ["deception"],
                               "purposes": ["sexual_exploitation",
                                            "forced_labour"]},
                       "border_crossed": False, "child_at_time": False}, f)
        t.ok("case", "assess", cls.tip, "--elements", elements,
             user="inv.a")

    def stats(self, *args, user="ana.a", env=None):
        return self.ok_json("stats", "--from", self.DAY, "--to", self.DAY,
                            *args, user=user, env=env)

    def table(self, v, population, *dims):
        found = [t for t in v["tables"] if t["population"] == population
                 and t["dimensions"] == list(dims)]
        self.assertEqual(len(found), 1, v)
        return found[0]

    def cells(self, t):
        return {"/".join(c["values"]): c["count"] for c in t["cells"]}

    def test_figures(self):
        v = self.stats()
        self.assertEqual(v["min_cell"], 5)
        sex = self.table(v, "victims", "sex")
        # "other" (2) is suppressed, and male (5), the next smallest, with
        # it; the total stays.
        self.assertEqual(self.cells(sex), {"female": 6, "male": None,
                                           "other": None})
        self.assertEqual((sex["total"], sex["total_suppressed"]), (13, False))
        nat = self.table(v, "victims", "nationality")
        self.assertEqual(self.cells(nat), {"IQ": 8, "SY": 7})
        self.assertEqual(nat["total"], 13, "persons once in the total")
        form = self.table(v, "victims", "form_of_exploitation")
        self.assertEqual(self.cells(form), {"forced_labour": 13,
                                            "sexual_exploitation": 13})
        age = self.table(v, "victims", "age_group")
        # A tie for the second cell to hide goes to the first by value.
        self.assertEqual(self.cells(age), {"adult": None, "child": None,
                                           "unknown": 6})
        self.assertEqual(age["total"], 13)
        mig = self.table(v, "smuggled_migrants", "route")
        self.assertEqual(self.cells(mig), {"unknown": None})
        self.assertEqual((mig["total"], mig["total_suppressed"]),
                         (None, True))
        # Below the threshold of the store, everything shows.
        low = self.stats(env={"TIPSOM_STATS_MIN_CELL": "1"})
        self.assertEqual(self.cells(self.table(low, "victims", "sex")),
                         {"female": 6, "male": 5, "other": 2})
        self.assertEqual(self.cells(self.table(low, "victims", "age_group")),
                         {"adult": 6, "child": 1, "unknown": 6})
        cross = self.stats("--by", "sex,nationality",
                           env={"TIPSOM_STATS_MIN_CELL": "1"})
        t = self.table(cross, "victims", "sex", "nationality")
        self.assertEqual(self.cells(t), {"female/IQ": 6, "male/SY": 5,
                                         "other/IQ": 2, "other/SY": 2})
        self.assertEqual(cross["by"], ["sex", "nationality"])
        self.assertEqual({t["population"] for t in cross["tables"]},
                         {"victims", "smuggled_migrants", "suspects"})
        text = json.dumps(v) + json.dumps(cross)
        for secret in ("Statfemale", "Migrant", self.tip, "Stats TIP"):
            self.assertNotIn(secret, text)

    def test_text_and_csv(self):
        r = self.ok("stats", "--from", self.DAY, "--to", self.DAY,
                    user="sup.a")
        self.assertIn("victims by sex: 13 in all", r.out)
        self.assertRegex(r.out, r"male +<5")
        self.assertIn("Court outcomes are not recorded", r.out)
        r = self.ok("stats", "--from", self.DAY, "--to", self.DAY, "--by",
                    "sex", "--csv", user="sup.a")
        lines = r.out.splitlines()
        self.assertEqual(lines[0], "table,population,dimension,value,count,"
                         "suppressed")
        self.assertIn("victims_by_sex,victims,sex,female,6,false", lines)
        self.assertIn("victims_by_sex,victims,sex,other,<5,true", lines)
        self.assertIn("victims_by_sex,victims,sex,TOTAL,13,false", lines)
        rows = list(csv.reader(io.StringIO(r.out)))
        self.assertTrue(all(len(row) == 6 for row in rows), rows)

    def test_who_may_and_audit(self):
        db = self.fresh_copy()
        before = db_query(db, "SELECT count(*) FROM audit WHERE action = "
                          "'stats.read'")[0][0]
        self.ok("stats", "--json", user="ana.a", db=db)
        self.ok("stats", "--json", "--agency", AGENCY_B, user="sup.a", db=db)
        rows = db_query(db, "SELECT object_id, changes FROM audit WHERE "
                        "action = 'stats.read' ORDER BY seq")
        self.assertEqual(len(rows), before + 2)
        self.assertEqual(rows[-1][0], AGENCY_B)
        self.assertEqual(json.loads(rows[-1][1])["agency"], AGENCY_B)
        for user in ("inv.a", "cw.a", "pros.a", "admin1", "trn.a"):
            with self.subTest(user=user):
                self.fails_cleanly("stats", user=user, db=db,
                                   mention=("stats.read",))

    def test_bad_queries_name_the_option(self):
        for args, mention in (
                (("--from", "2025-02-30"), ("from",)),
                (("--to", "soon"), ("to",)),
                (("--from", "2025-06-01", "--to", "2025-05-01"), ("to",)),
                (("--by", "colour"), ("by", "colour")),
                (("--by", "sex,sex"), ("by", "twice")),
                (("--by", "route,service"), ("no population",)),
                (("--by", "sex,year,role,agency"), ("at most 3",)),
                (("--min-cell", "3"), ("min_cell", "5")),
                (("--min-cell", "x"), ("min_cell",)),
                (("--agency", "NOPE"), ("agency", "NOPE"))):
            with self.subTest(args=args):
                self.fails_cleanly("stats", *args, user="ana.a",
                                   mention=mention)
        self.fails_cleanly("stats", "--json", "--csv", user="ana.a", code=2)

    def test_route(self):
        db = self.fresh_copy()
        r = self.ok("case", "route", self.som, "af", "IR", "TR", "GR",
                    user="inv.a", db=db)
        self.assertIn("AF \u2192 IR \u2192 TR \u2192 GR", r.out)
        self.assertEqual(self.show_case(self.som, db=db)["case"]["route"],
                         ["AF", "IR", "TR", "GR"])
        self.assertEqual(db_query(db, "SELECT count(*) FROM audit WHERE "
                                  "action = 'case.route'")[0][0], 1)
        v = self.ok_json("stats", "--from", self.DAY, "--to", self.DAY,
                         "--by", "route", user="ana.a", db=db,
                         env={"TIPSOM_STATS_MIN_CELL": "1"})
        t = self.table(v, "smuggled_migrants", "route")
        self.assertEqual(self.cells(t),
                         {"AF \u2192 IR \u2192 TR \u2192 GR": 3})
        self.fails_cleanly("case", "route", self.som, "AF", user="inv.a",
                           db=db, code=2)
        for args, mention in ((("AF", "ZZ"), ("ZZ",)),
                              (("AF", "af"), ("twice",))):
            with self.subTest(args=args):
                self.fails_cleanly("case", "route", self.som, *args,
                                   user="inv.a", db=db, mention=mention)
        self.fails_cleanly("case", "route", self.som, "AF", "IR",
                           user="inv.b", db=db, mention=("not found",))
        self.fails_cleanly("case", "route", self.som, "AF", "IR",
                           user="ana.a", db=db)


class TestTraining(TipsomCase):
    """tipsom train: a sandbox made apart from real cases, case studies
    checked, a trainee's exercise scored as it goes, groups."""

    with_base = False
    admin = "training.admin"

    FIXTURE = os.path.join(ROOT, "tests", "data", "training",
                           "case-study.json")

    def sandbox(self, trainees="2"):
        db = self.path("training.db")
        out = self.ok_json("train", "sandbox", "--trainees", trainees,
                           db=db)
        self.assertTrue(out["made"])
        return db, out

    def test_sandbox_made_apart_from_real_cases(self):
        db, out = self.sandbox()
        self.assertEqual([a["username"] for a in out["accounts"]],
                         ["training.admin", "trainer", "trainee01",
                          "trainee02"])
        self.assertGreaterEqual(out["case_studies_added"], 8)
        for a in out["accounts"]:
            self.assertRegex(a["password"], r"^(\w{4}-){3}\w{4}$")
        self.assertEqual(db_query(db, "SELECT count(*) FROM "
                                  "training_store")[0][0], 1)
        # Again: a training store already, nothing more is made.
        again = self.ok_json("train", "sandbox", db=db)
        self.assertEqual((again["made"], again["case_studies_added"],
                          again["accounts"]), (False, 0, []))
        # A store of real cases never becomes one.
        real = self.fresh_base()
        self.fails_cleanly("train", "sandbox", db=real,
                           mention=("no training store", "new file"),
                           code=(1, 2))
        self.assertEqual(db_query(real, "SELECT count(*) FROM "
                                  "training_store")[0][0], 0)
        # ...nor takes exercises, even by the schema.
        with self.assertRaises(sqlite3.IntegrityError):
            db_exec(real, "INSERT INTO exercise_groups (study_id, "
                    "study_version, title, trainer_id, agency_id, "
                    "created_at) VALUES ('x', 1, 't', 1, 1, 'now')")
        # Nor does a real store's trainer work exercises.
        self.fails("train", "exercises", db=real, user="admin1",
                   mention=("training store",), code=(1, 3))
        lines = self.ok("train", "case-studies", "--lang", "ckb", db=db,
                        user="trainee01").out.splitlines()
        self.assertGreaterEqual(len(lines), 8)
        self.assertTrue(any("false-job-offer" in l for l in lines))

    def test_validate(self):
        ok = self.ok("train", "validate", self.FIXTURE)
        self.assertIn("valid case study test-false-job version 1", ok.out)
        with open(self.FIXTURE, encoding="utf-8") as f:
            good = json.load(f)
        for edit, words in (
                (lambda j: j["expected"]["order"][0].update(
                    then="no_such_step"), ("expected.order[0].then",
                                           "not a step of SOP tip")),
                (lambda j: j["title"].pop("ckb"), ("title.ckb", "Sorani")),
                (lambda j: j["persons"][0].update(role="boss"),
                 ("persons[0].role",)),
                (lambda j: j["expected"].update(kind="x"),
                 ("expected.kind",))):
            bad = json.loads(json.dumps(good))
            edit(bad)
            path = self.path("bad.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(bad, f, ensure_ascii=False)
            with self.subTest(words=words):
                self.fails("train", "validate", path, mention=words)
        # An SOP is not a case study, nor the reverse.
        self.fails("train", "validate", os.path.join(ROOT, "sops",
                                                     "tip.json"),
                   mention=("format",))
        self.fails("sop", "validate", self.FIXTURE, db=None,
                   mention=("case study", "train validate"))

    def test_exercise(self):
        db, _ = self.sandbox()
        self.fails("train", "import", self.FIXTURE, db=db, user="trainee01",
                   mention=("training.manage",))
        self.ok("train", "import", self.FIXTURE, db=db, user="trainer")
        self.fails_cleanly("train", "import", self.FIXTURE, db=db,
                           user="trainer", mention=("version",))
        start = self.ok_json("train", "start", "test-false-job", db=db,
                             user="trainee01")
        ref, xid = start["case_ref"], str(start["id"])
        self.assertEqual((start["score"]["points"], start["score"]["max"]),
                         (0, 12))
        self.assertEqual([d["id"] for d in start["discoveries"]],
                         ["advert"])
        # The persons are in the case, in their roles.
        roles = db_query(db, "SELECT cp.role FROM case_persons cp JOIN "
                         "cases c ON c.id = cp.case_id WHERE c.ref = ? "
                         "ORDER BY cp.role", (ref,))
        self.assertEqual([r[0] for r in roles],
                         ["presumed_victim", "suspect"])
        # A step refused before it is ready counts against the trainee.
        self.fails("case", "do", ref, "take_adult_statement", db=db,
                   user="trainee01", mention=("waiting",))
        self.ok("case", "do", ref, "ensure_immediate_safety", db=db,
                user="trainee01")
        text = self.ok("train", "show", xid, db=db, user="trainee01").out
        self.assertIn("broken   must_not   statement_early", text)
        self.assertIn("Not before the reflection period.", text)
        self.assertIn("SOP, Take the victim's statement:", text)
        # The other trainee neither sees it nor finishes it.
        self.fails("train", "show", xid, db=db, user="trainee02",
                   mention=("no exercise",))
        self.fails("train", "finish", xid, db=db, user="trainee02",
                   mention=("no exercise",))
        seen = self.ok_json("train", "show", xid, db=db, user="trainer")
        self.assertEqual(seen["trainee"], "trainee01")
        done = self.ok_json("train", "finish", xid, db=db, user="trainee01")
        self.assertEqual((done["points"], done["max_points"]), (0, 12))
        self.fails("train", "finish", xid, db=db, user="trainee01",
                   mention=("finished",))
        self.assertEqual(db_query(db, "SELECT count(*) FROM audit WHERE "
                                  "action IN ('exercise.start', "
                                  "'exercise.finish')")[0][0], 2)
        for args, words in ((("train", "start"), ("case study",)),
                            (("train", "start", "no-such-study"),
                             ("no-such-study",)),
                            (("train", "show", "x"), ("not an exercise",)),
                            (("train", "show", "999"), ("no exercise",))):
            with self.subTest(args=args):
                self.fails(*args, db=db, user="trainee01", mention=words,
                           code=(1, 2))

    def test_group(self):
        db, _ = self.sandbox("3")
        self.fails("train", "group-create", "child-begging", "--title", "x",
                   db=db, user="trainee01", mention=("training.manage",))
        g = self.ok_json("train", "group-create", "child-begging", "--title",
                         "Erbil ToT, day 2", db=db, user="trainer")
        gid = str(g["id"])
        for who in ("trainee01", "trainee02"):
            v = self.ok_json("train", "start", "--group", gid, db=db,
                             user=who)
            self.assertEqual(v["study"], "child-begging")
        self.fails("train", "start", "--group", gid, db=db,
                   user="trainee01", mention=("already",))
        live = self.ok_json("train", "group", gid, db=db, user="trainer")
        self.assertEqual(sorted(m["trainee"] for m in live["members"]),
                         ["trainee01", "trainee02"])
        self.assertIn("trainee01", self.ok("train", "group", gid, db=db,
                                           user="trainer").out)
        self.fails("train", "group", gid, db=db, user="trainee01",
                   mention=("training.manage",))
        self.ok("train", "group-close", gid, db=db, user="trainer")
        self.fails("train", "start", "--group", gid, db=db,
                   user="trainee03", mention=("closed",))
        self.assertIn("closed", self.ok("train", "groups", db=db,
                                        user="trainer").out)


class TestProgramme(TipsomCase):
    """Courses, sessions, participants, attendance, tests, certificates
    and the cascade of trainers, in a store of real cases."""

    def add_participant(self, name, sex, org, region):
        return self.ok_json("participant", "add", "--name", name,
                            "--organisation", org, "--job", "Officer",
                            "--sex", sex, "--region", region,
                            user="trn.a")["id"]

    def test_programme(self):
        u = {"user": "trn.a"}
        self.fails("course", "add", "TOT-1", "--title", "x", "--hours", "2",
                   user="inv.a", mention=("training.manage",))
        course = self.ok_json("course", "add", "tot-tip-1", "--title",
                              "Training of trainers: TIP SOPs", "--hours",
                              "24", "--tot", "--module", "Legal elements:6",
                              "--module", "Screening:6", **u)
        self.assertEqual((course["code"], course["tot"]), ("TOT-TIP-1", True))
        self.ok("course", "add", "TIP-BASIC", "--title", "TIP SOPs",
                "--hours", "12", **u)
        for args, words in (
                (("TOT-TIP-1", "--title", "Again", "--hours", "2"),
                 ("already",)),
                (("bad code!", "--title", "x", "--hours", "2"), ("code",)),
                (("X-1", "--title", "x", "--hours", "0"), ("hours",)),
                (("X-2", "--title", "x", "--hours", "4", "--module", "A:3",
                  "--module", "B:3"), ("more than the course",)),
                (("X-3", "--title", "x", "--hours", "4", "--module", "A"),
                 ("TITLE:HOURS",))):
            with self.subTest(args=args):
                self.fails_cleanly("course", "add", *args, mention=words,
                                   code=(1, 2), **u)
        shown = self.ok_json("course", "show", "tot-tip-1", **u)
        self.assertEqual([m["title"] for m in shown["modules"]],
                         ["Legal elements", "Screening"])
        ids = [self.add_participant(*p) for p in (
            ("Amina Rashid", "female", "Police Academy", "Erbil"),
            ("Bakhtiar Omar", "male", "Erbil Police", "Erbil"),
            ("Chiman Ali", "female", "Duhok Police", "Duhok"),
            ("Dara Aziz", "male", "Erbil Police", "Erbil"),
            ("Evin Hassan", "female", "Shelter", "Sulaymaniyah"))]
        a, b, c, d, e = map(str, ids)
        self.fails_cleanly("participant", "add", "--name", "X",
                           "--organisation", "Y", "--job", "Z", "--sex",
                           "woman", "--region", "R", mention=("sex",),
                           code=(1, 2), **u)
        tot = self.ok_json("session", "add", "TOT-TIP-1", "--from",
                           "2026-01-10", "--to", "2026-01-12", "--place",
                           "Erbil academy", "--region", "Erbil",
                           "--trainer", a, **u)
        s1 = str(tot["id"])
        for args, words in (
                (("--from", "2026-01-12", "--to", "2026-01-10"), ("ends",)),
                (("--from", "2026-13-01",), ("starts_on",)),
                (("--from", "2026-01-10", "--trainer", "999"),
                 ("participant 999",))):
            full = ("session", "add", "TIP-BASIC", "--place", "P",
                    "--region", "R") + args
            if "--trainer" not in args:
                full += ("--trainer", a)
            with self.subTest(args=args):
                self.fails_cleanly(*full, mention=words, code=(1, 2), **u)
        self.ok("session", "enrol", s1, b, c, **u)
        self.fails("session", "enrol", s1, a, mention=("trainer",), **u)
        self.fails("session", "enrol", s1, b, mention=("already",), **u)
        self.ok("session", "record", s1, b, "--days", "3", "--pre", "40",
                "--post", "85", **u)
        self.ok("session", "record", s1, c, "--days", "2", "--pre", "50",
                "--post", "60", **u)
        self.fails_cleanly("session", "record", s1, b, "--days", "4",
                           mention=("days_attended",), **u)
        self.fails_cleanly("session", "record", s1, b, "--post", "101",
                           mention=("post_score",), **u)
        view = self.ok_json("session", "show", s1, **u)
        self.assertEqual(view["days"], 3)
        self.assertEqual(view["tests"]["tested"], 2)
        self.assertAlmostEqual(view["tests"]["mean_gain"], 27.5)
        gains = {p["full_name"]: p["gain"] for p in view["participants"]}
        self.assertEqual(gains, {"Bakhtiar Omar": 45, "Chiman Ali": 10})
        # A certificate needs 80% of the days: 2 of 3 is not enough.
        self.fails_cleanly("session", "certify", s1, c, mention=("80%",),
                           **u)
        cert = self.ok_json("session", "certify", s1, b, **u)
        self.assertRegex(cert["code"], r"^TRN(-[A-Z2-9]{4}){3}$")
        self.fails("session", "certify", s1, b, mention=("issued",), **u)
        # Anyone checks it by its code, in any case.
        v = self.ok_json("certificate", "verify", cert["code"].lower())
        self.assertEqual((v["full_name"], v["course"], v["valid"]),
                         ("Bakhtiar Omar", "Training of trainers: TIP SOPs",
                          True))
        self.fails("certificate", "verify", "TRN-0000-0000-0000",
                   mention=("no certificate",))
        # The cascade: Bakhtiar trains Dara and Evin; Chiman trains Amina
        # the month after; a session before the ToT is not part of it.
        s2 = str(self.ok_json("session", "add", "TIP-BASIC", "--from",
                              "2026-02-01", "--place", "Erbil", "--region",
                              "Erbil", "--trainer", b, **u)["id"])
        self.ok("session", "enrol", s2, d, e, **u)
        s3 = str(self.ok_json("session", "add", "TIP-BASIC", "--from",
                              "2026-03-01", "--place", "Duhok", "--region",
                              "Duhok", "--trainer", c, **u)["id"])
        self.ok("session", "enrol", s3, a, **u)
        early = str(self.ok_json("session", "add", "TIP-BASIC", "--from",
                                 "2025-11-01", "--place", "Duhok",
                                 "--region", "Duhok", "--trainer", c,
                                 **u)["id"])
        self.ok("session", "enrol", early, d, **u)
        cas = self.ok_json("session", "cascade", s1, **u)
        self.assertEqual(cas["reach"], 5)
        self.assertEqual([(g["generation"], g["sessions"], g["persons"])
                          for g in cas["generations"]],
                         [(1, 1, 2), (2, 2, 3)])
        self.assertEqual(cas["by_sex"]["female"], 3)
        self.assertEqual(cas["by_organisation"]["Erbil Police"], 2)
        self.assertEqual({n["session"] for n in cas["sessions"]},
                         {int(s1), int(s2), int(s3)})
        text = self.ok("session", "cascade", s1, **u).out
        self.assertIn("generation 2: 2 sessions, 3 people", text)
        self.assertIn("trained at session %s): Bakhtiar Omar" % s1, text)
        # The figures: for analysts too, never for investigators.
        f = self.ok_json("stats", "training", user="ana.a")
        self.assertEqual((f["sessions"], f["tot_sessions"],
                          f["certificates"]), (4, 1, 1))
        self.assertEqual(f["participants"], 5)
        self.assertEqual(f["cascades"][0]["reach"], 5)
        self.fails("stats", "training", user="inv.a", mention=("role",))
        # Audited, and the names stay out of the audit trail.
        actions = [r[0] for r in db_query(
            self.db, "SELECT action FROM audit WHERE action IN "
            "('course.add', 'participant.add', 'session.add', "
            "'session.enrol', 'session.record', 'certificate.issue')")]
        self.assertEqual(actions.count("participant.add"), 5)
        self.assertEqual(actions.count("certificate.issue"), 1)
        changes = " ".join(r[0] for r in db_query(
            self.db, "SELECT changes FROM audit"))
        self.assertNotIn("Bakhtiar", changes)


class TestAwareness(TipsomCase):
    """tipsom awareness: sessions of a Migrant Resource Centre recorded
    with headcounts, listed, shown, corrected (audited), refused whole on
    bad input, read by the organisers and counted by tipsom stats."""

    DAY = "2005-06-07"

    def add(self, *extra, user="cw.a", db=None):
        return self.ok_json("awareness", "add", "--kind", "school",
                            "--date", self.DAY, "--place",
                            "Ankawa secondary school", "--region", "Erbil",
                            "--audience", "students", "--female-children",
                            "18", "--male-children", "16", *extra,
                            user=user, db=db)

    def test_add_list_show_edit(self):
        db = self.fresh_copy()
        s = self.add("--organiser", AGENCY_B, "--material", "legal-pathways",
                     "--feedback", "Pupils asked how to check a job offer",
                     db=db)
        self.assertEqual((s["total"], s["agency"], s["organisers"]),
                         (34, AGENCY_A, sorted([AGENCY_A, AGENCY_B])))
        sid = str(s["id"])
        text = self.ok("awareness", "show", sid, user="cw.a", db=db).out
        self.assertIn("girls 18", text)
        self.assertIn("legal-pathways", text)
        rows = self.ok("awareness", "list", "--from", self.DAY, "--to",
                       self.DAY, user="sup.a", db=db).out.splitlines()
        self.assertEqual(len(rows), 1, rows)
        self.assertIn("Ankawa secondary school", rows[0])
        # The organising agency reads it, but corrects nothing.
        self.assertEqual(self.ok_json("awareness", "show", sid,
                                      user="sup.b", db=db)["id"], s["id"])
        self.fails_cleanly("awareness", "edit", sid, "--male-adults", "2",
                           user="sup.b", db=db, mention=("recorded by",))
        fixed = self.ok_json("awareness", "edit", sid, "--male-adults", "2",
                             "--no-materials", user="sup.a", db=db)
        self.assertEqual((fixed["total"], fixed["version"],
                          fixed["materials"]), (36, 2, []))
        self.fails_cleanly("awareness", "edit", sid, "--version", "1",
                           "--region", "Duhok", user="cw.a", db=db,
                           mention=("meanwhile",))
        self.fails_cleanly("awareness", "edit", sid, "--material", "x",
                           "--no-materials", user="cw.a", db=db, code=2)
        actions = [r[0] for r in db_query(
            db, "SELECT action FROM audit WHERE object_type = "
            "'awareness_session' ORDER BY seq")]
        self.assertEqual(actions, ["awareness.add", "awareness.edit"])
        sealed = db_query(db, "SELECT feedback FROM awareness_sessions")[0][0]
        self.assertNotIn("job offer", sealed)
        # Counted on the dashboard's figures.
        v = self.ok_json("stats", "--from", self.DAY, "--to", self.DAY,
                         "--by", "session_kind", user="ana.a", db=db)
        tables = {t["population"]: t for t in v["tables"]}
        self.assertEqual(tables["outreach"]["total"], 36)
        self.assertEqual(tables["awareness_sessions"]["cells"][0]["count"],
                         1)

    def test_bad_input_is_refused_whole(self):
        base = {"--kind": "school", "--date": self.DAY, "--place": "Hall",
                "--region": "Erbil", "--audience": "students",
                "--female-children": "3", "--male-children": "4"}
        for extra, mention in (
                ({"--kind": "picnic"}, ("session kind", "picnic")),
                ({"--date": "2005-02-30"}, ("held_on",)),
                ({"--date": "2999-01-01"}, ("held_on", "future")),
                ({"--audience": "tourists"}, ("audience",)),
                ({"--female-children": "-3"}, ("female_children",)),
                ({"--male-adults": "100001"}, ("male_adults", "100000")),
                ({"--female-children": "0", "--male-children": "0"},
                 ("nobody",)),
                ({"--organiser": "NO-SUCH"}, ("organiser", "NO-SUCH")),
                ({"--material": "no-such-sheet"}, ("no-such-sheet",)),
                ({"--place": " "}, ("place",))):
            args = [x for kv in dict(base, **extra).items() for x in kv]
            with self.subTest(extra=extra):
                self.fails_cleanly("awareness", "add", *args, user="cw.a",
                                   mention=mention)
        self.fails_cleanly("awareness", "add", "--date", self.DAY,
                           user="cw.a", code=2)
        for user in ("inv.a", "pros.a", "ana.a", "trn.a"):
            with self.subTest(user=user):
                self.fails_cleanly("awareness", "list", user=user,
                                   mention=("outreach.record",))
        self.fails_cleanly("awareness", "show", "nope", user="cw.a", code=2)
        self.fails_cleanly("awareness", "show", "99999", user="cw.a",
                           mention=("no awareness session",))


class TestBadInput(TipsomCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ref = tipsom("case", "open", "--title", "Bad input", db=cls.db,
                         user="inv.a").out.strip()
        cls.pid = tipsom("person", "add", "--given", "Bad input", db=cls.db,
                         user="inv.a").out.strip()

    def test_unknown_agency(self):
        self.fails_cleanly("case", "open", "--agency", "NO-SUCH", "--title",
                           "x", user="inv.a", mention=("NO-SUCH",))

    def test_duplicates(self):
        self.fails_cleanly("agency", "add", "--code", AGENCY_B, "--name", "x",
                           "--kind", "ngo", user="admin1")
        self.fails_cleanly("user", "add", "--agency", AGENCY_B, "--username",
                           "sup.b", "--role", "supervisor", user="admin1",
                           stdin=PASSWORD + "\n", mention=("sup.b",))

    def test_invalid_dates(self):
        for d in ("2026-02-30", "2026-1-1", "2025-13-01", "2026-02-29",
                  "20260101", "2026/01/01"):
            with self.subTest(date=d):
                self.fails_cleanly("person", "add", "--given", "X", "--born",
                                   d, user="inv.a")
                self.fails_cleanly("case", "add-person", self.ref, self.pid,
                                   "--role", "victim", "--identified-on", d,
                                   user="inv.a")

    def test_unknown_enums(self):
        self.fails_cleanly("user", "add", "--agency", AGENCY_A, "--username",
                           "newbie", "--role", "boss", user="admin1",
                           stdin=PASSWORD + "\n")
        self.fails_cleanly("agency", "add", "--code", "NEW-K", "--name", "x",
                           "--kind", "police", user="admin1")
        self.fails_cleanly("case", "open", "--title", "x", "--kind", "fraud",
                           user="inv.a", mention=("fraud",))
        self.fails_cleanly("case", "open", "--title", "x", "--sensitivity",
                           "secret", user="inv.a")
        self.fails_cleanly("case", "add-person", self.ref, self.pid, "--role",
                           "boss", user="inv.a")

    def test_invalid_utf8(self):
        bad = b"\xff\xfe"
        self.fails_cleanly("case", "open", "--title", bad, user="inv.a")
        self.fails_cleanly("case", "open", "--title", b"ok", "--summary",
                           b"caf\xc3", user="inv.a")
        self.fails_cleanly("case", "note", self.ref, b"note \xed\xa0\x80",
                           user="inv.a")  # an encoded surrogate
        self.fails_cleanly("person", "add", "--given", bad, user="inv.a")
        self.fails_cleanly("person", "add", "--alias", b"\xc0\xaf",
                           user="inv.a")  # overlong '/'
        self.fails_cleanly("agency", "add", "--code", "NEW-U", "--name", bad,
                           "--kind", "ngo", user="admin1")
        r = self.fails_cleanly("case", "close", self.ref, "--reason", bad,
                               user="inv.a")
        # The error line itself must be valid UTF-8.
        r.err_bytes.decode("utf-8")

    def test_control_characters(self):
        for title in ("bell\x07", "esc\x1b[31mred", "line\nbreak", "nul\x7f",
                      "tab\there"):
            with self.subTest(title=repr(title)):
                self.fails_cleanly("case", "open", "--title", title,
                                   user="inv.a")
        self.fails_cleanly("person", "add", "--given", "A\x1bB",
                           user="inv.a")
        r = self.fails("case", "open", "--title", "esc\x1b[2J", user="inv.a")
        self.assertNotIn("\x1b", r.err, "control characters must not be "
                         "echoed to the terminal")

    def test_case_references(self):
        year = utc_year()
        for ref in ("%s-%d-999999" % (AGENCY_A, year),
                    "NO-SUCH-%d-000001" % year):
            with self.subTest(ref=ref):
                self.fails_cleanly("case", "show", ref, user="inv.a",
                                   mention=("not found",))
                self.fails_cleanly("case", "note", ref, "x", user="inv.a",
                                   mention=("not found",))
        for ref in ("garbage", "KRI-MOI-26-1", "KRI-MOI-2026-",
                    "X-2026-000001", "KRI-MOI-2026-00000X",
                    "kri-moi-2026-000001", ""):
            with self.subTest(ref=ref):
                self.fails_cleanly("case", "show", ref, user="inv.a")
                self.fails_cleanly("case", "close", ref, "--reason", "x",
                                   user="inv.a")

    def test_nationality_and_future_birth(self):
        self.fails_cleanly("person", "add", "--given", "X", "--nationality",
                           "XX", user="inv.a", mention=("XX",))
        self.fails_cleanly("person", "add", "--given", "X", "--born",
                           "%d-01-01" % (utc_year() + 1), user="inv.a")
        self.fails_cleanly("person", "add", "--given", "X", "--born",
                           "%d" % (utc_year() + 1), user="inv.a")
        self.fails_cleanly("person", "add", "--given", "X", "--born", "1700",
                           user="inv.a")

    def test_too_long(self):
        self.fails_cleanly("case", "open", "--title", "x" * 100000,
                           user="inv.a")

    def test_usage_errors(self):
        usage = [
            ("frobnicate",),
            ("case", "frobnicate"),
            ("case", "list", "--frobnicate"),
            ("case", "open", "--kind", "tip"),                 # no --title
            ("case", "open", "--title"),                        # no value
            ("case", "show", self.ref, "extra"),
            ("case", "show"),
            ("case", "note", self.ref, "text", "extra"),
            ("person", "show", self.pid, "extra"),
            ("case", "add-person", self.ref, "--role", "victim"),  # no id
            ("agency", "add", "--code", "NEW-Q", "--kind", "ngo"),
            ("user", "add", "--agency", AGENCY_A, "--role", "caseworker"),
            ("audit", "verify", "extra"),
        ]
        for args in usage:
            with self.subTest(args=args):
                self.fails_cleanly(*args, code=2, user="admin1"
                                   if args[0] in ("agency", "user", "audit")
                                   else "inv.a", stdin=PASSWORD + "\n")
        r = self.run_t(user="inv.a")
        self.assertEqual(r.code, 2, "no command at all:" + r.describe())


# ==========================================================================
# Demo data
# ==========================================================================

def load_demo():
    with open(DEMO_JSON, encoding="utf-8") as f:
        return json.load(f)


class TestDemoJson(unittest.TestCase):
    """data/demo.json itself: the loader trusts it, so check it here."""

    @classmethod
    def setUpClass(cls):
        cls.demo = load_demo()

    def test_shape(self):
        d = self.demo
        self.assertIn("_comment", d)
        self.assertIn("fictional", d["_comment"].lower())
        for k in ("agencies", "users", "persons", "cases"):
            self.assertIsInstance(d[k], list)
        self.assertEqual(d["users"][0]["role"], "admin")

    def test_agencies_and_users(self):
        d = self.demo
        codes = [a["code"] for a in d["agencies"]]
        self.assertEqual(len(codes), len(set(codes)))
        for a in d["agencies"]:
            self.assertRegex(a["code"], r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")
            self.assertLessEqual(len(a["code"]), 16)
            self.assertIn(a["kind"], AGENCY_KINDS)
        names = [u["username"] for u in d["users"]]
        self.assertEqual(len(names), len(set(names)))
        self.assertEqual({u["role"] for u in d["users"]} & set(ROLES),
                         {u["role"] for u in d["users"]})
        for role in ("admin", "supervisor", "investigator", "caseworker",
                     "prosecutor", "analyst", "trainer"):
            self.assertIn(role, {u["role"] for u in d["users"]})
        common = {"password123", "1234567890", "qwertyuiop", "password1234",
                  "12345678910", "iloveyou123", "administrator",
                  "letmein1234", "0123456789", "passw0rd123"}
        for u in d["users"]:
            self.assertIn(u["agency"], codes)
            self.assertRegex(u["username"], r"^[a-z][a-z0-9._-]{2,31}$")
            pw = u["password"]
            self.assertGreaterEqual(len(pw), 10)
            self.assertNotIn(u["username"], pw)
            self.assertNotIn(pw, common)
            self.assertTrue(all(0x20 <= ord(c) != 0x7f for c in pw))

    def test_persons_and_cases(self):
        d = self.demo
        users = {u["username"]: u for u in d["users"]}
        may_work = {"supervisor", "investigator", "caseworker"}
        may_note = may_work | {"prosecutor"}
        may_close = {"supervisor", "investigator"}
        today = datetime.date.today().isoformat()
        keys = {}
        scripts = set()
        nationalities = set()
        for p in d["persons"]:
            self.assertNotIn(p["key"], keys)
            keys[p["key"]] = users[p["as"]]["agency"]
            self.assertIn(users[p["as"]]["role"], may_work)
            parts = [p.get(k) for k in ("given", "father", "grandfather",
                                        "family")] + p.get("aliases", [])
            self.assertTrue(any(parts), p["key"])
            for s in parts:
                if s:
                    self.assertEqual(s, unicodedata.normalize("NFC", s))
                    for ch in s:
                        if ch.isalpha():
                            n = unicodedata.name(ch, "")
                            scripts.add(n.split()[0])
            self.assertIn(p.get("sex", "unknown"),
                          ("female", "male", "other", "unknown"))
            born = p.get("born")
            if born:
                self.assertRegex(born, r"^\d{4}(-\d{2}-\d{2})?$")
                if len(born) == 10:
                    datetime.date.fromisoformat(born)
                self.assertLess(born, today)
            for n in p.get("nationalities", []):
                self.assertRegex(n, r"^[A-Z]{2}$")
                nationalities.add(n)
            for doc in p.get("documents", []):
                self.assertIn(doc["kind"], (
                    "passport", "national_id", "residence_permit",
                    "travel_document", "refugee_id", "birth_certificate",
                    "driving_licence", "other"))
                if doc.get("expires_on"):
                    datetime.date.fromisoformat(doc["expires_on"])
            for c in p.get("contacts", []):
                self.assertIn(c["kind"], ("phone", "email", "address",
                                          "messaging", "social_media",
                                          "other"))
        self.assertTrue({"ARABIC", "LATIN", "CYRILLIC"} <= scripts, scripts)
        self.assertTrue({"IQ", "SY", "AF", "TJ", "BD", "ET"} <= nationalities)
        kinds = set()
        closed = 0
        child = False
        for c in d["cases"]:
            opener = users[c["as"]]
            self.assertIn(opener["role"], may_work)
            kinds.add(c["kind"])
            self.assertIn(c["kind"], CASE_KINDS)
            self.assertIn(c.get("sensitivity", "normal"), ("normal", "high"))
            self.assertTrue(c["title"].strip())
            self.assertNotIn("\n", c["title"])
            seen = set()
            for link in c.get("people", []):
                self.assertIn(link["person"], keys)
                self.assertEqual(keys[link["person"]], opener["agency"],
                                 "a person must be visible to the case's "
                                 "agency")
                self.assertIn(link["role"], CASE_ROLES)
                self.assertNotIn((link["person"], link["role"]), seen)
                seen.add((link["person"], link["role"]))
                if link.get("identified_on"):
                    datetime.date.fromisoformat(link["identified_on"])
                    self.assertLess(link["identified_on"], today)
                if link.get("age") is not None:
                    self.assertIsInstance(link["age"], str)
                    self.assertRegex(link["age"], r"^\d{1,3}$")
                    child = child or int(link["age"]) < 18
                if link.get("presumed_child"):
                    child = True
            for n in c.get("notes", []):
                u = users[n["as"]]
                self.assertEqual(u["agency"], opener["agency"])
                self.assertIn(u["role"], may_note)
                self.assertTrue(n["text"].strip())
            if c.get("close_reason"):
                closed += 1
                self.assertIn(opener["role"], may_close)
        self.assertTrue({"tip", "som", "tip+som"} <= kinds)
        self.assertGreaterEqual(closed, 1)
        self.assertTrue(child)
        self.assertTrue(5 <= len(d["cases"]) <= 6)
        # Ten people, and two of them recorded again by another officer
        # (p11, p12): the duplicates a supervisor is shown.
        self.assertTrue(8 <= len(d["persons"]) <= 12)


class TestDemo(TipsomCase):
    with_base = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo = load_demo()
        cls.admin = cls.demo["users"][0]["username"]
        cls.db = os.path.join(cls.dir, "demo.db")
        r = tipsom("init", db=cls.db)
        assert r.code == 0, r.describe()
        cls.first = tipsom("demo", db=cls.db)

    def test_demo_loads(self):
        r = self.first
        self.assertEqual(r.code, 0, r.describe())
        for a in self.demo["agencies"]:
            self.assertIn(a["code"], r.out)
        for u in self.demo["users"]:
            self.assertIn(u["username"], r.out)
            self.assertIn(u["password"], r.out)
        refs = {m.group(0) for m in re.finditer(
            REF_RE.pattern.strip("^$"), r.out)}
        self.assertEqual(len(refs), len(self.demo["cases"]), r.out)

    def test_counselling(self):
        """The demo's Migrant Resource Centre keeps a counselling log: a
        pseudonym only, identity refused without consent and a case."""
        r = self.ok("counselling", "add", "--pseudonym", "Shilan",
                    "--topic", "legal_pathways,recruitment_fraud",
                    "--risk", "recruitment_fee", "--sheet",
                    "recruitment-fraud", "--destination", "ae", "--route",
                    "by air to Dubai", "--follow-up-on", "2099-01-01",
                    "--referred-to", "KRI-MOI", user="l.hassan")
        self.assertRegex(r.out, r"^counselling record (\d+) recorded")
        rid = re.search(r"record (\d+)", r.out).group(1)
        shown = self.ok_json("counselling", "show", rid, user="l.hassan")
        self.assertEqual((shown["destination"], shown["identified"],
                          shown["sheets"]), ("AE", False,
                                             ["recruitment-fraud"]))
        self.assertIn("Shilan", self.ok("counselling", "list",
                                        user="l.hassan").out)
        self.fails_cleanly("counselling", "add", "--pseudonym", "Dara",
                           "--topic", "irregular_risks", "--full-name",
                           "Dara Omar Salih", user="l.hassan",
                           mention=("consent", "full_name"))
        self.fails_cleanly("counselling", "add", "--pseudonym", "Dara",
                           "--topic", "irregular_risks", "--consent",
                           "--contact", "+964 750 000 2222",
                           user="l.hassan", mention=("case",))
        self.fails_cleanly("counselling", "add", "--pseudonym", "Dara",
                           "--topic", "weather", user="l.hassan",
                           mention=("weather",))
        self.fails_cleanly("counselling", "add", "--pseudonym", "Dara",
                           user="l.hassan", code=2, mention=("--topic",))
        # The police, another agency, neither read nor write the log.
        self.fails("counselling", "show", rid, user="s.hawre",
                   mention=("no counselling record",))
        self.fails("counselling", "list", user="d.karim",
                   mention=("outreach.record",))
        r = self.ok("counselling", "edit", rid, "--follow-up-done",
                    "--notes", "called back: the offer was withdrawn",
                    user="l.hassan")
        self.assertIn("corrected", r.out)
        shown = self.ok_json("counselling", "show", rid, user="l.hassan")
        self.assertIsNotNone(shown["follow_up_done_at"])
        due = self.ok_json("counselling", "list", "--due", user="l.hassan")
        self.assertNotIn(int(rid), [k["id"] for k in due])
        # The demo's own log: pseudonyms only, one follow-up overdue.
        self.assertIn("Shilan", [k["pseudonym"] for k in due])
        self.assertFalse(any(k["identified"] for k in self.ok_json(
            "counselling", "list", user="l.hassan")))

    def test_demo_programme(self):
        """The demo's training programme: a ToT session and the two
        sessions its participants gave, with tests and certificates."""
        prog = self.demo["programme"]
        f = self.ok_json("stats", "training", user="z.ahmed")
        self.assertEqual(f["sessions"], len(prog["sessions"]))
        self.assertEqual(f["certificates"], sum(
            1 for s in prog["sessions"] for p in s["participants"]
            if p.get("certificate")))
        self.assertEqual(f["cascades"][0]["generations"], 2)
        self.assertEqual(f["cascades"][0]["reach"],
                         len(prog["participants"]) - 1)

    def test_the_first_case_has_a_network(self):
        """The first case's suspect shares a phone number and a hawala
        account with the construction case, and called two numbers."""
        ref = "KRI-MOI-%d-000001" % utc_year()
        other = "KRI-MOI-%d-000002" % utc_year()
        net = self.ok_json("links", "network", ref, db=self.db,
                           user="d.karim")
        ids = {n["id"] for n in net["nodes"]}
        self.assertIn("case:" + other, ids)
        calls = [e for e in net["edges"] if e["kind"] == "call"]
        self.assertEqual(len(calls), 3)
        kinds = {n["kind"] for n in net["nodes"] if n["type"] == "identifier"}
        self.assertEqual(kinds, {"phone", "hawala", "vehicle",
                                 "social_media"})

    def test_store_content(self):
        d = self.demo
        count = lambda t: db_query(self.db, "SELECT count(*) FROM %s"
                                   % t)[0][0]
        self.assertEqual(count("agencies"), len(d["agencies"]))
        self.assertEqual(count("users"), len(d["users"]))
        self.assertEqual(count("persons"), len(d["persons"]))
        # Each report opens a case in the agency it went to.
        self.assertEqual(count("cases"), len(d["cases"]) + len(d["reports"]))
        self.assertEqual(count("intake_reports"), len(d["reports"]))
        self.assertEqual(db_query(self.db, "SELECT count(*) FROM "
                                  "intake_reports WHERE urgent = 1 AND "
                                  "acknowledged_at IS NULL")[0][0], 1)
        self.assertEqual(count("notes"), sum(len(c.get("notes", []))
                                             for c in d["cases"]))
        self.assertEqual(count("case_persons"), sum(len(c.get("people", []))
                                                    for c in d["cases"]))
        closed = db_query(self.db, "SELECT count(*) FROM cases WHERE status "
                          "= 'closed'")[0][0]
        self.assertEqual(closed, sum(1 for c in d["cases"]
                                     if c.get("close_reason")))
        self.assertEqual(self.audit_entries(),
                         db_query(self.db, "SELECT count(*) FROM audit")[0][0])

    def test_demo_users_work(self):
        d = self.demo
        users = {u["username"]: u for u in d["users"]}
        for c in d["cases"]:
            cases = self.ok_json("case", "list", user=c["as"])
            titles = [x["title"] for x in cases]
            self.assertIn(c["title"], titles)
            ref = [x["ref"] for x in cases if x["title"] == c["title"]][0]
            self.assertTrue(ref.startswith(users[c["as"]]["agency"] + "-"))
            v = self.show_case(ref, user=c["as"])
            self.assertEqual(v["case"]["kind"], c["kind"])
            self.assertEqual(v["case"]["status"],
                             "closed" if c.get("close_reason") else "open")
            self.assertEqual([n["text"] for n in v["notes"]],
                             [n["text"] for n in c.get("notes", [])])
            self.assertEqual(len(v["people"]), len(c.get("people", [])))
            for link in c.get("people", []):
                if link.get("presumed_child") or (
                        link.get("age") is not None and int(link["age"]) < 18):
                    match = [p for p in v["people"]
                             if p["role"] == link["role"] and p["child"]]
                    self.assertTrue(match, (c["title"], link))

    def test_demo_again_refused(self):
        self.fails_cleanly("demo", mention=())

    def test_demo_on_missing_store(self):
        self.fails("demo", db=self.path("none.db"), mention=("tipsom init",))

    def test_demo_needs_empty_store(self):
        db = self.empty_store()
        self.ok("agency", "add", "--code", "NGO-X", "--name", "x", "--kind",
                "ngo", db=db)
        self.fails_cleanly("demo", db=db)



# ==========================================================================
# HTCDS de-identified export (issue 8, point 2)
# ==========================================================================

class TestHtcdsExport(TipsomCase):
    """tipsom export htcds: the agency's victims in HTCDS v2.0 fields,
    k-anonymised, with nothing that names or reaches a person."""

    SECRETS = ["Zumurrud", "Qaratepe", "P99887", "750123", "zumurrud@",
               "Bakery on Qaratepe", "Ghazanfar", "Distinct Street",
               "2000-03-04", "2024-05-06", "overheard"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        db = cls.db

        def must(*args, user="inv.a"):
            r = tipsom(*args, db=db, user=user)
            if r.code != 0:
                raise AssertionError(r.describe())
            return r.out.strip()

        ref = must("case", "open", "--kind", "tip", "--title",
                   "Bakery on Qaratepe road")
        must("case", "note", ref, "overheard in the Qaratepe bakery")
        elements = os.path.join(cls.dir, "elements.json")
        with open(elements, "w") as f:
            json.dump({"tip": {"acts": ["recruitment"],
                               "means": ["deception"],
                               "purposes": ["forced_labour"]},
                       "border_crossed": False}, f)
        must("case", "assess", ref, "--elements", elements)
        # Twelve women alike, and two men who stand out.
        for i in range(12):
            pid = must("person", "add", "--given", "Zumurrud%02d" % i,
                       "--family", "Qaratepe", "--sex", "female",
                       "--born", "2000-03-04", "--nationality", "IQ",
                       "--document", "passport:P99887%02d" % i,
                       "--phone", "+96475012345%02d" % i,
                       "--email", "zumurrud%02d@example.org" % i,
                       "--address", "Distinct Street %d" % i)
            must("case", "add-person", ref, pid, "--role",
                 "victim" if i % 2 else "presumed_victim",
                 "--identified-on", "2024-05-06")
        for i in range(2):
            pid = must("person", "add", "--given", "Ghazanfar%d" % i,
                       "--sex", "male", "--born", "1984",
                       "--nationality", "NG")
            must("case", "add-person", ref, pid, "--role", "victim",
                 "--identified-on", "2024-05-06")
        suspect = must("person", "add", "--given", "Ghazanfar", "--family",
                       "Qaratepe", "--sex", "male")
        must("case", "add-person", ref, suspect, "--role", "suspect")
        # Another agency's victim is not this agency's to export.
        ref_b = must("case", "open", "--title", "Case of B", user="inv.b")
        pid = must("person", "add", "--given", "Other", "--sex", "female",
                   user="inv.b")
        must("case", "add-person", ref_b, pid, "--role", "victim",
             user="inv.b")
        cls.ref = ref

    def assert_no_secret(self, text):
        for s in self.SECRETS:
            self.assertNotIn(s.lower(), text.lower(),
                             "%r leaked into the export" % s)

    def test_csv_has_header_rows_and_report(self):
        import csv
        out = self.ok("export", "htcds", user="sup.a").out
        self.assert_no_secret(out)
        lines = out.splitlines()
        head = "\n".join(l for l in lines if l.startswith("#"))
        for needle in ("HTCDS", "v2.0", "CC BY 4.0", "IOM", "k = 11",
                       "# report: 14 victims, 12 released",
                       "2 suppressed"):
            self.assertIn(needle, head)
        rows = list(csv.reader(l for l in lines if not l.startswith("#")))
        self.assertEqual(rows[0][:3], ["vic_TraffickingStatus",
                                       "vic_TraffickingStatusDecisionMakingOrg",
                                       "prs_Gender"])
        self.assertEqual(len(rows), 13)
        for r in rows[1:]:
            rec = dict(zip(rows[0], r))
            self.assertEqual(rec["prs_Gender"], "Feminine")
            self.assertEqual(rec["ageBroad"], "24--26")
            self.assertEqual(rec["prs_Citizenship"], "IQ")
            self.assertEqual(rec["yearOfRegistration"], "2024")
            self.assertEqual(rec["CountryOfExploitation"], "IQ")
            self.assertEqual(rec["vic_TypeOfExploitation"], "ForcedLabour")
            self.assertEqual(rec["vic_MethodsOfControl"], "FalsePromises")
            self.assertEqual(rec["vic_TraffickingStatusDecisionMakingOrg"],
                             "Police")
        self.assertEqual(sorted(set(r[0] for r in rows[1:])),
                         ["ActualVictimOfTrafficking",
                          "PossibleVictimOfTrafficking"])

    def test_json_groups_hold_k_and_nothing_leaks(self):
        import collections
        for k in ("2", "5", "11", "13"):
            r = self.ok("export", "htcds", "--format", "json", "--k", k,
                        user="ana.a")
            self.assert_no_secret(r.out)
            v = json.loads(r.out)
            self.assert_keys(v, {"license", "attribution", "k", "records",
                                 "report"})
            self.assertIn("IOM", v["attribution"])
            self.assertIn("CC BY 4.0", v["license"])
            self.assertEqual(v["k"], int(k))
            groups = collections.Counter(
                json.dumps([rec[q] for q in v["quasi_identifiers"]])
                for rec in v["records"])
            for g, n in groups.items():
                self.assertGreaterEqual(n, int(k), g)
            rep = v["report"]
            self.assertEqual(rep["victims"], 14)
            self.assertEqual(rep["released"] + rep["suppressed"], 14)
            self.assertEqual(rep["released"], len(v["records"]))
        # k 2 keeps the two men, coarser or not; k 13 blanks every QI of
        # all fourteen (one group of 14); k 15 leaves them all out.
        v = self.ok_json("export", "htcds", "--k", "2", user="sup.a")
        self.assertEqual(v["report"]["released"], 14)
        v = self.ok_json("export", "htcds", "--k", "13", user="sup.a")
        self.assertEqual(len(v["records"]), 14)
        for rec in v["records"]:
            self.assertEqual([rec[q] for q in v["quasi_identifiers"]],
                             [None, None, [], None, None, []])
        v = self.ok_json("export", "htcds", "--k", "15", user="sup.a")
        self.assertEqual(v["records"], [])
        self.assertEqual(v["report"]["suppressed"], 14)

    def test_years_and_out_file(self):
        v = self.ok_json("export", "htcds", "--from", "2025", user="sup.a")
        self.assertEqual(v["records"], [])
        self.assertEqual(v["from"], 2025)
        v = self.ok_json("export", "htcds", "--from", "2024", "--to", "2024",
                         user="sup.a")
        self.assertEqual(v["report"]["victims"], 14)
        path = self.path("htcds.csv")
        r = self.ok("export", "htcds", "--out", path, user="sup.a")
        self.assertEqual(r.out, "")
        with open(path) as f:
            text = f.read()
        self.assertIn("# report:", text)
        self.assert_no_secret(text)
        self.assertEqual(os.stat(path).st_mode & 0o077, 0)

    def test_audited_with_counts_only(self):
        self.ok("export", "htcds", "--k", "5", user="sup.a")
        rows = db_query(self.db, "SELECT changes, agency_id FROM audit "
                        "WHERE action = 'export.htcds' ORDER BY seq DESC "
                        "LIMIT 1")
        self.assertEqual(len(rows), 1)
        changes = json.loads(rows[0][0])
        self.assertEqual(changes["k"], 5)
        self.assertEqual(changes["records"] + changes["suppressed"], 14)
        self.assertEqual(rows[0][1], self.agency_id(AGENCY_A))
        self.assert_no_secret(rows[0][0])

    def test_refusals(self):
        self.fails_cleanly("export", "htcds", user="inv.a",
                           mention=("export.deidentified",))
        for args, field in ((("--k", "1"), "--k"), (("--k", "1001"), "--k"),
                            (("--k", "eleven"), "--k"),
                            (("--format", "xlsx"), "--format"),
                            (("--from", "20x4"), "--from"),
                            (("--from", "2024", "--to", "2020"), "--to")):
            self.fails_cleanly("export", "htcds", *args, user="sup.a",
                               code=2, mention=(field,))

    def test_a_tiny_or_empty_export_is_valid(self):
        # B's one victim, alone: left out, and counted.
        v = self.ok_json("export", "htcds", user="sup.b")
        self.assertEqual(v["records"], [])
        self.assertEqual(v["report"]["victims"], 1)
        self.assertEqual(v["report"]["suppressed"], 1)
        out = self.ok("export", "htcds", "--from", "2090", user="sup.b").out
        self.assertIn("# report: 0 victims, 0 released", out)


# ==========================================================================
# SOP definitions (issue 3, first slice)
# ==========================================================================

SOP_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "..", "data", "sops")


class TestSheets(unittest.TestCase):
    """The information library (mrc/sheets/, docs/sheet-format.md):
    public, no store needed."""

    SHEETS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "..", "..", "mrc", "sheets")

    def test_list_and_show(self):
        r = tipsom("sheets", "list", "--json")
        self.assertEqual(r.code, 0, r.describe())
        sheets = json.loads(r.out)
        self.assertGreaterEqual(len(sheets), 4)
        ids = {s["id"] for s in sheets}
        self.assertEqual(ids, {f[:-5] for f in os.listdir(self.SHEETS)})
        for s in sheets:
            self.assertRegex(s["review_by"], r"^\d{4}-\d{2}-\d{2}$")
            self.assertIn(s["review_due"], (True, False))
        r = tipsom("sheets", "list", "--topic", "recruitment_fraud",
                   "--json")
        only = json.loads(r.out)
        self.assertTrue(only)
        self.assertTrue(all("recruitment_fraud" in s["topics"]
                            for s in only))
        for lang in ("en", "ar", "ckb", "prs"):
            r = tipsom("sheets", "show", "recruitment-fraud", "--lang",
                       lang, "--json")
            self.assertEqual(r.code, 0, r.describe())
            shown = json.loads(r.out)
            self.assertEqual(shown["lang"], lang)
            self.assertTrue(shown["text"]["sections"])
            self.assertTrue(shown["sources"])
        r = tipsom("sheets", "show", "recruitment-fraud", "--lang", "ckb")
        self.assertEqual(r.code, 0, r.describe())
        self.assertIn("Sources:", r.out)
        self.assertRegex(r.out, "[\u0600-\u06ff]")
        # A language a sheet lacks: English, and said so.
        r = tipsom("sheets", "show", "recruitment-fraud", "--lang", "tg")
        self.assertEqual(r.code, 0, r.describe())
        self.assertIn("shown in English", r.err)

    def test_bad_input(self):
        r = tipsom("sheets", "show", "no-such-sheet")
        self.assertEqual(r.code, 1, r.describe())
        self.assertIn("tipsom sheets list", r.err)
        r = tipsom("sheets", "list", "--lang", "fr")
        self.assertEqual(r.code, 2, r.describe())
        self.assertIn("--lang", r.err)
        r = tipsom("sheets", "list", "--topic", "weather")
        self.assertEqual(r.code, 2, r.describe())
        self.assertIn("recruitment_fraud", r.err)

    def test_validate(self):
        path = os.path.join(self.SHEETS, "recruitment-fraud.json")
        r = tipsom("sheets", "validate", path)
        self.assertEqual(r.code, 0, r.describe())
        self.assertIn("valid sheet recruitment-fraud", r.out)
        with open(path, encoding="utf-8") as f:
            sheet = json.load(f)
        del sheet["text"]["ckb"]
        with tempfile.TemporaryDirectory() as d:
            bad = os.path.join(d, "bad.json")
            with open(bad, "w", encoding="utf-8") as f:
                json.dump(sheet, f, ensure_ascii=False)
            r = tipsom("sheets", "validate", bad)
        self.assertEqual(r.code, 1, r.describe())
        self.assertIn("text.ckb: missing", r.err)


class TestSops(unittest.TestCase):

    def test_validate_a_good_file(self):
        r = tipsom("sop", "validate", os.path.join(SOP_DATA, "minimal.json"))
        self.assertEqual(r.code, 0, r.describe())
        self.assertIn("valid SOP mini version 1", r.out)
        # Its phases and steps are in English only: said, not refused.
        self.assertIn('texts have no "ckb" translation, the first at '
                      'phases[0].title', r.err)

    def test_validate_refuses_with_the_json_path(self):
        with open(os.path.join(SOP_DATA, "minimal.json"),
                  encoding="utf-8") as f:
            sop = json.load(f)
        sop["phases"][0]["steps"][1]["depends_on"] = ["intervew"]
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bad.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(sop, f)
            r = tipsom("sop", "validate", path)
        self.assertEqual(r.code, 1, r.describe())
        self.assertEqual(r.err.strip(),
                         'tipsom: phases[0].steps[1].depends_on[0]: '
                         'unknown step "intervew": name a step of this SOP')

    def test_validate_refuses_what_is_not_json(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bad.json")
            with open(path, "w", encoding="utf-8") as f:
                f.write('{"format": ')
            r = tipsom("sop", "validate", path)
            self.assertEqual(r.code, 1, r.describe())
            self.assertIn("not valid JSON at line 1", r.err)
            r = tipsom("sop", "validate", os.path.join(d, "missing.json"))
            self.assertEqual(r.code, 1, r.describe())
            self.assertIn("cannot read", r.err)

    def test_shipped_sops_validate(self):
        sops = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "..", "..", "sops")
        for name in ("tip.json", "som.json"):
            r = tipsom("sop", "validate", os.path.join(sops, name))
            self.assertEqual(r.code, 0, r.describe())

    def test_list_and_show(self):
        with tempfile.TemporaryDirectory() as d:
            db = os.path.join(d, "s.db")
            self.assertEqual(tipsom("init", db=db).code, 0)
            r = tipsom("sop", "list", "--json", db=db)
            self.assertEqual(r.code, 0, r.describe())
            ids = {s["id"]: s for s in json.loads(r.out)}
            self.assertIn("tip", ids)
            self.assertIn("som", ids)
            self.assertEqual(ids["tip"]["origin"], "shipped")
            self.assertTrue(ids["tip"]["current"])
            r = tipsom("sop", "show", "som@%d" % ids["som"]["version"],
                       "--json", db=db)
            self.assertEqual(r.code, 0, r.describe())
            self.assertEqual(json.loads(r.out)["id"], "som")
            r = tipsom("sop", "show", "tip", "--lang", "ckb", db=db)
            self.assertEqual(r.code, 0, r.describe())
            self.assertRegex(r.out, "[\u0600-\u06ff]")
            r = tipsom("sop", "show", "tip@999", db=db)
            self.assertEqual(r.code, 1, r.describe())
            self.assertIn('"tip@999" in this store', r.err)
            r = tipsom("sop", "show", "tip@x", db=db)
            self.assertEqual(r.code, 2, r.describe())


if __name__ == "__main__":
    unittest.main(verbosity=2)
