#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""tipsom migrate-store: a SQLite store moved into PostgreSQL whole.

The demo store is copied into a new database of a throw-away cluster;
every table is then read from both sides and compared row for row, the
audit chain verifies with the same length, the copy goes on working
(new ids after the largest copied, case numbers without a gap), and what
must be refused is: a target with a schema, a source whose chain is
broken (nothing is copied), a copy the other way.

Needs a PostgreSQL server (tests/pg/cluster.sh) and python3-psycopg2;
skipped (exit 77) without TIPSOM_TEST_PG.
"""
import os
import sqlite3
import subprocess
import tempfile
import unittest
import urllib.parse
import uuid

from pg_env import SERVER, TIPSOM, database_url as url_on, \
    psycopg2 as load_psycopg2, skip_without_server

skip_without_server("test_migrate_store.py", tipsom=True)
psycopg2 = load_psycopg2("test_migrate_store.py")


def database_url(name):
    return url_on(SERVER, name)


def fresh_url():
    return database_url("moved_" + uuid.uuid4().hex[:12])


def tipsom(db, *args, user=None, check=True):
    env = dict(os.environ, TIPSOM_DB=db)
    env.pop("TIPSOM_USER", None)
    if user:
        env["TIPSOM_USER"] = user
    p = subprocess.run([TIPSOM] + list(args), env=env, timeout=300,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if check and p.returncode != 0:
        raise AssertionError("tipsom %s: exit %d: %s"
                             % (" ".join(args), p.returncode, p.stderr))
    return p


def as_text(v):
    """A value as both drivers give it to tipsom: text, or None."""
    return None if v is None else str(v)


def sqlite_rows(path, table):
    con = sqlite3.connect(path)
    try:
        return sorted(repr(tuple(as_text(v) for v in r)) for r in
                      con.execute('SELECT * FROM "%s"' % table))
    finally:
        con.close()


def pg_rows(url, table):
    con = psycopg2.connect(url)
    try:
        cur = con.cursor()
        cur.execute('SELECT * FROM "%s"' % table)
        return sorted(repr(tuple(as_text(v) for v in r))
                      for r in cur.fetchall())
    finally:
        con.close()


class TestMigrateStore(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "unit.db")
        cls.src = "sqlite:" + cls.path
        tipsom(cls.src, "init")
        tipsom(cls.src, "demo")
        con = sqlite3.connect(cls.path)
        cls.tables = [t for (t,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND "
            "name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'")]
        con.close()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_copy_is_the_store(self):
        to = fresh_url()
        out = tipsom("sqlite:" + self.path, "migrate-store", "--from",
                     self.src, "--to", to, "--json").stdout
        self.assertIn('"verified": true', out)
        for t in self.tables:
            self.assertEqual(sqlite_rows(self.path, t), pg_rows(to, t),
                             "table %s differs" % t)
        want = tipsom(self.src, "audit", "verify", user="a.rahman").stdout
        got = tipsom(to, "audit", "verify", user="a.rahman").stdout
        self.assertIn("intact", got)
        self.assertEqual(want, got)
        # The copy goes on: new ids after the largest copied, the next
        # case number after the agency's last.
        tipsom(to, "agency", "add", "--code", "AFTER-MOVE", "--name",
               "After the move", "--kind", "ngo", user="a.rahman")
        ref = tipsom(to, "case", "open", "--kind", "tip", "--title",
                     "Opened after the move", user="d.karim").stdout.strip()
        con = psycopg2.connect(to)
        cur = con.cursor()
        cur.execute("SELECT number FROM cases c JOIN agencies a ON "
                    "a.id = c.agency_id WHERE a.code = 'KRI-MOI' "
                    "ORDER BY number")
        numbers = [n for (n,) in cur.fetchall()]
        con.close()
        self.assertEqual(numbers, list(range(1, len(numbers) + 1)))
        self.assertTrue(ref.endswith("%06d" % numbers[-1]), ref)
        # A second copy into the same database is refused.
        p = tipsom(self.src, "migrate-store", "--from", self.src, "--to",
                   to, check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("has a schema already", p.stderr)

    def test_broken_chain_copies_nothing(self):
        broken = os.path.join(self.tmp.name, "broken.db")
        con = sqlite3.connect(self.path)
        con.execute("VACUUM INTO ?", (broken,))
        con.close()
        con = sqlite3.connect(broken)
        con.execute("DROP TRIGGER audit_no_update")
        con.execute("UPDATE audit SET action = 'case.read' WHERE seq = 5")
        con.commit()
        con.close()
        to = fresh_url()
        p = tipsom("sqlite:" + broken, "migrate-store", "--from",
                   "sqlite:" + broken, "--to", to, check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("audit chain", p.stderr)
        con = psycopg2.connect(database_url("postgres"))
        cur = con.cursor()
        cur.execute("SELECT count(*) FROM pg_database WHERE datname = %s",
                    (urllib.parse.urlsplit(to).path[1:],))
        made = cur.fetchone()[0]
        con.close()
        if made:
            con = psycopg2.connect(to)
            cur = con.cursor()
            cur.execute("SELECT to_regclass('audit') IS NOT NULL")
            if cur.fetchone()[0]:
                cur.execute("SELECT count(*) FROM audit")
                self.assertEqual(cur.fetchone()[0], 0)
            con.close()

    def test_only_into_postgresql(self):
        p = tipsom(self.src, "migrate-store", "--from", self.src, "--to",
                   "sqlite:" + os.path.join(self.tmp.name, "x.db"),
                   check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("copies SQLite stores into PostgreSQL", p.stderr)
        p = tipsom(self.src, "migrate-store", "--from", self.src,
                   check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("--to", p.stderr)


if __name__ == "__main__":
    unittest.main()
