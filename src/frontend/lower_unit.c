/*
 * File-level lowering: find every function definition in the tree (also
 * inside #if blocks and ERROR nodes), record struct layouts, typedefs and
 * globals for the index, and hand each function body to lower_stmt.c.
 */
#include "frontend/lower_internal.h"
#include "ir/cfg.h"
#include "frontend/lockmacro.h"
#include "ir/byterange.h"
#include "frontend/macro_body.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- struct layouts -------------------------------------------------- */

struct unit_builder {
	VEC(struct struct_def) structs;
	VEC(struct global_decl) globals;
	VEC(struct typedef_decl) typedefs;
	VEC(sym_t) exported;
	VEC(sym_t) referenced;
	VEC(sym_t) referenced_in;	/* the initialised variable's type, by index */
	VEC(struct ref_place) referenced_at;
	uint32_t ninits;		/* initialised variables so far */
	VEC(struct ir_func) funcs;
	VEC(struct macro_def) macros;
	VEC(uint32_t) defines;		/* object-like #defines' macro_name_hash() */
};

static void record_struct(struct lctx *c, struct unit_builder *b, TSNode spec,
			  sym_t name, int depth);
static sym_t spec_name(struct lctx *c, TSNode spec);

struct field_vec {
	struct field_decl *v;
	uint32_t n, cap;
};

static bool ident_char(char ch)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9');
}

/*
 * DECLARE_BITMAP(name, bits); as a member: the grammar sees a macro type
 * with no declarator, so the member would be missing, and reads of it
 * would look like loads of a pointer.  Taken from the text: MACRO(a, b).
 */
static bool member_array_macro(struct lctx *c, TSNode f, struct field_decl *fd)
{
	const char *s = c->text + ts_node_start_byte(f), *elem;
	size_t n = ts_node_end_byte(f) - ts_node_start_byte(f), i = 0, ml;
	size_t arg[2][2] = { { 0, 0 }, { 0, 0 } };	/* start, length */
	unsigned name_arg;
	char buf[256];

	while (i < n && ident_char(s[i]))
		i++;
	ml = i;
	if (!ml || !idiom_member_array(s, ml, &name_arg, &elem))
		return false;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i++] != '(')
		return false;
	for (unsigned k = 0; k < 2 && i < n; k++) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
			i++;
		arg[k][0] = i;
		while (i < n && s[i] != ',' && s[i] != ')' && s[i] != '(')
			i++;
		arg[k][1] = i - arg[k][0];
		while (arg[k][1] && (s[arg[k][0] + arg[k][1] - 1] == ' ' ||
				     s[arg[k][0] + arg[k][1] - 1] == '\t'))
			arg[k][1]--;
		if (i < n && s[i] == ',')
			i++;
		else
			break;
	}
	/* the member's name: one identifier */
	if (!arg[name_arg][1])
		return false;
	for (size_t j = 0; j < arg[name_arg][1]; j++)
		if (!ident_char(s[arg[name_arg][0] + j]))
			return false;
	if (!elem && !arg[0][1])
		return false;
	fd->name = intern_n(s + arg[name_arg][0], arg[name_arg][1]);
	if (elem)
		snprintf(buf, sizeof(buf), "%s []", elem);
	else
		snprintf(buf, sizeof(buf), "%.*s []", (int)MIN(arg[0][1], 200u), s + arg[0][0]);
	fd->type = intern(buf);
	fd->count = 0;
	return true;
}

/*
 * The element count of a one-dimensional array member, u8 node[8] or
 * u8 node[NODE_BYTES / 2] when that is a number: so that a copy of
 * sizeof(p->node) bytes can be sized; FIELD_FLEXIBLE for u8 data[].  0
 * otherwise.
 */
static uint32_t array_count(struct lctx *c, TSNode d)
{
	struct arg_form af;
	sym_t form;

	if (!node_is(d, SYN_ARRAY_DECLARATOR) ||
	    !node_is(child_by_field(d, FLD_DECLARATOR), SYN_FIELD_IDENTIFIER))
		return 0;
	if (ts_node_is_null(child_by_field(d, FLD_SIZE)))
		return FIELD_FLEXIBLE;
	form = const_value_form(c, child_by_field(d, FLD_SIZE));
	if (!form || !form_parse(form, &af) || af.kind != '=' || af.off.n || af.off.unknown ||
	    af.off.c <= 0 || af.off.c > UINT32_MAX)
		return 0;
	return (uint32_t)af.off.c;
}

static void record_fields(struct lctx *c, struct unit_builder *b, TSNode list,
			  sym_t owner, struct field_vec *out, int depth)
{
	uint32_t base, n;

	if (depth > 16)
		return;
	base = kids_named(c, list);
	n = c->kids.n - base;
	for (uint32_t i = 0; i < n; i++) {
		TSNode f = c->kids.v[base + i].node;
		TSSymbol sym = ts_node_symbol(f);

		if (syn_sym_flags(sym) & SYNF_PREPROC) {
			/* fields under #ifdef CONFIG_...: take them all */
			record_fields(c, b, f, owner, out, depth + 1);
			continue;
		}
		if (syn_sym_kind(sym) != SYN_FIELD_DECLARATION)
			continue;
		TSNode type = child_by_field(f, FLD_TYPE);
		uint32_t fbase = kids_all(c, f), nc = c->kids.n - fbase;
		bool any_decl = false, vol = false, bits = false;

		/*
		 * `volatile` is a sibling of the type: kept in front of the
		 * member's type text, since every access to the member is then
		 * one load or one store (EDK2's, and older code's, marking)
		 */
		for (uint32_t k = 0; k < nc; k++) {
			TSNode q = c->kids.v[fbase + k].node;

			if (node_is(q, SYN_TYPE_QUALIFIER) &&
			    ts_node_end_byte(q) - ts_node_start_byte(q) == 8 &&
			    !memcmp(c->text + ts_node_start_byte(q), "volatile", 8))
				vol = true;
			/*
			 * `unsigned busy : 1`: marked in the type (" :"), since
			 * no READ_ONCE() or WRITE_ONCE() can name a bit-field
			 */
			if (node_is(q, SYN_BITFIELD_CLAUSE))
				bits = true;
		}

		for (uint32_t k = 0; k < nc; k++) {
			TSNode d;
			struct field_decl fd;

			if (c->kids.v[fbase + k].field != syntax.field[FLD_DECLARATOR])
				continue;
			d = c->kids.v[fbase + k].node;
			any_decl = true;
			fd.type = type_text(c, type, d, &fd.name);
			fd.count = array_count(c, d);
			if (!fd.name)
				continue;
			/* volatile u8 *regs: the registers are volatile, not the pointer */
			if (vol && fd.type && !node_is(d, SYN_POINTER_DECLARATOR)) {
				char vb[320];

				snprintf(vb, sizeof(vb), "volatile %s", sym_str(fd.type));
				fd.type = intern(vb);
			}
			if (bits && fd.type) {
				char bb[320];

				snprintf(bb, sizeof(bb), "%s :", sym_str(fd.type));
				fd.type = intern(bb);
			}
			/* a member whose type is defined right there */
			if (!ts_node_is_null(type) &&
			    (node_is(type, SYN_STRUCT_SPECIFIER) || node_is(type, SYN_UNION_SPECIFIER)) &&
			    !ts_node_is_null(child_by_field(type, FLD_NAME)))
				record_struct(c, b, type, spec_name(c, type), depth + 1);
			/* a named member of an anonymous struct type */
			if (!ts_node_is_null(type) &&
			    (node_is(type, SYN_STRUCT_SPECIFIER) || node_is(type, SYN_UNION_SPECIFIER)) &&
			    ts_node_is_null(child_by_field(type, FLD_NAME)) &&
			    !ts_node_is_null(child_by_field(type, FLD_BODY))) {
				char syn[256], tb[272];

				snprintf(syn, sizeof(syn), "%s::%s", sym_str(owner), sym_str(fd.name));
				record_struct(c, b, type, intern(syn), depth + 1);
				snprintf(tb, sizeof(tb), "%s%s", syn,
					 node_is(d, SYN_POINTER_DECLARATOR) ? " *" :
					 node_is(d, SYN_ARRAY_DECLARATOR) ? " []" : "");
				fd.type = intern(tb);
			}
			vec_push(out, fd);
		}
		c->kids.n = fbase;
		if (!any_decl) {
			struct field_decl fd;

			if (member_array_macro(c, f, &fd))
				vec_push(out, fd);
		}
		if (!any_decl && !ts_node_is_null(type) &&
		    (node_is(type, SYN_STRUCT_SPECIFIER) || node_is(type, SYN_UNION_SPECIFIER))) {
			TSNode body = child_by_field(type, FLD_BODY);

			/* C11 anonymous member: its fields belong to the owner */
			if (!ts_node_is_null(body) && ts_node_is_null(child_by_field(type, FLD_NAME)))
				record_fields(c, b, body, owner, out, depth + 1);
		}
	}
	c->kids.n = base;
}

static void record_struct(struct lctx *c, struct unit_builder *b, TSNode spec,
			  sym_t name, int depth)
{
	TSNode body = child_by_field(spec, FLD_BODY);
	struct field_vec fields = {0};
	struct struct_def sd;

	if (ts_node_is_null(body) || !name || depth > 16)
		return;
	record_fields(c, b, body, name, &fields, depth);
	sd.name = name;
	sd.nfields = fields.n;
	sd.fields = arena_copy(&c->unit->arena, fields.v, fields.n * sizeof(*fields.v));
	vec_free(&fields);
	vec_push(&b->structs, sd);
}

static sym_t spec_name(struct lctx *c, TSNode spec)
{
	TSNode name = child_by_field(spec, FLD_NAME);
	char buf[256];
	uint32_t s, e;
	size_t n;

	if (ts_node_is_null(name))
		return 0;
	s = ts_node_start_byte(name);
	e = ts_node_end_byte(name);
	/* "%s %.*s", union or struct, MIN(e - s, 200), c->text + s */
	n = buf_append_str(buf, sizeof(buf), 0,
			   node_is(spec, SYN_UNION_SPECIFIER) ? "union " : "struct ");
	n = buf_append(buf, sizeof(buf), n, c->text + s, MIN(e - s, 200u));
	return intern_n(buf, n);
}

static bool has_storage(struct lctx *c, TSNode decl, const char *word)
{
	uint32_t base = kids_named(c, decl), n = c->kids.n - base;
	bool found = false;

	for (uint32_t i = 0; i < n && !found; i++) {
		TSNode k = c->kids.v[base + i].node;

		if (node_is(k, SYN_STORAGE_CLASS_SPECIFIER)) {
			uint32_t s = ts_node_start_byte(k), e = ts_node_end_byte(k);

			if (e - s == strlen(word) && !memcmp(c->text + s, word, e - s))
				found = true;
		}
	}
	c->kids.n = base;
	return found;
}

/* Is node n an identifier naming a declared init-macro? */
static bool init_macro_name(struct lctx *c, TSNode n)
{
	size_t it = 0;

	return node_is(n, SYN_IDENTIFIER) &&
	       idiom_init_macro(c->text + ts_node_start_byte(n),
				ts_node_end_byte(n) - ts_node_start_byte(n), &it) != NULL;
}

/*
 * Is node n, before a designator in an initialiser, a macro's use:
 * MACRO(..), or MACRO alone, spelt as a macro is (upper case)?
 */
static bool macro_use(struct lctx *c, TSNode n)
{
	uint32_t s, e;

	if (node_is(n, SYN_CALL_EXPRESSION))
		n = child_by_field(n, FLD_FUNCTION);
	if (ts_node_is_null(n) || !node_is(n, SYN_IDENTIFIER))
		return false;
	s = ts_node_start_byte(n);
	e = ts_node_end_byte(n);
	return init_macro_name(c, n) || looks_constant(c->text + s, e - s);
}

/*
 * One more function named as a value in the initialiser, the member it
 * initialises or 0.
 */
static void push_reference(struct unit_builder *b, sym_t name, sym_t in, sym_t member, sym_t var)
{
	struct ref_place at = { member, b->ninits, var };

	vec_push(&b->referenced, name);
	vec_push(&b->referenced_in, in);
	vec_push(&b->referenced_at, at);
}

/*
 * Where a macro's use `n` in the initialiser `init` puts its members: in
 * init's own type (*via 0), or in the struct member F whose own
 * initialiser holds it (`.ops = { MACRO(..) }`: *via "ops", the members
 * then "ops.m", which the index resolves to the member's type).  False
 * when deeper or in an array.
 */
static bool macro_place(struct lctx *c, TSNode init, TSNode n, sym_t *via)
{
	TSNode l = n, pair, d;
	int guard = 0;

	*via = 0;
	while (!ts_node_is_null(l) && strcmp(ts_node_type(l), "initializer_list") && guard++ < 6)
		l = ts_node_parent(l);
	if (ts_node_is_null(l) || strcmp(ts_node_type(l), "initializer_list"))
		return false;
	if (ts_node_eq(l, init))
		return true;
	pair = ts_node_parent(l);
	if (!node_is(pair, SYN_INITIALIZER_PAIR) || !ts_node_eq(ts_node_parent(pair), init) ||
	    ts_node_named_child_count(pair) != 2)
		return false;
	d = ts_node_named_child(pair, 0);
	if (!node_is(d, SYN_FIELD_DESIGNATOR) || ts_node_named_child_count(d) != 1)
		return false;
	*via = node_sym(c, ts_node_named_child(d, 0));
	return true;
}

/*
 * The functions an init-macro names: for argument `k` of a use of `macro`
 * named `arg`, each member the profile puts it in; with no `arg`, the
 * functions the macro names itself.  False when the profile puts argument
 * k nowhere.
 */
static bool push_macro_members(struct unit_builder *b, const char *macro, size_t mn, int k,
			       sym_t arg, sym_t in, sym_t var, sym_t via)
{
	const struct init_macro_decl *d;
	size_t it = 0;
	bool any = false;

	while ((d = idiom_init_macro(macro, mn, &it)) != NULL) {
		const char *m = d->members;
		sym_t fn = arg && d->arg == k ? arg : !arg && d->func ? intern(d->func) : 0;

		if (!fn)
			continue;
		while (*m) {
			size_t n = strcspn(m, " ");

			char buf[256];

			if (via)
				snprintf(buf, sizeof(buf), "%s.%.*s", sym_str(via), (int)n, m);
			push_reference(b, fn, in,
				       via ? intern(buf) : intern_n(m, n), var);
			any = true;
			m += n;
			m += strspn(m, " ");
		}
	}
	return any;
}

/*
 * The member a value initialises: "shutdown" for `.shutdown = f` in the
 * initialiser `init` of an ops table, or of one element of an array of
 * them.  0 for a positional value, a nested member (`.ops.open`,
 * `.ops = { .open = f }`) or anything not initialised by a single member.
 */
static sym_t initialised_member(struct lctx *c, TSNode init, TSNode value)
{
	TSNode pair = ts_node_parent(value), list, d = { 0 };
	uint32_t n, designators = 0;

	/*
	 * `MACRO(a, b) .op = f`: with no comma after a macro that expands to
	 * designators the parser reads an assignment to a member of the
	 * macro's "call", or of its name
	 */
	if (node_is(pair, SYN_ASSIGNMENT_EXPRESSION) &&
	    ts_node_eq(child_by_field(pair, FLD_RIGHT), value)) {
		TSNode left = child_by_field(pair, FLD_LEFT), f;

		list = ts_node_parent(pair);
		if (node_is(left, SYN_FIELD_EXPRESSION) &&
		    macro_use(c, child_by_field(left, FLD_ARGUMENT)) &&
		    !ts_node_is_null(f = child_by_field(left, FLD_FIELD)) &&
		    (ts_node_eq(list, init) || ts_node_eq(ts_node_parent(list), init)))
			return intern_n(c->text + ts_node_start_byte(f),
					ts_node_end_byte(f) - ts_node_start_byte(f));
		return 0;
	}
	if (!node_is(pair, SYN_INITIALIZER_PAIR) ||
	    !ts_node_eq(child_by_field(pair, FLD_VALUE), value))
		return 0;
	list = ts_node_parent(pair);
	if (!ts_node_eq(list, init) && !ts_node_eq(ts_node_parent(list), init))
		return 0;
	/* not kids_named(): it may move c->cursor, which the caller walks with */
	n = ts_node_named_child_count(pair);
	for (uint32_t i = 0; i < n; i++) {
		TSNode k = ts_node_named_child(pair, i);

		if (ts_node_eq(k, value))
			continue;
		designators++;
		if (node_is(k, SYN_FIELD_DESIGNATOR))
			d = k;
	}
	if (designators != 1 || ts_node_is_null(d) || ts_node_named_child_count(d) != 1)
		return 0;
	d = ts_node_named_child(d, 0);
	return intern_n(c->text + ts_node_start_byte(d),
			ts_node_end_byte(d) - ts_node_start_byte(d));
}

/*
 * The direct identifier arguments of `call`, a use of an init-macro in the
 * initialiser `init`, that the profile puts in members: pushed as those
 * members, their start bytes kept in done[] (at most max) so that the walk
 * does not push them again as plain references.
 */
static uint32_t init_macro_args(struct lctx *c, struct unit_builder *b, TSNode init, TSNode call,
				sym_t in, sym_t var, uint32_t *done, uint32_t max)
{
	TSNode fn = child_by_field(call, FLD_FUNCTION), args = child_by_field(call, FLD_ARGUMENTS);
	uint32_t nk, nd = 0;
	sym_t via;

	if (ts_node_is_null(args) || !init_macro_name(c, fn) || !macro_place(c, init, call, &via))
		return 0;
	nk = ts_node_named_child_count(args);
	for (uint32_t k = 0; k < nk && nd < max; k++) {
		TSNode a = ts_node_named_child(args, k);
		uint32_t s = ts_node_start_byte(a), e = ts_node_end_byte(a);

		if (node_is(a, SYN_IDENTIFIER) && !looks_constant(c->text + s, e - s) &&
		    push_macro_members(b, c->text + ts_node_start_byte(fn),
				       ts_node_end_byte(fn) - ts_node_start_byte(fn), (int)k,
				       intern_n(c->text + s, e - s), in, var, via))
			done[nd++] = s;
	}
	return nd;
}

/* Identifiers used as values in a file-scope initialiser of type `in`: ops tables. */
static void collect_references(struct lctx *c, struct unit_builder *b, TSNode init, sym_t in,
			       sym_t var)
{
	TSTreeCursor *cur = &c->cursor;
	uint32_t depth = 0;
	/* the arguments the last init-macro call put in members (few: pm.h's take 2 to 6) */
	uint32_t done[16], ndone = 0;

	b->ninits++;
	ts_tree_cursor_reset(cur, init);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(cur);

		/* argument k of MACRO(..), an init-macro: the members it fills */
		if (node_is(n, SYN_CALL_EXPRESSION)) {
			uint32_t nd = init_macro_args(c, b, init, n, in, var, done, 16);

			if (nd)
				ndone = nd;
		}
		if (node_is(n, SYN_IDENTIFIER)) {
			uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n), i;
			sym_t via;

			for (i = 0; i < ndone && done[i] != s; i++)
				;
			if (i < ndone)
				goto next;
			/* MACRO alone, an init-macro that names its functions */
			if (init_macro_name(c, n) && macro_place(c, init, n, &via))
				push_macro_members(b, c->text + s, e - s, -1, 0, in, var, via);
			if (!looks_constant(c->text + s, e - s))
				push_reference(b, intern_n(c->text + s, e - s), in,
					       initialised_member(c, init, n), var);
		}
next:
		if (ts_tree_cursor_goto_first_child(cur)) {
			depth++;
			continue;
		}
		while (depth > 0 && !ts_tree_cursor_goto_next_sibling(cur)) {
			ts_tree_cursor_goto_parent(cur);
			depth--;
		}
		if (depth == 0)
			break;
	}
}

/*
 * A macro that defines the file-scope object its one argument names:
 * DEFINE_MUTEX(x), DEFINE_SPINLOCK(x), and the DECLARE_ spelling some use
 * for the same (DECLARE_RWSEM(x) defines the semaphore x).
 */
static bool definer_macro(const char *name)
{
	return str_starts(name, "DEFINE_") || str_starts(name, "DECLARE_");
}

/*
 * MACRO(x) as a file-scope declaration, MACRO a declared object-macro: the
 * parser reads a declaration of type MACRO with declarator "(x)".  It
 * defines an object of the macro's type, named x with its suffix pasted
 * on (DEFINE_SCHED_CLASS(fair) = { ... }: a struct sched_class), so that
 * its initialiser fills that type's ops table.
 */
static void object_macro_decl(struct lctx *c, TSNode type, TSNode inner, sym_t *obj_type,
			      sym_t *obj_name)
{
	const char *otype, *suffix;
	char macro[128], name[256];
	uint32_t s, e;
	TSNode x;

	if (ts_node_is_null(type) || !node_is(type, SYN_TYPE_IDENTIFIER) ||
	    !node_is(inner, SYN_PARENTHESIZED_DECLARATOR))
		return;
	s = ts_node_start_byte(type);
	e = ts_node_end_byte(type);
	if (e - s >= sizeof(macro))
		return;
	memcpy(macro, c->text + s, e - s);
	macro[e - s] = 0;
	if (!idiom_object_macro(macro, &otype, &suffix))
		return;
	x = ts_node_named_child(inner, 0);
	if (!node_is(x, SYN_IDENTIFIER))
		return;
	s = ts_node_start_byte(x);
	e = ts_node_end_byte(x);
	snprintf(name, sizeof(name), "%.*s%s", (int)(e - s), c->text + s, suffix);
	*obj_type = intern(otype);
	*obj_name = intern(name);
}

/* The identifiers and type names under n, in order (up to max; the count). */
static uint32_t type_words(struct lctx *c, TSNode n, sym_t *out, uint32_t max, uint32_t got,
			   int depth)
{
	uint32_t nk = ts_node_named_child_count(n);

	if (node_is(n, SYN_TYPE_IDENTIFIER) || node_is(n, SYN_IDENTIFIER)) {
		if (got < max)
			out[got] = node_sym(c, n);
		return got + 1;
	}
	for (uint32_t i = 0; i < nk && depth < 6; i++)
		got = type_words(c, ts_node_named_child(n, i), out, max, got, depth + 1);
	return got;
}

/*
 * MACRO(x, a, b); at file scope, MACRO an init-macro with a type: the
 * object x of that type, its members a and b as the profile says.  The
 * parser reads `static MACRO(x, a, b);` as a declaration of a macro type
 * whose arguments are type names, and MACRO(x, a, b); with no storage
 * class as a function's prototype: `name` is MACRO, `args` what holds
 * the arguments.
 */
static void init_macro_object(struct lctx *c, struct unit_builder *b, TSNode name, TSNode args)
{
	const struct init_macro_decl *im;
	sym_t words[16], in;
	uint32_t n;
	size_t it = 0;

	if (ts_node_is_null(name) || ts_node_is_null(args) || !node_is(name, SYN_IDENTIFIER) ||
	    !(im = idiom_init_macro(c->text + ts_node_start_byte(name),
				    ts_node_end_byte(name) - ts_node_start_byte(name), &it)) ||
	    !im->type)
		return;
	n = type_words(c, args, words, 16, 0, 0);
	/* the macro's own name, read as a word of the type */
	if (n && words[0] == node_sym(c, name)) {
		memmove(words, words + 1, sizeof(words) - sizeof(words[0]));
		n--;
	}
	if (n < 2 || n > 15)
		return;
	in = intern(im->type);
	b->ninits++;
	for (uint32_t k = 1; k < n; k++)
		if (!looks_constant(sym_str(words[k]), strlen(sym_str(words[k]))))
			push_macro_members(b, c->text + ts_node_start_byte(name),
					   ts_node_end_byte(name) - ts_node_start_byte(name), (int)k,
					   words[k], in, words[0], 0);
}

static void init_macro_decl(struct lctx *c, struct unit_builder *b, TSNode decl, TSNode type)
{
	uint32_t nk = ts_node_child_count(decl);

	if (!ts_node_is_null(type) && !strcmp(ts_node_type(type), "macro_type_specifier"))
		init_macro_object(c, b, child_by_field(type, FLD_NAME), type);
	for (uint32_t i = 0; i < nk; i++) {
		TSNode d = ts_node_child(decl, i);

		if (node_is(d, SYN_FUNCTION_DECLARATOR))
			init_macro_object(c, b, child_by_field(d, FLD_DECLARATOR),
					  child_by_field(d, FLD_PARAMETERS));
	}
}

static void record_declaration(struct lctx *c, struct unit_builder *b, TSNode decl)
{
	TSNode type = child_by_field(decl, FLD_TYPE);
	bool is_static = has_storage(c, decl, "static");
	bool is_extern = has_storage(c, decl, "extern");
	uint32_t base, nc;

	init_macro_decl(c, b, decl, type);
	base = kids_all(c, decl);
	nc = c->kids.n - base;

	for (uint32_t k = 0; k < nc; k++) {
		TSNode d, inner;
		struct global_decl g = {0};
		sym_t obj_type = 0, obj_name = 0;

		if (c->kids.v[base + k].field != syntax.field[FLD_DECLARATOR])
			continue;
		d = c->kids.v[base + k].node;
		inner = d;
		if (node_is(d, SYN_INIT_DECLARATOR))
			inner = child_by_field(d, FLD_DECLARATOR);
		object_macro_decl(c, type, inner, &obj_type, &obj_name);
		if (node_is(d, SYN_INIT_DECLARATOR)) {
			TSNode value = child_by_field(d, FLD_VALUE);

			if (!ts_node_is_null(value)) {
				sym_t vname = 0, in = type_text(c, type, inner, &vname);

				if (obj_type) {
					in = obj_type;
					vname = obj_name;
				}
				collect_references(c, b, value, in, vname);
			}
		}
		/* a prototype is not a variable */
		{
			TSNode x = inner;
			int guard = 0;

			while (!ts_node_is_null(x) && guard++ < 16 &&
			       node_is(x, SYN_POINTER_DECLARATOR))
				x = child_by_field(x, FLD_DECLARATOR);
			if (node_is(x, SYN_FUNCTION_DECLARATOR))
				continue;
		}
		g.type = type_text(c, type, inner, &g.name);
		if (obj_type) {
			g.type = obj_type;
			g.name = obj_name;
		}
		/*
		 * static DEFINE_SPINLOCK(x); DEFINE_MUTEX(x): a file-scope
		 * lock defined by a macro parses as a declaration of type
		 * DEFINE_... with declarator "(x)".  It declares x.  So does
		 * a DECLARE_... one (static DECLARE_RWSEM(x), which defines
		 * the semaphore x).
		 */
		if (!g.name && node_is(inner, SYN_PARENTHESIZED_DECLARATOR) && g.type &&
		    definer_macro(sym_str(g.type))) {
			TSNode x = ts_node_named_child(inner, 0);

			if (node_is(x, SYN_IDENTIFIER))
				g.name = node_sym(c, x);
		}
		if (!g.name)
			continue;
		g.line = ts_node_start_point(d).row + 1;
		g.is_static = is_static;
		g.is_extern = is_extern;
		vec_push(&b->globals, g);
		vec_push(&c->fs->globals, g.name);
		vec_push(&c->fs->global_static, (uint8_t)is_static);
	}
	c->kids.n = base;
}

static void record_typedef(struct lctx *c, struct unit_builder *b, TSNode td)
{
	TSNode type = child_by_field(td, FLD_TYPE);
	uint32_t base, nc;
	sym_t target = 0;

	if (ts_node_is_null(type))
		return;
	if ((node_is(type, SYN_STRUCT_SPECIFIER) || node_is(type, SYN_UNION_SPECIFIER)) &&
	    !ts_node_is_null(child_by_field(type, FLD_BODY))) {
		sym_t tag = ts_node_is_null(child_by_field(type, FLD_NAME)) ? 0 : spec_name(c, type);

		/* typedef struct hdr { ... } hdr_t: the struct is defined here too */
		if (tag)
			record_struct(c, b, type, tag, 0);
		else
			target = (sym_t)-1;	/* anonymous: named after the typedef */
	}
	base = kids_all(c, td);
	nc = c->kids.n - base;
	for (uint32_t k = 0; k < nc; k++) {
		struct typedef_decl t;
		sym_t name;

		if (c->kids.v[base + k].field != syntax.field[FLD_DECLARATOR])
			continue;
		t.type = type_text(c, type, c->kids.v[base + k].node, &name);
		t.name = name;
		if (!name)
			continue;
		if (target == (sym_t)-1) {
			char buf[256];

			snprintf(buf, sizeof(buf), "struct %s", sym_str(name));
			record_struct(c, b, type, intern(buf), 0);
			t.type = intern(buf);
			target = 0;
		}
		vec_push(&b->typedefs, t);
	}
	c->kids.n = base;
}

/* --- functions ------------------------------------------------------- */

static void reset_function(struct lctx *c)
{
	clear_paths(c);
	c->vars.n = c->paths.n = c->ops.n = c->srcs.n = c->args.n = c->moves.n = c->excls.n = 0;
	c->cases.n = 0;
	c->var_init.n = c->assigned.n = 0;
	c->assigned_scanned = false;
	c->fn_body = (TSNode){0};
	c->blocks.n = c->edges.n = c->loops.n = c->annotations.n = 0;
	c->scope.n = c->scope_marks.n = c->guards.n = c->labels.n = 0;
	c->jumps.n = c->tmp.n = c->npred.n = 0;
	c->loop = 0;
	c->op_flags = 0;
	c->mark = MARK_PLAIN;
	c->depth = 0;
	c->partial = false;
	c->too_deep = false;
	c->too_big = false;
	c->cur = new_block(c);
	c->blocks.v[c->cur].flags |= BLOCK_ENTRY;
	start_block(c, c->cur);
	c->exit_block = new_block(c);
	c->token_test = 0;
	c->bitlock_path = 0;
	c->blocks.v[c->exit_block].flags |= BLOCK_EXIT;
	vec_push(&c->scope_marks, 0);
}

/* "static" before the name, also when error recovery split the head. */
static bool text_says_static(struct lctx *c, uint32_t from, uint32_t to)
{
	uint32_t lo = from > 512 ? from - 512 : 0, b = from;

	while (b > lo && c->text[b - 1] != ';' && c->text[b - 1] != '}' &&
	       !(c->text[b - 1] == '\n' && c->text[b] == '#'))
		b--;
	for (uint32_t i = b; i + 6 <= to; i++) {
		if (c->text[i] == 's' && !memcmp(c->text + i, "static", 6) &&
		    (i == 0 || !(isalnum((unsigned char)c->text[i - 1]) || c->text[i - 1] == '_')) &&
		    !(isalnum((unsigned char)c->text[i + 6]) || c->text[i + 6] == '_'))
			return true;
	}
	return false;
}

static uint32_t head_start(struct lctx *c, uint32_t from)
{
	uint32_t lo = from > 512 ? from - 512 : 0, b = from;

	while (b > lo && c->text[b - 1] != ';' && c->text[b - 1] != '}')
		b--;
	return b;
}

static void keep_annotations(struct lctx *c, uint32_t from, uint32_t to)
{
	uint32_t n;
	const struct annotation *a = source_annotations_in(c->src, from, to, &n);

	/* kept under the meaning's name: "init", "holds(&kvm->lock)" */
	static const char *const kept[] = {
		[ANN_INIT] = "init", [ANN_NORETURN] = "noreturn", [ANN_HOLDS] = "holds",
		[ANN_ACQUIRES] = "acquires", [ANN_RELEASES] = "releases",
	};

	for (uint32_t i = 0; i < n; i++) {
		enum annotation_meaning m = idiom_annotation_meaning(sym_str(a[i].name));
		char buf[320];

		switch (m) {
		/*
		 * __init puts the function in the boot-time section, freed once
		 * boot is over: it runs before the objects it sets up are shared
		 * (Linux, Xen and TF-A spell it so); __noreturn: what its caller
		 * would do after the call never runs
		 */
		case ANN_INIT:
		case ANN_NORETURN:
			if (!a[i].arg)
				vec_push(&c->annotations, intern(kept[m]));
			break;
		/* sparse's context annotations: __must_hold(&kvm->lock) */
		case ANN_HOLDS:
		case ANN_ACQUIRES:
		case ANN_RELEASES:
			if (!a[i].arg)
				break;
			snprintf(buf, sizeof(buf), "%s(%s)", kept[m], sym_str(a[i].arg));
			vec_push(&c->annotations, intern(buf));
			break;
		case ANN_NONE:
			break;
		}
	}
}

/* A parameter declared with a profile's user-annotation (__user) */
static bool param_is_user(struct lctx *c, TSNode p)
{
	uint32_t s = ts_node_start_byte(p), e = ts_node_end_byte(p);
	size_t k;

	return idiom_user_word_count() && idiom_user_word_in(c->src->text + s, e - s, &k);
}

static void declare_params(struct lctx *c, TSNode plist)
{
	uint32_t base = kids_named(c, plist), n = c->kids.n - base;

	for (uint32_t i = 0; i < n; i++) {
		TSNode p = c->kids.v[base + i].node;
		sym_t name, type;
		uint32_t v;

		if (!node_is(p, SYN_PARAMETER_DECLARATION))
			continue;
		type = type_text(c, child_by_field(p, FLD_TYPE), child_by_field(p, FLD_DECLARATOR),
				 &name);
		if (!name && type == intern("void") && n == 1)
			break;
		if (!name && type == intern("fnptr"))
			name = fnptr_decl_name(c, child_by_field(p, FLD_DECLARATOR));
		v = declare_var(c, name, type, ts_node_start_point(p).row + 1, true);
		c->vars.v[v].is_user = param_is_user(c, p);
		c->vars.v[v].to_const = declares_pointer_to(c, p, child_by_field(p, FLD_DECLARATOR),
							    "const");
		c->vars.v[v].to_volatile = declares_pointer_to(c, p, child_by_field(p, FLD_DECLARATOR),
							       "volatile");
	}
	c->kids.n = base;
}

/*
 * A load or store straight through a pointer to volatile data
 * (mb->count, not mb->next->count, whose last step goes through a
 * pointer that is not volatile) is one load or one store: not a plain
 * access, as a volatile member's are not.  Nor is it a sign that the
 * field races, as READ_ONCE() is: firmware fills what it sets up for its
 * other CPUs through the same pointers (MARK_VOLATILE).  A
 * read-modify-write stays plain: volatile makes it no single step.
 */
static void mark_volatile_accesses(struct lctx *c)
{
	for (uint32_t o = 0; o < c->ops.n; o++) {
		struct ir_op *op = &c->ops.v[o];
		const struct ir_path *p;

		if ((op->kind != OP_READ && op->kind != OP_WRITE) || op->mark != MARK_PLAIN ||
		    op->a >= c->paths.n)
			continue;
		p = &c->paths.v[op->a];
		if (p->base_kind == BASE_VAR && p->base < c->vars.n && p->derefs == 1 &&
		    c->vars.v[p->base].to_volatile)
			op->mark = MARK_VOLATILE;
	}
}

/*
 * A flag lock this function takes and never lets go (a test_and_set_bit()
 * or a token claim whose clear is in another function, or nowhere) is no
 * lock here: what follows the claim is not kept from another claimant
 * that way (that one may run after the clear, elsewhere), so the take is
 * turned into an inert use with no sources.
 */
static void drop_unreleased_flag_locks(struct lctx *c)
{
	for (uint32_t o = 0; o < c->ops.n; o++) {
		struct ir_op *l = &c->ops.v[o];
		bool released = false;

		if (l->kind != OP_LOCK || l->mark != LOCK_FLAG)
			continue;
		for (uint32_t u = 0; u < c->ops.n && !released; u++)
			released = c->ops.v[u].kind == OP_UNLOCK && c->ops.v[u].mark == LOCK_FLAG &&
				   c->ops.v[u].a == l->a;
		if (!released) {
			l->kind = OP_USE;
			l->mark = USE_SWITCH;
			l->src_count = 0;
			l->flags &= (uint16_t)~OPF_TRYLOCK;
		}
	}
}

static void finish_function(struct lctx *c, struct unit_builder *b, struct ir_func *f)
{
	struct arena *a = &c->unit->arena;

	drop_unreleased_flag_locks(c);

	if (c->live)
		add_edge(c, c->cur, c->exit_block);
	start_block(c, c->exit_block);
	c->blocks.v[c->exit_block].op_end = c->ops.n;
	for (uint32_t i = 0; i < c->blocks.n; i++) {
		if (c->blocks.v[i].op_start == IR_NONE)
			c->blocks.v[i].op_start = c->blocks.v[i].op_end = c->ops.n;
	}
	f->partial = (c->partial ? PARTIAL_SYNTAX : 0) | (c->too_deep ? PARTIAL_DEPTH : 0) |
		     (c->too_big ? PARTIAL_SIZE : 0);
	mark_volatile_accesses(c);
	f->nparams = 0;
	for (uint32_t i = 0; i < c->vars.n; i++)
		if (c->vars.v[i].is_param)
			f->nparams++;
#define TAKE(field, vec)                                                   \
	do {                                                               \
		f->field = arena_copy(a, (vec).v, (vec).n * sizeof(*(vec).v)); \
		f->n##field = (vec).n;                                     \
	} while (0)
	TAKE(vars, c->vars);
	TAKE(paths, c->paths);
	TAKE(ops, c->ops);
	TAKE(srcs, c->srcs);
	TAKE(args, c->args);
	TAKE(moves, c->moves);
	TAKE(excls, c->excls);
	TAKE(cases, c->cases);
	TAKE(blocks, c->blocks);
	TAKE(loops, c->loops);
	TAKE(annotations, c->annotations);
#undef TAKE
	cfg_build(f, (const uint32_t *)c->edges.v, c->edges.n, a);
	cfg_reaching_defs(f, a);
	cfg_locksets(f, a, NULL);
	vec_push(&b->funcs, *f);
	if (f->partial)
		c->unit->nfuncs_partial++;
	for (unsigned r = 0; r < PARTIAL_REASONS; r++)
		if (f->partial & (1u << r))
			c->unit->npartial[r]++;
}

static void lower_function(struct lctx *c, struct unit_builder *b, TSNode def)
{
	struct ir_func f = {0};
	TSNode decl0 = child_by_field(def, FLD_DECLARATOR), decl = decl0;
	TSNode body = child_by_field(def, FLD_BODY);
	unsigned stars = 0;
	int guard = 0;
	sym_t name = 0;
	uint32_t start = ts_node_start_byte(def);

	while (!ts_node_is_null(decl) && !node_is(decl, SYN_FUNCTION_DECLARATOR) && guard++ < 16) {
		if (node_is(decl, SYN_POINTER_DECLARATOR))
			stars++;
		decl = child_by_field(decl, FLD_DECLARATOR);
	}
	if (ts_node_is_null(decl) || ts_node_is_null(body))
		return;
	{
		TSNode id = child_by_field(decl, FLD_DECLARATOR);

		while (!ts_node_is_null(id) && !node_is(id, SYN_IDENTIFIER) && guard++ < 32)
			id = ts_node_named_child(id, 0);
		if (ts_node_is_null(id))
			return;
		name = node_sym(c, id);
	}
	reset_function(c);
	f.name = name;
	f.file = c->unit->path;
	f.line = ts_node_start_point(def).row + 1;
	f.end_line = ts_node_end_point(def).row + 1;
	f.start_byte = start;
	f.end_byte = ts_node_end_byte(def);
	f.is_static = has_storage(c, def, "static") ||
		      text_says_static(c, start, ts_node_start_byte(decl));
	f.preproc_arms = c->arms;
	{
		TSNode rt = child_by_field(def, FLD_TYPE);
		char buf[300];
		sym_t base = ts_node_is_null(rt) ? 0 : type_text(c, rt, (TSNode){0}, NULL);
		size_t n;

		/* "%s%s%.*s", base, stars ? " " : "", MIN(stars, 8), "********" */
		n = buf_append_str(buf, sizeof(buf), 0, sym_str(base));
		n = buf_append_str(buf, sizeof(buf), n, stars ? " " : "");
		n = buf_append(buf, sizeof(buf), n, "********", MIN(stars, 8u));
		f.ret_type = intern_n(buf, n);
	}
	keep_annotations(c, head_start(c, start), ts_node_start_byte(body));
	declare_params(c, child_by_field(decl, FLD_PARAMETERS));
	c->fn_body = body;
	lower_body(c, body);
	if (ts_node_has_error(decl0))
		c->partial = true;
	finish_function(c, b, &f);
}

/*
 * A top-level "MACRO(args) { body }": SYSCALL_DEFINE3(name, T, a, ...)
 * and its kin define a function whose parameters are (type, name) pairs.
 */
static void split_args(const char *t, uint32_t s, uint32_t e, struct u32_vec *out)
{
	int depth = 0;
	uint32_t from = s;

	for (uint32_t i = s; i <= e; i++) {
		char ch = i < e ? t[i] : ',';

		if (ch == '(')
			depth++;
		else if (ch == ')')
			depth--;
		if (ch == ',' && depth == 0) {
			uint32_t a = from, z = i;

			while (a < z && isspace((unsigned char)t[a]))
				a++;
			while (z > a && isspace((unsigned char)t[z - 1]))
				z--;
			vec_push(out, text_sym_squeezed(t, a, z));
			from = i + 1;
		}
	}
}

static void lower_macro_function(struct lctx *c, struct unit_builder *b,
				 TSNode call, TSNode body)
{
	struct ir_func f = {0};
	TSNode fn = child_by_field(call, FLD_FUNCTION);
	TSNode al = child_by_field(call, FLD_ARGUMENTS);
	struct u32_vec parts = {0};
	const char *macro, *prefix = "";
	bool called_from_outside;
	char buf[256];

	if (!node_is(fn, SYN_IDENTIFIER) || ts_node_is_null(al))
		return;
	macro = sym_str(node_sym(c, fn));
	if (!looks_constant(macro, strlen(macro)))
		return;
	/* from the original text: the parse copy lost the __user annotations */
	split_args(c->src->text, ts_node_start_byte(al) + 1,
		   ts_node_end_byte(al) > ts_node_start_byte(al) + 1 ? ts_node_end_byte(al) - 1 :
		   ts_node_start_byte(al) + 1, &parts);
	if (parts.n == 0 || !parts.v[0]) {
		vec_free(&parts);
		return;
	}
	reset_function(c);
	/* the profile's function-macro: called from elsewhere, perhaps by a prefixed name */
	called_from_outside = idiom_function_macro(macro, &prefix);
	snprintf(buf, sizeof(buf), "%s%s", called_from_outside ? prefix : "", sym_str(parts.v[0]));
	f.name = intern(buf);
	f.file = c->unit->path;
	f.is_macro = 1;
	f.line = ts_node_start_point(call).row + 1;
	f.end_line = ts_node_end_point(body).row + 1;
	f.start_byte = ts_node_start_byte(call);
	f.end_byte = ts_node_end_byte(body);
	f.is_static = !called_from_outside;
	f.ret_type = intern("long");
	f.preproc_arms = c->arms;
	for (uint32_t i = 1; i + 1 < parts.n; i += 2) {
		const char *ty = sym_str(parts.v[i]);
		uint32_t v = declare_var(c, parts.v[i + 1], parts.v[i], f.line, true);

		size_t ulen = 0;
		const char *u = idiom_user_word_in(ty, strlen(ty), &ulen);

		c->vars.v[v].is_user = u != NULL;
		if (u) {
			/* the type without the annotation */
			char tb[256];
			int pre = (int)(u - ty);

			snprintf(tb, sizeof(tb), "%.*s%s", pre > 0 && ty[pre - 1] == ' ' ? pre - 1 : pre,
				 ty, u + ulen);
			c->vars.v[v].type = intern(tb);
		}
	}
	vec_free(&parts);
	c->fn_body = body;
	lower_body(c, body);
	finish_function(c, b, &f);
}

/*
 * A file-scope macro call: EXPORT_SYMBOL(f) exports f; DEFINE_MUTEX(x),
 * DEFINE_SPINLOCK(x) and their kin without `static` (which parse as a
 * call, not a declaration) define the global x, of the macro's "type".
 */
static void record_file_scope_call(struct lctx *c, struct unit_builder *b, TSNode stmt)
{
	TSNode call = ts_node_named_child(stmt, 0);
	TSNode fn, al, arg;
	const char *name;

	if (!node_is(call, SYN_CALL_EXPRESSION))
		return;
	fn = child_by_field(call, FLD_FUNCTION);
	if (!node_is(fn, SYN_IDENTIFIER))
		return;
	name = sym_str(node_sym(c, fn));
	al = child_by_field(call, FLD_ARGUMENTS);
	arg = ts_node_named_child(al, 0);
	if (!node_is(arg, SYN_IDENTIFIER))
		return;
	if (str_starts(name, "EXPORT_SYMBOL") || str_starts(name, "EXPORT_STATIC_CALL")) {
		vec_push(&b->exported, node_sym(c, arg));
	} else if (definer_macro(name) && ts_node_named_child_count(al) == 1) {
		struct global_decl g = {0};

		g.name = node_sym(c, arg);
		g.type = node_sym(c, fn);
		g.line = ts_node_start_point(stmt).row + 1;
		vec_push(&b->globals, g);
		vec_push(&c->fs->globals, g.name);
		vec_push(&c->fs->global_static, (uint8_t)0);
	}
}

/*
 * The symbol of a `defined(SYM)` / `defined SYM` condition, negated when
 * it is `!defined(SYM)`; 0 for any other condition.
 */
static sym_t defined_sym(struct lctx *c, TSNode cond, bool *negated)
{
	TSNode id;

	*negated = false;
	cond = strip_parens(cond);
	if (node_is(cond, SYN_UNARY_EXPRESSION) && node_is(ts_node_child(cond, 0), SYN_BANG)) {
		*negated = true;
		cond = strip_parens(child_by_field(cond, FLD_ARGUMENT));
	}
	if (!node_is(cond, SYN_PREPROC_DEFINED))
		return 0;
	id = first_code_child(cond);
	return node_is(id, SYN_IDENTIFIER) ? node_sym(c, id) : 0;
}

/*
 * The simple condition directly around a definition: #ifdef SYM,
 * #ifndef SYM, #if defined(SYM), #if !defined(SYM), or the #else of one.
 * Anything else (#elif, a comparison, && of two) leaves it unknown.
 */
static void macro_condition(struct lctx *c, struct macro_def *d, TSNode def)
{
	TSNode p = ts_node_parent(def), g;
	bool in_else = false, when_defined;
	sym_t sym = 0;

	if (node_is(p, SYN_PREPROC_ELSE)) {
		in_else = true;
		g = ts_node_parent(p);
		/* the #else of this conditional, not of one of its #elifs */
		if (!ts_node_eq(child_by_field(g, FLD_ALTERNATIVE), p))
			return;
		p = g;
	}
	if (node_is(p, SYN_PREPROC_IFDEF)) {
		TSNode name = child_by_field(p, FLD_NAME);

		if (!node_is(name, SYN_IDENTIFIER))
			return;
		sym = node_sym(c, name);
		when_defined = !strcmp(ts_node_type(ts_node_child(p, 0)), "#ifdef");
	} else if (node_is(p, SYN_PREPROC_IF)) {
		bool negated;

		sym = defined_sym(c, child_by_field(p, FLD_CONDITION), &negated);
		when_defined = !negated;
	} else {
		return;
	}
	if (!sym)
		return;
	d->cond = sym;
	d->cond_arm = when_defined != in_else ? MACRO_ARM_DEFINED : MACRO_ARM_UNDEFINED;
}

/* An object-like #define: only its name is kept, to say what is defined. */
static void record_define(struct lctx *c, struct unit_builder *b, TSNode def)
{
	TSNode name = child_by_field(def, FLD_NAME);

	if (node_is(name, SYN_IDENTIFIER))
		vec_push(&b->defines,
			 macro_name_hash(c->text + ts_node_start_byte(name),
					 ts_node_end_byte(name) - ts_node_start_byte(name)) & ~1u);
}

static bool blank_at(const char *t, uint32_t i, uint32_t e)
{
	return i < e && (t[i] == ' ' || t[i] == '\t');
}

/*
 * A #define left in a comment, a line of it reading `#define NAME` (the
 * line comment //#define DEBUG_X, or the same in a block comment): a
 * switch someone turns on by hand, off as the file stands.
 */
static void record_commented_defines(struct lctx *c, struct unit_builder *b, TSNode cm)
{
	const char *t = c->text;
	uint32_t i = ts_node_start_byte(cm), e = ts_node_end_byte(cm);

	while (i < e) {
		uint32_t n = 0;

		while (i < e && strchr(" \t/*", t[i]))
			i++;
		if (i < e && t[i] == '#') {
			for (i++; blank_at(t, i, e); i++)
				;
			if (i + 7 < e && !memcmp(t + i, "define", 6) && blank_at(t, i + 6, e)) {
				for (i += 6; blank_at(t, i, e); i++)
					;
				while (i + n < e && (isalnum((unsigned char)t[i + n]) || t[i + n] == '_'))
					n++;
				if (n)
					vec_push(&b->defines, macro_name_hash(t + i, n) | 1u);
			}
		}
		while (i < e && t[i] != '\n')
			i++;
		i++;
	}
}

/*
 * A function-like #define: its name, its arity, and what its body does if
 * that is one lock primitive (lockmacro.h).
 */
static void record_macro(struct lctx *c, struct unit_builder *b, TSNode def)
{
	TSNode name = child_by_field(def, FLD_NAME), params = child_by_field(def, FLD_PARAMETERS);
	TSNode value = child_by_field(def, FLD_VALUE);
	const char *pnames[MACRO_MAX_PARAMS];
	size_t plens[MACRO_MAX_PARAMS];
	uint32_t nkids = ts_node_is_null(params) ? 0 : ts_node_named_child_count(params), np = 0;
	struct macro_def d = {0};

	if (!node_is(name, SYN_IDENTIFIER))
		return;
	for (uint32_t i = 0; i < nkids; i++) {
		TSNode p = ts_node_named_child(params, i);

		if (node_is(p, SYN_COMMENT))
			continue;
		if (np == MACRO_MAX_PARAMS)
			return;
		/* "..." matches no identifier */
		pnames[np] = node_is(p, SYN_IDENTIFIER) ? c->text + ts_node_start_byte(p) : NULL;
		plens[np++] = ts_node_end_byte(p) - ts_node_start_byte(p);
	}
	d.name = node_sym(c, name);
	d.nparams = (uint8_t)np;
	d.op = OP_CALL;
	if (!ts_node_is_null(value)) {
		lock_macro_parse(&d, c->text + ts_node_start_byte(value),
				 ts_node_end_byte(value) - ts_node_start_byte(value), pnames, plens, np);
		macro_body_classify(&d, c->text + ts_node_start_byte(value),
				    ts_node_end_byte(value) - ts_node_start_byte(value), pnames, plens,
				    np);
		macro_body_asm_memory(&d, c->text + ts_node_start_byte(value),
				      ts_node_end_byte(value) - ts_node_start_byte(value), pnames,
				      plens, np, target_memory_letters(c));
		macro_body_marked_reads(&d, c->text + ts_node_start_byte(value),
					ts_node_end_byte(value) - ts_node_start_byte(value), pnames,
					plens, np);
	} else {
		d.noop = MACRO_NOOP_EMPTY;	/* #define MUTEX_WARN_ON(cond), with no body */
	}
	if (d.noop == MACRO_NOOP_EMPTY)
		macro_condition(c, &d, def);
	vec_push(&b->macros, d);
}

/*
 * Whether what is directly below n is at file scope, given whether n is:
 * the translation unit is, and #if blocks, extern "C" { } and ERROR nodes
 * pass on what they are in.  The walk in unit_lower() keeps this for every
 * ancestor, where asking ts_node_parent() would walk down from the root
 * again for every declaration.
 */
static bool scope_below(TSNode n, bool at_file_scope)
{
	TSSymbol sym = ts_node_symbol(n);
	enum syn t = syn_sym_kind(sym);

	if (t == SYN_TRANSLATION_UNIT)
		return true;
	if (!(syn_sym_flags(sym) & SYNF_PREPROC) && t != SYN_LINKAGE_SPECIFICATION &&
	    t != SYN_DECLARATION_LIST && t != SYN_ERROR)
		return false;
	return at_file_scope;
}

/*
 * Function bodies a parse error swallowed, in a file whose tree has one: a
 * `{` at the start of a line after a `)` (where C systems code opens a
 * function's body, after its declarator; not a struct, an initialiser or
 * a macro's continued line) that no lowered function starts with -- taken
 * into an ERROR node
 * at file scope, or into the body of the function before it.  What the
 * grammar lost is not analysed; the summary says how much.
 */
static uint32_t lost_bodies(const struct source *src, const uint32_t *bodies, uint32_t nbodies)
{
	uint32_t lost = 0, k = 0;

	for (uint32_t at = 0; at < src->len; at++) {
		uint32_t p;

		if (src->text[at] != '{' || !at || src->text[at - 1] != '\n')
			continue;
		/* after a declarator's ")": not a struct, an initialiser, a macro's line */
		for (p = at - 1; p > 0 && strchr(" \t\r\n", src->text[p - 1]); p--)
			;
		if (!p || src->text[p - 1] != ')')
			continue;
		/* bodies are in file order */
		while (k < nbodies && bodies[k] < at)
			k++;
		lost += !(k < nbodies && bodies[k] == at);
	}
	return lost;
}

/*
 * The #if arms open at byte `to`, read from the text: the grammar loses
 * the structure of a conditional whose arms a macro's body garbled (an
 * #else then parses as a stray directive), the lines do not.  The walk
 * goes forward a whole line at a time from where it last stopped (the
 * definitions come in file order), so a unit's text is read once.  An #if
 * opens a conditional ('c'); #elif and #else open its alternative ('a')
 * on top of it, as the grammar nests them; #endif closes it all.
 */
static bool directive_is(const char *t, uint32_t i, uint32_t len, const char *word)
{
	size_t n = strlen(word);

	return i + n <= len && !memcmp(t + i, word, n) &&
	       (i + n == len || !(isalnum((unsigned char)t[i + n]) || t[i + n] == '_'));
}

static void directive(struct lctx *c, uint32_t at, uint32_t i)
{
	const char *t = c->src->text;
	uint32_t len = c->src->len;

	while (i < len && (t[i] == ' ' || t[i] == '\t'))
		i++;
	if (directive_is(t, i, len, "if") || directive_is(t, i, len, "ifdef") ||
	    directive_is(t, i, len, "ifndef")) {
		vec_push(&c->arm_stack, at << 1);
	} else if (directive_is(t, i, len, "elif") || directive_is(t, i, len, "else") ||
		   directive_is(t, i, len, "elifdef") || directive_is(t, i, len, "elifndef")) {
		if (c->arm_stack.n)
			vec_push(&c->arm_stack, at << 1 | 1);
	} else if (directive_is(t, i, len, "endif")) {
		while (c->arm_stack.n && (c->arm_stack.v[c->arm_stack.n - 1] & 1))
			c->arm_stack.n--;
		if (c->arm_stack.n)
			c->arm_stack.n--;
	}
}

static sym_t arms_at(struct lctx *c, uint32_t to)
{
	const char *t = c->src->text;
	uint32_t len = c->src->len, i = c->arm_scan_at;
	char buf[512];
	size_t n = 0;

	while (i < to && i < len) {
		uint32_t j = i;

		while (j < len && (t[j] == ' ' || t[j] == '\t'))
			j++;
		if (!c->arm_in_comment && j < len && t[j] == '#')
			directive(c, i, j + 1);
		/* the rest of the line: where a comment opens or closes */
		for (i = j; i < len && t[i] != '\n'; i++) {
			if (c->arm_in_comment) {
				if (t[i] == '*' && i + 1 < len && t[i + 1] == '/')
					c->arm_in_comment = false, i++;
			} else if (t[i] == '/' && i + 1 < len && t[i + 1] == '*') {
				c->arm_in_comment = true, i++;
			} else if (t[i] == '/' && i + 1 < len && t[i + 1] == '/') {
				while (i + 1 < len && t[i + 1] != '\n')
					i++;
			} else if (t[i] == '"' || t[i] == '\'') {
				char q = t[i];

				while (i + 1 < len && t[i + 1] != q && t[i + 1] != '\n')
					i += t[i + 1] == '\\' ? 2 : 1;
				if (i + 1 < len && t[i + 1] == q)
					i++;
			}
		}
		i++;
	}
	c->arm_scan_at = i;
	for (uint32_t k = 0; k < c->arm_stack.n; k++) {
		int w = snprintf(buf + n, sizeof(buf) - n, "%s%u%c", n ? "/" : "",
				 c->arm_stack.v[k] >> 1, c->arm_stack.v[k] & 1 ? 'a' : 'c');

		if (w < 0 || (size_t)w >= sizeof(buf) - n)
			break;	/* deeper than any real file: the outer arms are kept */
		n += (size_t)w;
	}
	return n ? intern_n(buf, n) : 0;
}

/*
 * Does the text have an "#if 0" or "#elif 0" at all?  Most files do not,
 * and then no function definition needs its ancestors walked for one
 * (under_never_built(), a walk from the root for each).
 */
static bool has_never_built_arm(const char *t, uint32_t len)
{
	for (const char *p = t; p < t + len && (p = memchr(p, '#', (size_t)(t + len - p))); p++) {
		const char *q = p + 1;

		while (*q == ' ' || *q == '\t')
			q++;
		if (!strncmp(q, "if", 2))
			q += 2;
		else if (!strncmp(q, "elif", 4))
			q += 4;
		else
			continue;
		if (*q != ' ' && *q != '\t')
			continue;
		while (*q == ' ' || *q == '\t')
			q++;
		if (q[0] == '0' && !isalnum((unsigned char)q[1]) && q[1] != '_')
			return true;
	}
	return false;
}

void unit_lower(struct unit *u, const struct source *src, const TSTree *tree)
{
	struct lctx c = {0};
	struct file_scope fs = {0};
	struct unit_builder b = {0};
	TSNode root = ts_tree_root_node(tree);
	TSTreeCursor cur = ts_tree_cursor_new(root);
	uint32_t skip_body = UINT32_MAX;
	VEC(uint8_t) file_scope = {0};	/* scope_below() of each ancestor */
	VEC(uint32_t) bodies = {0};	/* where each body lowered starts, in order */
	bool if0 = has_never_built_arm(src->text, src->len);

	syntax_init();
	u->path = intern(src->path);
	u->bytes = src->len;
	u->tree_has_error = ts_node_has_error(root);
	c.src = src;
	c.text = src->parse_text;
	c.unit = u;
	c.macros = &b.macros.v;
	c.nmacros = &b.macros.n;
	c.fs = &fs;
	c.cursor = ts_tree_cursor_new(root);
	/* statements inside expressions: see struct lower_hooks */
	c.hooks.lower_stmt = lower_stmt;
	c.hooks.lower_guard = lower_guard;
	/* never NULL, so that lower_generic_call() may offset into them */
	vec_reserve(&c.call_ranges, 64);
	vec_reserve(&c.call_paths, 32);
	vec_reserve(&c.call_aflags, 32);
	vec_reserve(&c.call_forms, 32);

	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		enum syn t = syn_kind(n);
		bool descend = true;
		bool at_file_scope = file_scope.n == 0 || file_scope.v[file_scope.n - 1];

		if (t == SYN_FUNCTION_DEFINITION || (t == SYN_EXPRESSION_STATEMENT && at_file_scope))
			c.arms = arms_at(&c, ts_node_start_byte(n));
		if (t == SYN_FUNCTION_DEFINITION) {
			if (!if0 || !under_never_built(&c, n)) {
				lower_function(&c, &b, n);
				vec_push(&bodies, ts_node_start_byte(child_by_field(n, FLD_BODY)));
			}
			descend = false;
		} else if (t == SYN_COMPOUND_STATEMENT) {
			descend = ts_node_start_byte(n) != skip_body;
		} else if (t == SYN_STRUCT_SPECIFIER || t == SYN_UNION_SPECIFIER) {
			sym_t name = spec_name(&c, n);

			if (name)
				record_struct(&c, &b, n, name, 0);
			descend = false;
		} else if (t == SYN_TYPE_DEFINITION) {
			record_typedef(&c, &b, n);
			descend = false;
		} else if (t == SYN_PREPROC_FUNCTION_DEF) {
			record_macro(&c, &b, n);
			descend = false;
		} else if (t == SYN_PREPROC_DEF) {
			record_define(&c, &b, n);
			descend = false;
		} else if (t == SYN_COMMENT && at_file_scope) {
			record_commented_defines(&c, &b, n);
			descend = false;
		} else if (t == SYN_DECLARATION && at_file_scope) {
			TSNode type = child_by_field(n, FLD_TYPE);

			if (!ts_node_is_null(type) &&
			    (node_is(type, SYN_STRUCT_SPECIFIER) || node_is(type, SYN_UNION_SPECIFIER))) {
				sym_t name = spec_name(&c, type);

				if (name)
					record_struct(&c, &b, type, name, 0);
			}
			record_declaration(&c, &b, n);
			descend = false;
		} else if (t == SYN_EXPRESSION_STATEMENT && at_file_scope) {
			TSNode call, next = ts_node_next_named_sibling(n);

			if (is_macro_header(&c, n, &call) && node_is(next, SYN_COMPOUND_STATEMENT)) {
				lower_macro_function(&c, &b, call, next);
				skip_body = ts_node_start_byte(next);
				vec_push(&bodies, skip_body);
			} else {
				record_file_scope_call(&c, &b, n);
			}
			descend = false;
		}
		/*
		 * Children without children of their own (#define lines, most of
		 * a header) hold nothing to record: what is recorded has parts.
		 */
		if (descend && ts_node_descendant_count(n) == ts_node_child_count(n) + 1)
			descend = false;
		if (descend && ts_tree_cursor_goto_first_child(&cur)) {
			vec_push(&file_scope, (uint8_t)scope_below(n, at_file_scope));
			continue;
		}
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur))
				goto done;
			file_scope.n--;
		}
	}
done:
	ts_tree_cursor_delete(&cur);
	ts_tree_cursor_delete(&c.cursor);
	vec_free(&file_scope);
	vec_free(&c.arm_stack);
	if (u->tree_has_error)
		u->nlost_bodies = lost_bodies(src, bodies.v, bodies.n);
	vec_free(&bodies);

#define TAKE(field, vec)                                                               \
	do {                                                                           \
		u->field = arena_copy(&u->arena, (vec).v, (vec).n * sizeof(*(vec).v)); \
		u->n##field = (vec).n;                                                 \
		vec_free(&(vec));                                                      \
	} while (0)
	TAKE(funcs, b.funcs);
	TAKE(structs, b.structs);
	TAKE(globals, b.globals);
	TAKE(typedefs, b.typedefs);
	TAKE(exported, b.exported);
	TAKE(referenced, b.referenced);
	u->referenced_in = arena_copy(&u->arena, b.referenced_in.v,
				      b.referenced_in.n * sizeof(*b.referenced_in.v));
	vec_free(&b.referenced_in);
	u->referenced_at = arena_copy(&u->arena, b.referenced_at.v,
				      b.referenced_at.n * sizeof(*b.referenced_at.v));
	vec_free(&b.referenced_at);
	TAKE(macros, b.macros);
	TAKE(defines, b.defines);
#undef TAKE
	vec_free(&c.vars);
	vec_free(&c.paths);
	vec_free(&c.ops);
	vec_free(&c.srcs);
	vec_free(&c.args);
	vec_free(&c.moves);
	vec_free(&c.excls);
	vec_free(&c.cases);
	vec_free(&c.blocks);
	vec_free(&c.edges);
	vec_free(&c.loops);
	vec_free(&c.annotations);
	vec_free(&c.scope);
	vec_free(&c.scope_marks);
	vec_free(&c.guards);
	vec_free(&c.labels);
	vec_free(&c.jumps);
	vec_free(&c.tmp);
	vec_free(&c.npred);
	vec_free(&c.kids);
	vec_free(&c.call_ranges);
	vec_free(&c.call_paths);
	vec_free(&c.call_aflags);
	vec_free(&c.call_forms);
	vec_free(&c.var_init);
	vec_free(&c.assigned);
	free(c.path_hash);
	vec_free(&fs.globals);
	vec_free(&fs.global_static);
	unit_compact(u);
}
