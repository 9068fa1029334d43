#ifndef _GADGET_BUS_H
#define _GADGET_BUS_H

/* included as "../gadget_bus.h": the file next to the includer */
struct gadget_bus {
	int nr_gadgets;
};

#endif
