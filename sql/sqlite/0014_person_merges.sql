-- SPDX-License-Identifier: Apache-2.0
-- 0014_person_merges: two records of one person made one, reversibly
-- (src/core/merge.c).
--
-- A merge keeps both rows.  The person merged away (OTHER) gets
-- merged_into, and what pointed at it (its roles in cases, screenings,
-- facts, referrals, identifier links) is pointed at the person kept
-- (KEEP), each row moved written down in person_merge_moves, so that an
-- unmerge puts back exactly what the merge moved.  OTHER's names,
-- documents and contacts stay on its own rows: a person is read with
-- those of every person merged into it.

ALTER TABLE persons ADD COLUMN merged_into INTEGER REFERENCES persons (id);
CREATE INDEX persons_merged_into ON persons (merged_into)
    WHERE merged_into IS NOT NULL;

CREATE TABLE person_merges (
    id              INTEGER PRIMARY KEY,
    keep_id         INTEGER NOT NULL REFERENCES persons (id),
    other_id        INTEGER NOT NULL REFERENCES persons (id),
    reason          TEXT NOT NULL CHECK (length(reason) > 0),
    -- the roles in one case that the merge made one person hold (a
    -- victim and a suspect), which the user confirmed; '' when none
    conflicts       TEXT NOT NULL DEFAULT '',
    merged_at       TEXT NOT NULL,
    merged_by       INTEGER NOT NULL REFERENCES users (id),
    undone_at       TEXT,
    undone_by       INTEGER REFERENCES users (id),
    undo_reason     TEXT,
    CHECK (keep_id <> other_id),
    CHECK ((undone_at IS NULL) = (undone_by IS NULL)),
    CHECK ((undone_at IS NULL) = (undo_reason IS NULL))
);
-- A person is merged away once at a time.
CREATE UNIQUE INDEX person_merges_live ON person_merges (other_id)
    WHERE undone_at IS NULL;
CREATE INDEX person_merges_keep ON person_merges (keep_id);

-- What a merge moved.  kind says from where:
--   case_role         OTHER's role in a case, now KEEP's (case_id, role)
--   case_role_folded  OTHER's role in a case where KEEP had the same
--                     role: the row went, saved whole as JSON in saved
--   fact, screening, referral, link
--                     the row row_id of case_facts, screenings,
--                     referrals or identifier_links, now KEEP's
--   link_folded       OTHER's live link to an identifier that KEEP was
--                     linked to already: ended by the merge (row_id)
CREATE TABLE person_merge_moves (
    merge_id        INTEGER NOT NULL REFERENCES person_merges (id),
    kind            TEXT NOT NULL CHECK (kind IN ('case_role',
                        'case_role_folded', 'fact', 'screening',
                        'referral', 'link', 'link_folded')),
    row_id          INTEGER,
    case_id         INTEGER REFERENCES cases (id),
    role            TEXT,
    saved           TEXT
);
CREATE INDEX person_merge_moves_merge ON person_merge_moves (merge_id);

-- Pairs a user looked at and found to be two people: the duplicate list
-- leaves them out.  a < b.
CREATE TABLE person_distinct (
    a               INTEGER NOT NULL REFERENCES persons (id),
    b               INTEGER NOT NULL REFERENCES persons (id),
    reason          TEXT NOT NULL CHECK (length(reason) > 0),
    at              TEXT NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;
