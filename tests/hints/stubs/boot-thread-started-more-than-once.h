/* names boot-thread-started-more-than-once.c uses and does not declare */
#define __init
void *kthread_run(int (*fn)(void *), void *data, const char *fmt, ...);
int kthread_should_stop(void);
void schedule(void);
