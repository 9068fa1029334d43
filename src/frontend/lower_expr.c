/*
 * Expressions -> operations and value sources.
 *
 * lower_expr() emits the operations an expression performs (reads, writes,
 * calls, local definitions) and leaves on the value stack (c->tmp) the
 * sources of the expression's value.  Whoever consumes the value turns
 * that stack segment into an operation's srcs and truncates it.
 */
#include "frontend/lower_internal.h"
#include "ir/byterange.h"
#include "profile/idioms.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MAX_SEGS 64
/*
 * idiom_lookup() of a callee by its interned name: idiom_lookup_sym()'s
 * per-thread memo, which also forgets when the idioms are installed again.
 */
struct idiom idiom_of(sym_t name)
{
	return idiom_lookup_sym(name);
}

/* --- access paths ---------------------------------------------------- */

struct seg {
	char kind;		/* '>' arrow, '.' dot, '[' subscript, '*' deref */
	TSNode node;		/* field name or index expression */
	sym_t name;		/* a member a member-macro names, with no node */
};

/*
 * An lvalue taken apart: the object it starts from, and the segments
 * applied to it, outermost first, as the tree nests them.
 */
struct access {
	TSNode base;
	sym_t cast_type;	/* the base's type as a cast gives it, or 0 */
	unsigned nseg;
	struct seg segs[MAX_SEGS];
};

/* The result type of container_of(p, T, m) and its kin: "T *". */
static sym_t type_macro_result(struct lctx *c, TSNode call)
{
	TSNode arg = ts_node_named_child(child_by_field(call, FLD_ARGUMENTS), 1);
	const char *t;
	char buf[256];
	uint32_t s, e;

	if (!node_is(arg, SYN_IDENTIFIER) || !source_is_type_arg(c->src, ts_node_start_byte(arg)))
		return 0;
	s = ts_node_start_byte(arg);
	e = ts_node_end_byte(arg);
	/*
	 * "foo" when the parse copy blanked "struct"; a type a profile's
	 * type-arg made one word ("const struct foo" read as
	 * const_struct_foo) is read from the original text
	 */
	t = c->src->text;
	for (;;) {
		if (e - s > 6 && !memcmp(t + s, "const ", 6))
			s += 6;
		else if (e - s > 9 && !memcmp(t + s, "volatile ", 9))
			s += 9;
		else
			break;
		while (s < e && (t[s] == ' ' || t[s] == '\t'))
			s++;
	}
	if ((e - s > 7 && !memcmp(t + s, "struct ", 7)) || (e - s > 6 && !memcmp(t + s, "union ", 6)))
		snprintf(buf, sizeof(buf), "%.*s *", (int)MIN(e - s, 200u), t + s);
	else
		snprintf(buf, sizeof(buf), "struct %.*s *", (int)MIN(e - s, 200u), t + s);
	return intern(buf);
}

static bool is_pointer_type(sym_t t)
{
	return t && strchr(sym_str(t), '*') != NULL;
}

/*
 * The chain and text of a path under construction: on the stack, as
 * lower_lvalue_path() builds one per access, on the heap only when long.
 * Never copied, since s may point into the struct.
 */
struct pbuf {
	char *s;
	size_t len, cap;
	char local[128];
};

static void pb_init(struct pbuf *b)
{
	b->s = b->local;
	b->len = 0;
	b->cap = sizeof(b->local);
	b->s[0] = '\0';
}

static void pb_reserve(struct pbuf *b, size_t more)
{
	char *t;

	if (b->len + more + 1 <= b->cap)
		return;
	b->cap = MAX(b->cap * 2, b->len + more + 1);
	t = xmalloc(b->cap);
	memcpy(t, b->s, b->len + 1);
	if (b->s != b->local)
		free(b->s);
	b->s = t;
}

static void pb_putn(struct pbuf *b, const char *s, size_t n)
{
	pb_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void pb_puts(struct pbuf *b, const char *s)
{
	pb_putn(b, s, strlen(s));
}

/*
 * The text of n.  Through node_sym(), although the text is right there:
 * the string table must see the same strings in the same order as it
 * always did, or ids would change, and some --dump-ir output depends on
 * them (the base of a path on a marked read's result).
 */
static void pb_node(struct lctx *c, struct pbuf *b, TSNode n)
{
	pb_puts(b, sym_str(node_sym(c, n)));
}

/* A member segment's name: its node's text, or the name a member macro gave it. */
static void pb_seg(struct lctx *c, struct pbuf *b, const struct seg *s)
{
	if (s->name)
		pb_puts(b, sym_str(s->name));
	else
		pb_node(c, b, s->node);
}

static void pb_prepend_star(struct pbuf *b)
{
	pb_reserve(b, 1);
	memmove(b->s + 1, b->s, b->len + 1);
	b->s[0] = '*';
	b->len++;
}

static void pb_free(struct pbuf *b)
{
	if (b->s != b->local)
		free(b->s);
}

/*
 * A path under construction: the path, and its chain and text so far.
 * On the stack of lower_lvalue_path(), never copied (see struct pbuf).
 */
struct path_build {
	struct ir_path p;
	struct pbuf chain, text;
	bool pending_star;	/* a '*' to spell with the '.' above it */
};

static void path_build_init(struct path_build *b)
{
	b->p = (struct ir_path){0};
	pb_init(&b->chain);
	pb_init(&b->text);
	b->pending_star = false;
}

/* The path built: its chain and text interned, and its index. */
static uint32_t path_build_finish(struct lctx *c, struct path_build *b)
{
	b->p.chain = intern_n(b->chain.s, b->chain.len);
	b->p.text = intern_n(b->text.s, b->text.len);
	pb_free(&b->chain);
	pb_free(&b->text);
	return intern_path(c, &b->p);
}

/* The member macro (member-macro) call n is of, or NULL. */
static const struct member_macro_decl *member_macro_of(struct lctx *c, TSNode n)
{
	TSNode fn = child_by_field(n, FLD_FUNCTION);

	if (!node_is(fn, SYN_IDENTIFIER))
		return NULL;
	return idiom_member_macro(sym_str(node_sym(c, fn)));
}

/* Argument k of call n, comments left out, or a null node. */

static TSNode nth_arg(struct lctx *c, TSNode al, int i);

static TSNode member_macro_arg(struct lctx *c, TSNode n, int k)
{
	return nth_arg(c, child_by_field(n, FLD_ARGUMENTS), k);
}

/*
 * The segments a member macro's call stands for, outermost first:
 * shared_info(d, vcpu_info[i].mask) is d->shared_info->vcpu_info[i].mask,
 * so .mask, [i], ->vcpu_info (the member argument, taken apart, its first
 * name reached through an arrow), then ->shared_info (the chain, by name).
 * The base argument is taken apart by the caller.
 */
static bool split_member_macro(struct lctx *c, TSNode n, struct seg *segs, unsigned *nseg)
{
	const struct member_macro_decl *m = member_macro_of(c, n);
	TSNode x = member_macro_arg(c, n, m->member), base = member_macro_arg(c, n, m->base);
	char buf[256], *parts[32], kinds[32];
	unsigned np = 0;

	if (ts_node_is_null(x) || ts_node_is_null(base))
		return false;
	for (int guard = 0; guard < 64; guard++) {
		if (*nseg == MAX_SEGS)
			return false;
		if (node_is(x, SYN_FIELD_EXPRESSION)) {
			segs[*nseg].kind = node_is(ts_node_child(x, 1), SYN_ARROW) ? '>' : '.';
			segs[*nseg].name = 0;
			segs[(*nseg)++].node = child_by_field(x, FLD_FIELD);
			x = child_by_field(x, FLD_ARGUMENT);
		} else if (node_is(x, SYN_SUBSCRIPT_EXPRESSION)) {
			segs[*nseg].kind = '[';
			segs[*nseg].name = 0;
			segs[(*nseg)++].node = child_by_field(x, FLD_INDEX);
			x = child_by_field(x, FLD_ARGUMENT);
		} else {
			break;
		}
	}
	if (!node_is(x, SYN_IDENTIFIER) && !node_is(x, SYN_FIELD_IDENTIFIER))
		return false;
	/* the member's first name, through the pointer the chain leads to */
	segs[*nseg].kind = '>';
	segs[*nseg].name = node_sym(c, x);
	segs[(*nseg)++].node = (TSNode){0};
	if (!m->chain[0])
		return true;
	/* the chain, split at its dots and arrows, innermost last */
	snprintf(buf, sizeof(buf), "%s", m->chain);
	for (char *p = buf, *w = buf; np < 32; p++) {
		if (*p == '.' || *p == '-' || *p == '\0') {
			char end = *p;

			kinds[np] = np == 0 ? '>' : kinds[np];
			parts[np++] = w;
			*p = '\0';
			if (!end)
				break;
			if (end == '-')
				p++;	/* "->" */
			if (np < 32)
				kinds[np] = end == '.' ? '.' : '>';
			w = p + 1;
		}
	}
	while (np-- > 0) {
		if (*nseg == MAX_SEGS)
			return false;
		segs[*nseg].kind = kinds[np];
		segs[*nseg].name = intern(parts[np]);
		segs[(*nseg)++].node = (TSNode){0};
	}
	return true;
}

/*
 * Take lvalue n apart into a: its segments, outermost first, down to its
 * base, through parentheses and casts.  False if n has more segments than
 * a holds, or a part is missing.
 */
static bool split_access(struct lctx *c, TSNode n, struct access *a)
{
	struct seg *segs = a->segs;
	unsigned nseg = 0;
	sym_t cast_type = 0;
	TSNode x = n;

	for (int guard = 0; guard < 10000; guard++) {
		enum syn t = syn_kind(x);

		if (t == SYN_FIELD_EXPRESSION) {
			if (nseg == MAX_SEGS)
				return false;
			segs[nseg].kind = node_is(ts_node_child(x, 1), SYN_ARROW) ? '>' : '.';
			segs[nseg].name = 0;
			segs[nseg++].node = child_by_field(x, FLD_FIELD);
			cast_type = 0;
			x = child_by_field(x, FLD_ARGUMENT);
		} else if (t == SYN_SUBSCRIPT_EXPRESSION) {
			if (nseg == MAX_SEGS)
				return false;
			segs[nseg].kind = '[';
			segs[nseg].name = 0;
			segs[nseg++].node = child_by_field(x, FLD_INDEX);
			cast_type = 0;
			x = child_by_field(x, FLD_ARGUMENT);
		} else if (t == SYN_POINTER_EXPRESSION && node_is(ts_node_child(x, 0), SYN_STAR)) {
			if (nseg == MAX_SEGS)
				return false;
			segs[nseg].kind = '*';
			segs[nseg].name = 0;
			segs[nseg++].node = (TSNode){0};
			cast_type = 0;
			x = child_by_field(x, FLD_ARGUMENT);
		} else if (t == SYN_PARENTHESIZED_EXPRESSION) {
			TSNode in = first_code_child(x);

			if (ts_node_is_null(in) || node_is(in, SYN_COMPOUND_STATEMENT))
				break;
			x = in;
		} else if (t == SYN_CALL_EXPRESSION && member_macro_of(c, x)) {
			if (!split_member_macro(c, x, segs, &nseg))
				return false;
			cast_type = 0;
			x = member_macro_arg(c, x, member_macro_of(c, x)->base);
		} else if (t == SYN_CAST_EXPRESSION) {
			if (!cast_type)
				cast_type = type_text(c, child_by_field(child_by_field(x, FLD_TYPE), FLD_TYPE),
						      child_by_field(child_by_field(x, FLD_TYPE), FLD_DECLARATOR),
						      NULL);
			x = child_by_field(x, FLD_VALUE);
		} else {
			break;
		}
		if (ts_node_is_null(x))
			return false;
	}
	a->base = x;
	a->cast_type = cast_type;
	a->nseg = nseg;
	return true;
}

/*
 * The base of access a, when it is a name: a variable, or a global, whose
 * value is read first when the segment above it goes through a pointer.
 * As lower_access_base().
 */
static bool lower_name_base(struct lctx *c, const struct access *a, struct path_build *b,
			    uint32_t *whole)
{
	TSNode x = a->base;
	sym_t name = node_sym(c, x);
	uint32_t v = lookup_var(c, name);

	if (v != IR_NONE) {
		b->p.base_kind = BASE_VAR;
		b->p.base = v;
		b->p.base_type = a->cast_type ? a->cast_type : c->vars.v[v].type;
		if (a->nseg == 0) {
			*whole = var_path(c, v);
			return false;
		}
		push_src(c, SRC_VAR, v);
	} else {
		if (source_is_type_arg(c->src, ts_node_start_byte(x)))
			return false;
		b->p.base_kind = BASE_GLOBAL;
		b->p.base = name;
		b->p.base_type = a->cast_type;
		if (a->nseg == 0) {
			*whole = global_path(c, name);
			return false;
		}
		/* the global's value is the pointer or the object itself */
		if (a->segs[a->nseg - 1].kind == '>' || a->segs[a->nseg - 1].kind == '*') {
			uint32_t bt = c->tmp.n;
			uint32_t r = emit_op(c, OP_READ, x, global_path(c, name), bt);

			c->ops.v[r].mark = MARK_PLAIN;
			push_src(c, SRC_OP, r);
		}
	}
	pb_puts(&b->text, sym_str(name));
	return true;
}

/*
 * The base of access a, when it is a call: the path starts from the
 * call's result, "f()".  As lower_access_base().
 */
static bool lower_call_base(struct lctx *c, const struct access *a, uint32_t tmp_base,
			    struct path_build *b)
{
	TSNode x = a->base;
	sym_t callee = callee_name(c, x);
	struct idiom id = idiom_of(callee);

	if (a->nseg == 0)
		return false;
	lower_call(c, x, L_RVALUE);
	if (c->tmp.n == tmp_base || c->tmp.v[c->tmp.n - 1].kind != SRC_OP)
		return false;
	b->p.base_kind = BASE_CALL;
	b->p.base = c->tmp.v[c->tmp.n - 1].ref;
	b->p.base_type = a->cast_type ? a->cast_type :
			 id.kind == ID_TYPE_MACRO ? type_macro_result(c, x) : 0;
	pb_puts(&b->text, callee ? sym_str(callee) : "(*)");
	pb_puts(&b->text, "()");
	return true;
}

/*
 * Lower the base of access a: a name, a call, or any other expression,
 * whose value goes on the value stack from tmp_base on.  Sets the path's
 * base and starts its text.  Returns whether the segments follow; if not,
 * the path ends at the base, and *whole is it: the variable or global
 * that an access without segments is, or else IR_NONE.
 */
static bool lower_access_base(struct lctx *c, const struct access *a, uint32_t tmp_base,
			      struct path_build *b, uint32_t *whole)
{
	*whole = IR_NONE;
	if (node_is(a->base, SYN_IDENTIFIER))
		return lower_name_base(c, a, b, whole);
	if (node_is(a->base, SYN_CALL_EXPRESSION))
		return lower_call_base(c, a, tmp_base, b);
	if (a->nseg == 0)
		return false;
	lower_expr(c, a->base, L_RVALUE);
	b->p.base_kind = BASE_EXPR;
	b->p.base = 0;
	b->p.base_type = a->cast_type;
	pb_puts(&b->text, "(expr)");
	return true;
}

/*
 * A '->' or '*' goes through a pointer: unless that is the base's own
 * value, it is read from memory, at the path so far.
 */
static void load_pointer(struct lctx *c, TSNode n, bool of_base, uint32_t tmp_base,
			 struct path_build *b)
{
	if (!of_base) {
		struct ir_path pre = b->p;
		uint32_t r;

		pre.chain = intern_n(b->chain.s, b->chain.len);
		pre.text = intern_n(b->text.s, b->text.len);
		r = emit_op(c, OP_READ, n, intern_path(c, &pre), tmp_base);
		c->ops.v[r].mark = MARK_PLAIN;
		tmp_truncate(c, tmp_base);
		push_src(c, SRC_OP, r);
		c->tmp.v[c->tmp.n - 1].how = HOW_BASE;
	}
	b->p.derefs++;
}

/*
 * Spell segment k of a, a '->f', '.f' or '*', onto the chain and the
 * text.  A '*' under a '.' is spelt with it, as '->'.
 */
static void spell_segment(struct lctx *c, const struct access *a, unsigned k,
			  struct path_build *b)
{
	const struct seg *s = &a->segs[k];

	if (s->kind == '>') {
		pb_puts(&b->chain, "->");
		pb_seg(c, &b->chain, s);
		pb_puts(&b->text, "->");
		pb_seg(c, &b->text, s);
	} else if (s->kind == '.') {
		pb_puts(&b->chain, b->pending_star ? "->" : ".");
		pb_seg(c, &b->chain, s);
		if (b->pending_star) {
			/* (*p).f is p->f */
			pb_puts(&b->text, "->");
			b->pending_star = false;
		} else {
			pb_puts(&b->text, ".");
		}
		pb_seg(c, &b->text, s);
	} else if (s->kind == '*') {
		if (k > 0 && a->segs[k - 1].kind == '.') {
			b->pending_star = true;
		} else {
			pb_puts(&b->chain, "*");
			pb_prepend_star(&b->text);
		}
	}
}

/*
 * Subscript segment k of a: its index is lowered (a USE, its sources
 * HOW_INDEX) and spelt "[]" onto the chain, "[i]" onto the text.
 */
static void lower_index(struct lctx *c, const struct access *a, unsigned k,
			struct path_build *b)
{
	const struct seg *s = &a->segs[k];
	uint32_t is = c->tmp.n, u;
	sym_t it = node_sym_squeezed(c, s->node);

	/* indexing a pointer variable dereferences it */
	if (k == a->nseg - 1 && b->p.base_kind == BASE_VAR && is_pointer_type(b->p.base_type))
		b->p.derefs++;
	lower_expr(c, s->node, L_RVALUE);
	if (c->tmp.n > is) {
		u = emit_op(c, OP_USE, s->node, 0, is);
		c->ops.v[u].mark = USE_INDEX;
	}
	tag_all(c, is, HOW_INDEX);
	pb_puts(&b->chain, "[]");
	pb_puts(&b->text, "[");
	pb_putn(&b->text, sym_str(it), strnlen(sym_str(it), 40));
	pb_puts(&b->text, "]");
	b->p.flags |= PATH_FLAG_INDEXED;
}

/*
 * Lower the address computation of an lvalue and return its path.  Emits
 * the reads of intermediate pointers (a->b in a->b->c) and the subscript
 * uses; leaves on the value stack, from *tmp_base on, the sources of the
 * address (HOW_BASE, HOW_INDEX).  IR_NONE if `n` is no access path.
 */
uint32_t lower_lvalue_path(struct lctx *c, TSNode n, uint32_t *tmp_base)
{
	struct access a;
	struct path_build b;
	uint32_t whole;

	*tmp_base = c->tmp.n;
	if (!split_access(c, n, &a))
		return IR_NONE;
	path_build_init(&b);
	if (!lower_access_base(c, &a, *tmp_base, &b, &whole))
		return whole;
	tag_all(c, *tmp_base, HOW_BASE);

	/* the segments, innermost first */
	for (unsigned k = a.nseg; k-- > 0;) {
		char kind = a.segs[k].kind;

		if (kind == '>' || kind == '*')
			load_pointer(c, n, k == a.nseg - 1, *tmp_base, &b);
		if (kind == '[')
			lower_index(c, &a, k, &b);
		else
			spell_segment(c, &a, k, &b);
	}
	return path_build_finish(c, &b);
}

static bool is_path_node(TSNode n)
{
	return node_is(n, SYN_FIELD_EXPRESSION) || node_is(n, SYN_SUBSCRIPT_EXPRESSION) ||
	       (node_is(n, SYN_POINTER_EXPRESSION) && node_is(ts_node_child(n, 0), SYN_STAR));
}

/* Parentheses and casts do not change which object an address names. */
static TSNode strip_casts(TSNode n)
{
	for (int guard = 0; guard < 10000; guard++) {
		if (node_is(n, SYN_PARENTHESIZED_EXPRESSION)) {
			TSNode in = first_code_child(n);

			if (ts_node_is_null(in) || node_is(in, SYN_COMPOUND_STATEMENT))
				break;
			n = in;
		} else if (node_is(n, SYN_CAST_EXPRESSION)) {
			n = child_by_field(n, FLD_VALUE);
		} else {
			break;
		}
	}
	return n;
}

/*
 * ARG_CAST (and ARG_CAST_USER) for an argument spelled as a cast to a
 * pointer type, (int __user *)arg: the annotation is looked for in the
 * source's own text, where the parser's copy has it blanked.
 */
static uint16_t cast_arg_flags(struct lctx *c, TSNode arg)
{
	TSNode a = strip_parens(arg), td;
	uint32_t s, e;
	size_t k;

	if (!node_is(a, SYN_CAST_EXPRESSION))
		return 0;
	td = child_by_field(a, FLD_TYPE);
	if (ts_node_is_null(td))
		return 0;
	s = ts_node_start_byte(td);
	e = ts_node_end_byte(td);
	if (!memchr(c->src->text + s, '*', e - s))
		return 0;
	if (idiom_user_word_count() && idiom_user_word_in(c->src->text + s, e - s, &k))
		return ARG_CAST | ARG_CAST_USER;
	return ARG_CAST;
}

/* The location a pointer argument designates: &x is x, p is *p. */
uint32_t pointee_path(struct lctx *c, TSNode arg, uint32_t *tb)
{
	TSNode a = strip_casts(arg);
	struct ir_path p = {0};
	uint32_t base;

	*tb = c->tmp.n;
	if (node_is(a, SYN_POINTER_EXPRESSION) && node_is(ts_node_child(a, 0), SYN_AMP))
		return lower_lvalue_path(c, child_by_field(a, FLD_ARGUMENT), tb);
	if (node_is(a, SYN_IDENTIFIER)) {
		uint32_t v = lookup_var(c, node_sym(c, a));

		if (v != IR_NONE) {
			char buf[256];

			p.base_kind = BASE_VAR;
			p.base = v;
			p.base_type = c->vars.v[v].type;
			p.chain = intern("*");
			snprintf(buf, sizeof(buf), "*%s", sym_str(c->vars.v[v].name));
			p.text = intern(buf);
			p.derefs = 1;
			push_src(c, SRC_VAR, v);
			tag_all(c, *tb, HOW_BASE);
			return intern_path(c, &p);
		}
	}
	/* *(expr): the pointer is computed */
	base = c->tmp.n;
	lower_expr(c, a, L_RVALUE);
	tag_all(c, base, HOW_BASE);
	{
		char buf[128];

		snprintf(buf, sizeof(buf), "*(%.100s)", sym_str(node_sym_squeezed(c, a)));
		p.base_kind = BASE_EXPR;
		p.chain = intern("*");
		p.text = intern(buf);
		p.derefs = 1;
	}
	return intern_path(c, &p);
}

/*
 * The object an owner lock's argument designates, by the type the lock
 * function sees: sock_owned_by_me((struct sock *)tp) holds the lock of
 * the struct sock, whatever type tp was declared with (a struct tcp_sock
 * whose first member is that sock), so the lock is named as
 * lock_sock(sk) names it.  A cast to a pointer to a struct, of a local or
 * a parameter, makes a path of its own, *(T *)name, whose base has the
 * cast's type; a pointer member (p->sk, cast or not) is the member's
 * path, as the lock call and the owner test's arm both name it; anything
 * else is pointee_path()'s.
 */
uint32_t owner_pointee_path(struct lctx *c, TSNode arg, uint32_t *tb)
{
	TSNode a = strip_parens(arg), v, td;
	struct ir_path p = {0};
	sym_t cast;
	uint32_t var;
	const char *t;
	char buf[256];

	*tb = c->tmp.n;
	/* a pointer member (lock_sock(p->sk), cast or not): the member's path */
	if (node_is(strip_casts(arg), SYN_FIELD_EXPRESSION))
		return lower_lvalue_path(c, strip_casts(arg), tb);
	if (!node_is(a, SYN_CAST_EXPRESSION))
		return pointee_path(c, arg, tb);
	td = child_by_field(a, FLD_TYPE);
	v = strip_casts(child_by_field(a, FLD_VALUE));
	cast = type_text(c, child_by_field(td, FLD_TYPE), child_by_field(td, FLD_DECLARATOR), NULL);
	t = cast ? sym_str(cast) : "";
	if (!str_starts(t, "struct ") || !str_ends(t, "*") || strchr(t, '*') != t + strlen(t) - 1 ||
	    !node_is(v, SYN_IDENTIFIER) ||
	    (var = lookup_var(c, node_sym(c, v))) == IR_NONE || c->vars.v[var].type == cast)
		return pointee_path(c, arg, tb);
	p.base_kind = BASE_VAR;
	p.base = var;
	p.base_type = cast;
	p.chain = intern("*");
	snprintf(buf, sizeof(buf), "*(%.120s)%.100s", t, sym_str(c->vars.v[var].name));
	p.text = intern(buf);
	p.derefs = 1;
	push_src(c, SRC_VAR, var);
	tag_all(c, *tb, HOW_BASE);
	return intern_path(c, &p);
}

/*
 * A lock call whose name only a lock family's pattern matched
 * (spin_lock_irqsave_rcu_node(p, flags), raw_spin_trylock_rcu_node(p)),
 * handed a pointer that is not an address taken: a codebase's wrapper
 * around the family's primitive, whose definition may take a member of
 * what p points to (&ACCESS_PRIVATE(p, lock)) rather than *p.  The lock
 * op is made on *p as for the family's own calls, with the name in
 * struct ir_op.via for the index to read that definition.
 */
bool lock_via_wrapper(struct idiom id, TSNode arg)
{
	TSNode a = strip_casts(arg);

	return id.by_pattern && id.loc_is_ptr && !id.owner && !ts_node_is_null(a) &&
	       (node_is(a, SYN_IDENTIFIER) || node_is(a, SYN_FIELD_EXPRESSION));
}

/* --- assignments ----------------------------------------------------- */

/*
 * A local pointer set to a known number of bytes past another (q = p + k,
 * by assignment or initialiser), or returned so (return p + k): record the
 * expression's form on the DEF or RETURN just made, so that a fetch
 * through q, or through what the caller got, knows where it reads.
 */
void note_derived(struct lctx *c, uint32_t var, TSNode value)
{
	sym_t form;
	const struct ir_op *last = c->ops.n ? &c->ops.v[c->ops.n - 1] : NULL;

	/* the DEF of var just made, or with var IR_NONE the RETURN just made */
	if (!last || (var == IR_NONE ? last->kind != OP_RETURN :
				       last->kind != OP_DEF || last->a != var))
		return;
	/* p = (T *)p + 1 moves p: its old moves would be lost by starting afresh */
	for (uint32_t i = last->src_start; var != IR_NONE && i < last->src_start + last->src_count; i++)
		if (c->srcs.v[i].kind == SRC_VAR && c->srcs.v[i].ref == var)
			return;
	form = derived_form(c, value);
	if (form)
		vec_push(&c->moves, ((struct ir_move){ c->ops.n - 1, form }));
}

static void note_move(struct lctx *c, TSNode left, TSNode right, const char *op)
{
	TSNode l = strip_parens(left), amount = right;
	struct ir_op *def;
	sym_t form;

	if (!c->ops.n || !node_is(l, SYN_IDENTIFIER))
		return;
	def = &c->ops.v[c->ops.n - 1];
	if (def->kind != OP_DEF || def->a != lookup_var(c, node_sym(c, l)))
		return;
	if (op[0] == '=' && op[1] == '\0') {
		/* p = p + k */
		TSNode r = strip_parens(right);

		if (!node_is(r, SYN_BINARY_EXPRESSION) ||
		    !node_is(child_by_field(r, FLD_OPERATOR), SYN_PLUS) ||
		    !node_is(strip_parens(child_by_field(r, FLD_LEFT)), SYN_IDENTIFIER) ||
		    node_sym(c, strip_parens(child_by_field(r, FLD_LEFT))) != node_sym(c, l)) {
			/* q = p + k: q points k bytes past p */
			note_derived(c, def->a, right);
			return;
		}
		amount = child_by_field(r, FLD_RIGHT);
	} else if (op[0] != '+') {
		return;
	}
	form = move_form(c, l, amount);
	if (form)
		vec_push(&c->moves, ((struct ir_move){ c->ops.n - 1, form }));
}

/*
 * A call that names a location and may be assigned to, as a profile's
 * marked-access declares (Xen's ACCESS_ONCE(x) = v): a marked write.
 */
static bool marked_lvalue(struct lctx *c, TSNode l, uint8_t *mark)
{
	TSNode fn = child_by_field(l, FLD_FUNCTION);
	struct idiom id;

	if (!node_is(l, SYN_CALL_EXPRESSION) || !node_is(fn, SYN_IDENTIFIER))
		return false;
	id = idiom_of(node_sym(c, fn));
	if (id.kind != ID_READ || !id.assignable)
		return false;
	*mark = c->mark == MARK_DATA_RACE ? MARK_DATA_RACE : id.mark;
	return true;
}

/* The location a marked_lvalue() call names, its address pushed from *tb. */
static uint32_t marked_lvalue_path(struct lctx *c, TSNode l, uint32_t *tb)
{
	struct idiom id = idiom_of(node_sym(c, child_by_field(l, FLD_FUNCTION)));
	TSNode loc = nth_arg(c, child_by_field(l, FLD_ARGUMENTS), id.loc);

	*tb = c->tmp.n;
	if (ts_node_is_null(loc))
		return IR_NONE;
	return id.loc_is_ptr ? pointee_path(c, loc, tb) : lower_lvalue_path(c, loc, tb);
}

void lower_assign_to(struct lctx *c, TSNode left, uint32_t vstart, TSNode at, char compound)
{
	TSNode l = strip_parens(left);
	uint8_t mark = MARK_PLAIN;

	if (node_is(l, SYN_IDENTIFIER)) {
		sym_t name = node_sym(c, l);
		uint32_t v = lookup_var(c, name);
		uint32_t o;

		if (v != IR_NONE) {
			if (compound)
				push_src(c, SRC_VAR, v);
			o = emit_op(c, OP_DEF, at, v, vstart);
		} else {
			uint32_t p = global_path(c, name);

			if (compound) {
				uint32_t r = emit_op(c, OP_READ, l, p, c->tmp.n);

				push_src(c, SRC_OP, r);
			}
			o = emit_op(c, OP_WRITE, at, p, vstart);
		}
		if (compound) {
			c->ops.v[o].flags |= OPF_COMPOUND;
			c->ops.v[o].compound_op = (uint32_t)compound;
		}
		return;
	}
	if (is_path_node(l) || (node_is(l, SYN_CALL_EXPRESSION) && member_macro_of(c, l)) ||
	    marked_lvalue(c, l, &mark)) {
		uint32_t tb, p, r = IR_NONE, o, nval;

		p = mark == MARK_PLAIN ? lower_lvalue_path(c, l, &tb) : marked_lvalue_path(c, l, &tb);
		if (p == IR_NONE) {
			tmp_truncate(c, tb);
			return;
		}
		if (compound) {
			r = emit_op(c, OP_READ, l, p, tb);
			c->ops.v[r].mark = mark;
		}
		/* value sources, then the old value, then the address */
		nval = tb - vstart;
		if (r != IR_NONE)
			insert_src(c, tb, SRC_OP, r);
		o = emit_op(c, OP_WRITE, at, p, vstart);
		c->ops.v[o].mark = mark;
		if (compound) {
			c->ops.v[o].flags |= OPF_COMPOUND;
			c->ops.v[o].compound_op = (uint32_t)compound;
		}
		tmp_truncate(c, vstart + nval);
		return;
	}
	/* an lvalue we cannot name: still evaluate it */
	{
		uint32_t keep = c->tmp.n, first = c->ops.n;

		lower_expr(c, l, L_DISCARD);
		tmp_truncate(c, keep);
		/* a macro that names a place, stored into (CALL_STORED_INTO) */
		if (node_is(l, SYN_CALL_EXPRESSION) && node_is(child_by_field(l, FLD_FUNCTION), SYN_IDENTIFIER))
			for (uint32_t o = c->ops.n; o-- > first;)
				if (c->ops.v[o].kind == OP_CALL &&
				    c->ops.v[o].a == node_sym(c, child_by_field(l, FLD_FUNCTION))) {
					c->ops.v[o].mark = CALL_STORED_INTO;
					break;
				}
	}
}

/* --- calls ----------------------------------------------------------- */

/* A call of `fn` with argument list `al`; `name` is fn's if it is a name. */

/*
 * A string literal (or literals and macros pasted together, KERN_INFO
 * "...") with a printf conversion in it: the arguments after it are
 * formatted into text.  "%%" alone is not a conversion.
 */
static bool format_string(struct lctx *c, TSNode n)
{
	const char *t;
	uint32_t from, to;

	if (!node_is(n, SYN_STRING_LITERAL) && !node_is(n, SYN_CONCATENATED_STRING))
		return false;
	from = ts_node_start_byte(n);
	to = MIN(ts_node_end_byte(n), c->src->len);
	t = c->src->text;
	for (uint32_t k = from; k + 1 < to; k++) {
		if (t[k] != '%')
			continue;
		if (t[k + 1] == '%') {
			k++;
			continue;
		}
		return true;
	}
	return false;
}

/*
 * The function-like macro called name the file defined before the call,
 * if any.  Its asm_mem says which arguments are memory operands of an asm
 * statement in its body (macro_body_asm_memory()): the instruction reaches
 * them in memory, the compiler neither loads nor stores them.  A linear
 * scan: callers look it up once per call, not per argument.
 */
const struct macro_def *macro_before(const struct lctx *c, sym_t name)
{
	if (!name || !c->macros)
		return NULL;
	for (uint32_t i = *c->nmacros; i-- > 0;)
		if ((*c->macros)[i].name == name)
			return &(*c->macros)[i];
	return NULL;
}

/*
 * The read just lowered for argument i of a use of macro d: read with the
 * mark of the marked read the body makes of that parameter.
 */
void mark_macro_arg_read(struct lctx *c, const struct macro_def *d, uint32_t i, uint32_t ops_before)
{
	if (!d || i >= 32 || !(d->marked_read >> i & 1) || c->ops.n != ops_before + 1 ||
	    c->ops.v[ops_before].kind != OP_READ || c->ops.v[ops_before].mark != MARK_PLAIN)
		return;
	c->ops.v[ops_before].mark = d->read_mark;
}

/*
 * The text of a call through a pointer (OPF_INDIRECT): the text of the
 * member its pointer was just read from (ops from ops_before on), when it
 * is one, else its own spelling.  The index finds that read by this text
 * to key the call by its member, so that a member called through any
 * expression -- a getter's result (ops_of(h)->fn()), a cast, parentheses,
 * (*p).fn() -- is keyed as p->fn() is: spelt as it stands, those would
 * never equal the path's text, which drops what does not change the
 * object ("ops_of()->fn", "p->fn").
 */
static sym_t indirect_call_text(struct lctx *c, TSNode fn, uint32_t ops_before)
{
	const struct ir_op *r;
	const char *chain;
	size_t n;

	/*
	 * only a member's value is one read: (c ? a->f : b->g)(x) reads two,
	 * and the last of them is not the pointer called
	 */
	if (c->ops.n <= ops_before || !node_is(strip_casts(fn), SYN_FIELD_EXPRESSION))
		return node_sym_squeezed(c, fn);
	r = &c->ops.v[c->ops.n - 1];
	if (r->kind != OP_READ || r->a >= c->paths.n || !c->paths.v[r->a].chain)
		return node_sym_squeezed(c, fn);
	/* a member's: the chain ends in a name ((*fn)(x) keeps its spelling) */
	chain = sym_str(c->paths.v[r->a].chain);
	n = strlen(chain);
	if (!n || !(isalnum((unsigned char)chain[n - 1]) || chain[n - 1] == '_'))
		return node_sym_squeezed(c, fn);
	return c->paths.v[r->a].text;
}

/*
 * Lower call n of fn with the arguments of list al from its `first` on
 * (0 but for an indirect-call idiom's, whose pointer and named functions
 * come first).
 */
static void lower_call_from(struct lctx *c, TSNode n, TSNode fn, TSNode al, sym_t name,
			    struct idiom id, enum lmode mode, uint32_t first)
{
	uint32_t start = c->tmp.n, nargs = 0, base, cnt, o;
	/* per argument: its value's range on c->tmp, its path, its ARG_* flags */
	uint32_t ranges = c->call_ranges.n, paths = c->call_paths.n, aflags = c->call_aflags.n;
	uint32_t forms = c->call_forms.n;
	uint16_t flags = 0;
	uint16_t saved = c->op_flags;
	bool formatted = false;
	enum { MAX_ARMS = 8 };
	uint32_t arm[MAX_ARMS + 1], narms = 0;
	uint32_t asm_mem;
	const struct macro_def *md;

	if (!name) {
		/* a call through a pointer: the pointer is read first */
		uint32_t ops_before = c->ops.n;

		lower_expr(c, fn, L_RVALUE);
		tmp_truncate(c, start);
		name = indirect_call_text(c, fn, ops_before);
		flags |= OPF_INDIRECT;
	}
	if (id.kind == ID_TRACE) {
		flags |= OPF_TRACE;
		c->op_flags |= OPF_TRACE;
	} else if (id.kind == ID_WARN) {
		flags |= OPF_WARN;
	} else if (id.kind == ID_NORETURN) {
		flags |= OPF_NORETURN;
	}
	/* the macro the file defined before, if name is one: once, for every argument */
	md = macro_before(c, name);
	asm_mem = md ? md->asm_mem : 0;
	base = kids_named(c, al);
	cnt = c->kids.n - base;
	for (uint32_t i = first; i < cnt; i++) {
		TSNode arg = c->kids.v[base + i].node;
		TSNode a = strip_parens(arg);
		uint32_t s = c->tmp.n, p = IR_NONE;
		uint16_t af = formatted ? ARG_FORMATTED : 0;

		if (node_is(arg, SYN_COMMENT))
			continue;
		if (id.kind == ID_ALTERNATIVES && (int)nargs >= id.loc && narms < MAX_ARMS)
			arm[narms++] = c->ops.n;
		if (format_string(c, a))
			formatted = true;
		/* a read only formatted into text is traced, as in a log call */
		if (af & ARG_FORMATTED)
			c->op_flags |= OPF_TRACE;
		if (id.kind == ID_TYPE_MACRO && idiom_type_macro_arg_skipped(&id, nargs)) {
			/* a type or member name */
		} else if (nargs < 32 && (asm_mem >> nargs & 1) && is_path_node(a)) {
			/* the asm's memory operand: its place, not a load */
			uint32_t tb;

			p = lower_lvalue_path(c, a, &tb);
			tag_all(c, s, HOW_BASE);
			if (p != IR_NONE) {
				push_src(c, SRC_ADDR, p);
				af |= ARG_ADDR;
			}
		} else if (node_is(a, SYN_POINTER_EXPRESSION) &&
			   node_is(ts_node_child(a, 0), SYN_AMP) &&
			   (node_is(strip_parens(child_by_field(a, FLD_ARGUMENT)), SYN_IDENTIFIER) ||
			    is_path_node(strip_parens(child_by_field(a, FLD_ARGUMENT))))) {
			uint32_t tb;
			TSNode in = strip_parens(child_by_field(a, FLD_ARGUMENT));

			if (node_is(in, SYN_IDENTIFIER)) {
				uint32_t v = lookup_var(c, node_sym(c, in));

				p = v != IR_NONE ? var_path(c, v) :
				    source_is_type_arg(c->src, ts_node_start_byte(in)) ? IR_NONE :
				    global_path(c, node_sym(c, in));
			} else {
				p = lower_lvalue_path(c, in, &tb);
				tag_all(c, s, HOW_BASE);
			}
			if (p != IR_NONE) {
				push_src(c, SRC_ADDR, p);
				af |= ARG_ADDR;
			}
		} else if (is_path_node(a)) {
			uint32_t ob = c->ops.n;

			lower_expr(c, a, L_RVALUE);
			mark_macro_arg_read(c, md, nargs, ob);
			if (c->ops.n && c->ops.v[c->ops.n - 1].kind == OP_READ &&
			    c->tmp.n > s && c->tmp.v[c->tmp.n - 1].kind == SRC_OP &&
			    c->tmp.v[c->tmp.n - 1].ref == c->ops.n - 1)
				p = c->ops.v[c->ops.n - 1].a;
		} else {
			lower_expr(c, arg, L_RVALUE);
		}
		if (!(flags & OPF_TRACE))
			c->op_flags = (uint16_t)((c->op_flags & ~OPF_TRACE) | (saved & OPF_TRACE));
		vec_push(&c->call_ranges, s);
		vec_push(&c->call_ranges, c->tmp.n);
		vec_push(&c->call_paths, p);
		af |= cast_arg_flags(c, arg);
		vec_push(&c->call_aflags, af);
		vec_push(&c->call_forms, arg_byte_form(c, arg));
		nargs++;
	}
	c->kids.n = base;
	c->op_flags = saved;
	arm[narms] = c->ops.n;
	/* one arm of an alternatives macro runs: the rules must not pair two */
	for (uint32_t x = 0; x < narms; x++)
		for (uint32_t y = x + 1; y < narms; y++) {
			struct ir_excl e = { arm[x], arm[x + 1], arm[y], arm[y + 1] };

			if (e.a_start < e.a_end && e.b_start < e.b_end)
				vec_push(&c->excls, e);
		}
	o = emit_call(c, n, name, flags, c->call_ranges.v + ranges, c->call_paths.v + paths,
		      c->call_aflags.v + aflags, c->call_forms.v + forms, nargs);
	/* a local whose address the callee got may have been written by it */
	for (uint32_t i = 0; i < nargs; i++) {
		uint32_t p = c->call_paths.v[paths + i];

		if ((c->call_aflags.v[aflags + i] & ARG_ADDR) && p != IR_NONE &&
		    c->paths.v[p].base_kind == BASE_VAR && c->paths.v[p].derefs == 0 &&
		    !c->vars.v[c->paths.v[p].base].is_param) {
			uint32_t b = c->tmp.n, d;

			push_src(c, SRC_OP, o);
			d = emit_op(c, OP_DEF, n, c->paths.v[p].base, b);
			c->ops.v[d].flags |= OPF_OUTPARAM;
			tmp_truncate(c, b);
		}
	}
	if (id.kind == ID_WARN && nargs > 0 && mode != L_DISCARD) {
		/* WARN_ON(cond) is cond: its first argument's sources move down */
		uint32_t from = c->call_ranges.v[ranges];
		uint32_t keep = c->call_ranges.v[ranges + 1] - from, to;

		tmp_truncate(c, start);
		to = c->tmp.n;
		vec_reserve(&c->tmp, to + keep);
		memmove(c->tmp.v + to, c->tmp.v + from, keep * sizeof(*c->tmp.v));
		c->tmp.n = to + keep;
	} else {
		tmp_truncate(c, start);
	}
	c->call_ranges.n = ranges;
	c->call_paths.n = paths;
	c->call_aflags.n = aflags;
	c->call_forms.n = forms;
	if (id.kind == ID_NORETURN) {
		c->live = false;
		return;
	}
	if (mode != L_DISCARD)
		push_src(c, SRC_OP, o);
}

static void lower_generic_call(struct lctx *c, TSNode n, TSNode fn, TSNode al, sym_t name,
			       struct idiom id, enum lmode mode)
{
	lower_call_from(c, n, fn, al, name, id, mode, 0);
}

/*
 * INDIRECT_CALL_2(f, f2, f1, args...): the call through f, with args (see
 * ID_INDIRECT_CALL).  The named functions are left out: naming them would
 * make them values handed to an unknown call, which says nothing of the
 * framework that calls them through f, what locks it holds there.
 */
static void lower_indirect_call(struct lctx *c, TSNode n, TSNode fn, TSNode al, sym_t name,
				struct idiom id, enum lmode mode)
{
	uint32_t base = kids_named(c, al), cnt = c->kids.n - base, k = 0, first = IR_NONE;
	TSNode fp = { 0 };

	/* the pointer, then id.loc names, then the arguments: comments aside */
	for (uint32_t i = 0; i < cnt && first == IR_NONE; i++) {
		if (node_is(c->kids.v[base + i].node, SYN_COMMENT))
			continue;
		if (k == 0)
			fp = c->kids.v[base + i].node;
		else if (k == (uint32_t)id.loc + 1)
			first = i;
		k++;
	}
	c->kids.n = base;
	/* too few arguments to be the wrapper's: an ordinary call of its name */
	if (ts_node_is_null(fp) || k < (uint32_t)id.loc + 1) {
		lower_generic_call(c, n, fn, al, name, idiom_of(0), mode);
		return;
	}
	fp = strip_parens(fp);
	/* a pointer variable's name is the callee's, as in cb(x) */
	lower_call_from(c, n, fp, al, node_is(fp, SYN_IDENTIFIER) ? node_sym(c, fp) : 0,
			idiom_of(0), mode, first == IR_NONE ? cnt : first);
}

/*
 * A call of `name` with the arguments `al`, at n: a guard's constructor,
 * whose function the syntax names as an argument (CLASS(name, var)(args)).
 */
void lower_named_call(struct lctx *c, TSNode n, TSNode fn, TSNode al, sym_t name)
{
	lower_generic_call(c, n, fn, al, name, idiom_of(0), L_DISCARD);
}

static TSNode nth_arg(struct lctx *c, TSNode al, int i)
{
	uint32_t base = kids_named(c, al);
	uint32_t cnt = c->kids.n - base;
	TSNode found = {0};
	int k = 0;

	for (uint32_t j = 0; j < cnt; j++) {
		TSNode a = c->kids.v[base + j].node;

		if (node_is(a, SYN_COMMENT))
			continue;
		if (k++ == i) {
			found = a;
			break;
		}
	}
	c->kids.n = base;
	return found;
}

static void lower_other_args(struct lctx *c, TSNode al, int skip1, int skip2)
{
	uint32_t base = kids_named(c, al);
	uint32_t cnt = c->kids.n - base;
	int k = 0;

	for (uint32_t j = 0; j < cnt; j++) {
		TSNode a = c->kids.v[base + j].node;

		if (node_is(a, SYN_COMMENT))
			continue;
		if (k != skip1 && k != skip2)
			lower_expr(c, a, L_RVALUE);
		k++;
	}
	c->kids.n = base;
}

/*
 * The place a marked accessor's argument names: a path, what a pointer
 * points to, or -- READ_ONCE(pmd_val(*pmdp)) -- the place inside the one
 * argument of a macro that names a place in it (an accessor such as
 * pte_val(); a call could not be READ_ONCE's operand).
 */
static uint32_t marked_place(struct lctx *c, TSNode loc, bool ptr, uint32_t *tb)
{
	TSNode l = strip_parens(loc);

	if (!ptr && node_is(l, SYN_CALL_EXPRESSION) &&
	    node_is(child_by_field(l, FLD_FUNCTION), SYN_IDENTIFIER) &&
	    idiom_of(node_sym(c, child_by_field(l, FLD_FUNCTION))).kind == ID_NONE) {
		TSNode al = child_by_field(l, FLD_ARGUMENTS), a = nth_arg(c, al, 0);

		if (!ts_node_is_null(a) && ts_node_is_null(nth_arg(c, al, 1)) &&
		    is_path_node(strip_parens(a)))
			return lower_lvalue_path(c, strip_parens(a), tb);
	}
	return ptr ? pointee_path(c, loc, tb) : lower_lvalue_path(c, loc, tb);
}

/*
 * The lock that one bit of a word is when code takes it with
 * test_and_set_bit() and lets it go with clear_bit(): its path is the
 * word's with the bit's name as one more member ("pf->state.BUSY"), so
 * that each bit of a word is a lock of its own, named by the word's
 * struct as a member lock is.
 */
/* "word.bit": a word's chain or text with a bit's name as one more member; 0 if too long */
static sym_t with_bit(sym_t word, sym_t bit)
{
	char buf[512];

	if (snprintf(buf, sizeof(buf), "%s.%s", sym_str(word), sym_str(bit)) >= (int)sizeof(buf))
		return 0;
	return intern(buf);
}

uint32_t bit_lock_path(struct lctx *c, uint32_t word, sym_t bit)
{
	struct ir_path lp = c->paths.v[word];

	lp.chain = with_bit(lp.chain, bit);
	lp.text = with_bit(lp.text, bit);
	if (!lp.chain || !lp.text)
		return IR_NONE;
	lp.key = 0;
	return intern_path(c, &lp);
}

/*
 * The word a one-bit op works on, as a path of a local, parameter or
 * global: &o->flags names it; an array member passed as it is (o->state,
 * a bitmap) is read as a pointer, and the op's path is what it points to,
 * so the word is the member the op's base was read from.
 */
static uint32_t bit_word(struct lctx *c, uint32_t o)
{
	const struct ir_op *op = &c->ops.v[o];
	uint32_t w = op->a;

	if (c->paths.v[w].base_kind == BASE_EXPR) {
		w = IR_NONE;
		for (uint32_t i = 0; i < op->src_count; i++) {
			const struct ir_src *s = &c->srcs.v[op->src_start + i];

			if (s->kind == SRC_OP && s->how == HOW_BASE && c->ops.v[s->ref].kind == OP_READ)
				w = c->ops.v[s->ref].a;
		}
	}
	if (w == IR_NONE || !c->paths.v[w].chain ||
	    (c->paths.v[w].base_kind != BASE_VAR && c->paths.v[w].base_kind != BASE_GLOBAL))
		return IR_NONE;
	return w;
}

/*
 * A bit used as a lock.  Its test_and_set_bit() takes it only where it
 * returns false, which the branch on it says (lower_stmt.c): here its
 * path is noted for that branch.  Its clear_bit() lets it go where this
 * function took that bit of that word before; elsewhere clearing a bit
 * is only a store (a flag cleared, a lock taken by some other function),
 * and makes no path.
 */
static void bit_lock_op(struct lctx *c, TSNode n, struct idiom id, uint32_t o)
{
	uint32_t w = bit_word(c, o), bit = c->ops.v[o].bit, lp;
	sym_t text;

	if (w == IR_NONE)
		return;
	if (id.bitlock == BITLOCK_TAKE) {
		lp = bit_lock_path(c, w, bit);
		c->bitlock_path = lp == IR_NONE ? 0 : lp + 1;
		return;
	}
	text = with_bit(c->paths.v[w].text, bit);
	if (!text)
		return;
	/* the flag lock this function took on that bit of that word */
	for (uint32_t k = o; k-- > 0;) {
		const struct ir_op *l = &c->ops.v[k];
		const struct ir_path *p;

		if (l->kind != OP_LOCK || l->mark != LOCK_FLAG || l->a == IR_NONE)
			continue;
		p = &c->paths.v[l->a];
		if (p->text == text && p->base == c->paths.v[w].base &&
		    p->base_kind == c->paths.v[w].base_kind) {
			uint32_t u = emit_op(c, OP_UNLOCK, n, l->a, c->tmp.n);

			c->ops.v[u].mark = LOCK_FLAG;
			return;
		}
	}
}

/* qemu_mutex_unlock_iothread -> "qemu_mutex_lock_iothread": one name for both ends */
static sym_t no_arg_lock_name(sym_t fn)
{
	const char *s = sym_str(fn), *u = strstr(s, "unlock");
	char buf[256];

	if (!u || strlen(s) >= sizeof(buf))
		return fn;
	snprintf(buf, sizeof(buf), "%.*s%s", (int)(u - s), s, u + 2);
	return intern(buf);
}

/*
 * The path of the one global lock a call of `fn` with no lock argument
 * names: the lock function the profile gives (ASSERT_RTNL() and
 * rtnl_trylock() name rtnl_lock()'s), else its own name with "unlock" read
 * as "lock" (QEMU's qemu_mutex_lock_iothread(), Xen's pcidevs_lock()).
 */
uint32_t global_lock_path(struct lctx *c, sym_t fn, const struct idiom *id)
{
	sym_t lock = id->held ? id->held : no_arg_lock_name(fn);
	struct ir_path lp = { .base_kind = BASE_GLOBAL, .base = lock, .text = lock,
			      /* declared by the profile: a variable, for its key */
			      .base_type = intern("(global lock)") };

	return intern_path(c, &lp);
}

/*
 * A one-bit op's number, argument 0 without its parentheses, when the
 * op's first source (what the lowering made of that argument) is of
 * `kind`; a null node otherwise.
 */
static TSNode bit_number_arg(struct lctx *c, TSNode al, const struct ir_op *op, uint8_t kind)
{
	TSNode nr = nth_arg(c, al, 0);

	if (ts_node_is_null(nr) || !op->src_count || c->srcs.v[op->src_start].kind != kind)
		return (TSNode){ 0 };
	return strip_parens(nr);
}

/*
 * The bit a one-bit op (test_bit(nr, w), set_bit) works on: the spelling
 * of its number, argument 0, when that is a constant (a name no local
 * holds, or a literal), which the op's first source then is; IR_NONE
 * when it is computed (ffs(MASK), a variable).
 */
static uint32_t one_bit_number(struct lctx *c, TSNode al, const struct ir_op *op)
{
	TSNode nr = bit_number_arg(c, al, op, SRC_CONST);

	if (ts_node_is_null(nr) ||
	    !(node_is(nr, SYN_NUMBER_LITERAL) ||
	      (node_is(nr, SYN_IDENTIFIER) && lookup_var(c, node_sym(c, nr)) == IR_NONE)))
		return IR_NONE;
	return c->srcs.v[op->src_start].ref;
}

/*
 * Is a one-bit op's number, argument 0, a variable as it stands
 * (set_bit(nr, w), not nr + 1), and so its first source?  The rules may
 * then find the constants its callers hand it.
 */
static bool bit_by_variable(struct lctx *c, TSNode al, const struct ir_op *op)
{
	TSNode nr = bit_number_arg(c, al, op, SRC_VAR);

	return !ts_node_is_null(nr) && node_is(nr, SYN_IDENTIFIER) &&
	       lookup_var(c, node_sym(c, nr)) == c->srcs.v[op->src_start].ref;
}

/*
 * An assertion (a warning or BUG idiom) whose condition is the negation of
 * a lock test (lock-test in the profiles): BUG_ON(!folio_test_locked(f))
 * fails unless the lock is held, so past it this code holds that lock, as
 * past lockdep_assert_held().  Each `||` operand is asserted false on its
 * own: BUG_ON(!a(x) || !b(y)) asserts both.  What else the condition
 * says, or a lock test asserted true, says nothing of this code's locks.
 */
static void assert_held_tests(struct lctx *c, TSNode n, TSNode cond, int depth)
{
	TSNode e = strip_parens(cond), loc;
	struct idiom id;
	uint32_t start = c->tmp.n, tb, p, o;
	sym_t name;

	if (ts_node_is_null(e) || depth > 8)
		return;
	if (node_is(e, SYN_BINARY_EXPRESSION) && syn_kind(child_by_field(e, FLD_OPERATOR)) == SYN_OR) {
		assert_held_tests(c, n, child_by_field(e, FLD_LEFT), depth + 1);
		assert_held_tests(c, n, child_by_field(e, FLD_RIGHT), depth + 1);
		return;
	}
	if (node_is(e, SYN_CALL_EXPRESSION) && idiom_of(callee_name(c, e)).kind == ID_PASS) {
		assert_held_tests(c, n, ts_node_named_child(child_by_field(e, FLD_ARGUMENTS), 0),
				  depth + 1);
		return;
	}
	if (!node_is(e, SYN_UNARY_EXPRESSION) || !node_is(ts_node_child(e, 0), SYN_BANG))
		return;
	e = strip_parens(child_by_field(e, FLD_ARGUMENT));
	while (node_is(e, SYN_CALL_EXPRESSION) && idiom_of(callee_name(c, e)).kind == ID_PASS &&
	       depth++ < 8)
		e = strip_parens(ts_node_named_child(child_by_field(e, FLD_ARGUMENTS), 0));
	if (!node_is(e, SYN_CALL_EXPRESSION) || !(name = callee_name(c, e)))
		return;
	id = idiom_of(name);
	if (id.kind != ID_HELD_TEST)
		return;
	if (id.loc < 0) {
		/* a global lock's test (rtnl_is_locked()): its LOCKFUNC's lock */
		o = emit_op(c, OP_ASSERT_HELD, n, global_lock_path(c, name, &id), start);
		c->ops.v[o].mark = id.lock;
		return;
	}
	loc = nth_arg(c, child_by_field(e, FLD_ARGUMENTS), id.loc);
	if (ts_node_is_null(loc))
		return;
	p = id.owner ? owner_pointee_path(c, loc, &tb) : pointee_path(c, loc, &tb);
	if (id.owner && p != IR_NONE)
		c->paths.v[p].flags |= PATH_FLAG_OWNER;
	tmp_truncate(c, start);
	o = emit_op(c, OP_ASSERT_HELD, n, p, start);
	c->ops.v[o].mark = id.lock;
}

void lower_call(struct lctx *c, TSNode n, enum lmode mode)
{
	TSNode fn = child_by_field(n, FLD_FUNCTION);
	TSNode al = child_by_field(n, FLD_ARGUMENTS);
	sym_t name = node_is(fn, SYN_IDENTIFIER) ? node_sym(c, fn) : 0;	/* callee_name() */
	struct idiom id = idiom_of(name);
	uint32_t start = c->tmp.n;

	if (node_is(fn, SYN_CALL_EXPRESSION) &&
	    (callee_name(c, fn) == intern("guard") ||
	     idiom_of(callee_name(c, fn)).kind == ID_GUARD)) {
		/* guard(class)(lock): its scope is a statement's, see struct lower_hooks */
		c->hooks.lower_guard(c, n, fn);
		return;
	}
	if (mode == L_ADDR && name && id.kind == ID_NONE) {
		/*
		 * &m(x): C takes no address of a call's value, so m is a macro
		 * naming a place in its argument (Linux's &pte_val(*ptep)).  The
		 * argument's place is computed, not loaded.
		 */
		uint32_t base = kids_named(c, al), cnt = c->kids.n - base;

		for (uint32_t j = 0; j < cnt; j++) {
			TSNode a = c->kids.v[base + j].node;

			if (!node_is(a, SYN_COMMENT))
				lower_expr(c, a, is_path_node(strip_parens(a)) ? L_ADDR : L_RVALUE);
		}
		c->kids.n = base;
		return;
	}
	if (id.kind == ID_WARN)
		assert_held_tests(c, n, nth_arg(c, al, 0), 0);
	switch (id.kind) {
	case ID_READ:
	case ID_RMW: {
		TSNode loc = nth_arg(c, al, id.loc);
		uint32_t tb, p, o;

		if (ts_node_is_null(loc))
			break;
		if (id.kind == ID_READ && id.held && name) {
			/*
			 * a read that says its caller holds a global lock
			 * (rtnl_dereference(): RTNL): the lock is held here, as
			 * an assertion of it says
			 */
			struct idiom lk = idiom_of(id.held);

			o = emit_op(c, OP_ASSERT_HELD, n, global_lock_path(c, id.held, &lk), start);
			c->ops.v[o].mark = lk.lock;
		}
		lower_other_args(c, al, id.loc, -1);
		p = marked_place(c, loc, id.loc_is_ptr, &tb);
		if (p == IR_NONE) {
			tmp_truncate(c, start);
			lower_generic_call(c, n, fn, al, name, id, mode);
			return;
		}
		o = emit_op(c, id.kind == ID_READ ? OP_READ : OP_RMW, n, p, start);
		c->ops.v[o].mark = c->mark == MARK_DATA_RACE ? MARK_DATA_RACE : id.mark;
		if (id.bit)
			c->ops.v[o].bit = one_bit_number(c, al, &c->ops.v[o]);
		if (id.bit && id.kind != ID_READ && bit_by_variable(c, al, &c->ops.v[o]))
			c->ops.v[o].flags |= OPF_BIT_VAR;
		if (id.bitlock && c->ops.v[o].bit != IR_NONE)
			bit_lock_op(c, n, id, o);
		tmp_truncate(c, start);
		if (mode != L_DISCARD)
			push_src(c, SRC_OP, o);
		return;
	}
	case ID_WRITE: {
		TSNode loc = nth_arg(c, al, id.loc), val = nth_arg(c, al, id.val);
		uint32_t tb, p, o;

		if (ts_node_is_null(loc) || ts_node_is_null(val))
			break;
		lower_expr(c, val, L_RVALUE);
		p = marked_place(c, loc, id.loc_is_ptr, &tb);
		if (p == IR_NONE) {
			tmp_truncate(c, start);
			lower_generic_call(c, n, fn, al, name, id, mode);
			return;
		}
		o = emit_op(c, OP_WRITE, n, p, start);
		c->ops.v[o].mark = c->mark == MARK_DATA_RACE ? MARK_DATA_RACE : id.mark;
		tmp_truncate(c, start);
		return;
	}
	case ID_DATA_RACE: {
		uint8_t saved = c->mark;
		TSNode a = nth_arg(c, al, 0);

		c->mark = MARK_DATA_RACE;
		if (!ts_node_is_null(a))
			lower_expr(c, a, mode);
		c->mark = saved;
		return;
	}
	case ID_LOCK:
	case ID_UNLOCK:
	case ID_ASSERT_HELD: {
		TSNode loc = nth_arg(c, al, id.loc);
		uint32_t tb, p, o;
		bool via;
		uint8_t k = id.kind == ID_LOCK ? OP_LOCK : id.kind == ID_UNLOCK ? OP_UNLOCK :
			    OP_ASSERT_HELD;

		if (id.loc < 0 && name) {
			/*
			 * A lock with no argument (QEMU's qemu_mutex_lock_iothread(),
			 * Xen's pcidevs_lock()) is one global lock, the one its
			 * function names: "unlock" in the name of the function that
			 * lets it go reads as "lock".
			 */
			o = emit_op(c, k, n, global_lock_path(c, name, &id), start);
			c->ops.v[o].mark = id.lock;
			if (mode != L_DISCARD && k == OP_LOCK)
				push_src(c, SRC_OP, o);
			return;
		}
		if (ts_node_is_null(loc))
			break;
		lower_other_args(c, al, id.loc, -1);
		tmp_truncate(c, start);
		/*
		 * an owner lock through a pointer member (lock_sock(p->sk)):
		 * the member's path, as the owner test's arm names it
		 * (emit_lock_of()); the index names the lock by the pointee's
		 * type, whichever pointer reaches the object
		 */
		via = name && lock_via_wrapper(id, loc);
		if (id.owner)
			p = owner_pointee_path(c, loc, &tb);
		else
			p = pointee_path(c, loc, &tb);
		if (id.owner && p != IR_NONE)
			c->paths.v[p].flags |= PATH_FLAG_OWNER;
		tmp_truncate(c, start);
		o = emit_op(c, k, n, p, start);
		c->ops.v[o].mark = id.lock;
		if (via)
			c->ops.v[o].via = name;
		if (mode != L_DISCARD && k == OP_LOCK)
			push_src(c, SRC_OP, o);
		return;
	}
	case ID_ASSERT_EXCL: {
		TSNode loc = nth_arg(c, al, id.loc);
		uint32_t tb, p, o;

		if (ts_node_is_null(loc))
			break;
		p = marked_place(c, loc, false, &tb);
		tmp_truncate(c, start);
		if (p == IR_NONE)
			return;
		o = emit_op(c, OP_ASSERT_EXCL, n, p, start);
		c->ops.v[o].mark = id.mark;
		return;
	}
	case ID_RCU_LOCK:
	case ID_RCU_UNLOCK: {
		uint32_t o = emit_op(c, id.kind == ID_RCU_LOCK ? OP_LOCK : OP_UNLOCK, n,
				     IR_NONE, start);

		c->ops.v[o].mark = LOCK_RCU;
		return;
	}
	case ID_PASS: {
		TSNode a = nth_arg(c, al, 0);

		if (!ts_node_is_null(a))
			lower_expr(c, a, mode);
		return;
	}
	case ID_UNEVALUATED:
		return;
	case ID_INDIRECT_CALL:
		lower_indirect_call(c, n, fn, al, name, id, mode);
		return;
	default:
		break;
	}
	lower_generic_call(c, n, fn, al, name, id, mode);
}

/* --- expressions ----------------------------------------------------- */

static bool all_const(struct lctx *c, uint32_t from)
{
	if (from >= c->tmp.n)
		return false;
	for (uint32_t i = from; i < c->tmp.n; i++)
		if (c->tmp.v[i].kind != SRC_CONST)
			return false;
	return true;
}

static bool is_complement(TSNode n)
{
	n = strip_parens(n);
	return node_is(n, SYN_UNARY_EXPRESSION) && node_is(ts_node_child(n, 0), SYN_TILDE);
}

static bool pointer_operand(struct lctx *c, TSNode n)
{
	n = strip_parens(n);
	if (node_is(n, SYN_IDENTIFIER)) {
		uint32_t v = lookup_var(c, node_sym(c, n));

		return v != IR_NONE && is_pointer_type(c->vars.v[v].type) &&
		       !str_ends(sym_str(c->vars.v[v].type), "[]");
	}
	return false;
}

/* One binary operator applied to [start, mid) op [mid, end). */
static void apply_binary(struct lctx *c, TSNode node, TSNode left, TSNode right,
			 uint32_t start, uint32_t mid)
{
	enum syn op = syn_kind(child_by_field(node, FLD_OPERATOR));

	if (op == SYN_EQ || op == SYN_NE) {
		tag_range(c, start, HOW_EQUAL);
	} else if (op == SYN_LT || op == SYN_GT || op == SYN_LE || op == SYN_GE) {
		tag_range(c, start, HOW_COMPARE);
	} else if (op == SYN_AND || op == SYN_OR) {
		tag_range(c, start, HOW_TEST);
	} else if (op == SYN_PERCENT && all_const(c, mid)) {
		/* cur % NUM_DESC: forced under a constant */
		uint32_t end = c->tmp.n;

		c->tmp.n = mid;
		tag_range(c, start, HOW_MODULO);
		c->tmp.n = end;
	} else if (op == SYN_AMP) {
		uint32_t end = c->tmp.n;

		if (all_const(c, mid)) {
			uint8_t how = is_complement(right) ? HOW_CLEAR : HOW_MASK;

			c->tmp.n = mid;
			tag_range(c, start, how);
			c->tmp.n = end;
		} else if (mid > start) {
			bool lc = true;

			for (uint32_t i = start; i < mid; i++)
				if (c->tmp.v[i].kind != SRC_CONST)
					lc = false;
			if (lc) {
				uint8_t how = is_complement(left) ? HOW_CLEAR : HOW_MASK;

				for (uint32_t i = mid; i < end; i++)
					if (c->tmp.v[i].how == HOW_VALUE)
						c->tmp.v[i].how = how;
			}
		}
	} else if (op == SYN_PLUS || op == SYN_MINUS) {
		uint32_t from = IR_NONE, to = 0;

		if (pointer_operand(c, left) && c->tmp.n > mid) {
			from = mid;
			to = c->tmp.n;
		} else if (pointer_operand(c, right) && mid > start) {
			from = start;
			to = mid;
		}
		if (from != IR_NONE) {
			uint32_t end = c->tmp.n, u;

			/* copy the offset's sources to the top for the USE op */
			for (uint32_t i = from; i < to; i++)
				vec_push(&c->tmp, c->tmp.v[i]);
			u = emit_op(c, OP_USE, node, 0, end);
			c->ops.v[u].mark = USE_PTR_ARITH;
			tmp_truncate(c, end);
		}
	}
}

static void lower_binary(struct lctx *c, TSNode n)
{
	TSNode spine[256];
	unsigned depth = 0, len;
	TSNode x = n;
	uint32_t start = c->tmp.n;

	/* a | b | c ... nests to the left: walk the spine without recursion */
	while (node_is(x, SYN_BINARY_EXPRESSION) && depth < ARRAY_SIZE(spine)) {
		spine[depth++] = x;
		x = child_by_field(x, FLD_LEFT);
	}
	len = depth;
	lower_expr(c, x, L_RVALUE);
	while (depth-- > 0) {
		TSNode node = spine[depth];
		TSNode right = child_by_field(node, FLD_RIGHT);
		/* the left operand is the next node down the spine */
		TSNode left = depth + 1 < len ? spine[depth + 1] : x;
		uint32_t mid = c->tmp.n;

		lower_expr(c, right, L_RVALUE);
		apply_binary(c, node, left, right, start, mid);
	}
}

/*
 * An asm operand the instruction itself reads or writes in memory ("m",
 * "+m", "=Q" on arm64, "ZC" on MIPS, "o", "V"): the access is the
 * instruction's (an ll/sc loop, an FPU state save), not a plain C load or
 * store the compiler may tear, fuse or repeat, and not a marked access
 * either: it says nothing of what the author meant about other threads.
 * It is left out.  A register operand ("r") is still loaded or stored by
 * the compiler.
 */
/*
 * Constraint letters that name memory only on one target: RISC-V's "A"
 * (the address of an atomic's operand, in a register: lr/sc, amo*) and
 * MIPS's "R" are a register pair and a legacy register on x86.  The
 * target is the architecture the file is under.
 */
const char *target_memory_letters(const struct lctx *c)
{
	const char *path = c->unit ? sym_str(c->unit->path) : "";

	if (strstr(path, "arch/riscv/"))
		return "A";
	if (strstr(path, "arch/mips/"))
		return "R";
	return "";
}

bool constraint_names_memory(const char *s, size_t n, const char *target)
{
	for (size_t b = 0; b < n; b++)
		if (s[b] && (strchr("mQoVZ", s[b]) || (*target && strchr(target, s[b]))))
			return true;
	return false;
}

static bool memory_operand(struct lctx *c, TSNode opnd)
{
	uint32_t base = kids_named(c, opnd), n = c->kids.n - base;
	const char *target = target_memory_letters(c);
	bool mem = false;

	for (uint32_t i = 0; i < n; i++) {
		TSNode k = c->kids.v[base + i].node;
		uint32_t s = ts_node_start_byte(k), e = ts_node_end_byte(k);

		if (!node_is(k, SYN_STRING_LITERAL))
			continue;
		mem = constraint_names_memory(c->text + s, e - s, target);
		break;
	}
	c->kids.n = base;
	return mem;
}

static void lower_asm(struct lctx *c, TSNode n)
{
	uint32_t base = kids_named(c, n), nc = c->kids.n - base;

	for (uint32_t i = 0; i < nc; i++) {
		TSNode list = c->kids.v[base + i].node;
		bool out = node_is(list, SYN_GNU_ASM_OUTPUT_OPERAND_LIST);
		uint32_t k, lbase, lnc;

		if (!out && !node_is(list, SYN_GNU_ASM_INPUT_OPERAND_LIST))
			continue;
		lbase = kids_named(c, list);
		lnc = c->kids.n - lbase;
		for (k = 0; k < lnc; k++) {
			TSNode opnd = c->kids.v[lbase + k].node;
			TSNode val = child_by_field(opnd, FLD_VALUE);
			uint32_t s = c->tmp.n;

			if (ts_node_is_null(val) || memory_operand(c, opnd))
				continue;
			if (out)
				lower_assign_to(c, val, s, val, 0);
			else
				lower_expr(c, val, L_RVALUE);
			tmp_truncate(c, s);
		}
		c->kids.n = lbase;
	}
	c->kids.n = base;
}

static void lower_children_rvalue(struct lctx *c, TSNode n)
{
	uint32_t base = kids_named(c, n), nc = c->kids.n - base;

	for (uint32_t i = 0; i < nc; i++) {
		TSNode k = c->kids.v[base + i].node;

		if (!node_is(k, SYN_COMMENT))
			lower_expr(c, k, L_RVALUE);
	}
	c->kids.n = base;
}

/* p->f, a[i], *p: an access path read (or its address taken). */
static void lower_access(struct lctx *c, TSNode n, enum lmode mode)
{
	uint32_t tb, p = lower_lvalue_path(c, n, &tb);

	if (p == IR_NONE) {
		/* nothing to name; the address sources stay as the value */
	} else if (mode == L_ADDR) {
		/* &p->f: the base stays (HOW_BASE) so the object is known */
		push_src(c, SRC_ADDR, p);
	} else {
		uint32_t r = emit_op(c, OP_READ, n, p, tb);

		tmp_truncate(c, tb);
		if (mode != L_DISCARD)
			push_src(c, SRC_OP, r);
	}
}

void lower_expr(struct lctx *c, TSNode n, enum lmode mode)
{
	if (ts_node_is_null(n))
		return;
	if (++c->depth > MAX_DEPTH) {
		c->too_deep = true;
		c->depth--;
		return;
	}
	switch (syn_kind(n)) {
	case SYN_IDENTIFIER: {
		sym_t name = node_sym(c, n);
		uint32_t v = lookup_var(c, name);

		if (v != IR_NONE) {
			if (mode == L_ADDR)
				push_src(c, SRC_ADDR, var_path(c, v));
			else
				push_src(c, SRC_VAR, v);
		} else if (source_is_type_arg(c->src, ts_node_start_byte(n))) {
			/* a type name given to a macro */
		} else if (looks_constant(sym_str(name), strlen(sym_str(name)))) {
			push_src(c, SRC_CONST, name);
		} else if (mode == L_ADDR) {
			push_src(c, SRC_ADDR, global_path(c, name));
		} else {
			uint32_t r = emit_op(c, OP_READ, n, global_path(c, name), c->tmp.n);

			push_src(c, SRC_OP, r);
		}
		break;
	}
	case SYN_NUMBER_LITERAL:
	case SYN_CHAR_LITERAL:
	case SYN_TRUE:
	case SYN_FALSE:
	case SYN_NULL:
		push_src(c, SRC_CONST, node_sym(c, n));
		break;
	case SYN_POINTER_EXPRESSION:
		if (node_is(ts_node_child(n, 0), SYN_STAR))
			lower_access(c, n, mode);
		else
			lower_expr(c, child_by_field(n, FLD_ARGUMENT), L_ADDR);
		break;
	case SYN_FIELD_EXPRESSION:
	case SYN_SUBSCRIPT_EXPRESSION:
		lower_access(c, n, mode);
		break;
	case SYN_CALL_EXPRESSION:
		if (member_macro_of(c, n))
			lower_access(c, n, mode);
		else
			lower_call(c, n, mode);
		break;
	case SYN_ASSIGNMENT_EXPRESSION: {
		TSNode left = child_by_field(n, FLD_LEFT), right = child_by_field(n, FLD_RIGHT);
		const char *op = ts_node_type(child_by_field(n, FLD_OPERATOR));
		uint32_t start = c->tmp.n;

		lower_expr(c, right, L_RVALUE);
		if (op[0] == '&' && op[1] == '=')
			tag_range(c, start, is_complement(right) ? HOW_CLEAR : HOW_MASK);
		lower_assign_to(c, left, start, n, op[0] == '=' ? 0 : op[0]);
		note_move(c, left, right, op);
		if (mode == L_DISCARD)
			tmp_truncate(c, start);
		break;
	}
	case SYN_UPDATE_EXPRESSION: {
		TSNode arg = strip_parens(child_by_field(n, FLD_ARGUMENT));
		uint32_t start = c->tmp.n;

		lower_assign_to(c, arg, start, n, '+');
		if (strstr(ts_node_type(child_by_field(n, FLD_OPERATOR)), "++"))
			note_move(c, arg, (TSNode){0}, "+=");
		if (mode != L_DISCARD) {
			if (node_is(arg, SYN_IDENTIFIER) && lookup_var(c, node_sym(c, arg)) != IR_NONE)
				push_src(c, SRC_VAR, lookup_var(c, node_sym(c, arg)));
			else if (c->ops.n && c->ops.v[c->ops.n - 1].kind == OP_WRITE)
				push_src(c, SRC_OP, c->ops.n - 1);
		}
		break;
	}
	case SYN_BINARY_EXPRESSION:
		lower_binary(c, n);
		break;
	case SYN_UNARY_EXPRESSION: {
		uint32_t start = c->tmp.n;
		bool negate = node_is(ts_node_child(n, 0), SYN_BANG);

		lower_expr(c, child_by_field(n, FLD_ARGUMENT), L_RVALUE);
		if (negate)
			tag_range(c, start, HOW_TEST);
		break;
	}
	case SYN_PARENTHESIZED_EXPRESSION: {
		TSNode in = first_code_child(n);

		if (node_is(in, SYN_COMPOUND_STATEMENT)) {
			/* ({ ... }): a GNU statement expression, see struct lower_hooks */
			c->hooks.lower_stmt(c, in);
		} else {
			lower_expr(c, in, mode);
		}
		break;
	}
	case SYN_CAST_EXPRESSION:
		lower_expr(c, child_by_field(n, FLD_VALUE), mode);
		break;
	case SYN_CONDITIONAL_EXPRESSION: {
		uint32_t start = c->tmp.n;
		struct ir_excl x;

		lower_expr(c, child_by_field(n, FLD_CONDITION), L_RVALUE);
		tag_truth(c, start);
		/* one arm or the other runs: the rules must not pair them */
		x.a_start = c->ops.n;
		lower_expr(c, child_by_field(n, FLD_CONSEQUENCE), mode);
		x.a_end = x.b_start = c->ops.n;
		lower_expr(c, child_by_field(n, FLD_ALTERNATIVE), mode);
		x.b_end = c->ops.n;
		if (x.a_start < x.a_end && x.b_start < x.b_end)
			vec_push(&c->excls, x);
		break;
	}
	case SYN_COMMA_EXPRESSION: {
		uint32_t start = c->tmp.n;

		lower_expr(c, child_by_field(n, FLD_LEFT), L_DISCARD);
		tmp_truncate(c, start);
		lower_expr(c, child_by_field(n, FLD_RIGHT), mode);
		break;
	}
	case SYN_SIZEOF_EXPRESSION:
	case SYN_ALIGNOF_EXPRESSION:
	case SYN_OFFSETOF_EXPRESSION:
	case SYN_STRING_LITERAL:
	case SYN_CONCATENATED_STRING:
	case SYN_COMMENT:
		/* not evaluated, or no memory involved */
		break;
	case SYN_INITIALIZER_PAIR:
		lower_expr(c, child_by_field(n, FLD_VALUE), L_RVALUE);
		break;
	case SYN_GNU_ASM_EXPRESSION:
		lower_asm(c, n);
		break;
	case SYN_ERROR:
		c->partial = true;
		lower_children_rvalue(c, n);
		break;
	case SYN_COMPOUND_STATEMENT:
		c->hooks.lower_stmt(c, n);
		break;
	default:
		/* initializer lists, compound literals, and what is unknown */
		lower_children_rvalue(c, n);
		break;
	}
	c->depth--;
}
