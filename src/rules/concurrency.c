/*
 * The evidence that two accesses run at once on one object, shared by the
 * rules that pair an access with another thread's writer (rules/concurrency.h).
 */
#include "rules/concurrency.h"
#include "rules/roles.h"
#include "ir/analysis.h"
#include "ir/cfg.h"
#include "profile/profile.h"

#include <stdio.h>
#include <string.h>

/* Does the lockset hold an exclusive lock of a known identity? */
static bool holds_some_lock(const struct ir_lockitem *set, uint32_t n)
{
	/*
	 * a flag taken as a lock keeps out its other holders only: held on
	 * one side alone, it says nothing of the other side's locks (ir.h
	 * LOCK_FLAG)
	 */
	for (uint32_t i = 0; i < n; i++)
		if (exclusive_lock(&set[i]) && set[i].kind != LOCK_FLAG &&
		    strstr(sym_str(set[i].lock), "::"))
			return true;
	return false;
}

/*
 * Does `held` hold an object owner lock ("struct sock::*") that the
 * writer's `wl` lacks, while every lock the writer holds is its callers'
 * (from_caller), none taken in the writer itself?
 */
static bool owner_lock_unshared(const struct ir_lockitem *held, uint32_t nheld,
				const struct ir_lockitem *wl, uint32_t nwl)
{
	bool owner = false;

	for (uint32_t i = 0; i < nheld && !owner; i++)
		owner = exclusive_lock(&held[i]) && carried_lock(held[i].lock) &&
			!holds(wl, nwl, held[i].lock);
	if (!owner || !nwl)
		return false;
	for (uint32_t i = 0; i < nwl; i++)
		if (!wl[i].from_caller)
			return false;
	return true;
}

/*
 * Does the lockset hold any lock of a known identity, shared ones too (a
 * read lock excludes the writers that take it for writing): what a path
 * that witnesses no lock held must not pass through.
 */
static bool holds_any_lock(const struct ir_lockitem *set, uint32_t n)
{
	/* a flag taken as a lock is not the writer's lock a path lacks */
	for (uint32_t i = 0; i < n; i++)
		if (set[i].kind != LOCK_RCU && set[i].kind != LOCK_SRCU && set[i].kind != LOCK_FLAG &&
		    strstr(sym_str(set[i].lock), "::"))
			return true;
	return false;
}

/*
 * Is the writer an accessor: a store to the whole of what its parameter
 * points to (`WRITE_ONCE(*pmdp, v)` in set_pmd(pmd_t *pmdp, pmd_t v))?
 * It writes whichever object each caller hands it, and the field key of a
 * whole pointee ("pmd_t::*") is its type and nothing more: every page
 * table entry of every address space, kernel and user, shares it.  A
 * member names a part of one kind of object and a writer of it is code
 * about that object; a bare pointee names no object at all, so the pair
 * is evidence only of a shared type.
 */
static bool accessor_writer(const struct index *idx, const struct writer *ev)
{
	const struct ir_func *g = index_func(idx, ev->func);
	const struct ir_path *p;

	if (!g)
		return false;
	p = &g->paths[g->ops[ev->op].a];
	return p->base_kind == BASE_VAR && g->vars[p->base].is_param && p->derefs == 1 &&
	       !strcmp(sym_str(p->chain), "*");
}

/* Are two files in one directory (one subsystem's, one driver's)? */
static bool same_directory(sym_t a, sym_t b)
{
	const char *x = sym_str(a), *y = sym_str(b), *sx = strrchr(x, '/'), *sy = strrchr(y, '/');

	/* two files at the tree's root share its directory */
	if (!sx || !sy)
		return !sx && !sy;
	return sx - x == sy - y && !memcmp(x, y, (size_t)(sx - x));
}

/*
 * A helper most of whose callers hand it a pointer they found (a page, a
 * queue that other code holds too) works on objects shared as such; a
 * library helper's callers hand parts of their own objects, or pointers
 * to them kept in locals and members, more than a few in eight by address.
 */
#define LIBRARY_FOUND_RATIO 8

/*
 * Do two of a helper's users belong to unrelated code: in different
 * directories, and neither calls into the other's file nor is called from
 * it (two subsystems each with its own tree)?  And do enough of its
 * callers hand it a part of their own object by address, not a pointer
 * they found?
 */
static bool library_users(const struct index *idx, const struct object_users *u)
{
	if (u->owned * LIBRARY_FOUND_RATIO < u->found)
		return false;
	for (uint32_t i = 0; i < u->nusers; i++)
		for (uint32_t k = i + 1; k < u->nusers; k++)
			if (!same_directory(u->user_file[i], u->user_file[k]) &&
			    !writer_reaches(idx, u->user_func[k], index_func(idx, u->user_func[i])))
				return true;
	return false;
}

/*
 * The parameter variable op's path starts from (p->x, p->a.b->c), or a
 * local it leads to (n = p->top; n->left), or IR_NONE: with one, the
 * object is whatever the caller passes.
 */
static uint32_t param_base(const struct ir_func *f, const struct ir_op *op)
{
	const struct ir_path *p;

	if (!op_has_path(op) || op->a >= f->npaths)
		return IR_NONE;
	p = &f->paths[op->a];
	if (p->base_kind != BASE_VAR || p->base >= f->nvars)
		return IR_NONE;
	return param_origin(f, p->base);
}

/*
 * Does a user hand the same part of its object to both sides (the same
 * member of one struct) while each holds a lock, and not the same one:
 * the race is in that user, shown (a ring read under one lock, flushed
 * under the ring's own)?  A side with no lock in sight shows nothing: its
 * caller's may be out of sight.
 */
static bool unlocked_share(const struct object_user_site *a, const struct object_user_site *b)
{
	if (!a->key || a->key != b->key || !a->nlocks || !b->nlocks)
		return false;
	for (uint32_t i = 0; i < a->nlocks; i++)
		for (uint32_t k = 0; k < b->nlocks; k++)
			if (a->locks[i] == b->locks[k])
				return false;
	return true;
}

/*
 * Are the access and the writer both library helpers on an object their
 * callers pass: each reaches it only through a parameter, and unrelated
 * users hand each a part of their own objects (rb_first() and the
 * rebalancing under rb_erase(), a list's walk and its insert)?  Each user
 * keeps its own object under its own lock; the pair says only that the
 * type is the same, and a race, if any, is in a user that calls one side
 * without the lock another of its calls holds.  Unless the users show one
 * object shared: the same global handed to both, or one user's same part
 * under two different locks.
 */
static bool library_pair(const struct index *idx, const struct ir_func *f, uint32_t aop,
			 const struct writer *ev)
{
	const struct ir_func *g = index_func(idx, ev->func);
	struct object_users ua, uw;
	uint32_t va, vw;

	if (!g || aop >= f->nops || ev->op >= g->nops ||
	    (va = param_base(f, &f->ops[aop])) == IR_NONE ||
	    (vw = param_base(g, &g->ops[ev->op])) == IR_NONE)
		return false;
	object_users(idx, ev->func, vw, &uw);
	if (!library_users(idx, &uw))
		return false;
	object_users(idx, f->id, va, &ua);
	if (!library_users(idx, &ua))
		return false;
	for (uint32_t i = 0; i < ua.nglobals; i++)
		for (uint32_t k = 0; k < uw.nglobals; k++)
			if (ua.globals[i] == uw.globals[k])
				return false;
	for (uint32_t i = 0; i < ua.nsites; i++)
		for (uint32_t k = 0; k < uw.nsites; k++)
			if (unlocked_share(&ua.sites[i], &uw.sites[k]))
				return false;
	return true;
}

/* how many calls up, and how many call sites in all, starts_unlocked() looks */
#define UNLOCKED_PATH_DEPTH 3
#define UNLOCKED_PATH_BUDGET 64
/*
 * and how many calls up a callback its framework runs holding no lock (a
 * file_operations poll) still counts as the start: a system call goes on
 * through layers that take locks of their own out of sight (wrappers,
 * sparse's __cond_lock, a read lock held around an iteration), and a start
 * far up shows little about the lock at the access
 */
#define UNLOCKED_CALLBACK_DEPTH 1

/*
 * Is f the body of an object lock's own primitive (a profile's lock,
 * trylock or unlock with `owner`: Linux's unlock_buffer(bh), clearing the
 * lock bit in bh's flags)?  Its calls are lock operations, not calls, so
 * no caller of it is seen; it runs wherever the object is locked or let go,
 * an I/O completion with nothing else held among them.
 */
static bool owner_lock_primitive(const struct ir_func *f);

/*
 * The lock an owner lock primitive's body lets go or takes: that of the
 * object its parameter points to, named by the parameter's type
 * ("struct buffer_head::*"), or 0.
 */
static sym_t primitive_lock(const struct ir_func *f)
{
	struct idiom id = idiom_lookup_sym(f->name);
	uint32_t k = 0;
	char buf[256];

	for (uint32_t v = 0; v < f->nvars; v++) {
		const char *t;
		size_t n;

		if (!f->vars[v].is_param || k++ != (uint32_t)id.loc)
			continue;
		t = f->vars[v].type ? sym_str(f->vars[v].type) : "";
		n = strlen(t);
		if (!n || t[n - 1] != '*')
			return 0;
		while (n && (t[n - 1] == '*' || t[n - 1] == ' '))
			n--;
		snprintf(buf, sizeof(buf), "%.*s::*", (int)n, t);
		return intern(buf);
	}
	return 0;
}

static bool owner_lock_primitive(const struct ir_func *f)
{
	struct idiom id;

	if (!f)
		return false;
	id = idiom_lookup_sym(f->name);
	return id.owner && id.loc >= 0 &&
	       (id.kind == ID_LOCK || id.kind == ID_UNLOCK || id.kind == ID_TRYLOCK);
}

/*
 * Is there a path on which function `id` runs with no lock held: it is a
 * thread's start (a work item, a timer, an interrupt handler: nothing is
 * held when it begins), a callback its framework runs holding none of the
 * tree's locks (a profile's unlocked-callback: the VFS's poll), or a
 * caller on such a path calls it holding none that can be seen?  A
 * witness that the lock is absent, where an empty intersection of its
 * callers' locks only says some caller's lock is out of sight.  With
 * `file`, only callers in that file count: a path through a helper shared
 * by the whole tree (hlist_add_head()) shows that some list is written
 * with no lock held, not this object.
 */
static bool starts_unlocked(const struct index *idx, uint32_t id, unsigned depth,
			    unsigned top, uint32_t *budget, sym_t file)
{
	const struct func_info *fi;

	if (id >= idx->nfuncs)
		return false;
	fi = &idx->info[id];
	if (fi->thread_entry || (fi->unlocked_entry && top - depth <= UNLOCKED_CALLBACK_DEPTH))
		return true;
	if (depth == top && owner_lock_primitive(index_func(idx, id)))
		return true;
	if (!depth || !fi->entry_known)
		return false;
	for (uint32_t c = 0; c < fi->ncallers && *budget; c++) {
		const struct call_site *cs = &idx->callers[fi->callers_start + c];
		const struct ir_func *g = index_func(idx, cs->caller);
		struct ir_lockitem at[LOCKS_MAX];
		uint32_t n;

		/* only the callers walked spend the budget, not those skipped */
		if (!g || cs->caller == id || (file && g->file != file))
			continue;
		--*budget;
		n = index_locks_at(idx, g, &g->ops[cs->op], at, LOCKS_MAX);
		if (!holds_any_lock(at, n) &&
		    starts_unlocked(idx, cs->caller, depth - 1, top, budget, file))
			return true;
	}
	return false;
}

/*
 * Does g, at op `at` with `lock` not held there, take that lock further on
 * (a lock or a trylock, after which it is held)?  Such a lock is not held
 * out of sight at `at` either: the kernel's exclusive locks do not nest
 * (a second folio_lock() on a folio its caller locked never returns), so a
 * function that goes on to take the lock ran `at` without it.
 */
static bool takes_lock_after(const struct index *idx, const struct ir_func *g, uint32_t at,
			     sym_t lock)
{
	struct ir_lockitem ls[LOCKS_MAX];
	uint32_t n = index_locks_at(idx, g, &g->ops[at], ls, LOCKS_MAX);

	if (holds(ls, n, lock))
		return false;
	for (uint32_t o = at + 1; o + 1 < g->nops; o++) {
		/* further on along a path from the access, not in another arm */
		if (g->ops[o].kind != OP_LOCK || !op_reaches(g, at, o))
			continue;
		n = index_locks_at(idx, g, &g->ops[o + 1], ls, LOCKS_MAX);
		if (holds(ls, n, lock))
			return true;
	}
	return false;
}

/* how many of the access's callers taken_later() looks at */
#define TAKEN_LATER_BUDGET 64

/*
 * A witness that the access runs without an object's own lock the writer
 * holds (an owner lock: the page lock, a socket's owner): its own
 * function, after the access, or one of its callers, after the call,
 * takes that lock (folio_referenced() tests folio_test_anon() and then
 * takes the folio lock with folio_trylock()).  Only owner locks: for a
 * member lock the same witness holds, but whether the 66 readers it would
 * bring up on Linux race was not read yet.
 */
static bool taken_later(const struct index *idx, const struct ir_func *f, uint32_t aop,
			uint32_t ev_func, const struct ir_lockitem *wl, uint32_t nwl)
{
	const struct func_info *fi = f->id < idx->nfuncs ? &idx->info[f->id] : NULL;
	uint32_t budget = TAKEN_LATER_BUDGET;

	for (uint32_t i = 0; i < nwl; i++) {
		if (!exclusive_lock(&wl[i]) || !carried_lock(wl[i].lock))
			continue;
		if (aop < f->nops && f->id != ev_func && takes_lock_after(idx, f, aop, wl[i].lock))
			return true;
		for (uint32_t c = 0; fi && c < fi->ncallers && budget; c++, budget--) {
			const struct call_site *cs = &idx->callers[fi->callers_start + c];
			const struct ir_func *g = index_func(idx, cs->caller);

			/* the writer's own read before it locks is ordered before its store */
			if (g && cs->caller != f->id && cs->caller != ev_func && cs->op < g->nops &&
			    takes_lock_after(idx, g, cs->op, wl[i].lock))
				return true;
		}
	}
	return false;
}

/* how many calls up, and how many call sites in all, writer_paths_locked() looks */
#define LOCKED_PATH_DEPTH 3
#define LOCKED_PATH_BUDGET 64

/* Does a caller holding `at` hold a member lock of a type the access holds too? */
static bool shares_member_lock(const struct ir_lockitem *at, uint32_t n,
			       const struct ir_lockitem *held, uint32_t nheld)
{
	for (uint32_t i = 0; i < nheld; i++)
		if (exclusive_lock(&held[i]) && strstr(sym_str(held[i].lock), "::") &&
		    holds(at, n, held[i].lock))
			return true;
	return false;
}

/*
 * Does every path to function `id` (its callers, theirs, up to `depth`
 * calls) pass a caller that holds one of the access's locks, or start in
 * `entry`, the serial context the access itself runs only inside?  A
 * thread's start reached first, a caller out of sight, or the walk's end
 * says no.  Creation and teardown callers are left out (init_function()).
 */
static bool paths_locked(const struct index *idx, uint32_t id, const struct ir_lockitem *held,
			 uint32_t nheld, uint32_t entry, unsigned depth, uint32_t *budget,
			 uint32_t *bylock)
{
	const struct func_info *fi;
	uint32_t counted = 0;

	if (id >= idx->nfuncs)
		return false;
	if (id == entry)
		return true;
	fi = &idx->info[id];
	if (fi->thread_entry || fi->unlocked_entry || !depth || !fi->entry_known || !fi->ncallers)
		return false;
	for (uint32_t c = 0; c < fi->ncallers; c++) {
		const struct call_site *cs = &idx->callers[fi->callers_start + c];
		const struct ir_func *g = index_func(idx, cs->caller);
		struct ir_lockitem at[LOCKS_MAX];
		uint32_t n;

		if (!g)
			return false;
		if (cs->caller == id || init_function(idx, g))
			continue;
		if (!*budget)
			return false;
		--*budget;
		counted++;
		if (cs->caller == entry)
			continue;
		n = index_locks_at(idx, g, &g->ops[cs->op], at, LOCKS_MAX);
		if (shares_member_lock(at, n, held, nheld)) {
			++*bylock;
			continue;
		}
		if (!paths_locked(idx, cs->caller, held, nheld, entry, depth - 1, budget, bylock))
			return false;
	}
	return counted > 0;
}

/* how many calls up, and how many call sites in all, thread_context() looks */
#define CONTEXT_DEPTH 8
#define CONTEXT_BUDGET 128

/*
 * A walk up the callers: what is left to spend, and the functions on the
 * path walked so far (a caller among them closes a cycle, recursion
 * through a dispatcher: its other callers are walked where it sits).
 */
struct entry_walk {
	uint32_t budget;
	unsigned n;
	uint32_t path[CONTEXT_DEPTH + 1];
};

static bool on_walk(const struct entry_walk *w, uint32_t id)
{
	for (unsigned i = 0; i < w->n; i++)
		if (w->path[i] == id)
			return true;
	return false;
}

/*
 * sole_serial_entry() of a function whose every caller closes a cycle or
 * sets up or tears down: no path of its own, the other callers decide
 */
#define NO_PATH (IR_NONE - 1)

/*
 * The serial entry (a work function, a tasklet's, a kthread started once:
 * never two runs of one registration at once) every path to function `id`
 * starts in, creation and teardown aside, or IR_NONE: a path from anywhere
 * else, or out of sight.  Unlike one_serial_context() it does not follow
 * the object.
 */
static uint32_t sole_serial_entry(const struct index *idx, uint32_t id, unsigned depth,
				  struct entry_walk *w)
{
	const struct func_info *fi;
	uint32_t entry = IR_NONE, nm;

	if (id >= idx->nfuncs)
		return IR_NONE;
	fi = &idx->info[id];
	if (fi->serial_entry)
		return id;
	/*
	 * A callback kept in a member (a ring's handler a NAPI poll calls
	 * through ring->handler) has for callers its direct ones and the calls
	 * through that member, when the index knows those are all of them
	 */
	nm = index_member_calls(idx, id);
	if (!depth || (!fi->entry_known && !nm) || !(fi->ncallers + nm) || fi->thread_entry ||
	    fi->unlocked_entry || w->n > CONTEXT_DEPTH)
		return IR_NONE;
	w->path[w->n++] = id;
	for (uint32_t c = 0; c < fi->ncallers + nm; c++) {
		const struct call_site *cs = index_caller_site(idx, id, c);
		const struct ir_func *g = index_func(idx, cs->caller);
		uint32_t e;

		if (!g || !w->budget) {
			entry = IR_NONE;
			goto out;
		}
		--w->budget;
		if (cs->caller == id || on_walk(w, cs->caller) || init_function(idx, g))
			continue;
		e = sole_serial_entry(idx, cs->caller, depth - 1, w);
		if (e == NO_PATH)
			continue;
		if (e == IR_NONE || (entry != IR_NONE && e != entry)) {
			entry = IR_NONE;
			goto out;
		}
		entry = e;
	}
	/* inside a walk, a function reached only around a cycle adds no path */
	if (entry == IR_NONE && w->n > 1)
		entry = NO_PATH;
out:
	w->n--;
	return entry;
}

/*
 * The one serial context function `id` runs in: every path to it, a few
 * calls up, starts in the same serial entry (a kthread's function, a work
 * item's, a tasklet's), creation and teardown aside; or IR_NONE.
 */
static uint32_t thread_context(const struct index *idx, uint32_t id)
{
	struct entry_walk w = { .budget = CONTEXT_BUDGET, .n = 0 };
	uint32_t v, e;

	if (id >= idx->nfuncs)
		return IR_NONE;
	/* memoized: racing workers store the same answer */
	v = idx->context_memo ? __atomic_load_n(&idx->context_memo[id], __ATOMIC_RELAXED) : 0;
	if (v)
		return v == 1 ? IR_NONE : v - 2;
	e = sole_serial_entry(idx, id, CONTEXT_DEPTH, &w);
	if (idx->context_memo)
		__atomic_store_n(&idx->context_memo[id], e == IR_NONE ? 1 : e + 2,
				 __ATOMIC_RELAXED);
	return e;
}

/*
 * Is a value of local `v` a global's address or a pointer loaded from a
 * global (`s = &stats`, `s = cur_stats`), through a few copies?
 */
static bool global_local(const struct ir_func *f, uint32_t v, unsigned depth)
{
	if (v >= f->nvars || f->vars[v].is_param)
		return false;
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *d = &f->ops[o];
		const struct ir_src *s = f->srcs + d->src_start;

		if (d->kind != OP_DEF || d->a != v)
			continue;
		for (uint32_t i = 0; i < d->src_count; i++) {
			const struct ir_op *rd;

			if (s[i].kind == SRC_ADDR && s[i].ref < f->npaths &&
			    f->paths[s[i].ref].base_kind == BASE_GLOBAL)
				return true;
			if (s[i].kind == SRC_VAR && depth && s[i].ref != v &&
			    global_local(f, s[i].ref, depth - 1))
				return true;
			if (s[i].kind != SRC_OP || s[i].ref >= f->nops)
				continue;
			rd = &f->ops[s[i].ref];
			if (rd->kind == OP_READ && rd->a < f->npaths &&
			    f->paths[rd->a].base_kind == BASE_GLOBAL)
				return true;
		}
	}
	return false;
}

/*
 * Is the object op accesses one its function was handed or found (a
 * parameter or a local, one pointer followed at most: call->field), not a
 * global every run of the context shares with every other registration?
 */
static bool local_object(const struct ir_func *f, const struct ir_op *op)
{
	const struct ir_path *pa;
	const char *c;
	unsigned derefs = 0;

	if (!op_has_path(op) || op->a >= f->npaths)
		return false;
	pa = &f->paths[op->a];
	if (pa->base_kind != BASE_VAR || pa->base >= f->nvars || f->vars[pa->base].is_static ||
	    global_local(f, pa->base, 3))
		return false;
	for (c = pa->chain ? sym_str(pa->chain) : ""; *c; c++)
		derefs += (c[0] == '-' && c[1] == '>') || c[0] == '*';
	return derefs <= 1;
}

/* how many marked reads of a field marked_readers_in() looks at */
#define MARKED_READERS_MAX 16

/*
 * A plain store races with the marked reads of its field as much as with
 * its writers (they were marked for a reader that does not hold the
 * writer's lock).  Do all those readers run in the one context `host`
 * too: thread_context()'s when `thread`, else one_serial_context()'s on
 * the object the writer `ev` stores to?  False when there are more than
 * can be looked at.
 */
static bool marked_readers_in(const struct index *idx, sym_t key, const struct writer *ev,
			      uint32_t host, bool thread)
{
	uint32_t n;
	const struct field_access *r = index_field_reads(idx, key, &n);

	if (n > MARKED_READERS_MAX)
		return false;
	for (uint32_t i = 0; i < n; i++)
		if (r[i].marked &&
		    (thread ? thread_context(idx, r[i].func)
			    : one_serial_context(idx, r[i].func, r[i].op, ev->func, ev->op)) != host)
			return false;
	return true;
}

/*
 * The serial context both the access (op `aop` of `afunc`) and the writer
 * run only in, each on an object its function was handed or found, or
 * IR_NONE.  For a store, the field's marked readers (marked for a reader
 * in another context) must all run in it too.
 */
static uint32_t one_thread_context(const struct index *idx, uint32_t afunc, uint32_t aop,
				   const struct writer *wr)
{
	const struct ir_func *f = afunc < idx->nfuncs ? index_func(idx, afunc) : NULL;
	const struct ir_func *g = wr->func < idx->nfuncs ? index_func(idx, wr->func) : NULL;
	uint32_t e;

	if (!f || !g || aop >= f->nops || wr->op >= g->nops)
		return IR_NONE;
	/* the memoized contexts first: most functions have none */
	e = thread_context(idx, afunc);
	if (e == IR_NONE || thread_context(idx, wr->func) != e)
		return IR_NONE;
	/*
	 * the system's one such thread (started once, by boot code) is every
	 * run of the entry: a global only it reaches is no other run's
	 */
	if (idx->info[e].serial_entry != SERIAL_ENTRY_SINGLE &&
	    (!local_object(f, &f->ops[aop]) || !local_object(g, &g->ops[wr->op])))
		return IR_NONE;
	if (f->ops[aop].kind == OP_READ ||
	    marked_readers_in(idx, op_key(f, &f->ops[aop]), wr, e, true))
		return e;
	return IR_NONE;
}

bool writer_paths_locked(const struct index *idx, uint32_t afunc, uint32_t aop,
			 const struct writer *wr, const struct ir_lockitem *held, uint32_t nheld)
{
	uint32_t budget = LOCKED_PATH_BUDGET, bylock = 0;
	uint32_t entry;
	struct entry_walk w = { .budget = LOCKED_PATH_BUDGET, .n = 0 };

	if (!shares_member_lock(held, nheld, held, nheld))
		return false;
	entry = afunc != IR_NONE ? serial_context_of(idx, afunc, aop) : IR_NONE;
	if (entry == IR_NONE && afunc != IR_NONE)
		entry = sole_serial_entry(idx, afunc, LOCKED_PATH_DEPTH, &w);

	/*
	 * the lock is what this adds: where only the serial context keeps the
	 * two apart, concurrency_doubt() says they may still race
	 */
	return paths_locked(idx, wr->func, held, nheld, entry, LOCKED_PATH_DEPTH, &budget,
			    &bylock) && bylock;
}

bool one_context(const struct index *idx, uint32_t afunc, uint32_t aop, const struct writer *wr)
{
	return one_serial_context(idx, afunc, aop, wr->func, wr->op) != IR_NONE ||
	       (afunc != IR_NONE && one_thread_context(idx, afunc, aop, wr) != IR_NONE);
}

bool same_context(const struct index *idx, uint32_t afunc, uint32_t aop, const struct writer *wr)
{
	return one_activation(idx, wr->func, afunc) != IR_NONE ||
	       one_serial_context(idx, afunc, aop, wr->func, wr->op) != IR_NONE ||
	       (afunc != IR_NONE && one_thread_context(idx, afunc, aop, wr) != IR_NONE) ||
	       writer_stops_context(idx, afunc, aop, wr->func, wr->op) != IR_NONE ||
	       access_stops_writer(idx, afunc, aop, wr->func, wr->op) != IR_NONE;
}

/*
 * What the evidence lacks, if anything.  The writer must be in code that
 * reaches the same object, and run outside this access's own call of the
 * function both run inside (one_activation()).  And no lock may be held on both sides: a
 * side whose callers are all known holds what its lockset says; one
 * called through a pointer or from outside the tree may also hold the
 * lock the other side is seen to hold.
 */
void concurrency_doubt(const struct index *idx, const struct ir_func *f, struct finding *fd,
		       uint32_t afunc, uint32_t aop, const struct writer *ev, bool related,
		       const struct ir_lockitem *held, uint32_t nheld, unsigned how)
{
	bool witness_unlocked = how & DOUBT_WITNESS;
	/* a work item, a timer, a kernel thread starts holding nothing */
	bool reader_known = f->id < idx->nfuncs &&
			    (idx->info[f->id].entry_known || idx->info[f->id].thread_entry);
	bool writer_known = ev->func < idx->nfuncs &&
			    (idx->info[ev->func].entry_known || idx->info[ev->func].thread_entry);
	sym_t fw;
	uint32_t host, budget = UNLOCKED_PATH_BUDGET;

	/*
	 * What ranks a finding among its equals: the writer in the same file
	 * (the same object, surely), both sides' callers known, a writer that
	 * holds no lock at all (a lockless store races with anything).
	 */
	fd->evidence = (uint8_t)((index_func_file(idx, ev->func) == f->file ? 2 : 0) +
				 (reader_known && writer_known) +
				 !holds_some_lock(ev->locks, ev->nlocks));
	if (!related) {
		finding_doubt(fd, "its only racing writers are in unrelated code that shares the type");
		return;
	}
	if (accessor_writer(idx, ev)) {
		finding_doubt(fd, "the writer stores through a pointer its caller passes, to a whole "
				  "object no member names: only the type says it is this one");
		return;
	}
	if (aop != IR_NONE && f->id == afunc && library_pair(idx, f, aop, ev)) {
		finding_doubt(fd, "the access and the writer are both library helpers that unrelated "
				  "users hand parts of their own objects: only the type links them, "
				  "and each user may keep its object under its own lock");
		return;
	}
	if ((fw = common_framework(idx, f->id, ev->func)) != 0) {
		finding_doubt(fd, "both sides are called back by one framework, which may hold one "
				  "lock around both");
		finding_add_site(fd, f->file, f->line, 0, f->name, "framework", 0,
				 "%s and %s() are reached from callbacks of %s", sym_str(f->name),
				 sym_str(index_func(idx, ev->func)->name), sym_str(fw));
		return;
	}
	if ((host = one_activation(idx, f->id, ev->func)) != IR_NONE) {
		finding_doubt(fd, "the writer and this access run inside one call of one function, "
				  "one after the other: they race only if it runs twice at once on "
				  "one object");
		finding_add_site(fd, f->file, f->line, 0, f->name, "activation", 0,
				 "%s and %s() both run only inside %s()", sym_str(f->name),
				 sym_str(index_func(idx, ev->func)->name),
				 sym_str(index_func(idx, host)->name));
		return;
	}
	/*
	 * Each side runs only in one function a work item, a tasklet or a NAPI
	 * instance is registered with, on an object it reaches from that
	 * function's own argument: one run of it at a time for that object.
	 */
	if ((host = one_serial_context(idx, afunc, aop, ev->func, ev->op)) != IR_NONE &&
	    (index_func(idx, afunc)->ops[aop].kind == OP_READ ||
	     marked_readers_in(idx, op_key(index_func(idx, afunc), &index_func(idx, afunc)->ops[aop]),
			       ev, host, false))) {
		finding_doubt(fd, "the writer and this access run only in one context that never "
				  "runs twice at once (a work item, a tasklet, a NAPI poll), on an "
				  "object its own argument leads to: they race only if two of its "
				  "registrations share that object");
		finding_add_site(fd, f->file, f->line, 0, f->name, "context", 0,
				 "%s and %s() both run only in %s(), one run at a time",
				 sym_str(f->name), sym_str(index_func(idx, ev->func)->name),
				 sym_str(index_func(idx, host)->name));
		return;
	}
	/*
	 * Both functions are reached, every path a few calls up, only from one
	 * serial entry (a kthread started once, a work function, a tasklet's),
	 * on objects they were handed or found, not globals: one thread runs
	 * both, one after the other, unless two registrations of that entry
	 * reach one object.
	 */
	if (afunc != IR_NONE && (host = one_thread_context(idx, afunc, aop, ev)) != IR_NONE) {
		finding_doubt(fd, "the writer and this access are reached only from one context "
				  "that never runs twice at once (a kthread started once, a work "
				  "item, a tasklet): they race only if two of its registrations "
				  "reach one object");
		finding_add_site(fd, f->file, f->line, 0, f->name, "context", 0,
				 "%s and %s() are reached only from %s(), one run at a time",
				 sym_str(f->name), sym_str(index_func(idx, ev->func)->name),
				 sym_str(index_func(idx, host)->name));
		return;
	}
	/*
	 * The access runs only in a work item, a timer, a tasklet, an interrupt
	 * handler, on the object its own argument leads to; the writer first
	 * stops that very registration on the object it stores to
	 * (cancel_work_sync(&obj->work), free_irq(obj->irq, ..)) and does not
	 * arm it again: while it stores, the access does not run.
	 */
	if (afunc != IR_NONE &&
	    (host = writer_stops_context(idx, afunc, aop, ev->func, ev->op)) != IR_NONE) {
		finding_doubt(fd, "the writer first stops the context this access runs in "
				  "(its work, timer, tasklet or interrupt, on the object stored to) "
				  "and does not arm it again before the store");
		finding_add_site(fd, f->file, f->line, 0, f->name, "stopped", 0,
				 "%s runs only in %s(), which %s() stops on the object before "
				 "it stores", sym_str(f->name), sym_str(index_func(idx, host)->name),
				 sym_str(index_func(idx, ev->func)->name));
		return;
	}
	/*
	 * The roles swapped: the writer runs only in such a context, and this
	 * access's function (or every caller handing the object down) first
	 * stops that registration on the object it accesses and does not arm
	 * it again (del_timer_sync(&obj->timer), then the flags cleared or the
	 * final count read): the writer is not running, whatever the locks.
	 */
	if (afunc != IR_NONE &&
	    (host = access_stops_writer(idx, afunc, aop, ev->func, ev->op)) != IR_NONE) {
		finding_doubt(fd, "this access's function first stops the context the writer runs "
				  "in (its work, timer, tasklet or interrupt, on the object "
				  "accessed) and does not arm it again before the access");
		finding_add_site(fd, f->file, f->line, 0, f->name, "stopped", 0,
				 "%s() runs only in %s(), which %s stops on the object before "
				 "it accesses it", sym_str(index_func(idx, ev->func)->name),
				 sym_str(index_func(idx, host)->name), sym_str(f->name));
		return;
	}
	/*
	 * The access holds a lock and the writer none that can be seen: the
	 * writer's lock is most often taken out of sight (a framework, a
	 * wrapper that returns with it held, a caller several levels up), and
	 * a store marked for lockless readers is no proof against a locked one.
	 * Unless a path from a thread's start (a work item, a timer, an
	 * interrupt handler), through callers in the writer's own file, reaches
	 * the writer holding none: then the lock is absent there, and the store
	 * runs while the access holds it.  A helper the whole tree shares
	 * (hlist_add_head()) is called lock-free somewhere, on some object: no
	 * witness for this one.
	 */
	/*
	 * The access holds its object's owner lock (lock_sock()'s, taken at
	 * the top of a system call), and the writer, a helper whose only
	 * locks are what all its callers hold, does not: the callers that
	 * hold the owner lock do so several calls up, where the intersection
	 * of them all cannot show it.
	 */
	if (owner_lock_unshared(held, nheld, ev->locks, ev->nlocks)) {
		finding_doubt(fd, "this access holds its object's owner lock, and the writer's "
				  "callers, which hold other locks, may hold it out of sight");
		return;
	}
	/*
	 * The writer is the body of an object lock's primitive (unlock_buffer())
	 * and this access holds that object's lock: on this object the
	 * primitive runs only in this holder's hands, when it lets the lock go.
	 */
	if (owner_lock_primitive(index_func(idx, ev->func)) &&
	    holds(held, nheld, primitive_lock(index_func(idx, ev->func)))) {
		finding_doubt(fd, "this access holds the lock of the object it touches, and the "
				  "writer is that lock's own primitive, which only the holder runs "
				  "on it");
		return;
	}
	if (holds_some_lock(held, nheld) && !holds_some_lock(ev->locks, ev->nlocks)) {
		if (!witness_unlocked ||
			   !starts_unlocked(idx, ev->func, UNLOCKED_PATH_DEPTH + 1,
					    UNLOCKED_PATH_DEPTH + 1, &budget,
					    index_func_file(idx, ev->func)))
			finding_doubt(fd, "this access holds a lock and the writer none that can "
					  "be seen: it may hold the same one out of sight");
		return;
	}
	/*
	 * The other way round: the writer holds a lock and this access none
	 * that can be seen.  Its callers being known says only that every
	 * call is in the tree, not that the lock is absent: the writer's lock
	 * is as often taken several calls up, through a wrapper returning
	 * with it held, or by a framework around a callback.  What shows the
	 * lock absent is a path from a thread's start that reaches this
	 * function holding none (starts_unlocked()).
	 */
	if (witness_unlocked && !holds_some_lock(held, nheld) &&
	    holds_some_lock(ev->locks, ev->nlocks)) {
		if (!starts_unlocked(idx, f->id, UNLOCKED_PATH_DEPTH, UNLOCKED_PATH_DEPTH,
				     &budget, 0) &&
		    !(afunc == f->id && taken_later(idx, f, aop, ev->func, ev->locks, ev->nlocks)))
			finding_doubt(fd, "the writer holds a lock and this access none that can "
					  "be seen: its callers may take the same one out of sight");
		return;
	}
	/*
	 * A side whose callers are unknown may hold the other side's lock; with
	 * no lock in sight on either side there is nothing to share.  A
	 * function an ops table's member holds, called only directly and
	 * through that member (slot_known), has its callers known too when
	 * the rule asks (DOUBT_SLOT_CALLERS): its entry locks are what all of
	 * them hold, as an entry_known function's are (a hook every event
	 * raise goes through, its table's only caller seen).
	 */
	if (how & DOUBT_SLOT_CALLERS) {
		reader_known |= f->id < idx->nfuncs && idx->info[f->id].slot_known;
		writer_known |= ev->func < idx->nfuncs && idx->info[ev->func].slot_known;
	}
	if (!reader_known && holds_some_lock(ev->locks, ev->nlocks))
		finding_doubt(fd, "its callers are not all known and may hold the lock the writer "
				  "holds");
	else if (!writer_known && holds_some_lock(held, nheld))
		finding_doubt(fd, "the writer's callers are not all known and may hold the lock "
				  "this access holds");
}


/*
 * The element an access's object was loaded from: the pointer it
 * dereferences is a local with one reaching definition, a read of an
 * array element (`ring = priv->tx_ring[TX][i]`, `q = irq->input_qs[nr]`).
 * Gives the array's key, and its first subscript in *konst when that is
 * a constant (else IR_NONE).
 */
static bool array_element(const struct ir_func *f, const struct ir_op *op, sym_t *key,
			  uint32_t *konst)
{
	const struct ir_src *s = f->srcs + op->src_start;

	for (uint32_t i = 0; i < op->src_count; i++) {
		const struct ir_op *def, *rd;
		const struct ir_src *d;
		uint32_t at;

		if (s[i].how != HOW_BASE)
			continue;
		if (s[i].kind != SRC_VAR || s[i].defs != 1)
			return false;
		at = f->reach[s[i].def_start];
		if (at & REACH_ENTRY || at >= f->nops)
			return false;
		def = &f->ops[at];
		if (def->kind != OP_DEF || def->src_count != 1)
			return false;
		d = f->srcs + def->src_start;
		if (d->kind != SRC_OP || d->ref >= f->nops)
			return false;
		rd = &f->ops[d->ref];
		return array_load(f, rd, key, konst) && *key != 0;
	}
	return false;
}

bool different_array_slots(const struct ir_func *f, const struct ir_op *a,
			   const struct ir_func *g, const struct ir_op *b)
{
	sym_t ka = 0, kb = 0;
	uint32_t ca, cb;
	size_t n;

	if (!f || !g || !f->reach || !g->reach || !array_element(f, a, &ka, &ca) ||
	    !array_element(g, b, &kb, &cb))
		return false;
	/* one array, two constant first subscripts: two kinds of ring */
	if (ka == kb)
		return subscripts_differ(ca, cb);
	/*
	 * Two array members of one struct (irq->input_qs[] and
	 * irq->output_qs[], priv->rx_ring[] and priv->tx_ring[]): each holds
	 * objects of its own role, one kept in one array is not in the other.
	 */
	n = member_owner_len(ka);
	return n && n == member_owner_len(kb) && !strncmp(sym_str(ka), sym_str(kb), n);
}

/* --- after the last reference ---------------------------------------- */

/*
 * Is the atomic read-modify-write op a reference count's drop tested for
 * zero: atomic_dec_and_test(&o->users) on a counter type?  The front end
 * keeps the operation, not its name; the counter's type and the test of
 * the result tell the drop from a bit's test-and-set.
 */
static bool refcount_drop(const struct index *idx, const struct profile_set *prof,
			  const struct ir_func *g, const struct ir_op *op, uint32_t v)
{
	const struct ir_path *p = &g->paths[op->a];
	sym_t t;
	const char *ts;

	if (op->kind != OP_RMW || op->mark != MARK_ATOMIC || p->base_kind != BASE_VAR ||
	    p->base != v || !(t = index_key_type(idx, p->key)))
		return false;
	ts = sym_str(t);
	return profile_refcount_type(prof, ts);
}

/*
 * Is block `target` on the arm of branch br that runs when its test is
 * true (a dec_and_test() that reached zero, a kref_put() that released),
 * not on the other?  The first successor runs on true, the second under
 * OPF_NOT_TEST (if (!x)); the other arm must not reach the target without
 * coming back through the branch.
 */
static bool on_true_arm(const struct ir_func *g, const struct ir_op *br, uint32_t target)
{
	const struct ir_block *bb = &g->blocks[br->block];
	uint8_t *avoid;
	uint32_t yes, no;
	bool other;

	if (bb->nsucc != 2)
		return false;
	yes = g->succs[bb->succ_start + ((br->flags & OPF_NOT_TEST) ? 1 : 0)];
	no = g->succs[bb->succ_start + ((br->flags & OPF_NOT_TEST) ? 0 : 1)];
	avoid = xcalloc(g->nblocks + 1, 1);
	avoid[br->block] = 1;
	other = cfg_reaches_avoiding(g, no, target, avoid);
	free(avoid);
	return !other && cfg_reaches_avoiding(g, yes, target, NULL);
}

/*
 * The counter (its key) whose drop, tested for zero, decides op `call` of
 * g on its true arm, a member of what v points to; with `want`, only that
 * counter counts.  0 when none does.
 */
static sym_t last_put_key(const struct index *idx, const struct profile_set *prof,
			  const struct ir_func *g, uint32_t call, uint32_t v, sym_t want)
{
	uint32_t *ipdom = NULL;
	sym_t found = 0;

	for (uint32_t b = 0; b < call && !found; b++) {
		const struct ir_op *br = &g->ops[b];
		uint32_t origins[8], n;

		if (br->kind != OP_BRANCH)
			continue;
		n = value_origins(g, g->srcs + br->src_start, br->src_count, 1, origins, 8);
		for (uint32_t i = 0; i < n && !found; i++) {
			const struct ir_op *put = &g->ops[origins[i]];
			const struct ir_arg *a;

			if (refcount_drop(idx, prof, g, put, v)) {
				/*
				 * tested for zero: if (dec_and_test()), on its true
				 * arm only (the other is where holders remain); if
				 * (dec_return() == 0), whose operator the branch does
				 * not keep, on either
				 */
				bool tested = false, zero = false, on;
				sym_t key = g->paths[put->a].key;

				if (want && key != want)
					continue;
				for (uint32_t k = 0; k < br->src_count; k++) {
					const struct ir_src *s = &g->srcs[br->src_start + k];

					tested |= s->kind == SRC_OP && s->ref == origins[i] &&
						  (s->how == HOW_TEST || br->src_count == 1);
					/* last = dec_and_test(); if (last): its one value */
					tested |= s->kind == SRC_VAR && br->src_count == 1 && n == 1;
					zero |= s->kind == SRC_CONST && !strcmp(sym_str(s->ref), "0");
				}
				on = tested ? on_true_arm(g, br, g->ops[call].block) :
					zero && branch_decides(g, &ipdom, br->block, g->ops[call].block);
				found = on ? key : 0;
				break;
			}
			if (put->kind != OP_CALL || !op_nargs(put) ||
			    !profile_refcount_drop(prof, sym_str(put->a)))
				continue;
			a = &g->args[put->src_start];
			for (uint32_t k = 0; k < a->src_count; k++) {
				const struct ir_src *s = &g->srcs[a->src_start + k];
				const struct ir_path *p = s->kind == SRC_ADDR ? &g->paths[s->ref] : NULL;

				if (!p || p->base_kind != BASE_VAR || p->base != v ||
				    (want && p->key != want))
					continue;
				/* kref_put() returns nonzero when it released the object */
				found = on_true_arm(g, br, g->ops[call].block) ? p->key : 0;
				break;
			}
		}
	}
	free(ipdom);
	return found;
}

/* The trigger of the profile that declares `slot` a party-callback, or NULL. */
static const char *slot_trigger(const struct profile_set *prof, sym_t slot)
{
	const struct profile_rule *r = slot ? profile_find(prof, slot, PR_IDIOM) : NULL;

	if (!r || r->idiom.kind != ID_PARTY_CALLBACK)
		return NULL;
	return profile_of(prof, r)->trigger ? sym_str(profile_of(prof, r)->trigger) : NULL;
}

const char *party_callback_trigger(const struct index *idx, const struct profile_set *prof,
				   uint32_t func)
{
	const struct func_info *fi;
	const char *t = NULL;

	if (!prof || func >= idx->nfuncs)
		return NULL;
	fi = &idx->info[func];
	if (fi->party_slot)
		return slot_trigger(prof, fi->party_slot);
	/* a helper the callbacks call: only when every caller is one */
	if (!fi->ncallers || fi->address_taken || fi->exported)
		return NULL;
	for (uint32_t i = 0; i < fi->ncallers; i++) {
		const struct call_site *cs = &idx->callers[fi->callers_start + i];
		const char *c = cs->caller < idx->nfuncs ?
					slot_trigger(prof, idx->info[cs->caller].party_slot) : NULL;

		if (!c || (t && strcmp(c, t)))
			return NULL;
		t = c;
	}
	return t;
}

bool after_last_put(const struct index *idx, const struct profile_set *prof, const struct ir_func *g,
		    uint32_t call, uint32_t v)
{
	return last_put_key(idx, prof, g, call, v, 0) != 0;
}

/* --- after the last completion --------------------------------------- */

/*
 * The counter op `o` of g drops on a member of what v points to, in an
 * order that publishes what came before it: a value-returning atomic
 * decrement of a counter type whose result the function tests or returns
 * (atomic_dec_and_test(): fully ordered, where a bare atomic_dec() orders
 * nothing), or a profile's refcount-drop call (refcount_dec_and_test(),
 * kref_put(): a release).  Its key, or 0.
 */
/* Is the value op o computes used at all: tested, returned, kept in a local? */
static bool value_used(const struct ir_func *g, uint32_t o)
{
	if (op_value_decides(g, o))
		return true;
	for (uint32_t x = o + 1; x < g->nops; x++) {
		uint32_t starts[64], counts[64];
		/* a call's sources are its arguments' */
		uint32_t nr = op_src_ranges(g, &g->ops[x], starts, counts, 64);

		for (uint32_t r = 0; r < nr; r++)
			for (uint32_t i = 0; i < counts[r]; i++)
				if (g->srcs[starts[r] + i].kind == SRC_OP &&
				    g->srcs[starts[r] + i].ref == o)
					return true;
	}
	return false;
}

static sym_t ordered_drop(const struct index *idx, const struct profile_set *prof,
			  const struct ir_func *g, uint32_t o, uint32_t v)
{
	const struct ir_op *op = &g->ops[o];
	const struct ir_arg *a;

	if (refcount_drop(idx, prof, g, op, v))
		return value_used(g, o) ? g->paths[op->a].key : 0;
	if (op->kind != OP_CALL || (op->flags & OPF_INDIRECT) || !op_nargs(op) ||
	    !profile_refcount_drop(prof, sym_str(op->a)))
		return 0;
	a = &g->args[op->src_start];
	for (uint32_t k = 0; k < a->src_count; k++) {
		const struct ir_src *s = &g->srcs[a->src_start + k];
		const struct ir_path *p = s->kind == SRC_ADDR ? &g->paths[s->ref] : NULL;

		if (p && p->base_kind == BASE_VAR && p->base == v)
			return p->key;
	}
	return 0;
}

/* The type part of a field key ("struct foo" of "struct foo::bar"), its length. */
static size_t key_type_len(sym_t key)
{
	const char *k = sym_str(key), *c = strstr(k, "::");

	return c ? (size_t)(c - k) : 0;
}

static bool same_key_type(sym_t a, sym_t b)
{
	size_t n = key_type_len(a);

	return n && n == key_type_len(b) && !strncmp(sym_str(a), sym_str(b), n);
}

/*
 * The counter of the object v points to that g drops, in order
 * (ordered_drop()), on every path from op `at` to g's return: op `at`
 * happens before that drop.  Its key, or 0.  One drop's key at a time:
 * each drop of that counter a path may pass counts.
 */
static sym_t dropped_after(const struct index *idx, const struct profile_set *prof,
			   const struct ir_func *g, uint32_t at, uint32_t v)
{
	uint32_t blk = g->ops[at].block;
	sym_t tried[4];
	unsigned ntried = 0;

	if (!g->blocks || blk >= g->nblocks)
		return 0;
	for (uint32_t o = at + 1; o < g->nops; o++) {
		sym_t key = ordered_drop(idx, prof, g, o, v);
		uint8_t *avoid;
		bool leaks = false, seen = false;

		if (!key)
			continue;
		for (unsigned i = 0; i < ntried; i++)
			seen |= tried[i] == key;
		if (seen || ntried == 4)
			continue;
		tried[ntried++] = key;
		/* in the store's block, after it */
		if (g->ops[o].block == blk)
			return key;
		avoid = xcalloc(g->nblocks + 1, 1);
		for (uint32_t d = 0; d < g->nops; d++)
			if (g->ops[d].block < g->nblocks && g->ops[d].block != blk &&
			    ordered_drop(idx, prof, g, d, v) == key)
				avoid[g->ops[d].block] = 1;
		if (g->blocks[blk].flags & BLOCK_EXIT)
			leaks = true;
		for (uint32_t s = 0; s < g->blocks[blk].nsucc && !leaks; s++) {
			uint32_t y = g->succs[g->blocks[blk].succ_start + s];

			if (y >= g->nblocks || avoid[y])
				continue;
			for (uint32_t b = 0; b < g->nblocks && !leaks; b++)
				leaks = (g->blocks[b].flags & BLOCK_EXIT) &&
					cfg_reaches_avoiding(g, y, b, avoid);
		}
		free(avoid);
		if (!leaks)
			return key;
	}
	return 0;
}

/* how many calls up the writer's store and the access's object are followed */
#define COMPLETION_WRITER_DEPTH 1
#define COMPLETION_READER_DEPTH 3
#define COMPLETION_BUDGET 32

/* The variable argument k of the call passes as a pointer, or IR_NONE. */
static uint32_t call_arg_var(const struct ir_func *g, const struct ir_op *call, uint32_t k)
{
	const struct ir_arg *a;

	if (k >= op_nargs(call))
		return IR_NONE;
	a = &op_args(g, call)[k];
	return pointer_var(g, arg_srcs(g, a), a->src_count);
}

/*
 * The counter (of the object variable v of g points to) every path from op
 * `at` of g drops in order afterwards, or that of every caller when v is a
 * parameter (all callers known) and g drops none: a store in a helper its
 * callers follow with the drop.  0 when there is none.
 */
static sym_t writer_drops_after(const struct index *idx, const struct profile_set *prof,
				const struct ir_func *g, uint32_t at, uint32_t v, unsigned depth,
				uint32_t *budget)
{
	const struct func_info *gi;
	sym_t key = dropped_after(idx, prof, g, at, v), k;

	if (key || !depth || v >= g->nvars || !g->vars[v].is_param || v >= g->nparams)
		return key;
	gi = &idx->info[g->id];
	if (!gi->entry_known || !gi->ncallers)
		return 0;
	for (uint32_t c = 0; c < gi->ncallers; c++) {
		const struct call_site *cs = &idx->callers[gi->callers_start + c];
		const struct ir_func *h = index_func(idx, cs->caller);
		uint32_t u;

		if (!h || cs->caller == g->id || !*budget)
			return 0;
		--*budget;
		u = call_arg_var(h, &h->ops[cs->op], v);
		if (u == IR_NONE ||
		    !(k = writer_drops_after(idx, prof, h, cs->op, u, depth - 1, budget)) ||
		    (key && k != key))
			return 0;
		key = k;
	}
	return key;
}

/*
 * Is every path to function `id`, whose parameter v leads to the object,
 * a call made on the true arm of the drop of counter `key` on that object
 * (if (atomic_dec_and_test(&obj->pending)) finish(obj)), a few calls up?
 * The first such caller in *host.
 */
static bool runs_after_last_drop(const struct index *idx, const struct profile_set *prof,
				 uint32_t id, uint32_t v, sym_t key, unsigned depth,
				 uint32_t *budget, uint32_t *host)
{
	const struct func_info *fi;
	const struct ir_func *f = index_func(idx, id);

	if (!f || v >= f->nparams || !f->vars || v >= f->nvars || !f->vars[v].is_param)
		return false;
	fi = &idx->info[id];
	if (!fi->entry_known || !fi->ncallers || fi->thread_entry || fi->unlocked_entry)
		return false;
	for (uint32_t c = 0; c < fi->ncallers; c++) {
		const struct call_site *cs = &idx->callers[fi->callers_start + c];
		const struct ir_func *h = index_func(idx, cs->caller);
		uint32_t u;

		if (!h || cs->caller == id || !*budget)
			return false;
		--*budget;
		u = call_arg_var(h, &h->ops[cs->op], v);
		if (u == IR_NONE)
			return false;
		if (last_put_key(idx, prof, h, cs->op, u, key)) {
			if (*host == IR_NONE)
				*host = cs->caller;
			continue;
		}
		if (!depth || !runs_after_last_drop(idx, prof, cs->caller, u, key, depth - 1,
						   budget, host))
			return false;
	}
	return true;
}

uint32_t after_last_completion(const struct index *idx, const struct profile_set *prof,
			       uint32_t afunc, uint32_t aop, uint32_t writer, uint32_t wop)
{
	const struct ir_func *f = afunc < idx->nfuncs ? index_func(idx, afunc) : NULL;
	const struct ir_func *g = writer < idx->nfuncs ? index_func(idx, writer) : NULL;
	const struct ir_path *ap, *wp;
	uint32_t budget = COMPLETION_BUDGET, host = IR_NONE;
	sym_t key;

	if (!prof || !f || !g || afunc == writer || aop >= f->nops || wop >= g->nops ||
	    !op_has_path(&f->ops[aop]) || !op_has_path(&g->ops[wop]) ||
	    f->ops[aop].a >= f->npaths || g->ops[wop].a >= g->npaths)
		return IR_NONE;
	ap = &f->paths[f->ops[aop].a];
	wp = &g->paths[g->ops[wop].a];
	/* a member of the object itself on both sides, which holds the counter too */
	if (ap->derefs != 1 || wp->derefs != 1 || ap->base_kind != BASE_VAR ||
	    wp->base_kind != BASE_VAR || ap->base >= f->nvars || !f->vars[ap->base].is_param)
		return IR_NONE;
	key = writer_drops_after(idx, prof, g, wop, wp->base, COMPLETION_WRITER_DEPTH, &budget);
	if (!key || !same_key_type(key, ap->key))
		return IR_NONE;
	budget = COMPLETION_BUDGET;
	return runs_after_last_drop(idx, prof, afunc, ap->base, key, COMPLETION_READER_DEPTH,
				    &budget, &host)
		       ? host
		       : IR_NONE;
}
