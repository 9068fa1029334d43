/*
 * Which constant a variable must hold where an op runs, from the branch
 * edges taken only for one value (struct ir_case): the op under
 * `case SET_NUM:` of switch (cmd) runs only when cmd == SET_NUM.  Two ops
 * that need different values of one variable never both run in one call.
 *
 * Only variables whose value cannot change between two such ops are kept:
 * parameters never assigned, and locals assigned once, outside any cycle.
 * Values are compared as spelled (macros are not expanded): numbers by
 * their value, anything else differs only when the spellings differ.
 */
#ifndef TOCSIN_CASES_H
#define TOCSIN_CASES_H

#include "ir/ir.h"

#include <stdbool.h>

#define CASE_VALUES 16

/* At some op, `var` holds one of `value[0..n)`; n == 0: the op never runs. */
struct case_cond {
	uint32_t var;
	uint32_t n;
	sym_t value[CASE_VALUES];
};

struct case_map;

/* The conditions of every op of f; NULL when f has none to give. */
struct case_map *case_map_build(const struct ir_func *f);
void case_map_free(struct case_map *m);

/* The conditions under which op o of f runs, up to max, one per variable. */
unsigned case_conds_at(const struct case_map *m, const struct ir_func *f, uint32_t o,
		       struct case_cond *out, unsigned max);

/* Does var keep one value through a call of f (never assigned, or once, outside cycles)? */
bool case_var_stable(const struct ir_func *f, uint32_t var);

/* x := the values both allow. */
void case_cond_meet(struct case_cond *x, const struct case_cond *y);

/*
 * Can constants spelled a and b be one value, their signs aside?  The
 * IR's sources drop a unary minus (return -EFAULT has the source EFAULT),
 * so only magnitudes can be compared with them.
 */
bool case_magnitudes_may_match(sym_t a, sym_t b);

/* Can the two conditions (on one variable) hold at once? */
bool case_conds_compatible(const struct case_cond *x, const struct case_cond *y);

#endif
