-- SPDX-License-Identifier: Apache-2.0
-- 0009_referrals: referrals of a person in a case to a service provider,
-- with the person's informed consent (src/core/referral.h), and the
-- history of each referral's status.  shares and consent_scope are sets
-- of enum consent_scope values as bits; shares is always within
-- consent_scope (the core checks it, the schema too).

CREATE TABLE referrals (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases (id),
    person_id           INTEGER NOT NULL REFERENCES persons (id),
    provider_id         INTEGER NOT NULL REFERENCES providers (id),
    service             TEXT NOT NULL,
    status              TEXT NOT NULL,
    shares              INTEGER NOT NULL,
    needs               TEXT,
    child               INTEGER NOT NULL CHECK (child IN (0, 1)),
    consent_explained   TEXT NOT NULL CHECK (length(consent_explained) > 0),
    consent_language    TEXT NOT NULL,
    consent_interpreter TEXT,
    consent_scope       INTEGER NOT NULL CHECK (consent_scope > 0),
    consent_given_on    TEXT NOT NULL,
    consent_guardian    TEXT,
    consent_best_interests TEXT,
    consent_withdrawn_at TEXT,
    consent_withdrawn_reason TEXT,
    created_at          TEXT NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES users (id),
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    CHECK ((shares & ~consent_scope) = 0),
    CHECK (child = 0 OR (consent_guardian IS NOT NULL AND
        consent_best_interests IS NOT NULL)),
    CHECK ((consent_withdrawn_at IS NULL) =
        (consent_withdrawn_reason IS NULL))
);
CREATE INDEX referrals_case ON referrals (case_id, id);
CREATE INDEX referrals_provider ON referrals (provider_id, id);

CREATE TABLE referral_events (
    id          INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referrals (id),
    status      TEXT NOT NULL,
    at          TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    reason      TEXT
);
CREATE INDEX referral_events_referral ON referral_events (referral_id, id);
