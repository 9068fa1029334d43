/*
 * The branch edges taken only when a variable holds a constant (struct
 * ir_case): a switch's case labels, and if (var == C), if (var != C) and
 * their combinations with || and &&.  An ioctl handler and the helpers it
 * hands `cmd` to fetch under different commands; a rule can tell such
 * fetches apart only if the lowering writes down which command each arm
 * is for, while it still has the syntax tree.
 *
 * A value is recorded as spelled.  Only constants are recorded: numbers,
 * characters, upper-case names and macro calls (_IOW(...)), and sums or
 * negations of them; a variable or a lower-case name could change between
 * two tests, so an arm compared with one is taken for any value.
 */
#include "frontend/lower_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define CASE_EXPR_DEPTH 16
#define EDGE_VALUES 8

/* The variable a condition tests, as an identifier naming a local or parameter. */
static uint32_t tested_var(struct lctx *c, TSNode n)
{
	n = strip_parens(n);
	if (!node_is(n, SYN_IDENTIFIER))
		return IR_NONE;
	return lookup_var(c, node_sym(c, n));
}

static bool is_constant(struct lctx *c, TSNode n, int depth)
{
	n = strip_parens(n);
	if (ts_node_is_null(n) || depth > CASE_EXPR_DEPTH)
		return false;
	switch (syn_kind(n)) {
	case SYN_NUMBER_LITERAL:
	case SYN_CHAR_LITERAL:
	case SYN_NULL:		/* p == NULL: the constant a pointer test names */
		return true;
	case SYN_IDENTIFIER: {
		const char *t = sym_str(node_sym(c, n));

		return lookup_var(c, node_sym(c, n)) == IR_NONE && looks_constant(t, strlen(t));
	}
	case SYN_CALL_EXPRESSION: {
		/* _IOW('V', 0x10, struct s): a macro computing a constant */
		TSNode fn = child_by_field(n, FLD_FUNCTION);
		const char *t;

		if (!node_is(fn, SYN_IDENTIFIER))
			return false;
		t = sym_str(node_sym(c, fn));
		return lookup_var(c, node_sym(c, fn)) == IR_NONE && looks_constant(t, strlen(t));
	}
	case SYN_UNARY_EXPRESSION:
		/* -ENOIOCTLCMD */
		return node_is(ts_node_child(n, 0), SYN_MINUS) &&
		       is_constant(c, child_by_field(n, FLD_ARGUMENT), depth + 1);
	case SYN_BINARY_EXPRESSION:
		return is_constant(c, child_by_field(n, FLD_LEFT), depth + 1) &&
		       is_constant(c, child_by_field(n, FLD_RIGHT), depth + 1);
	case SYN_CAST_EXPRESSION:
		return is_constant(c, child_by_field(n, FLD_VALUE), depth + 1);
	default:
		return false;
	}
}

static bool word_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/*
 * A constant's spelling with no blank that does not part two words:
 * _IOW( 0xAF, 1, int) and _IOW(0xAF,1,int) are one spelling, so that only
 * a real difference in the text makes two values differ.
 */
static sym_t value_spelling(struct lctx *c, TSNode value)
{
	const char *t = sym_str(node_sym_squeezed(c, strip_parens(value)));
	char buf[256];
	size_t n = 0;

	for (size_t i = 0; t[i] && n + 1 < sizeof(buf); i++) {
		if (isspace((unsigned char)t[i]) &&
		    !(n && word_char(buf[n - 1]) && word_char(t[i + 1])))
			continue;
		buf[n++] = t[i];
	}
	buf[n] = '\0';
	return intern(buf);
}

static void push_case(struct lctx *c, uint32_t branch, uint32_t target, uint32_t var, TSNode value)
{
	struct ir_case k = { branch, target, var, value_spelling(c, value) };

	vec_push(&c->cases, k);
}

void note_switch_case(struct lctx *c, uint32_t branch, TSNode subject, TSNode value,
		      uint32_t target)
{
	uint32_t v = tested_var(c, subject);

	TSNode next;

	if (v == IR_NONE || ts_node_is_null(value) || !is_constant(c, value, 0))
		return;
	/*
	 * A GNU range (case 1 ... 4:) reaches the parser as its first value,
	 * the rest blanked (input/source.c): only blanks may lie between the
	 * value and the colon in the text as written.
	 */
	next = ts_node_next_sibling(value);
	if (ts_node_is_null(next) || strcmp(ts_node_type(next), ":") != 0)
		return;
	for (uint32_t i = ts_node_end_byte(value); i < ts_node_start_byte(next); i++)
		if (!isspace((unsigned char)c->src->text[i]))
			return;
	push_case(c, branch, target, v, value);
}

/* What one arm of a condition says: the variable holds one of these values. */
struct edge_values {
	uint32_t var;		/* IR_NONE: nothing known */
	unsigned n;
	TSNode value[EDGE_VALUES];
};

/*
 * The values the variable tested in n must hold where n is `truth`: from
 * var == C (true) and var != C (false), through !, && and ||.  A
 * conjunction keeps what either side knows; a disjunction only what both
 * sides know of one variable, their values together.
 */
static void edge_values(struct lctx *c, TSNode n, bool truth, struct edge_values *out, int depth)
{
	TSNode op, l, r;
	struct edge_values a, b;
	bool conj;

	out->var = IR_NONE;
	out->n = 0;
	n = strip_parens(n);
	if (ts_node_is_null(n) || depth > CASE_EXPR_DEPTH)
		return;
	if (node_is(n, SYN_UNARY_EXPRESSION) && node_is(ts_node_child(n, 0), SYN_BANG)) {
		edge_values(c, child_by_field(n, FLD_ARGUMENT), !truth, out, depth + 1);
		return;
	}
	if (!node_is(n, SYN_BINARY_EXPRESSION))
		return;
	op = child_by_field(n, FLD_OPERATOR);
	l = child_by_field(n, FLD_LEFT);
	r = child_by_field(n, FLD_RIGHT);
	if (node_is(op, SYN_EQ) || node_is(op, SYN_NE)) {
		uint32_t v;
		TSNode k;

		/* var == C holds on its true arm, var != C on its false one */
		if (node_is(op, SYN_EQ) != truth)
			return;
		if ((v = tested_var(c, l)) != IR_NONE && is_constant(c, r, 0))
			k = r;
		else if ((v = tested_var(c, r)) != IR_NONE && is_constant(c, l, 0))
			k = l;
		else
			return;
		out->var = v;
		out->n = 1;
		out->value[0] = k;
		return;
	}
	if (!node_is(op, SYN_AND) && !node_is(op, SYN_OR))
		return;
	/* (a && b) true, (a || b) false: both sides hold */
	conj = node_is(op, SYN_AND) == truth;
	edge_values(c, l, truth, &a, depth + 1);
	edge_values(c, r, truth, &b, depth + 1);
	if (conj) {
		*out = a.var != IR_NONE ? a : b;
		return;
	}
	if (a.var == IR_NONE || a.var != b.var || a.n + b.n > EDGE_VALUES)
		return;
	*out = a;
	for (unsigned i = 0; i < b.n; i++)
		out->value[out->n++] = b.value[i];
}

void note_if_cases(struct lctx *c, uint32_t branch, TSNode cond, uint32_t thenb, uint32_t elseb)
{
	struct edge_values ev;

	for (int arm = 0; arm < 2; arm++) {
		edge_values(c, cond, arm == 0, &ev, 0);
		for (unsigned i = 0; ev.var != IR_NONE && i < ev.n; i++)
			push_case(c, branch, arm == 0 ? thenb : elseb, ev.var, ev.value[i]);
	}
}

/* Is n, or anything under it, `&name` (the variable's address handed on)? */
static bool takes_address(struct lctx *c, TSNode n, sym_t name, int depth)
{
	if (ts_node_is_null(n) || depth > 64)
		return false;
	if (node_is(n, SYN_POINTER_EXPRESSION) && node_is(ts_node_child(n, 0), SYN_AMP)) {
		TSNode a = strip_parens(child_by_field(n, FLD_ARGUMENT));

		if (node_is(a, SYN_IDENTIFIER) && node_sym(c, a) == name)
			return true;
	}
	for (uint32_t i = 0; i < ts_node_named_child_count(n); i++)
		if (takes_address(c, ts_node_named_child(n, i), name, depth + 1))
			return true;
	return false;
}

/* The variable an initializer sets to a constant (i = 0, int i = 0), and the constant. */
static uint32_t init_to_constant(struct lctx *c, TSNode init, TSNode *value)
{
	TSNode l, r;

	init = strip_parens(init);
	if (node_is(init, SYN_DECLARATION)) {
		if (ts_node_named_child_count(init) < 1)
			return IR_NONE;
		init = ts_node_named_child(init, ts_node_named_child_count(init) - 1);
		if (!node_is(init, SYN_INIT_DECLARATOR))
			return IR_NONE;
		l = child_by_field(init, FLD_DECLARATOR);
		r = child_by_field(init, FLD_VALUE);
	} else if (node_is(init, SYN_ASSIGNMENT_EXPRESSION)) {
		const char *op = ts_node_type(child_by_field(init, FLD_OPERATOR));

		if (strcmp(op, "=") != 0)
			return IR_NONE;
		l = child_by_field(init, FLD_LEFT);
		r = child_by_field(init, FLD_RIGHT);
	} else {
		return IR_NONE;
	}
	if (ts_node_is_null(r) || !is_constant(c, r, 0))
		return IR_NONE;
	*value = strip_parens(r);
	return tested_var(c, l);
}

/*
 * A counted loop, for (i = C; i < K; i++) with C and K constants, C no
 * more than K, and i set nowhere else in the body nor handed on by
 * address: its condition fails only when i has counted up to K, so the
 * exit edge is taken only for i == K.  A test of i == K after the loop
 * then tells the loop's exhaustion from a `break` out of it (a retry
 * loop that leaves holding a lock, or after the last try holding none).
 */
void note_counted_loop_exit(struct lctx *c, TSNode n, uint32_t branch, uint32_t exit,
			    uint32_t body_start, uint32_t body_end)
{
	TSNode init = child_by_field(n, FLD_INITIALIZER), cond = child_by_field(n, FLD_CONDITION);
	TSNode update = strip_parens(child_by_field(n, FLD_UPDATE)), start, bound, l, r, op;
	uint32_t v;
	const char *ks, *cs;

	if (ts_node_is_null(init) || ts_node_is_null(update) || ts_node_is_null(cond) ||
	    (v = init_to_constant(c, init, &start)) == IR_NONE)
		return;
	cond = strip_parens(cond);
	if (!node_is(cond, SYN_BINARY_EXPRESSION))
		return;
	op = child_by_field(cond, FLD_OPERATOR);
	l = child_by_field(cond, FLD_LEFT);
	r = child_by_field(cond, FLD_RIGHT);
	if (node_is(op, SYN_LT) && tested_var(c, l) == v && is_constant(c, r, 0))
		bound = strip_parens(r);
	else if (node_is(op, SYN_GT) && tested_var(c, r) == v && is_constant(c, l, 0))
		bound = strip_parens(l);
	else
		return;
	/* i++ or ++i: one step at a time, so the count stops at K exactly */
	if (!node_is(update, SYN_UPDATE_EXPRESSION) ||
	    !strstr(ts_node_type(child_by_field(update, FLD_OPERATOR)), "++") ||
	    tested_var(c, child_by_field(update, FLD_ARGUMENT)) != v)
		return;
	/* from below K: two numbers compared, or a count from zero to a named bound */
	cs = sym_str(node_sym(c, start));
	ks = sym_str(node_sym(c, bound));
	if (!node_is(start, SYN_NUMBER_LITERAL))
		return;
	if (node_is(bound, SYN_NUMBER_LITERAL) ? strtoll(cs, NULL, 0) > strtoll(ks, NULL, 0)
					       : strtoll(cs, NULL, 0) != 0)
		return;
	for (uint32_t o = body_start; o < body_end && o < c->ops.n; o++)
		if (c->ops.v[o].kind == OP_DEF && c->ops.v[o].a == v)
			return;
	if (takes_address(c, child_by_field(n, FLD_BODY), c->vars.v[v].name, 0))
		return;
	push_case(c, branch, exit, v, bound);
}

/* Does anything under n set the variable `name` (name = .., name op= .., name++, &name)? */
static bool sets_var(struct lctx *c, TSNode n, sym_t name, int depth)
{
	TSNode a;

	if (ts_node_is_null(n) || depth > 64)
		return false;
	if (node_is(n, SYN_ASSIGNMENT_EXPRESSION))
		a = strip_parens(child_by_field(n, FLD_LEFT));
	else if (node_is(n, SYN_UPDATE_EXPRESSION))
		a = strip_parens(child_by_field(n, FLD_ARGUMENT));
	else
		a = (TSNode){0};
	if (!ts_node_is_null(a) && node_is(a, SYN_IDENTIFIER) && node_sym(c, a) == name)
		return true;
	if (node_is(n, SYN_POINTER_EXPRESSION) && node_is(ts_node_child(n, 0), SYN_AMP)) {
		a = strip_parens(child_by_field(n, FLD_ARGUMENT));
		if (node_is(a, SYN_IDENTIFIER) && node_sym(c, a) == name)
			return true;
	}
	for (uint32_t i = 0; i < ts_node_named_child_count(n); i++)
		if (sets_var(c, ts_node_named_child(n, i), name, depth + 1))
			return true;
	return false;
}

/* A conjunct `v++ < K` (++v, <=, K > v++): the counter v, or IR_NONE. */
static uint32_t counting_test(struct lctx *c, TSNode n)
{
	TSNode op, l, r, u;

	n = strip_parens(n);
	if (!node_is(n, SYN_BINARY_EXPRESSION))
		return IR_NONE;
	op = child_by_field(n, FLD_OPERATOR);
	l = strip_parens(child_by_field(n, FLD_LEFT));
	r = child_by_field(n, FLD_RIGHT);
	if ((node_is(op, SYN_LT) || node_is(op, SYN_LE)) && is_constant(c, r, 0))
		u = l;
	else if ((node_is(op, SYN_GT) || node_is(op, SYN_GE)) && is_constant(c, l, 0))
		u = strip_parens(r);
	else
		return IR_NONE;
	if (!node_is(u, SYN_UPDATE_EXPRESSION) ||
	    !strstr(ts_node_type(child_by_field(u, FLD_OPERATOR)), "++"))
		return IR_NONE;
	return tested_var(c, child_by_field(u, FLD_ARGUMENT));
}

static uint32_t counting_conjunct_in(struct lctx *c, TSNode n, int depth)
{
	uint32_t v;

	n = strip_parens(n);
	if (depth > CASE_EXPR_DEPTH)
		return IR_NONE;
	if (node_is(n, SYN_BINARY_EXPRESSION) && node_is(child_by_field(n, FLD_OPERATOR), SYN_AND)) {
		v = counting_conjunct_in(c, child_by_field(n, FLD_LEFT), depth + 1);
		return v != IR_NONE ? v : counting_conjunct_in(c, child_by_field(n, FLD_RIGHT),
							       depth + 1);
	}
	return counting_test(c, n);
}

/*
 * A loop condition that is a conjunction with a counter in it (while (a
 * && n++ < K && b)): every pass evaluates each conjunct true, so the
 * counter grows by one a pass and K bounds the loop, whatever the other
 * conjuncts read -- they only end it sooner, tests of when to stop, not
 * bounds.  The counter, if nothing else in the loop (its body, its
 * update) sets it; else IR_NONE.
 */
uint32_t loop_counter_conjunct(struct lctx *c, TSNode cond, TSNode body, TSNode update)
{
	uint32_t v;

	cond = strip_parens(cond);
	if (ts_node_is_null(cond) || !node_is(cond, SYN_BINARY_EXPRESSION) ||
	    !node_is(child_by_field(cond, FLD_OPERATOR), SYN_AND))
		return IR_NONE;
	if ((v = counting_conjunct_in(c, cond, 0)) == IR_NONE)
		return IR_NONE;
	if (sets_var(c, body, c->vars.v[v].name, 0) || sets_var(c, update, c->vars.v[v].name, 0))
		return IR_NONE;
	return v;
}
