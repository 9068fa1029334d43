/* names check-outcome-in-local.c uses and does not declare */
enum { VCPU_RUNNING = 0, OUTSIDE_GUEST = 0, IN_GUEST = 1 };
struct vcpu;
void enter_guest(struct vcpu *v);
void send_reschedule(int cpu);
