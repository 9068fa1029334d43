/* names tested-then-traced-is-used.c uses and does not declare */
#define pr_debug(fmt, ...) do { if (0) printk(fmt, ##__VA_ARGS__); } while (0)
int printk(const char *fmt, ...);
