/* names callback-handed-to-two-helpers-unlocked.c uses and does not declare */
typedef struct { int raw; } raw_spinlock_t;
void raw_spin_lock(raw_spinlock_t *l);
void raw_spin_unlock(raw_spinlock_t *l);
#define local_irq_save(flags) do { (flags) = 0; } while (0)
#define local_irq_restore(flags) do { (void)(flags); } while (0)
