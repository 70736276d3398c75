/* SPDX-License-Identifier: Apache-2.0 */
/* web.c - serving the embedded web interface. */
#include <string.h>

#include "base/embed.h"
#include "base/err.h"
#include "base/util.h"
#include "http/api.h"
#include "http/web.h"
#include "base/banned.h"

extern const struct embedded_file web_files[];

#define STATIC_PREFIX	"/static/"

static const struct {
	const char	*suffix;
	const char	*type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".json", "application/json; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
};

static const char *
type_of(const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		size_t n = strlen(types[i].suffix);

		if (len > n && STREQ(name + len - n, types[i].suffix))
			return types[i].type;
	}
	return NULL;
}

bool
web_path(const char *path)
{
	return strncmp(path, "/api/", 5) != 0 && !STREQ(path, "/api");
}

int
web_answer(const char *method, const char *path, struct api_resp *resp,
    const char **pattern, struct err *err)
{
	const struct embedded_file *f = NULL;
	const char *name = NULL;

	*pattern = NULL;
	if (STREQ(path, "/") || STREQ(path, "/index.html")) {
		*pattern = "/";
		name = "index.html";
	} else if (strncmp(path, STATIC_PREFIX, strlen(STATIC_PREFIX)) == 0) {
		*pattern = "/static/{file}";
		name = path + strlen(STATIC_PREFIX);
	}
	/* Only names the build embedded: nothing is read from disk, so no
	 * path can reach outside web/. */
	if (name)
		f = embed_find(web_files, name);
	if (!f || !type_of(f->name)) {
		err_set(err, ERR_NOT_FOUND, "path", "no such page: the "
		    "application is at /");
		return 404;
	}
	if (!STREQ(method, "GET") && !STREQ(method, "HEAD")) {
		err_set(err, ERR_INVALID, "path", "only GET reads the "
		    "application's files");
		return 405;
	}
	resp->status = 200;
	resp->raw = (const char *)f->data;
	resp->content_type = type_of(f->name);
	return 0;
}
