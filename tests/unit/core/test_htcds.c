/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_htcds.c - tipsom's vocabularies in HTCDS v2.0's picklist values,
 * the ladders' steps, and the export's query (src/core/htcds.c).
 */
#include "core/htcds.h"
#include "unit.h"

static void
test_mappings(void **state)
{
	static const struct {
		const char	*name;
		int		 age;
		const char	*want;
	} ages[] = {
		{ "a baby", 0, "0--8" },
		{ "17 is a minor's band", 17, "9--17" },
		{ "18 is an adult's", 18, "18--20" },
		{ "47", 47, "39--47" },
		{ "90", 90, "48+" },
		{ "unknown age", -1, NULL },
	};
	static const struct {
		enum sex	 sex;
		const char	*want;
	} sexes[] = {
		{ SEX_FEMALE, "Feminine" },
		{ SEX_MALE, "Masculine" },
		{ SEX_OTHER, "NonConforming" },
		{ SEX_UNKNOWN, "NonSpecifiedUnknown" },
	};
	static const struct {
		enum legal_purpose	 p;
		const char		*want;
	} purposes[] = {
		{ PURPOSE_SEXUAL_EXPLOITATION, "SexualExploitation" },
		{ PURPOSE_FORCED_LABOUR, "ForcedLabour" },
		{ PURPOSE_SLAVERY, "Other" },
		{ PURPOSE_SERVITUDE, "Servitude" },
		{ PURPOSE_DOMESTIC_SERVITUDE, "Servitude" },
		{ PURPOSE_FORCED_BEGGING, "ForcedBegging" },
		{ PURPOSE_FORCED_CRIMINALITY, "Other" },
		{ PURPOSE_FORCED_MARRIAGE, "ForcedMarriage" },
		{ PURPOSE_REMOVAL_OF_ORGANS, "OrganRemoval" },
	};
	static const struct {
		enum legal_means	 m;
		const char		*want;
	} means[] = {
		{ MEANS_THREAT, "PhysicalThreats" },
		{ MEANS_FORCE, "PhysicalAbuse" },
		{ MEANS_FRAUD, "FalsePromises" },
		{ MEANS_DECEPTION, "FalsePromises" },
		{ MEANS_COERCION, "Other" },
		{ MEANS_PAYMENTS, "Other" },
	};
	static const struct {
		const char	*country;
		const char	*want;
	} regions[] = {
		{ "IQ", "Western Asia" }, { "SY", "Western Asia" },
		{ "AF", "Southern Asia" }, { "PK", "Southern Asia" },
		{ "IR", "Southern Asia" }, { "TJ", "Central Asia" },
		{ "RU", "Eastern Europe" }, { "NG", "Sub-Saharan Africa" },
		{ "EG", "Northern Africa" }, { "US", "Northern America" },
		{ "VI", "Latin America and the Caribbean" },
		{ "WS", "Polynesia" }, { "AQ", NULL }, { "I", NULL },
		{ "IQQ", NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ages); i++)
		if (!unit_str_same(htcds_age_band(ages[i].age), ages[i].want))
			fail_msg("age row %zu \"%s\": got %s", i, ages[i].name,
			    htcds_age_band(ages[i].age));
	for (size_t i = 0; i < ARRAY_SIZE(sexes); i++)
		if (!unit_str_same(htcds_gender(sexes[i].sex), sexes[i].want))
			fail_msg("sex row %zu: got %s, want %s", i,
			    htcds_gender(sexes[i].sex), sexes[i].want);
	for (size_t i = 0; i < ARRAY_SIZE(purposes); i++)
		if (!unit_str_same(htcds_exploitation(purposes[i].p),
		    purposes[i].want))
			fail_msg("purpose row %zu: got %s, want %s", i,
			    htcds_exploitation(purposes[i].p),
			    purposes[i].want);
	for (size_t i = 0; i < ARRAY_SIZE(means); i++)
		if (!unit_str_same(htcds_control(means[i].m), means[i].want))
			fail_msg("means row %zu: got %s", i,
			    htcds_control(means[i].m));
	for (size_t i = 0; i < ARRAY_SIZE(regions); i++)
		if (!unit_str_same(htcds_region(regions[i].country),
		    regions[i].want))
			fail_msg("region row %zu %s: got %s", i,
			    regions[i].country,
			    htcds_region(regions[i].country));
	if (!unit_str_same(htcds_decision_org(AGENCY_KIND_LAW_ENFORCEMENT),
	    "Police") || !unit_str_same(htcds_decision_org(AGENCY_KIND_NGO),
	    "NGO") || !unit_str_same(htcds_decision_org(
	    AGENCY_KIND_PROSECUTION), "CourtOrProsecution"))
		fail_msg("decision-making organisations");
	/* Every agency kind and purpose has a value. */
	for (int i = 0; i < AGENCY_KIND__MAX; i++)
		if (!htcds_decision_org((enum agency_kind)i))
			fail_msg("agency kind %d has no organisation", i);
	for (int i = 0; i < PURPOSE__MAX; i++)
		if (!htcds_exploitation((enum legal_purpose)i))
			fail_msg("purpose %d has no type", i);
}

/* Each QI's ladder, from a value up to suppressed. */
static void
test_ladders(void **state)
{
	static const struct {
		enum htcds_qi	 qi;
		const char	*value;
		const char	*want[3];
	} rows[] = {
		{ HTCDS_QI_AGE, "9--17", { "9--17", "Minor", "" } },
		{ HTCDS_QI_AGE, "30--38", { "30--38", "Adult", "" } },
		{ HTCDS_QI_AGE, "Minor", { "Minor", "Minor", "" } },
		{ HTCDS_QI_SEX, "Feminine", { "Feminine", "", "" } },
		{ HTCDS_QI_CITIZENSHIP, "AF;IQ;SY",
		    { "AF;IQ;SY", "Southern Asia;Western Asia", "" } },
		{ HTCDS_QI_COUNTRY, "IQ", { "IQ", "Western Asia", "" } },
		{ HTCDS_QI_YEAR, "2023", { "2023", "2020--2024", "" } },
		{ HTCDS_QI_YEAR, "2025", { "2025", "2025--2029", "" } },
		{ HTCDS_QI_FORM, "ForcedBegging;SexualExploitation",
		    { "ForcedBegging;SexualExploitation",
		    "LabourExploitation;SexualExploitation", "" } },
		{ HTCDS_QI_FORM, "ForcedMarriage;OrganRemoval",
		    { "ForcedMarriage;OrganRemoval", "OtherExploitation",
		    "" } },
		{ HTCDS_QI_FORM, "", { "", "", "" } },
	};
	struct arena *a = *state;

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		for (int l = 0; l < 3; l++) {
			const char *got = kanon_at(&htcds_qi_fields[rows[i].qi],
			    rows[i].value, l, a);

			if (!STREQ(got, rows[i].want[l]))
				fail_msg("row %zu %s \"%s\" level %d: got "
				    "\"%s\", want \"%s\"", i,
				    htcds_qi_fields[rows[i].qi].name,
				    rows[i].value, l, got, rows[i].want[l]);
		}
}

static void
test_query(void **state)
{
	static const struct {
		const char	*name;
		const char	*k, *format, *from, *to;
		const char	*field;		/* NULL: valid */
		int		 want_k;
	} rows[] = {
		{ "defaults", NULL, NULL, NULL, NULL, NULL, 11 },
		{ "k 2 and json", "2", "json", NULL, NULL, NULL, 2 },
		{ "k 1000 and csv", "1000", "csv", "2020", "2020", NULL,
		    1000 },
		{ "k 1", "1", NULL, NULL, NULL, "k", 0 },
		{ "k 1001", "1001", NULL, NULL, NULL, "k", 0 },
		{ "k not a number", "eleven", NULL, NULL, NULL, "k", 0 },
		{ "k empty", "", NULL, NULL, NULL, "k", 0 },
		{ "an unknown format", NULL, "xlsx", NULL, NULL, "format", 0 },
		{ "from not a year", NULL, NULL, "20x4", NULL, "from", 0 },
		{ "to before from", NULL, NULL, "2024", "2020", "to", 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct htcds_query q;
		struct err err = { 0 };
		int rc = htcds_query_parse(rows[i].k, rows[i].format,
		    rows[i].from, rows[i].to, &q, &err);

		if (rows[i].field ? rc != -1 || err.code != ERR_INVALID ||
		    !STREQ(err.field, rows[i].field) :
		    rc != 0 || q.k != rows[i].want_k)
			fail_msg("row %zu \"%s\": rc %d field \"%s\" k %d "
			    "(%s)", i, rows[i].name, rc, err.field, q.k,
			    err.msg);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mappings),
		cmocka_unit_test_setup_teardown(test_ladders,
		    unit_arena_setup, unit_arena_teardown),
		cmocka_unit_test(test_query),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
