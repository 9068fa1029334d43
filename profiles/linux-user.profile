# Linux: user-space memory, reached through __user pointers.
#
# Another thread of the calling process can rewrite user memory between two
# fetches of the same address, so a value fetched twice -- a header copied,
# checked, then copied again with the buffer -- may differ the second time.

profile linux-user
description "Linux: user memory behind __user pointers"
# the Linux kernel's locks, marked accesses and logging (linux-kernel.profile)
include linux-kernel
memory "user memory"
trigger "user space (another thread)"

shared-user
# fetch FUNC ADDR DEST SIZE (argument numbers, from 0)
fetch get_user 1 0
fetch __get_user 1 0
fetch unsafe_get_user 1 0
fetch get_user_ns 1 0
fetch copy_from_user 1 0 2
fetch __copy_from_user 1 0 2
fetch __copy_from_user_inatomic 1 0 2
fetch raw_copy_from_user 1 0 2
fetch copy_from_user_nofault 1 0 2
fetch unsafe_copy_from_user 1 0 2
fetch copy_struct_from_user 2 0 3
fetch strncpy_from_user 1 0 2
fetch memdup_user 0 - 1
fetch memdup_user_nul 0 - 1
fetch vmemdup_user 0 - 1
fetch memdup_array_user 0 - -
fetch strndup_user 0 - 1
# strnlen_user(p, n) scans the string: its result is what it read
fetch strnlen_user 0 - 1

# store FUNC ADDR [SIZE|-]: FUNC writes user memory at argument ADDR; a
# fetch of those bytes later in the call reads back what the kernel wrote,
# which another thread may have rewritten in between
store put_user 1
store __put_user 1
store unsafe_put_user 1
store copy_to_user 0 2
store __copy_to_user 0 2

# privilege FUNC ARG: FUNC(..., ARG, ...) must succeed for the path to go on;
# a double fetch only a caller with that capability can reach is rated as
# one a privileged party triggers
privilege capable 0
privilege ns_capable 1
privilege file_ns_capable 2
privilege sockopt_ns_capable 1
privilege netlink_capable 1
privilege capable_wrt_inode_uidgid 2
# privilege-opener STRUCT MEMBER: the function given as MEMBER of a STRUCT
# initialiser runs before every other member of it can; a device whose
# open() refuses callers without a capability makes its ioctl root-only
privilege-opener file_operations open

sink size kmalloc 0
sink size kzalloc 0
sink size kvmalloc 0
sink size kvzalloc 0
sink size vmalloc 0
sink size memcpy 2
sink size memset 2
sink size copy_from_user 2
sink size copy_to_user 2
sink size __copy_from_user 2

# shared-return FUNC ARG: FUNC turns a user address held as an integer
# (copied in with a request, a u64 in a uapi struct) into a __user pointer;
# two conversions of one value point at the same bytes
shared-return u64_to_user_ptr 0
shared-return compat_ptr 0

# serial-entry FUNC ARG: FUNC(.., fn, ..) makes fn (argument ARG) run in a
# context that never runs twice at once for one registration.  One napi
# struct is polled by one CPU at a time (NAPI_STATE_SCHED), so a poll
# function's steps on its own queue are one after the other; two accesses
# made only from it, on the object its napi argument leads to, do not race.
# (Work items, tasklets and kthread_work items are built in.)
serial-entry netif_napi_add 2
serial-entry netif_napi_add_weight 2
serial-entry netif_napi_add_tx 2
serial-entry netif_napi_add_tx_weight 2
# napi_disable(n) waits for a poll in progress and keeps n from being
# scheduled until napi_enable(n).
thread-stop napi_disable 0

# running-task FUNC ARG: FUNC's parameter ARG is the running thread's own
# task whenever FUNC runs.  Each architecture's __switch_to(prev, next) is
# called by the scheduler's switch_to() with prev == current: until the
# switch is made, what it reads of prev is current's own state, which only
# current writes (its kernel FPU or vector flags).
running-task __switch_to 0
