/* names qdisc-class-walk-under-rtnl.c uses and does not declare */
struct Qdisc;
struct net_device;
struct list_head { struct list_head *next, *prev; };
#define LIST_HEAD(name) struct list_head name = { &(name), &(name) }
struct notifier_block {
	int (*notifier_call)(struct notifier_block *nb, unsigned long event, void *ptr);
};
#define NOTIFY_DONE 0
void *qdisc_priv(struct Qdisc *sch);
struct net_device *netdev_notifier_info_to_dev(const void *info);
unsigned int netdev_lanes(struct net_device *dev);
int register_netdevice_notifier(struct notifier_block *nb);
bool schedule_work(struct work_struct *work);
