/* SPDX-License-Identifier: Apache-2.0 */
/* library.c - the SOP and screening versions a store holds. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/casestudy.h"
#include "core/ctx.h"
#include "core/library.h"
#include "core/screening.h"
#include "core/sop.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

static const char *const kind_names[] = {
	[DEFINITION_SOP] = "SOP",
	[DEFINITION_SCREENING] = "screening instrument",
	[DEFINITION_CASE_STUDY] = "case study",
};

/* As the audit and the store name them. */
static const char *const kind_words[] = {
	[DEFINITION_SOP] = "sop",
	[DEFINITION_SCREENING] = "screening",
	[DEFINITION_CASE_STUDY] = "case_study",
};

/* What both kinds of definition share once parsed. */
struct parsed {
	enum definition_kind	 kind;
	const char		*id;
	int			 version;
	struct sop		*sop;
	struct instrument	*ins;
	struct case_study	*cs;
};

static void
parsed_free(struct parsed *p)
{
	sop_free(&p->sop);
	instrument_free(&p->ins);
	case_study_free(&p->cs);
}

/* Parses text as the kind its "format" names. */
static int
parse_any(const char *text, size_t len, struct parsed *p, struct err *err)
{
	json_t *root = json_loadb(text, len, 0, NULL);
	const char *format = json_string_value(json_object_get(root,
	    "format"));
	bool screening = format && strncmp(format, "tipsom-screening/",
	    17) == 0;
	bool study = format && strncmp(format, "tipsom-case-study/", 18) == 0;

	json_decref(root);
	*p = (struct parsed){ 0 };
	if (study) {
		p->kind = DEFINITION_CASE_STUDY;
		p->cs = case_study_parse(text, len, err);
		if (!p->cs)
			return -1;
		p->id = case_study_id(p->cs);
		p->version = case_study_version(p->cs);
		return 0;
	}
	if (screening) {
		p->kind = DEFINITION_SCREENING;
		p->ins = instrument_parse(text, len, err);
		if (!p->ins)
			return -1;
		p->id = instrument_id(p->ins);
		p->version = instrument_version(p->ins);
		return 0;
	}
	p->kind = DEFINITION_SOP;
	p->sop = sop_parse(text, len, err);
	if (!p->sop)
		return -1;
	p->id = sop_id(p->sop);
	p->version = sop_version(p->sop);
	return 0;
}

static void
fill_row(struct ctx *ctx, const struct parsed *p, const char *text,
    size_t len, struct definition_row *row)
{
	char hash[VAULT_SHA256_HEX];
	char now[TIMESTAMP_TEXT_SIZE];
	char *body = arena_alloc(ctx->arena, len + 1);

	memcpy(body, text, len);
	body[len] = '\0';
	vault_sha256_hex(&(struct vault_piece){ text, len }, 1, hash);
	date_now_timestamp(now);
	*row = (struct definition_row){ .kind = p->kind,
	    .id = arena_strdup(ctx->arena, p->id), .version = p->version,
	    .body = body, .sha256 = arena_strdup(ctx->arena, hash),
	    .imported_at = arena_strdup(ctx->arena, now) };
}

static int
definition_audit(struct ctx *ctx, const char *action,
    const struct definition_row *row, struct err *err)
{
	json_t *changes = json_pack("{s:s, s:i, s:s, s:s}", "kind",
	    kind_words[row->kind], "version",
	    row->version, "sha256", row->sha256, "origin", row->origin);
	int rc = audit_append(ctx, &(struct audit_event){ .action = action,
	    .object_type = "definition", .object_id = row->id,
	    .changes = changes }, err);

	json_decref(changes);
	return rc;
}

struct seed {
	int	*added;
	int	*kept;
};

static int
seed_one(struct ctx *ctx, const struct parsed *p, const char *text,
    size_t len, struct seed *s, struct err *err)
{
	struct definition_row row, have;
	int newest;

	fill_row(ctx, p, text, len, &row);
	row.origin = "shipped";
	if (store_definition_newest(ctx->store, p->kind, p->id, &newest, err) == -1)
		return -1;
	if (newest > p->version)
		return 0;
	if (newest == p->version) {
		if (store_definition_get(ctx->store, p->kind, p->id,
		    p->version, ctx->arena, &have, err) == -1)
			return -1;
		if (!STREQ(have.sha256, row.sha256))
			(*s->kept)++;
		return 0;
	}
	if (store_definition_insert(ctx->store, &row, err) == -1 ||
	    definition_audit(ctx, "definition.seed", &row, err) == -1)
		return -1;
	(*s->added)++;
	return 0;
}

extern const struct embedded_file shipped_sops[];
extern const struct embedded_file shipped_screenings[];
extern const struct embedded_file shipped_case_studies[];

static int
seed_write(struct ctx *ctx, void *arg, struct err *err)
{
	const struct embedded_file *sets[] = { shipped_sops,
	    shipped_screenings, shipped_case_studies };
	size_t n_sets = ARRAY_SIZE(sets);
	bool training;

	/* Case studies are for training stores only. */
	if (store_training_is(ctx->store, &training, err) == -1)
		return -1;
	if (!training)
		n_sets--;
	for (size_t s = 0; s < n_sets; s++) {
		for (const struct embedded_file *f = sets[s]; f->name; f++) {
			const char *text = (const char *)f->data;
			struct parsed p;
			int rc;

			if (parse_any(text, f->size, &p, err) == -1) {
				char why[sizeof(err->msg)];

				memcpy(why, err->msg, sizeof(why));
				return err_set(err, ERR_INTERNAL, NULL,
				    "shipped %s is invalid: %s", f->name,
				    why);
			}
			rc = seed_one(ctx, &p, text, f->size, arg, err);
			parsed_free(&p);
			if (rc == -1)
				return -1;
		}
	}
	return 0;
}

int
library_seed(struct ctx *ctx, int *added, int *kept, struct err *err)
{
	*added = 0;
	*kept = 0;
	return ctx_transaction(ctx, seed_write,
	    &(struct seed){ added, kept }, err);
}

static int
import_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct definition_row *row = arg;
	int newest;

	/* Checked inside the transaction, so two imports cannot both
	 * pass it. */
	if (store_definition_newest(ctx->store, row->kind, row->id, &newest,
	    err) == -1)
		return -1;
	if (row->version <= newest)
		return err_set(err, ERR_CONFLICT, "version",
		    "%s %s version %d is stored already: give the new "
		    "version a number above %d", kind_names[row->kind],
		    row->id, newest, newest);
	if (store_definition_insert(ctx->store, row, err) == -1)
		return -1;
	return definition_audit(ctx, "definition.import", row, err);
}

/* A case study's steps are those of the newest version of its SOP. */
static int
check_study_sop(struct ctx *ctx, const struct case_study *cs,
    struct err *err)
{
	const struct sop *sop;

	if (library_sop(ctx, case_study_sop(cs), 0, &sop, err) == -1)
		return -1;
	return case_study_check_sop(cs, sop, err);
}

int
library_import(struct ctx *ctx, const char *text, size_t len,
    struct definition_row *out, struct err *err)
{
	struct parsed p;

	*out = (struct definition_row){ 0 };
	if (parse_any(text, len, &p, err) == -1)
		return -1;
	if (access_require(ctx, p.kind == DEFINITION_CASE_STUDY ?
	    PERM_TRAINING_MANAGE : PERM_SOP_MANAGE, err) == -1 ||
	    (p.cs && check_study_sop(ctx, p.cs, err) == -1)) {
		parsed_free(&p);
		return -1;
	}
	fill_row(ctx, &p, text, len, out);
	parsed_free(&p);
	out->origin = "imported";
	out->imported_by = ctx->actor.user_id;
	out->imported_by_name = arena_strdup(ctx->arena,
	    ctx->actor.username);
	return ctx_transaction(ctx, import_write, out, err);
}

int
library_list(struct ctx *ctx, enum definition_kind kind,
    struct definition_row **rows, size_t *n, struct err *err)
{
	return store_definition_list(ctx->store, kind, ctx->arena, rows, n,
	    err);
}

/*
 * Parsed definitions, shared by every thread for the life of the process:
 * a stored version never changes, and validating one costs more than
 * the request that needs it.  Keyed by the SHA-256 of the body too, so a
 * body edited around tipsom is parsed (and judged) afresh.
 */
struct cached {
	enum definition_kind	 kind;
	char			*id;
	int			 version;
	char			 sha256[VAULT_SHA256_HEX];
	struct parsed		 p;
	struct cached		*next;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cached *cache;

static const struct parsed *
cache_find(const struct definition_row *row)
{
	const struct parsed *found = NULL;

	pthread_mutex_lock(&cache_lock);
	for (struct cached *c = cache; c && !found; c = c->next)
		if (c->kind == row->kind && c->version == row->version &&
		    STREQ(c->id, row->id) && STREQ(c->sha256, row->sha256))
			found = &c->p;
	pthread_mutex_unlock(&cache_lock);
	return found;
}

/* Adds p (taken) unless another thread was first; the cached one. */
static const struct parsed *
cache_add(const struct definition_row *row, struct parsed *p)
{
	struct cached *c = calloc(1, sizeof(*c));
	const struct parsed *have;

	if (!c || !(c->id = strdup(row->id)))
		abort();
	c->kind = row->kind;
	c->version = row->version;
	snprintf(c->sha256, sizeof(c->sha256), "%s", row->sha256);
	c->p = *p;
	pthread_mutex_lock(&cache_lock);
	for (struct cached *o = cache; o; o = o->next)
		if (o->kind == c->kind && o->version == c->version &&
		    STREQ(o->id, c->id) && STREQ(o->sha256, c->sha256)) {
			pthread_mutex_unlock(&cache_lock);
			parsed_free(&c->p);
			free(c->id);
			free(c);
			return &o->p;
		}
	c->next = cache;
	cache = c;
	have = &c->p;
	pthread_mutex_unlock(&cache_lock);
	return have;
}

void
library_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	while (cache) {
		struct cached *next = cache->next;

		parsed_free(&cache->p);
		free(cache->id);
		free(cache);
		cache = next;
	}
	pthread_mutex_unlock(&cache_lock);
}

static const struct parsed *
load(struct ctx *ctx, enum definition_kind kind, const char *id,
    int version, struct err *err)
{
	struct definition_row row;
	const struct parsed *have;
	struct parsed p;

	if (store_definition_get(ctx->store, kind, id, version, ctx->arena,
	    &row, err) == -1) {
		if (err->code != ERR_NOT_FOUND)
			return NULL;
		if (version)
			err_set(err, ERR_NOT_FOUND, "sop",
			    "no %s \"%.32s\" version %d in this store: see "
			    "the list of SOPs", kind_names[kind], id, version);
		else
			err_set(err, ERR_NOT_FOUND, "sop", "no %s \"%.32s\" "
			    "in this store: see the list of SOPs, or migrate "
			    "the store", kind_names[kind], id);
		return NULL;
	}
	if ((have = cache_find(&row)))
		return have;
	if (parse_any(row.body, strlen(row.body), &p, err) == 0 &&
	    p.kind == kind)
		return cache_add(&row, &p);
	parsed_free(&p);
	/* Stored versions were valid when stored: this one was edited
	 * around tipsom, or this tipsom reads them differently. */
	err_set(err, ERR_TAMPERED, "sop", "stored %s %s version %d no longer "
	    "validates: restore it from a backup", kind_names[kind], id,
	    row.version);
	return NULL;
}

int
library_sop(struct ctx *ctx, const char *id, int version,
    const struct sop **out, struct err *err)
{
	const struct parsed *p = load(ctx, DEFINITION_SOP, id, version, err);

	*out = p ? p->sop : NULL;
	return p ? 0 : -1;
}

int
library_case_study(struct ctx *ctx, const char *id, int version,
    const struct case_study **out, struct err *err)
{
	const struct parsed *p = load(ctx, DEFINITION_CASE_STUDY, id,
	    version, err);

	*out = p ? p->cs : NULL;
	return p ? 0 : -1;
}

int
library_instrument(struct ctx *ctx, const char *id, int version,
    const struct instrument **out, struct err *err)
{
	const struct parsed *p = load(ctx, DEFINITION_SCREENING, id, version,
	    err);

	*out = p ? p->ins : NULL;
	return p ? 0 : -1;
}

int
library_parse(const char *text, size_t len, struct sop **sop,
    struct instrument **ins, struct err *err)
{
	struct parsed p;

	*sop = NULL;
	*ins = NULL;
	if (parse_any(text, len, &p, err) == -1)
		return -1;
	if (p.kind == DEFINITION_CASE_STUDY) {
		parsed_free(&p);
		return err_set(err, ERR_INVALID, "format", "this is a training "
		    "case study, not an SOP: check it with tipsom train "
		    "validate FILE");
	}
	*sop = p.sop;
	*ins = p.ins;
	return (int)p.kind;
}

const char *
library_sop_for_kind(enum case_kind kind)
{
	return kind == CASE_KIND_SOM ? "som" : "tip";
}

int
library_parse_ref(const char *text, const char *field, char *id,
    size_t size, int *version, struct err *err)
{
	const char *at = strchr(text, '@');
	size_t len = at ? (size_t)(at - text) : strlen(text);
	long long v = 0;

	*version = 0;
	if (len == 0 || len >= size || (at && text_parse_int(at + 1, 1,
	    1000000, &v) == -1))
		return err_set(err, ERR_INVALID, field, "\"%.40s\" is not "
		    "ID or ID@VERSION: write it like tip or tip@2", text);
	memcpy(id, text, len);
	id[len] = '\0';
	*version = (int)v;
	return 0;
}

/* One stored definition as a list entry; newest says it is in use. */
json_t *
definition_json(const struct definition_row *row, const char *lang, bool newest)
{
	json_t *def = json_loads(row->body, 0, NULL);
	json_t *out = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:o, s:b, "
	    "s:s}", "kind", row->kind == DEFINITION_SOP ? "sop" : "screening",
	    "id", row->id, "version", row->version, "title",
	    sop_text(json_object_get(def, "title"), lang), "origin",
	    row->origin, "imported_at", row->imported_at, "imported_by",
	    row->imported_by_name ? json_string(row->imported_by_name) :
	    json_null(), "current", newest, "sha256", row->sha256);

	json_decref(def);
	return out;
}
