/* SPDX-License-Identifier: Apache-2.0 */
/* htcds.c - the de-identified HTCDS v2.0 export, k-anonymised. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/config.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/ctx.h"
#include "core/htcds.h"
#include "core/legal.h"
#include "store/store.h"
#include "base/banned.h"

#define SET_MAX		16	/* values in one multiselect */
#define DOC_MAX		(64 * 1024 * 1024)

/* ------------------------------------------------------------------ */
/* The mappings                                                        */
/* ------------------------------------------------------------------ */

/* CTDC's "Age range 2" bands (its ageBroad), by their first age. */
static const struct {
	int		 from;
	const char	*band;
} age_bands[] = {
	{ 0, "0--8" }, { 9, "9--17" }, { 18, "18--20" }, { 21, "21--23" },
	{ 24, "24--26" }, { 27, "27--29" }, { 30, "30--38" },
	{ 39, "39--47" }, { 48, "48+" },
};

const char *
htcds_age_band(int age)
{
	const char *band = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(age_bands) && age >= 0; i++)
		if (age >= age_bands[i].from)
			band = age_bands[i].band;
	return band;
}

const char *
htcds_gender(enum sex sex)
{
	/* HTCDS records gender, tipsom sex: "other" is the one that falls
	 * outside the binary, as NonConforming does (docs/htcds.md). */
	static const char *const names[SEX__MAX] = {
		[SEX_FEMALE] = "Feminine",
		[SEX_MALE] = "Masculine",
		[SEX_OTHER] = "NonConforming",
		[SEX_UNKNOWN] = "NonSpecifiedUnknown",
	};

	return (unsigned)sex < SEX__MAX ? names[sex] : NULL;
}

const char *
htcds_exploitation(enum legal_purpose p)
{
	/* HTCDS has no slavery nor forced criminality: Other. */
	static const char *const names[PURPOSE__MAX] = {
		[PURPOSE_SEXUAL_EXPLOITATION] = "SexualExploitation",
		[PURPOSE_FORCED_LABOUR] = "ForcedLabour",
		[PURPOSE_SLAVERY] = "Other",
		[PURPOSE_SERVITUDE] = "Servitude",
		[PURPOSE_DOMESTIC_SERVITUDE] = "Servitude",
		[PURPOSE_FORCED_BEGGING] = "ForcedBegging",
		[PURPOSE_FORCED_CRIMINALITY] = "Other",
		[PURPOSE_FORCED_MARRIAGE] = "ForcedMarriage",
		[PURPOSE_REMOVAL_OF_ORGANS] = "OrganRemoval",
	};

	return (unsigned)p < PURPOSE__MAX ? names[p] : NULL;
}

const char *
htcds_control(enum legal_means m)
{
	/* Only the Protocol's means that name an HTCDS method; the others
	 * (coercion, abduction, abuse of power or of vulnerability,
	 * payments) are Other. */
	static const char *const names[MEANS__MAX] = {
		[MEANS_THREAT] = "PhysicalThreats",
		[MEANS_FORCE] = "PhysicalAbuse",
		[MEANS_COERCION] = "Other",
		[MEANS_ABDUCTION] = "Other",
		[MEANS_FRAUD] = "FalsePromises",
		[MEANS_DECEPTION] = "FalsePromises",
		[MEANS_ABUSE_OF_POWER] = "Other",
		[MEANS_ABUSE_OF_VULNERABILITY] = "Other",
		[MEANS_PAYMENTS] = "Other",
	};

	return (unsigned)m < MEANS__MAX ? names[m] : NULL;
}

const char *
htcds_decision_org(enum agency_kind kind)
{
	static const char *const names[AGENCY_KIND__MAX] = {
		[AGENCY_KIND_MINISTRY] = "NonPoliceGovernmentalOrganization",
		[AGENCY_KIND_LAW_ENFORCEMENT] = "Police",
		[AGENCY_KIND_BORDER_GUARD] =
		    "NonPoliceGovernmentalOrganization",
		[AGENCY_KIND_PROSECUTION] = "CourtOrProsecution",
		[AGENCY_KIND_COURT] = "CourtOrProsecution",
		[AGENCY_KIND_LABOUR_INSPECTION] =
		    "NonPoliceGovernmentalOrganization",
		[AGENCY_KIND_SOCIAL_SERVICES] =
		    "NonPoliceGovernmentalOrganization",
		[AGENCY_KIND_NGO] = "NGO",
		/* A shelter, a health service, a training institute or a
		 * resource centre may be the state's or not. */
		[AGENCY_KIND_SHELTER] = "Other",
		[AGENCY_KIND_HEALTH] = "Other",
		[AGENCY_KIND_INTERNATIONAL_ORGANISATION] = "Other",
		[AGENCY_KIND_TRAINING_INSTITUTE] = "Other",
		[AGENCY_KIND_MIGRANT_RESOURCE_CENTRE] = "Other",
		[AGENCY_KIND_OTHER] = "Other",
	};

	return (unsigned)kind < AGENCY_KIND__MAX ? names[kind] : NULL;
}

/* The UN M49 sub-regions (unstats.un.org/unsd/methodology/m49), with
 * the ISO 3166 alpha-2 codes of the countries and areas in each. */
static const struct {
	const char	*name;
	const char	*codes;
} regions[] = {
	{ "Northern Africa", "DZ EG EH LY MA SD TN" },
	{ "Sub-Saharan Africa", "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET "
	    "GA GH GM GN GQ GW IO KE KM LR LS MG ML MR MU MW MZ NA NE NG RE "
	    "RW SC SH SL SN SO SS ST SZ TD TF TG TZ UG YT ZA ZM ZW" },
	{ "Latin America and the Caribbean", "AG AI AR AW BB BL BO BQ BR "
	    "BS BV BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN HT JM "
	    "KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG "
	    "VI" },
	{ "Northern America", "BM CA GL PM US" },
	{ "Central Asia", "KG KZ TJ TM UZ" },
	{ "Eastern Asia", "CN HK JP KP KR MN MO TW" },
	{ "South-eastern Asia", "BN ID KH LA MM MY PH SG TH TL VN" },
	{ "Southern Asia", "AF BD BT IN IR LK MV NP PK" },
	{ "Western Asia", "AE AM AZ BH CY GE IL IQ JO KW LB OM PS QA SA SY "
	    "TR YE" },
	{ "Eastern Europe", "BG BY CZ HU MD PL RO RU SK UA" },
	{ "Northern Europe", "AX DK EE FI FO GB GG IE IM IS JE LT LV NO SE "
	    "SJ" },
	{ "Southern Europe", "AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM "
	    "VA" },
	{ "Western Europe", "AT BE CH DE FR LI LU MC NL" },
	{ "Australia and New Zealand", "AU CC CX HM NF NZ" },
	{ "Melanesia", "FJ NC PG SB VU" },
	{ "Micronesia", "FM GU KI MH MP NR PW UM" },
	{ "Polynesia", "AS CK NU PF PN TK TO TV WF WS" },
};

const char *
htcds_region(const char *country)
{
	if (strlen(country) != 2)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(regions); i++)
		for (const char *c = regions[i].codes; *c; c += c[2] ? 3 : 2)
			if (c[0] == country[0] && c[1] == country[1])
				return regions[i].name;
	return NULL;
}

/* A country's sub-region; a sub-region is its own, so that a value
 * climbs its ladder once however often it is asked to. */
static const char *
region_of(const char *v)
{
	const char *r = htcds_region(v);

	for (size_t i = 0; !r && i < ARRAY_SIZE(regions); i++)
		if (STREQ(v, regions[i].name))
			r = regions[i].name;
	return r;
}

/* An HTCDS type of exploitation's broad category (a category's own). */
static const char *
form_category(const char *form)
{
	static const char *const labour[] = { "ForcedLabour", "Servitude",
	    "ForcedBegging", "ChildLabour", "LabourExploitation", NULL };

	if (STREQ(form, "SexualExploitation"))
		return "SexualExploitation";
	return str_in_list(labour, form) ? "LabourExploitation" :
	    "OtherExploitation";
}

/* ------------------------------------------------------------------ */
/* Sets and ladders                                                    */
/* ------------------------------------------------------------------ */

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* v[0..n) sorted, without repeats, joined by ";", in a. */
static const char *
set_join(const char **v, size_t n, struct arena *a)
{
	struct buf b = BUF_INIT(4096);
	const char *s;

	qsort(v, n, sizeof(*v), by_str);
	for (size_t i = 0; i < n; i++) {
		if (i && STREQ(v[i], v[i - 1]))
			continue;
		if (b.len)
			buf_addc(&b, ';');
		buf_adds(&b, v[i]);
	}
	s = arena_strdup(a, b.s);
	buf_release(&b);
	return s;
}

/* The set v ("a;b") with fn applied to each value; those fn has no
 * image for (NULL) left out. */
static const char *
set_map(const char *v, const char *(*fn)(const char *), struct arena *a)
{
	const char *items[SET_MAX];
	size_t n = 0;

	while (*v && n < SET_MAX) {
		size_t len = strcspn(v, ";");
		const char *img = fn(arena_strndup(a, v, len));

		if (img)
			items[n++] = img;
		v += len + (v[len] == ';');
	}
	return set_join(items, n, a);
}

static const char *
age_up(const char *v, int level, struct arena *a)
{
	(void)level;
	(void)a;
	if (STREQ(v, "Minor") || STREQ(v, "Adult"))
		return v;
	return strtol(v, NULL, 10) < 18 ? "Minor" : "Adult";
}

static const char *
region_up(const char *v, int level, struct arena *a)
{
	(void)level;
	return set_map(v, region_of, a);
}

static const char *
year_up(const char *v, int level, struct arena *a)
{
	long y = strtol(v, NULL, 10);

	(void)level;
	if (strstr(v, "--"))
		return v;
	return arena_printf(a, "%ld--%ld", y - y % 5, y - y % 5 + 4);
}

static const char *
form_up(const char *v, int level, struct arena *a)
{
	(void)level;
	return set_map(v, form_category, a);
}

const struct kanon_field htcds_qi_fields[HTCDS_QI__MAX] = {
	[HTCDS_QI_AGE] = { "ageBroad", 2, age_up },
	[HTCDS_QI_SEX] = { "prs_Gender", 1, NULL },
	[HTCDS_QI_CITIZENSHIP] = { "prs_Citizenship", 2, region_up },
	[HTCDS_QI_COUNTRY] = { "CountryOfExploitation", 2, region_up },
	[HTCDS_QI_YEAR] = { "yearOfRegistration", 2, year_up },
	[HTCDS_QI_FORM] = { "vic_TypeOfExploitation", 2, form_up },
};

/* Coarser first, then suppressed: the form of exploitation, age and sex,
 * what the figures are most read for, last. */
const struct kanon_step htcds_schedule[] = {
	{ HTCDS_QI_AGE, 1 },
	{ HTCDS_QI_YEAR, 1 },
	{ HTCDS_QI_CITIZENSHIP, 1 },
	{ HTCDS_QI_COUNTRY, 1 },
	{ HTCDS_QI_FORM, 1 },
	{ HTCDS_QI_YEAR, 2 },
	{ HTCDS_QI_COUNTRY, 2 },
	{ HTCDS_QI_CITIZENSHIP, 2 },
	{ HTCDS_QI_FORM, 2 },
	{ HTCDS_QI_AGE, 2 },
	{ HTCDS_QI_SEX, 1 },
};
const size_t htcds_schedule_len = ARRAY_SIZE(htcds_schedule);

/* The columns: name, multiselect, and the QI they release (or -1). */
static const struct {
	const char	*name;
	int		 multi;
	int		 qi;
} cols[HTCDS_COL__MAX] = {
	[HTCDS_COL_STATUS] = { "vic_TraffickingStatus", 0, -1 },
	[HTCDS_COL_DECISION_ORG] = {
	    "vic_TraffickingStatusDecisionMakingOrg", 0, -1 },
	[HTCDS_COL_GENDER] = { "prs_Gender", 0, HTCDS_QI_SEX },
	[HTCDS_COL_AGE] = { "ageBroad", 0, HTCDS_QI_AGE },
	[HTCDS_COL_CITIZENSHIP] = { "prs_Citizenship", 1,
	    HTCDS_QI_CITIZENSHIP },
	[HTCDS_COL_YEAR] = { "yearOfRegistration", 0, HTCDS_QI_YEAR },
	[HTCDS_COL_COUNTRY] = { "CountryOfExploitation", 0,
	    HTCDS_QI_COUNTRY },
	[HTCDS_COL_FORM] = { "vic_TypeOfExploitation", 1, HTCDS_QI_FORM },
	[HTCDS_COL_CONTROL] = { "vic_MethodsOfControl", 1, -1 },
	[HTCDS_COL_CASE_STATUS] = { "cas_Status", 0, -1 },
};

const char *
htcds_col_name(enum htcds_col col)
{
	return cols[col].name;
}

int
htcds_col_multi(enum htcds_col col)
{
	return cols[col].multi;
}

/* ------------------------------------------------------------------ */
/* The query                                                           */
/* ------------------------------------------------------------------ */

static int
parse_year(const char *s, const char *field, int *out, struct err *err)
{
	long long v;

	*out = 0;
	if (s && text_parse_int(s, HTCDS_YEAR_MIN, HTCDS_YEAR_MAX, &v) == -1)
		return err_set(err, ERR_INVALID, field, "%s \"%.16s\" is not "
		    "a year: give one like 2024", field, s);
	if (s)
		*out = (int)v;
	return 0;
}

int
htcds_query_parse(const char *k, const char *format, const char *from,
    const char *to, struct htcds_query *q, struct err *err)
{
	long long v = HTCDS_K_DEFAULT;

	*q = (struct htcds_query){ .k = HTCDS_K_DEFAULT };
	if (k && text_parse_int(k, HTCDS_K_MIN, HTCDS_K_MAX, &v) == -1)
		return err_set(err, ERR_INVALID, "k", "k \"%.16s\" is not a "
		    "group size: give a whole number from %d to %d (%d, "
		    "CTDC's, by default)", k, HTCDS_K_MIN, HTCDS_K_MAX,
		    HTCDS_K_DEFAULT);
	q->k = (int)v;
	if (format && STREQ(format, "json"))
		q->format = HTCDS_FORMAT_JSON;
	else if (format && !STREQ(format, "csv"))
		return err_set(err, ERR_INVALID, "format", "format \"%.16s\" "
		    "is not known: give csv or json", format);
	if (parse_year(from, "from", &q->from, err) == -1 ||
	    parse_year(to, "to", &q->to, err) == -1)
		return -1;
	if (q->from && q->to && q->from > q->to)
		return err_set(err, ERR_INVALID, "to", "to %d is before from "
		    "%d: give the first year, then the last", q->to, q->from);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The export                                                          */
/* ------------------------------------------------------------------ */

/* The HTCDS values of the bits of set, through fn, joined. */
static const char *
bits_join(unsigned set, int max, const char *(*fn)(int), struct arena *a)
{
	const char *items[32];
	size_t n = 0;

	for (int i = 0; i < max && i < 32; i++)
		if ((set & (1u << i)) && fn(i))
			items[n++] = fn(i);
	return set_join(items, n, a);
}

static const char *
exploitation_of(int p)
{
	return htcds_exploitation((enum legal_purpose)p);
}

static const char *
control_of(int m)
{
	return htcds_control((enum legal_means)m);
}

static const char *
country_of(const char *c)
{
	return text_country_valid(c) ? c : NULL;
}

/* A victim's QIs into r->in, the other columns into row. */
static void
victim_record(const struct ctx *ctx, const struct htcds_victim_row *v,
    const char *org, struct kanon_record *r, struct htcds_row *row)
{
	struct arena *a = ctx->arena;
	struct legal_elements e = { .border_crossed = FACT_UNKNOWN };
	const char *band = htcds_age_band(v->age);
	struct err ignored;

	/* The stored elements passed legal_parse() when they were
	 * written: a row edited around tipsom reads as unknown. */
	if (v->elements && legal_parse(v->elements, strlen(v->elements), &e,
	    &ignored) == -1)
		e = (struct legal_elements){ .border_crossed = FACT_UNKNOWN };
	*r = (struct kanon_record){ 0 };
	r->in[HTCDS_QI_AGE] = band ? band : v->child ? "Minor" : "";
	r->in[HTCDS_QI_SEX] = htcds_gender(v->sex);
	r->in[HTCDS_QI_CITIZENSHIP] = v->nationalities ?
	    set_map(v->nationalities, country_of, a) : "";
	/* tipsom does not record where a victim was exploited; a victim
	 * not moved across a border was exploited in the deployment's
	 * country (docs/htcds.md). */
	r->in[HTCDS_QI_COUNTRY] = e.border_crossed == FACT_NO &&
	    ctx->cfg && ctx->cfg->country ? ctx->cfg->country : "";
	r->in[HTCDS_QI_YEAR] = arena_printf(a, "%d", v->year);
	r->in[HTCDS_QI_FORM] = bits_join(e.purposes, PURPOSE__MAX,
	    exploitation_of, a);
	*row = (struct htcds_row){ 0 };
	row->col[HTCDS_COL_STATUS] = v->victim ? "ActualVictimOfTrafficking" :
	    "PossibleVictimOfTrafficking";
	row->col[HTCDS_COL_DECISION_ORG] = org;
	row->col[HTCDS_COL_CONTROL] = bits_join(e.means, MEANS__MAX,
	    control_of, a);
	row->col[HTCDS_COL_CASE_STATUS] = v->status == CASE_STATUS_CLOSED ?
	    "Closed" : "Active";
}

static int
by_row(const void *a, const void *b)
{
	const struct htcds_row *x = a, *y = b;

	for (int c = 0; c < HTCDS_COL__MAX; c++) {
		int d = strcmp(x->col[c], y->col[c]);

		if (d)
			return d;
	}
	return 0;
}

static int
audit_export(struct ctx *ctx, const struct htcds_export *e,
    struct err *err)
{
	json_t *changes = json_pack("{s:i, s:s, s:i, s:i, s:I, s:I, s:I}",
	    "k", e->query.k, "format", e->query.format == HTCDS_FORMAT_JSON ?
	    "json" : "csv", "from", e->query.from, "to", e->query.to,
	    "records", (json_int_t)e->report.released, "suppressed",
	    (json_int_t)e->report.suppressed, "victims",
	    (json_int_t)e->report.records);
	int rc = audit_append(ctx, &(struct audit_event){
		.action = "export.htcds", .object_type = "export",
		.object_id = "htcds", .agency_id = ctx->actor.agency_id,
		.changes = changes }, err);

	json_decref(changes);
	return rc;
}

int
htcds_export(struct ctx *ctx, const struct htcds_query *q,
    struct htcds_export *out, struct err *err)
{
	struct htcds_victim_row *v;
	struct kanon_record *recs;
	struct htcds_row *rows;
	struct agency_row agency;
	size_t n, m = 0;

	*out = (struct htcds_export){ .query = *q };
	if (access_require(ctx, PERM_EXPORT_DEIDENTIFIED, err) == -1 ||
	    store_agency_by_id(ctx->store, ctx->actor.agency_id, ctx->arena,
	    &agency, err) == -1 ||
	    store_htcds_victims(ctx->store, ctx->actor.agency_id,
	    q->from ? q->from : HTCDS_YEAR_MIN, q->to ? q->to :
	    HTCDS_YEAR_MAX, ctx->arena, &v, &n, err) == -1)
		return -1;
	recs = arena_array(ctx->arena, n ? n : 1, sizeof(*recs));
	rows = arena_array(ctx->arena, n ? n : 1, sizeof(*rows));
	/* A person once, as first identified (the rows come so). */
	for (size_t i = 0; i < n; i++) {
		if (i && v[i].person_id == v[i - 1].person_id)
			continue;
		victim_record(ctx, &v[i], htcds_decision_org(agency.kind),
		    &recs[m], &rows[m]);
		m++;
	}
	kanon_apply(htcds_qi_fields, HTCDS_QI__MAX, htcds_schedule,
	    htcds_schedule_len, recs, m, q->k, ctx->arena, &out->report);
	out->rows = rows;
	for (size_t i = 0; i < m; i++) {
		if (recs[i].suppressed)
			continue;
		rows[out->n] = rows[i];
		for (int c = 0; c < HTCDS_COL__MAX; c++)
			if (cols[c].qi >= 0)
				rows[out->n].col[c] = recs[i].out[cols[c].qi];
		out->n++;
	}
	/* Sorted by value: the order of identification is not released. */
	qsort(rows, out->n, sizeof(*rows), by_row);
	return audit_export(ctx, out, err);
}

/* ------------------------------------------------------------------ */
/* Documents                                                           */
/* ------------------------------------------------------------------ */

static json_t *
value_json(enum htcds_col c, const char *v)
{
	json_t *all;

	if (!cols[c].multi)
		return *v ? json_string(v) : json_null();
	all = json_array();
	while (*v) {
		size_t len = strcspn(v, ";");

		json_array_append_new(all, json_stringn(v, len));
		v += len + (v[len] == ';');
	}
	return all;
}

static json_t *
report_json(const struct kanon_report *r)
{
	json_t *fields = json_object();

	for (int i = 0; i < HTCDS_QI__MAX; i++)
		json_object_set_new(fields, htcds_qi_fields[i].name,
		    json_pack("{s:I, s:I}", "generalised",
		    (json_int_t)r->generalised[i], "suppressed",
		    (json_int_t)r->blanked[i]));
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:o}", "victims",
	    (json_int_t)r->records, "released", (json_int_t)r->released,
	    "suppressed", (json_int_t)r->suppressed, "groups",
	    (json_int_t)r->groups, "smallest_group", (json_int_t)r->smallest,
	    "fields", fields);
}

static json_t *
year_json(int y)
{
	return y ? json_integer(y) : json_null();
}

json_t *
htcds_json(const struct htcds_export *e)
{
	json_t *records = json_array(), *fields = json_array(), *qis;

	for (int c = 0; c < HTCDS_COL__MAX; c++)
		json_array_append_new(fields, json_string(cols[c].name));
	qis = json_array();
	for (int i = 0; i < HTCDS_QI__MAX; i++)
		json_array_append_new(qis,
		    json_string(htcds_qi_fields[i].name));
	for (size_t i = 0; i < e->n; i++) {
		json_t *r = json_object();

		for (int c = 0; c < HTCDS_COL__MAX; c++)
			json_object_set_new(r, cols[c].name,
			    value_json((enum htcds_col)c, e->rows[i].col[c]));
		json_array_append_new(records, r);
	}
	return json_pack("{s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:o, "
	    "s:o}", "standard", "Human Trafficking Case Data Standard (HTCDS) "
	    "v2.0", "license", HTCDS_LICENSE, "attribution",
	    HTCDS_ATTRIBUTION, "k", e->query.k, "quasi_identifiers", qis,
	    "from", year_json(e->query.from), "to", year_json(e->query.to),
	    "fields", fields, "records", records, "report",
	    report_json(&e->report));
}

/* A CSV cell, quoted when it must be (RFC 4180). */
static void
csv_cell(struct buf *b, const char *v)
{
	if (!v[strcspn(v, ",\"\r\n")]) {
		buf_adds(b, v);
		return;
	}
	buf_addc(b, '"');
	for (; *v; v++) {
		if (*v == '"')
			buf_addc(b, '"');
		buf_addc(b, *v);
	}
	buf_addc(b, '"');
}

char *
htcds_csv(const struct htcds_export *e, struct arena *a)
{
	const struct kanon_report *r = &e->report;
	struct buf b = BUF_INIT(DOC_MAX);
	char *doc;

	buf_adds(&b, "# Human Trafficking Case Data Standard (HTCDS) v2.0: "
	    "de-identified victim records\n");
	buf_addf(&b, "# license: %s\n# attribution: %s\n", HTCDS_LICENSE,
	    HTCDS_ATTRIBUTION);
	buf_addf(&b, "# k-anonymity: k = %d over", e->query.k);
	for (int i = 0; i < HTCDS_QI__MAX; i++)
		buf_addf(&b, "%s %s", i ? "," : "", htcds_qi_fields[i].name);
	buf_adds(&b, "\n# years of identification: ");
	if (e->query.from || e->query.to)
		buf_addf(&b, "%d to %d\n", e->query.from ? e->query.from :
		    HTCDS_YEAR_MIN, e->query.to ? e->query.to :
		    HTCDS_YEAR_MAX);
	else
		buf_adds(&b, "all\n");
	buf_adds(&b, "# an empty cell is unknown or suppressed; \";\" "
	    "separates the values of a multiselect\n");
	for (int c = 0; c < HTCDS_COL__MAX; c++)
		buf_addf(&b, "%s%s", c ? "," : "", cols[c].name);
	buf_addc(&b, '\n');
	for (size_t i = 0; i < e->n; i++) {
		for (int c = 0; c < HTCDS_COL__MAX; c++) {
			if (c)
				buf_addc(&b, ',');
			csv_cell(&b, e->rows[i].col[c]);
		}
		buf_addc(&b, '\n');
	}
	buf_addf(&b, "# report: %zu victims, %zu released in %zu group%s "
	    "(the smallest of %zu), %zu suppressed (left out whole)\n",
	    r->records, r->released, r->groups, r->groups == 1 ? "" : "s",
	    r->smallest, r->suppressed);
	for (int i = 0; i < HTCDS_QI__MAX; i++)
		buf_addf(&b, "# report: %s: %zu generalised, %zu suppressed\n",
		    htcds_qi_fields[i].name, r->generalised[i],
		    r->blanked[i]);
	doc = arena_strdup(a, b.s);
	buf_release(&b);
	return doc;
}

char *
htcds_document(const struct htcds_export *e, struct arena *a,
    const char **media_type)
{
	json_t *j;
	char *text, *doc;

	if (e->query.format == HTCDS_FORMAT_CSV) {
		*media_type = "text/csv; charset=utf-8";
		return htcds_csv(e, a);
	}
	*media_type = "application/json; charset=utf-8";
	j = htcds_json(e);
	text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	doc = arena_printf(a, "%s\n", text);
	free(text);
	json_decref(j);
	return doc;
}
