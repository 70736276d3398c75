/* SPDX-License-Identifier: Apache-2.0 */
/*
 * enums.h - the closed vocabularies of tipsom, each written once.
 *
 * Every list below is an X-macro: one line per value gives the C name and
 * the stable text used in the store, the CLI and JSON.  From it come the
 * enum, its names table and its enum_desc, so the three cannot disagree.
 * Adding a value is a new line here and, where the store checks the
 * value, a migration.
 */
#ifndef TIPSOM_ENUMS_H
#define TIPSOM_ENUMS_H

#include <stddef.h>

struct buf;
struct err;

#define ROLES(X)							\
	X(ROLE, ADMIN, "admin")						\
	X(ROLE, SUPERVISOR, "supervisor")				\
	X(ROLE, INVESTIGATOR, "investigator")				\
	X(ROLE, CASEWORKER, "caseworker")				\
	X(ROLE, PROSECUTOR, "prosecutor")				\
	X(ROLE, ANALYST, "analyst")					\
	X(ROLE, TRAINER, "trainer")					\
	X(ROLE, TRAINEE, "trainee")

#define AGENCY_KINDS(X)							\
	X(AGENCY_KIND, MINISTRY, "ministry")				\
	X(AGENCY_KIND, LAW_ENFORCEMENT, "law_enforcement")		\
	X(AGENCY_KIND, BORDER_GUARD, "border_guard")			\
	X(AGENCY_KIND, PROSECUTION, "prosecution")			\
	X(AGENCY_KIND, COURT, "court")					\
	X(AGENCY_KIND, LABOUR_INSPECTION, "labour_inspection")		\
	X(AGENCY_KIND, SHELTER, "shelter")				\
	X(AGENCY_KIND, HEALTH, "health")				\
	X(AGENCY_KIND, SOCIAL_SERVICES, "social_services")		\
	X(AGENCY_KIND, NGO, "ngo")					\
	X(AGENCY_KIND, INTERNATIONAL_ORGANISATION,			\
	    "international_organisation")				\
	X(AGENCY_KIND, TRAINING_INSTITUTE, "training_institute")	\
	X(AGENCY_KIND, MIGRANT_RESOURCE_CENTRE, "migrant_resource_centre") \
	X(AGENCY_KIND, OTHER, "other")

#define CASE_KINDS(X)							\
	X(CASE_KIND, TIP, "tip")					\
	X(CASE_KIND, SOM, "som")					\
	X(CASE_KIND, TIP_SOM, "tip+som")				\
	X(CASE_KIND, UNCLASSIFIED, "unclassified")

#define CASE_STATUSES(X)						\
	X(CASE_STATUS, OPEN, "open")					\
	X(CASE_STATUS, CLOSED, "closed")

#define SENSITIVITIES(X)						\
	X(SENSITIVITY, NORMAL, "normal")				\
	X(SENSITIVITY, HIGH, "high")

#define SEXES(X)							\
	X(SEX, FEMALE, "female")					\
	X(SEX, MALE, "male")						\
	X(SEX, OTHER, "other")						\
	X(SEX, UNKNOWN, "unknown")

#define CASE_ROLES(X)							\
	X(CASE_ROLE, PRESUMED_VICTIM, "presumed_victim")		\
	X(CASE_ROLE, VICTIM, "victim")					\
	X(CASE_ROLE, SMUGGLED_MIGRANT, "smuggled_migrant")		\
	X(CASE_ROLE, SUSPECT, "suspect")				\
	X(CASE_ROLE, ACCUSED, "accused")				\
	X(CASE_ROLE, WITNESS, "witness")				\
	X(CASE_ROLE, REPORTER, "reporter")				\
	X(CASE_ROLE, GUARDIAN, "guardian")

#define NAME_KINDS(X)							\
	X(NAME_KIND, PRIMARY, "primary")				\
	X(NAME_KIND, ALIAS, "alias")

#define DOCUMENT_KINDS(X)						\
	X(DOCUMENT_KIND, PASSPORT, "passport")				\
	X(DOCUMENT_KIND, NATIONAL_ID, "national_id")			\
	X(DOCUMENT_KIND, RESIDENCE_PERMIT, "residence_permit")		\
	X(DOCUMENT_KIND, TRAVEL_DOCUMENT, "travel_document")		\
	X(DOCUMENT_KIND, REFUGEE_ID, "refugee_id")			\
	X(DOCUMENT_KIND, BIRTH_CERTIFICATE, "birth_certificate")	\
	X(DOCUMENT_KIND, DRIVING_LICENCE, "driving_licence")		\
	X(DOCUMENT_KIND, OTHER, "other")

#define CONTACT_KINDS(X)						\
	X(CONTACT_KIND, PHONE, "phone")					\
	X(CONTACT_KIND, EMAIL, "email")					\
	X(CONTACT_KIND, ADDRESS, "address")				\
	X(CONTACT_KIND, MESSAGING, "messaging")				\
	X(CONTACT_KIND, SOCIAL_MEDIA, "social_media")			\
	X(CONTACT_KIND, OTHER, "other")

/* How the age at identification, and so the child flag, was found. */
#define AGE_BASES(X)							\
	X(AGE_BASIS, BIRTH_DATE, "birth_date")				\
	X(AGE_BASIS, BIRTH_YEAR, "birth_year")				\
	X(AGE_BASIS, STATED_AGE, "stated_age")				\
	X(AGE_BASIS, PRESUMED_CHILD, "presumed_child")			\
	X(AGE_BASIS, UNKNOWN, "unknown")

/* What happened to an SOP step of a case (step_events). */
#define STEP_ACTIONS(X)							\
	X(STEP_ACTION, DONE, "done")					\
	X(STEP_ACTION, SKIPPED, "skipped")				\
	X(STEP_ACTION, REOPENED, "reopened")

/* Where a step stands, computed by the engine (engine.h). */
#define STEP_STATES(X)							\
	X(STEP_STATE, PENDING, "pending")				\
	X(STEP_STATE, READY, "ready")					\
	X(STEP_STATE, BLOCKED, "blocked")				\
	X(STEP_STATE, DONE, "done")					\
	X(STEP_STATE, NOT_APPLICABLE, "not_applicable")			\
	X(STEP_STATE, OVERDUE, "overdue")

/* What an officer records on a case so that SOP gates open (case_facts). */
#define CASE_FACTS(X)							\
	X(CASE_FACT, INFORMED_CONSENT, "informed_consent")		\
	X(CASE_FACT, INTERPRETER, "interpreter")			\
	X(CASE_FACT, BEST_INTERESTS_ASSESSMENT, "best_interests_assessment") \
	X(CASE_FACT, RISK_ASSESSMENT, "risk_assessment")		\
	X(CASE_FACT, REFLECTION_WAIVED, "reflection_waived")		\
	X(CASE_FACT, SUPERVISOR_APPROVAL, "supervisor_approval")

#define SCREENING_OUTCOMES(X)						\
	X(SCREENING, NO_INDICATION, "no_indication")			\
	X(SCREENING, POSSIBLE, "possible")				\
	X(SCREENING, STRONG, "strong")

/* The Trafficking Protocol's elements (art. 3) ... */
#define LEGAL_ACTS(X)							\
	X(ACT, RECRUITMENT, "recruitment")				\
	X(ACT, TRANSPORT, "transport")					\
	X(ACT, TRANSFER, "transfer")					\
	X(ACT, HARBOURING, "harbouring")				\
	X(ACT, RECEIPT, "receipt")

#define LEGAL_MEANS(X)							\
	X(MEANS, THREAT, "threat")					\
	X(MEANS, FORCE, "force")					\
	X(MEANS, COERCION, "coercion")					\
	X(MEANS, ABDUCTION, "abduction")				\
	X(MEANS, FRAUD, "fraud")					\
	X(MEANS, DECEPTION, "deception")				\
	X(MEANS, ABUSE_OF_POWER, "abuse_of_power")			\
	X(MEANS, ABUSE_OF_VULNERABILITY, "abuse_of_vulnerability")	\
	X(MEANS, PAYMENTS, "payments_to_person_in_control")

#define LEGAL_PURPOSES(X)						\
	X(PURPOSE, SEXUAL_EXPLOITATION, "sexual_exploitation")		\
	X(PURPOSE, FORCED_LABOUR, "forced_labour")			\
	X(PURPOSE, SLAVERY, "slavery_or_similar_practices")		\
	X(PURPOSE, SERVITUDE, "servitude")				\
	X(PURPOSE, DOMESTIC_SERVITUDE, "domestic_servitude")		\
	X(PURPOSE, FORCED_BEGGING, "forced_begging")			\
	X(PURPOSE, FORCED_CRIMINALITY, "forced_criminality")		\
	X(PURPOSE, FORCED_MARRIAGE, "forced_marriage")			\
	X(PURPOSE, REMOVAL_OF_ORGANS, "removal_of_organs")

/* ... and the Smuggling Protocol's (art. 3, 6). */
#define SOM_PROCUREMENTS(X)						\
	X(PROCUREMENT, ILLEGAL_ENTRY, "illegal_entry")			\
	X(PROCUREMENT, ILLEGAL_STAY, "illegal_stay")			\
	X(PROCUREMENT, FRAUDULENT_DOCUMENTS, "fraudulent_documents")

#define SOM_AGGRAVATIONS(X)						\
	X(AGGRAVATION, DANGER_TO_LIFE, "danger_to_life")		\
	X(AGGRAVATION, INHUMAN_TREATMENT, "inhuman_or_degrading_treatment") \
	X(AGGRAVATION, EXPLOITATION, "exploitation")

/* What the legal-element assessment suggests (legal.h). */
#define LEGAL_OUTCOMES(X)						\
	X(LEGAL, TIP, "tip")						\
	X(LEGAL, SOM, "som")						\
	X(LEGAL, TIP_SOM, "tip+som")					\
	X(LEGAL, INSUFFICIENT, "insufficient")

/* What a service provider offers (provider.h). */
#define SERVICES(X)							\
	X(SERVICE, SHELTER, "shelter")					\
	X(SERVICE, MEDICAL, "medical")					\
	X(SERVICE, PSYCHOSOCIAL, "psychosocial")			\
	X(SERVICE, LEGAL_AID, "legal_aid")				\
	X(SERVICE, INTERPRETATION, "interpretation")			\
	X(SERVICE, EDUCATION, "education")				\
	X(SERVICE, LIVELIHOOD, "livelihood")				\
	X(SERVICE, RETURN_REINTEGRATION, "return_reintegration")	\
	X(SERVICE, CHILD_PROTECTION, "child_protection")

/* Whom a provider accepts. */
#define CLIENT_GROUPS(X)						\
	X(CLIENTS, CHILDREN, "children")				\
	X(CLIENTS, WOMEN, "women")					\
	X(CLIENTS, MEN, "men")						\
	X(CLIENTS, FAMILIES, "families")

/* Where a referral stands (referral.h has the lifecycle). */
#define REFERRAL_STATUSES(X)						\
	X(REFERRAL, PROPOSED, "proposed")				\
	X(REFERRAL, SENT, "sent")					\
	X(REFERRAL, ACCEPTED, "accepted")				\
	X(REFERRAL, DECLINED, "declined")				\
	X(REFERRAL, IN_PROGRESS, "in_progress")			\
	X(REFERRAL, COMPLETED, "completed")				\
	X(REFERRAL, WITHDRAWN, "withdrawn")

/* What a person's consent lets a provider see of them and their case. */
#define CONSENT_SCOPES(X)						\
	X(SCOPE, IDENTITY, "identity")					\
	X(SCOPE, CONTACT, "contact")					\
	X(SCOPE, NEEDS, "needs")					\
	X(SCOPE, CASE_SUMMARY, "case_summary")				\
	X(SCOPE, SUSPECTS, "suspects")

/* What of a case a share with another agency lets it read (access.h). */
#define SHARE_SCOPES(X)							\
	X(SHARE, WHOLE, "whole")					\
	X(SHARE, ASSISTANCE, "assistance")				\
	X(SHARE, INVESTIGATION, "investigation")
/* International cooperation requests (cooperation.h has the
 * lifecycle): what is asked, which way, where it stands, how a contact
 * was made, and what an entry of a request's history records. */
#define COOPERATION_KINDS(X)						\
	X(COOP_KIND, MLA, "mla")					\
	X(COOP_KIND, EXTRADITION, "extradition")			\
	X(COOP_KIND, INFORMATION_EXCHANGE, "information_exchange")	\
	X(COOP_KIND, JOINT_INVESTIGATION, "joint_investigation")

#define COOPERATION_DIRECTIONS(X)					\
	X(COOP_DIRECTION, OUTGOING, "outgoing")				\
	X(COOP_DIRECTION, INCOMING, "incoming")

#define COOPERATION_STATUSES(X)						\
	X(COOP, DRAFT, "draft")						\
	X(COOP, SENT, "sent")						\
	X(COOP, ACKNOWLEDGED, "acknowledged")				\
	X(COOP, ANSWERED, "answered")					\
	X(COOP, PARTIALLY_ANSWERED, "partially_answered")		\
	X(COOP, REFUSED, "refused")					\
	X(COOP, CLOSED, "closed")					\
	X(COOP, WITHDRAWN, "withdrawn")

#define COOPERATION_CHANNELS(X)						\
	X(CHANNEL, EMAIL, "email")					\
	X(CHANNEL, DIPLOMATIC_NOTE, "diplomatic_note")			\
	X(CHANNEL, LETTER, "letter")					\
	X(CHANNEL, PHONE, "phone")					\
	X(CHANNEL, MEETING, "meeting")					\
	X(CHANNEL, LIAISON_OFFICER, "liaison_officer")			\
	X(CHANNEL, OTHER, "other")

#define COOPERATION_EVENTS(X)						\
	X(COOP_EVENT, STATUS, "status")					\
	X(COOP_EVENT, FOLLOW_UP, "follow_up")

/* Identifiers that connect people and cases (links.h): what each is,
 * which says how it is normalised, and where a link came from. */
#define IDENTIFIER_KINDS(X)						\
	X(IDENT, PHONE, "phone")					\
	X(IDENT, EMAIL, "email")					\
	X(IDENT, ADDRESS, "address")					\
	X(IDENT, VEHICLE, "vehicle")					\
	X(IDENT, BANK_ACCOUNT, "bank_account")				\
	X(IDENT, HAWALA, "hawala")					\
	X(IDENT, SOCIAL_MEDIA, "social_media")				\
	X(IDENT, DOCUMENT, "document")					\
	X(IDENT, OTHER, "other")

#define LINK_SOURCES(X)							\
	X(LINK_SOURCE, MANUAL, "manual")				\
	X(LINK_SOURCE, CALL_RECORDS, "call_records")

/* Awareness sessions of Migrant Resource Centres (core/awareness.h). */
#define AWARENESS_KINDS(X)						\
	X(AWARENESS_KIND, COMMUNITY, "community")			\
	X(AWARENESS_KIND, SCHOOL, "school")				\
	X(AWARENESS_KIND, OFFICIALS_WORKSHOP, "officials_workshop")	\
	X(AWARENESS_KIND, COORDINATION_COMMITTEE, "coordination_committee")

#define AUDIENCES(X)							\
	X(AUDIENCE, PROSPECTIVE_MIGRANTS, "prospective_migrants")	\
	X(AUDIENCE, RETURNEES, "returnees")				\
	X(AUDIENCE, FAMILIES, "families")				\
	X(AUDIENCE, STUDENTS, "students")				\
	X(AUDIENCE, OFFICIALS, "officials")				\
	X(AUDIENCE, COMMUNITY_LEADERS, "community_leaders")		\
	X(AUDIENCE, GENERAL_PUBLIC, "general_public")

/* Reports of a suspected case (intake.h): what the reporter suspects,
 * whether children are among those at risk, and where a report stands
 * as its reporter sees it. */
#define INTAKE_SUSPICIONS(X)						\
	X(SUSPECTED, TRAFFICKING, "trafficking")			\
	X(SUSPECTED, SMUGGLING, "smuggling")				\
	X(SUSPECTED, UNSURE, "unsure")

#define INTAKE_ANSWERS(X)						\
	X(ANSWER, YES, "yes")						\
	X(ANSWER, NO, "no")						\
	X(ANSWER, UNKNOWN, "unknown")

#define INTAKE_STATUSES(X)						\
	X(INTAKE, RECEIVED, "received")					\
	X(INTAKE, ACKNOWLEDGED, "acknowledged")				\
	X(INTAKE, CASE_OPENED, "case_opened")				\
	X(INTAKE, CLOSED, "closed")

#define ENUM_VALUE(prefix, id, text)	prefix##_##id,

/* A set of enum values as bits: ENUM_BIT(SERVICE_SHELTER) | ... */
#define ENUM_BIT(v)	(1u << (unsigned)(v))

enum role		{ ROLES(ENUM_VALUE) ROLE__MAX };
enum agency_kind	{ AGENCY_KINDS(ENUM_VALUE) AGENCY_KIND__MAX };
enum case_kind		{ CASE_KINDS(ENUM_VALUE) CASE_KIND__MAX };
enum case_status	{ CASE_STATUSES(ENUM_VALUE) CASE_STATUS__MAX };
enum sensitivity	{ SENSITIVITIES(ENUM_VALUE) SENSITIVITY__MAX };
enum sex		{ SEXES(ENUM_VALUE) SEX__MAX };
enum case_role		{ CASE_ROLES(ENUM_VALUE) CASE_ROLE__MAX };
enum name_kind		{ NAME_KINDS(ENUM_VALUE) NAME_KIND__MAX };
enum document_kind	{ DOCUMENT_KINDS(ENUM_VALUE) DOCUMENT_KIND__MAX };
enum contact_kind	{ CONTACT_KINDS(ENUM_VALUE) CONTACT_KIND__MAX };
enum age_basis		{ AGE_BASES(ENUM_VALUE) AGE_BASIS__MAX };
enum step_action	{ STEP_ACTIONS(ENUM_VALUE) STEP_ACTION__MAX };
enum step_state		{ STEP_STATES(ENUM_VALUE) STEP_STATE__MAX };
enum case_fact		{ CASE_FACTS(ENUM_VALUE) CASE_FACT__MAX };
enum screening_outcome	{ SCREENING_OUTCOMES(ENUM_VALUE) SCREENING__MAX };
enum legal_act		{ LEGAL_ACTS(ENUM_VALUE) ACT__MAX };
enum legal_means	{ LEGAL_MEANS(ENUM_VALUE) MEANS__MAX };
enum legal_purpose	{ LEGAL_PURPOSES(ENUM_VALUE) PURPOSE__MAX };
enum som_procurement	{ SOM_PROCUREMENTS(ENUM_VALUE) PROCUREMENT__MAX };
enum som_aggravation	{ SOM_AGGRAVATIONS(ENUM_VALUE) AGGRAVATION__MAX };
enum legal_outcome	{ LEGAL_OUTCOMES(ENUM_VALUE) LEGAL__MAX };
enum service		{ SERVICES(ENUM_VALUE) SERVICE__MAX };
enum client_group	{ CLIENT_GROUPS(ENUM_VALUE) CLIENTS__MAX };
enum referral_status	{ REFERRAL_STATUSES(ENUM_VALUE) REFERRAL__MAX };
enum consent_scope	{ CONSENT_SCOPES(ENUM_VALUE) SCOPE__MAX };
enum share_scope	{ SHARE_SCOPES(ENUM_VALUE) SHARE__MAX };
enum cooperation_kind	{ COOPERATION_KINDS(ENUM_VALUE) COOP_KIND__MAX };
enum cooperation_direction { COOPERATION_DIRECTIONS(ENUM_VALUE)
			    COOP_DIRECTION__MAX };
enum cooperation_status	{ COOPERATION_STATUSES(ENUM_VALUE) COOP__MAX };
enum cooperation_channel { COOPERATION_CHANNELS(ENUM_VALUE) CHANNEL__MAX };
enum cooperation_event	{ COOPERATION_EVENTS(ENUM_VALUE) COOP_EVENT__MAX };
enum identifier_kind	{ IDENTIFIER_KINDS(ENUM_VALUE) IDENT__MAX };
enum link_source	{ LINK_SOURCES(ENUM_VALUE) LINK_SOURCE__MAX };
enum awareness_kind	{ AWARENESS_KINDS(ENUM_VALUE) AWARENESS_KIND__MAX };
enum audience		{ AUDIENCES(ENUM_VALUE) AUDIENCE__MAX };
enum intake_suspicion	{ INTAKE_SUSPICIONS(ENUM_VALUE) SUSPECTED__MAX };
enum intake_answer	{ INTAKE_ANSWERS(ENUM_VALUE) ANSWER__MAX };
enum intake_status	{ INTAKE_STATUSES(ENUM_VALUE) INTAKE__MAX };

/* What a vocabulary is called and its texts, indexed by the enum. */
struct enum_desc {
	const char		*what;		/* "role", "case kind", ... */
	const char *const	*names;
	int			 count;
};

extern const struct enum_desc role_desc, agency_kind_desc, case_kind_desc,
    case_status_desc, sensitivity_desc, sex_desc, case_role_desc,
    name_kind_desc, document_kind_desc, contact_kind_desc, age_basis_desc,
    step_action_desc, step_state_desc, case_fact_desc,
    screening_outcome_desc, legal_act_desc, legal_means_desc,
    legal_purpose_desc, som_procurement_desc, som_aggravation_desc,
    legal_outcome_desc, service_desc, client_group_desc,
    referral_status_desc, consent_scope_desc, share_scope_desc,
    cooperation_kind_desc,
    cooperation_direction_desc, cooperation_status_desc,
    cooperation_channel_desc, cooperation_event_desc,
    identifier_kind_desc, link_source_desc, awareness_kind_desc,
    audience_desc;
extern const struct enum_desc intake_suspicion_desc, intake_answer_desc,
    intake_status_desc;

/* The text of value v, or "?" when v is out of range. */
const char	*enum_name(const struct enum_desc *d, int v);

/*
 * The value whose text is s.  Returns -1 when there is none, with
 * *err ERR_INVALID naming field and listing the values allowed.
 */
int		 enum_parse(const struct enum_desc *d, const char *s,
		    const char *field, struct err *err);

/* Appends "a, b or c" to out. */
void		 enum_choices(const struct enum_desc *d, struct buf *out);

/* Appends the names of the values in set (ENUM_BIT()s), "a, b", to out. */
void		 enum_set_names(const struct enum_desc *d, unsigned set,
		    struct buf *out);

/* Typed shorthands for the vocabularies used everywhere. */
#define role_name(v)		enum_name(&role_desc, (int)(v))
#define case_kind_name(v)	enum_name(&case_kind_desc, (int)(v))
#define case_role_name(v)	enum_name(&case_role_desc, (int)(v))

/*
 * Defines lower##_desc from an X-list, for the vocabularies that live
 * beside their module (model/counselling.h) rather than here.
 */
#define ENUM_TEXT(prefix, id, text)	[prefix##_##id] = text,
#define ENUM_DESC(lower, list, what_text)				\
	static const char *const lower##_names[] = { list(ENUM_TEXT) }; \
	const struct enum_desc lower##_desc = {				\
		what_text, lower##_names,				\
		(int)(sizeof(lower##_names) / sizeof(lower##_names[0]))	\
	};

#endif
