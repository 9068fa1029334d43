/*
 * The shape of seed 003 before its fix: vcpu->cpu is read into a local
 * before the check of vcpu->mode (an atomic cmpxchg inside
 * arch_vcpu_should_kick()), then used after it.  The vCPU can migrate in
 * between, so the IPI goes to the old CPU.  KCSAN reported it; maintainers:
 * benign, fixed by reading vcpu->cpu with READ_ONCE after the check.
 */
struct kvm_vcpu {
	int cpu;
	int mode;
};

static inline int vcpu_exiting_guest_mode(struct kvm_vcpu *vcpu)
{
	return cmpxchg(&vcpu->mode, IN_GUEST_MODE, EXITING_GUEST_MODE);
}

bool arch_vcpu_should_kick(struct kvm_vcpu *vcpu)
{
	return vcpu_exiting_guest_mode(vcpu) == IN_GUEST_MODE;
}

void vcpu_load(struct kvm_vcpu *vcpu)
{
	int cpu = get_cpu();

	vcpu->cpu = cpu;
	put_cpu();
}

/* The run loop loads the vCPU on this CPU, then moves it in and out of guest mode. */
static void vcpu_enter_guest(struct kvm_vcpu *vcpu)
{
	smp_store_mb(vcpu->mode, IN_GUEST_MODE);
	kvm_x86_run(vcpu);
	WRITE_ONCE(vcpu->mode, OUTSIDE_GUEST_MODE);
}

int kvm_arch_vcpu_ioctl_run(struct kvm_vcpu *vcpu)
{
	vcpu_load(vcpu);
	vcpu_enter_guest(vcpu);
	return 0;
}

void vcpu_kick(struct kvm_vcpu *vcpu)
{
	int me;
	int cpu = vcpu->cpu;		/* expect: stale-snapshot severity=low confidence=confident */

	if (kvm_vcpu_wake_up(vcpu))
		return;
	me = get_cpu();
	if (cpu != me && (unsigned int)cpu < nr_cpu_ids && cpu_online(cpu))
		if (arch_vcpu_should_kick(vcpu))
			smp_send_reschedule(cpu);
	put_cpu();
}
