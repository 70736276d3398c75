-- SPDX-License-Identifier: Apache-2.0
-- 0010_share_scopes: a share gives the whole case, or the victims'
-- assistance only, or the suspects and evidence only; and a case can be
-- transferred to another agency, which then owns and works it.
--
-- A transferred case keeps its reference, so its year and number are the
-- reference's, not a number of the agency that holds it now: the cases
-- table is rebuilt without UNIQUE (agency_id, year, number) (ref is
-- unique, and case_counters hands out the numbers).  The migration runs
-- with foreign keys off and checked before its commit (store_sqlite.c).

ALTER TABLE case_shares ADD COLUMN scope TEXT NOT NULL DEFAULT 'whole'
    CHECK (scope IN ('whole', 'assistance', 'investigation'));

CREATE TABLE cases_rebuilt (
	id		INTEGER PRIMARY KEY,
	ref		TEXT NOT NULL UNIQUE,
	agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	year		INTEGER NOT NULL,
	number		INTEGER NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('tip', 'som', 'tip+som',
			    'unclassified')),
	status		TEXT NOT NULL CHECK (status IN ('open', 'closed')),
	sensitivity	TEXT NOT NULL CHECK (sensitivity IN ('normal', 'high')),
	title		TEXT NOT NULL,
	summary		TEXT NOT NULL DEFAULT '',
	lead_user_id	INTEGER REFERENCES users (id),
	opened_at	TEXT NOT NULL,
	opened_by	INTEGER NOT NULL REFERENCES users (id),
	closed_at	TEXT,
	closed_by	INTEGER REFERENCES users (id),
	close_reason	TEXT,
	version		INTEGER NOT NULL DEFAULT 1,
	sop_id		TEXT NOT NULL DEFAULT '',
	sop_version	INTEGER NOT NULL DEFAULT 0
);
INSERT INTO cases_rebuilt (id, ref, agency_id, year, number, kind, status,
    sensitivity, title, summary, lead_user_id, opened_at, opened_by,
    closed_at, closed_by, close_reason, version, sop_id, sop_version)
    SELECT id, ref, agency_id, year, number, kind, status, sensitivity,
    title, summary, lead_user_id, opened_at, opened_by, closed_at,
    closed_by, close_reason, version, sop_id, sop_version FROM cases;
DROP TABLE cases;
ALTER TABLE cases_rebuilt RENAME TO cases;
CREATE INDEX cases_agency_opened ON cases (agency_id, opened_at, id);
CREATE INDEX cases_agency_status ON cases (agency_id, status, opened_at,
    id);
CREATE INDEX cases_agency_kind ON cases (agency_id, kind, opened_at, id);
CREATE INDEX cases_agency_status_kind ON cases (agency_id, status, kind,
    opened_at, id);
CREATE INDEX cases_lead_opened ON cases (lead_user_id, opened_at, id);

-- One row per transfer, kept: the history of who owned a case.
CREATE TABLE case_transfers (
	id		INTEGER PRIMARY KEY,
	case_id		INTEGER NOT NULL REFERENCES cases (id),
	from_agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	to_agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	reason		TEXT NOT NULL CHECK (length(reason) > 0),
	at		TEXT NOT NULL,
	by_user_id	INTEGER NOT NULL REFERENCES users (id),
	lead_user_id	INTEGER REFERENCES users (id),
	-- the share the old owner kept, to read, if any
	kept_share_id	INTEGER REFERENCES case_shares (id),
	CHECK (from_agency_id <> to_agency_id)
);
CREATE INDEX case_transfers_case ON case_transfers (case_id, id);
