/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_fields.c - field encryption: a plain vault passes values through;
 * a keyed one seals every value so that it opens back whole, only in its
 * own field, never when changed; key files and passphrases open the
 * store's wrapped keys and nothing else; a rotated key is taken up
 * through its chain; blind indexes are keyed and stable.
 */
#include "unit.h"

#include <sys/wait.h>

#include "base/banned.h"

static const char *const values[] = {
	"Karwan",
	"\u0643\u0627\u0631\u0648\u0627\u0646",			/* Arabic */
	"\u06a9\u0627\u0631\u0648\u0627\u0646 \u0695\u06d5\u0634\u06cc\u062f",
	"\u041a\u0430\u0440\u0432\u0430\u043d \u04b6\u0430\u043c\u0448\u0435"
	    "\u0434",						/* Tajik */
	"A1234567",
	"+964 750 000 0000",
	"",
	"a long statement, long enough to need more than one block of the "
	    "cipher and of base64, with a newline\nand a tab\tinside",
};

static struct vault *
new_vault(void)
{
	struct err err = ERR_INIT;
	struct vault *v = vault_open(PWHASH_INTERACTIVE, &err);

	assert_non_null(v);
	return v;
}

static struct vault_kek *
line_kek(const char *line)
{
	struct err err = ERR_INIT;
	struct vault_kek *k = vault_kek_from_line(line, &err);

	if (!k)
		fail_msg("key line \"%s\": %s", line, err.msg);
	return k;
}

/* A keyed vault: the index key and data key 1 under kek; the wrapped
 * forms into wrapped[0..1]. */
static struct vault *
keyed_vault(const struct vault_kek *kek, struct arena *a,
    const char *wrapped[2])
{
	struct err err = ERR_INIT;
	struct vault *v = new_vault();
	const char *chained;
	int version;

	assert_int_equal(vault_key_new(v, true, kek, a, &version, &wrapped[0],
	    &chained, &err), 0);
	assert_int_equal(version, 0);
	assert_null(chained);
	assert_int_equal(vault_key_version(v), 0);
	assert_int_equal(vault_key_new(v, false, kek, a, &version, &wrapped[1],
	    &chained, &err), 0);
	assert_int_equal(version, 1);
	assert_null(chained);
	assert_int_equal(vault_key_version(v), 1);
	return v;
}

static void
test_plain_vault(void **state)
{
	struct vault *v = new_vault();
	struct arena *a = arena_new();
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(vault_key_version(v), 0);
	for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
		const char *s = vault_field_seal(v, a, "notes.body", values[i],
		    &err);

		assert_string_equal(s, values[i]);
		assert_string_equal(vault_field_open(v, a, "notes.body", s,
		    &err), values[i]);
		assert_int_equal(vault_field_version(s), 0);
	}
	assert_string_equal(vault_blind_index(v, a, "identifiers.phone",
	    "+9647500000000", NULL), "+9647500000000");
	assert_null(vault_field_seal(v, a, "notes.body", NULL, &err));
	assert_null(vault_field_open(v, a, "notes.body", NULL, &err));
	assert_int_equal(err.code, ERR_OK);
	/* An encrypted store whose keys are not taken: nothing passes. */
	vault_expect_keys(v);
	assert_null(vault_field_seal(v, a, "notes.body", "Layla", &err));
	assert_int_equal(err.code, ERR_STORE);
	err_clear(&err);
	assert_null(vault_field_open(v, a, "notes.body", "k1.AAAA", &err));
	assert_int_equal(err.code, ERR_STORE);
	err_clear(&err);
	assert_null(vault_blind_index(v, a, "identifiers.phone", "+964750",
	    &err));
	assert_int_equal(err.code, ERR_STORE);
	arena_free(&a);
	vault_close(&v);
}

static void
test_round_trip(void **state)
{
	char line[VAULT_KEY_LINE];
	struct vault_kek *kek;
	struct arena *a = arena_new();
	const char *wrapped[2];
	struct vault *v;

	(void)state;
	vault_key_line_new(line);
	kek = line_kek(line);
	v = keyed_vault(kek, a, wrapped);
	for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
		struct err err = ERR_INIT;
		const char *s = vault_field_seal(v, a, "person_names.given",
		    values[i], &err);
		const char *again = vault_field_seal(v, a,
		    "person_names.given", values[i], &err);
		const char *plain = vault_field_open(v, a,
		    "person_names.given", s, &err);

		if (!plain || !STREQ(plain, values[i]))
			fail_msg("row %zu: got \"%s\" back (%s)", i,
			    plain ? plain : "(null)", err.msg);
		assert_int_equal(vault_field_version(s), 1);
		assert_true(strncmp(s, "k1.", 3) == 0);
		/* A fresh nonce each time: equal names do not look equal. */
		assert_string_not_equal(s, again);
		if (*values[i])
			assert_null(strstr(s, values[i]));
	}
	vault_close(&v);
	vault_kek_free(&kek);
	assert_null(kek);
	arena_free(&a);
}

/* What must not open, and the error it gives. */
struct refused {
	const char	*name;
	const char	*field;
	const char	*stored;
	enum err_code	 code;
};

static void
test_refused(void **state)
{
	char line[VAULT_KEY_LINE];
	struct vault_kek *kek;
	struct arena *a = arena_new();
	const char *wrapped[2], *s;
	struct vault *v;
	char *changed;
	struct refused rows[6];
	size_t n = 0;

	(void)state;
	vault_key_line_new(line);
	kek = line_kek(line);
	v = keyed_vault(kek, a, wrapped);
	s = vault_field_seal(v, a, "person_names.given", "Layla", NULL);
	changed = arena_strdup(a, s);
	changed[strlen(changed) - 2] = changed[strlen(changed) - 2] == 'A' ?
	    'B' : 'A';
	rows[n++] = (struct refused){ "another field", "person_names.family",
	    s, ERR_TAMPERED };
	rows[n++] = (struct refused){ "a byte changed", "person_names.given",
	    changed, ERR_TAMPERED };
	rows[n++] = (struct refused){ "plain text", "person_names.given",
	    "Layla", ERR_TAMPERED };
	rows[n++] = (struct refused){ "cut short", "person_names.given",
	    arena_strndup(a, s, 20), ERR_TAMPERED };
	rows[n++] = (struct refused){ "a key not held", "person_names.given",
	    "k7.AAAA", ERR_STORE };
	rows[n++] = (struct refused){ "not base64", "person_names.given",
	    "k1.!!!!", ERR_TAMPERED };
	for (size_t i = 0; i < n; i++) {
		struct err err = ERR_INIT;

		if (vault_field_open(v, a, rows[i].field, rows[i].stored, &err))
			fail_msg("%s: opened", rows[i].name);
		if (err.code != rows[i].code)
			fail_msg("%s: error %d (%s), want %d", rows[i].name,
			    err.code, err.msg, rows[i].code);
		/* The message never quotes the value. */
		assert_null(strstr(err.msg, "Layla"));
	}
	vault_close(&v);
	vault_kek_free(&kek);
	arena_free(&a);
}

static void
test_key_lines(void **state)
{
	static const char *const bad[] = {
		"",
		"tipsom-store-key:",
		"tipsom-store-key:AAAA",
		"tipsom-public-key:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"tipsom-store-key:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA x",
		"tipsom-store-key:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"correct horse battery staple",
	};
	char line[VAULT_KEY_LINE], with_end[VAULT_KEY_LINE + 2];
	struct vault_kek *k;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct err err = ERR_INIT;

		k = vault_kek_from_line(bad[i], &err);
		if (k)
			fail_msg("row %zu \"%s\" was taken", i, bad[i]);
		assert_int_equal(err.code, ERR_INVALID);
		assert_string_equal(err.field, "key-file");
	}
	vault_key_line_new(line);
	assert_true(strncmp(line, "tipsom-store-key:", 17) == 0);
	snprintf(with_end, sizeof(with_end), "%s\n", line);
	k = line_kek(with_end);
	vault_kek_free(&k);
}

/* A second process opens the store's keys with the same key file, or
 * the same passphrase and salt, and not with another. */
static void
test_unwrap(void **state)
{
	struct vault_kdf kdf = { "", 0, 0 }, again;
	struct vault_kek *kek, *same, *other;
	struct arena *a = arena_new();
	struct err err = ERR_INIT;
	const char *wrapped[2], *s;
	struct vault *v, *w;

	(void)state;
	kek = vault_kek_from_passphrase("two rivers meet at Qurna", &kdf,
	    &err);
	assert_non_null(kek);
	assert_true(strlen(kdf.salt) > 16);
	assert_true(kdf.opslimit > 0 && kdf.memlimit > 0);
	v = keyed_vault(kek, a, wrapped);
	s = vault_field_seal(v, a, "notes.body", values[1], &err);

	again = kdf;
	same = vault_kek_from_passphrase("two rivers meet at Qurna", &again,
	    &err);
	assert_non_null(same);
	w = new_vault();
	assert_int_equal(vault_key_take(w, 0, wrapped[0], same, &err), 0);
	assert_int_equal(vault_key_take(w, 1, wrapped[1], same, &err), 0);
	assert_int_equal(vault_key_version(w), 1);
	assert_string_equal(vault_field_open(w, a, "notes.body", s, &err),
	    values[1]);
	assert_string_equal(vault_blind_index(w, a, "identifiers.phone",
	    "+9647500000000", NULL), vault_blind_index(v, a, "identifiers.phone",
	    "+9647500000000", NULL));
	vault_close(&w);

	again = kdf;
	other = vault_kek_from_passphrase("two rivers meet at Basra", &again,
	    &err);
	w = new_vault();
	assert_int_equal(vault_key_take(w, 1, wrapped[1], other, &err), -1);
	assert_int_equal(err.code, ERR_TAMPERED);
	assert_int_equal(vault_key_version(w), 0);
	err_clear(&err);
	/* A wrapped key taken as another version does not open either. */
	assert_int_equal(vault_key_take(w, 2, wrapped[1], same, &err), -1);
	assert_int_equal(err.code, ERR_TAMPERED);
	err_clear(&err);
	assert_null(vault_kek_from_passphrase("", &again, &err));
	assert_int_equal(err.code, ERR_INVALID);
	vault_close(&w);

	vault_close(&v);
	vault_kek_free(&kek);
	vault_kek_free(&same);
	vault_kek_free(&other);
	arena_free(&a);
}

/* A rotation: key 2 wrapped by the key-encryption key and chained to
 * key 1; a process that holds key 1 takes key 2 from its chain and
 * opens what is sealed under either. */
static void
test_rotation(void **state)
{
	char line[VAULT_KEY_LINE], line2[VAULT_KEY_LINE];
	struct vault_kek *kek, *kek2;
	struct arena *a = arena_new();
	struct err err = ERR_INIT;
	const char *wrapped[2], *wrapped2, *chained, *old, *new, *rewrapped;
	struct vault *v, *w;
	int version;

	(void)state;
	vault_key_line_new(line);
	kek = line_kek(line);
	v = keyed_vault(kek, a, wrapped);
	w = new_vault();
	assert_int_equal(vault_key_take(w, 1, wrapped[1], kek, &err), 0);
	old = vault_field_seal(v, a, "notes.body", "before", &err);
	assert_int_equal(vault_key_new(v, false, kek, a, &version, &wrapped2,
	    &chained, &err), 0);
	assert_int_equal(version, 2);
	assert_non_null(chained);
	new = vault_field_seal(v, a, "notes.body", "after", &err);
	assert_int_equal(vault_field_version(new), 2);

	assert_null(vault_field_open(w, a, "notes.body", new, &err));
	assert_int_equal(err.code, ERR_STORE);
	err_clear(&err);
	assert_int_equal(vault_key_take(w, 2, chained, NULL, &err), 0);
	assert_int_equal(vault_key_version(w), 2);
	assert_string_equal(vault_field_open(w, a, "notes.body", new, &err),
	    "after");
	assert_string_equal(vault_field_open(w, a, "notes.body", old, &err),
	    "before");

	/* A new key file: every key wrapped again opens with it alone. */
	vault_key_line_new(line2);
	kek2 = line_kek(line2);
	rewrapped = vault_key_wrap(v, 2, kek2, a, &err);
	assert_non_null(rewrapped);
	vault_close(&w);
	w = new_vault();
	assert_int_equal(vault_key_take(w, 2, rewrapped, kek, &err), -1);
	err_clear(&err);
	assert_int_equal(vault_key_take(w, 2, rewrapped, kek2, &err), 0);
	assert_string_equal(vault_field_open(w, a, "notes.body", new, &err),
	    "after");
	assert_null(vault_key_wrap(w, 1, kek2, a, &err));
	assert_int_equal(err.code, ERR_NOT_FOUND);

	vault_close(&v);
	vault_close(&w);
	vault_kek_free(&kek);
	vault_kek_free(&kek2);
	arena_free(&a);
}

static void
test_blind_index(void **state)
{
	char line[VAULT_KEY_LINE];
	struct vault_kek *kek;
	struct arena *a = arena_new();
	const char *wrapped[2], *h;
	struct vault *v, *other;

	(void)state;
	vault_key_line_new(line);
	kek = line_kek(line);
	v = keyed_vault(kek, a, wrapped);
	other = keyed_vault(kek, a, wrapped);
	h = vault_blind_index(v, a, "identifiers.phone", "+9647500000000", NULL);
	assert_true(strncmp(h, "h.", 2) == 0);
	assert_int_equal(strlen(h), 45);
	assert_null(strstr(h, "964750"));
	assert_string_equal(h, vault_blind_index(v, a, "identifiers.phone",
	    "+9647500000000", NULL));
	assert_string_not_equal(h, vault_blind_index(v, a,
	    "identifiers.phone", "+9647500000001", NULL));
	assert_string_not_equal(h, vault_blind_index(v, a,
	    "identifiers.document", "+9647500000000", NULL));
	/* Another store's index key: another index. */
	assert_string_not_equal(h, vault_blind_index(other, a,
	    "identifiers.phone", "+9647500000000", NULL));
	vault_close(&v);
	vault_close(&other);
	vault_kek_free(&kek);
	arena_free(&a);
}

/*
 * Nonces come from a pool the thread refills: every seal still gets its
 * own, across refills and versions of two digits, and a fork()ed child
 * does not take its parent's next one.
 */
static void
test_nonces(void **state)
{
	enum { SEALS = 64 };
	char line[VAULT_KEY_LINE], child[512] = "";
	struct vault_kek *kek;
	struct arena *a = arena_new();
	struct err err = ERR_INIT;
	const char *wrapped[2], *sealed[SEALS], *w, *chained, *next;
	struct vault *v;
	int version, fds[2], status;
	pid_t pid;
	ssize_t got;

	(void)state;
	vault_key_line_new(line);
	kek = line_kek(line);
	v = keyed_vault(kek, a, wrapped);
	for (int i = 0; i < SEALS; i++) {
		sealed[i] = vault_field_seal(v, a, "notes.body", "Layla",
		    &err);
		for (int k = 0; k < i; k++)
			if (STREQ(sealed[i], sealed[k]))
				fail_msg("seal %d repeats seal %d", i, k);
	}
	while (vault_key_version(v) < 12)
		assert_int_equal(vault_key_new(v, false, kek, a, &version, &w,
		    &chained, &err), 0);
	next = vault_field_seal(v, a, "notes.body", "Layla", &err);
	assert_true(strncmp(next, "k12.", 4) == 0);
	assert_int_equal(vault_field_version(next), 12);
	assert_string_equal(vault_field_open(v, a, "notes.body", next, &err),
	    "Layla");
	assert_string_equal(vault_field_open(v, a, "notes.body", sealed[0],
	    &err), "Layla");

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *s = vault_field_seal(v, a, "notes.body", "Layla",
		    &err);

		_exit(write(fds[1], s, strlen(s)) == (ssize_t)strlen(s) ?
		    0 : 1);
	}
	close(fds[1]);
	next = vault_field_seal(v, a, "notes.body", "Layla", &err);
	got = read(fds[0], child, sizeof(child) - 1);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_true(got > 0);
	assert_int_equal(vault_field_version(child), 12);
	assert_string_not_equal(child, next);

	vault_close(&v);
	vault_kek_free(&kek);
	arena_free(&a);
}

static void
test_field_version(void **state)
{
	static const struct {
		const char	*stored;
		int		 version;
	} rows[] = {
		{ "k1.abc", 1 }, { "k12.abc", 12 }, { "k100000.x", 100000 },
		{ "k100001.x", 0 }, { "k0.abc", 0 }, { "k1abc", 0 },
		{ "Karwan", 0 }, { "k", 0 }, { "", 0 }, { "k-1.abc", 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if (vault_field_version(rows[i].stored) != rows[i].version)
			fail_msg("\"%s\": %d, want %d", rows[i].stored,
			    vault_field_version(rows[i].stored),
			    rows[i].version);
	assert_int_equal(vault_field_version(NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_vault),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_key_lines),
		cmocka_unit_test(test_unwrap),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_blind_index),
		cmocka_unit_test(test_nonces),
		cmocka_unit_test(test_field_version),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
