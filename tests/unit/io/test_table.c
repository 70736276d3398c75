/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_table.c - the CSV and XLSX readers and writers (io/table.h): the
 * files are written to a temporary directory from the tables below.
 */
#include <stdio.h>
#include <unistd.h>

#include <zip.h>

#include "unit.h"

#include "base/buf.h"
#include "io/table.h"
#include "base/banned.h"

static char dir[] = "/tmp/tipsom-test-table-XXXXXX";

static void
write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	fclose(f);
}

/*
 * Reads path whole as "a|b\n" per row (row numbers as "#N " when
 * numbered), into out; returns table_next()'s last result.
 */
static int
read_all(const char *path, const struct table_options *o, bool numbered,
    struct buf *out, struct err *err)
{
	struct table_reader *r = table_open(path, o, err);
	struct table_row row;
	int rc;

	if (!r)
		return -2;
	while ((rc = table_next(r, &row, err)) == 1) {
		if (numbered)
			buf_addf(out, "#%ld ", row.number);
		for (size_t i = 0; i < row.n; i++)
			buf_addf(out, "%s%s", i ? "|" : "", row.fields[i]);
		buf_adds(out, "\n");
	}
	table_close(&r);
	return rc;
}

/*
 * Fails naming row i when a read that should have given want (or, with
 * want NULL, failed with want_err in its message) did otherwise.
 */
static void
check_read(size_t i, const char *name, int rc, const char *got,
    const struct err *err, const char *want, const char *want_err)
{
	if (want && (rc != 0 || !STREQ(got, want)))
		fail_msg("row %zu \"%s\": rc %d, got \"%s\" (%s)", i, name,
		    rc, got, err->msg);
	if (!want && (rc >= 0 || !unit_contains(err->msg, want_err)))
		fail_msg("row %zu \"%s\": rc %d, error \"%s\", want \"%s\"",
		    i, name, rc, err->msg, want_err);
}

static void
test_csv(void **state)
{
	static const struct {
		const char	*name;
		const char	*bytes;
		size_t		 len;		/* 0: strlen(bytes) */
		const char	*encoding;
		const char	*want;		/* rows, or NULL on error */
		const char	*want_err;	/* in the message */
	} rows[] = {
		{ "plain", "a,b\n1,2\n", 0, NULL, "a|b\n1|2\n", NULL },
		{ "CRLF", "a,b\r\n1,2\r\n", 0, NULL, "a|b\n1|2\n", NULL },
		{ "no final newline", "a,b\n1,2", 0, NULL, "a|b\n1|2\n",
		    NULL },
		{ "quotes and commas", "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n", 0,
		    NULL, "a|b\nx, y|say \"hi\"\n", NULL },
		{ "embedded newline", "a,b\n\"one\ntwo\",3\n", 0, NULL,
		    "a|b\none\ntwo|3\n", NULL },
		{ "empty fields", "a,b,c\n,,\n1,,3\n", 0, NULL,
		    "a|b|c\n||\n1||3\n", NULL },
		{ "UTF-8 BOM skipped", "\xEF\xBB\xBF" "a,b\n1,2\n", 0, NULL,
		    "a|b\n1|2\n", NULL },
		{ "blank lines skipped", "a\n\n1\n", 0, NULL, "a\n1\n", NULL },
		{ "Arabic kept as written", "given\n\xD9\x86\xD9\x88\xD8\xB1\n",
		    0, NULL, "given\n\xD9\x86\xD9\x88\xD8\xB1\n", NULL },
		{ "invalid UTF-8 names the line", "a\nok\n\xFF\xFE" "x\n", 0,
		    NULL, NULL, "line 3 is not UTF-8" },
		{ "overlong UTF-8", "a\n\xC0\xAF\n", 0, NULL, NULL,
		    "line 2 is not UTF-8" },
		{ "cut inside a character", "a\n\xD9", 0, NULL, NULL,
		    "ends inside a character" },
		{ "NUL byte", "a\nb\0c\n", 6, NULL, NULL,
		    "line 2 holds a NUL byte" },
		{ "UTF-16 without --encoding", "\xFF\xFE" "a\0", 4, NULL, NULL,
		    "give --encoding utf-16" },
		{ "UTF-16LE with BOM", "\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0"
		    "\x46\x06\n\0", 18, "utf-16", "a|b\n1|\xD9\x86\n", NULL },
		{ "UTF-16BE with BOM", "\xFE\xFF\0a\0,\0b\0\n", 10, "utf-16",
		    "a|b\n", NULL },
		{ "Windows-1256", "a\n\xE4\xE6\xD1\n", 0, "windows-1256",
		    "a\n\xD9\x86\xD9\x88\xD8\xB1\n", NULL },
		{ "unknown encoding", "a\n", 0, "latin-9", NULL,
		    "encoding \"latin-9\" is not known" },
		{ "quote left open", "a\n\"open\n", 0, NULL, NULL,
		    "row 2 opens a quote that never closes" },
		{ "stray quote", "a\nx\"y\n", 0, NULL, NULL,
		    "row 2 has a quote inside a field" },
	};
	char path[64];

	(void)state;
	snprintf(path, sizeof(path), "%s/t.csv", dir);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct table_options o = { .format = TABLE_CSV,
		    .encoding = rows[i].encoding };
		struct buf out = BUF_INIT(4096);
		struct err err = ERR_INIT;
		int rc;

		write_file(path, rows[i].bytes, rows[i].len ? rows[i].len :
		    strlen(rows[i].bytes));
		rc = read_all(path, &o, false, &out, &err);
		check_read(i, rows[i].name, rc, out.s, &err, rows[i].want,
		    rows[i].want_err);
		buf_release(&out);
	}
}

/* Limits hold while streaming: memory stays bounded. */
static void
test_csv_limits(void **state)
{
	static const struct {
		const char	*name;
		const char	*cell;		/* repeated */
		size_t		 times;
		const char	*want_err;
	} rows[] = {
		{ "a million columns", "x,", 1000000, "more than 200 columns" },
		{ "201 columns", "x,", 201, "more than 200 columns" },
		{ "a field of 1 MiB", "y", 1 << 20, "longer than 256 KiB" },
	};
	char path[64];

	(void)state;
	snprintf(path, sizeof(path), "%s/wide.csv", dir);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		size_t n = strlen(rows[i].cell);
		char *big = malloc(rows[i].times * n + 8), *p = big;
		struct table_options o = { .format = TABLE_CSV };
		struct buf out = BUF_INIT(1 << 20);
		struct err err = ERR_INIT;
		int rc;

		p += snprintf(p, 8, "h\n");
		for (size_t k = 0; k < rows[i].times; k++, p += n)
			memcpy(p, rows[i].cell, n);
		*p++ = '\n';
		write_file(path, big, (size_t)(p - big));
		free(big);
		rc = read_all(path, &o, false, &out, &err);
		if (rc != -1 || !unit_contains(err.msg, rows[i].want_err))
			fail_msg("row %zu \"%s\": rc %d, error \"%s\"", i,
			    rows[i].name, rc, err.msg);
		buf_release(&out);
	}
}

/* A workbook made of the given members, with libzip. */
static void
write_xlsx(const char *path, const char *const *members, size_t n)
{
	int code;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);

	assert_non_null(z);
	for (size_t i = 0; i + 1 < n; i += 2) {
		zip_source_t *s = zip_source_buffer(z, members[i + 1],
		    strlen(members[i + 1]), 0);

		assert_non_null(s);
		assert_true(zip_file_add(z, members[i], s, 0) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
}

#define SHEET_HEAD "<?xml version=\"1.0\"?><worksheet xmlns=\"http://" \
	"schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"

static void
test_xlsx(void **state)
{
	static const char *const shared[] = {
		"xl/sharedStrings.xml", "<?xml version=\"1.0\"?><sst xmlns="
		    "\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
		    "main\"><si><t>given</t></si><si><r><t>Nu</t></r><r><t>r"
		    "</t></r></si><si><t>\xD9\x86\xD9\x88\xD8\xB1</t></si>"
		    "</sst>",
		"xl/worksheets/sheet1.xml", SHEET_HEAD
		    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
		    "<c r=\"C1\" t=\"inlineStr\"><is><t>born</t></is></c></row>"
		    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"C2\">"
		    "<v>1999</v></c></row>"
		    "<row r=\"4\"><c r=\"B4\" t=\"s\"><v>2</v></c></row>"
		    SHEET_TAIL,
	};
	static const char *const bad_index[] = {
		"xl/worksheets/sheet1.xml", SHEET_HEAD "<row r=\"1\"><c r="
		    "\"A1\" t=\"s\"><v>7</v></c></row>" SHEET_TAIL,
	};
	static const char *const wide[] = {
		"xl/worksheets/sheet1.xml", SHEET_HEAD "<row r=\"1\"><c r="
		    "\"XFD1\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
		    SHEET_TAIL,
	};
	static const char *const broken_xml[] = {
		"xl/worksheets/sheet1.xml", SHEET_HEAD "<row r=\"1\"><c r="
		    "\"A1\"><v>1</v></c></row><row",
	};
	static const char *const no_sheet[] = {
		"xl/workbook.xml", "<workbook/>",
	};
	/* The first shared string empty: found by fuzz_table. */
	static const char *const empty_first[] = {
		"xl/sharedStrings.xml", "<?xml version=\"1.0\"?><sst xmlns="
		    "\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
		    "main\"><si/><si><t>x</t></si></sst>",
		"xl/worksheets/sheet1.xml", SHEET_HEAD
		    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
		    "<c r=\"B1\" t=\"s\"><v>1</v></c></row>" SHEET_TAIL,
	};
	static const struct {
		const char		*name;
		const char *const	*members;
		size_t			 n;
		const char		*want;
		const char		*want_err;
	} rows[] = {
		{ "shared, inline, rich text, gaps", shared,
		    ARRAY_SIZE(shared), "#1 given||born\n#2 Nur||1999\n"
		    "#4 |\xD9\x86\xD9\x88\xD8\xB1\n", NULL },
		{ "a string the workbook lacks", bad_index,
		    ARRAY_SIZE(bad_index), NULL, "names a string" },
		{ "column XFD", wide, ARRAY_SIZE(wide), NULL,
		    "more than 200 columns" },
		{ "XML cut short", broken_xml, ARRAY_SIZE(broken_xml), NULL,
		    "cut short" },
		{ "no worksheet", no_sheet, ARRAY_SIZE(no_sheet), NULL,
		    "has no worksheet" },
		{ "an empty first string", empty_first,
		    ARRAY_SIZE(empty_first), "#1 |x\n", NULL },
	};
	char path[64];

	(void)state;
	snprintf(path, sizeof(path), "%s/t.xlsx", dir);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct table_options o = { .format = TABLE_XLSX };
		struct buf out = BUF_INIT(4096);
		struct err err = ERR_INIT;
		int rc;

		write_xlsx(path, rows[i].members, rows[i].n);
		rc = read_all(path, &o, true, &out, &err);
		check_read(i, rows[i].name, rc, out.s, &err, rows[i].want,
		    rows[i].want_err);
		buf_release(&out);
	}
}

/* What the writers write, the readers read back; damaged files fail. */
static void
test_round_trip(void **state)
{
	static const char *const table[][3] = {
		{ "given", "family", "note" },
		{ "\xD9\x86\xD9\x88\xD8\xB1", "Petrova, Anna", "say \"hi\"" },
		{ "two\nlines", "", " padded " },
		/* Formulas to a spreadsheet: written as text, read back. */
		{ "=HYPERLINK(\"http://x\")", "+964 750", "@SUM(A1)" },
	};
	static const char *const want = "given|family|note\n"
	    "\xD9\x86\xD9\x88\xD8\xB1|Petrova, Anna|say \"hi\"\n"
	    "two\nlines|| padded \n"
	    "=HYPERLINK(\"http://x\")|+964 750|@SUM(A1)\n";
	static const struct {
		const char		*name;
		enum table_format	 format;
		bool			 bom;
		long			 cut;	/* bytes to keep; 0 all */
		const char		*want_err;
	} rows[] = {
		{ "CSV", TABLE_CSV, false, 0, NULL },
		{ "CSV with a BOM", TABLE_CSV, true, 0, NULL },
		{ "XLSX", TABLE_XLSX, false, 0, NULL },
		{ "XLSX cut short", TABLE_XLSX, false, 2000,
		    "not a complete XLSX" },
		{ "XLSX cut to nothing", TABLE_XLSX, false, 10,
		    "not a complete XLSX" },
	};
	char path[64];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct table_write_options wo = { .format = rows[i].format,
		    .bom = rows[i].bom };
		struct table_options o = { .format = rows[i].format };
		struct buf out = BUF_INIT(4096);
		struct err err = ERR_INIT;
		struct table_writer *w;
		int rc;

		snprintf(path, sizeof(path), "%s/rt.%s", dir,
		    rows[i].format == TABLE_CSV ? "csv" : "xlsx");
		w = table_writer_open(path, NULL, &wo, &err);
		assert_non_null(w);
		for (size_t k = 0; k < ARRAY_SIZE(table); k++)
			assert_int_equal(table_write_row(w, table[k], 3,
			    &err), 0);
		assert_int_equal(table_writer_close(&w, &err), 0);
		if (rows[i].format == TABLE_CSV) {
			FILE *f = fopen(path, "rb");
			char raw[1024] = "";

			assert_non_null(f);
			raw[fread(raw, 1, sizeof(raw) - 1, f)] = '\0';
			fclose(f);
			assert_non_null(strstr(raw, "\"'=HYPERLINK"));
			assert_non_null(strstr(raw, "\"'+964 750\""));
		}
		if (rows[i].cut)
			assert_int_equal(truncate(path, rows[i].cut), 0);
		rc = read_all(path, &o, false, &out, &err);
		check_read(i, rows[i].name, rc, out.s, &err,
		    rows[i].want_err ? NULL : want, rows[i].want_err);
		buf_release(&out);
	}
}

/*
 * Text that begins with U+FEFF, first in a CSV: written bare it was
 * taken for the file's byte order mark and dropped on reading (found by
 * fuzz_table).  It comes back, with and without a BOM of the file's own.
 */
static void
test_round_trip_feff(void **state)
{
	static const char *const row[] = { "\xEF\xBB\xBF" "name", "x" };
	char path[64];

	(void)state;
	snprintf(path, sizeof(path), "%s/feff.csv", dir);
	for (int bom = 0; bom < 2; bom++) {
		struct table_write_options wo = { .format = TABLE_CSV,
		    .bom = bom };
		struct table_options o = { .format = TABLE_CSV };
		struct buf out = BUF_INIT(256);
		struct err err = ERR_INIT;
		struct table_writer *w = table_writer_open(path, NULL, &wo,
		    &err);
		int rc;

		assert_non_null(w);
		assert_int_equal(table_write_row(w, row, 2, &err), 0);
		assert_int_equal(table_writer_close(&w, &err), 0);
		rc = read_all(path, &o, false, &out, &err);
		check_read((size_t)bom, bom ? "with a BOM" : "without a BOM",
		    rc, out.s, &err, "\xEF\xBB\xBF" "name|x\n", NULL);
		buf_release(&out);
	}
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[96];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_limits),
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_round_trip_feff),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
