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
# the Linux kernel's locks, marked accesses and logging (linux-kernel.profile)
include linux-kernel
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
