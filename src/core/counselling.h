/* SPDX-License-Identifier: Apache-2.0 */
/*
 * counselling.h - the counselling log of Migrant Resource Centres: a
 * session with a person or a family who plan to migrate, came back, or
 * have someone abroad; the topics covered, the information sheets handed
 * out (sheets.h), where they mean to go and how, the risks the counsellor
 * saw, a follow-up date and a referral.
 *
 * De-identified by design.  A record names a first name or pseudonym
 * only.  A full name, a contact, a person or a case identifies someone:
 * counselling_add() refuses them unless the person gave informed consent
 * (ERR_INVALID on "consent", saying why), and keeps them only with a case
 * the counsellor may read, since identities are kept, protected and
 * shared by the case's rules.  The store's schema refuses the same.
 * Every text is sealed at rest.
 *
 * Users with outreach.record read and write their own agency's records;
 * a record of another agency is not found.  A full name and contact are
 * shown only to those who may read identities.  Every write is audited,
 * without the texts.
 */
#ifndef TIPSOM_COUNSELLING_H
#define TIPSOM_COUNSELLING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/counselling.h"

struct ctx;
struct err;

#define COUNSEL_PSEUDONYM_MAX	40	/* characters */
#define COUNSEL_PSEUDONYM_WORDS	3
#define COUNSEL_PEOPLE_MAX	50
#define COUNSEL_LIST_MAX	500

/*
 * A record as typed.  To counselling_add(), NULL is absent (defaults:
 * held today, a person, sex and age unknown, a prospective migrant).  To
 * counselling_edit(), NULL leaves a field as it is, "" clears an
 * optional one, and a list is replaced when its pointer is not NULL.
 */
struct counselling_input {
	const char	*held_on;	/* YYYY-MM-DD, not in the future */
	const char	*party;		/* person or family */
	const char	*people;	/* 1 for a person, 2-50 for a family */
	const char	*pseudonym;	/* required: a first name or pseudonym */
	const char	*sex;
	const char	*age_group;	/* child, adult or unknown */
	const char	*nationality;	/* ISO 3166-1 alpha-2 */
	const char	*situation;	/* prospective_migrant, returnee, ... */
	const char	*destination;	/* ISO 3166-1 alpha-2 */
	const char	*route;		/* the route planned or taken */
	const char	**topics;	/* required, one or more */
	size_t		 n_topics;
	const char	**risks;
	size_t		 n_risks;
	const char	**sheets;	/* ids of shipped sheets handed out */
	size_t		 n_sheets;
	const char	*notes;
	const char	*follow_up_on;	/* YYYY-MM-DD, on or after held_on */
	const char	*follow_up_done; /* "yes" or "no" (edits) */
	const char	*referred_to;	/* an agency's code */
	const char	*referral_note;
	const char	*consent;	/* "yes" or "no": to keep identity */
	const char	*full_name;	/* identifying: consent and a case */
	const char	*contact;	/* identifying: consent and a case */
	const char	*case_ref;	/* identifying: a case, with consent */
	const char	*person;	/* identifying: a person of that case */
};

int		 counselling_add(struct ctx *ctx,
		    const struct counselling_input *in,
		    struct counselling_row *out, struct err *err);
int		 counselling_edit(struct ctx *ctx, int64_t id,
		    const struct counselling_input *in,
		    struct counselling_row *out, struct err *err);
int		 counselling_show(struct ctx *ctx, int64_t id,
		    struct counselling_row *out, struct err *err);

struct counselling_query {
	const char	*from;		/* YYYY-MM-DD, or NULL */
	const char	*to;
	bool		 follow_up_due;	/* only follow-ups due by today */
	int		 limit;		/* 1 to COUNSEL_LIST_MAX; 0: 50 */
	int		 offset;
};

/* The actor's agency's records, newest first. */
int		 counselling_list(struct ctx *ctx,
		    const struct counselling_query *q,
		    struct counselling_row **rows, size_t *n,
		    struct err *err);

/* A record for the reader: full name and contact only when ctx may read
 * identities; "identified" says whether it has any. */
json_t		*counselling_json(struct ctx *ctx,
		    const struct counselling_row *k);

#endif
