/* names sched-class-table-macro.c uses and does not declare */
typedef struct { int raw; } raw_spinlock_t;
void raw_spin_lock(raw_spinlock_t *l);
void raw_spin_unlock(raw_spinlock_t *l);
#define __aligned(x) __attribute__((aligned(x)))
#define __section(s) __attribute__((section(s)))
