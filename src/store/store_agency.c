/* SPDX-License-Identifier: Apache-2.0 */
/* store_agency.c - agencies and users. */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

static void
read_agency(struct store *st, enum stmt id, struct arena *a, void *out)
{
	struct agency_row *row = out;

	row->id = store__int(st, id, 0);
	row->code = store__text(st, id, 1, a);
	row->name = store__text(st, id, 2, a);
	row->kind = store__enum(st, id, 3, &agency_kind_desc,
	    AGENCY_KIND_OTHER);
	row->created_at = store__text(st, id, 4, a);
}

int
store_agency_insert(struct store *st, struct agency_row *row,
    struct err *err)
{
	enum stmt id = STMT_AGENCY_INSERT;

	store__bind_text(st, id, 1, row->code);
	store__bind_text(st, id, 2, row->name);
	store__bind_text(st, id, 3, enum_name(&agency_kind_desc, row->kind));
	store__bind_text(st, id, 4, row->created_at);
	return store__one_int(st, id, "agency", &row->id, err);
}

static int
agency_get(struct store *st, enum stmt id, struct arena *a,
    struct agency_row *row, struct err *err)
{
	if (store__one(st, id, "agency", err) == -1)
		return -1;
	read_agency(st, id, a, row);
	store__reset(st, id);
	return 0;
}

int
store_agency_by_code(struct store *st, const char *code, struct arena *a,
    struct agency_row *row, struct err *err)
{
	store__bind_text(st, STMT_AGENCY_BY_CODE, 1, code);
	return agency_get(st, STMT_AGENCY_BY_CODE, a, row, err);
}

int
store_agency_by_id(struct store *st, int64_t id, struct arena *a,
    struct agency_row *row, struct err *err)
{
	store__bind_int(st, STMT_AGENCY_BY_ID, 1, id);
	return agency_get(st, STMT_AGENCY_BY_ID, a, row, err);
}

int
store_agency_list(struct store *st, struct arena *a, struct agency_row **rows,
    size_t *n, struct err *err)
{
	return store__all(st, STMT_AGENCY_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_agency, err);
}

/* The USER_COLUMNS of a row, from its column first on. */
static void
read_user_at(struct store *st, enum stmt id, int first, struct arena *a,
    struct user_row *row)
{
	row->id = store__int(st, id, first);
	row->agency_id = store__int(st, id, first + 1);
	row->agency_code = store__text(st, id, first + 2, a);
	row->username = store__text(st, id, first + 3, a);
	row->full_name = store__text(st, id, first + 4, a);
	/* An unknown role reads as the one with no rights on cases. */
	row->role = store__enum(st, id, first + 5, &role_desc, ROLE_TRAINEE);
	row->active = store__int(st, id, first + 6) != 0;
	row->created_at = store__text(st, id, first + 7, a);
	row->language = store__text(st, id, first + 8, a);
	row->two_factor = store__int(st, id, first + 9) != 0;
}

static void
read_user(struct store *st, enum stmt id, struct arena *a, void *out)
{
	read_user_at(st, id, 0, a, out);
}

int
store_user_insert(struct store *st, struct user_row *row,
    const char *password_hash, struct err *err)
{
	enum stmt id = STMT_USER_INSERT;

	store__bind_int(st, id, 1, row->agency_id);
	store__bind_text(st, id, 2, row->username);
	store__bind_text(st, id, 3, row->full_name ? row->full_name : "");
	store__bind_text(st, id, 4, role_name(row->role));
	store__bind_text(st, id, 5, password_hash);
	store__bind_int(st, id, 6, row->active);
	store__bind_text(st, id, 7, row->created_at);
	return store__one_int(st, id, "user", &row->id, err);
}

static int
user_get(struct store *st, enum stmt id, struct arena *a,
    struct user_row *row, struct err *err)
{
	if (store__one(st, id, "user", err) == -1)
		return -1;
	read_user(st, id, a, row);
	store__reset(st, id);
	return 0;
}

int
store_user_by_username(struct store *st, const char *username,
    struct arena *a, struct user_row *row, struct err *err)
{
	store__bind_text(st, STMT_USER_BY_USERNAME, 1, username);
	return user_get(st, STMT_USER_BY_USERNAME, a, row, err);
}

int
store_user_by_id(struct store *st, int64_t id, struct arena *a,
    struct user_row *row, struct err *err)
{
	store__bind_int(st, STMT_USER_BY_ID, 1, id);
	return user_get(st, STMT_USER_BY_ID, a, row, err);
}

int
store_user_password_hash(struct store *st, int64_t id, struct arena *a,
    char **hash, struct err *err)
{
	store__bind_int(st, STMT_USER_PASSWORD_HASH, 1, id);
	if (store__one(st, STMT_USER_PASSWORD_HASH, "user", err) == -1)
		return -1;
	*hash = store__text(st, STMT_USER_PASSWORD_HASH, 0, a);
	store__reset(st, STMT_USER_PASSWORD_HASH);
	return 0;
}

int
store_user_set_password(struct store *st, int64_t id,
    const char *password_hash, const char *at, struct err *err)
{
	store__bind_int(st, STMT_USER_SET_PASSWORD, 1, id);
	store__bind_text(st, STMT_USER_SET_PASSWORD, 2, password_hash);
	store__bind_text(st, STMT_USER_SET_PASSWORD, 3, at);
	return store__exec(st, STMT_USER_SET_PASSWORD, err);
}

int
store_user_list(struct store *st, int64_t agency_id, int limit, int offset,
    struct arena *a, struct user_row **rows, size_t *n, struct err *err)
{
	store__bind_int(st, STMT_USER_LIST, 1, agency_id);
	store__bind_int(st, STMT_USER_LIST, 2, limit > 0 ? limit : -1);
	store__bind_int(st, STMT_USER_LIST, 3, offset);
	return store__all(st, STMT_USER_LIST, a, (void **)rows, n,
	    sizeof(**rows), read_user, err);
}

int
store_user_count(struct store *st, int64_t *n, struct err *err)
{
	return store__one_int(st, STMT_USER_COUNT, "user count", n, err);
}

int
store_login_state(struct store *st, int64_t user_id, struct arena *a,
    struct login_state *out, struct err *err)
{
	enum stmt id = STMT_LOGIN_STATE;

	store__bind_int(st, id, 1, user_id);
	if (store__one(st, id, "user", err) == -1)
		return -1;
	out->failed = (int)store__int(st, id, 0);
	out->last_failed_at = store__text(st, id, 1, a);
	out->locked_until = store__text(st, id, 2, a);
	out->totp_secret = store__text(st, id, 3, a);
	out->totp_last_step = store__int(st, id, 4);
	store__reset(st, id);
	return 0;
}

int
store_login_failed(struct store *st, int64_t user_id, int failed,
    const char *at, const char *locked_until, struct err *err)
{
	enum stmt id = STMT_LOGIN_FAILED;

	store__bind_int(st, id, 1, user_id);
	store__bind_int(st, id, 2, failed);
	store__bind_text(st, id, 3, at);
	store__bind_text(st, id, 4, locked_until);
	return store__exec(st, id, err);
}

int
store_login_succeeded(struct store *st, int64_t user_id, int64_t totp_step,
    struct err *err)
{
	store__bind_int(st, STMT_LOGIN_SUCCEEDED, 1, user_id);
	store__bind_int(st, STMT_LOGIN_SUCCEEDED, 2, totp_step);
	return store__exec(st, STMT_LOGIN_SUCCEEDED, err);
}

int
store_user_set_totp(struct store *st, int64_t user_id, const char *secret,
    int64_t last_step, struct err *err)
{
	store__bind_int(st, STMT_USER_SET_TOTP, 1, user_id);
	store__bind_text(st, STMT_USER_SET_TOTP, 2, secret);
	store__bind_int(st, STMT_USER_SET_TOTP, 3, last_step);
	return store__exec(st, STMT_USER_SET_TOTP, err);
}

int
store_user_set_language(struct store *st, int64_t user_id,
    const char *language, struct err *err)
{
	store__bind_int(st, STMT_USER_SET_LANGUAGE, 1, user_id);
	store__bind_text(st, STMT_USER_SET_LANGUAGE, 2, language);
	return store__exec(st, STMT_USER_SET_LANGUAGE, err);
}

int
store_session_insert(struct store *st, const struct session_row *row,
    struct err *err)
{
	enum stmt id = STMT_SESSION_INSERT;

	store__bind_text(st, id, 1, row->token_hash);
	store__bind_int(st, id, 2, row->user_id);
	store__bind_text(st, id, 3, row->csrf);
	store__bind_text(st, id, 4, row->created_at);
	store__bind_text(st, id, 5, row->expires_at);
	return store__exec(st, id, err);
}

int
store_session_get(struct store *st, const char *token_hash, struct arena *a,
    struct session_row *row, struct user_row *user, struct err *err)
{
	enum stmt id = STMT_SESSION_GET;

	store__bind_text(st, id, 1, token_hash);
	if (store__one(st, id, "session", err) == -1)
		return -1;
	row->token_hash = store__text(st, id, 0, a);
	row->user_id = store__int(st, id, 1);
	row->csrf = store__text(st, id, 2, a);
	row->created_at = store__text(st, id, 3, a);
	row->last_seen_at = store__text(st, id, 4, a);
	row->expires_at = store__text(st, id, 5, a);
	if (user)
		read_user_at(st, id, 6, a, user);
	store__reset(st, id);
	return 0;
}

int
store_session_touch(struct store *st, const char *token_hash, const char *at,
    struct err *err)
{
	store__bind_text(st, STMT_SESSION_TOUCH, 1, token_hash);
	store__bind_text(st, STMT_SESSION_TOUCH, 2, at);
	return store__exec(st, STMT_SESSION_TOUCH, err);
}

int
store_session_delete(struct store *st, const char *token_hash,
    struct err *err)
{
	store__bind_text(st, STMT_SESSION_DELETE, 1, token_hash);
	return store__exec(st, STMT_SESSION_DELETE, err);
}

int
store_session_delete_user(struct store *st, int64_t user_id,
    const char *keep_hash, struct err *err)
{
	store__bind_int(st, STMT_SESSION_DELETE_USER, 1, user_id);
	store__bind_text(st, STMT_SESSION_DELETE_USER, 2, keep_hash);
	return store__exec(st, STMT_SESSION_DELETE_USER, err);
}
