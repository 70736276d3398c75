/* SPDX-License-Identifier: Apache-2.0 */
/* agency.c - agencies and users. */
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/agency.h"
#include "core/audit.h"
#include "core/caseref.h"
#include "core/ctx.h"
#include "core/input.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

#define PASSWORD_MIN	10
#define PASSWORD_MAX	256

struct agency_write {
	struct agency_row	*row;
};

static int
agency_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct agency_row *row = ((struct agency_write *)arg)->row;
	json_t *changes;
	int rc;

	if (store_agency_insert(ctx->store, row, err) == -1) {
		if (err->code == ERR_CONFLICT)
			err_set(err, ERR_CONFLICT, "code",
			    "agency %s already exists: choose another code",
			    row->code);
		return -1;
	}
	changes = json_pack("{s:s, s:s, s:s}", "code", row->code, "name",
	    row->name, "kind", enum_name(&agency_kind_desc, row->kind));
	rc = audit_append(ctx, &(struct audit_event){
		.action = "agency.add", .object_type = "agency",
		.object_id = row->code, .agency_id = row->id,
		.changes = changes }, err);
	json_decref(changes);
	return rc;
}

int
agency_add(struct ctx *ctx, const struct agency_input *in,
    struct agency_row *out, struct err *err)
{
	char now[TIMESTAMP_TEXT_SIZE];
	int kind;

	*out = (struct agency_row){ 0 };
	if (access_require(ctx, PERM_AGENCY_MANAGE, err) == -1 ||
	    caseref_check_agency_code(in->code, "code", err) == -1)
		return -1;
	kind = input_enum(in->kind, &agency_kind_desc, -1, "kind", err);
	if (kind < 0)
		return -1;
	if (input_text(ctx, in->name, INPUT_NAME_MAX, TEXT_REQUIRED, "name",
	    &out->name, err) == -1)
		return -1;
	date_now_timestamp(now);
	out->code = arena_strdup(ctx->arena, in->code);
	out->kind = kind;
	out->created_at = arena_strdup(ctx->arena, now);
	return ctx_transaction(ctx, agency_write,
	    &(struct agency_write){ out }, err);
}

int
agency_find(struct ctx *ctx, const char *code, const char *field,
    struct agency_row *row, struct err *err)
{
	if (!code || !*code)
		return err_set(err, ERR_INVALID, field,
		    "%s is missing: give the agency code", field);
	if (store_agency_by_code(ctx->store, code, ctx->arena, row,
	    err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, field,
			    "agency \"%.32s\" not found: check the code in "
			    "the list of agencies", code);
		return -1;
	}
	return 0;
}

int
agency_list(struct ctx *ctx, struct agency_row **rows, size_t *n,
    struct err *err)
{
	/* Agency names are not sensitive: anyone may see the directory. */
	return store_agency_list(ctx->store, ctx->arena, rows, n, err);
}

int
user_check_username(const char *username, struct err *err)
{
	size_t len = username ? strlen(username) : 0;

	if (len < 3 || len > 32 || username[0] < 'a' || username[0] > 'z')
		goto bad;
	for (size_t i = 0; i < len; i++) {
		char c = username[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-'))
			goto bad;
	}
	return 0;
bad:
	return err_set(err, ERR_INVALID, "username",
	    "username \"%.40s\" is not valid: use 3 to 32 lower-case "
	    "letters, digits, '.', '_' or '-', starting with a letter",
	    username ? username : "");
}

int
user_check_password(const char *username, const char *password,
    struct err *err)
{
	/* The handful that every password-guessing list starts with. */
	static const char *const common[] = { "password123", "1234567890",
	    "qwertyuiop", "password1234", "12345678910", "iloveyou123",
	    "administrator", "letmein1234", "0123456789", "passw0rd123" };
	size_t len = password ? strlen(password) : 0, bad, chars = 0, first;
	bool repeated = true;
	char lower[PASSWORD_MAX * 4 + 1];

	if (len == 0)
		return err_set(err, ERR_INVALID, "password",
		    "the password is empty: give one of at least %d "
		    "characters", PASSWORD_MIN);
	if (text_utf8_check(password, len, &bad) == -1)
		return err_set(err, ERR_INVALID, "password",
		    "the password is not valid UTF-8: type it again");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)password[i];

		if (c < 0x20 || c == 0x7f)
			return err_set(err, ERR_INVALID, "password",
			    "the password contains a control character: "
			    "leave it out");
		if ((c & 0xC0) != 0x80)
			chars++;
	}
	/* "One character repeated" compares characters, not bytes. */
	for (first = 1; first < len &&
	    ((unsigned char)password[first] & 0xC0) == 0x80; first++)
		;
	for (size_t i = 0; i < len && repeated; i += first)
		if (len - i < first || memcmp(password + i, password, first))
			repeated = false;
	if (chars < PASSWORD_MIN || chars > PASSWORD_MAX)
		return err_set(err, ERR_INVALID, "password",
		    "the password has %zu characters: use %d to %d (a "
		    "sentence is easier to remember)", chars, PASSWORD_MIN,
		    PASSWORD_MAX);
	if (repeated)
		return err_set(err, ERR_INVALID, "password",
		    "the password is one character repeated: choose another");
	/* Usernames are lower case; so is this copy, for the comparison. */
	memcpy(lower, password, len + 1);
	text_ascii_lower(lower);
	if (username && *username && strstr(lower, username))
		return err_set(err, ERR_INVALID, "password",
		    "the password contains the username: choose another");
	for (size_t i = 0; i < ARRAY_SIZE(common); i++)
		if (STREQ(password, common[i]))
			return err_set(err, ERR_INVALID, "password",
			    "the password is a commonly used one: choose "
			    "another");
	return 0;
}

struct user_write {
	struct user_row	*row;
	const char	*hash;
};

static int
user_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct user_write *w = arg;
	json_t *changes;
	int rc;

	if (store_user_insert(ctx->store, w->row, w->hash, err) == -1) {
		if (err->code == ERR_CONFLICT)
			err_set(err, ERR_CONFLICT, "username",
			    "user %s already exists: choose another username",
			    w->row->username);
		return -1;
	}
	changes = json_pack("{s:s, s:s, s:s}", "username", w->row->username,
	    "agency", w->row->agency_code, "role", role_name(w->row->role));
	rc = audit_append(ctx, &(struct audit_event){
		.action = "user.add", .object_type = "user",
		.object_id = w->row->username, .agency_id = w->row->agency_id,
		.changes = changes }, err);
	json_decref(changes);
	return rc;
}

int
user_add(struct ctx *ctx, const struct user_input *in, struct user_row *out,
    struct err *err)
{
	struct agency_row agency;
	char hash[VAULT_PWHASH_SIZE];
	char now[TIMESTAMP_TEXT_SIZE];
	int role;

	*out = (struct user_row){ 0 };
	if (access_require(ctx, PERM_USER_MANAGE, err) == -1 ||
	    user_check_username(in->username, err) == -1)
		return -1;
	role = input_enum(in->role, &role_desc, -1, "role", err);
	if (role < 0)
		return -1;
	if (ctx->actor.system && role != ROLE_ADMIN)
		return err_set(err, ERR_INVALID, "role",
		    "the first user must be an admin: use --role admin, then "
		    "add the others as that admin");
	if (input_text(ctx, in->full_name, INPUT_NAME_MAX, 0, "full_name",
	    &out->full_name, err) == -1 ||
	    agency_find(ctx, in->agency, "agency", &agency, err) == -1)
		return -1;
	if (user_check_password(in->username, in->password, err) == -1 ||
	    vault_password_hash(ctx->vault, in->password, hash, err) == -1)
		return -1;
	date_now_timestamp(now);
	out->agency_id = agency.id;
	out->agency_code = agency.code;
	out->username = arena_strdup(ctx->arena, in->username);
	out->role = role;
	out->active = true;
	out->created_at = arena_strdup(ctx->arena, now);
	return ctx_transaction(ctx, user_write,
	    &(struct user_write){ out, hash }, err);
}

int
user_list(struct ctx *ctx, const char *agency, int limit, int offset,
    struct user_row **rows, size_t *n, struct err *err)
{
	struct agency_row a = { 0 };

	if (access_require(ctx, PERM_USER_MANAGE, err) == -1)
		return -1;
	if (agency && *agency &&
	    agency_find(ctx, agency, "agency", &a, err) == -1)
		return -1;
	if (limit < 0 || offset < 0)
		return err_set(err, ERR_INVALID, "limit",
		    "limit and offset cannot be negative");
	return store_user_list(ctx->store, a.id, limit, offset, ctx->arena,
	    rows, n, err);
}

struct passwd_write {
	const struct user_row	*user;
	const char		*hash;
	const char		*at;
	const char		*keep_session;	/* token hash, or NULL */
};

static int
passwd_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct passwd_write *w = arg;

	/* A new password ends the sessions the old one opened. */
	if (store_user_set_password(ctx->store, w->user->id, w->hash, w->at,
	    err) == -1 ||
	    store_session_delete_user(ctx->store, w->user->id,
	    w->keep_session, err) == -1)
		return -1;
	return audit_append(ctx, &(struct audit_event){
		.action = "user.password", .object_type = "user",
		.object_id = w->user->username,
		.agency_id = w->user->agency_id }, err);
}

int
user__managed(struct ctx *ctx, const char *username, struct user_row *u,
    struct err *err)
{
	if (!username || !*username)
		username = ctx->actor.username;
	if (ctx->actor.system || !STREQ(username, ctx->actor.username)) {
		if (access_require(ctx, PERM_USER_MANAGE, err) == -1)
			return -1;
	}
	if (store_user_by_username(ctx->store, username, ctx->arena, u,
	    err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "username",
			    "user \"%.40s\" not found: check the username",
			    username);
		return -1;
	}
	return 0;
}

int
user__set_password(struct ctx *ctx, const struct user_row *u,
    const char *password, const char *keep_session, struct err *err)
{
	char hash[VAULT_PWHASH_SIZE];
	char now[TIMESTAMP_TEXT_SIZE];

	if (user_check_password(u->username, password, err) == -1 ||
	    vault_password_hash(ctx->vault, password, hash, err) == -1)
		return -1;
	date_now_timestamp(now);
	return ctx_transaction(ctx, passwd_write,
	    &(struct passwd_write){ u, hash, now, keep_session }, err);
}

int
user_passwd(struct ctx *ctx, const char *username, const char *password,
    struct err *err)
{
	struct user_row u;

	if (user__managed(ctx, username, &u, err) == -1)
		return -1;
	return user__set_password(ctx, &u, password, NULL, err);
}

/*
 * The languages the web interface ships (web/locales/: a test keeps the
 * two lists equal).  A user may choose one of these, or none.
 */
static const char *const interface_languages[] = {
	"en", "ar", "ckb",	/* interface languages */
};

struct language_write {
	struct user_row	*user;
};

static int
language_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct language_write *w = arg;
	json_t *changes;
	int rc;

	if (store_user_set_language(ctx->store, w->user->id,
	    w->user->language, err) == -1)
		return -1;
	changes = json_pack("{s:o}", "language", w->user->language ?
	    json_string(w->user->language) : json_null());
	rc = audit_append(ctx, &(struct audit_event){
		.action = "user.language", .object_type = "user",
		.object_id = w->user->username,
		.agency_id = w->user->agency_id, .changes = changes }, err);
	json_decref(changes);
	return rc;
}

int
user_set_language(struct ctx *ctx, const char *language,
    struct user_row *out, struct err *err)
{
	bool known = false;

	if (ctx->actor.system)
		return err_set(err, ERR_FORBIDDEN, "as", "the system has no "
		    "language to choose: act as a user");
	for (size_t i = 0; language && i < ARRAY_SIZE(interface_languages);
	    i++)
		known = known || STREQ(language, interface_languages[i]);
	if (language && !known)
		return err_set(err, ERR_INVALID, "language", "language "
		    "\"%.16s\" is not one the interface speaks: choose en, "
		    "ar or ckb", language);
	if (user__managed(ctx, NULL, out, err) == -1)
		return -1;
	out->language = language ? arena_strdup(ctx->arena, language) : NULL;
	return ctx_transaction(ctx, language_write,
	    &(struct language_write){ out }, err);
}
