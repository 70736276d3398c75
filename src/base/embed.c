/* SPDX-License-Identifier: Apache-2.0 */
/* embed.c - looking up embedded files. */
#include <string.h>

#include "base/embed.h"
#include "base/util.h"
#include "base/banned.h"

const struct embedded_file *
embed_find(const struct embedded_file *files, const char *name)
{
	for (; files->name; files++)
		if (STREQ(files->name, name))
			return files;
	return NULL;
}
