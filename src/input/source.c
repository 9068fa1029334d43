#include "input/source.h"
#include "profile/idioms.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A letter of either case: setting bit 5 maps 'A'..'Z' onto 'a'..'z'. */
static bool ident_start(unsigned char c)
{
	return c == '_' || (unsigned char)((c | 0x20) - 'a') < 26;
}

static bool ident_char(unsigned char c)
{
	return ident_start(c) || (unsigned char)(c - '0') < 10;
}

static size_t skip_space(const char *t, size_t i, size_t len)
{
	while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

/* Index just past the ")" matching the "(" at i, or 0 if unbalanced. */
static size_t match_paren(const char *t, size_t i, size_t len)
{
	int depth = 0;

	for (; i < len; i++) {
		char c = t[i];

		if (c == '"' || c == '\'') {
			for (i++; i < len && t[i] != c && t[i] != '\n'; i++)
				if (t[i] == '\\')
					i++;
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0)
			return i + 1;
		else if (c == ';' || c == '{' || c == '}')
			return 0;
	}
	return 0;
}

static void blank(char *t, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (t[i] != '\n' && t[i] != '\r')
			t[i] = ' ';
}

/*
 * "struct NAME" as a macro argument: after "(" or ",", and followed by
 * "," or ")" -- but "(struct NAME)" is a cast and stays.
 */
static bool type_argument(const char *t, size_t kw, size_t kw_end, size_t len,
			  size_t *name_at)
{
	size_t b = kw, i;
	char open, close;

	while (b > 0 && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '\n'))
		b--;
	if (b == 0)
		return false;
	open = t[b - 1];
	if (open != '(' && open != ',')
		return false;
	i = skip_space(t, kw_end, len);
	if (i >= len || !ident_start((unsigned char)t[i]))
		return false;
	*name_at = i;
	while (i < len && ident_char((unsigned char)t[i]))
		i++;
	i = skip_space(t, i, len);
	if (i >= len)
		return false;
	close = t[i];
	if (close != ',' && close != ')')
		return false;
	return !(open == '(' && close == ')');
}

/*
 * "case 2 ... 4:" and "[0 ... 7] = x" are GNU ranges the grammar rejects:
 * keep the first bound, blank the rest.  "..." after "(" or "," is a
 * variadic parameter and stays.
 */
static void blank_range(char *t, size_t dots, size_t len)
{
	size_t b = dots;

	while (b > 0 && (t[b - 1] == ' ' || t[b - 1] == '\t'))
		b--;
	if (b == 0 || t[b - 1] == '(' || t[b - 1] == ',')
		return;
	for (size_t i = dots + 3; i < len && i < dots + 200; i++) {
		char c = t[i];

		if (c == ':' || c == ']') {
			blank(t, dots, i);
			return;
		}
		if (c == ';' || c == '{' || c == '}' || c == ')' || c == '\n')
			return;
	}
}

/* A word the grammar reads as a type wherever it stands: "char" alone is no expression. */
static bool type_keyword(const char *t, size_t n)
{
	static const char *const kw[] = {
		"_Bool", "char", "const", "double", "float", "int", "long", "short",
		"signed", "struct", "union", "enum", "void", "volatile",
	};

	for (size_t i = 0; i < ARRAY_SIZE(kw); i++)
		if (strlen(kw[i]) == n && !memcmp(t, kw[i], n))
			return true;
	return false;
}

/*
 * The type or member name at t[from..to) (blanks around it trimmed), an
 * argument of a macro a profile declares with type-arg, or a whole
 * type-call: make it one identifier in the parse copy, every byte that
 * cannot be in one turned into "_" ("union host_lpi *" becomes
 * "union_host_lpi__"), and remember it is no variable.  Left alone when it
 * spans lines (the copy keeps every newline), holds a string or a comment,
 * or does not start as a word does.
 */
static void make_type_word(struct source *src, char *t, size_t from, size_t to)
{
	size_t i;

	from = skip_space(t, from, to);
	while (to > from && (t[to - 1] == ' ' || t[to - 1] == '\t'))
		to--;
	if (from >= to || !ident_start((unsigned char)t[from]))
		return;
	for (i = from; i < to; i++)
		if (t[i] == '\n' || t[i] == '\r' || t[i] == '"' || t[i] == '\'' ||
		    (t[i] == '/' && i + 1 < to && (t[i + 1] == '*' || t[i + 1] == '/')))
			return;
	for (i = from; i < to; i++)
		if (!ident_char((unsigned char)t[i]))
			t[i] = '_';
	if (type_keyword(t + from, to - from))
		t[from] = '_';
	vec_push(&src->type_args, (uint32_t)from);
}

/*
 * NAME(...) where NAME is a declared type-taking macro (the bits of args):
 * each argument it names becomes one identifier, or the whole call does.
 * Arguments are split at the commas outside nested brackets.
 */
static void mark_type_args(struct source *src, char *t, size_t s, size_t name_end, size_t len,
			   uint32_t args)
{
	size_t p = skip_space(t, name_end, len), e, from;
	unsigned k = 0;
	int depth = 0;

	if (p >= len || t[p] != '(')
		return;
	e = match_paren(t, p, len);
	if (!e)
		return;
	if (args & TYPE_ARG_CALL) {
		make_type_word(src, t, s, e);
		return;
	}
	from = p + 1;
	for (size_t i = p + 1; i < e; i++) {
		char c = t[i];

		if (c == '"' || c == '\'') {
			for (i++; i < e && t[i] != c; i++)
				if (t[i] == '\\')
					i++;
		} else if (c == '(' || c == '[' || c == '{') {
			depth++;
		} else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
			depth--;
		} else if ((c == ',' && !depth) || i == e - 1) {
			if (k < 31 && (args >> k & 1))
				make_type_word(src, t, from, i);
			k++;
			from = i + 1;
		}
	}
}

/* See synthetic_semis in source.h. */
static void mark_braceless_iterator(struct source *src, char *t, size_t name_end, size_t len)
{
	size_t p = skip_space(t, name_end, len), e, w, k;

	if (p >= len || t[p] != '(')
		return;
	e = match_paren(t, p, len);
	if (!e)
		return;
	w = skip_space(t, e, len);
	if (w == e || w >= len)
		return;
	if (strchr("{;),&|?:=+-*/%<>!.[]", t[w]) || t[w] == '#')
		return;
	if (t[w] == '/' && w + 1 < len && (t[w + 1] == '*' || t[w + 1] == '/'))
		return;
	for (k = e; k < w; k++) {
		if (t[k] == ' ' || t[k] == '\t') {
			t[k] = ';';
			vec_push(&src->synthetic_semis, (uint32_t)k);
			return;
		}
	}
}

/* How prepare_parse_text() treats a byte: one table load per byte. */
enum byte_class {
	BC_OTHER,
	BC_BLANK,	/* space or tab */
	BC_NEWLINE,
	BC_HASH,
	BC_DOT,
	BC_NUL,
	BC_SLASH,
	BC_QUOTE,
	BC_IDENT,	/* starts an identifier */
	BC_DIGIT,	/* continues one */
};

static unsigned char byte_class[256];
static pthread_once_t byte_class_once = PTHREAD_ONCE_INIT;

static void init_byte_class(void)
{
	for (unsigned c = 0; c < 256; c++) {
		enum byte_class k = BC_OTHER;

		if (c == ' ' || c == '\t')
			k = BC_BLANK;
		else if (c == '\n')
			k = BC_NEWLINE;
		else if (c == '#')
			k = BC_HASH;
		else if (c == '.')
			k = BC_DOT;
		else if (c == '\0')
			k = BC_NUL;
		else if (c == '/')
			k = BC_SLASH;
		else if (c == '"' || c == '\'')
			k = BC_QUOTE;
		else if (ident_start((unsigned char)c))
			k = BC_IDENT;
		else if (ident_char((unsigned char)c))
			k = BC_DIGIT;
		byte_class[c] = (unsigned char)k;
	}
}

static bool is_ident_byte(char c)
{
	unsigned char k = byte_class[(unsigned char)c];

	return k == BC_IDENT || k == BC_DIGIT;
}

static bool word_is(const char *t, size_t s, size_t e, const char *w)
{
	size_t n = strlen(w);

	return e - s == n && !memcmp(t + s, w, n);
}

/* Whether the "#" at t[p] is the first byte of its line but blanks. */
static bool directive_starts_at(const char *t, size_t p)
{
	while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == '\t'))
		p--;
	return p == 0 || t[p - 1] == '\n';
}

/*
 * The template of an asm statement pasted together from macros and
 * strings -- asm volatile("1: " __stringify(LL) " %0, %1\n" SYNC_STR ...)
 * -- which the grammar takes only as string literals: each macro name, and
 * its argument list, becomes an empty string "" and blanks, so the
 * statement parses as the asm it is and its operands (what it loads and
 * stores itself) are read as such.  t[s..i) is the asm keyword; returns
 * where the scan goes on (the template's end, or i).
 */
static size_t prepare_asm_template(char *t, size_t s, size_t i, size_t len, struct u32_vec *dirs)
{
	size_t p = i;

	if (!(word_is(t, s, i, "asm") || word_is(t, s, i, "__asm__") || word_is(t, s, i, "__asm")))
		return i;
	for (;;) {
		size_t q = skip_space(t, p, len), e = q;

		while (e < len && ident_char((unsigned char)t[e]))
			e++;
		if (e == q)
			break;
		if (!(word_is(t, q, e, "volatile") || word_is(t, q, e, "__volatile__") ||
		      word_is(t, q, e, "__volatile") || word_is(t, q, e, "goto") ||
		      word_is(t, q, e, "inline") || word_is(t, q, e, "__inline__")))
			return i;
		p = e;
	}
	p = skip_space(t, p, len);
	if (p >= len || t[p] != '(')
		return i;
	for (p++; p < len;) {
		char c = t[p];

		if (c == '"') {
			for (p++; p < len && t[p] != '"' && t[p] != '\n'; p++)
				if (t[p] == '\\')
					p++;
			p++;
		} else if (c == ':' || c == ')' || c == ';' || c == '{' || c == '}') {
			return p;
		} else if (c == '#' && directive_starts_at(t, p)) {
			/*
			 * #ifdef CONFIG_X / #else / #endif between the strings:
			 * no macro names, left whole for the #if-arm pass, and
			 * blanked after it (the grammar takes no directive
			 * inside an expression: the arms' strings run on).
			 */
			vec_push(dirs, (uint32_t)p);
			while (p < len && !(t[p] == '\n' && t[p - 1] != '\\'))
				p++;
			vec_push(dirs, (uint32_t)p);
		} else if (ident_start((unsigned char)c)) {
			size_t w = p, e = p, a;

			while (e < len && ident_char((unsigned char)t[e]))
				e++;
			a = skip_space(t, e, len);
			if (a < len && t[a] == '(') {
				size_t m = match_paren(t, a, len);

				if (!m)
					return p;
				e = m;
			}
			blank(t, w, e);
			/* "" where it fits on the line: an empty string the grammar pastes on */
			if (e - w >= 2 && t[w + 1] != '\n' && t[w + 1] != '\r')
				t[w] = t[w + 1] = '"';
			p = e;
		} else {
			p++;
		}
	}
	return p;
}

/* An identifier at t[s..i): blank it, or mark what follows it, if it says so. */
static size_t prepare_identifier(struct source *src, char *t, size_t s, size_t i, size_t len,
				 bool in_directive, struct u32_vec *asm_dirs)
{
	const char *o = src->text;
	size_t name_at;
	uint32_t targs;

	if (!in_directive && (t[s] == 'a' || t[s] == '_')) {
		size_t after = prepare_asm_template(t, s, i, len, asm_dirs);

		if (after != i)
			return after;
	}
	if (!in_directive && idiom_is_iterator_n(t + s, i - s)) {
		mark_braceless_iterator(src, t, i, len);
	} else if (!in_directive && (targs = idiom_type_args_n(t + s, i - s)) != 0) {
		mark_type_args(src, t, s, i, len, targs);
		/* a whole call made one word: go on after it */
		if (targs & TYPE_ARG_CALL)
			while (i < len && is_ident_byte(t[i]))
				i++;
	} else if (!in_directive && i - s >= 2 && idiom_is_string_macro(t + s, i - s)) {
		/* XENLOG_ERR becomes "        ": a string the grammar pastes onto others */
		t[s] = '"';
		memset(t + s + 1, ' ', i - s - 2);
		t[i - 1] = '"';
	} else if (idiom_is_declared_annotation(t + s, i - s)) {
		struct annotation a = {
			.offset = (uint32_t)s,
			.end = (uint32_t)i,
			.name = intern_n(t + s, i - s),
		};
		size_t p = skip_space(t, i, len);

		if (p < len && t[p] == '(') {
			size_t e = match_paren(t, p, len);

			if (e) {
				a.arg = intern_n(o + p + 1, e - p - 2);
				a.end = (uint32_t)e;
				i = e;
			}
		}
		vec_push(&src->annotations, a);
		blank(t, s, a.end);
	} else if ((i - s == 6 && !memcmp(t + s, "struct", 6)) ||
		   (i - s == 5 && !memcmp(t + s, "union", 5)) ||
		   (i - s == 4 && !memcmp(t + s, "enum", 4))) {
		if (type_argument(t, s, i, len, &name_at)) {
			blank(t, s, i);
			vec_push(&src->type_args, (uint32_t)name_at);
		}
	}
	return i;
}

static void note_long_comment(struct source *src, size_t s, size_t e)
{
	if (e - s >= SKIPPABLE_COMMENT_BYTES)
		vec_push(&src->long_comments, ((struct text_span){ (uint32_t)s, (uint32_t)e }));
}

/*
 * A do-while closed by a macro: `do { ... } while_each_thread(g, t);`.
 * The macro expands to `while (...)`, which the grammar cannot know, and
 * its error recovery then swallows every function after it in the file.
 * The `do` of such a loop is blanked in the parse copy, which leaves a
 * block and a call the grammar reads (the body as if run once).  The
 * open `do {` blocks are kept by brace depth to find the one a closing
 * macro belongs to.
 */
#define DO_STACK 64

struct do_blocks {
	size_t at[DO_STACK];	/* offset of each open `do` */
	int depth[DO_STACK];	/* the brace depth its `{` opens from */
	unsigned n;
	int depth_now;
};

/* Before the identifier at s: the last byte that is not blank, or 0. */
static char byte_before(const char *t, size_t s)
{
	while (s > 0 && (t[s - 1] == ' ' || t[s - 1] == '\t' || t[s - 1] == '\n' || t[s - 1] == '\r'))
		s--;
	return s ? t[s - 1] : 0;
}

static void note_do_loop_word(struct do_blocks *d, char *t, size_t s, size_t i, size_t len)
{
	size_t n = i - s;

	if (n == 2 && !memcmp(t + s, "do", 2)) {
		size_t p = skip_space(t, i, len);

		if (p < len && t[p] == '{' && d->n < DO_STACK) {
			d->at[d->n] = s;
			d->depth[d->n++] = d->depth_now;
		}
		return;
	}
	if (n < 5 || memcmp(t + s, "while", 5) || (n > 5 && t[s + 5] != '_') ||
	    byte_before(t, s) != '}' || !d->n || d->depth[d->n - 1] != d->depth_now)
		return;
	d->n--;
	if (n > 5)
		blank(t, d->at[d->n], d->at[d->n] + 2);
}

static int cmp_offset(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * --- conditionals that cut an if/else chain ---------------------------
 *
 * Kernel code builds arms of an if/else chain only under a config option:
 *
 *	} else				if (a) {
 *	#ifdef CONFIG_X			...
 *	if (b) {			}
 *		...			#ifdef CONFIG_X
 *	} else				else if (b) {
 *	#endif				...
 *		switch (cmd) { ... }	}
 *					#endif
 *					else { ... }
 *
 * The grammar sees the directives as statements and the chain falls apart
 * (a stray "else", or an "else if" read as a function definition), and the
 * arms become statements that run one after the other.  Every build of
 * such a chain is the chain with the conditional arms present or absent,
 * and a build without them takes no path the chain with them lacks: so
 * the parse copy blanks the directive lines, and the chain parses whole.
 * Only plain groups are blanked (no directive nested inside, no #if 0,
 * every arm a piece of the chain); the single "if (c) A; else" that
 * #endif closes is left to the lowering (see split_else_if()).
 */
#define CUT_ARMS 8

struct cut_group {
	size_t line[CUT_ARMS + 1], end[CUT_ARMS + 1];	/* directive lines */
	unsigned n;
	bool plain, has_else;
};

/* The word at t[i..) is w, whole. */
static bool word_at(const char *t, size_t i, size_t len, const char *w)
{
	size_t n = strlen(w);

	return i + n <= len && !memcmp(t + i, w, n) && (i + n == len || !ident_char((unsigned char)t[i + n])) &&
	       (i == 0 || !ident_char((unsigned char)t[i - 1]));
}

/* The first byte of code in t[i..e), past blanks and comments, or e. */
static size_t code_from(const char *t, size_t i, size_t e)
{
	while (i < e) {
		if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r' || t[i] == '\\') {
			i++;
		} else if (t[i] == '/' && i + 1 < e && t[i + 1] == '*') {
			const char *c = memmem(t + i + 2, e - i - 2, "*/", 2);

			if (!c)
				return e;
			i = (size_t)(c - t) + 2;
		} else if (t[i] == '/' && i + 1 < e && t[i + 1] == '/') {
			while (i < e && t[i] != '\n')
				i++;
		} else {
			return i;
		}
	}
	return e;
}

/*
 * Does t[s..e) end with the word "else", past blanks and comments?  Only
 * a comment alone on a line, or a block comment, is skipped backwards.
 */
static bool ends_with_else(const char *t, size_t s, size_t e)
{
	for (;;) {
		while (e > s && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\n' ||
				 t[e - 1] == '\r'))
			e--;
		if (e >= s + 2 && t[e - 1] == '/' && t[e - 2] == '*') {
			size_t k = e - 2;

			while (k > s + 1 && !(t[k - 2] == '/' && t[k - 1] == '*'))
				k--;
			if (k <= s + 1)
				return false;
			e = k - 2;
			continue;
		}
		break;
	}
	/* a line comment after the else: back to where it starts on the line */
	{
		size_t ls = e;

		while (ls > s && t[ls - 1] != '\n')
			ls--;
		for (size_t k = ls; k + 1 < e; k++) {
			if (t[k] == '"' || t[k] == '\'')
				break;
			if (t[k] == '/' && t[k + 1] == '/') {
				return ends_with_else(t, s, k);
			}
		}
	}
	return e >= s + 4 && word_at(t, e - 4, e, "else");
}

/* What the arm t[s..e) of a group is: 'i' "if ... else", 'e' "else if ...", 'f' "else ...", 0 empty, '?' */
static char arm_shape(const char *t, size_t s, size_t e)
{
	size_t c = code_from(t, s, e);

	if (c >= e)
		return 0;
	if (word_at(t, c, e, "if") && ends_with_else(t, c, e))
		return 'i';
	if (word_at(t, c, e, "else")) {
		size_t d = code_from(t, c + 4, e);

		if (ends_with_else(t, c + 4, e))
			return '?';
		return d < e && word_at(t, d, e, "if") ? 'e' : 'f';
	}
	return '?';
}

static bool group_condition_constant(const char *t, const struct cut_group *g)
{
	size_t i = g->line[0], e = g->end[0];

	while (i < e && t[i] != '#')
		i++;
	i = code_from(t, i + 1, e);
	if (!word_at(t, i, e, "if"))
		return false;
	i = code_from(t, i + 2, e);
	return i < e && (t[i] == '0' || t[i] == '1') && code_from(t, i + 1, e) == e;
}

/*
 * Is t[s..e) one opening of a block and nothing else, past comments: code
 * whose only brace is the "{" it ends with ("union {", "static int f(int a)
 * {")?
 */
static bool opening_arm(const char *t, size_t s, size_t e)
{
	char last = 0;
	unsigned braces = 0;

	for (size_t i = code_from(t, s, e); i < e; i = code_from(t, i + 1, e)) {
		if (t[i] == '"' || t[i] == '\'' || t[i] == '#' || t[i] == ';' || t[i] == '}')
			return false;
		braces += t[i] == '{';
		last = t[i];
	}
	return braces == 1 && last == '{';
}

/*
 * --- conditionals that choose how a block opens ---------------------------
 *
 *	#ifdef CONFIG_X
 *		struct {
 *	#else
 *		union {
 *	#endif
 *			...
 *		};
 *
 * Each arm opens the one block that follows: the grammar sees two openings
 * and one close, and everything after it in the file -- the rest of the
 * struct, the structs and functions below -- is swallowed by the unclosed
 * one, so their members, types and calls are lost.  Every build opens the
 * block once, with one arm or the other; the parse copy keeps the first
 * arm and blanks the directives and the other, as one build reads it.
 * Only a plain #if/#else/#endif whose two arms are each one opening and
 * nothing else, and not #if 0 or #if 1, whose arm is fixed.
 */
/*
 * Does the block opened just before t[from] close outside any #if that
 * starts after from?  The "}" matching it, found past comments, strings
 * and character constants, must not sit in an arm of its own conditional
 * (#ifdef X "}" #else "}" #endif): one opening kept, two closes would be
 * one too many.  False when the file ends first.
 */
static bool closes_unconditionally(const char *t, size_t from, size_t len)
{
	unsigned depth = 1;
	int nest = 0;
	bool line_start = true;

	for (size_t i = from; i < len; i++) {
		char c = t[i];

		if (c == '\n') {
			line_start = true;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r')
			continue;
		if (line_start && c == '#') {
			size_t w = i + 1;

			while (w < len && (t[w] == ' ' || t[w] == '\t'))
				w++;
			if (word_at(t, w, len, "if") || word_at(t, w, len, "ifdef") ||
			    word_at(t, w, len, "ifndef"))
				nest++;
			else if (word_at(t, w, len, "endif") && --nest < 0)
				return false;	/* an enclosing arm ends first */
			/* the directive's line, and its continuations */
			while (i < len && (t[i] != '\n' || (i > 0 && t[i - 1] == '\\')))
				i++;
			line_start = true;
			continue;
		}
		line_start = false;
		if (c == '/' && i + 1 < len && t[i + 1] == '*') {
			const char *e = memmem(t + i + 2, len - i - 2, "*/", 2);

			if (!e)
				return false;
			i = (size_t)(e - t) + 1;
		} else if (c == '/' && i + 1 < len && t[i + 1] == '/') {
			while (i + 1 < len && t[i + 1] != '\n')
				i++;
		} else if (c == '"' || c == '\'') {
			for (i++; i < len && t[i] != c && t[i] != '\n'; i++)
				if (t[i] == '\\')
					i++;
		} else if (c == '{') {
			depth++;
		} else if (c == '}' && --depth == 0) {
			return nest == 0;
		}
	}
	return false;
}

static bool choose_opening(char *t, size_t len, const struct cut_group *g)
{
	if (!g->plain || g->n != 3 || !g->has_else || group_condition_constant(t, g) ||
	    !opening_arm(t, g->end[0], g->line[1]) || !opening_arm(t, g->end[1], g->line[2]) ||
	    !closes_unconditionally(t, g->end[2], len))
		return false;
	blank(t, g->line[0], g->end[0]);
	blank(t, g->line[1], g->line[2]);
	blank(t, g->line[2], g->end[2]);
	return true;
}

static void cut_group_closed(char *t, size_t len, const struct cut_group *g)
{
	char shapes[CUT_ARMS];
	unsigned n = g->n, ends_else = 0, starts_else = 0, finals = 0, empty = 0;
	size_t before, after;
	bool prev_else, next_else;

	if (!g->plain || n < 2 || group_condition_constant(t, g))
		return;
	/* two arms that each open the block: keep one (blanks the rest) */
	if (choose_opening(t, len, g))
		return;
	for (unsigned k = 0; k + 1 < n; k++) {
		shapes[k] = arm_shape(t, g->end[k], g->line[k + 1]);
		ends_else += shapes[k] == 'i';
		starts_else += shapes[k] == 'e' || shapes[k] == 'f';
		empty += shapes[k] == 0;
		if (shapes[k] == '?')
			return;
	}
	/* no #else: the arm a build without the option takes is empty */
	if (!g->has_else)
		empty++;
	/* the code before the #if and after the #endif */
	before = g->line[0];
	prev_else = ends_with_else(t, 0, before);
	after = code_from(t, g->end[n - 1], len);
	next_else = word_at(t, after, len, "else");
	if (ends_else && !starts_else) {
		/*
		 * "else" #if "if (b) B else" #endif NEXT, or every arm
		 * "if (..) X else": the chain goes on into NEXT.  One arm and
		 * nothing before: the lowering's own case.
		 */
		if (!prev_else && empty)
			return;
		if (next_else || after >= len || t[after] == '}')
			return;
	} else if (starts_else && !ends_else) {
		/* "} #if else if (b) B #endif else C": each arm goes on the chain */
		size_t b = before;

		while (b > 0 && (t[b - 1] == ' ' || t[b - 1] == '\t' || t[b - 1] == '\n' || t[b - 1] == '\r'))
			b--;
		if (prev_else || !b || (t[b - 1] != '}' && t[b - 1] != ';'))
			return;
		for (unsigned k = 0; k + 1 < n; k++)
			if (shapes[k] == 'f' && (next_else || finals++))
				return;
		/* a final else goes last */
		for (unsigned k = 0; k + 1 < n; k++)
			if (shapes[k] == 'f')
				for (unsigned j = k + 1; j + 1 < n; j++)
					if (shapes[j])
						return;
	} else {
		return;
	}
	for (unsigned k = 0; k < n; k++)
		blank(t, g->line[k], g->end[k]);
}

static void blank_chain_cuts(char *t, size_t len)
{
	struct cut_group stack[16];
	unsigned depth = 0, lost = 0;
	bool in_comment = false;
	size_t i = 0;

	while (i < len) {
		size_t ls = i, j = i;

		while (j < len && (t[j] == ' ' || t[j] == '\t'))
			j++;
		if (!in_comment && j < len && t[j] == '#') {
			size_t e = j, k = code_from(t, j + 1, len);
			bool open_comment = false;

			/* to the newline no "\" escapes */
			while (e < len && !(t[e] == '\n' && t[e - 1] != '\\'))
				e++;
			for (size_t q = j; q + 1 < e; q++)
				if (t[q] == '/' && t[q + 1] == '*') {
					const char *c = memmem(t + q + 2, e - q - 2, "*/", 2);

					if (!c) {
						open_comment = true;
						break;
					}
					q = (size_t)(c - t) + 1;
				}
			if (k > e)
				k = e;
			if (word_at(t, k, e, "if") || word_at(t, k, e, "ifdef") || word_at(t, k, e, "ifndef")) {
				for (unsigned d = 0; d < depth; d++)
					stack[d].plain = false;
				if (depth < 16) {
					stack[depth].n = 1;
					stack[depth].line[0] = ls;
					stack[depth].end[0] = e;
					stack[depth].plain = !open_comment;
					stack[depth].has_else = false;
					depth++;
				} else {
					lost++;
				}
			} else if (word_at(t, k, e, "elif") || word_at(t, k, e, "else") ||
				   word_at(t, k, e, "endif") || word_at(t, k, e, "elifdef") ||
				   word_at(t, k, e, "elifndef")) {
				if (lost) {
					if (word_at(t, k, e, "endif"))
						lost--;
				} else if (depth) {
					struct cut_group *g = &stack[depth - 1];

					if (g->n < CUT_ARMS + 1) {
						g->line[g->n] = ls;
						g->end[g->n++] = e;
					} else {
						g->plain = false;
					}
					if (open_comment)
						g->plain = false;
					if (word_at(t, k, e, "else"))
						g->has_else = true;
					if (word_at(t, k, e, "endif")) {
						cut_group_closed(t, len, g);
						depth--;
					}
				}
			} else {
				for (unsigned d = 0; d < depth; d++)
					stack[d].plain = false;
			}
			i = e < len ? e + 1 : len;
			if (open_comment)
				in_comment = true;
			continue;
		}
		/* a code line: where comments open and close, strings skipped */
		for (i = j; i < len && t[i] != '\n'; i++) {
			if (in_comment) {
				if (t[i] == '*' && i + 1 < len && t[i + 1] == '/') {
					in_comment = false;
					i++;
				}
			} else if (t[i] == '/' && i + 1 < len && t[i + 1] == '*') {
				in_comment = true;
				i++;
			} else if (t[i] == '/' && i + 1 < len && t[i + 1] == '/') {
				while (i < len && t[i] != '\n')
					i++;
				break;
			} else if (t[i] == '"' || t[i] == '\'') {
				char q = t[i];

				for (i++; i < len && t[i] != q && t[i] != '\n'; i++)
					if (t[i] == '\\')
						i++;
			}
		}
		i = i < len ? i + 1 : len;
	}
}

static void prepare_parse_text(struct source *src)
{
	const char *o = src->text;
	char *t = src->parse_text;
	size_t len = src->len, i = 0;
	bool line_start = true, in_directive = false;
	struct do_blocks dos = { .n = 0 };
	struct u32_vec asm_dirs = { 0 };

	pthread_once(&byte_class_once, init_byte_class);
	memcpy(t, o, len + 1);
	while (i < len) {
		unsigned char c = (unsigned char)t[i];
		enum byte_class k = byte_class[c];

		if (k == BC_BLANK) {
			/* the most common bytes, and nothing below applies to them */
			do
				i++;
			while (i < len && (t[i] == ' ' || t[i] == '\t'));
			continue;
		}
		if (k == BC_NEWLINE) {
			/* a directive ends at a newline not escaped by "\" */
			if (!(i > 0 && t[i - 1] == '\\'))
				in_directive = false;
			line_start = true;
			i++;
			continue;
		}
		if (line_start && k == BC_HASH)
			in_directive = true;
		line_start = false;
		switch (k) {
		case BC_DOT:
			if (i + 2 < len && t[i + 1] == '.' && t[i + 2] == '.') {
				blank_range(t, i, len);
				i += 3;
			} else {
				i++;
			}
			break;
		case BC_NUL:
			/* The lexer would take a NUL for the end of input. */
			t[i++] = ' ';
			break;
		case BC_SLASH:
			if (i + 1 < len && t[i + 1] == '*') {
				/* not strstr(): a NUL in the comment would end it */
				char *e = memmem(t + i + 2, len - i - 2, "*/", 2);
				size_t s = i;

				i = e ? (size_t)(e - t) + 2 : len;
				if (e && !in_directive)
					note_long_comment(src, s, i);
			} else if (i + 1 < len && t[i + 1] == '/') {
				size_t s = i;

				while (i < len && t[i] != '\n')
					i++;
				/*
				 * one continued with "\\" runs on, and a CR may hide a
				 * "\\" before it: such comments are left to the parser
				 */
				if (!in_directive && t[i - 1] != '\\' && t[i - 1] != '\r')
					note_long_comment(src, s, i);
			} else {
				i++;
			}
			break;
		case BC_QUOTE:
			for (i++; i < len && t[i] != (char)c && t[i] != '\n'; i++)
				if (t[i] == '\\')
					i++;
			i++;
			break;
		case BC_IDENT:
			if (i == 0 || !is_ident_byte(t[i - 1])) {
				size_t s = i;

				while (i < len && is_ident_byte(t[i]))
					i++;
				if (!in_directive && (t[s] == 'd' || t[s] == 'w'))
					note_do_loop_word(&dos, t, s, i, len);
				i = prepare_identifier(src, t, s, i, len, in_directive, &asm_dirs);
			} else {
				i++;
			}
			break;
		default:
			if (!in_directive && c == '{')
				dos.depth_now++;
			else if (!in_directive && c == '}') {
				dos.depth_now--;
				/* a `do {` whose scope has closed without its while: gone */
				while (dos.n && dos.depth[dos.n - 1] > dos.depth_now)
					dos.n--;
			}
			i++;
			break;
		}
	}
	/* a type argument marked ahead of the scan may precede one found after */
	for (size_t k = 1; k < src->type_args.n; k++)
		if (src->type_args.v[k - 1] >= src->type_args.v[k]) {
			qsort(src->type_args.v, src->type_args.n, sizeof(uint32_t), cmp_offset);
			break;
		}
	blank_chain_cuts(t, len);
	for (uint32_t k = 0; k + 1 < asm_dirs.n; k += 2)
		blank(t, asm_dirs.v[k], asm_dirs.v[k + 1]);
	free(asm_dirs.v);
	/* NULs inside comments and strings were skipped above. */
	for (char *z = memchr(t, '\0', len); z; z = memchr(z + 1, '\0', len - (size_t)(z + 1 - t)))
		*z = ' ';
}

bool looks_binary(const char *buf, size_t n)
{
	size_t check = n < 8192 ? n : 8192, odd = 0;
	const uint32_t usual = 1u << '\n' | 1u << '\r' | 1u << '\t' | 1u << '\f' | 1u << '\v';

	/*
	 * A stray NUL or Latin-1 byte does not make a file binary: gcc takes
	 * such files, and the parse copy blanks NULs.  One byte in ten that
	 * is a control byte or not UTF-8 does.
	 */
	for (size_t i = 0; i < check;) {
		const unsigned char *c = (const unsigned char *)buf + i;
		unsigned len;
		uint64_t w;

		/*
		 * Eight ASCII bytes at once, nearly every word of C source; only
		 * a word with a byte below 0x20 (a newline, a tab) is looked at
		 * byte by byte, and without decoding UTF-8.
		 */
		if (check - i >= 8) {
			memcpy(&w, c, 8);
			if (!(w & 0x8080808080808080ull)) {
				if ((w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull)
					for (unsigned k = 0; k < 8; k++)
						odd += c[k] < 32 && !(usual >> c[k] & 1);
				i += 8;
				continue;
			}
		}
		len = utf8_seq_len(c, check - i);

		if (len > 1) {
			i += len;
			continue;
		}
		odd += !len || (*c < 32 && !(usual >> *c & 1));
		i++;
	}
	return check && odd * 10 > check;
}

/* Counted when first asked: a file the cache has is read only to be hashed. */
uint32_t source_nlines(struct source *src)
{
	uint32_t lines = 1;
	const char *p = src->text, *end = src->text + src->len;

	if (src->nlines)
		return src->nlines;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	src->nlines = lines;
	return lines;
}

void source_prepare(struct source *src)
{
	if (src->parse_text)
		return;
	src->parse_text = xmalloc((size_t)src->len + 1);
	prepare_parse_text(src);
}

void source_from_buffer(struct source *src, const char *path, const char *data,
			size_t len)
{
	memset(src, 0, sizeof(*src));
	if (len > UINT32_MAX - 1)
		len = UINT32_MAX - 1;
	src->path = xstrdup(path);
	src->text = xstrndup(data, len);
	src->len = (uint32_t)len;
	source_prepare(src);
}

enum source_status source_read_unchecked(struct source *src, const char *path,
					 uint64_t max_size, char *err, size_t errlen)
{
	struct stat st;
	int fd;
	char *buf;
	size_t got = 0;

	memset(src, 0, sizeof(*src));
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return SOURCE_UNREADABLE;
	}
	if (fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		close(fd);
		return SOURCE_UNREADABLE;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "not a regular file");
		close(fd);
		return SOURCE_UNREADABLE;
	}
	if ((uint64_t)st.st_size > max_size || (uint64_t)st.st_size >= UINT32_MAX) {
		snprintf(err, errlen, "%lld bytes, over the size limit of %llu",
			 (long long)st.st_size, (unsigned long long)max_size);
		close(fd);
		return SOURCE_TOO_BIG;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "%s", strerror(errno));
			free(buf);
			close(fd);
			return SOURCE_UNREADABLE;
		}
		if (r == 0)
			break;	/* shrank under us: take what is there */
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	src->path = xstrdup(path);
	src->text = buf;
	src->len = (uint32_t)got;
	return SOURCE_OK;
}

enum source_status source_check_text(struct source *src, char *err, size_t errlen)
{
	if (!looks_binary(src->text, src->len))
		return SOURCE_OK;
	snprintf(err, errlen, "binary content");
	source_free(src);
	return SOURCE_BINARY;
}

enum source_status source_read(struct source *src, const char *path,
			       uint64_t max_size, char *err, size_t errlen)
{
	enum source_status st = source_read_unchecked(src, path, max_size, err, errlen);

	return st == SOURCE_OK ? source_check_text(src, err, errlen) : st;
}

enum source_status source_load(struct source *src, const char *path,
			       uint64_t max_size, char *err, size_t errlen)
{
	enum source_status st = source_read(src, path, max_size, err, errlen);

	if (st == SOURCE_OK)
		source_prepare(src);
	return st;
}

void source_free(struct source *src)
{
	free(src->path);
	free(src->text);
	free(src->parse_text);
	free(src->line_starts);
	vec_free(&src->annotations);
	vec_free(&src->type_args);
	vec_free(&src->synthetic_semis);
	vec_free(&src->long_comments);
	memset(src, 0, sizeof(*src));
}

const char *source_line(struct source *src, uint32_t line, size_t *n)
{
	uint32_t start, end;

	if (!src->line_starts) {
		uint32_t k = 0;

		src->line_starts = xmalloc(sizeof(uint32_t) * (source_nlines(src) + 1));
		src->line_starts[k++] = 0;
		for (uint32_t i = 0; i < src->len; i++)
			if (src->text[i] == '\n')
				src->line_starts[k++] = i + 1;
		src->line_starts[k] = src->len + 1;
	}
	if (line == 0 || line > src->nlines) {
		*n = 0;
		return "";
	}
	start = src->line_starts[line - 1];
	end = src->line_starts[line] - 1;
	if (end > src->len)
		end = src->len;
	if (end > start && src->text[end - 1] == '\r')
		end--;
	*n = end - start;
	return src->text + start;
}

bool source_is_type_arg(const struct source *src, uint32_t offset)
{
	uint32_t lo = 0, hi = src->type_args.n;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (src->type_args.v[mid] < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < src->type_args.n && src->type_args.v[lo] == offset;
}

bool source_is_synthetic_semi(const struct source *src, uint32_t offset)
{
	uint32_t lo = 0, hi = src->synthetic_semis.n;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (src->synthetic_semis.v[mid] < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < src->synthetic_semis.n && src->synthetic_semis.v[lo] == offset;
}

const struct annotation *source_annotations_in(const struct source *src,
					       uint32_t start, uint32_t end,
					       uint32_t *count)
{
	uint32_t lo = 0, hi = src->annotations.n, first;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if (src->annotations.v[mid].offset < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < src->annotations.n && src->annotations.v[lo].offset < end)
		lo++;
	*count = lo - first;
	return *count ? src->annotations.v + first : NULL;
}
