/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_person.c - tipsom person add and show. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/person.h"
#include "model/json.h"
#include "base/banned.h"

/* Splits "KIND:NUMBER[:COUNTRY[:EXPIRES]]" into a document. */
static int
parse_document(struct cli *c, const char *s, struct document_input *d,
    struct err *err)
{
	char *copy = arena_strdup(c->ctx.arena, s);
	char *parts[4] = { NULL, NULL, NULL, NULL };
	int n = 0;

	parts[n++] = copy;
	for (char *p = copy; *p && n < 4; p++)
		if (*p == ':') {
			*p = '\0';
			parts[n++] = p + 1;
		}
	if (n < 2)
		return cli_usage(c, err, "--document \"%.40s\" is incomplete: "
		    "give KIND:NUMBER[:COUNTRY[:EXPIRES]], like "
		    "passport:A1234567:IQ:2030-01-31", s);
	*d = (struct document_input){ parts[0], parts[1], parts[2],
	    parts[3] };
	return 0;
}

static int
parse_contacts(struct cli *c, struct person_input *in, struct err *err)
{
	static const char *const kinds[] = { "phone", "email", "address" };
	struct contact_input *contacts;
	const char **vals;
	size_t n = 0, max = (size_t)c->n_vals;

	contacts = arena_array(c->ctx.arena, max + 1, sizeof(*contacts));
	for (size_t k = 0; k < 3; k++) {
		size_t got = cli_get_all(c, kinds[k], &vals);

		for (size_t i = 0; i < got; i++)
			contacts[n++] = (struct contact_input){ kinds[k],
			    vals[i] };
	}
	for (size_t i = 0, got = cli_get_all(c, "contact", &vals); i < got;
	    i++) {
		char *copy = arena_strdup(c->ctx.arena, vals[i]);
		char *colon = strchr(copy, ':');

		if (!colon)
			return cli_usage(c, err, "--contact \"%.40s\" is "
			    "incomplete: give KIND:VALUE, like "
			    "messaging:+9647501234567",
			    vals[i]);
		*colon = '\0';
		contacts[n++] = (struct contact_input){ copy, colon + 1 };
	}
	in->contacts = contacts;
	in->n_contacts = n;
	return 0;
}

static int
run_add(struct cli *c, struct err *err)
{
	struct person_input in = {
		.given = cli_get(c, "given"),
		.father = cli_get(c, "father"),
		.grandfather = cli_get(c, "grandfather"),
		.family = cli_get(c, "family"),
		.sex = cli_get(c, "sex"),
		.born = cli_get(c, "born"),
		.born_estimated = cli_has(c, "born-estimated"),
	};
	struct document_input *docs;
	const char **list;
	struct person_row row;

	in.n_aliases = cli_get_all(c, "alias", &list);
	in.aliases = list;
	in.n_nationalities = cli_get_all(c, "nationality", &list);
	in.nationalities = list;
	in.n_languages = cli_get_all(c, "language", &list);
	in.languages = list;
	in.n_documents = cli_get_all(c, "document", &list);
	docs = arena_array(c->ctx.arena, in.n_documents + 1, sizeof(*docs));
	for (size_t i = 0; i < in.n_documents; i++)
		if (parse_document(c, list[i], &docs[i], err) == -1)
			return -1;
	in.documents = docs;
	if (parse_contacts(c, &in, err) == -1 ||
	    person_add(&c->ctx, &in, &row, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(person_json(&row), err);
	printf("%" PRId64 "\n", row.id);
	return 0;
}

static void
print_person(const struct person_row *p)
{
	printf("person %" PRId64 "  %s\n", p->id,
	    enum_name(&sex_desc, p->sex));
	if (p->birth_date)
		printf("  born %s\n", p->birth_date);
	else if (p->birth_year)
		printf("  born %s%d\n", p->birth_year_estimated ? "about " : "",
		    p->birth_year);
	for (size_t i = 0; i < p->n_names; i++) {
		const struct person_name *n = &p->names[i];

		printf("  %-8s", enum_name(&name_kind_desc, n->kind));
		if (n->given)
			printf(" given: %s", n->given);
		if (n->father)
			printf("  father: %s", n->father);
		if (n->grandfather)
			printf("  grandfather: %s", n->grandfather);
		if (n->family)
			printf("  family: %s", n->family);
		printf("  [%s]\n", n->script);
	}
	for (size_t i = 0; i < p->n_nationalities; i++)
		printf("  nationality %s\n", p->nationalities[i]);
	for (size_t i = 0; i < p->n_languages; i++)
		printf("  language %s\n", p->languages[i]);
	for (size_t i = 0; i < p->n_documents; i++) {
		const struct person_document *d = &p->documents[i];

		printf("  %s %s%s%s%s%s\n",
		    enum_name(&document_kind_desc, d->kind), d->number,
		    d->country ? " " : "", d->country ? d->country : "",
		    d->expires_on ? " expires " : "",
		    d->expires_on ? d->expires_on : "");
	}
	for (size_t i = 0; i < p->n_contacts; i++)
		printf("  %s %s\n", enum_name(&contact_kind_desc,
		    p->contacts[i].kind), p->contacts[i].value);
	if (p->merged_into)
		printf("  merged into person %" PRId64 " (tipsom person unmerge "
		    "%" PRId64 " undoes it)\n", p->merged_into, p->id);
	for (size_t i = 0; i < p->n_merged_from; i++)
		printf("  with person %" PRId64 ", merged into this one\n",
		    p->merged_from[i]);
}

static int
run_show(struct cli *c, struct err *err)
{
	struct person_row row;
	int64_t id;

	if (person_parse_id(c->args[0], "id", &id, err) == -1 ||
	    person_show(&c->ctx, id, &row, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(person_json(&row), err);
	print_person(&row);
	return 0;
}

static const struct cli_opt add_opts[] = {
	{ "given", "NAME", 0, "given (first) name, in any script" },
	{ "father", "NAME", 0, "father's name" },
	{ "grandfather", "NAME", 0, "grandfather's name" },
	{ "family", "NAME", 0, "family or tribal name" },
	{ "alias", "NAME", CLI_MULTI, "another name the person is known by" },
	{ "sex", "SEX", 0, "female, male, other or unknown (the default)" },
	{ "born", "DATE", 0, "birth date YYYY-MM-DD, or the year YYYY" },
	{ "born-estimated", NULL, 0, "the birth year is an estimate" },
	{ "nationality", "CC", CLI_MULTI, "ISO 3166 country code (IQ, SY)" },
	{ "language", "LANG", CLI_MULTI, "a language spoken (ar, ckb, prs)" },
	{ "document", "KIND:NUMBER[:CC[:EXPIRES]]", CLI_MULTI,
	    "an identity document" },
	{ "phone", "NUMBER", CLI_MULTI, "a phone number" },
	{ "email", "ADDRESS", CLI_MULTI, "an e-mail address" },
	{ "address", "TEXT", CLI_MULTI, "a postal address" },
	{ "contact", "KIND:VALUE", CLI_MULTI,
	    "another contact (messaging, social_media, other)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_person_add = {
	"person", "add", NULL, 0, 0, add_opts, 0, run_add,
	"record a person and print their id",
};

const struct cli_cmd cmd_person_show = {
	"person", "show", "ID", 1, 1, no_opts, 0, run_show,
	"show a person's identity (audited)",
};
