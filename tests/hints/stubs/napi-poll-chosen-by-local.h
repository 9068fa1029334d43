/* names napi-poll-chosen-by-local.c uses and does not declare */
struct napi_struct { int state; };
struct net_device { int ifindex; };
void netif_napi_add(struct net_device *dev, struct napi_struct *napi,
		    int (*poll)(struct napi_struct *, int));
