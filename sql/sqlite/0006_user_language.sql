-- SPDX-License-Identifier: Apache-2.0
-- 0006_user_language: the language each user chose for the interface
-- (NULL: none chosen, the browser's is used).

ALTER TABLE users ADD COLUMN language TEXT
    CHECK (language IS NULL OR language GLOB '[a-z][a-z]*');
