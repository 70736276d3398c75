-- SPDX-License-Identifier: Apache-2.0
-- 0016_imports: what each import of a CSV or XLSX file wrote
-- (src/core/import.c), so that importing the same file again adds
-- nothing twice.
--
-- A row of a file is known by its agency, what it is (a person or a
-- case), the source it came from (the file's name, or --source) and its
-- id in that source (the source_id column).  row_hash is the SHA-256 of
-- the row's fields as imported: the same row imported again is skipped,
-- a row that changed since is reported, never overwritten.

CREATE TABLE import_rows (
	agency_id	BIGINT NOT NULL REFERENCES agencies (id),
	entity		TEXT NOT NULL CHECK (entity IN ('person', 'case')),
	source		TEXT NOT NULL CHECK (length(source) > 0),
	source_id	TEXT NOT NULL CHECK (length(source_id) > 0),
	object_id	BIGINT NOT NULL,
	row_hash	TEXT NOT NULL,
	imported_at	TEXT NOT NULL,
	PRIMARY KEY (agency_id, entity, source, source_id)
);

-- A case's people are named by their source ids, in any source.
CREATE INDEX import_rows_source_id ON import_rows (agency_id, entity,
    source_id);
