/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_int.h - inside the store: statements, the driver vtable, helpers.
 *
 * Only files of src/store include this.  The entity functions of store.h
 * are written once (store_agency.c, store_case.c, ...) against the small
 * statement API below.  Every enum stmt has its SQL in one table
 * (store_sql.c), which a driver overrides where its dialect differs; each
 * driver implements the vtable.
 */
#ifndef TIPSOM_STORE_INT_H
#define TIPSOM_STORE_INT_H

#include <stdint.h>

#include "base/embed.h"
#include "store/store.h"

enum stmt {
	STMT_AGENCY_INSERT,
	STMT_AGENCY_BY_CODE,
	STMT_AGENCY_BY_ID,
	STMT_AGENCY_LIST,
	STMT_USER_INSERT,
	STMT_USER_BY_USERNAME,
	STMT_USER_BY_ID,
	STMT_USER_PASSWORD_HASH,
	STMT_USER_SET_PASSWORD,
	STMT_USER_LIST,
	STMT_USER_COUNT,
	STMT_CASE_NEXT_NUMBER,
	STMT_CASE_INSERT,
	STMT_CASE_BY_REF,
	STMT_CASE_LIST,
	STMT_CASE_LIST_AGENCY,
	STMT_CASE_LIST_STATUS,
	STMT_CASE_LIST_KIND,
	STMT_CASE_LIST_STATUS_KIND,
	STMT_CASE_LIST_WITH_SHARED,
	STMT_CASE_LIST_WITH_SHARED_STATUS,
	STMT_CASE_LIST_WITH_SHARED_KIND,
	STMT_CASE_LIST_WITH_SHARED_STATUS_KIND,
	STMT_CASE_LIST_SHARED_BY,
	STMT_CASE_LIST_SEARCH,
	STMT_CASE_LIST_LED,
	STMT_PROVIDER_INSERT,
	STMT_PROVIDER_UPDATE,
	STMT_PROVIDER_BY_CODE,
	STMT_PROVIDER_LIST,
	STMT_REFERRAL_INSERT,
	STMT_REFERRAL_UPDATE,
	STMT_REFERRAL_EVENT_INSERT,
	STMT_REFERRAL_BY_ID,
	STMT_REFERRAL_LIST,
	STMT_REFERRAL_EVENTS,
	STMT_REFERRAL_FIRST_ACCEPTED,
	STMT_COOPERATION_INSERT,
	STMT_COOPERATION_UPDATE,
	STMT_COOPERATION_EVENT_INSERT,
	STMT_COOPERATION_BY_ID,
	STMT_COOPERATION_LIST,
	STMT_COOPERATION_EVENTS,
	STMT_COOPERATION_MOVE_CASE,
	STMT_CASE_LIST_SHARED_WITH,
	STMT_CASE_SHARE_INSERT,
	STMT_CASE_SHARE_LIVE,
	STMT_CASE_SHARE_LIST,
	STMT_CASE_SHARE_GET,
	STMT_CASE_SHARE_REVOKE,
	STMT_CASE_TRANSFER,
	STMT_CASE_TRANSFER_INSERT,
	STMT_CASE_TRANSFER_LIST,
	STMT_PERSON_SHARED_ROLES,
	STMT_CASE_CLOSE,
	STMT_CASE_SET_SOP,
	STMT_CASE_SET_KIND,
	STMT_NOTE_INSERT,
	STMT_NOTE_LIST,
	STMT_PERSON_NEXT_ID,
	STMT_PERSON_INSERT,
	STMT_PERSON_INSERT_MANY,
	STMT_PERSON_BY_ID,
	STMT_PERSON_NAME_INSERT,
	STMT_PERSON_NAME_INSERT_MANY,
	STMT_PERSON_NAMES,
	STMT_PERSON_NATIONALITY_INSERT,
	STMT_PERSON_NATIONALITY_INSERT_MANY,
	STMT_PERSON_NATIONALITIES,
	STMT_PERSON_LANGUAGE_INSERT,
	STMT_PERSON_LANGUAGE_INSERT_MANY,
	STMT_PERSON_LANGUAGES,
	STMT_PERSON_DOCUMENT_INSERT,
	STMT_PERSON_DOCUMENT_INSERT_MANY,
	STMT_PERSON_DOCUMENTS,
	STMT_PERSON_CONTACT_INSERT,
	STMT_PERSON_CONTACT_INSERT_MANY,
	STMT_PERSON_CONTACTS,
	STMT_PERSON_VISIBLE,
	STMT_PERSONS_VISIBLE_MANY,
	STMT_PERSONS_MERGED_INTO_MANY,
	STMT_PERSONS_SHARED_ROLES_MANY,
	STMT_CASE_PERSON_INSERT,
	STMT_CASE_PERSON_LIST,
	STMT_AUDIT_LAST,
	STMT_AUDIT_INSERT,
	STMT_AUDIT_HEAD_SET,
	STMT_AUDIT_HEAD,
	STMT_AUDIT_SCAN,
	STMT_AUDIT_LIST,
	STMT_DEFINITION_INSERT,
	STMT_DEFINITION_GET,
	STMT_DEFINITION_LATEST,
	STMT_DEFINITION_NEWEST_VERSION,
	STMT_DEFINITION_LIST,
	STMT_STEP_EVENT_INSERT,
	STMT_STEP_EVENT_LIST,
	STMT_CASE_FACT_INSERT,
	STMT_CASE_FACT_LIST,
	STMT_SCREENING_INSERT,
	STMT_SCREENING_LIST,
	STMT_ASSESSMENT_INSERT,
	STMT_ASSESSMENT_LATEST,
	STMT_ASSESSMENT_DECIDE,
	STMT_LOGIN_STATE,
	STMT_LOGIN_FAILED,
	STMT_LOGIN_SUCCEEDED,
	STMT_USER_SET_TOTP,
	STMT_USER_SET_LANGUAGE,
	STMT_SESSION_INSERT,
	STMT_SESSION_GET,
	STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_USER,
	STMT_CASE_BY_ID,
	STMT_PERSON_CASE_LIST,
	STMT_IDENTIFIER_PUT,
	STMT_LINK_INSERT,
	STMT_LINK_REMOVE,
	STMT_LINK_BY_ID,
	STMT_LINK_LIST_CASE,
	STMT_LINK_LIST_PERSON,
	STMT_LINK_LIST_IDENTIFIER,
	STMT_CALL_IMPORT_INSERT,
	STMT_CALL_INSERT,
	STMT_CALL_PAIRS,
	STMT_LINKS_COUNTS,
	STMT_NAME_KEYS_INSERT,
	STMT_NAME_KEYS_INSERT_MANY,
	STMT_NAME_KEYS_SINCE,
	STMT_PERSONS_WITHOUT_KEYS,
	STMT_MERGE_INSERT,
	STMT_MERGE_NOTE_FOLDED_ROLES,
	STMT_MERGE_FOLD_ROLES,
	STMT_MERGE_NOTE_ROLES,
	STMT_MERGE_ROLES,
	STMT_MERGE_NOTE_FACTS,
	STMT_MERGE_FACTS,
	STMT_MERGE_NOTE_SCREENINGS,
	STMT_MERGE_SCREENINGS,
	STMT_MERGE_NOTE_REFERRALS,
	STMT_MERGE_REFERRALS,
	STMT_MERGE_NOTE_FOLDED_LINKS,
	STMT_MERGE_FOLD_LINKS,
	STMT_MERGE_NOTE_LINKS,
	STMT_MERGE_LINKS,
	STMT_UNMERGE_ROLES,
	STMT_UNMERGE_FOLDED_ROLES,
	STMT_UNMERGE_FACTS,
	STMT_UNMERGE_SCREENINGS,
	STMT_UNMERGE_REFERRALS,
	STMT_UNMERGE_LINKS,
	STMT_UNMERGE_FOLDED_LINKS,
	STMT_MERGE_UNDO,
	STMT_PERSON_SET_MERGED_INTO,
	STMT_PERSON_MERGED_FROM,
	STMT_PERSONS_MERGED,
	STMT_MERGE_LIVE,
	STMT_MERGE_LIST,
	STMT_DISTINCT_INSERT,
	STMT_DISTINCT_ALL,
	STMT_PERSON_TOKENS,
	STMT_PERSON_TRAITS,
	STMT_HTCDS_VICTIMS,
	STMT_CASE_SET_ROUTE,
	STMT_STATS_PERSONS,
	STMT_STATS_REFERRALS,
	STMT_STATS_CASES,
	STMT_IMPORT_ROW_FIND,
	STMT_IMPORT_ROW_INSERT,
	STMT_IMPORT_ROW_INSERT_MANY,
	STMT_IMPORT_SOURCE_FIND,
	STMT_IMPORT_SOURCE_USED,
	STMT_EXPORT_PERSONS,
	STMT_EXPORT_CASES,
	STMT_TRAINING_MARK,
	STMT_TRAINING_IS,
	STMT_EXERCISE_GROUP_INSERT,
	STMT_EXERCISE_GROUP_GET,
	STMT_EXERCISE_GROUP_LIST,
	STMT_EXERCISE_GROUP_CLOSE,
	STMT_EXERCISE_INSERT,
	STMT_EXERCISE_PERSON_INSERT,
	STMT_EXERCISE_GET,
	STMT_EXERCISE_BY_CASE,
	STMT_EXERCISE_LIST_TRAINEE,
	STMT_EXERCISE_LIST_GROUP,
	STMT_EXERCISE_LIST_AGENCY,
	STMT_EXERCISE_FINISH,
	STMT_EXERCISE_PERSONS,
	STMT_EXERCISE_REFUSAL_INSERT,
	STMT_EXERCISE_REFUSALS,
	STMT_COURSE_INSERT,
	STMT_COURSE_MODULE_INSERT,
	STMT_COURSE_GET,
	STMT_COURSE_BY_CODE,
	STMT_COURSE_LIST,
	STMT_COURSE_MODULES,
	STMT_PARTICIPANT_INSERT,
	STMT_PARTICIPANT_GET,
	STMT_PARTICIPANT_LIST,
	STMT_COURSE_SESSION_INSERT,
	STMT_COURSE_SESSION_GET,
	STMT_COURSE_SESSION_LIST,
	STMT_SESSION_TRAINER_INSERT,
	STMT_SESSION_TRAINERS,
	STMT_ENROLMENT_INSERT,
	STMT_ENROLMENT_UPDATE,
	STMT_ENROLMENT_GET,
	STMT_ENROLMENTS,
	STMT_CERTIFICATE_INSERT,
	STMT_CERTIFICATE_BY_CODE,
	STMT_SESSION_LINKS,
	STMT_PARTICIPANT_ALL,
	STMT_COURSE_SESSION_ALL,
	STMT_AWARENESS_INSERT,
	STMT_AWARENESS_UPDATE,
	STMT_AWARENESS_GET,
	STMT_AWARENESS_LIST,
	STMT_AWARENESS_ORGANISERS_CLEAR,
	STMT_AWARENESS_ORGANISER_INSERT,
	STMT_AWARENESS_ORGANISERS,
	STMT_AWARENESS_MATERIALS_CLEAR,
	STMT_AWARENESS_MATERIAL_INSERT,
	STMT_AWARENESS_MATERIALS,
	STMT_STATS_AWARENESS,
	STMT_STATS_AWARENESS_ORGANISERS,
	STMT_KEY_WRAP_GET,
	STMT_KEY_WRAP_PUT,
	STMT_FIELD_KEYS,
	STMT_FIELD_KEY_INSERT,
	STMT_FIELD_KEY_REWRAP,
	STMT_COUNSELLING_INSERT,
	STMT_COUNSELLING_UPDATE,
	STMT_COUNSELLING_GET,
	STMT_COUNSELLING_LIST,
	STMT_STATS_COUNSELLING,
	STMT_INTAKE_NEXT_NUMBER,
	STMT_INTAKE_INSERT,
	STMT_INTAKE_BY_REF,
	STMT_INTAKE_LIST,
	STMT_INTAKE_ACKNOWLEDGE,
	STMT_INTAKE_LINK_INSERT,
	STMT_INTAKE_UNLINK,
	STMT_INTAKE_LINKS,
	/* One of each per sealed column, by enum store_sealed. */
	STMT_SEALED_READ,
	STMT_SEALED_WRITE = STMT_SEALED_READ + STORE_SEALED__MAX,
	STMT__MAX = STMT_SEALED_WRITE + STORE_SEALED__MAX
};

enum store_tx {
	STORE_TX_READ,		/* a read-only transaction, at depth 1 */
	STORE_TX_BEGIN,
	STORE_TX_COMMIT,
	STORE_TX_ROLLBACK,
};

struct store__table;

struct store_driver {
	const char	*scheme;	/* "sqlite" in "sqlite:PATH" */
	const struct embedded_file *migrations;	/* NNNN_name.sql, sorted */

	int		(*open)(struct store *st, const char *target,
			    const struct store_options *opt, unsigned flags,
			    struct err *err);
	void		(*close)(struct store *st);
	int		(*schema_version)(struct store *st, int *version,
			    struct err *err);
	/* Runs a script of several statements (a migration), in the open
	 * transaction. */
	int		(*exec)(struct store *st, const char *script,
			    struct err *err);
	/*
	 * Around the migrations' transaction, optional: relax() what a
	 * script may need relaxed (SQLite: foreign keys, so that a table can
	 * be rebuilt), check() it holds again before the commit, restore()
	 * it after the commit or the rollback.
	 */
	int		(*migrate_relax)(struct store *st, struct err *err);
	int		(*migrate_check)(struct store *st, struct err *err);
	void		(*migrate_restore)(struct store *st);
	int		(*prepare_all)(struct store *st, struct err *err);
	/* depth 1 is the outermost transaction, deeper ones savepoints. */
	int		(*tx)(struct store *st, enum store_tx op, int depth,
			    struct err *err);

	/* Positions and columns count from 1 and 0, as in SQLite. */
	void		(*bind_int)(struct store *st, enum stmt id, int pos,
			    int64_t v);
	/* NULL binds SQL NULL.  bind_text copies s; bind_text_kept reads
	 * it when the statement runs, so s must last until the reset. */
	void		(*bind_text)(struct store *st, enum stmt id, int pos,
			    const char *s);
	void		(*bind_text_kept)(struct store *st, enum stmt id,
			    int pos, const char *s);
	/* 1: a row is ready; 0: done; -1: failed (the statement is reset) */
	int		(*step)(struct store *st, enum stmt id, struct err *err);
	bool		(*col_null)(struct store *st, enum stmt id, int col);
	int64_t		(*col_int)(struct store *st, enum stmt id, int col);
	/* Valid until the next step or reset; NULL for SQL NULL. */
	const char	*(*col_text)(struct store *st, enum stmt id, int col);
	/* Ends the statement's run and clears its bindings. */
	void		(*reset)(struct store *st, enum stmt id);

	/*
	 * Backups, optional (store.h store_snapshot(), store_restore()):
	 * a consistent image of the open store, in memory freed with
	 * image_free(); and a new store at target made from an image,
	 * checked first.
	 */
	int		(*snapshot)(struct store *st, unsigned char **image,
			    size_t *n, struct err *err);
	void		(*image_free)(unsigned char *image);
	int		(*restore)(const char *target,
			    const unsigned char *image, size_t n,
			    struct err *err);

	/*
	 * Copying a whole store (store.h store_copy()), optional.
	 * tables(): the store's tables but schema_migrations, each with
	 * the tables its foreign keys refer to (a copy's source needs it).
	 * scan(): every row of table, each as the texts of its columns
	 * (NULL for SQL NULL), handed to fn with the columns' names; fn
	 * returning -1 stops it.  write_begin(), write_row(), write_end():
	 * rows added to table in the open transaction, ids as given (a
	 * copy's target); write_done() then makes the store give new ids
	 * after the largest copied.
	 */
	int		(*tables)(struct store *st, struct arena *a,
			    struct store__table **tables, size_t *n,
			    struct err *err);
	int		(*scan)(struct store *st, const char *table,
			    int (*fn)(void *arg, int ncols,
			    const char *const *names,
			    const char *const *values, struct err *err),
			    void *arg, struct err *err);
	int		(*write_begin)(struct store *st, const char *table,
			    int ncols, const char *const *names,
			    struct err *err);
	int		(*write_row)(struct store *st, int ncols,
			    const char *const *values, struct err *err);
	int		(*write_end)(struct store *st, struct err *err);
	int		(*write_done)(struct store *st, struct err *err);
};

/* A table and the tables its foreign keys refer to. */
struct store__table {
	const char	 *name;
	const char	**refers;
	size_t		  n_refers;
};

struct store {
	const struct store_driver *drv;
	void		*impl;		/* the driver's connection state */
	int		 tx_depth;
	bool		 reading;	/* store_read_begin() */
	int64_t		 fault_at;	/* store_fault.h; 0: off */
	int64_t		 steps;		/* statements run since fault_after */
};

extern const struct store_driver store__sqlite_driver;
extern const struct store_driver store__pg_driver;

/* Every statement's SQL (store_sql.c), which a driver may override. */
extern const char *const store__sql[STMT__MAX];

/* The statement API the entity functions use; see the vtable above. */
void		 store__bind_int(struct store *st, enum stmt id, int pos,
		    int64_t v);
void		 store__bind_text(struct store *st, enum stmt id, int pos,
		    const char *s);
/*
 * store__bind_text() without the copy, for the bulk writes, which bind
 * thousands of values of rows their caller holds: s must stay as it is
 * until the statement is reset.
 */
void		 store__bind_text_kept(struct store *st, enum stmt id, int pos,
		    const char *s);
int		 store__step(struct store *st, enum stmt id, struct err *err);
int64_t		 store__int(struct store *st, enum stmt id, int col);
bool		 store__null(struct store *st, enum stmt id, int col);
/* A copy of the column in a, or NULL for SQL NULL. */
char		*store__text(struct store *st, enum stmt id, int col,
		    struct arena *a);
void		 store__reset(struct store *st, enum stmt id);

/*
 * The value of a vocabulary column.  The schema checks these columns, so
 * an unknown text means the store was edited around tipsom: it reads as
 * fallback, the value with the least rights or meaning.
 */
int		 store__enum(struct store *st, enum stmt id, int col,
		    const struct enum_desc *d, int fallback);

/*
 * Runs a statement that changes rows and returns nothing: step to done,
 * reset.  Returns 0 or -1.
 */
int		 store__exec(struct store *st, enum stmt id, struct err *err);

/*
 * Runs a statement expected to return exactly one row and leaves it
 * ready to read; the caller resets it.  ERR_NOT_FOUND with "what not
 * found" when there is none.
 */
int		 store__one(struct store *st, enum stmt id, const char *what,
		    struct err *err);
/* store__one() for a statement whose one row is one integer (an id, a
 * count, a RETURNING): into *out, the statement reset. */
int		 store__one_int(struct store *st, enum stmt id, const char *what,
		    int64_t *out, struct err *err);

/*
 * store__one(), then fn reads the row into *row, and the statement is
 * reset: a read by key.
 */
int		 store__get(struct store *st, enum stmt id, const char *what,
		    struct arena *a, void *row,
		    void (*fn)(struct store *st, enum stmt id,
		    struct arena *a, void *row), struct err *err);

/*
 * Runs an UPDATE ... WHERE ... AND version = ?  RETURNING version, and
 * sets *version to the new one.  Returns 0, 1 when no row had the
 * version (the caller says what changed meanwhile), or -1.
 */
int		 store__update_versioned(struct store *st, enum stmt id,
		    int64_t *version, struct err *err);

/*
 * Reads every row of a statement into an arena array: fn fills element
 * i from the current row.  Resets the statement.
 */
/* A case row of a statement selecting store_sql.c's CASE_COLUMNS. */
void		 store__read_case(struct store *st, enum stmt id,
		    struct arena *a, void *row);

int		 store__all(struct store *st, enum stmt id, struct arena *a,
		    void **rows, size_t *n, size_t size,
		    void (*fn)(struct store *st, enum stmt id,
		    struct arena *a, void *row), struct err *err);

/*
 * Writes in bulk.  Each statement STMT_X_INSERT that an import runs for
 * every row has a twin STMT_X_INSERT_MANY: the same INSERT with
 * STORE_BATCH_ROWS rows of values, so that SQLite starts and ends a run,
 * opens its cursors and seeks the end of each b-tree once for many rows
 * (the schema's CHECK lists it still builds for every row).  A batch
 * collects rows and writes them that way when it is full;
 * store__batch_finish() writes the rest one statement each.
 *
 * bind(st, id, pos, owner, item, arg) binds one row's values from
 * position pos (1 for the one-row statement) and returns how many it
 * bound.  owner is what the rows belong to (a person's id), item the row
 * (a name, a code), arg the same for every row; the batch keeps the
 * pointers, not copies, until it has written them.
 */
#define STORE_BATCH_ROWS	64

struct store__batch {
	struct store	*st;
	enum stmt	 one, many;
	int		(*bind)(struct store *st, enum stmt id, int pos,
			    int64_t owner, const void *item, const void *arg);
	const void	*arg;
	size_t		 n;
	int64_t		 owner[STORE_BATCH_ROWS];
	const void	*item[STORE_BATCH_ROWS];
};

void		 store__batch_init(struct store__batch *b, struct store *st,
		    enum stmt one, enum stmt many,
		    int (*bind)(struct store *st, enum stmt id, int pos,
		    int64_t owner, const void *item, const void *arg),
		    const void *arg);
/* Adds a row, writing the batch when it is full. */
int		 store__batch_add(struct store__batch *b, int64_t owner,
		    const void *item, struct err *err);
/* Writes the rows still waiting. */
int		 store__batch_finish(struct store__batch *b, struct err *err);

#endif
