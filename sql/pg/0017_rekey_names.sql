-- SPDX-License-Identifier: Apache-2.0
-- 0017_rekey_names: the name keys are now spelt with their vowels
-- (src/search/namekey.h: "MaHMuuD" where they were "MHMD"), which tells
-- Mahmoud from Mohammed.  The old rows go; every person is keyed again,
-- from their names, on the first search or duplicate search of each
-- server (search.c's backfill of persons without keys).
DELETE FROM person_name_keys;
