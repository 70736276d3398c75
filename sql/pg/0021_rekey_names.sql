-- SPDX-License-Identifier: Apache-2.0
-- 0021_rekey_names: the name keys changed again (src/search/namekey.h):
-- Kurdish ڤ is a v, keyed as Latin v (Berivan, بێریڤان), and Abdul- with
-- a vowel after it is Abdullah (Abdula, Abdala), no compound with the
-- name after it.  The old rows go; every person is keyed again, from
-- their names, on the first search or duplicate search of each server,
-- as after 0017.
DELETE FROM person_name_keys;
