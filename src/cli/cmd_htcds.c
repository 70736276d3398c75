/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_htcds.c - tipsom export htcds: the agency's victims, de-identified
 * and k-anonymised, in the fields of HTCDS v2.0 (src/core/htcds.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/htcds.h"
#include "base/banned.h"

/*
 * Writes doc to path whole or not at all: into a file beside it, readable
 * by its owner only, renamed over path once written.
 */
static int
write_file(struct cli *c, const char *path, const char *doc,
    struct err *err)
{
	char *tmp = arena_printf(c->ctx.arena, "%s.%ld.tmp", path,
	    (long)getpid());
	size_t len = strlen(doc);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	FILE *f;
	int bad;

	if (fd == -1 || !(f = fdopen(fd, "w"))) {
		if (fd != -1)
			close(fd);
		return err_set(err, ERR_IO, "out", "cannot write \"%.100s\": "
		    "%s: check the directory", path, strerror(errno));
	}
	bad = fwrite(doc, 1, len, f) != len;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) == -1) {
		int e = errno;

		unlink(tmp);
		return err_set(err, ERR_IO, "out", "cannot write \"%.100s\": "
		    "%s: check the space left and the directory", path,
		    strerror(e));
	}
	return 0;
}

static int
run_htcds(struct cli *c, struct err *err)
{
	const char *format = cli_get(c, "format");
	const char *out = cli_get(c, "out");
	struct htcds_query q;
	struct htcds_export e;
	const char *type;
	char *doc;

	if (!format && c->json)
		format = "json";
	if (htcds_query_parse(cli_get(c, "k"), format, cli_get(c, "from"),
	    cli_get(c, "to"), &q, err) == -1) {
		/* An option's value: a usage error, named as given. */
		char msg[sizeof(err->msg)];

		snprintf(msg, sizeof(msg), "%s", err->msg);
		return cli_usage(c, err, "--%s", msg);
	}
	if (out && !*out)
		return cli_usage(c, err, "--out is empty: give the file to "
		    "write");
	if (htcds_export(&c->ctx, &q, &e, err) == -1)
		return -1;
	doc = htcds_document(&e, c->ctx.arena, &type);
	if (out)
		return write_file(c, out, doc, err);
	fputs(doc, stdout);
	return 0;
}

static const struct cli_opt htcds_opts[] = {
	{ "k", "N", 0, "each group of victims alike is at least N strong, "
	    "from 2 to 1000 (default 11)" },
	{ "format", "FORMAT", 0, "csv (default) or json" },
	{ "from", "YYYY", 0, "victims identified from this year" },
	{ "to", "YYYY", 0, "victims identified up to this year" },
	{ "out", "FILE", 0, "write to FILE instead of standard output" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_export_htcds = {
	"export", "htcds", NULL, 0, 0, htcds_opts, 0, run_htcds,
	"the agency's victims de-identified in HTCDS v2.0 fields, "
	"k-anonymised (audited)",
};
