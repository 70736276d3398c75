-- SPDX-License-Identifier: Apache-2.0
-- 0024_counselling: the counselling log of Migrant Resource Centres
-- (src/core/counselling.c).
--
-- A session with a person or a family who plan to migrate, came back, or
-- have someone abroad: what was covered, where they mean to go, the
-- risks seen, the follow-up and any referral.  De-identified by design:
-- a record names a first name or pseudonym only.  Full identity (a full
-- name, a contact, a person of a case) is kept only with the person's
-- consent and only once a case is open, and the last CHECK makes the
-- store itself refuse anything else.  The texts are sealed at rest
-- (store.h: STORE_SEALED_COLUMNS), so an absent one is NULL, never '';
-- topics and risks are sets of model/counselling.h's vocabularies, as
-- bits.

CREATE TABLE counselling (
	id		INTEGER PRIMARY KEY,
	agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	held_on		TEXT NOT NULL,
	party		TEXT NOT NULL CHECK (party IN ('person', 'family')),
	people		INTEGER NOT NULL CHECK (people BETWEEN 1 AND 50),
	pseudonym	TEXT NOT NULL CHECK (length(pseudonym) > 0),
	sex		TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other',
			    'unknown')),
	age_group	TEXT NOT NULL CHECK (age_group IN ('child', 'adult',
			    'unknown')),
	nationality	TEXT NOT NULL DEFAULT '',
	situation	TEXT NOT NULL CHECK (situation IN
			    ('prospective_migrant', 'returnee',
			    'family_of_migrant', 'other')),
	destination	TEXT NOT NULL DEFAULT '',
	route		TEXT,
	topics		INTEGER NOT NULL CHECK (topics > 0),
	risks		INTEGER NOT NULL DEFAULT 0 CHECK (risks >= 0),
	sheets		TEXT NOT NULL DEFAULT '',
	notes		TEXT,
	follow_up_on	TEXT,
	follow_up_done_at TEXT,
	referred_to	INTEGER REFERENCES agencies (id),
	referral_note	TEXT,
	consent		INTEGER NOT NULL CHECK (consent IN (0, 1)),
	full_name	TEXT,
	contact		TEXT,
	case_id		INTEGER REFERENCES cases (id),
	person_id	INTEGER REFERENCES persons (id),
	created_at	TEXT NOT NULL,
	created_by	INTEGER NOT NULL REFERENCES users (id),
	updated_at	TEXT NOT NULL,
	CHECK ((full_name IS NULL AND contact IS NULL AND person_id IS NULL) OR
	    (consent = 1 AND case_id IS NOT NULL))
);
CREATE INDEX counselling_agency ON counselling (agency_id, held_on);
CREATE INDEX counselling_follow_up ON counselling (agency_id, follow_up_on)
    WHERE follow_up_on IS NOT NULL AND follow_up_done_at IS NULL;
