# Xen: shared rings and granted pages.
#
# A backend reads requests from a ring page that the frontend (an untrusted
# guest) can keep writing.  RING_GET_REQUEST() returns a pointer into that
# page; RING_COPY_REQUEST() copies the request out first and is the safe
# form.  The producer index in the shared ring page is written by the
# frontend too.

profile xen
description "Xen: shared I/O rings and pages granted by a frontend"
memory "a shared ring"
trigger "the frontend (guest)"
# a value read from this memory and used twice is read once, with
# READ_ONCE (the lesson of XSA-155): a plain read may be loaded again
single-reads-marked

shared-return RING_GET_REQUEST
# the ring page itself: ring->sring->req_prod
shared-field * sring
# xenbus_map_ring_valloc(dev, refs, n, &vaddr): vaddr points into the granted page
shared-out xenbus_map_ring_valloc 3 *
fetch memcpy 1 0 2
# The flex rings of the Xen interface headers (DEFINE_XEN_FLEX_RING(name)
# in io/ring.h) are read by name##_read_packet(dst, ring, size, prod,
# &cons, ring_size), which the macro generates: a copy out of the ring the
# other end writes, whatever the caller names it by.  The interfaces that
# define one: 9pfs (xen_9pfs) and pvcalls.
fetch xen_9pfs_read_packet 1 0 2 always-shared
fetch pvcalls_read_packet 1 0 2 always-shared
snapshot RING_COPY_REQUEST
# A frontend driver (one that registers with xenbus_register_frontend())
# reads rings and pages its backend writes: there the other end is the
# backend, which a frontend hardened against malicious backends (netfront,
# blkfront since 2021) does not trust either
file-trigger xenbus_register_frontend the backend (another domain)

sink size memcpy 2
sink size gnttab_copy 1
sink index RING_GET_REQUEST 1
# The console interface's MASK_XENCONS_IDX(idx, ring) (io/console.h) is
# ((idx) & (sizeof(ring) - 1)): the ring argument only sizes the mask, and
# nothing of the shared page is read there.
type-arg MASK_XENCONS_IDX 1

# gnttab_map_refs(ops, kops, pages, n) maps the frontend's granted pages
# at pages[]: the field that array is (handed to it, or to the helper
# that calls it) holds pages of the frontend's memory wherever it is
# read, and a kernel address computed from one of them points into it
shared-pages gnttab_map_refs 2
page-address page_address 0
page-address lowmem_page_address 0
page-address page_to_virt 0
page-address kmap 0
page-address kmap_atomic 0
page-address kmap_local_page 0
page-address page_to_pfn 0
page-address pfn_to_kaddr 0
