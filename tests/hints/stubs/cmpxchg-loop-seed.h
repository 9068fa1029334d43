/* Xen's assertions and marked reads, as cmpxchg-loop-seed.c uses them (xen/include/xen/lib.h, asm/system.h) */
#define ASSERT(p) do { if (!(p)) __builtin_trap(); } while (0)
#define BUG_ON(p) do { if (p) __builtin_trap(); } while (0)
#define read_atomic(p) (*(const volatile __typeof__(*(p)) *)(p))
void cpu_relax(void);
