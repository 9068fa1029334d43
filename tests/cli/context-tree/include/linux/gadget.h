#ifndef _LINUX_GADGET_H
#define _LINUX_GADGET_H

#include <linux/kernel.h>
#include <linux/spinlock.h>

/*
 * The array member is what a scan of drivers/gadget/ alone cannot see:
 * without this struct, naming g->pending looks like a load of it.
 */
struct gadget {
	spinlock_t lock;
	unsigned long pending[BITS_TO_LONGS(128)];
	int state;	/* written under lock, in lib/gadget.c */
	struct work_struct reset_work;
};

void gadget_suspend(struct gadget *g);
int gadget_resume(struct gadget *g);

#endif
