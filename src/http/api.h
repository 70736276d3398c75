/* SPDX-License-Identifier: Apache-2.0 */
/*
 * api.h - inside the HTTP server: a request as handlers see it, the
 * route table, and the helpers every handler file shares.
 *
 * Handlers never see libmicrohttpd: server.c parses the request (path
 * parameters, query, JSON body, session cookie, CSRF header) into a
 * struct api_req and writes the struct api_resp back.  A handler returns
 * 0 with resp filled, or -1 with *err, which server.c turns into
 * {"error": {"code", "message", "field"}} with the status of its code.
 */
#ifndef TIPSOM_HTTP_API_H
#define TIPSOM_HTTP_API_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/ctx.h"
#include "model/agency.h"

struct err;

#define API_MAX_PARAMS	3

struct api_req {
	const char		*method;
	const char		*path;
	const char		*params[API_MAX_PARAMS];	/* {x} in order */
	json_t			*query;		/* ?a=b as {"a": "b"} */
	json_t			*body;		/* the JSON body, or NULL */
	const char		*token;		/* the session cookie, or NULL */
	struct ctx		*ctx;		/* actor set when logged in */
	struct session_row	 session;	/* when logged in */
	bool			 tls;
};

struct api_resp {
	int			 status;	/* 200 unless set */
	json_t			*body;		/* stolen by the server */
	const char		*raw;		/* or a static document */
	void			*bytes;		/* or a document made for the
						 * request (malloc'd, stolen) */
	size_t			 n_bytes;
	const char		*content_type;	/* of raw, or of body when it
						 * is a JSON string holding a
						 * document; NULL: JSON */
	const char		*attachment;	/* a file name to save the
						 * document as, or NULL */
	char			 cookie[160];	/* Set-Cookie, or "" */
};

enum api_route_flags {
	API_PUBLIC = 1 << 0,	/* no session needed */
	API_NO_STORE = 1 << 1,	/* serves without a store */
};

struct api_route {
	const char	*method;
	const char	*pattern;	/* "/api/v1/cases/{ref}/notes" */
	unsigned	 flags;
	int		(*fn)(struct api_req *req, struct api_resp *resp,
			    struct err *err);
};

/* The routes of every handler file (api_*.c), NULL-terminated lists. */
extern const struct api_route api_session_routes[];
extern const struct api_route api_admin_routes[];
extern const struct api_route api_case_routes[];
extern const struct api_route api_share_routes[];
extern const struct api_route api_provider_routes[];
extern const struct api_route api_referral_routes[];
extern const struct api_route api_cooperation_routes[];
extern const struct api_route api_sop_routes[];
extern const struct api_route api_links_routes[];
extern const struct api_route api_merge_routes[];
extern const struct api_route api_htcds_routes[];
extern const struct api_route api_stats_routes[];
extern const struct api_route api_export_routes[];
extern const struct api_route api_training_routes[];
extern const struct api_route api_programme_routes[];
extern const struct api_route api_mrc_routes[];
extern const struct api_route api_awareness_routes[];
extern const struct api_route api_intake_routes[];

/*
 * Finds the route for method and path, filling params (pointing into
 * buf, a copy of path of size bytes).  NULL when no pattern matches;
 * *path_known says whether another method would have.
 */
const struct api_route *api_route_find(const char *method, const char *path,
		    char *buf, size_t size, const char *params[API_MAX_PARAMS],
		    bool *path_known);

/* The HTTP status for an error code. */
int		 api_status(int err_code);

/*
 * Body fields.  api_fields() refuses a body that is not an object or has
 * a key outside allowed (NULL-terminated).  api_str() gives a string
 * field or NULL when absent; a field of another type is ERR_INVALID
 * naming it (*ok false).  api_bool() likewise, absent false.
 */
int		 api_fields(const struct api_req *req,
		    const char *const *allowed, struct err *err);
const char	*api_str(const struct api_req *req, const char *key, bool *ok,
		    struct err *err);
bool		 api_bool(const struct api_req *req, const char *key, bool *ok,
		    struct err *err);

/*
 * An optional array field of strings (*n 0 when absent), as an arena
 * array; ERR_INVALID naming the first element that is not a string.
 */
const char	**api_strs(const struct api_req *req, const char *key,
		    size_t *n, bool *ok, struct err *err);

/* An optional integer id field as text ("17"), for the core's inputs. */
const char	*api_id(const struct api_req *req, const char *key, bool *ok,
		    struct err *err);

/* The body (or its field key when not NULL) as compact JSON text. */
char		*api_body_text(const struct api_req *req, const char *key,
		    size_t *len);

/* A query parameter, or NULL. */
const char	*api_query(const struct api_req *req, const char *key);

/* A query parameter true or false (absent: false); else ERR_INVALID. */
int		 api_query_bool(const struct api_req *req, const char *key,
		    bool *out, struct err *err);

/* A list response: {"items": items (stolen), "limit", "offset"}. */
json_t		*api_list(json_t *items, int limit, int offset);

/* Reads ?limit= and ?offset= (defaults 50 and 0, limit at most 500). */
int		 api_paging(const struct api_req *req, int *limit, int *offset,
		    struct err *err);

#endif
