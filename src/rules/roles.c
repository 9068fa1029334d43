/*
 * Objects of one type told apart by the role they are reached through
 * (rules/roles.h): where an access's object comes from, back through
 * locals, callers' arguments and the object a callback was installed on.
 */
#include "rules/roles.h"

#include <stdlib.h>
#include <string.h>

enum { ROLE_EMBEDDED = 1, ROLE_LOADED = 2 };

/* calls up from the access; each function's callers are a fan-out */
#define ROLE_DEPTH 4
#define ROLE_BUDGET 96

static bool role_of_var(const struct index *idx, const struct ir_func *g, const struct ir_src *s,
			unsigned depth, struct roles *r);
static void role_of_param(const struct index *idx, const struct ir_func *g, uint32_t k,
			  unsigned depth, struct roles *r);

static void add_role(struct roles *r, sym_t key, uint8_t kind, uint32_t konst)
{
	if (!key) {
		r->unknown = true;
		return;
	}
	for (uint32_t i = 0; i < r->n; i++)
		if (r->v[i].key == key && r->v[i].kind == kind && r->v[i].konst == konst)
			return;
	if (r->n == ROLE_MAX) {
		r->unknown = true;
		return;
	}
	r->v[r->n++] = (struct role){ key, kind, konst };
}

bool array_load(const struct ir_func *g, const struct ir_op *rd, sym_t *key, uint32_t *konst)
{
	if (rd->kind != OP_READ || rd->a >= g->npaths)
		return false;
	for (uint32_t k = 0; k < rd->src_count; k++) {
		const struct ir_src *x = g->srcs + rd->src_start + k;

		if (x->how != HOW_INDEX)
			continue;
		*key = g->paths[rd->a].key;
		*konst = x->kind == SRC_CONST ? x->ref : IR_NONE;
		return true;
	}
	return false;
}

/* A pointer loaded from an array element (`ring = priv->tx_ring[i]`): that array's role. */
static bool loaded_from_array(const struct ir_func *g, const struct ir_op *rd, struct roles *r)
{
	sym_t key;
	uint32_t konst;

	if (!array_load(g, rd, &key, &konst))
		return false;
	add_role(r, key, ROLE_LOADED, konst);
	return true;
}

/*
 * The one value a definition or argument hands on (its sources other than
 * the address arithmetic that computes it): the object it points to.
 */
static void role_of_value(const struct index *idx, const struct ir_func *g,
			  const struct ir_src *s, uint32_t n, unsigned depth, struct roles *r)
{
	const struct ir_src *v = NULL;

	for (uint32_t i = 0; i < n; i++) {
		if (s[i].how == HOW_BASE || s[i].how == HOW_INDEX)
			continue;
		if (v) {
			r->unknown = true;	/* arithmetic or a choice of two */
			return;
		}
		v = &s[i];
	}
	if (!v) {
		r->unknown = true;
		return;
	}
	switch (v->kind) {
	case SRC_ADDR:
		/*
		 * &priv->rx_ring, &tp->tx_ring[i]: an object inside its owner,
		 * not in an array a member points to (two such members may
		 * point into one array)
		 */
		if (v->ref < g->npaths && g->paths[v->ref].derefs == 1)
			add_role(r, g->paths[v->ref].key, ROLE_EMBEDDED, IR_NONE);
		else
			r->unknown = true;
		return;
	case SRC_OP:
		if (v->ref >= g->nops || !loaded_from_array(g, &g->ops[v->ref], r))
			r->unknown = true;
		return;
	case SRC_VAR:
		if (!role_of_var(idx, g, v, depth, r))
			r->unknown = true;
		return;
	default:
		r->unknown = true;
	}
}

/* A local's or parameter's value here, by each definition that reaches. */
static bool role_of_var(const struct index *idx, const struct ir_func *g, const struct ir_src *s,
			unsigned depth, struct roles *r)
{
	if (!g->reach || !s->defs || s->ref >= g->nvars)
		return false;
	for (uint32_t k = 0; k < s->defs && !r->unknown; k++) {
		uint32_t d = g->reach[s->def_start + k];
		const struct ir_op *def;

		if (d & REACH_ENTRY) {
			if (!g->vars[s->ref].is_param)
				return false;
			role_of_param(idx, g, s->ref, depth, r);
			continue;
		}
		if (d >= g->nops || !r->budget)
			return false;
		r->budget--;
		def = &g->ops[d];
		if (def->kind != OP_DEF || (def->flags & (OPF_COMPOUND | OPF_OUTPARAM)))
			return false;
		role_of_value(idx, g, g->srcs + def->src_start, def->src_count, depth, r);
	}
	return true;
}

/* An argument a call hands on: &o->member, or a value as above. */
static void role_of_arg(const struct index *idx, const struct ir_func *g, const struct ir_arg *a,
			unsigned depth, struct roles *r)
{
	if ((a->flags & ARG_ADDR) && a->path < g->npaths) {
		if (g->paths[a->path].derefs == 1)
			add_role(r, g->paths[a->path].key, ROLE_EMBEDDED, IR_NONE);
		else
			r->unknown = true;
		return;
	}
	role_of_value(idx, g, arg_srcs(g, a), a->src_count, depth, r);
}

/*
 * A call through a member of the very object it hands the callback,
 * `ring->handler(ring, budget)`: the callee's text is the argument's and
 * one member more.
 */
static bool calls_through_own_member(const struct ir_func *g, const struct ir_op *call,
				     const struct ir_arg *a)
{
	const char *fn, *arg, *m;
	size_t n;

	const struct ir_src *s = arg_srcs(g, a);

	if (!(call->flags & OPF_INDIRECT) || (a->flags & ARG_ADDR) || a->src_count != 1 ||
	    s->kind != SRC_VAR || s->ref >= g->nvars)
		return false;
	fn = sym_str(call->a);
	arg = sym_str(g->vars[s->ref].name);
	n = strlen(arg);
	if (!fn || !n || strncmp(fn, arg, n) || strncmp(fn + n, "->", 2))
		return false;
	m = fn + n + 2;
	return *m && !strpbrk(m, "-.[(*");
}

/*
 * Is op w of g a store into a member whose value is anything but a
 * function's name or a constant: a handler copied from another object
 * (`a->handler = b->handler`), which takes b's callback to a?
 */
static bool copies_into(const struct ir_func *g, const struct ir_op *w, sym_t slot)
{
	const struct ir_src *s = g->srcs + w->src_start;

	if (w->kind != OP_WRITE || w->a >= g->npaths || g->paths[w->a].key != slot)
		return false;
	for (uint32_t i = 0; i < w->src_count; i++) {
		const struct ir_op *v;

		if (s[i].how == HOW_BASE || s[i].how == HOW_INDEX || s[i].kind == SRC_CONST)
			continue;
		if (s[i].kind != SRC_OP || s[i].ref >= g->nops)
			return true;
		v = &g->ops[s[i].ref];
		if (v->kind != OP_READ || v->a >= g->npaths ||
		    g->paths[v->a].base_kind != BASE_GLOBAL || g->paths[v->a].derefs)
			return true;
	}
	return false;
}

/* A chain that is one member of the object itself: "->handler" */
static bool own_member(const char *chain)
{
	return chain && !strncmp(chain, "->", 2) && chain[2] && !strpbrk(chain + 2, "-.[(*");
}

/* The store that op o of g, a read of a function's name, hands its value to, or NULL. */
static const struct ir_op *store_of(const struct ir_func *g, uint32_t o)
{
	for (uint32_t x = o + 1; x < g->nops && x < o + 4; x++) {
		const struct ir_src *t = g->srcs + g->ops[x].src_start;

		if (g->ops[x].kind == OP_CALL)
			continue;
		for (uint32_t i = 0; i < g->ops[x].src_count; i++)
			if (t[i].kind == SRC_OP && t[i].ref == o)
				return g->ops[x].kind == OP_WRITE ? &g->ops[x] : NULL;
	}
	return NULL;
}

/*
 * The objects a callback f is installed on: in f's own file (it is static,
 * so nothing else names it), each store of f into a member of an object,
 * `ring->handler = rx_handler`, gives that object's roles.  A store into
 * that member of a value copied from elsewhere in the file leaves them
 * unknown.
 */
static void installed_on(const struct index *idx, const struct ir_func *f, unsigned depth,
			 struct roles *r)
{
	uint32_t lo = f->id, hi = f->id, found = 0;
	sym_t slot = 0;

	/*
	 * static: nothing outside the file names it; and not in an ops table's
	 * initialiser (`static struct ring r0 = { .handler = rx_handler }`),
	 * an install no op of the file makes
	 */
	if (!f->is_static || f->id >= idx->nfuncs || idx->info[f->id].callback_of) {
		r->unknown = true;
		return;
	}
	while (lo > 0 && index_func_file(idx, lo - 1) == f->file)
		lo--;
	while (hi + 1 < idx->nfuncs && index_func_file(idx, hi + 1) == f->file)
		hi++;
	for (uint32_t id = lo; id <= hi && !r->unknown; id++) {
		const struct ir_func *g = index_func(idx, id);

		for (uint32_t o = 0; g && o < g->nops && !r->unknown; o++) {
			const struct ir_op *rd = &g->ops[o], *w;
			const struct ir_src *s;

			if (rd->kind != OP_READ || rd->a >= g->npaths ||
			    g->paths[rd->a].base_kind != BASE_GLOBAL || g->paths[rd->a].base != f->name)
				continue;
			/* f's name, whose value must go into one member of an object */
			w = store_of(g, o);
			/* into a member of the object itself: `ring->handler`, not `ring->ops.handler` */
			if (!w || w->a >= g->npaths || g->paths[w->a].derefs != 1 ||
			    !own_member(sym_str(g->paths[w->a].chain)) ||
			    (slot && g->paths[w->a].key != slot)) {
				r->unknown = true;
				return;
			}
			slot = g->paths[w->a].key;
			s = g->srcs + w->src_start;
			for (uint32_t i = 0; i < w->src_count; i++)
				if (s[i].how == HOW_BASE) {
					if (s[i].kind != SRC_VAR || !role_of_var(idx, g, &s[i], depth, r))
						r->unknown = true;
					found++;
					break;
				}
		}
	}
	if (!found || !slot) {
		r->unknown = true;
		return;
	}
	for (uint32_t id = lo; id <= hi && !r->unknown; id++) {
		const struct ir_func *g = index_func(idx, id);

		for (uint32_t o = 0; g && o < g->nops; o++)
			if (copies_into(g, &g->ops[o], slot)) {
				r->unknown = true;
				return;
			}
	}
}

/*
 * Parameter k of g, from every call of it: its direct callers when they
 * are all known, and the calls through the members a callback is kept in,
 * when each hands the object it calls through (then the object is one
 * the callback was installed on).
 */
static void role_of_param(const struct index *idx, const struct ir_func *g, uint32_t k,
			  unsigned depth, struct roles *r)
{
	const struct func_info *fi;
	uint32_t nm;
	bool installed = false;

	if (!depth || !r->budget || g->id >= idx->nfuncs) {
		r->unknown = true;
		return;
	}
	fi = &idx->info[g->id];
	nm = index_member_calls(idx, g->id);
	if ((!fi->entry_known && !nm) || (!fi->ncallers && !nm) ||
	    (fi->ncallers && !fi->entry_known && fi->address_taken && !nm)) {
		r->unknown = true;
		return;
	}
	for (uint32_t c = 0; c < fi->ncallers + nm && !r->unknown; c++) {
		const struct call_site *cs = index_caller_site(idx, g->id, c);
		const struct ir_func *h;
		const struct ir_arg *a;

		if (!r->budget--) {
			r->unknown = true;
			return;
		}
		a = index_call_arg(idx, cs, k, &h);
		if (!a || cs->caller == g->id) {
			r->unknown = true;
			return;
		}
		if (c >= fi->ncallers) {
			if (!calls_through_own_member(h, &h->ops[cs->op], a)) {
				r->unknown = true;
				return;
			}
			if (!installed)
				installed_on(idx, g, depth - 1, r);
			installed = true;
			continue;
		}
		role_of_arg(idx, h, a, depth - 1, r);
	}
}

bool object_roles(const struct index *idx, const struct ir_func *f, const struct ir_op *op,
		  struct roles *out)
{
	const struct ir_src *s = f->srcs + op->src_start;

	memset(out, 0, sizeof(*out));
	out->budget = ROLE_BUDGET;
	if (!f->reach || !op_has_path(op) || op->a >= f->npaths ||
	    f->paths[op->a].base_kind != BASE_VAR || f->paths[op->a].derefs != 1)
		return false;
	for (uint32_t i = 0; i < op->src_count; i++) {
		if (s[i].how != HOW_BASE)
			continue;
		if (s[i].kind != SRC_VAR || !role_of_var(idx, f, &s[i], ROLE_DEPTH, out))
			out->unknown = true;
		return !out->unknown && out->n;
	}
	return false;
}

size_t member_owner_len(sym_t key)
{
	const char *k = sym_str(key), *sep = strstr(k, "::");

	return sep && !strncmp(k, "struct ", 7) ? (size_t)(sep - k) + 2 : 0;
}

/* "a" and "a.b" (or "a[]"): one member holds the other, so they may be one object */
static bool one_within(const char *a, const char *b)
{
	size_t n = strlen(a);

	return !strncmp(a, b, n) && (b[n] == '.' || b[n] == '[' || b[n] == '-');
}

bool subscripts_differ(uint32_t a, uint32_t b)
{
	const char *x, *y;
	char *ex, *ey;
	unsigned long long vx, vy;
	bool lx, ly;

	if (a == IR_NONE || b == IR_NONE)
		return false;
	x = sym_str(a);
	y = sym_str(b);
	lx = *x >= '0' && *x <= '9';
	ly = *y >= '0' && *y <= '9';
	/* two names: rows of one array named by an enum's members (TX, TX_XDP) */
	if (!lx && !ly)
		return a != b;
	/* a name and a number: the name may stand for that very number */
	if (!lx || !ly)
		return false;
	vx = strtoull(x, &ex, 0);
	vy = strtoull(y, &ey, 0);
	/* a suffix (1U, 2UL) is still the number */
	while (*ex == 'u' || *ex == 'U' || *ex == 'l' || *ex == 'L')
		ex++;
	while (*ey == 'u' || *ey == 'U' || *ey == 'l' || *ey == 'L')
		ey++;
	return !*ex && !*ey && vx != vy;
}

static bool role_pair_differs(const struct role *a, const struct role *b)
{
	size_t n;

	if (a->kind != b->kind)
		return false;	/* an embedded object may be what a pointer points to */
	if (a->key == b->key)
		return subscripts_differ(a->konst, b->konst);
	n = member_owner_len(a->key);
	if (!n || n != member_owner_len(b->key) || strncmp(sym_str(a->key), sym_str(b->key), n))
		return false;
	return !one_within(sym_str(a->key) + n, sym_str(b->key) + n) &&
	       !one_within(sym_str(b->key) + n, sym_str(a->key) + n);
}

bool roles_differ(const struct roles *a, const struct roles *b)
{
	if (a->unknown || b->unknown || !a->n || !b->n)
		return false;
	for (uint32_t i = 0; i < a->n; i++)
		for (uint32_t j = 0; j < b->n; j++)
			if (!role_pair_differs(&a->v[i], &b->v[j]))
				return false;
	return true;
}
