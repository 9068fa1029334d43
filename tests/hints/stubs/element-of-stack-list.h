/* names element-of-stack-list.c uses and does not declare */
enum { REQ_CLAIMED = 0 };
struct list_head;
struct req;
struct queue;
void transmit(struct req *r, unsigned int len);
void collect_pending(struct list_head *from, struct list_head *to);
