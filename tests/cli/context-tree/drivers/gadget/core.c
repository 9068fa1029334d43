#include <linux/gadget.h>
#include "../gadget_bus.h"

/* clears the array in place: its address is taken, nothing is loaded */
void gadget_reset(struct gadget *g)
{
	memset(g->pending, 0, sizeof(g->pending));
}

void gadget_mark(struct gadget *g, unsigned int n)
{
	set_bit(n, (unsigned long *)&g->pending);
}

/* decides on a state its writers change under g->lock, without the lock */
void gadget_watchdog(struct gadget *g)
{
	if (g->state == GADGET_RUNNING)
		schedule_work(&g->reset_work);
}

int gadget_cycle(struct gadget *g)
{
	gadget_suspend(g);
	return gadget_resume(g);
}
