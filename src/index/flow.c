#include "index/flow.h"
#include "ir/analysis.h"
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
	bool null_stored;	/* racing: some writer stores NULL (or 0) */
	/*
	 * racing: the first dereference (with null_stored) and the first use
	 * as an index or offset, judged once the walk knows whether the value
	 * is tested on the way.
	 */
	bool deref_seen, index_seen;
	struct reach_site deref, index;
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

static void consider(struct walk *w, uint8_t impact, const struct ir_func *f, uint32_t op,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void consider(struct walk *w, uint8_t impact, const struct ir_func *f, uint32_t op,
		     const char *fmt, ...)
{
	struct impact_reach *b = w->best;
	va_list ap;
	char why[160];

	if (impact < b->impact)
		return;
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
};

static bool dest_carries(const struct ir_func *f, const struct ir_src *s, const struct dest_var *dv,
			 uint32_t at)
{
	return dv && dv->var != IR_NONE && s->kind == SRC_VAR && s->ref == dv->var && at > dv->after &&
	       op_reaches(f, dv->after, at);
}

static void walk_function_from(struct walk *w, const struct ir_func *f, uint32_t start_op,
			       uint32_t entry_var, unsigned depth, const struct dest_var *dv);

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

	if (++w->visits > 200) {
		free(t);
		return;
	}
	if (start_op != IR_NONE)
		t[start_op] = 1;
	if (entry_var != IR_NONE) {
		entry = xcalloc(f->nvars + 1, 1);
		entry[entry_var] = 1;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t o = 0; o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			uint32_t starts[64], counts[64], nr = op_src_ranges(f, op, starts, counts, 64);

			for (uint32_t r = 0; r < nr; r++) {
				const struct ir_src *s = f->srcs + starts[r];

				for (uint32_t i = 0; i < counts[r]; i++) {
					char why[200];
					uint8_t im;

					if (!carries(f, &s[i], t, entry) && !dest_carries(f, &s[i], dv, o))
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
							if (op->kind == OP_READ)
								t[o] = 1;
							continue;
						}
						if (pass && !w->racing)
							consider(w, IMPACT_HOST_MEMORY, f, o,
								 "dereferenced as a pointer (%s)",
								 bp ? sym_str(bp->text) : "a pointer");
						else if (pass && w->null_stored)
							remember(&w->deref, &w->deref_seen, f, o,
								 "dereferenced with no NULL test, and a "
								 "writer stores NULL",
								 bp ? sym_str(bp->text) : "a pointer");
						else if (pass)
							consider(w, IMPACT_BENIGN, f, o,
								 "dereferenced, but every value a writer "
								 "stores is a valid pointer (%s)",
								 bp ? sym_str(bp->text) : "a pointer");
						continue;
					}
					if (s[i].how == HOW_INDEX) {
						if (pass && w->racing)
							remember(&w->index, &w->index_seen, f, o,
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
							remember(&w->index, &w->index_seen, f, o,
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
						if (!(op->flags & OPF_PREPROC))
							w->best->checked = true;
						break;
					case OP_WRITE:
						if (!pass)
							break;
						im = effect_impact(w->idx, w->prof, f, op, why, sizeof(why));
						if (im)
							consider(w, im, f, o, "%s", why);
						break;
					case OP_CALL: {
						const struct ir_func *g;
						const struct profile_rule *pr;
						uint32_t cur = 0;
						bool sunk = false;

						if (op->flags & OPF_TRACE) {
							if (pass)
								consider(w, IMPACT_BENIGN, f, o, "only traced (%s())",
									 sym_str(op->a));
							break;
						}
						if (op->flags & OPF_WARN) {
							if (pass)
								consider(w, IMPACT_HOST_WARN, f, o, "reaches %s()",
									 sym_str(op->a));
							t[o] = 1;
							break;
						}
						while (w->prof && (pr = profile_next(w->prof, op->a, PR_SINK, &cur))) {
							if (pr->arg != (int)r)
								continue;
							sunk = true;
							if (pass)
								consider(w, sink_impact(pr->sink), f, o,
									 "passed to %s() as its %s",
									 sym_str(op->a), sink_kind_name(pr->sink));
						}
						if (sunk)
							break;
						/* into the callee, or through a helper's result */
						g = index_callee(w->idx, op);
						if (pass && g && depth > 0 && r < g->nparams && g != f)
							walk_function(w, g, IR_NONE, r, depth - 1);
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
	free(t);
	free(entry);
}

static void reach(const struct index *idx, const struct profile_set *prof, uint32_t func,
		  uint32_t op, struct walk w, struct impact_reach *out)
{
	const struct ir_func *f = index_func(idx, func);

	struct dest_var dv = { IR_NONE, op };
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

		for (uint32_t i = 0; i < a->src_count; i++)
			if (s[i].kind == SRC_VAR && s[i].how == HOW_VALUE)
				dv.var = s[i].ref;
	}
	walk_function_from(&w, f, op, IR_NONE, FLOW_DEPTH, &dv);
	/*
	 * A value read once and tested before its use is the value used: the
	 * test covers the dereference, whatever a writer stores meanwhile.
	 */
	if (w.deref_seen && !out->checked)
		consider(&w, IMPACT_HOST_MEMORY, index_func(idx, w.deref.func), w.deref.op, "%s",
			 w.deref.why);
	else if (w.deref_seen)
		consider(&w, IMPACT_BENIGN, index_func(idx, w.deref.func), w.deref.op,
			 "dereferenced after a test of the value read");
	/*
	 * An index tested first is where a plain read hurts: the compiler may
	 * read the field again for the use, and the test no longer covers it.
	 * Untested, the index is one a writer stored, as safe as the writer.
	 */
	if (w.index_seen && out->checked)
		consider(&w, IMPACT_HOST_MEMORY, index_func(idx, w.index.func), w.index.op,
			 "%s, after a test of it that a refetch can bypass", w.index.why);
	else if (w.index_seen)
		consider(&w, IMPACT_BENIGN, index_func(idx, w.index.func), w.index.op,
			 "%s, untested: each value is one a writer stored", w.index.why);
}

void value_reach(const struct index *idx, const struct profile_set *prof, uint32_t func,
		 uint32_t op, struct impact_reach *out)
{
	struct walk w = { .idx = idx, .prof = prof, .best = out };

	reach(idx, prof, func, op, w, out);
}

void racing_value_reach(const struct index *idx, const struct profile_set *prof, uint32_t func,
			uint32_t op, bool null_stored, struct impact_reach *out)
{
	struct walk w = { .idx = idx, .prof = prof, .best = out, .racing = true,
			  .null_stored = null_stored };

	reach(idx, prof, func, op, w, out);
}
