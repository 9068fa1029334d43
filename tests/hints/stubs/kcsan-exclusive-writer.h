/* names kcsan-exclusive-writer.c uses and does not declare */
struct rcu_head { void *next; };
#define ASSERT_EXCLUSIVE_WRITER(x) ((void)&(x))
void call_rcu(struct rcu_head *h, void (*fn)(struct rcu_head *));
