/* SPDX-License-Identifier: Apache-2.0 */
/* age.c - the child rule. */
#include "core/age.h"
#include "base/banned.h"

#define AGE_MAX	130

int
age_assess(const struct age_facts *f, struct age_result *r)
{
	int youngest;

	*r = (struct age_result){ .age = -1, .basis = AGE_BASIS_UNKNOWN };
	if (f->birth_date) {
		r->age = date_years_between(f->birth_date, &f->identified_on);
		r->basis = AGE_BASIS_BIRTH_DATE;
		youngest = r->age;
	} else if (f->stated_age >= 0) {
		r->age = f->stated_age;
		r->basis = AGE_BASIS_STATED_AGE;
		youngest = r->age;
	} else if (f->birth_year > 0) {
		/* Born in that year: this year they turn r->age, and until
		 * their birthday they are a year younger. */
		r->age = f->identified_on.year - f->birth_year;
		r->basis = AGE_BASIS_BIRTH_YEAR;
		youngest = r->age > 0 ? r->age - 1 : 0;
	} else {
		youngest = -1;
	}
	if (r->basis != AGE_BASIS_UNKNOWN && (r->age < 0 || r->age > AGE_MAX))
		return -1;
	r->child = youngest >= 0 && youngest < AGE_OF_MAJORITY;
	/* The presumption decides only where the facts do not already make
	 * the person a child; the basis then says it was presumed. */
	if (f->presumed_child && !r->child) {
		r->child = true;
		r->basis = AGE_BASIS_PRESUMED_CHILD;
	}
	return 0;
}
