-- SPDX-License-Identifier: Apache-2.0
-- 0013_name_keys: the search keys of every person's names (src/search/
-- namekey.h), written with the person, so that the name index is built
-- from the store without opening anyone's identity.  One row per name
-- (the primary name and each alias), its fine keys space-separated; ''
-- for a name that gives no key.  Rows only grow: the index reads those
-- after the last it has (search.c).

CREATE TABLE person_name_keys (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES persons (id),
	keys		TEXT NOT NULL
);
CREATE INDEX person_name_keys_person ON person_name_keys (person_id);
