/* Xen's marked accesses, as xen-marked-idioms.c uses them (xen/include/xen/lib.h, asm/atomic.h) */
#define ACCESS_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define read_atomic(p) (*(const volatile __typeof__(*(p)) *)(p))
#define write_atomic(p, v) do { *(volatile __typeof__(*(p)) *)(p) = (v); } while (0)
#define test_and_clear_bool(b) ({ bool __b = (b); (b) = false; __b; })
