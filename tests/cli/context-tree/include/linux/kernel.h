#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#define BITS_PER_LONG 64
#define BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

void *memset(void *s, int c, unsigned long n);

#endif
