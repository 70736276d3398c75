/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_access.c - the role table, the bootstrap actor and need-to-know.
 *
 * The matrix below is the policy written out once more, by hand, so that
 * a change to access.c's table has to be made twice to pass.
 */
#include "unit.h"

#include "core/access.h"
#include "base/banned.h"

/*
 * One column per permission, in enum perm order:
 *
 *	A agency.manage   U user.manage    R case.read     O case.open
 *	N case.note       E case.edit      C case.close    P person.create
 *	I identity.read   L audit.read (the log)
 *	S sop.manage      W case.step (work steps)
 *	K case.classify
 *	H case.share
 *	D provider.read (the directory)	M provider.manage
 *	Q referral.answer (a provider agency's inbox)
 *	X cooperation.manage (requests to and from other countries)
 *	G person.merge (duplicates found, merged, unmerged)
 *	T stats.read (aggregate figures)
 *	E export.deidentified (HTCDS)
 *	J data.import		Y data.export (with identities)
 *	B store.backup
 *	V training.manage (case studies, groups, the programme)
 *	Z training.exercise (work exercises: a training store only)
 *	F outreach.record (an MRC's counselling and awareness sessions)
 *	1 intake.report (report a suspected case to law enforcement)
 *	2 intake.triage (the reports an agency receives)
 *
 * 'x' grants, '.' does not.
 */
static const struct {
	enum role	 role;
	const char	*perms;		/* AURONECPILSWKHDMQXGTEJYBVZF12 */
} matrix[] = {
	{ ROLE_ADMIN,		"xx.......xx...xx.......x....." },
	{ ROLE_SUPERVISOR,	"..xxxxxxxx.xxxxxxxxxxxx...xxx" },
	{ ROLE_INVESTIGATOR,	"..xxxxxxx..xx.x..x.........xx" },
	{ ROLE_CASEWORKER,	"..xxxx.xx..x..x.x.........xx." },
	{ ROLE_PROSECUTOR,	"..x.x...x..xx.x..x.........x." },
	{ ROLE_ANALYST,		"...................xx........" },
	{ ROLE_TRAINER,		"........................x...." },
	{ ROLE_TRAINEE,		"............................." },
};

/*
 * In a training store trainers and trainees work the exercise cases; every
 * other role has its rights of a real store there.
 */
static const struct {
	enum role	 role;
	const char	*perms;		/* AURONECPILSWKHDMQXGTEJYBVZF12 */
} training_matrix[] = {
	{ ROLE_TRAINER,		"..xxxxxxxx.xx.xxxx......xxxxx" },
	{ ROLE_TRAINEE,		"..xxxxxxx..xx.x.xx.......xxxx" },
};

static const char *const perm_names[PERM__MAX] = {
	"agency.manage", "user.manage", "case.read", "case.open", "case.note",
	"case.edit", "case.close", "person.create", "identity.read",
	"audit.read", "sop.manage", "case.step", "case.classify",
	"case.share", "provider.read", "provider.manage", "referral.answer",
	"cooperation.manage", "person.merge", "stats.read",
	"export.deidentified", "data.import", "data.export", "store.backup",
	"training.manage", "training.exercise", "outreach.record",
	"intake.report", "intake.triage",
};

static struct ctx
ctx_for(enum role role, int64_t agency_id)
{
	return (struct ctx){ .actor = { .user_id = 7, .agency_id = agency_id,
	    .role = role, .username = "someone" } };
}

static void
test_matrix_complete(void **state)
{
	(void)state;
	assert_int_equal(ARRAY_SIZE(matrix), ROLE__MAX);
	for (size_t i = 0; i < ARRAY_SIZE(matrix); i++) {
		if (matrix[i].role != (enum role)i)
			fail_msg("row %zu: roles out of order", i);
		if (strlen(matrix[i].perms) != PERM__MAX)
			fail_msg("row %zu %s: %zu columns, want %d", i,
			    role_name(matrix[i].role),
			    strlen(matrix[i].perms), PERM__MAX);
	}
	for (int p = 0; p < PERM__MAX; p++)
		if (!STREQ(access_perm_name((enum perm)p), perm_names[p]))
			fail_msg("perm %d: got name \"%s\", want \"%s\"", p,
			    access_perm_name((enum perm)p), perm_names[p]);
	assert_string_equal(access_perm_name(PERM__MAX), "?");
}

static void
test_role_may(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(matrix); i++)
		for (int p = 0; p < PERM__MAX; p++) {
			bool want = matrix[i].perms[p] == 'x';
			bool got = access_role_may(matrix[i].role,
			    (enum perm)p);

			if (got != want)
				fail_msg("row %zu \"%s may %s\": got %s, want "
				    "%s", i, role_name(matrix[i].role),
				    perm_names[p], got ? "yes" : "no",
				    want ? "yes" : "no");
		}
	/* Values outside the enums grant nothing. */
	assert_false(access_role_may(ROLE__MAX, PERM_CASE_READ));
	assert_false(access_role_may((enum role)-1, PERM_CASE_READ));
	assert_false(access_role_may(ROLE_SUPERVISOR, PERM__MAX));
}

static void
test_require(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(matrix); i++)
		for (int p = 0; p < PERM__MAX; p++) {
			struct ctx ctx = ctx_for(matrix[i].role, 1);
			bool want = matrix[i].perms[p] == 'x';
			struct err err = ERR_INIT;
			int rc = access_require(&ctx, (enum perm)p, &err);

			if ((rc == 0) != want)
				fail_msg("row %zu \"%s requires %s\": got %d, "
				    "want %d", i, role_name(matrix[i].role),
				    perm_names[p], rc, want ? 0 : -1);
			if (rc == -1 && err.code != ERR_FORBIDDEN)
				fail_msg("row %zu \"%s requires %s\": got %s, "
				    "want forbidden", i,
				    role_name(matrix[i].role), perm_names[p],
				    err_code_name(err.code));
			if (rc == -1 && (!unit_contains(err.msg,
			    role_name(matrix[i].role)) ||
			    !unit_contains(err.msg, perm_names[p])))
				fail_msg("row %zu: message \"%s\" does not "
				    "name the role and the permission", i,
				    err.msg);
		}
}

static void
test_training_store(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(training_matrix); i++)
		for (int p = 0; p < PERM__MAX; p++) {
			struct ctx ctx = ctx_for(training_matrix[i].role, 1);
			bool want = training_matrix[i].perms[p] == 'x';
			struct err err = ERR_INIT;

			ctx.actor.training = true;
			if (access_may(&ctx, (enum perm)p) != want ||
			    (access_require(&ctx, (enum perm)p, &err) == 0) !=
			    want)
				fail_msg("training row %zu \"%s may %s\": want "
				    "%s", i, role_name(training_matrix[i].role),
				    perm_names[p], want ? "yes" : "no");
			if (access_user_may(&ctx, training_matrix[i].role,
			    (enum perm)p) != want)
				fail_msg("training row %zu: access_user_may "
				    "disagrees on %s", i, perm_names[p]);
		}
	/* Other roles keep their real rights in a training store. */
	for (size_t i = 0; i < ARRAY_SIZE(matrix); i++) {
		struct ctx ctx = ctx_for(matrix[i].role, 1);

		if (matrix[i].role == ROLE_TRAINER ||
		    matrix[i].role == ROLE_TRAINEE)
			continue;
		ctx.actor.training = true;
		for (int p = 0; p < PERM__MAX; p++)
			if (access_may(&ctx, (enum perm)p) !=
			    (matrix[i].perms[p] == 'x'))
				fail_msg("%s changes rights in a training "
				    "store on %s", role_name(matrix[i].role),
				    perm_names[p]);
	}
	/* Any step and the approvals: trainers and trainees there only. */
	for (int r = 0; r < ROLE__MAX; r++) {
		struct ctx real = ctx_for((enum role)r, 1);
		struct ctx train = ctx_for((enum role)r, 1);
		bool trains = r == ROLE_TRAINER || r == ROLE_TRAINEE;

		train.actor.training = true;
		assert_false(access_any_step(&real));
		assert_int_equal(access_any_step(&train), trains);
		assert_int_equal(access_approves(&real), r == ROLE_SUPERVISOR);
		assert_int_equal(access_approves(&train),
		    r == ROLE_SUPERVISOR || r == ROLE_TRAINER);
		assert_false(access_own_cases_only(&real));
		assert_int_equal(access_own_cases_only(&train),
		    r == ROLE_TRAINEE);
	}
}

static void
test_bootstrap(void **state)
{
	static const char allowed[] = "xx...........................";	/* as matrix */

	(void)state;
	assert_int_equal(strlen(allowed), PERM__MAX);
	/* Whatever role it carries, the system may only set up. */
	for (int role = 0; role < ROLE__MAX; role++)
		for (int p = 0; p < PERM__MAX; p++) {
			struct ctx ctx = { .actor = { .role = (enum role)role,
			    .username = "system", .system = true } };
			struct err err = ERR_INIT;
			bool want = allowed[p] == 'x';
			int rc = access_require(&ctx, (enum perm)p, &err);

			if ((rc == 0) != want)
				fail_msg("system as %s requires %s: got %d, "
				    "want %d", role_name(role), perm_names[p],
				    rc, want ? 0 : -1);
			if (rc == -1 && (err.code != ERR_FORBIDDEN ||
			    !STREQ(err.field, "as")))
				fail_msg("system requires %s: got %s field "
				    "\"%s\", want forbidden \"as\"",
				    perm_names[p], err_code_name(err.code),
				    err.field);
		}
}

/*
 * Role x agency x sharing: the case belongs to agency 1; agency 2 is
 * another, with or without a live share of the case (its scope).
 */
static void
test_case_visibility(void **state)
{
	static const struct {
		const char	*name;
		enum role	 role;
		int64_t		 agency_id;	/* the actor's */
		int		 share;		/* 1 + enum share_scope of a
						 * live share, 0: none */
		bool		 system;
		enum perm	 perm;
		enum case_sight	 want_sight;
		enum err_code	 want;		/* from access_case */
	} rows[] = {
		{ "investigator, own agency, close", ROLE_INVESTIGATOR, 1,
		    0, false, PERM_CASE_CLOSE, SIGHT_OWN, ERR_OK },
		{ "investigator, own agency, read", ROLE_INVESTIGATOR, 1,
		    0, false, PERM_CASE_READ, SIGHT_OWN, ERR_OK },
		{ "investigator, other agency", ROLE_INVESTIGATOR, 2, 0,
		    false, PERM_CASE_READ, SIGHT_NONE, ERR_NOT_FOUND },
		{ "supervisor, other agency, close", ROLE_SUPERVISOR, 2,
		    0, false, PERM_CASE_CLOSE, SIGHT_NONE, ERR_NOT_FOUND },
		{ "caseworker, own agency, close", ROLE_CASEWORKER, 1, 0,
		    false, PERM_CASE_CLOSE, SIGHT_OWN, ERR_FORBIDDEN },
		{ "caseworker, own agency, edit", ROLE_CASEWORKER, 1, 0,
		    false, PERM_CASE_EDIT, SIGHT_OWN, ERR_OK },
		{ "prosecutor, own agency, note", ROLE_PROSECUTOR, 1, 0,
		    false, PERM_CASE_NOTE, SIGHT_OWN, ERR_OK },
		{ "prosecutor, own agency, edit", ROLE_PROSECUTOR, 1, 0,
		    false, PERM_CASE_EDIT, SIGHT_OWN, ERR_FORBIDDEN },
		{ "prosecutor, other agency, edit", ROLE_PROSECUTOR, 2, 0,
		    false, PERM_CASE_EDIT, SIGHT_NONE, ERR_NOT_FOUND },
		{ "analyst, own agency", ROLE_ANALYST, 1, 0, false,
		    PERM_CASE_READ, SIGHT_NONE, ERR_NOT_FOUND },
		{ "trainee, own agency", ROLE_TRAINEE, 1, 0, false,
		    PERM_CASE_READ, SIGHT_NONE, ERR_NOT_FOUND },
		{ "admin, own agency", ROLE_ADMIN, 1, 0, false,
		    PERM_CASE_READ, SIGHT_NONE, ERR_NOT_FOUND },
		{ "system", ROLE_ADMIN, 0, 0, true, PERM_CASE_READ,
		    SIGHT_NONE, ERR_NOT_FOUND },
		{ "system with the case's agency id", ROLE_SUPERVISOR, 1,
		    0, true, PERM_CASE_READ, SIGHT_NONE, ERR_NOT_FOUND },
		{ "supervisor, own agency, share", ROLE_SUPERVISOR, 1, 0,
		    false, PERM_CASE_SHARE, SIGHT_OWN, ERR_OK },
		{ "investigator, own agency, share", ROLE_INVESTIGATOR, 1,
		    0, false, PERM_CASE_SHARE, SIGHT_OWN, ERR_FORBIDDEN },
		/* Shared with agency 2: read, names; nothing else. */
		{ "investigator, shared whole, read", ROLE_INVESTIGATOR, 2,
		    1 + SHARE_WHOLE, false, PERM_CASE_READ, SIGHT_WHOLE,
		    ERR_OK },
		{ "caseworker, shared for assistance, identities",
		    ROLE_CASEWORKER, 2, 1 + SHARE_ASSISTANCE, false,
		    PERM_IDENTITY_READ, SIGHT_ASSISTANCE, ERR_OK },
		{ "prosecutor, shared for investigation, read",
		    ROLE_PROSECUTOR, 2, 1 + SHARE_INVESTIGATION, false,
		    PERM_CASE_READ, SIGHT_INVESTIGATION, ERR_OK },
		{ "investigator, shared whole, note", ROLE_INVESTIGATOR, 2,
		    1 + SHARE_WHOLE, false, PERM_CASE_NOTE, SIGHT_WHOLE,
		    ERR_FORBIDDEN },
		{ "investigator, shared for investigation, close",
		    ROLE_INVESTIGATOR, 2, 1 + SHARE_INVESTIGATION, false,
		    PERM_CASE_CLOSE, SIGHT_INVESTIGATION, ERR_FORBIDDEN },
		{ "caseworker, shared for assistance, step", ROLE_CASEWORKER,
		    2, 1 + SHARE_ASSISTANCE, false, PERM_CASE_STEP,
		    SIGHT_ASSISTANCE, ERR_FORBIDDEN },
		{ "prosecutor, shared whole, classify", ROLE_PROSECUTOR, 2,
		    1 + SHARE_WHOLE, false, PERM_CASE_CLASSIFY, SIGHT_WHOLE,
		    ERR_FORBIDDEN },
		{ "supervisor, shared whole, share on", ROLE_SUPERVISOR, 2,
		    1 + SHARE_WHOLE, false, PERM_CASE_SHARE, SIGHT_WHOLE,
		    ERR_FORBIDDEN },
		{ "caseworker, shared for assistance, edit", ROLE_CASEWORKER,
		    2, 1 + SHARE_ASSISTANCE, false, PERM_CASE_EDIT,
		    SIGHT_ASSISTANCE, ERR_FORBIDDEN },
		{ "analyst, shared", ROLE_ANALYST, 2, 1 + SHARE_WHOLE, false,
		    PERM_CASE_READ, SIGHT_NONE, ERR_NOT_FOUND },
		{ "admin, shared", ROLE_ADMIN, 2, 1 + SHARE_WHOLE, false,
		    PERM_CASE_READ, SIGHT_NONE, ERR_NOT_FOUND },
		{ "system, shared", ROLE_SUPERVISOR, 2, 1 + SHARE_WHOLE, true,
		    PERM_CASE_READ, SIGHT_NONE, ERR_NOT_FOUND },
		{ "analyst, shared, identities", ROLE_ANALYST, 2,
		    1 + SHARE_ASSISTANCE, false, PERM_IDENTITY_READ,
		    SIGHT_NONE, ERR_NOT_FOUND },
	};
	const struct case_row c = { .id = 3, .ref = "KRI-MOI-2026-000003",
	    .agency_id = 1, .agency_code = "KRI-MOI" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		struct ctx ctx = ctx_for(rows[i].role, rows[i].agency_id);
		struct case_share_row share = { .agency_id = 2,
		    .scope = rows[i].share - 1 };
		struct err err = ERR_INIT;
		enum case_sight sight;
		int rc;

		ctx.actor.system = rows[i].system;
		sight = access_case_sight(&ctx, &c, rows[i].share ? &share :
		    NULL);
		if (sight != rows[i].want_sight)
			fail_msg("row %zu \"%s\": got sight %s, want %s", i,
			    rows[i].name, access_sight_name(sight),
			    access_sight_name(rows[i].want_sight));
		rc = access_case(&ctx, &c, sight, rows[i].perm, &err);
		if (rc != (rows[i].want == ERR_OK ? 0 : -1) ||
		    err.code != rows[i].want)
			fail_msg("row %zu \"%s\": got %d %s, want %s", i,
			    rows[i].name, rc, err_code_name(err.code),
			    err_code_name(rows[i].want));
		/* Not found must not tell that the case exists elsewhere. */
		if (err.code == ERR_NOT_FOUND &&
		    (!STREQ(err.field, "ref") || unit_contains(err.msg,
		    "forbidden") || unit_contains(err.msg, "agency")))
			fail_msg("row %zu \"%s\": not-found says too much: "
			    "field \"%s\" \"%s\"", i, rows[i].name, err.field,
			    err.msg);
		/* A shared case's refusal says whose it is and why. */
		if (rows[i].share && err.code == ERR_FORBIDDEN &&
		    access_role_may(rows[i].role, rows[i].perm) &&
		    !unit_contains(err.msg, "shared with your agency"))
			fail_msg("row %zu \"%s\": \"%s\"", i, rows[i].name,
			    err.msg);
	}
}

/*
 * Sight x part: what of a case each way of seeing it shows, written out
 * by hand.  One column per part, in enum case_part order:
 *
 *	Y summary   V victims   S suspects   W witnesses   T timeline
 *	P steps     G screening L legal      R referrals   C cooperation
 *	H shares    K links
 */
static void
test_share_scopes(void **state)
{
	static const struct {
		enum case_sight	 sight;
		const char	*parts;		/* YVSWTPGLRCHK */
	} rows[] = {
		{ SIGHT_NONE,		"............" },
		{ SIGHT_OWN,		"xxxxxxxxxxxx" },
		{ SIGHT_WHOLE,		"xxxxxxxxxx.x" },
		{ SIGHT_ASSISTANCE,	".x....x.x..." },
		{ SIGHT_INVESTIGATION,	"..xxx..x.x.x" },
	};
	static const struct {
		enum case_role	 role;
		enum case_part	 part;
	} roles[] = {
		{ CASE_ROLE_PRESUMED_VICTIM, PART_VICTIMS },
		{ CASE_ROLE_VICTIM, PART_VICTIMS },
		{ CASE_ROLE_SMUGGLED_MIGRANT, PART_VICTIMS },
		{ CASE_ROLE_GUARDIAN, PART_VICTIMS },
		{ CASE_ROLE_SUSPECT, PART_SUSPECTS },
		{ CASE_ROLE_ACCUSED, PART_SUSPECTS },
		{ CASE_ROLE_WITNESS, PART_WITNESSES },
		{ CASE_ROLE_REPORTER, PART_WITNESSES },
	};
	const struct case_row c = { .ref = "KRI-MOI-2026-000003",
	    .agency_code = "KRI-MOI" };

	(void)state;
	assert_int_equal(ARRAY_SIZE(rows), SIGHT__MAX);
	assert_int_equal(ARRAY_SIZE(roles), CASE_ROLE__MAX);
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		assert_int_equal(strlen(rows[i].parts), PART__MAX);
		for (int p = 0; p < PART__MAX; p++) {
			struct err err = ERR_INIT;
			bool want = rows[i].parts[p] == 'x';
			int rc = access_case_part(&c, rows[i].sight, p, &err);

			if (access_sight_has(rows[i].sight, p) != want ||
			    (rc == 0) != want)
				fail_msg("%s sees %s: got %d, want %d",
				    access_sight_name(rows[i].sight),
				    access_part_name(p), !want, want);
			/* The refusal names the share's scope and the owner. */
			if (!want && rows[i].sight == SIGHT_ASSISTANCE &&
			    (err.code != ERR_FORBIDDEN ||
			    !unit_contains(err.msg, "assistance only") ||
			    !unit_contains(err.msg, "KRI-MOI")))
				fail_msg("assistance, %s: \"%s\"",
				    access_part_name(p), err.msg);
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(roles); i++)
		if (access_part_of_role(roles[i].role) != roles[i].part)
			fail_msg("role %s: got part %s, want %s",
			    case_role_name(roles[i].role),
			    access_part_name(access_part_of_role(
			    roles[i].role)), access_part_name(roles[i].part));
	assert_int_equal(access_share_sight(SHARE_WHOLE), SIGHT_WHOLE);
	assert_int_equal(access_share_sight(SHARE_ASSISTANCE),
	    SIGHT_ASSISTANCE);
	assert_int_equal(access_share_sight(SHARE_INVESTIGATION),
	    SIGHT_INVESTIGATION);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix_complete),
		cmocka_unit_test(test_role_may),
		cmocka_unit_test(test_require),
		cmocka_unit_test(test_training_store),
		cmocka_unit_test(test_bootstrap),
		cmocka_unit_test(test_case_visibility),
		cmocka_unit_test(test_share_scopes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
