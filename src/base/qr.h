/* SPDX-License-Identifier: Apache-2.0 */
/*
 * qr.h - QR codes, so that an authenticator app can scan the two-factor
 * secret instead of the user typing 32 letters.  libqrencode does the
 * encoding; this gives its modules as rows of '1' (dark) and '0' (light)
 * that a page draws or a terminal prints.
 *
 *	const char **rows; int size;
 *	if (qr_rows(arena, uri, &rows, &size, &err) == -1) ...;
 *	for (int y = 0; y < size; y++) puts(rows[y]);
 *
 * The quiet zone (four light modules around the code, which scanners
 * need) is not part of the rows: whoever draws them leaves it.
 */
#ifndef TIPSOM_QR_H
#define TIPSOM_QR_H

struct arena;
struct err;

/*
 * Encodes text (at most QR_TEXT_MAX bytes) at error-correction level M,
 * the smallest version that holds it.  *rows gets size strings of size
 * characters, in a.  ERR_INVALID when text is too long.
 */
#define QR_TEXT_MAX	1024

int	qr_rows(struct arena *a, const char *text, const char ***rows,
	    int *size, struct err *err);

#endif
