-- SPDX-License-Identifier: Apache-2.0
-- 0027_rekey_names: the name keys changed (src/search/namekey.c): Badr
-- (بدر) was read as Abd and joined to the name after it (Badr Hassan as
-- Abd al-Hassan); Abd- compounds now need Abd's first vowel (ع, A, А),
-- which every script writes; and wald, weld, valad, velad and veled
-- (son of) are particles like walad.  The old rows go; every person is keyed
-- again, from their names, on the first search or duplicate search of
-- each server, as after 0017.
DELETE FROM person_name_keys;
