/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.h - one line on stderr per event, for operators.
 *
 * A line is "tipsom[level] rid=ID message".  Logs carry ids only, never a
 * person's name or a request body: they are not protected like the store.
 * The audit chain is data in the store, not a log.
 */
#ifndef TIPSOM_LOG_H
#define TIPSOM_LOG_H

enum log_level {
	LOG_ERROR,
	LOG_WARN,
	LOG_INFO,
	LOG_DEBUG,
	LOG__MAX
};

/* Sets the most verbose level written; set once at start-up. */
void		 log_set_level(enum log_level level);

/* Parses "error", "warn", "info" or "debug".  Returns -1 if unknown. */
int		 log_level_parse(const char *s, enum log_level *out);

/* rid identifies the request or command; NULL prints "-". */
void		 log_error(const char *rid, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 log_warn(const char *rid, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 log_info(const char *rid, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 log_debug(const char *rid, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

#endif
