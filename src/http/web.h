/* SPDX-License-Identifier: Apache-2.0 */
/*
 * web.h - the web interface's files, compiled into the binary from web/.
 *
 * "/" is the application's page; "/static/NAME" its scripts, styles and
 * translations (web/NAME).  Everything else outside /api/ is not found.
 * The files are public: the page asks the API for everything else, after
 * logging in.
 */
#ifndef TIPSOM_WEB_H
#define TIPSOM_WEB_H

#include <stdbool.h>

struct api_resp;

/* True for the paths the web interface answers (not /api/...). */
bool		 web_path(const char *path);

/*
 * Answers GET or HEAD of path with the file and its type into *resp, and
 * returns 0; or returns the HTTP status (404, 405) with *err saying why,
 * for the caller's error answer.  *pattern is set to the path's pattern
 * for the access log ("/" or "/static/{file}").
 */
struct err;
int		 web_answer(const char *method, const char *path,
		    struct api_resp *resp, const char **pattern,
		    struct err *err);

#endif
