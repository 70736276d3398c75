-- SPDX-License-Identifier: Apache-2.0
-- 0022_field_keys: field encryption at rest (src/vault/vault.h,
-- src/core/keys.h).  An encrypted store keeps here how its key-encryption
-- key is made (a key file, or a passphrase through argon2id with this
-- salt) and its keys, each only wrapped by that key: version 0 the index
-- key of blind indexes, 1.. the data keys, each after the first also
-- wrapped by the one before it.  A store with no rows here is plain (made
-- before 0022, until tipsom keys init).

CREATE TABLE field_key_wrap (
	id		BIGINT PRIMARY KEY CHECK (id = 1),
	kind		TEXT NOT NULL CHECK (kind IN ('key_file',
			    'passphrase')),
	salt		TEXT,
	opslimit	BIGINT,
	memlimit	BIGINT,
	changed_at	TEXT NOT NULL,
	CHECK ((kind = 'passphrase') = (salt IS NOT NULL AND
	    opslimit IS NOT NULL AND memlimit IS NOT NULL))
);

CREATE TABLE field_keys (
	version		BIGINT PRIMARY KEY CHECK (version >= 0),
	wrapped		TEXT NOT NULL CHECK (wrapped ~ '^w[.]'),
	chained		TEXT CHECK (chained ~ '^w[.]'),
	created_at	TEXT NOT NULL,
	CHECK ((version > 1) = (chained IS NOT NULL))
);

-- In an encrypted store an identifier is found by its blind index
-- ("h." and a keyed hash), not its number: a phone's E.164 form is
-- checked only in plain stores.
ALTER TABLE identifiers DROP CONSTRAINT identifiers_check;
ALTER TABLE identifiers ADD CONSTRAINT identifiers_check CHECK
    (kind <> 'phone' OR normalised ~ '^h[.]' OR
    (length(normalised) BETWEEN 9 AND 16 AND
    normalised ~ '^[+][1-9]' AND substr(normalised, 2) !~ '[^0-9]'));
