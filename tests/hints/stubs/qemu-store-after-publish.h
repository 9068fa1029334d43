/* QEMU's vocabulary, as qemu-store-after-publish.c uses it (include/qemu/atomic.h of 2016, glib) */
#undef atomic_set
#define atomic_set(p, v) (*(volatile __typeof__(*(p)) *)(p) = (v))
#define atomic_mb_set(p, v) (*(volatile __typeof__(*(p)) *)(p) = (v))
#define atomic_mb_read(p) (*(const volatile __typeof__(*(p)) *)(p))
#define smp_wmb() __asm__ volatile("" ::: "memory")
void *g_malloc0(size_t size);
