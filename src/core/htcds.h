/* SPDX-License-Identifier: Apache-2.0 */
/*
 * htcds.h - the de-identified export of an agency's victims in the
 * fields of the Human Trafficking Case Data Standard (HTCDS) v2.0, by
 * IOM, licensed under CC BY 4.0 (docs/htcds.md).
 *
 * One row per presumed victim or victim of the cases the actor's agency
 * owns (not those shared with it), identified in the years asked: a
 * person in several of them counts once, as first identified, so that
 * a group of k rows is k people.  Each row holds picklist values only:
 * never a name, a document number, a contact, free text or an exact
 * date.  The quasi-identifiers (QIs: age group, sex, citizenship,
 * country of exploitation, year, form of exploitation) are made
 * k-anonymous (kanon.h) along the ladders below, and the export ends
 * with a report of what was generalised and left out.
 *
 *	ageBroad		CTDC band ("9--17") > Minor or Adult > ""
 *	prs_Gender		HTCDS value > ""
 *	prs_Citizenship		ISO 3166 codes > UN M49 sub-regions > ""
 *	CountryOfExploitation	ISO 3166 code > UN M49 sub-region > ""
 *	yearOfRegistration	year > five years ("2020--2024") > ""
 *	vic_TypeOfExploitation	HTCDS values > SexualExploitation,
 *				LabourExploitation, OtherExploitation > ""
 *
 * Reading it needs PERM_EXPORT_DEIDENTIFIED; it is audited as
 * export.htcds with the counts, never a value.
 */
#ifndef TIPSOM_CORE_HTCDS_H
#define TIPSOM_CORE_HTCDS_H

#include <stddef.h>

#include <jansson.h>

#include "core/kanon.h"
#include "model/enums.h"

struct arena;
struct ctx;
struct err;

#define HTCDS_K_DEFAULT		11	/* CTDC's published threshold */
#define HTCDS_K_MIN		2
#define HTCDS_K_MAX		1000
#define HTCDS_YEAR_MIN		1900
#define HTCDS_YEAR_MAX		9999

#define HTCDS_LICENSE		"CC BY 4.0 " \
	"(https://creativecommons.org/licenses/by/4.0/)"
#define HTCDS_ATTRIBUTION	"Field names and picklist values from the " \
	"Human Trafficking Case Data Standard (HTCDS) v2.0 by IOM, the " \
	"International Organization for Migration " \
	"(https://github.com/UNMigration/HTCDS), licensed under CC BY 4.0. " \
	"De-identified and k-anonymised by tipsom; IOM does not endorse " \
	"this export."

/* The quasi-identifiers, in the order of the ladders above. */
enum htcds_qi {
	HTCDS_QI_AGE,
	HTCDS_QI_SEX,
	HTCDS_QI_CITIZENSHIP,
	HTCDS_QI_COUNTRY,
	HTCDS_QI_YEAR,
	HTCDS_QI_FORM,
	HTCDS_QI__MAX
};

/* The columns of the export, in order. */
enum htcds_col {
	HTCDS_COL_STATUS,		/* vic_TraffickingStatus */
	HTCDS_COL_DECISION_ORG,		/* vic_TraffickingStatusDecision... */
	HTCDS_COL_GENDER,
	HTCDS_COL_AGE,
	HTCDS_COL_CITIZENSHIP,
	HTCDS_COL_YEAR,
	HTCDS_COL_COUNTRY,
	HTCDS_COL_FORM,
	HTCDS_COL_CONTROL,		/* vic_MethodsOfControl */
	HTCDS_COL_CASE_STATUS,		/* cas_Status */
	HTCDS_COL__MAX
};

enum htcds_format {
	HTCDS_FORMAT_CSV,
	HTCDS_FORMAT_JSON,
};

/* The QIs' ladders and the order they are climbed in. */
extern const struct kanon_field	 htcds_qi_fields[HTCDS_QI__MAX];
extern const struct kanon_step	 htcds_schedule[];
extern const size_t		 htcds_schedule_len;

/* A column's name, and whether it is a multiselect (";" between). */
const char	*htcds_col_name(enum htcds_col col);
int		 htcds_col_multi(enum htcds_col col);

/*
 * The mappings from tipsom's vocabularies to HTCDS's picklist values
 * (and CTDC's age bands); NULL where HTCDS has no value for it.
 */
const char	*htcds_age_band(int age);		/* "0--8"... "48+" */
const char	*htcds_gender(enum sex sex);
const char	*htcds_exploitation(enum legal_purpose p);
const char	*htcds_control(enum legal_means m);
const char	*htcds_decision_org(enum agency_kind kind);
/* The UN M49 sub-region of an ISO 3166 alpha-2 code, or NULL. */
const char	*htcds_region(const char *country);

struct htcds_query {
	int			 k;
	enum htcds_format	 format;
	int			 from, to;	/* years; 0: open */
};

/*
 * Reads a query from text (NULL: the default): k from 2 to 1000 (11),
 * format csv (default) or json, from and to years with from <= to.
 * ERR_INVALID naming the field otherwise.
 */
int		 htcds_query_parse(const char *k, const char *format,
		    const char *from, const char *to, struct htcds_query *q,
		    struct err *err);

struct htcds_row {
	const char	*col[HTCDS_COL__MAX];	/* "" when not known */
};

struct htcds_export {
	struct htcds_query	 query;
	struct htcds_row	*rows;		/* released, sorted */
	size_t			 n;
	struct kanon_report	 report;
};

/*
 * The export of the actor's agency for q, in ctx's arena; audited.
 * ERR_FORBIDDEN without PERM_EXPORT_DEIDENTIFIED.
 */
int		 htcds_export(struct ctx *ctx, const struct htcds_query *q,
		    struct htcds_export *out, struct err *err);

/* The export as a JSON document (a new reference), or as CSV text in a:
 * a "#" header block (standard, licence, attribution, k), a header row,
 * the rows, and the report as "#" lines at the end. */
json_t		*htcds_json(const struct htcds_export *e);
char		*htcds_csv(const struct htcds_export *e, struct arena *a);

/* The document in its query's format, in a, with its media type. */
char		*htcds_document(const struct htcds_export *e,
		    struct arena *a, const char **media_type);

#endif
