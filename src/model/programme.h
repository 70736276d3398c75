/* SPDX-License-Identifier: Apache-2.0 */
/* model/programme.h - the rows of the training programme. */
#ifndef TIPSOM_MODEL_PROGRAMME_H
#define TIPSOM_MODEL_PROGRAMME_H

#include <stdbool.h>
#include <stdint.h>

#include "model/enums.h"

struct course_row {
	int64_t		 id;
	int64_t		 agency_id;
	const char	*agency;		/* its code, on reads */
	const char	*code;			/* "TOT-TIP-1" */
	const char	*title;
	const char	*curriculum;		/* "" when none */
	int		 hours;
	bool		 tot;			/* trains trainers */
	const char	*created_at;
};

struct course_module_row {
	int		 position;		/* from 1 */
	const char	*title;
	int		 hours;
};

/* An officer or member of staff who attends or gives training. */
struct participant_row {
	int64_t		 id;
	int64_t		 agency_id;		/* who registered them */
	const char	*full_name;
	const char	*organisation;		/* their agency, as named */
	const char	*job;
	enum sex	 sex;
	const char	*region;
	const char	*created_at;
};

/* One run of a course. */
struct course_session_row {
	int64_t		 id;
	int64_t		 course_id;
	const char	*course_code;		/* on reads */
	const char	*course_title;		/* on reads */
	bool		 tot;			/* the course's, on reads */
	int		 hours;			/* the course's, on reads */
	int64_t		 agency_id;
	const char	*agency;		/* its code, on reads */
	const char	*starts_on;		/* YYYY-MM-DD */
	const char	*ends_on;
	const char	*place;
	const char	*region;
	const char	*created_at;
};

/* A participant of a session: attendance, scores, certificate. */
struct enrolment_row {
	int64_t		 session_id;
	struct participant_row p;
	int		 days_attended;
	int		 pre_score;		/* -1: not taken */
	int		 post_score;		/* -1: not taken */
	const char	*certificate;		/* its code, or NULL */
};

struct certificate_row {
	int64_t		 id;
	int64_t		 session_id;
	int64_t		 participant_id;
	const char	*code;
	const char	*issued_at;
	/* On reads: */
	const char	*full_name;
	const char	*organisation;
	const char	*course_title;
	int		 hours;
	const char	*starts_on;
	const char	*ends_on;
	const char	*place;
	const char	*agency;		/* the organiser's name */
};

/* What the cascade is drawn from: who was in which session, how. */
struct session_link_row {
	int64_t		 session_id;
	int64_t		 participant_id;
	bool		 trainer;
};

#endif
