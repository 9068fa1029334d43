#include "rules/reach.h"
#include "ir/analysis.h"
#include "index/writers.h"
#include "ir/cfg.h"
#include "profile/idioms.h"

#include <string.h>

#include <stdio.h>

/*
 * The type of what key names, elements too: "struct x::stats[]" of a
 * "struct st **stats" is "struct st *" (index_key_type() knows fields only).
 */
static sym_t value_type(const struct index *idx, sym_t key)
{
	const char *k = sym_str(key);
	size_t n = strlen(k), tl;
	const char *t;
	sym_t arr;

	if (n < 3 || strcmp(k + n - 2, "[]"))
		return index_key_type(idx, key);
	arr = index_key_type(idx, intern_n(k, n - 2));
	if (!arr)
		return 0;
	t = sym_str(arr);
	tl = strlen(t);
	while (tl && t[tl - 1] == ' ')
		tl--;
	if (tl && t[tl - 1] == ']') {
		while (tl && t[tl - 1] != '[')
			tl--;
		tl = tl ? tl - 1 : 0;
	} else if (tl && t[tl - 1] == '*') {
		tl--;
	} else {
		return 0;
	}
	while (tl && t[tl - 1] == ' ')
		tl--;
	return tl ? intern_n(t, tl) : 0;
}

/* Does a known type text end in "*"? */
static bool pointer_type(sym_t type)
{
	const char *t = sym_str(type);
	size_t tl = strlen(t);

	while (tl && t[tl - 1] == ' ')
		tl--;
	return tl && t[tl - 1] == '*';
}

/* Can the field key names hold a pointer?  Unknown types can. */
static bool pointer_field(const struct index *idx, sym_t key)
{
	sym_t type = value_type(idx, key);

	return !type || !strcmp(sym_str(type), "?") || pointer_type(type);
}

/* Is the field known to be a pointer? */
static bool known_pointer_field(const struct index *idx, sym_t key)
{
	sym_t type = value_type(idx, key);

	return type && strcmp(sym_str(type), "?") && pointer_type(type);
}

/* Does g store variable var into the field key (ms->usage = usage)? */
static bool stored_into(const struct ir_func *g, sym_t key, uint32_t var)
{
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *w = &g->ops[o];

		if (w->kind != OP_WRITE || op_key(g, w) != key)
			continue;
		for (uint32_t i = 0; i < w->src_count; i++)
			if (g->srcs[w->src_start + i].how == HOW_VALUE &&
			    g->srcs[w->src_start + i].kind == SRC_VAR &&
			    g->srcs[w->src_start + i].ref == var)
				return true;
	}
	return false;
}

/*
 * Is the NULL store at op a teardown?  The same call frees or puts what
 * the field held (kfree(ms->usage), put(ctrl) of ctrl = sq->ctrl, or
 * kfree(usage) of a usage it had stored there), or
 * unlinks the object (list_del_rcu(&rdev->same_set)), or the call
 * installed the field itself (a compare-and-exchange from NULL) and the
 * NULL undoes that on an error path.  Code that
 * dereferences the field untested is then written for the object's
 * lifetime, which ends after its users are done: a reference, a drain or
 * the unlink orders them -- out of sight, but by design.
 */
static bool teardown_store(const struct ir_func *g, uint32_t op)
{
	const struct ir_path *p = &g->paths[g->ops[op].a];

	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *c = &g->ops[o];

		/*
		 * an error path undoing the same call's install of the field
		 * (cmpxchg(&q->owner, NULL, c), then q->owner = NULL on failure);
		 * a plain store set and cleared again is a window, not an undo
		 */
		if (c->kind == OP_RMW && o != op && op_key(g, c) == p->key && op_reaches(g, o, op) &&
		    !op_reaches(g, op, o))
			return true;

		if (c->kind != OP_CALL || !ends_or_unlinks(sym_str(c->a)) ||
		    !(op_reaches(g, o, op) || op_reaches(g, op, o)))
			continue;
		for (uint32_t k = 0; k < op_nargs(c); k++) {
			const struct ir_arg *a = &g->args[c->src_start + k];
			uint32_t origins[8], n;

			if (a->path != IR_NONE) {
				const struct ir_path *ap = &g->paths[a->path];

				/* what the field held, or the object itself through a member */
				if ((ap->key && ap->key == p->key) ||
				    ((a->flags & ARG_ADDR) && p->base_kind == BASE_VAR &&
				     ap->base_kind == BASE_VAR && ap->base == p->base))
					return true;
			}
			n = value_origins(g, g->srcs + a->src_start, a->src_count, 2, origins, 8);
			for (uint32_t i = 0; i < n; i++)
				if (g->ops[origins[i]].kind == OP_READ &&
				    op_key(g, &g->ops[origins[i]]) == p->key)
					return true;
			for (uint32_t i = 0; i < a->src_count; i++)
				if (g->srcs[a->src_start + i].kind == SRC_VAR &&
				    stored_into(g, p->key, g->srcs[a->src_start + i].ref))
					return true;
		}
	}
	return false;
}

/* Is source s one of cb's parameters, as it came? */
static bool param_value(const struct ir_func *cb, const struct ir_src *s)
{
	return s->kind == SRC_VAR && s->ref < cb->nvars && cb->vars[s->ref].is_param;
}

/* Does call op o of cb take one of cb's parameters as it came (container_of(head, ..))? */
static bool converts_param(const struct ir_func *cb, uint32_t o)
{
	const struct ir_op *c = &cb->ops[o];

	for (uint32_t k = 0; c->kind == OP_CALL && k < op_nargs(c); k++) {
		const struct ir_arg *a = &cb->args[c->src_start + k];

		for (uint32_t i = 0; i < a->src_count; i++) {
			const struct ir_src *s = &cb->srcs[a->src_start + i];

			if (s->how == HOW_VALUE && param_value(cb, s))
				return true;
		}
	}
	return false;
}

/*
 * Is source v of cb its parameter, a conversion of it, or a local set
 * only from one (obj = container_of(head, ..))?
 */
static bool from_param(const struct ir_func *cb, const struct ir_src *v)
{
	if (v->kind == SRC_OP && v->ref < cb->nops)
		return converts_param(cb, v->ref);
	if (v->kind != SRC_VAR || v->ref >= cb->nvars)
		return false;
	if (param_value(cb, v))
		return true;
	if (!v->defs || !cb->reach)
		return false;
	for (uint32_t k = 0; k < v->defs; k++) {
		uint32_t d = cb->reach[v->def_start + k];
		bool param = false;

		if ((d & REACH_ENTRY) || d >= cb->nops || cb->ops[d].kind != OP_DEF)
			return false;
		for (uint32_t i = 0; i < cb->ops[d].src_count; i++) {
			const struct ir_src *s = &cb->srcs[cb->ops[d].src_start + i];

			param |= param_value(cb, s) ||
				 (s->kind == SRC_OP && s->ref < cb->nops && converts_param(cb, s->ref));
		}
		if (!param)
			return false;
	}
	return true;
}

/*
 * Does function `name` (a callback handed on, in g's file) end the object
 * it is handed: a call that ends its parameter, or what it converts the
 * parameter to (free_cb(head) { kfree(container_of(head, ..)); })?  One
 * that frees a buffer of its own ends nothing it was handed.
 */
static bool callback_ends(const struct index *idx, const struct ir_func *g, sym_t name)
{
	const struct ir_func *cb = index_func(idx, index_lookup_function(idx, name, g->file));

	for (uint32_t o = 0; cb && cb->args && o < cb->nops; o++) {
		const struct ir_op *c = &cb->ops[o];

		if (c->kind != OP_CALL || idiom_lookup(sym_str(c->a)).kind != ID_ENDS)
			continue;
		for (uint32_t k = 0; k < op_nargs(c); k++) {
			const struct ir_arg *a = &cb->args[c->src_start + k];

			for (uint32_t i = 0; i < a->src_count; i++)
				if (from_param(cb, &cb->srcs[a->src_start + i]))
					return true;
		}
	}
	return false;
}

/*
 * Does call c end what it is handed: a call that ends (kfree, kfree_rcu),
 * or one handed a callback that does, to run later (call_rcu(&old->rcu,
 * free_cb): the free after a grace period)?
 */
static bool call_ends(const struct index *idx, const struct ir_func *g, const struct ir_op *c)
{
	if (idiom_lookup(sym_str(c->a)).kind == ID_ENDS)
		return true;
	for (uint32_t k = 0; k < op_nargs(c); k++) {
		const struct ir_arg *a = &g->args[c->src_start + k];

		for (uint32_t i = 0; i < a->src_count; i++) {
			const struct ir_src *v = &g->srcs[a->src_start + i];
			const struct ir_op *r = v->kind == SRC_OP && v->ref < g->nops ?
						&g->ops[v->ref] : NULL;

			/* a function's name is read as a global's */
			if (r && r->kind == OP_READ && op_has_path(r) && r->a < g->npaths &&
			    g->paths[r->a].base_kind == BASE_GLOBAL && !g->paths[r->a].derefs &&
			    !sym_str(g->paths[r->a].chain)[0] &&
			    callback_ends(idx, g, g->paths[r->a].text))
				return true;
		}
	}
	return false;
}

/*
 * Does g's store at op put another object in the field and end the one
 * the field held -- old = p->f; p->f = new; then kfree(old), or
 * call_rcu(&old->rcu, free_cb) -- so that a copy of the old pointer names
 * freed memory once the end has run?  (Not a NULL store: teardown_store()
 * judges those.)
 */
static bool replaces_and_ends(const struct index *idx, const struct ir_func *g, uint32_t op)
{
	sym_t key = op_key(g, &g->ops[op]);

	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *c = &g->ops[o];

		if (c->kind != OP_CALL || !op_reaches(g, op, o) || !call_ends(idx, g, c))
			continue;
		for (uint32_t k = 0; k < op_nargs(c); k++) {
			const struct ir_arg *a = &g->args[c->src_start + k];

			for (uint32_t i = 0; i < a->src_count; i++) {
				/* the old pointer itself, or a member's address through it */
				struct ir_src v = g->srcs[a->src_start + i];
				uint32_t origins[8], n;

				if (v.kind != SRC_VAR && v.kind != SRC_OP)
					continue;
				v.how = HOW_VALUE;
				n = value_origins(g, &v, 1, 2, origins, 8);
				for (uint32_t j = 0; j < n; j++)
					if (g->ops[origins[j]].kind == OP_READ &&
					    op_key(g, &g->ops[origins[j]]) == key &&
					    op_reaches(g, origins[j], op))
						return true;
			}
		}
	}
	return false;
}

/*
 * Does the spelling of path p name one object from op `from` to op `to`:
 * is its base local left alone in between (sibling = parent->rb_right
 * between two reads of sibling->rb_left names another node)?
 */
static bool same_base_between(const struct ir_func *f, const struct ir_path *p, uint32_t from,
			      uint32_t to)
{
	if (p->base_kind != BASE_VAR)
		return true;
	for (uint32_t o = from + 1; o < to; o++)
		if (f->ops[o].kind == OP_DEF && f->ops[o].a == p->base)
			return false;
	return true;
}

/* Is NULL (or 0) one side of the comparison branch br makes? */
static bool compares_with_null(const struct ir_func *f, const struct ir_op *br)
{
	for (uint32_t k = 0; k < br->src_count; k++) {
		const struct ir_src *s = &f->srcs[br->src_start + k];

		if (s->kind == SRC_CONST && const_is_zero(s->ref))
			return true;
	}
	return false;
}

/*
 * Does func test the location the read at op `at` reads for NULL (its
 * truth, or a comparison with NULL) in an earlier read of it -- directly or through a local that
 * copies it -- on a path to `at`, of the same object?  Code that tests a field before it
 * reads it again expects it to change: the later, untested read is the
 * one that can meet the NULL.  Code that never tests it takes it as set.
 */
static bool tested_for_null_before(const struct ir_func *f, uint32_t at)
{
	const struct ir_op *acc = &f->ops[at];
	sym_t text;

	if (acc->kind != OP_READ || !op_has_path(acc) || acc->a >= f->npaths)
		return false;
	text = f->paths[acc->a].text;
	for (uint32_t b = 0; b < f->nops; b++) {
		const struct ir_op *br = &f->ops[b];

		if (br->kind != OP_BRANCH || (br->flags & OPF_PREPROC))
			continue;
		for (uint32_t k = 0; k < br->src_count; k++) {
			const struct ir_src *s = &f->srcs[br->src_start + k];
			uint32_t origin[16], n;

			if (s->how != HOW_TEST &&
			    (!how_compares(s->how) || !compares_with_null(f, br)))
				continue;
			n = value_origins(f, s, 1, 3, origin, 16);
			for (uint32_t i = 0; i < n; i++) {
				const struct ir_op *r = &f->ops[origin[i]];

				if (origin[i] < at && r->kind == OP_READ && op_has_path(r) &&
				    r->a < f->npaths && f->paths[r->a].text == text &&
				    same_base_between(f, &f->paths[acc->a], origin[i], at) &&
				    op_reaches(f, origin[i], at))
					return true;
			}
		}
	}
	return false;
}


/*
 * The first validation, bound and hand-off seen, of any reference: each
 * of two answers takes the other's where it has none of its own.
 */
static void share_firsts(struct impact_reach *a, struct impact_reach *b)
{
	struct impact_reach *side[2] = { a, b };

	for (int k = 0; k < 2; k++) {
		struct impact_reach *x = side[k];
		const struct impact_reach *y = side[1 - k];

		if (!x->validated && y->validated) {
			x->validated = true;
			x->validated_size = y->validated_size;
			x->validation = y->validation;
		}
		if (!x->tested_seen && y->tested_seen) {
			x->tested_seen = true;
			x->tested_at = y->tested_at;
		}
		if (!x->bound_seen && y->bound_seen) {
			x->bound_seen = true;
			x->bound_at = y->bound_at;
		}
		if (!x->handed && y->handed) {
			x->handed = true;
			x->handed_at = y->handed_at;
		}
		if (!x->kept_seen && y->kept_seen) {
			x->kept_seen = true;
			x->kept_at = y->kept_at;
		}
		if (!x->overwritten && y->overwritten) {
			x->overwritten = true;
			x->overwritten_at = y->overwritten_at;
		}
	}
}

/* Does a lockset hold a spinlock or rcu_read_lock(): an RCU reader (below)? */
static bool holds_rcu_like(const struct ir_lockitem *l, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (l[i].kind == LOCK_SPIN || l[i].kind == LOCK_RCU)
			return true;
	return false;
}

/*
 * Is op `at` of f in an RCU read-side section: its own rcu_read_lock(),
 * one every caller holds, or a spinlock held there or by every caller --
 * a spinlock's holder cannot be preempted (and PREEMPT_RT's spinlocks
 * take rcu_read_lock() themselves), so a grace period waits for it too.
 */
static bool rcu_reader(const struct index *idx, const struct ir_func *f, uint32_t at)
{
	const struct ir_lockitem *l;
	uint32_t n;

	if (op_in_rcu(f, &f->ops[at]))
		return true;
	l = op_locks(f, &f->ops[at], &n);
	return holds_rcu_like(l, n) ||
	       (f->id < idx->nfuncs &&
		holds_rcu_like(idx->info[f->id].entry, idx->info[f->id].nentry));
}

/*
 * Which writers store NULL (or 0) into key?  A field that is no pointer
 * holds no NULL.  Of a read-modify-write, a NULL beside another value is
 * the value compared (cmpxchg(&p, NULL, new) only ever stores new); NULL
 * alone is stored (xchg(&p, NULL)).
 *
 * RACING_NULL_LIVE (flow.h): a writer that can run during the access at
 * op `at` of func (while the object is shared, under no lock the access
 * holds, outside its own call, in code that reaches the object) stores
 * NULL (or 0) into key, not only when tearing it down (teardown_store()),
 * and func tests the field for NULL before (tested_for_null_before()).
 * Without that test, RACING_NULL_ASSUMED_SET -- unless the caller knows the
 * code expects the field to change (`expects_change`: a stale snapshot's
 * check of the object's state).  RACING_NULL_TEARDOWN: only
 * teardowns store NULL; for a stale snapshot RACING_NULL_FREED instead,
 * whatever else stores NULL: the copy taken before the check may be what
 * the teardown freed.  RACING_NULL_NONE: none does.
 */
static enum racing_null null_stored(const struct index *idx, sym_t key, uint32_t func,
				    uint32_t at, bool expects_change)
{
	const struct ir_func *f = index_func(idx, func);
	struct ir_lockitem held[LOCKS_MAX];
	uint32_t nheld;
	struct writers w;
	enum racing_null found = RACING_NULL_NONE;
	bool replaced = false;

	if (!f || at >= f->nops || !pointer_field(idx, key))
		return RACING_NULL_NONE;
	nheld = index_locks_at(idx, f, &f->ops[at], held, LOCKS_MAX);
	writers_of(idx, key, f->file, &w);
	for (uint32_t i = 0; i < w.n; i++) {
		const struct ir_func *g = index_func(idx, w.v[i].func);
		const struct ir_op *op = &g->ops[w.v[i].op];
		const struct ir_src *s = g->srcs + op->src_start;
		bool null = false, other = false;

		/*
		 * only a store that can run during this access: not under a
		 * lock it holds, not in its own call, not on another object
		 */
		if (w.v[i].init || !locks_disjoint(w.v[i].locks, w.v[i].nlocks, held, nheld) ||
		    one_activation(idx, w.v[i].func, func) != IR_NONE ||
		    !writer_reaches(idx, w.v[i].func, f))
			continue;
		for (uint32_t k = 0; k < op->src_count; k++) {
			if (s[k].how != HOW_VALUE)
				continue;
			if (s[k].kind == SRC_CONST && const_is_zero(s[k].ref))
				null = true;
			else
				other = true;
		}
		if (null && (op->kind != OP_RMW || !other)) {
			if (teardown_store(g, w.v[i].op))
				found = expects_change ? RACING_NULL_FREED : RACING_NULL_TEARDOWN;
			else if (!expects_change)
				return tested_for_null_before(f, at) ? RACING_NULL_LIVE :
								       RACING_NULL_ASSUMED_SET;
			else if (found != RACING_NULL_FREED)
				found = RACING_NULL_LIVE;
		} else if (other && !null && !replaced) {
			replaced = replaces_and_ends(idx, g, w.v[i].op);
		}
	}
	/* a read in an RCU read-side section outlives no deferred free */
	if (found == RACING_NULL_NONE && replaced && !expects_change &&
	    !rcu_reader(idx, f, at))
		return RACING_NULL_REPLACED_ENDED;
	return found;
}

/*
 * REACH_UNPUBLISHED: racing, with the value from before the writer's store
 * (a read that meets its slot's unordered publication)
 */
enum reach_mode { REACH_VALUE, REACH_RACING, REACH_UNPUBLISHED, REACH_REFETCH, REACH_REFETCH_WITHIN };

static void refs_reach(const struct finding *f, const struct index *idx,
		       const struct profile_set *prof, const char *role, enum reach_mode mode,
		       const char *from_role, struct impact_reach *best)
{
	sym_t r = intern(role), from = from_role ? intern(from_role) : 0;
	bool racing = mode == REACH_RACING || mode == REACH_UNPUBLISHED;
	for (uint32_t i = 0; i < f->refs.n; i++) {
		struct impact_reach ir;
		enum racing_null nul;

		if (f->refs.v[i].role != r)
			continue;
		/* unpublished: what the slot held before the store, whatever writers store */
		nul = mode == REACH_UNPUBLISHED ? RACING_NULL_UNPUBLISHED :
		      racing && f->object ?
			      null_stored(idx, f->object, f->refs.v[i].func, f->refs.v[i].op,
					  from_role != NULL) :
			      RACING_NULL_NONE;
		if (racing) {
			uint32_t after = IR_NONE;

			/*
			 * the ref of role from_role in the same function: count from
			 * there; a copy that can name freed memory is dangerous at
			 * every use past the check, not only at the first
			 */
			sym_t start = nul == RACING_NULL_FREED ? intern("check") : from;

			for (uint32_t k = 0; start && k < f->refs.n; k++)
				if (f->refs.v[k].role == start && f->refs.v[k].func == f->refs.v[i].func)
					after = f->refs.v[k].op;
			racing_value_reach(idx, prof, f->refs.v[i].func, f->refs.v[i].op,
					   f->object && known_pointer_field(idx, f->object),
					   nul, after, &ir);
		}
		else if (mode == REACH_REFETCH || mode == REACH_REFETCH_WITHIN) {
			/* the finding's own call into the function the read is in */
			const struct ir_func *in = index_func(idx, f->refs.v[i].func);
			struct call_site up, *upp = NULL;

			/* the read's own caller, where the finding knows it */
			if (in && mode == REACH_REFETCH && f->refs.v[i].up_func != UINT32_MAX) {
				up.caller = f->refs.v[i].up_func;
				up.op = f->refs.v[i].up_op;
				upp = &up;
			}
			for (uint32_t k = 0; in && !upp && k < f->refs.n; k++) {
				const struct ir_func *g = index_func(idx, f->refs.v[k].func);
				const struct ir_func *c;

				if (f->refs.v[k].role != intern("call") || !g || f->refs.v[k].op >= g->nops)
					continue;
				c = index_callee(idx, &g->ops[f->refs.v[k].op]);
				if (c && c->name == in->name && c->file == in->file) {
					up.caller = g->id;
					up.op = f->refs.v[k].op;
					upp = &up;
				}
			}
			if (mode == REACH_REFETCH)
				refetch_value_reach_why(idx, prof, f->refs.v[i].func,
							f->refs.v[i].op, f->refs.v[i].part, upp,
							&ir);
			else
				refetch_value_reach_within(idx, prof, f->refs.v[i].func,
							   f->refs.v[i].op, f->refs.v[i].part, upp,
							   &ir);
		}
		else
			value_reach(idx, prof, f->refs.v[i].func, f->refs.v[i].op, &ir);
		if (!ir.escapes && best->escapes) {
			ir.escapes = true;
			ir.escape = best->escape;
		}
		share_firsts(&ir, best);
		if (ir.impact > best->impact) {
			ir.checked |= best->checked;
			ir.bounded |= best->bounded;
			ir.used |= best->used;
			ir.other_use |= best->other_use;
			*best = ir;
		} else {
			if (!best->escapes && ir.escapes) {
				best->escapes = true;
				best->escape = ir.escape;
			}
			best->checked |= ir.checked;
			best->bounded |= ir.bounded;
			best->used |= ir.used;
			best->other_use |= ir.other_use;
			/* output only if every read's value is */
			if (ir.impact == best->impact && !ir.only_output)
				best->only_output = false;
			/* reached as well without a refetch: no step down */
			if (ir.impact == best->impact && !ir.needs_refetch)
				best->needs_refetch = false;
			if (ir.impact == best->impact && !ir.needs_delay)
				best->needs_delay = false;
			/* a benign use that does something says more than a trace */
			if (ir.impact == best->impact && best->only_text && !ir.only_text) {
				best->only_text = false;
				best->func = ir.func;
				best->op = ir.op;
				memcpy(best->why, ir.why, sizeof(best->why));
			}
		}
		if (ir.impact == best->impact) {
			/* the same impact reached elsewhere: show those places too */
			for (uint32_t k = 0; k < ir.nsites && best->nsites < REACH_SITES; k++) {
				bool dup = false;

				for (uint32_t j = 0; j < best->nsites; j++)
					dup |= best->sites[j].func == ir.sites[k].func &&
					       best->sites[j].op == ir.sites[k].op;
				if (!dup)
					best->sites[best->nsites++] = ir.sites[k];
			}
		}
	}
}

/*
 * Of a double fetch's value: "only traced" is said of a value nothing
 * else uses.  Traced and also used (tested, handed on, stored), the trace
 * is the least of what it does, whichever the walk met first: the value
 * is judged by its other uses, as if the trace were not there.
 */
static void drop_trace_if_used(struct impact_reach *best)
{
	if (best->impact != IMPACT_BENIGN || !best->only_text || !(best->used || best->checked))
		return;
	best->impact = IMPACT_NONE;
	best->only_text = false;
	best->only_output = false;
	best->why[0] = '\0';
	best->nsites = 0;
}

void reach_of_refs(const struct finding *f, const struct index *idx, const struct profile_set *prof,
		   const char *role, struct impact_reach *best)
{
	refs_reach(f, idx, prof, role, REACH_VALUE, NULL, best);
}

void refetch_reach_of_refs(const struct finding *f, const struct index *idx,
			   const struct profile_set *prof, const char *role,
			   struct impact_reach *best)
{
	refs_reach(f, idx, prof, role, REACH_REFETCH, NULL, best);
	drop_trace_if_used(best);
}

void refetch_reach_of_refs_within(const struct finding *f, const struct index *idx,
				  const struct profile_set *prof, const char *role,
				  struct impact_reach *best)
{
	refs_reach(f, idx, prof, role, REACH_REFETCH_WITHIN, NULL, best);
	drop_trace_if_used(best);
}

void racing_reach_of_refs(const struct finding *f, const struct index *idx,
			  const struct profile_set *prof, const char *role,
			  struct impact_reach *best)
{
	refs_reach(f, idx, prof, role, REACH_RACING, NULL, best);
	drop_trace_if_used(best);
}

void racing_reach_of_unpublished_refs(const struct finding *f, const struct index *idx,
				      const struct profile_set *prof, const char *role,
				      struct impact_reach *best)
{
	refs_reach(f, idx, prof, role, REACH_UNPUBLISHED, NULL, best);
}

void racing_reach_of_refs_from(const struct finding *f, const struct index *idx,
			       const struct profile_set *prof, const char *role,
			       const char *from_role, struct impact_reach *best)
{
	refs_reach(f, idx, prof, role, REACH_RACING, from_role, best);
}

/*
 * Does an argument of call op that a profile sinks take a value read from
 * an object of the struct `key` names ("struct x::f")?  A size computed
 * from the object's state changes with it; a constant one does not.
 */
static bool sink_fed_by_object(const struct profile_set *prof, const struct ir_func *fn,
			       const struct ir_op *op, sym_t key)
{
	const char *k = sym_str(key), *sep = strstr(k, "::");
	const struct profile_rule *pr;
	uint32_t cur = 0;

	if (!sep)
		return true;	/* nothing to compare with: keep what the sink says */
	while ((pr = profile_next(prof, op->a, PR_SINK, &cur)) != NULL) {
		const struct ir_arg *a;
		uint32_t origins[32], n;

		if (pr->arg < 0 || (uint32_t)pr->arg >= op_nargs(op))
			continue;
		a = &fn->args[op->src_start + pr->arg];
		n = value_origins(fn, fn->srcs + a->src_start, a->src_count, 4, origins, 32);
		for (uint32_t i = 0; i < n; i++) {
			const struct ir_op *o = &fn->ops[origins[i]];
			const char *ok;

			if (o->kind != OP_READ || !fn->paths[o->a].key)
				continue;
			ok = sym_str(fn->paths[o->a].key);
			if (!strncmp(ok, k, (size_t)(sep - k) + 2))
				return true;
		}
	}
	return false;
}

void effects_of_refs(const struct finding *f, const struct index *idx,
			    const struct profile_set *prof, const char *role, struct impact_reach *best)
{
	sym_t r = intern(role);

	for (uint32_t i = 0; i < f->refs.n; i++) {
		const struct ir_func *fn = index_func(idx, f->refs.v[i].func);
		char why[200];
		uint8_t im;

		if (f->refs.v[i].role != r || !fn)
			continue;
		im = effect_impact(idx, prof, fn, &fn->ops[f->refs.v[i].op], why, sizeof(why));
		/* kzalloc(sizeof(*x)) after the check: the same size whatever the state */
		if (im && fn->ops[f->refs.v[i].op].kind == OP_CALL &&
		    !(fn->ops[f->refs.v[i].op].flags & OPF_WARN) && f->object &&
		    !sink_fed_by_object(prof, fn, &fn->ops[f->refs.v[i].op], f->object))
			continue;
		if (im > best->impact) {
			best->impact = im;
			best->func = fn->id;
			best->op = f->refs.v[i].op;
			snprintf(best->why, sizeof(best->why), "the action %s", why);
		}
	}
}
