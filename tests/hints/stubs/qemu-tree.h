/* QEMU's vocabulary, as qemu-tree/hw/pic.c and migration-state.c use it (include/qemu/main-loop.h, atomic.h of 2016) */
void qemu_mutex_lock_iothread(void);
void qemu_mutex_unlock_iothread(void);
#undef atomic_set
#undef atomic_add
#define atomic_set(p, v) (*(volatile __typeof__(*(p)) *)(p) = (v))
#define atomic_add(p, v) ((void)(*(p) += (v)))
#define atomic_cmpxchg(p, o, n) __sync_val_compare_and_swap((p), (o), (n))
/* ... and atomic_read(&x), as the fix hints write it */
#undef atomic_read
#define atomic_read(p) (*(volatile __typeof__(*(p)) *)(p))
/* include/qemu/bitops.h: set_bit_atomic() an atomic or, test_bit() a plain read */
#undef test_bit
#define set_bit_atomic(nr, addr) ((void)__sync_fetch_and_or((addr) + (nr) / (8 * sizeof(long)), 1UL << ((nr) % (8 * sizeof(long)))))
#define test_bit(nr, addr) ((int)(1UL & ((addr)[(nr) / (8 * sizeof(long))] >> ((nr) % (8 * sizeof(long))))))
