/* names lock-helper-named-like-a-lock.c uses and does not declare */
void spin_lock_irq(spinlock_t *l);
void spin_unlock_irq(spinlock_t *l);
