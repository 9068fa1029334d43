/* names work-item-own-helpers.c uses and does not declare */
void *kthread_run(int (*fn)(void *), void *data, const char *fmt, ...);
