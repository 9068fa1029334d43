/*
 * The same VMRUN with the fix the seed proposed: RIP joins the host-private
 * snapshot, read once from guest memory, and every consumer uses the copy.
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
	struct save_area save;
	unsigned long soft_int_old_rip;
};

struct vcpu_svm {
	struct kvm_vcpu vcpu;
	struct vmcb *vmcb02;
	struct nested_state nested;
};

static void copy_save_to_cache(struct save_area *to, struct save_area *from)
{
	to->efer = from->efer;
	to->rip = from->rip;
}

static void prepare_control_fixed(struct vcpu_svm *svm)
{
	svm->nested.soft_int_old_rip = svm->nested.save.rip;
	svm->vmcb02->control.next_rip = svm->nested.save.rip;
}

static void prepare_save_fixed(struct vcpu_svm *svm)
{
	svm->vmcb02->save.efer = svm->nested.save.efer;
	kvm_rip_write(&svm->vcpu, svm->nested.save.rip);
	svm->vmcb02->save.rip = svm->nested.save.rip;
}

int nested_vmrun_fixed(struct vcpu_svm *svm, unsigned long gpa)
{
	struct kvm_host_map map;
	struct vmcb *vmcb12;

	if (kvm_vcpu_map(&svm->vcpu, gpa, &map))
		return -EINVAL;
	vmcb12 = map.hva;
	copy_save_to_cache(&svm->nested.save, &vmcb12->save);
	trace_nested_vmenter(svm->nested.save.rip);
	prepare_control_fixed(svm);
	prepare_save_fixed(svm);
	kvm_vcpu_unmap(&svm->vcpu, &map);
	return 0;
}
