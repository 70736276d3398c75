/* SPDX-License-Identifier: Apache-2.0 */
/*
 * htcds.h - what the de-identified HTCDS export reads of one victim in
 * one case (src/core/htcds.h): no name, document, contact, free text
 * or exact date, ever.
 */
#ifndef TIPSOM_MODEL_HTCDS_H
#define TIPSOM_MODEL_HTCDS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/enums.h"

struct htcds_victim_row {
	int64_t			 person_id;
	int64_t			 case_id;
	bool			 victim;	/* victim, not only presumed */
	int			 year;		/* of identification */
	int			 age;		/* at identification; -1: not
						 * known */
	bool			 child;
	enum sex		 sex;
	enum case_status	 status;
	const char		*nationalities;	/* "IQ;SY", or NULL */
	const char		*elements;	/* the case's latest legal
						 * assessment (legal.h), or
						 * NULL */
};

#endif
