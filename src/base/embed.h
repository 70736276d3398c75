/* SPDX-License-Identifier: Apache-2.0 */
/*
 * embed.h - files compiled into the binary by tools/embed.c.
 *
 * The build turns a list of files (migrations, demo data, later the web UI)
 * into a sorted, NULL-terminated array of these, so the binary needs no
 * files beside it.  data is NUL-terminated (size excludes the NUL).
 */
#ifndef TIPSOM_EMBED_H
#define TIPSOM_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char		*name;	/* file name without directories */
	const unsigned char	*data;
	size_t			 size;
};

/* The file called name in files (NULL-name-terminated), or NULL. */
const struct embedded_file *embed_find(const struct embedded_file *files,
		    const char *name);

#endif
