-- SPDX-License-Identifier: Apache-2.0
-- 0019_programme: the training programme (src/core/programme.c).
--
-- Courses (their curriculum and modules), their sessions (dates, place,
-- the organising agency, the trainers), the participants (officers and
-- staff of any agency: their organisation, job, sex and region),
-- attendance, pre- and post-test scores and certificates.  A session's
-- trainer is a participant too, so that a trainer trained at an earlier
-- session draws the cascade: who trained whom (src/core/cascade.c).
-- These are the records of staff, not of victims; they live in real
-- stores as in training stores.

CREATE TABLE courses (
	id		INTEGER PRIMARY KEY,
	agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	code		TEXT NOT NULL UNIQUE,
	title		TEXT NOT NULL CHECK (length(title) > 0),
	curriculum	TEXT NOT NULL DEFAULT '',
	hours		INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 2000),
	tot		INTEGER NOT NULL CHECK (tot IN (0, 1)),
	created_at	TEXT NOT NULL,
	created_by	INTEGER NOT NULL REFERENCES users (id)
);

CREATE TABLE course_modules (
	course_id	INTEGER NOT NULL REFERENCES courses (id),
	position	INTEGER NOT NULL CHECK (position >= 1),
	title		TEXT NOT NULL CHECK (length(title) > 0),
	hours		INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 500),
	PRIMARY KEY (course_id, position)
) WITHOUT ROWID;

CREATE TABLE participants (
	id		INTEGER PRIMARY KEY,
	agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	full_name	TEXT NOT NULL CHECK (length(full_name) > 0),
	organisation	TEXT NOT NULL CHECK (length(organisation) > 0),
	job		TEXT NOT NULL CHECK (length(job) > 0),
	sex		TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other',
			    'unknown')),
	region		TEXT NOT NULL CHECK (length(region) > 0),
	created_at	TEXT NOT NULL,
	created_by	INTEGER NOT NULL REFERENCES users (id)
);

CREATE TABLE course_sessions (
	id		INTEGER PRIMARY KEY,
	course_id	INTEGER NOT NULL REFERENCES courses (id),
	agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	starts_on	TEXT NOT NULL,
	ends_on		TEXT NOT NULL CHECK (ends_on >= starts_on),
	place		TEXT NOT NULL CHECK (length(place) > 0),
	region		TEXT NOT NULL CHECK (length(region) > 0),
	created_at	TEXT NOT NULL,
	created_by	INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX course_sessions_course ON course_sessions (course_id);

CREATE TABLE session_trainers (
	session_id	INTEGER NOT NULL REFERENCES course_sessions (id),
	participant_id	INTEGER NOT NULL REFERENCES participants (id),
	PRIMARY KEY (session_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX session_trainers_participant ON session_trainers
    (participant_id);

-- days_attended of the session's days; scores out of 100, NULL until
-- the test is taken.
CREATE TABLE session_participants (
	session_id	INTEGER NOT NULL REFERENCES course_sessions (id),
	participant_id	INTEGER NOT NULL REFERENCES participants (id),
	days_attended	INTEGER NOT NULL DEFAULT 0 CHECK (days_attended >= 0),
	pre_score	INTEGER CHECK (pre_score BETWEEN 0 AND 100),
	post_score	INTEGER CHECK (post_score BETWEEN 0 AND 100),
	PRIMARY KEY (session_id, participant_id)
) WITHOUT ROWID;
CREATE INDEX session_participants_participant ON session_participants
    (participant_id);

-- A certificate's code is what anyone checks it by (GET
-- /api/v1/certificates/{code}); one per participant and session.
CREATE TABLE certificates (
	id		INTEGER PRIMARY KEY,
	session_id	INTEGER NOT NULL REFERENCES course_sessions (id),
	participant_id	INTEGER NOT NULL REFERENCES participants (id),
	code		TEXT NOT NULL UNIQUE,
	issued_at	TEXT NOT NULL,
	issued_by	INTEGER NOT NULL REFERENCES users (id),
	UNIQUE (session_id, participant_id)
);
