/* SPDX-License-Identifier: Apache-2.0 */
/*
 * referral.h - referring a person in a case to a service provider, with
 * their informed consent: the national referral mechanism.
 *
 * A referral records the person's consent: what was explained, in which
 * language, through which interpreter, what they agreed may be shared
 * (the scope), and when; for a child, the guardian who consented and the
 * best-interests note.  What the provider sees (shares) is within that
 * scope: a shelter may get the person's needs and contact and nothing of
 * the suspects.  Nobody is referred without consent, nor to a provider
 * that does not take them (provider_accepts()).
 *
 * The lifecycle, and who moves it:
 *
 *	proposed -> sent                       the referring agency
 *	sent -> accepted | declined            the provider
 *	accepted -> in_progress -> completed   the provider
 *	proposed, sent, accepted, in_progress -> withdrawn
 *	                                       the referring agency
 *
 * "The provider" is the staff of its agency when it works in tipsom
 * (PERM_REFERRAL_ANSWER), else the referring agency recording its answer.
 * Declining and withdrawing need a reason.  Every move is audited and
 * kept as the referral's history.
 *
 * The person may withdraw consent at any time, through either side: the
 * referral is withdrawn (unless already over) and the provider sees none
 * of the person's data from that moment, while the referring agency keeps
 * the whole history.  The provider's staff see a referral once it is sent;
 * while consent stands and the referral is live (sent, accepted, in
 * progress, completed) they see the shared data, and each such read is
 * audited.
 */
#ifndef TIPSOM_CORE_REFERRAL_H
#define TIPSOM_CORE_REFERRAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "model/person.h"
#include "model/referral.h"

struct ctx;
struct err;

/* The consent as typed; errors name "consent.FIELD". */
struct referral_consent_input {
	const char		*explained;
	const char		*language;
	const char		*interpreter;
	const char *const	*scope;		/* enum consent_scope texts */
	size_t			 n_scope;
	const char		*given_on;	/* YYYY-MM-DD, not after today */
	const char		*guardian;	/* required for a child */
	const char		*best_interests; /* required for a child */
};

struct referral_input {
	const char		*ref;		/* the case */
	const char		*person_id;	/* as typed */
	const char		*provider;	/* its code */
	const char		*service;	/* enum service text */
	const char		*needs;		/* what the provider should know */
	const char *const	*shares;	/* NULL: the whole consent scope */
	size_t			 n_shares;
	bool			 with_family;	/* the person comes with family */
	bool			 send;		/* sent at once, not proposed */
	struct referral_consent_input consent;
};

/*
 * Refers in->person_id, a person of open case in->ref other than a
 * suspect, to in->provider (the referring agency's case workers,
 * investigators and supervisors).  Fills *out.
 */
int		 referral_make(struct ctx *ctx, const struct referral_input *in,
		    struct referral_row *out, struct err *err);

/*
 * Moves referral id to status (an enum referral_status text) by the
 * table above; ERR_CONFLICT when the move is not one from where it
 * stands, ERR_FORBIDDEN when it is the other side's.  Fills *out.
 */
int		 referral_move(struct ctx *ctx, int64_t id, const char *status,
		    const char *reason, struct referral_row *out,
		    struct err *err);

/* Records that the person withdrew consent (reason required). */
int		 referral_withdraw_consent(struct ctx *ctx, int64_t id,
		    const char *reason, struct referral_row *out,
		    struct err *err);

/* A referral as the actor may see it. */
struct referral_view {
	struct referral_row		 r;
	bool				 referrer;	/* the actor's agency
							 * referred: sees all */
	bool				 reader;	/* the case is shared with
							 * the actor's agency
							 * for its referrals:
							 * sees all, changes
							 * nothing */
	bool				 open;		/* the provider sees the
							 * shared data now */
	const char			*name;		/* SCOPE_IDENTITY */
	struct person_contact		*contacts;	/* SCOPE_CONTACT */
	size_t				 n_contacts;
	const char			*case_title;	/* SCOPE_CASE_SUMMARY */
	const char			*case_summary;
	const char			**suspects;	/* SCOPE_SUSPECTS */
	size_t				 n_suspects;
	struct referral_event_row	*events;	/* its history */
	size_t				 n_events;
};

/* Referral id, with what the actor's side may see of it. */
int		 referral_show(struct ctx *ctx, int64_t id,
		    struct referral_view *out, struct err *err);

/*
 * Which referrals: "out", those the actor's agency made (ref narrows to
 * one case); "in", those sent to providers that are the actor's agency.
 */
struct referral_query {
	const char	*box;		/* "in" or "out" */
	const char	*ref;		/* with "out": one case's */
	const char	*status;	/* an enum referral_status text */
	int		 limit;		/* 0: 200 */
};

int		 referral_list(struct ctx *ctx, const struct referral_query *q,
		    struct referral_row **rows, size_t *n, struct err *err);

/*
 * r as JSON.  The consent's details and the person's id go to the
 * referring side only; the provider gets the shared data of view.
 */
json_t		*referral_json(const struct referral_row *r, bool referrer);
json_t		*referral_view_json(const struct referral_view *v);

#endif
