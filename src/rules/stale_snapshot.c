/*
 * stale-snapshot: a local takes the value of O->F; then a condition makes
 * a marked or atomic read of another field O->G of the same object
 * (directly, or in a helper such as kvm_arch_vcpu_should_kick()); then the
 * local is used in the branch that condition guards.  The check says
 * something about O at check time; F was read before it and can have
 * changed since.  Reading F after the check (with READ_ONCE()) fixes it,
 * and then the use no longer sees the early read: silent.
 *
 * Staleness needs another thread that can write O, and a check that says
 * something about O now.  So an object only this thread can reach is
 * never stale; a test of a local that copied O->G checks the copy, not O;
 * and a marked copy of F that the use reaches only through a test of the
 * copy is the validated-snapshot idiom, not the bug.
 */
#include "ir/analysis.h"
#include "ir/cfg.h"
#include "rules/reach.h"
#include "rules/rule.h"
#include "index/summary.h"
#include "index/writers.h"
#include "input/text_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FX 64

static void check(struct rule_ctx *ctx, const struct ir_func *f);
static void impact(const struct finding *f, const struct index *idx,
		   const struct profile_set *prof, struct impact_reach *best);
static void witness(struct finding *f);
static char *fix_diff(const struct finding *f, struct text_cache *tc);

const struct rule rule_stale_snapshot = {
	.name = "stale-snapshot",
	.summary = "a field read before the check that validates the object, used after it",
	.help = "A local is read from O->F; a later condition checks O through a marked or atomic "
		"read of another field (READ_ONCE, cmpxchg, test_bit, often in a helper); the local "
		"is used in the branch that check guards.  F can change between the early read and "
		"the check, so the use acts on a stale value.  Read F after the check, with "
		"READ_ONCE().",
	.check = check,
	.impact = impact,
	.witness = witness,
	.fix_diff = fix_diff,
};

/*
 * A marked read a branch makes of some field of the object a local
 * points to, directly or in a callee (via: the call op).  Gathered once
 * per function, so each snapshot only filters them: a function of ten
 * thousand reads and branches stays linear.
 */
struct marked_check {
	uint32_t br;		/* the branch op */
	uint32_t obj;		/* the local the object is reached through */
	sym_t key;		/* the field read */
	uint32_t at_func, at_op, via;
};

typedef VEC(struct marked_check) check_vec;

static void gather_checks(const struct rule_ctx *ctx, const struct ir_func *f, check_vec *out)
{
	for (uint32_t b = 0; b < f->nops; b++) {
		const struct ir_op *br = &f->ops[b];
		uint32_t origins[32], n;

		if (br->kind != OP_BRANCH || (br->flags & (OPF_PREPROC | OPF_MACRO_LOOP)))
			continue;
		n = tested_origins(f, op_srcs(f, br), br->src_count, 2, origins, 32);
		for (uint32_t i = 0; i < n; i++) {
			const struct ir_op *op = &f->ops[origins[i]];

			if (op->kind == OP_READ || op->kind == OP_RMW) {
				const struct ir_path *p = &f->paths[op->a];

				if (p->base_kind == BASE_VAR && p->key && ir_mark_is_marked(op->mark))
					vec_push(out, ((struct marked_check){
						b, p->base, p->key, f->id, origins[i], IR_NONE }));
			} else if (op->kind == OP_CALL) {
				const struct ir_func *g = index_callee(ctx->idx, op);
				struct param_effect fx[MAX_FX];

				if (!g)
					continue;
				for (uint32_t k = 0; k < op_nargs(op) && k < g->nparams; k++) {
					const struct ir_arg *a = &op_args(f, op)[k];
					uint32_t obj = pointer_var(f, arg_srcs(f, a), a->src_count), m;

					if (obj == IR_NONE)
						continue;
					m = param_effects(ctx->idx, g, k, 2, fx, MAX_FX);
					for (uint32_t e = 0; e < m; e++)
						if (fx[e].kind != OP_WRITE && ir_mark_is_marked(fx[e].mark) &&
						    fx[e].key)
							vec_push(out, ((struct marked_check){
								b, obj, fx[e].key, fx[e].func, fx[e].op,
								origins[i] }));
				}
			}
		}
	}
}

/* A use of the local, defined by `def`, in a block the branch decides. */
static uint32_t guarded_use(const struct ir_func *f, uint32_t def, uint32_t var, const uint8_t *cd,
			    uint32_t br)
{
	for (uint32_t o = br + 1; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];
		uint32_t starts[64], counts[64], nr;

		if (!cd[op->block] || op->kind == OP_BRANCH)
			continue;
		nr = op_src_ranges(f, op, starts, counts, 64);
		for (uint32_t r = 0; r < nr; r++) {
			const struct ir_src *s = f->srcs + starts[r];

			for (uint32_t i = 0; i < counts[r]; i++) {
				if (s[i].kind != SRC_VAR || s[i].ref != var || s[i].how == HOW_BASE)
					continue;
				for (uint32_t k = 0; k < s[i].defs; k++)
					if (f->reach[s[i].def_start + k] == def)
						return o;
			}
		}
	}
	return IR_NONE;
}

/*
 * Is the use reached only through a test of the copy itself (a bounds or
 * NULL check of the local, or of a value computed from it)?  A marked
 * read into a local that is then validated is the idiom for state another
 * party can rewrite at will (guest or user memory, an RCU pointer): the
 * code acts on the validated copy by design, and a later value would be
 * no more right than the one it took.
 */
static bool copy_validated(const struct ir_func *f, const uint32_t *ipdom, uint32_t d,
			   uint32_t rd, uint32_t use)
{
	uint8_t *cd = xmalloc(f->nblocks + 1);
	bool found = false;

	for (uint32_t b = d + 1; b < use && !found; b++) {
		const struct ir_op *br = &f->ops[b];
		uint32_t origins[32], n;

		if (br->kind != OP_BRANCH || (br->flags & (OPF_PREPROC | OPF_MACRO_LOOP)) ||
		    !op_reaches(f, d, b))
			continue;
		n = value_origins(f, op_srcs(f, br), br->src_count, 2, origins, 32);
		for (uint32_t i = 0; i < n && !found; i++) {
			if (origins[i] != rd)
				continue;
			control_dependents(f, ipdom, br->block, cd);
			found = cd[f->ops[use].block];
		}
	}
	free(cd);
	return found;
}

static bool written_elsewhere(const struct rule_ctx *ctx, const struct ir_func *f, sym_t key,
			      struct writers *w)
{
	writers_of(ctx->idx, key, f->file, w);
	for (uint32_t i = 0; i < w->n; i++)
		if (!w->v[i].init && w->v[i].func != f->id)
			return true;
	return false;
}

/*
 * Read and used while holding, all the way, a lock every concurrent writer
 * of the field holds: no write can come in between, so the value is as
 * fresh at the use as it was at the read, whatever the check found.
 */
static bool under_writers_lock(const struct ir_func *f, uint32_t read, uint32_t use,
			       const struct writers *w)
{
	for (uint32_t i = 0; i < w->ncommon; i++)
		if (exclusive_lock(&w->common[i]) && lock_held_between(f, read, use, w->common[i].lock))
			return true;
	return false;
}

static void check(struct rule_ctx *ctx, const struct ir_func *f)
{
	uint32_t *ipdom = NULL;
	uint8_t *cd = NULL;
	VEC(sym_t) seen = {0};
	check_vec checks = {0};

	gather_checks(ctx, f, &checks);
	if (!checks.n)
		return;

	for (uint32_t d = 0; d < f->nops; d++) {
		const struct ir_op *def = &f->ops[d];
		const struct ir_src *s = f->srcs + def->src_start;
		const struct ir_op *rd;
		const struct ir_path *p;
		struct writers w;
		bool dup = false;

		if (def->kind != OP_DEF || !def->src_count || s[0].kind != SRC_OP ||
		    s[0].how != HOW_VALUE || f->vars[def->a].is_param)
			continue;
		rd = &f->ops[s[0].ref];
		if (rd->kind != OP_READ)
			continue;
		p = &f->paths[rd->a];
		if (p->base_kind != BASE_VAR || !p->derefs || !p->key)
			continue;
		for (uint32_t k = 0; k < seen.n; k++)
			dup |= seen.v[k] == p->key;
		if (dup)
			continue;
		for (uint32_t c = 0, done_br = IR_NONE; c < checks.n; c++) {
			const struct marked_check *mc = &checks.v[c];
			uint32_t b = mc->br, at_func = mc->at_func, at_op = mc->at_op, via = mc->via;
			const struct ir_op *br = &f->ops[b];
			uint32_t use;

			/* only the first check a branch makes of another field of the object */
			if (b <= d || b == done_br || mc->obj != p->base || mc->key == p->key)
				continue;
			done_br = b;
			if (!op_reaches(f, d, b))
				continue;
			if (!ipdom) {
				ipdom = cfg_postdominators(f);
				cd = xmalloc(f->nblocks + 1);
			}
			control_dependents(f, ipdom, br->block, cd);
			use = guarded_use(f, d, def->a, cd, b);
			if (use == IR_NONE || !written_elsewhere(ctx, f, p->key, &w))
				continue;
			/*
			 * The writers found by field key are other functions; on an
			 * object only this thread can reach they are this thread's
			 * own earlier or later steps (an iterator's helpers), never
			 * a racing write.
			 */
			if (thread_local_object(ctx->idx, f, p->base))
				break;
			if (under_writers_lock(f, s[0].ref, use, &w))
				break;
			if (ir_mark_is_marked(rd->mark) && copy_validated(f, ipdom, d, s[0].ref, use))
				break;
			{
				const struct ir_func *g = index_func(ctx->idx, at_func);
				const struct ir_op *chk = &g->ops[at_op];
				const struct ir_op *u = &f->ops[use];
				struct finding *fd;
				char where[256] = "";

				if (via != IR_NONE)
					snprintf(where, sizeof(where), " (in %s())", sym_str(f->ops[via].a));
				fd = finding_new(&rule_stale_snapshot, f->file, rd->line, rd->col, f->name,
						 "%s is read before the check of %s%s and used after it: "
						 "by then it can be stale; read it after the check with "
						 "READ_ONCE()", sym_str(p->text), sym_str(g->paths[chk->a].text),
						 where);
				fd->object = p->key;
				fd->trigger = intern("another host thread");
				fd->rule_severity_hint = SEV_LOW;
				finding_add_site(fd, f->file, rd->line, rd->col, f->name, "snapshot", 0,
						 "%s read into %s (%s)", sym_str(p->text),
						 sym_str(f->vars[def->a].name), ir_mark_name(rd->mark));
				finding_add_ref(fd, f->id, s[0].ref, "snapshot");
				finding_add_site(fd, f->file, br->line, br->col, f->name, "check", 0,
						 "the check that validates %s", sym_str(f->vars[p->base].name));
				finding_add_site(fd, g->file, chk->line, chk->col, g->name, "read", 0,
						 "%s of %s", ir_mark_name(chk->mark), sym_str(g->paths[chk->a].text));
				finding_add_site(fd, f->file, u->line, u->col, f->name, "use", 0,
						 "%s used after the check", sym_str(f->vars[def->a].name));
				finding_add_ref(fd, f->id, use, "use");
				for (uint32_t i = 0, shown = 0; i < w.n && shown < 2; i++) {
					const struct ir_func *h = index_func(ctx->idx, w.v[i].func);
					const struct ir_op *wo = &h->ops[w.v[i].op];

					if (w.v[i].init || h == f)
						continue;
					finding_add_site(fd, h->file, wo->line, wo->col, h->name, "writer", 0,
							 "writes %s", sym_str(h->paths[wo->a].text));
					shown++;
				}
				fd->fix = xasprintf("read %s with READ_ONCE() after the check, where it is used",
						    sym_str(p->text));
				rule_report(ctx, fd);
				vec_push(&seen, p->key);
				break;
			}
		}
	}
	vec_free(&seen);
	vec_free(&checks);
	free(ipdom);
	free(cd);
}

/* --- finishing a finding (triage hooks, rules/rule.h) ------------------- */

/* Where the stale snapshot's value goes; a data race is benign at least. */
static void impact(const struct finding *f, const struct index *idx,
		   const struct profile_set *prof, struct impact_reach *best)
{
	reach_of_refs(f, idx, prof, "snapshot", best);
	if (!best->impact || best->impact == IMPACT_GUEST_STATE) {
		best->impact = IMPACT_BENIGN;
		snprintf(best->why, sizeof(best->why),
			 "a stale or torn value, used where nothing is known to depend on it");
	}
}

static void witness(struct finding *f)
{
	finding_step_at(f, 0, finding_site_with(f, "snapshot", 0), "takes the snapshot");
	finding_step_at(f, 1, finding_site_with(f, "writer", 0), "changes the field");
	finding_step_at(f, 0, finding_site_with(f, "check", 0),
			"checks the object, which now looks valid");
	finding_step_at(f, 0, finding_site_with(f, "use", 0), "uses the stale snapshot");
}

/* The right-hand side of "T v = EXPR;" with the blanks before it dropped. */
static void trimmed_rhs(char *out, size_t n, const char *eq, const char *semi)
{
	char *r = out;

	snprintf(out, n, "%.*s", (int)(semi - eq - 1), eq + 1);
	while (*r == ' ')
		memmove(r, r + 1, strlen(r));
}

/* "int cpu = vcpu->cpu;" -> "int cpu;" and the read moved, marked, to the use. */
static char *fix_diff(const struct finding *f, struct text_cache *tc)
{
	uint32_t s = finding_site_with(f, "snapshot", 0), u = finding_site_with(f, "use", 0);
	const struct site *ss, *us;
	struct source *src;
	const char *line, *eq, *semi, *uline, *var, *vname;
	char lhs[256], rhs[256], indent[64];
	size_t n, ul;
	struct sbuf d = {0};

	if (s == UINT32_MAX || u == UINT32_MAX)
		return NULL;
	ss = &f->sites.v[s];
	us = &f->sites.v[u];
	if (ss->file != us->file || !(src = text_cache_get(tc, ss->file)))
		return NULL;
	line = source_line(src, ss->line, &n);
	eq = memchr(line, '=', n);
	semi = memchr(line, ';', n);
	if (!eq || !semi || semi < eq)
		return NULL;
	snprintf(lhs, sizeof(lhs), "%.*s", (int)(eq - line), line);
	while (strlen(lhs) && lhs[strlen(lhs) - 1] == ' ')
		lhs[strlen(lhs) - 1] = '\0';
	trimmed_rhs(rhs, sizeof(rhs), eq, semi);
	uline = source_line(src, us->line, &ul);
	snprintf(indent, sizeof(indent), "%.*s", (int)strspn(uline, " \t"), uline);
	/* the variable is the last word of the left-hand side */
	var = strrchr(lhs, ' ');
	vname = var ? var + 1 : lhs + strspn(lhs, " \t");
	sb_printf(&d, "--- a/%s\n+++ b/%s\n", sym_str(ss->file), sym_str(ss->file));
	sb_printf(&d, "@@ -%u,1 +%u,1 @@\n-%.*s\n+%s;\n", ss->line, ss->line, (int)n, line, lhs);
	sb_printf(&d, "@@ -%u,1 +%u,2 @@\n+%s%s = READ_ONCE(%s);\n %.*s\n", us->line, us->line,
		  indent, vname, rhs, (int)ul, uline);
	return d.s;
}
