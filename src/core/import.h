/* SPDX-License-Identifier: Apache-2.0 */
/*
 * import.h - persons and cases from a CSV or XLSX file, all or nothing.
 *
 * The file is read one row at a time (io/table.h), so its size does not
 * bound the memory used.  Its first row names the columns (the header
 * sets below, or the file's own names mapped to them); every other row
 * is checked by the same rules as `person add` and `case open`
 * (person_check(), case_check()), and written in ONE transaction for the
 * whole file, with ONE audit entry (import.persons, import.cases: the
 * file's SHA-256, the counts and the ids written; never a name).
 *
 * When any row fails its checks nothing is written, and the report lists
 * every failing row (the first problem of each, up to
 * IMPORT_PROBLEMS_MAX, and how many more), naming the row and column.
 * With skip_invalid the valid rows are written and the others handed to
 * reject().  A dry run checks and counts and writes nothing.
 *
 * Every row has a source_id, its id in the system the file comes from.
 * What a row became is kept by (agency, persons or cases, source,
 * source_id), so importing the same file again adds nothing: rows already
 * imported are skipped and counted, rows that changed since are reported
 * and left as they are (never overwritten).
 *
 * Persons' columns: source_id, given, father, grandfather, family,
 * aliases, sex, born, born_estimated, nationalities, languages,
 * document_kind, document_number, document_country, document_expires,
 * phone, email.  Cases' columns: source_id, kind, title, summary,
 * sensitivity, lead, people.  Lists (aliases, nationalities, languages,
 * people) are separated by ";"; a case's people are SOURCE_ID:ROLE of
 * persons imported before (ROLE a case role such as presumed_victim).
 */
#ifndef TIPSOM_CORE_IMPORT_H
#define TIPSOM_CORE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "io/table.h"

struct ctx;
struct err;

#define IMPORT_PROBLEMS_MAX	100
#define IMPORT_SOURCE_MAX	100	/* characters of a source's name */

enum import_entity {
	IMPORT_PERSONS,
	IMPORT_CASES,
};

struct import_options {
	enum import_entity entity;
	const char	*path;
	enum table_format format;
	const char	*encoding;	/* CSV only; NULL: UTF-8 */
	const char	*source;	/* NULL: the file's name */
	const char	*people_source;	/* cases: where people's source ids
					 * are looked up; NULL: any source */
	json_t		*map;		/* borrowed: {"file column": "column"
					 * or null to leave it out}, or NULL */
	bool		 dry_run;
	bool		 skip_invalid;
	/* Every few thousand rows: bytes read of total, and rows. */
	void		(*progress)(void *arg, size_t done, size_t total,
			    long rows);
	/* skip_invalid, not dry_run: a rejected row, the header, why. */
	void		(*reject)(void *arg, const struct table_row *header,
			    const struct table_row *row, const char *why);
	void		*arg;
};

struct import_problem {
	long		 row;		/* the row's number in the file */
	int		 column;	/* from 1; 0 for the whole row */
	const char	*name;		/* the column's name in the file */
	const char	*message;	/* what is wrong: the fix */
};

struct import_report {
	const char	*entity;	/* "persons" or "cases" */
	const char	*source;
	char		 sha256[65];	/* of the file */
	long		 rows;		/* data rows read */
	long		 added;		/* written (or, dry, to be) */
	long		 already;	/* imported before, unchanged */
	long		 changed;	/* imported before, changed since */
	long		 rejected;	/* failed their checks */
	int64_t		 first_id, last_id;	/* persons written */
	const char	*first_ref, *last_ref;	/* cases written */
	bool		 dry_run, written;
	struct import_problem *problems;	/* failing rows */
	size_t		 n_problems;
	long		 more_problems;		/* beyond the list */
	struct import_problem *notes;		/* changed rows */
	size_t		 n_notes;
	long		 more_notes;
};

/*
 * Imports o->path.  The actor needs PERM_DATA_IMPORT; rows are written
 * for the actor's agency.  Returns 0 with *rep filled; -1 with
 * ERR_INVALID naming "file" when rows failed (*rep lists them and nothing
 * was written), or when the file itself is wrong (not UTF-8, cut short,
 * too many columns: err says where); "map" for a wrong mapping; or any
 * other error.  *rep lives in ctx->arena.
 */
int		 import_run(struct ctx *ctx, const struct import_options *o,
		    struct import_report *rep, struct err *err);

/* The report as JSON (a new reference). */
json_t		*import_report_json(const struct import_report *rep);

/* "persons" or "cases" to an entity.  ERR_INVALID naming field. */
int		 import_entity_parse(const char *s, const char *field,
		    enum import_entity *out, struct err *err);

#endif
