#include "index/debug_asserts.h"
#include "index/index.h"
#include "index/writers.h"
#include "index/macro_table.h"
#include "base/symmap.h"
#include "base/util.h"

#include <stdlib.h>

struct def_ref {
	uint32_t unit, def;
};

struct assert_table {
	struct symmap first;		/* name -> first index in refs + 1 */
	VEC(struct def_ref) refs;
	uint32_t *next;			/* chain of one name's definitions; 0 ends */
};

/*
 * Is `name`, as a use in `file` sees it, a debug-only assertion?  Among its
 * nearest definitions in the same program, one off arm is enough: the
 * other is the debug build's.
 */
static bool debug_only(const struct index *idx, const struct assert_table *t, sym_t name,
		       sym_t file, int depth)
{
	uint32_t at = symmap_get(&t->first, name, 0), best = 0;

	for (uint32_t k = at; k; k = t->next[k - 1]) {
		const struct def_ref *r = &t->refs.v[k - 1];
		sym_t df = idx->units[r->unit].path;

		if (same_program(df, file))
			best = MAX(best, macro_closeness(df, file));
	}
	for (uint32_t k = at; k; k = t->next[k - 1]) {
		const struct def_ref *r = &t->refs.v[k - 1];
		const struct macro_def *d = &idx->units[r->unit].macros[r->def];
		sym_t df = idx->units[r->unit].path;

		if (!same_program(df, file) || macro_closeness(df, file) != best)
			continue;
		if (d->noop)
			return true;
		if (d->forward && d->forward != name && depth > 0 &&
		    debug_only(idx, t, d->forward, file, depth - 1))
			return true;
	}
	return false;
}

void mark_debug_asserts(struct index *idx)
{
	struct assert_table t = {0};

	for (uint32_t u = 0; u < idx->nunits; u++)
		for (uint32_t k = 0; k < idx->units[u].nmacros; k++) {
			const struct macro_def *d = &idx->units[u].macros[k];

			if (d->noop || d->forward)
				vec_push(&t.refs, ((struct def_ref){ u, k }));
		}
	if (!t.refs.n)
		return;
	t.next = xcalloc(t.refs.n, sizeof(*t.next));
	/* chained newest first: every definition of a name reachable from it */
	for (uint32_t i = 0; i < t.refs.n; i++) {
		const struct def_ref *r = &t.refs.v[i];
		sym_t name = idx->units[r->unit].macros[r->def].name;

		t.next[i] = symmap_get(&t.first, name, 0);
		symmap_put(&t.first, name, i + 1);
	}
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		struct ir_func *f = idx->funcs[id];

		for (uint32_t o = 0; o < f->nops; o++) {
			struct ir_op *op = &f->ops[o];

			if (op->kind == OP_CALL && (op->flags & OPF_WARN) && op->a &&
			    symmap_get(&t.first, op->a, 0) && debug_only(idx, &t, op->a, f->file, 2))
				op->flags |= OPF_DEBUG_WARN;
		}
	}
	free(t.next);
	vec_free(&t.refs);
	symmap_free(&t.first);
}
