/* SPDX-License-Identifier: Apache-2.0 */
/*
 * config.h - every setting of tipsom, from one table.
 *
 * Each setting has a flag name, an environment variable, a type, a
 * default, bounds and a help line (config.c: settings[]).  The CLI reads
 * the environment, then its flags, into one struct config that it passes
 * down read-only; nothing else reads the environment.
 */
#ifndef TIPSOM_CONFIG_H
#define TIPSOM_CONFIG_H

#include <stdio.h>

#include "base/log.h"

struct err;

enum pwhash_cost {
	PWHASH_INTERACTIVE,	/* 64 MiB, 2 passes: logins on modest laptops */
	PWHASH_MODERATE,	/* 256 MiB, 3 passes */
	PWHASH__MAX
};

struct config {
	const char		*db;		/* store URL */
	const char		*user;		/* acting username, or NULL */
	const char		*key_file;	/* unlocks the store, or NULL */
	long long		 key_fd;	/* ... or this, -1 for none */
	enum log_level		 log_level;
	long long		 busy_timeout_ms;
	enum pwhash_cost	 pwhash_cost;
	long long		 session_idle_min;	/* web sessions end */
	long long		 session_max_hours;	/* ... after these */
	const char		*country;	/* ISO 3166 code of the
						 * deployment: others are
						 * foreign nationals */
	long long		 stats_min_cell;	/* statistics show no
							 * count below it */
};

/* Sets every setting of cfg to its default. */
void		 config_defaults(struct config *cfg);

/*
 * Reads the settings' environment variables into cfg.  Strings point into
 * the environment.  Fails with ERR_INVALID naming the variable.
 */
int		 config_from_env(struct config *cfg, struct err *err);

/*
 * Sets the setting whose flag is name (without "--") from value, which
 * must outlive cfg.  Fails with ERR_INVALID naming the flag, or
 * ERR_NOT_FOUND for an unknown name.
 */
int		 config_set(struct config *cfg, const char *name,
		    const char *value, struct err *err);

/* Writes one help line per setting: flag, variable, default, help. */
void		 config_describe(FILE *out);

#endif
