/*
 * stale-snapshot: a local takes the value of O->F; then a condition checks
 * that O is still valid, in the state it must be in, through a marked or
 * atomic read of another field O->G of the same object (directly, or in a
 * helper such as kvm_arch_vcpu_should_kick()); then the local is used
 * under the outcome that says O is valid.  F was read before the check and
 * can have changed since.  Reading F after the check (with READ_ONCE())
 * fixes it, and then the use no longer sees the early read: silent.
 *
 * What makes a check a validity check, from evidence the index has
 * (validity_kind()): G is a field of O's own struct, and
 *   - its concurrent writers store only constants or flip bits (a state,
 *     mode or flags word), and it is tested for truth or against
 *     constants -- not ordered against a computed bound;
 *   - its writers only step it, and it is compared with another value (a
 *     generation against the one the caller holds);
 *   - its writers step it atomically and it is tested for zero or against
 *     a constant (a reference count); a plainly bumped count is a
 *     statistic and checks nothing;
 *   - it is a pointer also cleared to a constant, tested for NULL;
 *   - or the check is an atomic transition that can fail (cmpxchg,
 *     test_and_set_bit), or one made through the pointer G holds.
 * A helper's read counts only if the helper tests it or returns it.
 *
 * What makes F depend on that state (depends_on_state()): a function
 * writes both, or calls a writer of each, or one calls the other.  A
 * writer of F and a writer of G that only hold one exclusive lock is
 * weaker evidence: the finding is then only possible.  A field set at
 * initialisation, or changed on paths that never touch the state, is not
 * what the check protects.  When nothing but the check's own transition
 * writes G, the relation cannot be judged and is assumed (the seed).
 *
 * Staleness needs another thread that can write O.  So an object only
 * this thread can reach is never stale; a test of a local that copied
 * O->G checks the copy, not O; a marked copy of F that the use reaches
 * only through a test of the copy is the validated-snapshot idiom, not the
 * bug; and a use reached whichever way the test goes, or that only feeds
 * a log, is not protected by the check.
 *
 * A second shape, at the end of the file: a reference to an object found
 * under a lock and kept past the unlock, while a path holding the lock
 * frees it (check_unlocked_objects()).
 */
#include "ir/analysis.h"
#include "ir/cfg.h"
#include "rules/concurrency.h"
#include "rules/reach.h"
#include "rules/rule.h"
#include "index/summary.h"
#include "index/writers.h"
#include "frontend/fix_site.h"
#include "rules/fix_hint.h"
#include "profile/profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FX 64

static void check(struct rule_ctx *ctx, const struct ir_func *f);
/*
 * A use of local `var`, with the value definition `d` gave it, by op u:
 * dereferenced, passed to a call, returned or stored.  A test or a
 * comparison of the reference (p == NULL) uses no object.
 */
static bool uses_object(const struct ir_func *f, uint32_t u, uint32_t var, uint32_t d)
{
	const struct ir_op *op = &f->ops[u];
	const struct ir_src *s = op_srcs(f, op);
	uint32_t n = op->kind == OP_CALL ? 0 : op->src_count;

	if (op->flags & OPF_TRACE)
		return false;
	if (op->kind == OP_CALL) {
		const struct ir_arg *a = op_args(f, op);

		for (uint32_t j = 0; j < op_nargs(op); j++) {
			const struct ir_src *as = arg_srcs(f, &a[j]);

			for (uint32_t i = 0; i < a[j].src_count; i++) {
				uint32_t nd;
				const uint32_t *defs = src_defs(f, &as[i], &nd);

				if (as[i].kind != SRC_VAR || as[i].ref != var ||
				    (as[i].how != HOW_VALUE && as[i].how != HOW_BASE))
					continue;
				for (uint32_t k = 0; k < nd; k++)
					if (defs[k] == d)
						return true;
			}
		}
		return false;
	}
	if (op->kind != OP_READ && op->kind != OP_WRITE && op->kind != OP_RMW &&
	    op->kind != OP_RETURN && op->kind != OP_USE)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t nd;
		const uint32_t *defs = src_defs(f, &s[i], &nd);

		if (s[i].kind != SRC_VAR || s[i].ref != var)
			continue;
		if (s[i].how != HOW_BASE && !(s[i].how == HOW_VALUE && op->kind != OP_USE &&
					      op->kind != OP_READ))
			continue;
		for (uint32_t k = 0; k < nd; k++)
			if (defs[k] == d)
				return true;
	}
	return false;
}

static void check_unlocked_objects(struct rule_ctx *ctx, const struct ir_func *f);
static void impact(const struct finding *f, const struct index *idx,
		   const struct profile_set *prof, struct impact_reach *best);
static void witness(struct finding *f);
static char *fix_diff(const struct finding *fd, const struct index *idx, struct fix_ctx *fx);

const struct rule rule_stale_snapshot = {
	.name = "stale-snapshot",
	.summary = "a field read before the check that validates the object, used after it",
	.help = "A local is read from O->F; a later condition checks O through a marked or atomic "
		"read of another field ({fix-read}, cmpxchg, test_bit, often in a helper); the local "
		"is used in the branch that check guards.  F can change between the early read and "
		"the check, so the use acts on a stale value.  Read F after the check, with "
		"{fix-read}.  Also: a reference to an object found under a lock and kept past "
		"the unlock (used, returned or handed out through a parameter) while a path "
		"holding the lock can free it (the profile's `frees`); take a reference "
		"(`takes-ref`) before the unlock.",
	.check = check,
	.impact = impact,
	.witness = witness,
	.fix_diff = fix_diff,
};

/*
 * How a branch tests a value: as a truth (if (x), !x, a bit mask), by a
 * comparison with constants only (x == RUNNING), or by a comparison with
 * or arithmetic on other values (x > n, x + len >= size).
 */
enum test_form { TF_NONE, TF_PASS, TF_TRUTH, TF_CONST, TF_VALUE };

static enum test_form compared_form(const struct ir_src *s, uint32_t n, uint32_t self)
{
	for (uint32_t i = 0; i < n; i++)
		if (i != self && how_compares(s[i].how) && s[i].kind != SRC_CONST)
			return TF_VALUE;
	return TF_CONST;
}

/*
 * The form in which sources s test the value of op o, following locals
 * back through their definitions (a bool that holds a comparison's
 * outcome, a copy that is then compared).  TF_PASS: o's value reaches the
 * list as it is.
 */
static enum test_form test_form_in(const struct ir_func *f, const struct ir_src *s, uint32_t n,
				   uint32_t o, unsigned depth)
{
	for (uint32_t i = 0; i < n; i++) {
		enum test_form in = TF_NONE;

		if (s[i].kind == SRC_OP && s[i].ref == o) {
			in = TF_PASS;
		} else if (s[i].kind == SRC_VAR && depth) {
			uint32_t nd;
			const uint32_t *defs = src_defs(f, &s[i], &nd);

			for (uint32_t k = 0; k < nd && in == TF_NONE; k++) {
				const struct ir_op *d;

				if (defs[k] & REACH_ENTRY)
					continue;
				d = &f->ops[defs[k]];
				in = test_form_in(f, op_srcs(f, d), d->src_count, o, depth - 1);
			}
		}
		if (in == TF_NONE)
			continue;
		if (in != TF_PASS)
			return in;
		switch (s[i].how) {
		case HOW_TEST:
		case HOW_MASK:
		case HOW_CLEAR:
			return TF_TRUTH;
		case HOW_COMPARE:
		case HOW_EQUAL:
			return compared_form(s, n, i);
		case HOW_VALUE:
			return TF_PASS;
		default:
			return TF_NONE;
		}
	}
	return TF_NONE;
}

/*
 * What a field's writers store, the evidence of what the field means:
 *   consts - a constant, a bit set or cleared, a cmpxchg/xchg between
 *            constants: a state, mode or flags word;
 *   incs   - the old value stepped (x++, x += 1, atomic_inc()): a
 *            counter, a generation or a reference count; atomic
 *            read-modify-writes counted apart, since a statistic or a
 *            count is bumped by a plain or WRITE_ONCE() store;
 *   values - anything computed: a size, an index, a pointer.
 * Initialisation writes are left out: they run before the object is
 * shared and say nothing about how it changes.
 */
struct writer_shapes {
	uint32_t consts, incs, atomic_incs, values, concurrent;
};

static void writer_shapes(const struct index *idx, const struct writers *w, uint32_t skip_func,
			  uint32_t skip_op, struct writer_shapes *ws)
{
	memset(ws, 0, sizeof(*ws));
	for (uint32_t i = 0; i < w->n; i++) {
		const struct ir_func *h = index_func(idx, w->v[i].func);
		const struct ir_op *op = &h->ops[w->v[i].op];
		const struct ir_src *s = op_srcs(h, op);
		uint32_t nconst = 0, nself = 0, nother = 0;

		if (w->v[i].init || (w->v[i].func == skip_func && w->v[i].op == skip_op))
			continue;
		ws->concurrent++;
		for (uint32_t k = 0; k < op->src_count; k++) {
			if (s[k].how == HOW_BASE || s[k].how == HOW_INDEX || s[k].kind == SRC_ADDR)
				continue;
			if (s[k].kind == SRC_CONST)
				nconst++;
			else if (s[k].kind == SRC_OP && h->ops[s[k].ref].kind == OP_READ &&
				 h->paths[h->ops[s[k].ref].a].key == h->paths[op->a].key)
				nself++;
			else
				nother++;
		}
		if (nother)
			ws->values++;
		else if (op->kind == OP_RMW ? !nconst :
			 (op->flags & OPF_COMPOUND) ? op->compound_op == '+' || op->compound_op == '-' :
			 nself > 0) {
			ws->incs++;
			ws->atomic_incs += op->kind == OP_RMW;
		} else {
			ws->consts++;
		}
	}
}

/*
 * Is a marked test of field key (in the form `form`) a check of the
 * object's validity?  What can be computed, from the field's writers and
 * the form of the test:
 *   - a state, mode or flags word (every concurrent writer stores
 *     constants or flips bits), tested for truth or against constants;
 *   - a generation (only stepped) compared with another value, a saved
 *     sequence;
 *   - a reference count (stepped atomically) tested for zero or against a
 *     constant;
 *   - an atomic transition made by the check itself (cmpxchg,
 *     test_and_set_bit, inc_not_zero), unless the field is a statistic;
 *   - a pointer cleared to a constant when the object goes away, tested
 *     for NULL: liveness;
 *   - a field no scanned code writes but the check's own transition.
 * A field nothing in the tree writes (a descriptor the device fills, a
 * constant) shows no state changing, and is not taken for one.
 * A plainly bumped counter is a statistic, and a field that takes computed
 * values (a length, an index) tested against other values is arithmetic:
 * neither says whether the object is still what the snapshot assumed.
 * Returns what the field is, or NULL.
 */
static const char *validity_kind(const struct rule_ctx *ctx, const struct ir_func *f, sym_t key,
				 enum test_form form, bool rmw_check, uint32_t at_func, uint32_t at_op)
{
	struct writers w;
	struct writer_shapes ws;
	sym_t type;

	writers_of(ctx->idx, key, f->file, &w);
	writer_shapes(ctx->idx, &w, at_func, at_op, &ws);
	/*
	 * An atomic read-modify-write whose outcome decides the branch
	 * (cmpxchg, test_and_set_bit, inc_not_zero) is a transition that can
	 * fail: it succeeds only on the object in the state it expects.
	 */
	if (rmw_check && ws.atomic_incs == ws.incs)
		return "transition";
	if (!ws.concurrent)
		return NULL;
	if (ws.values) {
		type = index_key_type(ctx->idx, key);
		if (type && strchr(sym_str(type), '*') && ws.consts &&
		    (form == TF_TRUTH || form == TF_CONST))
			return "liveness";
		return NULL;
	}
	if (ws.incs) {
		if (form == TF_VALUE)
			return "generation";
		if (ws.atomic_incs == ws.incs && (rmw_check || form == TF_TRUTH || form == TF_CONST))
			return "reference";
		return NULL;
	}
	return form == TF_VALUE ? NULL : "state";
}

/*
 * Does the value of read o (a pointer field) lead straight to an atomic
 * read-modify-write in the same function: ptep = rcu_dereference(it->ptep);
 * try_cmpxchg(ptep, ...)?  Then the helper's transition is made on what
 * the field points to, and its outcome is the test of the object.
 */
static bool feeds_transition(const struct ir_func *g, uint32_t o)
{
	for (uint32_t x = o + 1; x < g->nops; x++) {
		const struct ir_op *op = &g->ops[x];
		const struct ir_src *s = op_srcs(g, op);

		if (op->kind != OP_RMW || !ir_mark_is_marked(op->mark))
			continue;
		for (uint32_t i = 0; i < op->src_count; i++) {
			uint32_t nd;
			const uint32_t *defs;

			if (s[i].how != HOW_BASE)
				continue;
			if (s[i].kind == SRC_OP && s[i].ref == o)
				return true;
			defs = src_defs(g, &s[i], &nd);
			for (uint32_t k = 0; k < nd; k++) {
				const struct ir_op *d = &g->ops[defs[k] & ~REACH_ENTRY];
				const struct ir_src *ds = op_srcs(g, d);

				if (defs[k] & REACH_ENTRY)
					continue;
				for (uint32_t j = 0; j < d->src_count; j++)
					if (ds[j].kind == SRC_OP && ds[j].ref == o)
						return true;
			}
		}
	}
	return false;
}

/*
 * An atomic read-modify-write that can fail: one with an operand
 * (cmpxchg's expected value, test_and_set_bit's bit).  A bare increment
 * always succeeds, and its result is a count.
 */
static bool rmw_can_fail(const struct ir_func *g, uint32_t o)
{
	const struct ir_op *op = &g->ops[o];
	const struct ir_src *s = op_srcs(g, op);

	if (op->kind != OP_RMW)
		return false;
	for (uint32_t i = 0; i < op->src_count; i++)
		if (s[i].how != HOW_BASE && s[i].how != HOW_INDEX)
			return true;
	return false;
}

/*
 * A check a branch makes of some field of the object a local points to,
 * by a marked read, directly or in a callee (via: the call op), that
 * validity_kind() accepts.  Gathered once per function, so each snapshot
 * only filters them: a function of ten thousand reads and branches stays
 * linear.
 */
struct marked_check {
	uint32_t br;		/* the branch op */
	uint32_t obj;		/* the local the object is reached through */
	sym_t key;		/* the field read */
	uint32_t at_func, at_op, via;
	uint8_t derefs;		/* of the path read, when read directly; 0 in a callee */
	const char *kind;	/* what validity_kind() found the field to be */
};

typedef VEC(struct marked_check) check_vec;

static void gather_checks(const struct rule_ctx *ctx, const struct ir_func *f, check_vec *out)
{
	for (uint32_t b = 0; b < f->nops; b++) {
		const struct ir_op *br = &f->ops[b];
		uint32_t origins[32], n;

		if (br->kind != OP_BRANCH || (br->flags & (OPF_PREPROC | OPF_MACRO_LOOP)))
			continue;
		n = tested_origins(f, op_srcs(f, br), br->src_count, 2, origins, 32);
		for (uint32_t i = 0; i < n; i++) {
			const struct ir_op *op = &f->ops[origins[i]];

			if (op->kind == OP_READ || op->kind == OP_RMW) {
				const struct ir_path *p = &f->paths[op->a];
				enum test_form form;
				const char *kind;

				if (p->base_kind != BASE_VAR || !p->key || !ir_mark_is_marked(op->mark))
					continue;
				form = test_form_in(f, op_srcs(f, br), br->src_count, origins[i], 3);
				if (form == TF_PASS)
					form = TF_TRUTH;
				kind = validity_kind(ctx, f, p->key, form, rmw_can_fail(f, origins[i]),
						     f->id, origins[i]);
				if (kind)
					vec_push(out, ((struct marked_check){
						b, p->base, p->key, f->id, origins[i], IR_NONE,
						p->derefs, kind }));
			} else if (op->kind == OP_CALL) {
				const struct ir_func *g = index_callee(ctx->idx, op);
				struct param_effect fx[MAX_FX];

				if (!g)
					continue;
				for (uint32_t k = 0; k < op_nargs(op) && k < g->nparams; k++) {
					const struct ir_arg *a = &op_args(f, op)[k];
					uint32_t obj = pointer_var(f, arg_srcs(f, a), a->src_count), m;

					if (obj == IR_NONE)
						continue;
					m = param_effects(ctx->idx, g, k, 2, fx, MAX_FX);
					for (uint32_t e = 0; e < m; e++) {
						const struct ir_func *g2;
						const char *kind;
						bool through;

						if (fx[e].kind == OP_WRITE || !ir_mark_is_marked(fx[e].mark) ||
						    !fx[e].key)
							continue;
						g2 = index_func(ctx->idx, fx[e].func);
						through = fx[e].kind == OP_READ && feeds_transition(g2, fx[e].op);
						if (!through && !op_value_decides(g2, fx[e].op))
							continue;
						/*
						 * A helper's result decides the branch: it is
						 * the test, in whatever form the helper makes it.
						 */
						kind = through ? "transition" :
						       validity_kind(ctx, f, fx[e].key, TF_TRUTH,
								     rmw_can_fail(g2, fx[e].op),
								     fx[e].func, fx[e].op);
						if (kind)
							vec_push(out, ((struct marked_check){
								b, obj, fx[e].key, fx[e].func,
								fx[e].op, origins[i], 0, kind }));
					}
				}
			}
		}
	}
}

/*
 * A use of the local, defined by `def`, under one outcome of the branch:
 * in a block reached from one of its successors only.  A block reached
 * whichever way the test goes (after a loop that retries the check, in
 * both arms) is not protected by it; nor is a use that only feeds a log
 * or a warning, which acts on nothing.
 */
static uint32_t guarded_use(const struct ir_func *f, uint32_t def, uint32_t var, const uint8_t *cd,
			    uint32_t br)
{
	for (uint32_t o = br + 1; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		uint32_t starts[64], counts[64], nr;

		if (!cd[op->block] || (cd[op->block] & (cd[op->block] - 1)) ||
		    op->kind == OP_BRANCH || (op->flags & (OPF_TRACE | OPF_WARN)))
			continue;
		nr = op_src_ranges(f, op, starts, counts, 64);
		for (uint32_t r = 0; r < nr; r++) {
			const struct ir_src *s = f->srcs + starts[r];

			for (uint32_t i = 0; i < counts[r]; i++) {
				if (s[i].kind != SRC_VAR || s[i].ref != var || s[i].how == HOW_BASE)
					continue;
				/*
				 * the value taken before the check: a use every path
				 * from the check to which takes the snapshot again
				 * (the check's arm goes back round to re-read it)
				 * sees a value read after the check
				 */
				for (uint32_t k = 0; k < s[i].defs; k++)
					if (f->reach[s[i].def_start + k] == def &&
					    var_value_reaches(f, var, br, o))
						return o;
			}
		}
	}
	return IR_NONE;
}

/*
 * Is the use reached only through a test of the copy itself (a bounds or
 * NULL check of the local, or of a value computed from it)?  A marked
 * read into a local that is then validated is the idiom for state another
 * party can rewrite at will (guest or user memory, an RCU pointer): the
 * code acts on the validated copy by design, and a later value would be
 * no more right than the one it took.
 */
static bool copy_validated(const struct ir_func *f, const uint32_t *ipdom, uint32_t d,
			   uint32_t rd, uint32_t use)
{
	uint8_t *cd = xmalloc(f->nblocks + 1);
	bool found = false;

	for (uint32_t b = d + 1; b < use && !found; b++) {
		const struct ir_op *br = &f->ops[b];
		uint32_t origins[32], n;

		if (br->kind != OP_BRANCH || (br->flags & (OPF_PREPROC | OPF_MACRO_LOOP)) ||
		    !op_reaches(f, d, b))
			continue;
		n = value_origins(f, op_srcs(f, br), br->src_count, 2, origins, 32);
		for (uint32_t i = 0; i < n && !found; i++) {
			if (origins[i] != rd)
				continue;
			control_dependents(f, ipdom, br->block, cd);
			found = cd[f->ops[use].block];
		}
	}
	free(cd);
	return found;
}

/*
 * Does another function write the field while the object is shared?
 * *related: one of them is in code that can reach this object
 * (writer_reaches), not only code that shares its type.
 */
static bool written_elsewhere(const struct rule_ctx *ctx, const struct ir_func *f, sym_t key,
			      struct writers *w, bool *related)
{
	bool any = false;

	*related = false;
	/* the author asserts (KCSAN) that no other writer runs meanwhile */
	if (asserts_exclusive(f, key, false))
		return false;
	writers_of(ctx->idx, key, f->file, w);
	for (uint32_t i = 0; i < w->n; i++) {
		if (w->v[i].init || w->v[i].func == f->id)
			continue;
		any = true;
		if (writer_reaches(ctx->idx, w->v[i].func, f)) {
			*related = true;
			return true;
		}
	}
	return any;
}

/*
 * Does the writer hold a lock f holds from the read to the use: taken in
 * f, or held by every caller of f (then all through f)?
 */
static bool shut_out(const struct index *idx, const struct ir_func *f, uint32_t read, uint32_t use,
		     const struct writer *wr)
{
	const struct func_info *fi = f->id < idx->nfuncs ? &idx->info[f->id] : NULL;

	for (uint32_t k = 0; k < wr->nlocks; k++) {
		const struct ir_lockitem *l = &wr->locks[k], *callers;

		if (!strstr(sym_str(l->lock), "::"))
			continue;
		if (exclusive_lock(l) && lock_held_between(f, read, use, l->lock))
			return true;
		callers = fi ? lockset_find(fi->entry, fi->nentry, l->lock) : NULL;
		if (callers && (exclusive_lock(l) || exclusive_lock(callers)))
			return true;
	}
	return false;
}

/*
 * A writer of F that runs while the object is shared, in another function,
 * in code that reaches the object when any does (related), and that no
 * lock held from the read to the use shuts out: one that can write in
 * between.  One outside this call (one_activation()) first.
 */
/*
 * Does f itself call function g between the snapshot and the use?  Then
 * f changes the field on its own, after keeping the old value: the local
 * is that old value on purpose (saved to pass on or release), and this
 * writer is f's own step, not another thread's.
 */
static bool calls_between(const struct index *idx, const struct ir_func *f, uint32_t g,
			  uint32_t read, uint32_t use)
{
	for (uint32_t o = read + 1; o < use && o < f->nops; o++) {
		const struct ir_func *c;

		if (f->ops[o].kind != OP_CALL || !(c = index_callee(idx, &f->ops[o])) ||
		    c->id != g)
			continue;
		if (op_reaches(f, read, o) && op_reaches(f, o, use))
			return true;
	}
	return false;
}

/* Is local `var` assigned between ops a and b (the object a path goes through)? */
static bool assigned_between(const struct ir_func *f, uint32_t var, uint32_t a, uint32_t b)
{
	for (uint32_t o = a + 1; o < b && o < f->nops; o++)
		if (f->ops[o].kind == OP_DEF && f->ops[o].a == var)
			return true;
	return false;
}

/* Does every path from op a to op c go through op b? */
static bool on_every_path(const struct ir_func *f, uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t ba = f->ops[a].block, bb = f->ops[b].block, bc = f->ops[c].block;
	const struct ir_block *blk = &f->blocks[ba];
	uint8_t *avoid;
	bool around = false;

	if (!op_reaches(f, a, b) || !op_reaches(f, b, c))
		return false;
	if ((bb == ba && a < b) || (bb == bc && b < c))
		return true;
	if (ba == bc)
		return false;
	avoid = xcalloc(f->nblocks + 1, 1);
	avoid[bb] = 1;
	for (uint32_t s = 0; s < blk->nsucc && !around; s++)
		around = cfg_reaches_avoiding(f, f->succs[blk->succ_start + s], bc, avoid);
	free(avoid);
	return !around;
}

/*
 * Does f itself store to the field, on the snapshot's object, between the
 * snapshot and the use: old = o->f; o->f = new; ... use(old)?  Then the
 * local is the value f replaced, kept on purpose (a swap, a take and
 * clear), not a view of the object that went stale.  Only a store on
 * every path from the snapshot to the use: one on some paths (a new value
 * installed when the old was missing) leaves the others stale.
 */
static bool replaced_by_self(const struct ir_func *f, const struct ir_path *p, uint32_t read,
			     uint32_t use)
{
	for (uint32_t o = read + 1; o < use && o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_path *q;

		if (op->kind != OP_WRITE && op->kind != OP_RMW)
			continue;
		q = &f->paths[op->a];
		if (q->key == p->key && q->base_kind == p->base_kind && q->base == p->base &&
		    !assigned_between(f, p->base, read, o) && on_every_path(f, read, o, use))
			return true;
	}
	return false;
}

static const struct writer *racing_writer(const struct index *idx, const struct ir_func *f,
					  const struct writers *w, bool related, uint32_t read,
					  uint32_t use)
{
	const struct writer *same_call = NULL;

	for (uint32_t i = 0; i < w->n; i++) {
		const struct writer *wr = &w->v[i];

		if (wr->init || wr->func == f->id || calls_between(idx, f, wr->func, read, use) ||
		    (related && !writer_reaches(idx, wr->func, f)) || shut_out(idx, f, read, use, wr))
			continue;
		/* the snapshot's object and the writer's are kept in different arrays */
		if (wr->op < index_func(idx, wr->func)->nops &&
		    different_array_slots(f, &f->ops[read], index_func(idx, wr->func),
					  &index_func(idx, wr->func)->ops[wr->op]))
			continue;
		/* one in this context's own steps only if no other thread's writes */
		if (!same_context(idx, f->id, read, wr))
			return wr;
		if (!same_call)
			same_call = wr;
	}
	return same_call;
}

/*
 * Read and used while holding, all the way, a lock every concurrent writer
 * of the field holds: no write can come in between, so the value is as
 * fresh at the use as it was at the read, whatever the check found.
 */
static bool under_writers_lock(const struct ir_func *f, uint32_t read, uint32_t use,
			       const struct writers *w)
{
	for (uint32_t i = 0; i < w->ncommon; i++)
		if (exclusive_lock(&w->common[i]) && lock_held_between(f, read, use, w->common[i].lock))
			return true;
	return false;
}

/* "struct a::b.c" and "struct a::d" name fields of one struct type. */
static bool same_struct(sym_t a, sym_t b)
{
	const char *x = sym_str(a), *y = sym_str(b), *cx = strstr(x, "::"), *cy = strstr(y, "::");

	return cx && cy && cx - x == cy - y && !strncmp(x, y, (size_t)(cx - x));
}

#define ANCESTORS_MAX 256
#define ANCESTOR_DEPTH 1

/* The functions that write, and their callers ANCESTOR_DEPTH levels up. */
static uint32_t writer_ancestors(const struct index *idx, const struct writers *w,
				 uint32_t skip_func, uint32_t skip_op, uint32_t *out)
{
	uint32_t n = 0, from = 0;

	for (uint32_t i = 0; i < w->n && n < ANCESTORS_MAX; i++)
		if (!w->v[i].init && !(w->v[i].func == skip_func && w->v[i].op == skip_op))
			out[n++] = w->v[i].func;
	for (unsigned d = 0; d < ANCESTOR_DEPTH; d++) {
		uint32_t to = n;

		for (uint32_t i = from; i < to; i++) {
			const struct func_info *fi = &idx->info[out[i]];

			for (uint32_t c = 0; c < fi->ncallers && n < ANCESTORS_MAX; c++) {
				uint32_t id = idx->callers[fi->callers_start + c].caller;
				bool seen = false;

				for (uint32_t k = 0; k < n && !seen; k++)
					seen = out[k] == id;
				if (!seen)
					out[n++] = id;
			}
		}
		from = to;
	}
	return n;
}

/*
 * Does F's value depend on the state the check tests: is F changed by the
 * code that moves the object between states?  Computed as: a function
 * that writes F also writes G, or calls both a writer of F and a writer
 * of G, or one writer calls the other -- one code path changes both, as
 * a vCPU run loop loads the vCPU on a CPU and enters guest mode (deeper
 * common callers are library entry points and relate everything); or a writer of F
 * and a writer of G hold the same exclusive lock -- both are changes of
 * the one state the lock guards.  A field written only on paths that
 * never touch the state (configuration set by an ioctl, an address fixed
 * at setup) is not what the check is meant to protect.  When no code
 * but the check's own transition writes G, the relation cannot be judged:
 * the finding is only possible, as it is when a shared lock is all the
 * evidence, which is weaker than one code path changing both.
 */
enum dependence {
	DEP_NONE,
	DEP_OTHER_VALUE,	/* related only through other bits or values of G */
	DEP_UNJUDGED,		/* only the check's own transition writes G */
	DEP_LOCK,		/* a writer of each holds one lock */
	DEP_PATH,		/* one code path changes both */
};

/*
 * The constants the check's own access names: the bit test_bit() tests,
 * the old and new values of a cmpxchg().  The check tests that value of
 * G, not the whole word: in a flags word each bit is its own state.
 */
static uint32_t check_constants(const struct ir_func *g, uint32_t o, sym_t *out, uint32_t max)
{
	const struct ir_op *op = &g->ops[o];
	const struct ir_src *s = op_srcs(g, op);
	uint32_t n = 0;

	if (op->kind != OP_READ && op->kind != OP_RMW)
		return 0;
	for (uint32_t i = 0; i < op->src_count && n < max; i++)
		if (s[i].kind == SRC_CONST && s[i].how != HOW_BASE && s[i].how != HOW_INDEX)
			out[n++] = s[i].ref;
	return n;
}

/*
 * Does writer w of G change the value the check tests: name one of the
 * check's constants (set or clear that bit, store that mode)?  With no
 * constant named by the check, every writer does.
 */
static bool writes_tested_value(const struct index *idx, const struct writer *w,
				const sym_t *tested, uint32_t ntested)
{
	const struct ir_func *h;
	const struct ir_op *op;
	const struct ir_src *s;

	if (!ntested)
		return true;
	h = index_func(idx, w->func);
	op = &h->ops[w->op];
	s = op_srcs(h, op);
	for (uint32_t i = 0; i < op->src_count; i++)
		for (uint32_t k = 0; s[i].kind == SRC_CONST && k < ntested; k++)
			if (s[i].ref == tested[k])
				return true;
	return false;
}

/* How the writers of F relate to the writers wg of G (see above). */
static enum dependence relate_writers(const struct rule_ctx *ctx, const struct writers *wf,
				      const struct writers *wg, uint32_t at_func, uint32_t at_op)
{
	bool lock = false;
	uint32_t af[ANCESTORS_MAX], ag[ANCESTORS_MAX], nf, ng, others = 0;

	for (uint32_t j = 0; j < wg->n; j++)
		others += !wg->v[j].init && !(wg->v[j].func == at_func && wg->v[j].op == at_op);
	if (!others)
		return DEP_UNJUDGED;
	for (uint32_t i = 0; i < wf->n; i++) {
		const struct writer *a = &wf->v[i];

		if (a->init)
			continue;
		for (uint32_t j = 0; j < wg->n; j++) {
			const struct writer *b = &wg->v[j];

			if (b->init)
				continue;
			for (uint32_t k = 0; k < a->nlocks && !lock; k++)
				lock = exclusive_lock(&a->locks[k]) &&
				       holds(b->locks, b->nlocks, a->locks[k].lock);
		}
	}
	nf = writer_ancestors(ctx->idx, wf, IR_NONE, IR_NONE, af);
	ng = writer_ancestors(ctx->idx, wg, at_func, at_op, ag);
	for (uint32_t i = 0; i < nf; i++)
		for (uint32_t j = 0; j < ng; j++)
			if (af[i] == ag[j])
				return DEP_PATH;
	return lock ? DEP_LOCK : DEP_NONE;
}

static enum dependence depends_on_state(const struct rule_ctx *ctx, const struct ir_func *f,
					const struct writers *wf, sym_t gkey, uint32_t br,
					uint32_t at_func, uint32_t at_op, bool *by_value)
{
	struct writers wg, *tw;
	uint32_t ntested, kept = 0;
	sym_t tested[8];
	enum dependence dep;

	*by_value = false;
	writers_of(ctx->idx, gkey, f->file, &wg);
	ntested = check_constants(index_func(ctx->idx, at_func), at_op, tested, 8);
	/* and what the branch compares the outcome with: xchg(&s, DONE) == ISSUED */
	if (ntested) {
		const struct ir_op *b = &f->ops[br];
		const struct ir_src *bs = op_srcs(f, b);

		for (uint32_t i = 0; i < b->src_count && ntested < 8; i++)
			if (bs[i].kind == SRC_CONST)
				tested[ntested++] = bs[i].ref;
	}
	if (!ntested)
		return relate_writers(ctx, wf, &wg, at_func, at_op);
	/*
	 * Only the writers that change what the check tests relate F to it:
	 * a path that sets another bit of the flags word moves another
	 * state, which the check says nothing about.  When only those
	 * relate F to the word, the finding is no more than possible.
	 */
	tw = xmalloc(sizeof(*tw));
	*tw = wg;
	for (uint32_t j = 0; j < wg.n; j++)
		if (writes_tested_value(ctx->idx, &wg.v[j], tested, ntested))
			tw->v[kept++] = wg.v[j];
	tw->n = kept;
	dep = relate_writers(ctx, wf, tw, at_func, at_op);
	free(tw);
	*by_value = true;
	if (dep == DEP_NONE && kept < wg.n &&
	    relate_writers(ctx, wf, &wg, at_func, at_op) >= DEP_LOCK)
		dep = DEP_OTHER_VALUE;
	return dep;
}

static void check(struct rule_ctx *ctx, const struct ir_func *f)
{
	uint32_t *ipdom = NULL;
	uint8_t *cd = NULL;
	VEC(sym_t) seen = {0};
	check_vec checks = {0};

	check_unlocked_objects(ctx, f);
	gather_checks(ctx, f, &checks);
	if (!checks.n)
		return;

	for (uint32_t d = 0; d < f->nops; d++) {
		const struct ir_op *def = &f->ops[d];
		const struct ir_src *s = f->srcs + def->src_start;
		const struct ir_op *rd;
		const struct ir_path *p;
		struct writers w;
		bool dup = false, related, by_value;
		enum dependence dep;
		const struct writer *racing;
		struct ir_lockitem held[LOCKS_MAX];
		uint32_t nheld;

		if (def->kind != OP_DEF || !def->src_count || s[0].kind != SRC_OP ||
		    s[0].how != HOW_VALUE || f->vars[def->a].is_param)
			continue;
		rd = &f->ops[s[0].ref];
		if (rd->kind != OP_READ)
			continue;
		p = &f->paths[rd->a];
		if (p->base_kind != BASE_VAR || !p->derefs || !p->key)
			continue;
		for (uint32_t k = 0; k < seen.n; k++)
			dup |= seen.v[k] == p->key;
		if (dup)
			continue;
		for (uint32_t c = 0, done_br = IR_NONE; c < checks.n; c++) {
			const struct marked_check *mc = &checks.v[c];
			uint32_t b = mc->br, at_func = mc->at_func, at_op = mc->at_op, via = mc->via;
			const struct ir_op *br = &f->ops[b];
			uint32_t use;

			/*
			 * only the first check a branch makes of another field of
			 * the object: of its own struct, not of one it points to
			 */
			if (b <= d || b == done_br || mc->obj != p->base || mc->key == p->key ||
			    !same_struct(mc->key, p->key) || (mc->derefs && mc->derefs != p->derefs))
				continue;
			done_br = b;
			if (!op_reaches(f, d, b))
				continue;
			if (!ipdom) {
				ipdom = cfg_postdominators(f);
				cd = xmalloc(f->nblocks + 1);
			}
			control_dependents(f, ipdom, br->block, cd);
			use = guarded_use(f, d, def->a, cd, b);
			if (use == IR_NONE || !written_elsewhere(ctx, f, p->key, &w, &related) ||
			    !(dep = depends_on_state(ctx, f, &w, mc->key, b, at_func, at_op, &by_value)))
				continue;
			/*
			 * The writers found by field key are other functions; on an
			 * object only this thread can reach they are this thread's
			 * own earlier or later steps (an iterator's helpers), never
			 * a racing write.
			 */
			if (thread_local_object(ctx->idx, f, p->base) ||
			    replaced_by_self(f, p, s[0].ref, use))
				break;
			if (under_writers_lock(f, s[0].ref, use, &w))
				break;
			racing = racing_writer(ctx->idx, f, &w, related, s[0].ref, use);
			if (!racing)
				break;
			/* the locks that cover the whole window, for the callers' part */
			nheld = 0;
			{
				struct ir_lockitem at[LOCKS_MAX];
				uint32_t nat = index_locks_at(ctx->idx, f, rd, at, LOCKS_MAX);

				for (uint32_t k = 0; k < nat; k++)
					if (lock_held_between(f, s[0].ref, use, at[k].lock))
						held[nheld++] = at[k];
			}
			if (ir_mark_is_marked(rd->mark) && copy_validated(f, ipdom, d, s[0].ref, use))
				break;
			{
				const struct ir_func *g = index_func(ctx->idx, at_func);
				const struct ir_op *chk = &g->ops[at_op];
				const struct ir_op *u = &f->ops[use];
				struct finding *fd;
				char where[256] = "";

				if (via != IR_NONE)
					snprintf(where, sizeof(where), " (in %s())", sym_str(f->ops[via].a));
				fd = finding_new(&rule_stale_snapshot, f->file, rd->line, rd->col, f->name,
						 "%s is read before the check of %s%s and used after it: "
						 "by then it can be stale; read it after the check with "
						 "%s%s", sym_str(p->text), sym_str(g->paths[chk->a].text),
						 where, idiom_fix_read() ? idiom_fix_read() : "a marked read",
						 idiom_fix_read() ? "()" : "");
				fd->object = p->key;
				fd->trigger = intern("another host thread");
				fd->rule_severity_hint = SEV_LOW;
				finding_add_site(fd, f->file, rd->line, rd->col, f->name, "snapshot", 0,
						 "%s read into %s (%s)", sym_str(p->text),
						 sym_str(f->vars[def->a].name), ir_mark_name(rd->mark));
				finding_add_ref(fd, f->id, s[0].ref, "snapshot");
				finding_add_site(fd, f->file, br->line, br->col, f->name, "check", 0,
						 "the check that validates %s (a %s test)",
						 sym_str(f->vars[p->base].name), mc->kind);
				finding_add_site(fd, g->file, chk->line, chk->col, g->name, "read", 0,
						 "%s of %s", ir_mark_name(chk->mark), sym_str(g->paths[chk->a].text));
				finding_add_site(fd, f->file, u->line, u->col, f->name, "use", 0,
						 "%s used after the check", sym_str(f->vars[def->a].name));
				finding_add_ref(fd, f->id, use, "use");
				for (uint32_t i = 0, shown = 0; i < w.n && shown < 2; i++) {
					const struct ir_func *h = index_func(ctx->idx, w.v[i].func);
					const struct ir_op *wo = &h->ops[w.v[i].op];

					if (w.v[i].init || h == f ||
					    (related && !writer_reaches(ctx->idx, w.v[i].func, f)))
						continue;
					finding_add_site(fd, h->file, wo->line, wo->col, h->name, "writer", 0,
							 "writes %s", sym_str(h->paths[wo->a].text));
					shown++;
				}
				fd->fix = xasprintf("read %s with %s%s after the check, where it is used",
						    sym_str(p->text),
						    idiom_fix_read() ? idiom_fix_read() : "a marked read",
						    idiom_fix_read() ? "()" : "");
				if (dep == DEP_LOCK)
					finding_doubt(fd, "the field and the state checked are guarded by "
							  "one lock but no code changes both");
				/*
				 * A test made inside a callee is the callee's own
				 * precondition, and the branch tests the callee's whole
				 * outcome, which fails for many reasons: it validates
				 * the object's state only when the check names the
				 * value (a bit, a mode) the code that changes the field
				 * sets, or it is a transition that can fail (a cmpxchg
				 * succeeds only on the object in the state it expects).
				 * The samples' callee checks (a submit that
				 * refuses a poisoned request, a shared-count test
				 * deciding whether to clone) were not.
				 */
				else if (via != IR_NONE && strcmp(mc->kind, "transition") &&
					 !(by_value && dep == DEP_PATH))
					finding_doubt(fd, "the check is made inside a callee and names no "
							  "state the code that changes the field sets: the "
							  "branch tests the callee's outcome, not that state");
				else if (dep == DEP_OTHER_VALUE)
					finding_doubt(fd, "the code that changes the field changes other "
							  "bits or values of the state checked, never the "
							  "one the check tests");
				else if (dep == DEP_UNJUDGED)
					finding_doubt(fd, "nothing but the check itself changes the state "
							  "checked: whether the field depends on it cannot be "
							  "told");
				concurrency_doubt(ctx->idx, f, fd, f->id, s[0].ref, racing, related, held,
						  nheld, true);
				rule_report(ctx, fd);
				vec_push(&seen, p->key);
				break;
			}
		}
	}
	vec_free(&seen);
	vec_free(&checks);
	free(ipdom);
	free(cd);
}

/* --- finishing a finding (triage hooks, rules/rule.h) ------------------- */

/* Where the stale snapshot's value goes; a data race is benign at least. */
static void impact(const struct finding *f, const struct index *idx,
		   const struct profile_set *prof, struct impact_reach *best)
{
	if (finding_site_with(f, "free", 0) != UINT32_MAX) {
		/* an object found under a lock and kept past it: the use is of freed memory */
		best->impact = IMPACT_HOST_MEMORY;
		snprintf(best->why, sizeof(best->why),
			 "the reference kept past the unlock can name memory another path freed");
		return;
	}
	racing_reach_of_refs_from(f, idx, prof, "snapshot", "use", best);
	if (!best->impact || best->impact == IMPACT_GUEST_STATE) {
		best->impact = IMPACT_BENIGN;
		snprintf(best->why, sizeof(best->why),
			 "a stale or torn value, used where nothing is known to depend on it");
	}
}

static void witness(struct finding *f)
{
	finding_step_at(f, 0, finding_site_with(f, "snapshot", 0), "takes the snapshot");
	finding_step_at(f, 1, finding_site_with(f, "writer", 0), "changes the field");
	finding_step_at(f, 0, finding_site_with(f, "check", 0),
			"checks the object, which now looks valid");
	finding_step_at(f, 0, finding_site_with(f, "use", 0), "uses the stale snapshot");
}

/* Does op read local `var` (in any of its operands or arguments)? */
static bool op_reads_var(const struct ir_func *f, const struct ir_op *op, uint32_t var)
{
	uint32_t starts[64], counts[64], nr = op_src_ranges(f, op, starts, counts, 64);

	for (uint32_t r = 0; r < nr; r++)
		for (uint32_t i = 0; i < counts[r]; i++)
			if (f->srcs[starts[r] + i].kind == SRC_VAR && f->srcs[starts[r] + i].ref == var)
				return true;
	return false;
}

static bool path_of_var(const struct ir_func *f, uint32_t path, uint32_t var)
{
	return path < f->npaths && f->paths[path].base_kind == BASE_VAR && f->paths[path].base == var;
}

/*
 * May the snapshot local be read again just before the use?  Only if the
 * fresh value can take the place of the old one: the local is the
 * function's own (not static), assigned nowhere but at the snapshot, its
 * address never taken (no one else can see or set it), and not read
 * between the snapshot and the use -- a copy tested on the way there
 * (`cpu < nr_cpu_ids`) would be replaced by one nothing tested.  And every
 * later read must come after the fresh one on all paths (the use's block
 * dominates it): a use in another branch would keep the stale value, and
 * the race with it.
 */
static bool snapshot_rereadable(const struct ir_func *f, uint32_t d, uint32_t var, uint32_t use)
{
	uint8_t *avoid;
	bool ok = true;

	if (f->vars[var].is_static || f->vars[var].is_param)
		return false;
	avoid = xcalloc(f->nblocks + 1, 1);
	avoid[f->ops[use].block] = 1;
	for (uint32_t o = 0; o < f->nops && ok; o++) {
		const struct ir_op *op = &f->ops[o];

		if (op->kind == OP_DEF && op->a == var && o != d)
			ok = false;
		else if (o > d && o < use && op_reads_var(f, op, var))
			ok = false;
		else if (o > use && op->block != f->ops[use].block && op_reads_var(f, op, var) &&
			 cfg_reaches_avoiding(f, 0, op->block, avoid))
			ok = false;
	}
	free(avoid);
	if (!ok)
		return false;
	for (uint32_t i = 0; i < f->nsrcs; i++)
		if (f->srcs[i].kind == SRC_ADDR && path_of_var(f, f->srcs[i].ref, var))
			return false;
	for (uint32_t i = 0; i < f->nargs; i++)
		if ((f->args[i].flags & ARG_ADDR) && path_of_var(f, f->args[i].path, var))
			return false;
	return true;
}


/*
 * `cpu = READ_ONCE(vcpu->cpu);` put just before the statement that uses
 * the snapshot after the check, the declaration and its initialiser kept
 * as they are (braces added where that statement is an unbraced body).
 * No hint where the fresh value would not simply replace the stale one
 * (snapshot_rereadable()), where the local is const, the path's object
 * may have changed, the
 * use sits in a loop the check is not in, or the use is in the check
 * itself.
 */
static char *fix_diff(const struct finding *fd, const struct index *idx, struct fix_ctx *fx)
{
	const struct op_ref *rs = finding_ref_with(fd, "snapshot"), *ru = finding_ref_with(fd, "use");
	uint32_t chk = finding_site_with(fd, "check", 0), d = IR_NONE;
	const struct ir_func *f;
	const struct ir_op *rd, *use, *br = NULL;
	const struct ir_path *p;
	const struct site *cs;
	struct text_span lv, use_stmt, check_stmt;
	struct source *src;
	struct patch patch;
	const char *why;
	char *stmt;
	bool ok;

	if (!rs || !ru || rs->func != ru->func || chk == UINT32_MAX ||
	    !(f = index_func(idx, rs->func)) || rs->op >= f->nops || ru->op >= f->nops)
		return NULL;
	rd = &f->ops[rs->op];
	use = &f->ops[ru->op];
	for (uint32_t o = rs->op + 1; o < f->nops && d == IR_NONE; o++) {
		const struct ir_op *op = &f->ops[o];

		if (op->kind == OP_DEF && op->src_count && f->srcs[op->src_start].kind == SRC_OP &&
		    f->srcs[op->src_start].ref == rs->op)
			d = o;
	}
	if (d == IR_NONE || !snapshot_rereadable(f, d, f->ops[d].a, ru->op) ||
	    ((f->ops[d].flags & OPF_INIT) &&
	     !fix_local_assignable(fx, f->file, f->ops[d].line, f->ops[d].col)))
		return NULL;
	p = &f->paths[rd->a];
	if ((p->flags & PATH_FLAG_INDEXED) || p->base_kind != BASE_VAR ||
	    assigned_between(f, p->base, d, ru->op) || !hint_field_markable(idx, p->key, &why))
		return NULL;
	cs = &fd->sites.v[chk];
	for (uint32_t o = 0; o < f->nops && !br; o++)
		if (f->ops[o].kind == OP_BRANCH && f->ops[o].line == cs->line &&
		    f->ops[o].col == cs->col)
			br = &f->ops[o];
	if (!br || br->loop != use->loop)
		return NULL;
	if (!fix_lvalue_at(fx, f->file, rd->line, rd->col, sym_str(p->text), &lv) ||
	    !fix_statement_at(fx, f->file, use->line, use->col, &use_stmt) ||
	    !fix_statement_at(fx, f->file, br->line, br->col, &check_stmt) ||
	    use_stmt.start <= check_stmt.start || !(src = fix_source(fx, f->file)))
		return NULL;
	if (!idiom_fix_read())
		return NULL;	/* no profile says how this codebase marks a read */
	{
		char *rd_text = idiom_fix_read_text(src->text + lv.start, lv.end - lv.start);

		stmt = xasprintf("%s = %s;", sym_str(f->vars[f->ops[d].a].name), rd_text);
		free(rd_text);
	}
	patch_init(&patch, src);
	ok = fix_insert_before_statement(fx, &patch, f->file, use->line, use->col, stmt, &why);
	free(stmt);
	if (!ok) {
		patch_free(&patch);
		return NULL;
	}
	return hint_diff(&patch, f->file);
}

/* --- an object looked up under a lock, used after the unlock ------------ */

/*
 * The second shape of a stale snapshot: the value is a reference to an
 * object (a pointer, a frame number) read from a field of a structure that
 * a lock guards.  The lock makes the lookup safe, and dropping it ends
 * that: another path that takes the lock can free the object the field
 * held (a profile names the calls that free: `frees`), and the reference
 * read under the lock then names freed memory when it is used after the
 * unlock -- by this function, or by its caller when the reference leaves
 * through an out-parameter or the return value before the unlock.  A
 * reference the lookup takes on the object before the unlock (a profile's
 * `takes-ref`) keeps it alive: silent.  Without a profile that names its
 * frees the shape is not looked for: the object's lifetime is unknown.
 */

#define LIFE_MAX 24

/*
 * The reads and calls whose value a value is, following locals and the
 * arguments of calls with no body in sight (conversions: virt_to_mfn(x),
 * _mfn(x)), whose result is the argument in another form.  Only what
 * flows as a value: a reference tested (p ? -EBUSY : 0) or compared
 * gives nothing of the object.
 */
static uint32_t life_origins(const struct index *idx, const struct ir_func *f,
			     const struct ir_src *s, uint32_t n, unsigned depth, uint32_t *out,
			     uint32_t max)
{
	uint32_t k = 0;

	for (uint32_t i = 0; i < n && k < max; i++) {
		if (s[i].how != HOW_VALUE)
			continue;
		if (s[i].kind == SRC_VAR) {
			uint32_t nd;
			const uint32_t *defs = src_defs(f, &s[i], &nd);

			for (uint32_t j = 0; depth && j < nd && k < max; j++) {
				const struct ir_op *d = &f->ops[defs[j]];

				if (defs[j] & REACH_ENTRY || d->kind != OP_DEF)
					continue;
				k += life_origins(idx, f, op_srcs(f, d), d->src_count, depth - 1,
						  out + k, max - k);
			}
		} else if (s[i].kind == SRC_OP && s[i].ref < f->nops) {
			const struct ir_op *op = &f->ops[s[i].ref];
			const struct ir_arg *a;

			if (op->kind == OP_READ) {
				out[k++] = s[i].ref;
				continue;
			}
			/* a conversion takes the one value it converts (strscpy() does not) */
			if (op->kind != OP_CALL || !depth || op_nargs(op) != 1 ||
			    (op->callee != IR_NONE && index_func(idx, op->callee)))
				continue;
			out[k++] = s[i].ref;
			a = op_args(f, op);
			for (uint32_t j = 0; j < op_nargs(op) && k < max; j++)
				if (!(a[j].flags & ARG_ADDR))
					k += life_origins(idx, f, arg_srcs(f, &a[j]), a[j].src_count,
							  depth - 1, out + k, max - k);
		}
	}
	return k;
}

/* A read of a field through a pointer: what can hold a reference to an object. */
static bool object_field_read(const struct ir_func *f, uint32_t o)
{
	const struct ir_op *op = &f->ops[o];

	return op->kind == OP_READ && f->paths[op->a].key && f->paths[op->a].derefs;
}

/*
 * The field key of the first of the origins `r` that reads an object out
 * of a field, not through `var` itself (what it is stored into); or 0.
 */
static sym_t object_field_of(const struct ir_func *f, const uint32_t *r, uint32_t nr, uint32_t var)
{
	for (uint32_t i = 0; i < nr; i++) {
		const struct ir_path *p = &f->paths[f->ops[r[i]].a];

		if (object_field_read(f, r[i]) && !(p->base_kind == BASE_VAR && p->base == var))
			return p->key;
	}
	return 0;
}

/*
 * Is path p the whole object parameter `param` points to (*mfn): an
 * out-parameter's slot, not a field of an object the caller passed in
 * (dev->coupled), which is that object's own state.
 */
static bool whole_pointee(const struct ir_func *g, const struct ir_path *p, uint32_t param)
{
	return p->base_kind == BASE_VAR && p->base == param && p->derefs == 1 &&
	       !strcmp(sym_str(p->chain), "*");
}

/*
 * The field whose object a function hands back through its parameter
 * `param`: *param = virt_to_mfn(t->frames[i]), or the parameter passed on
 * to a callee that does.  0 if none.
 */
static sym_t out_object_key(const struct index *idx, const struct ir_func *g, uint32_t param,
			    unsigned depth)
{
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];

		if (op->kind == OP_WRITE) {
			const struct ir_path *p = &g->paths[op->a];
			uint32_t r[LIFE_MAX], n;

			if (!whole_pointee(g, p, param))
				continue;
			n = life_origins(idx, g, op_srcs(g, op), op->src_count, 2, r, LIFE_MAX);
			for (uint32_t i = 0; i < n; i++) {
				const struct ir_path *q = &g->paths[g->ops[r[i]].a];

				if (object_field_read(g, r[i]) &&
				    !(q->base_kind == BASE_VAR && q->base == param))
					return q->key;
			}
		} else if (op->kind == OP_CALL && depth && op->callee != IR_NONE) {
			const struct ir_func *h = index_func(idx, op->callee);
			const struct ir_arg *a = op_args(g, op);

			for (uint32_t j = 0; h && j < op_nargs(op); j++) {
				const struct ir_src *s = arg_srcs(g, &a[j]);
				sym_t k;

				if (a[j].src_count != 1 || s[0].kind != SRC_VAR || s[0].ref != param ||
				    s[0].how != HOW_VALUE || j >= h->nvars || !h->vars[j].is_param)
					continue;
				k = out_object_key(idx, h, j, depth - 1);
				if (k)
					return k;
			}
		}
	}
	return 0;
}

/* Does the value of argument `arg` of call op come from a read of `key`? */
static bool arg_reads_key(const struct index *idx, const struct ir_func *g, const struct ir_op *op,
			  int arg, sym_t key)
{
	const struct ir_arg *a = op_args(g, op);
	uint32_t r[LIFE_MAX], n;

	if (arg < 0 || (uint32_t)arg >= op_nargs(op))
		return false;
	n = life_origins(idx, g, arg_srcs(g, &a[arg]), a[arg].src_count, 2, r, LIFE_MAX);
	for (uint32_t i = 0; i < n; i++)
		if (object_field_read(g, r[i]) && g->paths[g->ops[r[i]].a].key == key)
			return true;
	return false;
}

/*
 * A path that frees the object a field of `key` holds, holding `lock`:
 * found among the functions that write the field (free it, then clear
 * or replace it).  Sets *gf and *go.
 */
static bool freed_under_lock(const struct rule_ctx *ctx, sym_t key, sym_t lock, uint32_t *gf,
			     uint32_t *go)
{
	uint32_t n, last = IR_NONE;
	const struct field_access *w = index_field_writes(ctx->idx, key, &n);

	for (uint32_t i = 0; i < n; i++) {
		const struct ir_func *g;

		if (w[i].func == last)
			continue;
		last = w[i].func;
		g = index_func(ctx->idx, last);
		for (uint32_t o = 0; g && o < g->nops; o++) {
			const struct ir_op *op = &g->ops[o];
			const struct profile_rule *r;
			struct ir_lockitem at[LOCKS_MAX];
			uint32_t nat;

			if (op->kind != OP_CALL || !op->a ||
			    !(r = profile_find(ctx->profiles, op->a, PR_FREES)) ||
			    !arg_reads_key(ctx->idx, g, op, r->arg, key))
				continue;
			nat = index_locks_at(ctx->idx, g, op, at, LOCKS_MAX);
			if (!lockset_find(at, nat, lock))
				continue;
			*gf = last;
			*go = o;
			return true;
		}
	}
	return false;
}

/* Does op hold `lock`, taken in f itself (directly or through a wrapper)? */
static bool holds_own(const struct ir_func *f, const struct ir_op *op, sym_t lock)
{
	uint32_t n;
	const struct ir_lockitem *it = op_locks(f, op, &n);

	for (uint32_t i = 0; i < n; i++)
		if (it[i].lock == lock && !it[i].from_caller && it[i].kind != LOCK_RCU)
			return true;
	return false;
}

/*
 * Where op `from` reaches the lock's release: the first op it reaches that
 * no longer holds it is just after.  Returns the releasing op (an unlock,
 * or a call of the codebase's unlock wrapper), or IR_NONE.
 */
static uint32_t unlock_after(const struct ir_func *f, uint32_t from, sym_t lock)
{
	for (uint32_t u = from + 1; u < f->nops; u++) {
		if (holds_own(f, &f->ops[u], lock) || !op_reaches(f, from, u))
			continue;
		for (uint32_t x = u; x-- > from;)
			if ((f->ops[x].kind == OP_UNLOCK || f->ops[x].kind == OP_CALL) &&
			    holds_own(f, &f->ops[x], lock))
				return x;
		return u;
	}
	return IR_NONE;
}

/*
 * Is the object pinned before the unlock: a takes-ref call that op `from`
 * reaches, still under the lock, whose argument comes from a read of the
 * field `key` or from what the function stored through its parameter `out`?
 */
static bool pinned_before_unlock(const struct rule_ctx *ctx, const struct ir_func *f,
				 uint32_t from, sym_t lock, sym_t key, uint32_t out)
{
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct profile_rule *r;
		const struct ir_arg *a;
		uint32_t v[LIFE_MAX], n;

		if (op->kind != OP_CALL || !op->a ||
		    !(r = profile_find(ctx->profiles, op->a, PR_TAKES_REF)) || r->arg < 0 ||
		    (uint32_t)r->arg >= op_nargs(op) || !holds_own(f, op, lock) || !op_reaches(f, from, o))
			continue;
		a = op_args(f, op);
		n = life_origins(ctx->idx, f, arg_srcs(f, &a[r->arg]), a[r->arg].src_count, 2, v,
				 LIFE_MAX);
		for (uint32_t i = 0; i < n; i++) {
			const struct ir_op *x = &f->ops[v[i]];

			if (object_field_read(f, v[i]) && f->paths[x->a].key == key)
				return true;
			if (out != IR_NONE && x->kind == OP_READ &&
			    f->paths[x->a].base_kind == BASE_VAR && f->paths[x->a].base == out)
				return true;
		}
	}
	return false;
}

/*
 * Does the function take the object out of the structure before the
 * unlock: a store to the field it was found in (p = s->f; s->f = NULL),
 * under the lock, after the lookup?  Then no other path can find it to
 * free it: the caller owns it.
 */
static bool detached_before_unlock(const struct ir_func *f, uint32_t from, sym_t key, sym_t lock)
{
	for (uint32_t w = from + 1; w < f->nops; w++)
		if ((f->ops[w].kind == OP_WRITE || f->ops[w].kind == OP_RMW) &&
		    op_key(f, &f->ops[w]) == key && holds_own(f, &f->ops[w], lock) &&
		    op_reaches(f, from, w))
			return true;
	return false;
}

static void report_unlocked_object(struct rule_ctx *ctx, const struct ir_func *f, uint32_t at,
				   uint32_t unlock, uint32_t use, sym_t key, sym_t lock,
				   uint32_t gf, uint32_t go, const char *how)
{
	const struct ir_op *op = &f->ops[at];
	const struct ir_op *un = &f->ops[unlock];
	const struct ir_func *g = index_func(ctx->idx, gf);
	const struct ir_op *fr = &g->ops[go];
	struct finding *fd;

	fd = finding_new(&rule_stale_snapshot, f->file, op->line, op->col, f->name,
			 "the object %s holds is found under %s and %s after the unlock, while "
			 "%s() can free it under the same lock: take a reference before the unlock",
			 sym_str(key), sym_str(lock), how, sym_str(g->name));
	fd->object = key;
	fd->trigger = intern("another host thread");
	fd->rule_severity_hint = SEV_LOW;
	finding_add_site(fd, f->file, op->line, op->col, f->name, "snapshot", lock,
			 "the object in %s found under the lock", sym_str(key));
	finding_add_ref(fd, f->id, at, "snapshot");
	finding_add_site(fd, f->file, un->line, un->col, f->name, "unlock", lock, "the lock dropped");
	if (use != IR_NONE) {
		finding_add_site(fd, f->file, f->ops[use].line, f->ops[use].col, f->name, "use", 0,
				 "the object used after the unlock");
		finding_add_ref(fd, f->id, use, "use");
	}
	finding_add_site(fd, g->file, fr->line, fr->col, g->name, "free", lock,
			 "frees the object in %s, holding the lock", sym_str(key));
	finding_add_step(fd, 0, finding_site_with(fd, "snapshot", 0), "finds the object under the lock");
	finding_add_step(fd, 0, finding_site_with(fd, "unlock", 0), "drops the lock, keeping the object");
	finding_add_step(fd, 1, finding_site_with(fd, "free", 0), "takes the lock and frees the object");
	finding_add_step(fd, 0, use != IR_NONE ? finding_site_with(fd, "use", 0) :
			 finding_site_with(fd, "unlock", 0),
			 use != IR_NONE ? "uses the freed object" :
			 "hands the freed object to its caller");
	fd->fix = xasprintf("take a reference on the object (the profile's takes-ref call) before "
			    "the unlock, and drop it when done");
	rule_report(ctx, fd);
}

static void check_unlocked_objects(struct rule_ctx *ctx, const struct ir_func *f)
{
	VEC(sym_t) seen = {0};

	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		uint32_t n, out = IR_NONE, un = IR_NONE, use = IR_NONE, gf, go;
		const struct ir_lockitem *it = op_locks(f, op, &n);
		sym_t key = 0, lock = 0;
		const char *how = NULL;
		bool dup = false;

		if (!n)
			continue;
		if (op->kind == OP_WRITE) {
			/* *out = the object, the out-parameter read after the unlock */
			const struct ir_path *p = &f->paths[op->a];

			if (p->base_kind == BASE_VAR && f->vars[p->base].is_param &&
			    whole_pointee(f, p, p->base)) {
				uint32_t r[LIFE_MAX], nr = life_origins(ctx->idx, f, op_srcs(f, op),
									op->src_count, 2, r, LIFE_MAX);

				key = object_field_of(f, r, nr, p->base);
			}
			out = key ? p->base : IR_NONE;
			how = "handed to the caller";
		} else if (op->kind == OP_CALL && op->callee != IR_NONE) {
			/* a callee that stores the object through our out-parameter */
			const struct ir_func *h = index_func(ctx->idx, op->callee);
			const struct ir_arg *a = op_args(f, op);

			for (uint32_t j = 0; h && j < op_nargs(op) && !key; j++) {
				const struct ir_src *s = arg_srcs(f, &a[j]);

				if (a[j].src_count != 1 || s[0].kind != SRC_VAR || s[0].how != HOW_VALUE ||
				    !f->vars[s[0].ref].is_param || j >= h->nvars || !h->vars[j].is_param)
					continue;
				key = out_object_key(ctx->idx, h, j, 2);
				out = s[0].ref;
			}
			how = "handed to the caller";
		} else if (op->kind == OP_DEF && !f->vars[op->a].is_param && !f->vars[op->a].is_static) {
			/* p = the object, used by this function after the unlock */
			uint32_t r[LIFE_MAX], nr = life_origins(ctx->idx, f, op_srcs(f, op),
								op->src_count, 4, r, LIFE_MAX);

			key = object_field_of(f, r, nr, op->a);
			how = "used";
		}
		if (!key)
			continue;
		for (uint32_t i = 0; i < seen.n; i++)
			dup |= seen.v[i] == key;
		if (dup)
			continue;
		for (uint32_t i = 0; i < n && un == IR_NONE; i++) {
			if (it[i].from_caller || it[i].kind == LOCK_RCU)
				continue;
			lock = it[i].lock;
			un = unlock_after(f, o, lock);
		}
		if (un != IR_NONE && op->kind == OP_DEF) {
			/* the first use of the local's value past the unlock */
			for (uint32_t u = un + 1; u < f->nops && use == IR_NONE; u++)
				if (!holds_own(f, &f->ops[u], lock) && op_reaches(f, un, u) &&
				    uses_object(f, u, op->a, o))
					use = u;
			if (use == IR_NONE)
				continue;
		}
		if (un == IR_NONE || pinned_before_unlock(ctx, f, o, lock, key, out) ||
		    detached_before_unlock(f, o, key, lock) ||
		    !freed_under_lock(ctx, key, lock, &gf, &go))
			continue;
		vec_push(&seen, key);
		report_unlocked_object(ctx, f, o, un, use, key, lock, gf, go, how);
	}
	vec_free(&seen);
}
