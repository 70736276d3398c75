-- SPDX-License-Identifier: Apache-2.0
-- 0026_intake: reports of a suspected trafficking or smuggling situation
-- that a Migrant Resource Centre, a hotline or any agency sends to a
-- law-enforcement or border-guard agency (src/core/intake.h).  Each
-- report opens an unclassified case in the receiving agency, in the same
-- transaction; the reporter keeps only the report's own reference
-- (RPT-YYYY-NNNNN, numbered per year across the store), never the case.
-- What happened, where, who is at risk and how to reach the reporter are
-- sealed (store.h STORE_SEALED_COLUMNS): the schema sees whether they
-- are there, not what they say.

-- The year is a key, not a rowid: INT, not INTEGER (as PostgreSQL's).
CREATE TABLE intake_counters (
    year            INT NOT NULL PRIMARY KEY CHECK (year BETWEEN 2000 AND
                        9999),
    last            INTEGER NOT NULL CHECK (last >= 1)
);

CREATE TABLE intake_reports (
    id              INTEGER PRIMARY KEY,
    ref             TEXT NOT NULL UNIQUE CHECK (length(ref) >= 14 AND
                        substr(ref, 1, 4) = 'RPT-'),
    year            INTEGER NOT NULL,
    number          INTEGER NOT NULL CHECK (number >= 1),
    agency_id       INTEGER NOT NULL REFERENCES agencies (id),
    case_id         INTEGER NOT NULL UNIQUE REFERENCES cases (id),
    reporter_id     INTEGER NOT NULL REFERENCES users (id),
    reporter_agency_id INTEGER NOT NULL REFERENCES agencies (id),
    what            TEXT NOT NULL,
    place           TEXT,
    happened        TEXT,
    at_risk         TEXT,
    people          INTEGER CHECK (people BETWEEN 1 AND 100000),
    children        TEXT NOT NULL CHECK (children IN ('yes', 'no',
                        'unknown')),
    contact_name    TEXT,
    contact         TEXT,
    contact_times   TEXT,
    anonymous       INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    urgent          INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    suspected       TEXT NOT NULL CHECK (suspected IN ('trafficking',
                        'smuggling', 'unsure')),
    created_at      TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by INTEGER REFERENCES users (id),
    UNIQUE (year, number),
    -- Nothing to reach the reporter by is what makes a report anonymous.
    CHECK ((anonymous = 1) = (contact IS NULL)),
    CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
);
-- The receiving agency's list (urgent and unacknowledged first is the
-- core's order) and the reporter's own.
CREATE INDEX intake_reports_agency ON intake_reports (agency_id, id);
CREATE INDEX intake_reports_reporter ON intake_reports (reporter_id, id);

-- Two reports about the same situation, the lower id first; a link
-- undone keeps its row, and the pair may be linked again.
CREATE TABLE intake_links (
    id              INTEGER PRIMARY KEY,
    report_id       INTEGER NOT NULL REFERENCES intake_reports (id),
    other_id        INTEGER NOT NULL REFERENCES intake_reports (id),
    linked_at       TEXT NOT NULL,
    linked_by       INTEGER NOT NULL REFERENCES users (id),
    unlinked_at     TEXT,
    unlinked_by     INTEGER REFERENCES users (id),
    CHECK (report_id < other_id),
    CHECK ((unlinked_at IS NULL) = (unlinked_by IS NULL))
);
CREATE UNIQUE INDEX intake_links_live ON intake_links (report_id, other_id)
    WHERE unlinked_at IS NULL;
CREATE INDEX intake_links_other ON intake_links (other_id, report_id);
