/*
 * The string table behind a cache per thread: a string has one id however
 * many threads ask and whatever their caches hold, and a string that only
 * shares a slot, a prefix or its first eight bytes with another never gets
 * the other's id.
 */
#include "helpers.h"
#include "base/intern.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

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

/*
 * A batch gives each string the id intern() gives it, whether the string
 * was new, already in the table, in this thread's cache, empty, or twice
 * in the batch; and sorting the batch by shard loses none of them.
 */
static void test_batch_agrees_with_one_at_a_time(void **state)
{
	enum { N = 3000 };
	static char text[N][64];
	static const char *s[N];
	static uint32_t len[N];
	static sym_t out[N];
	sym_t known = intern("struct kvm_vcpu::arch.known_before");

	for (unsigned i = 0; i < N; i++) {
		if (i % 500 == 7)
			snprintf(text[i], sizeof(text[i]), "%s", "");
		else if (i % 300 == 11)
			snprintf(text[i], sizeof(text[i]), "%s", sym_str(known));
		else
			/* every tenth repeats an earlier string of the batch */
			name_of(text[i], sizeof(text[i]), 3 * NSTRINGS + (i % 10 ? i : i / 2));
		s[i] = text[i];
		len[i] = (uint32_t)strlen(text[i]);
	}
	intern_many(s, len, N, out);
	for (unsigned i = 0; i < N; i++) {
		if (!len[i]) {
			assert_int_equal(out[i], 0);
			continue;
		}
		assert_int_equal(out[i], intern(text[i]));
		assert_string_equal(sym_str(out[i]), text[i]);
	}
	assert_int_equal(out[11], known);
	/* and once more, now that every one of them is in the table and the cache */
	intern_many(s, len, N, out);
	for (unsigned i = 0; i < N; i++)
		assert_int_equal(out[i], len[i] ? intern(text[i]) : 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_id_per_string),
		cmocka_unit_test(test_ids_survive_eviction),
		cmocka_unit_test(test_threads_agree),
		cmocka_unit_test(test_batch_agrees_with_one_at_a_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
