/* SPDX-License-Identifier: Apache-2.0 */
/*
 * table_read.c - reading CSV (libcsv, ICU converters) and XLSX (libzip,
 * libxml2's streaming reader) one row at a time, in bounded memory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <csv.h>
#include <libxml/xmlreader.h>
#include <unicode/ucnv.h>
#include <zip.h>

#include "base/err.h"
#include "base/util.h"
#include "io/table.h"
#include "base/banned.h"

#define CHUNK		(64 * 1024)
#define CONVERTED	(4 * CHUNK)

struct slice {
	size_t		 first;		/* index in offs */
	size_t		 n;
	long		 number;
};

struct table_reader {
	enum table_format format;
	FILE		*f;
	size_t		 size, done;
	void		(*on_bytes)(void *, const void *, size_t);
	void		*arg;
	bool		 failed, eof;
	struct err	 error;		/* set by the callbacks */

	/* Fields of the rows read and not yet handed out, NUL-terminated. */
	char		*data;
	size_t		 len, cap;
	size_t		*offs;
	size_t		 n_offs, cap_offs;
	struct slice	*rows;
	size_t		 n_rows, cap_rows, next_row;
	size_t		 cur_first, cur_n;	/* the row being read */
	long		 numbered;		/* rows seen */
	const char	*ptrs[TABLE_COLUMNS_MAX];

	/* CSV */
	struct csv_parser csv;
	bool		 csv_open;
	UConverter	*from, *to;		/* NULL for UTF-8 */
	UChar		 pivot[CHUNK], *pivot_src, *pivot_dst;
	const char	*encoding;
	bool		 started;		/* past any byte order mark */
	long		 line;
	int		 need;			/* UTF-8 continuation bytes */
	unsigned char	 lo, hi;		/* range of the next one */

	/* XLSX */
	zip_t		*zip;
	zip_file_t	*zf;
	xmlTextReaderPtr xr;
	char		**shared;
	size_t		 n_shared;
};

/* ------------------------------------------------------------------ */
/* Formats and encodings                                               */
/* ------------------------------------------------------------------ */

int
table_format_parse(const char *s, const char *field, enum table_format *out,
    struct err *err)
{
	if (s && strcasecmp(s, "csv") == 0)
		*out = TABLE_CSV;
	else if (s && strcasecmp(s, "xlsx") == 0)
		*out = TABLE_XLSX;
	else
		return err_set(err, ERR_INVALID, field, "format \"%.20s\" is "
		    "not known: use csv or xlsx", s ? s : "");
	return 0;
}

int
table_format_of(const char *path, const char *field, enum table_format *out,
    struct err *err)
{
	const char *dot = strrchr(path, '.');

	if (!dot || table_format_parse(dot + 1, field, out, err) == -1)
		return err_set(err, ERR_INVALID, field, "\"%.80s\" is neither "
		    ".csv nor .xlsx: name the file by its format", path);
	return 0;
}

static const struct {
	const char	*name;
	const char	*icu;
} encodings[] = {
	{ "utf-8", NULL },
	{ "utf8", NULL },
	{ "utf-16", "UTF-16LE" },	/* a byte order mark decides */
	{ "utf-16le", "UTF-16LE" },
	{ "utf-16be", "UTF-16BE" },
	{ "windows-1256", "windows-1256" },
	{ "cp1256", "windows-1256" },
};

static int
encoding_index(const char *encoding)
{
	if (!encoding || !*encoding)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(encodings); i++)
		if (strcasecmp(encodings[i].name, encoding) == 0)
			return (int)i;
	return -1;
}

bool
table_encoding_known(const char *encoding)
{
	return encoding_index(encoding) >= 0;
}

/* ------------------------------------------------------------------ */
/* The rows buffer                                                     */
/* ------------------------------------------------------------------ */

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 64;

	if (need <= *cap)
		return p;
	while (n < need)
		n *= 2;
	p = realloc(p, n * size);
	if (!p)
		abort();
	*cap = n;
	return p;
}

static void
add_field(struct table_reader *r, const char *s, size_t n)
{
	r->data = grow(r->data, &r->cap, r->len + n + 1, 1);
	r->offs = grow(r->offs, &r->cap_offs, r->n_offs + 1,
	    sizeof(*r->offs));
	r->offs[r->n_offs++] = r->len;
	if (n)
		memcpy(r->data + r->len, s, n);
	r->len += n;
	r->data[r->len++] = '\0';
	r->cur_n++;
}

static void
end_row(struct table_reader *r)
{
	r->rows = grow(r->rows, &r->cap_rows, r->n_rows + 1, sizeof(*r->rows));
	r->rows[r->n_rows++] = (struct slice){ .first = r->cur_first,
	    .n = r->cur_n, .number = ++r->numbered };
	r->cur_first = r->n_offs;
	r->cur_n = 0;
}

/* Drops the rows handed out, keeping the one being read. */
static void
compact(struct table_reader *r)
{
	size_t base = r->cur_first < r->n_offs ? r->offs[r->cur_first] :
	    r->len;

	if (base)
		memmove(r->data, r->data + base, r->len - base);
	r->len -= base;
	for (size_t i = r->cur_first; i < r->n_offs; i++)
		r->offs[i - r->cur_first] = r->offs[i] - base;
	r->n_offs -= r->cur_first;
	r->cur_first = 0;
	r->n_rows = r->next_row = 0;
}

static int
too_many_columns(struct table_reader *r)
{
	return err_set(&r->error, ERR_INVALID, "file", "row %ld has more "
	    "than %d columns: keep only the columns to import", r->numbered + 1,
	    TABLE_COLUMNS_MAX);
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */
/* ------------------------------------------------------------------ */

static void
csv_field(void *s, size_t n, void *arg)
{
	struct table_reader *r = arg;

	if (r->error.code != ERR_OK)
		return;
	if (r->cur_n >= TABLE_COLUMNS_MAX) {
		too_many_columns(r);
		return;
	}
	add_field(r, s ? s : "", s ? n : 0);
}

static void
csv_row(int c, void *arg)
{
	struct table_reader *r = arg;

	(void)c;
	if (r->error.code == ERR_OK)
		end_row(r);
}

/* libcsv grows a field's buffer through this: a field has a cap. */
static void *
capped_realloc(void *p, size_t n)
{
	if (n > TABLE_FIELD_MAX + 1)
		return NULL;
	return realloc(p, n);
}

/*
 * Checks that p[0..n) continues well-formed UTF-8 (the state carries
 * over from the previous piece), counting lines.
 */
static int
utf8_check(struct table_reader *r, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char b = p[i];

		if (r->need) {
			if (b < r->lo || b > r->hi)
				goto bad;
			r->lo = 0x80;
			r->hi = 0xBF;
			r->need--;
			continue;
		}
		if (b < 0x80) {
			if (b == '\n')
				r->line++;
			else if (b == 0)
				return err_set(&r->error, ERR_INVALID, "file",
				    "line %ld holds a NUL byte: this is not a "
				    "text file, or give its --encoding",
				    r->line);
			continue;
		}
		r->lo = 0x80;
		r->hi = 0xBF;
		if (b >= 0xC2 && b <= 0xDF) {
			r->need = 1;
		} else if (b >= 0xE0 && b <= 0xEF) {
			r->need = 2;
			if (b == 0xE0)
				r->lo = 0xA0;
			else if (b == 0xED)
				r->hi = 0x9F;
		} else if (b >= 0xF0 && b <= 0xF4) {
			r->need = 3;
			if (b == 0xF0)
				r->lo = 0x90;
			else if (b == 0xF4)
				r->hi = 0x8F;
		} else {
			goto bad;
		}
	}
	return 0;
bad:
	return err_set(&r->error, ERR_INVALID, "file", "line %ld is not "
	    "UTF-8: save the file as UTF-8, or give its --encoding "
	    "(utf-16, windows-1256)", r->line);
}

static int
csv_feed(struct table_reader *r, const char *p, size_t n)
{
	size_t used;

	if (utf8_check(r, (const unsigned char *)p, n) == -1)
		return -1;
	used = csv_parse(&r->csv, p, n, csv_field, csv_row, r);
	if (r->error.code != ERR_OK)
		return -1;
	if (used < n) {
		if (csv_error(&r->csv) == CSV_ENOMEM)
			return err_set(&r->error, ERR_INVALID, "file", "row "
			    "%ld has a field longer than %d KiB: check its "
			    "quotes", r->numbered + 1, TABLE_FIELD_MAX / 1024);
		return err_set(&r->error, ERR_INVALID, "file", "row %ld has "
		    "a quote inside a field that does not start with one: "
		    "quote the whole field and double the quotes in it",
		    r->numbered + 1);
	}
	return 0;
}

/* Converts p[0..n) from the file's encoding to UTF-8 and feeds it. */
static int
csv_convert(struct table_reader *r, const char *p, size_t n, bool flush)
{
	const char *src = p, *limit = p + n;
	char out[CONVERTED];

	for (;;) {
		UErrorCode status = U_ZERO_ERROR;
		char *dst = out;

		ucnv_convertEx(r->to, r->from, &dst, out + sizeof(out), &src,
		    limit, r->pivot, &r->pivot_src, &r->pivot_dst,
		    r->pivot + ARRAY_SIZE(r->pivot), false, flush, &status);
		if (dst > out && csv_feed(r, out, (size_t)(dst - out)) == -1)
			return -1;
		if (status == U_BUFFER_OVERFLOW_ERROR)
			continue;
		if (U_FAILURE(status))
			return err_set(&r->error, ERR_INVALID, "file", "line "
			    "%ld is not %s: check the --encoding", r->line,
			    r->encoding);
		return 0;
	}
}

/* The first bytes: a byte order mark, or UTF-16 not asked for. */
static size_t
csv_start(struct table_reader *r, const unsigned char *p, size_t n)
{
	r->started = true;
	if (!r->from) {
		if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
			return 3;
		if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) ||
		    (p[0] == 0xFE && p[1] == 0xFF))) {
			err_set(&r->error, ERR_INVALID, "file", "the file is "
			    "UTF-16: give --encoding utf-16");
			return 0;
		}
		return 0;
	}
	if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF &&
	    strncasecmp(r->encoding, "utf-16", 6) == 0) {
		UErrorCode status = U_ZERO_ERROR;
		UConverter *be = ucnv_open("UTF-16BE", &status);

		if (U_SUCCESS(status)) {
			ucnv_close(r->from);
			r->from = be;
			ucnv_setToUCallBack(r->from, UCNV_TO_U_CALLBACK_STOP,
			    NULL, NULL, NULL, &status);
		}
		return 2;
	}
	if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE &&
	    strncasecmp(r->encoding, "utf-16", 6) == 0)
		return 2;
	return 0;
}

/* Reads and parses the next chunk of the file; sets eof at the end. */
static int
csv_more(struct table_reader *r)
{
	unsigned char raw[CHUNK];
	size_t n = fread(raw, 1, sizeof(raw), r->f), skip = 0;

	if (n == 0 && ferror(r->f))
		return err_set(&r->error, ERR_IO, "file", "cannot read the "
		    "file: %s", strerror(errno));
	r->done += n;
	if (n && r->on_bytes)
		r->on_bytes(r->arg, raw, n);
	if (!r->started && n) {
		skip = csv_start(r, raw, n);
		if (r->error.code != ERR_OK)
			return -1;
	}
	if (n == 0) {
		r->eof = true;
		if (r->from && csv_convert(r, "", 0, true) == -1)
			return -1;
		if (r->need)
			return err_set(&r->error, ERR_INVALID, "file", "line "
			    "%ld ends inside a character: the file is cut "
			    "short, or not UTF-8", r->line);
		if (csv_fini(&r->csv, csv_field, csv_row, r) != 0 &&
		    r->error.code == ERR_OK)
			return err_set(&r->error, ERR_INVALID, "file", "row "
			    "%ld opens a quote that never closes: close it, or "
			    "the file is cut short", r->numbered + 1);
		return r->error.code == ERR_OK ? 0 : -1;
	}
	if (r->from)
		return csv_convert(r, (const char *)raw + skip, n - skip,
		    false);
	return csv_feed(r, (const char *)raw + skip, n - skip);
}

static int
csv_open(struct table_reader *r, const struct table_options *o,
    struct err *err)
{
	int e = encoding_index(o->encoding);

	if (e < 0)
		return err_set(err, ERR_INVALID, "encoding", "encoding "
		    "\"%.20s\" is not known: use utf-8, utf-16, utf-16le, "
		    "utf-16be or windows-1256", o->encoding);
	if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_APPEND_NULL) != 0)
		abort();
	r->csv_open = true;
	csv_set_realloc_func(&r->csv, capped_realloc);
	csv_set_blk_size(&r->csv, 4096);
	r->line = 1;
	r->encoding = encodings[e].name;
	if (encodings[e].icu) {
		UErrorCode status = U_ZERO_ERROR;

		r->from = ucnv_open(encodings[e].icu, &status);
		if (U_SUCCESS(status))
			r->to = ucnv_open("UTF-8", &status);
		if (U_SUCCESS(status))
			ucnv_setToUCallBack(r->from, UCNV_TO_U_CALLBACK_STOP,
			    NULL, NULL, NULL, &status);
		if (U_FAILURE(status))
			return err_set(err, ERR_INTERNAL, "encoding", "no "
			    "converter for %s: %s", encodings[e].name,
			    u_errorName(status));
		r->pivot_src = r->pivot_dst = r->pivot;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* XLSX                                                                */
/* ------------------------------------------------------------------ */

static int
zip_read_cb(void *ctx, char *buf, int len)
{
	struct table_reader *r = ctx;
	zip_int64_t n = zip_fread(r->zf, buf, (zip_uint64_t)len);

	if (n < 0)
		return -1;
	r->done += (size_t)n;
	return (int)n;
}

static int
zip_close_cb(void *ctx)
{
	(void)ctx;
	return 0;
}

static void
xml_error(void *arg, const char *msg, xmlParserSeverities severity,
    xmlTextReaderLocatorPtr loc)
{
	struct table_reader *r = arg;

	(void)loc;
	if (severity == XML_PARSER_SEVERITY_WARNING ||
	    severity == XML_PARSER_SEVERITY_VALIDITY_WARNING)
		return;
	if (r->error.code == ERR_OK)
		err_set(&r->error, ERR_INVALID, "file", "the workbook is "
		    "damaged or cut short (%.*s): save it again from the "
		    "spreadsheet, or as CSV", (int)strcspn(msg, "\n"), msg);
}

/* Opens member name of the workbook as an XML stream. */
static int
xml_open(struct table_reader *r, const char *name, struct err *err)
{
	if (r->xr) {
		xmlFreeTextReader(r->xr);
		r->xr = NULL;
	}
	if (r->zf) {
		zip_fclose(r->zf);
		r->zf = NULL;
	}
	r->zf = zip_fopen(r->zip, name, 0);
	if (!r->zf)
		return err_set(err, ERR_INVALID, "file", "the workbook has no "
		    "%s: save it again from the spreadsheet, or as CSV", name);
	r->xr = xmlReaderForIO(zip_read_cb, zip_close_cb, r, NULL, NULL,
	    XML_PARSE_NONET);
	if (!r->xr)
		abort();
	xmlTextReaderSetErrorHandler(r->xr, xml_error, r);
	return 0;
}

static bool
is(xmlTextReaderPtr xr, const char *name)
{
	const xmlChar *local = xmlTextReaderConstLocalName(xr);

	return local && STREQ((const char *)local, name);
}

/* The text of the current element's <t> descendants, up to its end. */
static int
xml_text(struct table_reader *r, const char *end, size_t start)
{
	int depth = xmlTextReaderDepth(r->xr), rc, type;
	bool in_t = false, in_v = false;

	if (xmlTextReaderIsEmptyElement(r->xr))
		return 0;
	while ((rc = xmlTextReaderRead(r->xr)) == 1) {
		type = xmlTextReaderNodeType(r->xr);
		if (type == XML_READER_TYPE_ELEMENT &&
		    !xmlTextReaderIsEmptyElement(r->xr)) {
			in_t = is(r->xr, "t");
			in_v = is(r->xr, "v");
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (xmlTextReaderDepth(r->xr) == depth &&
			    is(r->xr, end))
				return 0;
			in_t = in_v = false;
		} else if ((in_t || in_v) &&
		    (type == XML_READER_TYPE_TEXT ||
		    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
		    type == XML_READER_TYPE_CDATA)) {
			const char *s = (const char *)
			    xmlTextReaderConstValue(r->xr);
			size_t n = s ? strlen(s) : 0;

			if (r->len - start + n > TABLE_FIELD_MAX)
				return err_set(&r->error, ERR_INVALID, "file",
				    "row %ld has a cell longer than %d KiB: "
				    "shorten it", r->numbered + 1,
				    TABLE_FIELD_MAX / 1024);
			r->data = grow(r->data, &r->cap, r->len + n + 1, 1);
			memcpy(r->data + r->len, s, n);
			r->len += n;
		}
	}
	if (r->error.code == ERR_OK)
		err_set(&r->error, ERR_INVALID, "file", "the workbook is cut "
		    "short: save it again from the spreadsheet, or as CSV");
	return -1;
}

static int
read_shared(struct table_reader *r, struct err *err)
{
	size_t total = 0, cap = 0;
	int rc;

	if (zip_name_locate(r->zip, "xl/sharedStrings.xml", 0) < 0)
		return 0;
	if (xml_open(r, "xl/sharedStrings.xml", err) == -1)
		return -1;
	while ((rc = xmlTextReaderRead(r->xr)) == 1) {
		if (xmlTextReaderNodeType(r->xr) != XML_READER_TYPE_ELEMENT ||
		    !is(r->xr, "si"))
			continue;
		r->len = 0;
		if (xml_text(r, "si", 0) == -1)
			goto fail;
		total += r->len + 1;
		if (total > TABLE_SHARED_MAX) {
			err_set(&r->error, ERR_INVALID, "file", "the "
			    "workbook's text is over %u MiB: split it, or "
			    "save it as CSV", TABLE_SHARED_MAX >> 20);
			goto fail;
		}
		r->shared = grow(r->shared, &cap, r->n_shared + 1,
		    sizeof(*r->shared));
		r->shared[r->n_shared] = malloc(r->len + 1);
		if (!r->shared[r->n_shared])
			abort();
		/* An empty first string (<si/>) leaves r->data unmade: memcpy
		 * must not see NULL even for no bytes (found by fuzz_table). */
		if (r->len)
			memcpy(r->shared[r->n_shared], r->data, r->len);
		r->shared[r->n_shared++][r->len] = '\0';
	}
	if (rc == 0 && r->error.code == ERR_OK)
		return 0;
	if (r->error.code == ERR_OK)
		err_set(&r->error, ERR_INVALID, "file", "the workbook's "
		    "strings are damaged: save it again, or as CSV");
fail:
	*err = r->error;
	return -1;
}

/* The first worksheet: sheet1.xml, or else the first there is. */
static int
open_sheet(struct table_reader *r, struct err *err)
{
	const char *name = "xl/worksheets/sheet1.xml";
	zip_int64_t n = zip_get_num_entries(r->zip, 0);
	zip_stat_t st;

	if (zip_name_locate(r->zip, name, 0) < 0) {
		name = NULL;
		for (zip_int64_t i = 0; i < n && !name; i++) {
			const char *s = zip_get_name(r->zip,
			    (zip_uint64_t)i, 0);

			if (s && strncmp(s, "xl/worksheets/sheet", 19) == 0)
				name = s;
		}
		if (!name)
			return err_set(err, ERR_INVALID, "file", "the workbook "
			    "has no worksheet: save it again from the "
			    "spreadsheet, or as CSV");
	}
	zip_stat_init(&st);
	if (zip_stat(r->zip, name, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_SIZE))
		r->size = (size_t)st.size;
	r->done = 0;
	return xml_open(r, name, err);
}

/* "BC12" to the column's index from 0, or -1. */
static long
column_of(const char *ref)
{
	long col = 0;
	int letters = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++, letters++) {
		col = col * 26 + (*ref - 'A' + 1);
		if (col > 100000)
			return 100000;
	}
	return letters ? col - 1 : -1;
}

/* One cell: its value, placed at its column. */
static int
xlsx_cell(struct table_reader *r)
{
	xmlChar *ref = xmlTextReaderGetAttribute(r->xr, BAD_CAST "r");
	xmlChar *type = xmlTextReaderGetAttribute(r->xr, BAD_CAST "t");
	long col = ref ? column_of((const char *)ref) : -1;
	size_t start;
	int rc = -1;

	if (col < 0)
		col = (long)r->cur_n;
	if (col >= TABLE_COLUMNS_MAX) {
		too_many_columns(r);
		goto out;
	}
	while (r->cur_n < (size_t)col)
		add_field(r, "", 0);
	if (r->cur_n > (size_t)col) {
		err_set(&r->error, ERR_INVALID, "file", "row %ld repeats "
		    "cell %s: save the workbook again", r->numbered + 1,
		    (const char *)ref);
		goto out;
	}
	start = r->len;
	if (xml_text(r, "c", start) == -1)
		goto out;
	r->data = grow(r->data, &r->cap, r->len + 1, 1);
	r->data[r->len] = '\0';
	if (type && STREQ((const char *)type, "s")) {
		char *end;
		unsigned long i = strtoul(r->data + start, &end, 10);

		if (end == r->data + start || *end || i >= r->n_shared) {
			err_set(&r->error, ERR_INVALID, "file", "row %ld "
			    "names a string the workbook does not have: save "
			    "it again", r->numbered + 1);
			goto out;
		}
		r->len = start;
		add_field(r, r->shared[i], strlen(r->shared[i]));
	} else {
		size_t n = r->len - start;

		r->len = start;
		r->offs = grow(r->offs, &r->cap_offs, r->n_offs + 1,
		    sizeof(*r->offs));
		r->offs[r->n_offs++] = start;
		r->len += n + 1;
		r->cur_n++;
	}
	rc = 0;
out:
	xmlFree(ref);
	xmlFree(type);
	return rc;
}

/* Reads the next <row> into the buffer; sets eof after the last. */
static int
xlsx_more(struct table_reader *r)
{
	int rc, type;
	bool in_row = false;

	while ((rc = xmlTextReaderRead(r->xr)) == 1) {
		type = xmlTextReaderNodeType(r->xr);
		if (type == XML_READER_TYPE_ELEMENT && is(r->xr, "row")) {
			xmlChar *num = xmlTextReaderGetAttribute(r->xr,
			    BAD_CAST "r");

			if (num) {
				long n = strtol((const char *)num, NULL, 10);

				if (n > r->numbered + 1)
					r->numbered = n - 1;
				xmlFree(num);
			}
			if (xmlTextReaderIsEmptyElement(r->xr)) {
				end_row(r);
				return 0;
			}
			in_row = true;
		} else if (in_row && type == XML_READER_TYPE_ELEMENT &&
		    is(r->xr, "c")) {
			if (xlsx_cell(r) == -1)
				return -1;
		} else if (in_row && type == XML_READER_TYPE_END_ELEMENT &&
		    is(r->xr, "row")) {
			end_row(r);
			return 0;
		}
	}
	if (rc == 0 && !in_row && r->error.code == ERR_OK) {
		r->eof = true;
		return 0;
	}
	if (r->error.code == ERR_OK)
		err_set(&r->error, ERR_INVALID, "file", "the worksheet is "
		    "damaged or cut short after row %ld: save it again from "
		    "the spreadsheet, or as CSV", r->numbered);
	return -1;
}

static int
xlsx_open(struct table_reader *r, const char *path, struct err *err)
{
	unsigned char raw[CHUNK];
	size_t n;
	int code = 0;

	/* The whole file goes through on_bytes first: zip reads it out of
	 * order. */
	while ((n = fread(raw, 1, sizeof(raw), r->f)) > 0)
		if (r->on_bytes)
			r->on_bytes(r->arg, raw, n);
	if (ferror(r->f))
		return err_set(err, ERR_IO, "file", "cannot read %.80s: %s",
		    path, strerror(errno));
	r->zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
	if (!r->zip)
		return err_set(err, ERR_INVALID, "file", "%.80s is not a "
		    "complete XLSX workbook (%s): save it again from the "
		    "spreadsheet, or as CSV", path, code == ZIP_ER_NOZIP ?
		    "not a zip file" : "a damaged or cut short zip file");
	if (read_shared(r, err) == -1 || open_sheet(r, err) == -1)
		return -1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Both                                                                */
/* ------------------------------------------------------------------ */

struct table_reader *
table_open(const char *path, const struct table_options *o, struct err *err)
{
	struct table_reader *r = calloc(1, sizeof(*r));
	struct stat st;

	if (!r)
		abort();
	r->format = o->format;
	r->on_bytes = o->on_bytes;
	r->arg = o->arg;
	r->f = fopen(path, "rb");
	if (!r->f) {
		err_set(err, ERR_IO, "file", "cannot open %.80s: %s", path,
		    strerror(errno));
		goto fail;
	}
	if (fstat(fileno(r->f), &st) == 0)
		r->size = (size_t)st.st_size;
	if ((o->format == TABLE_CSV && csv_open(r, o, err) == -1) ||
	    (o->format == TABLE_XLSX && xlsx_open(r, path, err) == -1))
		goto fail;
	return r;
fail:
	table_close(&r);
	return NULL;
}

int
table_next(struct table_reader *r, struct table_row *row, struct err *err)
{
	const struct slice *s;

	if (r->failed) {
		*err = r->error;
		return -1;
	}
	while (r->next_row == r->n_rows) {
		if (r->eof)
			return 0;
		compact(r);
		if ((r->format == TABLE_CSV ? csv_more(r) : xlsx_more(r)) ==
		    -1) {
			r->failed = true;
			*err = r->error;
			return -1;
		}
	}
	s = &r->rows[r->next_row++];
	for (size_t i = 0; i < s->n; i++) {
		r->ptrs[i] = r->data + r->offs[s->first + i];
		/* The apostrophe an export put before a formula-like cell. */
		if (r->format == TABLE_CSV && r->ptrs[i][0] == '\'' &&
		    r->ptrs[i][1] && strchr(TABLE_FORMULA_STARTS,
		    r->ptrs[i][1]))
			r->ptrs[i]++;
	}
	*row = (struct table_row){ .fields = r->ptrs, .n = s->n,
	    .number = s->number };
	return 1;
}

void
table_progress(const struct table_reader *r, size_t *done, size_t *total)
{
	*done = r->done;
	*total = r->size;
}

void
table_close(struct table_reader **rp)
{
	struct table_reader *r = *rp;

	if (!r)
		return;
	if (r->csv_open)
		csv_free(&r->csv);
	if (r->from)
		ucnv_close(r->from);
	if (r->to)
		ucnv_close(r->to);
	if (r->xr)
		xmlFreeTextReader(r->xr);
	if (r->zf)
		zip_fclose(r->zf);
	if (r->zip)
		zip_discard(r->zip);
	for (size_t i = 0; i < r->n_shared; i++)
		free(r->shared[i]);
	free(r->shared);
	if (r->f)
		fclose(r->f);
	free(r->data);
	free(r->offs);
	free(r->rows);
	free(r);
	*rp = NULL;
}
