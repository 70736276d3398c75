-- SPDX-License-Identifier: Apache-2.0
-- 0004_case_lists: indexes that serve a case list, newest first, from the
-- index alone for each combination of its filters (store_case_list()).

DROP INDEX cases_status;
CREATE INDEX cases_agency_opened ON cases (agency_id, opened_at, id);
CREATE INDEX cases_agency_status ON cases (agency_id, status, opened_at,
    id);
CREATE INDEX cases_agency_kind ON cases (agency_id, kind, opened_at, id);
CREATE INDEX cases_agency_status_kind ON cases (agency_id, status, kind,
    opened_at, id);
