/* SPDX-License-Identifier: Apache-2.0 */
/* provider.c - the directory of service providers. */
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
#include "core/ctx.h"
#include "core/input.h"
#include "core/provider.h"
#include "model/json.h"
#include "store/store.h"
#include "base/banned.h"

/* Beyond this a directory entry is a mistake, not a provider. */
#define PROVIDER_LANGUAGES_MAX	20
#define PROVIDER_CAPACITY_MAX	100000
#define PROVIDER_CONTACT_MAX	1000

#define PROVIDER_CODE_MAX	32

/* Like an agency code, but longer: ERB-WOMEN-SHELTER. */
static int
check_code(const char *code, struct err *err)
{
	size_t len = code ? strlen(code) : 0;
	bool ok = len >= 2 && len <= PROVIDER_CODE_MAX && code[0] >= 'A' &&
	    code[0] <= 'Z' && code[len - 1] != '-';

	for (size_t i = 0; ok && i < len; i++)
		ok = (code[i] >= 'A' && code[i] <= 'Z') ||
		    (code[i] >= '0' && code[i] <= '9') ||
		    (code[i] == '-' && code[i - 1] != '-');
	if (!ok)
		return err_set(err, ERR_INVALID, "code", "provider code "
		    "\"%.40s\" is not valid: use 2 to %d capital letters, "
		    "digits and single hyphens, like ERB-WOMEN-SHELTER",
		    code ? code : "", PROVIDER_CODE_MAX);
	return 0;
}

static int
input_languages(struct ctx *ctx, const struct provider_input *in,
    struct provider_row *row, struct err *err)
{
	if (in->n_languages > PROVIDER_LANGUAGES_MAX)
		return err_set(err, ERR_INVALID, "languages", "more than %d "
		    "languages: list those the staff work in",
		    PROVIDER_LANGUAGES_MAX);
	row->languages = arena_array(ctx->arena, in->n_languages + 1,
	    sizeof(*row->languages));
	row->n_languages = 0;
	for (size_t i = 0; i < in->n_languages; i++) {
		const char *tag;
		bool seen = false;

		if (!in->languages[i] || !*in->languages[i])
			return err_set(err, ERR_INVALID, "languages", "an empty "
			    "language: remove it");
		if (input_language(ctx, in->languages[i], "languages", &tag,
		    err) == -1)
			return -1;
		for (size_t j = 0; j < row->n_languages; j++)
			seen |= STREQ(row->languages[j], tag);
		if (!seen)
			row->languages[row->n_languages++] = tag;
	}
	return 0;
}

/*
 * Checks in's fields into row; with keep, absent ones leave row's as they
 * are (an update), else they are required or default (an addition).
 */
static int
input_provider(struct ctx *ctx, const struct provider_input *in, bool keep,
    struct provider_row *row, struct err *err)
{
	struct agency_row agency;

	if ((!keep || in->name) && input_text(ctx, in->name, INPUT_NAME_MAX,
	    TEXT_REQUIRED, "name", &row->name, err) == -1)
		return -1;
	if ((!keep || in->region) && input_text(ctx, in->region,
	    INPUT_NAME_MAX, TEXT_REQUIRED, "region", &row->region, err) == -1)
		return -1;
	if ((!keep || in->services) && input_enum_set(in->services,
	    in->n_services, &service_desc, true, "services", &row->services,
	    err) == -1)
		return -1;
	if ((!keep || in->accepts) && input_enum_set(in->accepts,
	    in->n_accepts, &client_group_desc, true, "accepts", &row->accepts,
	    err) == -1)
		return -1;
	if ((!keep || in->languages) && input_languages(ctx, in, row,
	    err) == -1)
		return -1;
	if (in->agency && *in->agency) {
		if (agency_find(ctx, in->agency, "agency", &agency, err) == -1)
			return -1;
		row->agency_id = agency.id;
		row->agency_code = agency.code;
	} else if (!keep || in->agency) {
		row->agency_id = 0;
		row->agency_code = NULL;
	}
	if (in->capacity != PROVIDER_KEEP || !keep) {
		if (in->capacity < -1 || in->capacity > PROVIDER_CAPACITY_MAX)
			return err_set(err, ERR_INVALID, "capacity", "capacity "
			    "is the number of people it takes at once: 0 to %d, "
			    "or none when not known", PROVIDER_CAPACITY_MAX);
		row->capacity = in->capacity == PROVIDER_KEEP ? -1 :
		    (int)in->capacity;
	}
	if ((!keep || in->contact) && input_text(ctx, in->contact,
	    PROVIDER_CONTACT_MAX, TEXT_MULTILINE, "contact", &row->contact,
	    err) == -1)
		return -1;
	if (in->active != PROVIDER_KEEP || !keep)
		row->active = in->active != 0;
	return 0;
}

struct provider_write {
	struct provider_row	*row;
	bool			 update;
	const char		*action;
};

static int
provider_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct provider_write *w = arg;
	json_t *changes;
	int rc;

	rc = w->update ? store_provider_update(ctx->store, w->row, err) :
	    store_provider_insert(ctx->store, w->row, err);
	if (rc == -1) {
		if (!w->update && err->code == ERR_CONFLICT)
			err_set(err, ERR_CONFLICT, "code", "provider %s already "
			    "exists: choose another code", w->row->code);
		return -1;
	}
	changes = provider_json(w->row);
	rc = audit_append(ctx, &(struct audit_event){
		.action = w->action, .object_type = "provider",
		.object_id = w->row->code, .agency_id = w->row->agency_id,
		.changes = changes }, err);
	json_decref(changes);
	return rc;
}

int
provider_add(struct ctx *ctx, const struct provider_input *in,
    struct provider_row *out, struct err *err)
{
	char now[TIMESTAMP_TEXT_SIZE];

	*out = (struct provider_row){ .capacity = -1, .active = true };
	if (access_require(ctx, PERM_PROVIDER_MANAGE, err) == -1 ||
	    check_code(in->code, err) == -1 ||
	    input_provider(ctx, in, false, out, err) == -1)
		return -1;
	date_now_timestamp(now);
	out->code = arena_strdup(ctx->arena, in->code);
	out->created_at = out->updated_at = arena_strdup(ctx->arena, now);
	return ctx_transaction(ctx, provider_write, &(struct provider_write){
	    .row = out, .action = "provider.add" }, err);
}

int
provider_update(struct ctx *ctx, const struct provider_input *in,
    int64_t version, struct provider_row *out, struct err *err)
{
	char now[TIMESTAMP_TEXT_SIZE];

	if (access_require(ctx, PERM_PROVIDER_MANAGE, err) == -1 ||
	    provider_find(ctx, in->code, "code", out, err) == -1)
		return -1;
	if (version != out->version)
		return err_set(err, ERR_CONFLICT, "version", "provider %s was "
		    "changed meanwhile (version %lld, not %lld): look at it "
		    "again", out->code, (long long)out->version,
		    (long long)version);
	if (input_provider(ctx, in, true, out, err) == -1)
		return -1;
	date_now_timestamp(now);
	out->updated_at = arena_strdup(ctx->arena, now);
	return ctx_transaction(ctx, provider_write, &(struct provider_write){
	    .row = out, .update = true, .action = "provider.update" }, err);
}

int
provider_find(struct ctx *ctx, const char *code, const char *field,
    struct provider_row *out, struct err *err)
{
	*out = (struct provider_row){ 0 };
	if (access_require(ctx, PERM_PROVIDER_READ, err) == -1)
		return -1;
	if (!code || !*code)
		return err_set(err, ERR_INVALID, field, "%s is missing: give "
		    "the provider's code", field);
	if (store_provider_by_code(ctx->store, code, ctx->arena, out,
	    err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, field, "provider \"%.32s\" "
			    "not found: check the code in the directory",
			    code);
		return -1;
	}
	return 0;
}

static bool
speaks(const struct provider_row *p, const char *language)
{
	for (size_t i = 0; i < p->n_languages; i++)
		if (STREQ(p->languages[i], language))
			return true;
	return false;
}

int
provider_list(struct ctx *ctx, const struct provider_filter *f,
    struct provider_row **rows, size_t *n, struct err *err)
{
	struct provider_row *all;
	size_t count, kept = 0;
	int service = -1, group = -1;
	const char *region = NULL;

	*rows = NULL;
	*n = 0;
	if (access_require(ctx, PERM_PROVIDER_READ, err) == -1)
		return -1;
	if (f->service && *f->service && (service = enum_parse(&service_desc,
	    f->service, "service", err)) < 0)
		return -1;
	if (f->accepts && *f->accepts && (group = enum_parse(
	    &client_group_desc, f->accepts, "accepts", err)) < 0)
		return -1;
	if (f->region && *f->region && input_text(ctx, f->region,
	    INPUT_NAME_MAX, 0, "region", &region, err) == -1)
		return -1;
	if (store_provider_list(ctx->store, ctx->arena, &all, &count,
	    err) == -1)
		return -1;
	/* A directory is a few hundred entries: filtered here, where
	 * the vocabularies are. */
	for (size_t i = 0; i < count; i++) {
		const struct provider_row *p = &all[i];

		if ((!p->active && !f->inactive_too) ||
		    (service >= 0 && !(p->services & ENUM_BIT(service))) ||
		    (group >= 0 && !(p->accepts & ENUM_BIT(group))) ||
		    (f->language && *f->language &&
		    !speaks(p, f->language)) ||
		    (region && !text_equal_folded(p->region, region)))
			continue;
		all[kept++] = *p;
	}
	*rows = all;
	*n = kept;
	return 0;
}

int
provider_accepts(const struct provider_row *p, enum service service,
    const struct provider_client *who, const char *field, struct err *err)
{
	enum client_group group;

	if (!p->active)
		return err_set(err, ERR_INVALID, field, "%s takes no referrals "
		    "now: choose another provider", p->code);
	if (!(p->services & ENUM_BIT(service)))
		return err_set(err, ERR_INVALID, field, "%s does not offer %s: "
		    "choose a provider that does", p->code,
		    enum_name(&service_desc, service));
	if (who->child)
		group = CLIENTS_CHILDREN;
	else if (who->family)
		group = CLIENTS_FAMILIES;
	else if (who->sex == SEX_FEMALE)
		group = CLIENTS_WOMEN;
	else if (who->sex == SEX_MALE)
		group = CLIENTS_MEN;
	else if (p->accepts & (ENUM_BIT(CLIENTS_WOMEN) |
	    ENUM_BIT(CLIENTS_MEN)))
		return 0;	/* an adult of another or unknown sex */
	else
		return err_set(err, ERR_INVALID, field, "%s takes only "
		    "children: an adult goes to another provider", p->code);
	if (!(p->accepts & ENUM_BIT(group)))
		return err_set(err, ERR_INVALID, field, "%s does not take %s: "
		    "choose a provider that does%s", p->code,
		    enum_name(&client_group_desc, group),
		    group == CLIENTS_CHILDREN ? " (a child's referral needs "
		    "one for children)" : "");
	return 0;
}

json_t *
provider_json(const struct provider_row *row)
{
	json_t *languages = json_array();

	for (size_t i = 0; i < row->n_languages; i++)
		json_array_append_new(languages,
		    json_string(row->languages[i]));
	return json_pack("{s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o, "
	    "s:b, s:s, s:s, s:I}", "code", row->code, "name", row->name,
	    "agency", row->agency_code ? json_string(row->agency_code) :
	    json_null(), "region", row->region, "services",
	    enum_set_json(&service_desc, row->services), "accepts",
	    enum_set_json(&client_group_desc, row->accepts), "languages",
	    languages, "capacity",
	    row->capacity >= 0 ? json_integer(row->capacity) : json_null(),
	    "contact", row->contact ? json_string(row->contact) :
	    json_null(), "active", row->active, "created_at",
	    row->created_at ? row->created_at : "", "updated_at",
	    row->updated_at ? row->updated_at : "", "version",
	    (json_int_t)row->version);
}
