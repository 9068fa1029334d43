/* names napi-poll-own-ring.c uses and does not declare */
struct napi_struct { int state; };
struct net_device { int ifindex; };
struct net_device_ops { int (*ndo_open)(struct net_device *dev); };
void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int));
void netif_napi_add_tx(struct net_device *dev, struct napi_struct *napi,
		       int (*poll)(struct napi_struct *, int));
void *netdev_priv(const struct net_device *dev);
