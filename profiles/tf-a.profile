# Trusted Firmware-A: what the non-secure world hands EL3 by address.
#
# A runtime service's SMC handler (DECLARE_RT_SVC; the SPMD, the EL3
# SPMC, SDEI, the OP-TEE dispatcher, the vendors' SiP services) is called
# with the caller's registers x1..x4, and the SMC calling convention
# keeps those names in every handler.  When one of them is an address,
# EL3 maps the memory there (mmap_add_dynamic_region with MT_NS) and reads
# it; the normal world owns that memory and keeps writing it from its
# other CPUs while EL3 runs on this one.  The FF-A RX/TX buffers a
# partition or the hypervisor registers with FFA_RXTX_MAP are the same:
# the EL3 SPMC reads memory-sharing descriptors out of the caller's TX
# buffer, which the caller can still write.  EL3's own spin locks do not
# stop the other world from writing either.
#
# Nothing calls a handler directly (the runtime service table does), so a
# handler is an entry point: its x1..x4 are the caller's.

profile tf-a
description "TF-A: non-secure memory behind SMC arguments x1..x4 (dynamically mapped regions), FF-A RX/TX buffers"
memory "non-secure memory"
trigger "the normal world (another CPU)"
# the runtime services run every SMC on the CPU that made it: one handler
# runs on several CPUs at once
concurrent-entries

shared-param-name x1
shared-param-name x2
shared-param-name x3
shared-param-name x4
# the FF-A mailbox of the EL3 SPMC: the caller's RX/TX buffer pair
shared-field mailbox tx_buffer
shared-field mailbox rx_buffer

fetch memcpy 1 0 2
fetch memcpy_s 2 0 3

sink size memcpy 2
sink size memset 2
sink size mmap_add_dynamic_region 2
sink size mmap_add_dynamic_region_alloc_va 2
sink size flush_dcache_range 1
sink size inv_dcache_range 1

# --- the codebase's own words --------------------------------------------
#
# cdefs.h's attribute macros: __dead2 is __attribute__((__noreturn__))
annotation __dead2 noreturn
annotation __fallthrough
annotation __noinline
annotation __init init
annotation __deprecated
annotation __no_pauth
annotation __capability
annotation __printflike
# the Rockchip platforms' section attributes (plat_private.h): code and
# data placed in SRAM or PMU SRAM
annotation __sramdata
annotation __sramconst
annotation __sramfunc
annotation __pmusramdata
annotation __pmusramconst
annotation __pmusramfunc
# cdefs.h's branch hints: the value of their argument
pass __predict_true
pass __predict_false
# and those spelled as Linux spells them
annotation __aligned
annotation __alloc_size
annotation __always_inline
annotation __maybe_unused
annotation __packed
annotation __pure
annotation __section
annotation __unused
annotation __used

# EL3's locks: spin_lock/spin_unlock are spelled as in Linux; the bakery
# lock is EL3's lock for memory without coherent caches
lock bakery_lock_get 0 spin
unlock bakery_lock_release 0 spin
lock bit_lock 0 spin
unlock bit_unlock 0 spin
trylock spin_trylock 0 spin
lock spin_lock 0 spin
unlock spin_unlock 0 spin

# arch_helpers.h: data memory barriers by domain and kind (st: stores
# only, ld: loads only, otherwise both) and synchronization barriers
barrier dmbsy full
barrier dmbst write
barrier dmbld read
barrier dmbish full
barrier dmbishst write
barrier dmbishld read
barrier dmbosh full
barrier dmboshst write
barrier dmboshld read
barrier dsbsy full
barrier dsbish full
barrier dsbishst write
barrier dsbosh full
barrier dsboshst write

assert assert
# SMC_RET0..SMC_RET8 and SMC_UUID_RET write the caller's registers and
# return from the handler: the code after one is another case's
noreturn SMC_RET*
noreturn SMC_UUID_RET
noreturn panic
noreturn plat_panic_handler
noreturn do_panic
# the log macros of debug.h: WARN() only prints in TF-A
log ERROR
log NOTICE
log WARN
log INFO
log VERBOSE
log tf_log
log printf
# its iterators (fdt_for_each_subnode, for_each_rdev, foreach_vch) and
# per-CPU data (per_cpu(), this_cpu_data(), per_cpu_by_index_compute())
iterator *for_each*
iterator *foreach*
per-cpu *per_cpu*
per-cpu *this_cpu*

# calls that end what they are handed: free it, release it (free,
# *_release, *_destroy): a value handed there is nobody's after it
ends *free*
ends *release*
ends *destroy*
ends *cleanup*
ends *_put*
ends put_*
# calls that return a value forced into a range their other arguments
# set: MIN(x, y), CLAMP(x, min, max) (include/lib/utils_def.h)
bound MIN
bound CLAMP
