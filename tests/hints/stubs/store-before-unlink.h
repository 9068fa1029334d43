/* names store-before-unlink.c uses and does not declare */
struct list_head {
	struct list_head *next, *prev;
};
extern spinlock_t idle_lock;
void list_del(struct list_head *e);
void list_del_init(struct list_head *e);
