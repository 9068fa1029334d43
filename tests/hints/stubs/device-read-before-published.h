/* the fixture's own bus (include/linux/list.h shapes) */
struct list_node;
struct hdev;
struct hdev *hdev_allocate(void);
void list_link(struct list_node *n, struct list_node *head);
struct hdev *first_listed(void);
void apply_quirks(unsigned int q);
#define WARN_ON(c) (c)
