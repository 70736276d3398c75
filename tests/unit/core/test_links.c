/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_links.c - identifiers linked to persons and cases: what a link
 * must hold, the network's depth and cap, that it shows only what the
 * actor may see (another agency's case neither returned nor counted, a
 * case shared for assistance showing no links), the audit of names, and
 * call records refused whole with the line and column of the first error.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "core/case.h"
#include "core/links.h"
#include "core/person.h"
#include "core/share.h"
#include "search/network.h"
#include "base/banned.h"

#define PASSWORD	"Correct-Horse-Erbil-2026"

/*
 * The world: KRI-MOI's cases c1 (victim p1, suspect p2) and c2 (witness
 * p3), IQ-MOI's case c3 (suspect p4).  p2's phone is in c1, and p3's in
 * c2 is the same number typed otherwise; c3 has it too; c2 has a vehicle.
 */
struct world {
	struct unit_env	*env;
	char		 c1[32], c2[32], c3[32];
	char		 p1[8], p2[8], p3[8], p4[8];
	int64_t		 vehicle;	/* its identifier's id */
};

static void
as(struct world *w, const char *username)
{
	unit_as(w->env, username);
}

static void
open_case(struct world *w, const char *title, char *ref)
{
	struct case_row c;

	must(case_open(&w->env->ctx, &(struct case_input){ .title = title,
	    .kind = "tip" }, &c, &w->env->err), w->env, title);
	snprintf(ref, 32, "%s", c.ref);
}

static void
person_in(struct world *w, const char *ref, const char *given,
    const char *role, char *id)
{
	struct person_row p;
	struct case_person_row cp;

	must(person_add(&w->env->ctx, &(struct person_input){ .given = given,
	    .born = "1990" }, &p, &w->env->err), w->env, given);
	snprintf(id, 8, "%" PRId64, p.id);
	must(case_add_person(&w->env->ctx, &(struct case_person_input){
	    .ref = ref, .person_id = id, .role = role }, &cp, &w->env->err),
	    w->env, role);
}

/* The id of the identifier linked. */
static int64_t
add_link(struct world *w, const char *ref, const char *person, const char *kind,
    const char *value)
{
	struct link_row l;

	must(links_add(&w->env->ctx, &(struct link_input){ .ref = ref,
	    .person_id = person, .kind = kind, .value = value }, &l,
	    &w->env->err), w->env, value);
	return l.identifier_id;
}

static int
setup(void **state)
{
	static const char *const agencies[][2] = {
		{ "KRI-MOI", "law_enforcement" },
		{ "IQ-MOI", "law_enforcement" },
	};
	static const char *const users[][3] = {
		{ "inv", "KRI-MOI", "investigator" },
		{ "sup", "KRI-MOI", "supervisor" },
		{ "pro", "KRI-MOI", "prosecutor" },
		{ "other", "IQ-MOI", "investigator" },
	};
	struct world *w = calloc(1, sizeof(*w));
	struct unit_env *env = unit_env_new();

	if (!env || !w)
		return -1;
	w->env = env;
	unit_people(env, agencies, ARRAY_SIZE(agencies), users,
	    ARRAY_SIZE(users), PASSWORD);
	as(w, "inv");
	open_case(w, "Salon", w->c1);
	person_in(w, w->c1, "Noor", "victim", w->p1);
	person_in(w, w->c1, "Maher", "suspect", w->p2);
	open_case(w, "Kiln", w->c2);
	person_in(w, w->c2, "Aras", "witness", w->p3);
	add_link(w, w->c1, w->p2, "phone", "+963 900 000 002");
	add_link(w, w->c2, w->p3, "phone", "00963-900-000-002");
	w->vehicle = add_link(w, w->c2, NULL, "vehicle", "Erbil 22-B 31337");
	as(w, "other");
	open_case(w, "Brick", w->c3);
	person_in(w, w->c3, "Haidar", "suspect", w->p4);
	add_link(w, w->c3, w->p4, "phone", "+963900000002");
	*state = w;
	return 0;
}

static void
test_add_refusals(void **state)
{
	struct world *w = *state;
	const struct {
		struct link_input	 in;
		int			 code;
		const char		*field;
	} rows[] = {
		{ { .ref = w->c1, .value = "0750 123 4567" }, ERR_INVALID,
		    "kind" },
		{ { .ref = w->c1, .kind = "pager", .value = "1" },
		    ERR_INVALID, "kind" },
		{ { .ref = w->c1, .kind = "phone" }, ERR_INVALID, "value" },
		{ { .ref = w->c1, .kind = "phone", .value = "call me" },
		    ERR_INVALID, "value" },
		{ { .ref = w->c1, .kind = "email", .value = "no mail" },
		    ERR_INVALID, "value" },
		{ { .kind = "phone", .value = "0750 123 4567" }, ERR_INVALID,
		    "ref" },
		{ { .ref = w->c1, .person_id = w->p3, .kind = "phone",
		    .value = "0750 123 4567" }, ERR_INVALID, "person_id" },
		{ { .person_id = w->p4, .kind = "phone",
		    .value = "0750 123 4567" }, ERR_NOT_FOUND, "person_id" },
		{ { .ref = w->c3, .kind = "phone", .value = "0750 123 4567" },
		    ERR_NOT_FOUND, "ref" },
		/* p2's number, typed another way: linked already. */
		{ { .ref = w->c1, .person_id = w->p2, .kind = "phone",
		    .value = "0096 3900 000 002" }, ERR_CONFLICT, "value" },
	};
	struct link_row l;
	int64_t audited;

	as(w, "inv");
	audited = unit_audit_count(w->env);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		err_clear(&w->env->err);
		if (links_add(&w->env->ctx, &rows[i].in, &l,
		    &w->env->err) != -1)
			fail_msg("row %zu was accepted", i);
		if (w->env->err.code != (enum err_code)rows[i].code ||
		    !STREQ(w->env->err.field, rows[i].field))
			fail_msg("row %zu: %s on \"%s\" (%s), want %s on %s", i,
			    err_code_name(w->env->err.code),
			    w->env->err.field, w->env->err.msg,
			    err_code_name(rows[i].code), rows[i].field);
	}
	assert_int_equal(unit_audit_count(w->env), audited);
	/* A prosecutor reads cases but does not record links. */
	as(w, "pro");
	assert_int_equal(links_add(&w->env->ctx, &(struct link_input){
	    .ref = w->c1, .kind = "hawala", .value = "HWL-1" }, &l,
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_FORBIDDEN);
	/* A person's link without a case, then its removal, kept. */
	as(w, "inv");
	must(links_add(&w->env->ctx, &(struct link_input){
	    .person_id = w->p1, .kind = "social_media",
	    .value = "@Noor.S", .note = "Her profile" }, &l, &w->env->err),
	    w->env, "person link");
	assert_string_equal(l.normalised, "noor.s");
	assert_null(l.case_ref);
	assert_int_equal(unit_audit_count(w->env), audited + 1);
	as(w, "other");
	assert_int_equal(links_remove(&w->env->ctx, arena_printf(
	    w->env->ctx.arena, "%" PRId64, l.id), &l, &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_NOT_FOUND);
	as(w, "inv");
	must(links_remove(&w->env->ctx, arena_printf(w->env->ctx.arena,
	    "%" PRId64, l.id), &l, &w->env->err), w->env, "remove");
	assert_int_equal(links_remove(&w->env->ctx, arena_printf(
	    w->env->ctx.arena, "%" PRId64, l.id), &l, &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_CONFLICT);
	assert_int_equal(unit_audit_count(w->env), audited + 2);
}

/* Whether net has the node (type, id). */
static bool
has(const struct network *net, enum network_node_type type, int64_t id)
{
	for (size_t i = 0; i < net->n_nodes; i++)
		if (net->nodes[i].type == type && net->nodes[i].id == id)
			return true;
	return false;
}

static int64_t
case_id(struct world *w, const char *ref)
{
	struct case_row c;

	must(store_case_by_ref(w->env->ctx.store, ref, w->env->ctx.arena, &c,
	    &w->env->err), w->env, ref);
	return c.id;
}

static int64_t
num(const char *s)
{
	return strtoll(s, NULL, 10);
}

static void
test_network(void **state)
{
	static const struct {
		const char	*depth;
		size_t		 nodes;		/* c1, p1, p2, phone; c2, p3;
						 * the vehicle */
		bool		 vehicle;
	} rows[] = {
		{ "1", 6, false },
		{ "2", 7, true },
		{ NULL, 7, true },
		{ "3", 7, true },
	};
	struct world *w = *state;
	struct network net;
	int64_t audited;

	as(w, "inv");
	audited = unit_audit_count(w->env);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		must(links_network(&w->env->ctx, &(struct links_network_query){
		    .ref = w->c1, .depth = rows[i].depth }, &net,
		    &w->env->err), w->env, "network");
		if (net.n_nodes != rows[i].nodes ||
		    has(&net, NODE_IDENTIFIER, w->vehicle) != rows[i].vehicle)
			fail_msg("row %zu depth %s: %zu nodes, want %zu", i,
			    rows[i].depth ? rows[i].depth : "default",
			    net.n_nodes, rows[i].nodes);
		/* IQ-MOI's case shares the number: never shown, never
		 * counted, and its suspect neither. */
		if (has(&net, NODE_CASE, case_id(w, w->c3)) ||
		    has(&net, NODE_PERSON, num(w->p4)) || net.truncated)
			fail_msg("row %zu: another agency's case is shown", i);
	}
	assert_int_equal(net.nodes[0].type, NODE_CASE);
	assert_true(has(&net, NODE_CASE, case_id(w, w->c2)));
	assert_true(has(&net, NODE_PERSON, num(w->p3)));
	for (size_t i = 0; i < net.n_nodes; i++)
		assert_null(net.nodes[i].name);
	/* Without names nothing is audited; with them once. */
	assert_int_equal(unit_audit_count(w->env), audited);
	must(links_network(&w->env->ctx, &(struct links_network_query){
	    .person_id = w->p3, .identities = true }, &net, &w->env->err),
	    w->env, "names");
	assert_int_equal(unit_audit_count(w->env), audited + 1);
	for (size_t i = 0; i < net.n_nodes; i++)
		if (net.nodes[i].type == NODE_PERSON && !net.nodes[i].name)
			fail_msg("person %" PRId64 " has no name",
			    net.nodes[i].id);
	/* Refusals. */
	assert_int_equal(links_network(&w->env->ctx,
	    &(struct links_network_query){ .ref = w->c1, .depth = "4" }, &net,
	    &w->env->err), -1);
	assert_string_equal(w->env->err.field, "depth");
	assert_int_equal(links_network(&w->env->ctx,
	    &(struct links_network_query){ .ref = w->c3 }, &net,
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_NOT_FOUND);
	assert_int_equal(links_network(&w->env->ctx,
	    &(struct links_network_query){ .person_id = w->p4 }, &net,
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_NOT_FOUND);
	assert_int_equal(links_network(&w->env->ctx,
	    &(struct links_network_query){ 0 }, &net, &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_INVALID);
}

static void
test_shared(void **state)
{
	struct world *w = *state;
	struct case_share_row share;
	struct network net;
	struct link_row *rows;
	size_t n;

	as(w, "sup");
	must(case_share(&w->env->ctx, &(struct case_share_input){
	    .ref = w->c1, .agency = "IQ-MOI", .scope = "assistance",
	    .reason = "Shelter" }, &share, &w->env->err), w->env, "share c1");
	must(case_share(&w->env->ctx, &(struct case_share_input){
	    .ref = w->c2, .agency = "IQ-MOI", .scope = "investigation",
	    .reason = "Joint investigation" }, &share, &w->env->err),
	    w->env, "share c2");
	as(w, "other");
	/* Shared for assistance: no links, no network from it. */
	assert_int_equal(links_list(&w->env->ctx, &(struct links_query){
	    .ref = w->c1 }, &rows, &n, &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_FORBIDDEN);
	assert_int_equal(links_network(&w->env->ctx,
	    &(struct links_network_query){ .ref = w->c1 }, &net,
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_FORBIDDEN);
	/* From IQ-MOI's own case: the case shared for the investigation
	 * and its witness, not the one shared for assistance. */
	must(links_network(&w->env->ctx, &(struct links_network_query){
	    .ref = w->c3, .depth = "2" }, &net, &w->env->err), w->env,
	    "other's network");
	assert_true(has(&net, NODE_CASE, case_id(w, w->c2)));
	assert_true(has(&net, NODE_PERSON, num(w->p3)));
	assert_true(has(&net, NODE_IDENTIFIER, w->vehicle));
	assert_false(has(&net, NODE_CASE, case_id(w, w->c1)));
	assert_false(has(&net, NODE_PERSON, num(w->p2)));
	assert_false(has(&net, NODE_PERSON, num(w->p1)));
	assert_int_equal(net.n_nodes, 6);	/* c3 p4 phone c2 p3 vehicle */
	/* Shared, read, never written. */
	must(links_list(&w->env->ctx, &(struct links_query){ .ref = w->c2 },
	    &rows, &n, &w->env->err), w->env, "shared list");
	assert_int_equal(n, 2);
	assert_int_equal(links_add(&w->env->ctx, &(struct link_input){
	    .ref = w->c2, .kind = "hawala", .value = "HWL-2" }, &rows[0],
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_FORBIDDEN);
}

/* A policy that shows everything, to test the walk's cap alone. */
static int
any_case(void *arg, int64_t id, const struct case_row **c, struct err *err)
{
	struct unit_env *env = arg;
	struct case_row *row = arena_alloc(env->ctx.arena, sizeof(*row));

	*c = row;
	return store_case_by_id(env->ctx.store, id, env->ctx.arena, row, err);
}

static bool
any_role(void *arg, int64_t case_id, enum case_role role)
{
	(void)arg;
	(void)case_id;
	(void)role;
	return true;
}

static int
any_person(void *arg, int64_t id, bool *seen, struct err *err)
{
	(void)arg;
	(void)id;
	(void)err;
	*seen = true;
	return 0;
}

static void
test_cap(void **state)
{
	struct world *w = *state;
	struct network_policy all = { .arg = w->env, .case_seen = any_case,
	    .role_seen = any_role, .person_seen = any_person };
	struct network net;

	must(network_build(w->env->ctx.store, w->env->ctx.arena, NODE_CASE,
	    case_id(w, w->c1), 3, 500, &all, &net, &w->env->err), w->env,
	    "all");
	assert_int_equal(net.n_nodes, 9);	/* and IQ-MOI's c3 and p4 */
	assert_false(net.truncated);
	must(network_build(w->env->ctx.store, w->env->ctx.arena, NODE_CASE,
	    case_id(w, w->c1), 3, 4, &all, &net, &w->env->err), w->env,
	    "capped");
	assert_int_equal(net.n_nodes, 4);
	assert_true(net.truncated);
	for (size_t i = 0; i < net.n_edges; i++)
		assert_true(net.edges[i].from < 4 && net.edges[i].to < 4);
}

static void
test_calls(void **state)
{
	static const struct {
		const char	*csv;
		const char	*field;
		const char	*line;		/* in the message */
	} bad[] = {
		{ "", "csv", "empty" },
		{ "from,to,when,length\n", "csv", "line 1" },
		{ "caller,callee,time,duration\n", "csv", "no calls" },
		{ "caller,callee,time,duration\n"
		  "0750 111 2222,0750 333 4444,2026-03-01T10:00:00Z,60\n"
		  "0750 111 2222,12,2026-03-01T10:00:00Z,60\n", "callee",
		  "line 3" },
		{ "caller,callee,time,duration\n"
		  "0750 111 2222,0750 333 4444,2026-03-01 10:00,60\n", "time",
		  "line 2" },
		{ "caller,callee,time,duration\n\n"
		  "0750 111 2222,0750 333 4444,2026-03-01T10:00:00Z,-1\n",
		  "duration", "line 3" },
		{ "caller,callee,time,duration\n"
		  "0750 111 2222,0750 111 2222,2026-03-01T10:00:00Z,5\n",
		  "callee", "line 2" },
		{ "caller,callee,time,duration\n"
		  "0750 111 2222,0750 333 4444,2099-03-01T10:00:00Z,5\n",
		  "time", "line 2" },
		/* Before the year 1 in UTC: no timestamp writes it. */
		{ "caller,callee,time,duration\n"
		  "0750 111 2222,0750 333 4444,0001-01-01T01:00:00+05:00,5\n",
		  "time", "line 2" },
		{ "caller,callee,time,duration\n"
		  "\"0750 111 2222,0750 333 4444,2026-03-01T10:00:00Z,5\n",
		  "caller", "line 2" },
		{ "caller,callee,time,duration\n"
		  "0750 111 2222,0750 333 4444,2026-03-01T10:00:00Z\n",
		  "csv", "line 2" },
		{ "caller,callee,time,duration\n"
		  "07501112222,0750 333 4444,2026-03-01T10:00:00Z,5,x\n",
		  "csv", "line 2" },
	};
	static const char good[] =
	    "\xEF\xBB\xBF" "Caller,Callee,Time,Duration\r\n"
	    "+963 900 000 002,0750 333 4444,2026-03-01T10:15:00+03:00,124\r\n"
	    "\"0750 333 4444\",00963900000002,2026-03-02T08:00:00Z,30\r\n"
	    "0770 555 1212,+963900000002,2026-03-03T09:00:00.5Z,0\r\n";
	struct world *w = *state;
	struct call_import_result r;
	struct links_counts before, after;
	struct network net;
	int64_t audited, c1 = case_id(w, w->c1);
	bool found = false;

	as(w, "inv");
	must(store_links_counts(w->env->ctx.store, c1, &before,
	    &w->env->err), w->env, "counts");
	audited = unit_audit_count(w->env);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		err_clear(&w->env->err);
		if (links_import_calls(&w->env->ctx, w->c1, bad[i].csv,
		    strlen(bad[i].csv), &r, &w->env->err) != -1)
			fail_msg("row %zu was imported", i);
		if (w->env->err.code != ERR_INVALID ||
		    !STREQ(w->env->err.field, bad[i].field) ||
		    !unit_contains(w->env->err.msg, bad[i].line))
			fail_msg("row %zu: \"%s\": %s, want %s and %s", i,
			    w->env->err.field, w->env->err.msg, bad[i].field,
			    bad[i].line);
	}
	must(store_links_counts(w->env->ctx.store, c1, &after, &w->env->err),
	    w->env, "counts");
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(unit_audit_count(w->env), audited);
	must(links_import_calls(&w->env->ctx, w->c1, good, strlen(good), &r,
	    &w->env->err), w->env, "good");
	assert_int_equal(r.import.calls, 3);
	assert_int_equal(r.numbers, 3);
	assert_int_equal(r.new_links, 3);	/* p2's was his, not the
						 * case's */
	assert_int_equal(unit_audit_count(w->env), audited + 1);
	/* The same file again: refused, nothing written. */
	assert_int_equal(links_import_calls(&w->env->ctx, w->c1, good,
	    strlen(good), &r, &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_CONFLICT);
	must(store_links_counts(w->env->ctx.store, c1, &after, &w->env->err),
	    w->env, "counts");
	assert_int_equal(after.calls, before.calls + 3);
	assert_int_equal(after.imports, before.imports + 1);
	/* Who called whom: +963... called 0750 333 4444 once, and back. */
	must(links_network(&w->env->ctx, &(struct links_network_query){
	    .ref = w->c1, .depth = "1" }, &net, &w->env->err), w->env,
	    "network");
	for (size_t i = 0; i < net.n_edges; i++) {
		const struct network_edge *e = &net.edges[i];

		if (e->kind != EDGE_CALL || !STREQ(net.nodes[e->from]
		    .identifier.normalised, "+963900000002"))
			continue;
		assert_string_equal(net.nodes[e->to].identifier.normalised,
		    "+9647503334444");
		assert_int_equal(e->calls, 1);
		assert_int_equal(e->seconds, 124);
		assert_string_equal(e->first, "2026-03-01T07:15:00Z");
		found = true;
	}
	assert_true(found);
	/* IQ-MOI cannot import into KRI-MOI's case. */
	as(w, "other");
	assert_int_equal(links_import_calls(&w->env->ctx, w->c1, good,
	    strlen(good), &r, &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_NOT_FOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_refusals, setup,
		    unit_world_teardown),
		cmocka_unit_test_setup_teardown(test_network, setup,
		    unit_world_teardown),
		cmocka_unit_test_setup_teardown(test_shared, setup,
		    unit_world_teardown),
		cmocka_unit_test_setup_teardown(test_cap, setup,
		    unit_world_teardown),
		cmocka_unit_test_setup_teardown(test_calls, setup,
		    unit_world_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
