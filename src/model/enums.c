/* SPDX-License-Identifier: Apache-2.0 */
/* enums.c - names and parsers generated from enums.h's lists. */
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/util.h"
#include "model/enums.h"
#include "base/banned.h"

ENUM_DESC(role, ROLES, "role")
ENUM_DESC(agency_kind, AGENCY_KINDS, "agency kind")
ENUM_DESC(case_kind, CASE_KINDS, "case kind")
ENUM_DESC(case_status, CASE_STATUSES, "case status")
ENUM_DESC(sensitivity, SENSITIVITIES, "sensitivity")
ENUM_DESC(sex, SEXES, "sex")
ENUM_DESC(case_role, CASE_ROLES, "case role")
ENUM_DESC(name_kind, NAME_KINDS, "name kind")
ENUM_DESC(document_kind, DOCUMENT_KINDS, "document kind")
ENUM_DESC(contact_kind, CONTACT_KINDS, "contact kind")
ENUM_DESC(age_basis, AGE_BASES, "age basis")
ENUM_DESC(step_action, STEP_ACTIONS, "step action")
ENUM_DESC(step_state, STEP_STATES, "step state")
ENUM_DESC(case_fact, CASE_FACTS, "fact")
ENUM_DESC(screening_outcome, SCREENING_OUTCOMES, "screening outcome")
ENUM_DESC(legal_act, LEGAL_ACTS, "act")
ENUM_DESC(legal_means, LEGAL_MEANS, "means")
ENUM_DESC(legal_purpose, LEGAL_PURPOSES, "purpose")
ENUM_DESC(som_procurement, SOM_PROCUREMENTS, "procurement")
ENUM_DESC(som_aggravation, SOM_AGGRAVATIONS, "aggravating circumstance")
ENUM_DESC(legal_outcome, LEGAL_OUTCOMES, "classification")
ENUM_DESC(service, SERVICES, "service")
ENUM_DESC(client_group, CLIENT_GROUPS, "client group")
ENUM_DESC(referral_status, REFERRAL_STATUSES, "referral status")
ENUM_DESC(consent_scope, CONSENT_SCOPES, "consent scope")
ENUM_DESC(share_scope, SHARE_SCOPES, "share scope")
ENUM_DESC(cooperation_kind, COOPERATION_KINDS, "cooperation request kind")
ENUM_DESC(cooperation_direction, COOPERATION_DIRECTIONS, "direction")
ENUM_DESC(cooperation_status, COOPERATION_STATUSES,
    "cooperation request status")
ENUM_DESC(cooperation_channel, COOPERATION_CHANNELS, "channel")
ENUM_DESC(cooperation_event, COOPERATION_EVENTS, "cooperation event")
ENUM_DESC(identifier_kind, IDENTIFIER_KINDS, "identifier kind")
ENUM_DESC(link_source, LINK_SOURCES, "link source")
ENUM_DESC(awareness_kind, AWARENESS_KINDS, "session kind")
ENUM_DESC(audience, AUDIENCES, "audience")
ENUM_DESC(intake_suspicion, INTAKE_SUSPICIONS, "suspected kind")
ENUM_DESC(intake_answer, INTAKE_ANSWERS, "answer for children")
ENUM_DESC(intake_status, INTAKE_STATUSES, "report status")

const char *
enum_name(const struct enum_desc *d, int v)
{
	if (v < 0 || v >= d->count)
		return "?";
	return d->names[v];
}

void
enum_choices(const struct enum_desc *d, struct buf *out)
{
	for (int i = 0; i < d->count; i++)
		buf_addf(out, "%s%s", i == 0 ? "" :
		    i == d->count - 1 ? " or " : ", ", d->names[i]);
}

void
enum_set_names(const struct enum_desc *d, unsigned set, struct buf *out)
{
	const char *sep = "";

	for (int i = 0; i < d->count; i++) {
		if (set & ENUM_BIT(i)) {
			buf_addf(out, "%s%s", sep, d->names[i]);
			sep = ", ";
		}
	}
}

int
enum_parse(const struct enum_desc *d, const char *s, const char *field,
    struct err *err)
{
	struct buf choices = BUF_INIT(1024);

	for (int i = 0; i < d->count; i++)
		if (STREQ(d->names[i], s))
			return i;
	enum_choices(d, &choices);
	err_set(err, ERR_INVALID, field, "unknown %s \"%.24s\": use %s",
	    d->what, s, choices.s);
	buf_release(&choices);
	return -1;
}
