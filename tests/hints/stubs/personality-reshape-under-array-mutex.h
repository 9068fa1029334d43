/* names personality-reshape-under-array-mutex.c uses and does not declare */
#include <sys/types.h>
#define ENOSPC 28
struct seq_file;
void seq_printf(struct seq_file *m, const char *fmt, ...);
