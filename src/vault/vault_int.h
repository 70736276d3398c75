/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vault_int.h - the vault's insides, shared by vault.c (passwords,
 * hashes, tokens) and fields.c (field encryption).  Nothing outside
 * src/vault includes it.
 */
#ifndef TIPSOM_VAULT_INT_H
#define TIPSOM_VAULT_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct vault {
	unsigned long long	 opslimit;	/* new passwords' argon2id */
	size_t			 memlimit;

	/*
	 * The store's keys, by version: keys[0] the index key, keys[1..]
	 * the data keys; NULL where not held.  Each in guarded memory.
	 * A server's workers read them while one of them may add a newer
	 * data key (a rotation), hence the lock.
	 */
	pthread_rwlock_t	 lock;
	unsigned char		**keys;
	int			 n_keys;	/* slots in keys */
	int			 current;	/* the newest data key, 0 for
						 * none: a plain store */
	bool			 locked;	/* the store is encrypted: with
						 * no key held, nothing passes */
};

/* Wipes and frees every key the vault holds. */
void		 vault__keys_free(struct vault *v);

#endif
