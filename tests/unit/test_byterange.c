/*
 * Byte forms: what the lowering writes down for a call's size and address
 * arguments, and the arithmetic rules use to tell whether two copies can
 * read a byte in common.
 */
#include "helpers.h"
#include "base/intern.h"
#include "ir/byterange.h"
#include "profile/profile.h"

/* The form of argument k of the first call to `callee` in function fn. */
static const char *form_of(const struct ir_func *f, const char *callee, unsigned k)
{
	for (uint32_t o = 0; o < f->nops; o++) {
		const struct ir_op *op = &f->ops[o];

		if (op->kind == OP_CALL && !strcmp(sym_str(op->a), callee))
			return f->args[op->src_start + k].form ?
				       sym_str(f->args[op->src_start + k].form) : "";
	}
	return NULL;
}

static void test_forms_of_sizes_and_offsets(void **state)
{
	struct unit *u = lower_snippet(
		"f.c",
		"struct hdr { int a, b; };\n"
		"long f(const char __user *buf, struct hdr __user *h, unsigned long __user *r, int n)\n"
		"{\n"
		"	struct hdr k;\n"
		"	unsigned long sz = sizeof(struct hdr);\n"
		"	unsigned long moved = 4;\n"
		"	one(&k, buf + sizeof(k), 16 * sizeof(unsigned long));\n"
		"	two(&k, (long __user *)&h->a + 1, offsetof(struct hdr, b));\n"
		"	three(&k, &r[4], n);\n"
		"	four(&k, buf + 2 + n, sizeof(*h) - 4);\n"
		"	five(&k, buf, 4 * sizeof(u32));\n"
		"	six(&k, buf + sz, sz);\n"
		"	moved += n;\n"
		"	seven(&k, buf + moved, moved);\n"
		"	eight(&k, &r[2 * n + 1], n);\n"
		"	return 0;\n"
		"}\n");
	const struct ir_func *f = func_named(u, "f");

	assert_non_null(f);
	assert_string_equal(form_of(f, "one", 1), "@0+1*sizeof(struct hdr)|char");
	assert_string_equal(form_of(f, "one", 2), "=128");
	assert_string_equal(form_of(f, "two", 1), "@8|long");
	assert_string_equal(form_of(f, "two", 2), "=0+1*offsetof(struct hdr,b)");
	assert_string_equal(form_of(f, "three", 1), "@32|unsigned long");
	/* a variable size is no constant: no form */
	assert_string_equal(form_of(f, "three", 2), "");
	/* a variable in an offset is a term of its own, bound to its value by the rule */
	assert_string_equal(form_of(f, "four", 1), "@2+1*$n|char");
	assert_string_equal(form_of(f, "four", 2), "=-4+1*sizeof(struct hdr)");
	/* sizeof(u32) parses as sizeof of an expression: a type all the same */
	assert_string_equal(form_of(f, "five", 2), "=16");
	/* a local initialised with a constant, and never assigned again, is it */
	assert_string_equal(form_of(f, "six", 1), "@0+1*sizeof(struct hdr)|char");
	assert_string_equal(form_of(f, "six", 2), "=0+1*sizeof(struct hdr)");
	/* one assigned anywhere in the function is not */
	assert_string_equal(form_of(f, "seven", 1), "@0+1*$moved|char");
	assert_string_equal(form_of(f, "seven", 2), "");
	/* lanes of one index: 2 * n elements of 8 bytes, then one more */
	assert_string_equal(form_of(f, "eight", 1), "@8+16*$n|unsigned long");
	free_snippet(u);
}

static void test_lin_round_trip_and_sign(void **state)
{
	struct arg_form a, b;
	struct lin d;

	assert_true(form_parse(intern("@8+2*sizeof(struct x)+?|long"), &a));
	assert_int_equal(a.kind, '@');
	assert_int_equal(a.off.c, 8);
	assert_int_equal(a.off.n, 1);
	assert_int_equal(a.off.k[0], 2);
	assert_string_equal(sym_str(a.off.name[0]), "sizeof(struct x)");
	assert_true(a.off.unknown);
	assert_string_equal(sym_str(a.elem), "long");

	/* sizeof(struct x) - sizeof(struct x) cancels; what is left is its sign */
	assert_true(form_parse(intern("=0+1*sizeof(struct x)"), &b));
	d = b.off;
	assert_true(lin_add(&d, &b.off, -1));
	assert_int_equal(d.n, 0);
	assert_true(lin_nonneg(&d));
	assert_true(lin_add(&d, &b.off, -1));
	assert_false(lin_nonneg(&d));

	/* one sum however it was reached; another constant is another sum */
	assert_true(lin_same(&b.off, &b.off));
	d = b.off;
	d.c = 1;
	assert_false(lin_same(&b.off, &d));

	assert_false(form_parse(intern("size"), &a));
	assert_false(form_parse(intern("=x"), &a));
	assert_int_equal(scalar_size("const unsigned long"), 8);
	assert_int_equal(scalar_size("__le16"), 2);
	assert_int_equal(scalar_size("struct x"), 0);
	assert_string_equal(sym_str(type_pointee(intern("const char * __user"))), "char");
	assert_string_equal(sym_str(type_pointee(intern("long []"))), "long");
	assert_int_equal(type_pointee(intern("long")), 0);
}

/*
 * A declared qualifier after the star is dropped as a whole word only: a
 * name that merely ends in its letters (const__user) is not the qualifier.
 */
static void test_pointee_qualifiers_are_words(void **state)
{
	(void)state;
	type_pointee_set_qualifiers((const char *const[]){ "__user", "__my_q" }, 2);
	assert_string_equal(sym_str(type_pointee(intern("char * __user"))), "char");
	assert_string_equal(sym_str(type_pointee(intern("char * __my_q"))), "char");
	assert_string_equal(sym_str(type_pointee(intern("char *const __my_q __user"))), "char");
	assert_int_equal(type_pointee(intern("char *const__user")), 0);
	assert_int_equal(type_pointee(intern("char *x__my_q")), 0);
	assert_int_equal(type_pointee(intern("char *myconst")), 0);
	/* the profile's words again, for the tests after */
	type_pointee_set_qualifiers((const char *const[]){ "__user" }, 1);
	assert_string_equal(sym_str(type_pointee(intern("const char * __user"))), "char");
}

/* Linux's __user is an annotation its profile declares, not the code */
static int load_linux_kernel(void **state)
{
	static struct profile_set s;

	profile_load(&s, "linux-kernel", NULL, 0);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms_of_sizes_and_offsets),
		cmocka_unit_test(test_lin_round_trip_and_sign),
		cmocka_unit_test(test_pointee_qualifiers_are_words),
	};

	return cmocka_run_group_tests(tests, load_linux_kernel, NULL);
}
