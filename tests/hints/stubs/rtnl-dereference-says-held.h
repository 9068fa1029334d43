/* names rtnl-dereference-says-held.c uses and does not declare */
#define __rcu
#define rtnl_dereference(p) (p)
void rtnl_lock(void);
void rtnl_unlock(void);
