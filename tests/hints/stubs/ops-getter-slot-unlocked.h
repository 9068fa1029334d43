/* names ops-getter-slot-unlocked.c uses and does not declare */
void spin_lock_bh(spinlock_t *l);
void spin_unlock_bh(spinlock_t *l);
