/* names release-at-the-end.c uses and does not declare */
typedef struct { int slock; } arch_spinlock_t;
void arch_spin_lock(arch_spinlock_t *l);
void arch_spin_unlock(arch_spinlock_t *l);
int raw_smp_processor_id(void);
void show_task(void *task);
extern void *current;
#define BUG_ON(c) do { if (c) __builtin_trap(); } while (0)
