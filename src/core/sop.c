/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sop.c - validating SOP definitions against docs/sop-format.md.
 *
 * Validation walks the JSON tree once with the path of the node in hand,
 * so every error names where it is.  Step ids are collected first, so
 * that references can be checked, then the dependency graph is searched
 * for cycles.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/embed.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/jcheck.h"
#include "core/sop.h"
#include "model/enums.h"
#include "base/banned.h"

#define SOP_FORMAT		"tipsom-sop/1"
#define SOP_TEXT_MAX		2000
#define SOP_GUIDANCE_MAX	4000
#define SOP_MAX_STEPS		512

extern const struct embedded_file shipped_sops[];

struct sop {
	json_t		*root;
	const char	*id;
	int		 version;
	size_t		 n_phases;
	size_t		 n_steps;
	int		 reflection_days;
};

static const char *const conditions[] = { "child_present", "adult_present",
	"presumed_victim_present", "victim_present",
	"smuggled_migrant_present", "suspect_present", "kind:tip", "kind:som",
	"kind:tip+som", "interpreter_needed", "foreign_national_present",
	NULL };

static const char *const gates[] = { "informed_consent",
	"interpreter_if_needed", "guardian_for_child",
	"best_interests_assessment", "screening_done", "legal_assessment_done",
	"reflection_period_over_or_waived", "risk_assessment_done",
	"supervisor_approval", NULL };

static const char *const step_roles[] = { "supervisor", "investigator",
	"caseworker", "prosecutor", NULL };

/* Everything validation needs: the path being checked, the step ids. */
struct check {
	struct jcheck	 j;
	const char	*step_ids[SOP_MAX_STEPS];
	json_t		*steps[SOP_MAX_STEPS];
	const char	*step_paths[SOP_MAX_STEPS];
	size_t		 n_steps;
};

/* Reads digits at *s into *n; -1 when there are none or too many. */
static int
read_number(const char **s, int64_t *n)
{
	const char *p = *s;

	*n = 0;
	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9') {
		if (*n > 1000000)
			return -1;
		*n = *n * 10 + (*p++ - '0');
	}
	*s = p;
	return 0;
}

/* One optional "<number><unit>" component; *got says whether it was. */
static int
component(const char **s, char unit, int64_t scale, int64_t *total,
    bool *got)
{
	const char *p = *s;
	int64_t n;

	if (*p < '0' || *p > '9')
		return 0;
	if (read_number(&p, &n) == -1)
		return -1;
	if (*p != unit)
		return 0;
	*total += n * scale;
	*got = true;
	*s = p + 1;
	return 0;
}

int
sop_duration_parse(const char *s, int64_t *seconds)
{
	int64_t total = 0;
	bool got = false, got_time = false;

	if (!s || *s++ != 'P')
		return -1;
	/* Weeks stand alone: PnW. */
	if (component(&s, 'W', 604800, &total, &got) == -1)
		return -1;
	if (!got) {
		if (component(&s, 'D', 86400, &total, &got) == -1)
			return -1;
		if (*s == 'T') {
			s++;
			if (component(&s, 'H', 3600, &total, &got_time) == -1 ||
			    component(&s, 'M', 60, &total, &got_time) == -1 ||
			    !got_time)
				return -1;
		}
	}
	if (*s || !(got || got_time) || total == 0)
		return -1;
	*seconds = total;
	return 0;
}

static int
step_index(const struct check *c, const char *id)
{
	for (size_t i = 0; i < c->n_steps; i++)
		if (STREQ(c->step_ids[i], id))
			return (int)i;
	return -1;
}

static int
check_due(struct check *c, const json_t *due, const char *path)
{
	static const char *const keys[] = { "from", "within", NULL };
	const char *from, *within;
	int64_t secs;

	if (jcheck_keys(&c->j, due, path, keys, keys) == -1)
		return -1;
	from = json_string_value(json_object_get(due, "from"));
	within = json_string_value(json_object_get(due, "within"));
	if (!from || (!STREQ(from, "case_opened") &&
	    !STREQ(from, "victim_identified") &&
	    (strncmp(from, "step:", 5) != 0 || step_index(c, from + 5) < 0)))
		return jcheck_bad(&c->j, jcheck_sub(&c->j, path, "from"), "\"%.40s\" is not a start: "
		    "use case_opened, victim_identified or step:ID of a step "
		    "of this SOP", from ? from : "");
	if (!within || sop_duration_parse(within, &secs) == -1)
		return jcheck_bad(&c->j, jcheck_sub(&c->j, path, "within"), "\"%.40s\" is not an "
		    "ISO 8601 duration: use P1D or PT24H", within ?
		    within : "");
	return 0;
}

static int
check_step(struct check *c, json_t *step, const char *path)
{
	const char *id = json_string_value(json_object_get(step, "id"));
	json_t *deps = json_object_get(step, "depends_on");
	json_t *v;
	size_t i;

	if (jcheck_text(&c->j, json_object_get(step, "title"), jcheck_sub(&c->j, path,
	    "title"), SOP_TEXT_MAX) == -1 ||
	    jcheck_text(&c->j, json_object_get(step, "guidance"), jcheck_sub(&c->j, path,
	    "guidance"), SOP_GUIDANCE_MAX) == -1 ||
	    jcheck_words(&c->j, json_object_get(step, "roles"), jcheck_sub(&c->j, path,
	    "roles"), step_roles, 1, "role") == -1)
		return -1;
	if (!json_is_boolean(json_object_get(step, "mandatory")))
		return jcheck_bad(&c->j, jcheck_sub(&c->j, path, "mandatory"), "not true or false: "
		    "say whether the step is mandatory");
	if (deps) {
		if (!json_is_array(deps))
			return jcheck_bad(&c->j, jcheck_sub(&c->j, path, "depends_on"), "not an "
			    "array: write [\"step_id\", ...]");
		json_array_foreach(deps, i, v) {
			const char *d = json_string_value(v);
			const char *p = jcheck_item(&c->j, jcheck_sub(&c->j, path, "depends_on"), i);

			if (!d || step_index(c, d) < 0)
				return jcheck_bad(&c->j, p, "unknown step \"%.40s\": name "
				    "a step of this SOP", d ? d : "");
			if (STREQ(d, id))
				return jcheck_bad(&c->j, p, "the step depends on itself: "
				    "remove it");
		}
	}
	v = json_object_get(step, "due");
	if (v && check_due(c, v, jcheck_sub(&c->j, path, "due")) == -1)
		return -1;
	v = json_object_get(step, "applies_when");
	if (v && jcheck_words(&c->j, v, jcheck_sub(&c->j, path, "applies_when"), conditions,
	    0, "condition") == -1)
		return -1;
	v = json_object_get(step, "gates");
	if (v && jcheck_words(&c->j, v, jcheck_sub(&c->j, path, "gates"), gates, 0,
	    "gate") == -1)
		return -1;
	v = json_object_get(step, "done_when");
	if (v && (!json_is_string(v) ||
	    !STREQ(json_string_value(v), SOP_DONE_WHEN_REFERRAL_ACCEPTED)))
		return jcheck_bad(&c->j, jcheck_sub(&c->j, path, "done_when"),
		    "not an event that does a step: write \"%s\" or leave "
		    "it out", SOP_DONE_WHEN_REFERRAL_ACCEPTED);
	return 0;
}

/* Collects step ids (checking shape and uniqueness) before any step's
 * references are checked. */
static int
collect_steps(struct check *c, json_t *phases)
{
	static const char *const phase_keys[] = { "id", "title", "steps",
	    NULL };
	static const char *const step_keys[] = { "id", "title", "guidance",
	    "roles", "mandatory", "depends_on", "due", "applies_when",
	    "gates", "done_when", NULL };
	static const char *const step_required[] = { "id", "title",
	    "guidance", "roles", "mandatory", NULL };
	size_t i, j, k;
	json_t *phase, *step;

	if (!json_is_array(phases) || json_array_size(phases) == 0)
		return jcheck_bad(&c->j, "phases", "no phases: an SOP needs at least one");
	json_array_foreach(phases, i, phase) {
		const char *ppath = jcheck_item(&c->j, "phases", i);
		json_t *steps = json_object_get(phase, "steps");

		if (jcheck_keys(&c->j, phase, ppath, phase_keys, phase_keys) == -1 ||
		    jcheck_id(&c->j, json_object_get(phase, "id"), jcheck_sub(&c->j, ppath,
		    "id"), 32, 1) == -1 ||
		    jcheck_text(&c->j, json_object_get(phase, "title"), jcheck_sub(&c->j,
		    ppath, "title"), SOP_TEXT_MAX) == -1)
			return -1;
		for (k = 0; k < i; k++)
			if (json_equal(json_object_get(json_array_get(phases,
			    k), "id"), json_object_get(phase, "id")))
				return jcheck_bad(&c->j, jcheck_sub(&c->j, ppath, "id"), "phase id "
				    "\"%s\" is used twice: make it unique",
				    json_string_value(json_object_get(phase,
				    "id")));
		if (!json_is_array(steps) || json_array_size(steps) == 0)
			return jcheck_bad(&c->j, jcheck_sub(&c->j, ppath, "steps"), "no steps: a "
			    "phase needs at least one");
		json_array_foreach(steps, j, step) {
			const char *spath = jcheck_item(&c->j, jcheck_sub(&c->j, ppath, "steps"), j);
			const char *id;

			if (jcheck_keys(&c->j, step, spath, step_keys,
			    step_required) == -1 ||
			    jcheck_id(&c->j, json_object_get(step, "id"), jcheck_sub(&c->j,
			    spath, "id"), 32, 1) == -1)
				return -1;
			id = json_string_value(json_object_get(step, "id"));
			if (step_index(c, id) >= 0)
				return jcheck_bad(&c->j, jcheck_sub(&c->j, spath, "id"), "step id "
				    "\"%s\" is used twice: make it unique", id);
			if (c->n_steps == SOP_MAX_STEPS)
				return jcheck_bad(&c->j, spath, "too many steps: at most "
				    "%d", SOP_MAX_STEPS);
			c->step_ids[c->n_steps] = id;
			c->steps[c->n_steps] = step;
			c->step_paths[c->n_steps++] = spath;
		}
	}
	return 0;
}

/* Depth-first search; state 0 unvisited, 1 on the path, 2 done. */
static int
find_cycle(struct check *c, size_t i, unsigned char *state, size_t *trail,
    size_t depth)
{
	json_t *deps = json_object_get(c->steps[i], "depends_on");
	size_t k;
	json_t *v;

	state[i] = 1;
	trail[depth] = i;
	json_array_foreach(deps, k, v) {
		size_t j = (size_t)step_index(c, json_string_value(v));

		if (state[j] == 1) {
			char chain[200] = "";
			size_t from = depth;

			while (from > 0 && trail[from] != j)
				from--;
			for (size_t t = from; t <= depth; t++) {
				size_t len = strlen(chain);

				snprintf(chain + len, sizeof(chain) - len,
				    "\"%s\" -> ", c->step_ids[trail[t]]);
			}
			return jcheck_bad(&c->j, jcheck_sub(&c->j, c->step_paths[i], "depends_on"),
			    "steps %s\"%s\" form a cycle: remove one "
			    "dependency", chain, c->step_ids[j]);
		}
		if (state[j] == 0 &&
		    find_cycle(c, j, state, trail, depth + 1) == -1)
			return -1;
	}
	state[i] = 2;
	return 0;
}

static int
check_sop(struct check *c, json_t *root, struct sop *sop)
{
	static const char *const keys[] = { "format", "id", "version",
	    "title", "summary", "case_kinds", "reflection_period_days",
	    "phases", NULL };
	static const char *const required[] = { "format", "id", "version",
	    "title", "case_kinds", "phases", NULL };
	static const char *const kinds[] = { "tip", "som", "tip+som",
	    "unclassified", NULL };
	const char *format;
	json_t *version, *summary, *reflection;
	unsigned char state[SOP_MAX_STEPS] = { 0 };
	size_t trail[SOP_MAX_STEPS];

	if (jcheck_keys(&c->j, root, "", keys, required) == -1)
		return -1;
	format = json_string_value(json_object_get(root, "format"));
	if (!format || !STREQ(format, SOP_FORMAT))
		return jcheck_bad(&c->j, "format", "not \"%s\": this tipsom reads SOPs "
		    "of format %s", SOP_FORMAT, SOP_FORMAT);
	version = json_object_get(root, "version");
	if (!json_is_integer(version) || json_integer_value(version) < 1 ||
	    json_integer_value(version) > 1000000)
		return jcheck_bad(&c->j, "version", "not a version: use a whole number "
		    "from 1");
	reflection = json_object_get(root, "reflection_period_days");
	if (reflection && (!json_is_integer(reflection) ||
	    json_integer_value(reflection) < 1 ||
	    json_integer_value(reflection) > SOP_REFLECTION_DAYS_MAX))
		return jcheck_bad(&c->j, "reflection_period_days", "not a "
		    "number of days: use a whole number from 1 to %d (the law "
		    "sets at least 30 in most countries)",
		    SOP_REFLECTION_DAYS_MAX);
	summary = json_object_get(root, "summary");
	if (jcheck_id(&c->j, json_object_get(root, "id"), "id", 32, 1) == -1 ||
	    jcheck_text(&c->j, json_object_get(root, "title"), "title",
	    SOP_TEXT_MAX) == -1 ||
	    (summary && jcheck_text(&c->j, summary, "summary",
	    SOP_GUIDANCE_MAX) == -1) ||
	    jcheck_words(&c->j, json_object_get(root, "case_kinds"),
	    "case_kinds", kinds, 1, "case kind") == -1 ||
	    collect_steps(c, json_object_get(root, "phases")) == -1)
		return -1;
	for (size_t i = 0; i < c->n_steps; i++)
		if (check_step(c, c->steps[i], c->step_paths[i]) == -1)
			return -1;
	for (size_t i = 0; i < c->n_steps; i++)
		if (state[i] == 0 && find_cycle(c, i, state, trail, 0) == -1)
			return -1;
	sop->id = json_string_value(json_object_get(root, "id"));
	sop->version = (int)json_integer_value(version);
	sop->n_phases = json_array_size(json_object_get(root, "phases"));
	sop->n_steps = c->n_steps;
	sop->reflection_days = reflection ?
	    (int)json_integer_value(reflection) : SOP_REFLECTION_DAYS_DEFAULT;
	return 0;
}

struct sop *
sop_parse(const char *text, size_t len, struct err *err)
{
	struct check c = { .j = { .err = err, .doc = "docs/sop-format.md" } };
	struct sop *sop = NULL;
	json_t *root = jcheck_load(&c.j, text, len, SOP_MAX_BYTES, "SOP");

	if (!root)
		return NULL;
	c.j.a = arena_new();
	sop = calloc(1, sizeof(*sop));
	if (!sop)
		abort();
	if (check_sop(&c, root, sop) == -1) {
		json_decref(root);
		free(sop);
		sop = NULL;
	} else {
		sop->root = root;
	}
	arena_free(&c.j.a);
	return sop;
}

void
sop_free(struct sop **sop)
{
	if (!sop || !*sop)
		return;
	json_decref((*sop)->root);
	free(*sop);
	*sop = NULL;
}

const char *
sop_id(const struct sop *sop)
{
	return sop->id;
}

int
sop_version(const struct sop *sop)
{
	return sop->version;
}

int
sop_reflection_days(const struct sop *sop)
{
	return sop->reflection_days;
}

size_t
sop_phase_count(const struct sop *sop)
{
	return sop->n_phases;
}

size_t
sop_step_count(const struct sop *sop)
{
	return sop->n_steps;
}

static void
count_missing(const json_t *text, const char *path, const char *lang,
    size_t *n, char *first, size_t size)
{
	if (!text || json_object_get(text, lang))
		return;
	if ((*n)++ == 0)
		snprintf(first, size, "%s", path);
}

size_t
sop_untranslated(const struct sop *sop, const char *lang, char *first,
    size_t size)
{
	const json_t *root = sop->root;
	size_t n = 0, i, j;
	json_t *phase, *step;
	char path[96];

	first[0] = '\0';
	count_missing(json_object_get(root, "title"), "title", lang, &n,
	    first, size);
	count_missing(json_object_get(root, "summary"), "summary", lang, &n,
	    first, size);
	json_array_foreach(json_object_get(root, "phases"), i, phase) {
		snprintf(path, sizeof(path), "phases[%zu].title", i);
		count_missing(json_object_get(phase, "title"), path, lang, &n,
		    first, size);
		json_array_foreach(json_object_get(phase, "steps"), j, step) {
			snprintf(path, sizeof(path),
			    "phases[%zu].steps[%zu].title", i, j);
			count_missing(json_object_get(step, "title"), path,
			    lang, &n, first, size);
			snprintf(path, sizeof(path),
			    "phases[%zu].steps[%zu].guidance", i, j);
			count_missing(json_object_get(step, "guidance"), path,
			    lang, &n, first, size);
		}
	}
	return n;
}

const json_t *
sop_definition(const struct sop *sop)
{
	return sop->root;
}

const char *
sop_text(const json_t *text, const char *lang)
{
	const char *s = lang ? json_string_value(json_object_get(text,
	    lang)) : NULL;

	return s ? s : json_string_value(json_object_get(text, "en"));
}

struct sop **
sop_shipped(size_t *n, struct err *err)
{
	struct sop **list;
	size_t count = 0;

	while (shipped_sops[count].name)
		count++;
	list = calloc(count + 1, sizeof(*list));
	if (!list)
		abort();
	for (size_t i = 0; i < count; i++) {
		list[i] = sop_parse((const char *)shipped_sops[i].data,
		    shipped_sops[i].size, err);
		if (!list[i]) {
			char why[sizeof(err->msg)];

			memcpy(why, err->msg, sizeof(why));
			err_set(err, ERR_INTERNAL, NULL, "shipped SOP %s is "
			    "invalid: %s", shipped_sops[i].name, why);
			while (i > 0)
				sop_free(&list[--i]);
			free(list);
			return NULL;
		}
	}
	*n = count;
	return list;
}
