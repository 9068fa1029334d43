/* Small helpers shared by every part of tocsin. */
#ifndef TOCSIN_UTIL_H
#define TOCSIN_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdlib.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* Allocation failure is not an input error; there is nothing to salvage. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "tocsin: error: ..." and exit 2 (usage or input error). */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

uint64_t hash_bytes(const void *p, size_t n);
static inline uint64_t hash_mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

/*
 * Spread every bit of h over the low bits, which a power-of-two table
 * indexes by.  Symbol ids carry their shard in the high bits, so without
 * this 32 strings share each low value and linear probing degrades into
 * a scan (murmur3's 64-bit finaliser).
 */
static inline uint64_t hash_finish(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

bool str_starts(const char *s, const char *prefix);
bool str_ends(const char *s, const char *suffix);
/* Length of the directory part two paths share ("a/b/x.c", "a/b/y.c": 3). */
size_t common_dir_prefix(const char *a, const char *b);
/*
 * Length of the well-formed UTF-8 sequence at p, of at most avail bytes
 * (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF);
 * 0 if there is none.
 */
unsigned utf8_seq_len(const unsigned char *p, size_t avail);
bool str_contains(const char *s, const char *needle);
/* s spells a C integer constant (0x80, 12UL): its value in *v */
bool c_integer(const char *s, long long *v);

/*
 * A growable array.  Declared inline as a member or local:
 *	VEC(uint32_t) ids = {0};
 */
#define VEC(T)                  \
	struct {                \
		T *v;           \
		uint32_t n;     \
		uint32_t cap;   \
	}

/* A run of bytes of a text, [start, end). */
struct text_span {
	uint32_t start, end;
};

/* A named growable array of uint32_t, for passing between functions. */
struct u32_vec {
	uint32_t *v;
	uint32_t n;
	uint32_t cap;
};

void vec_grow_(void **v, uint32_t *cap, uint32_t need, size_t elem);

#define vec_reserve(vec, need)                                              \
	do {                                                                \
		if ((need) > (vec)->cap)                                    \
			vec_grow_((void **)&(vec)->v, &(vec)->cap, (need),  \
				  sizeof(*(vec)->v));                       \
	} while (0)

#define vec_push(vec, x)                             \
	do {                                         \
		vec_reserve((vec), (vec)->n + 1);    \
		(vec)->v[(vec)->n++] = (x);          \
	} while (0)

#define vec_free(vec)                 \
	do {                          \
		free((vec)->v);       \
		(vec)->v = NULL;      \
		(vec)->n = (vec)->cap = 0; \
	} while (0)

/* A string builder. */
struct sbuf {
	char *s;
	size_t len, cap;
};

void sb_putc(struct sbuf *b, char c);
void sb_puts(struct sbuf *b, const char *s);
void sb_putn(struct sbuf *b, const char *s, size_t n);
void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct sbuf *b, const char *fmt, va_list ap);
void sb_reset(struct sbuf *b);
void sb_free(struct sbuf *b);
/* The built string, always NUL-terminated (an empty buffer gives ""). */
const char *sb_str(struct sbuf *b);

double now_seconds(void);
/* With TOCSIN_PHASES=1 in the environment, print how long each phase took. */
void phase_mark(const char *name);
/* TOCSIN_PHASES=1: print where time and memory go, for profiling. */
bool phases_enabled(void);

/* memcpy and qsort with an empty range allowed to have a NULL base. */
void copy_n(void *dst, const void *src, size_t n);
void sort_n(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
