/* SPDX-License-Identifier: Apache-2.0 */
/* config.c - the settings table and its readers. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "base/banned.h"

enum setting_type {
	SETTING_STRING,
	SETTING_INT,
	SETTING_CHOICE,		/* an enum: index into choices */
	SETTING_COUNTRY,	/* an ISO 3166 code, as a string */
};

struct setting {
	const char		*name;
	const char		*env;
	enum setting_type	 type;
	const char		*def;
	long long		 min, max;
	const char *const	*choices;	/* NULL-terminated */
	size_t			 offset;
	const char		*help;
};

static const char *const log_levels[] = { "error", "warn", "info", "debug",
	NULL };
static const char *const pwhash_costs[] = { "interactive", "moderate", NULL };

static const struct setting settings[] = {
	{ "db", "TIPSOM_DB", SETTING_STRING, "sqlite:tipsom.db", 0, 0, NULL,
	    offsetof(struct config, db),
	    "the store: sqlite:PATH, sqlite::memory: for a throw-away one, or "
	    "postgresql://USER@HOST/DATABASE (made when missing by init)" },
	{ "as", "TIPSOM_USER", SETTING_STRING, NULL, 0, 0, NULL,
	    offsetof(struct config, user),
	    "the user acting, recorded in the audit chain" },
	{ "log", "TIPSOM_LOG", SETTING_CHOICE, "warn", 0, 0, log_levels,
	    offsetof(struct config, log_level),
	    "how much to log on stderr: error, warn, info or debug" },
	{ "key-file", "TIPSOM_KEY_FILE", SETTING_STRING, NULL, 0, 0, NULL,
	    offsetof(struct config, key_file),
	    "the file that unlocks an encrypted store: its key file, kept "
	    "off the data disk (init and keys init make it when missing), "
	    "or a file holding its passphrase" },
	{ "key-fd", "TIPSOM_KEY_FD", SETTING_INT, "-1", -1, 1023, NULL,
	    offsetof(struct config, key_fd),
	    "a descriptor to read the store's key line or passphrase from "
	    "instead (at a terminal, without either, a passphrase is asked "
	    "for)" },
	{ "busy-timeout", "TIPSOM_BUSY_TIMEOUT", SETTING_INT, "5000", 0,
	    600000, NULL, offsetof(struct config, busy_timeout_ms),
	    "milliseconds to wait for another writer before failing" },
	{ "pwhash", "TIPSOM_PWHASH", SETTING_CHOICE, "interactive", 0, 0,
	    pwhash_costs, offsetof(struct config, pwhash_cost),
	    "argon2id cost of new password hashes: interactive or moderate" },
	{ "session-idle", "TIPSOM_SESSION_IDLE", SETTING_INT, "30", 1, 1440,
	    NULL, offsetof(struct config, session_idle_min),
	    "minutes without use after which a web session ends" },
	{ "session-max", "TIPSOM_SESSION_MAX", SETTING_INT, "12", 1, 168,
	    NULL, offsetof(struct config, session_max_hours),
	    "hours after login at which a web session ends in any case" },
	{ "country", "TIPSOM_COUNTRY", SETTING_COUNTRY, "IQ", 0, 0, NULL,
	    offsetof(struct config, country),
	    "the deployment's country (ISO 3166): people of other "
	    "nationalities count as foreign nationals in SOP steps" },
	{ "stats-min-cell", "TIPSOM_STATS_MIN_CELL", SETTING_INT, "5", 1, 100,
	    NULL, offsetof(struct config, stats_min_cell),
	    "statistics show no count from 1 to one below this: such small "
	    "cells are suppressed, and nobody may ask for a lower one" },
};

static int
setting_apply(struct config *cfg, const struct setting *s, const char *value,
    const char *source, struct err *err)
{
	char *field = (char *)cfg + s->offset;
	long long v;

	switch (s->type) {
	case SETTING_COUNTRY:
		if (!text_country_valid(value))
			return err_set(err, ERR_INVALID, source,
			    "%s \"%.16s\" is not a country: give an ISO 3166 "
			    "code such as IQ", source, value);
		/* fall through */
	case SETTING_STRING:
		*(const char **)(void *)field = value;
		return 0;
	case SETTING_INT:
		if (text_parse_int(value, s->min, s->max, &v) == -1)
			return err_set(err, ERR_INVALID, source,
			    "%s \"%s\" is not a whole number from %lld to "
			    "%lld: give one", source, value, s->min, s->max);
		*(long long *)(void *)field = v;
		return 0;
	case SETTING_CHOICE:
		for (int i = 0; s->choices[i]; i++)
			if (STREQ(s->choices[i], value)) {
				/* Every choice setting is an enum field. */
				*(int *)(void *)field = i;
				return 0;
			}
		return err_set(err, ERR_INVALID, source,
		    "%s \"%s\" is not a known value: see tipsom --help",
		    source, value);
	}
	return err_set(err, ERR_INTERNAL, source, "bad setting type");
}

void
config_defaults(struct config *cfg)
{
	*cfg = (struct config){ 0 };
	for (size_t i = 0; i < ARRAY_SIZE(settings); i++) {
		const struct setting *s = &settings[i];
		struct err ignored;

		if (s->def)
			setting_apply(cfg, s, s->def, s->name, &ignored);
	}
}

int
config_from_env(struct config *cfg, struct err *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(settings); i++) {
		const char *v = getenv(settings[i].env);

		if (v && *v &&
		    setting_apply(cfg, &settings[i], v, settings[i].env,
		    err) == -1)
			return -1;
	}
	return 0;
}

int
config_set(struct config *cfg, const char *name, const char *value,
    struct err *err)
{
	for (size_t i = 0; i < ARRAY_SIZE(settings); i++)
		if (STREQ(settings[i].name, name)) {
			char flag[64];

			flag[0] = '\0';
			snprintf(flag, sizeof(flag), "--%s", name);
			return setting_apply(cfg, &settings[i], value, flag,
			    err);
		}
	return err_set(err, ERR_NOT_FOUND, name,
	    "unknown setting \"%s\": see tipsom --help", name);
}

void
config_describe(FILE *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(settings); i++) {
		const struct setting *s = &settings[i];

		fprintf(out, "  --%-14s %-20s %s", s->name, s->env, s->help);
		if (s->def)
			fprintf(out, " (default %s)", s->def);
		fputc('\n', out);
	}
}
