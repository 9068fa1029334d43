#include "ir/cases.h"
#include "ir/analysis.h"
#include "ir/cfg.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

#define CASE_VARS 8
/* the sets only grow, so this many passes is far more than a CFG needs */
#define CASE_PASSES 64

enum slot_state { SLOT_UNSET, SLOT_ANY, SLOT_SET };

struct slot {
	uint8_t state;
	uint32_t n;
	sym_t value[CASE_VALUES];
};

struct case_map {
	uint32_t nvars;
	uint32_t var[CASE_VARS];
	struct slot *in;	/* [block * nvars + t]: on entry to the block */
	uint8_t *defines;	/* [block * nvars + t]: the block assigns var t */
};

/* Is `d` able to run twice in one call: in a loop, or on a cycle of gotos? */
static bool on_cycle(const struct ir_func *f, uint32_t d)
{
	const struct ir_block *b = &f->blocks[f->ops[d].block];

	if (f->ops[d].loop)
		return true;
	for (uint16_t k = 0; k < b->nsucc; k++)
		if (cfg_reaches(f, f->succs[b->succ_start + k], f->ops[d].block))
			return true;
	return false;
}

bool case_var_stable(const struct ir_func *f, uint32_t var)
{
	uint32_t ndefs = 0, def = IR_NONE;

	if (var >= f->nvars || f->vars[var].is_static)
		return false;
	for (uint32_t o = 0; o < f->nops; o++)
		if (f->ops[o].kind == OP_DEF && f->ops[o].a == var && ndefs++ == 0)
			def = o;
	/* a parameter: its value on entry; a local: the one value it is given */
	if (f->vars[var].is_param)
		return ndefs == 0 && !param_address_taken(f, var);
	return ndefs == 1 && !on_cycle(f, def);
}

/* Can two spellings name one value?  Numbers by value, the rest by spelling. */
static bool same_value(sym_t a, sym_t b)
{
	long long x, y;

	if (a == b)
		return true;
	if (c_integer(sym_str(a), &x) && c_integer(sym_str(b), &y))
		return x == y;
	return false;
}

bool case_magnitudes_may_match(sym_t a, sym_t b)
{
	const char *x = sym_str(a), *y = sym_str(b);
	long long vx, vy;

	x += *x == '-';
	y += *y == '-';
	if (c_integer(x, &vx) && c_integer(y, &vy))
		return vx == vy;
	return !strcmp(x, y);
}

static void slot_add(struct slot *s, sym_t v)
{
	for (uint32_t i = 0; i < s->n; i++)
		if (s->value[i] == v)
			return;
	if (s->n == CASE_VALUES) {
		s->state = SLOT_ANY;
		s->n = 0;
		return;
	}
	s->value[s->n++] = v;
}

/* into |= from, where paths meet */
static void slot_join(struct slot *into, const struct slot *from)
{
	if (from->state == SLOT_UNSET || into->state == SLOT_ANY)
		return;
	if (from->state == SLOT_ANY || into->state == SLOT_UNSET) {
		*into = *from;
		return;
	}
	for (uint32_t i = 0; i < from->n && into->state == SLOT_SET; i++)
		slot_add(into, from->value[i]);
}

/* What crossing the edge p -> b says of var t, given what held at the end of p. */
static void edge_slot(const struct ir_func *f, const struct case_map *m, uint32_t p, uint32_t b,
		      uint32_t t, struct slot *s)
{
	struct slot only = { .state = SLOT_UNSET };

	for (uint32_t k = 0; k < f->ncases; k++) {
		const struct ir_case *c = &f->cases[k];

		if (c->target == b && c->var == m->var[t] && c->branch < f->nops &&
		    f->ops[c->branch].block == p) {
			only.state = SLOT_SET;
			slot_add(&only, c->value);
		}
	}
	if (only.state == SLOT_UNSET || s->state == SLOT_UNSET)
		return;
	if (s->state == SLOT_ANY || only.state == SLOT_ANY) {
		if (only.state == SLOT_SET)
			*s = only;
		return;
	}
	/* both known: what the edge allows of what already held */
	{
		struct slot kept = { .state = SLOT_SET };

		for (uint32_t i = 0; i < s->n; i++)
			for (uint32_t j = 0; j < only.n; j++)
				if (same_value(s->value[i], only.value[j])) {
					slot_add(&kept, s->value[i]);
					break;
				}
		*s = kept;
	}
}

static bool slot_equal(const struct slot *a, const struct slot *b)
{
	/* sets only grow from pass to pass: the same size is the same set */
	return a->state == b->state && a->n == b->n;
}

static void track_vars(const struct ir_func *f, struct case_map *m)
{
	for (uint32_t k = 0; k < f->ncases && m->nvars < CASE_VARS; k++) {
		uint32_t v = f->cases[k].var, t;

		for (t = 0; t < m->nvars; t++)
			if (m->var[t] == v)
				break;
		if (t == m->nvars && case_var_stable(f, v))
			m->var[m->nvars++] = v;
	}
}

static bool solve(const struct ir_func *f, struct case_map *m)
{
	uint32_t *pstart, *preds, nv = m->nvars;
	bool changed = true;
	unsigned pass;

	cfg_preds(f, &pstart, &preds);
	for (uint32_t b = 0; b < f->nblocks; b++)
		if (f->blocks[b].flags & BLOCK_ENTRY)
			for (uint32_t t = 0; t < nv; t++)
				m->in[(size_t)b * nv + t].state = SLOT_ANY;
	for (pass = 0; changed && pass < CASE_PASSES; pass++) {
		changed = false;
		for (uint32_t b = 0; b < f->nblocks; b++) {
			if (f->blocks[b].flags & BLOCK_ENTRY)
				continue;
			for (uint32_t t = 0; t < nv; t++) {
				struct slot acc = { .state = SLOT_UNSET };

				for (uint32_t k = pstart[b]; k < pstart[b + 1]; k++) {
					uint32_t p = preds[k];
					struct slot s = m->in[(size_t)p * nv + t];

					if (m->defines[(size_t)p * nv + t] && s.state != SLOT_UNSET)
						s = (struct slot){ .state = SLOT_ANY };
					edge_slot(f, m, p, b, t, &s);
					slot_join(&acc, &s);
				}
				if (!slot_equal(&acc, &m->in[(size_t)b * nv + t])) {
					m->in[(size_t)b * nv + t] = acc;
					changed = true;
				}
			}
		}
	}
	free(pstart);
	free(preds);
	return !changed;
}

struct case_map *case_map_build(const struct ir_func *f)
{
	struct case_map *m;

	if (!f->ncases || !f->nblocks)
		return NULL;
	m = xcalloc(1, sizeof(*m));
	track_vars(f, m);
	if (!m->nvars) {
		free(m);
		return NULL;
	}
	m->in = xcalloc((size_t)f->nblocks * m->nvars, sizeof(*m->in));
	m->defines = xcalloc((size_t)f->nblocks * m->nvars, 1);
	for (uint32_t o = 0; o < f->nops; o++)
		for (uint32_t t = 0; t < m->nvars; t++)
			if (f->ops[o].kind == OP_DEF && f->ops[o].a == m->var[t])
				m->defines[(size_t)f->ops[o].block * m->nvars + t] = 1;
	if (!solve(f, m)) {
		/* no fixed point: better to know nothing than something wrong */
		case_map_free(m);
		return NULL;
	}
	return m;
}

void case_map_free(struct case_map *m)
{
	if (!m)
		return;
	free(m->in);
	free(m->defines);
	free(m);
}

unsigned case_conds_at(const struct case_map *m, const struct ir_func *f, uint32_t o,
		       struct case_cond *out, unsigned max)
{
	unsigned n = 0;
	uint32_t b;

	if (!m || o >= f->nops)
		return 0;
	b = f->ops[o].block;
	for (uint32_t t = 0; t < m->nvars && n < max; t++) {
		const struct slot *s = &m->in[(size_t)b * m->nvars + t];
		bool redefined = false;

		if (s->state != SLOT_SET)
			continue;
		/* assigned earlier in the block: a value the edges say nothing of */
		for (uint32_t k = f->blocks[b].op_start; k < o && !redefined; k++)
			redefined = f->ops[k].kind == OP_DEF && f->ops[k].a == m->var[t];
		if (redefined)
			continue;
		out[n].var = m->var[t];
		out[n].n = s->n;
		memcpy(out[n].value, s->value, sizeof(sym_t) * s->n);
		n++;
	}
	return n;
}

void case_cond_meet(struct case_cond *x, const struct case_cond *y)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < x->n; i++)
		for (uint32_t j = 0; j < y->n; j++)
			if (same_value(x->value[i], y->value[j])) {
				x->value[n++] = x->value[i];
				break;
			}
	x->n = n;
}

bool case_conds_compatible(const struct case_cond *x, const struct case_cond *y)
{
	for (uint32_t i = 0; i < x->n; i++)
		for (uint32_t j = 0; j < y->n; j++)
			if (same_value(x->value[i], y->value[j]))
				return true;
	return false;
}
