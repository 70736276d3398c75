/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cooperation.h - requests for international cooperation about a case:
 * mutual legal assistance, extradition, information exchange and joint
 * investigation, to or from a counterpart authority abroad.
 *
 * A request belongs to a case and to the case's agency, which alone
 * changes it (PERM_COOPERATION_MANAGE: supervisors, investigators and
 * prosecutors); whoever may read the case reads its requests, and an
 * agency the case is shared with when the share's scope includes them
 * (the whole case, or its suspects and evidence: access.h).  It names
 * the counterpart (an ISO 3166 country and the authority), the legal
 * basis (a convention's article, a treaty, reciprocity), what is asked,
 * our and their references, and its days: sent, due (the answer expected
 * by; not before sent), answered, and the next follow-up.
 *
 * The lifecycle:
 *
 *	draft -> sent
 *	sent -> acknowledged
 *	sent, acknowledged -> answered | partially_answered | refused
 *	partially_answered -> answered                (the rest came)
 *	answered, partially_answered, refused -> closed
 *	draft, sent, acknowledged, partially_answered -> withdrawn
 *
 * A move happens on a day (default today, never in the future, not
 * before the request was sent): sending sets sent_on, an answer or a
 * refusal answered_on; a refusal, a withdrawal and a partial answer need
 * a reason (the grounds given, why, what is still missing).  A request
 * made with sent_on is sent at once, else a draft; an incoming one
 * reached us, so it needs sent_on, and "answered" is then our answer.
 *
 * Follow-up: a request waiting for an answer (sent, acknowledged,
 * partially answered) is due for follow-up once its due day has passed;
 * any open request is due on its next follow-up day and after.  A next
 * follow-up day later than today puts an overdue request off until then
 * (cooperation_due()).  A follow-up records a contact with the
 * counterpart (the day, the channel, a note) and sets the next follow-up
 * day, or clears it.  An answer, a refusal, closing and withdrawing clear
 * it too.
 *
 * Every write checks the version the caller saw, when given (ERR_CONFLICT
 * naming "version"), and commits with its entry of the request's history
 * and its audit record (cooperation.create, cooperation.move,
 * cooperation.follow_up), or not at all.  Errors name the field at fault.
 */
#ifndef TIPSOM_CORE_COOPERATION_H
#define TIPSOM_CORE_COOPERATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/cooperation.h"

struct ctx;
struct err;

/* As typed; every day is YYYY-MM-DD. */
struct cooperation_input {
	const char	*ref;		/* the case, open */
	const char	*kind;		/* enum cooperation_kind text */
	const char	*direction;	/* default outgoing */
	const char	*country;	/* ISO 3166 alpha-2, any case */
	const char	*authority;	/* the counterpart */
	const char	*legal_basis;
	const char	*subject;	/* what is asked */
	const char	*our_ref;	/* optional */
	const char	*their_ref;	/* optional */
	const char	*sent_on;	/* absent: a draft (outgoing only) */
	const char	*due_on;	/* optional */
	const char	*next_follow_up; /* optional */
};

/* Makes a request on case in->ref.  Fills *out. */
int		 cooperation_create(struct ctx *ctx,
		    const struct cooperation_input *in,
		    struct cooperation_row *out, struct err *err);

struct cooperation_move {
	const char	*status;	/* enum cooperation_status text */
	const char	*on;		/* the day; default today */
	const char	*due_on;	/* to sent or acknowledged: a new due
					 * day */
	const char	*channel;	/* how, optional */
	const char	*reason;	/* refused, withdrawn,
					 * partially_answered */
	const char	*version;	/* the one seen, or NULL */
};

/*
 * Moves request id by the table above: ERR_CONFLICT (field "status")
 * for a move not from where it stands.  Fills *out.
 */
int		 cooperation_move(struct ctx *ctx, int64_t id,
		    const struct cooperation_move *m,
		    struct cooperation_row *out, struct err *err);

struct cooperation_follow_up {
	const char	*on;		/* the day of the contact; default
					 * today */
	const char	*channel;	/* required */
	const char	*note;
	const char	*next;		/* the next follow-up day, after on;
					 * absent clears it */
	const char	*version;
};

/*
 * Records a follow-up of request id, which must be waiting for an answer
 * (ERR_CONFLICT otherwise).  Fills *out.
 */
int		 cooperation_follow_up(struct ctx *ctx, int64_t id,
		    const struct cooperation_follow_up *f,
		    struct cooperation_row *out, struct err *err);

struct cooperation_view {
	struct cooperation_row		 r;
	struct cooperation_event_row	*events;	/* oldest first */
	size_t				 n_events;
};

/* Request id with its history. */
int		 cooperation_show(struct ctx *ctx, int64_t id,
		    struct cooperation_view *out, struct err *err);

/*
 * Which requests: those of case ref (any case the actor reads), else
 * those of the actor's agency; narrowed by status, kind and due (those
 * due for follow-up today, the longest waiting first; else newest
 * first).
 */
struct cooperation_query {
	const char	*ref;
	const char	*status;
	const char	*kind;
	bool		 due;
	int		 limit;		/* 0: 200, at most 500 */
};

int		 cooperation_list(struct ctx *ctx,
		    const struct cooperation_query *q,
		    struct cooperation_row **rows, size_t *n,
		    struct err *err);

/* The rules, for the tests and the callers that explain them. */
bool		 cooperation_may_move(enum cooperation_status from,
		    enum cooperation_status to);
/* Whether r is due for follow-up on today (YYYY-MM-DD). */
bool		 cooperation_due(const struct cooperation_row *r,
		    const char *today);

/* r (with its "due" for today) and v as JSON, new references. */
json_t		*cooperation_json(const struct cooperation_row *r);
json_t		*cooperation_view_json(const struct cooperation_view *v);

#endif
