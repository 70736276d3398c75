/* SPDX-License-Identifier: Apache-2.0 */
/* util.h - the few macros every file wants. */
#ifndef TIPSOM_UTIL_H
#define TIPSOM_UTIL_H

#include <stddef.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* True when the NUL-terminated strings a and b are equal. */
#define STREQ(a, b)	(strcmp((a), (b)) == 0)

#endif
