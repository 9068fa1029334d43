/* the fixture's own routes (include/net/dst.h shapes) */
struct route;
struct route *route_alloc(void);
struct route *route_lookup(int key);
int drop_in(void *skb);
int drop_out(void *skb);
int redirect_in(void *skb);
