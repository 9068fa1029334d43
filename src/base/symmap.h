/*
 * A map from interned string to uint32_t, open addressing.  Multimaps are
 * built on it with a `next` array: the map holds the head of each chain.
 */
#ifndef TOCSIN_SYMMAP_H
#define TOCSIN_SYMMAP_H

#include "base/intern.h"

#include <stdbool.h>
#include <stdint.h>

struct symmap {
	sym_t *keys;
	uint32_t *vals;
	uint32_t cap, n;
};

void symmap_put(struct symmap *m, sym_t key, uint32_t val);
/* The value for key, or `missing`. */
uint32_t symmap_get(const struct symmap *m, sym_t key, uint32_t missing);
/* Insert key with val if absent; returns the value now stored. */
uint32_t symmap_get_or_put(struct symmap *m, sym_t key, uint32_t val);
void symmap_free(struct symmap *m);

#endif
