/*
 * check-then-act: a branch decides on the state of an object that other
 * code writes under a lock L, without holding L from the check through
 * the action the branch decides.
 *
 * Reported only with the evidence that makes it a race rather than a
 * lockless hint: every writer of the state (outside initialisation) holds
 * L; the same check is made elsewhere under L (the peer); the checking
 * code does not hold L and does not take it to check again before acting;
 * and the branch decides a side effect -- a store, a call, a return.
 *
 * An entry of the other party (a hypercall or ioctl handler handed its
 * memory) runs on several of its vCPUs or threads at once: its own store
 * under L is a racing writer, its own later check under L a peer, and a
 * state it copies in from the party is any state the party likes.  A
 * check against such a value (`t->mode == req.mode`) is made again only
 * by comparing with that value under L, not by any look at the state.
 */
#include "ir/analysis.h"
#include "ir/cfg.h"
#include "profile/profile.h"
#include "rules/concurrency.h"
#include "rules/reach.h"
#include "rules/rule.h"
#include "profile/idioms.h"
#include "index/summary.h"
#include "index/writers.h"
#include "base/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CANDS 32
#define MAX_FX 64

struct cand {
	sym_t key;
	uint32_t read_func, read_op;	/* where the state is read */
	uint32_t obj;			/* the object: a var of the checking function */
	uint32_t call;			/* the predicate call in the checker, or IR_NONE */
	/* or, for a predicate handed a field (dev_running(q->dev)), its path */
	uint32_t objpath;
};

struct peer {
	uint32_t func, op;
	sym_t lock;
};

static void check(struct rule_ctx *ctx, const struct ir_func *f);
static bool concurrent_entry_param(const struct profile_set *prof, const struct ir_var *p);
static void prepare(const struct index *idx, const struct profile_set *prof);
static void finish(void);
static void impact(const struct finding *f, const struct index *idx,
		   const struct profile_set *prof, struct impact_reach *best);
static void witness(struct finding *f);

const struct rule rule_check_then_act = {
	.name = "check-then-act",
	.summary = "a decision on state that other code writes under a lock, made without that lock",
	.help = "A condition reads state of an object -- directly or through a helper such as "
		"vcpu_stopped() -- that every writer changes while holding lock L, and that other "
		"code checks under L; here it is checked without L, and the branch decides an action "
		"(a store, a call, a return).  Another thread can change the state between the check "
		"and the action.  Hold L from the check through the action, or check again under L.",
	.check = check,
	.prepare = prepare,
	.finish = finish,
	.impact = impact,
	.witness = witness,
};

/*
 * What the whole program says about some functions and types, learnt once
 * before the checks (prepare) and only read by them.
 */
#define ROLE_RELEASE 0x1	/* runs when the last reference is dropped */
#define ROLE_IRQ 0x2		/* a hard interrupt handler */
/*
 * An entry the other party calls: a handler handed the other party's
 * memory (a guest handle, a __user pointer).  It runs whenever that party
 * asks, from several of its vCPUs or threads at once, so its own stores
 * race with its own checks.
 */
#define ROLE_PARTY_ENTRY 0x4
/*
 * ... of a codebase whose profile says its entries run on several CPUs at
 * once (concurrent-entries): where a flag tested and set with no lock at
 * all is a race, with no lock elsewhere to show it.
 */
#define ROLE_CONCURRENT_ENTRY 0x8

static struct {
	uint8_t *role;		/* by function id: ROLE_* */
	uint32_t nfuncs;
	/* the structs a guest's state lives in (a vCPU, a VM): "struct x" -> 1 */
	struct symmap guest_types;
	const struct profile_set *prof;
} prog;

/* The function a value names, when it is one: `uart_irq` in request_irq(n, uart_irq, ...). */
static const struct ir_func *named_function(const struct index *idx, const struct ir_func *f,
					    const struct ir_src *s, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct ir_op *r;
		const struct ir_path *p;
		uint32_t id;

		if (s[i].kind != SRC_OP || s[i].ref >= f->nops)
			continue;
		r = &f->ops[s[i].ref];
		if (r->kind != OP_READ)
			continue;
		p = &f->paths[r->a];
		if (p->base_kind != BASE_GLOBAL || p->chain)
			continue;
		id = index_lookup_function(idx, p->base, f->file);
		if (id != IR_NONE)
			return index_func(idx, id);
	}
	return NULL;
}

/* The struct an argument points to: "struct kvm_vcpu" for vcpu or svm->vcpu. */
static sym_t arg_struct(const struct index *idx, const struct ir_func *f, const struct ir_arg *a)
{
	const struct ir_src *s = f->srcs + a->src_start;
	uint32_t v = pointer_var(f, s, a->src_count);
	int ptrs = 0;
	sym_t t = 0, st;

	if (v != IR_NONE)
		t = f->vars[v].type;
	for (uint32_t i = 0; !t && i < a->src_count; i++)
		if (s[i].kind == SRC_OP && s[i].ref < f->nops && f->ops[s[i].ref].kind == OP_READ &&
		    s[i].how == HOW_VALUE)
			t = index_key_type(idx, f->paths[f->ops[s[i].ref].a].key);
	for (uint32_t i = 0; !t && i < a->src_count; i++)
		if (s[i].kind == SRC_ADDR)
			t = index_key_type(idx, f->paths[s[i].ref].key);
	if (!t)
		return 0;
	st = index_struct_of(idx, t, &ptrs);
	return st && (ptrs || s[0].kind == SRC_ADDR) ? st : 0;
}

/*
 * The profiles whose other party is a guest name the functions that reach
 * into it: kvm_vcpu_read_guest(vcpu, gpa, ...), kvm_vcpu_map(vcpu, gpa,
 * &map), kvm_make_request(req, vcpu).  The objects such a function is
 * handed besides the data the profile describes are the guest's context:
 * their types are where a guest's state lives.  So are the structs a
 * guest profile names for its fields, and the structs that embed any of
 * them (struct vcpu_svm embeds struct kvm_vcpu).
 */
static bool guest_profile(const struct profile_set *prof, const struct profile_rule *r)
{
	const struct profile *p = profile_of(prof, r);

	return p && p->trigger && strstr(sym_str(p->trigger), "guest");
}

/*
 * prepare() reads every function once, on every worker: a block of
 * functions at a time, each block noting the roles it gives (to its own
 * functions or to those they name) and the guest types it learns, which
 * are applied after, block by block in id order.  Roles are or-ed and
 * the types a set, so the result is the one a single pass gives.
 */
struct role_mark {
	uint32_t id;
	uint8_t role;
};

struct prep_out {
	VEC(struct role_mark) marks;
	VEC(sym_t) guest;
};

static void learn_guest_call(const struct index *idx, const struct profile_set *prof,
			     const struct ir_func *f, const struct ir_op *op, struct prep_out *out)
{
	static const int kinds[] = { PR_FETCH, PR_SHARED_OUT, PR_SHARED_RETURN, PR_SHARED_PARAM,
				     PR_SINK };

	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		const struct profile_rule *r;
		uint32_t cur = 0;

		while ((r = profile_next(prof, op->a, kinds[k], &cur)) != NULL) {
			if (!guest_profile(prof, r) || (r->kind == PR_SINK && r->sink != SINK_GUEST_STATE &&
							r->sink != SINK_BENIGN))
				continue;
			for (uint32_t i = 0; i < op_nargs(op); i++) {
				sym_t st;

				if ((int)i == r->arg || (int)i == r->dest || (int)i == r->size)
					continue;
				st = arg_struct(idx, f, &f->args[op->src_start + i]);
				if (st)
					vec_push(&out->guest, st);
			}
		}
	}
}

static void mark_role(struct prep_out *out, const struct ir_func *g, uint8_t role)
{
	if (g && g->id < prog.nfuncs)
		vec_push(&out->marks, ((struct role_mark){ g->id, role }));
}

/*
 * Through embedding: a struct that embeds a guest's (struct vcpu_svm holds
 * a struct kvm_vcpu) is one; so is a struct embedded only ever in guests'
 * (struct kvm_hv, in struct kvm_arch, in struct kvm) -- but not a struct
 * every subsystem embeds (a mutex, a list head).  A few rounds reach the
 * nesting KVM has.
 */
#define EMBED_HOST 2	/* embedded somewhere not a guest's */

static void learn_embedding(const struct index *idx)
{
	for (int round = 0; round < 3; round++) {
		struct symmap inner = {0};	/* struct -> 1 only in guests, EMBED_HOST */

		for (uint32_t i = 0; i < idx->nstructs; i++) {
			const struct struct_def *sd = idx->struct_list[i];
			bool guest = sd && symmap_get(&prog.guest_types, sd->name, 0);

			for (uint32_t k = 0; sd && !guest && k < sd->nfields; k++) {
				sym_t st;

				if (!sd->fields[k].type || strchr(sym_str(sd->fields[k].type), '*'))
					continue;
				st = index_struct_of(idx, sd->fields[k].type, NULL);
				guest = st && st != sd->name && symmap_get(&prog.guest_types, st, 0);
			}
			if (guest)
				symmap_put(&prog.guest_types, sd->name, 1);
			for (uint32_t k = 0; sd && k < sd->nfields; k++) {
				sym_t st;

				if (!sd->fields[k].type || strchr(sym_str(sd->fields[k].type), '*'))
					continue;
				st = index_struct_of(idx, sd->fields[k].type, NULL);
				if (!st || st == sd->name)
					continue;
				if (!guest)
					symmap_put(&inner, st, EMBED_HOST);
				else if (!symmap_get(&inner, st, 0))
					symmap_put(&inner, st, 1);
			}
		}
		for (uint32_t i = 0; i < inner.cap; i++)
			if (inner.keys[i] && inner.vals[i] == 1)
				symmap_put(&prog.guest_types, inner.keys[i], 1);
		symmap_free(&inner);
	}
}

/* Is this parameter the other party's memory, as the profiles name it? */
static bool party_memory_param(const struct profile_set *prof, const struct ir_var *p)
{
	return prof && ((prof->any_user_pointers && p->is_user) ||
			profile_handle_rule(prof, p->type));
}

/*
 * Is this parameter named by a profile whose entries run on several CPUs
 * at once (concurrent-entries: TF-A's SMC handlers and their x1..x4)?  The
 * handlers hand the registers on under the same names (spmd_smc_handler()
 * called by the SPMD's entry), so a function taking them runs wherever
 * an SMC is being handled: on every CPU at once.
 */
static bool concurrent_entry_param(const struct profile_set *prof, const struct ir_var *p)
{
	const struct profile_rule *r;

	if (!prof || !p->name || !(r = profile_find(prof, p->name, PR_SHARED_PARAM_NAME)))
		return false;
	return profile_of(prof, r)->concurrent_entries;
}

struct prep_job {
	const struct index *idx;
	const struct profile_set *prof;
	struct prep_out *out;	/* by block */
};

static void prepare_block(void *ctx, uint32_t b, uint32_t start, uint32_t end)
{
	const struct prep_job *j = ctx;
	const struct index *idx = j->idx;
	const struct profile_set *prof = j->prof;
	struct prep_out *out = &j->out[b];

	for (uint32_t id = start; id < end; id++) {
		const struct ir_func *f = index_func(idx, id);

		/* a block's own functions' parameter roles are its to write */
		for (uint32_t v = 0; f && v < f->nparams; v++)
			if (party_memory_param(prof, &f->vars[v]))
				prog.role[id] |= ROLE_PARTY_ENTRY;
			else if (concurrent_entry_param(prof, &f->vars[v]))
				prog.role[id] |= ROLE_PARTY_ENTRY | ROLE_CONCURRENT_ENTRY;

		for (uint32_t o = 0; f && o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];

			/* kref_put(&o->ref, release): the release callback rides the put */
			if (op->kind == OP_RMW && op->mark == MARK_ATOMIC)
				mark_role(out, named_function(idx, f, f->srcs + op->src_start,
							      op->src_count),
					  ROLE_RELEASE);
			if (op->kind != OP_CALL || !op->a)
				continue;
			/*
			 * kref_put(ref, release), request_irq(irq, handler, ...): the
			 * profiles' release-callback and irq-handler
			 */
			for (int k = 0; prof && k < 2; k++) {
				const struct profile_rule *r =
					profile_find(prof, op->a, k ? PR_IRQ_HANDLER : PR_RELEASE_CALLBACK);
				const struct ir_arg *a;

				if (!r || r->arg < 0 || (uint32_t)r->arg >= op_nargs(op))
					continue;
				a = &f->args[op->src_start + r->arg];
				mark_role(out, named_function(idx, f, f->srcs + a->src_start, a->src_count),
					  k ? ROLE_IRQ : ROLE_RELEASE);
				break;
			}
			if (prof)
				learn_guest_call(idx, prof, f, op, out);
		}
	}
}

static void prepare(const struct index *idx, const struct profile_set *prof)
{
	uint32_t nblocks = pool_nblocks(idx->nfuncs);
	struct prep_job j = { idx, prof, xcalloc(nblocks + 1, sizeof(struct prep_out)) };

	prog.nfuncs = idx->nfuncs;
	prog.role = xcalloc(idx->nfuncs + 1, 1);
	prog.prof = prof;
	pool_run_blocks(idx->jobs, idx->nfuncs, prepare_block, &j);
	for (uint32_t b = 0; b < nblocks; b++) {
		struct prep_out *out = &j.out[b];

		for (uint32_t i = 0; i < out->marks.n; i++)
			prog.role[out->marks.v[i].id] |= out->marks.v[i].role;
		for (uint32_t i = 0; i < out->guest.n; i++)
			symmap_put(&prog.guest_types, out->guest.v[i], 1);
		vec_free(&out->marks);
		vec_free(&out->guest);
	}
	free(j.out);
	if (!prof)
		return;
	for (uint32_t i = 0; i < prof->rules.n; i++) {
		const struct profile_rule *r = &prof->rules.v[i];

		if ((r->kind == PR_SHARED_FIELD || r->kind == PR_SINK_FIELD ||
		     r->kind == PR_SHARED_TYPE) && r->strct && guest_profile(prof, r))
			symmap_put(&prog.guest_types, r->strct, 1);
	}
	learn_embedding(idx);
}

static void finish(void)
{
	free(prog.role);
	prog.role = NULL;
	prog.nfuncs = 0;
	prog.prof = NULL;
	symmap_free(&prog.guest_types);
	memset(&prog.guest_types, 0, sizeof(prog.guest_types));
}

static bool has_role(const struct ir_func *g, uint8_t role)
{
	return prog.role && g->id < prog.nfuncs && (prog.role[g->id] & role);
}

/*
 * A predicate: a helper that only looks -- no stores, no locks -- in itself
 * and the helpers it calls.  Branching on anything else (a call that
 * refreshes a cache, takes locks, changes state) is not a check of state.
 */
static bool predicate(const struct index *idx, const struct ir_func *g, unsigned depth)
{
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];
		const struct ir_func *h;

		switch (op->kind) {
		case OP_WRITE:
		case OP_RMW:
			if (g->paths[op->a].derefs || g->paths[op->a].base_kind == BASE_GLOBAL)
				return false;
			break;
		case OP_LOCK:
		case OP_UNLOCK:
			return false;
		case OP_CALL:
			if (op->flags & (OPF_TRACE | OPF_WARN | OPF_MACRO_LOOP))
				break;
			h = index_callee(idx, op);
			if (!h) {
				/* an unknown callee: only pure-looking helpers pass */
				if (depth == 0)
					return false;
				break;
			}
			if (h != g && (depth == 0 || !predicate(idx, h, depth - 1)))
				return false;
			break;
		default:
			break;
		}
	}
	return true;
}

/*
 * A predicate with its own acquire ordering (smp_rmb(), smp_load_acquire(),
 * a profile's read barrier)
 * is made to be called without the lock: it reads state published in
 * order, such as a mode set once before the objects that depend on it.
 */
static bool self_ordered(const struct ir_func *g)
{
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];

		if (op->kind == OP_READ && op->mark == MARK_ACQUIRE)
			return true;
		/* a read or full barrier, as the codebase's profile names them */
		if (op->kind == OP_CALL &&
		    (idiom_barrier_order_sym(op->a) & IDIOM_ORDER_READ))
			return true;
	}
	return false;
}

/*
 * An argument that is a pointer loaded from a field (q->dev): the object
 * the predicate is handed, named by the path it was loaded from.
 */
static uint32_t field_object(const struct ir_func *f, const struct ir_arg *a)
{
	const struct ir_src *s = f->srcs + a->src_start;

	if (a->src_count != 1 || s->kind != SRC_OP || s->how != HOW_VALUE || s->ref >= f->nops ||
	    f->ops[s->ref].kind != OP_READ)
		return IR_NONE;
	if (!f->paths[f->ops[s->ref].a].derefs)
		return IR_NONE;
	return f->ops[s->ref].a;
}

/* Is argument a the checked object: its variable, or the field it was loaded from? */
static bool arg_is_object(const struct ir_func *f, const struct ir_arg *a, const struct cand *c)
{
	uint32_t p;

	if (c->obj != IR_NONE)
		return pointer_var(f, f->srcs + a->src_start, a->src_count) == c->obj;
	if (c->objpath == IR_NONE)
		return false;
	p = field_object(f, a);
	return p != IR_NONE && f->paths[p].text == f->paths[c->objpath].text;
}

static uint32_t gather(const struct rule_ctx *ctx, const struct ir_func *f, const struct ir_op *br,
		       struct cand *out, uint32_t max)
{
	uint32_t origins[32], n, cnt = 0;

	n = value_origins(f, f->srcs + br->src_start, br->src_count, 2, origins, 32);
	for (uint32_t i = 0; i < n && cnt < max; i++) {
		const struct ir_op *op = &f->ops[origins[i]];

		if (op->kind == OP_READ || op->kind == OP_RMW) {
			const struct ir_path *p = &f->paths[op->a];
			uint32_t obj = p->base_kind == BASE_VAR ? p->base : IR_NONE;

			if (!p->key || (!p->derefs && !str_starts(sym_str(p->key), "global::")))
				continue;
			out[cnt++] = (struct cand){ p->key, f->id, origins[i], obj, IR_NONE, IR_NONE };
		} else if (op->kind == OP_CALL) {
			const struct ir_func *g = index_callee(ctx->idx, op);
			struct param_effect fx[MAX_FX];

			if (!g || !predicate(ctx->idx, g, 2) || self_ordered(g))
				continue;
			for (uint32_t k = 0; k < op_nargs(op) && k < g->nparams && cnt < max; k++) {
				const struct ir_arg *a = &f->args[op->src_start + k];
				uint32_t obj = pointer_var(f, f->srcs + a->src_start, a->src_count);
				uint32_t path = obj == IR_NONE ? field_object(f, a) : IR_NONE;
				uint32_t m;

				if (obj == IR_NONE && path == IR_NONE)
					continue;
				m = param_effects(ctx->idx, g, k, 2, fx, MAX_FX);
				for (uint32_t e = 0; e < m && cnt < max; e++) {
					if (fx[e].kind != OP_READ || !fx[e].key)
						continue;
					out[cnt++] = (struct cand){ fx[e].key, fx[e].func, fx[e].op, obj,
								    origins[i], path };
				}
			}
		}
	}
	return cnt;
}

static bool holds_any(const struct ir_lockitem *set, uint32_t n, const struct writers *w,
		      sym_t *which)
{
	for (uint32_t i = 0; i < w->ncommon; i++)
		if (holds(set, n, w->common[i].lock)) {
			if (which)
				*which = w->common[i].lock;
			return true;
		}
	return false;
}

/*
 * How many distinct states the writers store: the constants they store,
 * and those their callers hand to a setter that stores its parameter
 * (chan_set_state(c, CHAN_ERROR) with "c->state = state;" in its body).
 */
static void add_state(sym_t *v, uint32_t *n, uint32_t max, sym_t value)
{
	for (uint32_t k = 0; k < *n; k++)
		if (v[k] == value)
			return;
	if (*n < max)
		v[(*n)++] = value;
}

/*
 * Is the value op stores one the other party chose: read out of a local
 * that a fetch from its memory filled (copy_from_guest(&op, arg, 1);
 * ... t->mode = op.mode;)?  Then it can store any state it likes.
 */
static bool party_chosen_value(const struct ir_func *g, const struct ir_op *op)
{
	uint32_t origins[16], n;

	if (!prog.prof)
		return false;
	n = value_origins(g, g->srcs + op->src_start, op->src_count, 1, origins, 16);
	for (uint32_t i = 0; i < n; i++) {
		const struct ir_op *r = &g->ops[origins[i]];

		if (r->kind != OP_READ || g->paths[r->a].base_kind != BASE_VAR)
			continue;
		for (uint32_t k = 0; k < r->src_count; k++) {
			const struct ir_src *s = &g->srcs[r->src_start + k];

			if (s->kind != SRC_VAR || s->how != HOW_BASE)
				continue;
			for (uint32_t d = 0; d < s->defs; d++) {
				uint32_t def = g->reach[s->def_start + d];
				const struct ir_op *dop, *call;

				if (def & REACH_ENTRY)
					continue;
				dop = &g->ops[def];
				if (dop->kind != OP_DEF || !(dop->flags & OPF_OUTPARAM) || !dop->src_count ||
				    g->srcs[dop->src_start].kind != SRC_OP)
					continue;
				call = &g->ops[g->srcs[dop->src_start].ref];
				if (call->kind == OP_CALL && profile_find(prog.prof, call->a, PR_FETCH))
					return true;
			}
		}
	}
	return false;
}

static uint32_t state_values(const struct index *idx, const struct writers *w)
{
	sym_t v[8];
	uint32_t n = 0;

	for (uint32_t i = 0; i < w->nconsts; i++)
		add_state(v, &n, 8, w->consts[i]);
	for (uint32_t i = 0; i < w->n && n < 2; i++) {
		const struct ir_func *g = index_func(idx, w->v[i].func);
		const struct ir_op *op = &g->ops[w->v[i].op];
		const struct func_info *gi = &idx->info[g->id];

		if (w->v[i].init || op->kind != OP_WRITE)
			continue;
		/* the other party picks the state: as many as it likes */
		if (party_chosen_value(g, op))
			return 8;
		for (uint32_t k = 0; k < op->src_count; k++) {
			const struct ir_src *s = &g->srcs[op->src_start + k];
			uint32_t var;

			if (s->kind != SRC_VAR || s->how != HOW_VALUE || s->ref >= g->nparams ||
			    s->defs != 1 || g->reach[s->def_start] != (REACH_ENTRY | s->ref))
				continue;
			var = s->ref;
			for (uint32_t c = 0; c < gi->ncallers; c++) {
				const struct call_site *cs = &idx->callers[gi->callers_start + c];
				const struct ir_func *h;
				const struct ir_arg *a = index_call_arg(idx, cs, var, &h);

				for (uint32_t m = 0; a && m < a->src_count; m++)
					if (h->srcs[a->src_start + m].kind == SRC_CONST)
						add_state(v, &n, 8, h->srcs[a->src_start + m].ref);
			}
		}
	}
	return n;
}

/* Is the checked object the variable of an iterator loop around the check? */
static bool in_peer_loop(const struct ir_func *f, const struct ir_op *br, const struct cand *c)
{
	for (uint16_t l = br->loop; l; l = f->loops[l - 1].parent) {
		const struct ir_loop *lp = &f->loops[l - 1];

		if (lp->kind == LOOP_MACRO && lp->var != IR_NONE && lp->var == c->obj)
			return true;
	}
	return false;
}

/*
 * Is `lock` the written object's own: does some writer take it on the very
 * object it writes (mutex_lock(&v->mutex); v->state = ...)?  Without that
 * it may be a parent's or a container's lock of the same type (a child
 * written under its parent's lock), which a holder holds for all.
 */
static bool lock_through_object(const struct index *idx, const struct writers *w, sym_t lock,
				bool container);

static bool own_lock(const struct index *idx, const struct writers *w, sym_t lock)
{
	return lock_through_object(idx, w, lock, false);
}

/*
 * Or a lock the writers reach through a pointer in the object, the lock of
 * its container (mutex_lock(&v->vm->lock); v->power = ...): one lock for
 * all the objects the container holds, as a VM's lock is for its vCPUs.
 */
static bool container_lock(const struct index *idx, const struct writers *w, sym_t lock)
{
	return lock_through_object(idx, w, lock, true);
}

static bool lock_through_object(const struct index *idx, const struct writers *w, sym_t lock,
				bool container)
{
	for (uint32_t i = 0; i < w->n; i++) {
		const struct writer *wr = &w->v[i];
		const struct ir_func *g = index_func(idx, wr->func);
		const struct ir_path *wp = &g->paths[g->ops[wr->op].a];

		if (wr->init || wp->base_kind != BASE_VAR)
			continue;
		for (uint32_t k = 0; k < wr->nlocks; k++) {
			const struct ir_lockitem *l = &wr->locks[k];
			const struct ir_path *lp = l->path < g->npaths ? &g->paths[l->path] : NULL;

			if (l->lock == lock && lp && lp->base_kind == BASE_VAR &&
			    lp->base == wp->base && (lp->derefs > 1) == container)
				return true;
		}
	}
	return false;
}

/*
 * Does the checker hold the writers' lock of the object it checks?  Locks
 * are named by type, not by object; in a loop over peers that each have a
 * lock of their own (own_lock), the lock of the object this code runs for
 * (its own vCPU's, or one its callers hold) is not the peer's.  There
 * only a lock taken on the peer itself counts, or one held for every peer
 * (a lock-all-vCPUs helper), which shuts out every writer that holds the
 * lock of any one of them.
 */
static bool holds_for(const struct index *idx, const struct ir_func *f,
		      const struct ir_lockitem *set, uint32_t n, const struct writers *w,
		      const struct cand *c, bool peers)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct ir_path *p = set[i].path < f->npaths ? &f->paths[set[i].path] : NULL;
		bool on_peer = p && p->base_kind == BASE_VAR && p->base == c->obj;

		for (uint32_t k = 0; k < w->ncommon; k++) {
			if (set[i].lock != w->common[k].lock)
				continue;
			if (set[i].every || !peers || on_peer || !own_lock(idx, w, set[i].lock))
				return true;
		}
	}
	return false;
}

/*
 * Does the checker hold, in any mode, a lock that is one in the program
 * (single_object_lock()) and that every writer holds exclusively?  Then no
 * writer runs between the check and the act, whichever state that lock
 * exists for: ptrace_stop() tests current->ptrace under
 * read_lock(&tasklist_lock), which every writer of it holds for writing,
 * besides the task's own siglock.
 */
static bool holds_global_of_writers(const struct ir_lockitem *set, uint32_t n,
				    const struct writers *w)
{
	for (uint32_t k = 0; k < w->ncommon; k++)
		if (single_object_lock(w->common[k].lock) && holds(set, n, w->common[k].lock))
			return true;
	return false;
}

/*
 * Is `lock` what protects the state `key`, not just a lock the writers
 * happen to hold?  It is when it lives in the object (lock_of_object);
 * when the writers take it through the very object they write -- its own,
 * or its container's (mutex_lock(&v->vm->lock); v->power = ...), the lock
 * of the VM that serialises its vCPUs; or when it is a file-scope lock
 * private to the checker's file (static DEFINE_SPINLOCK): nothing outside
 * the file can take it, so it exists for the file's own state.
 */
static bool protecting_lock(const struct index *idx, const struct ir_func *f,
			    const struct writers *w, sym_t lock, sym_t key)
{
	const char *l = sym_str(lock), *file = sym_str(f->file);
	size_t n = strlen(file);

	if (lock_of_object(idx, lock, key) || container_lock(idx, w, lock))
		return true;
	if (strncmp(l, file, n) || l[n] != ':' || l[n + 1] != ':')
		return false;
	/*
	 * ... and taken around a store by a writer itself: a file lock
	 * its callers hold over a whole procedure (a handshake serialised
	 * end to end) says nothing of the objects the procedure fills in.
	 */
	for (uint32_t i = 0; i < w->n; i++)
		for (uint32_t k = 0; !w->v[i].init && k < w->v[i].nlocks; k++)
			if (w->v[i].locks[k].lock == lock && !w->v[i].locks[k].from_caller)
				return true;
	return false;
}

static bool call_writes(const struct index *idx, const struct ir_func *g, sym_t key, unsigned depth);

/* Is `key` the state written, or a part of what is written? */
static bool writes_key(sym_t written, sym_t key)
{
	for (sym_t k = key; k; k = key_parent(k))
		if (k == written)
			return true;
	return false;
}

/*
 * A peer's check counts only if it guards a change of the state: under the
 * lock, the branch that uses the check leads to a store of it (itself or
 * in a callee).  That is what makes the check part of the protocol -- the
 * state only changes after being checked under the lock.
 */
static bool guards_a_write(const struct index *idx, const struct ir_func *h, uint32_t use_op,
			   sym_t key)
{
	uint32_t *ipdom = NULL;
	uint8_t *cd = NULL;
	bool found = false;

	for (uint32_t b = use_op + 1; b < h->nops && !found; b++) {
		const struct ir_op *br = &h->ops[b];
		uint32_t origins[32], n;
		bool uses = false;

		if (br->kind != OP_BRANCH || (br->flags & OPF_PREPROC))
			continue;
		n = value_origins(h, h->srcs + br->src_start, br->src_count, 2, origins, 32);
		for (uint32_t i = 0; i < n; i++)
			uses |= origins[i] == use_op;
		if (!uses)
			continue;
		if (!ipdom) {
			ipdom = cfg_postdominators(h);
			cd = xmalloc(h->nblocks + 1);
		}
		control_dependents(h, ipdom, br->block, cd);
		for (uint32_t o = b + 1; o < h->nops && !found; o++) {
			const struct ir_op *op = &h->ops[o];
			const struct ir_func *g;

			if (!cd[op->block])
				continue;
			if ((op->kind == OP_WRITE || op->kind == OP_RMW) &&
			    writes_key(h->paths[op->a].key, key))
				found = true;
			else if (op->kind == OP_CALL && (g = index_callee(idx, op)) &&
				 call_writes(idx, g, key, 2))
				found = true;
		}
		break;
	}
	free(ipdom);
	free(cd);
	return found;
}

static bool call_writes(const struct index *idx, const struct ir_func *g, sym_t key, unsigned depth)
{
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];
		const struct ir_func *h;

		if ((op->kind == OP_WRITE || op->kind == OP_RMW) && writes_key(g->paths[op->a].key, key))
			return true;
		if (depth && op->kind == OP_CALL && (h = index_callee(idx, op)) && h != g &&
		    call_writes(idx, h, key, depth - 1))
			return true;
	}
	return false;
}

/* The same check elsewhere, under one of the writers' locks, guarding a change. */
static bool find_peer(const struct rule_ctx *ctx, const struct ir_func *f, uint32_t br,
		      const struct cand *c, const struct writers *w, struct peer *peer)
{
	const struct index *idx = ctx->idx;
	struct ir_lockitem locks[LOCKS_MAX];
	uint32_t n;

	if (c->call != IR_NONE) {
		const struct ir_func *g = index_callee(idx, &f->ops[c->call]);
		const struct func_info *gi = &idx->info[g->id];

		for (uint32_t i = 0; i < gi->ncallers; i++) {
			const struct call_site *cs = &idx->callers[gi->callers_start + i];
			const struct ir_func *h = index_func(idx, cs->caller);

			if (h == f || !(h->ops[cs->op].flags & OPF_COND) ||
			    !same_program(f->file, h->file))
				continue;
			n = index_locks_at(idx, h, &h->ops[cs->op], locks, LOCKS_MAX);
			if (holds_any(locks, n, w, &peer->lock) &&
			    guards_a_write(idx, h, cs->op, c->key)) {
				peer->func = h->id;
				peer->op = cs->op;
				return true;
			}
		}
	}
	{
		uint32_t na;
		const struct field_access *a = index_field_reads(idx, c->key, &na);

		for (uint32_t i = 0; i < na; i++) {
			const struct ir_func *h = index_func(idx, a[i].func);
			const struct ir_op *op = &h->ops[a[i].op];

			/*
			 * f itself, run at once by another of the party's vCPUs,
			 * when it decides again under the lock after this check
			 */
			if ((h == f && !(has_role(f, ROLE_PARTY_ENTRY) && op_reaches(f, br, a[i].op))) ||
			    op->kind != OP_READ || !(op->flags & OPF_COND) ||
			    !same_program(f->file, h->file))
				continue;
			n = index_locks_at(idx, h, op, locks, LOCKS_MAX);
			if (holds_any(locks, n, w, &peer->lock) &&
			    guards_a_write(idx, h, a[i].op, c->key)) {
				peer->func = h->id;
				peer->op = a[i].op;
				return true;
			}
		}
	}
	return false;
}

/* Does a call read the state, in the callee or below (depth-bounded)? */
static bool call_reads(const struct index *idx, const struct ir_func *g, sym_t key, unsigned depth)
{
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];
		const struct ir_func *h;

		if ((op->kind == OP_READ || op->kind == OP_RMW) && g->paths[op->a].key == key)
			return true;
		if (depth && op->kind == OP_CALL && (h = index_callee(idx, op)) && h != g &&
		    call_reads(idx, h, key, depth - 1))
			return true;
	}
	return false;
}

/*
 * Does a call, made without the lock, take the lock itself and decide on
 * the state of the object it is passed again under it (a helper that
 * begins with "lock; if (p->state == DEAD) goto out;")?  Then the check
 * before the call is a lockless hint, as when f checks again itself.
 */
static bool rechecked_inside(const struct index *idx, const struct ir_func *f,
			     const struct ir_op *call, const struct ir_func *g, const struct cand *c,
			     const struct writers *w)
{
	struct param_effect fx[MAX_FX];

	for (uint32_t k = 0; k < op_nargs(call) && k < g->nparams; k++) {
		const struct ir_arg *a = &f->args[call->src_start + k];
		uint32_t m;

		if (!arg_is_object(f, a, c))
			continue;
		m = param_effects(idx, g, k, 2, fx, MAX_FX);
		for (uint32_t e = 0; e < m; e++) {
			const struct ir_func *h = index_func(idx, fx[e].func);
			const struct ir_op *r = &h->ops[fx[e].op];
			const struct ir_path *rp = &h->paths[r->a];
			const struct ir_lockitem *l;
			uint32_t n;

			if (fx[e].kind != OP_READ || fx[e].key != c->key || !(r->flags & OPF_COND) ||
			    rp->base_kind != BASE_VAR)
				continue;
			/* the writers' lock, taken there on the very object read */
			l = op_locks(h, r, &n);
			for (uint32_t i = 0; i < n; i++) {
				const struct ir_path *lp = l[i].path < h->npaths ? &h->paths[l[i].path] : NULL;

				if (lp && lp->base_kind == BASE_VAR && lp->base == rp->base &&
				    holds_any(&l[i], 1, w, NULL))
					return true;
			}
			/*
			 * or in a helper of the helper that every caller calls
			 * holding the lock: the helper locks, the inner one decides
			 */
			if (fx[e].depth > 0) {
				struct ir_lockitem held[LOCKS_MAX];

				n = index_locks_at(idx, h, r, held, LOCKS_MAX);
				for (uint32_t i = 0; i < n; i++)
					if (held[i].from_caller && holds_any(&held[i], 1, w, NULL))
						return true;
			}
		}
	}
	return false;
}

/*
 * Does g, handed the checked object as parameter `param`, decide again on
 * the state under the writers' lock before it acts?  A condition that
 * reads the state of the parameter -- itself, or through a predicate it
 * is handed to (mutex_lock(&p->lock); if (pool_draining(p)) goto out;) --
 * with the writers' lock held on the parameter (or a file-scope lock, one
 * for every object), or held by g's caller on the way down (`locked`);
 * and the same a few callees down, in the helpers g hands the object to.
 */
static bool decides_under_lock(const struct index *idx, const struct ir_func *g, uint32_t param,
			       const struct cand *c, const struct writers *w, unsigned depth,
			       bool locked)
{
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];
		const struct ir_lockitem *l;
		const struct ir_func *h;
		bool held = locked, reads = false;
		uint32_t n;

		if (op->kind != OP_READ && op->kind != OP_CALL)
			continue;
		l = op_locks(g, op, &n);
		for (uint32_t i = 0; i < n && !held; i++) {
			const struct ir_path *lp = l[i].path < g->npaths ? &g->paths[l[i].path] : NULL;

			held = lp && (param == IR_NONE ||
				      (lp->base_kind == BASE_VAR && lp->base == param) ||
				      lp->base_kind == BASE_GLOBAL) && holds_any(&l[i], 1, w, NULL);
		}
		if (op->kind == OP_READ) {
			const struct ir_path *rp = &g->paths[op->a];

			if (held && (op->flags & OPF_COND) &&
			    (writes_key(c->key, rp->key) || writes_key(rp->key, c->key)) &&
			    rp->base_kind == BASE_VAR && (param == IR_NONE || rp->base == param))
				return true;
			continue;
		}
		h = index_callee(idx, op);
		if (!h || h == g)
			continue;
		for (uint32_t k = 0; k < op_nargs(op) && k < h->nparams; k++) {
			const struct ir_arg *a = &g->args[op->src_start + k];
			struct param_effect fx[MAX_FX];
			uint32_t m;

			if (param != IR_NONE &&
			    pointer_var(g, g->srcs + a->src_start, a->src_count) != param)
				continue;
			if (held && (op->flags & OPF_COND) && predicate(idx, h, 2)) {
				m = param_effects(idx, h, k, 2, fx, MAX_FX);
				for (uint32_t e = 0; e < m && !reads; e++)
					reads = fx[e].kind == OP_READ && fx[e].key == c->key;
				if (reads)
					return true;
			}
			if (depth && decides_under_lock(idx, h, param == IR_NONE ? IR_NONE : k, c, w,
							depth - 1, held))
				return true;
		}
	}
	return false;
}

/*
 * Is every action the check decides a call that decides again under the
 * writers' lock, whatever handle it reaches the object by (a helper
 * handed the component, that finds its private data and takes its
 * mutex)?  The action is then guarded by its own check; the one outside
 * only spares a call.
 */
static bool acts_recheck(const struct index *idx, const struct ir_func *f, const uint32_t *acts,
			 uint32_t nacts, const struct cand *c, const struct writers *w)
{
	for (uint32_t i = 0; i < nacts; i++) {
		const struct ir_op *op = &f->ops[acts[i]];
		const struct ir_func *g = op->kind == OP_CALL ? index_callee(idx, op) : NULL;

		if (!g || !decides_under_lock(idx, g, IR_NONE, c, w, 1, false))
			return false;
	}
	return nacts > 0;
}

/* A call handed the checked object that decides again under the lock (decides_under_lock). */
static bool acts_after_recheck(const struct index *idx, const struct ir_func *f,
			       const struct ir_op *call, const struct ir_func *g, const struct cand *c,
			       const struct writers *w)
{
	for (uint32_t k = 0; k < op_nargs(call) && k < g->nparams; k++)
		if (arg_is_object(f, &f->args[call->src_start + k], c) &&
		    decides_under_lock(idx, g, k, c, w, 2, false))
			return true;
	return false;
}

/*
 * After the check, does f take the lock and look at the state again
 * (itself, or in a helper it calls under the lock)?  Then the check was a
 * lockless hint and the real decision is made under the lock.
 */
/*
 * The other side of a comparison, when it is not a constant: one name for
 * what src stands for (the path text of a read, a variable's name), or 0.
 */
static sym_t read_name(const struct ir_func *f, uint32_t o)
{
	const struct ir_path *p = &f->paths[f->ops[o].a];

	/* a field by its key, the same in a helper; a local by its text */
	return p->key ? p->key : p->text;
}

static sym_t operand_name(const struct ir_func *f, const struct ir_src *src, uint32_t state_op)
{
	uint32_t origins[8], n = value_origins(f, src, 1, 2, origins, 8);

	if (src->kind == SRC_VAR && src->ref < f->nvars)
		return n == 1 && f->ops[origins[0]].kind == OP_READ && origins[0] != state_op ?
		       read_name(f, origins[0]) : f->vars[src->ref].name;
	if (src->kind != SRC_OP)
		return 0;
	for (uint32_t i = 0; i < n; i++)
		if (origins[i] == state_op)
			return 0;
	return n == 1 && f->ops[origins[0]].kind == OP_READ ? read_name(f, origins[0]) : 0;
}

/*
 * What the branch at br compares the state read at state_op with, when
 * that is a value rather than a constant (`t->mode == req.mode`): up to
 * max names, 0 when the comparison is with constants only.  A branch
 * keeps its sources in the order of the condition, so the other operand
 * of the state's comparison is the source next to the state's.  With
 * `whole`, only a condition that is that one comparison counts: in
 * `a == p || p->x == C` the neighbour of p->x is a, not its operand.
 */
static uint32_t compared_with(const struct ir_func *f, uint32_t br, uint32_t state_op, bool whole,
			      sym_t *out, uint32_t max)
{
	const struct ir_op *b = &f->ops[br];
	uint32_t n = 0, ncmp = 0;

	for (uint32_t k = 0; k < b->src_count; k++)
		ncmp += how_compares(f->srcs[b->src_start + k].how);
	if (whole && ncmp != 2)
		return 0;
	for (uint32_t k = 0; k < b->src_count; k++) {
		const struct ir_src *src = &f->srcs[b->src_start + k];
		uint32_t origins[8], m;
		bool state = false;

		if (!how_compares(src->how))
			continue;
		m = value_origins(f, src, 1, 2, origins, 8);
		for (uint32_t i = 0; i < m; i++)
			state |= origins[i] == state_op;
		if (!state)
			continue;
		for (int d = -1; d <= 1; d += 2) {
			const struct ir_src *o;
			sym_t name;

			if ((d < 0 && k == 0) || (d > 0 && k + 1 >= b->src_count))
				continue;
			o = &f->srcs[b->src_start + k + (uint32_t)d];
			if (!how_compares(o->how) || o->kind == SRC_CONST)
				continue;
			name = operand_name(f, o, state_op);
			if (name && n < max)
				out[n++] = name;
		}
	}
	return n;
}

/* Does a branch after read o compare its value with one of these names? */
static bool compared_again_with(const struct ir_func *f, uint32_t o, const sym_t *names, uint32_t nn)
{
	for (uint32_t b = o + 1; b < f->nops; b++) {
		const struct ir_op *br = &f->ops[b];
		sym_t got[8];
		uint32_t ng;
		bool uses = false;

		if (br->kind != OP_BRANCH)
			continue;
		for (uint32_t k = 0; k < br->src_count && !uses; k++) {
			uint32_t origins[8], n = value_origins(f, &f->srcs[br->src_start + k], 1, 2,
							       origins, 8);

			for (uint32_t i = 0; i < n; i++)
				uses |= origins[i] == o;
		}
		if (!uses)
			continue;
		ng = compared_with(f, b, o, false, got, 8);
		for (uint32_t i = 0; i < ng; i++)
			for (uint32_t j = 0; j < nn; j++)
				if (got[i] == names[j])
					return true;
	}
	return false;
}

/* Does g, or a helper it calls, compare the state with one of these names again? */
static bool call_compares(const struct index *idx, const struct ir_func *g, sym_t key,
			  const sym_t *names, uint32_t nn, unsigned depth)
{
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];
		const struct ir_func *h;

		if (op->kind == OP_READ && g->paths[op->a].key == key &&
		    compared_again_with(g, o, names, nn))
			return true;
		if (depth && op->kind == OP_CALL && (h = index_callee(idx, op)) && h != g &&
		    call_compares(idx, h, key, names, nn, depth - 1))
			return true;
	}
	return false;
}

static bool checked_again(const struct rule_ctx *ctx, const struct ir_func *f, uint32_t br,
			  const struct cand *c, const struct writers *w)
{
	bool peers = in_peer_loop(f, &f->ops[br], c);
	sym_t names[8];
	/*
	 * A check of the state against a value (the version a request asks
	 * for) is made again only by comparing it with that value: a switch
	 * on the state under the lock looks again, but not at this question.
	 */
	uint32_t nnames = c->read_func == f->id ? compared_with(f, br, c->read_op, true, names, 8) : 0;

	for (uint32_t o = br + 1; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		struct ir_lockitem locks[LOCKS_MAX];
		const struct ir_func *g = NULL;
		bool direct = false;
		uint32_t n;

		if (op->kind == OP_READ || op->kind == OP_RMW)
			direct = f->paths[op->a].key == c->key;
		else if (op->kind == OP_CALL && c->call != IR_NONE && op->a == f->ops[c->call].a)
			direct = true;
		else if (op->kind == OP_CALL)
			g = index_callee(ctx->idx, op);
		if ((!direct && !g) || !op_reaches(f, br, o))
			continue;
		n = index_locks_at(ctx->idx, f, op, locks, LOCKS_MAX);
		if (!holds_for(ctx->idx, f, locks, n, w, c, peers)) {
			if (g && (rechecked_inside(ctx->idx, f, op, g, c, w) ||
				  acts_after_recheck(ctx->idx, f, op, g, c, w)))
				return true;
			continue;
		}
		if (nnames && (direct ? !compared_again_with(f, o, names, nnames) :
				   !call_compares(ctx->idx, g, c->key, names, nnames, 2)))
			continue;
		if (direct || call_reads(ctx->idx, g, c->key, 2))
			return true;
	}
	return false;
}

/*
 * Test-and-set: is the value the branch tests one this code read and
 * replaced in one critical section?  Holding the writers' lock L, it read
 * the state and then stored it (or an atomic exchange did both); whoever
 * takes L next sees the store, so the old value in hand cannot go stale
 * for this thread -- it owns the transition it made, and testing the old
 * value after the unlock decides what was decided under L.  A plain read
 * under L with no store in the same hold is only a snapshot and stays a
 * check: the state can change as soon as L is dropped.
 */

/* Does op o of f write the checked state of the same object? */
static bool stores_state(const struct index *idx, const struct ir_func *f, const struct ir_op *op,
			 const struct cand *c, const struct ir_path *rp)
{
	if (op->kind == OP_WRITE || op->kind == OP_RMW) {
		const struct ir_path *p = &f->paths[op->a];

		if (!writes_key(p->key, c->key) || p->base_kind != rp->base_kind)
			return false;
		if (p->base_kind == BASE_VAR)
			return p->base == c->obj;
		return p->base_kind == BASE_GLOBAL && p->base == rp->base;
	}
	if (op->kind == OP_CALL) {
		const struct ir_func *g = index_callee(idx, op);
		struct param_effect fx[MAX_FX];

		for (uint32_t k = 0; g && k < op_nargs(op) && k < g->nparams; k++) {
			const struct ir_arg *a = &f->args[op->src_start + k];
			uint32_t m;

			if (!arg_is_object(f, a, c))
				continue;
			m = param_effects(idx, g, k, 2, fx, MAX_FX);
			for (uint32_t e = 0; e < m; e++)
				if ((fx[e].kind == OP_WRITE || fx[e].kind == OP_RMW) &&
				    writes_key(fx[e].key, c->key))
					return true;
		}
	}
	return false;
}

/* Can w be reached from r without `lock` being let go on the way? */
static bool same_section(const struct ir_func *f, uint32_t r, uint32_t w, sym_t lock)
{
	const struct ir_block *br = &f->blocks[f->ops[r].block];
	uint32_t wb = f->ops[w].block;
	uint8_t *gaps;
	bool found = false;

	if (f->ops[r].block == wb && r < w)
		return lock_held_through(f, r, w + 1, lock);
	if (!lock_held_through(f, r, br->op_end, lock) ||
	    !lock_held_through(f, f->blocks[wb].op_start, w + 1, lock))
		return false;
	/* blocks where the lock is not held all through are gaps in the hold */
	gaps = xcalloc(f->nblocks + 1, 1);
	for (uint32_t b = 0; b < f->nblocks; b++)
		gaps[b] = b != wb &&
			  !lock_held_through(f, f->blocks[b].op_start, f->blocks[b].op_end, lock);
	for (uint32_t s = 0; s < br->nsucc && !found; s++)
		found = cfg_reaches_avoiding(f, f->succs[br->succ_start + s], wb, gaps);
	free(gaps);
	return found;
}

/*
 * Is the store made whatever the old value was (it post-dominates the
 * read), or only for the old values a branch on the read picks (a compare
 * and set under the lock)?  A store decided by something else leaves the
 * old value a plain snapshot on the paths that skip it.
 */
static bool store_owned(const struct ir_func *f, const uint32_t *ipdom, uint32_t r, uint32_t w)
{
	uint32_t rb = f->ops[r].block, wb = f->ops[w].block;
	uint8_t *cd;
	bool owned = false;

	if (rb == wb)
		return true;
	for (uint32_t b = ipdom[rb], steps = 0; b != IR_NONE && b < f->nblocks &&
	     steps <= f->nblocks; b = ipdom[b], steps++) {
		if (b == wb)
			return true;
		if (ipdom[b] == b)
			break;
	}
	cd = xmalloc(f->nblocks + 1);
	for (uint32_t o = r + 1; o < w && !owned; o++) {
		const struct ir_op *b = &f->ops[o];
		uint32_t origins[32], n;

		if (b->kind != OP_BRANCH)
			continue;
		n = value_origins(f, f->srcs + b->src_start, b->src_count, 2, origins, 32);
		for (uint32_t i = 0; i < n && !owned; i++) {
			if (origins[i] != r)
				continue;
			control_dependents(f, ipdom, b->block, cd);
			owned = cd[wb] != 0;
		}
	}
	free(cd);
	return owned;
}

/*
 * Flags: "pending = p->todo & WAKE; p->todo &= ~START;" tests one bit and
 * clears another, and the bit tested is as stale after the unlock as any
 * plain read.  Bits are told apart by the spelling of the constants: the
 * mask the read is tested through, and those a compound store sets (|=)
 * or clears (&= ~).  Any other store replaces every bit.
 */
#define MAX_BITS 8

static uint32_t tested_bits(const struct ir_func *f, uint32_t r, sym_t *out)
{
	for (uint32_t u = r + 1; u < f->nops; u++) {
		uint32_t starts[64], counts[64], nr = op_src_ranges(f, &f->ops[u], starts, counts, 64);

		for (uint32_t k = 0; k < nr; k++) {
			const struct ir_src *s = f->srcs + starts[k];
			uint32_t n = 0;
			bool masked = false;

			for (uint32_t i = 0; i < counts[k]; i++)
				if (s[i].kind == SRC_OP && s[i].ref == r)
					masked = s[i].how == HOW_MASK;
			for (uint32_t i = 0; masked && i < counts[k] && n < MAX_BITS; i++)
				if (s[i].kind == SRC_CONST)
					out[n++] = s[i].ref;
			for (uint32_t i = 0; i < counts[k]; i++)
				if (s[i].kind == SRC_OP && s[i].ref == r)
					return n;	/* the first use decides */
		}
	}
	return 0;
}

static uint32_t stored_bits(const struct ir_func *f, const struct ir_op *w, sym_t *out)
{
	const struct ir_src *s = f->srcs + w->src_start;
	uint8_t how = w->compound_op == '&' ? HOW_CLEAR : HOW_VALUE;
	uint32_t n = 0;

	if (w->kind != OP_WRITE || !(w->flags & OPF_COMPOUND) ||
	    (w->compound_op != '&' && w->compound_op != '|'))
		return 0;
	for (uint32_t i = 0; i < w->src_count; i++) {
		if (s[i].kind != SRC_CONST)
			continue;
		if (s[i].how != how || n == MAX_BITS)
			return 0;
		out[n++] = s[i].ref;
	}
	return n;
}

/* Do two known, non-empty sets of bits have none in common? */
static bool bits_apart(const sym_t *t, uint32_t nt, const sym_t *v, uint32_t nv)
{
	if (!nt || !nv)
		return false;
	for (uint32_t i = 0; i < nt; i++)
		for (uint32_t k = 0; k < nv; k++)
			if (t[i] == v[k])
				return false;
	return true;
}

/*
 * One-bit ops (test_bit(nr, w) against set_bit, clear_bit...) number
 * their bit rather than mask it: a numbered bit is told apart only from
 * another numbered one, by the spelling of the two constants.
 */
static bool numbered_bits_apart(const struct ir_op *r, const struct ir_op *w)
{
	return r->kind == OP_READ && r->bit != IR_NONE && w->kind == OP_RMW &&
	       w->bit != IR_NONE && r->bit != w->bit;
}

/* Does the store leave alone every bit the read is tested through? */
static bool other_bits(const struct ir_func *f, uint32_t r, const struct ir_op *w)
{
	sym_t t[MAX_BITS], v[MAX_BITS];
	uint32_t nt = tested_bits(f, r, t), nv = nt ? stored_bits(f, w, v) : 0;

	return numbered_bits_apart(&f->ops[r], w) || bits_apart(t, nt, v, nv);
}

/*
 * A helper handed the bit it sets or clears (set_bit(which, &d->flags),
 * `which` a parameter nothing reassigns) numbers, at each call, the
 * constant its caller passes.  Do all its calls pass constants, none of
 * them the bit the read tests?  A function whose address is taken may be
 * called with any bit, so only one whose every call is a direct one.
 */
static bool param_bit_apart(const struct index *idx, const struct ir_op *r,
			    const struct ir_func *h, const struct ir_op *wo)
{
	const struct ir_src *s = &h->srcs[wo->src_start];
	const struct func_info *hi;
	uint32_t var;

	if (r->kind != OP_READ || r->bit == IR_NONE || wo->kind != OP_RMW ||
	    !(wo->flags & OPF_BIT_VAR) || !wo->src_count || s->kind != SRC_VAR ||
	    s->ref >= h->nparams || s->defs != 1 || !h->reach ||
	    h->reach[s->def_start] != (REACH_ENTRY | s->ref) || h->id >= idx->nfuncs)
		return false;
	hi = &idx->info[h->id];
	if (hi->address_taken || !hi->ncallers)
		return false;
	var = s->ref;
	for (uint32_t c = 0; c < hi->ncallers; c++) {
		const struct ir_func *g;
		const struct ir_arg *a = index_call_arg(idx, &idx->callers[hi->callers_start + c],
							var, &g);
		const struct ir_src *as = a ? &g->srcs[a->src_start] : NULL;

		if (!a || a->src_count != 1 || as->kind != SRC_CONST || as->ref == r->bit)
			return false;
	}
	return true;
}

/*
 * Does writer op wo (of h) leave alone every bit check c tests: a
 * numbered bit against a writer numbering another (itself, or through
 * the constants its callers hand it), or masks whose constants differ?
 * False when either side's bits are unknown.
 */
static bool writer_spares_bits(const struct index *idx, const struct cand *c,
			       const struct ir_func *h, const struct ir_op *wo)
{
	const struct ir_func *g = index_func(idx, c->read_func);
	const struct ir_op *r = &g->ops[c->read_op];
	sym_t t[MAX_BITS], v[MAX_BITS];
	uint32_t nt, nv;

	if (r->kind == OP_READ && r->bit != IR_NONE)
		return numbered_bits_apart(r, wo) || param_bit_apart(idx, r, h, wo);
	nt = tested_bits(g, c->read_op, t);
	nv = nt ? stored_bits(h, wo, v) : 0;
	return bits_apart(t, nt, v, nv);
}

/*
 * Do the writers leave alone every bit the check tests?  A flags word
 * whose writers only set or clear other bits (set->flags |= SHARED) under
 * the lock does not change the bit tested (flags & NO_SCHED): the check
 * is of state nothing changes concurrently.  A numbered bit is held
 * against every writer of the word: the writers kept as reaching the
 * check may be only those of other bits (a driver's core clearing one
 * flag) while the tested bit's own writers sit elsewhere in it.
 */
static bool writers_spare_tested_bits(const struct index *idx, const struct cand *c,
				      const struct writers *reaching, sym_t from)
{
	const struct ir_func *g = index_func(idx, c->read_func);
	const struct ir_op *r = &g->ops[c->read_op];
	sym_t t[MAX_BITS];
	bool numbered = r->kind == OP_READ && r->bit != IR_NONE;
	struct writers all;
	const struct writers *w = reaching;

	if (!numbered && !tested_bits(g, c->read_op, t))
		return false;
	if (numbered) {
		writers_of(idx, c->key, from, &all);
		w = &all;
	}
	if (w->total > w->n)
		return false;
	for (uint32_t i = 0; i < w->n; i++) {
		const struct ir_func *h = index_func(idx, w->v[i].func);

		if (!w->v[i].init && !writer_spares_bits(idx, c, h, &h->ops[w->v[i].op]))
			return false;
	}
	return true;
}

/*
 * The tested bit's own writers, when some writers of the word only set or
 * clear other bits: a writer of another constant bit cannot change the
 * outcome, whichever lock it holds.  Taken from every writer of the word,
 * then narrowed to those reaching the check, as the word's writers were:
 * the tested bit's writers may sit elsewhere.  False when no writer is
 * dropped (nothing new to say).
 */
static bool tested_bit_writers(const struct index *idx, const struct ir_func *f,
			       const struct cand *c, struct writers *w)
{
	const struct ir_func *g = index_func(idx, c->read_func);
	const struct ir_op *r = &g->ops[c->read_op];
	sym_t t[MAX_BITS];
	uint32_t m = 0;

	if (!(r->kind == OP_READ && r->bit != IR_NONE) && !tested_bits(g, c->read_op, t))
		return false;
	writers_of(idx, c->key, f->file, w);
	for (uint32_t i = 0; i < w->n; i++) {
		const struct ir_func *h = index_func(idx, w->v[i].func);

		if (w->v[i].init || !writer_spares_bits(idx, c, h, &h->ops[w->v[i].op]))
			w->v[m++] = w->v[i];
	}
	if (m == w->n)
		return false;
	w->total -= w->n - m;
	w->n = m;
	writers_recount(w);
	writers_reaching(idx, f, w);
	return true;
}

/*
 * Is the tested bit left alone by the writers the check races with?  With
 * the writers of other bits dropped, those left (the tested bit's own)
 * may be none; may share no lock (the lock the word's writers hold was
 * the other bits' lock, and says nothing of this one); or may all hold a
 * lock the checker holds too (a flag changed only under a global mutex
 * the checker takes, while the other flags change under the object's
 * spinlock).  Only ever a reason for silence: the finding stands on the
 * word's writers, as before, when this says nothing.
 */
static bool tested_bit_unraced(const struct rule_ctx *ctx, const struct ir_func *f,
			       const struct cand *c, const struct ir_lockitem *held,
			       uint32_t nheld, bool peers)
{
	struct writers *w = xmalloc(sizeof(*w));
	bool quiet = false;

	/* past the cap, writers not seen may be the tested bit's */
	if (tested_bit_writers(ctx->idx, f, c, w) && w->total == w->n)
		quiet = !w->concurrent || !w->ncommon ||
			holds_global_of_writers(held, nheld, w) ||
			holds_for(ctx->idx, f, held, nheld, w, c, peers);
	free(w);
	return quiet;
}

/*
 * The other order of the same: the state stored first and read back in
 * the same hold (`m->state--; left = m->state;`).  Nobody else can store
 * it in between, so what the read gets is this thread's own store, the
 * transition it made -- the last reader out of a hand-made rwlock knows
 * it was the last.  Only within one block: a store on some paths only
 * leaves the read someone else's value on the others.  And only a store
 * made here, whose bits can be compared with those the read is tested
 * through: a helper that sets one flag (rfkill's software block) says
 * nothing of another flag read back after it (the hardware block).
 */
static bool stored_before(const struct index *idx, const struct ir_func *f, uint32_t r,
			  const struct cand *c, const struct ir_path *rp, sym_t lock)
{
	uint32_t start = f->blocks[f->ops[r].block].op_start;

	for (uint32_t o = r; o-- > start;) {
		const struct ir_op *op = &f->ops[o];

		if (op->kind == OP_CALL || !stores_state(idx, f, op, c, rp))
			continue;
		return !other_bits(f, r, op) && lock_held_through(f, o, r + 1, lock);
	}
	return false;
}

static bool test_and_set(const struct rule_ctx *ctx, const struct ir_func *f, uint32_t br,
			 const struct cand *c, const struct writers *w)
{
	uint32_t r = c->call != IR_NONE ? c->call : c->read_op;
	const struct ir_op *rop;
	const struct ir_path *rp;
	struct ir_lockitem held[LOCKS_MAX], own[1];
	uint32_t n, *ipdom = NULL;
	bool peers = in_peer_loop(f, &f->ops[br], c), found = false;

	if (c->call == IR_NONE && c->read_func != f->id)
		return false;
	rop = &f->ops[r];
	/* an atomic exchange reads and stores in one step: xchg, cmpxchg, test_and_set_bit */
	if (rop->kind == OP_RMW && rop->mark == MARK_ATOMIC)
		return true;
	rp = rop->kind == OP_CALL ? NULL : &f->paths[rop->a];
	n = index_locks_at(ctx->idx, f, rop, held, LOCKS_MAX);
	for (uint32_t i = 0; i < n && !found; i++) {
		uint32_t no;
		const struct ir_lockitem *ol = op_locks(f, rop, &no);

		/* one of the writers' locks, on this object, taken here */
		own[0] = held[i];
		if (!holds(ol, no, held[i].lock) || !holds_for(ctx->idx, f, own, 1, w, c, peers))
			continue;
		if (rop->kind == OP_RMW)
			return true;	/* a read-modify-write under L: its own store */
		if (rp && stored_before(ctx->idx, f, r, c, rp, held[i].lock))
			return true;
		for (uint32_t o = r + 1; o < f->nops && !found; o++) {
			const struct ir_op *op = &f->ops[o];
			struct ir_path none = { .base_kind = BASE_VAR };

			if (!stores_state(ctx->idx, f, op, c, rp ? rp : &none) ||
			    (rp && other_bits(f, r, op)) || !op_reaches(f, o, br) ||
			    !same_section(f, r, o, held[i].lock))
				continue;
			if (!ipdom)
				ipdom = cfg_postdominators(f);
			found = store_owned(f, ipdom, r, o);
		}
	}
	free(ipdom);
	return found;
}

/*
 * The first side effect in each arm the branch decides: a store to shared
 * memory or a call.  A branch that only picks what to return is a query,
 * and a query's answer is a snapshot by nature: not an action.
 */
/* Is the value of op o used only to compute what the function returns? */
static bool only_returned(const struct ir_func *f, uint32_t o)
{
	bool used = false;

	for (uint32_t u = o + 1; u < f->nops; u++) {
		const struct ir_op *op = &f->ops[u];
		uint32_t starts[64], counts[64], n = op_src_ranges(f, op, starts, counts, 64);

		for (uint32_t r = 0; r < n; r++) {
			const struct ir_src *s = f->srcs + starts[r];

			for (uint32_t i = 0; i < counts[r]; i++) {
				if (s[i].kind != SRC_OP || s[i].ref != o)
					continue;
				if (op->kind == OP_RETURN)
					used = true;
				else if (op->kind == OP_CALL && only_returned(f, u))
					used = true;	/* div_u64(get_ns(), 100) */
				else
					return false;
			}
		}
	}
	return used;
}

/* FOO(x): a function-like macro by the kernel's naming convention. */
static bool looks_like_macro(const char *name)
{
	bool upper = false;

	for (const char *c = name; *c; c++) {
		if (*c >= 'a' && *c <= 'z')
			return false;
		if (*c >= 'A' && *c <= 'Z')
			upper = true;
	}
	return upper;
}

/* Is op o of f an action a decision can make: a store to shared memory, a call that does something? */
static bool decided_effect(const struct index *idx, const struct ir_func *f, uint32_t o)
{
	const struct ir_op *op = &f->ops[o];

	switch (op->kind) {
	case OP_WRITE:
	case OP_RMW: {
		const struct ir_path *p = &f->paths[op->a];

		return p->derefs || p->base_kind == BASE_GLOBAL;
	}
	case OP_CALL: {
		const struct ir_func *g = index_callee(idx, op);
		const char *name = sym_str(op->a);

		/* BIT(i), min(a, b): value macros; a helper that only looks is no act;
		 * a call whose result is only returned computes the query's answer */
		return !(op->flags & (OPF_TRACE | OPF_WARN | OPF_MACRO_LOOP | OPF_COND)) &&
		       !looks_like_macro(name) && !(g && predicate(idx, g, 1)) &&
		       !only_returned(f, o);
	}
	default:
		return false;
	}
}

static uint32_t find_acts(const struct index *idx, const struct ir_func *f, uint32_t br,
			  uint32_t *acts, uint32_t max)
{
	uint32_t *ipdom = cfg_postdominators(f);
	uint8_t *cd = xmalloc(f->nblocks + 1);
	uint32_t n = 0, b = f->ops[br].block;
	uint8_t done = 0;

	control_dependents(f, ipdom, b, cd);
	for (uint32_t o = br + 1; o < f->nops && n < max; o++) {
		uint8_t arms = cd[f->ops[o].block] & (uint8_t)~done;

		if (!arms)
			continue;
		if (decided_effect(idx, f, o)) {
			acts[n++] = o;
			done |= arms;
		}
	}
	free(ipdom);
	free(cd);
	return n;
}

/*
 * Does the decided op o work on the checked object itself: a store through
 * it, or a call handed it (c, &c->work)?  A value loaded from one of its
 * fields (c->hdev, a private request filled from c->id) is another object.
 * State with no object to name it (a global) has every act on it.
 */
static bool acts_on_object(const struct ir_func *f, uint32_t o, const struct cand *c)
{
	const struct ir_op *op = &f->ops[o];

	if (c->obj == IR_NONE)
		return true;
	if (op->kind == OP_WRITE || op->kind == OP_RMW) {
		const struct ir_path *p = &f->paths[op->a];

		return p->base_kind == BASE_VAR && p->base == c->obj;
	}
	for (uint32_t k = 0; op->kind == OP_CALL && k < op_nargs(op); k++) {
		const struct ir_arg *a = &f->args[op->src_start + k];
		const struct ir_path *p = a->path < f->npaths ? &f->paths[a->path] : NULL;

		if (a->flags & ARG_FORMATTED)
			continue;
		if (arg_is_object(f, a, c))
			return true;
		if (p && (a->flags & ARG_ADDR) && p->base_kind == BASE_VAR && p->base == c->obj)
			return true;
	}
	return false;
}

/*
 * `lock(L); s = o->state; unlock(L); if (s == X) act;`: the state was read
 * under L, the lock every writer holds, into a value tested after L is let
 * go.  The check saw a state some writer left whole -- a snapshot, taken
 * the way its writers ask.  What can still go stale is the act, and only
 * an act on the object the state governs (a store through it, a call handed
 * it): a writer may have changed the state meanwhile.  An act elsewhere --
 * a log line, a private request filled in, an account kept apart -- uses
 * the outcome as a fact of the moment it was read, which is what the
 * snapshot is for.  A call the check is made through (a helper handed the
 * object) counts as the read, at its call.
 */
/*
 * Does the section that takes the snapshot also stake a claim on the
 * object: a store to another field of it, under the same hold, that other
 * code decides on (request_count++ that a suspend waits to see drop) or
 * that the state's own writers read (req_in_progress = 0, which the DMA
 * callback that clears the channel reads before finishing the request)?
 * Then the snapshot and the claim are one step under the lock: a writer
 * that comes after sees the claim and defers to it, and what the checker
 * does on the snapshot's outcome is the claim's own consequence, not a
 * decision gone stale.  A store nobody else looks at (a statistic) claims
 * nothing.
 */
static bool writer_reads(const struct index *idx, const struct ir_func *f, const struct writers *w,
			 sym_t key)
{
	for (uint32_t i = 0; i < w->n; i++) {
		const struct ir_func *g = index_func(idx, w->v[i].func);

		if (!g || w->v[i].init || w->v[i].func == f->id)
			continue;
		for (uint32_t o = 0; o < g->nops; o++)
			if (g->ops[o].kind == OP_READ && g->ops[o].a < g->npaths &&
			    g->paths[g->ops[o].a].key == key)
				return true;
	}
	return false;
}

static bool claims_in_section(const struct index *idx, const struct ir_func *f, uint32_t at,
			      const struct cand *c, const struct writers *w, sym_t lock)
{
	if (c->obj == IR_NONE)
		return false;
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_path *p;
		const struct field_access *rd;
		uint32_t nrd;
		bool decided_elsewhere = false;

		if ((op->kind != OP_WRITE && op->kind != OP_RMW) || op->a >= f->npaths)
			continue;
		p = &f->paths[op->a];
		if (p->base_kind != BASE_VAR || p->base != c->obj || !p->key || p->key == c->key ||
		    !(o < at ? same_section(f, o, at, lock) : same_section(f, at, o, lock)))
			continue;
		rd = index_field_reads(idx, p->key, &nrd);
		decided_elsewhere = writer_reads(idx, f, w, p->key);
		for (uint32_t k = 0; k < nrd && !decided_elsewhere; k++) {
			const struct ir_func *g = index_func(idx, rd[k].func);

			decided_elsewhere = g && g != f && rd[k].op < g->nops &&
					    (g->ops[rd[k].op].flags & OPF_COND);
		}
		if (decided_elsewhere)
			return true;
	}
	return false;
}

/*
 * Was object var obj looked up, in this section of `lock`, by a call handed
 * the very object the lock was taken on (spin_lock(&c->lock); o = find(c,
 * key); ... o->state)?  Then o is one of c's, and the lock of c is the
 * lock of the container its writers hold to change it, not another
 * object's of that type.  Every definition of obj that reaches `at`
 * must be such a look-up: another could be any object.  (That a call
 * handed c returns one of c's is the convention of look-ups, taken on
 * trust; the holder is not followed for a reassignment in between.)
 */
static bool looked_up_under(const struct ir_func *f, uint32_t obj, uint32_t holder, sym_t lock,
			    uint32_t at)
{
	const struct ir_src *use = op_find_src(f, &f->ops[at], SRC_VAR, obj);

	if (!use || !use->defs || !f->reach)
		return false;
	/* every definition that reaches the check, a loop's later ones too */
	for (uint32_t k = 0; k < use->defs; k++) {
		uint32_t dn = f->reach[use->def_start + k];
		const struct ir_op *d, *call;
		const struct ir_src *s;
		bool handed = false;

		if ((dn & REACH_ENTRY) || dn >= f->nops || (d = &f->ops[dn])->kind != OP_DEF ||
		    d->a != obj)
			return false;
		s = f->srcs + d->src_start;
		if (d->src_count != 1 || s->kind != SRC_OP || s->ref >= dn ||
		    (call = &f->ops[s->ref])->kind != OP_CALL || !same_section(f, s->ref, at, lock))
			return false;
		for (uint32_t a = 0; a < op_nargs(call) && !handed; a++) {
			const struct ir_arg *arg = &op_args(f, call)[a];
			const struct ir_src *as = arg_srcs(f, arg);

			handed = arg->src_count == 1 && as && as->kind == SRC_VAR &&
				 as->ref == holder && as->how == HOW_VALUE;
		}
		if (!handed)
			return false;
	}
	return true;
}

static bool decided_on_snapshot(const struct index *idx, const struct ir_func *f, uint32_t br,
				const struct cand *c, const struct writers *w)
{
	uint32_t at = c->call != IR_NONE ? c->call : c->read_func == f->id ? c->read_op : IR_NONE;
	struct ir_lockitem held[LOCKS_MAX];
	uint32_t n, *ipdom;
	uint8_t *cd;
	bool under = false, on_object = false;
	sym_t lock = 0;

	if (at == IR_NONE || at >= br)
		return false;
	n = index_locks_at(idx, f, &f->ops[at], held, LOCKS_MAX);
	for (uint32_t i = 0; i < n && !under; i++) {
		const struct ir_path *p = held[i].path < f->npaths ? &f->paths[held[i].path] : NULL;

		if (p && c->obj != IR_NONE && p->base_kind == BASE_VAR && p->base != c->obj &&
		    !held[i].every && !looked_up_under(f, c->obj, p->base, held[i].lock, at))
			continue;	/* the same lock of another object */
		for (uint32_t k = 0; k < w->ncommon && !under; k++)
			under = held[i].lock == w->common[k].lock;
		if (under)
			lock = held[i].lock;
	}
	if (!under)
		return false;
	if (claims_in_section(idx, f, at, c, w, lock))
		return true;
	ipdom = cfg_postdominators(f);
	cd = xmalloc(f->nblocks + 1);
	control_dependents(f, ipdom, f->ops[br].block, cd);
	for (uint32_t o = br + 1; o < f->nops && !on_object; o++)
		on_object = cd[f->ops[o].block] && decided_effect(idx, f, o) && acts_on_object(f, o, c);
	free(ipdom);
	free(cd);
	return !on_object;
}

static const char *var_name(const struct ir_func *f, uint32_t v)
{
	return v != IR_NONE && v < f->nvars ? sym_str(f->vars[v].name) : NULL;
}

/* "tmp->arch.mp_state.mp_state" for key "struct kvm_vcpu::arch.mp_state.mp_state" */
static const char *obj_name(const struct ir_func *f, const struct cand *c)
{
	if (c->obj == IR_NONE && c->objpath != IR_NONE)
		return sym_str(f->paths[c->objpath].text);
	return var_name(f, c->obj);
}

static sym_t obj_type(const struct index *idx, const struct ir_func *f, const struct cand *c)
{
	if (c->obj == IR_NONE && c->objpath != IR_NONE)
		return index_key_type(idx, f->paths[c->objpath].key);
	return c->obj != IR_NONE ? f->vars[c->obj].type : 0;
}

static void state_display(char *buf, size_t n, const struct ir_func *f, const struct cand *c,
			  const struct index *idx)
{
	lock_display(buf, n, c->key, obj_name(f, c), obj_type(idx, f, c), idx);
	/* a state read here through a field (q->dev->state): the read's own text */
	if (!strcmp(buf, sym_str(c->key)) && c->call == IR_NONE && c->read_func == f->id)
		snprintf(buf, n, "%s", sym_str(f->paths[f->ops[c->read_op].a].text));
}

/* "another vCPU" for vCPUs; for other objects, "another <struct tag>". */
static void peer_noun(char *buf, size_t n, const struct ir_func *f, const struct cand *c,
		      const struct index *idx)
{
	sym_t s = c->obj != IR_NONE ? index_struct_of(idx, f->vars[c->obj].type, NULL) : 0;
	const char *tag = s ? strchr(sym_str(s), ' ') + 1 : "peer";

	if (strstr(tag, "vcpu"))
		snprintf(buf, n, "vCPU");
	else
		snprintf(buf, n, "%s", tag);
}

/* Does g run in hard interrupt context: a registered handler, or only called by one? */
static bool irq_context(const struct index *idx, const struct ir_func *g)
{
	const struct func_info *gi = &idx->info[g->id];

	if (has_role(g, ROLE_IRQ))
		return true;
	if (!gi->ncallers || gi->address_taken)
		return false;
	for (uint32_t i = 0; i < gi->ncallers; i++) {
		const struct call_site *cs = &idx->callers[gi->callers_start + i];

		if (!has_role(index_func(idx, cs->caller), ROLE_IRQ))
			return false;
	}
	return true;
}

/*
 * Are all the writers' locks ones that sleep (a mutex, a semaphore)?  A
 * hard interrupt handler cannot take them: its check is made lockless by
 * design, and what keeps it safe is the order of setup and teardown
 * against the interrupt (free_irq() waits for the handler), not L.
 */
static bool sleeping_locks(const struct writers *w)
{
	for (uint32_t i = 0; i < w->ncommon; i++)
		if (w->common[i].kind != LOCK_MUTEX && w->common[i].kind != LOCK_SEM)
			return false;
	return w->ncommon > 0;
}

/*
 * Who can change the state between the check and the action: an
 * interrupt handler when one of the writers is one; another vCPU when the
 * object is where a guest's state lives (a type the guest profiles tie to
 * the guest, prepare()) -- the vCPU threads run the guest's requests side
 * by side; otherwise another host thread.
 */
/* The trigger of the profile that makes f an entry of the other party. */
static const char *party_trigger(const struct ir_func *f)
{
	const struct profile_set *prof = prog.prof;

	for (uint32_t v = 0; prof && v < f->nparams; v++) {
		const struct profile_rule *r = profile_handle_rule(prof, f->vars[v].type);

		if (r && profile_of(prof, r)->trigger)
			return sym_str(profile_of(prof, r)->trigger);
		if (concurrent_entry_param(prof, &f->vars[v]) &&
		    (r = profile_find(prof, f->vars[v].name, PR_SHARED_PARAM_NAME)) != NULL &&
		    profile_of(prof, r)->trigger)
			return sym_str(profile_of(prof, r)->trigger);
		if (f->vars[v].is_user)
			for (uint32_t i = 0; i < prof->profiles.n; i++)
				if (prof->profiles.v[i].user_pointers && prof->profiles.v[i].trigger)
					return sym_str(prof->profiles.v[i].trigger);
	}
	return NULL;
}

static const char *other_party(const struct index *idx, const struct ir_func *f,
			       const struct cand *c, const struct writers *w)
{
	const char *k = sym_str(c->key), *sep = strstr(k, "::");
	sym_t ks = sep ? intern_n(k, (size_t)(sep - k)) : 0;
	sym_t os = c->obj != IR_NONE ? index_struct_of(idx, f->vars[c->obj].type, NULL) : 0;

	for (uint32_t i = 0; i < w->n; i++) {
		const struct ir_func *g = index_func(idx, w->v[i].func);

		if (!w->v[i].init && g != f && irq_context(idx, g))
			return "an interrupt handler";
	}
	/* a writer the other party's requests run (a vCPU's MMIO write) */
	for (uint32_t i = 0; i < w->n; i++) {
		const char *t;

		if (!w->v[i].init && w->v[i].func != f->id &&
		    (t = party_callback_trigger(idx, prog.prof, w->v[i].func)))
			return t;
	}
	/* the party's own request on another vCPU or thread, through an entry of its own */
	for (uint32_t i = 0; i < w->n && has_role(f, ROLE_PARTY_ENTRY); i++) {
		const struct ir_func *g = index_func(idx, w->v[i].func);
		const char *t;

		if (!w->v[i].init && has_role(g, ROLE_PARTY_ENTRY) && (t = party_trigger(f)))
			return t;
	}
	if ((ks && symmap_get(&prog.guest_types, ks, 0)) ||
	    (os && symmap_get(&prog.guest_types, os, 0)))
		return "another vCPU";
	return "another host thread";
}

/*
 * How to show the lock: after the object when lock_display can
 * (tmp->arch.mp_state_lock); after the path the check read when the state
 * was read through a field (q->dev->state: q->dev->lock); a file-scope
 * lock by its name alone.
 */
static void show_lock(char *buf, size_t n, const struct ir_func *f, const struct cand *c,
		      const struct writers *w, sym_t lock, const char *obj, sym_t objtype,
		      const struct index *idx)
{
	const char *l = sym_str(lock), *lsep = strstr(l, "::");
	const char *k = sym_str(c->key), *ksep = strstr(k, "::");

	lock_display(buf, n, lock, obj, objtype, idx);
	if (!lsep || !ksep)
		return;
	if (strncmp(l, "struct ", 7) && strncmp(l, "union ", 6) && strncmp(l, "global::", 8)) {
		snprintf(buf, n, "%s", lsep + 2);	/* file.c::name */
		return;
	}
	if (buf[0] && strcmp(buf, l))
		return;		/* lock_display found a better name */
	if (c->call == IR_NONE && c->read_func == f->id && lsep - l == ksep - k &&
	    !strncmp(l, k, (size_t)(lsep - l))) {
		const char *text = sym_str(f->paths[f->ops[c->read_op].a].text);
		size_t tl = strlen(text), fl = strlen(ksep + 2);

		/* "q->dev->state" ends with the key's field "state": swap in the lock's */
		if (tl > fl + 2 && !strcmp(text + tl - fl, ksep + 2) && text[tl - fl - 1] == '>') {
			snprintf(buf, n, "%.*s%s", (int)(tl - fl), text, lsep + 2);
			return;
		}
	}
	/* a container's lock: as a writer reaches it from the object (v->vm->lock) */
	for (uint32_t i = 0; obj && i < w->n; i++) {
		const struct ir_func *g = index_func(idx, w->v[i].func);
		const struct ir_path *wp = &g->paths[g->ops[w->v[i].op].a];

		for (uint32_t j = 0; wp->base_kind == BASE_VAR && j < w->v[i].nlocks; j++) {
			const struct ir_lockitem *li = &w->v[i].locks[j];
			const struct ir_path *lp = li->path < g->npaths ? &g->paths[li->path] : NULL;
			const char *vn = sym_str(g->vars[wp->base].name), *lt;

			if (li->lock != lock || !lp || lp->base_kind != BASE_VAR || lp->base != wp->base)
				continue;
			lt = sym_str(lp->text);
			if (!strncmp(lt, vn, strlen(vn))) {
				snprintf(buf, n, "%s%s", obj, lt + strlen(vn));
				return;
			}
		}
	}
}

/*
 * Is there a writer of the state checked, in code that reaches the object,
 * that does not run only in the checker's own self-serialized context?
 */
static bool other_context_writer(const struct index *idx, const struct cand *c,
				 const struct writers *w, const struct ir_func *f)
{
	for (uint32_t i = 0; i < w->n; i++) {
		const struct writer *wr = &w->v[i];

		if (!wr->init && wr->func != f->id && writer_reaches(idx, wr->func, f) &&
		    !one_context(idx, c->read_func, c->read_op, wr))
			return true;
	}
	return false;
}

/*
 * How strong the evidence is that a writer runs between the check and the
 * action (rules/concurrency.h): one in code that reaches the object, not
 * a fellow callback of the checker's framework, callers' locks known.
 */
static void doubt_writers(const struct index *idx, const struct ir_func *f, const struct ir_op *b,
			  const struct cand *c, const struct writers *w, struct finding *fd)
{
	const struct writer *ev = NULL, *stopped = NULL;
	struct ir_lockitem held[LOCKS_MAX];
	uint32_t nheld, afunc;
	bool related = false;

	for (uint32_t i = 0; i < w->n && !related; i++) {
		const struct writer *wr = &w->v[i];

		if (wr->init || wr->func == f->id)
			continue;
		if (writer_reaches(idx, wr->func, f)) {
			ev = wr;
			related = true;
			/* one that stops the checker's context first: another, if any */
			if (writer_stops_context(idx, c->read_func, c->read_op, wr->func, wr->op) !=
			    IR_NONE)
				related = false, stopped = wr;
		} else if (!ev) {
			ev = wr;
		}
	}
	if (!related && stopped) {
		ev = stopped;
		related = true;
	}
	if (!ev)
		return;
	nheld = index_locks_at(idx, f, b, held, LOCKS_MAX);
	/*
	 * That writer running only in the checker's own self-serialized
	 * context (the same work item, on the same object) says the check
	 * races with nothing only if no other writer runs elsewhere: with one
	 * that does, the context is left out of the evidence (IR_NONE).
	 */
	afunc = c->read_func;
	if (one_context(idx, afunc, c->read_op, ev) && other_context_writer(idx, c, w, f))
		afunc = IR_NONE;
	concurrency_doubt(idx, f, fd, afunc, c->read_op, ev, related, held, nheld, false);
}

/*
 * List up to `max` of the writers (not setup, not f itself) as sites: those
 * whose bits spare the tested ones or not, as `sparing` says.  How many.
 */
static uint32_t show_writers(struct finding *fd, const struct index *idx, const struct ir_func *f,
			     const struct cand *c, const struct writers *w, bool sparing,
			     uint32_t max)
{
	uint32_t shown = 0;

	for (uint32_t i = 0; i < w->n && shown < max; i++) {
		const struct writer *wr = &w->v[i];
		const struct ir_func *g = index_func(idx, wr->func);
		const struct ir_op *op = &g->ops[wr->op];
		const struct ir_path *wp = &g->paths[op->a];
		char wl[256];
		bool by_callers = false;

		if (wr->init || g == f || writer_spares_bits(idx, c, g, op) != sparing)
			continue;
		for (uint32_t k = 0; k < wr->nlocks; k++)
			if (wr->locks[k].lock == w->common[0].lock)
				by_callers = wr->locks[k].from_caller;
		lock_display(wl, sizeof(wl), w->common[0].lock,
			     wp->base_kind == BASE_VAR ? sym_str(g->vars[wp->base].name) : NULL,
			     wp->base_kind == BASE_VAR ? g->vars[wp->base].type : 0, idx);
		finding_add_site(fd, g->file, op->line, op->col, g->name, "writer", intern(wl),
				 "writes %s%s", sym_str(wp->text),
				 by_callers ? " (every caller holds the lock)" : "");
		finding_add_ref(fd, wr->func, wr->op, "writer");
		shown++;
	}
	return shown;
}

static void report(struct rule_ctx *ctx, const struct ir_func *f, uint32_t br, const struct cand *c,
		   const struct writers *w, const struct peer *peer, const uint32_t *acts,
		   uint32_t nacts)
{
	const struct index *idx = ctx->idx;
	const struct ir_op *b = &f->ops[br];
	char state[256], lock[256];
	const char *obj = obj_name(f, c);
	sym_t objtype = obj_type(idx, f, c);
	struct finding *fd;
	bool peers = in_peer_loop(f, b, c);

	char consequence[160], noun[64];

	state_display(state, sizeof(state), f, c, idx);
	show_lock(lock, sizeof(lock), f, c, w, w->common[0].lock, obj, objtype, idx);
	peer_noun(noun, sizeof(noun), f, c, idx);
	if (peers)
		snprintf(consequence, sizeof(consequence),
			 "in this loop over peers, another %s can change state after this check", noun);
	else
		snprintf(consequence, sizeof(consequence),
			 "the state can change between this check and the action it decides");
	if (c->call != IR_NONE)
		fd = finding_new(&rule_check_then_act, f->file, b->line, b->col, f->name,
				 "%s() checks %s without holding %s, the lock its writers hold; %s",
				 sym_str(f->ops[c->call].a), state, lock, consequence);
	else
		fd = finding_new(&rule_check_then_act, f->file, b->line, b->col, f->name,
				 "%s is checked without holding %s, the lock its writers hold; %s",
				 state, lock, consequence);
	fd->object = intern(sym_str(c->key));
	fd->trigger = intern(other_party(idx, f, c, w));
	/*
	 * With no known harm, a note: every round of reading rated a decision
	 * on a state that can change, where nothing known follows from it,
	 * as a maintainer rates a harmless data race (a redundant wakeup, a
	 * status shown a moment late), not as a defect to fix.  An impact
	 * the triage finds (a size, a WARN, a free) rates it higher.
	 */
	fd->rule_severity_hint = SEV_NOTE;
	finding_add_site(fd, f->file, b->line, b->col, f->name, "check", 0, "%s decides here%s", state,
			 peers ? ", once per peer in the loop" : "");
	finding_add_ref(fd, f->id, br, "check");
	finding_add_ref(fd, c->read_func, c->read_op, "read");
	if (c->read_func != f->id) {
		const struct ir_func *g = index_func(idx, c->read_func);
		const struct ir_op *r = &g->ops[c->read_op];

		finding_add_site(fd, g->file, r->line, r->col, g->name, "read", 0, "%s reads %s (%s)",
				 sym_str(g->name), sym_str(g->paths[r->a].text), ir_mark_name(r->mark));
	}
	for (uint32_t i = 0; i < nacts; i++) {
		const struct ir_op *a = &f->ops[acts[i]];

		finding_add_site(fd, f->file, a->line, a->col, f->name, "act", 0, "%s",
				 a->kind == OP_CALL ? "acts on the outcome: a call" :
				 "acts on the outcome: a store");
		finding_add_ref(fd, f->id, acts[i], "act");
	}
	/*
	 * the writers that can change what the check tests; only when none is
	 * known, the others (a flags word's writers of other bits say nothing
	 * of who flips the tested one)
	 */
	{
		uint32_t shown = show_writers(fd, idx, f, c, w, false, 4);

		if (!shown)
			show_writers(fd, idx, f, c, w, true, 4);
	}
	{
		const struct ir_func *h = index_func(idx, peer->func);
		const struct ir_op *op = &h->ops[peer->op];

		const struct ir_op *pc = peer->op < h->nops ? op : NULL;
		char pl[256];
		uint32_t pv = IR_NONE;

		/* name the lock after the object the peer checks */
		if (pc && pc->kind == OP_CALL && op_nargs(pc)) {
			const struct ir_arg *a = &h->args[pc->src_start];

			pv = pointer_var(h, h->srcs + a->src_start, a->src_count);
		} else if (pc && (pc->kind == OP_READ) && h->paths[pc->a].base_kind == BASE_VAR) {
			pv = h->paths[pc->a].base;
		}
		lock_display(pl, sizeof(pl), peer->lock, pv != IR_NONE ? sym_str(h->vars[pv].name) : NULL,
			     pv != IR_NONE ? h->vars[pv].type : 0, idx);
		finding_add_site(fd, h->file, op->line, op->col, h->name, "peer", intern(pl),
				 "the same check, made under the lock before changing the state");
	}
	fd->fix = xasprintf("hold %s from the check through the action, or check again under it "
			    "before acting", lock);
	doubt_writers(idx, f, b, c, w, fd);
	rule_report(ctx, fd);
}

/*
 * `v = o->ptr; if (!v) skip; ... v->x ...`: the branch asks whether a
 * pointer loaded once is NULL, and the code it decides works on that same
 * loaded value.  Check and use agree whatever a writer does meanwhile: the
 * load-once idiom, not a check-then-act.  (Whether the plain load itself
 * races is unmarked-race's question.)
 */
static bool tests_loaded_pointer(const struct ir_func *f, uint32_t br, const struct cand *c)
{
	const struct ir_op *b = &f->ops[br];
	uint32_t var = IR_NONE, def = IR_NONE;

	if (c->call != IR_NONE || c->read_func != f->id)
		return false;
	for (uint32_t i = 0; i < b->src_count; i++) {
		const struct ir_src *s = &f->srcs[b->src_start + i];
		const struct ir_op *d;
		const struct ir_src *ds;
		uint32_t r;

		if (s->kind == SRC_CONST) {
			if (!const_is_zero(s->ref))
				return false;
			continue;
		}
		if (s->kind != SRC_VAR || (s->how != HOW_TEST && !how_compares(s->how)) || s->defs != 1)
			return false;
		r = f->reach[s->def_start];
		if (r & REACH_ENTRY)
			return false;
		d = &f->ops[r];
		ds = f->srcs + d->src_start;
		if (d->kind != OP_DEF || d->src_count != 1 || ds->kind != SRC_OP ||
		    ds->ref != c->read_op || ds->how != HOW_VALUE || (var != IR_NONE && var != s->ref))
			return false;
		var = s->ref;
		def = r;
	}
	if (var == IR_NONE || !str_ends(sym_str(f->vars[var].type), "*"))
		return false;
	for (uint32_t u = br + 1; u < f->nops; u++) {
		uint32_t starts[64], counts[64], n = op_src_ranges(f, &f->ops[u], starts, counts, 64);

		for (uint32_t r = 0; r < n; r++)
			for (uint32_t i = 0; i < counts[r]; i++) {
				const struct ir_src *s = f->srcs + starts[r] + i;

				if (s->kind != SRC_VAR || s->ref != var)
					continue;
				for (uint32_t k = 0; k < s->defs; k++)
					if (f->reach[s->def_start + k] == def)
						return true;
			}
	}
	return false;
}

/*
 * Is var v a parameter, or a local only ever set from one (container_of
 * of the kref the release callback is handed)?
 */
static bool from_param(const struct ir_func *f, uint32_t v)
{
	bool any = false;

	if (v < f->nparams)
		return true;
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *d = &f->ops[o];
		uint32_t origins[8], n;
		bool ok = false;

		if (d->kind != OP_DEF || d->a != v)
			continue;
		for (uint32_t i = 0; i < d->src_count; i++) {
			const struct ir_src *s = &f->srcs[d->src_start + i];

			ok |= s->kind == SRC_VAR && s->ref < f->nparams;
		}
		n = value_origins(f, f->srcs + d->src_start, d->src_count, 0, origins, 8);
		for (uint32_t i = 0; i < n && !ok; i++) {
			const struct ir_op *c = &f->ops[origins[i]];

			for (uint32_t k = 0; c->kind == OP_CALL && k < op_nargs(c); k++) {
				const struct ir_arg *a = &f->args[c->src_start + k];

				ok |= pointer_var(f, f->srcs + a->src_start, a->src_count) < f->nparams;
			}
		}
		if (!ok)
			return false;
		any = true;
	}
	return any;
}

/*
 * A release function: every caller calls it only once it has dropped the
 * last reference to the object (`if (refcount_dec_and_test(&o->ref))
 * o_free(o);`).  Nothing else can reach the object then, so nothing can
 * change its state between a check and what the check decides.
 */
static bool last_reference_release(const struct index *idx, const struct ir_func *f, uint32_t obj)
{
	const struct func_info *fi = &idx->info[f->id];

	/*
	 * A release callback (kref_put()'s) called from nowhere else: it runs
	 * on the object its parameter leads to once the count reached zero.
	 */
	if (obj != IR_NONE && has_role(f, ROLE_RELEASE) && !fi->ncallers && from_param(f, obj))
		return true;
	if (obj == IR_NONE || obj >= f->nparams || !fi->entry_known || !fi->ncallers ||
	    fi->address_taken)
		return false;
	for (uint32_t i = 0; i < fi->ncallers; i++) {
		const struct call_site *cs = &idx->callers[fi->callers_start + i];
		const struct ir_func *g;
		const struct ir_arg *a = index_call_arg(idx, cs, obj, &g);
		uint32_t v;

		if (!a)
			return false;
		v = pointer_var(g, g->srcs + a->src_start, a->src_count);
		if (v == IR_NONE || !after_last_put(idx, prog.prof, g, cs->op, v))
			return false;
	}
	return true;
}

/* if (WARN_ON(x)) / if (KVM_BUG_ON(x, kvm)): an assertion, not a decision. */
static bool assertion(const struct ir_func *f, const struct ir_op *br)
{
	uint32_t origins[16], n = value_origins(f, f->srcs + br->src_start, br->src_count, 0, origins, 16);

	for (uint32_t i = 0; i < n; i++)
		if (f->ops[origins[i]].kind == OP_CALL && (f->ops[origins[i]].flags & OPF_WARN))
			return true;
	return false;
}

/*
 * `if (m->state) panic();` is BUG_ON(m->state) written out: an arm whose
 * first act is a call that does not return stops on a state the author
 * holds impossible (a mutex destroyed while held).  It is an assertion as
 * the WARN and BUG macros are, and like them it decides no action: the
 * code after it runs only when the assertion held.
 */
static bool stops_at_once(const struct ir_func *f, const uint32_t *acts, uint32_t nacts)
{
	for (uint32_t i = 0; i < nacts; i++)
		if (f->ops[acts[i]].kind == OP_CALL && (f->ops[acts[i]].flags & OPF_NORETURN))
			return true;
	return false;
}

/* --- a gate or latch with no lock at all, in an entry every CPU runs ---- */

/* A plain access of a file-scope variable (not an element, not a field). */
static bool plain_scalar_global(const struct ir_func *f, const struct ir_op *op)
{
	const struct ir_path *p = &f->paths[op->a];

	return (op->kind == OP_READ || op->kind == OP_WRITE) && op->mark == MARK_PLAIN &&
	       p->base_kind == BASE_GLOBAL && !p->chain && !p->derefs;
}

static bool no_lock_at(const struct index *idx, const struct ir_func *f, uint32_t o)
{
	struct ir_lockitem held[LOCKS_MAX];

	return index_locks_at(idx, f, &f->ops[o], held, LOCKS_MAX) == 0;
}

/* The plain read of a scalar global among a branch's operands, or IR_NONE. */
static uint32_t branch_global(const struct ir_func *f, uint32_t br)
{
	uint32_t origins[16];
	const struct ir_op *b = &f->ops[br];
	uint32_t n = value_origins(f, f->srcs + b->src_start, b->src_count, 0, origins, 16);

	for (uint32_t i = 0; i < n; i++)
		if (origins[i] < f->nops && plain_scalar_global(f, &f->ops[origins[i]]) &&
		    f->ops[origins[i]].kind == OP_READ)
			return origins[i];
	return IR_NONE;
}

/* Is op o inside loop l (a loop index + 1), at any depth? */
static bool op_in_loop(const struct ir_func *f, uint32_t o, uint16_t l)
{
	for (uint16_t k = f->ops[o].loop; k; k = f->loops[k - 1].parent)
		if (k == l)
			return true;
	return false;
}

/* Is branch b the condition of a loop (its header's test) that store w is not in? */
static bool loop_condition(const struct ir_func *f, uint32_t b, uint32_t w)
{
	for (uint32_t k = 0; k < f->nloops; k++)
		if (f->loops[k].head == f->ops[b].block && !op_in_loop(f, w, (uint16_t)(k + 1)))
			return true;
	return false;
}

/* Does f store G itself, plainly and holding no lock? */
static uint32_t unlocked_store_of(const struct index *idx, const struct ir_func *f, sym_t text)
{
	for (uint32_t o = 0; o < f->nops; o++)
		if (f->ops[o].kind == OP_WRITE && plain_scalar_global(f, &f->ops[o]) &&
		    f->paths[f->ops[o].a].text == text && no_lock_at(idx, f, o))
			return o;
	return IR_NONE;
}

/*
 * Does branch br bound the global read rd (a <, <=, >, >= comparison of
 * it), and does the code it decides go on to write through that global
 * (g[i] = .., *g = .., with g a pointer) or to use a fresh read of it as
 * an index, a pointer to step or dereference?  Then two CPUs that both
 * passed the bound both use the value, and the later one's is past it:
 * the stale outcome reaches memory.  The op doing so, or IR_NONE.
 */
static uint32_t bounded_global_used(const struct ir_func *f, uint32_t br, uint32_t rd)
{
	const struct ir_op *b = &f->ops[br];
	const struct ir_path *gp = &f->paths[f->ops[rd].a];
	bool bound = false;

	for (uint32_t k = 0; k < b->src_count; k++) {
		const struct ir_src *s = &f->srcs[b->src_start + k];

		bound |= s->kind == SRC_OP && s->ref == rd && s->how == HOW_COMPARE;
	}
	if (!bound)
		return IR_NONE;
	for (uint32_t x = br + 1; x < f->nops; x++) {
		const struct ir_op *op = &f->ops[x];

		if (!op_reaches(f, br, x))
			continue;
		if (op->kind == OP_WRITE || op->kind == OP_READ) {
			const struct ir_path *p = &f->paths[op->a];

			if (p->base_kind == BASE_GLOBAL && p->base == gp->base &&
			    (p->derefs || (p->flags & PATH_FLAG_INDEXED)) && op->kind == OP_WRITE)
				return x;
			continue;
		}
		if (op->kind == OP_USE && op->mark <= USE_DEREF) {
			uint32_t origins[8];
			uint32_t n = value_origins(f, f->srcs + op->src_start, op->src_count, 0,
						   origins, 8);

			for (uint32_t i = 0; i < n; i++)
				if (origins[i] != rd && origins[i] < f->nops &&
				    f->ops[origins[i]].kind == OP_READ &&
				    f->paths[f->ops[origins[i]].a].text == gp->text &&
				    op_reaches(f, br, origins[i]))
					return x;
		}
	}
	return IR_NONE;
}

/*
 * An entry the other party calls from every CPU at once (an SMC handler)
 * tests a file-scope flag and then stores to file-scope state, holding no
 * lock and using no atomic, while it also stores the flag itself the same
 * way: two CPUs can both pass the test before either store lands.  The
 * one-shot gate (if (!allowed) fail; allowed = false;) and the latch
 * (if (!negotiated) version = v; elsewhere negotiated = true;) are this
 * shape.  Reported at the test nearest before each such store.
 */
static void unlocked_gates(struct rule_ctx *ctx, const struct ir_func *f)
{
	const struct index *idx = ctx->idx;
	uint32_t *ipdom = NULL;
	sym_t done[8];
	uint32_t ndone = 0;

	for (uint32_t w = 0; w < f->nops; w++) {
		const struct ir_op *st = &f->ops[w];
		uint32_t br = IR_NONE, rd = IR_NONE, gw, thru;
		sym_t g;
		bool dup = false;
		struct finding *fd;

		if (st->kind != OP_WRITE || !plain_scalar_global(f, st) || !no_lock_at(idx, f, w))
			continue;
		for (uint32_t b = w; b-- > 0;) {
			if (f->ops[b].kind != OP_BRANCH || (f->ops[b].flags & (OPF_PREPROC | OPF_MACRO_LOOP)))
				continue;
			/*
			 * a test in a loop the store is not in ends a wait for
			 * another CPU (while (!done) ;): a handshake, not a gate
			 */
			if (f->ops[b].loop && !op_in_loop(f, w, f->ops[b].loop))
				continue;
			if (loop_condition(f, b, w))
				continue;
			/* the test must decide whether the store runs */
			if ((rd = branch_global(f, b)) != IR_NONE && op_reaches(f, b, w) &&
			    branch_decides(f, &ipdom, f->ops[b].block, st->block)) {
				br = b;
				break;
			}
		}
		if (br == IR_NONE || !no_lock_at(idx, f, br))
			continue;
		g = f->paths[f->ops[rd].a].text;
		gw = unlocked_store_of(idx, f, g);
		if (gw == IR_NONE)
			continue;
		for (uint32_t k = 0; k < ndone; k++)
			dup |= done[k] == g;
		if (dup || ndone == 8)
			continue;
		done[ndone++] = g;
		if (f->paths[st->a].text == g)
			fd = finding_new(&rule_check_then_act, f->file, f->ops[br].line,
					 f->ops[br].col, f->name,
					 "%s is tested and then changed with no lock held, in an entry "
					 "every CPU runs at once: two CPUs can both pass the test before "
					 "either changes it", sym_str(g));
		else
			fd = finding_new(&rule_check_then_act, f->file, f->ops[br].line,
					 f->ops[br].col, f->name,
					 "%s is tested, with no lock held, before a store to %s it "
					 "decides, in an entry every CPU runs at once: another CPU can "
					 "change %s in between", sym_str(g),
					 sym_str(f->paths[st->a].text), sym_str(g));
		fd->object = g;
		fd->trigger = intern(party_trigger(f));
		fd->rule_severity_hint = SEV_LOW;
		finding_add_site(fd, f->file, f->ops[br].line, f->ops[br].col, f->name, "check", 0,
				 "%s decides here", sym_str(g));
		finding_add_ref(fd, f->id, br, "check");
		finding_add_site(fd, f->file, st->line, st->col, f->name, "act", 0,
				 "acts on the outcome: a store to %s", sym_str(f->paths[st->a].text));
		finding_add_ref(fd, f->id, w, "act");
		if ((thru = bounded_global_used(f, br, rd)) != IR_NONE) {
			finding_add_site(fd, f->file, f->ops[thru].line, f->ops[thru].col, f->name,
					 "flow", 0, "%s, as bounded by the test, %s here: another "
					 "CPU's change since the test takes it past the bound",
					 sym_str(g), f->ops[thru].kind == OP_WRITE ?
					 "is written through" : "indexes or points");
			finding_add_ref(fd, f->id, thru, "bounded");
		}
		finding_add_site(fd, f->file, f->ops[gw].line, f->ops[gw].col, f->name, "writer", 0,
				 "writes %s, on another CPU running the same entry",
				 sym_str(f->paths[f->ops[gw].a].text));
		finding_add_ref(fd, f->id, gw, "writer");
		fd->fix = xasprintf("test and change %s in one critical section (a spin lock), "
				    "or with one atomic exchange", sym_str(g));
		rule_report(ctx, fd);
	}
	free(ipdom);
}

/*
 * Is lock item l held by f from the check (branch op br) through every
 * action, in one section, and is it the checked object's own, taken here
 * on that very object (or on every peer)?  Locks are named by type: the
 * lock of another object of the type, the caller's own in a walk over
 * peers, shuts out nothing that writes this one.
 */
static bool held_check_to_acts(const struct index *idx, const struct ir_func *f, uint32_t br,
			       const struct cand *c, const uint32_t *acts, uint32_t nacts,
			       const struct ir_lockitem *l)
{
	const struct ir_path *p = l->path < f->npaths ? &f->paths[l->path] : NULL;

	if (!exclusive_lock(l) || !lock_of_object(idx, l->lock, c->key))
		return false;
	if (!l->every && !(p && p->base_kind == BASE_VAR && p->base == c->obj))
		return false;
	for (uint32_t i = 0; i < nacts; i++)
		if (acts[i] <= br || !same_section(f, br, acts[i], l->lock))
			return false;
	return true;
}

/*
 * The writers that can still change the state between the check and the
 * action.  A lock the checker holds over both, in one section, shuts out
 * every writer that holds it too, whatever other lock the writers share:
 * a channel whose state changes under its mutex and, where the I/O path
 * looks, under its spinlock as well, tested and acted on under the
 * spinlock.  w keeps only the others; false when none is left that races
 * the way the rule asks (another function's, storing two states or more).
 */
static bool unlocked_writers_left(const struct index *idx, const struct ir_func *f, uint32_t br,
				  const struct cand *c, const uint32_t *acts, uint32_t nacts,
				  const struct ir_lockitem *held, uint32_t nheld, struct writers *w)
{
	uint32_t k = 0;
	bool other = false;

	if (w->total > w->n)
		return true;		/* some writers are out of sight */
	for (uint32_t i = 0; i < w->n; i++) {
		const struct writer *wr = &w->v[i];
		bool out = false;

		for (uint32_t j = 0; j < nheld && !out && !wr->init; j++)
			out = holds(wr->locks, wr->nlocks, held[j].lock) &&
			      held_check_to_acts(idx, f, br, c, acts, nacts, &held[j]);
		if (!out)
			w->v[k++] = *wr;
	}
	if (k == w->n)
		return true;
	w->n = w->total = k;
	w->nconsts = 0;
	w->concurrent = 0;
	for (uint32_t i = 0; i < w->n; i++) {
		const struct ir_func *g = index_func(idx, w->v[i].func);
		const struct ir_op *op = &g->ops[w->v[i].op];
		const struct ir_src *s = g->srcs + op->src_start;

		if (w->v[i].init)
			continue;
		w->concurrent++;
		other |= w->v[i].func != f->id || has_role(f, ROLE_PARTY_ENTRY);
		for (uint32_t m = 0; op->kind == OP_WRITE && m < op->src_count; m++) {
			bool seen = false;

			if (s[m].kind != SRC_CONST || s[m].how != HOW_VALUE)
				continue;
			for (uint32_t q = 0; q < w->nconsts; q++)
				seen |= w->consts[q] == s[m].ref;
			if (!seen && w->nconsts < ARRAY_SIZE(w->consts))
				w->consts[w->nconsts++] = s[m].ref;
		}
	}
	return w->concurrent && other &&
	       (state_values(idx, w) >= 2 || in_peer_loop(f, &f->ops[br], c));
}

static void check(struct rule_ctx *ctx, const struct ir_func *f)
{
	VEC(sym_t) seen = {0};

	/*
	 * boot-time setup: what it checks is not shared yet.  Not every
	 * init_function(): a probe can check what the interrupt handler it
	 * already registered changes, and a name says less than __init.
	 */
	if (boot_function(ctx->idx, f))
		return;
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		struct cand cands[MAX_CANDS];
		uint32_t nc;

		if (op->kind != OP_BRANCH || (op->flags & (OPF_PREPROC | OPF_MACRO_LOOP)) ||
		    !op->src_count || assertion(f, op))
			continue;
		nc = gather(ctx, f, op, cands, MAX_CANDS);
		for (uint32_t i = 0; i < nc; i++) {
			const struct cand *c = &cands[i];
			struct ir_lockitem held[LOCKS_MAX];
			uint32_t nheld, acts[2], nacts;
			struct writers w;
			struct peer peer;
			bool dup = false, other = false;

			for (uint32_t k = 0; k < seen.n; k++)
				dup |= seen.v[k] == c->key;
			/* the author asserts (KCSAN) that no other writer runs meanwhile */
			if (dup || asserts_exclusive(f, c->key, false))
				continue;
			writers_of(ctx->idx, c->key, f->file, &w);
			writers_reaching(ctx->idx, f, &w);
			/* a lock all writers hold, on state of this code's own subsystem */
			if (!w.concurrent || !w.ncommon || w.spread > 2)
				continue;
			nheld = index_locks_at(ctx->idx, f, op, held, LOCKS_MAX);
			if (holds_global_of_writers(held, nheld, &w))
				continue;
			/*
			 * The checker holds a lock every writer holds: none of
			 * them runs while it is held, whether or not that lock
			 * is the one that exists for the state (a resource's
			 * lock its callers hold over its locks' fields).  Asked
			 * before the common locks are narrowed to the protecting
			 * one below, which says only what the finding names.
			 */
			if (holds_for(ctx->idx, f, held, nheld, &w, c, in_peer_loop(f, op, c)))
				continue;
			/* ... and it is the object's own lock: the one that protects it */
			{
				uint32_t k = 0;

				for (uint32_t m = 0; m < w.ncommon; m++)
					if (protecting_lock(ctx->idx, f, &w, w.common[m].lock, c->key))
						w.common[k++] = w.common[m];
				w.ncommon = k;
				if (!k)
					continue;
			}
			/* a state machine (two or more states stored), or a peer's state */
			if (state_values(ctx->idx, &w) < 2 && !in_peer_loop(f, op, c))
				continue;
			for (uint32_t k = 0; k < w.n; k++)
				other |= !w.v[k].init && (w.v[k].func != f->id ||
							  has_role(f, ROLE_PARTY_ENTRY));
			if (!other)
				continue;
			if (irq_context(ctx->idx, f) && sleeping_locks(&w))
				continue;
			if (test_and_set(ctx, f, o, c, &w) || tests_loaded_pointer(f, o, c) ||
			    writers_spare_tested_bits(ctx->idx, c, &w, f->file) ||
			    tested_bit_unraced(ctx, f, c, held, nheld, in_peer_loop(f, op, c)) ||
			    last_reference_release(ctx->idx, f, c->obj))
				continue;
			if (!find_peer(ctx, f, o, c, &w, &peer))
				continue;
			if (checked_again(ctx, f, o, c, &w))
				continue;
			nacts = find_acts(ctx->idx, f, o, acts, 2);
			if (!nacts || stops_at_once(f, acts, nacts) ||
			    acts_recheck(ctx->idx, f, acts, nacts, c, &w) ||
			    decided_on_snapshot(ctx->idx, f, o, c, &w))
				continue;
			if (!unlocked_writers_left(ctx->idx, f, o, c, acts, nacts, held, nheld, &w))
				continue;
			vec_push(&seen, c->key);
			report(ctx, f, o, c, &w, &peer, acts, nacts);
		}
	}
	vec_free(&seen);
	if (has_role(f, ROLE_CONCURRENT_ENTRY))
		unlocked_gates(ctx, f);
}

/* --- finishing a finding (triage hooks, rules/rule.h) ------------------- */

/* What the action does: the decision's outcome is what races. */
static void impact(const struct finding *f, const struct index *idx,
		   const struct profile_set *prof, struct impact_reach *best)
{
	effects_of_refs(f, idx, prof, "act", best);
	/* a bound two CPUs both passed: the later one's value is past it */
	for (uint32_t i = 0; i < f->refs.n && best->impact < IMPACT_HOST_MEMORY; i++) {
		if (f->refs.v[i].role != intern("bounded"))
			continue;
		best->impact = IMPACT_HOST_MEMORY;
		best->func = f->refs.v[i].func;
		best->op = f->refs.v[i].op;
		snprintf(best->why, sizeof(best->why),
			 "the value the test bounds is then used to address memory: two CPUs that "
			 "both pass the test both use it, and the later one's is past the bound");
	}
	/* "guest" only where there is one: the trigger says whether a vCPU races */
	if (!best->impact) {
		best->impact = strstr(sym_str(f->trigger), "vCPU") ? IMPACT_GUEST_STATE : IMPACT_BENIGN;
		snprintf(best->why, sizeof(best->why),
			 "the action changes the state of the objects involved, nothing the "
			 "host relies on is known to follow from it");
	}
}

static void witness(struct finding *f)
{
	finding_step_at(f, 0, finding_site_with(f, "check", 0), "checks the state");
	finding_step_at(f, 1, finding_site_with(f, "writer", 0), "changes it under the lock");
	finding_step_at(f, 0, finding_site_with(f, "act", 0), "acts on the stale outcome");
}
