#include "index/debug_asserts.h"
#include "index/index.h"
#include "index/writers.h"
#include "index/macro_table.h"
#include "base/symmap.h"
#include "base/pool.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

struct def_ref {
	uint32_t unit, def;
	/*
	 * neither a no-op nor a forward: kept only so that a log macro's own
	 * printing definition, nearer than another file's empty one, wins
	 */
	bool other;
};

struct assert_table {
	struct symmap first;		/* name -> first index in refs + 1 */
	VEC(struct def_ref) refs;
	uint32_t *next;			/* chain of one name's definitions; 0 ends */
	/*
	 * name_key() of each SYM an arm for an undefined SYM is kept under ->
	 * COND_SEEN, with COND_DEFINED once some source #defines SYM and
	 * COND_COMMENTED once one has a `#define SYM` in a comment
	 */
	struct symmap conds;
};

#define COND_SEEN 1
#define COND_DEFINED 2
#define COND_COMMENTED 4

/*
 * A name's hash as a map key, without the bit struct unit's defines use
 * to tell a commented-out #define: never 0, which a map keeps for no key.
 */
static sym_t name_key(uint32_t hash)
{
	return (hash >> 1) + 1u;
}

/* one of struct unit's defines: a hash, its low bit set when commented out */
static void note_defined(struct assert_table *t, uint32_t v)
{
	sym_t k = name_key(v);
	uint32_t was = symmap_get(&t->conds, k, 0);

	if (was)
		symmap_put(&t->conds, k, was | (v & 1u ? COND_COMMENTED : COND_DEFINED));
}

/*
 * Is d the empty arm the default build takes?  It sits where SYM is not
 * defined (#ifndef SYM, #ifdef SYM's #else), no scanned source #defines
 * SYM, and some source has `#define SYM` in a comment: the switch is
 * turned on by hand, by taking the comment away (QEMU's
 * //#define DEBUG_XEN_HVM).  Without that comment SYM may be one the build
 * sets (-DSYM, a generated config header: Kconfig's CONFIG_*, never in a
 * source), and nothing says the build leaves it undefined.  A level
 * comparison (#if LEVEL >= N), or no condition, says nothing either.
 */
static bool default_off(const struct assert_table *t, const struct macro_def *d)
{
	const char *s;

	if (d->noop != MACRO_NOOP_EMPTY || d->cond_arm != MACRO_ARM_UNDEFINED || !d->cond)
		return false;
	s = sym_str(d->cond);
	return symmap_get(&t->conds, name_key(macro_name_hash(s, strlen(s))), 0) ==
	       (COND_SEEN | COND_COMMENTED);
}

/*
 * Is a definition in def_file the one a use in use_file sees?  Without
 * the includes, only when it is in the file itself or in a header beside
 * it: a nearest definition in another directory (a sibling driver's
 * header) is a guess, good enough for a WARN macro's off arm, not to
 * take reads away.
 */
static bool beside(sym_t def_file, sym_t use_file)
{
	const char *u = sym_str(use_file), *slash = strrchr(u, '/');

	if (def_file == use_file)
		return true;
	return str_ends(sym_str(def_file), ".h") &&
	       macro_closeness(def_file, use_file) == (uint32_t)(slash ? slash - u + 1 : 0) &&
	       !strchr(sym_str(def_file) + macro_closeness(def_file, use_file), '/');
}

/*
 * Is `name`, as a use in `file` sees it, a debug-only assertion?  Among its
 * nearest definitions in the same program, one off arm is enough: the
 * other is the debug build's.
 */
static bool debug_only(const struct index *idx, const struct assert_table *t, sym_t name,
		       sym_t file, int depth, bool need_default_off)
{
	uint32_t at = symmap_get(&t->first, name, 0), best = 0;

	for (uint32_t k = at; k; k = t->next[k - 1]) {
		const struct def_ref *r = &t->refs.v[k - 1];
		sym_t df = idx->units[r->unit].path;

		if (same_program(df, file) && (need_default_off || !r->other))
			best = MAX(best, macro_closeness(df, file));
	}
	/*
	 * A log macro: the nearest definitions must all be in one file, that
	 * file's own choice between its arms; two headers in one directory
	 * each defining it leave the choice to includes not followed.
	 */
	for (uint32_t k = at, where = 0; need_default_off && k; k = t->next[k - 1]) {
		const struct def_ref *r = &t->refs.v[k - 1];
		sym_t df = idx->units[r->unit].path;

		if (!same_program(df, file) || macro_closeness(df, file) != best)
			continue;
		if (where && df != where)
			return false;
		where = df;
	}
	for (uint32_t k = at; k; k = t->next[k - 1]) {
		const struct def_ref *r = &t->refs.v[k - 1];
		const struct macro_def *d = &idx->units[r->unit].macros[r->def];
		sym_t df = idx->units[r->unit].path;

		if (r->other || !same_program(df, file) || macro_closeness(df, file) != best)
			continue;
		if (d->noop && (!need_default_off || (default_off(t, d) && beside(df, file))))
			return true;
		if (d->forward && d->forward != name && depth > 0 &&
		    debug_only(idx, t, d->forward, file, depth - 1, need_default_off))
			return true;
	}
	return false;
}

/* A log call: a tracepoint or log idiom, or a call with a format string. */
static bool log_call(const struct ir_func *f, const struct ir_op *op)
{
	if (op->flags & OPF_TRACE)
		return true;
	for (uint32_t i = 0; i < op->src_count; i++)
		if (f->args[op->src_start + i].flags & ARG_FORMATTED)
			return true;
	return false;
}

/*
 * A call of a log macro the default build defines as nothing: it and the
 * ops of its arguments -- lowered just before it, in its block, from the
 * text after where the call starts -- are never evaluated.  They get
 * OPF_DEBUG_WARN, and a read among them is no read (rules/double_fetch.c).
 */
static void compile_out(struct ir_func *f, uint32_t o)
{
	struct ir_op *call = &f->ops[o];
	uint32_t start = f->blocks[call->block].op_start;

	call->flags |= OPF_DEBUG_WARN;
	for (uint32_t k = o; k-- > start;) {
		struct ir_op *op = &f->ops[k];

		if (op->line < call->line || (op->line == call->line && op->col < call->col))
			break;
		op->flags |= OPF_DEBUG_WARN;
	}
}

/*
 * The calls are marked a block of functions at a time on every worker: a
 * function's marks are its own, and decided from the table alone (the
 * flags set never feed a later decision: OPF_WARN is the front end's).
 */
struct mark_job {
	struct index *idx;
	const struct assert_table *t;
};

static void mark_block(void *ctx, uint32_t b, uint32_t start, uint32_t end)
{
	const struct mark_job *j = ctx;
	const struct index *idx = j->idx;

	(void)b;
	for (uint32_t id = start; id < end; id++) {
		struct ir_func *f = idx->funcs[id];

		for (uint32_t o = 0; o < f->nops; o++) {
			struct ir_op *op = &f->ops[o];

			if (op->kind == OP_CALL && (op->flags & OPF_WARN) && op->a &&
			    symmap_get(&j->t->first, op->a, 0) &&
			    debug_only(idx, j->t, op->a, f->file, 2, false))
				op->flags |= OPF_DEBUG_WARN;
			else if (op->kind == OP_CALL && op->a && log_call(f, op) &&
				 symmap_get(&j->t->first, op->a, 0) &&
				 debug_only(idx, j->t, op->a, f->file, 2, true))
				compile_out(f, o);
		}
	}
}

void mark_debug_asserts(struct index *idx)
{
	struct assert_table t = {0};

	/* the SYMs no-op arms for an undefined SYM are kept under; then which are defined */
	for (uint32_t u = 0; u < idx->nunits; u++)
		for (uint32_t k = 0; k < idx->units[u].nmacros; k++) {
			const struct macro_def *d = &idx->units[u].macros[k];

			if (d->noop == MACRO_NOOP_EMPTY && d->cond &&
			    d->cond_arm == MACRO_ARM_UNDEFINED) {
				const char *s = sym_str(d->cond);

				symmap_put(&t.conds, name_key(macro_name_hash(s, strlen(s))), COND_SEEN);
			}
		}
	for (uint32_t u = 0; t.conds.n && u < idx->nunits; u++) {
		for (uint32_t k = 0; k < idx->units[u].ndefines; k++)
			note_defined(&t, idx->units[u].defines[k]);
		for (uint32_t k = 0; k < idx->units[u].nmacros; k++) {
			const char *s = sym_str(idx->units[u].macros[k].name);

			note_defined(&t, macro_name_hash(s, strlen(s)) & ~1u);
		}
	}
	for (uint32_t u = 0; u < idx->nunits; u++)
		for (uint32_t k = 0; k < idx->units[u].nmacros; k++) {
			const struct macro_def *d = &idx->units[u].macros[k];

			if (d->noop || d->forward) {
				vec_push(&t.refs, ((struct def_ref){ u, k, false }));
				symmap_put(&t.first, d->name, 1);
			}
		}
	if (!t.refs.n)
		return;
	/* the other definitions of those names */
	for (uint32_t u = 0; u < idx->nunits; u++)
		for (uint32_t k = 0; k < idx->units[u].nmacros; k++) {
			const struct macro_def *d = &idx->units[u].macros[k];

			if (!d->noop && !d->forward && symmap_get(&t.first, d->name, 0))
				vec_push(&t.refs, ((struct def_ref){ u, k, true }));
		}
	symmap_free(&t.first);
	t.first = (struct symmap){0};
	t.next = xcalloc(t.refs.n, sizeof(*t.next));
	/* chained newest first: every definition of a name reachable from it */
	for (uint32_t i = 0; i < t.refs.n; i++) {
		const struct def_ref *r = &t.refs.v[i];
		sym_t name = idx->units[r->unit].macros[r->def].name;

		t.next[i] = symmap_get(&t.first, name, 0);
		symmap_put(&t.first, name, i + 1);
	}
	{
		struct mark_job j = { idx, &t };

		pool_run_blocks(idx->jobs, idx->nfuncs, mark_block, &j);
	}
	free(t.next);
	vec_free(&t.refs);
	symmap_free(&t.first);
	symmap_free(&t.conds);
}
