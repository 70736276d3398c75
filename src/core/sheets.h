/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sheets.h - the information library of Migrant Resource Centres: short
 * safe-migration and risk-information sheets, as validated data.
 *
 * A sheet (docs/sheet-format.md) has an id and version, its topics, the
 * date by which it must be reviewed, its sources, and its text in
 * English, Arabic, Sorani Kurdish and at least one of Dari, Pashto or
 * Urdu: a title, a summary and sections of short points.  sheet_parse()
 * refuses a sheet whole at its first error, naming the JSON path; a
 * struct sheet that exists is valid and immutable.  tipsom ships its
 * sheets in mrc/sheets/ (embedded at build time).
 */
#ifndef TIPSOM_SHEETS_H
#define TIPSOM_SHEETS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

struct err;
struct sheet;			/* opaque */

#define SHEET_MAX_BYTES		(256 * 1024)

/* The topics a sheet may cover, and the languages it may be written
 * in, NULL-terminated. */
extern const char *const sheet_topics[];
extern const char *const sheet_langs[];

/*
 * Parses and validates text (len bytes).  NULL with *err ERR_INVALID,
 * err->field the JSON path of the first error and err->msg "path: what
 * is wrong: the fix".  Release with sheet_free().
 */
struct sheet	*sheet_parse(const char *text, size_t len, struct err *err);
void		 sheet_free(struct sheet **s);

const char	*sheet_id(const struct sheet *s);
int		 sheet_version(const struct sheet *s);
const char	*sheet_review_by(const struct sheet *s);

/* True when its review date is before today ("YYYY-MM-DD"). */
bool		 sheet_review_due(const struct sheet *s, const char *today);

/* True when it covers topic. */
bool		 sheet_covers(const struct sheet *s, const char *topic);

/*
 * Its text in lang, or in English when it has none in lang; *used says
 * which.  The object {"title", "summary", "sections"} (borrowed).
 */
const json_t	*sheet_text(const struct sheet *s, const char *lang,
		    const char **used);

/* The validated definition (borrowed; lives as long as s). */
const json_t	*sheet_definition(const struct sheet *s);

/*
 * The sheets shipped with tipsom, parsed, in the order of their file
 * names.  Free each with sheet_free() and the array with free().  Fails
 * only if a shipped file is invalid or not named after its id.
 */
struct sheet	**sheet_shipped(size_t *n, struct err *err);
void		 sheet_free_all(struct sheet **list, size_t n);

/*
 * Checks that ids (n of them, as typed) name sheets tipsom ships, each
 * once: what a record says it handed out.  ERR_INVALID on field
 * otherwise, naming the id.
 */
int		 sheet_check_ids(const char *const *ids, size_t n,
		    const char *field, struct err *err);

/*
 * The library as readers see it, for the CLI, the API and the page.
 * lang (NULL: English) must be one of sheet_langs and topic (NULL: any)
 * one of sheet_topics, else ERR_INVALID naming "lang" or "topic".  A
 * sheet without lang's text is given in English, and "lang" says so.
 *
 * sheet_library_list(): the shipped sheets on topic, each {id, version,
 * lang, title, summary, topics, review_by, review_due}.
 * sheet_library_show(): one sheet, {id, version, lang, langs, topics,
 * review_by, review_due, text: {title, summary, sections}, sources};
 * ERR_NOT_FOUND when no sheet has that id.
 * Both return a new reference, or NULL with *err set.
 */
json_t		*sheet_library_list(const char *lang, const char *topic,
		    struct err *err);
json_t		*sheet_library_show(const char *id, const char *lang,
		    struct err *err);

#endif
