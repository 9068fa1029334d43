/* names pointer-replaced-read-under-spinlock.c uses and does not declare */
struct rcu_head { void *next; };
struct seq_file;
void call_rcu(struct rcu_head *h, void (*fn)(struct rcu_head *));
void seq_printf(struct seq_file *m, const char *fmt, ...);
