# SPDX-License-Identifier: Apache-2.0
"""What the attack suites share: a store of two agencies with a user of
every role in each, a real `tipsom serve` on a free loopback port (plain
or TLS) stopped by its pid, and a logged-in client per user.

The store, server and HTTP helpers are tests/api/test_api.py's, imported
rather than copied: the attack suites run against the same server the
API tests describe.  Every name here is fictional.
"""

import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "api"))

import test_api as api  # noqa: E402  (the path above first)

PASSWORD = api.PASSWORD
ROLES = api.ROLES
AGENCY = {"a": api.AGENCY_A, "b": api.AGENCY_B}
AGENCY_C = "KRI-SHL"        # a third agency: shares and providers go there
USERS = [(api.username(r, g), r, g) for g in ("a", "b") for r in ROLES]


def username(role, agency):
    return api.username(role, agency)


def build_store(db):
    """test_api's store (agencies A and B, a user of every role in each,
    and a few accounts of their own), and a third agency."""
    api.build_store(db)
    api.cli(db, "agency", "add", "--code", AGENCY_C, "--name",
            "Shelter for victims of trafficking, Erbil", "--kind", "shelter",
            user=username("admin", "a"))


class TlsServer(api.Server):
    """`tipsom serve --tls-cert --tls-key` with a self-signed certificate
    openssl makes for 127.0.0.1."""

    def __init__(self, db, workdir):
        self.cert = os.path.join(workdir, "cert.pem")
        self.key = os.path.join(workdir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                        "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", self.key, "-out", self.cert],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       check=True, timeout=120)
        super().__init__(db, workdir, extra=["--tls-cert", self.cert,
                                             "--tls-key", self.key],
                         name="tls")

    def stdout(self):
        # Server.start waits for "tipsom is serving http://..."; this one
        # says https, which is all that differs.
        return super().stdout().replace("serving https://",
                                        "serving http://")


class Stack:
    """One store and its server, for one test module."""

    def __init__(self, prefix, env=None):
        if not os.access(api.TIPSOM, os.X_OK):
            raise unittest.SkipTest("no tipsom binary at %s: build it or "
                                    "set TIPSOM" % api.TIPSOM)
        self.tmp = tempfile.TemporaryDirectory(prefix=prefix)
        self.dir = self.tmp.name
        self.db = os.path.join(self.dir, "store.db")
        build_store(self.db)
        self.server = api.Server(self.db, self.dir, env=env)
        self.server.start()
        self.clients = {}

    def client(self):
        return api.Client(self.server)

    def user(self, name, password=PASSWORD):
        """A logged-in client of name, made once and shared."""
        c = self.clients.get(name)
        if c is None:
            c = api.Client(self.server, name)
            r = c.login(name, password)
            if r.status != 201:
                raise AssertionError("login of %s failed:%s"
                                     % (name, r.describe()))
            self.clients[name] = c
        return c

    def stop(self):
        """Stops the server by its pid; the problems seen, if any."""
        problems = []
        srv = self.server
        if srv.proc is not None:
            if not srv.alive():
                problems.append("the server died during the tests (exit "
                                "%s)" % srv.proc.returncode)
            code = srv.stop()
            if code != 0:
                problems.append("tipsom serve exited %s after SIGTERM"
                                % code)
        err = srv.stderr()
        for marker in api.SANITIZER_MARKERS:
            if marker in err:
                problems.append("sanitizer report in the server's stderr:"
                                "\n" + err[-4000:])
                break
        if PASSWORD in err:
            problems.append("the server's stderr holds a password")
        self.tmp.cleanup()
        return problems


# The one store and server of a test module (each runs in a process of
# its own): setUpModule starts it, tearDownModule stops it.
MODULE = {}


def start_module(prefix):
    MODULE["stack"] = Stack(prefix)


def stop_module():
    s = MODULE.pop("stack", None)
    if s is not None:
        problems = s.stop()
        if problems:
            raise AssertionError("; ".join(problems))


def stack():
    return MODULE["stack"]


def request(client, method, path, body=None, **kw):
    """client.request without test_api's contract check: the attack suites
    judge the status and error, the API tests the document."""
    if body is None and method == "POST":
        body = {}
    return client.request(method, path, body=body, check=False, **kw)


def snapshot(db):
    """Every row of every table but the sessions and the audit chain
    (reads of identities are audited), to prove nothing was written."""
    return api.db_snapshot(db, skip=("sessions", "audit", "audit_head"))
