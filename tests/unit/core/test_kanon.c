/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_kanon.c - k-anonymity (src/core/kanon.c) on the HTCDS ladders:
 * tables of small cases, then a property over random record sets.
 */
#include <stdio.h>

#include "core/htcds.h"
#include "core/kanon.h"
#include "unit.h"

#define NF	HTCDS_QI__MAX
_Static_assert(NF == 6, "keys_of() writes six fields");

/* "age|sex|citizenship|country|year|form" into r->in, in a. */
static void
record_of(const char *spec, struct kanon_record *r, struct arena *a)
{
	*r = (struct kanon_record){ 0 };
	for (int j = 0; j < NF; j++) {
		size_t len = strcspn(spec, "|");

		r->in[j] = arena_strndup(a, spec, len);
		spec += len + (spec[len] == '|');
	}
}

static void
test_tables(void **state)
{
	static const struct {
		const char	*name;
		int		 k;
		struct {
			int		 count;
			const char	*spec;
		}		 groups[4];
		size_t		 released, suppressed;
		const char	*first;	/* the first released record's
					 * age and year, "age year" */
	} rows[] = {
		{ "nothing to release", 11, { { 0, NULL } }, 0, 0, NULL },
		{ "a group of k stays as it is", 3,
		    { { 3, "18--20|Feminine|IQ|IQ|2023|SexualExploitation" } },
		    3, 0, "18--20 2023" },
		{ "fewer than k alike, all left out", 11,
		    { { 4, "18--20|Feminine|IQ||2023|ForcedLabour" } },
		    0, 4, NULL },
		{ "two adult bands become Adult together", 4,
		    { { 2, "18--20|Masculine|SY||2022|ForcedLabour" },
		      { 2, "30--38|Masculine|SY||2022|ForcedLabour" } },
		    4, 0, "Adult 2022" },
		{ "two years become their five", 4,
		    { { 2, "Minor|Feminine|AF||2021|ForcedBegging" },
		      { 2, "Minor|Feminine|AF||2023|ForcedBegging" } },
		    4, 0, "Minor 2020--2024" },
		{ "an outlier climbs, the group keeps its detail", 3,
		    { { 5, "24--26|Feminine|IQ|IQ|2024|SexualExploitation" },
		      { 1, "24--26|Masculine|NG||2019|OrganRemoval" } },
		    5, 1, "24--26 2024" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct arena *a = arena_new();
		struct kanon_record r[32];
		struct kanon_report rep;
		size_t n = 0;
		char first[64] = "";

		for (size_t g = 0; g < 4 && rows[i].groups[g].spec; g++)
			for (int c = 0; c < rows[i].groups[g].count; c++)
				record_of(rows[i].groups[g].spec, &r[n++], a);
		kanon_apply(htcds_qi_fields, NF, htcds_schedule,
		    htcds_schedule_len, r, n, rows[i].k, a, &rep);
		for (size_t x = 0; x < n && !first[0]; x++)
			if (!r[x].suppressed)
				snprintf(first, sizeof(first), "%s %s",
				    r[x].out[HTCDS_QI_AGE],
				    r[x].out[HTCDS_QI_YEAR]);
		if (rep.released != rows[i].released ||
		    rep.suppressed != rows[i].suppressed ||
		    rep.records != n ||
		    !unit_str_same(rows[i].first ? rows[i].first : "", first))
			fail_msg("row %zu \"%s\": released %zu suppressed %zu "
			    "first \"%s\", want %zu %zu \"%s\"", i,
			    rows[i].name, rep.released, rep.suppressed, first,
			    rows[i].released, rows[i].suppressed,
			    rows[i].first ? rows[i].first : "");
		arena_free(&a);
	}
}

/* A small random generator, so that a failing seed can be replayed. */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* An index below n, skewed to the first ones so that the last are rare
 * and small groups occur. */
static size_t
skewed(uint64_t *s, size_t n)
{
	size_t a = next(s) % n, b = next(s) % n;

	return MIN(a, b);
}

static const char *
pick(uint64_t *s, const char *const *v, size_t n)
{
	return v[skewed(s, n)];
}

static void
random_record(uint64_t *s, struct kanon_record *r, struct arena *a)
{
	static const char *const ages[] = { "18--20", "21--23", "24--26",
	    "9--17", "27--29", "30--38", "Minor", "", "0--8", "39--47",
	    "48+" };
	static const char *const sexes[] = { "Feminine", "Masculine",
	    "NonSpecifiedUnknown", "NonConforming" };
	static const char *const cits[] = { "IQ", "SY", "AF", "IQ;SY", "",
	    "PK", "IR", "TJ", "BD;IN", "NG", "ET", "PH", "UA" };
	static const char *const countries[] = { "", "IQ" };
	static const char *const forms[] = { "SexualExploitation",
	    "ForcedLabour", "", "ForcedBegging", "ForcedLabour;"
	    "SexualExploitation", "Servitude", "ForcedMarriage", "Other",
	    "OrganRemoval", "ForcedMarriage;Servitude" };

	*r = (struct kanon_record){ 0 };
	r->in[HTCDS_QI_AGE] = pick(s, ages, ARRAY_SIZE(ages));
	r->in[HTCDS_QI_SEX] = pick(s, sexes, ARRAY_SIZE(sexes));
	r->in[HTCDS_QI_CITIZENSHIP] = pick(s, cits, ARRAY_SIZE(cits));
	r->in[HTCDS_QI_COUNTRY] = pick(s, countries, ARRAY_SIZE(countries));
	r->in[HTCDS_QI_YEAR] = arena_printf(a, "%d",
	    2024 - (int)skewed(s, 12));
	r->in[HTCDS_QI_FORM] = pick(s, forms, ARRAY_SIZE(forms));
}

/* The records' keys over their given (out false) or released values. */
static char **
keys_of(const struct kanon_record *r, size_t n, bool out, struct arena *a)
{
	char **keys = arena_array(a, n ? n : 1, sizeof(*keys));

	for (size_t i = 0; i < n; i++) {
		const char *const *v = out ? r[i].out : r[i].in;

		keys[i] = arena_printf(a, "%s|%s|%s|%s|%s|%s", v[0], v[1],
		    v[2], v[3], v[4], v[5]);
	}
	return keys;
}

/* How many of r[0..n) (released ones only, when out) share i's key. */
static size_t
group_size(const struct kanon_record *r, size_t n, char **keys, size_t i,
    bool out)
{
	size_t count = 0;

	for (size_t x = 0; x < n; x++)
		count += (!out || !r[x].suppressed) && STREQ(keys[i], keys[x]);
	return count;
}

static void
check_seed(uint64_t seed, struct arena *a)
{
	uint64_t s = seed * 2654435761u + 1;
	size_t n = next(&s) % 300;
	int k = 2 + (int)(next(&s) % 14);
	struct kanon_record *r = arena_array(a, n ? n : 1, sizeof(*r));
	bool *big = arena_array(a, n ? n : 1, sizeof(*big));
	struct kanon_report rep;
	size_t suppressed = 0, changed[NF] = { 0 };
	char **keys;

	for (size_t i = 0; i < n; i++)
		random_record(&s, &r[i], a);
	/* Which groups are big enough before: they must keep detail. */
	keys = keys_of(r, n, false, a);
	for (size_t i = 0; i < n; i++)
		big[i] = group_size(r, n, keys, i, false) >= (size_t)k;
	kanon_apply(htcds_qi_fields, NF, htcds_schedule, htcds_schedule_len,
	    r, n, k, a, &rep);
	keys = keys_of(r, n, true, a);
	for (size_t i = 0; i < n; i++) {
		if (r[i].suppressed) {
			suppressed++;
			if (big[i])
				fail_msg("seed %llu: record %zu was in a group "
				    "of k, yet suppressed",
				    (unsigned long long)seed, i);
			continue;
		}
		if (group_size(r, n, keys, i, true) < (size_t)k)
			fail_msg("seed %llu k %d: record %zu is in a group of "
			    "%zu", (unsigned long long)seed, k, i,
			    group_size(r, n, keys, i, true));
		for (int j = 0; j < NF; j++) {
			const struct kanon_field *f = &htcds_qi_fields[j];
			int l = r[i].level[j];

			/* The released value is the given one's at its
			 * level, and a value of that level: up the
			 * ladder, never sideways. */
			if (l < 0 || l > f->top ||
			    !STREQ(r[i].out[j], kanon_at(f, r[i].in[j], l,
			    a)) ||
			    !STREQ(r[i].out[j], kanon_at(f, r[i].out[j], l,
			    a)))
				fail_msg("seed %llu: record %zu %s \"%s\" is "
				    "not \"%s\" at level %d",
				    (unsigned long long)seed, i, f->name,
				    r[i].out[j], r[i].in[j], l);
			if (big[i] && l)
				fail_msg("seed %llu: record %zu in a group of k "
				    "was generalised", (unsigned long long)seed,
				    i);
			changed[j] += !STREQ(r[i].out[j], r[i].in[j]);
		}
	}
	if (rep.records != n || rep.suppressed != suppressed ||
	    rep.released + rep.suppressed != n ||
	    (rep.released && rep.smallest < (size_t)k))
		fail_msg("seed %llu: report %zu records, %zu released, %zu "
		    "suppressed (counted %zu), smallest %zu",
		    (unsigned long long)seed, rep.records, rep.released,
		    rep.suppressed, suppressed, rep.smallest);
	for (int j = 0; j < NF; j++)
		if (rep.generalised[j] + rep.blanked[j] != changed[j])
			fail_msg("seed %llu: %s reported %zu + %zu changed, "
			    "counted %zu", (unsigned long long)seed,
			    htcds_qi_fields[j].name, rep.generalised[j],
			    rep.blanked[j], changed[j]);
}

static void
test_property(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 300; seed++) {
		struct arena *a = arena_new();

		check_seed(seed, a);
		arena_free(&a);
	}
}

/* Climbing a ladder two steps is climbing it once to the higher step. */
static void
test_ladders_compose(void **state)
{
	static const char *const values[NF][4] = {
		{ "0--8", "21--23", "48+", "Minor" },
		{ "Feminine", "NonConforming", "", "Masculine" },
		{ "IQ", "IQ;SY", "AF;IR;TJ", "AQ" },
		{ "IQ", "", "SY", "UA" },
		{ "2020", "2024", "2025", "2019" },
		{ "ForcedLabour", "SexualExploitation;Servitude", "Other",
		    "OrganRemoval" },
	};
	struct arena *a = *state;

	for (int j = 0; j < NF; j++) {
		const struct kanon_field *f = &htcds_qi_fields[j];

		for (int v = 0; v < 4; v++)
			for (int l1 = 0; l1 <= f->top; l1++)
				for (int l2 = l1; l2 <= f->top; l2++) {
					const char *once = kanon_at(f,
					    values[j][v], l2, a);
					const char *twice = kanon_at(f,
					    kanon_at(f, values[j][v], l1, a),
					    l2, a);

					if (!STREQ(once, twice))
						fail_msg("%s \"%s\": levels "
						    "%d then %d give \"%s\", "
						    "%d alone \"%s\"", f->name,
						    values[j][v], l1, l2, twice,
						    l2, once);
				}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_property),
		cmocka_unit_test_setup_teardown(test_ladders_compose,
		    unit_arena_setup, unit_arena_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
