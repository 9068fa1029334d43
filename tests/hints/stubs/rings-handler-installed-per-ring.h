/* names rings-handler-installed-per-ring.c uses and does not declare */
struct list_head;
void list_add_tail(struct list_head *n, struct list_head *head);
