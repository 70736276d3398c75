/* SPDX-License-Identifier: Apache-2.0 */
/* store_htcds.c - what the de-identified HTCDS export reads. */
#include "base/arena.h"
#include "base/err.h"
#include "store/store_int.h"
#include "base/banned.h"

static void
read_victim(struct store *st, enum stmt id, struct arena *a, void *row)
{
	struct htcds_victim_row *v = row;

	*v = (struct htcds_victim_row){
		.person_id = store__int(st, id, 0),
		.case_id = store__int(st, id, 1),
		.victim = store__int(st, id, 2) != 0,
		.year = (int)store__int(st, id, 3),
		.age = (int)store__int(st, id, 4),
		.child = store__int(st, id, 5) != 0,
		.sex = store__enum(st, id, 6, &sex_desc, SEX_UNKNOWN),
		.status = store__enum(st, id, 7, &case_status_desc,
		    CASE_STATUS_OPEN),
		.nationalities = store__text(st, id, 8, a),
		.elements = store__text(st, id, 9, a),
	};
}

int
store_htcds_victims(struct store *st, int64_t agency_id, int from, int to,
    struct arena *a, struct htcds_victim_row **rows, size_t *n,
    struct err *err)
{
	enum stmt id = STMT_HTCDS_VICTIMS;

	store__bind_int(st, id, 1, agency_id);
	store__bind_int(st, id, 2, from);
	store__bind_int(st, id, 3, to);
	return store__all(st, id, a, (void **)rows, n, sizeof(**rows),
	    read_victim, err);
}
