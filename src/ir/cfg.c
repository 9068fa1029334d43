#include "ir/cfg.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

void cfg_build(struct ir_func *f, const uint32_t *edges, uint32_t nedges, struct arena *a)
{
	uint32_t *fill = xcalloc(f->nblocks + 1, sizeof(uint32_t));
	uint32_t pos = 0;

	for (uint32_t i = 0; i < nedges; i++)
		if (edges[2 * i] < f->nblocks)
			f->blocks[edges[2 * i]].nsucc++;
	for (uint32_t b = 0; b < f->nblocks; b++) {
		f->blocks[b].succ_start = pos;
		fill[b] = pos;
		pos += f->blocks[b].nsucc;
	}
	f->nsuccs = pos;
	f->succs = arena_alloc(a, sizeof(uint32_t) * (pos + 1));
	for (uint32_t i = 0; i < nedges; i++) {
		uint32_t from = edges[2 * i], to = edges[2 * i + 1];

		if (from < f->nblocks)
			f->succs[fill[from]++] = to;
	}
	free(fill);
}

uint32_t cfg_entry(const struct ir_func *f)
{
	for (uint32_t b = 0; b < f->nblocks; b++)
		if (f->blocks[b].flags & BLOCK_ENTRY)
			return b;
	return IR_NONE;
}

void cfg_preds(const struct ir_func *f, uint32_t **pred_start, uint32_t **preds)
{
	uint32_t *start = xcalloc(f->nblocks + 1, sizeof(uint32_t));
	uint32_t *fill = xcalloc(f->nblocks + 1, sizeof(uint32_t));
	uint32_t *p = xmalloc(sizeof(uint32_t) * (f->nsuccs + 1));

	for (uint32_t i = 0; i < f->nsuccs; i++)
		start[f->succs[i] + 1]++;
	for (uint32_t b = 0; b < f->nblocks; b++)
		start[b + 1] += start[b];
	memcpy(fill, start, sizeof(uint32_t) * (f->nblocks + 1));
	for (uint32_t b = 0; b < f->nblocks; b++) {
		const struct ir_block *bl = &f->blocks[b];

		for (uint32_t k = 0; k < bl->nsucc; k++)
			p[fill[f->succs[bl->succ_start + k]]++] = b;
	}
	free(fill);
	*pred_start = start;
	*preds = p;
}

uint32_t *cfg_rpo(const struct ir_func *f, uint32_t *n)
{
	uint32_t *order = xmalloc(sizeof(uint32_t) * (f->nblocks + 1));
	uint32_t *stack = xmalloc(sizeof(uint32_t) * (f->nblocks + 1));
	uint32_t *next = xcalloc(f->nblocks + 1, sizeof(uint32_t));
	uint8_t *seen = xcalloc(f->nblocks + 1, 1);
	uint32_t sp = 0, k;

	*n = 0;
	if (!f->nblocks)
		goto out;
	/* post-order by an explicit stack, then reversed */
	stack[sp++] = 0;
	seen[0] = 1;
	while (sp) {
		uint32_t b = stack[sp - 1];
		const struct ir_block *bl = &f->blocks[b];

		if (next[b] < bl->nsucc) {
			uint32_t s = f->succs[bl->succ_start + next[b]++];

			if (s < f->nblocks && !seen[s]) {
				seen[s] = 1;
				stack[sp++] = s;
			}
		} else {
			order[(*n)++] = b;
			sp--;
		}
	}
	for (k = 0; k < *n / 2; k++) {
		uint32_t t = order[k];

		order[k] = order[*n - 1 - k];
		order[*n - 1 - k] = t;
	}
out:
	free(stack);
	free(next);
	free(seen);
	return order;
}

/* --- reaching definitions ------------------------------------------ */

#define BITS_LIMIT (8u * 1024 * 1024)	/* words of bitset before falling back */

static inline void bset(uint64_t *w, uint32_t i)
{
	w[i >> 6] |= 1ull << (i & 63);
}

static inline void bclr(uint64_t *w, uint32_t i)
{
	w[i >> 6] &= ~(1ull << (i & 63));
}

static inline bool bget(const uint64_t *w, uint32_t i)
{
	return (w[i >> 6] >> (i & 63)) & 1;
}

/* Every src range owned by op `o`: one for most ops, one per arg of a call. */
typedef void (*src_range_fn)(void *ctx, struct ir_func *f, struct ir_src *s, uint32_t n);

static void for_each_src_range(struct ir_func *f, const struct ir_op *o, src_range_fn fn, void *ctx)
{
	if (!f->srcs)		/* a function without a single value */
		return;
	if (o->kind == OP_CALL) {
		for (uint32_t k = 0; k < op_nargs(o); k++) {
			const struct ir_arg *a = &f->args[o->src_start + k];

			fn(ctx, f, f->srcs + a->src_start, a->src_count);
		}
	} else {
		fn(ctx, f, f->srcs + o->src_start, o->src_count);
	}
}

struct rd {
	uint32_t ndefs;		/* DEF ops, then one entry pseudo-def per var */
	uint32_t *def_op;	/* def index -> op index, or REACH_ENTRY|var */
	uint32_t *var_first;	/* defs of each var: var_defs[var_first[v]..] */
	uint32_t *var_defs;
	uint64_t *cur;
	bool approx;		/* flow-insensitive fallback */
	bool capped;		/* some use had more than REACH_CAP defs */
	VEC(uint32_t) reach;
};

/*
 * The most definitions recorded for one use.  Past that, lists grow with
 * the square of the function (a run of `if (c) x += y;` makes every def
 * reach every later use); such a use gets none, as if its origin were
 * unknown, and the function is counted as analysed only in part.
 */
#define REACH_CAP 256

static void resolve_range(void *ctx, struct ir_func *f, struct ir_src *s, uint32_t n)
{
	struct rd *rd = ctx;

	for (uint32_t i = 0; i < n; i++) {
		uint32_t v;

		if (s[i].kind != SRC_VAR)
			continue;
		v = s[i].ref;
		if (v >= f->nvars)
			continue;
		s[i].def_start = rd->reach.n;
		for (uint32_t k = rd->var_first[v]; k < rd->var_first[v + 1]; k++) {
			uint32_t d = rd->var_defs[k];

			if (rd->approx || bget(rd->cur, d))
				vec_push(&rd->reach, rd->def_op[d]);
			if (rd->reach.n - s[i].def_start > REACH_CAP)
				break;
		}
		if (rd->reach.n - s[i].def_start > REACH_CAP) {
			rd->reach.n = s[i].def_start;
			rd->capped = true;
		}
		s[i].defs = (uint16_t)(rd->reach.n - s[i].def_start);
	}
}

void cfg_reaching_defs(struct ir_func *f, struct arena *a)
{
	struct rd rd = {0};
	uint32_t nops_def = 0, words, *op_def, *cnt;
	uint64_t *in = NULL, *out = NULL, *gen = NULL, *kill = NULL;
	uint32_t *pstart = NULL, *preds = NULL, *order = NULL, norder = 0;
	bool changed;

	for (uint32_t i = 0; i < f->nops; i++)
		if (f->ops[i].kind == OP_DEF && f->ops[i].a < f->nvars)
			nops_def++;
	rd.ndefs = nops_def + f->nvars;
	rd.def_op = xmalloc(sizeof(uint32_t) * (rd.ndefs + 1));
	op_def = xmalloc(sizeof(uint32_t) * (f->nops + 1));
	cnt = xcalloc(f->nvars + 2, sizeof(uint32_t));
	{
		uint32_t d = 0;

		for (uint32_t i = 0; i < f->nops; i++) {
			op_def[i] = IR_NONE;
			if (f->ops[i].kind == OP_DEF && f->ops[i].a < f->nvars) {
				op_def[i] = d;
				rd.def_op[d++] = i;
				cnt[f->ops[i].a]++;
			}
		}
		/* the value a parameter has on entry */
		for (uint32_t v = 0; v < f->nvars; v++) {
			rd.def_op[d++] = REACH_ENTRY | v;
			if (f->vars[v].is_param)
				cnt[v]++;
		}
	}
	rd.var_first = xcalloc(f->nvars + 2, sizeof(uint32_t));
	for (uint32_t v = 0; v < f->nvars; v++)
		rd.var_first[v + 1] = rd.var_first[v] + cnt[v];
	rd.var_defs = xmalloc(sizeof(uint32_t) * (rd.var_first[f->nvars] + 1));
	memset(cnt, 0, sizeof(uint32_t) * (f->nvars + 2));
	for (uint32_t d = 0; d < rd.ndefs; d++) {
		uint32_t op = rd.def_op[d], v;

		if (op & REACH_ENTRY) {
			v = op & ~REACH_ENTRY;
			if (!f->vars[v].is_param)
				continue;
		} else {
			v = f->ops[op].a;
		}
		rd.var_defs[rd.var_first[v] + cnt[v]++] = d;
	}
	free(cnt);

	words = (rd.ndefs + 63) / 64;
	if ((uint64_t)words * f->nblocks * 4 > BITS_LIMIT) {
		rd.approx = true;
	} else {
		in = xcalloc((size_t)words * f->nblocks + 1, 8);
		out = xcalloc((size_t)words * f->nblocks + 1, 8);
		gen = xcalloc((size_t)words * f->nblocks + 1, 8);
		kill = xcalloc((size_t)words * f->nblocks + 1, 8);
		for (uint32_t b = 0; b < f->nblocks; b++) {
			uint64_t *g = gen + (size_t)b * words, *k = kill + (size_t)b * words;

			for (uint32_t i = f->blocks[b].op_start; i < f->blocks[b].op_end; i++) {
				uint32_t v;

				if (op_def[i] == IR_NONE)
					continue;
				v = f->ops[i].a;
				for (uint32_t j = rd.var_first[v]; j < rd.var_first[v + 1]; j++) {
					bset(k, rd.var_defs[j]);
					bclr(g, rd.var_defs[j]);
				}
				bset(g, op_def[i]);
			}
		}
		/* parameters hold their entry value at the entry block */
		for (uint32_t v = 0; v < f->nvars; v++)
			if (f->vars[v].is_param)
				bset(in, nops_def + v);
		cfg_preds(f, &pstart, &preds);
		order = cfg_rpo(f, &norder);
		do {
			changed = false;
			for (uint32_t k = 0; k < norder; k++) {
				uint32_t b = order[k];
				uint64_t *bi = in + (size_t)b * words, *bo = out + (size_t)b * words;
				const uint64_t *g = gen + (size_t)b * words, *kl = kill + (size_t)b * words;

				for (uint32_t p = pstart[b]; p < pstart[b + 1]; p++) {
					const uint64_t *po = out + (size_t)preds[p] * words;

					for (uint32_t w = 0; w < words; w++)
						bi[w] |= po[w];
				}
				for (uint32_t w = 0; w < words; w++) {
					uint64_t nv = g[w] | (bi[w] & ~kl[w]);

					if (nv != bo[w]) {
						bo[w] = nv;
						changed = true;
					}
				}
			}
		} while (changed);
		rd.cur = xmalloc(sizeof(uint64_t) * (words + 1));
	}

	for (uint32_t b = 0; b < f->nblocks; b++) {
		if (!rd.approx)
			memcpy(rd.cur, in + (size_t)b * words, sizeof(uint64_t) * words);
		for (uint32_t i = f->blocks[b].op_start; i < f->blocks[b].op_end; i++) {
			for_each_src_range(f, &f->ops[i], resolve_range, &rd);
			if (!rd.approx && op_def[i] != IR_NONE) {
				uint32_t v = f->ops[i].a;

				for (uint32_t j = rd.var_first[v]; j < rd.var_first[v + 1]; j++)
					bclr(rd.cur, rd.var_defs[j]);
				bset(rd.cur, op_def[i]);
			}
		}
	}
	f->reach = arena_copy(a, rd.reach.v, rd.reach.n * sizeof(uint32_t));
	f->nreach = rd.reach.n;
	if (rd.capped)
		f->partial |= PARTIAL_SIZE;

	vec_free(&rd.reach);
	free(rd.def_op);
	free(rd.var_first);
	free(rd.var_defs);
	free(rd.cur);
	free(op_def);
	free(in);
	free(out);
	free(gen);
	free(kill);
	free(pstart);
	free(preds);
	free(order);
}

/* --- locksets -------------------------------------------------------- */

struct lstate {
	struct ir_lockitem *items;
	uint32_t n, cap;
	bool rcu;
	bool top;		/* not yet reached: the identity of the meet */
};

static void ls_copy(struct lstate *d, const struct lstate *s)
{
	if (d->cap < s->n) {
		d->cap = s->n + 4;
		d->items = xrealloc(d->items, sizeof(*d->items) * d->cap);
	}
	copy_n(d->items, s->items, sizeof(*s->items) * s->n);
	d->n = s->n;
	d->rcu = s->rcu;
	d->top = s->top;
}

static bool ls_equal(const struct lstate *a, const struct lstate *b)
{
	if (a->top != b->top || a->n != b->n || a->rcu != b->rcu)
		return false;
	for (uint32_t i = 0; i < a->n; i++)
		if (a->items[i].lock != b->items[i].lock || a->items[i].kind != b->items[i].kind ||
		    a->items[i].asserted != b->items[i].asserted ||
		    a->items[i].from_caller != b->items[i].from_caller ||
		    a->items[i].every != b->items[i].every)
			return false;
	return true;
}

static int find_item(const struct lstate *s, sym_t lock)
{
	for (uint32_t i = 0; i < s->n; i++)
		if (s->items[i].lock == lock)
			return (int)i;
	return -1;
}

static void ls_add(struct lstate *s, struct ir_lockitem it)
{
	int k = find_item(s, it.lock);
	uint32_t pos;

	if (k >= 0) {
		s->items[k].asserted |= it.asserted;
		s->items[k].every |= it.every;
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->items = xrealloc(s->items, sizeof(*s->items) * s->cap);
	}
	/* sorted by lock id so that equal sets compare equal */
	for (pos = s->n; pos > 0 && s->items[pos - 1].lock > it.lock; pos--)
		s->items[pos] = s->items[pos - 1];
	s->items[pos] = it;
	s->n++;
}

static void ls_remove_at(struct lstate *s, uint32_t k)
{
	if (k + 1 < s->n)
		memmove(s->items + k, s->items + k + 1, sizeof(*s->items) * (s->n - k - 1));
	s->n--;
}

/* "vcpu->kvm->lock" and "kvm->lock" end the same way. */
static const char *last_segment(const char *s)
{
	const char *best = s;

	for (const char *p = s; *p; p++) {
		if (p[0] == '-' && p[1] == '>')
			best = p + 2;
		else if (p[0] == '.' || p[0] == ':' || p[0] == '*')
			best = p + 1;
	}
	return best;
}

/* Returns false if the unlock matched nothing held. */
static bool ls_release(struct lstate *s, sym_t lock, uint8_t kind)
{
	int k = find_item(s, lock);
	const char *tail;

	if (k >= 0) {
		ls_remove_at(s, (uint32_t)k);
		return true;
	}
	tail = last_segment(sym_str(lock));
	for (uint32_t i = 0; i < s->n; i++) {
		if (!strcmp(last_segment(sym_str(s->items[i].lock)), tail) &&
		    (s->items[i].kind == kind || kind == LOCK_OTHER)) {
			ls_remove_at(s, i);
			return true;
		}
	}
	return false;
}

static void ls_meet(struct lstate *acc, const struct lstate *o)
{
	if (o->top)
		return;
	if (acc->top) {
		ls_copy(acc, o);
		return;
	}
	for (uint32_t i = 0; i < acc->n;) {
		int k = find_item(o, acc->items[i].lock);

		if (k < 0) {
			ls_remove_at(acc, i);
			continue;
		}
		acc->items[i].asserted &= o->items[k].asserted;
		acc->items[i].from_caller &= o->items[k].from_caller;
		acc->items[i].every &= o->items[k].every;
		i++;
	}
	acc->rcu = acc->rcu && o->rcu;
}

static sym_t lock_identity(const struct lock_resolver *r, const struct ir_func *f, uint32_t path)
{
	if (path == IR_NONE || path >= f->npaths)
		return 0;
	if (r && r->identity)
		return r->identity(r->ctx, f, path);
	return f->paths[path].text;
}

struct released_set {
	VEC(struct ir_lockitem) items;
};

static void note_released(struct released_set *rel, struct ir_lockitem it)
{
	if (!rel)
		return;
	for (uint32_t i = 0; i < rel->items.n; i++)
		if (rel->items.v[i].lock == it.lock)
			return;
	vec_push(&rel->items, it);
}

/*
 * The branch that tests call op `c`'s result, last in the call's block:
 * `if (helper(x))`, or `if (x && helper(y))` (BRANCH_AND_CALL, the last
 * call of the condition) -- its first successor runs only when the call
 * returned nonzero (its second, with OPF_NOT_TEST), the other one when it
 * returned zero (or, after &&, was not made at all).  Else IR_NONE.
 */
static uint32_t branch_on_call(const struct ir_func *f, uint32_t c)
{
	const struct ir_block *bl;
	const struct ir_op *br;
	const struct ir_src *s;

	if (c >= f->nops || f->ops[c].block >= f->nblocks || !f->srcs || !f->succs)
		return IR_NONE;
	bl = &f->blocks[f->ops[c].block];
	if (bl->op_end <= bl->op_start || bl->nsucc != 2 ||
	    f->succs[bl->succ_start] == f->succs[bl->succ_start + 1])
		return IR_NONE;
	br = &f->ops[bl->op_end - 1];
	s = f->srcs + br->src_start;
	if (br->kind != OP_BRANCH || !br->src_count || (br->flags & OPF_PREPROC))
		return IR_NONE;
	if (br->src_count == 1)
		return s->kind == SRC_OP && s->ref == c &&
		       (s->how == HOW_TEST || s->how == HOW_VALUE) ? bl->op_end - 1 : IR_NONE;
	if (br->mark != BRANCH_AND_CALL)
		return IR_NONE;
	for (uint32_t o = c + 1; o + 1 < bl->op_end; o++)
		if (f->ops[o].kind == OP_CALL)
			return IR_NONE;		/* not the condition's last call */
	for (uint32_t i = 0; i < br->src_count; i++)
		if (s[i].kind == SRC_OP && s[i].ref == c && s[i].how == HOW_TEST)
			return bl->op_end - 1;
	return IR_NONE;
}

static void transfer(const struct lock_resolver *r, const struct ir_func *f,
		     const struct ir_op *op, struct lstate *s, struct released_set *rel)
{
	struct ir_lockitem it = { .path = op->a, .kind = op->mark };

	if (s->top)
		return;		/* not reached (past a call that never returns) */
	switch (op->kind) {
	case OP_LOCK:
	case OP_ASSERT_HELD:
		if (op->mark == LOCK_RCU && op->a == IR_NONE) {
			s->rcu = true;
			return;
		}
		it.lock = lock_identity(r, f, op->a);
		if (!it.lock)
			return;
		it.asserted = op->kind == OP_ASSERT_HELD;
		ls_add(s, it);
		return;
	case OP_UNLOCK:
		if (op->mark == LOCK_RCU && op->a == IR_NONE) {
			s->rcu = false;
			return;
		}
		it.lock = lock_identity(r, f, op->a);
		if (it.lock && !ls_release(s, it.lock, op->mark))
			note_released(rel, it);
		return;
	case OP_CALL:
		if (r && r->call_effects) {
			struct lock_effect fx[8];
			uint32_t n = r->call_effects(r->ctx, f, op, fx, ARRAY_SIZE(fx));

			for (uint32_t i = 0; i < n; i++) {
				struct ir_lockitem e = { .lock = fx[i].lock, .path = IR_NONE,
							 .kind = fx[i].kind, .every = fx[i].every,
							 .asserted = fx[i].acquire == 2 };

				if (fx[i].acquire == LOCK_FX_NORETURN) {
					/* the dataflow goes no further; the sets of ops keep theirs */
					if (!rel)
						s->top = true;
					return;
				}
				if (!fx[i].lock && fx[i].kind == LOCK_RCU)
					s->rcu = fx[i].acquire;
				else if (!fx[i].acquire && fx[i].when &&
					 branch_on_call(f, (uint32_t)(op - f->ops)) != IR_NONE)
					continue;	/* on one arm only: cond_release_edge() */
				else if (fx[i].acquire)
					ls_add(s, e);
				else if (!ls_release(s, e.lock, e.kind))
					/* an unlock-all helper wrapped in another */
					note_released(rel, e);
			}
		}
		return;
	default:
		return;
	}
}

/* --- loops that lock every peer ------------------------------------ */

/*
 * An iterator loop whose body locks the element it is at and keeps it
 * (kvm_for_each_vcpu(i, v, kvm) mutex_lock(&v->mutex)): once the loop has
 * run to its end, the lock of every element is held -- the way to shut
 * out everything that runs under the lock of any one of them.  Only the
 * header's exit edge carries that; a break leaves with fewer.
 */
struct peer_loop {
	uint32_t head, exit, var;
	uint32_t latch_start, nlatch;	/* into peer_loops.latches */
};

struct peer_loops {
	VEC(struct peer_loop) v;
	VEC(uint32_t) latches;
};

static bool op_in_loop(const struct ir_func *f, const struct ir_op *op, uint32_t l)
{
	for (uint16_t x = op->loop; x && x <= f->nloops; x = f->loops[x - 1].parent)
		if (x - 1u == l)
			return true;
	return false;
}

/* A lock taken through the loop's element: its path starts at the loop variable. */
static bool on_element(const struct ir_func *f, uint32_t path, uint32_t var)
{
	const struct ir_path *p;

	if (path == IR_NONE || path >= f->npaths)
		return false;
	p = &f->paths[path];
	return p->base_kind == BASE_VAR && p->base == var && p->derefs;
}

/* Blocks reachable from the entry without passing through `avoid`. */
static uint8_t *reached_avoiding(const struct ir_func *f, uint32_t avoid)
{
	uint8_t *seen = xcalloc(f->nblocks + 1, 1);
	uint32_t *stack = xmalloc(sizeof(uint32_t) * (f->nblocks + 1)), sp = 0;

	if (f->nblocks && avoid != 0) {
		stack[sp++] = 0;
		seen[0] = 1;
	}
	while (sp) {
		const struct ir_block *bl = &f->blocks[stack[--sp]];

		for (uint32_t k = 0; k < bl->nsucc; k++) {
			uint32_t y = f->succs[bl->succ_start + k];

			if (y < f->nblocks && y != avoid && !seen[y]) {
				seen[y] = 1;
				stack[sp++] = y;
			}
		}
	}
	free(stack);
	return seen;
}

static void find_peer_loops(const struct ir_func *f, const uint32_t *pstart, const uint32_t *preds,
			    struct peer_loops *pls)
{
	uint8_t *live = NULL;

	for (uint32_t l = 0; l < f->nloops; l++) {
		const struct ir_loop *lp = &f->loops[l];
		struct peer_loop pl;
		bool locks = false;
		uint8_t *seen;

		if (lp->kind != LOOP_MACRO || lp->var == IR_NONE || lp->head >= f->nblocks ||
		    f->blocks[lp->head].nsucc != 2)
			continue;
		for (uint32_t o = 0; o < f->nops && !locks; o++)
			locks = f->ops[o].kind == OP_LOCK && on_element(f, f->ops[o].a, lp->var) &&
				op_in_loop(f, &f->ops[o], l);
		if (!locks)
			continue;
		/* the back edges come from (live) blocks the header dominates */
		pl = (struct peer_loop){ .head = lp->head, .var = lp->var,
					 .exit = f->succs[f->blocks[lp->head].succ_start + 1],
					 .latch_start = pls->latches.n };
		if (!live)
			live = reached_avoiding(f, IR_NONE);
		seen = reached_avoiding(f, lp->head);
		for (uint32_t p = pstart[lp->head]; p < pstart[lp->head + 1]; p++)
			if (live[preds[p]] && !seen[preds[p]])
				vec_push(&pls->latches, preds[p]);
		free(seen);
		pl.nlatch = pls->latches.n - pl.latch_start;
		if (pl.nlatch)
			vec_push(&pls->v, pl);
	}
	free(live);
}

/*
 * The state on the edge from `from` to `to`: out[from], plus the every-peer
 * locks when the edge leaves a locking loop by its header.  Returns `out`
 * itself, `tmp`, or top while a back edge is not yet known: an exit state
 * guessed too small would be met into everything after the loop and, the
 * meet only ever removing locks, never grow back.
 */
/*
 * The state along the edge from block `from` to `to` when `from` ends in
 * a test of a call that lets a lock go only on one outcome
 * (RELEASED_IF_TRUE: `if (park(q)) goto relock;` -- released on the
 * true arm, still held on the other): st, less that lock on its arm.
 */
static const struct lstate *cond_release_edge(const struct lock_resolver *r,
					      const struct ir_func *f, const struct lstate *st,
					      uint32_t from, uint32_t to, struct lstate *tmp)
{
	const struct ir_block *bl = &f->blocks[from];
	struct lock_effect fx[8];
	const struct ir_op *br, *call;
	uint32_t n, t_arm;
	bool copied = false;

	if (st->top || !r || !r->call_effects || bl->op_end <= bl->op_start)
		return st;
	br = &f->ops[bl->op_end - 1];
	if (br->kind != OP_BRANCH || !f->srcs)
		return st;
	call = NULL;
	for (uint32_t i = 0; i < br->src_count && !call; i++) {
		const struct ir_src *x = f->srcs + br->src_start + i;

		if (x->kind == SRC_OP && x->ref < f->nops && f->ops[x->ref].kind == OP_CALL &&
		    branch_on_call(f, x->ref) == bl->op_end - 1)
			call = &f->ops[x->ref];
	}
	if (!call)
		return st;
	t_arm = f->succs[bl->succ_start + ((br->flags & OPF_NOT_TEST) ? 1 : 0)];
	n = r->call_effects(r->ctx, f, call, fx, ARRAY_SIZE(fx));
	for (uint32_t i = 0; i < n; i++) {
		if (fx[i].acquire || !fx[i].when || !fx[i].lock ||
		    (to == t_arm) != (fx[i].when == RELEASED_IF_TRUE))
			continue;
		if (!copied) {
			if (st != tmp)
				ls_copy(tmp, st);
			copied = true;
		}
		ls_release(tmp, fx[i].lock, fx[i].kind);
	}
	return copied ? tmp : st;
}

static const struct lstate *peer_edge_state(const struct ir_func *f, const struct peer_loops *pls,
					    const struct lstate *out, uint32_t from, uint32_t to,
					    struct lstate *tmp);

static const struct lstate *edge_state(const struct lock_resolver *r, const struct ir_func *f,
				       const struct peer_loops *pls, const struct lstate *out,
				       uint32_t from, uint32_t to, struct lstate *tmp)
{
	return cond_release_edge(r, f, peer_edge_state(f, pls, out, from, to, tmp), from, to, tmp);
}

static const struct lstate *peer_edge_state(const struct ir_func *f, const struct peer_loops *pls,
					    const struct lstate *out, uint32_t from, uint32_t to,
					    struct lstate *tmp)
{
	for (uint32_t i = 0; i < pls->v.n; i++) {
		const struct peer_loop *pl = &pls->v.v[i];
		const uint32_t *latch = pls->latches.v + pl->latch_start;
		const struct lstate *first = &out[latch[0]];

		if (pl->head != from || pl->exit != to || out[from].top)
			continue;
		for (uint32_t k = 0; k < pl->nlatch; k++)
			if (out[latch[k]].top) {
				ls_copy(tmp, &out[from]);
				tmp->top = true;
				return tmp;
			}
		ls_copy(tmp, &out[from]);
		for (uint32_t j = 0; j < first->n; j++) {
			struct ir_lockitem it = first->items[j];
			bool kept = on_element(f, it.path, pl->var) && find_item(tmp, it.lock) < 0;

			/* taken in the body and still held at every back edge */
			for (uint32_t k = 1; k < pl->nlatch && kept; k++)
				kept = find_item(&out[latch[k]], it.lock) >= 0;
			if (!kept)
				continue;
			it.every = 1;
			it.asserted = 0;
			ls_add(tmp, it);
		}
		return tmp;
	}
	return &out[from];
}

/*
 * Block p ends in a test that only `v == K` decides (if (v == K), its
 * sources v and constants alone), p sets no v before it, and `to` is an
 * arm taken only when v != K.  Yet one of p's own predecessors enters p
 * only for v == K (a counted loop's exit: for (i = 0; i < K; i++) ends
 * only with i == K, lower_cases.c): no path through that edge takes this
 * arm.  The state along p -> to, then, is the meet of p's other
 * predecessors only, carried through p's ops; or NULL if nothing is
 * left out.  A retry loop that leaves by `break` holding a lock, or after
 * its last try holding none, then tests its count and bails: past the
 * test the lock is held.
 */
static bool decided_by(const struct ir_func *f, const struct ir_op *br, uint32_t v)
{
	for (uint32_t i = 0; i < br->src_count; i++) {
		const struct ir_src *x = f->srcs + br->src_start + i;

		if (!(x->kind == SRC_CONST || (x->kind == SRC_VAR && x->ref == v)))
			return false;
	}
	return br->src_count > 0;
}

static const struct ir_case *only_case(const struct ir_func *f, uint32_t br)
{
	const struct ir_case *found = NULL;

	for (uint32_t k = 0; k < f->ncases; k++)
		if (f->cases[k].branch == br) {
			if (found)
				return NULL;
			found = &f->cases[k];
		}
	return found;
}

static const struct lstate *correlated_edge_state(const struct lock_resolver *r,
						  const struct ir_func *f,
						  const struct peer_loops *pls,
						  const struct lstate *out, const uint32_t *pstart,
						  const uint32_t *preds, uint32_t p, uint32_t to,
						  struct lstate *acc, struct lstate *tmp)
{
	const struct ir_block *bl = &f->blocks[p];
	const struct ir_case *c;
	uint32_t brk, left_out = 0;

	if (!f->ncases || bl->op_end <= bl->op_start || !f->srcs)
		return NULL;
	brk = bl->op_end - 1;
	if (f->ops[brk].kind != OP_BRANCH || !(c = only_case(f, brk)) || c->target == to ||
	    c->var >= f->nvars || !decided_by(f, &f->ops[brk], c->var))
		return NULL;
	for (uint32_t i = bl->op_start; i < brk; i++)
		if (f->ops[i].kind == OP_DEF && f->ops[i].a == c->var)
			return NULL;
	acc->top = true;
	acc->n = 0;
	acc->rcu = false;
	for (uint32_t k = pstart[p]; k < pstart[p + 1]; k++) {
		const struct ir_block *qb = &f->blocks[preds[k]];
		const struct ir_case *e = NULL;

		if (qb->op_end > qb->op_start && f->ops[qb->op_end - 1].kind == OP_BRANCH)
			e = only_case(f, qb->op_end - 1);
		if (e && e->target == p && e->var == c->var && e->value == c->value) {
			left_out++;
			continue;
		}
		ls_meet(acc, edge_state(r, f, pls, out, preds[k], p, tmp));
	}
	if (!left_out)
		return NULL;
	if (!acc->top)
		for (uint32_t i = bl->op_start; i < bl->op_end; i++)
			transfer(r, f, &f->ops[i], acc, NULL);
	return cond_release_edge(r, f, acc, p, to, tmp);
}

struct ls_table {
	VEC(struct ir_lockset) sets;
	VEC(struct ir_lockitem) items;
};

static uint32_t ls_intern(struct ls_table *t, const struct lstate *s)
{
	struct ir_lockset ls;

	/* most consecutive ops share a set; look back a little */
	for (uint32_t i = t->sets.n, k = 0; i-- > 0 && k < 8; k++) {
		const struct ir_lockset *o = &t->sets.v[i];

		if (o->count != s->n || o->rcu != s->rcu)
			continue;
		if (!s->n || !memcmp(t->items.v + o->start, s->items, sizeof(*s->items) * s->n))
			return i;
	}
	ls.start = t->items.n;
	ls.count = (uint16_t)MIN(s->n, 65535u);
	ls.rcu = s->rcu;
	for (uint32_t i = 0; i < ls.count; i++)
		vec_push(&t->items, s->items[i]);
	vec_push(&t->sets, ls);
	return t->sets.n - 1;
}

/*
 * No lock op, no lock from the callers, no call with a lock effect: every
 * op holds nothing.  Most functions of a tree are so, and for them the
 * dataflow below is all allocation and walking to the same empty sets.
 */
static bool holds_nothing(const struct lock_resolver *r, const struct ir_func *f)
{
	struct ir_lockitem e[16];
	struct lock_effect fx[8];

	if (r && r->entry_locks && r->entry_locks(r->ctx, f, e, ARRAY_SIZE(e)))
		return false;
	for (uint32_t p = 0; p < f->npaths; p++)
		if (f->paths[p].flags & PATH_FLAG_ENTRY_HELD)
			return false;
	for (uint32_t i = 0; i < f->nops; i++) {
		const struct ir_op *op = &f->ops[i];

		if (op->kind == OP_LOCK || op->kind == OP_UNLOCK || op->kind == OP_ASSERT_HELD)
			return false;
		if (op->kind == OP_CALL && r && r->call_effects &&
		    r->call_effects(r->ctx, f, op, fx, ARRAY_SIZE(fx)))
			return false;
	}
	return true;
}

/* The function's sets into its arena, where the lowering's were if they fit. */
static void store_sets(struct ir_func *f, struct arena *a, const struct ls_table *tab)
{
	/*
	 * The index computes locksets again once callees' lock effects are
	 * known; most come out no larger than the lowering's, and overwriting
	 * those in place keeps every file's arena from growing a block.
	 */
	if (f->locksets && tab->sets.n <= f->nlocksets)
		copy_n(f->locksets, tab->sets.v, tab->sets.n * sizeof(*tab->sets.v));
	else
		f->locksets = arena_copy(a, tab->sets.v, tab->sets.n * sizeof(*tab->sets.v));
	f->nlocksets = tab->sets.n;
	if (f->lockitems && tab->items.n <= f->nlockitems)
		copy_n(f->lockitems, tab->items.v, tab->items.n * sizeof(*tab->items.v));
	else
		f->lockitems = arena_copy(a, tab->items.v, tab->items.n * sizeof(*tab->items.v));
	f->nlockitems = tab->items.n;
}

/* What the dataflow below gives a function that holds nothing, without it. */
static void locksets_of_nothing(struct ir_func *f, struct arena *a)
{
	struct ls_table tab = {0};
	struct lstate none = {0};

	f->exit_lockset = f->released_lockset = ls_intern(&tab, &none);
	for (uint32_t b = 0; b < f->nblocks; b++)
		for (uint32_t i = f->blocks[b].op_start; i < f->blocks[b].op_end; i++)
			f->ops[i].lockset = 0;
	store_sets(f, a, &tab);
	vec_free(&tab.sets);
	vec_free(&tab.items);
}

/*
 * Is block b a return the function takes at once on a test of its
 * context alone: a bare `return;` that the entry block, which only calls
 * functions with no argument and branches, leads to?  A lock helper that
 * skips the lock where its callers hold it already (`if (in_bpf_prog())
 * return; lock_sock(sk);`: the program runs with the socket locked) bails
 * out so; what it holds when it does its work is what its callers hold
 * past it.
 */
static bool context_bail_out(const struct ir_func *f, uint32_t b, const uint32_t *pstart,
			     const uint32_t *preds)
{
	const struct ir_block *bl = &f->blocks[b], *e = &f->blocks[0];

	if (b == 0 || bl->op_end != bl->op_start + 1 || f->ops[bl->op_start].kind != OP_RETURN ||
	    f->ops[bl->op_start].src_count || pstart[b + 1] - pstart[b] != 1 || preds[pstart[b]])
		return false;
	for (uint32_t i = e->op_start; i < e->op_end; i++) {
		const struct ir_op *op = &f->ops[i];

		if (op->kind != OP_BRANCH &&
		    (op->kind != OP_CALL || op_nargs(op) || (op->flags & OPF_INDIRECT)))
			return false;
	}
	return true;
}

/*
 * The locks held at an exit block: the meet of its predecessors, leaving
 * out context bail-outs when some other way reaches it (context_bail_out()).
 */
static void exit_state(const struct lock_resolver *r, const struct ir_func *f,
		       const struct peer_loops *pls,
		       const struct lstate *in, const struct lstate *out, uint32_t b,
		       const uint32_t *pstart, const uint32_t *preds, struct lstate *ex)
{
	struct lstate acc = { .top = true }, edge = {0};
	bool bail = false, work = false;

	for (uint32_t p = pstart[b]; p < pstart[b + 1]; p++) {
		if (context_bail_out(f, preds[p], pstart, preds)) {
			bail = true;
			continue;
		}
		work = true;
		ls_meet(&acc, edge_state(r, f, pls, out, preds[p], b, &edge));
	}
	ls_copy(ex, bail && work ? &acc : &in[b]);
	free(acc.items);
	free(edge.items);
}

static bool returns_pointer(const struct ir_func *f);
static uint32_t returned_var(const struct ir_func *f, const struct ir_op *ret);
static bool only_from(const struct ir_func *f, uint32_t b, uint32_t from);

/*
 * A getter that locks the object it found and returns it, or returns
 * NULL having locked nothing: `p = lookup(s); if (p) lock(&p->lock);
 * return p;` (a port looked up and locked for its user).  Its callers use
 * the object only when it is there, so past the call they hold the lock:
 * the exit state (ex) gains what the function holds on the way in from
 * the "set" arm of the test of what it returns, that it did not hold at
 * the test.  Only the plain shape: one return of the local, reached from
 * that arm's side and from the other arm's empty block (or the test
 * itself).
 */
/*
 * Is block q's edge to `to` the arm of a test of local v on which v is
 * NULL: a lookup further up that found nothing, returned as it is?
 */
static bool null_arm_edge(const struct ir_func *f, uint32_t q, uint32_t to, uint32_t v)
{
	const struct ir_block *bl = &f->blocks[q];
	const struct ir_op *br;
	const struct ir_src *c;

	if (bl->op_end == bl->op_start || bl->nsucc != 2 || !f->srcs)
		return false;
	br = &f->ops[bl->op_end - 1];
	c = f->srcs + br->src_start;
	if (br->kind != OP_BRANCH || br->src_count != 1 || c->kind != SRC_VAR || c->ref != v ||
	    (c->how != HOW_TEST && c->how != HOW_VALUE) || (br->flags & OPF_PREPROC))
		return false;
	return f->succs[bl->succ_start + ((br->flags & OPF_NOT_TEST) ? 0 : 1)] == to;
}

/*
 * The ways into block r (the return's), back through empty join blocks up
 * to `depth` deep: each either found nothing -- the test b itself, its
 * other arm's empty block, or the NULL arm of an earlier test of v (`c =
 * find(); if (c) { c = get(c); if (c) lock(c); } return c;`) -- or is the
 * one block the set arm's side arrives from (*held).  False when two
 * blocks arrive with something, or one's state is unknown.
 */
static bool returned_sides(const struct ir_func *f, const uint32_t *pstart, const uint32_t *preds,
			   uint32_t r, uint32_t b, uint32_t other, uint32_t v,
			   const struct lstate *out, uint32_t *held, int depth)
{
	for (uint32_t p = pstart[r]; p < pstart[r + 1]; p++) {
		uint32_t q = preds[p];

		if (q == b || (q == other && only_from(f, other, b) &&
			       f->blocks[other].op_start == f->blocks[other].op_end))
			continue;	/* the test found nothing */
		if (null_arm_edge(f, q, r, v))
			continue;	/* an earlier test found nothing */
		if (depth && q != other && f->blocks[q].op_start == f->blocks[q].op_end &&
		    !(f->blocks[q].flags & BLOCK_ENTRY) && pstart[q + 1] > pstart[q]) {
			if (!returned_sides(f, pstart, preds, q, b, other, v, out, held, depth - 1))
				return false;
			continue;	/* a join on the way */
		}
		if (*held != IR_NONE || out[q].top)
			return false;
		*held = q;
	}
	return true;
}

static void held_if_returned(const struct ir_func *f, const struct lock_resolver *res,
			     const struct lstate *in, const struct lstate *out,
			     const uint32_t *pstart, const uint32_t *preds, struct lstate *ex)
{
	uint32_t v = IR_NONE, ret = IR_NONE;

	if (!returns_pointer(f) || !f->succs)
		return;
	for (uint32_t o = 0; o < f->nops; o++) {
		if (f->ops[o].kind != OP_RETURN)
			continue;
		if (ret != IR_NONE || (v = returned_var(f, &f->ops[o])) == IR_NONE)
			return;
		ret = o;
	}
	if (ret == IR_NONE || f->ops[ret].block >= f->nblocks)
		return;
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *br = &f->ops[o];
		const struct ir_src *c = f->srcs ? f->srcs + br->src_start : NULL;
		uint32_t r = f->ops[ret].block, b = br->block, set_arm, other, held = IR_NONE;
		bool ok = true;

		if (br->kind != OP_BRANCH || br->src_count != 1 || !c || c->kind != SRC_VAR ||
		    c->ref != v || (c->how != HOW_TEST && c->how != HOW_VALUE) ||
		    (br->flags & OPF_PREPROC) || b >= f->nblocks || f->blocks[b].nsucc != 2 ||
		    in[b].top)
			continue;
		set_arm = f->succs[f->blocks[b].succ_start + ((br->flags & OPF_NOT_TEST) ? 1 : 0)];
		other = f->succs[f->blocks[b].succ_start + ((br->flags & OPF_NOT_TEST) ? 0 : 1)];
		if (!only_from(f, set_arm, b))
			continue;
		ok = returned_sides(f, pstart, preds, r, b, other, v, out, &held, 4);
		if (!ok || held == IR_NONE)
			continue;
		/* the set arm's side must reach the return only through it */
		{
			uint8_t *around = reached_avoiding(f, set_arm);

			ok = !around[held];
			free(around);
		}
		if (!ok)
			continue;
		{
			/* what that side holds at the return; beyond what the test held */
			struct lstate at = {0};

			ls_copy(&at, &out[held]);
			for (uint32_t i = f->blocks[r].op_start; i < ret; i++)
				transfer(res, f, &f->ops[i], &at, NULL);
			for (uint32_t i = 0; i < at.n; i++) {
				struct ir_lockitem it = at.items[i];

				if (it.from_caller || it.every || it.kind == LOCK_RCU ||
				    it.kind == LOCK_SRCU || find_item(&out[b], it.lock) >= 0)
					continue;
				ls_add(ex, it);
			}
			free(at.items);
		}
		return;
	}
}

/*
 * One pass of the dataflow: every op's set into tab, the exit set and the
 * released set into f.  `seeds` are locks the function lets go of without
 * taking them: its callers hold them on entry, as far as it is concerned.
 * A seed the function holds again at every exit (it drops the lock to
 * sleep and retakes it) is no change to its callers' locks; one it does
 * not is a release.
 */
static void lockset_pass(struct ir_func *f, const struct lock_resolver *r,
			 const struct ir_lockitem *seeds, uint32_t nseeds, struct ls_table *tabp,
			 struct released_set *relp)
{
	struct lstate *in = xcalloc(f->nblocks + 1, sizeof(*in));
	struct lstate *out = xcalloc(f->nblocks + 1, sizeof(*out));
	struct lstate cur = {0}, acc = {0}, edge = {0}, corr = {0};
	struct ls_table tab = *tabp;
	struct released_set rel = *relp;
	struct peer_loops pls = {0};
	uint32_t *pstart, *preds, norder, *order;
	bool changed;
	int rounds = 0;

	/* set 0 is the empty set, what an op gets when the table overflows */
	ls_intern(&tab, &cur);
	cfg_preds(f, &pstart, &preds);
	order = cfg_rpo(f, &norder);
	find_peer_loops(f, pstart, preds, &pls);
	for (uint32_t b = 0; b < f->nblocks; b++)
		in[b].top = out[b].top = true;
	/* entry: what callers hold */
	in[0].top = false;
	if (r && r->entry_locks) {
		struct ir_lockitem e[16];
		uint32_t n = r->entry_locks(r->ctx, f, e, ARRAY_SIZE(e));

		for (uint32_t i = 0; i < n; i++)
			ls_add(&in[0], e[i]);
	}
	for (uint32_t i = 0; i < nseeds; i++) {
		struct ir_lockitem it = seeds[i];

		it.from_caller = 1;
		if (find_item(&in[0], it.lock) < 0)
			ls_add(&in[0], it);
	}
	do {
		changed = false;
		for (uint32_t k = 0; k < norder; k++) {
			uint32_t b = order[k];

			if (b != 0) {
				acc.top = true;
				acc.n = 0;
				acc.rcu = false;
				for (uint32_t p = pstart[b]; p < pstart[b + 1]; p++) {
					const struct lstate *es;

					es = correlated_edge_state(r, f, &pls, out, pstart, preds,
								   preds[p], b, &corr, &edge);
					ls_meet(&acc, es ? es : edge_state(r, f, &pls, out, preds[p],
									  b, &edge));
				}
				ls_copy(&in[b], &acc);
			}
			ls_copy(&cur, &in[b]);
			if (!cur.top)
				for (uint32_t i = f->blocks[b].op_start; i < f->blocks[b].op_end; i++)
					transfer(r, f, &f->ops[i], &cur, NULL);
			if (!ls_equal(&cur, &out[b])) {
				ls_copy(&out[b], &cur);
				changed = true;
			}
		}
	} while (changed && ++rounds < 100);

	/* the set before each op */
	for (uint32_t b = 0; b < f->nblocks; b++) {
		ls_copy(&cur, &in[b]);
		if (cur.top) {
			cur.top = false;
			cur.n = 0;
		}
		for (uint32_t i = f->blocks[b].op_start; i < f->blocks[b].op_end; i++) {
			uint32_t set = ls_intern(&tab, &cur);

			/* past what an op can index: known to hold nothing */
			if (set > IR_MAX_LOCKSETS) {
				f->partial |= PARTIAL_SIZE;
				set = 0;
			}
			f->ops[i].lockset = (uint16_t)set;
			transfer(r, f, &f->ops[i], &cur, &rel);
		}
	}
	{
		struct lstate ex = {0};

		if (f->nblocks) {
			for (uint32_t b = 0; b < f->nblocks; b++)
				if (f->blocks[b].flags & BLOCK_EXIT)
					exit_state(r, f, &pls, in, out, b, pstart, preds, &ex);
		}
		if (ex.top)
			ex.n = 0;
		held_if_returned(f, r, in, out, pstart, preds, &ex);
		for (uint32_t i = 0; i < nseeds; i++) {
			int k = find_item(&ex, seeds[i].lock);

			if (k >= 0)	/* taken again: still the callers' */
				ex.items[k].from_caller = 1;
			else
				note_released(&rel, seeds[i]);
		}
		f->exit_lockset = ls_intern(&tab, &ex);
		free(ex.items);
		ex = (struct lstate){0};
		for (uint32_t i = 0; i < rel.items.n; i++)
			ls_add(&ex, rel.items.v[i]);
		f->released_lockset = ls_intern(&tab, &ex);
		free(ex.items);
	}

	for (uint32_t b = 0; b < f->nblocks; b++) {
		free(in[b].items);
		free(out[b].items);
	}
	free(in);
	free(out);
	free(cur.items);
	free(acc.items);
	free(edge.items);
	free(corr.items);
	vec_free(&pls.v);
	vec_free(&pls.latches);
	*tabp = tab;
	*relp = rel;
	free(pstart);
	free(preds);
	free(order);
}

/* Is every argument of the call what f's caller handed it (a parameter as it came, a global)? */
static bool args_from_caller(const struct ir_func *f, const struct ir_op *call)
{
	for (uint32_t i = 0; i < op_nargs(call); i++) {
		const struct ir_arg *a = &f->args[call->src_start + i];

		for (uint32_t k = 0; k < a->src_count; k++) {
			const struct ir_src *s = &f->srcs[a->src_start + k];
			const struct ir_path *p = s->kind == SRC_ADDR && s->ref < f->npaths ?
						  &f->paths[s->ref] : NULL;

			if (s->kind == SRC_CONST)
				continue;
			if (s->kind == SRC_VAR && s->ref < f->nvars && f->vars[s->ref].is_param &&
			    s->defs == 1 && (f->reach[s->def_start] & REACH_ENTRY))
				continue;
			if (p && (p->base_kind == BASE_GLOBAL ||
				  (p->base_kind == BASE_VAR && p->base < f->nvars &&
				   f->vars[p->base].is_param)))
				continue;
			return false;
		}
	}
	return true;
}

/*
 * Does the function let `lock` go before it takes it (if it takes it at
 * all): `spin_unlock(&l); schedule(); spin_lock(&l);`, to sleep with its
 * callers' lock dropped, or an unlock at its end (`do_unlock(l) {
 * debug_check(l); arch_unlock(l); }`)?  Then its callers hold the lock on
 * entry.  Its own lock and unlock calls count, and so do the calls of its
 * codebase's plain wrappers of them (`drv_unlock(d); send(d);
 * drv_lock(d);`, or a `map_and_unlock()` that ends with `drv_unlock(d)`),
 * whose one take or drop is the same whatever its callers hold; a drop
 * only on an object f's callers handed it, as a lock on what f's own
 * lookup returned is not one they can hold.  Any other callee that
 * touches the lock (a recursive lock helper, a teardown deeper down) is
 * passed over, as before: what it does depends on what its callers hold,
 * and its effect, read off its own locksets, may be a release of a lock
 * it took conditionally (clk_prepare_unlock() after clk_prepare_lock()).
 * A function
 * that only lets go is still a release for its callers (lockset_pass
 * notes a seed not held at exit as released).
 */
static bool released_before_taken(const struct ir_func *f, const struct lock_resolver *r,
				  sym_t lock)
{
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];

		if (op->kind == OP_CALL) {
			int w = r && r->wrapper_op ? r->wrapper_op(r->ctx, f, op, lock) : -1;

			if (w == 1)
				return false;
			/* a drop only of what f's callers could hold: what they handed it */
			if (w == 0 && args_from_caller(f, op))
				return true;
			continue;
		}
		if ((op->kind != OP_LOCK && op->kind != OP_UNLOCK) ||
		    lock_identity(r, f, op->a) != lock)
			continue;
		return op->kind == OP_UNLOCK;
	}
	return false;
}

/*
 * Locks the function asserts held (lockdep_assert_held(), or a helper that
 * asserts them) before anything of its own takes them: the assertion
 * states its callers' precondition, so the lock is held from its entry,
 * and the reads before the assertion (curr = rq->curr;
 * lockdep_assert_rq_held(rq)) hold it too.  Read off the first pass:
 * the first op whose lockset has the lock, where every path brought it
 * by an assertion, and no lock op of it before.
 */
static void asserted_on_entry(const struct ir_func *f, const struct lock_resolver *r,
			      const struct ls_table *tab, struct released_set *seeds)
{
	VEC(sym_t) seen = {0};

	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_lockset *ls;

		if (op->lockset >= tab->sets.n)
			continue;
		ls = &tab->sets.v[op->lockset];
		for (uint32_t i = 0; i < ls->count; i++) {
			const struct ir_lockitem *it = &tab->items.v[ls->start + i];
			bool before = false;

			for (uint32_t k = 0; k < seen.n && !before; k++)
				before = seen.v[k] == it->lock;
			if (before)
				continue;
			vec_push(&seen, it->lock);
			if (!it->asserted || it->from_caller)
				continue;
			for (uint32_t k = 0; k < o && !before; k++)
				before = (f->ops[k].kind == OP_LOCK || f->ops[k].kind == OP_UNLOCK) &&
					 lock_identity(r, f, f->ops[k].a) == it->lock;
			if (!before)
				note_released(seeds, *it);
		}
	}
	vec_free(&seen);
}

/*
 * Locks the function's declaration says its callers hold
 * (PATH_FLAG_ENTRY_HELD: `__must_hold()`, `__releases()`): held from its
 * entry, as an assertion there would have them.
 */
static void declared_on_entry(const struct ir_func *f, const struct lock_resolver *r,
			      struct released_set *seeds)
{
	for (uint32_t p = 0; p < f->npaths; p++) {
		struct ir_lockitem it = { .path = p, .kind = LOCK_OTHER, .asserted = 1 };
		bool taken = false;

		if (!(f->paths[p].flags & PATH_FLAG_ENTRY_HELD) ||
		    !(it.lock = lock_identity(r, f, p)))
			continue;
		/*
		 * the kind the function's own first lock or unlock of it says;
		 * one that takes it first does not have it on entry, whatever
		 * the declaration says
		 */
		for (uint32_t o = 0; o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];

			if ((op->kind == OP_LOCK || op->kind == OP_UNLOCK) &&
			    lock_identity(r, f, op->a) == it.lock) {
				it.kind = op->mark;
				it.asserted = 0;
				taken = op->kind == OP_LOCK;
				break;
			}
		}
		if (!taken)
			note_released(seeds, it);
	}
}

static void locksets_by_dataflow(struct ir_func *f, struct arena *a, const struct lock_resolver *r)
{
	struct ls_table tab = {0};
	struct released_set rel = {0}, seeds = {0};
	uint32_t declared;

	declared_on_entry(f, r, &seeds);
	declared = seeds.items.n;
	lockset_pass(f, r, seeds.items.v, declared, &tab, &rel);
	/*
	 * A lock dropped before being taken is held by the callers on entry.
	 * Again with it held from the start, so that the ops before the unlock
	 * hold it and a function that retakes it before returning leaves its
	 * callers' locks as they were.
	 */
	for (uint32_t i = 0; i < rel.items.n; i++)
		if (released_before_taken(f, r, rel.items.v[i].lock))
			note_released(&seeds, rel.items.v[i]);
	asserted_on_entry(f, r, &tab, &seeds);
	if (seeds.items.n > declared) {
		vec_free(&tab.sets);
		vec_free(&tab.items);
		vec_free(&rel.items);
		tab = (struct ls_table){0};
		rel = (struct released_set){0};
		lockset_pass(f, r, seeds.items.v, seeds.items.n, &tab, &rel);
	}
	vec_free(&seeds.items);
	store_sets(f, a, &tab);
	vec_free(&tab.sets);
	vec_free(&tab.items);
	vec_free(&rel.items);
}

void cfg_locksets(struct ir_func *f, struct arena *a, const struct lock_resolver *r)
{
	if (holds_nothing(r, f))
		locksets_of_nothing(f, a);
	else
		locksets_by_dataflow(f, a, r);
}

/* The constant a return returns ("true", "0"), or 0 for anything else. */
static sym_t returned_const(const struct ir_func *f, const struct ir_op *ret)
{
	const struct ir_src *s = f->srcs ? f->srcs + ret->src_start : NULL;

	return s && ret->src_count == 1 && s->kind == SRC_CONST ? s->ref : 0;
}

/* Is `lock` held at op (only for every peer, with `every`)? */
static bool holds_item(const struct ir_func *f, const struct ir_op *op, sym_t lock, bool every)
{
	uint32_t n;
	const struct ir_lockitem *l = op_locks(f, op, &n);

	for (uint32_t i = 0; i < n; i++)
		if ((l[i].every || !every) && l[i].lock == lock)
			return true;
	return false;
}

static bool holds_every(const struct ir_func *f, const struct ir_op *op, sym_t lock)
{
	return holds_item(f, op, lock, true);
}

static bool holds_lock(const struct ir_func *f, const struct ir_op *op, sym_t lock)
{
	return holds_item(f, op, lock, false);
}

/*
 * Does f return holding `lock` whenever it succeeds?  A helper that locks
 * can fail -- a trylock lost, a killable wait interrupted, lock-all
 * stopped half-way, the lock graph off -- release what it took and
 * return something else; its callers test the result and bail out.  So:
 * every return that holds the lock (by `holds`) returns one constant, and
 * no other return returns it.
 */
static bool on_success(const struct ir_func *f, sym_t lock,
		       bool (*holds)(const struct ir_func *, const struct ir_op *, sym_t))
{
	sym_t ok = 0;

	for (uint32_t b = 0; b < f->nblocks; b++) {
		const struct ir_block *bl = &f->blocks[b];

		bool ret = bl->op_end > bl->op_start && f->ops[bl->op_end - 1].kind == OP_RETURN;

		/* every way out is a return statement: no falling off the end */
		for (uint32_t k = 0; k < bl->nsucc; k++)
			if ((f->blocks[f->succs[bl->succ_start + k]].flags & BLOCK_EXIT) && !ret)
				return false;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t o = 0; o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			sym_t v;

			if (op->kind != OP_RETURN)
				continue;
			v = returned_const(f, op);
			if (holds(f, op, lock)) {
				if (!v || (ok && v != ok))
					return false;
				ok = v;
			} else if (pass && v == ok) {
				return false;
			}
		}
	}
	return ok != 0;
}

static bool every_on_success(const struct ir_func *f, sym_t lock)
{
	return on_success(f, lock, holds_every);
}

static bool summary_has(const struct lock_summary *s, sym_t lock)
{
	for (uint32_t i = 0; i < s->nheld; i++)
		if (s->held_at_exit[i].lock == lock)
			return true;
	return false;
}

static bool returns_pointer(const struct ir_func *f)
{
	const char *t = f->ret_type ? sym_str(f->ret_type) : "";
	size_t n = strlen(t);

	while (n && t[n - 1] == ' ')
		n--;
	return n && t[n - 1] == '*';
}

/* The local a return returns, or IR_NONE. */
static uint32_t returned_var(const struct ir_func *f, const struct ir_op *ret)
{
	const struct ir_src *s = f->srcs ? f->srcs + ret->src_start : NULL;

	return s && ret->src_count == 1 && s->kind == SRC_VAR ? s->ref : IR_NONE;
}

/*
 * What a failing return of a locked-object getter returns: NULL or an
 * error constant, an error pointer made on the spot (ERR_PTR(-ENOENT)),
 * or the local its successful return returns (`success`), which failed
 * the test that sent it there.  Not another object: a function that lets
 * the lock go before returning one object and returns another with the
 * lock seemingly held has let it go out of sight.
 */
static bool failure_value(const struct ir_func *f, const struct ir_op *ret, uint32_t success)
{
	const struct ir_src *s = f->srcs ? f->srcs + ret->src_start : NULL;

	if (!s || ret->src_count != 1)
		return false;
	if (s->kind == SRC_CONST)
		return true;
	if (s->kind == SRC_VAR)
		return success != IR_NONE && s->ref == success;
	return s->kind == SRC_OP && s->ref < f->nops && f->ops[s->ref].kind == OP_CALL;
}

/*
 * A function that returns its object locked when it succeeds and lets go
 * of the lock when it fails (lock_mount(), lock_task_sighand(),
 * get_locked_pte(), irq_get_desc_lock()): its callers test the pointer
 * and bail out on failure, so past the call they hold the lock.  Taken as
 * held after the call: a lock the function takes itself (not its
 * callers'), held at every return of a pointer that is not a constant,
 * and at no return of a failure value (failure_value()) -- and there is
 * at least one of each.  A helper that returns a number says by one
 * constant that it took the lock (graph_lock(): 1 holding it, 0 having
 * let it go): on_success().
 */
static void held_on_success(const struct ir_func *f, struct lock_summary *out)
{
	if (!returns_pointer(f))
		return;
	for (uint32_t o = 0; o < f->nops && out->nheld < ARRAY_SIZE(out->held_at_exit); o++) {
		const struct ir_lockitem *l;
		uint32_t n;

		if (f->ops[o].kind != OP_RETURN || f->ops[o].src_count != 1 ||
		    returned_const(f, &f->ops[o]))
			continue;
		l = op_locks(f, &f->ops[o], &n);
		for (uint32_t k = 0; k < n && out->nheld < ARRAY_SIZE(out->held_at_exit); k++) {
			bool fails = false, ok = true;

			if (l[k].from_caller || l[k].every || l[k].kind == LOCK_RCU ||
			    l[k].kind == LOCK_SRCU || summary_has(out, l[k].lock))
				continue;
			for (uint32_t p = 0; p < f->nops && ok; p++) {
				const struct ir_op *r = &f->ops[p];

				if (r->kind != OP_RETURN || p == o)
					continue;
				if (holds_lock(f, r, l[k].lock))
					ok = r->src_count == 1 && !returned_const(f, r);
				else if (failure_value(f, r, returned_var(f, &f->ops[o])))
					fails = true;
				else
					ok = false;
			}
			if (ok && fails)
				out->held_at_exit[out->nheld++] = l[k];
		}
	}
}

/* Is block b reached only from block from (its one predecessor)? */
static bool only_from(const struct ir_func *f, uint32_t b, uint32_t from)
{
	for (uint32_t k = 0; k < f->nblocks; k++) {
		const struct ir_block *bl = &f->blocks[k];

		for (uint32_t j = 0; j < bl->nsucc; j++)
			if (f->succs[bl->succ_start + j] == b && k != from)
				return false;
	}
	return true;
}

/*
 * The one local every return of f returns, f returning no pointer (an
 * error code or a flag its callers test), or IR_NONE.
 */
static uint32_t one_returned_local(const struct ir_func *f)
{
	uint32_t v = IR_NONE;

	if (returns_pointer(f) || !f->blocks || !f->succs)
		return IR_NONE;
	for (uint32_t o = 0; o < f->nops; o++) {
		uint32_t rv;

		if (f->ops[o].kind != OP_RETURN)
			continue;
		rv = returned_var(f, &f->ops[o]);
		if (rv == IR_NONE || (v != IR_NONE && rv != v))
			return IR_NONE;
		v = rv;
	}
	return v;
}

/*
 * A helper that takes a lock, runs a step that can fail, and lets the
 * lock go only when it failed: `lock(l); err = step(); if (err)
 * unlock(l); return err;` (a socket reader's lock that waits out other
 * readers).  Its callers test the result and bail out, as on_success()
 * assumes: past the call they hold the lock.  Taken as held: every return
 * returns one local; a branch testing that local alone holds the lock,
 * which the function took itself; and every unlock of it is in the block
 * the branch's "set" arm alone leads to.
 */
static void held_unless_error(const struct ir_func *f, struct lock_summary *out)
{
	uint32_t v = one_returned_local(f);

	if (v == IR_NONE)
		return;
	for (uint32_t o = 0; o < f->nops && out->nheld < ARRAY_SIZE(out->held_at_exit); o++) {
		const struct ir_op *br = &f->ops[o];
		const struct ir_src *c = f->srcs ? f->srcs + br->src_start : NULL;
		const struct ir_block *bl;
		const struct ir_lockitem *l;
		uint32_t set_arm, n;

		if (br->kind != OP_BRANCH || br->src_count != 1 || !c || c->kind != SRC_VAR ||
		    c->ref != v || (c->how != HOW_TEST && c->how != HOW_VALUE) ||
		    (br->flags & OPF_PREPROC) ||
		    br->block >= f->nblocks)
			continue;
		bl = &f->blocks[br->block];
		if (bl->nsucc != 2)
			continue;
		set_arm = f->succs[bl->succ_start + ((br->flags & OPF_NOT_TEST) ? 1 : 0)];
		if (!only_from(f, set_arm, br->block))
			continue;
		l = op_locks(f, br, &n);
		for (uint32_t k = 0; k < n && out->nheld < ARRAY_SIZE(out->held_at_exit); k++) {
			bool released = false, ok = true;

			if (l[k].from_caller || l[k].every || l[k].kind == LOCK_RCU ||
			    l[k].kind == LOCK_SRCU || l[k].path == IR_NONE || summary_has(out, l[k].lock))
				continue;
			for (uint32_t u = 0; u < f->nops && ok; u++) {
				if (f->ops[u].kind != OP_UNLOCK || f->ops[u].a != l[k].path)
					continue;
				ok = f->ops[u].block == set_arm;
				released = true;
			}
			if (ok && released)
				out->held_at_exit[out->nheld++] = l[k];
		}
	}
}

/*
 * Is the return op `r` a failure of a step before the lock: the local v
 * returned in the block that only the "set" arm of a test of v alone
 * leads to (`ret = step(); if (ret) return ret;`)?
 */
static bool returns_tested_error(const struct ir_func *f, const struct ir_op *r, uint32_t v)
{
	uint32_t rb = r->block;

	if (returned_var(f, r) != v || rb >= f->nblocks)
		return false;
	for (uint32_t b = 0; b < f->nblocks; b++) {
		const struct ir_block *bl = &f->blocks[b];
		const struct ir_op *br;
		const struct ir_src *c;
		uint32_t set_arm;

		if (bl->nsucc != 2 || bl->op_end <= bl->op_start)
			continue;
		br = &f->ops[bl->op_end - 1];
		c = f->srcs ? f->srcs + br->src_start : NULL;
		if (br->kind != OP_BRANCH || br->src_count != 1 || !c || c->kind != SRC_VAR ||
		    c->ref != v || (c->how != HOW_TEST && c->how != HOW_VALUE) ||
		    (br->flags & OPF_PREPROC))
			continue;
		set_arm = f->succs[bl->succ_start + ((br->flags & OPF_NOT_TEST) ? 1 : 0)];
		if (set_arm == rb && only_from(f, rb, b))
			return true;
	}
	return false;
}

/* Does f let `lock` go, itself or through a callee? */
static bool released_here(const struct ir_func *f, sym_t lock)
{
	const struct ir_lockset *ls = &f->locksets[f->released_lockset];

	for (uint32_t i = 0; i < ls->count; i++)
		if (f->lockitems[ls->start + i].lock == lock)
			return true;
	return false;
}

/*
 * A helper that runs a step which can fail before it takes the lock and
 * hands either result on through one local: `ret = quiesce(); if (ret)
 * return ret; ret = lock(); if (ret) resume(); return ret;` (md's
 * suspend-and-lock).  Its callers test the result and bail out, as
 * on_success() assumes: past the call they hold the lock.  As there, any
 * non-zero result is taken for the failure: a step that returns a
 * positive "nothing to do" to a caller that bails only on `< 0` would be
 * read as locking (none such seen in linux-6.12).  Taken as held:
 * every return returns one local; the lock, which the function takes
 * itself and never lets go, is held at some return and at every other
 * return but those of that local right after a test found it set (the
 * step's failure, before the lock).
 */
static void held_unless_failed(const struct ir_func *f, struct lock_summary *out)
{
	uint32_t v = one_returned_local(f);

	if (v == IR_NONE)
		return;
	for (uint32_t o = 0; o < f->nops && out->nheld < ARRAY_SIZE(out->held_at_exit); o++) {
		const struct ir_lockitem *l;
		uint32_t n;

		if (f->ops[o].kind != OP_RETURN)
			continue;
		l = op_locks(f, &f->ops[o], &n);
		for (uint32_t k = 0; k < n && out->nheld < ARRAY_SIZE(out->held_at_exit); k++) {
			bool fails = false, ok = true;

			if (l[k].from_caller || l[k].every || l[k].kind == LOCK_RCU ||
			    l[k].kind == LOCK_SRCU || summary_has(out, l[k].lock) ||
			    released_here(f, l[k].lock))
				continue;
			for (uint32_t p = 0; p < f->nops && ok; p++) {
				const struct ir_op *r = &f->ops[p];

				if (r->kind == OP_UNLOCK && r->a == l[k].path && l[k].path != IR_NONE)
					ok = false;
				else if (r->kind != OP_RETURN || holds_lock(f, r, l[k].lock))
					continue;
				else if (returns_tested_error(f, r, v))
					fails = true;
				else
					ok = false;
			}
			if (ok && fails)
				out->held_at_exit[out->nheld++] = l[k];
		}
	}
}

/* A returned constant's truth: 1 nonzero, 0 zero, -1 not known (a macro). */
int const_truth(sym_t v)
{
	const char *t = v ? sym_str(v) : "";
	long long x;

	if (!strcmp(t, "true"))
		return 1;
	if (!strcmp(t, "false") || !strcmp(t, "NULL"))
		return 0;
	/* 0U, 1UL: C's integer spellings */
	return c_integer(t, &x) ? x != 0 : -1;
}

/*
 * Does f let its callers' `lock` go only on the returns of one truth,
 * keeping it on every return of the other (a sleep helper: true having
 * dropped the lock to sleep, false still holding it)?  RELEASED_IF_TRUE,
 * RELEASED_IF_FALSE, or 0 for a release whatever it returns.  Every way
 * out must be a return of a constant whose truth is known.
 */
static uint8_t released_when(const struct ir_func *f, sym_t lock)
{
	int let_go = -1, kept = -1;

	for (uint32_t b = 0; b < f->nblocks; b++) {
		const struct ir_block *bl = &f->blocks[b];
		bool ret = bl->op_end > bl->op_start && f->ops[bl->op_end - 1].kind == OP_RETURN;

		for (uint32_t k = 0; k < bl->nsucc; k++)
			if ((f->blocks[f->succs[bl->succ_start + k]].flags & BLOCK_EXIT) && !ret)
				return 0;
	}
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		int t, *side;

		if (op->kind != OP_RETURN)
			continue;
		t = const_truth(returned_const(f, op));
		side = holds_lock(f, op, lock) ? &kept : &let_go;
		if (t < 0 || (*side >= 0 && *side != t))
			return 0;
		*side = t;
	}
	if (let_go < 0 || kept < 0 || let_go == kept)
		return 0;
	return let_go ? RELEASED_IF_TRUE : RELEASED_IF_FALSE;
}

void cfg_lock_summary(const struct ir_func *f, struct lock_summary *out)
{
	const struct ir_lockset *ls;

	memset(out, 0, sizeof(*out));
	if (!f->locksets)
		return;
	ls = &f->locksets[f->exit_lockset];
	for (uint32_t i = 0; i < ls->count && out->nheld < ARRAY_SIZE(out->held_at_exit); i++)
		if (!f->lockitems[ls->start + i].from_caller)
			out->held_at_exit[out->nheld++] = f->lockitems[ls->start + i];
	held_on_success(f, out);
	held_unless_error(f, out);
	held_unless_failed(f, out);
	for (uint32_t o = 0; o < f->nops && out->nheld < ARRAY_SIZE(out->held_at_exit); o++) {
		const struct ir_lockitem *l;
		uint32_t n;

		if (f->ops[o].kind != OP_RETURN)
			continue;
		l = op_locks(f, &f->ops[o], &n);
		for (uint32_t k = 0; k < n && out->nheld < ARRAY_SIZE(out->held_at_exit); k++) {
			const struct ir_lockitem *it = &l[k];

			if (it->from_caller || summary_has(out, it->lock))
				continue;
			/* a lock-all, or a helper saying by a constant that it took one */
			if (it->every ? every_on_success(f, it->lock) :
			    !returns_pointer(f) && it->kind != LOCK_RCU && it->kind != LOCK_SRCU &&
			    on_success(f, it->lock, holds_lock))
				out->held_at_exit[out->nheld++] = *it;
		}
	}
	ls = &f->locksets[f->released_lockset];
	for (uint32_t i = 0; i < ls->count && out->nreleased < ARRAY_SIZE(out->released); i++) {
		out->released_when[out->nreleased] = released_when(f, f->lockitems[ls->start + i].lock);
		out->released[out->nreleased++] = f->lockitems[ls->start + i];
	}
	/*
	 * a flag lock is this function's own, from its claim to its give-back:
	 * a helper that returns having won the flag (claim(): test_and_set_bit,
	 * 0 on success) leaves it to whoever clears it, maybe another function,
	 * which lets nothing go; its callers are not taken to hold it
	 */
	{
		uint32_t kept = 0;

		for (uint32_t i = 0; i < out->nheld; i++)
			if (out->held_at_exit[i].kind != LOCK_FLAG)
				out->held_at_exit[kept++] = out->held_at_exit[i];
		out->nheld = kept;
	}
}

/* --- post-dominators -------------------------------------------------- */

uint32_t *cfg_postdominators(const struct ir_func *f)
{
	uint32_t n = f->nblocks, exit = IR_NONE, *ipdom, *order, *po_num, cnt = 0;
	uint32_t *stack, *next, *pstart, *preds, sp = 0;
	uint8_t *seen;
	bool changed;

	ipdom = xmalloc(sizeof(uint32_t) * (n + 1));
	for (uint32_t b = 0; b < n; b++) {
		ipdom[b] = IR_NONE;
		if (f->blocks[b].flags & BLOCK_EXIT)
			exit = b;
	}
	if (exit == IR_NONE)
		return ipdom;
	/* post-order of the reverse graph from the exit */
	cfg_preds(f, &pstart, &preds);
	order = xmalloc(sizeof(uint32_t) * (n + 1));
	po_num = xmalloc(sizeof(uint32_t) * (n + 1));
	stack = xmalloc(sizeof(uint32_t) * (n + 1));
	next = xcalloc(n + 1, sizeof(uint32_t));
	seen = xcalloc(n + 1, 1);
	stack[sp++] = exit;
	seen[exit] = 1;
	while (sp) {
		uint32_t b = stack[sp - 1];

		if (pstart[b] + next[b] < pstart[b + 1]) {
			uint32_t p = preds[pstart[b] + next[b]++];

			if (!seen[p]) {
				seen[p] = 1;
				stack[sp++] = p;
			}
		} else {
			po_num[b] = cnt;
			order[cnt++] = b;
			sp--;
		}
	}
	ipdom[exit] = exit;
	do {
		changed = false;
		/* reverse post-order of the reverse graph */
		for (uint32_t k = cnt; k-- > 0;) {
			uint32_t b = order[k], nd = IR_NONE;
			const struct ir_block *bl = &f->blocks[b];

			if (b == exit)
				continue;
			for (uint32_t s = 0; s < bl->nsucc; s++) {
				uint32_t x = f->succs[bl->succ_start + s];

				if (x >= n || !seen[x] || ipdom[x] == IR_NONE)
					continue;
				if (nd == IR_NONE) {
					nd = x;
					continue;
				}
				/* intersect */
				{
					uint32_t a1 = nd, b1 = x;

					while (a1 != b1) {
						while (po_num[a1] < po_num[b1])
							a1 = ipdom[a1];
						while (po_num[b1] < po_num[a1])
							b1 = ipdom[b1];
					}
					nd = a1;
				}
			}
			if (nd != IR_NONE && ipdom[b] != nd) {
				ipdom[b] = nd;
				changed = true;
			}
		}
	} while (changed);
	free(order);
	free(po_num);
	free(stack);
	free(next);
	free(seen);
	free(pstart);
	free(preds);
	return ipdom;
}

bool cfg_reaches(const struct ir_func *f, uint32_t from, uint32_t b)
{
	return cfg_reaches_avoiding(f, from, b, NULL);
}

bool cfg_reaches_avoiding(const struct ir_func *f, uint32_t from, uint32_t b,
			  const uint8_t *avoid)
{
	uint32_t *stack, sp = 0;
	uint8_t *seen;
	bool found = false;

	if (from >= f->nblocks || b >= f->nblocks)
		return false;
	stack = xmalloc(sizeof(uint32_t) * (f->nblocks + 1));
	seen = xcalloc(f->nblocks + 1, 1);
	stack[sp++] = from;
	seen[from] = 1;
	while (sp && !found) {
		uint32_t x = stack[--sp];
		const struct ir_block *bl = &f->blocks[x];

		if (x == b) {
			found = true;
			break;
		}
		if (avoid && avoid[x])
			continue;
		for (uint32_t s = 0; s < bl->nsucc; s++) {
			uint32_t y = f->succs[bl->succ_start + s];

			if (y < f->nblocks && !seen[y]) {
				seen[y] = 1;
				stack[sp++] = y;
			}
		}
	}
	free(stack);
	free(seen);
	return found;
}
