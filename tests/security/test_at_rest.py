# SPDX-License-Identifier: Apache-2.0
"""Identities at rest (SECURITY.md, "a stolen device"): a raw dump of a
store, the SQLite file and its log or PostgreSQL's pg_dump, holds no
victim's name, document, contact, note or identifier in any script; a
plain store encrypted later keeps none in its free space; the key file or
passphrase opens the store and nothing else does; a rotation re-seals
everything while a server keeps serving.

The demo data (names in Arabic, Sorani, Dari, Tajik Cyrillic and Latin
transliterations) is what the dump is searched for, read back through
tests/sealed.py with the tests' key file, so the test knows it looks for
names that are there.
"""

import base64
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "api"))
sys.path.insert(0, os.path.join(ROOT, "tests"))

import test_api as api  # noqa: E402
import sealed  # noqa: E402

DEMO_PASSWORD = {"d.karim": "Demo-Erbil-2026!",
                 "s.hawre": "Citadel-Sunrise-2026!"}
REF = "KRI-MOI-2026-000001"

# Every column that holds an identity, with the field it is sealed as.
SEALED = [
    ("person_names", "given"), ("person_names", "father"),
    ("person_names", "grandfather"), ("person_names", "family"),
    ("person_documents", "number"), ("person_contacts", "value"),
    ("notes", "body"), ("identifiers", "value"),
    ("identifier_links", "note"), ("step_events", "note"),
    ("case_facts", "note"), ("cases", "summary"),
    ("counselling", "pseudonym"), ("counselling", "route"),
    ("counselling", "notes"), ("counselling", "referral_note"),
    ("counselling", "full_name"), ("counselling", "contact"),
    ("awareness_sessions", "feedback"),
    ("intake_reports", "what"), ("intake_reports", "place"),
    ("intake_reports", "happened"),
    ("intake_reports", "at_risk"), ("intake_reports", "contact_name"),
    ("intake_reports", "contact"), ("intake_reports", "contact_times"),
]

# Text that is no one's identity: staff, agencies, providers, SOPs.  A
# value that is also written there (a staff member named like a victim)
# proves nothing either way.
PUBLIC = [
    ("agencies", "name"), ("users", "full_name"), ("providers", "name"),
    ("definitions", "body"), ("cases", "title"),
    ("participants", "full_name"),      # trainers and trainees: staff
]


def query(db, sql):
    """Rows of sql on the store db, SQLite or PostgreSQL."""
    if api.PG_SERVER:
        import psycopg2
        con = psycopg2.connect(api.store_url(db))
        try:
            with con.cursor() as cur:
                cur.execute(sql)
                return cur.fetchall()
        finally:
            con.close()
    import sqlite3
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def raw_dump(db):
    """What a thief gets: the SQLite file and its write-ahead log as
    bytes, or a plain pg_dump of the database."""
    if api.PG_SERVER:
        return subprocess.run(
            [os.path.join(api.PGBIN, "pg_dump"), "--no-owner",
             api.store_url(db)], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, check=True, timeout=120).stdout
    out = b""
    for path in (db, db + "-wal"):
        if os.path.exists(path):
            with open(path, "rb") as f:
                out += f.read()
    return out


def identities(db, key_line=None):
    """Every identity value the store holds, opened; and those of them to
    look for in a dump (at least 3 characters, written nowhere public)."""
    op = sealed.Opener(query(db, "SELECT version, wrapped FROM "
                                 "field_keys"), key_line)
    values = set()
    for table, column in SEALED:
        for (v,) in query(db, "SELECT %s FROM %s WHERE %s IS NOT NULL"
                          % (column, table, column)):
            values.add(op.open("%s.%s" % (table, column), v))
    public = "\n".join(v for table, column in PUBLIC
                       for (v,) in query(db, "SELECT %s FROM %s WHERE %s "
                                         "IS NOT NULL" % (column, table,
                                                          column)))
    wanted = {v for v in values if len(v) >= 3 and v not in public}
    return values, wanted


def leaked(dump, words):
    return sorted(w for w in words if w.encode("utf-8") in dump)


class AtRest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="tipsom-at-rest-")
        self.dir = self.tmp.name
        self.db = os.path.join(self.dir, "store.db")

    def tearDown(self):
        self.tmp.cleanup()

    def cli(self, *args, **kw):
        return api.cli(self.db, *args, **kw)

    def serve(self):
        """A server on the store and d.karim logged in to it."""
        server = api.Server(self.db, self.dir)
        server.start()
        client = api.Client(server)
        self.assertEqual(client.login(
            "d.karim", DEMO_PASSWORD["d.karim"]).status, 201)
        return server, client

    def env_without_key(self):
        """The environment of a tipsom that is given no key file."""
        env = api.base_env()
        env.pop("TIPSOM_KEY_FILE", None)
        env["TIPSOM_DB"] = api.store_url(self.db)
        return env

    def test_dump_holds_no_identity(self):
        self.cli("init")
        self.cli("demo")
        # One more of every kind, the way an investigator types them.
        self.cli("case", "note", REF, "Layla Qaradaghi (لەیلا قەرەداغی) "
                 "said her passport A99887766 is with Farhod Nazarov",
                 user="d.karim")
        self.cli("links", "add", REF, "--kind", "phone", "--value",
                 "0770 123 4567", "--note", "Layla's brother, from "
                 "Qaradagh", user="d.karim")
        values, words = identities(self.db)
        # Not a vacuous test: the names are there, in several scripts.
        for name in ("Noor", "نور", "Фарҳод", "عبدالرحیم", "ئاراس",
                     "A99887766", "0770 123 4567"):
            self.assertTrue(any(name in v for v in values) or
                            name in words, name)
        self.assertGreater(len(words), 30)
        dump = raw_dump(self.db)
        found = leaked(dump, words)
        self.assertEqual(found, [], "identities readable in the raw store")
        # Nor the numbers identifiers are found by (a blind index).
        self.assertEqual(leaked(dump, {"+9647701234567", "9647701234567",
                                       "7701234567"}), [])
        # ... and tipsom reads them back.
        r = self.cli("search", "person", "Noor Salim", "--json",
                     user="d.karim")
        self.assertIn("الحسناوي", r.stdout.decode())
        r = self.cli("case", "show", REF, user="d.karim")
        self.assertIn("Layla Qaradaghi", r.stdout.decode())

    def test_plain_store_encrypted_later(self):
        self.cli("init", "--no-encryption")
        self.cli("demo")
        values, words = identities(self.db)
        dump = raw_dump(self.db)
        # The check sees names when they are there ...
        self.assertGreater(len(leaked(dump, words)), 20)
        r = self.cli("keys", "init", "--json")
        self.assertEqual(json.loads(r.stdout)["encrypted"], True)
        # ... and none once the store is encrypted and compacted.
        after, _ = identities(self.db)
        self.assertEqual(after, values)
        self.assertEqual(leaked(raw_dump(self.db), words), [])
        r = self.cli("keys", "init", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("already encrypted", r.stderr.decode())
        r = self.cli("search", "person", "Farhod Nazarov", user="n.jabbar")
        self.assertIn("Назаров", r.stdout.decode())
        r = self.cli("audit", "verify", "--json", user="a.rahman")
        self.assertTrue(json.loads(r.stdout)["intact"])

    def test_encrypted_under_a_running_server(self):
        """keys init while a server runs on the plain store: the server
        holds no key, so within a second it refuses identities (503) and
        writes none in plain text; restarted with the key, it serves."""
        self.cli("init", "--no-encryption")
        self.cli("demo")
        server, client = self.serve()
        try:
            path = "/api/v1/cases/%s" % REF
            self.assertEqual(client.get(path, check=False).status, 200)
            self.cli("keys", "init")
            # Within KEYS_REFRESH_SECONDS (1) of a request: give it 10.
            for _ in range(50):
                r = client.get(path, check=False)
                if r.status != 200:
                    break
                time.sleep(0.2)
            self.assertEqual(r.status, 503, r.body[:300])
            self.assertIn("encrypted", r.json["error"]["message"])
            r = client.post(path + "/notes", {"text": "Layla again"},
                            check=False)
            self.assertEqual(r.status, 503, r.body[:300])
        finally:
            server.stop()
        values, _ = identities(self.db)
        self.assertNotIn("Layla again", values)
        server, client = self.serve()
        try:
            r = client.get("/api/v1/cases/%s" % REF, check=False)
            self.assertEqual(r.status, 200)
            self.assertTrue(any("إفادة" in n["text"]
                                for n in r.json["notes"]))
        finally:
            server.stop()

    def test_only_the_key_opens(self):
        self.cli("init")
        self.cli("demo")
        other = os.path.join(self.dir, "other.key")
        with open(other, "w") as f:      # a key, of another store
            f.write(sealed.PREFIX + base64.urlsafe_b64encode(
                os.urandom(32)).decode().rstrip("=") + "\n")
        r = self.cli("--key-file", other, "case", "list", user="d.karim",
                     check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("does not open this store", r.stderr.decode())
        env = self.env_without_key()
        p = subprocess.run([api.TIPSOM, "--as", "d.karim", "case", "list"],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env, timeout=60)
        self.assertEqual(p.returncode, 1)
        self.assertIn("--key-file", p.stderr.decode())
        # A key file that is not one is named as such.
        with open(other, "w") as f:
            f.write("not a key\n")
        r = self.cli("--key-file", other, "case", "list", user="d.karim",
                     check=False)
        self.assertIn("not a store key", r.stderr.decode())

    def test_passphrase(self):
        def run(args, secret, new_secret=None, check=True):
            """tipsom --key-fd N args, the secret written to N; and the
            new one to the descriptor --new-key-fd names, when given."""
            env = self.env_without_key()
            fds = []
            for text in (secret, new_secret):
                if text is None:
                    continue
                rfd, wfd = os.pipe()
                os.write(wfd, text.encode() + b"\n")
                os.close(wfd)
                fds.append(rfd)
            argv = [api.TIPSOM, "--key-fd", str(fds[0])] + args
            if new_secret is not None:
                argv += ["--new-key-fd", str(fds[1])]
            try:
                p = subprocess.run(argv, pass_fds=fds,
                                   stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env,
                                   timeout=120)
            finally:
                for fd in fds:
                    os.close(fd)
            if check:
                self.assertEqual(p.returncode, 0, p.stderr.decode())
            return p

        p = run(["init"], "short", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("at least 12 characters", p.stderr.decode())
        passphrase = "دجلة والفرات يلتقيان في القرنة"
        run(["init"], passphrase)
        run(["demo"], passphrase)
        p = run(["keys", "status", "--json"], passphrase)
        self.assertEqual(json.loads(p.stdout)["unlock"], "passphrase")
        p = run(["--as", "d.karim", "search", "person", "Noor Salim"],
                passphrase)
        self.assertIn("الحسناوي", p.stdout.decode())
        p = run(["--as", "d.karim", "search", "person", "Noor Salim"],
                "wrong passphrase here", check=False)
        self.assertEqual(p.returncode, 1)
        self.assertIn("does not open this store", p.stderr.decode())
        self.assertEqual(leaked(raw_dump(self.db), {"الحسناوي", "Noor"}),
                         [])
        # A new passphrase: the old one no longer opens the store.
        renewed = "a new passphrase, long enough"
        p = run(["keys", "rewrap"], "wrong passphrase here", renewed,
                check=False)
        self.assertIn("does not open this store", p.stderr.decode())
        run(["keys", "rewrap"], passphrase, renewed)
        p = run(["--as", "d.karim", "case", "list"], passphrase,
                check=False)
        self.assertIn("does not open this store", p.stderr.decode())
        p = run(["--as", "d.karim", "search", "person", "Noor Salim"],
                renewed)
        self.assertIn("الحسناوي", p.stdout.decode())

    def test_passphrase_at_a_terminal(self):
        """Without --key-file or --key-fd, at a terminal: init asks for a
        new passphrase twice (unechoed), and every command asks for it."""
        def run(args, typed):
            env = self.env_without_key()
            master, slave = os.openpty()
            try:
                p = subprocess.Popen([api.TIPSOM] + args, stdin=slave,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
                os.close(slave)
                for line in typed:
                    time.sleep(0.3)
                    os.write(master, line.encode() + b"\n")
                out, err = p.communicate(timeout=60)
            finally:
                os.close(master)
            return p.returncode, out.decode(), err.decode()

        rc, _, err = run(["init"], ["one passphrase here",
                                    "another passphrase"])
        self.assertEqual(rc, 1)
        self.assertIn("differ", err)
        rc, out, err = run(["init"], ["the same passphrase twice"] * 2)
        self.assertEqual(rc, 0, err)
        self.assertIn("New passphrase", err)
        self.assertIn("unlocked by its passphrase", out)
        rc, out, err = run(["keys", "status"], ["the same passphrase twice"])
        self.assertEqual(rc, 0, err)
        self.assertIn("Passphrase of", err)
        self.assertNotIn("the same passphrase", out + err)
        rc, _, err = run(["keys", "status"], ["not the passphrase"])
        self.assertEqual(rc, 1)
        self.assertIn("does not open this store", err)

    def test_rotation_while_serving(self):
        self.cli("init")
        self.cli("demo")
        before, _ = identities(self.db)
        server, client = self.serve()
        try:
            written, failures = [], []
            stop = threading.Event()

            def write():
                i = 0
                while not stop.is_set():
                    text = "Note %d while the key turns: Layla" % i
                    r = client.post("/api/v1/cases/%s/notes" % REF,
                                    {"text": text}, check=False)
                    if r.status == 201:
                        written.append(text)
                    else:
                        failures.append((r.status, r.body[:200]))
                    i += 1

            t = threading.Thread(target=write)
            t.start()
            try:
                r = self.cli("keys", "rotate", "--json")
            finally:
                stop.set()
                t.join()
            rep = json.loads(r.stdout)
            self.assertEqual(rep["data_key"], 2)
            self.assertGreater(rep["resealed"], len(before))
            self.assertEqual(failures, [])
            self.assertGreater(len(written), 0)
            # Everything is under key 2 now, and the server reads it all,
            # the notes written meanwhile too.
            for table, column in SEALED:
                for (v,) in query(self.db, "SELECT %s FROM %s WHERE %s IS "
                                  "NOT NULL" % (column, table, column)):
                    self.assertTrue(v.startswith("k2."), (table, v[:8]))
            r = client.get("/api/v1/cases/%s" % REF, check=False)
            self.assertEqual(r.status, 200)
            notes = [n["text"] for n in r.json["notes"]]
            for text in written:
                self.assertIn(text, notes)
            after, _ = identities(self.db)
            self.assertTrue(before <= after)
            # A new key file: the server keeps serving, the old file no
            # longer opens the store, the new one does.
            new_key = os.path.join(self.dir, "new.key")
            self.cli("keys", "rewrap", "--new-key-file", new_key)
            self.assertEqual(client.get("/api/v1/cases/%s" % REF,
                                        check=False).status, 200)
            r = self.cli("case", "list", user="d.karim", check=False)
            self.assertIn("does not open this store", r.stderr.decode())
            r = self.cli("--key-file", new_key, "case", "show", REF,
                         user="d.karim")
            self.assertIn("Layla", r.stdout.decode())
            r = self.cli("--key-file", new_key, "audit", "verify", "--json",
                         user="a.rahman")
            self.assertTrue(json.loads(r.stdout)["intact"])
        finally:
            server.stop()


if __name__ == "__main__":
    try:
        unittest.main(verbosity=2)
    finally:
        api.drop_stores()
