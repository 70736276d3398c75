/* SPDX-License-Identifier: Apache-2.0 */
/* qr.c - QR codes as rows of modules, by libqrencode. */
#include <errno.h>
#include <string.h>

#include <qrencode.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/qr.h"
#include "base/banned.h"

int
qr_rows(struct arena *a, const char *text, const char ***rows, int *size,
    struct err *err)
{
	QRcode *code;
	char **out;

	*rows = NULL;
	*size = 0;
	if (strlen(text) > QR_TEXT_MAX)
		return err_set(err, ERR_INVALID, "text", "the text for the QR "
		    "code is longer than %d bytes", QR_TEXT_MAX);
	/* Version 0: the smallest that holds the text; 8-bit mode keeps
	 * the case of base32 secrets and URIs as they are. */
	code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!code)
		return err_set(err, ERR_INTERNAL, "text", "the QR code could "
		    "not be made: %s", strerror(errno));
	out = arena_array(a, (size_t)code->width, sizeof(*out));
	for (int y = 0; y < code->width; y++) {
		out[y] = arena_alloc(a, (size_t)code->width + 1);
		/* Bit 0 of each module is dark; the others say what kind
		 * of module it is, which only the encoder needs. */
		for (int x = 0; x < code->width; x++)
			out[y][x] = code->data[y * code->width + x] & 1 ?
			    '1' : '0';
		out[y][code->width] = '\0';
	}
	*size = code->width;
	*rows = (const char **)out;
	QRcode_free(code);
	return 0;
}
