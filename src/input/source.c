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

/*
 * Annotation macros of the Linux kernel and of firmware trees that expand
 * to attributes or to nothing.  The grammar sees unknown identifiers in
 * declaration heads and stops making sense of the declaration; blanking
 * them turns most ERROR nodes of real trees into clean parses.  A name
 * followed by "(" loses its argument list too.  Sorted for bsearch.
 */
static const char *const annotation_names[] = {
	"____cacheline_aligned",
	"____cacheline_aligned_in_smp",
	"____cacheline_internodealigned_in_smp",
	"__acquires",
	"__aligned",
	"__alloc_size",
	"__always_inline",
	"__always_unused",
	"__assume_aligned",
	"__attribute_const__",
	"__bitwise",
	"__bpf_kfunc",
	"__cacheline_aligned",
	"__cacheline_aligned_in_smp",
	"__cleanup",
	"__cold",
	"__cond_acquires",
	"__cond_releases",
	"__counted_by",
	"__counted_by_be",
	"__counted_by_le",
	"__cpuinit",
	"__designated_init",
	"__devexit",
	"__devinit",
	"__exit",
	"__exitdata",
	"__fix_address",
	"__flatten",
	"__force",
	"__free",
	"__head",
	"__hot",
	"__init",
	"__init_memblock",
	"__init_or_module",
	"__initconst",
	"__initdata",
	"__initdata_memblock",
	"__iomem",
	"__irq_entry",
	"__kernel",
	"__kprobes",
	"__latent_entropy",
	"__lockfunc",
	"__malloc",
	"__maybe_unused",
	"__meminit",
	"__meminitdata",
	"__must_check",
	"__must_hold",
	"__naked",
	"__net_exit",
	"__net_init",
	"__net_initdata",
	"__no_kcsan",
	"__no_profile",
	"__no_randomize_layout",
	"__no_sanitize_address",
	"__no_sanitize_thread",
	"__no_sanitize_undefined",
	"__no_stack_protector",
	"__nocast",
	"__nocfi",
	"__noclone",
	"__noinstr",
	"__nonstring",
	"__noreturn",
	"__noscs",
	"__nostackprotector",
	"__packed",
	"__page_aligned_bss",
	"__page_aligned_data",
	"__percpu",
	"__printf",
	"__private",
	"__pure",
	"__randomize_layout",
	"__rcu",
	"__read_mostly",
	"__ref",
	"__refdata",
	"__releases",
	"__ro_after_init",
	"__safe",
	"__scanf",
	"__sched",
	"__section",
	"__softirq_entry",
	"__unused",
	"__used",
	"__user",
	"__visible",
	"__weak",
	"asmlinkage",
	"fastcall",
	"noinline",
	"noinstr",
	"notrace",
};

static int cmp_name(const void *key, const void *elem)
{
	const char *k = key;
	const char *e = *(const char *const *)elem;

	return strcmp(k, e);
}

static bool is_annotation(const char *s, size_t n)
{
	char buf[64];

	if (n >= sizeof(buf))
		return false;
	/* every name in the table starts with "__", "a", "f" or "n" */
	if (s[0] == '_' ? n < 2 || s[1] != '_' : s[0] != 'a' && s[0] != 'f' && s[0] != 'n')
		return idiom_is_declared_annotation(s, n);
	memcpy(buf, s, n);
	buf[n] = '\0';
	return bsearch(buf, annotation_names, ARRAY_SIZE(annotation_names),
		       sizeof(annotation_names[0]), cmp_name) != NULL ||
	       idiom_is_declared_annotation(s, n);
}

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

/*
 * The template of an asm statement pasted together from macros and
 * strings -- asm volatile("1: " __stringify(LL) " %0, %1\n" SYNC_STR ...)
 * -- which the grammar takes only as string literals: each macro name, and
 * its argument list, becomes an empty string "" and blanks, so the
 * statement parses as the asm it is and its operands (what it loads and
 * stores itself) are read as such.  t[s..i) is the asm keyword; returns
 * where the scan goes on (the template's end, or i).
 */
static size_t prepare_asm_template(char *t, size_t s, size_t i, size_t len)
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
				 bool in_directive)
{
	const char *o = src->text;
	size_t name_at;
	uint32_t targs;

	if (!in_directive && (t[s] == 'a' || t[s] == '_')) {
		size_t after = prepare_asm_template(t, s, i, len);

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
	} else if (is_annotation(t + s, i - s)) {
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

static void prepare_parse_text(struct source *src)
{
	const char *o = src->text;
	char *t = src->parse_text;
	size_t len = src->len, i = 0;
	bool line_start = true, in_directive = false;
	struct do_blocks dos = { .n = 0 };

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
				i = prepare_identifier(src, t, s, i, len, in_directive);
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
