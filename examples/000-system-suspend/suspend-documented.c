/*
 * What the maintainers applied: the same check, with a comment that
 * documents the race and why it is tolerated.  tocsin reports it as
 * acknowledged (hidden unless --show-acknowledged).
 */
static int susp_handler_documented(struct kvm_vcpu *vcpu, struct kvm_run *run,
				   struct sbi_ret *ret)
{
	struct kvm_vcpu *tmp;
	unsigned long i;

	/*
	 * Check that all other vCPUs are stopped before entering system
	 * suspend.  A concurrent HSM HART_START can start a vCPU after it
	 * has passed this check: a known TOCTOU race, not fixed because only
	 * guest state is at risk and userspace double-checks before suspend.
	 */
	kvm_for_each_vcpu(i, tmp, vcpu->kvm) {
		if (tmp == vcpu)
			continue;
		if (!vcpu_stopped(tmp)) {	/* expect: check-then-act status=acknowledged impact=guest-state trigger=another_vCPU */
			ret->err_val = SBI_ERR_DENIED;
			return 0;
		}
	}
	request_system_reset(vcpu, vcpu->arch.guest_context.a1);
	forward_to_userspace(vcpu, run);
	return 0;
}

int susp_dispatch_documented(struct kvm_vcpu *vcpu, struct kvm_run *run, struct sbi_ret *ret)
{
	return susp_handler_documented(vcpu, run, ret);
}
