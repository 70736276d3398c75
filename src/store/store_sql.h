/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_sql.h - pieces of SQL that store_sql.c's statements share with a
 * driver's own versions of them (store_pg.c).
 */
#ifndef TIPSOM_STORE_SQL_H
#define TIPSOM_STORE_SQL_H

#define CASE_SELECT							\
	"c.id, c.ref, c.agency_id, a.code, c.year, c.number, c.kind, "	\
	"c.status, c.sensitivity, c.title, c.summary, "			\
	"COALESCE(c.lead_user_id, 0), u.username, c.opened_at, "	\
	"c.opened_by, c.closed_at, c.close_reason, c.version, "		\
	"c.sop_id, c.sop_version, c.route "
#define CASE_JOINS							\
	"JOIN agencies a ON a.id = c.agency_id "			\
	"LEFT JOIN users u ON u.id = c.lead_user_id "
#define CASE_COLUMNS	CASE_SELECT "FROM cases c " CASE_JOINS

/* The cases shared with agency ?1 and live on day ?6 (a WHERE begun). */
#define SHARED_CASES							\
	CASE_SELECT "FROM case_shares s JOIN cases c ON c.id = s.case_id " \
	CASE_JOINS "WHERE s.agency_id = ?1 AND s.revoked_at IS NULL "	\
	"AND (s.expires_on IS NULL OR s.expires_on >= ?6) "

/* An agency's cases and those shared with it, newest first: SQLite
 * merges the two, each in order (the first from its index of 0004). */
#define WITH_SHARED(own_filters)					\
	"SELECT " CASE_COLUMNS "WHERE c.agency_id = ?1 " own_filters	\
	"UNION ALL SELECT " SHARED_CASES own_filters			\
	"ORDER BY 14 DESC, 1 DESC LIMIT ?4 OFFSET ?5"

/* The filters of the lists by agency, one statement each. */
#define ANY_KIND_ANY_STATUS	"AND ?2 IS NULL AND ?3 IS NULL "
#define ANY_KIND_ONE_STATUS	"AND c.status = ?3 AND ?2 IS NULL "
#define ONE_KIND_ANY_STATUS	"AND c.kind = ?2 AND ?3 IS NULL "
#define ONE_KIND_ONE_STATUS	"AND c.kind = ?2 AND c.status = ?3 "

/*
 * Statistics: each person's roles in the population ?1 (victims,
 * smuggled_migrants, suspects), on days ?2..?3, of agency ?4 or all,
 * numbered n from the first identification (a WITH cp begun).
 */
#define STATS_FIRST_ROLES						\
	"WITH cp AS (SELECT cp.person_id, cp.case_id, cp.role, cp.child, "	\
	"cp.age_basis, cp.identified_on, ROW_NUMBER() OVER (PARTITION BY "	\
	"cp.person_id ORDER BY cp.identified_on, cp.case_id, cp.role) "	\
	"AS n FROM case_persons cp JOIN cases c ON c.id = cp.case_id "	\
	"WHERE CASE WHEN cp.role IN ('presumed_victim', 'victim') "	\
	"THEN 'victims' WHEN cp.role = 'smuggled_migrant' "		\
	"THEN 'smuggled_migrants' WHEN cp.role IN ('suspect', 'accused') " \
	"THEN 'suspects' END = ?1 "					\
	"AND (?2 IS NULL OR cp.identified_on >= ?2) "			\
	"AND (?3 IS NULL OR cp.identified_on <= ?3) "			\
	"AND (?4 = 0 OR c.agency_id = ?4)) "

#endif
