/* The fixture's own registration macros: one pastes the reader's name, one takes it as a value. */
#define CNT_DEBUGFS_RO(name) long (*cnt_ro_##name)(struct cnt *) = cnt_dbg_##name##_read
#define CNT_DECLARE_WORK(n, fn) long (*n)(struct cnt *) = fn
