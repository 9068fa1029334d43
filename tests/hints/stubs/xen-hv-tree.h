/* Xen's marked accesses, as the xen-hv-tree fixture's hints write them (xen/include/xen/lib.h, asm/atomic.h) */
#define ACCESS_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define write_atomic(p, v) do { *(volatile __typeof__(*(p)) *)(p) = (v); } while (0)
