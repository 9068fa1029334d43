/* names callee-precondition-check.c uses and does not declare */
struct req;
int hw_enqueue(struct req *r);
void buf_free(void *buf);
void atomic_dec(atomic_t *v);
#ifndef EPERM
#define EPERM 1
#endif
#ifndef EINVAL
#define EINVAL 22
#endif
