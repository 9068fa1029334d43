#include <linux/gadget.h>

void gadget_suspend(struct gadget *g)
{
	spin_lock_irq(&g->lock);
	g->state = GADGET_SUSPENDED;
	spin_unlock_irq(&g->lock);
}

int gadget_resume(struct gadget *g)
{
	int ret = -EINVAL;

	spin_lock_irq(&g->lock);
	if (g->state == GADGET_SUSPENDED) {
		g->state = GADGET_RUNNING;
		ret = 0;
	}
	spin_unlock_irq(&g->lock);
	return ret;
}
