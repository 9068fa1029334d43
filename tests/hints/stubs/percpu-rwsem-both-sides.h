/* names percpu-rwsem-both-sides.c uses and does not declare */
struct percpu_rw_semaphore { int count; };
void percpu_down_read(struct percpu_rw_semaphore *s);
void percpu_up_read(struct percpu_rw_semaphore *s);
void percpu_down_write(struct percpu_rw_semaphore *s);
void percpu_up_write(struct percpu_rw_semaphore *s);
