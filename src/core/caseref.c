/* SPDX-License-Identifier: Apache-2.0 */
/* caseref.c - formatting and parsing references. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/text.h"
#include "core/caseref.h"
#include "base/banned.h"

static int
code_valid(const char *code, size_t len)
{
	if (len < 2 || len > AGENCY_CODE_MAX || code[0] < 'A' ||
	    code[0] > 'Z' || code[len - 1] == '-')
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = code[i];

		if (c == '-' && code[i - 1] == '-')
			return 0;
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-'))
			return 0;
	}
	return 1;
}

int
caseref_check_agency_code(const char *code, const char *field,
    struct err *err)
{
	if (!code || !code_valid(code, strlen(code)))
		return err_set(err, ERR_INVALID, field,
		    "agency code \"%.32s\" is not valid: use 2 to 16 "
		    "capital letters, digits and single hyphens, like KRI-MOI",
		    code ? code : "");
	return 0;
}

void
caseref_format(const char *agency_code, int year, int64_t number,
    char out[CASE_REF_SIZE])
{
	snprintf(out, CASE_REF_SIZE, "%s-%04d-%06" PRId64, agency_code, year,
	    number);
}

int
caseref_parse(const char *ref, char *code, int *year, int64_t *number,
    struct err *err)
{
	const char *num, *yr;
	size_t len = ref ? strlen(ref) : 0;
	long long y, n;
	char part[20];

	num = len ? strrchr(ref, '-') : NULL;
	if (!num || num == ref)
		goto bad;
	yr = num - 1;
	while (yr > ref && *yr != '-')
		yr--;
	if (yr == ref || num - yr != 5 || strlen(num + 1) < 6 ||
	    strlen(num + 1) > 18)
		goto bad;
	memcpy(part, yr + 1, 4);
	part[4] = '\0';
	if (text_parse_int(part, 1, 9999, &y) == -1 || part[0] == '-' ||
	    text_parse_int(num + 1, 1, INT64_MAX, &n) == -1 ||
	    num[1] == '-' || !code_valid(ref, (size_t)(yr - ref)))
		goto bad;
	memcpy(code, ref, (size_t)(yr - ref));
	code[yr - ref] = '\0';
	*year = (int)y;
	*number = n;
	return 0;
bad:
	return err_set(err, ERR_INVALID, "ref",
	    "\"%.48s\" is not a case reference: use AGENCY-YYYY-NNNNNN, "
	    "like KRI-MOI-2026-000042", ref ? ref : "");
}
