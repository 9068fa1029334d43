#include "index/summary.h"
#include "base/util.h"

/* Does the source list pass the parameter's entry value as is? */
static bool passes_param(const struct ir_func *g, const struct ir_src *s, uint32_t n, uint32_t param)
{
	for (uint32_t i = 0; i < n; i++) {
		if (s[i].kind != SRC_VAR || s[i].ref != param || s[i].how != HOW_VALUE)
			continue;
		for (uint32_t k = 0; k < s[i].defs; k++)
			if (g->reach[s[i].def_start + k] == (REACH_ENTRY | param))
				return true;
	}
	return false;
}

static uint32_t collect(const struct index *idx, const struct ir_func *g, uint32_t param,
			unsigned depth, unsigned level, struct param_effect *out, uint32_t max)
{
	const struct func_info *fi = &idx->info[g->id];
	uint32_t n = 0;

	for (uint32_t i = 0; i < fi->nparams && n < max; i++) {
		const struct param_access *pa = &fi->params[i];

		if (pa->param != param)
			continue;
		out[n++] = (struct param_effect){
			.func = g->id, .op = pa->op, .key = g->paths[g->ops[pa->op].a].key,
			.kind = pa->kind, .mark = pa->mark, .depth = (uint8_t)level,
		};
	}
	if (level >= depth)
		return n;
	for (uint32_t o = 0; o < g->nops && n < max; o++) {
		const struct ir_op *op = &g->ops[o];
		const struct ir_func *h;

		if (op->kind != OP_CALL || !(h = index_callee(idx, op)) || h == g)
			continue;
		for (uint32_t k = 0; k < op_nargs(op) && k < h->nparams && n < max; k++) {
			const struct ir_arg *a = &g->args[op->src_start + k];

			if (passes_param(g, g->srcs + a->src_start, a->src_count, param))
				n += collect(idx, h, k, depth, level + 1, out + n, max - n);
		}
	}
	return n;
}

uint32_t param_effects(const struct index *idx, const struct ir_func *g, uint32_t param,
		       unsigned depth, struct param_effect *out, uint32_t max)
{
	if (param >= g->nparams)
		return 0;
	return collect(idx, g, param, depth, 0, out, max);
}
