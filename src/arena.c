#include "arena.h"
#include "util.h"

#include <stdlib.h>
#include <stddef.h>
#include <string.h>

/* Start small (most files hold little IR) and double up to the cap. */
#define ARENA_FIRST (4 * 1024)
#define ARENA_CAP (256 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t left;
	char *cur;
	max_align_t data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	void *p;

	n = arena_rounded(n);
	if (!b || b->left < n) {
		size_t want = a->next_size ? a->next_size : ARENA_FIRST;
		size_t sz = n > want ? n : want;

		a->next_size = want * 2 > ARENA_CAP ? ARENA_CAP : want * 2;

		b = xmalloc(sizeof(*b) + sz);
		b->left = sz;
		b->cur = (char *)b->data;
		b->next = a->head;
		a->head = b;
	}
	p = b->cur;
	b->cur += n;
	b->left -= n;
	a->used_total += n;
	return p;
}

void arena_presize(struct arena *a, size_t n)
{
	struct arena_block *b;

	if (!n || (a->head && a->head->left >= n))
		return;
	b = xmalloc(sizeof(*b) + n);
	b->left = n;
	b->cur = (char *)b->data;
	b->next = a->head;
	a->head = b;
}

void *arena_copy(struct arena *a, const void *p, size_t n)
{
	/*
	 * Empty arrays point here rather than at NULL, so `array + 0`, which
	 * the IR's accessors do for empty ranges, stays defined behaviour.
	 */
	static const max_align_t empty;
	void *d;

	if (!n)
		return (void *)&empty;
	d = arena_alloc(a, n);
	memcpy(d, p, n);
	return d;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->used_total = 0;
	a->next_size = 0;
}

size_t arena_reserved(const struct arena *a)
{
	size_t n = 0;

	for (const struct arena_block *b = a->head; b; b = b->next)
		n += sizeof(*b) + (size_t)(b->cur - (const char *)b->data) + b->left;
	return n;
}
