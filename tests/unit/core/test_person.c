/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_person.c - the checks of person add (person_check()): each
 * refusal names the field it is about, down to the element of a list
 * ("languages[10]", "documents[1].number"), and a person's script is
 * that of all the parts of their name.
 */
#include <stdio.h>

#include "unit.h"

#include "core/person.h"
#include "base/banned.h"

#define PASSWORD	"Correct-Horse-Erbil-2026"

static int
setup(void **state)
{
	static const char *const agencies[][2] = {
		{ "KRI-MOI", "law_enforcement" },
	};
	static const char *const users[][3] = {
		{ "inv", "KRI-MOI", "investigator" },
	};
	struct unit_env **world = calloc(1, sizeof(*world));

	if (!world || !(*world = unit_env_new())) {
		free(world);
		return -1;
	}
	unit_people(*world, agencies, ARRAY_SIZE(agencies), users,
	    ARRAY_SIZE(users), PASSWORD);
	unit_as(*world, "inv");
	*state = world;
	return 0;
}

static void
test_refusals_name_the_field(void **state)
{
	struct unit_env *env = *(struct unit_env **)*state;
	static const char *const two_countries[] = { "IQ", "XX" };
	static const char *const eleven_languages[] = { "ar", "ckb", "fa",
	    "ps", "ur", "tg", "ru", "en", "tr", "ku", "not a tag" };
	static const char *const aliases[] = { "Abu Ali", "  " };
	static const char *const blank_code[] = { "" };
	static const struct document_input bad_kind[] = {
		{ "library_card", "123", NULL, NULL },
	};
	static const struct document_input no_number[] = {
		{ "passport", "A1", "IQ", NULL },
		{ "national_id", NULL, NULL, NULL },
	};
	static const struct document_input bad_expiry[] = {
		{ "passport", "A1", "iq", "31/12/2030" },
	};
	static const struct contact_input bad_contact[] = {
		{ "pigeon", "roof" },
	};
	static const struct contact_input empty_value[] = {
		{ "phone", "0750 000 0000" }, { "email", "" },
	};
	const struct {
		const char		*name;
		struct person_input	 in;
		const char		*field;
	} rows[] = {
		{ "the second nationality",
		    { .given = "Noor", .nationalities = two_countries,
		    .n_nationalities = 2 }, "nationalities[1]" },
		{ "an empty nationality",
		    { .given = "Noor", .nationalities = blank_code,
		    .n_nationalities = 1 }, "nationalities[0]" },
		{ "the eleventh language",
		    { .given = "Noor", .languages = eleven_languages,
		    .n_languages = 11 }, "languages[10]" },
		{ "a blank alias",
		    { .given = "Noor", .aliases = aliases, .n_aliases = 2 },
		    "aliases[1]" },
		{ "a document's kind",
		    { .given = "Noor", .documents = bad_kind,
		    .n_documents = 1 }, "documents[0].kind" },
		{ "the second document's number",
		    { .given = "Noor", .documents = no_number,
		    .n_documents = 2 }, "documents[1].number" },
		{ "a document's expiry",
		    { .given = "Noor", .documents = bad_expiry,
		    .n_documents = 1 }, "documents[0].expires_on" },
		{ "a contact's kind",
		    { .given = "Noor", .contacts = bad_contact,
		    .n_contacts = 1 }, "contacts[0].kind" },
		{ "the second contact's value",
		    { .given = "Noor", .contacts = empty_value,
		    .n_contacts = 2 }, "contacts[1].value" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct person_row out;
		struct err err = ERR_INIT;

		if (person_check(&env->ctx, &rows[i].in, &out, &err) != -1)
			fail_msg("row %zu \"%s\": accepted", i, rows[i].name);
		if (err.code != ERR_INVALID || !STREQ(err.field, rows[i].field))
			fail_msg("row %zu \"%s\": got %s \"%s\" (%s), want "
			    "\"%s\"", i, rows[i].name,
			    err_code_name(err.code), err.field, err.msg,
			    rows[i].field);
	}
}

static void
test_script_of_the_whole_name(void **state)
{
	struct unit_env *env = *(struct unit_env **)*state;
	const struct {
		const char		*name;
		struct person_input	 in;
		const char		*want;
	} rows[] = {
		{ "Latin", { .given = "Karwan", .family = "Ahmed" }, "Latn" },
		{ "Arabic script", { .given = "\u0643\u0627\u0631\u0648\u0627"
		    "\u0646", .father = "\u0623\u062d\u0645\u062f" }, "Arab" },
		{ "parts in two scripts", { .given = "Karwan",
		    .grandfather = "\u0623\u062d\u0645\u062f" }, "Zmix" },
		{ "digits and Latin", { .given = "Karwan", .family = "2" },
		    "Latn" },
		{ "no letters", { .given = "7", .family = "-" }, "Zyyy" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct person_row out;

		must(person_check(&env->ctx, &rows[i].in, &out, &env->err),
		    env, rows[i].name);
		if (!STREQ(out.names[0].script, rows[i].want))
			fail_msg("row %zu \"%s\": script %s, want %s", i,
			    rows[i].name, out.names[0].script, rows[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusals_name_the_field),
		cmocka_unit_test(test_script_of_the_whole_name),
	};

	return cmocka_run_group_tests(tests, setup, unit_world_teardown);
}
