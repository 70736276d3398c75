/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_provider.c - tipsom provider add, list, show and update. */
#include <stdio.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/provider.h"
#include "base/banned.h"

/* --capacity N, or none for unknown; keep when absent. */
static int
capacity_option(struct cli *c, int64_t keep, int64_t *out, struct err *err)
{
	const char *v = cli_get(c, "capacity");
	int n;

	*out = keep;
	if (!v)
		return 0;
	if (STREQ(v, "none")) {
		*out = -1;
		return 0;
	}
	if (cli_int(c, "capacity", 0, 100000, 0, &n, err) == -1)
		return -1;
	*out = n;
	return 0;
}

/* The options add and update share; absent lists stay NULL. */
static int
read_input(struct cli *c, struct provider_input *in, bool update,
    struct err *err)
{
	const char **v;
	size_t n;

	in->code = update ? c->args[0] : cli_get(c, "code");
	in->name = cli_get(c, "name");
	in->agency = cli_get(c, "agency");
	in->region = cli_get(c, "region");
	in->contact = cli_get(c, "contact");
	if ((n = cli_get_all(c, "service", &v)) || !update) {
		in->services = v;
		in->n_services = n;
	}
	if ((n = cli_get_all(c, "accepts", &v)) || !update) {
		in->accepts = v;
		in->n_accepts = n;
	}
	if ((n = cli_get_all(c, "language", &v)) || !update) {
		in->languages = v;
		in->n_languages = n;
	}
	if (cli_has(c, "active") && cli_has(c, "inactive"))
		return cli_usage(c, err, "--active and --inactive: give one");
	in->active = cli_has(c, "inactive") ? 0 : cli_has(c, "active") ||
	    !update ? 1 : PROVIDER_KEEP;
	return capacity_option(c, update ? PROVIDER_KEEP : -1, &in->capacity,
	    err);
}

static int
print_provider(struct cli *c, const struct provider_row *p, struct err *err)
{
	if (c->json)
		return cli_print_json(provider_json(p), err);
	printf("%s\n", p->code);
	return 0;
}

static int
run_add(struct cli *c, struct err *err)
{
	struct provider_input in = { 0 };
	struct provider_row p;

	if (read_input(c, &in, false, err) == -1 ||
	    provider_add(&c->ctx, &in, &p, err) == -1)
		return -1;
	return print_provider(c, &p, err);
}

static int
run_update(struct cli *c, struct err *err)
{
	struct provider_input in = { 0 };
	struct provider_row p;
	int version;

	if (cli_int(c, "version", 1, INT32_MAX, 0, &version, err) == -1 ||
	    read_input(c, &in, true, err) == -1 ||
	    provider_update(&c->ctx, &in, version, &p, err) == -1)
		return -1;
	return print_provider(c, &p, err);
}

/* "shelter, medical" for the bits of set in d. */
static void
print_set(const struct enum_desc *d, unsigned set)
{
	struct buf b = BUF_INIT(1024);

	enum_set_names(d, set, &b);
	fputs(b.s, stdout);
	buf_release(&b);
}

static int
run_show(struct cli *c, struct err *err)
{
	struct provider_row p;

	if (provider_find(&c->ctx, c->args[0], "code", &p, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(provider_json(&p), err);
	printf("%s  %s%s\nregion:    %s\nservices:  ", p.code, p.name,
	    p.active ? "" : "  (inactive)", p.region);
	print_set(&service_desc, p.services);
	printf("\naccepts:   ");
	print_set(&client_group_desc, p.accepts);
	printf("\nlanguages:");
	for (size_t i = 0; i < p.n_languages; i++)
		printf(" %s", p.languages[i]);
	if (p.capacity >= 0)
		printf("\ncapacity:  %d", p.capacity);
	else
		printf("\ncapacity:  not known");
	printf("\nagency:    %s\ncontact:   %s\nversion:   %lld\n",
	    p.agency_code ? p.agency_code : "none (external)",
	    p.contact ? p.contact : "-", (long long)p.version);
	return 0;
}

static int
run_list(struct cli *c, struct err *err)
{
	struct provider_filter f = {
		.service = cli_get(c, "service"),
		.accepts = cli_get(c, "accepts"),
		.language = cli_get(c, "language"),
		.region = cli_get(c, "region"),
		.inactive_too = cli_has(c, "all"),
	};
	struct provider_row *rows;
	size_t n;

	if (provider_list(&c->ctx, &f, &rows, &n, err) == -1)
		return -1;
	if (c->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, provider_json(&rows[i]));
		return cli_print_json(a, err);
	}
	for (size_t i = 0; i < n; i++) {
		cli_cell(rows[i].code, 18);
		cli_cell(rows[i].region, 14);
		printf("%s%s\n", rows[i].name, rows[i].active ? "" :
		    "  (inactive)");
	}
	return 0;
}

#define SERVICES_HELP	"shelter, medical, psychosocial, legal_aid, "	\
	"interpretation, education, livelihood, return_reintegration or " \
	"child_protection"
#define GROUPS_HELP	"children, women, men or families"

static const struct cli_opt add_opts[] = {
	{ "code", "CODE", CLI_REQUIRED,
	    "the provider's code, like agency codes (ERB-WOMEN-SHELTER)" },
	{ "name", "NAME", CLI_REQUIRED, "the provider's name" },
	{ "region", "REGION", CLI_REQUIRED, "where it works" },
	{ "service", "SERVICE", CLI_REQUIRED | CLI_MULTI,
	    "a service it offers (repeat for more): " SERVICES_HELP },
	{ "accepts", "GROUP", CLI_REQUIRED | CLI_MULTI,
	    "whom it takes (repeat for more): " GROUPS_HELP },
	{ "language", "TAG", CLI_MULTI,
	    "a language its staff work in (repeat for more): ar, ckb, en..." },
	{ "capacity", "N", 0, "people it takes at once, or none" },
	{ "contact", "TEXT", 0, "how to reach it (phone, address)" },
	{ "agency", "CODE", 0, "the agency it is in tipsom, if any" },
	{ "inactive", NULL, 0, "add it as taking no referrals" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt update_opts[] = {
	{ "version", "N", CLI_REQUIRED,
	    "the version you looked at (provider show)" },
	{ "name", "NAME", 0, "a new name" },
	{ "region", "REGION", 0, "where it works" },
	{ "service", "SERVICE", CLI_MULTI,
	    "the services it offers, all of them: " SERVICES_HELP },
	{ "accepts", "GROUP", CLI_MULTI,
	    "whom it takes, all of them: " GROUPS_HELP },
	{ "language", "TAG", CLI_MULTI,
	    "the languages its staff work in, all of them" },
	{ "capacity", "N", 0, "people it takes at once, or none" },
	{ "contact", "TEXT", 0, "how to reach it; \"\" for none" },
	{ "agency", "CODE", 0, "the agency it is in tipsom; \"\" for none" },
	{ "active", NULL, 0, "takes referrals again" },
	{ "inactive", NULL, 0, "takes no referrals (kept in the directory)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt list_opts[] = {
	{ "service", "SERVICE", 0, "only those offering it" },
	{ "accepts", "GROUP", 0, "only those taking this group" },
	{ "language", "TAG", 0, "only those working in it" },
	{ "region", "REGION", 0, "only those working there" },
	{ "all", NULL, 0, "inactive ones too" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_provider_add = {
	"provider", "add", NULL, 0, 0, add_opts, 0, run_add,
	"add a service provider to the directory (supervisors, admins)",
};

const struct cli_cmd cmd_provider_update = {
	"provider", "update", "CODE", 1, 1, update_opts, 0, run_update,
	"change a provider; only the options given change",
};

const struct cli_cmd cmd_provider_show = {
	"provider", "show", "CODE", 1, 1, no_opts, 0, run_show,
	"a provider of the directory",
};

const struct cli_cmd cmd_provider_list = {
	"provider", "list", NULL, 0, 0, list_opts, 0, run_list,
	"the directory of service providers, by region",
};
