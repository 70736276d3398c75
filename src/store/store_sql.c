/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_sql.c - the SQL of every statement, in one table.
 *
 * Written in SQLite's dialect, which is close to standard SQL: the SQLite
 * driver prepares it as it stands; the PostgreSQL driver numbers its
 * parameters its own way ($1 for ?1) and replaces the few statements
 * whose dialects differ with its own (store_pg.c).  A statement that must
 * differ goes there, not into a condition here.
 */
#include "store/store_int.h"
#include "store/store_sql.h"
#include "base/banned.h"

/* Every filter of a case list, each "any" when unbound. */
#define LIST_FILTERS							\
	"AND (?7 = 0 OR c.agency_id = ?7) "				\
	"AND (?2 IS NULL OR c.kind = ?2) AND (?3 IS NULL OR c.status = ?3) " \
	"AND (?8 IS NULL OR c.ref LIKE ?8 ESCAPE '\\' OR "		\
	"c.title LIKE ?8 ESCAPE '\\') AND (?9 = 0 OR c.lead_user_id = ?9) "

#define MERGE_SELECT							\
	"SELECT m.id, m.keep_id, m.other_id, m.reason, m.conflicts, "	\
	"m.merged_at, m.merged_by, mu.username, m.undone_at, "		\
	"COALESCE(m.undone_by, 0), uu.username, m.undo_reason "		\
	"FROM person_merges m JOIN users mu ON mu.id = m.merged_by "	\
	"LEFT JOIN users uu ON uu.id = m.undone_by "

#define SHARE_COLUMNS							\
	"s.id, s.case_id, s.agency_id, a.code, s.reason, s.shared_at, "	\
	"s.shared_by, u.username, s.expires_on, s.revoked_at, "		\
	"COALESCE(s.revoked_by, 0), s.revoke_reason, s.scope "		\
	"FROM case_shares s JOIN agencies a ON a.id = s.agency_id "	\
	"JOIN users u ON u.id = s.shared_by "

#define USER_COLUMNS							\
	"u.id, u.agency_id, a.code, u.username, u.full_name, u.role, "	\
	"u.active, u.created_at, u.language, u.totp_secret IS NOT NULL "				\
	"FROM users u JOIN agencies a ON a.id = u.agency_id "

#define PROVIDER_COLUMNS						\
	"p.id, p.code, p.name, COALESCE(p.agency_id, 0), a.code, "	\
	"p.region, p.services, p.accepts, p.languages, p.capacity, "	\
	"p.contact, p.active, p.created_at, p.updated_at, p.version "	\
	"FROM providers p LEFT JOIN agencies a ON a.id = p.agency_id "

#define REFERRAL_COLUMNS						\
	"r.id, r.case_id, c.ref, c.agency_id, ca.code, r.person_id, "	\
	"r.provider_id, p.code, p.name, COALESCE(p.agency_id, 0), "	\
	"pa.code, r.service, r.status, r.shares, r.needs, r.child, "	\
	"r.consent_explained, r.consent_language, r.consent_interpreter, " \
	"r.consent_scope, r.consent_given_on, r.consent_guardian, "	\
	"r.consent_best_interests, r.consent_withdrawn_at, "		\
	"r.consent_withdrawn_reason, r.created_at, r.created_by, "	\
	"u.username, r.updated_at, r.version FROM referrals r "		\
	"JOIN cases c ON c.id = r.case_id "				\
	"JOIN agencies ca ON ca.id = c.agency_id "			\
	"JOIN providers p ON p.id = r.provider_id "			\
	"LEFT JOIN agencies pa ON pa.id = p.agency_id "			\
	"JOIN users u ON u.id = r.created_by "

#define COOPERATION_COLUMNS						\
	"r.id, r.case_id, c.ref, r.agency_id, a.code, r.kind, "		\
	"r.direction, r.country, r.authority, r.legal_basis, r.subject, " \
	"r.our_ref, r.their_ref, r.status, r.sent_on, r.due_on, "	\
	"r.answered_on, r.next_follow_up, r.created_at, r.created_by, "	\
	"u.username, r.updated_at, r.version "				\
	"FROM cooperation_requests r JOIN cases c ON c.id = r.case_id "	\
	"JOIN agencies a ON a.id = r.agency_id "			\
	"JOIN users u ON u.id = r.created_by "

#define LINK_COLUMNS							\
	"l.id, l.identifier_id, i.kind, i.normalised, i.value, "	\
	"COALESCE(l.person_id, 0), COALESCE(l.case_id, 0), c.ref, "	\
	"COALESCE(c.agency_id, 0), l.agency_id, a.code, l.source, "	\
	"l.note, l.created_at, l.created_by, u.username, l.removed_at "	\
	"FROM identifier_links l "					\
	"JOIN identifiers i ON i.id = l.identifier_id "			\
	"LEFT JOIN cases c ON c.id = l.case_id "			\
	"JOIN agencies a ON a.id = l.agency_id "			\
	"JOIN users u ON u.id = l.created_by "

/* The columns store_intake.c reads a report from, in its order. */
#define INTAKE_COLUMNS							\
	"r.id, r.ref, r.year, r.number, r.agency_id, a.code, r.case_id, " \
	"c.ref, c.kind, c.status, r.reporter_id, u.username, "		\
	"r.reporter_agency_id, ra.code, r.what, r.place, r.happened, "	\
	"r.at_risk, COALESCE(r.people, 0), r.children, r.contact_name, " \
	"r.contact, r.contact_times, r.anonymous, r.urgent, r.suspected, " \
	"r.created_at, r.acknowledged_at, COALESCE(r.acknowledged_by, 0), " \
	"ku.username, (SELECT count(*) FROM intake_links l "		\
	"WHERE (l.report_id = r.id OR l.other_id = r.id) "		\
	"AND l.unlinked_at IS NULL) FROM intake_reports r "		\
	"JOIN agencies a ON a.id = r.agency_id "			\
	"JOIN cases c ON c.id = r.case_id "				\
	"JOIN users u ON u.id = r.reporter_id "				\
	"JOIN agencies ra ON ra.id = r.reporter_agency_id "		\
	"LEFT JOIN users ku ON ku.id = r.acknowledged_by "

#define AUDIT_COLUMNS							\
	"l.seq, l.at, l.actor_id, u.username, l.action, l.object_type, " \
	"l.object_id, l.case_id, c.ref, l.agency_id, l.changes, "	\
	"l.prev_hash, l.hash FROM audit l "				\
	"LEFT JOIN users u ON u.id = l.actor_id "			\
	"LEFT JOIN cases c ON c.id = l.case_id "

#define DEFINITION_COLUMNS						\
	"d.kind, d.id, d.version, d.body, d.sha256, d.origin, "		\
	"d.imported_at, COALESCE(d.imported_by, 0), u.username "	\
	"FROM definitions d LEFT JOIN users u ON u.id = d.imported_by "

/* The columns store_training.c reads an exercise group and an exercise
 * from, in its order. */
#define GROUP_COLUMNS							\
	"g.id, g.study_id, g.study_version, g.title, g.trainer_id, "	\
	"u.username, g.agency_id, g.created_at, g.closed_at "		\
	"FROM exercise_groups g JOIN users u ON u.id = g.trainer_id"
#define EXERCISE_COLUMNS						\
	"e.id, e.case_id, c.ref, e.study_id, e.study_version, "	\
	"e.trainee_id, u.username, COALESCE(e.group_id, 0), "		\
	"e.started_at, e.finished_at, COALESCE(e.points, 0), "		\
	"COALESCE(e.max_points, 0) FROM exercises e "			\
	"JOIN cases c ON c.id = e.case_id "				\
	"JOIN users u ON u.id = e.trainee_id"

/* The columns store_programme.c reads each programme row from. */
#define COURSE_COLUMNS							\
	"c.id, c.agency_id, a.code, c.code, c.title, c.curriculum, "	\
	"c.hours, c.tot, c.created_at FROM courses c "			\
	"JOIN agencies a ON a.id = c.agency_id"
#define PARTICIPANT_COLUMNS						\
	"p.id, p.agency_id, p.full_name, p.organisation, p.job, p.sex, "	\
	"p.region, p.created_at"
#define COURSE_SESSION_COLUMNS						\
	"s.id, s.course_id, c.code, c.title, c.tot, c.hours, "		\
	"s.agency_id, a.code, s.starts_on, s.ends_on, s.place, "	\
	"s.region, s.created_at FROM course_sessions s "		\
	"JOIN courses c ON c.id = s.course_id "				\
	"JOIN agencies a ON a.id = s.agency_id"
#define ENROLMENT_COLUMNS						\
	"e.session_id, " PARTICIPANT_COLUMNS ", e.days_attended, "	\
	"COALESCE(e.pre_score, -1), COALESCE(e.post_score, -1), "	\
	"k.code FROM session_participants e "				\
	"JOIN participants p ON p.id = e.participant_id "		\
	"LEFT JOIN certificates k ON k.session_id = e.session_id "	\
	"AND k.participant_id = e.participant_id"

/* The columns store_awareness.c reads a session from. */
#define AWARENESS_COLUMNS						\
	"s.id, s.agency_id, a.code, s.kind, s.held_on, s.place, "	\
	"s.region, s.audience, s.female_children, s.female_adults, "	\
	"s.male_children, s.male_adults, s.materials_other, s.feedback, " \
	"s.created_at, s.updated_at, s.version "			\
	"FROM awareness_sessions s JOIN agencies a ON a.id = s.agency_id"
/* Those the sessions held in ?1..?2 (each NULL: open) and, ?3 not 0,
 * organised by agency ?3. */
#define AWARENESS_STATS_WHERE						\
	"WHERE (?1 IS NULL OR s.held_on >= ?1) "			\
	"AND (?2 IS NULL OR s.held_on <= ?2) AND (?3 = 0 OR EXISTS "	\
	"(SELECT 1 FROM awareness_organisers x WHERE x.session_id = s.id " \
	"AND x.agency_id = ?3)) "

/*
 * A bulk write (store_int.h): the one-row INSERT and its _MANY twin, the
 * same with STORE_BATCH_ROWS rows of values.
 */
#define ROWS2(row)	row ", " row
#define ROWS8(row)	ROWS2(ROWS2(ROWS2(row)))
#define ROWS64(row)	ROWS8(ROWS8(row))
#define INSERT_ONE_AND_MANY(id, head, row)				\
	[id] = head row, [id##_MANY] = head ROWS64(row)
_Static_assert(STORE_BATCH_ROWS == 64, "ROWS64 must write a batch");

#define COUNSELLING_COLUMNS						\
	"k.id, k.agency_id, a.code, k.held_on, k.party, k.people, "	\
	"k.pseudonym, k.sex, k.age_group, k.nationality, k.situation, "	\
	"k.destination, k.route, k.topics, k.risks, k.sheets, k.notes, "	\
	"k.follow_up_on, k.follow_up_done_at, COALESCE(k.referred_to, 0), " \
	"r.code, k.referral_note, k.consent, k.full_name, k.contact, "	\
	"COALESCE(k.case_id, 0), c.ref, COALESCE(k.person_id, 0), "	\
	"k.created_at, k.created_by, u.username, k.updated_at "		\
	"FROM counselling k JOIN agencies a ON a.id = k.agency_id "	\
	"LEFT JOIN agencies r ON r.id = k.referred_to "			\
	"LEFT JOIN cases c ON c.id = k.case_id "				\
	"JOIN users u ON u.id = k.created_by "

const char *const store__sql[STMT__MAX] = {
	[STMT_AGENCY_INSERT] =
	    "INSERT INTO agencies (code, name, kind, created_at) "
	    "VALUES (?1, ?2, ?3, ?4) RETURNING id",
	[STMT_AGENCY_BY_CODE] =
	    "SELECT id, code, name, kind, created_at FROM agencies "
	    "WHERE code = ?1",
	[STMT_AGENCY_BY_ID] =
	    "SELECT id, code, name, kind, created_at FROM agencies "
	    "WHERE id = ?1",
	[STMT_AGENCY_LIST] =
	    "SELECT id, code, name, kind, created_at FROM agencies "
	    "ORDER BY code",
	[STMT_USER_INSERT] =
	    "INSERT INTO users (agency_id, username, full_name, role, "
	    "password_hash, active, created_at, password_changed_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id",
	[STMT_USER_BY_USERNAME] =
	    "SELECT " USER_COLUMNS "WHERE u.username = ?1",
	[STMT_USER_BY_ID] =
	    "SELECT " USER_COLUMNS "WHERE u.id = ?1",
	[STMT_USER_PASSWORD_HASH] =
	    "SELECT password_hash FROM users WHERE id = ?1",
	[STMT_USER_SET_PASSWORD] =
	    "UPDATE users SET password_hash = ?2, password_changed_at = ?3 "
	    "WHERE id = ?1",
	[STMT_USER_LIST] =
	    "SELECT " USER_COLUMNS "WHERE ?1 = 0 OR u.agency_id = ?1 "
	    "ORDER BY a.code, u.username LIMIT ?2 OFFSET ?3",
	[STMT_USER_COUNT] =
	    "SELECT count(*) FROM users",
	[STMT_CASE_NEXT_NUMBER] =
	    "INSERT INTO case_counters (agency_id, year, last) "
	    "VALUES (?1, ?2, 1) ON CONFLICT (agency_id, year) "
	    "DO UPDATE SET last = last + 1 RETURNING last",
	[STMT_CASE_INSERT] =
	    "INSERT INTO cases (ref, agency_id, year, number, kind, status, "
	    "sensitivity, title, summary, lead_user_id, opened_at, "
	    "opened_by, sop_id, sop_version) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, NULLIF(?10, 0), ?11, ?12, ?13, ?14) "
	    "RETURNING id",
	[STMT_CASE_BY_REF] =
	    "SELECT " CASE_COLUMNS "WHERE c.ref = ?1",
	[STMT_CASE_LIST] =
	    "SELECT " CASE_COLUMNS
	    "WHERE (?1 = 0 OR c.agency_id = ?1) "
	    "AND (?2 IS NULL OR c.kind = ?2) "
	    "AND (?3 IS NULL OR c.status = ?3) "
	    "ORDER BY c.opened_at DESC, c.id DESC LIMIT ?4 OFFSET ?5",
	/* One statement per combination of filters, each with plain
	 * equalities, so that SQLite walks the matching index of 0004 in
	 * order instead of scanning and sorting the agency's cases. */
	[STMT_CASE_LIST_AGENCY] =
	    "SELECT " CASE_COLUMNS "WHERE c.agency_id = ?1 AND ?2 IS NULL "
	    "AND ?3 IS NULL ORDER BY c.opened_at DESC, c.id DESC "
	    "LIMIT ?4 OFFSET ?5",
	[STMT_CASE_LIST_STATUS] =
	    "SELECT " CASE_COLUMNS "WHERE c.agency_id = ?1 AND c.status = ?3 "
	    "AND ?2 IS NULL ORDER BY c.opened_at DESC, c.id DESC "
	    "LIMIT ?4 OFFSET ?5",
	[STMT_CASE_LIST_KIND] =
	    "SELECT " CASE_COLUMNS "WHERE c.agency_id = ?1 AND c.kind = ?2 "
	    "AND ?3 IS NULL ORDER BY c.opened_at DESC, c.id DESC "
	    "LIMIT ?4 OFFSET ?5",
	[STMT_CASE_LIST_STATUS_KIND] =
	    "SELECT " CASE_COLUMNS "WHERE c.agency_id = ?1 AND c.kind = ?2 "
	    "AND c.status = ?3 ORDER BY c.opened_at DESC, c.id DESC "
	    "LIMIT ?4 OFFSET ?5",
	[STMT_CASE_LIST_WITH_SHARED] =
	    WITH_SHARED(ANY_KIND_ANY_STATUS),
	[STMT_CASE_LIST_WITH_SHARED_STATUS] =
	    WITH_SHARED(ANY_KIND_ONE_STATUS),
	[STMT_CASE_LIST_WITH_SHARED_KIND] =
	    WITH_SHARED(ONE_KIND_ANY_STATUS),
	[STMT_CASE_LIST_WITH_SHARED_STATUS_KIND] =
	    WITH_SHARED(ONE_KIND_ONE_STATUS),
	/* Another agency's cases shared with ?1: few, sorted here. */
	[STMT_CASE_LIST_SHARED_BY] =
	    "SELECT " SHARED_CASES "AND c.agency_id = ?7 "
	    "AND (?2 IS NULL OR c.kind = ?2) AND (?3 IS NULL OR "
	    "c.status = ?3) ORDER BY c.opened_at DESC, c.id DESC "
	    "LIMIT ?4 OFFSET ?5",
	/* Searches (?8: a LIKE pattern on the reference and the title; ?9:
	 * the lead) are rarer than plain lists: one general statement. */
	[STMT_CASE_LIST_SEARCH] =
	    "SELECT " CASE_COLUMNS "WHERE (?1 = 0 OR c.agency_id = ?1 OR "
	    "(?6 IS NOT NULL AND c.id IN (SELECT s.case_id FROM case_shares s "
	    "WHERE s.agency_id = ?1 AND s.revoked_at IS NULL AND "
	    "(s.expires_on IS NULL OR s.expires_on >= ?6)))) " LIST_FILTERS
	    "ORDER BY c.opened_at DESC, c.id DESC LIMIT ?4 OFFSET ?5",
	[STMT_PROVIDER_INSERT] =
	    "INSERT INTO providers (code, created_at, name, agency_id, "
	    "region, services, accepts, languages, capacity, contact, "
	    "active, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12) RETURNING id",
	[STMT_PROVIDER_UPDATE] =
	    "UPDATE providers SET name = ?3, agency_id = ?4, region = ?5, "
	    "services = ?6, accepts = ?7, languages = ?8, capacity = ?9, "
	    "contact = ?10, active = ?11, updated_at = ?12, "
	    "version = version + 1 WHERE id = ?1 AND version = ?2 "
	    "RETURNING version",
	[STMT_PROVIDER_BY_CODE] =
	    "SELECT " PROVIDER_COLUMNS "WHERE p.code = ?1",
	[STMT_PROVIDER_LIST] =
	    "SELECT " PROVIDER_COLUMNS "ORDER BY p.region, p.name, p.code",
	[STMT_REFERRAL_INSERT] =
	    "INSERT INTO referrals (case_id, person_id, provider_id, service, "
	    "status, shares, needs, child, consent_explained, "
	    "consent_language, consent_interpreter, consent_scope, "
	    "consent_given_on, consent_guardian, consent_best_interests, "
	    "created_at, created_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?16) "
	    "RETURNING id",
	[STMT_REFERRAL_UPDATE] =
	    "UPDATE referrals SET status = ?3, consent_withdrawn_at = ?4, "
	    "consent_withdrawn_reason = ?5, updated_at = ?6, "
	    "version = version + 1 WHERE id = ?1 AND version = ?2 "
	    "RETURNING version",
	[STMT_REFERRAL_EVENT_INSERT] =
	    "INSERT INTO referral_events (referral_id, status, at, user_id, "
	    "reason) VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_REFERRAL_BY_ID] =
	    "SELECT " REFERRAL_COLUMNS "WHERE r.id = ?1",
	/* A case's referrals, an agency's sent or received (proposals
	 * are the referring agency's drafts): few rows. */
	[STMT_REFERRAL_LIST] =
	    "SELECT " REFERRAL_COLUMNS "WHERE (?1 = 0 OR r.case_id = ?1) "
	    "AND (?2 = 0 OR c.agency_id = ?2) "
	    "AND (?3 = 0 OR (p.agency_id = ?3 AND r.status <> 'proposed')) "
	    "AND (?4 IS NULL OR r.status = ?4) ORDER BY r.id DESC LIMIT ?5",
	[STMT_REFERRAL_EVENTS] =
	    "SELECT e.referral_id, e.status, e.at, u.username, a.code, "
	    "e.reason FROM referral_events e JOIN users u ON u.id = e.user_id "
	    "JOIN agencies a ON a.id = u.agency_id WHERE e.referral_id = ?1 "
	    "ORDER BY e.id",
	/* The first acceptance of a referral of case ?1. */
	[STMT_REFERRAL_FIRST_ACCEPTED] =
	    "SELECT e.referral_id, e.status, e.at, u.username, a.code, "
	    "e.reason FROM referrals r CROSS JOIN referral_events e "
	    "ON e.referral_id = r.id JOIN users u ON u.id = e.user_id "
	    "JOIN agencies a ON a.id = u.agency_id WHERE r.case_id = ?1 "
	    "AND e.status = 'accepted' ORDER BY e.id LIMIT 1",
	[STMT_COOPERATION_INSERT] =
	    "INSERT INTO cooperation_requests (case_id, agency_id, kind, "
	    "direction, country, authority, legal_basis, subject, our_ref, "
	    "their_ref, status, sent_on, due_on, next_follow_up, created_at, "
	    "created_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	    "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?15) RETURNING id",
	[STMT_COOPERATION_UPDATE] =
	    "UPDATE cooperation_requests SET status = ?3, sent_on = ?4, "
	    "due_on = ?5, answered_on = ?6, next_follow_up = ?7, "
	    "updated_at = ?8, version = version + 1 "
	    "WHERE id = ?1 AND version = ?2 RETURNING version",
	[STMT_COOPERATION_EVENT_INSERT] =
	    "INSERT INTO cooperation_events (request_id, kind, status, "
	    "on_date, channel, note, next_follow_up, at, user_id) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[STMT_COOPERATION_BY_ID] =
	    "SELECT " COOPERATION_COLUMNS "WHERE r.id = ?1",
	/* A case's requests or an agency's, newest first; those due for
	 * follow-up on day ?5 (cooperation.h), the longest waiting first:
	 * a reminder on the day or before it, else, none set, an answer
	 * awaited past its due day. */
	[STMT_COOPERATION_LIST] =
	    "SELECT " COOPERATION_COLUMNS "WHERE (?1 = 0 OR r.case_id = ?1) "
	    "AND (?2 = 0 OR r.agency_id = ?2) "
	    "AND (?3 IS NULL OR r.status = ?3) AND (?4 IS NULL OR r.kind = ?4) "
	    "AND (?5 IS NULL OR r.next_follow_up <= ?5 OR "
	    "(r.next_follow_up IS NULL AND r.due_on < ?5 AND r.status IN "
	    "('sent', 'acknowledged', 'partially_answered'))) "
	    "ORDER BY CASE WHEN ?5 IS NULL THEN '' ELSE "
	    "COALESCE(r.next_follow_up, r.due_on) END, r.id DESC LIMIT ?6",
	[STMT_COOPERATION_MOVE_CASE] =
	    "UPDATE cooperation_requests SET agency_id = ?2 "
	    "WHERE case_id = ?1",
	[STMT_COOPERATION_EVENTS] =
	    "SELECT e.request_id, e.kind, e.status, e.on_date, e.channel, "
	    "e.note, e.next_follow_up, e.at, u.username, a.code "
	    "FROM cooperation_events e JOIN users u ON u.id = e.user_id "
	    "JOIN agencies a ON a.id = u.agency_id WHERE e.request_id = ?1 "
	    "ORDER BY e.id",
	/* The same, for the cases ?9 leads: from cases_lead_opened. */
	[STMT_CASE_LIST_LED] =
	    "SELECT " CASE_COLUMNS "WHERE c.lead_user_id = ?9 AND (?1 = 0 OR "
	    "c.agency_id = ?1 OR (?6 IS NOT NULL AND c.id IN (SELECT "
	    "s.case_id FROM case_shares s WHERE s.agency_id = ?1 AND "
	    "s.revoked_at IS NULL AND (s.expires_on IS NULL OR s.expires_on "
	    ">= ?6)))) " LIST_FILTERS
	    "ORDER BY c.opened_at DESC, c.id DESC LIMIT ?4 OFFSET ?5",
	/* The cases shared with ?1, the newest share first. */
	[STMT_CASE_LIST_SHARED_WITH] =
	    "SELECT " SHARED_CASES LIST_FILTERS "ORDER BY s.id DESC "
	    "LIMIT ?4 OFFSET ?5",
	[STMT_CASE_SHARE_INSERT] =
	    "INSERT INTO case_shares (case_id, agency_id, reason, shared_at, "
	    "shared_by, expires_on, scope) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7) RETURNING id",
	[STMT_CASE_SHARE_LIVE] =
	    "SELECT " SHARE_COLUMNS "WHERE s.case_id = ?1 AND "
	    "s.agency_id = ?2 AND s.revoked_at IS NULL AND "
	    "(s.expires_on IS NULL OR s.expires_on >= ?3) "
	    "ORDER BY s.id DESC LIMIT 1",
	[STMT_CASE_SHARE_LIST] =
	    "SELECT " SHARE_COLUMNS "WHERE s.case_id = ?1 AND "
	    "(?2 = 0 OR s.agency_id = ?2) ORDER BY s.id",
	[STMT_CASE_SHARE_GET] =
	    "SELECT " SHARE_COLUMNS "WHERE s.id = ?1 AND s.case_id = ?2",
	[STMT_CASE_SHARE_REVOKE] =
	    "UPDATE case_shares SET revoked_at = ?3, revoked_by = ?4, "
	    "revoke_reason = ?5 WHERE id = ?1 AND case_id = ?2 AND "
	    "revoked_at IS NULL RETURNING id",
	[STMT_CASE_TRANSFER] =
	    "UPDATE cases SET agency_id = ?3, lead_user_id = NULLIF(?4, 0), "
	    "version = version + 1 WHERE id = ?1 AND version = ?2 "
	    "RETURNING version",
	[STMT_CASE_TRANSFER_INSERT] =
	    "INSERT INTO case_transfers (case_id, from_agency_id, "
	    "to_agency_id, reason, at, by_user_id, lead_user_id, "
	    "kept_share_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULLIF(?7, 0), "
	    "NULLIF(?8, 0)) RETURNING id",
	[STMT_CASE_TRANSFER_LIST] =
	    "SELECT t.id, t.case_id, t.from_agency_id, f.code, "
	    "t.to_agency_id, o.code, t.reason, t.at, t.by_user_id, "
	    "u.username, COALESCE(t.lead_user_id, 0), l.username, "
	    "COALESCE(t.kept_share_id, 0) FROM case_transfers t "
	    "JOIN agencies f ON f.id = t.from_agency_id "
	    "JOIN agencies o ON o.id = t.to_agency_id "
	    "JOIN users u ON u.id = t.by_user_id "
	    "LEFT JOIN users l ON l.id = t.lead_user_id "
	    "WHERE t.case_id = ?1 ORDER BY t.id",
	/* The roles a person has in the cases shared with agency ?2 live
	 * on day ?3, with each share's scope: from the person's few roles. */
	[STMT_PERSON_SHARED_ROLES] =
	    "SELECT cp.role, s.scope FROM case_persons cp "
	    "CROSS JOIN case_shares s ON s.case_id = cp.case_id "
	    "WHERE cp.person_id = ?1 AND s.agency_id = ?2 AND "
	    "s.revoked_at IS NULL AND (s.expires_on IS NULL OR "
	    "s.expires_on >= ?3)",
	[STMT_CASE_CLOSE] =
	    "UPDATE cases SET status = 'closed', closed_at = ?3, "
	    "closed_by = ?4, close_reason = ?5, version = version + 1 "
	    "WHERE id = ?1 AND version = ?2 AND status = 'open' "
	    "RETURNING version",
	[STMT_CASE_SET_SOP] =
	    "UPDATE cases SET sop_id = ?3, sop_version = ?4, "
	    "version = version + 1 WHERE id = ?1 AND version = ?2 "
	    "RETURNING version",
	[STMT_CASE_SET_KIND] =
	    "UPDATE cases SET kind = ?3, version = version + 1 "
	    "WHERE id = ?1 AND version = ?2 RETURNING version",
	[STMT_NOTE_INSERT] =
	    "INSERT INTO notes (case_id, at, author_id, body) "
	    "VALUES (?1, ?2, ?3, ?4) RETURNING id",
	[STMT_NOTE_LIST] =
	    "SELECT n.id, n.case_id, n.at, n.author_id, u.username, n.body "
	    "FROM notes n JOIN users u ON u.id = n.author_id "
	    "WHERE n.case_id = ?1 ORDER BY n.id",
	/* Persons are written with the ids SQLite would give them (the
	 * largest plus one), known before the write: a batch of them needs
	 * no RETURNING, whose rows come in no set order. */
	[STMT_PERSON_NEXT_ID] =
	    "SELECT COALESCE(MAX(id), 0) + 1 FROM persons",
	INSERT_ONE_AND_MANY(STMT_PERSON_INSERT,
	    "INSERT INTO persons (id, sex, birth_date, birth_year, "
	    "birth_year_estimated, agency_id, created_at, created_by) VALUES ",
	    "(?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?)"),
	[STMT_PERSON_BY_ID] =
	    "SELECT id, sex, birth_date, COALESCE(birth_year, 0), "
	    "birth_year_estimated, agency_id, created_at, created_by, "
	    "COALESCE(merged_into, 0) FROM persons WHERE id = ?1",
	INSERT_ONE_AND_MANY(STMT_PERSON_NAME_INSERT,
	    "INSERT INTO person_names (person_id, kind, given, father, "
	    "grandfather, family, script) VALUES ",
	    "(?, ?, ?, ?, ?, ?, ?)"),
	[STMT_PERSON_NAMES] =
	    "SELECT kind, given, father, grandfather, family, script "
	    "FROM person_names WHERE person_id = ?1 ORDER BY id",
	INSERT_ONE_AND_MANY(STMT_PERSON_NATIONALITY_INSERT,
	    "INSERT INTO person_nationalities (person_id, country) VALUES ",
	    "(?, ?)"),
	[STMT_PERSON_NATIONALITIES] =
	    "SELECT country FROM person_nationalities WHERE person_id = ?1 "
	    "ORDER BY country",
	INSERT_ONE_AND_MANY(STMT_PERSON_LANGUAGE_INSERT,
	    "INSERT INTO person_languages (person_id, language) VALUES ",
	    "(?, ?)"),
	[STMT_PERSON_LANGUAGES] =
	    "SELECT language FROM person_languages WHERE person_id = ?1 "
	    "ORDER BY language",
	INSERT_ONE_AND_MANY(STMT_PERSON_DOCUMENT_INSERT,
	    "INSERT INTO person_documents (person_id, kind, number, country, "
	    "expires_on) VALUES ",
	    "(?, ?, ?, ?, ?)"),
	[STMT_PERSON_DOCUMENTS] =
	    "SELECT kind, number, country, expires_on FROM person_documents "
	    "WHERE person_id = ?1 ORDER BY id",
	INSERT_ONE_AND_MANY(STMT_PERSON_CONTACT_INSERT,
	    "INSERT INTO person_contacts (person_id, kind, value) VALUES ",
	    "(?, ?, ?)"),
	[STMT_PERSON_CONTACTS] =
	    "SELECT kind, value FROM person_contacts WHERE person_id = ?1 "
	    "ORDER BY id",
	/* A person is seen by the agencies that recorded it or a person
	 * merged into it (0014), and by those with a case it is in. */
	[STMT_PERSON_VISIBLE] =
	    "WITH RECURSIVE merged (id) AS (SELECT ?1 UNION SELECT p.id "
	    "FROM persons p JOIN merged m ON p.merged_into = m.id) "
	    "SELECT EXISTS (SELECT 1 FROM persons WHERE id IN merged "
	    "AND agency_id = ?2) OR EXISTS (SELECT 1 FROM case_persons cp "
	    /* CROSS JOIN keeps this order: from the person's few roles,
	     * not from all of the agency's cases. */
	    "CROSS JOIN cases c ON c.id = cp.case_id WHERE cp.person_id = ?1 "
	    "AND c.agency_id = ?2)",
	/* STMT_PERSON_VISIBLE and its neighbours for STORE_BATCH_ROWS
	 * persons at once (?1 to ?64; 0, no person's id, fills a batch),
	 * the agency ?65: a search's candidates. */
	[STMT_PERSONS_VISIBLE_MANY] =
	    "WITH RECURSIVE asked (id) AS (SELECT id FROM persons WHERE id "
	    "IN (" ROWS64("?") ")), merged (root, id) AS (SELECT id, id "
	    "FROM asked UNION SELECT m.root, p.id FROM persons p JOIN "
	    "merged m ON p.merged_into = m.id) "
	    "SELECT m.root FROM merged m JOIN persons p ON p.id = m.id "
	    "WHERE p.agency_id = ?65 UNION SELECT cp.person_id FROM "
	    "case_persons cp CROSS JOIN cases c ON c.id = cp.case_id "
	    "WHERE cp.person_id IN (SELECT id FROM asked) AND "
	    "c.agency_id = ?65",
	[STMT_PERSONS_MERGED_INTO_MANY] =
	    "SELECT id, merged_into FROM persons WHERE id IN (" ROWS64("?")
	    ") AND merged_into IS NOT NULL",
	[STMT_PERSONS_SHARED_ROLES_MANY] =
	    "SELECT cp.person_id, cp.role, s.scope FROM case_persons cp "
	    "CROSS JOIN case_shares s ON s.case_id = cp.case_id "
	    "WHERE cp.person_id IN (" ROWS64("?") ") AND s.agency_id = ?65 "
	    "AND s.revoked_at IS NULL AND (s.expires_on IS NULL OR "
	    "s.expires_on >= ?66)",
	[STMT_CASE_PERSON_INSERT] =
	    "INSERT INTO case_persons (case_id, person_id, role, "
	    "identified_on, age, age_basis, child, needs_interpreter, "
	    "interpreter_language, added_at, added_by) VALUES (?1, ?2, ?3, "
	    "?4, NULLIF(?5, -1), ?6, ?7, ?8, ?9, ?10, ?11)",
	[STMT_CASE_PERSON_LIST] =
	    "SELECT case_id, person_id, role, identified_on, "
	    "COALESCE(age, -1), age_basis, child, needs_interpreter, "
	    "interpreter_language, added_at, added_by FROM case_persons "
	    "WHERE case_id = ?1 ORDER BY added_at, person_id, role",
	[STMT_AUDIT_LAST] =
	    "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
	[STMT_AUDIT_INSERT] =
	    "INSERT INTO audit (seq, at, actor_id, action, object_type, "
	    "object_id, case_id, agency_id, changes, prev_hash, hash) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[STMT_AUDIT_HEAD_SET] =
	    "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?1, ?2) "
	    "ON CONFLICT (id) DO UPDATE SET seq = ?1, hash = ?2",
	[STMT_AUDIT_HEAD] =
	    "SELECT seq, hash FROM audit_head WHERE id = 1",
	[STMT_AUDIT_SCAN] =
	    "SELECT " AUDIT_COLUMNS "ORDER BY l.seq",
	[STMT_AUDIT_LIST] =
	    "SELECT " AUDIT_COLUMNS
	    "WHERE l.seq > ?1 AND (?2 = 0 OR l.case_id = ?2) "
	    "AND (?3 = 0 OR l.agency_id = ?3) ORDER BY l.seq LIMIT ?4 "
	    "OFFSET ?5",
	[STMT_DEFINITION_INSERT] =
	    "INSERT INTO definitions (kind, id, version, body, sha256, "
	    "origin, imported_at, imported_by) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULLIF(?8, 0))",
	[STMT_DEFINITION_GET] =
	    "SELECT " DEFINITION_COLUMNS
	    "WHERE d.kind = ?1 AND d.id = ?2 AND d.version = ?3",
	[STMT_DEFINITION_LATEST] =
	    "SELECT " DEFINITION_COLUMNS
	    "WHERE d.kind = ?1 AND d.id = ?2 ORDER BY d.version DESC LIMIT 1",
	[STMT_DEFINITION_NEWEST_VERSION] =
	    "SELECT COALESCE(max(version), 0) FROM definitions "
	    "WHERE kind = ?1 AND id = ?2",
	[STMT_DEFINITION_LIST] =
	    "SELECT " DEFINITION_COLUMNS
	    "WHERE d.kind = ?1 ORDER BY d.id, d.version",
	[STMT_STEP_EVENT_INSERT] =
	    "INSERT INTO step_events (case_id, step_id, action, at, user_id, "
	    "note, sop_id, sop_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8) RETURNING id",
	[STMT_STEP_EVENT_LIST] =
	    "SELECT e.id, e.case_id, e.step_id, e.action, e.at, e.user_id, "
	    "u.username, e.note, e.sop_id, e.sop_version FROM step_events e "
	    "JOIN users u ON u.id = e.user_id WHERE e.case_id = ?1 "
	    "ORDER BY e.id",
	[STMT_CASE_FACT_INSERT] =
	    "INSERT INTO case_facts (case_id, fact, person_id, step_id, at, "
	    "user_id, note) VALUES (?1, ?2, NULLIF(?3, 0), ?4, ?5, ?6, ?7) "
	    "RETURNING id",
	[STMT_CASE_FACT_LIST] =
	    "SELECT f.id, f.case_id, f.fact, COALESCE(f.person_id, 0), "
	    "f.step_id, f.at, f.user_id, u.username, f.note "
	    "FROM case_facts f JOIN users u ON u.id = f.user_id "
	    "WHERE f.case_id = ?1 ORDER BY f.id",
	[STMT_SCREENING_INSERT] =
	    "INSERT INTO screenings (case_id, person_id, instrument_id, "
	    "instrument_version, answers, score, outcome, indicators, at, "
	    "user_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
	    "RETURNING id",
	[STMT_SCREENING_LIST] =
	    "SELECT s.id, s.case_id, s.person_id, s.instrument_id, "
	    "s.instrument_version, s.answers, s.score, s.outcome, "
	    "s.indicators, s.at, s.user_id, u.username FROM screenings s "
	    "JOIN users u ON u.id = s.user_id WHERE s.case_id = ?1 "
	    "AND (?2 = 0 OR s.person_id = ?2) ORDER BY s.id",
	[STMT_ASSESSMENT_INSERT] =
	    "INSERT INTO assessments (case_id, elements, suggestion, reasons, "
	    "at, user_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
	[STMT_ASSESSMENT_LATEST] =
	    "SELECT s.id, s.case_id, s.elements, s.suggestion, s.reasons, "
	    "s.at, s.user_id, u.username, s.decision, s.decision_reason, "
	    "s.decided_at, COALESCE(s.decided_by, 0) FROM assessments s "
	    "JOIN users u ON u.id = s.user_id WHERE s.case_id = ?1 "
	    "ORDER BY s.id DESC LIMIT 1",
	[STMT_LOGIN_STATE] =
	    "SELECT failed_logins, last_failed_at, locked_until, "
	    "totp_secret, totp_last_step FROM users WHERE id = ?1",
	[STMT_LOGIN_FAILED] =
	    "UPDATE users SET failed_logins = ?2, last_failed_at = ?3, "
	    "locked_until = ?4 WHERE id = ?1",
	[STMT_LOGIN_SUCCEEDED] =
	    "UPDATE users SET failed_logins = 0, last_failed_at = NULL, "
	    "locked_until = NULL, totp_last_step = max(totp_last_step, ?2) "
	    "WHERE id = ?1",
	[STMT_USER_SET_LANGUAGE] =
	    "UPDATE users SET language = ?2 WHERE id = ?1",
	[STMT_USER_SET_TOTP] =
	    "UPDATE users SET totp_secret = ?2, totp_last_step = ?3 "
	    "WHERE id = ?1",
	[STMT_SESSION_INSERT] =
	    "INSERT INTO sessions (token_hash, user_id, csrf, created_at, "
	    "last_seen_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
	/* The session and its user in one statement: every request. */
	[STMT_SESSION_GET] =
	    "SELECT s.token_hash, s.user_id, s.csrf, s.created_at, "
	    "s.last_seen_at, s.expires_at, " USER_COLUMNS
	    "JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = ?1",
	[STMT_SESSION_TOUCH] =
	    "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
	[STMT_SESSION_DELETE] =
	    "DELETE FROM sessions WHERE token_hash = ?1",
	[STMT_SESSION_DELETE_USER] =
	    "DELETE FROM sessions WHERE user_id = ?1 AND token_hash IS NOT ?2",
	[STMT_ASSESSMENT_DECIDE] =
	    "UPDATE assessments SET decision = ?2, decision_reason = ?3, "
	    "decided_at = ?4, decided_by = ?5 WHERE id = ?1",
	[STMT_CASE_BY_ID] =
	    "SELECT " CASE_COLUMNS "WHERE c.id = ?1",
	[STMT_PERSON_CASE_LIST] =
	    "SELECT case_id, person_id, role, identified_on, "
	    "COALESCE(age, -1), age_basis, child, needs_interpreter, "
	    "interpreter_language, added_at, added_by FROM case_persons "
	    "WHERE person_id = ?1 ORDER BY case_id, role",
	/* The identifier of kind ?1 and normalised ?2, made when new: the
	 * no-op update makes RETURNING give the id of one that exists. */
	[STMT_IDENTIFIER_PUT] =
	    "INSERT INTO identifiers (kind, normalised, value, created_at) "
	    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (kind, normalised) "
	    "DO UPDATE SET kind = excluded.kind RETURNING id",
	/* Nothing returned: the same live link is there already. */
	[STMT_LINK_INSERT] =
	    "INSERT INTO identifier_links (identifier_id, person_id, case_id, "
	    "agency_id, source, note, created_at, created_by) VALUES (?1, "
	    "NULLIF(?2, 0), NULLIF(?3, 0), ?4, ?5, ?6, ?7, ?8) "
	    "ON CONFLICT DO NOTHING RETURNING id",
	[STMT_LINK_REMOVE] =
	    "UPDATE identifier_links SET removed_at = ?2, removed_by = ?3 "
	    "WHERE id = ?1 AND removed_at IS NULL RETURNING id",
	[STMT_LINK_BY_ID] =
	    "SELECT " LINK_COLUMNS "WHERE l.id = ?1",
	[STMT_LINK_LIST_CASE] =
	    "SELECT " LINK_COLUMNS "WHERE l.case_id = ?1 AND "
	    "l.removed_at IS NULL ORDER BY l.id",
	[STMT_LINK_LIST_PERSON] =
	    "SELECT " LINK_COLUMNS "WHERE l.person_id = ?1 AND "
	    "l.removed_at IS NULL ORDER BY l.id",
	[STMT_LINK_LIST_IDENTIFIER] =
	    "SELECT " LINK_COLUMNS "WHERE l.identifier_id = ?1 AND "
	    "l.removed_at IS NULL ORDER BY l.id",
	[STMT_CALL_IMPORT_INSERT] =
	    "INSERT INTO call_imports (case_id, agency_id, calls, sha256, "
	    "imported_at, imported_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	    "RETURNING id",
	[STMT_CALL_INSERT] =
	    "INSERT INTO calls (import_id, case_id, caller_id, callee_id, "
	    "started_at, duration, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	/* The calls to and from identifier ?1, summed by pair and case:
	 * from the two indexes of 0012. */
	[STMT_CALL_PAIRS] =
	    "SELECT k.caller_id, k.callee_id, k.case_id, c.ref, c.agency_id, "
	    "count(*), sum(k.duration), min(k.started_at), max(k.started_at), "
	    "ir.normalised, ir.value, ie.normalised, ie.value "
	    "FROM calls k JOIN cases c ON c.id = k.case_id "
	    "JOIN identifiers ir ON ir.id = k.caller_id "
	    "JOIN identifiers ie ON ie.id = k.callee_id "
	    "WHERE k.caller_id = ?1 OR k.callee_id = ?1 "
	    "GROUP BY k.caller_id, k.callee_id, k.case_id ORDER BY 1, 2, 3",
	[STMT_LINKS_COUNTS] =
	    "SELECT (SELECT count(*) FROM identifiers), "
	    "(SELECT count(*) FROM identifier_links WHERE case_id = ?1 AND "
	    "removed_at IS NULL), (SELECT count(*) FROM calls WHERE "
	    "case_id = ?1), (SELECT count(*) FROM call_imports WHERE "
	    "case_id = ?1)",
	INSERT_ONE_AND_MANY(STMT_NAME_KEYS_INSERT,
	    "INSERT INTO person_name_keys (person_id, keys) VALUES ",
	    "(?, ?)"),
	[STMT_NAME_KEYS_SINCE] =
	    "SELECT id, person_id, keys FROM person_name_keys WHERE id > ?1 "
	    "ORDER BY id LIMIT ?2",
	/* Merges (0014_person_merges.sql).  The move statements bind ?1
	 * the merge, ?2 the person kept, ?3 the person merged into it;
	 * each notes what it moves before it moves it. */
	[STMT_MERGE_INSERT] =
	    "INSERT INTO person_merges (keep_id, other_id, reason, conflicts, "
	    "merged_at, merged_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	    "RETURNING id",
	[STMT_MERGE_NOTE_FOLDED_ROLES] =
	    "INSERT INTO person_merge_moves (merge_id, kind, case_id, role, "
	    "saved) SELECT ?1, 'case_role_folded', o.case_id, o.role, "
	    "json_object('identified_on', o.identified_on, 'age', o.age, "
	    "'age_basis', o.age_basis, 'child', o.child, 'needs_interpreter', "
	    "o.needs_interpreter, 'interpreter_language', "
	    "o.interpreter_language, 'added_at', o.added_at, 'added_by', "
	    "o.added_by) FROM case_persons o WHERE o.person_id = ?3 AND "
	    "EXISTS (SELECT 1 FROM case_persons k WHERE k.case_id = o.case_id "
	    "AND k.person_id = ?2 AND k.role = o.role)",
	[STMT_MERGE_FOLD_ROLES] =
	    "DELETE FROM case_persons WHERE person_id = ?3 AND case_id IN "
	    "(SELECT case_id FROM person_merge_moves m WHERE m.merge_id = ?1 "
	    "AND m.kind = 'case_role_folded' AND m.role = case_persons.role "
	    "AND ?2 > 0)",
	[STMT_MERGE_NOTE_ROLES] =
	    "INSERT INTO person_merge_moves (merge_id, kind, case_id, role) "
	    "SELECT ?1, 'case_role', case_id, role FROM case_persons "
	    "WHERE person_id = ?3 AND ?2 > 0",
	[STMT_MERGE_ROLES] =
	    "UPDATE case_persons SET person_id = ?2 WHERE person_id = ?3 "
	    "AND ?1 > 0",
	[STMT_MERGE_NOTE_FACTS] =
	    "INSERT INTO person_merge_moves (merge_id, kind, row_id) "
	    "SELECT ?1, 'fact', id FROM case_facts WHERE person_id = ?3 "
	    "AND ?2 > 0",
	[STMT_MERGE_FACTS] =
	    "UPDATE case_facts SET person_id = ?2 WHERE person_id = ?3 "
	    "AND ?1 > 0",
	[STMT_MERGE_NOTE_SCREENINGS] =
	    "INSERT INTO person_merge_moves (merge_id, kind, row_id) "
	    "SELECT ?1, 'screening', id FROM screenings WHERE person_id = ?3 "
	    "AND ?2 > 0",
	[STMT_MERGE_SCREENINGS] =
	    "UPDATE screenings SET person_id = ?2 WHERE person_id = ?3 "
	    "AND ?1 > 0",
	[STMT_MERGE_NOTE_REFERRALS] =
	    "INSERT INTO person_merge_moves (merge_id, kind, row_id) "
	    "SELECT ?1, 'referral', id FROM referrals WHERE person_id = ?3 "
	    "AND ?2 > 0",
	[STMT_MERGE_REFERRALS] =
	    "UPDATE referrals SET person_id = ?2 WHERE person_id = ?3 "
	    "AND ?1 > 0",
	/* A live link of both to one identifier (and case) stays KEEP's;
	 * OTHER's is ended by the merge, ?4 at, ?5 by. */
	[STMT_MERGE_NOTE_FOLDED_LINKS] =
	    "INSERT INTO person_merge_moves (merge_id, kind, row_id) "
	    "SELECT ?1, 'link_folded', o.id FROM identifier_links o "
	    "WHERE o.person_id = ?3 AND o.removed_at IS NULL AND EXISTS "
	    "(SELECT 1 FROM identifier_links k WHERE k.person_id = ?2 AND "
	    "k.identifier_id = o.identifier_id AND COALESCE(k.case_id, 0) = "
	    "COALESCE(o.case_id, 0) AND k.removed_at IS NULL)",
	[STMT_MERGE_FOLD_LINKS] =
	    "UPDATE identifier_links SET removed_at = ?4, removed_by = ?5 "
	    "WHERE person_id = ?3 AND id IN (SELECT row_id FROM "
	    "person_merge_moves WHERE merge_id = ?1 AND kind = 'link_folded' "
	    "AND ?2 > 0)",
	[STMT_MERGE_NOTE_LINKS] =
	    "INSERT INTO person_merge_moves (merge_id, kind, row_id) "
	    "SELECT ?1, 'link', id FROM identifier_links WHERE person_id = ?3 "
	    "AND id NOT IN (SELECT row_id FROM person_merge_moves WHERE "
	    "merge_id = ?1 AND kind = 'link_folded') AND ?2 > 0",
	[STMT_MERGE_LINKS] =
	    "UPDATE identifier_links SET person_id = ?2 WHERE person_id = ?3 "
	    "AND id IN (SELECT row_id FROM person_merge_moves WHERE "
	    "merge_id = ?1 AND kind = 'link')",
	/* Undoing: what a merge moved goes back where it was, if it is
	 * still where the merge put it. */
	[STMT_UNMERGE_ROLES] =
	    "UPDATE case_persons SET person_id = ?3 WHERE person_id = ?2 AND "
	    "EXISTS (SELECT 1 FROM person_merge_moves m WHERE m.merge_id = ?1 "
	    "AND m.kind = 'case_role' AND m.case_id = case_persons.case_id "
	    "AND m.role = case_persons.role)",
	[STMT_UNMERGE_FOLDED_ROLES] =
	    "INSERT OR IGNORE INTO case_persons (case_id, person_id, role, "
	    "identified_on, age, age_basis, child, needs_interpreter, "
	    "interpreter_language, added_at, added_by) SELECT m.case_id, ?3, "
	    "m.role, m.saved ->> 'identified_on', m.saved ->> 'age', "
	    "m.saved ->> 'age_basis', m.saved ->> 'child', "
	    "m.saved ->> 'needs_interpreter', "
	    "m.saved ->> 'interpreter_language', m.saved ->> 'added_at', "
	    "m.saved ->> 'added_by' FROM person_merge_moves m WHERE "
	    "m.merge_id = ?1 AND m.kind = 'case_role_folded' AND ?2 > 0",
	[STMT_UNMERGE_FACTS] =
	    "UPDATE case_facts SET person_id = ?3 WHERE person_id = ?2 AND id "
	    "IN (SELECT row_id FROM person_merge_moves WHERE merge_id = ?1 "
	    "AND kind = 'fact')",
	[STMT_UNMERGE_SCREENINGS] =
	    "UPDATE screenings SET person_id = ?3 WHERE person_id = ?2 AND id "
	    "IN (SELECT row_id FROM person_merge_moves WHERE merge_id = ?1 "
	    "AND kind = 'screening')",
	[STMT_UNMERGE_REFERRALS] =
	    "UPDATE referrals SET person_id = ?3 WHERE person_id = ?2 AND id "
	    "IN (SELECT row_id FROM person_merge_moves WHERE merge_id = ?1 "
	    "AND kind = 'referral')",
	[STMT_UNMERGE_LINKS] =
	    "UPDATE identifier_links SET person_id = ?3 WHERE person_id = ?2 "
	    "AND id IN (SELECT row_id FROM person_merge_moves WHERE "
	    "merge_id = ?1 AND kind = 'link')",
	[STMT_UNMERGE_FOLDED_LINKS] =
	    "UPDATE identifier_links SET removed_at = NULL, removed_by = NULL "
	    "WHERE person_id = ?3 AND removed_at = (SELECT merged_at FROM "
	    "person_merges WHERE id = ?1) AND id IN (SELECT row_id FROM "
	    "person_merge_moves WHERE merge_id = ?1 AND kind = 'link_folded' "
	    "AND ?2 > 0)",
	[STMT_MERGE_UNDO] =
	    "UPDATE person_merges SET undone_at = ?2, undone_by = ?3, "
	    "undo_reason = ?4 WHERE id = ?1 AND undone_at IS NULL",
	[STMT_PERSON_SET_MERGED_INTO] =
	    "UPDATE persons SET merged_into = NULLIF(?2, 0) WHERE id = ?1",
	[STMT_PERSON_MERGED_FROM] =
	    "SELECT id FROM persons WHERE merged_into = ?1 ORDER BY id",
	[STMT_PERSONS_MERGED] =
	    "SELECT id, merged_into FROM persons WHERE merged_into IS NOT NULL",
	[STMT_MERGE_LIVE] =
	    MERGE_SELECT "WHERE m.other_id = ?1 AND m.undone_at IS NULL",
	[STMT_MERGE_LIST] =
	    MERGE_SELECT "WHERE ?1 = 0 OR m.keep_id = ?1 OR m.other_id = ?1 "
	    "ORDER BY m.id DESC LIMIT ?2",
	[STMT_DISTINCT_INSERT] =
	    "INSERT INTO person_distinct (a, b, reason, at, user_id) VALUES "
	    "(MIN(?1, ?2), MAX(?1, ?2), ?3, ?4, ?5) ON CONFLICT (a, b) "
	    "DO NOTHING",
	[STMT_DISTINCT_ALL] =
	    "SELECT a, b FROM person_distinct",
	/* Imports (0016_imports.sql). */
	[STMT_IMPORT_ROW_FIND] =
	    "SELECT object_id, row_hash FROM import_rows WHERE agency_id = ?1 "
	    "AND entity = ?2 AND source = ?3 AND source_id = ?4",
	INSERT_ONE_AND_MANY(STMT_IMPORT_ROW_INSERT,
	    "INSERT INTO import_rows (agency_id, entity, source, source_id, "
	    "object_id, row_hash, imported_at) VALUES ",
	    "(?, ?, ?, ?, ?, ?, ?)"),
	/* Two rows at most: one is the answer, two say it is ambiguous. */
	[STMT_IMPORT_SOURCE_FIND] =
	    "SELECT object_id FROM import_rows WHERE agency_id = ?1 AND "
	    "entity = ?2 AND source_id = ?3 AND (?4 IS NULL OR source = ?4) "
	    "LIMIT 2",
	[STMT_IMPORT_SOURCE_USED] =
	    "SELECT 1 FROM import_rows WHERE agency_id = ?1 AND entity = ?2 "
	    "AND source = ?3 LIMIT 1",
	/* Exports: the persons an agency recorded or has in its cases (not
	 * those merged away), and its own cases, oldest first. */
	[STMT_EXPORT_PERSONS] =
	    "SELECT p.id FROM persons p WHERE p.merged_into IS NULL AND "
	    "(p.agency_id = ?1 OR EXISTS (SELECT 1 FROM case_persons cp "
	    "CROSS JOIN cases c ON c.id = cp.case_id WHERE cp.person_id = p.id "
	    "AND c.agency_id = ?1)) ORDER BY p.id",
	[STMT_EXPORT_CASES] =
	    "SELECT ref FROM cases WHERE agency_id = ?1 ORDER BY id",
	[STMT_PERSON_TRAITS] =
	    "SELECT id, sex, birth_date, COALESCE(birth_year, 0), "
	    "birth_year_estimated FROM persons WHERE merged_into IS NULL "
	    "ORDER BY id",
	/* What the duplicate search compares beside names: document
	 * numbers and phones (sealed), and identifiers linked. */
	[STMT_PERSON_TOKENS] =
	    "SELECT person_id, 'doc', number FROM person_documents "
	    "UNION ALL SELECT person_id, 'tel', value FROM person_contacts "
	    "WHERE kind IN ('phone', 'messaging') "
	    "UNION ALL SELECT person_id, 'idf', CAST(identifier_id AS TEXT) "
	    "FROM identifier_links WHERE person_id IS NOT NULL AND "
	    "removed_at IS NULL",
	/* Persons recorded before their names were keyed (schema 12), a
	 * batch of them after id ?2 with their names (none for a person
	 * without): from the last batch on, not from the first person. */
	[STMT_PERSONS_WITHOUT_KEYS] =
	    "WITH batch (id) AS (SELECT p.id FROM persons p WHERE p.id > ?2 "
	    "AND NOT EXISTS (SELECT 1 FROM person_name_keys k WHERE "
	    "k.person_id = p.id) ORDER BY p.id LIMIT ?1) "
	    "SELECT b.id, n.kind, n.given, n.father, "
	    "n.grandfather, n.family, n.script FROM batch b LEFT JOIN "
	    "person_names n ON n.person_id = b.id ORDER BY b.id, n.id",
	/* The victims of an agency's cases for the HTCDS export: one row
	 * per person and case, identified from year ?2 to ?3, with their
	 * nationalities and the case's latest legal assessment. */
	[STMT_HTCDS_VICTIMS] =
	    "SELECT cp.person_id, cp.case_id, MAX(cp.role = 'victim'), "
	    "CAST(substr(MIN(cp.identified_on), 1, 4) AS INTEGER), "
	    "COALESCE(MAX(cp.age), -1), MAX(cp.child), p.sex, c.status, "
	    "(SELECT group_concat(n.country, ';') FROM person_nationalities "
	    "n WHERE n.person_id = cp.person_id), "
	    "(SELECT a.elements FROM assessments a WHERE a.case_id = "
	    "cp.case_id ORDER BY a.id DESC LIMIT 1) "
	    "FROM case_persons cp JOIN cases c ON c.id = cp.case_id "
	    "JOIN persons p ON p.id = cp.person_id "
	    "WHERE c.agency_id = ?1 AND cp.role IN ('presumed_victim', "
	    "'victim') AND p.merged_into IS NULL "
	    "GROUP BY cp.person_id, cp.case_id "
	    "HAVING CAST(substr(MIN(cp.identified_on), 1, 4) AS INTEGER) "
	    "BETWEEN ?2 AND ?3 "
	    "ORDER BY cp.person_id, MIN(cp.identified_on), cp.case_id",
	[STMT_CASE_SET_ROUTE] =
	    "UPDATE cases SET route = ?3, version = version + 1 "
	    "WHERE id = ?1 AND version = ?2 RETURNING version",
	/* Statistics (store_stats.c): ?1 the population, ?2..?3 the days,
	 * ?4 the agency or 0.  Each person once, at the first identification
	 * in the period; the purposes of that case's latest assessment. */
	[STMT_STATS_PERSONS] =
	    STATS_FIRST_ROLES
	    "SELECT p.sex, cp.role, cp.child, cp.age_basis, cp.identified_on, "
	    "a.code, (SELECT group_concat(country, ',') FROM (SELECT country "
	    "FROM person_nationalities WHERE person_id = cp.person_id "
	    "ORDER BY country)), (SELECT group_concat(DISTINCT value) FROM "
	    "json_each((SELECT elements FROM assessments WHERE case_id = "
	    "cp.case_id ORDER BY id DESC LIMIT 1), '$.tip.purposes')), "
	    "c.route FROM cp JOIN persons p ON p.id = cp.person_id "
	    "JOIN cases c ON c.id = cp.case_id "
	    "JOIN agencies a ON a.id = c.agency_id WHERE cp.n = 1 "
	    "ORDER BY cp.person_id",
	[STMT_STATS_REFERRALS] =
	    "SELECT r.service, r.status, substr(r.created_at, 1, 10), a.code "
	    "FROM referrals r JOIN cases c ON c.id = r.case_id "
	    "JOIN agencies a ON a.id = c.agency_id "
	    "WHERE (?1 IS NULL OR substr(r.created_at, 1, 10) >= ?1) "
	    "AND (?2 IS NULL OR substr(r.created_at, 1, 10) <= ?2) "
	    "AND (?3 = 0 OR c.agency_id = ?3) ORDER BY r.id",
	[STMT_STATS_CASES] =
	    "SELECT " CASE_COLUMNS
	    "WHERE (?1 IS NULL OR substr(c.opened_at, 1, 10) >= ?1) "
	    "AND (?2 IS NULL OR substr(c.opened_at, 1, 10) <= ?2) "
	    "AND (?3 = 0 OR c.agency_id = ?3) ORDER BY c.id",
	[STMT_TRAINING_MARK] =
	    "INSERT INTO training_store (one, made_at) VALUES (1, ?1) "
	    "ON CONFLICT (one) DO NOTHING",
	[STMT_TRAINING_IS] =
	    "SELECT count(*) FROM training_store",
	[STMT_EXERCISE_GROUP_INSERT] =
	    "INSERT INTO exercise_groups (study_id, study_version, title, "
	    "trainer_id, agency_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6) RETURNING id",
	[STMT_EXERCISE_GROUP_GET] =
	    "SELECT " GROUP_COLUMNS " WHERE g.id = ?1",
	[STMT_EXERCISE_GROUP_LIST] =
	    "SELECT " GROUP_COLUMNS " WHERE g.agency_id = ?1 "
	    "ORDER BY g.id DESC",
	[STMT_EXERCISE_GROUP_CLOSE] =
	    "UPDATE exercise_groups SET closed_at = ?2 WHERE id = ?1 AND "
	    "closed_at IS NULL",
	[STMT_EXERCISE_INSERT] =
	    "INSERT INTO exercises (case_id, study_id, study_version, "
	    "trainee_id, group_id, started_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6) RETURNING id",
	[STMT_EXERCISE_PERSON_INSERT] =
	    "INSERT INTO exercise_persons (exercise_id, key, person_id) "
	    "VALUES (?1, ?2, ?3)",
	[STMT_EXERCISE_GET] =
	    "SELECT " EXERCISE_COLUMNS " WHERE e.id = ?1",
	[STMT_EXERCISE_BY_CASE] =
	    "SELECT " EXERCISE_COLUMNS " WHERE e.case_id = ?1",
	[STMT_EXERCISE_LIST_TRAINEE] =
	    "SELECT " EXERCISE_COLUMNS " WHERE e.trainee_id = ?1 "
	    "ORDER BY e.id DESC",
	[STMT_EXERCISE_LIST_GROUP] =
	    "SELECT " EXERCISE_COLUMNS " WHERE e.group_id = ?1 "
	    "ORDER BY u.username",
	[STMT_EXERCISE_LIST_AGENCY] =
	    "SELECT " EXERCISE_COLUMNS " WHERE u.agency_id = ?1 "
	    "ORDER BY e.id DESC",
	[STMT_EXERCISE_FINISH] =
	    "UPDATE exercises SET finished_at = ?2, points = ?3, "
	    "max_points = ?4 WHERE id = ?1 AND finished_at IS NULL",
	[STMT_EXERCISE_PERSONS] =
	    "SELECT key, person_id FROM exercise_persons "
	    "WHERE exercise_id = ?1 ORDER BY key",
	[STMT_EXERCISE_REFUSAL_INSERT] =
	    "INSERT INTO exercise_refusals (exercise_id, step, reason, at) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[STMT_EXERCISE_REFUSALS] =
	    "SELECT step, reason, at FROM exercise_refusals "
	    "WHERE exercise_id = ?1 ORDER BY id",
	[STMT_COURSE_INSERT] =
	    "INSERT INTO courses (agency_id, code, title, curriculum, hours, "
	    "tot, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8) RETURNING id",
	[STMT_COURSE_MODULE_INSERT] =
	    "INSERT INTO course_modules (course_id, position, title, hours) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[STMT_COURSE_GET] =
	    "SELECT " COURSE_COLUMNS " WHERE c.id = ?1",
	[STMT_COURSE_BY_CODE] =
	    "SELECT " COURSE_COLUMNS " WHERE c.code = ?1",
	[STMT_COURSE_LIST] =
	    "SELECT " COURSE_COLUMNS " ORDER BY c.code",
	[STMT_COURSE_MODULES] =
	    "SELECT position, title, hours FROM course_modules "
	    "WHERE course_id = ?1 ORDER BY position",
	[STMT_PARTICIPANT_INSERT] =
	    "INSERT INTO participants (agency_id, full_name, organisation, "
	    "job, sex, region, created_at, created_by) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?7, ?8) RETURNING id",
	[STMT_PARTICIPANT_GET] =
	    "SELECT " PARTICIPANT_COLUMNS " FROM participants p "
	    "WHERE p.id = ?1",
	[STMT_PARTICIPANT_LIST] =
	    "SELECT " PARTICIPANT_COLUMNS " FROM participants p "
	    "WHERE (?1 IS NULL OR p.full_name LIKE '%' || ?1 || '%' "
	    "OR p.organisation LIKE '%' || ?1 || '%') "
	    "ORDER BY p.full_name, p.id LIMIT ?2 OFFSET ?3",
	[STMT_PARTICIPANT_ALL] =
	    "SELECT " PARTICIPANT_COLUMNS " FROM participants p ORDER BY p.id",
	[STMT_COURSE_SESSION_INSERT] =
	    "INSERT INTO course_sessions (course_id, agency_id, starts_on, "
	    "ends_on, place, region, created_at, created_by) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
	[STMT_COURSE_SESSION_GET] =
	    "SELECT " COURSE_SESSION_COLUMNS " WHERE s.id = ?1",
	[STMT_COURSE_SESSION_LIST] =
	    "SELECT " COURSE_SESSION_COLUMNS " WHERE (?1 = 0 OR "
	    "s.course_id = ?1) ORDER BY s.starts_on DESC, s.id DESC",
	[STMT_COURSE_SESSION_ALL] =
	    "SELECT " COURSE_SESSION_COLUMNS " ORDER BY s.starts_on, s.id",
	[STMT_SESSION_TRAINER_INSERT] =
	    "INSERT INTO session_trainers (session_id, participant_id) "
	    "VALUES (?1, ?2)",
	[STMT_SESSION_TRAINERS] =
	    "SELECT " PARTICIPANT_COLUMNS " FROM session_trainers t "
	    "JOIN participants p ON p.id = t.participant_id "
	    "WHERE t.session_id = ?1 ORDER BY p.full_name",
	[STMT_ENROLMENT_INSERT] =
	    "INSERT INTO session_participants (session_id, participant_id) "
	    "VALUES (?1, ?2)",
	[STMT_ENROLMENT_UPDATE] =
	    "UPDATE session_participants SET days_attended = ?3, "
	    "pre_score = nullif(?4, -1), post_score = nullif(?5, -1) "
	    "WHERE session_id = ?1 AND participant_id = ?2",
	[STMT_ENROLMENT_GET] =
	    "SELECT " ENROLMENT_COLUMNS " WHERE e.session_id = ?1 "
	    "AND e.participant_id = ?2",
	[STMT_ENROLMENTS] =
	    "SELECT " ENROLMENT_COLUMNS " WHERE e.session_id = ?1 "
	    "ORDER BY p.full_name, p.id",
	[STMT_CERTIFICATE_INSERT] =
	    "INSERT INTO certificates (session_id, participant_id, code, "
	    "issued_at, issued_by) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
	[STMT_CERTIFICATE_BY_CODE] =
	    "SELECT k.id, k.session_id, k.participant_id, k.code, "
	    "k.issued_at, p.full_name, p.organisation, c.title, c.hours, "
	    "s.starts_on, s.ends_on, s.place, a.name FROM certificates k "
	    "JOIN participants p ON p.id = k.participant_id "
	    "JOIN course_sessions s ON s.id = k.session_id "
	    "JOIN courses c ON c.id = s.course_id "
	    "JOIN agencies a ON a.id = s.agency_id WHERE k.code = ?1",
	[STMT_SESSION_LINKS] =
	    "SELECT session_id, participant_id, 1 FROM session_trainers "
	    "UNION ALL SELECT session_id, participant_id, 0 "
	    "FROM session_participants ORDER BY 1, 3 DESC, 2",
	[STMT_AWARENESS_INSERT] =
	    "INSERT INTO awareness_sessions (agency_id, kind, held_on, place, "
	    "region, audience, female_children, female_adults, "
	    "male_children, male_adults, materials_other, feedback, "
	    "created_at, created_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?13) RETURNING id",
	[STMT_AWARENESS_UPDATE] =
	    "UPDATE awareness_sessions SET kind = ?3, held_on = ?4, "
	    "place = ?5, region = ?6, audience = ?7, female_children = ?8, "
	    "female_adults = ?9, male_children = ?10, male_adults = ?11, "
	    "materials_other = ?12, feedback = ?13, updated_at = ?14, "
	    "version = version + 1 WHERE id = ?1 AND version = ?2 "
	    "RETURNING version",
	[STMT_AWARENESS_GET] =
	    "SELECT " AWARENESS_COLUMNS " WHERE s.id = ?1",
	[STMT_AWARENESS_LIST] =
	    "SELECT " AWARENESS_COLUMNS " WHERE (s.agency_id = ?1 OR EXISTS "
	    "(SELECT 1 FROM awareness_organisers o WHERE o.session_id = s.id "
	    "AND o.agency_id = ?1)) AND (?2 IS NULL OR s.held_on >= ?2) "
	    "AND (?3 IS NULL OR s.held_on <= ?3) "
	    "AND (?4 IS NULL OR lower(s.region) = lower(?4)) "
	    "ORDER BY s.held_on DESC, s.id DESC LIMIT ?5 OFFSET ?6",
	[STMT_AWARENESS_ORGANISERS_CLEAR] =
	    "DELETE FROM awareness_organisers WHERE session_id = ?1",
	[STMT_AWARENESS_ORGANISER_INSERT] =
	    "INSERT INTO awareness_organisers (session_id, agency_id) "
	    "VALUES (?1, ?2)",
	[STMT_AWARENESS_ORGANISERS] =
	    "SELECT o.agency_id, a.code FROM awareness_organisers o "
	    "JOIN agencies a ON a.id = o.agency_id WHERE o.session_id = ?1 "
	    "ORDER BY a.code",
	[STMT_AWARENESS_MATERIALS_CLEAR] =
	    "DELETE FROM awareness_materials WHERE session_id = ?1",
	[STMT_AWARENESS_MATERIAL_INSERT] =
	    "INSERT INTO awareness_materials (session_id, sheet_id) "
	    "VALUES (?1, ?2)",
	[STMT_AWARENESS_MATERIALS] =
	    "SELECT sheet_id FROM awareness_materials WHERE session_id = ?1 "
	    "ORDER BY sheet_id",
	[STMT_STATS_AWARENESS] =
	    "SELECT s.id, s.kind, s.held_on, s.region, s.audience, "
	    "s.female_children, s.female_adults, s.male_children, "
	    "s.male_adults FROM awareness_sessions s " AWARENESS_STATS_WHERE
	    "ORDER BY s.id",
	[STMT_STATS_AWARENESS_ORGANISERS] =
	    "SELECT o.session_id, a.code FROM awareness_organisers o "
	    "JOIN awareness_sessions s ON s.id = o.session_id "
	    "JOIN agencies a ON a.id = o.agency_id " AWARENESS_STATS_WHERE
	    "ORDER BY o.session_id, a.code",
	[STMT_KEY_WRAP_GET] =
	    "SELECT kind, salt, COALESCE(opslimit, 0), COALESCE(memlimit, 0), "
	    "changed_at FROM field_key_wrap WHERE id = 1",
	[STMT_KEY_WRAP_PUT] =
	    "INSERT INTO field_key_wrap (id, kind, salt, opslimit, memlimit, "
	    "changed_at) VALUES (1, ?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO "
	    "UPDATE SET kind = excluded.kind, salt = excluded.salt, "
	    "opslimit = excluded.opslimit, memlimit = excluded.memlimit, "
	    "changed_at = excluded.changed_at",
	[STMT_FIELD_KEYS] =
	    "SELECT version, wrapped, chained, created_at FROM field_keys "
	    "WHERE version > ?1 ORDER BY version",
	[STMT_FIELD_KEY_INSERT] =
	    "INSERT INTO field_keys (version, wrapped, chained, created_at) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[STMT_FIELD_KEY_REWRAP] =
	    "UPDATE field_keys SET wrapped = ?2 WHERE version = ?1",
	[STMT_COUNSELLING_INSERT] =
	    "INSERT INTO counselling (agency_id, held_on, party, people, "
	    "pseudonym, sex, age_group, nationality, situation, destination, "
	    "route, topics, risks, sheets, notes, follow_up_on, "
	    "follow_up_done_at, referred_to, referral_note, consent, "
	    "full_name, contact, case_id, person_id, created_at, created_by, "
	    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12, ?13, ?14, ?15, ?16, ?17, NULLIF(?18, 0), ?19, ?20, "
	    "?21, ?22, NULLIF(?23, 0), NULLIF(?24, 0), ?25, ?26, ?25) "
	    "RETURNING id",
	[STMT_COUNSELLING_UPDATE] =
	    "UPDATE counselling SET held_on = ?2, party = ?3, people = ?4, "
	    "pseudonym = ?5, sex = ?6, age_group = ?7, nationality = ?8, "
	    "situation = ?9, destination = ?10, route = ?11, topics = ?12, "
	    "risks = ?13, sheets = ?14, notes = ?15, follow_up_on = ?16, "
	    "follow_up_done_at = ?17, referred_to = NULLIF(?18, 0), "
	    "referral_note = ?19, consent = ?20, full_name = ?21, "
	    "contact = ?22, case_id = NULLIF(?23, 0), "
	    "person_id = NULLIF(?24, 0), updated_at = ?25 WHERE id = ?1",
	[STMT_COUNSELLING_GET] =
	    "SELECT " COUNSELLING_COLUMNS "WHERE k.id = ?1",
	[STMT_COUNSELLING_LIST] =
	    "SELECT " COUNSELLING_COLUMNS "WHERE k.agency_id = ?1 "
	    "AND (?2 IS NULL OR k.held_on >= ?2) "
	    "AND (?3 IS NULL OR k.held_on <= ?3) "
	    "AND (?4 IS NULL OR (k.follow_up_on <= ?4 "
	    "AND k.follow_up_done_at IS NULL)) "
	    "ORDER BY k.held_on DESC, k.id DESC LIMIT ?5 OFFSET ?6",
	[STMT_STATS_COUNSELLING] =
	    "SELECT k.held_on, a.code, k.people, k.sex, k.age_group, "
	    "k.situation, k.destination, k.topics, k.risks FROM counselling k "
	    "JOIN agencies a ON a.id = k.agency_id "
	    "WHERE (?1 IS NULL OR k.held_on >= ?1) "
	    "AND (?2 IS NULL OR k.held_on <= ?2) "
	    "AND (?3 = 0 OR k.agency_id = ?3) ORDER BY k.id",
	/* Reports of a suspected case (store_intake.c reads them in this
	 * order), and their links. */
	[STMT_INTAKE_NEXT_NUMBER] =
	    "INSERT INTO intake_counters (year, last) VALUES (?1, 1) "
	    "ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
	[STMT_INTAKE_INSERT] =
	    "INSERT INTO intake_reports (ref, year, number, agency_id, "
	    "case_id, reporter_id, reporter_agency_id, what, place, "
	    "happened, at_risk, people, children, contact_name, contact, "
	    "contact_times, anonymous, urgent, suspected, created_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "?14, ?15, ?16, ?17, ?18, ?19, ?20) RETURNING id",
	[STMT_INTAKE_BY_REF] =
	    "SELECT " INTAKE_COLUMNS "WHERE r.ref = ?1",
	[STMT_INTAKE_LIST] =
	    "SELECT " INTAKE_COLUMNS "WHERE (?1 = 0 OR r.agency_id = ?1) "
	    "AND (?2 = 0 OR r.reporter_id = ?2) AND (?3 = 0 OR "
	    "(r.urgent = 1 AND r.acknowledged_at IS NULL)) "
	    "ORDER BY CASE WHEN r.urgent = 1 AND r.acknowledged_at IS NULL "
	    "THEN 0 ELSE 1 END, r.id DESC LIMIT ?4 OFFSET ?5",
	[STMT_INTAKE_ACKNOWLEDGE] =
	    "UPDATE intake_reports SET acknowledged_at = ?2, "
	    "acknowledged_by = ?3 WHERE id = ?1 AND acknowledged_at IS NULL "
	    "RETURNING id",
	[STMT_INTAKE_LINK_INSERT] =
	    "INSERT INTO intake_links (report_id, other_id, linked_at, "
	    "linked_by) VALUES (?1, ?2, ?3, ?4) RETURNING id",
	[STMT_INTAKE_UNLINK] =
	    "UPDATE intake_links SET unlinked_at = ?3, unlinked_by = ?4 "
	    "WHERE report_id = ?1 AND other_id = ?2 AND unlinked_at IS NULL "
	    "RETURNING id",
	[STMT_INTAKE_LINKS] =
	    "SELECT l.id, l.report_id, l.other_id, o.ref, o.urgent, "
	    "l.linked_at, u.username FROM intake_links l "
	    "JOIN intake_reports o ON o.id = CASE WHEN l.report_id = ?1 "
	    "THEN l.other_id ELSE l.report_id END "
	    "JOIN users u ON u.id = l.linked_by "
	    "WHERE (l.report_id = ?1 OR l.other_id = ?1) "
	    "AND l.unlinked_at IS NULL ORDER BY l.id",
#define SEALED_SQL(name, table, column, kind)					\
	[STMT_SEALED_READ + STORE_SEALED_##name] =			\
	    "SELECT id, " kind ", " column " FROM " table \
	    " WHERE id > ?1 AND " column " IS NOT NULL ORDER BY id "	\
	    "LIMIT ?2",							\
	[STMT_SEALED_WRITE + STORE_SEALED_##name] =			\
	    "UPDATE " table " SET " column " = ?2 WHERE id = ?1",
	STORE_SEALED_COLUMNS(SEALED_SQL)
#undef SEALED_SQL
};
