/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_user.c - tipsom user add, list, passwd, unlock and two-factor. */
#include <stdio.h>
#include <unistd.h>

#include "base/err.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/agency.h"
#include "core/auth.h"
#include "model/json.h"
#include "vault/vault.h"
#include "base/banned.h"

static int
run_add(struct cli *c, struct err *err)
{
	struct user_input in = {
		.agency = cli_get(c, "agency"),
		.username = cli_get(c, "username"),
		.full_name = cli_get(c, "full-name"),
		.role = cli_get(c, "role"),
	};
	struct user_row row;
	char *password = NULL;
	size_t size = 0;
	int rc;

	/* Check what can be checked before asking for a password. */
	if (user_check_username(in.username, err) == -1 ||
	    cli_read_password(c, &password, &size, err) == -1)
		return -1;
	in.password = password;
	rc = user_add(&c->ctx, &in, &row, err);
	vault_secret_free(&password, size);
	if (rc == -1)
		return -1;
	if (c->json)
		return cli_print_json(user_json(&row), err);
	printf("%s\n", row.username);
	return 0;
}

static int
run_list(struct cli *c, struct err *err)
{
	struct user_row *rows;
	size_t n;
	int limit, offset;

	if (cli_int(c, "limit", 1, 100000, 0, &limit, err) == -1 ||
	    cli_int(c, "offset", 0, 100000000, 0, &offset, err) == -1 ||
	    user_list(&c->ctx, cli_get(c, "agency"), limit, offset, &rows,
	    &n, err) == -1)
		return -1;
	if (c->json) {
		json_t *a = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, user_json(&rows[i]));
		return cli_print_json(a, err);
	}
	for (size_t i = 0; i < n; i++) {
		cli_cell(rows[i].username, 20);
		cli_cell(rows[i].agency_code, 16);
		cli_cell(role_name(rows[i].role), 13);
		cli_cell(rows[i].active ? "active" : "disabled", 9);
		printf("%s\n", rows[i].full_name);
	}
	return 0;
}

static int
run_passwd(struct cli *c, struct err *err)
{
	const char *username = c->n_args ? c->args[0] : NULL;
	char *password = NULL;
	size_t size = 0;
	int rc;

	if (cli_read_password(c, &password, &size, err) == -1)
		return -1;
	rc = user_passwd(&c->ctx, username, password, err);
	vault_secret_free(&password, size);
	if (rc == -1)
		return -1;
	if (c->json)
		return cli_print_json(json_pack("{s:s}", "username",
		    username ? username : c->ctx.actor.username), err);
	printf("password changed for %s\n",
	    username ? username : c->ctx.actor.username);
	return 0;
}

/* Dark module at x, y of the code, or light (the quiet zone included). */
static bool
qr_dark(const struct auth_totp *t, int x, int y)
{
	return x >= 0 && y >= 0 && x < t->qr_size && y < t->qr_size &&
	    t->qr[y][x] == '1';
}

/*
 * The QR code for a phone to scan off a terminal: two rows of modules per
 * line in half blocks, black on white whatever the terminal's colours, with
 * the four-module quiet zone.  Only on a terminal: a pipe gets the text.
 */
static void
print_qr(const struct auth_totp *t)
{
	static const char *const blocks[4] = { " ", "\u2584", "\u2580",
	    "\u2588" };

	if (!isatty(STDOUT_FILENO))
		return;
	for (int y = -4; y < t->qr_size + 4; y += 2) {
		fputs("\033[30;47m", stdout);
		for (int x = -4; x < t->qr_size + 4; x++)
			fputs(blocks[qr_dark(t, x, y) * 2 +
			    qr_dark(t, x, y + 1)], stdout);
		fputs("\033[0m\n", stdout);
	}
}

static int
run_totp_enrol(struct cli *c, struct err *err)
{
	struct auth_totp t;

	if (auth_totp_enrol(&c->ctx, c->n_args ? c->args[0] : NULL, &t,
	    err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(json_pack("{s:s, s:s}", "secret",
		    t.secret, "uri", t.uri), err);
	print_qr(&t);
	printf("secret: %s\nuri:    %s\nscan the code or type the secret "
	    "into an authenticator app; from now on, logging in to the web "
	    "needs its six-digit code\n", t.secret, t.uri);
	return 0;
}

static int
run_totp_remove(struct cli *c, struct err *err)
{
	if (auth_totp_remove(&c->ctx, c->args[0], NULL, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(json_pack("{s:s, s:b}", "username",
		    c->args[0], "two_factor", 0), err);
	printf("two-factor login removed for %s: they log in with the "
	    "password and enrol again\n", c->args[0]);
	return 0;
}

static int
run_unlock(struct cli *c, struct err *err)
{
	if (auth_unlock(&c->ctx, c->args[0], NULL, err) == -1)
		return -1;
	if (c->json)
		return cli_print_json(json_pack("{s:s}", "unlocked",
		    c->args[0]), err);
	printf("%s can log in again\n", c->args[0]);
	return 0;
}

static const struct cli_opt add_opts[] = {
	{ "agency", "CODE", CLI_REQUIRED, "the user's agency" },
	{ "username", "NAME", CLI_REQUIRED,
	    "3-32 of a-z 0-9 . _ -, starting with a letter" },
	{ "role", "ROLE", CLI_REQUIRED, "admin, supervisor, investigator, "
	    "caseworker, prosecutor, analyst, trainer or trainee" },
	{ "full-name", "NAME", 0, "the person's full name" },
	{ "password-file", "FILE", 0,
	    "read the password from FILE (default: standard input)" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt list_opts[] = {
	{ "agency", "CODE", 0, "only this agency's users" },
	{ "limit", "N", 0, "at most N users" },
	{ "offset", "N", 0, "skip the first N users" },
	{ NULL, NULL, 0, NULL },
};

static const struct cli_opt passwd_opts[] = {
	{ "password-file", "FILE", 0,
	    "read the password from FILE (default: standard input)" },
	{ NULL, NULL, 0, NULL },
};

const struct cli_cmd cmd_user_add = {
	"user", "add", NULL, 0, 0, add_opts, CLI_BOOTSTRAP, run_add,
	"add a user; the password comes from stdin or --password-file",
};

const struct cli_cmd cmd_user_list = {
	"user", "list", NULL, 0, 0, list_opts, 0, run_list,
	"list users (admins)",
};

const struct cli_cmd cmd_user_passwd = {
	"user", "passwd", "[USERNAME]", 0, 1, passwd_opts, 0, run_passwd,
	"change your password, or (admins) another user's",
};

static const struct cli_opt no_opts[] = { { NULL, NULL, 0, NULL } };

const struct cli_cmd cmd_user_totp_enrol = {
	"user", "totp-enrol", "[USERNAME]", 0, 1, no_opts, 0, run_totp_enrol,
	"enrol yourself, or (admins) a user, for two-factor web login",
};

const struct cli_cmd cmd_user_totp_remove = {
	"user", "totp-remove", "USERNAME", 1, 1, no_opts, 0, run_totp_remove,
	"remove a user's two-factor login, for a lost device (admins)",
};

const struct cli_cmd cmd_user_unlock = {
	"user", "unlock", "USERNAME", 1, 1, no_opts, 0, run_unlock,
	"lift a lock after repeated failed logins (admins)",
};
