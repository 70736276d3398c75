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

	/* Merges (src/core/merge.h): the person this one was merged into,
	 * 0 when none; and those merged into this one, whose names,
	 * documents and contacts the lists above include. */
	int64_t			 merged_into;
	int64_t			*merged_from;
	size_t			 n_merged_from;
};

/* Two records of one person made one (0014_person_merges.sql). */
struct person_merge_row {
	int64_t			 id;
	int64_t			 keep_id;	/* the person kept */
	int64_t			 other_id;	/* the person merged into it */
	const char		*reason;
	const char		*conflicts;	/* confirmed, for people; or "" */
	const char		*merged_at;
	int64_t			 merged_by;
	const char		*merged_by_name;	/* filled on reads */
	const char		*undone_at;	/* NULL while it holds */
	int64_t			 undone_by;
	const char		*undone_by_name;	/* filled on reads */
	const char		*undo_reason;
};

#endif
