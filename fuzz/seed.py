#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the seed corpora of fuzz/corpus/<target>/ from the files tipsom
ships (sops/, training/case-studies/, tests/data/, docs/openapi.json) and
a few typed examples, and the dictionary fuzz/fuzz_api.dict.  Run from
anywhere; it only writes files named seed-* (and the dictionary), so it
may run again after fuzzing has grown a corpus.

    python3 fuzz/seed.py
"""
import glob
import io
import json
import os
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


# fuzz_api: one request per operation of the OpenAPI document, with a
# body made from its schema, plus the query parameters it takes.
PATH_VALUES = {"{ref}": "{ref}", "{id}": "1", "{username}": "worker.b",
               "{code}": "SHELTER-1", "{step}": "ensure_immediate_safety",
               "{participant}": "1"}
STRING_EXAMPLES = {"born": "1990-05-01", "date": "2024-01-31",
                   "from": "2024-01-01", "to": "2024-12-31",
                   "nationalities": "IQ", "country": "IQ",
                   "languages": "ar", "language": "ckb",
                   "agency": "FZ-B", "password": "a new long passphrase 9",
                   "csv": "caller,callee,time,duration\n"
                          "+9647501234567,07701234567,"
                          "2024-03-01T10:00:00+03:00,60\n",
                   "phone": "+964 750 123 4567", "email": "a@example.org"}

# Routes only an administrator may use: their seeds log in as one.
ADMIN = ("/api/v1/agencies", "/api/v1/users", "/api/v1/roles",
         "/api/v1/sops", "/api/v1/audit", "/api/v1/providers",
         "/api/v1/training/case-studies")
TRAINER = ("/api/v1/training/courses", "/api/v1/training/participants",
           "/api/v1/training/sessions")


def resolve(doc, schema):
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = doc["components"]["schemas"][name]
    return schema


def instance(doc, schema, key="", depth=0):
    schema = resolve(doc, schema)
    if "example" in schema:
        return schema["example"]
    if "enum" in schema:
        return schema["enum"][0]
    for alt in ("oneOf", "anyOf", "allOf"):
        if alt in schema:
            return instance(doc, schema[alt][0], key, depth + 1)
    t = schema.get("type", "object")
    if isinstance(t, list):
        t = [x for x in t if x != "null"][0]
    if t == "object":
        if depth > 4:
            return {}
        props = schema.get("properties", {})
        return {k: instance(doc, v, k, depth + 1) for k, v in props.items()}
    if t == "array":
        return [instance(doc, schema.get("items", {}), key, depth + 1)]
    if t == "integer":
        return schema.get("minimum", 1)
    if t == "number":
        return 1.5
    if t == "boolean":
        return True
    return STRING_EXAMPLES.get(key, "text")


def api_seeds():
    doc = json.load(open(os.path.join(ROOT, "docs", "openapi.json")))
    n = 0
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if method == "parameters":
                continue
            target = path
            for k, v in PATH_VALUES.items():
                target = target.replace(k, v)
            params = op.get("parameters", []) + ops.get("parameters", [])
            query = ["%s=%s" % (p["name"], "1" if resolve(doc, p.get(
                "schema", {})).get("type") == "integer" else "x")
                for p in params if p.get("in") == "query"]
            if query:
                target += "?" + "&".join(query)
            body = ""
            rb = op.get("requestBody")
            if rb and "application/json" in rb["content"]:
                c = rb["content"]["application/json"]
                body = json.dumps(c.get("example") or instance(
                    doc, c.get("schema", {})), ensure_ascii=False)
            n += 1
            cookie = ("Cookie: admin\n" if path.startswith(ADMIN) else
                      "Cookie: trainer.a\n" if path.startswith(TRAINER)
                      else "")
            write("fuzz_api", "%03d" % n, "%s %s\n%s%s" % (
                method.upper(), target, cookie, body))
    # A few the schemas do not show: a cookie, a definition, answers.
    write("fuzz_api", "cookie", "GET /api/v1/session\nCookie: "
          + "A" * 43 + "\n")
    write("fuzz_api", "sop", "POST /api/v1/sops\nCookie: admin\n"
          + open(os.path.join(ROOT, "tests/data/sops/minimal.json")).read())
    answers = json.load(open(os.path.join(ROOT,
                                          "tests/data/screening/strong.json")))
    answers["person_id"] = 1
    write("fuzz_api", "screening", "POST /api/v1/cases/{ref}/screenings\n"
          + json.dumps(answers))
    write("fuzz_api", "people", "POST /api/v1/cases/{ref}/people\n"
          '{"person_id": 1, "role": "presumed_victim"}')
    write("fuzz_api", "search", "GET /api/v1/search/persons?q=%D8%A2"
          "%D9%85%D9%86%D8%A9+rasul&limit=5\n")


# fuzz_table: CSV in each encoding, and XLSX workbooks.
CSV = ("source_id,given,family,born,phone\r\n"
       "p1,Amina,Rasul,1990-05-01,+9647501234567\r\n"
       "p2,\"Zêrîn, \"\"Zara\"\"\",ئاکۆ,1985,\r\n"
       "\r\n"
       "p3,'=HYPERLINK(\"x\"),مریم,,\n")


def sheet_xml(rows):
    out = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="'
           'http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetData>']
    for r, row in enumerate(rows, 1):
        out.append('<row r="%d">' % r)
        for c, v in enumerate(row):
            ref = "%s%d" % (chr(ord("A") + c), r)
            if isinstance(v, int):
                out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, v))
            elif isinstance(v, float):
                out.append('<c r="%s"><v>%s</v></c>' % (ref, v))
            else:
                out.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>'
                           % (ref, v))
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


SHARED = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
          'openxmlformats.org/spreadsheetml/2006/main" count="3" '
          'uniqueCount="3"><si><t>source_id</t></si><si><t>given</t></si>'
          '<si><r><t>Ami</t></r><r><t>na</t></r></si></sst>')


def dict_entry(word):
    out = ""
    for b in word.encode():
        c = chr(b)
        out += c if 32 <= b < 127 and c not in '"\\' else "\\x%02x" % b
    return '"%s"\n' % out


def api_dict():
    """fuzz/fuzz_api.dict: the API's field names, enum values and path
    segments, as JSON tokens libFuzzer may splice into a request."""
    doc = json.load(open(os.path.join(ROOT, "docs", "openapi.json")))
    words = set()

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "properties":
                    words.update('"%s":' % p for p in v)
                if k == "enum":
                    words.update('"%s"' % e for e in v if isinstance(e, str))
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(doc)
    for path in doc["paths"]:
        words.update(seg for seg in path.split("/") if seg)
    words.update(["GET ", "POST ", "DELETE ", "Cookie: admin\n",
                  "Cookie: trainer.a\n", "{ref}", "null", "true", "false",
                  "[]", "{}", "?limit=", "&offset=", "%00", "\\u0000"])
    with open(os.path.join(ROOT, "fuzz", "fuzz_api.dict"), "w") as f:
        f.write("# Made by fuzz/seed.py from docs/openapi.json.\n")
        for w in sorted(words):
            f.write(dict_entry(w))


def table_seeds():
    write("fuzz_table", "csv-utf8", b"\x00" + CSV.encode())
    write("fuzz_table", "csv-bom", b"\x00\xef\xbb\xbf" + CSV.encode())
    write("fuzz_table", "csv-utf16", b"\x01" + CSV.encode("utf-16"))
    write("fuzz_table", "csv-utf16le", b"\x02" + CSV.encode("utf-16-le"))
    write("fuzz_table", "csv-utf16be", b"\x03" + CSV.encode("utf-16-be"))
    write("fuzz_table", "csv-1256", b"\x04" + "name,family\r\nمريم,علي\r\n"
          .encode("cp1256"))
    write("fuzz_table", "csv-quoted", b"\x00a,\"b\nc\",d\n\"open")
    sheet = sheet_xml([[0, 1], ["p1", 2], ["p2", 12.5], ["p3", "x&amp;y"]])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        # A fixed time, so that running this again changes nothing.
        for name, text in (("[Content_Types].xml", "<Types/>"),
                           ("xl/sharedStrings.xml", SHARED),
                           ("xl/worksheets/sheet1.xml", sheet)):
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), text,
                       zipfile.ZIP_DEFLATED)
    write("fuzz_table", "xlsx", b"\x05" + buf.getvalue())
    write("fuzz_table", "xml", b"\x06" + SHARED.encode() + b"\x00"
          + sheet.encode())
    write("fuzz_table", "xml-inline", b"\x06\x00" + sheet_xml(
        [["a", "b"], ["c", 1.0]]).encode())


def import_seeds():
    persons = ("source_id,given,father,family,aliases,sex,born,"
               "born_estimated,nationalities,languages,document_kind,"
               "document_number,document_country,phone,email\n"
               "p1,Amina,Ali,Rasul,Ami;A. Rasul,female,1990-05-01,false,"
               "IQ;SY,ar;ckb,passport,A1234567,IQ,+9647501234567,"
               "a@example.org\n"
               "p2,مریم,,,,female,1985,true,IQ,ckb,,,,07501234567,\n"
               "p3,,,,,,not a date,,XX,,,,,,\n")
    cases = ("source_id,kind,title,summary,sensitivity,lead,people\n"
             "c1,tip,Fixture import,A summary,normal,admin,"
             "p1:presumed_victim\n"
             "c2,som,Second,,high,,p2:smuggled_migrant;p9:witness\n")
    write("fuzz_import", "persons", "\x00\n" + persons)
    write("fuzz_import", "persons-dry", "\x04\n" + persons)
    write("fuzz_import", "persons-skip", "\x02\n" + persons)
    write("fuzz_import", "persons-map", "\x00" + json.dumps(
        {"id": "source_id", "name": "given", "note": None}) + "\n"
        "id,name,note\nq1,Karwan,x\n")
    write("fuzz_import", "cases", "\x01\n" + cases)
    write("fuzz_import", "cases-skip", "\x03\n" + cases)


def definition_seeds():
    files = (glob.glob(os.path.join(ROOT, "sops", "*.json"))
             + glob.glob(os.path.join(ROOT, "tests", "data", "*", "*.json"))
             + glob.glob(os.path.join(ROOT, "training", "case-studies",
                                      "*.json")))
    for f in sorted(files):
        if "/screening/" in f:
            continue    # answers, not definitions
        write("fuzz_definition", os.path.basename(os.path.dirname(f)) + "-"
              + os.path.basename(f), open(f, "rb").read())


def text_seeds():
    ident = ["+964 750 123 4567", "0750 123 4567", "00964-750-1234567",
             "A.Rasul@Example.ORG", "IQ 12 345 678", "Erbil, 100m Street",
             "@amina_r", "https://facebook.com/amina.r", "A1234567",
             "٠٧٥٠١٢٣٤٥٦٧"]
    names = ["Amina Rasul", "آمنة رسول", "ئامینە ڕەسوڵ", "Ghulam Rasul",
             "محمد قاسم", "عثمان", "Zêrîn Ehmed", "Mohammed bin Salman",
             "O'Brien-Smith"]
    keys = ["vHMaD RSuL", "vHMD", "aMN aMNa", "x y z"]
    dates = ["2024-02-29", "2023-02-29", "1990", "2024-01-31T23:59:59Z",
             "2024-01-31T23:59:59.123Z", "P1DT12H", "P2W", "PT0M",
             "tip@3", "som", "0000-01-01", "9999-12-31T23:59:59Z"]
    for i, s in enumerate(ident):
        write("fuzz_text", "ident-%02d" % i, b"\x00" + s.encode())
    for i, s in enumerate(names):
        write("fuzz_text", "name-%02d" % i, b"\x01" + s.encode())
    for i, s in enumerate(keys):
        write("fuzz_text", "key-%02d" % i, b"\x02" + s.encode())
    for i, s in enumerate(dates):
        write("fuzz_text", "date-%02d" % i, b"\x03" + s.encode())
    sealed = ["k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
              "k2.", "k100000.x", "tipsom-store-key:" + "A" * 43,
              "tipsom-store-key:" + "A" * 43 + "\r\n", "w.AAAA",
              "h." + "A" * 43, "Layla Qaradaghi", ""]
    for i, s in enumerate(sealed):
        write("fuzz_text", "sealed-%02d" % i, b"\x04" + s.encode())


if __name__ == "__main__":
    api_seeds()
    api_dict()
    table_seeds()
    import_seeds()
    definition_seeds()
    text_seeds()
    for t in sorted(os.listdir(CORPUS)):
        print("%s: %d files" % (t, len(os.listdir(os.path.join(CORPUS, t)))))
