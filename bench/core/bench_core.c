/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_core.c - how fast the core writes, measured against raw SQLite.
 *
 * In one process: phase A records persons through person_add(), phase B
 * opens cases through case_open() and gives each one person with
 * case_add_person(), phase C walks the whole audit chain with
 * audit_verify(), and the baseline inserts as many bare person-shaped rows
 * through sqlite3 directly, into a fresh file with the store's PRAGMAs and
 * in transactions of the same size.  It prints counts, seconds, rates and
 * the ratios of the core's rates to the baseline's.
 *
 * Like every benchmark here it prints figures and asserts nothing
 * (STYLE.md).  It exits 1 only when it cannot set up or a write fails,
 * since the figures would then mean nothing.  The data are fictional and
 * come from fixed seeds, so two runs write the same rows.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/arena.h"
#include "base/config.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/agency.h"
#include "core/audit.h"
#include "core/case.h"
#include "core/library.h"
#include "core/ctx.h"
#include "core/person.h"
#include "store/store.h"
#include "vault/vault.h"
#include "../bench.h"
#include "base/banned.h"

#define PERSON_SEED	UINT64_C(0x7469707300000001)
#define CASE_SEED	UINT64_C(0x7469707300000002)
#define RAW_SEED	UINT64_C(0x7469707300000003)

#define CORE_DB		"core.db"
#define RAW_DB		"raw.db"
#define PATH_SIZE	4096

#define INVESTIGATOR	"bench.investigator"

struct opts {
	long long	 persons;
	long long	 cases;
	long long	 batch;		/* writes per transaction */
	const char	*dir;		/* NULL: a new directory under /tmp */
	bool		 keep;		/* leave the database files behind */
};

/*
 * Fictional names, one array per script and language, so that a
 * person's primary name is usually in one script; one family name in
 * eight comes from another, as names copied from different papers do.
 */
static const char *const arabic_female[] = { "فاطمة", "زينب", "مريم",
    "خديجة", "نور", "سارة", "ليلى", "شبنم", "پروانه", "گلالۍ", "عائشة",
    "رقية" };
static const char *const arabic_male[] = { "أحمد", "محمد", "علي", "حسن",
    "عمر", "يوسف", "کریم", "فريد", "عبدالله", "نجيب", "حامد", "عمران" };
static const char *const arabic_family[] = { "الجبوري", "العبيدي",
    "الحسيني", "الدليمي", "الخطيب", "النعيمي", "رحیمی", "کریمی", "احمدزی",
    "نظری", "قریشی", "یوسفزی" };

static const char *const sorani_female[] = { "شیلان", "ژیلا", "بەفرین",
    "نەسرین", "ڕۆژان", "گوڵاڵە", "شنۆ", "تارا" };
static const char *const sorani_male[] = { "ئاراس", "هێمن", "ڕێباز",
    "دڵشاد", "کاروان", "ئازاد", "شێرکۆ", "سۆران" };
static const char *const sorani_family[] = { "بەرزنجی", "هەورامی", "جاف",
    "زەنگەنە", "سلێمانی", "کەرکووکی", "بابان", "شوانی" };

static const char *const kurmanji_female[] = { "Rojda", "Hêvî", "Berfîn",
    "Jînda", "Zozan", "Nêrgiz", "Delal", "Bêrîvan" };
static const char *const kurmanji_male[] = { "Rêzan", "Azad", "Dilşad",
    "Şêrko", "Welat", "Baran", "Serhat", "Hogir" };
static const char *const kurmanji_family[] = { "Xelîl", "Botanî", "Şêxo",
    "Zaxoyî", "Mîrza", "Hesen", "Êzdîn", "Kobanî" };

static const char *const latin_female[] = { "Fatima", "Zainab", "Shabnam",
    "Parwana", "Nigora", "Ayesha", "Malalai", "Farzana", "Dilnoza",
    "Mariam" };
static const char *const latin_male[] = { "Ahmad", "Mohammad", "Farid",
    "Rustam", "Imran", "Hamid", "Firdavs", "Najib", "Omar", "Bahodur" };
static const char *const latin_family[] = { "Rahimi", "Karimov", "Khan",
    "Hussaini", "Nazari", "Qureshi", "Sultonov", "Ahmadzai", "Saidov",
    "Al-Obaidi" };

enum name_set {
	SET_ARABIC,		/* Arabic, Dari, Pashto, Urdu */
	SET_SORANI,		/* Kurdish in Arabic script */
	SET_KURMANJI,		/* Kurdish in Latin script */
	SET_LATIN,		/* transliterated */
	SET__MAX
};

#define NAMES(a)	a, ARRAY_SIZE(a)

static const struct {
	const char *const	*female;
	size_t			 n_female;
	const char *const	*male;
	size_t			 n_male;
	const char *const	*family;
	size_t			 n_family;
	const char		*language;	/* NULL: the origin's */
} name_sets[SET__MAX] = {
	[SET_ARABIC] = { NAMES(arabic_female), NAMES(arabic_male),
	    NAMES(arabic_family), NULL },
	[SET_SORANI] = { NAMES(sorani_female), NAMES(sorani_male),
	    NAMES(sorani_family), "ckb" },
	[SET_KURMANJI] = { NAMES(kurmanji_female), NAMES(kurmanji_male),
	    NAMES(kurmanji_family), "kmr" },
	[SET_LATIN] = { NAMES(latin_female), NAMES(latin_male),
	    NAMES(latin_family), NULL },
};

/* Where the people come from, and what that makes likely. */
static const struct origin {
	const char	*country;	/* nationality and passport issuer */
	const char	*languages[2];
	const char	*passport;	/* passport number prefix */
	const char	*phone;		/* mobile number prefix */
	enum name_set	 sets[3];	/* names as recorded, equally likely */
} origins[] = {
	{ "IQ", { "ar", "ckb" }, "A", "+964 7",
	    { SET_ARABIC, SET_SORANI, SET_LATIN } },
	{ "SY", { "ar", "kmr" }, "N", "+963 9",
	    { SET_ARABIC, SET_KURMANJI, SET_LATIN } },
	{ "AF", { "prs", "ps" }, "P", "+93 7",
	    { SET_ARABIC, SET_ARABIC, SET_LATIN } },
	{ "PK", { "ur", "ps" }, "AB", "+92 3",
	    { SET_ARABIC, SET_LATIN, SET_LATIN } },
	{ "TJ", { "tg", "uz" }, "4", "+992 9",
	    { SET_LATIN, SET_LATIN, SET_LATIN } },
};

static const char *const case_kinds[] = { "tip", "som", "tip+som",
    "unclassified" };

static const char *const case_titles[] = {
	"Recruited for cleaning work abroad, passport withheld",
	"Forced labour at a brick kiln",
	"Carried across the border in a lorry for payment",
	"Debt bondage in a restaurant kitchen",
	"Sexual exploitation after a fake marriage offer",
	"Children made to beg at a market",
	"Sea crossing arranged by a smuggling network",
	"Unpaid domestic work, movement restricted",
};

static const char *const interpreter_languages[] = { "ar", "ckb", "prs",
    "ur" };

/* The tables the core writes, counted before and after each phase. */
enum table {
	T_PERSONS,
	T_NAMES,
	T_NATIONALITIES,
	T_LANGUAGES,
	T_DOCUMENTS,
	T_CONTACTS,
	T_CASES,
	T_CASE_PERSONS,
	T_AUDIT,
	T__MAX
};

static const char *const table_names[T__MAX] = {
	[T_PERSONS] = "persons",
	[T_NAMES] = "person_names",
	[T_NATIONALITIES] = "person_nationalities",
	[T_LANGUAGES] = "person_languages",
	[T_DOCUMENTS] = "person_documents",
	[T_CONTACTS] = "person_contacts",
	[T_CASES] = "cases",
	[T_CASE_PERSONS] = "case_persons",
	[T_AUDIT] = "audit",
};

struct counts {
	long long	 n[T__MAX];
};

static double
rate(long long n, double secs)
{
	return secs > 0 ? (double)n / secs : 0;
}

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage: bench_core [--persons N] [--cases N] [--batch N] "
	    "[--dir DIR] [--keep]\n"
	    "  --persons N  persons to record (default 100000)\n"
	    "  --cases N    cases to open, one person each (default 10000)\n"
	    "  --batch N    persons or cases per transaction (default 1000)\n"
	    "  --dir DIR    where the two database files go (default a new\n"
	    "               directory under /tmp, removed at the end)\n"
	    "  --keep       leave the database files (and directory) behind\n");
}

static int
parse_count(const char *s, const char *flag, long long min, long long *out)
{
	if (text_parse_int(s, min, INT32_MAX, out) == 0)
		return 0;
	fprintf(stderr, "bench_core: %s \"%.32s\" is not a whole number: "
	    "give one from %lld to %d\n", flag, s, min, INT32_MAX);
	return -1;
}

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "persons", required_argument, NULL, 'p' },
		{ "cases", required_argument, NULL, 'c' },
		{ "batch", required_argument, NULL, 'b' },
		{ "dir", required_argument, NULL, 'd' },
		{ "keep", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	*o = (struct opts){ .persons = 100000, .cases = 10000,
	    .batch = 1000 };
	for (;;) {
		ch = getopt_long(argc, argv, "", longopts, NULL);
		if (ch == -1)
			break;
		switch (ch) {
		case 'p':
			if (parse_count(optarg, "--persons", 1,
			    &o->persons) == -1)
				return -1;
			break;
		case 'c':
			if (parse_count(optarg, "--cases", 0, &o->cases) == -1)
				return -1;
			break;
		case 'b':
			if (parse_count(optarg, "--batch", 1, &o->batch) == -1)
				return -1;
			break;
		case 'd':
			o->dir = optarg;
			break;
		case 'k':
			o->keep = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

/*
 * Records person number i, drawn from r: one primary name, sex, birth,
 * one nationality and one language, and for one in three a passport and
 * a mobile number.
 */
static int
add_person(struct ctx *ctx, struct rng *r, long long i,
    struct person_row *out, struct err *err)
{
	const struct origin *o = &PICK(r, origins);
	enum name_set set = o->sets[rng_below(r, ARRAY_SIZE(o->sets))];
	const char *nationality[1] = { o->country };
	const char *language[1];
	const char *const *given;
	size_t n_given;
	struct document_input doc;
	struct contact_input phone;
	struct person_input in = { .nationalities = nationality,
	    .n_nationalities = 1, .languages = language, .n_languages = 1 };
	char born[32], number[32], expires[32], mobile[48];
	enum name_set family_set = set;
	unsigned u = rng_below(r, 100);

	language[0] = name_sets[set].language ? name_sets[set].language :
	    o->languages[rng_below(r, 2)];
	if (u < 46)
		in.sex = "female";
	else if (u < 92)
		in.sex = "male";
	else if (u < 98)
		in.sex = "unknown";
	else
		in.sex = "other";
	if (in.sex[0] == 'f' || (in.sex[0] != 'm' && rng_below(r, 2))) {
		given = name_sets[set].female;
		n_given = name_sets[set].n_female;
	} else {
		given = name_sets[set].male;
		n_given = name_sets[set].n_male;
	}
	in.given = given[rng_below(r, (unsigned)n_given)];
	if (rng_below(r, 10) < 8)
		in.father = name_sets[set].male[rng_below(r,
		    (unsigned)name_sets[set].n_male)];
	if (rng_below(r, 2))
		in.grandfather = name_sets[set].male[rng_below(r,
		    (unsigned)name_sets[set].n_male)];
	if (rng_below(r, 8) == 0)
		family_set = set == SET_LATIN ? SET_ARABIC : SET_LATIN;
	if (rng_below(r, 10) < 7)
		in.family = name_sets[family_set].family[rng_below(r,
		    (unsigned)name_sets[family_set].n_family)];

	/* Born 1960 to 2011: some are children when identified. */
	u = rng_below(r, 20);
	if (u < 8) {
		snprintf(born, sizeof(born), "%04u-%02u-%02u",
		    1960 + rng_below(r, 52), 1 + rng_below(r, 12),
		    1 + rng_below(r, 28));
		in.born = born;
	} else if (u < 17) {
		snprintf(born, sizeof(born), "%04u", 1960 + rng_below(r, 52));
		in.born = born;
		in.born_estimated = u >= 13;
	}

	if (i % 3 == 0) {
		snprintf(number, sizeof(number), "%s%07u", o->passport,
		    rng_below(r, 10000000));
		snprintf(expires, sizeof(expires), "%04u-%02u-%02u",
		    2027 + rng_below(r, 9), 1 + rng_below(r, 12),
		    1 + rng_below(r, 28));
		doc = (struct document_input){ .kind = "passport",
		    .number = number, .country = o->country,
		    .expires_on = expires };
		snprintf(mobile, sizeof(mobile), "%s%02u %03u %04u", o->phone,
		    rng_below(r, 100), rng_below(r, 1000),
		    rng_below(r, 10000));
		phone = (struct contact_input){ .kind = "phone",
		    .value = mobile };
		in.documents = &doc;
		in.n_documents = 1;
		in.contacts = &phone;
		in.n_contacts = 1;
	}
	return person_add(ctx, &in, out, err);
}

/* A new arena for the next batch: memory stays flat however many rows. */
static void
arena_reset(struct ctx *ctx)
{
	arena_free(&ctx->arena);
	ctx->arena = arena_new();
}

/* Phase A: o->persons persons, o->batch per transaction. */
static int
phase_persons(struct ctx *ctx, const struct opts *o, int64_t *ids,
    double *secs, struct err *err)
{
	struct rng r = { PERSON_SEED };
	double t0 = now();
	long long i = 0;

	while (i < o->persons) {
		long long end = i + o->batch < o->persons ? i + o->batch :
		    o->persons;

		if (store_begin(ctx->store, err) == -1)
			return -1;
		for (; i < end; i++) {
			struct person_row row;

			if (add_person(ctx, &r, i, &row, err) == -1) {
				store_rollback(ctx->store);
				return -1;
			}
			ids[i] = row.id;
		}
		if (store_commit(ctx->store, err) == -1)
			return -1;
		arena_reset(ctx);
	}
	*secs = now() - t0;
	return 0;
}

/*
 * Opens case number i and gives it one person as presumed victim (as
 * smuggled migrant in a smuggling case), with a stated age.
 */
static int
add_case(struct ctx *ctx, struct rng *r, long long i, int64_t person_id,
    struct err *err)
{
	const char *kind = case_kinds[i % ARRAY_SIZE(case_kinds)];
	struct case_row c;
	struct case_person_row link;
	struct case_person_input in;
	char title[128], id[24], age[8];

	snprintf(title, sizeof(title), "%s (%lld)", PICK(r, case_titles),
	    i + 1);
	if (case_open(ctx, &(struct case_input){ .kind = kind,
	    .title = title }, &c, err) == -1)
		return -1;
	snprintf(id, sizeof(id), "%" PRId64, person_id);
	snprintf(age, sizeof(age), "%u", 14 + rng_below(r, 32));
	in = (struct case_person_input){ .ref = c.ref, .person_id = id,
	    .role = STREQ(kind, "som") ? "smuggled_migrant" :
	    "presumed_victim", .age = age };
	if (rng_below(r, 4) == 0)
		in.interpreter_language = PICK(r, interpreter_languages);
	return case_add_person(ctx, &in, &link, err);
}

/* Phase B: o->cases cases, spread over the persons of phase A. */
static int
phase_cases(struct ctx *ctx, const struct opts *o, const int64_t *ids,
    double *secs, struct err *err)
{
	struct rng r = { CASE_SEED };
	long long stride = o->cases ? o->persons / o->cases : 1;
	double t0 = now();
	long long i = 0;

	if (stride < 1)
		stride = 1;
	while (i < o->cases) {
		long long end = i + o->batch < o->cases ? i + o->batch :
		    o->cases;

		if (store_begin(ctx->store, err) == -1)
			return -1;
		for (; i < end; i++) {
			if (add_case(ctx, &r, i, ids[(i * stride) % o->persons],
			    err) == -1) {
				store_rollback(ctx->store);
				return -1;
			}
		}
		if (store_commit(ctx->store, err) == -1)
			return -1;
		arena_reset(ctx);
	}
	*secs = now() - t0;
	return 0;
}

static int
sqlite_failed(sqlite3 *db, const char *doing, struct err *err)
{
	return err_set(err, ERR_STORE, NULL, "%s: %s", doing,
	    db ? sqlite3_errmsg(db) : "out of memory");
}

/*
 * The baseline: o->persons person-shaped rows into a fresh file through
 * one prepared statement, o->batch rows per transaction, with the PRAGMAs
 * and open flags of the store's SQLite driver.  Sexes and births are
 * drawn much as in phase A; the timestamp is taken per row, as the core
 * does.  No CHECK constraints, index or RETURNING: this is the floor.
 */
static int
raw_baseline(const char *path, const struct opts *o, double *secs,
    struct err *err)
{
	static const char *const sexes[] = { "female", "male", "unknown" };
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL;
	struct rng r = { RAW_SEED };
	double t0;
	long long i = 0;
	int rc = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA foreign_keys = ON; "
	    "PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL; "
	    "CREATE TABLE persons (id INTEGER PRIMARY KEY, sex TEXT, "
	    "birth_date TEXT, birth_year INTEGER, agency_id INTEGER, "
	    "created_at TEXT, created_by INTEGER)", NULL, NULL, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO persons (sex, birth_date, "
	    "birth_year, agency_id, created_at, created_by) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &ins, NULL) != SQLITE_OK) {
		sqlite_failed(db, "raw baseline setup", err);
		goto out;
	}
	t0 = now();
	while (i < o->persons) {
		long long end = i + o->batch < o->persons ? i + o->batch :
		    o->persons;

		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			sqlite_failed(db, "raw baseline begin", err);
			goto out;
		}
		for (; i < end; i++) {
			char at[TIMESTAMP_TEXT_SIZE], born[32];
			unsigned year = 1960 + rng_below(&r, 52);

			date_now_timestamp(at);
			snprintf(born, sizeof(born), "%04u-%02u-%02u", year,
			    1 + rng_below(&r, 12), 1 + rng_below(&r, 28));
			sqlite3_bind_text(ins, 1, PICK(&r, sexes), -1,
			    SQLITE_STATIC);
			if (rng_below(&r, 20) < 8)
				sqlite3_bind_text(ins, 2, born, -1,
				    SQLITE_STATIC);
			else
				sqlite3_bind_null(ins, 2);
			sqlite3_bind_int(ins, 3, (int)year);
			sqlite3_bind_int(ins, 4, 1);
			sqlite3_bind_text(ins, 5, at, -1, SQLITE_STATIC);
			sqlite3_bind_int(ins, 6, 2);
			if (sqlite3_step(ins) != SQLITE_DONE) {
				sqlite_failed(db, "raw baseline insert", err);
				goto out;
			}
			sqlite3_reset(ins);
		}
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			sqlite_failed(db, "raw baseline commit", err);
			goto out;
		}
	}
	*secs = now() - t0;
	rc = 0;
out:
	sqlite3_finalize(ins);
	sqlite3_close(db);
	return rc;
}

/* Counts the rows of every table in table_names, untimed. */
static int
count_rows(const char *path, struct counts *c, struct err *err)
{
	sqlite3 *db = NULL;
	int rc = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		sqlite_failed(db, "counting rows", err);
		goto out;
	}
	for (int t = 0; t < T__MAX; t++) {
		sqlite3_stmt *q = NULL;
		char sql[96];

		/* Table names come from the table above, not from input. */
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s",
		    table_names[t]);
		if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK ||
		    sqlite3_step(q) != SQLITE_ROW) {
			sqlite_failed(db, "counting rows", err);
			sqlite3_finalize(q);
			goto out;
		}
		c->n[t] = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	rc = 0;
out:
	sqlite3_close(db);
	return rc;
}

/* Rows added to tables from to to (inclusive) between a and b. */
static long long
rows_added(const struct counts *a, const struct counts *b, enum table from,
    enum table to)
{
	long long n = 0;

	for (int t = from; t <= (int)to; t++)
		n += b->n[t] - a->n[t];
	return n;
}

static void
print_machine(void)
{
#ifdef NDEBUG
	const char *assertions = "release (assertions off)";
#else
	const char *assertions = "assertions on: figures not comparable";
#endif
#ifdef __SANITIZE_ADDRESS__
	const char *sanitizer = ", address sanitizer";
#else
	const char *sanitizer = "";
#endif
	char line[256], model[256] = "unknown";
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) == 0 && colon) {
			snprintf(model, sizeof(model), "%s", colon + 2);
			model[strcspn(model, "\n")] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
	printf("machine:  %ld cpus, %s\n", sysconf(_SC_NPROCESSORS_ONLN),
	    model);
	printf("sqlite:   %s\n", sqlite3_libversion());
	printf("build:    %s%s\n", assertions, sanitizer);
}

static void
print_row(const char *what, long long count, double secs)
{
	printf("%-30s %10lld %9.3f %12.0f\n", what, count, secs,
	    rate(count, secs));
}

/* Creates dir/name's path in out; -1 when it does not fit. */
static int
join_path(char out[PATH_SIZE], const char *dir, const char *name)
{
	int n = snprintf(out, PATH_SIZE, "%s/%s", dir, name);

	if (n < 0 || n >= PATH_SIZE) {
		fprintf(stderr, "bench_core: --dir \"%.64s\" is too long\n",
		    dir);
		return -1;
	}
	return 0;
}

/* Removes path and its WAL files, if they are there. */
static void
remove_db(const char *path)
{
	char aux[PATH_SIZE + 8];

	unlink(path);
	snprintf(aux, sizeof(aux), "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof(aux), "%s-shm", path);
	unlink(aux);
}

/*
 * The agency, its administrator and, made by the administrator, the
 * investigator who then acts.  It runs in an arena of its own, so the
 * timed batches' arenas hold only what the batches made.
 */
static int
bootstrap(struct ctx *ctx, struct err *err)
{
	return bench_bootstrap(ctx, INVESTIGATOR, "investigator",
	    "Benchmark Investigator", err);
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct config cfg;
	struct err err = ERR_INIT;
	struct ctx ctx = { .rid = "bench" };
	struct arena *session = NULL;
	struct audit_verdict verdict;
	struct counts c0, c1, c2;
	char tmpl[] = "/tmp/tipsom-bench-XXXXXX";
	char core_path[PATH_SIZE], raw_path[PATH_SIZE];
	const char *dir;
	int64_t *ids = NULL;
	double t0, setup_s, a_s, b_s = 0, c_s, raw_s;
	double mem_setup, mem_a, mem_b;
	long long a_rows, b_rows;
	bool made_dir = false, made_files = false;
	int rc = 1;

	if (parse_opts(argc, argv, &o) == -1)
		return 1;
	if (o.dir) {
		dir = o.dir;
	} else {
		dir = mkdtemp(tmpl);
		if (!dir) {
			perror("bench_core: mkdtemp");
			return 1;
		}
		made_dir = true;
	}
	if (join_path(core_path, dir, CORE_DB) == -1 ||
	    join_path(raw_path, dir, RAW_DB) == -1)
		goto out;
	if (access(core_path, F_OK) == 0 || access(raw_path, F_OK) == 0) {
		fprintf(stderr, "bench_core: %s or %s already exists: remove "
		    "them or choose another --dir\n", core_path, raw_path);
		goto out;
	}
	made_files = true;
	ids = calloc((size_t)o.persons, sizeof(*ids));
	if (!ids)
		abort();

	printf("tipsom bench_core: %lld persons, %lld cases, %lld per "
	    "transaction\n", o.persons, o.cases, o.batch);
	print_machine();
	printf("store:    %s\n", core_path);

	t0 = now();
	config_defaults(&cfg);
	ctx.cfg = &cfg;
	ctx.vault = vault_open(PWHASH_INTERACTIVE, &err);
	if (!ctx.vault)
		goto failed;
	ctx.store = setup_store(core_path, &cfg, &err);
	if (!ctx.store)
		goto failed;
	session = arena_new();
	ctx.arena = session;
	if (bootstrap(&ctx, &err) == -1)
		goto failed;
	setup_s = now() - t0;
	ctx.arena = arena_new();
	if (count_rows(core_path, &c0, &err) == -1)
		goto failed;
	mem_setup = resident_mib();
	printf("setup:    %.3f s (store, migrations, agency, 2 users with "
	    "argon2id)\n", setup_s);
	fflush(stdout);

	if (phase_persons(&ctx, &o, ids, &a_s, &err) == -1)
		goto failed;
	mem_a = resident_mib();
	if (count_rows(core_path, &c1, &err) == -1)
		goto failed;
	if (phase_cases(&ctx, &o, ids, &b_s, &err) == -1)
		goto failed;
	mem_b = resident_mib();
	if (count_rows(core_path, &c2, &err) == -1)
		goto failed;

	t0 = now();
	if (audit_verify(ctx.store, &verdict, &err) == -1)
		goto failed;
	c_s = now() - t0;

	if (raw_baseline(raw_path, &o, &raw_s, &err) == -1)
		goto failed;

	/* A: the person rows and their lists, and one audit row each. */
	a_rows = rows_added(&c0, &c1, T_PERSONS, T_CONTACTS) +
	    rows_added(&c0, &c1, T_AUDIT, T_AUDIT);
	/* B: the case, its person link and two audit rows (the counter
	 * row of the agency and year is updated, not added). */
	b_rows = rows_added(&c1, &c2, T_CASES, T_AUDIT);

	printf("\n%-30s %10s %9s %12s\n", "phase", "count", "seconds",
	    "per second");
	print_row("A persons (core)", o.persons, a_s);
	print_row("A table rows (core)", a_rows, a_s);
	print_row("B cases (core)", o.cases, b_s);
	print_row("B table rows (core)", b_rows, b_s);
	print_row("C audit entries verified", verdict.count, c_s);
	print_row("R raw person rows (sqlite3)", o.persons, raw_s);

	printf("\ncore persons/s / raw rows/s      %8.4f  (raw is %.0fx "
	    "faster)\n", rate(o.persons, a_s) / rate(o.persons, raw_s),
	    rate(o.persons, raw_s) / rate(o.persons, a_s));
	printf("core table-rows/s / raw rows/s   %8.4f\n",
	    rate(a_rows, a_s) / rate(o.persons, raw_s));
	if (o.cases)
		printf("core cases/s / raw rows/s        %8.4f\n",
		    rate(o.cases, b_s) / rate(o.persons, raw_s));

	printf("\nrows added, by table (A, then B):\n");
	for (int t = 0; t < T__MAX; t++)
		printf("  %-22s %10lld %10lld\n", table_names[t],
		    c1.n[t] - c0.n[t], c2.n[t] - c1.n[t]);
	if (verdict.bad_seq)
		printf("audit chain: BROKEN at %" PRId64 ": %s\n",
		    verdict.bad_seq, verdict.why);
	else
		printf("audit chain: intact, %" PRId64 " entries\n",
		    verdict.count);
	printf("resident memory: %.1f MiB after setup, %.1f after A, "
	    "%.1f after B\n", mem_setup, mem_a, mem_b);
	rc = 0;
	goto out;
failed:
	fflush(stdout);
	fprintf(stderr, "bench_core: %s%s%s: %s\n", err_code_name(err.code),
	    err.field[0] ? " in " : "", err.field, err.msg);
out:
	store_close(&ctx.store);
	vault_close(&ctx.vault);
	if (ctx.arena == session)
		ctx.arena = NULL;	/* failed during setup */
	arena_free(&ctx.arena);
	arena_free(&session);
	free(ids);
	if (made_files && !o.keep) {
		remove_db(core_path);
		remove_db(raw_path);
	}
	if (made_dir && !o.keep)
		rmdir(dir);
	else if (o.keep && made_files)
		printf("kept:     %s\n", dir);
	return rc;
}
