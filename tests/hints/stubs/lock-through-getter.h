/* names lock-through-getter.c uses and does not declare */
typedef struct { int raw; } raw_spinlock_t;
void raw_spin_lock(raw_spinlock_t *l);
void raw_spin_unlock(raw_spinlock_t *l);
void lockdep_assert_held(const void *lock);
