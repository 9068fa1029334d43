#include "rules/reach.h"

#include <stdio.h>

void reach_of_refs(const struct finding *f, const struct index *idx, const struct profile_set *prof,
		       const char *role, struct impact_reach *best)
{
	sym_t r = intern(role);

	for (uint32_t i = 0; i < f->refs.n; i++) {
		struct impact_reach ir;

		if (f->refs.v[i].role != r)
			continue;
		value_reach(idx, prof, f->refs.v[i].func, f->refs.v[i].op, &ir);
		if (ir.impact > best->impact) {
			*best = ir;
		} else if (ir.impact == best->impact) {
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
		if (im > best->impact) {
			best->impact = im;
			best->func = fn->id;
			best->op = f->refs.v[i].op;
			snprintf(best->why, sizeof(best->why), "the action %s", why);
		}
	}
}
