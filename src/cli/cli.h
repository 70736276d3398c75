/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h - the command-line front end: one table of commands, one option
 * parser, one way to print and to fail.
 *
 * Each subcommand is a struct cli_cmd in its own file (cmd_*.c), listed
 * in commands.c.  cli_main() parses the command line against it, builds
 * the config, opens the vault and the store, picks the acting user, runs
 * the command with a fresh arena and maps its error to an exit code:
 * 0 ok, 1 failure, 2 usage.  Errors go to stderr as one line,
 * "tipsom: what went wrong: the fix"; data goes to stdout.
 */
#ifndef TIPSOM_CLI_H
#define TIPSOM_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/config.h"
#include "core/ctx.h"
#include "core/keys.h"

struct err;

enum cli_opt_flags {
	CLI_REQUIRED = 1 << 0,	/* missing is a usage error */
	CLI_MULTI = 1 << 1,	/* may be given more than once */
};

struct cli_opt {
	const char	*name;		/* without "--" */
	const char	*metavar;	/* NULL for a flag without a value */
	unsigned	 flags;
	const char	*help;
};

enum cli_cmd_flags {
	CLI_NO_STORE = 1 << 0,		/* runs without a store */
	CLI_CREATE_STORE = 1 << 1,	/* may create the store */
	CLI_ANY_SCHEMA = 1 << 2,	/* opens a store of any version */
	CLI_NO_ACTOR = 1 << 3,		/* needs no acting user */
	CLI_BOOTSTRAP = 1 << 4,		/* may run as the system on an empty
					 * store (first agency and admin) */
};

struct cli;

struct cli_cmd {
	const char		*group;		/* "case", or NULL */
	const char		*name;		/* "open" */
	const char		*args;		/* positional usage, "REF TEXT" */
	int			 min_args;
	int			 max_args;
	const struct cli_opt	*opts;		/* ends with a NULL name */
	unsigned		 flags;
	int			 (*run)(struct cli *c, struct err *err);
	const char		*summary;	/* one line for the help */
};

#define CLI_MAX_VALUES	128

struct cli {
	const struct cli_cmd	*cmd;
	struct config		 cfg;
	char			 db_shown[512];	/* cfg.db, no password */
	char			*store_secret;	/* what unlocked the store */
	size_t			 store_secret_size;
	struct ctx		 ctx;
	bool			 json;		/* --json */
	bool			 usage;		/* the error is a usage error */
	const char		**args;		/* positional arguments */
	int			 n_args;
	struct {
		const char	*name;
		const char	*value;		/* NULL for a flag */
	}			 vals[CLI_MAX_VALUES];
	int			 n_vals;
};

/* The whole program: parses argv, runs a command, returns the exit code. */
int		 cli_main(int argc, char **argv);

/* The NULL-terminated command table (commands.c). */
extern const struct cli_cmd *const cli_commands[];

/* The last value of option name, or NULL when not given. */
const char	*cli_get(const struct cli *c, const char *name);

/* Every value of a CLI_MULTI option, in order, as an arena array. */
size_t		 cli_get_all(struct cli *c, const char *name,
		    const char ***out);

/* True when option name was given. */
bool		 cli_has(const struct cli *c, const char *name);

/*
 * Option name as a whole number in [min, max], or dflt when absent.
 * A usage error naming the option otherwise.
 */
int		 cli_int(struct cli *c, const char *name, long long min,
		    long long max, int dflt, int *out, struct err *err);

/* Marks the error a usage error (exit 2) and fills err; returns -1. */
int		 cli_usage(struct cli *c, struct err *err, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/* Prints j (stolen) to stdout, indented, and a newline. */
int		 cli_print_json(json_t *j, struct err *err);

/*
 * Reads a new password from --password-file, or else stdin: at a
 * terminal it is asked for twice without echo, otherwise the first line
 * is taken.  *secret is vault memory of *size bytes, freed by the caller
 * with vault_secret_free().
 */
int		 cli_read_password(struct cli *c, char **secret, size_t *size,
		    struct err *err);

/*
 * Unlocks the open store when it is encrypted (keys.h), with
 * cli_read_store_secret(), keeping the secret in c->store_secret; a
 * plain store needs nothing.  Every command that opens a store of the
 * current schema has it done before it runs.
 */
int		 cli_unlock_store(struct cli *c, struct err *err);

/*
 * The secret that unlocks the open store, which is of kind (keys.h):
 * read from --key-file or --key-fd, or, for a passphrase, asked for at a
 * terminal.  ERR_UNAUTHENTICATED naming the options when there is none.
 * *secret is vault memory of *size bytes, freed by the caller with
 * vault_secret_free().
 */
int		 cli_read_store_secret(struct cli *c, enum keys_kind kind,
		    char **secret, size_t *size, struct err *err);

/*
 * A new secret for a store: read from file (made with a new key line
 * when missing) or descriptor fd (-1 for none), opt naming the option;
 * else a passphrase typed twice at a terminal.  *kind says which it is:
 * a key line, or a passphrase (of at least 12 characters).  ERR_INVALID
 * when there is none of these.
 */
int		 cli_new_store_secret(const char *file,
		    long long fd, const char *opt, enum keys_kind *kind,
		    char **secret, size_t *size, struct err *err);

/*
 * Reads the file at path, at most max bytes (a longer one reads as
 * max + 1 bytes, for the parser to refuse), into the arena.  NULL with
 * ERR_IO naming the file otherwise.
 */
char		*cli_read_file(struct cli *c, const char *path, size_t max,
		    size_t *len, struct err *err);

/* The --lang option's language tag, "en" when absent; NULL after a usage
 * error. */
const char	*cli_lang(struct cli *c, struct err *err);

/* Prints s and pads it with spaces to width characters (not bytes). */
void		 cli_cell(const char *s, int width);

#endif
