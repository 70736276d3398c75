/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_export.c - tipsom export cases|persons|steps|referrals: the
 * agency's records as CSV or XLSX (core/export.h).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/export.h"
#include "io/table.h"
#include "base/banned.h"

static int
run_export(struct cli *c, enum export_what what, struct err *err)
{
	struct table_write_options wo = { .format = TABLE_CSV,
	    .bom = cli_has(c, "bom") };
	const char *out = cli_get(c, "out"), *format = cli_get(c, "format");
	struct table_writer *w;
	long rows = 0;
	int rc;

	if (format && table_format_parse(format, "format", &wo.format,
	    err) == -1)
		return cli_usage(c, err, "--format %.16s: give csv or xlsx",
		    format);
	if (!format && out && table_format_of(out, "out", &wo.format,
	    err) == -1)
		return -1;
	if (wo.format == TABLE_XLSX && !out)
		return cli_usage(c, err, "an XLSX export needs a file: give "
		    "--out FILE.xlsx");
	if (wo.format == TABLE_XLSX && wo.bom)
		return cli_usage(c, err, "--bom is for CSV: an XLSX workbook "
		    "needs none");
	w = table_writer_open(out, stdout, &wo, err);
	if (!w)
		return -1;
	rc = export_run(&c->ctx, what, w, &rows, err);
	if (table_writer_close(&w, rc == 0 ? err : &(struct err)ERR_INIT) ==
	    -1)
		rc = -1;
	if (rc == -1) {
		/* A file half written is no export. */
		if (out)
			unlink(out);
		return -1;
	}
	if (out) {
		if (c->json)
			return cli_print_json(json_pack("{s:s, s:I}", "out",
			    out, "rows", (json_int_t)rows), err);
		printf("%ld rows written to %s\n", rows, out);
	}
	return 0;
}

static int
run_cases(struct cli *c, struct err *err)
{
	return run_export(c, EXPORT_CASES, err);
}

static int
run_persons(struct cli *c, struct err *err)
{
	return run_export(c, EXPORT_PERSONS, err);
}

static int
run_steps(struct cli *c, struct err *err)
{
	return run_export(c, EXPORT_STEPS, err);
}

static int
run_referrals(struct cli *c, struct err *err)
{
	return run_export(c, EXPORT_REFERRALS, err);
}

static const struct cli_opt export_opts[] = {
	{ "format", "F", 0, "csv or xlsx (default csv, or as --out's "
	    "extension says)" },
	{ "out", "FILE", 0, "the file to write (default: a CSV on standard "
	    "output)" },
	{ "bom", NULL, 0, "start a CSV with a byte order mark, for Excel" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_export_cases = {
	"export", "cases", NULL, 0, 0, export_opts, 0, run_cases,
	"export your agency's cases as CSV or XLSX (audited)",
};

const struct cli_cmd cmd_export_persons = {
	"export", "persons", NULL, 0, 0, export_opts, 0, run_persons,
	"export the persons of your agency, with their names (audited)",
};

const struct cli_cmd cmd_export_steps = {
	"export", "steps", NULL, 0, 0, export_opts, 0, run_steps,
	"export the SOP steps of your agency's cases (audited)",
};

const struct cli_cmd cmd_export_referrals = {
	"export", "referrals", NULL, 0, 0, export_opts, 0, run_referrals,
	"export the referrals your agency made (audited)",
};
