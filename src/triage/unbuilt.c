#include "triage/unbuilt.h"
#include "base/symmap.h"
#include "base/util.h"
#include "input/build_words.h"
#include "profile/idioms.h"
#include "rules/rule.h"
#include "ir/unit.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unbuilt {
	const struct index *idx;
	/*
	 * build_word_key() of each name some source #defines, sorted, each
	 * once: some 3 million #defines in the kernel, 4 bytes each here
	 * against 16 to 32 in a hash map (and 1.5 times that while it grew),
	 * at the run's peak.  Asked only of a condition's names.
	 */
	sym_t *defined;
	uint32_t ndefined;
	struct build_words build;
	struct symmap uncalled;		/* function id + 1 -> 1: nothing calls it */
	bool active;			/* the run's evidence is whole */
};

static sym_t name_key(const char *s, size_t n)
{
	return build_word_key(macro_name_hash(s, n));
}

/* --- not built: the #if arms a switch nothing turns on keeps out ---------- */

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The line at byte i starts (after blanks) with '#': a directive. */
static bool directive_line(const char *t, uint32_t i)
{
	while (i > 0 && t[i - 1] != '\n')
		i--;
	while (t[i] == ' ' || t[i] == '\t')
		i++;
	return t[i] == '#';
}

/*
 * Does the file use name in its code, not only in directives and
 * comments?  A macro a system header defines (O_DIRECT) is tested and
 * used as a value; a switch is only tested.  A comment is judged by its
 * line only (a `//` before the name, a line opening with `*` or `/ *`):
 * what is missed counts as a use, which errs towards built.
 */
static bool used_in_code(const char *t, uint32_t len, const char *name, size_t n)
{
	for (const char *p = t; (p = strstr(p, name)) != NULL; p += n) {
		uint32_t i = (uint32_t)(p - t), b = i;

		if ((i > 0 && ident_char(t[i - 1])) || (i + n < len && ident_char(t[i + n])))
			continue;
		if (directive_line(t, i))
			continue;
		while (b > 0 && t[b - 1] != '\n')
			b--;
		while (t[b] == ' ' || t[b] == '\t')
			b++;
		if (t[b] == '*' || (t[b] == '/' && t[b + 1] == '*'))
			continue;
		for (uint32_t k = b; k + 1 < i; k++)
			if (t[k] == '/' && t[k + 1] == '/')
				goto next;
		return true;
next:;
	}
	return false;
}

static bool is_defined(const struct unbuilt *u, sym_t key)
{
	uint32_t lo = 0, hi = u->ndefined;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (u->defined[mid] == key)
			return true;
		if (u->defined[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/*
 * Is name a switch nothing in the tree turns on?  See unbuilt.h.  name
 * is NUL-terminated.
 */
static bool off_switch(const struct unbuilt *u, const struct source *s, const char *name)
{
	size_t n = strlen(name);
	bool capital = false;

	/* CONFIG_*: set by a configuration (Kconfig and its kin), not by a #define */
	if (!n || name[0] == '_' || isdigit((unsigned char)name[0]) || str_starts(name, "CONFIG_"))
		return false;
	for (size_t i = 0; i < n; i++)
		capital |= isupper((unsigned char)name[i]) != 0;
	if (!capital || is_defined(u, name_key(name, n)) ||
	    build_words_name(&u->build, name, n))
		return false;
	return !used_in_code(s->text, s->len, name, n);
}

/* The names one file's conditions asked about, with the answers: one scan of its text each. */
struct memo_entry {
	sym_t name;
	bool off;
};

struct scan {
	const struct unbuilt *u;
	const struct source *s;
	VEC(struct memo_entry) memo;
};

static bool off_switch_memo(struct scan *sc, sym_t name)
{
	bool off;

	for (uint32_t k = 0; k < sc->memo.n; k++)
		if (sc->memo.v[k].name == name)
			return sc->memo.v[k].off;
	off = off_switch(sc->u, sc->s, sym_str(name));
	vec_push(&sc->memo, ((struct memo_entry){ name, off }));
	return off;
}

enum truth { T_UNKNOWN, T_FALSE, T_TRUE };

struct verdict {
	enum truth v;
	sym_t name;		/* the switch that decides it */
};

static const char *skip_blanks(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* [p, e) without blanks and one pair of parentheses around all of it */
static void trim(const char **p, const char **e)
{
	*p = skip_blanks(*p, *e);
	while (*e > *p && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
	if (*e - *p >= 2 && **p == '(' && (*e)[-1] == ')') {
		int depth = 0;

		for (const char *q = *p; q < *e; q++) {
			depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
			if (!depth && q + 1 < *e)
				return;	/* (a) && (b): not one pair */
		}
		(*p)++;
		(*e)--;
		trim(p, e);
	}
}

/* An identifier that is all of [p, e): its symbol, else 0. */
static sym_t ident_of(const char *p, const char *e)
{
	if (p >= e || !(isalpha((unsigned char)*p) || *p == '_'))
		return 0;
	for (const char *q = p; q < e; q++)
		if (!ident_char(*q))
			return 0;
	return intern_n(p, (size_t)(e - p));
}

/* One term: defined(M), defined M, M, !..., 0, 1. */
static struct verdict term(struct scan *sc, const char *p, const char *e)
{
	struct verdict r = { T_UNKNOWN, 0 };
	sym_t m;

	trim(&p, &e);
	if (p < e && *p == '!') {
		r = term(sc, p + 1, e);
		r.v = r.v == T_FALSE ? T_TRUE : r.v == T_TRUE ? T_FALSE : T_UNKNOWN;
		/* !M with M defined somewhere says nothing */
		return r;
	}
	if (e - p == 1 && (*p == '0' || *p == '1'))
		return (struct verdict){ *p == '1' ? T_TRUE : T_UNKNOWN, 0 };
	if (e - p > 7 && !memcmp(p, "defined", 7) && !ident_char(p[7])) {
		p += 7;
		trim(&p, &e);
	}
	m = ident_of(p, e);
	if (m && off_switch_memo(sc, m))
		r = (struct verdict){ T_FALSE, m };
	return r;
}

/*
 * The truth of an #if condition in [p, e): terms joined all by && or all
 * by || (a mix is unknown).
 */
static struct verdict condition(struct scan *sc, const char *p, const char *e)
{
	bool and = false, or = false;
	struct verdict r, t;
	const char *q = p;

	for (const char *k = p; k + 1 < e; k++) {
		and |= k[0] == '&' && k[1] == '&';
		or |= k[0] == '|' && k[1] == '|';
	}
	if (and && or)
		return (struct verdict){ T_UNKNOWN, 0 };
	if (!and && !or)
		return term(sc, p, e);
	r = (struct verdict){ and ? T_TRUE : T_FALSE, 0 };
	for (const char *k = p;; k++) {
		if (k + 1 < e && k[0] == k[1] && (k[0] == '&' || k[0] == '|')) {
			/* a parenthesised part holding the operator is one unknown term */
			t = term(sc, q, k);
			k++;
			q = k + 1;
		} else if (k >= e) {
			t = term(sc, q, e);
		} else {
			continue;
		}
		if (and && t.v == T_FALSE && r.v != T_FALSE)
			r = t;
		else if (and && t.v == T_UNKNOWN && r.v == T_TRUE)
			r.v = T_UNKNOWN;
		else if (or && t.v == T_TRUE)
			r = t;
		else if (or && t.v == T_UNKNOWN && r.v == T_FALSE)
			r.v = T_UNKNOWN;
		else if (or && t.v == T_FALSE && r.v == T_FALSE && !r.name)
			r.name = t.name;
		if (k >= e)
			break;
	}
	return r;
}

/* One open conditional: its current arm, and whether an earlier one is surely taken. */
struct frame {
	struct verdict arm;
	bool taken;
};

/*
 * The line [from, to) of a directive, continuation lines joined, a
 * comment read as a blank (`#if defined(A)`, a comment, `|| defined(B)` is both
 * tests), a `//` comment its end.  *cut: the text did not fit in buf, and
 * a name at its end may be cut short.
 */
static size_t directive_text(const char *t, uint32_t from, uint32_t len, char *buf, size_t cap,
			     uint32_t *end, uint32_t *lines, bool *cut)
{
	size_t n = 0;
	uint32_t i = from;

	*lines = 1;
	*cut = false;
	while (i < len && t[i] != '\n') {
		if (t[i] == '\\' && (t[i + 1] == '\n' || (t[i + 1] == '\r' && t[i + 2] == '\n'))) {
			i += t[i + 1] == '\r' ? 3 : 2;
			(*lines)++;
			continue;
		}
		if (t[i] == '/' && t[i + 1] == '/')
			break;
		if (t[i] == '/' && t[i + 1] == '*') {
			/* a comment closed on this line is a blank; one left open ends it */
			uint32_t k = i + 2;

			while (k + 1 < len && t[k] != '\n' && !(t[k] == '*' && t[k + 1] == '/'))
				k++;
			if (k + 1 >= len || t[k] != '*')
				break;
			i = k + 2;
			if (n + 1 < cap)
				buf[n++] = ' ';
			continue;
		}
		if (n + 1 < cap)
			buf[n++] = t[i] == '\r' ? ' ' : t[i];
		else
			*cut = true;
		i++;
	}
	buf[n] = '\0';
	/* the rest of the directive's lines (a comment may hold continuations) */
	while (i < len && t[i] != '\n') {
		if (t[i] == '\\' && t[i + 1] == '\n')
			(*lines)++, i++;
		i++;
	}
	*end = i;
	return n;
}

static bool word_is(const char *p, const char *e, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(e - p) >= n && !memcmp(p, w, n) && (p + n == e || !ident_char(p[n]));
}

static sym_t outermost_false(const struct frame *st, uint32_t depth)
{
	for (uint32_t k = 0; k < depth; k++)
		if (st[k].arm.v == T_FALSE)
			return st[k].arm.name;
	return 0;
}

static void close_region(struct unbuilt_cache *c, sym_t *open, uint32_t *from, uint32_t line)
{
	if (*open && line > *from)
		vec_push(&c->regions, ((struct unbuilt_region){ *from, line, *open }));
	*open = 0;
}

/* The file's regions not built, in line order. */
static void file_regions(const struct unbuilt *u, const struct source *s, struct unbuilt_cache *c)
{
	const char *t = s->text;
	uint32_t len = s->len, i = 0, line = 1, depth = 0, from = 0;
	struct frame st[64];
	bool in_comment = false;
	sym_t open = 0;
	char buf[1024];
	struct scan sc = { .u = u, .s = s };

	while (i < len) {
		uint32_t j = i;

		while (j < len && (t[j] == ' ' || t[j] == '\t'))
			j++;
		if (!in_comment && j < len && t[j] == '#') {
			uint32_t end, lines;
			const char *p, *e;
			bool cut;
			size_t n = directive_text(t, j + 1, len, buf, sizeof(buf), &end, &lines, &cut);
			sym_t was = outermost_false(st, depth < ARRAY_SIZE(st) ? depth : ARRAY_SIZE(st));
			sym_t now;

			p = skip_blanks(buf, buf + n);
			e = buf + n;
			if (word_is(p, e, "ifdef") || word_is(p, e, "ifndef") || word_is(p, e, "if")) {
				struct verdict v;
				bool ifdef = word_is(p, e, "ifdef"), ifndef = word_is(p, e, "ifndef");

				p += ifdef ? 5 : ifndef ? 6 : 2;
				v = cut ? (struct verdict){ T_UNKNOWN, 0 } : condition(&sc, p, e);
				if (ifndef)
					v.v = v.v == T_FALSE ? T_TRUE : T_UNKNOWN;
				if (depth < ARRAY_SIZE(st))
					st[depth] = (struct frame){ v, v.v == T_TRUE };
				depth++;
			} else if (word_is(p, e, "elif") || word_is(p, e, "elifdef") ||
				   word_is(p, e, "elifndef")) {
				struct verdict v = { T_UNKNOWN, 0 };

				if (cut)
					;
				else if (word_is(p, e, "elif"))
					v = condition(&sc, p + 4, e);
				else if (word_is(p, e, "elifdef"))
					v = condition(&sc, p + 7, e);
				if (depth && depth <= ARRAY_SIZE(st)) {
					struct frame *f = &st[depth - 1];

					/* after an arm surely taken, the rest are not; say nothing */
					f->arm = f->taken ? (struct verdict){ T_UNKNOWN, 0 } : v;
					f->taken |= v.v == T_TRUE;
				}
			} else if (word_is(p, e, "else")) {
				if (depth && depth <= ARRAY_SIZE(st)) {
					struct frame *f = &st[depth - 1];

					/* the #else of an arm surely taken: #ifndef M, M off */
					if (f->taken && f->arm.v == T_TRUE && f->arm.name)
						f->arm.v = T_FALSE;
					else
						f->arm = (struct verdict){ T_UNKNOWN, 0 };
				}
			} else if (word_is(p, e, "endif")) {
				if (depth)
					depth--;
			}
			now = outermost_false(st, depth < ARRAY_SIZE(st) ? depth : ARRAY_SIZE(st));
			if (now != was) {
				close_region(c, &open, &from, line);
				open = now;
				from = line;
			}
			i = end;
			line += lines - 1;
			if (n + 1 < sizeof(buf) && memmem(t + j, end - j, "/*", 2) &&
			    !memmem(t + j, end - j, "*/", 2))
				in_comment = true;
		} else {
			/* where a comment opens or closes on the line */
			for (i = j; i < len && t[i] != '\n'; i++) {
				if (in_comment) {
					if (t[i] == '*' && t[i + 1] == '/')
						in_comment = false, i++;
				} else if (t[i] == '/' && t[i + 1] == '*') {
					in_comment = true, i++;
				} else if (t[i] == '/' && t[i + 1] == '/') {
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
		}
		/* past the newline */
		i++;
		line++;
	}
	close_region(c, &open, &from, line);
	vec_free(&sc.memo);
}

static sym_t unbuilt_line(const struct unbuilt *u, struct unbuilt_cache *c,
			  struct text_cache *tc, sym_t file, uint32_t line)
{
	if (c->file != file) {
		struct source *s = text_cache_get(tc, file);

		c->file = file;
		c->regions.n = 0;
		if (s)
			file_regions(u, s, c);
	}
	for (uint32_t k = 0; k < c->regions.n; k++)
		if (c->regions.v[k].from <= line && line < c->regions.v[k].to)
			return c->regions.v[k].name;
	return 0;
}

/* --- no caller ------------------------------------------------------------ */

/* The function a finding is in: its name, file and lines; IR_NONE if unknown. */
static uint32_t finding_func(const struct index *idx, const struct finding *f)
{
	uint32_t steps = 0;

	if (!f->function)
		return IR_NONE;
	for (uint32_t g = symmap_get(&idx->fn_by_name, f->function, IR_NONE);
	     g != IR_NONE && steps++ < 4096; g = idx->fn_next[g]) {
		const struct ir_func *fn = idx->funcs[g];

		if (fn->file == f->file && fn->line <= f->line && f->line <= fn->end_line)
			return g;
	}
	return IR_NONE;
}

/*
 * Names watched for uses: the candidates (static functions with a
 * finding) and the macros that may call them.  Each name's entry: the
 * uses seen (calls outside code not built and outside the candidate's
 * own body count; any value use counts).
 */
struct watch {
	struct symmap at;		/* name -> index in names + 1 */
	VEC(struct watched {
		sym_t name;
		uint32_t uses;
		/* the macros that name it: forward to it or mention it in their body */
		VEC(sym_t) macros;
		uint32_t self;		/* a candidate: its function id, else IR_NONE */
	}) names;
};

static struct watched *watched(struct watch *w, sym_t name, bool add)
{
	uint32_t k = symmap_get(&w->at, name, 0);

	if (k)
		return &w->names.v[k - 1];
	if (!add)
		return NULL;
	vec_push(&w->names, ((struct watched){ .name = name, .self = IR_NONE }));
	symmap_put(&w->at, name, w->names.n);
	return &w->names.v[w->names.n - 1];
}

static void add_macro(struct watch *w, sym_t target, sym_t macro)
{
	struct watched *x;

	if (macro == target)
		return;
	x = watched(w, target, false);
	for (uint32_t k = 0; x && k < x->macros.n; k++)
		if (x->macros.v[k] == macro)
			return;
	vec_push(&x->macros, macro);
	watched(w, macro, true);
}

/* The `#define NAME` whose directive holds byte i, or 0. */
static sym_t macro_around(const char *t, uint32_t i)
{
	uint32_t b = i;
	const char *p;

	/* back to the line that opens the directive: continuation lines end in \ */
	for (;;) {
		while (b > 0 && t[b - 1] != '\n')
			b--;
		if (b >= 2 && t[b - 2] == '\\')
			b--;
		else if (b >= 3 && t[b - 2] == '\r' && t[b - 3] == '\\')
			b -= 2;
		else
			break;
	}
	p = t + b;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '#')
		return 0;
	for (p++; *p == ' ' || *p == '\t'; p++)
		;
	if (strncmp(p, "define", 6) || ident_char(p[6]))
		return 0;
	for (p += 6; *p == ' ' || *p == '\t'; p++)
		;
	{
		const char *q = p;

		while (ident_char(*q))
			q++;
		return q > p ? intern_n(p, (size_t)(q - p)) : 0;
	}
}

/* The function of the unit whose definition holds byte i, other than `self`; NULL if none. */
static const struct ir_func *in_function(const struct unit *un, uint32_t i,
					 const struct ir_func *self)
{
	for (uint32_t k = 0; un && k < un->nfuncs; k++) {
		const struct ir_func *fn = &un->funcs[k];

		if (fn->start_byte <= i && i < fn->end_byte && fn->name != self->name)
			return fn;
	}
	return NULL;
}

/*
 * Can a macro argument `T` at byte i paste name together (T##_show,
 * prefix_##T, prefix_##T##_read)?  T stands between `(` or `,` and `)`
 * or `,`, and is a part of name between `_`s: DEVICE_ATTR_RW(mode)
 * defines and names mode_show and mode_store.
 */
static bool pastes(const char *t, uint32_t len, uint32_t i, uint32_t n, const char *name,
		   size_t nn)
{
	uint32_t b = i, e = i + n;

	if (n < 2 || n >= nn)
		return false;
	while (b > 0 && (t[b - 1] == ' ' || t[b - 1] == '\t'))
		b--;
	while (e < len && (t[e] == ' ' || t[e] == '\t'))
		e++;
	if (!b || (t[b - 1] != '(' && t[b - 1] != ',') || e >= len || (t[e] != ')' && t[e] != ','))
		return false;
	for (size_t k = 0; k + n <= nn; k++)
		if (!memcmp(name + k, t + i, n) && (!k || name[k - 1] == '_') &&
		    (k + n == nn || name[k + n] == '_'))
			return true;
	return false;
}

/* The line of byte i starts in its first column: a declaration's, not a statement's. */
static bool line_starts_flush(const char *t, uint32_t i)
{
	while (i > 0 && t[i - 1] != '\n')
		i--;
	return t[i] != ' ' && t[i] != '\t';
}

static bool in_comment_line(const char *t, uint32_t i)
{
	uint32_t b = i;

	while (b > 0 && t[b - 1] != '\n')
		b--;
	while (t[b] == ' ' || t[b] == '\t')
		b++;
	if (t[b] == '*' || (t[b] == '/' && t[b + 1] == '*'))
		return true;
	for (; b + 1 < i; b++)
		if (t[b] == '/' && t[b + 1] == '/')
			return true;
	return false;
}

/*
 * The mentions of candidate fn's name in its own file, outside its own
 * definition: in a #define, that macro may call it; at file scope on a
 * line of its own (not indented), a declaration; a call from a function
 * fully parsed is an op of that function, counted there; anything else
 * -- a call in a body the parse lost, a value in a table, a name a macro
 * pastes together from an argument -- is a use.
 */
static void own_file(struct watch *w, struct watched *x, const struct ir_func *fn,
		     const struct unit *un, struct text_cache *tc)
{
	struct source *s = text_cache_get(tc, fn->file);
	const char *name = sym_str(fn->name), *t, *hit;
	size_t n = strlen(name);
	sym_t target = x->name;

	if (!s) {
		x->uses++;
		return;
	}
	t = s->text;
	/*
	 * A name pasted from a macro argument: an identifier right after `(`
	 * or `,`.  Only those can paste (pastes()), so the scan looks for the
	 * two characters rather than splitting the whole file into words
	 * for every candidate: the triage runs on one core, and this scan
	 * of each candidate's file was most of its time.
	 */
	for (uint32_t p = 0; p < s->len; p++) {
		uint32_t i, e;

		if (t[p] != '(' && t[p] != ',')
			continue;
		for (i = p + 1; i < s->len && (t[i] == ' ' || t[i] == '\t'); i++)
			;
		for (e = i; e < s->len && ident_char(t[e]); e++)
			;
		if (e == i || (e - i == n && !memcmp(t + i, name, n)))
			continue;
		if (pastes(t, s->len, i, e - i, name, n) && !in_comment_line(t, i))
			x->uses++;
	}
	/* the mentions of the name itself, as whole words */
	for (uint32_t i = 0; n && i + n <= s->len &&
			     (hit = memmem(t + i, s->len - i, name, n)) != NULL;) {
		const struct ir_func *in;
		uint32_t e;
		sym_t m;

		i = (uint32_t)(hit - t);
		e = i + (uint32_t)n;
		if ((i > 0 && ident_char(t[i - 1])) || (e < s->len && ident_char(t[e]))) {
			i++;
			continue;
		}
		if ((i >= fn->start_byte && i < fn->end_byte) || in_comment_line(t, i)) {
			i = e;
			continue;
		}
		if ((m = macro_around(t, i)) != 0) {
			add_macro(w, target, m);
			x = watched(w, target, false);	/* the vector may have moved */
			i = e;
			continue;
		}
		in = in_function(un, i, fn);
		if (in && !in->partial) {
			const char *q = t + e;

			while (*q == ' ' || *q == '\t')
				q++;
			if (*q != '(')
				x->uses++;
		} else {
			const char *q = t + e;

			while (*q == ' ' || *q == '\t')
				q++;
			/* a declaration: flush left, the name and its parameters */
			if (in || *q != '(' || !line_starts_flush(t, i))
				x->uses++;
		}
		i = e;
	}
}

/* The first unit of each path: looked up once per candidate, not by a scan of every unit. */
static const struct unit *unit_of(const struct index *idx, const struct symmap *by_path, sym_t file)
{
	uint32_t k = symmap_get(by_path, file, IR_NONE);

	return k == IR_NONE ? NULL : &idx->units[k];
}

/* Is the watched name used, itself or through a macro that is, depth macros deep? */
static bool used(struct watch *w, sym_t name, int depth)
{
	struct watched *x = watched(w, name, false);

	if (!x || x->uses)
		return true;
	for (uint32_t k = 0; k < x->macros.n; k++)
		if (depth <= 0 || used(w, x->macros.v[k], depth - 1))
			return true;
	return false;
}

/* A name in capitals: a macro that defines the function (UVERBS_HANDLER(x)). */
static bool macro_like(sym_t name)
{
	for (const char *p = sym_str(name); *p; p++)
		if (islower((unsigned char)*p))
			return false;
	return true;
}

static void find_uncalled(struct unbuilt *u, const struct finding_list *l)
{
	const struct index *idx = u->idx;
	struct watch w = {0};
	struct text_cache tc = {0};
	struct unbuilt_cache c = {0};
	uint32_t ncand;

	/* the candidates: static, never named as a value, no caller the index resolved */
	for (uint32_t i = 0; i < l->n; i++) {
		uint32_t id = finding_func(idx, l->v[i]);
		const struct ir_func *fn = id == IR_NONE ? NULL : idx->funcs[id];
		struct watched *x;
		uint32_t steps = 0;
		bool taken = false;

		if (!fn || !fn->is_static || fn->is_macro || watched(&w, fn->name, false) ||
		    idiom_lookup_sym(fn->name).kind != ID_NONE || macro_like(fn->name))
			continue;
		for (uint32_t g = symmap_get(&idx->fn_by_name, fn->name, IR_NONE);
		     g != IR_NONE && steps++ < 4096; g = idx->fn_next[g]) {
			const struct func_info *gi = &idx->info[g];

			taken |= gi->address_taken || gi->exported || idx->funcs[g]->exported ||
				 gi->callback_of || gi->slot;
		}
		if (taken)
			continue;
		x = watched(&w, fn->name, true);
		x->self = id;
	}
	ncand = w.names.n;
	/* macros that forward to a watched name, two levels */
	for (int round = 0; round < 2; round++)
		for (uint32_t k = 0; k < idx->nunits; k++)
			for (uint32_t m = 0; m < idx->units[k].nmacros; m++) {
				const struct macro_def *d = &idx->units[k].macros[m];

				if (d->forward && watched(&w, d->forward, false))
					add_macro(&w, d->forward, d->name);
			}
	/* in their own files: declarations, macros naming them, other uses */
	if (ncand) {
		struct symmap by_path = {0};

		for (uint32_t k = 0; k < idx->nunits; k++)
			if (idx->units[k].path)
				symmap_get_or_put(&by_path, idx->units[k].path, k);
		for (uint32_t k = 0; k < ncand; k++) {
			const struct ir_func *fn = idx->funcs[w.names.v[k].self];

			own_file(&w, &w.names.v[k], fn, unit_of(idx, &by_path, fn->file), &tc);
		}
		symmap_free(&by_path);
	}
	/* value uses at file scope by name (tables in files not resolved to it) */
	for (uint32_t k = 0; k < idx->nunits; k++)
		for (uint32_t r = 0; r < idx->units[k].nreferenced; r++) {
			struct watched *x = watched(&w, idx->units[k].referenced[r], false);

			if (x)
				x->uses++;
		}
	/* calls by name, outside the callee's own body and code not built */
	for (uint32_t id = 0; id < idx->nfuncs; id++) {
		const struct ir_func *f = idx->funcs[id];

		/*
		 * named as a value in a body (request_irq(irq, handler)), also
		 * where the name does not resolve: a .c file #included by another
		 */
		for (uint32_t p = 0; p < f->npaths; p++) {
			const struct ir_path *pa = &f->paths[p];
			struct watched *x;

			if (pa->base_kind == BASE_GLOBAL && !pa->chain && !pa->key &&
			    (x = watched(&w, pa->base, false)) != NULL)
				x->uses++;
		}

		for (uint32_t o = 0; o < f->nops; o++) {
			const struct ir_op *op = &f->ops[o];
			struct watched *x;

			if (op->kind != OP_CALL || !op->a || !(x = watched(&w, op->a, false)))
				continue;
			if (x->self == id || (x->self != IR_NONE && f->name == x->name))
				continue;
			if (unbuilt_line(u, &c, &tc, f->file, op->line))
				continue;
			x->uses++;
		}
	}
	for (uint32_t k = 0; k < ncand; k++) {
		const struct watched *x = &w.names.v[k];
		const struct func_info *fi = &idx->info[x->self];
		bool called = false;

		/* a resolved caller the name walk missed (a call rewritten as a lock) */
		for (uint32_t j = 0; j < fi->ncallers && !called; j++) {
			const struct call_site *cs = &idx->callers[fi->callers_start + j];
			const struct ir_func *cf = idx->funcs[cs->caller];

			called = cs->caller != x->self &&
				 !(cf->ops[cs->op].kind == OP_CALL && cf->ops[cs->op].a == x->name) &&
				 !unbuilt_line(u, &c, &tc, cf->file, cf->ops[cs->op].line);
		}
		if (!called && !used(&w, x->name, 3))
			symmap_put(&u->uncalled, x->self + 1, 1);
	}
	for (uint32_t k = 0; k < w.names.n; k++)
		vec_free(&w.names.v[k].macros);
	vec_free(&w.names);
	symmap_free(&w.at);
	unbuilt_cache_free(&c);
	text_cache_free(&tc);
}

/* --- the run ------------------------------------------------------------- */

struct words_job {
	struct build_words *w;
	const char *root, *scanned;
};

static void *read_build_words(void *arg)
{
	const struct words_job *j = arg;

	build_words_read(j->w, j->root, j->scanned);
	return NULL;
}

static int cmp_key(const void *a, const void *b)
{
	sym_t x = *(const sym_t *)a, y = *(const sym_t *)b;

	return x < y ? -1 : x > y;
}

/* u->defined: every name the units #define, sorted and each once. */
static void collect_defined(struct unbuilt *u)
{
	const struct index *idx = u->idx;
	size_t total = 0;
	uint32_t n = 0, w = 0;

	for (uint32_t k = 0; k < idx->nunits; k++)
		total += (size_t)idx->units[k].ndefines + idx->units[k].nmacros;
	u->defined = xmalloc(sizeof(*u->defined) * (total + 1));
	for (uint32_t k = 0; k < idx->nunits; k++) {
		const struct unit *un = &idx->units[k];

		for (uint32_t d = 0; d < un->ndefines; d++)
			if (!(un->defines[d] & 1u))
				u->defined[n++] = build_word_key(un->defines[d]);
		for (uint32_t m = 0; m < un->nmacros; m++) {
			const char *s = sym_str(un->macros[m].name);

			u->defined[n++] = name_key(s, strlen(s));
		}
	}
	sort_n(u->defined, n, sizeof(*u->defined), cmp_key);
	for (uint32_t i = 0; i < n; i++)
		if (!w || u->defined[w - 1] != u->defined[i])
			u->defined[w++] = u->defined[i];
	u->ndefined = w;
}

struct unbuilt *unbuilt_new(const struct index *idx, const struct finding_list *l,
			    const char *root, const struct options *o)
{
	struct unbuilt *u = xcalloc(1, sizeof(*u));
	const char *first;
	char *scanned;
	struct words_job j;
	pthread_t th;
	bool threaded;

	u->idx = idx;
	/* what a part of a tree does not #define, the rest of it may */
	if (!l->n || !o->whole_tree)
		return u;
	u->active = true;
	/* the directory the scanned files share */
	first = sym_str(idx->units[0].path);
	scanned = idx->root_len ? xstrndup(first, idx->root_len) : xstrdup(".");
	/*
	 * The build descriptions are read (a walk of the tree's directories)
	 * on a thread of their own while the definitions are gathered here:
	 * neither reads what the other fills.
	 */
	j = (struct words_job){ &u->build, root, scanned };
	threaded = pthread_create(&th, NULL, read_build_words, &j) == 0;
	if (!threaded)
		read_build_words(&j);
	collect_defined(u);
	if (threaded)
		pthread_join(th, NULL);
	free(scanned);
	find_uncalled(u, l);
	return u;
}

void unbuilt_free(struct unbuilt *u)
{
	if (!u)
		return;
	free(u->defined);
	symmap_free(&u->uncalled);
	build_words_free(&u->build);
	free(u);
}

void unbuilt_cache_free(struct unbuilt_cache *c)
{
	vec_free(&c->regions);
	c->file = 0;
}

void unbuilt_doubt(const struct unbuilt *u, struct unbuilt_cache *c, struct text_cache *tc,
		   struct finding *f)
{
	sym_t m;
	uint32_t id;

	if (!u->active)
		return;
	m = unbuilt_line(u, c, tc, f->file, f->line);
	if (m) {
		char why[256];

		snprintf(why, sizeof(why),
			 "in code built only when %s is defined, which nothing in the tree defines",
			 sym_str(m));
		finding_doubt(f, why);
		return;
	}
	/*
	 * A rule that starts from an entry point's shared memory takes a
	 * function nothing calls for the entry (a system call a macro
	 * registers): no doubt there.
	 */
	if (f->rule->from_shared_sources)
		return;
	id = finding_func(u->idx, f);
	if (id != IR_NONE && symmap_get(&u->uncalled, id + 1, 0))
		finding_doubt(f, "in a static function nothing in the tree calls");
}
