/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cooperation.c - requests for international cooperation: the
 * lifecycle as a table, what a request must hold, the rules of its days,
 * when it is due for follow-up (and that the store's list agrees), and
 * who may read and change it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "base/date.h"
#include "core/case.h"
#include "core/cooperation.h"
#include "core/share.h"
#include "base/banned.h"

#define PASSWORD	"Correct-Horse-Erbil-2026"

struct world {
	struct unit_env	*env;
	char		 ref[64];
};

static void
as(struct world *w, const char *username)
{
	unit_as(w->env, username);
}

/* Today moved by days, as YYYY-MM-DD. */
static const char *
day(struct world *w, int days)
{
	char ts[TIMESTAMP_TEXT_SIZE];

	date_seconds_format(date_now_seconds() + (int64_t)days * 86400, ts);
	return arena_printf(w->env->ctx.arena, "%.10s", ts);
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
		{ "cwk", "KRI-MOI", "caseworker" },
		{ "other", "IQ-MOI", "investigator" },
		{ "other.pro", "IQ-MOI", "prosecutor" },
	};
	struct world *w = calloc(1, sizeof(*w));
	struct unit_env *env = unit_env_new();
	struct case_row c;

	if (!env || !w)
		return -1;
	w->env = env;
	unit_people(env, agencies, ARRAY_SIZE(agencies), users,
	    ARRAY_SIZE(users), PASSWORD);
	as(w, "inv");
	must(case_open(&env->ctx, &(struct case_input){ .title = "Kiln",
	    .kind = "tip" }, &c, &env->err), env, "case");
	snprintf(w->ref, sizeof(w->ref), "%s", c.ref);
	*state = w;
	return 0;
}

/* An outgoing MLA request that setup's case allows, sent 40 days ago. */
static struct cooperation_input
good(struct world *w)
{
	return (struct cooperation_input){ .ref = w->ref, .kind = "mla",
	    .country = "tr", .authority = "Ministry of Justice, "
	    "International Law Directorate", .legal_basis = "UNTOC art. 18",
	    .subject = "Bank records of the recruiter's account",
	    .our_ref = "KRI/MLA/2026/14", .sent_on = day(w, -40),
	    .due_on = day(w, -10) };
}

static void
test_moves(void **state)
{
	/* One row per from status, one column per to status, in enum
	 * order: draft sent acknowledged answered partially_answered
	 * refused closed withdrawn. */
	static const char *const table[COOP__MAX] = {
		[COOP_DRAFT] =			".x.....x",
		[COOP_SENT] =			"..xxxx.x",
		[COOP_ACKNOWLEDGED] =		"...xxx.x",
		[COOP_ANSWERED] =		"......x.",
		[COOP_PARTIALLY_ANSWERED] =	"...x..xx",
		[COOP_REFUSED] =		"......x.",
		[COOP_CLOSED] =			"........",
		[COOP_WITHDRAWN] =		"........",
	};

	(void)state;
	for (int from = 0; from < COOP__MAX; from++)
		for (int to = 0; to < COOP__MAX; to++) {
			bool want = table[from][to] == 'x';

			if (cooperation_may_move(from, to) != want)
				fail_msg("row %d \"%s to %s\": got %s", from,
				    enum_name(&cooperation_status_desc, from),
				    enum_name(&cooperation_status_desc, to),
				    want ? "refused" : "allowed");
		}
}

static void
test_refusals(void **state)
{
	struct world *w = *state;
	struct cooperation_input rows[16];
	static const char *const fields[16] = {
		"kind", "kind", "direction", "country", "country",
		"authority", "legal_basis", "legal_basis", "subject",
		"sent_on", "sent_on", "sent_on", "due_on", "due_on",
		"next_follow_up", "ref",
	};
	struct cooperation_row r;
	int64_t audited;

	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		rows[i] = good(w);
	rows[0].kind = NULL;
	rows[1].kind = "rogatory";
	rows[2].direction = "sideways";
	rows[3].country = NULL;
	rows[4].country = "Turkey";
	rows[5].authority = "";
	rows[6].legal_basis = NULL;
	rows[7].legal_basis = "   ";
	rows[8].subject = NULL;
	rows[9].sent_on = "2026-02-30";
	rows[10].sent_on = day(w, 1);		/* in the future */
	rows[11].direction = "incoming";	/* it reached us: when? */
	rows[11].sent_on = NULL;
	rows[12].due_on = day(w, -41);		/* before it was sent */
	rows[13].due_on = "soon";
	rows[14].next_follow_up = day(w, -50);
	rows[15].ref = "KRI-MOI-2026-999999";
	as(w, "inv");
	audited = unit_audit_count(w->env);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		err_clear(&w->env->err);
		if (cooperation_create(&w->env->ctx, &rows[i], &r,
		    &w->env->err) != -1)
			fail_msg("row %zu was accepted", i);
		if (!STREQ(w->env->err.field, fields[i]))
			fail_msg("row %zu: field \"%s\" (%s), want %s", i,
			    w->env->err.field, w->env->err.msg, fields[i]);
	}
	assert_int_equal(unit_audit_count(w->env), audited);
	/* Good: the country upper-cased, sent at once. */
	rows[0] = good(w);
	must(cooperation_create(&w->env->ctx, &rows[0], &r, &w->env->err),
	    w->env, "good");
	assert_string_equal(r.country, "TR");
	assert_int_equal(r.status, COOP_SENT);
	assert_int_equal(r.version, 1);
	/* Without sent_on: a draft. */
	rows[0].sent_on = rows[0].due_on = NULL;
	must(cooperation_create(&w->env->ctx, &rows[0], &r, &w->env->err),
	    w->env, "draft");
	assert_int_equal(r.status, COOP_DRAFT);
}

/* One move or follow-up: who, what, and what comes of it. */
struct step {
	const char	*who;
	const char	*to;		/* a status, or NULL: a follow-up */
	int		 on;		/* days from today; 99: none given */
	const char	*reason;	/* or a follow-up's channel */
	int		 next;		/* a follow-up's next day; 99: none */
	int		 code;		/* ERR_OK: done */
	const char	*field;		/* the field a refusal names */
	const char	*status;	/* after, when done */
};

static void
walk(struct world *w, int64_t id, const struct step *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct cooperation_row r;
		const char *on = s[i].on == 99 ? NULL : day(w, s[i].on);
		int rc;

		as(w, s[i].who);
		err_clear(&w->env->err);
		if (s[i].to)
			rc = cooperation_move(&w->env->ctx, id,
			    &(struct cooperation_move){ .status = s[i].to,
			    .on = on, .reason = s[i].reason }, &r,
			    &w->env->err);
		else
			rc = cooperation_follow_up(&w->env->ctx, id,
			    &(struct cooperation_follow_up){ .on = on,
			    .channel = s[i].reason, .next = s[i].next == 99 ?
			    NULL : day(w, s[i].next) }, &r, &w->env->err);
		if (s[i].code == ERR_OK && rc != 0)
			fail_msg("step %zu (%s %s): %s", i, s[i].who,
			    s[i].to ? s[i].to : "follow-up", w->env->err.msg);
		if (s[i].code != ERR_OK && (rc != -1 ||
		    w->env->err.code != (enum err_code)s[i].code ||
		    !STREQ(w->env->err.field, s[i].field ? s[i].field :
		    "")))
			fail_msg("step %zu (%s %s): got %d, %s on \"%s\" (%s)",
			    i, s[i].who, s[i].to ? s[i].to : "follow-up", rc,
			    err_code_name(w->env->err.code),
			    w->env->err.field, w->env->err.msg);
		if (rc == 0 && !STREQ(enum_name(&cooperation_status_desc,
		    r.status), s[i].status))
			fail_msg("step %zu: now %s, want %s", i,
			    enum_name(&cooperation_status_desc, r.status),
			    s[i].status);
	}
}

static void
test_lifecycle(void **state)
{
	static const struct step draft[] = {
		{ "inv", NULL, 99, "email", 99, ERR_CONFLICT, "status",
		    NULL },
		{ "inv", "acknowledged", 99, NULL, 99, ERR_CONFLICT, "status",
		    NULL },
		{ "inv", "sent", 1, NULL, 99, ERR_INVALID, "on", NULL },
		/* Due ten days ago: not sent after that. */
		{ "inv", "sent", 99, NULL, 99, ERR_INVALID, "due_on", NULL },
		{ "inv", "sent", -20, NULL, 99, ERR_OK, NULL, "sent" },
		{ "inv", "withdrawn", 99, NULL, 99, ERR_INVALID, "reason",
		    NULL },
		{ "inv", "withdrawn", 99, "The victim returned home", 99,
		    ERR_OK, NULL, "withdrawn" },
		{ "inv", "sent", 99, NULL, 99, ERR_CONFLICT, "status", NULL },
		{ "inv", NULL, 99, "phone", 99, ERR_CONFLICT, "status",
		    NULL },
	};
	static const struct step sent[] = {
		{ "cwk", "acknowledged", 99, NULL, 99, ERR_FORBIDDEN, NULL,
		    NULL },
		{ "other", "acknowledged", 99, NULL, 99, ERR_NOT_FOUND,
		    "cooperation", NULL },
		{ "pro", "acknowledged", -45, NULL, 99, ERR_INVALID, "on",
		    NULL },
		{ "pro", "acknowledged", -30, NULL, 99, ERR_OK, NULL,
		    "acknowledged" },
		{ "inv", NULL, -5, NULL, 99, ERR_INVALID, "channel", NULL },
		{ "inv", NULL, -5, "fax", 99, ERR_INVALID, "channel", NULL },
		{ "inv", NULL, -5, "email", -5, ERR_INVALID,
		    "next_follow_up", NULL },
		{ "inv", NULL, 2, "email", 9, ERR_INVALID, "on", NULL },
		{ "inv", NULL, -5, "diplomatic_note", 14, ERR_OK, NULL,
		    "acknowledged" },
		{ "sup", "partially_answered", 99, NULL, 99, ERR_INVALID,
		    "reason", NULL },
		{ "sup", "partially_answered", -2, "The statements of two "
		    "accounts are missing", 99, ERR_OK, NULL,
		    "partially_answered" },
		{ "sup", "answered", -3, NULL, 99, ERR_INVALID, "on", NULL },
		{ "sup", "answered", 99, NULL, 99, ERR_OK, NULL, "answered" },
		{ "sup", NULL, 99, "email", 99, ERR_CONFLICT, "status",
		    NULL },
		{ "sup", "refused", 99, "x", 99, ERR_CONFLICT, "status",
		    NULL },
		{ "sup", "closed", 99, NULL, 99, ERR_OK, NULL, "closed" },
		{ "sup", "withdrawn", 99, "x", 99, ERR_CONFLICT, "status",
		    NULL },
		{ "sup", "lost", 99, NULL, 99, ERR_INVALID, "status", NULL },
	};
	struct world *w = *state;
	struct cooperation_input in = good(w);
	struct cooperation_row r;
	struct cooperation_view v;
	int64_t before;

	as(w, "inv");
	in.sent_on = NULL;
	must(cooperation_create(&w->env->ctx, &in, &r, &w->env->err), w->env,
	    "draft");
	walk(w, r.id, draft, ARRAY_SIZE(draft));
	must(cooperation_create(&w->env->ctx, &(struct cooperation_input){
	    .ref = w->ref, .kind = "extradition", .direction = "incoming",
	    .country = "IR", .authority = "Judiciary of Iran",
	    .legal_basis = "Reciprocity", .subject = "Surrender of a "
	    "suspect", .sent_on = day(w, -40), .due_on = day(w, -10) }, &r,
	    &w->env->err), w->env, "incoming");
	walk(w, r.id, sent, ARRAY_SIZE(sent));
	/* The history: made, each move and the follow-up, with who. */
	before = unit_audit_count(w->env);
	must(cooperation_show(&w->env->ctx, r.id, &v, &w->env->err), w->env,
	    "show");
	assert_int_equal(unit_audit_count(w->env), before);
	assert_int_equal(v.n_events, 6);
	assert_int_equal(v.events[0].status, COOP_SENT);
	assert_string_equal(v.events[0].on, day(w, -40));
	assert_string_equal(v.events[1].by_username, "pro");
	assert_int_equal(v.events[2].kind, COOP_EVENT_FOLLOW_UP);
	assert_int_equal(v.events[2].channel, CHANNEL_DIPLOMATIC_NOTE);
	assert_string_equal(v.events[2].next_follow_up, day(w, 14));
	assert_string_equal(v.events[3].note, "The statements of two "
	    "accounts are missing");
	assert_int_equal(v.events[5].status, COOP_CLOSED);
	assert_string_equal(v.r.answered_on, day(w, 0));
	assert_null(v.r.next_follow_up);	/* the answer cleared it */
	assert_int_equal(v.r.version, 6);
}

static void
test_due(void **state)
{
	static const struct {
		const char		*name;
		enum cooperation_status	 status;
		const char		*due_on, *next;
		bool			 want;
	} rows[] = {
		{ "sent, due yesterday", COOP_SENT, "2026-03-09", NULL, true },
		{ "sent, due today", COOP_SENT, "2026-03-10", NULL, false },
		{ "sent, no due day", COOP_SENT, NULL, NULL, false },
		{ "acknowledged, overdue", COOP_ACKNOWLEDGED, "2026-01-01",
		    NULL, true },
		{ "partly answered, overdue", COOP_PARTIALLY_ANSWERED,
		    "2026-01-01", NULL, true },
		{ "answered, overdue", COOP_ANSWERED, "2026-01-01", NULL,
		    false },
		{ "refused, overdue", COOP_REFUSED, "2026-01-01", NULL,
		    false },
		{ "closed, overdue", COOP_CLOSED, "2026-01-01", NULL, false },
		{ "withdrawn, overdue", COOP_WITHDRAWN, "2026-01-01", NULL,
		    false },
		{ "a draft is not overdue", COOP_DRAFT, "2026-01-01", NULL,
		    false },
		{ "follow up today", COOP_SENT, "2026-12-01", "2026-03-10",
		    true },
		{ "follow up was due", COOP_SENT, NULL, "2026-03-01", true },
		{ "a draft to send today", COOP_DRAFT, NULL, "2026-03-10",
		    true },
		{ "follow up tomorrow", COOP_SENT, NULL, "2026-03-11", false },
		{ "overdue, put off to tomorrow", COOP_SENT, "2026-01-01",
		    "2026-03-11", false },
		{ "answered, a stale reminder", COOP_ANSWERED, NULL,
		    "2026-03-01", false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct cooperation_row r = { .status = rows[i].status,
		    .due_on = rows[i].due_on,
		    .next_follow_up = rows[i].next };

		if (cooperation_due(&r, "2026-03-10") != rows[i].want)
			fail_msg("row %zu \"%s\": got %s", i, rows[i].name,
			    rows[i].want ? "not due" : "due");
	}
}

/* The store's list of requests due agrees with cooperation_due(). */
static void
test_due_list(void **state)
{
	static const struct {
		int		 sent, due, next;	/* days; 99: none */
		const char	*move;			/* then, or NULL */
	} made[] = {
		{ -40, -10, 99, NULL },			/* overdue */
		{ -40, 10, 99, NULL },			/* not yet */
		{ -40, -10, 5, NULL },			/* put off */
		{ -40, 10, 0, NULL },			/* reminder today */
		{ 99, 99, -1, NULL },			/* a draft's */
		{ -40, -10, 99, "answered" },		/* answered */
		{ -40, -1, 99, "acknowledged" },	/* overdue */
		{ -40, 0, 99, NULL },			/* due today */
	};
	struct world *w = *state;
	struct cooperation_row r, *list;
	size_t n, k = 0;
	bool want[ARRAY_SIZE(made) + 1] = { false };
	char today[DATE_TEXT_SIZE];
	int64_t first = 0;

	as(w, "inv");
	case__today(today);
	for (size_t i = 0; i < ARRAY_SIZE(made); i++) {
		struct cooperation_input in = good(w);

		in.sent_on = made[i].sent == 99 ? NULL : day(w, made[i].sent);
		in.due_on = made[i].due == 99 ? NULL : day(w, made[i].due);
		in.next_follow_up = made[i].next == 99 ? NULL :
		    day(w, made[i].next);
		must(cooperation_create(&w->env->ctx, &in, &r, &w->env->err),
		    w->env, "made");
		if (made[i].move)
			must(cooperation_move(&w->env->ctx, r.id,
			    &(struct cooperation_move){ .status =
			    made[i].move }, &r, &w->env->err), w->env,
			    made[i].move);
		if (!first)
			first = r.id;
		want[i] = cooperation_due(&r, today);
		k += want[i];
	}
	assert_int_equal(k, 4);
	must(cooperation_list(&w->env->ctx, &(struct cooperation_query){
	    .due = true }, &list, &n, &w->env->err), w->env, "due");
	assert_int_equal(n, k);
	for (size_t i = 0; i < n; i++)
		if (!want[list[i].id - first])
			fail_msg("request %" PRId64 " (row %" PRId64 ") is "
			    "listed as due", list[i].id, list[i].id - first);
	/* The longest waiting first: the one due ten days ago. */
	assert_int_equal(list[0].id - first, 0);
	/* Other filters. */
	must(cooperation_list(&w->env->ctx, &(struct cooperation_query){
	    .ref = w->ref, .status = "answered" }, &list, &n, &w->env->err),
	    w->env, "answered");
	assert_int_equal(n, 1);
	must(cooperation_list(&w->env->ctx, &(struct cooperation_query){
	    .kind = "extradition" }, &list, &n, &w->env->err), w->env,
	    "extradition");
	assert_int_equal(n, 0);
	assert_int_equal(cooperation_list(&w->env->ctx,
	    &(struct cooperation_query){ .status = "lost" }, &list, &n,
	    &w->env->err), -1);
	assert_string_equal(w->env->err.field, "status");
	assert_int_equal(cooperation_list(&w->env->ctx,
	    &(struct cooperation_query){ .limit = 501 }, &list, &n,
	    &w->env->err), -1);
	assert_string_equal(w->env->err.field, "limit");
}

static void
test_access(void **state)
{
	struct world *w = *state;
	struct cooperation_input in = good(w);
	struct cooperation_row made, r, *list;
	struct cooperation_view v;
	struct case_share_row share;
	size_t n;

	/* Prosecutors make requests; case workers read them only. */
	as(w, "pro");
	must(cooperation_create(&w->env->ctx, &in, &made, &w->env->err),
	    w->env, "prosecutor");
	as(w, "cwk");
	assert_int_equal(cooperation_create(&w->env->ctx, &in, &r,
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_FORBIDDEN);
	must(cooperation_show(&w->env->ctx, made.id, &v, &w->env->err),
	    w->env, "caseworker reads");
	/* Another agency sees nothing of it, nor of the case. */
	as(w, "other");
	assert_int_equal(cooperation_show(&w->env->ctx, made.id, &v,
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_NOT_FOUND);
	assert_string_equal(w->env->err.field, "cooperation");
	assert_int_equal(cooperation_create(&w->env->ctx, &in, &r,
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_NOT_FOUND);
	must(cooperation_list(&w->env->ctx, &(struct cooperation_query){ 0 },
	    &list, &n, &w->env->err), w->env, "other's list");
	assert_int_equal(n, 0);
	/* Shared with it: read, never changed. */
	as(w, "sup");
	must(case_share(&w->env->ctx, &(struct case_share_input){
	    .ref = w->ref, .agency = "IQ-MOI", .scope = "investigation",
	    .reason = "Joint investigation" }, &share, &w->env->err), w->env,
	    "share");
	as(w, "other.pro");
	must(cooperation_show(&w->env->ctx, made.id, &v, &w->env->err),
	    w->env, "shared read");
	must(cooperation_list(&w->env->ctx, &(struct cooperation_query){
	    .ref = w->ref }, &list, &n, &w->env->err), w->env, "shared list");
	assert_int_equal(n, 1);
	assert_int_equal(cooperation_move(&w->env->ctx, made.id,
	    &(struct cooperation_move){ .status = "acknowledged" }, &r,
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_FORBIDDEN);
	assert_true(unit_contains(w->env->err.msg, "shared with your agency"));
	assert_int_equal(cooperation_follow_up(&w->env->ctx, made.id,
	    &(struct cooperation_follow_up){ .channel = "email" }, &r,
	    &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_FORBIDDEN);
	/* A version seen earlier is refused, and says so. */
	as(w, "inv");
	must(cooperation_move(&w->env->ctx, made.id,
	    &(struct cooperation_move){ .status = "acknowledged",
	    .version = "1" }, &r, &w->env->err), w->env, "version 1");
	assert_int_equal(cooperation_follow_up(&w->env->ctx, made.id,
	    &(struct cooperation_follow_up){ .channel = "email",
	    .version = "1" }, &r, &w->env->err), -1);
	assert_int_equal(w->env->err.code, ERR_CONFLICT);
	assert_string_equal(w->env->err.field, "version");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moves),
		cmocka_unit_test(test_due),
		cmocka_unit_test_setup_teardown(test_refusals, setup,
		    unit_world_teardown),
		cmocka_unit_test_setup_teardown(test_lifecycle, setup,
		    unit_world_teardown),
		cmocka_unit_test_setup_teardown(test_due_list, setup,
		    unit_world_teardown),
		cmocka_unit_test_setup_teardown(test_access, setup,
		    unit_world_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
