/* names lifecycle-phases.c uses and does not declare */
struct xdev;
void drain(struct xdev *x);
void report_count(unsigned int n);
int request_irq(int irq, irqreturn_t (*fn)(int, void *), unsigned long flags, const char *name, void *data);
