/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_import.c - tipsom import persons|cases FILE: a CSV or XLSX file,
 * checked whole, then written in one transaction (core/import.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/import.h"
#include "io/table.h"
#include "base/banned.h"

#define MAP_MAX_BYTES	(64 * 1024)
#define BAR_WIDTH	30

struct importing {
	struct cli		*c;
	const char		*rejects_path;
	struct table_writer	*rejects;
	struct err		 rejects_err;
	bool			 bar;		/* stderr is a terminal */
	double			 last;		/* when the bar was drawn */
};

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A bar on the terminal, four times a second at most. */
static void
progress(void *arg, size_t done, size_t total, long rows)
{
	struct importing *im = arg;
	double now = seconds();
	int filled;

	if (!im->bar || (now - im->last < 0.25 && done < total))
		return;
	im->last = now;
	filled = total ? (int)((double)done / (double)total * BAR_WIDTH) : 0;
	if (filled > BAR_WIDTH)
		filled = BAR_WIDTH;
	fprintf(stderr, "\r[%.*s%*s] %3d%%  %ld rows", filled,
	    "##############################", BAR_WIDTH - filled, "",
	    total ? (int)((double)done * 100 / (double)total) : 0, rows);
	fflush(stderr);
}

static void
bar_clear(struct importing *im)
{
	if (im->bar && im->last > 0)
		fputs("\r\033[K", stderr);
}

/* A rejected row goes to the rejects file, with why; opened at the first. */
static void
reject(void *arg, const struct table_row *header, const struct table_row *row,
    const char *why)
{
	struct importing *im = arg;
	const char *fields[TABLE_COLUMNS_MAX + 2];
	size_t n = 0;

	if (im->rejects_err.code != ERR_OK)
		return;
	if (!im->rejects) {
		im->rejects = table_writer_open(im->rejects_path, NULL,
		    &(struct table_write_options){ .format = TABLE_CSV },
		    &im->rejects_err);
		if (!im->rejects)
			return;
		for (size_t i = 0; i < header->n; i++)
			fields[n++] = header->fields[i];
		fields[n++] = "error";
		table_write_row(im->rejects, fields, n, &im->rejects_err);
	}
	n = 0;
	for (size_t i = 0; i < row->n && i < TABLE_COLUMNS_MAX; i++)
		fields[n++] = row->fields[i];
	while (n < header->n)
		fields[n++] = "";
	fields[n++] = why;
	table_write_row(im->rejects, fields, n, &im->rejects_err);
}

static void
print_problem(FILE *f, const char *prefix, const struct import_problem *p)
{
	if (p->column && p->name)
		fprintf(f, "%srow %ld, column %d (%s): %s\n", prefix, p->row,
		    p->column, p->name, p->message);
	else if (p->column)
		fprintf(f, "%srow %ld, column %d: %s\n", prefix, p->row,
		    p->column, p->message);
	else
		fprintf(f, "%srow %ld: %s\n", prefix, p->row, p->message);
}

static void
print_report(const struct import_report *rep, const char *rejects)
{
	/* "1 person", "2 persons" */
	int len = (int)strlen(rep->entity) - (rep->added == 1);

	printf("%s %ld %.*s from %s: %ld row%s read, %ld already imported, "
	    "%ld changed since (not overwritten), %ld rejected\n",
	    rep->dry_run ? "dry run, nothing written: would add" : "added",
	    rep->added, len, rep->entity, rep->source, rep->rows,
	    rep->rows == 1 ? "" : "s", rep->already, rep->changed,
	    rep->rejected);
	if (rep->written && rep->first_id)
		printf("persons %lld to %lld\n", (long long)rep->first_id,
		    (long long)rep->last_id);
	if (rep->written && rep->first_ref)
		printf("cases %s to %s\n", rep->first_ref, rep->last_ref);
	for (size_t i = 0; i < rep->n_notes; i++)
		print_problem(stdout, "changed: ", &rep->notes[i]);
	if (rep->more_notes)
		printf("changed: and %ld more rows\n", rep->more_notes);
	for (size_t i = 0; i < rep->n_problems; i++)
		print_problem(stdout, "rejected: ", &rep->problems[i]);
	if (rep->more_problems)
		printf("rejected: and %ld more rows\n", rep->more_problems);
	if (rep->rejected && rejects)
		printf("rejected rows are in %s\n", rejects);
}

/* FILE.csv gives FILE.rejects.csv. */
static const char *
rejects_path(struct cli *c, const char *path)
{
	const char *given = cli_get(c, "rejects");
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	size_t stem = dot && (!slash || dot > slash) ?
	    (size_t)(dot - path) : strlen(path);

	if (given)
		return given;
	return arena_printf(c->ctx.arena, "%.*s.rejects.csv", (int)stem,
	    path);
}

static int
run_import(struct cli *c, enum import_entity entity, struct err *err)
{
	struct importing im = { .c = c, .bar = isatty(2) == 1,
	    .rejects_err = ERR_INIT };
	struct import_options o = { .entity = entity, .path = c->args[0],
	    .encoding = cli_get(c, "encoding"), .source = cli_get(c, "source"),
	    .people_source = cli_get(c, "people-source"),
	    .dry_run = cli_has(c, "dry-run"),
	    .skip_invalid = cli_has(c, "skip-invalid"),
	    .progress = progress, .reject = reject, .arg = &im };
	struct import_report rep;
	const char *map_path = cli_get(c, "map");
	json_t *map = NULL;
	int rc = -1;

	if (o.encoding && !table_encoding_known(o.encoding))
		return cli_usage(c, err, "--encoding %.20s is not known: give "
		    "utf-8, utf-16, utf-16le, utf-16be or windows-1256",
		    o.encoding);
	if (table_format_of(o.path, "file", &o.format, err) == -1)
		return -1;
	if (o.encoding && o.format == TABLE_XLSX)
		return cli_usage(c, err, "--encoding is for CSV files: an "
		    "XLSX workbook is always UTF-8");
	if (map_path) {
		json_error_t jerr;
		size_t len;
		char *text = cli_read_file(c, map_path, MAP_MAX_BYTES, &len,
		    err);

		if (!text)
			return -1;
		if (len > MAP_MAX_BYTES)
			return err_set(err, ERR_INVALID, "map", "%.80s is over "
			    "%d KiB: a map names columns only", map_path,
			    MAP_MAX_BYTES / 1024);
		map = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
		if (!map)
			return err_set(err, ERR_INVALID, "map", "%.80s, line "
			    "%d: %.80s: write the map as a JSON object",
			    map_path, jerr.line, jerr.text);
		o.map = map;
	}
	if (o.skip_invalid)
		im.rejects_path = rejects_path(c, o.path);
	rc = import_run(&c->ctx, &o, &rep, err);
	bar_clear(&im);
	if (table_writer_close(&im.rejects, &im.rejects_err) == -1 ||
	    im.rejects_err.code != ERR_OK) {
		if (rc == 0)
			fprintf(stderr, "tipsom: the rejected rows could not "
			    "be written to %s: %s\n", im.rejects_path,
			    im.rejects_err.msg);
	}
	if (rc == -1) {
		/* The report of every row refused, before the one line
		 * that sums it up. */
		for (size_t i = 0; i < rep.n_problems; i++)
			print_problem(stderr, "tipsom: ", &rep.problems[i]);
		if (rep.more_problems)
			fprintf(stderr, "tipsom: and %ld more rows with errors: "
			    "fix those above and import again to see them\n",
			    rep.more_problems);
		goto out;
	}
	if (c->json)
		rc = cli_print_json(import_report_json(&rep), err);
	else
		print_report(&rep, o.skip_invalid ? im.rejects_path : NULL);
out:
	json_decref(map);
	return rc;
}

static int
run_import_persons(struct cli *c, struct err *err)
{
	return run_import(c, IMPORT_PERSONS, err);
}

static int
run_import_cases(struct cli *c, struct err *err)
{
	return run_import(c, IMPORT_CASES, err);
}

#define COMMON_OPTS \
	{ "dry-run", NULL, 0, "check every row and report, write nothing" }, \
	{ "skip-invalid", NULL, 0, "write the valid rows, and the others to " \
	    "a rejects file" }, \
	{ "rejects", "FILE", 0, "where --skip-invalid writes the rejected " \
	    "rows (default FILE.rejects.csv)" }, \
	{ "source", "NAME", 0, "the source the source ids belong to " \
	    "(default the file's name)" }, \
	{ "encoding", "ENC", 0, "a CSV's encoding: utf-8 (default), utf-16, " \
	    "utf-16le, utf-16be, windows-1256" },

static const struct cli_opt persons_opts[] = {
	{ "map", "FILE", 0, "a JSON object naming, for the file's columns, "
	    "the columns they are (null: leave out); the columns: source_id, "
	    "given, father, grandfather, family, aliases, sex, born, "
	    "born_estimated, nationalities, languages, document_kind, "
	    "document_number, document_country, document_expires, phone, "
	    "email" },
	COMMON_OPTS
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt cases_opts[] = {
	{ "map", "FILE", 0, "a JSON object naming, for the file's columns, "
	    "the columns they are (null: leave out); the columns: source_id, "
	    "kind, title, summary, sensitivity, lead, people (SOURCE_ID:ROLE "
	    "of persons imported, separated by ;)" },
	{ "people-source", "NAME", 0, "the source of the persons' source ids "
	    "in the people column (default any)" },
	COMMON_OPTS
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_import_persons = {
	"import", "persons", "FILE", 1, 1, persons_opts, 0, run_import_persons,
	"import persons from a CSV or XLSX file, all or nothing (audited)",
};

const struct cli_cmd cmd_import_cases = {
	"import", "cases", "FILE", 1, 1, cases_opts, 0, run_import_cases,
	"import cases from a CSV or XLSX file, all or nothing (audited)",
};
