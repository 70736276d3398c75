/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_table.c - the CSV and XLSX reader (io/table_read.c: libcsv, ICU,
 * libzip, libxml2) on any file, read to its end or its first error.
 *
 * The first byte of an input chooses how the rest is read:
 *	0-4	a CSV in UTF-8 (the default), UTF-16, UTF-16LE, UTF-16BE or
 *		windows-1256
 *	5	an XLSX file as it is (a zip)
 *	6, 7	an XLSX built here: the rest is the shared strings' XML, a
 *		NUL, then the worksheet's XML, stored uncompressed in a zip
 *		so that mutations reach the XML reader rather than a deflate
 *		stream
 * (modulo 8); bit 3 writes the round trip below with a byte order mark.
 *
 * What a CSV reads as is then written as CSV (io/table_write.c) and read
 * again, and must come back field for field: an export imports as it
 * was.  Two things are left out by design: a row of one empty field
 * (written as a blank line, which readers skip), and text that begins
 * with an apostrophe before a formula character (the reader drops it:
 * table.h).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "base/err.h"
#include "io/table.h"
#include "tmpfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const encodings[] = {
	NULL, "utf-16", "utf-16le", "utf-16be", "windows-1256",
};

static void
add(zip_t *z, const char *name, const void *p, size_t n)
{
	zip_source_t *src = zip_source_buffer(z, p, n, 0);
	zip_int64_t i;

	if (!src)
		abort();
	i = zip_file_add(z, name, src, ZIP_FL_OVERWRITE);
	if (i < 0 || zip_set_file_compression(z, (zip_uint64_t)i,
	    ZIP_CM_STORE, 0) == -1)
		abort();
}

/* A workbook of the two XML parts (shared strings NUL worksheet). */
static const char *
build_xlsx(const uint8_t *data, size_t size)
{
	static const char types[] = "<?xml version=\"1.0\"?><Types xmlns="
	    "\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	    "</Types>";
	const uint8_t *nul = memchr(data, 0, size);
	const char *path = tmpfile_path();
	size_t n_shared = nul ? (size_t)(nul - data) : 0;
	const uint8_t *sheet = nul ? nul + 1 : data;
	size_t n_sheet = size - (size_t)(sheet - data);
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);

	if (!z)
		abort();
	add(z, "[Content_Types].xml", types, sizeof(types) - 1);
	if (nul)
		add(z, "xl/sharedStrings.xml", data, n_shared);
	add(z, "xl/worksheets/sheet1.xml", sheet, n_sheet);
	if (zip_close(z) == -1)
		abort();
	return path;
}

/* The rows read, kept to be written again. */
struct rows {
	char		***fields;
	size_t		*n;
	size_t		 count;
	bool		 comparable;
};

static void
rows_add(struct rows *rs, const struct table_row *row)
{
	char **copy = calloc(row->n ? row->n : 1, sizeof(*copy));

	rs->fields = realloc(rs->fields, (rs->count + 1) *
	    sizeof(*rs->fields));
	rs->n = realloc(rs->n, (rs->count + 1) * sizeof(*rs->n));
	if (!copy || !rs->fields || !rs->n)
		abort();
	for (size_t i = 0; i < row->n; i++) {
		copy[i] = strdup(row->fields[i]);
		if (!copy[i])
			abort();
		if (copy[i][0] == '\'' && copy[i][1] &&
		    strchr(TABLE_FORMULA_STARTS, copy[i][1]))
			rs->comparable = false;
	}
	if (row->n == 1 && !row->fields[0][0])
		rs->comparable = false;
	rs->fields[rs->count] = copy;
	rs->n[rs->count++] = row->n;
}

static void
rows_free(struct rows *rs)
{
	for (size_t r = 0; r < rs->count; r++) {
		for (size_t i = 0; i < rs->n[r]; i++)
			free(rs->fields[r][i]);
		free(rs->fields[r]);
	}
	free(rs->fields);
	free(rs->n);
}

/* Writes rs as CSV and reads it back: the same rows, or abort(). */
static void
round_trip(const struct rows *rs, bool bom)
{
	struct table_write_options wo = { .format = TABLE_CSV, .bom = bom };
	struct table_options o = { .format = TABLE_CSV };
	struct table_writer *w;
	struct table_reader *r;
	struct table_row row;
	struct err err = ERR_INIT;
	char *buf = NULL;
	size_t len = 0, at = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f || !(w = table_writer_open(NULL, f, &wo, &err)))
		abort();
	for (size_t i = 0; i < rs->count; i++)
		if (table_write_row(w, (const char *const *)rs->fields[i],
		    rs->n[i], &err) == -1)
			abort();
	if (table_writer_close(&w, &err) == -1 || fclose(f) != 0)
		abort();
	r = table_open(tmpfile_write(buf, len), &o, &err);
	free(buf);
	if (!r)
		abort();
	while (table_next(r, &row, &err) == 1) {
		if (at >= rs->count || row.n != rs->n[at])
			abort();
		for (size_t i = 0; i < row.n; i++)
			if (strcmp(row.fields[i], rs->fields[at][i]) != 0)
				abort();
		at++;
	}
	if (err.code != ERR_OK || at != rs->count)
		abort();
	table_close(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table_options o = { .format = TABLE_CSV };
	struct table_reader *r;
	struct table_row row;
	struct err err = ERR_INIT;
	struct rows rs = { .comparable = true };
	const char *path;
	unsigned mode;
	bool bom;
	int rc;

	if (size == 0)
		return 0;
	mode = data[0] % 8;
	bom = data[0] & 8;
	data++;
	size--;
	if (mode < 5) {
		o.encoding = encodings[mode];
		path = tmpfile_write(data, size);
	} else if (mode == 5) {
		o.format = TABLE_XLSX;
		path = tmpfile_write(data, size);
	} else {
		o.format = TABLE_XLSX;
		path = build_xlsx(data, size);
	}
	r = table_open(path, &o, &err);
	if (!r)
		return 0;
	while ((rc = table_next(r, &row, &err)) == 1) {
		if (o.format == TABLE_CSV)
			rows_add(&rs, &row);
		/* Every field is a string within the limit, read to its
		 * end so that the sanitizers see all of it. */
		if (row.number < 1 || row.n > TABLE_COLUMNS_MAX)
			abort();
		for (size_t i = 0; i < row.n; i++)
			if (strlen(row.fields[i]) > TABLE_FIELD_MAX)
				abort();
	}
	/* After an error or the end the reader says so again. */
	if (table_next(r, &row, &err) == 1)
		abort();
	table_close(&r);
	if (rc == 0 && rs.count && rs.comparable)
		round_trip(&rs, bom);
	rows_free(&rs);
	return 0;
}
