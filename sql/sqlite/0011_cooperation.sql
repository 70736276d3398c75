-- SPDX-License-Identifier: Apache-2.0
-- 0011_cooperation: requests for international cooperation about a case
-- (mutual legal assistance, extradition, information exchange, joint
-- investigation) to or from a counterpart abroad, and the history of each
-- (src/core/cooperation.h).  The core checks every rule with a message;
-- the schema checks them again, so that nothing around tipsom can store
-- a request that breaks them.  Dates are YYYY-MM-DD, which sort as text.

CREATE TABLE cooperation_requests (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    agency_id       INTEGER NOT NULL REFERENCES agencies (id),
    kind            TEXT NOT NULL CHECK (kind IN ('mla', 'extradition',
                        'information_exchange', 'joint_investigation')),
    direction       TEXT NOT NULL CHECK (direction IN ('outgoing',
                        'incoming')),
    country         TEXT NOT NULL CHECK (length(country) = 2 AND
                        country GLOB '[A-Z][A-Z]'),
    authority       TEXT NOT NULL CHECK (length(trim(authority)) > 0),
    legal_basis     TEXT NOT NULL CHECK (length(trim(legal_basis)) > 0),
    subject         TEXT NOT NULL CHECK (length(trim(subject)) > 0),
    our_ref         TEXT,
    their_ref       TEXT,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'sent',
                        'acknowledged', 'answered', 'partially_answered',
                        'refused', 'closed', 'withdrawn')),
    sent_on         TEXT CHECK (sent_on GLOB
                        '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    due_on          TEXT CHECK (due_on GLOB
                        '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    answered_on     TEXT CHECK (answered_on GLOB
                        '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    next_follow_up  TEXT CHECK (next_follow_up GLOB
                        '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at      TEXT NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES users (id),
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    -- A draft has not been sent; everything after it has, but a draft
    -- withdrawn; an incoming request reached us already sent.
    CHECK ((status = 'draft') = (sent_on IS NULL) OR
        (status = 'withdrawn' AND sent_on IS NULL)),
    CHECK (direction = 'outgoing' OR sent_on IS NOT NULL),
    CHECK (due_on IS NULL OR sent_on IS NULL OR due_on >= sent_on),
    CHECK (answered_on IS NULL OR (sent_on IS NOT NULL AND
        answered_on >= sent_on)),
    CHECK (status NOT IN ('answered', 'partially_answered', 'refused') OR
        answered_on IS NOT NULL),
    -- Reminders are for requests still waiting.
    CHECK (next_follow_up IS NULL OR status IN ('draft', 'sent',
        'acknowledged', 'partially_answered'))
);
CREATE INDEX cooperation_requests_case ON cooperation_requests (case_id, id);
CREATE INDEX cooperation_requests_agency ON cooperation_requests
    (agency_id, id);

CREATE TABLE cooperation_events (
    id              INTEGER PRIMARY KEY,
    request_id      INTEGER NOT NULL REFERENCES cooperation_requests (id),
    kind            TEXT NOT NULL CHECK (kind IN ('status', 'follow_up')),
    status          TEXT NOT NULL CHECK (status IN ('draft', 'sent',
                        'acknowledged', 'answered', 'partially_answered',
                        'refused', 'closed', 'withdrawn')),
    on_date         TEXT NOT NULL CHECK (on_date GLOB
                        '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    channel         TEXT CHECK (channel IN ('email', 'diplomatic_note',
                        'letter', 'phone', 'meeting', 'liaison_officer',
                        'other')),
    note            TEXT,
    next_follow_up  TEXT,
    at              TEXT NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    -- A follow-up says how the counterpart was contacted.
    CHECK (kind = 'status' OR channel IS NOT NULL),
    CHECK (next_follow_up IS NULL OR next_follow_up > on_date)
);
CREATE INDEX cooperation_events_request ON cooperation_events
    (request_id, id);
