/* names embedded-ops-slot-unlocked.c uses and does not declare */
#define EXPORT_SYMBOL_GPL(fn) extern int __export_##fn
