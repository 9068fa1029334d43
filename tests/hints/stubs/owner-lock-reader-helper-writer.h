/* names owner-lock-reader-helper-writer.c uses and does not declare */
struct conn;
typedef struct { int raw; } rwlock_t;
void write_lock_bh(rwlock_t *l);
void write_unlock_bh(rwlock_t *l);
void lock_sock(struct conn *c);
void release_sock(struct conn *c);
