#include "base/arena.h"
#include "base/util.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

/* Start small (most files hold little IR) and double up to the cap. */
#define ARENA_FIRST (4 * 1024)
#define ARENA_CAP (256 * 1024)

/*
 * Blocks that last to the end of a run (a unit's IR once compacted) are
 * carved from large mappings of their own.  Left in the malloc heap they
 * sit between the parser's short-lived nodes, and on the whole kernel
 * malloc, free and tree-sitter's node release took 10.5k perf samples,
 * against 4.3k for the same parses with --parse-only; 6.5k with this.
 */
#define SLAB_SIZE ((size_t)32 << 20)

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

struct slab {
	/* blocks carved and not yet freed, plus one while a thread carves */
	atomic_size_t refs;
	size_t size;
	char *cur;
	size_t left;
};

struct arena_block {
	struct arena_block *next;
	struct slab *slab;	/* NULL: the block came from malloc */
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
		b->slab = NULL;
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
	b->slab = NULL;
	b->left = n;
	b->cur = (char *)b->data;
	b->next = a->head;
	a->head = b;
}

/* The slab this thread carves lasting blocks from. */
static __thread struct slab *carving;

static void slab_release(struct slab *s)
{
	if (atomic_fetch_sub(&s->refs, 1) == 1)
		munmap(s, s->size);
}

static struct slab *slab_map(size_t size)
{
	struct slab *s = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (s == MAP_FAILED)
		fatal("out of memory (mapping %zu bytes)", size);
	atomic_init(&s->refs, 1);
	s->size = size;
	s->cur = (char *)s + sizeof(struct slab);
	s->left = size - sizeof(struct slab);
	return s;
}

static struct arena_block *lasting_block(size_t bytes)
{
	const size_t align = sizeof(max_align_t);
	size_t need = (bytes + align - 1) & ~(align - 1);
	struct slab *s = carving;
	struct arena_block *b;

	if (need > SLAB_SIZE / 8) {
		/* a block of its own; the mapping goes when the block does */
		s = slab_map((sizeof(struct slab) + need + 4095) & ~(size_t)4095);
	} else {
		if (!s || s->left < need) {
			if (s)
				slab_release(s);
			s = carving = slab_map(SLAB_SIZE);
		}
		atomic_fetch_add(&s->refs, 1);
	}
	b = (struct arena_block *)s->cur;
	s->cur += need;
	s->left -= need;
	b->slab = s;
	return b;
}

void arena_presize_lasting(struct arena *a, size_t n)
{
	struct arena_block *b;

	if (!n || (a->head && a->head->left >= n))
		return;
#ifdef UNDER_ASAN
	/* under ASan, malloc's red zones around each block are worth more */
	b = xmalloc(sizeof(*b) + n);
	b->slab = NULL;
#else
	b = lasting_block(sizeof(*b) + n);
#endif
	b->left = n;
	b->cur = (char *)b->data;
	b->next = a->head;
	a->head = b;
}

void arena_thread_exit(void)
{
	if (carving) {
		slab_release(carving);
		carving = NULL;
	}
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
		if (b->slab)
			slab_release(b->slab);
		else
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
