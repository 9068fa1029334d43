/* OP-TEE's vocabulary, as the optee-tree fixtures use it (core/include/kernel/spinlock.h, wait_queue.h, atomic.h) */
uint32_t cpu_spin_lock_xsave(unsigned int *lock);
void cpu_spin_unlock_xrestore(unsigned int *lock, uint32_t exceptions);
void wq_wait_final();
void wq_wake_next();
void atomic_store_int(int *p, int val);
