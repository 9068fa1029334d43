#include "frontend/fix_site.h"
#include "frontend/frontend.h"
#include "frontend/syntax.h"
#include "base/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

void fix_ctx_init(struct fix_ctx *fx, struct text_cache *tc)
{
	memset(fx, 0, sizeof(*fx));
	fx->tc = tc;
	syntax_init();
}

void fix_ctx_free(struct fix_ctx *fx)
{
	if (fx->tree)
		ts_tree_delete(fx->tree);
	fx->tree = NULL;
	fx->file = 0;
}

struct source *fix_source(struct fix_ctx *fx, sym_t file)
{
	struct source *src = text_cache_get(fx->tc, file);

	if (!src)
		return NULL;
	if (fx->file != file) {
		fix_ctx_free(fx);
		fx->tree = frontend_parse_whole(src);
		if (!fx->tree)
			return NULL;
		fx->file = file;
	}
	source_prepare(src);
	return src;
}

/* The byte offset of line:col, or UINT32_MAX when it is not in the text. */
static uint32_t offset_of(struct source *src, uint32_t line, uint32_t col)
{
	size_t n;
	const char *l = source_line(src, line, &n);

	if (!line || line > source_nlines(src) || !col || col - 1 > n)
		return UINT32_MAX;
	return (uint32_t)(l - src->text) + col - 1;
}

static TSNode node_at(struct fix_ctx *fx, struct source **srcp, sym_t file, uint32_t line,
		      uint32_t col)
{
	TSNode none = {0};
	struct source *src = fix_source(fx, file);
	uint32_t off;

	*srcp = src;
	if (!src || (off = offset_of(src, line, col)) == UINT32_MAX)
		return none;
	return ts_node_named_descendant_for_byte_range(ts_tree_root_node(fx->tree), off, off);
}

static struct text_span span_of(TSNode n)
{
	return (struct text_span){ ts_node_start_byte(n), ts_node_end_byte(n) };
}

/* Is the text of [s, e) the spelling `path`, spaces and comments aside? */
static bool spelled(const struct source *src, uint32_t s, uint32_t e, const char *path)
{
	const char *t = src->text;

	/* bytes the parse copy blanked (annotations) are not an lvalue's */
	if (memcmp(src->text + s, src->parse_text + s, e - s))
		return false;
	for (;;) {
		while (s < e && isspace((unsigned char)t[s]))
			s++;
		while (*path && isspace((unsigned char)*path))
			path++;
		if (s == e || !*path)
			return s == e && !*path;
		if (t[s] != *path)
			return false;
		s++;
		path++;
	}
}

/*
 * The node for the lvalue spelled `path` at line:col: the smallest node
 * starting there, grown along its member and subscript chain until its
 * text is the path.
 */
static bool lvalue_node(struct fix_ctx *fx, sym_t file, uint32_t line, uint32_t col,
			const char *path, TSNode *out, struct source **srcp)
{
	TSNode n = node_at(fx, srcp, file, line, col);
	uint32_t start;

	if (syn_null(n))
		return false;
	start = ts_node_start_byte(n);
	/* the token at the position may be deep inside what starts there */
	for (int guard = 0; guard < 64 && !syn_null(n); guard++) {
		TSNode parent = ts_node_parent(n);

		if (ts_node_start_byte(n) != start)
			return false;
		if (spelled(*srcp, ts_node_start_byte(n), ts_node_end_byte(n), path)) {
			*out = n;
			return true;
		}
		if (syn_null(parent) || ts_node_start_byte(parent) != start)
			return false;
		n = parent;
	}
	return false;
}

bool fix_lvalue_at(struct fix_ctx *fx, sym_t file, uint32_t line, uint32_t col,
		   const char *path, struct text_span *out)
{
	struct source *src;
	TSNode n;

	if (!lvalue_node(fx, file, line, col, path, &n, &src))
		return false;
	*out = span_of(n);
	return true;
}

/* The operator token of an expression node ("&", "=", "+="), or "". */
static void operator_text(const struct source *src, TSNode n, char *buf, size_t len)
{
	TSNode op = syn_child(n, FLD_OPERATOR);
	uint32_t s, e;

	buf[0] = '\0';
	if (syn_null(op))
		return;
	s = ts_node_start_byte(op);
	e = ts_node_end_byte(op);
	if (e - s < len)
		snprintf(buf, len, "%.*s", (int)(e - s), src->text + s);
}

/* A macro whose arguments tocsin cannot see through: an ALL-CAPS name. */
static bool opaque_macro_call(const struct source *src, TSNode call)
{
	TSNode fn = syn_child(call, FLD_FUNCTION);
	uint32_t s, e;
	bool upper = false;

	if (syn_kind(fn) != SYN_IDENTIFIER)
		return false;
	s = ts_node_start_byte(fn);
	e = ts_node_end_byte(fn);
	for (uint32_t i = s; i < e; i++) {
		char c = src->text[i];

		if (islower((unsigned char)c))
			return false;
		upper |= isupper((unsigned char)c);
	}
	return upper;
}

/* sizeof, typeof and friends: their operand is not evaluated. */
static bool unevaluated_call(const struct source *src, TSNode call)
{
	static const char *const names[] = {
		"typeof", "__typeof__", "__typeof", "typeof_unqual", "__builtin_offsetof",
		"__builtin_types_compatible_p", "__builtin_constant_p",
	};
	TSNode fn = syn_child(call, FLD_FUNCTION);
	uint32_t s = ts_node_start_byte(fn), e = ts_node_end_byte(fn);

	if (syn_kind(fn) != SYN_IDENTIFIER)
		return false;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == e - s && !memcmp(src->text + s, names[i], e - s))
			return true;
	return false;
}

/* A comma outside parentheses would split a macro's argument in two. */
static bool bare_comma(const struct source *src, struct text_span sp)
{
	int depth = 0;
	char quote = 0;

	for (uint32_t i = sp.start; i < sp.end; i++) {
		char c = src->text[i];

		if (quote) {
			if (c == '\\')
				i++;
			else if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '"' || c == '\'')
			quote = c;
		else if (c == '(')
			depth++;
		else if (c == ')')
			depth--;
		else if (c == ',' && depth <= 0)
			return true;
	}
	return false;
}

static bool is_statement_holder(TSNode parent, TSNode child)
{
	switch (syn_kind(parent)) {
	case SYN_COMPOUND_STATEMENT:
	case SYN_ELSE_CLAUSE:
		return true;
	case SYN_CASE_STATEMENT:
		return !ts_node_eq(syn_child(parent, FLD_VALUE), child);
	case SYN_LABELED_STATEMENT:
		return !ts_node_eq(syn_child(parent, FLD_LABEL), child);
	case SYN_IF_STATEMENT:
		return ts_node_eq(syn_child(parent, FLD_CONSEQUENCE), child);
	case SYN_WHILE_STATEMENT:
	case SYN_FOR_STATEMENT:
	case SYN_DO_STATEMENT:
		return ts_node_eq(syn_child(parent, FLD_BODY), child);
	default:
		return false;
	}
}

/* The statement holding n, and what holds it; false at a function's top or file scope. */
static bool statement_of(TSNode n, TSNode *stmt, TSNode *holder)
{
	for (int guard = 0; guard < 4096 && !syn_null(n); guard++) {
		TSNode parent = ts_node_parent(n);

		if (syn_null(parent))
			return false;
		if (syn_kind(parent) == SYN_FUNCTION_DEFINITION ||
		    syn_kind(parent) == SYN_TRANSLATION_UNIT)
			return false;
		if (is_statement_holder(parent, n)) {
			*stmt = n;
			*holder = parent;
			return true;
		}
		n = parent;
	}
	return false;
}

/*
 * A statement the parse copy ended with a ";" that is not in the file:
 * an iterator macro's header with an unbraced body (source.h).
 */
static bool synthetic_end(const struct source *src, TSNode stmt)
{
	uint32_t e = ts_node_end_byte(stmt);

	return e && source_is_synthetic_semi(src, e - 1);
}

bool fix_find_access(struct fix_ctx *fx, sym_t file, uint32_t line, uint32_t col,
		     const char *path, struct fix_access *out, const char **why)
{
	struct source *src;
	TSNode n, up, stmt, holder;
	char op[8];

	memset(out, 0, sizeof(*out));
	if (!lvalue_node(fx, file, line, col, path, &n, &src)) {
		*why = "the access is not where its spelling is (a macro wrote it)";
		return false;
	}
	out->lvalue = span_of(n);
	if (bare_comma(src, out->lvalue)) {
		*why = "its spelling has a comma a macro argument cannot hold";
		return false;
	}
	if (!statement_of(n, &stmt, &holder) || ts_node_has_error(stmt) || synthetic_end(src, stmt)) {
		*why = "it is not in a statement that parsed cleanly";
		return false;
	}
	/* parentheses around it change nothing */
	up = n;
	while (syn_kind(ts_node_parent(up)) == SYN_PARENTHESIZED_EXPRESSION)
		up = ts_node_parent(up);
	{
		TSNode parent = ts_node_parent(up);

		switch (syn_kind(parent)) {
		case SYN_POINTER_EXPRESSION:
			operator_text(src, parent, op, sizeof(op));
			if (!strcmp(op, "&")) {
				*why = "its address is taken";
				return false;
			}
			break;
		case SYN_UPDATE_EXPRESSION:
			*why = "it is stepped (++ or --)";
			return false;
		case SYN_ASSIGNMENT_EXPRESSION:
			if (!ts_node_eq(syn_child(parent, FLD_LEFT), up))
				break;
			operator_text(src, parent, op, sizeof(op));
			if (strcmp(op, "=")) {
				*why = "it is a compound assignment";
				return false;
			}
			if (!ts_node_eq(up, n) ||
			    syn_kind(ts_node_parent(parent)) != SYN_EXPRESSION_STATEMENT ||
			    syn_kind(syn_child(parent, FLD_RIGHT)) == SYN_ASSIGNMENT_EXPRESSION) {
				*why = "the store is not a statement of its own";
				return false;
			}
			out->form = FIX_ACCESS_STORE;
			out->assign = span_of(parent);
			out->value = span_of(syn_child(parent, FLD_RIGHT));
			if (bare_comma(src, out->value)) {
				*why = "the value stored has a comma a macro argument cannot hold";
				return false;
			}
			break;
		case SYN_CALL_EXPRESSION:
			if (ts_node_eq(syn_child(parent, FLD_FUNCTION), up)) {
				*why = "it is called through";
				return false;
			}
			break;
		default:
			break;
		}
	}
	/* up to the statement: nothing that does not evaluate it or hides it in a macro */
	for (TSNode a = ts_node_parent(n); !syn_null(a) && !ts_node_eq(a, stmt);
	     a = ts_node_parent(a)) {
		switch (syn_kind(a)) {
		case SYN_SIZEOF_EXPRESSION:
		case SYN_ALIGNOF_EXPRESSION:
		case SYN_OFFSETOF_EXPRESSION:
			*why = "it is the operand of sizeof";
			return false;
		case SYN_CALL_EXPRESSION:
			if (opaque_macro_call(src, a)) {
				*why = "it is an argument of a macro";
				return false;
			}
			if (unevaluated_call(src, a)) {
				*why = "it is the operand of typeof";
				return false;
			}
			break;
		case SYN_GNU_ASM_EXPRESSION:
			*why = "it is an asm operand";
			return false;
		default:
			break;
		}
	}
	if (syn_kind(stmt) == SYN_EXPRESSION_STATEMENT) {
		TSNode e = ts_node_named_child(stmt, 0);

		if (syn_kind(e) == SYN_CALL_EXPRESSION && opaque_macro_call(src, e) &&
		    !ts_node_eq(e, n)) {
			*why = "it is an argument of a macro";
			return false;
		}
	}
	return true;
}

static bool has_const(const struct source *src, TSNode n)
{
	for (uint32_t i = 0; i < ts_node_named_child_count(n); i++) {
		TSNode q = ts_node_named_child(n, i);

		if (syn_kind(q) == SYN_TYPE_QUALIFIER && ts_node_end_byte(q) - ts_node_start_byte(q) == 5 &&
		    !memcmp(src->text + ts_node_start_byte(q), "const", 5))
			return true;
	}
	return false;
}

bool fix_local_assignable(struct fix_ctx *fx, sym_t file, uint32_t line, uint32_t col)
{
	struct source *src;
	TSNode n = node_at(fx, &src, file, line, col);
	bool pointer = false;

	for (int guard = 0; guard < 64 && !syn_null(n); guard++, n = ts_node_parent(n)) {
		switch (syn_kind(n)) {
		case SYN_POINTER_DECLARATOR:
			if (!pointer && has_const(src, n))
				return false;	/* `* const p`: the pointer itself */
			pointer = true;
			break;
		case SYN_ARRAY_DECLARATOR:
		case SYN_FUNCTION_DECLARATOR:
			return false;
		case SYN_DECLARATION:
			return pointer || !has_const(src, n);
		case SYN_COMPOUND_STATEMENT:
		case SYN_FUNCTION_DEFINITION:
			return false;
		default:
			break;
		}
	}
	return false;
}

bool fix_statement_at(struct fix_ctx *fx, sym_t file, uint32_t line, uint32_t col,
		      struct text_span *out)
{
	struct source *src;
	TSNode n = node_at(fx, &src, file, line, col), stmt, holder;

	if (syn_null(n) || !statement_of(n, &stmt, &holder))
		return false;
	*out = span_of(stmt);
	return true;
}

/* The spaces and tabs that start the line holding byte `at`. */
static void indent_of(const struct source *src, uint32_t at, char *buf, size_t len)
{
	uint32_t s = at, k = 0;

	while (s > 0 && src->text[s - 1] != '\n')
		s--;
	while (s < src->len && (src->text[s] == ' ' || src->text[s] == '\t') && k + 1 < len)
		buf[k++] = src->text[s++];
	buf[k] = '\0';
}

static uint32_t line_start_of(const struct source *src, uint32_t at)
{
	while (at > 0 && src->text[at - 1] != '\n')
		at--;
	return at;
}

/* Is byte `at` the first that is not a space on its line? */
static bool first_on_line(const struct source *src, uint32_t at)
{
	for (uint32_t s = line_start_of(src, at); s < at; s++)
		if (src->text[s] != ' ' && src->text[s] != '\t')
			return false;
	return true;
}

/*
 * Where the rest of the line after `at` ends, if it holds only spaces and
 * comments that close on it (so a "}" can follow them); else `at`.
 */
static uint32_t after_trailing_comment(const struct source *src, uint32_t at)
{
	uint32_t i = at;
	const char *t = src->text;

	while (i < src->len && t[i] != '\n') {
		if (t[i] == ' ' || t[i] == '\t' || t[i] == '\r') {
			i++;
		} else if (t[i] == '/' && i + 1 < src->len && t[i + 1] == '*') {
			const char *close = NULL;

			for (uint32_t k = i + 2; k + 1 < src->len && t[k] != '\n'; k++)
				if (t[k] == '*' && t[k + 1] == '/') {
					close = t + k;
					break;
				}
			if (!close)
				return at;
			i = (uint32_t)(close - t) + 2;
		} else if (t[i] == '/' && i + 1 < src->len && t[i + 1] == '/') {
			while (i < src->len && t[i] != '\n')
				i++;
		} else {
			return at;
		}
	}
	/* before a "\r" of a CRLF line */
	while (i > at && t[i - 1] == '\r')
		i--;
	return i;
}

static bool declaration_follows(TSNode stmt)
{
	for (TSNode s = ts_node_next_named_sibling(stmt); !syn_null(s); s = ts_node_next_named_sibling(s))
		if (syn_kind(s) == SYN_DECLARATION)
			return true;
	return false;
}

bool fix_insert_before_statement(struct fix_ctx *fx, struct patch *p, sym_t file,
				 uint32_t line, uint32_t col, const char *text, const char **why)
{
	struct source *src;
	TSNode n = node_at(fx, &src, file, line, col), stmt, holder;
	enum syn hk;
	char ind[160], outer[128];
	uint32_t s;
	char *line_text;

	if (syn_null(n) || !statement_of(n, &stmt, &holder) || ts_node_has_error(stmt) ||
	    synthetic_end(src, stmt)) {
		*why = "the statement is not one that parsed cleanly";
		return false;
	}
	hk = syn_kind(holder);
	if (syn_kind(stmt) == SYN_DECLARATION) {
		*why = "the use is in a declaration (a statement would come before it)";
		return false;
	}
	if (hk == SYN_LABELED_STATEMENT) {
		*why = "the statement is labelled";
		return false;
	}
	if ((hk == SYN_COMPOUND_STATEMENT || hk == SYN_CASE_STATEMENT) && declaration_follows(stmt)) {
		*why = "a declaration follows in the block";
		return false;
	}
	s = ts_node_start_byte(stmt);
	if (hk == SYN_COMPOUND_STATEMENT || hk == SYN_CASE_STATEMENT) {
		if (first_on_line(src, s)) {
			indent_of(src, s, ind, sizeof(ind));
			line_text = xasprintf("%s%s\n", ind, text);
			patch_insert(p, line_start_of(src, s), line_text);
		} else {
			line_text = xasprintf("%s ", text);
			patch_insert(p, s, line_text);
		}
		free(line_text);
		return true;
	}

	/* an unbraced body: braces around the new line and the statement */
	{
		TSNode before = ts_node_prev_sibling(stmt);
		uint32_t close_at;
		char *open, *close;

		while (!syn_null(before) && syn_kind(before) == SYN_COMMENT)
			before = ts_node_prev_sibling(before);
		if (syn_null(before)) {
			*why = "the statement's header is not where it should be";
			return false;
		}
		indent_of(src, ts_node_start_byte(holder), outer, sizeof(outer));
		if (first_on_line(src, s)) {
			indent_of(src, s, ind, sizeof(ind));
			line_text = xasprintf("%s%s\n", ind, text);
			patch_insert(p, line_start_of(src, s), line_text);
			open = xstrdup(" {");
			patch_insert(p, ts_node_end_byte(before), open);
		} else {
			/* `if (c) use(x);` on one line: the blanks between become the new lines */
			uint32_t gap = ts_node_end_byte(before);

			snprintf(ind, sizeof(ind), "%s\t", outer);
			while (gap < s && (src->text[gap] == ' ' || src->text[gap] == '\t'))
				gap++;
			if (gap != s) {
				*why = "something other than blanks stands between the header and the body";
				return false;
			}
			line_text = xasprintf(" {\n%s%s\n%s", ind, text, ind);
			open = NULL;
			patch_replace(p, ts_node_end_byte(before), s, line_text);
		}
		close_at = after_trailing_comment(src, ts_node_end_byte(stmt));
		close = xasprintf("\n%s}", outer);
		patch_insert(p, close_at, close);
		free(open);
		free(close);
		free(line_text);
	}
	return true;
}
