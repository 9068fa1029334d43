/* names io-thread-owns-calls.c uses and does not declare */
void *kthread_run(int (*fn)(void *), void *data, const char *fmt, ...);
#define list_first_entry(head, type, member) container_of((head)->next, type, member)
