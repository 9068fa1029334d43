/* names lifecycle-member/level.c uses and does not declare */
#define __rcu
struct io {
	int dev;
	unsigned long long sector;
	int degraded;
	int old_layout;
};
struct level_log;
struct worker;
void log_io(struct level_log *log, struct io *io);
void wake_worker(struct worker *w);
