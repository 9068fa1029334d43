/* names work-writer-vs-ndo-stop.c uses and does not declare */
struct net_device;
struct unet;
void *netdev_priv(struct net_device *dev);
void netif_carrier_off(struct net_device *dev);
int unet_read_link(struct unet *u);
unsigned int unet_read_speed(struct unet *u);
int unet_start_rx(struct unet *u, unsigned int speed);
void unet_stop_rx(struct unet *u);
void rtnl_lock(void);
void rtnl_unlock(void);
