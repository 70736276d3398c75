/* SPDX-License-Identifier: Apache-2.0 */
/*
 * table_write.c - writing CSV (RFC 4180) and XLSX (libxlsxwriter, in its
 * constant-memory mode: rows go to disk as they come).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "base/err.h"
#include "io/table.h"
#include "base/banned.h"

#define XLSX_ROWS_MAX	1048576

struct table_writer {
	enum table_format format;
	FILE		*f;
	bool		 own;		/* we opened f */
	lxw_workbook	*book;
	lxw_worksheet	*sheet;
	lxw_format	*bold;
	long		 rows;
};

struct table_writer *
table_writer_open(const char *path, void *out,
    const struct table_write_options *o, struct err *err)
{
	struct table_writer *w = calloc(1, sizeof(*w));

	if (!w)
		abort();
	w->format = o->format;
	if (o->format == TABLE_XLSX) {
		lxw_workbook_options opt = { .constant_memory = LXW_TRUE };

		if (!path) {
			free(w);
			err_set(err, ERR_INVALID, "out", "an XLSX file needs "
			    "a name: give --out FILE.xlsx");
			return NULL;
		}
		w->book = workbook_new_opt(path, &opt);
		if (w->book)
			w->sheet = workbook_add_worksheet(w->book,
			    o->sheet ? o->sheet : NULL);
		if (!w->book || !w->sheet) {
			if (w->book)
				workbook_close(w->book);
			free(w);
			err_set(err, ERR_IO, "out", "cannot write %.80s",
			    path);
			return NULL;
		}
		w->bold = workbook_add_format(w->book);
		format_set_bold(w->bold);
		worksheet_freeze_panes(w->sheet, 1, 0);
		return w;
	}
	if (path) {
		w->f = fopen(path, "wb");
		w->own = true;
	} else {
		w->f = out;
	}
	if (!w->f) {
		free(w);
		err_set(err, ERR_IO, "out", "cannot write %.80s: %s",
		    path ? path : "the output", strerror(errno));
		return NULL;
	}
	if (o->bom)
		fputs("\xEF\xBB\xBF", w->f);
	return w;
}

/* One CSV field, quoted when it holds a comma, quote, newline or an
 * outer space (which readers trim), or begins with U+FEFF (which readers
 * skip as a byte order mark at the start of a file: found by
 * fuzz_table); one a spreadsheet would take for a formula gets an
 * apostrophe first (table.h). */
static void
csv_field(FILE *f, const char *s)
{
	size_t n = strlen(s);
	bool formula = n && strchr(TABLE_FORMULA_STARTS, s[0]);

	if (n && !formula && strcspn(s, ",\"\r\n") == n && s[0] != ' ' &&
	    s[n - 1] != ' ' && s[0] != '\t' && s[n - 1] != '\t' &&
	    strncmp(s, "\xEF\xBB\xBF", 3) != 0) {
		fwrite(s, 1, n, f);
		return;
	}
	if (n == 0)
		return;
	putc('"', f);
	if (formula)
		putc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

int
table_write_row(struct table_writer *w, const char *const *fields, size_t n,
    struct err *err)
{
	if (w->format == TABLE_XLSX) {
		if (w->rows >= XLSX_ROWS_MAX)
			return err_set(err, ERR_INVALID, "format", "more than "
			    "%d rows do not fit in an XLSX sheet: export as "
			    "CSV", XLSX_ROWS_MAX - 1);
		for (size_t i = 0; i < n; i++) {
			lxw_error e;

			if (!fields[i] || !*fields[i])
				continue;
			e = worksheet_write_string(w->sheet,
			    (lxw_row_t)w->rows, (lxw_col_t)i, fields[i],
			    w->rows == 0 ? w->bold : NULL);
			if (e != LXW_NO_ERROR)
				return err_set(err, ERR_IO, "out", "cannot "
				    "write row %ld: %s", w->rows + 1,
				    lxw_strerror(e));
		}
		w->rows++;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc(',', w->f);
		csv_field(w->f, fields[i] ? fields[i] : "");
	}
	fputs("\r\n", w->f);
	w->rows++;
	if (ferror(w->f))
		return err_set(err, ERR_IO, "out", "cannot write row %ld: %s",
		    w->rows, strerror(errno));
	return 0;
}

int
table_writer_close(struct table_writer **wp, struct err *err)
{
	struct table_writer *w = *wp;
	int rc = 0;

	if (!w)
		return 0;
	if (w->book) {
		lxw_error e = workbook_close(w->book);

		if (e != LXW_NO_ERROR)
			rc = err_set(err, ERR_IO, "out", "cannot finish the "
			    "workbook: %s", lxw_strerror(e));
	} else if (w->f) {
		if (fflush(w->f) != 0 || ferror(w->f))
			rc = err_set(err, ERR_IO, "out", "cannot write: %s",
			    strerror(errno));
		if (w->own && fclose(w->f) != 0 && rc == 0)
			rc = err_set(err, ERR_IO, "out", "cannot write: %s",
			    strerror(errno));
	}
	free(w);
	*wp = NULL;
	return rc;
}
