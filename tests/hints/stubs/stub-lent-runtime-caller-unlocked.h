/* names the fixture's wlan.h uses and does not declare: the queue-lock wrappers take the bottom-half spinlock */
void spin_lock_bh(spinlock_t *l);
void spin_unlock_bh(spinlock_t *l);
