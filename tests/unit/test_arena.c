/*
 * Lasting arena blocks (arena_presize_lasting): carved from shared
 * mappings, they must keep their contents apart, and a mapping must go
 * once every block carved from it is freed, whichever thread frees it.
 */
#include "helpers.h"
#include "base/arena.h"

#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#define NARENAS 600

/* Is the page holding p still mapped? */
static bool mapped(const void *p)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char v;
	void *at = (void *)((uintptr_t)p & ~(uintptr_t)(page - 1));

	return mincore(at, 1, &v) == 0 || errno != ENOMEM;
}

static const unsigned char *fill(struct arena *a, size_t n, unsigned seed)
{
	unsigned char *p;
	size_t reserved;

	arena_presize_lasting(a, arena_rounded(n));
	reserved = arena_reserved(a);
	p = arena_alloc(a, n);
	/* presized exactly: the allocation took the block, no other */
	assert_int_equal(arena_reserved(a), reserved);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
	return p;
}

static bool intact(size_t n, unsigned seed, const unsigned char *p)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + i * 7))
			return false;
	return true;
}

static size_t size_of(unsigned i)
{
	/* small and medium blocks, and every 97th past the carving limit */
	return i % 97 == 0 ? (size_t)5 << 20 : 24 + (size_t)(i * 2654435761u % 200000);
}

static void test_blocks_keep_their_contents(void **state)
{
	struct arena *a = test_calloc(NARENAS, sizeof(*a));
	const unsigned char **first = test_calloc(NARENAS, sizeof(*first));

	for (unsigned i = 0; i < NARENAS; i++)
		first[i] = fill(&a[i], size_of(i), i);
	/* free every other one, then check the rest were not touched */
	for (unsigned i = 0; i < NARENAS; i += 2)
		arena_free(&a[i]);
	for (unsigned i = 1; i < NARENAS; i += 2)
		assert_true(intact(size_of(i), i, first[i]));
	for (unsigned i = 1; i < NARENAS; i += 2)
		arena_free(&a[i]);
	arena_thread_exit();
	test_free(first);
	test_free(a);
}

static void test_own_mapping_goes_with_its_block(void **state)
{
	struct arena a = {0};
	const void *p;

	arena_presize_lasting(&a, (size_t)6 << 20);
	p = arena_alloc(&a, (size_t)6 << 20);
	assert_true(mapped(p));
	arena_free(&a);
	assert_false(mapped(p));
}

struct carved {
	struct arena a[8];
	const void *p[8];
};

static void *carve(void *arg)
{
	struct carved *c = arg;

	for (unsigned i = 0; i < 8; i++) {
		arena_presize_lasting(&c->a[i], 4096);
		c->p[i] = arena_alloc(&c->a[i], 4096);
	}
	/* the thread ends before its blocks are freed, as a parse worker does */
	arena_thread_exit();
	return NULL;
}

static void test_shared_mapping_goes_with_its_last_block(void **state)
{
	struct carved c = {0};
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, carve, &c), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	for (unsigned i = 0; i < 7; i++) {
		arena_free(&c.a[i]);
		assert_true(mapped(c.p[7]));
	}
	arena_free(&c.a[7]);
	assert_false(mapped(c.p[7]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_keep_their_contents),
		cmocka_unit_test(test_own_mapping_goes_with_its_block),
		cmocka_unit_test(test_shared_mapping_goes_with_its_last_block),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
