/*
 * Statements -> control-flow graph.  Every statement kind of C, plus the
 * kernel's macro-with-a-body idioms the grammar cannot know: an iterator
 * header (kvm_for_each_vcpu(i, v, kvm) { ... }) is a loop, scoped_guard()
 * holds its lock over its body, guard() holds it to the end of the scope.
 */
#include "frontend/lower_internal.h"
#include "profile/idioms.h"

#include <stdio.h>
#include <string.h>

static bool has_preds(struct lctx *c, uint32_t b)
{
	return b < c->npred.n && c->npred.v[b] > 0;
}

/* Statements after a return or goto still get lowered, in a block of
 * their own that nothing reaches. */
static void ensure_live(struct lctx *c)
{
	if (!c->live)
		start_block(c, new_block(c));
}

static void open_scope(struct lctx *c)
{
	vec_push(&c->scope_marks, c->scope.n);
}

/* Let go of guard g's lock at `line` (its scope ends, or a return leaves it). */
static void release_guard(struct lctx *c, const struct guard_ent *g, uint32_t line)
{
	uint32_t op;

	if (!c->live)
		return;
	if (g->unlock) {
		op = emit_call(c, g->at, g->unlock, OPF_IMPLICIT, NULL, NULL, NULL, NULL, 0);
		c->ops.v[op].line = line;
		return;
	}
	op = emit_op_line(c, OP_UNLOCK, line, 0, g->path, c->tmp.n);
	c->ops.v[op].mark = g->kind;
	c->ops.v[op].flags |= OPF_SCOPED | OPF_IMPLICIT;
}

static void close_scope(struct lctx *c, uint32_t line)
{
	uint32_t depth = c->scope_marks.n;

	/* guard() locks are released where their scope ends */
	while (c->guards.n && c->guards.v[c->guards.n - 1].scope == depth) {
		struct guard_ent g = c->guards.v[--c->guards.n];

		release_guard(c, &g, line);
	}
	if (c->scope_marks.n > 1)
		c->scope.n = c->scope_marks.v[--c->scope_marks.n];
}

/* The lock kind a guard's class names (guard-class in the profiles), or -1. */
static int guard_lock_kind(const char *cls)
{
	return idiom_guard_class_kind(cls);
}

/* Emit a LOCK of the lock that `arg` points to ("&x->lock" or "lock"). */
static void emit_lock_of(struct lctx *c, TSNode arg, int kind, uint16_t flags, uint8_t op,
			 bool owner)
{
	uint32_t base = c->tmp.n, path = IR_NONE, o;

	if (kind == LOCK_RCU || ts_node_is_null(arg)) {
		path = IR_NONE;
	} else {
		TSNode a = strip_parens(arg);

		if (node_is(a, SYN_POINTER_EXPRESSION) && node_is(ts_node_child(a, 0), SYN_AMP)) {
			path = lower_lvalue_path(c, child_by_field(a, FLD_ARGUMENT), &base);
		} else if (owner && node_is(a, SYN_CAST_EXPRESSION)) {
			/* lock_sock((struct sock *)tp): the object as the cast types it */
			path = owner_pointee_path(c, a, &base);
		} else if (node_is(a, SYN_IDENTIFIER)) {
			/*
			 * a pointer to the lock: the lock is *arg, as a lock
			 * call on the same pointer names it (pointee_path())
			 */
			path = pointee_path(c, a, &base);
		} else {
			path = lower_lvalue_path(c, a, &base);
		}
	}
	if (owner && path != IR_NONE)
		c->paths.v[path].flags |= PATH_FLAG_OWNER;
	tmp_truncate(c, base);
	o = emit_op(c, op, ts_node_is_null(arg) ? (TSNode){0} : arg, path, c->tmp.n);
	c->ops.v[o].mark = (uint8_t)kind;
	c->ops.v[o].flags |= flags;
}

/*
 * The function that lets go what lock function `name` takes, by the
 * convention lock and unlock functions are named by ("task_rq_lock",
 * "task_rq_unlock"; "rq_lock_irqsave", "rq_unlock_irqrestore"), or 0 when
 * the name holds no "lock".
 */
static sym_t unlock_name(const char *name)
{
	const char *l = NULL, *irq;
	char buf[256];
	size_t n;

	for (const char *s = strstr(name, "lock"); s; s = strstr(s + 1, "lock"))
		l = s;
	if (!l || strlen(name) + 16 >= sizeof(buf))
		return 0;
	n = (size_t)(l - name);
	snprintf(buf, sizeof(buf), "%.*sun%s", (int)n, name, l);
	irq = strstr(buf, "_irqsave");
	if (irq) {
		char rest[256];

		snprintf(rest, sizeof(rest), "%s", irq + strlen("_irqsave"));
		snprintf(buf + (irq - buf), sizeof(buf) - (size_t)(irq - buf), "_irqrestore%s",
			 rest);
	}
	return intern(buf);
}

/*
 * CLASS(cls, var)(args) of a class that takes no lock: a declaration of
 * var, of the class's own type, class_<cls>_t (what the kernel's CLASS()
 * declares).  The index reads that type as the return type of the tree's
 * function of the class's name, the getter its constructor calls by the
 * convention classes are named by (CLASS(find_get_task, t)(pid) runs
 * find_get_task(pid)): var->member then has the member's key, and a lock
 * in it its identity, as for a pointer declared with its type.
 */
static void class_declaration(struct lctx *c, TSNode inner, const char *cls)
{
	TSNode var = ts_node_named_child(child_by_field(inner, FLD_ARGUMENTS), 1);
	char buf[256];

	if (ts_node_is_null(var) || !node_is(var, SYN_IDENTIFIER) ||
	    snprintf(buf, sizeof(buf), CLASS_TYPE_PREFIX "%s_t", cls) >= (int)sizeof(buf))
		return;
	declare_var(c, node_sym(c, var), intern(buf), ts_node_start_point(var).row + 1, false);
}

/*
 * guard(cls)(args), CLASS(cls, var)(args) of a class no guard-class names:
 * a lock guard class is defined on the lock function of its own name
 * (DEFINE_LOCK_GUARD_1(task_rq_lock, ..., task_rq_lock(_T->lock, ...),
 * task_rq_unlock(...))), so the guard calls that function on its
 * arguments, and its unlock where the scope ends: what the tree's
 * functions take and let go, their summaries say.  Only for a class named
 * like a lock function: another class (a file reference, a power
 * reference) takes no lock, and calls nothing a lock function would.
 */
static void class_call_guard(struct lctx *c, TSNode call, TSNode inner, TSNode cls)
{
	struct guard_ent g = {0};
	const char *name;

	if (ts_node_is_null(cls) || !node_is(cls, SYN_IDENTIFIER))
		return;
	name = sym_str(node_sym(c, cls));
	g.unlock = unlock_name(name);
	if (!g.unlock) {
		class_declaration(c, inner, name);
		return;
	}
	lower_named_call(c, call, inner, child_by_field(call, FLD_ARGUMENTS), node_sym(c, cls));
	g.scope = c->scope_marks.n;
	g.path = IR_NONE;
	g.at = call;
	vec_push(&c->guards, g);
}

/*
 * guard(class)(lock), a call `call` of the call `inner`: the lock is held
 * to the end of the enclosing scope, where close_scope() releases it.
 * Met inside an expression: lower_call() calls it through c->hooks.
 */
void lower_guard(struct lctx *c, TSNode call, TSNode inner)
{
	TSNode cls = ts_node_named_child(child_by_field(inner, FLD_ARGUMENTS), 0);
	TSNode arg = ts_node_named_child(child_by_field(call, FLD_ARGUMENTS), 0);
	int kind = ts_node_is_null(cls) ? -1 : guard_lock_kind(sym_str(node_sym(c, cls)));
	struct guard_ent g = {0};

	if (kind < 0) {
		class_call_guard(c, call, inner, cls);
		return;
	}
	emit_lock_of(c, arg, kind, OPF_SCOPED, OP_LOCK, false);
	g.scope = c->scope_marks.n;
	g.path = c->ops.v[c->ops.n - 1].a;
	g.kind = (uint8_t)kind;
	vec_push(&c->guards, g);
}

static void lower_children(struct lctx *c, TSNode parent, uint32_t from);

static uint32_t loop_push(struct lctx *c, uint8_t kind, uint32_t line, uint32_t head)
{
	struct ir_loop l = {
		.line = line, .head = head, .parent = c->loop, .kind = kind,
		.var = IR_NONE, .over = IR_NONE,
	};

	vec_push(&c->loops, l);
	return c->loops.n - 1;
}

static void jumps_push(struct lctx *c, uint32_t brk, uint32_t cont)
{
	struct jump_target j = { brk, cont };

	vec_push(&c->jumps, j);
}

/*
 * Which plain-name arguments of an iterator macro does the macro assign?
 * By convention the cursor variables: locals not assigned before the loop,
 * or already used as cursors by an earlier loop.  Containers (a parameter,
 * a local set up before the loop) are only read.
 */
static bool is_iterator_var(struct lctx *c, uint32_t v)
{
	if (c->vars.v[v].is_param)
		return false;
	for (uint32_t i = 0; i < c->loops.n; i++)
		if (c->loops.v[i].kind == LOOP_MACRO && c->loops.v[i].var == v)
			return true;
	for (uint32_t i = 0; i < c->ops.n; i++)
		if (c->ops.v[i].kind == OP_DEF && c->ops.v[i].a == v)
			return false;
	return true;
}

/*
 * A macro header followed by the statement it runs: `name(args) body`.
 * `at` is the header node (for lines); its argument nodes are the nargs
 * kids from c->kids.v[args] on.
 */
static void lower_macro_block_args(struct lctx *c, sym_t name, TSNode at, uint32_t args,
				   uint32_t nargs, TSNode body)
{
	struct idiom id = idiom_of(name);
	uint32_t line = ts_node_start_point(at).row + 1;

	ensure_live(c);
	if (id.kind == ID_SCOPED_GUARD) {
		TSNode cls = nargs > 0 ? c->kids.v[args].node : (TSNode){0};
		uint32_t li = id.loc >= 0 ? (uint32_t)id.loc : 1;
		TSNode arg = nargs > li ? c->kids.v[args + li].node : (TSNode){0};
		int kind = ts_node_is_null(cls) ? -1 : guard_lock_kind(sym_str(node_sym(c, cls)));
		uint32_t lock_op = IR_NONE;

		if (kind >= 0) {
			emit_lock_of(c, arg, kind, OPF_SCOPED, OP_LOCK, false);
			lock_op = c->ops.n - 1;
		}
		open_scope(c);
		lower_stmt(c, body);
		if (lock_op != IR_NONE && c->live) {
			uint32_t u = emit_op_line(c, OP_UNLOCK, ts_node_end_point(body).row + 1, 0,
						  c->ops.v[lock_op].a, c->tmp.n);

			c->ops.v[u].mark = (uint8_t)kind;
			c->ops.v[u].flags |= OPF_SCOPED | OPF_IMPLICIT;
		}
		close_scope(c, ts_node_end_point(body).row + 1);
		return;
	}

	/* A loop: the header runs before every iteration. */
	uint32_t head = new_block(c), bodyb = new_block(c), exit = new_block(c);
	uint32_t loop, start, iter = IR_NONE, over = IR_NONE;
	VEC(uint32_t) itvars = {0};

	goto_block(c, head);
	loop = loop_push(c, LOOP_MACRO, line, head);
	c->loops.v[loop].macro = name;
	start = c->tmp.n;
	/* the macro's definition, once for every argument */
	const struct macro_def *md = macro_before(c, name);
	for (uint32_t i = 0, argi = 0; i < nargs; i++) {
		TSNode a = c->kids.v[args + i].node;
		enum syn ak = syn_kind(a);

		if (ak == SYN_COMMENT)
			continue;
		argi++;
		if (ak == SYN_IDENTIFIER) {
			uint32_t v = lookup_var(c, node_sym(c, a));

			/* a bare name that is no variable is a member or type name */
			if (v == IR_NONE)
				continue;
			if (is_iterator_var(c, v)) {
				vec_push(&itvars, v);
				continue;
			}
		}
		{
			uint32_t b = c->tmp.n;
			uint32_t p = IR_NONE;
			TSNode s = strip_parens(a);

			if (node_is(s, SYN_POINTER_EXPRESSION) &&
			    node_is(ts_node_child(s, 0), SYN_AMP)) {
				p = lower_lvalue_path(c, child_by_field(s, FLD_ARGUMENT), &b);
				tmp_truncate(c, b);
				if (p != IR_NONE)
					push_src(c, SRC_ADDR, p);
			} else if (node_is(s, SYN_FIELD_EXPRESSION)) {
				uint32_t ob = c->ops.n;

				lower_expr(c, s, L_RVALUE);
				mark_macro_arg_read(c, md, argi - 1, ob);
				/* the path just read is what is iterated */
				if (c->ops.n && c->ops.v[c->ops.n - 1].kind == OP_READ)
					p = c->ops.v[c->ops.n - 1].a;
			} else {
				lower_expr(c, a, L_RVALUE);
			}
			if (p != IR_NONE && over == IR_NONE)
				over = p;
		}
	}
	{
		uint32_t o = emit_op(c, OP_CALL, at, name, c->tmp.n);

		c->ops.v[o].flags |= OPF_MACRO_LOOP;
		c->ops.v[o].src_count = 0;
		c->ops.v[o].src_start = c->args.n;
	}
	for (uint32_t i = 0; i < itvars.n; i++) {
		uint32_t v = itvars.v[i];
		const char *ty = sym_str(c->vars.v[v].type);

		emit_op(c, OP_DEF, at, v, start);
		/* the element, not the counter, is the loop's variable */
		if (iter == IR_NONE || (strchr(ty, '*') && !strchr(sym_str(c->vars.v[iter].type), '*')))
			iter = v;
	}
	vec_free(&itvars);
	tmp_truncate(c, start);
	c->loops.v[loop].var = iter;
	c->loops.v[loop].over = over;
	emit_op(c, OP_BRANCH, at, 0, c->tmp.n);
	c->ops.v[c->ops.n - 1].flags |= OPF_MACRO_LOOP;
	add_edge(c, c->cur, bodyb);
	add_edge(c, c->cur, exit);
	c->live = false;
	jumps_push(c, exit, head);
	start_block(c, bodyb);
	c->loop = (uint16_t)(loop + 1);
	lower_stmt(c, body);
	if (c->live)
		add_edge(c, c->cur, head);
	c->loop = c->loops.v[loop].parent;
	c->jumps.n--;
	start_block(c, exit);
}

static void lower_macro_block(struct lctx *c, TSNode call, TSNode body)
{
	uint32_t base = kids_named(c, child_by_field(call, FLD_ARGUMENTS));

	lower_macro_block_args(c, callee_name(c, call), call, base, c->kids.n - base, body);
	c->kids.n = base;
}

/*
 * "for_each_thing(x) { ... }" with a single argument parses as a nested
 * function definition: type for_each_thing, declarator (x).
 */
static bool lower_misparsed_iterator(struct lctx *c, TSNode def)
{
	TSNode type = child_by_field(def, FLD_TYPE), decl = child_by_field(def, FLD_DECLARATOR);
	TSNode body = child_by_field(def, FLD_BODY);
	struct kid arg = {0};
	uint32_t base = c->kids.n;
	sym_t name;

	if (!node_is(type, SYN_TYPE_IDENTIFIER) || !node_is(decl, SYN_PARENTHESIZED_DECLARATOR) ||
	    ts_node_is_null(body))
		return false;
	name = node_sym(c, type);
	if (!idiom_is_iterator(sym_str(name)))
		return false;
	arg.node = ts_node_named_child(decl, 0);
	if (!ts_node_is_null(arg.node))
		vec_push(&c->kids, arg);
	lower_macro_block_args(c, name, def, base, c->kids.n - base, body);
	c->kids.n = base;
	return true;
}

/*
 * A macro header: an expression statement that is a call missing its ";"
 * (the body follows in braces), or whose ";" the source preparation put
 * there (the body follows without braces).
 */
bool is_macro_header(struct lctx *c, TSNode stmt, TSNode *call)
{
	TSNode semi;

	if (!node_is(stmt, SYN_EXPRESSION_STATEMENT) || ts_node_child_count(stmt) != 2)
		return false;
	*call = ts_node_child(stmt, 0);
	if (!node_is(*call, SYN_CALL_EXPRESSION))
		return false;
	semi = ts_node_child(stmt, 1);
	return ts_node_is_missing(semi) ||
	       source_is_synthetic_semi(c->src, ts_node_start_byte(semi));
}

/*
 * "if (c) { A } else" closed by #endif, then "{ B }": the kernel's way of
 * building the if only when a config option is set.  The parser sees, in
 * the #if, an if without else and a stray "else" (an ERROR), then B after
 * the #endif.  True, with the if in *iff, for that shape.
 */
static bool split_else_if(struct lctx *c, TSNode pp, TSNode *iff)
{
	uint32_t k = ts_node_named_child_count(pp);
	TSNode last, prev;

	if (k < 2 || !ts_node_is_null(child_by_field(pp, FLD_ALTERNATIVE)))
		return false;
	/* "} else /+ falls through +/" : comments after the else do not count */
	while (k > 2 && node_is(ts_node_named_child(pp, k - 1), SYN_COMMENT))
		k--;
	last = ts_node_named_child(pp, k - 1);
	prev = ts_node_named_child(pp, k - 2);
	if (!node_is(last, SYN_ERROR) || !node_is(prev, SYN_IF_STATEMENT) ||
	    !ts_node_is_null(child_by_field(prev, FLD_ALTERNATIVE)))
		return false;
	if (node_sym_squeezed(c, last) != intern("else"))
		return false;
	*iff = prev;
	return true;
}

static void lower_preproc(struct lctx *c, TSNode n);

/*
 * ch an #if whose if's else #endif cut off, and next the statement after
 * the #endif: lower the two as split_else_if() says, and say so.
 */
static bool lower_split_else(struct lctx *c, TSNode ch, TSNode next)
{
	TSNode iff, saved_if, saved_else;

	if ((!node_is(ch, SYN_PREPROC_IF) && !node_is(ch, SYN_PREPROC_IFDEF)) ||
	    ts_node_is_null(next) || !split_else_if(c, ch, &iff))
		return false;
	saved_if = c->split_if;
	saved_else = c->split_else;
	c->split_if = iff;
	c->split_else = next;
	lower_preproc(c, ch);
	c->split_if = saved_if;
	c->split_else = saved_else;
	return true;
}

static void lower_compound(struct lctx *c, TSNode n)
{
	uint32_t base = kids_named(c, n), cnt = c->kids.n - base;

	open_scope(c);
	for (uint32_t i = 0; i < cnt; i++) {
		TSNode ch = c->kids.v[base + i].node, call;
		uint32_t j = i + 1;

		while (j < cnt && node_is(c->kids.v[base + j].node, SYN_COMMENT))
			j++;
		if (is_macro_header(c, ch, &call)) {
			if (j < cnt) {
				lower_macro_block(c, call, c->kids.v[base + j].node);
				i = j;
				continue;
			}
		}
		if (j < cnt && lower_split_else(c, ch, c->kids.v[base + j].node)) {
			i = j;
			continue;
		}
		if (node_is(ch, SYN_IF_STATEMENT) && j < cnt) {
			/* if (x) for_each_y(...)  <- its body is the next statement */
			c->dangling = c->kids.v[base + j].node;
			c->dangling_used = false;
			lower_stmt(c, ch);
			c->dangling = (TSNode){0};
			if (c->dangling_used)
				i = j;
			continue;
		}
		lower_stmt(c, ch);
	}
	close_scope(c, ts_node_end_point(n).row + 1);
	c->kids.n = base;
}

/* The trylock an if() tests, and whether the test is negated. */
/*
 * Is the condition `x && f(...)`, its last operand a call tested as it is
 * (likely() aside, no `!`)?  Its true arm then runs only when that call
 * returned nonzero (BRANCH_AND_CALL).
 */
static bool ends_with_call_conjunct(struct lctx *c, TSNode t)
{
	int depth = 0;

	if (!node_is(t, SYN_BINARY_EXPRESSION) ||
	    syn_kind(child_by_field(t, FLD_OPERATOR)) != SYN_AND)
		return false;
	t = strip_parens(child_by_field(t, FLD_RIGHT));
	while (depth++ < 4 && node_is(t, SYN_CALL_EXPRESSION) &&
	       idiom_of(callee_name(c, t)).kind == ID_PASS)
		t = strip_parens(ts_node_named_child(child_by_field(t, FLD_ARGUMENTS), 0));
	return node_is(t, SYN_CALL_EXPRESSION);
}

static bool trylock_condition(struct lctx *c, TSNode cond, TSNode *call, bool *negated)
{
	TSNode n = strip_parens(cond);
	int guard = 0;

	*negated = false;
	while (guard++ < 8) {
		if (node_is(n, SYN_UNARY_EXPRESSION) && node_is(ts_node_child(n, 0), SYN_BANG)) {
			*negated = !*negated;
			n = strip_parens(child_by_field(n, FLD_ARGUMENT));
			continue;
		}
		if (node_is(n, SYN_CALL_EXPRESSION)) {
			struct idiom id = idiom_of(callee_name(c, n));

			if (id.kind == ID_PASS) {
				n = strip_parens(ts_node_named_child(child_by_field(n, FLD_ARGUMENTS), 0));
				continue;
			}
			if (id.kind == ID_TRYLOCK) {
				*call = n;
				return true;
			}
			if (id.kind == ID_OWNER_TEST ||
			    (id.kind == ID_RMW && id.bitlock == BITLOCK_TAKE)) {
				/*
				 * held where it says nobody owns it: the false
				 * arm; so is a bit lock, where the bit was clear
				 */
				*call = n;
				*negated = !*negated;
				return true;
			}
		}
		break;
	}
	return false;
}

static void emit_trylock_success(struct lctx *c, TSNode call)
{
	sym_t name = callee_name(c, call);
	struct idiom id = idiom_of(name);
	TSNode arg = ts_node_named_child(child_by_field(call, FLD_ARGUMENTS), id.loc < 0 ? 0 : id.loc);
	uint32_t tb, p, o;

	if (id.kind == ID_RMW) {
		/* a bit lock: the path its test_and_set_bit() noted, if any */
		if (c->bitlock_path) {
			o = emit_op(c, OP_LOCK, call, c->bitlock_path - 1, c->tmp.n);
			c->ops.v[o].mark = LOCK_FLAG;
			c->ops.v[o].flags |= OPF_TRYLOCK;
		}
		return;
	}
	if (id.loc < 0 && name) {
		/* a global lock's trylock (rtnl_trylock()) */
		o = emit_op(c, OP_LOCK, call, global_lock_path(c, name, &id), c->tmp.n);
		c->ops.v[o].mark = (uint8_t)id.lock;
		c->ops.v[o].flags |= OPF_TRYLOCK;
		return;
	}
	if (id.loc < 0 || !name || !lock_via_wrapper(id, arg)) {
		emit_lock_of(c, arg, id.lock, OPF_TRYLOCK, OP_LOCK, id.owner);
		return;
	}
	/* a wrapper's trylock: on *p as its lock is, and the index reads its definition */
	p = pointee_path(c, arg, &tb);
	tmp_truncate(c, tb);
	o = emit_op(c, OP_LOCK, arg, p, c->tmp.n);
	c->ops.v[o].mark = (uint8_t)id.lock;
	c->ops.v[o].flags |= OPF_TRYLOCK;
	c->ops.v[o].via = name;
}

/* The arm of an if: a dangling iterator header takes the next statement. */
static void lower_arm(struct lctx *c, TSNode st, TSNode dangling)
{
	TSNode call;

	if (!ts_node_is_null(dangling) && !c->dangling_used && is_macro_header(c, st, &call)) {
		c->dangling_used = true;
		lower_macro_block(c, call, dangling);
		return;
	}
	lower_stmt(c, st);
}

/*
 * The local or parameter an if's condition tests for not being NULL
 * (`if (ctx)`, `if (ctx != NULL)`), or IR_NONE.
 */
static uint32_t tested_not_null(struct lctx *c, TSNode cond)
{
	TSNode e = strip_parens(cond);

	if (node_is(e, SYN_BINARY_EXPRESSION)) {
		TSNode op = child_by_field(e, FLD_OPERATOR), r = strip_parens(child_by_field(e, FLD_RIGHT));
		uint32_t s, len;

		if (ts_node_is_null(op) || ts_node_is_null(r))
			return IR_NONE;
		s = ts_node_start_byte(op);
		len = ts_node_end_byte(op) - s;
		if (len != 2 || memcmp(c->text + s, "!=", 2) ||
		    !(node_is(r, SYN_NULL) ||
		      (node_is(r, SYN_IDENTIFIER) && node_sym(c, r) == intern("NULL"))))
			return IR_NONE;
		e = strip_parens(child_by_field(e, FLD_LEFT));
	}
	if (!node_is(e, SYN_IDENTIFIER))
		return IR_NONE;
	return lookup_var(c, node_sym(c, e));
}

/*
 * `if (ctx) spin_lock(&ctx->lock);`: where ctx is NULL there is no lock
 * to take.  The locks the arm took through ctx and kept are taken on the
 * other edge too, marked OPF_IMPLICIT, so that after the join they are
 * held wherever ctx points at something.
 */
static void lock_null_objects(struct lctx *c, uint32_t var, uint32_t from, uint32_t to)
{
	for (uint32_t o = from; o < to; o++) {
		struct ir_op op = c->ops.v[o];
		const struct ir_path *p;
		bool kept = true;
		uint32_t k;

		if (op.kind != OP_LOCK || (op.flags & (OPF_TRYLOCK | OPF_SCOPED)) || op.a == IR_NONE)
			continue;
		p = &c->paths.v[op.a];
		if (p->base_kind != BASE_VAR || p->base != var || !p->derefs)
			continue;
		for (k = o + 1; k < to && kept; k++)
			kept = !(c->ops.v[k].kind == OP_UNLOCK && c->ops.v[k].a == op.a);
		if (!kept)
			continue;
		k = emit_op_line(c, OP_LOCK, op.line, op.col, op.a, c->tmp.n);
		c->ops.v[k].mark = op.mark;
		c->ops.v[k].flags |= OPF_IMPLICIT;
	}
}

/*
 * A flag used as a token: under a lock, `if (o->busy) { unlock; return; }
 * o->busy = 1; unlock;` claims it, and `o->busy = 0` later gives it back.
 * Whoever claims the same flag so waits for, or gives up to, its holder:
 * it is a lock (LOCK_FLAG) on the flag from the claim to the give-back.
 *
 * Here: the flag an if without else tests for truth (nothing else in its
 * condition) while a lock taken in this function is held, whose arm
 * leaves.  The next statement then claims it if it stores a constant
 * other than 0 into it (token_store()).
 */
static uint32_t token_tested(struct lctx *c, TSNode cond, uint32_t br)
{
	TSNode t = strip_parens(cond);
	const struct ir_op *b = &c->ops.v[br];
	const struct ir_src *s;
	const struct ir_path *p;
	uint32_t rd, depth = 0;

	while (depth++ < 4 && node_is(t, SYN_CALL_EXPRESSION) &&
	       idiom_of(callee_name(c, t)).kind == ID_PASS)
		t = strip_parens(ts_node_named_child(child_by_field(t, FLD_ARGUMENTS), 0));
	if (!node_is(t, SYN_FIELD_EXPRESSION) || b->src_count != 1)
		return 0;
	s = &c->srcs.v[b->src_start];
	if (s->kind != SRC_OP || s->how != HOW_VALUE || c->ops.v[s->ref].kind != OP_READ)
		return 0;
	rd = s->ref;
	p = &c->paths.v[c->ops.v[rd].a];
	if (p->base_kind != BASE_VAR || !p->derefs)
		return 0;
	/* a lock of this function's own, not let go before the test */
	for (uint32_t o = rd; o-- > 0;) {
		const struct ir_op *l = &c->ops.v[o];
		bool dropped = false;

		if (l->kind != OP_LOCK || l->a == IR_NONE || (l->flags & OPF_IMPLICIT) ||
		    l->mark == LOCK_RCU || l->mark == LOCK_SRCU || l->mark == LOCK_READ ||
		    l->mark == LOCK_SEQ || l->mark == LOCK_FLAG)
			continue;
		for (uint32_t u = o + 1; u < rd && !dropped; u++)
			dropped = c->ops.v[u].kind == OP_UNLOCK && c->ops.v[u].a == l->a;
		if (!dropped)
			return c->ops.v[rd].a + 1;
	}
	return 0;
}

static bool same_place(const struct ir_path *a, const struct ir_path *b)
{
	return a->base_kind == b->base_kind && a->base == b->base && a->text == b->text;
}

/*
 * The stores of statement ops [from, c->ops.n): a constant other than 0
 * into the flag the if before tested (`tested`) claims it as a token; 0
 * into a flag this function claimed before gives it back.
 */
static void token_store(struct lctx *c, uint32_t from, uint32_t tested)
{
	uint32_t end = c->ops.n;

	for (uint32_t o = from; o < end; o++) {
		const struct ir_op *w = &c->ops.v[o];
		const struct ir_src *s = NULL;
		const char *v;
		uint32_t k, nval = 0;

		if (w->kind != OP_WRITE || (w->flags & OPF_COMPOUND))
			continue;
		/* the value stored, besides the pointer the store goes through */
		for (k = 0; k < w->src_count; k++)
			if (c->srcs.v[w->src_start + k].how == HOW_VALUE) {
				s = &c->srcs.v[w->src_start + k];
				nval++;
			}
		if (nval != 1 || s->kind != SRC_CONST)
			continue;
		v = sym_str(s->ref);
		if (strcmp(v, "0") && strcmp(v, "false") && strcmp(v, "NULL")) {
			if (tested && same_place(&c->paths.v[w->a], &c->paths.v[tested - 1])) {
				k = emit_op(c, OP_LOCK, (TSNode){0}, w->a, c->tmp.n);
				c->ops.v[k].line = c->ops.v[o].line;
				c->ops.v[k].col = c->ops.v[o].col;
				c->ops.v[k].mark = LOCK_FLAG;
			}
			continue;
		}
		for (k = from; k-- > 0;)
			if (c->ops.v[k].kind == OP_LOCK && c->ops.v[k].mark == LOCK_FLAG &&
			    c->ops.v[k].a != IR_NONE &&
			    same_place(&c->paths.v[c->ops.v[k].a], &c->paths.v[w->a]))
				break;
		if (k == UINT32_MAX)
			continue;
		{
			uint32_t u = emit_op(c, OP_UNLOCK, (TSNode){0}, c->ops.v[k].a, c->tmp.n);

			c->ops.v[u].line = c->ops.v[o].line;
			c->ops.v[u].col = c->ops.v[o].col;
			c->ops.v[u].mark = LOCK_FLAG;
		}
	}
}

static void lower_if(struct lctx *c, TSNode n)
{
	uint32_t join = new_block(c), token = 0;
	int guard = 0;
	TSNode dangling = c->dangling;

	c->dangling = (TSNode){0};

	/* else-if chains are walked, not recursed */
	for (;;) {
		TSNode cond = child_by_field(n, FLD_CONDITION);
		TSNode cons = child_by_field(n, FLD_CONSEQUENCE);
		TSNode alt = child_by_field(n, FLD_ALTERNATIVE);
		TSNode tl;
		bool neg = false, tl_found, arm_live;
		uint32_t start, thenb, elseb, br, arm_from, arm_to, guarded, bitlock;

		ensure_live(c);
		tl_found = trylock_condition(c, cond, &tl, &neg);
		c->bitlock_path = 0;
		start = c->tmp.n;
		c->op_flags |= OPF_COND;
		lower_expr(c, cond, L_RVALUE);
		c->op_flags &= (uint16_t)~OPF_COND;
		br = emit_op(c, OP_BRANCH, cond, 0, start);
		/* the condition's bit lock, before an arm's own test_and_set_bit() */
		bitlock = c->bitlock_path;
		/*
		 * if (!x), if (unlikely(!x)): the then-arm is x's false arm (a
		 * rule pairs it with if (x)); likely() passes its argument on
		 */
		{
			TSNode t = strip_parens(cond);
			int depth = 0;

			while (depth++ < 4 && node_is(t, SYN_CALL_EXPRESSION) &&
			       idiom_of(callee_name(c, t)).kind == ID_PASS)
				t = strip_parens(ts_node_named_child(child_by_field(t, FLD_ARGUMENTS), 0));
			if (node_is(t, SYN_UNARY_EXPRESSION) && node_is(ts_node_child(t, 0), SYN_BANG))
				c->ops.v[br].flags |= OPF_NOT_TEST;
			else if (ends_with_call_conjunct(c, t))
				c->ops.v[br].mark = BRANCH_AND_CALL;
			/*
			 * if (a && b), if (a || b): the sources alone do not say
			 * which, and a test known false rules the arm out only
			 * in the first (ir_op.compound_op of a BRANCH)
			 */
			if (node_is(t, SYN_BINARY_EXPRESSION)) {
				TSNode bop = child_by_field(t, FLD_OPERATOR);

				if (node_is(bop, SYN_AND))
					c->ops.v[br].compound_op = '&';
				else if (node_is(bop, SYN_OR))
					c->ops.v[br].compound_op = '|';
			}
		}
		tmp_truncate(c, start);
		thenb = new_block(c);
		elseb = new_block(c);
		note_if_cases(c, br, cond, thenb, elseb);
		add_edge(c, c->cur, thenb);
		add_edge(c, c->cur, elseb);
		c->live = false;
		start_block(c, thenb);
		c->bitlock_path = bitlock;
		if (tl_found && !neg)
			emit_trylock_success(c, tl);
		arm_from = c->ops.n;
		if (!ts_node_is_null(cons))
			lower_arm(c, cons, dangling);
		arm_live = c->live;
		arm_to = c->ops.n;
		if (c->live)
			add_edge(c, c->cur, join);
		start_block(c, elseb);
		c->bitlock_path = bitlock;
		if (tl_found && neg)
			emit_trylock_success(c, tl);
		if (ts_node_is_null(alt) && arm_live &&
		    (guarded = tested_not_null(c, cond)) != IR_NONE)
			lock_null_objects(c, guarded, arm_from, arm_to);
		if (ts_node_is_null(alt) && ts_node_eq(n, c->split_if)) {
			/* the else an #endif cut off: see split_else_if() */
			lower_arm(c, c->split_else, (TSNode){0});
			break;
		}
		if (ts_node_is_null(alt)) {
			if (!arm_live && !guard && !tl_found)
				token = token_tested(c, cond, br);
			break;
		}
		/* else_clause: its statement is the last named child */
		{
			TSNode st = ts_node_named_child(alt, ts_node_named_child_count(alt) - 1);

			if (node_is(alt, SYN_ELSE_CLAUSE) && node_is(st, SYN_IF_STATEMENT) && guard++ < 100000) {
				n = st;
				continue;
			}
			lower_arm(c, node_is(alt, SYN_ELSE_CLAUSE) ? st : alt, dangling);
		}
		break;
	}
	if (c->live)
		add_edge(c, c->cur, join);
	c->live = false;
	start_block(c, join);
	c->live = has_preds(c, join);
	c->token_test = token;
}

static void lower_loop_cond(struct lctx *c, TSNode cond, uint32_t bodyb, uint32_t exit,
			    TSNode body, TSNode update)
{
	uint32_t start = c->tmp.n;

	if (!ts_node_is_null(cond)) {
		uint32_t counter = loop_counter_conjunct(c, cond, body, update);

		c->op_flags |= OPF_COND;
		lower_expr(c, cond, L_RVALUE);
		c->op_flags &= (uint16_t)~OPF_COND;
		if (c->tmp.n > start) {
			uint32_t u, end = c->tmp.n;

			/*
			 * a counter conjunct bounds the loop alone: the others
			 * are tests of when to stop (their values still reach
			 * the branch), so the bound is the counter's
			 */
			if (counter != IR_NONE) {
				for (uint32_t i = start; i < end; i++) {
					struct ir_src x = c->tmp.v[i];

					if (x.kind == SRC_VAR && x.ref == counter)
						vec_push(&c->tmp, x);
				}
				u = c->tmp.n > end ? emit_op(c, OP_USE, cond, 0, end) : IR_NONE;
				tmp_truncate(c, end);
			} else {
				u = emit_op(c, OP_USE, cond, 0, start);
			}
			if (u != IR_NONE)
				c->ops.v[u].mark = USE_LOOP_BOUND;
		}
	}
	emit_op(c, OP_BRANCH, ts_node_is_null(cond) ? (TSNode){0} : cond, 0, start);
	tmp_truncate(c, start);
	add_edge(c, c->cur, bodyb);
	if (!ts_node_is_null(cond))
		add_edge(c, c->cur, exit);
	c->live = false;
}

/*
 * while (test_and_set_bit(BUSY, &o->flags)) wait();  spins until the bit
 * was clear: the loop's way out holds it as a lock, when nothing in the
 * body leaves the loop another way (a break that gives up).
 */
static bool spins_on_bit_lock(struct lctx *c, TSNode cond, uint32_t exit, uint32_t *lp)
{
	TSNode tl;
	bool neg;

	if (!c->bitlock_path || !trylock_condition(c, cond, &tl, &neg) || !neg ||
	    idiom_of(callee_name(c, tl)).kind != ID_RMW)
		return false;
	*lp = c->bitlock_path - 1;
	return exit < c->npred.n && c->npred.v[exit] == 1;
}

static void lower_while(struct lctx *c, TSNode n)
{
	uint32_t head = new_block(c), bodyb = new_block(c), exit = new_block(c);
	uint32_t loop, lp, bitlock;

	goto_block(c, head);
	loop = loop_push(c, LOOP_WHILE, ts_node_start_point(n).row + 1, head);
	c->bitlock_path = 0;
	lower_loop_cond(c, child_by_field(n, FLD_CONDITION), bodyb, exit,
			child_by_field(n, FLD_BODY), (TSNode){0});
	/* the condition's bit lock, before the body's own test_and_set_bit() */
	bitlock = c->bitlock_path;
	jumps_push(c, exit, head);
	start_block(c, bodyb);
	c->loop = (uint16_t)(loop + 1);
	lower_stmt(c, child_by_field(n, FLD_BODY));
	if (c->live)
		add_edge(c, c->cur, head);
	c->loop = c->loops.v[loop].parent;
	c->jumps.n--;
	start_block(c, exit);
	c->live = has_preds(c, exit);
	c->bitlock_path = bitlock;
	if (c->live && spins_on_bit_lock(c, child_by_field(n, FLD_CONDITION), exit, &lp)) {
		uint32_t o = emit_op(c, OP_LOCK, child_by_field(n, FLD_CONDITION), lp, c->tmp.n);

		c->ops.v[o].mark = LOCK_FLAG;
	}
}

static void lower_for(struct lctx *c, TSNode n)
{
	TSNode init = child_by_field(n, FLD_INITIALIZER);
	TSNode update = child_by_field(n, FLD_UPDATE);
	uint32_t head, bodyb, upd, exit, loop, br;

	open_scope(c);
	ensure_live(c);
	if (!ts_node_is_null(init))
		lower_stmt(c, init);
	head = new_block(c);
	bodyb = new_block(c);
	upd = new_block(c);
	exit = new_block(c);
	goto_block(c, head);
	loop = loop_push(c, LOOP_FOR, ts_node_start_point(n).row + 1, head);
	lower_loop_cond(c, child_by_field(n, FLD_CONDITION), bodyb, exit,
			child_by_field(n, FLD_BODY), update);
	br = c->ops.n - 1;
	jumps_push(c, exit, upd);
	start_block(c, bodyb);
	c->loop = (uint16_t)(loop + 1);
	lower_stmt(c, child_by_field(n, FLD_BODY));
	note_counted_loop_exit(c, n, br, exit, br + 1, c->ops.n);
	goto_block(c, upd);
	c->live = has_preds(c, upd);
	if (!ts_node_is_null(update)) {
		uint32_t base = c->tmp.n;

		lower_expr(c, update, L_DISCARD);
		tmp_truncate(c, base);
	}
	if (c->live)
		add_edge(c, c->cur, head);
	c->loop = c->loops.v[loop].parent;
	c->jumps.n--;
	start_block(c, exit);
	c->live = has_preds(c, exit);
	close_scope(c, ts_node_end_point(n).row + 1);
}

static void lower_do(struct lctx *c, TSNode n)
{
	uint32_t bodyb = new_block(c), condb = new_block(c), exit = new_block(c);
	uint32_t loop;

	goto_block(c, bodyb);
	loop = loop_push(c, LOOP_DO, ts_node_start_point(n).row + 1, bodyb);
	jumps_push(c, exit, condb);
	c->loop = (uint16_t)(loop + 1);
	lower_stmt(c, child_by_field(n, FLD_BODY));
	goto_block(c, condb);
	c->live = has_preds(c, condb);
	lower_loop_cond(c, child_by_field(n, FLD_CONDITION), bodyb, exit,
			child_by_field(n, FLD_BODY), (TSNode){0});
	c->loop = c->loops.v[loop].parent;
	c->jumps.n--;
	start_block(c, exit);
	c->live = has_preds(c, exit);
}

/*
 * A case label of the innermost switch, wherever in its body it stands:
 * a block the switch branches to, entered also by falling through.
 */
static void lower_case(struct lctx *c, TSNode ch)
{
	uint32_t b = new_block(c);

	add_edge(c, c->sw.block, b);
	if (ts_node_is_null(child_by_field(ch, FLD_VALUE)))
		c->sw.has_default = true;
	else
		note_switch_case(c, c->sw.branch, c->sw.subject,
				 child_by_field(ch, FLD_VALUE), b);
	goto_block(c, b);
	lower_children(c, ch, 0);
}

static void lower_switch(struct lctx *c, TSNode n)
{
	TSNode cond = child_by_field(n, FLD_CONDITION);
	TSNode body = child_by_field(n, FLD_BODY);
	uint32_t start, sw, br, exit = new_block(c), base, cnt;
	struct switch_state outer;
	bool has_default = false;

	ensure_live(c);
	start = c->tmp.n;
	c->op_flags |= OPF_COND;
	lower_expr(c, cond, L_RVALUE);
	c->op_flags &= (uint16_t)~OPF_COND;
	if (c->tmp.n > start) {
		uint32_t u = emit_op(c, OP_USE, cond, 0, start);

		c->ops.v[u].mark = USE_SWITCH;
	}
	br = emit_op(c, OP_BRANCH, cond, 0, start);
	tmp_truncate(c, start);
	sw = c->cur;
	c->live = false;
	jumps_push(c, exit, c->jumps.n ? c->jumps.v[c->jumps.n - 1].cont : IR_NONE);
	open_scope(c);
	outer = c->sw;
	c->sw = (struct switch_state){ .in = true, .block = sw, .branch = br, .subject = cond };
	base = kids_named(c, body);
	cnt = c->kids.n - base;
	for (uint32_t i = 0; i < cnt; i++) {
		TSNode ch = c->kids.v[base + i].node;

		if (node_is(ch, SYN_CASE_STATEMENT)) {
			lower_case(c, ch);
		} else {
			uint32_t j = i + 1;

			/* a case's statements can be the switch body's own children */
			while (j < cnt && node_is(c->kids.v[base + j].node, SYN_COMMENT))
				j++;
			if (j < cnt && lower_split_else(c, ch, c->kids.v[base + j].node)) {
				i = j;
				continue;
			}
			lower_stmt(c, ch);
		}
	}
	c->kids.n = base;
	has_default = c->sw.has_default;
	c->sw = outer;
	close_scope(c, ts_node_end_point(n).row + 1);
	if (!has_default)
		add_edge(c, sw, exit);
	c->jumps.n--;
	if (c->live)
		add_edge(c, c->cur, exit);
	c->live = false;
	start_block(c, exit);
	c->live = has_preds(c, exit);
}

/* The statements of a case (everything but its value), or of an #if arm. */
static void lower_children(struct lctx *c, TSNode parent, uint32_t from)
{
	uint32_t base = kids_all(c, parent), nc = c->kids.n - base;
	const TSFieldId *fid = syntax.field;

	for (uint32_t k = from; k < nc; k++) {
		TSFieldId f = c->kids.v[base + k].field;
		TSNode ch = c->kids.v[base + k].node, call;

		if (f && (f == fid[FLD_VALUE] || f == fid[FLD_CONDITION] ||
			  f == fid[FLD_ALTERNATIVE] || f == fid[FLD_NAME] || f == fid[FLD_LABEL]))
			continue;
		if (!c->kids.v[base + k].named)
			continue;
		/* the stray "else" of split_else_if(): not a parse failure */
		if (node_is(ch, SYN_ERROR) && !ts_node_is_null(c->split_if) &&
		    ts_node_eq(ts_node_parent(ch), ts_node_parent(c->split_if)) &&
		    ts_node_eq(ts_node_parent(ch), parent))
			continue;
		if (is_macro_header(c, ch, &call) && k + 1 < nc) {
			lower_macro_block(c, call, c->kids.v[base + k + 1].node);
			k++;
			continue;
		}
		/* in a case too: "if (compat) x(); else" / "#endif" / "y();" */
		{
			uint32_t j = k + 1;

			while (j < nc && (!c->kids.v[base + j].named ||
					  node_is(c->kids.v[base + j].node, SYN_COMMENT)))
				j++;
			if (j < nc && lower_split_else(c, ch, c->kids.v[base + j].node)) {
				k = j;
				continue;
			}
		}
		lower_stmt(c, ch);
	}
	c->kids.n = base;
}

/* #if / #ifdef arms are alternatives: either may be what is built. */
static void lower_preproc(struct lctx *c, TSNode n)
{
	uint32_t join = new_block(c);
	int guard = 0;
	/* the statement after the #endif that is the cut-off else, if any */
	TSNode split = ts_node_is_null(c->split_if) || !ts_node_eq(ts_node_parent(c->split_if), n) ?
		       (TSNode){0} : c->split_else;

	ensure_live(c);
	while (!ts_node_is_null(n) && guard++ < 10000) {
		TSNode alt = child_by_field(n, FLD_ALTERNATIVE);
		uint32_t arm = new_block(c), rest = new_block(c);
		uint32_t o = emit_op(c, OP_BRANCH, n, 0, c->tmp.n);

		c->ops.v[o].flags |= OPF_PREPROC;
		add_edge(c, c->cur, rest);
		if (!never_built(c, n)) {
			add_edge(c, c->cur, arm);
			c->live = false;
			start_block(c, arm);
			lower_children(c, n, 0);
			if (c->live)
				add_edge(c, c->cur, join);
		}
		c->live = false;
		start_block(c, rest);
		n = alt;
	}
	/* without the #if, the cut-off else runs alone */
	if (!ts_node_is_null(split) && c->live)
		lower_stmt(c, split);
	if (c->live)
		add_edge(c, c->cur, join);
	c->live = false;
	start_block(c, join);
	c->live = has_preds(c, join);
}

static uint32_t label_block(struct lctx *c, sym_t name)
{
	struct label_ent l;

	for (uint32_t i = 0; i < c->labels.n; i++)
		if (c->labels.v[i].name == name)
			return c->labels.v[i].block;
	l.name = name;
	l.block = new_block(c);
	l.placed = false;
	vec_push(&c->labels, l);
	return l.block;
}

/*
 * "void __user *argp": the annotation (a profile's user-annotation) is
 * blanked for the parser, not lost.
 */
static bool declared_user(struct lctx *c, TSNode decl, TSNode type)
{
	uint32_t s = ts_node_start_byte(decl), e = ts_node_end_byte(decl), i;
	const char *t = c->src->text;
	size_t k;

	if (!idiom_user_word_count())
		return false;
	if (!ts_node_is_null(type))
		s = ts_node_start_byte(type);
	for (i = s; i < e && t[i] != '='; i++)
		;	/* the initialiser is not the declared type */
	return idiom_user_word_in(t + s, i - s, &k) != NULL;
}

static void lower_declaration(struct lctx *c, TSNode n)
{
	TSNode type = child_by_field(n, FLD_TYPE);
	uint32_t base = kids_all(c, n), nc = c->kids.n - base;
	bool is_static = false;
	int is_user = -1;

	for (uint32_t k = 0; k < nc; k++) {
		TSNode s = c->kids.v[base + k].node;

		if (c->kids.v[base + k].named && node_is(s, SYN_STORAGE_CLASS_SPECIFIER) &&
		    ts_node_end_byte(s) - ts_node_start_byte(s) == 6 &&
		    !memcmp(c->text + ts_node_start_byte(s), "static", 6))
			is_static = true;
	}
	for (uint32_t k = 0; k < nc; k++) {
		TSNode d, value = {0}, inner;
		sym_t name, ty;
		uint32_t v;
		int guard = 0;

		if (c->kids.v[base + k].field != syntax.field[FLD_DECLARATOR])
			continue;
		d = c->kids.v[base + k].node;
		inner = d;
		if (node_is(d, SYN_INIT_DECLARATOR)) {
			value = child_by_field(d, FLD_VALUE);
			inner = child_by_field(d, FLD_DECLARATOR);
		}
		{
			TSNode x = inner, y;

			while (!ts_node_is_null(x) && node_is(x, SYN_POINTER_DECLARATOR) && guard++ < 16)
				x = child_by_field(x, FLD_DECLARATOR);
			/*
			 * a local prototype, not `int (*fn)(struct x *)`: a
			 * pointer to a function is a variable (type "fnptr")
			 */
			if (node_is(x, SYN_FUNCTION_DECLARATOR) &&
			    !(node_is(y = child_by_field(x, FLD_DECLARATOR),
				      SYN_PARENTHESIZED_DECLARATOR) &&
			      node_is(ts_node_named_child(y, 0), SYN_POINTER_DECLARATOR)))
				continue;
		}
		ty = type_text(c, type, inner, &name);
		if (!name && ty == intern("fnptr") && !(name = fnptr_decl_name(c, inner)))
			continue;	/* an array of them, as before */
		if (!ts_node_is_null(value)) {
			uint32_t start;

			ensure_live(c);
			start = c->tmp.n;
			lower_expr(c, value, L_RVALUE);
			v = declare_var(c, name, ty, ts_node_start_point(d).row + 1, false);
			emit_op(c, OP_DEF, d, v, start);
			c->ops.v[c->ops.n - 1].flags |= OPF_INIT;
			set_var_init(c, v, const_value_form(c, value));
			note_derived(c, v, value);
			tmp_truncate(c, start);
		} else {
			v = declare_var(c, name, ty, ts_node_start_point(d).row + 1, false);
		}
		c->vars.v[v].is_static = is_static;
		c->vars.v[v].to_const = declares_pointer_to(c, n, inner, "const");
		c->vars.v[v].to_volatile = declares_pointer_to(c, n, inner, "volatile");
		/* the same for every declarator of n */
		if (is_user < 0)
			is_user = declared_user(c, n, type);
		c->vars.v[v].is_user = is_user;
		{
			const char *ts = sym_str(ty);

			c->vars.v[v].by_value = !strchr(ts, '*') &&
						(str_starts(ts, "struct ") || str_starts(ts, "union ") ||
						 str_ends(ts, "[]"));
		}
	}
	c->kids.n = base;
}

void lower_stmt(struct lctx *c, TSNode n)
{
	TSSymbol sym;
	/* a statement inside ({ ... }) must not drop its enclosing expression's values */
	uint32_t base = c->tmp.n, tested = c->token_test, from;

	if (ts_node_is_null(n))
		return;
	/* a comment between the test and the claim is no statement */
	if (node_is(n, SYN_COMMENT))
		return;
	c->token_test = 0;
	if (++c->depth > MAX_DEPTH) {
		c->too_deep = true;
		c->depth--;
		return;
	}
	sym = ts_node_symbol(n);
	switch (syn_sym_kind(sym)) {
	case SYN_COMPOUND_STATEMENT:
		lower_compound(c, n);
		break;
	case SYN_EXPRESSION_STATEMENT:
		ensure_live(c);
		if (ts_node_has_error(n))
			c->partial = true;
		from = c->ops.n;
		if (!ts_node_is_null(first_code_child(n)))
			lower_expr(c, first_code_child(n), L_DISCARD);
		tmp_truncate(c, base);
		token_store(c, from, tested);
		break;
	case SYN_DECLARATION:
		if (ts_node_has_error(n))
			c->partial = true;
		lower_declaration(c, n);
		break;
	case SYN_IF_STATEMENT:
		lower_if(c, n);
		break;
	case SYN_WHILE_STATEMENT:
		lower_while(c, n);
		break;
	case SYN_FOR_STATEMENT:
		lower_for(c, n);
		break;
	case SYN_DO_STATEMENT:
		lower_do(c, n);
		break;
	case SYN_SWITCH_STATEMENT:
		lower_switch(c, n);
		break;
	case SYN_CASE_STATEMENT:
		/* a case below its switch's body block: in an #ifdef arm, a loop */
		if (c->sw.in) {
			lower_case(c, n);
			break;
		}
		ensure_live(c);
		lower_children(c, n, 0);
		break;
	case SYN_RETURN_STATEMENT: {
		uint32_t start;

		ensure_live(c);
		start = c->tmp.n;
		if (!ts_node_is_null(first_code_child(n)))
			lower_expr(c, first_code_child(n), L_RVALUE);
		/*
		 * a return leaves every guard's scope: their locks are let go
		 * once the value is computed, innermost first, as the compiler's
		 * cleanups run -- the function does not return holding them
		 */
		for (uint32_t i = c->guards.n; i-- > 0;)
			release_guard(c, &c->guards.v[i], ts_node_start_point(n).row + 1);
		emit_op(c, OP_RETURN, n, 0, start);
		if (!ts_node_is_null(first_code_child(n)))
			note_derived(c, IR_NONE, first_code_child(n));
		tmp_truncate(c, start);
		add_edge(c, c->cur, c->exit_block);
		c->live = false;
		break;
	}
	case SYN_BREAK_STATEMENT:
	case SYN_CONTINUE_STATEMENT: {
		bool brk = syn_sym_kind(sym) == SYN_BREAK_STATEMENT;

		for (uint32_t i = c->jumps.n; i-- > 0;) {
			uint32_t to = brk ? c->jumps.v[i].brk : c->jumps.v[i].cont;

			if (to != IR_NONE) {
				if (c->live)
					add_edge(c, c->cur, to);
				break;
			}
		}
		c->live = false;
		break;
	}
	case SYN_GOTO_STATEMENT: {
		TSNode l = child_by_field(n, FLD_LABEL);

		if (!ts_node_is_null(l) && c->live)
			add_edge(c, c->cur, label_block(c, node_sym(c, l)));
		c->live = false;
		break;
	}
	case SYN_LABELED_STATEMENT: {
		TSNode l = child_by_field(n, FLD_LABEL);
		uint32_t b = label_block(c, node_sym(c, l));

		goto_block(c, b);
		c->live = true;
		lower_children(c, n, 0);
		break;
	}
	case SYN_ATTRIBUTED_STATEMENT: {
		uint32_t k = ts_node_named_child_count(n);

		if (k)
			lower_stmt(c, ts_node_named_child(n, k - 1));
		break;
	}
	case SYN_PREPROC_IF:
	case SYN_PREPROC_IFDEF:
		lower_preproc(c, n);
		break;
	case SYN_ERROR:
		c->partial = true;
		ensure_live(c);
		lower_children(c, n, 0);
		break;
	case SYN_COMMENT:
	case SYN_TYPE_DEFINITION:
	case SYN_STRUCT_SPECIFIER:
	case SYN_UNION_SPECIFIER:
	case SYN_ENUM_SPECIFIER:
	case SYN_LINKAGE_SPECIFICATION:
		/* nothing that runs */
		break;
	case SYN_IDENTIFIER:
		ensure_live(c);
		lower_expr(c, n, L_DISCARD);
		tmp_truncate(c, base);
		break;
	case SYN_FUNCTION_DEFINITION:
		/* a nested function (GNU C) is not lowered into its parent */
		if (!lower_misparsed_iterator(c, n))
			c->partial = true;
		break;
	default:
		if (syn_sym_flags(sym) & SYNF_PREPROC) {
			/* nothing that runs */
		} else if (syn_sym_flags(sym) & SYNF_EXPRESSION) {
			ensure_live(c);
			lower_expr(c, n, L_DISCARD);
			tmp_truncate(c, base);
		} else {
			/* an unknown statement kind: its children may still hold code */
			ensure_live(c);
			lower_children(c, n, 0);
		}
		break;
	}
	/*
	 * only an if just lowered leaves a tested flag for the statement after
	 * it: an if that ends a loop's body, a block or a switch does not test
	 * the flag on every way out of that statement
	 */
	if (syn_sym_kind(sym) != SYN_IF_STATEMENT)
		c->token_test = 0;
	c->depth--;
}

void lower_body(struct lctx *c, TSNode body)
{
	lower_stmt(c, body);
}
