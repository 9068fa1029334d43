/* QEMU's assertion and atomics of 2016, as qom-finalize-after-last-ref.c uses them (glib, include/qemu/atomic.h) */
#define g_assert(e) do { if (!(e)) __builtin_trap(); } while (0)
#undef atomic_inc
#define atomic_inc(p) ((void)__atomic_fetch_add((p), 1, __ATOMIC_SEQ_CST))
#define atomic_fetch_dec(p) __atomic_fetch_sub((p), 1, __ATOMIC_SEQ_CST)
