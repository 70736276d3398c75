/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api_export.c - GET /api/v1/exports/{cases,persons,steps,referrals}:
 * the agency's records as a CSV or XLSX download (core/export.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/err.h"
#include "core/export.h"
#include "http/api.h"
#include "io/table.h"
#include "base/banned.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument." \
	"spreadsheetml.sheet"

/* The whole of the file at path, in malloc'd memory, then unlinked. */
static int
slurp(const char *path, struct api_resp *resp, struct err *err)
{
	FILE *f = fopen(path, "rb");
	long size;
	int rc = -1;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		err_set(err, ERR_IO, NULL, "cannot read the export back: %s",
		    strerror(errno));
		goto out;
	}
	resp->bytes = malloc((size_t)size + 1);
	if (!resp->bytes)
		abort();
	resp->n_bytes = fread(resp->bytes, 1, (size_t)size, f);
	if (resp->n_bytes != (size_t)size) {
		err_set(err, ERR_IO, NULL, "cannot read the export back");
		goto out;
	}
	rc = 0;
out:
	if (f)
		fclose(f);
	unlink(path);
	return rc;
}

static int
export(struct api_req *req, struct api_resp *resp, enum export_what what,
    struct err *err)
{
	struct table_write_options wo = { .format = TABLE_CSV,
	    .bom = false };
	const char *format = api_query(req, "format");
	const char *tmpdir = getenv("TMPDIR");
	struct table_writer *w = NULL;
	char path[512];
	char *text = NULL;
	size_t len = 0;
	FILE *mem = NULL;
	long rows;
	int rc = -1, fd;

	if (format && table_format_parse(format, "format", &wo.format,
	    err) == -1)
		return -1;
	if (api_query_bool(req, "bom", &wo.bom, err) == -1)
		return -1;
	if (wo.format == TABLE_XLSX) {
		/* libxlsxwriter writes a file: a private one, read back. */
		snprintf(path, sizeof(path), "%s/tipsom-export-XXXXXX.xlsx",
		    tmpdir && *tmpdir ? tmpdir : "/tmp");
		fd = mkstemps(path, 5);
		if (fd == -1)
			return err_set(err, ERR_IO, NULL, "cannot make a "
			    "temporary file: %s", strerror(errno));
		close(fd);
		w = table_writer_open(path, NULL, &wo, err);
	} else {
		mem = open_memstream(&text, &len);
		if (!mem)
			abort();
		w = table_writer_open(NULL, mem, &wo, err);
	}
	if (!w)
		goto out;
	rc = export_run(req->ctx, what, w, &rows, err);
	if (table_writer_close(&w, rc == 0 ? err : &(struct err)ERR_INIT) ==
	    -1)
		rc = -1;
	if (rc == -1)
		goto out;
	if (wo.format == TABLE_XLSX) {
		rc = slurp(path, resp, err);
		resp->content_type = XLSX_TYPE;
	} else {
		fclose(mem);
		mem = NULL;
		resp->bytes = text;
		resp->n_bytes = len;
		text = NULL;
		resp->content_type = "text/csv; charset=utf-8";
	}
out:
	if (wo.format == TABLE_XLSX && rc == -1)
		unlink(path);
	if (mem)
		fclose(mem);
	free(text);
	return rc;
}

static int
export_cases(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return export(req, resp, EXPORT_CASES, err);
}

static int
export_persons(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return export(req, resp, EXPORT_PERSONS, err);
}

static int
export_steps(struct api_req *req, struct api_resp *resp, struct err *err)
{
	return export(req, resp, EXPORT_STEPS, err);
}

static int
export_referrals(struct api_req *req, struct api_resp *resp,
    struct err *err)
{
	return export(req, resp, EXPORT_REFERRALS, err);
}

const struct api_route api_export_routes[] = {
	{ "GET", "/api/v1/exports/cases", 0, export_cases },
	{ "GET", "/api/v1/exports/persons", 0, export_persons },
	{ "GET", "/api/v1/exports/steps", 0, export_steps },
	{ "GET", "/api/v1/exports/referrals", 0, export_referrals },
	{ NULL, NULL, 0, NULL },
};
