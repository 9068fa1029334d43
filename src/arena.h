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

void *arena_alloc(struct arena *a, size_t n);
void *arena_copy(struct arena *a, const void *p, size_t n);
void arena_free(struct arena *a);

#endif
