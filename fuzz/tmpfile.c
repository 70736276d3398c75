/* SPDX-License-Identifier: Apache-2.0 */
/* tmpfile.c - the fuzz targets' scratch file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tmpfile.h"

static char dir[64];
static char path[96];

static void
cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

const char *
tmpfile_path(void)
{
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/tipsom-fuzz.XXXXXX");
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof(path), "%s/input", dir);
		atexit(cleanup);
	}
	return path;
}

const char *
tmpfile_write(const void *data, size_t size)
{
	const char *p = tmpfile_path();
	FILE *f = fopen(p, "wb");

	if (!f)
		abort();
	if ((size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		abort();
	return p;
}
