/* names framework-lock-through-ops-member.c uses and does not declare */
#define EXPORT_SYMBOL(sym) extern int __export_##sym
