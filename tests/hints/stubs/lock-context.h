/* names lock-context.c uses and does not declare */
struct sk;
#define port_dereference(p) READ_ONCE(p)
void lock_sock(struct sk *s);
void release_sock(struct sk *s);
#define DEFINE_MUTEX(m) struct mutex m
