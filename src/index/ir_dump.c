/*
 * The dump format, one function at a time:
 *
 *   func NAME FILE:LINE-END [static] [partial]
 *     param 0 vcpu : struct kvm_vcpu *
 *     local 2 cpu : int
 *     path 1 vcpu->cpu : base param vcpu (struct kvm_vcpu *), chain ->cpu, 1 deref, key ...
 *     loop 0 macro kvm_for_each_vcpu at 37, var tmp, over vcpu->kvm
 *     bb0 entry -> bb2 bb3
 *       #0 3311:12 read vcpu->cpu plain locks{} srcs(vcpu@entry:base)
 *
 * Everything printed comes from the IR alone, so the dump is what unit
 * tests compare against.
 */
#include "index/ir_dump.h"
#include "ir/cfg.h"
#include "index/index.h"

#include <stdlib.h>
#include <string.h>

static void dump_src(struct sbuf *o, const struct ir_func *f, const struct ir_src *s)
{
	static const char *const how[] = {
		[HOW_VALUE] = "", [HOW_MASK] = ":mask", [HOW_CLEAR] = ":clear",
		[HOW_COMPARE] = ":cmp", [HOW_TEST] = ":test", [HOW_BASE] = ":base",
		[HOW_INDEX] = ":index", [HOW_EQUAL] = ":eq",
		[HOW_MODULO] = ":mod",
	};

	switch (s->kind) {
	case SRC_OP:
		sb_printf(o, "#%u", s->ref);
		break;
	case SRC_VAR:
		sb_printf(o, "%s@", s->ref < f->nvars ? sym_str(f->vars[s->ref].name) : "?");
		if (!s->defs)
			sb_puts(o, "undef");
		for (uint32_t i = 0; i < s->defs; i++) {
			uint32_t d = f->reach[s->def_start + i];

			if (i)
				sb_putc(o, '|');
			if (d & REACH_ENTRY)
				sb_puts(o, "entry");
			else
				sb_printf(o, "#%u", d);
		}
		break;
	case SRC_CONST:
		sb_puts(o, sym_str(s->ref));
		break;
	case SRC_ADDR:
		sb_printf(o, "&%s", s->ref < f->npaths ? sym_str(f->paths[s->ref].text) : "?");
		break;
	}
	if (s->how < sizeof(how) / sizeof(how[0]))
		sb_puts(o, how[s->how]);
}

static void dump_srcs(struct sbuf *o, const struct ir_func *f, const struct ir_src *s, uint32_t n)
{
	sb_putc(o, '(');
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			sb_puts(o, ", ");
		dump_src(o, f, &s[i]);
	}
	sb_putc(o, ')');
}

static int cmp_item(const void *a, const void *b)
{
	return strcmp(sym_str(((const struct ir_lockitem *)a)->lock),
		      sym_str(((const struct ir_lockitem *)b)->lock));
}

static void dump_locks(struct sbuf *o, const struct ir_func *f, const struct ir_op *op)
{
	uint32_t n;
	const struct ir_lockitem *held = op_locks(f, op, &n);
	struct ir_lockitem it[64];

	/* by name, not by id: ids depend on thread timing */
	n = n > 64 ? 64 : n;
	if (n)
		memcpy(it, held, n * sizeof(*it));
	sort_n(it, n, sizeof(*it), cmp_item);

	sb_puts(o, " locks{");
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			sb_puts(o, ", ");
		sb_printf(o, "%s:%s%s%s%s", sym_str(it[i].lock), ir_lock_kind_name(it[i].kind),
			  it[i].asserted ? ":asserted" : "", it[i].from_caller ? ":caller" : "",
			  it[i].every ? ":every" : "");
	}
	if (op_in_rcu(f, op))
		sb_puts(o, n ? ", rcu" : "rcu");
	sb_putc(o, '}');
}

static void dump_flags(struct sbuf *o, uint16_t fl, uint8_t kind)
{
	static const struct {
		uint16_t bit;
		const char *name;
	} names[] = {
		{ OPF_COND, "cond" }, { OPF_TRACE, "trace" }, { OPF_COMPOUND, "compound" },
		{ OPF_INIT, "init" }, { OPF_NORETURN, "noreturn" }, { OPF_TRYLOCK, "trylock" },
		{ OPF_SCOPED, "scoped" }, { OPF_MACRO_LOOP, "macro-loop" },
		{ OPF_IMPLICIT, "implicit" }, { OPF_WARN, "warn" }, { OPF_DEBUG_WARN, "debug-only" }, { OPF_INDIRECT, "indirect" },
		{ OPF_OUTPARAM, "outparam" }, { OPF_PREPROC, "#if" }, { OPF_NOT_TEST, "not" },
		{ OPF_LOCK_MACRO, "lock-macro" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (fl & names[i].bit)
			sb_printf(o, " %s", names[i].bit == OPF_BIT_VAR && kind == OP_RMW ?
						   "bit-var" : names[i].name);
}

static void dump_op(struct sbuf *o, const struct ir_func *f, uint32_t i)
{
	const struct ir_op *op = &f->ops[i];

	sb_printf(o, "    #%u %u:%u %s", i, op->line, op->col, ir_op_kind_name(op->kind));
	switch (op->kind) {
	case OP_READ:
	case OP_WRITE:
	case OP_RMW:
		sb_printf(o, " %s %s", op->a < f->npaths ? sym_str(f->paths[op->a].text) : "?",
			  ir_mark_name(op->mark));
		if (op->flags & OPF_COMPOUND)
			sb_printf(o, " op%c=", (char)op->compound_op);
		break;
	case OP_CALL:
		sb_printf(o, " %s", sym_str(op->a));
		sb_putc(o, '(');
		for (uint32_t k = 0; k < op_nargs(op); k++) {
			const struct ir_arg *a = &f->args[op->src_start + k];

			if (k)
				sb_puts(o, "; ");
			for (uint32_t j = 0; j < a->src_count; j++) {
				if (j)
					sb_puts(o, ", ");
				dump_src(o, f, &f->srcs[a->src_start + j]);
			}
			/* a pointer's offset, which the sources alone do not show */
			if (a->form && sym_str(a->form)[0] == '@')
				sb_printf(o, " {%s}", sym_str(a->form));
		}
		sb_putc(o, ')');
		if (op->mark == CALL_STORED_INTO)
			sb_puts(o, " stored-into");
		break;
	case OP_DEF:
		sb_printf(o, " %s", op->a < f->nvars ? sym_str(f->vars[op->a].name) : "?");
		for (uint32_t m = 0; m < f->nmoves; m++)
			if (f->moves[m].op == i)
				sb_printf(o, " %s +%s",
					  sym_str(f->moves[m].form)[0] == '@' ? "starts" : "moves",
					  sym_str(f->moves[m].form) + 1);
		break;
	case OP_USE:
		sb_printf(o, " %s", ir_use_name(op->mark));
		break;
	case OP_BRANCH:
		/* the arms taken only for one value: "bb3 if cmd==SET_NUM" */
		for (uint32_t k = 0; k < f->ncases; k++)
			if (f->cases[k].branch == i && f->cases[k].var < f->nvars)
				sb_printf(o, " [bb%u if %s==%s]", f->cases[k].target,
					  sym_str(f->vars[f->cases[k].var].name),
					  sym_str(f->cases[k].value));
		break;
	case OP_LOCK:
	case OP_UNLOCK:
	case OP_ASSERT_HELD:
		sb_printf(o, " %s %s",
			  op->a < f->npaths ? sym_str(f->paths[op->a].text) : "-",
			  ir_lock_kind_name(op->mark));
		break;
	case OP_ASSERT_EXCL:
		sb_printf(o, " %s %s",
			  op->a < f->npaths ? sym_str(f->paths[op->a].text) : "-",
			  op->mark ? "access" : "writer");
		break;
	default:
		break;
	}
	dump_flags(o, op->flags, op->kind);
	if (op->kind != OP_CALL && op->src_count) {
		sb_putc(o, ' ');
		dump_srcs(o, f, f->srcs + op->src_start, op->src_count);
	}
	if (op->loop)
		sb_printf(o, " loop%u", op->loop - 1);
	dump_locks(o, f, op);
	sb_putc(o, '\n');
}

/* By first op; empty blocks by index; the exit block last. */
static bool block_before(const struct ir_func *f, uint32_t a, uint32_t b)
{
	const struct ir_block *x = &f->blocks[a], *y = &f->blocks[b];

	if ((x->flags & BLOCK_EXIT) != (y->flags & BLOCK_EXIT))
		return !(x->flags & BLOCK_EXIT);
	if (x->op_start != y->op_start)
		return x->op_start < y->op_start;
	return a < b;
}

static int cmp_lock_name(const void *a, const void *b)
{
	return strcmp(sym_str(((const struct ir_lockitem *)a)->lock),
		      sym_str(((const struct ir_lockitem *)b)->lock));
}

void ir_dump_func(struct sbuf *o, const struct ir_func *f, const struct index *idx)
{
	sb_printf(o, "func %s %s:%u-%u%s%s%s\n", sym_str(f->name), sym_str(f->file), f->line,
		  f->end_line, f->is_static ? " static" : "", f->partial ? " partial" : "",
		  f->is_macro ? " macro" : "");
	if (f->ret_type)
		sb_printf(o, "  returns %s\n", sym_str(f->ret_type));
	for (uint32_t i = 0; i < f->nannotations; i++)
		sb_printf(o, "  annotation %s\n", sym_str(f->annotations[i]));
	if (idx && f->id < idx->nfuncs) {
		const struct func_info *fi = &idx->info[f->id];

		sb_printf(o, "  callers %u%s%s", fi->ncallers, fi->address_taken ? ", address taken" : "",
			  fi->exported ? ", exported" : "");
		if (fi->nentry) {
			struct ir_lockitem *e = xmalloc(sizeof(*e) * fi->nentry);

			memcpy(e, fi->entry, sizeof(*e) * fi->nentry);
			sort_n(e, fi->nentry, sizeof(*e), cmp_lock_name);
			sb_puts(o, ", all hold");
			for (uint32_t i = 0; i < fi->nentry; i++)
				sb_printf(o, " %s:%s%s", sym_str(e[i].lock), ir_lock_kind_name(e[i].kind),
					  e[i].every ? ":every" : "");
			free(e);
		}
		sb_putc(o, '\n');
	}
	for (uint32_t i = 0; i < f->nvars; i++) {
		const struct ir_var *v = &f->vars[i];

		sb_printf(o, "  %s %u %s : %s%s%s%s%s\n", v->is_param ? "param" : "local", i,
			  v->name ? sym_str(v->name) : "(unnamed)", v->type ? sym_str(v->type) : "?",
			  v->is_user ? " user" : "", v->is_static ? " static" : "",
			  v->by_value ? " on-stack" : "", v->to_const ? " to-const" : "");
	}
	for (uint32_t i = 0; i < f->npaths; i++) {
		const struct ir_path *p = &f->paths[i];
		static const char *const bk[] = { "none", "var", "global", "call", "expr" };
		const char *kind = bk[p->base_kind < 5 ? p->base_kind : 0];

		if (p->base_kind == BASE_VAR && p->base < f->nvars)
			kind = f->vars[p->base].is_param ? "param" : "local";
		sb_printf(o, "  path %u %s : base %s %s", i, sym_str(p->text), kind,
			  ir_path_base_name(f, p));
		if (p->base_type)
			sb_printf(o, " (%s)", sym_str(p->base_type));
		if (p->chain)
			sb_printf(o, ", chain %s", sym_str(p->chain));
		if (p->derefs)
			sb_printf(o, ", %u deref%s", p->derefs, p->derefs > 1 ? "s" : "");
		if (p->key)
			sb_printf(o, ", key %s", sym_str(p->key));
		sb_putc(o, '\n');
	}
	for (uint32_t i = 0; i < f->nloops; i++) {
		const struct ir_loop *l = &f->loops[i];
		static const char *const lk[] = { "for", "while", "do", "macro" };

		sb_printf(o, "  loop %u %s", i, lk[l->kind < 4 ? l->kind : 0]);
		if (l->macro)
			sb_printf(o, " %s", sym_str(l->macro));
		sb_printf(o, " at %u, head bb%u", l->line, l->head);
		if (l->parent)
			sb_printf(o, ", inside loop %u", l->parent - 1);
		if (l->var != IR_NONE && l->var < f->nvars)
			sb_printf(o, ", var %s", sym_str(f->vars[l->var].name));
		if (l->over != IR_NONE && l->over < f->npaths)
			sb_printf(o, ", over %s", sym_str(f->paths[l->over].text));
		sb_putc(o, '\n');
	}
	/* blocks in source order: the order their operations were made */
	uint32_t *order = xmalloc(sizeof(uint32_t) * (f->nblocks + 1));

	for (uint32_t b = 0; b < f->nblocks; b++)
		order[b] = b;
	for (uint32_t i = 1; i < f->nblocks; i++) {
		uint32_t x = order[i], j = i;

		while (j > 0 && block_before(f, x, order[j - 1])) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = x;
	}
	for (uint32_t k = 0; k < f->nblocks; k++) {
		uint32_t b = order[k];
		const struct ir_block *bl = &f->blocks[b];

		sb_printf(o, "  bb%u%s%s", b, (bl->flags & BLOCK_ENTRY) ? " entry" : "",
			  (bl->flags & BLOCK_EXIT) ? " exit" : "");
		if (bl->nsucc) {
			sb_puts(o, " ->");
			for (uint32_t s = 0; s < bl->nsucc; s++)
				sb_printf(o, " bb%u", f->succs[bl->succ_start + s]);
		}
		sb_putc(o, '\n');
		for (uint32_t i = bl->op_start; i < bl->op_end && i < f->nops; i++)
			dump_op(o, f, i);
	}
	free(order);
}
