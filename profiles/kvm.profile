# KVM: guest memory mapped into the host.
#
# While a vCPU's exit is being handled, every other vCPU of the guest keeps
# running and can write any guest page.  A host pointer into a mapped guest
# page therefore points at memory another party writes concurrently: two
# reads through it may return two different values.  Memory that KVM copied
# out with kvm_read_guest*() is a private snapshot and not shared.
#
# kmap*() is not listed: KVM maps guest pages through kvm_vcpu_map() and the
# pfn caches, and a kmap() elsewhere in the kernel is host memory.

profile kvm
description "KVM: guest pages mapped into the host (kvm_vcpu_map, gfn_to_pfn_cache, hva)"
# the Linux kernel's locks, marked accesses and logging (linux-kernel.profile)
include linux-kernel
memory "guest memory"
trigger "guest (L1)"
# a value read from this memory and used twice is read once, with
# READ_ONCE: a plain read may be loaded again
single-reads-marked

# kvm_vcpu_map(vcpu, gpa, &map): map.hva points into the guest page
shared-out kvm_vcpu_map 2 hva
shared-out kvm_vcpu_map_readonly 2 hva
# a pfn cache's kernel mapping of a guest page
shared-field gfn_to_pfn_cache khva
# SEV-ES: the guest-host communication block, mapped from guest memory
shared-field vcpu_svm sev_es.ghcb
# ... read through accessors a header macro defines, one per member of its
# save area (DEFINE_GHCB_ACCESSORS(rax): ghcb_get_rax(ghcb) is ghcb->save.rax)
reads ghcb_get_* 0 save.*
# host virtual addresses of guest memory: read with get_user() and friends
shared-return gfn_to_hva*
shared-return kvm_vcpu_gfn_to_hva*
shared-return __gfn_to_hva*

# copies out of guest memory: two copies of one guest address disagree
fetch kvm_read_guest 1 2 3 by-value
fetch kvm_vcpu_read_guest 1 2 3 by-value
fetch kvm_read_guest_page 1 2 4 by-value
fetch kvm_vcpu_read_guest_page 1 2 4 by-value
fetch kvm_read_guest_atomic 1 2 3 by-value
fetch kvm_vcpu_read_guest_atomic 1 2 3 by-value
fetch get_user 1 0
fetch __get_user 1 0
fetch copy_from_user 1 0 2
fetch __copy_from_user 1 0 2
fetch __copy_from_user_inatomic 1 0 2
fetch memcpy 1 0 2
snapshot kvm_read_guest_cached
snapshot kvm_read_guest_offset_cached

# where racing values end up (triage)
sink guest-state kvm_rip_write 1
sink guest-state kvm_rsp_write 1
sink guest-state kvm_rax_write 1
sink guest-state kvm_register_write 2
sink guest-state kvm_register_write_raw 2
sink guest-state kvm_set_rflags 1
sink guest-state kvm_write_guest 2
sink guest-state kvm_vcpu_write_guest 2
sink guest-state kvm_queue_exception 1
sink guest-state kvm_queue_exception_e 2
# the hardware control block: what the host enforces on the guest
sink-field host-control vmcb control.intercepts
sink-field host-control vmcb control.iopm_base_pa
sink-field host-control vmcb control.msrpm_base_pa
sink-field host-control vmcb control.asid
sink-field host-control vmcb control.tlb_ctl
sink-field host-control vmcb control.int_ctl
sink-field host-control vmcb control.nested_ctl
sink-field host-control vmcb control.nested_cr3
sink-field host-control vmcb control.virt_ext
sink-field host-control vmcb control.vmsa_pa
sink-field host-control vmcb_control_area intercepts
sink-field host-control vmcb_control_area msrpm_base_pa
sink-field host-control vmcb_control_area iopm_base_pa
# ... and guest state that only travels through it
sink-field guest-state vmcb save
sink-field guest-state vmcb control.next_rip
sink-field guest-state vmcb control.event_inj
sink-field guest-state vmcb control.int_state
sink-field guest-state vmcb_save_area rip
sink size memcpy 2
sink size memset 2
sink size kvm_read_guest 3
sink size kvm_vcpu_read_guest 3
sink size kvm_write_guest 3
sink size kmalloc 0
sink size kzalloc 0
sink size kvmalloc 0
sink size kvzalloc 0
sink size vmalloc 0
sink size copy_to_user 2
sink size copy_from_user 2
sink benign kvm_make_request 0
