/*
 * The shape of seed 001: a nested VMRUN maps the L1 guest's control block
 * and reads the saved RIP from guest memory three times, once to set up the
 * injected event, once for KVM's register cache, once for the hardware
 * block.  Another L1 vCPU can rewrite the page in between.  Maintainers:
 * real, but the host is never at risk; the worst case is a guest-triggered
 * WARN.
 */
struct kvm_host_map {
	void *hva;
	unsigned long gfn;
};

struct save_area {
	unsigned long rip;
	unsigned long rsp;
	unsigned long efer;
};

struct control_area {
	unsigned int event_inj;
	unsigned long next_rip;
};

struct vmcb {
	struct control_area control;
	struct save_area save;
};

struct nested_state {
	struct save_area save;	/* host-private snapshot */
	unsigned long soft_int_old_rip;
};

struct vcpu_svm {
	struct kvm_vcpu vcpu;
	struct vmcb *vmcb02;
	struct nested_state nested;
};

static void prepare_control(struct vcpu_svm *svm, unsigned long rip)
{
	svm->nested.soft_int_old_rip = rip;
	svm->vmcb02->control.next_rip = rip;
}

static void prepare_save(struct vcpu_svm *svm, struct vmcb *vmcb12)
{
	svm->vmcb02->save.efer = svm->nested.save.efer;	/* from the snapshot: fine */
	kvm_rip_write(&svm->vcpu, vmcb12->save.rip);
	svm->vmcb02->save.rip = vmcb12->save.rip;
}

static int enter_guest_mode(struct vcpu_svm *svm, struct vmcb *vmcb12)
{
	trace_nested_vmenter(vmcb12->save.rip);
	prepare_control(svm, vmcb12->save.rip);
	prepare_save(svm, vmcb12);
	return 0;
}

int nested_vmrun(struct vcpu_svm *svm, unsigned long gpa)
{
	struct kvm_host_map map;
	struct vmcb *vmcb12;
	int ret;

	if (kvm_vcpu_map(&svm->vcpu, gpa, &map))	/* expect: double-fetch impact=guest-state */
		return -EINVAL;
	vmcb12 = map.hva;
	svm->nested.save.efer = vmcb12->save.efer;
	ret = enter_guest_mode(svm, vmcb12);
	kvm_vcpu_unmap(&svm->vcpu, &map);
	return ret;
}
