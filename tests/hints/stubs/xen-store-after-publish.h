/* Xen's vocabulary, as xen-store-after-publish.c uses it (xen/include/xen/lib.h, xmalloc.h, asm/system.h) */
#define read_atomic(p) (*(const volatile __typeof__(*(p)) *)(p))
#define write_atomic(p, v) do { *(volatile __typeof__(*(p)) *)(p) = (v); } while (0)
#define smp_wmb() __asm__ volatile("" ::: "memory")
void *xzalloc_bytes(size_t size);
void spin_lock_init(spinlock_t *l);
