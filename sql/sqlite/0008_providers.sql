-- SPDX-License-Identifier: Apache-2.0
-- 0008_providers: the directory of service providers that victims are
-- referred to (src/core/provider.h).  services and accepts are sets of
-- enum values as bits (model/provider.h); languages BCP 47 tags apart by
-- spaces.  A provider that is an agency in tipsom names it.

CREATE TABLE providers (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    agency_id   INTEGER REFERENCES agencies (id),
    region      TEXT NOT NULL,
    services    INTEGER NOT NULL CHECK (services > 0),
    accepts     INTEGER NOT NULL CHECK (accepts > 0),
    languages   TEXT NOT NULL DEFAULT '',
    capacity    INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    contact     TEXT,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX providers_agency ON providers (agency_id);
