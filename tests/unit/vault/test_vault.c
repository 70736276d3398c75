/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vault.c - the crypto module: SHA-256 against published vectors,
 * argon2id password hashes, secrets and randomness (field encryption:
 * test_fields.c).
 */
#include "unit.h"

#include "base/banned.h"

static void
test_sha256(void **state)
{
	/* FIPS 180-2 examples; the split rows prove pieces concatenate. */
	static const struct {
		const char	*name;
		const char	*pieces[3];
		const char	*want;
	} rows[] = {
		{ "empty", { "" },
		    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
		    "7852b855" },
		{ "abc", { "abc" },
		    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61"
		    "f20015ad" },
		{ "abc in pieces", { "a", "", "bc" },
		    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61"
		    "f20015ad" },
		{ "448 bits",
		    { "abcdbcdecdefdefgefghfghighijhijk"
		    "ijkljklmklmnlmnomnopnopq" },
		    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd4"
		    "19db06c1" },
		{ "448 bits in pieces",
		    { "abcdbcdecdefdefgefghfghighijhijk",
		    "ijkljklmklmnlmnomnopnopq" },
		    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd4"
		    "19db06c1" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct vault_piece pieces[3];
		char got[VAULT_SHA256_HEX];
		size_t n = 0;

		for (; n < ARRAY_SIZE(pieces) && rows[i].pieces[n]; n++)
			pieces[n] = (struct vault_piece){ rows[i].pieces[n],
			    strlen(rows[i].pieces[n]) };
		vault_sha256_hex(pieces, n, got);
		if (!STREQ(got, rows[i].want))
			fail_msg("row %zu \"%s\": got %s, want %s", i,
			    rows[i].name, got, rows[i].want);
	}
}

static int
vault_setup(void **state)
{
	struct err err = ERR_INIT;

	*state = vault_open(PWHASH_INTERACTIVE, &err);
	if (!*state)
		print_error("vault_open: %s\n", err.msg);
	return *state ? 0 : -1;
}

static int
vault_teardown(void **state)
{
	struct vault *v = *state;

	vault_close(&v);
	assert_null(v);
	vault_close(&v);	/* twice is harmless */
	return 0;
}

static void
test_password(void **state)
{
	static const char *const wrong[] = {
		"correct horse battery stapl", "correct horse battery staple ",
		"Correct horse battery staple", "",
	};
	struct vault *v = *state;
	struct err err = ERR_INIT;
	char one[VAULT_PWHASH_SIZE], two[VAULT_PWHASH_SIZE];

	assert_int_equal(vault_password_hash(v, "correct horse battery staple",
	    one, &err), 0);
	assert_true(strncmp(one, "$argon2id$", 10) == 0);
	assert_null(strstr(one, "correct"));
	assert_true(vault_password_verify(v, one,
	    "correct horse battery staple"));
	for (size_t i = 0; i < ARRAY_SIZE(wrong); i++)
		if (vault_password_verify(v, one, wrong[i]))
			fail_msg("row %zu \"%s\": a wrong password verifies",
			    i, wrong[i]);
	assert_false(vault_password_verify(v, "not a hash", "x"));
	assert_false(vault_password_verify(v, "", ""));

	/* Salted: the same password hashes differently each time. */
	assert_int_equal(vault_password_hash(v, "correct horse battery staple",
	    two, &err), 0);
	assert_string_not_equal(one, two);
	assert_true(vault_password_verify(v, two,
	    "correct horse battery staple"));

	/* Arabic passwords are bytes like any other. */
	assert_int_equal(vault_password_hash(v,
	    "\u0643\u0644\u0645\u0629 \u0633\u0631 \u0637\u0648\u064a\u0644"
	    "\u0629", one, &err), 0);
	assert_true(vault_password_verify(v, one,
	    "\u0643\u0644\u0645\u0629 \u0633\u0631 \u0637\u0648\u064a\u0644"
	    "\u0629"));
}

static void
test_secret_and_random(void **state)
{
	unsigned char a[32] = { 0 }, b[32] = { 0 };
	char *s = vault_secret_new(64);

	(void)state;
	assert_non_null(s);
	for (size_t i = 0; i < 64; i++)
		if (s[i] != 0)
			fail_msg("secret byte %zu is not zeroed", i);
	memcpy(s, "a password as typed", 20);
	vault_secret_free(&s, 64);
	assert_null(s);
	vault_secret_free(&s, 64);	/* twice is harmless */

	vault_random(a, sizeof(a));
	vault_random(b, sizeof(b));
	assert_memory_not_equal(a, b, sizeof(a));
}

/* Codes people read out: the shape, the alphabet, and no two alike. */
static void
test_random_code(void **state)
{
	char a[4 * 5], b[4 * 5], one[5];

	(void)state;
	vault_random_code(a, 4);
	vault_random_code(b, 4);
	vault_random_code(one, 1);
	assert_int_equal(strlen(a), 19);
	assert_int_equal(strlen(one), 4);
	assert_string_not_equal(a, b);
	for (size_t i = 0; i < strlen(a); i++) {
		if (i % 5 == 4) {
			assert_int_equal(a[i], '-');
			continue;
		}
		assert_non_null(strchr("ABCDEFGHJKLMNPQRSTUVWXYZ23456789",
		    a[i]));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_password),
		cmocka_unit_test(test_secret_and_random),
		cmocka_unit_test(test_random_code),
	};

	return cmocka_run_group_tests(tests, vault_setup, vault_teardown);
}
