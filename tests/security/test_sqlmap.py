#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""sqlmap (Debian's package) against the authenticated API on loopback:
the list filters, the searches, ids in paths and the JSON bodies of a few
writes, with the session cookie and the CSRF header, bounded so that the
whole run stays within a couple of minutes on two cores.  sqlmap must
find no injectable parameter; its traffic file must show it reached the
parameters (requests carrying its payloads answered 2xx and 4xx other
than 401), so that "nothing found" is not "nothing tried".

    TIPSOM=build/test/tipsom python3 tests/security/test_sqlmap.py -v
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import unittest

import harness as h


# Common to every run: no questions, no network beyond loopback, boolean,
# error and UNION techniques (time-based payloads on SQLite cost minutes
# of CPU and find what boolean ones find on a store that answers them).
SQLMAP_ARGS = ["--batch", "--level=2", "--risk=1", "--threads=2",
               "--technique=BEU", "--timeout=15", "--retries=0",
               "--disable-coloring", "--flush-session", "--skip=Cookie",
               "--skip-waf", "--ignore-code=401"]

# sqlmap's words when it finds something; and when it finds nothing.
FOUND = re.compile(r"(?i)(is vulnerable|appears to be injectable|"
                   r"identified the following injection point|"
                   r"sqlmap resumed the following injection point)")
NOTHING = "do not appear to be injectable"


def setUpModule():
    if not shutil.which("sqlmap"):
        raise unittest.SkipTest("sqlmap is not installed: apt-get install "
                                "sqlmap (make test-deps does)")
    h.start_module("tipsom-sqlmap-")


def tearDownModule():
    h.stop_module()


class TestSqlmap(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        s = h.stack()
        inv = s.user("investigator.a")
        cls.ref = inv.post("/api/v1/cases", {
            "title": "Brick kiln workers", "kind": "tip"},
            check=False).json["ref"]
        cls.pid = inv.post("/api/v1/persons", {
            "given": "Shirin", "family": "Rahimi", "sex": "female"},
            check=False).json["id"]
        inv.post("/api/v1/cases/%s/people" % cls.ref, {
            "person_id": cls.pid, "role": "presumed_victim"}, check=False)
        cls.runs = []

    @classmethod
    def tearDownClass(cls):
        total = sum(r["requests"] for r in cls.runs)
        sys.stderr.write("sqlmap: %d targets, %d requests, %.0f s\n"
                         % (len(cls.runs), total,
                            sum(r["seconds"] for r in cls.runs)))

    def sqlmap(self, name, user, path, data=None, params=None):
        s = h.stack()
        c = s.user(user)
        out = os.path.join(s.dir, "sqlmap-" + name)
        traffic = out + ".traffic"
        args = ["sqlmap", "-u", "http://127.0.0.1:%d%s"
                % (s.server.port, path),
                "--cookie", "tipsom_session=" + c.cookie,
                "--headers", "X-CSRF-Token: %s" % c.csrf,
                "--output-dir", out, "-t", traffic] + SQLMAP_ARGS
        if data is not None:
            args += ["--data", json.dumps(data),
                     "--headers", "X-CSRF-Token: %s\nContent-Type: "
                     "application/json" % c.csrf]
        if params:
            args += ["-p", ",".join(params)]
        t0 = time.time()
        p = subprocess.run(args, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=240, env=dict(os.environ, HOME=s.dir))
        seconds = time.time() - t0
        log = p.stdout.decode("utf-8", "replace")
        with open(traffic, encoding="utf-8", errors="replace") as f:
            sent = f.read()
        statuses = [int(x) for x in re.findall(
            r"^HTTP response \[#\d+\] \((\d{3})", sent, re.M)]
        self.runs.append({"name": name, "requests": len(statuses),
                          "seconds": seconds})
        self.assertIsNone(FOUND.search(log), "sqlmap found an injection "
                          "in %s:\n%s" % (path, log[-4000:]))
        self.assertIn(NOTHING, log, "sqlmap did not finish testing %s:\n%s"
                      % (path, log[-4000:]))
        # It reached the parameters: many requests, answered by the
        # handlers (2xx and 4xx), not refused at the session.
        reached = [x for x in statuses if x != 401 and x < 500]
        self.assertGreater(len(reached), 20, "%s: statuses %s"
                           % (path, sorted(set(statuses))))
        self.assertEqual([x for x in statuses if x >= 500], [],
                         "%s: server errors under sqlmap" % path)
        self.assertLess(statuses.count(401), len(statuses) // 10 + 1,
                        "%s: the session was refused" % path)
        if data is not None:
            # The body arrived as JSON: parsed, not refused unread.
            self.assertNotIn(415, statuses, "%s: not sent as JSON" % path)
            self.assertIn(201, statuses, "%s: no body was accepted" % path)
        self.assertRegex(sent, r"(?i)(union|select|and \d+=\d+|or \d+=\d+)",
                         "%s: no payloads in the traffic" % path)
        return log

    def test_case_list_filters(self):
        self.sqlmap("cases", "investigator.a", "/api/v1/cases?status=open&"
                    "kind=tip&q=Brick&agency=KRI-MOI&limit=5&offset=0",
                    params=["status", "kind", "q", "agency", "offset"])

    def test_person_search(self):
        self.sqlmap("search", "investigator.a",
                    "/api/v1/search/persons?q=Rahimi&limit=5")

    def test_audit_and_cooperation_filters(self):
        self.sqlmap("audit", "supervisor.a", "/api/v1/audit?case=%s&limit=5"
                    % self.ref)
        self.sqlmap("cooperation", "investigator.a", "/api/v1/cooperation?"
                    "status=sent&kind=mla&case=%s" % self.ref)

    def test_ids_in_paths(self):
        self.sqlmap("case-ref", "investigator.a", "/api/v1/cases/%s*"
                    % self.ref)
        self.sqlmap("person-id", "investigator.a", "/api/v1/persons/%d*"
                    % self.pid)

    def test_json_bodies(self):
        self.sqlmap("note", "investigator.a", "/api/v1/cases/%s/notes"
                    % self.ref, data={"text": "Visited the kiln"})
        self.sqlmap("person", "investigator.a", "/api/v1/persons",
                    data={"given": "Hana", "family": "Aziz",
                          "sex": "female"})


if __name__ == "__main__":
    unittest.main()
