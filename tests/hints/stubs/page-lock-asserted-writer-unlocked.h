/* The page lock's test (include/linux/page-flags.h) on the fixture's own frame type */
struct page_frame;
#define VM_BUG_ON_FOLIO(c, f) do { if (c) __builtin_trap(); } while (0)
int folio_test_locked(struct page_frame *pf);
