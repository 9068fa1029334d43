/*
 * Questions rules ask of one function's IR: what a source's value is
 * defined by, whether one op can run after another, where a path points
 * relative to its base.  Shared by the rules and by triage.
 */
#ifndef TOCSIN_ANALYSIS_H
#define TOCSIN_ANALYSIS_H

#include "ir/ir.h"

#include <stdbool.h>
#include <stddef.h>

/* Can op b run after op a in one call of f (b later on some path)? */
bool op_reaches(const struct ir_func *f, uint32_t a, uint32_t b);
/*
 * Can op b run after op a in one pass through every loop that holds both:
 * without going round to the head of their innermost common loop again?
 */
bool op_reaches_same_pass(const struct ir_func *f, uint32_t a, uint32_t b);

/*
 * Can the value local `var` holds just after op `from` still be its value
 * at op `to`: is there a path from one to the other with no definition of
 * var on it?
 */
bool var_value_reaches(const struct ir_func *f, uint32_t var, uint32_t from, uint32_t to);

/*
 * The ops of f that never run in one call with op `at`: those only on an
 * arm of a test of a local or parameter (if (x), if (!x), x == C, x != C)
 * that a test of the same value on the way to `at`, with nothing setting
 * it between the two, rules out.  NULL when there are none; else an array
 * of f->nops flags for the caller to free.
 */
/*
 * Is the address of var (a parameter) handed out anywhere in f (&var)?
 * A call given a local's address has an OPF_OUTPARAM def after it; a
 * parameter's has none, so its value on entry may not be its value later.
 */
bool param_address_taken(const struct ir_func *f, uint32_t var);
uint8_t *ops_excluded_by_tests(const struct ir_func *f, uint32_t at);
/* Is op a one that ops_excluded_by_tests(f, b) says never runs with b? */
bool tests_exclude(const struct ir_func *f, uint32_t a, uint32_t b);

/* Do ops [from, to) of f all hold `lock` in their own lockset? */
bool lock_held_through(const struct ir_func *f, uint32_t from, uint32_t to, sym_t lock);

/*
 * Is `lock` held at every op of every path from op `from` to op `to`?  The
 * value read at `from` then cannot change before `to` by the hand of code
 * that needs the lock to write it.  False when `to` cannot be reached.
 */
bool lock_held_between(const struct ir_func *f, uint32_t from, uint32_t to, sym_t lock);

/*
 * The location a path reads relative to the object its base points to:
 * "vmcb12->save.rip" -> "save.rip", "*p" -> "", "p[i].x" -> "[i].x".
 * Returns false if the path does not dereference its base (a local
 * struct's field) or is not rooted at a variable or call.
 */
bool path_location(const struct ir_func *f, const struct ir_path *p, char *buf, size_t n);

/*
 * Is read o the old value that a following "x op= v" on the same path
 * combines (the read the lowering emits for a compound assignment)?
 */
bool op_is_compound_old_value(const struct ir_func *f, uint32_t o);

/*
 * Is a constant's spelling zero: NULL, false or a zero integer (0, 0U)?  A store of one is an
 * unpublication or a reset; a test against one is a test for "none".
 */
bool const_is_zero(sym_t spelling);

/* "save" covers "save.rip" and "save[]", and "" covers everything. */
bool location_covers(const char *outer, const char *inner);

/* a.b joined: "" + "x" = "x", "save" + "rip" = "save.rip", "a" + "[i]" = "a[i]" */
void location_join(char *out, size_t n, const char *prefix, const char *loc);

/* The reaching definitions of a SRC_VAR source. */
static inline const uint32_t *src_defs(const struct ir_func *f, const struct ir_src *s, uint32_t *n)
{
	*n = s->kind == SRC_VAR && f->reach ? s->defs : 0;
	return *n ? f->reach + s->def_start : NULL;
}

/* The source ranges an op owns: one, or one per call argument. */
uint32_t op_src_ranges(const struct ir_func *f, const struct ir_op *op, uint32_t *starts,
		       uint32_t *counts, uint32_t max);

const char *func_label(const struct ir_func *f);

#endif

/*
 * The blocks whose execution the branch ending block `b` decides: those
 * reachable from one of its successors before its immediate post-dominator.
 * out[block] gets bit k set when reached from successor k (k < 8).
 * ipdom comes from cfg_postdominators().
 */
void control_dependents(const struct ir_func *f, const uint32_t *ipdom, uint32_t b, uint8_t *out);

/*
 * Does the branch ending block `b` decide whether block `target` runs?
 * *ipdom is computed on the first call (NULL before) and freed by the
 * caller, for the callers that ask about many branches of one function.
 */
bool branch_decides(const struct ir_func *f, uint32_t **ipdom, uint32_t b, uint32_t target);

/*
 * The reads and calls a value was computed from, following locals back to
 * their definitions (through at most `depth` definitions).  Address
 * arithmetic (HOW_BASE, HOW_INDEX) is not followed.  Returns the number of
 * op indexes written to out.
 */
uint32_t value_origins(const struct ir_func *f, const struct ir_src *s, uint32_t n, unsigned depth,
		       uint32_t *out, uint32_t max);

/*
 * The same, for what a branch condition tests: a read that a local only
 * copies (end = READ_ONCE(p->end)) is not an origin -- testing the copy
 * says nothing about the object at the branch -- unless the local is a
 * bool, which holds a test's outcome (ok = test_bit(...)).
 */
uint32_t tested_origins(const struct ir_func *f, const struct ir_src *s, uint32_t n,
			unsigned depth, uint32_t *out, uint32_t max);

/*
 * Is the value of op o a test in its function: read in a branch
 * condition, or returned (the helper's result is what the caller tests)?
 */
bool op_value_decides(const struct ir_func *g, uint32_t o);

/* The variable a source list passes as a pointer (p, not &p->x), or IR_NONE. */
uint32_t pointer_var(const struct ir_func *f, const struct ir_src *s, uint32_t n);
