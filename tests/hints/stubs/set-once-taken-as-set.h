/* names set-once-taken-as-set.c uses and does not declare */
#ifndef EALREADY
#define EALREADY 114
#endif
struct request;
int queue_push(struct request *rq);
