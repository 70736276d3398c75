/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_import.c - `tipsom import persons|cases`: the mapping file and
 * every row of a CSV checked by the rules of person add and case open,
 * then written (and rolled back: fixture.h).
 *
 * An input is one byte of flags, then the map's JSON on one line (an
 * empty line: no map), then the CSV file:
 *	flags bit 0	cases (else persons)
 *	flags bit 1	--skip-invalid
 *	flags bit 2	--dry-run
 * The map is parsed as cmd_import.c parses it.  The CSV reader itself is
 * fuzz_table's; this target is about what import.c does with rows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/err.h"
#include "core/ctx.h"
#include "core/import.h"
#include "fixture.h"
#include "tmpfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
reject(void *arg, const struct table_row *header, const struct table_row *row,
    const char *why)
{
	(void)arg;
	/* What import_run() hands over is read to its end. */
	for (size_t i = 0; header && i < header->n; i++)
		(void)strlen(header->fields[i]);
	for (size_t i = 0; i < row->n; i++)
		(void)strlen(row->fields[i]);
	(void)strlen(why);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_options o = { .format = TABLE_CSV, .source = "fuzz",
	    .reject = reject };
	struct import_report rep;
	struct err err = ERR_INIT;
	struct ctx ctx;
	const uint8_t *nl;
	json_t *rep_json;

	if (size < 2 || !(nl = memchr(data + 1, '\n', size - 1)))
		return 0;
	o.entity = data[0] & 1 ? IMPORT_CASES : IMPORT_PERSONS;
	o.skip_invalid = data[0] & 2;
	o.dry_run = data[0] & 4;
	if (nl > data + 1) {
		o.map = json_loadb((const char *)data + 1,
		    (size_t)(nl - data - 1), JSON_REJECT_DUPLICATES, NULL);
		if (!o.map)
			return 0;
	}
	o.path = tmpfile_write(nl + 1, size - (size_t)(nl + 1 - data));
	fixture_begin(&ctx, "super.a");
	if (import_run(&ctx, &o, &rep, &err) == 0 ||
	    err.code == ERR_INVALID) {
		rep_json = import_report_json(&rep);
		json_decref(rep_json);
	}
	fixture_end(&ctx);
	json_decref(o.map);
	return 0;
}
