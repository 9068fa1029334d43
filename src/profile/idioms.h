/*
 * What the lowering knows about macros and functions it never sees
 * expanded: marked accessors, lock primitives, iterator macros, warnings,
 * tracing, type-taking macros.  One table, looked up by callee name.
 */
#ifndef TOCSIN_IDIOMS_H
#define TOCSIN_IDIOMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum idiom_kind {
	ID_NONE,
	ID_READ,		/* a marked read of the location in arg `loc` */
	ID_WRITE,		/* a marked write of arg `loc`, value in `val` */
	ID_RMW,			/* a read-modify-write of arg `loc` */
	ID_DATA_RACE,		/* data_race(expr) */
	ID_LOCK,		/* acquires the lock in arg `loc` */
	ID_UNLOCK,
	ID_TRYLOCK,		/* acquires it only when it returns true */
	ID_ASSERT_HELD,		/* lockdep_assert_held() and friends */
	ID_ASSERT_EXCL,		/* ASSERT_EXCLUSIVE_WRITER(x): mark 1 for _ACCESS */
	ID_RCU_LOCK,		/* rcu_read_lock(): no argument */
	ID_RCU_UNLOCK,
	ID_GUARD,		/* guard(kind)(&lock): held to end of scope */
	ID_SCOPED_GUARD,	/* scoped_guard(kind, &lock) { ... } */
	ID_PASS,		/* likely(x): the value of arg 0 */
	ID_WARN,		/* WARN_ON(cond): returns cond, may warn */
	ID_NORETURN,		/* BUG(), panic(): does not return */
	ID_TRACE,		/* tracepoints and logging */
	ID_TYPE_MACRO,		/* container_of(p, T, m): type argument `loc`, or all from 1 */
	ID_UNEVALUATED,		/* sizeof-like: arguments not evaluated */
	ID_ANNOTATION,		/* a word that expands to nothing: blanked before the parse */
	/*
	 * INIT_WORK(w, fn), timer_setup(t, fn, f), kthread_run(fn, ...),
	 * request_irq(n, fn, ...): fn runs later, on a thread or in an
	 * interrupt of its own, holding no lock.  `loc` is fn's argument, `val`
	 * a second one (a threaded interrupt's thread function), or -1.
	 */
	ID_THREAD_ENTRY,
	/*
	 * netif_napi_add(dev, napi, poll): fn, argument `loc`, runs later in
	 * a context that never runs twice at once for one registration (one
	 * napi struct is polled by one CPU at a time).  Nothing is said of the
	 * locks it starts with: only `serial` (below) is declared.
	 */
	ID_SERIAL_ENTRY,
	/*
	 * sock_owned_by_user(sk): whether another thread owns the lock that
	 * the lock call on the same argument takes (lock_sock(sk)).  Tested
	 * false with the object's own spinlock held, the caller excludes
	 * every owner as if it held that lock: held on the false arm.
	 */
	ID_OWNER_TEST,
	/*
	 * folio_test_locked(f), buffer_locked(bh): whether the lock the lock
	 * call on the same argument takes is held, by anyone.  Only an
	 * assertion of it says something: a warning or BUG on its negation
	 * (VM_BUG_ON_FOLIO(!folio_test_locked(f), f)) asserts that this code
	 * holds it, as lockdep_assert_held() does.  Anywhere else, a call.
	 */
	ID_HELD_TEST,
	/*
	 * QEMU's qemu_bh_new(cb, opaque): fn, argument `loc`, runs later as a
	 * callback of a framework that holds the global lock `held` names
	 * around it (the main loop's BQL).  Declared for an ops-table member
	 * too, under the name "struct T::member": a function stored there
	 * runs holding it.
	 */
	ID_CALLBACK_LOCK,
	/*
	 * Xen's bitmap_switch(nbits, zero, small, large): a macro that runs
	 * one of its arguments from `loc` on, chosen by the ones before; the
	 * rules must not pair what two of them do.
	 */
	ID_ALTERNATIVES,
	/*
	 * smp_wmb(), smp_rmb(), smp_mb(): a memory barrier, no access.  `order`
	 * says which accesses it orders: the stores before it before the
	 * stores after it (IDIOM_ORDER_WRITE), the loads before it before the
	 * loads after it (IDIOM_ORDER_READ), or all of them (both).
	 */
	ID_BARRIER,
	/*
	 * Linux's __switch_to(prev, next): a function (defined in the tree,
	 * called from outside it) whose parameter `loc` is the running
	 * thread's own task whenever it runs: what it reaches through that
	 * parameter is `current`'s, as if named so.
	 */
	ID_RUNNING_TASK,
	/*
	 * Linux's cancel_work_sync(w), del_timer_sync(t), free_irq(n, dev):
	 * returns only once what was registered on the object argument `loc`
	 * names (INIT_WORK(w, fn)'s w, request_irq(n, ...)'s n) has stopped
	 * running, and it does not run again until that object is armed anew.
	 */
	ID_THREAD_STOP,
	/*
	 * Declared under the name "struct T::member lifecycle" only (a
	 * callback-lock may name the member too: md calls a personality's run
	 * before the array is live, and holding its reconfig_mutex): a
	 * function stored in that ops-table member is a step of its object's
	 * life cycle the framework runs while the object is not live --
	 * before it starts serving (a personality's run) or after it has
	 * stopped (its free) -- so what it writes is not concurrent with the
	 * object's users.
	 */
	ID_LIFECYCLE_MEMBER,
#define LIFECYCLE_MEMBER_SUFFIX " lifecycle"
	/*
	 * Declared under the name "struct T::member" only: the framework calls
	 * a function stored in that ops-table member holding none of the
	 * tree's locks (Linux's VFS and a file_operations poll or read): a
	 * path on which it starts with no lock held, as a thread's start.
	 */
	ID_UNLOCKED_CALLBACK,
	/*
	 * Declared under the name "struct T::member party" only (a callback-lock
	 * may name the member too): the other party's
	 * requests run a function stored in that ops-table member (QEMU's
	 * MemoryRegionOps read and write: a vCPU's MMIO access), so a state it
	 * changes is changed by that party, named by its profile's trigger.
	 */
	ID_PARTY_CALLBACK,
#define PARTY_CALLBACK_SUFFIX " party"
	/*
	 * Linux's list_del(&obj->node), rb_erase(&obj->rb, root): takes the
	 * object whose link member it is handed out of the list or tree that
	 * member links it into.  A call like any other for the lowering.
	 */
	ID_UNLINK,
	/*
	 * A call that ends what it is handed: frees it, releases it, drops a
	 * reference to it (Linux's kfree, fput, *_put, *_destroy).  What the
	 * value becomes after it is nobody's: a value handed there is not
	 * kept, and a store undone by it is teardown.  A call like any other
	 * for the lowering.
	 */
	ID_ENDS,
	/*
	 * Declared under the name "struct T" only: T is a list or tree
	 * member type, `mark` says which: IDIOM_LIST_LINK (a member that
	 * links its object into a list or tree: list_head, rb_node) and/or
	 * IDIOM_LIST_HEAD (a member that heads one of other objects: list_head,
	 * rb_root).
	 */
	ID_LIST_TYPE,
	/*
	 * Linux's INDIRECT_CALL_2(f, f2, f1, args...): a call through the
	 * function pointer f with args, which compares f with the `loc`
	 * functions named after it first and calls the one it equals
	 * directly, with the same args.  The call is f's; the names are only
	 * compared, no reference that lets them be called from elsewhere.
	 */
	ID_INDIRECT_CALL,
};

#define IDIOM_LIST_LINK 1u
#define IDIOM_LIST_HEAD 2u

/*
 * What an annotation (ID_ANNOTATION) says of the function it is written on,
 * besides being blanked: `annotation NAME MEANING` in a profile.
 */
enum annotation_meaning {
	ANN_NONE,
	ANN_INIT,	/* __init: in the boot-time section, runs before anything is shared */
	ANN_NORETURN,	/* __noreturn: never comes back */
	ANN_HOLDS,	/* __must_hold(l): its callers hold l, and it returns holding it */
	ANN_ACQUIRES,	/* __acquires(l): returns holding l */
	ANN_RELEASES,	/* __releases(l): its callers hold l, and it returns without */
};

#define IDIOM_ORDER_WRITE 1u
#define IDIOM_ORDER_READ 2u

enum idiom_bitlock { BITLOCK_NONE, BITLOCK_TAKE, BITLOCK_DROP };

struct idiom {
	uint8_t kind;
	uint8_t mark;		/* enum ir_mark for accesses */
	uint8_t lock;		/* enum ir_lock_kind for lock idioms */
	int8_t loc;		/* argument holding the location or lock */
	bool loc_is_ptr;	/* that argument is a pointer (&x), not x */
	int8_t val;		/* argument holding a stored value, or -1 */
	bool srcu_idx;		/* srcu_read_lock returns an index */
	bool assignable;	/* ID_READ that is also an lvalue: ACCESS_ONCE(x) = v */
	/*
	 * The lock function's name (a sym): ID_CALLBACK_LOCK's lock; a global
	 * lock idiom's LOCKFUNC (lock-held ASSERT_RTNL - mutex rtnl_lock); a
	 * marked read that says the lock is held (rtnl_dereference: held
	 * rtnl_lock)
	 */
	uint32_t held;
	/*
	 * ID_CALLBACK_LOCK of a registration that takes the object holding
	 * the function (register_netdevice_notifier(&nb)): the member of
	 * that object the framework calls (a sym), 0 when the function
	 * itself is the argument
	 */
	uint32_t member;
	/*
	 * A lock idiom whose argument is the object that carries the lock
	 * (lock_sock(sk)), not the lock itself (spin_lock(l)): the lock is
	 * the object's, named by the object's type as every lock of a member
	 * is, and a helper on such an object holds that, not its caller's
	 * argument (lowering marks the path PATH_FLAG_OWNER).
	 */
	bool owner;
	/*
	 * ID_THREAD_ENTRY, ID_SERIAL_ENTRY: what is registered never runs
	 * twice at once for one registration (a work item, a tasklet, a
	 * NAPI instance), so two of its steps on the object it was
	 * registered for are one after the other.
	 */
	bool serial;
	/*
	 * With serial: each call makes one thread of its own (kthread_run()),
	 * so only a registration made outside any loop counts as serial; one
	 * in a loop starts a pool, whose threads may share what they are handed.
	 */
	bool once;
	/* ID_READ / ID_RMW of one bit: argument 0 is the bit's number (test_bit, set_bit) */
	bool bit;
	/*
	 * ID_RMW of one bit used as a lock (enum idiom_bitlock): test_and_set_bit
	 * takes it where it returns false; clear_bit lets go of it, when the
	 * function took that bit of that word before
	 */
	uint8_t bitlock;
	/* ID_BARRIER: IDIOM_ORDER_WRITE and/or IDIOM_ORDER_READ */
	uint8_t order;
	/*
	 * The name matched a declared pattern, not a name (set by the lookup):
	 * a lock family's pattern also matches a codebase's own wrappers
	 * (spin_lock_irqsave_rcu_node), whose definitions may say more.
	 */
	bool by_pattern;
	/* ID_ANNOTATION: enum annotation_meaning */
	uint8_t meaning;
};

/*
 * An idiom a profile declares for its codebase (Xen's read_atomic(),
 * percpu_write_lock(res, lock)): looked up before the built-in table.
 */
struct idiom_decl {
	const char *name;	/* a name, or a pattern (`*`, "(a|b)*") */
	bool pattern;		/* name is a pattern */
	struct idiom id;
};

/*
 * Replace the declared idioms with these (copied).  Call before any
 * lowering starts: lookups read the table without a lock.  A name declared
 * twice with different meanings is an error written into err.
 */
bool idioms_install(const struct idiom_decl *v, size_t n, char *err, size_t errlen);
/*
 * The same for one layer: 0, the profiles' own idioms (what
 * idioms_install() sets); 1, the defaults their includes bring (Linux's
 * spin_lock family, from linux-kernel.profile), looked up only when layer
 * 0 has no answer.
 */
bool idioms_install_layer(unsigned layer, const struct idiom_decl *v, size_t n, char *err,
			  size_t errlen);

/*
 * Does name match pattern: `*` any text, "(a|b)*" any number of the words
 * one after another (groups without the `*` are written out by the parser).
 */
bool idiom_pattern_matches(const char *pattern, const char *name);

/*
 * Is s[0..n) a word a profile declares an annotation (EDK2's IN, OUT,
 * OPTIONAL, EFIAPI): one that expands to nothing or to an attribute, and
 * is blanked before the parse as Linux's __user is.
 */
bool idiom_is_declared_annotation(const char *s, size_t n);
/* What the annotation called name means (ANN_NONE: nothing but its blanking). */
enum annotation_meaning idiom_annotation_meaning(const char *name);

/*
 * A macro whose arguments are not all values: xzalloc(struct foo),
 * min_t(unsigned long, a, b), xzalloc_flex_struct(type, member, n) take a
 * type or a member name where the grammar wants an expression, and
 * typeof(x) as a whole stands for a type.  A profile declares them
 * (type-arg, type-call); the parse copy turns each such argument, or the
 * whole call, into one identifier the lowering knows is no variable.
 */
#define TYPE_ARG_CALL (1u << 31)	/* the whole call is a type */

struct type_arg_decl {
	const char *name;
	uint32_t args;		/* bit k: argument k; or TYPE_ARG_CALL */
};

/* Replace the declared type-taking macros with these (copied, merged by name). */
void idioms_install_type_args(const struct type_arg_decl *v, size_t n);

/* The argument bits s[0..n) was declared with, or 0. */
uint32_t idiom_type_args_n(const char *s, size_t n);

/*
 * A macro that stands for a member access: Xen's shared_info(d, field) is
 * d->shared_info->field, vcpu_info(v, field) is
 * ((vcpu_info_t *)v->vcpu_info_area.map)->field.  The lowering reads it
 * as that access (member-macro).
 */
struct member_macro_decl {
	const char *name;
	int8_t base;		/* the argument that is the pointer */
	int8_t member;		/* the argument that names the member (a chain) */
	const char *chain;	/* what lies between them ("shared_info"), or "" */
};

/* Replace the declared member macros with these (copied). */
void idioms_install_member_macros(const struct member_macro_decl *v, size_t n);

/* The member macro called name, or NULL. */
const struct member_macro_decl *idiom_member_macro(const char *name);

/*
 * A macro that expands to a string literal (Xen's XENLOG_ERR, "<0>"): in
 * printk(XENLOG_ERR PREFIX "msg") the grammar cannot paste two names onto
 * a string, so the parse copy spells the word as a blank string of the
 * same length (string-macro).  A name may end in '*' (a prefix).
 */
void idioms_install_string_macros(const char *const *names, size_t n);
bool idiom_is_string_macro(const char *s, size_t n);

/*
 * A hash of the declared idioms: the lowering depends on them, so the
 * parse cache keys its entries by it as well as by the executable.
 */
uint64_t idioms_declared_hash(void);

/* The idiom for a callee, or one with kind ID_NONE. */
struct idiom idiom_lookup(const char *name);
/*
 * The same for an interned name (sym_t, base/intern.h): remembered per
 * thread by the name's id, which never changes, with no hash of its text.
 */
struct idiom idiom_lookup_sym(uint32_t name);
/*
 * The same, from the defaults layer and the C language's own words alone
 * (typeof, offsetof, __builtin_*): what no profile of the set declared for
 * itself.
 */
struct idiom idiom_builtin(const char *name);

/*
 * What a call of `name` orders, if it is a memory barrier (ID_BARRIER):
 * IDIOM_ORDER_WRITE, IDIOM_ORDER_READ, both (a full barrier) or 0.
 */
unsigned idiom_barrier_order(const char *name);
unsigned idiom_barrier_order_sym(uint32_t name);

/*
 * True for macros whose header is followed by a statement that they run
 * repeatedly: kvm_for_each_vcpu(i, v, kvm) { ... }.  Matched by the
 * patterns profiles declare (iterator *for_each*), so new iterators need
 * no entry of their own.  The _n form is asked about every identifier of
 * the text: most stop at a filter of two bytes.
 */
void idioms_install_iterators(const char *const *patterns, size_t n);
bool idiom_is_iterator(const char *name);
bool idiom_is_iterator_n(const char *name, size_t n);

/*
 * Argument positions of a type-taking macro (ID_TYPE_MACRO) that are types
 * or members: `loc` alone when declared with one, else every one from 1.
 */
bool idiom_type_macro_arg_skipped(const struct idiom *id, unsigned arg);

/*
 * A name for the running thread's own object (Linux's and Xen's `current`,
 * running-thread): two accesses through it are one thread's, in program
 * order.
 */
void idioms_install_running_threads(const char *const *names, size_t n);
bool idiom_running_thread(const char *name);

/*
 * A macro that declares an array member (member-array): DECLARE_BITMAP(name,
 * bits) in a struct is `unsigned long name[]`.  Gives the argument holding
 * the member's name and the element type (NULL: the type is argument 0, as
 * in DECLARE_FLEX_ARRAY(type, name)).  Reading such a member gives its
 * address, never a value another thread stored.
 */
struct member_array_decl {
	const char *name;
	unsigned name_arg;
	const char *elem;	/* or NULL */
	const char *suffix;	/* object-macro: pasted after the object's name, or "" */
};
void idioms_install_member_arrays(const struct member_array_decl *v, size_t n);
bool idiom_member_array(const char *name, size_t n, unsigned *name_arg, const char **elem);

/*
 * A macro that defines a file-scope object of a type it spells in its body
 * (object-macro): DEFINE_SCHED_CLASS(fair) = { ... } is a struct
 * sched_class named fair_sched_class.  Gives the type and the suffix
 * pasted on the name ("" for none).  Same table entries as member-array's
 * (elem is the type).
 */
void idioms_install_object_macros(const struct member_array_decl *v, size_t n);
bool idiom_object_macro(const char *name, const char **type, const char **suffix);

/*
 * A macro that stands for designated members of an initialiser
 * (init-macro): argument `arg` (or, -1, the function `func` the macro
 * names itself) initialises each of `members` (blank-separated).  With a
 * `type`, MACRO(x, ..) at file scope defines x, an object of that type.
 * One entry per profile line; idiom_init_macro() gives a macro's entries
 * in turn, from *iter = 0, NULL after the last.
 */
struct init_macro_decl {
	const char *name;
	const char *type;	/* or NULL */
	int arg;
	const char *func;	/* or NULL */
	const char *members;
};
void idioms_install_init_macros(const struct init_macro_decl *v, size_t n);
const struct init_macro_decl *idiom_init_macro(const char *name, size_t n, size_t *iter);

/*
 * Per-CPU data (per-cpu, cpu-local, per-cpu-type): a call whose result is
 * some CPU's instance of a per-CPU variable (Linux's per_cpu(v, cpu),
 * this_cpu_ptr(p)), one whose result is the running CPU's own
 * (this_cpu_ptr, get_cpu_ptr), and a word that marks a per-CPU pointer's
 * type (__percpu).  Another CPU's code reaches such data only by asking
 * for that CPU's instance.
 */
enum { PER_CPU_CALL, PER_CPU_LOCAL, PER_CPU_TYPE };
void idioms_install_per_cpu(unsigned which, const char *const *names, size_t n);
bool idiom_per_cpu(unsigned which, const char *name);

/*
 * Words that mark a pointer into the calling party's address space
 * (user-annotation: Linux's __user): a parameter or local whose declared
 * type holds one is a user pointer, which shared-user makes shared memory.
 * idiom_user_word_in() finds one anywhere in s[0..n), as the declared
 * type's text is searched; idiom_is_user_word() asks of one word.
 */
void idioms_install_user_words(const char *const *names, size_t n);
const char *idiom_user_word_in(const char *s, size_t n, size_t *len);
bool idiom_is_user_word(const char *s, size_t n);
size_t idiom_user_word_count(void);
const char *idiom_user_word(size_t i);

/*
 * guard-class PATTERN KIND: a guard(class)(&l) or scoped_guard(class, &l)
 * whose class matches PATTERN takes a lock of KIND (Linux's guard(mutex),
 * guard(spinlock_irqsave)); the first declared that matches.  -1: none.
 */
void idioms_install_guard_classes(const char *const *patterns, const uint8_t *kinds, size_t n);
int idiom_guard_class_kind(const char *cls);

/*
 * fix-read NAME [address], fix-write NAME [address]: the marked read and
 * the marked write a fix hint asks for (Linux's READ_ONCE(x) and
 * WRITE_ONCE(x, v); Xen's write_atomic(&x, v) takes the location's
 * address); NULL when no profile of the run names one.
 */
void idioms_install_fix_marks(const char *read, bool read_address, const char *write,
			      bool write_address);
const char *idiom_fix_read(void);
const char *idiom_fix_write(void);
/*
 * data-race NAME: the call that marks an intended race (Linux's
 * data_race(x)), the first a profile of the run declares, for the texts
 * that offer it as the other fix; NULL when the codebase has none (Xen,
 * QEMU, EDK2), and then no text names one.
 */
void idioms_install_data_race_mark(const char *name);
const char *idiom_data_race_mark(void);
/* " or wrap it in NAME() if the race is intended", or "" without one */
const char *idiom_data_race_offer(void);
/*
 * The marked read of the lvalue text x (n bytes), NAME(x) or NAME(&x),
 * and the marked write of v to it, NAME(x, v) or NAME(&x, v); allocated,
 * NULL without a name.
 */
char *idiom_fix_read_text(const char *x, size_t n);
char *idiom_fix_write_text(const char *x, size_t n, const char *v, size_t vn);

/*
 * function-macro PATTERN [PREFIX]: PATTERN(fn, ...) { ... } defines a
 * function called from elsewhere in the program, named PREFIX fn (Linux's
 * SYSCALL_DEFINE*, sys_).  True when a declared pattern matches macro,
 * with *prefix its prefix ("" for none); the first declared wins.
 */
void idioms_install_function_macros(const char *const *pats, const char *const *prefixes, size_t n);
bool idiom_function_macro(const char *macro, const char **prefix);

bool idioms_table_sorted(void);

#endif
