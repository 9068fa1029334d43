/*
 * What the index answers about types is remembered per thread, but an
 * answer belongs to one index: another index, with other typedefs for
 * the same names, must get its own answers.
 */
#include "helpers.h"
#include "base/intern.h"

static void test_struct_of_answers_per_index(void **state)
{
	struct unit *a = lower_snippet("a.c", "struct foo { int x; };\n"
					      "typedef struct foo handle_t;\n");
	struct unit *b = lower_snippet("b.c", "struct bar { int y; };\n"
					      "typedef struct bar *handle_t;\n");
	struct index ia, ib;
	int pointers = -1;

	index_build(&ia, a, 1, 1);
	assert_string_equal(sym_str(index_struct_of(&ia, intern("handle_t *"), &pointers)),
			    "struct foo");
	assert_int_equal(pointers, 1);
	index_free(&ia);

	index_build(&ib, b, 1, 1);
	pointers = -1;
	assert_string_equal(sym_str(index_struct_of(&ib, intern("handle_t *"), &pointers)),
			    "struct bar");
	assert_int_equal(pointers, 2);
	/* not a struct at all: no answer, and the count is left alone */
	pointers = -1;
	assert_int_equal(index_struct_of(&ib, intern("unsigned long"), &pointers), 0);
	assert_int_equal(pointers, -1);
	index_free(&ib);
	free_snippet(a);
	free_snippet(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_struct_of_answers_per_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
