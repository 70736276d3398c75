/* SPDX-License-Identifier: Apache-2.0 */
/*
 * input.h - checking raw input at the edge of the domain.
 *
 * The core takes what users typed as strings and checks it here, so the
 * CLI and the HTTP API refuse the same things with the same messages.
 * Each helper stores the clean value (allocated in ctx->arena) in *out
 * and returns 0, or fails with ERR_INVALID naming field.  An absent
 * optional value (NULL or "") gives NULL, or the default, without error.
 */
#ifndef TIPSOM_INPUT_H
#define TIPSOM_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct ctx;
struct enum_desc;
struct err;

/* Limits on text fields, in characters. */
#define INPUT_NAME_MAX		200	/* a name part, an agency name */
#define INPUT_TITLE_MAX		300
#define INPUT_TEXT_MAX		20000	/* notes, summaries, reasons */
#define INPUT_SHORT_MAX		100	/* document numbers, codes */

/* text_clean() with ctx's arena. */
int		 input_text(struct ctx *ctx, const char *s, size_t max_chars,
		    unsigned flags, const char *field, const char **out,
		    struct err *err);

/*
 * The enum value of s, or dflt when s is absent (dflt < 0 makes it
 * required).  -1 on error.
 */
int		 input_enum(const char *s, const struct enum_desc *d, int dflt,
		    const char *field, struct err *err);

/*
 * A set of a vocabulary's values as bits (1u << value), from n texts;
 * with required, at least one.
 */
int		 input_enum_set(const char *const *texts, size_t n,
		    const struct enum_desc *d, bool required,
		    const char *field, unsigned *out, struct err *err);

/* A YYYY-MM-DD date; *present says whether one was given. */
int		 input_date(const char *s, const char *field, struct date *out,
		    bool *present, struct err *err);

/*
 * The id tipsom gave a record (what: "session", "counselling record"),
 * as typed: a whole number from 1.
 */
int		 input_id(const char *s, const char *field, const char *what,
		    int64_t *id, struct err *err);

/* An ISO 3166-1 alpha-2 country, upper-cased ("iq" gives "IQ"). */
int		 input_country(struct ctx *ctx, const char *s,
		    const char *field, const char **out, struct err *err);

/* A BCP 47 language tag ("ar", "ckb", "fa-AF", "prs"). */
int		 input_language(struct ctx *ctx, const char *s,
		    const char *field, const char **out, struct err *err);

#endif
