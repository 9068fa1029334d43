/* The idiom table: what the lowering takes a macro or helper to mean. */
#include "helpers.h"
#include "profile/idioms.h"
#include "profile/profile.h"
#include "base/intern.h"

static void test_table_sorted(void **state)
{
	assert_true(idioms_table_sorted());
}

static void test_locks(void **state)
{
	struct idiom id = idiom_lookup("spin_lock_irqsave");

	assert_int_equal(id.kind, ID_LOCK);
	assert_int_equal(id.lock, LOCK_SPIN);
	assert_int_equal(idiom_lookup("raw_spin_unlock_irqrestore").kind, ID_UNLOCK);
	assert_int_equal(idiom_lookup("spin_trylock_bh").kind, ID_TRYLOCK);
	assert_int_equal(idiom_lookup("spin_lock_init").kind, ID_NONE);
	/* the variants' words only: a helper named after the lock is a function */
	assert_int_equal(idiom_lookup("raw_spin_lock_irqsave_rcu_node").kind, ID_LOCK);
	assert_int_equal(idiom_lookup("spin_lock_nest_lock").kind, ID_LOCK);
	assert_int_equal(idiom_lookup("spin_lock_irqsave_check_contention").kind, ID_NONE);
	assert_int_equal(idiom_lookup("spin_unlock_bucket").kind, ID_NONE);
	assert_int_equal(idiom_lookup("mutex_lock_killable").kind, ID_LOCK);
	assert_int_equal(idiom_lookup("down_read").lock, LOCK_READ);
	assert_int_equal(idiom_lookup("up_write").kind, ID_UNLOCK);
	assert_int_equal(idiom_lookup("rcu_read_lock").kind, ID_RCU_LOCK);
	assert_int_equal(idiom_lookup("lockdep_assert_held").kind, ID_ASSERT_HELD);
}

/* DECLARE_BITMAP(name, bits) and its kin declare an array member */
static void test_member_array_macros(void **state)
{
	unsigned arg;
	const char *elem;

	assert_true(idiom_member_array("DECLARE_BITMAP", 14, &arg, &elem));
	assert_int_equal(arg, 0);
	assert_string_equal(elem, "unsigned long");
	assert_true(idiom_member_array("DECLARE_FLEX_ARRAY", 18, &arg, &elem));
	assert_int_equal(arg, 1);
	assert_null(elem);
	/* the length counts: a longer name is another macro */
	assert_false(idiom_member_array("DECLARE_BITMAP", 13, &arg, &elem));
	assert_false(idiom_member_array("DECLARE_WAITQUEUE", 17, &arg, &elem));
}

static void test_atomics_find_the_atomic_argument(void **state)
{
	assert_int_equal(idiom_lookup("atomic_inc").loc, 0);
	assert_int_equal(idiom_lookup("atomic_add").loc, 1);
	assert_int_equal(idiom_lookup("atomic64_sub_return").loc, 1);
	assert_int_equal(idiom_lookup("atomic_add_unless").loc, 0);
	assert_int_equal(idiom_lookup("atomic_read").kind, ID_READ);
	assert_int_equal(idiom_lookup("atomic_long_set").kind, ID_WRITE);
	assert_int_equal(idiom_lookup("atomic_cmpxchg").kind, ID_RMW);
	assert_int_equal(idiom_lookup("set_bit").loc, 1);
	assert_int_equal(idiom_lookup("__set_bit").mark, MARK_PLAIN);
	/* this CPU's instance of a per-CPU variable, by value */
	assert_int_equal(idiom_lookup("this_cpu_inc").kind, ID_RMW);
	assert_int_equal(idiom_lookup("this_cpu_inc").mark, MARK_DATA_RACE);
	assert_int_equal(idiom_lookup("__this_cpu_read").kind, ID_READ);
	assert_false(idiom_lookup("this_cpu_read").loc_is_ptr);
	assert_int_equal(idiom_lookup("raw_cpu_write").val, 1);
	assert_int_equal(idiom_lookup("this_cpu_ptr").kind, ID_NONE);
	/* KCSAN's assertions read nothing: they state who else may touch it */
	assert_int_equal(idiom_lookup("ASSERT_EXCLUSIVE_WRITER").kind, ID_ASSERT_EXCL);
	assert_int_equal(idiom_lookup("ASSERT_EXCLUSIVE_WRITER").mark, 0);
	assert_int_equal(idiom_lookup("ASSERT_EXCLUSIVE_ACCESS").mark, 1);
	assert_int_equal(idiom_lookup("ASSERT_EXCLUSIVE_BITS").kind, ID_UNEVALUATED);
}

static void test_protected_dereference_wrappers_are_marked(void **state)
{
	assert_int_equal(idiom_lookup("rtnl_dereference").kind, ID_READ);
	assert_int_equal(idiom_lookup("rtnl_dereference").mark, MARK_RCU);
	assert_int_equal(idiom_lookup("rht_dereference_rcu").mark, MARK_RCU);
	assert_int_equal(idiom_lookup("rcu_dereference_bh_check").mark, MARK_RCU);
	/* a name that only contains the word, or is the bare word, is not one */
	assert_int_equal(idiom_lookup("dereference").kind, ID_NONE);
	assert_int_equal(idiom_lookup("do_dereferencer").kind, ID_NONE);
}

static void test_tracing_and_warnings(void **state)
{
	assert_int_equal(idiom_lookup("trace_kvm_nested_vmenter").kind, ID_TRACE);
	assert_int_equal(idiom_lookup("pr_err_ratelimited").kind, ID_TRACE);
	assert_int_equal(idiom_lookup("dev_dbg").kind, ID_TRACE);
	assert_int_equal(idiom_lookup("dev_get_drvdata").kind, ID_NONE);
	assert_int_equal(idiom_lookup("pr_fmt").kind, ID_NONE);
	assert_int_equal(idiom_lookup("WARN_ON_ONCE").kind, ID_WARN);
	assert_int_equal(idiom_lookup("KVM_BUG_ON").kind, ID_WARN);
	assert_int_equal(idiom_lookup("BUG").kind, ID_NORETURN);
}

static void test_iterators(void **state)
{
	assert_true(idiom_is_iterator("kvm_for_each_vcpu"));
	assert_true(idiom_is_iterator("list_for_each_entry_safe"));
	assert_true(idiom_is_iterator("for_each_set_bit"));
	assert_true(idiom_is_iterator("xa_for_each"));
	assert_false(idiom_is_iterator("format_it"));
	assert_false(idiom_is_iterator("kvm_vcpu_kick"));
}

/* the Linux kernel's idioms come from its profile, not from the code */
static int load_linux_kernel(void **state)
{
	static struct profile_set s;

	profile_load(&s, "linux-kernel", NULL, 0);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_member_array_macros),
		cmocka_unit_test(test_table_sorted),
		cmocka_unit_test(test_locks),
		cmocka_unit_test(test_atomics_find_the_atomic_argument),
		cmocka_unit_test(test_protected_dereference_wrappers_are_marked),
		cmocka_unit_test(test_tracing_and_warnings),
		cmocka_unit_test(test_iterators),
	};

	return cmocka_run_group_tests(tests, load_linux_kernel, NULL);
}
