/* names callback-lock-helper-other-lock.c uses and does not declare */
typedef struct { int raw; } rwlock_t;
#define GFP_ATOMIC 1u
void *kmalloc(size_t size, unsigned int flags);
void read_lock_bh(rwlock_t *l);
void read_unlock_bh(rwlock_t *l);
void write_lock_bh(rwlock_t *l);
void write_unlock_bh(rwlock_t *l);
