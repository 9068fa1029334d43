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

/*
 * typedef struct hdr { ... } hdr_t defines struct hdr as well as the
 * name: its members are known by the struct's tag, as for an anonymous
 * struct by the typedef's name.
 */
static void test_struct_defined_in_a_typedef(void **state)
{
	struct unit *u = lower_snippet("t.c", "typedef struct image_hdr {\n"
					      "\tunsigned int magic;\n"
					      "\tstruct image_desc images[];\n"
					      "} image_hdr_t;\n"
					      "typedef struct { int a; } anon_t;\n");
	struct index idx;

	index_build(&idx, u, 1, 1);
	assert_string_equal(sym_str(index_struct_of(&idx, intern("image_hdr_t"), NULL)),
			    "struct image_hdr");
	assert_string_equal(sym_str(index_field_type(&idx, intern("struct image_hdr"),
						     intern("magic"))),
			    "unsigned int");
	assert_string_equal(sym_str(index_field_type(&idx, intern("struct image_hdr"),
						     intern("images"))),
			    "struct image_desc []");
	assert_int_equal(index_field_rank(&idx, intern("struct image_hdr"), intern("images")), 1);
	/* the anonymous one as before: by the typedef's name */
	assert_int_equal(index_field_rank(&idx, intern("struct anon_t"), intern("a")), 0);
	index_free(&idx);
	free_snippet(u);
}

/* An array member keeps its type "T []" and records how many elements it has. */
static void test_array_member_count(void **state)
{
	struct unit *u = lower_snippet("t.c", "#define NODE_BYTES 16\n"
					      "struct uuid {\n"
					      "\tunsigned int low;\n"
					      "\tunsigned char node[8];\n"
					      "\tunsigned char half[NODE_BYTES / 2];\n"
					      "\tunsigned char tail[];\n"
					      "\tunsigned char grid[2][4];\n"
					      "};\n");
	struct index idx;
	sym_t s = intern("struct uuid");

	index_build(&idx, u, 1, 1);
	assert_string_equal(sym_str(index_field_type(&idx, s, intern("node"))), "unsigned char []");
	assert_int_equal(index_field_count(&idx, s, intern("node")), 8);
	/* a macro constant is not a number the scan knows */
	assert_int_equal(index_field_count(&idx, s, intern("half")), 0);
	assert_int_equal(index_field_count(&idx, s, intern("tail")), 0);
	assert_int_equal(index_field_count(&idx, s, intern("grid")), 0);
	assert_int_equal(index_field_count(&idx, s, intern("low")), 0);
	index_free(&idx);
	free_snippet(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_struct_of_answers_per_index),
		cmocka_unit_test(test_struct_defined_in_a_typedef),
		cmocka_unit_test(test_array_member_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
