/* Linux's RCU vocabulary, as store-after-release-publish.c uses it (include/linux/rcupdate.h) */
#define rcu_dereference_raw(p) READ_ONCE(p)
#define __rcu
