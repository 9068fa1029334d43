/* names writer-helper-one-caller-unlocked.c uses and does not declare */
int schedule_work(struct work_struct *w);
void spin_lock_irq(spinlock_t *l);
void spin_unlock_irq(spinlock_t *l);
void mutex_init(struct mutex *m);
void spin_lock_init(spinlock_t *l);
