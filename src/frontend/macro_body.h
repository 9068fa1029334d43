/*
 * What a function-like macro's body does, where that matters beyond locks
 * (lockmacro.h): whether it evaluates nothing that can warn, and whether
 * it is one call of another name.  Kernel debug assertions are defined
 * twice, a real arm and an off arm --
 *
 *	#ifdef CONFIG_DEBUG_VM
 *	#define VM_BUG_ON(cond) BUG_ON(cond)
 *	#else
 *	#define VM_BUG_ON(cond) BUILD_BUG_ON_INVALID(cond)
 *	#endif
 *
 * -- and a production kernel compiles the off arm: a value that reaches
 * only such an assertion warns nobody there.
 */
#ifndef TOCSIN_MACRO_BODY_H
#define TOCSIN_MACRO_BODY_H

#include "ir/unit.h"

#include <stddef.h>

/*
 * Fill d->noop and d->forward from the body s[0..n): noop when every word
 * in it is a parameter, `void`, `do`, `while`, `sizeof`, `typeof` or
 * BUILD_BUG_ON_INVALID, every number 0 or 1, and nothing else but
 * brackets, commas and semicolons (MACRO_NOOP_EMPTY when no parameter is
 * named either); forward when the body is a single call
 * of a name that is not a parameter.
 */
void macro_body_classify(struct macro_def *d, const char *s, size_t n,
			 const char *const *params, const size_t *param_lens, unsigned nparams);

/*
 * Set d->asm_mem from the body s[0..n) when it holds an asm statement: the
 * parameters written as an operand `"constraint" (param)` whose constraint
 * names memory -- a letter of "mQoVZ" or of target (the letters that name
 * memory only on the file's architecture).
 */
void macro_body_asm_memory(struct macro_def *d, const char *s, size_t n,
			   const char *const *params, const size_t *lens, unsigned np,
			   const char *target);

/*
 * Set d->marked_read and d->read_mark from the body s[0..n): the
 * parameters that are the located argument of a marked-read idiom
 * (READ_ONCE(param), rcu_dereference(param)).
 */
void macro_body_marked_reads(struct macro_def *d, const char *s, size_t n,
			     const char *const *params, const size_t *lens, unsigned np);

#endif
