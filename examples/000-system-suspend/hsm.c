/*
 * The shape of seed 000, first half: the hart state management extension.
 * HART_START takes the target vCPU's mp_state_lock, checks that it is
 * stopped, and starts it; the state is written by helpers that are only
 * ever called with that lock held.
 */
struct kvm_mp_state {
	unsigned int mp_state;
};

struct kvm_vcpu_arch {
	spinlock_t mp_state_lock;
	struct kvm_mp_state mp_state;
	struct kvm_cpu_context guest_context;
};

struct kvm_vcpu {
	struct kvm *kvm;
	int vcpu_id;
	struct kvm_vcpu_arch arch;
};

bool vcpu_stopped(struct kvm_vcpu *vcpu)
{
	return READ_ONCE(vcpu->arch.mp_state.mp_state) == KVM_MP_STATE_STOPPED;
}

void __vcpu_power_on(struct kvm_vcpu *vcpu)
{
	WRITE_ONCE(vcpu->arch.mp_state.mp_state, KVM_MP_STATE_RUNNABLE);
	kvm_vcpu_wake_up(vcpu);
}

void __vcpu_power_off(struct kvm_vcpu *vcpu)
{
	WRITE_ONCE(vcpu->arch.mp_state.mp_state, KVM_MP_STATE_STOPPED);
	kvm_make_request(KVM_REQ_SLEEP, vcpu);
	kvm_vcpu_kick(vcpu);
}

void vcpu_power_off(struct kvm_vcpu *vcpu)
{
	spin_lock(&vcpu->arch.mp_state_lock);
	__vcpu_power_off(vcpu);
	spin_unlock(&vcpu->arch.mp_state_lock);
}

static int hsm_hart_start(struct kvm_vcpu *vcpu, unsigned long hartid, unsigned long addr)
{
	struct kvm_vcpu *target = kvm_get_vcpu_by_id(vcpu->kvm, hartid);
	int ret = 0;

	if (!target)
		return SBI_ERR_INVALID_PARAM;
	spin_lock(&target->arch.mp_state_lock);
	if (!vcpu_stopped(target)) {
		ret = SBI_ERR_ALREADY_AVAILABLE;
		goto out;
	}
	target->arch.guest_context.sepc = addr;
	__vcpu_power_on(target);
out:
	spin_unlock(&target->arch.mp_state_lock);
	return ret;
}

static int hsm_hart_stop(struct kvm_vcpu *vcpu)
{
	vcpu_power_off(vcpu);
	return 0;
}

int hsm_handler(struct kvm_vcpu *vcpu, unsigned long fid, unsigned long a0, unsigned long a1)
{
	switch (fid) {
	case SBI_EXT_HSM_HART_START:
		return hsm_hart_start(vcpu, a0, a1);
	case SBI_EXT_HSM_HART_STOP:
		return hsm_hart_stop(vcpu);
	}
	return SBI_ERR_NOT_SUPPORTED;
}
