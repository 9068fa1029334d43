#include "index/build.h"
#include "index/writers.h"
#include "index/debug_asserts.h"
#include "index/macro_table.h"
#include "index/load_entries.h"
#include "index/memo.h"
#include "ir/cfg.h"
#include "profile/idioms.h"
#include "base/pool.h"
#include "base/util.h"

#include <malloc.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* --- types ------------------------------------------------------------ */

/* The same type with one pointer or array level removed. */
static sym_t deref_type(sym_t type)
{
	const char *s = sym_str(type);
	char buf[256];
	size_t n = strlen(s);

	if (!type || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n + 1);
	while (n && buf[n - 1] == ' ')
		n--;
	if (n && buf[n - 1] == '*')
		n--;
	else if (n >= 2 && buf[n - 2] == '[' && buf[n - 1] == ']')
		n -= 2;
	else
		return type;	/* a typedef'd pointer: leave it to struct_of */
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return intern(buf);
}

/* --- field keys --------------------------------------------------------- */

struct unit_ctx {
	struct index *idx;
	struct unit *u;
	struct symmap statics;		/* file-scope statics of the unit */
};

struct call_edge {
	uint32_t callee, caller, op;
};

/*
 * What resolving one unit found for the call graph, gathered by the
 * workers so that the serial pass after them reads compact arrays
 * instead of every op of the tree again.
 */
struct unit_graph {
	VEC(struct call_edge) calls;	/* in caller and op order */
	/*
	 * a boot function's start of a thread (REG_SINGLE): callee the
	 * thread's function, caller the function starting it, which must
	 * itself be called by nothing (an initcall) for the thread to be one
	 */
	VEC(struct call_edge) single_starts;
	struct u32_vec taken;		/* functions named as values */
	struct u32_vec taken_in;	/* by the same index: the ops struct, or 0 */
	struct u32_vec taken_member;	/* and the member it initialises, or 0 */
	struct u32_vec taken_thread;	/* REG_*: handed to INIT_WORK() and the like */
	struct u32_vec taken_lock;	/* handed to a callback-lock registration: its idiom's name */
	struct u32_vec taken_obj;	/* and the key of the object it is registered on, or 0 */
	/*
	 * and the member of an object it is stored in, named by the object
	 * ("drivers/x.c::nb.notifier_call", "struct priv::nb.notifier_call"),
	 * or 0: a registration of that object may say what calls it
	 */
	struct u32_vec taken_holder;
	/*
	 * and the function-pointer member it is put in, by its innermost
	 * struct ("struct expect::fn": an initialiser's member, or the member
	 * every read of it in code is stored into), or 0
	 */
	struct u32_vec taken_store;
	/* objects handed to a callback-lock registration of a member, by that name */
	struct u32_vec reg_holder;
	struct u32_vec reg_callee;	/* and the registering function */
	struct u32_vec exported;
};

static sym_t global_type(struct unit_ctx *uc, sym_t name, bool *is_static)
{
	sym_t t = symmap_get(&uc->statics, name, 0);

	*is_static = t != 0;
	if (t)
		return t;
	return symmap_get(&uc->idx->globals, name, 0);
}

/*
 * The key of an access path: the struct and fields its chain of member
 * accesses lands on, from a base of the given type (or a global, whose
 * key names the variable).
 */
static sym_t chain_key(struct index *idx, sym_t type, sym_t key_struct, bool global_root,
		       sym_t chain, bool var_base)
{
	const char *c = sym_str(chain);
	struct sbuf rest = {0};
	bool first = true;
	sym_t key = 0;
	char buf[512];

	while (*c) {
		char field[200];
		size_t n = 0;
		char kind;

		if (c[0] == '-' && c[1] == '>') {
			kind = '>';
			c += 2;
		} else if (*c == '.') {
			kind = '.';
			c++;
		} else if (c[0] == '[' && c[1] == ']') {
			kind = '[';
			c += 2;
		} else if (*c == '*') {
			kind = '*';
			c++;
		} else {
			break;
		}
		if (kind == '>' || kind == '.') {
			while (c[n] && c[n] != '-' && c[n] != '.' && c[n] != '[' && c[n] != '*' &&
			       n < sizeof(field) - 1) {
				field[n] = c[n];
				n++;
			}
			field[n] = '\0';
			c += n;
		}
		if (kind == '>' || kind == '*' || (kind == '[' && first && var_base &&
						   strchr(sym_str(type), '*'))) {
			int lv = 0;
			sym_t s = index_struct_of(idx, type, &lv), ft = 0, fsym = 0;

			if (kind == '>') {
				fsym = intern(field);
				ft = s ? index_field_type(idx, s, fsym) : 0;
				/* a typedef name defined twice: the definition with the member */
				if (!ft) {
					int alv = 0;
					sym_t alt = index_struct_with_field(idx, type, fsym, &alv);

					if (alt) {
						s = alt;
						lv = alv;
						ft = index_field_type(idx, s, fsym);
					}
				}
			}

			/* one dereference lands on the struct only from a single pointer
			 * (or array); from "struct x **" it lands on a pointer */
			if (s && lv != 1)
				s = 0;
			if (!s) {
				key_struct = 0;
				global_root = false;
				type = 0;
				sb_reset(&rest);
				if (kind == '>')
					goto unknown;
				first = false;
				continue;
			}
			key_struct = s;
			global_root = false;
			sb_reset(&rest);
			type = s;
			if (kind == '>') {
				sb_puts(&rest, field);
				type = ft;
			}
		} else if (kind == '.') {
			sym_t s = type ? index_struct_of(idx, type, NULL) : 0;

			if (rest.len || global_root)
				sb_putc(&rest, '.');
			sb_puts(&rest, field);
			type = s ? index_field_type(idx, s, intern(field)) : 0;
		} else if (key_struct && !global_root && !rest.len && type == key_struct) {
			/*
			 * a subscript on the struct itself: a parameter declared
			 * as an array of arrays (ops[A][B]), whose spelling kept
			 * one dimension; the element is the struct still
			 */
		} else {
			sb_puts(&rest, "[]");
			type = type ? deref_type(type) : 0;
		}
		first = false;
		continue;
unknown:
		/* the type is lost at this deref: no key for the path */
		sb_free(&rest);
		return 0;
	}
	if (key_struct) {
		if (global_root)
			snprintf(buf, sizeof(buf), "%s%s", sym_str(key_struct), sb_str(&rest));
		else
			snprintf(buf, sizeof(buf), "%s::%s", sym_str(key_struct),
				 rest.len ? sb_str(&rest) : "*");
		key = intern(buf);
	}
	sb_free(&rest);
	return key;
}

/*
 * Most paths of the tree are a few chains from a few types (vcpu->arch.*,
 * dev->*): a per-thread memo of the chain's key from a type, per index,
 * as the rules' type questions have.
 */
static sym_t memo_chain_key(struct index *idx, sym_t type, sym_t chain, bool var_base)
{
	struct chain_memo *memo = index_memo.chain_key;
	uint32_t h = (type * 2654435761u) ^ (chain * 0x85ebca6bu) ^ var_base;
	struct chain_memo *m = &memo[(h * 0x9e3779b1u) >> (32 - CHAIN_MEMO_BITS)];

	if (m->generation != idx->generation || m->type != type || m->chain != chain ||
	    m->var_base != var_base) {
		m->key = chain_key(idx, type, 0, false, chain, var_base);
		m->generation = idx->generation;
		m->type = type;
		m->chain = chain;
		m->var_base = var_base;
	}
	return m->key;
}

/*
 * A guard class's type, class_<name>_t (CLASS_TYPE_PREFIX), as the return
 * type of the tree's function <name>, seen from f's file; else the type
 * as it is.  A typedef of that name, where the tree has one, comes first.
 */
static sym_t class_type(struct index *idx, const struct ir_func *f, sym_t type)
{
	size_t np = strlen(CLASS_TYPE_PREFIX), n;
	const char *t = sym_str(type);
	uint32_t id;

	n = strlen(t);
	if (n <= np + 2 || strncmp(t, CLASS_TYPE_PREFIX, np) || strcmp(t + n - 2, "_t") ||
	    symmap_get(&idx->typedefs, type, 0))
		return type;
	id = index_lookup_function(idx, intern_n(t + np, n - np - 2), f->file);
	if (id == IR_NONE || !index_func(idx, id)->ret_type)
		return type;
	return index_func(idx, id)->ret_type;
}

static sym_t path_key(struct unit_ctx *uc, const struct ir_func *f, const struct ir_path *p)
{
	struct index *idx = uc->idx;
	sym_t type = p->base_type, key_struct = 0;
	bool global_root = false;
	char buf[512];

	switch (p->base_kind) {
	case BASE_VAR:
		if (!p->chain || p->base >= f->nvars)
			return 0;
		/* a parameter declared as an array is a pointer (C11 6.7.6.3) */
		if (f->vars[p->base].is_param && type && str_ends(sym_str(type), "[]")) {
			const char *t = sym_str(type);
			size_t n = strlen(t) - 2;

			while (n && t[n - 1] == ' ')
				n--;
			if (snprintf(buf, sizeof(buf), "%.*s *", (int)n, t) < (int)sizeof(buf))
				type = intern(buf);
		}
		if (type && !f->vars[p->base].is_param)
			type = class_type(idx, f, type);
		break;
	case BASE_GLOBAL: {
		bool st;
		sym_t gt = global_type(uc, p->base, &st);

		if (!type)
			type = gt;
		if (!gt && !p->base_type && !symmap_get(&idx->globals, p->base, 0))
			return 0;	/* not a declared variable (a function, a member...) */
		global_root = true;
		if (st)
			snprintf(buf, sizeof(buf), "%s::%s", sym_str(f->file), sym_str(p->base));
		else
			snprintf(buf, sizeof(buf), "global::%s", sym_str(p->base));
		key_struct = intern(buf);
		break;
	}
	case BASE_CALL:
		if (!type && p->base < f->nops) {
			const struct ir_func *callee = index_callee(idx, &f->ops[p->base]);

			if (callee)
				type = callee->ret_type;
		}
		break;
	default:
		break;
	}
	if (!global_root)
		return memo_chain_key(idx, type, p->chain, p->base_kind == BASE_VAR);
	return chain_key(idx, type, key_struct, true, p->chain, false);
}

/*
 * The key of a lock in an element of a global array of structs
 * (spin_lock(&slots[i].lock)), or 0: the element's type's, the key the
 * code that works on one element through a pointer gives it (s =
 * &slots[i]; spin_lock(&s->lock)).  Locks are one per type for any two
 * objects reached through pointers already; an element is one such
 * object, and its lock the same one whichever way it is named.
 */
static sym_t element_lock_key(struct unit_ctx *uc, const struct ir_path *p)
{
	const char *c = sym_str(p->chain);
	sym_t type = p->base_type, elem;
	char ptr[256], chain[256];
	int levels = 0;
	bool st;

	if (p->base_kind != BASE_GLOBAL || !str_starts(c, "[]."))
		return 0;
	if (!type)
		type = global_type(uc, p->base, &st);
	elem = type ? deref_type(type) : 0;
	if (!elem || elem == type || !index_struct_of(uc->idx, elem, &levels) || levels)
		return 0;
	if (snprintf(ptr, sizeof(ptr), "%s *", sym_str(elem)) >= (int)sizeof(ptr) ||
	    snprintf(chain, sizeof(chain), "->%s", c + 3) >= (int)sizeof(chain))
		return 0;
	return memo_chain_key(uc->idx, intern(ptr), intern(chain), true);
}

/* The lock ops' paths on an element of a global array: keyed by its type. */
static void key_element_locks(struct unit_ctx *uc, struct ir_func *f)
{
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		sym_t k;

		if ((op->kind == OP_LOCK || op->kind == OP_UNLOCK || op->kind == OP_ASSERT_HELD) &&
		    op->a < f->npaths && (k = element_lock_key(uc, &f->paths[op->a])) != 0)
			f->paths[op->a].key = k;
	}
}

/* --- per-unit passes ---------------------------------------------------- */

static bool resolvable_call(const struct ir_op *op)
{
	return op->kind == OP_CALL && op->a && !(op->flags & (OPF_INDIRECT | OPF_MACRO_LOOP));
}

static void push_function(struct index *idx, sym_t name, sym_t file, struct u32_vec *ids)
{
	uint32_t id = index_lookup_function(idx, name, file);

	if (id != IR_NONE)
		vec_push(ids, id);
}

/* Which registrations registration() looks for. */
static bool thread_idiom(const struct idiom *id)
{
	return id->kind == ID_THREAD_ENTRY;
}

static bool serial_idiom(const struct idiom *id)
{
	return (id->kind == ID_THREAD_ENTRY || id->kind == ID_SERIAL_ENTRY) && id->serial;
}

/* a registration that starts one thread per call (kthread_run) */
static bool single_idiom(const struct idiom *id)
{
	return id->kind == ID_THREAD_ENTRY && id->once;
}

static bool callback_lock_idiom(const struct idiom *id)
{
	/* not one that takes the object holding the function */
	return id->kind == ID_CALLBACK_LOCK && !id->member;
}

/*
 * Is the function path `p` names (a global, no chain) read only to be
 * handed to a call of an idiom `wanted` accepts: one that makes it run on
 * a thread of its own, INIT_WORK's function, timer_setup's, an interrupt
 * handler (ID_THREAD_ENTRY); one that runs it never twice at once (a
 * serial entry); or a callback-lock registration (*callee: the first such
 * call, every other one naming the same lock).
 */
/* Does call hand on what read o gave, as the argument its idiom registers (loc or val)? */
static bool registers_read(const struct ir_func *f, const struct ir_op *call,
			   const struct idiom *id, uint32_t o)
{
	for (uint32_t k = 0; k < op_nargs(call); k++) {
		const struct ir_arg *a = &f->args[call->src_start + k];
		const struct ir_src *s = f->srcs + a->src_start;

		if ((int)k != id->loc && (int)k != id->val)
			continue;
		for (uint32_t i = 0; i < a->src_count; i++)
			if (s[i].kind == SRC_OP && s[i].ref == o)
				return true;
	}
	return false;
}

static bool registration(const struct ir_func *f, uint32_t p,
			 bool (*wanted)(const struct idiom *), sym_t *callee)
{
	bool any = false;

	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		bool registered = false;

		if (op->kind != OP_READ || op->a != p)
			continue;
		/* the call whose argument the read is, after it */
		for (uint32_t c = o + 1; c < f->nops && !registered; c++) {
			const struct ir_op *call = &f->ops[c];
			struct idiom id;

			if (call->kind != OP_CALL || (call->flags & OPF_INDIRECT))
				continue;
			id = idiom_lookup_sym(call->a);
			/* a thread per call, in a loop: a pool, not one context */
			if ((wanted == serial_idiom || wanted == single_idiom) && id.once &&
			    call->loop)
				continue;
			/* two registrations in one function: only with one lock */
			if (!wanted(&id) || (callee && *callee &&
					     idiom_lookup_sym(*callee).held != id.held))
				continue;
			registered |= registers_read(f, call, &id, o);
			if (registered && callee && !*callee)
				*callee = call->a;
		}
		if (!registered)
			return false;
		any = true;
	}
	return any;
}

/*
 * How the function path `p` names is registered: REG_THREAD, it starts on
 * a thread or in an interrupt of its own; REG_SERIAL, it never runs twice
 * at once for one registration; REG_SINGLE, it is the one thread a boot
 * function starts (kthread_run() from __init code, in no loop): boot code
 * runs once, so there is one such thread in the system.
 */
#define REG_THREAD 0x1
#define REG_SERIAL 0x2
#define REG_SINGLE 0x4

/* How many times f reads the path p (names the function p names). */
static uint32_t path_reads(const struct ir_func *f, uint32_t p)
{
	uint32_t n = 0;

	for (uint32_t o = 0; o < f->nops; o++)
		n += f->ops[o].kind == OP_READ && f->ops[o].a == p;
	return n;
}

static uint8_t thread_registration(const struct ir_func *f, uint32_t p)
{
	return (registration(f, p, thread_idiom, NULL) ? REG_THREAD : 0) |
	       (registration(f, p, serial_idiom, NULL) ? REG_SERIAL : 0) |
	       /* two kthread_run() of it in one function: two threads */
	       (boot_function(NULL, f) && path_reads(f, p) == 1 &&
				registration(f, p, single_idiom, NULL)
			? REG_SINGLE
			: 0);
}

static bool entry_idiom(const struct idiom *id)
{
	return thread_idiom(id) || serial_idiom(id);
}

/*
 * The object the function path `p` names is registered on, by its key:
 * the first argument of the registering call, other than the function,
 * that names a member (INIT_WORK(&x->work, fn): "struct x::work";
 * request_irq(x->irq, fn, ...): "struct x::irq").  0 when a read of p goes
 * to no registration, or to two on different objects, or names none.
 */
static sym_t registration_object(const struct ir_func *f, uint32_t p)
{
	sym_t key = 0;

	for (uint32_t o = 0; o < f->nops; o++) {
		sym_t here = 0;

		if (f->ops[o].kind != OP_READ || f->ops[o].a != p)
			continue;
		for (uint32_t c = o + 1; c < f->nops && !here; c++) {
			const struct ir_op *call = &f->ops[c];
			struct idiom id;
			bool registered = false;

			if (call->kind != OP_CALL || (call->flags & OPF_INDIRECT))
				continue;
			id = idiom_lookup_sym(call->a);
			if (!entry_idiom(&id))
				continue;
			registered |= registers_read(f, call, &id, o);
			if (!registered)
				continue;
			for (uint32_t k = 0; k < op_nargs(call) && !here; k++) {
				const struct ir_arg *a = &f->args[call->src_start + k];

				if ((int)k != id.loc && (int)k != id.val && a->path < f->npaths &&
				    f->paths[a->path].chain)
					here = f->paths[a->path].key;
			}
			if (!here)
				return 0;
		}
		if (!here || (key && key != here))
			return 0;
		key = here;
	}
	return key;
}

static sym_t innermost_key(const struct index *idx, sym_t key);

/*
 * The key by its struct type of a store into a member of a struct variable
 * at file scope (`copy_ops.hook = fn`, an ops table copied from another at
 * init and one member overridden), or 0.  Such a path's own key names the
 * variable ("file.c::copy_ops.hook"), which says nothing of the framework
 * that calls the member; its type's member ("struct ops::hook") is what
 * `p->hook = fn` through a pointer to the same table names, and what an
 * initialiser `.hook = fn` fills.  Not through a pointer or an element:
 * only the variable's own members.
 */
static sym_t global_member_key(const struct index *idx, const struct unit *u,
			       const struct ir_path *w)
{
	const char *chain = w->chain ? sym_str(w->chain) : "";
	sym_t type = 0, strct;
	int ptrs = 0;
	char buf[512];

	if (!u || w->base_kind != BASE_GLOBAL || chain[0] != '.' || strpbrk(chain, "[*>"))
		return 0;
	/* a static of the unit first, as the path's own key resolves it */
	for (uint32_t g = 0; g < u->nglobals && !type; g++)
		if (u->globals[g].name == w->base && u->globals[g].is_static)
			type = u->globals[g].type;
	if (!type)
		type = symmap_get(&idx->globals, w->base, 0);
	if (!type || !(strct = index_struct_of(idx, type, &ptrs)) || ptrs ||
	    snprintf(buf, sizeof(buf), "%s::%s", sym_str(strct), chain + 1) >= (int)sizeof(buf))
		return 0;
	return innermost_key(idx, intern(buf));
}

/*
 * The member a function named by path `p` is stored into, when every read
 * of it is stored into one.  By its innermost struct when idx is given
 * ("s->mig.notify = fn": "struct Notifier::notify", the ops-table member an
 * assignment fills; "copy_ops.hook = fn" by the variable's type when the
 * unit u that declares it is given: global_member_key(), for the
 * callback-lock members only, since calls through the variable's own
 * member, copy_ops.hook(x), are keyed by the variable); else by the key the
 * object holding it names it by, a member of a member only
 * (`priv->nb.notifier_call = fn`: "struct priv::nb.notifier_call", the
 * object a registration hands on).
 */
static sym_t stored_into(const struct index *idx, const struct unit *u, const struct ir_func *f,
			 uint32_t p)
{
	sym_t member = 0;

	for (uint32_t o = 0; o < f->nops; o++) {
		sym_t here = 0;

		if (f->ops[o].kind != OP_READ || f->ops[o].a != p)
			continue;
		for (uint32_t c = o + 1; c < f->nops && !here; c++) {
			const struct ir_op *w = &f->ops[c];
			const struct ir_src *s = f->srcs + w->src_start;
			sym_t key;

			if (w->kind != OP_WRITE || !(key = f->paths[w->a].key) ||
			    (!idx && !f->paths[w->a].chain))
				continue;
			for (uint32_t i = 0; i < w->src_count && !here; i++) {
				if (s[i].kind != SRC_OP || s[i].ref != o || s[i].how != HOW_VALUE)
					continue;
				here = idx ? global_member_key(idx, u, &f->paths[w->a]) : 0;
				if (!here)
					here = idx ? innermost_key(idx, key) : key;
			}
		}
		if (!here || (member && member != here))
			return 0;
		member = here;
	}
	return member;
}

/*
 * The registration (a callback-lock idiom: the call every read of `p` is
 * handed to, or the member every read is stored into) or 0.
 */
static sym_t callback_registration(const struct index *idx, const struct unit *u,
				   const struct ir_func *f, uint32_t p)
{
	sym_t callee = 0, member;

	if (registration(f, p, callback_lock_idiom, &callee))
		return callee;
	member = stored_into(idx, u, f, p);
	return member && idiom_lookup_sym(member).kind == ID_CALLBACK_LOCK ? member : 0;
}

/*
 * The slot of a table of function pointers of one typedef'd type
 * (`static const handler_fn handlers[] = { [OP_A] = do_a, ... }`): "T::[]".
 * Its functions are called through a variable of that type the
 * dispatcher loads from the table (`handler_fn h = handlers[op]; h(pkt);`).
 */
#define TABLE_SLOT "::[]"

/*
 * The typedef name a type is spelt as ("const handler_fn"), or NULL; with
 * `array`, of an array's elements ("handler_fn []").
 */
static const char *typedef_spelling(const char *t, size_t *n, bool array)
{
	const char *rest;

	while (str_starts(t, "const ") || str_starts(t, "static "))
		t += strchr(t, ' ') - t + 1;
	*n = strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	rest = t + *n;
	if (!*n)
		return NULL;
	if (!array)
		return *rest ? NULL : t;
	while (*rest == ' ')
		rest++;
	return *rest == '[' && strchr(rest, ']') && !strchr(rest, ']')[1] ? t : NULL;
}

/*
 * The table's type as its slot names it: the typedef, and the architecture
 * of the file ("exit_handle_fn@arm64"), which each define a handler type of
 * the same name for their own dispatcher.
 */
static sym_t table_type(const char *t, size_t n, sym_t file)
{
	const char *path = sym_str(file), *a = strstr(path, "/arch/");
	char buf[256];
	int arch = 0;

	if (str_starts(path, "arch/"))
		a = path;
	else if (a)
		a++;
	if (a) {
		a += strlen("arch/");
		arch = (int)strcspn(a, "/");
	}
	if (n + (size_t)arch + 2 > sizeof(buf))
		return 0;
	snprintf(buf, sizeof(buf), "%.*s%s%.*s", (int)n, t, arch ? "@" : "", arch, a ? a : "");
	return intern(buf);
}

static sym_t table_slot_key(const char *t, size_t n, sym_t file)
{
	sym_t type = table_type(t, n, file);
	char buf[300];

	if (!type)
		return 0;
	snprintf(buf, sizeof(buf), "%s" TABLE_SLOT, sym_str(type));
	return intern(buf);
}

/*
 * A function handed as an argument to one that calls it through its
 * parameter and nothing else (omap_hwmod_for_each(fn, data) calls
 * (*fn)(oh, data) for each object): those calls are its callers, and
 * what the caller holds there, it holds.  Its slot is "fn:ID::@K" for
 * parameter K of function ID.  Not when the parameter goes anywhere but
 * a test of it and the calls: stored, it is called later, from elsewhere.
 */
#define PARAM_SLOT_PREFIX "fn:"

/* The parameter index of local v of f, or IR_NONE. */
static uint32_t param_index(const struct ir_func *f, uint32_t v)
{
	uint32_t k = 0;

	if (v >= f->nvars || !f->vars[v].is_param)
		return IR_NONE;
	for (uint32_t i = 0; i < v; i++)
		k += f->vars[i].is_param;
	return k;
}

/* The variable of parameter k of f, or IR_NONE. */
static uint32_t param_var(const struct ir_func *f, uint32_t k)
{
	for (uint32_t v = 0; v < f->nvars; v++)
		if (f->vars[v].is_param && !k--)
			return v;
	return IR_NONE;
}

/*
 * The struct local on f's stack that op stores into, or IR_NONE: its
 * initialiser (struct req r = { .fn = fn }) or a store to one of its
 * members (r.fn = fn).  Only while f runs does it exist, and only if its
 * address goes nowhere but to f's calls (stored, it may outlive them).
 */
static uint32_t stack_struct_store(const struct ir_func *f, const struct ir_op *op)
{
	uint32_t v = IR_NONE;

	if (op->kind == OP_DEF && op->a < f->nvars)
		v = op->a;
	else if (op->kind == OP_WRITE && op->a < f->npaths &&
		 f->paths[op->a].base_kind == BASE_VAR && !f->paths[op->a].derefs)
		v = f->paths[op->a].base;
	if (v == IR_NONE || v >= f->nvars || f->vars[v].is_param || f->vars[v].is_static ||
	    !f->vars[v].by_value || !f->vars[v].type || strncmp(sym_str(f->vars[v].type), "struct ", 7))
		return IR_NONE;
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *w = &f->ops[o];
		const struct ir_src *s = f->srcs ? f->srcs + w->src_start : NULL;

		if (w->kind != OP_WRITE && w->kind != OP_DEF)
			continue;
		for (uint32_t i = 0; s && i < w->src_count; i++)
			if (s[i].kind == SRC_ADDR && s[i].ref < f->npaths &&
			    f->paths[s[i].ref].base_kind == BASE_VAR && f->paths[s[i].ref].base == v)
				return IR_NONE;
	}
	return v;
}

/*
 * Is parameter variable v of f only tested and called through?  Or put
 * into a struct on f's stack whose member the calls f makes call it
 * (event_call(ev, fn, data) fills { .fn = fn, .data = data } and hands
 * the struct to a cross-CPU call, whose function calls ->fn): those calls
 * are made while f runs, and a member alias (member_alias_key()) makes
 * them the slot's callers too.
 */
static bool param_only_called(const struct ir_func *f, uint32_t v)
{
	bool called = false;

	if (v == IR_NONE)
		return false;
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_src *s = f->srcs ? f->srcs + op->src_start : NULL;

		if (op->kind == OP_CALL && !(op->flags & OPF_INDIRECT) && op->a == f->vars[v].name)
			called = true;
		if (op->kind == OP_READ && op->a < f->npaths && f->paths[op->a].base_kind == BASE_VAR &&
		    f->paths[op->a].base == v)
			called = true;	/* (*fn)(...): the read of *fn the call goes through */
		if (op->kind == OP_CALL || !s)
			continue;	/* a call's own sources are its arguments: below */
		for (uint32_t i = 0; i < op->src_count; i++)
			if (s[i].kind == SRC_VAR && s[i].ref == v && op->kind != OP_BRANCH &&
			    !(op->kind == OP_READ && s[i].how == HOW_BASE) &&
			    !(s[i].how == HOW_VALUE && stack_struct_store(f, op) != IR_NONE))
				return false;
	}
	/* handed on as an argument */
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];

		if (op->kind != OP_CALL || !f->args)
			continue;
		for (uint32_t k = 0; k < op_nargs(op); k++) {
			const struct ir_arg *a = &op_args(f, op)[k];
			const struct ir_src *s = arg_srcs(f, a);

			for (uint32_t i = 0; s && i < a->src_count; i++)
				if (s[i].kind == SRC_VAR && s[i].ref == v)
					return false;
		}
	}
	return called;
}

static sym_t param_slot_key(const struct ir_func *g, uint32_t k, bool member)
{
	char buf[64];

	if (member)
		snprintf(buf, sizeof(buf), "@%u", k);
	else
		snprintf(buf, sizeof(buf), PARAM_SLOT_PREFIX "%u", g->id);
	return intern(buf);
}

/*
 * Path p of f names a function: is it read only to be handed to such a
 * function (callee resolved, the parameter only called)?  Gives the slot's
 * two halves, 0 for none.
 */
static sym_t callback_param_slot(const struct index *idx, const struct ir_func *f, uint32_t p,
				 sym_t *member)
{
	uint32_t found = IR_NONE, arg = 0;

	for (uint32_t r = 0; r < f->nops; r++) {
		if (f->ops[r].kind != OP_READ || f->ops[r].a != p)
			continue;
		for (uint32_t o = r + 1; o < f->nops && o <= r + 64; o++) {
			const struct ir_op *op = &f->ops[o];
			bool here = false;

			if (op->kind != OP_CALL || !f->args)
				continue;
			for (uint32_t k = 0; k < op_nargs(op); k++) {
				const struct ir_arg *a = &op_args(f, op)[k];
				const struct ir_src *s = arg_srcs(f, a);

				if (a->src_count == 1 && s && s->kind == SRC_OP && s->ref == r) {
					if (here || (found != IR_NONE && (found != o || arg != k)))
						return 0;
					here = true;
					found = o;
					arg = k;
				}
			}
			if (here)
				break;
		}
		if (found == IR_NONE)
			return 0;	/* this read goes somewhere else */
	}
	if (found == IR_NONE || f->ops[found].callee == IR_NONE)
		return 0;
	{
		const struct ir_func *g = index_func(idx, f->ops[found].callee);

		if (!g || !param_only_called(g, param_var(g, arg)))
			return 0;
		*member = param_slot_key(g, arg, true);
		return param_slot_key(g, arg, false);
	}
}

/* "KEY.MEMBER": an object's member, by the object's key */
static sym_t holder_name(sym_t key, sym_t member)
{
	char buf[512];

	if (!key || !member ||
	    snprintf(buf, sizeof(buf), "%s.%s", sym_str(key), sym_str(member)) >= (int)sizeof(buf))
		return 0;
	return intern(buf);
}

/*
 * The key of the file-scope variable `var` of unit u, as an access path
 * names it: "file::var" for a static, "global::var" otherwise.
 */
static sym_t unit_var_key(const struct unit *u, sym_t var)
{
	char buf[512];
	bool st = false;

	for (uint32_t i = 0; i < u->nglobals; i++)
		if (u->globals[i].name == var && u->globals[i].is_static)
			st = true;
	if (snprintf(buf, sizeof(buf), "%s::%s", st ? sym_str(u->path) : "global",
		     sym_str(var)) >= (int)sizeof(buf))
		return 0;
	return intern(buf);
}

/*
 * The objects f hands to a callback-lock registration of a member
 * (register_netdevice_notifier(&nb)): "KEY.MEMBER" of each, with the
 * registering function.
 */
static void collect_member_registrations(const struct ir_func *f, struct unit_graph *g)
{
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *call = &f->ops[o];
		struct idiom id;
		const struct ir_arg *a;
		sym_t h;

		if (call->kind != OP_CALL || (call->flags & OPF_INDIRECT))
			continue;
		id = idiom_lookup_sym(call->a);
		if (id.kind != ID_CALLBACK_LOCK || !id.member || id.loc < 0 ||
		    (uint32_t)id.loc >= op_nargs(call))
			continue;
		a = &f->args[call->src_start + (uint32_t)id.loc];
		if (a->path >= f->npaths)
			continue;
		h = holder_name(f->paths[a->path].key, id.member);
		if (h) {
			vec_push(&g->reg_holder, h);
			vec_push(&g->reg_callee, call->a);
		}
	}
}

/* "struct ops::member" of an initialiser's member, or 0 (a table's element, a parameter slot) */
static sym_t member_key(sym_t in, sym_t member)
{
	char buf[512];

	if (!in || !member || sym_str(member)[0] == '@' || !strcmp(sym_str(member), "[]") ||
	    snprintf(buf, sizeof(buf), "%s::%s", sym_str(in), sym_str(member)) >= (int)sizeof(buf))
		return 0;
	return intern(buf);
}

/*
 * Calls through a local function pointer.  A local every definition of
 * which names a function (or is NULL), and which is only tested and
 * called through, never handed on, stored or its address taken
 * (`int (*build)(struct r *); if (x) build = a; else build = b; ...
 * build(r)`): its calls are calls of those functions, made where the
 * caller holds what it holds there.  Not a parameter (its value comes
 * from every caller), not a static local (it outlives the call), not one
 * assigned from a member or a call's result.
 */
#define LOCAL_FP_MAX 8

/* The function path p of f names (a global, no chain), or IR_NONE. */
static uint32_t path_names_function(const struct index *idx, const struct ir_func *f, uint32_t p)
{
	const struct ir_path *pa = p < f->npaths ? &f->paths[p] : NULL;

	if (!pa || pa->base_kind != BASE_GLOBAL || pa->chain || pa->key)
		return IR_NONE;
	return index_lookup_function(idx, pa->base, f->file);
}

/* The function the read op r of f names, or IR_NONE. */
static uint32_t read_names_function(const struct index *idx, const struct ir_func *f, uint32_t r)
{
	const struct ir_op *op = r < f->nops ? &f->ops[r] : NULL;

	if (!op || op->kind != OP_READ)
		return IR_NONE;
	return path_names_function(idx, f, op->a);
}

/* Is local v of f's value only tested and called through? */
static bool local_only_called(const struct ir_func *f, uint32_t v)
{
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_src *s = f->srcs ? f->srcs + op->src_start : NULL;

		if (op->kind == OP_CALL) {
			for (uint32_t k = 0; f->args && k < op_nargs(op); k++) {
				const struct ir_arg *a = &op_args(f, op)[k];
				const struct ir_src *as = arg_srcs(f, a);

				if (a->path < f->npaths && f->paths[a->path].base_kind == BASE_VAR &&
				    f->paths[a->path].base == v)
					return false;
				for (uint32_t i = 0; as && i < a->src_count; i++)
					if ((as[i].kind == SRC_VAR && as[i].ref == v) ||
					    (as[i].kind == SRC_ADDR && as[i].ref < f->npaths &&
					     f->paths[as[i].ref].base_kind == BASE_VAR &&
					     f->paths[as[i].ref].base == v))
						return false;
			}
			continue;
		}
		if ((op->kind == OP_WRITE || op->kind == OP_RMW) && op->a < f->npaths &&
		    f->paths[op->a].base_kind == BASE_VAR && f->paths[op->a].base == v)
			return false;
		for (uint32_t i = 0; s && i < op->src_count; i++) {
			if (s[i].kind == SRC_ADDR && s[i].ref < f->npaths &&
			    f->paths[s[i].ref].base_kind == BASE_VAR && f->paths[s[i].ref].base == v)
				return false;
			if (s[i].kind != SRC_VAR || s[i].ref != v)
				continue;
			if (op->kind == OP_BRANCH || (op->kind == OP_READ && s[i].how == HOW_BASE) ||
			    s[i].how == HOW_TEST || s[i].how == HOW_EQUAL)
				continue;
			return false;
		}
	}
	return true;
}

/*
 * The functions local v of f may hold, into out (at most LOCAL_FP_MAX),
 * and how many; 0 when some definition names none, or v is not such a
 * local.
 */
static uint32_t local_fp_values(const struct index *idx, const struct ir_func *f, uint32_t v,
				uint32_t *out)
{
	uint32_t n = 0;

	if (v >= f->nvars || f->vars[v].is_param || f->vars[v].is_static || f->vars[v].by_value)
		return 0;
	for (uint32_t w = 0; w < f->nvars; w++)
		if (w != v && f->vars[w].name == f->vars[v].name)
			return 0;	/* two locals of the name: which one a call names is unsure */
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_src *s = f->srcs ? f->srcs + op->src_start : NULL;
		uint32_t fn;

		if (op->kind != OP_DEF || op->a != v)
			continue;
		if (op->flags & OPF_OUTPARAM)
			return 0;
		if (op->src_count != 1 || !s)
			return 0;
		if (s->kind == SRC_CONST &&
		    (!strcmp(sym_str(s->ref), "0") || !strcmp(sym_str(s->ref), "NULL")))
			continue;
		fn = s->kind == SRC_OP ? read_names_function(idx, f, s->ref)
		     : s->kind == SRC_ADDR ? path_names_function(idx, f, s->ref)
					   : IR_NONE;
		if (fn == IR_NONE)
			return 0;
		for (uint32_t k = 0; k < n; k++)
			if (out[k] == fn)
				fn = IR_NONE;
		if (fn == IR_NONE)
			continue;
		if (n == LOCAL_FP_MAX)
			return 0;
		out[n++] = fn;
	}
	if (!n || !local_only_called(f, v))
		return 0;
	return n;
}

/* The local a call op o of f goes through, fn(x) or (*fn)(x), or IR_NONE. */
static uint32_t local_fp_of_call(const struct ir_func *f, uint32_t o)
{
	const struct ir_op *call = &f->ops[o];

	if (call->kind != OP_CALL || call->callee != IR_NONE || (call->flags & OPF_MACRO_LOOP))
		return IR_NONE;
	if (!(call->flags & OPF_INDIRECT)) {
		for (uint32_t v = 0; v < f->nvars; v++)
			if (f->vars[v].name == call->a)
				return f->vars[v].is_param ? IR_NONE : v;
		return IR_NONE;
	}
	/* (*fn)(x): the read of *fn just before the call's arguments */
	for (uint32_t k = o; k-- > 0 && o - k <= 16;) {
		const struct ir_op *op = &f->ops[k];
		const struct ir_path *p;

		if (op->kind != OP_READ || op->a >= f->npaths)
			continue;
		p = &f->paths[op->a];
		if (p->base_kind == BASE_VAR && p->derefs == 1 && p->chain &&
		    !strcmp(sym_str(p->chain), "*") && !f->vars[p->base].is_param &&
		    strlen(sym_str(call->a)) == strlen(sym_str(p->text)) + 2 &&
		    !strncmp(sym_str(call->a) + 1, sym_str(p->text), strlen(sym_str(p->text))))
			return p->base;
	}
	return IR_NONE;
}

/* The functions call op o of f calls through a local pointer, into out; how many. */
static uint32_t local_fp_callees(const struct index *idx, const struct ir_func *f, uint32_t o,
				 uint32_t *out)
{
	uint32_t v = local_fp_of_call(f, o);

	return v == IR_NONE ? 0 : local_fp_values(idx, f, v, out);
}

/* Does source src of f give path p's value or address (a read of it, &p)? */
static bool src_of_path(const struct ir_func *f, const struct ir_src *src, uint32_t p)
{
	return (src->kind == SRC_ADDR && src->ref == p) ||
	       (src->kind == SRC_OP && src->ref < f->nops && f->ops[src->ref].kind == OP_READ &&
		f->ops[src->ref].a == p);
}

/*
 * Is path p of f, naming a function, only the definition of local
 * pointers whose calls are resolved (local_fp_values()), each called at
 * least once?  Then it is no reference that lets the function be called
 * from elsewhere: those calls are its callers.
 */
static bool path_only_local_fp(const struct index *idx, const struct ir_func *f, uint32_t p)
{
	uint32_t tmp[LOCAL_FP_MAX];
	bool any = false;

	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_src *s = f->srcs ? f->srcs + op->src_start : NULL;
		bool here = false, called = false;

		/* a call's own sources are its arguments */
		for (uint32_t i = 0; s && op->kind != OP_CALL && i < op->src_count; i++)
			here |= src_of_path(f, &s[i], p);
		if (op->kind == OP_CALL && f->args)
			for (uint32_t k = 0; k < op_nargs(op); k++) {
				const struct ir_arg *a = &op_args(f, op)[k];
				const struct ir_src *as = arg_srcs(f, a);

				for (uint32_t i = 0; as && i < a->src_count; i++)
					if (src_of_path(f, &as[i], p))
						return false;
			}
		if (!here)
			continue;
		if (op->kind != OP_DEF || op->src_count != 1 || !local_fp_values(idx, f, op->a, tmp))
			return false;
		for (uint32_t c = 0; c < f->nops && !called; c++)
			called = f->ops[c].kind == OP_CALL && local_fp_of_call(f, c) == op->a;
		if (!called)
			return false;
		any = true;
	}
	return any;
}

static void unit_graph_collect(struct index *idx, const struct unit *u, struct unit_graph *g)
{
	for (uint32_t k = 0; k < u->nreferenced; k++) {
		uint32_t n = g->taken.n;

		push_function(idx, u->referenced[k], u->path, &g->taken);
		if (g->taken.n > n) {
			sym_t in = u->referenced_in[k] ? index_struct_of(idx, u->referenced_in[k], NULL)
						       : 0;
			sym_t member = u->referenced_at ? u->referenced_at[k].member : 0;
			const char *t, *dot;
			size_t tn;

			/*
			 * a member of a member (an init-macro's in `.ops = {
			 * MACRO(..) }`): by the innermost struct's own member
			 */
			if (in && member && (dot = strchr(sym_str(member), '.')) != NULL) {
				sym_t key = innermost_key(idx, member_key(in, member));
				const char *ks = key ? sym_str(key) : "", *sep = strstr(ks, "::");

				if (sep && !strchr(sep + 2, '.')) {
					in = intern_n(ks, (size_t)(sep - ks));
					member = intern(sep + 2);
				} else {
					member = 0;
				}
			}

			/* an element of a table of a typedef'd function pointer type */
			if (!in && !member && u->referenced_in[k] &&
			    (t = typedef_spelling(sym_str(u->referenced_in[k]), &tn, true)) &&
			    (in = table_type(t, tn, u->path)) != 0) {
				member = intern("[]");
			}
			vec_push(&g->taken_in, in);
			vec_push(&g->taken_member, member);
			vec_push(&g->taken_store, member_key(in, member));
			vec_push(&g->taken_thread, 0);
			vec_push(&g->taken_lock, 0);
			vec_push(&g->taken_obj, 0);
			/* `static struct notifier_block nb = { .notifier_call = fn }` */
			vec_push(&g->taken_holder,
				 u->referenced_at && u->referenced_at[k].var && member
					 ? holder_name(unit_var_key(u, u->referenced_at[k].var),
						       member)
					 : 0);
		}
	}
	for (uint32_t k = 0; k < u->nexported; k++)
		push_function(idx, u->exported[k], u->path, &g->exported);
	for (uint32_t k = 0; k < u->nfuncs; k++) {
		const struct ir_func *f = &u->funcs[k];

		for (uint32_t o = 0; o < f->nops; o++) {
			uint32_t fp[LOCAL_FP_MAX], nfp;

			if (f->ops[o].kind == OP_CALL && f->ops[o].callee != IR_NONE)
				vec_push(&g->calls, ((struct call_edge){ f->ops[o].callee, f->id, o }));
			/* through a local pointer to known functions: a call of each */
			nfp = f->ops[o].kind == OP_CALL && f->ops[o].callee == IR_NONE
				      ? local_fp_callees(idx, f, o, fp)
				      : 0;
			for (uint32_t t = 0; t < nfp; t++)
				vec_push(&g->calls, ((struct call_edge){ fp[t], f->id, o }));
		}
		collect_member_registrations(f, g);
		/* a function named as a value: foo(cb), x = cb, &cb */
		for (uint32_t p = 0; p < f->npaths; p++) {
			const struct ir_path *pa = &f->paths[p];

			if (pa->base_kind == BASE_GLOBAL && !pa->chain && !pa->key &&
			    !path_only_local_fp(idx, f, p)) {
				uint32_t n = g->taken.n;

				push_function(idx, pa->base, f->file, &g->taken);
				if (g->taken.n > n) {
					uint8_t thread = thread_registration(f, p);
					sym_t lock = callback_registration(idx, u, f, p), in = 0, member = 0;

					/* handed to a function that calls it there and then */
					if (!thread && !lock)
						in = callback_param_slot(idx, f, p, &member);
					vec_push(&g->taken_in, in);
					vec_push(&g->taken_member, member);
					vec_push(&g->taken_store, !thread && !lock && !in
									  ? stored_into(idx, NULL, f, p)
									  : 0);
					vec_push(&g->taken_thread, thread);
					if (thread & REG_SINGLE)
						vec_push(&g->single_starts,
							 ((struct call_edge){ g->taken.v[n], f->id, 0 }));
					vec_push(&g->taken_lock, lock);
					vec_push(&g->taken_obj,
						 thread ? registration_object(f, p) : 0);
					vec_push(&g->taken_holder,
						 !thread && !lock ? stored_into(NULL, NULL, f, p) : 0);
				}
			}
		}
	}
}

/* Does a type's spelling name a lock (spinlock_t, struct mutex, rwlock_t...)? */
static bool lock_type_name(const char *t)
{
	return strcasestr(t, "lock") || strcasestr(t, "mutex") || strcasestr(t, "sem");
}

/*
 * The lock an annotation names, as a path of f: `__must_hold(&dev->lock)`,
 * `__releases(dev->lock)` (sparse's context annotations, written with or
 * without the `&`), `__must_hold(lock)` for a parameter pointing to it, or
 * a global.  Only a variable or a global followed by members: "RCU", "bh"
 * and calls name no lock a path can.
 */
static bool annotation_path(struct unit_ctx *uc, const struct ir_func *f, const char *arg,
			    struct ir_path *out)
{
	char buf[256], chain[260], text[260];
	size_t n = 0, id;
	uint32_t var = IR_NONE;
	sym_t base;
	bool addr = false;

	for (const char *c = arg; *c && n + 1 < sizeof(buf); c++)
		if (*c != ' ' && *c != '\t' && *c != '(' && *c != ')')
			buf[n++] = *c;
	buf[n] = '\0';
	if (buf[0] == '&') {
		addr = true;
		memmove(buf, buf + 1, n--);
	}
	id = strspn(buf, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	if (!id || (buf[0] >= '0' && buf[0] <= '9'))
		return false;
	for (const char *c = buf + id; *c;) {
		size_t m;

		if (c[0] == '-' && c[1] == '>')
			c += 2;
		else if (c[0] == '.')
			c++;
		else
			return false;
		m = strspn(c, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (!m)
			return false;
		c += m;
	}
	base = intern_n(buf, id);
	for (uint32_t v = 0; v < f->nvars; v++)
		if (f->vars[v].name == base && (var == IR_NONE || f->vars[v].is_param))
			var = v;
	memset(out, 0, sizeof(*out));
	snprintf(chain, sizeof(chain), "%s", buf + id);
	snprintf(text, sizeof(text), "%s", buf);
	if (var != IR_NONE) {
		out->base_kind = BASE_VAR;
		out->base = var;
		out->base_type = f->vars[var].type;
		if (!buf[id] && !addr) {
			/* a pointer to the lock: the lock is what it points to */
			snprintf(chain, sizeof(chain), "*");
			snprintf(text, sizeof(text), "*%s", buf);
		}
	} else {
		bool st;
		sym_t gt = global_type(uc, base, &st);

		/*
		 * a global lock itself (&big_lock), not a name sparse uses for a
		 * context of its own (`__releases(local)`) that some global of
		 * the tree happens to share
		 */
		if (buf[id] || !lock_type_name(gt ? sym_str(gt) : sym_str(base)))
			return false;
		out->base_kind = BASE_GLOBAL;
		out->base = base;
	}
	out->chain = intern(chain);
	out->text = intern(text);
	for (const char *c = strstr(chain, "->"); c; c = strstr(c + 2, "->"))
		out->derefs++;
	out->derefs += chain[0] == '*';
	out->flags = PATH_FLAG_ENTRY_HELD;
	return true;
}

/* One path per lock f's annotations say its callers hold (PATH_FLAG_ENTRY_HELD). */
static void annotated_entry_locks(struct unit_ctx *uc, struct ir_func *f)
{
	struct ir_path add[8];
	uint32_t n = 0;

	for (uint32_t i = 0; i < f->nannotations && n < ARRAY_SIZE(add); i++) {
		const char *a = sym_str(f->annotations[i]);
		const char *arg;

		/* as the lowering keeps them: __must_hold(x) is holds(x) */
		if (str_starts(a, "holds("))
			arg = a + strlen("holds(");
		else if (str_starts(a, "releases("))
			arg = a + strlen("releases(");
		else
			continue;
		{
			char one[256];
			size_t len = strlen(arg);

			if (!len || arg[len - 1] != ')' || len >= sizeof(one))
				continue;
			snprintf(one, sizeof(one), "%.*s", (int)(len - 1), arg);
			if (annotation_path(uc, f, one, &add[n]))
				n++;
		}
	}
	if (n && f->npaths + n < IR_NONE - 1) {
		struct ir_path *paths = arena_alloc(&uc->u->arena, sizeof(*paths) * (f->npaths + n));

		copy_n(paths, f->paths, sizeof(*paths) * f->npaths);
		copy_n(paths + f->npaths, add, sizeof(*paths) * n);
		f->paths = paths;
		f->npaths += n;
	}
}

/*
 * An annotation may name a lock by a member the struct no longer has
 * (`__releases(rq->lock)` where the lock is rq->__lock now): no lock of
 * the code's, so not one to hold.  Such a path keeps no entry flag.
 */
static void check_annotated_locks(const struct index *idx, struct ir_func *f)
{
	for (uint32_t p = 0; p < f->npaths; p++) {
		struct ir_path *pa = &f->paths[p];
		const char *k, *sep;
		size_t n;

		if (!(pa->flags & PATH_FLAG_ENTRY_HELD))
			continue;
		k = pa->key ? sym_str(pa->key) : NULL;
		if (!k) {
			/* a parameter pointing to the lock: nothing to look up */
			if (pa->base_kind != BASE_GLOBAL &&
			    (pa->base_kind != BASE_VAR || strcmp(sym_str(pa->chain), "*")))
				pa->flags &= (uint16_t)~PATH_FLAG_ENTRY_HELD;
			continue;
		}
		sep = strstr(k, "::");
		if (!sep || (!str_starts(k, "struct ") && !str_starts(k, "union ")))
			continue;	/* a global's key: the variable itself */
		n = strcspn(sep + 2, ".[");
		if (!index_field_type(idx, intern_n(k, (size_t)(sep - k)), intern_n(sep + 2, n)))
			pa->flags &= (uint16_t)~PATH_FLAG_ENTRY_HELD;
	}
}

static void unit_resolve(void *ctx, uint32_t i, unsigned worker)
{
	struct index *idx = ctx;
	struct unit_ctx uc = { .idx = idx, .u = &idx->units[i] };
	struct unit *u = uc.u;

	/* uses of lock macros become lock ops first: their paths get keys below */
	macro_table_apply(idx->macros, idx, i);

	for (uint32_t g = 0; g < u->nglobals; g++)
		if (u->globals[g].is_static && u->globals[g].type)
			symmap_get_or_put(&uc.statics, u->globals[g].name, u->globals[g].type);
	for (uint32_t k = 0; k < u->nfuncs; k++) {
		struct ir_func *f = &u->funcs[k];

		if (f->nannotations)
			annotated_entry_locks(&uc, f);
		for (uint32_t o = 0; o < f->nops; o++)
			if (resolvable_call(&f->ops[o]))
				f->ops[o].callee = index_lookup_function(idx, f->ops[o].a, f->file);
		for (uint32_t p = 0; p < f->npaths; p++)
			f->paths[p].key = path_key(&uc, f, &f->paths[p]);
		key_element_locks(&uc, f);
		if (f->nannotations)
			check_annotated_locks(idx, f);
	}
	symmap_free(&uc.statics);
	unit_graph_collect(idx, u, &idx->graphs[i]);
}

/* Lock identity: the lock's field key, a global's name, else its text. */
/*
 * A lock reached through embedded structs has one identity whichever way
 * it is reached: vcpu->arch.vgic_cpu.ap_list_lock and vgic_cpu->ap_list_lock
 * are both "struct vgic_cpu::ap_list_lock".  (Data keys keep their outer
 * struct: there the context tells different objects apart.)
 */
static sym_t innermost_key(const struct index *idx, sym_t key)
{
	const char *k = sym_str(key), *sep = strstr(k, "::"), *c;
	char strct[256], field[128], buf[512];
	sym_t s, inner = 0;
	const char *inner_rest = NULL;

	if (!sep || (size_t)(sep - k) >= sizeof(strct) || strpbrk(sep + 2, "[*"))
		return key;
	snprintf(strct, sizeof(strct), "%.*s", (int)(sep - k), k);
	s = intern(strct);
	c = sep + 2;
	while (s) {
		const char *dot = strchr(c, '.');
		sym_t t;

		if (!dot)
			break;
		snprintf(field, sizeof(field), "%.*s", (int)MIN((size_t)(dot - c), sizeof(field) - 1), c);
		t = index_field_type(idx, s, intern(field));
		/* only embedded structs: a pointer starts another object */
		if (!t || strchr(sym_str(t), '*'))
			break;
		s = index_struct_of(idx, t, NULL);
		c = dot + 1;
		if (s) {
			inner = s;
			inner_rest = c;
		}
	}
	if (!inner)
		return key;
	snprintf(buf, sizeof(buf), "%s::%s", sym_str(inner), inner_rest);
	return intern(buf);
}

/*
 * The field a getter returns the address of, on every return, or 0:
 * rq_lockp(rq) returns &rq->__lock, or a core-wide rq's &rq->core->__lock,
 * both "struct rq::__lock".
 */
static sym_t returned_address_key(const struct ir_func *g)
{
	sym_t key = 0;

	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];
		const struct ir_src *s = g->srcs + op->src_start;
		sym_t k = 0;

		if (op->kind != OP_RETURN)
			continue;
		for (uint32_t i = 0; i < op->src_count; i++) {
			if (s[i].how == HOW_BASE)
				continue;
			if (k || s[i].kind != SRC_ADDR || s[i].ref >= g->npaths ||
			    !(k = g->paths[s[i].ref].key))
				return 0;
		}
		if (!k || (key && key != k))
			return 0;
		key = k;
	}
	return key;
}

/*
 * A local the getter's result is kept in (lock = __rq_lockp(rq);
 * raw_spin_lock(lock)): the field every definition of it names, or 0.
 */
static sym_t local_getter_key(const struct index *idx, const struct ir_func *f, uint32_t var)
{
	sym_t key = 0;

	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_src *s = f->srcs + op->src_start;
		const struct ir_func *g;
		sym_t k;

		if (op->kind != OP_DEF || op->a != var)
			continue;
		if (op->src_count != 1 || s->kind != SRC_OP || s->how != HOW_VALUE ||
		    s->ref >= f->nops || f->ops[s->ref].kind != OP_CALL ||
		    !(g = index_callee(idx, &f->ops[s->ref])) || !(k = returned_address_key(g)) ||
		    (key && key != k))
			return 0;
		key = k;
	}
	return key;
}

/*
 * A lock taken through a getter's result (raw_spin_lock(rq_lockp(rq)),
 * lockdep_assert_held(__rq_lockp(rq))): the field the getter returns the
 * address of.  Its text, "*(rq_lockp(rq))", would name a different lock
 * from the rq->__lock its other users take by name.  Also through a local
 * the result is kept in.
 */
static sym_t getter_lock_key(const struct index *idx, const struct ir_func *f, uint32_t path)
{
	const struct ir_path *p = &f->paths[path];
	const char *text = sym_str(p->text);

	if (p->base_kind == BASE_VAR) {
		if (p->base >= f->nvars || f->vars[p->base].is_param || p->derefs != 1 ||
		    strcmp(sym_str(p->chain), "*"))
			return 0;
		return local_getter_key(idx, f, p->base);
	}

	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_func *g;
		size_t n;

		if ((op->kind != OP_LOCK && op->kind != OP_UNLOCK && op->kind != OP_ASSERT_HELD) ||
		    op->a != path)
			continue;
		/* the pointer is computed just before: the getter's call, "*(getter(...))" */
		if (!o || f->ops[o - 1].kind != OP_CALL || (f->ops[o - 1].flags & OPF_INDIRECT))
			return 0;
		n = strlen(sym_str(f->ops[o - 1].a));
		if (strncmp(text, "*(", 2) || strncmp(text + 2, sym_str(f->ops[o - 1].a), n) ||
		    text[2 + n] != '(' || !(g = index_callee(idx, &f->ops[o - 1])))
			return 0;
		return returned_address_key(g);
	}
	return 0;
}

/*
 * May the lock at p have been reached through a getter's result: a
 * pointer computed by a call, or a local holding one?  Its key names at
 * most the lock's type ("raw_spinlock_t::*" for *lock), which every lock
 * of that type shares: the getter says which member it is.
 */
static bool through_getter(const struct ir_path *p)
{
	return (p->base_kind == BASE_EXPR || p->base_kind == BASE_VAR) &&
	       (!p->key || (p->derefs == 1 && !strcmp(sym_str(p->chain), "*")));
}

/*
 * An owner lock taken through a pointer member (lock_sock(strp->sk)): the
 * argument is the object that carries the lock, so the lock is the
 * pointee's, named by its type ("struct sock::*") as the same call on a
 * local or parameter names it -- not the member that holds the pointer.
 * 0 when the member's type is not a pointer to a struct.
 */
static sym_t owner_member_key(const struct index *idx, const struct ir_path *p)
{
	const char *k = sym_str(p->key), *sep = k ? strstr(k, "::") : NULL;
	sym_t type, pointee;
	char buf[256];

	if (!(p->flags & PATH_FLAG_OWNER) || !sep || !strcmp(sep + 2, "*") ||
	    strpbrk(sep + 2, ".[>*"))
		return 0;
	type = index_field_type(idx, intern_n(k, (size_t)(sep - k)), intern(sep + 2));
	if (!type || (pointee = deref_type(type)) == type || !pointee ||
	    !str_starts(sym_str(pointee), "struct "))
		return 0;
	snprintf(buf, sizeof(buf), "%s::*", sym_str(pointee));
	return intern(buf);
}

static sym_t identity_of(void *ctx, const struct ir_func *f, uint32_t path)
{
	const struct ir_path *p = &f->paths[path];
	sym_t k;

	if ((k = owner_member_key(ctx, p)) != 0)
		return k;
	if (through_getter(p) && (k = getter_lock_key(ctx, f, path)) != 0)
		return innermost_key(ctx, k);
	if (p->key)
		return innermost_key(ctx, p->key);
	return p->text;
}

static bool global_identity(sym_t lock)
{
	return strstr(sym_str(lock), "::") != NULL;
}

/* What a call does to the caller's locks: its callee's net effect. */
struct lock_fx {
	struct lock_effect fx[8];
	uint32_t n;
};

/*
 * idx->fx holds one pointer a function, NULL for the many that have no
 * effect: a struct lock_fx each, in two arrays at once while the rounds
 * compare them, was 136 MiB on the whole kernel, the run's peak.
 */
static const struct lock_fx no_fx;

static const struct lock_fx *fx_of(const struct index *idx, uint32_t id)
{
	return idx->fx[id] ? idx->fx[id] : &no_fx;
}

/*
 * Free the effects of `old` that `now` does not share (a round keeps the
 * effect of a function it did not read again by its pointer).
 */
static void fx_free(struct lock_fx **old, struct lock_fx *const *now, uint32_t n)
{
	for (uint32_t id = 0; id < n; id++)
		if (!now || old[id] != now[id])
			free(old[id]);
	free(old);
}

/*
 * A helper that takes, drops or asserts the lock its parameter points to
 * (`static void foo_lock(spinlock_t *l) { spin_lock(l); }`).  Its key,
 * "spinlock_t::*", would name every lock of the type, and two callers of
 * such helpers on unrelated locks would look serialised by one; the effect
 * is on the lock the caller passes instead.  The parameter must keep its
 * value on entry.  A helper that hands its own parameter on to another
 * holds "@param:k" after that call (call_effects), which is the same.
 * Returns the parameter's index + 1, or 0.
 */
#define PARAM_LOCK_PREFIX "@param:"

static uint8_t param_index_plus_one(const struct ir_func *f, uint32_t var)
{
	uint32_t k = 0;

	if (var >= f->nvars || !f->vars[var].is_param)
		return 0;
	for (uint32_t o = 0; o < f->nops; o++)
		if (f->ops[o].kind == OP_DEF && f->ops[o].a == var)
			return 0;
	for (uint32_t v = 0; v < var; v++)
		k += f->vars[v].is_param;
	return k < UINT8_MAX ? (uint8_t)(k + 1) : 0;
}

/*
 * A lock taken through the object that carries it (lock_sock(sk)) is not
 * the caller's argument's lock but the object's: named by the object's
 * type, as the same call in the caller names it, whatever pointer the
 * caller holds the object by (a parameter, a local, container_of()).
 */
static uint8_t pointee_param(const struct ir_func *f, const struct ir_lockitem *it)
{
	const struct ir_path *p;
	const char *name;

	if (it->path == IR_NONE) {
		name = sym_str(it->lock);
		if (!it->lock || !str_starts(name, PARAM_LOCK_PREFIX))
			return 0;
		return (uint8_t)MIN(strtoul(name + strlen(PARAM_LOCK_PREFIX), NULL, 10) + 1,
				    UINT8_MAX);
	}
	if (it->path >= f->npaths)
		return 0;
	p = &f->paths[it->path];
	if (p->base_kind != BASE_VAR || p->derefs != 1 || !p->chain ||
	    strcmp(sym_str(p->chain), "*") || (p->flags & PATH_FLAG_OWNER))
		return 0;
	return param_index_plus_one(f, p->base);
}

/* The lock a call's argument points to, in the caller's names; 0 if unknown. */
static sym_t argument_lock(void *ctx, const struct ir_func *f, const struct ir_op *call,
			   uint8_t param)
{
	const struct ir_arg *a;
	const struct ir_src *s;
	char buf[32];
	uint8_t mine;

	if (!param || param > op_nargs(call) || !f->args)
		return 0;
	a = &op_args(f, call)[param - 1];
	if ((a->flags & ARG_ADDR) && a->path != IR_NONE && a->path < f->npaths)
		return identity_of(ctx, f, a->path);
	s = arg_srcs(f, a);
	if (a->flags & ARG_ADDR || a->src_count != 1 || !s || s->kind != SRC_VAR)
		return 0;
	mine = param_index_plus_one(f, s->ref);
	if (!mine)
		return 0;
	snprintf(buf, sizeof(buf), PARAM_LOCK_PREFIX "%u", mine - 1u);
	return intern(buf);
}

/* Is function `id` defined __noreturn (an annotation meaning noreturn)? */
static bool never_returns(const struct index *idx, uint32_t id)
{
	const struct ir_func *g = index_func(idx, id);

	for (uint32_t i = 0; g && i < g->nannotations; i++)
		if (!strcmp(sym_str(g->annotations[i]), "noreturn"))
			return true;
	return false;
}

static uint32_t call_effects(void *ctx, const struct ir_func *f, const struct ir_op *call,
			     struct lock_effect *out, uint32_t max)
{
	const struct index *idx = ctx;
	const struct lock_fx *e;
	uint32_t n = 0;

	if (call->callee == IR_NONE)
		return 0;
	if (never_returns(idx, call->callee) && max) {
		out[0] = (struct lock_effect){ .acquire = LOCK_FX_NORETURN };
		return 1;
	}
	e = fx_of(idx, call->callee);
	for (uint32_t i = 0; i < e->n && n < max; i++) {
		out[n] = e->fx[i];
		if (out[n].param) {
			out[n].lock = argument_lock(ctx, f, call, out[n].param);
			out[n].param = 0;
			if (!out[n].lock)
				continue;
		}
		n++;
	}
	return n;
}

/*
 * An item's identity: from the path it was taken through, or, for one a
 * callee's effect put there (no path), the identity it came with.
 */
static sym_t effect_identity(const struct index *idx, const struct ir_func *f,
			     const struct ir_lockitem *it)
{
	if (it->path == IR_NONE)
		return it->lock;
	if (it->path >= f->npaths)
		return 0;
	/* through a getter: the field it returns the address of */
	if (through_getter(&f->paths[it->path])) {
		sym_t k = getter_lock_key(idx, f, it->path);

		if (k || !f->paths[it->path].key)
			return innermost_key(idx, k);
	}
	return innermost_key(idx, f->paths[it->path].key);
}

/* Is `lock` held at f's exit for every peer (a lock-all's success)? */
static bool held_for_every(const struct lock_summary *s, sym_t lock)
{
	for (uint32_t i = 0; i < s->nheld; i++)
		if (s->held_at_exit[i].every && s->held_at_exit[i].lock == lock)
			return true;
	return false;
}

/* What f does to its callers' locks, read off its current locksets. */
static void summarize_effects(const struct index *idx, const struct ir_func *f, struct lock_fx *e)
{
	struct lock_summary s;

	e->n = 0;
	cfg_lock_summary(f, &s);
	for (uint32_t j = 0; j < s.nheld && e->n < ARRAY_SIZE(e->fx); j++) {
		const struct ir_lockitem *it = &s.held_at_exit[j];
		sym_t id = effect_identity(idx, f, it);
		uint8_t param = pointee_param(f, it);

		if (param)
			e->fx[e->n++] = (struct lock_effect){ 0, it->kind, it->asserted ? 2 : 1,
							      it->every, param };
		else if (id && global_identity(id))
			e->fx[e->n++] = (struct lock_effect){ id, it->kind, it->asserted ? 2 : 1,
							      it->every, 0 };
	}
	for (uint32_t j = 0; j < s.nreleased && e->n < ARRAY_SIZE(e->fx); j++) {
		const struct ir_lockitem *it = &s.released[j];
		sym_t id = effect_identity(idx, f, it);
		uint8_t param = pointee_param(f, it);

		/*
		 * A lock-all that fails half-way releases the peers it had
		 * locked (by a helper, so it looks like the caller's lock): its
		 * own undo, not a release of anything its caller holds.
		 */
		if (param)
			e->fx[e->n++] = (struct lock_effect){ 0, it->kind, 0, 0, param,
							      s.released_when[j] };
		else if (id && global_identity(id) && !held_for_every(&s, it->lock))
			e->fx[e->n++] = (struct lock_effect){ id, it->kind, 0, 0, 0,
							      s.released_when[j] };
	}
	if (f->locksets && f->locksets[f->exit_lockset].rcu && e->n < ARRAY_SIZE(e->fx))
		e->fx[e->n++] = (struct lock_effect){ 0, LOCK_RCU, 1, 0, 0 };
}

struct effects_pass {
	struct index *idx;
	struct lock_fx **out;
	const uint8_t *touches;		/* per function: its effect is on an every-peer lock */
	const uint8_t *changed;		/* per function: its effect changed */
	const uint8_t *self;		/* per function: read its own effect again */
};

static bool calls_one_of(const struct ir_func *f, const uint8_t *which)
{
	for (uint32_t o = 0; o < f->nops; o++)
		if (f->ops[o].kind == OP_CALL && f->ops[o].callee != IR_NONE &&
		    which[f->ops[o].callee])
			return true;
	return false;
}

static void unit_effects(void *ctx, uint32_t i, unsigned worker)
{
	struct effects_pass *ep = ctx;
	struct unit *u = &ep->idx->units[i];

	for (uint32_t k = 0; k < u->nfuncs; k++) {
		const struct ir_func *f = &u->funcs[k];

		struct lock_fx e;

		if (!ep->touches || calls_one_of(f, ep->touches) || (ep->self && ep->self[f->id])) {
			summarize_effects(ep->idx, f, &e);
			ep->out[f->id] = NULL;
			if (e.n) {
				ep->out[f->id] = xmalloc(sizeof(e));
				*ep->out[f->id] = e;
			}
		} else {
			ep->out[f->id] = ep->idx->fx[f->id];
		}
	}
}

/*
 * lock_resolver.wrapper_op: is the callee a plain wrapper of `lock` -- one
 * take or one drop of it of its own, with no branch around it, and
 * nothing it calls taking or dropping any lock (stricter than "this
 * lock": a callee's effects name locks by its own keys, which need not
 * match) (brcmf-style lock(d) { spin_lock_irqsave(
 * &d->lock, d->flags); })?  1 a take, 0 a drop; -1 when the call does not
 * touch the lock; -2 when it does some other way.
 */
static int wrapper_op(void *ctx, const struct ir_func *f, const struct ir_op *call, sym_t lock)
{
	const struct index *idx = ctx;
	const struct ir_func *g = call->callee != IR_NONE ? index_func(idx, call->callee) : NULL;
	struct lock_effect fx[16];
	uint32_t n;
	int kind = -1;
	bool branchy = false, deep = false, twice = false;

	if (!g)
		return -1;
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];

		if (op->kind == OP_BRANCH)
			branchy = true;
		else if (op->kind == OP_CALL && op->callee != IR_NONE && fx_of(idx, op->callee)->n)
			deep = true;
		else if ((op->kind == OP_LOCK || op->kind == OP_UNLOCK) && op->a < g->npaths &&
			 identity_of(ctx, g, op->a) == lock) {
			twice |= kind >= 0;
			kind = op->kind == OP_LOCK;
		}
	}
	if (kind >= 0)
		return branchy || deep || twice ? -2 : kind;
	n = call_effects(ctx, f, call, fx, ARRAY_SIZE(fx));
	/* an assertion that it is held says nothing of the order */
	for (uint32_t i = 0; i < n; i++)
		if (fx[i].lock == lock && fx[i].acquire != 2)
			return -2;
	return -1;
}

static void unit_locksets(void *ctx, uint32_t i, unsigned worker)
{
	struct effects_pass *ep = ctx;
	struct index *idx = ep->idx;
	struct unit *u = &idx->units[i];
	struct lock_resolver r = { .ctx = idx, .identity = identity_of, .call_effects = call_effects,
				   .wrapper_op = wrapper_op };

	for (uint32_t k = 0; k < u->nfuncs; k++) {
		struct ir_func *f = &u->funcs[k];

		if (!ep->changed || calls_one_of(f, ep->changed))
			cfg_locksets(f, &u->arena, &r);
	}
}

/*
 * The lowering computed every function's locksets from its own lock ops;
 * the index has since turned some calls into lock ops, or named a lock
 * otherwise (macro_table_apply(): OPF_LOCK_MACRO).  Those functions'
 * locksets are computed again before the first effects are read off them,
 * so that a helper taking its lock by a project's macro is a lock helper
 * from the first round, as one calling spin_lock() itself is.
 */
static void unit_macro_locksets(void *ctx, uint32_t i, unsigned worker)
{
	struct effects_pass *ep = ctx;
	struct index *idx = ep->idx;
	struct unit *u = &idx->units[i];
	struct lock_resolver r = { .ctx = idx, .identity = identity_of, .call_effects = call_effects,
				   .wrapper_op = wrapper_op };

	for (uint32_t k = 0; k < u->nfuncs; k++) {
		struct ir_func *f = &u->funcs[k];

		for (uint32_t o = 0; o < f->nops; o++)
			if (f->ops[o].flags & OPF_LOCK_MACRO && f->ops[o].kind != OP_CALL) {
				cfg_locksets(f, &u->arena, &r);
				break;
			}
	}
}

static bool same_effects(const struct lock_fx *a, const struct lock_fx *b)
{
	if (a->n != b->n)
		return false;
	for (uint32_t i = 0; i < a->n; i++)
		if (a->fx[i].lock != b->fx[i].lock || a->fx[i].kind != b->fx[i].kind ||
		    a->fx[i].acquire != b->fx[i].acquire || a->fx[i].every != b->fx[i].every ||
		    a->fx[i].param != b->fx[i].param || a->fx[i].when != b->fx[i].when)
			return false;
	return true;
}

/*
 * Does f take a lock through a getter's result (getter_lock_key())?  Its
 * locksets at lowering named that lock by its text, which the meet of two
 * paths (the queue's own lock by name, the getter's in a loop) dropped:
 * its effect is read again once the index names it.
 */
static bool takes_lock_through_getter(const struct index *idx, const struct ir_func *f)
{
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_path *p;

		if (op->kind != OP_LOCK || op->a >= f->npaths)
			continue;
		p = &f->paths[op->a];
		if (through_getter(p) && getter_lock_key(idx, f, op->a))
			return true;
	}
	return false;
}

/*
 * Which functions' effects are worth reading again through their callers:
 * those on a lock that some helper takes for every peer, those on the
 * lock a parameter points to (a wrapper that hands its lock on, or names
 * it as a field of its argument, takes it for its own callers), and every
 * helper that takes a lock for its caller (lock_mount() -> namespace_lock()
 * -> down_write()).  A helper that only lets a lock go is not followed up
 * its wrappers: those are what a lock dance (drop one lock, take another)
 * is made of, and seeing half of one moves locks wrongly.
 */
static bool acquires_only(const struct lock_fx *e)
{
	for (uint32_t i = 0; i < e->n; i++)
		if (e->fx[i].acquire != 1 || e->fx[i].every)
			return false;
	return e->n > 0;
}

static uint8_t *second_round_effects(const struct index *idx)
{
	uint8_t *touches = xcalloc(idx->nfuncs + 1, 1);
	struct symmap every = {0};

	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		const struct lock_fx *e = fx_of(idx, id);

		for (uint32_t i = 0; i < e->n; i++) {
			if (e->fx[i].param || acquires_only(e))
				touches[id] = 1;
			else if (e->fx[i].every)
				symmap_get_or_put(&every, e->fx[i].lock, 1);
		}
	}
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		const struct lock_fx *e = fx_of(idx, id);

		for (uint32_t i = 0; i < e->n && every.n; i++)
			if (e->fx[i].lock && symmap_get(&every, e->fx[i].lock, 0))
				touches[id] = 1;
	}
	symmap_free(&every);
	return touches;
}

/* how many wrappers deep a lock helper is followed (compute_locksets) */
#define WRAP_ROUNDS 3

/*
 * Lock effects are read off each function's own locksets, so the first
 * round sees only helpers that lock and unlock by themselves.  An
 * unlock-all is often a wrapper (unlock-all -> a loop unlocking each
 * vCPU); unseen, it would leave its callers holding every peer's lock
 * after they let them go, and checks there would pass as locked.  So a
 * second round reads the effects again, off the locksets just computed,
 * for the functions that call a helper taking or dropping a lock some
 * helper takes for every peer, or the lock its argument points to; the
 * callers of those whose effect changed get their locksets again.  Then
 * the wrappers of those whose effect changed are read again, a level a
 * round (a getter's lock is wrapped twice or three times, a subsystem's
 * lock helper by a helper of its own).
 */
static void compute_locksets(struct index *idx)
{
	struct effects_pass ep = { .idx = idx };
	struct lock_fx **again = xcalloc(idx->nfuncs + 1, sizeof(*again));
	uint8_t *changed = xcalloc(idx->nfuncs + 1, 1), *touches, *self;

	idx->fx = xcalloc(idx->nfuncs + 1, sizeof(*idx->fx));
	ep.out = idx->fx;
	pool_run(idx->jobs, idx->nunits, unit_macro_locksets, &ep);
	pool_run(idx->jobs, idx->nunits, unit_effects, &ep);
	pool_run(idx->jobs, idx->nunits, unit_locksets, &ep);
	touches = second_round_effects(idx);
	self = xcalloc(idx->nfuncs + 1, 1);
	for (uint32_t id = 0; id < idx->nfuncs; id++)
		self[id] = takes_lock_through_getter(idx, idx->funcs[id]);
	ep.out = again;
	ep.touches = touches;
	ep.self = self;
	pool_run(idx->jobs, idx->nunits, unit_effects, &ep);
	for (uint32_t id = 0; id < idx->nfuncs; id++)
		changed[id] = !same_effects(fx_of(idx, id), again[id] ? again[id] : &no_fx);
	fx_free(idx->fx, again, idx->nfuncs);
	idx->fx = again;
	ep.changed = changed;
	pool_run(idx->jobs, idx->nunits, unit_locksets, &ep);
	/*
	 * A lock is wrapped twice or three times (rq_lock() ->
	 * raw_spin_rq_lock() -> raw_spin_rq_lock_nested()): the wrappers of
	 * the functions read again above whose effect changed, a getter's
	 * lock or one only taken, are read again, a level a round.
	 */
	for (unsigned round = 0; round < WRAP_ROUNDS; round++) {
		bool any = false;

		for (uint32_t id = 0; id < idx->nfuncs; id++)
			self[id] = changed[id] && (self[id] || acquires_only(fx_of(idx, id)));
		again = xcalloc(idx->nfuncs + 1, sizeof(*again));
		ep.out = again;
		ep.touches = self;
		ep.self = NULL;
		pool_run(idx->jobs, idx->nunits, unit_effects, &ep);
		for (uint32_t id = 0; id < idx->nfuncs; id++) {
			changed[id] = !same_effects(fx_of(idx, id), again[id] ? again[id] : &no_fx);
			self[id] = changed[id];
			any |= changed[id];
		}
		fx_free(idx->fx, again, idx->nfuncs);
		idx->fx = again;
		if (!any)
			break;
		pool_run(idx->jobs, idx->nunits, unit_locksets, &ep);
	}
	fx_free(idx->fx, NULL, idx->nfuncs);
	idx->fx = NULL;
	free(changed);
	free(touches);
	free(self);
}

/* An access through a parameter: what a function summary records. */
static bool param_access(const struct ir_func *f, const struct ir_op *op)
{
	const struct ir_path *p;

	if (op->kind != OP_READ && op->kind != OP_WRITE && op->kind != OP_RMW)
		return false;
	p = &f->paths[op->a];
	return p->base_kind == BASE_VAR && p->base < f->nvars && f->vars[p->base].is_param &&
	       p->derefs;
}

static uint32_t count_param_accesses(const struct ir_func *f)
{
	uint32_t n = 0;

	for (uint32_t o = 0; o < f->nops; o++)
		n += param_access(f, &f->ops[o]);
	return n;
}

static void unit_summaries(void *ctx, uint32_t i, unsigned worker)
{
	struct index *idx = ctx;
	struct unit *u = &idx->units[i];
	size_t total = 0;

	/* one block of the right size: the unit's arena is full since compaction */
	for (uint32_t k = 0; k < u->nfuncs; k++)
		total += arena_rounded(count_param_accesses(&u->funcs[k]) *
				       sizeof(struct param_access));
	arena_presize(&u->arena, total);
	for (uint32_t k = 0; k < u->nfuncs; k++) {
		const struct ir_func *f = &u->funcs[k];
		struct func_info *fi = &idx->info[f->id];
		uint32_t n = count_param_accesses(f);

		if (!n)
			continue;
		fi->params = arena_alloc(&u->arena, n * sizeof(*fi->params));
		for (uint32_t o = 0; o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			const struct ir_path *p;
			struct param_access *pa;

			if (!param_access(f, op))
				continue;
			p = &f->paths[op->a];
			pa = &fi->params[fi->nparams++];
			pa->param = (uint16_t)p->base;
			pa->kind = op->kind;
			pa->mark = op->mark;
			pa->op = o;
			pa->chain = p->chain;
		}
	}
}

/* --- callers-hold (relative) locksets ----------------------------------- */

static bool same_entry(const struct func_info *fi, const struct ir_lockitem *set, uint32_t n)
{
	if (n != fi->nentry)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		const struct ir_lockitem *e = lockset_find(fi->entry, fi->nentry, set[i].lock);

		if (!e || e->every != set[i].every)
			return false;
	}
	return true;
}

/*
 * A lock the caller names through a local ("ssp->sup->gp_mutex"), as the
 * callee names it: through the parameter that local is passed as.  0 when
 * the local is not passed as a plain argument.  Two functions that hold
 * "ssp->sup->gp_mutex" each of their own ssp hold the same lock when the
 * ssp is the same object -- the assumption type-keyed lock identities
 * already make, here for locks whose type the index cannot key (a struct
 * defined twice, once per configuration).
 */
static sym_t lock_through_arg(const struct ir_func *g, const struct ir_op *call,
			      const struct ir_func *callee, sym_t lock)
{
	const char *t = sym_str(lock);
	size_t n = strcspn(t, "-.[");
	char buf[512];

	if (!n || !t[n] || (t[n] == '-' && t[n + 1] != '>'))
		return 0;
	for (uint32_t k = 0; k < op_nargs(call) && k < callee->nparams; k++) {
		const struct ir_arg *a = &g->args[call->src_start + k];
		const struct ir_src *s = g->srcs + a->src_start;

		if (a->src_count != 1 || s->kind != SRC_VAR || s->how != HOW_VALUE ||
		    s->ref >= g->nvars || strlen(sym_str(g->vars[s->ref].name)) != n ||
		    strncmp(sym_str(g->vars[s->ref].name), t, n))
			continue;
		snprintf(buf, sizeof(buf), "%s%s", sym_str(callee->vars[k].name), t + n);
		return intern(buf);
	}
	return 0;
}

struct reg_site {
	struct call_site site;	/* the call that hands the function over */
	uint32_t fn;		/* the function handed over */
	uint32_t next_caller;	/* the caller's next one, or IR_NONE */
	uint32_t slot;		/* the parameter slot it is handed to */
};

struct slot_call {
	uint32_t op, slot;
};

/*
 * Ops-table members and the framework's calls through them.  A driver's
 * shutdown() is named only in its bus_type's initialiser, and the driver
 * core calls it only as dev->bus->shutdown(dev), with the device locked:
 * those calls are its callers, and what they hold it holds.  Only for a
 * function every reference puts in one member (func_info.slot), and a
 * member the scanned code calls through at least once.
 */
struct slot_callers {
	struct symmap by_key;		/* member key -> slot */
	/*
	 * A parameter slot's function put into a member of a struct on the
	 * stack (param_only_called()): the member's key -> the first such
	 * slot, alias_next[slot] the next one with the same member.
	 */
	struct symmap by_member;
	uint32_t *alias_next;
	uint32_t n;
	VEC(struct call_site) *sites;	/* per slot: the calls through it */
	struct u32_vec *funcs;		/* per slot: the functions put in it */
	uint32_t *slot_of;		/* per function: its slot, or IR_NONE */
	uint32_t *slot2_of;		/* per function: its second parameter slot, or IR_NONE */
	const uint32_t *alt_of;		/* per function: the index's (build_alternatives()) */
	/*
	 * A function handed to another that only calls it (a parameter slot,
	 * callback_param_slot(): bus_for_each_dev(bus, data, fn)) runs inside
	 * that call, before it returns: its callers are the calls that hand
	 * it over, holding what their callers hold there, not the iterator's
	 * call through the parameter, which every user of the iterator shares
	 * (one that walks the bus holding the device lock, another holding
	 * nothing).  Per function: its handing-overs, reg_sites[reg_start[id]]
	 * up to reg_start[id + 1] (by function, like calls and call_start);
	 * per function again: the first function it hands over.
	 */
	uint32_t *reg_start;
	uint32_t *handed_first;
	VEC(struct reg_site) reg_sites;
	/*
	 * Every call through a slot, by function and op (calls[call_start[id]]
	 * on): what the fixpoint asks again each time a function's entry
	 * changes, found once.
	 */
	struct slot_call *calls;
	uint32_t *call_start;
};

/* The member key of the function pointer an indirect call reads, or 0. */
static sym_t param_call_key(const struct ir_func *f, uint32_t v)
{
	uint32_t k = param_index(f, v);
	char buf[64];

	if (k == IR_NONE || !param_only_called(f, v))
		return 0;
	snprintf(buf, sizeof(buf), PARAM_SLOT_PREFIX "%u::@%u", f->id, k);
	return intern(buf);
}

/*
 * The member of a struct on f's stack that parameter v is put into, by
 * its key ("struct req::fn"), or 0: the member a store names, or, for an
 * initialiser, the one member of the struct's type declared with v's type.
 */
static sym_t param_member_key(const struct index *idx, const struct ir_func *f, uint32_t v)
{
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		const struct ir_src *s = f->srcs ? f->srcs + op->src_start : NULL;
		uint32_t local, k;
		const struct struct_def *sd;
		sym_t found = 0;
		bool here = false;

		if (op->kind != OP_DEF && op->kind != OP_WRITE)
			continue;
		for (uint32_t i = 0; s && i < op->src_count; i++)
			here |= s[i].kind == SRC_VAR && s[i].ref == v && s[i].how == HOW_VALUE;
		if (!here || (local = stack_struct_store(f, op)) == IR_NONE)
			continue;
		if (op->kind == OP_WRITE)
			return f->paths[op->a].key;
		k = symmap_get(&idx->structs, f->vars[local].type, IR_NONE);
		if (k == IR_NONE || !f->vars[v].type)
			return 0;
		sd = idx->struct_list[k];
		for (uint32_t i = 0; i < sd->nfields; i++) {
			char buf[512];

			if (sd->fields[i].type != f->vars[v].type)
				continue;
			if (found || snprintf(buf, sizeof(buf), "%s::%s", sym_str(f->vars[local].type),
					      sym_str(sd->fields[i].name)) >= (int)sizeof(buf))
				return 0;
			found = intern(buf);
		}
		return found;
	}
	return 0;
}

static sym_t indirect_callee_key(const struct ir_func *f, uint32_t o)
{
	const struct ir_op *call = &f->ops[o];

	if (!(call->flags & OPF_INDIRECT)) {
		/* a call through a function pointer parameter: fn(x) */
		for (uint32_t v = 0; v < f->nvars; v++)
			if (f->vars[v].is_param && f->vars[v].name == call->a)
				return param_call_key(f, v);
		/* a call through a variable holding a table's element */
		for (uint32_t v = 0; v < f->nvars; v++) {
			const char *t;
			size_t n;

			if (f->vars[v].name != call->a || !f->vars[v].type)
				continue;
			t = typedef_spelling(sym_str(f->vars[v].type), &n, false);
			return t ? table_slot_key(t, n, f->file) : 0;
		}
		return 0;
	}
	/* the pointer is read just before the call's arguments */
	for (uint32_t k = o; k-- > 0 && o - k <= 16;) {
		const struct ir_op *op = &f->ops[k];
		const struct ir_path *p;

		/* only an access has a path: a call's `a` is its callee's name */
		if (op->kind != OP_READ || op->a >= f->npaths)
			continue;
		p = &f->paths[op->a];
		if (p->text == call->a)
			return p->key;
		/* (*fn)(x), through a function pointer parameter */
		if (p->base_kind == BASE_VAR && p->derefs == 1 && !strcmp(sym_str(p->chain), "*") &&
		    f->vars[p->base].is_param && strlen(sym_str(call->a)) == strlen(sym_str(p->text)) + 2 &&
		    !strncmp(sym_str(call->a) + 1, sym_str(p->text), strlen(sym_str(p->text))))
			return param_call_key(f, p->base);
	}
	return 0;
}

/* Does argument k of call op o of f name function fn as a value, and only it? */
static bool hands_function(const struct ir_func *f, const struct ir_op *op, uint32_t k, sym_t fn)
{
	const struct ir_arg *a;
	const struct ir_src *s;
	const struct ir_op *r;

	if (k >= op_nargs(op) || !f->args)
		return false;
	a = &op_args(f, op)[k];
	s = arg_srcs(f, a);
	if (a->src_count != 1 || !s || s->kind != SRC_OP || s->ref >= f->nops)
		return false;
	r = &f->ops[s->ref];
	return r->kind == OP_READ && r->a < f->npaths && f->paths[r->a].base_kind == BASE_GLOBAL &&
	       !f->paths[r->a].chain && f->paths[r->a].base == fn;
}

/* The handing-over calls of every function in a parameter slot (see struct slot_callers). */
static void build_reg_sites(struct index *idx, struct slot_callers *sc)
{
	size_t plen = strlen(PARAM_SLOT_PREFIX);

	sc->reg_start = xmalloc(sizeof(uint32_t) * (idx->nfuncs + 1));
	sc->handed_first = xmalloc(sizeof(uint32_t) * (idx->nfuncs + 1));
	for (uint32_t id = 0; id < idx->nfuncs; id++)
		sc->handed_first[id] = IR_NONE;
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		const struct func_info *fi = &idx->info[id];
		const char *slot;
		unsigned gid, k;
		int used = 0;

		/* a function's handing-overs are pushed together, in its turn */
		sc->reg_start[id] = (uint32_t)sc->reg_sites.n;
		if (sc->slot_of[id] == IR_NONE || !fi->slot_known)
			continue;
		for (int which = 0; which < 2; which++) {
			uint32_t s = which ? sc->slot2_of[id] : sc->slot_of[id];

			if (s == IR_NONE)
				continue;
			slot = sym_str(which ? fi->slot2 : fi->slot);
			used = 0;
			if (strncmp(slot, PARAM_SLOT_PREFIX, plen) ||
			    sscanf(slot + plen, "%u::@%u%n", &gid, &k, &used) != 2 || slot[plen + used] ||
			    gid >= idx->nfuncs)
				continue;
			for (uint32_t c = 0; c < idx->info[gid].ncallers; c++) {
				const struct call_site *cs =
					&idx->callers[idx->info[gid].callers_start + c];
				const struct ir_func *f = idx->funcs[cs->caller];
				uint32_t r = (uint32_t)sc->reg_sites.n;

				if (!hands_function(f, &f->ops[cs->op], k, idx->funcs[id]->name))
					continue;
				vec_push(&sc->reg_sites,
					 ((struct reg_site){ *cs, id, sc->handed_first[cs->caller], s }));
				sc->handed_first[cs->caller] = r;
			}
		}
	}
	sc->reg_start[idx->nfuncs] = (uint32_t)sc->reg_sites.n;
}

struct slot_scan {
	const struct index *idx;
	const struct slot_callers *sc;
	VEC(struct slot_call) *out;	/* per block */
	uint32_t *count;		/* per function */
};

/* A block's calls through a slot, in function and op order (pool_run_blocks()). */
static void slot_scan_block(void *ctx, uint32_t b, uint32_t start, uint32_t end)
{
	struct slot_scan *j = ctx;
	const struct index *idx = j->idx;

	for (uint32_t id = start; id < end; id++) {
		const struct ir_func *f = idx->funcs[id];

		for (uint32_t o = 0; o < f->nops; o++) {
			sym_t key;
			uint32_t s;

			if (f->ops[o].kind != OP_CALL || f->ops[o].callee != IR_NONE ||
			    !(key = indirect_callee_key(f, o)))
				continue;
			/*
			 * through an ops table embedded in the object
			 * (tz->ops.get_trend): by the table's own member, the
			 * key an initialiser of the table gives its functions
			 */
			if ((s = symmap_get(&j->sc->by_key, key, IR_NONE)) == IR_NONE &&
			    strchr(sym_str(key), '.'))
				s = symmap_get(&j->sc->by_key, innermost_key(idx, key), IR_NONE);
			if (s != IR_NONE) {
				vec_push(&j->out[b], ((struct slot_call){ o, s }));
				j->count[id]++;
			}
			/* through the member of the struct a slot's function was put in */
			for (s = j->sc->by_member.n ? symmap_get(&j->sc->by_member, key, IR_NONE)
						    : IR_NONE;
			     s != IR_NONE; s = j->sc->alias_next[s]) {
				vec_push(&j->out[b], ((struct slot_call){ o, s }));
				j->count[id]++;
			}
		}
	}
}

/* The member keys of the parameter slots whose parameter is put into a stack struct. */
static void member_aliases(const struct index *idx, struct slot_callers *sc)
{
	size_t plen = strlen(PARAM_SLOT_PREFIX);

	sc->alias_next = xmalloc(sizeof(uint32_t) * (sc->n + 1));
	for (uint32_t s = 0; s < sc->n; s++) {
		const char *slot;
		unsigned gid, k;
		int used = 0;
		uint32_t v;
		sym_t member;

		sc->alias_next[s] = IR_NONE;
		if (!sc->funcs[s].n)
			continue;
		slot = sym_str(sc->slot_of[sc->funcs[s].v[0]] == s ? idx->info[sc->funcs[s].v[0]].slot
								  : idx->info[sc->funcs[s].v[0]].slot2);
		if (strncmp(slot, PARAM_SLOT_PREFIX, plen) ||
		    sscanf(slot + plen, "%u::@%u%n", &gid, &k, &used) != 2 || slot[plen + used] ||
		    gid >= idx->nfuncs)
			continue;
		v = param_var(idx->funcs[gid], k);
		if (v == IR_NONE || !(member = param_member_key(idx, idx->funcs[gid], v)))
			continue;
		sc->alias_next[s] = symmap_get(&sc->by_member, member, IR_NONE);
		symmap_put(&sc->by_member, member, s);
	}
}

static void build_slot_callers(struct index *idx, struct slot_callers *sc)
{
	struct slot_scan j = { idx, sc, NULL, NULL };
	uint32_t nblocks = pool_nblocks(idx->nfuncs), at = 0;

	memset(sc, 0, sizeof(*sc));
	sc->slot_of = xmalloc(sizeof(uint32_t) * (idx->nfuncs + 1));
	sc->slot2_of = xmalloc(sizeof(uint32_t) * (idx->nfuncs + 1));
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		const struct func_info *fi = &idx->info[id];

		sc->slot_of[id] = IR_NONE;
		sc->slot2_of[id] = IR_NONE;
		if (!fi->slot || fi->slot_mixed || fi->exported || idx->funcs[id]->exported)
			continue;
		for (int which = 0; which < 2; which++) {
			sym_t key = which ? fi->slot2 : fi->slot;
			uint32_t s;

			if (!key)
				continue;
			s = symmap_get_or_put(&sc->by_key, key, sc->n);
			if (s == sc->n) {
				sc->n++;
				sc->sites = xrealloc(sc->sites, sizeof(*sc->sites) * sc->n);
				sc->funcs = xrealloc(sc->funcs, sizeof(*sc->funcs) * sc->n);
				memset(&sc->sites[s], 0, sizeof(*sc->sites));
				memset(&sc->funcs[s], 0, sizeof(*sc->funcs));
			}
			if (which)
				sc->slot2_of[id] = s;
			else
				sc->slot_of[id] = s;
			vec_push(&sc->funcs[s], id);
		}
	}
	member_aliases(idx, sc);
	if (!sc->n) {
		build_reg_sites(idx, sc);
		return;
	}
	/* the walk of every call on every worker; the blocks are joined in order */
	j.out = xcalloc(nblocks + 1, sizeof(*j.out));
	j.count = xcalloc(idx->nfuncs + 1, sizeof(uint32_t));
	pool_run_blocks(idx->jobs, idx->nfuncs, slot_scan_block, &j);
	sc->call_start = xmalloc(sizeof(uint32_t) * (idx->nfuncs + 1));
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		sc->call_start[id] = at;
		at += j.count[id];
	}
	sc->call_start[idx->nfuncs] = at;
	sc->calls = xmalloc(sizeof(*sc->calls) * (at + 1));
	at = 0;
	for (uint32_t b = 0; b < nblocks; b++) {
		for (uint32_t i = 0; i < j.out[b].n; i++)
			sc->calls[at++] = j.out[b].v[i];
		vec_free(&j.out[b]);
	}
	free(j.out);
	free(j.count);
	for (uint32_t id = 0; id < idx->nfuncs; id++)
		for (uint32_t i = sc->call_start[id]; i < sc->call_start[id + 1]; i++)
			vec_push(&sc->sites[sc->calls[i].slot],
				 ((struct call_site){ id, sc->calls[i].op }));
	for (uint32_t s = 0; s < sc->n; s++)
		for (uint32_t k = 0; k < sc->funcs[s].n && sc->sites[s].n; k++)
			idx->info[sc->funcs[s].v[k]].slot_known = 1;
	build_reg_sites(idx, sc);
}

static void free_slot_callers(struct slot_callers *sc)
{
	for (uint32_t s = 0; s < sc->n; s++) {
		vec_free(&sc->sites[s]);
		vec_free(&sc->funcs[s]);
	}
	free(sc->sites);
	free(sc->funcs);
	free(sc->slot_of);
	free(sc->slot2_of);
	free(sc->reg_start);
	free(sc->handed_first);
	vec_free(&sc->reg_sites);
	free(sc->calls);
	free(sc->call_start);
	free(sc->alias_next);
	symmap_free(&sc->by_key);
	symmap_free(&sc->by_member);
}

/*
 * How many definitions of a name's chain are looked at for an alternative:
 * names defined once per architecture number a few dozen; a name such as
 * probe has thousands of static definitions, none of them one.
 */
#define ALTERNATIVES_WALK 128

/* A static function of a header that does nothing: reads, writes, calls or locks nothing. */
static bool config_stub(const struct ir_func *f)
{
	if (!f->is_static || !str_ends(sym_str(f->file), ".h"))
		return false;
	for (uint32_t o = 0; o < f->nops; o++)
		if (f->ops[o].kind != OP_RETURN && f->ops[o].kind != OP_USE &&
		    f->ops[o].kind != OP_DEF)
			return false;
	return true;
}

/*
 * The other definition of f's name whose callers f takes as its own, or
 * IR_NONE.  A function defined once per architecture (arch_add_memory() in
 * each arch/X/mm, kvm_arch_vcpu_ioctl_run() in each arch/X/kvm) has the
 * generic code's calls resolved to one of the definitions only; the
 * others look uncalled, and would leave what they call with no
 * caller-held lock at all.  Only one of them is built, where the same
 * calls reach it: the one other architecture's non-static definition
 * that has callers, when there is exactly one, lends them.  (Two
 * configurations' definitions in one file are left alone: the one the
 * calls miss is often a variant whose own callers differ.)
 *
 * So too a definition in another file of the same directory: both
 * non-static, they are never linked together (same_dir()).
 *
 * So too a header's stub for a configuration without the feature
 * (config_stub: `static inline void f(...) {}` under the #else of f's
 * prototype): the calls resolve to it, the file that defines f for real
 * looks uncalled, and it is that definition the calls reach when the
 * feature is built.  The stub, doing nothing, lends it its callers.
 */
/*
 * Are two files in one directory?  Two non-static definitions of one name
 * there cannot be linked into one image: each file is the other's build
 * configuration (mm/sparse.c's hotplug code under !SPARSEMEM_VMEMMAP, the
 * same functions in sparse-vmemmap.c).
 */
static bool same_dir(sym_t a, sym_t b)
{
	const char *x = sym_str(a), *y = sym_str(b), *sx = strrchr(x, '/'), *sy = strrchr(y, '/');

	return sx && sy && sx - x == sy - y && !strncmp(x, y, (size_t)(sx - x));
}

static uint32_t alternative_of(const struct index *idx, uint32_t id)
{
	const struct func_info *fi = &idx->info[id];
	uint32_t found = IR_NONE, steps = 0;
	bool variant = index_in_variant(sym_str(idx->funcs[id]->file));

	if (fi->ncallers || fi->address_taken || fi->exported || idx->file_private[id] ||
	    idx->funcs[id]->exported || config_stub(idx->funcs[id]))
		return IR_NONE;
	for (uint32_t g = symmap_get(&idx->fn_by_name, idx->funcs[id]->name, IR_NONE);
	     g != IR_NONE && steps++ < ALTERNATIVES_WALK; g = idx->fn_next[g]) {
		const struct func_info *gi = &idx->info[g];

		if (g == id || idx->file_private[g] || !gi->ncallers ||
		    !(variant ? index_in_variant(sym_str(idx->funcs[g]->file)) :
				config_stub(idx->funcs[g]) ||
					same_dir(idx->funcs[g]->file, idx->funcs[id]->file)) ||
		    idx->funcs[g]->file == idx->funcs[id]->file)
			continue;
		if (found != IR_NONE || gi->address_taken || gi->exported || idx->funcs[g]->exported)
			return IR_NONE;
		found = g;
	}
	return found;
}

struct alt_job {
	const struct index *idx;
	uint32_t *alt_of;
};

static void alternatives_block(void *ctx, uint32_t b, uint32_t start, uint32_t end)
{
	const struct alt_job *j = ctx;

	(void)b;
	for (uint32_t id = start; id < end; id++)
		j->alt_of[id] = alternative_of(j->idx, id);
}

static void build_alternatives(struct index *idx)
{
	struct alt_job j = { idx, xmalloc(sizeof(uint32_t) * (idx->nfuncs + 1)) };

	pool_run_blocks(idx->jobs, idx->nfuncs, alternatives_block, &j);
	idx->alt_of = j.alt_of;
}

/* How many calls hand function id over to one that calls it there and then. */
static uint32_t nreg_sites(const struct slot_callers *sc, uint32_t id)
{
	return sc->reg_start[id + 1] - sc->reg_start[id];
}

/* The handing-over that is the i-th call of `id` (i past its direct callers). */
static const struct reg_site *reg_site_of(const struct index *idx, const struct slot_callers *sc,
					  uint32_t id, uint32_t i)
{
	return &sc->reg_sites.v[sc->reg_start[id + 1] - 1 - (i - idx->info[id].ncallers)];
}

/*
 * The i-th call of `id`: its direct callers first, then the handing-overs,
 * the calls through its slot, or the calls through the members it is kept
 * in (index_member_calls()).
 */
static const struct call_site *nth_caller(const struct index *idx, const struct slot_callers *sc,
					  uint32_t id, uint32_t i)
{
	const struct func_info *fi = &idx->info[id];

	if (sc->alt_of[id] != IR_NONE)
		return &idx->callers[idx->info[sc->alt_of[id]].callers_start + i];
	if (i < fi->ncallers)
		return &idx->callers[fi->callers_start + i];
	/* the handing-overs, last pushed first (the order the fixpoint always took) */
	if (nreg_sites(sc, id))
		return &reg_site_of(idx, sc, id, i)->site;
	if (!fi->slot_known)
		return index_caller_site(idx, id, i);
	return &sc->sites[sc->slot_of[id]].v[i - fi->ncallers];
}

/*
 * The locks a function handed over runs under inside the function it is
 * handed to: those every call through the parameter holds there (the
 * iterator's own, a file table's lock around each descriptor), each once,
 * in out[] (at most max); returns the count.  They depend on the slot
 * only: entry_update() asks once per slot and adds them to each
 * handing-over site.
 */
static uint32_t iterator_locks(const struct index *idx, const struct slot_callers *sc,
			       uint32_t slot, struct ir_lockitem *out, uint32_t max)
{
	const struct call_site *v = sc->sites[slot].v;
	uint32_t nsites = (uint32_t)sc->sites[slot].n, nl, n = 0;
	const struct ir_lockitem *l;

	if (!nsites)
		return 0;
	l = op_locks(idx->funcs[v[0].caller], &idx->funcs[v[0].caller]->ops[v[0].op], &nl);
	for (uint32_t k = 0; k < nl && n < max; k++) {
		bool every = global_identity(l[k].lock);

		for (uint32_t i = 1; i < nsites && every; i++) {
			const struct ir_func *g = idx->funcs[v[i].caller];
			const struct ir_lockitem *m;
			uint32_t nm;

			m = op_locks(g, &g->ops[v[i].op], &nm);
			every = lockset_find((struct ir_lockitem *)m, nm, l[k].lock) != NULL;
		}
		if (every && !lockset_find(out, n, l[k].lock))
			out[n++] = l[k];
	}
	return n;
}

static uint32_t ncallers_with_slot(const struct index *idx, const struct slot_callers *sc,
				   uint32_t id)
{
	const struct func_info *fi = &idx->info[id];

	if (sc->alt_of[id] != IR_NONE)
		return idx->info[sc->alt_of[id]].ncallers;
	if (nreg_sites(sc, id))
		return fi->ncallers + nreg_sites(sc, id);
	/*
	 * a callback stored into an object's member in code (icm->handler =
	 * fn) and called only through it: those calls are its callers
	 * (build_member_callers()), as an ops table's slot's are
	 */
	if (!fi->slot_known)
		return fi->ncallers + index_member_calls(idx, id);
	return fi->ncallers + sc->sites[sc->slot_of[id]].n;
}

/*
 * An object's owner lock, named by the object's type ("struct sock::*",
 * what lock_sock(sk) or the owner test's false arm holds): the lock of
 * whichever object of the type the code is handed, not one variable's.
 */
static bool owner_lock(sym_t lock)
{
	return !strncmp(sym_str(lock), "struct ", 7) && carried_lock(lock);
}

/*
 * An exported function's entry: the owner locks only.  Its callers in the
 * tree are not all its callers, but a helper a subsystem exports to work
 * on an object its caller owns (the socket layer's "call with the socket
 * locked") is called so by every user, in the tree or out, which is what
 * every seen caller holding that lock shows; a global or member lock its
 * callers happen to hold says no such contract, and taking those gave
 * churn in unrelated code.
 */
static uint32_t owner_locks_only(struct ir_lockitem *l, uint32_t n)
{
	uint32_t m = 0;

	for (uint32_t k = 0; k < n; k++)
		if (owner_lock(l[k].lock))
			l[m++] = l[k];
	return m;
}

/*
 * Exported, and called in the tree: its entry keeps only the object owner
 * locks its seen callers all hold (owner_locks_only()), and entry_known
 * stays unset, since callers out of the tree exist.
 */
static bool exported_known(const struct func_info *fi)
{
	return fi->ncallers && !fi->address_taken && fi->exported;
}

/* how many locks one caller's site, or the callers' intersection, keeps */
#define ENTRY_MAX 64

/*
 * call_on_fresh_objects() of caller c of id, remembered in fresh_site[]
 * (0 not asked yet, 1 no, 2 yes) for a site of index.callers whose callee
 * is id itself: the answer depends on the two bodies only, and the
 * fixpoint asks again every time it revisits id, on one core.
 */
static bool fresh_call_site(const struct index *idx, const struct slot_callers *sc, uint32_t id,
			    uint32_t c, const struct call_site *cs, uint8_t *fresh_site)
{
	const struct ir_func *g = idx->funcs[cs->caller];
	uint8_t *memo = NULL;

	if (sc->alt_of[id] == IR_NONE && c < idx->info[id].ncallers)
		memo = &fresh_site[idx->info[id].callers_start + c];
	if (memo && *memo)
		return *memo == 2;
	if (call_on_fresh_objects(idx, g, cs->op, idx->funcs[id])) {
		if (memo)
			*memo = 2;
		return true;
	}
	if (memo)
		*memo = 1;
	return false;
}

/*
 * Recompute what every caller of `id` holds at its calls.  A caller still
 * unknown (top) constrains nothing yet.  True when the answer changed.
 */
static bool entry_update(struct index *idx, const struct slot_callers *sc, uint32_t id,
			 uint8_t *top, struct ir_lockitem *tmp, uint8_t *fresh_site)
{
	struct func_info *fi = &idx->info[id];
	uint32_t n = 0, ninit = 0, ncallers = ncallers_with_slot(idx, sc, id);
	bool any = false, alone = false, init_callee = init_function(idx, idx->funcs[id]);
	/* what the setup callers hold, for a function that has no other */
	struct ir_lockitem itmp[ENTRY_MAX];
	bool any_init = false;
	/* iterator_locks(), asked at the first handing-over site */
	struct ir_lockitem iter[ENTRY_MAX];
	uint32_t niter = IR_NONE, iter_slot = IR_NONE;
	/*
	 * the calls through a member the profile says its framework calls
	 * holding a lock are that framework's: cb_lock stands for them all,
	 * whatever the dispatcher's own callers are seen to hold
	 */
	if (fi->cb_lock && fi->slot_known &&
	    (fi->cb_bracket || idiom_lookup_sym(fi->slot).kind == ID_CALLBACK_LOCK))
		ncallers = fi->ncallers;

	for (uint32_t c = 0; c < ncallers; c++) {
		const struct call_site *cs = nth_caller(idx, sc, id, c);
		const struct ir_func *g = idx->funcs[cs->caller];
		struct ir_lockitem site[ENTRY_MAX];
		uint32_t ns = 0, nl;
		const struct ir_lockitem *l;

		if (top[cs->caller] && cs->caller != id)
			continue;	/* not known yet: no constraint */
		if (cs->caller == id)
			continue;	/* recursion adds nothing */
		/*
		 * a caller that sets the object up or tears it down runs before
		 * it is shared or after: what it holds constrains nothing, as
		 * long as some other caller runs while it is shared.  A function
		 * called from such callers only (a bus's dma_configure(), called
		 * by the driver core's really_probe() with the device locked)
		 * still holds what they all hold: kept apart in itmp.  So does
		 * a call that hands it only objects the caller has just
		 * allocated (call_on_fresh_objects())
		 */
		bool setup_caller = !init_callee &&
				    (init_function(idx, g) ||
				     fresh_call_site(idx, sc, id, c, cs, fresh_site));

		if (setup_caller && any)
			continue;
		l = op_locks(g, &g->ops[cs->op], &nl);
		for (uint32_t k = 0; k < nl && ns < ENTRY_MAX; k++) {
			sym_t moved;

			if (global_identity(l[k].lock)) {
				site[ns++] = l[k];
			} else if ((moved = lock_through_arg(g, &g->ops[cs->op], idx->funcs[id],
							     l[k].lock)) != 0) {
				site[ns] = l[k];
				site[ns++].lock = moved;
			}
		}
		/* handed over: what the iterator holds around its calls of it, too */
		if (c >= fi->ncallers && nreg_sites(sc, id) && sc->alt_of[id] == IR_NONE) {
			uint32_t slot = reg_site_of(idx, sc, id, c)->slot;

			if (niter == IR_NONE || slot != iter_slot)
				niter = iterator_locks(idx, sc, slot, iter, ENTRY_MAX);
			iter_slot = slot;
			for (uint32_t k = 0; k < niter && ns < ENTRY_MAX; k++)
				if (!lockset_find(site, ns, iter[k].lock))
					site[ns++] = iter[k];
		}
		if (!top[cs->caller]) {
			const struct func_info *gi = &idx->info[cs->caller];

			for (uint32_t k = 0; k < gi->nentry && ns < ENTRY_MAX; k++) {
				struct ir_lockitem e = gi->entry[k];
				struct ir_lockitem *have;

				/* the caller's own callers' lock, renamed once more */
				if (!global_identity(e.lock) &&
				    !(e.lock = lock_through_arg(g, &g->ops[cs->op], idx->funcs[id],
								e.lock)))
					continue;
				have = lockset_find(site, ns, e.lock);
				if (!have)
					site[ns++] = e;
				else
					have->every |= e.every;
			}
		}
		/*
		 * for a setup helper, a boot-time caller (__init) that holds
		 * nothing runs alone, before anything else does; one that takes
		 * a lock around the call says the object is shared there.  (Not
		 * every setup caller: a vCPU's set-up runs while other domains
		 * run, and the state checked may be global.)
		 */
		if (init_callee && !ns && boot_function(idx, g)) {
			alone = true;
			continue;
		}
		if (setup_caller) {
			if (!any_init) {
				copy_n(itmp, site, ns * sizeof(*site));
				ninit = ns;
				any_init = true;
			} else {
				uint32_t m = 0;

				for (uint32_t k = 0; k < ninit; k++) {
					const struct ir_lockitem *at = lockset_find(site, ns, itmp[k].lock);

					if (!at)
						continue;
					itmp[m] = itmp[k];
					itmp[m++].every &= at->every;
				}
				ninit = m;
			}
			continue;
		}
		if (!any) {
			copy_n(tmp, site, ns * sizeof(*site));
			n = ns;
			any = true;
		} else {
			uint32_t m = 0;

			/* every peer's lock only if every caller holds them all */
			for (uint32_t k = 0; k < n; k++) {
				const struct ir_lockitem *at = lockset_find(site, ns, tmp[k].lock);

				if (!at)
					continue;
				tmp[m] = tmp[k];
				tmp[m++].every &= at->every;
			}
			n = m;
		}
		if (!n)
			break;	/* a caller that holds nothing: no later caller adds any */
	}
	if (!any && alone)
		any = true;	/* known: called only where it runs alone, holding nothing */
	if (!any && any_init) {
		/* called from setup or teardown only: what those callers all hold */
		copy_n(tmp, itmp, ninit * sizeof(*itmp));
		n = ninit;
		any = true;
	}
	if (fi->cb_lock) {
		/* the framework that runs it: one more caller, holding its lock */
		const struct ir_lockitem *at = any ? lockset_find(tmp, n, fi->cb_lock) : NULL;

		n = 0;
		if (!any || at) {
			tmp[0] = (struct ir_lockitem){ .lock = fi->cb_lock, .path = IR_NONE,
						       .kind = fi->cb_lock_kind };
			if (at)
				tmp[0] = *at;
			n = 1;
		}
		any = true;
	}
	if (exported_known(fi) && !fi->cb_lock)
		n = owner_locks_only(tmp, n);
	if (!any || (!top[id] && same_entry(fi, tmp, n)))
		return false;
	top[id] = 0;
	free(fi->entry);
	fi->entry = xmalloc(sizeof(*tmp) * (n + 1));
	for (uint32_t k = 0; k < n; k++) {
		fi->entry[k] = tmp[k];
		fi->entry[k].from_caller = 1;
		fi->entry[k].path = IR_NONE;
	}
	fi->nentry = n;
	return true;
}

/*
 * The locks every caller holds, to a fixpoint over the call graph: a
 * worklist, so that a change reaches the callees it affects instead of
 * sending every function of the tree round again.
 */
static void entry_fixpoint(struct index *idx)
{
	struct slot_callers sc;
	uint32_t n = idx->nfuncs, head = 0, count = 0;
	uint8_t *top = xcalloc(n + 1, 1), *queued = xcalloc(n + 1, 1);
	uint32_t *queue = xmalloc(sizeof(uint32_t) * (n + 1));
	struct ir_lockitem *tmp = xmalloc(sizeof(*tmp) * ENTRY_MAX);
	uint8_t *fresh_site = xcalloc(idx->ncallers + 1, 1);
	/* what 20 rounds over every function would cost, at most */
	uint64_t budget = (uint64_t)n * 20;

	/*
	 * the functions each one calls through a local pointer (its calls
	 * with no callee that are some function's callers): their entries
	 * change with its own, as a direct callee's do
	 */
	uint32_t *fp_first = xmalloc(sizeof(uint32_t) * (n + 1));
	struct u32_vec fp_callee = {0}, fp_next = {0};

	for (uint32_t id = 0; id < n; id++)
		fp_first[id] = IR_NONE;
	for (uint32_t id = 0; id < n; id++) {
		const struct func_info *fi = &idx->info[id];

		for (uint32_t c = 0; c < fi->ncallers; c++) {
			const struct call_site *cs = &idx->callers[fi->callers_start + c];

			if (idx->funcs[cs->caller]->ops[cs->op].callee != IR_NONE)
				continue;
			vec_push(&fp_next, fp_first[cs->caller]);
			fp_first[cs->caller] = (uint32_t)fp_callee.n;
			vec_push(&fp_callee, id);
		}
		/* and through the members it is kept in (index_member_calls()) */
		for (uint32_t c = 0; c < index_member_calls(idx, id); c++) {
			const struct call_site *cs = index_caller_site(idx, id, fi->ncallers + c);

			vec_push(&fp_next, fp_first[cs->caller]);
			fp_first[cs->caller] = (uint32_t)fp_callee.n;
			vec_push(&fp_callee, id);
		}
	}
	build_slot_callers(idx, &sc);
	sc.alt_of = idx->alt_of;
	for (uint32_t id = 0; id < n; id++) {
		struct func_info *fi = &idx->info[id];
		uint32_t alt = sc.alt_of[id];

		fi->entry_known = fi->ncallers && !fi->address_taken && !fi->exported;
		top[id] = fi->entry_known || fi->slot_known || fi->cb_lock ||
			  index_member_calls(idx, id) ||
			  (alt != IR_NONE && idx->info[alt].entry_known);
		/*
		 * an exported function starts from nothing held, not from top:
		 * until its callers are known its callees see only the locks it
		 * takes itself, as they did when it had no entry at all
		 */
		if (top[id] || exported_known(fi)) {
			queue[count++] = id;
			queued[id] = 1;
		}
	}
	while (count && budget--) {
		uint32_t id = queue[head];
		const struct ir_func *f = idx->funcs[id];
		const struct slot_call *sl = NULL, *send = NULL;

		head = (head + 1) % n;
		count--;
		queued[id] = 0;
		if (!entry_update(idx, &sc, id, top, tmp, fresh_site))
			continue;
		/* the functions it calls through a local pointer */
		for (uint32_t r = fp_first[id]; r != IR_NONE; r = fp_next.v[r]) {
			uint32_t c = fp_callee.v[r];

			if (c != id && !queued[c]) {
				queue[(head + count++) % n] = c;
				queued[c] = 1;
			}
		}
		/* the functions it hands to one that calls them there and then */
		for (uint32_t r = sc.handed_first[id]; r != IR_NONE; r = sc.reg_sites.v[r].next_caller) {
			uint32_t c = sc.reg_sites.v[r].fn;

			if (c != id && !queued[c]) {
				queue[(head + count++) % n] = c;
				queued[c] = 1;
			}
		}
		if (sc.n) {
			sl = sc.calls + sc.call_start[id];
			send = sc.calls + sc.call_start[id + 1];
		}
		for (uint32_t o = 0; o < f->nops; o++) {
			uint32_t c = f->ops[o].callee, s;

			if (f->ops[o].kind != OP_CALL)
				continue;
			if (c == IR_NONE && sc.n) {
				/* the functions this call may reach through their slot */
				while (sl < send && sl->op < o)
					sl++;
				/* one call may go through a slot and a member alias of others */
				for (; sl < send && sl->op == o; sl++) {
					s = sl->slot;
					for (uint32_t k = 0; k < sc.funcs[s].n; k++) {
						c = sc.funcs[s].v[k];
						if (c != id && !queued[c]) {
							queue[(head + count++) % n] = c;
							queued[c] = 1;
						}
					}
				}
				continue;
			}
			/* a callee whose callers count: all known, or its slot's, or a framework's */
			if (c == IR_NONE || c == id ||
			    !(idx->info[c].entry_known || exported_known(&idx->info[c]) ||
			      idx->info[c].slot_known || idx->info[c].cb_lock ||
			      index_member_calls(idx, c)))
				continue;
			if (!queued[c]) {
				queue[(head + count++) % n] = c;
				queued[c] = 1;
			}
			/* and the other definitions that take c's callers as theirs */
			for (uint32_t g = symmap_get(&idx->fn_by_name, idx->funcs[c]->name, IR_NONE), k = 0;
			     g != IR_NONE && k++ < ALTERNATIVES_WALK; g = idx->fn_next[g]) {
				if (sc.alt_of[g] == c && g != id && !queued[g]) {
					queue[(head + count++) % n] = g;
					queued[g] = 1;
				}
			}
		}
	}
	free_slot_callers(&sc);
	free(fp_first);
	vec_free(&fp_callee);
	vec_free(&fp_next);
	free(top);
	free(fresh_site);
	free(queued);
	free(queue);
	free(tmp);
}

/* --- brackets -------------------------------------------------------- */

/*
 * An ops table one member of which returns holding a lock and another
 * lets it go without taking it (a seq_file's start() locks the table it
 * walks, stop() unlocks it) is a bracket: its framework calls the other
 * members between the two (show(), next()), which hold the lock as a
 * framework's callback does (func_info.cb_lock), whoever calls the
 * framework.  Only for a function every reference of which puts it in one
 * member of such tables, all bracketed by the same lock, and a bracket
 * with one opening member.
 */
#define BRACKET_MIXED ((sym_t)-1)

/* The lock f's effect takes and keeps (of a known identity), or 0. */
static sym_t opens_with(const struct index *idx, uint32_t id, uint8_t *kind)
{
	struct lock_fx e;
	sym_t found = 0;

	summarize_effects(idx, idx->funcs[id], &e);
	for (uint32_t i = 0; i < e.n; i++) {
		const struct lock_effect *x = &e.fx[i];

		if (x->acquire != 1 || x->param || x->every || !x->lock || x->kind == LOCK_RCU ||
		    x->kind == LOCK_SRCU || x->kind == LOCK_READ || !global_identity(x->lock))
			continue;
		if (found && found != x->lock)
			return 0;
		found = x->lock;
		*kind = x->kind;
	}
	return found;
}

static bool closes(const struct index *idx, uint32_t id, sym_t lock)
{
	struct lock_fx e;

	summarize_effects(idx, idx->funcs[id], &e);
	for (uint32_t i = 0; i < e.n; i++)
		if (!e.fx[i].acquire && !e.fx[i].param && e.fx[i].lock == lock)
			return true;
	return false;
}

static void bracketed_members(struct index *idx)
{
	sym_t *br = xcalloc(idx->nfuncs + 1, sizeof(sym_t));
	uint8_t *brk = xcalloc(idx->nfuncs + 1, 1);
	VEC(uint32_t) ids = {0};

	for (uint32_t ui = 0; ui < idx->nunits; ui++) {
		const struct unit *u = &idx->units[ui];

		if (!u->referenced_at)
			continue;
		for (uint32_t k = 0; k < u->nreferenced; k++) {
			uint32_t init = u->referenced_at[k].init, opener = IR_NONE, nopen = 0;
			sym_t lock = 0;
			uint8_t kind = 0;
			bool closed = false;

			/* each initialiser once: from its first reference */
			if (k && u->referenced_at[k - 1].init == init)
				continue;
			ids.n = 0;
			for (uint32_t j = k; j < u->nreferenced && u->referenced_at[j].init == init; j++) {
				uint32_t id = index_lookup_function(idx, u->referenced[j], u->path);

				if (id != IR_NONE && u->referenced_at[j].member && u->referenced_in[j])
					vec_push(&ids, id);
			}
			for (uint32_t j = 0; j < ids.n; j++) {
				uint8_t kd = 0;
				sym_t l = opens_with(idx, ids.v[j], &kd);

				if (!l)
					continue;
				if (lock && l != lock)
					nopen = 2;
				lock = l;
				kind = kd;
				opener = ids.v[j];
				nopen++;
			}
			for (uint32_t j = 0; j < ids.n && nopen == 1; j++)
				closed |= ids.v[j] != opener && closes(idx, ids.v[j], lock);
			for (uint32_t j = 0; j < ids.n; j++) {
				uint32_t id = ids.v[j];
				bool member = nopen == 1 && closed && id != opener && !closes(idx, id, lock);

				if (!member || (br[id] && br[id] != lock))
					br[id] = BRACKET_MIXED;
				else
					br[id] = lock, brk[id] = kind;
			}
		}
	}
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		struct func_info *fi = &idx->info[id];

		if (!br[id] || br[id] == BRACKET_MIXED || !fi->slot || fi->slot_mixed || fi->cb_lock ||
		    fi->exported || idx->funcs[id]->exported)
			continue;
		fi->cb_lock = br[id];
		fi->cb_lock_kind = brk[id];
		fi->cb_bracket = 1;
	}
	vec_free(&ids);
	free(br);
	free(brk);
}

/* --- field table ---------------------------------------------------------- */

/*
 * Within a key, writes come first, then marked reads, then the other
 * reads: a lookup of the writers never walks the reads, which a generated
 * function can make by the ten thousand.
 */
enum { FA_WRITE, FA_MARKED_READ, FA_READ };

/* What is sorted: the key and class, and where the access's record is. */
struct fa_rec {
	sym_t key;
	uint32_t at_cls;	/* at << 2 | FA_* */
};

#define FA_AT_MAX (1u << 30)

static uint64_t fa_sort_key(const struct fa_rec *r)
{
	return (uint64_t)r->key << 2 | (r->at_cls & 3);
}

/*
 * Records are collected in function and op order, so a stable sort by key
 * and class gives the table's order: a radix sort on those 34 bits, a
 * byte at a time, which is linear where qsort of millions of records took
 * a second of a serial phase.
 */
static void sort_fa(struct fa_rec *v, uint32_t n)
{
	struct fa_rec *tmp = xmalloc(sizeof(*tmp) * (n + 1)), *src = v, *dst = tmp;

	for (unsigned shift = 0; shift < 40; shift += 8) {
		uint32_t count[257] = {0};

		for (uint32_t i = 0; i < n; i++)
			count[(fa_sort_key(&src[i]) >> shift & 0xff) + 1]++;
		for (unsigned b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (uint32_t i = 0; i < n; i++)
			dst[count[fa_sort_key(&src[i]) >> shift & 0xff]++] = src[i];
		src = dst;
		dst = src == v ? tmp : v;
	}
	copy_n(v, src, sizeof(*v) * n);
	free(tmp);
}

/*
 * Writes, marked reads, and reads that decide a branch: what the
 * concurrency rules look up by key (writers and their locks, marked
 * peers, the same check made elsewhere).  Plain reads elsewhere are
 * visited per function instead, which keeps the table small.
 */
static bool field_table_wants(const struct ir_op *op)
{
	if (op->kind == OP_WRITE || op->kind == OP_RMW)
		return true;
	return op->kind == OP_READ && (ir_mark_is_marked(op->mark) || (op->flags & OPF_COND));
}

/* What a pass over the units writes: the keys to sort, or the records. */
struct field_pass {
	struct fa_rec *recs;
	const uint32_t *pos;		/* an access's place in the sorted table, by number */
	struct field_access *acc;
};

/*
 * One unit's accesses, in function and op order, numbered from `at`:
 * only counted without a pass; else their keys for the sort, or each
 * access's record at its place in the sorted table.
 */
static uint32_t unit_field_records(const struct unit *u, uint32_t at, const struct field_pass *fp)
{
	uint32_t n = 0;

	for (uint32_t k = 0; k < u->nfuncs; k++) {
		const struct ir_func *f = &u->funcs[k];

		for (uint32_t o = 0; o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			bool marked = ir_mark_is_marked(op->mark);

			if ((op->kind != OP_READ && op->kind != OP_WRITE && op->kind != OP_RMW) ||
			    !field_table_wants(op) || !f->paths[op->a].key)
				continue;
			if (fp && fp->recs) {
				uint32_t cls = op->kind != OP_READ ? FA_WRITE :
					       marked ? FA_MARKED_READ : FA_READ;

				fp->recs[at + n] = (struct fa_rec){ f->paths[op->a].key,
								    (at + n) << 2 | cls };
			}
			if (fp && fp->acc) {
				struct field_access *a = &fp->acc[fp->pos[at + n]];
				const struct ir_src *src = f->srcs + op->src_start;

				*a = (struct field_access){ .func = f->id, .op = o, .marked = marked };
				for (uint32_t i = 0; i < op->src_count && a->nconsts < 2; i++)
					if (src[i].kind == SRC_CONST && src[i].how == HOW_VALUE &&
					    !a->nconsts++)
						a->value = src[i].ref;
			}
			n++;
		}
	}
	return n;
}

/* The passes over the units, made by the workers. */
struct field_collect {
	const struct index *idx;
	uint32_t *start;	/* per unit; a count until the prefix sums */
	struct field_pass pass;
};

static void unit_count_fields(void *ctx, uint32_t i, unsigned worker)
{
	struct field_collect *fc = ctx;

	(void)worker;
	fc->start[i] = unit_field_records(&fc->idx->units[i], 0, NULL);
}

static void unit_fill_fields(void *ctx, uint32_t i, unsigned worker)
{
	struct field_collect *fc = ctx;

	(void)worker;
	unit_field_records(&fc->idx->units[i], fc->start[i], &fc->pass);
}

/*
 * Keys are sorted apart from the records, which are then written straight
 * to their place: the table's build never holds two copies of them.
 */
static void build_field_table(struct index *idx)
{
	struct field_collect fc = { .idx = idx };
	uint64_t total = 0;
	uint32_t n, *pos;
	struct fa_rec *recs;

	fc.start = xmalloc(sizeof(uint32_t) * (idx->nunits + 1));
	pool_run(idx->jobs, idx->nunits, unit_count_fields, &fc);
	for (uint32_t i = 0; i < idx->nunits; i++) {
		uint32_t c = fc.start[i];

		fc.start[i] = (uint32_t)total;
		total += c;
	}
	if (total >= FA_AT_MAX)
		fatal("too many field accesses to index (%llu)", (unsigned long long)total);
	n = (uint32_t)total;
	recs = fc.pass.recs = xmalloc(sizeof(*recs) * (n + 1));
	pool_run(idx->jobs, idx->nunits, unit_fill_fields, &fc);
	sort_fa(recs, n);
	pos = xmalloc(sizeof(*pos) * (n + 1));
	for (uint32_t i = 0; i < n; i++)
		pos[recs[i].at_cls >> 2] = i;
	idx->field_acc = xmalloc(sizeof(*idx->field_acc) * (n + 1));
	fc.pass = (struct field_pass){ .pos = pos, .acc = idx->field_acc };
	pool_run(idx->jobs, idx->nunits, unit_fill_fields, &fc);
	free(fc.start);
	free(pos);
	idx->field_start = xmalloc(sizeof(uint32_t) * (n + 2));
	idx->field_nwrites = xcalloc(n + 2, sizeof(uint32_t));
	idx->field_flags = xcalloc(n + 2, 1);
	idx->nfield_acc = n;
	for (uint32_t i = 0; i < n; i++) {
		const struct fa_rec *r = &recs[i];

		if (i == 0 || r->key != recs[i - 1].key) {
			symmap_put(&idx->fields, r->key, idx->nfield_keys);
			idx->field_start[idx->nfield_keys++] = i;
		}
		{
			uint8_t *fl = &idx->field_flags[idx->nfield_keys - 1];
			bool write = (r->at_cls & 3) == FA_WRITE;

			if (write) {
				*fl |= FIELD_WRITTEN;
				idx->field_nwrites[idx->nfield_keys - 1]++;
			}
			if (idx->field_acc[i].marked)
				*fl |= write ? FIELD_MARKED_WRITE : FIELD_MARKED_READ;
		}
	}
	idx->field_start[idx->nfield_keys] = n;
	free(recs);
	/* as after the call graph: the sort's arrays would stay resident */
	malloc_trim(0);
}

/*
 * Callbacks kept in an object's member and called through it: an
 * expectation's `fn`, filled by the protocol helpers (exp->fn = cb, or an
 * initialiser's .fn = cb) and called only as exp->fn(new, exp).  Those
 * calls are the function's callers, as a direct call is, when every
 * reference to it puts it in such a member and the members' values go
 * nowhere else: every read of them is the pointer a call goes through, a
 * test or a comparison of it (if (exp->fn), a == b, handed to a helper
 * that only compares it), or a copy into another of the function's
 * members.  A member value kept in a local, returned or handed to another
 * function may be called from anywhere: then nothing is known.
 */
#define MEMBER_KEYS 4		/* members one function may be put in */
#define MEMBER_SITES 64		/* calls through them, at most */
#define MEMBER_NONE 0xff	/* a reference that is no member's */

struct member_keys {
	sym_t (*keys)[MEMBER_KEYS];	/* per function */
	uint8_t *n;			/* how many, or MEMBER_NONE */
};

static void note_member_store(struct member_keys *mk, uint32_t id, sym_t key)
{
	if (mk->n[id] == MEMBER_NONE)
		return;
	if (!key) {
		mk->n[id] = MEMBER_NONE;
		return;
	}
	for (uint8_t i = 0; i < mk->n[id]; i++)
		if (mk->keys[id][i] == key)
			return;
	if (mk->n[id] == MEMBER_KEYS) {
		mk->n[id] = MEMBER_NONE;
		return;
	}
	mk->keys[id][mk->n[id]++] = key;
}

/* Is parameter variable v of g only tested or compared (a lookup by the pointer's value)? */
static bool param_only_compared(const struct ir_func *g, uint32_t v)
{
	if (v == IR_NONE)
		return false;
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];

		if (op->kind == OP_CALL) {
			for (uint32_t k = 0; g->args && k < op_nargs(op); k++) {
				const struct ir_arg *a = &op_args(g, op)[k];
				const struct ir_src *s = arg_srcs(g, a);

				for (uint32_t i = 0; s && i < a->src_count; i++)
					if (s[i].kind == SRC_VAR && s[i].ref == v)
						return false;
			}
			continue;
		}
		for (uint32_t i = 0; g->srcs && i < op->src_count; i++) {
			const struct ir_src *s = &g->srcs[op->src_start + i];

			if (s->kind == SRC_VAR && s->ref == v && op->kind != OP_BRANCH &&
			    s->how != HOW_TEST && s->how != HOW_EQUAL && s->how != HOW_COMPARE)
				return false;
		}
	}
	return true;
}

enum { MEV_SITE, MEV_ESCAPE, MEV_COPY, MEV_SERIAL };

struct member_event {
	uint32_t slot;		/* the member, by its index in by_key */
	uint8_t kind;		/* MEV_* */
	uint32_t caller, op;	/* MEV_SITE: the call */
	sym_t dst;		/* MEV_COPY: the member it is copied into */
};

struct member_scan {
	const struct index *idx;
	const struct symmap *by_key;	/* member key -> slot */
	VEC(struct member_event) *out;	/* per block */
};

/* The innermost key of path p's member, when it is one of the scan's, else IR_NONE. */
static uint32_t member_slot(const struct member_scan *j, const struct ir_func *f, uint32_t p)
{
	const char *sep;
	sym_t key;

	if (p >= f->npaths || !(key = f->paths[p].key) || !f->paths[p].chain)
		return IR_NONE;
	/* a member of an embedded struct: by that struct, as the members are */
	if ((sep = strstr(sym_str(key), "::")) && strchr(sep, '.'))
		key = innermost_key(j->idx, key);
	return symmap_get(j->by_key, key, IR_NONE);
}

/*
 * Is argument k of call op the function a serial registration (a work
 * item's, a NAPI poll's: serial_idiom()) makes run, one run at a time?  A
 * thread per call in a loop is a pool, not one context.
 */
static bool serial_registration_arg(const struct ir_op *op, uint32_t k)
{
	struct idiom id;

	if (op->kind != OP_CALL || (op->flags & OPF_INDIRECT) || !op->a)
		return false;
	id = idiom_lookup_sym(op->a);
	if (!serial_idiom(&id) || (id.once && op->loop))
		return false;
	return (int)k == id.loc || (int)k == id.val;
}

/*
 * Read r of f loads a member's function pointer: is every use of it one
 * that neither keeps nor hands on the pointer?  A copy into a member is
 * pushed as MEV_COPY; handed to a serial registration, MEV_SERIAL;
 * whatever else is MEV_ESCAPE.
 */
static void member_read_uses(struct member_scan *j, uint32_t b, const struct ir_func *f,
			     uint32_t r, uint32_t slot)
{
	const struct ir_path *rp = &f->paths[f->ops[r].a];
	bool used = false;

	for (uint32_t o = r + 1; o < f->nops && o <= r + 64; o++) {
		const struct ir_op *op = &f->ops[o];

		if (op->kind == OP_CALL) {
			/* the pointer the call goes through (see indirect_callee_key()) */
			if ((op->flags & OPF_INDIRECT) && op->a == rp->text && o - r <= 16)
				used = true;
			for (uint32_t k = 0; f->args && k < op_nargs(op); k++) {
				const struct ir_arg *a = &op_args(f, op)[k];
				const struct ir_src *s = arg_srcs(f, a);
				const struct ir_func *g;

				for (uint32_t i = 0; s && i < a->src_count; i++) {
					if (s[i].kind != SRC_OP || s[i].ref != r)
						continue;
					used = true;
					if (serial_registration_arg(op, k)) {
						vec_push(&j->out[b], ((struct member_event){
									     slot, MEV_SERIAL, 0, 0, 0 }));
						continue;
					}
					g = op->callee != IR_NONE ? index_func(j->idx, op->callee) : NULL;
					if (!g || !param_only_compared(g, param_var(g, k)))
						goto escape;
				}
			}
			continue;
		}
		for (uint32_t i = 0; f->srcs && i < op->src_count; i++) {
			const struct ir_src *s = &f->srcs[op->src_start + i];
			sym_t dst;

			if (s->kind != SRC_OP || s->ref != r)
				continue;
			used = true;
			if (op->kind == OP_BRANCH || s->how == HOW_TEST || s->how == HOW_EQUAL ||
			    s->how == HOW_COMPARE)
				continue;
			if (op->kind == OP_WRITE && s->how == HOW_VALUE && op->a < f->npaths &&
			    (dst = f->paths[op->a].key) != 0 && f->paths[op->a].chain) {
				vec_push(&j->out[b], ((struct member_event){
							     slot, MEV_COPY, 0, 0,
							     innermost_key(j->idx, dst) }));
				continue;
			}
			goto escape;
		}
	}
	if (used)
		return;
escape:
	vec_push(&j->out[b], ((struct member_event){ slot, MEV_ESCAPE, 0, 0, 0 }));
}

static void member_scan_block(void *ctx, uint32_t b, uint32_t start, uint32_t end)
{
	struct member_scan *j = ctx;

	for (uint32_t id = start; id < end; id++) {
		const struct ir_func *f = j->idx->funcs[id];

		for (uint32_t o = 0; o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			uint32_t slot;
			sym_t key;

			if (op->kind == OP_CALL && op->callee == IR_NONE && (op->flags & OPF_INDIRECT) &&
			    (key = indirect_callee_key(f, o)) != 0 &&
			    (slot = symmap_get(j->by_key, innermost_key(j->idx, key), IR_NONE)) !=
				    IR_NONE)
				vec_push(&j->out[b],
					 ((struct member_event){ slot, MEV_SITE, id, o, 0 }));
			else if (op->kind == OP_READ && (slot = member_slot(j, f, op->a)) != IR_NONE)
				member_read_uses(j, b, f, o, slot);
		}
	}
}

struct member_slot_info {
	VEC(struct call_site) sites;
	struct u32_vec copies;		/* the members its values are copied into */
	bool escapes;
	bool serial;			/* read to be handed to a serial registration */
};

/* idx->member_site_start/member_sites from the members each function is put in */
static void build_member_callers(struct index *idx, struct member_keys *mk)
{
	struct symmap by_key = {0};
	struct member_slot_info *si = NULL;
	uint32_t nslots = 0, nblocks = pool_nblocks(idx->nfuncs), total = 0;
	struct member_scan j = { idx, &by_key, NULL };
	VEC(struct call_site) all = {0};

	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		if (mk->n[id] == MEMBER_NONE || idx->info[id].exported || idx->funcs[id]->exported)
			mk->n[id] = 0;
		for (uint8_t i = 0; i < mk->n[id]; i++)
			if (symmap_get_or_put(&by_key, mk->keys[id][i], nslots) == nslots)
				nslots++;
	}
	idx->member_site_start = xcalloc(idx->nfuncs + 1, sizeof(uint32_t));
	if (nslots) {
		si = xcalloc(nslots, sizeof(*si));
		j.out = xcalloc(nblocks + 1, sizeof(*j.out));
		pool_run_blocks(idx->jobs, idx->nfuncs, member_scan_block, &j);
		for (uint32_t b = 0; b < nblocks; b++) {
			for (uint32_t i = 0; i < j.out[b].n; i++) {
				const struct member_event *e = &j.out[b].v[i];

				if (e->kind == MEV_SITE)
					vec_push(&si[e->slot].sites,
						 ((struct call_site){ e->caller, e->op }));
				else if (e->kind == MEV_COPY)
					vec_push(&si[e->slot].copies, e->dst);
				else if (e->kind == MEV_SERIAL)
					si[e->slot].serial = true;
				else
					si[e->slot].escapes = true;
			}
			vec_free(&j.out[b]);
		}
		free(j.out);
	}
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		uint32_t n = 0;
		/* serial: every member it is kept in is read only for a serial registration */
		bool ok = mk->n[id] > 0, serial = ok;

		idx->member_site_start[id] = total;
		for (uint8_t i = 0; ok && i < mk->n[id]; i++) {
			const struct member_slot_info *m =
				&si[symmap_get(&by_key, mk->keys[id][i], 0)];

			n += (uint32_t)m->sites.n;
			/* a member never read here is called by code out of sight */
			serial &= m->serial;
			ok = !m->escapes && n <= MEMBER_SITES;
			/* copied only into members it is put in itself */
			for (uint32_t c = 0; ok && c < m->copies.n; c++) {
				bool own = false;

				for (uint8_t k = 0; k < mk->n[id]; k++)
					own |= mk->keys[id][k] == m->copies.v[c];
				ok = own;
			}
		}
		/*
		 * Kept only in members whose values go nowhere but to a serial
		 * registration (a NAPI poll put in a vector's member, then
		 * netif_napi_add(.., v->poll)), never called: it is a serial
		 * entry, as if named there.  Called through them as well, the
		 * framework is one more caller the sites do not list.  Kept
		 * also in a member nothing here reads (an ops table a framework
		 * out of sight calls), it may run anywhere.
		 */
		if (ok && serial && !n && !idx->info[id].ncallers)
			idx->info[id].serial_entry = SERIAL_ENTRY_ONE;
		if (!ok || !n || serial)
			continue;
		for (uint8_t i = 0; i < mk->n[id]; i++) {
			const struct member_slot_info *m =
				&si[symmap_get(&by_key, mk->keys[id][i], 0)];

			for (uint32_t k = 0; k < m->sites.n; k++)
				vec_push(&all, m->sites.v[k]);
		}
		total += n;
	}
	idx->member_site_start[idx->nfuncs] = total;
	idx->member_sites = xmalloc(sizeof(*idx->member_sites) * (total + 1));
	for (uint32_t i = 0; i < total; i++)
		idx->member_sites[i] = all.v[i];
	vec_free(&all);
	for (uint32_t s = 0; s < nslots; s++) {
		vec_free(&si[s].sites);
		vec_free(&si[s].copies);
	}
	free(si);
	symmap_free(&by_key);
	free(mk->keys);
	free(mk->n);
}

/* --- build -------------------------------------------------------------- */

/*
 * The next definition of f's name in f's own file, or IR_NONE: the
 * alternatives of an #ifdef (a real helper and its stub), of which a call
 * resolves to one.  A unit's functions have consecutive ids and the name
 * chain runs from later ids to earlier, so they follow each other there.
 */
static uint32_t same_file_alternative(const struct index *idx, uint32_t f)
{
	uint32_t g = idx->fn_next[f];

	return g != IR_NONE && idx->func_file[g] == idx->func_file[f] ? g : IR_NONE;
}

/*
 * One more reference to the function as a value: `ops` is the ops table's
 * struct and `member` the member it initialises, or 0 (named in code,
 * positionally, in something not an ops table).  Only a function every
 * reference puts in one member has a slot.
 */
static void note_slot(struct func_info *fi, sym_t ops, sym_t member)
{
	char buf[512];
	sym_t key;

	if (fi->slot_mixed)
		return;
	if (!ops || !member ||
	    snprintf(buf, sizeof(buf), "%s::%s", sym_str(ops), sym_str(member)) >= (int)sizeof(buf)) {
		fi->slot_mixed = 1;
		fi->slot = 0;
		fi->slot2 = 0;
		return;
	}
	key = intern(buf);
	if (fi->slot && fi->slot != key) {
		/* a second function that only calls it: both their calls are its callers */
		if (!strncmp(sym_str(ops), PARAM_SLOT_PREFIX, strlen(PARAM_SLOT_PREFIX)) &&
		    !strncmp(sym_str(fi->slot), PARAM_SLOT_PREFIX, strlen(PARAM_SLOT_PREFIX)) &&
		    (!fi->slot2 || fi->slot2 == key)) {
			fi->slot2 = key;
			return;
		}
		fi->slot_mixed = 1;
		fi->slot = 0;
		fi->slot2 = 0;
		return;
	}
	fi->slot = key;
}

/*
 * The lock a per-object callback-lock names (`callback-lock lock_sock
 * struct proto_ops set_rcvlowat 0`): the object the callback's parameter
 * ARG points to, keyed by its type as an owner lock is ("struct sock::*",
 * what lock_sock(sk) takes on a `struct sock *sk`); or, with a FIELD
 * (`callback-lock mutex_lock md_personality check_reshape 0
 * reconfig_mutex`), that object's member, keyed as the lock taken on it is
 * ("struct mddev::reconfig_mutex", what mutex_lock(&mddev->reconfig_mutex)
 * takes).  0 when the lock function is no owner lock and no FIELD is
 * named, or the parameter no pointer to a struct.
 */
static sym_t callback_object_lock(const struct ir_func *f, const struct idiom *id, char *buf,
				  size_t size)
{
	const char *t;
	size_t n;

	/* the object's lock: its owner lock, or its member the profile names */
	if ((!id->member && !idiom_lookup_sym(id->held).owner) || id->val < 0 ||
	    (uint32_t)id->val >= f->nparams || !f->vars[id->val].type)
		return 0;
	t = sym_str(f->vars[id->val].type);
	if (!strncmp(t, "const ", 6))
		t += 6;
	n = strlen(t);
	if (!n || t[n - 1] != '*')
		return 0;
	while (n && (t[n - 1] == '*' || t[n - 1] == ' '))
		n--;
	if (strncmp(t, "struct ", 7) || memchr(t, '*', n) ||
	    snprintf(buf, size, "%.*s::%s", (int)n, t, id->member ? sym_str(id->member) : "*") >=
		    (int)size)
		return 0;
	return intern(buf);
}

/*
 * One more reference to fi as a value, handed to the registration (or put
 * in the ops-table member) `name`, 0 for neither: fi runs under the
 * framework's lock only if every reference says the same lock.  The lock
 * is global, or the object one of f's parameters points to.
 */
static void note_callback_lock(struct func_info *fi, const struct ir_func *f, sym_t name)
{
	struct idiom id = name ? idiom_lookup_sym(name) : (struct idiom){ .kind = ID_NONE };
	char buf[256];
	sym_t lock;

	if (fi->cb_mixed)
		return;
	if (id.kind != ID_CALLBACK_LOCK || !id.held ||
	    (id.val >= 0 ? !(lock = callback_object_lock(f, &id, buf, sizeof(buf)))
			 : snprintf(buf, sizeof(buf), "global::%s", sym_str(id.held)) >=
				   (int)sizeof(buf))) {
		fi->cb_mixed = 1;
		return;
	}
	if (id.val < 0)
		lock = intern(buf);
	if (fi->cb_lock && fi->cb_lock != lock) {
		fi->cb_mixed = 1;
		return;
	}
	fi->cb_lock = lock;
	fi->cb_lock_kind = idiom_lookup_sym(id.held).lock;
}

/*
 * Is member `member` of ops struct `ops` one its framework calls holding
 * none of the tree's locks (a profile's unlocked-callback)?
 */
static bool unlocked_member(sym_t ops, sym_t member)
{
	char buf[512];

	if (!ops || !member ||
	    snprintf(buf, sizeof(buf), "%s::%s", sym_str(ops), sym_str(member)) >= (int)sizeof(buf))
		return false;
	return idiom_lookup(buf).kind == ID_UNLOCKED_CALLBACK;
}

/*
 * Member `member` of ops struct `ops` as a "struct T::member party" name when a
 * profile's party-callback declares the other party's requests run it, else 0.
 */
static sym_t party_member(sym_t ops, sym_t member)
{
	char buf[512];

	if (!ops || !member ||
	    snprintf(buf, sizeof(buf), "%s::%s" PARTY_CALLBACK_SUFFIX, sym_str(ops),
		     sym_str(member)) >= (int)sizeof(buf))
		return 0;
	return idiom_lookup(buf).kind == ID_PARTY_CALLBACK ? intern(buf) : 0;
}

/*
 * The callback-lock idiom of member `member` of ops struct `ops`, or 0.
 */
static sym_t member_callback_lock(sym_t ops, sym_t member)
{
	char buf[512];
	sym_t key;

	if (!ops || !member ||
	    snprintf(buf, sizeof(buf), "%s::%s", sym_str(ops), sym_str(member)) >= (int)sizeof(buf))
		return 0;
	key = intern(buf);
	return idiom_lookup_sym(key).kind == ID_CALLBACK_LOCK ? key : 0;
}

/*
 * Do two callback-lock idioms name one lock: the same lock function, on
 * the same argument's object and member (dev_pm_ops suspend and freeze,
 * both the device's mutex)?
 */
static bool same_callback_lock(sym_t a, sym_t b)
{
	struct idiom x = idiom_lookup_sym(a), y = idiom_lookup_sym(b);

	return x.held == y.held && x.val == y.val && x.member == y.member;
}

/* The callers of each function, and which are exported or named as values. */
static void build_call_graph(struct index *idx, struct member_keys *mk)
{
	uint32_t *count = xcalloc(idx->nfuncs + 1, sizeof(uint32_t)), total = 0;
	/* the first definition of each group of alternatives, for the later ones */
	uint32_t *group = xmalloc(sizeof(uint32_t) * (idx->nfuncs + 1));
	/* a table's element (unit_graph_collect) is no ops struct's callback */
	sym_t table = intern("[]");
	/* objects' members registered with a framework's lock: the registering function */
	struct symmap registered = {0};
	/* every unit's single_starts, kept past the units' graphs */
	VEC(struct call_edge) single_starts = {0};
	/*
	 * per function, the callback-lock of the ops-table members it is put
	 * in, when each is one naming the same lock; `table` when not
	 */
	sym_t *member_lock = xcalloc(idx->nfuncs + 1, sizeof(sym_t));

	for (uint32_t id = idx->nfuncs; id-- > 0;)
		group[id] = id;
	for (uint32_t id = idx->nfuncs; id-- > 0;) {
		uint32_t g = same_file_alternative(idx, id);

		if (g != IR_NONE)
			group[g] = group[id];
	}

	/* two registrations of one object with different locks name none */
	for (uint32_t i = 0; i < idx->nunits; i++) {
		const struct unit_graph *g = &idx->graphs[i];

		for (uint32_t k = 0; k < g->reg_holder.n; k++) {
			sym_t was = symmap_get_or_put(&registered, g->reg_holder.v[k],
						      g->reg_callee.v[k]);

			if (was != g->reg_callee.v[k] &&
			    idiom_lookup_sym(was).held !=
				    idiom_lookup_sym(g->reg_callee.v[k]).held)
				symmap_put(&registered, g->reg_holder.v[k], table);
		}
	}
	for (uint32_t i = 0; i < idx->nunits; i++) {
		const struct unit_graph *g = &idx->graphs[i];

		for (uint32_t k = 0; k < g->taken.n; k++) {
			struct func_info *fi = &idx->info[g->taken.v[k]];
			sym_t lock = g->taken_lock.v[k];

			fi->address_taken = 1;
			/* the first ops struct that names it, in unit order */
			if (!fi->callback_of && g->taken_member.v[k] != table &&
			    !(g->taken_member.v[k] && sym_str(g->taken_member.v[k])[0] == '@'))
				fi->callback_of = g->taken_in.v[k];
			note_slot(fi, g->taken_in.v[k], g->taken_member.v[k]);
			note_member_store(mk, g->taken.v[k], g->taken_store.v[k]);
			if (!fi->unlocked_entry)
				fi->unlocked_entry =
					unlocked_member(g->taken_in.v[k], g->taken_member.v[k]);
			if (!fi->party_slot)
				fi->party_slot = party_member(g->taken_in.v[k], g->taken_member.v[k]);
			if (g->taken_thread.v[k] & REG_THREAD)
				fi->refs_thread = 1;
			else
				fi->refs_other = 1;
			if (g->taken_thread.v[k] & REG_SERIAL)
				fi->refs_serial |= REFS_SERIAL;
			else
				fi->refs_unserial |= REFS_SERIAL;
			/*
			 * REFS_SINGLE: a reference that starts the system's one
			 * thread, or not; a second start is a second thread
			 */
			if ((g->taken_thread.v[k] & REG_SINGLE) && !(fi->refs_serial & REFS_SINGLE))
				fi->refs_serial |= REFS_SINGLE;
			else
				fi->refs_unserial |= REFS_SINGLE;
			/* every registration on one member of one type */
			if (!g->taken_obj.v[k] ||
			    (fi->entry_obj && fi->entry_obj != g->taken_obj.v[k]))
				fi->entry_obj_mixed = 1;
			fi->entry_obj = g->taken_obj.v[k];
			/* stored in an object a registration hands to the framework */
			if (!lock && g->taken_holder.v[k])
				lock = symmap_get(&registered, g->taken_holder.v[k], 0);
			/* an ops table's member is judged once every slot is known */
			if (lock || !g->taken_in.v[k] || !g->taken_member.v[k]) {
				note_callback_lock(fi, idx->funcs[g->taken.v[k]], lock);
			} else {
				sym_t *ml = &member_lock[g->taken.v[k]];
				sym_t here = member_callback_lock(g->taken_in.v[k],
								  g->taken_member.v[k]);

				if (!here || (*ml && (*ml == table || !same_callback_lock(*ml, here))))
					*ml = table;
				else if (!*ml)
					*ml = here;
			}
		}
		for (uint32_t k = 0; k < g->exported.n; k++)
			idx->info[g->exported.v[k]].exported = 1;
		for (uint32_t k = 0; k < g->calls.n; k++)
			for (uint32_t a = group[g->calls.v[k].callee]; a != IR_NONE;
			     a = same_file_alternative(idx, a))
				count[a]++;
	}
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		idx->info[id].callers_start = total;
		total += count[id];
		count[id] = 0;
	}
	idx->callers = xmalloc(sizeof(*idx->callers) * (total + 1));
	idx->ncallers = total;
	for (uint32_t i = 0; i < idx->nunits; i++) {
		struct unit_graph *g = &idx->graphs[i];

		for (uint32_t k = 0; k < g->calls.n; k++) {
			const struct call_edge *e = &g->calls.v[k];

			for (uint32_t a = group[e->callee]; a != IR_NONE;
			     a = same_file_alternative(idx, a))
				idx->callers[idx->info[a].callers_start + count[a]++] =
					(struct call_site){ e->caller, e->op };
		}
		vec_free(&g->calls);
		vec_free(&g->taken);
		vec_free(&g->taken_in);
		vec_free(&g->taken_member);
		for (uint32_t k = 0; k < g->single_starts.n; k++)
			vec_push(&single_starts, g->single_starts.v[k]);
		vec_free(&g->single_starts);
		vec_free(&g->taken_thread);
		vec_free(&g->taken_lock);
		vec_free(&g->taken_obj);
		vec_free(&g->taken_holder);
		vec_free(&g->taken_store);
		vec_free(&g->reg_holder);
		vec_free(&g->reg_callee);
		vec_free(&g->exported);
	}
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		struct func_info *fi = &idx->info[id];

		fi->ncallers = count[id];
		/* an ops-table member the framework calls under its lock */
		if (!fi->cb_lock && !fi->cb_mixed && fi->slot && !fi->slot_mixed)
			note_callback_lock(fi, idx->funcs[id], fi->slot);
		/*
		 * put in several members, each of which the framework calls
		 * holding one same lock (a dev_pm_ops freeze and poweroff)
		 */
		else if (!fi->cb_lock && !fi->cb_mixed && fi->slot_mixed && member_lock[id] &&
			 member_lock[id] != table)
			note_callback_lock(fi, idx->funcs[id], member_lock[id]);
		if (fi->cb_mixed)
			fi->cb_lock = 0;
		if (fi->entry_obj_mixed)
			fi->entry_obj = 0;
		fi->thread_entry = fi->refs_thread && !fi->refs_other && !fi->exported &&
				   !idx->funcs[id]->exported;
		/* called directly too, it may run in its caller's context as well */
		fi->serial_entry = (fi->refs_serial & REFS_SERIAL) &&
						   !(fi->refs_unserial & REFS_SERIAL) && !fi->ncallers &&
						   !fi->exported && !idx->funcs[id]->exported
					   ? SERIAL_ENTRY_ONE
					   : 0;
		if (fi->serial_entry && (fi->refs_serial & REFS_SINGLE) &&
		    !(fi->refs_unserial & REFS_SINGLE))
			fi->serial_entry = SERIAL_ENTRY_SINGLE;
	}
	/*
	 * Boot code runs once only where nothing calls it (an initcall): an
	 * __init helper called from a loop, or twice, starts a thread per call
	 */
	for (uint32_t k = 0; k < single_starts.n; k++) {
		const struct call_edge *e = &single_starts.v[k];
		const struct func_info *by = &idx->info[e->caller];

		if (idx->info[e->callee].serial_entry == SERIAL_ENTRY_SINGLE &&
		    (by->ncallers || by->exported))
			idx->info[e->callee].serial_entry = SERIAL_ENTRY_ONE;
	}
	vec_free(&single_starts);
	symmap_free(&registered);
	free(member_lock);
	free(count);
	free(group);
	free(idx->graphs);
	idx->graphs = NULL;
	/*
	 * The edges were small blocks spread through the heap; freed, they
	 * would stay resident through the locksets phase, the run's peak
	 * (1,877 MiB on the kernel instead of 1,835 MiB after the trim).
	 */
	malloc_trim(0);
}

/* The length of the directory prefix, up to a '/', every unit's path shares. */
static uint32_t common_dir_len(const struct unit *units, uint32_t nunits)
{
	const char *first;
	size_t n;

	if (!nunits)
		return 0;
	first = sym_str(units[0].path);
	n = strlen(first);
	for (uint32_t i = 1; i < nunits && n; i++) {
		const char *p = sym_str(units[i].path);
		size_t k = 0;

		while (k < n && p[k] == first[k])
			k++;
		n = k;
	}
	while (n && first[n - 1] != '/')
		n--;
	return (uint32_t)n;
}

void index_build(struct index *idx, struct unit *units, uint32_t nunits, unsigned jobs)
{
	uint32_t n = 0;

	static atomic_uint_fast64_t generations;

	memset(idx, 0, sizeof(*idx));
	idx->generation = atomic_fetch_add(&generations, 1) + 1;
	idx->units = units;
	idx->nunits = nunits;
	idx->jobs = jobs;
	for (uint32_t i = 0; i < nunits; i++)
		n += units[i].nfuncs;
	idx->root_len = common_dir_len(units, nunits);
	idx->funcs = xmalloc(sizeof(*idx->funcs) * (n + 1));
	idx->info = xcalloc(n + 1, sizeof(*idx->info));
	idx->fn_next = xmalloc(sizeof(uint32_t) * (n + 1));
	idx->func_file = xmalloc(sizeof(sym_t) * (n + 1));
	idx->file_private = xmalloc(n + 1);
	for (uint32_t i = 0; i < nunits; i++) {
		struct unit *u = &units[i];

		for (uint32_t k = 0; k < u->nfuncs; k++) {
			struct ir_func *f = &u->funcs[k];

			f->id = idx->nfuncs;
			idx->func_file[idx->nfuncs] = f->file;
			/*
			 * A static function is private to its file -- unless the file
			 * is a header: a static inline there is compiled into every
			 * file that includes it, and includes are not followed.
			 */
			idx->file_private[idx->nfuncs] = f->is_static && !str_ends(sym_str(f->file), ".h");
			/* EXPORT_SYMBOL(name) in the same file */
			for (uint32_t e = 0; e < u->nexported && !f->exported; e++)
				f->exported = u->exported[e] == f->name;
			idx->funcs[idx->nfuncs++] = f;
		}
		for (uint32_t k = 0; k < u->nstructs; k++)
			idx->nstructs++;
	}
	/* later definitions are chained in front; lookups choose by rule */
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		sym_t name = idx->funcs[id]->name;

		idx->fn_next[id] = symmap_get(&idx->fn_by_name, name, IR_NONE);
		symmap_put(&idx->fn_by_name, name, id);
	}
	idx->struct_list = xmalloc(sizeof(*idx->struct_list) * (idx->nstructs + 1));
	idx->alts = xmalloc(sizeof(*idx->alts) * (idx->nstructs + 1));
	idx->alt_first = xmalloc(sizeof(uint32_t) * (idx->nstructs + 1));
	idx->alt_next = xmalloc(sizeof(uint32_t) * (idx->nstructs + 1));
	idx->nstructs = 0;
	for (uint32_t i = 0, nalts = 0; i < nunits; i++) {
		struct unit *u = &units[i];

		for (uint32_t k = 0; k < u->nstructs; k++) {
			uint32_t at = symmap_get_or_put(&idx->structs, u->structs[k].name, idx->nstructs);

			if (at == idx->nstructs) {
				idx->alt_first[idx->nstructs] = IR_NONE;
				idx->struct_list[idx->nstructs++] = &u->structs[k];
			} else if (u->structs[k].nfields) {
				/* in front: the order does not matter, only the set */
				idx->alts[nalts] = &u->structs[k];
				idx->alt_next[nalts] = idx->alt_first[at];
				idx->alt_first[at] = nalts++;
			}
		}
		for (uint32_t k = 0; k < u->ntypedefs; k++)
			if (u->typedefs[k].type)
				if (symmap_get_or_put(&idx->typedefs, u->typedefs[k].name,
						      u->typedefs[k].type) != u->typedefs[k].type) {
					/* another type under a name already known */
					uint32_t head = symmap_get(&idx->typedef_alts,
								   u->typedefs[k].name, IR_NONE);

					if (idx->ntdalt == idx->tdalt_cap) {
						idx->tdalt_cap = idx->tdalt_cap ? 2 * idx->tdalt_cap : 64;
						idx->tdalt_type = xrealloc(idx->tdalt_type,
							sizeof(sym_t) * idx->tdalt_cap);
						idx->tdalt_next = xrealloc(idx->tdalt_next,
							sizeof(uint32_t) * idx->tdalt_cap);
					}
					idx->tdalt_type[idx->ntdalt] = u->typedefs[k].type;
					idx->tdalt_next[idx->ntdalt] = head;
					symmap_put(&idx->typedef_alts, u->typedefs[k].name, idx->ntdalt++);
				}
		for (uint32_t k = 0; k < u->nglobals; k++)
			if (!u->globals[k].is_static && u->globals[k].type)
				symmap_get_or_put(&idx->globals, u->globals[k].name, u->globals[k].type);
	}
	idx->macros = macro_table_build(idx);
	phase_mark("index: tables");
	idx->graphs = xcalloc(nunits + 1, sizeof(*idx->graphs));
	pool_run(jobs, nunits, unit_resolve, idx);
	macro_table_free(idx->macros);
	idx->macros = NULL;
	phase_mark("index: resolve");
	{
		struct member_keys mk = { xcalloc(idx->nfuncs + 1, sizeof(*mk.keys)),
					  xcalloc(idx->nfuncs + 1, 1) };

		build_call_graph(idx, &mk);
		build_member_callers(idx, &mk);
	}
	phase_mark("index: cg build");
	mark_debug_asserts(idx);
	phase_mark("index: cg asserts");
	mark_load_entries(idx);
	phase_mark("index: call graph");
	compute_locksets(idx);
	phase_mark("index: locksets compute");
	bracketed_members(idx);
	phase_mark("index: locksets");
	/*
	 * entry_fixpoint() asks which callers set up or tear down, and a
	 * definition whose calls all resolve to its alternative is called
	 * from where they are (init_function())
	 */
	build_alternatives(idx);
	idx->init_memo = xcalloc(idx->nfuncs + 1, 1);
	idx->context_memo = xcalloc(idx->nfuncs + 1, sizeof(*idx->context_memo));
	entry_fixpoint(idx);
	phase_mark("index: callers hold");
	build_field_table(idx);
	phase_mark("index: field table");
	pool_run(jobs, nunits, unit_summaries, idx);
	phase_mark("index: summaries");
	idx->fresh_memo = xcalloc(idx->nfuncs + 1, 1);
}

void index_free(struct index *idx)
{
	for (uint32_t id = 0; id < idx->nfuncs; id++)
		free(idx->info[id].entry);
	free(idx->funcs);
	free(idx->info);
	free(idx->callers);
	free(idx->member_site_start);
	free(idx->member_sites);
	free(idx->fn_next);
	free(idx->func_file);
	free(idx->file_private);
	free(idx->struct_list);
	free(idx->alts);
	free(idx->alt_first);
	free(idx->alt_next);
	free(idx->field_acc);
	free(idx->field_start);
	free(idx->field_flags);
	free(idx->field_nwrites);
	free(idx->init_memo);
	free(idx->alt_of);
	free(idx->context_memo);
	free(idx->fresh_memo);
	free(idx->load_entry);
	symmap_free(&idx->fn_by_name);
	symmap_free(&idx->structs);
	symmap_free(&idx->typedefs);
	symmap_free(&idx->typedef_alts);
	free(idx->tdalt_type);
	free(idx->tdalt_next);
	symmap_free(&idx->globals);
	symmap_free(&idx->fields);
	memset(idx, 0, sizeof(*idx));
}
