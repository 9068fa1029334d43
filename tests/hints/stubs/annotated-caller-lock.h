/* names annotated-caller-lock.c uses and does not declare */
#define __releases(x)
#define __acquires(x)
#define __must_hold(x)
#define EXPORT_SYMBOL_GPL(fn) extern int __export_##fn
struct uctl;
struct uep;
void uctl_complete(struct uep *ep, void *req);
void uctl_start(struct uctl *c, struct uep *ep);
int uctl_ep_index(struct uctl *c);
