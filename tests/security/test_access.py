#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The access-control matrix: every operation of docs/openapi.json, as
every role of two agencies, on objects of the user's own agency, of the
other agency and on ids that do not exist.

The rules asserted are src/core/access.c's and docs/api.md's:
- a role lacking the operation's permission (ROUTE_PERMS below, from the
  core function each handler calls; ROLE_PERMS from access.c's table,
  checked against GET /roles) is refused: 403 naming that permission, or
  404 for a case route when the role reads no cases;
- another agency's object that was not shared with the user's agency
  answers exactly what an id that does not exist answers (status, code,
  field): the API does not tell whether it exists, and for case routes
  that answer is 404, never 403;
- a case shared for a scope is read within it (200), its other parts are
  403 naming the scope, and every change stays the owner's (403);
- an object the user's agency owns is read (200) by a role that may;
- none of the refused requests writes a row anywhere.

    TIPSOM=build/test/tipsom python3 tests/security/test_access.py -v
"""

import re
import sys
import unittest

import harness as h
from harness import api

# access.c role_perms, transcribed: test_role_table checks it against
# what the server says (GET /roles), so the table below cannot drift.
ROLE_PERMS = {
    "admin": {"agency.manage", "user.manage", "audit.read", "sop.manage",
              "provider.read", "provider.manage", "store.backup"},
    "supervisor": {"case.read", "case.open", "case.note", "case.edit",
                   "case.close", "person.create", "identity.read",
                   "audit.read", "case.step", "case.classify", "case.share",
                   "provider.read", "provider.manage", "referral.answer",
                   "cooperation.manage", "person.merge", "stats.read",
                   "export.deidentified", "data.import", "data.export",
                   "outreach.record", "intake.report", "intake.triage"},
    "investigator": {"case.read", "case.open", "case.note", "case.edit",
                     "case.close", "person.create", "identity.read",
                     "case.step", "case.classify", "provider.read",
                     "cooperation.manage", "intake.report",
                     "intake.triage"},
    "caseworker": {"case.read", "case.open", "case.note", "case.edit",
                   "person.create", "identity.read", "case.step",
                   "provider.read", "referral.answer", "outreach.record",
                   "intake.report"},
    "prosecutor": {"case.read", "case.note", "identity.read", "case.step",
                   "case.classify", "provider.read", "cooperation.manage",
                   "intake.report"},
    "analyst": {"stats.read", "export.deidentified"},
    "trainer": {"training.manage"},
    "trainee": set(),
}

# The permission each operation needs, from the core function its handler
# calls (access_require / case__find).  A set: any one of them will do.
# None: every logged-in user.  Operations on one's own session are the
# session suite's (test_web.py) and left out here.
ROUTE_PERMS = {
    ("GET", "/api/v1/agencies"): None,
    ("POST", "/api/v1/agencies"): {"agency.manage"},
    ("GET", "/api/v1/users"): {"user.manage"},
    ("POST", "/api/v1/users"): {"user.manage"},
    ("POST", "/api/v1/users/{username}/unlock"): {"user.manage"},
    ("DELETE", "/api/v1/users/{username}/totp"): {"user.manage"},
    ("GET", "/api/v1/roles"): None,
    ("POST", "/api/v1/persons"): {"person.create"},
    ("GET", "/api/v1/persons/duplicates"): {"person.merge"},
    ("GET", "/api/v1/persons/{id}"): {"identity.read"},
    ("GET", "/api/v1/audit"): {"audit.read"},
    ("GET", "/api/v1/cases"): {"case.read"},
    ("POST", "/api/v1/cases"): {"case.open"},
    ("GET", "/api/v1/cases/{ref}"): {"case.read"},
    ("POST", "/api/v1/cases/{ref}/notes"): {"case.note"},
    ("POST", "/api/v1/cases/{ref}/close"): {"case.close"},
    ("POST", "/api/v1/cases/{ref}/people"): {"case.edit"},
    ("POST", "/api/v1/cases/{ref}/route"): {"case.edit"},
    ("GET", "/api/v1/cases/{ref}/steps"): {"case.read"},
    ("POST", "/api/v1/cases/{ref}/steps/{step}"): {"case.step"},
    ("GET", "/api/v1/cases/{ref}/facts"): {"case.read"},
    ("POST", "/api/v1/cases/{ref}/facts"): {"case.step"},
    ("GET", "/api/v1/cases/{ref}/screenings"): {"case.read"},
    ("POST", "/api/v1/cases/{ref}/screenings"): {"case.edit"},
    ("GET", "/api/v1/cases/{ref}/assessment"): {"case.read"},
    ("POST", "/api/v1/cases/{ref}/assessment"): {"case.classify"},
    ("POST", "/api/v1/cases/{ref}/classification"): {"case.classify"},
    ("POST", "/api/v1/cases/{ref}/sop"): {"case.classify"},
    ("GET", "/api/v1/cases/{ref}/shares"): {"case.read"},
    ("POST", "/api/v1/cases/{ref}/shares"): {"case.share"},
    ("POST", "/api/v1/cases/{ref}/shares/{id}/revoke"): {"case.share"},
    ("GET", "/api/v1/cases/{ref}/transfers"): {"case.read"},
    ("POST", "/api/v1/cases/{ref}/transfers"): {"case.share"},
    ("GET", "/api/v1/cases/{ref}/referrals"): {"case.read"},
    ("POST", "/api/v1/cases/{ref}/referrals"): {"case.edit"},
    ("GET", "/api/v1/cases/{ref}/cooperation"): {"case.read"},
    ("POST", "/api/v1/cases/{ref}/cooperation"): {"cooperation.manage"},
    ("GET", "/api/v1/cases/{ref}/links"): {"case.read"},
    ("POST", "/api/v1/cases/{ref}/links"): {"case.edit"},
    ("POST", "/api/v1/cases/{ref}/calls"): {"case.edit"},
    ("GET", "/api/v1/cases/{ref}/exercise"): {"case.read"},
    ("GET", "/api/v1/sops"): None,
    ("POST", "/api/v1/sops"): {"sop.manage"},
    ("GET", "/api/v1/sops/{id}"): None,
    ("GET", "/api/v1/work"): {"case.read"},
    ("GET", "/api/v1/providers"): {"provider.read"},
    ("POST", "/api/v1/providers"): {"provider.manage"},
    ("GET", "/api/v1/providers/{code}"): {"provider.read"},
    ("POST", "/api/v1/providers/{code}"): {"provider.manage"},
    ("GET", "/api/v1/referrals"): {"case.read"},
    ("GET", "/api/v1/referrals/{id}"): {"case.read", "referral.answer"},
    ("POST", "/api/v1/referrals/{id}/status"): {"case.edit",
                                               "referral.answer"},
    ("POST", "/api/v1/referrals/{id}/withdraw-consent"): {
        "case.edit", "referral.answer"},
    ("GET", "/api/v1/cooperation"): {"case.read"},
    ("GET", "/api/v1/cooperation/{id}"): {"case.read"},
    ("POST", "/api/v1/cooperation/{id}/status"): {"cooperation.manage"},
    ("POST", "/api/v1/cooperation/{id}/follow-ups"): {"cooperation.manage"},
    ("GET", "/api/v1/persons/{id}/links"): {"case.read"},
    ("POST", "/api/v1/persons/{id}/links"): {"case.edit"},
    ("GET", "/api/v1/links/network"): {"case.read"},
    ("GET", "/api/v1/links/network.graphml"): {"case.read"},
    ("DELETE", "/api/v1/links/{id}"): {"case.edit"},
    ("GET", "/api/v1/search/persons"): {"identity.read"},
    ("GET", "/api/v1/persons/{id}/merges"): {"person.merge"},
    ("POST", "/api/v1/persons/{id}/merges"): {"person.merge"},
    ("POST", "/api/v1/persons/{id}/unmerge"): {"person.merge"},
    ("POST", "/api/v1/persons/{id}/distinct"): {"person.merge"},
    ("GET", "/api/v1/exports/htcds"): {"export.deidentified"},
    ("GET", "/api/v1/stats"): {"stats.read"},
    ("GET", "/api/v1/exports/cases"): {"data.export"},
    ("GET", "/api/v1/exports/persons"): {"data.export"},
    ("GET", "/api/v1/exports/steps"): {"data.export"},
    ("GET", "/api/v1/exports/referrals"): {"data.export"},
    # The library of case studies (fictional teaching material) is
    # every user's to read; only its exercises need a training store.
    ("GET", "/api/v1/training/case-studies"): None,
    ("POST", "/api/v1/training/case-studies"): {"training.manage"},
    ("GET", "/api/v1/training/exercises"): {"training.exercise"},
    ("POST", "/api/v1/training/exercises"): {"training.exercise"},
    ("GET", "/api/v1/training/exercises/{id}"): {"training.manage",
                                                 "training.exercise"},
    ("POST", "/api/v1/training/exercises/{id}/finish"): {
        "training.exercise"},
    # Exercise groups are the trainer's in a training store only.
    ("GET", "/api/v1/training/groups"): {"training.exercise"},
    ("POST", "/api/v1/training/groups"): {"training.exercise"},
    ("GET", "/api/v1/training/groups/{id}"): {"training.exercise"},
    ("POST", "/api/v1/training/groups/{id}/close"): {"training.exercise"},
    ("GET", "/api/v1/training/courses"): {"training.manage", "stats.read"},
    ("POST", "/api/v1/training/courses"): {"training.manage"},
    ("GET", "/api/v1/training/courses/{code}"): {"training.manage",
                                                 "stats.read"},
    ("GET", "/api/v1/training/participants"): {"training.manage"},
    ("POST", "/api/v1/training/participants"): {"training.manage"},
    ("GET", "/api/v1/training/sessions"): {"training.manage",
                                           "stats.read"},
    ("POST", "/api/v1/training/sessions"): {"training.manage"},
    ("GET", "/api/v1/training/sessions/{id}"): {"training.manage"},
    ("POST", "/api/v1/training/sessions/{id}/participants"): {
        "training.manage"},
    ("POST", "/api/v1/training/sessions/{id}/participants/{participant}"): {
        "training.manage"},
    ("POST", "/api/v1/training/sessions/{id}/participants/{participant}/"
             "certificate"): {"training.manage"},
    ("GET", "/api/v1/training/sessions/{id}/cascade"): {"training.manage",
                                                        "stats.read"},
    ("GET", "/api/v1/stats/training"): {"training.manage", "stats.read"},
    ("GET", "/api/v1/sheets"): None,
    ("GET", "/api/v1/sheets/{id}"): None,
    ("GET", "/api/v1/counselling"): {"outreach.record"},
    ("POST", "/api/v1/counselling"): {"outreach.record"},
    ("GET", "/api/v1/counselling/{id}"): {"outreach.record"},
    ("POST", "/api/v1/counselling/{id}"): {"outreach.record"},
    ("GET", "/api/v1/awareness"): {"outreach.record"},
    ("POST", "/api/v1/awareness"): {"outreach.record"},
    ("GET", "/api/v1/awareness/{id}"): {"outreach.record"},
    ("POST", "/api/v1/awareness/{id}"): {"outreach.record"},
    # Reports of a suspected case: every case role reports; supervisors
    # and investigators triage what their agency receives.
    ("POST", "/api/v1/intake"): {"intake.report"},
    ("GET", "/api/v1/intake"): {"intake.triage"},
    ("GET", "/api/v1/intake/sent"): {"intake.report"},
    ("GET", "/api/v1/intake/{id}"): {"intake.report", "intake.triage"},
    ("POST", "/api/v1/intake/{id}/acknowledge"): {"intake.triage"},
    ("POST", "/api/v1/intake/{id}/links"): {"intake.triage"},
    ("POST", "/api/v1/intake/{id}/unlink"): {"intake.triage"},
}

# No login at all, and one's own session: other suites.
PUBLIC = {("GET", "/api/v1/openapi.json"), ("GET", "/api/v1/about"),
          ("GET", "/api/v1/certificates/{code}")}
OWN_SESSION = "/api/v1/session"

# Operations that read a whole document (an SOP, a case study) and check
# its form before the permission: a refusal there may be 422, as for
# anyone sending a malformed document; nothing is written either way.
VALIDATES_FIRST = {("POST", "/api/v1/sops"),
                   ("POST", "/api/v1/training/case-studies"),
                   ("POST", "/api/v1/training/exercises"),
                   ("POST", "/api/v1/training/groups")}

# What is national rather than an agency's: the directory of service
# providers and the training programme (courses, sessions, participants
# of any agency: docs/api.md).  Every role that may read them reads
# another agency's; changing a session stays with the agency that
# organises it (403 naming it, programme.c own_session).
NATIONAL = ("/api/v1/providers/", "/api/v1/training/courses/",
            "/api/v1/training/sessions")

# Administrators run the store's accounts and read its whole audit log
# (access.c, docs/api.md): for them another agency's users and cases in
# these operations are not another agency's objects.  SECURITY.md names
# the risk.
STORE_WIDE_ADMIN = ("/api/v1/users/", "/api/v1/audit")

# What a case of one's own need not have: a 404 there is not a refusal.
# A report is read by its reporter and its receiving agency's triage
# roles, not by every role of that agency (core/intake.h).
MAY_BE_ABSENT = ("/exercise", "/training/exercises/", "/training/groups/",
                 "/api/v1/intake/{id}")

# Exercises run in a training store only (access.c): in a store of real
# cases nobody has training.exercise, trainers included.
TRAINING_STORE_ONLY = {"training.exercise"}

# Objects are named in the path, and for some operations in the query:
# those are probed like path ids.
QUERY = {
    "/api/v1/links/network": "?case={ref}",
    "/api/v1/links/network.graphml": "?case={ref}",
    "/api/v1/audit": "?case={ref}",
    "/api/v1/cooperation": "?case={ref}",
    "/api/v1/persons/duplicates": "?person={person}",
    "/api/v1/training/sessions": "?course={course}",
    "/api/v1/cases/{ref}/screenings": "?person={person}",
    "/api/v1/search/persons": "?q=Rahimi",
}

# A valid body for each write: a refusal then cannot be a validation
# error standing in for the access check.  {name} is the target's.
BODIES = {
    "/api/v1/agencies": {"code": "ZZ-ATTACK", "name": "Attack",
                         "kind": "other"},
    "/api/v1/users": {"agency": "{agency}", "username": "attack.user",
                      "full_name": "Attack User", "role": "supervisor",
                      "password": "Attack-Passphrase-2026!"},
    "/api/v1/users/{username}/unlock": {},
    "/api/v1/persons": {"given": "Attackgiven", "family": "Attackfamily",
                        "sex": "female"},
    "/api/v1/cases": {"title": "Attack case", "kind": "tip"},
    "/api/v1/cases/{ref}/notes": {"text": "attack note"},
    "/api/v1/cases/{ref}/close": {"reason": "attack"},
    "/api/v1/cases/{ref}/people": {"person_id": "{person2}",
                                   "role": "witness"},
    "/api/v1/cases/{ref}/route": {"countries": ["AF", "IR", "TR"]},
    "/api/v1/cases/{ref}/steps/{step}": {"action": "done", "note": "x"},
    "/api/v1/cases/{ref}/facts": {"fact": "informed_consent",
                                  "person_id": "{person}", "note": "x"},
    "/api/v1/cases/{ref}/screenings": {"person_id": "{person}",
                                       "answers": {}},
    "/api/v1/cases/{ref}/assessment": {
        "tip": {"acts": ["recruitment"], "means": ["deception"],
                "purposes": ["forced_labour"]}, "border_crossed": False},
    "/api/v1/cases/{ref}/classification": {"kind": "tip", "reason": "x"},
    "/api/v1/cases/{ref}/sop": {"to": "tip@1", "reason": "attack"},
    "/api/v1/cases/{ref}/shares": {"agency": "{other_agency}",
                                   "scope": "whole", "reason": "attack"},
    "/api/v1/cases/{ref}/shares/{id}/revoke": {"reason": "attack"},
    "/api/v1/cases/{ref}/transfers": {"agency": "{other_agency}",
                                      "reason": "attack"},
    "/api/v1/cases/{ref}/referrals": {
        "person": "{person}", "provider": "{provider}", "service": "shelter",
        "needs": "attack", "send": True,
        "consent": {"explained": "x", "language": "ar",
                    "scope": ["identity"], "given_on": "2026-01-10"}},
    "/api/v1/cases/{ref}/cooperation": {
        "kind": "mla", "country": "tr", "authority": "x",
        "legal_basis": "UNTOC art. 18", "subject": "attack"},
    "/api/v1/cases/{ref}/links": {"kind": "phone",
                                  "value": "+964 750 999 0001"},
    "/api/v1/cases/{ref}/calls": {
        "csv": "caller,callee,time,duration\n+964 750 999 0002,"
               "+964 750 999 0003,2026-03-01T10:15:00Z,10\n"},
    "/api/v1/sops": {"format": "tipsom-sop/1", "id": "attack"},
    "/api/v1/providers": {"code": "ATTACK-PRV", "name": "Attack",
                          "region": "Erbil", "services": ["shelter"],
                          "accepts": ["women"]},
    "/api/v1/providers/{code}": {"name": "Attacked", "version": 1},
    "/api/v1/referrals/{id}/status": {"status": "withdrawn",
                                      "reason": "attack"},
    "/api/v1/referrals/{id}/withdraw-consent": {"reason": "attack"},
    "/api/v1/cooperation/{id}/status": {"status": "withdrawn",
                                        "reason": "attack", "version": 1},
    "/api/v1/cooperation/{id}/follow-ups": {"channel": "phone",
                                            "note": "attack", "version": 1},
    "/api/v1/persons/{id}/links": {"kind": "email",
                                   "value": "attack@example.org"},
    "/api/v1/persons/{id}/merges": {"other": "{person2}",
                                    "reason": "attack", "confirm": True},
    "/api/v1/persons/{id}/unmerge": {"reason": "attack"},
    "/api/v1/persons/{id}/distinct": {"other": "{person2}",
                                      "reason": "attack"},
    "/api/v1/training/case-studies": {"format": "tipsom-case-study/1"},
    "/api/v1/training/exercises": {"study": "attack"},
    "/api/v1/training/exercises/{id}/finish": {},
    "/api/v1/training/groups": {"study": "attack", "title": "attack"},
    "/api/v1/training/groups/{id}/close": {},
    "/api/v1/training/courses": {"code": "ATTACK-1", "title": "Attack",
                                 "hours": 2},
    "/api/v1/training/participants": {"full_name": "Attack Person",
                                      "organisation": "x", "job": "x",
                                      "sex": "female", "region": "Erbil"},
    "/api/v1/training/sessions": {"course": "{course}",
                                  "starts_on": "2026-01-10",
                                  "ends_on": "2026-01-11", "place": "x",
                                  "region": "Erbil",
                                  "trainers": ["{participant}"]},
    "/api/v1/training/sessions/{id}/participants": {
        "participant": "{participant2}"},
    "/api/v1/training/sessions/{id}/participants/{participant}": {
        "days_attended": 1},
    "/api/v1/training/sessions/{id}/participants/{participant}/"
    "certificate": {},
    "/api/v1/counselling": {"pseudonym": "Attack",
                            "topics": ["legal_pathways"]},
    "/api/v1/counselling/{id}": {"notes": "attack"},
    "/api/v1/awareness": {"kind": "community", "held_on": "2026-01-10",
                          "place": "Attack hall", "region": "Erbil",
                          "audience": "returnees", "female_adults": 3},
    "/api/v1/awareness/{id}": {"version": 1, "place": "Attack hall"},
    "/api/v1/intake": {"to": "{agency}", "what": "attack report"},
    "/api/v1/intake/{id}/acknowledge": {},
    "/api/v1/intake/{id}/links": {"other": "{report2}"},
    "/api/v1/intake/{id}/unlink": {"other": "{report2}"},
}

# Ids that exist nowhere, in the shape of real ones.
GHOST = {"ref": "{agency}-2026-099999", "person": "990001",
         "person2": "990002", "referral": "990003", "coop": "990004",
         "link": "990005", "share": "990006", "course": "NO-SUCH-COURSE",
         "session": "990007", "participant": "990008",
         "participant2": "990009", "provider": "NO-SUCH-PRV",
         "username": "no.such.user", "exercise": "990010",
         "group": "990011", "counselling": "990012",
         "sheet": "no-such-sheet", "awareness": "990013",
         "report": "RPT-2026-99991", "report2": "RPT-2026-99992"}


def id_kind(template):
    """What {id} names in template."""
    for prefix, kind in (("/api/v1/persons/", "person"),
                         ("/api/v1/referrals/", "referral"),
                         ("/api/v1/cooperation/", "coop"),
                         ("/api/v1/links/", "link"),
                         ("/api/v1/cases/{ref}/shares/", "share"),
                         ("/api/v1/training/exercises/", "exercise"),
                         ("/api/v1/training/groups/", "group"),
                         ("/api/v1/training/sessions/", "session"),
                         ("/api/v1/counselling/", "counselling"),
                         ("/api/v1/sheets/", "sheet"),
                         ("/api/v1/awareness/", "awareness"),
                         ("/api/v1/intake/", "report"),
                         ("/api/v1/sops/", "sop")):
        if template.startswith(prefix):
            return kind
    return None


def code_kind(template):
    if template.startswith("/api/v1/providers/"):
        return "provider"
    return "course"


def names_objects(template):
    """Whether the operation names an object that belongs to an agency
    (in its path or its query)."""
    t = template + QUERY.get(template, "")
    if "{id}" in t and id_kind(template) in ("sop", "sheet"):
        return False
    return bool(re.search(r"\{(ref|id|code|username|participant|person|"
                          r"course)\}", t))


def fill(text, objs):
    """text with every {name} replaced by objs' value."""
    def one(m):
        return str(objs[m.group(1)])
    return re.sub(r"\{([a-z_0-9]+)\}", one, text)


def fill_path(template, objs):
    kinds = dict(objs)
    kinds["id"] = objs.get(id_kind(template) or "", "tip")
    kinds["code"] = objs[code_kind(template)]
    kinds["step"] = "ensure_immediate_safety"
    return fill(template + QUERY.get(template, ""), kinds)


def fill_body(value, objs):
    if isinstance(value, dict):
        return {k: fill_body(v, objs) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_body(v, objs) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\{[a-z_0-9]+\}", value):
        v = objs[value[1:-1]]
        return int(v) if str(v).isdigit() else v
    if isinstance(value, str):
        return fill(value, objs)
    return value


def may(role, perms):
    if perms is None:
        return True
    return bool(ROLE_PERMS[role] & (perms - TRAINING_STORE_ONLY))


def operations():
    """(method, template) of every operation the matrix probes."""
    out = []
    for method, template, _ in api.API.operations():
        if (method, template) in PUBLIC or template.startswith(OWN_SESSION):
            continue
        out.append((method, template))
    return out




def setUpModule():
    h.start_module("tipsom-access-")


def tearDownModule():
    h.stop_module()


stack = h.stack


class Fixture:
    """One agency's objects of every kind, made through the API by its
    own users."""

    def __init__(self, tc, g):
        s = stack()
        other = "b" if g == "a" else "a"
        inv = s.user(h.username("investigator", g))
        sup = s.user(h.username("supervisor", g))
        cw = s.user(h.username("caseworker", g))
        trainer = s.user(h.username("trainer", g))
        admin = s.user(h.username("admin", g))
        o = {"agency": h.AGENCY[g], "other_agency": h.AGENCY[other],
             "username": h.username("investigator", g)}
        o["ref"] = tc.ok(inv.post("/api/v1/cases", {
            "title": "Matrix case %s" % g, "kind": "tip",
            "summary": "Recruited with a false job offer"}), 201)["ref"]
        o["person"] = tc.ok(inv.post("/api/v1/persons", {
            "given": "Matrixgiven%s" % g, "family": "Rahimi",
            "sex": "female"}), 201)["id"]
        o["person2"] = tc.ok(inv.post("/api/v1/persons", {
            "given": "Matrixsuspect%s" % g, "family": "Kamal",
            "sex": "male"}), 201)["id"]
        tc.ok(inv.post("/api/v1/cases/%s/people" % o["ref"], {
            "person_id": o["person"], "role": "presumed_victim"}), 201)
        tc.ok(inv.post("/api/v1/cases/%s/notes" % o["ref"],
                       {"text": "First interview held"}), 201)
        tc.ok(inv.post("/api/v1/cases/%s/assessment" % o["ref"], {
            "tip": {"acts": ["recruitment"], "means": ["deception"],
                    "purposes": ["forced_labour"]},
            "border_crossed": False}), 201)
        o["link"] = tc.ok(inv.post("/api/v1/cases/%s/links" % o["ref"], {
            "kind": "phone", "value": "+964 750 100 000%d"
            % (1 if g == "a" else 2)}), 201)["id"]
        o["coop"] = tc.ok(inv.post("/api/v1/cases/%s/cooperation"
                                   % o["ref"], {
            "kind": "mla", "country": "tr", "authority": "Ministry of "
            "Justice", "legal_basis": "UNTOC art. 18",
            "subject": "Bank records"}), 201)["id"]
        o["provider"] = "MATRIX-PRV-%s" % g.upper()
        tc.ok(admin.post("/api/v1/providers", {
            "code": o["provider"], "name": "Shelter %s" % g,
            "agency": h.AGENCY_C, "region": "Erbil",
            "services": ["shelter"], "accepts": ["women"]}), 201)
        o["referral"] = tc.ok(cw.post("/api/v1/cases/%s/referrals"
                                      % o["ref"], {
            "person": o["person"], "provider": o["provider"],
            "service": "shelter", "needs": "Safe housing", "send": True,
            "consent": {"explained": "What the shelter will know",
                        "language": "ar", "scope": ["identity"],
                        "given_on": "2026-01-10"}}), 201)["id"]
        o["share"] = tc.ok(sup.post("/api/v1/cases/%s/shares" % o["ref"], {
            "agency": h.AGENCY_C, "scope": "whole",
            "reason": "Shelter follows the victims"}), 201)["id"]
        o["course"] = "MATRIX-%s" % g.upper()
        tc.ok(trainer.post("/api/v1/training/courses", {
            "code": o["course"], "title": "Identifying victims",
            "hours": 6}), 201)
        o["participant"] = tc.ok(trainer.post(
            "/api/v1/training/participants", {
                "full_name": "Trainer %s" % g, "organisation": "Police",
                "job": "Investigator", "sex": "male",
                "region": "Erbil"}), 201)["id"]
        o["participant2"] = tc.ok(trainer.post(
            "/api/v1/training/participants", {
                "full_name": "Participant %s" % g, "organisation": "Police",
                "job": "Investigator", "sex": "female",
                "region": "Erbil"}), 201)["id"]
        o["session"] = tc.ok(trainer.post("/api/v1/training/sessions", {
            "course": o["course"], "starts_on": "2026-01-10",
            "ends_on": "2026-01-11", "place": "Erbil", "region": "Erbil",
            "trainers": [o["participant"]]}), 201)["id"]
        tc.ok(trainer.post("/api/v1/training/sessions/%d/participants"
                           % o["session"],
                           {"participant": o["participant2"]}), 201)
        o["participant"] = o["participant2"]
        o["counselling"] = tc.ok(cw.post("/api/v1/counselling", {
            "pseudonym": "Matrix %s" % g, "topics": ["irregular_risks"]}),
            201)["id"]
        o["sheet"] = "legal-pathways"
        o["awareness"] = tc.ok(cw.post("/api/v1/awareness", {
            "kind": "school", "held_on": "2026-01-12",
            "place": "Matrix school %s" % g, "region": "Erbil",
            "audience": "students", "female_children": 12,
            "male_children": 9}), 201)["id"]
        # Two reports the agency received from its own investigator, the
        # first urgent.
        o["report"], o["report2"] = [tc.ok(inv.post("/api/v1/intake", {
            "what": "Matrix report %s %d" % (g, i), "urgent": i == 0}),
            201)["report"]["ref"] for i in range(2)]
        # No exercises or groups in a store of real cases: those ids do
        # not exist, for either agency.
        o["exercise"] = GHOST["exercise"]
        o["group"] = GHOST["group"]
        self.objs = o


class TestAccessMatrix(unittest.TestCase):

    maxDiff = None

    def ok(self, r, status):
        self.assertEqual(r.status, status, r.describe())
        return r.json

    @classmethod
    def setUpClass(cls):
        tc = cls("run")
        cls.fx = {g: Fixture(tc, g).objs for g in ("a", "b")}
        cls.ghost = {}
        for g in ("a", "b"):
            gh = dict(cls.fx[g])
            gh.update({k: fill(v, cls.fx[g]) for k, v in GHOST.items()})
            cls.ghost[g] = gh
        for name, _, _ in h.USERS:
            stack().user(name)

    def probe(self, user, method, template, objs):
        path = fill_path(template, objs)
        body = None
        if method == "POST":
            body = fill_body(BODIES.get(template, {}), objs)
        return h.request(stack().user(user), method, path, body)

    def key(self, r):
        e = r.error
        msg = re.sub(r"\d+|[A-Z]+-[A-Z]+-\d{4}-\d+|MATRIX-PRV-[AB]|"
                     r"NO-SUCH-PRV|MATRIX-[AB]|NO-SUCH-COURSE|"
                     r"investigator\.[ab]|no\.such\.user", "#",
                     e.get("message") or "")
        return (r.status, e.get("code"), e.get("field"), msg)

    def check_refusal(self, role, perms, method, template, case_route,
                      has_obj, r, fail):
        """A role without the permission: 404 on a case when it reads no
        cases, 403 on what names no object, 403 or 404 on an object
        looked up first (the same for a missing one: the matrix compares
        them); never anything else, and a 403 names a permission of the
        operation."""
        allowed = {403, 404}
        if (method, template) in VALIDATES_FIRST:
            allowed.add(422)
        if case_route and "case.read" not in ROLE_PERMS[role]:
            allowed = {404}
        elif not has_obj and (method, template) not in VALIDATES_FIRST:
            allowed = {403}
        if r.status not in allowed:
            fail("role %s lacks %s: expected %s"
                 % (role, sorted(perms), sorted(allowed)))
            return
        m = re.search(r"may not ([a-z.]+)", r.error.get("message") or "")
        if r.status == 403 and m and m.group(1) not in perms:
            fail("refused for %s, the table says %s"
                 % (m.group(1), sorted(perms)))

    def test_role_table(self):
        """The roles the server reports are access.c's, as this file has
        them: the expected answers below are drawn from this table."""
        r = self.ok(stack().user("investigator.a").get("/api/v1/roles"),
                    200)
        got = {x["role"]: set(x["permissions"]) for x in r["items"]}
        self.assertEqual(got, ROLE_PERMS)

    def test_every_operation_is_in_the_table(self):
        ops = set(operations())
        self.assertEqual(ops - set(ROUTE_PERMS), set(),
                         "operations without a permission in ROUTE_PERMS")
        self.assertEqual(set(ROUTE_PERMS) - ops, set(),
                         "ROUTE_PERMS names operations the document has "
                         "not")

    def test_matrix(self):
        before = h.snapshot(stack().db)
        failures = []
        counts = {"probes": 0, "refused": 0, "idor": 0, "read": 0}

        def fail(user, method, path, why, r):
            failures.append("%s %s %s: %s (got %d %s)"
                            % (user, method, path, why, r.status,
                               r.body[:200].decode("utf-8", "replace")))

        for method, template in operations():
            perms = ROUTE_PERMS[(method, template)]
            has_obj = names_objects(template)
            case_route = "{ref}" in template
            national = template.startswith(NATIONAL)
            for user, role, g in h.USERS:
                other = "b" if g == "a" else "a"
                allowed = may(role, perms)
                targets = [("own", self.fx[g])]
                if has_obj:
                    targets += [("other", self.fx[other]),
                                ("ghost", self.ghost[other])]
                answers = {}
                for rel, objs in targets:
                    # An allowed write on one's own objects would change
                    # them under the other probes: the API tests do those.
                    if allowed and method != "GET" and (
                            rel == "own" or national):
                        continue
                    r = self.probe(user, method, template, objs)
                    counts["probes"] += 1
                    answers[rel] = r
                    path = fill_path(template, objs)
                    if r.status >= 500:
                        fail(user, method, path, "server error", r)
                    elif not allowed:
                        counts["refused"] += 1
                        self.check_refusal(role, perms, method, template,
                                           case_route, has_obj, r,
                                           lambda why, r=r, p=path: fail(
                                               user, method, p, why, r))
                    elif rel == "own" and method == "GET" and not any(
                            x in template for x in MAY_BE_ABSENT):
                        counts["read"] += 1
                        if r.status != 200:
                            fail(user, method, path, "role %s may read its "
                                 "agency's object" % role, r)
                store_wide = role == "admin" and \
                    template.startswith(STORE_WIDE_ADMIN)
                if "other" in answers and not (allowed and national) and \
                        not store_wide:
                    counts["idor"] += 1
                    a, b = answers["other"], answers["ghost"]
                    path = fill_path(template, self.fx[other])
                    if 200 <= a.status < 300:
                        fail(user, method, path, "another agency's object "
                             "was served", a)
                    elif self.key(a) != self.key(b):
                        fail(user, method, path, "another agency's object "
                             "answers otherwise than a missing one (%s)"
                             % (self.key(b),), a)
                    elif case_route and a.status != 404:
                        fail(user, method, path, "a case not shared is 404",
                             a)
                elif "other" in answers and method != "GET" and \
                        "/training/sessions/" in template:
                    counts["idor"] += 1
                    a = answers["other"]
                    if (a.status, a.error.get("field")) != (403, "session"):
                        fail(user, method, fill_path(template,
                                                     self.fx[other]),
                             "another agency's session is its own to "
                             "record", a)
        sys.stderr.write("access matrix: %d operations x %d users: %d "
                         "probes, %d refusals checked, %d own reads, %d "
                         "other-agency ids against missing ones\n"
                         % (len(operations()), len(h.USERS),
                            counts["probes"], counts["refused"],
                            counts["read"], counts["idor"]))
        after = h.snapshot(stack().db)
        changed = [t for t in sorted(set(before) | set(after))
                   if before.get(t) != after.get(t)]
        self.assertEqual(failures, [], "\n".join(failures))
        self.assertEqual(changed, [], "refused requests wrote to these "
                         "tables")


    def test_a_shared_case_is_read_within_its_scope_and_never_changed(self):
        """Agency A shares a case with B: B's case roles read the parts
        the scope gives (403 naming the scope for the others), every
        write on it is 403 and writes nothing, and B's other roles still
        get 404."""
        s = stack()
        inv = s.user("investigator.a")
        ref = self.ok(inv.post("/api/v1/cases", {
            "title": "Shared matrix case", "kind": "tip"}), 201)["ref"]
        pid = self.ok(inv.post("/api/v1/persons", {
            "given": "Sharedmatrix", "family": "Aziz", "sex": "female"}),
            201)["id"]
        self.ok(inv.post("/api/v1/cases/%s/people" % ref, {
            "person_id": pid, "role": "presumed_victim"}), 201)
        self.ok(s.user("supervisor.a").post("/api/v1/cases/%s/shares" % ref, {
            "agency": h.AGENCY["b"], "scope": "assistance",
            "reason": "Shelter placement"}), 201)
        objs = dict(self.fx["a"], ref=ref, person=pid)
        parts = {"referrals": 200, "screenings": 200, "steps": 403,
                 "facts": 403, "assessment": 403, "links": 403,
                 "cooperation": 403}
        writes = [t for m, t in operations()
                  if m == "POST" and t.startswith("/api/v1/cases/{ref}/")]
        before = h.snapshot(s.db)
        for user, role, g in h.USERS:
            if g != "b":
                continue
            c = s.user(user)
            reader = "case.read" in ROLE_PERMS[role]
            with self.subTest(user=user):
                r = c.get("/api/v1/cases/%s" % ref, check=False)
                self.assertEqual(r.status, 200 if reader else 404,
                                 r.describe())
                if reader:
                    self.assertEqual(r.json["sight"], "assistance")
                for part, status in parts.items():
                    r = c.get("/api/v1/cases/%s/%s" % (ref, part),
                              check=False)
                    self.assertEqual(r.status, status if reader else 404,
                                     r.describe())
                    if r.status == 403:
                        self.assertIn("assistance", r.error["message"])
                for t in writes:
                    r = self.probe(user, "POST", t, objs)
                    self.assertIn(r.status, (403, 404), r.describe())
                    if not reader:
                        self.assertEqual(r.status, 404, r.describe())
        self.assertEqual(before, h.snapshot(s.db))

    def test_ids_in_bodies_are_checked_like_ids_in_paths(self):
        """Another agency's person named in a body, on one's own case or
        person, answers what a person that does not exist answers."""
        probes = [
            ("investigator", "/api/v1/cases/{ref}/people",
             {"person_id": "{x}", "role": "witness"}),
            ("investigator", "/api/v1/cases/{ref}/facts",
             {"fact": "informed_consent", "person_id": "{x}"}),
            ("caseworker", "/api/v1/cases/{ref}/screenings",
             {"person_id": "{x}", "answers": {}}),
            ("caseworker", "/api/v1/cases/{ref}/referrals",
             dict(BODIES["/api/v1/cases/{ref}/referrals"], person="{x}")),
            ("investigator", "/api/v1/cases/{ref}/links",
             {"kind": "phone", "value": "+964 750 999 0009",
              "person_id": "{x}"}),
            ("supervisor", "/api/v1/persons/{id}/merges",
             {"other": "{x}", "reason": "attack", "confirm": True}),
            ("supervisor", "/api/v1/persons/{id}/distinct",
             {"other": "{x}", "reason": "attack"}),
        ]
        before = h.snapshot(stack().db)
        for g, other in (("a", "b"), ("b", "a")):
            for role, template, body in probes:
                user = h.username(role, g)
                with self.subTest(user=user, template=template):
                    theirs = dict(self.fx[g], x=self.fx[other]["person"])
                    ghost = dict(self.fx[g], x=GHOST["person"])
                    a = self.probe_body(user, template, body, theirs)
                    b = self.probe_body(user, template, body, ghost)
                    self.assertFalse(200 <= a.status < 300, a.describe())
                    self.assertEqual(self.key(a), self.key(b),
                                     a.describe() + b.describe())
        self.assertEqual(before, h.snapshot(stack().db))

    def probe_body(self, user, template, body, objs):
        return h.request(stack().user(user), "POST",
                         fill_path(template, objs), fill_body(body, objs))

    def test_work_with_nothing_to_do(self):
        """A case role whose agency has no case gets an empty list of
        work: the list of nothing to sort once crashed the server
        (work.c, qsort of a NULL array under UBSan)."""
        name = "caseworker.c"
        api.cli(stack().db, "user", "add", "--agency", h.AGENCY_C,
                "--username", name, "--role", "caseworker",
                user=h.username("admin", "a"), stdin=h.PASSWORD + "\n")
        r = stack().user(name).get("/api/v1/work", check=False)
        self.assertEqual(r.status, 200, r.describe())
        self.assertEqual(r.json["items"], [])

if __name__ == "__main__":
    unittest.main()
