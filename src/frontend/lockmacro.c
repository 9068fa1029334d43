#include "frontend/lockmacro.h"
#include "profile/idioms.h"
#include "base/symmap.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- reading a macro body --------------------------------------------- */

/* A body longer than this is not "one lock call". */
#define MAX_TOKS 96

struct tok {
	const char *s;
	uint32_t n;
	char k;			/* 'i' identifier or number, 'a' "->", else the character */
};

static bool is_ident_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_';
}

/* Split a body into tokens; false on anything a plain call has no use for. */
static bool tokenize(const char *s, size_t n, struct tok *out, uint32_t *nout)
{
	size_t i = 0;
	uint32_t k = 0;

	while (i < n) {
		char ch = s[i];

		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
			i++;
		} else if (ch == '\\' && i + 1 < n && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
			i += 2;
		} else if (ch == '/' && i + 1 < n && s[i + 1] == '*') {
			const char *end = memmem(s + i + 2, n - i - 2, "*/", 2);

			if (!end)
				return false;
			i = (size_t)(end - s) + 2;
		} else if (ch == '/' && i + 1 < n && s[i + 1] == '/') {
			while (i < n && s[i] != '\n')
				i++;
		} else {
			if (k == MAX_TOKS)
				return false;
			out[k].s = s + i;
			if (is_ident_char(ch)) {
				size_t j = i;

				while (j < n && is_ident_char(s[j]))
					j++;
				out[k].k = 'i';
				out[k].n = (uint32_t)(j - i);
				i = j;
			} else if (ch == '-' && i + 1 < n && s[i + 1] == '>') {
				out[k].k = 'a';
				out[k].n = 2;
				i += 2;
			} else if (strchr("(){}[],;&.", ch)) {
				out[k].k = ch;
				out[k].n = 1;
				i++;
			} else if (ch == '*' || ch == '!' || ch == '=' || ch == '+' || ch == '-' ||
				   ch == '|' || ch == '^' || ch == '~' || ch == '<' || ch == '>' ||
				   ch == '?' || ch == ':' || ch == '%' || ch == '/') {
				/* an operator: fine inside other arguments, never in the lock's */
				out[k].k = ch;
				out[k].n = 1;
				i++;
			} else {
				return false;	/* # and ## paste names; strings, chars */
			}
			k++;
		}
	}
	*nout = k;
	return true;
}

static bool tok_is(const struct tok *t, const char *word)
{
	return t->k == 'i' && t->n == strlen(word) && !memcmp(t->s, word, t->n);
}

/* The token closing the bracket at `at`, or UINT32_MAX. */
static uint32_t match(const struct tok *t, uint32_t at, uint32_t hi)
{
	char open = t[at].k, close = open == '(' ? ')' : open == '[' ? ']' : '}';
	int depth = 0;

	for (uint32_t i = at; i < hi; i++) {
		if (t[i].k == open)
			depth++;
		else if (t[i].k == close && --depth == 0)
			return i;
	}
	return UINT32_MAX;
}

/* The tokens of argument k of the call whose '(' is at `open`, in [*a0, *a1). */
static bool nth_arg_toks(const struct tok *t, uint32_t open, uint32_t close, uint32_t k,
			 uint32_t *a0, uint32_t *a1)
{
	uint32_t argi = 0, depth = 0;

	*a0 = open + 1;
	for (uint32_t i = open + 1; i <= close; i++) {
		bool end = i == close;

		if (!end && (t[i].k == '(' || t[i].k == '[' || t[i].k == '{'))
			depth++;
		else if (!end && (t[i].k == ')' || t[i].k == ']' || t[i].k == '}'))
			depth--;
		if (end || (t[i].k == ',' && depth == 0)) {
			if (argi == k) {
				*a1 = i;
				return *a0 < *a1;
			}
			argi++;
			*a0 = i + 1;
		}
	}
	return false;
}

/*
 * An lvalue reached from one name through fields and subscripts:
 * "p", "(p)->a.b", "((p)->lock)", "p->locks[i]", and through a declared
 * member macro (member-macro: Linux's ACCESS_PRIVATE(p, lock) is p->lock).
 * The chain goes to sb.
 */
static bool parse_lvalue(const struct tok *t, uint32_t lo, uint32_t hi, const struct tok **base,
			 struct sbuf *chain)
{
	uint32_t i = lo;
	char name[64];
	const struct member_macro_decl *mm;

	if (lo >= hi)
		return false;
	if (t[lo].k == '(') {
		uint32_t m = match(t, lo, hi);

		if (m == UINT32_MAX || !parse_lvalue(t, lo + 1, m, base, chain))
			return false;
		i = m + 1;
	} else if (t[lo].k == 'i' && lo + 1 < hi && t[lo + 1].k == '(' && t[lo].n < sizeof(name) &&
		   (snprintf(name, sizeof(name), "%.*s", (int)t[lo].n, t[lo].s),
		    (mm = idiom_member_macro(name)) != NULL)) {
		/* M(p, m): p->CHAIN->m, the member one name or a chain of them */
		uint32_t m = match(t, lo + 1, hi), b0, b1, m0, m1;

		if (m == UINT32_MAX || mm->base < 0 || mm->member < 0 ||
		    !nth_arg_toks(t, lo + 1, m, (uint32_t)mm->base, &b0, &b1) ||
		    !nth_arg_toks(t, lo + 1, m, (uint32_t)mm->member, &m0, &m1) ||
		    !parse_lvalue(t, b0, b1, base, chain) || t[m0].k != 'i')
			return false;
		sb_puts(chain, "->");
		if (mm->chain && *mm->chain) {
			sb_puts(chain, mm->chain);
			sb_puts(chain, "->");
		}
		for (uint32_t j = m0; j < m1; j++) {
			if (t[j].k != 'i' && t[j].k != '.')
				return false;
			sb_putn(chain, t[j].s, t[j].n);
		}
		i = m + 1;
	} else if (t[lo].k == 'i' && !(t[lo].s[0] >= '0' && t[lo].s[0] <= '9')) {
		*base = &t[lo];
		i = lo + 1;
	} else {
		return false;
	}
	while (i < hi) {
		if ((t[i].k == 'a' || t[i].k == '.') && i + 1 < hi && t[i + 1].k == 'i') {
			sb_puts(chain, t[i].k == 'a' ? "->" : ".");
			sb_putn(chain, t[i + 1].s, t[i + 1].n);
			i += 2;
		} else if (t[i].k == '[') {
			uint32_t m = match(t, i, hi);

			if (m == UINT32_MAX)
				return false;
			sb_puts(chain, "[]");
			i = m + 1;
		} else {
			return false;
		}
	}
	return true;
}

/* Is the idiom of this name a lock operation of any kind? */
static bool is_lock_kind(int kind)
{
	return kind == ID_LOCK || kind == ID_UNLOCK || kind == ID_TRYLOCK ||
	       kind == ID_ASSERT_HELD || kind == ID_RCU_LOCK || kind == ID_RCU_UNLOCK;
}

/*
 * A call of no arguments that takes or drops no lock: smp_mb__after_unlock_lock(),
 * a debug check such as lockdep_assert_irqs_disabled().  It cannot reach
 * the object the macro's lock is in, so a wrapper that adds one to its lock
 * call still holds just that lock.
 */
static bool inert_call(const struct tok *t, uint32_t lo, uint32_t hi)
{
	char name[64];

	if (hi - lo != 3 || t[lo].k != 'i' || t[lo + 1].k != '(' || t[lo + 2].k != ')' ||
	    t[lo].n >= sizeof(name))
		return false;
	snprintf(name, sizeof(name), "%.*s", (int)t[lo].n, t[lo].s);
	return !is_lock_kind(idiom_lookup(name).kind);
}

/*
 * The statements of a body, top-level ';' apart: one is the lock call
 * (alone, or a local's initialiser: `bool ok = spin_trylock(..)`), the
 * others inert calls, `if (ok) inert();`, or the local as the value of a
 * statement expression.  The lock call's tokens in [*c0, *c1); false when
 * any statement is anything else.
 */
static bool find_lock_stmt(const struct tok *t, uint32_t lo, uint32_t hi, uint32_t *c0,
			   uint32_t *c1)
{
	const struct tok *local = NULL;
	uint32_t s = lo, found = 0;

	for (uint32_t i = lo; i <= hi; i++) {
		uint32_t e, eq = UINT32_MAX;

		if (i < hi && (t[i].k == '(' || t[i].k == '[' || t[i].k == '{')) {
			uint32_t m = match(t, i, hi);

			if (m == UINT32_MAX)
				return false;
			i = m;
			continue;
		}
		if (i < hi && t[i].k != ';')
			continue;
		e = i;
		if (s == e) {
			s = i + 1;
			continue;
		}
		for (uint32_t j = s; j < e && t[j].k == 'i'; j++)
			if (j + 1 < e && t[j + 1].k == '=')
				eq = j + 1;
		if (inert_call(t, s, e)) {
			/* a barrier, a check */
		} else if (local && e - s == 1 && t[s].k == 'i' && t[s].n == local->n &&
			   !memcmp(t[s].s, local->s, local->n)) {
			/* the statement expression's value */
		} else if (local && tok_is(&t[s], "if") && s + 3 < e && t[s + 1].k == '(' &&
			   t[s + 3].k == ')' && t[s + 2].k == 'i' && t[s + 2].n == local->n &&
			   !memcmp(t[s + 2].s, local->s, local->n) && inert_call(t, s + 4, e)) {
			/* if (ok) smp_mb__after_unlock_lock(); */
		} else if (!found++) {
			*c0 = s;
			*c1 = e;
			if (eq != UINT32_MAX) {
				/* T ok = lock(..): two names or more before the = */
				if (eq - s < 2)
					return false;
				local = &t[eq - 1];
				*c0 = eq + 1;
			}
		} else {
			return false;
		}
		s = i + 1;
	}
	return found == 1;
}

void lock_macro_parse(struct macro_def *d, const char *body, size_t len,
		      const char *const *params, const size_t *param_lens, unsigned nparams)
{
	struct tok t[MAX_TOKS];
	uint32_t n, lo = 0, hi, m, a0, a1;
	struct idiom id;
	const struct tok *base = NULL;
	struct sbuf chain = {0};
	char name[64];
	bool addr = false;

	d->op = OP_CALL;
	if (!body || !tokenize(body, len, t, &n) || n < 3)
		return;
	hi = n;
	/* (call), do { call; } while (0), { call; }, call; */
	for (int guard = 0; guard < 8 && lo < hi; guard++) {
		if (t[hi - 1].k == ';') {
			hi--;
		} else if ((t[lo].k == '(' || t[lo].k == '{') && match(t, lo, hi) == hi - 1) {
			lo++;
			hi--;
		} else if (tok_is(&t[lo], "do") && lo + 1 < hi && t[lo + 1].k == '{' &&
			   (m = match(t, lo + 1, hi)) != UINT32_MAX && m + 5 == hi &&
			   tok_is(&t[m + 1], "while") && t[m + 2].k == '(' && tok_is(&t[m + 3], "0") &&
			   t[m + 4].k == ')') {
			lo += 2;
			hi = m;
		} else {
			break;
		}
	}
	if (!find_lock_stmt(t, lo, hi, &lo, &hi))
		return;
	if (hi - lo < 3 || t[lo].k != 'i' || t[lo + 1].k != '(' || match(t, lo + 1, hi) != hi - 1 ||
	    t[lo].n >= sizeof(name))
		return;
	snprintf(name, sizeof(name), "%.*s", (int)t[lo].n, t[lo].s);
	id = idiom_lookup(name);
	if ((id.kind != ID_LOCK && id.kind != ID_UNLOCK && id.kind != ID_ASSERT_HELD &&
	     id.kind != ID_TRYLOCK) ||
	    id.loc < 0 || !id.loc_is_ptr)
		return;
	/* the argument holding the lock: between top-level commas */
	if (!nth_arg_toks(t, lo + 1, hi - 1, (uint32_t)id.loc, &a0, &a1))
		a1 = UINT32_MAX;
	if (a1 == UINT32_MAX || a0 >= a1)
		return;
	if (t[a0].k == '&') {
		addr = true;
		a0++;
	}
	if (!parse_lvalue(t, a0, a1, &base, &chain) || !base || chain.len > 200) {
		sb_free(&chain);
		return;
	}
	d->param = MACRO_NAMED_BASE;
	d->base = 0;
	for (unsigned p = 0; p < nparams && p < MACRO_MAX_PARAMS; p++)
		if (params[p] && param_lens[p] == base->n && !memcmp(params[p], base->s, base->n))
			d->param = (uint8_t)p;
	if (d->param == MACRO_NAMED_BASE)
		d->base = intern_n(base->s, base->n);
	d->chain = intern(chain.len ? sb_str(&chain) : "");
	d->addr = addr;
	d->lock = id.lock;
	d->op = id.kind == ID_LOCK || id.kind == ID_TRYLOCK ? OP_LOCK :
		id.kind == ID_UNLOCK ? OP_UNLOCK : OP_ASSERT_HELD;
	d->trylock = id.kind == ID_TRYLOCK;
	sb_free(&chain);
}
