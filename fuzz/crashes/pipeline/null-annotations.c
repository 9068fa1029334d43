/* Host-private memory read twice: nothing shared, nothing to report. */
struct vcpu_state {
	unsigned long rip;
};

void sync_regs(struct kvm_vcpu *vcpu, struct vcpu_state *st)
{
	unsigned long a = st->rip;
	unsigned long b = st->rip;

	kvm_rip_write(vcpu, a + b);
}
