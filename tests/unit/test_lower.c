/* The lowering: C snippets in, IR facts out. */
#include "helpers.h"
#include "profile/profile.h"
#include "ir/cfg.h"

#include <stdio.h>

static void test_access_path_and_base_type(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"static void prep(struct vcpu_svm *svm, struct vmcb *vmcb12)\n"
		"{\n"
		"	kvm_rip_write(&svm->vcpu, vmcb12->save.rip);\n"
		"	svm->vmcb->save.rip = vmcb12->save.rip;\n"
		"}\n");
	const struct ir_func *f = func_named(u, "prep");
	const struct ir_op *r;
	const struct ir_path *p;

	assert_non_null(f);
	assert_true(f->is_static);
	assert_false(f->partial);
	assert_int_equal(f->nparams, 2);
	r = find_op(f, OP_READ, "vmcb12->save.rip");
	assert_non_null(r);
	assert_int_equal(r->mark, MARK_PLAIN);
	assert_int_equal(r->line, 3);
	p = &f->paths[r->a];
	assert_int_equal(p->base_kind, BASE_VAR);
	assert_true(f->vars[p->base].is_param);
	assert_string_equal(sym_str(f->vars[p->base].name), "vmcb12");
	assert_string_equal(sym_str(p->base_type), "struct vmcb *");
	assert_string_equal(sym_str(p->chain), "->save.rip");
	assert_int_equal(p->derefs, 1);
	/* svm->vmcb is loaded before svm->vmcb->save.rip is stored */
	assert_non_null(find_op(f, OP_READ, "svm->vmcb"));
	assert_non_null(find_op(f, OP_WRITE, "svm->vmcb->save.rip"));
	free_snippet(u);
}

static void test_marking(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"void m(struct s *p)\n"
		"{\n"
		"	a = READ_ONCE(p->a);\n"
		"	WRITE_ONCE(p->b, 1);\n"
		"	atomic_inc(&p->c);\n"
		"	d = smp_load_acquire(&p->d);\n"
		"	e = data_race(p->e);\n"
		"	if (test_bit(3, &p->f))\n"
		"		cmpxchg(&p->g, 0, 1);\n"
		"	atomic_add(2, &p->h);\n"
		"	smp_store_release(&p->i, 1);\n"
		"	x = p->j;\n"
		"}\n");
	const struct ir_func *f = func_named(u, "m");

	assert_int_equal(find_op(f, OP_READ, "p->a")->mark, MARK_ONCE);
	assert_int_equal(find_op(f, OP_WRITE, "p->b")->mark, MARK_ONCE);
	assert_int_equal(find_op(f, OP_RMW, "p->c")->mark, MARK_ATOMIC);
	assert_int_equal(find_op(f, OP_READ, "p->d")->mark, MARK_ACQUIRE);
	assert_int_equal(find_op(f, OP_READ, "p->e")->mark, MARK_DATA_RACE);
	assert_int_equal(find_op(f, OP_READ, "p->f")->mark, MARK_ATOMIC);
	assert_true(find_op(f, OP_READ, "p->f")->flags & OPF_COND);
	assert_int_equal(find_op(f, OP_RMW, "p->g")->mark, MARK_ATOMIC);
	assert_int_equal(find_op(f, OP_RMW, "p->h")->mark, MARK_ATOMIC);
	assert_int_equal(find_op(f, OP_WRITE, "p->i")->mark, MARK_RELEASE);
	assert_int_equal(find_op(f, OP_READ, "p->j")->mark, MARK_PLAIN);
	free_snippet(u);
}

static void test_lockset_with_goto_out(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"int l(struct s *p, int x)\n"
		"{\n"
		"	int ret = 0;\n"
		"	spin_lock_irqsave(&p->lock, flags);\n"
		"	if (p->a)\n"
		"		goto out;\n"
		"	p->b = 1;\n"
		"out:\n"
		"	spin_unlock_irqrestore(&p->lock, flags);\n"
		"	return p->c;\n"
		"}\n");
	const struct ir_func *f = func_named(u, "l");

	assert_true(held_at(f, find_op(f, OP_READ, "p->a"), "p->lock"));
	assert_true(held_at(f, find_op(f, OP_WRITE, "p->b"), "p->lock"));
	/* released on both paths into "out" */
	assert_false(held_at(f, find_op(f, OP_READ, "p->c"), "p->lock"));
	free_snippet(u);
}

static void test_lock_held_on_one_path_only(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"void h(struct s *p, int x)\n"
		"{\n"
		"	if (x)\n"
		"		mutex_lock(&p->m);\n"
		"	p->a = 1;\n"
		"}\n");
	const struct ir_func *f = func_named(u, "h");

	/* must-hold: not held where one path lacks it */
	assert_false(held_at(f, find_op(f, OP_WRITE, "p->a"), "p->m"));
	free_snippet(u);
}

static void test_guard_scopes(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"void g(struct s *p)\n"
		"{\n"
		"	{\n"
		"		guard(mutex)(&p->m);\n"
		"		p->a = 1;\n"
		"	}\n"
		"	p->b = 1;\n"
		"	scoped_guard(spinlock, &p->l) {\n"
		"		p->c = 1;\n"
		"	}\n"
		"	p->d = 1;\n"
		"	guard(rcu)();\n"
		"	x = p->e;\n"
		"}\n");
	const struct ir_func *f = func_named(u, "g");

	assert_true(held_at(f, find_op(f, OP_WRITE, "p->a"), "p->m"));
	assert_false(held_at(f, find_op(f, OP_WRITE, "p->b"), "p->m"));
	assert_true(held_at(f, find_op(f, OP_WRITE, "p->c"), "p->l"));
	assert_false(held_at(f, find_op(f, OP_WRITE, "p->d"), "p->l"));
	assert_true(op_in_rcu(f, find_op(f, OP_READ, "p->e")));
	assert_false(op_in_rcu(f, find_op(f, OP_WRITE, "p->d")));
	free_snippet(u);
}

static void test_trylock_held_on_success_only(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"int t(struct s *p)\n"
		"{\n"
		"	if (!spin_trylock(&p->l))\n"
		"		return p->a;\n"
		"	p->b = 1;\n"
		"	spin_unlock(&p->l);\n"
		"	return 0;\n"
		"}\n");
	const struct ir_func *f = func_named(u, "t");

	assert_false(held_at(f, find_op(f, OP_READ, "p->a"), "p->l"));
	assert_true(held_at(f, find_op(f, OP_WRITE, "p->b"), "p->l"));
	free_snippet(u);
}

static void test_lockdep_assert_held(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"void a(struct kvm *kvm)\n"
		"{\n"
		"	lockdep_assert_held(&kvm->lock);\n"
		"	kvm->x = 1;\n"
		"}\n");
	const struct ir_func *f = func_named(u, "a");
	const struct ir_op *w = find_op(f, OP_WRITE, "kvm->x");
	const struct ir_lockset *ls = &f->locksets[w->lockset];

	assert_int_equal(ls->count, 1);
	assert_true(f->lockitems[ls->start].asserted);
	free_snippet(u);
}

static void test_iterator_macro_is_a_loop(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"static int susp(struct kvm_vcpu *vcpu)\n"
		"{\n"
		"	unsigned long i;\n"
		"	struct kvm_vcpu *tmp;\n"
		"\n"
		"	kvm_for_each_vcpu(i, tmp, vcpu->kvm) {\n"
		"		if (tmp == vcpu)\n"
		"			continue;\n"
		"		if (!kvm_riscv_vcpu_stopped(tmp))\n"
		"			return 0;\n"
		"	}\n"
		"	list_for_each_entry(pos, &vcpu->kvm->devices, vm_node)\n"
		"		pos->x = 1;\n"
		"	return 1;\n"
		"}\n");
	const struct ir_func *f = func_named(u, "susp");
	const struct ir_op *call = find_op(f, OP_CALL, "kvm_riscv_vcpu_stopped");

	assert_false(f->partial);
	assert_int_equal(f->nloops, 2);
	assert_int_equal(f->loops[0].kind, LOOP_MACRO);
	assert_string_equal(sym_str(f->loops[0].macro), "kvm_for_each_vcpu");
	assert_string_equal(sym_str(f->vars[f->loops[0].var].name), "tmp");
	assert_string_equal(sym_str(f->paths[f->loops[0].over].text), "vcpu->kvm");
	assert_non_null(call);
	assert_int_equal(call->loop, 1);
	/* the brace-less body is inside its loop too */
	assert_int_equal(find_op(f, OP_WRITE, "pos->x")->loop, 2);
	free_snippet(u);
}

static void test_reaching_definitions(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"void kick(struct kvm_vcpu *vcpu, int c)\n"
		"{\n"
		"	int cpu = vcpu->cpu;\n"
		"	if (c)\n"
		"		cpu = 0;\n"
		"	use(cpu);\n"
		"	if (should_kick(vcpu)) {\n"
		"		cpu = READ_ONCE(vcpu->cpu);\n"
		"		use2(cpu);\n"
		"	}\n"
		"}\n");
	const struct ir_func *f = func_named(u, "kick");
	const struct ir_op *use = find_op(f, OP_CALL, "use"), *use2 = find_op(f, OP_CALL, "use2");
	const struct ir_src *s;

	s = &f->srcs[f->args[use->src_start].src_start];
	assert_int_equal(s->kind, SRC_VAR);
	assert_int_equal(s->defs, 2);
	s = &f->srcs[f->args[use2->src_start].src_start];
	assert_int_equal(s->defs, 1);
	/* ... and that one def is the READ_ONCE */
	{
		const struct ir_op *def = &f->ops[f->reach[s->def_start]];
		const struct ir_src *ds = &f->srcs[def->src_start];

		assert_int_equal(def->kind, OP_DEF);
		assert_int_equal(f->ops[ds->ref].mark, MARK_ONCE);
	}
	free_snippet(u);
}

static void test_out_parameter_defines_the_local(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"int run(struct kvm_vcpu *vcpu, u64 gpa)\n"
		"{\n"
		"	struct kvm_host_map map;\n"
		"	struct vmcb *vmcb12;\n"
		"	if (kvm_vcpu_map(vcpu, gpa, &map))\n"
		"		return 1;\n"
		"	vmcb12 = map.hva;\n"
		"	return vmcb12->save.rip;\n"
		"}\n");
	const struct ir_func *f = func_named(u, "run");
	const struct ir_op *def = find_op(f, OP_DEF, "map");

	assert_non_null(def);
	assert_true(def->flags & OPF_OUTPARAM);
	assert_true(f->vars[def->a].by_value);
	free_snippet(u);
}

static void test_partial_function_is_counted(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"int ok(void) { return 1; }\n"
		"int broken(int a) { if (a) { x = ; } return a ) ; }\n");

	assert_int_equal(u->nfuncs, 2);
	assert_false(func_named(u, "ok")->partial);
	assert_true(func_named(u, "broken")->partial);
	assert_int_equal(u->nfuncs_partial, 1);
	free_snippet(u);
}

static void test_deep_nesting_is_bounded(void **state)
{
	/* tens of thousands of levels: no recursion the input can drive */
	size_t depth = 30000, n = 0;
	char *code = test_malloc(depth * 4 + 64);
	struct unit *u;

	n += (size_t)sprintf(code, "int deep(int a) { return ");
	for (size_t i = 0; i < depth; i++)
		code[n++] = '(';
	code[n++] = 'a';
	for (size_t i = 0; i < depth; i++)
		code[n++] = ')';
	n += (size_t)sprintf(code + n, "; }\n");
	u = lower_snippet("deep.c", code);
	assert_int_equal(u->nfuncs, 1);
	assert_true(u->funcs[0].partial);
	free_snippet(u);
	test_free(code);
}

static void test_syscall_macro_defines_a_function(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"SYSCALL_DEFINE3(frob, unsigned int, fd, struct frob __user *, uarg, int, flags)\n"
		"{\n"
		"	return get_user(x, &uarg->len);\n"
		"}\n");
	const struct ir_func *f = func_named(u, "sys_frob");

	assert_non_null(f);
	assert_true(f->is_macro);
	assert_int_equal(f->nparams, 3);
	assert_string_equal(sym_str(f->vars[1].name), "uarg");
	assert_true(f->vars[1].is_user);
	assert_string_equal(sym_str(f->vars[1].type), "struct frob *");
	free_snippet(u);
}

/* Which #if arm each definition is in: alternatives exclude each other, nesting does not. */
static void test_preproc_arms(void **state)
{
	struct unit *u = lower_snippet("t.c",
		"int top(void) { return 0; }\n"
		"#ifdef A\n"
		"int in_a(void) { return 1; }\n"
		"#if B\n"
		"int in_a_b(void) { return 2; }\n"
		"#endif\n"
		"#elif C\n"
		"int in_c(void) { return 3; }\n"
		"#else\n"
		"int in_else(void) { return 4; }\n"
		"#endif\n");
	sym_t top = func_named(u, "top")->preproc_arms, a = func_named(u, "in_a")->preproc_arms;
	sym_t ab = func_named(u, "in_a_b")->preproc_arms, c = func_named(u, "in_c")->preproc_arms;
	sym_t e = func_named(u, "in_else")->preproc_arms;

	assert_int_equal(top, 0);
	assert_false(preproc_arms_exclusive(top, a));
	assert_false(preproc_arms_exclusive(a, ab));
	assert_true(preproc_arms_exclusive(a, c));
	assert_true(preproc_arms_exclusive(ab, c));
	assert_true(preproc_arms_exclusive(c, e));
	assert_true(preproc_arms_exclusive(e, a));
	assert_false(preproc_arms_exclusive(e, e));
	free_snippet(u);
}

/* The macro of that name the unit recorded. */
static const struct macro_def *macro_named(const struct unit *u, const char *name)
{
	for (uint32_t i = 0; i < u->nmacros; i++)
		if (!strcmp(sym_str(u->macros[i].name), name))
			return &u->macros[i];
	return NULL;
}

static void test_lock_macros_are_read(void **state)
{
	struct unit *u = lower_snippet("m.h",
		"#define BMAP_LOCK(bmp) mutex_lock(&bmp->db_bmaplock)\n"
		"#define LOG_UNLOCK(log) mutex_unlock(&((log)->loglock))\n"
		"#define LOCK_X(d, fl) spin_lock_irqsave(&(d)->dev.lock, (d)->fl)\n"
		"#define if_lock(t) do { mutex_lock(&(t->if_lock)); } while (0);\n"
		"#define AG_LOCK(imap, agno) mutex_lock(&imap->im_aglock[agno])\n"
		"#define TXN_LOCK() spin_lock(&jfsTxnLock)\n"
		"#define scsi_lock(host) spin_lock_irq(host->host_lock)\n"
		"#define held(p) lockdep_assert_held(&(p)->lock) /* why */\n"
		"#define counted(p) do { spin_lock(&(p)->lock); (p)->n++; } while (0)\n"
		"#define two(p) spin_lock(&(p)->a); spin_lock(&(p)->b)\n"
		"#define via_call(ip) up_read(&JFS_IP(ip)->rdwrlock)\n"
		"#define pasted(x) mutex_lock(&x##_mutex)\n"
		"#define init(p) spin_lock_init(&(p)->lock)\n"
		"#define try(p) spin_trylock(&(p)->lock)\n"
		"#define cast(d) spin_lock(((struct host *)d)->lock)\n"
		"#define empty(p)\n"
		"#define barrier_after(p, f) do { spin_lock_irqsave(&(p)->lock, f); "
		"smp_mb__after_unlock_lock(); } while (0)\n"
		"#define try_stmt(p) ({ bool ok = spin_trylock(&(p)->lock); "
		"if (ok) smp_mb__after_unlock_lock(); ok; })\n"
		"#define lock_then_call(p) do { spin_lock(&(p)->lock); kick(p); } while (0)\n"
		"#define two_locks_noarg(p) do { spin_lock(&(p)->lock); rcu_read_lock(); } while (0)\n"
		"#define OBJECT_LIKE spin_lock(&x)\n");
	const struct macro_def *d;

	d = macro_named(u, "BMAP_LOCK");
	assert_non_null(d);
	assert_int_equal(d->op, OP_LOCK);
	assert_int_equal(d->lock, LOCK_MUTEX);
	assert_int_equal(d->param, 0);
	assert_int_equal(d->nparams, 1);
	assert_true(d->addr);
	assert_string_equal(sym_str(d->chain), "->db_bmaplock");
	d = macro_named(u, "LOG_UNLOCK");
	assert_int_equal(d->op, OP_UNLOCK);
	assert_string_equal(sym_str(d->chain), "->loglock");
	d = macro_named(u, "LOCK_X");
	assert_int_equal(d->op, OP_LOCK);
	assert_int_equal(d->lock, LOCK_SPIN);
	assert_int_equal(d->nparams, 2);
	assert_string_equal(sym_str(d->chain), "->dev.lock");
	assert_int_equal(macro_named(u, "if_lock")->op, OP_LOCK);
	d = macro_named(u, "AG_LOCK");
	assert_string_equal(sym_str(d->chain), "->im_aglock[]");
	d = macro_named(u, "TXN_LOCK");
	assert_int_equal(d->param, MACRO_NAMED_BASE);
	assert_string_equal(sym_str(d->base), "jfsTxnLock");
	d = macro_named(u, "scsi_lock");
	assert_int_equal(d->op, OP_LOCK);
	assert_false(d->addr);
	assert_string_equal(sym_str(d->chain), "->host_lock");
	assert_int_equal(macro_named(u, "held")->op, OP_ASSERT_HELD);
	/* anything more, or less, than one lock call is not a lock macro */
	assert_int_equal(macro_named(u, "counted")->op, OP_CALL);
	assert_int_equal(macro_named(u, "two")->op, OP_CALL);
	assert_int_equal(macro_named(u, "via_call")->op, OP_CALL);
	assert_int_equal(macro_named(u, "pasted")->op, OP_CALL);
	assert_int_equal(macro_named(u, "init")->op, OP_CALL);
	/* a trylock is read, but only for a trylock (index/macro_table.c) */
	d = macro_named(u, "try");
	assert_int_equal(d->op, OP_LOCK);
	assert_true(d->trylock);
	assert_false(macro_named(u, "BMAP_LOCK")->trylock);
	/* calls of no arguments beside it (a barrier, a check) change nothing */
	d = macro_named(u, "barrier_after");
	assert_int_equal(d->op, OP_LOCK);
	assert_string_equal(sym_str(d->chain), "->lock");
	d = macro_named(u, "try_stmt");
	assert_int_equal(d->op, OP_LOCK);
	assert_true(d->trylock);
	assert_string_equal(sym_str(d->chain), "->lock");
	/* one with an argument may do anything; a lock of no argument is a lock */
	assert_int_equal(macro_named(u, "lock_then_call")->op, OP_CALL);
	assert_int_equal(macro_named(u, "two_locks_noarg")->op, OP_CALL);
	assert_int_equal(macro_named(u, "cast")->op, OP_CALL);
	assert_int_equal(macro_named(u, "empty")->op, OP_CALL);
	assert_null(macro_named(u, "OBJECT_LIKE"));
	free_snippet(u);
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
		cmocka_unit_test(test_access_path_and_base_type),
		cmocka_unit_test(test_marking),
		cmocka_unit_test(test_lockset_with_goto_out),
		cmocka_unit_test(test_lock_held_on_one_path_only),
		cmocka_unit_test(test_guard_scopes),
		cmocka_unit_test(test_trylock_held_on_success_only),
		cmocka_unit_test(test_lockdep_assert_held),
		cmocka_unit_test(test_iterator_macro_is_a_loop),
		cmocka_unit_test(test_reaching_definitions),
		cmocka_unit_test(test_out_parameter_defines_the_local),
		cmocka_unit_test(test_partial_function_is_counted),
		cmocka_unit_test(test_deep_nesting_is_bounded),
		cmocka_unit_test(test_syscall_macro_defines_a_function),
		cmocka_unit_test(test_lock_macros_are_read),
		cmocka_unit_test(test_preproc_arms),
	};

	return cmocka_run_group_tests(tests, load_linux_kernel, NULL);
}
