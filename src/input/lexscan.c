#include "input/lexscan.h"
#include "base/util.h"
#include "profile/idioms.h"

#include <stdlib.h>
#include <string.h>

/*
 * Eight bytes a step: most identifiers take one or two multiplies, where a
 * byte-wise hash takes one per byte in a chain the CPU cannot overlap.
 */
uint64_t lex_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	if (n) {
		w = 0;
		for (size_t k = 0; k < n; k++)
			w |= (uint64_t)(unsigned char)s[k] << (8 * k);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h ? h : 1;
}

/* Bit 1: starts an identifier; bit 2: continues one.  A load, not four compares. */
static const unsigned char ident_class[256] = {
	['a' ... 'z'] = 3, ['A' ... 'Z'] = 3, ['_'] = 3, ['$'] = 3, ['0' ... '9'] = 2,
};

static inline bool ident_start(unsigned char c)
{
	return ident_class[c] & 1;
}

static inline bool ident_char(unsigned char c)
{
	return ident_class[c] & 2;
}

bool lex_set_add(struct lex_set *s, uint64_t h)
{
	uint32_t i;

	if ((s->n + 1) * 2 > s->cap) {
		uint32_t cap = s->cap ? s->cap * 2 : 256;
		struct lex_set bigger = { xcalloc(cap, sizeof(uint64_t)), cap, 0 };

		for (uint32_t k = 0; k < s->cap; k++)
			if (s->slots[k])
				lex_set_add(&bigger, s->slots[k]);
		free(s->slots);
		*s = bigger;
	}
	for (i = (uint32_t)h & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1))
		if (s->slots[i] == h)
			return false;
	s->slots[i] = h;
	s->n++;
	return true;
}

bool lex_set_has(const struct lex_set *s, uint64_t h)
{
	if (!s->cap)
		return false;
	for (uint32_t i = (uint32_t)h & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1))
		if (s->slots[i] == h)
			return true;
	return false;
}

void lex_set_free(struct lex_set *s)
{
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

/*
 * Names that look like a function's but are not: `__attribute__((x)) int
 * f(...)`, and the annotations a profile declares (Linux's __aligned(8)).
 */
static bool not_a_name(const char *s, size_t n)
{
	static const char *const words[] = {
		"__attribute__", "__attribute", "__declspec", "asm", "__asm__", "__asm",
		"typeof", "__typeof__", "__typeof", "_Alignas", "alignas",
		"_Static_assert", "static_assert", "sizeof", "if", "while", "for", "switch",
		"return",
	};

	for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && !memcmp(words[i], s, n))
			return true;
	return idiom_is_declared_annotation(s, n);
}

/* Words that never name a variable declared at file scope. */
static bool c_keyword(const char *s, size_t n)
{
	static const char *const words[] = {
		"struct", "union", "enum", "typedef", "static", "extern", "const", "volatile",
		"inline", "__inline", "__inline__", "register", "restrict", "__restrict",
		"signed", "unsigned", "short", "long", "int", "char", "float", "double", "void",
		"_Bool", "bool", "auto", "_Thread_local", "__thread",
	};

	for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && !memcmp(words[i], s, n))
			return true;
	return false;
}

static bool is_word(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(s, w, n);
}

/* struct, union or enum: asked of every identifier, so by length first */
static bool is_tag_keyword(const char *s, size_t n)
{
	return (n == 6 && !memcmp(s, "struct", 6)) || (n == 5 && !memcmp(s, "union", 5)) ||
	       (n == 4 && !memcmp(s, "enum", 4));
}

struct scan {
	VEC(uint64_t) mentions, refs, decl;
	VEC(struct lex_def) defs;
	struct lex_set seen_mention;	/* for the once-each list */
	/*
	 * The current declaration at file scope.  Every NAME( in it is a
	 * candidate for the function it defines: in `SEC("x") int prog(...)`
	 * or `int f(void) __acquires(l)` the name is not the first one, and
	 * keeping them all costs only a few unused definitions.
	 */
	uint64_t fn_names[4];
	uint32_t nfn_names;
	uint64_t global_name;
	/* a typedef's names: the last at paren depth 0, or the `(*NAME)` one */
	uint64_t typedef_last, typedef_fp;
	uint32_t params_depth;		/* paren depth of its parameter list, +1 */
	bool params_done, user_params, assigned, is_typedef, declarator_paren, is_static;
	/* a struct/union/enum body being read: its def and brace depth */
	VEC(uint32_t) open_types;
	VEC(uint32_t) open_depths;
	/* the function body being read: its candidate defs, what it mentions and calls */
	bool in_fn;
	uint32_t fn_first, fn_ndefs, fn_mentions_start, fn_calls_start, fn_open_at;
	struct lex_set fn_seen_mention, fn_seen_call, seen_ocall;
	VEC(uint64_t) fmentions, fcalls, ocalls;
	/* the declaration at file scope being read: where it began, its first def */
	uint32_t item_open, item_first_def;
	bool in_item;
	VEC(struct text_span) directives;
	VEC(uint32_t) if_depths;	/* brace depth at each open #if */
	bool items_lost;
};

/*
 * The lexer's own state: where it is, the tokens just before, and the
 * prefixes it looks for.  Apart from struct scan, whose address the calls
 * it makes take, so that the compiler can keep it in registers: it changes
 * at every token.  depth and paren are not side by side: gcc 12 then packs
 * the two into one vector register, which the loop unpacks at every byte.
 */
struct lexer {
	uint32_t depth;		/* of braces */
	/* the previous token: an identifier (its hash and span), or not */
	uint64_t prev_id;
	const char *prev_s;
	size_t prev_n;
	uint32_t paren;		/* depth of parentheses */
	/* `struct NAME` just seen: NAME's hash, until the next token */
	uint64_t tag;
	unsigned char last_punct;
	bool after_tag_kw;
	/* the identifier prefixes to report, their lengths, and whether one was seen */
	const char *const *prefixes;
	size_t *prefix_len;
	uint32_t nprefixes;
	bool prefix_hit;
};

/* The declaration at file scope ends at `end`: its defs get its extent. */
static void item_close(struct scan *s, size_t end)
{
	if (!s->in_item)
		return;
	for (uint32_t k = s->item_first_def; k < s->defs.n; k++) {
		s->defs.v[k].item_open = s->item_open;
		s->defs.v[k].item_close = (uint32_t)end;
	}
	s->in_item = false;
}

enum lex_conditional lex_directive_kind(const char *t, size_t i, size_t end)
{
	size_t b;

	for (i++; i < end && (t[i] == ' ' || t[i] == '\t'); i++)
		;
	for (b = i; i < end && t[i] >= 'a' && t[i] <= 'z'; i++)
		;
	if (is_word(t + b, i - b, "if") || is_word(t + b, i - b, "ifdef") ||
	    is_word(t + b, i - b, "ifndef"))
		return LEX_COND_IF;
	if (is_word(t + b, i - b, "elif") || is_word(t + b, i - b, "else") ||
	    is_word(t + b, i - b, "elifdef") || is_word(t + b, i - b, "elifndef"))
		return LEX_COND_ELSE;
	if (is_word(t + b, i - b, "endif"))
		return LEX_COND_ENDIF;
	return LEX_COND_NONE;
}

/* What a directive at t[i] (its `#`) does to the nesting of #if, at brace depth. */
static void directive_nesting(struct scan *s, const char *t, size_t i, size_t len, uint32_t depth)
{
	enum lex_conditional k = lex_directive_kind(t, i, len);

	if (k == LEX_COND_IF) {
		vec_push(&s->if_depths, depth);
	} else if (k != LEX_COND_NONE) {
		if (!s->if_depths.n || s->if_depths.v[s->if_depths.n - 1] != depth)
			s->items_lost = true;
		else if (k == LEX_COND_ENDIF)
			s->if_depths.n--;
	}
}

static void fn_mention(struct scan *s, uint64_t h)
{
	if (lex_set_add(&s->fn_seen_mention, h))
		vec_push(&s->fmentions, h);
}

static void fn_open(struct scan *s, uint32_t first, uint32_t ndefs, size_t open_at)
{
	s->in_fn = true;
	s->fn_open_at = (uint32_t)open_at;
	s->fn_first = first;
	s->fn_ndefs = ndefs;
	s->fn_mentions_start = s->fmentions.n;
	s->fn_calls_start = s->fcalls.n;
	/* the declaration: return and parameter types, __user, the name */
	for (uint32_t i = 0; i < s->decl.n; i++)
		fn_mention(s, s->decl.v[i]);
}

/* close_at: the offset of the `}` that ended the body, or 0 if none did */
static void fn_close(struct scan *s, size_t close_at)
{
	if (!s->in_fn)
		return;
	for (uint32_t k = s->fn_first; k < s->fn_first + s->fn_ndefs; k++) {
		struct lex_def *d = &s->defs.v[k];

		if (close_at) {
			d->body_open = s->fn_open_at;
			d->body_close = (uint32_t)close_at;
		}

		d->fmentions_start = s->fn_mentions_start;
		d->nfmentions = s->fmentions.n - s->fn_mentions_start;
		d->fcalls_start = s->fn_calls_start;
		d->nfcalls = s->fcalls.n - s->fn_calls_start;
	}
	s->in_fn = false;
	lex_set_free(&s->fn_seen_mention);
	lex_set_free(&s->fn_seen_call);
}

static void end_declaration(struct scan *s)
{
	s->nfn_names = 0;
	s->global_name = 0;
	s->typedef_last = s->typedef_fp = 0;
	s->params_depth = 0;
	s->params_done = s->user_params = s->assigned = s->is_typedef = s->is_static = false;
	s->declarator_paren = false;
	s->decl.n = 0;
}

static void add_def(struct scan *s, uint64_t name, uint8_t kind, uint32_t refs_start,
		    uint32_t nrefs, bool user)
{
	struct lex_def d = { .name = name, .refs_start = refs_start, .nrefs = nrefs,
			     .kind = kind, .user_params = user,
			     .is_static = (kind == LEX_FUNC || kind == LEX_GLOBAL) && s->is_static };

	vec_push(&s->defs, d);
}

/* A `;` (or `,`) at file scope: the end of a declarator. */
static void declarator_end(struct scan *s, bool last)
{
	if (s->is_typedef) {
		uint32_t start = s->refs.n;

		for (uint32_t i = 0; i < s->decl.n; i++)
			vec_push(&s->refs, s->decl.v[i]);
		if (s->typedef_fp)
			add_def(s, s->typedef_fp, LEX_TYPEDEF, start, s->decl.n, false);
		else if (s->typedef_last)
			add_def(s, s->typedef_last, LEX_TYPEDEF, start, s->decl.n, false);
		s->typedef_last = s->typedef_fp = 0;
	} else if (s->global_name && !s->declarator_paren) {
		uint32_t start = s->refs.n;

		for (uint32_t i = 0; i < s->decl.n; i++)
			vec_push(&s->refs, s->decl.v[i]);
		add_def(s, s->global_name, LEX_GLOBAL, start, s->decl.n, false);
	}
	s->global_name = 0;
	s->declarator_paren = false;
	s->assigned = false;
	if (last)
		end_declaration(s);
}

/* Skip a comment, string or character literal at p; returns past it. */
static size_t skip_literal(const char *t, size_t i, size_t len)
{
	char q = t[i];

	for (i++; i < len && t[i] != q && t[i] != '\n'; i++)
		if (t[i] == '\\')
			i++;
	return i < len ? i + 1 : len;
}

/* A blank other than a newline. */
static inline bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Skip the comment, block or line, at t[i]; returns past it, or at a line comment's newline. */
static inline size_t skip_comment(const char *t, size_t i, size_t len)
{
	const char *e;

	if (t[i + 1] == '*') {
		e = memmem(t + i + 2, len - i - 2, "*/", 2);
		return e ? (size_t)(e - t) + 2 : len;
	}
	e = memchr(t + i, '\n', len - i);
	return e ? (size_t)(e - t) : len;
}

/* Skip the number at t[i] (with its suffix, exponent and dots); returns past it. */
static inline size_t skip_number(const char *t, size_t i, size_t len)
{
	while (i < len && (ident_char((unsigned char)t[i]) || t[i] == '.'))
		i++;
	return i;
}

/* A mention anywhere in the file: the once-each list. */
static inline void file_mention(struct scan *s, uint64_t h)
{
	if (lex_set_add(&s->seen_mention, h))
		vec_push(&s->mentions, h);
}

/*
 * The directive whose `#` is at t[i], to the end of its line and of the
 * lines it continues; returns the offset of the newline that ends it, or len.
 */
static size_t scan_directive(struct scan *s, const struct lexer *lx, const char *t, size_t i,
			     size_t len)
{
	size_t at = i;

	directive_nesting(s, t, i, len, lx->depth);
	/* a directive: its names are mentions, its braces nothing */
	for (i++; i < len && t[i] != '\n'; i++) {
		if (lex_continues_line(t, i, len)) {
			i += t[i + 1] == '\n' ? 1 : 2;
			continue;
		}
		if (t[i] == '/' && i + 1 < len && t[i + 1] == '*') {
			const char *e = memmem(t + i + 2, len - i - 2, "*/", 2);

			i = e ? (size_t)(e - t) + 1 : len;
			continue;
		}
		if (ident_start((unsigned char)t[i]) && !ident_char((unsigned char)t[i - 1])) {
			size_t b = i;

			while (i + 1 < len && ident_char((unsigned char)t[i + 1]))
				i++;
			file_mention(s, lex_hash(t + b, i + 1 - b));
		}
	}
	if (lx->depth == 0) {
		struct text_span d = { (uint32_t)at, (uint32_t)(i < len ? i + 1 : len) };

		vec_push(&s->directives, d);
	}
	return i;
}

/* The first token of a declaration at file scope, at t[i]. */
static inline void item_open(struct scan *s, size_t i)
{
	s->in_item = true;
	s->item_open = (uint32_t)i;
	s->item_first_def = s->defs.n;
}

/* Whether the identifier w[0..n) starts with one of the prefixes: once one does, no more. */
static inline void note_prefix(struct lexer *lx, const char *w, size_t n)
{
	for (uint32_t k = 0; k < lx->nprefixes && !lx->prefix_hit; k++)
		lx->prefix_hit = n >= lx->prefix_len[k] &&
				 !memcmp(w, lx->prefixes[k], lx->prefix_len[k]);
}

/* A name, in each list open but the file's: the struct body's, function's, declaration's. */
static inline void record_name(struct scan *s, const struct lexer *lx, uint64_t h)
{
	if (s->open_types.n)
		vec_push(&s->refs, h);
	if (s->in_fn)
		fn_mention(s, h);
	if (lx->depth == 0 || s->is_typedef)
		vec_push(&s->decl, h);
}

/* In a typedef at file scope: is the identifier w[0..n) a name it declares? */
static inline void typedef_name(struct scan *s, const struct lexer *lx, uint64_t h, const char *w,
				size_t n)
{
	if (!s->is_typedef || lx->depth != 0 || c_keyword(w, n))
		return;
	if (lx->paren == 0)
		s->typedef_last = h;
	else if (lx->paren == 1 && lx->last_punct == '*' && !s->typedef_fp)
		s->typedef_fp = h;
}

/* An identifier outside parentheses at file scope: typedef, static, or the variable's name. */
static inline void declaration_word(struct scan *s, uint64_t h, const char *w, size_t n,
				    bool was_tag_kw)
{
	if (s->decl.n == 1 && is_word(w, n, "typedef"))
		s->is_typedef = true;
	if (!s->nfn_names && is_word(w, n, "static"))
		s->is_static = true;
	/* a tag names a type, not the variable */
	if (!s->assigned && !s->nfn_names && !was_tag_kw && !c_keyword(w, n))
		s->global_name = h;
}

/* The identifier (or keyword) starting at t[i]; returns past it. */
static inline size_t scan_identifier(struct scan *s, struct lexer *lx, const char *t, size_t i,
				     size_t len)
{
	size_t b = i, n;
	uint64_t h;
	bool was_tag_kw;

	while (i < len && ident_char((unsigned char)t[i]))
		i++;
	n = i - b;
	h = lex_hash(t + b, n);
	file_mention(s, h);
	note_prefix(lx, t + b, n);
	record_name(s, lx, h);
	was_tag_kw = lx->after_tag_kw;
	lx->tag = lx->after_tag_kw ? h : 0;
	lx->after_tag_kw = is_tag_keyword(t + b, n);
	typedef_name(s, lx, h, t + b, n);
	lx->last_punct = 0;
	if (lx->depth == 0 && lx->paren == 0)
		declaration_word(s, h, t + b, n, was_tag_kw);
	if (s->params_depth && lx->paren >= s->params_depth && idiom_is_user_word(t + b, n))
		s->user_params = true;
	lx->prev_id = h;
	lx->prev_s = t + b;
	lx->prev_n = n;
	return i;
}

/* A `(`: a call in braces, or at file scope a function's name or a declarator's paren. */
static inline void open_paren(struct scan *s, struct lexer *lx)
{
	if (lx->prev_id && lx->depth > 0 && !s->is_typedef) {
		if (s->in_fn) {
			if (lex_set_add(&s->fn_seen_call, lx->prev_id))
				vec_push(&s->fcalls, lx->prev_id);
		} else if (lex_set_add(&s->seen_ocall, lx->prev_id)) {
			vec_push(&s->ocalls, lx->prev_id);
		}
	} else if (lx->depth == 0 && lx->paren == 0 && !s->assigned) {
		if (lx->prev_id && !not_a_name(lx->prev_s, lx->prev_n)) {
			if (s->nfn_names < 4)
				s->fn_names[s->nfn_names++] = lx->prev_id;
			s->params_depth = 1;
			s->params_done = false;
		} else if (!lx->prev_id && !s->nfn_names) {
			/* `int (*fp)(void)`: not a plain variable */
			s->declarator_paren = true;
		}
	}
	lx->paren++;
}

/* A `)`: it may end the parameter list. */
static inline void close_paren(struct scan *s, struct lexer *lx)
{
	if (lx->paren)
		lx->paren--;
	if (lx->depth == 0 && s->params_depth && lx->paren + 1 == s->params_depth)
		s->params_done = true;
}

/* Is the brace at t[at] in column 0, outside any struct body? */
static inline bool brace_in_column0(const struct scan *s, const char *t, size_t at)
{
	return at >= 1 && t[at - 1] == '\n' && !s->open_types.n;
}

/* The `{` of a struct, union or enum body: a tag def, for the names the body mentions. */
static inline void type_body_open(struct scan *s, const struct lexer *lx)
{
	/* `struct a { ... } b;`: only what follows the body is a variable */
	if (lx->depth == 0)
		s->global_name = 0;
	vec_push(&s->open_types, s->defs.n);
	vec_push(&s->open_depths, lx->depth);
	add_def(s, lx->tag ? lx->tag : 0, LEX_TAG, s->refs.n, 0, false);
}

/* The `{` at t[at] of a function body: a def for each of the declaration's candidate names. */
static inline void fn_body_open(struct scan *s, size_t at)
{
	uint32_t first = s->defs.n;

	for (uint32_t k = 0; k < s->nfn_names; k++)
		add_def(s, s->fn_names[k], LEX_FUNC, 0, 0, s->user_params);
	fn_open(s, first, s->nfn_names, at);
	end_declaration(s);
}

/* A `{` at t[at]. */
static inline void open_brace(struct scan *s, struct lexer *lx, const char *t, size_t at)
{
	/* kernel style: a body's brace in column 0 is at file scope */
	if (brace_in_column0(s, t, at)) {
		s->items_lost |= lx->depth != 0;
		lx->depth = 0, lx->paren = 0;
		fn_close(s, 0);
	}
	if (lx->tag || lx->after_tag_kw)
		type_body_open(s, lx);
	else if (lx->depth == 0 && s->nfn_names && s->params_done && !s->assigned &&
		 !s->is_typedef)
		fn_body_open(s, at);
	lx->depth++;
}

/* The struct bodies the brace depth has left: each tag def gets the names its body mentioned. */
static inline void type_bodies_close(struct scan *s, uint32_t depth)
{
	while (s->open_types.n && s->open_depths.v[s->open_depths.n - 1] >= depth) {
		struct lex_def *d = &s->defs.v[s->open_types.v[--s->open_types.n]];

		s->open_depths.n--;
		d->nrefs = s->refs.n - d->refs_start;
	}
}

/* A `}` at t[at]. */
static inline void close_brace(struct scan *s, struct lexer *lx, const char *t, size_t at)
{
	/* a body closes where its braces balance, not where column 0 forces it */
	bool balanced = lx->depth == 1;

	if (lx->depth)
		lx->depth--;
	if (brace_in_column0(s, t, at)) {
		s->items_lost |= lx->depth != 0;
		lx->depth = 0;
	}
	if (lx->depth == 0 && s->in_fn) {
		fn_close(s, balanced ? at : 0);
		item_close(s, at + 1);
	}
	type_bodies_close(s, lx->depth);
	if (lx->depth == 0 && !s->is_typedef && !s->global_name && !s->assigned)
		end_declaration(s);
}

/* An `=` at t[at] (not `==`): a variable at file scope with an initialiser. */
static inline void assign(struct scan *s, const struct lexer *lx, const char *t, size_t at,
			  size_t len)
{
	if (lx->depth == 0 && lx->paren == 0 && at + 1 < len && t[at + 1] != '=') {
		if (s->global_name && !s->nfn_names && !s->is_typedef)
			s->assigned = true;
	}
}

/* A `;` at t[at]: at file scope, the end of a declaration. */
static inline void semicolon(struct scan *s, const struct lexer *lx, size_t at)
{
	if (lx->depth == 0 && lx->paren == 0) {
		if (s->nfn_names && !s->is_typedef)	/* a prototype or a macro call */
			end_declaration(s);
		else
			declarator_end(s, true);
		item_close(s, at + 1);
	}
}

/* Any other character, c at t[at]: punctuation, and what the brackets and separators do. */
static inline void scan_punct(struct scan *s, struct lexer *lx, const char *t, size_t at,
			      size_t len, unsigned char c)
{
	lx->last_punct = c;
	switch (c) {
	case '(':
		open_paren(s, lx);
		break;
	case ')':
		close_paren(s, lx);
		break;
	case '{':
		open_brace(s, lx, t, at);
		break;
	case '}':
		close_brace(s, lx, t, at);
		break;
	case '=':
		assign(s, lx, t, at, len);
		break;
	case ',':
		if (lx->depth == 0 && lx->paren == 0)
			declarator_end(s, false);
		break;
	case ';':
		semicolon(s, lx, at);
		break;
	default:
		break;
	}
	lx->prev_id = 0;
	lx->tag = 0;
	lx->after_tag_kw = false;
}

/* drop anonymous struct defs: nothing can name them */
static void drop_anonymous_defs(struct scan *s)
{
	uint32_t k = 0;

	for (uint32_t d = 0; d < s->defs.n; d++)
		if (s->defs.v[d].name)
			s->defs.v[k++] = s->defs.v[d];
	s->defs.n = k;
}

/* Hand the facts the scan gathered to out, and free the rest. */
static void scan_finish(struct scan *s, struct lexer *lx, struct lex_facts *out)
{
	out->prefix_hit = lx->prefix_hit;
	out->mentions = s->mentions.v;
	out->nmentions = s->mentions.n;
	out->defs = s->defs.v;
	out->ndefs = s->defs.n;
	out->refs = s->refs.v;
	out->nrefs = s->refs.n;
	out->fmentions = s->fmentions.v;
	out->nfmentions = s->fmentions.n;
	out->fcalls = s->fcalls.v;
	out->nfcalls = s->fcalls.n;
	out->ocalls = s->ocalls.v;
	out->nocalls = s->ocalls.n;
	out->directives = s->directives.v;
	out->ndirectives = s->directives.n;
	out->items_ok = !s->items_lost && !s->if_depths.n && lx->depth == 0;
	vec_free(&s->if_depths);
	free(lx->prefix_len);
	lex_set_free(&s->seen_ocall);
	vec_free(&s->decl);
	vec_free(&s->open_types);
	vec_free(&s->open_depths);
	lex_set_free(&s->seen_mention);
}

void lex_scan(const char *t, size_t len, const char *const *prefixes, uint32_t nprefixes,
	      struct lex_facts *out)
{
	struct scan s = {0};
	struct lexer lx = { .prefixes = prefixes, .nprefixes = nprefixes };
	size_t i = 0;
	bool line_start = true;

	memset(out, 0, sizeof(*out));
	lx.prefix_len = nprefixes ? xmalloc(sizeof(size_t) * nprefixes) : NULL;
	for (uint32_t k = 0; k < nprefixes; k++)
		lx.prefix_len[k] = strlen(prefixes[k]);
	while (i < len) {
		unsigned char c = (unsigned char)t[i];

		if (c == '\n') {
			line_start = true;
			i++;
			continue;
		}
		if (is_blank(c)) {
			i++;
			continue;
		}
		if (c == '/' && i + 1 < len && (t[i + 1] == '*' || t[i + 1] == '/')) {
			i = skip_comment(t, i, len);
			continue;
		}
		if (line_start && c == '#') {
			i = scan_directive(&s, &lx, t, i, len);
			continue;
		}
		line_start = false;
		if (lx.depth == 0 && !s.in_item)
			item_open(&s, i);
		if (c == '"' || c == '\'') {
			i = skip_literal(t, i, len);
			lx.prev_id = 0;
			continue;
		}
		if (c >= '0' && c <= '9') {
			i = skip_number(t, i, len);
			lx.prev_id = 0;
			continue;
		}
		if (ident_start(c)) {
			i = scan_identifier(&s, &lx, t, i, len);
			continue;
		}
		scan_punct(&s, &lx, t, i, len, c);
		i++;
	}
	fn_close(&s, 0);
	drop_anonymous_defs(&s);
	scan_finish(&s, &lx, out);
}

void lex_facts_free(struct lex_facts *f)
{
	free(f->mentions);
	free(f->defs);
	free(f->refs);
	free(f->fmentions);
	free(f->fcalls);
	free(f->ocalls);
	free(f->directives);
	memset(f, 0, sizeof(*f));
}
