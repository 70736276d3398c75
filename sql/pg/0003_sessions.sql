-- SPDX-License-Identifier: Apache-2.0
-- 0003_sessions: web sessions, two-factor secrets and login throttling.

-- Failed logins since the last success: they slow further attempts down
-- and then lock the account until locked_until.
ALTER TABLE users ADD COLUMN failed_logins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_failed_at TEXT;
ALTER TABLE users ADD COLUMN locked_until TEXT;
-- The TOTP secret (base32) once enrolled; NULL without two-factor login.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
-- The last TOTP time step accepted, so a code cannot be used twice.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- A session is known by the SHA-256 of its token: the token itself lives
-- only in the user's cookie, so a copy of the store opens no session.
CREATE TABLE sessions (
	token_hash	TEXT PRIMARY KEY,
	user_id		BIGINT NOT NULL REFERENCES users (id),
	csrf		TEXT NOT NULL,
	created_at	TEXT NOT NULL,
	last_seen_at	TEXT NOT NULL,
	expires_at	TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
