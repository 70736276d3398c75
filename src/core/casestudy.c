/* SPDX-License-Identifier: Apache-2.0 */
/* casestudy.c - parsing and validating training case studies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/casestudy.h"
#include "core/jcheck.h"
#include "core/legal.h"
#include "core/sop.h"
#include "model/enums.h"
#include "base/banned.h"

extern const struct embedded_file shipped_case_studies[];

#define TEXT_MAX		4000
#define NAME_MAX_CHARS		64
#define MAX_PERSONS		12
#define MAX_DISCOVERIES		30
#define MAX_OBJECTIVES		10
#define MAX_REFERRALS		8
#define MAX_ORDER		16
#define MAX_MUST_NOT		8

struct case_study {
	json_t		*root;
	const char	*id;
	int		 version;
	const char	*sop;
};

/* A case study is taught in these at least; others may be added. */
static const char *const required_langs[] = { "en", "ar", "ckb", NULL };

static const char *const start_roles[] = { "presumed_victim",
	"smuggled_migrant", "suspect", "witness", "reporter", "guardian",
	NULL };
static const char *const case_roles[] = { "presumed_victim", "victim",
	"smuggled_migrant", "suspect", "accused", "witness", "reporter",
	"guardian", NULL };
static const char *const sexes[] = { "female", "male", "other", "unknown",
	NULL };
static const char *const discovery_kinds[] = { "document", "statement",
	"observation", "evidence", NULL };
static const char *const expected_kinds[] = { "tip", "som", "tip+som",
	NULL };
static const char *const outcomes[] = { "no_indication", "possible",
	"strong", NULL };
static const char *const services[] = { "shelter", "medical",
	"psychosocial", "legal_aid", "interpretation", "education",
	"livelihood", "return_reintegration", "child_protection", NULL };
static const char *const facts[] = { "informed_consent", "interpreter",
	"best_interests_assessment", "risk_assessment", "reflection_waived",
	"supervisor_approval", NULL };
static const char *const sops[] = { "tip", "som", NULL };
static const char *const levels[] = { "basic", "advanced", NULL };

static bool
in_list(const char *const *list, const char *s)
{
	for (; s && *list; list++)
		if (STREQ(*list, s))
			return true;
	return false;
}

/* A string from list, or an error naming the values allowed. */
static int
check_word(struct jcheck *c, const json_t *v, const char *path,
    const char *const *list, const char *what)
{
	char allowed[512] = "";
	size_t used = 0;

	if (in_list(list, json_string_value(v)))
		return 0;
	for (; *list && used + strlen(*list) + 3 < sizeof(allowed); list++)
		used += (size_t)snprintf(allowed + used,
		    sizeof(allowed) - used, "%s%s", used ? ", " : "", *list);
	return jcheck_bad(c, path, "not a %s: use one of %s", what, allowed);
}

/* A text with every language a case study is taught in. */
static int
check_text(struct jcheck *c, const json_t *v, const char *path)
{
	if (jcheck_text(c, v, path, TEXT_MAX) == -1)
		return -1;
	for (const char *const *l = required_langs; *l; l++)
		if (!json_object_get(v, *l))
			return jcheck_bad(c, jcheck_sub(c, path, *l), "missing: "
			    "a case study is written in English, Arabic and "
			    "Sorani (en, ar, ckb)");
	return 0;
}

/* An array of min to max items, each checked by item(). */
static int
check_array(struct jcheck *c, const json_t *v, const char *path,
    size_t min, size_t max, const char *what,
    int (*item)(struct jcheck *, const json_t *, const char *, void *),
    void *arg)
{
	size_t i;
	json_t *x;

	if (!json_is_array(v) || json_array_size(v) < min ||
	    json_array_size(v) > max)
		return jcheck_bad(c, path, "not a list of %zu to %zu %s",
		    min, max, what);
	json_array_foreach(v, i, x)
		if (item(c, x, jcheck_item(c, path, i), arg) == -1)
			return -1;
	return 0;
}

/* Ids unique within the array of objects v. */
static int
check_unique_ids(struct jcheck *c, const json_t *v, const char *path)
{
	size_t i, j;
	json_t *x, *y;

	json_array_foreach(v, i, x) {
		const char *id = json_string_value(json_object_get(x, "id"));

		for (j = 0; j < i; j++) {
			y = json_array_get(v, j);
			if (STREQ(id, json_string_value(json_object_get(y,
			    "id"))))
				return jcheck_bad(c, jcheck_sub(c,
				    jcheck_item(c, path, i), "id"),
				    "\"%s\" is used twice: give each its own "
				    "id", id);
		}
	}
	return 0;
}

static int
text_item(struct jcheck *c, const json_t *v, const char *path, void *arg)
{
	(void)arg;
	return check_text(c, v, path);
}

static int
name_part(struct jcheck *c, const json_t *o, const char *key,
    const char *path)
{
	const json_t *v = json_object_get(o, key);
	const char *p = jcheck_sub(c, path, key);

	if (!v)
		return 0;
	if (!json_is_string(v))
		return jcheck_bad(c, p, "not a string: write the name in "
		    "quotes");
	if (!text_clean(c->a, json_string_value(v), NAME_MAX_CHARS,
	    TEXT_REQUIRED, p, c->err))
		return jcheck_bad(c, p, "%s", c->err->msg);
	return 0;
}

static int
codes(struct jcheck *c, const json_t *o, const char *key, const char *path,
    bool (*valid)(const char *), const char *fix)
{
	const json_t *v = json_object_get(o, key);
	size_t i;
	json_t *x;

	if (!v)
		return 0;
	if (!json_is_array(v))
		return jcheck_bad(c, jcheck_sub(c, path, key), "not an array: "
		    "write [\"...\"]");
	json_array_foreach(v, i, x)
		if (!json_is_string(x) || !valid(json_string_value(x)))
			return jcheck_bad(c, jcheck_item(c, jcheck_sub(c, path,
			    key), i), "%s", fix);
	return 0;
}

static int
person_item(struct jcheck *c, const json_t *p, const char *path, void *arg)
{
	static const char *const keys[] = { "id", "role", "given", "father",
	    "family", "sex", "born", "presumed_child", "nationalities",
	    "languages", "needs_interpreter", NULL };
	static const char *const required[] = { "id", "role", "sex", NULL };
	const json_t *born = json_object_get(p, "born");
	long long year;
	int flag;

	(void)arg;
	if (jcheck_keys(c, p, path, keys, required) == -1 ||
	    jcheck_id(c, json_object_get(p, "id"), jcheck_sub(c, path, "id"),
	    32, 0) == -1 ||
	    check_word(c, json_object_get(p, "role"), jcheck_sub(c, path,
	    "role"), start_roles, "role a person starts with") == -1 ||
	    check_word(c, json_object_get(p, "sex"), jcheck_sub(c, path,
	    "sex"), sexes, "sex") == -1 ||
	    name_part(c, p, "given", path) == -1 ||
	    name_part(c, p, "father", path) == -1 ||
	    name_part(c, p, "family", path) == -1)
		return -1;
	if (!json_object_get(p, "given") && !json_object_get(p, "family"))
		return jcheck_bad(c, jcheck_sub(c, path, "given"), "missing: "
		    "give the person at least a given or a family name");
	if (born) {
		const char *s = json_string_value(born);
		char *end;

		year = s ? strtoll(s, &end, 10) : 0;
		if (!s || strlen(s) != 4 || *end || year < 1900 ||
		    year > 2100)
			return jcheck_bad(c, jcheck_sub(c, path, "born"),
			    "not a year: write \"YYYY\", like \"2001\"");
	}
	if ((json_object_get(p, "presumed_child") &&
	    jcheck_bool(c, json_object_get(p, "presumed_child"),
	    jcheck_sub(c, path, "presumed_child"), 0, &flag) == -1) ||
	    (json_object_get(p, "needs_interpreter") &&
	    jcheck_bool(c, json_object_get(p, "needs_interpreter"),
	    jcheck_sub(c, path, "needs_interpreter"), 0, &flag) == -1))
		return -1;
	return codes(c, p, "nationalities", path, text_country_valid,
	    "not an ISO 3166 country code: write two capital letters, like "
	    "\"IQ\"") == -1 ||
	    codes(c, p, "languages", path, text_language_valid,
	    "not a language tag: like \"ar\", \"ckb\" or \"prs\"") == -1 ?
	    -1 : 0;
}

/* "start", "screening", "legal", "step:ID" or "fact:FACT"; step ids are
 * checked against the SOP by case_study_check_sop(). */
static int
check_after(struct jcheck *c, const json_t *v, const char *path)
{
	const char *s = json_string_value(v);

	if (s && (STREQ(s, "start") || STREQ(s, "screening") ||
	    STREQ(s, "legal") || (strncmp(s, "step:", 5) == 0 && s[5]) ||
	    (strncmp(s, "fact:", 5) == 0 && in_list(facts, s + 5))))
		return 0;
	return jcheck_bad(c, path, "not when a discovery opens: use start, "
	    "screening, legal, step:STEP_ID or fact:FACT");
}

static int
discovery_item(struct jcheck *c, const json_t *d, const char *path,
    void *arg)
{
	static const char *const keys[] = { "id", "kind", "after", "title",
	    "text", NULL };

	(void)arg;
	return jcheck_keys(c, d, path, keys, keys) == -1 ||
	    jcheck_id(c, json_object_get(d, "id"), jcheck_sub(c, path, "id"),
	    48, 0) == -1 ||
	    check_word(c, json_object_get(d, "kind"), jcheck_sub(c, path,
	    "kind"), discovery_kinds, "kind of discovery") == -1 ||
	    check_after(c, json_object_get(d, "after"), jcheck_sub(c, path,
	    "after")) == -1 ||
	    check_text(c, json_object_get(d, "title"), jcheck_sub(c, path,
	    "title")) == -1 ||
	    check_text(c, json_object_get(d, "text"), jcheck_sub(c, path,
	    "text")) == -1 ? -1 : 0;
}

/* A person id of the case study. */
static int
check_person_ref(struct jcheck *c, const json_t *persons, const json_t *v,
    const char *path)
{
	size_t i;
	json_t *p;

	json_array_foreach(persons, i, p)
		if (json_is_string(v) && STREQ(json_string_value(v),
		    json_string_value(json_object_get(p, "id"))))
			return 0;
	return jcheck_bad(c, path, "not a person of this case study: use the "
	    "id of one of its persons");
}

static int
referral_item(struct jcheck *c, const json_t *r, const char *path,
    void *persons)
{
	static const char *const keys[] = { "person", "service", "why", NULL };

	return jcheck_keys(c, r, path, keys, keys) == -1 ||
	    check_person_ref(c, persons, json_object_get(r, "person"),
	    jcheck_sub(c, path, "person")) == -1 ||
	    check_word(c, json_object_get(r, "service"), jcheck_sub(c, path,
	    "service"), services, "service") == -1 ||
	    check_text(c, json_object_get(r, "why"), jcheck_sub(c, path,
	    "why")) == -1 ? -1 : 0;
}

static int
step_word(struct jcheck *c, const json_t *v, const char *path)
{
	return jcheck_id(c, v, path, 64, 0);
}

static int
order_item(struct jcheck *c, const json_t *o, const char *path, void *arg)
{
	static const char *const keys[] = { "first", "then", "why", NULL };

	(void)arg;
	if (jcheck_keys(c, o, path, keys, keys) == -1 ||
	    step_word(c, json_object_get(o, "first"), jcheck_sub(c, path,
	    "first")) == -1 ||
	    step_word(c, json_object_get(o, "then"), jcheck_sub(c, path,
	    "then")) == -1 ||
	    check_text(c, json_object_get(o, "why"), jcheck_sub(c, path,
	    "why")) == -1)
		return -1;
	if (json_equal(json_object_get(o, "first"), json_object_get(o,
	    "then")))
		return jcheck_bad(c, jcheck_sub(c, path, "then"), "the same "
		    "step as first: name two different steps");
	return 0;
}

static int
check_rule(struct jcheck *c, const json_t *rule, const char *path,
    const json_t *persons)
{
	static const char *const keys[] = { "role", "fact", "refused",
	    "before", NULL };
	static const char *const none[] = { NULL };
	static const char *const role_keys[] = { "person", "as", NULL };
	const char *key;
	json_t *v;

	if (jcheck_keys(c, rule, path, keys, none) == -1)
		return -1;
	if (json_object_size(rule) != 1)
		return jcheck_bad(c, path, "not one rule: write exactly one of "
		    "role, fact, refused or before");
	json_object_foreach((json_t *)rule, key, v) {
		const char *p = jcheck_sub(c, path, key);

		if (STREQ(key, "role"))
			return jcheck_keys(c, v, p, role_keys, role_keys) ==
			    -1 || check_person_ref(c, persons,
			    json_object_get(v, "person"), jcheck_sub(c, p,
			    "person")) == -1 || jcheck_words(c,
			    json_object_get(v, "as"), jcheck_sub(c, p, "as"),
			    case_roles, 1, "role") == -1 ? -1 : 0;
		if (STREQ(key, "fact"))
			return check_word(c, v, p, facts, "fact");
		if (STREQ(key, "refused"))
			return step_word(c, v, p);
		if (!json_is_array(v) || json_array_size(v) != 2)
			return jcheck_bad(c, p, "not two steps: write [\"A\", "
			    "\"B\"] for A done while B is not");
		return step_word(c, json_array_get(v, 0), jcheck_item(c, p,
		    0)) == -1 || step_word(c, json_array_get(v, 1),
		    jcheck_item(c, p, 1)) == -1 ? -1 : 0;
	}
	return 0;
}

static int
must_not_item(struct jcheck *c, const json_t *m, const char *path,
    void *persons)
{
	static const char *const keys[] = { "id", "rule", "step", "why", NULL };
	static const char *const required[] = { "id", "rule", "why", NULL };

	return jcheck_keys(c, m, path, keys, required) == -1 ||
	    jcheck_id(c, json_object_get(m, "id"), jcheck_sub(c, path, "id"),
	    48, 0) == -1 ||
	    check_rule(c, json_object_get(m, "rule"), jcheck_sub(c, path,
	    "rule"), persons) == -1 ||
	    (json_object_get(m, "step") && step_word(c, json_object_get(m,
	    "step"), jcheck_sub(c, path, "step")) == -1) ||
	    check_text(c, json_object_get(m, "why"), jcheck_sub(c, path,
	    "why")) == -1 ? -1 : 0;
}

/* The expected elements, checked by the legal-elements parser itself. */
static int
check_elements(struct jcheck *c, const json_t *v, const char *path)
{
	struct legal_elements e;
	char *text;
	int rc;

	if (!json_is_object(v) || json_object_size(v) == 0)
		return jcheck_bad(c, path, "not the elements the facts show: "
		    "write them as in docs/legal-elements.md");
	text = json_dumps(v, JSON_COMPACT);
	if (!text)
		abort();
	rc = legal_parse(text, strlen(text), &e, c->err);
	free(text);
	if (rc == -1) {
		/* The parser's message is "its path: what is wrong". */
		const char *what = strstr(c->err->msg, ": ");
		char why[sizeof(c->err->msg)];

		snprintf(why, sizeof(why), "%s", what ? what + 2 :
		    c->err->msg);
		return jcheck_bad(c, *c->err->field ? jcheck_sub(c, path,
		    c->err->field) : path, "%s", why);
	}
	return 0;
}

static int
check_expected(struct jcheck *c, const json_t *x, const json_t *persons)
{
	static const char *const keys[] = { "kind", "why_kind", "elements",
	    "screening", "referrals", "order", "must_not", NULL };
	static const char *const required[] = { "kind", "why_kind",
	    "elements", NULL };
	static const char *const screening_keys[] = { "person", "outcome",
	    "why", NULL };
	const json_t *s = json_object_get(x, "screening");
	const json_t *v;

	if (jcheck_keys(c, x, "expected", keys, required) == -1 ||
	    check_word(c, json_object_get(x, "kind"), "expected.kind",
	    expected_kinds, "classification") == -1 ||
	    check_text(c, json_object_get(x, "why_kind"),
	    "expected.why_kind") == -1 ||
	    check_elements(c, json_object_get(x, "elements"),
	    "expected.elements") == -1)
		return -1;
	if (s && (jcheck_keys(c, s, "expected.screening", screening_keys,
	    screening_keys) == -1 ||
	    check_person_ref(c, persons, json_object_get(s, "person"),
	    "expected.screening.person") == -1 ||
	    check_word(c, json_object_get(s, "outcome"),
	    "expected.screening.outcome", outcomes, "screening outcome") ==
	    -1 || check_text(c, json_object_get(s, "why"),
	    "expected.screening.why") == -1))
		return -1;
	if ((v = json_object_get(x, "referrals")) && check_array(c, v,
	    "expected.referrals", 0, MAX_REFERRALS, "referrals",
	    referral_item, (void *)persons) == -1)
		return -1;
	if ((v = json_object_get(x, "order")) && check_array(c, v,
	    "expected.order", 0, MAX_ORDER, "pairs of steps", order_item,
	    NULL) == -1)
		return -1;
	if ((v = json_object_get(x, "must_not")) && (check_array(c, v,
	    "expected.must_not", 0, MAX_MUST_NOT, "things not to do",
	    must_not_item, (void *)persons) == -1 ||
	    check_unique_ids(c, v, "expected.must_not") == -1))
		return -1;
	return 0;
}

static int
check_case_study(struct jcheck *c, json_t *root, struct case_study *cs)
{
	static const char *const keys[] = { "format", "id", "version",
	    "title", "summary", "objectives", "sop", "level", "story",
	    "persons", "discoveries", "expected", NULL };
	const char *format = json_string_value(json_object_get(root,
	    "format"));
	const json_t *persons = json_object_get(root, "persons");
	long long version;

	if (jcheck_keys(c, root, "", keys, keys) == -1)
		return -1;
	if (!format || !STREQ(format, CASE_STUDY_FORMAT))
		return jcheck_bad(c, "format", "not \"%s\": this tipsom reads "
		    "case studies of format %s", CASE_STUDY_FORMAT,
		    CASE_STUDY_FORMAT);
	if (jcheck_id(c, json_object_get(root, "id"), "id", 48, 1) == -1 ||
	    jcheck_int(c, json_object_get(root, "version"), "version", 1,
	    1000000, &version) == -1 ||
	    check_text(c, json_object_get(root, "title"), "title") == -1 ||
	    check_text(c, json_object_get(root, "summary"), "summary") ==
	    -1 ||
	    check_array(c, json_object_get(root, "objectives"), "objectives",
	    1, MAX_OBJECTIVES, "objectives", text_item, NULL) == -1 ||
	    check_word(c, json_object_get(root, "sop"), "sop", sops,
	    "shipped SOP") == -1 ||
	    check_word(c, json_object_get(root, "level"), "level", levels,
	    "level") == -1 ||
	    check_text(c, json_object_get(root, "story"), "story") == -1 ||
	    check_array(c, persons, "persons", 1, MAX_PERSONS, "persons",
	    person_item, NULL) == -1 ||
	    check_unique_ids(c, persons, "persons") == -1 ||
	    check_array(c, json_object_get(root, "discoveries"),
	    "discoveries", 1, MAX_DISCOVERIES, "discoveries", discovery_item,
	    NULL) == -1 ||
	    check_unique_ids(c, json_object_get(root, "discoveries"),
	    "discoveries") == -1)
		return -1;
	if (!json_is_object(json_object_get(root, "expected")))
		return jcheck_bad(c, "expected", "not an object: write the "
		    "expected answers");
	if (check_expected(c, json_object_get(root, "expected"), persons) ==
	    -1)
		return -1;
	cs->id = json_string_value(json_object_get(root, "id"));
	cs->version = (int)version;
	cs->sop = json_string_value(json_object_get(root, "sop"));
	return 0;
}

struct case_study *
case_study_parse(const char *text, size_t len, struct err *err)
{
	struct jcheck c = { .err = err, .doc = "docs/case-study-format.md" };
	struct case_study *cs;
	json_t *root = jcheck_load(&c, text, len, CASE_STUDY_MAX_BYTES,
	    "case study");

	if (!root)
		return NULL;
	c.a = arena_new();
	cs = calloc(1, sizeof(*cs));
	if (!cs)
		abort();
	if (check_case_study(&c, root, cs) == -1) {
		json_decref(root);
		free(cs);
		cs = NULL;
	} else {
		cs->root = root;
	}
	arena_free(&c.a);
	return cs;
}

void
case_study_free(struct case_study **cs)
{
	if (!cs || !*cs)
		return;
	json_decref((*cs)->root);
	free(*cs);
	*cs = NULL;
}

/* Whether step is a step of the SOP definition def. */
static bool
sop_has_step(const json_t *def, const char *step)
{
	size_t i, j;
	json_t *phase, *s;

	json_array_foreach(json_object_get(def, "phases"), i, phase)
		json_array_foreach(json_object_get(phase, "steps"), j, s)
			if (STREQ(step, json_string_value(json_object_get(s,
			    "id"))))
				return true;
	return false;
}

static int
known_step(const struct case_study *cs, const json_t *def, const json_t *v,
    const char *path, struct err *err)
{
	const char *step = json_string_value(v);

	if (step && sop_has_step(def, step))
		return 0;
	return err_set(err, ERR_INVALID, path, "%s: \"%s\" is not a step of "
	    "SOP %s: name one of its steps (tipsom sop show %s)", path,
	    step ? step : "", cs->sop, cs->sop);
}

int
case_study_check_sop(const struct case_study *cs, const struct sop *sop,
    struct err *err)
{
	const json_t *def = sop_definition(sop);
	const json_t *x = json_object_get(cs->root, "expected");
	char path[96];
	size_t i;
	json_t *v, *rule;

	json_array_foreach(json_object_get(cs->root, "discoveries"), i, v) {
		const char *after = json_string_value(json_object_get(v,
		    "after"));

		snprintf(path, sizeof(path), "discoveries[%zu].after", i);
		if (strncmp(after, "step:", 5) == 0 &&
		    !sop_has_step(def, after + 5))
			return err_set(err, ERR_INVALID, path, "%s: \"%s\" is "
			    "not a step of SOP %s: name one of its steps",
			    path, after + 5, cs->sop);
	}
	json_array_foreach(json_object_get(x, "order"), i, v) {
		snprintf(path, sizeof(path), "expected.order[%zu].first", i);
		if (known_step(cs, def, json_object_get(v, "first"), path,
		    err) == -1)
			return -1;
		snprintf(path, sizeof(path), "expected.order[%zu].then", i);
		if (known_step(cs, def, json_object_get(v, "then"), path,
		    err) == -1)
			return -1;
	}
	json_array_foreach(json_object_get(x, "must_not"), i, v) {
		rule = json_object_get(v, "rule");
		snprintf(path, sizeof(path), "expected.must_not[%zu].step", i);
		if (json_object_get(v, "step") && known_step(cs, def,
		    json_object_get(v, "step"), path, err) == -1)
			return -1;
		snprintf(path, sizeof(path), "expected.must_not[%zu].rule", i);
		if ((json_object_get(rule, "refused") && known_step(cs, def,
		    json_object_get(rule, "refused"), path, err) == -1) ||
		    (json_object_get(rule, "before") && (known_step(cs, def,
		    json_array_get(json_object_get(rule, "before"), 0), path,
		    err) == -1 || known_step(cs, def, json_array_get(
		    json_object_get(rule, "before"), 1), path, err) == -1)))
			return -1;
	}
	return 0;
}

const char *
case_study_id(const struct case_study *cs)
{
	return cs->id;
}

int
case_study_version(const struct case_study *cs)
{
	return cs->version;
}

const char *
case_study_sop(const struct case_study *cs)
{
	return cs->sop;
}

const json_t *
case_study_definition(const struct case_study *cs)
{
	return cs->root;
}

const json_t *
case_study_person(const struct case_study *cs, const char *id)
{
	size_t i;
	json_t *p;

	json_array_foreach(json_object_get(cs->root, "persons"), i, p)
		if (STREQ(id, json_string_value(json_object_get(p, "id"))))
			return p;
	return NULL;
}

struct case_study **
case_study_shipped(size_t *n, struct err *err)
{
	struct case_study **list;
	size_t count = 0;

	while (shipped_case_studies[count].name)
		count++;
	list = calloc(count + 1, sizeof(*list));
	if (!list)
		abort();
	for (size_t i = 0; i < count; i++) {
		list[i] = case_study_parse((const char *)
		    shipped_case_studies[i].data, shipped_case_studies[i].size,
		    err);
		if (!list[i]) {
			char why[sizeof(err->msg)];

			memcpy(why, err->msg, sizeof(why));
			err_set(err, ERR_INTERNAL, NULL, "shipped case study "
			    "%s is invalid: %s", shipped_case_studies[i].name,
			    why);
			while (i > 0)
				case_study_free(&list[--i]);
			free(list);
			return NULL;
		}
	}
	*n = count;
	return list;
}
