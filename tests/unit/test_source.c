/* Source preparation: what the parser sees, and that offsets survive. */
#include "helpers.h"
#include "profile/profile.h"
#include "input/source.h"
#include "profile/idioms.h"

static void prepare(struct source *s, const char *text)
{
	source_from_buffer(s, "t.c", text, strlen(text));
}

static void test_annotations_blanked_same_length(void **state)
{
	struct source s;
	const char *text = "static int __init foo(struct bar __user *p) __must_hold(&x->lock)\n{}\n";

	prepare(&s, text);
	assert_int_equal(strlen(s.parse_text), strlen(text));
	assert_null(strstr(s.parse_text, "__init"));
	assert_null(strstr(s.parse_text, "__user"));
	assert_null(strstr(s.parse_text, "__must_hold"));
	assert_null(strstr(s.parse_text, "x->lock"));
	/* what was blanked is kept for its meaning */
	assert_int_equal(s.annotations.n, 3);
	assert_string_equal(sym_str(s.annotations.v[2].name), "__must_hold");
	assert_string_equal(sym_str(s.annotations.v[2].arg), "&x->lock");
	/* and the original text is untouched */
	assert_string_equal(s.text, text);
	source_free(&s);
}

static void test_annotations_in_strings_and_comments_kept(void **state)
{
	struct source s;

	prepare(&s, "/* __user */ const char *m = \"__init\"; // __rcu\n");
	assert_non_null(strstr(s.parse_text, "/* __user */"));
	assert_non_null(strstr(s.parse_text, "\"__init\""));
	assert_non_null(strstr(s.parse_text, "// __rcu"));
	source_free(&s);
}

static void test_type_arguments(void **state)
{
	struct source s;
	const char *text = "p = container_of(dev, struct kvm_pit, dev); q = (struct foo)x; "
			   "n = offsetof(struct bar, m);";

	prepare(&s, text);
	assert_non_null(strstr(s.parse_text, "container_of(dev,        kvm_pit, dev)"));
	/* a cast keeps its keyword */
	assert_non_null(strstr(s.parse_text, "(struct foo)x"));
	assert_non_null(strstr(s.parse_text, "offsetof(       bar, m)"));
	assert_true(source_is_type_arg(&s, (uint32_t)(strstr(text, "kvm_pit") - text)));
	assert_false(source_is_type_arg(&s, (uint32_t)(strstr(text, "dev)") - text)));
	source_free(&s);
}

/* macros a profile declares with type-arg or type-call: the type becomes one word */
static void test_declared_type_arguments(void **state)
{
	struct source s;
	const char *text =
		"p = xzalloc(struct foo); a = xzalloc_array(union host_lpi *, n);\n"
		"c = xzalloc_array(char, f(x, y)); typeof(*p) q = *p;\n"
		"m = min_t(unsigned long, a, 1); t = xzalloc(\"s\"); u = xzalloc(struct\nbar);\n"
		"#define W(t) xzalloc(t)\n";

	idioms_install_type_args((struct type_arg_decl[]){
		{ "xzalloc", 1 }, { "xzalloc_array", 1 }, { "typeof", TYPE_ARG_CALL },
		{ "min_t", 1 }, { "xzalloc_array", 4 } }, 5);
	prepare(&s, text);
	assert_int_equal(strlen(s.parse_text), strlen(text));
	assert_non_null(strstr(s.parse_text, "xzalloc(struct_foo)"));
	assert_non_null(strstr(s.parse_text, "xzalloc_array(union_host_lpi__, n)"));
	/* a keyword alone is no word: its first letter goes */
	assert_non_null(strstr(s.parse_text, "xzalloc_array(_har, f(x, y))"));
	assert_non_null(strstr(s.parse_text, "typeof__p_ q = *p;"));
	assert_non_null(strstr(s.parse_text, "min_t(unsigned_long, a, 1)"));
	/* a string, a type split over lines, a macro definition: left alone */
	assert_non_null(strstr(s.parse_text, "xzalloc(\"s\")"));
	assert_non_null(strstr(s.parse_text, "xzalloc(struct\nbar)"));
	assert_non_null(strstr(s.parse_text, "W(t) xzalloc(t)"));
	assert_true(source_is_type_arg(&s, (uint32_t)(strstr(text, "struct foo") - text)));
	assert_true(source_is_type_arg(&s, (uint32_t)(strstr(text, "char") - text)));
	assert_true(source_is_type_arg(&s, (uint32_t)(strstr(text, "typeof") - text)));
	assert_false(source_is_type_arg(&s, (uint32_t)(strstr(text, "f(x") - text)));
	assert_false(source_is_type_arg(&s, (uint32_t)(strstr(text, "a, 1") - text)));
	source_free(&s);
	/* with none declared, nothing is rewritten */
	idioms_install_type_args(NULL, 0);
	prepare(&s, text);
	assert_string_equal(s.parse_text, text);
	source_free(&s);
}

/* a macro declared with string-macro is spelt as a blank string */
static void test_declared_string_macros(void **state)
{
	struct source s;
	const char *text = "printk(LOG_ERR PFX \"x\\n\", LOG_ERRNO);\n#define LOG_ERR \"<0>\"\n"
			   "printk(MY_LOG_WARN \"y\");\n";

	idioms_install_string_macros((const char *[]){ "LOG_ERR", "MY_LOG_*" }, 2);
	prepare(&s, text);
	assert_non_null(strstr(s.parse_text, "printk(\"     \" PFX \"x\\n\", LOG_ERRNO);"));
	/* the definition itself is left alone */
	assert_non_null(strstr(s.parse_text, "#define LOG_ERR \"<0>\""));
	assert_non_null(strstr(s.parse_text, "printk(\"         \" \"y\")"));
	source_free(&s);
	idioms_install_string_macros(NULL, 0);
	prepare(&s, text);
	assert_string_equal(s.parse_text, text);
	source_free(&s);
}

static void test_gnu_ranges(void **state)
{
	struct source s;

	prepare(&s, "switch (x) { case 2 ... 4: break; }\nint a[8] = { [0 ... 7] = 1 };\n"
		    "void f(int n, ...);\n");
	assert_non_null(strstr(s.parse_text, "case 2      : break;"));
	assert_non_null(strstr(s.parse_text, "[0      ] = 1"));
	/* a variadic parameter is not a range */
	assert_non_null(strstr(s.parse_text, "int n, ...)"));
	source_free(&s);
}

static void test_braceless_iterator(void **state)
{
	struct source s;
	const char *text = "kvm_for_each_vcpu(i, v, kvm)\n\t\tv->x = 1;\n"
			   "list_for_each_entry(p, h, l) {\n}\n"
			   "#define for_each_x(a) for (a = 0; a < 1; a++)\n";

	prepare(&s, text);
	/* a ";" after the header of the brace-less one, in a blank */
	assert_int_equal(s.synthetic_semis.n, 1);
	assert_int_equal(s.parse_text[s.synthetic_semis.v[0]], ';');
	assert_int_equal(text[s.synthetic_semis.v[0]], '\t');
	/* lines do not move */
	assert_int_equal(strlen(s.parse_text), strlen(text));
	source_free(&s);
}

static void test_nul_bytes_do_not_end_the_parse(void **state)
{
	struct source s;
	const char text[] = "int a;\0int b;\n";

	source_from_buffer(&s, "t.c", text, sizeof(text) - 1);
	assert_int_equal(s.len, sizeof(text) - 1);
	assert_int_equal(s.parse_text[6], ' ');
	source_free(&s);
}

static void test_binary_detection(void **state)
{
	const char *text = "int main(void) { return 0; }\r\n";

	const char nul[] = "int x; /* \0 */\nint y;\n";
	const char latin1[] = "/* caf\xe9, na\xefve */\nint z;\n";
	unsigned char noise[4096];
	uint32_t seed = 12345;

	for (size_t i = 0; i < sizeof(noise); i++) {
		seed = seed * 1103515245u + 12345u;
		noise[i] = (unsigned char)(seed >> 16);
	}
	assert_true(looks_binary("\x7f" "ELF\0\0\0", 7));
	assert_true(looks_binary((const char *)noise, sizeof(noise)));
	assert_false(looks_binary(text, strlen(text)));
	assert_false(looks_binary("", 0));
	/* gcc compiles these; so must tocsin read them */
	assert_false(looks_binary(nul, sizeof(nul) - 1));
	assert_false(looks_binary(latin1, sizeof(latin1) - 1));
	/*
	 * Control bytes among printable ones, at every offset within a word:
	 * one byte in eight is binary, one in eleven is not.
	 */
	{
		char dense[800], sparse[880];

		for (size_t i = 0; i < sizeof(dense); i++)
			dense[i] = i % 8 == (i / 8) % 8 ? '\x01' : 'a';
		for (size_t i = 0; i < sizeof(sparse); i++)
			sparse[i] = i % 11 == 3 ? '\x01' : ' ';
		assert_true(looks_binary(dense, sizeof(dense)));
		assert_false(looks_binary(sparse, sizeof(sparse)));
	}
}

static void test_lines(void **state)
{
	struct source s;
	size_t n;
	const char *l;

	prepare(&s, "a\r\nbb\nccc");
	assert_int_equal(source_nlines(&s), 3);
	l = source_line(&s, 1, &n);
	assert_int_equal(n, 1);
	assert_memory_equal(l, "a", 1);
	l = source_line(&s, 3, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(l, "ccc", 3);
	source_line(&s, 4, &n);
	assert_int_equal(n, 0);
	source_free(&s);
}

/* Which comments the parser may skip: long ones, outside directives. */
static void test_long_comments(void **state)
{
	struct source s;
	const char *text =
		"/* short */\n"
		"/* a comment of sixty-four bytes or more, which the parser may skip */\n"
		"int x; // a line comment long enough to be skipped by the parser as well\n"
		"#define A 1 /* in a directive: part of the line the parser must read */\n"
		"// continued with a backslash, so it runs on to the next line, too \\\n"
		"int y;\n"
		"char *s = \"/* in a string, not a comment at all, however long it is */\";\n";
	const char *first = strstr(text, "/* a comment"), *second = strstr(text, "// a line");

	(void)state;
	prepare(&s, text);
	assert_int_equal(s.long_comments.n, 2);
	assert_int_equal(s.long_comments.v[0].start, first - text);
	assert_int_equal(s.long_comments.v[0].end, strstr(first, "*/") + 2 - text);
	assert_int_equal(s.long_comments.v[1].start, second - text);
	assert_int_equal(s.long_comments.v[1].end, strchr(second, '\n') - text);
	source_free(&s);
}

/* the Linux kernel's idioms (its iterators) come from its profile */
static int load_linux_kernel(void **state)
{
	static struct profile_set s;

	profile_load(&s, "linux-kernel", NULL, 0);
	return 0;
}

static void test_directives_inside_asm_kept(void **state)
{
	struct source s;
	const char *text =
		"static inline long rd(const long *p)\n{\n\tlong x;\n"
		"\tasm volatile(\n"
		"#ifdef CONFIG_WIDE\n"
		"\t\t\"ld %0, %1\"\n"
		"#elif defined(CONFIG_MID) && \\\n"
		"\t\tdefined(CONFIG_ODD)\n"
		"\t\t\"lh %0, %1\"\n"
		"#else\n"
		"\t\t\"lw %0, %1\" SUFFIX(tail)\n"
		"#endif\n"
		"\t\t: \"=r\"(x) : \"m\"(*p));\n\treturn x;\n}\n";

	prepare(&s, text);
	assert_int_equal(strlen(s.parse_text), strlen(text));
	/*
	 * the directives between the template's strings are no macro names
	 * made "": the #if-arm pass sees them whole, then they are blanked
	 * (the grammar takes none inside an expression), lines kept
	 */
	assert_null(strchr(s.parse_text, '#'));
	assert_null(strstr(s.parse_text, "CONFIG_"));
	for (size_t k = 0; k < s.len; k++)
		assert_int_equal(s.parse_text[k] == '\n', text[k] == '\n');
	assert_non_null(strstr(s.parse_text, "\"ld %0, %1\""));
	assert_non_null(strstr(s.parse_text, "\"lw %0, %1\""));
	/* a macro pasted onto the strings is still an empty string */
	assert_null(strstr(s.parse_text, "SUFFIX"));
	assert_null(strstr(s.parse_text, "tail"));
	source_free(&s);
}

static void test_alternative_openings_keep_first(void **state)
{
	struct source s;
	const char *text =
		"struct phy {\n\tint *ops;\n"
		"#ifdef CONFIG_DBG\n"
		"\t/* a struct when debugging */\n"
		"\tstruct {\n"
		"#else\n"
		"\tunion {\n"
		"#endif\n"
		"\t\tint *a;\n\t};\n};\n"
		"#ifdef CONFIG_X\n\tstruct { int y; };\n#else\n\tunion {\n#endif\n";

	(void)state;
	prepare(&s, text);
	assert_int_equal(strlen(s.parse_text), strlen(text));
	for (size_t k = 0; k < s.len; k++)
		assert_int_equal(s.parse_text[k] == '\n', text[k] == '\n');
	/* the first group: one opening a build takes, directives gone */
	assert_non_null(strstr(s.parse_text, "\tstruct {\n"));
	assert_null(strstr(s.parse_text, "CONFIG_DBG"));
	/* ... the other arm blanked: the only union left is the second group's */
	assert_ptr_equal(strstr(s.parse_text, "union"), strstr(s.parse_text, "\tunion {\n#endif") + 1);
	/* the second: an arm that is more than an opening is left alone */
	assert_non_null(strstr(s.parse_text, "#ifdef CONFIG_X"));
	assert_non_null(strstr(s.parse_text, "\tunion {\n#endif"));
	source_free(&s);
}

/*
 * The block's close split the same way (#ifdef X "}" #else "}" #endif):
 * both openings kept, as both closes are, or one close would be too many.
 */
static void test_alternative_openings_with_split_close_kept(void **state)
{
	struct source s;
	const char *text =
		"void f(int *m)\n{\n"
		"#ifdef CONFIG_SMP\n"
		"\twhile (more(m)) {\n"
		"#else\n"
		"\t{ /* one '}' in a comment */\n"
		"#endif\n"
		"\t\twork(\"{\");\n"
		"#ifdef CONFIG_SMP\n\t}\n#else\n\t}\n#endif\n}\n";

	(void)state;
	prepare(&s, text);
	assert_int_equal(strlen(s.parse_text), strlen(text));
	assert_non_null(strstr(s.parse_text, "\twhile (more(m)) {\n"));
	assert_non_null(strstr(s.parse_text, "\t{ /*"));
	source_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_annotations_blanked_same_length),
		cmocka_unit_test(test_annotations_in_strings_and_comments_kept),
		cmocka_unit_test(test_type_arguments),
		cmocka_unit_test(test_declared_type_arguments),
		cmocka_unit_test(test_declared_string_macros),
		cmocka_unit_test(test_gnu_ranges),
		cmocka_unit_test(test_braceless_iterator),
		cmocka_unit_test(test_nul_bytes_do_not_end_the_parse),
		cmocka_unit_test(test_binary_detection),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_long_comments),
		cmocka_unit_test(test_directives_inside_asm_kept),
		cmocka_unit_test(test_alternative_openings_keep_first),
		cmocka_unit_test(test_alternative_openings_with_split_close_kept),
	};

	return cmocka_run_group_tests(tests, load_linux_kernel, NULL);
}
