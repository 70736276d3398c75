/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tmpfile.h - a file for the targets whose parser reads a path: the
 * input written to a private directory made once per process (removed at
 * exit), so that the parser reads it exactly as it reads a user's file.
 */
#ifndef TIPSOM_FUZZ_TMPFILE_H
#define TIPSOM_FUZZ_TMPFILE_H

#include <stddef.h>

/* The path of the process's one scratch file (which may not exist). */
const char	*tmpfile_path(void);

/* Writes data to tmpfile_path() and returns that path; aborts when it
 * cannot. */
const char	*tmpfile_write(const void *data, size_t size);

#endif
