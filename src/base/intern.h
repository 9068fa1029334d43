/*
 * Interned strings: every name, type, access path and field key in the IR
 * is a 32-bit id, so the IR stays small on a whole kernel tree and equal
 * strings compare as equal integers.  Safe to call from worker threads.
 * Id 0 is the empty string and means "none".
 */
#ifndef TOCSIN_INTERN_H
#define TOCSIN_INTERN_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t sym_t;

sym_t intern(const char *s);
sym_t intern_n(const char *s, size_t n);
/*
 * intern_n() of n strings at once, out[i] for s[i]: a shard's lock is
 * taken once for all of them, and the table's slots are fetched ahead.
 */
void intern_many(const char *const *s, const uint32_t *len, uint32_t n, sym_t *out);
/* The id of s if already interned, else 0; never inserts. */
sym_t intern_find(const char *s, size_t n);
const char *sym_str(sym_t id);
size_t intern_bytes(void);

/*
 * A per-thread memo for a pure function of one id (a type's base, a key's
 * parent): the analysis asks the same few thousand of them millions of
 * times, and each answer is string work and an intern.  The index keeps
 * its memos in one per-thread context (index/memo.h).
 */
#define SYM_MEMO_BITS 12
#define SYM_MEMO_SLOTS (1u << SYM_MEMO_BITS)

struct sym_memo {
	sym_t in, out;
	int32_t aux;
};

static inline struct sym_memo *sym_memo_at(struct sym_memo *m, sym_t in)
{
	return &m[(uint32_t)(in * 2654435761u) >> (32 - SYM_MEMO_BITS)];
}

#endif
