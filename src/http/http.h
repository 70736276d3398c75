/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http.h - the JSON API over HTTP (docs/api.md, /api/v1/openapi.json).
 *
 * One libmicrohttpd daemon with a pool of worker threads, each request
 * served with a store connection of its own from a pool of the same size.
 * Handlers are thin: they read the request, call the core (which checks
 * rights and writes in one transaction), and render JSON.  The server
 * stops on SIGINT or SIGTERM after the requests in flight have finished.
 */
#ifndef TIPSOM_HTTP_H
#define TIPSOM_HTTP_H

#include <stddef.h>

struct config;
struct err;

struct vault;

struct http_options {
	const char	*listen;	/* "127.0.0.1:8080" */
	const char	*tls_cert;	/* PEM files, or NULL for plain HTTP */
	const char	*tls_key;
	int		 threads;	/* workers; 0: one per CPU, at least two */
	size_t		 max_body;	/* bytes; larger bodies get 413 */
	int		 timeout;	/* seconds a connection may idle */
	void		(*ready)(const char *url);	/* once listening */
	struct vault	*vault;		/* holding the store's keys (keys.h),
					 * or NULL for a plain store; the
					 * server uses it, the caller closes
					 * it */
};

#define HTTP_MAX_BODY_DEFAULT	(1024 * 1024)
#define HTTP_TIMEOUT_DEFAULT	30

/* Serves until SIGINT or SIGTERM.  Returns 0, or -1 when it cannot start. */
int		 http_serve(const struct config *cfg,
		    const struct http_options *opt, struct err *err);

#endif
