# OP-TEE OS: memory the secure kernel does not own.
#
# Two parties write memory OP-TEE reads while it runs.  A trusted
# application (TA) hands its system calls addresses in its own memory,
# which its other threads can rewrite -- and a TA's memref parameters may
# be normal-world shared memory, which the rich OS rewrites from any of
# its CPUs.  The normal world also hands OP-TEE its message arguments
# (struct optee_msg_arg, with its parameters) in shared memory, for a
# standard call and for the replies to OP-TEE's RPCs, and it delivers TA
# images for loading there too.
#
# The system calls are reached through the SVC table, so nothing calls
# them directly; every one is named syscall_*, and each argument declared
# as a pointer is an address in the TA's memory.  They read it with the
# copy_from_user family (tee_svc_copy_from_user before 2023); the checks
# vm_check_access_rights / tee_mmu_check_access_rights validate an
# address, they do not copy it.

profile optee
description "OP-TEE OS: TA memory behind system-call pointers, normal-world shared memory (optee_msg_arg, RPC replies, TA images)"
memory "memory the TA or the normal world can write"
trigger "a TA (another thread) or the normal world (another CPU)"
# OP-TEE reads a value of shared memory it uses twice with READ_ONCE
# (io.h): a plain read that a check and a later use both rely on may be
# loaded again by the compiler
single-reads-marked

# --- where that memory comes from ----------------------------------------

# a system call's pointer arguments are addresses in the calling TA
shared-param syscall_* *
# the message argument of a standard call or of an RPC reply
shared-type optee_msg_arg
shared-field thread_ctx rpc_arg
shared-out get_msg_arg 3 *
shared-out get_msg_arg 4 *
shared-out get_rpc_arg 3 *
# a TA image that tee-supplicant loaded into shared memory
shared-out rpc_load 1 *
shared-field ree_fs_ta_handle nw_ta

# --- reads out of it -------------------------------------------------------

fetch copy_from_user 1 0 2
fetch copy_from_user_private 1 0 2
fetch tee_svc_copy_from_user 1 0 2
fetch tee_svc_copy_from_user_private 1 0 2
fetch GET_USER_SCALAR 1
fetch bb_memdup_user 0 - 1
fetch bb_memdup_user_private 0 - 1
fetch BB_MEMDUP_USER 0 - 1
fetch BB_MEMDUP_USER_PRIVATE 0 - 1
fetch bb_strndup_user 0 - 1
# memcpy from shared memory is a fetch too: a TA image's header copied in
# from the shared buffer twice (ree_fs_ta_open() before its fix) reads the
# same bytes twice.  Copies from secure memory are not shared, so they
# fetch nothing; a copy of sizeof(d->member) bytes is sized by the member
# (an array member records its dimension), so a UUID's last 8 bytes taken
# from a message parameter do not reach the parameter's next word
fetch memcpy 1 0 2

# The access-rights check of a TA's buffer (address, length): the kernel
# may read or write there for the TA.  A value handed to it is checked;
# copy_to_user() and copy_from_user() check their user address through it
# (seen through as wrappers), so an address read again only to be copied
# back to is checked anew.  tee_mmu_check_access_rights is its name before
# the vm_ rename.
validates vm_check_access_rights 2 3
validates tee_mmu_check_access_rights 2 3

sink size memcpy 2
sink size malloc 0
sink size calloc 1
sink size bb_alloc 0
sink size copy_to_user 2
sink size copy_from_user 2

# --- the codebase's own words --------------------------------------------
#
# compiler.h's attribute macros: unknown to the grammar, each breaks the
# declaration it appears in
annotation __noprof
annotation __nostackcheck
annotation __nex_data
annotation __nex_bss
annotation __data
annotation __bss
annotation __rodata
annotation __rodata_unpaged
annotation __relrodata_unpaged
annotation __attr_const
annotation __deprecated
annotation __noinline
annotation __no_asan
annotation __no_stackprot
annotation __inhibit_loop_to_libcall
# and those spelled as Linux spells them (compiler.h; cdefs.h's __always_inline)
annotation __aligned
annotation __always_inline
annotation __cold
annotation __maybe_unused
annotation __must_check
annotation __no_stack_protector
annotation __noreturn noreturn
annotation __packed
annotation __printf
annotation __pure
annotation __section
annotation __unused
annotation __used
annotation __weak

# locks: CPU spin locks (with the interrupt state saved) and mutexes
lock cpu_spin_lock 0 spin
lock cpu_spin_lock_no_dldetect 0 spin
trylock cpu_spin_trylock 0 spin
unlock cpu_spin_unlock 0 spin
lock cpu_spin_lock_xsave 0 spin
unlock cpu_spin_unlock_xrestore 0 spin
lock thread_spin_lock 0 spin
trylock thread_spin_trylock 0 spin
unlock thread_spin_unlock 0 spin
lock mutex_lock 0 mutex
unlock mutex_unlock 0 mutex
trylock mutex_trylock 0 mutex
lock mutex_read_lock 0 read
unlock mutex_read_unlock 0 read
trylock mutex_read_trylock 0 read
lock mutex_lock_recursive 0 mutex
unlock mutex_unlock_recursive 0 mutex

# atomic.h: the location's address first
marked-read atomic_load_int 0 address atomic
marked-read atomic_load_short 0 address atomic
marked-read atomic_load_uint 0 address atomic
marked-read atomic_load_u32 0 address atomic
marked-write atomic_store_int 0 1 address atomic
marked-write atomic_store_short 0 1 address atomic
marked-write atomic_store_uint 0 1 address atomic
marked-write atomic_store_u32 0 1 address atomic
marked-rmw atomic_cas_uint 0 address
marked-rmw atomic_cas_u32 0 address
marked-rmw atomic_inc32 0 address
marked-rmw atomic_dec32 0 address
marked-rmw atomic_inc_u32 0 address
marked-rmw atomic_dec_u32 0 address
marked-rmw refcount_inc 0 address
marked-rmw refcount_dec 0 address

# arm32.h/arm64.h: data memory and synchronization barriers, all full
barrier dmb full
barrier dsb full
barrier dsb_ish full
barrier dsb_ishst write

assert assert
# the helpers OP-TEE's libutils and core share with Linux by name
# (util.h's container_of, config.h's IS_ENABLED, io.h's READ_ONCE and
# WRITE_ONCE, refcount.h's refcount_set, trace.h's trace_* and printf)
type-macro container_of
unevaluated IS_ENABLED
marked-read READ_ONCE 0 once
marked-write WRITE_ONCE 0 1 once
# ... and what a fix hint asks for
fix-read READ_ONCE
fix-write WRITE_ONCE
marked-write refcount_set 0 1 address atomic
log printf
log trace_*
# its iterators (fdt_for_each_subnode, for_each_dt_driver, bpool_foreach)
iterator *for_each*
iterator *foreach*
noreturn panic
noreturn __do_panic
log EMSG
log IMSG
log DMSG
log FMSG
log MSG
log EMSG_RAW
log IMSG_RAW
log DMSG_RAW
log FMSG_RAW
log trace_printf
log trace_printf_helper

# calls that end what they are handed: free it, release it, drop a
# reference (free, mobj_put, tee_mm_free, *_release): a value handed
# there is nobody's after it
ends *free*
ends *release*
ends *destroy*
ends *cleanup*
ends *_put*
ends put_*
# calls that return a value forced into a range their other arguments
# set: MIN(a, b) (lib/libutils/ext/include/util.h)
bound MIN
