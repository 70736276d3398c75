-- SPDX-License-Identifier: Apache-2.0
-- 0006_user_language: the language each user chose for the interface
-- (NULL: none chosen, the browser's is used).

-- SQLite's GLOB '[a-z][a-z]*' is the whole value: two lower-case ASCII
-- letters and anything after them; the regular expression says the same.
ALTER TABLE users ADD COLUMN language TEXT
    CHECK (language IS NULL OR language ~ '^[a-z][a-z]');
