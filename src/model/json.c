/* SPDX-License-Identifier: Apache-2.0 */
/* json.c - rows as JSON objects. */
#include <stdlib.h>

#include "base/arena.h"
#include "model/json.h"
#include "base/banned.h"

json_t *
json_string_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
str(const char *s)
{
	return json_string_or_null(s);
}

json_t *
enum_set_json(const struct enum_desc *d, unsigned set)
{
	json_t *a = json_array();

	for (int i = 0; i < d->count; i++)
		if (set & ENUM_BIT(i))
			json_array_append_new(a, json_string(d->names[i]));
	return a;
}

json_t *
agency_json(const struct agency_row *r)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)r->id,
	    "code", r->code, "name", r->name, "kind",
	    enum_name(&agency_kind_desc, r->kind), "created_at",
	    str(r->created_at));
}

json_t *
user_json(const struct user_row *r)
{
	return json_pack("{s:I, s:s, s:o, s:s, s:s, s:b, s:o, s:o, s:b}",
	    "id",
	    (json_int_t)r->id, "username", r->username, "agency",
	    str(r->agency_code), "full_name",
	    r->full_name ? r->full_name : "", "role", role_name(r->role),
	    "active", r->active, "created_at", str(r->created_at),
	    "language", str(r->language), "two_factor", r->two_factor);
}

/* A route, "AF,IR,TR", as ["AF", "IR", "TR"]; null when not recorded. */
static json_t *
route_json(const char *route)
{
	json_t *all;
	const char *p;

	if (!route)
		return json_null();
	all = json_array();
	for (p = route; *p; p += p[2] ? 3 : 2)
		json_array_append_new(all, json_stringn(p, 2));
	return all;
}

json_t *
case_json(const struct case_row *r)
{
	return json_pack("{s:I, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:o, "
	    "s:o, s:o, s:o, s:I, s:{s:o, s:i}, s:o}", "id", (json_int_t)r->id,
	    "ref", r->ref,
	    "agency", str(r->agency_code), "kind", case_kind_name(r->kind),
	    "status", enum_name(&case_status_desc, r->status), "sensitivity",
	    enum_name(&sensitivity_desc, r->sensitivity), "title", r->title,
	    "summary", r->summary ? r->summary : "", "lead",
	    str(r->lead_username), "opened_at", str(r->opened_at),
	    "closed_at", str(r->closed_at), "close_reason",
	    str(r->close_reason), "version", (json_int_t)r->version, "sop",
	    "id", str(r->sop_id), "version", r->sop_version, "route",
	    route_json(r->route));
}

json_t *
case_person_json(const struct case_person_row *r)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:s, s:b, s:b, s:o}",
	    "person_id", (json_int_t)r->person_id, "role",
	    case_role_name(r->role), "identified_on", r->identified_on,
	    "age", r->age >= 0 ? json_integer(r->age) : json_null(),
	    "age_basis", enum_name(&age_basis_desc, r->age_basis), "child",
	    r->child, "needs_interpreter", r->needs_interpreter,
	    "interpreter_language", str(r->interpreter_language));
}

json_t *
note_json(const struct note_row *r)
{
	return json_pack("{s:I, s:s, s:o, s:s}", "id", (json_int_t)r->id,
	    "at", r->at, "author", str(r->author), "text", r->body);
}

static json_t *
names_json(const struct person_row *r)
{
	json_t *a = json_array();

	for (size_t i = 0; i < r->n_names; i++) {
		const struct person_name *n = &r->names[i];

		json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:o, "
		    "s:o, s:o}", "kind", enum_name(&name_kind_desc, n->kind),
		    "given", str(n->given), "father", str(n->father),
		    "grandfather", str(n->grandfather), "family",
		    str(n->family), "script", str(n->script)));
	}
	return a;
}

static json_t *
strings_json(const char **s, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

json_t *
person_json(const struct person_row *r)
{
	json_t *docs = json_array(), *contacts = json_array(), *merged;

	for (size_t i = 0; i < r->n_documents; i++) {
		const struct person_document *d = &r->documents[i];

		json_array_append_new(docs, json_pack("{s:s, s:s, s:o, s:o}",
		    "kind", enum_name(&document_kind_desc, d->kind), "number",
		    d->number ? d->number : "", "country", str(d->country),
		    "expires_on", str(d->expires_on)));
	}
	for (size_t i = 0; i < r->n_contacts; i++)
		json_array_append_new(contacts, json_pack("{s:s, s:s}",
		    "kind", enum_name(&contact_kind_desc, r->contacts[i].kind),
		    "value", r->contacts[i].value ? r->contacts[i].value : ""));
	merged = json_array();
	for (size_t i = 0; i < r->n_merged_from; i++)
		json_array_append_new(merged, json_integer(r->merged_from[i]));
	return json_pack("{s:I, s:s, s:o, s:o, s:b, s:o, s:o, s:o, s:o, "
	    "s:o, s:o, s:o, s:o}", "id", (json_int_t)r->id, "sex",
	    enum_name(&sex_desc, r->sex), "birth_date", str(r->birth_date),
	    "birth_year", r->birth_year ? json_integer(r->birth_year) :
	    json_null(), "birth_year_estimated", r->birth_year_estimated,
	    "names", names_json(r), "nationalities",
	    strings_json(r->nationalities, r->n_nationalities), "languages",
	    strings_json(r->languages, r->n_languages), "documents", docs,
	    "contacts", contacts, "created_at", str(r->created_at),
	    "merged_into", r->merged_into ? json_integer(r->merged_into) :
	    json_null(), "merged_from", merged);
}

json_t *
audit_json(const struct audit_row *r)
{
	json_t *changes = json_loads(r->changes ? r->changes : "{}", 0, NULL);

	return json_pack("{s:I, s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:s, "
	    "s:s}", "seq", (json_int_t)r->seq, "at", r->at, "actor",
	    r->actor_id ? str(r->actor) : json_string("system"), "action",
	    r->action, "object_type", r->object_type, "object_id",
	    r->object_id, "case", str(r->case_ref), "changes",
	    changes ? changes : json_object(), "prev_hash", r->prev_hash,
	    "hash", r->hash);
}

char *
json_text(struct arena *a, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	char *out;

	json_decref(j);
	if (!s)
		abort();
	out = arena_strdup(a, s);
	free(s);
	return out;
}
