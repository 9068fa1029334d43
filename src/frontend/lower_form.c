/*
 * A call argument's byte form (ir/byterange.h): the constant a size
 * argument spells, or how far past its base a pointer argument points and
 * at what type.  Copies of shared memory are compared by the bytes they
 * read; the IR's value sources keep which values an argument uses, not
 * the arithmetic, so the lowering writes the arithmetic down here while it
 * still has the syntax tree.
 */
#include "frontend/lower_internal.h"
#include "ir/byterange.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORM_DEPTH 24

static TSNode strip(TSNode n)
{
	while (node_is(n, SYN_PARENTHESIZED_EXPRESSION) && ts_node_named_child_count(n) == 1)
		n = ts_node_named_child(n, 0);
	return n;
}

/* The type of a local or parameter named by identifier n, or 0. */
static sym_t var_type(struct lctx *c, TSNode n)
{
	uint32_t v;

	if (!node_is(n, SYN_IDENTIFIER))
		return 0;
	v = lookup_var(c, node_sym(c, n));
	return v != IR_NONE ? c->vars.v[v].type : 0;
}

static bool lin_of(struct lctx *c, TSNode n, struct lin *x, bool vars, int depth);

void set_var_init(struct lctx *c, uint32_t var, sym_t form)
{
	while (c->var_init.n <= var)
		vec_push(&c->var_init, (sym_t)0);
	c->var_init.v[var] = form;
}

/* Every name the function assigns, takes the address of, or declares twice. */
static void scan_assigned(struct lctx *c)
{
	TSTreeCursor cur;
	uint32_t guard = 0;

	c->assigned_scanned = true;
	if (ts_node_is_null(c->fn_body))
		return;
	cur = ts_tree_cursor_new(c->fn_body);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		TSNode id = (TSNode){0};

		if (node_is(n, SYN_ASSIGNMENT_EXPRESSION))
			id = strip(child_by_field(n, FLD_LEFT));
		else if (node_is(n, SYN_UPDATE_EXPRESSION))
			id = strip(child_by_field(n, FLD_ARGUMENT));
		else if (node_is(n, SYN_POINTER_EXPRESSION) && node_is(ts_node_child(n, 0), SYN_AMP))
			id = strip(child_by_field(n, FLD_ARGUMENT));
		else if (node_is(n, SYN_INIT_DECLARATOR))
			id = child_by_field(n, FLD_DECLARATOR);
		if (node_is(id, SYN_IDENTIFIER))
			vec_push(&c->assigned, node_sym(c, id));
		if (++guard < 1000000 && ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur))
			if (!ts_tree_cursor_goto_parent(&cur))
				goto done;
	}
done:
	ts_tree_cursor_delete(&cur);
}

/* The constant a local stands for: its initialiser, if nothing assigns it again. */
static bool var_constant(struct lctx *c, uint32_t v, struct lin *x)
{
	struct arg_form af;
	unsigned inits = 0;

	if (v >= c->var_init.n || !c->var_init.v[v])
		return false;
	if (!c->assigned_scanned)
		scan_assigned(c);
	/* its own declaration is the one init_declarator allowed */
	for (uint32_t i = 0; i < c->assigned.n; i++)
		if (c->assigned.v[i] == c->vars.v[v].name && ++inits > 1)
			return false;
	if (!form_parse(c->var_init.v[v], &af) || af.kind != '=')
		return false;
	*x = af.off;
	return true;
}

/* The type sizeof applies to; 0 when only its spelling can stand for it. */
static sym_t sizeof_type(struct lctx *c, TSNode n)
{
	TSNode ty = child_by_field(n, FLD_TYPE), v = strip(child_by_field(n, FLD_VALUE));
	sym_t t;

	if (!ts_node_is_null(ty)) {
		/* sizeof(hdr) can parse as a type name: a local of that name wins */
		if (ts_node_named_child_count(ty) == 1 &&
		    (t = var_type(c, ts_node_named_child(ty, 0))) != 0)
			return t;
		if (ts_node_named_child_count(ty) == 1 &&
		    node_is(ts_node_named_child(ty, 0), SYN_TYPE_IDENTIFIER)) {
			TSNode id = ts_node_named_child(ty, 0);
			uint32_t k = lookup_var(c, node_sym(c, id));

			if (k != IR_NONE)
				return c->vars.v[k].type;
		}
		return node_sym_squeezed(c, ty);
	}
	if ((t = var_type(c, v)) != 0)
		return t;
	/* sizeof(u32) parses as an expression: a name that is no variable is a type */
	if (node_is(v, SYN_IDENTIFIER) && lookup_var(c, node_sym(c, v)) == IR_NONE)
		return node_sym(c, v);
	if (node_is(v, SYN_POINTER_EXPRESSION) && node_is(ts_node_child(v, 0), SYN_STAR))
		return type_pointee(var_type(c, strip(child_by_field(v, FLD_ARGUMENT))));
	return 0;
}

static bool lin_binary(struct lctx *c, TSNode n, struct lin *x, bool vars, int depth)
{
	TSNode op = child_by_field(n, FLD_OPERATOR);
	struct lin l, r;

	if (!lin_of(c, child_by_field(n, FLD_LEFT), &l, vars, depth + 1) ||
	    !lin_of(c, child_by_field(n, FLD_RIGHT), &r, vars, depth + 1))
		return false;
	if (node_is(op, SYN_PLUS) || node_is(op, SYN_MINUS)) {
		/* an unknown part subtracted could be anything */
		if (node_is(op, SYN_MINUS) && r.unknown)
			return false;
		*x = l;
		return lin_add(x, &r, node_is(op, SYN_PLUS) ? 1 : -1);
	}
	if (node_is(op, SYN_STAR)) {
		const struct lin *k = !l.n && !l.unknown ? &l : !r.n && !r.unknown ? &r : NULL;
		const struct lin *o = k == &l ? &r : &l;

		if (!k || k->c < 0)
			return false;
		memset(x, 0, sizeof(*x));
		lin_add(x, o, k->c);
		x->unknown = o->unknown && k->c;
		return true;
	}
	return false;
}

/*
 * offsetofend(T, m), the kernel's "bytes up to the end of member m": a
 * header copied so (argsz, flags, ..., count) stops before the members
 * declared after m, which a second copy may then read without reading
 * anything twice.  A term of its own, "offsetofend(T,m)", that the rule
 * places by the members' order, as it does offsetof(T, m).
 */
static bool offsetofend_term(struct lctx *c, TSNode n, struct lin *x)
{
	TSNode fn = child_by_field(n, FLD_FUNCTION);
	const char *t, *open, *comma, *end;
	size_t tl, ml;
	char name[300];

	if (!node_is(fn, SYN_IDENTIFIER) || strcmp(sym_str(node_sym(c, fn)), "offsetofend"))
		return false;
	/* the text as written: the parse text blanks "struct" in macro arguments */
	t = sym_str(text_sym_squeezed(c->src->text, ts_node_start_byte(n), ts_node_end_byte(n)));
	open = strchr(t, '(');
	comma = strrchr(t, ',');
	end = strrchr(t, ')');
	if (!open || !comma || !end || comma < open || end < comma)
		return false;
	open++;
	while (*open == ' ')
		open++;
	tl = (size_t)(comma - open);
	while (tl && open[tl - 1] == ' ')
		tl--;
	comma++;
	while (*comma == ' ')
		comma++;
	ml = (size_t)(end - comma);
	while (ml && comma[ml - 1] == ' ')
		ml--;
	if (!tl || !ml || strcspn(comma, " .[-") < ml)
		return false;
	snprintf(name, sizeof(name), "offsetofend(%.*s,%.*s)", (int)tl, open, (int)ml, comma);
	memset(x, 0, sizeof(*x));
	x->n = 1;
	x->name[0] = intern(name);
	x->k[0] = 1;
	return true;
}

/*
 * A non-negative integer expression as a LIN: numbers, sizeof, offsetof,
 * macro constants, + - and * by a constant.  A variable is the unknown
 * part, or with `vars` a term of its own, "$name" (ir/byterange.h), so
 * that regs[2*i] and regs[2*i+1] are told apart; anything else fails.
 */
static bool lin_of(struct lctx *c, TSNode n, struct lin *x, bool vars, int depth)
{
	char name[300];

	memset(x, 0, sizeof(*x));
	n = strip(n);
	if (ts_node_is_null(n) || depth > FORM_DEPTH)
		return false;
	switch (syn_kind(n)) {
	case SYN_NUMBER_LITERAL: {
		const char *t = sym_str(node_sym(c, n));
		char *e;

		x->c = (int64_t)strtoull(t, &e, 0);
		return e != t && strspn(e, "uUlL") == strlen(e);
	}
	case SYN_SIZEOF_EXPRESSION: {
		sym_t t = sizeof_type(c, n);

		if (t) {
			lin_sizeof(t, x);
			return true;
		}
		snprintf(name, sizeof(name), "%s", sym_str(node_sym_squeezed(c, n)));
		x->n = 1;
		x->name[0] = intern(name);
		x->k[0] = 1;
		return true;
	}
	case SYN_OFFSETOF_EXPRESSION: {
		/* the type as written: the parse text blanks "struct" in offsetof() */
		const char *t = sym_str(text_sym_squeezed(c->src->text, ts_node_start_byte(n),
							  ts_node_end_byte(n))),
			   *open = strchr(t, '('),
			   *comma = strrchr(t, ',');

		if (!open || !comma || comma < open || ts_node_named_child_count(n) < 2)
			return false;
		open++;
		while (*open == ' ')
			open++;
		snprintf(name, sizeof(name), "offsetof(%.*s,%s)",
			 (int)(comma - open - (comma > open && comma[-1] == ' ')), open,
			 sym_str(node_sym_squeezed(c, ts_node_named_child(n, 1))));
		x->n = 1;
		x->name[0] = intern(name);
		x->k[0] = 1;
		return true;
	}
	case SYN_BINARY_EXPRESSION:
		return lin_binary(c, n, x, vars, depth);
	case SYN_CAST_EXPRESSION:
		return lin_of(c, child_by_field(n, FLD_VALUE), x, vars, depth + 1);
	case SYN_IDENTIFIER: {
		const char *t = sym_str(node_sym(c, n));

		uint32_t v = lookup_var(c, node_sym(c, n));

		if (v == IR_NONE && looks_constant(t, strlen(t))) {
			x->n = 1;
			x->name[0] = node_sym(c, n);
			x->k[0] = 1;
			return true;
		}
		/* size_t size = offsetof(struct s, data); ... p + size */
		if (v != IR_NONE && var_constant(c, v, x))
			return true;
		memset(x, 0, sizeof(*x));
		if (vars && v != IR_NONE) {
			snprintf(name, sizeof(name), "$%s", t);
			x->n = 1;
			x->name[0] = intern(name);
			x->k[0] = 1;
			return true;
		}
		x->unknown = true;
		return true;
	}
	case SYN_CALL_EXPRESSION:
		if (offsetofend_term(c, n, x))
			return true;
		x->unknown = true;
		return true;
	case SYN_FIELD_EXPRESSION:
	case SYN_SUBSCRIPT_EXPRESSION:
		x->unknown = true;
		return true;
	default:
		return false;
	}
}

/* The type a cast expression casts to, as the pointee of a pointer cast. */
static sym_t cast_pointee(struct lctx *c, TSNode n)
{
	char buf[300];

	snprintf(buf, sizeof(buf), "%s", sym_str(node_sym_squeezed(c, child_by_field(n, FLD_TYPE))));
	return type_pointee(intern(buf));
}

/*
 * off += k elements of elem: a constant k scales sizeof(elem); a k with
 * names or an unknown part only scales a size that is a number.
 */
static bool step_elements(struct lin *off, sym_t elem, const struct lin *k)
{
	struct lin step;

	lin_sizeof(elem, &step);
	if (k->n || k->unknown) {
		if (step.n)
			return false;
		return lin_add(off, k, step.c);
	}
	return lin_add(off, &step, k->c);
}

/*
 * A pointer expression as an offset in bytes past its base and the type
 * it points to: p, (T *)p, p + k, &p[k], &p->f (offset 0 into the field).
 */
static bool ptr_of(struct lctx *c, TSNode n, struct lin *off, sym_t *elem, int depth)
{
	n = strip(n);
	memset(off, 0, sizeof(*off));
	*elem = 0;
	if (ts_node_is_null(n) || depth > FORM_DEPTH)
		return false;
	switch (syn_kind(n)) {
	case SYN_IDENTIFIER:
		*elem = type_pointee(var_type(c, n));
		return true;
	case SYN_CAST_EXPRESSION: {
		sym_t inner;

		*elem = cast_pointee(c, n);
		if (!*elem)
			return false;
		/* (T *)p + k steps in T; the cast itself moves nothing */
		if (!ptr_of(c, child_by_field(n, FLD_VALUE), off, &inner, depth + 1)) {
			TSNode v = strip(child_by_field(n, FLD_VALUE));
			struct lin k;

			memset(off, 0, sizeof(*off));
			/* (T *)(addr + k), addr an integer: k bytes past addr */
			if (node_is(v, SYN_BINARY_EXPRESSION) &&
			    node_is(child_by_field(v, FLD_OPERATOR), SYN_PLUS) &&
			    node_is(strip(child_by_field(v, FLD_LEFT)), SYN_IDENTIFIER) &&
			    !type_pointee(var_type(c, strip(child_by_field(v, FLD_LEFT)))) &&
			    lin_of(c, child_by_field(v, FLD_RIGHT), &k, true, depth + 1))
				return lin_add(off, &k, 1);
			/* (T *)addr: where addr points */
			if (!node_is(v, SYN_IDENTIFIER) && !node_is(v, SYN_FIELD_EXPRESSION))
				return false;
		}
		return true;
	}
	case SYN_BINARY_EXPRESSION: {
		TSNode op = child_by_field(n, FLD_OPERATOR);
		struct lin k;

		TSNode left = strip(child_by_field(n, FLD_LEFT));
		sym_t lt = var_type(c, left);

		if (!node_is(op, SYN_PLUS))
			return false;
		/*
		 * addr + k, addr an integer holding an address (a guest-physical
		 * one handed to a copy out of guest memory): k bytes past addr,
		 * and no type to step in
		 */
		if (lt && !type_pointee(lt) && !strchr(sym_str(lt), '[')) {
			*elem = 0;
			if (!lin_of(c, child_by_field(n, FLD_RIGHT), &k, true, depth + 1))
				return false;
			return lin_add(off, &k, 1);
		}
		if (!ptr_of(c, child_by_field(n, FLD_LEFT), off, elem, depth + 1) || !*elem ||
		    !lin_of(c, child_by_field(n, FLD_RIGHT), &k, true, depth + 1))
			return false;
		return step_elements(off, *elem, &k);
	}
	case SYN_POINTER_EXPRESSION: {
		TSNode in = strip(child_by_field(n, FLD_ARGUMENT));
		struct lin k;

		if (!node_is(ts_node_child(n, 0), SYN_AMP))
			return false;
		if (node_is(in, SYN_SUBSCRIPT_EXPRESSION)) {
			if (!ptr_of(c, child_by_field(in, FLD_ARGUMENT), off, elem, depth + 1) ||
			    !*elem || !lin_of(c, child_by_field(in, FLD_INDEX), &k, true, depth + 1))
				return false;
			return step_elements(off, *elem, &k);
		}
		return node_is(in, SYN_FIELD_EXPRESSION) || node_is(in, SYN_IDENTIFIER);
	}
	default:
		return false;
	}
}

sym_t const_value_form(struct lctx *c, TSNode value)
{
	char buf[440], lin[400];
	struct lin x;

	if (!lin_of(c, value, &x, false, 0) || x.unknown || (!x.n && !x.c))
		return 0;
	lin_format(&x, lin, sizeof(lin));
	snprintf(buf, sizeof(buf), "=%s", lin);
	return intern(buf);
}

sym_t move_form(struct lctx *c, TSNode var_node, TSNode amount)
{
	char buf[440], lin[400];
	struct lin k = { .c = 1 }, off;
	sym_t elem = type_pointee(var_type(c, strip(var_node)));

	memset(&off, 0, sizeof(off));
	if (!elem || (!ts_node_is_null(amount) && !lin_of(c, amount, &k, false, 0)) || k.unknown ||
	    !step_elements(&off, elem, &k) || off.unknown || (!off.n && off.c <= 0))
		return 0;
	lin_format(&off, lin, sizeof(lin));
	snprintf(buf, sizeof(buf), "=%s", lin);
	return intern(buf);
}

sym_t derived_form(struct lctx *c, TSNode value)
{
	char buf[512], lin[400];
	struct lin x;
	sym_t elem;
	TSNode v = strip(value);

	/* p + k, or a cast of it: not p itself, (T *)p, &p[k] or &p->f */
	while (node_is(v, SYN_CAST_EXPRESSION))
		v = strip(child_by_field(v, FLD_VALUE));
	/* an integer plus k is no pointer moved (ptr_of() allows it for arguments) */
	if (!node_is(v, SYN_BINARY_EXPRESSION) || !ptr_of(c, value, &x, &elem, 0) || !elem ||
	    x.unknown || (!x.n && !x.c))
		return 0;
	/* a variable's value ("$i") is only this statement's */
	for (unsigned t = 0; t < x.n; t++)
		if (sym_str(x.name[t])[0] == '$')
			return 0;
	lin_format(&x, lin, sizeof(lin));
	snprintf(buf, sizeof(buf), "@%s|%s", lin, elem ? sym_str(elem) : "");
	return intern(buf);
}

sym_t arg_byte_form(struct lctx *c, TSNode arg)
{
	char buf[512], lin[400];
	struct lin x;
	sym_t elem;
	TSNode a = strip(arg);

	if (node_is(a, SYN_NUMBER_LITERAL) || node_is(a, SYN_SIZEOF_EXPRESSION) ||
	    node_is(a, SYN_OFFSETOF_EXPRESSION) || node_is(a, SYN_BINARY_EXPRESSION) ||
	    node_is(a, SYN_IDENTIFIER)) {
		if (lin_of(c, a, &x, false, 0) && !x.unknown) {
			lin_format(&x, lin, sizeof(lin));
			snprintf(buf, sizeof(buf), "=%s", lin);
			return intern(buf);
		}
	}
	/* a plain pointer variable says no more than its declared type */
	if (node_is(a, SYN_IDENTIFIER) || !ptr_of(c, a, &x, &elem, 0))
		return 0;
	if (!x.n && !x.c && !x.unknown && !elem)
		return 0;
	lin_format(&x, lin, sizeof(lin));
	snprintf(buf, sizeof(buf), "@%s|%s", lin, elem ? sym_str(elem) : "");
	return intern(buf);
}
