/* SPDX-License-Identifier: Apache-2.0 */
/* util.h - the few macros every file wants. */
#ifndef TIPSOM_UTIL_H
#define TIPSOM_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))

/* True when the NUL-terminated strings a and b are equal. */
#define STREQ(a, b)	(strcmp((a), (b)) == 0)

/* True when s is one of the strings of list, which ends with NULL. */
static inline bool
str_in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (STREQ(*list, s))
			return true;
	return false;
}

#endif
