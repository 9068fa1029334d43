#include "ir/byterange.h"

#include "base/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char **type_names;
static uint8_t *type_sizes;
static size_t ntypes;
static uint64_t types_hash;

uint64_t byterange_type_sizes_hash(void)
{
	return types_hash;
}

void byterange_set_type_sizes(const char *const *names, const uint8_t *sizes, size_t n)
{
	for (size_t i = 0; i < ntypes; i++)
		free(type_names[i]);
	free(type_names);
	free(type_sizes);
	type_names = n ? xmalloc(n * sizeof(*type_names)) : NULL;
	type_sizes = n ? xmalloc(n) : NULL;
	types_hash = 0x3c6ef372fe94f82bull;
	for (size_t i = 0; i < n; i++) {
		type_names[i] = xstrdup(names[i]);
		type_sizes[i] = sizes[i];
		types_hash = hash_mix(hash_mix(types_hash, hash_bytes(names[i], strlen(names[i]) + 1)),
				      sizes[i]);
	}
	ntypes = n;
	if (!n)
		types_hash = 0;
}

unsigned scalar_size(const char *t)
{
	/* C's own types; a codebase's (u32, UINTN) come from its profile */
	static const struct {
		const char *name;
		unsigned size;
	} table[] = {
		/* GNU C: arithmetic on void * moves by bytes */
		{ "void", 1 }, { "char", 1 }, { "signed char", 1 }, { "unsigned char", 1 }, { "bool", 1 },
		{ "_Bool", 1 }, { "uint8_t", 1 }, { "int8_t", 1 },
		{ "short", 2 }, { "unsigned short", 2 }, { "uint16_t", 2 }, { "int16_t", 2 },
		{ "int", 4 }, { "unsigned", 4 }, { "unsigned int", 4 }, { "signed int", 4 },
		{ "uint32_t", 4 }, { "int32_t", 4 }, { "float", 4 },
		{ "long", 8 }, { "unsigned long", 8 }, { "long long", 8 },
		{ "unsigned long long", 8 }, { "uint64_t", 8 },
		{ "int64_t", 8 }, { "size_t", 8 }, { "ssize_t", 8 }, { "double", 8 },
		{ "uintptr_t", 8 },
	};
	size_t n;

	while (!strncmp(t, "const ", 6) || !strncmp(t, "volatile ", 9))
		t += t[0] == 'c' ? 6 : 9;
	n = strlen(t);
	while (n && t[n - 1] == ' ')
		n--;
	if (n && t[n - 1] == '*')
		return 8;	/* a pointer */
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strlen(table[i].name) == n && !strncmp(table[i].name, t, n))
			return table[i].size;
	for (size_t i = 0; i < ntypes; i++)
		if (strlen(type_names[i]) == n && !strncmp(type_names[i], t, n))
			return type_sizes[i];
	return 0;
}

void lin_sizeof(sym_t type, struct lin *x)
{
	char name[300];
	unsigned sz;
	const char *t = sym_str(type);

	memset(x, 0, sizeof(*x));
	while (!strncmp(t, "const ", 6) || !strncmp(t, "volatile ", 9))
		t += t[0] == 'c' ? 6 : 9;
	if ((sz = scalar_size(t)) != 0) {
		x->c = sz;
		return;
	}
	snprintf(name, sizeof(name), "sizeof(%s)", t);
	x->n = 1;
	x->name[0] = intern(name);
	x->k[0] = 1;
}

static char **qualifiers;
static size_t nqualifiers;

void type_pointee_set_qualifiers(const char *const *words, size_t n)
{
	for (size_t i = 0; i < nqualifiers; i++)
		free(qualifiers[i]);
	free(qualifiers);
	qualifiers = n ? xmalloc(n * sizeof(*qualifiers)) : NULL;
	for (size_t i = 0; i < n; i++)
		qualifiers[i] = xstrdup(words[i]);
	nqualifiers = n;
}

/* Whether buf[0..n) ends with the word w: not the tail of a longer name (foo__user). */
static bool ends_with_word(const char *buf, size_t n, const char *w, size_t k)
{
	if (n < k || strncmp(buf + n - k, w, k))
		return false;
	return n == k || !(buf[n - k - 1] == '_' || isalnum((unsigned char)buf[n - k - 1]));
}

/* The length of a declared qualifier buf[0..n) ends with, or 0. */
static size_t trailing_qualifier(const char *buf, size_t n)
{
	for (size_t i = 0; i < nqualifiers; i++) {
		size_t k = strlen(qualifiers[i]);

		if (ends_with_word(buf, n, qualifiers[i], k))
			return k;
	}
	return 0;
}

sym_t type_pointee(sym_t type)
{
	char buf[256];
	const char *t = sym_str(type);
	size_t n;

	if (!type)
		return 0;
	snprintf(buf, sizeof(buf), "%s", t);
	n = strlen(buf);
	for (;;) {
		while (n && buf[n - 1] == ' ')
			n--;
		size_t q = trailing_qualifier(buf, n);

		if (q)
			n -= q;
		else if (ends_with_word(buf, n, "const", 5))
			n -= 5;
		else
			break;
	}
	if (n >= 2 && buf[n - 2] == '[' && buf[n - 1] == ']')
		n -= 2;
	else if (n && buf[n - 1] == '*')
		n--;
	else
		return 0;
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = 0;
	t = buf;
	while (!strncmp(t, "const ", 6) || !strncmp(t, "volatile ", 9))
		t += t[0] == 'c' ? 6 : 9;
	return *t ? intern(t) : 0;
}

bool lin_add(struct lin *x, const struct lin *y, int64_t m)
{
	x->c += m * y->c;
	x->unknown |= y->unknown;
	for (unsigned i = 0; i < y->n; i++) {
		unsigned j;

		for (j = 0; j < x->n; j++)
			if (x->name[j] == y->name[i])
				break;
		if (j == x->n) {
			if (x->n == LIN_TERMS) {
				x->unknown = true;
				return false;
			}
			x->name[x->n] = y->name[i];
			x->k[x->n++] = 0;
		}
		x->k[j] += m * y->k[i];
	}
	/* drop terms that cancelled */
	for (unsigned j = 0; j < x->n;) {
		if (x->k[j] == 0) {
			x->name[j] = x->name[x->n - 1];
			x->k[j] = x->k[x->n - 1];
			x->n--;
		} else {
			j++;
		}
	}
	return true;
}

bool lin_same(const struct lin *x, const struct lin *y)
{
	if (x->c != y->c || x->n != y->n || x->unknown != y->unknown)
		return false;
	for (unsigned i = 0; i < x->n; i++)
		if (x->name[i] != y->name[i] || x->k[i] != y->k[i])
			return false;
	return true;
}

bool lin_nonneg(const struct lin *x)
{
	for (unsigned i = 0; i < x->n; i++)
		if (x->k[i] < 0)
			return false;
	return x->c >= 0;
}

void lin_format(const struct lin *x, char *buf, size_t n)
{
	size_t len = (size_t)snprintf(buf, n, "%lld", (long long)x->c);

	for (unsigned i = 0; i < x->n && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "+%lld*%s", (long long)x->k[i],
					sym_str(x->name[i]));
	if (x->unknown && len < n)
		snprintf(buf + len, n - len, "+?");
}

bool lin_parse(const char *s, struct lin *x, const char **end)
{
	char *e;

	memset(x, 0, sizeof(*x));
	x->c = strtoll(s, &e, 10);
	if (e == s)
		return false;
	s = e;
	while (*s == '+') {
		if (s[1] == '?') {
			x->unknown = true;
			s += 2;
			continue;
		}
		if (x->n == LIN_TERMS)
			return false;
		x->k[x->n] = strtoll(s + 1, &e, 10);
		if (e == s + 1 || *e != '*')
			return false;
		s = e + 1;
		/* a name runs to the next term: names hold no '+' or '|' */
		e = (char *)s + strcspn(s, "+|");
		x->name[x->n++] = intern_n(s, (size_t)(e - s));
		s = e;
	}
	*end = s;
	return true;
}

bool form_parse(sym_t form, struct arg_form *out)
{
	const char *s = sym_str(form), *end;

	memset(out, 0, sizeof(*out));
	if (!form || (s[0] != '=' && s[0] != '@'))
		return false;
	out->kind = s[0];
	if (!lin_parse(s + 1, &out->off, &end))
		return false;
	if (out->kind == '@' && *end == '|' && end[1])
		out->elem = intern(end + 1);
	return true;
}
