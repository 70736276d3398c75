-- SPDX-License-Identifier: Apache-2.0
-- 0028_rekey_sorani: the name keys changed (src/search/namekey.c): an
-- Arabic-script word with ه between two consonants twice (محهمهد, حهسهن)
-- is Sorani typed on an Arabic keyboard, its ه the vowel ە, and so are
-- the other words of its name.  The old rows go; every person is keyed
-- again, from their names, on the first search or duplicate search of
-- each server, as after 0017.
DELETE FROM person_name_keys;
