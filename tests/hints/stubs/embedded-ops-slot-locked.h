/* names embedded-ops-slot-locked.c uses and does not declare */
#define EXPORT_SYMBOL_GPL(fn) extern int __export_##fn
#define lockdep_assert_held(l) ((void)(l))
