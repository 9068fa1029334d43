/*
 * unmarked-race: a plain access to a field that other code accesses
 * concurrently -- with marked accesses (WRITE_ONCE, atomics, release
 * stores), or, for a plain store, under a lock this store does not hold.
 * The static counterpart of a KCSAN report.
 *
 * Silent for: accesses under the writers' lock, data_race(), stack and
 * per-CPU objects, initialisation before the object is published,
 * reads of an RCU-published object's fields inside the read-side section,
 * and functions that assert with KCSAN's ASSERT_EXCLUSIVE_WRITER() or
 * ASSERT_EXCLUSIVE_ACCESS() that no other writer runs at once.
 */
#include "ir/analysis.h"
#include "ir/cfg.h"
#include "rules/concurrency.h"
#include "rules/reach.h"
#include "rules/roles.h"
#include "rules/rule.h"
#include "profile/idioms.h"
#include "index/writers.h"
#include "frontend/fix_site.h"
#include "rules/fix_hint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check(struct rule_ctx *ctx, const struct ir_func *f);
static void impact(const struct finding *f, const struct index *idx,
		   const struct profile_set *prof, struct impact_reach *best);
static void witness(struct finding *f);
static char *fix_diff(const struct finding *fd, const struct index *idx, struct fix_ctx *fx);

const struct rule rule_unmarked_race = {
	.name = "unmarked-race",
	.summary = "a plain access to a field accessed concurrently elsewhere (a static KCSAN)",
	.help = "The field is written elsewhere with {fix-write}, an atomic or a release store, "
		"or (for a plain store here) under a lock this code does not hold, "
		"so this plain access races with it: the compiler may tear, fuse or refetch it.  "
		"Mark it ({fix-read} to read it, {fix-write} to write it){or-data-race}, or take "
		"the lock.",
	.check = check,
	.impact = impact,
	.witness = witness,
	.fix_diff = fix_diff,
};

/*
 * A local holding the running CPU's own copy of a per-CPU object
 * (`rdp = raw_cpu_ptr(&rcu_data)`, this_cpu_ptr()) at this access: every
 * definition that reaches it is such a call.  Not per_cpu_ptr(x, cpu):
 * that is any CPU's copy, as often another's.
 */
static bool own_cpu_local(const struct ir_func *f, const struct ir_op *op)
{
	const struct ir_src *s = f->srcs + op->src_start;

	for (uint32_t i = 0; i < op->src_count; i++) {
		if (s[i].how != HOW_BASE)
			continue;
		if (s[i].kind != SRC_VAR || !s[i].defs || !f->reach)
			return false;
		for (uint32_t k = 0; k < s[i].defs; k++) {
			uint32_t d = f->reach[s[i].def_start + k];
			const struct ir_src *ds;
			const char *n;

			if ((d & REACH_ENTRY) || d >= f->nops || f->ops[d].kind != OP_DEF ||
			    f->ops[d].src_count != 1)
				return false;
			ds = f->srcs + f->ops[d].src_start;
			if (ds->kind != SRC_OP || ds->ref >= f->nops ||
			    f->ops[ds->ref].kind != OP_CALL)
				return false;
			n = sym_str(f->ops[ds->ref].a);
			if (!idiom_per_cpu(PER_CPU_LOCAL, n))
				return false;
		}
		return true;
	}
	return false;
}

/*
 * Per-CPU data at this access's base: a variable of a per-CPU type or
 * holding the running CPU's own copy; a call that gives a CPU's instance
 * (per_cpu(v, cpu)) or the running CPU's own area (s390's get_lowcore());
 * or a global that is itself the running CPU's own area (powerpc's
 * local_paca, a register each CPU holds its own pointer in).  Such an
 * access is taken as the running CPU's, as one through this_cpu_ptr() is:
 * what else writes there is that CPU's own code and its interrupts.  A
 * hand-off by another CPU through the instance it asks for
 * (paca_ptrs[cpu], per_cpu_ptr(x, cpu)) is not weighed against it.
 */
static bool per_cpu_base(const struct ir_func *f, const struct ir_op *op, const struct ir_path *p)
{
	const char *n;

	if (p->base_kind == BASE_VAR)
		return idiom_per_cpu(PER_CPU_TYPE, sym_str(f->vars[p->base].type)) ||
		       (!f->vars[p->base].is_param && own_cpu_local(f, op));
	if (p->base_kind == BASE_GLOBAL)
		return idiom_per_cpu(PER_CPU_LOCAL, sym_str(p->base));
	if (p->base_kind != BASE_CALL || p->base >= f->nops)
		return false;
	n = sym_str(f->ops[p->base].a);
	return idiom_per_cpu(PER_CPU_CALL, n) || idiom_per_cpu(PER_CPU_LOCAL, n);
}

/* A path through the running thread's own object: current->field. */
static bool running_thread_base(const struct ir_path *p)
{
	return p->base_kind == BASE_GLOBAL && idiom_running_thread(sym_str(p->base));
}

/* Inside rcu_read_lock(), reading a field of an object got by rcu_dereference(). */
static bool rcu_published(const struct ir_func *f, const struct ir_op *op)
{
	const struct ir_src *s = f->srcs + op->src_start;
	uint32_t origins[8], n;

	if (!op_in_rcu(f, op))
		return false;
	for (uint32_t i = 0; i < op->src_count; i++) {
		struct ir_src v = s[i];

		if (v.how != HOW_BASE)
			continue;
		v.how = HOW_VALUE;
		n = value_origins(f, &v, 1, 2, origins, 8);
		for (uint32_t k = 0; k < n; k++)
			if (f->ops[origins[k]].kind == OP_READ && f->ops[origins[k]].mark == MARK_RCU)
				return true;
		break;
	}
	return false;
}

/*
 * The writer this access races with: one that runs while the object is
 * shared, in another function, of the kind that races with it (a plain
 * read races with a marked store; a plain store also with a store under
 * the writers' lock it does not hold), and holding no lock this access
 * holds; a marked one first.  Where code that reaches the same object
 * writes the field, only such writers count: a writer elsewhere that only
 * shares the type writes other objects.  *related says which kind it is.
 */
/*
 * Two definitions in one file that are #if/#else alternatives: only one
 * of them is ever built, so an access in one never runs beside a write in
 * the other.  Two definitions of one function in one file are such (C
 * allows one per translation unit) wherever their #if lines are; other
 * functions, by the arms they sit in (the stub of a helper under #else
 * against the real helpers' writers under #ifdef).
 */
static bool ifdef_alternative(const struct index *idx, uint32_t id, const struct ir_func *f)
{
	const struct ir_func *g = index_func(idx, id);

	return g && g != f && g->file == f->file &&
	       (g->name == f->name || preproc_arms_exclusive(g->preproc_arms, f->preproc_arms));
}

/* A writer in a helper whose callers, setup aside, hold a lock this access holds. */
static bool writer_callers_locked(const struct index *idx, const struct writer *wr,
				  const struct ir_lockitem *held, uint32_t nheld)
{
	for (uint32_t i = 0; i < nheld; i++)
		if (exclusive_lock(&held[i]) && strstr(sym_str(held[i].lock), "::") &&
		    shared_callers_hold(idx, wr->func, held[i].lock))
			return true;
	return false;
}

static const struct writer *racing_writer(const struct index *idx,
					  const struct profile_set *prof, const struct ir_func *f,
					  const struct ir_op *op, const struct writers *w,
					  const struct ir_lockitem *held, uint32_t nheld,
					  bool *related)
{
	const struct writer *best[2] = { NULL, NULL };	/* unrelated, related */
	int score[2] = { -1, -1 };
	bool any_related = false;
	int own = -1;	/* is the access on the running thread's own object? unknown yet */
	bool own_related = false;	/* a related writer was the owner itself */
	struct roles mine, theirs;
	int aroles = -1;	/* are the access's object's roles known? not asked yet */

	for (uint32_t i = 0; i < w->n; i++) {
		const struct writer *wr = &w->v[i];
		bool rel;
		int sc;

		if (wr->init || wr->func == f->id || ifdef_alternative(idx, wr->func, f))
			continue;
		/* its author asserts that nothing else touches the field meanwhile */
		if (asserts_exclusive(index_func(idx, wr->func), f->paths[op->a].key, true))
			continue;
		/*
		 * both through `current`: the same thread, one access after the
		 * other; or both on the running thread's own object by a local
		 * set from it or a parameter every caller hands it (a helper
		 * called with `current`, or `&current->thread`)
		 */
		if (own < 0)
			own = running_thread_base(&f->paths[op->a]) || on_running_thread(idx, f, op);
		if (own) {
			const struct ir_func *g = index_func(idx, wr->func);

			if (g && (running_thread_base(&g->paths[g->ops[wr->op].a]) ||
				  on_running_thread(idx, g, &g->ops[wr->op]))) {
				own_related |= writer_reaches(idx, wr->func, f);
				continue;
			}
		}
		if (!wr->marked && !(op->kind == OP_WRITE && w->ncommon))
			continue;
		{
			const struct ir_func *g = index_func(idx, wr->func);

			if (g && wr->op < g->nops && different_array_slots(f, op, g, &g->ops[wr->op]))
				continue;
			/*
			 * the access's object reached only through one member,
			 * the writer's only through another: worked out for the
			 * access once, and for a writer only when it is known
			 */
			if (aroles < 0)
				aroles = object_roles(idx, f, op, &mine);
			if (aroles && g && wr->op < g->nops &&
			    object_roles(idx, g, &g->ops[wr->op], &theirs) && roles_differ(&mine, &theirs))
				continue;
		}
		rel = writer_reaches(idx, wr->func, f);
		any_related |= rel;
		if (!locks_disjoint(wr->locks, wr->nlocks, held, nheld) ||
		    writer_callers_locked(idx, wr, held, nheld) ||
		    writer_paths_locked(idx, f->id, (uint32_t)(op - f->ops), wr, held, nheld))
			continue;
		/*
		 * a writer in another thread's code first, then a marked one;
		 * one whose store the last completion orders before this
		 * access is the access's own past
		 */
		sc = 2 * !(same_context(idx, f->id, (uint32_t)(op - f->ops), wr) ||
			   after_last_completion(idx, prof, f->id, (uint32_t)(op - f->ops),
						 wr->func, wr->op) != IR_NONE) +
		     wr->marked;
		if (sc > score[rel]) {
			best[rel] = wr;
			score[rel] = sc;
		}
		if (score[1] == 3)
			break;		/* nothing later can replace it */
	}
	/*
	 * The code that reaches this object writes the field only as its
	 * owner, one step of the same thread: the other threads' writers are
	 * the ones storing into some task's own state from outside (a vCPU
	 * raising another's NMI flag), and this task may be theirs.
	 */
	*related = any_related || (own_related && best[0]);
	return any_related ? best[1] : best[0];
}

/*
 * Does plain read r seed a compare-and-exchange of the same field: its
 * value is the expected operand of an atomic read-modify-write of that
 * field in this function, whose outcome is tested (y = p->count; do { x =
 * y; ... } while ((y = cmpxchg(&p->count, x, x + 1)) != x))?  Nothing is
 * stored from a stale or torn seed: the exchange fails and the loop goes
 * round again with the value it returns.
 */
static bool seeds_compare_exchange(const struct ir_func *f, uint32_t r)
{
	sym_t key = f->paths[f->ops[r].a].key;

	/* anywhere: a re-read later in the loop body feeds the exchange at its head */
	for (uint32_t x = 0; x < f->nops; x++) {
		const struct ir_op *op = &f->ops[x];
		const struct ir_src *s = op_srcs(f, op);

		if (op->kind != OP_RMW || !ir_mark_is_marked(op->mark) ||
		    f->paths[op->a].key != key || !op_value_decides(f, x))
			continue;
		for (uint32_t i = 0; i < op->src_count; i++) {
			uint32_t origins[16], n;

			if (s[i].how == HOW_BASE || s[i].how == HOW_INDEX)
				continue;
			n = value_origins(f, &s[i], 1, 4, origins, 16);
			for (uint32_t k = 0; k < n; k++)
				if (origins[k] == r)
					return true;
		}
	}
	return false;
}

/* Is every read the finding stands for such a seed (and is there one)? */
static bool reads_only_seed(const struct finding *fd, const struct index *idx)
{
	sym_t access = intern("access");
	bool any = false;

	for (uint32_t i = 0; i < fd->refs.n; i++) {
		const struct ir_func *fn = index_func(idx, fd->refs.v[i].func);
		uint32_t o = fd->refs.v[i].op;

		if (fd->refs.v[i].role != access)
			continue;
		if (!fn || o >= fn->nops || fn->ops[o].kind != OP_READ ||
		    !seeds_compare_exchange(fn, o))
			return false;
		any = true;
	}
	return any;
}

/*
 * The function's later plain reads of the same location race the same
 * way, and one finding stands for them all: their values count for the
 * impact too (a field tested at the first read and dereferenced at a
 * second one is hurt at the second).
 */
#define LATER_READS_MAX 8

static void add_later_reads(struct finding *fd, const struct ir_func *f, uint32_t first)
{
	sym_t text = f->paths[f->ops[first].a].text;
	unsigned n = 0;

	for (uint32_t o = first + 1; o < f->nops && n < LATER_READS_MAX; o++) {
		const struct ir_op *op = &f->ops[o];

		if (op->kind == OP_READ && op->mark == MARK_PLAIN && !(op->flags & OPF_TRACE) &&
		    f->paths[op->a].text == text) {
			finding_add_ref(fd, f->id, o, "access");
			n++;
		}
	}
}

/*
 * Is the field set once: does every writer that runs concurrently store
 * only while it is unset (writer_installs_once())?  It then goes from
 * unset to its value once, for good.
 */
static bool set_once_field(const struct index *idx, const struct writers *w)
{
	bool any = false;

	if (w->total > w->n)
		return false;
	for (uint32_t i = 0; i < w->n; i++) {
		const struct ir_func *g = index_func(idx, w->v[i].func);

		if (w->v[i].init)
			continue;
		if (!g || !writer_installs_once(g, w->v[i].op))
			return false;
		any = true;
	}
	return any;
}

/* Is source s read r's value, itself or through a local defined from it? */
static bool src_is_read(const struct ir_func *f, const struct ir_src *s, uint32_t r)
{
	struct ir_src v = *s;
	uint32_t origins[8], n;

	/* as a value: value_origins() follows no address arithmetic */
	v.how = HOW_VALUE;
	n = value_origins(f, &v, 1, 1, origins, 8);
	for (uint32_t k = 0; k < n; k++)
		if (origins[k] == r)
			return true;
	return false;
}

/*
 * Does f take read r's value as set: dereference it (or hand it to a
 * callee to work on), and never test it or compare it with anything?  A
 * pointer to a set-once field, used so, is code written to run after the
 * install; a value tested, compared or merely copied or returned says
 * nothing of when it runs.
 */
static bool used_untested(const struct ir_func *f, uint32_t r)
{
	bool deref = false;

	for (uint32_t o = r + 1; o < f->nops; o++) {
		uint32_t starts[64], counts[64], nr = op_src_ranges(f, &f->ops[o], starts, counts, 64);

		for (uint32_t k = 0; k < nr; k++)
			for (uint32_t i = 0; i < counts[k]; i++) {
				const struct ir_src *s = f->srcs + starts[k] + i;

				if (!src_is_read(f, s, r))
					continue;
				/* dereferenced here, or handed to a callee to work on */
				if (s->how == HOW_BASE ||
				    (f->ops[o].kind == OP_CALL && s->how == HOW_VALUE &&
				     !(f->ops[o].flags & (OPF_TRACE | OPF_WARN))))
					deref = true;
				else if (s->how == HOW_TEST || how_compares(s->how))
					return false;
			}
	}
	return deref;
}

/*
 * Is a read barrier the next thing after load `load` that touches memory,
 * before op `o` (p = d->ring; if (!p) return; smp_rmb(); ... p->x)?  A
 * barrier that comes only after other loads and stores orders those, for
 * some other protocol, and says nothing of how p was found.
 */
static bool read_barrier_next(const struct ir_func *f, uint32_t load, uint32_t o)
{
	for (uint32_t k = load + 1; k < o; k++) {
		const struct ir_op *x = &f->ops[k];

		if (x->kind == OP_CALL && (idiom_barrier_order_sym(x->a) & IDIOM_ORDER_READ))
			return true;
		if (x->kind == OP_READ || x->kind == OP_WRITE || x->kind == OP_RMW ||
		    x->kind == OP_CALL)
			return false;
	}
	return false;
}

/*
 * Where the object a plain read goes through was found, when it was found
 * without a lock's help: the read's base is a local loaded from a member
 * or a global with a marked read (READ_ONCE(), rcu_dereference(),
 * read_atomic(), an acquire), or with a plain read followed at once by a
 * read barrier (read_barrier_next()).  That load's path key, or 0; *load the load.
 */
static sym_t found_lockfree(const struct ir_func *f, uint32_t o, uint32_t *load)
{
	const struct ir_op *op = &f->ops[o];
	const struct ir_src *s = f->srcs + op->src_start;
	uint32_t origins[4], n;

	for (uint32_t i = 0; i < op->src_count; i++) {
		struct ir_src v = s[i];
		const struct ir_op *r;

		if (v.how != HOW_BASE)
			continue;
		if (v.kind != SRC_VAR || f->vars[v.ref].is_param)
			return 0;
		v.how = HOW_VALUE;
		n = value_origins(f, &v, 1, 2, origins, 4);
		if (n != 1 || origins[0] >= o)
			return 0;
		r = &f->ops[origins[0]];
		if (r->kind != OP_READ || r->a >= f->npaths || !f->paths[r->a].key)
			return 0;
		if (r->mark == MARK_PLAIN && !read_barrier_next(f, origins[0], o))
			return 0;
		*load = origins[0];
		return f->paths[r->a].key;
	}
	return 0;
}

/*
 * Publication without ordering: the object read op reads was found in
 * place `place` lock-free (found_lockfree()), and code that creates such
 * objects sets this field, then stores the object's pointer in that place
 * with nothing between to order the two (unordered_publication()) and
 * without a lock this read holds.  The compiler or the CPU may make the
 * pointer visible first: this reader can find the object and read the
 * field before its value is there.  The initialising store, or NULL;
 * *pub the publishing op of its function.
 */
static const struct writer *unordered_init(const struct index *idx, const struct ir_func *f,
					   const struct writers *w, sym_t place,
					   const struct ir_lockitem *held, uint32_t nheld,
					   uint32_t *pub)
{
	for (uint32_t i = 0; i < w->n; i++) {
		const struct writer *wr = &w->v[i];
		const struct ir_func *g = index_func(idx, wr->func);
		struct ir_lockitem pl[LOCKS_MAX];
		uint32_t np, q;

		if (!wr->init || !g || g == f || ifdef_alternative(idx, wr->func, f) ||
		    boot_function(idx, g))
			continue;
		q = unordered_publication(idx, g, wr->op, place);
		if (q == IR_NONE)
			continue;
		np = index_locks_at(idx, g, &g->ops[q], pl, LOCKS_MAX);
		if (!locks_disjoint(pl, np, held, nheld))
			continue;
		*pub = q;
		return wr;
	}
	return NULL;
}

/*
 * Report the read of a field a reader finds the object for before the
 * creator's setting of it is ordered: unordered_init().
 */
static bool report_unordered_init(struct rule_ctx *ctx, const struct ir_func *f, uint32_t o)
{
	const struct ir_op *op = &f->ops[o];
	const struct ir_path *p = &f->paths[op->a];
	struct ir_lockitem held[LOCKS_MAX];
	const struct writer *wr;
	const struct ir_func *g;
	const struct ir_op *wo, *po;
	struct finding *fd;
	struct writers w;
	uint32_t nheld, load, pub;
	sym_t place;

	if (op->kind != OP_READ || p->base_kind != BASE_VAR ||
	    !(place = found_lockfree(f, o, &load)))
		return false;
	writers_of(ctx->idx, p->key, f->file, &w);
	nheld = index_locks_at(ctx->idx, f, op, held, LOCKS_MAX);
	if (!(wr = unordered_init(ctx->idx, f, &w, place, held, nheld, &pub)))
		return false;
	g = index_func(ctx->idx, wr->func);
	wo = &g->ops[wr->op];
	po = &g->ops[pub];
	fd = finding_new(&rule_unmarked_race, f->file, op->line, op->col, f->name,
			 "plain read of %s in an object found through %s, which %s() sets before "
			 "it publishes the object there with nothing ordering the two: this read "
			 "can see the field before it is set (a write barrier, or a release "
			 "store, before the publication orders them)",
			 sym_str(p->text), sym_str(f->paths[f->ops[load].a].text), sym_str(g->name));
	fd->object = p->key;
	fd->trigger = intern("another host thread");
	fd->rule_severity_hint = profile_set_benign_race_note(ctx->profiles) ? SEV_NOTE : SEV_LOW;
	finding_add_site(fd, f->file, op->line, op->col, f->name, "access", 0, "plain read");
	finding_add_ref(fd, f->id, o, "access");
	add_later_reads(fd, f, o);
	finding_add_site(fd, g->file, wo->line, wo->col, g->name, "writer", 0,
			 "%s write of %s, before the publication", ir_mark_name(wo->mark),
			 sym_str(g->paths[wo->a].text));
	finding_add_site(fd, g->file, po->line, po->col, g->name, "publish", 0,
			 "%s store of the pointer in %s, unordered with the write",
			 ir_mark_name(po->mark), sym_str(g->paths[po->a].text));
	concurrency_doubt(ctx->idx, f, fd, f->id, o, wr, writer_reaches(ctx->idx, wr->func, f),
			  held, nheld, true);
	rule_report(ctx, fd);
	return true;
}

/*
 * For each read that may be a count or a flag others publish data by, the
 * first later op that tests the value it read or compares it as a bound
 * (a branch on it, an index checked against it), or IR_NONE; at[nops] is
 * how many there are.  A candidate is read with a
 * marked load (the reader says it runs lock-free), or is a pointer tested
 * under a lock of the reader's own (a flag set by a writer that holds
 * another).  A pointer tested plainly with no lock that can be seen is a
 * weak candidate (at[nops + 1 + o] is 1): any unlocked read looks so, and
 * the common unmarked race's; it stands only against a writer that sets
 * the flag before the data it computes from it, an order no reader can
 * repair (the reader's lock may be out of sight: taken in a loop that
 * exits holding it).
 */
static uint32_t *tested_at(const struct index *idx, const struct ir_func *f)
{
	uint32_t *at = xmalloc((2 * f->nops + 1) * sizeof(*at)), nc = 0, *weak = at + f->nops + 1;

	for (uint32_t o = 0; o < f->nops; o++)
		at[o] = IR_NONE, weak[o] = 0;
	for (uint32_t k = 0; k < f->nops; k++) {
		const struct ir_op *x = &f->ops[k];
		const struct ir_src *s = f->srcs + x->src_start;

		for (uint32_t i = 0; i < x->src_count; i++) {
			struct ir_src v = s[i];
			uint32_t origins[8], n;

			/* a flag's truth, or a count as a bound: not an owner's identity (==) */
			if (v.how != HOW_TEST && v.how != HOW_COMPARE)
				continue;
			v.how = HOW_VALUE;
			n = value_origins(f, &v, 1, 1, origins, 8);
			for (uint32_t j = 0; j < n; j++)
				if (origins[j] < f->nops && origins[j] < k && at[origins[j]] == IR_NONE)
					at[origins[j]] = k;
		}
	}
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *r = &f->ops[o];
		struct ir_lockitem held[LOCKS_MAX];
		const struct ir_path *p;

		if (at[o] == IR_NONE)
			continue;
		if (r->kind != OP_READ || r->a >= f->npaths || !(p = &f->paths[r->a])->key ||
		    r->mark == MARK_DATA_RACE) {
			at[o] = IR_NONE;
			continue;
		}
		if (ir_mark_is_marked(r->mark))
			continue;
		if (!strchr(sym_str(index_key_type(idx, p->key)), '*'))
			at[o] = IR_NONE;
		else if (!index_locks_at(idx, f, r, held, LOCKS_MAX))
			weak[o] = 1;
	}
	for (uint32_t o = 0; o < f->nops; o++)
		nc += at[o] != IR_NONE;
	at[f->nops] = nc;
	return at;
}

/* Is op k's value (a call's or an atomic's result) used by a later op? */
static bool result_used(const struct ir_func *f, uint32_t k)
{
	for (uint32_t o = k + 1; o < f->nops; o++) {
		const struct ir_op *x = &f->ops[o];

		for (uint32_t i = 0; i < x->src_count; i++)
			if (f->srcs[x->src_start + i].kind == SRC_OP && f->srcs[x->src_start + i].ref == k)
				return true;
	}
	return false;
}

/*
 * Is the load at c ordered before the loads after it, up to o: an acquire
 * load, or a read barrier between, or an atomic read-modify-write whose
 * result is used (test_and_set_bit(), xchg(), cmpxchg(): fully ordered, in
 * Linux's memory model and in Xen's)?
 */
static bool read_ordered_between(const struct ir_func *f, uint32_t c, uint32_t o)
{
	const struct ir_op *rc = &f->ops[c];

	if (rc->mark == MARK_ACQUIRE || rc->mark == MARK_RCU)
		return true;
	for (uint32_t k = c + 1; k < o; k++) {
		const struct ir_op *x = &f->ops[k];

		/* on the way from one load to the other, not on another branch */
		if (((x->kind == OP_CALL && (idiom_barrier_order_sym(x->a) & IDIOM_ORDER_READ)) ||
		     (x->kind == OP_RMW && ir_mark_is_marked(x->mark) && result_used(f, k))) &&
		    op_reaches(f, c, k) && op_reaches(f, k, o))
			return true;
	}
	return false;
}

/*
 * Does op t, which compares a count as a bound, compare it with a
 * variable that read o uses as an index (port >= nr; then table[port])?
 */
static bool bounds_index(const struct ir_func *f, uint32_t t, uint32_t o)
{
	const struct ir_op *x = &f->ops[t], *r = &f->ops[o];

	for (uint32_t i = 0; i < x->src_count; i++) {
		const struct ir_src *s = f->srcs + x->src_start + i;

		if (s->how != HOW_COMPARE || s->kind != SRC_VAR)
			continue;
		for (uint32_t k = 0; k < r->src_count; k++)
			if (f->srcs[r->src_start + k].how == HOW_INDEX &&
			    f->srcs[r->src_start + k].kind == SRC_VAR &&
			    f->srcs[r->src_start + k].ref == s->ref)
				return true;
	}
	return false;
}

/* Does op t test the truth of read c's value (if (!v->ctrl))? */
static bool tests_truth(const struct ir_func *f, uint32_t t, uint32_t c)
{
	const struct ir_op *x = &f->ops[t];

	for (uint32_t i = 0; i < x->src_count; i++) {
		struct ir_src v = f->srcs[x->src_start + i];
		uint32_t origins[8], n;

		if (v.how != HOW_TEST)
			continue;
		v.how = HOW_VALUE;
		n = value_origins(f, &v, 1, 1, origins, 8);
		for (uint32_t j = 0; j < n; j++)
			if (origins[j] == c)
				return true;
	}
	return false;
}

/*
 * Does g read the place keyed `key` before its store at op `w`: grow a
 * count from its value (d->nr = d->nr + n), or test a flag before it sets
 * it?  A setup function that does so changes a live object's state, it
 * does not fill in one nobody has found yet.
 */
static bool reads_before(const struct ir_func *g, uint32_t w, sym_t key)
{
	for (uint32_t k = 0; k < w; k++)
		if (g->ops[k].kind == OP_READ && g->ops[k].a < g->npaths &&
		    g->paths[g->ops[k].a].key == key)
			return true;
	return false;
}

/* Does f take a lock before op o? */
static bool locks_before(const struct ir_func *f, uint32_t o)
{
	for (uint32_t k = 0; k < o; k++)
		if (f->ops[k].kind == OP_LOCK && !(f->ops[k].flags & OPF_IMPLICIT))
			return true;
	return false;
}

/*
 * Can the writer's data store (op a of g) run while the read at op holds
 * its locks?  The reader's locks are looked up once (*nheld IR_NONE until
 * then) and kept in held.
 */
static bool data_store_unlocked(struct rule_ctx *ctx, const struct ir_func *f,
				const struct ir_op *op, struct ir_lockitem *held, uint32_t *nheld,
				const struct ir_func *g, uint32_t a)
{
	struct ir_lockitem pl[LOCKS_MAX];
	uint32_t np;

	if (*nheld == IR_NONE)
		*nheld = index_locks_at(ctx->idx, f, op, held, LOCKS_MAX);
	np = index_locks_at(ctx->idx, g, &g->ops[a], pl, LOCKS_MAX);
	return locks_disjoint(pl, np, held, *nheld);
}

/* What every finding of a publication by a count or a flag says first. */
static void publication_head(struct rule_ctx *ctx, struct finding *fd, sym_t object)
{
	fd->object = object;
	fd->trigger = intern("another host thread");
	fd->rule_severity_hint = profile_set_benign_race_note(ctx->profiles) ? SEV_NOTE : SEV_LOW;
}

/* ... and last: the publishing store `co` of the writer, the doubt, the report. */
static void publication_tail(struct rule_ctx *ctx, const struct ir_func *f, struct finding *fd,
			     uint32_t o, const struct writer *wr, const struct ir_op *co,
			     const char *order, const struct ir_lockitem *held, uint32_t nheld)
{
	const struct ir_func *g = index_func(ctx->idx, wr->func);

	finding_add_site(fd, g->file, co->line, co->col, g->name, "publish", 0, "%s store of %s, %s",
			 ir_mark_name(co->mark), sym_str(g->paths[co->a].text), order);
	concurrency_doubt(ctx->idx, f, fd, f->id, o, wr, writer_reaches(ctx->idx, wr->func, f),
			  held, nheld, DOUBT_WITNESS | DOUBT_SLOT_CALLERS);
	rule_report(ctx, fd);
}

/*
 * Publication by a count or a flag: the plain read at o reads data (a
 * table's slot, a queue's head) after an earlier read at c of a count or
 * a flag, tested (port >= read_atomic(&d->nr_valid), !v->ctrl), under no
 * lock the writers hold (tested_at() says which reads qualify); a writer
 * of that count or flag stores the data through the same object
 * (count_publication()) with nothing ordering the two -- no write barrier
 * before the count's store, or the flag stored first -- or this reader
 * orders nothing between its two loads (read_ordered_between()).  A
 * reader can see the new count and the old slot.  Reported once; true
 * when it was.
 */
static bool report_count_published(struct rule_ctx *ctx, const struct ir_func *f, uint32_t o,
				   const uint32_t *tested)
{
	const struct ir_op *op = &f->ops[o];
	const struct ir_path *p = &f->paths[op->a];
	struct ir_lockitem held[LOCKS_MAX];
	uint32_t nheld;

	if (op->kind != OP_READ || !tested[f->nops])
		return false;
	nheld = IR_NONE;
	for (uint32_t c = o; c-- > 0;) {
		const struct ir_op *rc = &f->ops[c];
		const struct ir_path *pc;
		struct ir_lockitem hc[LOCKS_MAX];
		struct writers w;
		uint32_t nhc;
		bool rordered, count, flag, weak;

		if (rc->kind != OP_READ || tested[c] == IR_NONE || tested[c] >= o ||
		    rc->a >= f->npaths)
			continue;
		pc = &f->paths[rc->a];
		if (!pc->key || pc->key == p->key || (pc->base_kind == BASE_VAR && !pc->derefs))
			continue;
		/*
		 * a count bounds the index this read uses (port >= count,
		 * then table[port]); a flag is tested for truth
		 */
		count = bounds_index(f, tested[c], o);
		flag = tests_truth(f, tested[c], c);
		weak = tested[f->nops + 1 + c];
		/* a weak candidate needs a lock of the reader's before its test */
		if ((!count && !flag) || (weak && (!flag || !locks_before(f, c))))
			continue;
		nhc = index_locks_at(ctx->idx, f, rc, hc, LOCKS_MAX);
		rordered = read_ordered_between(f, c, o);
		writers_of(ctx->idx, pc->key, f->file, &w);
		for (uint32_t i = 0; i < w.n; i++) {
			const struct writer *wr = &w.v[i];
			const struct ir_func *g = index_func(ctx->idx, wr->func);
			const struct ir_op *co, *dop;
			struct finding *fd;
			bool wordered;
			uint32_t a;

			if (!g || g == f || ifdef_alternative(ctx->idx, wr->func, f) ||
			    boot_function(ctx->idx, g) ||
			    (init_function(ctx->idx, g) && !reads_before(g, wr->op, pc->key)))
				continue;
			if (!locks_disjoint(wr->locks, wr->nlocks, hc, nhc) || (weak && !wr->nlocks))
				continue;
			a = count_publication(ctx->idx, g, wr->op, p->key, count, &wordered);
			if (a == IR_NONE || (wordered && (rordered || !count)))
				continue;
			/*
			 * a weak candidate: only the flag stored before its
			 * data, by a writer under a lock, against a reader that
			 * locks something of its own before its test (both sides
			 * code that runs at once with others; the reader's lock
			 * not in sight at the test)
			 */
			if (weak && a < wr->op)
				continue;
			/*
			 * data stored before the count: a reader that loads the
			 * count marked says it runs lock-free; a plain load is
			 * any other unlocked read (the writer's lock is what
			 * orders its other readers)
			 */
			if (a < wr->op && !ir_mark_is_marked(rc->mark))
				continue;
			if (!data_store_unlocked(ctx, f, op, held, &nheld, g, a))
				continue;
			co = &g->ops[wr->op];
			dop = &g->ops[a];
			if (!wordered)
				fd = finding_new(&rule_unmarked_race, f->file, op->line, op->col, f->name,
						 "plain read of %s after a test of %s, which %s() sets %s it "
						 "stores %s with nothing ordering the two: this read can see "
						 "the new %s and the old %s (store the data first, then a "
						 "write barrier, then the %s)",
						 sym_str(p->text), sym_str(pc->text), sym_str(g->name),
						 a > wr->op ? "before" : "after", sym_str(g->paths[dop->a].text),
						 sym_str(pc->text), sym_str(p->text), sym_str(pc->text));
			else
				fd = finding_new(&rule_unmarked_race, f->file, op->line, op->col, f->name,
						 "plain read of %s after a test of %s with no read barrier "
						 "between: the loads may be reordered and this read see the "
						 "%s from before %s() set the %s it tests (a read barrier "
						 "after the test pairs with the writer's)",
						 sym_str(p->text), sym_str(pc->text), sym_str(p->text),
						 sym_str(g->name), sym_str(pc->text));
			publication_head(ctx, fd, p->key);
			finding_add_site(fd, f->file, op->line, op->col, f->name, "access", 0, "plain read");
			finding_add_ref(fd, f->id, o, "access");
			finding_add_site(fd, f->file, rc->line, rc->col, f->name, "check", 0,
					 "%s read of %s, tested", ir_mark_name(rc->mark), sym_str(pc->text));
			add_later_reads(fd, f, o);
			finding_add_site(fd, g->file, dop->line, dop->col, g->name, "writer", 0,
					 "%s write of %s", ir_mark_name(dop->mark),
					 sym_str(g->paths[dop->a].text));
			/*
			 * the race needs the writer between its two stores at the
			 * test and still short of the data at the read: a lock
			 * the reader is seen to hold at either keeps a writer
			 * that takes it out, so the reader's locks are those of
			 * both (the read's may be lost to two locks of one
			 * type, one let go on the way)
			 */
			for (uint32_t k = 0; k < nhc && nheld < LOCKS_MAX; k++)
				if (!lockset_find(held, nheld, hc[k].lock))
					held[nheld++] = hc[k];
			publication_tail(ctx, f, fd, o, wr, co, wordered ? "after a write barrier"
									 : "unordered with the write",
					 held, nheld);
			return true;
		}
	}
	return false;
}

/* The variable an argument is, alone (f(d, p)), or IR_NONE. */
static uint32_t arg_var(const struct ir_func *f, const struct ir_op *call, uint32_t k)
{
	const struct ir_arg *a;
	const struct ir_src *s;

	if (k >= op_nargs(call))
		return IR_NONE;
	a = op_args(f, call) + k;
	s = arg_srcs(f, a);
	return a->src_count == 1 && s[0].kind == SRC_VAR ? s[0].ref : IR_NONE;
}

/* Does an argument of call op k of g use parameter `param` (slot(d, p / n))? */
static bool arg_uses_var(const struct ir_func *g, const struct ir_op *call, uint32_t k,
			 uint32_t param)
{
	const struct ir_arg *a = op_args(g, call) + k;
	const struct ir_src *s = arg_srcs(g, a);

	for (uint32_t i = 0; i < a->src_count; i++)
		if (s[i].kind == SRC_VAR && s[i].ref == param)
			return true;
	return false;
}

/* Does op x use parameter `param` as an index (HOW_INDEX)? */
static bool indexes_by(const struct ir_func *g, const struct ir_op *x, uint32_t param)
{
	for (uint32_t i = 0; i < x->src_count; i++) {
		const struct ir_src *s = g->srcs + x->src_start + i;

		if (s->how == HOW_INDEX && s->kind == SRC_VAR && s->ref == param)
			return true;
	}
	return false;
}

#define HELPER_OPS_MAX 32

/*
 * A count predicate: g, a small helper that stores nothing and calls
 * nothing but barriers, returns whether its parameter *ix is below a count
 * it reads marked through its parameter *obj -- `return p <
 * read_atomic(&d->nr)`, or `if (p >= read_atomic(&d->nr)) return false;
 * ... return true`.  Its caller's test of the result is a test of the
 * count (port_ok(d, p) as port < d->nr).  The count's read, or IR_NONE;
 * *ordered: the read is an acquire, or a read barrier follows it.
 */
static uint32_t count_predicate(const struct ir_func *g, uint32_t *obj, uint32_t *ix,
				bool *ordered)
{
	uint32_t r = IR_NONE;

	if (g->nops > HELPER_OPS_MAX)
		return IR_NONE;
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *x = &g->ops[o];

		if (x->kind == OP_WRITE || x->kind == OP_RMW || x->kind == OP_LOCK ||
		    (x->kind == OP_CALL && !idiom_barrier_order_sym(x->a)))
			return IR_NONE;
		if (x->kind != OP_READ)
			continue;
		if (r != IR_NONE)
			return IR_NONE;		/* one count, nothing else read */
		r = o;
	}
	if (r == IR_NONE || !ir_mark_is_marked(g->ops[r].mark) ||
	    g->ops[r].mark == MARK_DATA_RACE || g->ops[r].a >= g->npaths)
		return IR_NONE;
	{
		const struct ir_path *p = &g->paths[g->ops[r].a];

		if (!p->key || p->base_kind != BASE_VAR || !g->vars[p->base].is_param || !p->derefs)
			return IR_NONE;
		*obj = p->base;
	}
	for (uint32_t t = r + 1; t < g->nops; t++) {
		const struct ir_op *x = &g->ops[t];
		uint32_t param = IR_NONE;
		bool count = false;

		if (x->kind != OP_RETURN && x->kind != OP_BRANCH)
			continue;
		for (uint32_t i = 0; i < x->src_count; i++) {
			struct ir_src v = g->srcs[x->src_start + i];
			uint32_t origins[4], n;

			if (v.how != HOW_COMPARE)
				continue;
			if (v.kind == SRC_VAR && g->vars[v.ref].is_param && v.ref != *obj) {
				param = v.ref;
				continue;
			}
			v.how = HOW_VALUE;
			n = value_origins(g, &v, 1, 1, origins, 4);
			for (uint32_t j = 0; j < n; j++)
				count |= origins[j] == r;
		}
		if (!count || param == IR_NONE)
			continue;
		*ix = param;
		*ordered = g->ops[r].mark == MARK_ACQUIRE;
		for (uint32_t k = r + 1; k < g->nops && !*ordered; k++)
			*ordered = g->ops[k].kind == OP_CALL &&
				   (idiom_barrier_order_sym(g->ops[k].a) & IDIOM_ORDER_READ) &&
				   op_reaches(g, r, k);
		return r;
	}
	return IR_NONE;
}

/*
 * A slot accessor: g, a small helper that stores nothing, returns the slot
 * of a table that its parameter ix indexes through its parameter obj --
 * it reads d->table[..p..] (the read's key in *key), or returns what a
 * macro names, slot(d, ..p..), that other code stores into
 * (CALL_STORED_INTO; the macro's name in *macro).
 */
static bool slot_accessor(const struct ir_func *g, uint32_t obj, uint32_t ix, sym_t *key,
			  sym_t *macro)
{
	if (g->nops > HELPER_OPS_MAX || obj >= g->nvars || ix >= g->nvars)
		return false;
	*key = *macro = 0;
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *x = &g->ops[o];

		if (x->kind == OP_WRITE || x->kind == OP_RMW || x->kind == OP_LOCK)
			return false;
	}
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *x = &g->ops[o];
		const struct ir_path *p;

		if (x->kind == OP_READ && x->a < g->npaths && (p = &g->paths[x->a])->key &&
		    p->base_kind == BASE_VAR && p->base == obj && strstr(sym_str(p->key), "[]") &&
		    x->mark == MARK_PLAIN && indexes_by(g, x, ix)) {
			*key = p->key;
			return true;
		}
		if (x->kind != OP_RETURN)
			continue;
		for (uint32_t i = 0; i < x->src_count; i++) {
			const struct ir_src *s = g->srcs + x->src_start + i;
			const struct ir_op *c;

			if (s->kind != SRC_OP || s->ref >= o || (c = &g->ops[s->ref])->kind != OP_CALL ||
			    c->callee != IR_NONE || !c->a || (c->flags & OPF_INDIRECT) ||
			    op_nargs(c) < 2 || arg_var(g, c, 0) != obj)
				continue;
			for (uint32_t k = 1; k < op_nargs(c); k++)
				if (arg_uses_var(g, c, k, ix)) {
					*macro = c->a;
					return true;
				}
		}
	}
	return false;
}

/*
 * Publication by a count, checked and read through two helpers of the
 * reader: `if (!port_ok(d, p)) return; c = chan_of(d, p);` where port_ok()
 * is a count predicate (count_predicate()) and chan_of() a slot accessor
 * of the same object and index (slot_accessor()).  Composed at the caller,
 * it is report_count_published()'s shape: a writer of the count stores the
 * slot through the same object and raises the count with nothing ordering
 * the two, or the reader orders nothing between the count's load and the
 * slot's (neither the predicate nor the caller has a read barrier).
 * Reported at the accessor's call, once per predicate call.
 */
static void report_count_by_helpers(struct rule_ctx *ctx, const struct ir_func *f)
{
	for (uint32_t c = 0; c < f->nops; c++) {
		const struct ir_op *pc = &f->ops[c];
		const struct ir_func *pg;
		struct ir_lockitem hc[LOCKS_MAX];
		uint32_t cr, pobj, pix, vobj, vix, t, nhc;
		bool pordered = false, done = false, have_w = false;
		const struct ir_path *cp;
		struct writers w;	/* the count's writers, asked once per predicate call */

		if (pc->kind != OP_CALL || !(pg = index_callee(ctx->idx, pc)) || pg == f ||
		    (cr = count_predicate(pg, &pobj, &pix, &pordered)) == IR_NONE)
			continue;
		if ((vobj = arg_var(f, pc, pobj)) == IR_NONE || (vix = arg_var(f, pc, pix)) == IR_NONE)
			continue;
		for (t = c + 1; t < f->nops; t++)
			if (f->ops[t].kind == OP_BRANCH && tests_truth(f, t, c))
				break;
		if (t == f->nops)
			continue;
		nhc = index_locks_at(ctx->idx, f, pc, hc, LOCKS_MAX);
		cp = &pg->paths[pg->ops[cr].a];
		for (uint32_t o = t + 1; o < f->nops && !done; o++) {
			const struct ir_op *op = &f->ops[o];
			const struct ir_func *ag;
			struct ir_lockitem held[LOCKS_MAX];
			uint32_t nheld = IR_NONE;
			sym_t key, macro;
			bool rordered;
			uint32_t aobj = IR_NONE, aix = IR_NONE;

			if (op->kind != OP_CALL || !(ag = index_callee(ctx->idx, op)) || ag == f ||
			    ag == pg || !op_reaches(f, c, o))
				continue;
			/* the accessor's parameters that the caller gives the object and the index */
			for (uint32_t k = 0; k < op_nargs(op); k++) {
				uint32_t v = arg_var(f, op, k);

				if (v == vobj && aobj == IR_NONE)
					aobj = k;
				else if (v == vix && aix == IR_NONE)
					aix = k;
			}
			if (aobj == IR_NONE || aix == IR_NONE || !slot_accessor(ag, aobj, aix, &key, &macro))
				continue;
			rordered = pordered || read_ordered_between(f, c, o);
			if (!have_w) {
				writers_of(ctx->idx, cp->key, f->file, &w);
				have_w = true;
			}
			for (uint32_t i = 0; i < w.n && !done; i++) {
				const struct writer *wr = &w.v[i];
				const struct ir_func *g = index_func(ctx->idx, wr->func);
				const struct ir_op *co, *dop;
				struct finding *fd;
				bool wordered = false;
				uint32_t a;

				if (!g || g == f || ifdef_alternative(ctx->idx, wr->func, f) ||
				    boot_function(ctx->idx, g) ||
				    (init_function(ctx->idx, g) && !reads_before(g, wr->op, cp->key)))
					continue;
				if (!locks_disjoint(wr->locks, wr->nlocks, hc, nhc))
					continue;
				a = key ? count_publication(ctx->idx, g, wr->op, key, true, &wordered)
					: count_publication_by_macro(g, wr->op, macro, &wordered);
				if (a == IR_NONE || (wordered && rordered))
					continue;
				if (!data_store_unlocked(ctx, f, op, held, &nheld, g, a))
					continue;
				co = &g->ops[wr->op];
				dop = &g->ops[a];
				if (!wordered)
					fd = finding_new(&rule_unmarked_race, f->file, op->line, op->col,
							 f->name,
							 "%s() reads a slot after %s() tested %s, which %s() "
							 "raises after it stores the slot with nothing ordering "
							 "the two: this read can see the new count and the old "
							 "slot (a write barrier before the count's store, and a "
							 "read barrier after its test)",
							 sym_str(ag->name), sym_str(pg->name), sym_str(cp->text),
							 sym_str(g->name));
				else
					fd = finding_new(&rule_unmarked_race, f->file, op->line, op->col,
							 f->name,
							 "%s() reads a slot after %s() tested %s with no read "
							 "barrier between: the loads may be reordered and the slot "
							 "be from before %s() raised the count (a read barrier "
							 "after the test pairs with the writer's)",
							 sym_str(ag->name), sym_str(pg->name), sym_str(cp->text),
							 sym_str(g->name));
				publication_head(ctx, fd, cp->key);
				finding_add_site(fd, f->file, op->line, op->col, f->name, "access", 0,
						 "the slot read in %s()", sym_str(ag->name));
				finding_add_ref(fd, f->id, o, "access");
				finding_add_site(fd, f->file, pc->line, pc->col, f->name, "check", 0,
						 "%s read of %s in %s(), tested",
						 ir_mark_name(pg->ops[cr].mark), sym_str(cp->text),
						 sym_str(pg->name));
				finding_add_site(fd, g->file, dop->line, dop->col, g->name, "writer", 0,
						 "store of the slot%s%s", macro ? " through " : "",
						 macro ? sym_str(macro) : "");
				publication_tail(ctx, f, fd, o, wr, co,
						 wordered ? "after a write barrier" : "unordered with the slot's",
						 held, nheld);
				done = true;
			}
		}
	}
}

static void check(struct rule_ctx *ctx, const struct ir_func *f)
{
	VEC(sym_t) seen = {0};
	uint32_t *tested = NULL;

	if (init_function(ctx->idx, f))
		return;
	report_count_by_helpers(ctx, f);
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_path *p;
		struct ir_lockitem held[LOCKS_MAX];
		const struct writer *ev;
		struct writers w;
		uint32_t nheld;
		bool dup = false, related;

		if ((op->kind != OP_READ && op->kind != OP_WRITE) || op->mark != MARK_PLAIN ||
		    (op->flags & OPF_TRACE))
			continue;
		p = &f->paths[op->a];
		if (!p->key || !p->derefs || per_cpu_base(f, op, p))
			continue;
		for (uint32_t k = 0; k < seen.n; k++)
			dup |= seen.v[k] == p->key;
		if (dup)
			continue;
		/* found lock-free, and set by its creator out of order with its publication */
		if (report_unordered_init(ctx, f, o)) {
			vec_push(&seen, p->key);
			continue;
		}
		/* found by a count or a flag its writer sets out of order with the data */
		if (op->kind == OP_READ) {
			if (!tested)
				tested = tested_at(ctx->idx, f);
			if (report_count_published(ctx, f, o, tested)) {
				vec_push(&seen, p->key);
				continue;
			}
		}
		/*
		 * v->bitmap where the member is an array (DECLARE_BITMAP):
		 * naming it gives its address, nothing is loaded
		 */
		{
			const char *kt = sym_str(index_key_type(ctx->idx, p->key));

			if (op->kind == OP_READ && str_ends(kt, "[]"))
				continue;
			/* a volatile member is loaded and stored whole, each time: marked */
			if (str_starts(kt, "volatile "))
				continue;
		}
		/* cheap first: a read races only with marked stores, a store with any */
		{
			uint8_t fl = index_field_flags(ctx->idx, p->key);

			if (op->kind == OP_READ ? !(fl & FIELD_MARKED_WRITE) : !(fl & FIELD_WRITTEN))
				continue;
		}
		/* an object nobody else can reach yet: after the cheap filters, they walk callers */
		if (fresh_object(ctx->idx, f, op) || unpublished_param_access(ctx->idx, f, op))
			continue;
		/* or none can any more: a store after the object was unlinked */
		if (op->kind != OP_READ && unlinked_store(ctx->idx, f, o))
			continue;
		/* the author asserts (KCSAN) that no other writer runs meanwhile */
		if (asserts_exclusive(f, p->key, false))
			continue;
		writers_of(ctx->idx, p->key, f->file, &w);
		/* writers all over the tree: the type is generic, the objects unrelated */
		if (!w.concurrent || w.spread > 2)
			continue;
		/*
		 * nor hold it: this thread dropped the last reference (the
		 * release that follows refcount_dec_and_test(&obj->users)), and
		 * a writer would have to hold one to reach the object (after
		 * the writers' filter: it scans the function's branches)
		 */
		if (p->base_kind == BASE_VAR && p->derefs == 1 &&
		    after_last_put(ctx->idx, ctx->profiles, f, o, p->base))
			continue;
		nheld = index_locks_at(ctx->idx, f, op, held, LOCKS_MAX);
		for (uint32_t i = 0; i < w.ncommon; i++)
			if (holds(held, nheld, w.common[i].lock))
				goto next;
		/* on this thread's stack, or its callers': no other thread has it */
		if (p->base_kind == BASE_VAR && p->derefs == 1 && !f->vars[p->base].by_value &&
		    thread_local_object(ctx->idx, f, p->base))
			continue;
		ev = racing_writer(ctx->idx, ctx->profiles, f, op, &w, held, nheld, &related);
		/* last: it reads the whole function, and most accesses end before */
		if (!ev || (op->kind == OP_WRITE && fills_object(f, op)))
			continue;
		if (op->kind == OP_READ && rcu_published(f, op))
			continue;
		{
			bool marked = ev->marked;
			const struct ir_func *g = index_func(ctx->idx, ev->func);
			const struct ir_op *wo = &g->ops[ev->op];
			struct finding *fd;
			char lock[256] = "";

			if (!marked)
				lock_display(lock, sizeof(lock), w.common[0].lock,
					     p->base_kind == BASE_VAR ? sym_str(f->vars[p->base].name) : NULL,
					     p->base_kind == BASE_VAR ? f->vars[p->base].type : 0, ctx->idx);
			if (marked) {
				/* the codebase's own marked access, as its profile names it */
				const char *mark = op->kind == OP_READ ? idiom_fix_read()
								       : idiom_fix_write();
				fd = finding_new(&rule_unmarked_race, f->file, op->line, op->col, f->name,
						 "plain %s of %s, which %s() writes concurrently with %s: "
						 "mark this access%s%s%s%s", op->kind == OP_READ ? "read" : "write",
						 sym_str(p->text), sym_str(g->name), ir_mark_name(wo->mark),
						 mark ? " (" : "", mark ? mark : "", mark ? ")" : "",
						 /* the other fix only where the codebase has a way to say it */
						 idiom_data_race_offer());
			}
			else
				fd = finding_new(&rule_unmarked_race, f->file, op->line, op->col, f->name,
						 "plain write of %s without %s, which its other writers hold",
						 sym_str(p->text), lock);
			fd->object = p->key;
			{
				/* a writer the other party's requests run (a vCPU's MMIO write) */
				const char *t = party_callback_trigger(ctx->idx, ctx->profiles, ev->func);

				fd->trigger = intern(t ? t : "another host thread");
			}
			/* a race whose value reaches nothing: low, or a note where the codebase says */
			fd->rule_severity_hint =
				profile_set_benign_race_note(ctx->profiles) ? SEV_NOTE : SEV_LOW;
			finding_add_site(fd, f->file, op->line, op->col, f->name, "access", 0,
					 "plain %s", op->kind == OP_READ ? "read" : "write");
			finding_add_ref(fd, f->id, o, "access");
			if (op->kind == OP_READ)
				add_later_reads(fd, f, o);
			finding_add_site(fd, g->file, wo->line, wo->col, g->name, "writer",
					 marked ? 0 : intern(lock), "%s write of %s",
					 ir_mark_name(wo->mark), sym_str(g->paths[wo->a].text));
			/* a seed the exchange re-validates: a marking at most */
			if (reads_only_seed(fd, ctx->idx))
				fd->rule_severity_hint = SEV_NOTE;
			concurrency_doubt(ctx->idx, f, fd, f->id, o, ev, related, held, nheld, true);
			/*
			 * The writer stores, then drops a count of pending
			 * completions on the object (atomic_dec_and_test()), and
			 * this access runs only where the last one hits zero:
			 * every store comes before it.
			 */
			if (fd->confidence != CONFIDENCE_POSSIBLE) {
				uint32_t host = after_last_completion(ctx->idx, ctx->profiles, f->id,
								      o, ev->func, ev->op);

				if (host != IR_NONE) {
					finding_doubt(fd, "every write happens before the last "
							  "completion, which alone starts the reader: "
							  "the writer drops a count of pending "
							  "completions on the object after its store, "
							  "and this access runs only after the drop "
							  "that reaches zero");
					finding_add_site(fd, f->file, f->line, 0, f->name,
							 "completion", 0,
							 "%s runs only when %s() drops the last "
							 "pending completion, after %s()'s store",
							 sym_str(f->name),
							 sym_str(index_func(ctx->idx, host)->name),
							 sym_str(g->name));
				}
			}
			/*
			 * Set once, and taken as set here: the read runs after the
			 * install (the object reaches this code once submitted,
			 * queued or registered), an order made out of sight.
			 */
			if (op->kind == OP_READ && used_untested(f, o) &&
			    set_once_field(ctx->idx, &w))
				finding_doubt(fd, "the field is set once (every writer stores only "
						  "while it is unset) and this read takes it as set, "
						  "untested: it runs after the install, an order the "
						  "code makes elsewhere");
			rule_report(ctx, fd);
			vec_push(&seen, p->key);
		}
next:;
	}
	free(tested);
	vec_free(&seen);
}

/* --- finishing a finding (triage hooks, rules/rule.h) ------------------- */

/* Where the value of the plain access goes; a data race is benign at least. */
static void impact(const struct finding *f, const struct index *idx,
		   const struct profile_set *prof, struct impact_reach *best)
{
	if (reads_only_seed(f, idx)) {
		best->impact = IMPACT_BENIGN;
		snprintf(best->why, sizeof(best->why),
			 "it seeds a compare-and-exchange of the same field, which stores nothing "
			 "unless the field still holds the value read: a stale read costs a retry");
		return;
	}
	if (finding_site_with(f, "publish", 0) != UINT32_MAX)
		racing_reach_of_unpublished_refs(f, idx, prof, "access", best);
	else
		racing_reach_of_refs(f, idx, prof, "access", best);
	if (!best->impact || best->impact == IMPACT_GUEST_STATE) {
		best->impact = IMPACT_BENIGN;
		snprintf(best->why, sizeof(best->why), "%s, used where nothing is known to depend on it",
			 finding_site_with(f, "publish", 0) != UINT32_MAX ?
			 "the value from before the creator's store (zeroed or stale memory)" :
			 "a stale or torn value");
	}
}

static void witness(struct finding *f)
{
	uint32_t pub = finding_site_with(f, "publish", 0);

	/* publication without ordering: the pointer is seen before the field */
	if (pub != UINT32_MAX) {
		finding_step_at(f, 1, pub, "stores the new object's pointer, which another CPU "
				"may see before the stores that fill the object in");
		finding_step_at(f, 0, finding_site_with(f, "access", 0),
				"finds the object through that pointer and reads the field");
		finding_step_at(f, 1, finding_site_with(f, "writer", 0),
				"the initialising store becomes visible only now");
		finding_add_step(f, 0, UINT32_MAX, "has read the value from before it");
		return;
	}
	finding_step_at(f, 0, finding_site_with(f, "access", 0),
			"accesses the field with a plain access");
	finding_step_at(f, 1, finding_site_with(f, "writer", 0), "writes it at the same time");
	finding_add_step(f, 0, UINT32_MAX, "may see a torn, fused or refetched value");
}

/*
 * Mark every plain access to the field in the function: READ_ONCE(x) at
 * each read, `x = v;` made `WRITE_ONCE(x, v);`.  The finding stands for
 * all of them (the rule reports a field once per function), so a hint
 * that marked only one would leave the race reported at the next; where
 * any one of them cannot be marked mechanically (fix_find_access()), or
 * the field cannot be marked at all, there is no hint; nor for a read
 * that races with its object's unordered publication, which marking it
 * would not order.
 */
static char *fix_diff(const struct finding *fd, const struct index *idx, struct fix_ctx *fx)
{
	uint32_t a = finding_site_with(fd, "access", 0);
	const struct ir_func *f = NULL;
	struct source *src;
	struct patch patch;
	const char *why;
	uint32_t last_line = 0, last_col = 0;

	/* a publication without ordering is mended at the publisher (a barrier), not here */
	if (finding_site_with(fd, "publish", 0) != UINT32_MAX)
		return NULL;
	for (uint32_t i = 0; i < fd->refs.n && !f; i++)
		if (fd->refs.v[i].role == intern("access"))
			f = index_func(idx, fd->refs.v[i].func);
	if (a == UINT32_MAX || !f || !hint_field_markable(idx, fd->object, &why) ||
	    !(src = fix_source(fx, f->file)))
		return NULL;
	patch_init(&patch, src);
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_path *p;
		struct fix_access acc;

		if ((op->kind != OP_READ && op->kind != OP_WRITE && op->kind != OP_RMW) ||
		    op->mark != MARK_PLAIN || (op->flags & OPF_TRACE))
			continue;
		p = &f->paths[op->a];
		if (p->key != fd->object || !p->derefs)
			continue;
		/* one access lowered to two ops (a read and a write) is marked once */
		if (op->line == last_line && op->col == last_col)
			continue;
		last_line = op->line;
		last_col = op->col;
		if (op->kind == OP_RMW || (op->flags & OPF_COMPOUND) ||
		    !fix_find_access(fx, f->file, op->line, op->col, sym_str(p->text), &acc, &why) ||
		    (acc.form == FIX_ACCESS_STORE) != (op->kind == OP_WRITE))
			goto none;
		if (acc.form == FIX_ACCESS_READ) {
			char *t = idiom_fix_read_text(src->text + acc.lvalue.start,
						      acc.lvalue.end - acc.lvalue.start);

			if (!t)
				goto none;	/* no profile says how this codebase marks a read */
			patch_replace(&patch, acc.lvalue.start, acc.lvalue.end, t);
			free(t);
		} else {
			char *t = idiom_fix_write_text(src->text + acc.lvalue.start,
						       acc.lvalue.end - acc.lvalue.start,
						       src->text + acc.value.start,
						       acc.value.end - acc.value.start);

			if (!t)
				goto none;
			patch_replace(&patch, acc.assign.start, acc.assign.end, t);
			free(t);
		}
	}
	return hint_diff(&patch, f->file);
none:
	patch_free(&patch);
	return NULL;
}
