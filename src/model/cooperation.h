/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cooperation.h - a request for international cooperation about a case,
 * and its history.
 */
#ifndef TIPSOM_MODEL_COOPERATION_H
#define TIPSOM_MODEL_COOPERATION_H

#include <stdint.h>

#include "model/enums.h"

/* Dates are YYYY-MM-DD, or NULL when not (yet) known. */
struct cooperation_row {
	int64_t				 id;
	int64_t				 case_id;
	const char			*case_ref;	/* filled on reads */
	int64_t				 agency_id;	/* the case's, at
							 * creation */
	const char			*agency;	/* its code, on reads */
	enum cooperation_kind		 kind;
	enum cooperation_direction	 direction;
	const char			*country;	/* ISO 3166 alpha-2 */
	const char			*authority;	/* the counterpart */
	const char			*legal_basis;
	const char			*subject;
	const char			*our_ref;	/* or NULL */
	const char			*their_ref;	/* or NULL */
	enum cooperation_status		 status;
	const char			*sent_on;
	const char			*due_on;
	const char			*answered_on;
	const char			*next_follow_up;
	const char			*created_at;
	int64_t				 created_by;
	const char			*created_by_username;	/* on reads */
	const char			*updated_at;
	int64_t				 version;
};

/* One entry of a request's history: a move, or a follow-up. */
struct cooperation_event_row {
	int64_t				 request_id;
	enum cooperation_event		 kind;
	enum cooperation_status		 status;	/* after it */
	const char			*on;		/* the day it happened */
	int				 channel;	/* enum
							 * cooperation_channel,
							 * -1: none given */
	const char			*note;		/* or a move's reason */
	const char			*next_follow_up;	/* set by it */
	const char			*at;		/* when recorded */
	const char			*by_username;
	const char			*agency;	/* of whoever did it */
};

#endif
