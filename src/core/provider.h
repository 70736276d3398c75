/* SPDX-License-Identifier: Apache-2.0 */
/*
 * provider.h - the directory of service providers victims are referred
 * to: shelters, medical and psychosocial care, legal aid, interpretation,
 * education, livelihood, return and reintegration, child protection.
 *
 * A provider works in a region, in some languages, for some people
 * (children, women, men, families), with a capacity.  It may be an agency
 * in tipsom, whose staff then receive its referrals, or an external one.
 * Supervisors and administrators keep the directory (access.h); those who
 * work on cases read it.  Every change is audited; a provider is never
 * deleted, only made inactive, so that old referrals keep naming it.
 */
#ifndef TIPSOM_CORE_PROVIDER_H
#define TIPSOM_CORE_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/provider.h"

struct ctx;
struct err;

#define PROVIDER_KEEP	(-2)	/* capacity and active: leave as they are */

/*
 * What a person typed.  For provider_add() every field but agency,
 * capacity and contact is required.  For provider_update() a NULL field
 * (PROVIDER_KEEP for the numbers) keeps what is stored; "" clears agency
 * and contact, and capacity -1 makes it unknown.
 */
struct provider_input {
	const char		*code;		/* like agency codes */
	const char		*name;
	const char		*agency;	/* code, when it is one */
	const char		*region;
	const char *const	*services;	/* enum service texts */
	size_t			 n_services;
	const char *const	*accepts;	/* enum client_group texts */
	size_t			 n_accepts;
	const char *const	*languages;	/* BCP 47 tags */
	size_t			 n_languages;
	int64_t			 capacity;	/* -1 unknown */
	const char		*contact;
	int			 active;	/* 0 or 1 */
};

int		 provider_add(struct ctx *ctx, const struct provider_input *in,
		    struct provider_row *out, struct err *err);

/*
 * Changes provider in->code, whose version the person saw is version
 * (ERR_CONFLICT when it changed meanwhile).  Fills *out.
 */
int		 provider_update(struct ctx *ctx,
		    const struct provider_input *in, int64_t version,
		    struct provider_row *out, struct err *err);

/* The provider with code; ERR_NOT_FOUND naming field when none. */
int		 provider_find(struct ctx *ctx, const char *code,
		    const char *field, struct provider_row *out,
		    struct err *err);

/* What a directory search keeps; NULL or false fields keep all. */
struct provider_filter {
	const char	*service;	/* offers it */
	const char	*accepts;	/* takes this group */
	const char	*language;	/* works in it */
	const char	*region;	/* works there (any case) */
	bool		 inactive_too;
};

/* The providers that pass f, by region and name. */
int		 provider_list(struct ctx *ctx,
		    const struct provider_filter *f,
		    struct provider_row **rows, size_t *n, struct err *err);

/* Who is to be referred, as far as a provider's intake cares. */
struct provider_client {
	bool		 child;
	enum sex	 sex;
	bool		 family;	/* comes with their family */
};

/*
 * 0 when p takes who for service; ERR_INVALID naming field with the
 * reason and what to do otherwise (an inactive provider, a service it
 * does not offer, a child to a provider for adults, ...).
 */
int		 provider_accepts(const struct provider_row *p,
		    enum service service, const struct provider_client *who,
		    const char *field, struct err *err);

/* A provider as the API and the CLI's --json show it. */
json_t		*provider_json(const struct provider_row *row);

#endif
