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
 * (modulo 8).
 */
#include <stdint.h>
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table_options o = { .format = TABLE_CSV };
	struct table_reader *r;
	struct table_row row;
	struct err err = ERR_INIT;
	const char *path;
	unsigned mode;
	int rc;

	if (size == 0)
		return 0;
	mode = data[0] % 8;
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
	return 0;
}
