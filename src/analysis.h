/*
 * Questions rules ask of one function's IR: what a source's value is
 * defined by, whether one op can run after another, where a path points
 * relative to its base.  Shared by the rules and by triage.
 */
#ifndef TOCSIN_ANALYSIS_H
#define TOCSIN_ANALYSIS_H

#include "ir.h"

#include <stdbool.h>
#include <stddef.h>

/* Can op b run after op a in one call of f (b later on some path)? */
bool op_reaches(const struct ir_func *f, uint32_t a, uint32_t b);

/*
 * The location a path reads relative to the object its base points to:
 * "vmcb12->save.rip" -> "save.rip", "*p" -> "", "p[i].x" -> "[i].x".
 * Returns false if the path does not dereference its base (a local
 * struct's field) or is not rooted at a variable or call.
 */
bool path_location(const struct ir_func *f, const struct ir_path *p, char *buf, size_t n);

/* "save" covers "save.rip" and "save[]", and "" covers everything. */
bool location_covers(const char *outer, const char *inner);

/* a.b joined: "" + "x" = "x", "save" + "rip" = "save.rip", "a" + "[i]" = "a[i]" */
void location_join(char *out, size_t n, const char *prefix, const char *loc);

/* The reaching definitions of a SRC_VAR source. */
static inline const uint32_t *src_defs(const struct ir_func *f, const struct ir_src *s, uint32_t *n)
{
	*n = s->kind == SRC_VAR ? s->defs : 0;
	return f->reach + s->def_start;
}

/* The source ranges an op owns: one, or one per call argument. */
uint32_t op_src_ranges(const struct ir_func *f, const struct ir_op *op, uint32_t *starts,
		       uint32_t *counts, uint32_t max);

const char *func_label(const struct ir_func *f);

#endif
