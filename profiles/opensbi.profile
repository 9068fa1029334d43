# OpenSBI: RISC-V M-mode firmware and the S-mode (or HS-mode) software it
# serves.
#
# When the firmware hands control to S-mode and takes it back -- a
# supervisor software event (SSE) runs an S-mode handler, a trap is
# redirected to S-mode -- whatever S-mode can write in between (its CSRs,
# the SSE attributes it can set through the SBI) must not decide the
# firmware's own return state (mepc, the mstatus MPP/MPV/MPIE/MIE bits)
# unless a specification says it may.

profile opensbi
description "OpenSBI: M-mode state restored after S-mode ran (SSE, trap redirection)"
memory "S-mode-writable state"
trigger "S-mode (lower privilege level)"

# Supervisor software events: sse_event_inject() saves the interrupted
# context and enters the S-mode handler; the handler completes with an SBI
# call and sse_event_resume() rebuilds the return state.
transition sse
save sse_event_inject
restore sse_event_resume
lower-csr CSR_SEPC CSR_SSTATUS CSR_HSTATUS CSR_SCAUSE CSR_STVAL CSR_SSCRATCH CSR_STVEC
lower-csr CSR_VSSTATUS CSR_VSEPC CSR_HEDELEG CSR_HIDELEG
# the interrupted-state attributes, which S-mode reads and writes through
# SBI_EXT_SSE attribute calls
lower-field sse_interrupted_state *
# the trap frame of the completing SBI call: its mstatus S-mode bits
# (SPP, SPIE, SIE) are what S-mode left in sstatus
lower-field sbi_trap_regs mstatus
lower-field sbi_trap_regs mstatusH
priv-field sbi_trap_regs mepc
priv-field sbi_trap_regs mstatus MSTATUS_MPP MSTATUS_MPV MSTATUS_MPIE MSTATUS_MIE MSTATUS_MPRV MSTATUS_TVM MSTATUS_TW MSTATUS_TSR MSTATUS_MPELP
priv-field sbi_trap_regs mstatusH MSTATUSH_MPV MSTATUSH_MPELP
priv-csr CSR_MEPC CSR_MSTATUS CSR_MEDELEG CSR_MIDELEG CSR_MIE CSR_MTVEC
# mepc is the interrupted PC, which the specification lets the handler set
sanctioned CSR_SEPC sbi_trap_regs.mepc "the SSE specification lets S-mode update the interrupted state (sepc) before it completes the event"
sanctioned sse_interrupted_state.* * "the SSE specification lets supervisor software update the interrupted state through the SSE attributes"
# returning to S- or U-mode only: MPP never becomes M from this path
allow MSTATUS_MPP PRV_S PRV_U

# Trap redirection: a trap taken to M-mode that belongs to S-mode is sent
# to the S-mode trap vector.
transition trap-redirect
restore sbi_trap_redirect
lower-csr CSR_STVEC CSR_HEDELEG CSR_VSTVEC CSR_SSTATUS CSR_VSSTATUS
priv-field sbi_trap_regs mepc
priv-field sbi_trap_regs mstatus MSTATUS_MPP MSTATUS_MPV MSTATUS_MPIE MSTATUS_MIE MSTATUS_MPRV
priv-field sbi_trap_regs mstatusH MSTATUSH_MPV
sanctioned CSR_STVEC sbi_trap_regs.mepc "the privileged specification: a trap delegated to S-mode starts at its trap vector (stvec)"
sanctioned CSR_VSTVEC sbi_trap_regs.mepc "the privileged specification: a trap delegated to VS-mode starts at its trap vector (vstvec)"
sanctioned CSR_HEDELEG * "the privileged specification: hedeleg decides which traps go to VS-mode"
allow MSTATUS_MPP PRV_S PRV_U

# OpenSBI's console output
log sbi_printf
log sbi_dprintf

# --- what OpenSBI spells as Linux does --------------------------------------
#
# OpenSBI's own primitives under Linux's names: spin_lock/spin_trylock/
# spin_unlock (riscv_locks.h), the atomic_t API and the bit operations
# (riscv_atomic.h, sbi_bitops.h), the barriers (riscv_barrier.h),
# container_of and likely/unlikely (sbi_types.h), its attribute macros,
# the fixed-size integers (u8..s64) and its list iterators.  These are the
# linux-kernel profile's lines the tree uses (each name is called or
# written in it), declared here rather than included, so that the rest of
# Linux's vocabulary does not apply to OpenSBI.
trylock (raw_spin|spin)_trylock(_irq|_irqsave|_irqrestore|_bh|_nested|_nest|_lock|_rcu|_node)* 0 spin
lock (_raw_spin|raw_spin|spin)_lock(_irq|_irqsave|_irqrestore|_bh|_nested|_nest|_lock|_rcu|_node)* 0 spin
unlock (_raw_spin|raw_spin|spin)_unlock(_irq|_irqsave|_irqrestore|_bh|_nested|_nest|_lock|_rcu|_node)* 0 spin
plain-rmw __change_bit 1 address bit
plain-rmw __clear_bit 1 address bit
plain-rmw __set_bit 1 address bit
plain-rmw __test_and_clear_bit 1 address bit
plain-rmw __test_and_set_bit 1 address bit
marked-read (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_read* 0 address atomic
marked-write (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_set* 0 1 address atomic
marked-rmw (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_* 0 address atomic
marked-rmw (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_(add|sub|and|or|xor|andnot|fetch_add|fetch_sub|fetch_and|fetch_or|fetch_xor|fetch_andnot|add_return|sub_return|sub_and_test|add_negative) 1 address atomic
marked-rmw (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_(add|sub)_return* 1 address atomic
not-idiom (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_
barrier smp_wmb write
barrier smp_rmb read
barrier smp_mb full
barrier wmb write
barrier rmb read
barrier mb full
type-macro container_of
pass likely
pass unlikely
annotation __aligned
annotation __always_inline
annotation __cleanup
annotation __noreturn noreturn
annotation __packed
annotation __printf
type-size u8 1
type-size s8 1
type-size u16 2
type-size s16 2
type-size u32 4
type-size s32 4
type-size u64 8
type-size s64 8
iterator *for_each*
iterator for_*
# sbi_list.h: a list member links an object in or heads a list, and
# sbi_list_del(&obj->head) takes the object out of it
list-type sbi_dlist link head
unlink *sbi_list_del*
running-thread current
member-array DECLARE_BITMAP 0 "unsigned long"
refcount-type atomic_t

# calls that end what they are handed: free it, release it (sbi_free,
# *_release, *_cleanup): a value handed there is nobody's after it
ends *free*
ends *release*
ends *destroy*
ends *cleanup*
ends *_put*
ends put_*
# calls that return a value forced into a range their other arguments
# set: MIN(a, b) (include/sbi/sbi_types.h)
bound MIN
