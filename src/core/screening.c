/* SPDX-License-Identifier: Apache-2.0 */
/*
 * screening.c - the screening instrument (docs/screening-format.md):
 * validating it, scoring answers against it, and screening a person in
 * a case.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/util.h"
#include "core/access.h"
#include "core/case.h"
#include "core/ctx.h"
#include "core/jcheck.h"
#include "core/library.h"
#include "core/person.h"
#include "core/screening.h"
#include "model/json.h"
#include "store/store.h"
#include "base/banned.h"

#define SCREENING_FORMAT	"tipsom-screening/1"
#define DEFAULT_INSTRUMENT	"victim-screening"
#define TEXT_MAX		2000
#define CHILD_GROUP		"child_specific"

extern const struct embedded_file shipped_screenings[];

struct instrument {
	json_t		*root;
	const char	*id;
	int		 version;
	size_t		 n_questions;
};

static const char *const group_ids[] = { "general", "labour_exploitation",
	"sexual_exploitation", "domestic_servitude",
	"forced_begging_criminality", "removal_of_organs", CHILD_GROUP,
	"smuggling_risk", NULL };

static const char *const answer_values[] = { "yes", "no", "unknown",
	"declined", NULL };

static const char *const alone_values[] = { "possible", "strong", NULL };

static int
check_question(struct jcheck *c, json_t *q, const char *path,
    json_t *seen)
{
	static const char *const keys[] = { "id", "text", "indicator",
	    "weight", "alone", NULL };
	static const char *const required[] = { "id", "text", "indicator",
	    "weight", NULL };
	const char *id = json_string_value(json_object_get(q, "id"));
	json_t *alone = json_object_get(q, "alone");
	long long weight;

	if (jcheck_keys(c, q, path, keys, required) == -1 ||
	    jcheck_id(c, json_object_get(q, "id"), jcheck_sub(c, path, "id"),
	    40, 0) == -1)
		return -1;
	if (json_object_get(seen, id))
		return jcheck_bad(c, jcheck_sub(c, path, "id"), "question "
		    "\"%s\" is repeated: give each question its own id", id);
	json_object_set_new(seen, id, json_true());
	if (jcheck_text(c, json_object_get(q, "text"), jcheck_sub(c, path,
	    "text"), TEXT_MAX) == -1 ||
	    jcheck_text(c, json_object_get(q, "indicator"), jcheck_sub(c,
	    path, "indicator"), TEXT_MAX) == -1 ||
	    jcheck_int(c, json_object_get(q, "weight"), jcheck_sub(c, path,
	    "weight"), 1, 10, &weight) == -1)
		return -1;
	if (alone && (!json_string_value(alone) ||
	    !str_in_list(alone_values, json_string_value(alone))))
		return jcheck_bad(c, jcheck_sub(c, path, "alone"), "not "
		    "\"possible\" or \"strong\": say what one yes to this "
		    "question is enough for");
	return 0;
}

static int
check_group(struct jcheck *c, json_t *g, const char *path, json_t *seen,
    size_t *n_questions)
{
	static const char *const keys[] = { "id", "title", "scored",
	    "questions", NULL };
	static const char *const required[] = { "id", "title", "questions",
	    NULL };
	json_t *questions = json_object_get(g, "questions");
	const char *qpath = jcheck_sub(c, path, "questions");
	int scored;
	size_t i;
	json_t *q;

	if (jcheck_keys(c, g, path, keys, required) == -1 ||
	    jcheck_text(c, json_object_get(g, "title"), jcheck_sub(c, path,
	    "title"), TEXT_MAX) == -1 ||
	    (json_object_get(g, "scored") && jcheck_bool(c,
	    json_object_get(g, "scored"), jcheck_sub(c, path, "scored"), 0,
	    &scored) == -1))
		return -1;
	if (!json_is_array(questions) || json_array_size(questions) == 0)
		return jcheck_bad(c, qpath, "not a list of questions: write "
		    "[{\"id\": ..., \"text\": ...}]");
	json_array_foreach(questions, i, q) {
		if (check_question(c, q, jcheck_item(c, qpath, i), seen) == -1)
			return -1;
		(*n_questions)++;
	}
	return 0;
}

static int
check_instrument(struct jcheck *c, json_t *root, struct instrument *ins)
{
	static const char *const keys[] = { "format", "id", "version",
	    "title", "summary", "thresholds", "groups", NULL };
	static const char *const required[] = { "format", "id", "version",
	    "title", "thresholds", "groups", NULL };
	static const char *const t_keys[] = { "possible", "strong", NULL };
	const char *format = json_string_value(json_object_get(root,
	    "format"));
	json_t *groups = json_object_get(root, "groups");
	json_t *t = json_object_get(root, "thresholds");
	json_t *summary = json_object_get(root, "summary");
	json_t *seen_groups, *seen_questions, *g;
	long long version, possible, strong;
	size_t i;
	int rc = -1;

	if (jcheck_keys(c, root, "", keys, required) == -1)
		return -1;
	if (!format || !STREQ(format, SCREENING_FORMAT))
		return jcheck_bad(c, "format", "not \"%s\": this tipsom reads "
		    "instruments of format %s", SCREENING_FORMAT,
		    SCREENING_FORMAT);
	if (jcheck_id(c, json_object_get(root, "id"), "id", 32, 1) == -1 ||
	    jcheck_int(c, json_object_get(root, "version"), "version", 1,
	    1000000, &version) == -1 ||
	    jcheck_text(c, json_object_get(root, "title"), "title",
	    TEXT_MAX) == -1 ||
	    (summary && jcheck_text(c, summary, "summary", 4000) == -1) ||
	    jcheck_keys(c, t, "thresholds", t_keys, t_keys) == -1 ||
	    jcheck_int(c, json_object_get(t, "possible"),
	    "thresholds.possible", 1, 1000, &possible) == -1 ||
	    jcheck_int(c, json_object_get(t, "strong"), "thresholds.strong",
	    1, 1000, &strong) == -1)
		return -1;
	if (strong <= possible)
		return jcheck_bad(c, "thresholds.strong", "%lld is not above "
		    "thresholds.possible (%lld): a strong outcome needs the "
		    "higher score", strong, possible);
	if (!json_is_array(groups) || json_array_size(groups) == 0)
		return jcheck_bad(c, "groups", "not a list of groups: write "
		    "[{\"id\": \"general\", ...}]");
	seen_groups = json_object();
	seen_questions = json_object();
	json_array_foreach(groups, i, g) {
		const char *path = jcheck_item(c, "groups", i);
		const char *id = json_string_value(json_object_get(g, "id"));

		if (!id || !str_in_list(group_ids, id)) {
			jcheck_bad(c, jcheck_sub(c, path, "id"), "unknown "
			    "group \"%.40s\": see %s for the groups",
			    id ? id : "", c->doc);
			goto done;
		}
		if (json_object_get(seen_groups, id)) {
			jcheck_bad(c, jcheck_sub(c, path, "id"), "group "
			    "\"%s\" is repeated: put its questions together",
			    id);
			goto done;
		}
		json_object_set_new(seen_groups, id, json_true());
		if (check_group(c, g, path, seen_questions,
		    &ins->n_questions) == -1)
			goto done;
	}
	ins->id = json_string_value(json_object_get(root, "id"));
	ins->version = (int)version;
	rc = 0;
done:
	json_decref(seen_groups);
	json_decref(seen_questions);
	return rc;
}

struct instrument *
instrument_parse(const char *text, size_t len, struct err *err)
{
	struct jcheck c = { .err = err, .doc = "docs/screening-format.md" };
	struct instrument *ins;
	json_t *root = jcheck_load(&c, text, len, SCREENING_MAX_BYTES,
	    "instrument");

	if (!root)
		return NULL;
	c.a = arena_new();
	ins = calloc(1, sizeof(*ins));
	if (!ins)
		abort();
	if (check_instrument(&c, root, ins) == -1) {
		json_decref(root);
		free(ins);
		ins = NULL;
	} else {
		ins->root = root;
	}
	arena_free(&c.a);
	return ins;
}

void
instrument_free(struct instrument **ins)
{
	if (!ins || !*ins)
		return;
	json_decref((*ins)->root);
	free(*ins);
	*ins = NULL;
}

const char *
instrument_id(const struct instrument *ins)
{
	return ins->id;
}

int
instrument_version(const struct instrument *ins)
{
	return ins->version;
}

size_t
instrument_question_count(const struct instrument *ins)
{
	return ins->n_questions;
}

const json_t *
instrument_definition(const struct instrument *ins)
{
	return ins->root;
}

struct instrument **
instrument_shipped(size_t *n, struct err *err)
{
	struct instrument **list;
	size_t count = 0;

	while (shipped_screenings[count].name)
		count++;
	list = calloc(count + 1, sizeof(*list));
	if (!list)
		abort();
	for (size_t i = 0; i < count; i++) {
		list[i] = instrument_parse(
		    (const char *)shipped_screenings[i].data,
		    shipped_screenings[i].size, err);
		if (!list[i]) {
			while (i > 0)
				instrument_free(&list[--i]);
			free(list);
			return NULL;
		}
	}
	*n = count;
	return list;
}

/* Finds question id in the instrument, with its group. */
static json_t *
find_question(const struct instrument *ins, const char *id, json_t **group)
{
	size_t i, j;
	json_t *g, *q;

	json_array_foreach(json_object_get(ins->root, "groups"), i, g) {
		json_array_foreach(json_object_get(g, "questions"), j, q) {
			if (STREQ(json_string_value(json_object_get(q, "id")),
			    id)) {
				*group = g;
				return q;
			}
		}
	}
	return NULL;
}

static int
by_weight(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t wx = json_integer_value(json_object_get(x, "weight"));
	json_int_t wy = json_integer_value(json_object_get(y, "weight"));

	if (wx != wy)
		return wx < wy ? 1 : -1;
	return strcmp(json_string_value(json_object_get(x, "question")),
	    json_string_value(json_object_get(y, "question")));
}

/* Sorts a JSON array of indicators, heaviest first, then by id. */
static json_t *
sorted(json_t *list)
{
	size_t n = json_array_size(list);
	json_t **items = calloc(n + 1, sizeof(*items));
	json_t *out = json_array();

	if (!items)
		abort();
	for (size_t i = 0; i < n; i++)
		items[i] = json_array_get(list, i);
	qsort(items, n, sizeof(*items), by_weight);
	for (size_t i = 0; i < n; i++)
		json_array_append(out, items[i]);
	free(items);
	json_decref(list);
	return out;
}

static int
check_answers(const struct instrument *ins, const json_t *answers,
    bool child, struct jcheck *c)
{
	const char *key;
	json_t *v, *g, *q;
	size_t i, j;

	if (!json_is_object(answers))
		return jcheck_bad(c, "answers", "not an object: write "
		    "{\"question_id\": \"yes\", ...}");
	json_object_foreach((json_t *)answers, key, v) {
		const char *path = jcheck_sub(c, "answers", key);
		const char *s = json_string_value(v);

		if (!find_question(ins, key, &g))
			return jcheck_bad(c, path, "unknown question: use the "
			    "ids of %s version %d", ins->id, ins->version);
		if (!s || !str_in_list(answer_values, s))
			return jcheck_bad(c, path, "not an answer: use yes, "
			    "no, unknown or declined");
	}
	json_array_foreach(json_object_get(ins->root, "groups"), i, g) {
		const char *gid = json_string_value(json_object_get(g, "id"));

		if (!child && STREQ(gid, CHILD_GROUP))
			continue;
		json_array_foreach(json_object_get(g, "questions"), j, q) {
			const char *qid = json_string_value(
			    json_object_get(q, "id"));

			if (!json_object_get(answers, qid))
				return jcheck_bad(c, jcheck_sub(c, "answers",
				    qid), "not answered: answer yes, no, "
				    "unknown or declined%s", STREQ(gid,
				    CHILD_GROUP) ? " (the person is a child)" :
				    "");
		}
	}
	return 0;
}

int
instrument_score(const struct instrument *ins, const json_t *answers,
    bool child, struct screening_result *r, struct err *err)
{
	struct jcheck c = { .err = err, .doc = "docs/screening-format.md" };
	json_t *t = json_object_get(ins->root, "thresholds");
	int floor = SCREENING_NO_INDICATION;
	const char *key;
	json_t *v;
	int rc;

	*r = (struct screening_result){ 0 };
	c.a = arena_new();
	rc = check_answers(ins, answers, child, &c);
	arena_free(&c.a);
	if (rc == -1)
		return -1;
	r->indicators = json_array();
	r->smuggling = json_array();
	json_object_foreach((json_t *)answers, key, v) {
		json_t *g, *q = find_question(ins, key, &g);
		json_t *scored = json_object_get(g, "scored");
		const char *alone = json_string_value(json_object_get(q,
		    "alone"));
		json_int_t weight = json_integer_value(json_object_get(q,
		    "weight"));

		/* A child's questions answered for an adult are kept with
		 * the answers but do not count. */
		if (!STREQ(json_string_value(v), "yes") || (!child &&
		    STREQ(json_string_value(json_object_get(g, "id")),
		    CHILD_GROUP)))
			continue;
		json_array_append_new(scored && !json_is_true(scored) ?
		    r->smuggling : r->indicators, json_pack("{s:s, s:O, s:I, "
		    "s:O}", "question", key, "group", json_object_get(g, "id"),
		    "weight", weight, "indicator", json_object_get(json_object_get(
		    q, "indicator"), "en")));
		if (scored && !json_is_true(scored))
			continue;
		r->score += (int)weight;
		if (alone && STREQ(alone, "strong"))
			floor = SCREENING_STRONG;
		else if (alone && floor < SCREENING_POSSIBLE)
			floor = SCREENING_POSSIBLE;
	}
	r->indicators = sorted(r->indicators);
	r->smuggling = sorted(r->smuggling);
	r->outcome = SCREENING_NO_INDICATION;
	if (r->score >= json_integer_value(json_object_get(t, "strong")))
		r->outcome = SCREENING_STRONG;
	else if (r->score >= json_integer_value(json_object_get(t,
	    "possible")))
		r->outcome = SCREENING_POSSIBLE;
	if ((int)r->outcome < floor)
		r->outcome = floor;
	r->answers = json_deep_copy(answers);
	return 0;
}

void
screening_result_clear(struct screening_result *r)
{
	json_decref(r->indicators);
	json_decref(r->smuggling);
	json_decref(r->answers);
	*r = (struct screening_result){ 0 };
}

/* The answers file: which instrument, and the answers. */
static json_t *
load_answers(const struct screen_input *in, char *id, size_t size,
    int *version, struct err *err)
{
	static const char *const keys[] = { "instrument", "version",
	    "answers", NULL };
	static const char *const required[] = { "answers", NULL };
	struct jcheck c = { .err = err, .doc = "docs/screening-format.md" };
	json_t *root = jcheck_load(&c, in->answers, in->answers_len,
	    SCREENING_MAX_BYTES, "answers file");
	json_t *v;
	long long n = 0;
	int rc = -1;

	if (!root)
		return NULL;
	c.a = arena_new();
	if (jcheck_keys(&c, root, "", keys, required) == -1)
		goto done;
	v = json_object_get(root, "instrument");
	if (v && jcheck_id(&c, v, "instrument", 32, 1) == -1)
		goto done;
	snprintf(id, size, "%s", v ? json_string_value(v) :
	    DEFAULT_INSTRUMENT);
	v = json_object_get(root, "version");
	if (v && jcheck_int(&c, v, "version", 1, 1000000, &n) == -1)
		goto done;
	*version = (int)n;
	rc = 0;
done:
	arena_free(&c.a);
	if (rc == -1) {
		json_decref(root);
		return NULL;
	}
	return root;
}

struct screen_write {
	const struct case_row		*c;
	struct screening_row		*row;
	const struct case_person_row	*link;	/* to copy when promoting */
	bool				*promoted;
};

static int
screen_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct screen_write *w = arg;
	struct screening_row *row = w->row;

	if (store_screening_insert(ctx->store, row, err) == -1 ||
	    case__audit(ctx, "case.screen", w->c, json_pack("{s:I, s:s, s:i, "
	    "s:s, s:i}", "person", (json_int_t)row->person_id, "instrument",
	    row->instrument_id, "instrument_version", row->instrument_version,
	    "outcome", enum_name(&screening_outcome_desc, row->outcome),
	    "score", row->score), err) == -1)
		return -1;
	if (!w->link)
		return 0;
	if (store_case_person_insert(ctx->store, w->link, err) == -1)
		return -1;
	*w->promoted = true;
	return case__audit(ctx, "case.person_add", w->c, json_pack("{s:I, "
	    "s:s, s:b, s:s, s:I}", "person", (json_int_t)w->link->person_id,
	    "role", case_role_name(w->link->role), "child", w->link->child,
	    "because", "screening", "screening", (json_int_t)row->id), err);
}

/* The person's roles in the case: *in_case, *child, whether a victim. */
static int
person_in_case(struct ctx *ctx, const struct case_row *c, int64_t person,
    const struct case_person_row **first, bool *child, bool *victim,
    struct err *err)
{
	struct case_person_row *links;
	size_t n;

	*first = NULL;
	*child = *victim = false;
	if (store_case_person_list(ctx->store, c->id, ctx->arena, &links, &n,
	    err) == -1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (links[i].person_id != person)
			continue;
		if (!*first)
			*first = &links[i];
		*child = *child || links[i].child;
		*victim = *victim || links[i].role == CASE_ROLE_VICTIM ||
		    links[i].role == CASE_ROLE_PRESUMED_VICTIM;
	}
	if (!*first)
		return err_set(err, ERR_NOT_FOUND, "person_id", "person %"
		    PRId64 " is not in case %s: add them to the case first",
		    person, c->ref);
	return 0;
}

int
screen_person(struct ctx *ctx, const struct screen_input *in,
    struct screening_row *out, bool *promoted, struct err *err)
{
	const struct case_person_row *link;
	struct case_person_row *promote = NULL;
	const struct instrument *ins = NULL;
	struct screening_result r = { 0 };
	struct case_row c;
	char id[40], now[TIMESTAMP_TEXT_SIZE], today[DATE_TEXT_SIZE];
	struct date d;
	json_t *file;
	bool child, victim;
	int version, rc = -1;

	*out = (struct screening_row){ 0 };
	*promoted = false;
	if (case__find(ctx, in->ref, PERM_CASE_EDIT, &c, err) == -1)
		return -1;
	if (c.status == CASE_STATUS_CLOSED)
		return err_set(err, ERR_CONFLICT, "ref", "case %s is closed: "
		    "screen in an open case", c.ref);
	if (person_parse_id(in->person_id, "person_id", &out->person_id,
	    err) == -1 ||
	    person_in_case(ctx, &c, out->person_id, &link, &child, &victim,
	    err) == -1)
		return -1;
	file = load_answers(in, id, sizeof(id), &version, err);
	if (!file)
		return -1;
	if (library_instrument(ctx, id, version, &ins, err) == -1 ||
	    instrument_score(ins, json_object_get(file, "answers"), child, &r,
	    err) == -1)
		goto done;
	date_now_timestamp(now);
	out->case_id = c.id;
	out->instrument_id = arena_strdup(ctx->arena, instrument_id(ins));
	out->instrument_version = instrument_version(ins);
	out->answers = json_text(ctx->arena, json_incref(r.answers));
	out->score = r.score;
	out->outcome = r.outcome;
	out->indicators = json_text(ctx->arena, json_pack("{s:O, s:O}",
	    "trafficking", r.indicators, "smuggling", r.smuggling));
	out->at = arena_strdup(ctx->arena, now);
	out->user_id = ctx->actor.user_id;
	out->username = arena_strdup(ctx->arena, ctx->actor.username);
	if (r.outcome == SCREENING_STRONG && !victim) {
		promote = arena_alloc(ctx->arena, sizeof(*promote));
		*promote = *link;
		promote->role = CASE_ROLE_PRESUMED_VICTIM;
		date_today(&d);
		date_format(&d, today);
		promote->identified_on = arena_strdup(ctx->arena, today);
		promote->added_at = out->at;
		promote->added_by = ctx->actor.user_id;
	}
	rc = ctx_transaction(ctx, screen_write, &(struct screen_write){ &c,
	    out, promote, promoted }, err);
done:
	screening_result_clear(&r);
	json_decref(file);
	return rc;
}

int
screen_list(struct ctx *ctx, const char *ref, const char *person_id,
    struct screening_row **rows, size_t *n, struct err *err)
{
	struct case_row c;
	int64_t person = 0;

	*rows = NULL;
	*n = 0;
	if (case__find_part(ctx, ref, PART_SCREENING, &c, err) == -1 ||
	    (person_id && person_parse_id(person_id, "person_id", &person,
	    err) == -1))
		return -1;
	return store_screening_list(ctx->store, c.id, person, ctx->arena,
	    rows, n, err);
}

json_t *
screening_row_json(const struct screening_row *r)
{
	return json_pack("{s:I, s:I, s:s, s:i, s:i, s:s, s:o, s:o, s:s, s:s}",
	    "id", (json_int_t)r->id, "person_id", (json_int_t)r->person_id,
	    "instrument", r->instrument_id, "instrument_version",
	    r->instrument_version, "score", r->score, "outcome",
	    enum_name(&screening_outcome_desc, r->outcome), "indicators",
	    json_loads(r->indicators, 0, NULL), "answers",
	    json_loads(r->answers, 0, NULL), "at", r->at, "by",
	    r->username ? r->username : "");
}
