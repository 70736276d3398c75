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
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search/nameindex.h"
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

int
main(int argc, char **argv)
{
	const char *dir;
	char path[4096], line[8192], name[4096], num[32];
	struct nameindex *ix;
	struct query *qs = NULL;
	size_t n_qs = 0, cap = 0, n_records = 0;
	int passes = 1, warmup = 20;
	double t0, build_ms, *lat;
	FILE *f, *out;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_search DATADIR [--passes N] "
		    "[--warmup N]\n");
		return 2;
	}
	dir = argv[1];
	for (int i = 2; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--passes") == 0)
			passes = (int)strtol(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--warmup") == 0)
			warmup = (int)strtol(argv[i + 1], NULL, 10);
	}
	if (passes < 1)
		passes = 1;
	ix = nameindex_new();
	snprintf(path, sizeof(path), "%s/records.tsv", dir);
	if (!ix || !(f = fopen(path, "r"))) {
		fprintf(stderr, "bench_search: %s: %s\n", path, strerror(errno));
		return 1;
	}
	t0 = now_ms();
	fgets(line, sizeof(line), f);		/* the header */
	while (fgets(line, sizeof(line), f)) {
		if (!field(line, 0, num, sizeof(num)) ||
		    !field(line, 4, name, sizeof(name)))
			continue;
		if (nameindex_add(ix, strtoll(num, NULL, 10), name) == -1) {
			fprintf(stderr, "bench_search: out of memory\n");
			return 1;
		}
		n_records++;
	}
	build_ms = now_ms() - t0;
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
	snprintf(path, sizeof(path), "%s/results/tipsom.tsv", dir);
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
	snprintf(path, sizeof(path), "%s/results/tipsom.json", dir);
	if ((out = fopen(path, "w"))) {
		fprintf(out, "{\"build_s\": %.3f, \"index_bytes\": %zu, "
		    "\"passes\": %d, \"description\": \"tipsom name index "
		    "(src/search): cross-script name keys, inverted index "
		    "with one-deletion neighbours, ranking by name part\"}\n",
		    build_ms / 1e3, nameindex_bytes(ix), passes);
		fclose(out);
	}
	printf("tipsom name index: %zu records in %.1f s (%.0f records/s), "
	    "%.0f MiB; %zu queries x %d passes\n", n_records, build_ms / 1e3,
	    (double)n_records / (build_ms / 1e3),
	    (double)nameindex_bytes(ix) / 1048576.0, n_qs, passes);
	for (size_t i = 0; i < n_qs; i++)
		free(qs[i].text);
	free(qs);
	free(lat);
	nameindex_free(&ix);
	return 0;
}
