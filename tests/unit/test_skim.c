/* Skimming: which bodies the parser may skip, and that what it reads lowers the same. */
#include "helpers.h"
#include "input/skim.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The span of the first body in text: its first `{` and the last `}`. */
static struct body_span span_of(const char *text)
{
	return (struct body_span){ (uint32_t)(strchr(text, '{') - text),
				   (uint32_t)(strrchr(text, '}') - text) };
}

static bool plain(const char *text)
{
	return body_is_plain(text, strlen(text), span_of(text));
}

static void test_plain_bodies(void **state)
{
	(void)state;
	assert_true(plain("int f(void)\n{\n\treturn 0;\n}\n"));
	assert_true(plain("int f(int x)\n{\n\tif (x) {\n\t\tx++;\n\t}\n\treturn x;\n}\n"));
	/* braces in comments, strings and characters count for nothing */
	assert_true(plain("void f(void)\n{\n\t/* } */ // }\n\tputs(\"}\");\n\tc = '}';\n}\n"));
	assert_true(plain("void f(void)\n{\n\tc = '\\'';\n\ts = \"\\\"}\";\n}\n"));
	/* each branch leaves the depth as it found it */
	assert_true(plain("void f(void)\n{\n#ifdef A\n\tif (a) {\n\t\tg();\n\t}\n#else\n\tg();\n"
			  "#endif\n}\n"));
	/* directives may hold braces and end in comments */
	assert_true(plain("void f(void)\n{\n#define X { /* one line */\n#undef X\n}\n"));
	assert_true(plain("void f(void)\n{\n#define Y(a) \\\n\tdo { a; } while (0)\n\tY(1);\n}\n"));
}

static void test_irregular_bodies_are_read(void **state)
{
	(void)state;
	/* a branch opens what the other does not: the scan and the parser may disagree */
	assert_false(plain("void f(void)\n{\n#ifdef A\n\tif (a) {\n#else\n\tif (b) {\n#endif\n"
			   "\t\tg();\n\t}\n}\n"));
	/* the braces close before the body's last one */
	assert_false(plain("void f(void)\n{\n\tg();\n}\nvoid h(void)\n{\n}\n"));
	assert_false(plain("void f(void)\n{\n\t{\n}\n"));
	/* an #if not closed in the body, or closed from outside */
	assert_false(plain("void f(void)\n{\n#if A\n\tg();\n}\n"));
	assert_false(plain("void f(void)\n{\n#endif\n\tg();\n}\n"));
	/* a string or character literal that does not end on its line */
	assert_false(plain("void f(void)\n{\n\ts = \"abc;\n}\n"));
	assert_false(plain("void f(void)\n{\n\tc = 'x;\n}\n"));
	/* a comment in a directive that runs on past its line */
	assert_false(plain("void f(void)\n{\n#if A /* and\n   B */\n\tg();\n#endif\n}\n"));
	/* a line of code continued with a backslash */
	assert_false(plain("void f(void)\n{\n\tx = 1 + \\\n\t2;\n}\n"));
	/* a comment that never ends in the body */
	assert_false(plain("void f(void)\n{\n\t/* g();\n}\n"));
}

static void test_span_must_be_a_body(void **state)
{
	const char *t = "void f(void)\n{\n\tg();\n}\n";
	size_t n = strlen(t);

	(void)state;
	assert_true(body_is_plain(t, n, (struct body_span){ 13, (uint32_t)n - 2 }));
	assert_false(body_is_plain(t, n, (struct body_span){ 12, (uint32_t)n - 2 }));
	assert_false(body_is_plain(t, n, (struct body_span){ 13, (uint32_t)n - 1 }));
	assert_false(body_is_plain(t, n, (struct body_span){ 13, (uint32_t)n + 5 }));
	assert_false(body_is_plain(t, n, (struct body_span){ 13, 13 }));
}

/*
 * A file in a vendor's style: each function preceded by a long comment
 * and followed by a macro call without a semicolon (the whole-tree case is
 * in tests/cli/test_prefilter.sh).
 */
#define BANNER "/**********************************************************************\n" \
	       " * FUNCTION: one of the functions below, with a banner long enough\n" \
	       " *           for the parser to skip what it says\n" \
	       " *********************************************************************/\n"
static const char skim_file[] =
	"typedef int status_t;\n"
	BANNER
	"status_t unread_one(handle_t h, u32 n)\n"
	"{\n"
	"\tstatus_t s = OK;\n"
	"\n"
	"\tTRACE(unread_one);\n"
	"\tif (n) {\n"
	"\t\ts = other(h, n);\n"
	"\t}\n"
	"\treturn_STATUS(s);\n"
	"}\n"
	"EXPORT_NOSEMI(unread_one)\n"
	"\n"
	BANNER
	"status_t read_one(handle_t h, u32 n)\n"
	"{\n"
	"\tstatus_t s = h->len;\n"
	"\n"
	"\t/* a short comment */\n"
	"\treturn_STATUS(s + h->len);\n"
	"}\n"
	"EXPORT_NOSEMI(read_one)\n"
	"\n"
	BANNER
	"status_t unread_two(handle_t h, u32 n)\n"
	"{\n"
	"#ifdef CONFIG_X\n"
	"\tx();\n"
	"#endif\n"
	"\treturn_STATUS(OK);\n"
	"}\n"
	"EXPORT_NOSEMI(unread_two)\n";

static void test_skimmed_file_lowers_read_functions_the_same(void **state)
{
	char path[] = "/tmp/tocsin-skim-XXXXXX.c";
	int fd = mkstemps(path, 2);
	const char *t = skim_file;
	struct body_span spans[2];
	struct skim_plan plan = { spans, 2 };
	struct file_result whole, skim;
	char *a, *b;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, t, strlen(t)), (ssize_t)strlen(t));
	close(fd);
	/* the bodies of unread_one and unread_two */
	spans[0] = (struct body_span){ (uint32_t)(strstr(t, "{\n\tstatus_t s = OK") - t),
				       (uint32_t)(strstr(t, "}\nEXPORT_NOSEMI(unread_one)") - t) };
	spans[1] = (struct body_span){ (uint32_t)(strstr(t, "{\n#ifdef") - t),
				       (uint32_t)(strstr(t, "}\nEXPORT_NOSEMI(unread_two)") - t) };
	frontend_file(path, UINT64_MAX, false, NULL, NULL, &whole);
	frontend_file(path, UINT64_MAX, false, NULL, &plan, &skim);
	unlink(path);
	assert_int_equal(whole.status, SOURCE_OK);
	assert_int_equal(skim.status, SOURCE_OK);
	assert_int_equal(skim.bodies_skimmed, 2);
	assert_int_equal(whole.bodies_skimmed, 0);
	/* the same functions, found where they were */
	assert_int_equal(skim.unit.nfuncs, whole.unit.nfuncs);
	assert_int_equal(skim.unit.nfuncs, 3);
	assert_int_equal(skim.unit.nstructs, whole.unit.nstructs);
	for (uint32_t i = 0; i < whole.unit.nfuncs; i++) {
		assert_int_equal(skim.unit.funcs[i].name, whole.unit.funcs[i].name);
		assert_int_equal(skim.unit.funcs[i].line, whole.unit.funcs[i].line);
	}
	/* the read function lowers to the same IR; the skipped ones to nothing */
	assert_non_null(func_named(&whole.unit, "read_one"));
	assert_non_null(func_named(&skim.unit, "read_one"));
	a = dump_of(func_named(&whole.unit, "read_one"));
	b = dump_of(func_named(&skim.unit, "read_one"));
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "len"));
	assert_true(whole.unit.funcs[0].nops > 0);
	assert_int_equal(skim.unit.funcs[0].nops, 0);
	assert_int_equal(skim.unit.funcs[2].nops, 0);
	free(a);
	free(b);
	unit_free(&whole.unit);
	unit_free(&skim.unit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_bodies),
		cmocka_unit_test(test_irregular_bodies_are_read),
		cmocka_unit_test(test_span_must_be_a_body),
		cmocka_unit_test(test_skimmed_file_lowers_read_functions_the_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
