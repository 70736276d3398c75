/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_audit.c - tipsom audit verify and log. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/audit.h"
#include "model/json.h"
#include "base/banned.h"

static int
run_verify(struct cli *c, struct err *err)
{
	struct audit_verdict v;

	if (audit_verify(c->ctx.store, &v, err) == -1)
		return -1;
	if (c->json) {
		json_t *j = json_pack("{s:b, s:I}", "intact", v.bad_seq == 0,
		    "entries", (json_int_t)v.count);

		if (v.bad_seq) {
			json_object_set_new(j, "bad_seq",
			    json_integer(v.bad_seq));
			json_object_set_new(j, "why", json_string(v.why));
		}
		if (cli_print_json(j, err) == -1)
			return -1;
	} else if (v.bad_seq == 0) {
		printf("audit chain intact: %" PRId64 " entries\n", v.count);
	}
	if (v.bad_seq)
		return err_set(err, ERR_TAMPERED, NULL,
		    "audit chain broken at entry %" PRId64 ": %s: keep this "
		    "store file as evidence and restore from a backup",
		    v.bad_seq, v.why);
	return 0;
}

static int
run_log(struct cli *c, struct err *err)
{
	struct audit_row *rows;
	size_t n;
	int limit;

	if (cli_int(c, "limit", 1, 1000000, 0, &limit, err) == -1 ||
	    audit_log(&c->ctx, cli_get(c, "case"), limit, 0, &rows, &n,
	    err) == -1)
		return -1;
	if (c->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, audit_json(&rows[i]));
		return cli_print_json(a, err);
	}
	for (size_t i = 0; i < n; i++) {
		const struct audit_row *r = &rows[i];

		printf("%6" PRId64 "  %s  ", r->seq, r->at);
		cli_cell(r->actor_id ? r->actor : "system", 14);
		cli_cell(r->action, 22);
		/* Name the case only when the object is something in it. */
		if (r->case_ref && strcmp(r->object_id, r->case_ref) != 0)
			printf("%s %s in %s  %s\n", r->object_type,
			    r->object_id, r->case_ref, r->changes);
		else
			printf("%s %s  %s\n", r->object_type, r->object_id,
			    r->changes);
	}
	return 0;
}

static const struct cli_opt verify_opts[] = { { NULL, NULL, 0, NULL } };

static const struct cli_opt log_opts[] = {
	{ "case", "REF", 0, "only entries about this case" },
	{ "limit", "N", 0, "at most N entries, oldest first" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_audit_verify = {
	"audit", "verify", NULL, 0, 0, verify_opts, CLI_NO_ACTOR, run_verify,
	"check that no audit entry was changed, removed or reordered",
};

const struct cli_cmd cmd_audit_log = {
	"audit", "log", NULL, 0, 0, log_opts, 0, run_log,
	"show the audit trail (admins all, supervisors their agency's)",
};
