/*
 * Bump allocation for data that lives and dies together: one arena per
 * scanned file holds the IR of all its functions, freed in one go.
 */
#ifndef TOCSIN_ARENA_H
#define TOCSIN_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used_total;
	size_t next_size;
};

/*
 * Every allocation is rounded up to 8 bytes, the strictest alignment of
 * anything tocsin keeps in an arena (pointers, 64-bit counts): with a
 * million functions of a dozen arrays each, rounding to 16 would cost tens
 * of megabytes of padding.
 */
static inline size_t arena_rounded(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

void *arena_alloc(struct arena *a, size_t n);
/*
 * Make the next allocations, n bytes in all as arena_rounded() counts them,
 * come from one block of exactly that size: for a caller that knows what it
 * will store, so no block is left half empty.
 */
void arena_presize(struct arena *a, size_t n);
/*
 * The same for data that lasts to the end of the run: the block comes from
 * a large mapping shared with other such blocks, not from the malloc heap.
 */
void arena_presize_lasting(struct arena *a, size_t n);
/* A thread that used arena_presize_lasting() calls this before it ends. */
void arena_thread_exit(void);
void *arena_copy(struct arena *a, const void *p, size_t n);
void arena_free(struct arena *a);
/* Bytes the arena took from malloc, used or not. */
size_t arena_reserved(const struct arena *a);

#endif
