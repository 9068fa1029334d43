/* names netdev-notifier-under-rtnl.c uses and does not declare */
#include <stdio.h>
#include <sys/types.h>
struct sk_buff;
struct notifier_block;
#define NETREG_REGISTERED 1
#define NETREG_UNREGISTERING 2
#define NOTIFY_DONE 0
#define NOTIFY_OK 1
#define EINVAL 22
#define __init
#define ASSERT_RTNL() do { } while (0)
struct net_device *netdev_notifier_info_to_dev(void *ptr);
int register_netdevice_notifier(struct notifier_block *nb);
int register_reboot_notifier(struct notifier_block *nb);
void kfree_skb(struct sk_buff *skb);
int rtnl_trylock(void);
void rtnl_unlock(void);
int restart_syscall(void);
