/* SPDX-License-Identifier: Apache-2.0 */
/* referral.h - a referral of a person to a provider, and its consent. */
#ifndef TIPSOM_MODEL_REFERRAL_H
#define TIPSOM_MODEL_REFERRAL_H

#include <stdbool.h>
#include <stdint.h>

#include "model/enums.h"

/* The person's informed consent to the referral, as recorded. */
struct referral_consent {
	const char		*explained;	/* what was explained to them */
	const char		*language;	/* BCP 47: in which language */
	const char		*interpreter;	/* who interpreted, or NULL */
	unsigned		 scope;		/* ENUM_BIT(enum consent_scope):
						 * what they agreed may be
						 * shared */
	const char		*given_on;	/* YYYY-MM-DD */
	const char		*guardian;	/* a child's: who consented */
	const char		*best_interests; /* a child's: the note */
	const char		*withdrawn_at;	/* NULL while it stands */
	const char		*withdrawn_reason;
};

struct referral_row {
	int64_t			 id;
	int64_t			 case_id;
	const char		*case_ref;	/* filled on reads */
	int64_t			 case_agency_id; /* the referring agency */
	const char		*case_agency;	/* its code, on reads */
	int64_t			 person_id;
	int64_t			 provider_id;
	const char		*provider_code;	/* filled on reads */
	const char		*provider_name;	/* filled on reads */
	int64_t			 provider_agency_id; /* 0: external */
	const char		*provider_agency; /* its code, or NULL */
	enum service		 service;
	enum referral_status	 status;
	unsigned		 shares;	/* what the provider sees: within
						 * consent.scope */
	const char		*needs;		/* the person's needs, or NULL */
	bool			 child;		/* when referred */
	struct referral_consent	 consent;
	const char		*created_at;
	int64_t			 created_by;
	const char		*created_by_username;	/* on reads */
	const char		*updated_at;
	int64_t			 version;
};

/* One step of a referral's lifecycle, for its history. */
struct referral_event_row {
	int64_t			 referral_id;
	enum referral_status	 status;
	const char		*at;
	const char		*by_username;
	const char		*agency;	/* of whoever did it */
	const char		*reason;	/* or NULL */
};

#endif
