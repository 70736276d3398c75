/* SPDX-License-Identifier: Apache-2.0 */
/* provider.h - a service provider of the referral directory, as a row. */
#ifndef TIPSOM_MODEL_PROVIDER_H
#define TIPSOM_MODEL_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/enums.h"

struct provider_row {
	int64_t			 id;
	const char		*code;		/* "ERB-WOMEN-SHELTER" */
	const char		*name;
	int64_t			 agency_id;	/* its staff work in tipsom; 0
						 * for an external provider */
	const char		*agency_code;	/* filled on reads, or NULL */
	const char		*region;	/* where it works */
	unsigned		 services;	/* ENUM_BIT(enum service) */
	unsigned		 accepts;	/* ENUM_BIT(enum client_group) */
	const char		**languages;	/* BCP 47 tags it works in */
	size_t			 n_languages;
	int			 capacity;	/* people at once; -1 unknown */
	const char		*contact;	/* how to reach it, or NULL */
	bool			 active;	/* takes referrals */
	const char		*created_at;
	const char		*updated_at;
	int64_t			 version;	/* bumped by every change */
};

#endif
