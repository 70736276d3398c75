/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store_fault.h - making a store fail on purpose, for tests.
 *
 * After store_fault_after(st, n), the n-th statement the store runs from
 * then on fails with ERR_STORE as if the database had, and so does every
 * statement after it until store_fault_after(st, 0).  Tests use it to
 * prove that an operation which fails half-way leaves nothing behind.
 * store_fault_steps() counts the statements run since the last call to
 * store_fault_after().
 */
#ifndef TIPSOM_STORE_FAULT_H
#define TIPSOM_STORE_FAULT_H

#include <stdint.h>

struct store;

void		 store_fault_after(struct store *st, int64_t n);
int64_t		 store_fault_steps(const struct store *st);

#endif
