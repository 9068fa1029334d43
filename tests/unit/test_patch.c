/*
 * The patch writer: byte edits in, a unified diff out, with three lines of
 * context, hunks merged where their context meets, numbered as diff(1)
 * numbers them, and nothing changed but the bytes edited.
 */
#include "helpers.h"
#include "input/patch.h"
#include "rules/fix_hint.h"

static const char text[] =
	"l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\nl11\nl12\nl13\nl14\nl15\nl16\n";

static char *diff_of(struct source *s, struct patch *p)
{
	return patch_diff(p, "d/f.c");
}

static void test_replace_has_context(void **state)
{
	struct source s;
	struct patch p;
	char *d;

	source_from_buffer(&s, "f.c", text, strlen(text));
	patch_init(&p, &s);
	patch_replace(&p, 9, 11, "X");	/* "l4" -> "X" */
	d = diff_of(&s, &p);
	assert_string_equal(d, "--- a/d/f.c\n+++ b/d/f.c\n@@ -1,7 +1,7 @@\n l1\n l2\n l3\n-l4\n+X\n"
			       " l5\n l6\n l7\n");
	free(d);
	patch_free(&p);
	source_free(&s);
}

/* Lines put before a line; and a second change far below: two hunks, the second shifted. */
static void test_insert_lines_two_hunks(void **state)
{
	struct source s;
	struct patch p;
	char *d;

	source_from_buffer(&s, "f.c", text, strlen(text));
	patch_init(&p, &s);
	patch_insert(&p, 3, "new\n");			/* before l2 */
	patch_replace(&p, (uint32_t)(strstr(text, "l14") - text), (uint32_t)(strstr(text, "l14") - text) + 3, "Y");
	d = diff_of(&s, &p);
	assert_string_equal(d, "--- a/d/f.c\n+++ b/d/f.c\n"
			       "@@ -1,4 +1,5 @@\n l1\n+new\n l2\n l3\n l4\n"
			       "@@ -11,6 +12,6 @@\n l11\n l12\n l13\n-l14\n+Y\n l15\n l16\n");
	free(d);
	patch_free(&p);
	source_free(&s);
}

/* Changes whose context windows meet make one hunk; edits at one offset keep their order. */
static void test_close_changes_merge(void **state)
{
	struct source s;
	struct patch p;
	char *d;

	source_from_buffer(&s, "f.c", text, strlen(text));
	patch_init(&p, &s);
	patch_insert(&p, 6, "a");		/* start of l3 */
	patch_insert(&p, 6, "b");
	patch_replace(&p, 21, 23, "Z");	/* l8 */
	d = diff_of(&s, &p);
	assert_string_equal(d, "--- a/d/f.c\n+++ b/d/f.c\n@@ -1,11 +1,11 @@\n l1\n l2\n-l3\n+abl3\n"
			       " l4\n l5\n l6\n l7\n-l8\n+Z\n l9\n l10\n l11\n");
	free(d);
	patch_free(&p);
	source_free(&s);
}

/* Overlapping edits, or one past the end: no diff rather than a wrong one. */
static void test_overlap_refused(void **state)
{
	struct source s;
	struct patch p;

	source_from_buffer(&s, "f.c", text, strlen(text));
	patch_init(&p, &s);
	patch_replace(&p, 3, 8, "x");
	patch_replace(&p, 6, 9, "y");
	assert_null(patch_diff(&p, "f.c"));
	patch_free(&p);
	patch_init(&p, &s);
	patch_replace(&p, 3, 1000, "x");
	assert_null(patch_diff(&p, "f.c"));
	patch_free(&p);
	source_free(&s);
}

/* The last line without a newline is marked as diff(1) marks it. */
static void test_no_newline_at_end(void **state)
{
	struct source s;
	struct patch p;
	char *d;

	source_from_buffer(&s, "f.c", "a\nb", 3);
	patch_init(&p, &s);
	patch_replace(&p, 2, 3, "c");
	d = diff_of(&s, &p);
	assert_string_equal(d, "--- a/d/f.c\n+++ b/d/f.c\n@@ -1,2 +1,2 @@\n a\n-b\n"
			       "\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
	free(d);
	patch_free(&p);
	source_free(&s);
}

/* A bit-field keeps its width out of the type but says it is one (" :"). */
static void test_bitfield_member_type(void **state)
{
	struct unit *u = lower_snippet("b.c", "struct s { unsigned int busy : 1; unsigned int n; };\n");
	struct index idx;

	index_build(&idx, u, 1, 1);
	assert_string_equal(sym_str(index_field_type(&idx, intern("struct s"), intern("busy"))),
			    "unsigned int :");
	assert_string_equal(sym_str(index_field_type(&idx, intern("struct s"), intern("n"))),
			    "unsigned int");
	index_free(&idx);
	free_snippet(u);
}

/* What READ_ONCE() can take: scalars and pointers, not bit-fields, arrays or whole structs. */
static void test_markable_fields(void **state)
{
	struct unit *u = lower_snippet("m.c", "struct in { int a; };\n"
					      "struct s { unsigned int busy : 1; unsigned long n; int *p;\n"
					      "  int v[4]; struct in whole; struct in *ptr; mystery_t m; };\n");
	struct index idx;
	const char *why = NULL;

	index_build(&idx, u, 1, 1);
	assert_true(hint_field_markable(&idx, intern("struct s::n"), &why));
	assert_true(hint_field_markable(&idx, intern("struct s::p"), &why));
	assert_true(hint_field_markable(&idx, intern("struct s::ptr"), &why));
	assert_false(hint_field_markable(&idx, intern("struct s::busy"), &why));
	assert_string_equal(why, "the field is a bit-field");
	assert_false(hint_field_markable(&idx, intern("struct s::v"), &why));
	assert_false(hint_field_markable(&idx, intern("struct s::whole"), &why));
	assert_false(hint_field_markable(&idx, intern("struct s::nothing"), &why));
	index_free(&idx);
	free_snippet(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replace_has_context),
		cmocka_unit_test(test_insert_lines_two_hunks),
		cmocka_unit_test(test_close_changes_merge),
		cmocka_unit_test(test_overlap_refused),
		cmocka_unit_test(test_no_newline_at_end),
		cmocka_unit_test(test_bitfield_member_type),
		cmocka_unit_test(test_markable_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
