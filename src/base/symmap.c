#include "base/symmap.h"
#include "base/util.h"

#include <stdlib.h>

static uint32_t slot_of(sym_t k, uint32_t cap)
{
	uint64_t h = (uint64_t)k * 0x9e3779b97f4a7c15ull;

	return (uint32_t)(h >> 32) & (cap - 1);
}

static void grow(struct symmap *m)
{
	uint32_t cap = m->cap ? m->cap * 2 : 64;
	sym_t *k = xcalloc(cap, sizeof(sym_t));
	uint32_t *v = xcalloc(cap, sizeof(uint32_t));

	for (uint32_t i = 0; i < m->cap; i++) {
		uint32_t j;

		if (!m->keys[i])
			continue;
		for (j = slot_of(m->keys[i], cap); k[j]; j = (j + 1) & (cap - 1))
			;
		k[j] = m->keys[i];
		v[j] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	m->keys = k;
	m->vals = v;
	m->cap = cap;
}

uint32_t symmap_get_or_put(struct symmap *m, sym_t key, uint32_t val)
{
	uint32_t j;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	for (j = slot_of(key, m->cap); m->keys[j]; j = (j + 1) & (m->cap - 1))
		if (m->keys[j] == key)
			return m->vals[j];
	m->keys[j] = key;
	m->vals[j] = val;
	m->n++;
	return val;
}

void symmap_put(struct symmap *m, sym_t key, uint32_t val)
{
	uint32_t j;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	for (j = slot_of(key, m->cap); m->keys[j]; j = (j + 1) & (m->cap - 1))
		if (m->keys[j] == key) {
			m->vals[j] = val;
			return;
		}
	m->keys[j] = key;
	m->vals[j] = val;
	m->n++;
}

uint32_t symmap_get(const struct symmap *m, sym_t key, uint32_t missing)
{
	if (!m->cap || !key)
		return missing;
	for (uint32_t j = slot_of(key, m->cap); m->keys[j]; j = (j + 1) & (m->cap - 1))
		if (m->keys[j] == key)
			return m->vals[j];
	return missing;
}

void symmap_free(struct symmap *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = NULL;
	m->vals = NULL;
	m->cap = m->n = 0;
}
