/* The lexical scan: where definitions, bodies and declarations at file scope are. */
#include "helpers.h"
#include "input/lexscan.h"

static const struct lex_def *def_named(const struct lex_facts *fx, const char *name, int kind)
{
	uint64_t h = lex_hash(name, strlen(name));

	for (uint32_t d = 0; d < fx->ndefs; d++)
		if (fx->defs[d].name == h && fx->defs[d].kind == kind)
			return &fx->defs[d];
	return NULL;
}

/* The text of [start, end) as a string; freed by the test. */
static char *slice(const char *t, uint32_t start, uint32_t end)
{
	char *s = test_malloc(end - start + 1);

	memcpy(s, t + start, end - start);
	s[end - start] = '\0';
	return s;
}

static void expect_item(const char *t, const struct lex_def *d, const char *want)
{
	char *s;

	assert_non_null(d);
	assert_true(d->item_close > d->item_open);
	s = slice(t, d->item_open, d->item_close);
	assert_string_equal(s, want);
	test_free(s);
}

/* The text of the scan's directive k. */
static void expect_directive(const char *t, const struct lex_facts *fx, uint32_t k,
			     const char *want)
{
	char *s;

	assert_true(k < fx->ndirectives);
	s = slice(t, fx->directives[k].start, fx->directives[k].end);
	assert_string_equal(s, want);
	test_free(s);
}

static void test_items_and_bodies(void **state)
{
	const char *t =
		"#include <linux/types.h>\n"
		"/* a comment before */\n"
		"struct frob { int len; struct { int a; } in; };\n"
		"typedef struct frob frob_t;\n"
		"static int frob_count, frob_max = 4;\n"
		"int frob_apply(struct frob *f)\n"
		"{\n"
		"\tif (f->len) {\n"
		"\t\treturn 1;\n"
		"\t}\n"
		"\treturn 0;\n"
		"}\n"
		"#ifdef CONFIG_FROB\n"
		"void frob_hook(void);\n"
		"#endif\n";
	struct lex_facts fx;
	const struct lex_def *fn;

	(void)state;
	lex_scan(t, strlen(t), NULL, 0, &fx);
	assert_true(fx.items_ok);
	expect_item(t, def_named(&fx, "frob", LEX_TAG), "struct frob { int len; struct { int a; } in; };");
	expect_item(t, def_named(&fx, "frob_t", LEX_TYPEDEF), "typedef struct frob frob_t;");
	expect_item(t, def_named(&fx, "frob_count", LEX_GLOBAL), "static int frob_count, frob_max = 4;");
	expect_item(t, def_named(&fx, "frob_max", LEX_GLOBAL), "static int frob_count, frob_max = 4;");
	fn = def_named(&fx, "frob_apply", LEX_FUNC);
	expect_item(t, fn, "int frob_apply(struct frob *f)\n{\n\tif (f->len) {\n\t\treturn 1;\n\t}\n"
		    "\treturn 0;\n}");
	assert_int_equal(t[fn->body_open], '{');
	assert_int_equal(t[fn->body_close], '}');
	assert_int_equal(fn->body_close + 1, fn->item_close);
	/* the directives at file scope, each with its newline */
	assert_int_equal(fx.ndirectives, 3);
	expect_directive(t, &fx, 1, "#ifdef CONFIG_FROB\n");
	lex_facts_free(&fx);
}

/* A directive continued over CRLF lines is one directive, to its last line. */
static void test_crlf_continued_directive(void **state)
{
	const char *t = "#define FROB(x) \\\r\n\tdo { x; } while (0)\r\nint frob_n;\r\n";
	struct lex_facts fx;

	(void)state;
	lex_scan(t, strlen(t), NULL, 0, &fx);
	assert_true(fx.items_ok);
	assert_int_equal(fx.ndirectives, 1);
	expect_directive(t, &fx, 0, "#define FROB(x) \\\r\n\tdo { x; } while (0)\r\n");
	expect_item(t, def_named(&fx, "frob_n", LEX_GLOBAL), "int frob_n;");
	lex_facts_free(&fx);
}

static void test_items_lost(void **state)
{
	struct lex_facts fx;
	/* a branch opens a brace the other does not */
	const char *branches =
		"#ifdef A\nstruct s {\n\tint a;\n#else\nstruct s {\n\tint b;\n#endif\n\tint c;\n};\n";
	/* a brace in column 0 inside a body: the scan resets its depth */
	const char *column0 = "void f(void)\n{\n\tif (x) {\n}\nint y;\n";
	/* a body that never closes */
	const char *open = "void f(void)\n{\n\tg();\n";

	(void)state;
	lex_scan(branches, strlen(branches), NULL, 0, &fx);
	assert_false(fx.items_ok);
	lex_facts_free(&fx);
	lex_scan(column0, strlen(column0), NULL, 0, &fx);
	assert_false(fx.items_ok);
	lex_facts_free(&fx);
	lex_scan(open, strlen(open), NULL, 0, &fx);
	assert_false(fx.items_ok);
	assert_int_equal(def_named(&fx, "f", LEX_FUNC)->body_close, 0);
	lex_facts_free(&fx);
}

/* A macro call with no semicolon runs into the declaration after it. */
static void test_macro_call_joins_the_next_item(void **state)
{
	const char *t = "EXPORT_NOSEMI(a)\nstruct b { int x; };\n";
	struct lex_facts fx;

	(void)state;
	lex_scan(t, strlen(t), NULL, 0, &fx);
	assert_true(fx.items_ok);
	expect_item(t, def_named(&fx, "b", LEX_TAG), "EXPORT_NOSEMI(a)\nstruct b { int x; };");
	lex_facts_free(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items_and_bodies),
		cmocka_unit_test(test_crlf_continued_directive),
		cmocka_unit_test(test_items_lost),
		cmocka_unit_test(test_macro_call_joins_the_next_item),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
