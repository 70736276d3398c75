-- SPDX-License-Identifier: Apache-2.0
-- 0002_sop_engine: versioned SOPs and screening instruments, each case
-- pinned to its SOP version, the steps done on a case, the facts that
-- open its gates, screenings and legal-element assessments.

-- SOPs and screening instruments as imported: a version, once stored, is
-- never changed; a ministry's new version is a new row.
CREATE TABLE definitions (
	kind		TEXT NOT NULL CHECK (kind IN ('sop', 'screening')),
	id		TEXT NOT NULL,
	version		INTEGER NOT NULL CHECK (version >= 1),
	body		TEXT NOT NULL,
	sha256		TEXT NOT NULL,
	origin		TEXT NOT NULL CHECK (origin IN ('shipped', 'imported')),
	imported_at	TEXT NOT NULL,
	imported_by	INTEGER REFERENCES users (id),
	PRIMARY KEY (kind, id, version)
) WITHOUT ROWID;

-- Cases opened before this migration walk the SOP of their kind in the
-- version this tipsom ships (2: library_seed adds it right after).
ALTER TABLE cases ADD COLUMN sop_id TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN sop_version INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET sop_id = CASE kind WHEN 'som' THEN 'som' ELSE 'tip' END,
    sop_version = 2;

-- What was done to a step, in order; a step's state is computed from its
-- last event (src/core/engine.c), so nothing here is ever updated.
CREATE TABLE step_events (
	id		INTEGER PRIMARY KEY,
	case_id		INTEGER NOT NULL REFERENCES cases (id),
	step_id		TEXT NOT NULL,
	action		TEXT NOT NULL CHECK (action IN ('done', 'skipped',
			    'reopened')),
	at		TEXT NOT NULL,
	user_id		INTEGER NOT NULL REFERENCES users (id),
	note		TEXT NOT NULL DEFAULT '',
	sop_id		TEXT NOT NULL,
	sop_version	INTEGER NOT NULL
);
CREATE INDEX step_events_case ON step_events (case_id, id);

-- What an officer recorded so that SOP gates open: consent, an
-- interpreter, a best-interests or risk assessment, a supervisor's
-- approval of a step.
CREATE TABLE case_facts (
	id		INTEGER PRIMARY KEY,
	case_id		INTEGER NOT NULL REFERENCES cases (id),
	fact		TEXT NOT NULL CHECK (fact IN ('informed_consent',
			    'interpreter', 'best_interests_assessment',
			    'risk_assessment', 'reflection_waived',
			    'supervisor_approval')),
	person_id	INTEGER REFERENCES persons (id),
	step_id		TEXT,
	at		TEXT NOT NULL,
	user_id		INTEGER NOT NULL REFERENCES users (id),
	note		TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_facts_case ON case_facts (case_id, id);

-- A screening instrument applied to a person in a case, with the answers
-- and the instrument version they were given under.
CREATE TABLE screenings (
	id		INTEGER PRIMARY KEY,
	case_id		INTEGER NOT NULL REFERENCES cases (id),
	person_id	INTEGER NOT NULL REFERENCES persons (id),
	instrument_id	TEXT NOT NULL,
	instrument_version INTEGER NOT NULL,
	answers		TEXT NOT NULL,
	score		INTEGER NOT NULL,
	outcome		TEXT NOT NULL CHECK (outcome IN ('no_indication',
			    'possible', 'strong')),
	indicators	TEXT NOT NULL,
	at		TEXT NOT NULL,
	user_id		INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX screenings_case ON screenings (case_id, person_id, id);

-- The legal elements found, what they suggest, and the officer's
-- decision, which is what sets the case's kind.
CREATE TABLE assessments (
	id		INTEGER PRIMARY KEY,
	case_id		INTEGER NOT NULL REFERENCES cases (id),
	elements	TEXT NOT NULL,
	suggestion	TEXT NOT NULL CHECK (suggestion IN ('tip', 'som',
			    'tip+som', 'insufficient')),
	reasons		TEXT NOT NULL,
	at		TEXT NOT NULL,
	user_id		INTEGER NOT NULL REFERENCES users (id),
	decision	TEXT CHECK (decision IN ('tip', 'som', 'tip+som',
			    'unclassified')),
	decision_reason	TEXT,
	decided_at	TEXT,
	decided_by	INTEGER REFERENCES users (id)
);
CREATE INDEX assessments_case ON assessments (case_id, id);
