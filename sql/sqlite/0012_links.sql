-- SPDX-License-Identifier: Apache-2.0
-- 0012_links: the identifiers that connect people and cases (phone
-- numbers, e-mail addresses, addresses, vehicles, bank and hawala
-- accounts, social media handles, documents), who recorded them on which
-- person or case, and the call records imported into a case
-- (src/core/links.h, src/search/identifier.h).  The core checks every
-- rule with a message; the schema checks them again, so that nothing
-- around tipsom can store a link that breaks them.

-- One row per identifier, whoever recorded it: the same number typed two
-- ways ("0750 123 4567", "+964 750 123 4567") is one row, found by its
-- kind and normalised value; value is how it was first typed.
CREATE TABLE identifiers (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('phone', 'email',
                        'address', 'vehicle', 'bank_account', 'hawala',
                        'social_media', 'document', 'other')),
    normalised      TEXT NOT NULL CHECK (length(normalised) BETWEEN 1
                        AND 300),
    value           TEXT NOT NULL CHECK (length(trim(value)) > 0),
    created_at      TEXT NOT NULL,
    UNIQUE (kind, normalised),
    -- E.164: a plus and 8 to 15 digits, the first not 0.
    CHECK (kind <> 'phone' OR (length(normalised) BETWEEN 9 AND 16 AND
        normalised GLOB '+[1-9]*' AND
        substr(normalised, 2) NOT GLOB '*[^0-9]*'))
);

-- An identifier attached to a person, a case, or a person in a case, by
-- an agency.  A removed link is kept (removed_at, removed_by): what was
-- known stays in the record; lists and networks leave it out.
CREATE TABLE identifier_links (
    id              INTEGER PRIMARY KEY,
    identifier_id   INTEGER NOT NULL REFERENCES identifiers (id),
    person_id       INTEGER REFERENCES persons (id),
    case_id         INTEGER REFERENCES cases (id),
    agency_id       INTEGER NOT NULL REFERENCES agencies (id),
    source          TEXT NOT NULL CHECK (source IN ('manual',
                        'call_records')),
    note            TEXT,
    created_at      TEXT NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES users (id),
    removed_at      TEXT,
    removed_by      INTEGER REFERENCES users (id),
    CHECK (person_id IS NOT NULL OR case_id IS NOT NULL),
    CHECK ((removed_at IS NULL) = (removed_by IS NULL))
);
-- One live link per identifier and person-and-case.
CREATE UNIQUE INDEX identifier_links_live ON identifier_links
    (identifier_id, COALESCE(person_id, 0), COALESCE(case_id, 0))
    WHERE removed_at IS NULL;
CREATE INDEX identifier_links_person ON identifier_links (person_id)
    WHERE person_id IS NOT NULL;
CREATE INDEX identifier_links_case ON identifier_links (case_id)
    WHERE case_id IS NOT NULL;

-- One row per file of call records imported into a case; a file is
-- imported into a case once (its SHA-256).
CREATE TABLE call_imports (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    agency_id       INTEGER NOT NULL REFERENCES agencies (id),
    calls           INTEGER NOT NULL CHECK (calls >= 1),
    sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
    imported_at     TEXT NOT NULL,
    imported_by     INTEGER NOT NULL REFERENCES users (id),
    UNIQUE (case_id, sha256)
);

-- A call from one phone identifier to another, as the records say.
CREATE TABLE calls (
    id              INTEGER PRIMARY KEY,
    import_id       INTEGER NOT NULL REFERENCES call_imports (id),
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    caller_id       INTEGER NOT NULL REFERENCES identifiers (id),
    callee_id       INTEGER NOT NULL REFERENCES identifiers (id),
    started_at      TEXT NOT NULL CHECK (started_at GLOB
                        '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T'
                        || '[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),
    duration        INTEGER NOT NULL CHECK (duration >= 0),
    line            INTEGER NOT NULL CHECK (line >= 2),
    CHECK (caller_id <> callee_id)
);
CREATE INDEX calls_caller ON calls (caller_id, case_id);
CREATE INDEX calls_callee ON calls (callee_id, case_id);
CREATE INDEX calls_import ON calls (import_id);
