/* SPDX-License-Identifier: Apache-2.0 */
/* training.c - the training sandbox, its exercises and groups. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
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
#include "core/case.h"
#include "core/casestudy.h"
#include "core/ctx.h"
#include "core/input.h"
#include "core/library.h"
#include "core/person.h"
#include "core/provider.h"
#include "core/sop.h"
#include "core/steps.h"
#include "core/training.h"
#include "model/json.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

#define SANDBOX_ADMIN		"training.admin"
#define SANDBOX_TRAINER		"trainer"
#define GROUP_TITLE_MAX		120

int
training_store_is(struct ctx *ctx, bool *is, struct err *err)
{
	return store_training_is(ctx->store, is, err);
}

/* A password for an account the sandbox makes: 80 random bits in four
 * groups a trainer can read out in class. */
static const char *
new_password(struct arena *a)
{
	char pw[4 * 5];

	vault_random_code(pw, 4);
	return arena_strdup(a, pw);
}

struct sandbox_write {
	const struct sandbox_input	*in;
	struct sandbox_result		*out;
};

static int
add_account(struct ctx *ctx, struct sandbox_result *out,
    const char *username, const char *full_name, const char *role,
    struct err *err)
{
	struct user_input in = { SANDBOX_AGENCY, username, full_name, role,
	    new_password(ctx->arena) };
	struct user_row row;

	if (user_add(ctx, &in, &row, err) == -1)
		return -1;
	out->accounts[out->n_accounts++] = (struct sandbox_account){
	    arena_strdup(ctx->arena, row.username), role, in.password };
	return 0;
}

/* Services a trainee refers to: the sandbox's own, so that a trainee can
 * also answer a referral and see the SOP step it does. */
static int
add_providers(struct ctx *ctx, struct err *err)
{
	static const char *const shelter[] = { "shelter", "psychosocial",
	    "child_protection" };
	static const char *const medical[] = { "medical", "psychosocial" };
	static const char *const legal[] = { "legal_aid", "interpretation",
	    "return_reintegration", "livelihood", "education" };
	static const char *const everyone[] = { "children", "women", "men",
	    "families" };
	static const char *const langs[] = { "ar", "ckb", "en" };
	const struct provider_input list[] = {
		{ .code = "TRN-SHELTER", .name = "Safe House (training)",
		    .agency = SANDBOX_AGENCY, .region = "Training",
		    .services = shelter, .n_services = ARRAY_SIZE(shelter) },
		{ .code = "TRN-CLINIC", .name = "Health Clinic (training)",
		    .agency = SANDBOX_AGENCY, .region = "Training",
		    .services = medical, .n_services = ARRAY_SIZE(medical) },
		{ .code = "TRN-LEGAL", .name = "Legal Aid and Return "
		    "(training)", .agency = SANDBOX_AGENCY,
		    .region = "Training", .services = legal,
		    .n_services = ARRAY_SIZE(legal) },
	};

	for (size_t i = 0; i < ARRAY_SIZE(list); i++) {
		struct provider_input in = list[i];
		struct provider_row row;

		in.accepts = everyone;
		in.n_accepts = ARRAY_SIZE(everyone);
		in.languages = langs;
		in.n_languages = ARRAY_SIZE(langs);
		in.capacity = -1;
		in.active = 1;
		if (provider_add(ctx, &in, &row, err) == -1)
			return -1;
	}
	return 0;
}

static int
sandbox_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct sandbox_write *s = arg;
	struct agency_input agency = { SANDBOX_AGENCY, "Training sandbox: "
	    "fictional cases only", "training_institute" };
	struct agency_row row;
	char now[TIMESTAMP_TEXT_SIZE];
	int kept;

	date_now_timestamp(now);
	if (store_training_mark(ctx->store, now, err) == -1 ||
	    agency_add(ctx, &agency, &row, err) == -1 ||
	    add_account(ctx, s->out, SANDBOX_ADMIN, "Training administrator",
	    "admin", err) == -1 ||
	    ctx_act_as(ctx, SANDBOX_ADMIN, err) == -1 ||
	    add_account(ctx, s->out, s->in->trainer, "Trainer", "trainer",
	    err) == -1)
		return -1;
	for (int i = 1; i <= s->in->trainees; i++) {
		char name[24], full[32];

		snprintf(name, sizeof(name), "trainee%02d", i);
		snprintf(full, sizeof(full), "Trainee %d", i);
		if (add_account(ctx, s->out, name, full, "trainee", err) == -1)
			return -1;
	}
	if (add_providers(ctx, err) == -1)
		return -1;
	return library_seed(ctx, &s->out->studies_added, &kept, err);
}

int
training_sandbox(struct ctx *ctx, const struct sandbox_input *in,
    struct sandbox_result *out, struct err *err)
{
	struct sandbox_input use = *in;
	struct agency_row *agencies;
	size_t n_agencies;
	bool training;
	int kept;

	*out = (struct sandbox_result){ 0 };
	if (!use.trainer)
		use.trainer = SANDBOX_TRAINER;
	if (use.trainees == 0)
		use.trainees = SANDBOX_TRAINEES_DEFAULT;
	if (use.trainees < 1 || use.trainees > SANDBOX_TRAINEES_MAX)
		return err_set(err, ERR_INVALID, "trainees", "%d trainees: "
		    "give 1 to %d (more can be added later with tipsom user "
		    "add)", use.trainees, SANDBOX_TRAINEES_MAX);
	if (user_check_username(use.trainer, err) == -1)
		return -1;
	if (store_training_is(ctx->store, &training, err) == -1)
		return -1;
	if (training) {
		ctx->actor = (struct actor){ .username = "system",
		    .system = true, .training = true };
		return library_seed(ctx, &out->studies_added, &kept, err);
	}
	if (agency_list(ctx, &agencies, &n_agencies, err) == -1)
		return -1;
	if (n_agencies > 0 || ctx_act_as_bootstrap(ctx, err) == -1)
		return err_set(err, ERR_CONFLICT, "db", "this store holds "
		    "agencies and is no training store: make the sandbox in a "
		    "new file (--db sqlite:training.db), never beside real "
		    "cases");
	out->made = true;
	out->accounts = arena_array(ctx->arena, (size_t)use.trainees + 2,
	    sizeof(*out->accounts));
	return ctx_transaction(ctx, sandbox_write,
	    &(struct sandbox_write){ &use, out }, err);
}

int
training_studies(struct ctx *ctx, const struct case_study ***out,
    size_t *n, struct err *err)
{
	struct definition_row *rows;
	size_t n_rows;
	const struct case_study **list;

	*n = 0;
	if (store_definition_list(ctx->store, DEFINITION_CASE_STUDY,
	    ctx->arena, &rows, &n_rows, err) == -1)
		return -1;
	list = arena_array(ctx->arena, n_rows + 1, sizeof(*list));
	for (size_t i = 0; i < n_rows; i++) {
		/* Lists are by id then version: keep each id's last. */
		if (i + 1 < n_rows && STREQ(rows[i].id, rows[i + 1].id))
			continue;
		if (library_case_study(ctx, rows[i].id, rows[i].version,
		    &list[*n], err) == -1)
			return -1;
		(*n)++;
	}
	*out = list;
	return 0;
}

/* Appends an event about a training object; changes (stolen) may be
 * NULL. */
static int
training_audit(struct ctx *ctx, const char *action, const char *type,
    int64_t id, int64_t case_id, json_t *changes, struct err *err)
{
	int rc = audit_append(ctx, &(struct audit_event){ .action = action,
	    .object_type = type, .object_id = arena_printf(ctx->arena, "%"
	    PRId64, id), .case_id = case_id,
	    .agency_id = ctx->actor.agency_id, .changes = changes }, err);

	json_decref(changes);
	return rc;
}

/* Exercises need a training store and the right to work them. */
static int
require_exercise(struct ctx *ctx, struct err *err)
{
	return access_require(ctx, PERM_TRAINING_EXERCISE, err);
}

struct start_write {
	const struct case_study		*cs;
	struct exercise_row		*e;
};

static const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Up to max strings of array key of o, into list. */
static size_t
jstrings(const json_t *o, const char *key, const char **list, size_t max)
{
	size_t i, n = 0;
	json_t *v;

	json_array_foreach(json_object_get(o, key), i, v)
		if (n < max)
			list[n++] = json_string_value(v);
	return n;
}

static int
add_study_person(struct ctx *ctx, const struct case_row *c,
    const json_t *p, int64_t exercise_id, struct err *err)
{
	const char *nationalities[8], *languages[8];
	struct person_input in = { .given = jstr(p, "given"),
	    .father = jstr(p, "father"), .family = jstr(p, "family"),
	    .sex = jstr(p, "sex"), .born = jstr(p, "born"),
	    .born_estimated = json_object_get(p, "born") != NULL,
	    .nationalities = nationalities, .languages = languages };
	struct person_row person;
	struct case_person_row role;
	char id[24];

	in.n_nationalities = jstrings(p, "nationalities", nationalities,
	    ARRAY_SIZE(nationalities));
	in.n_languages = jstrings(p, "languages", languages,
	    ARRAY_SIZE(languages));
	if (person_add(ctx, &in, &person, err) == -1)
		return -1;
	snprintf(id, sizeof(id), "%" PRId64, person.id);
	if (case_add_person(ctx, &(struct case_person_input){ .ref = c->ref,
	    .person_id = id, .role = jstr(p, "role"),
	    .presumed_child = json_is_true(json_object_get(p,
	    "presumed_child")), .needs_interpreter = json_is_true(
	    json_object_get(p, "needs_interpreter")),
	    .interpreter_language = json_is_true(json_object_get(p,
	    "needs_interpreter")) && in.n_languages ? languages[0] : NULL },
	    &role, err) == -1)
		return -1;
	return store_exercise_person_insert(ctx->store, exercise_id,
	    jstr(p, "id"), person.id, err);
}

static int
start_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct start_write *s = arg;
	const json_t *def = case_study_definition(s->cs);
	struct case_row c;
	char now[TIMESTAMP_TEXT_SIZE];
	size_t i;
	json_t *p;

	if (case_check(ctx, &(struct case_input){ .title = sop_text(
	    json_object_get(def, "title"), "en") }, &c, err) == -1)
		return -1;
	c.sop_id = case_study_sop(s->cs);
	if (case__insert(ctx, &c, err) == -1 ||
	    case__audit(ctx, "case.open", &c, json_pack("{s:s, s:s, s:s}",
	    "kind", case_kind_name(c.kind), "sop", c.sop_id, "exercise",
	    case_study_id(s->cs)), err) == -1)
		return -1;
	date_now_timestamp(now);
	s->e->case_id = c.id;
	s->e->case_ref = c.ref;
	s->e->study_id = case_study_id(s->cs);
	s->e->study_version = case_study_version(s->cs);
	s->e->trainee_id = ctx->actor.user_id;
	s->e->trainee = arena_strdup(ctx->arena, ctx->actor.username);
	s->e->started_at = arena_strdup(ctx->arena, now);
	if (store_exercise_insert(ctx->store, s->e, err) == -1)
		return -1;
	json_array_foreach(json_object_get(def, "persons"), i, p)
		if (add_study_person(ctx, &c, p, s->e->id, err) == -1)
			return -1;
	return training_audit(ctx, "exercise.start", "exercise", s->e->id,
	    c.id, json_pack("{s:s, s:i, s:I}", "study", s->e->study_id,
	    "version", s->e->study_version, "group",
	    (json_int_t)s->e->group_id), err);
}

static int
open_group(struct ctx *ctx, int64_t group_id, struct exercise_group_row *g,
    struct err *err)
{
	if (store_exercise_group_get(ctx->store, group_id, ctx->arena, g,
	    err) == -1 || g->agency_id != ctx->actor.agency_id)
		return err_set(err, ERR_NOT_FOUND, "group", "no exercise "
		    "group %" PRId64 ": ask your trainer for its number",
		    group_id);
	if (g->closed_at)
		return err_set(err, ERR_CONFLICT, "group", "exercise group %"
		    PRId64 " was closed at %.16s: ask your trainer for an open "
		    "one", group_id, g->closed_at);
	return 0;
}

int
exercise_start(struct ctx *ctx, const char *study_id, int64_t group_id,
    struct exercise_row *out, struct err *err)
{
	const struct case_study *cs;
	struct exercise_group_row g;
	int rc;

	*out = (struct exercise_row){ .group_id = group_id };
	if (require_exercise(ctx, err) == -1)
		return -1;
	if (group_id > 0) {
		if (open_group(ctx, group_id, &g, err) == -1)
			return -1;
		if (study_id && *study_id && !STREQ(study_id, g.study_id))
			return err_set(err, ERR_INVALID, "study", "group %"
			    PRId64 " works case study %s, not %.48s: leave the "
			    "case study out", group_id, g.study_id, study_id);
		study_id = g.study_id;
		if (library_case_study(ctx, g.study_id, g.study_version, &cs,
		    err) == -1)
			return -1;
	} else {
		if (!study_id || !*study_id)
			return err_set(err, ERR_INVALID, "study", "no case "
			    "study given: name one (tipsom train case-studies)");
		if (library_case_study(ctx, study_id, 0, &cs, err) == -1)
			return err->code == ERR_NOT_FOUND ? err_set(err,
			    ERR_NOT_FOUND, "study", "no case study \"%.48s\" "
			    "in this store: see tipsom train case-studies",
			    study_id) : -1;
	}
	rc = ctx_transaction(ctx, start_write, &(struct start_write){ cs,
	    out }, err);
	if (rc == -1 && err->code == ERR_CONFLICT && group_id > 0)
		return err_set(err, ERR_CONFLICT, "group", "you have an "
		    "exercise in group %" PRId64 " already: carry on with it",
		    group_id);
	return rc;
}

/* What the trainee did, read from the case as it stands. */
static int
read_work(struct ctx *ctx, struct exercise_view *v, struct err *err)
{
	struct exercise_work *w = &v->w;
	struct exercise_person_row *keys;
	struct case_person_row *roles;
	struct screening_row *screens;
	struct referral_row *refs;
	struct exercise_refusal_row *refused;
	struct assessment_row a;
	struct case_steps cs;
	size_t n_keys, n_roles, n_screens, n_refs, n_refused;
	struct exercise_person *persons;
	struct exercise_screening *sc;
	struct exercise_referral *rf;
	const char **steps;

	if (store_case_by_id(ctx->store, v->e.case_id, ctx->arena, &cs.c,
	    err) == -1 || case__open_summary(ctx, &cs.c, err) == -1 ||
	    case__steps_of(ctx, &cs.c, &cs, err) == -1)
		return -1;
	v->sop = cs.sop;
	*w = (struct exercise_work){ .kind = cs.c.kind,
	    .events = cs.in.events, .n_events = cs.in.n_events,
	    .facts = cs.in.facts, .n_facts = cs.in.n_facts };
	if (store_assessment_latest(ctx->store, cs.c.id, ctx->arena, &a,
	    err) == 0) {
		w->classified = a.decision >= 0;
		w->assessed = legal_parse(a.elements, strlen(a.elements),
		    &w->elements, err) == 0;
		*err = (struct err)ERR_INIT;
	} else if (err->code != ERR_NOT_FOUND) {
		return -1;
	} else {
		*err = (struct err)ERR_INIT;	/* none yet is no error */
	}
	if (store_exercise_persons(ctx->store, v->e.id, ctx->arena, &keys,
	    &n_keys, err) == -1 ||
	    store_case_person_list(ctx->store, cs.c.id, ctx->arena, &roles,
	    &n_roles, err) == -1 ||
	    store_screening_list(ctx->store, cs.c.id, 0, ctx->arena, &screens,
	    &n_screens, err) == -1 ||
	    store_referral_list(ctx->store, &(struct referral_filter){
	    .case_id = cs.c.id, .status = -1 }, ctx->arena, &refs, &n_refs,
	    err) == -1 ||
	    store_exercise_refusals(ctx->store, v->e.id, ctx->arena, &refused,
	    &n_refused, err) == -1)
		return -1;
	persons = arena_array(ctx->arena, n_keys + 1, sizeof(*persons));
	for (size_t i = 0; i < n_keys; i++) {
		enum case_role *held = arena_array(ctx->arena, n_roles + 1,
		    sizeof(*held));
		size_t n = 0;

		for (size_t j = 0; j < n_roles; j++)
			if (roles[j].person_id == keys[i].person_id)
				held[n++] = roles[j].role;
		persons[i] = (struct exercise_person){ keys[i].key,
		    keys[i].person_id, held, n };
	}
	sc = arena_array(ctx->arena, n_screens + 1, sizeof(*sc));
	for (size_t i = 0; i < n_screens; i++)
		sc[i] = (struct exercise_screening){ screens[i].person_id,
		    screens[i].outcome };
	rf = arena_array(ctx->arena, n_refs + 1, sizeof(*rf));
	for (size_t i = 0; i < n_refs; i++)
		rf[i] = (struct exercise_referral){ refs[i].person_id,
		    refs[i].service, !refs[i].consent.withdrawn_at };
	steps = arena_array(ctx->arena, n_refused + 1, sizeof(*steps));
	for (size_t i = 0; i < n_refused; i++)
		steps[i] = refused[i].step;
	w->persons = persons;
	w->n_persons = n_keys;
	w->screenings = sc;
	w->n_screenings = n_screens;
	w->referrals = rf;
	w->n_referrals = n_refs;
	w->refused = steps;
	w->n_refused = n_refused;
	return 0;
}

/* A trainee sees their own exercises, a trainer their agency's. */
static int
may_see(struct ctx *ctx, const struct exercise_row *e, bool *trainer,
    struct err *err)
{
	struct user_row u;

	*trainer = access_may(ctx, PERM_TRAINING_MANAGE);
	if (e->trainee_id == ctx->actor.user_id)
		return 0;
	if (*trainer && store_user_by_id(ctx->store, e->trainee_id,
	    ctx->arena, &u, err) == 0 && u.agency_id == ctx->actor.agency_id)
		return 0;
	return err_set(err, ERR_NOT_FOUND, "exercise", "no exercise %" PRId64
	    ": see your exercises (tipsom train exercises)", e->id);
}

static int
view_of(struct ctx *ctx, const struct exercise_row *e,
    struct exercise_view *out, struct err *err)
{
	*out = (struct exercise_view){ .e = *e };
	if (library_case_study(ctx, e->study_id, e->study_version, &out->cs,
	    err) == -1 || read_work(ctx, out, err) == -1)
		return -1;
	exscore_run(out->cs, &out->w, ctx->arena, &out->score);
	return 0;
}

int
exercise_show(struct ctx *ctx, int64_t id, struct exercise_view *out,
    struct err *err)
{
	struct exercise_row e;
	bool trainer;

	*out = (struct exercise_view){ 0 };
	if (require_exercise(ctx, err) == -1)
		return -1;
	if (store_exercise_get(ctx->store, id, ctx->arena, &e, err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "exercise", "no exercise %"
			    PRId64 ": see your exercises (tipsom train "
			    "exercises)", id);
		return -1;
	}
	if (may_see(ctx, &e, &trainer, err) == -1 ||
	    view_of(ctx, &e, out, err) == -1)
		return -1;
	out->trainer = trainer;
	return 0;
}

int
exercise_of_case(struct ctx *ctx, const char *ref,
    struct exercise_view *out, struct err *err)
{
	struct case_row c;
	struct exercise_row e;

	*out = (struct exercise_view){ 0 };
	if (case__find(ctx, ref, PERM_CASE_READ, &c, err) == -1)
		return -1;
	/* Outside a training store no case is one. */
	if (!ctx->actor.training || store_exercise_by_case(ctx->store, c.id,
	    ctx->arena, &e, err) == -1) {
		if (!ctx->actor.training || err->code == ERR_NOT_FOUND)
			err_set(err, ERR_NOT_FOUND, "ref", "case %s is no "
			    "exercise", c.ref);
		return -1;
	}
	return exercise_show(ctx, e.id, out, err);
}

struct finish_write {
	int64_t			 id;
	struct exercise_view	*v;
};

static int
finish_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct finish_write *f = arg;
	struct exercise_view *v = f->v;
	char now[TIMESTAMP_TEXT_SIZE];

	if (exercise_show(ctx, f->id, v, err) == -1)
		return -1;
	if (v->e.trainee_id != ctx->actor.user_id)
		return err_set(err, ERR_FORBIDDEN, "exercise", "exercise %"
		    PRId64 " is %s's: only the trainee finishes it", f->id,
		    v->e.trainee);
	if (v->e.finished_at)
		return err_set(err, ERR_CONFLICT, "exercise", "exercise %"
		    PRId64 " was finished at %.16s: start another to try "
		    "again", f->id, v->e.finished_at);
	date_now_timestamp(now);
	v->e.finished_at = arena_strdup(ctx->arena, now);
	v->e.points = v->score.points;
	v->e.max_points = v->score.max;
	if (store_exercise_finish(ctx->store, f->id, now, v->score.points,
	    v->score.max, err) == -1)
		return -1;
	return training_audit(ctx, "exercise.finish", "exercise", f->id,
	    v->e.case_id, json_pack("{s:i, s:i, s:I}", "points",
	    v->score.points, "max", v->score.max, "pending",
	    (json_int_t)v->score.pending), err);
}

int
exercise_finish(struct ctx *ctx, int64_t id, struct exercise_view *out,
    struct err *err)
{
	return ctx_transaction(ctx, finish_write,
	    &(struct finish_write){ id, out }, err);
}

int
exercise_list(struct ctx *ctx, struct exercise_row **rows, size_t *n,
    struct err *err)
{
	bool trainer;

	if (require_exercise(ctx, err) == -1)
		return -1;
	trainer = access_may(ctx, PERM_TRAINING_MANAGE);
	return store_exercise_list(ctx->store, trainer ? 0 :
	    ctx->actor.user_id, 0, ctx->actor.agency_id, ctx->arena, rows, n,
	    err);
}

void
exercise__note_refusal(struct ctx *ctx, const char *ref, const char *step,
    const char *reason)
{
	struct err err = ERR_INIT;
	struct case_row c;
	struct exercise_row e;
	char now[TIMESTAMP_TEXT_SIZE];

	/* Best effort: the refusal the trainee sees is what matters; a
	 * failure here only loses the mark against them. */
	if (!ctx->actor.training ||
	    store_case_by_ref(ctx->store, ref, ctx->arena, &c, &err) == -1 ||
	    store_exercise_by_case(ctx->store, c.id, ctx->arena, &e,
	    &err) == -1 || e.finished_at)
		return;
	date_now_timestamp(now);
	if (store_begin(ctx->store, &err) == -1)
		return;
	if (store_exercise_refusal_insert(ctx->store, e.id, step, reason, now,
	    &err) == -1) {
		store_rollback(ctx->store);
		return;
	}
	if (store_commit(ctx->store, &err) == -1)
		store_rollback(ctx->store);
}

json_t *
exercise_row_json(const struct exercise_row *e)
{
	return json_pack("{s:I, s:s, s:s, s:i, s:s, s:o, s:s, s:o, s:o, "
	    "s:o}", "id", (json_int_t)e->id, "case_ref", e->case_ref,
	    "study", e->study_id, "study_version", e->study_version,
	    "trainee", e->trainee, "group", e->group_id > 0 ?
	    json_integer(e->group_id) : json_null(), "started_at",
	    e->started_at, "finished_at", json_string_or_null(
	    e->finished_at), "points",
	    e->finished_at ? json_integer(e->points) : json_null(),
	    "max_points", e->finished_at ? json_integer(e->max_points) :
	    json_null());
}

static json_t *
text_json(const json_t *text, const char *lang)
{
	const char *s = sop_text(text, lang);

	return s ? json_string(s) : json_null();
}

/* The definition of step in v's SOP, or NULL. */
static const json_t *
sop_step(const struct exercise_view *v, const char *step)
{
	const json_t *def = sop_definition(v->sop);
	size_t i, j;
	json_t *phase, *s;

	json_array_foreach(json_object_get(def, "phases"), i, phase)
		json_array_foreach(json_object_get(phase, "steps"), j, s)
			if (step && STREQ(step, json_string_value(
			    json_object_get(s, "id"))))
				return s;
	return NULL;
}

/* The step an item's feedback quotes the SOP's guidance of. */
static json_t *
guidance_json(const struct exercise_view *v, const char *step,
    const char *lang)
{
	const json_t *s = sop_step(v, step);

	if (!s)
		return json_null();
	return json_pack("{s:s, s:o, s:o}", "step", step, "title",
	    text_json(json_object_get(s, "title"), lang), "guidance",
	    text_json(json_object_get(s, "guidance"), lang));
}

static json_t *
item_json(const struct exercise_view *v, const struct exercise_item *it,
    const char *lang)
{
	bool open = v->e.finished_at || v->trainer ||
	    it->state == EXITEM_RIGHT || it->state == EXITEM_WRONG ||
	    it->state == EXITEM_BROKEN;

	/* A pending item or a trap not fallen into gives nothing away
	 * until the exercise is over. */
	if (!open)
		return json_pack("{s:s, s:s}", "part", it->part, "state",
		    exercise_item_state_name(it->state));
	return json_pack("{s:s, s:s, s:s, s:i, s:i, s:o, s:o, s:o, s:o}",
	    "part", it->part, "id", it->id, "state",
	    exercise_item_state_name(it->state), "points", it->points, "max",
	    it->max, "expected", json_string_or_null(it->expected), "given",
	    json_string_or_null(it->given), "why",
	    text_json(it->why, lang), "sop", guidance_json(v, it->step,
	    lang));
}

json_t *
exercise_view_json(const struct exercise_view *v, const char *lang)
{
	const json_t *def = case_study_definition(v->cs);
	json_t *found = json_array(), *items = json_array();
	json_t *objectives = json_array(), *o = exercise_row_json(&v->e);
	size_t i, hidden = 0;
	json_t *d;

	json_array_foreach(json_object_get(def, "discoveries"), i, d) {
		if (!exscore_opened(d, &v->w)) {
			hidden++;
			continue;
		}
		json_array_append_new(found, json_pack("{s:s, s:s, s:o, s:o}",
		    "id", jstr(d, "id"), "kind", jstr(d, "kind"), "title",
		    text_json(json_object_get(d, "title"), lang), "text",
		    text_json(json_object_get(d, "text"), lang)));
	}
	json_array_foreach(json_object_get(def, "objectives"), i, d)
		json_array_append_new(objectives, text_json(d, lang));
	for (size_t k = 0; k < v->score.n_items; k++)
		json_array_append_new(items, item_json(v, &v->score.items[k],
		    lang));
	json_object_update_missing_new(o, json_pack("{s:{s:s, s:i, s:o, s:s, s:s, s:o, "
	    "s:o}, s:o, s:o, s:I, s:{s:i, s:i, s:i, s:I}, s:o}",
	    "case_study", "id", case_study_id(v->cs), "version",
	    case_study_version(v->cs), "title", text_json(json_object_get(def,
	    "title"), lang), "sop", case_study_sop(v->cs), "level",
	    jstr(def, "level"), "objectives", objectives, "summary",
	    v->trainer || v->e.finished_at ? text_json(json_object_get(def,
	    "summary"), lang) : json_null(),
	    "story", text_json(json_object_get(def, "story"), lang),
	    "discoveries", found, "hidden_discoveries", (json_int_t)hidden,
	    "score", "points", v->score.points, "max", v->score.max,
	    "percent", v->score.percent, "pending",
	    (json_int_t)v->score.pending, "feedback", items));
	return o;
}

int
group_create(struct ctx *ctx, const char *study_id, const char *title,
    struct exercise_group_row *out, struct err *err)
{
	const struct case_study *cs;
	char now[TIMESTAMP_TEXT_SIZE];
	const char *clean;

	*out = (struct exercise_group_row){ 0 };
	if (require_exercise(ctx, err) == -1 ||
	    access_require(ctx, PERM_TRAINING_MANAGE, err) == -1 ||
	    input_text(ctx, title, GROUP_TITLE_MAX, TEXT_REQUIRED, "title",
	    &clean, err) == -1)
		return -1;
	if (!study_id || !*study_id)
		return err_set(err, ERR_INVALID, "study", "no case study given: "
		    "name one (tipsom train case-studies)");
	if (library_case_study(ctx, study_id, 0, &cs, err) == -1)
		return err->code == ERR_NOT_FOUND ? err_set(err, ERR_NOT_FOUND,
		    "study", "no case study \"%.48s\" in this store: see "
		    "tipsom train case-studies", study_id) : -1;
	date_now_timestamp(now);
	*out = (struct exercise_group_row){ .study_id = case_study_id(cs),
	    .study_version = case_study_version(cs), .title = clean,
	    .trainer_id = ctx->actor.user_id,
	    .trainer = arena_strdup(ctx->arena, ctx->actor.username),
	    .agency_id = ctx->actor.agency_id,
	    .created_at = arena_strdup(ctx->arena, now) };
	if (store_begin(ctx->store, err) == -1)
		return -1;
	if (store_exercise_group_insert(ctx->store, out, err) == -1 ||
	    training_audit(ctx, "exercise.group_create", "group", out->id, 0,
	    json_pack("{s:s, s:i}", "study", out->study_id, "version",
	    out->study_version), err) == -1 ||
	    store_commit(ctx->store, err) == -1) {
		store_rollback(ctx->store);
		return -1;
	}
	return 0;
}

int
group_list(struct ctx *ctx, struct exercise_group_row **rows, size_t *n,
    struct err *err)
{
	if (require_exercise(ctx, err) == -1)
		return -1;
	return store_exercise_group_list(ctx->store, ctx->actor.agency_id,
	    ctx->arena, rows, n, err);
}

static int
trainer_group(struct ctx *ctx, int64_t id, struct exercise_group_row *g,
    struct err *err)
{
	if (require_exercise(ctx, err) == -1 ||
	    access_require(ctx, PERM_TRAINING_MANAGE, err) == -1)
		return -1;
	if (store_exercise_group_get(ctx->store, id, ctx->arena, g,
	    err) == -1 || g->agency_id != ctx->actor.agency_id)
		return err_set(err, ERR_NOT_FOUND, "group", "no exercise group "
		    "%" PRId64 ": see tipsom train groups", id);
	return 0;
}

int
group_close(struct ctx *ctx, int64_t id, struct exercise_group_row *out,
    struct err *err)
{
	char now[TIMESTAMP_TEXT_SIZE];

	if (trainer_group(ctx, id, out, err) == -1)
		return -1;
	if (out->closed_at)
		return err_set(err, ERR_CONFLICT, "group", "group %" PRId64
		    " was closed at %.16s already", id, out->closed_at);
	date_now_timestamp(now);
	out->closed_at = arena_strdup(ctx->arena, now);
	if (store_begin(ctx->store, err) == -1)
		return -1;
	if (store_exercise_group_close(ctx->store, id, now, err) == -1 ||
	    training_audit(ctx, "exercise.group_close", "group", id, 0, NULL,
	    err) == -1 ||
	    store_commit(ctx->store, err) == -1) {
		store_rollback(ctx->store);
		return -1;
	}
	return 0;
}

int
group_show(struct ctx *ctx, int64_t id, struct group_view *out,
    struct err *err)
{
	struct exercise_row *rows;
	size_t n;

	*out = (struct group_view){ 0 };
	if (trainer_group(ctx, id, &out->g, err) == -1 ||
	    store_exercise_list(ctx->store, 0, id, 0, ctx->arena, &rows, &n,
	    err) == -1)
		return -1;
	out->members = arena_array(ctx->arena, n + 1, sizeof(*out->members));
	for (size_t i = 0; i < n; i++) {
		if (view_of(ctx, &rows[i], &out->members[i], err) == -1)
			return -1;
		out->members[i].trainer = true;
	}
	out->n_members = n;
	return 0;
}

json_t *
group_row_json(const struct exercise_group_row *g)
{
	return json_pack("{s:I, s:s, s:i, s:s, s:s, s:s, s:o}", "id",
	    (json_int_t)g->id, "study", g->study_id, "study_version",
	    g->study_version, "title", g->title, "trainer", g->trainer,
	    "created_at", g->created_at, "closed_at",
	    json_string_or_null(g->closed_at));
}

/* What the trainer watches: each trainee's score and last step. */
json_t *
group_view_json(const struct group_view *v, const char *lang)
{
	json_t *members = json_array(), *o = group_row_json(&v->g);

	for (size_t i = 0; i < v->n_members; i++) {
		const struct exercise_view *m = &v->members[i];
		const struct step_event_row *last = m->w.n_events ?
		    &m->w.events[m->w.n_events - 1] : NULL;
		size_t broken = 0, wrong = 0, right = 0;

		for (size_t k = 0; k < m->score.n_items; k++) {
			enum exercise_item_state s = m->score.items[k].state;

			broken += s == EXITEM_BROKEN;
			wrong += s == EXITEM_WRONG;
			right += s == EXITEM_RIGHT;
		}
		const json_t *step = last ? sop_step(m, last->step_id) : NULL;

		json_array_append_new(members, json_pack("{s:I, s:s, s:s, "
		    "s:i, s:i, s:i, s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:o, "
		    "s:o}",
		    "exercise", (json_int_t)m->e.id, "trainee", m->e.trainee,
		    "case_ref", m->e.case_ref, "points", m->score.points, "max",
		    m->score.max, "percent", m->score.percent, "right",
		    (json_int_t)right, "wrong", (json_int_t)wrong, "broken",
		    (json_int_t)broken, "pending", (json_int_t)m->score.pending,
		    "steps_done", (json_int_t)m->w.n_events, "last_step",
		    json_string_or_null(last ? last->step_id : NULL),
		    "last_step_title", step ? text_json(json_object_get(step,
		    "title"), lang) : json_null(),
		    "last_at", json_string_or_null(last ? last->at : NULL),
		    "finished_at", json_string_or_null(m->e.finished_at)));
	}
	json_object_set_new(o, "members", members);
	return o;
}
