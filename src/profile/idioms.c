#include "profile/idioms.h"
#include "ir/ir.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	const char *name;
	struct idiom id;
};

#define R(m, l, p) { ID_READ, m, 0, l, p, -1, false, false }
#define W(m, l, p, v) { ID_WRITE, m, 0, l, p, v, false, false }
#define RMW(m, l, p) { ID_RMW, m, 0, l, p, -1, false, false }
/* one bit of the word at argument l, whose number is argument 0 */
#define RB(m, l) { .kind = ID_READ, .mark = m, .loc = l, .loc_is_ptr = true, .val = -1, .bit = true }
#define RMWB(m, l) { .kind = ID_RMW, .mark = m, .loc = l, .loc_is_ptr = true, .val = -1, .bit = true }
#define LK(k, t) { k, 0, t, 0, true, -1, false, false }
/* a lock taken through the object that carries it (struct idiom.owner) */
#define OWNER(k, t) { .kind = k, .lock = t, .loc = 0, .loc_is_ptr = true, .val = -1, .owner = true }
#define NOARG(k) { k, 0, 0, -1, false, -1, false, false }
#define TE(f, g) { ID_THREAD_ENTRY, 0, 0, f, false, g, false, false }
/*
 * A thread entry that never runs twice at once for one registration: a
 * work item (a kthread_work too) is never run twice at once, a tasklet
 * runs on one CPU at a time; each is embedded in the object its function
 * finds with container_of, so one registration is one object.  A kthread
 * is one thread, but a pool of them may share the data they are handed,
 * and timers and interrupt handlers are left plain.
 */
#define TES(f, g) { .kind = ID_THREAD_ENTRY, .loc = f, .val = g, .serial = true }
/* a memory barrier: what it orders (IDIOM_ORDER_*) */
#define BAR(o) { .kind = ID_BARRIER, .loc = -1, .val = -1, .order = (o) }
#define BAR_W BAR(IDIOM_ORDER_WRITE)
#define BAR_R BAR(IDIOM_ORDER_READ)
#define BAR_RW BAR(IDIOM_ORDER_WRITE | IDIOM_ORDER_READ)
#define EXCL(all) { ID_ASSERT_EXCL, all, 0, 0, false, -1, false, false }

/* Sorted by name (strcmp order) for bsearch; checked at start-up. */
static const struct entry table[] = {
	/*
	 * KCSAN's assertions name a location to watch; nothing is read.  The
	 * author states there that no other writer (or no other access) runs
	 * at once.  _BITS allows writers of the other bits: only a name here.
	 */
	{ "ASSERT_EXCLUSIVE_ACCESS", EXCL(1) },
	{ "ASSERT_EXCLUSIVE_ACCESS_SCOPED", EXCL(1) },
	{ "ASSERT_EXCLUSIVE_BITS", NOARG(ID_UNEVALUATED) },
	{ "ASSERT_EXCLUSIVE_WRITER", EXCL(0) },
	{ "ASSERT_EXCLUSIVE_WRITER_SCOPED", EXCL(0) },
	{ "BUG", NOARG(ID_NORETURN) },
	{ "BUILD_BUG_ON", NOARG(ID_UNEVALUATED) },
	{ "BUILD_BUG_ON_MSG", NOARG(ID_UNEVALUATED) },
	{ "BUILD_BUG_ON_ZERO", NOARG(ID_UNEVALUATED) },
	{ "INIT_DEFERRABLE_WORK", TES(1, -1) },
	{ "INIT_DELAYED_WORK", TES(1, -1) },
	{ "INIT_DELAYED_WORK_ONSTACK", TES(1, -1) },
	{ "INIT_RCU_WORK", TES(1, -1) },
	{ "INIT_WORK", TES(1, -1) },
	{ "INIT_WORK_ONSTACK", TES(1, -1) },
	{ "IS_ENABLED", NOARG(ID_UNEVALUATED) },
	{ "RCU_INIT_POINTER", W(MARK_RCU, 0, false, 1) },
	{ "READ_ONCE", R(MARK_ONCE, 0, false) },
	{ "WRITE_ONCE", W(MARK_ONCE, 0, false, 1) },
	{ "__builtin_constant_p", NOARG(ID_UNEVALUATED) },
	{ "__builtin_offsetof", NOARG(ID_UNEVALUATED) },
	{ "__builtin_unreachable", NOARG(ID_NORETURN) },
	{ "__change_bit", RMWB(MARK_PLAIN, 1) },
	{ "__clear_bit", RMWB(MARK_PLAIN, 1) },
	{ "__is_constexpr", NOARG(ID_UNEVALUATED) },
	{ "__must_be_array", NOARG(ID_UNEVALUATED) },
	{ "__same_type", NOARG(ID_UNEVALUATED) },
	{ "__set_bit", RMWB(MARK_PLAIN, 1) },
	{ "__stringify", NOARG(ID_UNEVALUATED) },
	{ "__test_and_change_bit", RMWB(MARK_PLAIN, 1) },
	{ "__test_and_clear_bit", RMWB(MARK_PLAIN, 1) },
	{ "__test_and_set_bit", RMWB(MARK_PLAIN, 1) },
	{ "__typeof", NOARG(ID_UNEVALUATED) },
	{ "__typeof__", NOARG(ID_UNEVALUATED) },
	{ "_static_assert", NOARG(ID_UNEVALUATED) },
	{ "arch_read_lock", LK(ID_LOCK, LOCK_READ) },
	{ "arch_read_trylock", LK(ID_TRYLOCK, LOCK_READ) },
	{ "arch_read_unlock", LK(ID_UNLOCK, LOCK_READ) },
	{ "arch_spin_lock", LK(ID_LOCK, LOCK_SPIN) },
	{ "arch_spin_trylock", LK(ID_TRYLOCK, LOCK_SPIN) },
	{ "arch_spin_unlock", LK(ID_UNLOCK, LOCK_SPIN) },
	{ "arch_write_lock", LK(ID_LOCK, LOCK_WRITE) },
	{ "arch_write_trylock", LK(ID_TRYLOCK, LOCK_WRITE) },
	{ "arch_write_unlock", LK(ID_UNLOCK, LOCK_WRITE) },
	{ "assert_spin_locked", LK(ID_ASSERT_HELD, LOCK_SPIN) },
	{ "change_bit", RMWB(MARK_ATOMIC, 1) },
	{ "clear_bit", RMWB(MARK_ATOMIC, 1) },
	{ "clear_bit_unlock", RMWB(MARK_ATOMIC, 1) },
	{ "cmpxchg", RMW(MARK_ATOMIC, 0, true) },
	{ "cmpxchg64", RMW(MARK_ATOMIC, 0, true) },
	{ "cmpxchg64_relaxed", RMW(MARK_ATOMIC, 0, true) },
	{ "cmpxchg_acquire", RMW(MARK_ATOMIC, 0, true) },
	{ "cmpxchg_local", RMW(MARK_ATOMIC, 0, true) },
	{ "cmpxchg_relaxed", RMW(MARK_ATOMIC, 0, true) },
	{ "cmpxchg_release", RMW(MARK_ATOMIC, 0, true) },
	{ "container_of", NOARG(ID_TYPE_MACRO) },
	{ "container_of_const", NOARG(ID_TYPE_MACRO) },
	{ "data_race", NOARG(ID_DATA_RACE) },
	{ "devm_request_irq", TE(2, -1) },
	{ "devm_request_threaded_irq", TE(2, 3) },
	{ "dma_mb", BAR_RW },
	{ "dma_rmb", BAR_R },
	{ "dma_wmb", BAR_W },
	{ "do_exit", NOARG(ID_NORETURN) },
	{ "down", LK(ID_LOCK, LOCK_SEM) },
	{ "down_interruptible", LK(ID_LOCK, LOCK_SEM) },
	{ "down_killable", LK(ID_LOCK, LOCK_SEM) },
	{ "down_read", LK(ID_LOCK, LOCK_READ) },
	{ "down_read_interruptible", LK(ID_LOCK, LOCK_READ) },
	{ "down_read_killable", LK(ID_LOCK, LOCK_READ) },
	{ "down_read_nested", LK(ID_LOCK, LOCK_READ) },
	{ "down_read_trylock", LK(ID_TRYLOCK, LOCK_READ) },
	{ "down_write", LK(ID_LOCK, LOCK_WRITE) },
	{ "down_write_killable", LK(ID_LOCK, LOCK_WRITE) },
	{ "down_write_nested", LK(ID_LOCK, LOCK_WRITE) },
	{ "down_write_trylock", LK(ID_TRYLOCK, LOCK_WRITE) },
	{ "flex_array_size", NOARG(ID_TYPE_MACRO) },
	{ "guard", NOARG(ID_GUARD) },
	{ "hlist_entry", NOARG(ID_TYPE_MACRO) },
	{ "hlist_entry_safe", NOARG(ID_TYPE_MACRO) },
	{ "kref_get", RMW(MARK_ATOMIC, 0, true) },
	{ "kref_put", RMW(MARK_ATOMIC, 0, true) },
	{ "kref_read", R(MARK_ATOMIC, 0, true) },
	{ "kthread_create", TE(0, -1) },
	{ "kthread_create_on_cpu", TE(0, -1) },
	{ "kthread_create_on_node", TE(0, -1) },
	{ "kthread_init_delayed_work", TES(1, -1) },
	{ "kthread_init_work", TES(1, -1) },
	{ "kthread_run", TE(0, -1) },
	{ "kthread_run_on_cpu", TE(0, -1) },
	{ "likely", NOARG(ID_PASS) },
	{ "list_entry", NOARG(ID_TYPE_MACRO) },
	{ "list_first_entry", NOARG(ID_TYPE_MACRO) },
	{ "list_first_entry_or_null", NOARG(ID_TYPE_MACRO) },
	{ "list_last_entry", NOARG(ID_TYPE_MACRO) },
	{ "list_next_entry", NOARG(ID_TYPE_MACRO) },
	{ "list_prev_entry", NOARG(ID_TYPE_MACRO) },
	/* a socket's owner lock: lock_sock() takes sk->sk_lock and keeps it owned */
	{ "lock_sock", OWNER(ID_LOCK, LOCK_MUTEX) },
	{ "lock_sock_nested", OWNER(ID_LOCK, LOCK_MUTEX) },
	{ "lockdep_assert_held", LK(ID_ASSERT_HELD, LOCK_OTHER) },
	{ "lockdep_assert_held_once", LK(ID_ASSERT_HELD, LOCK_OTHER) },
	{ "lockdep_assert_held_read", LK(ID_ASSERT_HELD, LOCK_READ) },
	{ "lockdep_assert_held_write", LK(ID_ASSERT_HELD, LOCK_WRITE) },
	{ "max_t", NOARG(ID_TYPE_MACRO) },
	{ "mb", BAR_RW },
	{ "min_t", NOARG(ID_TYPE_MACRO) },
	{ "mutex_lock", LK(ID_LOCK, LOCK_MUTEX) },
	{ "mutex_lock_interruptible", LK(ID_LOCK, LOCK_MUTEX) },
	{ "mutex_lock_interruptible_nested", LK(ID_LOCK, LOCK_MUTEX) },
	{ "mutex_lock_io", LK(ID_LOCK, LOCK_MUTEX) },
	{ "mutex_lock_killable", LK(ID_LOCK, LOCK_MUTEX) },
	{ "mutex_lock_killable_nested", LK(ID_LOCK, LOCK_MUTEX) },
	{ "mutex_lock_nested", LK(ID_LOCK, LOCK_MUTEX) },
	{ "mutex_trylock", LK(ID_TRYLOCK, LOCK_MUTEX) },
	{ "mutex_unlock", LK(ID_UNLOCK, LOCK_MUTEX) },
	{ "offsetof", NOARG(ID_UNEVALUATED) },
	{ "panic", NOARG(ID_NORETURN) },
	{ "percpu_down_read", LK(ID_LOCK, LOCK_READ) },
	{ "percpu_down_read_trylock", LK(ID_TRYLOCK, LOCK_READ) },
	{ "percpu_down_write", LK(ID_LOCK, LOCK_WRITE) },
	{ "percpu_rwsem_assert_held", LK(ID_ASSERT_HELD, LOCK_OTHER) },
	{ "percpu_up_read", LK(ID_UNLOCK, LOCK_READ) },
	{ "percpu_up_write", LK(ID_UNLOCK, LOCK_WRITE) },
	{ "rb_entry", NOARG(ID_TYPE_MACRO) },
	{ "rb_entry_safe", NOARG(ID_TYPE_MACRO) },
	{ "rcu_access_pointer", R(MARK_RCU, 0, false) },
	{ "rcu_assign_pointer", W(MARK_RCU, 0, false, 1) },
	{ "rcu_dereference", R(MARK_RCU, 0, false) },
	{ "rcu_dereference_bh", R(MARK_RCU, 0, false) },
	{ "rcu_dereference_check", R(MARK_RCU, 0, false) },
	{ "rcu_dereference_protected", R(MARK_RCU, 0, false) },
	{ "rcu_dereference_raw", R(MARK_RCU, 0, false) },
	{ "rcu_dereference_sched", R(MARK_RCU, 0, false) },
	{ "rcu_read_lock", NOARG(ID_RCU_LOCK) },
	{ "rcu_read_lock_bh", NOARG(ID_RCU_LOCK) },
	{ "rcu_read_lock_sched", NOARG(ID_RCU_LOCK) },
	{ "rcu_read_unlock", NOARG(ID_RCU_UNLOCK) },
	{ "rcu_read_unlock_bh", NOARG(ID_RCU_UNLOCK) },
	{ "rcu_read_unlock_sched", NOARG(ID_RCU_UNLOCK) },
	{ "read_lock", LK(ID_LOCK, LOCK_READ) },
	{ "read_lock_bh", LK(ID_LOCK, LOCK_READ) },
	{ "read_lock_irq", LK(ID_LOCK, LOCK_READ) },
	{ "read_lock_irqsave", LK(ID_LOCK, LOCK_READ) },
	{ "read_trylock", LK(ID_TRYLOCK, LOCK_READ) },
	{ "read_unlock", LK(ID_UNLOCK, LOCK_READ) },
	{ "read_unlock_bh", LK(ID_UNLOCK, LOCK_READ) },
	{ "read_unlock_irq", LK(ID_UNLOCK, LOCK_READ) },
	{ "read_unlock_irqrestore", LK(ID_UNLOCK, LOCK_READ) },
	{ "refcount_read", R(MARK_ATOMIC, 0, true) },
	{ "refcount_set", W(MARK_ATOMIC, 0, true, 1) },
	{ "release_sock", OWNER(ID_UNLOCK, LOCK_MUTEX) },
	{ "request_any_context_irq", TE(1, -1) },
	{ "request_irq", TE(1, -1) },
	{ "request_threaded_irq", TE(1, 2) },
	{ "rmb", BAR_R },
	/* held in some mode: a reader holding it shuts out writers only */
	{ "rwsem_assert_held", LK(ID_ASSERT_HELD, LOCK_READ) },
	{ "rwsem_assert_held_nolockdep", LK(ID_ASSERT_HELD, LOCK_READ) },
	{ "rwsem_assert_held_write", LK(ID_ASSERT_HELD, LOCK_WRITE) },
	{ "rwsem_assert_held_write_nolockdep", LK(ID_ASSERT_HELD, LOCK_WRITE) },
	{ "scoped_guard", NOARG(ID_SCOPED_GUARD) },
	{ "set_bit", RMWB(MARK_ATOMIC, 1) },
	{ "sizeof_field", NOARG(ID_UNEVALUATED) },
	{ "smp_cond_load_acquire", R(MARK_ACQUIRE, 0, true) },
	{ "smp_cond_load_relaxed", R(MARK_ONCE, 0, true) },
	{ "smp_load_acquire", R(MARK_ACQUIRE, 0, true) },
	{ "smp_mb", BAR_RW },
	{ "smp_mb__after_atomic", BAR_RW },
	{ "smp_mb__before_atomic", BAR_RW },
	{ "smp_rmb", BAR_R },
	{ "smp_store_mb", W(MARK_ONCE, 0, false, 1) },
	{ "smp_store_release", W(MARK_RELEASE, 0, true, 1) },
	{ "smp_wmb", BAR_W },
	{ "sock_owned_by_me", OWNER(ID_ASSERT_HELD, LOCK_MUTEX) },
	/*
	 * bh_lock_sock(sk); if (!sock_owned_by_user(sk)) ...: lock_sock()
	 * cannot take the socket while its spinlock is held, and no owner
	 * holds it: this arm is serialised with lock_sock()'s holders
	 */
	{ "sock_owned_by_user", OWNER(ID_OWNER_TEST, LOCK_MUTEX) },
	{ "sock_owned_by_user_nocheck", OWNER(ID_OWNER_TEST, LOCK_MUTEX) },
	{ "srcu_dereference", R(MARK_RCU, 0, false) },
	{ "srcu_dereference_check", R(MARK_RCU, 0, false) },
	{ "srcu_read_lock", { ID_LOCK, 0, LOCK_SRCU, 0, true, -1, true, false } },
	{ "srcu_read_unlock", LK(ID_UNLOCK, LOCK_SRCU) },
	{ "static_assert", NOARG(ID_UNEVALUATED) },
	{ "struct_size", NOARG(ID_TYPE_MACRO) },
	{ "tasklet_init", TES(1, -1) },
	{ "tasklet_setup", TES(1, -1) },
	{ "test_and_change_bit", RMWB(MARK_ATOMIC, 1) },
	{ "test_and_clear_bit", RMWB(MARK_ATOMIC, 1) },
	{ "test_and_set_bit", RMWB(MARK_ATOMIC, 1) },
	{ "test_and_set_bit_lock", RMWB(MARK_ATOMIC, 1) },
	{ "test_bit", RB(MARK_ATOMIC, 1) },
	{ "test_bit_acquire", RB(MARK_ACQUIRE, 1) },
	{ "timer_setup", TE(1, -1) },
	{ "try_cmpxchg", RMW(MARK_ATOMIC, 0, true) },
	{ "try_cmpxchg64", RMW(MARK_ATOMIC, 0, true) },
	{ "try_cmpxchg_acquire", RMW(MARK_ATOMIC, 0, true) },
	{ "try_cmpxchg_relaxed", RMW(MARK_ATOMIC, 0, true) },
	{ "try_cmpxchg_release", RMW(MARK_ATOMIC, 0, true) },
	{ "typeof", NOARG(ID_UNEVALUATED) },
	{ "typeof_unqual", NOARG(ID_UNEVALUATED) },
	{ "unlikely", NOARG(ID_PASS) },
	{ "unreachable", NOARG(ID_NORETURN) },
	{ "up", LK(ID_UNLOCK, LOCK_SEM) },
	{ "up_read", LK(ID_UNLOCK, LOCK_READ) },
	{ "up_write", LK(ID_UNLOCK, LOCK_WRITE) },
	{ "va_arg", NOARG(ID_TYPE_MACRO) },
	{ "virt_mb", BAR_RW },
	{ "virt_rmb", BAR_R },
	{ "virt_wmb", BAR_W },
	{ "wmb", BAR_W },
	{ "write_lock", LK(ID_LOCK, LOCK_WRITE) },
	{ "write_lock_bh", LK(ID_LOCK, LOCK_WRITE) },
	{ "write_lock_irq", LK(ID_LOCK, LOCK_WRITE) },
	{ "write_lock_irqsave", LK(ID_LOCK, LOCK_WRITE) },
	{ "write_seqlock", LK(ID_LOCK, LOCK_SEQ) },
	{ "write_seqlock_irqsave", LK(ID_LOCK, LOCK_SEQ) },
	{ "write_sequnlock", LK(ID_UNLOCK, LOCK_SEQ) },
	{ "write_sequnlock_irqrestore", LK(ID_UNLOCK, LOCK_SEQ) },
	{ "write_trylock", LK(ID_TRYLOCK, LOCK_WRITE) },
	{ "write_unlock", LK(ID_UNLOCK, LOCK_WRITE) },
	{ "write_unlock_bh", LK(ID_UNLOCK, LOCK_WRITE) },
	{ "write_unlock_irq", LK(ID_UNLOCK, LOCK_WRITE) },
	{ "write_unlock_irqrestore", LK(ID_UNLOCK, LOCK_WRITE) },
	{ "xchg", RMW(MARK_ATOMIC, 0, true) },
	{ "xchg_acquire", RMW(MARK_ATOMIC, 0, true) },
	{ "xchg_relaxed", RMW(MARK_ATOMIC, 0, true) },
	{ "xchg_release", RMW(MARK_ATOMIC, 0, true) },
};

static int cmp_entry(const void *key, const void *elem)
{
	return strcmp(key, ((const struct entry *)elem)->name);
}

/* atomic_t API: the atomic is the first argument except for ops that take
 * an operand first (atomic_add(i, v)). */
static bool atomic_idiom(const char *name, struct idiom *out)
{
	static const char *const prefixes[] = {
		"atomic64_", "atomic_long_", "atomic_", "arch_atomic64_",
		"arch_atomic_", "raw_atomic64_", "raw_atomic_", "local64_",
		"local_",
	};
	static const char *const operand_first[] = {
		"add", "sub", "and", "or", "xor", "andnot", "fetch_add",
		"fetch_sub", "fetch_and", "fetch_or", "fetch_xor",
		"fetch_andnot", "add_return", "sub_return", "sub_and_test",
		"add_negative",
	};
	const char *op = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
		if (str_starts(name, prefixes[i])) {
			op = name + strlen(prefixes[i]);
			break;
		}
	}
	if (!op || !*op)
		return false;
	memset(out, 0, sizeof(*out));
	out->mark = MARK_ATOMIC;
	out->loc_is_ptr = true;
	out->val = -1;
	if (str_starts(op, "read")) {
		out->kind = ID_READ;
		return true;
	}
	if (str_starts(op, "set")) {
		out->kind = ID_WRITE;
		out->val = 1;
		return true;
	}
	out->kind = ID_RMW;
	for (size_t i = 0; i < ARRAY_SIZE(operand_first); i++) {
		size_t n = strlen(operand_first[i]);

		/* add, add_return_relaxed... but not add_unless(v, a, u) */
		if (!strncmp(op, operand_first[i], n) &&
		    (op[n] == '\0' || !strncmp(op + n, "_relaxed", 8) ||
		     !strncmp(op + n, "_acquire", 8) || !strncmp(op + n, "_release", 8) ||
		     (!strcmp(operand_first[i], "add") && !strncmp(op + n, "_return", 7)) ||
		     (!strcmp(operand_first[i], "sub") && !strncmp(op + n, "_return", 7)))) {
			out->loc = 1;
			return true;
		}
	}
	out->loc = 0;
	return true;
}

/*
 * this_cpu_inc(x), __this_cpu_read(x), raw_cpu_add(x, n): this CPU's
 * instance of a per-CPU variable.  Not a plain access (the op is one
 * instruction, or runs with preemption off), and not a store made for
 * other CPUs either: those that sum every CPU's counters race with it on
 * purpose, as data_race() says.
 */
static bool this_cpu_idiom(const char *name, struct idiom *out)
{
	static const char *const prefixes[] = { "this_cpu_", "__this_cpu_", "raw_cpu_" };
	const char *op = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (str_starts(name, prefixes[i]))
			op = name + strlen(prefixes[i]);
	if (!op || !*op || !strcmp(op, "ptr") || str_starts(op, "ptr_"))
		return false;
	memset(out, 0, sizeof(*out));
	out->mark = MARK_DATA_RACE;
	out->loc = 0;
	out->val = -1;
	if (!strcmp(op, "read")) {
		out->kind = ID_READ;
	} else if (!strcmp(op, "write")) {
		out->kind = ID_WRITE;
		out->val = 1;
	} else {
		out->kind = ID_RMW;
	}
	return true;
}

/* Is rest ("", "_irqsave_nested") made only of the spin lock variants' words? */
static bool lock_variant_words(const char *rest)
{
	static const char *const words[] = { "irq", "irqsave", "irqrestore", "bh", "nested",
					     "nest", "lock", "rcu", "node" };

	while (*rest == '_') {
		const char *w = ++rest;
		size_t n = strcspn(w, "_");
		bool known = false;

		for (size_t i = 0; i < ARRAY_SIZE(words) && !known; i++)
			known = strlen(words[i]) == n && !strncmp(w, words[i], n);
		if (!known)
			return false;
		rest = w + n;
	}
	return !*rest;
}

static bool lock_family(const char *name, struct idiom *out)
{
	/* spin_lock_irqsave_nested, raw_spin_lock_bh, spin_unlock_irqrestore... */
	static const struct {
		const char *prefix;
		uint8_t kind;
	} fam[] = {
		{ "raw_spin_trylock", ID_TRYLOCK }, { "spin_trylock", ID_TRYLOCK },
		{ "_raw_spin_lock", ID_LOCK }, { "raw_spin_lock", ID_LOCK },
		{ "spin_lock", ID_LOCK }, { "_raw_spin_unlock", ID_UNLOCK },
		{ "raw_spin_unlock", ID_UNLOCK }, { "spin_unlock", ID_UNLOCK },
	};

	for (size_t i = 0; i < ARRAY_SIZE(fam); i++) {
		if (str_starts(name, fam[i].prefix)) {
			const char *rest = name + strlen(fam[i].prefix);

			if (*rest && *rest != '_')
				return false;
			/*
			 * only the variants' own words: spin_lock_irqsave_nested,
			 * raw_spin_lock_irqsave_rcu_node, spin_lock_nest_lock; not
			 * spin_lock_init, spin_unlock_wait, nor a helper named after
			 * the lock it takes (spin_lock_irqsave_check_contention,
			 * spin_lock_bucket), whose body says what it holds
			 */
			if (!lock_variant_words(rest))
				return false;
			memset(out, 0, sizeof(*out));
			out->kind = fam[i].kind;
			out->lock = LOCK_SPIN;
			out->loc = 0;
			out->loc_is_ptr = true;
			out->val = -1;
			return true;
		}
	}
	return false;
}

static bool is_log_level(const char *s)
{
	static const char *const lv[] = {
		"emerg", "alert", "crit", "err", "warn", "warning", "notice",
		"info", "debug", "dbg", "cont", "devel",
	};

	for (size_t i = 0; i < ARRAY_SIZE(lv); i++) {
		size_t n = strlen(lv[i]);

		if (!strncmp(s, lv[i], n) && (s[n] == '\0' || s[n] == '_'))
			return true;
	}
	return false;
}

static bool trace_idiom(const char *name)
{
	static const char *const exact[] = {
		"printk", "printf", "sbi_printf", "sbi_dprintf", "kvm_err",
		"kvm_info", "kvm_debug", "kvm_pr_unimpl", "vcpu_unimpl",
		"vcpu_debug", "vcpu_err", "kvm_debug_ratelimited",
		"printk_ratelimited", "printk_once", "printk_deferred",
		"trace_printk", "seq_printf", "kvm_pr_debug",
	};
	const char *p;

	if (str_starts(name, "trace_") && !str_starts(name, "trace_hardirqs"))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(exact); i++)
		if (!strcmp(name, exact[i]))
			return true;
	if (str_starts(name, "pr_"))
		return is_log_level(name + 3);
	p = strchr(name, '_');
	if (p && (str_starts(name, "dev_") || str_starts(name, "netdev_") ||
		  str_starts(name, "drm_") || str_starts(name, "pci_") ||
		  str_starts(name, "hv_") || str_starts(name, "xen_")))
		return is_log_level(p + 1);
	return false;
}

static bool warn_idiom(const char *name)
{
	return str_starts(name, "WARN") || str_contains(name, "WARN_ON") ||
	       str_contains(name, "BUG_ON") || str_starts(name, "KVM_BUG") ||
	       !strcmp(name, "KVM_MMU_WARN_ON");
}

/*
 * A subsystem's wrapper of rcu_dereference_protected() or _check()
 * (rtnl_dereference, a table's own *_dereference_rcu): the pointer is
 * read marked, and the wrapper names the lock or section that makes the
 * read safe.  Only names that say so, never a prefix alone.
 */
static bool dereference_family(const char *name, struct idiom *out)
{
	size_t n = strlen(name);

	if (!(n > 12 && !strcmp(name + n - 12, "_dereference")) &&
	    !str_contains(name, "_dereference_"))
		return false;
	*out = (struct idiom)R(MARK_RCU, 0, false);
	return true;
}

/* --- idioms the profiles declare --------------------------------------- */

/* Exact names sorted for bsearch; prefixes longest first. */
static struct idiom_decl *declared;
static size_t ndeclared, ndeclared_exact;
static uint64_t declared_hash;

static int cmp_decl(const void *a, const void *b)
{
	const struct idiom_decl *x = a, *y = b;

	if (x->prefix != y->prefix)
		return x->prefix ? 1 : -1;
	if (x->prefix && strlen(x->name) != strlen(y->name))
		return strlen(x->name) > strlen(y->name) ? -1 : 1;
	return strcmp(x->name, y->name);
}

static bool same_idiom(const struct idiom *a, const struct idiom *b)
{
	return a->kind == b->kind && a->mark == b->mark && a->lock == b->lock &&
	       a->loc == b->loc && a->loc_is_ptr == b->loc_is_ptr && a->val == b->val &&
	       a->srcu_idx == b->srcu_idx && a->assignable == b->assignable &&
	       a->owner == b->owner && a->serial == b->serial;
}

bool idioms_install(const struct idiom_decl *v, size_t n, char *err, size_t errlen)
{
	struct idiom_decl *t = n ? xmalloc(n * sizeof(*t)) : NULL;
	size_t k = 0;
	uint64_t h = 0x9ae16a3b2f90404full;

	for (size_t i = 0; i < n; i++)
		t[i] = v[i];
	if (n)
		qsort(t, n, sizeof(*t), cmp_decl);
	for (size_t i = 0; i < n; i++) {
		/* the same declaration from two profiles is one */
		if (k && t[k - 1].prefix == t[i].prefix && !strcmp(t[k - 1].name, t[i].name)) {
			if (!same_idiom(&t[k - 1].id, &t[i].id)) {
				snprintf(err, errlen, "'%s%s' is declared twice with different meanings",
					 t[i].name, t[i].prefix ? "*" : "");
				free(t);
				return false;
			}
			continue;
		}
		t[k++] = t[i];
	}
	for (size_t i = 0; i < k; i++) {
		const struct idiom *d = &t[i].id;
		uint8_t fields[] = { d->kind, d->mark, d->lock, (uint8_t)d->loc, d->loc_is_ptr,
				     (uint8_t)d->val, d->srcu_idx, d->assignable, d->serial,
				     t[i].prefix, d->owner };

		h = hash_mix(h, hash_bytes(t[i].name, strlen(t[i].name) + 1));
		h = hash_mix(h, hash_bytes(fields, sizeof(fields)));
	}
	free(declared);
	declared = t;
	ndeclared = k;
	ndeclared_exact = 0;
	while (ndeclared_exact < k && !t[ndeclared_exact].prefix)
		ndeclared_exact++;
	declared_hash = k ? h : 0;
	return true;
}

bool idiom_is_declared_annotation(const char *s, size_t n)
{
	size_t lo = 0, hi = ndeclared_exact;

	/* the exact names are in strcmp order: compare n bytes, then the length */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *m = declared[mid].name;
		int c = strncmp(s, m, n);

		if (!c)
			c = m[n] ? -1 : 0;
		if (!c)
			return declared[mid].id.kind == ID_ANNOTATION;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* Declared type-taking macros, sorted by name, one entry a name. */
static struct type_arg_decl *type_args;
static size_t ntype_args;
static uint64_t type_args_hash;
/* first bytes and lengths of their names: most identifiers stop here */
static uint64_t type_arg_first[4];
static uint64_t type_arg_lengths;

static int cmp_type_arg(const void *a, const void *b)
{
	return strcmp(((const struct type_arg_decl *)a)->name,
		      ((const struct type_arg_decl *)b)->name);
}

void idioms_install_type_args(const struct type_arg_decl *v, size_t n)
{
	struct type_arg_decl *t = n ? xmalloc(n * sizeof(*t)) : NULL;
	size_t k = 0;
	uint64_t h = 0x5bd1e9955bd1e995ull;

	for (size_t i = 0; i < n; i++)
		t[i] = v[i];
	if (n)
		qsort(t, n, sizeof(*t), cmp_type_arg);
	memset(type_arg_first, 0, sizeof(type_arg_first));
	type_arg_lengths = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(t[i].name);

		/* two declarations of one name (two profiles, two lines) add up */
		if (k && !strcmp(t[k - 1].name, t[i].name)) {
			t[k - 1].args |= t[i].args;
			continue;
		}
		t[k++] = t[i];
		type_arg_first[(unsigned char)t[i].name[0] >> 6] |=
			1ull << ((unsigned char)t[i].name[0] & 63);
		type_arg_lengths |= 1ull << (len < 63 ? len : 63);
	}
	for (size_t i = 0; i < k; i++) {
		h = hash_mix(h, hash_bytes(t[i].name, strlen(t[i].name) + 1));
		h = hash_mix(h, hash_bytes(&t[i].args, sizeof(t[i].args)));
	}
	free(type_args);
	type_args = t;
	ntype_args = k;
	type_args_hash = k ? h : 0;
}

uint32_t idiom_type_args_n(const char *s, size_t n)
{
	size_t lo = 0, hi = ntype_args;

	if (!ntype_args || !(type_arg_lengths >> (n < 63 ? n : 63) & 1) ||
	    !(type_arg_first[(unsigned char)s[0] >> 6] >> ((unsigned char)s[0] & 63) & 1))
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *m = type_args[mid].name;
		int c = strncmp(s, m, n);

		if (!c)
			c = m[n] ? -1 : 0;
		if (!c)
			return type_args[mid].args;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static struct member_macro_decl *member_macros;
static size_t nmember_macros;
static uint64_t member_macros_hash;

static int cmp_member_macro(const void *a, const void *b)
{
	return strcmp(((const struct member_macro_decl *)a)->name,
		      ((const struct member_macro_decl *)b)->name);
}

void idioms_install_member_macros(const struct member_macro_decl *v, size_t n)
{
	struct member_macro_decl *t = n ? xmalloc(n * sizeof(*t)) : NULL;
	uint64_t h = 0x27d4eb2f165667c5ull;

	for (size_t i = 0; i < n; i++)
		t[i] = v[i];
	if (n)
		qsort(t, n, sizeof(*t), cmp_member_macro);
	for (size_t i = 0; i < n; i++) {
		int8_t args[2] = { t[i].base, t[i].member };

		h = hash_mix(h, hash_bytes(t[i].name, strlen(t[i].name) + 1));
		h = hash_mix(h, hash_bytes(t[i].chain, strlen(t[i].chain) + 1));
		h = hash_mix(h, hash_bytes(args, sizeof(args)));
	}
	free(member_macros);
	member_macros = t;
	nmember_macros = n;
	member_macros_hash = n ? h : 0;
}

const struct member_macro_decl *idiom_member_macro(const char *name)
{
	struct member_macro_decl key = { .name = name };

	if (!nmember_macros || !name)
		return NULL;
	return bsearch(&key, member_macros, nmember_macros, sizeof(key), cmp_member_macro);
}

/* Declared string macros, as written ("XENLOG_*" a prefix). */
static char **string_macros;
static size_t nstring_macros;
static uint64_t string_macros_hash;
/* their first bytes: every identifier of every file is asked about, most stop here */
static uint64_t string_macro_first[4];

void idioms_install_string_macros(const char *const *names, size_t n)
{
	uint64_t h = 0x165667b19e3779f9ull;

	for (size_t i = 0; i < nstring_macros; i++)
		free(string_macros[i]);
	free(string_macros);
	string_macros = n ? xmalloc(n * sizeof(*string_macros)) : NULL;
	memset(string_macro_first, 0, sizeof(string_macro_first));
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)names[i][0];

		string_macros[i] = xstrdup(names[i]);
		string_macro_first[b >> 6] |= 1ull << (b & 63);
		h = hash_mix(h, hash_bytes(names[i], strlen(names[i]) + 1));
	}
	nstring_macros = n;
	string_macros_hash = n ? h : 0;
}

bool idiom_is_string_macro(const char *s, size_t n)
{
	if (!n || !(string_macro_first[(unsigned char)s[0] >> 6] >> ((unsigned char)s[0] & 63) & 1))
		return false;
	for (size_t i = 0; i < nstring_macros; i++) {
		const char *m = string_macros[i];
		size_t len = strlen(m);

		if (len && m[len - 1] == '*') {
			if (n >= len - 1 && !memcmp(s, m, len - 1))
				return true;
		} else if (len == n && !memcmp(s, m, n)) {
			return true;
		}
	}
	return false;
}

uint64_t idioms_declared_hash(void)
{
	if (!type_args_hash && !member_macros_hash && !string_macros_hash)
		return declared_hash;
	return hash_mix(hash_mix(hash_mix(declared_hash, type_args_hash), member_macros_hash),
			string_macros_hash) | 1;
}

static int cmp_decl_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct idiom_decl *)elem)->name);
}

static const struct idiom *declared_lookup(const char *name)
{
	const struct idiom_decl *d;

	if (!ndeclared)
		return NULL;
	d = bsearch(name, declared, ndeclared_exact, sizeof(*declared), cmp_decl_name);
	if (d)
		return &d->id;
	for (size_t i = ndeclared_exact; i < ndeclared; i++)
		if (str_starts(name, declared[i].name))
			return &declared[i].id;
	return NULL;
}

struct idiom idiom_lookup(const char *name)
{
	struct idiom id = { .kind = ID_NONE, .loc = -1, .val = -1 };
	const struct idiom *d;

	if (!name || !*name)
		return id;
	d = declared_lookup(name);
	if (d)
		return *d;
	return idiom_builtin(name);
}

unsigned idiom_barrier_order(const char *name)
{
	struct idiom id = idiom_lookup(name);

	return id.kind == ID_BARRIER ? id.order : 0;
}

struct idiom idiom_builtin(const char *name)
{
	struct idiom id = { .kind = ID_NONE, .loc = -1, .val = -1 };
	const struct entry *e;

	if (!name || !*name)
		return id;
	e = bsearch(name, table, ARRAY_SIZE(table), sizeof(table[0]), cmp_entry);
	if (e)
		return e->id;
	if (lock_family(name, &id))
		return id;
	if (this_cpu_idiom(name, &id))
		return id;
	if (atomic_idiom(name, &id))
		return id;
	if (dereference_family(name, &id))
		return id;
	if (warn_idiom(name)) {
		id.kind = ID_WARN;
		return id;
	}
	if (trace_idiom(name)) {
		id.kind = ID_TRACE;
		return id;
	}
	return id;
}

bool idiom_is_iterator_n(const char *name, size_t n)
{
	char buf[128];

	if (n >= sizeof(buf) || n < 4 || !memmem(name, n, "for", 3))
		return false;
	memcpy(buf, name, n);
	buf[n] = '\0';
	return idiom_is_iterator(buf);
}

bool idiom_is_iterator(const char *name)
{
	return str_contains(name, "for_each") || str_contains(name, "foreach") ||
	       str_starts(name, "for_");
}

bool idiom_running_thread(const char *name)
{
	return !strcmp(name, "current");
}

bool idiom_type_macro_arg_skipped(const char *name, unsigned arg)
{
	if (!strcmp(name, "min_t") || !strcmp(name, "max_t") ||
	    !strcmp(name, "clamp_t"))
		return arg == 0;
	if (!strcmp(name, "va_arg") || !strcmp(name, "struct_size") ||
	    !strcmp(name, "flex_array_size") || !strcmp(name, "list_next_entry") ||
	    !strcmp(name, "list_prev_entry"))
		return arg == 1;
	/* container_of(p, T, m), list_entry(p, T, m) and the like */
	return arg >= 1;
}

bool idiom_member_array(const char *name, size_t n, unsigned *name_arg, const char **elem)
{
	static const struct {
		const char *macro;
		unsigned name_arg;
		const char *elem;
	} t[] = {
		{ "DECLARE_BITMAP", 0, "unsigned long" },
		{ "DECLARE_HASHTABLE", 0, "struct hlist_head" },
		{ "DECLARE_FLEX_ARRAY", 1, NULL },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (strlen(t[i].macro) == n && !memcmp(name, t[i].macro, n)) {
			*name_arg = t[i].name_arg;
			*elem = t[i].elem;
			return true;
		}
	return false;
}

/* A mis-sorted table would make lookups miss silently; a unit test checks. */
bool idioms_table_sorted(void)
{
	for (size_t i = 1; i < ARRAY_SIZE(table); i++)
		if (strcmp(table[i - 1].name, table[i].name) >= 0)
			return false;
	return true;
}
