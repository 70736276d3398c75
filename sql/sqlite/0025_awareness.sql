-- SPDX-License-Identifier: Apache-2.0
-- 0025_awareness: awareness sessions of Migrant Resource Centres
-- (src/core/awareness.c).
--
-- A community or school session, a workshop with officials or a joint
-- coordination committee: when and where it was held, the agencies that
-- organised it (the recording agency always among them), whom it was
-- for, how many came by sex and age group, the information sheets used
-- (mrc/sheets, by id) and what else, and the feedback.  Headcounts, not
-- people: no one who came is named.  The feedback is free text and
-- sealed at rest (src/store/store.h STORE_SEALED_COLUMNS) in case it
-- names someone anyway.

CREATE TABLE awareness_sessions (
	id		INTEGER PRIMARY KEY,
	agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	kind		TEXT NOT NULL CHECK (kind IN ('community', 'school',
			    'officials_workshop', 'coordination_committee')),
	held_on		TEXT NOT NULL,
	place		TEXT NOT NULL CHECK (length(place) > 0),
	region		TEXT NOT NULL CHECK (length(region) > 0),
	audience	TEXT NOT NULL CHECK (audience IN
			    ('prospective_migrants', 'returnees', 'families',
			    'students', 'officials', 'community_leaders',
			    'general_public')),
	female_children	INTEGER NOT NULL CHECK (female_children
			    BETWEEN 0 AND 100000),
	female_adults	INTEGER NOT NULL CHECK (female_adults
			    BETWEEN 0 AND 100000),
	male_children	INTEGER NOT NULL CHECK (male_children
			    BETWEEN 0 AND 100000),
	male_adults	INTEGER NOT NULL CHECK (male_adults
			    BETWEEN 0 AND 100000),
	materials_other	TEXT NOT NULL DEFAULT '',
	feedback	TEXT,
	created_at	TEXT NOT NULL,
	created_by	INTEGER NOT NULL REFERENCES users (id),
	updated_at	TEXT NOT NULL,
	version		INTEGER NOT NULL DEFAULT 1,
	CHECK (female_children + female_adults + male_children +
	    male_adults > 0)
);
CREATE INDEX awareness_sessions_held ON awareness_sessions (held_on);

CREATE TABLE awareness_organisers (
	session_id	INTEGER NOT NULL REFERENCES awareness_sessions (id),
	agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	PRIMARY KEY (session_id, agency_id)
) WITHOUT ROWID;
CREATE INDEX awareness_organisers_agency ON awareness_organisers
    (agency_id);

-- sheet_id: a shipped information sheet's id (src/core/sheets.h).
CREATE TABLE awareness_materials (
	session_id	INTEGER NOT NULL REFERENCES awareness_sessions (id),
	sheet_id	TEXT NOT NULL CHECK (length(sheet_id) > 0),
	PRIMARY KEY (session_id, sheet_id)
) WITHOUT ROWID;
