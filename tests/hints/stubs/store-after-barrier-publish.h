/* Linux's barrier and allocation flag, as store-after-barrier-publish.c uses them (asm/barrier.h, gfp_types.h) */
#define smp_wmb() __asm__ volatile("" ::: "memory")
#define GFP_ATOMIC 1u
