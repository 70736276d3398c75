-- SPDX-License-Identifier: Apache-2.0
-- 0001_foundation: agencies, users, cases, persons, notes and the audit chain.
--
-- Enumerated columns are checked here too, so that a row written around
-- tipsom cannot hold a value the code does not know.  Identity columns
-- (marked "identity") hold what src/vault makes of the plain value.

CREATE TABLE agencies (
	id		INTEGER PRIMARY KEY,
	code		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('ministry',
			    'law_enforcement', 'border_guard', 'prosecution',
			    'court', 'labour_inspection', 'shelter', 'health',
			    'social_services', 'ngo',
			    'international_organisation',
			    'training_institute', 'migrant_resource_centre',
			    'other')),
	created_at	TEXT NOT NULL
);

CREATE TABLE users (
	id		INTEGER PRIMARY KEY,
	agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	username	TEXT NOT NULL UNIQUE,
	full_name	TEXT NOT NULL DEFAULT '',
	role		TEXT NOT NULL CHECK (role IN ('admin', 'supervisor',
			    'investigator', 'caseworker', 'prosecutor',
			    'analyst', 'trainer', 'trainee')),
	password_hash	TEXT NOT NULL,
	active		INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at	TEXT NOT NULL,
	password_changed_at TEXT NOT NULL
);
CREATE INDEX users_agency ON users (agency_id);

-- The last reference number given per agency and year.  It is raised in
-- the transaction that inserts the case, so a failed insert gives the
-- number back and references stay gap-free.
CREATE TABLE case_counters (
	agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	year		INTEGER NOT NULL,
	last		INTEGER NOT NULL,
	PRIMARY KEY (agency_id, year)
) WITHOUT ROWID;

CREATE TABLE cases (
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
	UNIQUE (agency_id, year, number)
);
CREATE INDEX cases_status ON cases (agency_id, status, kind);

CREATE TABLE notes (
	id		INTEGER PRIMARY KEY,
	case_id		INTEGER NOT NULL REFERENCES cases (id),
	at		TEXT NOT NULL,
	author_id	INTEGER NOT NULL REFERENCES users (id),
	body		TEXT NOT NULL
);
CREATE INDEX notes_case ON notes (case_id, id);

CREATE TABLE persons (
	id		INTEGER PRIMARY KEY,
	sex		TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other',
			    'unknown')),
	birth_date	TEXT,
	birth_year	INTEGER,
	birth_year_estimated INTEGER NOT NULL DEFAULT 0,
	agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	created_at	TEXT NOT NULL,
	created_by	INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX persons_agency ON persons (agency_id);

CREATE TABLE person_names (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES persons (id),
	kind		TEXT NOT NULL CHECK (kind IN ('primary', 'alias')),
	given		TEXT,		-- identity
	father		TEXT,		-- identity
	grandfather	TEXT,		-- identity
	family		TEXT,		-- identity
	script		TEXT NOT NULL
);
CREATE INDEX person_names_person ON person_names (person_id);

CREATE TABLE person_nationalities (
	person_id	INTEGER NOT NULL REFERENCES persons (id),
	country		TEXT NOT NULL,
	PRIMARY KEY (person_id, country)
) WITHOUT ROWID;

CREATE TABLE person_languages (
	person_id	INTEGER NOT NULL REFERENCES persons (id),
	language	TEXT NOT NULL,
	PRIMARY KEY (person_id, language)
) WITHOUT ROWID;

CREATE TABLE person_documents (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES persons (id),
	kind		TEXT NOT NULL CHECK (kind IN ('passport', 'national_id',
			    'residence_permit', 'travel_document',
			    'refugee_id', 'birth_certificate',
			    'driving_licence', 'other')),
	number		TEXT NOT NULL,	-- identity
	country		TEXT,
	expires_on	TEXT
);
CREATE INDEX person_documents_person ON person_documents (person_id);

CREATE TABLE person_contacts (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES persons (id),
	kind		TEXT NOT NULL CHECK (kind IN ('phone', 'email',
			    'address', 'messaging', 'social_media', 'other')),
	value		TEXT NOT NULL	-- identity
);
CREATE INDEX person_contacts_person ON person_contacts (person_id);

CREATE TABLE case_persons (
	case_id		INTEGER NOT NULL REFERENCES cases (id),
	person_id	INTEGER NOT NULL REFERENCES persons (id),
	role		TEXT NOT NULL CHECK (role IN ('presumed_victim',
			    'victim', 'smuggled_migrant', 'suspect', 'accused',
			    'witness', 'reporter', 'guardian')),
	identified_on	TEXT NOT NULL,
	age		INTEGER,
	age_basis	TEXT NOT NULL CHECK (age_basis IN ('birth_date',
			    'birth_year', 'stated_age', 'presumed_child',
			    'unknown')),
	child		INTEGER NOT NULL CHECK (child IN (0, 1)),
	needs_interpreter INTEGER NOT NULL DEFAULT 0,
	interpreter_language TEXT,
	added_at	TEXT NOT NULL,
	added_by	INTEGER NOT NULL REFERENCES users (id),
	PRIMARY KEY (case_id, person_id, role)
) WITHOUT ROWID;
CREATE INDEX case_persons_person ON case_persons (person_id);

-- The audit chain: hash = H(prev_hash || every other column), see
-- src/core/audit.c.  Append-only: the triggers stop tipsom, or anyone
-- using the store through SQL, from rewriting it by accident; a deliberate
-- edit around them is what `tipsom audit verify` finds.
CREATE TABLE audit (
	seq		INTEGER PRIMARY KEY,
	at		TEXT NOT NULL,
	actor_id	INTEGER NOT NULL DEFAULT 0,
	action		TEXT NOT NULL,
	object_type	TEXT NOT NULL,
	object_id	TEXT NOT NULL,
	case_id		INTEGER NOT NULL DEFAULT 0,
	agency_id	INTEGER NOT NULL DEFAULT 0,
	changes		TEXT NOT NULL,
	prev_hash	TEXT NOT NULL,
	hash		TEXT NOT NULL
);
CREATE INDEX audit_case ON audit (case_id, seq);
CREATE INDEX audit_agency ON audit (agency_id, seq);

-- The newest link, kept beside the chain so that rows cut from its end
-- are found too.
CREATE TABLE audit_head (
	id		INTEGER PRIMARY KEY CHECK (id = 1),
	seq		INTEGER NOT NULL,
	hash		TEXT NOT NULL
);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit chain is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit chain is append-only');
END;
