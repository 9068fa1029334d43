/* names callback-in-stack-request-unlocked.c uses and does not declare */
typedef struct { int raw; } raw_spinlock_t;
void raw_spin_lock(raw_spinlock_t *l);
void raw_spin_unlock(raw_spinlock_t *l);
