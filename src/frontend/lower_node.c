/*
 * Syntax-tree helpers of the lowering: a node's children, its text, the
 * type a declaration spells.  They read the tree and intern strings; they
 * build no IR.  The bottom layer of the lowering (lower_internal.h).
 */
#include "frontend/lower_internal.h"

#include <ctype.h>
#include <string.h>

/*
 * Up to this many children, kids_named() and kids_all() ask for each one
 * by index; beyond, they walk with a cursor.  Lists in the tree are
 * balanced trees of hidden nodes, so asking by index costs about the log
 * of the length, and a cursor step, which goes up and down those, costs
 * more; but an ERROR node's children are flat, and asking each of many
 * by index would be quadratic.
 */
#define KIDS_DIRECT 32

/*
 * Push n's named children on c->kids and return the index of the first,
 * so that callers index them instead of asking ts_node_named_child()
 * again, which walks down from n every time.
 */
uint32_t kids_named(struct lctx *c, TSNode n)
{
	uint32_t base = c->kids.n;

	if (ts_node_is_null(n))
		return base;
	if (ts_node_named_child_count(n) <= KIDS_DIRECT) {
		uint32_t cnt = ts_node_named_child_count(n);

		vec_reserve(&c->kids, base + cnt);
		for (uint32_t i = 0; i < cnt; i++) {
			struct kid k = { .node = ts_node_named_child(n, i), .named = true };

			c->kids.v[c->kids.n++] = k;
		}
		return base;
	}
	ts_tree_cursor_reset(&c->cursor, n);
	if (!ts_tree_cursor_goto_first_child(&c->cursor))
		return base;
	do {
		struct kid k = { .node = ts_tree_cursor_current_node(&c->cursor) };

		k.named = ts_node_is_named(k.node);
		if (k.named)
			vec_push(&c->kids, k);
	} while (ts_tree_cursor_goto_next_sibling(&c->cursor));
	return base;
}

/* Like kids_named(), but every child, with the field it is in. */
uint32_t kids_all(struct lctx *c, TSNode n)
{
	uint32_t base = c->kids.n, cnt;

	if (ts_node_is_null(n))
		return base;
	cnt = ts_node_child_count(n);
	if (cnt <= KIDS_DIRECT) {
		vec_reserve(&c->kids, base + cnt);
		for (uint32_t i = 0; i < cnt; i++) {
			struct kid k = { .node = ts_node_child(n, i) };

			k.field = syn_field_id(ts_node_field_name_for_child(n, i));
			k.named = ts_node_is_named(k.node);
			c->kids.v[c->kids.n++] = k;
		}
		return base;
	}
	ts_tree_cursor_reset(&c->cursor, n);
	if (!ts_tree_cursor_goto_first_child(&c->cursor))
		return base;
	do {
		struct kid k = { .node = ts_tree_cursor_current_node(&c->cursor) };

		k.field = ts_tree_cursor_current_field_id(&c->cursor);
		k.named = ts_node_is_named(k.node);
		vec_push(&c->kids, k);
	} while (ts_tree_cursor_goto_next_sibling(&c->cursor));
	return base;
}

/*
 * Append n bytes of s to the len bytes in buf, truncating as snprintf()
 * into a buffer of cap bytes would: the type strings are built for every
 * declaration, and printf's machinery cost more than the rest.
 */
size_t buf_append(char *buf, size_t cap, size_t len, const char *s, size_t n)
{
	if (n > cap - 1 - len)
		n = cap - 1 - len;
	memcpy(buf + len, s, n);
	buf[len + n] = '\0';
	return len + n;
}

/* buf_append() of the string s. */
size_t buf_append_str(char *buf, size_t cap, size_t len, const char *s)
{
	return buf_append(buf, cap, len, s, strlen(s));
}

sym_t node_sym(struct lctx *c, TSNode n)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);

	if (syn_null(n) || e <= s)
		return 0;
	return intern_n(c->text + s, e - s);
}

/* The text t[s, e) with whitespace runs (and comments) squeezed to a space. */
sym_t text_sym_squeezed(const char *t, uint32_t s, uint32_t e)
{
	char buf[256];
	size_t n = 0;
	bool space = false;

	for (uint32_t i = s; i < e && n < sizeof(buf) - 2; i++) {
		char ch = t[i];

		if (ch == '/' && i + 1 < e && t[i + 1] == '*') {
			const char *end = strstr(t + i + 2, "*/");

			i = end ? (uint32_t)(end - t) + 1 : e;
			space = true;
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\\') {
			space = true;
			continue;
		}
		if (space && n > 0)
			buf[n++] = ' ';
		space = false;
		buf[n++] = ch;
	}
	return intern_n(buf, n);
}

sym_t node_sym_squeezed(struct lctx *c, TSNode n)
{
	if (ts_node_is_null(n))
		return 0;
	return text_sym_squeezed(c->text, ts_node_start_byte(n), ts_node_end_byte(n));
}

/* Macro constants by convention: FOO_BAR, 0x10, 'c'. */
bool looks_constant(const char *s, size_t n)
{
	bool upper = false;

	if (n == 0)
		return false;
	if (isdigit((unsigned char)s[0]) || s[0] == '\'')
		return true;
	for (size_t i = 0; i < n; i++) {
		if (islower((unsigned char)s[i]))
			return false;
		if (isupper((unsigned char)s[i]))
			upper = true;
	}
	return upper;
}

static sym_t base_type_text(struct lctx *c, TSNode type)
{
	enum syn t = syn_kind(type);
	char buf[256];
	size_t n;

	if (t == SYN_STRUCT_SPECIFIER || t == SYN_UNION_SPECIFIER || t == SYN_ENUM_SPECIFIER) {
		TSNode name = child_by_field(type, FLD_NAME);
		const char *kw = t == SYN_STRUCT_SPECIFIER ? "struct" :
				 t == SYN_UNION_SPECIFIER ? "union" : "enum";
		uint32_t s, e;

		if (ts_node_is_null(name))
			return 0;
		s = ts_node_start_byte(name);
		e = ts_node_end_byte(name);
		/* "%s %.*s", kw, e - s, c->text + s */
		n = buf_append_str(buf, sizeof(buf), 0, kw);
		n = buf_append(buf, sizeof(buf), n, " ", 1);
		n = buf_append(buf, sizeof(buf), n, c->text + s, e - s);
		return intern_n(buf, n);
	}
	return node_sym_squeezed(c, type);
}

/*
 * The declared type of a declarator, as "struct vmcb *" or "u8 []", and
 * its name.  Qualifiers are not part of it: they are siblings of the type.
 */
sym_t type_text(struct lctx *c, TSNode type, TSNode decl, sym_t *name_out)
{
	sym_t base = ts_node_is_null(type) ? 0 : base_type_text(c, type);
	unsigned stars = 0, arrays = 0;
	bool fnptr = false;
	char buf[320];
	size_t n;
	int guard = 0;

	if (name_out)
		*name_out = 0;
	while (!ts_node_is_null(decl) && guard++ < 64) {
		enum syn t = syn_kind(decl);

		if (t == SYN_IDENTIFIER || t == SYN_FIELD_IDENTIFIER || t == SYN_TYPE_IDENTIFIER) {
			if (name_out)
				*name_out = node_sym(c, decl);
			break;
		}
		if (t == SYN_POINTER_DECLARATOR || t == SYN_ABSTRACT_POINTER_DECLARATOR)
			stars++;
		else if (t == SYN_ARRAY_DECLARATOR || t == SYN_ABSTRACT_ARRAY_DECLARATOR)
			arrays++;
		else if (t == SYN_FUNCTION_DECLARATOR || t == SYN_ABSTRACT_FUNCTION_DECLARATOR)
			fnptr = true;
		decl = child_by_field(decl, FLD_DECLARATOR);
	}
	if (fnptr)
		return intern("fnptr");
	if (!base)
		return 0;
	if (!stars && !arrays)
		return base;	/* what the concatenation below would give */
	/* "%s%s%.*s%s", base, stars ? " " : "", MIN(stars, 8), "********", arrays ? " []" : "" */
	n = buf_append_str(buf, sizeof(buf), 0, sym_str(base));
	n = buf_append_str(buf, sizeof(buf), n, stars ? " " : "");
	n = buf_append(buf, sizeof(buf), n, "********", MIN(stars, 8u));
	n = buf_append_str(buf, sizeof(buf), n, arrays ? " []" : "");
	return intern_n(buf, n);
}

/*
 * The name of a function pointer parameter or local, `int (*fn)(struct x
 * *, void *)`: inside the function declarator's parenthesised one, which
 * type_text() does not walk into.  0 when there is none (an abstract
 * declarator).
 */
sym_t fnptr_decl_name(struct lctx *c, TSNode d)
{
	for (int guard = 0; !ts_node_is_null(d) && guard < 16; guard++) {
		enum syn t = syn_kind(d);

		if (t == SYN_IDENTIFIER)
			return node_sym(c, d);
		if (t == SYN_PARENTHESIZED_DECLARATOR)
			d = ts_node_named_child(d, 0);
		else if (t == SYN_FUNCTION_DECLARATOR || t == SYN_POINTER_DECLARATOR)
			d = child_by_field(d, FLD_DECLARATOR);
		else
			return 0;
	}
	return 0;
}

TSNode first_code_child(TSNode n)
{
	uint32_t count = ts_node_named_child_count(n);

	for (uint32_t i = 0; i < count; i++) {
		TSNode k = ts_node_named_child(n, i);

		if (!node_is(k, SYN_COMMENT))
			return k;
	}
	return (TSNode){0};
}

bool never_built(struct lctx *c, TSNode arm)
{
	TSNode cond;
	uint32_t s, e;

	if (!node_is(arm, SYN_PREPROC_IF) && strcmp(ts_node_type(arm), "preproc_elif"))
		return false;
	cond = child_by_field(arm, FLD_CONDITION);
	if (!node_is(cond, SYN_NUMBER_LITERAL))
		return false;
	s = ts_node_start_byte(cond);
	e = ts_node_end_byte(cond);
	return e == s + 1 && c->text[s] == '0';
}

bool under_never_built(struct lctx *c, TSNode n)
{
	int guard = 0;

	for (TSNode child = n, p = ts_node_parent(n); !ts_node_is_null(p) && guard++ < 256;
	     child = p, p = ts_node_parent(p))
		if (never_built(c, p) && !ts_node_eq(child, child_by_field(p, FLD_ALTERNATIVE)))
			return true;
	return false;
}

TSNode strip_parens(TSNode n)
{
	int guard = 0;

	while (node_is(n, SYN_PARENTHESIZED_EXPRESSION) && guard++ < 10000) {
		TSNode in = first_code_child(n);

		if (ts_node_is_null(in) || node_is(in, SYN_COMPOUND_STATEMENT))
			break;
		n = in;
	}
	return n;
}

sym_t callee_name(struct lctx *c, TSNode call)
{
	TSNode fn = child_by_field(call, FLD_FUNCTION);

	if (node_is(fn, SYN_IDENTIFIER))
		return node_sym(c, fn);
	return 0;
}
