#include "ir/analysis.h"
#include "ir/cfg.h"
#include "base/pool.h"
#include "base/util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Are ops a and b in the two arms of one conditional expression? */
static bool ops_exclusive(const struct ir_func *f, uint32_t a, uint32_t b)
{
	for (uint32_t i = 0; i < f->nexcls; i++) {
		const struct ir_excl *x = &f->excls[i];
		bool a_in_a = a >= x->a_start && a < x->a_end, b_in_b = b >= x->b_start && b < x->b_end;
		bool a_in_b = a >= x->b_start && a < x->b_end, b_in_a = b >= x->a_start && b < x->a_end;

		if ((a_in_a && b_in_b) || (a_in_b && b_in_a))
			return true;
	}
	return false;
}

bool op_reaches(const struct ir_func *f, uint32_t a, uint32_t b)
{
	uint32_t ba, bb;

	if (a >= f->nops || b >= f->nops)
		return false;
	/* in a loop, the other arm can run in the next pass */
	if (!f->ops[a].loop && ops_exclusive(f, a, b))
		return false;
	ba = f->ops[a].block;
	bb = f->ops[b].block;
	if (ba == bb && a < b)
		return true;
	/* from the end of a's block: its successors, or its loop */
	{
		const struct ir_block *bl = &f->blocks[ba];

		for (uint32_t s = 0; s < bl->nsucc; s++)
			if (cfg_reaches(f, f->succs[bl->succ_start + s], bb))
				return true;
	}
	return false;
}

/* The loops holding op o, innermost first, as loop+1 ids; returns how many. */
static unsigned loops_of(const struct ir_func *f, uint32_t o, uint16_t *out, unsigned max)
{
	unsigned n = 0;

	for (uint16_t l = f->ops[o].loop; l && n < max && l <= f->nloops; l = f->loops[l - 1].parent)
		out[n++] = l;
	return n;
}

bool op_reaches_same_pass(const struct ir_func *f, uint32_t a, uint32_t b)
{
	uint16_t la[32], lb[32];
	unsigned na, nb;
	uint16_t common = 0;
	uint32_t head, ba, bb;
	uint8_t *avoid;
	bool found = false;

	if (a >= f->nops || b >= f->nops || ops_exclusive(f, a, b))
		return false;
	na = loops_of(f, a, la, 32);
	nb = loops_of(f, b, lb, 32);
	for (unsigned i = 0; i < na && !common; i++)
		for (unsigned j = 0; j < nb; j++)
			if (la[i] == lb[j]) {
				common = la[i];
				break;
			}
	if (!common)
		return op_reaches(f, a, b);
	ba = f->ops[a].block;
	bb = f->ops[b].block;
	if (ba == bb)
		return a < b;
	head = f->loops[common - 1].head;
	/* b in the loop's head (its condition) runs again only on the next pass */
	if (bb == head || head >= f->nblocks)
		return false;
	avoid = xcalloc(f->nblocks + 1, 1);
	avoid[head] = 1;
	{
		const struct ir_block *bl = &f->blocks[ba];

		for (uint32_t s = 0; s < bl->nsucc && !found; s++)
			if (f->succs[bl->succ_start + s] != head)
				found = cfg_reaches_avoiding(f, f->succs[bl->succ_start + s], bb, avoid);
	}
	free(avoid);
	return found;
}

/* Is var defined in [start, end) of f's ops? */
static bool defines_in(const struct ir_func *f, uint32_t var, uint32_t start, uint32_t end)
{
	for (uint32_t o = start; o < end; o++)
		if (f->ops[o].kind == OP_DEF && f->ops[o].a == var)
			return true;
	return false;
}

bool var_value_reaches(const struct ir_func *f, uint32_t var, uint32_t from, uint32_t to)
{
	const struct ir_block *bf, *bt;
	uint8_t *kills;
	bool found = false;

	if (from >= f->nops || to >= f->nops)
		return false;
	bf = &f->blocks[f->ops[from].block];
	bt = &f->blocks[f->ops[to].block];
	/* later in the same block: only what lies between */
	if (bf == bt && from < to)
		return !defines_in(f, var, from + 1, to);
	if (defines_in(f, var, from + 1, bf->op_end) || defines_in(f, var, bt->op_start, to))
		return false;
	/* in between, only through blocks that leave var alone */
	kills = xcalloc(f->nblocks + 1, 1);
	for (uint32_t o = 0; o < f->nops; o++)
		if (f->ops[o].kind == OP_DEF && f->ops[o].a == var)
			kills[f->ops[o].block] = 1;
	for (uint32_t s = 0; s < bf->nsucc && !found; s++)
		found = cfg_reaches_avoiding(f, f->succs[bf->succ_start + s], f->ops[to].block, kills);
	free(kills);
	return found;
}

bool path_location(const struct ir_func *f, const struct ir_path *p, char *buf, size_t n)
{
	const char *t = sym_str(p->text);
	const char *base = ir_path_base_name(f, p);
	size_t bl = strlen(base);

	if (t[0] == '*') {
		/* (*p)[k], spelt *p[k]: element k of the array p points to */
		if (p->base_kind == BASE_VAR && !strncmp(t + 1, base, bl) && t[1 + bl] == '[' &&
		    !strchr(t + 1, '-') && !strchr(t + 1, '.')) {
			snprintf(buf, n, "%s", t + 1 + bl);
			return true;
		}
		/* *p: the whole pointee; (*p).x was spelled p->x */
		snprintf(buf, n, "%s", "");
		return strchr(t + 1, '-') == NULL && strchr(t + 1, '.') == NULL;
	}
	if (p->base_kind == BASE_CALL) {
		const char *paren = strstr(t, "()");

		if (!paren)
			return false;
		t = paren + 2;
	} else if (p->base_kind == BASE_EXPR) {
		if (strncmp(t, "(expr)", 6))
			return false;
		t += 6;
	} else {
		if (strncmp(t, base, bl))
			return false;
		t += bl;
	}
	if (t[0] == '-' && t[1] == '>') {
		snprintf(buf, n, "%s", t + 2);
		return true;
	}
	if (t[0] == '[') {
		snprintf(buf, n, "%s", t);
		return true;
	}
	return false;
}

bool location_covers(const char *outer, const char *inner)
{
	size_t n = strlen(outer);

	if (n == 0)
		return true;
	if (strncmp(outer, inner, n))
		return false;
	return inner[n] == '\0' || inner[n] == '.' || inner[n] == '[';
}

void location_join(char *out, size_t n, const char *prefix, const char *loc)
{
	if (!*prefix)
		snprintf(out, n, "%s", loc);
	else if (!*loc)
		snprintf(out, n, "%s", prefix);
	else if (loc[0] == '[')
		snprintf(out, n, "%s%s", prefix, loc);
	else
		snprintf(out, n, "%s.%s", prefix, loc);
}

uint32_t op_src_ranges(const struct ir_func *f, const struct ir_op *op, uint32_t *starts,
		       uint32_t *counts, uint32_t max)
{
	if (op->kind == OP_CALL) {
		uint32_t k;

		for (k = 0; k < op_nargs(op) && k < max; k++) {
			starts[k] = f->args[op->src_start + k].src_start;
			counts[k] = f->args[op->src_start + k].src_count;
		}
		return k;
	}
	if (!max)
		return 0;
	starts[0] = op->src_start;
	counts[0] = op->src_count;
	return 1;
}

const char *func_label(const struct ir_func *f)
{
	return sym_str(f->name);
}

void control_dependents(const struct ir_func *f, const uint32_t *ipdom, uint32_t b, uint8_t *out)
{
	const struct ir_block *bl = &f->blocks[b];
	uint32_t stop = ipdom[b];
	uint32_t *stack = xmalloc(sizeof(uint32_t) * (f->nblocks + 1));

	memset(out, 0, f->nblocks);
	for (uint32_t k = 0; k < bl->nsucc && k < 8; k++) {
		uint8_t bit = (uint8_t)(1u << k);
		uint32_t sp = 0, s = f->succs[bl->succ_start + k];

		if (s == stop || s >= f->nblocks)
			continue;
		stack[sp++] = s;
		out[s] |= bit;
		while (sp) {
			const struct ir_block *x = &f->blocks[stack[--sp]];

			for (uint32_t j = 0; j < x->nsucc; j++) {
				uint32_t y = f->succs[x->succ_start + j];

				if (y == stop || y >= f->nblocks || (out[y] & bit) || y == b)
					continue;
				out[y] |= bit;
				stack[sp++] = y;
			}
		}
	}
	free(stack);
}

/* A bool local holds a test's outcome, not a copy of what it tested. */
static bool truth_local(const struct ir_func *f, uint32_t var)
{
	const char *t = var < f->nvars && f->vars[var].type ? sym_str(f->vars[var].type) : "";

	return !strcmp(t, "bool") || !strcmp(t, "_Bool");
}

/* copies: count reads a non-bool local only copies; in_copy: s defines one */
static uint32_t origins(const struct ir_func *f, const struct ir_src *s, uint32_t n,
			unsigned depth, bool copies, bool in_copy, uint32_t *out, uint32_t max)
{
	uint32_t cnt = 0;

	for (uint32_t i = 0; i < n && cnt < max; i++) {
		if (s[i].how == HOW_BASE || s[i].how == HOW_INDEX)
			continue;
		if (s[i].kind == SRC_OP && s[i].ref < f->nops) {
			const struct ir_op *op = &f->ops[s[i].ref];
			bool copy = in_copy && op->kind == OP_READ &&
				    (s[i].how == HOW_VALUE || s[i].how == HOW_MASK ||
				     s[i].how == HOW_MODULO || s[i].how == HOW_CLEAR);
			bool dup = false;

			for (uint32_t k = 0; k < cnt; k++)
				dup |= out[k] == s[i].ref;
			if (!dup && !copy &&
			    (op->kind == OP_READ || op->kind == OP_CALL || op->kind == OP_RMW))
				out[cnt++] = s[i].ref;
		} else if (s[i].kind == SRC_VAR && depth > 0) {
			for (uint32_t k = 0; k < s[i].defs && cnt < max; k++) {
				uint32_t d = f->reach[s[i].def_start + k];
				const struct ir_op *def;

				if (d & REACH_ENTRY)
					continue;
				def = &f->ops[d];
				cnt += origins(f, f->srcs + def->src_start, def->src_count, depth - 1,
					       copies, !copies && !truth_local(f, def->a), out + cnt,
					       max - cnt);
			}
		}
	}
	return cnt;
}

bool branch_decides(const struct ir_func *f, uint32_t **ipdom, uint32_t b, uint32_t target)
{
	uint8_t *cd = xmalloc(f->nblocks + 1);
	bool decides;

	if (!*ipdom)
		*ipdom = cfg_postdominators(f);
	control_dependents(f, *ipdom, b, cd);
	decides = cd[target] != 0;
	free(cd);
	return decides;
}

uint32_t value_origins(const struct ir_func *f, const struct ir_src *s, uint32_t n, unsigned depth,
		       uint32_t *out, uint32_t max)
{
	return origins(f, s, n, depth, true, false, out, max);
}

uint32_t tested_origins(const struct ir_func *f, const struct ir_src *s, uint32_t n,
			unsigned depth, uint32_t *out, uint32_t max)
{
	return origins(f, s, n, depth, false, false, out, max);
}

bool op_value_decides(const struct ir_func *g, uint32_t o)
{
	if (g->ops[o].flags & OPF_COND)
		return true;
	for (uint32_t x = o + 1; x < g->nops; x++) {
		const struct ir_op *op = &g->ops[x];
		uint32_t origins[16], n;

		if (op->kind != OP_RETURN && op->kind != OP_BRANCH)
			continue;
		n = value_origins(g, op_srcs(g, op), op->src_count, 2, origins, 16);
		for (uint32_t i = 0; i < n; i++)
			if (origins[i] == o)
				return true;
	}
	return false;
}

uint32_t pointer_var(const struct ir_func *f, const struct ir_src *s, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (s[i].kind == SRC_VAR && s[i].how == HOW_VALUE)
			return s[i].ref;
	return IR_NONE;
}

bool op_is_compound_old_value(const struct ir_func *f, uint32_t o)
{
	/* the write follows its read within the few ops of one assignment */
	for (uint32_t w = o + 1; w < f->nops && w < o + 4; w++) {
		const struct ir_op *op = &f->ops[w];

		if (op->kind != OP_WRITE || !(op->flags & OPF_COMPOUND) || op->a != f->ops[o].a)
			continue;
		for (uint32_t i = 0; i < op->src_count; i++)
			if (f->srcs[op->src_start + i].kind == SRC_OP &&
			    f->srcs[op->src_start + i].ref == o)
				return true;
	}
	return false;
}

bool lock_held_through(const struct ir_func *f, uint32_t from, uint32_t to, sym_t lock)
{
	for (uint32_t o = from; o < to; o++) {
		uint32_t n;
		const struct ir_lockitem *l = op_locks(f, &f->ops[o], &n);
		bool held = false;

		for (uint32_t i = 0; i < n && !held; i++)
			held = l[i].lock == lock;
		if (!held)
			return false;
	}
	return true;
}

static void push_neighbours(const struct ir_func *f, uint32_t b, const uint32_t *pstart,
			    const uint32_t *preds, uint8_t *seen, uint32_t *stack, uint32_t *n)
{
	uint32_t lo = preds ? pstart[b] : f->blocks[b].succ_start;
	uint32_t hi = preds ? pstart[b + 1] : lo + f->blocks[b].nsucc;

	for (uint32_t k = lo; k < hi; k++) {
		uint32_t nb = preds ? preds[k] : f->succs[k];

		if (nb < f->nblocks && !seen[nb]) {
			seen[nb] = 1;
			stack[(*n)++] = nb;
		}
	}
}

/*
 * Mark in `seen` every block reachable from `start` in one or more steps
 * along successors, or along predecessors when `preds` is given.
 */
static void blocks_beyond(const struct ir_func *f, uint32_t start, const uint32_t *pstart,
			  const uint32_t *preds, uint8_t *seen)
{
	uint32_t *stack = xmalloc(sizeof(uint32_t) * (f->nblocks + 1)), n = 0;

	push_neighbours(f, start, pstart, preds, seen, stack, &n);
	while (n) {
		uint32_t b = stack[--n];

		push_neighbours(f, b, pstart, preds, seen, stack, &n);
	}
	free(stack);
}

bool lock_held_between(const struct ir_func *f, uint32_t from, uint32_t to, sym_t lock)
{
	uint32_t fb = f->ops[from].block, tb = f->ops[to].block, *pstart, *preds;
	bool direct = fb == tb && from < to, ok = true;
	uint8_t *fwd, *bwd;

	if (direct && !lock_held_through(f, from, to + 1, lock))
		return false;
	/*
	 * A path that comes round to from's block again reads the value again:
	 * from there on it is another read's value.  So neither walk goes
	 * through that block (marked seen, then cleared).
	 */
	fwd = xcalloc(f->nblocks + 1, 1);
	fwd[fb] = 1;
	blocks_beyond(f, fb, NULL, NULL, fwd);
	fwd[fb] = 0;
	if (!fwd[tb]) {
		free(fwd);
		return direct;
	}
	/* paths that leave from's block: its tail, to's head, and all between */
	ok = lock_held_through(f, from, f->blocks[fb].op_end, lock) &&
	     lock_held_through(f, f->blocks[tb].op_start, to + 1, lock);
	if (ok) {
		cfg_preds(f, &pstart, &preds);
		bwd = xcalloc(f->nblocks + 1, 1);
		bwd[fb] = 1;
		blocks_beyond(f, tb, pstart, preds, bwd);
		bwd[fb] = 0;
		for (uint32_t b = 0; b < f->nblocks && ok; b++)
			if (fwd[b] && bwd[b])
				ok = lock_held_through(f, f->blocks[b].op_start, f->blocks[b].op_end, lock);
		free(bwd);
		free(pstart);
		free(preds);
	}
	free(fwd);
	return ok;
}

/*
 * --- tests of one unchanged value -------------------------------------
 *
 * op = lookup(...); if (op) use(first copy); ... if (!op) read again:
 * two tests of a local that nothing sets between them, and two ops each
 * on the arm the other test rules out.  No call runs both.  A test is
 * if (x), if (!x), or x == C / x != C (an ir_case edge); NULL is 0.
 */
struct test_fact {
	uint32_t var;
	sym_t value;
	bool eq;		/* on this arm x == value; else x != value */
};

bool const_is_zero(sym_t spelling)
{
	return const_truth(spelling) == 0;
}

static sym_t zero_spelling(sym_t v)
{
	return const_is_zero(v) ? intern("0") : v;
}

/* What arm k (0: the first successor) of branch br says of a local, if anything. */
static bool branch_fact(const struct ir_func *f, uint32_t br, uint16_t k, struct test_fact *out)
{
	const struct ir_op *op = &f->ops[br];
	const struct ir_block *blk = &f->blocks[op->block];
	const struct ir_src *s = f->srcs + op->src_start;
	uint32_t found = IR_NONE;

	if (op->kind != OP_BRANCH || (op->flags & OPF_PREPROC) || op->mark || blk->nsucc != 2 ||
	    op->compound_op == '&' || op->compound_op == '|' || op->loop)
		return false;
	if (op->src_count == 1 && s->kind == SRC_VAR && s->ref < f->nvars) {
		bool truth = (k == 0) != !!(op->flags & OPF_NOT_TEST);

		out->var = s->ref;
		out->value = intern("0");
		out->eq = !truth;
		return true;
	}
	for (uint32_t i = 0; i < f->ncases; i++) {
		if (f->cases[i].branch != br)
			continue;
		if (found != IR_NONE)
			return false;	/* x == A || x == B */
		found = i;
	}
	if (found == IR_NONE || f->cases[found].var >= f->nvars)
		return false;
	out->var = f->cases[found].var;
	out->value = zero_spelling(f->cases[found].value);
	out->eq = f->cases[found].target == f->succs[blk->succ_start + k];
	return true;
}

static bool facts_contradict(const struct test_fact *x, const struct test_fact *y)
{
	long long a, b;

	if (x->var != y->var || x->eq == y->eq)
		return false;
	return x->value == y->value ||
	       (c_integer(sym_str(x->value), &a) && c_integer(sym_str(y->value), &b) && a == b);
}

/* Blocks reachable from block `from` (itself included) not through `avoid`. */
static void reach_set(const struct ir_func *f, uint32_t from, uint32_t avoid, uint8_t *set)
{
	uint32_t *stack = xmalloc(sizeof(uint32_t) * (f->nblocks + 1));
	uint32_t n = 0;

	memset(set, 0, f->nblocks + 1);
	if (from == avoid)
		goto out;
	set[from] = 1;
	stack[n++] = from;
	while (n) {
		const struct ir_block *b = &f->blocks[stack[--n]];

		for (uint32_t s = 0; s < b->nsucc; s++) {
			uint32_t t = f->succs[b->succ_start + s];

			if (t != avoid && !set[t]) {
				set[t] = 1;
				stack[n++] = t;
			}
		}
	}
out:
	free(stack);
}

/* only[b] = 1 for the blocks that run only on arm k of branch br. */
static void arm_only(const struct ir_func *f, uint32_t br, uint16_t k, uint8_t *only)
{
	const struct ir_block *blk = &f->blocks[f->ops[br].block];
	uint32_t bb = f->ops[br].block, entry = cfg_entry(f);
	uint8_t *other = xmalloc(f->nblocks + 1), *around = xmalloc(f->nblocks + 1);

	if (entry == IR_NONE)
		entry = 0;
	reach_set(f, f->succs[blk->succ_start + k], IR_NONE, only);
	reach_set(f, f->succs[blk->succ_start + 1 - k], IR_NONE, other);
	reach_set(f, entry, bb, around);
	for (uint32_t b = 0; b < f->nblocks; b++)
		only[b] = only[b] && !other[b] && !around[b];
	free(other);
	free(around);
}

/* Is path p the object of var itself (&var, &var.f)? */
static bool names_var_object(const struct ir_func *f, uint32_t p, uint32_t var)
{
	return p < f->npaths && f->paths[p].base_kind == BASE_VAR && f->paths[p].base == var &&
	       f->paths[p].derefs == 0;
}

/*
 * Is var's address handed out anywhere in f?  The lowering emits a DEF
 * (OPF_OUTPARAM) where a call gets a local's address, but not a
 * parameter's: for those, any &param counts.
 */
bool param_address_taken(const struct ir_func *f, uint32_t var)
{
	for (uint32_t i = 0; i < f->nargs; i++)
		if ((f->args[i].flags & ARG_ADDR) && names_var_object(f, f->args[i].path, var))
			return true;
	for (uint32_t i = 0; i < f->nsrcs; i++)
		if (f->srcs[i].kind == SRC_ADDR && names_var_object(f, f->srcs[i].ref, var))
			return true;
	return false;
}

/* Is var set (or its address handed out) on a path from op a to op b? */
static bool set_between(const struct ir_func *f, uint32_t var, uint32_t a, uint32_t b)
{
	if (f->vars[var].is_static || (f->vars[var].is_param && param_address_taken(f, var)))
		return true;
	for (uint32_t d = 0; d < f->nops; d++)
		if (f->ops[d].kind == OP_DEF && f->ops[d].a == var &&
		    ((op_reaches(f, a, d) && op_reaches(f, d, b)) ||
		     (op_reaches(f, b, d) && op_reaches(f, d, a))))
			return true;
	return false;
}

/*
 * What ops_excluded_by_tests() needs of a function, whatever op it is
 * asked about: the branches that test a local, the blocks only each arm
 * runs, and the pairs of arms whose tests contradict with nothing setting
 * the local between them.  The rules ask about every pair of events of a
 * function in turn, so the last function's answer is kept per thread; a
 * different function (its text span, file and sizes) recomputes it.
 */
struct test_pair {
	uint32_t arm2, arm1;	/* indexes into the arms: branch * 2 + k */
};

struct tests_memo {
	const struct ir_func *f;
	const struct ir_op *ops;
	sym_t name, file, preproc_arms;
	uint32_t start_byte, end_byte, nops, nblocks;
	uint32_t nbr;		/* branches with a fact */
	uint32_t *br;		/* their ops */
	uint8_t *only;		/* (nbr * 2) x (nblocks + 1): blocks only that arm runs */
	struct test_pair *pairs;	/* sorted by arm2 */
	uint32_t npairs;
};

static __thread struct tests_memo tests_memo;

/* A worker's memo goes with it: its arrays are freed as the thread ends. */
static void tests_memo_free(void)
{
	free(tests_memo.br);
	free(tests_memo.only);
	free(tests_memo.pairs);
	memset(&tests_memo, 0, sizeof(tests_memo));
}

static void register_memo_exit(void)
{
	pool_on_worker_exit(tests_memo_free);
}

static const struct tests_memo *tests_of(const struct ir_func *f)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct tests_memo *m = &tests_memo;
	struct test_fact *facts;
	uint32_t cap = 0;

	pthread_once(&once, register_memo_exit);

	if (m->f == f && m->ops == f->ops && m->name == f->name && m->file == f->file &&
	    m->preproc_arms == f->preproc_arms && m->start_byte == f->start_byte &&
	    m->end_byte == f->end_byte && m->nops == f->nops && m->nblocks == f->nblocks)
		return m;
	free(m->br);
	free(m->only);
	free(m->pairs);
	memset(m, 0, sizeof(*m));
	m->f = f;
	m->ops = f->ops;
	m->name = f->name;
	m->file = f->file;
	m->preproc_arms = f->preproc_arms;
	m->start_byte = f->start_byte;
	m->end_byte = f->end_byte;
	m->nops = f->nops;
	m->nblocks = f->nblocks;
	for (uint32_t b = 0; b < f->nops; b++) {
		struct test_fact t;

		if (f->ops[b].kind == OP_BRANCH && branch_fact(f, b, 0, &t))
			m->nbr++;
	}
	if (!m->nbr)
		return m;
	m->br = xmalloc(sizeof(uint32_t) * m->nbr);
	facts = xmalloc(sizeof(*facts) * m->nbr * 2);
	m->only = xmalloc((size_t)m->nbr * 2 * (f->nblocks + 1));
	m->nbr = 0;
	for (uint32_t b = 0; b < f->nops; b++) {
		if (f->ops[b].kind != OP_BRANCH || !branch_fact(f, b, 0, &facts[m->nbr * 2]))
			continue;
		branch_fact(f, b, 1, &facts[m->nbr * 2 + 1]);
		for (uint16_t k = 0; k < 2; k++)
			arm_only(f, b, k, m->only + (size_t)(m->nbr * 2 + k) * (f->nblocks + 1));
		m->br[m->nbr++] = b;
	}
	for (uint32_t a2 = 0; a2 < m->nbr * 2; a2++)
		for (uint32_t a1 = 0; a1 < m->nbr * 2; a1++) {
			if (a1 / 2 == a2 / 2 || !facts_contradict(&facts[a1], &facts[a2]) ||
			    set_between(f, facts[a1].var, m->br[a1 / 2], m->br[a2 / 2]))
				continue;
			if (m->npairs == cap) {
				cap = cap ? cap * 2 : 8;
				m->pairs = xrealloc(m->pairs, sizeof(*m->pairs) * cap);
			}
			m->pairs[m->npairs++] = (struct test_pair){ a2, a1 };
		}
	free(facts);
	return m;
}

uint8_t *ops_excluded_by_tests(const struct ir_func *f, uint32_t at)
{
	const struct tests_memo *m;
	uint8_t *out = NULL, *blocks = NULL;
	uint32_t ab, stride;

	if (at >= f->nops || f->ops[at].loop)
		return NULL;
	ab = f->ops[at].block;
	m = tests_of(f);
	stride = f->nblocks + 1;
	for (uint32_t p = 0; p < m->npairs; p++) {
		uint32_t a2 = m->pairs[p].arm2;

		/* the arm of its branch that at runs only on: the first, as they are disjoint */
		if (!m->only[(size_t)a2 * stride + ab] ||
		    ((a2 & 1) && m->only[(size_t)(a2 - 1) * stride + ab]))
			continue;
		if (!blocks)
			blocks = xcalloc(stride, 1);
		for (uint32_t b = 0; b < f->nblocks; b++)
			blocks[b] |= m->only[(size_t)m->pairs[p].arm1 * stride + b];
	}
	if (!blocks)
		return NULL;
	out = xcalloc(f->nops + 1, 1);
	for (uint32_t o = 0; o < f->nops; o++)
		if (blocks[f->ops[o].block] && !f->ops[o].loop)
			out[o] = 1;
	free(blocks);
	return out;
}

bool tests_exclude(const struct ir_func *f, uint32_t a, uint32_t b)
{
	uint8_t *x = ops_excluded_by_tests(f, b);
	bool r = x && a < f->nops && x[a];

	free(x);
	return r;
}
