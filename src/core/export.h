/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export.h - cases, persons, SOP steps and referrals to CSV or XLSX.
 *
 * An export holds what the actor's agency owns: its own cases (not those
 * other agencies shared with it), the persons it recorded or has in its
 * cases, those cases' steps and the referrals it made.  Names come out in
 * the script they were recorded in.  Exporting needs PERM_DATA_EXPORT
 * (supervisors) and is audited, one entry per export (export.cases,
 * export.persons, export.steps, export.referrals) with the count of rows
 * and no names.
 *
 * The persons' columns are those of import.h, source_id being the
 * person's tipsom id, so that an export imports elsewhere as it is; the
 * cases' are import's too (source_id is the reference, people are
 * ID:ROLE of the persons' export), with ref, status, opened_at and
 * closed_at after them, which an import leaves out.
 */
#ifndef TIPSOM_CORE_EXPORT_H
#define TIPSOM_CORE_EXPORT_H

#include <stdbool.h>

#include "io/table.h"

struct ctx;
struct err;

enum export_what {
	EXPORT_CASES,
	EXPORT_PERSONS,
	EXPORT_STEPS,
	EXPORT_REFERRALS,
	EXPORT__MAX
};

/* "cases", "persons", "steps", "referrals".  ERR_INVALID naming field. */
int		 export_what_parse(const char *s, const char *field,
		    enum export_what *out, struct err *err);

/*
 * Writes what to w (opened by the caller, who closes it) and audits it;
 * *rows is how many rows were written, header apart.  The audit entry is
 * appended after the last row, so an export that fails is not audited as
 * done.
 */
int		 export_run(struct ctx *ctx, enum export_what what,
		    struct table_writer *w, long *rows, struct err *err);

#endif
