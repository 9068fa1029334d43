/* names rwsem-declared-by-macro-unlocked.c uses and does not declare */
#define DECLARE_RWSEM(name) struct rw_semaphore name = { 0 }
void flush_pending_frees(void);
