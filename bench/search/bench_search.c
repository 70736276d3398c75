/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_search.c - tipsom's name search on the namesearch corpus.
 *
 *   bench_search DATADIR [--passes N] [--warmup N]
 *
 * Reads DATADIR/records.tsv (the corpus of ../shared/bench/namesearch,
 * made by its gen_corpus.py), builds the name index from each record's
 * full name (timed: keying and indexing), runs DATADIR/queries.tsv one
 * query at a time after warm-up, and writes DATADIR/results/tipsom.tsv
 * (qid, latencies in ms, top-10 ids) and tipsom.json (build seconds,
 * index bytes) for the harness's evaluate.py.  Prints a summary; never
 * asserts (bench/README.md).
 */
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/search.h"
#include "search/namekey.h"
#include "search/nameindex.h"
#include "vault/vault.h"
#include "base/banned.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Field i (0-based) of a tab-separated line, copied into out. */
static const char *
field(const char *line, int i, char *out, size_t size)
{
	const char *p = line, *end;
	size_t n;

	while (i-- > 0 && (p = strchr(p, '\t')) != NULL)
		p++;
	if (!p)
		return NULL;
	end = strpbrk(p, "\t\n");
	n = end ? (size_t)(end - p) : strlen(p);
	if (n >= size)
		n = size - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return out;
}

struct query {
	long	 qid;
	char	*text;
};

/*
 * --sealed: the index as a server of an encrypted store builds it when it
 * starts, from the name keys the store holds sealed (core/search.c), and
 * as one of a plain store builds it, from the same keys in plain text:
 * each record keyed and its key line sealed first (as when a person is
 * written), then both builds from the stored keys.  The queries run on
 * the index built from the sealed keys; *ms is the whole way from names
 * (keying, sealing, opening, indexing), comparable to the plain run's
 * build (keying, indexing).
 */
static struct nameindex *
build_sealed(FILE *f, size_t *n_records, double *ms)
{
	struct err err = ERR_INIT;
	struct vault *v = vault_open(PWHASH_INTERACTIVE, &err);
	struct vault_kek *kek;
	struct arena *a = arena_new();
	struct namekey keys[NAMEKEY_PARTS];
	char line[8192], num[32], name[4096], keyline[4096], opened[4096];
	const char *wrapped, *chained, **plain = NULL, **stored = NULL;
	struct nameindex *from_plain = nameindex_new(), *ix = nameindex_new();
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	double t0, plain_ms, prep_ms;
	int version;

	vault_key_line_new(line);
	kek = vault_kek_from_line(line, &err);
	if (!v || !kek || !from_plain || !ix || vault_key_new(v, true, kek, a,
	    &version, &wrapped, &chained, &err) == -1 ||
	    vault_key_new(v, false, kek, a, &version, &wrapped, &chained,
	    &err) == -1) {
		fprintf(stderr, "bench_search: no vault: %s\n", err.msg);
		return NULL;
	}
	vault_kek_free(&kek);
	fgets(line, sizeof(line), f);		/* the header */
	t0 = now_ms();
	while (fgets(line, sizeof(line), f)) {
		if (!field(line, 0, num, sizeof(num)) ||
		    !field(line, 4, name, sizeof(name)))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			ids = realloc(ids, cap * sizeof(*ids));
			plain = realloc(plain, cap * sizeof(*plain));
			stored = realloc(stored, cap * sizeof(*stored));
			if (!ids || !plain || !stored)
				abort();
		}
		namekey_line(keys, namekey_of(name, keys, NAMEKEY_PARTS),
		    keyline, sizeof(keyline));
		ids[n] = strtoll(num, NULL, 10);
		plain[n] = arena_strdup(a, keyline);
		stored[n] = vault_field_seal(v, a, SEARCH_KEYS_FIELD, keyline,
		    &err);
		n++;
	}
	prep_ms = now_ms() - t0;
	t0 = now_ms();
	for (size_t i = 0; i < n; i++) {
		size_t k = namekey_read_line(plain[i], keys, NAMEKEY_PARTS);

		if (k && nameindex_add_keys(from_plain, ids[i], keys, k) == -1)
			abort();
	}
	plain_ms = now_ms() - t0;
	t0 = now_ms();
	for (size_t i = 0; i < n; i++) {
		size_t k;

		if (!vault_field_open_into(v, SEARCH_KEYS_FIELD, stored[i],
		    opened, sizeof(opened), &err)) {
			fprintf(stderr, "bench_search: %s\n", err.msg);
			abort();
		}
		k = namekey_read_line(opened, keys, NAMEKEY_PARTS);
		if (k && nameindex_add_keys(ix, ids[i], keys, k) == -1)
			abort();
	}
	*ms = now_ms() - t0;
	printf("a server's start, the index from %zu stored keys: plain %.2f "
	    "s, sealed %.2f s (%+.2f s); keying and sealing them when "
	    "written: %.2f s\n", n, plain_ms / 1e3, *ms / 1e3,
	    (*ms - plain_ms) / 1e3, prep_ms / 1e3);
	*ms += prep_ms;
	*n_records = n;
	nameindex_free(&from_plain);
	free(ids);
	free(plain);
	free(stored);
	arena_free(&a);
	vault_close(&v);
	return ix;
}

int
main(int argc, char **argv)
{
	const char *dir;
	char path[4096], line[8192], name[4096], num[32];
	struct nameindex *ix;
	struct query *qs = NULL;
	size_t n_qs = 0, cap = 0, n_records = 0;
	int passes = 1, warmup = 20;
	bool sealed = false;
	const char *engine = "tipsom";
	double t0, build_ms, *lat;
	FILE *f, *out;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_search DATADIR [--passes N] "
		    "[--warmup N] [--sealed]\n");
		return 2;
	}
	dir = argv[1];
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--sealed") == 0) {
			sealed = true;
			engine = "tipsom-sealed";
		}
	for (int i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--passes") == 0)
			passes = (int)strtol(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--warmup") == 0)
			warmup = (int)strtol(argv[i + 1], NULL, 10);
	}
	if (passes < 1)
		passes = 1;
	snprintf(path, sizeof(path), "%s/records.tsv", dir);
	if (!(f = fopen(path, "r"))) {
		fprintf(stderr, "bench_search: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (sealed) {
		if (!(ix = build_sealed(f, &n_records, &build_ms)))
			return 1;
	} else {
		ix = nameindex_new();
		t0 = now_ms();
		fgets(line, sizeof(line), f);		/* the header */
		while (ix && fgets(line, sizeof(line), f)) {
			if (!field(line, 0, num, sizeof(num)) ||
			    !field(line, 4, name, sizeof(name)))
				continue;
			if (nameindex_add(ix, strtoll(num, NULL, 10),
			    name) == -1) {
				fprintf(stderr, "bench_search: out of "
				    "memory\n");
				return 1;
			}
			n_records++;
		}
		build_ms = now_ms() - t0;
	}
	fclose(f);

	snprintf(path, sizeof(path), "%s/queries.tsv", dir);
	if (!(f = fopen(path, "r"))) {
		fprintf(stderr, "bench_search: %s: %s\n", path, strerror(errno));
		return 1;
	}
	fgets(line, sizeof(line), f);
	while (fgets(line, sizeof(line), f)) {
		if (n_qs == cap) {
			cap = cap ? cap * 2 : 1024;
			qs = realloc(qs, cap * sizeof(*qs));
		}
		field(line, 0, num, sizeof(num));
		field(line, 3, name, sizeof(name));
		qs[n_qs].qid = strtol(num, NULL, 10);
		qs[n_qs].text = strdup(name);
		n_qs++;
	}
	fclose(f);
	lat = calloc(n_qs * (size_t)passes, sizeof(*lat));

	for (int i = 0; i < warmup && n_qs; i++) {
		struct name_hit hits[10];

		nameindex_search(ix, qs[(size_t)i % n_qs].text, hits, 10, NULL,
		    NULL);
	}
	snprintf(path, sizeof(path), "%s/results/%s.tsv", dir, engine);
	if (!(out = fopen(path, "w"))) {
		fprintf(stderr, "bench_search: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (int p = 0; p < passes; p++)
		for (size_t i = 0; i < n_qs; i++) {
			struct name_hit hits[10];
			size_t n;

			t0 = now_ms();
			n = nameindex_search(ix, qs[i].text, hits, 10, NULL,
			    NULL);
			lat[i * (size_t)passes + (size_t)p] = now_ms() - t0;
			if (p == passes - 1) {
				fprintf(out, "%ld\t", qs[i].qid);
				for (int k = 0; k < passes; k++)
					fprintf(out, "%s%.3f", k ? "," : "",
					    lat[i * (size_t)passes + (size_t)k]);
				fprintf(out, "\t");
				for (size_t k = 0; k < n; k++)
					fprintf(out, "%s%" PRId64, k ? "," : "",
					    hits[k].id);
				fprintf(out, "\n");
			}
		}
	fclose(out);
	snprintf(path, sizeof(path), "%s/results/%s.json", dir, engine);
	if ((out = fopen(path, "w"))) {
		fprintf(out, "{\"build_s\": %.3f, \"index_bytes\": %zu, "
		    "\"passes\": %d, \"description\": \"tipsom name index "
		    "(src/search): cross-script name keys, inverted index "
		    "with one-deletion neighbours, ranking by name part%s\"}\n",
		    build_ms / 1e3, nameindex_bytes(ix), passes, sealed ?
		    "; built from sealed keys, as a server of an encrypted "
		    "store starts" : "");
		fclose(out);
	}
	printf("%s name index: %zu records in %.1f s (%.0f records/s), "
	    "%.0f MiB; %zu queries x %d passes\n", engine, n_records,
	    build_ms / 1e3,
	    (double)n_records / (build_ms / 1e3),
	    (double)nameindex_bytes(ix) / 1048576.0, n_qs, passes);
	for (size_t i = 0; i < n_qs; i++)
		free(qs[i].text);
	free(qs);
	free(lat);
	nameindex_free(&ix);
	return 0;
}
