/* names helper-writer-called-from-setup.c uses and does not declare */
typedef struct { int raw; } rwlock_t;
void rwlock_init(rwlock_t *l);
void read_lock_bh(rwlock_t *l);
void read_unlock_bh(rwlock_t *l);
void write_lock_bh(rwlock_t *l);
void write_unlock_bh(rwlock_t *l);
