/* A check of every other vCPU inside kvm_for_each_vcpu, then an action. */
static int suspend_all(struct kvm_vcpu *vcpu)
{
	unsigned long i;
	struct kvm_vcpu *tmp;

	kvm_for_each_vcpu(i, tmp, vcpu->kvm) {
		if (tmp == vcpu)
			continue;
		if (!vcpu_stopped(tmp))
			return -EBUSY;
	}
	request_suspend(vcpu);
	return 0;
}
