/* names netdev-ops-under-rtnl.c uses and does not declare */
struct net_device;
struct sk_buff;
struct nic_priv;
struct ethtool_ringparam { unsigned int tx_pending; };
struct timer_list { unsigned long expires; };
typedef int netdev_tx_t;
#define NETDEV_TX_OK 0
#define ENOLINK 67
void *netdev_priv(struct net_device *dev);
void netif_carrier_off(struct net_device *dev);
void netif_stop_queue(struct net_device *dev);
unsigned int nic_ring_space(struct nic_priv *p);
int nic_link_state(struct nic_priv *p);
int nic_alloc_rx(struct nic_priv *p, unsigned int len);
void rtnl_lock(void);
void rtnl_unlock(void);
bool schedule_work(struct work_struct *work);
#define from_timer(var, t, field) container_of(t, __typeof__(*var), field)
void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), unsigned int flags);
