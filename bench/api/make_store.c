/* SPDX-License-Identifier: Apache-2.0 */
/*
 * make_store.c - the big store that bench/api/run.sh serves: by default
 * 300,000 persons and 100,000 cases in one agency, written through the
 * core API (person_add, case_open, case_add_person, case_note,
 * case_close) in large transactions, as bench_core does.  Doing the same
 * through the command line would take hours: each command is a process,
 * a store open and a durable commit.
 *
 *   make_store --db PATH [--persons N] [--cases N] [--batch N]
 *              [--refs FILE] [--samples N]
 *   make_store --check --db PATH
 *
 * The store gets the shipped SOPs and screening instruments (as `tipsom
 * init` does), an agency BENCH-MOI, its administrator bench.admin and the
 * investigator bench.investigator, who records everything else and whom
 * run.sh logs in as.  Cases cycle through the kinds tip, som, tip+som and
 * unclassified.  Every case but one in a hundred gets three people (two
 * victims or smuggled migrants, one suspect) and a note; one case in five
 * is closed.  Each person is in at most one case.
 *
 * --refs writes "people REF" and "empty REF" lines: --samples references
 * of cases with people and as many of cases without, spread over the
 * whole range, for run.sh to read round-robin.
 *
 * --check opens the store the normal way, which fails when its schema is
 * not this binary's, and exits 0 when it could (1 otherwise): run.sh uses
 * it to decide whether to rebuild its cached store.
 *
 * The data are fictional and come from a fixed seed.  The file must not
 * exist; on failure it is removed.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/config.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/agency.h"
#include "core/case.h"
#include "core/caseref.h"
#include "core/ctx.h"
#include "core/library.h"
#include "core/person.h"
#include "store/store.h"
#include "vault/vault.h"
#include "../bench.h"
#include "base/banned.h"

#define SEED		UINT64_C(0x7469707300000a01)
#define PATH_SIZE	4096

/* run.sh logs in with these. */
#define AGENCY_CODE	"BENCH-MOI"
#define ADMIN		"bench.admin"
#define INVESTIGATOR	"bench.investigator"
#define PASSWORD	"a long fictional benchmark passphrase"

#define PEOPLE_PER_CASE	3
#define EMPTY_EVERY	100	/* case i % 100 == EMPTY_AT has no people */
#define EMPTY_AT	37
#define CLOSE_EVERY	5	/* case i % 5 == CLOSE_AT is closed */
#define CLOSE_AT	4

struct opts {
	long long	 persons;
	long long	 cases;
	long long	 batch;
	long long	 samples;
	const char	*db;
	const char	*refs;
	const char	*key_file;
	bool		 check;
};

/* Fictional names by script; a person's names come from one set. */
static const char *const ar_female[] = { "فاطمة", "زينب", "مريم", "خديجة",
    "نور", "سارة", "ليلى", "شبنم", "پروانه", "عائشة" };
static const char *const ar_male[] = { "أحمد", "محمد", "علي", "حسن", "عمر",
    "يوسف", "کریم", "فريد", "عبدالله", "نجيب" };
static const char *const ar_family[] = { "الجبوري", "العبيدي", "الحسيني",
    "الدليمي", "الخطيب", "النعيمي", "رحیمی", "کریمی", "احمدزی", "نظری" };
static const char *const kmr_female[] = { "Rojda", "Hêvî", "Berfîn",
    "Jînda", "Zozan", "Nêrgiz" };
static const char *const kmr_male[] = { "Rêzan", "Azad", "Dilşad", "Şêrko",
    "Welat", "Baran" };
static const char *const kmr_family[] = { "Xelîl", "Botanî", "Şêxo",
    "Zaxoyî", "Mîrza", "Hesen" };
static const char *const lat_female[] = { "Fatima", "Zainab", "Shabnam",
    "Parwana", "Nigora", "Ayesha", "Farzana", "Mariam" };
static const char *const lat_male[] = { "Ahmad", "Mohammad", "Farid",
    "Rustam", "Imran", "Hamid", "Najib", "Omar" };
static const char *const lat_family[] = { "Rahimi", "Karimov", "Khan",
    "Hussaini", "Nazari", "Qureshi", "Sultonov", "Saidov" };

#define NAMES(a)	a, ARRAY_SIZE(a)

static const struct name_set {
	const char *const	*female;
	size_t			 n_female;
	const char *const	*male;
	size_t			 n_male;
	const char *const	*family;
	size_t			 n_family;
} name_sets[] = {
	{ NAMES(ar_female), NAMES(ar_male), NAMES(ar_family) },
	{ NAMES(kmr_female), NAMES(kmr_male), NAMES(kmr_family) },
	{ NAMES(lat_female), NAMES(lat_male), NAMES(lat_family) },
};

static const struct origin {
	const char	*country;
	const char	*language;
	const char	*passport;
	const char	*phone;
} origins[] = {
	{ "IQ", "ar", "A", "+964 7" },
	{ "SY", "kmr", "N", "+963 9" },
	{ "AF", "prs", "P", "+93 7" },
	{ "PK", "ur", "AB", "+92 3" },
	{ "TJ", "tg", "4", "+992 9" },
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

static const char *const case_notes[] = {
	"First interview held at the shelter with an interpreter; the person "
	    "described the recruitment and the journey.",
	"Referred to the health centre; follow-up visit agreed for next week.",
	"Employer's premises inspected with the labour inspectorate; records "
	    "requested.",
	"Phone contact with the family confirmed; no risk reported at home.",
};

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage: make_store --db PATH [--persons N] [--cases N] "
	    "[--batch N]\n"
	    "                  [--refs FILE] [--samples N] [--key-file FILE]\n"
	    "       make_store --check --db PATH\n"
	    "  --db PATH    the SQLite file to create (must not exist)\n"
	    "  --persons N  persons to record (default 300000)\n"
	    "  --cases N    cases to open (default 100000)\n"
	    "  --batch N    core writes per transaction (default 1000)\n"
	    "  --refs FILE  write sample case references there\n"
	    "  --samples N  references of each sort in FILE (default 64)\n"
	    "  --key-file FILE  the store is encrypted (as tipsom init "
	    "makes it):\n"
	    "               its key file goes there\n"
	    "  --check      exit 0 when PATH opens with this binary's "
	    "schema\n");
}

static int
parse_count(const char *s, const char *flag, long long min, long long *out)
{
	if (text_parse_int(s, min, INT32_MAX, out) == 0)
		return 0;
	fprintf(stderr, "make_store: %s \"%.32s\" is not a whole number from "
	    "%lld to %d\n", flag, s, min, INT32_MAX);
	return -1;
}

static int
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "persons", required_argument, NULL, 'p' },
		{ "cases", required_argument, NULL, 'c' },
		{ "batch", required_argument, NULL, 'b' },
		{ "refs", required_argument, NULL, 'r' },
		{ "samples", required_argument, NULL, 's' },
		{ "key-file", required_argument, NULL, 'K' },
		{ "check", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	*o = (struct opts){ .persons = 300000, .cases = 100000,
	    .batch = 1000, .samples = 64 };
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			o->db = optarg;
			break;
		case 'p':
			if (parse_count(optarg, "--persons", 0,
			    &o->persons) == -1)
				return -1;
			break;
		case 'c':
			if (parse_count(optarg, "--cases", 1, &o->cases) == -1)
				return -1;
			break;
		case 'b':
			if (parse_count(optarg, "--batch", 1, &o->batch) == -1)
				return -1;
			break;
		case 'r':
			o->refs = optarg;
			break;
		case 's':
			if (parse_count(optarg, "--samples", 1,
			    &o->samples) == -1)
				return -1;
			break;
		case 'K':
			o->key_file = optarg;
			break;
		case 'k':
			o->check = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc || !o->db) {
		usage(stderr);
		return -1;
	}
	return 0;
}

static bool
has_people(long long i)
{
	return i % EMPTY_EVERY != EMPTY_AT;
}

/* Persons the cases need: three for each case with people. */
static long long
persons_needed(long long cases)
{
	long long empty = cases / EMPTY_EVERY +
	    (cases % EMPTY_EVERY > EMPTY_AT);

	return (cases - empty) * PEOPLE_PER_CASE;
}

/* Records person i: names from one script, sex, birth, nationality,
 * language, and for one in three a passport and a mobile number. */
static int
add_person(struct ctx *ctx, struct rng *r, long long i, int64_t *id,
    struct err *err)
{
	const struct origin *o = &PICK(r, origins);
	const struct name_set *ns = &PICK(r, name_sets);
	const char *nationality[1] = { o->country };
	const char *language[1] = { o->language };
	struct person_input in = { .nationalities = nationality,
	    .n_nationalities = 1, .languages = language, .n_languages = 1 };
	struct document_input doc;
	struct contact_input phone;
	struct person_row row;
	char born[16], number[32], expires[16], mobile[48];
	bool female = rng_below(r, 2);

	in.sex = female ? "female" : "male";
	in.given = female ? ns->female[rng_below(r, (unsigned)ns->n_female)] :
	    ns->male[rng_below(r, (unsigned)ns->n_male)];
	in.father = ns->male[rng_below(r, (unsigned)ns->n_male)];
	if (rng_below(r, 2))
		in.grandfather = ns->male[rng_below(r, (unsigned)ns->n_male)];
	in.family = ns->family[rng_below(r, (unsigned)ns->n_family)];
	if (rng_below(r, 2)) {
		snprintf(born, sizeof(born), "%04u-%02u-%02u",
		    1960 + rng_below(r, 52), 1 + rng_below(r, 12),
		    1 + rng_below(r, 28));
		in.born = born;
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
	if (person_add(ctx, &in, &row, err) == -1)
		return -1;
	*id = row.id;
	return 0;
}

/*
 * Opens case i; gives it three people from ids (from *next on) and a
 * note, unless it is one of the cases without people or the persons have
 * run out (*linked says which), and closes one in five.  Its reference
 * goes to ref.
 */
static int
add_case(struct ctx *ctx, struct rng *r, long long i, const int64_t *ids,
    long long n_ids, long long *next, char *ref, size_t ref_size,
    bool *linked, struct err *err)
{
	const char *kind = case_kinds[i % ARRAY_SIZE(case_kinds)];
	struct case_row c;
	char title[128];

	snprintf(title, sizeof(title), "%s (%lld)", PICK(r, case_titles),
	    i + 1);
	if (case_open(ctx, &(struct case_input){ .kind = kind,
	    .title = title }, &c, err) == -1)
		return -1;
	snprintf(ref, ref_size, "%s", c.ref);
	*linked = has_people(i) && *next + PEOPLE_PER_CASE <= n_ids;
	if (*linked) {
		struct note_row note;

		for (int k = 0; k < PEOPLE_PER_CASE; k++) {
			struct case_person_row link;
			struct case_person_input in = { .ref = c.ref };
			char id[24], age[8];

			snprintf(id, sizeof(id), "%" PRId64, ids[(*next)++]);
			in.person_id = id;
			if (k < PEOPLE_PER_CASE - 1) {
				in.role = STREQ(kind, "som") ?
				    "smuggled_migrant" : "presumed_victim";
				snprintf(age, sizeof(age), "%u",
				    14 + rng_below(r, 32));
				in.age = age;
				if (rng_below(r, 4) == 0)
					in.interpreter_language = "ar";
			} else {
				in.role = "suspect";
			}
			if (case_add_person(ctx, &in, &link, err) == -1)
				return -1;
		}
		if (case_note(ctx, c.ref, PICK(r, case_notes), &note,
		    err) == -1)
			return -1;
	}
	if (i % CLOSE_EVERY == CLOSE_AT && case_close(ctx, c.ref,
	    "Referred to the prosecutor; file handed over", &c, err) == -1)
		return -1;
	return 0;
}

static void
arena_reset(struct ctx *ctx)
{
	arena_free(&ctx->arena);
	ctx->arena = arena_new();
}

static int
setup(struct ctx *ctx, const char *url, const char *key_file,
    const struct config *cfg, struct err *err)
{
	struct store_options so = { .busy_timeout_ms = cfg->busy_timeout_ms };
	struct agency_row agency;
	struct user_row user;
	int applied, added, kept;

	ctx->store = store_open(url, &so, STORE_CREATE | STORE_ANY_SCHEMA,
	    err);
	if (!ctx->store || store_migrate(ctx->store, &applied, err) == -1)
		return -1;
	store_close(&ctx->store);
	ctx->store = store_open(url, &so, 0, err);
	if (!ctx->store)
		return -1;
	/* As tipsom init: the shipped SOPs, which case_open needs. */
	ctx->actor = (struct actor){ .username = "system", .system = true };
	if (library_seed(ctx, &added, &kept, err) == -1)
		return -1;
	if (bench_encrypt(ctx, key_file, err) == -1)
		return -1;
	ctx->actor = (struct actor){ 0 };
	if (ctx_act_as_bootstrap(ctx, err) == -1 ||
	    agency_add(ctx, &(struct agency_input){ .code = AGENCY_CODE,
	    .name = "Benchmark Police Directorate",
	    .kind = "law_enforcement" }, &agency, err) == -1 ||
	    user_add(ctx, &(struct user_input){ .agency = AGENCY_CODE,
	    .username = ADMIN, .full_name = "Benchmark Administrator",
	    .role = "admin", .password = PASSWORD }, &user, err) == -1 ||
	    ctx_act_as(ctx, ADMIN, err) == -1 ||
	    user_add(ctx, &(struct user_input){ .agency = AGENCY_CODE,
	    .username = INVESTIGATOR, .full_name = "Benchmark Investigator",
	    .role = "investigator", .password = PASSWORD }, &user,
	    err) == -1 ||
	    ctx_act_as(ctx, INVESTIGATOR, err) == -1)
		return -1;
	return 0;
}

/* Writes o->samples references of each sort, spread over the range. */
static int
write_refs(const struct opts *o, char (*refs)[CASE_REF_SIZE],
    const bool *linked)
{
	FILE *f = fopen(o->refs, "w");
	long long n_people = 0, n_empty = 0;

	if (!f) {
		perror("make_store: --refs");
		return -1;
	}
	for (long long i = 0; i < o->cases; i++) {
		if (linked[i])
			n_people++;
		else
			n_empty++;
	}
	for (int sort = 0; sort < 2; sort++) {
		long long total = sort == 0 ? n_people : n_empty;
		long long want = total < o->samples ? total : o->samples;
		long long seen = 0, taken = 0;

		for (long long i = 0; i < o->cases && taken < want; i++) {
			if (linked[i] != (sort == 0))
				continue;
			/* The taken-th sample is the (taken * total / want)-th
			 * case of its sort. */
			if (seen++ == taken * total / want) {
				fprintf(f, "%s %s\n", sort == 0 ? "people" :
				    "empty", refs[i]);
				taken++;
			}
		}
	}
	if (fclose(f) != 0) {
		perror("make_store: --refs");
		return -1;
	}
	return 0;
}

static int
check(const char *url, struct err *err)
{
	struct config cfg;
	struct store_options so;
	struct store *st;

	config_defaults(&cfg);
	so = (struct store_options){ .busy_timeout_ms = cfg.busy_timeout_ms };
	st = store_open(url, &so, 0, err);
	if (!st)
		return -1;
	store_close(&st);
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct config cfg;
	struct err err = ERR_INIT;
	struct ctx ctx = { .rid = "make_store" };
	struct rng r = { SEED };
	struct arena *session = NULL;
	char url[PATH_SIZE + 8], (*refs)[CASE_REF_SIZE] = NULL;
	bool *linked = NULL;
	int64_t *ids = NULL;
	long long n_ids, next = 0, i;
	double t0, t_setup, t_persons, t_cases;
	struct stat sb;
	int rc = 1;

	if (parse_opts(argc, argv, &o) == -1)
		return 1;
	if (strlen(o.db) >= PATH_SIZE) {
		fprintf(stderr, "make_store: --db is too long\n");
		return 1;
	}
	snprintf(url, sizeof(url), "sqlite:%s", o.db);
	if (o.check) {
		if (check(url, &err) == 0)
			return 0;
		fprintf(stderr, "make_store: %s: %s\n", o.db, err.msg);
		return 1;
	}
	if (access(o.db, F_OK) == 0) {
		fprintf(stderr, "make_store: %s exists: remove it first\n",
		    o.db);
		return 1;
	}
	n_ids = persons_needed(o.cases);
	if (o.persons < n_ids)
		n_ids = o.persons;	/* later cases get no people */
	ids = calloc((size_t)(o.persons ? o.persons : 1), sizeof(*ids));
	refs = calloc((size_t)o.cases, sizeof(*refs));
	linked = calloc((size_t)o.cases, sizeof(*linked));
	if (!ids || !refs || !linked)
		abort();

	printf("make_store: %lld persons, %lld cases, %lld writes per "
	    "transaction, into %s\n", o.persons, o.cases, o.batch, o.db);
	fflush(stdout);
	t0 = now();
	config_defaults(&cfg);
	ctx.cfg = &cfg;
	ctx.vault = vault_open(PWHASH_INTERACTIVE, &err);
	session = arena_new();
	ctx.arena = session;
	if (!ctx.vault || setup(&ctx, url, o.key_file, &cfg, &err) == -1)
		goto failed;
	ctx.arena = arena_new();
	t_setup = now() - t0;

	t0 = now();
	for (i = 0; i < o.persons;) {
		long long end = i + o.batch < o.persons ? i + o.batch :
		    o.persons;

		if (store_begin(ctx.store, &err) == -1)
			goto failed;
		for (; i < end; i++) {
			if (add_person(&ctx, &r, i, &ids[i], &err) == -1) {
				store_rollback(ctx.store);
				goto failed;
			}
		}
		if (store_commit(ctx.store, &err) == -1)
			goto failed;
		arena_reset(&ctx);
	}
	t_persons = now() - t0;
	printf("persons:  %lld in %.1f s (%.0f/s)\n", o.persons, t_persons,
	    t_persons > 0 ? (double)o.persons / t_persons : 0);
	fflush(stdout);

	/* A case is up to six core writes; a batch is o->batch of them. */
	t0 = now();
	for (i = 0; i < o.cases;) {
		long long per = o.batch / 6 > 0 ? o.batch / 6 : 1;
		long long end = i + per < o.cases ? i + per : o.cases;

		if (store_begin(ctx.store, &err) == -1)
			goto failed;
		for (; i < end; i++) {
			if (add_case(&ctx, &r, i, ids, n_ids, &next, refs[i],
			    sizeof(refs[i]), &linked[i], &err) == -1) {
				store_rollback(ctx.store);
				goto failed;
			}
		}
		if (store_commit(ctx.store, &err) == -1)
			goto failed;
		arena_reset(&ctx);
	}
	t_cases = now() - t0;
	printf("cases:    %lld in %.1f s (%.0f/s), %lld people linked\n",
	    o.cases, t_cases, t_cases > 0 ? (double)o.cases / t_cases : 0,
	    next);
	store_close(&ctx.store);
	if (o.refs && write_refs(&o, refs, linked) == -1)
		goto out;
	if (stat(o.db, &sb) == 0)
		printf("store:    %.1f MiB, built in %.1f s (setup %.1f s)\n",
		    (double)sb.st_size / (1024.0 * 1024.0),
		    t_setup + t_persons + t_cases, t_setup);
	rc = 0;
	goto out;
failed:
	fflush(stdout);
	fprintf(stderr, "make_store: %s%s%s: %s\n", err_code_name(err.code),
	    err.field[0] ? " in " : "", err.field, err.msg);
out:
	store_close(&ctx.store);
	vault_close(&ctx.vault);
	if (ctx.arena == session)
		ctx.arena = NULL;
	arena_free(&ctx.arena);
	arena_free(&session);
	free(ids);
	free(refs);
	free(linked);
	if (rc != 0 && !o.check) {
		char aux[PATH_SIZE + 8];

		unlink(o.db);
		snprintf(aux, sizeof(aux), "%s-wal", o.db);
		unlink(aux);
		snprintf(aux, sizeof(aux), "%s-shm", o.db);
		unlink(aux);
	}
	return rc;
}
