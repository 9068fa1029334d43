/*
 * A correct version of seed 000's suspend: vCPU power state changes and
 * the system suspend both serialize on one VM-wide lock, so the "all others
 * stopped" check and the suspend are atomic with respect to every writer.
 */
struct kvm_mp_state {
	unsigned int mp_state;
};

struct kvm_arch {
	struct mutex power_lock;
};

struct kvm {
	struct kvm_arch arch;
};

struct kvm_vcpu_arch {
	struct kvm_mp_state mp_state;
};

struct kvm_vcpu {
	struct kvm *kvm;
	struct kvm_vcpu_arch arch;
};

static bool is_stopped(struct kvm_vcpu *vcpu)
{
	return READ_ONCE(vcpu->arch.mp_state.mp_state) == KVM_MP_STATE_STOPPED;
}

int hart_start(struct kvm_vcpu *vcpu, unsigned long hartid)
{
	struct kvm_vcpu *target = kvm_get_vcpu_by_id(vcpu->kvm, hartid);
	int ret = 0;

	mutex_lock(&vcpu->kvm->arch.power_lock);
	if (!is_stopped(target))
		ret = SBI_ERR_ALREADY_AVAILABLE;
	else
		WRITE_ONCE(target->arch.mp_state.mp_state, KVM_MP_STATE_RUNNABLE);
	mutex_unlock(&vcpu->kvm->arch.power_lock);
	return ret;
}

int hart_stop(struct kvm_vcpu *vcpu)
{
	mutex_lock(&vcpu->kvm->arch.power_lock);
	WRITE_ONCE(vcpu->arch.mp_state.mp_state, KVM_MP_STATE_STOPPED);
	mutex_unlock(&vcpu->kvm->arch.power_lock);
	return 0;
}

int system_suspend(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu *tmp;
	unsigned long i;
	int ret = 0;

	mutex_lock(&vcpu->kvm->arch.power_lock);
	kvm_for_each_vcpu(i, tmp, vcpu->kvm) {
		if (tmp != vcpu && !is_stopped(tmp)) {
			ret = SBI_ERR_DENIED;
			goto out;
		}
	}
	request_system_reset(vcpu, 0);
out:
	mutex_unlock(&vcpu->kvm->arch.power_lock);
	return ret;
}
