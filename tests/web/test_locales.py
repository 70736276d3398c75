#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The web interface's translations (web/locales/*.json) are complete.

Every shipped locale has exactly the keys of English, none empty, with the
same {placeholders}; every key the scripts ask for with t('...') exists;
and the keys built from vocabularies (role.*, kind.*) cover every value
the API can send, read from docs/openapi.json.  Python 3 standard library
only.

    python3 tests/web/test_locales.py -v
"""

import glob
import json
import os
import re
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
WEB = os.path.join(ROOT, "web")
SHIPPED = ["en", "ar", "ckb"]
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# t('key') or t("key"), with a literal key.
LITERAL_KEY = re.compile(r"""\bt\(\s*['"]([A-Za-z0-9_.+-]+)['"]""")
# t(`prefix.${...}`): a key built from a vocabulary.
BUILT_KEY = re.compile(r"""\bt\(\s*`([a-z_.]+)\.\$\{""")


def load(code):
    with open(os.path.join(WEB, "locales", code + ".json"),
              encoding="utf-8") as f:
        return json.load(f)


def scripts():
    out = {}
    for path in sorted(glob.glob(os.path.join(WEB, "js", "*.js"))):
        with open(path, encoding="utf-8") as f:
            out[os.path.basename(path)] = f.read()
    return out


def openapi_enum(schema, *path):
    """The enum at path (properties, and items of arrays) of schema."""
    with open(os.path.join(ROOT, "docs", "openapi.json"),
              encoding="utf-8") as f:
        node = json.load(f)["components"]["schemas"][schema]
    for prop in path:
        node = node["properties"][prop]
        if node.get("type") == "array":
            node = node["items"]
    return [v for v in node["enum"] if v is not None]


def legal_reason_codes():
    """The codes src/core/legal.c gives its reasons."""
    with open(os.path.join(ROOT, "src", "core", "legal.c"),
              encoding="utf-8") as f:
        return sorted(set(re.findall(r'reason\(r, "([a-z]+\.[a-z_]+)"',
                                     f.read())))


def audit_actions():
    """The actions src/core writes to the audit chain."""
    found = set()
    pattern = re.compile(r'(?:\.action = |_audit\(ctx, |\[OP_[A-Z]+\] = )'
                         r'"([a-z]+\.[a-z_]+)"')
    for path in glob.glob(os.path.join(ROOT, "src", "core", "*.c")):
        with open(path, encoding="utf-8") as f:
            found.update(pattern.findall(f.read()))
    return sorted(found)


def permissions():
    """The permissions src/core/access.c names."""
    with open(os.path.join(ROOT, "src", "core", "access.c"),
              encoding="utf-8") as f:
        return sorted(set(re.findall(r'\] = "([a-z]+\.[a-z]+)"', f.read())))


def step_why(prop):
    """What the engine may name as why a step waits (docs/openapi.json)."""
    return [v for v in openapi_enum("StepWhy", prop)
            if not v.startswith("kind:")]


class TestLocales(unittest.TestCase):

    def test_every_shipped_locale_exists_and_no_other(self):
        found = sorted(os.path.basename(p)[:-5] for p in
                       glob.glob(os.path.join(WEB, "locales", "*.json")))
        self.assertEqual(found, sorted(SHIPPED))

    def test_same_keys_nothing_empty_same_placeholders(self):
        en = load("en")
        for code in SHIPPED:
            with self.subTest(locale=code):
                texts = load(code)
                self.assertEqual(sorted(set(en) - set(texts)), [],
                                 "keys missing in %s.json" % code)
                self.assertEqual(sorted(set(texts) - set(en)), [],
                                 "keys in %s.json that English lacks" % code)
                for key, text in texts.items():
                    self.assertIsInstance(text, str, key)
                    self.assertTrue(text.strip(), "%s: %s is empty"
                                    % (code, key))
                    self.assertEqual(
                        sorted(PLACEHOLDER.findall(text)),
                        sorted(PLACEHOLDER.findall(en[key])),
                        "%s: %s has other placeholders than English"
                        % (code, key))

    def test_right_to_left_locales_are_in_arabic_script(self):
        arabic = re.compile("[\u0600-\u06ff]")
        for code in ("ar", "ckb"):
            texts = load(code)
            untranslated = [k for k, v in texts.items()
                            if not arabic.search(v) and k != "app.title"
                            and PLACEHOLDER.sub("", v).strip(" ()")]
            self.assertEqual(untranslated, [], "%s: not translated" % code)

    def test_every_legal_reason_is_translated(self):
        codes = legal_reason_codes()
        self.assertGreaterEqual(len(codes), 15)
        en = load("en")
        for code in codes:
            self.assertIn("reason." + code, en)
        stale = [k for k in en if k.startswith("reason.")
                 and k[len("reason."):] not in codes]
        self.assertEqual(stale, [], "reasons legal.c no longer gives")

    def test_every_audit_action_is_found(self):
        actions = audit_actions()
        for action in ("case.open", "case.step_done", "user.login",
                       "person.read", "definition.import", "case.fact"):
            self.assertIn(action, actions)
        en = load("en")
        stale = [k for k in en if k.startswith("action.")
                 and k[len("action."):] not in actions]
        self.assertEqual(stale, [], "actions src/core no longer records")

    def test_the_server_accepts_the_shipped_languages(self):
        with open(os.path.join(ROOT, "src", "core", "agency.c"),
                  encoding="utf-8") as f:
            m = re.search(r"interface_languages\[\] = \{([^}]*)\}", f.read())
        self.assertIsNotNone(m, "interface_languages in src/core/agency.c")
        self.assertEqual(sorted(re.findall(r'"([a-z]+)"', m.group(1))),
                         sorted(SHIPPED))

    def test_digits_are_ten(self):
        for code in SHIPPED:
            with self.subTest(locale=code):
                self.assertEqual(len(load(code)["number.digits"]), 10)

    def test_every_key_the_scripts_use_exists(self):
        en = load("en")
        used = set()
        for name, text in scripts().items():
            for key in LITERAL_KEY.findall(text):
                used.add(key)
                with self.subTest(script=name, key=key):
                    self.assertIn(key, en)
        self.assertIn("login.title", used)

    def test_vocabularies_are_translated(self):
        en = load("en")
        built = set()
        for text in scripts().values():
            built.update(BUILT_KEY.findall(text))
        vocab = {"role": openapi_enum("User", "role"),
                 "kind": openapi_enum("Case", "kind"),
                 "date.month": [str(m) for m in range(1, 13)],
                 "status": openapi_enum("Case", "status"),
                 "sensitivity": openapi_enum("Case", "sensitivity"),
                 "case_role": openapi_enum("CasePerson", "role"),
                 "step_state": openapi_enum("StepStatus", "state"),
                 "sex": openapi_enum("Person", "sex"),
                 "outcome": openapi_enum("Screening", "outcome"),
                 "answer": ["yes", "no", "unknown", "declined"],
                 "suggestion": openapi_enum("Assessment", "suggestion"),
                 "legal": ["acts", "means", "purposes", "procurement",
                           "aggravating", "material_benefit",
                           "border_crossed"],
                 "element": sum((openapi_enum("LegalElementsInput", g, p)
                                 for g, p in (("tip", "acts"),
                                              ("tip", "means"),
                                              ("tip", "purposes"),
                                              ("som", "procurement"),
                                              ("som", "aggravating"))), []),
                 "reason": legal_reason_codes(),
                 "why.condition": step_why("condition"),
                 "why.gate": step_why("gate"),
                 "fact.record": openapi_enum("Fact", "fact"),
                 "fact_help": openapi_enum("Fact", "fact"),
                 "action": audit_actions(),
                 "perm": permissions(),
                 "agency_kind": openapi_enum("Agency", "kind"),
                 "definition": openapi_enum("Definition", "kind"),
                 "origin": openapi_enum("Definition", "origin"),
                 "urgency": openapi_enum("WorkItem", "urgency"),
                 "admin": ["agencies", "users", "roles", "sops"],
                 # The statuses docs/api.md lists, and 0: no answer.
                 "error": ["0", "400", "401", "403", "404", "409", "413",
                           "422", "429", "500", "503"],
                 "name_kind": openapi_enum("PersonName", "kind"),
                 "document": openapi_enum("PersonDocument", "kind"),
                 "contact": openapi_enum("PersonContact", "kind"),
                 "service": openapi_enum("Provider", "services"),
                 "clients": openapi_enum("Provider", "accepts"),
                 "referral_status": openapi_enum("Referral", "status"),
                 "referral.to": [v for v in openapi_enum("Referral",
                                                          "status")
                                 if v != "proposed"],
                 "scope": openapi_enum("Referral", "shares"),
                 "share_scope": openapi_enum("Share", "scope"),
                 "share.scope_hint": openapi_enum("Share", "scope"),
                 "share.state": openapi_enum("Share", "state"),
                 "cooperation_kind": openapi_enum("Cooperation", "kind"),
                 "cooperation_direction": openapi_enum("Cooperation",
                                                       "direction"),
                 "cooperation_status": openapi_enum("Cooperation",
                                                    "status"),
                 "cooperation.to": openapi_enum("CooperationMove",
                                                "status"),
                 "cooperation_event": openapi_enum("Cooperation",
                                                   "history", "kind"),
                 "channel": openapi_enum("CooperationFollowUp", "channel"),
                 "identifier_kind": openapi_enum("Link", "kind"),
                 "link_source": openapi_enum("Link", "source"),
                 "evidence": openapi_enum("DuplicateEvidence", "kind"),
                 "awareness.kind": openapi_enum("Awareness", "kind"),
                 "awareness.audience": openapi_enum("Awareness",
                                                    "audience"),
                 "awareness.count": ["female_children", "female_adults",
                                     "male_children", "male_adults"],
                 "awareness.filter": ["from", "to", "region"],
                 "stats.pop": openapi_enum("StatsTable", "population"),
                 "stats.dim": openapi_enum("Stats", "by"),
                 "stats.filter": ["from", "to", "agency", "by",
                                  "min_cell"],
                 "stats.age": ["child", "adult"],
                 "stats.stage": ["arrest", "prosecution", "closed",
                                 "none"],
                 "stats.outcome": ["on_time", "late", "overdue"],
                 "training.kind": openapi_enum("ExerciseView",
                                               "discoveries", "kind"),
                 "training.level": openapi_enum("CaseStudySummary",
                                                "level"),
                 "training.part": openapi_enum("ExerciseFeedback", "part"),
                 "training.state": openapi_enum("ExerciseFeedback",
                                                "state"),
                 "topic": openapi_enum("Counselling", "topics"),
                 "risk": openapi_enum("Counselling", "risks"),
                 "situation": openapi_enum("Counselling", "situation"),
                 "party": openapi_enum("Counselling", "party"),
                 "age_group": openapi_enum("Counselling", "age_group"),
                 "intake_status": openapi_enum("IntakeReport", "status"),
                 "intake_suspected": openapi_enum("IntakeReport",
                                                  "suspected")}
        self.assertTrue(built <= set(vocab), "keys built from %s: add "
                        "their vocabulary here" % sorted(built - set(vocab)))
        for prefix in sorted(built):
            for value in vocab[prefix]:
                with self.subTest(key="%s.%s" % (prefix, value)):
                    self.assertIn("%s.%s" % (prefix, value), en)


if __name__ == "__main__":
    unittest.main()
