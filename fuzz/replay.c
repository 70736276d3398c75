/* SPDX-License-Identifier: Apache-2.0 */
/*
 * replay.c - a fuzz target as an ordinary program, for `make test`: runs
 * LLVMFuzzerTestOneInput() once on every file named, and on every file
 * of every directory named (in name order), so that the corpora and the
 * crashes found stay regression tests under gcc's sanitizers.
 *
 *	replay_fuzz_api fuzz/corpus/fuzz_api fuzz/crashes/fuzz_api
 *
 * A directory that does not exist is skipped (a target may have no
 * crashes); naming no input at all is an error, so a misspelt corpus
 * cannot pass as an empty one.  A crash aborts under the sanitizers
 * after the file's name is printed.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_MAX_BYTES	(8 * 1024 * 1024)

static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t n = 0;
	long len;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
	    len > REPLAY_MAX_BYTES || fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "replay: %s: cannot read it: %s\n", path,
		    strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	/* One byte more than the file, so that an empty one is not a
	 * zero-sized allocation; the target sees exactly len bytes. */
	data = malloc((size_t)len + 1);
	if (!data)
		abort();
	n = fread(data, 1, (size_t)len, f);
	fclose(f);
	if (n != (size_t)len) {
		fprintf(stderr, "replay: %s: short read\n", path);
		free(data);
		return -1;
	}
	fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays the regular files of dir; how many, or -1. */
static long
replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0;
	long done = 0;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				abort();
		}
		names[n] = strdup(e->d_name);
		if (!names[n++])
			abort();
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (replay_file(path) == -1)
				done = -1;
			else if (done >= 0)
				done++;
		}
		free(names[i]);
	}
	free(names);
	return done;
}

int
main(int argc, char **argv)
{
	long total = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		long n;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			n = replay_dir(argv[i]);
		else if (stat(argv[i], &st) == 0)
			n = replay_file(argv[i]) == 0 ? 1 : -1;
		else
			n = errno == ENOENT ? 0 : -1;
		if (n == -1) {
			fprintf(stderr, "replay: %s: cannot read it\n",
			    argv[i]);
			return 1;
		}
		total += n;
	}
	if (total == 0) {
		fprintf(stderr, "replay: no inputs: name corpus files or "
		    "directories\n");
		return 1;
	}
	printf("replay: %ld inputs, no crash\n", total);
	return 0;
}
