/*
 * File-level lowering: find every function definition in the tree (also
 * inside #if blocks and ERROR nodes), record struct layouts, typedefs and
 * globals for the index, and hand each function body to lower_stmt.c.
 */
#include "lower_internal.h"
#include "cfg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const TSLanguage *tree_sitter_c(void);

const char *node_type(TSNode n)
{
	return ts_node_type(n);
}

bool node_is(TSNode n, const char *type)
{
	return !ts_node_is_null(n) && strcmp(ts_node_type(n), type) == 0;
}

TSNode child_by_field(TSNode n, const char *field)
{
	return ts_node_child_by_field_name(n, field, (uint32_t)strlen(field));
}

sym_t node_sym(struct lctx *c, TSNode n)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);

	if (ts_node_is_null(n) || e <= s)
		return 0;
	return intern_n(c->text + s, e - s);
}

/* The node's text with whitespace runs (and comments) squeezed to a space. */
static sym_t squeeze(const char *t, uint32_t s, uint32_t e)
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
	return squeeze(c->text, ts_node_start_byte(n), ts_node_end_byte(n));
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
	const char *t = node_type(type);
	char buf[256];

	if (!strcmp(t, "struct_specifier") || !strcmp(t, "union_specifier") ||
	    !strcmp(t, "enum_specifier")) {
		TSNode name = child_by_field(type, "name");
		const char *kw = t[0] == 's' ? "struct" : t[0] == 'u' ? "union" : "enum";
		uint32_t s, e;

		if (ts_node_is_null(name))
			return 0;
		s = ts_node_start_byte(name);
		e = ts_node_end_byte(name);
		snprintf(buf, sizeof(buf), "%s %.*s", kw, (int)(e - s), c->text + s);
		return intern(buf);
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
	int guard = 0;

	if (name_out)
		*name_out = 0;
	while (!ts_node_is_null(decl) && guard++ < 64) {
		const char *t = node_type(decl);

		if (!strcmp(t, "identifier") || !strcmp(t, "field_identifier") ||
		    !strcmp(t, "type_identifier")) {
			if (name_out)
				*name_out = node_sym(c, decl);
			break;
		}
		if (!strcmp(t, "pointer_declarator") || !strcmp(t, "abstract_pointer_declarator"))
			stars++;
		else if (!strcmp(t, "array_declarator") || !strcmp(t, "abstract_array_declarator"))
			arrays++;
		else if (!strcmp(t, "function_declarator") || !strcmp(t, "abstract_function_declarator"))
			fnptr = true;
		decl = child_by_field(decl, "declarator");
	}
	if (fnptr)
		return intern("fnptr");
	if (!base)
		return 0;
	snprintf(buf, sizeof(buf), "%s%s%.*s%s", sym_str(base), stars ? " " : "",
		 (int)MIN(stars, 8u), "********", arrays ? " []" : "");
	return intern(buf);
}

/* --- struct layouts -------------------------------------------------- */

struct unit_builder {
	VEC(struct struct_def) structs;
	VEC(struct global_decl) globals;
	VEC(struct typedef_decl) typedefs;
	VEC(sym_t) exported;
	VEC(sym_t) referenced;
	VEC(struct ir_func) funcs;
};

static void record_struct(struct lctx *c, struct unit_builder *b, TSNode spec,
			  sym_t name, int depth);
static sym_t spec_name(struct lctx *c, TSNode spec);

struct field_vec {
	struct field_decl *v;
	uint32_t n, cap;
};

static void record_fields(struct lctx *c, struct unit_builder *b, TSNode list,
			  sym_t owner, struct field_vec *out, int depth)
{
	uint32_t n = ts_node_named_child_count(list);

	if (depth > 16)
		return;
	for (uint32_t i = 0; i < n; i++) {
		TSNode f = ts_node_named_child(list, i);
		const char *t = node_type(f);

		if (str_starts(t, "preproc_")) {
			/* fields under #ifdef CONFIG_...: take them all */
			record_fields(c, b, f, owner, out, depth + 1);
			continue;
		}
		if (strcmp(t, "field_declaration") != 0)
			continue;
		TSNode type = child_by_field(f, "type");
		uint32_t nc = ts_node_child_count(f);
		bool any_decl = false;

		for (uint32_t k = 0; k < nc; k++) {
			const char *fname = ts_node_field_name_for_child(f, k);
			TSNode d;
			struct field_decl fd;

			if (!fname || strcmp(fname, "declarator") != 0)
				continue;
			d = ts_node_child(f, k);
			any_decl = true;
			fd.type = type_text(c, type, d, &fd.name);
			if (!fd.name)
				continue;
			/* a member whose type is defined right there */
			if (!ts_node_is_null(type) &&
			    (node_is(type, "struct_specifier") || node_is(type, "union_specifier")) &&
			    !ts_node_is_null(child_by_field(type, "name")))
				record_struct(c, b, type, spec_name(c, type), depth + 1);
			/* a named member of an anonymous struct type */
			if (!ts_node_is_null(type) &&
			    (node_is(type, "struct_specifier") || node_is(type, "union_specifier")) &&
			    ts_node_is_null(child_by_field(type, "name")) &&
			    !ts_node_is_null(child_by_field(type, "body"))) {
				char syn[256], tb[272];

				snprintf(syn, sizeof(syn), "%s::%s", sym_str(owner), sym_str(fd.name));
				record_struct(c, b, type, intern(syn), depth + 1);
				snprintf(tb, sizeof(tb), "%s%s", syn,
					 node_is(d, "pointer_declarator") ? " *" :
					 node_is(d, "array_declarator") ? " []" : "");
				fd.type = intern(tb);
			}
			vec_push(out, fd);
		}
		if (!any_decl && !ts_node_is_null(type) &&
		    (node_is(type, "struct_specifier") || node_is(type, "union_specifier"))) {
			TSNode body = child_by_field(type, "body");

			/* C11 anonymous member: its fields belong to the owner */
			if (!ts_node_is_null(body) && ts_node_is_null(child_by_field(type, "name")))
				record_fields(c, b, body, owner, out, depth + 1);
		}
	}
}

static void record_struct(struct lctx *c, struct unit_builder *b, TSNode spec,
			  sym_t name, int depth)
{
	TSNode body = child_by_field(spec, "body");
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
	TSNode name = child_by_field(spec, "name");
	char buf[256];
	uint32_t s, e;

	if (ts_node_is_null(name))
		return 0;
	s = ts_node_start_byte(name);
	e = ts_node_end_byte(name);
	snprintf(buf, sizeof(buf), "%s %.*s", node_is(spec, "union_specifier") ? "union" : "struct",
		 (int)MIN(e - s, 200u), c->text + s);
	return intern(buf);
}

static bool has_storage(struct lctx *c, TSNode decl, const char *word)
{
	uint32_t n = ts_node_named_child_count(decl);

	for (uint32_t i = 0; i < n; i++) {
		TSNode k = ts_node_named_child(decl, i);

		if (node_is(k, "storage_class_specifier")) {
			uint32_t s = ts_node_start_byte(k), e = ts_node_end_byte(k);

			if (e - s == strlen(word) && !memcmp(c->text + s, word, e - s))
				return true;
		}
	}
	return false;
}

/* Identifiers used as values in a file-scope initialiser: ops tables. */
static void collect_references(struct lctx *c, struct unit_builder *b, TSNode init)
{
	TSTreeCursor cur = ts_tree_cursor_new(init);
	uint32_t depth = 0;

	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);

		if (node_is(n, "identifier")) {
			uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);

			if (!looks_constant(c->text + s, e - s))
				vec_push(&b->referenced, intern_n(c->text + s, e - s));
		}
		if (ts_tree_cursor_goto_first_child(&cur)) {
			depth++;
			continue;
		}
		while (depth > 0 && !ts_tree_cursor_goto_next_sibling(&cur)) {
			ts_tree_cursor_goto_parent(&cur);
			depth--;
		}
		if (depth == 0)
			break;
	}
	ts_tree_cursor_delete(&cur);
}

static void record_declaration(struct lctx *c, struct unit_builder *b, TSNode decl)
{
	TSNode type = child_by_field(decl, "type");
	bool is_static = has_storage(c, decl, "static");
	bool is_extern = has_storage(c, decl, "extern");
	uint32_t nc = ts_node_child_count(decl);

	for (uint32_t k = 0; k < nc; k++) {
		const char *fname = ts_node_field_name_for_child(decl, k);
		TSNode d, inner;
		struct global_decl g = {0};

		if (!fname || strcmp(fname, "declarator") != 0)
			continue;
		d = ts_node_child(decl, k);
		inner = d;
		if (node_is(d, "init_declarator")) {
			TSNode value = child_by_field(d, "value");

			if (!ts_node_is_null(value))
				collect_references(c, b, value);
			inner = child_by_field(d, "declarator");
		}
		/* a prototype is not a variable */
		{
			TSNode x = inner;
			int guard = 0;

			while (!ts_node_is_null(x) && guard++ < 16 &&
			       node_is(x, "pointer_declarator"))
				x = child_by_field(x, "declarator");
			if (node_is(x, "function_declarator"))
				continue;
		}
		g.type = type_text(c, type, inner, &g.name);
		if (!g.name)
			continue;
		g.line = ts_node_start_point(d).row + 1;
		g.is_static = is_static;
		g.is_extern = is_extern;
		vec_push(&b->globals, g);
		vec_push(&c->fs->globals, g.name);
		vec_push(&c->fs->global_static, (uint8_t)is_static);
	}
}

static void record_typedef(struct lctx *c, struct unit_builder *b, TSNode td)
{
	TSNode type = child_by_field(td, "type");
	uint32_t nc = ts_node_child_count(td);
	sym_t target = 0;

	if (ts_node_is_null(type))
		return;
	if ((node_is(type, "struct_specifier") || node_is(type, "union_specifier")) &&
	    !ts_node_is_null(child_by_field(type, "body")) &&
	    ts_node_is_null(child_by_field(type, "name")))
		target = (sym_t)-1;	/* anonymous: named after the typedef */
	for (uint32_t k = 0; k < nc; k++) {
		const char *fname = ts_node_field_name_for_child(td, k);
		struct typedef_decl t;
		sym_t name;

		if (!fname || strcmp(fname, "declarator") != 0)
			continue;
		t.type = type_text(c, type, ts_node_child(td, k), &name);
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
}

/* --- functions ------------------------------------------------------- */

static void reset_function(struct lctx *c)
{
	c->vars.n = c->paths.n = c->ops.n = c->srcs.n = c->args.n = 0;
	c->blocks.n = c->edges.n = c->loops.n = c->annotations.n = 0;
	c->scope.n = c->scope_marks.n = c->guards.n = c->labels.n = 0;
	c->jumps.n = c->tmp.n = c->npred.n = 0;
	if (c->path_hash)
		memset(c->path_hash, 0, c->path_hash_cap * sizeof(*c->path_hash));
	c->loop = 0;
	c->op_flags = 0;
	c->mark = MARK_PLAIN;
	c->depth = 0;
	c->partial = false;
	c->too_deep = false;
	c->cur = new_block(c);
	c->blocks.v[c->cur].flags |= BLOCK_ENTRY;
	start_block(c, c->cur);
	c->exit_block = new_block(c);
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
		if (!memcmp(c->text + i, "static", 6) &&
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

	for (uint32_t i = 0; i < n; i++) {
		const char *name = sym_str(a[i].name);

		if (!a[i].arg)
			continue;
		if (!strcmp(name, "__must_hold") || !strcmp(name, "__acquires") ||
		    !strcmp(name, "__releases")) {
			char buf[320];

			snprintf(buf, sizeof(buf), "%s(%s)", name, sym_str(a[i].arg));
			vec_push(&c->annotations, intern(buf));
		}
	}
}

static bool param_is_user(struct lctx *c, TSNode p)
{
	uint32_t s = ts_node_start_byte(p), e = ts_node_end_byte(p);

	for (uint32_t i = s; i + 6 <= e; i++)
		if (!memcmp(c->src->text + i, "__user", 6))
			return true;
	return false;
}

static void declare_params(struct lctx *c, TSNode plist)
{
	uint32_t n = ts_node_named_child_count(plist);

	for (uint32_t i = 0; i < n; i++) {
		TSNode p = ts_node_named_child(plist, i);
		sym_t name, type;
		uint32_t v;

		if (!node_is(p, "parameter_declaration"))
			continue;
		type = type_text(c, child_by_field(p, "type"), child_by_field(p, "declarator"), &name);
		if (!name && type == intern("void") && n == 1)
			break;
		v = declare_var(c, name, type, ts_node_start_point(p).row + 1, true);
		c->vars.v[v].is_user = param_is_user(c, p);
	}
}

static void finish_function(struct lctx *c, struct unit_builder *b, struct ir_func *f)
{
	struct arena *a = &c->unit->arena;

	if (c->live)
		add_edge(c, c->cur, c->exit_block);
	start_block(c, c->exit_block);
	c->blocks.v[c->exit_block].op_end = c->ops.n;
	for (uint32_t i = 0; i < c->blocks.n; i++) {
		if (c->blocks.v[i].op_start == IR_NONE)
			c->blocks.v[i].op_start = c->blocks.v[i].op_end = c->ops.n;
	}
	f->partial = c->partial || c->too_deep;
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
}

static void lower_function(struct lctx *c, struct unit_builder *b, TSNode def)
{
	struct ir_func f = {0};
	TSNode decl = child_by_field(def, "declarator");
	TSNode body = child_by_field(def, "body");
	unsigned stars = 0;
	int guard = 0;
	sym_t name = 0;
	uint32_t start = ts_node_start_byte(def);

	while (!ts_node_is_null(decl) && !node_is(decl, "function_declarator") && guard++ < 16) {
		if (node_is(decl, "pointer_declarator"))
			stars++;
		decl = child_by_field(decl, "declarator");
	}
	if (ts_node_is_null(decl) || ts_node_is_null(body))
		return;
	{
		TSNode id = child_by_field(decl, "declarator");

		while (!ts_node_is_null(id) && !node_is(id, "identifier") && guard++ < 32)
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
	{
		TSNode rt = child_by_field(def, "type");
		char buf[300];
		sym_t base = ts_node_is_null(rt) ? 0 : type_text(c, rt, (TSNode){0}, NULL);

		snprintf(buf, sizeof(buf), "%s%s%.*s", sym_str(base), stars ? " " : "",
			 (int)MIN(stars, 8u), "********");
		f.ret_type = intern(buf);
	}
	keep_annotations(c, head_start(c, start), ts_node_start_byte(body));
	declare_params(c, child_by_field(decl, "parameters"));
	lower_body(c, body);
	if (ts_node_has_error(child_by_field(def, "declarator")))
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
			vec_push(out, squeeze(t, a, z));
			from = i + 1;
		}
	}
}

static void lower_macro_function(struct lctx *c, struct unit_builder *b,
				 TSNode call, TSNode body)
{
	struct ir_func f = {0};
	TSNode fn = child_by_field(call, "function");
	TSNode al = child_by_field(call, "arguments");
	struct u32_vec parts = {0};
	const char *macro;
	char buf[256];

	if (!node_is(fn, "identifier") || ts_node_is_null(al))
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
	if (str_starts(macro, "SYSCALL_DEFINE"))
		snprintf(buf, sizeof(buf), "sys_%s", sym_str(parts.v[0]));
	else if (str_starts(macro, "COMPAT_SYSCALL_DEFINE"))
		snprintf(buf, sizeof(buf), "compat_sys_%s", sym_str(parts.v[0]));
	else
		snprintf(buf, sizeof(buf), "%s", sym_str(parts.v[0]));
	f.name = intern(buf);
	f.file = c->unit->path;
	f.is_macro = 1;
	f.line = ts_node_start_point(call).row + 1;
	f.end_line = ts_node_end_point(body).row + 1;
	f.start_byte = ts_node_start_byte(call);
	f.end_byte = ts_node_end_byte(body);
	f.is_static = str_contains(macro, "SYSCALL") ? 0 : 1;
	f.ret_type = intern("long");
	for (uint32_t i = 1; i + 1 < parts.n; i += 2) {
		const char *ty = sym_str(parts.v[i]);
		uint32_t v = declare_var(c, parts.v[i + 1], parts.v[i], f.line, true);

		c->vars.v[v].is_user = str_contains(ty, "__user");
		if (c->vars.v[v].is_user) {
			/* the type without the annotation */
			char tb[256];
			const char *u = strstr(ty, "__user");
			int pre = (int)(u - ty);

			snprintf(tb, sizeof(tb), "%.*s%s", pre > 0 && ty[pre - 1] == ' ' ? pre - 1 : pre,
				 ty, u + 6);
			c->vars.v[v].type = intern(tb);
		}
	}
	vec_free(&parts);
	lower_body(c, body);
	finish_function(c, b, &f);
}

static void record_export(struct lctx *c, struct unit_builder *b, TSNode stmt)
{
	TSNode call = ts_node_named_child(stmt, 0);
	TSNode fn, al, arg;
	const char *name;

	if (!node_is(call, "call_expression"))
		return;
	fn = child_by_field(call, "function");
	if (!node_is(fn, "identifier"))
		return;
	name = sym_str(node_sym(c, fn));
	if (!str_starts(name, "EXPORT_SYMBOL") && !str_starts(name, "EXPORT_STATIC_CALL"))
		return;
	al = child_by_field(call, "arguments");
	arg = ts_node_named_child(al, 0);
	if (node_is(arg, "identifier"))
		vec_push(&b->exported, node_sym(c, arg));
}

static bool at_file_scope(TSNode n)
{
	TSNode p = ts_node_parent(n);

	while (!ts_node_is_null(p)) {
		const char *t = node_type(p);

		if (!strcmp(t, "translation_unit"))
			return true;
		if (!str_starts(t, "preproc_") && strcmp(t, "linkage_specification") &&
		    strcmp(t, "declaration_list") && strcmp(t, "ERROR"))
			return false;
		p = ts_node_parent(p);
	}
	return true;
}

void unit_lower(struct unit *u, const struct source *src, const TSTree *tree)
{
	struct lctx c = {0};
	struct file_scope fs = {0};
	struct unit_builder b = {0};
	TSNode root = ts_tree_root_node(tree);
	TSTreeCursor cur = ts_tree_cursor_new(root);
	uint32_t skip_body = UINT32_MAX;

	u->path = intern(src->path);
	u->bytes = src->len;
	u->tree_has_error = ts_node_has_error(root);
	c.src = src;
	c.text = src->parse_text;
	c.unit = u;
	c.fs = &fs;

	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		const char *t = node_type(n);
		bool descend = true;

		if (!strcmp(t, "function_definition")) {
			lower_function(&c, &b, n);
			descend = false;
		} else if (!strcmp(t, "compound_statement")) {
			descend = ts_node_start_byte(n) != skip_body;
		} else if (!strcmp(t, "struct_specifier") || !strcmp(t, "union_specifier")) {
			sym_t name = spec_name(&c, n);

			if (name)
				record_struct(&c, &b, n, name, 0);
			descend = false;
		} else if (!strcmp(t, "type_definition")) {
			record_typedef(&c, &b, n);
			descend = false;
		} else if (!strcmp(t, "declaration") && at_file_scope(n)) {
			TSNode type = child_by_field(n, "type");

			if (!ts_node_is_null(type) &&
			    (node_is(type, "struct_specifier") || node_is(type, "union_specifier"))) {
				sym_t name = spec_name(&c, type);

				if (name)
					record_struct(&c, &b, type, name, 0);
			}
			record_declaration(&c, &b, n);
			descend = false;
		} else if (!strcmp(t, "expression_statement") && at_file_scope(n)) {
			TSNode call, next = ts_node_next_named_sibling(n);

			if (is_macro_header(&c, n, &call) && node_is(next, "compound_statement")) {
				lower_macro_function(&c, &b, call, next);
				skip_body = ts_node_start_byte(next);
			} else {
				record_export(&c, &b, n);
			}
			descend = false;
		}
		if (descend && ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur))
				goto done;
		}
	}
done:
	ts_tree_cursor_delete(&cur);

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
#undef TAKE
	vec_free(&c.vars);
	vec_free(&c.paths);
	vec_free(&c.ops);
	vec_free(&c.srcs);
	vec_free(&c.args);
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
	free(c.path_hash);
	vec_free(&fs.globals);
	vec_free(&fs.global_static);
}

void unit_free(struct unit *u)
{
	arena_free(&u->arena);
	memset(u, 0, sizeof(*u));
}
