/* SPDX-License-Identifier: Apache-2.0 */
/*
 * library.h - the SOP and screening-instrument versions a store holds.
 *
 * Definitions live in the store, not only in the binary: a ministry
 * imports its adapted version with `tipsom sop import`, and every case
 * stays on the SOP version it was opened under.  A stored version never
 * changes; a new one must have a higher version number.  The versions
 * shipped in sops/ are added by init and migrate (library_seed).
 */
#ifndef TIPSOM_LIBRARY_H
#define TIPSOM_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "model/case.h"
#include "model/sop.h"

struct ctx;
struct err;
struct instrument;
struct sop;

/*
 * Adds the shipped SOPs and instruments the store lacks, audited as the
 * system.  A shipped version lower than the store's newest of that id is
 * left out; one whose number the store holds with other content is left
 * out too (the store's is kept) and counted in *kept.
 */
int		 library_seed(struct ctx *ctx, int *added, int *kept,
		    struct err *err);

/*
 * Validates and stores a new SOP or instrument version (the file's
 * "format" says which).  Administrators only; audited.  ERR_CONFLICT
 * when its version is not higher than the newest stored of its id.
 */
int		 library_import(struct ctx *ctx, const char *text, size_t len,
		    struct definition_row *out, struct err *err);

/*
 * Parses and validates a definition of either kind, as its "format"
 * says: fills *sop or *ins (the other stays NULL) and returns the kind,
 * or -1 with *err naming the JSON path of the first error.
 */
int		 library_parse(const char *text, size_t len, struct sop **sop,
		    struct instrument **ins, struct err *err);

/* Every stored version of kind, by id then version. */
int		 library_list(struct ctx *ctx, enum definition_kind kind,
		    struct definition_row **rows, size_t *n, struct err *err);

/*
 * Loads SOP id at version (0: the newest) from the store, parsed.
 * ERR_NOT_FOUND naming it when absent.  *out is shared and read-only: it
 * stays valid until library_cache_clear(), which a program calls once,
 * when no thread uses it any more.
 */
int		 library_sop(struct ctx *ctx, const char *id, int version,
		    const struct sop **out, struct err *err);

/* The same for a screening instrument. */
int		 library_instrument(struct ctx *ctx, const char *id,
		    int version, const struct instrument **out,
		    struct err *err);

/* The same for a training case study. */
struct case_study;
int		 library_case_study(struct ctx *ctx, const char *id,
		    int version, const struct case_study **out,
		    struct err *err);

/* Frees every parsed definition library_sop() and library_instrument()
 * gave out. */
void		 library_cache_clear(void);

/*
 * A stored version as a list entry (a new reference): kind, id,
 * version, title in lang, origin, when and by whom, sha256, and current
 * (whether it is the newest of its id).
 */
json_t		*definition_json(const struct definition_row *row,
		    const char *lang, bool current);

/* The SOP a case of kind walks: "som" for smuggling, else "tip". */
const char	*library_sop_for_kind(enum case_kind kind);

/*
 * Splits "ID[@VERSION]" into id (size bytes) and version (0 when not
 * given).  ERR_INVALID naming field otherwise.
 */
int		 library_parse_ref(const char *text, const char *field,
		    char *id, size_t size, int *version, struct err *err);

#endif
