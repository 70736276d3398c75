#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests of the JSON API (`tipsom serve`).

Builds a temporary store with the command line (init, two agencies, a user
of every role in each), starts a real `tipsom serve` on a free loopback
port, and talks HTTP to it with the standard library.  Every JSON answer
is checked against docs/openapi.json (the response schema of the route,
method and status; a small JSON Schema checker below), every request the
server accepts against the document's request schema, and the document
itself with swagger-parser (tests/api/validate.js, installed by `npm ci`
when tests/api/node_modules is missing).  The store is read back with
sqlite3 to see what was written, and the server's stderr (one access line
per request) to see what was logged.

When TIPSOM_TEST_PG names a PostgreSQL server (postgresql://USER@HOST:
PORT/postgres, tools/test-pg.sh), every store is a database of its own on
it instead of a file, read back with psycopg2 (Debian's
python3-psycopg2: the script runs itself again under /usr/bin/python3
when the python3 it was started with lacks it), and dropped at the end.  The server is stopped by its pid
with SIGTERM at the end, even when tests fail; it must exit 0 and say
"tipsom: stopped".

    TIPSOM=build/test/tipsom python3 tests/api/test_api.py -v

Python 3 standard library only (and psycopg2 on PostgreSQL).  All names, places and events below are
fictional.
"""

import atexit
import base64
import csv
import datetime
import hashlib
import hmac
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal

PG_SERVER = os.environ.get("TIPSOM_TEST_PG") or None
if PG_SERVER:
    try:
        import psycopg2
    except ImportError:
        # Debian's python3-psycopg2 is for Debian's python3, which another
        # python3 first on PATH (pyenv's) does not see.
        DEBIAN_PYTHON = "/usr/bin/python3"
        if os.path.realpath(sys.executable) != \
                os.path.realpath(DEBIAN_PYTHON) and \
                os.access(DEBIAN_PYTHON, os.X_OK):
            os.execv(DEBIAN_PYTHON, [DEBIAN_PYTHON] + sys.argv)
        print("test_api.py: TIPSOM_TEST_PG is set but there is no "
              "psycopg2: install python3-psycopg2 (apt-get install "
              "python3-psycopg2)", file=sys.stderr)
        sys.exit(1)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TIPSOM = os.environ.get("TIPSOM") or os.path.join(ROOT, "build", "dev",
                                                  "tipsom")
DOC_PATH = os.path.join(ROOT, "docs", "openapi.json")
SOPS = os.path.join(ROOT, "sops")

SANITIZER_MARKERS = ("AddressSanitizer", "LeakSanitizer", "runtime error:",
                     "UndefinedBehaviorSanitizer", "MemorySanitizer",
                     "ThreadSanitizer")

PASSWORD = "Erbil-Test-Phrase-2026!"
AGENCY_A = "KRI-MOI"
AGENCY_B = "IQ-MOI"
ROLES = ["admin", "supervisor", "investigator", "caseworker", "prosecutor",
         "analyst", "trainer", "trainee"]
CASE_READERS = {"supervisor", "investigator", "caseworker", "prosecutor"}
STEP_ROLES_SAFETY = {"supervisor", "investigator", "caseworker"}
CLASSIFIERS = {"supervisor", "investigator", "prosecutor"}

# Users of their own for the tests that spoil an account.
LOCK_USER = "lock.a"
TOTP_USER = "totp.a"
SESSION_USER = "session.a"
ENROL_USER = "enrol.a"
PASSWD_USER = "passwd.a"
LOST_DEVICE_USER = "lost.b"

SQL_PAYLOADS = ["' OR 1=1 --", "\"; DROP TABLE cases;--",
                "x'); DELETE FROM audit; --"]

# Strings that must never reach the access log: every name, note and
# password the tests send is added here, and checked at the end.
SECRETS = {PASSWORD}

ACCESS_RE = re.compile(r"^tipsom\[access\] method=[A-Z]+ route=(-|/|/static/"
                       r"\{file\}|/api/v1/[A-Za-z0-9_./{}-]*) "
                       r"status=\d{3} ms=\d+\.\d user=\d+$")


def username(role, agency="a"):
    return "%s.%s" % (role, agency)


USERS = {}      # username -> (agency, role)
for _r in ROLES:
    USERS[username(_r, "a")] = (AGENCY_A, _r)
    USERS[username(_r, "b")] = (AGENCY_B, _r)
USERS[LOCK_USER] = (AGENCY_A, "investigator")
USERS[TOTP_USER] = (AGENCY_A, "caseworker")
USERS[SESSION_USER] = (AGENCY_A, "caseworker")
USERS[ENROL_USER] = (AGENCY_A, "investigator")
USERS[PASSWD_USER] = (AGENCY_A, "caseworker")
USERS[LOST_DEVICE_USER] = (AGENCY_B, "caseworker")


# --------------------------------------------------------------------------
# A JSON Schema checker for the subset docs/openapi.json uses
# --------------------------------------------------------------------------

class SchemaUnsupported(Exception):
    """The document uses a keyword this checker does not understand: it
    would otherwise be silently ignored."""


ANNOTATIONS = {"description", "title", "format", "default", "example",
               "readOnly", "writeOnly", "deprecated"}
KEYWORDS = {"$ref", "type", "nullable", "enum", "properties", "required",
            "additionalProperties", "items", "oneOf", "minimum", "maximum",
            "minItems", "pattern"}


def resolve(doc, pointer):
    if not pointer.startswith("#/"):
        raise SchemaUnsupported("only local $ref: %s" % pointer)
    node = doc
    for part in pointer[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if part not in node:
            raise SchemaUnsupported("$ref %s does not resolve" % pointer)
        node = node[part]
    return node


def type_ok(t, v):
    if t == "string":
        return isinstance(v, str)
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "boolean":
        return isinstance(v, bool)
    if t == "array":
        return isinstance(v, list)
    if t == "object":
        return isinstance(v, dict)
    raise SchemaUnsupported("type %r" % t)


def same(a, b):
    return type(a) is type(b) and a == b


def schema_errors(doc, schema, value, path="$"):
    """The ways value breaks schema, as a list of 'path: problem'."""
    errors = []
    _check(doc, schema, value, path, errors)
    return errors


def _check(doc, schema, value, path, errors):
    if not isinstance(schema, dict):
        raise SchemaUnsupported("%s: a schema must be an object" % path)
    unknown = set(schema) - ANNOTATIONS - KEYWORDS
    if unknown:
        raise SchemaUnsupported("%s: keywords %s" % (path, sorted(unknown)))
    if "$ref" in schema:
        _check(doc, resolve(doc, schema["$ref"]), value, path, errors)
        return
    if value is None and schema.get("nullable"):
        return
    if "oneOf" in schema:
        results = [schema_errors(doc, alt, value, path)
                   for alt in schema["oneOf"]]
        ok = [r for r in results if not r]
        if len(ok) != 1:
            best = min(results, key=len)
            errors.append("%s: matches %d of %d oneOf alternatives%s"
                          % (path, len(ok), len(results),
                             (" (closest: %s)" % "; ".join(best[:3]))
                             if not ok else ""))
    t = schema.get("type")
    if t is not None and not type_ok(t, value):
        errors.append("%s: %s is not of type %s%s"
                      % (path, json.dumps(value)[:80], t,
                         "" if value is not None else
                         " (and not nullable)"))
        return
    if "enum" in schema and not any(same(value, e) for e in schema["enum"]):
        errors.append("%s: %s is not one of %s"
                      % (path, json.dumps(value)[:80], schema["enum"]))
    if isinstance(value, str) and "pattern" in schema:
        if not re.search(schema["pattern"], value):
            errors.append("%s: %r does not match %s"
                          % (path, value[:80], schema["pattern"]))
    if type_ok("number", value):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append("%s: %s is below %s"
                          % (path, value, schema["minimum"]))
        if "maximum" in schema and value > schema["maximum"]:
            errors.append("%s: %s is above %s"
                          % (path, value, schema["maximum"]))
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            errors.append("%s: fewer than %d items"
                          % (path, schema["minItems"]))
        if "items" in schema:
            for n, item in enumerate(value):
                _check(doc, schema["items"], item, "%s[%d]" % (path, n),
                       errors)
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                errors.append("%s: required %r is missing" % (path, key))
        extra = schema.get("additionalProperties", True)
        for key, v in value.items():
            sub = "%s.%s" % (path, key)
            if key in props:
                _check(doc, props[key], v, sub, errors)
            elif extra is False:
                errors.append("%s: %r is not in the schema" % (path, key))
            elif isinstance(extra, dict):
                _check(doc, extra, v, sub, errors)


class OpenApi:
    """docs/openapi.json: finds the operation of a request and the schema
    of each answer."""

    METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.text = f.read()
        self.doc = json.loads(self.text)
        self.routes = []
        for template, item in self.doc["paths"].items():
            rx = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+",
                              re.escape(template)) + "$"
            self.routes.append((re.compile(rx), template, item))

    def operations(self):
        for template, item in self.doc["paths"].items():
            for m in self.METHODS:
                if m in item:
                    yield m.upper(), template, item[m]

    def find(self, method, path):
        """(template, operation or None); (None, None) for no route."""
        path = path.split("?", 1)[0]
        for rx, template, item in self.routes:
            if rx.match(path):
                return template, item.get(method.lower())
        return None, None

    def deref(self, node):
        while isinstance(node, dict) and "$ref" in node:
            node = resolve(self.doc, node["$ref"])
        return node

    def error_schema(self):
        return {"$ref": "#/components/schemas/Error"}

    def response_schema(self, op, status):
        """(found, schema or None when the answer has no body)."""
        resp = op["responses"].get(str(status))
        if resp is None:
            return False, None
        resp = self.deref(resp)
        content = resp.get("content")
        if not content:
            return True, None
        if "application/json" not in content:
            return True, None
        return True, content["application/json"]["schema"]

    def media_types(self, op, status):
        """The media types of op's answer with status."""
        resp = op["responses"].get(str(status))
        if resp is None:
            return []
        return list(self.deref(resp).get("content", {}))

    def request_schema(self, op):
        body = op.get("requestBody")
        if not body:
            return None
        return self.deref(body)["content"]["application/json"]["schema"]

    def errors(self, schema, value):
        return schema_errors(self.doc, schema, value)


API = OpenApi(DOC_PATH)


# --------------------------------------------------------------------------
# Running the binary
# --------------------------------------------------------------------------

def base_env():
    env = dict(os.environ)
    for k in ("TIPSOM_DB", "TIPSOM_USER", "TIPSOM_SESSION_IDLE",
              "TIPSOM_SESSION_MAX"):
        env.pop(k, None)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    return env


# --------------------------------------------------------------------------
# Stores: a SQLite file, or a PostgreSQL database of its own
# --------------------------------------------------------------------------

PG_MADE = []    # the databases store_url() named, dropped at the end
PGBIN = os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin")
# store_pg.c's WRITER_LOCK: the advisory lock every tipsom writer takes.
PG_WRITER_LOCK = 127978520129389


def pg_url(name):
    u = urllib.parse.urlsplit(PG_SERVER)
    return urllib.parse.urlunsplit(u._replace(path="/" + name))


def store_url(db):
    """The --db of store db, named by a path: the SQLite file, or under
    TIPSOM_TEST_PG a database of its own on that server, named after the
    path (which a fresh temporary directory makes unique)."""
    if not PG_SERVER:
        return "sqlite:" + db
    name = "api_" + hashlib.sha256(
        os.path.abspath(db).encode("utf-8")).hexdigest()[:16]
    if name not in PG_MADE:
        PG_MADE.append(name)
    return pg_url(name)


def pg_admin():
    con = psycopg2.connect(PG_SERVER)
    con.autocommit = True
    return con


def drop_stores():
    """Drops the databases the tests named (those a test left open
    too)."""
    if not PG_MADE:
        return
    con = pg_admin()
    try:
        with con.cursor() as cur:
            for name in PG_MADE:
                cur.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)'
                            % name)
    finally:
        con.close()
    del PG_MADE[:]


def copy_store(src, dst):
    """Makes store dst a copy of store src, which a server may be
    using."""
    if not PG_SERVER:
        a = sqlite3.connect(src)
        b = sqlite3.connect(dst)
        try:
            a.backup(b)
        finally:
            b.close()
            a.close()
        return
    # CREATE DATABASE ... TEMPLATE wants no one connected to src: one
    # consistent dump instead.
    target = store_url(dst)
    con = pg_admin()
    try:
        with con.cursor() as cur:
            cur.execute('CREATE DATABASE "%s"'
                        % urllib.parse.urlsplit(target).path[1:])
    finally:
        con.close()
    dump = subprocess.run([os.path.join(PGBIN, "pg_dump"), "-Fc",
                           "--no-owner", store_url(src)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=True, timeout=120)
    subprocess.run([os.path.join(PGBIN, "pg_restore"), "--no-owner",
                    "--exit-on-error", "-d", target], input=dump.stdout,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   check=True, timeout=120)


def cli(db, *args, user=None, stdin=b"", check=True):
    """Runs tipsom with TIPSOM_DB=store_url(db); returns the
    CompletedProcess."""
    env = base_env()
    env["TIPSOM_DB"] = store_url(db)
    if user:
        env["TIPSOM_USER"] = user
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    p = subprocess.run([TIPSOM] + list(args), input=stdin,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env, timeout=120)
    err = p.stderr.decode("utf-8", "replace")
    for marker in SANITIZER_MARKERS:
        if marker in err:
            raise AssertionError("sanitizer report from tipsom %s:\n%s"
                                 % (" ".join(args), err[:4000]))
    if check and p.returncode != 0:
        raise AssertionError("tipsom %s failed (exit %d): %s"
                             % (" ".join(args), p.returncode, err.strip()))
    return p


class Connection:
    """One connection to a store, SQL written with SQLite's ?
    placeholders on both."""

    def __init__(self, db):
        if PG_SERVER:
            self.con = psycopg2.connect(store_url(db))
        else:
            self.con = sqlite3.connect(db, timeout=10)
            self.con.execute("PRAGMA busy_timeout = 10000")

    def execute(self, sql, params=()):
        """The rows of sql, as tuples of int, float, str or None."""
        if not PG_SERVER:
            return self.con.execute(sql, params).fetchall()
        with self.con.cursor() as cur:
            # psycopg2 formats with % (given params, even none): a % of
            # the SQL itself is doubled.
            cur.execute(sql.replace("%", "%%").replace("?", "%s"),
                        tuple(params))
            if cur.description is None:
                return []
            return [tuple(plain(v) for v in row) for row in cur.fetchall()]

    def tables(self):
        """The store's tables, by name."""
        if PG_SERVER:
            sql = ("SELECT table_name FROM information_schema.tables WHERE "
                   "table_schema = current_schema() AND table_type = "
                   "'BASE TABLE' ORDER BY table_name")
        else:
            sql = ("SELECT name FROM sqlite_master WHERE type = 'table' "
                   "AND name NOT LIKE 'sqlite_%' ORDER BY name")
        return [t for t, in self.execute(sql)]

    def commit(self):
        self.con.commit()

    def close(self):
        self.con.close()


def plain(v):
    """A value from PostgreSQL as sqlite3 gives it (sum() of bigint is a
    numeric there)."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, memoryview):
        return bytes(v)
    return v


def connect(db):
    return Connection(db)


def db_query(db, sql, params=()):
    con = connect(db)
    try:
        return con.execute(sql, params)
    finally:
        con.close()


def db_exec(db, sql, params=()):
    con = connect(db)
    try:
        con.execute(sql, params)
        con.commit()
    finally:
        con.close()


def db_snapshot(db, skip=("sessions",)):
    """Every row of every table (but skip), to prove nothing was written."""
    con = connect(db)
    try:
        snap = {}
        for t in con.tables():
            if t in skip:
                continue
            rows = con.execute('SELECT * FROM "%s"' % t)
            snap[t] = sorted(repr(r) for r in rows)
        return snap
    finally:
        con.close()


def db_schema(db):
    """What the store's catalogue says of its tables, indexes and
    triggers, to prove none was dropped or changed."""
    if not PG_SERVER:
        return db_query(db, "SELECT type, name, sql FROM sqlite_master "
                        "ORDER BY name")
    return db_query(
        db, "SELECT 'column', table_name || '.' || column_name, data_type "
        "|| ' ' || is_nullable || ' ' || coalesce(column_default, '') FROM "
        "information_schema.columns WHERE table_schema = current_schema() "
        "UNION ALL SELECT 'index', indexname, indexdef FROM pg_indexes "
        "WHERE schemaname = current_schema() UNION ALL SELECT 'trigger', "
        "tgrelid::regclass::text || '.' || tgname, pg_get_triggerdef(oid) FROM "
        "pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2")


class WriterHeld:
    """Holds store db for writing, as another process's writer would:
    SQLite's write lock (BEGIN IMMEDIATE), or the advisory lock every
    tipsom writer takes on PostgreSQL, until the block ends."""

    def __init__(self, db):
        self.db = db
        self.con = None

    def __enter__(self):
        if PG_SERVER:
            self.con = psycopg2.connect(store_url(self.db))
            with self.con.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)",
                            (PG_WRITER_LOCK,))
        else:
            self.con = sqlite3.connect(self.db, timeout=10,
                                       isolation_level=None)
            self.con.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc):
        if PG_SERVER:
            self.con.rollback()
        else:
            self.con.execute("ROLLBACK")
        self.con.close()
        return False


def build_store(db):
    cli(db, "init")
    cli(db, "agency", "add", "--code", AGENCY_A, "--name",
        "المديرية العامة لمكافحة الاتجار بالبشر", "--kind",
        "law_enforcement")
    cli(db, "agency", "add", "--code", AGENCY_B, "--name",
        "Ministry of Interior, anti-trafficking directorate", "--kind",
        "law_enforcement")
    first = username("admin", "a")
    cli(db, "user", "add", "--agency", AGENCY_A, "--username", first,
        "--role", "admin", "--full-name", "Test Admin",
        stdin=PASSWORD + "\n")
    for name, (agency, role) in USERS.items():
        if name == first:
            continue
        cli(db, "user", "add", "--agency", agency, "--username", name,
            "--role", role, user=first, stdin=PASSWORD + "\n")


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


class Server:
    """One `tipsom serve` started by these tests, known by its pid."""

    def __init__(self, db, workdir, extra=(), env=None, name="server"):
        self.db = db
        self.proc = None
        self.out_path = os.path.join(workdir, name + ".stdout")
        self.err_path = os.path.join(workdir, name + ".stderr")
        self.extra = list(extra)
        self.env = env or {}
        self.port = None
        self.returncode = None
        self.signalled = False

    def start(self):
        last = ""
        for _ in range(5):
            self.port = free_port()
            env = base_env()
            env["TIPSOM_DB"] = store_url(self.db)
            env.update(self.env)
            with open(self.out_path, "wb") as out, \
                    open(self.err_path, "wb") as err:
                self.proc = subprocess.Popen(
                    [TIPSOM, "serve", "--listen", "127.0.0.1:%d" % self.port,
                     "--threads", "2"] + self.extra,
                    stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                    env=env)
            want = "tipsom is serving http://127.0.0.1:%d/api/v1/" % self.port
            deadline = time.time() + 30
            while time.time() < deadline:
                if want in self.stdout():
                    return
                if self.proc.poll() is not None:
                    break
                time.sleep(0.05)
            last = self.stderr()
            if self.proc.poll() is None:
                self.kill()
                raise AssertionError("tipsom serve did not say it was "
                                     "ready in 30 s:\n" + last[-2000:])
            if "cannot listen" not in last:
                break
        raise AssertionError("tipsom serve did not start (exit %s):\n%s"
                             % (self.proc.returncode, last[-2000:]))

    def stdout(self):
        with open(self.out_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stderr(self):
        with open(self.err_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=60):
        """SIGTERM to the pid started; returns the exit code."""
        if self.proc is None:
            return self.returncode
        if self.proc.poll() is None:
            self.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise AssertionError("tipsom serve did not stop within "
                                     "%d s of SIGTERM" % timeout)
        self.returncode = self.proc.returncode
        self.proc = None
        return self.returncode

    def terminate(self):
        """One SIGTERM to the pid started (a second would not be a
        graceful stop any more)."""
        if not self.signalled and self.proc is not None:
            self.signalled = True
            os.kill(self.proc.pid, signal.SIGTERM)

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def access_lines(self):
        return [l for l in self.stderr().splitlines()
                if l.startswith("tipsom[access]")]


# --------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------

class Response:
    def __init__(self, method, path, status, headers, body, sent):
        self.method = method
        self.path = path
        self.status = status
        self.headers = headers          # list of (name, value)
        self.body = body
        self.sent = sent
        self.json = None
        if body:
            try:
                self.json = json.loads(body.decode("utf-8"))
            except ValueError:
                self.json = None

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def describe(self):
        sent = self.sent if isinstance(self.sent, (bytes, type(None))) \
            else json.dumps(self.sent)
        if isinstance(sent, bytes):
            sent = sent[:300].decode("utf-8", "backslashreplace")
        return ("\n  %s %s\n  sent: %s\n  got: %d %s"
                % (self.method, self.path, (sent or "")[:300], self.status,
                   self.body[:1500].decode("utf-8", "backslashreplace")))

    @property
    def error(self):
        return (self.json or {}).get("error", {})


class ContractError(AssertionError):
    pass


SEEN = set()    # (method, template, status) of every answer checked


def check_contract(resp):
    """The answer matches docs/openapi.json for its route, method and
    status; a body the server accepted matches the request schema."""
    template, op = API.find(resp.method, resp.path)
    SEEN.add((resp.method, template, resp.status))
    ctype = resp.header("Content-Type")
    media = (ctype or "").split(";")[0].strip()
    if op is not None and media != "application/json" and \
            media in API.media_types(op, resp.status):
        # A document the operation answers with (an export): the test
        # that asked for it checks what is in it.
        return
    if ctype != "application/json; charset=utf-8":
        raise ContractError("Content-Type %r is not application/json; "
                            "charset=utf-8:%s" % (ctype, resp.describe()))
    if op is None:
        # No route (404) or no such method (405), or refused before
        # routing: the error shape is all there is.
        if resp.status < 400:
            raise ContractError("%s %s answered %d but the document has "
                                "no such operation:%s"
                                % (resp.method, template or resp.path,
                                   resp.status, resp.describe()))
        schema = API.error_schema()
    else:
        found, schema = API.response_schema(op, resp.status)
        if not found:
            raise ContractError("%s %s: status %d is not in the document's "
                                "responses %s:%s"
                                % (resp.method, template, resp.status,
                                   sorted(op["responses"]),
                                   resp.describe()))
        if schema is None:
            if resp.body:
                raise ContractError("%s %s %d should have no body:%s"
                                    % (resp.method, template, resp.status,
                                       resp.describe()))
            return
        if 200 <= resp.status < 300 and isinstance(resp.sent, (dict, list)):
            req_schema = API.request_schema(op)
            if req_schema is not None:
                errs = API.errors(req_schema, resp.sent)
                if errs:
                    raise ContractError(
                        "%s %s: the server accepted a body the document's "
                        "request schema refuses: %s%s"
                        % (resp.method, template, "; ".join(errs[:5]),
                           resp.describe()))
    if resp.json is None:
        raise ContractError("the answer is not JSON:%s" % resp.describe())
    errs = API.errors(schema, resp.json)
    if errs:
        raise ContractError("%s %s %d does not match the document: %s%s"
                            % (resp.method, template or resp.path,
                               resp.status, "; ".join(errs[:6]),
                               resp.describe()))


class Client:
    """A browser-like client: the session cookie and the CSRF token."""

    def __init__(self, server, name=None):
        self.server = server
        self.name = name
        self.cookie = None
        self.csrf = None
        self.user = None

    def request(self, method, path, body=None, raw=None, headers=None,
                csrf=True, content_type="application/json", check=True):
        """body: JSON to send; raw: bytes to send as they are.  csrf: True
        sends the session's token on non-GET requests, False none, a
        string that string."""
        h = {}
        if self.cookie is not None:
            h["Cookie"] = "tipsom_session=" + self.cookie
        if method not in ("GET", "HEAD"):
            if csrf is True and self.csrf:
                h["X-CSRF-Token"] = self.csrf
            elif isinstance(csrf, str):
                h["X-CSRF-Token"] = csrf
        data = raw
        sent = raw
        if raw is None and body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            sent = body
        if data is not None and content_type:
            h["Content-Type"] = content_type
        if headers:
            h.update(headers)
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port,
                                          timeout=60)
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            payload = r.read()
            resp = Response(method, path, r.status, r.getheaders(), payload,
                            sent)
        finally:
            conn.close()
        if check:
            check_contract(resp)
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, user, password=PASSWORD, totp=None):
        body = {"username": user, "password": password}
        if totp is not None:
            body["totp"] = totp
        r = self.post("/api/v1/session", body)
        if r.status == 201:
            self.cookie = cookie_value(r.header("Set-Cookie"))
            self.csrf = r.json["csrf"]
            self.user = user
        return r


def cookie_value(set_cookie):
    m = re.match(r"tipsom_session=([^;]*)", set_cookie or "")
    return m.group(1) if m else None


def cookie_attrs(set_cookie):
    parts = [p.strip() for p in set_cookie.split(";")]
    attrs = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        attrs[k.lower()] = v
    return attrs


def totp_code(secret, step):
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    off = digest[-1] & 0x0F
    n = struct.unpack(">I", digest[off:off + 4])[0] & 0x7FFFFFFF
    return "%06d" % (n % 1000000)


def q(s):
    return urllib.parse.quote(s, safe="")


def contains(value, needle):
    """needle appears as a whole string somewhere in JSON value."""
    if isinstance(value, str):
        return value == needle
    if isinstance(value, dict):
        return any(contains(v, needle) for v in value.values())
    if isinstance(value, list):
        return any(contains(v, needle) for v in value)
    return False


# --------------------------------------------------------------------------
# The module's store and server
# --------------------------------------------------------------------------

STATE = {}
# Whether every test runs (no test names on the command line): only then
# must every operation have been seen to succeed.
FULL_RUN = __name__ == "__main__" and not [
    a for a in sys.argv[1:] if not a.startswith("-")]


def _cleanup():
    srv = STATE.get("server")
    if srv is not None:
        srv.kill()
    tmp = STATE.pop("tmp", None)
    if tmp is not None:
        if os.environ.get("TIPSOM_API_KEEP"):
            sys.stderr.write("test_api: kept %s\n" % tmp.name)
            tmp._finalizer.detach()
        else:
            tmp.cleanup()
    if not os.environ.get("TIPSOM_API_KEEP"):
        drop_stores()
    elif PG_MADE:
        sys.stderr.write("test_api: kept databases %s\n" % " ".join(PG_MADE))
        del PG_MADE[:]


atexit.register(_cleanup)


def setUpModule():
    if not os.access(TIPSOM, os.X_OK):
        raise unittest.SkipTest("no tipsom binary at %s: build it or set "
                                "TIPSOM" % TIPSOM)
    tmp = tempfile.TemporaryDirectory(prefix="tipsom-api-")
    STATE["tmp"] = tmp
    STATE["dir"] = tmp.name
    db = os.path.join(tmp.name, "store.db")
    build_store(db)
    STATE["db"] = db
    srv = Server(db, tmp.name)
    STATE["server"] = srv
    unittest.addModuleCleanup(_cleanup)
    srv.start()
    STATE["clients"] = {}


def tearDownModule():
    srv = STATE.get("server")
    if srv is None or srv.proc is None:
        return
    problems = []
    if not srv.alive():
        problems.append("the server died during the tests (exit %s)"
                        % srv.proc.returncode)
    code = srv.stop()
    err = srv.stderr()
    if code != 0:
        problems.append("tipsom serve exited %s after SIGTERM, not 0" % code)
    if "tipsom: stopped" not in err:
        problems.append("tipsom serve did not print 'tipsom: stopped'")
    for marker in SANITIZER_MARKERS:
        if marker in err:
            problems.append("sanitizer report in the server's stderr (%s)"
                            % marker)
    for line in err.splitlines():
        if line.startswith("tipsom[access]") and not ACCESS_RE.match(line):
            problems.append("malformed access line: %r" % line)
            break
    for secret in sorted(SECRETS):
        if secret and secret in err:
            problems.append("the server's stderr holds %r" % secret)
    if FULL_RUN:
        for method, path, op in API.operations():
            ok = [c for c in op["responses"] if c.startswith("2")]
            if not any((method, path, int(c)) in SEEN for c in ok):
                problems.append("no test got a %s answer from %s %s"
                                % ("/".join(ok), method, path))
        if os.environ.get("TIPSOM_API_COVERAGE"):
            for method, path, op in API.operations():
                for c in sorted(op["responses"]):
                    if (method, path, int(c)) not in SEEN:
                        sys.stderr.write("never seen: %s %s %s\n"
                                         % (method, path, c))
    r = cli(STATE["db"], "audit", "verify", "--json",
            user=username("admin", "a"), check=False)
    try:
        v = json.loads(r.stdout)
        if v.get("intact") is not True:
            problems.append("audit verify: the chain is not intact: %s" % v)
    except ValueError:
        problems.append("audit verify failed: %s"
                        % r.stderr.decode("utf-8", "replace"))
    if problems:
        tail = "\n".join(l for l in err.splitlines()
                         if not l.startswith("tipsom[access]"))[-3000:]
        raise AssertionError("; ".join(problems) + "\nstderr (access lines "
                             "left out):\n" + tail)


def server():
    return STATE["server"]


def store():
    return STATE["db"]


def anon():
    return Client(server())


def as_user(name):
    """A logged-in client of name, made once and shared."""
    c = STATE["clients"].get(name)
    if c is None:
        c = Client(server(), name)
        r = c.login(name)
        if r.status != 201:
            raise AssertionError("login of %s failed:%s"
                                 % (name, r.describe()))
        STATE["clients"][name] = c
    return c


class ApiCase(unittest.TestCase):
    """Helpers shared by every test class."""

    counter = 0

    def expect(self, resp, status, code=None, field=None):
        self.assertEqual(resp.status, status, "expected %d:%s"
                         % (status, resp.describe()))
        if code is not None:
            self.assertEqual(resp.error.get("code"), code, resp.describe())
        if field is not None:
            self.assertEqual(resp.error.get("field"), field, resp.describe())
        return resp.json

    def unique(self, prefix):
        ApiCase.counter += 1
        return "%s %d" % (prefix, ApiCase.counter)

    def open_case(self, user="investigator.a", title=None, kind="tip",
                  **extra):
        body = {"title": title or self.unique("Test case"), "kind": kind}
        body.update(extra)
        return self.expect(as_user(user).post("/api/v1/cases", body), 201)

    def add_person(self, user="investigator.a", given=None, family=None,
                   **extra):
        body = {"given": given or self.unique("Shirin").replace(" ", ""),
                "family": family or "Qadir", "sex": "female"}
        body.update(extra)
        for k in ("given", "family"):
            SECRETS.add(body[k])
        return self.expect(as_user(user).post("/api/v1/persons", body), 201)

    def link(self, ref, pid, role="presumed_victim", user="investigator.a",
             **extra):
        body = {"person_id": pid, "role": role}
        body.update(extra)
        return self.expect(as_user(user).post(
            "/api/v1/cases/%s/people" % ref, body), 201)

    def audit_count(self, action, object_id):
        return db_query(store(), "SELECT count(*) FROM audit WHERE action = "
                        "? AND object_id = ?", (action, str(object_id)))[0][0]

    def assert_unchanged(self, before, resp=None, skip=()):
        after = db_snapshot(store())
        for t in sorted(set(before) | set(after)):
            if t in skip:
                continue
            self.assertEqual(before.get(t), after.get(t),
                             "table %s changed%s"
                             % (t, resp.describe() if resp else ""))


# --------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------

class TestOpenApiDocument(ApiCase):

    def test_swagger_parser_accepts_the_document(self):
        node = shutil.which("node")
        npm = shutil.which("npm")
        if not node or not npm:
            self.fail("node and npm are needed to validate docs/openapi.json "
                      "with swagger-parser: install Debian's nodejs and npm "
                      "(apt-get install nodejs npm)")
        if not os.path.isdir(os.path.join(HERE, "node_modules",
                                          "@apidevtools", "swagger-parser")):
            p = subprocess.run([npm, "ci", "--silent", "--no-audit",
                                "--no-fund", "--no-progress"], cwd=HERE,
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=600)
            self.assertEqual(p.returncode, 0, "npm ci in tests/api failed "
                             "(is the npm registry reachable?):\n"
                             + p.stdout.decode("utf-8", "replace")[-3000:])
        p = subprocess.run([node, os.path.join(HERE, "validate.js"),
                            DOC_PATH], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=120)
        out = p.stdout.decode("utf-8", "replace")
        self.assertEqual(p.returncode, 0, "swagger-parser refuses "
                         "docs/openapi.json:\n" + out)
        self.assertIn("valid:", out)

    def test_the_server_serves_this_document(self):
        r = anon().get("/api/v1/openapi.json")
        self.expect(r, 200)
        self.assertEqual(r.json, API.doc, "GET /api/v1/openapi.json is not "
                         "docs/openapi.json: rebuild with ninja")

    def test_every_route_is_documented_and_no_other(self):
        routes = set()
        for name in sorted(os.listdir(os.path.join(ROOT, "src", "http"))):
            if not (name.startswith("api_") and name.endswith(".c")):
                continue
            with open(os.path.join(ROOT, "src", "http", name),
                      encoding="utf-8") as f:
                text = f.read()
            for m, p in re.findall(r'\{\s*"([A-Z]+)",\s*"(/api/v1[^"]*)"',
                                   text):
                routes.add((m, p))
        self.assertGreater(len(routes), 20)
        documented = {(m, p) for m, p, _ in API.operations()}
        self.assertEqual(sorted(routes - documented), [],
                         "routes missing from docs/openapi.json")
        self.assertEqual(sorted(documented - routes), [],
                         "operations in docs/openapi.json that no route has")

    def test_operations_are_complete(self):
        ids = set()
        for method, path, op in API.operations():
            with self.subTest(op="%s %s" % (method, path)):
                self.assertNotIn(op["operationId"], ids)
                ids.add(op["operationId"])
                public = op.get("security") == []
                codes = set(op["responses"])
                self.assertTrue(any(c.startswith("2") for c in codes))
                self.assertIn("400", codes)
                if not public:
                    self.assertIn("401", codes)
                if method == "POST":
                    self.assertIn("requestBody", op)
                    for c in ("413", "415", "422"):
                        self.assertIn(c, codes)
                    schema = API.deref(API.request_schema(op))
                    if "oneOf" not in schema:
                        self.assertIs(schema.get("additionalProperties"),
                                      False, "the handler refuses unknown "
                                      "fields")
                if method != "GET" and not public:
                    self.assertEqual(op.get("security"),
                                     [{"session": [], "csrf": []}])
                    self.assertIn("403", codes)
                for p in re.findall(r"\{([^}]+)\}", path):
                    params = [API.deref(x) for x in op.get("parameters", [])]
                    self.assertIn(p, [x["name"] for x in params
                                      if x["in"] == "path"])
        sec = API.doc["components"]["securitySchemes"]
        self.assertEqual(sec["session"], {
            "type": "apiKey", "in": "cookie", "name": "tipsom_session",
            "description": sec["session"]["description"]})
        self.assertEqual((sec["csrf"]["in"], sec["csrf"]["name"]),
                         ("header", "X-CSRF-Token"))

    def test_every_operation_gives_its_generic_errors(self):
        """401, 403 (CSRF), 400, 413, 415 and 422 from every operation
        whose document lists them, as the server really answers them."""
        ref = self.open_case(title="Generic errors")["ref"]
        pid = self.add_person()["id"]
        values = {"ref": ref, "step": "ensure_immediate_safety",
                  "id": None, "username": "caseworker.b",
                  "code": "NO-SUCH-PROVIDER", "participant": str(pid)}
        big = json.dumps({"zz": "x" * (1100 * 1024)}).encode()
        for method, template, op in API.operations():
            codes = set(op["responses"])
            values["id"] = "tip" if template.startswith("/api/v1/sops") \
                else str(pid)
            path = re.sub(r"\{([^}]+)\}", lambda m: values[m.group(1)],
                          template)
            user = as_user("admin.a" if template in (
                "/api/v1/agencies", "/api/v1/users", "/api/v1/sops",
                "/api/v1/audit", "/api/v1/users/{username}/unlock")
                else "investigator.a")
            body = {} if method == "POST" else None
            with self.subTest(op="%s %s" % (method, template)):
                if "401" in codes:
                    r = anon().request(method, path, body=body)
                    self.expect(r, 401, "unauthenticated")
                if "403" in codes and method != "GET":
                    r = user.request(method, path, body=body, csrf=False)
                    self.expect(r, 403, "forbidden", "csrf")
                if "{" in template:
                    bad = re.sub(r"\{[^}]+\}", "%FF", template)
                    self.expect(user.request(method, bad, body=body), 400,
                                "invalid", "path")
                else:
                    self.expect(user.request(method, path, raw=b"{"), 400,
                                "invalid")
                if method == "POST":
                    self.expect(user.request(method, path, raw=big), 413,
                                "invalid")
                    self.expect(user.request(method, path, raw=b"{}",
                                             content_type="text/plain"),
                                415, "invalid")
                    self.expect(user.request(method, path,
                                             body={"zz_unknown": 1}),
                                422, "invalid")

    def test_the_checker_resolves_every_schema(self):
        # Every component schema only uses keywords the checker knows,
        # and every $ref resolves: a bad one would fail some check later
        # only when that answer came up.
        for name, schema in API.doc["components"]["schemas"].items():
            with self.subTest(schema=name):
                self._walk(schema)

    def _walk(self, schema):
        if isinstance(schema, dict):
            if "$ref" in schema:
                resolve(API.doc, schema["$ref"])
            unknown = set(schema) - ANNOTATIONS - KEYWORDS
            self.assertEqual(unknown, set())
            for k in ("items", "additionalProperties"):
                if isinstance(schema.get(k), dict):
                    self._walk(schema[k])
            for v in schema.get("properties", {}).values():
                self._walk(v)
            for v in schema.get("oneOf", []):
                self._walk(v)

    def test_the_checker_catches_mismatches(self):
        case = {"$ref": "#/components/schemas/Case"}
        good = as_user("investigator.a").get("/api/v1/cases?limit=1")
        self.expect(good, 200)
        c = self.open_case()
        self.assertEqual(API.errors(case, c), [])
        for broken in ({**c, "extra": 1}, {**c, "id": "1"},
                       {**c, "kind": "tipp"}, {**c, "lead": 5},
                       {k: v for k, v in c.items() if k != "ref"},
                       {**c, "opened_at": "yesterday"},
                       {**c, "title": None}, {**c, "version": True}):
            self.assertNotEqual(API.errors(case, broken), [], broken)
        self.assertEqual(API.errors(case, {**c, "lead": None}), [])


# --------------------------------------------------------------------------
# Sessions
# --------------------------------------------------------------------------

class TestSessions(ApiCase):

    def test_login_sets_a_strict_httponly_cookie(self):
        c = anon()
        r = c.login(SESSION_USER)
        body = self.expect(r, 201)
        self.assertEqual(body["user"]["username"], SESSION_USER)
        self.assertEqual(body["user"]["agency"], AGENCY_A)
        self.assertEqual(body["user"]["role"], "caseworker")
        self.assertGreaterEqual(len(body["csrf"]), 32)
        sc = r.header("Set-Cookie")
        self.assertIsNotNone(sc)
        token = cookie_value(sc)
        self.assertGreaterEqual(len(token), 32)
        self.assertNotEqual(token, body["csrf"])
        self.assertNotIn(token, r.body.decode("utf-8"),
                         "the session token must only be in the cookie")
        attrs = cookie_attrs(sc)
        self.assertIn("httponly", attrs)
        self.assertEqual(attrs.get("samesite"), "Strict")
        self.assertEqual(attrs.get("path"), "/")
        self.assertEqual(attrs.get("max-age"), str(12 * 3600))
        self.assertNotIn("secure", attrs, "no Secure flag over plain HTTP")
        self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
        # The store keeps the token's hash, never the token.
        rows = db_query(store(), "SELECT token_hash, csrf FROM sessions")
        self.assertIn(hashlib.sha256(token.encode()).hexdigest(),
                      [h for h, _ in rows])
        self.assertNotIn(token, [h for h, _ in rows])
        SECRETS.add(token)
        SECRETS.add(body["csrf"])
        self.assertEqual(self.audit_count("user.login", SESSION_USER) >= 1,
                         True)

    def test_get_and_delete_session(self):
        c = anon()
        self.expect(c.login(SESSION_USER), 201)
        s = self.expect(c.get("/api/v1/session"), 200)
        self.assertEqual(s["user"]["username"], SESSION_USER)
        self.assertEqual(s["csrf"], c.csrf)
        other = anon()
        self.expect(other.login(SESSION_USER), 201)
        r = c.delete("/api/v1/session")
        self.expect(r, 204)
        self.assertEqual(r.body, b"")
        attrs = cookie_attrs(r.header("Set-Cookie"))
        self.assertEqual(cookie_value(r.header("Set-Cookie")), "")
        self.assertEqual(attrs.get("max-age"), "0")
        self.assertIn("httponly", attrs)
        self.expect(c.get("/api/v1/session"), 401, "unauthenticated",
                    "session")
        self.expect(c.delete("/api/v1/session"), 401)
        self.expect(c.post("/api/v1/cases", {"title": "after logout"}), 401)
        # Logging out ends that session only.
        self.expect(other.get("/api/v1/session"), 200)
        self.assertGreaterEqual(self.audit_count("user.logout",
                                                 SESSION_USER), 1)

    def test_no_or_forged_cookie_is_401(self):
        c = anon()
        for path in ("/api/v1/session", "/api/v1/cases", "/api/v1/agencies",
                     "/api/v1/sops", "/api/v1/cases/KRI-MOI-2026-000001",
                     "/api/v1/persons/1", "/api/v1/audit", "/api/v1/users"):
            with self.subTest(path=path):
                self.expect(c.get(path), 401, "unauthenticated")
        c.cookie = "A" * 43
        self.expect(c.get("/api/v1/session"), 401)
        c.cookie = "' OR 1=1 --"
        self.expect(c.get("/api/v1/session"), 401)
        c.cookie = ""
        self.expect(c.get("/api/v1/session"), 401)
        c.cookie = None
        before = db_snapshot(store())
        r = c.post("/api/v1/cases", {"title": "anonymous"})
        self.expect(r, 401)
        self.assert_unchanged(before, r)
        # The document is public.
        self.expect(c.get("/api/v1/openapi.json"), 200)

    def test_wrong_login_says_the_same_whatever_was_wrong(self):
        c = anon()
        wrong_pw = self.expect(c.login(username("trainer", "b"),
                                       "not-the-password"), 401,
                               "unauthenticated", "username")
        no_user = self.expect(c.login("nobody.here", PASSWORD), 401,
                              "unauthenticated", "username")
        self.assertEqual(wrong_pw["error"]["message"],
                         no_user["error"]["message"])
        for body in ({}, {"username": "trainer.b"}, {"password": PASSWORD},
                     {"username": "", "password": PASSWORD}):
            with self.subTest(body=body):
                self.expect(c.post("/api/v1/session", body), 401)
        self.assertIsNone(c.cookie)
        # A good login clears the count of failures.
        self.expect(c.login(username("trainer", "b")), 201)
        self.assertEqual(db_query(store(), "SELECT failed_logins FROM users "
                                  "WHERE username = 'trainer.b'")[0][0], 0)

    def test_login_body_is_checked(self):
        c = anon()
        self.expect(c.post("/api/v1/session", {"username": "trainer.b",
                                               "password": PASSWORD,
                                               "remember": True}),
                    422, "invalid", "remember")
        self.expect(c.post("/api/v1/session", {"username": "trainer.b",
                                               "password": 12345}),
                    422, "invalid", "password")
        self.expect(c.post("/api/v1/session", {"username": ["trainer.b"],
                                               "password": PASSWORD}),
                    422, "invalid", "username")
        self.expect(c.post("/api/v1/session", raw=b"username=trainer.b&"
                           b"password=x", content_type="application/"
                           "x-www-form-urlencoded"), 415)
        self.expect(c.post("/api/v1/session", raw=b"{\"username\":"), 400)
        self.assertIsNone(c.cookie)

    def test_expired_session_is_401(self):
        c = anon()
        self.expect(c.login(SESSION_USER), 201)
        h = hashlib.sha256(c.cookie.encode()).hexdigest()
        db_exec(store(), "UPDATE sessions SET expires_at = "
                "'2001-01-01T00:00:00.000Z' WHERE token_hash = ?", (h,))
        self.expect(c.get("/api/v1/session"), 401, "unauthenticated",
                    "session")
        c2 = anon()
        self.expect(c2.login(SESSION_USER), 201)
        h = hashlib.sha256(c2.cookie.encode()).hexdigest()
        db_exec(store(), "UPDATE sessions SET last_seen_at = "
                "'2001-01-01T00:00:00.000Z' WHERE token_hash = ?", (h,))
        self.expect(c2.get("/api/v1/session"), 401, "unauthenticated",
                    "session")

    def test_the_language_is_remembered_for_the_user(self):
        name = SESSION_USER
        c = anon()
        s = self.expect(c.login(name), 201)
        self.assertIsNone(s["user"]["language"])
        before = self.audit_count("user.language", name)
        s = self.expect(c.post("/api/v1/session/language",
                               {"language": "ckb"}), 200)
        self.assertEqual(s["user"]["language"], "ckb")
        self.assertEqual(s["csrf"], c.csrf)
        self.assertEqual(self.audit_count("user.language", name), before + 1)
        # Another session of the same user, later: the same language.
        other = anon()
        self.assertEqual(self.expect(other.login(name), 201)["user"]
                         ["language"], "ckb")
        snapshot = db_snapshot(store())
        for body, status, field in (({"language": "fr"}, 422, "language"),
                                    ({"language": "CKB"}, 422, "language"),
                                    ({"language": 7}, 422, "language"),
                                    ({"language": "ar", "x": 1}, 422, "x"),
                                    ({}, 422, "language")):
            with self.subTest(body=body):
                self.expect(c.post("/api/v1/session/language", body),
                            status, "invalid", field)
        self.assert_unchanged(snapshot)
        self.expect(c.post("/api/v1/session/language", {"language": "ar"},
                           csrf=""), 403, "forbidden", "csrf")
        self.expect(anon().post("/api/v1/session/language",
                                {"language": "ar"}), 401)
        # null: none chosen again.
        s = self.expect(c.post("/api/v1/session/language",
                               {"language": None}), 200)
        self.assertIsNone(s["user"]["language"])

    def test_a_new_password_ends_the_sessions(self):
        name = username("trainee", "b")
        c = anon()
        self.expect(c.login(name), 201)
        cli(store(), "user", "passwd", name, user=username("admin", "a"),
            stdin=PASSWORD + "\n")
        STATE["clients"].pop(name, None)    # its shared client ended too
        self.expect(c.get("/api/v1/session"), 401)
        self.expect(c.login(name), 201)


class TestThrottling(ApiCase):
    """Failed logins slow the account down, then lock it."""

    def backdate(self, name):
        db_exec(store(), "UPDATE users SET last_failed_at = "
                "'2001-01-01T00:00:00.000Z' WHERE username = ?", (name,))

    def failures(self, name):
        return db_query(store(), "SELECT failed_logins, locked_until FROM "
                        "users WHERE username = ?", (name,))[0]

    def set_last_failure(self, name, secs):
        at = datetime.datetime.fromtimestamp(secs, datetime.timezone.utc)
        db_exec(store(), "UPDATE users SET last_failed_at = ? WHERE "
                "username = ?", (at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                                 name))

    def test_waits_double_then_the_account_locks(self):
        name = LOCK_USER
        c = anon()
        victim = anon()
        self.expect(victim.login(name), 201)
        for n in range(1, 4):
            self.expect(c.login(name, "wrong password %d" % n), 401,
                        "unauthenticated")
        self.assertEqual(self.failures(name)[0], 3)
        # After 3 failures the next attempt must wait two seconds.
        time.sleep(2.2)
        self.expect(c.login(name, "wrong password 4"), 401)
        # From here each wait doubles: 4, 8, 16, 32, 64, 128 seconds.  The
        # test moves the last failure in time instead of waiting, so that
        # a slow answer cannot change what it sees: put 1000 s ahead, the
        # wait asked for is 1000 s plus the backoff, less the time passed.
        for failed in range(4, 10):
            wait = 2 ** (failed - 2)
            last = int(time.time()) + 1000
            self.set_last_failure(name, last)
            t0 = int(time.time())
            r = c.login(name, "wrong password again")
            t1 = int(time.time()) + 1
            body = self.expect(r, 429, "limited", "username")
            m = re.search(r"try again in (\d+) seconds?",
                          body["error"]["message"])
            self.assertIsNotNone(m, r.describe())
            told = int(m.group(1))
            self.assertTrue(last + wait - t1 <= told <= last + wait - t0,
                            "after %d failures the wait should be %d s:%s"
                            % (failed, wait, r.describe()))
            # Even the right password waits: nothing is checked.
            self.expect(c.login(name), 429, "limited")
            self.assertEqual(self.failures(name)[0], failed,
                             "a refused attempt must not count")
            self.backdate(name)
            self.expect(c.login(name, "wrong password %d" % (failed + 1)),
                        401)
            if failed + 1 in (7, 8, 9):
                # A wait of 16 s or more: an attempt right away is refused,
                # in real time.
                self.expect(c.login(name), 429, "limited")
        # The tenth failure locks the account and ends its sessions.
        count, until = self.failures(name)
        self.assertIsNotNone(until, "locked_until after 10 failures")
        self.assertEqual(self.audit_count("user.lock", name), 1)
        self.expect(victim.get("/api/v1/session"), 401)
        r = c.login(name)
        body = self.expect(r, 429, "limited", "username")
        self.assertIn("locked until", body["error"]["message"])
        self.backdate(name)
        self.expect(c.login(name), 429, "limited")
        self.expect(c.login(name, "still wrong"), 429, "limited")
        self.assertIsNone(c.cookie)
        # An administrator lifts the lock.
        cli(store(), "user", "unlock", name, user=username("admin", "a"))
        self.assertEqual(self.failures(name), (0, None))
        self.assertGreaterEqual(self.audit_count("user.unlock", name), 1)
        self.expect(c.login(name), 201)

    def test_a_lock_ends_by_itself(self):
        name = username("analyst", "b")
        db_exec(store(), "UPDATE users SET failed_logins = 0, "
                "locked_until = '2001-01-01T00:15:00.000Z', last_failed_at "
                "= '2001-01-01T00:00:00.000Z' WHERE username = ?", (name,))
        before = self.audit_count("user.unlock", name)
        self.expect(anon().login(name), 201)
        self.assertEqual(self.audit_count("user.unlock", name), before + 1)
        self.assertEqual(self.failures(name), (0, None))

    def test_unknown_usernames_are_never_throttled(self):
        c = anon()
        for _ in range(5):
            self.expect(c.login("no.such.user", "whatever it is"), 401)


class TestTotp(ApiCase):

    def test_two_factor_login(self):
        name = TOTP_USER
        p = cli(store(), "user", "totp-enrol", name, "--json",
                user=username("admin", "a"))
        enrol = json.loads(p.stdout)
        secret = enrol["secret"]
        self.assertTrue(enrol["uri"].startswith("otpauth://totp/"))
        SECRETS.add(secret)
        # Keep away from the edge of a 30-second step.
        if time.time() % 30 > 26:
            time.sleep(30 - time.time() % 30 + 0.5)
        step = int(time.time()) // 30
        valid = {totp_code(secret, s) for s in (step - 1, step, step + 1)}
        wrong = next("%06d" % n for n in range(1000000)
                     if "%06d" % n not in valid)
        c = anon()
        self.expect(c.login(name), 401, "unauthenticated", "totp")
        self.expect(c.login(name, totp=""), 401, "unauthenticated", "totp")
        self.expect(c.login(name, totp=wrong), 401, "unauthenticated",
                    "username")
        self.expect(c.login(name, totp="12345a"), 401, "unauthenticated")
        self.expect(c.login(name, "wrong password",
                            totp=totp_code(secret, step)), 401)
        self.assertIsNone(c.cookie)
        # With a right code (the failures before do not lock: 3 counted,
        # the wait is two seconds).
        time.sleep(2.1)
        code = totp_code(secret, step)
        self.expect(c.login(name, totp=code), 201)
        self.assertEqual(db_query(store(), "SELECT failed_logins FROM users "
                                  "WHERE username = ?", (name,))[0][0], 0)
        # The same code, or an older one, is refused: a code works once.
        other = anon()
        self.expect(other.login(name, totp=code), 401, "unauthenticated")
        self.expect(other.login(name, totp=totp_code(secret, step - 1)),
                    401, "unauthenticated")
        self.assertIsNone(other.cookie)
        # The next step's code is still good (a step of clock drift).
        self.expect(other.login(name, totp=totp_code(secret, step + 1)), 201)
        self.expect(c.get("/api/v1/session"), 200)

    def test_enrol_from_the_browser(self):
        name = ENROL_USER
        here, elsewhere = Client(server(), name), Client(server(), name)
        self.expect(here.login(name), 201)
        self.expect(elsewhere.login(name), 201)
        self.assertFalse(self.expect(here.get("/api/v1/session"), 200)
                         ["user"]["two_factor"])
        offer = self.expect(here.post("/api/v1/session/totp/offer"), 200)
        SECRETS.add(offer["secret"])
        self.assertRegex(offer["secret"], r"^[A-Z2-7]{32}$")
        self.assertEqual(offer["uri"], "otpauth://totp/tipsom:%s?secret=%s&"
                         "issuer=tipsom&digits=6&period=30"
                         % (name, offer["secret"]))
        qr = offer["qr"]
        self.assertEqual(len(qr["rows"]), qr["size"])
        self.assertTrue(all(len(r) == qr["size"] for r in qr["rows"]))
        self.assertTrue(qr["rows"][0].startswith("1111111"))
        # Each offer is new, and none is stored.
        again = self.expect(here.post("/api/v1/session/totp/offer", {}), 200)
        self.assertNotEqual(again["secret"], offer["secret"])
        self.expect(anon().login(name), 201)
        self.expect(here.post("/api/v1/session/totp/offer", {"x": 1}), 422,
                    "invalid", "x")
        if time.time() % 30 > 26:
            time.sleep(30 - time.time() % 30 + 0.5)
        step = int(time.time()) // 30
        code = totp_code(offer["secret"], step)
        url = "/api/v1/session/totp"
        for body, field in [
                ({"secret": offer["secret"]}, "code"),
                ({"code": code}, "secret"),
                ({"secret": "not base32!", "code": code}, "secret"),
                ({"secret": offer["secret"], "code": "12345"}, "code"),
                ({"secret": again["secret"], "code": code}, "code"),
                ({"secret": offer["secret"], "code": code, "x": 1}, "x")]:
            self.expect(here.post(url, body), 422, "invalid", field)
        self.expect(anon().post(url, {"secret": offer["secret"],
                                      "code": code}), 401)
        before = self.audit_count("user.totp_enrol", name)
        s = self.expect(here.post(url, {"secret": offer["secret"],
                                        "code": code}), 200)
        self.assertTrue(s["user"]["two_factor"])
        self.assertEqual(self.audit_count("user.totp_enrol", name),
                         before + 1)
        # This session goes on; the one elsewhere has ended.
        self.expect(here.get("/api/v1/session"), 200)
        self.expect(elsewhere.get("/api/v1/session"), 401, "unauthenticated")
        # Logging in now needs the code; the confirming one is used.
        self.expect(anon().login(name), 401, "unauthenticated", "totp")
        self.expect(anon().login(name, totp=code), 401, "unauthenticated")
        self.expect(anon().login(name, totp=totp_code(offer["secret"],
                                                      step + 1)), 201)

    def test_administrator_removes_two_factor(self):
        name = LOST_DEVICE_USER
        url = "/api/v1/users/%s/totp" % name
        admin = as_user("admin.a")
        self.expect(admin.delete(url), 409, "conflict")
        secret = json.loads(cli(store(), "user", "totp-enrol", name,
                                "--json", user="admin.a").stdout)["secret"]
        SECRETS.add(secret)
        for role in ROLES:
            if role != "admin":
                self.expect(as_user(username(role)).delete(url), 403,
                            "forbidden")
        u = self.expect(admin.delete(url), 200)
        self.assertEqual(u["username"], name)
        self.assertFalse(u["two_factor"])
        self.assertEqual(self.audit_count("user.totp_remove", name), 1)
        self.expect(admin.delete("/api/v1/users/nobody.x/totp"), 404,
                    "not_found")
        users = self.expect(admin.get("/api/v1/users?agency=IQ-MOI"), 200)
        self.assertFalse(next(x for x in users["items"]
                              if x["username"] == name)["two_factor"])
        self.expect(anon().login(name), 201)


class TestProviders(ApiCase):
    """The directory of service providers."""

    SHELTER = {"code": "ERB-WOMEN-SHELTER", "name": "Erbil women's shelter",
               "agency": AGENCY_B, "region": "Erbil",
               "services": ["shelter", "psychosocial"],
               "accepts": ["women", "children"],
               "languages": ["ckb", "ar"], "capacity": 24,
               "contact": "+964 750 000 0000"}

    def test_directory(self):
        sup = as_user("supervisor.a")
        url = "/api/v1/providers"
        for role in ROLES:
            if role not in ("supervisor", "admin"):
                self.expect(as_user(username(role)).post(url, self.SHELTER),
                            403, "forbidden")
        p = self.expect(sup.post(url, self.SHELTER), 201)
        self.assertEqual((p["version"], p["active"], p["agency"]),
                         (1, True, AGENCY_B))
        self.assertEqual(p["services"], ["shelter", "psychosocial"])
        self.assertEqual(p["accepts"], ["children", "women"])
        self.assertEqual(self.audit_count("provider.add",
                                          "ERB-WOMEN-SHELTER"), 1)
        self.expect(sup.post(url, self.SHELTER), 409, "conflict", "code")
        legal = dict(self.SHELTER, code="DHK-LEGAL-AID", name="Legal aid",
                     region="Duhok", services=["legal_aid"],
                     accepts=["men", "women", "families"],
                     languages=["ar", "kmr"], capacity=None, agency=None,
                     contact=None)
        self.expect(as_user("admin.a").post(url, legal), 201)
        for bad, field in [
                ({"code": "lower"}, "code"),
                ({"services": []}, "services"),
                ({"services": ["spa"]}, "services"),
                ({"services": "shelter"}, "services"),
                ({"accepts": ["pets"]}, "accepts"),
                ({"languages": ["Kurdish!"]}, "languages"),
                ({"capacity": -3}, "capacity"),
                ({"capacity": "ten"}, "capacity"),
                ({"agency": "NO-SUCH"}, "agency"),
                ({"active": "yes"}, "active"),
                ({"version": 1}, "version")]:
            body = dict(self.SHELTER, code="ERB-OTHER")
            body.update(bad)
            status = 404 if field == "agency" else 422
            self.expect(sup.post(url, body), status, None, field)
        # Reading and searching: case roles and administrators.
        inv = as_user("investigator.b")

        def codes(query=""):
            return [x["code"] for x in self.expect(
                inv.get(url + query), 200)["items"]]
        self.assertIn("ERB-WOMEN-SHELTER", codes())
        self.assertEqual(codes("?service=shelter&accepts=children"),
                         ["ERB-WOMEN-SHELTER"])
        self.assertNotIn("ERB-WOMEN-SHELTER", codes("?accepts=men"))
        self.assertIn("DHK-LEGAL-AID", codes("?language=kmr"))
        self.assertEqual(codes("?region=DUHOK&service=legal_aid"),
                         ["DHK-LEGAL-AID"])
        self.expect(inv.get(url + "?service=spa"), 422, "invalid",
                    "service")
        self.expect(inv.get(url + "?all=maybe"), 422, "invalid", "all")
        for role in ("analyst", "trainer", "trainee"):
            self.expect(as_user(username(role)).get(url), 403, "forbidden")
        one = url + "/ERB-WOMEN-SHELTER"
        self.assertEqual(self.expect(inv.get(one), 200)["capacity"], 24)
        self.expect(inv.get(url + "/NO-SUCH"), 404, "not_found")
        # Changes: only what is given, at the version seen.
        p = self.expect(sup.post(one, {"version": 1, "capacity": 30,
                                       "contact": None}), 200)
        self.assertEqual((p["version"], p["capacity"], p["contact"],
                          p["region"]), (2, 30, None, "Erbil"))
        self.expect(sup.post(one, {"version": 1, "active": False}), 409,
                    "conflict", "version")
        self.expect(sup.post(one, {"active": False}), 422, "invalid",
                    "version")
        self.expect(sup.post(one, {"version": 2, "code": "X"}), 422,
                    "invalid", "code")
        self.expect(inv.post(one, {"version": 2, "active": False}), 403,
                    "forbidden")
        p = self.expect(sup.post(one, {"version": 2, "active": False,
                                       "agency": None}), 200)
        self.assertEqual((p["active"], p["agency"]), (False, None))
        self.assertNotIn("ERB-WOMEN-SHELTER", codes())
        self.assertIn("ERB-WOMEN-SHELTER", codes("?all=true"))
        self.expect(sup.post(url + "/NO-SUCH", {"version": 1}), 404,
                    "not_found")
        self.assertEqual(self.audit_count("provider.update",
                                          "ERB-WOMEN-SHELTER"), 2)


class TestReferrals(ApiCase):
    """Referrals with informed consent, from a case of agency A to a
    provider that is agency B in tipsom."""

    CONSENT = {"explained": "The shelter, what it will know of her, and "
               "that she may refuse or stop at any time",
               "language": "ckb", "interpreter": "Interpreter No. 4",
               "scope": ["identity", "contact", "needs"],
               "given_on": "2026-01-10"}

    def setUp(self):
        super().setUp()
        code = "REF-SHELTER"
        if as_user("admin.a").get("/api/v1/providers/" + code).status == 404:
            self.expect(as_user("admin.a").post("/api/v1/providers", {
                "code": code, "name": "Shelter of agency B",
                "agency": AGENCY_B, "region": "Baghdad",
                "services": ["shelter", "psychosocial"],
                "accepts": ["women", "children"]}), 201)
        self.ref = self.open_case(title=self.unique("Referral case"))["ref"]
        self.given = self.unique("Hana").replace(" ", "")
        self.woman = self.add_person(
            given=self.given,
            contacts=[{"kind": "phone", "value": "+964 750 555 0199"}])
        self.link(self.ref, self.woman["id"])
        self.url = "/api/v1/cases/%s/referrals" % self.ref

    def refer(self, user="caseworker.a", **extra):
        body = {"person": self.woman["id"], "provider": "REF-SHELTER",
                "service": "shelter", "needs": "Safe housing",
                "send": True, "consent": dict(self.CONSENT)}
        body.update(extra)
        return as_user(user).post(self.url, body)

    def test_refused_with_the_reason(self):
        consent = self.CONSENT
        for extra, status, field in [
                ({"consent": None}, 422, "consent"),
                ({"consent": dict(consent, explained="")}, 422,
                 "consent.explained"),
                ({"consent": dict(consent, scope=[])}, 422,
                 "consent.scope"),
                ({"consent": dict(consent, scope="identity")}, 422,
                 "consent.scope"),
                ({"consent": dict(consent, given_on="2999-01-01")}, 422,
                 "consent.given_on"),
                ({"consent": dict(consent, mood="good")}, 422,
                 "consent.mood"),
                ({"consent": "yes"}, 422, "consent"),
                ({"shares": ["needs", "suspects"]}, 422, "shares"),
                ({"service": "legal_aid"}, 422, "provider"),
                ({"provider": "NO-SUCH"}, 404, "provider"),
                ({"person": 999999}, 404, "person"),
                ({"person": "1"}, 422, "person")]:
            with self.subTest(extra=extra):
                self.expect(self.refer(**extra), status, None, field)
        r = self.refer(shares=["suspects"])
        self.assertIn("sharing suspects goes beyond what the person agreed "
                      "to (identity, contact, needs)", r.error["message"])
        # A man to a shelter for women and children.
        man = self.add_person(sex="male")
        self.link(self.ref, man["id"])
        r = self.refer(person=man["id"])
        self.expect(r, 422, "invalid", "provider")
        self.assertIn("does not take men", r.error["message"])
        self.expect(self.refer(user="prosecutor.a"), 403, "forbidden")
        self.expect(self.refer(user="investigator.b"), 404, "not_found")

    def test_lifecycle_and_what_the_provider_sees(self):
        made = self.expect(self.refer(send=False), 201)
        rid = made["id"]
        self.assertEqual((made["status"], made["consent"]["language"],
                          made["shares"]),
                         ("proposed", "ckb", ["identity", "contact",
                                               "needs"]))
        one = "/api/v1/referrals/%d" % rid
        moved = one + "/status"
        b = as_user("caseworker.b")
        # Proposals stay with the referring agency.
        self.expect(b.get(one), 404, "not_found")
        self.assertNotIn(rid, [x["id"] for x in self.expect(
            b.get("/api/v1/referrals?box=in"), 200)["items"]])
        a = as_user("caseworker.a")
        self.expect(a.post(moved, {"status": "sent"}), 200)
        inbox = self.expect(b.get("/api/v1/referrals?box=in&status=sent"),
                            200)["items"]
        mine = [x for x in inbox if x["id"] == rid]
        self.assertEqual(len(mine), 1)
        self.assertNotIn("consent", mine[0])
        self.assertNotIn("person", mine[0])
        reads = self.audit_count("referral.read", rid)
        seen = self.expect(b.get(one), 200)
        self.assertEqual(seen["contacts"], [{"kind": "phone",
                                             "value": "+964 750 555 0199"}])
        self.assertEqual(seen["name"], "%s Qadir" % self.given)
        self.assertEqual(seen["needs"], "Safe housing")
        self.assertNotIn("suspects", seen)
        self.assertNotIn("case_summary", seen)
        self.assertNotIn("consent", seen)
        self.assertEqual(self.audit_count("referral.read", rid), reads + 1)
        steps_url = "/api/v1/cases/%s/steps" % self.ref
        refer = {s["id"]: s for s in self.expect(a.get(steps_url), 200)[
            "steps"]}["refer_to_assistance"]
        self.assertNotEqual(refer["state"], "done")
        for user, body, status in [
                ("caseworker.a", {"status": "accepted"}, 403),
                ("caseworker.b", {"status": "declined"}, 422),
                ("caseworker.b", {"status": "completed"}, 409),
                ("investigator.b", {"status": "accepted"}, 404),
                ("caseworker.b", {"status": "accepted"}, 200),
                ("caseworker.b", {"status": "in_progress"}, 200)]:
            with self.subTest(user=user, body=body):
                self.expect(as_user(user).post(moved, body), status)
        # The SOP's referral step is done by the provider's acceptance.
        sv = self.expect(a.get(steps_url), 200)
        refer = {s["id"]: s for s in sv["steps"]}["refer_to_assistance"]
        self.assertEqual((refer["state"], refer["by"]),
                         ("done", "caseworker.b"))
        # Identified today: the reflection period runs its 30 days.
        self.assertEqual((sv["reflection"]["started"],
                          sv["reflection"]["days"],
                          sv["reflection"]["running"],
                          sv["reflection"]["days_left"]),
                         (True, 30, True, 30))
        self.expect(a.post(one + "/withdraw-consent", {}), 422, "invalid",
                    "reason")
        after = self.expect(b.post(one + "/withdraw-consent", {
            "reason": "She told the shelter she wants to stop"}), 200)
        self.assertEqual((after["status"], after["open"]),
                         ("withdrawn", False))
        self.assertNotIn("name", after)
        seen = self.expect(b.get(one), 200)
        for key in ("name", "contacts", "needs"):
            self.assertNotIn(key, seen)
        whole = self.expect(a.get(one), 200)
        self.assertEqual(whole["consent"]["withdrawn_reason"],
                         "She told the shelter she wants to stop")
        self.assertEqual([e["status"] for e in whole["history"]],
                         ["proposed", "sent", "accepted", "in_progress",
                          "withdrawn"])
        self.assertEqual(whole["history"][2]["agency"], AGENCY_B)
        self.expect(a.post(one + "/withdraw-consent", {"reason": "x"}),
                    409, "conflict")
        listed = self.expect(a.get(self.url), 200)["items"]
        self.assertEqual([x["id"] for x in listed], [rid])
        self.assertEqual(listed[0]["consent"]["scope"],
                         ["identity", "contact", "needs"])
        self.expect(as_user("investigator.b").get(self.url), 404)
        self.expect(a.get("/api/v1/referrals/abc"), 404, "not_found")
        self.expect(a.get("/api/v1/referrals?box=up"), 422, "invalid",
                    "box")
        self.expect(as_user("investigator.b").get(
            "/api/v1/referrals?box=in"), 403, "forbidden")
        self.assertEqual(self.audit_count("referral.consent_withdrawn",
                                          self.ref), 1)


def day(days=0):
    """Today (the server's UTC day) moved by days, as YYYY-MM-DD."""
    return (datetime.datetime.now(datetime.timezone.utc).date()
            + datetime.timedelta(days=days)).isoformat()


class TestCooperation(ApiCase):
    """Requests for international cooperation on a case of agency A."""

    MLA = {"kind": "mla", "country": "tr",
           "authority": "Ministry of Justice, International Law Directorate",
           "legal_basis": "UNTOC art. 18",
           "subject": "Bank records of the recruiter's account",
           "our_ref": "KRI/MLA/2026/14"}

    def setUp(self):
        super().setUp()
        self.ref = self.open_case(title=self.unique("Cooperation case"))["ref"]
        self.url = "/api/v1/cases/%s/cooperation" % self.ref

    def make(self, user="investigator.a", **extra):
        body = dict(self.MLA, sent_on=day(-40), due_on=day(-10))
        body.update(extra)
        return as_user(user).post(self.url, body)

    def ids(self, user, query):
        r = as_user(user).get("/api/v1/cooperation" + query)
        return [x["id"] for x in self.expect(r, 200)["items"]]

    def test_make_list_and_the_ones_to_follow_up(self):
        sent = self.expect(self.make(), 201)
        self.assertEqual((sent["status"], sent["country"], sent["due"],
                          sent["version"], sent["agency"]),
                         ("sent", "TR", True, 1, AGENCY_A))
        draft = self.expect(self.make(user="prosecutor.a", sent_on=None,
                                      due_on=None, kind="extradition"),
                            201)
        self.assertEqual((draft["status"], draft["due"]), ("draft", False))
        later = self.expect(self.make(user="supervisor.a", due_on=day(20)),
                            201)
        self.assertFalse(later["due"])
        listed = self.expect(as_user("caseworker.a").get(self.url), 200)
        self.assertEqual([x["id"] for x in listed["items"]],
                         [later["id"], draft["id"], sent["id"]])
        due = self.ids("investigator.a", "?due=true&limit=500")
        self.assertIn(sent["id"], due)
        self.assertNotIn(draft["id"], due)
        self.assertNotIn(later["id"], due)
        self.assertEqual(self.ids("investigator.a", "?case=%s&kind="
                                  "extradition" % self.ref), [draft["id"]])
        self.assertEqual(self.ids("investigator.a", "?case=%s&status=sent"
                                  "&due=true" % self.ref), [sent["id"]])
        self.assertNotIn(sent["id"], self.ids("investigator.b",
                                              "?limit=500"))
        self.assertEqual(self.audit_count("cooperation.create", self.ref), 3)
        one = self.expect(as_user("caseworker.a").get(
            "/api/v1/cooperation/%d" % sent["id"]), 200)
        self.assertEqual([(h["kind"], h["status"], h["on"])
                          for h in one["history"]],
                         [("status", "sent", day(-40))])

    def test_refused_naming_the_field(self):
        for user in ("caseworker.a", "investigator.b"):
            as_user(user)   # logged in before: a login is audited
        before = db_snapshot(store())
        for extra, field in [
                ({"kind": None}, "kind"),
                ({"kind": "rogatory"}, "kind"),
                ({"direction": "sideways"}, "direction"),
                ({"country": "Turkey"}, "country"),
                ({"country": None}, "country"),
                ({"country": 90}, "country"),
                ({"authority": ""}, "authority"),
                ({"legal_basis": None}, "legal_basis"),
                ({"legal_basis": "  "}, "legal_basis"),
                ({"subject": None}, "subject"),
                ({"sent_on": "2026-02-30"}, "sent_on"),
                ({"sent_on": day(1)}, "sent_on"),
                ({"due_on": day(-41)}, "due_on"),
                ({"due_on": "soon"}, "due_on"),
                ({"next_follow_up": day(-50)}, "next_follow_up"),
                ({"direction": "incoming", "sent_on": None}, "sent_on"),
                ({"mood": "good"}, "mood")]:
            with self.subTest(extra=extra):
                r = self.make(**extra)
                self.expect(r, 422, "invalid", field)
                self.assertIn(field, r.error["message"])
        self.expect(self.make(user="caseworker.a"), 403, "forbidden")
        self.expect(self.make(user="investigator.b"), 404, "not_found",
                    "ref")
        self.assert_unchanged(before, skip=("sessions",))
        self.expect(as_user("investigator.a").post(
            "/api/v1/cases/%s-2020-999999/cooperation" % AGENCY_A,
            self.MLA), 404, "not_found", "ref")
        inv = as_user("investigator.a")
        self.expect(inv.get("/api/v1/cooperation/abc"), 404, "not_found",
                    "cooperation")
        self.expect(inv.get("/api/v1/cooperation/999999"), 404, "not_found",
                    "cooperation")
        for query, field in [("?due=maybe", "due"), ("?status=lost",
                             "status"), ("?kind=rogatory", "kind"),
                             ("?limit=0", "limit"), ("?offset=5", "offset")]:
            with self.subTest(query=query):
                self.expect(inv.get("/api/v1/cooperation" + query), 422,
                            "invalid", field)
        for role in ("admin", "analyst", "trainer", "trainee"):
            self.expect(as_user(username(role)).get("/api/v1/cooperation"),
                        403, "forbidden")

    def test_lifecycle_follow_ups_and_history(self):
        made = self.expect(self.make(), 201)
        one = "/api/v1/cooperation/%d" % made["id"]
        inv, sup = as_user("investigator.a"), as_user("supervisor.a")
        for user, body, status, field in [
                (inv, {"status": "closed"}, 409, "status"),
                (inv, {"status": "acknowledged", "on": day(-45)}, 422, "on"),
                (inv, {"status": "acknowledged", "version": 7}, 409,
                 "version"),
                (inv, {"status": "refused"}, 422, "reason"),
                (inv, {"status": "answered", "due_on": day(5)}, 422,
                 "due_on"),
                (inv, {"status": "acknowledged", "channel": "pigeon"}, 422,
                 "channel"),
                (as_user("caseworker.a"), {"status": "acknowledged"}, 403,
                 None),
                (as_user("investigator.b"), {"status": "acknowledged"}, 404,
                 "cooperation")]:
            with self.subTest(body=body):
                self.expect(user.post(one + "/status", body), status, None,
                            field)
        moved = self.expect(inv.post(one + "/status", {
            "status": "acknowledged", "on": day(-30), "version": 1,
            "channel": "diplomatic_note", "due_on": day(-5)}), 200)
        self.assertEqual((moved["status"], moved["due_on"], moved["version"],
                          moved["due"]), ("acknowledged", day(-5), 2, True))
        for body, field in [({}, "channel"),
                            ({"channel": "email", "on": day(1)}, "on"),
                            ({"channel": "email", "next_follow_up": day(-3),
                              "on": day(-3)}, "next_follow_up"),
                            ({"channel": "email", "version": 1}, "version")]:
            with self.subTest(follow_up=body):
                self.expect(inv.post(one + "/follow-ups", body),
                            409 if field == "version" else 422, None, field)
        followed = self.expect(sup.post(one + "/follow-ups", {
            "channel": "phone", "note": "The desk officer promised the "
            "records within two weeks", "next_follow_up": day(14),
            "version": 2}), 201)
        self.assertEqual((followed["next_follow_up"], followed["due"]),
                         (day(14), False))
        self.assertNotIn(made["id"], self.ids("investigator.a",
                                               "?due=true&limit=500"))
        self.expect(sup.post(one + "/status", {
            "status": "partially_answered", "reason": "Two accounts' "
            "statements are missing"}), 200)
        self.expect(sup.post(one + "/status", {"status": "answered"}), 200)
        done = self.expect(sup.post(one + "/status", {"status": "closed"}),
                           200)
        self.assertEqual((done["status"], done["answered_on"],
                          done["next_follow_up"]), ("closed", day(0), None))
        self.assertEqual([(h["kind"], h["status"], h["by"])
                          for h in done["history"]],
                         [("status", "sent", "investigator.a"),
                          ("status", "acknowledged", "investigator.a"),
                          ("follow_up", "acknowledged", "supervisor.a"),
                          ("status", "partially_answered", "supervisor.a"),
                          ("status", "answered", "supervisor.a"),
                          ("status", "closed", "supervisor.a")])
        self.assertEqual(done["history"][1]["channel"], "diplomatic_note")
        self.assertEqual(done["history"][2]["next_follow_up"], day(14))
        self.expect(sup.post(one + "/follow-ups", {"channel": "email"}),
                    409, "conflict", "status")
        self.assertEqual(self.audit_count("cooperation.move", self.ref), 4)
        self.assertEqual(self.audit_count("cooperation.follow_up",
                                          self.ref), 1)

    def test_a_case_shared_to_read_is_not_changed(self):
        made = self.expect(self.make(), 201)
        one = "/api/v1/cooperation/%d" % made["id"]
        shares = "/api/v1/cases/%s/shares" % self.ref
        sup = as_user("supervisor.a")
        pro = as_user("prosecutor.b")
        # Shared for the victims' assistance: the requests are not part.
        first = self.expect(sup.post(shares, {
            "agency": AGENCY_B, "scope": "assistance",
            "reason": "shelter placement"}), 201)
        self.expect(pro.get(self.url), 403, "forbidden", "ref")
        self.expect(pro.get(one), 403, "forbidden", "ref")
        self.expect(sup.post("%s/%d/revoke" % (shares, first["id"]),
                             {"reason": "wider share"}), 200)
        self.expect(sup.post(shares, {
            "agency": AGENCY_B, "scope": "investigation",
            "reason": "joint investigation"}), 201)
        self.assertEqual([x["id"] for x in self.expect(
            pro.get(self.url), 200)["items"]], [made["id"]])
        self.assertEqual(self.expect(pro.get(one), 200)["status"], "sent")
        for user in ("investigator.b", "supervisor.b"):
            as_user(user)
        before = db_snapshot(store())
        for user in ("prosecutor.b", "investigator.b", "supervisor.b"):
            with self.subTest(user=user):
                c = as_user(user)
                r = c.post(one + "/status", {"status": "acknowledged"})
                self.expect(r, 403, "forbidden")
                self.assertIn("shared with your agency", r.error["message"])
                self.expect(c.post(one + "/follow-ups",
                                   {"channel": "email"}), 403, "forbidden")
                self.expect(c.post(self.url, self.MLA), 403, "forbidden")
        self.assert_unchanged(before, skip=("sessions",))


class TestLinks(ApiCase):
    """Identifiers linked to cases and persons, call records, and the
    network behind a case, as JSON and GraphML."""

    CALLS = ("caller,callee,time,duration\n"
             "+963 900 000 002,0750 333 4444,2026-03-01T10:15:00+03:00,124\n"
             "0750 333 4444,00963900000002,2026-03-02T08:00:00Z,30\n")

    def setUp(self):
        super().setUp()
        self.ref = self.open_case(title=self.unique("Links case"))["ref"]
        self.suspect = self.add_person()["id"]
        self.link(self.ref, self.suspect, role="suspect")
        self.url = "/api/v1/cases/%s/links" % self.ref

    def add(self, body, user="investigator.a", url=None):
        return as_user(user).post(url or self.url, body)

    def network(self, query, user="investigator.a", graphml=False):
        return as_user(user).get("/api/v1/links/network%s?%s"
                                 % (".graphml" if graphml else "", query))

    def test_add_list_and_the_network(self):
        phone = self.expect(self.add({"kind": "phone",
                                      "value": "+963 900 000 002",
                                      "person_id": self.suspect,
                                      "note": "On his business card"}), 201)
        self.assertEqual((phone["value"], phone["typed"], phone["person"],
                          phone["case"], phone["source"]),
                         ("+963900000002", "+963 900 000 002", self.suspect,
                          self.ref, "manual"))
        self.expect(self.add({"kind": "hawala", "value": "HWL ERB 0042"}),
                    201)
        # Another case of the agency has the same number, typed otherwise.
        other = self.open_case(title=self.unique("Other links case"))["ref"]
        self.expect(self.add({"kind": "phone", "value": "00963-900-000-002"},
                             url="/api/v1/cases/%s/links" % other), 201)
        listed = self.expect(as_user("caseworker.a").get(self.url), 200)
        self.assertEqual([x["kind"] for x in listed["items"]],
                         ["phone", "hawala"])
        mine = self.expect(as_user("investigator.a").get(
            "/api/v1/persons/%d/links" % self.suspect), 200)
        self.assertEqual([x["id"] for x in mine["items"]], [phone["id"]])
        net = self.expect(self.network("case=%s&depth=1" % q(self.ref)), 200)
        ids = {n["id"] for n in net["nodes"]}
        self.assertEqual(net["start"], "case:" + self.ref)
        self.assertIn("case:" + other, ids)
        self.assertIn("person:%d" % self.suspect, ids)
        self.assertIn("identifier:%d" % phone["identifier"], ids)
        self.assertFalse(net["truncated"])
        for n in net["nodes"]:
            if n["type"] == "person":
                self.assertIsNone(n["name"])
        self.assertIn({"kind": "role", "from": "person:%d" % self.suspect,
                       "to": "case:" + self.ref, "role": "suspect"},
                      net["edges"])
        self.assertEqual(self.audit_count("links.add", self.ref), 2)
        # With names: audited, once.
        named = self.expect(self.network("person=%d&identities=true"
                                         % self.suspect), 200)
        self.assertTrue(all(n["name"] for n in named["nodes"]
                            if n["type"] == "person"))
        self.assertEqual(self.audit_count("links.identities_read",
                                          self.suspect), 1)
        # Removed: kept, but no longer listed.
        gone = self.expect(as_user("investigator.a").delete(
            "/api/v1/links/%d" % phone["id"]), 200)
        self.assertEqual(gone["id"], phone["id"])
        self.assertEqual(len(self.expect(as_user("investigator.a").get(
            self.url), 200)["items"]), 1)
        self.expect(as_user("investigator.a").delete(
            "/api/v1/links/%d" % phone["id"]), 409, "conflict", "link")
        self.assertEqual(db_query(store(), "SELECT count(*) FROM "
                                  "identifier_links WHERE id = ? AND "
                                  "removed_at IS NOT NULL",
                                  (phone["id"],))[0][0], 1)

    def test_a_person_link_without_a_case(self):
        pid = self.add_person()["id"]
        made = self.expect(self.add({"kind": "social_media",
                                     "value": "@Noor.S"},
                                    url="/api/v1/persons/%d/links" % pid),
                           201)
        self.assertEqual((made["value"], made["case"]), ("noor.s", None))
        self.expect(self.add({"kind": "phone", "value": "0750 111 2222",
                              "person_id": pid}), 422, "invalid",
                    "person_id")
        self.expect(self.add({"kind": "phone", "value": "x", "note": "y"},
                             url="/api/v1/persons/%d/links" % pid,
                             user="investigator.b"), 404, "not_found")

    def test_refused_naming_the_field(self):
        as_user("prosecutor.a")
        before = db_snapshot(store())
        for body, field in [
                ({"value": "0750 111 2222"}, "kind"),
                ({"kind": "pager", "value": "1"}, "kind"),
                ({"kind": "phone"}, "value"),
                ({"kind": "phone", "value": "0750 CALL ME"}, "value"),
                ({"kind": "phone", "value": "+964 750"}, "value"),
                ({"kind": "email", "value": "no mail"}, "value"),
                ({"kind": "phone", "value": 7501112222}, "value"),
                ({"kind": "phone", "value": "0750 111 2222",
                  "person_id": "x"}, "person_id"),
                ({"kind": "phone", "value": "0750 111 2222",
                  "person_id": 999999}, "person_id"),
                ({"kind": "phone", "value": "0750 111 2222",
                  "colour": "red"}, "colour")]:
            with self.subTest(field=field, body=body):
                r = self.add(body)
                self.assertIn(r.status, (404, 422), r.describe())
                self.assertEqual(r.error.get("field"), field, r.describe())
        self.expect(self.add({"kind": "hawala", "value": "HWL-1"},
                             user="prosecutor.a"), 403, "forbidden")
        self.assert_unchanged(before)

    def test_graphml_export_parses(self):
        self.expect(self.add({"kind": "phone",
                              "value": "+963 900 000 002",
                              "person_id": self.suspect}), 201)
        # Markup and quotes in what is exported are escaped, not parsed.
        self.expect(self.add({"kind": "address",
                              "value": "<b>Street</b> & \"Square\" 'Erbil'"}),
                    201)
        self.expect(as_user("investigator.a").post(
            "/api/v1/cases/%s/calls" % self.ref, {"csv": self.CALLS}), 201)
        r = self.network("case=%s&identities=true" % q(self.ref),
                         graphml=True)
        self.assertEqual(r.status, 200, r.describe())
        self.assertEqual(r.header("Content-Type"),
                         "application/graphml+xml; charset=utf-8")
        self.assertEqual(r.header("Cache-Control"), "no-store")
        root = ET.fromstring(r.body)
        ns = "{http://graphml.graphdrawing.org/xmlns}"
        self.assertEqual(root.tag, ns + "graphml")
        graph = root.find(ns + "graph")
        nodes = {n.get("id"): {d.get("key"): d.text for d in n}
                 for n in graph.findall(ns + "node")}
        self.assertEqual(nodes["case:" + self.ref]["type"], "case")
        self.assertIn("<b>street</b> & \"square\" 'erbil'",
                      [n.get("value") for n in nodes.values()])
        calls = [e for e in graph.findall(ns + "edge")
                 if e.get("directed") == "true"]
        self.assertEqual(len(calls), 2)
        for e in graph.findall(ns + "edge"):
            self.assertIn(e.get("source"), nodes)
            self.assertIn(e.get("target"), nodes)
        js = self.expect(self.network("case=%s" % q(self.ref)), 200)
        self.assertEqual(len(js["nodes"]), len(nodes))
        self.assertEqual(len(js["edges"]),
                         len(graph.findall(ns + "edge")))

    def test_calls_import(self):
        url = "/api/v1/cases/%s/calls" % self.ref
        inv = as_user("investigator.a")
        before = db_snapshot(store())
        for csv, field, line in [
                ("", "csv", "empty"),
                ("from,to,when,length\n", "csv", "line 1"),
                (self.CALLS + "0750 333 4444,12,2026-03-03T08:00:00Z,5\n",
                 "callee", "line 4"),
                (self.CALLS + "0750 333 4444,0750 111 2222,"
                 "2026-03-03 08:00,5\n", "time", "line 4"),
                (self.CALLS + "0750 333 4444,0750 111 2222,"
                 "2026-03-03T08:00:00Z,-5\n", "duration", "line 4"),
                ("caller,callee,time,duration\n"
                 "0750 CALL,0750 111 2222,2026-03-03T08:00:00Z,5\n",
                 "caller", "line 2")]:
            with self.subTest(field=field, line=line):
                r = inv.post(url, {"csv": csv})
                self.expect(r, 422, "invalid", field)
                self.assertIn(line, r.error["message"])
        self.expect(inv.post(url, {}), 422, "invalid", "csv")
        self.assert_unchanged(before)
        made = self.expect(inv.post(url, {"csv": self.CALLS}), 201)
        self.assertEqual((made["case"], made["calls"], made["numbers"],
                          made["new_links"]), (self.ref, 2, 2, 2))
        self.assertEqual(self.audit_count("links.import_calls", self.ref), 1)
        self.expect(inv.post(url, {"csv": self.CALLS}), 409, "conflict",
                    "csv")
        net = self.expect(self.network("case=%s&depth=1" % q(self.ref)), 200)
        calls = [e for e in net["edges"] if e["kind"] == "call"]
        self.assertEqual(sorted((e["calls"], e["seconds"]) for e in calls),
                         [(1, 30), (1, 124)])
        listed = self.expect(inv.get(self.url), 200)["items"]
        self.assertEqual(sorted(x["source"] for x in listed),
                         ["call_records", "call_records"])

    def test_another_agency_and_shares(self):
        self.expect(self.add({"kind": "vehicle", "value": "Erbil 22 B 31337"}),
                    201)
        b = as_user("investigator.b")
        for path in (self.url, "/api/v1/links/network?case=" + q(self.ref),
                     "/api/v1/links/network.graphml?case=" + q(self.ref),
                     "/api/v1/persons/%d/links" % self.suspect):
            self.expect(b.get(path), 404, "not_found")
        self.expect(b.post(self.url, {"kind": "phone",
                                      "value": "0750 111 2222"}), 404,
                    "not_found")
        self.expect(b.post("/api/v1/cases/%s/calls" % self.ref,
                           {"csv": self.CALLS}), 404, "not_found")
        # Shared for assistance: the links are not part of it.
        self.expect(as_user("supervisor.a").post(
            "/api/v1/cases/%s/shares" % self.ref,
            {"agency": AGENCY_B, "scope": "assistance",
             "reason": "Shelter placement"}), 201)
        self.expect(b.get(self.url), 403, "forbidden")
        self.expect(b.get("/api/v1/links/network?case=" + q(self.ref)), 403,
                    "forbidden")
        view = self.expect(b.get("/api/v1/cases/" + q(self.ref)), 200)
        self.assertNotIn("links", view["parts"])
        self.assertIn("links", self.expect(as_user("investigator.a").get(
            "/api/v1/cases/" + q(self.ref)), 200)["parts"])

    def test_network_refusals(self):
        for query, field in [("", "case"), ("case=%s&person=1" % q(self.ref),
                                            "person"),
                             ("case=%s&depth=4" % q(self.ref), "depth"),
                             ("case=%s&depth=x" % q(self.ref), "depth"),
                             ("case=%s&identities=maybe" % q(self.ref),
                              "identities")]:
            with self.subTest(query=query):
                self.expect(self.network(query), 422, "invalid", field)
        self.expect(self.network("case=NO-SUCH-2026-000001"), 404,
                    "not_found")


class TestPasswordChange(ApiCase):

    def test_change_your_own_password(self):
        name = PASSWD_USER
        new = "Tigris-Lantern-Morning-7"
        SECRETS.add(new)
        here, elsewhere = Client(server(), name), Client(server(), name)
        self.expect(here.login(name), 201)
        self.expect(elsewhere.login(name), 201)
        url = "/api/v1/session/password"
        for body, field in [
                ({"current_password": PASSWORD}, "new_password"),
                ({"current_password": PASSWORD, "new_password": PASSWORD},
                 "new_password"),
                ({"current_password": PASSWORD, "new_password": "short"},
                 "new_password"),
                ({"current_password": PASSWORD, "new_password": 7},
                 "new_password"),
                ({"current_password": PASSWORD, "new_password": new,
                  "x": 1}, "x")]:
            self.expect(here.post(url, body), 422, "invalid", field)
        failed = self.audit_count("user.login_failed", name)
        self.expect(here.post(url, {"current_password": "Wrong-Phrase-1",
                                    "new_password": new}), 422, "invalid",
                    "current_password")
        self.assertEqual(self.audit_count("user.login_failed", name),
                         failed + 1)
        self.expect(anon().post(url, {"current_password": PASSWORD,
                                      "new_password": new}), 401)
        before = self.audit_count("user.password", name)
        s = self.expect(here.post(url, {"current_password": PASSWORD,
                                        "new_password": new}), 200)
        self.assertEqual(s["user"]["username"], name)
        self.assertEqual(self.audit_count("user.password", name), before + 1)
        self.expect(here.get("/api/v1/session"), 200)
        self.expect(elsewhere.get("/api/v1/session"), 401, "unauthenticated")
        self.expect(anon().login(name), 401)
        self.expect(anon().login(name, new), 201)


class TestCsrf(ApiCase):

    def test_missing_or_wrong_token_is_403_and_writes_nothing(self):
        c = as_user("investigator.a")
        other = as_user("investigator.b")
        case = self.open_case()
        ref = case["ref"]
        writes = [
            ("POST", "/api/v1/cases", {"title": "csrf"}),
            ("POST", "/api/v1/cases/%s/notes" % ref, {"text": "csrf note"}),
            ("POST", "/api/v1/cases/%s/close" % ref, {"reason": "csrf"}),
            ("POST", "/api/v1/persons", {"given": "Csrf"}),
            ("POST", "/api/v1/cases/%s/steps/ensure_immediate_safety" % ref,
             {"action": "done"}),
            ("DELETE", "/api/v1/session", None),
        ]
        for token in (False, "", "wrong", other.csrf, c.csrf + "x",
                      c.csrf[:-1]):
            for method, path, body in writes:
                with self.subTest(token=token, path=path, method=method):
                    before = db_snapshot(store())
                    r = c.request(method, path, body=body, csrf=token)
                    self.expect(r, 403, "forbidden", "csrf")
                    self.assert_unchanged(before, r)
        # GET needs no token; the session is still alive.
        self.expect(c.get("/api/v1/cases/%s" % ref), 200)
        self.expect(c.get("/api/v1/session"), 200)
        # With the token the same request works.
        self.expect(c.post("/api/v1/cases/%s/notes" % ref,
                           {"text": "with the token"}), 201)

    def test_the_token_belongs_to_the_session(self):
        a1 = anon()
        a2 = anon()
        self.expect(a1.login(SESSION_USER), 201)
        self.expect(a2.login(SESSION_USER), 201)
        self.assertNotEqual(a1.csrf, a2.csrf)
        self.expect(a1.post("/api/v1/persons", {"given": "Tokenless"},
                            csrf=a2.csrf), 403, "forbidden", "csrf")


# --------------------------------------------------------------------------
# Who sees what
# --------------------------------------------------------------------------

class TestIntake(ApiCase):
    """Reports of a suspected case: a Migrant Resource Centre's caseworker
    reports to agency A, whose supervisors and investigators triage it;
    agency B, a third agency here, sees nothing."""

    MRC = "KRI-MRC"
    REPORTER = "mrc.reporter"
    COLLEAGUE = "mrc.colleague"

    @classmethod
    def setUpClass(cls):
        if "intake_agency" not in STATE:
            admin = username("admin", "a")
            cli(store(), "agency", "add", "--code", cls.MRC, "--name",
                "Migrant Resource Centre, Erbil", "--kind",
                "migrant_resource_centre", user=admin)
            for name, role in ((cls.REPORTER, "caseworker"),
                               (cls.COLLEAGUE, "supervisor")):
                cli(store(), "user", "add", "--agency", cls.MRC,
                    "--username", name, "--role", role, user=admin,
                    stdin=PASSWORD + "\n")
            STATE["intake_agency"] = True

    def report(self, user=None, **extra):
        body = {"to": AGENCY_A, "what": self.unique("Women kept in a flat"),
                "where": "Ankawa, behind the bakery", "when": "since March",
                "at_risk": "Two women from abroad", "people": 2,
                "children": "no", "urgent": True, "suspected": "trafficking",
                "contact": {"name": "Shilan", "contact": "+964 750 123 4567",
                            "times": "mornings"}}
        body.update(extra)
        for k in ("what", "where", "at_risk"):
            if isinstance(body.get(k), str):
                SECRETS.add(body[k])
        return as_user(user or self.REPORTER).post("/api/v1/intake", body)

    def refs(self, user, path="/api/v1/intake?limit=500"):
        return [x["ref"] for x in self.expect(as_user(user).get(path),
                                              200)["items"]]

    def test_a_report_opens_a_case_the_reporter_cannot_read(self):
        made = self.expect(self.report(), 201)
        mine = made["report"]
        self.assertRegex(mine["ref"], r"^RPT-\d{4}-\d{5}$")
        self.assertEqual((mine["status"], mine["agency"], mine["urgent"],
                          mine["anonymous"], mine["case"], made["details"],
                          mine["links"], mine["acknowledged_by"]),
                         ("received", AGENCY_A, True, False, None, None,
                          None, None))
        ref = mine["ref"]
        # The receiving agency: the report whole, and its case.
        sup = as_user("supervisor.a")
        full = self.expect(sup.get("/api/v1/intake/" + ref), 200)
        case_ref = full["report"]["case"]
        self.assertTrue(case_ref.startswith(AGENCY_A + "-"))
        self.assertEqual(full["details"]["where"],
                         "Ankawa, behind the bakery")
        self.assertEqual(full["details"]["contact"]["contact"],
                         "+964 750 123 4567")
        case = self.expect(sup.get("/api/v1/cases/" + case_ref), 200)
        self.assertEqual((case["case"]["kind"], case["case"]["lead"]),
                         ("unclassified", "supervisor.a"))
        steps = self.expect(sup.get("/api/v1/cases/%s/steps" % case_ref),
                            200)
        safety = [s for s in steps["steps"]
                  if s["id"] == "ensure_immediate_safety"][0]
        self.assertEqual(safety["state"], "ready")
        self.assertIsNotNone(safety["due_at"])
        for user in ("investigator.a", "caseworker.a", "supervisor.a"):
            work = self.expect(as_user(user).get("/api/v1/work"), 200)
            self.assertIn(("ensure_immediate_safety", case_ref),
                          [(w["step"]["id"], w["case"]["ref"])
                           for w in work["items"]], user)
        # The reporter and their agency: the report's status, never the
        # case; a third agency: nothing.
        for user in (self.REPORTER, self.COLLEAGUE, "supervisor.b"):
            self.expect(as_user(user).get("/api/v1/cases/" + case_ref),
                        404, "not_found")
        self.expect(as_user(self.COLLEAGUE).get("/api/v1/intake/" + ref),
                    404, "not_found")
        for user in ("supervisor.b", "investigator.b"):
            self.expect(as_user(user).get("/api/v1/intake/" + ref), 404,
                        "not_found")
            self.assertNotIn(ref, self.refs(user))
        self.assertIn(ref, self.refs(self.REPORTER,
                                     "/api/v1/intake/sent?limit=500"))
        self.assertNotIn(ref, self.refs("investigator.a",
                                        "/api/v1/intake/sent?limit=500"))
        self.assertEqual(self.audit_count("intake.report", ref), 1)
        self.assertEqual(self.audit_count("case.open", case_ref), 1)
        # The texts are sealed at rest.
        stored = db_query(store(), "SELECT what, place, contact FROM "
                          "intake_reports WHERE ref = ?", (ref,))[0]
        self.assertNotIn("bakery", stored[1])
        self.assertNotIn("+964", stored[2])

    def test_anonymous_and_defaults(self):
        made = self.expect(self.report(contact=None, urgent=None,
                                       suspected=None, children=None,
                                       people=None), 201)["report"]
        self.assertEqual((made["anonymous"], made["urgent"],
                          made["suspected"], made["children"],
                          made["people"]),
                         (True, False, "unsure", "unknown", None))
        # Agency A's own investigator reports to it without naming it.
        own = self.expect(self.report(user="investigator.a", to=None), 201)
        self.assertEqual(own["report"]["agency"], AGENCY_A)
        self.assertIsNotNone(own["details"])

    def test_refused_naming_the_field(self):
        for user in (self.REPORTER, "analyst.a", "trainee.a"):
            as_user(user)
        before = db_snapshot(store())
        for extra, field in [
                ({"what": None}, "what"), ({"what": "  "}, "what"),
                ({"to": "NO-SUCH"}, "to"), ({"to": self.MRC}, "to"),
                ({"to": None}, "to"), ({"people": 0}, "people"),
                ({"people": "two"}, "people"), ({"children": "some"},
                                                "children"),
                ({"suspected": "fraud"}, "suspected"),
                ({"when": "2999-01-01"}, "when"), ({"urgent": "yes"},
                                                   "urgent"),
                ({"contact": "+964 750"}, "contact"),
                ({"contact": {"phone": "1"}}, "phone"),
                ({"mood": "bad"}, "mood")]:
            with self.subTest(extra=extra):
                r = self.report(**extra)
                self.expect(r, 422, "invalid", field)
        for user in ("analyst.a", "trainee.a"):
            self.expect(self.report(user=user), 403, "forbidden")
        self.assert_unchanged(before, skip=("sessions",))
        r = self.report(to=None)
        self.assertIn(AGENCY_A, r.error["message"])
        self.assertIn(AGENCY_B, r.error["message"])

    def test_urgent_flag_until_acknowledged(self):
        ref = self.expect(self.report(), 201)["report"]["ref"]
        self.assertIn(ref, self.refs("supervisor.a",
                                     "/api/v1/intake?urgent=true"))
        listed = self.expect(as_user("investigator.a").get(
            "/api/v1/intake?limit=500"), 200)["items"]
        first = [x for x in listed if x["urgent"] and
                 x["acknowledged_at"] is None]
        self.assertEqual(listed[:len(first)], first)
        self.assertNotIn("details", listed[0])
        # Caseworkers and prosecutors of the receiving agency do not
        # triage; another agency's supervisor finds no such report.
        for user in ("caseworker.a", "prosecutor.a"):
            self.expect(as_user(user).post(
                "/api/v1/intake/%s/acknowledge" % ref, {}), 403, "forbidden")
            self.expect(as_user(user).get("/api/v1/intake"), 403,
                        "forbidden")
        self.expect(as_user("supervisor.b").post(
            "/api/v1/intake/%s/acknowledge" % ref, {}), 404, "not_found")
        acked = self.expect(as_user("investigator.a").post(
            "/api/v1/intake/%s/acknowledge" % ref, {}), 200)["report"]
        self.assertEqual((acked["status"], acked["acknowledged_by"]),
                         ("acknowledged", "investigator.a"))
        self.expect(as_user("supervisor.a").post(
            "/api/v1/intake/%s/acknowledge" % ref, {}), 409, "conflict")
        self.assertNotIn(ref, self.refs("supervisor.a",
                                        "/api/v1/intake?urgent=true"))
        self.assertEqual(self.audit_count("intake.acknowledge", ref), 1)
        seen = self.expect(as_user(self.REPORTER).get(
            "/api/v1/intake/" + ref), 200)["report"]
        self.assertEqual((seen["status"], seen["acknowledged_by"]),
                         ("acknowledged", None))
        # Closing the case closes the report, as its reporter sees it.
        case_ref = self.expect(as_user("supervisor.a").get(
            "/api/v1/intake/" + ref), 200)["report"]["case"]
        self.expect(as_user("supervisor.a").post(
            "/api/v1/cases/%s/close" % case_ref,
            {"reason": "Nobody found at the address"}), 200)
        self.assertEqual(self.expect(as_user(self.REPORTER).get(
            "/api/v1/intake/" + ref), 200)["report"]["status"], "closed")

    def test_link_and_unlink_duplicates(self):
        a = self.expect(self.report(), 201)["report"]["ref"]
        b = self.expect(self.report(urgent=False), 201)["report"]["ref"]
        b_other = self.expect(self.report(to=AGENCY_B), 201)["report"]["ref"]
        sup = as_user("supervisor.a")
        linked = self.expect(sup.post("/api/v1/intake/%s/links" % a,
                                      {"other": b}), 201)
        self.assertEqual([x["ref"] for x in linked["links"]], [b])
        self.assertEqual(linked["report"]["links"], 1)
        other_side = self.expect(sup.get("/api/v1/intake/" + b), 200)
        self.assertEqual([x["ref"] for x in other_side["links"]], [a])
        for body, status, field in [({"other": b}, 409, "other"),
                                    ({"other": a}, 422, "other"),
                                    ({"other": b_other}, 404, "other"),
                                    ({"other": "RPT-1999-00001"}, 404,
                                     "other"),
                                    ({}, 422, "other"),
                                    ({"other": 5}, 422, "other")]:
            with self.subTest(body=body):
                self.expect(sup.post("/api/v1/intake/%s/links" % a, body),
                            status, None, field)
        self.assertEqual(self.expect(as_user(self.REPORTER).get(
            "/api/v1/intake/" + a), 200)["links"], [])
        self.expect(as_user("caseworker.a").post(
            "/api/v1/intake/%s/unlink" % a, {"other": b}), 403, "forbidden")
        undone = self.expect(as_user("investigator.a").post(
            "/api/v1/intake/%s/unlink" % b, {"other": a}), 200)
        self.assertEqual(undone["links"], [])
        self.expect(sup.post("/api/v1/intake/%s/unlink" % a, {"other": b}),
                    409, "conflict", "other")
        self.assertEqual(self.audit_count("intake.link", a), 1)
        self.assertEqual(self.audit_count("intake.unlink", b), 1)
        self.expect(sup.post("/api/v1/intake/%s/links" % a, {"other": b}),
                    201)

    def test_lists_and_paging(self):
        for _ in range(3):
            self.expect(self.report(urgent=False), 201)
        page = self.expect(as_user("supervisor.a").get(
            "/api/v1/intake?limit=2&offset=1"), 200)
        self.assertEqual((len(page["items"]), page["limit"],
                          page["offset"]), (2, 2, 1))
        sent = self.expect(as_user(self.REPORTER).get(
            "/api/v1/intake/sent?limit=2"), 200)["items"]
        self.assertEqual(len(sent), 2)
        self.assertTrue(all(x["case"] is None and x["links"] is None
                            for x in sent))
        for query, field in [("?urgent=maybe", "urgent"),
                             ("?limit=0", "limit"), ("?offset=-1",
                                                     "offset")]:
            self.expect(as_user("supervisor.a").get("/api/v1/intake" +
                                                    query), 422,
                        "invalid", field)
        for role in ("admin", "analyst", "trainer"):
            self.expect(as_user(username(role)).get("/api/v1/intake/sent"),
                        403, "forbidden")
        self.expect(as_user("supervisor.a").get(
            "/api/v1/intake/RPT-2026-99999"), 404, "not_found", "ref")


class TestAccessMatrix(ApiCase):
    """Every role of both agencies against a case of agency A."""

    @classmethod
    def setUpClass(cls):
        tc = cls("run")
        inv = as_user("investigator.a")
        cls.case = tc.open_case(title="Matrix case")
        cls.ref = cls.case["ref"]
        cls.person = tc.add_person(given="Matrixa", family="Hamid")
        tc.link(cls.ref, cls.person["id"])
        tc.expect(inv.post("/api/v1/cases/%s/assessment" % cls.ref, {
            "tip": {"acts": ["recruitment"], "means": ["deception"],
                    "purposes": ["forced_labour"]},
            "border_crossed": False}), 201)
        cls.b_case = tc.open_case(user="investigator.b", title="B case")

    def users(self):
        return [(username(r, a), r, a) for a in ("a", "b") for r in ROLES]

    def test_read_case(self):
        for name, role, agency in self.users():
            with self.subTest(user=name):
                r = as_user(name).get("/api/v1/cases/%s?identities=true"
                                      % self.ref)
                if agency == "a" and role in CASE_READERS:
                    v = self.expect(r, 200)
                    self.assertEqual(v["case"]["ref"], self.ref)
                    self.assertEqual(v["people"][0]["name"], "Matrixa Hamid")
                else:
                    self.expect(r, 404, "not_found", "ref")
                    self.assertNotIn("Matrixa", r.body.decode("utf-8"))
                r = as_user(name).get("/api/v1/cases/%s"
                                      % self.b_case["ref"])
                self.expect(r, 200 if agency == "b" and role in CASE_READERS
                            else 404)

    def test_other_reads_follow_the_case(self):
        paths = ["steps", "facts", "screenings", "assessment"]
        for name, role, agency in self.users():
            for p in paths:
                with self.subTest(user=name, path=p):
                    r = as_user(name).get("/api/v1/cases/%s/%s"
                                          % (self.ref, p))
                    self.expect(r, 200 if agency == "a" and
                                role in CASE_READERS else 404)

    def test_add_note(self):
        for name, role, agency in self.users():
            with self.subTest(user=name):
                text = "matrix note by %s" % name
                SECRETS.add(text)
                before = db_query(store(), "SELECT count(*) FROM notes")[0][0]
                r = as_user(name).post("/api/v1/cases/%s/notes" % self.ref,
                                       {"text": text})
                after = db_query(store(), "SELECT count(*) FROM notes")[0][0]
                if agency == "a" and role in CASE_READERS:
                    n = self.expect(r, 201)
                    self.assertEqual(n["text"], text)
                    self.assertEqual(n["author"], name)
                    self.assertEqual(after, before + 1)
                else:
                    self.expect(r, 404, "not_found")
                    self.assertEqual(after, before)

    def test_do_a_step(self):
        step = "ensure_immediate_safety"
        path = "/api/v1/cases/%s/steps/%s" % (self.ref, step)
        for name, role, agency in self.users():
            with self.subTest(user=name):
                r = as_user(name).post(path, {"action": "done",
                                              "note": "matrix"})
                if agency == "a" and role in STEP_ROLES_SAFETY:
                    ev = self.expect(r, 201)
                    self.assertEqual((ev["step"], ev["action"], ev["by"]),
                                     (step, "done", name))
                    self.expect(as_user("investigator.a").post(
                        path, {"action": "reopen", "reason": "next role"}),
                        201)
                elif agency == "a" and role in CASE_READERS:
                    # May read the case, but the step's roles leave it out.
                    self.expect(r, 403, "forbidden")
                else:
                    self.expect(r, 404, "not_found")

    def test_classify(self):
        path = "/api/v1/cases/%s/classification" % self.ref
        for name, role, agency in self.users():
            with self.subTest(user=name):
                r = as_user(name).post(path, {"kind": "tip",
                                              "reason": "matrix"})
                if agency == "a" and role in CLASSIFIERS:
                    a = self.expect(r, 200)
                    self.assertEqual(a["decision"], "tip")
                elif agency == "a" and role in CASE_READERS:
                    self.expect(r, 403, "forbidden")
                else:
                    self.expect(r, 404, "not_found")

    def test_case_list_by_role(self):
        for name, role, agency in self.users():
            with self.subTest(user=name):
                r = as_user(name).get("/api/v1/cases?limit=500")
                if role in CASE_READERS:
                    items = self.expect(r, 200)["items"]
                    want = AGENCY_A if agency == "a" else AGENCY_B
                    self.assertTrue(items)
                    self.assertEqual({c["agency"] for c in items}, {want})
                else:
                    self.expect(r, 403, "forbidden")

    def test_identities(self):
        pid = self.person["id"]
        for name, role, agency in self.users():
            with self.subTest(user=name):
                r = as_user(name).get("/api/v1/persons/%d" % pid)
                if role not in CASE_READERS:
                    # Analysts, trainers, trainees and administrators see
                    # no identities.
                    self.expect(r, 403, "forbidden")
                elif agency == "b":
                    self.expect(r, 404, "not_found")
                else:
                    p = self.expect(r, 200)
                    self.assertEqual(p["names"][0]["given"], "Matrixa")
                self.assertTrue(r.status == 200 or
                                "Matrixa" not in r.body.decode("utf-8"))

    def test_admin_only_resources(self):
        for name, role, agency in self.users():
            with self.subTest(user=name):
                r = as_user(name).get("/api/v1/users")
                self.expect(r, 200 if role == "admin" else 403)
                r = as_user(name).get("/api/v1/audit?limit=1")
                self.expect(r, 200 if role in ("admin", "supervisor")
                            else 403)
                r = as_user(name).post("/api/v1/agencies", {
                    "code": "ZZ-%s" % name.replace(".", "-").upper()[:10],
                    "name": "x", "kind": "other"})
                if role == "admin":
                    self.expect(r, 201)
                else:
                    self.expect(r, 403, "forbidden")
                # Every user may read the agencies and the SOPs.
                self.expect(as_user(name).get("/api/v1/agencies"), 200)
                self.expect(as_user(name).get("/api/v1/sops"), 200)

    def test_supervisor_audit_sees_own_agency_only(self):
        r = as_user("supervisor.b").get("/api/v1/audit?case=%s" % self.ref)
        self.assertIn(r.status, (403, 404), r.describe())
        items = self.expect(as_user("supervisor.a").get(
            "/api/v1/audit?limit=500&case=%s" % self.ref), 200)["items"]
        self.assertTrue(items)
        self.assertEqual({e["case"] for e in items}, {self.ref})


# --------------------------------------------------------------------------
# The web interface's files
# --------------------------------------------------------------------------

class TestWebFiles(ApiCase):

    def raw(self, method, path):
        conn = http.client.HTTPConnection("127.0.0.1", server().port,
                                          timeout=30)
        try:
            conn.request(method, path)
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, \
                r.read()
        finally:
            conn.close()

    def test_the_page_and_its_files(self):
        web = os.path.join(ROOT, "web")
        for path, file, ctype in (
                ("/", "index.html", "text/html; charset=utf-8"),
                ("/index.html", "index.html", "text/html; charset=utf-8"),
                ("/static/app.css", "app.css", "text/css; charset=utf-8"),
                ("/static/js/app.js", "js/app.js",
                 "text/javascript; charset=utf-8"),
                ("/static/locales/ckb.json", "locales/ckb.json",
                 "application/json; charset=utf-8")):
            with self.subTest(path=path):
                status, headers, body = self.raw("GET", path)
                self.assertEqual(status, 200)
                self.assertEqual(headers["content-type"], ctype)
                with open(os.path.join(web, file), "rb") as f:
                    self.assertEqual(body, f.read())
                csp = headers["content-security-policy"]
                for directive in ("default-src 'none'", "script-src 'self'",
                                  "frame-ancestors 'none'",
                                  "base-uri 'none'"):
                    self.assertIn(directive, csp)
                self.assertNotIn("unsafe", csp)
                self.assertEqual(headers["x-frame-options"], "DENY")
                self.assertEqual(headers["cache-control"], "no-cache")
                self.assertEqual(headers["x-content-type-options"],
                                 "nosniff")
        status, headers, body = self.raw("HEAD", "/")
        self.assertEqual((status, body), (200, b""))

    def test_nothing_else_is_served(self):
        for path in ("/static/", "/static/nothing.js", "/favicon.ico",
                     "/static/js", "/README.md", "/static/%2e%2e/README.md",
                     "/static/..%2fREADME.md", "/static//etc/passwd",
                     "/static/js/../../meson.build", "/web/index.html",
                     "/api", "/api/", "/api/v2/cases"):
            with self.subTest(path=path):
                status, headers, body = self.raw("GET", path)
                self.assertIn(status, (400, 404))
                self.assertTrue(headers["content-type"].startswith(
                    "application/json"))
                self.assertNotIn(b"[Unit]", body)
                self.assertNotIn(b"project(", body)
        for method in ("POST", "PUT", "DELETE"):
            with self.subTest(method=method):
                status, _, body = self.raw(method, "/")
                self.assertEqual(status, 405)
                self.assertEqual(json.loads(body)["error"]["code"],
                                 "invalid")


# --------------------------------------------------------------------------
# Sharing a case with another agency
# --------------------------------------------------------------------------

class TestSharing(ApiCase):
    """Role x agency x sharing: a case of agency A, shared with B or not."""

    def setUp(self):
        self.case = self.open_case(title=self.unique("Shared case"),
                                   summary="Met at the border crossing")
        self.ref = self.case["ref"]
        self.person = self.add_person(given="Sharedname", family="Rahimi")
        self.link(self.ref, self.person["id"])

    def share(self, body=None, user="supervisor.a", status=201):
        body = body or {"agency": AGENCY_B, "scope": "whole", "reason": "joint investigation"}
        return self.expect(as_user(user).post(
            "/api/v1/cases/%s/shares" % self.ref, body), status)

    def b_users(self):
        return [(username(r, "b"), r) for r in ROLES]

    def b_sees(self):
        """Which of agency B's users can read the case, with names."""
        seen = set()
        for name, role in self.b_users():
            r = as_user(name).get("/api/v1/cases/%s?identities=true"
                                  % self.ref)
            if r.status == 200:
                self.assertEqual(r.json["people"][0]["name"],
                                 "Sharedname Rahimi")
                seen.add(role)
            else:
                self.expect(r, 404, "not_found", "ref")
                self.assertNotIn("Sharedname", r.body.decode("utf-8"))
        return seen

    def listed_for(self, user, query=""):
        r = as_user(user).get("/api/v1/cases?limit=500" + query)
        return {c["ref"] for c in self.expect(r, 200)["items"]}

    def test_a_share_opens_the_case_to_read_and_revoking_closes_it(self):
        self.assertEqual(self.b_sees(), set())
        self.assertNotIn(self.ref, self.listed_for("investigator.b"))
        share = self.share({"agency": AGENCY_B, "scope": "whole", "reason": "joint "
                            "investigation", "until": "2099-12-31"})
        self.assertEqual((share["agency"], share["state"], share["until"],
                          share["shared_by"]),
                         (AGENCY_B, "live", "2099-12-31", "supervisor.a"))
        self.assertEqual(self.audit_count("case.share", self.ref), 1)
        # B's case readers read it, names included (and audited under A).
        reads = self.audit_count("case.identities_read", self.ref)
        self.assertEqual(self.b_sees(), CASE_READERS)
        self.assertEqual(self.audit_count("case.identities_read", self.ref),
                         reads + len(CASE_READERS))
        self.assertEqual(db_query(store(), "SELECT DISTINCT a.agency_id = "
                         "c.agency_id FROM audit a JOIN cases c ON c.id = "
                         "a.case_id WHERE a.object_id = ?", (self.ref,)),
                         [(1,)])
        for p in ("steps", "facts", "screenings", "shares"):
            self.expect(as_user("prosecutor.b").get(
                "/api/v1/cases/%s/%s" % (self.ref, p)), 200)
        # Listed for B: among all its cases, and under A's code.
        self.assertIn(self.ref, self.listed_for("investigator.b"))
        self.assertIn(self.ref, self.listed_for("investigator.b",
                                                "&agency=" + AGENCY_A))
        self.assertNotIn(self.ref, self.listed_for(
            "investigator.b", "&agency=" + AGENCY_B))
        self.assertIn(self.ref, self.listed_for(
            "investigator.b", "&status=open&kind=tip"))
        self.assertNotIn(self.ref, self.listed_for(
            "investigator.b", "&status=closed"))
        # B sees its own share, A every share.
        mine = self.expect(as_user("investigator.b").get(
            "/api/v1/cases/%s/shares" % self.ref), 200)["items"]
        self.assertEqual([s["id"] for s in mine], [share["id"]])
        # Reading is all: B's changes are refused, and say why.
        before = db_snapshot(store())
        for name, role in self.b_users():
            for path, body in (("notes", {"text": "from B"}),
                               ("close", {"reason": "from B"}),
                               ("people", {"person_id": self.person["id"],
                                           "role": "witness"}),
                               ("shares", {"agency": AGENCY_A,
                                           "scope": "whole",
                                           "reason": "pass it on"}),
                               ("transfers", {"agency": AGENCY_B,
                                              "reason": "take it"})):
                with self.subTest(user=name, path=path):
                    r = as_user(name).post("/api/v1/cases/%s/%s"
                                           % (self.ref, path), body)
                    if role not in CASE_READERS:
                        self.expect(r, 404, "not_found")
                    else:
                        self.expect(r, 403, "forbidden")
        self.assert_unchanged(before, skip=("sessions", "audit",
                                            "audit_head"))
        r = as_user("investigator.b").post("/api/v1/cases/%s/notes"
                                           % self.ref, {"text": "x"})
        self.assertIn("shared with your agency", r.error["message"])
        # Revoked: gone for B at once, kept in the history.
        revoked = self.expect(as_user("supervisor.a").post(
            "/api/v1/cases/%s/shares/%d/revoke" % (self.ref, share["id"]),
            {"reason": "investigation closed"}), 200)
        self.assertEqual((revoked["state"], revoked["revoke_reason"]),
                         ("revoked", "investigation closed"))
        self.assertIsNotNone(revoked["revoked_at"])
        self.assertEqual(self.audit_count("case.unshare", self.ref), 1)
        self.assertEqual(self.b_sees(), set())
        self.assertNotIn(self.ref, self.listed_for("investigator.b"))
        self.expect(as_user("investigator.b").get(
            "/api/v1/cases/%s/shares" % self.ref), 404, "not_found", "ref")
        history = self.expect(as_user("investigator.a").get(
            "/api/v1/cases/%s/shares" % self.ref), 200)["items"]
        self.assertEqual([s["state"] for s in history], ["revoked"])
        self.expect(as_user("supervisor.a").post(
            "/api/v1/cases/%s/shares/%d/revoke" % (self.ref, share["id"]),
            {"reason": "again"}), 409, "conflict", "share")
        # Shared again after the revocation: a new share.
        again = self.share()
        self.assertNotEqual(again["id"], share["id"])
        self.assertEqual(self.b_sees(), CASE_READERS)

    def test_a_scope_shows_its_parts_and_no_more(self):
        suspect = self.add_person(given="Suspectname", family="Karimi",
                                  sex="male")
        self.link(self.ref, suspect["id"], role="suspect")
        self.expect(as_user("investigator.a").post(
            "/api/v1/cases/%s/notes" % self.ref,
            {"text": "Phone seized"}), 201)
        b = as_user("investigator.b")
        url = "/api/v1/cases/%s" % self.ref
        # (scope, roles B sees, notes, parts readable, parts refused)
        table = [
            ("assistance", ["presumed_victim"], 0,
             ["screenings", "referrals"], ["steps", "facts", "assessment",
                                           "transfers", "shares/x"]),
            ("investigation", ["suspect"], 1, [],
             ["steps", "facts", "screenings", "referrals", "transfers"]),
            ("whole", ["presumed_victim", "suspect"], 1,
             ["steps", "facts", "screenings", "referrals"], ["transfers"]),
        ]
        for scope, roles, notes, readable, refused in table:
            with self.subTest(scope=scope):
                share = self.share({"agency": AGENCY_B, "scope": scope,
                                    "reason": "need to know"})
                self.assertEqual(share["scope"], scope)
                view = self.expect(b.get(url + "?identities=true"), 200)
                self.assertEqual(view["sight"], scope)
                self.assertEqual(sorted(p["role"] for p in view["people"]),
                                 roles)
                self.assertEqual(len(view["notes"]), notes)
                self.assertEqual(view["case"]["summary"] != "",
                                 scope == "whole")
                for part in readable:
                    self.expect(b.get("%s/%s" % (url, part)), 200)
                for part in refused:
                    if part == "shares/x":
                        continue
                    r = b.get("%s/%s" % (url, part))
                    self.expect(r, 403, "forbidden", "ref")
                    self.assertIn(AGENCY_A, r.error["message"])
                # People are readable by id as the scope allows.
                self.expect(b.get("/api/v1/persons/%d" % self.person["id"]),
                            200 if "presumed_victim" in roles else 404)
                self.expect(b.get("/api/v1/persons/%d" % suspect["id"]),
                            200 if "suspect" in roles else 404)
                self.expect(as_user("supervisor.a").post(
                    "/api/v1/cases/%s/shares/%d/revoke" % (self.ref,
                                                           share["id"]),
                    {"reason": "next scope"}), 200)
        # Revoked: the people are out of sight again.
        self.expect(b.get("/api/v1/persons/%d" % suspect["id"]), 404)
        audited = db_query(store(), "SELECT changes FROM audit WHERE "
                           "action = 'case.share' AND object_id = ? ORDER "
                           "BY seq", (self.ref,))
        self.assertEqual([json.loads(c)["scope"] for c, in audited],
                         ["assistance", "investigation", "whole"])

    def test_a_transfer_hands_the_case_over(self):
        a, b = as_user("supervisor.a"), as_user("investigator.b")
        self.share({"agency": AGENCY_B, "scope": "assistance",
                    "reason": "before the transfer"})
        request = self.expect(as_user("investigator.a").post(
            "/api/v1/cases/%s/cooperation" % self.ref,
            TestCooperation.MLA), 201)
        url = "/api/v1/cases/%s/transfers" % self.ref
        refusals = [
            ("investigator.a", {"agency": AGENCY_B, "reason": "r"}, 403,
             "forbidden", None),
            ("supervisor.a", {"agency": AGENCY_A, "reason": "r"}, 422,
             "invalid", "agency"),
            ("supervisor.a", {"agency": AGENCY_B}, 422, "invalid", "reason"),
            ("supervisor.a", {"agency": AGENCY_B, "reason": "r",
                              "lead": "investigator.a"}, 422, "invalid",
             "lead"),
            ("supervisor.a", {"agency": AGENCY_B, "reason": "r",
                              "keep": "everything"}, 422, "invalid", "keep"),
            ("supervisor.a", {"agency": "NO-SUCH", "reason": "r"}, 404,
             "not_found", "agency"),
            ("supervisor.b", {"agency": AGENCY_B, "reason": "r"}, 403,
             "forbidden", None),
        ]
        for user, _, _, _, _ in refusals:
            as_user(user)
        before = db_snapshot(store())
        for user, body, status, code, field in refusals:
            with self.subTest(user=user, body=body):
                self.expect(as_user(user).post(url, body), status, code,
                            field)
        self.assert_unchanged(before)
        t = self.expect(a.post(url, {"agency": AGENCY_B, "reason": "the "
                                     "suspects live in their region",
                                     "lead": "investigator.b",
                                     "keep": "assistance"}), 201)
        self.assertEqual((t["from"], t["to"], t["lead"], t["by"]),
                         (AGENCY_A, AGENCY_B, "investigator.b",
                          "supervisor.a"))
        self.assertIsNotNone(t["kept_share"])
        self.assertEqual(self.audit_count("case.transfer", self.ref), 1)
        # B owns it: works it, under the same reference.
        case = self.expect(b.get("/api/v1/cases/%s" % self.ref), 200)
        self.assertEqual((case["sight"], case["case"]["agency"],
                          case["case"]["lead"]),
                         ("own", AGENCY_B, "investigator.b"))
        self.expect(b.post("/api/v1/cases/%s/notes" % self.ref,
                           {"text": "taken over"}), 201)
        # Its cooperation requests went with it.
        self.assertIn(request["id"], [x["id"] for x in self.expect(
            b.get("/api/v1/cooperation?limit=500"), 200)["items"]])
        self.assertNotIn(request["id"], [x["id"] for x in self.expect(
            as_user("investigator.a").get("/api/v1/cooperation?limit=500"),
            200)["items"]])
        self.assertIn(self.ref, self.listed_for("investigator.b",
                                                "&mine=true"))
        # B's old share ended; A keeps the share it asked for, to read.
        shares = self.expect(as_user("supervisor.b").get(
            "/api/v1/cases/%s/shares" % self.ref), 200)["items"]
        self.assertEqual(sorted((s["agency"], s["scope"], s["state"])
                                for s in shares),
                         sorted([(AGENCY_A, "assistance", "live"),
                                 (AGENCY_B, "assistance", "revoked")]))
        mine = self.expect(as_user("investigator.a").get(
            "/api/v1/cases/%s" % self.ref), 200)
        self.assertEqual(mine["sight"], "assistance")
        self.expect(as_user("investigator.a").post(
            "/api/v1/cases/%s/notes" % self.ref, {"text": "x"}), 403,
            "forbidden")
        self.expect(a.post(url, {"agency": AGENCY_A, "reason": "back"}),
                    403, "forbidden")
        history = self.expect(as_user("supervisor.b").get(url), 200)
        self.assertEqual([x["id"] for x in history["items"]], [t["id"]])
        # A new case of A after the transfer gets a number of its own.
        self.open_case()

    def test_an_expired_share_shows_nothing(self):
        share = self.share({"agency": AGENCY_B, "scope": "whole", "reason": "for a week",
                            "until": datetime.date.today().isoformat()})
        self.assertEqual(self.b_sees(), CASE_READERS)
        yesterday = (datetime.date.today() -
                     datetime.timedelta(days=1)).isoformat()
        db_exec(store(), "UPDATE case_shares SET expires_on = ? WHERE id = ?",
                (yesterday, share["id"]))
        self.assertEqual(self.b_sees(), set())
        self.assertNotIn(self.ref, self.listed_for("investigator.b"))
        states = self.expect(as_user("supervisor.a").get(
            "/api/v1/cases/%s/shares" % self.ref), 200)["items"]
        self.assertEqual([s["state"] for s in states], ["expired"])
        # An expired share does not stand in the way of a new one.
        self.share()
        self.assertEqual(self.b_sees(), CASE_READERS)

    def test_refusals_change_nothing(self):
        self.share()
        url = "/api/v1/cases/%s/shares" % self.ref
        yesterday = (datetime.date.today() -
                     datetime.timedelta(days=1)).isoformat()
        cases = [
            ("investigator.a", {"agency": AGENCY_B, "scope": "whole", "reason": "r"},
             403, "forbidden", None),
            ("prosecutor.a", {"agency": AGENCY_B, "scope": "whole", "reason": "r"},
             403, "forbidden", None),
            ("analyst.a", {"agency": AGENCY_B, "scope": "whole", "reason": "r"},
             404, "not_found", "ref"),
            ("supervisor.a", {"agency": AGENCY_B, "scope": "whole", "reason": "twice"},
             409, "conflict", "agency"),
            ("supervisor.a", {"agency": AGENCY_A, "scope": "whole", "reason": "own"},
             422, "invalid", "agency"),
            ("supervisor.a", {"agency": "NO-SUCH", "scope": "whole", "reason": "r"},
             404, "not_found", "agency"),
            ("supervisor.a", {"agency": AGENCY_B, "scope": "whole", "reason": "   "},
             422, "invalid", "reason"),
            ("supervisor.a", {"agency": AGENCY_B, "scope": "whole"}, 422,
             "invalid", "reason"),
            ("supervisor.a", {"agency": AGENCY_B, "reason": "r"}, 422,
             "invalid", "scope"),
            ("supervisor.a", {"agency": AGENCY_B, "scope": "whole", "reason": "r",
                              "until": yesterday}, 422, "invalid", "until"),
            ("supervisor.a", {"agency": AGENCY_B, "scope": "whole", "reason": "r",
                              "until": "31/12/2099"}, 422, "invalid",
             "until"),
            ("supervisor.a", {"agency": AGENCY_B, "reason": "r",
                              "scope": "all"}, 422, "invalid", "scope"),
            ("supervisor.a", {"agency": 7, "scope": "whole", "reason": "r"}, 422, "invalid",
             "agency"),
            ("supervisor.b", {"agency": AGENCY_A, "scope": "whole", "reason": "r"},
             403, "forbidden", None),
        ]
        for payload in SQL_PAYLOADS:
            cases.append(("supervisor.a", {"agency": payload, "scope": "whole", "reason": "r"},
                          404, "not_found", "agency"))
        for user in {c[0] for c in cases}:
            as_user(user)   # logged in (and audited) before the snapshot
        other = self.open_case(user="investigator.b")
        before = db_snapshot(store())
        for user, body, status, code, field in cases:
            with self.subTest(user=user, body=body):
                self.expect(as_user(user).post(url, body), status, code,
                            field)
        revoke = "/api/v1/cases/%s/shares/%s/revoke"
        for sid, status in (("abc", 404), ("0", 404), ("99999999", 404),
                            ("1%27%20OR%201=1", 404)):
            with self.subTest(share=sid):
                self.expect(as_user("supervisor.a").post(
                    revoke % (self.ref, sid), {"reason": "r"}), status,
                    "not_found")
        live = self.expect(as_user("supervisor.a").get(url), 200)["items"]
        self.expect(as_user("supervisor.a").post(
            revoke % (self.ref, live[0]["id"]), {}), 422, "invalid",
            "reason")
        self.expect(as_user("supervisor.b").post(
            revoke % (self.ref, live[0]["id"]), {"reason": "r"}), 403,
            "forbidden")
        # Another agency's case that is not shared is not found at all.
        self.expect(as_user("supervisor.a").post(
            "/api/v1/cases/%s/shares" % other["ref"],
            {"agency": AGENCY_A, "scope": "whole", "reason": "r"}), 404, "not_found", "ref")
        self.assert_unchanged(before)


# --------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------

class TestCases(ApiCase):

    def test_open_show_note_close(self):
        c = as_user("investigator.a")
        case = self.open_case(title="Quarry workers", kind="tip",
                              summary="Five men kept at a quarry",
                              sensitivity="high", lead="caseworker.a")
        self.assertEqual((case["agency"], case["kind"], case["status"],
                          case["sensitivity"], case["lead"], case["title"],
                          case["summary"]),
                         (AGENCY_A, "tip", "open", "high", "caseworker.a",
                          "Quarry workers", "Five men kept at a quarry"))
        self.assertEqual(case["sop"]["id"], "tip")
        self.assertIsNone(case["closed_at"])
        ref = case["ref"]
        self.assertTrue(ref.startswith(AGENCY_A + "-"))
        v = self.expect(c.get("/api/v1/cases/%s" % ref), 200)
        self.assertEqual(v["case"], case)
        self.assertEqual((v["people"], v["notes"], v["identities"]),
                         ([], [], False))
        v = self.expect(c.get("/api/v1/cases/%s?identities=true" % ref), 200)
        self.assertEqual((v["people"], v["notes"], v["identities"]),
                         ([], [], True))
        note = self.expect(c.post("/api/v1/cases/%s/notes" % ref,
                                  {"text": "Visited the site"}), 201)
        SECRETS.add("Visited the site")
        self.assertEqual(note["author"], "investigator.a")
        v = self.expect(c.get("/api/v1/cases/%s" % ref), 200)
        self.assertEqual(v["notes"], [note])
        closed = self.expect(c.post("/api/v1/cases/%s/close" % ref,
                                    {"reason": "handed over"}), 200)
        self.assertEqual((closed["status"], closed["close_reason"]),
                         ("closed", "handed over"))
        self.assertIsNotNone(closed["closed_at"])
        self.assertGreater(closed["version"], case["version"])
        self.expect(c.post("/api/v1/cases/%s/close" % ref,
                           {"reason": "again"}), 409, "conflict")
        pid = self.add_person()["id"]
        self.expect(c.post("/api/v1/cases/%s/people" % ref,
                           {"person_id": pid, "role": "witness"}),
                    409, "conflict")
        self.expect(c.post("/api/v1/cases/%s/screenings" % ref,
                           {"person_id": pid, "answers": {}}), 409,
                    "conflict", "ref")
        # Notes may still be added; other changes are refused.
        self.expect(c.post("/api/v1/cases/%s/notes" % ref,
                           {"text": "after closing"}), 201)
        url = "/api/v1/cases/%s/" % ref
        for path, body in (
                ("steps/ensure_immediate_safety", {"action": "done"}),
                ("facts", {"fact": "risk_assessment"}),
                ("screenings", {"person_id": pid, "answers": {}}),
                ("assessment", {}),
                ("classification", {"kind": "tip", "reason": "late"}),
                ("sop", {"reason": "late"})):
            with self.subTest(path=path):
                before = db_snapshot(store())
                r = c.post(url + path, body)
                self.assertIn(r.status, (404, 409), r.describe())
                self.assert_unchanged(before, r)
        self.expect(c.post(url + "facts", {"fact": "risk_assessment"}), 409,
                    "conflict", "ref")
        self.expect(c.post(url + "assessment", {}), 409, "conflict", "ref")
        self.expect(c.post(url + "steps/ensure_immediate_safety",
                           {"action": "done"}), 409, "conflict", "ref")
        # A caseworker may not close a case.
        other = self.open_case()
        self.expect(as_user("caseworker.a").post(
            "/api/v1/cases/%s/close" % other["ref"], {"reason": "no"}),
            403, "forbidden")

    def test_open_refusals(self):
        c = as_user("investigator.a")
        for body, field in (({}, "title"), ({"title": ""}, "title"),
                            ({"title": "x", "kind": "trafficking"}, "kind"),
                            ({"title": "x", "sensitivity": "secret"},
                             "sensitivity"),
                            ({"title": "x", "lead": "investigator.b"},
                             "lead"),
                            ({"title": "x", "lead": "analyst.a"}, "lead"),
                            ({"title": 7}, "title"),
                            ({"title": "x", "summary": ["a"]}, "summary"),
                            ({"title": "x", "agency": AGENCY_B}, "agency")):
            with self.subTest(body=body):
                before = db_snapshot(store())
                r = c.post("/api/v1/cases", body)
                self.expect(r, 422, "invalid", field)
                self.assert_unchanged(before, r)
        for role in ("admin", "analyst", "trainer", "trainee"):
            with self.subTest(role=role):
                self.expect(as_user(username(role)).post(
                    "/api/v1/cases", {"title": "not mine"}), 403,
                    "forbidden")

    def test_malformed_and_unknown_refs(self):
        c = as_user("investigator.a")
        bodies = {"notes": {"text": "x"}, "close": {"reason": "x"},
                  "people": {"person_id": 1, "role": "witness"},
                  "steps/{step}": {"action": "done"},
                  "facts": {"fact": "risk_assessment"},
                  "screenings": {"person_id": 1, "answers": {}},
                  "assessment": {},
                  "classification": {"kind": "tip", "reason": "x"},
                  "sop": {"reason": "x"},
                  "shares": {"agency": AGENCY_B, "scope": "whole",
                             "reason": "x"},
                  "transfers": {"agency": AGENCY_B, "reason": "x"},
                  "shares/{id}/revoke": {"reason": "x"},
                  "referrals": {"person": 1, "provider": "REF-SHELTER",
                                "service": "shelter",
                                "consent": TestReferrals.CONSENT},
                  "cooperation": TestCooperation.MLA,
                  "links": {"kind": "phone", "value": "0750 111 2222"},
                  "calls": {"csv": TestLinks.CALLS},
                  "route": {"countries": ["AF", "IR"]}}
        for method, template, _ in API.operations():
            if "{ref}" not in template:
                continue
            rest = template.split("{ref}")[1].lstrip("/")
            body = bodies[rest] if method == "POST" else None
            for ref, status, code in (
                    ("%s-2020-999999" % AGENCY_A, 404, "not_found"),
                    ("%s-2020-999999" % AGENCY_B, 404, "not_found"),
                    # A malformed reference names no resource, as a
                    # malformed person id does not.
                    ("nonsense", 404, "not_found"),
                    ("kri-moi-2026-000001", 404, "not_found")):
                path = template.replace("{ref}", ref).replace(
                    "{step}", "ensure_immediate_safety").replace("{id}", "1")
                with self.subTest(method=method, path=path):
                    before = db_snapshot(store())
                    r = c.request(method, path, body=body)
                    self.expect(r, status, code, "ref")
                    self.assert_unchanged(before, r)

    def test_people(self):
        c = as_user("investigator.a")
        ref = self.open_case()["ref"]
        adult = self.add_person(born="1990-05-01", nationalities=["SY"],
                                languages=["ar"])
        child = self.add_person(born=str(datetime.date.today().year - 15))
        p = self.expect(c.post("/api/v1/cases/%s/people" % ref, {
            "person_id": adult["id"], "role": "presumed_victim",
            "needs_interpreter": True, "interpreter_language": "ar"}), 201)
        self.assertEqual((p["role"], p["age_basis"], p["child"],
                          p["needs_interpreter"], p["interpreter_language"]),
                         ("presumed_victim", "birth_date", False, True, "ar"))
        p = self.expect(c.post("/api/v1/cases/%s/people" % ref, {
            "person_id": child["id"], "role": "victim"}), 201)
        self.assertTrue(p["child"])
        p = self.expect(c.post("/api/v1/cases/%s/people" % ref, {
            "person_id": adult["id"], "role": "witness", "age": 16,
            "presumed_child": True,
            "identified_on": datetime.date.today().isoformat()}), 201)
        self.assertTrue(p["child"])
        self.expect(c.post("/api/v1/cases/%s/people" % ref, {
            "person_id": adult["id"], "role": "witness"}), 409, "conflict")
        for body, status, field in (
                ({"role": "witness"}, 422, "person_id"),
                ({"person_id": str(adult["id"]), "role": "witness"}, 422,
                 "person_id"),
                ({"person_id": adult["id"]}, 422, "role"),
                ({"person_id": adult["id"], "role": "boss"}, 422, "role"),
                ({"person_id": adult["id"], "role": "suspect", "age": -1},
                 422, "age"),
                ({"person_id": adult["id"], "role": "suspect", "age": 1.5},
                 422, "age"),
                ({"person_id": adult["id"], "role": "suspect",
                  "identified_on": "2999-01-01"}, 422, "identified_on"),
                ({"person_id": adult["id"], "role": "suspect",
                  "presumed_child": "yes"}, 422, "presumed_child"),
                ({"person_id": 999999, "role": "suspect"}, 404,
                 "person_id")):
            with self.subTest(body=body):
                self.expect(c.post("/api/v1/cases/%s/people" % ref, body),
                            status, field=field)
        # A person of another agency is not found.
        b_person = self.add_person(user="investigator.b")
        self.expect(c.post("/api/v1/cases/%s/people" % ref, {
            "person_id": b_person["id"], "role": "witness"}), 404,
            "not_found", "person_id")
        v = self.expect(c.get("/api/v1/cases/%s" % ref), 200)
        self.assertEqual(len(v["people"]), 3)
        self.assertEqual({p["name"] for p in v["people"]}, {None})
        v = self.expect(c.get("/api/v1/cases/%s?identities=true" % ref), 200)
        self.assertEqual({p["name"] for p in v["people"]},
                         {"%s %s" % (adult["names"][0]["given"],
                                     adult["names"][0]["family"]),
                          "%s %s" % (child["names"][0]["given"],
                                     child["names"][0]["family"])})

    def test_paging_and_filters(self):
        c = as_user("supervisor.b")
        mine = []
        for n, kind in enumerate(["tip", "som", "tip+som", "tip", "som",
                                  "unclassified", "tip"]):
            mine.append(self.open_case(user="investigator.b",
                                       title="Paging %d" % n, kind=kind))
        self.expect(c.post("/api/v1/cases/%s/close" % mine[1]["ref"],
                           {"reason": "paging"}), 200)
        every = self.expect(c.get("/api/v1/cases?limit=500"), 200)
        self.assertEqual((every["limit"], every["offset"]), (500, 0))
        items = every["items"]
        ids = [x["id"] for x in items]
        self.assertEqual(ids, sorted(ids, reverse=True), "newest first")
        self.assertTrue({x["ref"] for x in mine} <= {x["ref"]
                                                     for x in items})
        default = self.expect(c.get("/api/v1/cases"), 200)
        self.assertEqual((default["limit"], default["offset"]), (50, 0))
        # Pages of 2 cover the list once, in order.
        seen = []
        offset = 0
        while True:
            page = self.expect(c.get("/api/v1/cases?limit=2&offset=%d"
                                     % offset), 200)
            self.assertEqual((page["limit"], page["offset"]), (2, offset))
            self.assertLessEqual(len(page["items"]), 2)
            if not page["items"]:
                break
            seen.extend(x["id"] for x in page["items"])
            offset += 2
        self.assertEqual(seen, ids)
        far = self.expect(c.get("/api/v1/cases?offset=100000"), 200)
        self.assertEqual(far["items"], [])
        for query, keep in (
                ("status=open", lambda x: x["status"] == "open"),
                ("status=closed", lambda x: x["status"] == "closed"),
                ("kind=som", lambda x: x["kind"] == "som"),
                ("kind=tip%2Bsom", lambda x: x["kind"] == "tip+som"),
                ("kind=unclassified", lambda x: x["kind"] == "unclassified"),
                ("kind=som&status=open",
                 lambda x: x["kind"] == "som" and x["status"] == "open"),
                ("agency=%s" % AGENCY_B, lambda x: True),
                ("status=", lambda x: True)):
            with self.subTest(query=query):
                got = self.expect(c.get("/api/v1/cases?limit=500&" + query),
                                  200)["items"]
                self.assertEqual([x["id"] for x in got],
                                 [x["id"] for x in items if keep(x)])
        self.assertIn(mine[1]["ref"], [x["ref"] for x in self.expect(
            c.get("/api/v1/cases?status=closed&limit=500"), 200)["items"]])
        # Another agency's cases are simply not there.
        self.assertEqual(self.expect(c.get("/api/v1/cases?agency=%s"
                                           % AGENCY_A), 200)["items"], [])
        self.expect(c.get("/api/v1/cases?agency=NO-SUCH"), 404, "not_found",
                    "agency")
        for query, field in (("limit=0", "limit"), ("limit=501", "limit"),
                             ("limit=-1", "limit"), ("limit=ten", "limit"),
                             ("limit=1.5", "limit"), ("offset=-1", "offset"),
                             ("offset=x", "offset"),
                             ("offset=100000001", "offset"),
                             ("status=pending", "status"),
                             ("kind=tip+som", "kind"),
                             ("kind=TIP", "kind")):
            with self.subTest(query=query):
                self.expect(c.get("/api/v1/cases?" + query), 422, "invalid",
                            field)


class TestWork(ApiCase):
    """The home page's list of steps needing attention, the case list's
    search, and the cases one leads or another agency shared."""

    RANK = {"overdue": 0, "due_soon": 1, "blocked": 2}

    def work(self, user, status=200):
        return self.expect(as_user(user).get("/api/v1/work?lang=ar"), status)

    def steps_of(self, work, ref):
        return {w["step"]["id"]: w for w in work["items"]
                if w["case"]["ref"] == ref}

    def test_the_steps_that_need_doing_for_each_role(self):
        case = self.open_case(lead="investigator.a")
        ref = case["ref"]
        pid = self.add_person()["id"]
        self.link(ref, pid)
        work = self.work("investigator.a")
        mine = self.steps_of(work, ref)
        # Ready and due within two hours; the rest wait for it.
        self.assertEqual(mine["ensure_immediate_safety"]["urgency"],
                         "due_soon")
        self.assertTrue(mine["ensure_immediate_safety"]["mine"])
        self.assertNotIn("screen_for_indicators", mine)
        self.assertTrue(re.search("[\u0600-\u06ff]",
                        mine["ensure_immediate_safety"]["step"]["title"]))
        ranks = [self.RANK[w["urgency"]] for w in work["items"]]
        self.assertEqual(ranks, sorted(ranks))
        self.assertGreaterEqual(work["cases"], 1)
        self.expect(as_user("investigator.a").post(
            "/api/v1/cases/%s/steps/ensure_immediate_safety" % ref,
            {"action": "done"}), 201)
        mine = self.steps_of(self.work("investigator.a"), ref)
        self.assertNotIn("ensure_immediate_safety", mine)
        screen = mine["screen_for_indicators"]
        self.assertEqual((screen["urgency"], screen["step"]["state"]),
                         ("blocked", "blocked"))
        self.assertEqual(screen["step"]["why"], {
            "code": "gate", "gate": "screening_done", "person": pid,
            "fact": None, "nobody": False, "until": None})
        self.assertEqual(mine["assess_risks"]["step"]["why"]["fact"],
                         "risk_assessment")
        # Another lead's view: the case is not theirs; a prosecutor does
        # not see the steps of other roles; other agencies see nothing.
        other = self.steps_of(self.work("caseworker.a"), ref)
        self.assertFalse(other["screen_for_indicators"]["mine"])
        self.assertNotIn("assess_trafficking_elements",
                         self.steps_of(self.work("prosecutor.a"), ref))
        self.assertEqual(self.steps_of(self.work("supervisor.b"), ref), {})
        for role in ("admin", "analyst", "trainer", "trainee"):
            self.expect(as_user(username(role)).get("/api/v1/work"), 403,
                        "forbidden")
        # Closed, nothing is left to do.
        self.expect(as_user("investigator.a").post(
            "/api/v1/cases/%s/close" % ref, {"reason": "done"}), 200)
        self.assertEqual(self.steps_of(self.work("investigator.a"), ref), {})

    def test_search_mine_and_shared(self):
        c = as_user("investigator.a")
        title = self.unique("Brick kiln 100%_real")
        led = self.open_case(title=title, lead="investigator.a")
        other = self.open_case(title=self.unique("Brick kiln"),
                               lead="caseworker.a")

        def refs(query, user=c):
            r = user.get("/api/v1/cases?limit=500&" + query)
            return [x["ref"] for x in self.expect(r, 200)["items"]]

        self.assertEqual(refs("q=" + urllib.parse.quote(title)), [led["ref"]])
        self.assertEqual(refs("q=" + urllib.parse.quote(
            title.upper().replace("%_REAL", "%_real"))), [led["ref"]])
        self.assertEqual(refs("q=" + led["ref"][-6:] + "&status=open"),
                         [led["ref"]])
        both = refs("q=Brick%20kiln")
        self.assertIn(led["ref"], both)
        self.assertIn(other["ref"], both)
        # % and _ are letters here, not patterns.
        self.assertEqual(refs("q=100%25_real"), [led["ref"]])
        self.assertEqual(refs("q=%25%25%25"), [])
        self.assertEqual(refs("q=10__"), [])
        mine = refs("mine=true")
        self.assertIn(led["ref"], mine)
        self.assertNotIn(other["ref"], mine)
        self.assertEqual(refs("mine=true&q=Brick%20kiln"), [led["ref"]])
        self.assertNotIn(led["ref"], refs("mine=true&status=closed"))
        self.assertIn(led["ref"], refs("mine=true&status=open&kind=tip"))
        self.assertEqual(mine, sorted(mine, reverse=True))
        self.assertNotIn(led["ref"], refs("q=Brick%20kiln",
                                         as_user("investigator.b")))
        self.expect(c.get("/api/v1/cases?q=" + "x" * 201), 422, "invalid",
                    "q")
        self.expect(c.get("/api/v1/cases?mine=yes"), 422, "invalid", "mine")
        self.expect(c.get("/api/v1/cases?shared=1"), 422, "invalid",
                    "shared")
        # Shared with B: B finds it among those shared, the newest share
        # first, and searches it; A's own list of shared cases lacks it.
        b = as_user("investigator.b")
        for case in (other, led):
            self.expect(as_user("supervisor.a").post(
                "/api/v1/cases/%s/shares" % case["ref"],
                {"agency": AGENCY_B, "scope": "whole",
                 "reason": "joint work"}), 201)
        shared = refs("shared=true", b)
        self.assertEqual(shared[:2], [led["ref"], other["ref"]])
        self.assertEqual(refs("shared=true&q=" + urllib.parse.quote(title),
                              b), [led["ref"]])
        self.assertNotIn(led["ref"], refs("shared=true"))
        self.assertEqual(refs("q=" + urllib.parse.quote(title), b),
                         [led["ref"]])


class TestWorkflow(ApiCase):
    """Steps, facts, screenings, the legal assessment, classification and
    SOP versions."""

    def test_steps(self):
        c = as_user("investigator.a")
        case = self.open_case()
        ref = case["ref"]
        st = self.expect(c.get("/api/v1/cases/%s/steps" % ref), 200)
        self.assertEqual((st["ref"], st["status"]), (ref, "open"))
        self.assertEqual(st["sop"], case["sop"])
        ids = [s["id"] for s in st["steps"]]
        self.assertIn("ensure_immediate_safety", st["next"])
        self.assertTrue(set(st["next"]) <= set(ids))
        safety = st["steps"][ids.index("ensure_immediate_safety")]
        self.assertEqual(safety["state"], "ready")
        ar = self.expect(c.get("/api/v1/cases/%s/steps?lang=ar" % ref), 200)
        self.assertNotEqual(ar["steps"][0]["title"], st["steps"][0]["title"])
        self.assertTrue(re.search("[\u0600-\u06ff]", ar["steps"][0]["title"]))
        xx = self.expect(c.get("/api/v1/cases/%s/steps?lang=xx" % ref), 200)
        self.assertEqual(xx["steps"][0]["title"], st["steps"][0]["title"])
        url = "/api/v1/cases/%s/steps/" % ref
        ev = self.expect(c.post(url + "ensure_immediate_safety",
                                {"action": "done", "note": "Safe house"}),
                         201)
        self.assertEqual((ev["action"], ev["note"], ev["sop"]),
                         ("done", "Safe house", case["sop"]["id"]))
        self.expect(c.post(url + "ensure_immediate_safety",
                           {"action": "done"}), 409, "conflict")
        st = self.expect(c.get("/api/v1/cases/%s/steps" % ref), 200)
        s = {x["id"]: x for x in st["steps"]}["ensure_immediate_safety"]
        self.assertEqual((s["state"], s["by"]), ("done", "investigator.a"))
        self.assertEqual(st["progress"]["done"], 1)
        ev = self.expect(c.post(url + "ensure_immediate_safety",
                                {"action": "reopen", "reason": "mistake"}),
                         201)
        self.assertEqual((ev["action"], ev["note"]), ("reopened", "mistake"))
        ev = self.expect(c.post(url + "secure_evidence",
                                {"action": "skip", "reason": "none found"}),
                         201)
        self.assertEqual(ev["action"], "skipped")
        for body, status, field in (
                ({}, 422, "action"), ({"action": "finish"}, 422, "action"),
                ({"action": "skip"}, 422, "reason"),
                ({"action": "reopen"}, 422, "reason"),
                ({"action": "done", "when": "now"}, 422, "when"),
                ({"action": True}, 422, "action")):
            with self.subTest(body=body):
                self.expect(c.post(url + "ensure_immediate_safety", body),
                            status, field=field)
        self.expect(c.post(url + "no_such_step", {"action": "done"}), 404,
                    "not_found", "step")
        # explain_rights waits for other steps.
        self.expect(c.post(url + "explain_rights", {"action": "done"}), 409,
                    "conflict")

    def test_facts(self):
        c = as_user("investigator.a")
        ref = self.open_case()["ref"]
        pid = self.add_person()["id"]
        self.link(ref, pid)
        f = self.expect(c.post("/api/v1/cases/%s/facts" % ref, {
            "fact": "informed_consent", "person_id": pid,
            "note": "Signed"}), 201)
        self.assertEqual((f["fact"], f["person_id"], f["step"], f["by"]),
                         ("informed_consent", pid, None, "investigator.a"))
        f2 = self.expect(c.post("/api/v1/cases/%s/facts" % ref,
                                {"fact": "risk_assessment"}), 201)
        self.assertIsNone(f2["person_id"])
        sup = self.expect(as_user("supervisor.a").post(
            "/api/v1/cases/%s/facts" % ref,
            {"fact": "supervisor_approval", "step": "close_case"}), 201)
        self.assertEqual(sup["step"], "close_case")
        listed = self.expect(c.get("/api/v1/cases/%s/facts" % ref), 200)
        self.assertEqual(listed["items"], [f, f2, sup])
        self.assertEqual((listed["limit"], listed["offset"]), (3, 0))
        self.expect(c.post("/api/v1/cases/%s/facts" % ref, {
            "fact": "supervisor_approval", "step": "close_case"}), 403,
            "forbidden")
        other = self.add_person()["id"]
        for body, status, field in (
                ({}, 422, "fact"), ({"fact": "weather"}, 422, "fact"),
                ({"fact": "interpreter", "person_id": other}, 404,
                 "person_id"),
                ({"fact": "risk_assessment", "person_id": "x"}, 422,
                 "person_id"),
                ({"fact": "risk_assessment", "colour": "red"}, 422,
                 "colour")):
            with self.subTest(body=body):
                self.expect(c.post("/api/v1/cases/%s/facts" % ref, body),
                            status, field=field)

    def instrument(self):
        return self.expect(as_user("investigator.a").get(
            "/api/v1/sops/victim-screening"), 200)

    def answers(self, ins, yes=()):
        a = {}
        for g in ins["groups"]:
            if g["id"] == "child_specific":
                continue
            for qn in g["questions"]:
                a[qn["id"]] = "yes" if qn["id"] in yes else "no"
        return a

    def test_screenings(self):
        c = as_user("caseworker.a")
        ins = self.instrument()
        self.assertEqual(ins["format"], "tipsom-screening/1")
        ref = self.open_case(kind="unclassified")["ref"]
        p1 = self.add_person()["id"]
        p2 = self.add_person()["id"]
        self.link(ref, p1, role="witness")
        self.link(ref, p2, role="smuggled_migrant")
        s = self.expect(c.post("/api/v1/cases/%s/screenings" % ref, {
            "person_id": p1, "answers": self.answers(ins)}), 201)
        self.assertEqual((s["person_id"], s["instrument"], s["score"],
                          s["outcome"], s["made_presumed_victim"], s["by"]),
                         (p1, "victim-screening", 0, "no_indication", False,
                          "caseworker.a"))
        strong = [qn["id"] for g in ins["groups"] for qn in g["questions"]
                  if qn.get("alone") == "strong" and
                  g["id"] != "child_specific"][:1]
        s2 = self.expect(c.post("/api/v1/cases/%s/screenings" % ref, {
            "person_id": p1, "instrument": "victim-screening",
            "version": ins["version"],
            "answers": self.answers(ins, yes=strong)}), 201)
        self.assertEqual(s2["outcome"], "strong")
        self.assertTrue(s2["made_presumed_victim"])
        self.assertEqual(s2["indicators"]["trafficking"][0]["question"],
                         strong[0])
        self.expect(c.post("/api/v1/cases/%s/screenings" % ref, {
            "person_id": p2, "answers": self.answers(ins)}), 201)
        all_ = self.expect(c.get("/api/v1/cases/%s/screenings" % ref), 200)
        self.assertEqual(len(all_["items"]), 3)
        one = self.expect(c.get("/api/v1/cases/%s/screenings?person=%d"
                                % (ref, p1)), 200)
        self.assertEqual([x["id"] for x in one["items"]],
                         [s["id"], s2["id"]])
        self.expect(c.get("/api/v1/cases/%s/screenings?person=abc" % ref),
                    422, "invalid")
        v = self.expect(c.get("/api/v1/cases/%s" % ref), 200)
        self.assertIn("presumed_victim",
                      [x["role"] for x in v["people"]
                       if x["person_id"] == p1])
        bad = self.answers(ins)
        first = next(iter(bad))
        for body, status in (
                ({"answers": self.answers(ins)}, 422),
                ({"person_id": p1, "answers": {**bad, first: "maybe"}}, 422),
                ({"person_id": p1, "answers": {**bad, "no_such_q": "no"}},
                 422),
                ({"person_id": p1, "answers": {}}, 422),
                ({"person_id": p1, "answers": bad, "comment": "x"}, 422),
                ({"person_id": p1, "answers": bad, "version": "1"}, 422),
                ({"person_id": p1, "answers": bad, "instrument": "nope"},
                 404),
                ({"person_id": self.add_person()["id"], "answers": bad},
                 404)):
            with self.subTest(body=list(body)):
                before = db_query(store(), "SELECT count(*) FROM "
                                  "screenings")[0][0]
                self.expect(c.post("/api/v1/cases/%s/screenings" % ref,
                                   body), status)
                self.assertEqual(db_query(store(), "SELECT count(*) FROM "
                                          "screenings")[0][0], before)

    def test_assessment_and_classification(self):
        c = as_user("prosecutor.a")
        ref = self.open_case(kind="unclassified")["ref"]
        # No assessment yet: its own field, not the case's "ref".
        self.expect(c.get("/api/v1/cases/%s/assessment" % ref), 404,
                    "not_found", "assessment")
        self.expect(c.post("/api/v1/cases/%s/classification" % ref,
                           {"kind": "tip"}), 409, "conflict")
        elements = {"tip": {"acts": ["recruitment", "transport"],
                            "means": ["deception"],
                            "purposes": ["forced_labour"],
                            "victim_consented": True},
                    "som": {"procurement": ["illegal_entry"],
                            "material_benefit": None, "aggravating": []},
                    "border_crossed": False, "child_at_time": False}
        a = self.expect(c.post("/api/v1/cases/%s/assessment" % ref,
                               elements), 201)
        self.assertEqual(a["suggestion"], "tip")
        self.assertIn("tip.elements_met", [x["code"] for x in a["reasons"]])
        self.assertEqual(a["elements"]["tip"]["acts"],
                         ["recruitment", "transport"])
        self.assertIsNone(a["decision"])
        got = self.expect(c.get("/api/v1/cases/%s/assessment" % ref), 200)
        self.assertEqual(got, a)
        self.expect(c.post("/api/v1/cases/%s/classification" % ref,
                           {"kind": "som"}), 422, "invalid", "reason")
        d = self.expect(c.post("/api/v1/cases/%s/classification" % ref,
                               {"kind": "tip"}), 200)
        self.assertEqual((d["id"], d["decision"], d["decision_reason"]),
                         (a["id"], "tip", None))
        self.assertIsNotNone(d["decided_at"])
        v = self.expect(c.get("/api/v1/cases/%s" % ref), 200)
        self.assertEqual(v["case"]["kind"], "tip")
        d = self.expect(c.post("/api/v1/cases/%s/classification" % ref,
                               {"kind": "tip+som", "reason": "new facts"}),
                        200)
        self.assertEqual((d["decision"], d["decision_reason"]),
                         ("tip+som", "new facts"))
        empty = self.expect(c.post("/api/v1/cases/%s/assessment" % ref, {}),
                            201)
        self.assertEqual(empty["suggestion"], "insufficient")
        for body in ({"tip": {"acts": ["recruting"]}},
                     {"tip": {"acts": ["transport", "transport"]}},
                     {"child_at_time": "no"}, {"tip": {"weapon": True}},
                     {"som": {"benefit": True}}, {"verdict": "tip"}, [],
                     [{"tip": {}}]):
            with self.subTest(body=body):
                self.expect(c.post("/api/v1/cases/%s/assessment" % ref,
                                   body), 422, "invalid")
        for body, field in (({}, "kind"), ({"kind": "maybe"}, "kind"),
                            ({"kind": "tip", "why": "x"}, "why"),
                            ({"kind": "tip", "reason": 1}, "reason")):
            with self.subTest(body=body):
                self.expect(c.post("/api/v1/cases/%s/classification" % ref,
                                   body), 422, "invalid", field)
        self.expect(as_user("caseworker.a").post(
            "/api/v1/cases/%s/assessment" % ref, elements), 403, "forbidden")

    def test_sop_versions(self):
        admin = as_user("admin.a")
        inv = as_user("investigator.a")
        listed = self.expect(inv.get("/api/v1/sops"), 200)
        kinds = {(d["kind"], d["id"]) for d in listed["items"]}
        self.assertTrue({("sop", "tip"), ("sop", "som"),
                         ("screening", "victim-screening")} <= kinds)
        self.assertEqual(listed["limit"], len(listed["items"]))
        ar = self.expect(inv.get("/api/v1/sops?lang=ar"), 200)
        self.assertNotEqual(ar["items"][0]["title"],
                            listed["items"][0]["title"])
        for sop_id in ("tip", "som"):
            d = self.expect(inv.get("/api/v1/sops/%s" % sop_id), 200)
            self.assertEqual((d["format"], d["id"]),
                             ("tipsom-sop/1", sop_id))
        self.expect(inv.get("/api/v1/sops/tip?version=2"), 200)
        self.expect(inv.get("/api/v1/sops/tip?version=999"), 404,
                    "not_found")
        self.expect(inv.get("/api/v1/sops/tip?version=one"), 422, "invalid")
        self.expect(inv.get("/api/v1/sops/tip?version=0"), 422, "invalid")
        self.expect(inv.get("/api/v1/sops/no-such-sop"), 404, "not_found")
        self.expect(inv.get("/api/v1/sops/" + "x" * 60), 422, "invalid")
        # A new version of the SOM SOP, by an administrator.
        newest = max(d["version"] for d in listed["items"]
                     if d["id"] == "som")
        with open(os.path.join(SOPS, "som.json"), encoding="utf-8") as f:
            som = json.load(f)
        ref = self.open_case(kind="som")["ref"]
        som["version"] = newest + 1
        self.expect(inv.post("/api/v1/sops", som), 403, "forbidden")
        d = self.expect(admin.post("/api/v1/sops", som), 201)
        self.assertEqual((d["kind"], d["id"], d["version"], d["origin"],
                          d["imported_by"], d["current"]),
                         ("sop", "som", newest + 1, "imported", "admin.a",
                          True))
        self.expect(admin.post("/api/v1/sops", som), 409, "conflict",
                    "version")
        got = self.expect(inv.get("/api/v1/sops/som?version=%d"
                                  % (newest + 1)), 200)
        self.assertEqual(got, som)
        up = self.expect(inv.post("/api/v1/cases/%s/sop" % ref,
                                  {"reason": "new version"}), 200)
        self.assertEqual(up["case"]["sop"], {"id": "som",
                                             "version": newest + 1})
        self.assertEqual(up["orphaned_steps"], 0)
        self.expect(inv.post("/api/v1/cases/%s/sop" % ref,
                             {"reason": "again"}), 409, "conflict")
        self.expect(inv.post("/api/v1/cases/%s/sop" % ref,
                             {"to": "tip", "reason": "wrong kind"}), 409,
                    "conflict")
        self.expect(inv.post("/api/v1/cases/%s/sop" % ref, {}), 422,
                    "invalid", "reason")
        self.expect(inv.post("/api/v1/cases/%s/sop" % ref,
                             {"to": "tip@x", "reason": "bad"}), 422,
                    "invalid")
        for body in ({}, {"format": "tipsom-sop/1"},
                     {**som, "version": newest + 5, "owner": "me"},
                     {**som, "version": newest + 5, "case_kinds": []},
                     {**som, "format": "tipsom-sop/9"}, [som]):
            with self.subTest(body=str(body)[:60]):
                self.expect(admin.post("/api/v1/sops", body), 422,
                            "invalid")


# --------------------------------------------------------------------------
# Administration
# --------------------------------------------------------------------------

class TestAdmin(ApiCase):

    def test_agencies(self):
        admin = as_user("admin.a")
        listed = self.expect(admin.get("/api/v1/agencies"), 200)
        codes = [a["code"] for a in listed["items"]]
        self.assertTrue({AGENCY_A, AGENCY_B} <= set(codes))
        a = self.expect(admin.post("/api/v1/agencies", {
            "code": "KRI-SHL", "name": "ماڵی پاراستنی ئافرەتان",
            "kind": "shelter"}), 201)
        self.assertEqual((a["code"], a["kind"], a["name"]),
                         ("KRI-SHL", "shelter", "ماڵی پاراستنی ئافرەتان"))
        self.expect(admin.post("/api/v1/agencies", {
            "code": "KRI-SHL", "name": "again", "kind": "shelter"}), 409,
            "conflict", "code")
        for body, field in (({"code": "x", "name": "n", "kind": "ngo"},
                             "code"),
                            ({"code": "NEW-1", "name": "n", "kind": "club"},
                             "kind"),
                            ({"code": "NEW-1", "name": "", "kind": "ngo"},
                             "name"),
                            ({"code": "NEW-1", "name": "n"}, "kind"),
                            ({"code": "NEW-1", "name": "n", "kind": "ngo",
                              "id": 5}, "id")):
            with self.subTest(body=body):
                self.expect(admin.post("/api/v1/agencies", body), 422,
                            "invalid", field)

    def test_users(self):
        admin = as_user("admin.a")
        every = self.expect(admin.get("/api/v1/users"), 200)["items"]
        self.assertTrue(set(USERS) <= {u["username"] for u in every})
        b = self.expect(admin.get("/api/v1/users?agency=%s" % AGENCY_B),
                        200)["items"]
        self.assertEqual({u["agency"] for u in b}, {AGENCY_B})
        self.assertEqual({u["username"] for u in b},
                         {n for n, (ag, _) in USERS.items()
                          if ag == AGENCY_B} | {u["username"] for u in b})
        self.expect(admin.get("/api/v1/users?agency=NO-SUCH"), 404,
                    "not_found", "agency")
        # Paged, by agency code and username.
        page = self.expect(admin.get("/api/v1/users?limit=500"), 200)
        ordered = [(u["agency"], u["username"]) for u in page["items"]]
        self.assertEqual(ordered, sorted(ordered))
        first = self.expect(admin.get("/api/v1/users?limit=5"), 200)
        second = self.expect(admin.get("/api/v1/users?limit=5&offset=5"),
                             200)
        self.assertEqual((first["limit"], second["offset"]), (5, 5))
        self.assertEqual([u["username"] for u in first["items"] +
                          second["items"]],
                         [u for _, u in ordered[:10]])
        for bad in ("limit=0", "limit=501", "offset=-1", "limit=x"):
            self.expect(admin.get("/api/v1/users?" + bad), 422, "invalid")
        for u in every:
            self.assertEqual(set(u), {"id", "username", "agency",
                                      "full_name", "role", "active",
                                      "created_at", "language", "two_factor"})
        pw = "Another-Long-Phrase-2026"
        SECRETS.add(pw)
        u = self.expect(admin.post("/api/v1/users", {
            "agency": AGENCY_B, "username": "new.inv", "full_name":
            "Karwan Aziz", "role": "investigator", "password": pw}), 201)
        SECRETS.add("Karwan Aziz")
        self.assertEqual((u["username"], u["agency"], u["role"],
                          u["active"], u["full_name"]),
                         ("new.inv", AGENCY_B, "investigator", True,
                          "Karwan Aziz"))
        self.expect(anon().login("new.inv", pw), 201)
        self.expect(admin.post("/api/v1/users", {
            "agency": AGENCY_B, "username": "new.inv", "role": "analyst",
            "password": pw}), 409, "conflict", "username")
        for body, status, field in (
                ({"agency": AGENCY_B, "username": "x1", "role": "analyst",
                  "password": pw}, 422, "username"),
                ({"agency": AGENCY_B, "username": "short.pw",
                  "role": "analyst", "password": "short"}, 422, "password"),
                ({"agency": AGENCY_B, "username": "no.pw",
                  "role": "analyst"}, 422, "password"),
                ({"agency": AGENCY_B, "username": "no.role",
                  "password": pw}, 422, "role"),
                ({"agency": AGENCY_B, "username": "bad.role",
                  "role": "boss", "password": pw}, 422, "role"),
                ({"agency": "NO-SUCH", "username": "no.agency",
                  "role": "analyst", "password": pw}, 404, "agency"),
                ({"agency": AGENCY_B, "username": "extra.f",
                  "role": "analyst", "password": pw, "active": False},
                 422, "active")):
            with self.subTest(body=body):
                self.expect(admin.post("/api/v1/users", body), status,
                            field=field)

    def test_persons(self):
        c = as_user("caseworker.a")
        body = {"given": "Nareen", "father": "Salih", "grandfather": "Omar",
                "family": "Barzani", "aliases": ["Nari"], "sex": "female",
                "born": "1998-02-03", "nationalities": ["IQ", "SY"],
                "languages": ["ckb", "ar"],
                "documents": [{"kind": "passport", "number": "A1234567",
                               "country": "IQ",
                               "expires_on": "2031-01-01"}],
                "contacts": [{"kind": "phone", "value": "+964 750 000 0000"}]}
        for v in ("Nareen", "Barzani", "Nari", "A1234567",
                  "+964 750 000 0000"):
            SECRETS.add(v)
        p = self.expect(c.post("/api/v1/persons", body), 201)
        self.assertEqual((p["sex"], p["birth_date"], p["birth_year"]),
                         ("female", "1998-02-03", 1998))
        self.assertEqual(p["names"][0], {
            "kind": "primary", "given": "Nareen", "father": "Salih",
            "grandfather": "Omar", "family": "Barzani", "script": "Latn"})
        self.assertEqual(p["names"][1]["kind"], "alias")
        self.assertEqual(sorted(p["nationalities"]), ["IQ", "SY"])
        self.assertEqual(p["documents"][0]["number"], "A1234567")
        self.assertEqual(p["contacts"][0]["value"], "+964 750 000 0000")
        got = self.expect(c.get("/api/v1/persons/%d" % p["id"]), 200)
        # The store gives the lists in its own order.
        for k in ("nationalities", "languages"):
            self.assertEqual(sorted(got.pop(k)), sorted(p.pop(k)))
        self.assertEqual(got, p)
        est = self.expect(c.post("/api/v1/persons", {
            "given": "زينب", "born": "1990", "born_estimated": True}), 201)
        self.assertEqual((est["birth_date"], est["birth_year"],
                          est["birth_year_estimated"],
                          est["names"][0]["script"]),
                         (None, 1990, True, "Arab"))
        for bad, field in (({}, "given"), ({"given": "x", "sex": "f"}, "sex"),
                           ({"given": "x", "born": "soon"}, "born"),
                           ({"given": "x", "born_estimated": "yes"},
                            "born_estimated"),
                           ({"given": "x", "aliases": "y"}, "aliases"),
                           ({"given": "x", "aliases": [1]}, "aliases"),
                           ({"given": "x", "nationalities": ["Iraq"]},
                            "nationalities[0]"),
                           ({"given": "x", "documents": {}}, "documents"),
                           ({"given": "x", "documents": [{}]},
                            "documents[0].kind"),
                           ({"given": "x", "documents": [{"kind": "passport",
                                                          "pages": "32"}]},
                            "documents"),
                           ({"given": "x", "contacts": [{"kind": "phone"}]},
                            "contacts[0].value"),
                           ({"given": "x", "contacts": ["phone"]},
                            "contacts"),
                           ({"given": "x", "religion": "y"}, "religion")):
            with self.subTest(body=bad):
                r = c.post("/api/v1/persons", bad)
                self.expect(r, 422, "invalid")
                self.assertTrue(r.error["field"].startswith(field.split(
                    "[")[0]), r.describe())
        for path in ("/api/v1/persons/999999", "/api/v1/persons/abc",
                     "/api/v1/persons/0", "/api/v1/persons/-1"):
            with self.subTest(path=path):
                self.expect(c.get(path), 404, "not_found")

    def test_audit_log(self):
        admin = as_user("admin.a")
        page = self.expect(admin.get("/api/v1/audit?limit=3"), 200)
        self.assertEqual(len(page["items"]), 3)
        self.assertEqual(page["limit"], 3)
        seqs = [e["seq"] for e in page["items"]]
        self.assertEqual(seqs, sorted(seqs))
        self.assertEqual(page["items"][0]["actor"], "system")
        self.assertEqual(page["items"][1]["prev_hash"],
                         page["items"][0]["hash"])
        ref = self.open_case()["ref"]
        mine = self.expect(admin.get("/api/v1/audit?case=%s" % ref),
                           200)["items"]
        self.assertEqual([e["action"] for e in mine], ["case.open"])
        self.assertEqual((mine[0]["actor"], mine[0]["case"]),
                         ("investigator.a", ref))
        for query, status in (("limit=0", 422), ("limit=abc", 422),
                              ("offset=-5", 422),
                              ("case=%s-2020-999999" % AGENCY_A, 404)):
            with self.subTest(query=query):
                self.expect(admin.get("/api/v1/audit?" + query), status)

    # BUG: GET /api/v1/audit reads ?offset= (api_paging refuses a bad one)
    # but audit_list() never passes it on: /audit?limit=2&offset=2 answers
    # the same first two entries as offset=0, with "offset": 0.
    def test_audit_offset(self):
        admin = as_user("admin.a")
        first = self.expect(admin.get("/api/v1/audit?limit=4"), 200)
        second = self.expect(admin.get("/api/v1/audit?limit=2&offset=2"),
                             200)
        self.assertEqual(second["offset"], 2, second)
        self.assertEqual([e["seq"] for e in second["items"]],
                         [e["seq"] for e in first["items"][2:4]])


# --------------------------------------------------------------------------
# Identities are audited, the access log holds none
# --------------------------------------------------------------------------

    def test_roles_say_what_each_may_do(self):
        r = self.expect(as_user("trainee.a").get("/api/v1/roles"), 200)
        may = {x["role"]: set(x["permissions"]) for x in r["items"]}
        self.assertEqual(sorted(may), sorted(ROLES))
        self.assertIn("case.read", may["investigator"])
        self.assertIn("case.share", may["supervisor"])
        self.assertNotIn("case.share", may["investigator"])
        self.assertNotIn("case.read", may["admin"])
        self.assertEqual(may["trainee"], set())
        self.assertEqual(len(r["permissions"]), len(set(r["permissions"])))
        self.assertTrue(set().union(*may.values()) <= set(r["permissions"]))

    def test_unlock(self):
        # Not the user the throttling tests lock: unlocking is harmless.
        url = "/api/v1/users/caseworker.b/unlock"
        before = self.audit_count("user.unlock", "caseworker.b")
        for role in ROLES:
            if role != "admin":
                self.expect(as_user(username(role)).post(url), 403,
                            "forbidden")
        u = self.expect(as_user("admin.a").post(url), 200)
        self.assertEqual(u["username"], "caseworker.b")
        self.expect(as_user("admin.a").post("/api/v1/users/nobody.x/unlock"),
                    404, "not_found")
        self.expect(as_user("admin.a").post(url, {"x": 1}), 422, "invalid",
                    "x")
        self.assertEqual(self.audit_count("user.unlock", "caseworker.b"),
                         before + 1)

class TestIdentityAudit(ApiCase):

    def test_every_identity_read_is_audited(self):
        inv = as_user("investigator.a")
        sup = as_user("supervisor.a")
        ref = self.open_case()["ref"]
        before = self.audit_count("case.identities_read", ref)
        # No people: nothing identifying was read.
        self.expect(inv.get("/api/v1/cases/%s?identities=true" % ref), 200)
        self.assertEqual(self.audit_count("case.identities_read", ref),
                         before)
        p1 = self.add_person(given="Hevi", family="Rashid")
        p2 = self.add_person(given="Dilan", family="Rashid")
        self.link(ref, p1["id"])
        self.link(ref, p2["id"], role="witness")
        # Without identities=true the people come without names, and
        # nothing identifying was read.
        for query in ("?identities=1", "?identities=TRUE"):
            with self.subTest(query=query):
                self.expect(inv.get("/api/v1/cases/%s%s" % (ref, query)),
                            422, "invalid", "identities")
        for query in ("", "?identities=false"):
            with self.subTest(query=query):
                v = self.expect(inv.get("/api/v1/cases/%s%s"
                                        % (ref, query)), 200)
                self.assertFalse(v["identities"])
                self.assertEqual([x["name"] for x in v["people"]],
                                 [None, None])
                self.assertNotIn("Rashid", json.dumps(v))
                self.assertEqual(self.audit_count("case.identities_read",
                                                  ref), before)
        for n, c in enumerate((inv, sup, inv), start=1):
            v = self.expect(c.get("/api/v1/cases/%s?identities=true" % ref),
                            200)
            self.assertTrue(v["identities"])
            self.assertIn("Hevi Rashid", [x["name"] for x in v["people"]])
            self.assertEqual(self.audit_count("case.identities_read", ref),
                             before + n)
        row = db_query(store(), "SELECT a.changes, u.username FROM audit a "
                       "JOIN users u ON u.id = a.actor_id WHERE a.action = "
                       "'case.identities_read' AND a.object_id = ? ORDER BY "
                       "a.seq DESC LIMIT 1", (ref,))[0]
        self.assertEqual(json.loads(row[0]), {"persons": [p1["id"],
                                                          p2["id"]]})
        self.assertEqual(row[1], "investigator.a")
        self.assertNotIn("Hevi", row[0])
        for n in range(1, 3):
            self.expect(sup.get("/api/v1/persons/%d" % p1["id"]), 200)
            self.assertEqual(self.audit_count("person.read", p1["id"]), n)
        row = db_query(store(), "SELECT u.username FROM audit a JOIN users "
                       "u ON u.id = a.actor_id WHERE a.action = "
                       "'person.read' AND a.object_id = ? ORDER BY a.seq "
                       "DESC LIMIT 1", (str(p1["id"]),))[0]
        self.assertEqual(row[0], "supervisor.a")
        # Refused reads of identities leave no read behind.
        self.expect(as_user("analyst.a").get("/api/v1/persons/%d"
                                             % p1["id"]), 403)
        self.expect(as_user("investigator.b").get("/api/v1/persons/%d"
                                                  % p1["id"]), 404)
        self.expect(as_user("analyst.a").get("/api/v1/cases/%s?identities="
                                             "true" % ref), 404)
        self.expect(as_user("investigator.b").get(
            "/api/v1/cases/%s?identities=true" % ref), 404)
        self.assertEqual(self.audit_count("person.read", p1["id"]), 2)
        self.assertEqual(self.audit_count("case.identities_read", ref),
                         before + 3)


class TestAccessLog(ApiCase):

    def test_one_line_per_request_without_names_or_bodies(self):
        inv = as_user("investigator.a")
        name_given, name_family = "Parwin", "Zebari-Testname"
        note = "Met her at the Zakho checkpoint at dawn"
        SECRETS.update({name_given, name_family, note})
        time.sleep(1.5)     # the lines of the requests before are out
        before = len(server().access_lines())
        ref = self.open_case(title="Log case")["ref"]
        p = self.add_person(given=name_given, family=name_family)
        self.link(ref, p["id"])
        self.expect(inv.post("/api/v1/cases/%s/notes" % ref,
                             {"text": note}), 201)
        self.expect(inv.get("/api/v1/cases/%s?identities=true" % ref), 200)
        self.expect(inv.get("/api/v1/persons/%d" % p["id"]), 200)
        self.expect(inv.get("/api/v1/cases?kind=tip&limit=3"), 200)
        self.expect(anon().get("/api/v1/nothing/here"), 404)
        self.expect(anon().login("investigator.a", "a wrong password"), 401)
        # The server writes its access lines out once a second.
        time.sleep(1.5)
        lines = server().access_lines()[before:]
        self.assertEqual(len(lines), 9, "\n".join(lines))
        for line in lines:
            self.assertRegex(line, ACCESS_RE)
        err = server().stderr()
        for secret in (name_given, name_family, note, "Zakho", PASSWORD,
                       "a wrong password", inv.cookie, inv.csrf, ref,
                       "kind=tip"):
            self.assertNotIn(secret, err, "the access log holds %r" % secret)
        uid = db_query(store(), "SELECT id FROM users WHERE username = "
                       "'investigator.a'")[0][0]
        self.assertNotIn("identities", err)
        self.assertIn("method=GET route=/api/v1/cases/{ref} status=200",
                      "\n".join(lines))
        self.assertIn("user=%d" % uid, lines[-4])
        self.assertIn("route=- status=404", lines[-2])
        self.assertTrue(lines[-1].startswith("tipsom[access] method=POST "
                                             "route=/api/v1/session "
                                             "status=401"))


# --------------------------------------------------------------------------
# Hostile input
# --------------------------------------------------------------------------

class TestPersonSearch(ApiCase):
    """Persons by name across scripts, only those the user may see."""

    URL = "/api/v1/search/persons"

    def find(self, q, user="investigator.a", **params):
        params["q"] = q
        r = as_user(user).get(self.URL + "?" + urllib.parse.urlencode(params))
        return [h["id"] for h in self.expect(r, 200)["items"]]

    def test_one_person_in_three_scripts(self):
        family = self.unique("Zebari").replace(" ", "")
        me = self.add_person(given="Nur al-Din", family=family,
                             father="Hussein")
        # The same name in agency B: not visible to A, and not counted.
        other = self.add_person(user="investigator.b", given="Nuruddin",
                                family=family)
        for q in ("Nuruddin Hussein " + family, "Nur al-Din " + family,
                  "NOUR EL DIN " + family.upper()):
            with self.subTest(q=q):
                hits = self.find(q)
                self.assertEqual(hits[:1], [me["id"]])
                self.assertNotIn(other["id"], hits)
        self.assertIn(other["id"], self.find("Nuruddin " + family,
                                             user="investigator.b"))
        reads = self.audit_count("person.search", "search")
        r = as_user("investigator.a").get(
            self.URL + "?limit=3&q=" + urllib.parse.quote(
                "Nuruddin " + family))
        body = self.expect(r, 200)
        self.assertLessEqual(len(body["items"]), 3)
        hit = body["items"][0]
        self.assertEqual((hit["id"], hit["sex"]), (me["id"], "female"))
        self.assertIn(family, hit["name"])
        self.assertGreater(hit["score"], 0.5)
        self.assertEqual(self.audit_count("person.search", "search"),
                         reads + 1)
        # The query itself is never written to the audit chain.
        self.assertEqual(db_query(store(), "SELECT count(*) FROM audit "
                                  "WHERE changes LIKE ?",
                                  ("%" + family + "%",)), [(0,)])

    def test_arabic_and_cyrillic_find_the_latin_record(self):
        given = "Jamshed"
        family = self.unique("Rahmonov").split()[-1]
        me = self.add_person(given=given, family="Rahmonov" + family)
        hits = self.find("Ҷамшед Раҳмонов" + family)
        # The unique part is Latin digits: the Cyrillic query finds the
        # person by the name, the number tells them apart.
        self.assertIn(me["id"], hits)

    def test_found_behind_many_of_another_agency(self):
        # More of agency B's names rank before A's own than the search
        # looks through at once (64): A finds its own and none of B's,
        # then the one B shares a case of with it; B finds all of its own.
        family = self.unique("Hamdani").replace(" ", "")
        theirs = [self.add_person(user="investigator.b", given="Yusuf",
                                  father="Karim", family=family)["id"]
                  for _ in range(70)]
        mine = self.add_person(given="Yousef", father="Kareem",
                               family=family)["id"]
        query = "Yusuf Karim " + family
        hits = self.find(query, limit=100)
        self.assertIn(mine, hits)
        self.assertFalse(set(theirs) & set(hits))
        self.assertTrue(set(theirs) <= set(self.find(
            query, user="investigator.b", limit=100)))
        case = self.open_case(user="investigator.b")
        self.link(case["ref"], theirs[-1], user="investigator.b")
        self.expect(as_user("supervisor.b").post(
            "/api/v1/cases/%s/shares" % case["ref"],
            {"agency": AGENCY_A, "scope": "whole", "reason": "joint work"}),
            201)
        hits = self.find(query, limit=100)
        self.assertEqual(set(theirs) & set(hits), {theirs[-1]})
        self.assertIn(mine, hits)

    def test_bad_queries_and_roles(self):
        for params, field in [({"q": ""}, "q"), ({}, "q"),
                              ({"q": "   "}, "q"), ({"q": "12 34"}, "q"),
                              ({"q": "x" * 1001}, "q"),
                              ({"q": "Ali\x01Hassan"}, "q"),
                              ({"q": "Ali", "limit": "0"}, "limit"),
                              ({"q": "Ali", "limit": "101"}, "limit"),
                              ({"q": "Ali", "limit": "ten"}, "limit")]:
            with self.subTest(params=params):
                r = as_user("investigator.a").get(
                    self.URL + "?" + urllib.parse.urlencode(params))
                self.expect(r, 422, "invalid", field)
        for user in ("analyst.a", "admin.a", "trainer.a"):
            with self.subTest(user=user):
                self.expect(as_user(user).get(self.URL + "?q=Ali"), 403,
                            "forbidden")
        self.expect(anon().get(self.URL + "?q=Ali"), 401,
                    "unauthenticated")


class TestDuplicates(ApiCase):
    """Persons recorded twice: found with the evidence, merged (asking
    before a victim becomes their own suspect), unmerged, or marked as two
    people; only by supervisors, only among the persons they see."""

    URL = "/api/v1/persons/duplicates"

    def pairs(self, user="supervisor.a", **params):
        params.setdefault("limit", "500")
        r = as_user(user).get(self.URL + "?" + urllib.parse.urlencode(
            params))
        return self.expect(r, 200)

    def two_records(self, **extra):
        family = self.unique("Barzani").replace(" ", "")
        keep = self.add_person(given="ئاسۆ", family=family, sex="male",
                               born="1990", **extra)
        other = self.add_person(given="Aso", family=family, sex="male",
                                born="1990")
        keep["family"] = family
        return keep, other

    def test_found_with_the_evidence(self):
        keep, other = self.two_records(
            documents=[{"kind": "passport", "number": "P7654321"}])
        self.expect(as_user("investigator.a").post(
            "/api/v1/persons/%d/links" % other["id"],
            {"kind": "phone", "value": "+964 770 111 2233"}), 201)
        self.expect(as_user("investigator.a").post(
            "/api/v1/persons/%d/links" % keep["id"],
            {"kind": "phone", "value": "0770 111 2233"}), 201)
        hidden = self.add_person(user="investigator.b", given="Aso",
                                 family=keep["family"], sex="male",
                                 born="1990")
        body = self.pairs()
        mine = [p for p in body["items"]
                if (p["a"]["id"], p["b"]["id"]) == (keep["id"], other["id"])]
        self.assertEqual(len(mine), 1, body)
        kinds = {e["kind"] for e in mine[0]["evidence"]}
        self.assertTrue({"name", "birth", "sex", "identifier"} <= kinds,
                        kinds)
        self.assertGreater(mine[0]["score"], 0.9)
        self.assertEqual(mine[0]["a"]["agency"], AGENCY_A)
        for p in body["items"]:
            self.assertNotIn(hidden["id"], (p["a"]["id"], p["b"]["id"]))
        only = self.pairs(person=str(other["id"]))["items"]
        self.assertTrue(all(other["id"] in (p["a"]["id"], p["b"]["id"])
                            for p in only))
        for params, field in [({"min_score": "0"}, "min_score"),
                              ({"min_score": "1.5"}, "min_score"),
                              ({"min_score": "high"}, "min_score"),
                              ({"limit": "0"}, "limit"),
                              ({"limit": "501"}, "limit"),
                              ({"person": "x"}, "person")]:
            with self.subTest(params=params):
                self.expect(as_user("supervisor.a").get(
                    self.URL + "?" + urllib.parse.urlencode(params)), 422,
                    "invalid", field)
        self.expect(as_user("supervisor.a").get(
            self.URL + "?person=%d" % hidden["id"]), 404, "not_found")
        for user in ("investigator.a", "caseworker.a", "analyst.a",
                     "admin.a"):
            with self.subTest(user=user):
                self.expect(as_user(user).get(self.URL), 403, "forbidden")
        self.expect(anon().get(self.URL), 401, "unauthenticated")

    def test_merge_unmerge_and_conflicting_roles(self):
        keep, other = self.two_records()
        case = self.open_case()
        self.link(case["ref"], keep["id"], role="victim")
        self.link(case["ref"], other["id"], role="suspect")
        url = "/api/v1/persons/%d/merges" % keep["id"]
        sup = as_user("supervisor.a")
        # Logged in before the snapshot: a login is audited.
        as_user("investigator.a")
        as_user("supervisor.b")
        before = db_snapshot(store())
        for body, status, field in [
                ({"other": other["id"]}, 422, "reason"),
                ({"reason": "x"}, 422, "other"),
                ({"other": keep["id"], "reason": "x"}, 422, "other"),
                ({"other": "x", "reason": "x"}, 422, "other"),
                ({"other": other["id"], "reason": "x", "extra": 1}, 422,
                 None)]:
            with self.subTest(body=body):
                self.expect(sup.post(url, body), status, "invalid", field)
        r = sup.post(url, {"other": other["id"], "reason": "one man"})
        body = self.expect(r, 409, "conflict", "confirm")
        self.assertEqual(body["conflicts"], [
            {"case": case["ref"], "keep_role": "victim",
             "other_role": "suspect"}])
        self.expect(as_user("investigator.a").post(url, {
            "other": other["id"], "reason": "x", "confirm": True}), 403,
            "forbidden")
        self.expect(as_user("supervisor.b").post(url, {
            "other": other["id"], "reason": "x", "confirm": True}), 404,
            "not_found")
        self.assert_unchanged(before)

        m = self.expect(sup.post(url, {
            "other": other["id"], "reason": "one man, who recruited others",
            "confirm": True}), 201)
        self.assertEqual((m["keep"], m["other"]), (keep["id"], other["id"]))
        self.assertIn("victim and suspect", m["conflicts"])
        self.assertEqual(self.audit_count("person.merge", keep["id"]), 1)
        p = self.expect(as_user("investigator.a").get(
            "/api/v1/persons/%d" % keep["id"]), 200)
        self.assertEqual(p["merged_from"], [other["id"]])
        self.assertIn("Aso", [n["given"] for n in p["names"]])
        o = self.expect(as_user("investigator.a").get(
            "/api/v1/persons/%d" % other["id"]), 200)
        self.assertEqual(o["merged_into"], keep["id"])
        self.expect(sup.post(url, {"other": other["id"], "reason": "again",
                                   "confirm": True}), 409, "conflict",
                    "other")
        history = self.expect(sup.get(url), 200)["items"]
        self.assertEqual([h["id"] for h in history], [m["id"]])

        unmerge = "/api/v1/persons/%d/unmerge" % other["id"]
        self.expect(sup.post(unmerge, {}), 422, "invalid", "reason")
        self.expect(sup.post("/api/v1/persons/%d/unmerge" % keep["id"],
                             {"reason": "x"}), 404, "not_found")
        u = self.expect(sup.post(unmerge, {"reason": "two brothers"}), 200)
        self.assertEqual(u["undo_reason"], "two brothers")
        people = self.expect(as_user("investigator.a").get(
            "/api/v1/cases/%s" % case["ref"]), 200)["people"]
        self.assertEqual(sorted((x["person_id"], x["role"]) for x in people),
                         sorted([(keep["id"], "victim"),
                                 (other["id"], "suspect")]))
        self.assertEqual(self.audit_count("person.unmerge", keep["id"]), 1)

    def test_two_people(self):
        keep, other = self.two_records()
        url = "/api/v1/persons/%d/distinct" % keep["id"]
        sup = as_user("supervisor.a")
        self.expect(sup.post(url, {"other": other["id"]}), 422, "invalid",
                    "reason")
        self.expect(sup.post(url, {"other": keep["id"], "reason": "x"}),
                    422, "invalid", "b")
        body = self.expect(sup.post(url, {"other": other["id"],
                                          "reason": "cousins"}), 201)
        self.assertEqual(body, {"a": keep["id"], "b": other["id"]})
        ids = [(p["a"]["id"], p["b"]["id"]) for p in self.pairs()["items"]]
        self.assertNotIn((keep["id"], other["id"]), ids)
        self.expect(as_user("investigator.a").post(url, {
            "other": other["id"], "reason": "x"}), 403, "forbidden")


# --------------------------------------------------------------------------
# HTCDS de-identified export (issue 8, point 2)
# --------------------------------------------------------------------------

class TestHtcdsExport(ApiCase):
    URL = "/api/v1/exports/htcds"

    @classmethod
    def setUpClass(cls):
        t = cls()
        ref = t.open_case(title="Htcds bakery case")["ref"]
        cls.names = []
        for i in range(3):
            p = t.add_person(given="Htcdsname%d" % i, family="Qaratepe",
                             born="1999-07-08", nationalities=["IQ"])
            cls.names.append("Htcdsname%d" % i)
            t.link(ref, p["id"], role="victim", identified_on="2024-02-03")

    def test_csv_attachment_for_supervisors_and_analysts(self):
        for user in ("supervisor.a", "analyst.a"):
            r = as_user(user).get(self.URL + "?k=2")
            self.assertEqual(r.status, 200, r.describe())
            self.assertEqual(r.header("Content-Type"),
                             "text/csv; charset=utf-8")
            self.assertEqual(r.header("Content-Disposition"),
                             'attachment; filename="htcds.csv"')
            text = r.body.decode("utf-8")
            self.assertIn("CC BY 4.0", text)
            self.assertIn("# report:", text)
            for s in self.names + ["Qaratepe", "1999-07-08", "2024-02-03",
                                   "bakery"]:
                self.assertNotIn(s.lower(), text.lower())

    def test_json_and_audit(self):
        before = self.audit_count("export.htcds", "htcds")
        v = self.expect(as_user("supervisor.a").get(
            self.URL + "?format=json&k=2&from=2024&to=2024"), 200)
        self.assertEqual(v["k"], 2)
        self.assertIn("IOM", v["attribution"])
        self.assertGreaterEqual(v["report"]["victims"], 3)
        self.assertEqual(len(v["records"]), v["report"]["released"])
        self.assertEqual(self.audit_count("export.htcds", "htcds"),
                         before + 1)

    def test_refusals(self):
        self.expect(as_user("investigator.a").get(self.URL), 403,
                    "forbidden")
        for query, field in (("k=1", "k"), ("k=1001", "k"), ("k=x", "k"),
                             ("format=xml", "format"), ("from=19", "from"),
                             ("from=2024&to=2020", "to")):
            self.expect(as_user("supervisor.a").get(self.URL + "?" + query),
                        422, "invalid", field)
class TestStats(ApiCase):
    """National figures: counts only, small cells suppressed with a second
    one where one alone could be worked out, for supervisors and analysts;
    a smuggling case's route, which the migrants are counted by."""

    URL = "/api/v1/stats"
    DAY = "2003-03-03"      # identified on a day no other test uses

    def stats(self, user="analyst.a", status=200, **params):
        r = as_user(user).get(self.URL + "?" + urllib.parse.urlencode(
            params))
        return self.expect(r, status)

    def table(self, body, population, *dims):
        found = [t for t in body["tables"] if t["population"] == population
                 and t["dimensions"] == list(dims)]
        self.assertEqual(len(found), 1, body)
        return found[0]

    def cells(self, table):
        return {"/".join(c["values"]): c["count"] for c in table["cells"]}

    def migrants(self, ref, nationality, n):
        for _ in range(n):
            pid = self.add_person(sex="male",
                                  nationalities=[nationality])["id"]
            self.link(ref, pid, role="smuggled_migrant",
                      identified_on=self.DAY)

    def test_figures_with_small_cells_suppressed(self):
        ref = self.open_case(kind="som", title="Stats route case")["ref"]
        case = self.expect(as_user("investigator.a").post(
            "/api/v1/cases/%s/route" % ref,
            {"countries": ["af", "IR", "TR"]}), 200)
        self.assertEqual(case["route"], ["AF", "IR", "TR"])
        self.migrants(ref, "FJ", 6)
        self.migrants(ref, "TV", 2)
        day = {"from": self.DAY, "to": self.DAY}
        # FJ alone beside the suppressed TV would give it away.
        t = self.table(self.stats(by="nationality", **day),
                       "smuggled_migrants", "nationality")
        self.assertEqual(self.cells(t), {"FJ": None, "TV": None})
        self.assertTrue(all(c["suppressed"] for c in t["cells"]))
        self.assertEqual((t["total"], t["total_suppressed"]), (8, False))
        self.migrants(ref, "WS", 6)
        self.migrants(ref, "FJ", 1)
        t = self.table(self.stats(by="nationality", **day),
                       "smuggled_migrants", "nationality")
        self.assertEqual(self.cells(t), {"FJ": 7, "WS": None, "TV": None})
        self.assertEqual([c["values"][0] for c in t["cells"]],
                         ["FJ", "TV", "WS"], "the shown first, then the "
                         "suppressed by value")
        t = self.table(self.stats(by="route,sex", **day),
                       "smuggled_migrants", "route", "sex")
        self.assertEqual(self.cells(t), {"AF \u2192 IR \u2192 TR/male": 15})
        body = self.stats(user="supervisor.a", min_cell="20", **day)
        self.assertEqual(body["min_cell"], 20)
        t = self.table(body, "smuggled_migrants", "route")
        self.assertEqual((t["total"], t["total_suppressed"]), (None, True))
        self.assertEqual(self.cells(t), {"AF \u2192 IR \u2192 TR": None})
        self.assertFalse(body["court_outcomes_recorded"])
        # Victims of that day: none; the other populations are there.
        pops = {t["population"] for t in body["tables"]}
        self.assertEqual(pops, {"victims", "smuggled_migrants", "suspects",
                                "cases", "referrals", "sop_steps",
                                "outreach", "awareness_sessions",
                                "counselled"})
        self.assertEqual(self.table(body, "victims", "sex")["total"], 0)
        text = json.dumps(self.stats(**day))
        self.assertNotIn("Shirin", text)
        self.assertNotIn(ref, text)

    def test_supervisors_and_analysts_only_and_audited(self):
        before = self.audit_count("stats.read", "all")
        body = self.stats(user="supervisor.a")
        self.assertIsNone(body["agency"])
        self.assertEqual(self.stats(agency=AGENCY_B)["agency"], AGENCY_B)
        self.assertEqual(self.audit_count("stats.read", "all"), before + 1)
        self.assertEqual(self.audit_count("stats.read", AGENCY_B) >= 1, True)
        for user in ("investigator.a", "caseworker.a", "prosecutor.a",
                     "admin.a"):
            with self.subTest(user=user):
                r = as_user(user).get(self.URL)
                self.expect(r, 403, "forbidden")

    def test_bad_queries_name_the_parameter(self):
        before = self.audit_count("stats.read", "all")
        for params, field in [({"from": "2026-02-30"}, "from"),
                              ({"to": "yesterday"}, "to"),
                              ({"from": "2026-05-01", "to": "2026-04-01"},
                               "to"),
                              ({"by": "colour"}, "by"),
                              ({"by": "sex,sex"}, "by"),
                              ({"by": "sex,year,agency,role"}, "by"),
                              ({"by": "route,service"}, "by"),
                              ({"min_cell": "2"}, "min_cell"),
                              ({"min_cell": "many"}, "min_cell"),
                              ({"min_cell": "101"}, "min_cell"),
                              ({"agency": "NO-SUCH"}, "agency")]:
            with self.subTest(params=params):
                r = as_user("analyst.a").get(
                    self.URL + "?" + urllib.parse.urlencode(params))
                self.expect(r, 422, "invalid", field)
        self.assertEqual(self.audit_count("stats.read", "all"), before)

    def test_route_is_checked_and_audited(self):
        ref = self.open_case(kind="som")["ref"]
        url = "/api/v1/cases/%s/route" % ref
        before = db_snapshot(store())
        for countries in (["AF"], ["AF", "ZZ"], ["AF", "af"], [""],
                          ["AF"] * 7 + ["IR"] * 6):
            with self.subTest(countries=countries):
                r = as_user("investigator.a").post(
                    url, {"countries": countries})
                self.expect(r, 422, "invalid", "countries")
        self.assert_unchanged(before)
        self.expect(as_user("investigator.b").post(
            url, {"countries": ["AF", "IR"]}), 404, "not_found")
        self.expect(as_user("investigator.a").post(
            url, {"countries": ["AF", "IR", "TR", "GR"]}), 200)
        self.assertEqual(self.audit_count("case.route", ref), 1)
        shown = self.expect(as_user("investigator.a").get(
            "/api/v1/cases/" + ref), 200)
        self.assertEqual(shown["case"]["route"], ["AF", "IR", "TR", "GR"])
class TestExports(ApiCase):
    """GET /api/v1/exports/...: the agency's records as CSV or XLSX, for
    supervisors only, audited; names as they were written."""

    def test_exports(self):
        family = self.unique("الحسناوي").replace(" ", "")
        pid = self.add_person(given="نور", family=family)["id"]
        ref = self.open_case(title=self.unique("عرض عمل وهمي"))["ref"]
        self.link(ref, pid)
        sup = as_user("supervisor.a")
        before = db_query(store(), "SELECT count(*) FROM audit WHERE "
                          "action = 'export.persons'")[0][0]
        r = sup.get("/api/v1/exports/persons")
        self.expect(r, 200)
        self.assertEqual(r.header("Content-Type"), "text/csv; charset=utf-8")
        rows = list(csv.DictReader(r.body.decode("utf-8").splitlines()))
        mine = [x for x in rows if x["source_id"] == str(pid)]
        self.assertEqual([(x["given"], x["family"]) for x in mine],
                         [("نور", family)])
        self.assertEqual(db_query(store(), "SELECT count(*) FROM audit "
                                  "WHERE action = 'export.persons'")[0][0],
                         before + 1)
        r = sup.get("/api/v1/exports/cases?format=xlsx")
        self.expect(r, 200)
        self.assertTrue(r.header("Content-Type").startswith(
            "application/vnd.openxmlformats"))
        with zipfile.ZipFile(io.BytesIO(r.body)) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        self.assertIn(ref, sheet)
        r = sup.get("/api/v1/exports/steps?bom=true")
        self.expect(r, 200)
        self.assertTrue(r.body.startswith(b"\xef\xbb\xbfcase_ref,"))
        self.assertIn(ref.encode(), r.body)
        self.expect(sup.get("/api/v1/exports/referrals"), 200)
        # Another agency's supervisor gets its own, not these.
        r = as_user("supervisor.b").get("/api/v1/exports/cases")
        self.expect(r, 200)
        self.assertNotIn(ref.encode(), r.body)
        for user in ("investigator.a", "analyst.a", "admin.a"):
            with self.subTest(user=user):
                self.expect(as_user(user).get("/api/v1/exports/persons"),
                            403, "forbidden")
        self.expect(sup.get("/api/v1/exports/cases?format=pdf"), 422,
                    "invalid", "format")
        self.expect(sup.get("/api/v1/exports/cases?bom=maybe"), 422,
                    "invalid", "bom")


class TestTraining(ApiCase):
    """The training sandbox: its banner, case studies, a trainee's
    exercise scored as it goes, a group the trainer watches."""

    @classmethod
    def setUpClass(cls):
        cls.db = os.path.join(STATE["dir"], "training.db")
        r = subprocess.run([TIPSOM, "train", "sandbox", "--db",
                            store_url(cls.db), "--trainees", "3", "--json"],
                           stdin=subprocess.DEVNULL, capture_output=True,
                           env=base_env(), check=True)
        out = json.loads(r.stdout)
        cls.passwords = {a["username"]: a["password"]
                         for a in out["accounts"]}
        SECRETS.update(cls.passwords.values())
        cls.srv = Server(cls.db, STATE["dir"], name="training")
        cls.srv.start()
        cls.clients = {}

    @classmethod
    def tearDownClass(cls):
        code = cls.srv.stop()
        err = cls.srv.stderr()
        assert code == 0, "the training server exited %s" % code
        for marker in SANITIZER_MARKERS:
            assert marker not in err, "sanitizer report: " + err[-2000:]

    def client(self, name):
        c = self.clients.get(name)
        if c is None:
            c = Client(self.srv, name)
            self.expect(c.login(name, self.passwords[name]), 201)
            self.clients[name] = c
        return c

    def fixture(self):
        with open(os.path.join(ROOT, "tests", "data", "training",
                               "case-study.json"), encoding="utf-8") as f:
            return json.load(f)

    def import_fixture(self):
        trainer = self.client("trainer")
        r = trainer.post("/api/v1/training/case-studies", self.fixture())
        if r.status == 201:
            self.assertEqual(r.json["id"], "test-false-job")
        else:
            self.expect(r, 409, "conflict")

    def test_banner_and_case_studies(self):
        self.assertEqual(self.expect(Client(self.srv).get("/api/v1/about"),
                                     200), {"training": True})
        self.assertEqual(self.expect(anon().get("/api/v1/about"), 200),
                         {"training": False})
        s = self.expect(self.client("trainee01").get("/api/v1/session"), 200)
        self.assertTrue(s["training"])
        self.assertFalse(self.expect(as_user("investigator.a").get(
            "/api/v1/session"), 200)["training"])
        self.import_fixture()
        self.expect(self.client("trainer").post(
            "/api/v1/training/case-studies", self.fixture()), 409,
            "conflict")
        self.expect(self.client("trainee01").post(
            "/api/v1/training/case-studies", self.fixture()), 403,
            "forbidden")
        bad = self.fixture()
        bad["expected"]["order"][0]["then"] = "no_such_step"
        bad["version"] = 2
        self.expect(self.client("trainer").post(
            "/api/v1/training/case-studies", bad), 422, "invalid",
            "expected.order[0].then")
        studies = self.expect(self.client("trainee01").get(
            "/api/v1/training/case-studies?lang=ar"), 200)["items"]
        ids = [x["id"] for x in studies]
        self.assertIn("test-false-job", ids)
        self.assertIn("false-job-offer", ids)
        self.assertGreaterEqual(len(ids), 9)
        ar = {x["id"]: x for x in studies}["test-false-job"]
        self.assertEqual(ar["title"], "عرض عمل كاذب (اختبار)")
        # A store of real cases takes no exercises.
        self.expect(as_user("investigator.a").get(
            "/api/v1/training/exercises"), 403, "forbidden")

    def test_exercise_scored_as_it_goes(self):
        self.import_fixture()
        c = self.client("trainee01")
        v = self.expect(c.post("/api/v1/training/exercises",
                               {"case_study": "test-false-job"}), 201)
        ref, xid = v["case_ref"], v["id"]
        self.assertEqual(v["story"], "A woman is found in a raid.")
        self.assertEqual([d["id"] for d in v["discoveries"]], ["advert"])
        self.assertEqual(v["hidden_discoveries"], 4)
        self.assertEqual((v["score"]["points"], v["score"]["max"]), (0, 12))
        # Nothing pending gives its answer away.
        for item in v["feedback"]:
            self.assertNotIn("expected", item)
        case = self.expect(c.get("/api/v1/cases/%s" % ref), 200)
        self.assertEqual(len(case["people"]), 2)
        url = "/api/v1/cases/%s/steps/" % ref
        # Trying the statement before the reflection period is refused
        # and scored against the trainee.
        self.expect(c.post(url + "take_adult_statement",
                           {"action": "done"}), 409, "conflict")
        self.expect(c.post(url + "ensure_immediate_safety",
                           {"action": "done"}), 201)
        self.expect(c.post("/api/v1/cases/%s/assessment" % ref, {
            "tip": {"acts": ["recruitment", "transport"],
                    "means": ["deception"],
                    "purposes": ["sexual_exploitation"]},
            "border_crossed": True, "child_at_time": False}), 201)
        self.expect(c.post("/api/v1/cases/%s/classification" % ref,
                           {"kind": "tip"}), 200)
        v = self.expect(c.get("/api/v1/training/exercises/%d?lang=ckb"
                              % xid), 200)
        items = {(i["part"], i.get("id")): i for i in v["feedback"]}
        self.assertEqual(items[("kind", "kind")]["state"], "right")
        self.assertEqual(items[("elements", "tip.means")]["state"], "right")
        broken = items[("must_not", "statement_early")]
        self.assertEqual((broken["state"], broken["points"]), ("broken", -3))
        self.assertEqual(broken["why"], "نەک پێش ماوەی بیرکردنەوە.")
        self.assertEqual(broken["sop"]["step"], "take_adult_statement")
        self.assertTrue(broken["sop"]["guidance"])
        self.assertEqual(v["score"]["points"], 7 - 3)
        self.assertIn("assessment", [d["id"] for d in v["discoveries"]])
        self.assertEqual(self.expect(c.get(
            "/api/v1/cases/%s/exercise" % ref), 200)["id"], xid)
        # Another trainee does not see it, nor its case; the trainer does.
        self.expect(self.client("trainee02").get(
            "/api/v1/training/exercises/%d" % xid), 404, "not_found")
        self.expect(self.client("trainee02").get("/api/v1/cases/%s" % ref),
                    404, "not_found")
        self.assertNotIn(ref, [x["ref"] for x in self.expect(
            self.client("trainee02").get("/api/v1/cases"), 200)["items"]])
        self.assertIn(ref, [x["ref"] for x in self.expect(
            self.client("trainer").get("/api/v1/cases"), 200)["items"]])
        t = self.expect(self.client("trainer").get(
            "/api/v1/training/exercises/%d" % xid), 200)
        self.assertIn("expected", t["feedback"][0])
        mine = self.expect(c.get("/api/v1/training/exercises"), 200)
        self.assertEqual({e["trainee"] for e in mine["items"]},
                         {"trainee01"})
        self.expect(self.client("trainee02").post(
            "/api/v1/training/exercises/%d/finish" % xid, {}), 404,
            "not_found")
        f = self.expect(c.post("/api/v1/training/exercises/%d/finish" % xid,
                               {}), 200)
        self.assertEqual((f["points"], f["max_points"]), (4, 12))
        for item in f["feedback"]:
            self.assertIn("expected", item)
        self.expect(c.post("/api/v1/training/exercises/%d/finish" % xid,
                           {}), 409, "conflict")
        self.assertEqual(self.expect(c.get("/api/v1/training/exercises"),
                                     200)["items"][0]["points"], 4)
        for body, field in (({}, "study"), ({"case_study": "no-such"},
                                            "study"),
                            ({"case_study": 7}, "case_study"),
                            ({"group": 999}, "group")):
            with self.subTest(body=body):
                r = c.post("/api/v1/training/exercises", body)
                self.assertIn(r.status, (404, 422), r.describe())
                self.assertEqual(r.error.get("field"), field, r.describe())
        self.expect(c.get("/api/v1/training/exercises/99999"), 404)
        self.expect(c.get("/api/v1/training/exercises/x"), 404)

    def test_group_live_view(self):
        trainer = self.client("trainer")
        self.expect(self.client("trainee02").post(
            "/api/v1/training/groups", {"case_study": "child-begging",
                                        "title": "Day 2"}), 403)
        self.expect(trainer.post("/api/v1/training/groups", {
            "case_study": "child-begging", "title": ""}), 422, "invalid",
            "title")
        g = self.expect(trainer.post("/api/v1/training/groups", {
            "case_study": "child-begging", "title": "Erbil ToT, day 2"}),
            201)
        for name in ("trainee02", "trainee03"):
            v = self.expect(self.client(name).post(
                "/api/v1/training/exercises", {"group": g["id"]}), 201)
            self.assertEqual((v["group"], v["study"]),
                             (g["id"], "child-begging"))
        self.expect(self.client("trainee02").post(
            "/api/v1/training/exercises", {"group": g["id"]}), 409,
            "conflict", "group")
        ref = self.expect(self.client("trainee02").get(
            "/api/v1/training/exercises"), 200)["items"][0]["case_ref"]
        self.expect(self.client("trainee02").post(
            "/api/v1/cases/%s/steps/ensure_immediate_safety" % ref,
            {"action": "done"}), 201)
        live = self.expect(trainer.get("/api/v1/training/groups/%d"
                                       % g["id"]), 200)
        members = {m["trainee"]: m for m in live["members"]}
        self.assertEqual(set(members), {"trainee02", "trainee03"})
        self.assertEqual(members["trainee02"]["steps_done"], 1)
        self.assertEqual(members["trainee02"]["last_step"],
                         "ensure_immediate_safety")
        self.assertEqual(members["trainee03"]["steps_done"], 0)
        self.expect(self.client("trainee02").get(
            "/api/v1/training/groups/%d" % g["id"]), 403)
        groups = self.expect(trainer.get("/api/v1/training/groups"), 200)
        self.assertIn(g["id"], [x["id"] for x in groups["items"]])
        closed = self.expect(trainer.post("/api/v1/training/groups/%d/close"
                                          % g["id"], {}), 200)
        self.assertIsNotNone(closed["closed_at"])
        self.expect(trainer.post("/api/v1/training/groups/%d/close"
                                 % g["id"], {}), 409)
        self.expect(self.client("trainee01").post(
            "/api/v1/training/exercises", {"group": g["id"]}), 409,
            "conflict", "group")


class TestProgramme(ApiCase):
    """The training programme through the API: a course, participants, a
    session with tests and a certificate anyone can verify, the cascade
    and the figures."""

    def test_programme(self):
        t = as_user("trainer.a")
        self.expect(as_user("investigator.a").post(
            "/api/v1/training/courses", {"code": "X-1", "title": "x",
                                         "hours": 2}), 403, "forbidden")
        code = "API-TOT-%d" % (ApiCase.counter + 1)
        ApiCase.counter += 1
        c = self.expect(t.post("/api/v1/training/courses", {
            "code": code.lower(), "title": "Training of trainers",
            "hours": 24, "tot": True, "curriculum": "SOPs",
            "modules": [{"title": "Legal elements", "hours": 6}]}), 201)
        self.assertEqual((c["code"], c["modules"][0]["hours"]), (code, 6))
        self.expect(t.post("/api/v1/training/courses", {
            "code": code, "title": "Again", "hours": 2}), 409, "conflict",
            "code")
        self.expect(t.post("/api/v1/training/courses", {
            "code": "Y-1", "title": "x", "hours": 2,
            "modules": [{"title": "m"}]}), 422, "invalid", "modules")
        listed = self.expect(t.get("/api/v1/training/courses"), 200)
        self.assertIn(code, [x["code"] for x in listed["items"]])
        self.assertEqual(self.expect(t.get("/api/v1/training/courses/%s"
                                           % code), 200)["title"],
                         "Training of trainers")
        people = []
        for name, sex in (("Amina Rashid", "female"),
                          ("Bakhtiar Omar", "male"),
                          ("Chiman Ali", "female")):
            people.append(self.expect(t.post(
                "/api/v1/training/participants", {
                    "full_name": name, "organisation": "Erbil Police",
                    "job": "Investigator", "sex": sex,
                    "region": "Erbil"}), 201)["id"])
        self.expect(t.post("/api/v1/training/participants", {
            "full_name": "X", "organisation": "Y", "job": "Z",
            "region": ""}), 422, "invalid", "region")
        found = self.expect(t.get("/api/v1/training/participants?q=Chiman"),
                            200)
        self.assertEqual([p["id"] for p in found["items"]], [people[2]])
        a, b, c3 = people
        s = self.expect(t.post("/api/v1/training/sessions", {
            "course": code, "starts_on": "2026-01-10",
            "ends_on": "2026-01-11", "place": "Erbil", "region": "Erbil",
            "trainers": [a]}), 201)
        self.assertEqual((s["days"], s["trainers"][0]["id"]), (2, a))
        self.expect(t.post("/api/v1/training/sessions", {
            "course": code, "starts_on": "2026-01-10", "place": "Erbil",
            "region": "Erbil", "trainers": []}), 422, "invalid", "trainers")
        sid = s["id"]
        e = self.expect(t.post("/api/v1/training/sessions/%d/participants"
                               % sid, {"participant": b}), 201)
        self.assertIsNone(e["pre_score"])
        self.expect(t.post("/api/v1/training/sessions/%d/participants"
                           % sid, {"participant": a}), 409, "conflict")
        r = self.expect(t.post("/api/v1/training/sessions/%d/participants/%d"
                               % (sid, b), {"days_attended": 2,
                                            "pre_score": 30,
                                            "post_score": 75}), 200)
        self.assertEqual(r["gain"], 45)
        self.expect(t.post("/api/v1/training/sessions/%d/participants/%d"
                           % (sid, b), {"post_score": 101}), 422,
                    "invalid", "post_score")
        k = self.expect(t.post(
            "/api/v1/training/sessions/%d/participants/%d/certificate"
            % (sid, b), {}), 201)
        self.expect(t.post(
            "/api/v1/training/sessions/%d/participants/%d/certificate"
            % (sid, b), {}), 409, "conflict")
        SECRETS.add(k["code"])
        v = self.expect(anon().get("/api/v1/certificates/%s" % k["code"]),
                        200)
        self.assertEqual((v["full_name"], v["valid"]),
                         ("Bakhtiar Omar", True))
        self.expect(anon().get("/api/v1/certificates/TRN-AAAA-AAAA-AAAA"),
                    404, "not_found")
        later = self.expect(t.post("/api/v1/training/sessions", {
            "course": code, "starts_on": "2026-02-01", "place": "Duhok",
            "region": "Duhok", "trainers": [b]}), 201)
        self.expect(t.post("/api/v1/training/sessions/%d/participants"
                           % later["id"], {"participant": c3}), 201)
        cas = self.expect(t.get("/api/v1/training/sessions/%d/cascade"
                                % sid), 200)
        self.assertEqual(cas["reach"], 2)
        self.assertEqual([n["session"] for n in cas["sessions"]],
                         [sid, later["id"]])
        self.assertEqual(cas["sessions"][1]["via"], b)
        # A trainer reads who gave each session; readers of figures not.
        self.assertEqual([t["full_name"] for t in
                          cas["sessions"][1]["trainers"]], ["Bakhtiar Omar"])
        figures = self.expect(as_user("analyst.a").get(
            "/api/v1/training/sessions/%d/cascade" % sid), 200)
        self.assertIsNone(figures["sessions"][0]["trainers"])
        shown = self.expect(t.get("/api/v1/training/sessions/%d" % sid), 200)
        self.assertEqual(shown["participants"][0]["certificate"], k["code"])
        sessions = self.expect(t.get("/api/v1/training/sessions?course=%s"
                                     % code), 200)
        self.assertEqual(len(sessions["items"]), 2)
        f = self.expect(as_user("analyst.a").get(
            "/api/v1/stats/training?from=2026-01-01"), 200)
        self.assertGreaterEqual(f["tot_sessions"], 1)
        self.assertIn(sid, [x["session"] for x in f["cascades"]])
        self.expect(as_user("investigator.a").get("/api/v1/stats/training"),
                    403, "forbidden")
        self.expect(t.get("/api/v1/training/sessions/999999"), 404)


class TestMrc(ApiCase):
    """What Migrant Resource Centres use: the information sheets, and the
    counselling log, de-identified unless the person consents and a case
    is open."""

    def test_sheets(self):
        c = as_user("investigator.a")
        listed = self.expect(c.get("/api/v1/sheets?lang=ckb"), 200)
        self.assertGreaterEqual(len(listed["items"]), 4)
        self.assertTrue(all(x["lang"] == "ckb" for x in listed["items"]))
        fraud = self.expect(c.get("/api/v1/sheets?topic=recruitment_fraud"),
                            200)["items"]
        self.assertEqual([x["id"] for x in fraud], ["recruitment-fraud"])
        one = self.expect(c.get("/api/v1/sheets/legal-pathways?lang=prs"),
                          200)
        self.assertEqual(one["lang"], "prs")
        self.assertIn("prs", one["langs"])
        self.assertTrue(one["text"]["sections"] and one["sources"])
        english = self.expect(c.get("/api/v1/sheets/legal-pathways?lang=tg"),
                              200)
        self.assertEqual(english["lang"], "en")
        self.expect(c.get("/api/v1/sheets?lang=fr"), 422, "invalid", "lang")
        self.expect(c.get("/api/v1/sheets?topic=weather"), 422, "invalid",
                    "topic")
        self.expect(c.get("/api/v1/sheets/no-such-sheet"), 404, "not_found")
        self.expect(anon().get("/api/v1/sheets"), 401)

    def test_counselling(self):
        cw = as_user("caseworker.a")
        body = {"pseudonym": "Shilan", "topics": ["legal_pathways",
                                                  "recruitment_fraud"],
                "risks": ["recruitment_fee"], "sheets": ["recruitment-fraud"],
                "party": "family", "people": 3, "destination": "ae",
                "route": "by air to Dubai", "follow_up_on": "2099-01-01",
                "referred_to": AGENCY_B, "referral_note": "legal advice"}
        SECRETS.update({"Shilan", "by air to Dubai"})
        k = self.expect(cw.post("/api/v1/counselling", body), 201)
        self.assertEqual((k["people"], k["destination"], k["identified"]),
                         (3, "AE", False))
        self.assertEqual(self.audit_count("counselling.add", k["id"]), 1)
        # Identity without consent: refused, saying why; nothing written.
        before = db_snapshot(store())
        for extra, field in (({"full_name": "Shilan Ahmed"}, "consent"),
                             ({"contact": "+964 750 000 1111"}, "consent"),
                             ({"consent": True, "full_name": "Shilan A"},
                              "case"),
                             ({"pseudonym": "Shilan Ahmed Karim Aziz"},
                              "pseudonym"),
                             ({"topics": []}, "topics"),
                             ({"consent": "yes"}, "consent")):
            r = cw.post("/api/v1/counselling", {**body, **extra})
            self.expect(r, 422, "invalid", field)
        self.expect(cw.post("/api/v1/counselling", {**body, "age": 3}), 422,
                    "invalid", "age")
        self.assert_unchanged(before)
        # With consent and a case of theirs, the identity is kept.
        ref = self.open_case(user="caseworker.a")["ref"]
        who = self.expect(cw.post("/api/v1/counselling", {
            "pseudonym": "Dara", "topics": ["irregular_risks"],
            "consent": True, "full_name": "Dara Omar Salih",
            "contact": "+964 750 000 2222", "case": ref}), 201)
        SECRETS.update({"Dara Omar Salih", "+964 750 000 2222"})
        self.assertEqual((who["identified"], who["case"], who["full_name"]),
                         (True, ref, "Dara Omar Salih"))
        listed = self.expect(cw.get("/api/v1/counselling"), 200)["items"]
        self.assertEqual([x["id"] for x in listed[:2]], [who["id"], k["id"]])
        due = self.expect(cw.get("/api/v1/counselling?due=true"), 200)
        self.assertNotIn(k["id"], [x["id"] for x in due["items"]])
        shown = self.expect(cw.get("/api/v1/counselling/%d" % k["id"]), 200)
        self.assertEqual(shown["sheets"], ["recruitment-fraud"])
        fixed = self.expect(cw.post("/api/v1/counselling/%d" % k["id"], {
            "follow_up_on": "", "route": "", "risks": []}), 200)
        self.assertEqual((fixed["follow_up_on"], fixed["route"],
                          fixed["risks"]), (None, None, []))
        self.assertEqual(self.audit_count("counselling.edit", k["id"]), 1)
        self.expect(cw.post("/api/v1/counselling/%d" % k["id"], {}), 422,
                    "invalid")
        # Another agency's, or a role without outreach.record: nothing.
        self.expect(as_user("caseworker.b").get("/api/v1/counselling/%d"
                                                % k["id"]), 404)
        self.expect(as_user("investigator.a").get("/api/v1/counselling"),
                    403, "forbidden")
        self.expect(cw.get("/api/v1/counselling/abc"), 422, "invalid")
        self.expect(cw.get("/api/v1/counselling?from=2026-13-01"), 422,
                    "invalid", "from")

    def test_counselled_in_the_figures(self):
        """A family of six counselled shows in the dashboard's figures:
        under each topic covered, under "none" for risks, by the people
        who came; an analyst reads the figures, never the records."""
        cw = as_user("caseworker.a")
        self.expect(cw.post("/api/v1/counselling", {
            "pseudonym": "Figures", "party": "family", "people": 6,
            "topics": ["return_reintegration", "rights_abroad"],
            "situation": "returnee"}), 201)
        f = self.expect(as_user("analyst.a").get(
            "/api/v1/stats?by=topic"), 200)
        table = [t for t in f["tables"] if t["population"] == "counselled"]
        self.assertEqual(len(table), 1, f)
        cells = {tuple(c["values"]): c for c in table[0]["cells"]}
        for topic in ("return_reintegration", "rights_abroad"):
            self.assertGreaterEqual(cells[(topic,)]["count"], 6)
        self.assertTrue(table[0]["suppressible"])
        risks = self.expect(as_user("analyst.a").get(
            "/api/v1/stats?by=risk,situation"), 200)
        table = [t for t in risks["tables"]
                 if t["population"] == "counselled"][0]
        none = [c for c in table["cells"]
                if c["values"] == ["none", "returnee"]]
        self.assertGreaterEqual(none[0]["count"], 6)
        self.expect(as_user("analyst.a").get("/api/v1/counselling"), 403,
                    "forbidden")


class TestAwareness(ApiCase):
    """Awareness sessions of a Migrant Resource Centre: recorded with
    headcounts, read by the recording and the organising agencies,
    corrected by the recording one with an audit entry, refused whole on
    bad input, and counted on the dashboard."""

    URL = "/api/v1/awareness"
    DAY = "2004-04-04"      # held on a day no other test uses

    def session(self, user="caseworker.a", status=201, field=None, **extra):
        body = {"kind": "school", "held_on": self.DAY,
                "place": "Erbil Girls' High School", "region": "Erbil",
                "audience": "students", "female_children": 31,
                "male_children": 2}
        body.update(extra)
        return self.expect(as_user(user).post(self.URL, body), status,
                           "invalid" if field else None, field)

    def test_record_read_correct(self):
        s = self.session(organisers=[AGENCY_B], materials=[
            "legal-pathways", "recruitment-fraud"],
            materials_other="Posters", feedback="Parents asked about "
            "study visas")
        self.assertEqual((s["agency"], s["total"], s["version"]),
                         (AGENCY_A, 33, 1))
        self.assertEqual(s["organisers"], sorted([AGENCY_A, AGENCY_B]))
        self.assertEqual(s["materials"], ["legal-pathways",
                                          "recruitment-fraud"])
        sid = s["id"]
        self.assertEqual(self.audit_count("awareness.add", sid), 1)
        stored = db_query(store(), "SELECT feedback, place FROM "
                          "awareness_sessions WHERE id = ?", (sid,))[0]
        self.assertNotIn("visas", stored[0], "feedback sealed at rest")
        self.assertEqual(stored[1], "Erbil Girls' High School")
        audit = db_query(store(), "SELECT changes FROM audit WHERE action "
                         "= 'awareness.add' AND object_id = ?",
                         (str(sid),))[0][0]
        self.assertNotIn("visas", audit)
        # The organising agency reads it; its caseworker cannot correct it.
        got = self.expect(as_user("supervisor.b").get(
            "%s/%d" % (self.URL, sid)), 200)
        self.assertEqual(got["feedback"], "Parents asked about study visas")
        self.expect(as_user("caseworker.b").post("%s/%d" % (self.URL, sid), {
            "version": 1, "male_adults": 1}), 403, "forbidden", "id")
        # A session of A alone is not B's to see.
        own = self.session(audience="families", kind="community",
                           female_adults=8, female_children=0,
                           male_children=0)
        self.expect(as_user("caseworker.b").get("%s/%d" % (self.URL,
                                                           own["id"])),
                    404, "not_found")
        listed = self.expect(as_user("caseworker.b").get(
            self.URL + "?from=%s&to=%s" % (self.DAY, self.DAY)), 200)
        self.assertEqual([x["id"] for x in listed["items"]], [sid])
        mine = self.expect(as_user("supervisor.a").get(
            self.URL + "?from=%s&to=%s&region=erbil" % (self.DAY, self.DAY)),
            200)
        self.assertEqual({x["id"] for x in mine["items"]}, {sid, own["id"]})
        none = self.expect(as_user("supervisor.a").get(
            self.URL + "?from=%s&to=%s&region=Duhok" % (self.DAY, self.DAY)),
            200)
        self.assertEqual(none["items"], [])
        # Corrected: only what is given changes, with an audit entry.
        fixed = self.expect(as_user("caseworker.a").post(
            "%s/%d" % (self.URL, sid), {"version": 1, "male_children": 4,
                                        "materials": [], "feedback": ""}),
            200)
        self.assertEqual((fixed["total"], fixed["version"],
                          fixed["materials"], fixed["feedback"],
                          fixed["place"]),
                         (35, 2, [], None, "Erbil Girls' High School"))
        changes = json.loads(db_query(store(), "SELECT changes FROM audit "
                                      "WHERE action = 'awareness.edit' AND "
                                      "object_id = ?", (str(sid),))[0][0])
        self.assertEqual(changes["fields"], ["male_children", "materials",
                                             "feedback"])
        self.expect(as_user("caseworker.a").post(
            "%s/%d" % (self.URL, sid), {"version": 1, "male_children": 5}),
            409, "conflict", "version")
        self.expect(as_user("caseworker.a").post(
            "%s/%d" % (self.URL, sid), {"version": 2, "male_children": 4}),
            422, "invalid", "id")
        self.expect(as_user("caseworker.a").post(
            "%s/%d" % (self.URL, sid), {"male_children": 4}), 422,
            "invalid", "version")
        self.expect(as_user("caseworker.a").get(self.URL + "/999999"), 404)
        self.expect(as_user("investigator.a").get(self.URL), 403,
                    "forbidden")

    def test_bad_input_names_the_field_and_writes_nothing(self):
        as_user("caseworker.a")
        before = db_snapshot(store())
        for extra, field in [
                ({"kind": "picnic"}, "kind"),
                ({"held_on": "2004-02-30"}, "held_on"),
                ({"held_on": "2999-01-01"}, "held_on"),
                ({"place": " "}, "place"),
                ({"region": ""}, "region"),
                ({"audience": "tourists"}, "audience"),
                ({"female_children": -1}, "female_children"),
                ({"male_adults": 100001}, "male_adults"),
                ({"female_children": 0, "male_children": 0}, "counts"),
                ({"female_adults": "7"}, "female_adults"),
                ({"organisers": ["NO-SUCH"]}, "organisers"),
                ({"organisers": [AGENCY_B, AGENCY_B]}, "organisers"),
                ({"materials": ["no-such-sheet"]}, "materials"),
                ({"materials": "legal-pathways"}, "materials"),
                ({"feedback": "x" * 4001}, "feedback"),
                ({"version": 1}, "version")]:
            with self.subTest(extra=extra):
                self.session(status=422, field=field, **extra)
        r = as_user("caseworker.a").post(self.URL, {"kind": "school",
                                                    "colour": "red"})
        self.expect(r, 422)
        self.assert_unchanged(before)

    def test_figures_join_the_dashboard(self):
        day = "2004-05-05"
        self.session(held_on=day, region="Duhok", female_children=40,
                     male_children=3, audience="students")
        self.session(held_on=day, region="Duhok", kind="community",
                     audience="returnees", female_children=0,
                     male_children=0, male_adults=12, female_adults=9)
        body = self.expect(as_user("analyst.a").get(
            "/api/v1/stats?from=%s&to=%s" % (day, day)), 200)
        tables = {(t["population"], tuple(t["dimensions"])): t
                  for t in body["tables"]}
        region = tables[("outreach", ("region",))]
        self.assertEqual((region["total"], region["suppressible"]),
                         (64, True))
        self.assertEqual([(c["values"], c["count"]) for c in
                          region["cells"]], [(["Duhok"], 64)])
        sexage = tables[("outreach", ("sex", "age_group"))]
        cells = {"/".join(c["values"]): c["count"] for c in sexage["cells"]}
        # 3 boys are too few to show; the girls and the men, alone beside
        # them in their row and column, would give them away, and so
        # would the women then: people are suppressed as on the rest of
        # the dashboard.  The total stays.
        self.assertEqual(cells, {"female/child": None, "male/adult": None,
                                 "male/child": None, "female/adult": None})
        self.assertEqual(sexage["total"], 64)
        low = self.expect(as_user("analyst.a").get(
            "/api/v1/stats?from=%s&to=%s&by=sex,age_group&min_cell=5"
            % (day, day)), 200)
        self.assertEqual(len(low["tables"]), 5, "victims, migrants, "
                         "suspects, outreach and the counselled have sex "
                         "and age_group")
        kinds = tables[("awareness_sessions", ("session_kind",))]
        self.assertFalse(kinds["suppressible"])
        self.assertEqual({c["values"][0]: c["count"] for c in
                          kinds["cells"]}, {"school": 1, "community": 1})
        by = self.expect(as_user("analyst.a").get(
            "/api/v1/stats?from=%s&to=%s&by=audience,sex" % (day, day)), 200)
        self.assertEqual([t["population"] for t in by["tables"]],
                         ["outreach"])


class TestHostileInput(ApiCase):

    @classmethod
    def setUpClass(cls):
        tc = cls("run")
        cls.case = tc.open_case(title="Hostile input")
        cls.ref = cls.case["ref"]
        cls.person = tc.add_person()
        tc.link(cls.ref, cls.person["id"])

    def tearDown(self):
        # Whatever was sent, the server still answers.
        self.assertTrue(server().alive(), "the server died")
        self.expect(as_user("investigator.a").get("/api/v1/session"), 200)

    def bodies(self):
        """Every POST route with a body it accepts."""
        ref = self.ref
        return [
            ("/api/v1/session", {"username": "x", "password": "y"}),
            ("/api/v1/agencies", {"code": "HX-1", "name": "n",
                                  "kind": "ngo"}),
            ("/api/v1/users", {"agency": AGENCY_A, "username": "hx.user",
                               "role": "analyst", "password": PASSWORD}),
            ("/api/v1/persons", {"given": "x"}),
            ("/api/v1/cases", {"title": "x"}),
            ("/api/v1/cases/%s/notes" % ref, {"text": "x"}),
            ("/api/v1/cases/%s/close" % ref, {"reason": "x"}),
            ("/api/v1/cases/%s/people" % ref, {"person_id": 1,
                                               "role": "witness"}),
            ("/api/v1/cases/%s/steps/ensure_immediate_safety" % ref,
             {"action": "done"}),
            ("/api/v1/cases/%s/facts" % ref, {"fact": "risk_assessment"}),
            ("/api/v1/cases/%s/screenings" % ref, {"person_id": 1,
                                                   "answers": {}}),
            ("/api/v1/cases/%s/assessment" % ref, {}),
            ("/api/v1/cases/%s/classification" % ref, {"kind": "tip"}),
            ("/api/v1/cases/%s/sop" % ref, {"reason": "x"}),
            ("/api/v1/sops", {"format": "tipsom-sop/1"}),
        ]

    def client_for(self, path):
        if path in ("/api/v1/agencies", "/api/v1/users", "/api/v1/sops"):
            return as_user("admin.a")
        if path == "/api/v1/session":
            return anon()
        return as_user("investigator.a")

    def test_oversized_body_is_413(self):
        big = json.dumps({"text": "x" * (1100 * 1024)}).encode()
        self.assertGreater(len(big), 1024 * 1024)
        for path, _ in self.bodies():
            with self.subTest(path=path):
                c = self.client_for(path)
                before = db_snapshot(store())
                r = c.post(path, raw=big)
                self.expect(r, 413, "invalid")
                self.assert_unchanged(before, r)
        # Just under the limit is read (and refused for what it says).
        near = json.dumps({"text": "y" * (1024 * 1024 - 100)}).encode()
        self.assertLessEqual(len(near), 1024 * 1024)
        r = as_user("investigator.a").post("/api/v1/cases/%s/notes"
                                           % self.ref, raw=near)
        self.assertIn(r.status, (201, 422), r.describe())

    def test_malformed_json_is_400(self):
        bad = [b"{", b"{\"title\":", b"{'title': 'x'}", b"{\"title\": x}",
               b"[1,]", b"{\"title\": \"x\"} trailing", b"\xff\xfe\x00",
               b"{\"title\": \"\xc3\x28\"}", b"{\"title\": \"\xed\xa0\x80\"}",
               b"{\"title\": \"a\\u0000b\"}",
               b"{\"title\": \"x\", \"title\": \"y\"}",
               b"{\"person_id\": 1e400}",
               b"{\"person_id\": 123456789012345678901234567890}",
               b"[" * 100000, b"\x00"]
        for path, _ in self.bodies():
            for raw in bad:
                with self.subTest(path=path, body=raw[:30]):
                    c = self.client_for(path)
                    before = db_snapshot(store())
                    r = c.post(path, raw=raw)
                    self.expect(r, 400, "invalid")
                    self.assert_unchanged(before, r)

    def test_invalid_utf8_is_400(self):
        c = as_user("investigator.a")
        for raw in (b"{\"title\": \"Case \xe9t\xe9\"}",
                    b"{\"title\": \"\xc0\xaf\"}",
                    b"{\"title\": \"\xf8\x88\x80\x80\x80\"}",
                    b"{\"ti\xfftle\": \"x\"}"):
            with self.subTest(body=raw):
                before = db_snapshot(store())
                r = c.post("/api/v1/cases", raw=raw)
                self.expect(r, 400, "invalid")
                self.assert_unchanged(before, r)
        self.expect(c.get("/api/v1/cases/%FF%FE"), 400, "invalid", "path")

    def test_chunked_oversized_body_is_413(self):
        c = as_user("investigator.a")
        conn = http.client.HTTPConnection("127.0.0.1", server().port,
                                          timeout=60)

        def chunks():
            yield b"{\"text\": \""
            for _ in range(11):
                yield b"x" * (100 * 1024)
            yield b"\"}"
        try:
            conn.request("POST", "/api/v1/cases/%s/notes" % self.ref,
                         body=chunks(), encode_chunked=True, headers={
                             "Cookie": "tipsom_session=" + c.cookie,
                             "X-CSRF-Token": c.csrf,
                             "Content-Type": "application/json"})
            r = conn.getresponse()
            resp = Response("POST", "/api/v1/cases/%s/notes" % self.ref,
                            r.status, r.getheaders(), r.read(), None)
        finally:
            conn.close()
        check_contract(resp)
        self.expect(resp, 413, "invalid")

    # BUG: a query value that is not UTF-8 is dropped without a word:
    # GET /api/v1/cases?status=%FF answers 200 with every case, as if no
    # filter had been asked for (collect_query() ignores the value that
    # json_string() refuses).  A path that is not UTF-8 is 400.
    def test_query_that_is_not_utf8_is_refused(self):
        c = as_user("investigator.a")
        for query in ("status=%FF", "kind=%C3%28", "limit=%FF",
                      "agency=%ED%A0%80"):
            with self.subTest(query=query):
                r = c.get("/api/v1/cases?" + query)
                self.assertTrue(400 <= r.status < 500, r.describe())

    # BUG: request headers larger than the connection's memory (64 KiB)
    # get libmicrohttpd's own answer: 431 with an HTML body, no JSON
    # error and no access line.
    @unittest.expectedFailure
    def test_oversized_headers_get_a_json_error(self):
        c = as_user("investigator.a")
        before = len(server().access_lines())
        r = c.request("GET", "/api/v1/session",
                      headers={"X-Padding": "a" * (70 * 1024)}, check=False)
        self.assertTrue(400 <= r.status < 500, r.describe())
        self.assertEqual(r.header("Content-Type"),
                         "application/json; charset=utf-8", r.describe())
        check_contract(r)
        time.sleep(0.2)
        self.assertEqual(len(server().access_lines()), before + 1)

    def test_body_must_be_declared_json(self):
        c = as_user("investigator.a")
        for ctype in (None, "text/plain", "application/x-www-form-urlencoded",
                      "multipart/form-data; boundary=x",
                      "application/jsonp", "application/json-patch+json"):
            with self.subTest(content_type=ctype):
                before = db_snapshot(store())
                r = c.post("/api/v1/cases", raw=b"{\"title\": \"typed\"}",
                           content_type=ctype)
                self.expect(r, 415, "invalid")
                self.assert_unchanged(before, r)
        for ctype in ("application/json; charset=utf-8", "APPLICATION/JSON"):
            with self.subTest(content_type=ctype):
                self.expect(c.post("/api/v1/cases",
                                   raw=b"{\"title\": \"typed\"}",
                                   content_type=ctype), 201)

    def test_not_an_object_is_refused(self):
        # An array or no body at all is read, and refused by the handler
        # (422); a bare scalar is not taken as JSON at all (400).
        for path, _ in self.bodies():
            if path == "/api/v1/session":
                continue
            for raw, status in ((b"[]", 422), (b"[{}]", 422), (b"", 422),
                                (b"\"text\"", 400), (b"42", 400),
                                (b"null", 400), (b"true", 400)):
                with self.subTest(path=path, body=raw):
                    c = self.client_for(path)
                    before = db_snapshot(store())
                    r = c.post(path, raw=raw)
                    self.expect(r, status, "invalid")
                    self.assert_unchanged(before, r)

    def test_unknown_fields_are_422(self):
        for path, body in self.bodies():
            for extra in ("unknown_field", "__proto__", "Title", "",
                          "' OR 1=1 --"):
                with self.subTest(path=path, field=extra):
                    sent = dict(body)
                    sent[extra] = "x"
                    c = self.client_for(path)
                    before = db_snapshot(store())
                    r = c.post(path, sent)
                    self.expect(r, 422, "invalid")
                    self.assert_unchanged(before, r)
                    _, op = API.find("POST", path)
                    self.assertNotEqual(API.errors(API.request_schema(op),
                                                   sent), [],
                                        "the document must refuse %r too"
                                        % extra)

    def test_wrong_types_are_422(self):
        ref = self.ref
        cases = [
            ("/api/v1/session", {"username": 1, "password": "x"},
             "username"),
            ("/api/v1/session", {"username": "x", "password": None,
                                 "totp": 123456}, "totp"),
            ("/api/v1/agencies", {"code": ["HX-2"], "name": "n",
                                  "kind": "ngo"}, "code"),
            ("/api/v1/agencies", {"code": "HX-2", "name": {"en": "n"},
                                  "kind": "ngo"}, "name"),
            ("/api/v1/users", {"agency": AGENCY_A, "username": "hx.2",
                               "role": "analyst", "password": 1234567890},
             "password"),
            ("/api/v1/users", {"agency": 1, "username": "hx.2",
                               "role": "analyst", "password": PASSWORD},
             "agency"),
            ("/api/v1/persons", {"given": 5}, "given"),
            ("/api/v1/persons", {"given": "x", "born_estimated": 1},
             "born_estimated"),
            ("/api/v1/persons", {"given": "x", "languages": "ar"},
             "languages"),
            ("/api/v1/persons", {"given": "x", "contacts": [{"kind": 1,
                                                             "value": "v"}]},
             "contacts"),
            ("/api/v1/cases", {"title": True}, "title"),
            ("/api/v1/cases", {"title": "x", "kind": ["tip"]}, "kind"),
            ("/api/v1/cases/%s/notes" % ref, {"text": 3.5}, "text"),
            ("/api/v1/cases/%s/notes" % ref, {"text": ["a", "b"]}, "text"),
            ("/api/v1/cases/%s/close" % ref, {"reason": False}, "reason"),
            ("/api/v1/cases/%s/people" % ref, {"person_id": 1.0,
                                               "role": "witness"},
             "person_id"),
            ("/api/v1/cases/%s/people" % ref, {"person_id": 1,
                                               "role": "witness",
                                               "needs_interpreter": "true"},
             "needs_interpreter"),
            ("/api/v1/cases/%s/steps/ensure_immediate_safety" % ref,
             {"action": "done", "note": 1}, "note"),
            ("/api/v1/cases/%s/facts" % ref, {"fact": "risk_assessment",
                                              "note": {}}, "note"),
            ("/api/v1/cases/%s/facts" % ref, {"fact": "informed_consent",
                                              "person_id": True},
             "person_id"),
            ("/api/v1/cases/%s/screenings" % ref, {"person_id": "1",
                                                   "answers": {}},
             "person_id"),
            ("/api/v1/cases/%s/classification" % ref, {"kind": 1}, "kind"),
            ("/api/v1/cases/%s/sop" % ref, {"reason": ["x"]}, "reason"),
            ("/api/v1/cases/%s/sop" % ref, {"reason": "x", "to": 2}, "to"),
        ]
        for path, body, field in cases:
            with self.subTest(path=path, body=body):
                c = self.client_for(path)
                before = db_snapshot(store())
                r = c.post(path, body)
                self.expect(r, 422, "invalid", field)
                self.assert_unchanged(before, r)
                _, op = API.find("POST", path)
                self.assertNotEqual(API.errors(API.request_schema(op), body),
                                    [], "the document must refuse it too")

    def test_paths_that_are_not_routes(self):
        c = as_user("investigator.a")
        for path in ("/api/v1/cases/..%2F..%2Fetc",
                     "/api/v1/cases/..%2f..%2fetc%2fpasswd",
                     "/api/v1/../x", "/api/v1/cases/../../../etc/passwd",
                     "/api/v1/./cases", "/api/v1/cases/%2e%2e",
                     "/api/v1/cases/..", "/api/v1/persons/%2e%2e%2f1",
                     "/api/v1/cases/%00", "/api/v1/sops/..%5C..%5Cetc",
                     "/api/v1/cases/x/../../session", "/api/v2/cases",
                     "/api/v1", "/api/v1/cases/", "//api/v1/cases",
                     "/api/v1/cases//notes",
                     "/api/v1/cases/%s/steps/" % self.ref,
                     "/api/v1/cases/%s/nothing" % self.ref,
                     "/api/v1/" + "a/" * 300):
            with self.subTest(path=path):
                r = c.get(path)
                self.assertGreaterEqual(r.status, 400, r.describe())
                self.assertLess(r.status, 500, r.describe())
                self.assertNotIn(b"root:", r.body)
        self.expect(c.get("/api/v1/cases/..%2F..%2Fetc"), 400, "invalid",
                    "path")
        self.expect(c.get("/api/v1/../x"), 400, "invalid", "path")
        self.expect(c.get("/api/v1/nothing"), 404, "not_found", "path")
        for method, path in (("PUT", "/api/v1/cases"),
                             ("DELETE", "/api/v1/cases/%s" % self.ref),
                             ("PATCH", "/api/v1/session"),
                             ("GET", "/api/v1/cases/%s/notes" % self.ref),
                             ("POST", "/api/v1/openapi.json"),
                             ("OPTIONS", "/api/v1/cases")):
            with self.subTest(method=method, path=path):
                before = db_snapshot(store())
                r = c.request(method, path, body={} if method != "GET"
                              else None)
                self.expect(r, 405, "invalid", "path")
                self.assert_unchanged(before, r)

    def test_sql_metacharacters(self):
        """Every string field, query parameter and path part: refused
        (4xx) or stored verbatim, and nothing else changes."""
        inv = as_user("investigator.a")
        admin = as_user("admin.a")
        sup = as_user("supervisor.a")
        with open(os.path.join(SOPS, "tip.json"), encoding="utf-8") as f:
            sop = json.load(f)
        ins = self.expect(inv.get("/api/v1/sops/victim-screening"), 200)
        answers = {qn["id"]: "no" for g in ins["groups"]
                   if g["id"] != "child_specific" for qn in g["questions"]}
        tables = ("agencies", "users", "cases", "notes", "persons",
                  "person_names", "case_persons", "definitions",
                  "step_events", "case_facts", "screenings", "assessments")
        schema_before = db_schema(store())
        n = [0]

        def fresh_case():
            ref = self.open_case(title="SQL case")["ref"]
            self.link(ref, self.person["id"])
            return ref

        def rows_now():
            return {t: set(db_query(store(), 'SELECT * FROM "%s"' % t))
                    for t in tables}

        before = rows_now()

        def seq():
            n[0] += 1
            return n[0]

        # (client, path, a good body or a function making one): the
        # payload goes into each string of the body in turn.
        def targets(ref):
            pid = self.person["id"]
            return [
                (anon(), "/api/v1/session",
                 {"username": "nobody.sql", "password": "p" * 12,
                  "totp": "123456"}),
                (admin, "/api/v1/agencies",
                 lambda: {"code": "SQ-%d" % seq(), "name": "n",
                          "kind": "ngo"}),
                (admin, "/api/v1/users",
                 lambda: {"agency": AGENCY_A, "username": "sql.%d" % seq(),
                          "full_name": "f", "role": "analyst",
                          "password": PASSWORD}),
                (inv, "/api/v1/persons",
                 {"given": "g", "father": "f", "grandfather": "gf",
                  "family": "fa", "aliases": ["al"], "sex": "male",
                  "born": "1990-01-01", "nationalities": ["IQ"],
                  "languages": ["ar"],
                  "documents": [{"kind": "passport", "number": "N1",
                                 "country": "IQ",
                                 "expires_on": "2030-01-01"}],
                  "contacts": [{"kind": "email", "value": "v@x"}]}),
                (inv, "/api/v1/cases",
                 {"title": "t", "kind": "tip", "summary": "s",
                  "sensitivity": "normal", "lead": "investigator.a"}),
                (inv, "/api/v1/cases/%s/notes" % ref, {"text": "t"}),
                (inv, "/api/v1/cases/%s/people" % ref,
                 {"person_id": pid, "role": "witness",
                  "identified_on": "2024-01-01",
                  "interpreter_language": "ar"}),
                (inv, "/api/v1/cases/%s/facts" % ref,
                 {"fact": "risk_assessment", "note": "n"}),
                (sup, "/api/v1/cases/%s/facts" % ref,
                 {"fact": "supervisor_approval", "step": "close_case"}),
                (inv, "/api/v1/cases/%s/screenings" % ref,
                 {"person_id": pid, "instrument": "victim-screening",
                  "answers": answers}),
                (inv, "/api/v1/cases/%s/assessment" % ref,
                 {"tip": {"acts": ["recruitment"], "means": ["fraud"],
                          "purposes": ["forced_labour"]},
                  "som": {"procurement": ["illegal_entry"],
                          "aggravating": ["danger_to_life"]}}),
                (inv, "/api/v1/cases/%s/classification" % ref,
                 {"kind": "tip", "reason": "r"}),
                (inv, "/api/v1/cases/%s/sop" % ref,
                 {"to": "tip", "reason": "r"}),
                (admin, "/api/v1/sops",
                 lambda: {**sop, "id": "sqli-%d" % seq(),
                          "title": {"en": "t"}}),
            ]

        def leaves(value, path=()):
            if isinstance(value, str):
                yield path
            elif isinstance(value, dict):
                items = list(value.items())
                if path[-1:] == ("answers",):
                    items = items[:1]
                for k, v in items:
                    if k == "phases":
                        continue
                    yield from leaves(v, path + (k,))
            elif isinstance(value, list):
                for i, v in enumerate(value[:1]):
                    yield from leaves(v, path + (i,))

        def put(value, path, payload):
            value = json.loads(json.dumps(value))
            node = value
            for p in path[:-1]:
                node = node[p]
            node[path[-1]] = payload
            return value

        ref = fresh_case()
        answered = 0
        stored = 0
        for client, path, make in targets(ref):
            template = make() if callable(make) else make
            for leaf in list(leaves(template)):
                if leaf in (("format",), ("phases",)):
                    continue
                for payload in SQL_PAYLOADS:
                    body = make() if callable(make) else make
                    body = put(body, leaf, payload)
                    with self.subTest(path=path, field=leaf,
                                      payload=payload):
                        r = client.post(path, body)
                        answered += 1
                        self.assertTrue(r.status < 500, r.describe())
                        if r.status < 300:
                            stored += 1
                            if leaf == ("password",):
                                self.expect(anon().login(body["username"],
                                                         payload), 201)
                            else:
                                got = r.json
                                if path == "/api/v1/sops":
                                    got = self.expect(admin.get(
                                        "/api/v1/sops/%s?version=%d"
                                        % (r.json["id"], r.json["version"])),
                                        200)
                                self.assertTrue(contains(got, payload),
                                                "accepted but not stored "
                                                "verbatim:" + r.describe())
                        else:
                            self.assertGreaterEqual(r.status, 400)
            # A payload as the key of an object.
            if path.endswith("/screenings"):
                body = dict(make)
                body["answers"] = dict(answers)
                body["answers"][SQL_PAYLOADS[1]] = "no"
                self.expect(client.post(path, body), 422)
        # Steps: the note of done, the reason of reopen, the action.
        url = "/api/v1/cases/%s/steps/ensure_immediate_safety" % ref
        for payload in SQL_PAYLOADS:
            ev = self.expect(inv.post(url, {"action": "done",
                                            "note": payload}), 201)
            self.assertEqual(ev["note"], payload)
            ev = self.expect(inv.post(url, {"action": "reopen",
                                            "reason": payload}), 201)
            self.assertEqual(ev["note"], payload)
            self.expect(inv.post(url, {"action": payload}), 422)
        # Closing: the reason.
        for payload in SQL_PAYLOADS:
            other = fresh_case()
            c = self.expect(inv.post("/api/v1/cases/%s/close" % other,
                                     {"reason": payload}), 200)
            self.assertEqual(c["close_reason"], payload)
        # Path parts and query parameters.
        for payload in SQL_PAYLOADS:
            e = q(payload)
            for method, path, body in (
                    ("GET", "/api/v1/cases/%s" % e, None),
                    ("GET", "/api/v1/persons/%s" % e, None),
                    ("GET", "/api/v1/sops/%s" % e, None),
                    ("GET", "/api/v1/cases/%s/steps" % e, None),
                    ("POST", "/api/v1/cases/%s/notes" % e, {"text": "x"}),
                    ("POST", "/api/v1/cases/%s/steps/%s" % (ref, e),
                     {"action": "done"})):
                with self.subTest(path=path):
                    r = inv.request(method, path, body=body)
                    self.assertTrue(400 <= r.status < 500, r.describe())
            for path in ("/api/v1/cases?status=%s" % e,
                         "/api/v1/cases?kind=%s" % e,
                         "/api/v1/cases?agency=%s" % e,
                         "/api/v1/cases?limit=%s" % e,
                         "/api/v1/cases?offset=%s" % e,
                         "/api/v1/cases/%s/screenings?person=%s" % (ref, e),
                         "/api/v1/sops/tip?version=%s" % e):
                with self.subTest(path=path):
                    r = inv.get(path)
                    self.assertTrue(400 <= r.status < 500, r.describe())
            for path in ("/api/v1/cases/%s/steps?lang=%s" % (ref, e),
                         "/api/v1/sops?lang=%s" % e):
                self.expect(inv.get(path), 200)
            r = admin.get("/api/v1/users?agency=%s" % e)
            self.assertTrue(400 <= r.status < 500, r.describe())
            r = admin.get("/api/v1/audit?case=%s" % e)
            self.assertTrue(400 <= r.status < 500, r.describe())
        self.assertGreater(stored, 20)
        self.assertGreater(answered, 100)
        # Nothing else changed: every row there before is still there as
        # it was (but the cases these tests wrote to), no table went.
        after = rows_now()
        mine = {r[0] for r in db_query(store(), "SELECT id FROM cases WHERE "
                                       "title = 'SQL case'")}
        for t in tables:
            lost = before[t] - after[t]
            if t == "cases":
                lost = {r for r in lost if r[0] not in mine}
            self.assertEqual(lost, set(), "rows of %s changed or went" % t)
        self.assertEqual(db_schema(store()), schema_before)
        self.assertGreater(db_query(store(), "SELECT count(*) FROM "
                                    "audit")[0][0], 0)


class TestConcurrency(ApiCase):

    def test_parallel_writers_and_readers(self):
        import threading
        users = ["investigator.a", "caseworker.a", "supervisor.a",
                 "investigator.b"]
        clients = [as_user(u) for u in users]
        results = []
        lock = threading.Lock()

        def work(c):
            for n in range(5):
                r1 = c.post("/api/v1/cases", {"title": "Parallel %d" % n})
                r2 = c.get("/api/v1/cases?limit=5")
                with lock:
                    results.append((r1.status, r1.json, r2.status))

        threads = [threading.Thread(target=work, args=(c,))
                   for c in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.assertEqual(len(results), 20)
        self.assertEqual({(a, b) for a, _, b in results}, {(201, 200)},
                         results)
        refs = [j["ref"] for _, j, _ in results]
        self.assertEqual(len(set(refs)), 20)


# --------------------------------------------------------------------------
# Two servers on one store
# --------------------------------------------------------------------------

class TestTwoServers(ApiCase):
    """Two `tipsom serve` processes (--threads 2 each) on one store of
    their own, written to at once from several threads through both, as
    a national server's units behind one proxy are: every write answered
    2xx is stored, case references stay gap-free per agency and year, and
    the audit chain stays one intact chain."""

    THREADS = 4
    CASES = 25          # per thread
    NOTES = 2           # per case, and one person linked to it

    @classmethod
    def setUpClass(cls):
        cls.db = os.path.join(STATE["dir"], "two.db")
        first = username("admin", "a")
        cli(cls.db, "init")
        for code in (AGENCY_A, AGENCY_B):
            cli(cls.db, "agency", "add", "--code", code, "--name", code,
                "--kind", "law_enforcement")
        cli(cls.db, "user", "add", "--agency", AGENCY_A, "--username",
            first, "--role", "admin", "--full-name", "Test Admin",
            stdin=PASSWORD + "\n")
        cls.users = [username("investigator", "a"),
                     username("investigator", "b")]
        for name in cls.users:
            cli(cls.db, "user", "add", "--agency", USERS[name][0],
                "--username", name, "--role", "investigator", user=first,
                stdin=PASSWORD + "\n")
        cls.servers = [Server(cls.db, STATE["dir"], name="two-%d" % n)
                       for n in (1, 2)]
        for srv in cls.servers:
            srv.start()

    @classmethod
    def tearDownClass(cls):
        for srv in cls.servers:
            code = srv.stop()
            err = srv.stderr()
            assert code == 0, "a server of two exited %s" % code
            assert "tipsom: stopped" in err, err[-2000:]
            for marker in SANITIZER_MARKERS:
                assert marker not in err, "sanitizer report: " + err[-2000:]

    def login(self, srv, name):
        c = Client(srv, name)
        self.expect(c.login(name), 201)
        return c

    def audit_rows(self):
        return db_query(self.db, "SELECT count(*) FROM audit")[0][0]

    def open_one(self, c, title, sent=lambda what, r: None):
        """Opens a case with its notes and person through c, calling
        sent(what, response) after each request; returns [(what, case
        ref, response)] of the requests made, up to the first that
        failed."""
        done = []
        ref = None

        def post(what, path, body):
            r = c.post(path, body)
            done.append((what, ref, r))
            sent(what, r)
            return r.json if r.status == 201 else None

        case = post("case", "/api/v1/cases", {"title": title, "kind": "tip"})
        if case is None:
            return done
        ref = case["ref"]
        done[0] = ("case", ref, done[0][2])
        notes = "/api/v1/cases/%s/notes" % ref
        for n in range(self.NOTES):
            if post("note", notes, {"text": "%s, note %d"
                                    % (title, n + 1)}) is None:
                return done
        given = "Parwin%s" % title.replace(" ", "").replace("-", "")
        SECRETS.add(given)
        person = post("person", "/api/v1/persons",
                      {"given": given, "family": "Karimi", "sex": "female"})
        if person is not None:
            post("link", "/api/v1/cases/%s/people" % ref,
                 {"person_id": person["id"], "role": "presumed_victim"})
        return done

    def test_concurrent_writes_through_two_servers(self):
        import threading
        # One case written alone first: how many audit rows each kind of
        # write adds, to know the chain's length after the rest.
        c = self.login(self.servers[0], self.users[0])
        per_kind = {}
        rows = [self.audit_rows()]

        def counted(what, r):
            self.expect(r, 201)
            rows.append(self.audit_rows())
            per_kind[what] = rows[-1] - rows[-2]

        self.open_one(c, "Two servers warm-up", counted)
        self.assertEqual(sorted(per_kind), ["case", "link", "note",
                                            "person"])
        self.assertTrue(all(per_kind.values()), per_kind)
        # Each thread logs in on both servers as the investigator of one
        # agency (the threads alternate between the two), and sends each
        # case through the other server than the one before.
        clients = [[self.login(srv, self.users[t % 2])
                    for srv in self.servers] for t in range(self.THREADS)]
        results = []
        lock = threading.Lock()
        crashed = []

        def work(t):
            try:
                for n in range(self.CASES):
                    c = clients[t][(t + n) % 2]
                    done = self.open_one(c, "Two %d-%d" % (t, n))
                    with lock:
                        results.extend(done)
            except Exception as e:      # reported below, not lost
                with lock:
                    crashed.append("thread %d: %r" % (t, e))

        start_rows = self.audit_rows()
        started = time.monotonic()
        threads = [threading.Thread(target=work, args=(t,))
                   for t in range(self.THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(600)
        elapsed = time.monotonic() - started
        self.assertEqual(crashed, [])
        self.assertFalse(any(t.is_alive() for t in threads),
                         "a thread did not finish in 600 s")
        ok = [(w, ref, r) for w, ref, r in results if 200 <= r.status < 300]
        # Tolerated: 503 "store is busy", the answer when a writer waited
        # longer than the busy timeout (5 s) for the other server's, which
        # a loaded machine can make happen; the client is told to try
        # again and nothing of the request is stored (checked below by
        # the counts).  Any other failure fails the test.
        busy = [r for _, _, r in results if r.status == 503 and
                r.error.get("code") == "store" and
                "busy" in r.error.get("message", "")]
        other = [r for _, _, r in results if r not in busy and
                 not 200 <= r.status < 300]
        self.assertEqual(other, [], "".join(r.describe()
                                            for r in other[:5]))
        sys.stderr.write(
            "\n  two servers, %d threads: %d writes answered 2xx in "
            "%.2f s (%.1f writes/s), %d busy (503)\n"
            % (self.THREADS, len(ok), elapsed, len(ok) / elapsed,
               len(busy)))
        acked = {}
        for w, _, _ in ok:
            acked[w] = acked.get(w, 0) + 1
        # Every acknowledged write is stored, and nothing else (the store
        # is this test's own: the warm-up's case is the one more).
        refs = {ref for w, ref, _ in ok if w == "case"}
        self.assertEqual(len(refs), acked["case"], "a reference given "
                         "twice")
        stored = db_query(self.db, "SELECT a.code, c.year, c.number, c.ref "
                          "FROM cases c JOIN agencies a ON a.id = "
                          "c.agency_id")
        self.assertEqual(len(stored), acked["case"] + 1)
        self.assertLessEqual(refs, {ref for _, _, _, ref in stored})
        for what, table, warm_up in (("note", "notes", self.NOTES),
                                     ("person", "persons", 1),
                                     ("link", "case_persons", 1)):
            self.assertEqual(db_query(self.db, "SELECT count(*) FROM %s"
                                      % table)[0][0],
                             acked.get(what, 0) + warm_up, table)
        # References: unique, and numbered 1..n per agency and year.
        numbers = {}
        for code, year, number, _ in stored:
            numbers.setdefault((code, year), []).append(number)
        for key, got in numbers.items():
            self.assertEqual(sorted(got), list(range(1, len(got) + 1)),
                             "the numbers of %s %s have a gap or a "
                             "double" % key)
        self.assertEqual(len({ref for _, _, _, ref in stored}), len(stored))
        # The chain is intact and as long as the writes made it.
        want = start_rows + sum(per_kind[w] * n for w, n in acked.items())
        self.assertEqual(self.audit_rows(), want)
        r = cli(self.db, "audit", "verify", "--json",
                user=username("admin", "a"))
        self.assertEqual(json.loads(r.stdout),
                         {"intact": True, "entries": want})
        # Each case's acknowledged writes (but the person's own) have
        # their rows, under its reference.
        mine = {}
        for w, ref, _ in ok:
            if w != "person":
                mine[ref] = mine.get(ref, 0) + per_kind[w]
        audited = dict(db_query(self.db, "SELECT object_id, count(*) FROM "
                                "audit WHERE object_type = 'case' GROUP BY "
                                "object_id"))
        self.assertEqual({ref: audited.get(ref) for ref in mine}, mine)
        # Both served: once stopped, their access lines hold every write,
        # the logins (8 and the warm-up's) and the warm-up's writes.
        for srv in self.servers:
            self.assertEqual(srv.stop(), 0, srv.stderr()[-2000:])
        served = [sum(1 for l in srv.access_lines() if "method=POST" in l
                      and " status=2" in l) for srv in self.servers]
        warm_up = len(rows) - 1
        self.assertEqual(sum(served), len(ok) + 1 + 2 * self.THREADS +
                         warm_up)
        self.assertTrue(all(served), served)


# --------------------------------------------------------------------------
# A server of its own: time limits, settings and the stop
# --------------------------------------------------------------------------

class TestCrashSafety(ApiCase):
    """tipsom serve killed with SIGKILL in the middle of a stream of
    writes from several clients, then started again on the same store:
    every write that was acknowledged (answered 2xx) is there, with what
    it said, case numbers have no gap, and the audit chain verifies."""

    THREADS = 3
    KILL_AFTER = 60     # acknowledged writes before the kill

    def test_sigkill_loses_no_acknowledged_write(self):
        db = os.path.join(STATE["dir"], "crash.db")
        admin = username("admin", "a")
        inv = username("investigator", "a")
        cli(db, "init")
        cli(db, "agency", "add", "--code", AGENCY_A, "--name", AGENCY_A,
            "--kind", "law_enforcement")
        cli(db, "user", "add", "--agency", AGENCY_A, "--username", admin,
            "--role", "admin", "--full-name", "Test Admin",
            stdin=PASSWORD + "\n")
        cli(db, "user", "add", "--agency", AGENCY_A, "--username", inv,
            "--role", "investigator", user=admin, stdin=PASSWORD + "\n")
        srv = Server(db, STATE["dir"], name="crash")
        srv.start()
        import threading
        acked = []          # (case ref, note text or None)
        lock = threading.Lock()
        killed = threading.Event()

        def writer(n):
            c = Client(srv, inv)
            if c.login(inv).status != 201:
                return
            i = 0
            while not killed.is_set():
                i += 1
                try:
                    r = c.post("/api/v1/cases", {"kind": "tip", "title":
                               "Crash %d-%d" % (n, i)}, check=False)
                    if r.status != 201:
                        continue
                    ref = r.json["ref"]
                    with lock:
                        acked.append((ref, None))
                    text = "Written before the crash %d-%d" % (n, i)
                    SECRETS.add(text)
                    r = c.post("/api/v1/cases/%s/notes" % ref,
                               {"text": text}, check=False)
                    if r.status == 201:
                        with lock:
                            acked.append((ref, text))
                except (OSError, http.client.HTTPException):
                    return      # the server is gone: no answer, no claim

        threads = [threading.Thread(target=writer, args=(n,))
                   for n in range(self.THREADS)]
        for t in threads:
            t.start()
        deadline = time.time() + 60
        while time.time() < deadline:
            with lock:
                if len(acked) >= self.KILL_AFTER:
                    break
            time.sleep(0.01)
        srv.kill()
        killed.set()
        for t in threads:
            t.join(timeout=60)
        self.assertGreaterEqual(len(acked), self.KILL_AFTER,
                                "too few writes before the kill")

        again = Server(db, STATE["dir"], name="crash-again")
        again.start()
        try:
            c = Client(again, inv)
            self.expect(c.login(inv), 201)
            cases = {ref for ref, text in acked if text is None}
            notes = {}
            for ref, text in acked:
                if text is not None:
                    notes.setdefault(ref, set()).add(text)
            for ref in sorted(cases):
                v = self.expect(c.get("/api/v1/cases/%s" % ref), 200)
                have = {n["text"] for n in v["notes"]}
                self.assertEqual(notes.get(ref, set()) - have, set(), ref)
        finally:
            self.assertEqual(again.stop(), 0)
        numbers = sorted(n for (n,) in db_query(
            db, "SELECT number FROM cases"))
        self.assertEqual(numbers, list(range(1, len(numbers) + 1)))
        r = cli(db, "audit", "verify", "--json", user=admin)
        self.assertTrue(json.loads(r.stdout)["intact"], r.stdout)
        print("\n  SIGKILL after %d acknowledged writes (%d cases): all "
              "there after the restart" % (len(acked), len(cases)),
              file=sys.stderr)


class TestServerLifecycle(ApiCase):

    @classmethod
    def setUpClass(cls):
        cls.db = os.path.join(STATE["dir"], "lifecycle.db")
        copy_store(store(), cls.db)

    def test_slow_body_is_408_and_sigterm_stops_cleanly(self):
        srv = Server(self.db, STATE["dir"], extra=["--timeout", "2",
                                                   "--max-body", "64"],
                     env={"TIPSOM_SESSION_MAX": "2"}, name="lifecycle")
        srv.start()
        try:
            c = Client(srv)
            r = c.login(username("investigator", "a"))
            self.expect(r, 201)
            self.assertEqual(cookie_attrs(r.header("Set-Cookie"))["max-age"],
                             str(2 * 3600))
            # --max-body 64 (KiB).
            r = c.post("/api/v1/cases", raw=json.dumps(
                {"title": "x" * (70 * 1024)}).encode())
            self.expect(r, 413, "invalid")
            # Under it, the body is read (and the title refused as long).
            self.expect(c.post("/api/v1/cases", {"title": "y" * 60000}),
                        422, "invalid", "title")
            # A body trickled in slower than --timeout 2.
            body = json.dumps({"title": "slow"}).encode()
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
            try:
                s.sendall(b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Type: application/json\r\n"
                          b"Cookie: tipsom_session=" + c.cookie.encode() +
                          b"\r\nX-CSRF-Token: " + c.csrf.encode() +
                          b"\r\nContent-Length: %d\r\n\r\n" % len(body))
                for i in range(0, len(body), 2):
                    s.sendall(body[i:i + 2])
                    time.sleep(0.3)
                data = b""
                while b"\r\n\r\n" not in data or not data.endswith(b"}"):
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
            finally:
                s.close()
            head, _, payload = data.partition(b"\r\n\r\n")
            self.assertTrue(head.startswith(b"HTTP/1.1 408"), data[:300])
            resp = Response("POST", "/api/v1/cases", 408,
                            [("Content-Type",
                              "application/json; charset=utf-8")],
                            payload, None)
            check_contract(resp)
            self.assertEqual(resp.error["code"], "invalid")
            self.assertEqual(db_query(self.db, "SELECT count(*) FROM cases "
                                      "WHERE title = 'slow'")[0][0], 0)
            self.expect(c.get("/api/v1/session"), 200)
            # SIGTERM while a request is on its way: it is answered, then
            # the server stops.
            body = json.dumps({"title": "in flight"}).encode()
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
            try:
                s.sendall(b"POST /api/v1/cases HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Type: application/json\r\n"
                          b"Cookie: tipsom_session=" + c.cookie.encode() +
                          b"\r\nX-CSRF-Token: " + c.csrf.encode() +
                          b"\r\nConnection: close\r\nContent-Length: %d"
                          b"\r\n\r\n" % len(body) + body[:5])
                time.sleep(0.3)
                srv.terminate()
                time.sleep(0.3)
                s.sendall(body[5:])
                data = b""
                while True:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
            finally:
                s.close()
            self.assertTrue(data.startswith(b"HTTP/1.1 201"), data[:300])
            self.assertEqual(db_query(self.db, "SELECT count(*) FROM cases "
                                      "WHERE title = 'in flight'")[0][0], 1)
        finally:
            code = srv.stop()
        err = srv.stderr()
        self.assertEqual(code, 0, err[-2000:])
        self.assertIn("tipsom: stopped", err)
        for marker in SANITIZER_MARKERS:
            self.assertNotIn(marker, err)
        lines = srv.access_lines()
        self.assertEqual(len(lines), 6, "\n".join(lines))
        self.assertIn("status=408", lines[3])
        self.assertIn("status=201", lines[5])
        # Stopped means stopped.
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", srv.port), timeout=2)

    # A write that waited too long for another writer is 503, and the
    # worker's connection is not left in a failed transaction: on
    # PostgreSQL the BEGIN went through before the writers' lock timed
    # out, and store_pg.c rolls it back (it once did not, and the worker
    # refused everything after).
    def test_a_busy_store_is_503_then_served_again(self):
        srv = Server(self.db, STATE["dir"],
                     env={"TIPSOM_BUSY_TIMEOUT": "300"}, name="busy")
        srv.start()
        try:
            c = Client(srv)
            self.expect(c.login(username("investigator", "a")), 201)
            # A store another process holds for writing: a write is 503
            # once the busy timeout is over; reads do not wait.
            with WriterHeld(self.db):
                self.expect(c.post("/api/v1/cases", {"title": "busy"}), 503,
                            "store")
                self.expect(c.get("/api/v1/session"), 200)
            self.assertEqual(db_query(self.db, "SELECT count(*) FROM cases "
                                      "WHERE title = 'busy'")[0][0], 0)
            # Free again: every worker writes and reads (more requests
            # than --threads 2, so the one that was refused serves some).
            for n in range(6):
                self.expect(c.post("/api/v1/cases", {"title": "not busy"}),
                            201)
                self.expect(c.get("/api/v1/session"), 200)
        finally:
            code = srv.stop()
        self.assertEqual(code, 0, srv.stderr()[-2000:])

    # BUG: a second SIGTERM while the server waits for a request in
    # flight kills it at once (exit -15, no "tipsom: stopped"): the audit
    # batcher's thread is started in open_stores(), before http_serve()
    # blocks SIGINT and SIGTERM, so that thread takes the signal with its
    # default action.
    def test_a_second_sigterm_does_not_kill(self):
        srv = Server(self.db, STATE["dir"], extra=["--timeout", "3"],
                     name="twice")
        srv.start()
        try:
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
            try:
                s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Type: application/json\r\n"
                          b"Content-Length: 40\r\n\r\n{\"user")
                time.sleep(0.3)
                os.kill(srv.proc.pid, signal.SIGTERM)
                time.sleep(0.3)
                os.kill(srv.proc.pid, signal.SIGTERM)
                srv.signalled = True
                code = srv.proc.wait(timeout=30)
            finally:
                s.close()
        finally:
            srv.kill()
            srv.stop()
        self.assertEqual(code, 0, srv.stderr()[-1000:])
        self.assertIn("tipsom: stopped", srv.stderr())


if __name__ == "__main__":
    unittest.main()
