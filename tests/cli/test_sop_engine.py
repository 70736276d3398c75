#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests of the SOP engine through the tipsom command line.

Walks a trafficking (TIP) and a smuggling (SOM) case through the shipped
SOPs step by step, from opening to the last step of the closure phase,
and checks every refusal of the step, fact, screening, assessment,
classification, SOP import and SOP upgrade commands, with the rows they
leave (or do not leave) in the store and the audit chain.

Reuses the helpers of test_cli.py (the binary in $TIPSOM, the base store
with one user of every role, TipsomCase).  Python 3 standard library
only.

    TIPSOM=build/test/tipsom python3 tests/cli/test_sop_engine.py -v

The screening instrument's questions are read from the store at run time
(`tipsom sop show ID --json`), never written here.  The tests of
screening itself need the shipped instrument "victim-screening" and are
skipped without it; the walks screen with whichever instrument the store
holds, since their gates only need a screening to exist.

All names, places and events below are fictional.
"""

import copy
import datetime
import hashlib
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import test_cli as base  # noqa: E402  (its tests run only as __main__)

tipsom = base.tipsom
db_query = base.db_query
db_snapshot = base.db_snapshot

ROOT = base.ROOT
SOPS = os.path.join(ROOT, "sops")
SCREENING = "victim-screening"

STEP_KEYS = {"id", "phase", "title", "state", "mandatory", "reason", "gate",
             "due_at", "by", "at", "late"}
STATES = {"pending", "ready", "blocked", "done", "not_applicable", "overdue"}

# Text put in every note and reason, to prove that the audit chain holds
# none of it.
SECRET = "Zarqa-orchard-note"


# --------------------------------------------------------------------------
# What the binary ships
# --------------------------------------------------------------------------

def _probe_definitions():
    """The definitions a fresh store holds, as `sop list --json` gives
    them; [] when there is no binary or init fails."""
    if not os.access(base.TIPSOM, os.X_OK):
        return []
    with tempfile.TemporaryDirectory(prefix="tipsom-probe-") as d:
        db = os.path.join(d, "probe.db")
        if tipsom("init", db=db).code != 0:
            return []
        r = tipsom("sop", "list", "--json", db=db)
        if r.code != 0:
            return []
        try:
            return r.json()
        except ValueError:
            return []


DEFINITIONS = _probe_definitions()
INSTRUMENTS = [d["id"] for d in DEFINITIONS if d.get("kind") == "screening"]
HAVE_SCREENING = SCREENING in INSTRUMENTS
NO_SCREENING = ("the shipped screening instrument %r is not in `tipsom sop "
                "list` yet (the store has %s): screening tests skipped"
                % (SCREENING, INSTRUMENTS or "none"))


def walk_instrument():
    """The instrument the walks screen with: the shipped one when there,
    else any the store holds."""
    if HAVE_SCREENING:
        return SCREENING
    return INSTRUMENTS[0] if INSTRUMENTS else None


def scored(group):
    return group.get("scored", True) is not False


def make_answers(ins, outcome="no_indication", child=False,
                 smuggling=False, overrides=None):
    """An answers object for instrument definition ins, built from its
    questions: every question answered "no" (child_specific only for a
    child), then enough "yes" for outcome; smuggling: "yes" to every
    question of the unscored groups."""
    answers = {}
    candidates = []
    for g in ins["groups"]:
        if g["id"] == "child_specific" and not child:
            continue
        for q in g["questions"]:
            answers[q["id"]] = "no"
            if scored(g) and g["id"] != "child_specific":
                candidates.append(q)
            elif not scored(g) and smuggling:
                answers[q["id"]] = "yes"
    t = ins["thresholds"]
    if outcome == "strong":
        alone = [q for q in candidates if q.get("alone") == "strong"]
        if alone:
            answers[alone[0]["id"]] = "yes"
        else:
            score = 0
            for q in sorted(candidates, key=lambda q: -q["weight"]):
                if score >= t["strong"]:
                    break
                answers[q["id"]] = "yes"
                score += q["weight"]
            assert score >= t["strong"], "instrument cannot reach strong"
    elif outcome == "possible":
        score = 0
        for q in sorted((q for q in candidates if not q.get("alone")),
                        key=lambda q: q["weight"]):
            if score >= t["possible"]:
                break
            if score + q["weight"] >= t["strong"]:
                continue
            answers[q["id"]] = "yes"
            score += q["weight"]
        assert t["possible"] <= score < t["strong"], \
            "instrument cannot reach possible"
    answers.update(overrides or {})
    return answers


def expected_score(ins, answers, child=False):
    """The score docs/screening-format.md gives answers: the weights of
    the yes answers of the scored groups, child_specific ones only for a
    child."""
    total = 0
    for g in ins["groups"]:
        if not scored(g) or (g["id"] == "child_specific" and not child):
            continue
        for q in g["questions"]:
            if answers.get(q["id"]) == "yes":
                total += q["weight"]
    return total


def expected_outcome(ins, answers, child=False):
    """The outcome docs/screening-format.md gives answers."""
    rank = ["no_indication", "possible", "strong"]
    score = expected_score(ins, answers, child)
    t = ins["thresholds"]
    out = 2 if score >= t["strong"] else 1 if score >= t["possible"] else 0
    for g in ins["groups"]:
        if not scored(g) or (g["id"] == "child_specific" and not child):
            continue
        for q in g["questions"]:
            if answers.get(q["id"]) == "yes" and q.get("alone"):
                out = max(out, rank.index(q["alone"]))
    return rank[out]


def sop_steps(sop):
    """[(phase id, step definition)] of an SOP definition, in order."""
    return [(p["id"], s) for p in sop["phases"] for s in p["steps"]]


def by_id(view):
    return {s["id"]: s for s in view["steps"]}


def today(days=0):
    d = datetime.datetime.now(datetime.timezone.utc).date()
    return (d + datetime.timedelta(days=days)).isoformat()


TIP_ELEMENTS = {
    "tip": {"acts": ["recruitment", "transport", "harbouring"],
            "means": ["deception", "coercion"],
            "purposes": ["forced_labour"],
            "victim_consented": True},
    "border_crossed": True,
}

TIP_SOM_ELEMENTS = {
    "tip": {"acts": ["transport", "harbouring"],
            "means": ["threat", "coercion"],
            "purposes": ["forced_labour"],
            "victim_consented": True},
    "som": {"procurement": ["illegal_entry"],
            "material_benefit": True,
            "aggravating": ["exploitation"]},
    "border_crossed": True,
    "child_at_time": False,
}


# --------------------------------------------------------------------------
# Test base class
# --------------------------------------------------------------------------

class EngineCase(base.TipsomCase):
    """TipsomCase with helpers for steps, facts, screenings and
    assessments."""

    _defs = {}

    # -- definitions --

    def definition(self, ref, db=None):
        """`sop show ref --json`, cached per ref (stored versions never
        change)."""
        key = (ref, db or self.db)
        if key not in EngineCase._defs:
            EngineCase._defs[key] = self.ok_json("sop", "show", ref, db=db)
        return EngineCase._defs[key]

    def write_json(self, name, obj):
        p = self.path(name)
        with open(p, "w", encoding="utf-8") as f:
            json.dump(obj, f, ensure_ascii=False, indent=1)
        return p

    # -- people and cases --

    def new_person(self, ref, role, given, family, nationality=None,
                   age=None, interpreter=None, identified_on=None,
                   sex="unknown", user="inv.a", db=None):
        args = ["--given", given, "--family", family, "--sex", sex]
        if nationality:
            args += ["--nationality", nationality]
        pid = self.add_person(*args, user=user, db=db)
        self.link(ref, pid, role, age=age, interpreter=interpreter,
                  identified_on=identified_on, user=user, db=db)
        return pid

    def link(self, ref, pid, role, age=None, interpreter=None,
             identified_on=None, user="inv.a", db=None):
        args = ["case", "add-person", ref, pid, "--role", role]
        if age is not None:
            args += ["--age", str(age)]
        if interpreter:
            args += ["--needs-interpreter", "--interpreter", interpreter]
        if identified_on:
            args += ["--identified-on", identified_on]
        self.ok(*args, user=user, db=db)

    def case_sop(self, ref, user="inv.a", db=None):
        return self.show_case(ref, user=user, db=db)["case"]["sop"]

    # -- steps --

    def steps(self, ref, user="inv.a", db=None, lang=None):
        args = ["case", "steps", ref] + (["--lang", lang] if lang else [])
        v = self.ok_json(*args, user=user, db=db)
        self.assert_keys(v, {"ref", "status", "sop", "progress",
                             "compliance", "next", "steps"})
        for s in v["steps"]:
            self.assert_keys(s, STEP_KEYS)
            self.assertIn(s["state"], STATES)
        self.check_next(v)
        return v

    def state(self, ref, step, user="inv.a", db=None):
        return by_id(self.steps(ref, user=user, db=db))[step]

    def check_next(self, v):
        """next holds exactly the steps to work on now: ready or blocked,
        or overdue and not waiting for others; overdue first, then by due
        time, then in SOP order.  A closed case has nothing next."""
        if v["status"] == "closed":
            self.assertEqual(v["next"], [])
            return
        order = {s["id"]: i for i, s in enumerate(v["steps"])}
        want = [s for s in v["steps"]
                if s["state"] in ("ready", "blocked")
                or (s["state"] == "overdue"
                    and (s["gate"] or not s["reason"]))]
        want.sort(key=lambda s: (s["state"] != "overdue",
                                 s["due_at"] is None, s["due_at"] or "",
                                 order[s["id"]]))
        self.assertEqual(v["next"], [s["id"] for s in want],
                         "next is not the ready, blocked and overdue "
                         "steps by urgency")

    def do(self, ref, step, user, note=None, db=None):
        args = ["case", "do", ref, step]
        if note is not None:
            args += ["--note", note]
        ev = self.ok_json(*args, user=user, db=db)
        self.assertEqual(ev["step"], step)
        self.assertEqual(ev["action"], "done")
        self.assertEqual(ev["by"], user)
        self.assertEqual(ev["note"], note or "")
        return ev

    def skip(self, ref, step, user, reason, db=None):
        ev = self.ok_json("case", "skip", ref, step, "--reason", reason,
                          user=user, db=db)
        self.assertEqual((ev["step"], ev["action"], ev["by"], ev["note"]),
                         (step, "skipped", user, reason))
        return ev

    def record(self, ref, fact, user="inv.a", person=None, step=None,
               note=None, db=None):
        args = ["case", "record", ref, fact]
        if person is not None:
            args += ["--person", str(person)]
        if step is not None:
            args += ["--step", step]
        if note is not None:
            args += ["--note", note]
        f = self.ok_json(*args, user=user, db=db)
        self.assertEqual(f["fact"], fact)
        self.assertEqual(f["by"], user)
        if person is not None:
            self.assertEqual(str(f["person_id"]), str(person))
        return f

    # -- screening, assessment --

    def screen(self, ref, pid, outcome, child=False, smuggling=False,
               instrument=None, user="inv.a", db=None):
        """Screens pid with answers made for outcome; checks the score
        and outcome against the instrument; returns the JSON."""
        instrument = instrument or walk_instrument()
        if not instrument:
            self.skipTest("the store has no screening instrument at all")
        ins = self.definition(instrument, db=db)
        answers = make_answers(ins, outcome, child=child,
                               smuggling=smuggling)
        path = self.write_json("answers.json", {"instrument": instrument,
                                                "answers": answers})
        v = self.ok_json("screen", ref, str(pid), "--answers", path,
                         user=user, db=db)
        self.assertEqual(v["outcome"], outcome, v)
        self.assertEqual(expected_outcome(ins, answers, child), outcome)
        self.assertEqual(v["score"], expected_score(ins, answers, child))
        self.assertEqual(v["instrument"], instrument)
        self.assertEqual(str(v["person_id"]), str(pid))
        return v

    def assess(self, ref, elements, user="inv.a", db=None):
        path = self.write_json("elements.json", elements)
        return self.ok_json("case", "assess", ref, "--elements", path,
                            user=user, db=db)

    # -- audit --

    def actions(self, db=None, ref=None):
        if ref:
            return [a for (a,) in db_query(
                db or self.db, "SELECT action FROM audit WHERE object_id "
                "= ? ORDER BY seq", (ref,))]
        return [a for (a,) in db_query(db or self.db, "SELECT action FROM "
                                       "audit ORDER BY seq")]

    def assert_no_secret_in_audit(self, db=None):
        for row in db_query(db or self.db, "SELECT * FROM audit"):
            for col in row:
                self.assertNotIn(SECRET, str(col),
                                 "note or reason text in the audit "
                                 "chain: %r" % (row,))


# ==========================================================================
# The shipped SOPs as data
# ==========================================================================

class TestShippedSops(EngineCase):

    def test_migrate_a_schema_1_store(self):
        """A store made before the SOP engine (schema 1) migrates: its
        cases are pinned to version 2 of the SOP of their kind, the shipped
        SOPs are added, and the chain still verifies."""
        with tempfile.TemporaryDirectory() as d:
            db = os.path.join(d, "old.db")
            with open(os.path.join(ROOT, "sql", "sqlite",
                                   "0001_foundation.sql"),
                      encoding="utf-8") as f:
                schema = f.read()
            con = base.connect(db)
            try:
                con.executescript(schema)
                con.executescript(
                    "CREATE TABLE schema_migrations (version INTEGER "
                    "PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT "
                    "NOT NULL);"
                    "INSERT INTO schema_migrations VALUES (1, "
                    "'0001_foundation', '2026-01-01T00:00:00.000Z');"
                    "INSERT INTO agencies VALUES (1, 'KRI-MOI', 'M', "
                    "'ministry', '2026-01-01T00:00:00.000Z');"
                    "INSERT INTO users VALUES (1, 1, 'old', '', "
                    "'investigator', 'x', 1, '2026-01-01T00:00:00.000Z', "
                    "'2026-01-01T00:00:00.000Z');"
                    "INSERT INTO cases (id, ref, agency_id, year, number, "
                    "kind, status, sensitivity, title, opened_at, "
                    "opened_by) VALUES "
                    "(1, 'KRI-MOI-2026-000001', 1, 2026, 1, 'som', "
                    "'open', 'normal', 'Old SOM', "
                    "'2026-01-02T00:00:00.000Z', 1),"
                    "(2, 'KRI-MOI-2026-000002', 1, 2026, 2, 'tip+som', "
                    "'open', 'normal', 'Old mixed', "
                    "'2026-01-02T00:00:00.000Z', 1);")
                con.commit()
            finally:
                con.close()
            r = self.run_t("sop", "list", db=db)
            self.assertEqual(r.code, 1, r.describe())
            self.assertIn("run tipsom migrate", r.err)
            r = self.run_t("migrate", db=db)
            self.assertEqual(r.code, 0, r.describe())
            self.assertIn("from schema 1 to ", r.out)
            self.assertEqual(
                db_query(db, "SELECT ref, sop_id, sop_version FROM cases "
                         "ORDER BY id"),
                [("KRI-MOI-2026-000001", "som", 2),
                 ("KRI-MOI-2026-000002", "tip", 2)])
            ids = sorted(e["id"] for e in self.ok_json("sop", "list",
                                                       db=db))
            self.assertEqual(ids, ["som", "tip", "victim-screening"])
            r = self.run_t("audit", "verify", db=db)
            self.assertEqual(r.code, 0, r.describe())
            r = self.run_t("migrate", db=db)
            self.assertIn("up to date", r.out)

    def test_init_seeds_the_shipped_sops(self):
        db = self.empty_store()
        listed = self.ok_json("sop", "list", db=db)
        for e in listed:
            self.assert_keys(e, {"kind", "id", "version", "title", "origin",
                                 "imported_at", "imported_by", "current",
                                 "sha256"})
            self.assertEqual(e["origin"], "shipped")
            self.assertIsNone(e["imported_by"])
            self.assertIs(e["current"], True)
        sops = {e["id"]: e for e in listed if e["kind"] == "sop"}
        self.assertEqual(set(sops), {"tip", "som"})
        for name in ("tip", "som"):
            with open(os.path.join(SOPS, name + ".json"), "rb") as f:
                raw = f.read()
            # The store holds the shipped file as it is.
            self.assertEqual(sops[name]["sha256"],
                             hashlib.sha256(raw).hexdigest())
            self.assertEqual(self.ok_json("sop", "show", name, db=db),
                             json.loads(raw))
        seeded = db_query(db, "SELECT object_type, object_id, changes FROM "
                          "audit WHERE action = 'definition.seed' ORDER BY "
                          "seq")
        self.assertEqual(sorted(o for _t, o, _c in seeded),
                         sorted(e["id"] for e in listed))
        for t, o, c in seeded:
            self.assertEqual(t, "definition")
            self.assertEqual(json.loads(c)["origin"], "shipped")
        # migrate adds nothing the store has.
        self.ok("migrate", db=db)
        self.assertEqual(len(db_query(db, "SELECT 1 FROM audit WHERE action "
                                      "= 'definition.seed'")), len(seeded))

    def test_walk_order_respects_dependencies(self):
        """Every step comes after the steps it depends on and every
        'step:' due rule names a known step, so that walking an SOP in
        its own order never meets a step that waits for a later one."""
        for name in ("tip", "som"):
            sop = self.definition(name)
            seen = set()
            ids = {s["id"] for _p, s in sop_steps(sop)}
            for _phase, s in sop_steps(sop):
                for d in s.get("depends_on", []):
                    self.assertIn(d, seen, "%s: %s depends on the later "
                                  "step %s" % (name, s["id"], d))
                frm = s.get("due", {}).get("from", "")
                if frm.startswith("step:"):
                    self.assertIn(frm[5:], ids)
                seen.add(s["id"])
            self.assertEqual(sop["phases"][-1]["id"], "case_closure")

    def test_show_and_validate(self):
        r = self.ok("sop", "show", "tip")
        self.assertIn("ensure_immediate_safety", r.out)
        r = self.ok("sop", "show", "tip@2", "--lang", "ckb")
        self.assertRegex(r.out, "[\u0600-\u06ff]")
        self.fails("sop", "show", "tip", "--lang", "xx", code=2,
                   mention=("--lang",))
        # A language without translations falls back to English.
        self.assertEqual(self.ok("sop", "show", "tip", "--lang", "fr").out,
                         self.ok("sop", "show", "tip").out)
        self.fails("sop", "show", "nosuch", mention=("nosuch",))
        for name in ("tip", "som"):
            r = self.ok("sop", "validate", os.path.join(SOPS, name + ".json"),
                        "--json")
            v = r.json()
            self.assertEqual((v["valid"], v["kind"], v["id"]),
                             (True, "sop", name))
            self.assertEqual(v["steps"], len(sop_steps(self.definition(
                name))))


# ==========================================================================
# Pinning a case to its SOP
# ==========================================================================

class TestPinning(EngineCase):

    def test_kind_decides_the_sop(self):
        for kind, sop in (("tip", "tip"), ("som", "som"),
                          ("tip+som", "tip"), ("unclassified", "tip"),
                          (None, "tip")):
            extra = ("--kind", kind) if kind else ()
            ref = self.open_case("inv.a", "Pinning %s" % kind, None, *extra)
            self.assertEqual(self.case_sop(ref), {"id": sop, "version": 2})
            listed = {c["ref"]: c for c in self.ok_json(
                "case", "list", user="inv.a")}
            self.assertEqual(listed[ref]["sop"], {"id": sop, "version": 2})
            v = self.steps(ref)
            self.assertEqual(v["ref"], ref)
            self.assertEqual(v["sop"], {"id": sop, "version": 2})
            self.assertEqual([s["id"] for s in v["steps"]],
                             [s["id"] for _p, s in sop_steps(
                                 self.definition(sop))])

    def test_fresh_case(self):
        """An empty TIP case: only the first step is ready; steps whose
        condition fails are not applicable and say why."""
        ref = self.open_case("sup.a", "Fresh case, Koya market")
        v = self.steps(ref)
        st = by_id(v)
        self.assertEqual(v["next"], ["ensure_immediate_safety"])
        self.assertEqual(v["compliance"], {"percent": None, "fell_due": 0,
                                           "on_time": 0})
        self.assertEqual(v["progress"]["done"], 0)
        self.assertEqual(v["progress"]["mandatory"],
                         sum(1 for s in v["steps"] if s["mandatory"]
                             and s["state"] != "not_applicable"))
        s = st["ensure_immediate_safety"]
        self.assertEqual((s["state"], s["reason"], s["gate"], s["by"],
                          s["at"], s["late"]),
                         ("ready", None, None, None, None, False))
        self.assertIsNotNone(s["due_at"])
        s = st["explain_rights"]
        self.assertEqual(s["state"], "pending")
        self.assertIn("waiting for ensure_immediate_safety", s["reason"])
        s = st["protect_child_first_contact"]
        self.assertEqual(s["state"], "not_applicable")
        self.assertIn("does not apply: no child", s["reason"])
        s = st["assess_smuggling_elements"]
        self.assertEqual(s["state"], "not_applicable")
        self.assertIn("tip+som", s["reason"])
        # Titles follow --lang; ids and states do not.
        ar = self.steps(ref, lang="ar")
        self.assertEqual([s["id"] for s in ar["steps"]],
                         [s["id"] for s in v["steps"]])
        self.assertRegex(by_id(ar)["ensure_immediate_safety"]["title"],
                         "[\u0600-\u06ff]")
        self.fails("case", "steps", ref, "--lang", "xx", code=2,
                   user="inv.a")
        r = self.ok("case", "steps", ref, user="inv.a")
        self.assertIn("walks SOP tip version 2: 0 of %d mandatory steps "
                      "done" % v["progress"]["mandatory"], r.out)
        self.assertIn("Next:", r.out)


# ==========================================================================
# A full TIP case
# ==========================================================================

class Step:
    """One step of a walk plan.

    by      who does (or skips) it
    gates   [(gate, opener)]: the step is blocked by gate until opener()
            runs; opener None for supervisor_approval done by a
            supervisor, whose own act is the approval
    before  callables run once the step is ready, before doing it
    refuse  [(user, mention)]: users who try first and are refused
    na      the step does not apply; text its reason holds
    skip    a reason: the step is skipped instead of done
    """

    def __init__(self, id, by=None, gates=(), before=(), refuse=(),
                 na=None, skip=None):
        self.id = id
        self.by = by
        self.gates = list(gates)
        self.before = list(before)
        self.refuse = list(refuse)
        self.na = na
        self.skip = skip


class WalkMixin:

    def walk(self, ref, plan, sop_ref):
        """Walks ref through plan, one step after the other in SOP order,
        checking each step's state before and after and that next moves
        on.  Returns (done, skipped) counts."""
        sop = self.definition(sop_ref)
        steps = sop_steps(sop)
        defs = {s["id"]: s for _p, s in steps}
        self.assertEqual([p.id for p in plan], [s["id"] for _p, s in steps],
                         "the plan must name every step of %s in order"
                         % sop_ref)
        dependants = {i: [s["id"] for _p, s in steps
                          if i in s.get("depends_on", [])] for i in defs}
        done = skipped = 0
        v = self.steps(ref)
        for p in plan:
            where = "step %s of %s" % (p.id, ref)
            s = by_id(v)[p.id]
            if p.na:
                self.assertEqual(s["state"], "not_applicable", where)
                self.assertIn(p.na, s["reason"], where)
                self.assertNotIn(p.id, v["next"], where)
                continue
            # What waits for this step says so.
            for d in dependants[p.id]:
                t = by_id(v)[d]
                if t["state"] == "pending":
                    self.assertIn(p.id, t["reason"], where)
            for gate, opener in p.gates:
                s = by_id(v)[p.id]
                self.assertEqual((s["state"], s["gate"]),
                                 ("blocked", gate), where)
                self.assertTrue(s["reason"].startswith("gate %s: " % gate),
                                s["reason"])
                self.assertIn(p.id, v["next"], where)
                if opener is None:
                    continue        # the supervisor's act approves
                self.fails_cleanly("case", "do", ref, p.id, user=p.by,
                                   mention=("step %s is blocked by gate %s"
                                            % (p.id, gate),))
                opener()
                v = self.steps(ref)
            s = by_id(v)[p.id]
            if not p.gates or p.gates[-1][1] is not None:
                self.assertEqual((s["state"], s["gate"], s["reason"]),
                                 ("ready", None, None), where)
            self.assertIn(p.id, v["next"], where)
            for user, mention in p.refuse:
                self.fails_cleanly("case", "do", ref, p.id, user=user,
                                   mention=mention)
            for fn in p.before:
                fn()
            before = self.steps(ref) if p.before else v
            if p.skip:
                self.skip(ref, p.id, p.by, p.skip)
                skipped += 1
            else:
                note = "%s: %s" % (SECRET, p.id)
                self.do(ref, p.id, p.by, note=note)
                done += 1
            v = self.steps(ref)
            s = by_id(v)[p.id]
            self.assertEqual(s["by"], p.by, where)
            self.assertIsNotNone(s["at"], where)
            self.assertIs(s["late"], False, where)
            self.assertIsNone(s["gate"], where)
            self.assertNotIn(p.id, v["next"], where)
            mandatory = defs[p.id]["mandatory"]
            if p.skip:
                self.assertEqual(s["state"], "not_applicable", where)
                self.assertEqual(s["reason"], "skipped by %s: %s"
                                 % (p.by, p.skip))
                self.assertEqual(v["progress"]["mandatory"],
                                 before["progress"]["mandatory"]
                                 - mandatory, where)
                self.assertEqual(v["progress"]["done"],
                                 before["progress"]["done"], where)
            else:
                self.assertEqual((s["state"], s["reason"]), ("done", None),
                                 where)
                self.assertEqual(v["progress"]["done"],
                                 before["progress"]["done"] + mandatory,
                                 where)
            # next moves on: a step whose every dependency is now done or
            # not applicable waits no more.
            for d in dependants[p.id]:
                t = by_id(v)[d]
                if all(by_id(v)[x]["state"] in ("done", "not_applicable")
                       for x in defs[d].get("depends_on", [])):
                    self.assertNotEqual(t["state"], "pending",
                                        "%s still waits after %s"
                                        % (d, p.id))
        return done, skipped, v

    def finished(self, v):
        self.assertEqual(v["next"], [])
        self.assertEqual(v["progress"]["done"], v["progress"]["mandatory"])
        for s in v["steps"]:
            self.assertIn(s["state"], ("done", "not_applicable"), s)
        due = [s for s in v["steps"] if s["mandatory"] and s["due_at"]
               and s["state"] == "done"]
        self.assertEqual(v["compliance"], {"percent": 100,
                                           "fell_due": len(due),
                                           "on_time": len(due)})


class TestTipWalk(EngineCase, WalkMixin):
    """A labour trafficking case with an adult foreign victim who needs an
    interpreter, a child victim who gets a guardian during the case, and
    a suspect."""

    def test_walk_tip_case_to_closure(self):
        ref = self.open_case("inv.a", "Brick kiln near Kalar", None,
                             "--kind", "tip")
        self.assertEqual(self.case_sop(ref), {"id": "tip", "version": 2})
        adult = self.new_person(ref, "presumed_victim", "Rubel", "Miah-Test",
                                nationality="BD", age=27, interpreter="bn",
                                sex="male")
        child = self.new_person(ref, "presumed_victim", "ئاوات", "تێست",
                                nationality="IQ", age=15, sex="male")
        self.new_person(ref, "suspect", "Fakhir", "Example", nationality="IQ",
                        age=48, sex="male")
        v = self.steps(ref)
        self.assertEqual(v["next"], ["ensure_immediate_safety",
                                     "arrange_interpreter",
                                     "protect_child_first_contact"])
        # Before its dependencies, a step is refused and says which.
        self.fails_cleanly("case", "do", ref, "explain_rights", user="cw.a",
                           mention=("step explain_rights is waiting for "
                                    "ensure_immediate_safety, "
                                    "arrange_interpreter: do those first",))

        def add_guardian():
            self.new_person(ref, "guardian", "Shirin", "Guardian-Test",
                            nationality="IQ", age=41, sex="female")

        def screen_both():
            a = self.screen(ref, adult, "strong")
            # Already a presumed victim: no second role.
            self.assertIs(a["made_presumed_victim"], False)
            # Screened, but not yet the child.
            s = self.state(ref, "screen_for_indicators")
            self.assertEqual((s["state"], s["gate"]),
                             ("blocked", "screening_done"))
            self.assertIn("person %s is not screened" % child, s["reason"])
            c = self.screen(ref, child, "possible", child=True)
            self.assertIs(c["made_presumed_victim"], False)

        def consent_both():
            self.record(ref, "informed_consent", "cw.a", person=adult)
            s = self.state(ref, "refer_to_assistance")
            self.assertEqual(s["gate"], "informed_consent")
            self.assertIn("for person %s" % child, s["reason"])
            self.record(ref, "informed_consent", "cw.a", person=child)

        def assess_tip():
            a = self.assess(ref, TIP_ELEMENTS)
            self.assertEqual(a["suggestion"], "tip")
            # child_at_time left out: taken from the case, which has a
            # child victim.
            self.assertIs(a["elements"]["child_at_time"], True)

        def approve_arrest():
            self.record(ref, "supervisor_approval", "sup.a",
                        step="plan_arrest_operation")

        plan = [
            Step("ensure_immediate_safety", "inv.a"),
            Step("arrange_interpreter", "cw.a"),
            Step("explain_rights", "cw.a", gates=[
                ("interpreter_if_needed", lambda: self.record(
                    ref, "interpreter", "cw.a", person=adult))]),
            Step("apply_non_punishment", "pros.a"),
            Step("protect_child_first_contact", "cw.a"),
            Step("screen_for_indicators", "inv.a",
                 gates=[("screening_done", screen_both)]),
            Step("assess_trafficking_elements", "inv.a",
                 before=[assess_tip]),
            Step("assess_smuggling_elements",
                 na="the case is classified tip, not tip+som"),
            Step("record_identification_decision", "sup.a", gates=[
                ("legal_assessment_done", lambda: self.ok(
                    "case", "classify", ref, "tip", user="sup.a"))]),
            Step("assess_risks", "cw.a", gates=[
                ("risk_assessment_done", lambda: self.record(
                    ref, "risk_assessment", "cw.a",
                    note=SECRET + ": kiln owner has relatives in police"))]),
            Step("refer_to_assistance", "cw.a",
                 gates=[("informed_consent", consent_both)]),
            Step("appoint_guardian", "cw.a",
                 gates=[("guardian_for_child", add_guardian)]),
            Step("assess_best_interests", "cw.a", gates=[
                ("best_interests_assessment", lambda: self.record(
                    ref, "best_interests_assessment", "cw.a",
                    person=child))]),
            Step("inform_residence_options", "cw.a"),
            Step("grant_reflection_period", "inv.a"),
            Step("provide_recovery_assistance", "cw.a", refuse=[
                ("inv.a", ("step provide_recovery_assistance is for the "
                           "roles caseworker, not investigator",))]),
            Step("review_reflection_period", "sup.a", gates=[
                ("reflection_period_over_or_waived", lambda: self.record(
                    ref, "reflection_waived", "cw.a",
                    note=SECRET + ": he chose to give his statement now"))]),
            Step("prepare_interview", "inv.a"),
            Step("take_adult_statement", "pros.a"),
            Step("take_child_statement", "inv.a"),
            Step("secure_evidence", "inv.a", refuse=[
                ("sup.a", ("step secure_evidence is for the roles "
                           "investigator, not supervisor",))]),
            Step("secure_digital_evidence", "inv.a"),
            Step("financial_investigation", "pros.a"),
            Step("identify_network", "sup.a"),
            Step("international_cooperation", "inv.a",
                 skip=SECRET + ": the network is local"),
            Step("plan_arrest_operation", "inv.a",
                 gates=[("supervisor_approval", approve_arrest)]),
            Step("arrest_and_charge", "inv.a"),
            Step("prepare_case_file", "inv.a"),
            Step("arrange_witness_protection", "pros.a"),
            Step("hand_over_to_prosecution", "sup.a",
                 gates=[("supervisor_approval", None)],
                 refuse=[("pros.a", ("blocked by gate supervisor_approval",
                                     "supervisor"))]),
            Step("agree_durable_solution", "cw.a"),
            Step("decide_child_return", "sup.a",
                 gates=[("supervisor_approval", None)]),
            Step("support_return_or_reintegration", "cw.a"),
            Step("follow_up_reintegration", "cw.a"),
            Step("close_case", "sup.a",
                 gates=[("supervisor_approval", None)]),
        ]
        done, skipped, v = self.walk(ref, plan, "tip@2")
        self.finished(v)
        self.assertEqual(by_id(v)["close_case"]["phase"], "case_closure")
        r = self.ok("case", "steps", ref, user="cw.a")
        self.assertIn("%d of %d mandatory steps done; compliance 100%%"
                      % (v["progress"]["done"], v["progress"]["mandatory"]),
                      r.out)

        facts = self.ok_json("case", "facts", ref, user="pros.a")
        self.assertEqual(sorted(f["fact"] for f in facts), sorted([
            "interpreter", "risk_assessment", "informed_consent",
            "informed_consent", "best_interests_assessment",
            "reflection_waived", "supervisor_approval"]))
        approval = [f for f in facts if f["fact"] == "supervisor_approval"]
        self.assertEqual((approval[0]["step"], approval[0]["by"]),
                         ("plan_arrest_operation", "sup.a"))
        self.assertIsNone(approval[0]["person_id"])
        self.assertEqual(self.show_case(ref)["case"]["kind"], "tip")

        acts = self.actions(ref=ref)
        self.assertEqual(acts.count("case.step_done"), done)
        self.assertEqual(acts.count("case.step_skipped"), skipped)
        self.assertEqual(acts.count("case.fact"), len(facts))
        self.assertEqual(acts.count("case.screen"), 2)
        self.assertEqual(acts.count("case.assess"), 1)
        self.assertEqual(acts.count("case.classify"), 1)
        self.assert_no_secret_in_audit()
        n = db_query(self.db, "SELECT count(*) FROM audit")[0][0]
        self.assertEqual(self.audit_entries(), n)

        # The case can be closed now, and then nothing on it changes.
        self.ok("case", "close", ref, "--reason", "handed over", user="inv.a")
        self.fails_cleanly("case", "reopen", ref, "close_case", "--reason",
                           "more to do", user="sup.a",
                           mention=("is closed",))


# ==========================================================================
# A full SOM case that turns out to be TIP as well
# ==========================================================================

class TestSomWalk(EngineCase, WalkMixin):
    """Two smuggled migrants found in a lorry; one was held and made to
    work on the way: screened, he becomes a presumed victim, the case is
    classified tip+som and the kind:tip+som steps apply."""

    TIP_SOM_STEPS = ("assess_trafficking_elements",
                     "refer_victim_to_assistance", "grant_reflection_period",
                     "review_reflection_period", "follow_up_protection")

    def test_walk_som_case_to_closure(self):
        ref = self.open_case("inv.a", "Lorry at Ibrahim Khalil checkpoint",
                             None, "--kind", "som")
        self.assertEqual(self.case_sop(ref), {"id": "som", "version": 2})
        held = self.new_person(ref, "smuggled_migrant", "Farid", "Test-Zadeh",
                               nationality="AF", age=31, interpreter="prs",
                               sex="male")
        other = self.new_person(ref, "smuggled_migrant", "Lina", "Example",
                                nationality="SY", age=22, sex="female")
        self.new_person(ref, "suspect", "Driver", "Unknown-Test", age=40)
        v = self.steps(ref)
        for step in self.TIP_SOM_STEPS:
            s = by_id(v)[step]
            self.assertEqual(s["state"], "not_applicable", step)
            self.assertIn("classified som, not tip+som", s["reason"])

        def screen_both():
            a = self.screen(ref, held, "strong", smuggling=True)
            self.assertIs(a["made_presumed_victim"], True)
            self.assertTrue(a["indicators"]["smuggling"])
            roles = sorted(p["role"] for p in self.show_case(ref)["people"]
                           if str(p["person_id"]) == str(held))
            self.assertEqual(roles, ["presumed_victim", "smuggled_migrant"])
            b = self.screen(ref, other, "no_indication", smuggling=True)
            self.assertIs(b["made_presumed_victim"], False)
            self.assertEqual(b["indicators"]["trafficking"], [])

        def assess_both():
            a = self.assess(ref, TIP_SOM_ELEMENTS)
            self.assertEqual(a["suggestion"], "tip+som")
            codes = [x["code"] for x in a["reasons"]]
            for c in ("tip.elements_met", "som.elements_met",
                      "som.aggravating"):
                self.assertIn(c, codes)
            self.assertNotIn("som.check_tip", codes)

        def classify():
            r = self.ok("case", "classify", ref, "tip+som", user="sup.a")
            self.assertIn("is classified tip+som", r.out)
            v = self.steps(ref)
            for step in self.TIP_SOM_STEPS:
                self.assertNotEqual(by_id(v)[step]["state"],
                                    "not_applicable", step)
            # The kind changes; the SOP the case walks does not.
            c = self.show_case(ref)["case"]
            self.assertEqual((c["kind"], c["sop"]),
                             ("tip+som", {"id": "som", "version": 2}))

        def consent_both():
            self.record(ref, "informed_consent", "cw.a", person=held)
            self.record(ref, "informed_consent", "cw.a", person=other)

        plan = [
            Step("ensure_immediate_safety", "inv.a"),
            Step("arrange_interpreter", "inv.a"),
            Step("explain_migrant_rights", "cw.a", gates=[
                ("interpreter_if_needed", lambda: self.record(
                    ref, "interpreter", "cw.a", person=held))]),
            Step("protect_from_prosecution", "pros.a"),
            Step("protect_child_first_contact", na="no child"),
            Step("screen_for_trafficking", "cw.a",
                 gates=[("screening_done", screen_both)]),
            Step("assess_smuggling_elements", "inv.a", before=[assess_both]),
            Step("assess_aggravating_factors", "pros.a"),
            Step("record_classification", "sup.a", gates=[
                ("legal_assessment_done", classify),
                ("supervisor_approval", None)]),
            Step("assess_trafficking_elements", "pros.a"),
            Step("assess_risks", "inv.a", gates=[
                ("risk_assessment_done", lambda: self.record(
                    ref, "risk_assessment", "inv.a",
                    note=SECRET + ": smuggler's contacts in Duhok"))]),
            Step("refer_migrant_to_assistance", "cw.a",
                 gates=[("informed_consent", consent_both)]),
            Step("refer_victim_to_assistance", "inv.a"),
            Step("appoint_guardian", na="no child"),
            Step("assess_best_interests", na="no child"),
            Step("grant_reflection_period", "cw.a"),
            Step("review_reflection_period", "cw.a", gates=[
                ("reflection_period_over_or_waived", lambda: self.record(
                    ref, "reflection_waived", "sup.a",
                    note=SECRET + ": his own informed choice"))]),
            Step("prepare_interview", "inv.a"),
            Step("take_statement", "pros.a"),
            Step("take_child_statement", na="no child"),
            Step("secure_evidence", "inv.a"),
            Step("secure_digital_evidence", "sup.a",
                 skip=SECRET + ": no phones or devices were seized"),
            Step("financial_investigation", "inv.a"),
            Step("identify_network", "inv.a"),
            Step("international_cooperation", "pros.a"),
            Step("plan_arrest_operation", "sup.a",
                 gates=[("supervisor_approval", None)]),
            Step("arrest_and_charge", "pros.a"),
            Step("prepare_case_file", "sup.a"),
            Step("arrange_witness_protection", "cw.a"),
            Step("hand_over_to_prosecution", "sup.a",
                 gates=[("supervisor_approval", None)]),
            Step("agree_durable_solution", "cw.a"),
            Step("decide_child_return", na="no child"),
            Step("support_safe_return", "inv.a"),
            Step("follow_up_protection", "cw.a"),
            Step("close_case", "sup.a",
                 gates=[("supervisor_approval", None)]),
        ]
        done, skipped, v = self.walk(ref, plan, "som@2")
        self.finished(v)
        self.assertEqual(v["sop"], {"id": "som", "version": 2})

        shown = self.ok_json("screen", "show", ref, user="pros.a")
        self.assertEqual([str(s["person_id"]) for s in shown],
                         [str(held), str(other)])
        self.assertEqual([s["outcome"] for s in shown],
                         ["strong", "no_indication"])
        a = self.ok_json("case", "assess", ref, user="pros.a")
        self.assertEqual((a["suggestion"], a["decision"]),
                         ("tip+som", "tip+som"))

        acts = self.actions(ref=ref)
        self.assertEqual(acts.count("case.step_done"), done)
        self.assertEqual(acts.count("case.step_skipped"), skipped)
        self.assertEqual(acts.count("case.screen"), 2)
        # The promotion to presumed victim is audited with the screening.
        self.assertEqual(acts.count("case.person_add"), 4)
        self.assertEqual(acts.count("case.assess"), 1)
        self.assertEqual(acts.count("case.classify"), 1)
        changes = json.loads(db_query(
            self.db, "SELECT changes FROM audit WHERE action = "
            "'case.classify' AND object_id = ?", (ref,))[0][0])
        self.assertEqual((changes["from"], changes["kind"],
                          changes["suggestion"]), ("som", "tip+som",
                                                   "tip+som"))
        self.assert_no_secret_in_audit()
        self.assertEqual(self.audit_entries(),
                         db_query(self.db, "SELECT count(*) FROM audit")[0][0])


# ==========================================================================
# Steps: every refusal, skip and reopen
# ==========================================================================

class TestStepRefusals(EngineCase):

    def setUp(self):
        super().setUp()
        self.ref = self.open_case("inv.a", "Domestic worker, Ankawa", None,
                                  "--kind", "tip")
        self.victim = self.new_person(self.ref, "presumed_victim", "Meseret",
                                      "Test-Alemu", nationality="ET", age=29,
                                      sex="female")

    def test_waiting_for_dependencies(self):
        s = self.state(self.ref, "assess_risks")
        self.assertEqual((s["state"], s["reason"]),
                         ("pending", "waiting for ensure_immediate_safety"))
        self.fails_cleanly("case", "do", self.ref, "assess_risks",
                           user="cw.a", mention=(
                               "step assess_risks is waiting for "
                               "ensure_immediate_safety: do those first",))

    def test_gate_unmet(self):
        self.do(self.ref, "ensure_immediate_safety", "inv.a")
        s = self.state(self.ref, "assess_risks")
        self.assertEqual((s["state"], s["gate"]),
                         ("blocked", "risk_assessment_done"))
        self.assertIn("no risk assessment recorded: record one "
                      "(risk_assessment)", s["reason"])
        self.fails_cleanly("case", "do", self.ref, "assess_risks",
                           user="cw.a", mention=(
                               "step assess_risks is blocked by gate "
                               "risk_assessment_done: ",))
        # A supervisor is held by the gate like anyone else.
        self.fails_cleanly("case", "do", self.ref, "assess_risks",
                           user="sup.a",
                           mention=("gate risk_assessment_done",))
        self.record(self.ref, "risk_assessment", "cw.a", note="done")
        self.assertEqual(self.state(self.ref, "assess_risks")["state"],
                         "ready")

    def test_screening_gate_names_the_person(self):
        self.do(self.ref, "ensure_immediate_safety", "inv.a")
        s = self.state(self.ref, "screen_for_indicators")
        self.assertEqual(s["gate"], "screening_done")
        self.assertIn("person %s is not screened: screen them first"
                      % self.victim, s["reason"])
        self.fails_cleanly("case", "do", self.ref, "screen_for_indicators",
                           user="inv.a",
                           mention=("blocked by gate screening_done",))

    def test_wrong_role(self):
        self.do(self.ref, "ensure_immediate_safety", "inv.a")
        for user, role in (("cw.a", "caseworker"), ("sup.a", "supervisor"),
                           ("pros.a", "prosecutor")):
            self.fails_cleanly("case", "do", self.ref, "secure_evidence",
                               user=user, code=1, mention=(
                                   "step secure_evidence is for the roles "
                                   "investigator, not %s" % role,))
        # Skipping and reopening: the step's roles, and a supervisor.
        self.fails_cleanly("case", "skip", self.ref, "secure_evidence",
                           "--reason", "x", user="cw.a",
                           mention=("for the roles investigator",))
        self.skip(self.ref, "secure_evidence", "sup.a", "not needed")
        self.fails_cleanly("case", "reopen", self.ref, "secure_evidence",
                           "--reason", "x", user="pros.a",
                           mention=("for the roles investigator",))
        self.ok("case", "reopen", self.ref, "secure_evidence", "--reason",
                "needed after all", user="sup.a")

    def test_roles_without_step_permission(self):
        """Roles that cannot see cases get "not found", like another
        agency's users: the case's existence is not disclosed."""
        ref = self.ref
        commands = [("case", "steps", ref),
                    ("case", "do", ref, "ensure_immediate_safety"),
                    ("case", "skip", ref, "arrange_interpreter", "--reason",
                     "x"),
                    ("case", "reopen", ref, "ensure_immediate_safety",
                     "--reason", "x"),
                    ("case", "record", ref, "risk_assessment", "--note", "x"),
                    ("case", "facts", ref),
                    ("case", "assess", ref),
                    ("case", "upgrade-sop", ref, "--reason", "x"),
                    ("screen", "show", ref)]
        for user in ("admin1", "ana.a", "trn.a", "tee.a", "inv.b", "sup.b"):
            # Every command for one role of each kind, a few for the rest.
            every = user in ("admin1", "inv.b")
            for args in commands if every else commands[:3]:
                with self.subTest(user=user, args=args[:2]):
                    self.fails_cleanly(*args, user=user,
                                       mention=(ref, "not found"))

    def test_unknown_step(self):
        for args in (("do", self.ref, "ensure_safety"),
                     ("skip", self.ref, "ensure_safety", "--reason", "x"),
                     ("reopen", self.ref, "ensure_safety", "--reason", "x")):
            self.fails_cleanly("case", *args, user="sup.a", code=1,
                               mention=('SOP tip version 2 has no step '
                                        '"ensure_safety"',))
        self.fails_cleanly("case", "do", self.ref, "", user="inv.a",
                           mention=("no step given",))

    def test_already_done(self):
        self.do(self.ref, "ensure_immediate_safety", "inv.a", note="ok")
        for user in ("inv.a", "cw.a"):
            self.fails_cleanly("case", "do", self.ref,
                               "ensure_immediate_safety", user=user,
                               mention=("step ensure_immediate_safety was "
                                        "done by inv.a at ",
                                        "reopen it first"))
        self.fails_cleanly("case", "skip", self.ref,
                           "ensure_immediate_safety", "--reason", "x",
                           user="sup.a", mention=("was done by inv.a",))

    def test_not_applicable(self):
        for args in (("do", self.ref, "protect_child_first_contact"),
                     ("skip", self.ref, "protect_child_first_contact",
                      "--reason", "x")):
            self.fails_cleanly("case", *args, user="cw.a", mention=(
                "step protect_child_first_contact does not apply: no child",))
        self.fails_cleanly("case", "reopen", self.ref,
                           "protect_child_first_contact", "--reason", "x",
                           user="cw.a", mention=("nothing to reopen",))

    def test_skip_and_reopen(self):
        ref = self.ref
        self.fails_cleanly("case", "skip", ref, "ensure_immediate_safety",
                           user="inv.a", code=2, mention=("--reason",))
        self.fails_cleanly("case", "skip", ref, "ensure_immediate_safety",
                           "--reason", "", user="inv.a",
                           mention=("reason",))
        self.fails_cleanly("case", "reopen", ref, "ensure_immediate_safety",
                           user="inv.a", code=2, mention=("--reason",))
        self.fails_cleanly("case", "reopen", ref, "ensure_immediate_safety",
                           "--reason", "x", user="inv.a",
                           mention=("step ensure_immediate_safety is neither "
                                    "done nor skipped: nothing to reopen",))
        # A pending step can be skipped; what waited for it moves on.
        s = self.state(ref, "apply_non_punishment")
        self.assertEqual(s["state"], "pending")
        v0 = self.steps(ref)
        self.skip(ref, "ensure_immediate_safety", "sup.a",
                  "the person was already safe in a shelter")
        v = self.steps(ref)
        s = by_id(v)["ensure_immediate_safety"]
        self.assertEqual((s["state"], s["reason"], s["by"]),
                         ("not_applicable", "skipped by sup.a: the person "
                          "was already safe in a shelter", "sup.a"))
        self.assertEqual(v["progress"]["mandatory"],
                         v0["progress"]["mandatory"] - 1)
        self.assertEqual(by_id(v)["apply_non_punishment"]["state"], "ready")
        self.assertIn("apply_non_punishment", v["next"])
        self.fails_cleanly("case", "do", ref, "ensure_immediate_safety",
                           user="inv.a", mention=("skipped by sup.a",
                                                  "reopen it first"))
        self.fails_cleanly("case", "skip", ref, "ensure_immediate_safety",
                           "--reason", "again", user="sup.a",
                           mention=("reopen it first",))
        ev = self.ok_json("case", "reopen", ref, "ensure_immediate_safety",
                          "--reason", "skipped by mistake", user="inv.a")
        self.assertEqual((ev["action"], ev["by"]), ("reopened", "inv.a"))
        v = self.steps(ref)
        s = by_id(v)["ensure_immediate_safety"]
        self.assertEqual((s["state"], s["by"], s["at"]),
                         ("ready", None, None))
        self.assertEqual(by_id(v)["apply_non_punishment"]["state"],
                         "pending")
        self.assertEqual(v["progress"], v0["progress"])
        # Done, reopened, done again.
        self.do(ref, "ensure_immediate_safety", "cw.a")
        self.ok("case", "reopen", ref, "ensure_immediate_safety", "--reason",
                "wrong person", user="cw.a")
        self.do(ref, "ensure_immediate_safety", "inv.a")
        self.assertEqual(self.state(ref, "ensure_immediate_safety")["by"],
                         "inv.a")
        r = self.ok("case", "do", ref, "apply_non_punishment", user="pros.a")
        self.assertEqual(r.out.strip(), "%s: step apply_non_punishment done"
                         % ref)
        acts = self.actions(ref=ref)
        self.assertEqual(acts.count("case.step_skipped"), 1)
        self.assertEqual(acts.count("case.step_reopened"), 2)
        self.assertEqual(acts.count("case.step_done"), 3)
        events = db_query(self.db, "SELECT changes FROM audit WHERE action "
                          "LIKE 'case.step_%' AND object_id = ?", (ref,))
        for (c,) in events:
            c = json.loads(c)
            self.assertEqual((c["sop"], c["sop_version"]), ("tip", 2))
            self.assertIn("note_length", c)

    def test_closed_case(self):
        ref = self.ref
        self.do(ref, "ensure_immediate_safety", "inv.a")
        self.assess(ref, TIP_ELEMENTS)
        self.ok("case", "close", ref, "--reason", "referred to court",
                user="sup.a")
        answers = self.write_json("a.json", {"answers": {}})
        elements = self.write_json("e.json", TIP_ELEMENTS)
        for args in (("case", "do", ref, "apply_non_punishment"),
                     ("case", "skip", ref, "apply_non_punishment",
                      "--reason", "x"),
                     ("case", "reopen", ref, "ensure_immediate_safety",
                      "--reason", "x"),
                     ("case", "record", ref, "risk_assessment", "--note",
                      "x"),
                     ("case", "record", ref, "supervisor_approval",
                      "--step", "close_case"),
                     ("case", "upgrade-sop", ref, "--reason", "x"),
                     ("case", "assess", ref, "--elements", elements),
                     ("case", "classify", ref, "tip"),
                     ("screen", ref, self.victim, "--answers", answers)):
            with self.subTest(args=args[:2]):
                self.fails_cleanly(*args, user="sup.a",
                                   mention=("case %s is closed" % ref,))
        # Reading still works.
        v = self.steps(ref, user="pros.a")
        self.assertEqual(by_id(v)["ensure_immediate_safety"]["state"],
                         "done")
        self.ok_json("case", "facts", ref, user="pros.a")
        self.ok_json("case", "assess", ref, user="pros.a")


# ==========================================================================
# Facts
# ==========================================================================

class TestFacts(EngineCase):

    def setUp(self):
        super().setUp()
        self.ref = self.open_case("cw.a", "Café workers, Sulaymaniyah", None,
                                  "--kind", "tip")
        self.adult = self.new_person(self.ref, "victim", "Aziz", "Test-Karimi",
                                     nationality="TJ", age=34, user="cw.a")
        self.kid = self.new_person(self.ref, "presumed_victim", "Dilan",
                                   "Test", age=12, user="cw.a")

    def test_refusals(self):
        ref = self.ref
        for fact in ("informed_consent", "interpreter",
                     "best_interests_assessment"):
            self.fails_cleanly("case", "record", ref, fact, user="cw.a",
                               mention=("%s is about a person" % fact,
                                        "--person"))
            self.fails_cleanly("case", "record", ref, fact, "--person",
                               "999999", user="cw.a",
                               mention=("person 999999 is not in case %s"
                                        % ref,))
            self.fails_cleanly("case", "record", ref, fact, "--person",
                               "abc", user="cw.a")
        self.fails_cleanly("case", "record", ref, "best_interests_assessment",
                           "--person", self.adult, user="cw.a",
                           mention=("person %s is not a child in this case"
                                    % self.adult,))
        for user in ("inv.a", "cw.a", "pros.a"):
            self.fails_cleanly("case", "record", ref, "supervisor_approval",
                               "--step", "close_case", user=user,
                               mention=("only a supervisor",))
        self.fails_cleanly("case", "record", ref, "supervisor_approval",
                           user="sup.a", mention=("--step",))
        self.fails_cleanly("case", "record", ref, "supervisor_approval",
                           "--step", "close_cases", user="sup.a",
                           mention=('has no step "close_cases"',))
        self.fails_cleanly("case", "record", ref, "reflection_waived",
                           user="cw.a", mention=("note",))
        self.fails_cleanly("case", "record", ref, "reflection_waived",
                           "--note", "", user="cw.a", mention=("note",))
        self.fails_cleanly("case", "record", ref, "consent", user="cw.a",
                           mention=('unknown fact "consent"',
                                    "informed_consent"))
        self.fails_cleanly("case", "record", ref, user="cw.a", code=2)

    def test_record_and_list(self):
        ref = self.ref
        self.assertEqual(self.ok_json("case", "facts", ref, user="cw.a"), [])
        self.record(ref, "best_interests_assessment", "cw.a", person=self.kid,
                    note="placed with an aunt")
        self.record(ref, "informed_consent", "inv.a", person=self.adult)
        self.record(ref, "risk_assessment", "pros.a", note="low")
        self.record(ref, "reflection_waived", "cw.a", note="his choice")
        self.record(ref, "supervisor_approval", "sup.a", step="close_case")
        facts = self.ok_json("case", "facts", ref, user="inv.a")
        self.assertEqual([f["fact"] for f in facts],
                         ["best_interests_assessment", "informed_consent",
                          "risk_assessment", "reflection_waived",
                          "supervisor_approval"])
        for f in facts:
            self.assert_keys(f, {"id", "fact", "person_id", "step", "at",
                                 "by", "note"})
        self.assertEqual(facts[0]["note"], "placed with an aunt")
        self.assertEqual(facts[4]["step"], "close_case")
        r = self.ok("case", "facts", ref, user="inv.a")
        self.assertIn("supervisor_approval", r.out)
        self.assertIn("step close_case", r.out)
        r = self.ok("case", "record", ref, "interpreter", "--person",
                    self.adult, user="cw.a")
        self.assertEqual(r.out.strip(), "%s: recorded interpreter for "
                         "person %s" % (ref, self.adult))
        self.assertEqual(self.actions(ref=ref).count("case.fact"), 6)

    def test_options_that_do_not_apply_are_refused(self):
        """An option that has no meaning for the fact (--person on a
        case-wide fact, --step on anything but supervisor_approval) is
        refused, not silently dropped."""
        self.fails_cleanly("case", "record", self.ref, "risk_assessment",
                           "--person", self.adult, "--note", "x",
                           user="cw.a")
        self.fails_cleanly("case", "record", self.ref, "informed_consent",
                           "--person", self.adult, "--step", "close_case",
                           user="cw.a")


# ==========================================================================
# Due times, overdue steps and compliance
# ==========================================================================

class TestDueAndCompliance(EngineCase):

    def test_overdue_late_and_compliance(self):
        ref = self.open_case("inv.a", "Seasonal farm work, Shahrazur", None,
                             "--kind", "tip")
        self.new_person(ref, "presumed_victim", "Kawa", "Test-Rashid",
                        nationality="IQ", age=38, identified_on=today(-5),
                        sex="male")
        v = self.steps(ref)
        st = by_id(v)
        # Due from victim_identified five days ago: past, so overdue even
        # while waiting for others; but only what can be worked on is next.
        s = st["assess_risks"]
        self.assertEqual(s["state"], "overdue")
        self.assertIn("waiting for ensure_immediate_safety", s["reason"])
        self.assertNotIn("assess_risks", v["next"])
        self.assertEqual(v["next"][0], "ensure_immediate_safety")
        self.assertEqual(v["compliance"]["percent"], 0)
        self.do(ref, "ensure_immediate_safety", "inv.a")
        v = self.steps(ref)
        s = by_id(v)["assess_risks"]
        self.assertEqual((s["state"], s["gate"]),
                         ("overdue", "risk_assessment_done"))
        self.assertIn("assess_risks", v["next"])
        # Overdue steps come first.
        overdue = [i for i in v["next"]
                   if by_id(v)[i]["state"] == "overdue"]
        self.assertEqual(v["next"][:len(overdue)], overdue)
        self.fails_cleanly("case", "do", ref, "assess_risks", user="cw.a",
                           mention=("blocked by gate risk_assessment_done",))
        self.record(ref, "risk_assessment", "cw.a", note="done late")
        self.assertEqual(self.state(ref, "assess_risks")["state"], "overdue")
        self.do(ref, "assess_risks", "cw.a")
        v = self.steps(ref)
        s = by_id(v)["assess_risks"]
        self.assertEqual((s["state"], s["late"]), ("done", True))
        self.assertFalse(by_id(v)["ensure_immediate_safety"]["late"])
        c = v["compliance"]
        self.assertEqual(c["on_time"], 1)
        self.assertEqual(c["percent"], c["on_time"] * 100 // c["fell_due"])
        self.assertLess(c["percent"], 100)
        audit = [json.loads(x) for (x,) in db_query(
            self.db, "SELECT changes FROM audit WHERE action = "
            "'case.step_done' AND object_id = ? ORDER BY seq", (ref,))]
        self.assertEqual([a["overdue"] for a in audit], [False, True])

    def test_reflection_period_over(self):
        """Thirty days after identification the reflection gate opens by
        itself; before that it needs the victim's waiver."""
        for days, state in ((-40, "overdue"), (0, "blocked")):
            ref = self.open_case("inv.a", "Reflection %d" % days, None,
                                 "--kind", "tip")
            self.new_person(ref, "victim", "Hana", "Test", nationality="IQ",
                            age=25, identified_on=today(days), sex="female")
            self.skip(ref, "grant_reflection_period", "sup.a",
                      "granted on paper before the case was opened")
            s = self.state(ref, "review_reflection_period")
            self.assertEqual(s["state"], state, s)
            if days:
                self.assertIsNone(s["gate"])
            else:
                self.assertEqual(s["gate"], "reflection_period_over_or_"
                                 "waived")
                self.assertIn("runs until %s" % today(30), s["reason"])


# ==========================================================================
# Screening
# ==========================================================================

@unittest.skipUnless(HAVE_SCREENING, NO_SCREENING)
class TestScreening(EngineCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        r = tipsom("sop", "show", SCREENING, "--json", db=cls.db)
        assert r.code == 0, r.describe()
        cls.ins = r.json()

    def setUp(self):
        super().setUp()
        self.ref = self.open_case("inv.a", "Car wash, Erbil", None,
                                  "--kind", "tip")
        self.witness = self.new_person(self.ref, "witness", "Hemin",
                                       "Test-Omer", nationality="IQ", age=30)
        self.child = self.new_person(self.ref, "reporter", "Sara", "Test",
                                     nationality="IQ", age=14)

    def answers_file(self, answers, **extra):
        doc = dict(extra)
        doc["answers"] = answers
        return self.write_json("answers.json", doc)

    def question_ids(self, group=None):
        return [q["id"] for g in self.ins["groups"] for q in g["questions"]
                if group is None or g["id"] == group]

    def test_instrument_shape(self):
        groups = [g["id"] for g in self.ins["groups"]]
        self.assertIn("child_specific", groups)
        self.assertIn("smuggling_risk", groups)
        self.assertFalse(scored([g for g in self.ins["groups"]
                                 if g["id"] == "smuggling_risk"][0]))
        ids = self.question_ids()
        self.assertEqual(len(ids), len(set(ids)))
        r = self.ok("sop", "validate", os.path.join(SOPS, "screening.json"),
                    "--json")
        self.assertEqual(r.json()["questions"], len(ids))

    def test_strong_outcome_makes_a_presumed_victim(self):
        answers = make_answers(self.ins, "strong")
        r = self.ok("screen", self.ref, self.witness, "--answers",
                    self.answers_file(answers), user="inv.a")
        self.assertIn("strong", r.out)
        self.assertIn("person %s is now a presumed victim in %s"
                      % (self.witness, self.ref), r.out)
        roles = sorted(p["role"] for p in self.show_case(self.ref)["people"]
                       if str(p["person_id"]) == self.witness)
        self.assertEqual(roles, ["presumed_victim", "witness"])
        link = self.person_link(self.ref, self.witness, "presumed_victim")
        self.assertEqual(link["identified_on"], today())
        # Again: already a presumed victim, nothing more.
        v = self.ok_json("screen", self.ref, self.witness, "--answers",
                         self.answers_file(answers), user="cw.a")
        self.assertIs(v["made_presumed_victim"], False)
        self.assertEqual(v["outcome"], "strong")
        acts = self.actions(ref=self.ref)
        self.assertEqual(acts.count("case.screen"), 2)
        add = [json.loads(c) for (c,) in db_query(
            self.db, "SELECT changes FROM audit WHERE action = "
            "'case.person_add' AND object_id = ? ORDER BY seq",
            (self.ref,))][-1]
        self.assertEqual((add["role"], add["because"]),
                         ("presumed_victim", "screening"))
        shown = self.ok_json("screen", "show", self.ref, self.witness,
                             user="pros.a")
        self.assertEqual(len(shown), 2)
        self.assertEqual(shown[0]["answers"], answers)
        self.assertEqual(shown[0]["instrument"], SCREENING)
        self.assertEqual(shown[0]["instrument_version"],
                         self.ins["version"])

    def test_possible_and_none_change_no_role(self):
        for outcome in ("possible", "no_indication"):
            answers = make_answers(self.ins, outcome)
            v = self.ok_json("screen", self.ref, self.witness, "--answers",
                             self.answers_file(answers), user="inv.a")
            self.assertEqual(v["outcome"], outcome)
            self.assertEqual(v["score"], expected_score(self.ins, answers))
            self.assertIs(v["made_presumed_victim"], False)
        self.assertEqual([p["role"] for p in self.show_case(self.ref)[
            "people"] if str(p["person_id"]) == self.witness], ["witness"])
        r = self.ok("screen", "show", self.ref, user="inv.a")
        self.assertIn("possible", r.out)

    def test_smuggling_answers_are_not_scored(self):
        answers = make_answers(self.ins, "no_indication", smuggling=True)
        v = self.ok_json("screen", self.ref, self.witness, "--answers",
                         self.answers_file(answers), user="inv.a")
        self.assertEqual((v["score"], v["outcome"]), (0, "no_indication"))
        self.assertEqual(sorted(i["question"] for i in
                                v["indicators"]["smuggling"]),
                         sorted(self.question_ids("smuggling_risk")))
        self.assertEqual(v["indicators"]["trafficking"], [])
        # Heaviest first, then by question id.
        order = [(-i["weight"], i["question"])
                 for i in v["indicators"]["smuggling"]]
        self.assertEqual(order, sorted(order))

    def test_child_specific_questions(self):
        adult = make_answers(self.ins, "no_indication")
        # Not required for an adult...
        self.ok("screen", self.ref, self.witness, "--answers",
                self.answers_file(adult), user="inv.a")
        # ...but for a child, each one.
        first = self.question_ids("child_specific")[0]
        full = make_answers(self.ins, "no_indication", child=True)
        del full[first]
        self.fails_cleanly("screen", self.ref, self.child, "--answers",
                           self.answers_file(full), user="inv.a",
                           mention=("answers.%s: not answered" % first,
                                    "child"))
        self.fails_cleanly("screen", self.ref, self.child, "--answers",
                           self.answers_file(adult), user="inv.a",
                           mention=("answers.", "not answered"))
        v = self.ok_json("screen", self.ref, self.child, "--answers",
                         self.answers_file(make_answers(
                             self.ins, "no_indication", child=True)),
                         user="inv.a")
        self.assertEqual(v["outcome"], "no_indication")

    def test_child_questions_do_not_count_for_an_adult(self):
        """Answered for an adult, the child_specific questions are kept
        with the answers but add nothing; for a child they count."""
        group = [g for g in self.ins["groups"]
                 if g["id"] == "child_specific"][0]
        yes = {q["id"]: "yes" for q in group["questions"]}
        answers = make_answers(self.ins, "no_indication", child=True,
                               overrides=yes)
        v = self.ok_json("screen", self.ref, self.witness, "--answers",
                         self.answers_file(answers), user="inv.a")
        self.assertEqual((v["score"], v["outcome"]), (0, "no_indication"))
        self.assertEqual(v["indicators"]["trafficking"], [])
        self.assertEqual(v["answers"], answers)
        self.assertIs(v["made_presumed_victim"], False)
        v = self.ok_json("screen", self.ref, self.child, "--answers",
                         self.answers_file(answers), user="inv.a")
        self.assertEqual(v["score"], expected_score(self.ins, answers,
                                                    child=True))
        self.assertGreater(v["score"], 0)
        outcome = expected_outcome(self.ins, answers, child=True)
        self.assertEqual(v["outcome"], outcome)
        self.assertIs(v["made_presumed_victim"], outcome == "strong")

    def test_answer_errors(self):
        good = make_answers(self.ins, "no_indication")
        qid = sorted(good)[0]
        cases = []
        bad = dict(good)
        bad[qid + "_x"] = "no"
        cases.append((bad, "answers.%s_x: unknown question" % qid))
        bad = dict(good)
        bad[qid] = "maybe"
        cases.append((bad, "answers.%s: not an answer" % qid))
        bad = dict(good)
        bad[qid] = True
        cases.append((bad, "answers.%s: not an answer" % qid))
        bad = dict(good)
        del bad[qid]
        cases.append((bad, "answers.%s: not answered" % qid))
        for answers, mention in cases:
            with self.subTest(mention=mention):
                self.fails_cleanly("screen", self.ref, self.witness,
                                   "--answers", self.answers_file(answers),
                                   user="inv.a", mention=(mention,))
        for doc, mention in (
                ({"answers": good, "comment": "x"}, "comment"),
                ({"answers": good, "instrument": "nosuch-screening"},
                 "nosuch-screening"),
                ({"answers": good, "version": 99}, "version 99"),
                ({"answers": ["yes"]}, "answers"),
                ({}, "answers")):
            with self.subTest(mention=mention):
                p = self.write_json("doc.json", doc)
                self.fails_cleanly("screen", self.ref, self.witness,
                                   "--answers", p, user="inv.a",
                                   mention=(mention,))
        p = self.path("broken.json")
        with open(p, "w") as f:
            f.write('{"answers": {')
        self.fails_cleanly("screen", self.ref, self.witness, "--answers", p,
                           user="inv.a", mention=("not valid JSON",))
        self.fails_cleanly("screen", self.ref, self.witness, "--answers",
                           self.path("missing.json"), user="inv.a",
                           mention=("cannot read",))
        self.fails_cleanly("screen", self.ref, self.witness, user="inv.a",
                           code=2, mention=("--answers",))

    def test_person_must_be_in_the_case(self):
        outsider = self.add_person("--given", "Nobody", "--family", "Test")
        f = self.answers_file(make_answers(self.ins, "strong"))
        self.fails_cleanly("screen", self.ref, outsider, "--answers", f,
                           user="inv.a",
                           mention=("person %s is not in case %s"
                                    % (outsider, self.ref),))
        self.fails_cleanly("screen", self.ref, "x1", "--answers", f,
                           user="inv.a")
        # Prosecutors read screenings but do not screen.
        self.fails_cleanly("screen", self.ref, self.witness, "--answers", f,
                           user="pros.a", mention=("prosecutor",))
        for user in ("inv.b", "ana.a", "admin1"):
            self.fails_cleanly("screen", self.ref, self.witness, "--answers",
                               f, user=user, mention=("not found",))
        self.assertEqual(self.ok_json("screen", "show", self.ref,
                                      user="inv.a"), [])
        r = self.ok("screen", "show", self.ref, user="inv.a")
        self.assertIn("no screenings", r.out)


# ==========================================================================
# Legal assessment and classification
# ==========================================================================

class TestAssessment(EngineCase):

    def setUp(self):
        super().setUp()
        self.ref = self.open_case("inv.a", "Quarry near Chamchamal", None)
        self.new_person(self.ref, "presumed_victim", "Salar", "Test-Aziz",
                        nationality="IQ", age=26, sex="male")

    def codes(self, a):
        return [r["code"] for r in a["reasons"]]

    def test_suggestions(self):
        examples = [
            ({"tip": {"acts": ["recruitment", "transport"],
                      "means": ["deception"], "purposes": ["forced_labour"],
                      "victim_consented": True},
              "border_crossed": False, "child_at_time": False},
             "tip", ["tip.elements_met", "tip.consent_irrelevant",
                     "tip.non_punishment", "tip.no_border_needed"],
             ["som.elements_met"]),
            ({"tip": {"acts": ["transfer", "harbouring"],
                      "purposes": ["forced_begging"]},
              "border_crossed": False, "child_at_time": True},
             "tip", ["tip.elements_met", "tip.child_no_means_needed",
                     "tip.non_punishment"], ["tip.means_missing"]),
            ({"som": {"procurement": ["illegal_entry"],
                      "material_benefit": True,
                      "aggravating": ["danger_to_life"]},
              "border_crossed": True, "child_at_time": False},
             "som", ["som.elements_met", "som.aggravating",
                     "som.migrant_not_liable"],
             ["tip.act_missing", "tip.elements_met", "tip.non_punishment"]),
            (TIP_SOM_ELEMENTS, "tip+som",
             ["tip.elements_met", "tip.consent_irrelevant",
              "som.elements_met", "som.aggravating",
              "som.migrant_not_liable"], ["som.check_tip"]),
            ({"tip": {"acts": ["recruitment"],
                      "purposes": ["forced_labour"]},
              "child_at_time": False},
             "insufficient", ["tip.means_missing", "som.procurement_missing",
                              "som.benefit_missing", "som.border_unknown"],
             ["tip.age_unknown"]),
            ({"som": {"aggravating": ["exploitation"]}}, "insufficient",
             ["som.check_tip", "som.procurement_missing"], []),
        ]
        for elements, suggestion, present, absent in examples:
            with self.subTest(suggestion=suggestion, elements=elements):
                a = self.assess(self.ref, elements)
                self.assertEqual(a["suggestion"], suggestion)
                codes = self.codes(a)
                for c in present:
                    self.assertIn(c, codes)
                for c in absent:
                    self.assertNotIn(c, codes)
                for r in a["reasons"]:
                    self.assertTrue(r["text"].strip())
                self.assertIsNone(a["decision"])
        self.assertEqual(self.actions(ref=self.ref).count("case.assess"),
                         len(examples))

    def test_documented_tip_example(self):
        """The first worked example of docs/legal-elements.md gives the
        reasons it shows, in that order."""
        a = self.assess(self.ref, {
            "tip": {"acts": ["recruitment", "transport"],
                    "means": ["deception"], "purposes": ["forced_labour"],
                    "victim_consented": True},
            "border_crossed": False, "child_at_time": False})
        self.assertEqual(self.codes(a), ["tip.elements_met",
                                         "tip.consent_irrelevant",
                                         "tip.non_punishment",
                                         "tip.no_border_needed"])

    def test_no_assessment_error_says_what_to_do(self):
        """`case assess REF` on a case never assessed says how to record
        one, like every other error line."""
        self.fails_cleanly("case", "assess", self.ref, user="inv.a",
                           mention=("no legal assessment",))

    def test_text_output_and_latest(self):
        before = db_snapshot(self.db)
        r = self.run_t("case", "assess", self.ref, user="inv.a")
        self.assertEqual(r.code, 1, r.describe())
        self.assertIn("has no legal assessment", r.err)
        self.assertEqual(r.out, "")
        self.assertEqual(db_snapshot(self.db), before)
        p = self.write_json("e.json", TIP_ELEMENTS)
        r = self.ok("case", "assess", self.ref, "--elements", p,
                    user="pros.a")
        lines = r.out.splitlines()
        self.assertEqual(lines[0], "suggestion: tip")
        self.assertRegex(lines[1], r"^  - .+ \[tip\.elements_met\]$")
        self.assertIn("tipsom case classify %s KIND" % self.ref, r.out)
        r = self.ok("case", "assess", self.ref, user="cw.a")
        self.assertIn("assessed by pros.a", r.out)
        self.assertIn("suggestion: tip", r.out)
        self.assertIn("not decided yet", r.out)
        latest = self.ok_json("case", "assess", self.ref, user="cw.a")
        self.assert_keys(latest, {"suggestion", "reasons", "elements",
                                  "decision", "by", "at"})
        self.assertEqual(latest["by"], "pros.a")
        # Left out, child_at_time comes from the case: one adult of known
        # age.
        self.assertIs(latest["elements"]["child_at_time"], False)
        self.assertEqual(latest["elements"]["tip"]["acts"],
                         ["recruitment", "transport", "harbouring"])

    def test_malformed_elements(self):
        cases = [
            ({"tip": {"acts": ["recruting"]}}, "tip.acts[0]", "recruting"),
            ({"tip": {"acts": ["transport", "transport"]}}, "tip.acts[1]",
             "repeated"),
            ({"tip": {"means": "force"}}, "tip.means", ""),
            ({"tip": {"purposes": ["forced_labor"]}}, "tip.purposes[0]",
             "forced_labor"),
            ({"tip": {"victim_consented": "yes"}}, "tip.victim_consented",
             ""),
            ({"tip": {"act": ["transport"]}}, "tip.act", "unknown field"),
            ({"som": {"benefit": True}}, "som.benefit", "unknown field"),
            ({"som": {"material_benefit": "true"}}, "som.material_benefit",
             ""),
            ({"som": {"procurement": ["smuggling"]}}, "som.procurement[0]",
             "smuggling"),
            ({"som": {"aggravating": ["violence"]}}, "som.aggravating[0]",
             "violence"),
            ({"child_at_time": "no"}, "child_at_time", ""),
            ({"border_crossed": 1}, "border_crossed", ""),
            ({"colour": "red"}, "colour", "unknown field"),
            ([1, 2], "the file", ""),
        ]
        for doc, path, word in cases:
            with self.subTest(path=path):
                p = self.write_json("bad.json", doc)
                self.fails_cleanly("case", "assess", self.ref, "--elements",
                                   p, user="inv.a",
                                   mention=(path + ":", word))
        p = self.path("broken.json")
        with open(p, "w") as f:
            f.write('{"tip": ')
        self.fails_cleanly("case", "assess", self.ref, "--elements", p,
                           user="inv.a", mention=("not valid JSON",))
        p = self.path("big.json")
        with open(p, "w") as f:
            f.write('{"tip": {"acts": []}, "x": "%s"}' % ("a" * 70000))
        self.fails_cleanly("case", "assess", self.ref, "--elements", p,
                           user="inv.a")

    def test_classify(self):
        ref = self.ref
        self.fails_cleanly("case", "classify", ref, "tip", user="inv.a",
                           mention=("no legal assessment",
                                    "assess its legal elements first"))
        self.assess(ref, {"tip": {"acts": ["recruitment"],
                                  "purposes": ["forced_labour"]}})
        # insufficient stands for unclassified.
        self.fails_cleanly("case", "classify", ref, "tip", user="inv.a",
                           mention=("suggests insufficient", "--reason"))
        self.fails_cleanly("case", "classify", ref, "tip", "--reason", "",
                           user="inv.a", mention=("--reason",))
        self.fails_cleanly("case", "classify", ref, "trafficking",
                           user="inv.a", mention=("trafficking",))
        for user in ("cw.a",):
            self.fails_cleanly("case", "classify", ref, "unclassified",
                               user=user, mention=("caseworker",))
            p = self.write_json("e.json", TIP_ELEMENTS)
            self.fails_cleanly("case", "assess", ref, "--elements", p,
                               user=user, mention=("caseworker",))
        v = self.ok_json("case", "classify", ref, "unclassified",
                         user="inv.a")
        self.assertEqual((v["decision"], v["decision_reason"]),
                         ("unclassified", None))
        v = self.ok_json("case", "classify", ref, "tip", "--reason",
                         SECRET + ": the payslips show a debt",
                         user="pros.a")
        self.assertEqual(v["decision"], "tip")
        self.assertEqual(self.show_case(ref)["case"]["kind"], "tip")
        # A new assessment replaces the one decided on.
        self.assess(ref, TIP_SOM_ELEMENTS)
        self.fails_cleanly("case", "classify", ref, "som", user="sup.a",
                           mention=("suggests tip+som",))
        r = self.ok("case", "classify", ref, "tip+som", user="sup.a")
        self.assertEqual(r.out.strip(), "%s is classified tip+som" % ref)
        c = self.show_case(ref)["case"]
        self.assertEqual((c["kind"], c["sop"]),
                         ("tip+som", {"id": "tip", "version": 2}))
        # The kind opens the kind:tip+som step.
        self.assertNotEqual(self.state(ref, "assess_smuggling_elements")[
            "state"], "not_applicable")
        audit = [json.loads(c) for (c,) in db_query(
            self.db, "SELECT changes FROM audit WHERE action = "
            "'case.classify' AND object_id = ? ORDER BY seq", (ref,))]
        self.assertEqual([(a["from"], a["kind"], a["suggestion"])
                          for a in audit],
                         [("unclassified", "unclassified", "insufficient"),
                          ("unclassified", "tip", "insufficient"),
                          ("tip", "tip+som", "tip+som")])
        self.assertEqual([a["reason_length"] > 0 for a in audit],
                         [False, True, False])
        self.assert_no_secret_in_audit()


# ==========================================================================
# Importing an SOP version and moving cases to it
# ==========================================================================

class TestImportAndUpgrade(EngineCase):

    def tip_v2(self, version=3):
        """sops/tip.json as version 3, less one optional step nothing
        depends on and no due rule names."""
        with open(os.path.join(SOPS, "tip.json"), encoding="utf-8") as f:
            sop = json.load(f)
        sop["version"] = version
        steps = sop_steps(sop)
        needed = {d for _p, s in steps for d in s.get("depends_on", [])}
        needed |= {s.get("due", {}).get("from", "")[5:] for _p, s in steps}
        gone = [s["id"] for _p, s in steps
                if s["id"] not in needed and not s["mandatory"]][0]
        for p in sop["phases"]:
            p["steps"] = [s for s in p["steps"] if s["id"] != gone]
        return sop, gone

    def test_import_and_upgrade(self):
        db = self.fresh_copy()
        old = self.open_case("inv.a", "Before the new SOP", db)
        self.do(old, "ensure_immediate_safety", "inv.a", db=db)
        sop, gone = self.tip_v2()
        self.skip(old, gone, "sup.a", "not needed", db=db)
        path = self.write_json("tip-v3.json", sop)
        with open(path, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()

        for user in ("sup.a", "inv.a", "ana.a"):
            self.fails_cleanly("sop", "import", path, user=user, db=db,
                               mention=("may not sop.manage",))
        bad = copy.deepcopy(sop)
        bad["phases"][1]["steps"][0]["depends_on"] = ["intervew"]
        self.fails_cleanly("sop", "import", self.write_json("bad.json", bad),
                           user="admin1", db=db, mention=(
                               "phases[1].steps[0].depends_on[0]",
                               "intervew"))
        bad = copy.deepcopy(sop)
        bad["phases"][0]["steps"][0]["due"]["within"] = "2 hours"
        self.fails_cleanly("sop", "import", self.write_json("bad.json", bad),
                           user="admin1", db=db,
                           mention=("phases[0].steps[0].due.within",))
        same = dict(sop, version=2)
        self.fails_cleanly("sop", "import", self.write_json("v2.json", same),
                           user="admin1", db=db,
                           mention=("version 2 is stored already",))

        r = self.ok("sop", "import", path, user="admin1", db=db)
        self.assertIn("imported SOP tip version 3", r.out)
        listed = [e for e in self.ok_json("sop", "list", db=db)
                  if e["id"] == "tip"]
        self.assertEqual([(e["version"], e["origin"], e["current"],
                           e["imported_by"]) for e in listed],
                         [(2, "shipped", False, None),
                          (3, "imported", True, "admin1")])
        self.assertEqual(listed[1]["sha256"], sha)
        self.assertEqual(self.ok_json("sop", "show", "tip", db=db)["version"],
                         3)
        self.assertEqual(self.ok_json("sop", "show", "tip@2",
                                      db=db)["version"], 2)
        imp = db_query(db, "SELECT object_id, changes FROM audit WHERE "
                       "action = 'definition.import'")
        self.assertEqual(len(imp), 1)
        self.assertEqual(imp[0][0], "tip")
        self.assertEqual(json.loads(imp[0][1])["sha256"], sha)
        # The same version again, or a lower one: refused, nothing stored.
        self.fails_cleanly("sop", "import", path, user="admin1", db=db,
                           mention=("version 3 is stored already",
                                    "above 3"))
        self.fails_cleanly("sop", "import", os.path.join(SOPS, "tip.json"),
                           user="admin1", db=db,
                           mention=("stored already",))
        # init's seeding does not bring back a lower shipped version.
        self.ok("migrate", db=db)
        self.assertEqual(len([e for e in self.ok_json("sop", "list", db=db)
                              if e["id"] == "tip"]), 2)

        # New cases get version 3; the old case stays on 2.
        new = self.open_case("inv.a", "After the new SOP", db)
        self.assertEqual(self.case_sop(new, db=db), {"id": "tip",
                                                     "version": 3})
        v = self.steps(new, db=db)
        self.assertNotIn(gone, by_id(v))
        self.assertEqual(self.case_sop(old, db=db), {"id": "tip",
                                                     "version": 2})
        self.assertIn(gone, by_id(self.steps(old, db=db)))
        som = self.open_case("inv.a", "SOM stays", db, "--kind", "som")
        self.assertEqual(self.case_sop(som, db=db), {"id": "som",
                                                     "version": 2})

        # Moving the old case.
        self.fails_cleanly("case", "upgrade-sop", old, user="inv.a", db=db,
                           code=2, mention=("--reason",))
        self.fails_cleanly("case", "upgrade-sop", old, "--reason", "x",
                           user="cw.a", db=db, mention=("caseworker",))
        self.fails_cleanly("case", "upgrade-sop", old, "--to", "tip@2",
                           "--reason", "x", user="inv.a", db=db,
                           mention=("tip version 2 is superseded by "
                                    "version 3",))
        self.fails_cleanly("case", "upgrade-sop", old, "--to", "tip@9",
                           "--reason", "x", user="inv.a", db=db,
                           mention=('"tip" version 9',))
        self.fails_cleanly("case", "upgrade-sop", old, "--to", "tip@two",
                           "--reason", "x", user="inv.a", db=db,
                           mention=("tip@two",))
        self.fails_cleanly("case", "upgrade-sop", old, "--to", "nosuch",
                           "--reason", "x", user="inv.a", db=db,
                           mention=("nosuch",))
        v = self.ok_json("case", "upgrade-sop", old, "--reason",
                         SECRET + ": ministry circular", user="sup.a", db=db)
        self.assertEqual(v["case"]["sop"], {"id": "tip", "version": 3})
        self.assertEqual(v["orphaned_steps"], 1)
        self.assertEqual(self.case_sop(old, db=db), {"id": "tip",
                                                     "version": 3})
        v = self.steps(old, db=db)
        self.assertEqual(v["sop"], {"id": "tip", "version": 3})
        self.assertNotIn(gone, by_id(v))
        # Work done under version 2 counts under version 3.
        self.assertEqual(by_id(v)["ensure_immediate_safety"]["state"], "done")
        self.fails_cleanly("case", "upgrade-sop", old, "--reason", "again",
                           user="sup.a", db=db,
                           mention=("already on SOP tip version 3",
                                    "nothing to do"))
        self.fails_cleanly("case", "upgrade-sop", old, "--to", "tip@2",
                           "--reason", "back", user="sup.a", db=db,
                           mention=("a case moves only to the newest "
                                    "version",))
        self.fails_cleanly("case", "do", old, gone, user="inv.a", db=db,
                           mention=("SOP tip version 3 has no step",))
        rows = db_query(db, "SELECT changes FROM audit WHERE action = "
                        "'case.sop_upgrade' AND object_id = ?", (old,))
        self.assertEqual(len(rows), 1)
        c = json.loads(rows[0][0])
        self.assertEqual((c["from"], c["from_version"], c["to"],
                          c["to_version"], c["orphaned_steps"]),
                         ("tip", 2, "tip", 3, 1))
        self.assertGreater(c["reason_length"], 0)
        self.assert_no_secret_in_audit(db)
        self.assertEqual(self.audit_entries(db),
                         db_query(db, "SELECT count(*) FROM audit")[0][0])

    def test_upgrade_to_an_sop_not_for_the_case_kind(self):
        """A TIP case cannot move to the SOM SOP, whose case_kinds are
        ["som", "tip+som"]."""
        db = self.fresh_copy()
        ref = self.open_case("inv.a", "Kind tip", db, "--kind", "tip")
        self.fails_cleanly("case", "upgrade-sop", ref, "--to", "som",
                           "--reason", "x", user="inv.a", db=db)

    def test_no_way_back_through_another_sop(self):
        """A case moves only to the newest version of an SOP, so tip@3 ->
        som@2 -> tip@2 cannot put it back on an older tip."""
        db = self.fresh_copy()
        sop, _gone = self.tip_v2()
        self.ok("sop", "import", self.write_json("tip-v3.json", sop),
                user="admin1", db=db)
        ref = self.open_case("inv.a", "Round trip", db, "--kind",
                             "tip+som")
        self.assertEqual(self.case_sop(ref, db=db)["version"], 3)
        self.run_t("case", "upgrade-sop", ref, "--to", "som", "--reason",
                   "x", user="inv.a", db=db)
        self.fails_cleanly("case", "upgrade-sop", ref, "--to", "tip@2",
                           "--reason", "x", user="inv.a", db=db)


# ==========================================================================
# The audit chain
# ==========================================================================

class TestAuditChain(EngineCase):

    def test_every_action_is_audited_without_text(self):
        """One case through every audited kind of act, with the same
        marker text in every note and reason: each act leaves its audit
        row, none holds the text, and the chain verifies."""
        db = self.fresh_copy()
        ref = self.open_case("inv.a", "Audit trail", db, "--kind", "tip")
        pid = self.new_person(ref, "presumed_victim", "Narin", "Test",
                              nationality="IQ", age=23, db=db)
        start = db_query(db, "SELECT max(seq) FROM audit")[0][0]
        self.do(ref, "ensure_immediate_safety", "inv.a", note=SECRET, db=db)
        self.skip(ref, "secure_digital_evidence", "sup.a", SECRET, db=db)
        self.ok("case", "reopen", ref, "secure_digital_evidence", "--reason",
                SECRET, user="sup.a", db=db)
        self.record(ref, "risk_assessment", "cw.a", note=SECRET, db=db)
        self.record(ref, "reflection_waived", "cw.a", note=SECRET, db=db)
        self.record(ref, "informed_consent", "cw.a", person=pid, note=SECRET,
                    db=db)
        self.record(ref, "supervisor_approval", "sup.a", step="close_case",
                    note=SECRET, db=db)
        if walk_instrument():
            self.screen(ref, pid, "strong", db=db)
        self.assess(ref, TIP_ELEMENTS, db=db)
        self.ok("case", "classify", ref, "tip", "--reason", SECRET,
                user="sup.a", db=db)
        with open(os.path.join(SOPS, "tip.json"), encoding="utf-8") as f:
            sop = json.load(f)
        sop["version"] = 3
        sop["summary"] = {"en": "Adapted"}
        self.ok("sop", "import", self.write_json("tip3.json", sop),
                user="admin1", db=db)
        self.ok("case", "upgrade-sop", ref, "--to", "tip@3", "--reason",
                SECRET, user="sup.a", db=db)
        rows = db_query(db, "SELECT action, object_type, object_id, "
                        "changes FROM audit WHERE seq > ? ORDER BY seq",
                        (start,))
        acts = [r[0] for r in rows]
        want = ["case.step_done", "case.step_skipped", "case.step_reopened",
                "case.fact", "case.fact", "case.fact", "case.fact"]
        if walk_instrument():
            want += ["case.screen"]
        want += ["case.assess", "case.classify", "definition.import",
                 "case.sop_upgrade"]
        self.assertEqual(acts, want)
        for action, otype, oid, changes in rows:
            json.loads(changes)
            if action.startswith("case."):
                self.assertEqual((otype, oid), ("case", ref))
            else:
                self.assertEqual((otype, oid), ("definition", "tip"))
        self.assert_no_secret_in_audit(db)
        r = self.ok("audit", "verify", user="admin1", db=db)
        self.assertTrue(r.out.strip())
        self.assertEqual(self.audit_entries(db),
                         db_query(db, "SELECT count(*) FROM audit")[0][0])
        # The texts are kept where they belong: the case's own tables,
        # sealed there like notes.
        notes = [n for (n,) in base.db_opened(
            db, "SELECT note FROM step_events", ("step_events.note",))]
        self.assertEqual(notes.count(SECRET), 3)
        facts = [n for (n,) in base.db_opened(
            db, "SELECT note FROM case_facts", ("case_facts.note",))]
        self.assertEqual(facts.count(SECRET), 4)
        self.assertEqual(db_query(db, "SELECT count(*) FROM step_events "
                                  "WHERE note = ?", (SECRET,))[0][0], 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
