#include "index/writers.h"
#include "base/pool.h"
#include "base/util.h"
#include "index/memo.h"
#include "ir/analysis.h"
#include "ir/cfg.h"
#include "profile/idioms.h"

#include <pthread.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

bool holds(const struct ir_lockitem *set, uint32_t n, sym_t lock)
{
	for (uint32_t i = 0; i < n; i++)
		if (set[i].lock == lock)
			return true;
	return false;
}

/*
 * Before an object is shared (creation, allocation, initialisation, probe)
 * or after it no longer is (removal, release, disconnection, freeing,
 * destruction, eviction, cleanup, finalization -- the destructor's name
 * in GObject and QEMU's object model, run once the last reference is
 * dropped): by the naming conventions of C systems code.
 */
static bool lifecycle_name(const char *n)
{
	static const char *const words[] = {
		"_init", "init_", "initiali", "_create", "create_", "alloc", "_new", "_setup", "setup_",
		"_probe", "_register", "_destroy", "destroy_", "_uninit", "_teardown",
		"_remove", "_release", "_disconnect", "_free", "_finalize",
		/* evicting an inode, an object's destructor, a namespace's exit */
		"evict", "destruct", "exit_net",
	};
	size_t len = strlen(n);

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strstr(n, words[i]))
			return true;
	/*
	 * a cleanup of the object as a whole (mlx5e_priv_cleanup,
	 * cleanup_srcu_struct), not of a part of it in mid-life
	 * (tcp_cleanup_rbuf); so is a fini (xfrm_state_fini), not a request's
	 * final breadcrumb (emit_fini_breadcrumb)
	 */
	return str_starts(n, "cleanup_") || (len > 8 && !strcmp(n + len - 8, "_cleanup")) ||
	       (len > 5 && !strcmp(n + len - 5, "_fini"));
}

/* Per thread by name: every writer's callers are asked about, 14 searches each. */
static bool lifecycle_function(sym_t name)
{
	struct sym_memo *memo = index_memo.lifecycle;
	struct sym_memo *m = sym_memo_at(memo, name);

	if (!name || m->in != name) {
		m->in = name;
		m->out = lifecycle_name(sym_str(name));
	}
	return m->out;
}

/*
 * Defined in the boot-time section (an annotation meaning init: Linux's
 * __init): run before anything is shared.
 */
static bool boot_section(const struct ir_func *f)
{
	for (uint32_t i = 0; i < f->nannotations; i++)
		if (!strcmp(sym_str(f->annotations[i]), "init"))
			return true;
	return false;
}

typedef bool (*phase_test)(const struct index *idx, const struct ir_func *f, int depth);

/*
 * Is every caller of f (all known, at least one) in the phase `is` asks
 * about, `depth` levels up at most?  A helper only ever called from
 * setup is setup too.  A definition the calls miss, because they resolve
 * to another of its name (alt_of: a header's stub for a configuration
 * without it, another architecture's), has that one's callers: the ones
 * its callers' locks are counted from too (build.c, entry_update()).
 */
static bool callers_all(const struct index *idx, const struct ir_func *f, int depth, phase_test is)
{
	const struct func_info *fi;

	if (!idx || depth == 0 || f->id >= idx->nfuncs)
		return false;
	fi = &idx->info[f->id];
	if (!fi->ncallers && idx->alt_of && idx->alt_of[f->id] != IR_NONE)
		fi = &idx->info[idx->alt_of[f->id]];
	if (!fi->entry_known || !fi->ncallers)
		return false;
	for (uint32_t i = 0; i < fi->ncallers; i++) {
		const struct ir_func *g = index_func(idx, idx->callers[fi->callers_start + i].caller);

		if (!g || g == f || !is(idx, g, depth - 1))
			return false;
	}
	return true;
}

/*
 * Is f stored only in an ops-table member a profile declares a life-cycle
 * step (lifecycle-member: run before the object is live, or after it has
 * stopped), and never called directly nor exported?  Then the framework's
 * calls through that member are its only runs.
 */
static bool lifecycle_member(const struct index *idx, const struct ir_func *f)
{
	const struct func_info *fi;
	char buf[512];

	if (!idx || f->id >= idx->nfuncs || idx->funcs[f->id] != f)
		return false;
	fi = &idx->info[f->id];
	if (!fi->slot || fi->slot_mixed || fi->ncallers || fi->exported || f->exported)
		return false;
	/* declared under the member's name with the life-cycle suffix (idioms.h) */
	if (snprintf(buf, sizeof(buf), "%s" LIFECYCLE_MEMBER_SUFFIX, sym_str(fi->slot)) >=
	    (int)sizeof(buf))
		return false;
	return idiom_lookup(buf).kind == ID_LIFECYCLE_MEMBER;
}

static bool init_function_depth(const struct index *idx, const struct ir_func *f, int depth)
{
	if (lifecycle_function(f->name) || boot_section(f) || lifecycle_member(idx, f) ||
	    (idx && idx->load_entry && f->id < idx->nfuncs && idx->load_entry[f->id]))
		return true;
	return callers_all(idx, f, depth, init_function_depth);
}

/*
 * Does another definition share f's name (an #ifdef alternative, a stub
 * in a header)?  Calls the code sees may resolve to that one, so f's own
 * callers are not all the callers of the function.
 */
static bool has_namesake(const struct index *idx, const struct ir_func *f)
{
	uint32_t id = symmap_get(&idx->fn_by_name, f->name, IR_NONE);

	return id != IR_NONE && (id != f->id || idx->fn_next[id] != IR_NONE);
}

static bool boot_function_depth(const struct index *idx, const struct ir_func *f, int depth)
{
	if (boot_section(f))
		return true;
	return idx && !has_namesake(idx, f) && callers_all(idx, f, depth, boot_function_depth);
}

bool boot_function(const struct index *idx, const struct ir_func *f)
{
	return boot_function_depth(idx, f, 2);
}

/*
 * Remembered per function in the index: the rules ask about the same
 * writers again and again.  Racing workers store the same answer.
 */
bool init_function(const struct index *idx, const struct ir_func *f)
{
	uint8_t v;

	if (!idx || !idx->init_memo || f->id >= idx->nfuncs || idx->funcs[f->id] != f)
		return init_function_depth(idx, f, idx ? 2 : 0);
	v = __atomic_load_n(&idx->init_memo[f->id], __ATOMIC_RELAXED);
	if (!v) {
		v = init_function_depth(idx, f, 2) ? 2 : 1;
		__atomic_store_n(&idx->init_memo[f->id], v, __ATOMIC_RELAXED);
	}
	return v == 2;
}

bool exclusive_lock(const struct ir_lockitem *l)
{
	return l->kind != LOCK_RCU && l->kind != LOCK_SRCU && l->kind != LOCK_READ;
}

/* "arch/x86/kvm/x.c" -> "x86"; "" elsewhere.  Works on absolute paths too. */
static void arch_of(const char *path, char *out, size_t n)
{
	const char *a = strstr(path, "/arch/");

	if (str_starts(path, "arch/"))
		a = path;
	else if (a)
		a++;
	out[0] = '\0';
	if (!a)
		return;
	a += 5;
	snprintf(out, n, "%.*s", (int)strcspn(a, "/"), a);
}

static bool separate_program(const char *path)
{
	static const char *const dirs[] = { "tools/", "samples/", "scripts/", "selftests/",
					    "Documentation/" };

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		const char *p = strstr(path, dirs[i]);

		if (p && (p == path || p[-1] == '/'))
			return true;
	}
	return false;
}

/* A file's facts (struct file_facts, memo.h), from the per-thread memo. */
static struct file_facts *facts_of(sym_t file)
{
	/* as many slots as a subsystem has files: the writers of a field span many */
	struct file_facts *m =
		&index_memo.file_facts[(uint32_t)(file * 2654435761u) >> (32 - FILE_FACTS_BITS)];

	if (m->file != file) {
		const char *p = sym_str(file);
		char arch[64];

		arch_of(p, arch, sizeof(arch));
		m->file = file;
		m->separate = separate_program(p);
		m->arch = arch[0] ? hash_bytes(arch, strlen(arch)) : 0;
		m->dir_root = 0;
	}
	return m;
}

bool same_program(sym_t a, sym_t b)
{
	struct file_facts pa, pb;

	if (a == b)
		return true;
	pa = *facts_of(a);
	pb = *facts_of(b);
	if (pa.separate != pb.separate)
		return false;
	return !pa.arch || !pb.arch || pa.arch == pb.arch;
}

/*
 * The first directory of a path below the scanned tree's root: "fs" in
 * linux-6.12/fs/ext4/x.c when linux-6.12/ was scanned.
 */
static uint64_t top_dir(const struct index *idx, sym_t file)
{
	struct file_facts *m = facts_of(file);
	const char *p;

	if (m->dir_root == idx->root_len + 1)
		return m->dir;
	p = sym_str(file);
	if (strlen(p) > idx->root_len)
		p += idx->root_len;
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	m->dir_root = idx->root_len + 1;
	m->dir = hash_bytes(p, strcspn(p, "/"));
	return m->dir;
}

/*
 * kmalloc(), g_new0(), xzalloc(), kmem_cache_create(); and in CamelCase
 * (EDK2's AllocateZeroPool(), AllocatePages()), a name that starts so
 */
static bool allocator_name(const char *callee)
{
	return strstr(callee, "alloc") || strstr(callee, "_new") || strstr(callee, "create") ||
	       str_starts(callee, "Allocate");
}

/* Is the value of this source the result of a call every definition makes? */
static bool defined_by_calls(const struct ir_func *f, const struct ir_src *s)
{
	if (s->kind != SRC_VAR || !s->defs)
		return false;
	for (uint32_t k = 0; k < s->defs; k++) {
		uint32_t d = f->reach[s->def_start + k];
		const struct ir_src *ds;

		if (d & REACH_ENTRY)
			return false;
		ds = f->srcs + f->ops[d].src_start;
		if (!f->ops[d].src_count || ds[0].kind != SRC_OP || f->ops[ds[0].ref].kind != OP_CALL)
			return false;
	}
	return true;
}

static bool stores_pointer_out(const struct ir_func *f, const struct ir_op *w, uint32_t var);
static bool handed_on_before(const struct index *idx, const struct ir_func *f, uint32_t end,
			     uint32_t var, bool linking, uint32_t alias);

/* how many calls down publishes_result() follows a returned call's result */
#define PUBLISH_DEPTH 3

static bool publishes_result_at(const struct index *idx, const struct ir_func *g, unsigned depth);

/* Is source s (a returned value, or a definition's) the result of a call that publishes it? */
static bool call_publishes(const struct index *idx, const struct ir_func *g, const struct ir_src *s,
			   unsigned depth)
{
	const struct ir_func *h;

	if (s->kind != SRC_OP || s->ref >= g->nops || g->ops[s->ref].kind != OP_CALL || !depth)
		return false;
	h = index_callee(idx, &g->ops[s->ref]);
	return h && h != g && publishes_result_at(idx, h, depth - 1);
}

/*
 * Does g, whatever its name, hand back an object others can already find:
 * on some path one it stored into a place outside it and outside what g
 * allocated itself (table[i] = p, with or without a barrier), or linked
 * there (list_add(&p->node, &head)), before returning it, itself or in a
 * helper whose result it returns, `depth` calls down (a wrapper of a
 * request constructor that queues the request)?  alloc_slot() that puts a new entry in a global table and
 * returns it has published it.  An object read from memory (p =
 * pool->free, p = table[i]) is no evidence either way: a pool allocator
 * pops its free list so.
 */
static bool publishes_result_at(const struct index *idx, const struct ir_func *g, unsigned depth)
{
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];
		const struct ir_src *s = g->srcs + op->src_start;

		if (op->kind != OP_RETURN)
			continue;
		for (uint32_t i = 0; i < op->src_count; i++) {
			if (s[i].how != HOW_VALUE)
				continue;
			if (call_publishes(idx, g, &s[i], depth))
				return true;
			if (s[i].kind != SRC_VAR || !g->reach)
				continue;
			for (uint32_t k = 0; k < s[i].defs; k++) {
				uint32_t d = g->reach[s[i].def_start + k];
				const struct ir_src *ds;

				/* a parameter handed back (ERR_PTR(error)) is the caller's business */
				if ((d & REACH_ENTRY) || g->ops[d].kind != OP_DEF ||
				    !g->ops[d].src_count)
					continue;
				ds = g->srcs + g->ops[d].src_start;
				if (call_publishes(idx, g, &ds[0], depth))
					return true;	/* a helper below published it */
			}
			/* not into an object g itself allocated (iclog->ic_log = log) */
			for (uint32_t w = 0; w < o; w++)
				if (stores_pointer_out(g, &g->ops[w], s[i].ref) &&
				    !fresh_object(NULL, g, &g->ops[w]))
					return true;
			/* or linked it (list_add(&p->node, &head)) */
			if (g->args && handed_on_before(NULL, g, o, s[i].ref, true, IR_NONE))
				return true;
		}
	}
	return false;
}

/* publishes_result_at(), remembered per function in fresh_memo's second two bits */
static bool publishes_result(const struct index *idx, const struct ir_func *g)
{
	uint8_t v = 0;

	if (idx->fresh_memo && g->id < idx->nfuncs && idx->funcs[g->id] == g)
		v = (__atomic_load_n(&idx->fresh_memo[g->id], __ATOMIC_RELAXED) >> 2) & 3;
	if (v)
		return v == 2;
	v = publishes_result_at(idx, g, PUBLISH_DEPTH) ? 2 : 1;
	if (idx->fresh_memo && g->id < idx->nfuncs && idx->funcs[g->id] == g)
		__atomic_fetch_or(&idx->fresh_memo[g->id], (uint8_t)(v << 2), __ATOMIC_RELAXED);
	return v == 2;
}

/*
 * A call of an allocator by its name (kmalloc(), a helper named
 * *alloc*), unless the index has its body and the body hands back an
 * object others can find (publishes_result()).
 */
static bool allocator_call(const struct index *idx, const struct ir_op *call)
{
	const struct ir_func *g;

	if (!allocator_name(sym_str(call->a)))
		return false;
	return !idx || !(g = index_callee(idx, call)) || !publishes_result(idx, g);
}

/*
 * Does g hand back only memory it just allocated (or NULL, or an error
 * pointer)?  vm_area_dup() returns what kmem_cache_alloc() gave it, once it
 * has filled it in: its caller gets an object no other thread has seen,
 * unless g stored or linked it somewhere first (publishes_result()).
 * One level: the allocation is named so in g.  Remembered per function.
 */
static bool returns_fresh(const struct index *idx, const struct ir_func *g)
{
	bool any = false;
	uint8_t v = 0;

	if (idx->fresh_memo && g->id < idx->nfuncs && idx->funcs[g->id] == g)
		v = __atomic_load_n(&idx->fresh_memo[g->id], __ATOMIC_RELAXED) & 3;
	if (v)
		return v == 2;
	/* what it allocated, it may have linked somewhere first */
	if (publishes_result(idx, g))
		goto no;
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];
		const struct ir_src *s = g->srcs + op->src_start, *val = NULL;
		uint32_t nval = 0;

		if (op->kind != OP_RETURN)
			continue;
		for (uint32_t i = 0; i < op->src_count; i++)
			if (s[i].how == HOW_VALUE) {
				val = &s[i];
				nval++;
			}
		if (nval != 1)
			goto no;
		if (val->kind == SRC_CONST && const_is_zero(val->ref))
			continue;
		if (val->kind == SRC_OP && g->ops[val->ref].kind == OP_CALL &&
		    !strcmp(sym_str(g->ops[val->ref].a), "ERR_PTR"))
			continue;
		if (val->kind == SRC_OP && g->ops[val->ref].kind == OP_CALL &&
		    allocator_call(idx, &g->ops[val->ref])) {
			any = true;
			continue;
		}
		if (!defined_by_calls(g, val))
			goto no;
		for (uint32_t k = 0; k < val->defs; k++) {
			const struct ir_op *def = &g->ops[g->reach[val->def_start + k]];

			if (!allocator_call(idx, &g->ops[g->srcs[def->src_start].ref]))
				goto no;
		}
		any = true;
	}
	v = any ? 2 : 1;
	goto out;
no:
	v = 1;
out:
	if (idx->fresh_memo && g->id < idx->nfuncs && idx->funcs[g->id] == g)
		__atomic_fetch_or(&idx->fresh_memo[g->id], v, __ATOMIC_RELAXED);
	return v == 2;
}

/*
 * Is the value of this source an allocation made in f (every definition):
 * a call named as an allocator, or, with the index, a call of a function
 * that returns only what it allocated (returns_fresh())?
 */
static bool allocated(const struct index *idx, const struct ir_func *f, const struct ir_src *s)
{
	if (!defined_by_calls(f, s))
		return false;
	for (uint32_t k = 0; k < s->defs; k++) {
		const struct ir_op *def = &f->ops[f->reach[s->def_start + k]];
		const struct ir_op *call = &f->ops[f->srcs[def->src_start].ref];
		const struct ir_func *g;

		if (allocator_call(idx, call))
			continue;
		if (!idx || !(g = index_callee(idx, call)) || !returns_fresh(idx, g))
			return false;
	}
	return true;
}

/* how many pointer steps (a member's address, a copy) fresh_value() follows back */
#define FRESH_DERIVED_DEPTH 3

/*
 * Is the value of this source memory f allocated itself (allocated()), or
 * a pointer into it: the address of a member of a fresh object (`new =
 * &rt->dst` after `rt = dst_alloc(...)`), or a copy of a fresh pointer?
 * A part of an object nobody else has seen is unseen too.
 */
static bool fresh_value(const struct index *idx, const struct ir_func *f, const struct ir_src *s,
			unsigned depth)
{
	if (s->kind != SRC_VAR || !s->defs)
		return false;
	if (defined_by_calls(f, s))
		return allocated(idx, f, s);
	if (!depth)
		return false;
	for (uint32_t k = 0; k < s->defs; k++) {
		uint32_t d = f->reach[s->def_start + k];
		const struct ir_src *ds, *base = NULL;

		if ((d & REACH_ENTRY) || d >= f->nops || f->ops[d].kind != OP_DEF)
			return false;
		ds = f->srcs + f->ops[d].src_start;
		for (uint32_t i = 0; i < f->ops[d].src_count; i++) {
			if (!base && ds[i].kind == SRC_VAR &&
			    (ds[i].how == HOW_BASE || ds[i].how == HOW_VALUE)) {
				base = &ds[i];
				continue;
			}
			/* &base->member: a path on the same local */
			if (!base || ds[i].kind != SRC_ADDR || ds[i].ref >= f->npaths ||
			    f->paths[ds[i].ref].base_kind != BASE_VAR ||
			    f->paths[ds[i].ref].base != base->ref)
				return false;
		}
		if (!base || !fresh_value(idx, f, base, depth - 1))
			return false;
	}
	return true;
}

/*
 * Does store w of f put the pointer held in local `var` into a place
 * outside the object it points to: a member of another object or a
 * global (head->first = obj, d->ring = ring), not a local, not the
 * object itself?
 */
static bool stores_pointer_out(const struct ir_func *f, const struct ir_op *w, uint32_t var)
{
	const struct ir_src *s = f->srcs + w->src_start;
	const struct ir_path *dst;

	if ((w->kind != OP_WRITE && w->kind != OP_RMW) || w->a >= f->npaths)
		return false;
	dst = &f->paths[w->a];
	/*
	 * a store into the object itself keeps it where it was; a plain one
	 * into the function's own variable (a struct on its stack) hands it
	 * to nobody
	 */
	if (dst->base_kind == BASE_VAR &&
	    (dst->base == var || (!dst->derefs && !ir_mark_is_marked(w->mark))))
		return false;
	for (uint32_t i = 0; i < w->src_count; i++)
		if (s[i].kind == SRC_VAR && s[i].how == HOW_VALUE && s[i].ref == var)
			return true;
	return false;
}

/*
 * Does store w order the stores before it by itself: a release store
 * (smp_store_release(), a profile's release accessor), an RCU publication
 * (rcu_assign_pointer()), or an atomic exchange, which is a full barrier?
 */
static bool ordering_store(const struct ir_op *w)
{
	return w->kind == OP_RMW || w->mark == MARK_RELEASE || w->mark == MARK_RCU;
}

/* a call the idioms say orders the stores before it (smp_wmb()) */
static bool write_barrier_op(const struct ir_op *o)
{
	return o->kind == OP_CALL && (idiom_barrier_order_sym(o->a) & IDIOM_ORDER_WRITE);
}

/* Is there a write barrier (smp_wmb()) strictly between ops a and b of g? */
static bool write_barrier_between(const struct ir_func *g, uint32_t a, uint32_t b)
{
	for (uint32_t k = a + 1; k < b; k++)
		if (write_barrier_op(&g->ops[k]))
			return true;
	return false;
}

/*
 * Has the function published the object local `var` points to before op
 * `end`: stored the pointer into a place outside the object with a marked
 * store or atomic exchange (write_atomic(&d->ring, ring) after smp_wmb(),
 * smp_store_release(&head, obj), rcu_assign_pointer(), atomic_mb_set()),
 * or with a plain store after a write barrier (smp_wmb(); d->ring = ring)?
 * Publication by ordering: the stores before it happen before any reader
 * that loads the pointer with a marked or acquire read, the stores after it
 * race with such readers like any other store to a shared object.
 */
static bool published_before(const struct ir_func *f, uint32_t end, uint32_t var)
{
	bool barrier = false;

	for (uint32_t o = 0; o < end; o++) {
		const struct ir_op *w = &f->ops[o];

		if (write_barrier_op(w))
			barrier = true;
		if ((ir_mark_is_marked(w->mark) || barrier) && stores_pointer_out(f, w, var))
			return true;
	}
	return false;
}

/*
 * Is the local that source s (a store's base) reads defined from local
 * `var`: its value, or the address of a place in var's object
 * (tnapi = &tp->napi[i])?
 */
static bool defined_from_var(const struct ir_func *f, const struct ir_src *s, uint32_t var)
{
	if (s->kind != SRC_VAR)
		return false;
	if (s->ref == var)
		return true;
	for (uint32_t k = 0; k < s->defs && f->reach; k++) {
		uint32_t d = f->reach[s->def_start + k];
		const struct ir_src *ds;

		if ((d & REACH_ENTRY) || d >= f->nops || f->ops[d].kind != OP_DEF)
			continue;
		ds = f->srcs + f->ops[d].src_start;
		for (uint32_t i = 0; i < f->ops[d].src_count; i++)
			if ((ds[i].kind == SRC_VAR && ds[i].ref == var) ||
			    (ds[i].kind == SRC_ADDR && ds[i].ref < f->npaths &&
			     f->paths[ds[i].ref].base_kind == BASE_VAR &&
			     f->paths[ds[i].ref].base == var))
				return true;
	}
	return false;
}

/*
 * Is the place store w writes in an object other threads can reach: not
 * one the function allocated itself (mbio->bi_private = r10_bio, where
 * mbio is a new bio) nor a part of the stored object (tnapi->tp = tp
 * after tnapi = &tp->napi[i])?  Storing a pointer there publishes nothing
 * yet; the publication is the store of that outer object, later.
 */
static bool place_reachable(const struct index *idx, const struct ir_func *f,
			    const struct ir_op *w, uint32_t var)
{
	const struct ir_src *s = f->srcs + w->src_start;

	for (uint32_t i = 0; i < w->src_count; i++) {
		if (s[i].how != HOW_BASE)
			continue;
		if (defined_from_var(f, &s[i], var) ||
		    fresh_value(idx, f, &s[i], FRESH_DERIVED_DEPTH))
			return false;
	}
	return true;
}

uint32_t unordered_publication(const struct index *idx, const struct ir_func *f, uint32_t op,
			       sym_t place)
{
	const struct ir_op *wo = &f->ops[op];
	const struct ir_path *p = &f->paths[wo->a];

	/* the object is one the function allocated: it is its creator */
	if (p->base_kind != BASE_VAR || f->vars[p->base].is_param || !fresh_object(idx, f, wo))
		return IR_NONE;
	for (uint32_t o = op + 1; o < f->nops; o++) {
		const struct ir_op *w = &f->ops[o];

		if (write_barrier_op(w))
			return IR_NONE;
		if (!stores_pointer_out(f, w, p->base))
			continue;
		if (ordering_store(w) || f->paths[w->a].key != place ||
		    !place_reachable(idx, f, w, p->base))
			return IR_NONE;
		return o;
	}
	return IR_NONE;
}

/*
 * Does store key `wkey` name the field `rkey` names, whichever way it was
 * reached: the same key, or the field of a struct embedded (or an array
 * of structs embedded) in the store's object
 * ("struct fifo_state::queue[].head" names "struct fifo_queue::head")?
 */
bool key_names_field(const struct index *idx, sym_t wkey, sym_t rkey)
{
	const char *w = sym_str(wkey), *r = sym_str(rkey), *rsep, *wsep, *c;
	size_t wl, rl;
	sym_t s;

	if (wkey == rkey)
		return true;
	if (!(rsep = strstr(r, "::")) || !(wsep = strstr(w, "::")))
		return false;
	wl = strlen(w);
	rl = strlen(rsep + 2);
	/* the store's chain ends in ".field" of the reader's key */
	if (wl <= rl + 1 || strcmp(w + wl - rl, rsep + 2) || w[wl - rl - 1] != '.')
		return false;
	s = intern_n(w, (size_t)(wsep - w));
	c = wsep + 2;
	while (s && c < w + wl - rl - 1) {
		const char *dot = strchr(c, '.');
		size_t n = (size_t)(dot - c);
		sym_t t;

		if (n >= 2 && c[n - 2] == '[' && c[n - 1] == ']')
			n -= 2;
		t = index_field_type(idx, s, intern_n(c, n));
		/* only embedded structs: a pointer starts another object */
		if (!t || strchr(sym_str(t), '*'))
			return false;
		s = index_struct_of(idx, t, NULL);
		c = dot + 1;
	}
	return s && strlen(sym_str(s)) == (size_t)(rsep - r) && !strncmp(sym_str(s), r, (size_t)(rsep - r));
}

/* Does store w store only a constant zero (NULL, false): an unpublication? */
static bool stores_zero(const struct ir_func *f, const struct ir_op *w)
{
	const struct ir_src *s = f->srcs + w->src_start;
	bool any = false;

	for (uint32_t i = 0; i < w->src_count; i++) {
		if (s[i].how != HOW_VALUE)
			continue;
		if (s[i].kind != SRC_CONST || !const_is_zero(s[i].ref))
			return false;
		any = true;
	}
	return any;
}

/*
 * Does op x store an address computed from a read of a place keyed `key`
 * (&v->ctrl->head[i], with v->ctrl read): data that points into what the
 * flag publishes?
 */
static bool reads_key(const struct ir_func *g, const struct ir_op *x, sym_t key)
{
	const struct ir_src *s = g->srcs + x->src_start;

	for (uint32_t i = 0; i < x->src_count; i++) {
		const struct ir_op *r;

		if (s[i].kind != SRC_OP || s[i].how != HOW_BASE || s[i].ref >= g->nops)
			continue;
		r = &g->ops[s[i].ref];
		if (r->kind == OP_READ && r->a < g->npaths && g->paths[r->a].key == key)
			return true;
	}
	return false;
}

/*
 * Does data store d store an address into what flag store c stores
 * (ctrl = virt + off; v->queue[i].head = &ctrl->head[i]; v->ctrl = ctrl)?
 */
static bool points_into_value(const struct ir_func *g, const struct ir_op *d, const struct ir_op *c)
{
	const struct ir_src *sd = g->srcs + d->src_start, *sc = g->srcs + c->src_start;

	for (uint32_t i = 0; i < c->src_count; i++) {
		if (sc[i].how != HOW_VALUE || sc[i].kind != SRC_VAR)
			continue;
		for (uint32_t k = 0; k < d->src_count; k++)
			if (sd[k].how == HOW_BASE && sd[k].kind == SRC_VAR && sd[k].ref == sc[i].ref)
				return true;
	}
	return false;
}

uint32_t count_publication(const struct index *idx, const struct ir_func *g, uint32_t cop,
			   sym_t data_key, bool count, bool *ordered)
{
	const struct ir_op *c = &g->ops[cop];
	const struct ir_path *pc;
	uint32_t found = IR_NONE;

	if (c->kind != OP_WRITE || c->a >= g->npaths || stores_zero(g, c))
		return IR_NONE;
	pc = &g->paths[c->a];
	if (pc->base_kind != BASE_VAR && pc->base_kind != BASE_GLOBAL)
		return IR_NONE;
	for (uint32_t a = 0; a < g->nops; a++) {
		const struct ir_op *d = &g->ops[a];
		const struct ir_path *pd;

		if (a == cop || d->kind != OP_WRITE || d->a >= g->npaths)
			continue;
		pd = &g->paths[d->a];
		if (!pd->key || pd->base_kind != pc->base_kind || pd->base != pc->base ||
		    !key_names_field(idx, pd->key, data_key))
			continue;
		/*
		 * the flag first, then data computed from it (v->ctrl = p; then
		 * v->queue[i].head = &v->ctrl->head[i]): nothing can repair that
		 * order.  Other stores after the flag's are later updates.
		 */
		if (a > cop) {
			if (count || !reads_key(g, d, pc->key))
				continue;
			*ordered = false;
			return a;
		}
		/*
		 * a count: a slot of a table, and a count stored marked (the
		 * writer says others read it lock-free); a flag: data that
		 * points into what the flag publishes.  Other fields stored
		 * before a field's are the state of one object, set together.
		 */
		if (count ? !strstr(sym_str(pd->key), "[]") || !ir_mark_is_marked(c->mark)
			  : !points_into_value(g, d, c))
			continue;
		if (!write_barrier_between(g, a, cop) && !ordering_store(c)) {
			*ordered = false;
			return a;
		}
		if (found == IR_NONE)
			found = a;
	}
	*ordered = true;
	return found;
}

uint32_t count_publication_by_macro(const struct ir_func *g, uint32_t cop, sym_t macro,
				    bool *ordered)
{
	const struct ir_op *c = &g->ops[cop];
	const struct ir_path *pc;
	uint32_t found = IR_NONE;

	if (c->kind != OP_WRITE || c->a >= g->npaths || stores_zero(g, c) ||
	    !ir_mark_is_marked(c->mark))
		return IR_NONE;
	pc = &g->paths[c->a];
	if (pc->base_kind != BASE_VAR)
		return IR_NONE;
	for (uint32_t a = 0; a < cop; a++) {
		const struct ir_op *d = &g->ops[a];
		const struct ir_arg *arg;
		const struct ir_src *s;

		if (d->kind != OP_CALL || d->mark != CALL_STORED_INTO || d->a != macro ||
		    !op_nargs(d))
			continue;
		/* through the same object: slot(d, p) = b; then d->count = n */
		arg = op_args(g, d);
		s = arg_srcs(g, arg);
		if (arg->src_count != 1 || s[0].kind != SRC_VAR || s[0].ref != pc->base ||
		    !op_reaches(g, a, cop))
			continue;
		if (!write_barrier_between(g, a, cop) && !ordering_store(c)) {
			*ordered = false;
			return a;
		}
		if (found == IR_NONE)
			found = a;
	}
	*ordered = true;
	return found;
}

bool fresh_object(const struct index *idx, const struct ir_func *f, const struct ir_op *op)
{
	const struct ir_path *p = &f->paths[op->a];
	const struct ir_src *s = f->srcs + op->src_start;

	if (p->base_kind != BASE_VAR || f->vars[p->base].is_param ||
	    published_before(f, (uint32_t)(op - f->ops), p->base))
		return false;
	for (uint32_t i = 0; i < op->src_count; i++)
		if (s[i].how == HOW_BASE)
			return fresh_value(idx, f, &s[i], FRESH_DERIVED_DEPTH);
	return false;
}

/* how many calls up fresh_param() follows a parameter passed on as it came, and how many sites */
#define FRESH_PARAM_DEPTH 2
#define FRESH_PARAM_SITES 64

/* Is this source g's parameter as it came in (every definition the entry's)? */
static bool entry_param(const struct ir_func *g, const struct ir_src *s)
{
	if (s->kind != SRC_VAR || s->ref >= g->nparams || s->ref >= g->nvars ||
	    !g->vars[s->ref].is_param || !s->defs)
		return false;
	for (uint32_t k = 0; k < s->defs; k++)
		if (!(g->reach[s->def_start + k] & REACH_ENTRY))
			return false;
	return true;
}

/*
 * How many calls of f are known to be all of them (0 when not): its direct
 * callers, and the calls through the members a callback is kept in
 * (index.member_sites); caller_site() gives the i-th.
 */
static uint32_t known_callers(const struct index *idx, const struct ir_func *f)
{
	const struct func_info *fi = &idx->info[f->id];
	uint32_t nm = index_member_calls(idx, f->id);

	if (nm)
		return fi->ncallers + nm;
	return fi->entry_known ? fi->ncallers : 0;
}

static const struct call_site *caller_site(const struct index *idx, const struct ir_func *f,
					   uint32_t i)
{
	return index_caller_site(idx, f->id, i);
}

/*
 * Does every caller of f (all known, at least one) pass parameter
 * `param` a freshly allocated object, or its own parameter as it came,
 * that the same holds of, `depth` calls further up, and which it links
 * nowhere before the call (fork allocates the child, a helper gives it
 * memory, a hook below that marks it)?
 */
static bool fresh_param(const struct index *idx, const struct ir_func *f, uint32_t param,
			unsigned depth, uint32_t *sites)
{
	uint32_t n = known_callers(idx, f);

	if (!n)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		const struct call_site *cs = caller_site(idx, f, i);
		const struct ir_func *g;
		const struct ir_arg *a = index_call_arg(idx, cs, param, &g);
		/* every value the argument can take fresh (cond ? old : new is not) */
		bool fresh = true, any = false;

		if (!a || !*sites)
			return false;
		--*sites;
		for (uint32_t k = 0; k < a->src_count && fresh; k++) {
			const struct ir_src *s = &g->srcs[a->src_start + k];

			if (s->how != HOW_VALUE)
				continue;
			any = true;
			/*
			 * a caller further up must not have linked it before the
			 * call (unpublished_param_access() asks the direct ones)
			 */
			if (s->kind == SRC_VAR && depth < FRESH_PARAM_DEPTH &&
			    handed_on_before(NULL, g, cs->op, s->ref, true, IR_NONE))
				return false;
			fresh = fresh_value(idx, g, s, FRESH_DERIVED_DEPTH) ||
				(depth && g != f && entry_param(g, s) &&
				 fresh_param(idx, g, s->ref, depth - 1, sites));
		}
		if (!any || !fresh)
			return false;
	}
	return true;
}

/*
 * A store through a parameter that every caller passes a freshly
 * allocated object for: the helper fills the object in before its caller
 * publishes it (kvm_recalculate_logical_map(new, ...)); or a parameter
 * each caller got so itself, a call or two below the allocation.
 */
/*
 * The answer depends on the function and the parameter alone, and is
 * asked of every store through it: the last answers are kept per thread
 * (for this index), a slot per function and parameter.
 */
#define FRESH_PARAM_MEMO 64

static __thread struct {
	uint64_t generation;
	uint32_t func, param;
	bool fresh;
} fresh_param_memo[FRESH_PARAM_MEMO];

static bool fresh_through_param(const struct index *idx, const struct ir_func *f, uint32_t param)
{
	uint32_t sites = FRESH_PARAM_SITES;
	unsigned k;

	if (param >= f->nvars || !f->vars[param].is_param)
		return false;
	k = (f->id * 31u + param) % FRESH_PARAM_MEMO;
	/* generation 0 is no index's: an empty slot never matches */
	if (fresh_param_memo[k].generation == idx->generation && fresh_param_memo[k].func == f->id &&
	    fresh_param_memo[k].param == param)
		return fresh_param_memo[k].fresh;
	fresh_param_memo[k].fresh = fresh_param(idx, f, param, FRESH_PARAM_DEPTH, &sites);
	fresh_param_memo[k].generation = idx->generation;
	fresh_param_memo[k].func = f->id;
	fresh_param_memo[k].param = param;
	return fresh_param_memo[k].fresh;
}

/* Does argument a of a call name var (its value, or a place in its object)? */
static bool arg_names_var(const struct ir_func *f, const struct ir_arg *a, uint32_t var)
{
	const struct ir_src *s = arg_srcs(f, a);

	if (a->path != IR_NONE && a->path < f->npaths && f->paths[a->path].base_kind == BASE_VAR &&
	    f->paths[a->path].base == var)
		return true;
	for (uint32_t i = 0; s && i < a->src_count; i++)
		if (s[i].kind == SRC_VAR && s[i].ref == var)
			return true;
	return false;
}

/* A place in what a pointer to const points to: nothing can be linked into it. */
static bool const_place(const struct ir_func *f, const struct ir_path *p)
{
	return p->base_kind == BASE_VAR && p->derefs && p->base < f->nvars &&
	       f->vars[p->base].to_const;
}

static bool call_keeps_object(const struct index *idx, const struct ir_func *f, uint32_t o,
			      uint32_t var, uint32_t alias);

/*
 * Is the object var points to handed to a call before op `end`, or around
 * it in a loop?  With `linking` only by a call that can publish it: one
 * passing the object (or a place in it) together with the address of a
 * place outside it (list_add(&obj->node, &list_head),
 * set_client_data(dev, &client, obj)), not one in a const object (a name
 * copied from &parent->res); a call that only tests it
 * (IS_ERR(obj)) or sets a part of it up (mutex_init(&obj->lock)) links it
 * nowhere.  Only a call that can run before `end` on some path counts:
 * one on an arm that returns (if (x) { follow(obj); return; }) does not.
 * With idx, a helper whose body keeps the object where it was
 * (call_keeps_object(), converting it into `alias`) hands it nowhere;
 * without (NULL), every call that names it counts.
 */
static bool handed_on_before(const struct index *idx, const struct ir_func *f, uint32_t end,
			     uint32_t var, bool linking, uint32_t alias)
{
	if (f->ops[end].loop || !f->args)
		return true;
	for (uint32_t o = 0; o < end; o++) {
		const struct ir_op *c = &f->ops[o];
		bool obj = false, outside = false;

		if (c->kind != OP_CALL)
			continue;
		for (uint32_t k = 0; k < op_nargs(c); k++) {
			const struct ir_arg *a = &op_args(f, c)[k];

			if (arg_names_var(f, a, var))
				obj = true;
			else if ((a->flags & ARG_ADDR) && a->path < f->npaths &&
				 !const_place(f, &f->paths[a->path]))
				outside = true;
		}
		/* a call on an arm that returns first hands nothing on before it */
		if (obj && (!linking || outside) && op_reaches(f, o, end) &&
		    !(idx && call_keeps_object(idx, f, o, var, alias)))
			return true;
	}
	return false;
}

/*
 * How g uses parameter `param`: 0 not as an object, 1 only as an object
 * whose own members it accesses (p->a, p->a.b), 2 further (p->a->b, or
 * handed to a call): then what it reaches through the object may be
 * shared, however new the object is (a fresh request naming a live
 * superblock).
 */
static int param_object_use(const struct ir_func *g, uint32_t param)
{
	int use = 0;

	for (uint32_t p = 0; p < g->npaths; p++)
		if (g->paths[p].base_kind == BASE_VAR && g->paths[p].base == param &&
		    g->paths[p].derefs) {
			if (g->paths[p].derefs > 1)
				return 2;
			use = 1;
		}
	for (uint32_t o = 0; o < g->nops && g->args; o++) {
		const struct ir_op *c = &g->ops[o];

		if (c->kind != OP_CALL)
			continue;
		for (uint32_t k = 0; k < op_nargs(c); k++)
			if (arg_names_var(g, &op_args(g, c)[k], param))
				return 2;
	}
	return use;
}

/* how many locals (p, next, cur) detached_value() follows back to the list's head */
#define DETACHED_DEPTH 4

/*
 * Is read r the head of a list f empties at once: a plain read of a place
 * stored NULL in the same block, with one lock held from the read through
 * the store (spin_lock(&d->lock); p = d->head; d->head = NULL;)?  What the
 * list held is then f's alone: whoever looks at the list under that lock
 * finds it empty, and no one else holds its entries' addresses as list
 * entries.  Emptied without the lock, or only on some paths (if (all)
 * d->head = NULL), another thread may still be walking it; a marked read
 * of the head (rcu_dereference, READ_ONCE) says some reader walks it
 * without the lock, and may still be on its entries after the store.
 */
static bool detaching_read(const struct ir_func *f, uint32_t r)
{
	const struct ir_op *rd = &f->ops[r];
	const struct ir_lockitem *l;
	uint32_t nl;

	if (rd->kind != OP_READ || rd->a >= f->npaths || rd->mark != MARK_PLAIN)
		return false;
	l = op_locks(f, rd, &nl);
	for (uint32_t w = r + 1; w < f->nops; w++) {
		const struct ir_op *st = &f->ops[w];

		if (st->kind != OP_WRITE || st->a != rd->a || st->block != rd->block ||
		    st->mark != MARK_PLAIN || !stores_zero(f, st))
			continue;
		for (uint32_t i = 0; i < nl; i++)
			if (exclusive_lock(&l[i]) && lock_held_between(f, r, w, l[i].lock))
				return true;
	}
	return false;
}

static bool in_walk(const uint32_t *walk, unsigned n, uint32_t var)
{
	for (unsigned i = 0; i < n; i++)
		if (walk[i] == var)
			return true;
	return false;
}

/*
 * Is the value of local source s an entry of a list f detached
 * (detaching_read()): every definition loads that list's head, or the
 * link of an entry got so (next = p->next), or copies such a local
 * (p = next)?  The locals met are added to walk[] (*nwalk of them): an
 * entry's link loaded through one of them is the list's next entry, when
 * it is the one link member *link every such load names (p->next, never
 * p->parent: that leads out of the list, to shared objects).  *head says
 * some definition loads the head itself.
 */
static bool detached_value(const struct ir_func *f, const struct ir_src *s, uint32_t *walk,
			   unsigned *nwalk, sym_t *link, bool *head)
{
	if (s->kind != SRC_VAR || s->how != HOW_VALUE || !s->defs || *nwalk == DETACHED_DEPTH)
		return false;
	walk[(*nwalk)++] = s->ref;
	for (uint32_t k = 0; k < s->defs; k++) {
		uint32_t d = f->reach[s->def_start + k];
		const struct ir_src *ds;
		const struct ir_path *p;

		if ((d & REACH_ENTRY) || d >= f->nops || f->ops[d].kind != OP_DEF ||
		    f->ops[d].src_count != 1)
			return false;
		ds = f->srcs + f->ops[d].src_start;
		if (ds->kind == SRC_VAR) {
			if (!in_walk(walk, *nwalk, ds->ref) && !detached_value(f, ds, walk, nwalk, link, head))
				return false;
			continue;
		}
		if (ds->kind != SRC_OP || ds->how != HOW_VALUE || ds->ref >= f->nops ||
		    f->ops[ds->ref].kind != OP_READ || f->ops[ds->ref].a >= f->npaths)
			return false;
		p = &f->paths[f->ops[ds->ref].a];
		/* next = p->next: the entry after one already detached */
		if (p->base_kind == BASE_VAR && p->derefs == 1 && in_walk(walk, *nwalk, p->base) &&
		    (!*link || *link == p->chain)) {
			*link = p->chain;
			continue;
		}
		if (!detaching_read(f, ds->ref))
			return false;
		*head = true;
	}
	return true;
}

/* Is op o inside an iterator macro's loop, whose variable the macro sets out of sight? */
static bool in_macro_loop(const struct ir_func *f, uint32_t o)
{
	for (uint16_t l = f->ops[o].loop; l && l <= f->nloops; l = f->loops[l - 1].parent)
		if (f->loops[l - 1].kind == LOOP_MACRO)
			return true;
	return false;
}

/*
 * Does f put an entry it walks (a local of walk[]) back where others can
 * reach it: store its pointer outside its own object (other->next = p), or
 * hand it to a call other than `at` that may keep it -- one that links it
 * (list_add(&p->node, &d->list)) or passes it to another thread
 * (schedule_work(&p->work), mod_timer(&p->timer, t)) as much as one whose
 * body is out of sight.  A call that ends it (kfree(p)), or whose body
 * keeps it where it was (call_keeps_object()), does not.
 */
static bool relinks(const struct index *idx, const struct ir_func *f, const uint32_t *walk,
		    unsigned nwalk, uint32_t at)
{
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *c = &f->ops[o];

		for (unsigned v = 0; v < nwalk; v++) {
			bool obj = false;

			if (stores_pointer_out(f, c, walk[v]))
				return true;
			if (c->kind != OP_CALL || o == at ||
			    idiom_lookup(sym_str(c->a)).kind == ID_ENDS)
				continue;
			for (uint32_t k = 0; k < op_nargs(c); k++)
				obj |= arg_names_var(f, &op_args(f, c)[k], walk[v]);
			if (obj && !call_keeps_object(idx, f, o, walk[v], IR_NONE))
				return true;
		}
	}
	return false;
}

/*
 * Is source s, an argument of call op `at`, an entry of a list f took
 * for itself: detached whole under its lock, then walked (p = d->tomb;
 * d->tomb = NULL; unlock; for (; p; p = next) { next = p->next; clear(p);
 * kfree(p); }), and linked nowhere again?  Like a fresh object, such an
 * entry is one no other thread can reach: what a callee does to it races
 * with no one.  Where the walk runs does not matter: once the head is
 * stored NULL under the lock, no one who takes it finds the entries.
 */
static bool detached_entry(const struct index *idx, const struct ir_func *f,
			   const struct ir_src *s, uint32_t at)
{
	uint32_t walk[DETACHED_DEPTH];
	unsigned nwalk = 0;
	sym_t link = 0;
	bool head = false;

	if (!f->reach || !f->args || in_macro_loop(f, at) ||
	    !detached_value(f, s, walk, &nwalk, &link, &head) || !head)
		return false;
	return !relinks(idx, f, walk, nwalk, at);
}

bool call_on_fresh_objects(const struct index *idx, const struct ir_func *f, uint32_t o,
			   const struct ir_func *callee)
{
	const struct ir_op *call = &f->ops[o];
	bool any = false;

	if (call->kind != OP_CALL || !f->args || !f->reach)
		return false;
	for (uint32_t k = 0; k < callee->nparams && k < callee->nvars; k++) {
		const struct ir_arg *a;
		const struct ir_src *s;
		bool fresh = false;

		int use = param_object_use(callee, k);

		if (!use)
			continue;
		if (use > 1)
			return false;
		if (k >= op_nargs(call))
			return false;
		a = &op_args(f, call)[k];
		s = arg_srcs(f, a);
		for (uint32_t i = 0; s && i < a->src_count; i++) {
			if (s[i].how != HOW_VALUE)
				continue;
			if (fresh || s[i].kind != SRC_VAR)
				return false;
			/* an allocation in a loop may be linked by the round before */
			if (!detached_entry(idx, f, &s[i], o) &&
			    (call->loop || handed_on_before(NULL, f, o, s[i].ref, true, IR_NONE) ||
			     !fresh_value(idx, f, &s[i], FRESH_DERIVED_DEPTH)))
				return false;
			fresh = true;
		}
		if (!fresh)
			return false;
		any = true;
	}
	return any;
}

/*
 * Does g use parameter k only as the object it sets up: as the base of
 * accesses to its own members (p->a = v, p->a.b), compared or tested,
 * or stored into its own members (INIT_LIST_HEAD's list->next = list)?
 * Then g links the object nowhere, keeps no alias of it and returns none:
 * whatever g does, the object is as unseen after the call as before.
 * Handing it to a call (param_object_use() 2) or storing it, or a place
 * in it, anywhere else may publish it.
 */
static bool sets_up_only(const struct ir_func *g, uint32_t k)
{
	if (param_object_use(g, k) > 1)
		return false;
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];
		const struct ir_src *s = g->srcs + op->src_start;
		bool self = (op->kind == OP_WRITE || op->kind == OP_RMW) && op->a < g->npaths &&
			    g->paths[op->a].base_kind == BASE_VAR && g->paths[op->a].base == k &&
			    g->paths[op->a].derefs;

		if (op->kind == OP_CALL)
			continue;
		for (uint32_t i = 0; i < op->src_count; i++) {
			bool names = (s[i].kind == SRC_VAR && s[i].ref == k) ||
				     (s[i].kind == SRC_ADDR && s[i].ref < g->npaths &&
				      g->paths[s[i].ref].base_kind == BASE_VAR &&
				      g->paths[s[i].ref].base == k);

			if (!names || s[i].how == HOW_BASE || s[i].how == HOW_TEST ||
			    s[i].how == HOW_EQUAL || self)
				continue;
			return false;
		}
	}
	return true;
}

/*
 * Does g only convert parameter k to another pointer type and return it
 * (a cast helper: return (struct sub *)p), using it for nothing else?
 */
static bool returns_param_only(const struct ir_func *g, uint32_t k)
{
	bool any = false;

	if (param_object_use(g, k))
		return false;
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];
		const struct ir_src *s = g->srcs + op->src_start;

		/* a call's arguments: param_object_use() said none names it */
		if (op->kind == OP_CALL)
			continue;
		for (uint32_t i = 0; i < op->src_count; i++) {
			if (op->kind == OP_RETURN && s[i].how == HOW_VALUE) {
				if (s[i].kind != SRC_VAR || s[i].ref != k)
					return false;
				any = true;
			} else if (s[i].kind == SRC_VAR && s[i].ref == k) {
				return false;
			}
		}
	}
	return any;
}

/* Does op u use the result of op o: among its sources, or its arguments' if a call? */
static bool uses_result(const struct ir_func *f, const struct ir_op *u, uint32_t o)
{
	return op_find_src(f, u, SRC_OP, o) != NULL;
}

/*
 * Does call o of f leave the object var points to where it was, whatever
 * other arguments it has: the callee's body is known, and for every
 * argument naming the object it only sets the object up (sets_up_only():
 * a helper that fills members in), or it only converts the
 * pointer (returns_param_only()) into `alias`, the local the caller tracks
 * along with var, and into nothing else?  A callee without a body (a
 * macro, another tree's function) may link the object anywhere.
 */
static bool call_keeps_object(const struct index *idx, const struct ir_func *f, uint32_t o,
			      uint32_t var, uint32_t alias)
{
	const struct ir_op *c = &f->ops[o];
	const struct ir_func *g = index_callee(idx, c);

	/* an #ifdef twin of the helper may be the one built, and publish it */
	if (!g || g == f || has_namesake(idx, g))
		return false;
	for (uint32_t k = 0; k < op_nargs(c); k++) {
		if (!arg_names_var(f, &op_args(f, c)[k], var))
			continue;
		if (k >= g->nparams || k >= g->nvars)
			return false;
		if (sets_up_only(g, k))
			continue;
		if (alias == IR_NONE || !returns_param_only(g, k))
			return false;
		/* the result defines the alias and nothing else */
		for (uint32_t d = o + 1; d < f->nops; d++)
			if (uses_result(f, &f->ops[d], o) && (f->ops[d].kind != OP_DEF ||
							      f->ops[d].a != alias))
				return false;
	}
	return true;
}

/*
 * The parameter that base source b (a local) converts, when every
 * definition of it that reaches the access is one: the parameter as it
 * came (a copy or a cast), or the result of a call that only converts it
 * (returns_param_only(): sub = to_sub(req)).  The local then points to the
 * object the parameter does.  IR_NONE otherwise.
 */
static uint32_t converted_param(const struct index *idx, const struct ir_func *f,
				const struct ir_src *b)
{
	uint32_t param = IR_NONE;

	if (b->kind != SRC_VAR || b->ref >= f->nvars || f->vars[b->ref].is_param || !b->defs ||
	    !f->reach || !f->args)
		return IR_NONE;
	for (uint32_t k = 0; k < b->defs; k++) {
		uint32_t dn = f->reach[b->def_start + k], p = IR_NONE;
		const struct ir_op *d;
		const struct ir_src *s;

		if ((dn & REACH_ENTRY) || dn >= f->nops || f->ops[dn].kind != OP_DEF ||
		    f->ops[dn].src_count != 1)
			return IR_NONE;
		d = &f->ops[dn];
		s = f->srcs + d->src_start;
		if (s[0].kind == SRC_VAR && s[0].how == HOW_VALUE && entry_param(f, &s[0])) {
			p = s[0].ref;
		} else if (s[0].kind == SRC_OP && s[0].ref < f->nops &&
			   f->ops[s[0].ref].kind == OP_CALL) {
			const struct ir_op *c = &f->ops[s[0].ref];
			const struct ir_func *g = index_callee(idx, c);

			if (g && has_namesake(idx, g))
				g = NULL;	/* which twin is built is unknown */
			for (uint32_t a = 0; g && a < op_nargs(c) && a < g->nparams; a++) {
				const struct ir_arg *arg = &op_args(f, c)[a];
				const struct ir_src *as = arg_srcs(f, arg);

				if (arg->src_count == 1 && as && as[0].how == HOW_VALUE &&
				    entry_param(f, &as[0]) && returns_param_only(g, a))
					p = as[0].ref;
			}
		}
		if (p == IR_NONE || (param != IR_NONE && p != param))
			return IR_NONE;
		param = p;
	}
	return param;
}

/*
 * An access through a parameter every caller passes a freshly allocated
 * object for (fresh_through_param()), made before this function hands the
 * object to any call: its caller allocated it, and this function publishes
 * it (device_add(&hdev->dev), a list insertion) only afterwards.  Nothing
 * before the access in the function's order, and no loop around it, may
 * pass the parameter or a place in its object to a call, but a call of a
 * helper whose body only fills the object's members in or only converts
 * the pointer (call_keeps_object()).  The access may be made through a
 * local that converts the parameter (sub = to_sub(req)): the same object.
 */
bool unpublished_param_access(const struct index *idx, const struct ir_func *f,
			      const struct ir_op *op)
{
	uint32_t end = (uint32_t)(op - f->ops), base, param, alias = IR_NONE, n;

	if (op->a >= f->npaths || f->paths[op->a].base_kind != BASE_VAR)
		return false;
	param = base = f->paths[op->a].base;
	/* through a local that converts the parameter (sub = to_sub(req); sub->x = v) */
	if (!f->vars[base].is_param) {
		const struct ir_src *s = f->srcs + op->src_start;

		param = IR_NONE;
		for (uint32_t i = 0; i < op->src_count && param == IR_NONE; i++)
			if (s[i].how == HOW_BASE && s[i].kind == SRC_VAR && s[i].ref == base)
				param = converted_param(idx, f, &s[i]);
		if (param == IR_NONE)
			return false;
		alias = base;
	}
	if (!fresh_through_param(idx, f, param) ||
	    handed_on_before(idx, f, end, param, false, alias) ||
	    (alias != IR_NONE && handed_on_before(idx, f, end, alias, false, IR_NONE)))
		return false;
	/* and no caller published what it allocated before the call */
	n = known_callers(idx, f);
	for (uint32_t i = 0; i < n; i++) {
		const struct call_site *cs = caller_site(idx, f, i);
		const struct ir_func *g;
		const struct ir_arg *a = index_call_arg(idx, cs, param, &g);
		const struct ir_src *s = a ? arg_srcs(g, a) : NULL;

		for (uint32_t k = 0; s && k < a->src_count; k++)
			if (s[k].kind == SRC_VAR && s[k].how == HOW_VALUE &&
			    handed_on_before(NULL, g, cs->op, s[k].ref, true, IR_NONE))
				return false;
	}
	return true;
}

/*
 * How far thread_local_object() looks for the owner: caller levels and
 * local definitions followed, and call sites read in all.  Past either
 * bound the object counts as shared, which only costs a finding.
 */
#define OWNER_DEPTH 6
#define OWNER_SITES 256

static bool owned_param(const struct index *idx, const struct ir_func *f, uint32_t param,
			unsigned depth, uint32_t *sites);

/*
 * A struct on f's stack.  Storing its address into memory may hand it to
 * another thread (an on-stack wait queue entry linked into a shared list),
 * so such a struct is not counted.
 */
static bool stack_object(const struct ir_func *f, uint32_t var)
{
	const struct ir_var *v = &f->vars[var];

	if (v->is_param || v->is_static || !v->by_value)
		return false;
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_src *s = f->srcs + op->src_start;

		if (op->kind != OP_WRITE)
			continue;
		for (uint32_t i = 0; i < op->src_count; i++)
			if (s[i].kind == SRC_ADDR && f->paths[s[i].ref].base_kind == BASE_VAR &&
			    f->paths[s[i].ref].base == var)
				return false;
	}
	return true;
}

/*
 * The variable an iterator macro walks a container with.  Its definition
 * names the container (list_for_each_entry(pos, head, ...) defines pos
 * from head), but the elements are other objects, reached by loads.
 */
static bool iterator_var(const struct ir_func *f, uint32_t var)
{
	for (uint32_t l = 0; l < f->nloops; l++)
		if (f->loops[l].kind == LOOP_MACRO && f->loops[l].var == var)
			return true;
	return false;
}

/* Does the pointer a source list computes point into an object the thread owns? */
static bool owned_value(const struct index *idx, const struct ir_func *f, const struct ir_src *s,
			uint32_t n, unsigned depth, uint32_t *sites)
{
	bool ptr = false;

	if (!depth)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		const struct ir_path *p;

		switch (s[i].kind) {
		case SRC_CONST:
			continue;
		case SRC_ADDR:
			p = &f->paths[s[i].ref];
			if (p->base_kind != BASE_VAR)
				return false;
			if (p->derefs == 0) {
				if (!stack_object(f, p->base))
					return false;
				ptr = true;
				continue;
			}
			/* &q->x is inside *q: the source for q decides */
			if (p->derefs == 1 && !strncmp(sym_str(p->chain), "->", 2))
				continue;
			return false;
		case SRC_VAR:
			if (s[i].how == HOW_INDEX)
				continue;
			if (f->vars[s[i].ref].by_value) {
				if (!stack_object(f, s[i].ref))
					return false;
				ptr = true;
				continue;
			}
			if (!s[i].defs)
				return false;
			for (uint32_t k = 0; k < s[i].defs; k++) {
				uint32_t d = f->reach[s[i].def_start + k];
				const struct ir_op *def;

				if (d & REACH_ENTRY) {
					if (!f->vars[d & ~REACH_ENTRY].is_param ||
					    !owned_param(idx, f, d & ~REACH_ENTRY, depth - 1, sites))
						return false;
					continue;
				}
				def = &f->ops[d];
				if (def->kind != OP_DEF || iterator_var(f, def->a) ||
				    !owned_value(idx, f, f->srcs + def->src_start, def->src_count,
						 depth - 1, sites))
					return false;
			}
			ptr = true;
			continue;
		default:
			/* a pointer loaded from memory or returned by a call */
			return false;
		}
	}
	return ptr;
}

/* An argument made of constants only: NULL, 0. */
static bool all_constant(const struct ir_func *g, const struct ir_arg *a)
{
	if (!a->src_count)
		return false;
	for (uint32_t k = 0; k < a->src_count; k++)
		if (g->srcs[a->src_start + k].kind != SRC_CONST)
			return false;
	return true;
}

/*
 * Every caller of a static function is in its file.  A function named as
 * a value (a callback) has callers no call graph shows.
 */
static bool owned_param(const struct index *idx, const struct ir_func *f, uint32_t param,
			unsigned depth, uint32_t *sites)
{
	const struct func_info *fi = &idx->info[f->id];

	if (!depth || !f->is_static || !fi->entry_known || !fi->ncallers)
		return false;
	for (uint32_t i = 0; i < fi->ncallers; i++) {
		const struct ir_func *g;
		const struct ir_arg *a = index_call_arg(idx, &idx->callers[fi->callers_start + i],
							param, &g);

		if (++*sites > OWNER_SITES || !a)
			return false;
		/* NULL: no object at all at this call, owned or not */
		if (all_constant(g, a))
			continue;
		if (!owned_value(idx, g, g->srcs + a->src_start, a->src_count, depth, sites))
			return false;
	}
	return true;
}

/* Is definition op of var made of var's own value and constants only (p++, p += 2)? */
static bool moves_itself(const struct ir_func *f, const struct ir_op *op, uint32_t var)
{
	const struct ir_src *s = f->srcs + op->src_start;
	bool self = false;

	for (uint32_t i = 0; i < op->src_count; i++) {
		if (s[i].kind == SRC_VAR && s[i].ref == var && s[i].how == HOW_VALUE)
			self = true;
		else if (s[i].kind != SRC_CONST)
			return false;
	}
	return self;
}

bool thread_local_object(const struct index *idx, const struct ir_func *f, uint32_t var)
{
	const struct ir_var *v = &f->vars[var];
	uint32_t sites = 0, defs = 0;

	if (v->is_param)
		return owned_param(idx, f, var, OWNER_DEPTH, &sites);
	if (v->by_value)
		return stack_object(f, var);
	/* a local pointer: owned if every value it is given is */
	if (iterator_var(f, var))
		return false;
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];

		if (op->kind != OP_DEF || op->a != var)
			continue;
		/* trip++: the pointer moves within what its other definitions give it */
		if (moves_itself(f, op, var))
			continue;
		if (!owned_value(idx, f, f->srcs + op->src_start, op->src_count, OWNER_DEPTH, &sites))
			return false;
		defs++;
	}
	return defs > 0;
}

/* How many fields make a filling-in (writers.h, fills_object). */
#define SETUP_FIELDS 6

bool fills_object(const struct ir_func *f, const struct ir_op *op)
{
	const struct ir_path *p = &f->paths[op->a];
	sym_t keys[SETUP_FIELDS];
	uint32_t n = 0;

	if (p->base_kind != BASE_VAR || !p->derefs)
		return false;
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *w = &f->ops[o];
		const struct ir_path *q;
		bool seen = false;

		if (w->kind != OP_WRITE || w->mark != MARK_PLAIN)
			continue;
		q = &f->paths[w->a];
		if (q->base_kind != BASE_VAR || q->base != p->base || q->derefs != p->derefs ||
		    !q->key)
			continue;
		for (uint32_t k = 0; k < n && !seen; k++)
			seen = keys[k] == q->key;
		if (seen)
			continue;
		keys[n++] = q->key;
		if (n == SETUP_FIELDS)
			return true;
	}
	return false;
}

/* A call that takes an object out of the list or tree it is linked in (`unlink`). */
static bool unlink_call(sym_t n)
{
	return idiom_lookup_sym(n).kind == ID_UNLINK;
}

/* Is a member of this type a list or tree member of the kind `which` (`list-type`)? */
static bool list_member_type(sym_t type, uint8_t which)
{
	struct idiom id = idiom_lookup_sym(type);

	return id.kind == ID_LIST_TYPE && (id.mark & which);
}

/*
 * Is member `field` the only list or tree link the struct has?  Then an
 * object unlinked there is in no list or tree at all.  A struct known
 * under other definitions too (each architecture's) is not asked.
 */
static bool only_link(const struct index *idx, sym_t sname, const char *field)
{
	uint32_t k = sname ? symmap_get(&idx->structs, sname, IR_NONE) : IR_NONE;
	const struct struct_def *sd;
	bool found = false;

	if (k == IR_NONE || idx->alt_first[k] != IR_NONE)
		return false;
	sd = idx->struct_list[k];
	for (uint32_t i = 0; i < sd->nfields; i++) {
		if (!list_member_type(sd->fields[i].type, IDIOM_LIST_LINK))
			continue;
		if (found || strcmp(sym_str(sd->fields[i].name), field))
			return false;
		found = true;
	}
	return found;
}

/*
 * Does call c take the object var points to out of its struct's only
 * list or tree link (list_del(&var->node), node its one list_head)?
 */
static bool unlinks_var(const struct index *idx, const struct ir_func *f, const struct ir_op *c,
			uint32_t var)
{
	if (c->kind != OP_CALL || !unlink_call(c->a))
		return false;
	for (uint32_t k = 0; k < op_nargs(c); k++) {
		const struct ir_arg *a = &f->args[c->src_start + k];
		const struct ir_path *ap;
		const char *chain;

		if (!(a->flags & ARG_ADDR) || a->path == IR_NONE)
			continue;
		ap = &f->paths[a->path];
		chain = sym_str(ap->chain);
		if (ap->base_kind != BASE_VAR || ap->base != var || ap->derefs != 1 ||
		    !str_starts(chain, "->") || strpbrk(chain + 2, ".-["))
			continue;
		if (only_link(idx, index_struct_of(idx, ap->base_type, NULL), chain + 2))
			return true;
	}
	return false;
}

/*
 * Is the member `chain` ("->owner") of the struct `base_type` points to a
 * pointer to an object that keeps lists or trees: the link back to what
 * the object was linked into?
 */
static bool owner_link(const struct index *idx, sym_t base_type, const char *chain)
{
	sym_t sname = index_struct_of(idx, base_type, NULL), owner;
	uint32_t k;
	int ptrs = 0;

	if (!sname || !str_starts(chain, "->") || strpbrk(chain + 2, ".-["))
		return false;
	owner = index_struct_of(idx, index_field_type(idx, sname, intern(chain + 2)), &ptrs);
	k = owner && ptrs == 1 ? symmap_get(&idx->structs, owner, IR_NONE) : IR_NONE;
	if (k == IR_NONE)
		return false;
	for (uint32_t i = 0; i < idx->struct_list[k]->nfields; i++)
		if (list_member_type(idx->struct_list[k]->fields[i].type, IDIOM_LIST_HEAD))
			return true;
	return false;
}

bool unlinked_store(const struct index *idx, const struct ir_func *f, uint32_t op)
{
	const struct ir_op *w = &f->ops[op];
	const struct ir_path *p = &f->paths[w->a];
	uint32_t entry = IR_NONE;
	uint8_t *avoid = NULL;
	bool found = false;

	if (!idx || w->kind != OP_WRITE || p->base_kind != BASE_VAR || p->derefs != 1 ||
	    !f->blocks || !stores_zero(f, w) || !owner_link(idx, p->base_type, sym_str(p->chain)))
		return false;
	entry = cfg_entry(f);
	for (uint32_t o = 0; o < f->nops && !found; o++) {
		const struct ir_op *c = &f->ops[o];

		if (o == op || c->kind != OP_CALL || !unlinks_var(idx, f, c, p->base) ||
		    !op_reaches_same_pass(f, o, op) || op_reaches_same_pass(f, op, o) ||
		    !var_value_reaches(f, p->base, o, op))
			continue;
		if (c->block == w->block) {
			found = o < op;
			continue;
		}
		/* the unlink is on every path to the store: none reaches it around the unlink */
		if (entry == IR_NONE)
			continue;
		if (!avoid)
			avoid = xcalloc(f->nblocks, 1);
		avoid[c->block] = 1;
		found = !cfg_reaches_avoiding(f, entry, w->block, avoid);
		avoid[c->block] = 0;
	}
	free(avoid);
	return found;
}

static void add_value(struct writers *w, sym_t value)
{
	bool seen = false;

	for (uint32_t k = 0; k < w->nconsts; k++)
		seen |= w->consts[k] == value;
	if (!seen && w->nconsts < ARRAY_SIZE(w->consts))
		w->consts[w->nconsts++] = value;
}

static void add_const(struct writers *w, const struct ir_func *f, const struct ir_op *op)
{
	const struct ir_src *s = f->srcs + op->src_start;

	for (uint32_t i = 0; i < op->src_count; i++)
		if (s[i].kind == SRC_CONST && s[i].how == HOW_VALUE)
			add_value(w, s[i].ref);
}

/*
 * What one write says of itself, whichever field's writers it is counted
 * among: a store to "S::a" is a writer of every field below it, and each
 * of their answers weighed it again.  The last answers per slot, per
 * thread (memo.h), allocated with the writers' memo.
 */
#define WRITER_MEMO_BITS 14

struct writer_memo {
	uint64_t generation;
	struct writer w;
};

static void writer_fill(const struct index *idx, const struct field_access *a,
			const struct ir_func *f, const struct ir_op *op, struct writer *wr)
{
	wr->func = a->func;
	wr->op = a->op;
	wr->marked = a->marked;
	wr->init = init_function(idx, f) || fresh_object(idx, f, op) ||
		   (f->paths[op->a].base_kind == BASE_VAR &&
		    fresh_through_param(idx, f, f->paths[op->a].base)) ||
		   (!a->marked && fills_object(f, op)) ||
		   unlinked_store(idx, f, (uint32_t)(op - f->ops));
	wr->nlocks = index_locks_at(idx, f, op, wr->locks, LOCKS_MAX);
}

static size_t writer_size(const struct writer *wr)
{
	return offsetof(struct writer, locks) + wr->nlocks * sizeof(wr->locks[0]);
}

static void writer_at(const struct index *idx, const struct field_access *a,
		      const struct ir_func *f, const struct ir_op *op, struct writer *wr)
{
	struct writer_memo *m;

	if (!index_memo.writer) {
		writer_fill(idx, a, f, op, wr);
		return;
	}
	m = &index_memo.writer[(uint32_t)((a->func * 2654435761u) ^ (a->op * 0x85ebca6bu)) >>
			       (32 - WRITER_MEMO_BITS)];
	if (m->generation != idx->generation || m->w.func != a->func || m->w.op != a->op ||
	    m->w.marked != a->marked) {
		writer_fill(idx, a, f, op, &m->w);
		m->generation = idx->generation;
	}
	memcpy(wr, &m->w, writer_size(&m->w));
}

static void add_key(const struct index *idx, sym_t key, sym_t from, struct writers *w,
		    uint64_t *dirs, uint32_t *ndirs)
{
	uint32_t n;
	const struct field_access *a = index_field_reads(idx, key, &n);

	/* the marked reads come first */
	for (uint32_t i = 0; i < n && !w->any_marked; i++) {
		if (!a[i].marked)
			break;
		w->any_marked = same_program(from, index_func_file(idx, a[i].func));
	}
	a = index_field_writes(idx, key, &n);
	for (uint32_t i = 0; i < n; i++) {
		sym_t file = index_func_file(idx, a[i].func);
		const struct ir_func *f;
		const struct ir_op *op;
		struct writer *wr;
		uint64_t dir;
		bool seen = false;

		/* the record has what every write needs; the IR only the first few */
		if (!same_program(from, file))
			continue;
		w->total++;
		if (a[i].marked)
			w->any_marked = true;
		if (a[i].nconsts == 1)
			add_value(w, a[i].value);
		dir = top_dir(idx, file);
		for (uint32_t k = 0; k < *ndirs; k++)
			seen |= dirs[k] == dir;
		if (!seen && *ndirs < 16)
			dirs[(*ndirs)++] = dir;
		if (w->n == WRITERS_MAX && a[i].nconsts < 2)
			continue;
		f = index_func(idx, a[i].func);
		op = &f->ops[a[i].op];
		if (a[i].nconsts > 1)
			add_const(w, f, op);
		if (w->n == WRITERS_MAX)
			continue;
		wr = &w->v[w->n++];
		writer_at(idx, &a[i], f, op, wr);
	}
}

/*
 * Answers writers_of() keeps per thread, by field and the program the
 * asking file is part of: same_program() is all the answer depends on
 * the asker for, so every file of one architecture shares an entry.
 */
/* 64 slots missed 45% of the whole kernel's asks; 256 cost 8 MB */
#define WRITERS_MEMO 256

/* The part of a struct writers in use: the rest of v[] is left unwritten. */
static size_t writers_size(const struct writers *w)
{
	return offsetof(struct writers, v) + w->n * sizeof(w->v[0]);
}

/*
 * The rules ask once per access: a function that touches one field ten
 * thousand times must not walk its writers ten thousand times.  The last
 * answers per slot, in this thread's memo (memo.h).
 */
struct writers_memo {
	uint64_t generation;
	sym_t key;
	bool separate;
	uint64_t arch;
	struct writers w;
};

static void writers_memo_release(void)
{
	free(index_memo.writers);
	index_memo.writers = NULL;
	free(index_memo.writer);
	index_memo.writer = NULL;
}

static void register_release(void)
{
	pool_on_worker_exit(writers_memo_release);
}

/* WRITERS_MEMO slots: too large for every thread's static storage. */
static struct writers_memo *writers_memo(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	if (!index_memo.writers) {
		pthread_once(&once, register_release);
		index_memo.writers = xcalloc(WRITERS_MEMO, sizeof(*index_memo.writers));
		index_memo.writer = xcalloc(1u << WRITER_MEMO_BITS, sizeof(*index_memo.writer));
	}
	return index_memo.writers;
}

/*
 * The concurrent writers, and the locks every one of them holds.  A flag
 * taken as a lock is left out: the rules read a common lock as what
 * protects the field, so an access without it races, and a flag's holders
 * are not known to be all who change what it covers (ir/ir.h, LOCK_FLAG);
 * each writer's own locks still keep it, so one holding the same flag as
 * the access is shut out.
 */
void writers_recount(struct writers *w)
{
	bool first = true;

	w->concurrent = 0;
	w->ncommon = 0;
	for (uint32_t i = 0; i < w->n; i++) {
		const struct writer *wr = &w->v[i];

		if (wr->init)
			continue;
		w->concurrent++;
		if (first) {
			for (uint32_t k = 0; k < wr->nlocks && w->ncommon < LOCKS_MAX; k++)
				if (strstr(sym_str(wr->locks[k].lock), "::") &&
				    exclusive_lock(&wr->locks[k]) && wr->locks[k].kind != LOCK_FLAG)
					w->common[w->ncommon++] = wr->locks[k];
			first = false;
		} else {
			uint32_t m = 0;

			for (uint32_t k = 0; k < w->ncommon; k++)
				if (holds(wr->locks, wr->nlocks, w->common[k].lock))
					w->common[m++] = w->common[k];
			w->ncommon = m;
		}
	}
	/* past the cap we cannot vouch for a common lock */
	if (w->total > w->n)
		w->ncommon = 0;
}

void writers_of(const struct index *idx, sym_t key, sym_t from, struct writers *w)
{
	struct writers_memo *memo = writers_memo();
	const struct file_facts *asker = facts_of(from);
	bool separate = asker->separate;
	uint64_t arch = asker->arch;
	struct writers_memo *last =
		&memo[hash_finish((uint64_t)key << 32 ^ arch ^ separate) % WRITERS_MEMO];
	uint64_t dirs[16];
	uint32_t ndirs = 0;

	if (last->generation == idx->generation && last->key == key &&
	    last->separate == separate && last->arch == arch) {
		memcpy(w, &last->w, writers_size(&last->w));
		return;
	}
	memset(w, 0, offsetof(struct writers, v));
	for (sym_t k = key; k; k = key_parent(k))
		add_key(idx, k, from, w, dirs, &ndirs);
	w->spread = ndirs;
	writers_recount(w);
	last->generation = idx->generation;
	last->key = key;
	last->separate = separate;
	last->arch = arch;
	memcpy(&last->w, w, writers_size(w));
}

bool shared_callers_hold(const struct index *idx, uint32_t func, sym_t lock)
{
	const struct func_info *fi = func < idx->nfuncs ? &idx->info[func] : NULL;
	uint32_t counted = 0;

	if (!fi || !fi->entry_known)
		return false;
	for (uint32_t i = 0; i < fi->ncallers; i++) {
		const struct call_site *cs = &idx->callers[fi->callers_start + i];
		const struct ir_func *g = index_func(idx, cs->caller);
		const struct ir_lockitem *l;
		uint32_t n;

		if (!g || g->id == func || init_function(idx, g))
			continue;
		l = op_locks(g, &g->ops[cs->op], &n);
		if (!holds(l, n, lock))
			return false;
		counted++;
	}
	return counted > 0;
}

bool asserts_exclusive(const struct ir_func *f, sym_t key, bool access_only)
{
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		sym_t k;

		if (op->kind != OP_ASSERT_EXCL || (access_only && !op->mark) || op->a >= f->npaths)
			continue;
		/* the asserted place, or a struct member that holds the field */
		for (k = key; k; k = key_parent(k))
			if (k == f->paths[op->a].key)
				return true;
	}
	return false;
}

/* The chain of embedded fields from struct `from` to struct `to`: "arch.vgic_cpu". */
static bool embedded_path(const struct index *idx, sym_t from, sym_t to, int depth, char *out,
			  size_t n)
{
	uint32_t k = symmap_get(&idx->structs, from, IR_NONE);
	const struct struct_def *sd;

	if (from == to) {
		out[0] = '\0';
		return true;
	}
	if (k == IR_NONE || depth == 0)
		return false;
	sd = idx->struct_list[k];
	for (uint32_t i = 0; i < sd->nfields; i++) {
		sym_t t = sd->fields[i].type;
		sym_t s;
		char rest[256];

		if (!t || strchr(sym_str(t), '*') || !(s = index_struct_of(idx, t, NULL)))
			continue;
		if (embedded_path(idx, s, to, depth - 1, rest, sizeof(rest))) {
			struct sbuf b = {0};

			sb_printf(&b, "%s%s%s", sym_str(sd->fields[i].name), rest[0] ? "." : "", rest);
			snprintf(out, n, "%s", sb_str(&b));
			sb_free(&b);
			return true;
		}
	}
	return false;
}

static sym_t key_struct(sym_t key)
{
	struct sym_memo *memo = index_memo.key_struct;
	struct sym_memo *m = sym_memo_at(memo, key);
	const char *k = sym_str(key), *sep;

	if (key && m->in == key)
		return m->out;
	sep = strstr(k, "::");
	m->in = key;
	m->out = sep && !str_starts(k, "global::") ? intern_n(k, (size_t)(sep - k)) : 0;
	return m->out;
}

bool lock_of_object(const struct index *idx, sym_t lock, sym_t key)
{
	/* by pair of structs: the search through their members is the cost */
	struct lock_object_memo *memo = index_memo.lock_of_object;
	sym_t ls = key_struct(lock), ks = key_struct(key);
	char via[256];
	uint32_t slot;

	if (!ls || !ks)
		return false;
	if (ls == ks)
		return true;
	slot = (uint32_t)(hash_finish((uint64_t)ls << 32 | ks) % LOCK_OBJECT_MEMO);
	if (memo[slot].generation != idx->generation || memo[slot].ls != ls ||
	    memo[slot].ks != ks) {
		memo[slot].generation = idx->generation;
		memo[slot].ls = ls;
		memo[slot].ks = ks;
		memo[slot].yes = embedded_path(idx, ks, ls, 3, via, sizeof(via)) ||
				 embedded_path(idx, ls, ks, 3, via, sizeof(via));
	}
	return memo[slot].yes;
}

bool single_object_lock(sym_t lock)
{
	const char *k = sym_str(lock), *sep = strstr(k, "::");

	if (!sep || strpbrk(sep + 2, "[*>"))
		return false;
	/* a variable's key starts with its file's path, or "global" */
	return str_starts(k, "global::") || memchr(k, '/', (size_t)(sep - k)) ||
	       memchr(k, '.', (size_t)(sep - k));
}

bool carried_lock(sym_t lock)
{
	const char *sep = strstr(sym_str(lock), "::");

	return sep && !strcmp(sep + 2, "*");
}

void lock_display(char *buf, size_t n, sym_t lock, const char *object, sym_t object_type,
		  const struct index *idx)
{
	const char *k = sym_str(lock), *sep = strstr(k, "::");
	int pointers = 0;
	sym_t s = object_type ? index_struct_of(idx, object_type, &pointers) : 0;
	char via[256];

	if (carried_lock(lock)) {
		if (s && object && embedded_path(idx, s, intern_n(k, (size_t)(sep - k)), 3, via,
						  sizeof(via)) && !via[0])
			snprintf(buf, n, "the lock %s%s carries", pointers ? "*" : "", object);
		else
			snprintf(buf, n, "the lock a %.*s carries", (int)(sep - k), k);
		return;
	}
	if (sep && s && object &&
	    embedded_path(idx, s, intern_n(k, (size_t)(sep - k)), 3, via, sizeof(via))) {
		snprintf(buf, n, "%s%s%s%s%s", object, pointers ? "->" : ".", via, via[0] ? "." : "",
			 sep + 2);
		return;
	}
	if (str_starts(k, "global::")) {
		snprintf(buf, n, "%s", k + 8);
		return;
	}
	snprintf(buf, n, "%s", k);
}

/*
 * Breadth first up the call graph from `func` (itself first), `depth`
 * levels at most and REL_VISITS functions: visit() is called on each, and
 * ends the walk by returning true.  Past the bound the walk just stops,
 * which only costs a finding its confidence.
 */
#define REL_VISITS 96
#define REL_SEEN 256	/* a power of two, over twice REL_VISITS */

/* Add id to the set; false if it was there. */
static bool seen_add(uint32_t *set, uint32_t id)
{
	for (uint32_t j = (uint32_t)hash_finish(id) & (REL_SEEN - 1);; j = (j + 1) & (REL_SEEN - 1)) {
		if (set[j] == id + 1)
			return false;
		if (!set[j]) {
			set[j] = id + 1;
			return true;
		}
	}
}

static bool walk_callers(const struct index *idx, uint32_t func, unsigned depth,
			 bool (*visit)(const struct index *idx, uint32_t fn, void *ctx), void *ctx)
{
	uint32_t queue[REL_VISITS], level[REL_VISITS], n = 0;
	/* the functions queued, open-addressed (ids + 1; 0 is empty) */
	uint32_t seen[REL_SEEN] = {0};

	queue[n] = func;
	level[n++] = 0;
	seen_add(seen, func);
	for (uint32_t i = 0; i < n; i++) {
		const struct func_info *fi = &idx->info[queue[i]];

		if (visit(idx, queue[i], ctx))
			return true;
		if (level[i] == depth)
			continue;
		for (uint32_t c = 0; c < fi->ncallers && n < REL_VISITS; c++) {
			uint32_t g = idx->callers[fi->callers_start + c].caller;

			if (seen_add(seen, g)) {
				queue[n] = g;
				level[n++] = level[i] + 1;
			}
		}
	}
	return false;
}

static bool in_file(const struct index *idx, uint32_t fn, void *file)
{
	return index_func_file(idx, fn) == *(sym_t *)file;
}

/*
 * The slot remembering whether `func` reaches `file` one way or the other
 * (calls: 0 called from it, 1 calls into it); *hit says whether it holds
 * the answer.  The rules ask it for every writer of every field they look
 * at, the same pairs over and over.
 */
static struct reach_memo *reach_slot(const struct index *idx, uint32_t func, sym_t file,
				     uint8_t calls, bool *hit)
{
	uint64_t h = hash_finish((uint64_t)func << 33 ^ (uint64_t)file << 1 ^ calls);
	struct reach_memo *m = &index_memo.reach[h & ((1u << REACH_MEMO_BITS) - 1)];

	*hit = m->generation == idx->generation && m->func == func && m->file == file &&
	       m->calls == calls;
	if (!*hit) {
		m->generation = idx->generation;
		m->func = func;
		m->file = file;
		m->calls = calls;
	}
	return m;
}

/* Is `func`, or a function that calls it up to 3 levels up, in `file`? */
static bool called_from_file(const struct index *idx, uint32_t func, sym_t file)
{
	bool hit;
	struct reach_memo *m = reach_slot(idx, func, file, 0, &hit);

	if (!hit)
		m->yes = walk_callers(idx, func, 3, in_file, &file);
	return m->yes;
}

/* Does f call a function defined in `file`? */
static bool calls_into(const struct index *idx, const struct ir_func *f, sym_t file)
{
	bool hit;
	struct reach_memo *m = reach_slot(idx, f->id, file, 1, &hit);

	if (hit)
		return m->yes;
	m->yes = false;
	for (uint32_t o = 0; o < f->nops && !m->yes; o++)
		if (f->ops[o].kind == OP_CALL && f->ops[o].callee != IR_NONE &&
		    index_func_file(idx, f->ops[o].callee) == file)
			m->yes = true;
	return m->yes;
}

bool writer_reaches(const struct index *idx, uint32_t writer, const struct ir_func *f)
{
	sym_t wfile = index_func_file(idx, writer);

	if (wfile == f->file)
		return true;
	if (writer >= idx->nfuncs || f->id >= idx->nfuncs || idx->funcs[f->id] != f)
		return false;
	/*
	 * The accessor's file hands its objects to the writer, or the
	 * writer's to the accessor, or either calls into the other's file
	 * (a check made through the writers' own predicate).
	 */
	return called_from_file(idx, writer, f->file) || called_from_file(idx, f->id, wfile) ||
	       calls_into(idx, f, wfile) || calls_into(idx, index_func(idx, writer), f->file);
}

/*
 * The functions every call of `func` runs inside, `depth` levels up: itself,
 * and those every one of its callers runs inside (its dominators in the
 * call graph).  A function called from out of sight (address taken,
 * exported, no caller in the tree) or from more places than the bound runs
 * inside itself only.  Returns the count written to out.
 */
#define ENCLOSING_MAX 8
#define ENCLOSING_CALLERS 6

static uint32_t enclosing_calls(const struct index *idx, uint32_t func, unsigned depth,
				uint32_t *out)
{
	const struct func_info *fi = &idx->info[func];
	uint32_t callers[ENCLOSING_CALLERS], ncallers = 0, acc[ENCLOSING_MAX], nacc = 0;

	out[0] = func;
	if (!depth || !fi->entry_known || !fi->ncallers)
		return 1;
	for (uint32_t i = 0; i < fi->ncallers; i++) {
		uint32_t g = idx->callers[fi->callers_start + i].caller;
		bool seen = g == func;	/* recursion adds no caller */

		for (uint32_t k = 0; k < ncallers && !seen; k++)
			seen = callers[k] == g;
		if (seen)
			continue;
		if (ncallers == ENCLOSING_CALLERS)
			return 1;
		callers[ncallers++] = g;
	}
	for (uint32_t i = 0; i < ncallers; i++) {
		uint32_t sub[ENCLOSING_MAX], ns = enclosing_calls(idx, callers[i], depth - 1, sub), k = 0;

		if (i == 0) {
			memcpy(acc, sub, ns * sizeof(*sub));
			nacc = ns;
			continue;
		}
		for (uint32_t j = 0; j < nacc; j++) {
			bool in = false;

			for (uint32_t m = 0; m < ns && !in; m++)
				in = sub[m] == acc[j];
			if (in)
				acc[k++] = acc[j];
		}
		nacc = k;
		if (!nacc)
			break;
	}
	for (uint32_t j = 0; j < nacc && j + 1 < ENCLOSING_MAX; j++)
		out[j + 1] = acc[j];
	return 1 + (nacc < ENCLOSING_MAX - 1 ? nacc : ENCLOSING_MAX - 1);
}

uint32_t one_activation(const struct index *idx, uint32_t a, uint32_t b)
{
	uint32_t da[ENCLOSING_MAX], db[ENCLOSING_MAX], na, nb;

	if (a >= idx->nfuncs || b >= idx->nfuncs)
		return IR_NONE;
	if (a == b)
		return a;
	na = enclosing_calls(idx, a, 3, da);
	nb = enclosing_calls(idx, b, 3, db);
	for (uint32_t i = 0; i < na; i++)
		for (uint32_t j = 0; j < nb; j++)
			if (da[i] == db[j])
				return da[i];
	return IR_NONE;
}

bool locks_disjoint(const struct ir_lockitem *a, uint32_t na, const struct ir_lockitem *b,
		    uint32_t nb)
{
	for (uint32_t i = 0; i < na; i++) {
		const struct ir_lockitem *other;

		/*
		 * A lock keyed by type, or one named by the same path from the
		 * object on both sides ("ssp->sup->gp_mutex", the writer's
		 * through its callers): the same object's lock.
		 */
		if (a[i].kind == LOCK_RCU || a[i].kind == LOCK_SRCU ||
		    (!strstr(sym_str(a[i].lock), "::") && !strstr(sym_str(a[i].lock), "->")))
			continue;
		/* one side writing a rwlock excludes the other, reading or writing */
		for (uint32_t k = 0; k < nb; k++) {
			other = &b[k];
			if (other->lock == a[i].lock &&
			    (exclusive_lock(&a[i]) || exclusive_lock(other)))
				return false;
		}
	}
	return true;
}

/*
 * The ops structs whose tables name a function that calls `func`, up to
 * FRAMEWORK_DEPTH levels up (func itself included): the frameworks that
 * call it back.  At most FRAMEWORKS_MAX.
 */
#define FRAMEWORK_DEPTH 4

struct frameworks {
	sym_t v[FRAMEWORKS_MAX];
	uint32_t n;
};

static bool add_framework(const struct index *idx, uint32_t fn, void *ctx)
{
	struct frameworks *fw = ctx;
	sym_t t = idx->info[fn].callback_of;
	bool seen = false;

	for (uint32_t k = 0; k < fw->n && !seen; k++)
		seen = fw->v[k] == t;
	if (t && !seen && fw->n < FRAMEWORKS_MAX)
		fw->v[fw->n++] = t;
	return false;
}

static uint32_t frameworks_of(const struct index *idx, uint32_t func, sym_t *out)
{
	struct framework_memo *m =
		&index_memo.frameworks[hash_finish(func) & ((1u << FRAMEWORK_MEMO_BITS) - 1)];

	if (m->generation != idx->generation || m->func != func) {
		struct frameworks fw = { .n = 0 };

		walk_callers(idx, func, FRAMEWORK_DEPTH, add_framework, &fw);
		m->generation = idx->generation;
		m->func = func;
		m->n = fw.n;
		copy_n(m->v, fw.v, fw.n * sizeof(*m->v));
	}
	copy_n(out, m->v, m->n * sizeof(*out));
	return m->n;
}

sym_t common_framework(const struct index *idx, uint32_t a, uint32_t b)
{
	sym_t fa[FRAMEWORKS_MAX], fb[FRAMEWORKS_MAX];
	uint32_t na, nb;

	if (a >= idx->nfuncs || b >= idx->nfuncs)
		return 0;
	na = frameworks_of(idx, a, fa);
	if (!na)
		return 0;
	nb = frameworks_of(idx, b, fb);
	for (uint32_t i = 0; i < na; i++)
		for (uint32_t k = 0; k < nb; k++)
			if (fa[i] == fb[k])
				return fa[i];
	return 0;
}

void writers_reaching(const struct index *idx, const struct ir_func *f, struct writers *w)
{
	bool reaches[WRITERS_MAX];
	uint32_t m = 0, related = 0;

	for (uint32_t i = 0; i < w->n; i++) {
		reaches[i] = !w->v[i].init && writer_reaches(idx, w->v[i].func, f);
		related += reaches[i];
	}
	if (!related)
		return;
	for (uint32_t i = 0; i < w->n; i++)
		if (w->v[i].init || reaches[i])
			w->v[m++] = w->v[i];
	/* what was dropped past the cap is not known to be unrelated */
	w->total -= w->n - m;
	w->n = m;
	writers_recount(w);
}

/*
 * Where a pointer comes from, in the parameters of the function computing
 * it: the union of the parameters its sources were computed from, through
 * locals, addresses in the object a parameter points to (&q->napi, an
 * element of the ring it points to, &q->desc[i]) and calls (container_of,
 * netdev_priv).  False when any source is a global, a pointer loaded from
 * the object (q->parent: a parent, a peer, shared by every queue that
 * points to it), or something else no parameter leads to: an object found
 * that way may be anybody's.  Subscripts pick an element, not the object.
 */
#define ROOT_VARS 16

struct rooting {
	uint32_t seen[ROOT_VARS];	/* locals being followed: a loop adds nothing */
	uint32_t nseen;
	unsigned steps;
	bool current_ok;		/* the running thread's own object is a root too */
	bool current;			/* ... and the value comes from it */
};

/* Is path p, of a global, the running thread's own object (`current`) or in it? */
static bool running_thread_root(const struct ir_func *f, uint32_t p, struct rooting *r)
{
	const struct ir_path *pa = p < f->npaths ? &f->paths[p] : NULL;

	if (!r->current_ok || !pa || pa->base_kind != BASE_GLOBAL ||
	    !idiom_running_thread(sym_str(pa->base)))
		return false;
	r->current = true;
	return true;
}

static bool var_params(const struct ir_func *f, uint32_t v, struct rooting *r, uint64_t *out);

static bool path_params(const struct ir_func *f, uint32_t p, struct rooting *r, uint64_t *out);

static bool srcs_params(const struct ir_func *f, const struct ir_src *s, uint32_t n,
			struct rooting *r, uint64_t *out)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct ir_op *op;

		if (!r->steps || !--r->steps)
			return false;
		if (s[i].how != HOW_VALUE && s[i].how != HOW_BASE)
			continue;
		switch (s[i].kind) {
		case SRC_CONST:
			continue;
		case SRC_VAR:
			if (!var_params(f, s[i].ref, r, out))
				return false;
			continue;
		case SRC_ADDR:
			if (s[i].ref >= f->npaths || !path_params(f, s[i].ref, r, out))
				return false;
			continue;
		case SRC_OP:
			if (s[i].ref >= f->nops)
				return false;
			op = &f->ops[s[i].ref];
			/* the running thread's task pointer, read */
			if (op->kind == OP_READ && op_has_path(op) && op->a < f->npaths &&
			    !f->paths[op->a].chain && running_thread_root(f, op->a, r))
				continue;
			/* a pointer loaded, or a call through one */
			if (op->kind != OP_CALL || (op->flags & OPF_INDIRECT))
				return false;
			for (uint32_t k = 0; k < op_nargs(op); k++) {
				const struct ir_arg *a = &op_args(f, op)[k];

				if (!srcs_params(f, arg_srcs(f, a), a->src_count, r, out))
					return false;
			}
			continue;
		default:
			return false;
		}
	}
	return true;
}

/*
 * Does the path stay in the object its base points to (q->a.b, q->arr[i]),
 * or an array that object points to (q->desc[i]): one pointer followed
 * at most, the base's own?  q->parent->x is in another object.
 */
static bool path_in_object(const struct ir_path *pa)
{
	const char *c = pa->chain ? sym_str(pa->chain) : "";
	unsigned derefs = 0;

	for (; *c; c++)
		derefs += (c[0] == '-' && c[1] == '>') || c[0] == '*';
	return derefs <= 1;
}

static bool path_params(const struct ir_func *f, uint32_t p, struct rooting *r, uint64_t *out)
{
	const struct ir_path *pa;
	struct ir_src s;

	if (p >= f->npaths)
		return false;
	pa = &f->paths[p];
	if (!path_in_object(pa))
		return false;
	if (pa->base_kind == BASE_VAR)
		return var_params(f, pa->base, r, out);
	if (running_thread_root(f, p, r))
		return true;
	if (pa->base_kind != BASE_CALL)
		return false;
	s = (struct ir_src){ .ref = pa->base, .kind = SRC_OP };
	return srcs_params(f, &s, 1, r, out);
}

static bool var_params(const struct ir_func *f, uint32_t v, struct rooting *r, uint64_t *out)
{
	bool any = false;

	if (v < f->nparams) {
		*out |= v < 64 ? 1ull << v : 0;
		return v < 64;
	}
	if (v >= f->nvars || f->vars[v].is_static)
		return false;
	for (uint32_t i = 0; i < r->nseen; i++)
		if (r->seen[i] == v)
			return true;
	if (r->nseen == ROOT_VARS)
		return false;
	r->seen[r->nseen++] = v;
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *d = &f->ops[o];

		/* a local a call fills through its address: from what, unseen */
		if (d->kind != OP_DEF || d->a != v || (d->flags & OPF_OUTPARAM))
			continue;
		if (!srcs_params(f, op_srcs(f, d), d->src_count, r, out))
			return false;
		any = true;
	}
	return any;
}

/*
 * The serial entry (func_info.serial_entry) every path to `func` starts
 * at, each passing down what the object `params` (of func) names comes
 * from in the entry's own arguments; IR_NONE when a path starts anywhere
 * else, or is out of sight, or the object comes from elsewhere on the way
 * (a global, a lookup).  Calls from creation and teardown paths
 * (init_function()) are left out: the object is not shared there.
 */
#define SERIAL_DEPTH 6
#define SERIAL_BUDGET 48

/*
 * With `stoppable`, the entry sought is instead one a thread-stop can stop:
 * a thread or serial entry never called directly, every registration of
 * it on one member (func_info.entry_obj).
 */
static bool stoppable_entry(const struct func_info *fi)
{
	return fi->entry_obj && !fi->ncallers && (fi->serial_entry || fi->thread_entry);
}

static uint32_t serial_entry_of(const struct index *idx, uint32_t func, uint64_t params,
				unsigned depth, uint32_t *budget, bool stoppable)
{
	const struct func_info *fi = &idx->info[func];
	uint32_t entry = IR_NONE;

	if (stoppable ? stoppable_entry(fi) : fi->serial_entry)
		return func;
	if (!depth || !fi->entry_known || !fi->ncallers)
		return IR_NONE;
	for (uint32_t c = 0; c < fi->ncallers; c++) {
		const struct call_site *cs = &idx->callers[fi->callers_start + c];
		const struct ir_func *g = index_func(idx, cs->caller);
		const struct ir_op *call;
		struct rooting r = { .nseen = 0, .steps = 256 };
		uint64_t up = 0;
		uint32_t e;

		if (!*budget || !g)
			return IR_NONE;
		--*budget;
		if (cs->caller == func || init_function(idx, g))
			continue;
		call = &g->ops[cs->op];
		for (uint32_t k = 0; k < op_nargs(call) && k < 64; k++) {
			const struct ir_arg *a = &op_args(g, call)[k];

			if ((params >> k & 1) && !srcs_params(g, arg_srcs(g, a), a->src_count, &r, &up))
				return IR_NONE;
		}
		/*
		 * an argument the call does not pass (a variadic helper), or
		 * an object the caller makes of nothing it was handed
		 */
		if ((op_nargs(call) < 64 && params >> op_nargs(call)) || !up)
			return IR_NONE;
		e = serial_entry_of(idx, cs->caller, up, depth - 1, budget, stoppable);
		if (e == IR_NONE || (entry != IR_NONE && e != entry))
			return IR_NONE;
		entry = e;
	}
	return entry;
}

/* The serial entry op's object (in f) is reached from, or IR_NONE. */
static uint32_t access_entry(const struct index *idx, const struct ir_func *f,
			     const struct ir_op *op, uint32_t *budget, bool stoppable)
{
	struct rooting r = { .nseen = 0, .steps = 256 };
	uint64_t params = 0;

	if (!f || f->id >= idx->nfuncs || !op_has_path(op) || !path_params(f, op->a, &r, &params) ||
	    !params)
		return IR_NONE;
	return serial_entry_of(idx, f->id, params, SERIAL_DEPTH, budget, stoppable);
}

static uint32_t access_serial_entry(const struct index *idx, const struct ir_func *f,
				    const struct ir_op *op, uint32_t *budget)
{
	return access_entry(idx, f, op, budget, false);
}

uint32_t serial_context_of(const struct index *idx, uint32_t func, uint32_t op)
{
	uint32_t budget = SERIAL_BUDGET;
	const struct ir_func *f = func < idx->nfuncs ? index_func(idx, func) : NULL;

	if (!f || op >= f->nops)
		return IR_NONE;
	return access_serial_entry(idx, f, &f->ops[op], &budget);
}

uint32_t one_serial_context(const struct index *idx, uint32_t func, uint32_t op, uint32_t writer,
			    uint32_t wop)
{
	uint32_t budget = SERIAL_BUDGET, e;
	const struct ir_func *f = func < idx->nfuncs ? index_func(idx, func) : NULL;
	const struct ir_func *g = writer < idx->nfuncs ? index_func(idx, writer) : NULL;

	if (!f || !g || op >= f->nops || wop >= g->nops)
		return IR_NONE;
	e = access_serial_entry(idx, f, &f->ops[op], &budget);
	if (e == IR_NONE)
		return IR_NONE;
	budget = SERIAL_BUDGET;
	return access_serial_entry(idx, g, &g->ops[wop], &budget) == e ? e : IR_NONE;
}

/*
 * Is the object `params` (of func) names the running thread's own at
 * every call: each caller hands it `current`, a member of it, or a
 * parameter of its own that is so in turn?  Callers must all be known.
 */
#define RUNNING_DEPTH 3

static bool params_running_thread(const struct index *idx, uint32_t func, uint64_t params,
				  unsigned depth, uint32_t *budget)
{
	const struct func_info *fi = &idx->info[func];
	const struct ir_func *f = index_func(idx, func);
	struct idiom id = f ? idiom_lookup_sym(f->name) : (struct idiom){ .kind = ID_NONE };

	/* a parameter the codebase declares to be the running task (running-task) */
	if (id.kind == ID_RUNNING_TASK && id.loc >= 0 && id.loc < 64 &&
	    params == 1ull << id.loc)
		return true;
	if (!depth || !fi->entry_known || !fi->ncallers)
		return false;
	for (uint32_t c = 0; c < fi->ncallers; c++) {
		const struct call_site *cs = &idx->callers[fi->callers_start + c];
		const struct ir_func *g = index_func(idx, cs->caller);
		const struct ir_op *call;
		struct rooting r = { .nseen = 0, .steps = 256, .current_ok = true };
		uint64_t up = 0;

		if (!*budget || !g || cs->caller == func)
			return false;
		--*budget;
		call = &g->ops[cs->op];
		if (op_nargs(call) < 64 && params >> op_nargs(call))
			return false;
		for (uint32_t k = 0; k < op_nargs(call) && k < 64; k++) {
			const struct ir_arg *a = &op_args(g, call)[k];

			if ((params >> k & 1) && !srcs_params(g, arg_srcs(g, a), a->src_count, &r, &up))
				return false;
		}
		if (up && !params_running_thread(idx, cs->caller, up, depth - 1, budget))
			return false;
		if (!up && !r.current)
			return false;
	}
	return true;
}

bool on_running_thread(const struct index *idx, const struct ir_func *f, const struct ir_op *op)
{
	struct rooting r = { .nseen = 0, .steps = 256, .current_ok = true };
	uint32_t budget = SERIAL_BUDGET;
	uint64_t params = 0;

	if (!f || f->id >= idx->nfuncs || !op_has_path(op) || op->a >= f->npaths)
		return false;
	if (!path_params(f, op->a, &r, &params))
		return false;
	if (!params)
		return r.current;
	return params_running_thread(idx, f->id, params, RUNNING_DEPTH, &budget);
}

/* Does a value (sources s) come from a read of `key` in g, itself or a local holding it? */
static bool from_read_of(const struct ir_func *g, const struct ir_src *s, uint32_t n, sym_t key)
{
	uint32_t origins[16], k = value_origins(g, s, n, 2, origins, 16);

	for (uint32_t i = 0; i < k; i++)
		if (g->ops[origins[i]].kind == OP_READ && g->paths[g->ops[origins[i]].a].key == key)
			return true;
	return false;
}

bool writer_installs_once(const struct ir_func *g, uint32_t w)
{
	const struct ir_op *op = &g->ops[w];
	const struct ir_src *s = g->srcs + op->src_start;
	sym_t key = g->paths[op->a].key;
	uint32_t *ipdom;
	uint8_t *cd;
	bool once = false;

	if (op->kind == OP_RMW) {
		/* the expected operand first, then the new one: cmpxchg(&p->f, NULL, v) */
		const struct ir_src *first = NULL;
		uint32_t nv = 0;

		for (uint32_t i = 0; i < op->src_count; i++) {
			if (s[i].how == HOW_BASE || s[i].how == HOW_INDEX)
				continue;
			if (!nv++)
				first = &s[i];
		}
		return nv >= 2 && first->kind == SRC_CONST && const_is_zero(first->ref);
	}
	if (op->kind != OP_WRITE || (op->flags & OPF_COMPOUND) || !g->blocks || !g->succs)
		return false;
	ipdom = NULL;
	cd = NULL;
	for (uint32_t b = 0; b < w && !once; b++) {
		const struct ir_op *br = &g->ops[b];
		const struct ir_src *c = g->srcs + br->src_start;
		/* the successor that runs when the tested value is zero (OPF_NOT_TEST: !x) */
		unsigned zero = (br->flags & OPF_NOT_TEST) ? 0 : 1;

		if (br->kind != OP_BRANCH || br->src_count != 1 || (br->flags & OPF_PREPROC) ||
		    (c->how != HOW_TEST && c->how != HOW_VALUE) || br->block >= g->nblocks ||
		    g->blocks[br->block].nsucc != 2 || !from_read_of(g, c, 1, key))
			continue;
		if (!ipdom) {
			ipdom = cfg_postdominators(g);
			cd = xmalloc(g->nblocks + 1);
		}
		control_dependents(g, ipdom, br->block, cd);
		once = (cd[op->block] >> zero & 1) && !(cd[op->block] >> (1 - zero) & 1);
	}
	free(cd);
	free(ipdom);
	return once;
}

/* --- writers that stop the access's context first ---------------------- */

/*
 * The member named by argument k of call op `call` in g, when it is one
 * member of a local or parameter (&obj->work, obj->irq): that variable,
 * else IR_NONE; its key in *key.
 */
static uint32_t arg_member_var(const struct ir_func *g, const struct ir_op *call, int k, sym_t *key)
{
	const struct ir_arg *a;
	const struct ir_path *pa;

	if (k < 0 || (uint32_t)k >= op_nargs(call))
		return IR_NONE;
	a = &op_args(g, call)[k];
	if (a->path >= g->npaths)
		return IR_NONE;
	pa = &g->paths[a->path];
	if (pa->base_kind != BASE_VAR || pa->derefs != 1 || !pa->chain ||
	    (pa->flags & PATH_FLAG_INDEXED))
		return IR_NONE;
	*key = pa->key;
	return pa->base;
}

/* The variable argument k of `call` passes as it is (obj, not obj->x), or IR_NONE. */
static uint32_t arg_plain_var(const struct ir_func *g, const struct ir_op *call, uint32_t k)
{
	const struct ir_arg *a;
	const struct ir_src *s;

	if (k >= op_nargs(call))
		return IR_NONE;
	a = &op_args(g, call)[k];
	s = arg_srcs(g, a);
	if (a->src_count != 1 || s[0].kind != SRC_VAR || s[0].how != HOW_VALUE || s[0].ref >= g->nvars)
		return IR_NONE;
	return s[0].ref;
}

static bool call_stops(const struct index *idx, const struct ir_func *g, const struct ir_op *call,
		       uint32_t var, sym_t key, unsigned depth, uint32_t *budget);

/*
 * The blocks of g that stop member `key` of variable `var` (marked in
 * avoid[]): a thread-stop on it, or a call of a function that always
 * does so on what var passes it.  The stop of block at_block before op at,
 * if any, in *before.  False when a call names the member to arm it again.
 */
static bool stop_blocks(const struct index *idx, const struct ir_func *g, uint32_t var, sym_t key,
			uint32_t at, uint8_t *avoid, bool *any, bool *before, unsigned depth,
			uint32_t *budget)
{
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *call = &g->ops[o];
		struct idiom id;
		sym_t k = 0;
		bool names = false;

		if (call->kind != OP_CALL)
			continue;
		id = (call->flags & OPF_INDIRECT) ? (struct idiom){ .kind = ID_NONE }
						   : idiom_lookup_sym(call->a);
		if ((id.kind == ID_THREAD_STOP && arg_member_var(g, call, id.loc, &k) == var &&
		     k == key) ||
		    (id.kind == ID_NONE && call_stops(idx, g, call, var, key, depth, budget))) {
			*any = true;
			if (at != IR_NONE && call->block == g->ops[at].block && o < at)
				*before = true;
			else if (call->block < g->nblocks)
				avoid[call->block] = 1;
			continue;
		}
		for (uint32_t i = 0; i < op_nargs(call) && !names; i++) {
			const struct ir_arg *a = &op_args(g, call)[i];

			names = a->path < g->npaths && g->paths[a->path].key == key;
		}
		if (names && id.kind != ID_THREAD_STOP)
			return false;	/* armed again, perhaps after the stop */
	}
	return true;
}

/*
 * Does the call (in g) run a function of the tree that, on every path
 * through it, stops member `key` of the object its parameter gets from
 * var, and arms it nowhere (a driver's own stop_work(obj) helper)?
 */
static bool call_stops(const struct index *idx, const struct ir_func *g, const struct ir_op *call,
		       uint32_t var, sym_t key, unsigned depth, uint32_t *budget)
{
	const struct ir_func *h;
	uint8_t *avoid;
	uint32_t entry;
	bool any = false, before = false, ok = false;

	if (!depth || call->callee == IR_NONE || (call->flags & OPF_INDIRECT) || !*budget)
		return false;
	h = index_func(idx, call->callee);
	if (!h || !h->blocks || h == g)
		return false;
	for (uint32_t k = 0; k < op_nargs(call) && k < h->nparams && !ok; k++) {
		if (arg_plain_var(g, call, k) != var)
			continue;
		--*budget;
		avoid = xcalloc(h->nblocks + 1, 1);
		any = false;
		if (stop_blocks(idx, h, k, key, IR_NONE, avoid, &any, &before, depth - 1, budget) &&
		    any && (entry = cfg_entry(h)) != IR_NONE) {
			ok = true;
			if (!avoid[entry])
				for (uint32_t b = 0; b < h->nblocks && ok; b++)
					if ((h->blocks[b].flags & BLOCK_EXIT) && !avoid[b] &&
					    cfg_reaches_avoiding(h, entry, b, avoid))
						ok = false;
		}
		free(avoid);
	}
	return ok;
}

/*
 * Is op `at` of g reached only through a thread-stop of member `key` of
 * variable `var` (of g), with no other call naming that member in g (a
 * re-arm: queue_work, mod_timer, enable_irq)?  Or, var being a parameter,
 * is every call of g (all known) so, on the variable it passes there?
 */
#define STOP_DEPTH 2

static bool stopped_before(const struct index *idx, const struct ir_func *g, uint32_t at,
			   uint32_t var, sym_t key, uint32_t entry_fn, unsigned depth,
			   uint32_t *budget)
{
	const struct func_info *gi;
	uint8_t *avoid;
	uint32_t entry = IR_NONE, checked = 0;
	bool any = false, dominated = false;

	if (!g || !g->blocks || at >= g->nops || !*budget)
		return false;
	--*budget;
	avoid = xcalloc(g->nblocks + 1, 1);
	if (!stop_blocks(idx, g, var, key, at, avoid, &any, &dominated, STOP_DEPTH, budget)) {
		free(avoid);
		return false;
	}
	entry = cfg_entry(g);
	if (any && !dominated && entry != IR_NONE && g->ops[at].block < g->nblocks)
		dominated = !cfg_reaches_avoiding(g, entry, g->ops[at].block, avoid);
	free(avoid);
	if (dominated)
		return true;
	gi = &idx->info[g->id];
	if (!depth || var >= g->nparams || !gi->entry_known || !gi->ncallers || gi->address_taken ||
	    gi->exported || g->exported)
		return false;
	for (uint32_t c = 0; c < gi->ncallers; c++) {
		const struct call_site *cs = &idx->callers[gi->callers_start + c];
		const struct ir_func *h = index_func(idx, cs->caller);
		uint32_t v;

		if (!h || cs->caller == g->id)
			return false;
		/*
		 * the stopped function itself, which never runs twice at once
		 * for one registration, and creation or teardown, where the
		 * object is not shared
		 */
		if (cs->caller == entry_fn || init_function(idx, h))
			continue;
		v = arg_plain_var(h, &h->ops[cs->op], var);
		if (v == IR_NONE ||
		    !stopped_before(idx, h, cs->op, v, key, entry_fn, depth - 1, budget))
			return false;
		checked++;
	}
	/*
	 * without the entry to stand in for a stop (entry_fn IR_NONE), callers
	 * all left out as setup or teardown (a name with "alloc" in it) show
	 * no stop at all
	 */
	return checked || entry_fn != IR_NONE;
}

/*
 * The entry an access runs in depends on the access alone, and the rules
 * ask writer_stops_context() of every writer of its field in turn, both
 * ways round (the access stopped by the writer, the writer by the
 * access): a few accesses' entries are kept per thread (for this index).
 */
#define STOP_ENTRY_MEMO 4

static __thread struct {
	uint64_t generation;
	uint32_t func, op, entry;
	bool valid;
} stop_entry_memo[STOP_ENTRY_MEMO];
static __thread unsigned stop_entry_next;

static uint32_t stop_access_entry(const struct index *idx, const struct ir_func *f, uint32_t func,
				  uint32_t op)
{
	uint32_t budget = SERIAL_BUDGET;
	unsigned k;

	for (k = 0; k < STOP_ENTRY_MEMO; k++)
		if (stop_entry_memo[k].valid && stop_entry_memo[k].generation == idx->generation &&
		    stop_entry_memo[k].func == func && stop_entry_memo[k].op == op)
			return stop_entry_memo[k].entry;
	k = stop_entry_next++ % STOP_ENTRY_MEMO;
	stop_entry_memo[k].entry = access_entry(idx, f, &f->ops[op], &budget, true);
	stop_entry_memo[k].generation = idx->generation;
	stop_entry_memo[k].func = func;
	stop_entry_memo[k].op = op;
	stop_entry_memo[k].valid = true;
	return stop_entry_memo[k].entry;
}

static uint32_t stops_context(const struct index *idx, uint32_t func, uint32_t op,
			      uint32_t writer, uint32_t wop, bool inside)
{
	const struct ir_func *f = func < idx->nfuncs ? index_func(idx, func) : NULL;
	const struct ir_func *g = writer < idx->nfuncs ? index_func(idx, writer) : NULL;
	const struct ir_path *ap, *wp;
	uint32_t budget = SERIAL_BUDGET, e;

	if (!f || !g || op >= f->nops || wop >= g->nops || !op_has_path(&f->ops[op]) ||
	    !op_has_path(&g->ops[wop]) || f->ops[op].a >= f->npaths || g->ops[wop].a >= g->npaths)
		return IR_NONE;
	ap = &f->paths[f->ops[op].a];
	wp = &g->paths[g->ops[wop].a];
	/* a member of the object itself, on both sides: not one it points to */
	if (ap->derefs != 1 || wp->derefs != 1 || wp->base_kind != BASE_VAR)
		return IR_NONE;
	e = stop_access_entry(idx, f, func, op);
	if (e == IR_NONE || e == writer)
		return IR_NONE;
	/*
	 * inside: a path from the entry itself counts as stopped (the writer
	 * is a step of the very context it would stop); else only a stop does
	 */
	return stopped_before(idx, g, wop, wp->base, idx->info[e].entry_obj,
			      inside ? e : IR_NONE, STOP_DEPTH, &budget)
		       ? e
		       : IR_NONE;
}

uint32_t writer_stops_context(const struct index *idx, uint32_t func, uint32_t op,
			      uint32_t writer, uint32_t wop)
{
	return stops_context(idx, func, op, writer, wop, true);
}

uint32_t access_stops_writer(const struct index *idx, uint32_t afunc, uint32_t aop,
			     uint32_t writer, uint32_t wop)
{
	return stops_context(idx, writer, wop, afunc, aop, false);
}

/* --- library code: helpers every subsystem hands its own object -------- */

/* how many call sites object_users() looks at */
#define USERS_BUDGET 256
/* how many pass-through levels it climbs */
#define USERS_DEPTH 4

struct users_walk {
	sym_t own;		/* the helper's file */
	struct object_users *u;
	uint32_t budget;
};

/* Record a call site that hands the helper a part of an object of its own. */
static void add_user(struct users_walk *w, const struct ir_func *g)
{
	struct object_users *u = w->u;

	/* the helper's own file is the library itself */
	if (g->file == w->own)
		return;
	for (uint32_t i = 0; i < u->nusers; i++)
		if (u->user_file[i] == g->file)
			return;
	if (u->nusers < OBJECT_USERS_MAX) {
		u->user_file[u->nusers] = g->file;
		u->user_func[u->nusers++] = g->id;
	}
}

/* The global a call's argument names or loads from, or 0. */
static sym_t arg_global(const struct ir_func *g, const struct ir_arg *a)
{
	const struct ir_src *s = arg_srcs(g, a);

	if (a->path < g->npaths && g->paths[a->path].base_kind == BASE_GLOBAL)
		return (sym_t)g->paths[a->path].base;
	for (uint32_t i = 0; s && i < a->src_count; i++) {
		const struct ir_op *rd;

		if (s[i].kind == SRC_ADDR && s[i].ref < g->npaths &&
		    g->paths[s[i].ref].base_kind == BASE_GLOBAL)
			return (sym_t)g->paths[s[i].ref].base;
		if (s[i].kind != SRC_OP || s[i].ref >= g->nops)
			continue;
		rd = &g->ops[s[i].ref];
		if (rd->kind == OP_READ && rd->a < g->npaths &&
		    g->paths[rd->a].base_kind == BASE_GLOBAL)
			return (sym_t)g->paths[rd->a].base;
	}
	return 0;
}

/* The position of parameter variable v among f's parameters, or -1. */
static int param_position(const struct ir_func *f, uint32_t v)
{
	int k = 0;

	if (v >= f->nvars || !f->vars[v].is_param)
		return -1;
	for (uint32_t i = 0; i < v; i++)
		k += f->vars[i].is_param;
	return k;
}

/* the locals param_origin() follows through at most */
#define ORIGIN_VARS 8

static uint32_t origin_of(const struct ir_func *f, uint32_t v, uint32_t *seen, unsigned *nseen);

/*
 * The parameter a source's value comes from; IR_NONE for another origin,
 * IR_NONE - 1 for none (a constant, a test, a local already on the walk).
 */
static uint32_t src_origin(const struct ir_func *f, const struct ir_src *s, uint32_t *seen,
			   unsigned *nseen)
{
	const struct ir_path *p = NULL;

	/* a condition choosing between pointers (a < b ? &x->l : &x->r) is not one of them */
	if (s->kind == SRC_CONST || s->how != HOW_VALUE)
		return IR_NONE - 1;
	if (s->kind == SRC_VAR)
		return origin_of(f, s->ref, seen, nseen);
	if (s->kind == SRC_ADDR && s->ref < f->npaths)
		p = &f->paths[s->ref];
	else if (s->kind == SRC_OP && s->ref < f->nops && f->ops[s->ref].kind == OP_READ &&
		 f->ops[s->ref].a < f->npaths)
		p = &f->paths[f->ops[s->ref].a];
	if (!p || p->base_kind != BASE_VAR)
		return IR_NONE;
	return origin_of(f, p->base, seen, nseen);
}

static uint32_t origin_of(const struct ir_func *f, uint32_t v, uint32_t *seen, unsigned *nseen)
{
	uint32_t origin = IR_NONE - 1;	/* nothing but constants and cycles yet */

	if (v >= f->nvars)
		return IR_NONE;
	if (f->vars[v].is_param)
		return v;
	if (f->vars[v].is_static || f->vars[v].by_value)
		return IR_NONE;
	for (unsigned i = 0; i < *nseen; i++)
		if (seen[i] == v)
			return IR_NONE - 1;	/* a walk down from itself (n = n->left) */
	if (*nseen == ORIGIN_VARS)
		return IR_NONE;
	seen[(*nseen)++] = v;
	for (uint32_t o = 0; o < f->nops && origin != IR_NONE; o++) {
		const struct ir_op *d = &f->ops[o];

		if (d->kind != OP_DEF || d->a != v)
			continue;
		for (uint32_t i = 0; i < d->src_count; i++) {
			uint32_t r = src_origin(f, f->srcs + d->src_start + i, seen, nseen);

			if (r == IR_NONE - 1)
				continue;
			if (r == IR_NONE || (origin != IR_NONE - 1 && origin != r)) {
				origin = IR_NONE;
				break;
			}
			origin = r;
		}
	}
	return origin;
}

uint32_t param_origin(const struct ir_func *f, uint32_t v)
{
	uint32_t seen[ORIGIN_VARS], r;
	unsigned n = 0;

	r = origin_of(f, v, seen, &n);
	return r == IR_NONE - 1 ? IR_NONE : r;
}

/*
 * The parameter of g an argument hands down as it is: the parameter, a
 * local it leads to, or a pointer of its own type loaded through it (a
 * node's parent, a list entry's next), not a member of its object (&q->root)
 * nor a pointer the object keeps to another.
 */
static uint32_t passed_param(const struct ir_func *g, const struct ir_arg *a)
{
	const struct ir_src *s = arg_srcs(g, a);
	const struct ir_path *p;
	uint32_t v;

	if (!s || a->src_count != 1 || s[0].how != HOW_VALUE)
		return IR_NONE;
	if (s[0].kind == SRC_VAR)
		return param_origin(g, s[0].ref);
	if (s[0].kind != SRC_OP || s[0].ref >= g->nops || g->ops[s[0].ref].kind != OP_READ ||
	    g->ops[s[0].ref].a >= g->npaths)
		return IR_NONE;
	p = &g->paths[g->ops[s[0].ref].a];
	if (p->base_kind != BASE_VAR || p->derefs != 1 || p->base >= g->nvars ||
	    (v = param_origin(g, p->base)) == IR_NONE || !g->vars[p->base].type ||
	    g->vars[p->base].type != g->vars[v].type)
		return IR_NONE;
	return v;
}

/* Is the path one member or element of an object, or a global, by address? */
static bool member_path(const struct ir_func *g, uint32_t path)
{
	const struct ir_path *p;

	if (path >= g->npaths)
		return false;
	p = &g->paths[path];
	return p->base_kind == BASE_GLOBAL || (p->base_kind == BASE_VAR && p->chain);
}

/*
 * Does the argument hand over a part of the caller's own object by its
 * address (&q->root, &table[i], a local set so), not a pointer it found?
 * The part's key, or 0.
 */
static sym_t owned_arg(const struct ir_func *g, const struct ir_arg *a)
{
	const struct ir_src *s = arg_srcs(g, a);
	sym_t key = 0;
	uint32_t n = 0;

	if ((a->flags & ARG_ADDR) && member_path(g, a->path))
		return g->paths[a->path].key;
	if (!s || a->src_count != 1)
		return 0;
	if (s[0].kind == SRC_ADDR)
		return member_path(g, s[0].ref) ? g->paths[s[0].ref].key : 0;
	if (s[0].kind != SRC_VAR || s[0].ref >= g->nvars || g->vars[s[0].ref].is_param)
		return 0;
	/* a local with one definition, that address */
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *d = &g->ops[o];
		const struct ir_src *ds = g->srcs + d->src_start;

		if (d->kind != OP_DEF || d->a != s[0].ref)
			continue;
		/* the pointer its address is taken through comes as a base, not a value */
		for (uint32_t i = 0; i < d->src_count; i++) {
			if (ds[i].how != HOW_VALUE)
				continue;
			if (n++ || ds[i].kind != SRC_ADDR || !member_path(g, ds[i].ref))
				return 0;
			key = g->paths[ds[i].ref].key;
		}
	}
	return n == 1 ? key : 0;
}

/*
 * The exclusive locks of a known identity held at call op of g, added to
 * the set (n of them, OBJECT_USER_LOCKS at most).
 */
static uint32_t add_call_locks(const struct index *idx, const struct ir_func *g,
			       const struct ir_op *call, sym_t *set, uint32_t n)
{
	struct ir_lockitem at[LOCKS_MAX];
	uint32_t m = index_locks_at(idx, g, call, at, LOCKS_MAX);

	for (uint32_t i = 0; i < m && n < OBJECT_USER_LOCKS; i++) {
		bool dup = false;

		if (!exclusive_lock(&at[i]) || !strstr(sym_str(at[i].lock), "::"))
			continue;
		for (uint32_t k = 0; k < n && !dup; k++)
			dup = set[k] == at[i].lock;
		if (!dup)
			set[n++] = at[i].lock;
	}
	return n;
}

/* Record a site's part and locks, once for each such pair. */
static void add_site(struct object_users *u, sym_t key, const sym_t *locks, uint32_t nlocks)
{
	struct object_user_site *us;

	for (uint32_t i = 0; i < u->nsites; i++)
		if (u->sites[i].key == key && u->sites[i].nlocks == nlocks &&
		    !memcmp(u->sites[i].locks, locks, nlocks * sizeof(*locks)))
			return;
	if (u->nsites == OBJECT_USER_SITES)
		return;
	us = &u->sites[u->nsites++];
	us->key = key;
	us->nlocks = nlocks;
	memcpy(us->locks, locks, nlocks * sizeof(*locks));
}

static void users_of_param(const struct index *idx, uint32_t func, int k, unsigned depth,
			   const sym_t *held, uint32_t nheld, struct users_walk *w)
{
	const struct func_info *fi = &idx->info[func];

	for (uint32_t c = 0; c < fi->ncallers && w->budget; c++) {
		const struct call_site *cs = &idx->callers[fi->callers_start + c];
		const struct ir_func *g = index_func(idx, cs->caller);
		const struct ir_op *call;
		const struct ir_arg *a;
		sym_t locks[OBJECT_USER_LOCKS];
		uint32_t up, nlocks;
		sym_t glob, key;

		if (!g || cs->caller == func || cs->op >= g->nops)
			continue;
		w->budget--;
		call = &g->ops[cs->op];
		if ((uint32_t)k >= op_nargs(call))
			continue;
		a = &op_args(g, call)[k];
		up = passed_param(g, a);
		if (up != IR_NONE && !depth)
			continue;
		/* the locks on the way down: those held at each call */
		if (nheld)
			memcpy(locks, held, nheld * sizeof(*held));
		nlocks = add_call_locks(idx, g, call, locks, nheld);
		/* a wrapper handing down what its own caller handed it: climb */
		if (up != IR_NONE) {
			users_of_param(idx, cs->caller, param_position(g, up), depth - 1, locks,
				       nlocks, w);
			continue;
		}
		if ((glob = arg_global(g, a)) != 0 && w->u->nglobals < OBJECT_USERS_MAX)
			w->u->globals[w->u->nglobals++] = glob;
		/*
		 * a part of the caller's own object (&q->root, &table[i]) is
		 * the caller's to lock; a pointer it found (a page, a queue
		 * another subsystem also holds) may be anyone's
		 */
		if (!(key = owned_arg(g, a))) {
			w->u->found++;
			continue;
		}
		w->u->owned++;
		add_user(w, g);
		add_site(w->u, key, locks, nlocks);
	}
}

void object_users(const struct index *idx, uint32_t func, uint32_t var, struct object_users *u)
{
	const struct ir_func *f = func < idx->nfuncs ? index_func(idx, func) : NULL;
	struct users_walk w = { .u = u, .budget = USERS_BUDGET };
	int k;

	memset(u, 0, sizeof(*u));
	if (!f || (k = param_position(f, var)) < 0)
		return;
	w.own = f->file;
	users_of_param(idx, func, k, USERS_DEPTH, NULL, 0, &w);
}
