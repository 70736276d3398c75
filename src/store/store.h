/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.h - the only way to the database.
 *
 * A store is one connection to SQLite or to PostgreSQL; callers cannot
 * tell which.  A store serves one thread at a time.
 *
 * Reads fill rows whose strings are allocated in the arena the caller
 * passes; the caller frees them all with the arena.  Writes copy what they
 * keep: strings in rows passed in stay the caller's.
 *
 * Every function returns 0, or -1 with *err set: ERR_STORE when the
 * database failed, ERR_NOT_FOUND when a row asked for by key is absent,
 * ERR_CONFLICT when a unique key is taken.
 */
#ifndef TIPSOM_STORE_H
#define TIPSOM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/agency.h"
#include "model/audit.h"
#include "model/case.h"
#include "model/cooperation.h"
#include "model/counselling.h"
#include "model/htcds.h"
#include "model/intake.h"
#include "model/links.h"
#include "model/person.h"
#include "model/programme.h"
#include "model/awareness.h"
#include "model/provider.h"
#include "model/referral.h"
#include "model/sop.h"
#include "model/training.h"

struct arena;
struct err;
struct store;			/* opaque */

enum store_open_flags {
	STORE_CREATE = 1 << 0,		/* create the store when missing */
	STORE_ANY_SCHEMA = 1 << 1,	/* open whatever its schema version */
};

struct store_options {
	long long	 busy_timeout_ms;	/* wait for other writers */
};

/*
 * Opens the store at url: "sqlite:PATH" ("sqlite::memory:" for a private
 * in-memory one), or "postgresql://..." (libpq's URI: user, host, port,
 * database, options such as sslmode).  Without STORE_CREATE a missing
 * store is ERR_NOT_FOUND; with it, a missing SQLite file or PostgreSQL
 * database is made (the PostgreSQL user needs the CREATEDB right).
 * Without STORE_ANY_SCHEMA the store's schema must be the binary's
 * (ERR_VERSION otherwise, saying whether to migrate or to upgrade
 * tipsom), and every statement is prepared, so an error in one fails
 * here.  Returns NULL with *err set on failure; the caller releases the
 * result with store_close().
 */
struct store	*store_open(const char *url, const struct store_options *opt,
		    unsigned flags, struct err *err);

/*
 * url as it may be shown or logged: a password in it ("postgresql://
 * user:secret@host/db") replaced by "***".  Into out[0..size).
 */
void		 store_url_shown(const char *url, char *out, size_t size);

/* Closes *st and sets it to NULL.  Does nothing when *st is NULL. */
void		 store_close(struct store **st);

/*
 * Backups.  store_snapshot() copies the whole store as it stands at one
 * moment, while others go on writing (SQLite's online backup API, into
 * memory: no plain copy touches the disk), into *image[0..*n), released
 * with store_image_free(), which wipes nothing: the caller seals the
 * image and wipes it with what it used.  store_restore() makes a new
 * store at url from an image: the image must be a whole, consistent
 * database (PRAGMA integrity_check), and url must not exist;
 * ERR_TAMPERED for an image that is not, ERR_CONFLICT for a url that
 * exists, ERR_INVALID for a driver that cannot.
 */
int		 store_snapshot(struct store *st, unsigned char **image,
		    size_t *n, struct err *err);
void		 store_image_free(struct store *st, unsigned char **image);
int		 store_restore(const char *url, const unsigned char *image,
		    size_t n, struct err *err);

/*
 * Moving a store to another driver (tipsom migrate-store).  store_copy()
 * copies every row of every table of from, read in one snapshot, into
 * to, a store with no schema yet, which it migrates first: ids, the
 * audit chain and its head as they are, in one transaction (a copy that
 * fails leaves to without rows).  Then it reads both again and compares
 * each table's count of rows and a digest of their values: a table that
 * differs is ERR_TAMPERED naming it.  *tables[0..*n) says what was
 * copied, in a.  ERR_CONFLICT when to has a schema, ERR_INVALID when a
 * driver cannot (from must be SQLite, to PostgreSQL).
 */
struct store_copied {
	const char	*table;
	int64_t		 rows;
	uint64_t	 digest;
};

int		 store_copy(struct store *from, struct store *to,
		    struct arena *a, struct store_copied **tables, size_t *n,
		    struct err *err);

/* The schema version the store has (0: empty), and the binary's. */
int		 store_schema_version(struct store *st, int *version,
		    struct err *err);
int		 store_schema_latest(const struct store *st);

/*
 * Rewrites the store so that no value deleted or overwritten stays
 * readable in its free space (after a plain store is encrypted): SQLite
 * VACUUM and a checkpoint of the write-ahead log; PostgreSQL VACUUM FULL
 * of the tables with sealed columns.  Outside any transaction.
 */
int		 store_scrub(struct store *st, struct err *err);

/*
 * Applies the migrations the store lacks, in one transaction, and
 * prepares every statement.  *applied counts them.  A store newer than
 * the binary is refused with ERR_VERSION and left untouched.
 */
int		 store_migrate(struct store *st, int *applied, struct err *err);

/*
 * Transactions nest: the outermost store_begin() starts a write
 * transaction, inner ones a savepoint, so a core function that writes
 * atomically can also run inside a caller's larger transaction.  Every
 * store_begin() is closed by exactly one store_commit() or
 * store_rollback().  A failed commit has already rolled back its level.
 * After a statement fails, the level it ran in must be rolled back before
 * anything else runs in the transaction (PostgreSQL refuses anything
 * else until then): to go on after a failure it expects, a caller runs
 * the statement in a level of its own.
 */
int		 store_begin(struct store *st, struct err *err);

/*
 * A read-only transaction: every read in it sees one snapshot, and the
 * database's file locks are taken once rather than per statement.
 * Writes (store_begin()) are refused until store_read_end().
 */
int		 store_read_begin(struct store *st, struct err *err);
void		 store_read_end(struct store *st);
/* True while a transaction is open on st. */
bool		 store_in_transaction(const struct store *st);
/* True inside store_read_begin() and store_read_end(). */
bool		 store_reading(const struct store *st);
int		 store_commit(struct store *st, struct err *err);
void		 store_rollback(struct store *st);

/* Agencies. */
int		 store_agency_insert(struct store *st, struct agency_row *row,
		    struct err *err);
int		 store_agency_by_code(struct store *st, const char *code,
		    struct arena *a, struct agency_row *row, struct err *err);
int		 store_agency_by_id(struct store *st, int64_t id,
		    struct arena *a, struct agency_row *row, struct err *err);
int		 store_agency_list(struct store *st, struct arena *a,
		    struct agency_row **rows, size_t *n, struct err *err);

/*
 * The directory of service providers.  store_provider_update() writes
 * row when its version is the stored one and bumps it (ERR_CONFLICT,
 * field "version", when it was changed meanwhile).  The list is the
 * whole directory, by region and name.
 */
int		 store_provider_insert(struct store *st,
		    struct provider_row *row, struct err *err);
int		 store_provider_update(struct store *st,
		    struct provider_row *row, struct err *err);
int		 store_provider_by_code(struct store *st, const char *code,
		    struct arena *a, struct provider_row *row,
		    struct err *err);
int		 store_provider_list(struct store *st, struct arena *a,
		    struct provider_row **rows, size_t *n, struct err *err);

/*
 * Referrals.  store_referral_update() writes the status and the consent's
 * withdrawal when r's version is the stored one, and bumps it
 * (ERR_CONFLICT otherwise).  A list is newest first; a zero or negative
 * filter field keeps all.
 */
struct referral_filter {
	int64_t		 case_id;
	int64_t		 case_agency_id;	/* referred by this agency */
	int64_t		 provider_agency_id;	/* to this agency, sent */
	int		 status;		/* enum referral_status, -1 */
	int		 limit;
};

int		 store_referral_insert(struct store *st,
		    struct referral_row *r, struct err *err);
int		 store_referral_update(struct store *st,
		    struct referral_row *r, struct err *err);
int		 store_referral_event_insert(struct store *st,
		    int64_t referral_id, enum referral_status status,
		    const char *at, int64_t user_id, const char *reason,
		    struct err *err);
int		 store_referral_by_id(struct store *st, int64_t id,
		    struct arena *a, struct referral_row *r,
		    struct err *err);
int		 store_referral_list(struct store *st,
		    const struct referral_filter *f, struct arena *a,
		    struct referral_row **rows, size_t *n, struct err *err);
int		 store_referral_events(struct store *st, int64_t referral_id,
		    struct arena *a, struct referral_event_row **rows,
		    size_t *n, struct err *err);
/* The first time a referral of case_id was accepted; ERR_NOT_FOUND. */
int		 store_referral_first_accepted(struct store *st,
		    int64_t case_id, struct arena *a,
		    struct referral_event_row *row, struct err *err);

/*
 * Requests for international cooperation.  store_cooperation_update()
 * writes the status, the dates and the next follow-up when r's version is
 * the stored one, and bumps it (ERR_CONFLICT, field "version",
 * otherwise).  A list is newest first; a zero or negative filter field
 * keeps all.  With due, only the requests due for follow-up on today
 * (cooperation.h says which).
 */
struct cooperation_filter {
	int64_t		 case_id;
	int64_t		 agency_id;
	int		 status;	/* enum cooperation_status, -1 */
	int		 kind;		/* enum cooperation_kind, -1 */
	bool		 due;
	const char	*today;		/* YYYY-MM-DD, with due */
	int		 limit;
};

int		 store_cooperation_insert(struct store *st,
		    struct cooperation_row *r, struct err *err);
int		 store_cooperation_update(struct store *st,
		    struct cooperation_row *r, struct err *err);
/* Fills nothing back: the history is read with store_cooperation_events. */
int		 store_cooperation_event_insert(struct store *st,
		    const struct cooperation_event_row *e, int64_t user_id,
		    struct err *err);
int		 store_cooperation_by_id(struct store *st, int64_t id,
		    struct arena *a, struct cooperation_row *r,
		    struct err *err);
int		 store_cooperation_list(struct store *st,
		    const struct cooperation_filter *f, struct arena *a,
		    struct cooperation_row **rows, size_t *n, struct err *err);
/* A request's history, oldest first. */
int		 store_cooperation_events(struct store *st, int64_t request_id,
		    struct arena *a, struct cooperation_event_row **rows,
		    size_t *n, struct err *err);
/* A transferred case's requests go with it to agency_id. */
int		 store_cooperation_move_case(struct store *st, int64_t case_id,
		    int64_t agency_id, struct err *err);

/* Users.  password_hash is the vault's encoded hash, never a password. */
int		 store_user_insert(struct store *st, struct user_row *row,
		    const char *password_hash, struct err *err);
int		 store_user_by_username(struct store *st, const char *username,
		    struct arena *a, struct user_row *row, struct err *err);
int		 store_user_by_id(struct store *st, int64_t id,
		    struct arena *a, struct user_row *row, struct err *err);
int		 store_user_password_hash(struct store *st, int64_t id,
		    struct arena *a, char **hash, struct err *err);
int		 store_user_set_password(struct store *st, int64_t id,
		    const char *password_hash, const char *at,
		    struct err *err);
/*
 * Login throttling and two-factor state.  store_login_failed() records
 * the count, when, and a lock (NULL: none); store_login_succeeded()
 * clears them and remembers the TOTP time step used (0: none).
 * store_user_set_totp() enrols a secret, or removes it with NULL, with
 * the last time step used (a code of it or before is refused).
 */
int		 store_login_state(struct store *st, int64_t user_id,
		    struct arena *a, struct login_state *out,
		    struct err *err);
int		 store_login_failed(struct store *st, int64_t user_id,
		    int failed, const char *at, const char *locked_until,
		    struct err *err);
int		 store_login_succeeded(struct store *st, int64_t user_id,
		    int64_t totp_step, struct err *err);
int		 store_user_set_totp(struct store *st, int64_t user_id,
		    const char *secret, int64_t last_step, struct err *err);
/* language NULL: none chosen. */
int		 store_user_set_language(struct store *st, int64_t user_id,
		    const char *language, struct err *err);

/*
 * Sessions, by the hash of their token.  store_session_get() is
 * ERR_NOT_FOUND for an unknown one, and fills *user (when not NULL) with
 * the session's user; store_session_delete_user() ends all of a user's
 * sessions but the one of keep_hash (NULL: all of them).
 */
int		 store_session_insert(struct store *st,
		    const struct session_row *row, struct err *err);
int		 store_session_get(struct store *st, const char *token_hash,
		    struct arena *a, struct session_row *row,
		    struct user_row *user, struct err *err);
int		 store_session_touch(struct store *st, const char *token_hash,
		    const char *at, struct err *err);
int		 store_session_delete(struct store *st, const char *token_hash,
		    struct err *err);
int		 store_session_delete_user(struct store *st, int64_t user_id,
		    const char *keep_hash, struct err *err);

/* agency_id 0 lists every agency's users; limit 0 all of them. */
int		 store_user_list(struct store *st, int64_t agency_id,
		    int limit, int offset, struct arena *a,
		    struct user_row **rows, size_t *n, struct err *err);
int		 store_user_count(struct store *st, int64_t *n,
		    struct err *err);

/*
 * Cases.  store_case_next_number() raises and returns the agency's
 * counter for year; call it in the transaction that inserts the case.
 */
int		 store_case_next_number(struct store *st, int64_t agency_id,
		    int year, int64_t *number, struct err *err);
int		 store_case_insert(struct store *st, struct case_row *row,
		    struct err *err);
int		 store_case_by_ref(struct store *st, const char *ref,
		    struct arena *a, struct case_row *row, struct err *err);
int		 store_case_list(struct store *st, const struct case_filter *f,
		    struct arena *a, struct case_row **rows, size_t *n,
		    struct err *err);
/*
 * Closes the case if its version is still row->version; ERR_CONFLICT when
 * it was changed meanwhile or is already closed.  Bumps row->version.
 */
int		 store_case_close(struct store *st, struct case_row *row,
		    int64_t closed_by, struct err *err);
/*
 * Case shares.  insert fills row->id.  live finds the share of case_id
 * with agency_id that is not revoked and not expired on today
 * (YYYY-MM-DD); ERR_NOT_FOUND when there is none.  list gives a case's
 * shares, oldest first, all of them or (agency_id not 0) one agency's.
 * get finds share_id of case_id.  revoke records row->revoked_at, _by
 * and revoke_reason on a share not yet revoked; ERR_NOT_FOUND otherwise.
 */
int		 store_case_share_insert(struct store *st,
		    struct case_share_row *row, struct err *err);
int		 store_case_share_live(struct store *st, int64_t case_id,
		    int64_t agency_id, const char *today, struct arena *a,
		    struct case_share_row *row, struct err *err);
int		 store_case_share_list(struct store *st, int64_t case_id,
		    int64_t agency_id, struct arena *a,
		    struct case_share_row **rows, size_t *n, struct err *err);
int		 store_case_share_get(struct store *st, int64_t share_id,
		    int64_t case_id, struct arena *a,
		    struct case_share_row *row, struct err *err);
int		 store_case_share_revoke(struct store *st,
		    const struct case_share_row *row, struct err *err);

/*
 * Moves case row to t->to_agency_id with lead t->lead_user_id (0: none),
 * like store_case_close() for versions, and records transfer t (filling
 * t->id).  The caller revokes the shares the move ends.  list gives a
 * case's transfers, oldest first.
 */
int		 store_case_transfer(struct store *st, struct case_row *row,
		    struct case_transfer_row *t, struct err *err);
int		 store_case_transfer_list(struct store *st, int64_t case_id,
		    struct arena *a, struct case_transfer_row **rows,
		    size_t *n, struct err *err);

/* Like store_case_close(): row->sop_id and sop_version, or row->kind. */
int		 store_case_set_sop(struct store *st, struct case_row *row,
		    struct err *err);
int		 store_case_set_kind(struct store *st, struct case_row *row,
		    struct err *err);
/* Sets row->route (NULL clears it), as store_case_close() checks. */
int		 store_case_set_route(struct store *st, struct case_row *row,
		    struct err *err);

/* Notes on a case's timeline, oldest first. */
int		 store_note_insert(struct store *st, struct note_row *row,
		    struct err *err);
int		 store_note_list(struct store *st, int64_t case_id,
		    struct arena *a, struct note_row **rows, size_t *n,
		    struct err *err);

/*
 * Persons.  store_persons_insert() writes rows[0..n) and all their
 * lists, many rows a statement (imports write thousands), and sets each
 * row's id: the ids follow the largest id written before, in order, so
 * it runs inside a write transaction (store_begin()), which keeps other
 * writers out between reading that id and the write.  Identity fields
 * must already be sealed by the vault.  store_person_by_id() reads them
 * back, still sealed.
 */
int		 store_persons_insert(struct store *st,
		    struct person_row *rows, size_t n, struct err *err);
int		 store_person_by_id(struct store *st, int64_t id,
		    struct arena *a, struct person_row *row, struct err *err);
/* A person's nationalities alone (ISO 3166 codes), without identities. */
int		 store_person_nationalities(struct store *st,
		    int64_t person_id, struct arena *a, const char ***codes,
		    size_t *n, struct err *err);
/*
 * True in *visible when agency_id recorded the person or has a case the
 * person is in.
 */
int		 store_person_visible(struct store *st, int64_t person_id,
		    int64_t agency_id, bool *visible, struct err *err);

/*
 * The roles person_id has in cases shared with agency_id and live on
 * today, each with the share's scope.
 */
struct person_shared_role {
	int64_t			 person_id;
	enum case_role		 role;
	enum share_scope	 scope;
};
int		 store_person_shared_roles(struct store *st, int64_t person_id,
		    int64_t agency_id, const char *today, struct arena *a,
		    struct person_shared_role **rows, size_t *n,
		    struct err *err);

/*
 * For the persons ids[0..n) at once (a search's candidates), one
 * statement for every 64: visible[i] as store_person_visible() says of
 * ids[i]; into[i] the person ids[i] was merged into, 0 for none; the
 * roles of them all in shared cases, as store_person_shared_roles()
 * gives them, each with its person_id (which that one leaves 0).
 */
int		 store_persons_visible(struct store *st, const int64_t *ids,
		    size_t n, int64_t agency_id, bool *visible,
		    struct err *err);
int		 store_persons_merged_into(struct store *st,
		    const int64_t *ids, size_t n, int64_t *into,
		    struct err *err);
int		 store_persons_shared_roles(struct store *st,
		    const int64_t *ids, size_t n, int64_t agency_id,
		    const char *today, struct arena *a,
		    struct person_shared_role **rows, size_t *n_rows,
		    struct err *err);

/*
 * A person's name keys (0013_name_keys.sql).  insert adds rows[0..n),
 * the keys of one name each, many a statement; since reads up to limit
 * rows after key row after_id, in order, calling fn for each (stopping
 * at its -1); unkeyed gives up to limit persons with no key rows yet,
 * of ids after after_id, in order, each with its id and its names (sealed, as stored) alone: in one
 * statement, for a PostgreSQL server as much as a SQLite file.
 */
struct name_keys_row {
	int64_t		 person_id;
	const char	*keys;	/* namekey_line(): "" for none */
};

int		 store_name_keys_insert(struct store *st,
		    const struct name_keys_row *rows, size_t n,
		    struct err *err);
int		 store_name_keys_since(struct store *st, int64_t after_id,
		    int limit, int (*fn)(int64_t id, int64_t person_id,
		    const char *keys, void *arg), void *arg,
		    struct err *err);
int		 store_persons_unkeyed(struct store *st, int64_t after_id,
		    int limit, struct arena *a, struct person_row **rows,
		    size_t *n, struct err *err);

/*
 * Merges (0014_person_merges.sql, src/core/merge.h).  merge_insert
 * writes the merge and fills row->id; merge_moves points at row->keep_id
 * what pointed at row->other_id, writing down each row it moves, and sets
 * other's merged_into; unmerge puts back what the merge moved (what is
 * still where it put it), clears merged_into and records row->undone_*.
 * merge_live reads the merge that holds person other_id merged away
 * (ERR_NOT_FOUND when none); merge_list the latest limit merges of
 * person_id, kept or merged away (0: of everyone).
 */
int		 store_person_merge_insert(struct store *st,
		    struct person_merge_row *row, struct err *err);
int		 store_person_merge_moves(struct store *st,
		    const struct person_merge_row *row, struct err *err);
int		 store_person_unmerge(struct store *st,
		    const struct person_merge_row *row, struct err *err);
int		 store_person_merge_live(struct store *st, int64_t other_id,
		    struct arena *a, struct person_merge_row *row,
		    struct err *err);
int		 store_person_merge_list(struct store *st, int64_t person_id,
		    int limit, struct arena *a, struct person_merge_row **rows,
		    size_t *n, struct err *err);
/* Sets (into > 0) or clears (0) the person id was merged into. */
int		 store_person_set_merged_into(struct store *st, int64_t id,
		    int64_t into, struct err *err);
/* The persons merged into id, directly. */
int		 store_person_merged_from(struct store *st, int64_t id,
		    struct arena *a, int64_t **ids, size_t *n,
		    struct err *err);

struct store_id_pair {
	int64_t			 a, b;
};
/* Every person merged away (a) with the person it went into (b). */
int		 store_persons_merged(struct store *st, struct arena *a,
		    struct store_id_pair **rows, size_t *n, struct err *err);
/* Pairs found to be two people (a < b), and every such pair. */
int		 store_person_distinct_insert(struct store *st, int64_t a,
		    int64_t b, const char *reason, const char *at,
		    int64_t user_id, struct err *err);
int		 store_person_distinct_all(struct store *st, struct arena *a,
		    struct store_id_pair **rows, size_t *n, struct err *err);
/*
 * Calls fn for every document number ("doc") and phone or messaging
 * contact ("tel") of every person, both still sealed, and every
 * identifier linked to a person ("idf", its id as text); stops at fn's
 * -1.
 */
int		 store_person_tokens(struct store *st, int (*fn)(
		    int64_t person_id, const char *kind, const char *value,
		    void *arg), void *arg, struct err *err);
/*
 * Calls fn with the sex and birth of every person not merged away (the
 * row's other fields empty, its strings valid during the call); stops at
 * fn's -1.
 */
int		 store_person_traits(struct store *st, int (*fn)(
		    const struct person_row *p, void *arg), void *arg,
		    struct err *err);

/*
 * The presumed victims and victims of agency_id's cases identified from
 * year from to year to, one row per person and case, by person, then
 * first identified; strings in a.
 */
int		 store_htcds_victims(struct store *st, int64_t agency_id,
		    int from, int to, struct arena *a,
		    struct htcds_victim_row **rows, size_t *n,
		    struct err *err);

/* A person's roles in cases. */
int		 store_case_person_insert(struct store *st,
		    const struct case_person_row *row, struct err *err);
int		 store_case_person_list(struct store *st, int64_t case_id,
		    struct arena *a, struct case_person_row **rows, size_t *n,
		    struct err *err);

/*
 * The audit chain.  store_audit_last() gives seq 0 and an empty hash for
 * an empty chain; store_audit_append() inserts the row and moves the head
 * to it.  store_audit_scan() calls fn for every row in seq order (fn
 * returns 0 to go on, -1 to stop with its *err) and reads the head into
 * *head (seq 0 when there is none).
 */
int		 store_audit_last(struct store *st, int64_t *seq,
		    char hash[AUDIT_HASH_HEX], struct err *err);
int		 store_audit_append(struct store *st,
		    const struct audit_row *row, struct err *err);
int		 store_audit_scan(struct store *st,
		    int (*fn)(const struct audit_row *row, void *arg,
		    struct err *err), void *arg, struct audit_row *head,
		    struct err *err);
int		 store_audit_list(struct store *st,
		    const struct audit_filter *f, struct arena *a,
		    struct audit_row **rows, size_t *n, struct err *err);

/*
 * SOP and screening definitions.  A stored version is never changed:
 * inserting one that exists is ERR_CONFLICT.  version 0 in
 * store_definition_get() asks for the newest.  Lists are by id, then
 * version.
 */
int		 store_definition_insert(struct store *st,
		    const struct definition_row *row, struct err *err);
int		 store_definition_get(struct store *st,
		    enum definition_kind kind, const char *id, int version,
		    struct arena *a, struct definition_row *row,
		    struct err *err);
/* The newest stored version of id, 0 when there is none (no body read). */
int		 store_definition_newest(struct store *st,
		    enum definition_kind kind, const char *id, int *version,
		    struct err *err);
int		 store_definition_list(struct store *st,
		    enum definition_kind kind, struct arena *a,
		    struct definition_row **rows, size_t *n, struct err *err);

/* What was done on a case under its SOP, and the facts recorded, oldest
 * first.  The inserts fill row->id. */
int		 store_step_event_insert(struct store *st,
		    struct step_event_row *row, struct err *err);
int		 store_step_event_list(struct store *st, int64_t case_id,
		    struct arena *a, struct step_event_row **rows, size_t *n,
		    struct err *err);
int		 store_case_fact_insert(struct store *st,
		    struct case_fact_row *row, struct err *err);
int		 store_case_fact_list(struct store *st, int64_t case_id,
		    struct arena *a, struct case_fact_row **rows, size_t *n,
		    struct err *err);

/* Screenings of a case, oldest first; person_id 0 lists everyone's. */
int		 store_screening_insert(struct store *st,
		    struct screening_row *row, struct err *err);
int		 store_screening_list(struct store *st, int64_t case_id,
		    int64_t person_id, struct arena *a,
		    struct screening_row **rows, size_t *n, struct err *err);

/*
 * Legal-element assessments.  store_assessment_latest() is ERR_NOT_FOUND
 * when the case has none; store_assessment_decide() records the
 * officer's decision on row->id.
 */
int		 store_assessment_insert(struct store *st,
		    struct assessment_row *row, struct err *err);
int		 store_assessment_latest(struct store *st, int64_t case_id,
		    struct arena *a, struct assessment_row *row,
		    struct err *err);
int		 store_assessment_decide(struct store *st,
		    const struct assessment_row *row, struct err *err);

/* A case by its id (the network's), like store_case_by_ref(). */
int		 store_case_by_id(struct store *st, int64_t id,
		    struct arena *a, struct case_row *row, struct err *err);
/* A person's roles in every case, by case. */
int		 store_person_case_list(struct store *st, int64_t person_id,
		    struct arena *a, struct case_person_row **rows, size_t *n,
		    struct err *err);

/*
 * Identifiers, their links and calls (model/links.h).
 * store_identifier_put() finds the identifier of kind and normalised, or
 * makes it with value as typed, and sets *id.  store_link_insert() fills
 * row->id, or says in *inserted that the same live link (identifier,
 * person and case) is there already.  store_link_remove() marks a live
 * link removed, kept (ERR_NOT_FOUND when it is not live).  Lists give the
 * live links of a case, a person (in any case or none) or an identifier,
 * oldest first.  store_call_import_insert() fills row->id (ERR_CONFLICT:
 * the same file imported into the case before).  store_call_pairs() sums
 * the calls to and from an identifier by pair and case.
 * store_links_counts() counts what a case holds (and the identifiers).
 */
enum link_list {
	LINKS_OF_CASE,
	LINKS_OF_PERSON,
	LINKS_OF_IDENTIFIER,
};

struct links_counts {
	int64_t		 identifiers;	/* in the store */
	int64_t		 links;		/* the case's live ones */
	int64_t		 calls;		/* the case's */
	int64_t		 imports;	/* the case's */
};

int		 store_identifier_put(struct store *st,
		    enum identifier_kind kind, const char *normalised,
		    const char *value, const char *at, int64_t *id,
		    struct err *err);
int		 store_link_insert(struct store *st, struct link_row *row,
		    bool *inserted, struct err *err);
int		 store_link_remove(struct store *st, int64_t id, const char *at,
		    int64_t by, struct err *err);
int		 store_link_by_id(struct store *st, int64_t id,
		    struct arena *a, struct link_row *row, struct err *err);
int		 store_link_list(struct store *st, enum link_list of,
		    int64_t id, struct arena *a, struct link_row **rows,
		    size_t *n, struct err *err);
int		 store_call_import_insert(struct store *st,
		    struct call_import_row *row, struct err *err);
int		 store_call_insert(struct store *st, const struct call_row *row,
		    struct err *err);
int		 store_call_pairs(struct store *st, int64_t identifier_id,
		    struct arena *a, struct call_pair_row **rows, size_t *n,
		    struct err *err);
int		 store_links_counts(struct store *st, int64_t case_id,
		    struct links_counts *out, struct err *err);

/*
 * What statistics count (core/stats.h), across every agency or one
 * (agency_id not 0: the cases it owns), within from..to (YYYY-MM-DD, each
 * NULL for no bound).  Nothing read here names a person.
 */
struct store_stats_filter {
	const char		*from;
	const char		*to;
	int64_t			 agency_id;	/* 0: all */
};

/* A person once per population, as first identified in the period. */
struct store_stats_person {
	enum sex		 sex;
	enum case_role		 role;
	bool			 child;
	enum age_basis		 age_basis;
	const char		*identified_on;	/* YYYY-MM-DD */
	const char		*agency;	/* the case's agency code */
	const char		*nationalities;	/* "AF,IR", or NULL */
	const char		*purposes;	/* the TIP purposes of the
						 * case's latest assessment,
						 * "forced_labour,...", or
						 * NULL */
	const char		*route;		/* the case's, or NULL */
};

struct store_stats_referral {
	const char		*service;
	const char		*status;
	const char		*created_on;	/* YYYY-MM-DD */
	const char		*agency;	/* the case's agency code */
};

/*
 * The persons of population "victims" (presumed_victim, victim),
 * "smuggled_migrants" or "suspects" (suspect, accused) identified in the
 * period, each once, oldest identification first.
 */
int		 store_stats_persons(struct store *st,
		    const struct store_stats_filter *f, const char *population,
		    struct arena *a, struct store_stats_person **rows,
		    size_t *n, struct err *err);
/* The referrals made in the period (by their creation). */
int		 store_stats_referrals(struct store *st,
		    const struct store_stats_filter *f, struct arena *a,
		    struct store_stats_referral **rows, size_t *n,
		    struct err *err);
/* The cases opened in the period, every status, oldest first. */
int		 store_stats_cases(struct store *st,
		    const struct store_stats_filter *f, struct arena *a,
		    struct case_row **rows, size_t *n, struct err *err);

/*
 * Imports (0016_imports.sql).  find says whether source_id of source was
 * imported for the agency as entity ("person", "case"), with the id it
 * became and the row's hash (a VAULT_SHA256_HEX string copied into
 * hash); insert records rows[0..n) of source, imported at at, many a
 * statement.  source_find looks for source_id in any source (source
 * NULL) or one: *n is 0, 1 (with *id) or 2 (ambiguous).  source_used
 * sets *used when anything was ever imported from source for the agency
 * as entity.
 */
int		 store_import_row_find(struct store *st, int64_t agency_id,
		    const char *entity, const char *source,
		    const char *source_id, bool *found, int64_t *object_id,
		    char hash[65], struct err *err);
struct store_import_row {
	const char	*source_id;
	int64_t		 object_id;
	const char	*hash;
};

int		 store_import_rows_insert(struct store *st, int64_t agency_id,
		    const char *entity, const char *source, const char *at,
		    const struct store_import_row *rows, size_t n,
		    struct err *err);
int		 store_import_source_find(struct store *st, int64_t agency_id,
		    const char *entity, const char *source,
		    const char *source_id, int64_t *id, int *n,
		    struct err *err);
int		 store_import_source_used(struct store *st, int64_t agency_id,
		    const char *entity, const char *source, bool *used,
		    struct err *err);

/*
 * Exports: the ids of the persons agency_id recorded or has in its cases,
 * and the references of its cases, in the arena, oldest first.
 */
int		 store_export_persons(struct store *st, int64_t agency_id,
		    struct arena *a, int64_t **ids, size_t *n,
		    struct err *err);
int		 store_export_cases(struct store *st, int64_t agency_id,
		    struct arena *a, const char ***refs, size_t *n,
		    struct err *err);

/*
 * The training sandbox.  store_training_mark() makes the store a
 * training store (refused by the schema when it holds cases) and
 * store_training_is() says whether it is one; a store never stops being
 * one.  Exercises and groups are refused by the schema outside one.
 */
int		 store_training_mark(struct store *st, const char *at,
		    struct err *err);
int		 store_training_is(struct store *st, bool *is,
		    struct err *err);
int		 store_exercise_group_insert(struct store *st,
		    struct exercise_group_row *g, struct err *err);
int		 store_exercise_group_get(struct store *st, int64_t id,
		    struct arena *a, struct exercise_group_row *g,
		    struct err *err);
/* Groups of agency_id, newest first. */
int		 store_exercise_group_list(struct store *st, int64_t agency_id,
		    struct arena *a, struct exercise_group_row **rows,
		    size_t *n, struct err *err);
int		 store_exercise_group_close(struct store *st, int64_t id,
		    const char *at, struct err *err);
int		 store_exercise_insert(struct store *st, struct exercise_row *e,
		    struct err *err);
int		 store_exercise_person_insert(struct store *st,
		    int64_t exercise_id, const char *key, int64_t person_id,
		    struct err *err);
int		 store_exercise_get(struct store *st, int64_t id,
		    struct arena *a, struct exercise_row *e, struct err *err);
/* The exercise worked on case case_id; ERR_NOT_FOUND when none. */
int		 store_exercise_by_case(struct store *st, int64_t case_id,
		    struct arena *a, struct exercise_row *e, struct err *err);
/*
 * Exercises by trainee (trainee_id > 0) or by group (group_id > 0), or
 * every exercise of agency_id's trainees, newest first.
 */
int		 store_exercise_list(struct store *st, int64_t trainee_id,
		    int64_t group_id, int64_t agency_id, struct arena *a,
		    struct exercise_row **rows, size_t *n, struct err *err);
int		 store_exercise_finish(struct store *st, int64_t id,
		    const char *at, int points, int max_points,
		    struct err *err);
int		 store_exercise_persons(struct store *st, int64_t exercise_id,
		    struct arena *a, struct exercise_person_row **rows,
		    size_t *n, struct err *err);
int		 store_exercise_refusal_insert(struct store *st,
		    int64_t exercise_id, const char *step, const char *reason,
		    const char *at, struct err *err);
int		 store_exercise_refusals(struct store *st, int64_t exercise_id,
		    struct arena *a, struct exercise_refusal_row **rows,
		    size_t *n, struct err *err);

/*
 * The counselling log of Migrant Resource Centres.  Rows hold sealed
 * texts as stored (core/counselling.c seals and opens them).
 * store_counselling_list() gives an agency's records held between from
 * and to (NULL: open), newest first; with due (a date), only those whose
 * follow-up falls on or before it and is not done.
 */
struct counselling_filter {
	int64_t		 agency_id;
	const char	*from;
	const char	*to;
	const char	*due;
	int		 limit;
	int		 offset;
};

int		 store_counselling_insert(struct store *st,
		    struct counselling_row *k, struct err *err);
int		 store_counselling_update(struct store *st,
		    const struct counselling_row *k, struct err *err);
int		 store_counselling_get(struct store *st, int64_t id,
		    struct arena *a, struct counselling_row *k,
		    struct err *err);
int		 store_counselling_list(struct store *st,
		    const struct counselling_filter *f, struct arena *a,
		    struct counselling_row **rows, size_t *n,
		    struct err *err);
struct store_stats_filter;
/* The records held in the statistics' period, of f's agency (or all). */
int		 store_stats_counselling(struct store *st,
		    const struct store_stats_filter *f, struct arena *a,
		    struct counselling_stats_row **rows, size_t *n,
		    struct err *err);

/*
 * The training programme.  A course is found by id or, when code is not
 * NULL, by code.  store_participant_list() pages by name (q, NULL for
 * all, matching a name or organisation) when limit > 0, and gives every
 * participant by id otherwise.  store_course_session_list() gives a
 * course's sessions newest first (course_id 0: every course's), or with
 * all every session oldest first.  An enrolment's scores are -1 when not
 * taken.  store_session_links() gives who was in which session and how,
 * for the cascade.
 */
int		 store_course_insert(struct store *st, struct course_row *c,
		    int64_t by, struct err *err);
int		 store_course_module_insert(struct store *st,
		    int64_t course_id, const struct course_module_row *m,
		    struct err *err);
int		 store_course_get(struct store *st, int64_t id,
		    const char *code, struct arena *a, struct course_row *c,
		    struct err *err);
int		 store_course_list(struct store *st, struct arena *a,
		    struct course_row **rows, size_t *n, struct err *err);
int		 store_course_modules(struct store *st, int64_t course_id,
		    struct arena *a, struct course_module_row **rows,
		    size_t *n, struct err *err);
int		 store_participant_insert(struct store *st,
		    struct participant_row *p, int64_t by, struct err *err);
int		 store_participant_get(struct store *st, int64_t id,
		    struct arena *a, struct participant_row *p,
		    struct err *err);
int		 store_participant_list(struct store *st, const char *q,
		    int limit, int offset, struct arena *a,
		    struct participant_row **rows, size_t *n,
		    struct err *err);
int		 store_course_session_insert(struct store *st,
		    struct course_session_row *s, int64_t by,
		    struct err *err);
int		 store_course_session_get(struct store *st, int64_t id,
		    struct arena *a, struct course_session_row *s,
		    struct err *err);
int		 store_course_session_list(struct store *st,
		    int64_t course_id, bool all, struct arena *a,
		    struct course_session_row **rows, size_t *n,
		    struct err *err);
int		 store_session_trainer_insert(struct store *st,
		    int64_t session_id, int64_t participant_id,
		    struct err *err);
int		 store_session_trainers(struct store *st, int64_t session_id,
		    struct arena *a, struct participant_row **rows,
		    size_t *n, struct err *err);
int		 store_enrolment_insert(struct store *st, int64_t session_id,
		    int64_t participant_id, struct err *err);
int		 store_enrolment_update(struct store *st,
		    const struct enrolment_row *e, struct err *err);
int		 store_enrolment_get(struct store *st, int64_t session_id,
		    int64_t participant_id, struct arena *a,
		    struct enrolment_row *e, struct err *err);
int		 store_enrolments(struct store *st, int64_t session_id,
		    struct arena *a, struct enrolment_row **rows, size_t *n,
		    struct err *err);
int		 store_certificate_insert(struct store *st,
		    struct certificate_row *k, int64_t by, struct err *err);
int		 store_certificate_by_code(struct store *st, const char *code,
		    struct arena *a, struct certificate_row *k,
		    struct err *err);
int		 store_session_links(struct store *st, struct arena *a,
		    struct session_link_row **rows, size_t *n,
		    struct err *err);

/*
 * Awareness sessions (0025_awareness.sql, core/awareness.h).  The row's
 * feedback is stored as given (sealed by the core).  An update matches
 * row->version and bumps it: 1 when another write came first.  The list
 * gives the sessions agency_id recorded or organised, held within
 * from..to (NULL: open) in region (NULL: any; case folded), newest
 * first.  The organisers and materials are set whole, replacing what was
 * there.
 */
int		 store_awareness_insert(struct store *st,
		    struct awareness_row *row, int64_t by, struct err *err);
int		 store_awareness_update(struct store *st,
		    struct awareness_row *row, struct err *err);
int		 store_awareness_get(struct store *st, int64_t id,
		    struct arena *a, struct awareness_row *row,
		    struct err *err);
int		 store_awareness_list(struct store *st, int64_t agency_id,
		    const char *from, const char *to, const char *region,
		    int limit, int offset, struct arena *a,
		    struct awareness_row **rows, size_t *n, struct err *err);
/* Sets the organisers (by agency id) and materials of session s->id. */
int		 store_awareness_set_links(struct store *st,
		    const struct awareness_row *s, struct err *err);
/* Reads the organisers' codes and the materials into row. */
int		 store_awareness_links(struct store *st, struct arena *a,
		    struct awareness_row *row, struct err *err);
/*
 * The sessions held in the period of f (agency_id: those it organised),
 * oldest first, each with its organisers' codes joined by commas.
 */
int		 store_stats_awareness(struct store *st,
		    const struct store_stats_filter *f, struct arena *a,
		    struct awareness_stats_row **rows, size_t *n,
		    struct err *err);

/*
 * Reports of a suspected case (migration 0026_intake, src/core/intake.h).
 * store_intake_next_number() raises and returns the counter of year, in
 * the transaction that inserts the report.  The texts the store keeps
 * sealed are written and read as they are.  store_intake_acknowledge()
 * is ERR_NOT_FOUND when the report was acknowledged already;
 * store_intake_link_insert() ERR_CONFLICT when the two are linked, and
 * store_intake_unlink() ERR_NOT_FOUND when they are not (either order
 * of the two ids).  A list holds the urgent reports not yet
 * acknowledged first, then the newest first; a zero filter field keeps
 * all.  store_intake_links() gives a report's live links, the other
 * report's reference in each.
 */
struct intake_filter {
	int64_t		 agency_id;	/* received by this agency */
	int64_t		 reporter_id;	/* made by this user */
	bool		 urgent_open;	/* urgent and not acknowledged */
	int		 limit;
	int		 offset;
};

int		 store_intake_next_number(struct store *st, int year,
		    int64_t *number, struct err *err);
int		 store_intake_insert(struct store *st, struct intake_row *r,
		    struct err *err);
int		 store_intake_by_ref(struct store *st, const char *ref,
		    struct arena *a, struct intake_row *r, struct err *err);
int		 store_intake_list(struct store *st,
		    const struct intake_filter *f, struct arena *a,
		    struct intake_row **rows, size_t *n, struct err *err);
int		 store_intake_acknowledge(struct store *st, int64_t report_id,
		    const char *at, int64_t user_id, struct err *err);
int		 store_intake_link_insert(struct store *st, int64_t report_id,
		    int64_t other_id, const char *at, int64_t user_id,
		    struct err *err);
int		 store_intake_unlink(struct store *st, int64_t report_id,
		    int64_t other_id, const char *at, int64_t user_id,
		    struct err *err);
int		 store_intake_links(struct store *st, int64_t report_id,
		    struct arena *a, struct intake_link_row **rows, size_t *n,
		    struct err *err);

/*
 * Field encryption's keys (migration 0022_field_keys, src/core/keys.h).
 * A store without a wrap row is plain: store_key_wrap_get() fails with
 * ERR_NOT_FOUND.  store_key_wrap_put() writes the one row, replacing it.
 */
struct store_key_wrap {
	const char	*kind;		/* "key_file" or "passphrase" */
	const char	*salt;		/* passphrase only, else NULL */
	int64_t		 opslimit;	/* passphrase only, else 0 */
	int64_t		 memlimit;
	const char	*changed_at;
};

int		 store_key_wrap_get(struct store *st, struct arena *a,
		    struct store_key_wrap *w, struct err *err);
int		 store_key_wrap_put(struct store *st,
		    const struct store_key_wrap *w, struct err *err);

struct store_field_key {
	int64_t		 version;	/* 0: the index key */
	const char	*wrapped;
	const char	*chained;	/* NULL for versions 0 and 1 */
	const char	*created_at;
};

/* The keys above version after, oldest first (after -1: all). */
int		 store_field_keys(struct store *st, int64_t after,
		    struct arena *a, struct store_field_key **keys, size_t *n,
		    struct err *err);
int		 store_field_key_insert(struct store *st,
		    const struct store_field_key *k, struct err *err);
int		 store_field_key_rewrap(struct store *st, int64_t version,
		    const char *wrapped, struct err *err);

/*
 * Every column that holds sealed values in an encrypted store: its name
 * in the enum, its table and column, and what its rows say of their kind
 * (SQL).  The column's name, "table.column",
 * is the field name its values are sealed with (vault.h), except
 * identifiers.normalised, which holds a blind index.
 */
#define STORE_SEALED_COLUMNS(X)						\
	X(PERSON_GIVEN, "person_names", "given", "NULL")		\
	X(PERSON_FATHER, "person_names", "father", "NULL")		\
	X(PERSON_GRANDFATHER, "person_names", "grandfather", "NULL")	\
	X(PERSON_FAMILY, "person_names", "family", "NULL")		\
	X(PERSON_DOCUMENT, "person_documents", "number", "NULL")	\
	X(PERSON_CONTACT, "person_contacts", "value", "NULL")		\
	X(NAME_KEYS, "person_name_keys", "keys", "NULL")		\
	X(NOTE_BODY, "notes", "body", "NULL")				\
	X(CASE_SUMMARY, "cases", "summary", "NULL")			\
	X(STEP_NOTE, "step_events", "note", "NULL")			\
	X(FACT_NOTE, "case_facts", "note", "NULL")			\
	X(IDENTIFIER_VALUE, "identifiers", "value", "kind")		\
	X(LINK_NOTE, "identifier_links", "note", "NULL")		\
	X(USER_TOTP, "users", "totp_secret", "NULL")			\
	X(IDENTIFIER_INDEX, "identifiers", "normalised", "kind")	\
	X(COUNSEL_PSEUDONYM, "counselling", "pseudonym", "NULL")	\
	X(COUNSEL_ROUTE, "counselling", "route", "NULL")		\
	X(COUNSEL_NOTES, "counselling", "notes", "NULL")		\
	X(COUNSEL_REFERRAL, "counselling", "referral_note", "NULL")	\
	X(COUNSEL_FULL_NAME, "counselling", "full_name", "NULL")	\
	X(COUNSEL_CONTACT, "counselling", "contact", "NULL")		\
	X(AWARENESS_FEEDBACK, "awareness_sessions", "feedback", "NULL")	\
	X(INTAKE_WHAT, "intake_reports", "what", "NULL")		\
	X(INTAKE_PLACE, "intake_reports", "place", "NULL")		\
	X(INTAKE_HAPPENED, "intake_reports", "happened", "NULL")	\
	X(INTAKE_AT_RISK, "intake_reports", "at_risk", "NULL")		\
	X(INTAKE_CONTACT_NAME, "intake_reports", "contact_name", "NULL") \
	X(INTAKE_CONTACT, "intake_reports", "contact", "NULL")		\
	X(INTAKE_CONTACT_TIMES, "intake_reports", "contact_times", "NULL")

enum store_sealed {
#define STORE_SEALED_ENUM(name, table, column, kind) STORE_SEALED_##name,
	STORE_SEALED_COLUMNS(STORE_SEALED_ENUM)
#undef STORE_SEALED_ENUM
	STORE_SEALED__MAX
};

/* "table.column" of a sealed column. */
const char	*store_sealed_field(enum store_sealed column);

/* A row's id and its value in a sealed column. */
struct store_sealed_value {
	int64_t		 id;
	const char	*kind;		/* identifiers only, else NULL */
	const char	*value;
};

/* Up to limit values of column, by id after after_id (NULLs skipped). */
int		 store_sealed_batch(struct store *st, enum store_sealed column,
		    int64_t after_id, int limit, struct arena *a,
		    struct store_sealed_value **rows, size_t *n,
		    struct err *err);
int		 store_sealed_update(struct store *st,
		    enum store_sealed column, int64_t id, const char *value,
		    struct err *err);

#endif
