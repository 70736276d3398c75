/* SPDX-License-Identifier: Apache-2.0 */
/* person.c - people, their identities and who may read them. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/audit.h"
#include "core/case.h"
#include "core/ctx.h"
#include "core/input.h"
#include "core/person.h"
#include "core/search.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

#define BIRTH_YEAR_MIN	1890

int
person_parse_id(const char *s, const char *field, int64_t *id,
    struct err *err)
{
	long long v;

	if (text_parse_int(s, 1, INT64_MAX, &v) == -1)
		return err_set(err, ERR_INVALID, field,
		    "\"%.32s\" is not a person id: use the number tipsom "
		    "person add printed", s ? s : "");
	*id = v;
	return 0;
}

static int
check_born(struct ctx *ctx, const struct person_input *in,
    struct person_row *out, struct err *err)
{
	struct date d, today;
	long long year;

	if (!in->born || !*in->born) {
		if (in->born_estimated)
			return err_set(err, ERR_INVALID, "born",
			    "an estimate needs a year: give --born YYYY");
		return 0;
	}
	date_today(&today);
	if (strlen(in->born) == 4 &&
	    text_parse_int(in->born, 1, 9999, &year) == 0) {
		out->birth_year = (int)year;
	} else if (date_parse(in->born, &d) == 0) {
		char text[DATE_TEXT_SIZE];

		if (in->born_estimated)
			return err_set(err, ERR_INVALID, "born",
			    "an estimated birth is a year, not a date: give "
			    "--born YYYY");
		if (date_cmp(&d, &today) > 0)
			return err_set(err, ERR_INVALID, "born",
			    "born %s is in the future: check the date",
			    in->born);
		date_format(&d, text);
		out->birth_date = arena_strdup(ctx->arena, text);
		out->birth_year = d.year;
	} else {
		return err_set(err, ERR_INVALID, "born",
		    "born \"%.32s\" is not a date: use YYYY-MM-DD, or YYYY "
		    "when only the year is known", in->born);
	}
	if (out->birth_year < BIRTH_YEAR_MIN || out->birth_year > today.year)
		return err_set(err, ERR_INVALID, "born",
		    "birth year %d is not plausible: use a year from %d to %d",
		    out->birth_year, BIRTH_YEAR_MIN, today.year);
	out->birth_year_estimated = in->born_estimated;
	return 0;
}

/*
 * "list[i]" or "list[i].sub" into out (size bytes): the name of a list
 * element's field, for its errors.  Written out by hand: an snprintf()
 * for each was a tenth of the checks of an import.
 */
static const char *
element_field(char *out, size_t size, const char *list, size_t i,
    const char *sub)
{
	char digits[24];
	size_t nd = 0, len = 0;

	do {
		digits[nd++] = (char)('0' + i % 10);
		i /= 10;
	} while (i);
	for (const char *p = list; *p && len + 1 < size; p++)
		out[len++] = *p;
	if (len + 1 < size)
		out[len++] = '[';
	while (nd && len + 1 < size)
		out[len++] = digits[--nd];
	if (len + 1 < size)
		out[len++] = ']';
	if (sub && len + 1 < size)
		out[len++] = '.';
	for (const char *p = sub ? sub : ""; *p && len + 1 < size; p++)
		out[len++] = *p;
	out[len] = '\0';
	return out;
}

/* The script of the parts of a name, written one after another. */
static const char *
name_script(const char *const *parts, size_t n)
{
	/* Each part is at most INPUT_NAME_MAX characters of 4 bytes. */
	char all[4 * (INPUT_NAME_MAX * 4 + 1) + 1];
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		size_t k = parts[i] ? strlen(parts[i]) : 0;

		if (!parts[i] || len + k + 2 > sizeof(all))
			continue;
		memcpy(all + len, parts[i], k);
		len += k;
		all[len++] = ' ';
	}
	all[len] = '\0';
	return text_script(all);
}

static int
check_names(struct ctx *ctx, const struct person_input *in,
    struct person_row *out, struct err *err)
{
	struct person_name primary = { .kind = NAME_KIND_PRIMARY };
	size_t n = 0;

	if (input_text(ctx, in->given, INPUT_NAME_MAX, 0, "given",
	    &primary.given, err) == -1 ||
	    input_text(ctx, in->father, INPUT_NAME_MAX, 0, "father",
	    &primary.father, err) == -1 ||
	    input_text(ctx, in->grandfather, INPUT_NAME_MAX, 0, "grandfather",
	    &primary.grandfather, err) == -1 ||
	    input_text(ctx, in->family, INPUT_NAME_MAX, 0, "family",
	    &primary.family, err) == -1)
		return -1;
	out->names = arena_array(ctx->arena, in->n_aliases + 1,
	    sizeof(*out->names));
	if (primary.given || primary.father || primary.grandfather ||
	    primary.family) {
		const char *parts[] = { primary.given, primary.father,
		    primary.grandfather, primary.family };

		primary.script = name_script(parts, ARRAY_SIZE(parts));
		out->names[n++] = primary;
	}
	for (size_t i = 0; i < in->n_aliases; i++) {
		struct person_name alias = { .kind = NAME_KIND_ALIAS };
		char field[32];

		if (input_text(ctx, in->aliases[i], INPUT_NAME_MAX,
		    TEXT_REQUIRED, element_field(field, sizeof(field),
		    "aliases", i, NULL), &alias.given, err) == -1)
			return -1;
		alias.script = text_script(alias.given);
		out->names[n++] = alias;
	}
	out->n_names = n;
	if (n == 0)
		return err_set(err, ERR_INVALID, "given",
		    "the person has no name: give at least a given or family "
		    "name, or an alias for someone known only by a nickname");
	return 0;
}

/* Country or language codes, checked and without repeats. */
static int
check_codes(struct ctx *ctx, const char *const *in, size_t n,
    const char *what, int (*check)(struct ctx *, const char *,
    const char *, const char **, struct err *), const char ***out,
    size_t *n_out, struct err *err)
{
	*out = arena_array(ctx->arena, n + 1, sizeof(**out));
	*n_out = 0;
	for (size_t i = 0; i < n; i++) {
		const char *code;
		char field[40];
		bool seen = false;

		element_field(field, sizeof(field), what, i, NULL);
		if (check(ctx, in[i], field, &code, err) == -1)
			return -1;
		if (!code)
			return err_set(err, ERR_INVALID, field,
			    "%s is empty: give a code", field);
		for (size_t j = 0; j < *n_out; j++)
			if (STREQ((*out)[j], code))
				seen = true;
		if (!seen)
			(*out)[(*n_out)++] = code;
	}
	return 0;
}

static int
check_documents(struct ctx *ctx, const struct person_input *in,
    struct person_row *out, struct err *err)
{
	out->documents = arena_array(ctx->arena, in->n_documents + 1,
	    sizeof(*out->documents));
	for (size_t i = 0; i < in->n_documents; i++) {
		const struct document_input *d = &in->documents[i];
		struct person_document *o = &out->documents[i];
		char sub[56];
		struct date expires;
		bool has_expiry;
		int kind;

		kind = input_enum(d->kind, &document_kind_desc, -1,
		    element_field(sub, sizeof(sub), "documents", i, "kind"),
		    err);
		if (kind < 0)
			return -1;
		o->kind = kind;
		if (input_text(ctx, d->number, INPUT_SHORT_MAX, TEXT_REQUIRED,
		    element_field(sub, sizeof(sub), "documents", i, "number"),
		    &o->number, err) == -1 ||
		    input_country(ctx, d->country, element_field(sub,
		    sizeof(sub), "documents", i, "country"), &o->country,
		    err) == -1 ||
		    input_date(d->expires_on, element_field(sub, sizeof(sub),
		    "documents", i, "expires_on"), &expires, &has_expiry,
		    err) == -1)
			return -1;
		if (has_expiry) {
			char text[DATE_TEXT_SIZE];

			date_format(&expires, text);
			o->expires_on = arena_strdup(ctx->arena, text);
		}
	}
	out->n_documents = in->n_documents;
	return 0;
}

static int
check_contacts(struct ctx *ctx, const struct person_input *in,
    struct person_row *out, struct err *err)
{
	out->contacts = arena_array(ctx->arena, in->n_contacts + 1,
	    sizeof(*out->contacts));
	for (size_t i = 0; i < in->n_contacts; i++) {
		char field[48];
		int kind;

		kind = input_enum(in->contacts[i].kind, &contact_kind_desc, -1,
		    element_field(field, sizeof(field), "contacts", i, "kind"),
		    err);
		if (kind < 0)
			return -1;
		out->contacts[i].kind = kind;
		if (input_text(ctx, in->contacts[i].value, INPUT_TITLE_MAX,
		    TEXT_REQUIRED, element_field(field, sizeof(field),
		    "contacts", i, "value"), &out->contacts[i].value,
		    err) == -1)
			return -1;
	}
	out->n_contacts = in->n_contacts;
	return 0;
}

/*
 * Every identity field of p, sealed (seal true) or opened in place: each
 * value through its field's name, which the sealed value is bound to.
 */
static int
each_identity_field(struct ctx *ctx, struct person_row *p, bool seal,
    struct err *err)
{
	struct err local = ERR_INIT;
	const char *(*fn)(struct vault *, struct arena *, const char *,
	    const char *, struct err *) = seal ? vault_field_seal :
	    vault_field_open;
	struct vault *v = ctx->vault;
	struct arena *a = ctx->arena;

	for (size_t i = 0; i < p->n_names; i++) {
		struct person_name *n = &p->names[i];

		n->given = fn(v, a, "person_names.given", n->given, &local);
		n->father = fn(v, a, "person_names.father", n->father,
		    &local);
		n->grandfather = fn(v, a, "person_names.grandfather",
		    n->grandfather, &local);
		n->family = fn(v, a, "person_names.family", n->family,
		    &local);
	}
	for (size_t i = 0; i < p->n_documents; i++)
		p->documents[i].number = fn(v, a, "person_documents.number",
		    p->documents[i].number, &local);
	for (size_t i = 0; i < p->n_contacts; i++)
		p->contacts[i].value = fn(v, a, "person_contacts.value",
		    p->contacts[i].value, &local);
	if (local.code != ERR_OK) {
		*err = local;
		return -1;
	}
	return 0;
}

/* A copy of p whose identity fields are in their stored form. */
static int
seal(struct ctx *ctx, const struct person_row *p, struct person_row *s,
    struct err *err)
{
	struct arena *a = ctx->arena;

	*s = *p;
	s->names = arena_array(a, p->n_names + 1, sizeof(*s->names));
	s->documents = arena_array(a, p->n_documents + 1,
	    sizeof(*s->documents));
	s->contacts = arena_array(a, p->n_contacts + 1, sizeof(*s->contacts));
	if (p->n_names)
		memcpy(s->names, p->names, p->n_names * sizeof(*s->names));
	if (p->n_documents)
		memcpy(s->documents, p->documents, p->n_documents *
		    sizeof(*s->documents));
	if (p->n_contacts)
		memcpy(s->contacts, p->contacts, p->n_contacts *
		    sizeof(*s->contacts));
	return each_identity_field(ctx, s, true, err);
}

/* Turns the stored identity fields of p into plain text, in place. */
int
person__unseal(struct ctx *ctx, struct person_row *p, struct err *err)
{
	return each_identity_field(ctx, p, false, err);
}

/* What changed, by field name: the chain never holds identities. */
static json_t *
person_changes(const struct person_row *p)
{
	json_t *fields = json_array();

	if (p->n_names)
		json_array_append_new(fields, json_string("names"));
	if (p->birth_year)
		json_array_append_new(fields, json_string("born"));
	if (p->n_nationalities)
		json_array_append_new(fields, json_string("nationalities"));
	if (p->n_languages)
		json_array_append_new(fields, json_string("languages"));
	if (p->n_documents)
		json_array_append_new(fields, json_string("documents"));
	if (p->n_contacts)
		json_array_append_new(fields, json_string("contacts"));
	return json_pack("{s:s, s:o}", "sex", enum_name(&sex_desc, p->sex),
	    "fields", fields);
}

int
person__seal(struct ctx *ctx, const struct person_row *p,
    struct person_sealed *out, struct err *err)
{
	if (seal(ctx, p, &out->row, err) == -1)
		return -1;
	return search__person_keys(ctx, p, &out->keys, &out->n_keys, err);
}

int
person__insert_sealed(struct ctx *ctx, struct person_sealed *rows, size_t n,
    struct err *err)
{
	struct person_row *persons = arena_array(ctx->arena, n + 1,
	    sizeof(*persons));
	int64_t *ids = arena_array(ctx->arena, n + 1, sizeof(*ids));
	const char ***keys = arena_array(ctx->arena, n + 1, sizeof(*keys));
	size_t *n_keys = arena_array(ctx->arena, n + 1, sizeof(*n_keys));

	for (size_t i = 0; i < n; i++)
		persons[i] = rows[i].row;
	if (store_persons_insert(ctx->store, persons, n, err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		rows[i].row.id = ids[i] = persons[i].id;
		keys[i] = rows[i].keys;
		n_keys[i] = rows[i].n_keys;
	}
	return search__keys_insert(ctx, ids, (const char **const *)keys,
	    n_keys, n, err);
}

int
person__insert(struct ctx *ctx, struct person_row *rows, size_t n,
    struct err *err)
{
	struct person_sealed *sealed = arena_array(ctx->arena, n + 1,
	    sizeof(*sealed));

	for (size_t i = 0; i < n; i++)
		if (person__seal(ctx, &rows[i], &sealed[i], err) == -1)
			return -1;
	if (person__insert_sealed(ctx, sealed, n, err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++)
		rows[i].id = sealed[i].row.id;
	return 0;
}

static int
person_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct person_row *row = arg;
	json_t *changes;
	char id[24];
	int rc;

	if (person__insert(ctx, row, 1, err) == -1)
		return -1;
	snprintf(id, sizeof(id), "%" PRId64, row->id);
	changes = person_changes(row);
	rc = audit_append(ctx, &(struct audit_event){
		.action = "person.add", .object_type = "person",
		.object_id = id, .agency_id = row->agency_id,
		.changes = changes }, err);
	json_decref(changes);
	return rc;
}

int
person_check(struct ctx *ctx, const struct person_input *in,
    struct person_row *out, struct err *err)
{
	char now[TIMESTAMP_TEXT_SIZE];
	int sex;

	*out = (struct person_row){ 0 };
	if (check_names(ctx, in, out, err) == -1)
		return -1;
	sex = input_enum(in->sex, &sex_desc, SEX_UNKNOWN, "sex", err);
	if (sex < 0 || check_born(ctx, in, out, err) == -1 ||
	    check_codes(ctx, in->nationalities, in->n_nationalities,
	    "nationalities", input_country, &out->nationalities,
	    &out->n_nationalities, err) == -1 ||
	    check_codes(ctx, in->languages, in->n_languages, "languages",
	    input_language, &out->languages, &out->n_languages, err) == -1 ||
	    check_documents(ctx, in, out, err) == -1 ||
	    check_contacts(ctx, in, out, err) == -1)
		return -1;
	date_now_timestamp(now);
	out->sex = sex;
	out->agency_id = ctx->actor.agency_id;
	out->created_at = arena_strdup(ctx->arena, now);
	out->created_by = ctx->actor.user_id;
	return 0;
}

int
person_add(struct ctx *ctx, const struct person_input *in,
    struct person_row *out, struct err *err)
{
	*out = (struct person_row){ 0 };
	if (access_require(ctx, PERM_PERSON_CREATE, err) == -1 ||
	    person_check(ctx, in, out, err) == -1)
		return -1;
	return ctx_transaction(ctx, person_write, out, err);
}

/* Appends b[0..nb) of size bytes to *a[0..*na), in ctx's arena. */
static void
append(struct ctx *ctx, void *a, size_t *na, const void *b, size_t nb,
    size_t size)
{
	void **list = a;
	char *both;

	if (nb == 0)
		return;
	both = arena_array(ctx->arena, *na + nb, size);
	if (*na)
		memcpy(both, *list, *na * size);
	memcpy(both + *na * size, b, nb * size);
	*list = both;
	*na += nb;
}

/* Appends the codes of b not in *a already. */
static void
append_codes(struct ctx *ctx, const char ***a, size_t *na,
    const char *const *b, size_t nb)
{
	for (size_t i = 0; i < nb; i++) {
		bool have = false;

		for (size_t j = 0; j < *na && !have; j++)
			have = STREQ((*a)[j], b[i]);
		if (!have)
			append(ctx, a, na, &b[i], 1, sizeof(*b));
	}
}

/*
 * Adds to p what the persons merged into it recorded: their names (as
 * other names), nationalities, languages, documents and contacts.
 */
static int
load_merged(struct ctx *ctx, struct person_row *p, int depth,
    struct err *err)
{
	if (store_person_merged_from(ctx->store, p->id, ctx->arena,
	    &p->merged_from, &p->n_merged_from, err) == -1)
		return -1;
	if (p->n_merged_from && depth > 8)
		return err_set(err, ERR_INTERNAL, NULL, "person %" PRId64
		    " has merges nested too deep: report this", p->id);
	for (size_t i = 0; i < p->n_merged_from; i++) {
		struct person_row m;

		if (person__load_own(ctx, p->merged_from[i], &m, err) == -1 ||
		    load_merged(ctx, &m, depth + 1, err) == -1)
			return -1;
		for (size_t k = 0; k < m.n_names; k++)
			m.names[k].kind = NAME_KIND_ALIAS;
		append(ctx, &p->names, &p->n_names, m.names, m.n_names,
		    sizeof(*m.names));
		append_codes(ctx, &p->nationalities, &p->n_nationalities,
		    m.nationalities, m.n_nationalities);
		append_codes(ctx, &p->languages, &p->n_languages,
		    m.languages, m.n_languages);
		append(ctx, &p->documents, &p->n_documents, m.documents,
		    m.n_documents, sizeof(*m.documents));
		append(ctx, &p->contacts, &p->n_contacts, m.contacts,
		    m.n_contacts, sizeof(*m.contacts));
		if (!p->birth_year && m.birth_year) {
			p->birth_year = m.birth_year;
			p->birth_date = m.birth_date;
			p->birth_year_estimated = m.birth_year_estimated;
		}
		if (p->sex == SEX_UNKNOWN)
			p->sex = m.sex;
	}
	return 0;
}

int
person__load_own(struct ctx *ctx, int64_t id, struct person_row *out,
    struct err *err)
{
	if (store_person_by_id(ctx->store, id, ctx->arena, out, err) == -1)
		return -1;
	return person__unseal(ctx, out, err);
}

int
person__load(struct ctx *ctx, int64_t id, struct person_row *out,
    struct err *err)
{
	if (person__load_own(ctx, id, out, err) == -1)
		return -1;
	return load_merged(ctx, out, 0, err);
}

/*
 * Whether a case shared with the actor's agency shows person id: a share
 * shows the people whose role its scope covers (access.h).
 */
static int
shared_visible(struct ctx *ctx, int64_t id, bool *visible, struct err *err)
{
	struct person_shared_role *roles;
	char today[DATE_TEXT_SIZE];
	size_t n;

	case__today(today);
	if (store_person_shared_roles(ctx->store, id, ctx->actor.agency_id,
	    today, ctx->arena, &roles, &n, err) == -1)
		return -1;
	for (size_t i = 0; i < n && !*visible; i++) {
		*visible = access_sight_has(access_share_sight(roles[i].scope),
		    access_part_of_role(roles[i].role));
	}
	return 0;
}

int
person__visible(struct ctx *ctx, int64_t id, bool *visible, struct err *err)
{
	*visible = false;
	if (store_person_visible(ctx->store, id, ctx->actor.agency_id,
	    visible, err) == -1)
		return -1;
	return *visible ? 0 : shared_visible(ctx, id, visible, err);
}

int
person__visible_many(struct ctx *ctx, const int64_t *ids, size_t n,
    bool *visible, struct err *err)
{
	struct person_shared_role *roles;
	char today[DATE_TEXT_SIZE];
	int64_t *unseen = arena_array(ctx->arena, n ? n : 1, sizeof(*unseen));
	size_t n_roles, n_unseen = 0;

	if (store_persons_visible(ctx->store, ids, n, ctx->actor.agency_id,
	    visible, err) == -1)
		return -1;
	/* as person__visible(): shares only for those not seen already */
	for (size_t i = 0; i < n; i++)
		if (!visible[i])
			unseen[n_unseen++] = ids[i];
	if (n_unseen == 0)
		return 0;
	case__today(today);
	if (store_persons_shared_roles(ctx->store, unseen, n_unseen,
	    ctx->actor.agency_id, today, ctx->arena, &roles, &n_roles,
	    err) == -1)
		return -1;
	for (size_t r = 0; r < n_roles; r++) {
		if (!access_sight_has(access_share_sight(roles[r].scope),
		    access_part_of_role(roles[r].role)))
			continue;
		for (size_t i = 0; i < n; i++)
			if (ids[i] == roles[r].person_id)
				visible[i] = true;
	}
	return 0;
}

int
person_show(struct ctx *ctx, int64_t id, struct person_row *out,
    struct err *err)
{
	bool visible = false;
	char idtext[24];

	if (access_require(ctx, PERM_IDENTITY_READ, err) == -1 ||
	    person__visible(ctx, id, &visible, err) == -1)
		return -1;
	if (!visible)
		return err_set(err, ERR_NOT_FOUND, "id",
		    "person %" PRId64 " not found: check the id", id);
	if (person__load(ctx, id, out, err) == -1)
		return -1;
	snprintf(idtext, sizeof(idtext), "%" PRId64, id);
	return audit_append(ctx, &(struct audit_event){
		.action = "person.read", .object_type = "person",
		.object_id = idtext, .agency_id = ctx->actor.agency_id }, err);
}

const char *
person_display_name(struct arena *a, const struct person_row *p)
{
	struct buf b = BUF_INIT(INPUT_NAME_MAX * 16);
	const char *name;

	for (size_t i = 0; i < p->n_names; i++) {
		const struct person_name *n = &p->names[i];
		const char *parts[] = { n->given, n->father, n->grandfather,
		    n->family };

		if (n->kind != NAME_KIND_PRIMARY)
			continue;
		for (size_t j = 0; j < ARRAY_SIZE(parts); j++)
			if (parts[j])
				buf_addf(&b, "%s%s", b.len ? " " : "",
				    parts[j]);
		break;
	}
	if (b.len == 0 && p->n_names)
		buf_adds(&b, p->names[0].given ? p->names[0].given : "");
	name = arena_strdup(a, b.s);
	buf_release(&b);
	return name;
}
