# The Xen hypervisor: guest memory named by guest handles.
#
# A hypercall hands the hypervisor guest handles (XEN_GUEST_HANDLE(T),
# XEN_GUEST_HANDLE_PARAM(T), XEN_GUEST_HANDLE_64(T)): addresses in the
# calling guest's memory, which its other vCPUs can rewrite while the
# hypercall runs.  The hypervisor reads them only through the
# copy_from_guest family, which counts in elements of the destination's
# type.  A handle may sit in a field of a request already copied in
# (op.u.getmemlist.buffer); reading that field gives the handle, and two
# copies through it are two fetches of the same guest memory.
#
# Hypercall handlers are reached through the hypercall table, which the
# build generates: nothing in the tree calls them directly, so a handler
# with a handle parameter is an entry point.

profile xen-hv
description "Xen hypervisor: guest memory behind guest handles (copy_from_guest family)"
memory "guest memory"
trigger "the guest (another vCPU)"
# a value read from this memory and used twice is read once, with
# ACCESS_ONCE or read_atomic: a plain read may be loaded again
single-reads-marked
# the hypervisor runs no race detector: a plain read of a pending flag or
# count that another CPU sets atomically, whose value reaches nothing, is
# a read_atomic() cleanup to its maintainers, not a bug fix
benign-race-note

shared-handle XEN_GUEST_HANDLE
shared-handle XEN_GUEST_HANDLE_PARAM
shared-handle XEN_GUEST_HANDLE_64

# copy_from_guest(ptr, hnd, nr) and the unchecked __ form
fetch-elements copy_from_guest 1 0 2
fetch-elements __copy_from_guest 1 0 2
# copy_from_guest_offset(ptr, hnd, off, nr)
fetch-elements copy_from_guest_offset 1 0 3 2
fetch-elements __copy_from_guest_offset 1 0 3 2
# copy_field_from_guest(ptr, hnd, field): one member, at an offset the
# fetch does not name
fetch copy_field_from_guest 1 0
fetch __copy_field_from_guest 1 0

# memcpy() from guest memory is a fetch too, and one the compiler expands
# into plain loads: a copy into a local is no snapshot unless something
# after it makes the compiler assume memory changed (the barrier() Xen
# puts after such a copy), for it may load a member from guest memory
# again where the local's member is used
fetch memcpy 1 0 2
inline-copy memcpy

sink size memcpy 2
sink size xmalloc_array 1
sink size xzalloc_array 1
sink size xmalloc_bytes 0
sink size xzalloc_bytes 0

# --- what the parser needs to know --------------------------------------
#
# Macros that take a type, or a member name, where C wants a value: the
# allocators (xzalloc(struct foo), xzalloc_array(union host_lpi *, n),
# xzalloc_flex_struct(struct foo, member, n)), min_t/max_t/clamp_t, va_arg,
# the per-CPU accessors and NIL(type); and GNU typeof(x), a type as a whole
type-arg xmalloc 0
type-arg xzalloc 0
type-arg xvmalloc 0
type-arg xvzalloc 0
type-arg xmalloc_array 0
type-arg xzalloc_array 0
type-arg xvmalloc_array 0
type-arg xvzalloc_array 0
type-arg xmalloc_flex_struct 0 1
type-arg xzalloc_flex_struct 0 1
type-arg xvmalloc_flex_struct 0 1
type-arg xvzalloc_flex_struct 0 1
type-arg xrealloc_flex_struct 1
type-arg xvrealloc_flex_struct 1
type-arg min_t 0
type-arg max_t 0
type-arg clamp_t 0
type-arg va_arg 1
type-arg NIL 0
type-arg hypfs_alloc_dyndata 0
type-arg get_unaligned_t 0
type-arg endof_field 0 1
# the list and container macros, and the guest handle casts, take the type
# second: const struct foo is no word
type-arg container_of 1
type-arg list_entry 1
type-arg list_first_entry 1
type-arg list_first_entry_or_null 1
type-arg list_last_entry 1
type-arg list_last_entry_or_null 1
type-arg hlist_entry 1
type-arg guest_handle_cast 1
type-arg guest_handle_const_cast 1
type-arg guest_handle_from_ptr 1
type-arg const_guest_handle_from_ptr 1
type-arg compat_handle_cast 1
type-call typeof
type-call __typeof__

# attribute macros of xen/include/xen/compiler.h and init.h, which expand
# to an attribute or to nothing
annotation cf_check
annotation always_inline
annotation attr_const
annotation nocall
annotation __nonnull
annotation __initconstrel
annotation __initconst
annotation __initsetup
annotation __hwdom_init
annotation __hwdom_initdata
annotation init_or_livepatch
annotation init_or_livepatch_const
annotation init_or_livepatch_constrel
annotation init_or_livepatch_data
annotation init_or_livepatch_read_mostly
annotation init_or_livepatch_ro_after_init
annotation __constructor
annotation __transparent__
annotation __used_section
annotation __text_section
# log levels (xen/include/xen/lib.h) are strings pasted onto a message,
# after which a file's own prefix macro may follow:
# printk(XENLOG_ERR VTDPREFIX "...")
string-macro XENLOG_ERR
string-macro XENLOG_WARNING
string-macro XENLOG_INFO
string-macro XENLOG_DEBUG
string-macro XENLOG_GUEST
string-macro XENLOG_G_ERR
string-macro XENLOG_G_WARNING
string-macro XENLOG_G_INFO
string-macro XENLOG_G_DEBUG
string-macro KERN_ERR
string-macro KERN_CRIT
string-macro KERN_EMERG
string-macro KERN_WARNING
string-macro KERN_NOTICE
string-macro KERN_INFO
string-macro KERN_DEBUG

# xen/include/xsm/dummy.h: always_inline, or cf_check; an action
# parameter, or nothing
annotation XSM_INLINE
annotation XSM_DEFAULT_ARG

# --- the hypervisor's own primitives ------------------------------------
#
# spin_lock(), read_lock() and write_lock() are spelled as in Linux and
# known already.  These are Xen's own.

# recursive spinlocks, taken recursively (rspin) or not (nrspin)
lock rspin_lock 0 spin
unlock rspin_unlock 0 spin
unlock rspin_unlock_irqrestore 0 spin
trylock rspin_trylock 0 spin
lock nrspin_lock 0 spin
lock nrspin_lock_irq 0 spin
lock nrspin_lock_irqsave 0 spin
unlock nrspin_unlock 0 spin
unlock nrspin_unlock_irq 0 spin
unlock nrspin_unlock_irqrestore 0 spin
trylock nrspin_trylock 0 spin
# per-CPU read-write locks: percpu_write_lock(grant_rwlock, &gt->lock);
# the first argument names the per-CPU owner variable, the second the lock
lock percpu_read_lock 1 read
unlock percpu_read_unlock 1 read
lock percpu_write_lock 1 write
unlock percpu_write_unlock 1 write

# deferred work: a tasklet, a timer or a softirq handler runs later, in
# softirq context of its own, holding no lock
thread-entry tasklet_init 1
thread-entry softirq_tasklet_init 1
thread-entry init_timer 1
thread-entry open_softirq 1

# the PCI devices lock: one global lock taken with no argument
lock pcidevs_lock - mutex
unlock pcidevs_unlock - mutex

# lock assertions: Xen asserts a lock with ASSERT(spin_is_locked(&l)) or
# WARN_ON(!rw_is_write_locked(&l)); the predicate is what says it is held
lock-held spin_is_locked 0 spin
lock-held rspin_is_locked 0 spin
lock-held rw_is_locked 0 read
lock-held rw_is_write_locked 0 write

# marked accesses: ACCESS_ONCE(x) is read and assigned; the atomic
# helpers take the location's address
marked-access ACCESS_ONCE 0
# ... and what a fix hint asks for: a read as most of the hypervisor
# writes one, ACCESS_ONCE(x), and a store with write_atomic(&x, v)
# (ACCESS_ONCE(x) = v is the rarer form; xen/include/xen/lib.h,
# asm/atomic.h)
fix-read ACCESS_ONCE
fix-write write_atomic address
marked-read read_atomic 0 address
marked-write write_atomic 0 1 address
marked-rmw add_sized 0 address
# test_and_set_bool(b) and test_and_clear_bool(b) exchange b atomically
marked-rmw test_and_set_bool 0
marked-rmw test_and_clear_bool 0
# bit operations on guest-shared words take the domain first
marked-read guest_test_bit 2 address atomic
marked-rmw guest_set_bit 2 address
marked-rmw guest_clear_bit 2 address
marked-rmw guest_change_bit 2 address
marked-rmw guest_test_and_set_bit 2 address
marked-rmw guest_test_and_clear_bit 2 address
marked-rmw guest_test_and_change_bit 2 address
marked-rmw guest_cmpxchg 1 address
marked-rmw guest_cmpxchg64 1 address

# memory barriers (xen/include/xen/barrier.h, asm/system.h): an object is
# filled in, smp_wmb(), then its pointer or a count is stored where other
# CPUs find it (write_atomic(&d->valid_evtchns, ...)); they load it, then
# smp_rmb() before they read what it publishes
barrier smp_wmb write
barrier smp_rmb read
barrier smp_mb full
barrier wmb write
barrier rmb read
barrier mb full

# ASSERT() stops a debug build when it fails: a guest that can trip one
# crashes a debug host.  Release builds compile it out (the NDEBUG arm in
# xen/include/xen/bug.h evaluates nothing), and Xen supports only those:
# the tree's own definition makes a race that reaches only ASSERT benign
assert ASSERT
assert ASSERT_UNREACHABLE

log gdprintk
log gprintk
log dprintk
log printk_once
log debugtrace_printk
log guest_printk

# Guest pages the hypervisor maps and reads in place: what these return
# points into memory the guest (or, for an ioreq page, the device model)
# can write while Xen reads it.
shared-return shared_entry_header
shared-return shared_entry_v1
shared-return shared_entry_v2
shared-return status_entry
shared-return get_ioreq
# Guest frames the hypervisor maps and reads in place.  map_domain_page()
# maps any frame, Xen's own page tables and heap pages as much as a
# guest's, so it is no source by itself: a page is the guest's when it came
# from the guest's physical address space (get_page_from_gfn() and its
# kin, a host object, as struct page_info is); mapping it, or its frame,
# gives a pointer into guest memory the guest's other vCPUs can write.
shared-page get_page_from_gfn
shared-page get_page_from_gfn_p2m
# check_get_page_from_gfn(d, gfn, readonly, &p2mt, &page)
shared-page check_get_page_from_gfn 4
page-address __map_domain_page 0
page-address __map_domain_page_global 0
page-address map_domain_page 0
page-address map_domain_page_global 0
page-address page_to_mfn 0
page-address _mfn 0
page-address mfn_x 0
# the page type functions validate a page as a page table (or devalidate
# it) only while the guest has no writable mapping of it: what they read
# of the page is not the guest's to change
exclusive-page get_page_type 0
exclusive-page get_page_type_preemptible 0
exclusive-page put_page_type 0
exclusive-page put_page_type_preemptible 0
exclusive-page get_page_and_type 0
exclusive-page put_page_and_type 0
exclusive-page put_page_and_type_preemptible 0
# a guest frame mapped by its gfn and kept in the vCPU's nested state: the
# L1 guest's VMCB or VMCS, which its other vCPUs can rewrite while Xen
# emulates VMRUN or VMLAUNCH; read-only, the I/O and MSR permission
# bitmaps it names, which its users test bit by bit.
shared-map hvm_map_guest_frame_rw
shared-map hvm_map_guest_frame_ro
# bitmap_switch(nbits, zero, small, large) expands to an if / else on
# nbits: the bitmap helpers' small and large arms never both run
alternatives bitmap_switch 1

# The shared info page and each vCPU's vcpu_info: guest pages Xen keeps
# mapped for the domain's life, read through accessor macros
shared-field domain shared_info
shared-field vcpu vcpu_info_area.map
# shared_info(d, field) is d->shared_info->field, vcpu_info(v, field)
# v->vcpu_info_area.map->field (the compat arms pick a member of the same
# place); __shared_info(d, s, field) is s->field
member-macro shared_info 0 1 shared_info
member-macro vcpu_info 0 1 vcpu_info_area.map
member-macro __shared_info 1 2
member-macro __vcpu_info 1 2

# the FF-A mediator's TX buffer: a guest page mapped for as long as the
# guest keeps it registered, handed out to each call that reads a message
# or a descriptor from it while the guest's other vCPUs can write it
shared-out ffa_tx_acquire 1 *
# prepare_ring_for_helper(d, gfn, &page, &va) maps a frame of d's physical
# address space for a ring Xen shares with d or its helper (an ioreq
# page, a vm_event ring, the emulated PL011's console ring): what it
# stores through &va points into memory the other side writes while Xen
# reads it
shared-out prepare_ring_for_helper 3 *

# Object lifetimes: what frees a page or an allocation, and what pins a
# page against being freed.  A reference found under a lock and kept past
# the unlock must be pinned first if a path holding the lock can free it.
frees free_xenheap_page 0
frees free_xenheap_pages 0
frees free_domheap_page 0
frees free_domheap_pages 0
frees put_page_alloc_ref 0
frees xfree 0
takes-ref get_page 0
takes-ref get_page_and_type 0
takes-ref get_page_from_mfn 0

# --- what Xen spells as Linux does ------------------------------------------
#
# The hypervisor keeps its own copies of primitives Linux has, under
# Linux's names: spinlocks and rwlocks (xen/include/xen/spinlock.h,
# rwlock.h), RCU (rcupdate.h), cmpxchg/xchg, the atomic_t API and the bit
# operations (asm/atomic.h, asm/bitops.h), the barriers, BUG/BUG_ON/WARN_ON
# and panic (xen/bug.h, lib.h), printk, likely/unlikely, container_of and
# the list iterators (xen/list.h), per_cpu() and this_cpu(), current, the
# attribute macros of compiler.h and init.h, and the fixed-size integer
# types (xen/types.h).  These are the linux-kernel profile's lines the tree
# uses (checked against the tree: each name is called or written in it),
# declared here rather than included, so that the rest of Linux's
# vocabulary (its semaphores' down/up, the system-call macros, KVM's log
# calls) does not apply to Xen.
lock mutex_lock 0 mutex
unlock mutex_unlock 0 mutex
rcu-lock rcu_read_lock
rcu-unlock rcu_read_unlock
lock read_lock 0 read
lock read_lock_irq 0 read
lock read_lock_irqsave 0 read
trylock read_trylock 0 read
unlock read_unlock 0 read
unlock read_unlock_irq 0 read
unlock read_unlock_irqrestore 0 read
lock write_lock 0 write
lock write_lock_irq 0 write
lock write_lock_irqsave 0 write
trylock write_trylock 0 write
unlock write_unlock 0 write
unlock write_unlock_irq 0 write
unlock write_unlock_irqrestore 0 write
trylock (raw_spin|spin)_trylock(_irq|_irqsave|_irqrestore|_bh|_nested|_nest|_lock|_rcu|_node)* 0 spin
lock (_raw_spin|raw_spin|spin)_lock(_irq|_irqsave|_irqrestore|_bh|_nested|_nest|_lock|_rcu|_node)* 0 spin
unlock (_raw_spin|raw_spin|spin)_unlock(_irq|_irqsave|_irqrestore|_bh|_nested|_nest|_lock|_rcu|_node)* 0 spin
marked-read READ_ONCE 0 once
marked-write WRITE_ONCE 0 1 once
marked-rmw cmpxchg 0 address atomic
marked-rmw cmpxchg64 0 address atomic
marked-write rcu_assign_pointer 0 1 rcu
marked-read rcu_dereference 0 rcu
marked-read smp_cond_load_acquire 0 address acquire
marked-read smp_load_acquire 0 address acquire
marked-write smp_store_release 0 1 address release
marked-rmw xchg 0 address atomic
marked-read *_dereference 0 rcu
plain-rmw __change_bit 1 address bit
plain-rmw __clear_bit 1 address bit
plain-rmw __set_bit 1 address bit
plain-rmw __test_and_change_bit 1 address bit
plain-rmw __test_and_clear_bit 1 address bit
plain-rmw __test_and_set_bit 1 address bit
marked-rmw change_bit 1 address atomic bit
marked-rmw clear_bit 1 address atomic bit
marked-rmw set_bit 1 address atomic bit
marked-rmw test_and_change_bit 1 address atomic bit
marked-rmw test_and_clear_bit 1 address atomic bit
marked-rmw test_and_set_bit 1 address atomic bit
marked-read test_bit 1 address atomic bit
marked-read (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_read* 0 address atomic
marked-write (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_set* 0 1 address atomic
marked-rmw (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_* 0 address atomic
marked-rmw (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_(add|sub|and|or|xor|andnot|fetch_add|fetch_sub|fetch_and|fetch_or|fetch_xor|fetch_andnot|add_return|sub_return|sub_and_test|add_negative) 1 address atomic
marked-rmw (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_(add|sub)_return* 1 address atomic
not-idiom (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_
marked-rmw (this_cpu|__this_cpu|raw_cpu)_* 0 data-race
not-idiom (this_cpu|__this_cpu|raw_cpu)_ptr
barrier smp_mb__before_atomic full
barrier smp_mb__after_atomic full
thread-entry request_irq 1
thread-stop tasklet_kill 0
thread-stop free_irq 0
thread-stop disable_irq 0
noreturn BUG
unevaluated BUILD_BUG_ON
unevaluated BUILD_BUG_ON_ZERO
unevaluated IS_ENABLED
unevaluated __must_be_array
unevaluated __stringify
noreturn do_exit
pass likely
type-macro list_next_entry 1
type-macro list_prev_entry 1
noreturn panic
type-macro rb_entry
unevaluated sizeof_field
pass unlikely
noreturn unreachable
assert WARN*
assert *WARN_ON*
assert *BUG_ON*
log printk
log printf
log trace_*
not-idiom trace_hardirqs*
log (pr|dev|netdev|drm|pci|hv|xen)_(emerg|alert|crit|err|warn|warning|notice|info|debug|dbg|cont|devel)
log (pr|dev|netdev|drm|pci|hv|xen)_(emerg|alert|crit|err|warn|warning|notice|info|debug|dbg|cont|devel)_*
annotation __aligned
annotation __bitwise
annotation __cacheline_aligned
annotation __cold
annotation __exit
annotation __exitdata
annotation __force
annotation __init init
annotation __initdata
annotation __iomem
annotation __kprobes
annotation __maybe_unused
annotation __must_check
annotation __noreturn noreturn
annotation __packed
annotation __pure
annotation __rcu
annotation __read_mostly
annotation __ro_after_init
annotation __section
annotation __used
annotation __user
user-annotation __user
annotation __weak
annotation asmlinkage
annotation noinline
type-size u8 1
type-size s8 1
type-size __u8 1
type-size __s8 1
type-size u16 2
type-size s16 2
type-size __u16 2
type-size __s16 2
type-size __le16 2
type-size __be16 2
type-size u32 4
type-size s32 4
type-size __u32 4
type-size __s32 4
type-size __le32 4
type-size __be32 4
type-size u64 8
type-size s64 8
type-size __u64 8
type-size __s64 8
type-size __le64 8
type-size __be64 8
iterator *for_each*
iterator *foreach*
iterator for_*
running-thread current
member-array DECLARE_BITMAP 0 "unsigned long"
# Xen's list.h and rbtree.h: list and tree members, and the calls that
# take an object out of what it is linked in
list-type list_head link head
list-type hlist_node link
list-type hlist_head head
list-type rb_node link
list-type rb_root head
unlink *list_del*
unlink rb_erase*
per-cpu *per_cpu*
per-cpu *this_cpu*
per-cpu *raw_cpu*
cpu-local *this_cpu_ptr*
irq-handler (request|devm_request)_irq 1
refcount-type atomic_t
refcount-drop *_dec_and_test

# calls that end what they are handed: free it, release it, drop a
# reference (xfree, free_domheap_pages, put_page, *_destroy): a value
# handed there is nobody's after it
ends *free*
ends *release*
ends *destroy*
ends *cleanup*
ends *_put*
ends put_*
# calls that return a value forced into a range their other arguments
# set: min(v, n), MIN(a, b) (xen/macros.h), array_index_nospec(v, n);
# min_t names a type first
bound min
bound MIN
bound array_index_nospec
bound min_t 1
