#include "frontend/macro_body.h"
#include "base/intern.h"
#include "frontend/lower_internal.h"
#include "profile/idioms.h"

#include <stdbool.h>
#include <string.h>

static bool word_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_';
}

static bool is_param(const char *w, size_t n, const char *const *params, const size_t *lens,
		     unsigned np)
{
	for (unsigned i = 0; i < np; i++)
		if (params[i] && lens[i] == n && !memcmp(params[i], w, n))
			return true;
	return false;
}

/*
 * Words an off arm may hold: they evaluate nothing that can warn.  "if"
 * for the arm that keeps its argument type-checked with nothing called,
 * Xen's do { if ( 0 && (p) ) {} } while (0); typeof and a macro a profile
 * declares unevaluated (Linux's BUILD_BUG_ON_INVALID(e), which only
 * type-checks e) for the arm that keeps it so.
 */
static bool inert_word(const char *w, size_t n)
{
	static const char *const words[] = { "void", "do", "while", "if", "sizeof", "0", "1" };
	char buf[64];

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && !memcmp(words[i], w, n))
			return true;
	if (n >= sizeof(buf))
		return false;
	memcpy(buf, w, n);
	buf[n] = '\0';
	return idiom_lookup(buf).kind == ID_UNEVALUATED;
}

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\\' || ch == '\f' ||
	       ch == '\v';
}

void macro_body_classify(struct macro_def *d, const char *s, size_t n,
			 const char *const *params, const size_t *lens, unsigned np)
{
	bool noop = true, named = false;
	size_t i = 0, first = n, first_len = 0, depth = 0, close = n;

	d->noop = 0;
	d->forward = 0;
	while (i < n) {
		char ch = s[i];

		if (blank(ch)) {
			i++;
		} else if (ch == '/' && i + 1 < n && (s[i + 1] == '*' || s[i + 1] == '/')) {
			return;		/* a comment: rare in a one-line arm, not worth reading */
		} else if (word_char(ch)) {
			size_t j = i;

			while (j < n && word_char(s[j]))
				j++;
			if (first == n) {
				first = i;
				first_len = j - i;
			}
			if (is_param(s + i, j - i, params, lens, np))
				named = true;
			else if (!inert_word(s + i, j - i))
				noop = false;
			i = j;
		} else {
			if (ch == '(' && depth++ == 0 && first != n && close == n)
				;	/* the first call's bracket */
			else if (ch == ')' && depth && --depth == 0 && close == n)
				close = i;
			/* brackets, and the && of `0 && (p)` */
			if (!strchr("(){};,&", ch))
				noop = false;
			i++;
		}
	}
	d->noop = !noop ? 0 : named ? MACRO_NOOP_INERT : MACRO_NOOP_EMPTY;
	/* NAME( ... ) and nothing after: a call of NAME with this macro's arguments */
	if (!noop && first != n && first_len && !is_param(s + first, first_len, params, lens, np)) {
		size_t k = first + first_len;

		while (k < n && blank(s[k]))
			k++;
		if (k < n && s[k] == '(' && close != n) {
			size_t e = close + 1;

			while (e < n && blank(s[e]))
				e++;
			if (e == n)
				d->forward = intern_n(s + first, first_len);
		}
	}
}

static bool asm_word(const char *w, size_t n)
{
	static const char *const words[] = { "asm", "__asm__", "__asm", "asm_inline",
					     "asm_volatile_goto" };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && !memcmp(words[i], w, n))
			return true;
	return false;
}

/*
 * The next word of a macro body from *i on, string and character
 * literals skipped: [*w, *i) when there is one.
 */
static bool next_body_word(const char *s, size_t n, size_t *i, size_t *w)
{
	while (*i < n) {
		if (s[*i] == '"' || s[*i] == '\'') {
			char q = s[*i];

			for ((*i)++; *i < n && s[*i] != q; (*i)++)
				if (s[*i] == '\\')
					(*i)++;
			(*i)++;
			continue;
		}
		if (!word_char(s[*i])) {
			(*i)++;
			continue;
		}
		*w = *i;
		while (*i < n && word_char(s[*i]))
			(*i)++;
		return true;
	}
	return false;
}

void macro_body_asm_memory(struct macro_def *d, const char *s, size_t n,
			   const char *const *params, const size_t *lens, unsigned np,
			   const char *target)
{
	bool has_asm = false;
	size_t i = 0;

	d->asm_mem = 0;
	for (size_t w; !has_asm && next_body_word(s, n, &i, &w);)
		if ((w == 0 || !word_char(s[w - 1])) && asm_word(s + w, i - w))
			has_asm = true;
	if (!has_asm)
		return;
	/* a constraint is the last string before "(operand)" */
	for (i = 0; i < n;) {
		size_t cs, ce, j, w;
		bool mem = false;

		if (s[i] != '"') {
			i++;
			continue;
		}
		cs = i + 1;
		for (i++; i < n && s[i] != '"'; i++)
			if (s[i] == '\\')
				i++;
		ce = i < n ? i : n;
		i++;
		j = i;
		while (j < n && blank(s[j]))
			j++;
		if (j >= n || s[j] != '(')
			continue;
		for (j++; j < n && blank(s[j]); j++)
			;
		w = j;
		while (j < n && word_char(s[j]))
			j++;
		if (j == w)
			continue;
		{
			size_t e = j;

			while (e < n && blank(s[e]))
				e++;
			if (e >= n || s[e] != ')')
				continue;
		}
		mem = constraint_names_memory(s + cs, ce - cs, target);
		if (!mem)
			continue;
		for (unsigned k = 0; k < np && k < 32; k++)
			if (params[k] && lens[k] == j - w && !memcmp(params[k], s + w, j - w))
				d->asm_mem |= 1u << k;
	}
}

void macro_body_marked_reads(struct macro_def *d, const char *s, size_t n,
			     const char *const *params, const size_t *lens, unsigned np)
{
	d->marked_read = 0;
	d->read_mark = 0;
	for (size_t i = 0, w; next_body_word(s, n, &i, &w);) {
		size_t j, a, e;
		struct idiom id;

		if (w > 0 && (word_char(s[w - 1]) || s[w - 1] == '.' || s[w - 1] == '>'))
			continue;
		for (j = i; j < n && blank(s[j]); j++)
			;
		if (j >= n || s[j] != '(')
			continue;
		for (j++; j < n && blank(s[j]); j++)
			;
		a = j;
		while (j < n && word_char(s[j]))
			j++;
		for (e = j; e < n && blank(s[e]); e++)
			;
		if (j == a || e >= n || s[e] != ')')
			continue;
		id = idiom_of(intern_n(s + w, i - w));
		if (id.kind != ID_READ || id.loc != 0 || id.loc_is_ptr)
			continue;
		for (unsigned k = 0; k < np && k < 32; k++)
			if (params[k] && lens[k] == j - a && !memcmp(params[k], s + a, j - a)) {
				if (!d->marked_read)
					d->read_mark = id.mark;
				if (id.mark == d->read_mark)
					d->marked_read |= 1u << k;
			}
	}
}
