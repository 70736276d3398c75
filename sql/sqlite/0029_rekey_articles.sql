-- SPDX-License-Identifier: Apache-2.0
-- 0029_rekey_articles: the name keys changed (src/search/namekey.c): a
-- part written with the article (al-Hamza, الحمزه, Аль-Хамза) is marked
-- so ("@" before its key), a woman's Russian surname keeps its v
-- (Ahmadova, احمدوا, as Ahmadov), and a name with a patronymic last
-- starts with its family name (Хусейн Фарход Абдурахимович).  The old
-- rows go; every person is keyed again, from their names, on the first
-- search or duplicate search of each server, as after 0017.
DELETE FROM person_name_keys;
