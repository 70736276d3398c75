-- SPDX-License-Identifier: Apache-2.0
-- 0020_rekey_names: the name keys changed again (src/search/namekey.h):
-- ث has a class of its own (C, t or s: Uthman, Osman), a final ی or ي is
-- a long a or i (Musa, موسی), Sorani ه typed for ە is that vowel, and
-- ...al-Din and ...ullah joined in Arabic script key as when apart.  The
-- old rows go; every person is keyed again, from their names, on the
-- first search or duplicate search of each server, as after 0017.
DELETE FROM person_name_keys;
