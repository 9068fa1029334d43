/* names lock-after-fallible-step.c uses and does not declare */
int mutex_lock_interruptible(struct mutex *m);
