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

sink size memcpy 2
sink size xmalloc_array 1
sink size xzalloc_array 1
sink size xmalloc_bytes 0
sink size xzalloc_bytes 0
