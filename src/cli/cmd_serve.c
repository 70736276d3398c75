/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_serve.c - tipsom serve: the JSON API over HTTP. */
#include <stdio.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "http/http.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

static void
ready(const char *url)
{
	printf("tipsom is serving %sapi/v1/ (stop it with Ctrl-C)\n", url);
	fflush(stdout);
}

static int
run_serve(struct cli *c, struct err *err)
{
	struct http_options o = { .listen = cli_get(c, "listen"),
	    .tls_cert = cli_get(c, "tls-cert"), .tls_key = cli_get(c,
	    "tls-key"), .ready = ready, .vault = c->ctx.vault };
	int max_kib;

	if (cli_int(c, "threads", 1, 256, 0, &o.threads, err) == -1 ||
	    cli_int(c, "timeout", 1, 3600, HTTP_TIMEOUT_DEFAULT, &o.timeout,
	    err) == -1 ||
	    cli_int(c, "max-body", 1, 65536, HTTP_MAX_BODY_DEFAULT / 1024,
	    &max_kib, err) == -1)
		return -1;
	o.max_body = (size_t)max_kib * 1024;
	if (vault_key_version(c->ctx.vault) == 0)
		fprintf(stderr, "tipsom: warning: %s is not encrypted: "
		    "victims' identities are stored in plain text; stop the "
		    "server and run tipsom keys init\n", c->db_shown);
	/* The keys are unwrapped: what unwrapped them is not kept for the
	 * server's life (a rotation reaches it through the chain). */
	vault_secret_free(&c->store_secret, c->store_secret_size);
	/* Opened to check the store and unlock its keys before serving;
	 * the server opens its own, one per worker (a PostgreSQL
	 * connection each), and shares the vault. */
	store_close(&c->ctx.store);
	return http_serve(&c->cfg, &o, err);
}

static const struct cli_opt serve_opts[] = {
	{ "listen", "HOST:PORT", 0, "where to listen (default "
	    "127.0.0.1:8080; 0.0.0.0:PORT for every interface)" },
	{ "tls-cert", "FILE", 0, "serve HTTPS with this PEM certificate" },
	{ "tls-key", "FILE", 0, "and this PEM private key" },
	{ "threads", "N", 0, "worker threads (default: one per CPU, at least two)" },
	{ "timeout", "SECONDS", 0, "idle connections and slow bodies are cut "
	    "after this (default 30)" },
	{ "max-body", "KIB", 0, "the largest request body (default 1024)" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_serve = {
	NULL, "serve", NULL, 0, 0, serve_opts, CLI_NO_ACTOR, run_serve,
	"serve the JSON API over HTTP (docs/api.md)",
};
