/* Which constant a variable must hold where an op runs (ir/cases.h). */
#include "helpers.h"
#include "ir/cases.h"

#include <stdio.h>

/* The conditions at the first call of `callee` in f, as "var=A|B;..." */
static const char *conds_at_call(const struct ir_func *f, const char *callee, char *buf,
				 size_t n)
{
	const struct ir_op *op = find_op(f, OP_CALL, callee);
	struct case_map *m = case_map_build(f);
	struct case_cond c[4];
	unsigned k;
	size_t len = 0;

	assert_non_null(op);
	k = case_conds_at(m, f, (uint32_t)(op - f->ops), c, 4);
	buf[0] = '\0';
	/* values in the order of their spellings: the join's order is no matter */
	for (unsigned i = 0; i < k; i++)
		for (uint32_t j = 1; j < c[i].n; j++)
			for (uint32_t l = j; l > 0 && strcmp(sym_str(c[i].value[l - 1]),
							     sym_str(c[i].value[l])) > 0; l--) {
				sym_t t = c[i].value[l];

				c[i].value[l] = c[i].value[l - 1];
				c[i].value[l - 1] = t;
			}
	for (unsigned i = 0; i < k; i++) {
		len += (size_t)snprintf(buf + len, n - len, "%s%s=", i ? ";" : "",
					sym_str(f->vars[c[i].var].name));
		for (uint32_t j = 0; j < c[i].n; j++)
			len += (size_t)snprintf(buf + len, n - len, "%s%s", j ? "|" : "",
						sym_str(c[i].value[j]));
	}
	case_map_free(m);
	return buf;
}

static void test_switch_cases_and_fallthrough(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"long h(struct d *d, unsigned int cmd)\n"
		"{\n"
		"	switch (cmd) {\n"
		"	case SET_A:\n"
		"		only_a(d);\n"
		"	case SET_B:\n"
		"		a_or_b(d);\n"
		"		break;\n"
		"	case 1 ... 4:\n"
		"		in_range(d);\n"
		"		break;\n"
		"	default:\n"
		"		other(d);\n"
		"	}\n"
		"	after(d);\n"
		"	return 0;\n"
		"}\n");
	const struct ir_func *f = func_named(u, "h");
	char buf[256];

	assert_string_equal(conds_at_call(f, "only_a", buf, sizeof(buf)), "cmd=SET_A");
	assert_string_equal(conds_at_call(f, "a_or_b", buf, sizeof(buf)), "cmd=SET_A|SET_B");
	/* a GNU range is no one value; default is any */
	assert_string_equal(conds_at_call(f, "in_range", buf, sizeof(buf)), "");
	assert_string_equal(conds_at_call(f, "other", buf, sizeof(buf)), "");
	assert_string_equal(conds_at_call(f, "after", buf, sizeof(buf)), "");
	free_snippet(u);
}

static void test_if_tests_and_early_return(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"long h(struct d *d, unsigned int cmd, int x)\n"
		"{\n"
		"	if (cmd == GET_A || cmd == GET_B)\n"
		"		either(d);\n"
		"	else if (cmd == _IOW( 'V', 1,  int))\n"
		"		written(d);\n"
		"	if (x && cmd == SET_C)\n"
		"		with_x(d);\n"
		"	if (cmd != SET_D)\n"
		"		return -EINVAL;\n"
		"	only_d(d);\n"
		"	return 0;\n"
		"}\n");
	const struct ir_func *f = func_named(u, "h");
	char buf[256];

	assert_string_equal(conds_at_call(f, "either", buf, sizeof(buf)), "cmd=GET_A|GET_B");
	assert_string_equal(conds_at_call(f, "written", buf, sizeof(buf)), "cmd=_IOW('V',1,int)");
	assert_string_equal(conds_at_call(f, "with_x", buf, sizeof(buf)), "cmd=SET_C");
	assert_string_equal(conds_at_call(f, "only_d", buf, sizeof(buf)), "cmd=SET_D");
	free_snippet(u);
}

static void test_a_reassigned_variable_says_nothing(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"long h(struct d *d, unsigned int cmd)\n"
		"{\n"
		"	unsigned int nr = _IOC_NR(cmd);\n"
		"	if (cmd == OLD_SET)\n"
		"		cmd = NEW_SET;\n"
		"	if (cmd == NEW_SET)\n"
		"		set(d);\n"
		"	if (nr == 3)\n"
		"		third(d);\n"
		"	return 0;\n"
		"}\n");
	const struct ir_func *f = func_named(u, "h");
	char buf[256];

	assert_false(case_var_stable(f, 1));
	assert_string_equal(conds_at_call(f, "set", buf, sizeof(buf)), "");
	/* a local given one value, outside any loop, keeps it */
	assert_string_equal(conds_at_call(f, "third", buf, sizeof(buf)), "nr=3");
	free_snippet(u);
}

static void test_values_compare_by_spelling(void **state)
{
	struct case_cond a = { .n = 1, .value = { intern("0x10") } };
	struct case_cond b = { .n = 1, .value = { intern("16") } };
	struct case_cond c = { .n = 2, .value = { intern("SET_A"), intern("SET_B") } };
	struct case_cond d = { .n = 1, .value = { intern("SET_C") } };

	assert_true(case_conds_compatible(&a, &b));
	assert_false(case_conds_compatible(&c, &d));
	d.value[0] = intern("SET_B");
	assert_true(case_conds_compatible(&c, &d));
	case_cond_meet(&c, &d);
	assert_int_equal(c.n, 1);
	assert_string_equal(sym_str(c.value[0]), "SET_B");
	/* the IR's sources drop a unary minus: compare magnitudes with them */
	assert_true(case_magnitudes_may_match(intern("-ENOIOCTLCMD"), intern("ENOIOCTLCMD")));
	assert_false(case_magnitudes_may_match(intern("-ENOIOCTLCMD"), intern("EFAULT")));
	assert_true(case_magnitudes_may_match(intern("-1"), intern("1")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_switch_cases_and_fallthrough),
		cmocka_unit_test(test_if_tests_and_early_return),
		cmocka_unit_test(test_a_reassigned_variable_says_nothing),
		cmocka_unit_test(test_values_compare_by_spelling),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
