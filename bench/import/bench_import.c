/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_import.c - tipsom import persons on a million rows, measured
 * against a raw SQLite insert of the same rows.
 *
 * It writes --rows fictional persons as one CSV (fixed seed; names in
 * Arabic, Sorani, Dari and Latin script, some mixing two), then in one
 * process: (1) reads the file through the table reader alone, (2) imports
 * it through import_run() as a dry run (reading and every check, no
 * write), (3) imports it, exactly what `tipsom import persons FILE`
 * does (every row checked, names normalised and keyed for search, one
 * transaction, one audit entry), and (4) reads it again and inserts each
 * row's fields, as they are, into one persons-shaped table through
 * sqlite3 with one prepared statement in one transaction, in a fresh
 * file with the store's PRAGMAs.  It prints rows/s for each and the peak
 * resident memory (getrusage) after the import.
 *
 * Like every benchmark here it prints figures and asserts nothing; it
 * exits 1 only when it cannot set up or the import fails.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/arena.h"
#include "base/config.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/agency.h"
#include "core/ctx.h"
#include "core/import.h"
#include "core/library.h"
#include "io/table.h"
#include "store/store.h"
#include "vault/vault.h"
#include "../bench.h"
#include "base/banned.h"

#define SEED		UINT64_C(0x7469707300000008)
#define PATH_SIZE	4096
#define SUPERVISOR	"bench.supervisor"

/* Fictional names, by script. */
static const char *const ar_given[] = { "فاطمة", "زينب", "مريم", "أحمد",
    "محمد", "علي", "حسن", "نور", "سارة", "عمر" };
static const char *const ar_family[] = { "الجبوري", "العبيدي", "الحسناوي",
    "التميمي", "الدليمي", "الشمري" };
static const char *const ckb_given[] = { "شیلان", "ژیلا", "بەفرین", "ئاراس",
    "هێمن", "ڕێباز", "کاروان" };
static const char *const ckb_family[] = { "بەرزنجی", "هەورامی", "جاف",
    "تاڵەبانی" };
static const char *const prs_given[] = { "شبنم", "فرشته", "احمد", "فرید",
    "ملالی", "نجیب" };
static const char *const prs_family[] = { "رحیمی", "کریمی", "احمدزی",
    "نوری" };
static const char *const lat_given[] = { "Fatima", "Zainab", "Shabnam",
    "Ahmad", "Mohammad", "Farid", "Nour", "Rustam", "Dilnoza" };
static const char *const lat_family[] = { "Rahimi", "Karimov", "Khan",
    "al-Hasnawi", "Nazarova", "Petrova" };
static const char *const sexes[] = { "female", "male", "female", "male",
    "unknown" };
static const char *const countries[] = { "IQ", "SY", "AF", "PK", "TJ" };
static const char *const languages[] = { "ar", "ckb", "prs", "ps", "ur",
    "tg", "ru", "en" };

static double
peak_mib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

/* The CSV: a header and n rows. */
static int
write_csv(const char *path, long n)
{
	FILE *f = fopen(path, "w");
	struct rng r = { SEED };

	if (!f)
		return -1;
	fputs("source_id,given,father,family,aliases,sex,born,"
	    "born_estimated,nationalities,languages,document_kind,"
	    "document_number,phone\n", f);
	for (long i = 1; i <= n; i++) {
		unsigned script = rng_below(&r, 4), u = rng_below(&r, 20);
		const char *given, *father, *family;

		switch (script) {
		case 0:
			given = PICK(&r, ar_given);
			father = PICK(&r, ar_given);
			family = PICK(&r, ar_family);
			break;
		case 1:
			given = PICK(&r, ckb_given);
			father = PICK(&r, ckb_given);
			family = PICK(&r, ckb_family);
			break;
		case 2:
			given = PICK(&r, prs_given);
			father = PICK(&r, prs_given);
			family = PICK(&r, prs_family);
			break;
		default:
			given = PICK(&r, lat_given);
			father = PICK(&r, lat_given);
			family = PICK(&r, lat_family);
			break;
		}
		/* One in eleven has a family name in another script. */
		if (rng_below(&r, 11) == 0)
			family = script == 3 ? PICK(&r, ar_family) :
			    PICK(&r, lat_family);
		fprintf(f, "S%ld,%s,%s,%s,", i, given, father, family);
		if (rng_below(&r, 5) == 0)
			fprintf(f, "\"%s %s\"", PICK(&r, lat_given),
			    PICK(&r, lat_family));
		fprintf(f, ",%s,", PICK(&r, sexes));
		if (u < 8)
			fprintf(f, "%04u-%02u-%02u,", 1960 + rng_below(&r, 52),
			    1 + rng_below(&r, 12), 1 + rng_below(&r, 28));
		else if (u < 17)
			fprintf(f, "%04u,%s", 1960 + rng_below(&r, 52),
			    u >= 13 ? "yes" : "");
		else
			fputc(',', f);
		fprintf(f, ",%s,%s;%s,", PICK(&r, countries),
		    PICK(&r, languages), PICK(&r, languages));
		if (i % 3 == 0)
			fprintf(f, "passport,P%08ld,+964 750 %03u %04u\n", i,
			    rng_below(&r, 1000), rng_below(&r, 10000));
		else
			fputs(",,\n", f);
	}
	return fclose(f) == 0 ? 0 : -1;
}

static long
read_only(const char *path, struct err *err)
{
	struct table_reader *t = table_open(path, &(struct table_options){
	    .format = TABLE_CSV }, err);
	struct table_row row;
	long n = 0;
	int rc;

	if (!t)
		return -1;
	while ((rc = table_next(t, &row, err)) == 1)
		n++;
	table_close(&t);
	return rc == -1 ? -1 : n - 1;
}

/* The baseline: each row's fields as they are, one statement. */
static long
raw_insert(const char *csv, const char *db_path, struct err *err)
{
	struct table_reader *t = NULL;
	struct table_row row;
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL;
	long n = -1;
	int rc;

	unlink(db_path);
	if (sqlite3_open(db_path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous "
	    "= FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; "
	    "CREATE TABLE persons (id INTEGER PRIMARY KEY, source_id TEXT, "
	    "given TEXT, father TEXT, family TEXT, aliases TEXT, sex TEXT, "
	    "born TEXT, born_estimated TEXT, nationalities TEXT, "
	    "languages TEXT, document_kind TEXT, document_number TEXT, "
	    "phone TEXT); BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO persons (source_id, given, "
	    "father, family, aliases, sex, born, born_estimated, "
	    "nationalities, languages, document_kind, document_number, "
	    "phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	    "?12, ?13)", -1, &ins, NULL) != SQLITE_OK) {
		err_set(err, ERR_STORE, NULL, "raw baseline: %s",
		    sqlite3_errmsg(db));
		goto out;
	}
	t = table_open(csv, &(struct table_options){ .format = TABLE_CSV },
	    err);
	if (!t || table_next(t, &row, err) != 1)
		goto out;
	n = 0;
	while ((rc = table_next(t, &row, err)) == 1) {
		for (size_t i = 0; i < row.n && i < 13; i++)
			sqlite3_bind_text(ins, (int)i + 1, row.fields[i], -1,
			    SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			err_set(err, ERR_STORE, NULL, "raw baseline: %s",
			    sqlite3_errmsg(db));
			n = -1;
			goto out;
		}
		sqlite3_reset(ins);
		n++;
	}
	if (rc == -1 || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) !=
	    SQLITE_OK)
		n = -1;
out:
	table_close(&t);
	sqlite3_finalize(ins);
	sqlite3_close(db);
	return n;
}


static void
usage(FILE *out)
{
	fprintf(out, "usage: bench_import [--rows N] [--dir DIR] [--keep]\n"
	    "  --rows N   person rows in the CSV (default 1000000)\n"
	    "  --dir DIR  where the CSV and the databases go (default a new\n"
	    "             directory under /tmp, removed at the end)\n"
	    "  --keep     leave the files behind\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rows", required_argument, NULL, 'r' },
		{ "dir", required_argument, NULL, 'd' },
		{ "keep", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct config cfg;
	struct err err = ERR_INIT;
	struct ctx ctx = { .rid = "bench" };
	struct import_report rep;
	char tmpl[] = "/tmp/tipsom-bench-import-XXXXXX";
	char csv[PATH_SIZE], core_db[PATH_SIZE], raw_db[PATH_SIZE];
	const char *dir = NULL;
	long long rows = 1000000;
	long n;
	bool keep = false;
	double t0, gen_s, read_s, dry_s, import_s, raw_s, mem0, mem1, now_mib;
	double c0, read_c, dry_c, import_c, raw_c;
	int ch, rc = 1;

	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			if (text_parse_int(optarg, 1, 50000000, &rows) == -1) {
				fprintf(stderr, "bench_import: --rows: give a "
				    "whole number from 1 to 50000000\n");
				return 1;
			}
			break;
		case 'd':
			dir = optarg;
			break;
		case 'k':
			keep = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (!dir && !(dir = mkdtemp(tmpl))) {
		perror("bench_import: mkdtemp");
		return 1;
	}
	snprintf(csv, sizeof(csv), "%s/persons.csv", dir);
	snprintf(core_db, sizeof(core_db), "%s/core.db", dir);
	snprintf(raw_db, sizeof(raw_db), "%s/raw.db", dir);
	config_defaults(&cfg);
	ctx.cfg = &cfg;
	ctx.arena = arena_new();

	t0 = now();
	if (write_csv(csv, (long)rows) == -1) {
		perror("bench_import: writing the CSV");
		goto out;
	}
	gen_s = now() - t0;
	unlink(core_db);
	ctx.vault = vault_open(PWHASH_INTERACTIVE, &err);
	if (!ctx.vault || !(ctx.store = setup_store(core_db, &cfg, &err)) ||
	    bench_bootstrap(&ctx, SUPERVISOR, "supervisor",
	    "Benchmark Supervisor", &err) == -1)
		goto fail;

	t0 = now();
	c0 = cpu_now();
	n = read_only(csv, &err);
	read_s = now() - t0;
	read_c = cpu_now() - c0;
	if (n < 0)
		goto fail;

	t0 = now();
	c0 = cpu_now();
	if (import_run(&ctx, &(struct import_options){
	    .entity = IMPORT_PERSONS, .path = csv, .format = TABLE_CSV,
	    .dry_run = true }, &rep, &err) == -1)
		goto fail;
	dry_s = now() - t0;
	dry_c = cpu_now() - c0;

	mem0 = peak_mib();
	t0 = now();
	c0 = cpu_now();
	if (import_run(&ctx, &(struct import_options){
	    .entity = IMPORT_PERSONS, .path = csv, .format = TABLE_CSV },
	    &rep, &err) == -1)
		goto fail;
	import_s = now() - t0;
	import_c = cpu_now() - c0;
	mem1 = peak_mib();
	now_mib = resident_mib();

	t0 = now();
	c0 = cpu_now();
	n = raw_insert(csv, raw_db, &err);
	raw_s = now() - t0;
	raw_c = cpu_now() - c0;
	if (n < 0)
		goto fail;

	printf("bench_import: %lld person rows, the CSV written in %.2f s "
	    "(%s)\n", rows, gen_s, dir);
	{
		FILE *f = fopen(csv, "rb");

		if (f) {
			fseek(f, 0, SEEK_END);
			printf("csv size: %.1f MiB\n", (double)ftell(f) /
			    (1024.0 * 1024.0));
			fclose(f);
		}
	}
#ifdef __SANITIZE_ADDRESS__
	printf("build: address sanitizer: figures not comparable\n");
#endif
	printf("%-40s %10s %9s %12s %9s\n", "phase", "rows", "seconds",
	    "rows/s", "cpu s");
	printf("%-40s %10ld %9.2f %12.0f %9.2f\n",
	    "read only (libcsv, UTF-8 check)", n, read_s, (double)n / read_s,
	    read_c);
	printf("%-40s %10ld %9.2f %12.0f %9.2f\n",
	    "import --dry-run (checks only)", n, dry_s, (double)n / dry_s,
	    dry_c);
	printf("%-40s %10ld %9.2f %12.0f %9.2f\n", "tipsom import persons",
	    rep.added, import_s, (double)rep.added / import_s, import_c);
	printf("%-40s %10ld %9.2f %12.0f %9.2f\n",
	    "raw sqlite3 insert of the rows", n, raw_s, (double)n / raw_s,
	    raw_c);
	printf("import ÷ raw: %.2f; rejected %ld; persons %" PRId64 " to %"
	    PRId64 "\n", ((double)rep.added / import_s) / ((double)n / raw_s),
	    rep.rejected, rep.first_id, rep.last_id);
	printf("peak resident memory: %.1f MiB before the import (the "
	    "password hashing of the set-up), %.1f MiB after it; %.1f MiB resident right after it\n", mem0,
	    mem1, now_mib);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "bench_import: %s\n", err.msg);
out:
	store_close(&ctx.store);
	vault_close(&ctx.vault);
	arena_free(&ctx.arena);
	if (!keep) {
		unlink(csv);
		unlink(core_db);
		unlink(raw_db);
		for (int i = 0; i < 2; i++) {
			char aux[PATH_SIZE + 8];
			const char *db = i ? raw_db : core_db;

			snprintf(aux, sizeof(aux), "%s-wal", db);
			unlink(aux);
			snprintf(aux, sizeof(aux), "%s-shm", db);
			unlink(aux);
		}
		if (dir == tmpl)
			rmdir(dir);
	}
	return rc;
}
