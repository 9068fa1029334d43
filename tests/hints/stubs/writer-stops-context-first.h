/* names writer-stops-context-first.c uses and does not declare */
struct timer_list { unsigned long expires; };
struct workqueue_struct;
bool cancel_work_sync(struct work_struct *w);
bool schedule_work(struct work_struct *w);
int del_timer_sync(struct timer_list *t);
#define timer_setup(t, fn, flags) do { (void)(t); (void)(fn); (void)(flags); } while (0)
#define from_timer(var, t, member) container_of(t, __typeof__(*var), member)
typedef irqreturn_t (*irq_handler_t)(int irq, void *data);
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev);
const void *free_irq(unsigned int irq, void *dev);
bool cancel_delayed_work_sync(struct delayed_work *w);
