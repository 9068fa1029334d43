/* library-tree-two-users/iosched/sorted.c: a lock's initialiser */
void spin_lock_init(spinlock_t *l);
