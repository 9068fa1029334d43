# The Linux kernel's own idioms: its locks, marked accesses, per-CPU
# operations, assertions, logging and the calls that start a thread.
#
# No memory is declared here: the profiles of what Linux shares (kvm,
# linux-user) pull these in with `include linux-kernel`, as may any
# profile of a codebase that borrows the kernel's names.  An included
# profile's idioms are defaults: the including set's own declarations of a
# name override them.  A name may be a pattern (docs/profiles.md):
# `*` is any text, (a|b) one of the words, (a|b)* any number of them.

profile linux-kernel
description "the Linux kernel's locks, marked accesses, assertions and logging (included by the Linux profiles)"
# a kernel can be set to panic on a warning (the panic_on_warn sysctl and
# boot option, which fleets and fuzzers turn on): a WARN a guest or user
# space can trigger may take the host down
panic-on-warn

# --- locks ---------------------------------------------------------------
lock arch_read_lock 0 read
trylock arch_read_trylock 0 read
unlock arch_read_unlock 0 read
lock arch_spin_lock 0 spin
trylock arch_spin_trylock 0 spin
unlock arch_spin_unlock 0 spin
lock arch_write_lock 0 write
trylock arch_write_trylock 0 write
unlock arch_write_unlock 0 write
lock-held assert_spin_locked 0 spin
lock down 0 sem
lock down_interruptible 0 sem
lock down_killable 0 sem
lock down_read 0 read
lock down_read_interruptible 0 read
lock down_read_killable 0 read
lock down_read_nested 0 read
trylock down_read_trylock 0 read
lock down_write 0 write
lock down_write_killable 0 write
lock down_write_nested 0 write
trylock down_write_trylock 0 write
# the marked read and write a fix hint asks for
fix-read READ_ONCE
fix-write WRITE_ONCE
guard guard
# CLASS(name, var)(args): a guard of class name, held to the end of the scope
# (CLASS(task_rq_lock, g)(p)); a class no guard-class below names calls the
# lock function of its name on args, and its unlock where the scope ends
guard CLASS
# guard(class)(&l), scoped_guard(class, &l): the class names the lock's kind
# (guard(mutex), guard(spinlock_irqsave), guard(rwsem_read), guard(rcu)());
# the first pattern that matches
guard-class *srcu* srcu
guard-class *rcu* rcu
guard-class *spinlock* spin
guard-class *mutex* mutex
guard-class *rwsem_read* read
guard-class *read_lock* read
guard-class *rwsem_write* write
guard-class *write_lock* write
lock lock_sock 0 mutex owner
lock lock_sock_nested 0 mutex owner
lock-held lockdep_assert_held 0 other
lock-held lockdep_assert_held_once 0 other
lock-held lockdep_assert_held_read 0 read
lock-held lockdep_assert_held_write 0 write
lock mutex_lock 0 mutex
lock mutex_lock_interruptible 0 mutex
lock mutex_lock_interruptible_nested 0 mutex
lock mutex_lock_io 0 mutex
lock mutex_lock_killable 0 mutex
lock mutex_lock_killable_nested 0 mutex
lock mutex_lock_nested 0 mutex
trylock mutex_trylock 0 mutex
unlock mutex_unlock 0 mutex
lock percpu_down_read 0 read
trylock percpu_down_read_trylock 0 read
lock percpu_down_write 0 write
lock-held percpu_rwsem_assert_held 0 other
unlock percpu_up_read 0 read
unlock percpu_up_write 0 write
rcu-lock rcu_read_lock
rcu-lock rcu_read_lock_bh
rcu-lock rcu_read_lock_sched
rcu-unlock rcu_read_unlock
rcu-unlock rcu_read_unlock_bh
rcu-unlock rcu_read_unlock_sched
lock read_lock 0 read
lock read_lock_bh 0 read
lock read_lock_irq 0 read
lock read_lock_irqsave 0 read
trylock read_trylock 0 read
unlock read_unlock 0 read
unlock read_unlock_bh 0 read
unlock read_unlock_irq 0 read
unlock read_unlock_irqrestore 0 read
unlock release_sock 0 mutex owner
lock-held rwsem_assert_held 0 read
lock-held rwsem_assert_held_nolockdep 0 read
lock-held rwsem_assert_held_write 0 write
lock-held rwsem_assert_held_write_nolockdep 0 write
scoped-guard scoped_guard
# scoped_cond_guard(class, fail, &l) { ... }: the lock is the third argument
scoped-guard scoped_cond_guard 2
lock-held sock_owned_by_me 0 mutex owner
owner-test sock_owned_by_user 0 mutex owner
owner-test sock_owned_by_user_nocheck 0 mutex owner
lock srcu_read_lock 0 srcu index
unlock srcu_read_unlock 0 srcu
unlock up 0 sem
unlock up_read 0 read
unlock up_write 0 write

# The page lock and the buffer lock (include/linux/pagemap.h,
# include/linux/buffer_head.h): a bit in the object's own flags word, so
# the lock is the object the call is handed, not a member of it (`owner`).
# folio_test_locked(), PageLocked() and buffer_locked() say whether anyone
# holds it: a BUG or WARN on their negation (VM_BUG_ON_FOLIO(
# !folio_test_locked(folio), folio)) asserts this code holds it.  The
# killable forms return 0 once they hold it, as mutex_lock_killable() does.
lock folio_lock 0 mutex owner
lock __folio_lock 0 mutex owner
lock folio_lock_killable 0 mutex owner
lock __folio_lock_killable 0 mutex owner
trylock folio_trylock 0 mutex owner
unlock folio_unlock 0 mutex owner
lock-test folio_test_locked 0 mutex owner
lock lock_page 0 mutex owner
trylock trylock_page 0 mutex owner
unlock unlock_page 0 mutex owner
lock-test PageLocked 0 mutex owner
lock lock_buffer 0 mutex owner
lock __lock_buffer 0 mutex owner
trylock trylock_buffer 0 mutex owner
unlock unlock_buffer 0 mutex owner
lock-test buffer_locked 0 mutex owner

# RTNL, the networking core's global mutex (include/linux/rtnetlink.h):
# rtnl_lock() takes no argument; ASSERT_RTNL() says it is held, and
# rtnl_trylock() takes it when it returns true
lock rtnl_lock - mutex
lock rtnl_lock_killable - mutex rtnl_lock
unlock rtnl_unlock - mutex
trylock rtnl_trylock - mutex rtnl_lock
lock-held ASSERT_RTNL - mutex rtnl_lock
# What the core runs holding RTNL.  net_device_ops: the members
# Documentation/networking/netdevices.rst gives "Synchronization:
# rtnl_lock()", and those whose only dispatchers in net/core assert it
# (__netdev_update_features for the features pair, register_netdevice and
# unregister_netdevice_many_notify for init/uninit, __dev_open and
# __dev_close_many, dev_xdp_attach and the xsk pool for ndo_bpf, vlan_vid_add
# for the VLAN filter pair, dev_set_mtu_ext and dev_set_mac_address, which
# call the netdevice notifiers, asserting RTNL, around the change); not ndo_start_xmit (the tx lock), ndo_tx_timeout,
# ndo_set_rx_mode (the address-list lock), ndo_get_stats64 (RCU too), nor
# ndo_setup_tc (netfilter's flow-table offload calls it under its own mutex)
callback-lock rtnl_lock net_device_ops ndo_open
callback-lock rtnl_lock net_device_ops ndo_stop
callback-lock rtnl_lock net_device_ops ndo_init
callback-lock rtnl_lock net_device_ops ndo_uninit
callback-lock rtnl_lock net_device_ops ndo_do_ioctl
callback-lock rtnl_lock net_device_ops ndo_eth_ioctl
callback-lock rtnl_lock net_device_ops ndo_siocbond
callback-lock rtnl_lock net_device_ops ndo_siocwandev
callback-lock rtnl_lock net_device_ops ndo_siocdevprivate
callback-lock rtnl_lock net_device_ops ndo_fix_features
callback-lock rtnl_lock net_device_ops ndo_set_features
callback-lock rtnl_lock net_device_ops ndo_bpf
callback-lock rtnl_lock net_device_ops ndo_change_mtu
callback-lock rtnl_lock net_device_ops ndo_set_mac_address
callback-lock rtnl_lock net_device_ops ndo_vlan_rx_add_vid
callback-lock rtnl_lock net_device_ops ndo_vlan_rx_kill_vid
# rtnl_link_ops: rtnetlink's RTM_NEWLINK/SETLINK/DELLINK handlers are
# registered without RTNL_FLAG_DOIT_UNLOCKED, so rtnetlink_rcv_msg() holds
# RTNL around them; the other dellink callers (rtnl_link_unregister,
# default_device_exit_batch, a netdevice notifier) hold it too
callback-lock rtnl_lock rtnl_link_ops newlink
callback-lock rtnl_lock rtnl_link_ops changelink
callback-lock rtnl_lock rtnl_link_ops dellink
# netdevice notifiers: call_netdevice_notifiers_info() asserts RTNL, and
# the registration replays the existing devices to the new block under
# rtnl_lock(): the registered notifier_block's notifier_call runs holding it
callback-lock rtnl_lock register_netdevice_notifier 0 notifier_call
callback-lock rtnl_lock register_netdevice_notifier_net 1 notifier_call
callback-lock rtnl_lock register_netdevice_notifier_dev_net 1 notifier_call
# rtnl_dereference(p) is rcu_dereference_protected(p, lockdep_rtnl_is_held()):
# a read its caller makes holding RTNL, which the lock set says from there
marked-read rtnl_dereference 0 rcu held rtnl_lock
marked-read rtnl_net_dereference 1 rcu held rtnl_lock
# ethtool_ops dispatched only by net/ethtool: dev_ethtool() and the
# ethtool netlink doit/dump/set paths take rtnl_lock() around them
callback-lock rtnl_lock ethtool_ops get_ringparam
callback-lock rtnl_lock ethtool_ops set_ringparam
callback-lock rtnl_lock ethtool_ops get_channels
callback-lock rtnl_lock ethtool_ops set_channels
callback-lock rtnl_lock ethtool_ops get_coalesce
callback-lock rtnl_lock ethtool_ops set_coalesce
callback-lock rtnl_lock ethtool_ops get_pauseparam
callback-lock rtnl_lock ethtool_ops set_pauseparam
callback-lock rtnl_lock ethtool_ops set_msglevel
callback-lock rtnl_lock ethtool_ops set_priv_flags
callback-lock rtnl_lock ethtool_ops set_link_ksettings
callback-lock rtnl_lock ethtool_ops set_wol
callback-lock rtnl_lock ethtool_ops get_eee
callback-lock rtnl_lock ethtool_ops set_eee
# the packet scheduler's control side (net/sched/sch_api.c): every walk of a
# qdisc's classes is made by the RTM_*TCLASS/RTM_NEWQDISC handlers and the
# class dump, registered without RTNL_FLAG_DOIT_UNLOCKED or
# RTNL_FLAG_DUMP_UNLOCKED (check_loop, tc_bind_tclass, tc_dump_tclass_qdisc).
# Not the class ops' find, leaf or tcf_block (tc_new_tfilter calls them
# without RTNL for a qdisc whose class ops say DOIT_UNLOCKED), nor
# qlen_notify (the data path, under the qdisc's own lock).  A qdisc's
# change runs under RTNL too, but is left out: its stores are marked for
# the dequeue path, which holds the qdisc's lock and not RTNL, and which
# the scanned code reaches only through pointers, so a writer seen holding
# RTNL would make those real races look as if RTNL might be held there
callback-lock rtnl_lock Qdisc_class_ops walk
lock write_lock 0 write
lock write_lock_bh 0 write
lock write_lock_irq 0 write
lock write_lock_irqsave 0 write
lock write_seqlock 0 seq
lock write_seqlock_bh 0 seq
lock write_seqlock_irq 0 seq
lock write_seqlock_irqsave 0 seq
unlock write_sequnlock 0 seq
unlock write_sequnlock_bh 0 seq
unlock write_sequnlock_irq 0 seq
unlock write_sequnlock_irqrestore 0 seq
trylock write_trylock 0 write
unlock write_unlock 0 write
unlock write_unlock_bh 0 write
unlock write_unlock_irq 0 write
unlock write_unlock_irqrestore 0 write
# spin_lock_irqsave_nested, raw_spin_lock_bh, spin_unlock_irqrestore: the
# variants' own words only; not spin_lock_init, spin_unlock_wait, nor a
# helper named after the lock it takes (spin_lock_bucket), whose body says
# what it holds
trylock (raw_spin|spin)_trylock(_irq|_irqsave|_irqrestore|_bh|_nested|_nest|_lock|_rcu|_node)* 0 spin
lock (_raw_spin|raw_spin|spin)_lock(_irq|_irqsave|_irqrestore|_bh|_nested|_nest|_lock|_rcu|_node)* 0 spin
unlock (_raw_spin|raw_spin|spin)_unlock(_irq|_irqsave|_irqrestore|_bh|_nested|_nest|_lock|_rcu|_node)* 0 spin

# the socket layer calls these protocol hooks with the socket its argument
# 0 points to owned (lock_sock): sk_setsockopt() around proto_ops'
# set_rcvlowat, inet_shutdown() around proto's shutdown, release_sock()
# before it lets the owner go around release_cb, __release_sock() and
# __sk_receive_skb() (the spinlock and no owner) around backlog_rcv;
# proto_ops' read_sock is called with the socket locked, by lock_sock() or
# by the spinlock where no owner has it (strparser, nvme-tcp)
callback-lock lock_sock proto_ops read_sock 0
callback-lock lock_sock proto_ops set_rcvlowat 0
callback-lock lock_sock proto shutdown 0
callback-lock lock_sock proto release_cb 0
callback-lock lock_sock proto backlog_rcv 0
# the socket's own copy of its protocol's backlog_rcv (sk_alloc() and a
# protocol that switches the family, IPv4-mapped IPv6, store it there):
# sk_backlog_rcv() and __sk_backlog_rcv() call it for __release_sock()
# and __sk_receive_skb(), the socket owned or its spinlock held unowned
callback-lock lock_sock sock sk_backlog_rcv 0
# a connection-oriented socket's address-family ops: rebuild_header is
# called with the socket locked, by lock_sock() (connect) or where the
# owner test under the spinlock says nobody owns it (the receive path,
# the retransmit timer), as the retransmit and connect paths of TCP and
# DCCP do, and by another rebuild_header delegating to it
callback-lock lock_sock inet_connection_sock_af_ops rebuild_header 0
# proto_ops' sendmsg_locked is called by kernel_sendmsg_locked() and
# skb_send_sock_locked(), whose callers must hold the socket argument 0
# points to ("Caller must hold @sk"): the hook runs as its owner.  Not
# sendmsg, which sock_sendmsg() calls holding nothing
callback-lock lock_sock proto_ops sendmsg_locked 0

# The driver core (drivers/base) calls a bus's and a driver's remove and
# shutdown, and a bus's probe, holding the device's own lock,
# device_lock(dev), that is mutex_lock(&dev->mutex): device_remove() and
# call_driver_probe(), reached only from really_probe() and
# __device_release_driver() with the device locked, and device_shutdown(),
# which takes it around both shutdowns.  Not a driver's probe: the PHY
# library calls a generic PHY driver's probe itself, unlocked
callback-lock mutex_lock bus_type probe 0 mutex
callback-lock mutex_lock bus_type remove 0 mutex
callback-lock mutex_lock bus_type shutdown 0 mutex
callback-lock mutex_lock device_driver remove 0 mutex
callback-lock mutex_lock device_driver shutdown 0 mutex
# The PM core (drivers/base/power/main.c) runs the system-sleep callbacks
# of a device's dev_pm_ops, the power domain's, type's, class's, bus's or
# driver's, holding the same lock: device_prepare() and device_complete()
# around prepare and complete, device_suspend() and device_resume() around
# suspend/resume, freeze/thaw, poweroff/restore (pm_op()) and a bus's legacy
# suspend and resume.  Not the _late, _early and _noirq phases nor the
# runtime_* callbacks: those run without it
callback-lock mutex_lock dev_pm_ops prepare 0 mutex
callback-lock mutex_lock dev_pm_ops complete 0 mutex
callback-lock mutex_lock dev_pm_ops suspend 0 mutex
callback-lock mutex_lock dev_pm_ops resume 0 mutex
callback-lock mutex_lock dev_pm_ops freeze 0 mutex
callback-lock mutex_lock dev_pm_ops thaw 0 mutex
callback-lock mutex_lock dev_pm_ops poweroff 0 mutex
callback-lock mutex_lock dev_pm_ops restore 0 mutex
callback-lock mutex_lock bus_type suspend 0 mutex
callback-lock mutex_lock bus_type resume 0 mutex
# include/linux/pm.h's macros that fill a dev_pm_ops: the system-sleep pair
# into its three members each, and the tables they define whole (with the
# runtime members UNIVERSAL_DEV_PM_OPS also fills, which run without the
# device's lock); platform.c's own table for the platform bus
init-macro SYSTEM_SLEEP_PM_OPS 0 suspend freeze poweroff
init-macro SYSTEM_SLEEP_PM_OPS 1 resume thaw restore
init-macro SET_SYSTEM_SLEEP_PM_OPS 0 suspend freeze poweroff
init-macro SET_SYSTEM_SLEEP_PM_OPS 1 resume thaw restore
init-macro SIMPLE_DEV_PM_OPS "struct dev_pm_ops" 1 suspend freeze poweroff
init-macro SIMPLE_DEV_PM_OPS "struct dev_pm_ops" 2 resume thaw restore
init-macro DEFINE_SIMPLE_DEV_PM_OPS "struct dev_pm_ops" 1 suspend freeze poweroff
init-macro DEFINE_SIMPLE_DEV_PM_OPS "struct dev_pm_ops" 2 resume thaw restore
init-macro UNIVERSAL_DEV_PM_OPS "struct dev_pm_ops" 1 suspend freeze poweroff runtime_suspend
init-macro UNIVERSAL_DEV_PM_OPS "struct dev_pm_ops" 2 resume thaw restore runtime_resume
init-macro UNIVERSAL_DEV_PM_OPS "struct dev_pm_ops" 3 runtime_idle
init-macro USE_PLATFORM_PM_SLEEP_OPS platform_pm_suspend suspend
init-macro USE_PLATFORM_PM_SLEEP_OPS platform_pm_resume resume
init-macro USE_PLATFORM_PM_SLEEP_OPS platform_pm_freeze freeze
init-macro USE_PLATFORM_PM_SLEEP_OPS platform_pm_thaw thaw
init-macro USE_PLATFORM_PM_SLEEP_OPS platform_pm_poweroff poweroff
init-macro USE_PLATFORM_PM_SLEEP_OPS platform_pm_restore restore
# md calls a personality's check_reshape and start_reshape holding the
# array's reconfig_mutex (mddev_lock()): the sysfs stores (layout,
# chunk_size, raid_disks, sync_action), the SET_ARRAY_INFO ioctl, the sync
# work's md_start_sync(), dm-raid's constructor and preresume, and a
# cluster peer's metadata reload, which runs with the mutex taken by it or
# held for it by the thread that waits on the update
callback-lock mutex_lock md_personality check_reshape 0 reconfig_mutex
callback-lock mutex_lock md_personality start_reshape 0 reconfig_mutex
# and its run, hot_add_disk and hot_remove_disk too: md_run() (whose
# callers, do_md_run()'s and dm-raid's constructor, hold the mutex) and
# level_store() run it (run is also a lifecycle-member, below);
# add_bound_rdev(), slot_store(), remove_spares(),
# remove_and_add_spares() and dm-raid's resume add and remove disks, each
# under mddev_lock() or mddev_suspend_and_lock() (the sysfs stores, the
# ioctls, md_start_sync(), md_check_recovery()'s trylock; md-cluster's
# metadata reload adds a disk with the mutex held for it, as for
# check_reshape above).  Not change_consistency_policy: its store calls it unlocked and it locks
# the array itself
callback-lock mutex_lock md_personality run 0 reconfig_mutex
callback-lock mutex_lock md_personality hot_add_disk 0 reconfig_mutex
callback-lock mutex_lock md_personality hot_remove_disk 0 reconfig_mutex

# --- marked accesses -----------------------------------------------------
assert-exclusive ASSERT_EXCLUSIVE_ACCESS access
assert-exclusive ASSERT_EXCLUSIVE_ACCESS_SCOPED access
assert-exclusive ASSERT_EXCLUSIVE_WRITER writer
assert-exclusive ASSERT_EXCLUSIVE_WRITER_SCOPED writer
marked-write RCU_INIT_POINTER 0 1 rcu
marked-read READ_ONCE 0 once
marked-write WRITE_ONCE 0 1 once
# rwonce.h's forms without the KCSAN check (arch_atomic_read/set use them)
marked-read __READ_ONCE 0 once
marked-write __WRITE_ONCE 0 1 once
marked-rmw cmpxchg 0 address atomic
marked-rmw cmpxchg64 0 address atomic
marked-rmw cmpxchg64_relaxed 0 address atomic
marked-rmw cmpxchg_acquire 0 address atomic
marked-rmw cmpxchg_local 0 address atomic
marked-rmw cmpxchg_relaxed 0 address atomic
marked-rmw cmpxchg_release 0 address atomic
data-race data_race
marked-rmw kref_get 0 address atomic
marked-rmw kref_put 0 address atomic
marked-read kref_read 0 address atomic
marked-read rcu_access_pointer 0 rcu
marked-write rcu_assign_pointer 0 1 rcu
marked-read rcu_dereference 0 rcu
marked-read rcu_dereference_bh 0 rcu
marked-read rcu_dereference_check 0 rcu
marked-read rcu_dereference_protected 0 rcu
marked-read rcu_dereference_raw 0 rcu
marked-read rcu_dereference_sched 0 rcu
marked-read refcount_read 0 address atomic
marked-write refcount_set 0 1 address atomic
marked-read smp_cond_load_acquire 0 address acquire
marked-read smp_cond_load_relaxed 0 address once
marked-read smp_load_acquire 0 address acquire
marked-write smp_store_mb 0 1 once
marked-write smp_store_release 0 1 address release
marked-read srcu_dereference 0 rcu
marked-read srcu_dereference_check 0 rcu
marked-rmw try_cmpxchg 0 address atomic
marked-rmw try_cmpxchg64 0 address atomic
marked-rmw try_cmpxchg_acquire 0 address atomic
marked-rmw try_cmpxchg_relaxed 0 address atomic
marked-rmw try_cmpxchg_release 0 address atomic
marked-rmw xchg 0 address atomic
marked-rmw xchg_acquire 0 address atomic
marked-rmw xchg_relaxed 0 address atomic
marked-rmw xchg_release 0 address atomic
# x86's rmwcc.h: GEN_UNARY_RMWcc(op, var, cc), GEN_BINARY_RMWcc(op, var, cc,
# vcon, val) are one read-modify-write instruction with var as its memory
# operand ("+m"), a count-dispatched macro (CONCATENATE(.., COUNT_ARGS(X)))
# whose body the front end cannot follow to the asm
marked-rmw GEN_UNARY_RMWcc 1 atomic
marked-rmw GEN_BINARY_RMWcc 1 atomic
marked-rmw GEN_UNARY_SUFFIXED_RMWcc 2 atomic
# a subsystem's wrapper of rcu_dereference_protected() or _check()
# (rtnl_dereference, a table's own *_dereference_rcu): only names that say
# so, never a prefix alone
marked-read *_dereference 0 rcu
marked-read *_dereference_* 0 rcu
not-idiom _dereference

# bit operations: argument 0 is the bit's number, argument 1 the word
plain-rmw __change_bit 1 address bit
plain-rmw __clear_bit 1 address bit
plain-rmw __set_bit 1 address bit
plain-rmw __test_and_change_bit 1 address bit
plain-rmw __test_and_clear_bit 1 address bit
plain-rmw __test_and_set_bit 1 address bit
marked-rmw change_bit 1 address atomic bit
# a bit taken with test_and_set_bit() where it was clear is a lock (a
# work's "scheduled" bit, a device's "busy" bit) until clear_bit() in the
# same function lets it go: code that holds the same bit of the same word
# never runs at once
marked-rmw clear_bit 1 address atomic bit bit-unlock
marked-rmw clear_bit_unlock 1 address atomic bit bit-unlock
marked-rmw set_bit 1 address atomic bit
marked-rmw test_and_change_bit 1 address atomic bit
marked-rmw test_and_clear_bit 1 address atomic bit
marked-rmw test_and_set_bit 1 address atomic bit bit-trylock
marked-rmw test_and_set_bit_lock 1 address atomic bit bit-trylock
marked-read test_bit 1 address atomic bit
marked-read test_bit_acquire 1 address acquire bit

# the atomic_t API: the atomic is argument 0, except for the operations
# that take an operand first (atomic_add(i, v), atomic_fetch_or_relaxed(i, v)),
# but not atomic_add_unless(v, a, u)
marked-read (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_read* 0 address atomic
marked-write (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_set* 0 1 address atomic
marked-rmw (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_* 0 address atomic
marked-rmw (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_(add|sub|and|or|xor|andnot|fetch_add|fetch_sub|fetch_and|fetch_or|fetch_xor|fetch_andnot|add_return|sub_return|sub_and_test|add_negative) 1 address atomic
marked-rmw (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_(add|sub|and|or|xor|andnot|fetch_add|fetch_sub|fetch_and|fetch_or|fetch_xor|fetch_andnot|add_return|sub_return|sub_and_test|add_negative)_(relaxed|acquire|release)* 1 address atomic
marked-rmw (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_(add|sub)_return* 1 address atomic
# the prefix alone (atomic_##op in a macro) is no operation
not-idiom (atomic|atomic64|atomic_long|arch_atomic|arch_atomic64|raw_atomic|raw_atomic64|local|local64)_

# this_cpu_inc(x), __this_cpu_read(x), raw_cpu_add(x, n): this CPU's
# instance of a per-CPU variable.  Not a plain access (one instruction, or
# run with preemption off), and not a store made for other CPUs either:
# those that sum every CPU's counters race with it on purpose, as
# data_race() says.  this_cpu_ptr() only computes an address.
marked-read (this_cpu|__this_cpu|raw_cpu)_read 0 data-race
marked-write (this_cpu|__this_cpu|raw_cpu)_write 0 1 data-race
marked-rmw (this_cpu|__this_cpu|raw_cpu)_* 0 data-race
not-idiom (this_cpu|__this_cpu|raw_cpu)_
not-idiom (this_cpu|__this_cpu|raw_cpu)_ptr
not-idiom (this_cpu|__this_cpu|raw_cpu)_ptr_*

# --- memory barriers: what each orders (publication by ordering) -----------
barrier smp_wmb write
barrier smp_rmb read
barrier smp_mb full
barrier smp_mb__before_atomic full
barrier smp_mb__after_atomic full
barrier wmb write
barrier rmb read
barrier mb full
barrier dma_wmb write
barrier dma_rmb read
barrier dma_mb full
barrier virt_wmb write
barrier virt_rmb read
barrier virt_mb full

# --- threads: the function argument runs later, holding no lock ------------
# A work item (a kthread_work too) is never run twice at once, a tasklet
# runs on one CPU at a time: serial.  kthread_run() and kthread_create()
# start one thread per call (`once`): serial when called outside a loop.
# A pool of kthreads (a loop, a per-CPU or per-node start) may share the
# data they are handed, and timers and interrupt handlers are left plain.
thread-entry INIT_DEFERRABLE_WORK 1 serial
thread-entry INIT_DELAYED_WORK 1 serial
thread-entry INIT_DELAYED_WORK_ONSTACK 1 serial
thread-entry INIT_RCU_WORK 1 serial
thread-entry INIT_WORK 1 serial
thread-entry INIT_WORK_ONSTACK 1 serial
thread-entry devm_request_irq 2
thread-entry devm_request_threaded_irq 2 3
thread-entry kthread_create 0 once
thread-entry kthread_create_on_cpu 0
thread-entry kthread_create_on_node 0
thread-entry kthread_init_delayed_work 1 serial
thread-entry kthread_init_work 1 serial
thread-entry kthread_run 0 once
thread-entry kthread_run_on_cpu 0
thread-entry request_any_context_irq 1
thread-entry request_irq 1
thread-entry request_threaded_irq 1 2
thread-entry tasklet_init 1 serial
thread-entry tasklet_setup 1 serial
thread-entry timer_setup 1

# thread-stop FUNC ARG: FUNC returns only once what was registered on its
# argument ARG (a work item, a timer, a tasklet, an interrupt number) has
# finished running, and it stays stopped until armed again: a store made
# after it, on every path, to the object whose member that is cannot run
# while the stopped function does.  flush_work() and synchronize_irq() are
# left out: the work may queue itself again, the interrupt may fire again.
thread-stop cancel_work_sync 0
thread-stop cancel_delayed_work_sync 0
thread-stop kthread_cancel_work_sync 0
thread-stop kthread_cancel_delayed_work_sync 0
thread-stop del_timer_sync 0
thread-stop timer_delete_sync 0
thread-stop timer_shutdown_sync 0
thread-stop tasklet_kill 0
thread-stop tasklet_disable 0
thread-stop free_irq 0
thread-stop disable_irq 0
thread-stop devm_free_irq 1

# --- assertions, logging, macros ----------------------------------------
unevaluated ASSERT_EXCLUSIVE_BITS
noreturn BUG
unevaluated BUILD_BUG_ON
unevaluated BUILD_BUG_ON_INVALID
unevaluated BUILD_BUG_ON_MSG
unevaluated BUILD_BUG_ON_ZERO
unevaluated IS_ENABLED
unevaluated __is_constexpr
unevaluated __must_be_array
unevaluated __same_type
unevaluated __stringify
# ACCESS_PRIVATE(p, member) is p->member (sparse's __private fields)
member-macro ACCESS_PRIVATE 0 1
type-macro container_of
type-macro container_of_const
# from_timer(var, t, member), from_tasklet(var, t, member): container_of of
# t, the type taken from var (named, not read: it is the local being
# initialised); the member is a name, not a value
type-macro from_timer 0 2
type-macro from_tasklet 0 2
noreturn do_exit
type-macro flex_array_size 1
type-macro hlist_entry
type-macro hlist_entry_safe
pass likely
type-macro list_entry
type-macro list_first_entry
type-macro list_first_entry_or_null
type-macro list_last_entry
type-macro list_next_entry 1
type-macro list_prev_entry 1
type-macro max_t 0
type-macro min_t 0
noreturn panic
type-macro rb_entry
type-macro rb_entry_safe
unevaluated sizeof_field
type-macro struct_size 1
pass unlikely
# include/linux/indirect_call_wrapper.h: INDIRECT_CALL_2(f, f2, f1, args)
# calls the function pointer f with args, directly when f is one of the
# functions it names (sparing a retpoline): the call is f's, made where the
# caller holds what it holds (release_sock() through sk_prot->release_cb,
# sk_backlog_rcv() through sk_backlog_rcv), and the names are only compared
indirect-call INDIRECT_CALL_1 1
indirect-call INDIRECT_CALL_2 2
indirect-call INDIRECT_CALL_3 3
indirect-call INDIRECT_CALL_4 4
indirect-call INDIRECT_CALL_INET 2
indirect-call INDIRECT_CALL_INET_1 1
noreturn unreachable
assert WARN*
assert *WARN_ON*
assert *BUG_ON*
assert KVM_BUG*
log printk
log printf
log kvm_err
log kvm_info
log kvm_debug
log kvm_pr_unimpl
log vcpu_unimpl
log vcpu_debug
log vcpu_err
log kvm_debug_ratelimited
log printk_ratelimited
log printk_once
log printk_deferred
log trace_printk
log seq_printf
log kvm_pr_debug
# tracepoints, but not the irq-state hooks trace_hardirqs_on/off
log trace_*
not-idiom trace_hardirqs*
# pr_err, pr_info_ratelimited, dev_dbg, netdev_warn_once: a log level's word
# after the prefix, not pr_fmt or dev_get_drvdata
log (pr|dev|netdev|drm|pci|hv|xen)_(emerg|alert|crit|err|warn|warning|notice|info|debug|dbg|cont|devel)
log (pr|dev|netdev|drm|pci|hv|xen)_(emerg|alert|crit|err|warn|warning|notice|info|debug|dbg|cont|devel)_*

# --- annotations -----------------------------------------------------------
# compiler.h, compiler_types.h, init.h and their kin: words that expand to an
# attribute, a section or nothing (sparse's address spaces __user, __iomem,
# __rcu, __percpu; __init; __must_hold(x)).  The grammar does not know them
# and stops making sense of the declaration they are in, so each is blanked
# before the parse (with its argument list) and kept for its meaning: __init
# (the boot-time section, run before anything is shared), __noreturn, and
# sparse's lock contexts __must_hold(l), __acquires(l), __releases(l).
annotation ____cacheline_aligned
annotation ____cacheline_aligned_in_smp
annotation ____cacheline_internodealigned_in_smp
annotation __acquires acquires
annotation __aligned
annotation __alloc_size
annotation __always_inline
annotation __always_unused
annotation __assume_aligned
annotation __attribute_const__
annotation __bitwise
annotation __bpf_kfunc
annotation __cacheline_aligned
annotation __cacheline_aligned_in_smp
annotation __cleanup
annotation __cold
annotation __cond_acquires
annotation __cond_releases
annotation __counted_by
annotation __counted_by_be
annotation __counted_by_le
annotation __cpuinit
annotation __designated_init
annotation __devexit
annotation __devinit
annotation __exit
annotation __exitdata
annotation __fix_address
annotation __flatten
annotation __force
annotation __free
annotation __head
annotation __hot
annotation __init init
annotation __init_memblock
annotation __init_or_module
annotation __initconst
annotation __initdata
annotation __initdata_memblock
annotation __iomem
annotation __irq_entry
annotation __kernel
annotation __kprobes
annotation __latent_entropy
annotation __lockfunc
annotation __malloc
annotation __maybe_unused
annotation __meminit
annotation __meminitdata
annotation __must_check
annotation __must_hold holds
annotation __naked
annotation __net_exit
annotation __net_init
annotation __net_initdata
annotation __no_kcsan
annotation __no_profile
annotation __no_randomize_layout
annotation __no_sanitize_address
annotation __no_sanitize_thread
annotation __no_sanitize_undefined
annotation __no_stack_protector
annotation __nocast
annotation __nocfi
annotation __noclone
annotation __noinstr
annotation __nonstring
annotation __noreturn noreturn
annotation __noscs
annotation __nostackprotector
annotation __packed
annotation __page_aligned_bss
annotation __page_aligned_data
annotation __percpu
annotation __printf
annotation __private
annotation __pure
annotation __randomize_layout
annotation __rcu
annotation __read_mostly
annotation __ref
annotation __refdata
annotation __releases releases
annotation __ro_after_init
annotation __safe
annotation __scanf
annotation __sched
annotation __section
annotation __softirq_entry
annotation __unused
annotation __used
annotation __user
# ... and a pointer declared with __user points into user space: what
# linux-user's shared-user makes shared memory
user-annotation __user
annotation __visible
annotation __weak
annotation asmlinkage
annotation fastcall
annotation noinline
annotation noinstr
annotation notrace

# --- what the parser and the rules need to know ---------------------------
# SYSCALL_DEFINE3(read, unsigned int, fd, ...) { ... } defines sys_read,
# called through the system-call table; the compat ones compat_sys_read;
# any other macro named for a system call (an architecture's
# SYSCALL32_DEFINE, PPC32_SYSCALL_DEFINE) one called from outside its file
function-macro SYSCALL_DEFINE* sys_
function-macro COMPAT_SYSCALL_DEFINE* compat_sys_
function-macro *SYSCALL*
# the kernel's fixed-size integers (types.h, uapi/linux/types.h): offsets
# into a buffer computed with them are counted in bytes
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
# list_for_each_entry(pos, head, member) { ... }, kvm_for_each_vcpu,
# xa_for_each: the statement after the header runs repeatedly
iterator *for_each*
iterator *foreach*
iterator for_*
# the running thread's own task: two accesses through it are one thread's
running-thread current
# array members a macro declares in a struct
member-array DECLARE_BITMAP 0 "unsigned long"
member-array DECLARE_HASHTABLE 0 "struct hlist_head"
member-array DECLARE_FLEX_ARRAY 1
# a scheduling class's ops table, defined by a macro that spells its type:
# DEFINE_SCHED_CLASS(fair) = { .enqueue_task = ... } is the struct
# sched_class fair_sched_class, whose members the core calls
object-macro DEFINE_SCHED_CLASS "struct sched_class" _sched_class
# list and tree members: a link puts its object in a list or tree, a head
# heads one of other objects (list_head is either); list_del(&obj->node)
# and rb_erase(&obj->rb, root) take the object out of what it was linked in
list-type list_head link head
list-type hlist_node link
list-type hlist_nulls_node link
list-type rb_node link
list-type llist_node link
list-type hlist_head head
list-type hlist_nulls_head head
list-type rb_root head
list-type llist_head head
unlink *list_del*
unlink rb_erase*
# calls that end what they are handed: free it, release it, drop a
# reference (kfree, kmem_cache_free, fput, iput, dput, kref_put, *_put,
# put_*, *_destroy, *_cleanup): a value handed there is nobody's after it
ends *free*
ends *release*
ends *destroy*
ends *cleanup*
ends *_put*
ends put_*
ends fput
ends iput
ends dput
# calls that return a value forced into a range their other arguments
# set (min(v, n), clamp(v, lo, hi), array_index_nospec(v, n)); min_t,
# clamp_t and clamp_val name the value after a type or as the first
bound min
bound umin
bound clamp
bound clamp_val
bound array_index_nospec
bound min_t 1
bound clamp_t 1
# per-CPU data: per_cpu(v, cpu), per_cpu_ptr(p, cpu), this_cpu_ptr(p) name
# some CPU's instance; this_cpu_ptr, raw_cpu_ptr and get_cpu_ptr the
# running CPU's own; a __percpu pointer points to per-CPU data
per-cpu *per_cpu*
per-cpu *this_cpu*
per-cpu *raw_cpu*
cpu-local *this_cpu_ptr*
cpu-local *raw_cpu_ptr*
cpu-local get_cpu_ptr
# the running CPU's own area by architecture: s390's lowcore (a prefixed
# page each CPU sees at the same address) and powerpc's paca (a pointer
# each CPU keeps in r13)
cpu-local get_lowcore
cpu-local local_paca
per-cpu-type __percpu
# what may run at any moment: a hard interrupt handler registered with
# request_irq(irq, handler, ...) and its kin; the release function
# kref_put(ref, release) calls when the last reference goes
irq-handler (request|devm_request)_irq 1
irq-handler (request|devm_request)_threaded_irq 1
irq-handler (request|devm_request)_any_context_irq 1
irq-handler request_nmi 1
irq-handler request_percpu_irq 1
irq-handler request_percpu_nmi 1
release-callback kref_put* 1
# ops-table members a framework runs only while the object it hands them
# is not live: the md core calls a personality's run before the array
# serves I/O (md_run, or level_store with the array suspended) and its
# free after the array has stopped and its thread is gone (__md_stop,
# level_store)
lifecycle-member md_personality run
lifecycle-member md_personality free
# The VFS calls these file_operations members from the system call
# holding none of the locks a driver's data is kept under (fs/read_write.c,
# fs/select.c, fs/ioctl.c, fs/file_table.c, fs/open.c): a poll or an ioctl
# starts with no lock held, as a thread does, and so witnesses that a
# lock its writers hold (RTNL) is absent there.  Not open (misc_open
# holds misc_mtx around it) nor mmap (mmap_lock)
unlocked-callback file_operations read
unlocked-callback file_operations write
unlocked-callback file_operations read_iter
unlocked-callback file_operations write_iter
unlocked-callback file_operations poll
unlocked-callback file_operations unlocked_ioctl
unlocked-callback file_operations compat_ioctl
unlocked-callback file_operations flush
unlocked-callback file_operations release
# the counters a reference count is kept in, and the calls that drop one
# and say whether it was the last: the release that follows runs once
refcount-type atomic_t
refcount-type atomic_long_t
refcount-type atomic64_t
refcount-type refcount_t
refcount-type "struct kref"
refcount-drop *_dec_and_test
