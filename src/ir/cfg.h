/*
 * Analyses over a function's control-flow graph: successor lists, reaching
 * definitions of locals, the lockset at every operation, and the orders and
 * dominance facts rules need.  All iterative; nothing recurses on the
 * shape of the input.
 */
#ifndef TOCSIN_CFG_H
#define TOCSIN_CFG_H

#include "base/arena.h"
#include "ir/ir.h"

/* edges: pairs (from, to), in the order they were made */
void cfg_build(struct ir_func *f, const uint32_t *edges, uint32_t nedges, struct arena *a);
void cfg_reaching_defs(struct ir_func *f, struct arena *a);

/* A change to the held locks that a call makes on its caller's behalf. */
struct lock_effect {
	sym_t lock;
	uint8_t kind;
	/*
	 * 1 acquires, 0 releases; 2 asserts it held; LOCK_FX_NORETURN: the
	 * call never returns (a __noreturn function), nothing is held after it
	 */
	uint8_t acquire;
	uint8_t every;		/* acquires it for every peer (ir_lockitem.every) */
	/*
	 * k + 1: the lock is the object the callee's k-th argument points to
	 * (a helper taking `spinlock_t *l`); `lock` is 0 until the call site
	 * names it.  0: `lock` is the lock.
	 */
	uint8_t param;
	/*
	 * For a release: 0, whatever the call returns; RELEASED_IF_TRUE or
	 * RELEASED_IF_FALSE, only when it returns nonzero (zero) -- a helper
	 * that lets its caller's lock go when it sleeps and says so by its
	 * result, returning with the lock still held otherwise.
	 */
	uint8_t when;
};

#define LOCK_FX_NORETURN 3
#define RELEASED_IF_TRUE 1
#define RELEASED_IF_FALSE 2

/*
 * How the lockset pass names locks and learns about callees.  With no
 * resolver (at lowering time) a lock is named by its path text and calls
 * have no effect.
 */
struct lock_resolver {
	void *ctx;
	sym_t (*identity)(void *ctx, const struct ir_func *f, uint32_t path);
	uint32_t (*call_effects)(void *ctx, const struct ir_func *f, const struct ir_op *call,
				 struct lock_effect *out, uint32_t max);
	/* locks every caller holds on entry */
	uint32_t (*entry_locks)(void *ctx, const struct ir_func *f, struct ir_lockitem *out,
				uint32_t max);
	/*
	 * What the call does to `lock` as a plain wrapper of it: 1 a take, 0 a
	 * drop (the callee's one lock op on it, made on every path, nothing
	 * else it calls touching it); -1 nothing; -2 something else (a
	 * recursive or conditional helper, a callee deeper down).
	 */
	int (*wrapper_op)(void *ctx, const struct ir_func *f, const struct ir_op *call, sym_t lock);
};

/*
 * Compute f->locksets and each op's lockset, f->exit_lockset (held at the
 * function's exit, must-hold) and f->released_lockset (released without
 * having been taken).  cfg_lock_summary() reads the two back as the
 * function's effect on its callers' locks.
 */
struct lock_summary {
	struct ir_lockitem held_at_exit[8];
	uint32_t nheld;
	struct ir_lockitem released[8];
	uint8_t released_when[8];	/* lock_effect.when of each */
	uint32_t nreleased;
};

void cfg_locksets(struct ir_func *f, struct arena *a, const struct lock_resolver *r);
void cfg_lock_summary(const struct ir_func *f, struct lock_summary *out);

/*
 * The truth of a constant's spelling: 0 for false, NULL and a zero in any
 * of C's integer spellings (0, 0U, 0x0), 1 for true and another integer,
 * -1 for what is not a constant it knows.
 */
int const_truth(sym_t v);

/* The function's entry block (the first marked BLOCK_ENTRY), or IR_NONE. */
uint32_t cfg_entry(const struct ir_func *f);

/* Predecessors: for rules.  Caller frees *preds and *pred_start. */
void cfg_preds(const struct ir_func *f, uint32_t **pred_start, uint32_t **preds);

/* Reverse post-order from the entry.  Caller frees. */
uint32_t *cfg_rpo(const struct ir_func *f, uint32_t *n);

/*
 * Post-dominator tree (immediate post-dominator of each block, IR_NONE for
 * blocks that cannot reach the exit).  Caller frees.
 */
uint32_t *cfg_postdominators(const struct ir_func *f);

/* Does block `b` lie on some path from block `from` (inclusive)? */
bool cfg_reaches(const struct ir_func *f, uint32_t from, uint32_t b);

/* The same, on paths that go through no block marked in `avoid` (but may end in b). */
bool cfg_reaches_avoiding(const struct ir_func *f, uint32_t from, uint32_t b,
			  const uint8_t *avoid);

/* The lock items held at op `op`. */
static inline const struct ir_lockitem *op_locks(const struct ir_func *f, const struct ir_op *op,
						  uint32_t *n)
{
	const struct ir_lockset *ls;

	if (!f->locksets || op->lockset >= f->nlocksets) {
		*n = 0;
		return NULL;
	}
	ls = &f->locksets[op->lockset];
	*n = f->lockitems ? ls->count : 0;
	return *n ? f->lockitems + ls->start : NULL;
}

static inline bool op_in_rcu(const struct ir_func *f, const struct ir_op *op)
{
	return f->locksets && op->lockset < f->nlocksets && f->locksets[op->lockset].rcu;
}

#endif
