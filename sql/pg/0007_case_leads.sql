-- SPDX-License-Identifier: Apache-2.0
-- 0007_case_leads: the cases a user leads, newest first, from the index
-- (the home page and the list's "those you lead"; STMT_CASE_LIST_LED).

CREATE INDEX cases_lead_opened ON cases (lead_user_id, opened_at, id);
