/* names ndo-stop-clears-after-timer-stopped.c uses and does not declare */
struct net_device;
struct hk_priv;
struct timer_list { unsigned long expires; };
#define HK_WORK_AGE 0
void *netdev_priv(struct net_device *dev);
void hk_run_pending(struct hk_priv *p);
int del_timer_sync(struct timer_list *t);
void set_bit(long nr, volatile unsigned long *addr);
#define from_timer(var, t, field) container_of(t, __typeof__(*var), field)
void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags);
