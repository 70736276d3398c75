/* SPDX-License-Identifier: Apache-2.0 */
/*
 * person.h - one real human, who may appear in many cases.
 *
 * Identity fields (name parts, document numbers, contact values) are the
 * most sensitive data in tipsom.  In these rows they are always plain
 * text; only src/vault turns them into what the store keeps, and back.
 */
#ifndef TIPSOM_MODEL_PERSON_H
#define TIPSOM_MODEL_PERSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/enums.h"

struct person_name {
	enum name_kind		 kind;
	const char		*given;		/* identity; may be NULL */
	const char		*father;	/* identity; may be NULL */
	const char		*grandfather;	/* identity; may be NULL */
	const char		*family;	/* family or tribe; may be NULL */
	const char		*script;	/* ISO 15924, e.g. "Arab" */
};

struct person_document {
	enum document_kind	 kind;
	const char		*number;	/* identity */
	const char		*country;	/* ISO 3166 alpha-2, or NULL */
	const char		*expires_on;	/* YYYY-MM-DD, or NULL */
};

struct person_contact {
	enum contact_kind	 kind;
	const char		*value;		/* identity */
};

struct person_row {
	int64_t			 id;
	enum sex		 sex;
	const char		*birth_date;	/* YYYY-MM-DD, or NULL */
	int			 birth_year;	/* 0: unknown */
	bool			 birth_year_estimated;
	int64_t			 agency_id;	/* the agency that recorded it */
	const char		*created_at;
	int64_t			 created_by;

	struct person_name	*names;
	size_t			 n_names;
	const char		**nationalities;	/* ISO 3166 alpha-2 */
	size_t			 n_nationalities;
	const char		**languages;		/* BCP 47 */
	size_t			 n_languages;
	struct person_document	*documents;
	size_t			 n_documents;
	struct person_contact	*contacts;
	size_t			 n_contacts;
};

#endif
