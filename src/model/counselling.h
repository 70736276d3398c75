/* SPDX-License-Identifier: Apache-2.0 */
/* model/counselling.h - the rows and vocabularies of the counselling log
 * of Migrant Resource Centres (core/counselling.h). */
#ifndef TIPSOM_MODEL_COUNSELLING_H
#define TIPSOM_MODEL_COUNSELLING_H

#include <stdbool.h>
#include <stdint.h>

#include "model/enums.h"

/* Who came: one person, or a family (people says how many). */
#define COUNSEL_PARTIES(X)						\
	X(COUNSEL_PARTY, PERSON, "person")				\
	X(COUNSEL_PARTY, FAMILY, "family")

#define COUNSEL_AGE_GROUPS(X)						\
	X(COUNSEL_AGE, CHILD, "child")					\
	X(COUNSEL_AGE, ADULT, "adult")					\
	X(COUNSEL_AGE, UNKNOWN, "unknown")

#define COUNSEL_SITUATIONS(X)						\
	X(COUNSEL_SITUATION, PROSPECTIVE_MIGRANT, "prospective_migrant") \
	X(COUNSEL_SITUATION, RETURNEE, "returnee")			\
	X(COUNSEL_SITUATION, FAMILY_OF_MIGRANT, "family_of_migrant")	\
	X(COUNSEL_SITUATION, OTHER, "other")

/* What was covered: the topics of the information library (sheets.h). */
#define COUNSEL_TOPICS(X)						\
	X(COUNSEL_TOPIC, LEGAL_PATHWAYS, "legal_pathways")		\
	X(COUNSEL_TOPIC, IRREGULAR_RISKS, "irregular_risks")		\
	X(COUNSEL_TOPIC, RECRUITMENT_FRAUD, "recruitment_fraud")	\
	X(COUNSEL_TOPIC, RIGHTS_ABROAD, "rights_abroad")		\
	X(COUNSEL_TOPIC, RETURN_REINTEGRATION, "return_reintegration")

/*
 * What the counsellor saw that puts the person at risk of being
 * smuggled or trafficked: the signs of recruitment fraud and of an
 * irregular journey that the library's sheets warn of.
 */
#define COUNSEL_RISKS(X)						\
	X(COUNSEL_RISK, IRREGULAR_ROUTE, "irregular_route_planned")	\
	X(COUNSEL_RISK, SMUGGLER_CONTACT, "smuggler_contact")		\
	X(COUNSEL_RISK, RECRUITMENT_FEE, "recruitment_fee")		\
	X(COUNSEL_RISK, NO_CONTRACT, "no_written_contract")		\
	X(COUNSEL_RISK, UNVERIFIED_OFFER, "unverified_job_offer")	\
	X(COUNSEL_RISK, PASSPORT_KEPT, "passport_kept_by_recruiter")	\
	X(COUNSEL_RISK, DEBT, "debt")					\
	X(COUNSEL_RISK, CHILD_ALONE, "child_travelling_alone")		\
	X(COUNSEL_RISK, PAST_EXPLOITATION, "previous_exploitation")	\
	X(COUNSEL_RISK, PRESSURE, "pressure_or_threats")

enum counsel_party	{ COUNSEL_PARTIES(ENUM_VALUE) COUNSEL_PARTY__MAX };
enum counsel_age	{ COUNSEL_AGE_GROUPS(ENUM_VALUE) COUNSEL_AGE__MAX };
enum counsel_situation	{ COUNSEL_SITUATIONS(ENUM_VALUE)
			  COUNSEL_SITUATION__MAX };
enum counsel_topic	{ COUNSEL_TOPICS(ENUM_VALUE) COUNSEL_TOPIC__MAX };
enum counsel_risk	{ COUNSEL_RISKS(ENUM_VALUE) COUNSEL_RISK__MAX };

extern const struct enum_desc counsel_party_desc, counsel_age_desc,
    counsel_situation_desc, counsel_topic_desc, counsel_risk_desc;

struct counselling_row {
	int64_t			 id;
	int64_t			 agency_id;
	const char		*agency;	/* its code, on reads */
	const char		*held_on;	/* YYYY-MM-DD */
	enum counsel_party	 party;
	int			 people;	/* 1 to 50 */
	const char		*pseudonym;	/* a first name or pseudonym */
	enum sex		 sex;
	enum counsel_age	 age_group;
	const char		*nationality;	/* ISO 3166-1 alpha-2, or "" */
	enum counsel_situation	 situation;
	const char		*destination;	/* ISO 3166-1 alpha-2, or "" */
	const char		*route;		/* as told, or NULL */
	unsigned		 topics;	/* ENUM_BIT(COUNSEL_TOPIC_...) */
	unsigned		 risks;		/* ENUM_BIT(COUNSEL_RISK_...) */
	const char		*sheets;	/* ids handed out, "a,b", or "" */
	const char		*notes;		/* or NULL */
	const char		*follow_up_on;	/* YYYY-MM-DD, or NULL */
	const char		*follow_up_done_at; /* a timestamp, or NULL */
	int64_t			 referred_to;	/* an agency's id, or 0 */
	const char		*referred_to_code; /* on reads, or NULL */
	const char		*referral_note;	/* or NULL */
	bool			 consent;	/* to keep their full identity */
	const char		*full_name;	/* with consent only, or NULL */
	const char		*contact;	/* with consent only, or NULL */
	int64_t			 case_id;	/* with consent only, or 0 */
	const char		*case_ref;	/* on reads, or NULL */
	int64_t			 person_id;	/* with consent only, or 0 */
	const char		*created_at;
	int64_t			 created_by;
	const char		*counsellor;	/* created_by's username */
	const char		*updated_at;
};

/* A record as statistics count it (store_stats_counselling()). */
struct counselling_stats_row {
	const char		*held_on;
	const char		*agency;	/* its code */
	int			 people;
	enum sex		 sex;
	enum counsel_age	 age_group;
	enum counsel_situation	 situation;
	const char		*destination;	/* ISO 3166-1 alpha-2, or "" */
	unsigned		 topics;
	unsigned		 risks;
};

#endif
