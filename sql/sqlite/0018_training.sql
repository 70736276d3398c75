-- SPDX-License-Identifier: Apache-2.0
-- 0018_training: the training sandbox (src/core/training.c).
--
-- A training store is marked once, when `tipsom train sandbox` makes it,
-- and stays marked: the server shows every page under a TRAINING banner
-- and only a training store takes exercises.  A store that holds cases
-- cannot be marked, so real cases and fictional ones never share a
-- store.  Case studies are versioned definitions like SOPs, so the
-- definitions table is rebuilt to take a third kind (foreign keys off,
-- checked before the commit, as in 0010).

CREATE TABLE definitions_rebuilt (
	kind		TEXT NOT NULL CHECK (kind IN ('sop', 'screening',
			    'case_study')),
	id		TEXT NOT NULL,
	version		INTEGER NOT NULL CHECK (version >= 1),
	body		TEXT NOT NULL,
	sha256		TEXT NOT NULL,
	origin		TEXT NOT NULL CHECK (origin IN ('shipped', 'imported')),
	imported_at	TEXT NOT NULL,
	imported_by	INTEGER REFERENCES users (id),
	PRIMARY KEY (kind, id, version)
) WITHOUT ROWID;
INSERT INTO definitions_rebuilt (kind, id, version, body, sha256, origin,
    imported_at, imported_by)
    SELECT kind, id, version, body, sha256, origin, imported_at,
    imported_by FROM definitions;
DROP TABLE definitions;
ALTER TABLE definitions_rebuilt RENAME TO definitions;

CREATE TABLE training_store (
	one		INTEGER PRIMARY KEY CHECK (one = 1),
	made_at		TEXT NOT NULL
);
CREATE TRIGGER training_store_fresh BEFORE INSERT ON training_store
WHEN EXISTS (SELECT 1 FROM cases)
BEGIN
	SELECT RAISE(ABORT,
	    'a store that holds cases cannot become a training store');
END;
CREATE TRIGGER training_store_kept BEFORE DELETE ON training_store
BEGIN
	SELECT RAISE(ABORT, 'a training store stays a training store');
END;

-- Several trainees on one case study, each on a case of their own, the
-- trainer watching everyone's progress.
CREATE TABLE exercise_groups (
	id		INTEGER PRIMARY KEY,
	study_id	TEXT NOT NULL,
	study_version	INTEGER NOT NULL,
	title		TEXT NOT NULL CHECK (length(title) > 0),
	trainer_id	INTEGER NOT NULL REFERENCES users (id),
	agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	created_at	TEXT NOT NULL,
	closed_at	TEXT
);

-- One trainee working one case study on one case of the training store.
-- points and max_points are the score when the trainee finished.
CREATE TABLE exercises (
	id		INTEGER PRIMARY KEY,
	case_id		INTEGER NOT NULL UNIQUE REFERENCES cases (id),
	study_id	TEXT NOT NULL,
	study_version	INTEGER NOT NULL,
	trainee_id	INTEGER NOT NULL REFERENCES users (id),
	group_id	INTEGER REFERENCES exercise_groups (id),
	started_at	TEXT NOT NULL,
	finished_at	TEXT,
	points		INTEGER,
	max_points	INTEGER,
	CHECK ((finished_at IS NULL) = (points IS NULL)),
	CHECK ((finished_at IS NULL) = (max_points IS NULL))
);
CREATE UNIQUE INDEX exercises_one_per_group ON exercises (group_id,
    trainee_id) WHERE group_id IS NOT NULL;
CREATE INDEX exercises_trainee ON exercises (trainee_id);

CREATE TRIGGER exercise_groups_training_only BEFORE INSERT ON
    exercise_groups WHEN NOT EXISTS (SELECT 1 FROM training_store)
BEGIN
	SELECT RAISE(ABORT, 'exercises run in a training store only');
END;
CREATE TRIGGER exercises_training_only BEFORE INSERT ON exercises
WHEN NOT EXISTS (SELECT 1 FROM training_store)
BEGIN
	SELECT RAISE(ABORT, 'exercises run in a training store only');
END;

-- Which person of the exercise case is which person of the case study.
CREATE TABLE exercise_persons (
	exercise_id	INTEGER NOT NULL REFERENCES exercises (id),
	key		TEXT NOT NULL,
	person_id	INTEGER NOT NULL REFERENCES persons (id),
	PRIMARY KEY (exercise_id, key)
) WITHOUT ROWID;

-- Steps the engine refused on an exercise case, with why: trying to take
-- a child's statement with no guardian is a thing the case study may
-- score as not to be done.
CREATE TABLE exercise_refusals (
	id		INTEGER PRIMARY KEY,
	exercise_id	INTEGER NOT NULL REFERENCES exercises (id),
	step		TEXT NOT NULL,
	reason		TEXT NOT NULL,
	at		TEXT NOT NULL
);
CREATE INDEX exercise_refusals_exercise ON exercise_refusals (exercise_id);
