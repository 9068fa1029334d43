#ifndef _LEGACY_GADGET_BUS_H
#define _LEGACY_GADGET_BUS_H

/*
 * Same base name as drivers/gadget_bus.h: a quoted include that finds its
 * file next to the includer never reads this one.
 */
struct gadget_bus {
	long nr_gadgets;
};

#endif
