/* names guard-class-of-lock-function.c uses and does not declare */
typedef struct { int raw; } raw_spinlock_t;
void raw_spin_lock(raw_spinlock_t *l);
void raw_spin_unlock(raw_spinlock_t *l);
#define raw_spin_lock_irqsave(l, f) do { raw_spin_lock(l); (f) = 0; } while (0)
#define raw_spin_unlock_irqrestore(l, f) do { raw_spin_unlock(l); (void)(f); } while (0)
/* the guard's object: the run queue the constructor locked */
#define CLASS(name, var) struct { struct rq *rq; } var = { 0 }; (void)var; (void)
