/* The page lock (include/linux/pagemap.h) on the fixture's own frame type */
struct page_frame;
#define VM_BUG_ON_FOLIO(c, f) do { if (c) __builtin_trap(); } while (0)
int folio_test_locked(struct page_frame *pf);
int folio_trylock(struct page_frame *pf);
void folio_unlock(struct page_frame *pf);
