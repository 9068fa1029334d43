/* names linux-tree/ uses and does not declare */
#define __private
#define ACCESS_PRIVATE(p, member) ((p)->member)
#define smp_mb__after_unlock_lock() do { } while (0)
#define spin_trylock_irqsave(l, flags) ({ (void)(l); (flags) = 0; 1; })
#define lockdep_assert_held(l) do { (void)(l); } while (0)

/* lib/static-helper-never-called.c's registration macros: one pastes the reader's name, one takes it as a value */
#define CNT_DEBUGFS_RO(name) long (*cnt_ro_##name)(struct cnt *) = cnt_dbg_##name##_read
#define CNT_DECLARE_WORK(n, fn) long (*n)(struct cnt *) = fn
