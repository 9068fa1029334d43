/* The profile parser: what it accepts, and the errors it gives. */
#include "helpers.h"
#include "profile/profile.h"
#include "ir/byterange.h"

static void expect_error(const char *text, const char *message)
{
	struct profile_set s = {0};
	char err[512];

	assert_false(profile_parse(&s, "my.profile", text, err, sizeof(err)));
	if (!strstr(err, message)) {
		print_error("got: %s\nwanted: %s\n", err, message);
		fail();
	}
	profile_set_free(&s);
}

static void test_valid_profile(void **state)
{
	struct profile_set s = {0};
	char err[512];
	const struct profile_rule *r;
	uint32_t cur = 0;

	assert_true(profile_parse(&s, "g.profile",
		"# a comment\n"
		"profile guest\n"
		"description \"guest memory, mapped\"   # trailing comment\n"
		"memory guest memory\n"
		"trigger \"guest (L1)\"\n"
		"shared-out kvm_vcpu_map 2 hva\n"
		"shared-return gfn_to_hva*\n"
		"shared-return to_user_ptr 0\n"
		"shared-field gfn_to_pfn_cache khva\n"
		"fetch copy_from_user 1 0 2\n"
		"fetch memdup_user 0 - 1\n"
		"shared-param sys_* *\n"
		"shared-param handle_msg 1\n"
		"fetch read_guest* 1 0 2\n"
		"fetch read_phys 1 2 3 by-value\n"
		"fetch ring_read_packet 1 0 2 always-shared\n"
		"store put_user 1\n"
		"store copy_to_user 0 2\n"
		"fetch-elements copy_from_guest_offset 1 0 3 2\n"
		"shared-handle GUEST_HANDLE\n"
		"sink size memcpy 2\n"
		"transition sse\n"
		"save sse_event_inject\n"
		"lower-csr CSR_SEPC CSR_HSTATUS\n"
		"sanctioned CSR_SEPC sbi_trap_regs.mepc \"the spec lets S-mode set it\"\n",
		err, sizeof(err)));
	profile_finish(&s);
	assert_int_equal(s.profiles.n, 1);
	assert_string_equal(sym_str(s.profiles.v[0].name), "guest");
	assert_string_equal(s.profiles.v[0].description, "guest memory, mapped");
	assert_string_equal(sym_str(s.profiles.v[0].memory), "guest memory");
	assert_string_equal(sym_str(s.profiles.v[0].trigger), "guest (L1)");
	/* by-value: the address argument is a number naming the memory */
	r = profile_find(&s, intern("read_phys"), PR_FETCH);
	assert_non_null(r);
	assert_true(r->by_value);
	assert_int_equal(r->size, 3);
	assert_false(profile_find(&s, intern("copy_from_user"), PR_FETCH)->by_value);
	/* always-shared: the copy reads nothing but the memory */
	r = profile_find(&s, intern("ring_read_packet"), PR_FETCH);
	assert_non_null(r);
	assert_true(r->always_shared);
	assert_false(r->by_value);
	assert_int_equal(r->size, 2);
	assert_false(profile_find(&s, intern("copy_from_user"), PR_FETCH)->always_shared);
	/* store: a write into the memory, not a fetch */
	r = profile_find(&s, intern("put_user"), PR_STORE);
	assert_non_null(r);
	assert_int_equal(r->arg, 1);
	assert_int_equal(r->size, -1);
	assert_int_equal(profile_find(&s, intern("copy_to_user"), PR_STORE)->size, 2);
	assert_null(profile_find(&s, intern("put_user"), PR_FETCH));
	r = profile_find(&s, intern("kvm_vcpu_map"), PR_SHARED_OUT);
	assert_non_null(r);
	assert_int_equal(r->arg, 2);
	assert_string_equal(sym_str(r->field), "hva");
	/* a trailing * matches any suffix */
	assert_non_null(profile_find(&s, intern("gfn_to_hva_memslot"), PR_SHARED_RETURN));
	assert_null(profile_find(&s, intern("gfn_to_hv"), PR_SHARED_RETURN));
	/* an address held as an integer: the argument that names it */
	r = profile_find(&s, intern("to_user_ptr"), PR_SHARED_RETURN);
	assert_non_null(r);
	assert_int_equal(r->arg, 0);
	assert_int_equal(profile_find(&s, intern("gfn_to_hva"), PR_SHARED_RETURN)->arg, -1);
	/* a prefix matches for its own kind only, whichever kinds have prefixes */
	assert_null(profile_find(&s, intern("gfn_to_hva_memslot"), PR_FETCH));
	assert_non_null(profile_find(&s, intern("read_guest_page"), PR_FETCH));
	/* shared-param FUNC *: every pointer parameter, told by arg -1 */
	r = profile_find(&s, intern("sys_read_block"), PR_SHARED_PARAM);
	assert_non_null(r);
	assert_int_equal(r->arg, -1);
	assert_int_equal(profile_find(&s, intern("handle_msg"), PR_SHARED_PARAM)->arg, 1);
	assert_null(profile_find(&s, intern("read_guest_page"), PR_SHARED_RETURN));
	assert_null(profile_find(&s, intern("read_guest_page"), PR_SINK));
	r = profile_find(&s, intern("memdup_user"), PR_FETCH);
	assert_int_equal(r->arg, 0);
	assert_int_equal(r->dest, -1);
	assert_int_equal(r->size, 1);
	/* an element-counted copy: count and offset in elements of *DEST */
	r = profile_find(&s, intern("copy_from_guest_offset"), PR_FETCH);
	assert_non_null(r);
	assert_true(r->elements);
	assert_int_equal(r->size, 3);
	assert_int_equal(r->offset, 2);
	assert_int_equal(profile_find(&s, intern("memdup_user"), PR_FETCH)->offset, -1);
	assert_int_equal(s.shared_handles.n, 1);
	assert_string_equal(sym_str(s.rules.v[s.shared_handles.v[0]].name), "GUEST_HANDLE");
	r = profile_find(&s, intern("khva"), PR_SHARED_FIELD);
	assert_string_equal(sym_str(r->strct), "struct gfn_to_pfn_cache");
	assert_int_equal(s.shared_fields.n, 1);
	assert_ptr_equal(&s.rules.v[s.shared_fields.v[0]], r);
	/* lower-csr makes one rule per CSR */
	assert_non_null(profile_find(&s, intern("CSR_HSTATUS"), PR_LOWER_CSR));
	r = profile_next(&s, intern("CSR_SEPC"), PR_SANCTIONED, &cur);
	assert_non_null(r);
	assert_string_equal(r->text, "the spec lets S-mode set it");
	profile_set_free(&s);
}

static void test_errors_name_file_and_line(void **state)
{
	expect_error("shared-return f\n", "my.profile:1: error: 'shared-return' before any 'profile NAME' line");
	expect_error("profile p\nbogus x\n", "my.profile:2: error: unknown directive 'bogus'");
	expect_error("profile p\nshared-out f two hva\n",
		     "my.profile:2: error: ARG must be an argument number from 0 to 63, not 'two'");
	expect_error("profile p\nshared-out f 1\n", "my.profile:2: error: usage: shared-out FUNC ARG FIELD|*");
	expect_error("profile p\n\ndescription \"open\n", "my.profile:3: error: unterminated quoted string");
	expect_error("profile p\nsink huge memcpy 2\n", "my.profile:2: error: unknown sink kind 'huge'");
	expect_error("profile p\nshared-return 9lives\n", "my.profile:2: error: function '9lives' is not a C identifier");
	expect_error("profile p\nshared-return f x\n", "my.profile:2: error: ARG must be an argument number");
	expect_error("profile p\nshared-return f 0 1\n", "my.profile:2: error: usage: shared-return FUNC [ARG]");
	expect_error("profile p\nfetch f 1 0 2 3 by-value\n",
		     "my.profile:2: error: usage: fetch FUNC ADDR [DEST|-] [SIZE|-] [by-value|always-shared]");
	expect_error("profile p\nstore f\n", "my.profile:2: error: usage: store FUNC ADDR [SIZE|-]");
	expect_error("profile p\nstore f 1 1\n", "my.profile:2: error: SIZE is the same argument as ADDR");
	expect_error("profile p\nsave f\n", "my.profile:2: error: 'save' outside a 'transition NAME' block");
	expect_error("profile p\nprofile p\n", "my.profile:2: error: profile 'p' is defined twice");
	expect_error("# nothing\n", "my.profile: error: no 'profile NAME' line: not a profile");
	expect_error("profile p\nshared-field struct foo x\n", "usage: shared-field STRUCT FIELD");
	expect_error("profile p\nshared-param f all\n",
		     "my.profile:2: error: ARG must be an argument number from 0 to 63, not 'all'");
	expect_error("profile p\nshared-param f\n", "my.profile:2: error: usage: shared-param FUNC ARG|*");
	expect_error("profile p\nfetch-elements f 1 0\n",
		     "my.profile:2: error: usage: fetch-elements FUNC ADDR DEST COUNT [OFFSET|-]");
	expect_error("profile p\nfetch-elements f 1 - 2\n",
		     "my.profile:2: error: DEST must be an argument number");
	expect_error("profile p\nshared-handle\n", "my.profile:2: error: usage: shared-handle NAME");
	expect_error("profile p\ninit-macro M 0\n",
		     "my.profile:2: error: usage: init-macro MACRO [\"TYPE\"] ARG|FUNC MEMBER...");
	expect_error("profile p\ninit-macro M \"struct t\" f suspend\n",
		     "my.profile:2: error: a macro that defines an object takes argument numbers, not 'f'");
	expect_error("profile p\ninit-macro M 0 sus-pend\n",
		     "my.profile:2: error: MEMBER 'sus-pend' is not a C identifier");
	expect_error("profile p\ninit-macro M* 0 suspend\n",
		     "my.profile:2: error: init-macro takes one name, not a prefix");
	expect_error("profile p\nshared-handle H*\n", "my.profile:2: error: shared-handle takes one macro name");
	expect_error("profile p\nlock f\n", "my.profile:2: error: usage: lock FUNC LOCK|- [KIND]");
	expect_error("profile p\nlock f 0 ticket\n", "my.profile:2: error: unknown lock kind 'ticket'");
	expect_error("profile p\nmarked-write f 0\n",
		     "my.profile:2: error: usage: marked-write FUNC LOC VALUE [address] [MARK]");
	expect_error("profile p\nmarked-write f 0 0\n", "LOC and VALUE are the same argument");
	expect_error("profile p\nmarked-read f 0 release\n",
		     "'release' is not 'address', a mark (once, atomic, rcu, data-race, acquire), "
		     "after 'address', 'bit' or 'held LOCKFUNC'");
	expect_error("profile p\nassert\n", "my.profile:2: error: usage: assert FUNC");
	expect_error("profile p\nowner-test f -\n", "owner-test needs the lock's argument");
	expect_error("profile p\nlock-held f 0 mutex g\n", "'g' is not 'owner' or 'index'");
	expect_error("profile p\nplain-rmw f 0 atomic\n", "'atomic' is not 'address'");
	expect_error("profile p\nannotation IN*\n", "annotation takes one word, not a prefix");
	expect_error("profile p\ntype-arg xzalloc\n", "usage: type-arg FUNC ARG [ARG...]");
	expect_error("profile p\ntype-arg xz* 0\n", "type-arg takes one name, not a prefix");
	expect_error("profile p\ntype-arg xzalloc 31\n", "ARG must be below 31");
	expect_error("profile p\ntype-call typeof 0\n", "usage: type-call FUNC");
	expect_error("profile p\nshared-page\n", "usage: shared-page FUNC [ARG]");
	expect_error("profile p\nstring-macro\n", "usage: string-macro NAME");
	expect_error("profile p\nexclusive-page f\n", "usage: exclusive-page FUNC ARG");
	expect_error("profile p\nfile-trigger f\n", "usage: file-trigger FUNC TEXT");
	expect_error("profile p\nfile-trigger f* the other end\n", "file-trigger takes one function name");
	expect_error("profile p\nalternatives f\n", "usage: alternatives FUNC FIRST");
	expect_error("profile p\nalternatives f x\n", "FIRST must be an argument number");
	expect_error("profile p\nindirect-call f\n", "usage: indirect-call FUNC N");
	expect_error("profile p\nindirect-call f 0\n", "N is how many functions it names, 1 to 8");
	expect_error("profile p\nmember-macro f 0\n", "usage: member-macro FUNC ARG MEMBER [CHAIN]");
	expect_error("profile p\nmember-macro f 1 1\n", "ARG and MEMBER are the same argument");
	expect_error("profile p\nmember-macro f 0 1 a..b\n", "CHAIN 'a..b' is not a member");
	expect_error("profile p\nmember-macro f* 0 1\n", "member-macro takes one name, not a prefix");
	expect_error("profile p\nserial-entry f\n", "my.profile:2: error: usage: serial-entry FUNC ARG");
	expect_error("profile p\nserial-entry f* 1\n", "serial-entry takes one function name, not a prefix");
	expect_error("profile p\nthread-stop f\n", "my.profile:2: error: usage: thread-stop FUNC ARG");
	expect_error("profile p\nlist-type node\n", "usage: list-type TAG link|head [link|head]");
	expect_error("profile p\nlist-type node chain\n", "usage: list-type TAG link|head [link|head]");
	expect_error("profile p\nlist-type a.b link\n", "'a.b' is not a struct tag");
	expect_error("profile p\nunlink\n", "usage: unlink FUNC");
	expect_error("profile p\ncallback-lock l\n",
		     "usage: callback-lock LOCKFUNC FUNC ARG [MEMBER] | LOCKFUNC STRUCT MEMBER [ARG [FIELD]]");
	expect_error("profile p\ncallback-lock l f 1 2\n", "'2' is not a member's name");
	expect_error("profile p\ncallback-lock l f 1 m x\n", "usage: callback-lock LOCKFUNC FUNC ARG [MEMBER]");
	expect_error("profile p\ncallback-lock l ops hook 0 a..b\n", "'a..b' is not a member's name");
	expect_error("profile p\ncallback-lock l ops hook x\n", "ARG must be an argument number");
	expect_error("profile p\nunlocked-callback fops\n", "usage: unlocked-callback STRUCT MEMBER");
	expect_error("profile p\nunlocked-callback fops a.b\n", "is not a struct tag and a member");
	expect_error("profile p\ntype-macro f 1 1\n", "the same argument twice");
	expect_error("profile p\nshared-param-name Comm*\n",
		     "shared-param-name takes one parameter name, not a prefix");
	expect_error("profile p\nsingle-reads-marked yes\n", "usage: single-reads-marked");
	expect_error("profile p\nconcurrent-entries all\n", "usage: concurrent-entries");
	expect_error("profile p\ninline-copy memcpy 1\n", "my.profile:2: error: usage: inline-copy FUNC");
	expect_error("profile p\nprivilege-opener file_operations\n",
		     "my.profile:2: error: usage: privilege-opener STRUCT MEMBER");
	expect_error("profile p\nprivilege-opener * open\n", "privilege-opener needs a struct tag");
	expect_error("profile p\nprivilege-opener file_operations op*\n",
		     "MEMBER 'op*' is not a member name");
	expect_error("profile p\nprivate-module-type\n", "my.profile:2: error: usage: private-module-type TYPE");
	expect_error("profile p\nreads f 0\n", "my.profile:2: error: usage: reads FUNC ARG FIELD");
	expect_error("profile p\nreads get_rax 0 save.*\n", "names no family");
	expect_error("profile p\nreads get_* 0 save*\n", "a * completes a member of its own");
	expect_error("profile p\nreads get_* 0 save..*\n", "is not a member or a dotted chain");
	expect_error("profile p\nhandler-register f 0 99\n",
		     "my.profile:2: error: HANDLE must be an argument number from 0 to 63, not '99'");
	expect_error("profile p\nvalidates f\n", "my.profile:2: error: usage: validates FUNC ADDR [SIZE|-]");
	expect_error("profile p\nvalidates f 1 1\n", "SIZE is the same argument as ADDR");
	expect_error("profile p\nhandler-unregister f*\n", "usage: handler-unregister FUNC ARG");
	expect_error("profile p\nlockdown-notify f 0 1\n",
		     "usage: lockdown-notify FUNC EVENT_ARG CALLBACK_ARG EVENT");
	expect_error("profile p\nlockdown-notify f 0 1 ready-to-lock\n",
		     "my.profile:2: error: event 'ready-to-lock' is not a C identifier");
}

/* who sees a handler's buffer: module types, and handlers gone at the lockdown */
static void test_handler_lifetime_directives(void **state)
{
	struct profile_set s = {0};
	char err[512];
	const struct profile_rule *r;

	assert_true(profile_parse(&s, "h.profile",
		"profile p\n"
		"shared-param-name MsgBuffer\n"
		"handler-register RegisterHandler 0 2\n"
		"handler-register RegisterOther 1\n"
		"handler-unregister UnregisterHandler 0\n"
		"lockdown-notify NotifyOn 0 1 gLockdownEvent\n"
		"private-module-type COPYING_MODULE\n"
		"validates BufferIsOutside 0 1\n"
		"validates AddressIsOutside 1 -\n",
		err, sizeof(err)));
	profile_finish(&s);
	r = profile_find(&s, intern("BufferIsOutside"), PR_VALIDATES);
	assert_non_null(r);
	assert_int_equal(r->arg, 0);
	assert_int_equal(r->size, 1);
	/* the size is optional */
	r = profile_find(&s, intern("AddressIsOutside"), PR_VALIDATES);
	assert_non_null(r);
	assert_int_equal(r->arg, 1);
	assert_int_equal(r->size, -1);
	r = profile_find(&s, intern("RegisterHandler"), PR_HANDLER_REGISTER);
	assert_non_null(r);
	assert_int_equal(r->arg, 0);
	assert_int_equal(r->dest, 2);
	/* the handle is optional */
	assert_int_equal(profile_find(&s, intern("RegisterOther"), PR_HANDLER_REGISTER)->dest, -1);
	assert_int_equal(profile_find(&s, intern("UnregisterHandler"), PR_HANDLER_UNREGISTER)->arg, 0);
	r = profile_find(&s, intern("NotifyOn"), PR_LOCKDOWN_NOTIFY);
	assert_non_null(r);
	assert_int_equal(r->arg, 0);
	assert_int_equal(r->dest, 1);
	assert_true(r->target == intern("gLockdownEvent"));
	assert_non_null(profile_find(&s, intern("COPYING_MODULE"), PR_PRIVATE_MODULE));
	assert_null(profile_find(&s, intern("OTHER_MODULE"), PR_PRIVATE_MODULE));
	profile_set_free(&s);
}

/* lock, marked-*, assert, log: the codebase's primitives, for the lowering */
static void test_idiom_directives(void **state)
{
	struct profile_set s = {0};
	char err[512];
	struct idiom id;

	assert_true(profile_parse(&s, "i.profile",
		"profile p\n"
		"include linux-kernel\n"
		"lock pcpu_wlock 1 write\n"
		"unlock pcpu_wunlock 1 write\n"
		"trylock my_trylock 0\n"
		"lock-held my_lock_held 0 mutex\n"
		"lock-test my_obj_is_locked 0 mutex owner\n"
		"lock-test big_lock_is_held - mutex big_lock_take\n"
		"marked-access MY_ONCE 0\n"
		"marked-read my_read_atomic 0 address\n"
		"marked-read my_load_acquire 0 address acquire\n"
		"marked-write my_write_atomic 0 1 address\n"
		"marked-rmw my_guest_set_bit 2 address\n"
		"assert MY_ASSERT\n"
		"log my_log_*\n"
		"noreturn my_die\n"
		"annotation MY_IN\n"
		"shared-param-name MsgBuffer\n"
		"single-reads-marked\n"
		"concurrent-entries\n"
		"inline-copy my_memcpy\n"
		"lock big_lock_take -\n"
		"lock-held BIG_LOCK_ASSERT - mutex big_lock_take\n"
		"trylock big_lock_try - mutex big_lock_take\n"
		"marked-read big_deref 0 rcu held big_lock_take\n"
		"plain-rmw my_set_bit 1 address\n"
		"serial-entry my_poll_add 2\n"
		"serial-entry timer_setup 1\n"
		"thread-stop my_cancel_sync 1\n"
		"list-type my_node link\n"
		"list-type my_list link head\n"
		"unlink my_unlink*\n"
		"callback-lock my_own_lock my_ops hook 1\n"
		"callback-lock my_mutex_lock my_bus remove 0 lock.base\n"
		"unlocked-callback my_fops poll\n"
		"type-macro my_from_timer 0 2\n"
		"alternatives my_switch 1\n"
		"indirect-call MY_INDIRECT_2 2\n",
		err, sizeof(err)));
	profile_finish(&s);
	id = idiom_lookup("pcpu_wlock");
	assert_int_equal(id.kind, ID_LOCK);
	assert_int_equal(id.loc, 1);
	assert_true(id.loc_is_ptr);
	assert_int_equal(id.lock, LOCK_WRITE);
	assert_int_equal(idiom_lookup("pcpu_wunlock").kind, ID_UNLOCK);
	assert_int_equal(idiom_lookup("my_unlink_init").kind, ID_UNLINK);
	/* the call through its first argument, the next two only compared */
	assert_int_equal(idiom_lookup("MY_INDIRECT_2").kind, ID_INDIRECT_CALL);
	assert_int_equal(idiom_lookup("MY_INDIRECT_2").loc, 2);
	assert_int_equal(idiom_lookup("struct my_node").kind, ID_LIST_TYPE);
	assert_int_equal(idiom_lookup("struct my_fops::poll").kind, ID_UNLOCKED_CALLBACK);
	/* the lock a member of the object the callback's argument points to */
	id = idiom_lookup("struct my_bus::remove");
	assert_int_equal(id.kind, ID_CALLBACK_LOCK);
	assert_int_equal(id.val, 0);
	assert_string_equal(sym_str(id.member), "lock.base");
	assert_int_equal(idiom_lookup("struct my_ops::hook").member, 0);
	assert_int_equal(idiom_lookup("struct my_node").mark, IDIOM_LIST_LINK);
	assert_int_equal(idiom_lookup("struct my_list").mark, IDIOM_LIST_LINK | IDIOM_LIST_HEAD);
	/* no kind given: a lock of no particular kind */
	assert_int_equal(idiom_lookup("my_trylock").kind, ID_TRYLOCK);
	assert_int_equal(idiom_lookup("my_trylock").lock, LOCK_OTHER);
	assert_int_equal(idiom_lookup("my_lock_held").kind, ID_ASSERT_HELD);
	assert_int_equal(idiom_lookup("my_lock_held").lock, LOCK_MUTEX);
	/* a lock test: of an object's own lock, and of a global lock */
	id = idiom_lookup("my_obj_is_locked");
	assert_int_equal(id.kind, ID_HELD_TEST);
	assert_int_equal(id.loc, 0);
	assert_true(id.owner);
	assert_int_equal(id.lock, LOCK_MUTEX);
	id = idiom_lookup("big_lock_is_held");
	assert_int_equal(id.kind, ID_HELD_TEST);
	assert_int_equal(id.loc, -1);
	assert_string_equal(sym_str(id.held), "big_lock_take");
	/* a global lock's assertion and trylock name the lock function they stand for */
	id = idiom_lookup("BIG_LOCK_ASSERT");
	assert_int_equal(id.kind, ID_ASSERT_HELD);
	assert_int_equal(id.loc, -1);
	assert_string_equal(sym_str(id.held), "big_lock_take");
	id = idiom_lookup("big_lock_try");
	assert_int_equal(id.kind, ID_TRYLOCK);
	assert_string_equal(sym_str(id.held), "big_lock_take");
	/* a read only the lock's holder makes says it is held */
	id = idiom_lookup("big_deref");
	assert_int_equal(id.kind, ID_READ);
	assert_int_equal(id.mark, MARK_RCU);
	assert_string_equal(sym_str(id.held), "big_lock_take");
	id = idiom_lookup("MY_ONCE");
	assert_int_equal(id.kind, ID_READ);
	assert_true(id.assignable);
	assert_false(id.loc_is_ptr);
	assert_int_equal(id.mark, MARK_ONCE);
	assert_true(idiom_lookup("my_read_atomic").loc_is_ptr);
	assert_false(idiom_lookup("my_read_atomic").assignable);
	assert_int_equal(idiom_lookup("my_load_acquire").mark, MARK_ACQUIRE);
	id = idiom_lookup("my_write_atomic");
	assert_int_equal(id.kind, ID_WRITE);
	assert_int_equal(id.val, 1);
	id = idiom_lookup("my_guest_set_bit");
	assert_int_equal(id.kind, ID_RMW);
	assert_int_equal(id.loc, 2);
	assert_int_equal(id.mark, MARK_ATOMIC);
	assert_int_equal(idiom_lookup("MY_ASSERT").kind, ID_WARN);
	assert_int_equal(idiom_lookup("my_log_warn").kind, ID_TRACE);
	assert_int_equal(idiom_lookup("my_die").kind, ID_NORETURN);
	assert_int_equal(idiom_lookup("my_switch").kind, ID_ALTERNATIVES);
	assert_int_equal(idiom_lookup("my_cancel_sync").kind, ID_THREAD_STOP);
	assert_int_equal(idiom_lookup("my_cancel_sync").loc, 1);
	/* a hook run holding the lock of the object its parameter 1 points to */
	id = idiom_lookup("struct my_ops::hook");
	assert_int_equal(id.kind, ID_CALLBACK_LOCK);
	assert_int_equal(id.val, 1);
	assert_int_equal(id.held, intern("my_own_lock"));
	id = idiom_lookup("my_from_timer");
	assert_int_equal(id.kind, ID_TYPE_MACRO);
	assert_true(idiom_type_macro_arg_skipped(&id, 0));
	assert_false(idiom_type_macro_arg_skipped(&id, 1));
	assert_true(idiom_type_macro_arg_skipped(&id, 2));
	assert_int_equal(idiom_lookup("my_switch").loc, 1);
	/* an annotation is blanked before the parse: matched by length too */
	assert_true(idiom_is_declared_annotation("MY_IN", 5));
	assert_true(idiom_is_declared_annotation("MY_IN_X", 5));
	assert_false(idiom_is_declared_annotation("MY_IN_X", 7));
	assert_false(idiom_is_declared_annotation("MY_I", 4));
	assert_false(idiom_is_declared_annotation("my_die", 6));
	assert_non_null(profile_find(&s, intern("MsgBuffer"), PR_SHARED_PARAM_NAME));
	assert_true(s.profiles.v[0].single_reads_marked);
	assert_true(s.profiles.v[0].concurrent_entries);
	assert_non_null(profile_find(&s, intern("my_memcpy"), PR_INLINE_COPY));
	assert_null(profile_find(&s, intern("my_memcpy"), PR_FETCH));
	/* a lock with no argument */
	assert_int_equal(idiom_lookup("big_lock_take").kind, ID_LOCK);
	assert_int_equal(idiom_lookup("big_lock_take").loc, -1);
	/* a read-modify-write that is not atomic */
	assert_int_equal(idiom_lookup("my_set_bit").kind, ID_RMW);
	assert_int_equal(idiom_lookup("my_set_bit").mark, MARK_PLAIN);
	/* a registration that runs fn one at a time, saying nothing of its locks */
	id = idiom_lookup("my_poll_add");
	assert_int_equal(id.kind, ID_SERIAL_ENTRY);
	assert_int_equal(id.loc, 2);
	assert_true(id.serial);
	/* an included thread entry stays one, and becomes serial */
	id = idiom_lookup("timer_setup");
	assert_int_equal(id.kind, ID_THREAD_ENTRY);
	assert_true(id.serial);
	assert_false(idiom_builtin("timer_setup").serial);
	assert_true(idiom_builtin("INIT_WORK").serial);
	/*
	 * a kthread is one thread per call: serial only outside a loop (a pool
	 * of kthreads may share the data they are handed), and one started
	 * per CPU is a pool
	 */
	assert_true(idiom_builtin("kthread_run").serial);
	assert_true(idiom_builtin("kthread_run").once);
	assert_false(idiom_builtin("INIT_WORK").once);
	assert_false(idiom_builtin("kthread_run_on_cpu").serial);
	/* the included profile's idioms are there underneath */
	assert_int_equal(idiom_lookup("spin_lock").kind, ID_LOCK);
	assert_true(idioms_declared_hash() != 0);
	profile_set_free(&s);

	/* the same name with two meanings, from two profiles: an error */
	memset(&s, 0, sizeof(s));
	assert_true(profile_parse(&s, "a.profile", "profile a\nlock take 0\n", err, sizeof(err)));
	assert_true(profile_parse(&s, "b.profile", "profile b\nunlock take 0\n", err, sizeof(err)));
	assert_false(idioms_install((struct idiom_decl[]){
					    { "take", false, s.rules.v[0].idiom },
					    { "take", false, s.rules.v[1].idiom } },
				    2, err, sizeof(err)));
	assert_non_null(strstr(err, "'take' is declared twice with different meanings"));
	profile_set_free(&s);
	/* none declared: nothing changes the cache's key */
	assert_true(idioms_install(NULL, 0, err, sizeof(err)));
	assert_true(idioms_install_layer(1, NULL, 0, err, sizeof(err)));
	idioms_install_iterators(NULL, 0);
	idioms_install_member_arrays(NULL, 0);
	idioms_install_object_macros(NULL, 0);
	idioms_install_init_macros(NULL, 0);
	idioms_install_member_macros(NULL, 0);
	idioms_install_user_words(NULL, 0);
	idioms_install_guard_classes(NULL, NULL, 0);
	idioms_install_function_macros(NULL, NULL, 0);
	byterange_set_type_sizes(NULL, NULL, 0);
	assert_true(idioms_declared_hash() == 0);
	assert_int_equal(idiom_lookup("pcpu_wlock").kind, ID_NONE);
}

/* A guard-class line shapes the IR, so it is part of the cache's key. */
static uint64_t hash_of_profile(const char *text)
{
	struct profile_set s = {0};
	char err[512];
	uint64_t h;

	assert_true(profile_parse(&s, "g.profile", text, err, sizeof(err)));
	profile_finish(&s);
	h = idioms_declared_hash();
	profile_set_free(&s);
	return h;
}

static void test_guard_classes_key_the_cache(void **state)
{
	uint64_t none = hash_of_profile("profile g\nlock my_take 0\n");
	uint64_t spin = hash_of_profile("profile g\nlock my_take 0\nguard-class *my_spin* spin\n");
	uint64_t mutex = hash_of_profile("profile g\nlock my_take 0\nguard-class *my_spin* mutex\n");
	uint64_t other = hash_of_profile("profile g\nlock my_take 0\nguard-class *my_lk* spin\n");

	(void)state;
	assert_true(none != spin);
	assert_true(spin != mutex);
	assert_true(spin != other);
	assert_true(spin == hash_of_profile("profile g\nlock my_take 0\nguard-class *my_spin* spin\n"));
}

/*
 * A codebase's idioms come from its profile: without one that declares
 * them, spin_lock() is just a call; a profile can declare a family of its
 * own by pattern, and override an included default.
 */
static void test_idioms_come_from_profiles(void **state)
{
	struct profile_set s = {0};
	char err[512];
	struct idiom id;

	assert_true(profile_parse(&s, "bare.profile", "profile bare\nlock my_take 0\n", err,
				  sizeof(err)));
	profile_finish(&s);
	assert_int_equal(idiom_lookup("spin_lock").kind, ID_NONE);
	assert_int_equal(idiom_lookup("spin_lock_irqsave").kind, ID_NONE);
	assert_int_equal(idiom_lookup("atomic_inc").kind, ID_NONE);
	assert_int_equal(idiom_lookup("WARN_ON").kind, ID_NONE);
	/* the C language's own words need no profile */
	assert_int_equal(idiom_lookup("__builtin_unreachable").kind, ID_NORETURN);
	profile_set_free(&s);

	memset(&s, 0, sizeof(s));
	assert_true(profile_parse(&s, "fam.profile",
		"profile fam\n"
		"lock (my|our)_lock(_irq|_bh|_nested)* 0 spin\n"
		"unlock (my|our)_unlock(_irq|_bh)* 0 spin\n"
		"marked-rmw my_atomic_* 0 address atomic\n"
		"marked-rmw my_atomic_add(|_return*) 1 address atomic\n"
		"log *_log_(err|info)\n"
		"not-idiom my_atomic_init\n"
		"assert *MY_CHECK*\n"
		"log (dev_|net_)*warn\n", err, sizeof(err)));
	profile_finish(&s);
	assert_int_equal(idiom_lookup("my_lock").kind, ID_LOCK);
	assert_int_equal(idiom_lookup("our_lock_irq_nested").kind, ID_LOCK);
	assert_int_equal(idiom_lookup("my_lock_irq_nested").lock, LOCK_SPIN);
	assert_int_equal(idiom_lookup("my_unlock_bh").kind, ID_UNLOCK);
	/* only the family's own words */
	assert_int_equal(idiom_lookup("my_lock_init").kind, ID_NONE);
	assert_int_equal(idiom_lookup("my_lock_irqx").kind, ID_NONE);
	assert_int_equal(idiom_lookup("my_unlock_nested").kind, ID_NONE);
	id = idiom_lookup("my_atomic_inc");
	assert_int_equal(id.kind, ID_RMW);
	assert_int_equal(id.loc, 0);
	/* the most literal characters win */
	assert_int_equal(idiom_lookup("my_atomic_add").loc, 1);
	assert_int_equal(idiom_lookup("my_atomic_add_return_relaxed").loc, 1);
	assert_int_equal(idiom_lookup("my_atomic_add_unless").loc, 0);
	assert_int_equal(idiom_lookup("my_atomic_init").kind, ID_NONE);
	assert_int_equal(idiom_lookup("dev_log_err").kind, ID_TRACE);
	assert_int_equal(idiom_lookup("dev_log_errno").kind, ID_NONE);
	assert_int_equal(idiom_lookup("A_MY_CHECK_ON").kind, ID_WARN);
	/* a pattern that opens with a repeating group matches from any letter */
	assert_int_equal(idiom_lookup("net_warn").kind, ID_TRACE);
	assert_int_equal(idiom_lookup("dev_net_warn").kind, ID_TRACE);
	/* Linux's names mean nothing here */
	assert_int_equal(idiom_lookup("spin_lock").kind, ID_NONE);
	profile_set_free(&s);

	/* a profile that includes the kernel's idioms sees them, and overrides one */
	memset(&s, 0, sizeof(s));
	assert_true(profile_parse(&s, "inc.profile",
		"profile inc\ninclude linux-kernel\nplain-rmw set_bit 1 address bit\n", err,
		sizeof(err)));
	profile_finish(&s);
	assert_int_equal(idiom_lookup("spin_lock_irqsave").kind, ID_LOCK);
	assert_int_equal(idiom_lookup("set_bit").mark, MARK_PLAIN);
	assert_int_equal(idiom_builtin("set_bit").mark, MARK_ATOMIC);
	profile_set_free(&s);

	/* malformed patterns */
	memset(&s, 0, sizeof(s));
	assert_false(profile_parse(&s, "bad.profile", "profile b\nlock my_(a|)* 0\n", err,
				   sizeof(err)));
	assert_false(profile_parse(&s, "bad.profile", "profile c\nlock * 0\n", err, sizeof(err)));
	assert_false(profile_parse(&s, "bad.profile", "profile d\nlock my_(a 0\n", err,
				   sizeof(err)));
	assert_false(profile_parse(&s, "bad.profile", "profile e\ninclude nosuch\n", err,
				   sizeof(err)));
	profile_set_free(&s);
}

/* type-taking macros come with the tree's profile, as annotations do */
static void test_type_args_only_with_the_chosen_profile(void **state)
{
	struct profile_set s = {0};
	char err[256];

	assert_true(profile_parse(&s, "my.profile",
				  "profile p\ntype-arg my_alloc 0\ntype-arg my_flex 0 1\n"
				  "type-arg my_flex 2\ntype-call my_typeof\n", err, sizeof(err)));
	profile_finish(&s);
	assert_int_equal(idiom_type_args_n("my_alloc", 8), 1);
	/* declared twice, the arguments add up */
	assert_int_equal(idiom_type_args_n("my_flex", 7), 7);
	assert_int_equal(idiom_type_args_n("my_typeof", 9), TYPE_ARG_CALL);
	assert_int_equal(idiom_type_args_n("my_alloc_x", 8), 1);
	assert_int_equal(idiom_type_args_n("my_alloc_x", 10), 0);
	assert_true(idioms_declared_hash() != 0);
	profile_set_free(&s);
	memset(&s, 0, sizeof(s));
	profile_load(&s, NULL, NULL, 0);
	assert_int_equal(idiom_type_args_n("xzalloc", 7), 0);
	profile_set_free(&s);
	memset(&s, 0, sizeof(s));
	profile_load(&s, "xen-hv", NULL, 0);
	assert_int_equal(idiom_type_args_n("xzalloc", 7), 1);
	assert_int_equal(idiom_type_args_n("typeof", 6), TYPE_ARG_CALL);
	/* shared_info(d, field) is d->shared_info->field */
	assert_non_null(idiom_member_macro("shared_info"));
	assert_int_equal(idiom_member_macro("shared_info")->base, 0);
	assert_int_equal(idiom_member_macro("shared_info")->member, 1);
	assert_string_equal(idiom_member_macro("vcpu_info")->chain, "vcpu_info_area.map");
	assert_string_equal(idiom_member_macro("__shared_info")->chain, "");
	assert_null(idiom_member_macro("shared_inf"));
	assert_true(idiom_is_string_macro("XENLOG_ERR", 10));
	assert_false(idiom_is_string_macro("XENLOG_ERRNO", 12));
	/* a page of guest memory, as a result or through an out-parameter */
	assert_true(profile_find(&s, intern("get_page_from_gfn"), PR_SHARED_RETURN)->page);
	assert_int_equal(profile_find(&s, intern("check_get_page_from_gfn"), PR_SHARED_OUT)->arg, 4);
	assert_true(profile_find(&s, intern("check_get_page_from_gfn"), PR_SHARED_OUT)->page);
	assert_non_null(profile_find(&s, intern("get_page_type"), PR_EXCLUSIVE_PAGE));
	profile_set_free(&s);
	/* without the tree's profile, none of it */
	memset(&s, 0, sizeof(s));
	profile_load(&s, NULL, NULL, 0);
	assert_null(idiom_member_macro("shared_info"));
	profile_set_free(&s);
}

/* a codebase's annotations come with its profile, not with every profile */
static void test_annotations_only_with_the_chosen_profile(void **state)
{
	struct profile_set s = {0};

	profile_load(&s, NULL, NULL, 0);
	assert_false(idiom_is_declared_annotation("EFIAPI", 6));
	/* its other idioms still apply */
	assert_int_equal(idiom_lookup("AcquireSpinLock").kind, ID_LOCK);
	profile_set_free(&s);
	memset(&s, 0, sizeof(s));
	profile_load(&s, "edk2", NULL, 0);
	assert_true(idiom_is_declared_annotation("EFIAPI", 6));
	assert_true(idiom_is_declared_annotation("OPTIONAL", 8));
	profile_set_free(&s);
}

/*
 * Linux's annotation macros and its user-pointer word come from
 * linux-kernel.profile, not from the code: without it __user and __rcu are
 * words like any other; a tree's profile that does not include it declares
 * its own (OP-TEE's __packed); a profile may name another user-pointer word.
 */
static void test_annotations_come_from_profiles(void **state)
{
	struct profile_set s = {0};
	char err[512];

	assert_true(profile_parse(&s, "bare.profile", "profile bare\nlock my_take 0\n", err,
				  sizeof(err)));
	profile_finish(&s);
	assert_false(idiom_is_declared_annotation("__user", 6));
	assert_false(idiom_is_declared_annotation("__rcu", 5));
	assert_false(idiom_is_declared_annotation("__must_hold", 11));
	assert_int_equal(idiom_user_word_count(), 0);
	assert_int_equal(idiom_guard_class_kind("mutex"), -1);
	assert_null(idiom_fix_read());
	assert_null(idiom_fix_write());
	assert_null(idiom_fix_read_text("x", 1));
	{
		const char *pre = NULL;

		/* no system-call macros, no kernel integer types: C's own only */
		assert_false(idiom_function_macro("SYSCALL_DEFINE3", &pre));
		assert_int_equal(scalar_size("u32"), 0);
		assert_int_equal(scalar_size("uint32_t"), 4);
	}
	profile_set_free(&s);

	memset(&s, 0, sizeof(s));
	profile_load(&s, "linux-user", NULL, 0);
	/* included (linux-user includes linux-kernel) */
	assert_true(idiom_is_declared_annotation("__user", 6));
	assert_true(idiom_is_declared_annotation("__rcu", 5));
	assert_true(idiom_is_declared_annotation("__must_hold", 11));
	assert_true(idiom_is_declared_annotation("noinstr", 7));
	assert_false(idiom_is_declared_annotation("__use", 5));
	assert_true(idiom_is_user_word("__user", 6));
	/* guard(mutex)(&l): the class's lock kind, srcu before rcu */
	assert_int_equal(idiom_guard_class_kind("mutex"), LOCK_MUTEX);
	assert_int_equal(idiom_guard_class_kind("spinlock_irqsave"), LOCK_SPIN);
	assert_int_equal(idiom_guard_class_kind("srcu"), LOCK_SRCU);
	assert_int_equal(idiom_guard_class_kind("rcu"), LOCK_RCU);
	assert_int_equal(idiom_guard_class_kind("irq"), -1);
	assert_string_equal(idiom_fix_read(), "READ_ONCE");
	assert_string_equal(idiom_fix_write(), "WRITE_ONCE");
	{
		const char *pre = NULL;

		/* scoped_cond_guard(class, fail, &l): the lock third */
		assert_int_equal(idiom_lookup("scoped_cond_guard").kind, ID_SCOPED_GUARD);
		assert_int_equal(idiom_lookup("scoped_cond_guard").loc, 2);
		assert_int_equal(idiom_lookup("scoped_guard").loc, 1);
		assert_true(idiom_function_macro("SYSCALL_DEFINE3", &pre));
		assert_string_equal(pre, "sys_");
		assert_true(idiom_function_macro("COMPAT_SYSCALL_DEFINE2", &pre));
		assert_string_equal(pre, "compat_sys_");
		assert_true(idiom_function_macro("SYSCALL32_DEFINE1", &pre));
		assert_string_equal(pre, "");
		assert_false(idiom_function_macro("DEFINE_MUTEX", &pre));
		assert_int_equal(scalar_size("__le32"), 4);
		assert_int_equal(scalar_size("const u16"), 2);
	}
	{
		char *r = idiom_fix_read_text("p->f", 4), *w = idiom_fix_write_text("p->f", 4, "v", 1);

		assert_string_equal(r, "READ_ONCE(p->f)");
		assert_string_equal(w, "WRITE_ONCE(p->f, v)");
		free(r);
		free(w);
	}
	profile_set_free(&s);

	/* Xen's own, over linux-kernel's: a store takes the address */
	memset(&s, 0, sizeof(s));
	profile_load(&s, "xen-hv", NULL, 0);
	assert_string_equal(idiom_fix_read(), "ACCESS_ONCE");
	{
		char *r = idiom_fix_read_text("p->f", 4), *w = idiom_fix_write_text("p->f", 4, "v", 1);

		assert_string_equal(r, "ACCESS_ONCE(p->f)");
		assert_string_equal(w, "write_atomic(&p->f, v)");
		free(r);
		free(w);
	}
	profile_set_free(&s);

	/* with no tree recognised, the defaults' (Linux's), not one codebase's own */
	memset(&s, 0, sizeof(s));
	profile_load(&s, NULL, NULL, 0);
	assert_string_equal(idiom_fix_read(), "READ_ONCE");
	assert_string_equal(idiom_fix_write(), "WRITE_ONCE");
	profile_set_free(&s);

	/* TF-A's cdefs.h: __dead2 is __attribute__((__noreturn__)) */
	memset(&s, 0, sizeof(s));
	profile_load(&s, "tf-a", NULL, 0);
	assert_int_equal(idiom_annotation_meaning("__dead2"), ANN_NORETURN);
	assert_int_equal(idiom_annotation_meaning("__pmusramfunc"), ANN_NONE);
	assert_true(idiom_is_declared_annotation("__pmusramfunc", 13));
	assert_int_equal(idiom_lookup("__predict_false").kind, ID_PASS);
	profile_set_free(&s);

	/* EDK2's integer types, declared by its profile */
	memset(&s, 0, sizeof(s));
	profile_load(&s, "edk2", NULL, 0);
	assert_int_equal(scalar_size("UINTN"), 8);
	assert_int_equal(scalar_size("UINT16"), 2);
	profile_set_free(&s);
	memset(&s, 0, sizeof(s));
	assert_false(profile_parse(&s, "bad.profile", "profile bad\ntype-size T 3\n", err,
				   sizeof(err)));
	profile_set_free(&s);

	/* a bad form is an error */
	memset(&s, 0, sizeof(s));
	assert_false(profile_parse(&s, "bad.profile", "profile bad\nfix-write put address x\n", err,
				   sizeof(err)));
	assert_non_null(strstr(err, "fix-write NAME [address]"));
	profile_set_free(&s);
	memset(&s, 0, sizeof(s));
	assert_false(profile_parse(&s, "bad.profile", "profile bad\nfix-read get by-value\n", err,
				   sizeof(err)));
	profile_set_free(&s);

	/* with no tree recognised: every shipped profile, linux-kernel's annotations too */
	memset(&s, 0, sizeof(s));
	profile_load(&s, NULL, NULL, 0);
	assert_true(idiom_is_declared_annotation("__iomem", 7));
	assert_true(idiom_is_user_word("__user", 6));
	profile_set_free(&s);

	/* OP-TEE does not include linux-kernel: its own words, some spelled as Linux's */
	memset(&s, 0, sizeof(s));
	profile_load(&s, "optee", NULL, 0);
	assert_true(idiom_is_declared_annotation("__packed", 8));
	assert_false(idiom_is_declared_annotation("__rcu", 5));
	assert_false(idiom_is_user_word("__user", 6));
	profile_set_free(&s);

	memset(&s, 0, sizeof(s));
	assert_true(profile_parse(&s, "mine.profile",
				  "profile mine\nannotation __guest\nuser-annotation __guest\n", err,
				  sizeof(err)));
	profile_finish(&s);
	assert_true(idiom_is_declared_annotation("__guest", 7));
	assert_true(idiom_is_user_word("__guest", 7));
	assert_false(idiom_is_user_word("__user", 6));
	profile_set_free(&s);
}

static void test_shipped_profiles_parse(void **state)
{
	struct profile_set s = {0};
	char err[512];

	assert_true(shipped_profile_count >= 3);
	/* each alone: one that includes another reads it into its set */
	for (unsigned i = 0; i < shipped_profile_count; i++) {
		memset(&s, 0, sizeof(s));
		if (!profile_parse(&s, shipped_profiles[i].name, shipped_profiles[i].text, err,
				   sizeof(err))) {
			print_error("%s\n", err);
			fail();
		}
		profile_set_free(&s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_profile),
		cmocka_unit_test(test_errors_name_file_and_line),
		cmocka_unit_test(test_idiom_directives),
		cmocka_unit_test(test_idioms_come_from_profiles),
		cmocka_unit_test(test_handler_lifetime_directives),
		cmocka_unit_test(test_annotations_only_with_the_chosen_profile),
		cmocka_unit_test(test_annotations_come_from_profiles),
		cmocka_unit_test(test_guard_classes_key_the_cache),
		cmocka_unit_test(test_type_args_only_with_the_chosen_profile),
		cmocka_unit_test(test_shipped_profiles_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
