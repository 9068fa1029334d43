/*
 * A project's own lock macros.  tocsin has no preprocessor, so
 *
 *	#define BMAP_LOCK(bmp)	mutex_lock(&bmp->db_bmaplock)
 *	...
 *	BMAP_LOCK(bmp);
 *
 * would be a call of an unknown function and the code under it unlocked.
 * The lowering records every function-like macro of a file (struct
 * macro_def in unit.h), reading the body of those that are one lock
 * primitive and nothing else; the index, which has every file's
 * definitions, then rewrites each use of such a macro into the lock
 * operation its body performs, on the lock path the use's argument names
 * (bmp->db_bmaplock), before lock identities and locksets are computed.
 * Beside the lock call a body may make calls of no argument that take no
 * lock (smp_mb__after_unlock_lock(), a debug check), and may be a
 * statement expression whose value is a trylock's result; the lock's
 * lvalue may go through a declared member macro (ACCESS_PRIVATE(p, lock)).
 * A trylock macro rewrites no call: it names the lock of a trylock that a
 * lock family's name pattern already made (struct ir_op.via).
 *
 * Which definition a use sees: the nearest ones -- those of the use's own
 * file, else of its directory, else of the closest enclosing directory
 * that defines the name at all.  They must all be lock macros and agree:
 * the same primitive on the same path, where the write side of an rwlock
 * and a spinlock or mutex count as the same (KVM_MMU_LOCK is either, by
 * configuration), a shared and an exclusive lock do not.  Two #if arms
 * or two headers that disagree, or a function of that name defined at
 * least as near (a static inline in the other #if arm), leave the use a
 * plain call, as before: a lock that is not seen costs a false report, a
 * lock that is wrongly seen hides a race.
 */
#ifndef TOCSIN_LOCKMACRO_H
#define TOCSIN_LOCKMACRO_H

#include "ir/unit.h"

#include <stddef.h>

/*
 * Read a macro body: fill d->op (OP_CALL when the body is not exactly one
 * lock primitive on a path reached from a parameter or a name), d->lock,
 * d->param, d->base, d->chain, d->addr.  d->name and d->nparams are the
 * caller's.
 */
void lock_macro_parse(struct macro_def *d, const char *body, size_t len,
		      const char *const *params, const size_t *param_lens, unsigned nparams);

#endif
