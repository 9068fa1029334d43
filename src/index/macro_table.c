#include "index/macro_table.h"
#include "index/index.h"
#include "base/symmap.h"
#include "base/util.h"
#include "ir/cfg.h"
#include "profile/idioms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the run's table --------------------------------------------------- */

struct macro_ref {
	sym_t name;
	uint32_t unit, def;
};

/* A function that is a declared lock primitive's implementation. */
struct lock_impl {
	uint32_t func;
	struct macro_def def;
};

struct macro_table {
	struct symmap names;		/* name -> first of its run in refs */
	struct macro_ref *refs;		/* grouped by name */
	uint32_t nrefs;
	struct symmap impl_names;	/* name -> its entry in impls */
	struct lock_impl *impls;
	uint32_t nimpls;
};

static void find_lock_impls(struct macro_table *t, const struct index *idx);

static int cmp_ref(const void *a, const void *b)
{
	const struct macro_ref *x = a, *y = b;

	if (x->name != y->name)
		return x->name < y->name ? -1 : 1;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return x->def < y->def ? -1 : x->def > y->def;
}

struct macro_table *macro_table_build(const struct index *idx)
{
	struct macro_table *t = xcalloc(1, sizeof(*t));
	struct symmap locks = {0};
	VEC(struct macro_ref) refs = {0};

	for (uint32_t i = 0; i < idx->nunits; i++)
		for (uint32_t k = 0; k < idx->units[i].nmacros; k++)
			if (idx->units[i].macros[k].op != OP_CALL)
				symmap_get_or_put(&locks, idx->units[i].macros[k].name, 1);
	/* every definition of those names, lock macro or not */
	for (uint32_t i = 0; i < idx->nunits && locks.n; i++)
		for (uint32_t k = 0; k < idx->units[i].nmacros; k++) {
			sym_t name = idx->units[i].macros[k].name;

			if (symmap_get(&locks, name, 0))
				vec_push(&refs, ((struct macro_ref){ name, i, k }));
		}
	symmap_free(&locks);
	if (refs.n)
		qsort(refs.v, refs.n, sizeof(*refs.v), cmp_ref);
	for (uint32_t i = 0; i < refs.n; i++)
		symmap_get_or_put(&t->names, refs.v[i].name, i);
	t->refs = refs.v;
	t->nrefs = refs.n;
	find_lock_impls(t, idx);
	return t;
}

void macro_table_free(struct macro_table *t)
{
	if (!t)
		return;
	symmap_free(&t->names);
	free(t->refs);
	symmap_free(&t->impl_names);
	free(t->impls);
	free(t);
}

uint32_t macro_closeness(sym_t def_file, sym_t use_file)
{
	const char *a = sym_str(def_file), *b = sym_str(use_file);
	uint32_t shared = 0;

	if (def_file == use_file)
		return UINT32_MAX;
	for (uint32_t i = 0; a[i] && a[i] == b[i]; i++)
		if (a[i] == '/')
			shared = i + 1;
	return shared;
}

static bool exclusive_kind(uint8_t k)
{
	return k != LOCK_READ && k != LOCK_RCU && k != LOCK_SRCU && k != LOCK_SEQ;
}

/*
 * Do two definitions do the same?  The same primitive on the same path;
 * the lock's kind may differ between exclusive kinds, as when one
 * configuration makes the lock an rwlock and the other a spinlock
 * (KVM_MMU_LOCK: write_lock or spin_lock of kvm->mmu_lock).
 */
static bool same_def(const struct macro_def *a, const struct macro_def *b)
{
	return a->op == b->op && a->trylock == b->trylock && a->param == b->param &&
	       a->base == b->base &&
	       a->chain == b->chain && a->addr == b->addr && a->nparams == b->nparams &&
	       (a->lock == b->lock || (exclusive_kind(a->lock) && exclusive_kind(b->lock)));
}

/*
 * The definition a use in `file` sees, in *out, or false when none or they
 * disagree.  *nearness is how near they are (macro_closeness()).
 */
static bool visible_def(const struct macro_table *t, const struct index *idx, uint32_t first,
			sym_t file, struct macro_def *out, uint32_t *nearness)
{
	uint32_t best = 0, end = first;
	const struct macro_def *seen = NULL;

	while (end < t->nrefs && t->refs[end].name == t->refs[first].name)
		end++;
	for (uint32_t i = first; i < end; i++)
		best = MAX(best, macro_closeness(idx->units[t->refs[i].unit].path, file));
	for (uint32_t i = first; i < end; i++) {
		const struct macro_def *d = &idx->units[t->refs[i].unit].macros[t->refs[i].def];

		if (macro_closeness(idx->units[t->refs[i].unit].path, file) != best)
			continue;
		if (d->op == OP_CALL || (seen && !same_def(seen, d)))
			return false;
		if (!seen)
			*out = *d;
		/* exclusive either way: the write side of an rwlock says so best */
		if (d->lock == LOCK_WRITE)
			out->lock = LOCK_WRITE;
		seen = d;
	}
	*nearness = best;
	return seen != NULL;
}

/* --- the implementations of declared lock primitives ------------------ */

/*
 * A profile declares a codebase's lock primitives by name (OP-TEE's
 * mutex_lock(m)), and a tree that defines them often writes each as one
 * call of a static implementation (__mutex_lock(m, NULL, -1)), which the
 * rest of its file calls directly: a recursive mutex built on the plain
 * one takes __mutex_lock(&rm->m, ...).  That call is the lock as surely as
 * mutex_lock(&rm->m) would be; unseen, everything its caller does under
 * the lock reads as unlocked.  So a declared lock or unlock function whose
 * every path makes exactly one call that is handed its lock argument
 * unchanged, and makes no other use of it in a call, names that callee as
 * its implementation, and calls of it that resolve to the same function
 * are rewritten into the same lock operation, on the argument in that
 * place.  A fast path tried first (`if (!trylock_fast(l)) lock_slow(l)`)
 * hands the lock to two calls, and a call made on some paths only may
 * not run: neither names an implementation.
 */

/* The var of f's parameter number n, or IR_NONE. */
static uint32_t param_var(const struct ir_func *f, uint32_t n)
{
	for (uint32_t v = 0; v < f->nvars; v++)
		if (f->vars[v].is_param && n-- == 0)
			return v;
	return IR_NONE;
}

/* Does the argument pass the variable v unchanged? */
static bool passes_var(const struct ir_func *f, const struct ir_arg *a, uint32_t v)
{
	const struct ir_src *s = arg_srcs(f, a);

	return a->src_count == 1 && s[0].kind == SRC_VAR && s[0].ref == v &&
	       (a->path == IR_NONE || a->path >= f->npaths);
}

/* Does every path from f's entry to its exit run block b? */
static bool runs_always(const struct ir_func *f, uint32_t b)
{
	uint32_t *ipdom = cfg_postdominators(f);
	bool found = false;

	for (uint32_t e = 0; e < f->nblocks && !found; e++) {
		if (!(f->blocks[e].flags & BLOCK_ENTRY))
			continue;
		for (uint32_t x = e, steps = 0; x != IR_NONE && x < f->nblocks &&
		     steps <= f->nblocks; x = ipdom[x], steps++) {
			if (x == b)
				found = true;
			if (x == b || ipdom[x] == x)
				break;
		}
	}
	free(ipdom);
	return found;
}

/* The implementation f, a declared lock primitive, hands its lock to. */
static bool lock_impl_of(const struct index *idx, const struct ir_func *f, struct lock_impl *out)
{
	struct idiom id = idiom_lookup_sym(f->name);
	uint32_t v, call = IR_NONE, pos = 0;

	if ((id.kind != ID_LOCK && id.kind != ID_UNLOCK) || !id.loc_is_ptr || id.loc < 0 ||
	    f->partial || (v = param_var(f, (uint32_t)id.loc)) == IR_NONE)
		return false;
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];

		for (uint32_t i = 0; i < op_nargs(op); i++) {
			if (!passes_var(f, &op_args(f, op)[i], v))
				continue;
			if (call != IR_NONE || !op->a ||
			    (op->flags & (OPF_INDIRECT | OPF_MACRO_LOOP | OPF_COND)))
				return false;
			call = o;
			pos = i;
		}
	}
	if (call == IR_NONE || op_nargs(&f->ops[call]) > MACRO_MAX_PARAMS ||
	    idiom_lookup_sym(f->ops[call].a).kind != ID_NONE ||
	    !runs_always(f, f->ops[call].block))
		return false;
	out->func = index_lookup_function(idx, f->ops[call].a, f->file);
	if (out->func == IR_NONE || idx->funcs[out->func] == f)
		return false;
	out->def = (struct macro_def){
		.name = f->ops[call].a, .chain = intern(""),
		.op = id.kind == ID_LOCK ? OP_LOCK : OP_UNLOCK, .lock = id.lock,
		.param = (uint8_t)pos, .nparams = (uint8_t)op_nargs(&f->ops[call]),
	};
	return true;
}

/*
 * One implementation per name: two declared primitives handing their locks
 * to one function, or to two functions of one name, leave it a plain call.
 */
static void find_lock_impls(struct macro_table *t, const struct index *idx)
{
	VEC(struct lock_impl) v = {0};
	struct symmap bad = {0};

	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		struct lock_impl li;
		uint32_t at;

		if (!lock_impl_of(idx, idx->funcs[id], &li) || symmap_get(&bad, li.def.name, 0))
			continue;
		at = symmap_get_or_put(&t->impl_names, li.def.name, (uint32_t)v.n);
		if (at == v.n) {
			vec_push(&v, li);
		} else if (v.v[at].func != li.func || !same_def(&v.v[at].def, &li.def) ||
			   v.v[at].def.lock != li.def.lock) {
			symmap_put(&bad, li.def.name, 1);
		}
	}
	/* a name with two meanings keeps its slot, emptied */
	for (uint32_t i = 0; i < v.n; i++)
		if (symmap_get(&bad, v.v[i].def.name, 0))
			v.v[i].func = IR_NONE;
	symmap_free(&bad);
	t->impls = v.v;
	t->nimpls = (uint32_t)v.n;
}

/* The lock operation a call of an implementation performs, in *out. */
static bool impl_def(const struct macro_table *t, const struct index *idx, const struct ir_func *f,
		     const struct ir_op *op, struct macro_def *out)
{
	uint32_t at = symmap_get(&t->impl_names, op->a, UINT32_MAX);

	/*
	 * The declared primitives' own calls stay calls: the implementation is
	 * code that runs, and they are what calls it from outside the file.
	 */
	if (at == UINT32_MAX || t->impls[at].func == IR_NONE ||
	    idiom_lookup_sym(f->name).kind != ID_NONE ||
	    op_nargs(op) != t->impls[at].def.nparams ||
	    index_lookup_function(idx, op->a, f->file) != t->impls[at].func)
		return false;
	*out = t->impls[at].def;
	return true;
}

static uint32_t count_of(const char *s, const char *what)
{
	uint32_t n = 0;

	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

/* The path of a variable of f, as the lowering spells one. */
static struct ir_path var_path(const struct ir_func *f, uint32_t v)
{
	return (struct ir_path){ .base_kind = BASE_VAR, .base = v, .chain = intern(""),
				 .text = f->vars[v].name, .base_type = f->vars[v].type };
}

/* The value a macro's lock is reached from at this use: an argument or a name. */
static bool use_base(const struct ir_func *f, const struct ir_op *op, const struct macro_def *d,
		     struct ir_path *p, bool *addr_of)
{
	*addr_of = false;
	if (d->param == MACRO_NAMED_BASE) {
		/* a local of the user's (`priv`), else a global; two locals: unsure */
		uint32_t found = IR_NONE;

		for (uint32_t v = 0; v < f->nvars; v++) {
			if (f->vars[v].name != d->base)
				continue;
			if (found != IR_NONE)
				return false;
			found = v;
		}
		if (found != IR_NONE)
			*p = var_path(f, found);
		else
			*p = (struct ir_path){ .base_kind = BASE_GLOBAL, .base = d->base,
					       .chain = intern(""), .text = d->base };
		return true;
	}
	{
		const struct ir_arg *a = &op_args(f, op)[d->param];
		const struct ir_src *s = arg_srcs(f, a);

		if (a->path != IR_NONE && a->path < f->npaths) {
			*p = f->paths[a->path];
			*addr_of = a->flags & ARG_ADDR;
			return true;
		}
		/* a variable is a value, not a read: no path of its own */
		if (a->src_count == 1 && s[0].kind == SRC_VAR && s[0].ref < f->nvars) {
			*p = var_path(f, s[0].ref);
			return true;
		}
	}
	return false;
}

/*
 * The lock a use of d names: its body's lock expression with the use's
 * argument in place of the parameter, spelt as the lowering would spell
 * that expression written out.
 */
static bool lock_path_from(struct ir_path p, bool addr_of, const struct macro_def *d,
			   struct ir_path *out)
{
	const char *c = sym_str(d->chain);
	char chain[512], text[512];
	bool pointer = !d->addr;
	int w1, w2;

	if (!addr_of) {
		/* arg->lock, arg.lock, arg[i], arg */
		w1 = snprintf(chain, sizeof(chain), "%s%s", sym_str(p.chain), c);
		w2 = snprintf(text, sizeof(text), "%s%s", sym_str(p.text), c);
		p.derefs += count_of(c, "->");
	} else if (str_starts(c, "->")) {
		/* (&x)->lock is x.lock */
		w1 = snprintf(chain, sizeof(chain), "%s.%s", sym_str(p.chain), c + 2);
		w2 = snprintf(text, sizeof(text), "%s.%s", sym_str(p.text), c + 2);
		p.derefs += count_of(c + 2, "->");
	} else if (!*c && pointer) {
		/* the body takes a pointer to the lock and gets &x: the lock is x */
		w1 = snprintf(chain, sizeof(chain), "%s", sym_str(p.chain));
		w2 = snprintf(text, sizeof(text), "%s", sym_str(p.text));
		pointer = false;
	} else {
		return false;
	}
	if (w1 < 0 || w2 < 0 || (size_t)w1 >= sizeof(chain) || (size_t)w2 >= sizeof(text))
		return false;
	if (!pointer) {
		p.chain = intern(chain);
		p.text = intern(text);
	} else if (p.base_kind == BASE_VAR && !*chain) {
		/* spin_lock(lockp): "*lockp", as pointee_path() has it */
		char star[520];

		snprintf(star, sizeof(star), "*%s", text);
		p.chain = intern("*");
		p.text = intern(star);
		p.derefs = 1;
	} else {
		/* spin_lock(host->host_lock): the lock is *(host->host_lock) */
		char star[520];

		snprintf(star, sizeof(star), "*(%s)", text);
		p = (struct ir_path){ .base_kind = BASE_EXPR, .chain = intern("*"),
				      .text = intern(star), .derefs = 1 };
	}
	p.flags = strstr(sym_str(p.chain), "[]") ? PATH_FLAG_INDEXED : 0;
	p.key = 0;
	*out = p;
	return true;
}

static bool lock_path(const struct ir_func *f, const struct ir_op *op, const struct macro_def *d,
		      struct ir_path *out)
{
	struct ir_path p;
	bool addr_of;

	return use_base(f, op, d, &p, &addr_of) && lock_path_from(p, addr_of, d, out);
}

/* The lock macro definition a call's name sees from f's file, in *out. */
static bool macro_def_of(const struct macro_table *t, const struct index *idx,
			 const struct ir_func *f, const struct ir_op *op, struct macro_def *out)
{
	uint32_t first = symmap_get(&t->names, op->a, UINT32_MAX), near, fn;

	if (first == UINT32_MAX || !visible_def(t, idx, first, f->file, out, &near) ||
	    op_nargs(op) != out->nparams)
		return false;
	/* a function of that name as near as the macro: the call may reach it */
	fn = index_lookup_function(idx, op->a, f->file);
	/* a trylock is taken where it succeeds: no call becomes it */
	return !out->trylock &&
	       (fn == IR_NONE || macro_closeness(idx->funcs[fn]->file, f->file) < near);
}

/*
 * The pointer p of a lock op the lowering made on *p for a pattern-matched
 * wrapper (struct ir_op.via): "*v" is a variable's, "*(text)" the path
 * of that text, which the lowering made when it read the pointer.
 */
static bool via_pointer(const struct ir_func *f, const struct ir_path *star, struct ir_path *out)
{
	const char *t = sym_str(star->text);
	size_t n = strlen(t);
	sym_t inner;

	if (star->derefs != 1 || !star->chain || strcmp(sym_str(star->chain), "*"))
		return false;
	if (star->base_kind == BASE_VAR && star->base < f->nvars) {
		*out = var_path(f, star->base);
		return true;
	}
	if (star->base_kind != BASE_EXPR || n < 4 || strncmp(t, "*(", 2) || t[n - 1] != ')')
		return false;
	inner = intern_n(t + 2, n - 3);
	for (uint32_t i = 0; i < f->npaths; i++)
		if (f->paths[i].text == inner && f->paths[i].base_kind != BASE_EXPR) {
			*out = f->paths[i];
			return true;
		}
	return false;
}

/*
 * The lock of a lock op on *p by a pattern-matched wrapper (struct
 * ir_op.via), when the definition of the wrapper's name seen from f's
 * file is a lock macro doing the same (a trylock's for a trylock) on the
 * same argument, and no function of that name is as near: the lock its
 * body names (spin_lock_irqsave(&ACCESS_PRIVATE(p, lock), flags) takes
 * p->lock, which is what the codebase's assertions name).  Otherwise the
 * op keeps *p.
 */
static bool via_lock_path(const struct macro_table *t, const struct index *idx,
			  const struct ir_func *f, const struct ir_op *op, struct ir_path *out)
{
	struct macro_def def;
	struct idiom id = idiom_lookup_sym(op->via);
	uint32_t first = symmap_get(&t->names, op->via, UINT32_MAX), near, fn;
	struct ir_path ptr;

	if (first == UINT32_MAX || op->a >= f->npaths || id.loc < 0 ||
	    !visible_def(t, idx, first, f->file, &def, &near) || def.param == MACRO_NAMED_BASE ||
	    def.param != (uint8_t)id.loc || def.op != op->kind ||
	    def.trylock != !!(op->flags & OPF_TRYLOCK) || !*sym_str(def.chain))
		return false;
	fn = index_lookup_function(idx, op->via, f->file);
	if (fn != IR_NONE && macro_closeness(idx->funcs[fn]->file, f->file) >= near)
		return false;
	return via_pointer(f, &f->paths[op->a], &ptr) && lock_path_from(ptr, false, &def, out);
}

void macro_table_apply(const struct macro_table *t, const struct index *idx, uint32_t ui)
{
	struct unit *u = &idx->units[ui];
	VEC(struct ir_path) added = {0};

	for (uint32_t k = 0; k < u->nfuncs; k++) {
		struct ir_func *f = &u->funcs[k];

		added.n = 0;
		for (uint32_t o = 0; o < f->nops; o++) {
			struct ir_op *op = &f->ops[o];
			struct macro_def def;
			struct ir_path p;

			if ((op->kind == OP_LOCK || op->kind == OP_UNLOCK ||
			     op->kind == OP_ASSERT_HELD) && op->via && op->via != IR_NONE) {
				if (f->npaths + added.n < IR_NONE - 1 &&
				    via_lock_path(t, idx, f, op, &p)) {
					vec_push(&added, p);
					op->a = f->npaths + added.n - 1;
					op->flags |= OPF_LOCK_MACRO;
				}
				op->via = IR_NONE;
				continue;
			}
			if (!t->nrefs && !t->nimpls)
				continue;
			if (op->kind != OP_CALL || !op->a || (op->flags & (OPF_INDIRECT | OPF_MACRO_LOOP)))
				continue;
			if (!macro_def_of(t, idx, f, op, &def) && !impl_def(t, idx, f, op, &def))
				continue;
			if (!lock_path(f, op, &def, &p) || f->npaths + added.n >= IR_NONE - 1)
				continue;
			vec_push(&added, p);
			op->kind = def.op;
			op->mark = def.lock;
			op->a = f->npaths + added.n - 1;
			op->src_count = 0;
			op->callee = IR_NONE;
			op->flags = (uint16_t)((op->flags & OPF_COND) | OPF_LOCK_MACRO);
		}
		if (added.n) {
			struct ir_path *paths = arena_alloc(&u->arena, sizeof(*paths) * (f->npaths + added.n));

			copy_n(paths, f->paths, sizeof(*paths) * f->npaths);
			copy_n(paths + f->npaths, added.v, sizeof(*paths) * added.n);
			f->paths = paths;
			f->npaths += added.n;
		}
	}
	vec_free(&added);
}
