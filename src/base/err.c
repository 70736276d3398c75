/* SPDX-License-Identifier: Apache-2.0 */
/* err.c - filling struct err. */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/util.h"
#include "base/banned.h"

static const char *const code_names[ERR__MAX] = {
	[ERR_OK] = "ok",
	[ERR_INVALID] = "invalid",
	[ERR_NOT_FOUND] = "not_found",
	[ERR_CONFLICT] = "conflict",
	[ERR_FORBIDDEN] = "forbidden",
	[ERR_UNAUTHENTICATED] = "unauthenticated",
	[ERR_STORE] = "store",
	[ERR_VERSION] = "version",
	[ERR_IO] = "io",
	[ERR_TAMPERED] = "tampered",
	[ERR_LIMITED] = "limited",
	[ERR_INTERNAL] = "internal",
};

int
err_set(struct err *err, enum err_code code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	err->code = code;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void
err_clear(struct err *err)
{
	*err = (struct err)ERR_INIT;
}

const char *
err_code_name(enum err_code code)
{
	if ((unsigned)code >= ARRAY_SIZE(code_names))
		return "internal";
	return code_names[code];
}
