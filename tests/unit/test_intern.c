/*
 * The string table behind a cache per thread: a string has one id however
 * many threads ask and whatever their caches hold, and a string that only
 * shares a slot, a prefix or its first eight bytes with another never gets
 * the other's id.
 */
#include "helpers.h"
#include "intern.h"

#include <pthread.h>
#include <stdio.h>

#define NSTRINGS 20000

static void name_of(char *buf, size_t n, unsigned i)
{
	/* long and alike: the differences sit past the first eight bytes */
	snprintf(buf, n, "struct kvm_vcpu::arch.field_%u", i);
}

static void test_one_id_per_string(void **state)
{
	sym_t a = intern("vcpu->arch.mp_state");
	sym_t b = intern_n("vcpu->arch.mp_state.mp_state", 19);
	sym_t c = intern("vcpu->arch.mp_state.mp_state");
	sym_t d = intern("vcpu->arch.mp_stat");

	assert_true(a != 0);
	assert_int_equal(a, b);
	assert_true(c != a);
	assert_true(d != a && d != c);
	assert_string_equal(sym_str(a), "vcpu->arch.mp_state");
	assert_string_equal(sym_str(d), "vcpu->arch.mp_stat");
	assert_int_equal(intern_find("vcpu->arch.mp_state", 19), a);
	assert_int_equal(intern_find("never interned anywhere", 23), 0);
	assert_int_equal(intern(""), 0);
}

/* More strings than a thread's cache has slots: evicted ones keep their id. */
static void test_ids_survive_eviction(void **state)
{
	static sym_t first[NSTRINGS];
	char buf[64];

	for (unsigned i = 0; i < NSTRINGS; i++) {
		name_of(buf, sizeof(buf), i);
		first[i] = intern(buf);
	}
	for (unsigned i = NSTRINGS; i-- > 0;) {
		name_of(buf, sizeof(buf), i);
		assert_int_equal(intern(buf), first[i]);
		assert_string_equal(sym_str(first[i]), buf);
	}
}

struct asker {
	unsigned stride;
	sym_t ids[NSTRINGS];
};

static void *ask_all(void *arg)
{
	struct asker *a = arg;
	char buf[64];

	/* each thread in its own order, so each fills its cache differently */
	for (unsigned k = 0; k < NSTRINGS; k++) {
		unsigned i = (k * a->stride) % NSTRINGS;

		name_of(buf, sizeof(buf), i + NSTRINGS);
		a->ids[i] = intern(buf);
	}
	return NULL;
}

static void test_threads_agree(void **state)
{
	static struct asker one = { .stride = 1 }, other = { .stride = 7919 };
	pthread_t t1, t2;
	char buf[64];

	assert_int_equal(pthread_create(&t1, NULL, ask_all, &one), 0);
	assert_int_equal(pthread_create(&t2, NULL, ask_all, &other), 0);
	assert_int_equal(pthread_join(t1, NULL), 0);
	assert_int_equal(pthread_join(t2, NULL), 0);
	for (unsigned i = 0; i < NSTRINGS; i++) {
		name_of(buf, sizeof(buf), i + NSTRINGS);
		assert_int_equal(one.ids[i], other.ids[i]);
		assert_int_equal(intern(buf), one.ids[i]);
		assert_string_equal(sym_str(one.ids[i]), buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_id_per_string),
		cmocka_unit_test(test_ids_survive_eviction),
		cmocka_unit_test(test_threads_agree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
