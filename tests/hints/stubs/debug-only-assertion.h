/* names debug-only-assertion.c uses and does not declare */
struct engine;
#define BUILD_BUG_ON_INVALID(e) ((void)sizeof((long)(e)))
#define BUG_ON(c) do { if (c) __builtin_trap(); } while (0)
#define WARN_ON(c) ({ int __w = !!(c); __w; })
