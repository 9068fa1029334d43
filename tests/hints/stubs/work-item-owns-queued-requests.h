/* names work-item-owns-queued-requests.c uses and does not declare */
struct list_head;
#define DEFINE_SPINLOCK(x) spinlock_t x
#define LIST_HEAD(name) struct list_head name = { &(name), &(name) }
#define list_first_entry(head, type, member) container_of((head)->next, type, member)
int list_empty(const struct list_head *head);
void list_del(struct list_head *entry);
