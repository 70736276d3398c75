/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_keys.c - the store's field encryption (core/keys.h) on a real
 * store: a plain store encrypted afterwards seals every sealed column,
 * reads as before, finds identifiers by their blind index; only its key
 * opens it again; a rotation re-seals everything, and a second process
 * takes the new key up through its chain; a new passphrase replaces the
 * key file.
 */
#include <inttypes.h>

#include "unit.h"

#include "core/case.h"
#include "core/keys.h"
#include "core/links.h"
#include "core/person.h"
#include "core/search.h"
#include "base/banned.h"

#define PASSWORD	"Correct-Horse-Erbil-2026"

struct world {
	struct unit_env	*env;
	char		 ref[32];
	char		 line[VAULT_KEY_LINE];
	int64_t		 person, phone;
};

/* Links a phone to the case, or to the person when person is given. */
static int64_t
add_phone(struct world *w, const char *value, const char *person)
{
	struct link_row l;

	must(links_add(&w->env->ctx, &(struct link_input){ .ref = person ?
	    NULL : w->ref, .person_id = person, .kind = "phone",
	    .value = value, .note = "from Layla's phone" }, &l,
	    &w->env->err), w->env, value);
	return l.identifier_id;
}

/* A plain store with a case, its victim, a note and a phone. */
static int
setup(void **state)
{
	static const char *const agencies[][2] = {
		{ "KRI-MOI", "law_enforcement" },
	};
	static const char *const users[][3] = {
		{ "inv", "KRI-MOI", "investigator" },
	};
	struct world *w = calloc(1, sizeof(*w));
	struct unit_env *env = unit_env_new_encrypted(false);
	struct case_row c;
	struct person_row p;
	struct case_person_row cp;
	struct note_row note;
	char id[24];

	if (!env || !w)
		return -1;
	w->env = env;
	*state = w;
	unit_people(env, agencies, 1, users, 1, PASSWORD);
	unit_as(env, "inv");
	must(case_open(&env->ctx, &(struct case_input){ .title = "Salon",
	    .kind = "tip" }, &c, &env->err), env, "case");
	snprintf(w->ref, sizeof(w->ref), "%s", c.ref);
	must(person_add(&env->ctx, &(struct person_input){ .given = "Layla",
	    .family = "\u0642\u0647\u0631\u0647\u062f\u0627\u063a\u06cc",
	    .born = "1998" }, &p, &env->err), env, "person");
	w->person = p.id;
	snprintf(id, sizeof(id), "%" PRId64, p.id);
	must(case_add_person(&env->ctx, &(struct case_person_input){
	    .ref = c.ref, .person_id = id, .role = "victim" }, &cp,
	    &env->err), env, "victim");
	must(case_note(&env->ctx, c.ref, "Layla spoke of the salon", &note,
	    &env->err), env, "note");
	w->phone = add_phone(w, "+964 750 000 0101", NULL);
	return 0;
}

/* Every value of every sealed column starts with prefix ("h." for the
 * blind index), or (prefix NULL) none is sealed. */
static void
want_sealed(struct world *w, const char *prefix)
{
	for (int c = 0; c < STORE_SEALED__MAX; c++) {
		struct store_sealed_value *rows;
		size_t n;

		must(store_sealed_batch(w->env->ctx.store, (enum store_sealed)c,
		    0, 1000, w->env->ctx.arena, &rows, &n, &w->env->err),
		    w->env, store_sealed_field((enum store_sealed)c));
		for (size_t i = 0; i < n; i++) {
			const char *v = rows[i].value;
			bool index = c == STORE_SEALED_IDENTIFIER_INDEX;
			bool sealed = index ? strncmp(v, "h.", 2) == 0 :
			    vault_field_version(v) > 0;

			if (!prefix ? sealed : index ? !sealed :
			    strncmp(v, prefix, strlen(prefix)) != 0)
				fail_msg("%s row %" PRId64 ": \"%.12s\", want "
				    "%s", store_sealed_field((enum store_sealed)
				    c), rows[i].id, v, prefix ? prefix :
				    "plain");
		}
	}
}

/* What tipsom reads of the world is the same, whatever is stored. */
static void
want_readable(struct world *w)
{
	struct unit_env *env = w->env;
	struct person_row p;
	struct case_view v;
	struct link_row *links;
	struct person_hit *hits;
	size_t n;

	unit_as(env, "inv");
	must(person_show(&env->ctx, w->person, &p, &env->err), env, "show");
	assert_string_equal(p.names[0].given, "Layla");
	must(case_show(&env->ctx, w->ref, true, &v, &env->err), env, "case");
	assert_int_equal(v.n_notes, 1);
	assert_string_equal(v.notes[0].body, "Layla spoke of the salon");
	must(links_list(&env->ctx, &(struct links_query){ .ref = w->ref },
	    &links, &n, &env->err), env, "links");
	assert_int_equal(n, 1);
	assert_string_equal(links[0].value, "+964 750 000 0101");
	assert_string_equal(links[0].normalised, "+9647500000101");
	assert_string_equal(links[0].note, "from Layla's phone");
	must(person_search(&env->ctx, "Leila Qaradaghi", 5, &hits, &n,
	    &env->err), env, "search");
	assert_true(n >= 1);
	assert_int_equal(hits[0].id, w->person);
}

/* A new vault on the same store, as another process opens it. */
static struct vault *
swap_vault(struct world *w)
{
	struct vault *old = w->env->ctx.vault;

	w->env->ctx.vault = vault_open(PWHASH_INTERACTIVE, &w->env->err);
	assert_non_null(w->env->ctx.vault);
	return old;
}

static void
test_encrypt_a_plain_store(void **state)
{
	struct world *w = *state;
	struct unit_env *env = w->env;
	struct keys_report r;
	enum keys_kind kind;
	struct vault *first;

	want_sealed(w, NULL);
	want_readable(w);
	vault_key_line_new(w->line);
	must(keys_init(&env->ctx, KEYS_KEY_FILE, w->line, &r, &env->err), env,
	    "keys init");
	assert_int_equal(r.version, 1);
	assert_true(r.sealed >= 7);
	must(keys_kind(&env->ctx, &kind, &env->err), env, "kind");
	assert_int_equal(kind, KEYS_KEY_FILE);
	want_sealed(w, "k1.");
	want_readable(w);
	/* The same number typed otherwise is the same identifier, found by
	 * its blind index. */
	{
		char id[24];

		snprintf(id, sizeof(id), "%" PRId64, w->person);
		assert_int_equal(add_phone(w, "00964-750-000-0101", id),
		    w->phone);
	}
	/* Once encrypted, for good. */
	assert_int_equal(keys_init(&env->ctx, KEYS_KEY_FILE, w->line, &r,
	    &env->err), -1);
	assert_int_equal(env->err.code, ERR_CONFLICT);
	err_clear(&env->err);

	/* Another process: only the key file's line opens the store. */
	first = swap_vault(w);
	{
		char other[VAULT_KEY_LINE];

		vault_key_line_new(other);
		assert_int_equal(keys_unlock(&env->ctx, other, &env->err), -1);
		assert_int_equal(env->err.code, ERR_TAMPERED);
		err_clear(&env->err);
		/* Locked: neither sealed text shown nor plain written. */
		assert_int_equal(person_show(&env->ctx, w->person,
		    &(struct person_row){ 0 }, &env->err), -1);
		assert_int_equal(env->err.code, ERR_STORE);
		err_clear(&env->err);
	}
	must(keys_unlock(&env->ctx, w->line, &env->err), env, "unlock");
	want_readable(w);
	vault_close(&first);
}

static void
test_rotate_and_take_up(void **state)
{
	struct world *w = *state;
	struct unit_env *env = w->env;
	struct keys_report r;
	struct vault *server, *rotating;

	/* "server" holds key 1 only; the rotation runs in its own vault. */
	server = env->ctx.vault;
	env->ctx.vault = vault_open(PWHASH_INTERACTIVE, &env->err);
	must(keys_unlock(&env->ctx, w->line, &env->err), env, "unlock");
	must(keys_rotate(&env->ctx, w->line, &r, &env->err), env, "rotate");
	assert_int_equal(r.version, 2);
	assert_true(r.sealed >= 7);
	assert_true(r.passes >= 2);
	want_sealed(w, "k2.");
	rotating = env->ctx.vault;
	env->ctx.vault = server;
	assert_int_equal(vault_key_version(server), 1);
	assert_int_equal(person_show(&env->ctx, w->person,
	    &(struct person_row){ 0 }, &env->err), -1);
	assert_int_equal(env->err.code, ERR_STORE);
	err_clear(&env->err);
	must(keys_refresh(&env->ctx, &env->err), env, "refresh");
	assert_int_equal(vault_key_version(server), 2);
	want_readable(w);
	vault_close(&rotating);
}

static void
test_new_passphrase(void **state)
{
	struct world *w = *state;
	struct unit_env *env = w->env;
	enum keys_kind kind;
	struct vault *held;

	assert_int_equal(keys_rewrap(&env->ctx, "not the key", KEYS_PASSPHRASE,
	    "a passphrase of some length", &env->err), -1);
	err_clear(&env->err);
	must(keys_rewrap(&env->ctx, w->line, KEYS_PASSPHRASE,
	    "a passphrase of some length", &env->err), env, "rewrap");
	must(keys_kind(&env->ctx, &kind, &env->err), env, "kind");
	assert_int_equal(kind, KEYS_PASSPHRASE);
	held = swap_vault(w);
	assert_int_equal(keys_unlock(&env->ctx, w->line, &env->err), -1);
	err_clear(&env->err);
	must(keys_unlock(&env->ctx, "a passphrase of some length", &env->err),
	    env, "unlock");
	want_readable(w);
	vault_close(&held);
}

int
main(void)
{
	/* In order: each builds on the store the one before left. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encrypt_a_plain_store),
		cmocka_unit_test(test_rotate_and_take_up),
		cmocka_unit_test(test_new_passphrase),
	};

	return cmocka_run_group_tests(tests, setup, unit_world_teardown);
}
