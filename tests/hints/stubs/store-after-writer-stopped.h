/* names store-after-writer-stopped.c uses and does not declare */
struct timer_list { unsigned long expires; };
bool cancel_work_sync(struct work_struct *w);
bool schedule_work(struct work_struct *w);
int del_timer_sync(struct timer_list *t);
#define timer_setup(t, fn, flags) do { (void)(t); (void)(fn); (void)(flags); } while (0)
#define from_timer(var, t, member) container_of(t, __typeof__(*var), member)
