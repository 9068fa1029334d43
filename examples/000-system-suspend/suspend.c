/*
 * The shape of seed 000, second half: system suspend refuses unless every
 * other vCPU is stopped -- but checks without the lock HART_START holds,
 * so a vCPU can start between the check and the suspend.  Maintainers:
 * real, only guest state at risk, documented rather than fixed (see
 * suspend-documented.c).
 */
static int susp_handler(struct kvm_vcpu *vcpu, struct kvm_run *run, struct sbi_ret *ret)
{
	struct kvm_vcpu *tmp;
	unsigned long i;

	if (vcpu->arch.guest_context.a0 != SBI_SUSP_SLEEP_TYPE_SUSPEND_TO_RAM) {
		ret->err_val = SBI_ERR_INVALID_PARAM;
		return 0;
	}
	kvm_for_each_vcpu(i, tmp, vcpu->kvm) {
		if (tmp == vcpu)
			continue;
		if (!vcpu_stopped(tmp)) {		/* expect: check-then-act impact=guest-state trigger=another_vCPU confidence=confident */
			ret->err_val = SBI_ERR_DENIED;
			return 0;
		}
	}
	request_system_reset(vcpu, vcpu->arch.guest_context.a1);
	forward_to_userspace(vcpu, run);
	ret->uexit = true;
	return 0;
}

int susp_dispatch(struct kvm_vcpu *vcpu, struct kvm_run *run, struct sbi_ret *ret)
{
	return susp_handler(vcpu, run, ret);
}
