/* names personality-add-disk-under-array-mutex.c uses and does not declare */
#include <sys/types.h>
struct seq_file;
void seq_printf(struct seq_file *m, const char *fmt, ...);
