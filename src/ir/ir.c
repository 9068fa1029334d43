#include "ir/ir.h"

#include <string.h>

const char *ir_op_kind_name(enum ir_op_kind k)
{
	static const char *const names[] = {
		[OP_READ] = "read", [OP_WRITE] = "write", [OP_RMW] = "rmw",
		[OP_CALL] = "call", [OP_DEF] = "def", [OP_USE] = "use",
		[OP_BRANCH] = "branch", [OP_RETURN] = "return", [OP_LOCK] = "lock",
		[OP_UNLOCK] = "unlock", [OP_ASSERT_HELD] = "assert-held",
		[OP_ASSERT_EXCL] = "assert-exclusive",
	};

	return k < OP_KIND_COUNT ? names[k] : "?";
}

const char *ir_mark_name(enum ir_mark m)
{
	static const char *const names[] = {
		[MARK_PLAIN] = "plain", [MARK_ONCE] = "once", [MARK_ATOMIC] = "atomic",
		[MARK_ACQUIRE] = "acquire", [MARK_RELEASE] = "release", [MARK_RCU] = "rcu",
		[MARK_DATA_RACE] = "data_race", [MARK_VOLATILE] = "volatile",
	};

	return m < MARK_COUNT ? names[m] : "?";
}

bool ir_mark_is_marked(enum ir_mark m)
{
	return m != MARK_PLAIN && m != MARK_DATA_RACE && m != MARK_VOLATILE;
}

const char *ir_lock_kind_name(enum ir_lock_kind k)
{
	static const char *const names[] = {
		[LOCK_SPIN] = "spin", [LOCK_MUTEX] = "mutex", [LOCK_READ] = "read",
		[LOCK_WRITE] = "write", [LOCK_SEM] = "sem", [LOCK_RCU] = "rcu",
		[LOCK_SRCU] = "srcu", [LOCK_SEQ] = "seq", [LOCK_OTHER] = "lock",
		[LOCK_FLAG] = "flag",
	};

	return k <= LOCK_FLAG ? names[k] : "?";
}

const char *ir_use_name(enum ir_use u)
{
	static const char *const names[] = {
		[USE_INDEX] = "index", [USE_PTR_ARITH] = "ptr-arith", [USE_DEREF] = "deref",
		[USE_LOOP_BOUND] = "loop-bound", [USE_SWITCH] = "switch",
	};

	return u <= USE_SWITCH ? names[u] : "?";
}

const char *ir_path_base_name(const struct ir_func *f, const struct ir_path *p)
{
	switch (p->base_kind) {
	case BASE_VAR:
		return p->base < f->nvars ? sym_str(f->vars[p->base].name) : "?";
	case BASE_GLOBAL:
		return sym_str(p->base);
	case BASE_CALL:
		return p->base < f->nops ? sym_str(f->ops[p->base].a) : "?";
	default:
		return "(expr)";
	}
}

const char *partial_reason_name(unsigned r)
{
	static const char *const names[PARTIAL_REASONS] = {
		"parse errors", "nesting too deep", "too large to track",
	};

	return r < PARTIAL_REASONS ? names[r] : "?";
}

const char *partial_reason_key(unsigned r)
{
	static const char *const keys[PARTIAL_REASONS] = { "syntax", "depth", "size" };

	return r < PARTIAL_REASONS ? keys[r] : "?";
}

/* The kernel holds some 15 million ops at once: keep the layout from growing. */
_Static_assert(sizeof(struct ir_op) == 32, "struct ir_op grew");

/* The next "1200c" of an arms string: its length, 0 at the end. */
static size_t arm_len(const char *s)
{
	size_t n = 0;

	while (s[n] && s[n] != '/')
		n++;
	return n;
}

bool preproc_arms_exclusive(sym_t a, sym_t b)
{
	const char *x = a ? sym_str(a) : "", *y = b ? sym_str(b) : "";
	bool common = false;
	size_t nx, ny;

	/* past the arms both are in */
	for (;;) {
		nx = arm_len(x);
		ny = arm_len(y);
		if (!nx || nx != ny || memcmp(x, y, nx))
			break;
		common = true;
		x += nx + (x[nx] == '/');
		y += ny + (y[ny] == '/');
	}
	/*
	 * Inside one conditional, one goes on into its alternative and the
	 * other stays in its block (or in a conditional nested there).
	 */
	return common && (nx && x[nx - 1] == 'a') != (ny && y[ny - 1] == 'a');
}

const struct ir_src *op_find_src(const struct ir_func *f, const struct ir_op *op, uint8_t kind,
				 uint32_t ref)
{
	if (!f->srcs)
		return NULL;
	if (op->kind == OP_CALL) {
		for (uint32_t k = 0; f->args && k < op_nargs(op); k++) {
			const struct ir_arg *a = &op_args(f, op)[k];
			const struct ir_src *s = arg_srcs(f, a);

			for (uint32_t i = 0; i < a->src_count; i++)
				if (s[i].kind == kind && s[i].ref == ref)
					return &s[i];
		}
		return NULL;
	}
	for (uint32_t i = 0; i < op->src_count; i++)
		if (f->srcs[op->src_start + i].kind == kind && f->srcs[op->src_start + i].ref == ref)
			return &f->srcs[op->src_start + i];
	return NULL;
}
