#include "index/flow.h"
#include "index/writers.h"
#include "ir/analysis.h"
#include "profile/idioms.h"
#include "profile/profile.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLOW_DEPTH 3

struct walk {
	const struct index *idx;
	const struct profile_set *prof;
	struct impact_reach *best;
	unsigned visits;
	/*
	 * The value is one another thread stores, read without its lock (a
	 * data race), not bytes the other side chose: each value it can be is
	 * one the program wrote.  A pointer read so is a valid pointer, old or
	 * new, unless a writer stores NULL; a loop bound changes how often a
	 * loop runs, not where it reads.  An index, an offset or a size still
	 * reaches memory: a stale or torn one can pass a check and overflow.
	 */
	bool racing;
	enum racing_null nul;	/* racing: which writers store NULL (flow.h) */
	/* racing: the read the walk starts from */
	uint32_t start_func, start_op;
	/*
	 * racing: the value is a pointer.  What a helper returns from it is
	 * then what it finds behind it (a size kept in the object's slab, a
	 * page's flags): the kernel's data, not the value read in the race.
	 * (Of any racing value, a helper's result is the helper's answer.)
	 */
	bool pointer;
	/*
	 * Only what happens from op `after` of function `after_func` on counts
	 * (a stale snapshot hurts where it is used after the check, not
	 * before); `mute` is set while the walk is at an op before it, in that
	 * function or in what it calls there.
	 */
	bool has_after, mute;
	bool nonnull_before;	/* dereferenced before `after`: not NULL from there */
	uint32_t after_func, after;
	/*
	 * racing: the first dereference (with a live NULL store) and the first use
	 * as an index or offset, judged once the walk knows whether the value
	 * is tested on the way.
	 */
	bool deref_seen, index_seen;
	struct reach_site deref, index;
	/*
	 * racing: the last bound test (<, >=: not a test for zero) of the
	 * value inside a callee it was passed to, IR_NONE before one.  There
	 * the value is the callee's own copy: the compiler may load the field
	 * again where the plain read is, never inside a function the value
	 * went into as an argument.  Kept while the walk is in that callee
	 * or below it; index_param_bounded: the first index use came there.
	 */
	uint32_t param_test_func;
	bool index_param_bounded;
	/*
	 * The value is the later of two fetches of the same bytes (a double
	 * fetch): only what the value itself becomes counts -- a size, an
	 * index, an offset, a pointer -- not what a helper computes from it
	 * (a lookup by id returns an object of the kernel's), and a value
	 * masked or clamped is bounded.  test_op: the first branch on the
	 * value in the function it was fetched in, IR_NONE before one.
	 */
	bool refetch;
	/* refetch: a fetch into *param does not take the walk into the caller */
	bool stay;
	/*
	 * refetch, for the why: a helper in sight the value is handed to uses
	 * it only if it does (walked_into()), not by being called
	 */
	bool deep_use;
	uint32_t test_op, test_func;
	/*
	 * refetch: the call that brought the walk into the function the value
	 * was fetched in (the finding's own chain), and the parameter a store
	 * of the value went through (*out = copy) -- the walk goes on in that
	 * caller, with the object the argument points to (up_param, IR_NONE
	 * while none).
	 */
	const struct call_site *up;
	uint32_t up_param;
	bool returned;		/* the walk is in that caller now, or below it */
	/* the members the stores through the parameter wrote ("->len"; "*": all) */
	sym_t up_chains[8];
	uint32_t nup_chains;
	/*
	 * refetch: the member of the fetched data that was read twice ("len",
	 * "hdr.len"), or 0 for all of it: of a whole copy, only those bytes
	 * are the value read again.
	 */
	sym_t part;
	/*
	 * A store through the buffer into that part (same->count = count):
	 * reads after it see the kernel's value, not the fetched one.
	 */
	uint32_t part_kill;
	/*
	 * Only an execution that also runs op `through` of the function the
	 * walk starts in counts (fetched_value_used_with): an op there that
	 * cannot run with it is passed over, with what it calls and defines.
	 */
	bool has_through;
	uint32_t through;
	/*
	 * and the ops there that tests of one unchanged local keep apart
	 * from it (ops_excluded_by_tests()), or NULL
	 */
	uint32_t through_func;
	const uint8_t *excluded;
};

static void remember(struct reach_site *at, bool *seen, const struct ir_func *f, uint32_t op,
		     const char *what, const char *text)
{
	if (*seen)
		return;
	*seen = true;
	at->func = f->id;
	at->op = op;
	if (text)
		snprintf(at->why, sizeof(at->why), "%s (%s)", what, text);
	else
		snprintf(at->why, sizeof(at->why), "%s", what);
}

/* remember(), but not at an op before where the walk counts from */
static void remember_unless_muted(const struct walk *w, struct reach_site *at, bool *seen,
				  const struct ir_func *f, uint32_t op, const char *what,
				  const char *text)
{
	if (!w->mute)
		remember(at, seen, f, op, what, text);
}

/* The first use of a racing value as an index: and whether a callee's own test bounds it. */
static void remember_index(struct walk *w, const struct ir_func *f, uint32_t op,
			   const char *what, const char *text)
{
	bool first = !w->index_seen;

	remember_unless_muted(w, &w->index, &w->index_seen, f, op, what, text);
	if (first && w->index_seen)
		w->index_param_bounded = w->param_test_func != IR_NONE;
}

static void consider(struct walk *w, uint8_t impact, const struct ir_func *f, uint32_t op,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void consider(struct walk *w, uint8_t impact, const struct ir_func *f, uint32_t op,
		     const char *fmt, ...)
{
	struct impact_reach *b = w->best;
	va_list ap;
	char why[160];

	if (impact < b->impact || w->mute)
		return;
	b->only_text = false;
	b->only_output = false;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (impact > b->impact) {
		b->impact = impact;
		b->func = f->id;
		b->op = op;
		snprintf(b->why, sizeof(b->why), "%s", why);
		b->nsites = 0;
	}
	for (uint32_t i = 0; i < b->nsites; i++)
		if (b->sites[i].func == f->id && b->sites[i].op == op)
			return;
	if (b->nsites < REACH_SITES) {
		b->sites[b->nsites].func = f->id;
		b->sites[b->nsites].op = op;
		snprintf(b->sites[b->nsites].why, sizeof(b->sites[0].why), "%s", why);
		b->nsites++;
	}
}

/*
 * consider() for a benign value that reaches only output: a trace or a
 * text it is formatted into (text), or a check production builds compile
 * out (VM_BUG_ON()).  Output only (only_output), and for text only_text
 * too, while nothing else the walk finds says more.
 */
static void consider_output(struct walk *w, const struct ir_func *f, uint32_t o, bool text,
			    const char *fmt, sym_t name) __attribute__((format(printf, 5, 0)));
static void consider_output(struct walk *w, const struct ir_func *f, uint32_t o, bool text,
			    const char *fmt, sym_t name)
{
	bool fresh = text && (w->best->impact < IMPACT_BENIGN || w->best->only_text);
	bool output = w->best->impact < IMPACT_BENIGN || w->best->only_output;

	consider(w, IMPACT_BENIGN, f, o, fmt, sym_str(name));
	if (w->mute || w->best->impact != IMPACT_BENIGN)
		return;
	if (fresh)
		w->best->only_text = true;
	if (output)
		w->best->only_output = true;
}

static void consider_text(struct walk *w, const struct ir_func *f, uint32_t o, const char *fmt,
			  sym_t name) __attribute__((format(printf, 4, 0)));
static void consider_text(struct walk *w, const struct ir_func *f, uint32_t o, const char *fmt,
			  sym_t name)
{
	consider_output(w, f, o, true, fmt, name);
}

static uint8_t sink_impact(uint8_t kind)
{
	switch (kind) {
	case SINK_SIZE:
	case SINK_INDEX:
	case SINK_POINTER:
		return IMPACT_HOST_MEMORY;
	case SINK_HOST_CONTROL:
		return IMPACT_HOST_CONTROL;
	case SINK_WARN:
		return IMPACT_HOST_WARN;
	case SINK_GUEST_STATE:
		return IMPACT_GUEST_STATE;
	default:
		return IMPACT_BENIGN;
	}
}

/* A store into a field a profile declares a sink (sink-field KIND STRUCT FIELD). */
static const struct profile_rule *field_sink(const struct profile_set *prof, sym_t key)
{
	const char *k = sym_str(key), *sep;

	if (!prof || !key || !(sep = strstr(k, "::")))
		return NULL;
	for (uint32_t i = 0; i < prof->rules.n; i++) {
		const struct profile_rule *r = &prof->rules.v[i];
		size_t sl, fl;

		if (r->kind != PR_SINK_FIELD)
			continue;
		sl = strlen(sym_str(r->strct));
		fl = strlen(sym_str(r->field));
		if ((size_t)(sep - k) == sl && !strncmp(k, sym_str(r->strct), sl) &&
		    !strncmp(sep + 2, sym_str(r->field), fl) &&
		    (sep[2 + fl] == '\0' || sep[2 + fl] == '.' || sep[2 + fl] == '['))
			return r;
	}
	return NULL;
}

uint8_t effect_impact(const struct index *idx, const struct profile_set *prof,
		      const struct ir_func *f, const struct ir_op *op, char *why, size_t n)
{
	const struct profile_rule *r;

	if (op->kind == OP_WRITE && (r = field_sink(prof, f->paths[op->a].key))) {
		snprintf(why, n, "stored into %s (%s)", sym_str(f->paths[op->a].text),
			 sink_kind_name(r->sink));
		return sink_impact(r->sink);
	}
	if (op->kind == OP_CALL) {
		uint32_t cur = 0;

		if (op->flags & OPF_DEBUG_WARN) {
			snprintf(why, n, "reaches only %s(), which production builds compile out",
				 sym_str(op->a));
			return IMPACT_BENIGN;
		}
		if (op->flags & OPF_WARN) {
			snprintf(why, n, "reaches %s()", sym_str(op->a));
			return IMPACT_HOST_WARN;
		}
		if (prof && (r = profile_next(prof, op->a, PR_SINK, &cur)) != NULL) {
			snprintf(why, n, "calls %s() (%s)", sym_str(op->a), sink_kind_name(r->sink));
			return sink_impact(r->sink);
		}
	}
	return IMPACT_NONE;
}

/* Does the source list carry the tainted value? */
static bool carries(const struct ir_func *f, const struct ir_src *s, const uint8_t *op_t,
		    const uint8_t *entry_t)
{
	if (s->kind == SRC_OP)
		return s->ref < f->nops && op_t[s->ref];
	if (s->kind == SRC_VAR) {
		for (uint32_t k = 0; k < s->defs; k++) {
			uint32_t d = f->reach[s->def_start + k];

			if (d & REACH_ENTRY) {
				if (entry_t && entry_t[d & ~REACH_ENTRY])
					return true;
			} else if (op_t[d]) {
				return true;
			}
		}
	}
	return false;
}

/*
 * get_user(len, p) assigns len without taking its address: after the
 * fetch, len carries the fetched value.  Uses of it from then on count.
 */
struct dest_var {
	uint32_t var;		/* IR_NONE when there is none */
	uint32_t after;		/* the fetch op */
	/*
	 * memdup_user(): the fetch returns a buffer the kernel allocated.
	 * The pointer is the kernel's; what is read through it is the data.
	 */
	bool buffer;
	/*
	 * copy_from_user(kbuf, ...): the destination is a pointer or an
	 * array, so var points to the data; what is read through it is the
	 * data, and the pointer itself is the kernel's.
	 */
	bool pointer;
	/* a later fetch into the same variable: from there on it holds other data */
	uint32_t kill;
	/* the fetch's own result is a status (0 or -EFAULT), not the data */
	bool status;
	/*
	 * copy_from_user(&ctx.cursor, ...): only ctx.cursor holds the data,
	 * not the rest of the local ctx (chain ".cursor" of local chain_var).
	 */
	sym_t chain;
	uint32_t chain_var;
};

static bool dest_carries(const struct ir_func *f, const struct ir_src *s, const struct dest_var *dv,
			 uint32_t at)
{
	if (!dv || dv->var == IR_NONE || s->kind != SRC_VAR || s->ref != dv->var)
		return false;
	/* after == IR_NONE: the parameter's value on entry */
	if (dv->after == IR_NONE) {
		for (uint32_t k = 0; k < s->defs; k++)
			if (f->reach[s->def_start + k] == (REACH_ENTRY | dv->var))
				return true;
		return false;
	}
	if (dv->kill != IR_NONE && (at == dv->kill || op_reaches(f, dv->kill, at)))
		return false;
	return at > dv->after && op_reaches(f, dv->after, at);
}

/*
 * Does a read of `chain` (".hdr.len", "->len") read the part `part`
 * ("len") of data that starts at chain `at` (".hdr", "" or "->")?  With
 * no part, any read does.
 */
static bool reads_part(sym_t part, const char *at, const char *chain)
{
	char want[300];
	size_t n;

	if (!part)
		return true;
	snprintf(want, sizeof(want), "%s%s%s", at, *at && at[strlen(at) - 1] == '>' ? "" : ".",
		 sym_str(part));
	n = strlen(want);
	/* the part itself, a member of it, or a whole that holds it */
	if (!strncmp(chain, want, n) && (!chain[n] || chain[n] == '.' || chain[n] == '['))
		return true;
	return !strncmp(want, chain, strlen(chain)) &&
	       (want[strlen(chain)] == '.' || want[strlen(chain)] == '-');
}

/*
 * The maps of ops that hold the data's address (bufp) and, of those, an
 * array member's (arrp), made when first needed.
 */
static void ensure_arr(uint8_t **bufp, uint8_t **arrp, const struct ir_func *f)
{
	if (!*bufp)
		*bufp = xcalloc(f->nops + 1, 1);
	if (!*arrp)
		*arrp = xcalloc(f->nops + 1, 1);
}

/* Is path p, a member of a struct held in a local (parm.name), an array? */
static bool member_is_array(const struct index *idx, const struct ir_func *f,
			    const struct ir_path *p)
{
	char key[400];
	const char *chain;

	if (p->key)
		return str_ends(sym_str(index_key_type(idx, p->key)), "[]");
	if (p->base_kind != BASE_VAR || p->base >= f->nvars || !p->chain)
		return false;
	chain = sym_str(p->chain);
	if (*chain != '.')
		return false;
	snprintf(key, sizeof(key), "%s::%s", sym_str(f->vars[p->base].type), chain + 1);
	return str_ends(sym_str(index_key_type(idx, intern(key))), "[]");
}

/*
 * Op o uses s, the address of fetched data (a buffer the fetch returned,
 * a pointer destination): a store through it into the part read twice
 * ends that part's value; a read through it reads the data -- of that
 * part, or all of it when every_part.  Taints t[o] for such a read, or
 * marks it an address of the data when it names an array member.
 */
/*
 * Back in the caller (kept_for_the_caller()): does a read of `chain`
 * through the object read what a store of the value wrote -- that member,
 * a member of it, or anything when the whole object was written (*out)?
 */
static bool up_wrote(const struct walk *w, const char *chain)
{
	for (uint32_t i = 0; i < w->nup_chains; i++) {
		const char *c = sym_str(w->up_chains[i]);
		size_t n = strlen(c);

		if (!strcmp(c, "*") || !*c ||
		    (!strncmp(chain, c, n) && (!chain[n] || chain[n] == '.' || chain[n] == '[' ||
					      chain[n] == '-')))
			return true;
	}
	return false;
}

static void through_address(struct walk *w, const struct ir_func *f, uint32_t o,
			    const struct ir_src *s, uint8_t *t, uint8_t **buf, uint8_t **arr,
			    bool every_part)
{
	const struct ir_op *op = &f->ops[o];
	bool in_part;

	if (s->how != HOW_BASE || (op->kind != OP_READ && op->kind != OP_WRITE))
		return;
	if (w->returned && op->kind == OP_READ && !up_wrote(w, sym_str(f->paths[op->a].chain)))
		return;
	in_part = reads_part(w->part, "->", sym_str(f->paths[op->a].chain));
	if (op->kind == OP_WRITE) {
		if (w->part && !every_part && in_part && w->part_kill == IR_NONE) {
			w->part_kill = o;
			if (w->refetch && !w->mute)
				remember(&w->best->overwritten_at, &w->best->overwritten, f, o,
					 "overwritten by", sym_str(f->paths[op->a].text));
		}
		return;
	}
	if (every_part || (in_part && (!w->part || w->part_kill == IR_NONE ||
				       !op_reaches(f, w->part_kill, o)))) {
		/* p->name, an array in the data: its address, not a value */
		if (member_is_array(w->idx, f, &f->paths[op->a])) {
			ensure_arr(buf, arr, f);
			(*buf)[o] = (*arr)[o] = 1;
		} else {
			t[o] = 1;
		}
	}
}

/*
 * Is argument r of call op the address of a member of the local a whole
 * copy filled (&req.hreq), where the part read twice is another member
 * (req.pos)?  What the callee reads through it are not the bytes read
 * twice: a test there is of another field.
 */
static bool other_member_handed(const struct walk *w, const struct ir_func *f,
				const struct ir_op *op, uint32_t r, const struct dest_var *dv)
{
	const struct ir_arg *a = &f->args[op->src_start + r];
	const struct ir_path *p;

	if (!w->deep_use || !w->part || !dv || dv->chain_var == IR_NONE || a->path == IR_NONE ||
	    a->path >= f->npaths)
		return false;
	p = &f->paths[a->path];
	if (p->base_kind != BASE_VAR || p->base != dv->chain_var || p->derefs ||
	    !*sym_str(p->chain))
		return false;
	return !reads_part(w->part, sym_str(dv->chain), sym_str(p->chain));
}

/* A conversion whose result is its argument's bits reordered: be32_to_cpu and kin. */
static bool converts_bytes(sym_t name)
{
	const char *n = sym_str(name);

	return strstr(n, "to_cpu") || strstr(n, "cpu_to_") || strstr(n, "swab") ||
	       strstr(n, "bswap");
}

static void walk_function_from(struct walk *w, const struct ir_func *f, uint32_t start_op,
			       uint32_t entry_var, unsigned depth, const struct dest_var *dv);

/* A comparison of bytes or strings whose result says equal or not: memcmp, strncmp and kin. */
static bool compares_bytes(sym_t name)
{
	const char *n = sym_str(name);

	return str_ends(n, "memcmp") || str_ends(n, "strcmp") || str_ends(n, "strncmp") ||
	       str_ends(n, "strcasecmp") || str_ends(n, "strncasecmp") || str_ends(n, "memneq");
}


/* Is argument k of op the destination a fetch writes (get_user(x, p): x)? */
static bool fetch_dest(const struct profile_set *prof, const struct ir_op *op, uint32_t k)
{
	const struct profile_rule *r;

	return prof && op->kind == OP_CALL && (r = profile_find(prof, op->a, PR_FETCH)) != NULL &&
	       r->dest >= 0 && (uint32_t)r->dest == k;
}

/* Calls whose result is their argument forced into a range. */
/* A call the profile says forces a value into a range (`bound`: min, clamp). */
static const struct profile_rule *bounds_value(const struct profile_set *prof, sym_t name)
{
	return prof ? profile_find(prof, name, PR_BOUND) : NULL;
}

/*
 * Does the bounding call op (bounds_value()) force its value under a
 * constant: min_t(unsigned int, v, sizeof(buf)), clamp(v, 0, 15),
 * array_index_nospec(v, N)?  Then whatever value a racing read gave, the
 * result stays inside what the constant bounds.  Argument `from` carries
 * the value; the others that have no source but constants (a sizeof
 * leaves none) are the bounds.  A type argument (min_t's first) is skipped.
 */
static bool bounded_by_constant(const struct ir_func *f, const struct ir_op *op, uint32_t from,
				const struct profile_rule *bound)
{
	/* a type argument before the value (min_t's) is no bound */
	uint32_t first = bound->arg > 0 ? (uint32_t)bound->arg : 0;

	for (uint32_t k = first; k < op_nargs(op); k++) {
		const struct ir_arg *a = &f->args[op->src_start + k];
		bool constant = true;

		if (k == from)
			continue;
		for (uint32_t j = 0; j < a->src_count; j++)
			constant &= f->srcs[a->src_start + j].kind == SRC_CONST;
		if (constant)
			return true;
	}
	return false;
}

/*
 * Is argument k of call op an address or a size that a validation call
 * checks (the profile's `validates`, EDK2's SmmIsBufferOutsideSmmValid)?
 * A function of the tree that hands its parameter k on, as it is, to such
 * an argument (return SmmIsBufferOutsideSmmValid (Buffer, Length);, a
 * module's own wrapper) validates it too, two such steps deep.  The
 * validation call's name, or 0.
 */
static sym_t validates_arg(const struct index *idx, const struct profile_set *prof,
			   const struct ir_func *f, const struct ir_op *op, uint32_t k, int hops,
			   bool *size)
{
	const struct profile_rule *pr;
	const struct ir_func *g;
	uint32_t cur = 0;

	if (!prof || !prof->any_validates || op->kind != OP_CALL || (op->flags & OPF_INDIRECT))
		return 0;
	while ((pr = profile_next(prof, op->a, PR_VALIDATES, &cur))) {
		*size = pr->size >= 0 && (uint32_t)pr->size == k;
		if (*size || (pr->arg >= 0 && (uint32_t)pr->arg == k))
			return op->a;
	}
	if (hops <= 0 || !(g = index_callee(idx, op)) || g == f || k >= g->nparams)
		return 0;
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *c = &g->ops[o];

		if (c->kind != OP_CALL || (c->flags & OPF_INDIRECT))
			continue;
		for (uint32_t j = 0; j < op_nargs(c); j++) {
			const struct ir_arg *a = &g->args[c->src_start + j];
			const struct ir_src *s = g->srcs + a->src_start;
			sym_t v;

			if (a->src_count == 1 && s->kind == SRC_VAR && s->ref == k &&
			    s->how == HOW_VALUE &&
			    (v = validates_arg(idx, prof, g, c, j, hops - 1, size)))
				return v;
		}
	}
	return 0;
}

/*
 * Is argument k of call op a declared sink?  A copy that checks its user
 * address and takes a length (copy_to_user(uaddr, kbuf, len)) validates
 * the range on the other side only: the length still sizes what it reads
 * on this side.
 */
static bool sink_arg(const struct profile_set *prof, const struct ir_op *op, uint32_t k)
{
	const struct profile_rule *pr;
	uint32_t cur = 0;

	while (prof && (pr = profile_next(prof, op->a, PR_SINK, &cur)))
		if (pr->arg >= 0 && (uint32_t)pr->arg == k)
			return true;
	return false;
}

bool flow_validates_arg(const struct index *idx, const struct profile_set *prof,
			const struct ir_func *f, const struct ir_op *op, uint32_t k, bool *size)
{
	bool sz = false;
	bool v = validates_arg(idx, prof, f, op, k, 2, &sz) != 0;

	if (size)
		*size = sz;
	return v;
}

/*
 * The first argument a formatting call prints (sprintf(buf, fmt, ...): 2),
 * or -1.  A value printed there becomes text; the call's result is a
 * count of characters the buffer bounds, not the value.
 */
static int formatted_from(sym_t name)
{
	static const struct {
		const char *name;
		int first;
	} calls[] = {
		{ "sprintf", 2 }, { "vsprintf", 2 }, { "snprintf", 3 }, { "vsnprintf", 3 },
		{ "scnprintf", 3 }, { "vscnprintf", 3 }, { "seq_printf", 2 },
		{ "sysfs_emit", 2 }, { "sysfs_emit_at", 3 }, { "kasprintf", 2 },
		{ "devm_kasprintf", 3 },
	};
	const char *n = sym_str(name);

	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (!strcmp(n, calls[i].name))
			return calls[i].first;
	return -1;
}

/* Is argument r of call op a value formatted into text (ARG_FORMATTED)? */
static bool formatted_arg(const struct ir_func *f, const struct ir_op *op, uint32_t r)
{
	return op->kind == OP_CALL && r < op_nargs(op) && f->args &&
	       (op_args(f, op)[r].flags & ARG_FORMATTED);
}

/*
 * Is op o a call (not a fetch into it again) handed the address of the
 * whole local a fetch filled (memcpy(&hdr, ...); HDR_SIZE(&hdr)), after
 * that fetch?  Its result is computed from the data.
 */
static bool whole_dest_handed(const struct ir_func *f, uint32_t o, const struct dest_var *dv)
{
	const struct ir_op *op = &f->ops[o];

	if (!dv || dv->chain_var == IR_NONE || (dv->chain && sym_str(dv->chain)[0]) ||
	    op->kind != OP_CALL || o <= dv->after || !op_reaches(f, dv->after, o) ||
	    (dv->kill != IR_NONE && (o == dv->kill || op_reaches(f, dv->kill, o))))
		return false;
	for (uint32_t k = 0; k < op_nargs(op); k++) {
		const struct ir_arg *a = &f->args[op->src_start + k];

		if ((a->flags & ARG_ADDR) && a->path != IR_NONE &&
		    f->paths[a->path].base_kind == BASE_VAR && f->paths[a->path].base == dv->chain_var &&
		    !f->paths[a->path].derefs && !sym_str(f->paths[a->path].chain)[0])
			return true;
	}
	return false;
}

bool ends_or_unlinks(const char *n)
{
	uint8_t k = idiom_lookup(n).kind;

	return k == ID_ENDS || k == ID_UNLINK;
}

/*
 * A name spelled in capitals (KUNIT_EXPECT_EQ, GETADAP) is a macro, by the
 * convention C code keeps: it expands into the caller's own code -- an
 * assertion, a conversion -- and hands nothing to a consumer elsewhere.
 */
bool macro_by_spelling(const char *n)
{
	bool letter = false;

	for (; *n; n++) {
		if (*n >= 'a' && *n <= 'z')
			return false;
		letter |= *n >= 'A' && *n <= 'Z';
	}
	return letter;
}

bool call_out_of_sight(const struct index *idx, const struct profile_set *prof,
		       const struct ir_op *op)
{
	if (op->kind != OP_CALL || (op->flags & (OPF_TRACE | OPF_WARN | OPF_DEBUG_WARN)))
		return false;
	if (op->flags & OPF_INDIRECT)
		return true;
	/*
	 * a bodiless helper asked in a condition is a predicate on what it is
	 * handed (IS_ERR(p), access_ok(p, n)): it answers, it keeps nothing
	 */
	if ((op->flags & OPF_COND) || ends_or_unlinks(sym_str(op->a)) || formatted_from(op->a) >= 0 ||
	    macro_by_spelling(sym_str(op->a)) ||
	    (prof && (profile_find(prof, op->a, PR_FETCH) || profile_find(prof, op->a, PR_SINK))))
		return false;
	return !index_callee(idx, op);
}

/* The first place the bytes read again leave the walk's sight (flow.h, escapes). */
static void escape_at(struct walk *w, const struct ir_func *f, uint32_t o, const char *fmt,
		      const char *what) __attribute__((format(printf, 4, 0)));
static void escape_at(struct walk *w, const struct ir_func *f, uint32_t o, const char *fmt,
		      const char *what)
{
	if (!w->refetch || w->mute || w->best->escapes)
		return;
	w->best->escapes = true;
	w->best->escape.func = f->id;
	w->best->escape.op = o;
	snprintf(w->best->escape.why, sizeof(w->best->escape.why), fmt, what);
}

/*
 * Does g store its parameter k, as it came in, through an address it was
 * handed as a number -- an integer parameter cast to a pointer, the shape
 * of a register accessor (*(volatile uint32_t *)addr = value)?  The value
 * goes to a device register or to memory the code names by address, where
 * what is done with it cannot be read.  The store, or IR_NONE.
 */
static uint32_t stores_at_numbered_address(const struct ir_func *g, uint32_t k)
{
	for (uint32_t o = 0; o < g->nops; o++) {
		const struct ir_op *op = &g->ops[o];
		const struct ir_path *p;
		const char *type;
		bool value = false;

		if (op->kind != OP_WRITE || !op_has_path(op) || op->a >= g->npaths)
			continue;
		p = &g->paths[op->a];
		if (p->base_kind != BASE_VAR || !p->derefs || p->base >= g->nparams ||
		    p->base >= g->nvars || p->base == k)
			continue;
		type = sym_str(g->vars[p->base].type);
		if (!*type || strchr(type, '*') || strchr(type, '[') || g->vars[p->base].by_value)
			continue;
		for (uint32_t i = 0; i < op->src_count; i++) {
			const struct ir_src *s = g->srcs + op->src_start + i;

			if (s->kind != SRC_VAR || s->ref != k || s->how != HOW_VALUE)
				continue;
			for (uint32_t d = 0; d < s->defs; d++)
				value |= g->reach[s->def_start + d] == (REACH_ENTRY | k);
		}
		if (value)
			return o;
	}
	return IR_NONE;
}

/*
 * Was the value the sources s (n of them) hold tested on the way to op o:
 * does a branch that reaches o test a value with the same origin (the
 * same local, a read of the same location)?  A value compared again
 * before it is kept is the value the test saw.
 */
static bool tested_on_the_way(const struct ir_func *f, uint32_t o, const struct ir_src *s,
			      uint32_t n)
{
	uint32_t mine[16], nm = value_origins(f, s, n, 3, mine, 16);

	for (uint32_t b = 0; b < o; b++) {
		const struct ir_op *br = &f->ops[b];
		uint32_t theirs[16], nt;

		if (br->kind != OP_BRANCH || (br->flags & OPF_PREPROC) || !op_reaches(f, b, o))
			continue;
		/* a local filled by a fetch's out-parameter has no origin op: its name */
		for (uint32_t i = 0; i < n; i++)
			for (uint32_t j = 0; j < br->src_count; j++)
				if (s[i].kind == SRC_VAR && f->srcs[br->src_start + j].kind == SRC_VAR &&
				    s[i].ref == f->srcs[br->src_start + j].ref)
					return true;
		nt = value_origins(f, f->srcs + br->src_start, br->src_count, 3, theirs, 16);
		for (uint32_t i = 0; i < nm; i++)
			for (uint32_t j = 0; j < nt; j++) {
				const struct ir_op *x = &f->ops[mine[i]], *y = &f->ops[theirs[j]];

				if (mine[i] == theirs[j] ||
				    (x->kind == OP_READ && y->kind == OP_READ && op_has_path(x) &&
				     op_has_path(y) && f->paths[x->a].text == f->paths[y->a].text))
					return true;
			}
	}
	return false;
}

/*
 * Does the store op keep its value in an object the function's caller
 * holds -- through a parameter that is not a struct on some caller's
 * stack, or in a global -- where the code that reads it later is out of
 * the walk's sight?
 */
static bool kept_by_caller(const struct index *idx, const struct ir_func *f, const struct ir_op *op)
{
	const struct ir_path *p;

	if (op->kind != OP_WRITE || !op_has_path(op) || op->a >= f->npaths)
		return false;
	p = &f->paths[op->a];
	if (p->base_kind == BASE_GLOBAL)
		return true;
	return p->base_kind == BASE_VAR && p->derefs && p->base < f->nvars &&
	       f->vars[p->base].is_param && !f->vars[p->base].by_value &&
	       !thread_local_object(idx, f, p->base);
}

/*
 * Is the store op, in the function the value was fetched in, through one
 * of its pointer parameters into an object the known caller holds (the
 * call the finding came in by passes that argument as a plain pointer)?
 * Then the caller is where the value is used: the walk goes on there.
 */
static bool kept_for_the_caller(const struct walk *w, const struct ir_func *f,
				const struct ir_op *op, unsigned depth)
{
	const struct ir_path *p = &f->paths[op->a];
	const struct ir_func *g;
	const struct ir_arg *a;

	if (!w->up || depth != FLOW_DEPTH || w->has_through || p->base_kind != BASE_VAR ||
	    p->base >= f->nparams || (w->up_param != IR_NONE && w->up_param != p->base))
		return false;
	a = index_call_arg(w->idx, w->up, p->base, &g);
	if (!a || w->up->op >= g->nops || !index_callee(w->idx, &g->ops[w->up->op]) ||
	    index_callee(w->idx, &g->ops[w->up->op])->name != f->name)
		return false;
	if (a->src_count != 1)
		return false;
	/* &local: the caller's own struct, filled (not with stay: see flow.h) */
	if ((a->flags & ARG_ADDR) && !w->stay && g->srcs[a->src_start].kind == SRC_ADDR &&
	    g->srcs[a->src_start].ref < g->npaths) {
		const struct ir_path *lp = &g->paths[g->srcs[a->src_start].ref];

		return lp->base_kind == BASE_VAR && !lp->derefs && !*sym_str(lp->chain);
	}
	return g->srcs[a->src_start].kind == SRC_VAR &&
	       g->srcs[a->src_start].how == HOW_VALUE && !(a->flags & ARG_ADDR);
}

/*
 * In the caller the walk came back out to (kept_for_the_caller()), the
 * object that holds the value, handed by its pointer to a helper in sight
 * (submit(adp, req)): what the helper reads through its parameter, and
 * hands on out of sight, is the value too.
 */
static void into_callee_with_object(struct walk *w, const struct ir_func *f,
				    const struct ir_op *op, uint32_t r, unsigned depth)
{
	const struct ir_func *g = index_callee(w->idx, op);
	struct dest_var in = { r, IR_NONE, false, true, IR_NONE, false, 0, IR_NONE };

	if (g && g != f && depth > 0 && r < g->nparams)
		walk_function_from(w, g, IR_NONE, IR_NONE, depth - 1, &in);
}

/* functions one walk enters at most: past it, a callee is a use, not a walk */
#define WALK_VISITS 200

/*
 * Of the value read again or first (a double fetch's, not with stay): is
 * call op a helper in sight that the walk enters with the value as its
 * argument r?  Then what the helper does with its parameter says whether
 * the value is used (a helper that only logs it does not use it), not the
 * call.  A profile's fetches, sinks and validations are uses as they are.
 */
static bool walked_into(const struct walk *w, const struct ir_func *f, const struct ir_op *op,
			uint32_t r, const struct ir_src *s, unsigned depth)
{
	const struct ir_func *g;
	bool size;

	/* a walk that has run out of visits will not enter it: the call is the use */
	if (!w->deep_use || op->kind != OP_CALL || (op->flags & OPF_INDIRECT) ||
	    depth == 0 || w->visits >= WALK_VISITS || s->how != HOW_VALUE ||
	    !(g = index_callee(w->idx, op)) || g == f ||
	    r >= g->nparams)
		return false;
	if (w->prof && (profile_find(w->prof, op->a, PR_FETCH) || profile_find(w->prof, op->a, PR_SINK)))
		return false;
	return !validates_arg(w->idx, w->prof, f, op, r, 2, &size);
}

/*
 * Is the racing read's value, dereferenced at op o of f, kept past a call
 * of the reader's: handed into a callee (f is not where the read is), or
 * a call runs between the read and o?  Dereferenced in the expression
 * that reads it, the pointer is used at once; kept across calls, long
 * enough for a writer's deferred free to run (RACING_NULL_REPLACED_ENDED).
 */
static bool kept_past_call(const struct walk *w, const struct ir_func *f, uint32_t o)
{
	if (f->id != w->start_func)
		return true;
	for (uint32_t c = w->start_op + 1; c < o; c++)
		if (f->ops[c].kind == OP_CALL && op_reaches_same_pass(f, w->start_op, c) &&
		    op_reaches_same_pass(f, c, o))
			return true;
	return false;
}

/*
 * Does source s of op o take the address of a local that holds the value
 * (flags = p->flags; test_bit(BIT, &flags))?  What a helper does through
 * it is out of the walk's sight: a use, not output (other_use).
 */
static bool carrier_path(const struct ir_func *f, uint32_t path, uint32_t o, const uint8_t *t)
{
	const struct ir_path *p;

	if (path >= f->npaths)
		return false;
	p = &f->paths[path];
	if (p->base_kind != BASE_VAR || p->derefs)
		return false;
	for (uint32_t d = 0; d < f->nops; d++)
		if (t[d] && f->ops[d].kind == OP_DEF && f->ops[d].a == p->base &&
		    op_reaches(f, d, o))
			return true;
	return false;
}

static bool address_of_carrier(const struct ir_func *f, const struct ir_src *s, uint32_t o,
			       const uint8_t *t)
{
	return s->kind == SRC_ADDR && carrier_path(f, s->ref, o, t);
}

/* ... or is op o a bit operation on such a local (test_bit(BIT, &flags))? */
static bool bitop_on_carrier(const struct ir_func *f, uint32_t o, const uint8_t *t)
{
	const struct ir_op *op = &f->ops[o];

	return (op->kind == OP_READ || op->kind == OP_RMW || op->kind == OP_WRITE) &&
	       op->mark != MARK_PLAIN && op_has_path(op) && carrier_path(f, op->a, o, t);
}

static void walk_function(struct walk *w, const struct ir_func *f, uint32_t start_op,
			  uint32_t entry_var, unsigned depth)
{
	walk_function_from(w, f, start_op, entry_var, depth, NULL);
}

static void walk_function_from(struct walk *w, const struct ir_func *f, uint32_t start_op,
			       uint32_t entry_var, unsigned depth, const struct dest_var *dv)
{
	uint8_t *t = xcalloc(f->nops + 1, 1);
	uint8_t *entry = NULL;
	/* dv->buffer: ops whose value is the buffer's address, not its data */
	uint8_t *bufp = NULL;
	/* of those, the address of an array member the walk counts (parm.name) */
	uint8_t *arrp = NULL;
	/* racing value: helper results computed from it (lookups, behind it or by it) */
	uint8_t *derived = w->racing ? xcalloc(f->nops + 1, 1) : NULL;
	/*
	 * refetch: what a capitals macro or a byte comparison computes from
	 * the value (UNIT_OF(k.unit), memcmp(sig, SIGN, n)): a test of it
	 * tests the value; nothing else follows from it
	 */
	uint8_t *tested_by = w->refetch ? xcalloc(f->nops + 1, 1) : NULL;

	if (++w->visits > WALK_VISITS) {
		free(derived);
		free(tested_by);
		free(t);
		return;
	}
	if (dv && dv->buffer && start_op != IR_NONE) {
		bufp = xcalloc(f->nops + 1, 1);
		bufp[start_op] = 1;
	} else if (start_op != IR_NONE) {
		t[start_op] = 1;
	}
	if (entry_var != IR_NONE) {
		entry = xcalloc(f->nvars + 1, 1);
		entry[entry_var] = 1;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t o = 0; o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			uint32_t starts[64], counts[64], nr = op_src_ranges(f, op, starts, counts, 64);

			if (w->has_after && depth == FLOW_DEPTH && f->id == w->after_func)
				w->mute = o != w->after && !op_reaches(f, w->after, o);
			if (w->has_through && depth == FLOW_DEPTH && o != w->through &&
			    ((!op_reaches(f, o, w->through) && !op_reaches(f, w->through, o)) ||
			     (w->excluded && f->id == w->through_func && w->excluded[o])))
				continue;
			/* size = HDR_SIZE(&hdr) after a fetch into all of hdr: computed from it */
			if (whole_dest_handed(f, o, dv)) {
				t[o] = 1;
				if (pass)
					w->best->used = w->best->other_use = true;
				if (pass && call_out_of_sight(w->idx, w->prof, op))
					escape_at(w, f, o, "the bytes read again go to %s(), out of sight",
						  sym_str(op->a));
			}

			if (pass && bitop_on_carrier(f, o, t))
				w->best->other_use = true;
			for (uint32_t r = 0; r < nr; r++) {
				const struct ir_src *s = f->srcs + starts[r];

				for (uint32_t i = 0; i < counts[r]; i++) {
					char why[200];
					uint8_t im;

					if (pass && op->kind != OP_DEF && !(op->flags & OPF_TRACE) &&
					    !formatted_arg(f, op, r) && address_of_carrier(f, &s[i], o, t))
						w->best->other_use = true;

					/*
					 * the data's address handed on (memcmp(buf, ...)): a use
					 * of all of it, not of the one member read twice
					 */
					if (pass && op->kind != OP_DEF && op->kind != OP_READ &&
					    !(op->flags & OPF_TRACE) &&
					    ((!w->part && bufp && carries(f, &s[i], bufp, NULL)) ||
					     (arrp && carries(f, &s[i], arrp, NULL)) ||
					     (!w->part && dv && dv->pointer && dest_carries(f, &s[i], dv, o)))) {
						w->best->used = w->best->other_use = true;
						/*
						 * compared as bytes (memcmp(buf, SIGN, n) == 0):
						 * the result is the data's test, and a branch on
						 * it tests the value
						 */
						if (op->kind == OP_CALL && compares_bytes(op->a))
							tested_by[o] = 1;
						else if (call_out_of_sight(w->idx, w->prof, op))
							escape_at(w, f, o, "the bytes read again go to "
								  "%s(), out of sight", sym_str(op->a));
						else if (w->returned && op->kind == OP_CALL)
							into_callee_with_object(w, f, op, r, depth);
					}
					if (bufp && carries(f, &s[i], bufp, NULL)) {
						/* the buffer's address: copied, or read through */
						if (op->kind == OP_DEF && s[i].how == HOW_VALUE) {
							bufp[o] = 1;
							if (arrp && carries(f, &s[i], arrp, NULL))
								arrp[o] = 1;
						} else
							through_address(w, f, o, &s[i], t, &bufp, &arrp,
									false);
						continue;
					}
					if (dv && dv->pointer && !carries(f, &s[i], t, entry) &&
					    dest_carries(f, &s[i], dv, o)) {
						through_address(w, f, o, &s[i], t, &bufp, &arrp,
								dv->after == IR_NONE);
						continue;
					}
					/*
					 * what a helper found behind the pointer: a test of it
					 * still tests the pointer (if (!obj_valid(p))), and its
					 * copies carry it; nothing else is the value read
					 */
					if (tested_by && carries(f, &s[i], tested_by, NULL) &&
					    !carries(f, &s[i], t, entry)) {
						if (op->kind == OP_BRANCH && !(op->flags & OPF_PREPROC)) {
							w->best->checked = true;
							if (pass && !w->mute)
								remember(&w->best->tested_at,
									 &w->best->tested_seen, f, o,
									 "tested", NULL);
						} else if (op->kind == OP_DEF) {
							tested_by[o] = 1;
						}
						continue;
					}
					if (derived && carries(f, &s[i], derived, NULL) &&
					    !carries(f, &s[i], t, entry)) {
						if (op->kind == OP_BRANCH && !(op->flags & OPF_PREPROC))
							w->best->checked = true;
						else if (op->kind == OP_DEF)
							derived[o] = 1;
						continue;
					}
					if (!carries(f, &s[i], t, entry) && !dest_carries(f, &s[i], dv, o))
						continue;
					/* if (copy_from_user(...)): the status, not the data */
					if (dv && dv->status && s[i].kind == SRC_OP && s[i].ref == dv->after &&
					    !(op->kind == OP_DEF && (op->flags & OPF_OUTPARAM)))
						continue;
					/*
					 * a read only passes the value on: its own users say;
					 * and a fetch's destination is written, not used
					 */
					if (pass && op->kind != OP_DEF && op->kind != OP_READ &&
					    !(op->flags & OPF_TRACE) && !formatted_arg(f, op, r) &&
					    !fetch_dest(w->prof, op, r) &&
					    !walked_into(w, f, op, r, &s[i], depth)) {
						w->best->used = true;
						/* a debug-only check is output, not a use */
						if (!(op->flags & OPF_DEBUG_WARN))
							w->best->other_use = true;
					}
					/*
					 * a racing value reduced modulo a constant into a local
					 * (i = cur % NUM_DESC): whatever a writer stored, the
					 * local is in range, as an index or an offset
					 */
					if (w->racing && op->kind == OP_DEF && s[i].how == HOW_MODULO)
						continue;
					/* masked, or only compared: no longer the value itself */
					if (w->refetch && op->kind != OP_BRANCH &&
					    (s[i].how == HOW_MASK || s[i].how == HOW_MODULO ||
					     (op->kind == OP_DEF &&
					      (how_compares(s[i].how) || s[i].how == HOW_TEST))))
						continue;
					/*
					 * a racing value that only picks between other
					 * operands (f(x & F ? A : B), y = x == 0): what goes
					 * on is one of them or a truth, never the value read,
					 * so no index or size downstream is the racer's (a
					 * WARN or BUG tests the truth itself)
					 */
					if (w->racing &&
					    (op->kind == OP_DEF ||
					     (op->kind == OP_CALL && !(op->flags & OPF_WARN))) &&
					    (how_compares(s[i].how) || s[i].how == HOW_TEST))
						continue;
					if (pass == 0 && op->kind != OP_DEF && op->kind != OP_CALL)
						continue;
					if (s[i].how == HOW_BASE && op->kind != OP_CALL) {
						/* only accesses have a path; other ops a var or a sym */
						const struct ir_path *bp =
							op_has_path(op) && op->a < f->npaths ?
								&f->paths[op->a] : NULL;

						/* a field of a struct held by value: the value itself */
						if (bp && bp->base_kind == BASE_VAR && !bp->derefs) {
							/* ... if it is the field the fetch filled */
							if (dv && dv->chain && bp->base == dv->chain_var &&
							    !location_covers(sym_str(dv->chain), sym_str(bp->chain)) &&
							    !location_covers(sym_str(bp->chain), sym_str(dv->chain)))
								continue;
							if (w->part && dv && dv->chain_var == bp->base &&
							    (!reads_part(w->part, sym_str(dv->chain),
									 sym_str(bp->chain)) ||
							     (w->part_kill != IR_NONE &&
							      op_reaches(f, w->part_kill, o))))
								continue;
							/*
							 * an array member (char name[16]) names its
							 * address: what goes on is where the data
							 * is, as with a buffer the fetch returned
							 */
							if (op->kind == OP_READ && member_is_array(w->idx, f, bp)) {
								ensure_arr(&bufp, &arrp, f);
								bufp[o] = arrp[o] = 1;
							} else if (op->kind == OP_READ) {
								t[o] = 1;
							}
							continue;
						}
						/*
						 * p->arr, an array member named through a value
						 * fetched from the other party: no load, only p
						 * plus the member's offset, so the value is not
						 * dereferenced here; the address goes on (a user
						 * pointer handed to copy_to_user() as p->counts is
						 * a user address, not a kernel read).  A racing
						 * kernel pointer is left to the checks below: NULL
						 * or freed plus an offset is read through next.
						 */
						if (!w->racing && bp && op->kind == OP_READ && bp->derefs == 1 &&
						    bp->chain && !strncmp(sym_str(bp->chain), "->", 2) &&
						    !strpbrk(sym_str(bp->chain) + 2, ".-[*") &&
						    member_is_array(w->idx, f, bp)) {
							t[o] = 1;
							continue;
						}
						/*
						 * dereferenced before where the walk counts from:
						 * a NULL would have faulted there, so the value
						 * that goes on is not NULL
						 */
						if (pass && w->racing && w->mute &&
						    (w->nul == RACING_NULL_LIVE ||
						     w->nul == RACING_NULL_UNPUBLISHED))
							w->nonnull_before = true;
						if (pass && !w->racing)
							consider(w, IMPACT_HOST_MEMORY, f, o,
								 "dereferenced as a pointer (%s)",
								 bp ? sym_str(bp->text) : "a pointer");
						else if (pass && w->nul == RACING_NULL_FREED)
							consider(w, IMPACT_HOST_MEMORY, f, o,
								 "dereferenced after the check, where a "
								 "writer frees what the field held and "
								 "stores NULL: the copy can name freed "
								 "memory (%s)",
								 bp ? sym_str(bp->text) : "a pointer");
						else if (pass && w->nul == RACING_NULL_REPLACED_ENDED &&
							 kept_past_call(w, f, o)) {
							uint8_t before = w->best->impact;

							consider(w, IMPACT_HOST_MEMORY, f, o,
								 "dereferenced after a call, not in an RCU "
								 "read-side section, while a writer replaces "
								 "it and frees the old object: a use after "
								 "free (%s)",
								 bp ? sym_str(bp->text) : "a pointer");
							/* only when this site is what raised it */
							if (!w->mute && before < IMPACT_HOST_MEMORY &&
							    w->best->impact == IMPACT_HOST_MEMORY)
								w->best->needs_delay = true;
						} else if (pass && w->nul == RACING_NULL_TEARDOWN)
							consider(w, IMPACT_BENIGN, f, o,
								 "dereferenced with no NULL test; NULL is "
								 "stored only where the object is torn down "
								 "(%s)", bp ? sym_str(bp->text) : "a pointer");
						else if (pass && w->nul == RACING_NULL_ASSUMED_SET)
							consider(w, IMPACT_BENIGN, f, o,
								 "dereferenced with no NULL test: a writer "
								 "stores NULL, but this function never tests "
								 "the field and takes it as set (%s)",
								 bp ? sym_str(bp->text) : "a pointer");
						else if (pass && w->nul == RACING_NULL_LIVE)
							remember_unless_muted(w, &w->deref, &w->deref_seen, f, o,
								 "dereferenced with no NULL test of this "
								 "read, where an earlier read of the field "
								 "is tested for NULL and a writer stores it",
								 bp ? sym_str(bp->text) : "a pointer");
						else if (pass && w->nul == RACING_NULL_UNPUBLISHED)
							remember_unless_muted(w, &w->deref, &w->deref_seen, f, o,
								 "dereferenced with no NULL test, where the "
								 "value read can be the one from before the "
								 "writer's store (NULL in zeroed memory)",
								 bp ? sym_str(bp->text) : "a pointer");
						else if (pass)
							consider(w, IMPACT_BENIGN, f, o,
								 "dereferenced, but every value a writer "
								 "stores is a valid pointer (%s)",
								 bp ? sym_str(bp->text) : "a pointer");
						continue;
					}
					if (s[i].how == HOW_INDEX) {
						/*
						 * refetch: the index's own USE op says it, and
						 * keeps a mask (regs[(op & MASK) >> 21]) a bound
						 */
						if (w->refetch)
							continue;
						if (pass && w->racing)
							remember_index(w, f, o,
								 "used as an index",
								 op_has_path(op) && op->a < f->npaths ?
									 sym_str(f->paths[op->a].text) :
									 "a subscript");
						else if (pass)
							consider(w, IMPACT_HOST_MEMORY, f, o,
								 "used as an index (%s)",
								 op_has_path(op) && op->a < f->npaths ?
									 sym_str(f->paths[op->a].text) :
									 "a subscript");
						continue;
					}
					switch (op->kind) {
					case OP_USE:
						if (pass && op->mark == USE_LOOP_BOUND && w->racing)
							consider(w, IMPACT_BENIGN, f, o,
								 "used as a loop bound: the loop runs more or "
								 "fewer times");
						else if (pass && w->racing &&
							 (op->mark == USE_INDEX || op->mark == USE_PTR_ARITH))
							remember_index(w, f, o,
								 op->mark == USE_INDEX ?
									 "used as an array index" :
									 "used as a pointer offset", NULL);
						else if (pass && (op->mark == USE_INDEX ||
								  op->mark == USE_PTR_ARITH ||
								  op->mark == USE_LOOP_BOUND))
							consider(w, IMPACT_HOST_MEMORY, f, o, "used as %s",
								 op->mark == USE_INDEX ? "an array index" :
								 op->mark == USE_PTR_ARITH ? "a pointer offset" :
								 "a loop bound");
						break;
					case OP_DEF:
						t[o] = 1;
						break;
					case OP_BRANCH:
						if (!(op->flags & OPF_PREPROC)) {
							w->best->checked = true;
							w->best->bounded |= s[i].how == HOW_COMPARE;
						}
						if (pass && !w->mute && !(op->flags & OPF_PREPROC))
							remember(&w->best->tested_at, &w->best->tested_seen,
								 f, o, "tested", NULL);
						if (pass && w->racing && depth < FLOW_DEPTH &&
						    s[i].how == HOW_COMPARE && !w->mute &&
						    !(op->flags & OPF_PREPROC)) {
							w->param_test_func = f->id;
						}
						if (pass && !w->mute && s[i].how == HOW_COMPARE &&
						    !(op->flags & OPF_PREPROC))
							remember(&w->best->bound_at, &w->best->bound_seen, f,
								 o, "compared as a bound", NULL);
						/* compared, as a bound is: not only tested for zero */
						if (pass && w->refetch && depth == FLOW_DEPTH &&
						    w->test_op == IR_NONE && how_compares(s[i].how) &&
						    !(op->flags & OPF_PREPROC)) {
							w->test_op = o;
							w->test_func = f->id;
						}
						break;
					case OP_RETURN:
						if (pass && !w->mute && depth == FLOW_DEPTH)
							w->best->returned = true;
						break;
					case OP_WRITE:
						if (!pass)
							break;
						if (!w->mute && op_has_path(op) && op->a < f->npaths)
							remember(&w->best->handed_at, &w->best->handed, f, o,
								 "stored into",
								 sym_str(f->paths[op->a].text));
						if (kept_by_caller(w->idx, f, op) &&
						    !tested_on_the_way(f, o, f->srcs + op->src_start,
								       op->src_count)) {
							if (w->refetch && !w->mute) {
								char kw[160];

								snprintf(kw, sizeof(kw), "kept in %s",
									 sym_str(f->paths[op->a].text));
								remember(&w->best->kept_at,
									 &w->best->kept_seen, f, o, kw,
									 NULL);
							}
							if (kept_for_the_caller(w, f, op, depth)) {
								w->up_param = f->paths[op->a].base;
								if (w->nup_chains < ARRAY_SIZE(w->up_chains))
									w->up_chains[w->nup_chains++] =
										f->paths[op->a].chain;
								else
									w->up_chains[0] = intern("*");
							}
							else
								escape_at(w, f, o, "the value read again is kept in "
									  "%.120s", sym_str(f->paths[op->a].text));
						}
						im = effect_impact(w->idx, w->prof, f, op, why, sizeof(why));
						if (im)
							consider(w, im, f, o, "%s", why);
						break;
					case OP_CALL: {
						const struct ir_func *g;
						const struct profile_rule *pr, *bound;
						uint32_t cur = 0;
						bool sunk = false;
						sym_t vname;
						bool vsize = false;

						if (op->flags & OPF_TRACE) {
							if (pass)
								consider_text(w, f, o, "only traced (%s())",
									      op->a);
							break;
						}
						if (formatted_arg(f, op, r)) {
							if (pass)
								consider_text(w, f, o,
									      "only formatted into text (%s())",
									      op->a);
							break;
						}
						/*
						 * checked by a validation call: a later use sees a
						 * value that passed it, as after a bound
						 */
						if (!sink_arg(w->prof, op, r) &&
						    (vname = validates_arg(w->idx, w->prof, f, op, r, 2,
									   &vsize))) {
							if (!pass)
								break;
							w->best->checked = w->best->bounded = true;
							if (!w->mute && !w->best->validated)
								w->best->validated_size = vsize;
							if (!w->mute)
								remember(&w->best->validation,
									 &w->best->validated, f, o,
									 sym_str(vname), NULL);
							if (w->refetch && depth == FLOW_DEPTH &&
							    w->test_op == IR_NONE) {
								w->test_op = o;
								w->test_func = f->id;
							}
							break;
						}
						if (w->refetch && bounds_value(w->prof, op->a))
							break;
						if (formatted_from(op->a) >= 0 &&
						    (int)r >= formatted_from(op->a)) {
							if (pass)
								consider_text(w, f, o,
									      "only formatted into text (%s())",
									      op->a);
							break;
						}
						if (w->refetch &&
						    (pr = profile_find(w->prof, op->a, PR_FETCH)) != NULL) {
							/* the size of a copy into a buffer sized before */
							if (pass && pr->size == (int)r && pr->dest >= 0)
								consider(w, IMPACT_HOST_MEMORY, f, o,
									 "sizes the copy %s() makes",
									 sym_str(op->a));
							break;
						}
						if (op->flags & OPF_DEBUG_WARN) {
							if (pass)
								consider_output(w, f, o, false,
										"reaches only %s(), which "
										"production builds compile out",
										op->a);
							t[o] = 1;
							break;
						}
						if (op->flags & OPF_WARN) {
							if (pass)
								consider(w, IMPACT_HOST_WARN, f, o, "reaches %s()",
									 sym_str(op->a));
							t[o] = 1;
							break;
						}
						if (pass && !w->mute && !w->best->handed) {
							char hw[120];

							snprintf(hw, sizeof(hw), "passed to %.100s()",
								 sym_str(op->a));
							remember(&w->best->handed_at, &w->best->handed, f, o,
								 hw, NULL);
						}
						while (w->prof && (pr = profile_next(w->prof, op->a, PR_SINK, &cur))) {
							if (pr->arg != (int)r)
								continue;
							sunk = true;
							/*
							 * a racing size or index the function it was
							 * passed to bounds first, on its own copy
							 */
							if (pass && w->racing && w->param_test_func != IR_NONE &&
							    (pr->sink == SINK_SIZE || pr->sink == SINK_INDEX))
								consider(w, IMPACT_BENIGN, f, o,
									 "passed to %s() as its %s, after a test "
									 "of it in the function it was passed to",
									 sym_str(op->a), sink_kind_name(pr->sink));
							else if (pass)
								consider(w, sink_impact(pr->sink), f, o,
									 "passed to %s() as its %s",
									 sym_str(op->a), sink_kind_name(pr->sink));
						}
						if (sunk)
							break;
						/* into the callee, or through a helper's result */
						g = index_callee(w->idx, op);
						if (pass && g && g != f && r < g->nparams && w->refetch &&
						    s[i].how == HOW_VALUE &&
						    stores_at_numbered_address(g, r) != IR_NONE)
							escape_at(w, f, o, "the value read again is written "
								  "by %s() to the address it is handed, a "
								  "register or memory named by number",
								  sym_str(op->a));
						if (pass && g && depth > 0 && r < g->nparams && g != f &&
						    w->refetch && s[i].how == HOW_BASE &&
						    other_member_handed(w, f, op, r, dv)) {
							/*
							 * &obj.other of a copy whose part read twice
							 * is obj.len: the callee reads other bytes
							 */
						} else if (pass && g && depth > 0 && r < g->nparams && g != f &&
						    w->refetch && s[i].how == HOW_BASE) {
							/* &obj.field of the data: the callee reads the data */
							struct dest_var in = { r, IR_NONE, false, true, IR_NONE,
									       false, 0, IR_NONE };

							walk_function_from(w, g, IR_NONE, IR_NONE, depth - 1, &in);
						} else if (pass && g && depth > 0 && r < g->nparams && g != f) {
							/* a test in there bounds only what runs in there */
							uint32_t tf = w->param_test_func;

							walk_function(w, g, IR_NONE, r, depth - 1);
							w->param_test_func = tf;
						}
						/*
						 * A helper's result is its own value (a lookup by id
						 * returns the kernel's object), except a byte-order
						 * conversion of the value.  Of a racing value it is
						 * an answer about the value, valid for whichever
						 * value the helper read: a test of it still tests
						 * the value, nothing else follows from it (no second
						 * load of the field can bypass a test of a result);
						 * but min() and clamp() return the value itself.
						 */
						/*
						 * a function-like macro spelled in capitals
						 * (UNIT_OF(k.unit)) expands into this code: what
						 * it computes from the value, and a test of that,
						 * is the value's, as a conversion's is
						 */
						if (!g && converts_bytes(op->a) && (w->refetch || !w->pointer))
							t[o] = 1;
						else if (!g && w->refetch && macro_by_spelling(sym_str(op->a)))
							tested_by[o] = 1;
						/*
						 * min(len, racing) is the racing value, when
						 * smaller; under a constant bound it can be no
						 * value that bound does not allow
						 */
						else if (w->racing && !w->pointer &&
							 (bound = bounds_value(w->prof, op->a))) {
							if (!bounded_by_constant(f, op, r, bound))
								t[o] = 1;
						}
						else if (derived)
							derived[o] = 1;
						else if (!w->refetch)
							t[o] = 1;
						break;
					}
					default:
						break;
					}
				}
			}
		}
	}
	if (w->has_after && depth == FLOW_DEPTH && f->id == w->after_func)
		w->mute = false;
	free(t);
	free(entry);
	free(bufp);
	free(arrp);
	free(derived);
	free(tested_by);
}

/*
 * The first later fetch that writes the part of what op fetched again
 * (copy_from_user(&s, u, ...) then get_user(s.len, &u->len)): from there
 * on the part holds the other fetch's value.  IR_NONE if none.
 */
static uint32_t fetched_over(const struct profile_set *prof, const struct ir_func *f, uint32_t op,
			     const struct dest_var *dv, sym_t part)
{
	for (uint32_t o = op + 1; o < f->nops; o++) {
		const struct ir_op *k = &f->ops[o];
		const struct profile_rule *r;
		const struct ir_path *p;
		uint32_t base;

		if (k->kind != OP_CALL || !(r = profile_find(prof, k->a, PR_FETCH)) || r->dest < 0 ||
		    (uint32_t)r->dest >= op_nargs(k))
			continue;
		base = f->args[k->src_start + r->dest].path;
		if (base == IR_NONE)
			continue;
		p = &f->paths[base];
		if (p->base_kind != BASE_VAR || !op_reaches(f, op, o))
			continue;
		if (dv->pointer && p->base == dv->var && p->derefs &&
		    reads_part(part, "->", sym_str(p->chain)))
			return o;
		if (!dv->pointer && p->base == dv->chain_var && !p->derefs &&
		    reads_part(part, sym_str(dv->chain), sym_str(p->chain)))
			return o;
	}
	return IR_NONE;
}

/*
 * Is p (a fetch's destination in f) the whole object a pointer parameter
 * points to (*dest), where `up` calls f?  Then the fetch fills its caller's
 * object.
 */
static bool fetch_into_param(const struct index *idx, const struct ir_func *f,
			     const struct ir_path *p, const struct call_site *up)
{
	const struct ir_func *g = index_func(idx, up->caller), *c;

	if (p->base_kind != BASE_VAR || p->base >= f->nparams || p->derefs != 1 ||
	    strcmp(sym_str(p->chain), "*") || !g || up->op >= g->nops)
		return false;
	c = index_callee(idx, &g->ops[up->op]);
	return c && c->name == f->name;
}

/*
 * Of the value read again, for the why (not the walks that keep or drop
 * findings, nor the impact): a fetch whose destination outlives the call
 * -- a field of an object the code reaches itself (current->thread.fcsr,
 * a global), or what a pointer parameter points to (copy_from_user(
 * regs->gpr, ...), __copy_from_user(regs, ...)) -- keeps the bytes it
 * copies: they are the task's or the caller's state from then on, not a
 * buffer nothing reads.  Where every caller hands the address of a struct
 * on its own stack, the bytes are handed back to that caller.  What reads
 * them there is not followed: the why says where they went (kept_at).
 */
static void keep_fetch_dest(struct walk *w, const struct ir_func *f, uint32_t op,
			    const struct ir_arg *a, const struct profile_rule *r,
			    const struct dest_var *dv, struct impact_reach *out)
{
	const struct ir_path *p = a->path != IR_NONE && a->path < f->npaths ? &f->paths[a->path] :
									  NULL;
	uint32_t base = IR_NONE;
	char text[120], kw[160];

	/* already going on in the caller (__get_user(*dest, ...)) */
	if (w->up_param != IR_NONE || w->mute)
		return;
	if (p && p->derefs && *sym_str(p->chain) && p->base_kind == BASE_GLOBAL) {
		snprintf(text, sizeof(text), "%s", sym_str(p->text));
	} else if (p && p->derefs && *sym_str(p->chain) && p->base_kind == BASE_VAR &&
		   p->base < f->nparams && p->base < f->nvars && !f->vars[p->base].by_value) {
		base = p->base;
		if (!strcmp(sym_str(p->chain), "*"))
			snprintf(text, sizeof(text), "*%s", sym_str(f->vars[p->base].name));
		else
			snprintf(text, sizeof(text), "%s", sym_str(p->text));
	} else if (!p && r->size >= 0 && dv->var != IR_NONE && dv->var < f->nparams &&
		   dv->var < f->nvars && dv->pointer && !(a->flags & ARG_ADDR)) {
		base = dv->var;
		snprintf(text, sizeof(text), "*%s", sym_str(f->vars[dv->var].name));
	} else {
		return;
	}
	if (base != IR_NONE && thread_local_object(w->idx, f, base))
		snprintf(kw, sizeof(kw), "handed back to the caller in %s", text);
	else
		snprintf(kw, sizeof(kw), "kept in %s", text);
	remember(&out->kept_at, &out->kept_seen, f, op, kw, NULL);
}

static void reach(const struct index *idx, const struct profile_set *prof, uint32_t func,
		  uint32_t op, struct walk *wp, struct impact_reach *out)
{
	const struct ir_func *f = index_func(idx, func);

	struct dest_var dv = { IR_NONE, op, false, false, IR_NONE, false, 0, IR_NONE };
	struct walk w = *wp;
	const struct profile_rule *r;

	memset(out, 0, sizeof(*out));
	if (!f || op >= f->nops)
		return;
	/* a fetch's data is in its destination, not its result */
	if (prof && f->ops[op].kind == OP_CALL &&
	    (r = profile_find(prof, f->ops[op].a, PR_FETCH)) != NULL && r->dest >= 0 &&
	    (uint32_t)r->dest < op_nargs(&f->ops[op])) {
		const struct ir_arg *a = &f->args[f->ops[op].src_start + r->dest];
		const struct ir_src *s = f->srcs + a->src_start;

		dv.status = true;
		/* &k.len, or k.len that get_user(k.len, p) assigns as a macro does */
		if (a->path != IR_NONE && ((a->flags & ARG_ADDR) || (r->size < 0 && f->paths[a->path].chain)) &&
		    f->paths[a->path].base_kind == BASE_VAR && !f->paths[a->path].derefs) {
			dv.chain = f->paths[a->path].chain;
			dv.chain_var = f->paths[a->path].base;
		}

		for (uint32_t i = 0; i < a->src_count; i++)
			if (s[i].kind == SRC_VAR && s[i].how == HOW_VALUE)
				dv.var = s[i].ref;
		/* get_user(k.len, p): the struct local holds the data from here on */
		if (dv.var == IR_NONE && dv.chain_var != IR_NONE && !(a->flags & ARG_ADDR))
			dv.var = dv.chain_var;
		/*
		 * __get_user(*dest, from) into the caller's object: what the
		 * caller does with it after the call is what is done with the
		 * value (refetch_value_reach goes on there)
		 */
		if (w.refetch && !w.stay && w.up && dv.var == IR_NONE && dv.chain_var == IR_NONE &&
		    a->path != IR_NONE && !(a->flags & ARG_ADDR) &&
		    fetch_into_param(idx, f, &f->paths[a->path], w.up)) {
			w.up_param = f->paths[a->path].base;
			w.up_chains[0] = intern("*");
			w.nup_chains = 1;
		}
		/* the next fetch into the same variable ends what this one put there */
		for (uint32_t o = op + 1; dv.var != IR_NONE && o < f->nops && dv.kill == IR_NONE; o++) {
			const struct ir_op *k = &f->ops[o];
			const struct profile_rule *kr;
			const struct ir_arg *ka;

			if (k->kind != OP_CALL || !(kr = profile_find(prof, k->a, PR_FETCH)) ||
			    kr->dest < 0 || (uint32_t)kr->dest >= op_nargs(k))
				continue;
			ka = &f->args[k->src_start + kr->dest];
			for (uint32_t i = 0; i < ka->src_count; i++)
				if (f->srcs[ka->src_start + i].kind == SRC_VAR &&
				    f->srcs[ka->src_start + i].ref == dv.var && op_reaches(f, op, o))
					dv.kill = o;
		}
		/*
		 * a sized copy into a pointer fills what it points to; get_user()
		 * into a pointer local fills the local: the value is the pointer
		 */
		if (dv.var != IR_NONE && dv.var < f->nvars && !(a->flags & ARG_ADDR) && r->size >= 0) {
			const char *t = sym_str(f->vars[dv.var].type);
			size_t n = strlen(t);

			while (n && t[n - 1] == ' ')
				n--;
			dv.pointer = n && (t[n - 1] == '*' || t[n - 1] == ']');
		}
		if (w.refetch && w.deep_use && !w.stay && !w.has_through)
			keep_fetch_dest(&w, f, op, a, r, &dv, out);
	} else if (w.refetch && prof && f->ops[op].kind == OP_CALL &&
		   (r = profile_find(prof, f->ops[op].a, PR_FETCH)) != NULL && r->dest < 0) {
		dv.buffer = true;
	}
	if (w.part && (dv.pointer || dv.chain_var != IR_NONE))
		w.part_kill = fetched_over(prof, f, op, &dv, w.part);
	walk_function_from(&w, f, op, IR_NONE, FLOW_DEPTH, &dv);
	/*
	 * A value read once and tested before its use is the value used: the
	 * test covers the dereference, whatever a writer stores meanwhile.
	 */
	if (w.deref_seen && !out->checked && !w.nonnull_before)
		consider(&w, IMPACT_HOST_MEMORY, index_func(idx, w.deref.func), w.deref.op, "%s",
			 w.deref.why);
	else if (w.deref_seen && w.nonnull_before)
		consider(&w, IMPACT_BENIGN, index_func(idx, w.deref.func), w.deref.op,
			 "dereferenced after an earlier dereference of the value read: not NULL");
	else if (w.deref_seen)
		consider(&w, IMPACT_BENIGN, index_func(idx, w.deref.func), w.deref.op,
			 "dereferenced after a test of the value read");
	/*
	 * An index bounded first is where a plain read hurts: the compiler may
	 * read the field again for the use, and the bound no longer covers it.
	 * Unbounded (untested, or only compared for equality: ntc == ntu),
	 * the index is one a writer stored, as safe as the writer.
	 */
	if (w.index_seen && out->bounded && w.index_param_bounded) {
		/* bounded in the function that uses it, on the copy it was handed */
		consider(&w, IMPACT_BENIGN, index_func(idx, w.index.func), w.index.op,
			 "%s, after a test of it in the function the value was passed to: "
			 "no load of the field again can bypass that test", w.index.why);
	} else if (w.index_seen && out->bounded && w.has_after) {
		/*
		 * a stale copy in a local: what hurts is its age, and an old
		 * index is still one a writer stored; the copy is tested and
		 * used as one value, which no second load of the field changes
		 */
		consider(&w, IMPACT_BENIGN, index_func(idx, w.index.func), w.index.op,
			 "%s: an old value, but one a writer stored", w.index.why);
	} else if (w.index_seen && out->bounded) {
		uint8_t before = out->impact;

		consider(&w, IMPACT_HOST_MEMORY, index_func(idx, w.index.func), w.index.op,
			 "%s, after a test of it that a refetch can bypass", w.index.why);
		if (before < IMPACT_HOST_MEMORY && out->impact == IMPACT_HOST_MEMORY)
			out->needs_refetch = true;
	}
	else if (w.index_seen)
		consider(&w, IMPACT_BENIGN, index_func(idx, w.index.func), w.index.op,
			 "%s, %s: each value is one a writer stored", w.index.why,
			 out->checked ? "compared for equality only, never bounded" : "untested");
	*wp = w;
}

void value_reach(const struct index *idx, const struct profile_set *prof, uint32_t func,
		 uint32_t op, struct impact_reach *out)
{
	struct walk w = { .idx = idx, .prof = prof, .best = out };

	reach(idx, prof, func, op, &w, out);
}

static void refetch_reach(const struct index *idx, const struct profile_set *prof, uint32_t func,
			  uint32_t op, sym_t part, const struct call_site *up, bool stay,
			  bool deep_use, struct impact_reach *out);

void refetch_value_reach(const struct index *idx, const struct profile_set *prof, uint32_t func,
			 uint32_t op, sym_t part, const struct call_site *up, struct impact_reach *out)
{
	refetch_reach(idx, prof, func, op, part, up, false, false, out);
}

void refetch_value_reach_why(const struct index *idx, const struct profile_set *prof, uint32_t func,
			     uint32_t op, sym_t part, const struct call_site *up,
			     struct impact_reach *out)
{
	refetch_reach(idx, prof, func, op, part, up, false, true, out);
}

void refetch_value_reach_within(const struct index *idx, const struct profile_set *prof,
				uint32_t func, uint32_t op, sym_t part, const struct call_site *up,
				struct impact_reach *out)
{
	refetch_reach(idx, prof, func, op, part, up, true, false, out);
}

static void refetch_reach(const struct index *idx, const struct profile_set *prof, uint32_t func,
			  uint32_t op, sym_t part, const struct call_site *up, bool stay,
			  bool deep_use, struct impact_reach *out)
{
	struct walk w = { .idx = idx, .prof = prof, .best = out, .refetch = true, .stay = stay,
			  .deep_use = deep_use,
			  .test_op = IR_NONE, .part = part, .part_kill = IR_NONE, .up = up,
			  .up_param = IR_NONE };
	const struct ir_func *f = index_func(idx, func);

	reach(idx, prof, func, op, &w, out);
	/*
	 * Kept through a pointer parameter (*hdr = copy): what the caller does
	 * with the object its argument points to, after the call, is what is
	 * done with the value -- tested there again, or used.
	 */
	if (w.up_param != IR_NONE) {
		const struct ir_func *g;
		const struct ir_arg *a = index_call_arg(idx, up, w.up_param, &g);
		struct dest_var dv = { IR_NONE, up->op, false, true, IR_NONE, false, 0, IR_NONE };
		const struct ir_src *as = a && a->src_count == 1 ? g->srcs + a->src_start : NULL;

		if (as && !(a->flags & ARG_ADDR) && as->kind == SRC_VAR) {
			dv.var = as->ref;
		} else if (as && as->kind == SRC_ADDR && as->ref < g->npaths &&
			   g->paths[as->ref].base_kind == BASE_VAR && !g->paths[as->ref].derefs) {
			/* &local, or &local.member: the local holds the value from the call on */
			dv.var = g->paths[as->ref].base;
			dv.pointer = false;
			if (g->paths[as->ref].chain && *sym_str(g->paths[as->ref].chain)) {
				dv.chain = g->paths[as->ref].chain;
				dv.chain_var = dv.var;
			}
		}
		w.part_kill = IR_NONE;
		w.returned = true;
		if (dv.var != IR_NONE)
			walk_function_from(&w, g, IR_NONE, IR_NONE, FLOW_DEPTH, &dv);
	}
	/*
	 * Tested again after this read, before the use: the use sees a value
	 * that passed the test, whatever the first read said.
	 */
	if (out->impact >= IMPACT_HOST_CONTROL && w.test_op != IR_NONE && out->func == w.test_func &&
	    (f = index_func(idx, w.test_func)) != NULL &&
	    w.test_op < out->op && op_reaches(f, w.test_op, out->op)) {
		char why[240];

		snprintf(why, sizeof(why), "%.160s, but only after the value read last is tested (line %u)",
			 out->why, f->ops[w.test_op].line);
		out->impact = IMPACT_BENIGN;
		snprintf(out->why, sizeof(out->why), "%s", why);
		out->nsites = 0;
	}
}

bool fetched_value_used_with(const struct index *idx, const struct profile_set *prof,
			     uint32_t func, uint32_t op, uint32_t through)
{
	struct impact_reach out;
	struct walk w = { .idx = idx, .prof = prof, .best = &out, .refetch = true,
			  .test_op = IR_NONE, .part_kill = IR_NONE, .up_param = IR_NONE, .has_through = true,
			  .through = through, .through_func = func };
	const struct ir_func *f = index_func(idx, func);
	uint8_t *excluded = f ? ops_excluded_by_tests(f, through) : NULL;

	w.excluded = excluded;
	reach(idx, prof, func, op, &w, &out);
	free(excluded);
	return out.used || out.checked || out.impact > IMPACT_BENIGN;
}

void racing_value_reach(const struct index *idx, const struct profile_set *prof, uint32_t func,
			uint32_t op, bool pointer, enum racing_null nul, uint32_t after,
			struct impact_reach *out)
{
	struct walk w = { .idx = idx, .prof = prof, .best = out, .racing = true, .nul = nul,
			  .start_func = func, .start_op = op,
			  .pointer = pointer, .has_after = after != IR_NONE, .after_func = func,
			  .after = after, .param_test_func = IR_NONE };

	reach(idx, prof, func, op, &w, out);
}
