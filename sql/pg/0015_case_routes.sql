-- SPDX-License-Identifier: Apache-2.0
-- 0015_case_routes: the route of a smuggling case, the countries its
-- migrants went through in order, origin first and destination last
-- (src/core/route.c checks them): ISO 3166 alpha-2 codes joined by
-- commas, "AF,IR,TR,GR"; NULL while not recorded.  Statistics count
-- smuggled migrants by it (src/core/stats.c).

-- SQLite's GLOB '[A-Z][A-Z],[A-Z][A-Z]*' is a value that starts so.
ALTER TABLE cases ADD COLUMN route TEXT
    CHECK (route IS NULL OR (length(route) BETWEEN 5 AND 35 AND
    route ~ '^[A-Z][A-Z],[A-Z][A-Z]'));
