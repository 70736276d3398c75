/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_awareness.c - tipsom awareness add, list, show and edit: the
 * awareness sessions of Migrant Resource Centres (core/awareness.h).
 */
#include <inttypes.h>
#include <stdio.h>

#include <jansson.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/awareness.h"
#include "core/input.h"
#include "base/banned.h"

/* The counts' options, by enum awareness_count. */
static const char *const count_opts[AWARENESS_COUNT__MAX] = {
	[AWARENESS_FEMALE_CHILDREN] = "female-children",
	[AWARENESS_FEMALE_ADULTS] = "female-adults",
	[AWARENESS_MALE_CHILDREN] = "male-children",
	[AWARENESS_MALE_ADULTS] = "male-adults",
};

static void
read_input(struct cli *c, struct awareness_input *in)
{
	*in = (struct awareness_input){ .kind = cli_get(c, "kind"),
	    .held_on = cli_get(c, "date"), .place = cli_get(c, "place"),
	    .region = cli_get(c, "region"),
	    .audience = cli_get(c, "audience"),
	    .materials_other = cli_get(c, "other-materials"),
	    .feedback = cli_get(c, "feedback") };
	for (int k = 0; k < AWARENESS_COUNT__MAX; k++)
		in->counts[k] = cli_get(c, count_opts[k]);
	in->n_organisers = cli_get_all(c, "organiser", &in->organisers);
	in->organisers_given = in->n_organisers > 0;
	in->n_materials = cli_get_all(c, "material", &in->materials);
	in->materials_given = in->n_materials > 0 ||
	    cli_has(c, "no-materials");
}

static void
print_list(const char *what, const struct awareness_row *s, bool codes)
{
	size_t n = codes ? s->n_organisers : s->n_materials;

	printf("  %-16s", what);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", codes ? s->organisers[i].code :
		    s->materials[i]);
	printf("%s\n", n ? "" : "none");
}

static void
print_session(const struct awareness_row *s)
{
	printf("awareness session %" PRId64 " (version %" PRId64 "), "
	    "recorded by %s\n", s->id, s->version, s->agency);
	printf("  %-16s%s\n", "kind", enum_name(&awareness_kind_desc,
	    (int)s->kind));
	printf("  %-16s%s\n", "held on", s->held_on);
	printf("  %-16s%s, %s\n", "place", s->place, s->region);
	printf("  %-16s%s\n", "audience", enum_name(&audience_desc,
	    (int)s->audience));
	printf("  %-16swomen %d, girls %d, men %d, boys %d: %" PRId64
	    " in all\n", "reached", s->counts[AWARENESS_FEMALE_ADULTS],
	    s->counts[AWARENESS_FEMALE_CHILDREN],
	    s->counts[AWARENESS_MALE_ADULTS],
	    s->counts[AWARENESS_MALE_CHILDREN], awareness_total(s));
	print_list("organisers", s, true);
	print_list("sheets", s, false);
	if (*s->materials_other)
		printf("  %-16s%s\n", "other materials", s->materials_other);
	if (s->feedback)
		printf("  feedback\n%s\n", s->feedback);
}

static int
done(struct cli *c, const struct awareness_row *s, const char *verb,
    struct err *err)
{
	if (c->json)
		return cli_print_json(awareness_json(s), err);
	printf("awareness session %" PRId64 " %s: %" PRId64 " people "
	    "reached\n", s->id, verb, awareness_total(s));
	return 0;
}

static int
run_add(struct cli *c, struct err *err)
{
	struct awareness_input in;
	struct awareness_row s;

	read_input(c, &in);
	if (awareness_add(&c->ctx, &in, &s, err) == -1)
		return -1;
	return done(c, &s, "recorded", err);
}

static int
session_arg(struct cli *c, int64_t *id, struct err *err)
{
	if (input_id(c->args[0], "id", "session", id, err) == -1) {
		c->usage = true;
		return -1;
	}
	return 0;
}

static int
run_show(struct cli *c, struct err *err)
{
	struct awareness_row s;
	int64_t id;

	if (session_arg(c, &id, err) == -1 ||
	    awareness_show(&c->ctx, id, &s, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(awareness_json(&s), err);
	print_session(&s);
	return 0;
}

static int
run_edit(struct cli *c, struct err *err)
{
	struct awareness_input in;
	struct awareness_row s;
	int64_t id;
	int version;

	if (session_arg(c, &id, err) == -1 ||
	    cli_int(c, "version", 0, INT32_MAX, 0, &version, err) == -1)
		return -1;
	if (cli_has(c, "no-materials") && cli_has(c, "material"))
		return cli_usage(c, err, "--material and --no-materials "
		    "disagree: give one of them");
	read_input(c, &in);
	/* Without --version, the operator corrects what is there now. */
	if (version == 0) {
		if (awareness_show(&c->ctx, id, &s, err) == -1)
			return -1;
		version = (int)s.version;
	}
	if (awareness_edit(&c->ctx, id, version, &in, &s, err) == -1)
		return -1;
	return done(c, &s, "corrected", err);
}

static int
run_list(struct cli *c, struct err *err)
{
	const struct awareness_filter f = { cli_get(c, "from"),
	    cli_get(c, "to"), cli_get(c, "region") };
	struct awareness_row *rows;
	json_t *all;
	size_t n;
	int limit;

	if (cli_int(c, "limit", 1, 500, 50, &limit, err) == -1 ||
	    awareness_list(&c->ctx, &f, limit, 0, &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		all = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(all, awareness_json(&rows[i]));
		return cli_print_json(all, err);
	}
	for (size_t i = 0; i < n; i++) {
		printf("%-5" PRId64 " %s  ", rows[i].id, rows[i].held_on);
		cli_cell(enum_name(&awareness_kind_desc, (int)rows[i].kind),
		    23);
		cli_cell(enum_name(&audience_desc, (int)rows[i].audience), 21);
		printf("%6" PRId64 "  ", awareness_total(&rows[i]));
		cli_cell(rows[i].region, 14);
		printf("%s\n", rows[i].place);
	}
	if (n == 0)
		printf("no awareness sessions\n");
	return 0;
}

#define SESSION_OPTS(required)						\
	{ "kind", "KIND", required, "community, school, "		\
	    "officials_workshop or coordination_committee" },		\
	{ "date", "YYYY-MM-DD", required, "the day it was held (not in " \
	    "the future)" },						\
	{ "place", "TEXT", required, "where: a school, a hall, a village" }, \
	{ "region", "TEXT", required, "the region, for the figures" },	\
	{ "audience", "AUDIENCE", required, "prospective_migrants, "	\
	    "returnees, families, students, officials, community_leaders " \
	    "or general_public" },					\
	{ "female-children", "N", 0, "girls who came, 0-100000" },	\
	{ "female-adults", "N", 0, "women who came" },			\
	{ "male-children", "N", 0, "boys who came" },			\
	{ "male-adults", "N", 0, "men who came" },			\
	{ "organiser", "AGENCY", CLI_MULTI, "an organising agency by " \
	    "code (yours is always one)" },				\
	{ "material", "SHEET", CLI_MULTI, "an information sheet used, " \
	    "by id (tipsom sheets list)" },				\
	{ "other-materials", "TEXT", 0, "other materials used" },	\
	{ "feedback", "TEXT", 0, "how it went, what was asked; name no " \
	    "one (sealed all the same)" }

static const struct cli_opt add_opts[] = {
	SESSION_OPTS(CLI_REQUIRED),
	{ NULL, NULL, 0, NULL },
};
static const struct cli_opt edit_opts[] = {
	SESSION_OPTS(0),
	{ "no-materials", NULL, 0, "no information sheet was used" },
	{ "version", "N", 0, "the version you looked at (default: the "
	    "current one)" },
	{ NULL, NULL, 0, NULL },
};
static const struct cli_opt list_opts[] = {
	{ "from", "YYYY-MM-DD", 0, "held on or after" },
	{ "to", "YYYY-MM-DD", 0, "held on or before" },
	{ "region", "TEXT", 0, "held in this region" },
	{ "limit", "N", 0, "at most N (default 50)" },
	{ NULL, NULL, 0, NULL },
};
static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_awareness_add = {
	"awareness", "add", NULL, 0, 0, add_opts, 0, run_add,
	"record an awareness session: who came, by sex and age (audited)",
};
const struct cli_cmd cmd_awareness_list = {
	"awareness", "list", NULL, 0, 0, list_opts, 0, run_list,
	"your agency's awareness sessions, newest first",
};
const struct cli_cmd cmd_awareness_show = {
	"awareness", "show", "ID", 1, 1, no_opts, 0, run_show,
	"an awareness session",
};
const struct cli_cmd cmd_awareness_edit = {
	"awareness", "edit", "ID", 1, 1, edit_opts, 0, run_edit,
	"correct an awareness session (audited)",
};
