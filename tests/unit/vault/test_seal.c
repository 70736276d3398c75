/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_seal.c - sealed files: what is sealed to a public key opens with
 * its secret key, whole and unchanged, at every size around the chunk;
 * a file cut anywhere, changed anywhere, extended, or opened with another
 * key or a malformed one does not open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "vault/vault.h"
#include "unit.h"
#include "base/banned.h"

#define CHUNK	(64 * 1024)

struct keys {
	char	 public_key[VAULT_SEAL_KEY_TEXT];
	char	*secret_key;
};

static void
new_keys(struct keys *k)
{
	struct err err = ERR_INIT;

	assert_int_equal(vault_seal_keypair(k->public_key, &k->secret_key,
	    &err), 0);
	assert_non_null(strstr(k->public_key, "tipsom-public-key:"));
	assert_non_null(strstr(k->secret_key, "tipsom-secret-key:"));
}

/* The sealed file of data[0..n) written in pieces of step bytes. */
static unsigned char *
seal(const struct keys *k, const unsigned char *data, size_t n, size_t step,
    size_t *size)
{
	char *buf = NULL;
	FILE *out = open_memstream(&buf, size);
	struct err err = ERR_INIT;
	struct vault_sealer *s;

	assert_non_null(out);
	s = vault_sealer_new(k->public_key, out, &err);
	assert_non_null(s);
	for (size_t at = 0; at < n; at += step)
		assert_int_equal(vault_sealer_write(s, data + at,
		    n - at < step ? n - at : step, &err), 0);
	assert_int_equal(vault_sealer_finish(&s, &err), 0);
	assert_null(s);
	fclose(out);
	return (unsigned char *)buf;
}

/* Opens file[0..size) with key: 0 and *data, or -1 and the error. */
static int
open_sealed(const char *key, const unsigned char *file, size_t size,
    unsigned char **data, size_t *n, struct err *err)
{
	FILE *in = fmemopen((void *)file, size, "rb");
	int rc;

	assert_non_null(in);
	rc = vault_unseal(in, key, data, n, err);
	fclose(in);
	return rc;
}

static void
test_round_trip(void **state)
{
	static const struct {
		size_t	 size, step;
	} rows[] = {
		{ 0, 1 }, { 1, 1 }, { 100, 7 }, { CHUNK - 1, 4096 },
		{ CHUNK, CHUNK }, { CHUNK + 1, 1000 }, { 3 * CHUNK, 5000 },
		{ 200000, 200000 },
	};
	struct keys k;

	(void)state;
	new_keys(&k);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		unsigned char *data = malloc(rows[i].size + 1), *got, *file;
		struct err err = ERR_INIT;
		size_t n, size;

		for (size_t b = 0; b < rows[i].size; b++)
			data[b] = (unsigned char)(b * 31 + i);
		file = seal(&k, data, rows[i].size, rows[i].step, &size);
		if (open_sealed(k.secret_key, file, size, &got, &n, &err) != 0)
			fail_msg("row %zu: %s", i, err.msg);
		if (n != rows[i].size || (n && memcmp(got, data, n) != 0))
			fail_msg("row %zu: %zu bytes back, want %zu", i, n,
			    rows[i].size);
		vault_unsealed_free(&got, n);
		free(file);
		free(data);
	}
	vault_secret_free(&k.secret_key, VAULT_SEAL_KEY_TEXT);
}

static void
test_refused(void **state)
{
	struct keys k, other;
	unsigned char data[3 * CHUNK], *file, *got = NULL;
	size_t size, n;
	struct err err = ERR_INIT;

	(void)state;
	new_keys(&k);
	new_keys(&other);
	memset(data, 'x', sizeof(data));
	file = seal(&k, data, sizeof(data), 10000, &size);

	/* Cut anywhere: at each byte of the head, then every 997 bytes. */
	for (size_t cut = 0; cut < size; cut += cut < 200 ? 1 : 997) {
		err = (struct err)ERR_INIT;
		if (open_sealed(k.secret_key, file, cut, &got, &n, &err) == 0)
			fail_msg("cut at %zu of %zu opened", cut, size);
		assert_int_equal(err.code, ERR_TAMPERED);
		assert_null(got);
	}
	/* Changed anywhere. */
	for (size_t at = 0; at < size; at += 1013) {
		file[at] ^= 0x20;
		err = (struct err)ERR_INIT;
		if (open_sealed(k.secret_key, file, size, &got, &n, &err) == 0)
			fail_msg("a change at %zu opened", at);
		assert_int_equal(err.code, ERR_TAMPERED);
		file[at] ^= 0x20;
	}
	/* Another key; a key that is not one; a public key. */
	err = (struct err)ERR_INIT;
	assert_int_equal(open_sealed(other.secret_key, file, size, &got, &n,
	    &err), -1);
	assert_int_equal(err.code, ERR_TAMPERED);
	assert_string_equal(err.field, "key");
	err = (struct err)ERR_INIT;
	assert_int_equal(open_sealed("tipsom-secret-key:abc", file, size, &got,
	    &n, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	err = (struct err)ERR_INIT;
	assert_int_equal(open_sealed(k.public_key, file, size, &got, &n, &err),
	    -1);
	assert_int_equal(err.code, ERR_INVALID);
	err = (struct err)ERR_INIT;
	assert_null(vault_sealer_new(k.secret_key, stdout, &err));
	assert_int_equal(err.code, ERR_INVALID);
	/* Whole, it still opens. */
	err = (struct err)ERR_INIT;
	assert_int_equal(open_sealed(k.secret_key, file, size, &got, &n, &err),
	    0);
	vault_unsealed_free(&got, n);
	/* Anything after its end. */
	file = realloc(file, size + 1);
	file[size] = 0;
	err = (struct err)ERR_INIT;
	assert_int_equal(open_sealed(k.secret_key, file, size + 1, &got, &n,
	    &err), -1);
	assert_int_equal(err.code, ERR_TAMPERED);
	free(file);
	vault_secret_free(&k.secret_key, VAULT_SEAL_KEY_TEXT);
	vault_secret_free(&other.secret_key, VAULT_SEAL_KEY_TEXT);
}

static int
setup(void **state)
{
	struct err err = ERR_INIT;
	struct vault *v = vault_open(PWHASH_INTERACTIVE, &err);

	*state = v;
	return v ? 0 : -1;
}

static int
teardown(void **state)
{
	struct vault *v = *state;

	vault_close(&v);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
