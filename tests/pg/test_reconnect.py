#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""tipsom serve on PostgreSQL when the database server goes away.

A cluster of this test's own (the shared one serves other tests at the
same time): tipsom serve on it, logged in; the database server stopped
under it: every request answers 503 with a message that says what
happened and to try again (never 401, which would send people to the
login page, nor 500); started again: the server reconnects by itself,
the session still holds, reads and writes go on, and the audit chain
verifies with every acknowledged write in it.

Skipped (exit 77) without TIPSOM_TEST_PG (tools/test-pg.sh sets it).
"""
import http.client
import json
import os
import socket
import subprocess
import tempfile
import time
import unittest

from pg_env import TIPSOM, skip_without_server

HERE = os.path.dirname(os.path.abspath(__file__))
CLUSTER = os.path.join(HERE, "cluster.sh")
PASSWORD = "a long fictional test passphrase"

skip_without_server("test_reconnect.py", tipsom=True)


def cluster(*args):
    return subprocess.run(["sh", CLUSTER] + list(args), check=True,
                          stdout=subprocess.PIPE, text=True,
                          timeout=120).stdout.strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, port):
        self.port = port
        self.cookie = None
        self.csrf = None

    def call(self, method, path, body=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = {"Content-Type": "application/json"}
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            h["X-CSRF-Token"] = self.csrf
        c.request(method, path, json.dumps(body) if body is not None
                  else None, h)
        r = c.getresponse()
        data = r.read()
        c.close()
        cookie = r.getheader("Set-Cookie")
        if cookie and cookie.startswith("tipsom_session="):
            self.cookie = cookie.split(";")[0]
        return r.status, json.loads(data) if data else None


class TestReconnect(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = tempfile.mkdtemp(prefix="tipsom-pgr.", dir="/tmp")
        self.addCleanup(cluster, "stop", self.dir)
        url = cluster("start", self.dir)
        self.db = url.rsplit("/", 1)[0] + "/reconnect"
        self.env = dict(os.environ, TIPSOM_DB=self.db)
        self.tipsom("init")
        self.tipsom("agency", "add", "--code", "KRI-MOI", "--name",
                    "Directorate", "--kind", "law_enforcement")
        self.tipsom("user", "add", "--agency", "KRI-MOI", "--username",
                    "adm.one", "--role", "admin", "--full-name",
                    "Administrator One", stdin=PASSWORD + "\n")
        self.tipsom("user", "add", "--agency", "KRI-MOI", "--username",
                    "inv.one", "--role", "investigator", "--full-name",
                    "Investigator One", "--as", "adm.one",
                    stdin=PASSWORD + "\n")
        self.port = free_port()
        err = open(os.path.join(self.tmp.name, "serve.err"), "wb")
        self.addCleanup(err.close)
        self.serve = subprocess.Popen(
            [TIPSOM, "serve", "--listen", "127.0.0.1:%d" % self.port,
             "--threads", "2"], env=self.env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=err)
        self.addCleanup(self.stop_serve)
        line = self.serve.stdout.readline().decode()
        self.assertIn("serving", line)

    def stop_serve(self):
        self.serve.terminate()
        try:
            self.serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.serve.kill()
            self.serve.wait()
        self.serve.stdout.close()
        self.tmp.cleanup()

    def tipsom(self, *args, stdin=""):
        env = dict(self.env)
        if args[0] == "user":
            env.pop("TIPSOM_USER", None)
        p = subprocess.run([TIPSOM] + list(args), env=env, input=stdin,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def open_case(self, client, title):
        return client.call("POST", "/api/v1/cases",
                           {"kind": "tip", "title": title})

    def test_database_down_then_back(self):
        c = Client(self.port)
        status, body = c.call("POST", "/api/v1/session",
                              {"username": "inv.one",
                               "password": PASSWORD})
        self.assertEqual(status, 201, body)
        c.csrf = body["csrf"]
        acknowledged = []
        status, body = self.open_case(c, "Before the database went away")
        self.assertEqual(status, 201, body)
        acknowledged.append(body["ref"])

        cluster("down", self.dir)
        # Each worker's connection finds it lost; none is answered as
        # if the session or the account were the trouble.
        for i in range(6):
            for method, path, payload in (
                    ("GET", "/api/v1/cases", None),
                    ("POST", "/api/v1/cases",
                     {"kind": "tip", "title": "While it was away %d" % i})):
                status, body = c.call(method, path, payload)
                self.assertEqual(status, 503, (method, body))
                self.assertIn("try again", body["error"]["message"])
                self.assertIn("PostgreSQL", body["error"]["message"])

        cluster("up", self.dir)
        # The first use of each lost connection may still answer 503;
        # then everything works again, without logging in again.
        recovered = None
        for attempt in range(10):
            status, body = c.call("GET", "/api/v1/cases")
            if status == 200:
                recovered = attempt
                break
            self.assertEqual(status, 503, body)
            time.sleep(0.2)
        self.assertIsNotNone(recovered, "never answered 200 again")
        for i in range(5):
            status, body = self.open_case(c, "After it came back %d" % i)
            self.assertEqual(status, 201, body)
            acknowledged.append(body["ref"])
        status, body = c.call("GET", "/api/v1/cases?limit=100")
        self.assertEqual(status, 200, body)
        refs = {k["ref"] for k in body["items"]}
        self.assertEqual(set(acknowledged) - refs, set())
        # Numbers stay gap-free: nothing refused took one.
        numbers = sorted(int(r.rsplit("-", 1)[1]) for r in refs)
        self.assertEqual(numbers, list(range(1, len(numbers) + 1)))
        out = self.tipsom("audit", "verify", "--as", "adm.one")
        self.assertIn("intact", out)


if __name__ == "__main__":
    unittest.main()
