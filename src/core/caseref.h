/* SPDX-License-Identifier: Apache-2.0 */
/*
 * caseref.h - case references and agency codes.
 *
 * A reference is AGENCYCODE-YYYY-NNNNNN: the owning agency's code, the
 * year the case was opened (UTC) and its number in that agency and year,
 * counted from 1 without gaps, at least six digits.
 */
#ifndef TIPSOM_CASEREF_H
#define TIPSOM_CASEREF_H

#include <stdint.h>

struct err;

#define AGENCY_CODE_MAX	16
#define CASE_REF_SIZE	(AGENCY_CODE_MAX + 1 + 4 + 1 + 19 + 1)

/*
 * 0 when code is a valid agency code: 2 to 16 characters of A-Z, 0-9 and
 * single hyphens, starting with a letter and not ending with a hyphen
 * ("KRI-MOI", "IQ-MOI-CTIP").  ERR_INVALID naming field otherwise.
 */
int		 caseref_check_agency_code(const char *code, const char *field,
		    struct err *err);

/* Writes the reference; out must hold CASE_REF_SIZE bytes. */
void		 caseref_format(const char *agency_code, int year,
		    int64_t number, char out[CASE_REF_SIZE]);

/*
 * Splits ref into its parts (code gets AGENCY_CODE_MAX + 1 bytes).
 * ERR_INVALID naming "ref" when it is not a reference.
 */
int		 caseref_parse(const char *ref, char *code, int *year,
		    int64_t *number, struct err *err);

#endif
