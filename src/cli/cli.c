/* SPDX-License-Identifier: Apache-2.0 */
/* cli.c - parsing, dispatch, exit codes, and the shared output helpers. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "cli/cli.h"
#include "core/library.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

#define PASSWORD_BUF	1100	/* the policy's 256 characters, in UTF-8 */

/* Options every command takes; settings come from config.c's table. */
static const struct cli_opt global_opts[] = {
	{ "db", "URL", 0, NULL },
	{ "as", "USERNAME", 0, NULL },
	{ "key-file", "FILE", 0, NULL },
	{ "key-fd", "N", 0, NULL },
	{ "log", "LEVEL", 0, NULL },
	{ "busy-timeout", "MS", 0, NULL },
	{ "pwhash", "COST", 0, NULL },
	{ "json", NULL, 0, "print JSON for scripts" },
	{ "help", NULL, 0, "show this help" },
	{ NULL, NULL, 0, NULL },
};

/* DESIGN.md: 0 done, 2 a usage error, 1 anything else refused or failed. */
static int
exit_code(const struct cli *c, const struct err *err)
{
	if (err->code == ERR_OK)
		return 0;
	return c->usage ? 2 : 1;
}

static const struct cli_opt *
find_opt(const struct cli_opt *opts, const char *name, size_t len)
{
	for (; opts && opts->name; opts++)
		if (strlen(opts->name) == len &&
		    strncmp(opts->name, name, len) == 0)
			return opts;
	return NULL;
}

static void
print_opts(FILE *out, const struct cli_opt *opts)
{
	for (; opts->name; opts++) {
		char left[48];

		snprintf(left, sizeof(left), "--%s%s%s%s", opts->name,
		    opts->metavar ? " " : "",
		    opts->metavar ? opts->metavar : "",
		    opts->flags & CLI_MULTI ? "..." : "");
		fprintf(out, "  %-28s %s%s\n", left, opts->help,
		    opts->flags & CLI_REQUIRED ? " (required)" : "");
	}
}

static void
print_command_help(FILE *out, const struct cli_cmd *cmd)
{
	fprintf(out, "usage: tipsom %s%s%s%s%s [options]\n\n%s\n",
	    cmd->group ? cmd->group : "", cmd->group ? " " : "", cmd->name,
	    cmd->args ? " " : "", cmd->args ? cmd->args : "", cmd->summary);
	if (cmd->opts && cmd->opts->name) {
		fprintf(out, "\noptions:\n");
		print_opts(out, cmd->opts);
	}
	fprintf(out, "\nglobal options (flag, environment variable):\n");
	config_describe(out);
	fprintf(out, "  --%-14s %-20s %s\n  --%-14s %-20s %s\n", "json", "",
	    "print JSON for scripts", "help", "", "show this help");
}

/*
 * Whether word names group: as it is, or in the plural ("tipsom persons
 * duplicates" for "tipsom person duplicates"), the way people say it.
 */
static bool
group_is(const char *group, const char *word)
{
	size_t len = strlen(group);

	return STREQ(group, word) || (strncmp(group, word, len) == 0 &&
	    STREQ(word + len, "s"));
}

/* The commands of group, or of every group when group is NULL. */
static void
print_commands(FILE *out, const char *group)
{
	for (int i = 0; cli_commands[i]; i++) {
		const struct cli_cmd *cmd = cli_commands[i];
		char name[48];

		if (group && (!cmd->group || !group_is(cmd->group, group)))
			continue;
		snprintf(name, sizeof(name), "%s%s%s",
		    cmd->group ? cmd->group : "", cmd->group ? " " : "",
		    cmd->name);
		fprintf(out, "  %-20s %s\n", name, cmd->summary);
	}
}

static void
print_help(FILE *out)
{
	fprintf(out, "usage: tipsom COMMAND [options]\n\n"
	    "tipsom: case management for trafficking in persons and "
	    "smuggling of migrants.\n\ncommands:\n");
	print_commands(out, NULL);
	fprintf(out, "\nRun 'tipsom COMMAND --help' for a command's options."
	    "\n\nglobal options (flag, environment variable):\n");
	config_describe(out);
}

/*
 * Global options may also come before the command ("tipsom --db X case
 * list"): moves them behind the command's words, so that the command can
 * be found at argv[1].  Returns the reordered argv, in the arena.
 */
static char **
hoist_globals(struct arena *a, int argc, char **argv)
{
	char **out = arena_array(a, (size_t)argc + 1, sizeof(*out));
	int i = 1, n = 1, first;

	out[0] = argv[0];
	while (i < argc && strncmp(argv[i], "--", 2) == 0 && argv[i][2]) {
		const char *name = argv[i] + 2, *eq = strchr(name, '=');
		const struct cli_opt *o = find_opt(global_opts, name,
		    eq ? (size_t)(eq - name) : strlen(name));

		if (!o)
			break;
		i += o->metavar && !eq && i + 1 < argc ? 2 : 1;
	}
	first = i;
	/* The command's words: a group and a name, or a name. */
	for (int w = 0; w < 2 && i < argc && argv[i][0] != '-'; w++)
		out[n++] = argv[i++];
	for (int j = 1; j < first; j++)
		out[n++] = argv[j];
	for (; i < argc; i++)
		out[n++] = argv[i];
	out[n] = NULL;
	return out;
}

static const struct cli_cmd *
find_command(int argc, char **argv, int *used)
{
	for (int i = 0; cli_commands[i]; i++) {
		const struct cli_cmd *cmd = cli_commands[i];

		if (!cmd->group && STREQ(cmd->name, argv[1])) {
			*used = 2;
			return cmd;
		}
		if (cmd->group && argc > 2 && group_is(cmd->group, argv[1]) &&
		    STREQ(cmd->name, argv[2])) {
			*used = 3;
			return cmd;
		}
	}
	return NULL;
}

static bool
is_group(const char *word)
{
	for (int i = 0; cli_commands[i]; i++)
		if (cli_commands[i]->group &&
		    group_is(cli_commands[i]->group, word))
			return true;
	return false;
}

static int
parse_args(struct cli *c, int argc, char **argv, struct err *err)
{
	bool options_done = false;

	c->args = arena_array(c->ctx.arena, (size_t)argc + 1,
	    sizeof(*c->args));
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i], *eq, *name;
		const struct cli_opt *opt;
		const char *value = NULL;
		size_t len;

		if (options_done || arg[0] != '-' || STREQ(arg, "-")) {
			c->args[c->n_args++] = arg;
			continue;
		}
		if (STREQ(arg, "--")) {
			options_done = true;
			continue;
		}
		if (STREQ(arg, "-h"))
			arg = "--help";
		if (strncmp(arg, "--", 2) != 0)
			return cli_usage(c, err, "unknown option \"%.40s\": "
			    "see tipsom %s%s%s --help", arg,
			    c->cmd->group ? c->cmd->group : "",
			    c->cmd->group ? " " : "", c->cmd->name);
		name = arg + 2;
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		opt = find_opt(c->cmd->opts, name, len);
		if (!opt)
			opt = find_opt(global_opts, name, len);
		if (!opt)
			return cli_usage(c, err, "unknown option \"--%.*s\": "
			    "see tipsom %s%s%s --help", (int)(len > 40 ? 40 :
			    len), name, c->cmd->group ? c->cmd->group : "",
			    c->cmd->group ? " " : "", c->cmd->name);
		if (opt->metavar) {
			if (eq)
				value = eq + 1;
			else if (i + 1 < argc)
				value = argv[++i];
			else
				return cli_usage(c, err, "--%s needs a value: "
				    "give --%s %s", opt->name, opt->name,
				    opt->metavar);
		} else if (eq) {
			return cli_usage(c, err, "--%s takes no value: "
			    "give just --%s", opt->name, opt->name);
		}
		if (!(opt->flags & CLI_MULTI) && cli_has(c, opt->name) &&
		    !find_opt(global_opts, opt->name, strlen(opt->name)))
			return cli_usage(c, err, "--%s is given twice: give it "
			    "once", opt->name);
		if (c->n_vals == CLI_MAX_VALUES)
			return cli_usage(c, err, "too many options: at most "
			    "%d", CLI_MAX_VALUES);
		c->vals[c->n_vals].name = opt->name;
		c->vals[c->n_vals].value = value;
		c->n_vals++;
	}
	return 0;
}

static int
check_args(struct cli *c, struct err *err)
{
	const struct cli_cmd *cmd = c->cmd;

	if (c->n_args < cmd->min_args || c->n_args > cmd->max_args) {
		if (c->n_args > cmd->max_args)
			return cli_usage(c, err, "too many arguments: usage: "
			    "tipsom %s%s%s%s%s", cmd->group ? cmd->group : "",
			    cmd->group ? " " : "", cmd->name,
			    cmd->args ? " " : "", cmd->args ? cmd->args : "");
		return cli_usage(c, err, "missing arguments: usage: tipsom "
		    "%s%s%s %s", cmd->group ? cmd->group : "",
		    cmd->group ? " " : "", cmd->name,
		    cmd->args ? cmd->args : "");
	}
	for (const struct cli_opt *o = cmd->opts; o && o->name; o++)
		if ((o->flags & CLI_REQUIRED) && !cli_has(c, o->name))
			return cli_usage(c, err, "--%s is missing: give --%s "
			    "%s", o->name, o->name, o->metavar ?
			    o->metavar : "");
	return 0;
}

static int
apply_config(struct cli *c, struct err *err)
{
	config_defaults(&c->cfg);
	if (config_from_env(&c->cfg, err) == -1)
		return -1;
	for (int i = 0; i < c->n_vals; i++) {
		if (STREQ(c->vals[i].name, "json"))
			c->json = true;
		else if (find_opt(global_opts, c->vals[i].name,
		    strlen(c->vals[i].name)) && c->vals[i].value &&
		    config_set(&c->cfg, c->vals[i].name, c->vals[i].value,
		    err) == -1)
			return cli_usage(c, err, "%s", err->msg);
	}
	log_set_level(c->cfg.log_level);
	return 0;
}

static int
open_world(struct cli *c, struct err *err)
{
	const struct cli_cmd *cmd = c->cmd;
	struct store_options opt = {
		.busy_timeout_ms = c->cfg.busy_timeout_ms };
	unsigned flags = 0;

	store_url_shown(c->cfg.db, c->db_shown, sizeof(c->db_shown));
	c->ctx.vault = vault_open(c->cfg.pwhash_cost, err);
	if (!c->ctx.vault)
		return -1;
	if (cmd->flags & CLI_NO_STORE)
		return 0;
	if (cmd->flags & CLI_CREATE_STORE)
		flags |= STORE_CREATE;
	if (cmd->flags & CLI_ANY_SCHEMA)
		flags |= STORE_ANY_SCHEMA;
	c->ctx.store = store_open(c->cfg.db, &opt, flags, err);
	if (!c->ctx.store)
		return -1;
	/* A store of any schema may predate encryption; its commands
	 * (init, migrate) unlock nothing. */
	if (!(cmd->flags & CLI_ANY_SCHEMA) && cli_unlock_store(c, err) == -1)
		return -1;
	if (cmd->flags & CLI_NO_ACTOR)
		return 0;
	if (c->cfg.user && *c->cfg.user)
		return ctx_act_as(&c->ctx, c->cfg.user, err);
	if (cmd->flags & CLI_BOOTSTRAP)
		return ctx_act_as_bootstrap(&c->ctx, err);
	return err_set(err, ERR_UNAUTHENTICATED, "as",
	    "no acting user: give --as USERNAME or set TIPSOM_USER");
}

int
cli_unlock_store(struct cli *c, struct err *err)
{
	enum keys_kind kind;

	if (keys_kind(&c->ctx, &kind, err) == -1)
		return -1;
	if (kind == KEYS_PLAIN)
		return 0;
	if (!c->store_secret && cli_read_store_secret(c, kind,
	    &c->store_secret, &c->store_secret_size, err) == -1)
		return -1;
	return keys_unlock(&c->ctx, c->store_secret, err);
}

static int	cli_run(int argc, char **argv);

int
cli_main(int argc, char **argv)
{
	struct arena *scratch = arena_new();
	int rc;

	argv = hoist_globals(scratch, argc, argv);
	rc = cli_run(argc, argv);
	arena_free(&scratch);
	return rc;
}

static int
cli_run(int argc, char **argv)
{
	struct cli c = { 0 };
	struct err err = ERR_INIT;
	char rid[32];
	int used = 0, rc;

	if (argc < 2) {
		print_help(stderr);
		return 2;
	}
	if (STREQ(argv[1], "--help") || STREQ(argv[1], "-h") ||
	    STREQ(argv[1], "help")) {
		print_help(stdout);
		return 0;
	}
	c.cmd = find_command(argc, argv, &used);
	if (!c.cmd && is_group(argv[1]) && (argc == 2 ||
	    STREQ(argv[2], "--help") || STREQ(argv[2], "-h"))) {
		FILE *out = argc == 2 ? stderr : stdout;

		fprintf(out, "usage: tipsom %s COMMAND [options]\n\n",
		    argv[1]);
		print_commands(out, argv[1]);
		return argc == 2 ? 2 : 0;
	}
	if (!c.cmd) {
		if (is_group(argv[1]))
			fprintf(stderr, "tipsom: unknown command \"%s %.40s\": "
			    "see tipsom --help\n", argv[1],
			    argc > 2 ? argv[2] : "");
		else
			fprintf(stderr, "tipsom: unknown command \"%.40s\": "
			    "see tipsom --help\n", argv[1]);
		return 2;
	}
	snprintf(rid, sizeof(rid), "cli-%ld", (long)getpid());
	c.ctx.cfg = &c.cfg;
	c.ctx.rid = rid;
	c.ctx.arena = arena_new();
	if (parse_args(&c, argc - used, argv + used, &err) == -1 ||
	    apply_config(&c, &err) == -1)
		goto out;
	if (cli_has(&c, "help")) {
		print_command_help(stdout, c.cmd);
		goto out;
	}
	if (check_args(&c, &err) == -1 || open_world(&c, &err) == -1)
		goto out;
	c.cmd->run(&c, &err);
out:
	/* The one line a person reads; the log would only repeat it. */
	if (err.code != ERR_OK)
		fprintf(stderr, "tipsom: %s\n", err.msg);
	rc = exit_code(&c, &err);
	store_close(&c.ctx.store);
	vault_secret_free(&c.store_secret, c.store_secret_size);
	vault_close(&c.ctx.vault);
	arena_free(&c.ctx.arena);
	library_cache_clear();
	return rc;
}

const char *
cli_get(const struct cli *c, const char *name)
{
	const char *v = NULL;

	for (int i = 0; i < c->n_vals; i++)
		if (STREQ(c->vals[i].name, name))
			v = c->vals[i].value;
	return v;
}

size_t
cli_get_all(struct cli *c, const char *name, const char ***out)
{
	size_t n = 0;

	*out = arena_array(c->ctx.arena, (size_t)c->n_vals + 1,
	    sizeof(**out));
	for (int i = 0; i < c->n_vals; i++)
		if (STREQ(c->vals[i].name, name))
			(*out)[n++] = c->vals[i].value;
	return n;
}

bool
cli_has(const struct cli *c, const char *name)
{
	for (int i = 0; i < c->n_vals; i++)
		if (STREQ(c->vals[i].name, name))
			return true;
	return false;
}

int
cli_int(struct cli *c, const char *name, long long min, long long max,
    int dflt, int *out, struct err *err)
{
	const char *s = cli_get(c, name);
	long long v;

	*out = dflt;
	if (!s)
		return 0;
	if (text_parse_int(s, min, max, &v) == -1)
		return cli_usage(c, err, "--%s \"%.20s\" is not a whole "
		    "number: give one from %lld to %lld", name, s, min, max);
	*out = (int)v;
	return 0;
}

int
cli_usage(struct cli *c, struct err *err, const char *fmt, ...)
{
	va_list ap;

	c->usage = true;
	err->code = ERR_INVALID;
	err->field[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
cli_print_json(json_t *j, struct err *err)
{
	int rc = 0;

	if (!j)
		return err_set(err, ERR_INTERNAL, NULL, "cannot build the "
		    "JSON output: please report this bug");
	if (json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		rc = err_set(err, ERR_IO, NULL, "cannot write to stdout: "
		    "check where the output goes");
	fputc('\n', stdout);
	json_decref(j);
	return rc;
}

static int
read_line(FILE *in, char *buf, size_t size)
{
	size_t len;

	if (!fgets(buf, (int)size, in))
		return -1;
	len = strlen(buf);
	if (len == size - 1 && buf[len - 1] != '\n')
		return -2;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	return 0;
}

static int
prompt_hidden(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	int rc;

	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	rc = read_line(stdin, buf, size);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return rc;
}

int
cli_read_password(struct cli *c, char **secret, size_t *size,
    struct err *err)
{
	const char *file = cli_get(c, "password-file");
	char *again = NULL;
	FILE *in = stdin;
	int rc = -1, got;

	*size = PASSWORD_BUF;
	*secret = vault_secret_new(PASSWORD_BUF);
	if (file) {
		in = fopen(file, "r");
		if (!in) {
			err_set(err, ERR_IO, "password-file", "cannot read "
			    "\"%.100s\": %s", file, strerror(errno));
			goto out;
		}
	}
	if (!file && isatty(STDIN_FILENO)) {
		again = vault_secret_new(PASSWORD_BUF);
		if (prompt_hidden("New password: ", *secret,
		    PASSWORD_BUF) != 0 ||
		    prompt_hidden("Again: ", again, PASSWORD_BUF) != 0) {
			err_set(err, ERR_IO, "password",
			    "no password was typed: try again");
			goto out;
		}
		if (!STREQ(*secret, again)) {
			err_set(err, ERR_INVALID, "password",
			    "the two passwords differ: type the same twice");
			goto out;
		}
		rc = 0;
		goto out;
	}
	got = read_line(in, *secret, PASSWORD_BUF);
	if (got == -2)
		err_set(err, ERR_INVALID, "password",
		    "the password is too long: use at most 256 characters");
	else if (got == -1)
		err_set(err, ERR_INVALID, "password", "no password given: "
		    "write it on standard input or use --password-file");
	else
		rc = 0;
out:
	if (in && in != stdin)
		fclose(in);
	vault_secret_free(&again, PASSWORD_BUF);
	if (rc == -1)
		vault_secret_free(secret, PASSWORD_BUF);
	return rc;
}

/* Reads one line of at most PASSWORD_BUF bytes from file or fd into
 * secret; opt names the option for errors. */
static int
read_secret_from(const char *file, long long fd, const char *opt,
    char *secret, struct err *err)
{
	FILE *in;
	int got, dup_fd = -1;

	if (file)
		in = fopen(file, "r");
	else if ((dup_fd = dup((int)fd)) >= 0)
		in = fdopen(dup_fd, "r");
	else
		in = NULL;
	if (!in) {
		if (dup_fd >= 0)
			close(dup_fd);
		if (file)
			return err_set(err, ERR_IO, opt, "cannot read "
			    "\"%.200s\": %s", file, strerror(errno));
		return err_set(err, ERR_IO, opt, "cannot read descriptor "
		    "%lld: %s", fd, strerror(errno));
	}
	/* Unbuffered: no copy of the secret left in a stdio buffer. */
	setvbuf(in, NULL, _IONBF, 0);
	got = read_line(in, secret, PASSWORD_BUF);
	fclose(in);
	if (got == -2)
		return err_set(err, ERR_INVALID, opt, "the key or passphrase "
		    "is too long: at most 1000 bytes on one line");
	if (got == -1 || !*secret)
		return err_set(err, ERR_INVALID, opt, "%s is empty: it must "
		    "hold the store's key line or passphrase", file ? file :
		    "the descriptor");
	return 0;
}

int
cli_read_store_secret(struct cli *c, enum keys_kind kind, char **secret,
    size_t *size, struct err *err)
{
	char prompt[600];
	int rc = -1;

	*size = PASSWORD_BUF;
	*secret = vault_secret_new(PASSWORD_BUF);
	if (c->cfg.key_file || c->cfg.key_fd >= 0) {
		rc = read_secret_from(c->cfg.key_file, c->cfg.key_fd,
		    c->cfg.key_file ? "key-file" : "key-fd", *secret, err);
	} else if (kind == KEYS_PASSPHRASE && isatty(STDIN_FILENO)) {
		snprintf(prompt, sizeof(prompt), "Passphrase of %s: ",
		    c->db_shown);
		if (prompt_hidden(prompt, *secret, PASSWORD_BUF) != 0 ||
		    !**secret)
			err_set(err, ERR_INVALID, "passphrase", "no passphrase "
			    "was typed: try again");
		else
			rc = 0;
	} else {
		err_set(err, ERR_UNAUTHENTICATED, "key-file", "%s is "
		    "encrypted: give %s with --key-file FILE (or "
		    "TIPSOM_KEY_FILE) or --key-fd N", c->db_shown,
		    kind == KEYS_PASSPHRASE ? "its passphrase, at a terminal "
		    "or" : "its key file");
	}
	if (rc == -1)
		vault_secret_free(secret, PASSWORD_BUF);
	return rc;
}

/* Writes a new key line to path, whole or not at all, readable by its
 * owner only; EEXIST when another process made it meanwhile. */
static int
make_key_file(const char *path, struct err *err)
{
	char *line = vault_secret_new(VAULT_KEY_LINE + 1), tmp[4200];
	size_t len;
	int fd, rc = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path,
	    (long)getpid()) >= (int)sizeof(tmp)) {
		vault_secret_free(&line, VAULT_KEY_LINE + 1);
		return err_set(err, ERR_INVALID, "key-file", "the key file's "
		    "path is too long");
	}
	vault_key_line_new(line);
	len = strlen(line);
	line[len++] = '\n';
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		vault_secret_free(&line, VAULT_KEY_LINE + 1);
		return err_set(err, ERR_IO, "key-file", "cannot make the key "
		    "file \"%.200s\": %s", path, strerror(errno));
	}
	if (write(fd, line, len) != (ssize_t)len || fsync(fd) != 0)
		rc = err_set(err, ERR_IO, "key-file", "cannot write the key "
		    "file \"%.200s\": %s", path, strerror(errno));
	close(fd);
	vault_secret_free(&line, VAULT_KEY_LINE + 1);
	/* link() refuses to replace: of two processes making it at once,
	 * one wins and the other reads the winner's. */
	if (rc == 0 && link(tmp, path) != 0 && errno != EEXIST)
		rc = err_set(err, ERR_IO, "key-file", "cannot make the key "
		    "file \"%.200s\": %s", path, strerror(errno));
	unlink(tmp);
	return rc;
}

int
cli_new_store_secret(const char *file, long long fd,
    const char *opt, enum keys_kind *kind, char **secret, size_t *size,
    struct err *err)
{
	char *again = NULL;
	int rc = -1;

	*size = PASSWORD_BUF;
	*secret = vault_secret_new(PASSWORD_BUF);
	if (file && access(file, F_OK) != 0 && errno == ENOENT) {
		if (make_key_file(file, err) == -1)
			goto out;
		fprintf(stderr, "tipsom: made the key file %s: keep it off "
		    "the data disk, and a copy somewhere safe; without it "
		    "the store's identities cannot be read\n", file);
	}
	if (file || fd >= 0) {
		if (read_secret_from(file, fd, opt, *secret, err) == -1)
			goto out;
	} else if (isatty(STDIN_FILENO)) {
		again = vault_secret_new(PASSWORD_BUF);
		if (prompt_hidden("New passphrase for the store: ", *secret,
		    PASSWORD_BUF) != 0 || prompt_hidden("Again: ", again,
		    PASSWORD_BUF) != 0) {
			err_set(err, ERR_IO, "passphrase", "no passphrase was "
			    "typed: try again");
			goto out;
		}
		if (!STREQ(*secret, again)) {
			err_set(err, ERR_INVALID, "passphrase", "the two "
			    "passphrases differ: type the same twice");
			goto out;
		}
	} else {
		err_set(err, ERR_INVALID, "key-file", "the store's identities "
		    "are encrypted: give --%s FILE (made when missing; keep "
		    "it off the data disk) or --%s N, or type a passphrase "
		    "at a terminal", STREQ(opt, "key-fd") ||
		    STREQ(opt, "key-file") ? "key-file" : "new-key-file",
		    STREQ(opt, "key-fd") || STREQ(opt, "key-file") ?
		    "key-fd" : "new-key-fd");
		goto out;
	}
	*kind = strncmp(*secret, KEYS_LINE_PREFIX,
	    strlen(KEYS_LINE_PREFIX)) == 0 ? KEYS_KEY_FILE : KEYS_PASSPHRASE;
	/* A passphrase is the one thing between a stolen disk and the
	 * victims' names: no short ones. */
	if (*kind == KEYS_PASSPHRASE && text_utf8_chars(*secret) < 12) {
		err_set(err, ERR_INVALID, "passphrase", "the passphrase is "
		    "too short: use at least 12 characters, or a key file");
		goto out;
	}
	rc = 0;
out:
	vault_secret_free(&again, PASSWORD_BUF);
	if (rc == -1)
		vault_secret_free(secret, PASSWORD_BUF);
	return rc;
}

void
cli_cell(const char *s, int width)
{
	int chars;

	if (!s)
		s = "-";
	chars = (int)text_utf8_chars(s);
	fputs(s, stdout);
	for (; chars < width; chars++)
		fputc(' ', stdout);
	fputc(' ', stdout);
}

char *
cli_read_file(struct cli *c, const char *path, size_t max, size_t *len,
    struct err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f) {
		err_set(err, ERR_IO, "file", "cannot read \"%.100s\": %s: "
		    "check the path", path, strerror(errno));
		return NULL;
	}
	buf = arena_alloc(c->ctx.arena, max + 2);
	*len = fread(buf, 1, max + 1, f);
	if (ferror(f)) {
		err_set(err, ERR_IO, "file", "cannot read \"%.100s\": %s",
		    path, strerror(errno));
		buf = NULL;
	} else {
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

const char *
cli_lang(struct cli *c, struct err *err)
{
	const char *lang = cli_get(c, "lang");

	if (lang && !text_language_valid(lang)) {
		cli_usage(c, err, "--lang \"%.16s\" is not a language tag: use "
		    "en, ar, ckb or another BCP 47 tag", lang);
		return NULL;
	}
	return lang ? lang : "en";
}
