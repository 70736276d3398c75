/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json.h - the JSON form of the shared rows, for the CLI's --json and the
 * HTTP API, so both speak the same shapes.
 *
 * Each function returns a new reference the caller owns.  Ids are
 * numbers, vocabularies their stable texts, absent values null.
 */
#ifndef TIPSOM_MODEL_JSON_H
#define TIPSOM_MODEL_JSON_H

#include <jansson.h>

#include "model/agency.h"
#include "model/audit.h"
#include "model/case.h"
#include "model/person.h"

/* A string, or null for NULL. */
json_t		*json_string_or_null(const char *s);

/* The names of the values in set (ENUM_BIT()s of d) as an array. */
json_t		*enum_set_json(const struct enum_desc *d, unsigned set);

json_t		*agency_json(const struct agency_row *row);
json_t		*user_json(const struct user_row *row);
json_t		*case_json(const struct case_row *row);
json_t		*case_person_json(const struct case_person_row *row);
json_t		*note_json(const struct note_row *row);
json_t		*person_json(const struct person_row *row);
json_t		*audit_json(const struct audit_row *row);

struct arena;

/*
 * j (stolen) as compact JSON text with sorted keys, the form stored in
 * the store, allocated in a.
 */
char		*json_text(struct arena *a, json_t *j);

#endif
