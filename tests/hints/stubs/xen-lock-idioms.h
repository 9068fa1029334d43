/* Xen's locks, as xen-lock-idioms.c uses them (xen/include/xen/spinlock.h, rwlock.h) */
typedef struct { int raw; } percpu_rwlock_t;
typedef struct { int raw; } rspinlock_t;
struct percpu_rwlock_owner { int cpu; };
extern struct percpu_rwlock_owner map_rwlock;
void percpu_read_lock(struct percpu_rwlock_owner owner, percpu_rwlock_t *l);
void percpu_read_unlock(struct percpu_rwlock_owner owner, percpu_rwlock_t *l);
void percpu_write_lock(struct percpu_rwlock_owner owner, percpu_rwlock_t *l);
void percpu_write_unlock(struct percpu_rwlock_owner owner, percpu_rwlock_t *l);
void nrspin_lock(rspinlock_t *l);
void nrspin_unlock(rspinlock_t *l);
bool rspin_is_locked(const rspinlock_t *l);
#define ASSERT(p) do { if (!(p)) __builtin_trap(); } while (0)
