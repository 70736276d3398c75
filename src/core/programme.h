/* SPDX-License-Identifier: Apache-2.0 */
/*
 * programme.h - the training programme: courses with their curriculum
 * and modules, the sessions that run them, participants (officers and
 * staff, of any agency), attendance, pre- and post-test scores, the
 * certificates a participant earns and anyone can verify, and the
 * cascade of trainers (cascade.h).
 *
 * A trainer (training.manage) records it; the agency that organises a
 * session records its trainers, participants, attendance and scores.
 * Programme records are of staff, not victims: every trainer of the
 * store reads them, analysts get the figures (programme_figures()).
 * Every write is audited.
 */
#ifndef TIPSOM_PROGRAMME_H
#define TIPSOM_PROGRAMME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/cascade.h"
#include "model/programme.h"

struct ctx;
struct err;

#define COURSE_MAX_MODULES	40
#define SESSION_MAX_TRAINERS	12
/* A certificate needs this share of a session's days attended. */
#define CERTIFICATE_ATTENDANCE_PERCENT	80

struct course_input {
	const char	*code;		/* 2-32 of A-Z 0-9 -, like TOT-TIP-1 */
	const char	*title;
	const char	*curriculum;	/* optional */
	const char	*hours;		/* as typed: 1-2000 */
	bool		 tot;		/* trains trainers */
	const char	**module_titles;	/* each "TITLE" */
	const char	**module_hours;		/* as typed, 1-500 each */
	size_t		 n_modules;
};

int		 course_add(struct ctx *ctx, const struct course_input *in,
		    struct course_row *out, struct err *err);
int		 course_list(struct ctx *ctx, struct course_row **rows,
		    size_t *n, struct err *err);

struct course_view {
	struct course_row		 c;
	struct course_module_row	*modules;
	size_t				 n_modules;
	struct course_session_row	*sessions;	/* newest first */
	size_t				 n_sessions;
};

/* A course by its code. */
int		 course_show(struct ctx *ctx, const char *code,
		    struct course_view *out, struct err *err);

struct participant_input {
	const char	*full_name;
	const char	*organisation;	/* their agency, as they name it */
	const char	*job;		/* their role there */
	const char	*sex;
	const char	*region;
};

int		 participant_add(struct ctx *ctx,
		    const struct participant_input *in,
		    struct participant_row *out, struct err *err);
/* Participants by name, q matching a name or an organisation (NULL:
 * all). */
int		 participant_list(struct ctx *ctx, const char *q, int limit,
		    int offset, struct participant_row **rows, size_t *n,
		    struct err *err);
int		 participant_show(struct ctx *ctx, int64_t id,
		    struct participant_row *out, struct err *err);

struct course_session_input {
	const char	*course;	/* its code */
	const char	*starts_on;	/* YYYY-MM-DD */
	const char	*ends_on;	/* default starts_on */
	const char	*place;
	const char	*region;
	const char	**trainers;	/* participant ids, as typed */
	size_t		 n_trainers;
};

int		 course_session_add(struct ctx *ctx,
		    const struct course_session_input *in,
		    struct course_session_row *out, struct err *err);
/* Sessions of course (its code; NULL: every course), newest first. */
int		 course_session_list(struct ctx *ctx, const char *course,
		    struct course_session_row **rows, size_t *n,
		    struct err *err);

struct course_session_view {
	struct course_session_row	 s;
	int				 days;
	struct participant_row		*trainers;
	size_t				 n_trainers;
	struct enrolment_row		*enrolled;
	size_t				 n_enrolled;
	size_t				 tested;	/* both tests taken */
	double				 pre_mean;	/* of those tested */
	double				 post_mean;
	double				 gain_mean;	/* post - pre */
	size_t				 certified;
	size_t				 by_sex[SEX__MAX];
};

int		 course_session_show(struct ctx *ctx, int64_t id,
		    struct course_session_view *out, struct err *err);

/* Adds participant to session; ERR_CONFLICT when there already, or one
 * of its trainers. */
int		 session_enrol(struct ctx *ctx, int64_t session,
		    int64_t participant, struct enrolment_row *out,
		    struct err *err);

/* What is recorded of a participant; NULL leaves it as it is. */
struct enrolment_input {
	const char	*days_attended;	/* 0 to the session's days */
	const char	*pre_score;	/* 0-100 */
	const char	*post_score;
};

int		 session_record(struct ctx *ctx, int64_t session,
		    int64_t participant, const struct enrolment_input *in,
		    struct enrolment_row *out, struct err *err);

/*
 * Issues the participant's certificate of session, with a random
 * verification code; ERR_CONFLICT when issued already or when they
 * attended less than CERTIFICATE_ATTENDANCE_PERCENT of the days.
 */
int		 certificate_issue(struct ctx *ctx, int64_t session,
		    int64_t participant, struct certificate_row *out,
		    struct err *err);

/* Anyone, logged in or not, checks a certificate by its code. */
int		 certificate_verify(struct ctx *ctx, const char *code,
		    struct certificate_row *out, struct err *err);

/*
 * The cascade under session (ideally a training-of-trainers one), with
 * each session's trainers for a reader who may see names (a trainer);
 * trainers is NULL for others (figures only).
 */
struct cascade_view {
	struct cascade_result	 r;
	struct participant_row	**trainers;	/* by node, or NULL */
	size_t			*n_trainers;
};

int		 session_cascade(struct ctx *ctx, int64_t session,
		    struct cascade_view *out, struct err *err);

/*
 * The programme in figures, for the dashboard (stats.read or
 * training.manage): courses, sessions and participants between from and
 * to (YYYY-MM-DD, NULL: open), participants by sex, organisation and
 * region, tests and the mean gain, certificates, and each
 * training-of-trainers session's reach.  A new reference.
 */
int		 programme_figures(struct ctx *ctx, const char *from,
		    const char *to, json_t **out, struct err *err);

json_t		*course_json(const struct course_row *c);
json_t		*course_view_json(const struct course_view *v);
json_t		*participant_json(const struct participant_row *p);
json_t		*course_session_json(const struct course_session_row *s);
json_t		*course_session_view_json(const struct course_session_view *v);
json_t		*enrolment_json(const struct enrolment_row *e);
json_t		*certificate_json(const struct certificate_row *k);
json_t		*cascade_json(const struct cascade_view *v);

/* The id of a participant or session as typed. */
int		 programme_parse_id(const char *s, const char *field,
		    int64_t *id, struct err *err);

#endif
