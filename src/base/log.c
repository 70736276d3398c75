/* SPDX-License-Identifier: Apache-2.0 */
/* log.c - leveled one-line logging to stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "base/banned.h"

static const char *const level_names[LOG__MAX] = {
	[LOG_ERROR] = "error",
	[LOG_WARN] = "warn",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

/* The one process-wide setting: written once before any thread starts. */
static enum log_level max_level = LOG_WARN;

void
log_set_level(enum log_level level)
{
	max_level = level;
}

int
log_level_parse(const char *s, enum log_level *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(level_names); i++)
		if (STREQ(s, level_names[i])) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

static void
log_write(enum log_level level, const char *rid, const char *fmt, va_list ap)
{
	char line[1024];

	if (level > max_level)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "tipsom[%s] rid=%s %s\n", level_names[level],
	    rid ? rid : "-", line);
}

#define LOG_FN(fn, level)						\
	void fn(const char *rid, const char *fmt, ...)			\
	{								\
		va_list ap;						\
		va_start(ap, fmt);					\
		log_write(level, rid, fmt, ap);				\
		va_end(ap);						\
	}

LOG_FN(log_error, LOG_ERROR)
LOG_FN(log_warn, LOG_WARN)
LOG_FN(log_info, LOG_INFO)
LOG_FN(log_debug, LOG_DEBUG)
