/* names racing-impact.c uses and does not declare */
struct conn;
struct slot;
struct queue;
void conn_put(struct conn *c);
int slot_start(struct slot *s);
int queue_start(struct queue *q);
void conn_process(struct conn *c);
#ifndef __user
#define __user
#endif
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
int sprintf(char *buf, const char *fmt, ...);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
#ifndef EFAULT
#define EFAULT 14
#endif
