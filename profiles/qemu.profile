# QEMU: guest memory, and its own locks and atomics.
#
# QEMU reads guest memory by guest-physical (or DMA) address: every call
# of the accessors below is one read of guest RAM, which the guest can
# rewrite from another vCPU between two of them.  The address is an
# integer, so memory is named by where the address comes from: the
# virtqueue's ring addresses (vq->vring.desc, .avail, .used) hold
# guest-physical addresses, and a helper that adds an offset to one and
# reads there reads guest memory.  The Xen PV backends map the
# frontend's pages into QEMU and keep the pointer in their device state
# (c->page = xc_map_foreign_range(...)), read by the event handlers
# later: shared-map says so.  cpu_physical_memory_rw() and
# address_space_rw() are left out: whether they read or write is their
# last argument, and a write taken for a read pairs with the read back.
#
# The rest is the codebase's own vocabulary, so that the concurrency
# rules read QEMU as QEMU: its atomic_* macros take a pointer first
# (atomic_add(ptr, n), where Linux's is atomic_add(i, v)), its bit
# operations are plain read-modify-writes (set_bit_atomic is the atomic
# one), and the big QEMU lock is taken with no argument.

profile qemu
description "QEMU: guest memory read by address (DMA, address-space and ld*_phys accessors, virtqueue rings), Xen backends' mapped pages; its locks, atomics and bit operations"
memory "guest memory"
trigger "the guest (another vCPU)"

# guest memory by guest-physical or DMA address: each call is one read
fetch cpu_physical_memory_read 0 1 2 by-value
fetch address_space_read 1 3 4 by-value
fetch dma_memory_read 1 2 3 by-value
fetch pci_dma_read 1 2 3 by-value
fetch ldub_phys 1
fetch lduw_phys 1
fetch ldl_phys 1
fetch ldq_phys 1
fetch lduw_le_phys 1
fetch lduw_be_phys 1
fetch ldl_le_phys 1
fetch ldl_be_phys 1
fetch ldq_le_phys 1
fetch ldq_be_phys 1
fetch address_space_ldub 1 by-value
fetch address_space_lduw 1 by-value
fetch address_space_ldl 1 by-value
fetch address_space_ldq 1 by-value
fetch address_space_lduw_le 1 by-value
fetch address_space_lduw_be 1 by-value
fetch address_space_ldl_le 1 by-value
fetch address_space_ldl_be 1 by-value
fetch address_space_ldq_le 1 by-value
fetch address_space_ldq_be 1 by-value
fetch virtio_lduw_phys 1
fetch virtio_ldl_phys 1
fetch virtio_ldq_phys 1

# a virtqueue's rings live in guest memory at these guest-physical addresses
shared-field VirtQueue vring.desc
shared-field VirtQueue vring.avail
shared-field VirtQueue vring.used

# the Xen backends: the frontend's pages, mapped into QEMU and kept in a
# device's state (cpu_physical_memory_map() and friends are left out:
# what they return is kept in struct iovec, whose every iov_base would
# then count as guest memory)
shared-map xc_map_foreign_range
shared-map xc_map_foreign_bulk
shared-map xc_map_foreign_pages
shared-map xc_gnttab_map_grant_ref
shared-map xc_gnttab_map_grant_refs

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

# QEMU (of this era) runs no race detector: a plain read of a state
# another thread sets with atomic_*, whose value reaches nothing, is an
# atomic_read() cleanup, not a bug fix
benign-race-note

# a thread of its own, started holding nothing (not a bottom half or a
# timer callback: those run in the main loop, under the BQL)
thread-entry qemu_thread_create 2

# include/qemu/atomic.h: every operation takes the location's address first
marked-read atomic_read 0 address
marked-write atomic_set 0 1 address
# ... and what a fix hint asks for: atomic_read(&x), atomic_set(&x, v)
fix-read atomic_read address
fix-write atomic_set address
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
# test_bit() reads the word plainly (addr[BIT_WORD(nr)] >> ...), not as
# an atomic_read: Linux's is marked, QEMU's is not
plain-read test_bit 1 address bit

# include/qemu/atomic.h: memory barriers.  Publication by ordering fills
# an object in, smp_wmb(), then stores its pointer (atomic_rcu_set() and
# atomic_mb_set() order by themselves, as their release mark says)
barrier smp_wmb write
barrier smp_rmb read
barrier smp_mb full

assert g_assert
log error_report
log qemu_log
log qemu_log_mask
log trace_*
# the debug printf macro nearly every QEMU file defines for itself
log DPRINTF

# What the main loop runs holding the BQL: bottom halves and timers of the
# main context, and the MMIO and PIO handlers, which the memory core
# dispatches under it; migration state notifiers are called from the main
# thread under it.  (aio_bh_new() is left out: an AioContext of an
# iothread runs its bottom halves without the BQL.)
callback-lock qemu_mutex_lock_iothread qemu_bh_new 0
callback-lock qemu_mutex_lock_iothread timer_new_ns 1
callback-lock qemu_mutex_lock_iothread timer_new_us 1
callback-lock qemu_mutex_lock_iothread timer_new_ms 1
callback-lock qemu_mutex_lock_iothread timer_new 2
callback-lock qemu_mutex_lock_iothread MemoryRegionOps read
callback-lock qemu_mutex_lock_iothread MemoryRegionOps write
# and those handlers are the guest's requests: a vCPU's load or store to the
# region runs them, so a state they change is changed by the guest
party-callback MemoryRegionOps read
party-callback MemoryRegionOps write
# notifier lists (migration state, machine init done, exit) are walked by
# the main thread, which holds the BQL outside the main loop's poll
callback-lock qemu_mutex_lock_iothread Notifier notify
# VM run-state change handlers: vm_state_notify() calls them from vm_start()
# and the stop paths, which hold the BQL (the main loop, a monitor command,
# or the migration thread after taking it)
callback-lock qemu_mutex_lock_iothread qemu_add_vm_change_state_handler 0

# qdev's and the bus cores' class methods: every caller of a DeviceClass,
# VirtioDeviceClass or USBDeviceClass member runs in the main thread or a
# vCPU thread holding the BQL -- realize and reset from board init (vl.c
# takes the BQL before it), device_add and system reset in the main loop;
# virtio's set_status, reset, config and notifier-mask calls from the
# transport's MMIO and config-space handlers and its vm-state handlers;
# a USB device's packet, control and reset handlers from the host
# controllers' MMIO handlers, timers and bottom halves.  (The dataplane
# iothreads of this era run their own event-notifier handlers, none of
# these members.)
callback-lock qemu_mutex_lock_iothread DeviceClass realize
callback-lock qemu_mutex_lock_iothread DeviceClass unrealize
callback-lock qemu_mutex_lock_iothread DeviceClass reset
callback-lock qemu_mutex_lock_iothread VirtioDeviceClass realize
callback-lock qemu_mutex_lock_iothread VirtioDeviceClass unrealize
callback-lock qemu_mutex_lock_iothread VirtioDeviceClass get_features
callback-lock qemu_mutex_lock_iothread VirtioDeviceClass bad_features
callback-lock qemu_mutex_lock_iothread VirtioDeviceClass set_features
callback-lock qemu_mutex_lock_iothread VirtioDeviceClass get_config
callback-lock qemu_mutex_lock_iothread VirtioDeviceClass set_config
callback-lock qemu_mutex_lock_iothread VirtioDeviceClass reset
callback-lock qemu_mutex_lock_iothread VirtioDeviceClass set_status
callback-lock qemu_mutex_lock_iothread VirtioDeviceClass guest_notifier_pending
callback-lock qemu_mutex_lock_iothread VirtioDeviceClass guest_notifier_mask
callback-lock qemu_mutex_lock_iothread VirtioDeviceClass save
callback-lock qemu_mutex_lock_iothread VirtioDeviceClass load
callback-lock qemu_mutex_lock_iothread USBDeviceClass realize
callback-lock qemu_mutex_lock_iothread USBDeviceClass unrealize
callback-lock qemu_mutex_lock_iothread USBDeviceClass handle_attach
callback-lock qemu_mutex_lock_iothread USBDeviceClass handle_reset
callback-lock qemu_mutex_lock_iothread USBDeviceClass handle_destroy
callback-lock qemu_mutex_lock_iothread USBDeviceClass handle_control
callback-lock qemu_mutex_lock_iothread USBDeviceClass handle_data
callback-lock qemu_mutex_lock_iothread USBDeviceClass cancel_packet
callback-lock qemu_mutex_lock_iothread USBDeviceClass set_interface
callback-lock qemu_mutex_lock_iothread USBDeviceClass flush_ep_queue
callback-lock qemu_mutex_lock_iothread USBDeviceClass ep_stopped
callback-lock qemu_mutex_lock_iothread USBDeviceClass alloc_streams
callback-lock qemu_mutex_lock_iothread USBDeviceClass free_streams

# --- what QEMU spells as Linux does ----------------------------------------
#
# QEMU's own names that are spelled as Linux's: RCU (include/qemu/rcu.h),
# atomic_xchg's kin (include/qemu/atomic.h), the
# barriers, container_of, likely/unlikely, printf, the QLIST/QTAILQ and
# vhost iterators (*_FOREACH*, *for_each*), the Linux headers it carries
# for KVM and vhost (linux-headers/: __u32, __le16, __user, DECLARE_BITMAP)
# and the Xen interface headers.  These are the linux-kernel profile's
# lines the tree uses (each name is called or written in it), declared
# here rather than included, so that the rest of Linux's vocabulary does
# not apply to QEMU.  Those of the atomic_* patterns QEMU declares above
# under its own meaning (the address first) keep that meaning.
rcu-lock rcu_read_lock
rcu-unlock rcu_read_unlock
marked-rmw xchg 0 address atomic
marked-read (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_read* 0 address atomic
marked-write (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_set* 0 1 address atomic
marked-rmw (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_* 0 address atomic
not-idiom (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_
barrier wmb write
barrier rmb read
barrier mb full
thread-entry request_irq 1
noreturn BUG
type-macro container_of
pass likely
noreturn panic
pass unlikely
assert WARN*
assert *BUG_ON*
log printk
log printf
log (pr|dev|netdev|drm|pci|hv|xen)_(emerg|alert|crit|err|warn|warning|notice|info|debug|dbg|cont|devel)
annotation __unused
annotation __user
user-annotation __user
annotation noinline
type-size u8 1
type-size s8 1
type-size __u8 1
type-size u16 2
type-size s16 2
type-size __u16 2
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
per-cpu *per_cpu*
irq-handler (request|devm_request)_irq 1

# calls that end what they are handed: free it, release it, drop a
# reference (g_free, qemu_vfree, *_cleanup, *_destroy): a value handed
# there is nobody's after it
ends *free*
ends *release*
ends *destroy*
ends *cleanup*
ends *_put*
ends put_*
# calls that return a value forced into a range their other arguments
# set: MIN(a, b) (include/qemu/osdep.h)
bound MIN
