# QEMU: its own locks and atomics.
#
# No guest-memory sources yet: QEMU reads guest memory through the DMA and
# address-space accessors and virtqueue helpers, which a later version of
# this profile will name.  What it says today is the codebase's own
# vocabulary, so that the concurrency rules read QEMU as QEMU: its
# atomic_* macros take a pointer first (atomic_add(ptr, n), where Linux's
# is atomic_add(i, v)), its bit operations are plain read-modify-writes
# (set_bit_atomic is the atomic one), and the big QEMU lock is taken with
# no argument.

profile qemu
description "QEMU: its locks (the big QEMU lock, QemuMutex), atomics and bit operations"
memory "guest memory"
trigger "the guest (another vCPU)"

# the big QEMU lock (BQL): one global lock
lock qemu_mutex_lock_iothread - mutex
unlock qemu_mutex_unlock_iothread - mutex
lock qemu_mutex_lock 0 mutex
unlock qemu_mutex_unlock 0 mutex
trylock qemu_mutex_trylock 0 mutex
lock qemu_rec_mutex_lock 0 mutex
unlock qemu_rec_mutex_unlock 0 mutex
lock qemu_spin_lock 0 spin
unlock qemu_spin_unlock 0 spin

# include/qemu/atomic.h: every operation takes the location's address first
marked-read atomic_read 0 address
marked-write atomic_set 0 1 address
marked-read atomic_mb_read 0 address acquire
marked-write atomic_mb_set 0 1 address release
marked-read atomic_rcu_read 0 address acquire
marked-write atomic_rcu_set 0 1 address release
marked-rmw atomic_xchg 0 address
marked-rmw atomic_cmpxchg 0 address
marked-rmw atomic_inc 0 address
marked-rmw atomic_dec 0 address
marked-rmw atomic_add 0 address
marked-rmw atomic_sub 0 address
marked-rmw atomic_and 0 address
marked-rmw atomic_or 0 address
marked-rmw atomic_fetch_inc 0 address
marked-rmw atomic_fetch_dec 0 address

# include/qemu/bitops.h: plain read-modify-writes, unlike Linux's
plain-rmw set_bit 1 address
plain-rmw clear_bit 1 address
plain-rmw change_bit 1 address
plain-rmw test_and_set_bit 1 address
plain-rmw test_and_clear_bit 1 address
plain-rmw test_and_change_bit 1 address
marked-rmw set_bit_atomic 1 address

assert g_assert
log error_report
log qemu_log
log qemu_log_mask
log trace_*
