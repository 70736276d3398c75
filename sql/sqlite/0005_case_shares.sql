-- SPDX-License-Identifier: Apache-2.0
-- 0005_case_shares: a case shared with another agency, for a reason, until
-- a date or until revoked.  Rows are kept after revocation and expiry: the
-- history of who could see a case is part of the case.

CREATE TABLE case_shares (
	id		INTEGER PRIMARY KEY,
	case_id		INTEGER NOT NULL REFERENCES cases (id),
	agency_id	INTEGER NOT NULL REFERENCES agencies (id),
	reason		TEXT NOT NULL CHECK (length(reason) > 0),
	shared_at	TEXT NOT NULL,
	shared_by	INTEGER NOT NULL REFERENCES users (id),
	expires_on	TEXT,		-- YYYY-MM-DD, the last day; NULL: none
	revoked_at	TEXT,
	revoked_by	INTEGER REFERENCES users (id),
	revoke_reason	TEXT,
	CHECK ((revoked_at IS NULL) = (revoked_by IS NULL) AND
	    (revoked_at IS NULL) = (revoke_reason IS NULL))
);
-- The shares of a case, and the cases shared with an agency.
CREATE INDEX case_shares_case ON case_shares (case_id, id);
CREATE INDEX case_shares_agency ON case_shares (agency_id, case_id);
