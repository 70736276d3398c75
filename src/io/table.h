/* SPDX-License-Identifier: Apache-2.0 */
/*
 * table.h - rows of a spreadsheet file, read or written one at a time.
 *
 * A table is a CSV file (RFC 4180: quoted fields may hold commas, quotes
 * and newlines; CRLF or LF; a UTF-8 byte order mark is skipped) or the
 * first worksheet of an XLSX workbook.  Reading streams: memory stays
 * bounded by the limits below whatever the file holds, so a file with ten
 * million columns or a field of a gigabyte fails fast with a clear error.
 * Text comes out as UTF-8: a CSV in another encoding is converted when
 * its encoding is named (ICU converters), and a CSV that is not valid
 * UTF-8 is refused naming the line.  XLSX files are read with libzip and
 * libxml2's streaming reader, written with libxlsxwriter; CSV is parsed
 * with libcsv.
 *
 * Rows are numbered as a spreadsheet shows them: the first row (usually
 * the header) is row 1.  Blank lines of a CSV are skipped, not counted.
 */
#ifndef TIPSOM_IO_TABLE_H
#define TIPSOM_IO_TABLE_H

#include <stdbool.h>
#include <stddef.h>

struct err;

enum table_format {
	TABLE_CSV,
	TABLE_XLSX,
};

/* Limits a reader enforces while it reads. */
#define TABLE_COLUMNS_MAX	200		/* columns in a row */
#define TABLE_FIELD_MAX		(256 * 1024)	/* bytes in one field */
#define TABLE_SHARED_MAX	(128u << 20)	/* bytes of an XLSX's shared
						 * strings, all together */

struct table_options {
	enum table_format format;
	/*
	 * For CSV: NULL or "utf-8" (the default), "utf-16" (with a byte
	 * order mark, or little-endian without), "utf-16le", "utf-16be",
	 * "windows-1256".  Ignored for XLSX, which is always UTF-8.
	 */
	const char	*encoding;
	/* Called with every byte of the file as it is read (to hash it). */
	void		(*on_bytes)(void *arg, const void *p, size_t n);
	void		*arg;
};

/*
 * The format a file name's extension says (".csv", ".xlsx", any case).
 * ERR_INVALID naming field otherwise.
 */
int		 table_format_of(const char *path, const char *field,
		    enum table_format *out, struct err *err);

/* "csv" or "xlsx" to a format.  ERR_INVALID naming field otherwise. */
int		 table_format_parse(const char *s, const char *field,
		    enum table_format *out, struct err *err);

/* Whether encoding is one table_open() knows (NULL is). */
bool		 table_encoding_known(const char *encoding);

struct table_reader;

/* One row as read: valid until the next table_next() or table_close(). */
struct table_row {
	const char	**fields;	/* UTF-8, NUL-terminated, never NULL */
	size_t		 n;
	long		 number;	/* the row's number, from 1 */
};

/*
 * Opens path to read.  NULL with ERR_IO (it cannot be opened) or
 * ERR_INVALID (not a workbook, a corrupt or truncated one, no
 * worksheet), naming "file".  Release with table_close().
 */
struct table_reader *table_open(const char *path,
		    const struct table_options *o, struct err *err);

/*
 * Reads the next row into *row: 1 when there is one, 0 at the end, -1
 * with ERR_INVALID naming "file" for what the file does wrong (the
 * message names the line or row: bytes that are not UTF-8, a quote left
 * open, more than TABLE_COLUMNS_MAX columns, a field over
 * TABLE_FIELD_MAX bytes, broken XML) or ERR_IO.  After -1 the reader
 * only fails.
 */
int		 table_next(struct table_reader *r, struct table_row *row,
		    struct err *err);

/* How far the reader is, in bytes of the file, and the file's size. */
void		 table_progress(const struct table_reader *r, size_t *done,
		    size_t *total);

/* Closes *r and sets it to NULL; nothing on NULL. */
void		 table_close(struct table_reader **r);

struct table_writer;

struct table_write_options {
	enum table_format format;
	bool		 bom;		/* CSV: start with a UTF-8 BOM (Excel) */
	const char	*sheet;		/* XLSX: the sheet's name */
};

/*
 * Opens path to write (a CSV may also go to out when path is NULL; an
 * XLSX needs a path).  The first row written is the header: in XLSX it is
 * bold, and frozen above the others.  NULL with ERR_IO naming "out".
 */
struct table_writer *table_writer_open(const char *path, void *out,
		    const struct table_write_options *o, struct err *err);

/*
 * A CSV cell that starts with one of these is a formula to a spreadsheet
 * (=HYPERLINK(...) in a name could send data away when the file is
 * opened): it is written with an apostrophe first, which spreadsheets
 * show as text, and table_next() drops that apostrophe again, so a file
 * exported and imported keeps its text.
 */
#define TABLE_FORMULA_STARTS	"=+-@\t\r"

/* Writes one row of n UTF-8 fields (NULL is an empty field). */
int		 table_write_row(struct table_writer *w,
		    const char *const *fields, size_t n, struct err *err);

/*
 * Finishes the file and frees *w (set to NULL).  0, or -1 with ERR_IO
 * when the file could not be completed.  Nothing on NULL.
 */
int		 table_writer_close(struct table_writer **w, struct err *err);

#endif
