/* SPDX-License-Identifier: Apache-2.0 */
/*
 * calls.c - importing call records into a case: a strict CSV reader
 * that names the line and column of the first error, the checks of each
 * call, and one transaction for the whole file.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "base/text.h"
#include "base/util.h"
#include "core/access.h"
#include "core/case.h"
#include "core/ctx.h"
#include "core/links.h"
#include "search/identifier.h"
#include "store/store.h"
#include "vault/vault.h"
#include "base/banned.h"

#define CSV_COLUMNS	4
#define CALL_SECONDS_MAX	86400	/* a day */
#define UTC_TEXT_SIZE	21		/* "YYYY-MM-DDTHH:MM:SSZ" and NUL */

static const char *const columns[CSV_COLUMNS] = {
	"caller", "callee", "time", "duration",
};

/* One call as read, its numbers normalised. */
struct parsed_call {
	const char	*caller, *callee;	/* E.164 */
	const char	*caller_typed, *callee_typed;
	const char	*started_at;		/* UTC */
	int64_t		 duration;
	int64_t		 line;
};

/* Puts "line N: " before the message of err, which names its column. */
static int
at_line(struct err *err, int64_t line)
{
	char msg[sizeof(err->msg)], field[sizeof(err->field)];

	memcpy(msg, err->msg, sizeof(msg));
	memcpy(field, err->field, sizeof(field));
	return err_set(err, err->code, field, "line %" PRId64 ": %.220s",
	    line, msg);
}

/*
 * The fields of the line [p, end) into f: separated by commas, each may
 * be quoted ("a ""b"""); unquoted ones trimmed of spaces.  Returns how
 * many, or -1 with err naming the column.
 */
static int
csv_fields(struct arena *a, const char *p, const char *end, const char **f,
    int max, int64_t line, struct err *err)
{
	int n = 0;

	for (;;) {
		struct buf_like {
			char	*s;
			size_t	 len;
		} v = { arena_alloc(a, (size_t)(end - p) + 1), 0 };
		const char *name = n < CSV_COLUMNS ? columns[n] : "csv";

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end && *p == '"') {
			for (p++;; p++) {
				if (p == end) {
					err_set(err, ERR_INVALID, name, "%s "
					    "has a quote that is not closed on "
					    "its line: close it", name);
					return at_line(err, line);
				}
				if (*p == '"' && p + 1 < end && p[1] == '"')
					v.s[v.len++] = *p++;
				else if (*p == '"')
					break;
				else
					v.s[v.len++] = *p;
			}
			for (p++; p < end && (*p == ' ' || *p == '\t'); p++)
				;
			if (p < end && *p != ',') {
				err_set(err, ERR_INVALID, name, "%s has text "
				    "after its closing quote: put the whole "
				    "value in the quotes", name);
				return at_line(err, line);
			}
		} else {
			while (p < end && *p != ',') {
				if (*p == '"') {
					err_set(err, ERR_INVALID, name, "%s "
					    "has a quote inside it: quote the "
					    "whole value and double the quote",
					    name);
					return at_line(err, line);
				}
				v.s[v.len++] = *p++;
			}
			while (v.len > 0 && (v.s[v.len - 1] == ' ' ||
			    v.s[v.len - 1] == '\t'))
				v.len--;
		}
		v.s[v.len] = '\0';
		if (n < max)
			f[n] = v.s;
		n++;
		if (p == end)
			return n;
		p++;		/* the comma */
	}
}

/* Whether [p, end) holds nothing but spaces. */
static bool
blank(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t')
			return false;
	return true;
}

static int
two(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * An ISO 8601 time with its offset, "YYYY-MM-DDTHH:MM[:SS[.fff]]" then
 * "Z" or "+HH:MM", "+HHMM", "+HH" (a space may stand for the "T"), as
 * UTC into out.
 */
static int
utc_time(const char *s, int64_t *secs, char out[UTC_TEXT_SIZE])
{
	char date[DATE_TEXT_SIZE], ts[TIMESTAMP_TEXT_SIZE];
	struct date d;
	int h, m, sec = 0, sign, oh, om = 0;
	int64_t back;
	const char *p = s + 16;

	if (strlen(s) < 17 || (s[10] != 'T' && s[10] != ' ' && s[10] != 't'))
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (date_parse(date, &d) == -1)
		return -1;
	h = two(s + 11);
	m = two(s + 14);
	if (s[13] != ':' || h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	if (*p == ':') {
		sec = two(p + 1);
		if (sec < 0 || sec > 59)
			return -1;
		p += 3;
		if (*p == '.' || *p == ',') {
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		}
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
		sign = 0;
		oh = 0;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		oh = two(p + 1);
		p += 3;
		if (*p == ':')
			p++;
		if (*p) {
			om = two(p);
			p += 2;
		}
		if (*p || oh < 0 || oh > 14 || om < 0 || om > 59)
			return -1;
	} else {
		return -1;
	}
	snprintf(ts, sizeof(ts), "%sT%02d:%02d:%02dZ", date, h, m, sec);
	if (date_seconds_parse(ts, secs) == -1)
		return -1;
	*secs -= (int64_t)sign * (oh * 3600 + om * 60);
	date_seconds_format(*secs, ts);
	/* An offset may carry the time out of the years 0001 to 9999,
	 * which a timestamp cannot write ("0000-12-31T19:00:00Z"). */
	if (date_seconds_parse(ts, &back) == -1 || back != *secs)
		return -1;
	snprintf(out, UTC_TEXT_SIZE, "%.19sZ", ts);
	return 0;
}

static int
check_call(struct ctx *ctx, const char *const *f, int64_t line,
    int64_t now, struct parsed_call *c, struct err *err)
{
	char utc[UTC_TEXT_SIZE];
	long long duration;
	int64_t secs;

	c->line = line;
	c->caller_typed = f[0];
	c->callee_typed = f[1];
	c->caller = identifier_normalise(ctx->arena, IDENT_PHONE, f[0],
	    ctx->cfg->country, "caller", err);
	if (!c->caller)
		return at_line(err, line);
	c->callee = identifier_normalise(ctx->arena, IDENT_PHONE, f[1],
	    ctx->cfg->country, "callee", err);
	if (!c->callee)
		return at_line(err, line);
	if (STREQ(c->caller, c->callee)) {
		err_set(err, ERR_INVALID, "callee", "callee %s is the caller's "
		    "number: give the number that was called", c->callee);
		return at_line(err, line);
	}
	if (utc_time(f[2], &secs, utc) == -1) {
		err_set(err, ERR_INVALID, "time", "time \"%.40s\" is not an "
		    "ISO 8601 time with its offset: write it like "
		    "2026-03-01T10:15:00+03:00 or 2026-03-01T07:15:00Z", f[2]);
		return at_line(err, line);
	}
	if (secs > now) {
		err_set(err, ERR_INVALID, "time", "time %s is in the future: "
		    "give the time the call began", utc);
		return at_line(err, line);
	}
	if (text_parse_int(f[3], 0, CALL_SECONDS_MAX, &duration) == -1) {
		err_set(err, ERR_INVALID, "duration", "duration \"%.20s\" is "
		    "not a whole number of seconds from 0 to %d: give the "
		    "call's length in seconds", f[3], CALL_SECONDS_MAX);
		return at_line(err, line);
	}
	c->started_at = arena_strdup(ctx->arena, utc);
	c->duration = duration;
	return 0;
}

/* The header: the four columns, in order, any case. */
static int
check_header(struct ctx *ctx, const char *p, const char *end,
    struct err *err)
{
	const char *f[CSV_COLUMNS];
	int n = csv_fields(ctx->arena, p, end, f, CSV_COLUMNS, 1, err);
	bool ok = n == CSV_COLUMNS;

	if (n == -1)
		return -1;
	for (int i = 0; ok && i < CSV_COLUMNS; i++)
		ok = STREQ(text_ascii_lower((char *)f[i]), columns[i]);
	if (!ok)
		return err_set(err, ERR_INVALID, "csv", "line 1: the header "
		    "is \"%.*s\": the first line must be "
		    "caller,callee,time,duration", (int)(end - p > 80 ? 80 :
		    end - p), p);
	return 0;
}

/* Every call of csv, checked, into *calls. */
static int
parse(struct ctx *ctx, const char *csv, size_t len,
    struct parsed_call **calls, size_t *n, struct err *err)
{
	const char *p = csv, *end = csv + len;
	int64_t line = 0, now = date_now_seconds();
	size_t bad, cap = 0;

	*calls = NULL;
	*n = 0;
	if (text_utf8_check(csv, len, &bad) == -1)
		return err_set(err, ERR_INVALID, "csv", "the file is not UTF-8 "
		    "(byte %zu): save it as UTF-8", bad + 1);
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *next = eol ? eol + 1 : end;
		const char *f[CSV_COLUMNS];
		int nf;

		if (!eol)
			eol = end;
		if (eol > p && eol[-1] == '\r')
			eol--;
		line++;
		if (memchr(p, '\0', (size_t)(eol - p)) ||
		    memchr(p, '\r', (size_t)(eol - p)))
			return err_set(err, ERR_INVALID, "csv", "line %" PRId64
			    ": a control character: save the file as plain "
			    "CSV text", line);
		if (line == 1) {
			if (check_header(ctx, p, eol, err) == -1)
				return -1;
		} else if (!blank(p, eol)) {
			nf = csv_fields(ctx->arena, p, eol, f, CSV_COLUMNS,
			    line, err);
			if (nf == -1)
				return -1;
			if (nf != CSV_COLUMNS)
				return err_set(err, ERR_INVALID, "csv", "line "
				    "%" PRId64 ": %d fields: a call has 4, "
				    "caller,callee,time,duration", line, nf);
			if (*n == LINKS_CALLS_MAX)
				return err_set(err, ERR_INVALID, "csv", "line "
				    "%" PRId64 ": more than %d calls: import "
				    "the file in parts", line,
				    LINKS_CALLS_MAX);
			*calls = arena_grow(ctx->arena, *calls, *n, &cap,
			    *n + 1, sizeof(**calls));
			if (check_call(ctx, f, line, now, &(*calls)[*n],
			    err) == -1)
				return -1;
			(*n)++;
		}
		p = next;
	}
	if (line == 0)
		return err_set(err, ERR_INVALID, "csv", "the file is empty: "
		    "its first line must be caller,callee,time,duration");
	if (*n == 0)
		return err_set(err, ERR_INVALID, "csv", "the file has no calls "
		    "under its header: add one a line");
	return 0;
}

/* Numbers to identifier ids: an open-addressing table over the calls'
 * numbers, so that each is looked up in the store once. */
struct number {
	const char	*e164;
	int64_t		 id;
};

struct numbers {
	struct number	*slots;
	size_t		 cap;
	size_t		 n;
};

static struct number *
number_slot(struct numbers *t, const char *e164)
{
	uint64_t h = 14695981039346656037u;
	size_t i;

	for (const char *p = e164; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211u;
	}
	for (i = (size_t)h & (t->cap - 1);; i = (i + 1) & (t->cap - 1))
		if (!t->slots[i].e164 || STREQ(t->slots[i].e164, e164))
			return &t->slots[i];
}

struct import {
	struct call_import_result	*r;
	const struct case_row		*c;
	const struct parsed_call	*calls;
	size_t				 n;
};

/* The identifier of number e164 (typed so), linked to the case. */
static int
number_id(struct ctx *ctx, struct import *w, struct numbers *t,
    const char *e164, const char *typed, int64_t *id, struct err *err)
{
	struct number *s = number_slot(t, e164);
	struct link_row l;
	bool inserted;

	if (s->e164) {
		*id = s->id;
		return 0;
	}
	l = (struct link_row){ .case_id = w->c->id,
	    .agency_id = ctx->actor.agency_id,
	    .source = LINK_SOURCE_CALL_RECORDS,
	    .created_at = w->r->import.imported_at,
	    .created_by = ctx->actor.user_id };
	if (links__identifier_put(ctx, IDENT_PHONE, e164, typed,
	    w->r->import.imported_at, &l.identifier_id, err) == -1 ||
	    store_link_insert(ctx->store, &l, &inserted, err) == -1)
		return -1;
	*s = (struct number){ e164, l.identifier_id };
	t->n++;
	w->r->new_links += inserted;
	*id = s->id;
	return 0;
}

static int
import_write(struct ctx *ctx, void *arg, struct err *err)
{
	struct import *w = arg;
	struct numbers t = { .cap = 64 };

	while (t.cap < w->n * 4)
		t.cap *= 2;
	t.slots = arena_array(ctx->arena, t.cap, sizeof(*t.slots));
	if (store_call_import_insert(ctx->store, &w->r->import, err) == -1) {
		if (err->code == ERR_CONFLICT)
			err_set(err, ERR_CONFLICT, "csv", "this file of call "
			    "records was imported into case %s already: "
			    "nothing was imported again", w->c->ref);
		return -1;
	}
	for (size_t i = 0; i < w->n; i++) {
		const struct parsed_call *p = &w->calls[i];
		struct call_row call = { .import_id = w->r->import.id,
		    .case_id = w->c->id, .started_at = p->started_at,
		    .duration = p->duration, .line = p->line };

		if (number_id(ctx, w, &t, p->caller, p->caller_typed,
		    &call.caller_id, err) == -1 ||
		    number_id(ctx, w, &t, p->callee, p->callee_typed,
		    &call.callee_id, err) == -1 ||
		    store_call_insert(ctx->store, &call, err) == -1)
			return -1;
	}
	w->r->numbers = (int64_t)t.n;
	return case__audit(ctx, "links.import_calls", w->c, json_pack(
	    "{s:I, s:I, s:I, s:I, s:s}", "import", (json_int_t)w->r->import.id,
	    "calls", (json_int_t)w->n, "numbers", (json_int_t)t.n,
	    "new_links", (json_int_t)w->r->new_links, "sha256",
	    w->r->import.sha256), err);
}

int
links_import_calls(struct ctx *ctx, const char *ref, const char *csv,
    size_t len, struct call_import_result *out, struct err *err)
{
	struct parsed_call *calls;
	struct case_row c;
	char now[TIMESTAMP_TEXT_SIZE], sha[VAULT_SHA256_HEX];
	size_t n;

	*out = (struct call_import_result){ 0 };
	if (case__find(ctx, ref, PERM_CASE_EDIT, &c, err) == -1)
		return -1;
	if (c.status != CASE_STATUS_OPEN)
		return err_set(err, ERR_CONFLICT, "ref", "case %s is closed: "
		    "call records are imported into open cases", c.ref);
	if (len > LINKS_CSV_MAX_BYTES)
		return err_set(err, ERR_INVALID, "csv", "the file is larger "
		    "than %d bytes: import it in parts", LINKS_CSV_MAX_BYTES);
	if (parse(ctx, csv, len, &calls, &n, err) == -1)
		return -1;
	vault_sha256_hex(&(struct vault_piece){ csv, len }, 1, sha);
	date_now_timestamp(now);
	out->ref = c.ref;
	out->import = (struct call_import_row){ .case_id = c.id,
	    .agency_id = c.agency_id, .calls = (int64_t)n,
	    .sha256 = arena_strdup(ctx->arena, sha),
	    .imported_at = arena_strdup(ctx->arena, now),
	    .imported_by = ctx->actor.user_id };
	return ctx_transaction(ctx, import_write, &(struct import){ .r = out,
	    .c = &c, .calls = calls, .n = n }, err);
}
