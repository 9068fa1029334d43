#include "profile/idioms.h"
#include "ir/ir.h"
#include "ir/byterange.h"
#include "base/util.h"
#include "base/intern.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	const char *name;
	struct idiom id;
};

#define NOARG(k) { .kind = k, .loc = -1, .val = -1 }

/*
 * The C language's own words, which no codebase declares: everything a
 * codebase names (its locks, marked accesses, logging) comes from its
 * profile.  Sorted by name (strcmp order) for bsearch; checked at start-up.
 */
static const struct entry table[] = {
	{ "__builtin_constant_p", NOARG(ID_UNEVALUATED) },
	{ "__builtin_offsetof", NOARG(ID_UNEVALUATED) },
	{ "__builtin_unreachable", NOARG(ID_NORETURN) },
	{ "__typeof", NOARG(ID_UNEVALUATED) },
	{ "__typeof__", NOARG(ID_UNEVALUATED) },
	{ "_static_assert", NOARG(ID_UNEVALUATED) },
	{ "offsetof", NOARG(ID_UNEVALUATED) },
	{ "static_assert", NOARG(ID_UNEVALUATED) },
	{ "typeof", NOARG(ID_UNEVALUATED) },
	{ "typeof_unqual", NOARG(ID_UNEVALUATED) },
	/* va_arg(ap, T): argument 1 is a type */
	{ "va_arg", { .kind = ID_TYPE_MACRO, .loc = 1, .val = -1 } },
};

static int cmp_entry(const void *key, const void *elem)
{
	return strcmp(key, ((const struct entry *)elem)->name);
}

/* --- idioms the profiles declare --------------------------------------- */

/*
 * A name pattern (docs/profiles.md): `*` is any text, "(a|b)*" any number
 * of the words a and b one after another; the parser has already written
 * out every "(a|b)" not followed by `*`.  Matched with backtracking: names
 * are short.
 */
static bool pattern_match(const char *p, const char *s)
{
	for (;;) {
		if (*p == '*') {
			/* any text: where the literal text after it occurs, the first first */
			size_t n = strcspn(p + 1, "*(");
			char lit[64];

			if (!n || n >= sizeof(lit)) {
				for (const char *t = s;; t++) {
					if (pattern_match(p + 1, t))
						return true;
					if (!*t)
						return false;
				}
			}
			memcpy(lit, p + 1, n);
			lit[n] = '\0';
			for (const char *t = strstr(s, lit); t; t = strstr(t + 1, lit))
				if (pattern_match(p + 1 + n, t + n))
					return true;
			return false;
		}
		if (*p == '(') {
			const char *close = strchr(p, ')');
			const char *rest = close + 2;	/* past ")*" */

			if (pattern_match(rest, s))
				return true;
			/* one more of the words, then the group again */
			for (const char *w = p + 1; w < close;) {
				size_t n = strcspn(w, "|)");

				if (n && !strncmp(s, w, n) && pattern_match(p, s + n))
					return true;
				w += n + 1;
			}
			return false;
		}
		if (*p != *s)
			return false;
		if (!*p)
			return true;
		p++;
		s++;
	}
}

bool idiom_pattern_matches(const char *pattern, const char *name)
{
	return pattern_match(pattern, name);
}

/* The characters a pattern spells out, outside its groups and `*`s. */
static unsigned pattern_literal(const char *p)
{
	unsigned n = 0;

	for (; *p; p++) {
		if (*p == '(') {
			p = strchr(p, ')') + 1;	/* the `*` after it */
			continue;
		}
		n += *p != '*';
	}
	return n;
}

/*
 * One layer of declared idioms: exact names sorted for bsearch, patterns
 * grouped by their first byte (0: those that start with `*`), the most
 * specific first (the most literal characters; on a tie, declared first).
 */
struct layer {
	struct idiom_decl *exact;
	size_t nexact;
	struct idiom_decl *pats;
	uint16_t *spec;
	size_t npats;
	uint32_t bucket[257];	/* patterns starting with byte b: [bucket[b], bucket[b+1]) */
	uint64_t hash;
};

/* declared iterators and array-member macros: they change what parses */
static uint64_t object_macros_hash;
static uint64_t init_macros_hash;
static uint64_t iterators_hash, member_arrays_hash, user_words_hash, guard_classes_hash;
static uint64_t function_macros_hash;

/* new with every install: idiom_lookup()'s memo starts afresh */
static _Atomic uint32_t lookup_generation = 1;

/* 0: a profile's own idioms; 1: the defaults its includes bring */
static struct layer layers[2];

static int cmp_decl(const void *a, const void *b)
{
	const struct idiom_decl *x = a, *y = b;

	return strcmp(x->name, y->name);
}

struct pat_sort {
	struct idiom_decl d;
	uint16_t spec;
	uint32_t order;
};

/*
 * The bucket a pattern is looked up in: its first character, or 0 when it
 * starts with a wildcard or a repeating group (`*x`, `(a|b)*x`), which any
 * name may match and which every lookup scans.
 */
static unsigned char pat_bucket(const char *name)
{
	return name[0] == '*' || name[0] == '(' ? 0 : (unsigned char)name[0];
}

static int cmp_pat(const void *a, const void *b)
{
	const struct pat_sort *x = a, *y = b;
	unsigned char bx = pat_bucket(x->d.name), by = pat_bucket(y->d.name);

	if (bx != by)
		return bx < by ? -1 : 1;
	if (x->spec != y->spec)
		return x->spec > y->spec ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static bool same_idiom(const struct idiom *a, const struct idiom *b)
{
	return a->kind == b->kind && a->mark == b->mark && a->lock == b->lock &&
	       a->loc == b->loc && a->loc_is_ptr == b->loc_is_ptr && a->val == b->val &&
	       a->srcu_idx == b->srcu_idx && a->assignable == b->assignable &&
	       a->owner == b->owner && a->serial == b->serial && a->once == b->once && a->bit == b->bit &&
	       a->bitlock == b->bitlock &&
	       a->held == b->held && a->member == b->member && a->order == b->order && a->meaning == b->meaning;
}

static void collect_annotations(void);

static void layer_free(struct layer *l)
{
	free(l->exact);
	free(l->pats);
	free(l->spec);
	memset(l, 0, sizeof(*l));
}

bool idioms_install_layer(unsigned which, const struct idiom_decl *v, size_t n, char *err,
			  size_t errlen)
{
	struct layer l = {0};
	struct pat_sort *ps = NULL;
	size_t ne = 0, np = 0, k = 0;
	const char *dup_name = NULL;
	uint64_t h = which ? 0x7c1f9b3a2d5e6f01ull : 0x9ae16a3b2f90404full;

	for (size_t i = 0; i < n; i++)
		v[i].pattern ? np++ : ne++;
	l.exact = ne ? xmalloc(ne * sizeof(*l.exact)) : NULL;
	ps = np ? xmalloc(np * sizeof(*ps)) : NULL;
	ne = np = 0;
	for (size_t i = 0; i < n; i++) {
		if (!v[i].pattern) {
			l.exact[ne++] = v[i];
			continue;
		}
		ps[np] = (struct pat_sort){ v[i], (uint16_t)pattern_literal(v[i].name), (uint32_t)i };
		ps[np].d.id.by_pattern = true;
		np++;
	}
	if (ne)
		qsort(l.exact, ne, sizeof(*l.exact), cmp_decl);
	/* the same declaration from two profiles is one */
	for (size_t i = 0; i < ne; i++) {
		if (k && !strcmp(l.exact[k - 1].name, l.exact[i].name)) {
			if (!same_idiom(&l.exact[k - 1].id, &l.exact[i].id)) {
				dup_name = l.exact[i].name;
				goto twice;
			}
			continue;
		}
		l.exact[k++] = l.exact[i];
	}
	l.nexact = k;
	if (np)
		qsort(ps, np, sizeof(*ps), cmp_pat);
	l.pats = np ? xmalloc(np * sizeof(*l.pats)) : NULL;
	l.spec = np ? xmalloc(np * sizeof(*l.spec)) : NULL;
	k = 0;
	for (size_t i = 0; i < np; i++) {
		bool dup = false;

		for (size_t j = 0; j < k && !dup; j++) {
			if (strcmp(l.pats[j].name, ps[i].d.name))
				continue;
			if (!same_idiom(&l.pats[j].id, &ps[i].d.id)) {
				dup_name = ps[i].d.name;
				goto twice;
			}
			dup = true;
		}
		if (dup)
			continue;
		l.pats[k] = ps[i].d;
		l.spec[k++] = ps[i].spec;
	}
	l.npats = k;
	for (unsigned b = 0, i = 0; b <= 256; b++) {
		while (i < k && (b == 256 || pat_bucket(l.pats[i].name) < b))
			i++;
		l.bucket[b] = i;
	}
	for (int pass = 0; pass < 2; pass++) {
		const struct idiom_decl *t = pass ? l.pats : l.exact;
		size_t m = pass ? l.npats : l.nexact;

		for (size_t i = 0; i < m; i++) {
			const struct idiom *d = &t[i].id;
			uint8_t fields[] = { d->kind, d->mark, d->lock, (uint8_t)d->loc, d->loc_is_ptr,
					     (uint8_t)d->val, d->srcu_idx, d->assignable, d->serial,
					     d->once, t[i].pattern, d->owner, d->bit, d->meaning,
					     d->bitlock };

			h = hash_mix(h, hash_bytes(t[i].name, strlen(t[i].name) + 1));
			h = hash_mix(h, hash_bytes(fields, sizeof(fields)));
			if (d->held)
				h = hash_mix(h, hash_bytes(sym_str(d->held), strlen(sym_str(d->held))));
			if (d->member)
				h = hash_mix(h, hash_bytes(sym_str(d->member), strlen(sym_str(d->member))));
		}
	}
	l.hash = l.nexact + l.npats ? h : 0;
	free(ps);
	layer_free(&layers[which]);
	layers[which] = l;
	collect_annotations();
	lookup_generation++;
	return true;
twice:
	snprintf(err, errlen, "'%s' is declared twice with different meanings", dup_name);
	free(ps);
	layer_free(&l);
	return false;
}

bool idioms_install(const struct idiom_decl *v, size_t n, char *err, size_t errlen)
{
	return idioms_install_layer(0, v, n, err, errlen);
}

/*
 * The annotations of both layers (a profile's own and those its includes
 * bring: Linux's __user, __rcu, __init... from linux-kernel), sorted, with
 * the first bytes and lengths of their names: every identifier of every
 * file is asked about, and most stop at those two bits.
 */
static const char **annotations;
static size_t nannotations;
static uint64_t annotation_first[4];
static uint64_t annotation_lengths;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void collect_annotations(void)
{
	size_t n = 0, k = 0;

	free(annotations);
	memset(annotation_first, 0, sizeof(annotation_first));
	annotation_lengths = 0;
	for (unsigned w = 0; w < 2; w++)
		for (size_t i = 0; i < layers[w].nexact; i++)
			n += layers[w].exact[i].id.kind == ID_ANNOTATION;
	annotations = n ? xmalloc(n * sizeof(*annotations)) : NULL;
	n = 0;
	for (unsigned w = 0; w < 2; w++)
		for (size_t i = 0; i < layers[w].nexact; i++)
			if (layers[w].exact[i].id.kind == ID_ANNOTATION)
				annotations[n++] = layers[w].exact[i].name;
	if (n)
		qsort(annotations, n, sizeof(*annotations), cmp_str);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(annotations[i]);
		unsigned char b = (unsigned char)annotations[i][0];

		if (k && !strcmp(annotations[k - 1], annotations[i]))
			continue;	/* declared by a profile and by one it includes */
		annotations[k++] = annotations[i];
		annotation_first[b >> 6] |= 1ull << (b & 63);
		annotation_lengths |= 1ull << (len < 63 ? len : 63);
	}
	nannotations = k;
}

bool idiom_is_declared_annotation(const char *s, size_t n)
{
	size_t lo = 0, hi = nannotations;

	if (!n || !(annotation_lengths >> (n < 63 ? n : 63) & 1) ||
	    !(annotation_first[(unsigned char)s[0] >> 6] >> ((unsigned char)s[0] & 63) & 1))
		return false;
	/* sorted in strcmp order: compare n bytes, then the length */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *m = annotations[mid];
		int c = strncmp(s, m, n);

		if (!c)
			c = m[n] ? -1 : 0;
		if (!c)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* Declared type-taking macros, sorted by name, one entry a name. */
static struct type_arg_decl *type_args;
static size_t ntype_args;
static uint64_t type_args_hash;
/* first bytes and lengths of their names: most identifiers stop here */
static uint64_t type_arg_first[4];
static uint64_t type_arg_lengths;

static int cmp_type_arg(const void *a, const void *b)
{
	return strcmp(((const struct type_arg_decl *)a)->name,
		      ((const struct type_arg_decl *)b)->name);
}

void idioms_install_type_args(const struct type_arg_decl *v, size_t n)
{
	struct type_arg_decl *t = n ? xmalloc(n * sizeof(*t)) : NULL;
	size_t k = 0;
	uint64_t h = 0x5bd1e9955bd1e995ull;

	for (size_t i = 0; i < n; i++)
		t[i] = v[i];
	if (n)
		qsort(t, n, sizeof(*t), cmp_type_arg);
	memset(type_arg_first, 0, sizeof(type_arg_first));
	type_arg_lengths = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(t[i].name);

		/* two declarations of one name (two profiles, two lines) add up */
		if (k && !strcmp(t[k - 1].name, t[i].name)) {
			t[k - 1].args |= t[i].args;
			continue;
		}
		t[k++] = t[i];
		type_arg_first[(unsigned char)t[i].name[0] >> 6] |=
			1ull << ((unsigned char)t[i].name[0] & 63);
		type_arg_lengths |= 1ull << (len < 63 ? len : 63);
	}
	for (size_t i = 0; i < k; i++) {
		h = hash_mix(h, hash_bytes(t[i].name, strlen(t[i].name) + 1));
		h = hash_mix(h, hash_bytes(&t[i].args, sizeof(t[i].args)));
	}
	free(type_args);
	type_args = t;
	ntype_args = k;
	type_args_hash = k ? h : 0;
}

uint32_t idiom_type_args_n(const char *s, size_t n)
{
	size_t lo = 0, hi = ntype_args;

	if (!ntype_args || !(type_arg_lengths >> (n < 63 ? n : 63) & 1) ||
	    !(type_arg_first[(unsigned char)s[0] >> 6] >> ((unsigned char)s[0] & 63) & 1))
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *m = type_args[mid].name;
		int c = strncmp(s, m, n);

		if (!c)
			c = m[n] ? -1 : 0;
		if (!c)
			return type_args[mid].args;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static struct member_macro_decl *member_macros;
static size_t nmember_macros;
static uint64_t member_macros_hash;

static int cmp_member_macro(const void *a, const void *b)
{
	return strcmp(((const struct member_macro_decl *)a)->name,
		      ((const struct member_macro_decl *)b)->name);
}

void idioms_install_member_macros(const struct member_macro_decl *v, size_t n)
{
	struct member_macro_decl *t = n ? xmalloc(n * sizeof(*t)) : NULL;
	uint64_t h = 0x27d4eb2f165667c5ull;

	for (size_t i = 0; i < n; i++)
		t[i] = v[i];
	if (n)
		qsort(t, n, sizeof(*t), cmp_member_macro);
	for (size_t i = 0; i < n; i++) {
		int8_t args[2] = { t[i].base, t[i].member };

		h = hash_mix(h, hash_bytes(t[i].name, strlen(t[i].name) + 1));
		h = hash_mix(h, hash_bytes(t[i].chain, strlen(t[i].chain) + 1));
		h = hash_mix(h, hash_bytes(args, sizeof(args)));
	}
	free(member_macros);
	member_macros = t;
	nmember_macros = n;
	member_macros_hash = n ? h : 0;
}

const struct member_macro_decl *idiom_member_macro(const char *name)
{
	struct member_macro_decl key = { .name = name };

	if (!nmember_macros || !name)
		return NULL;
	return bsearch(&key, member_macros, nmember_macros, sizeof(key), cmp_member_macro);
}

/* Declared string macros, as written ("XENLOG_*" a prefix). */
static char **string_macros;
static size_t nstring_macros;
static uint64_t string_macros_hash;
/* their first bytes: every identifier of every file is asked about, most stop here */
static uint64_t string_macro_first[4];

void idioms_install_string_macros(const char *const *names, size_t n)
{
	uint64_t h = 0x165667b19e3779f9ull;

	for (size_t i = 0; i < nstring_macros; i++)
		free(string_macros[i]);
	free(string_macros);
	string_macros = n ? xmalloc(n * sizeof(*string_macros)) : NULL;
	memset(string_macro_first, 0, sizeof(string_macro_first));
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)names[i][0];

		string_macros[i] = xstrdup(names[i]);
		string_macro_first[b >> 6] |= 1ull << (b & 63);
		h = hash_mix(h, hash_bytes(names[i], strlen(names[i]) + 1));
	}
	nstring_macros = n;
	string_macros_hash = n ? h : 0;
}

bool idiom_is_string_macro(const char *s, size_t n)
{
	if (!n || !(string_macro_first[(unsigned char)s[0] >> 6] >> ((unsigned char)s[0] & 63) & 1))
		return false;
	for (size_t i = 0; i < nstring_macros; i++) {
		const char *m = string_macros[i];
		size_t len = strlen(m);

		if (len && m[len - 1] == '*') {
			if (n >= len - 1 && !memcmp(s, m, len - 1))
				return true;
		} else if (len == n && !memcmp(s, m, n)) {
			return true;
		}
	}
	return false;
}

uint64_t idioms_declared_hash(void)
{
	uint64_t declared_hash = layers[0].hash;

	if (layers[1].hash)
		declared_hash = hash_mix(declared_hash, layers[1].hash) | 1;
	if (!type_args_hash && !member_macros_hash && !string_macros_hash && !iterators_hash &&
	    !member_arrays_hash && !user_words_hash && !guard_classes_hash && !function_macros_hash &&
	    !object_macros_hash && !init_macros_hash && !byterange_type_sizes_hash())
		return declared_hash;
	if (object_macros_hash)
		declared_hash = hash_mix(declared_hash, object_macros_hash);
	if (init_macros_hash)
		declared_hash = hash_mix(declared_hash, init_macros_hash);
	if (function_macros_hash)
		declared_hash = hash_mix(declared_hash, function_macros_hash);
	if (byterange_type_sizes_hash())
		declared_hash = hash_mix(declared_hash, byterange_type_sizes_hash());
	return hash_mix(hash_mix(hash_mix(hash_mix(hash_mix(hash_mix(hash_mix(declared_hash, type_args_hash),
								     member_macros_hash), string_macros_hash),
						   iterators_hash), member_arrays_hash), user_words_hash),
			guard_classes_hash) | 1;
}

static int cmp_decl_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct idiom_decl *)elem)->name);
}

static const struct idiom *layer_lookup(const struct layer *l, const char *name)
{
	const struct idiom_decl *d;
	unsigned char b = (unsigned char)name[0];
	size_t best = SIZE_MAX;

	if (!l->nexact && !l->npats)
		return NULL;
	d = bsearch(name, l->exact, l->nexact, sizeof(*l->exact), cmp_decl_name);
	if (d)
		return &d->id;
	if (!l->npats)
		return NULL;
	for (size_t i = l->bucket[b]; i < l->bucket[b + 1]; i++)
		if (pattern_match(l->pats[i].name, name)) {
			best = i;
			break;
		}
	/* those that start with `*`: only a more specific one beats it */
	for (size_t i = l->bucket[0]; i < l->bucket[1]; i++) {
		if (best != SIZE_MAX && l->spec[i] <= l->spec[best])
			break;
		if (pattern_match(l->pats[i].name, name)) {
			best = i;
			break;
		}
	}
	return best == SIZE_MAX ? NULL : &l->pats[best].id;
}

static struct idiom lookup_uncached(const char *name)
{
	const struct idiom *d = layer_lookup(&layers[0], name);

	return d ? *d : idiom_builtin(name);
}

/*
 * The answers, remembered per thread: a name is matched against every
 * pattern whose first byte it shares (the atomic_t family alone is a few
 * hundred), and the same callees come back in every file.  A new install
 * starts afresh (generation).
 */
#define LOOKUP_CACHE 4096	/* a power of two */
#define LOOKUP_NAME 40


struct idiom idiom_lookup(const char *name)
{
	static __thread struct {
		uint32_t gen;
		char name[LOOKUP_NAME];
		struct idiom id;
	} cache[LOOKUP_CACHE];
	struct idiom id = { .kind = ID_NONE, .loc = -1, .val = -1 };
	uint32_t h = 2166136261u, gen = lookup_generation;
	size_t n;

	if (!name || !*name)
		return id;
	for (n = 0; name[n]; n++)
		h = (h ^ (unsigned char)name[n]) * 16777619u;
	if (n >= LOOKUP_NAME)
		return lookup_uncached(name);
	h &= LOOKUP_CACHE - 1;
	if (cache[h].gen == gen && !memcmp(cache[h].name, name, n + 1))
		return cache[h].id;
	id = lookup_uncached(name);
	cache[h].gen = gen;
	memcpy(cache[h].name, name, n + 1);
	cache[h].id = id;
	return id;
}

/*
 * The index and the rules ask of every call op they walk, by its
 * interned name: a memo by id skips idiom_lookup()'s hash and compare of
 * the text (a few per cent of the rules' time).
 */
#define SYM_LOOKUP_CACHE 32768	/* a power of two; 1 MiB a thread */

struct idiom idiom_lookup_sym(sym_t name)
{
	static __thread struct {
		uint32_t gen;
		sym_t name;
		struct idiom id;
	} cache[SYM_LOOKUP_CACHE];
	uint32_t gen = lookup_generation, h;

	if (!name)
		return idiom_lookup("");
	h = (uint32_t)((name * 0x9e3779b97f4a7c15ull) >> 40) & (SYM_LOOKUP_CACHE - 1);
	if (cache[h].gen != gen || cache[h].name != name) {
		cache[h].id = idiom_lookup(sym_str(name));
		cache[h].gen = gen;
		cache[h].name = name;
	}
	return cache[h].id;
}

unsigned idiom_barrier_order_sym(sym_t name)
{
	struct idiom id = idiom_lookup_sym(name);

	return id.kind == ID_BARRIER ? id.order : 0;
}

enum annotation_meaning idiom_annotation_meaning(const char *name)
{
	struct idiom id = idiom_lookup(name);

	return id.kind == ID_ANNOTATION ? (enum annotation_meaning)id.meaning : ANN_NONE;
}

unsigned idiom_barrier_order(const char *name)
{
	struct idiom id = idiom_lookup(name);

	return id.kind == ID_BARRIER ? id.order : 0;
}

struct idiom idiom_builtin(const char *name)
{
	struct idiom id = { .kind = ID_NONE, .loc = -1, .val = -1 };
	const struct entry *e;
	const struct idiom *d;

	if (!name || !*name)
		return id;
	d = layer_lookup(&layers[1], name);
	if (d)
		return *d;
	e = bsearch(name, table, ARRAY_SIZE(table), sizeof(table[0]), cmp_entry);
	if (e)
		return e->id;
	return id;
}

/* --- iterators, the running thread, array members ------------------------ */

/* Declared iterator patterns ("*for_each*"), and the first two bytes of each one's literal text. */
static char **iterators;
static size_t niterators;
static uint8_t iterator_grams[64 * 64 / 8];
static char **running_threads;
static size_t nrunning_threads;
static struct member_array_decl *member_arrays;
static size_t nmember_arrays;

static unsigned gram_class(unsigned char c)
{
	return c & 63;
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void idioms_install_iterators(const char *const *pats, size_t n)
{
	uint64_t h = 0x2545f4914f6cdd1dull;

	free_names(iterators, niterators);
	iterators = n ? xmalloc(n * sizeof(*iterators)) : NULL;
	memset(iterator_grams, 0, sizeof(iterator_grams));
	for (size_t i = 0; i < n; i++) {
		const char *p = pats[i], *best = NULL;
		size_t bestn = 0;

		iterators[i] = xstrdup(p);
		h = hash_mix(h, hash_bytes(p, strlen(p) + 1));
		/* the longest run of literal characters: every match holds it */
		for (const char *q = p; *q;) {
			size_t k = strcspn(q, "*(");

			if (k > bestn) {
				best = q;
				bestn = k;
			}
			q += k;
			if (*q == '(')
				q = strchr(q, ')') + 2;
			else if (*q)
				q++;
		}
		if (bestn >= 2) {
			unsigned g = gram_class((unsigned char)best[0]) * 64 +
				     gram_class((unsigned char)best[1]);

			iterator_grams[g / 8] |= (uint8_t)(1u << (g % 8));
		} else {
			memset(iterator_grams, 0xff, sizeof(iterator_grams));	/* no filter */
		}
	}
	niterators = n;
	iterators_hash = n ? h : 0;
}

bool idiom_is_iterator_n(const char *name, size_t n)
{
	char buf[128];
	bool gram = false;

	if (!niterators || n >= sizeof(buf) || n < 2)
		return false;
	/* most identifiers hold none of the iterators' texts: stop here */
	for (size_t i = 0; i + 1 < n && !gram; i++) {
		unsigned g = gram_class((unsigned char)name[i]) * 64 +
			     gram_class((unsigned char)name[i + 1]);

		gram = iterator_grams[g / 8] >> (g % 8) & 1;
	}
	if (!gram)
		return false;
	memcpy(buf, name, n);
	buf[n] = '\0';
	return idiom_is_iterator(buf);
}

bool idiom_is_iterator(const char *name)
{
	for (size_t i = 0; i < niterators; i++)
		if (pattern_match(iterators[i], name))
			return true;
	return false;
}

void idioms_install_running_threads(const char *const *names, size_t n)
{
	free_names(running_threads, nrunning_threads);
	running_threads = n ? xmalloc(n * sizeof(*running_threads)) : NULL;
	for (size_t i = 0; i < n; i++)
		running_threads[i] = xstrdup(names[i]);
	nrunning_threads = n;
}

bool idiom_running_thread(const char *name)
{
	for (size_t i = 0; i < nrunning_threads; i++)
		if (!strcmp(name, running_threads[i]))
			return true;
	return false;
}

/* per-cpu and cpu-local patterns, and per-cpu-type words */
static char **per_cpu[3];
static size_t nper_cpu[3];

void idioms_install_per_cpu(unsigned which, const char *const *names, size_t n)
{
	free_names(per_cpu[which], nper_cpu[which]);
	per_cpu[which] = n ? xmalloc(n * sizeof(*per_cpu[which])) : NULL;
	for (size_t i = 0; i < n; i++)
		per_cpu[which][i] = xstrdup(names[i]);
	nper_cpu[which] = n;
}

bool idiom_per_cpu(unsigned which, const char *name)
{
	for (size_t i = 0; i < nper_cpu[which]; i++)
		if (which == PER_CPU_TYPE ? strstr(name, per_cpu[which][i]) != NULL :
					    pattern_match(per_cpu[which][i], name))
			return true;
	return false;
}

bool idiom_type_macro_arg_skipped(const struct idiom *id, unsigned arg)
{
	/* min_t(T, a, b): the one declared; container_of(p, T, m): all from 1 */
	if (id->loc < 0)
		return arg >= 1;
	return arg == (unsigned)id->loc || (id->val >= 0 && arg == (unsigned)id->val);
}

void idioms_install_member_arrays(const struct member_array_decl *v, size_t n)
{
	uint64_t h = 0x4cf5ad432745937full;

	for (size_t i = 0; i < nmember_arrays; i++) {
		free((char *)member_arrays[i].name);
		free((char *)member_arrays[i].elem);
	}
	free(member_arrays);
	member_arrays = n ? xmalloc(n * sizeof(*member_arrays)) : NULL;
	for (size_t i = 0; i < n; i++) {
		member_arrays[i].name = xstrdup(v[i].name);
		member_arrays[i].name_arg = v[i].name_arg;
		member_arrays[i].elem = v[i].elem ? xstrdup(v[i].elem) : NULL;
		h = hash_mix(h, hash_bytes(v[i].name, strlen(v[i].name) + 1));
		h = hash_mix(h, hash_bytes(&v[i].name_arg, sizeof(v[i].name_arg)));
		if (v[i].elem)
			h = hash_mix(h, hash_bytes(v[i].elem, strlen(v[i].elem) + 1));
	}
	nmember_arrays = n;
	member_arrays_hash = n ? h : 0;
}

bool idiom_member_array(const char *name, size_t n, unsigned *name_arg, const char **elem)
{
	for (size_t i = 0; i < nmember_arrays; i++)
		if (strlen(member_arrays[i].name) == n && !memcmp(name, member_arrays[i].name, n)) {
			*name_arg = member_arrays[i].name_arg;
			*elem = member_arrays[i].elem;
			return true;
		}
	return false;
}

static struct member_array_decl *object_macros;
static size_t nobject_macros;

void idioms_install_object_macros(const struct member_array_decl *v, size_t n)
{
	uint64_t h = 0x7a3c9e15d2b46f01ull;

	for (size_t i = 0; i < nobject_macros; i++) {
		free((char *)object_macros[i].name);
		free((char *)object_macros[i].elem);
		free((char *)object_macros[i].suffix);
	}
	free(object_macros);
	object_macros = n ? xmalloc(n * sizeof(*object_macros)) : NULL;
	for (size_t i = 0; i < n; i++) {
		object_macros[i].name = xstrdup(v[i].name);
		object_macros[i].name_arg = 0;
		object_macros[i].elem = xstrdup(v[i].elem);
		object_macros[i].suffix = xstrdup(v[i].suffix ? v[i].suffix : "");
		h = hash_mix(h, hash_bytes(v[i].name, strlen(v[i].name) + 1));
		h = hash_mix(h, hash_bytes(v[i].elem, strlen(v[i].elem) + 1));
		h = hash_mix(h, hash_bytes(object_macros[i].suffix,
					   strlen(object_macros[i].suffix) + 1));
	}
	nobject_macros = n;
	object_macros_hash = n ? h : 0;
}

bool idiom_object_macro(const char *name, const char **type, const char **suffix)
{
	for (size_t i = 0; i < nobject_macros; i++)
		if (!strcmp(name, object_macros[i].name)) {
			*type = object_macros[i].elem;
			*suffix = object_macros[i].suffix;
			return true;
		}
	return false;
}

static struct init_macro_decl *init_macros;
static size_t ninit_macros;

static uint64_t hash_str(uint64_t h, const char *s)
{
	return hash_mix(h, s ? hash_bytes(s, strlen(s) + 1) : 1);
}

void idioms_install_init_macros(const struct init_macro_decl *v, size_t n)
{
	uint64_t h = 0x51d2f0a9c83e6b17ull;

	for (size_t i = 0; i < ninit_macros; i++) {
		free((char *)init_macros[i].name);
		free((char *)init_macros[i].type);
		free((char *)init_macros[i].func);
		free((char *)init_macros[i].members);
	}
	free(init_macros);
	init_macros = n ? xmalloc(n * sizeof(*init_macros)) : NULL;
	for (size_t i = 0; i < n; i++) {
		init_macros[i] = (struct init_macro_decl){
			xstrdup(v[i].name), v[i].type ? xstrdup(v[i].type) : NULL, v[i].arg,
			v[i].func ? xstrdup(v[i].func) : NULL, xstrdup(v[i].members)
		};
		h = hash_str(hash_str(hash_str(hash_str(h, v[i].name), v[i].type), v[i].func),
			     v[i].members);
		h = hash_mix(h, (uint64_t)(v[i].arg + 1));
	}
	ninit_macros = n;
	init_macros_hash = n ? h : 0;
}

const struct init_macro_decl *idiom_init_macro(const char *name, size_t n, size_t *iter)
{
	for (; *iter < ninit_macros; (*iter)++) {
		const struct init_macro_decl *d = &init_macros[*iter];

		if (strlen(d->name) == n && !memcmp(d->name, name, n)) {
			(*iter)++;
			return d;
		}
	}
	return NULL;
}

static char **user_words;
static size_t nuser_words;

void idioms_install_user_words(const char *const *names, size_t n)
{
	uint64_t h = 0x3c6ef372fe94f82bull;

	free_names(user_words, nuser_words);
	user_words = n ? xmalloc(n * sizeof(*user_words)) : NULL;
	for (size_t i = 0; i < n; i++) {
		user_words[i] = xstrdup(names[i]);
		h = hash_mix(h, hash_bytes(names[i], strlen(names[i]) + 1));
	}
	nuser_words = n;
	user_words_hash = n ? h : 0;
}

const char *idiom_user_word_in(const char *s, size_t n, size_t *len)
{
	const char *best = NULL;

	for (size_t w = 0; w < nuser_words; w++) {
		size_t k = strlen(user_words[w]);

		for (size_t i = 0; i + k <= n; i++)
			if (s[i] == user_words[w][0] && !memcmp(s + i, user_words[w], k)) {
				if (!best || s + i < best) {
					best = s + i;
					*len = k;
				}
				break;
			}
	}
	return best;
}

bool idiom_is_user_word(const char *s, size_t n)
{
	for (size_t w = 0; w < nuser_words; w++)
		if (strlen(user_words[w]) == n && !memcmp(s, user_words[w], n))
			return true;
	return false;
}

size_t idiom_user_word_count(void)
{
	return nuser_words;
}

const char *idiom_user_word(size_t i)
{
	return i < nuser_words ? user_words[i] : NULL;
}

static char **guard_classes;
static uint8_t *guard_kinds;
static size_t nguard_classes;

void idioms_install_guard_classes(const char *const *patterns, const uint8_t *kinds, size_t n)
{
	uint64_t h = 0xa54ff53a5f1d36f1ull;

	free_names(guard_classes, nguard_classes);
	free(guard_kinds);
	guard_classes = n ? xmalloc(n * sizeof(*guard_classes)) : NULL;
	guard_kinds = n ? xmalloc(n) : NULL;
	for (size_t i = 0; i < n; i++) {
		guard_classes[i] = xstrdup(patterns[i]);
		guard_kinds[i] = kinds[i];
		/* what a guard-class line says shapes the IR: it is part of the cache key */
		h = hash_mix(h, hash_bytes(patterns[i], strlen(patterns[i]) + 1));
		/* through hash_bytes: a kind one apart would differ only in the bit "| 1" sets */
		h = hash_mix(h, hash_bytes(&kinds[i], 1));
	}
	nguard_classes = n;
	guard_classes_hash = n ? h : 0;
}

int idiom_guard_class_kind(const char *cls)
{
	for (size_t i = 0; i < nguard_classes; i++)
		if (pattern_match(guard_classes[i], cls))
			return guard_kinds[i];
	return -1;
}

static char *fix_read, *fix_write;
static bool fix_read_address, fix_write_address;

void idioms_install_fix_marks(const char *read, bool read_address, const char *write,
			      bool write_address)
{
	free(fix_read);
	free(fix_write);
	fix_read = read ? xstrdup(read) : NULL;
	fix_write = write ? xstrdup(write) : NULL;
	fix_read_address = read_address;
	fix_write_address = write_address;
}

const char *idiom_fix_read(void)
{
	return fix_read;
}

const char *idiom_fix_write(void)
{
	return fix_write;
}

static char *data_race_mark, *data_race_offer;

void idioms_install_data_race_mark(const char *name)
{
	free(data_race_mark);
	free(data_race_offer);
	data_race_mark = name ? xstrdup(name) : NULL;
	data_race_offer = name ? xasprintf(" or wrap it in %s() if the race is intended", name)
			       : NULL;
}

const char *idiom_data_race_offer(void)
{
	return data_race_offer ? data_race_offer : "";
}

const char *idiom_data_race_mark(void)
{
	return data_race_mark;
}

char *idiom_fix_read_text(const char *x, size_t n)
{
	if (!fix_read)
		return NULL;
	return xasprintf("%s(%s%.*s)", fix_read, fix_read_address ? "&" : "", (int)n, x);
}

char *idiom_fix_write_text(const char *x, size_t n, const char *v, size_t vn)
{
	if (!fix_write)
		return NULL;
	return xasprintf("%s(%s%.*s, %.*s)", fix_write, fix_write_address ? "&" : "", (int)n, x,
			 (int)vn, v);
}

static char **function_macros, **function_macro_prefixes;
static size_t nfunction_macros;

void idioms_install_function_macros(const char *const *pats, const char *const *prefixes, size_t n)
{
	uint64_t h = 0x6a09e667f3bcc909ull;

	free_names(function_macros, nfunction_macros);
	free_names(function_macro_prefixes, nfunction_macros);
	function_macros = n ? xmalloc(n * sizeof(*function_macros)) : NULL;
	function_macro_prefixes = n ? xmalloc(n * sizeof(*function_macro_prefixes)) : NULL;
	for (size_t i = 0; i < n; i++) {
		function_macros[i] = xstrdup(pats[i]);
		function_macro_prefixes[i] = xstrdup(prefixes[i]);
		h = hash_mix(hash_mix(h, hash_bytes(pats[i], strlen(pats[i]) + 1)),
			     hash_bytes(prefixes[i], strlen(prefixes[i]) + 1));
	}
	nfunction_macros = n;
	function_macros_hash = n ? h : 0;
}

bool idiom_function_macro(const char *macro, const char **prefix)
{
	for (size_t i = 0; i < nfunction_macros; i++)
		if (pattern_match(function_macros[i], macro)) {
			*prefix = function_macro_prefixes[i];
			return true;
		}
	return false;
}

/* A mis-sorted table would make lookups miss silently; a unit test checks. */
bool idioms_table_sorted(void)
{
	for (size_t i = 1; i < ARRAY_SIZE(table); i++)
		if (strcmp(table[i - 1].name, table[i].name) >= 0)
			return false;
	return true;
}
