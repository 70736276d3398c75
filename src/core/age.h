/* SPDX-License-Identifier: Apache-2.0 */
/*
 * age.h - a person's age when identified, and whether they are a child.
 *
 * A child is anyone under 18 (Palermo Protocol art. 3(d)); for a child no
 * means are needed for trafficking, and children's procedures apply.
 * Where the age is uncertain the benefit of the doubt goes to the person
 * (presumption of minority): someone who may not yet have turned 18 is a
 * child, and an officer's presumption that a person is a child stands
 * whatever the papers say, until an age assessment settles it.
 */
#ifndef TIPSOM_AGE_H
#define TIPSOM_AGE_H

#include <stdbool.h>

#include "base/date.h"
#include "model/enums.h"

#define AGE_OF_MAJORITY	18

struct age_facts {
	const struct date	*birth_date;	/* exact, or NULL */
	int			 birth_year;	/* 0: unknown */
	int			 stated_age;	/* at identification; -1: none */
	bool			 presumed_child;
	struct date		 identified_on;
};

struct age_result {
	int			 age;		/* -1: unknown */
	enum age_basis		 basis;
	bool			 child;
};

/*
 * Decides from the most exact fact: a birth date, then a stated or
 * assessed age, then a birth year.  Returns -1 when the facts contradict
 * time (born after identification, or older than 130).
 */
int		 age_assess(const struct age_facts *f, struct age_result *r);

#endif
