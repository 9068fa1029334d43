#include "input/lexscan.h"
#include "base/util.h"

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

/* Names that look like a function's but are not: `__attribute__((x)) int f(...)`. */
static bool not_a_name(const char *s, size_t n)
{
	static const char *const words[] = {
		"__attribute__", "__attribute", "__declspec", "asm", "__asm__", "__asm",
		"typeof", "__typeof__", "__typeof", "_Alignas", "alignas", "__aligned",
		"_Static_assert", "static_assert", "sizeof", "if", "while", "for", "switch",
		"return",
	};

	for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && !memcmp(words[i], s, n))
			return true;
	return false;
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

void lex_scan(const char *t, size_t len, const char *const *prefixes, uint32_t nprefixes,
	      struct lex_facts *out)
{
	struct scan s = {0};
	uint32_t depth = 0, paren = 0;
	size_t i = 0;
	bool line_start = true;
	/* the previous token: an identifier (its hash and span), or not */
	uint64_t prev_id = 0;
	const char *prev_s = NULL;
	size_t prev_n = 0;
	/* `struct NAME` just seen: NAME's hash, until the next token */
	uint64_t tag = 0;
	unsigned char last_punct = 0;
	bool after_tag_kw = false, was_tag_kw;
	size_t *prefix_len = nprefixes ? xmalloc(sizeof(size_t) * nprefixes) : NULL;

	memset(out, 0, sizeof(*out));
	for (uint32_t k = 0; k < nprefixes; k++)
		prefix_len[k] = strlen(prefixes[k]);
	while (i < len) {
		unsigned char c = (unsigned char)t[i];

		if (c == '\n') {
			line_start = true;
			i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			i++;
			continue;
		}
		if (c == '/' && i + 1 < len && t[i + 1] == '*') {
			const char *e = memmem(t + i + 2, len - i - 2, "*/", 2);

			i = e ? (size_t)(e - t) + 2 : len;
			continue;
		}
		if (c == '/' && i + 1 < len && t[i + 1] == '/') {
			const char *e = memchr(t + i, '\n', len - i);

			i = e ? (size_t)(e - t) : len;
			continue;
		}
		if (line_start && c == '#') {
			size_t at = i;

			directive_nesting(&s, t, i, len, depth);
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
					{
						uint64_t h = lex_hash(t + b, i + 1 - b);

						if (lex_set_add(&s.seen_mention, h))
							vec_push(&s.mentions, h);
					}
				}
			}
			if (depth == 0) {
				struct text_span d = { (uint32_t)at, (uint32_t)(i < len ? i + 1 : len) };

				vec_push(&s.directives, d);
			}
			continue;
		}
		line_start = false;
		if (depth == 0 && !s.in_item) {
			s.in_item = true;
			s.item_open = (uint32_t)i;
			s.item_first_def = s.defs.n;
		}
		if (c == '"' || c == '\'') {
			i = skip_literal(t, i, len);
			prev_id = 0;
			continue;
		}
		if (c >= '0' && c <= '9') {
			while (i < len && (ident_char((unsigned char)t[i]) || t[i] == '.'))
				i++;
			prev_id = 0;
			continue;
		}
		if (ident_start(c)) {
			size_t b = i;
			uint64_t h;

			while (i < len && ident_char((unsigned char)t[i]))
				i++;
			h = lex_hash(t + b, i - b);
			if (lex_set_add(&s.seen_mention, h))
				vec_push(&s.mentions, h);
			for (uint32_t k = 0; k < nprefixes && !out->prefix_hit; k++)
				out->prefix_hit = i - b >= prefix_len[k] &&
						  !memcmp(t + b, prefixes[k], prefix_len[k]);
			if (s.open_types.n)
				vec_push(&s.refs, h);
			if (s.in_fn)
				fn_mention(&s, h);
			if (depth == 0 || s.is_typedef)
				vec_push(&s.decl, h);
			was_tag_kw = after_tag_kw;
			tag = after_tag_kw ? h : 0;
			after_tag_kw = is_tag_keyword(t + b, i - b);
			if (s.is_typedef && depth == 0 && !c_keyword(t + b, i - b)) {
				if (paren == 0)
					s.typedef_last = h;
				else if (paren == 1 && last_punct == '*' && !s.typedef_fp)
					s.typedef_fp = h;
			}
			last_punct = 0;
			if (depth == 0 && paren == 0) {
				if (s.decl.n == 1 && is_word(t + b, i - b, "typedef"))
					s.is_typedef = true;
				if (!s.nfn_names && is_word(t + b, i - b, "static"))
					s.is_static = true;
				/* a tag names a type, not the variable */
				if (!s.assigned && !s.nfn_names && !was_tag_kw && !c_keyword(t + b, i - b))
					s.global_name = h;
			}
			if (s.params_depth && paren >= s.params_depth && is_word(t + b, i - b, "__user"))
				s.user_params = true;
			prev_id = h;
			prev_s = t + b;
			prev_n = i - b;
			continue;
		}
		i++;
		last_punct = c;
		switch (c) {
		case '(':
			if (prev_id && depth > 0 && !s.is_typedef) {
				if (s.in_fn) {
					if (lex_set_add(&s.fn_seen_call, prev_id))
						vec_push(&s.fcalls, prev_id);
				} else if (lex_set_add(&s.seen_ocall, prev_id)) {
					vec_push(&s.ocalls, prev_id);
				}
			} else if (depth == 0 && paren == 0 && !s.assigned) {
				if (prev_id && !not_a_name(prev_s, prev_n)) {
					if (s.nfn_names < 4)
						s.fn_names[s.nfn_names++] = prev_id;
					s.params_depth = 1;
					s.params_done = false;
				} else if (!prev_id && !s.nfn_names) {
					/* `int (*fp)(void)`: not a plain variable */
					s.declarator_paren = true;
				}
			}
			paren++;
			break;
		case ')':
			if (paren)
				paren--;
			if (depth == 0 && s.params_depth && paren + 1 == s.params_depth)
				s.params_done = true;
			break;
		case '{':
			/* kernel style: a body's brace in column 0 is at file scope */
			if (i >= 2 && t[i - 2] == '\n' && !s.open_types.n) {
				s.items_lost |= depth != 0;
				depth = 0, paren = 0;
				fn_close(&s, 0);
			}
			if (tag || after_tag_kw) {
				/* `struct a { ... } b;`: only what follows the body is a variable */
				if (depth == 0)
					s.global_name = 0;
				vec_push(&s.open_types, s.defs.n);
				vec_push(&s.open_depths, depth);
				add_def(&s, tag ? tag : 0, LEX_TAG, s.refs.n, 0, false);
			} else if (depth == 0 && s.nfn_names && s.params_done && !s.assigned &&
				   !s.is_typedef) {
				uint32_t first = s.defs.n;

				for (uint32_t k = 0; k < s.nfn_names; k++)
					add_def(&s, s.fn_names[k], LEX_FUNC, 0, 0, s.user_params);
				fn_open(&s, first, s.nfn_names, i - 1);
				end_declaration(&s);
			}
			depth++;
			break;
		case '}': {
			/* a body closes where its braces balance, not where column 0 forces it */
			bool balanced = depth == 1;

			if (depth)
				depth--;
			if (i >= 2 && t[i - 2] == '\n' && !s.open_types.n) {
				s.items_lost |= depth != 0;
				depth = 0;
			}
			if (depth == 0 && s.in_fn) {
				fn_close(&s, balanced ? i - 1 : 0);
				item_close(&s, i);
			}
			while (s.open_types.n && s.open_depths.v[s.open_depths.n - 1] >= depth) {
				struct lex_def *d = &s.defs.v[s.open_types.v[--s.open_types.n]];

				s.open_depths.n--;
				d->nrefs = s.refs.n - d->refs_start;
			}
			if (depth == 0 && !s.is_typedef && !s.global_name && !s.assigned)
				end_declaration(&s);
			break;
		}
		case '=':
			if (depth == 0 && paren == 0 && i < len && t[i] != '=') {
				if (s.global_name && !s.nfn_names && !s.is_typedef)
					s.assigned = true;
			}
			break;
		case ',':
			if (depth == 0 && paren == 0)
				declarator_end(&s, false);
			break;
		case ';':
			if (depth == 0 && paren == 0) {
				if (s.nfn_names && !s.is_typedef)	/* a prototype or a macro call */
					end_declaration(&s);
				else
					declarator_end(&s, true);
				item_close(&s, i);
			}
			break;
		default:
			break;
		}
		prev_id = 0;
		tag = 0;
		after_tag_kw = false;
	}
	fn_close(&s, 0);
	/* drop anonymous struct defs: nothing can name them */
	{
		uint32_t k = 0;

		for (uint32_t d = 0; d < s.defs.n; d++)
			if (s.defs.v[d].name)
				s.defs.v[k++] = s.defs.v[d];
		s.defs.n = k;
	}
	out->mentions = s.mentions.v;
	out->nmentions = s.mentions.n;
	out->defs = s.defs.v;
	out->ndefs = s.defs.n;
	out->refs = s.refs.v;
	out->nrefs = s.refs.n;
	out->fmentions = s.fmentions.v;
	out->nfmentions = s.fmentions.n;
	out->fcalls = s.fcalls.v;
	out->nfcalls = s.fcalls.n;
	out->ocalls = s.ocalls.v;
	out->nocalls = s.ocalls.n;
	out->directives = s.directives.v;
	out->ndirectives = s.directives.n;
	out->items_ok = !s.items_lost && !s.if_depths.n && depth == 0;
	vec_free(&s.if_depths);
	free(prefix_len);
	lex_set_free(&s.seen_ocall);
	vec_free(&s.decl);
	vec_free(&s.open_types);
	vec_free(&s.open_depths);
	lex_set_free(&s.seen_mention);
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
