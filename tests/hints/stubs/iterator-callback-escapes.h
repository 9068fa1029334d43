/* names iterator-callback-escapes.c uses and does not declare */
struct list_head { struct list_head *next, *prev; };
#define LIST_HEAD(name) struct list_head name = { &(name), &(name) }
#define DEFINE_MUTEX(name) struct mutex name = { 0 }
enum { BLK_IDLE, BLK_ENABLED };
struct blk;
void blk_hw_on(struct blk *b);
void blk_hw_reset(struct blk *b);
