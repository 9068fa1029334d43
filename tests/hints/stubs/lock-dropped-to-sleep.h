/* names lock-dropped-to-sleep.c uses and does not declare */
struct journal_root;
typedef struct { int lock; } wait_queue_head_t;
struct wait_queue_entry { int flags; };
#define DEFINE_WAIT(name) struct wait_queue_entry name = { 0 }
#define TASK_UNINTERRUPTIBLE 2
void mutex_init(struct mutex *m);
void prepare_to_wait(wait_queue_head_t *q, struct wait_queue_entry *w, int state);
void finish_wait(wait_queue_head_t *q, struct wait_queue_entry *w);
void schedule(void);
