/* names chardev-poll-vs-rtnl-writer.c uses and does not declare */
struct net_device;
struct vnic;
struct poll_table_struct;
typedef unsigned int __poll_t;
typedef struct { int lock; } wait_queue_head_t;
struct file { void *private_data; };
#define EPOLLIN 0x1
#define EPOLLERR 0x8
#define EPOLLRDNORM 0x40
#define ENODEV 19
void *netdev_priv(struct net_device *dev);
void netif_start_queue(struct net_device *dev);
void poll_wait(struct file *file, wait_queue_head_t *q, struct poll_table_struct *p);
int vnic_backend_ready(struct vnic *v);
void rtnl_lock(void);
void rtnl_unlock(void);
