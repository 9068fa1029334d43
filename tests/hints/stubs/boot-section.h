/* Xen's boot-time section and the helpers boot-section.c uses (xen/include/xen/init.h, lib.h) */
#define __init __attribute__((__section__(".init.text")))
#define ASSERT(p) do { if (!(p)) __builtin_trap(); } while (0)
#define read_atomic(p) (*(const volatile __typeof__(*(p)) *)(p))
